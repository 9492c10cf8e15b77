/* test-library.c - libiiosearch through its public API (iio.h), on a
 * fixture index built in-process with the indexer's own code. */
#define _GNU_SOURCE
#include "../../searcher/iio.h"
#include "../../indexer/analyze.h"
#include "../../indexer/build.h"
#include "../../shim/xs.h"
#include "tap.h"
#include "fixture.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/iio-test-library-XXXXXX";

static void add(iio_build *b, const char *id, const char *type, const char *title, const char *text)
{
	fixture_add(b, id, type, title, text, json_pack("{s:s}", "place", "Nagele"));
}

/* The text of hit I with its marks shown as [..]. */
static const char *marked(const iio_hit *h)
{
	static char buf[2048];
	size_t i, m = 0, o = 0;
	for (i = 0; h->snippet[i] && o < sizeof buf - 3; i++) {
		if (m < h->nmarks && i == h->marks[2 * m])
			buf[o++] = '[';
		buf[o++] = h->snippet[i];
		if (m < h->nmarks && i + 1 == h->marks[2 * m + 1]) {
			buf[o++] = ']';
			m++;
		}
	}
	buf[o] = '\0';
	return buf;
}

static iio_results *search(iio_index *idx, const char *q, iio_status *st)
{
	iio_results *res = NULL;
	*st = iio_search(&res, idx, q, NULL);
	return res;
}

/* The fixture: its directory, the analyzer it was built with, the index. */
static char dbdir[512];
static iio_analyzer *analyzer;
static iio_index *idx;

/* Checks that the query Q lists WANT results from the fixture index. */
static void is_count(const char *q, size_t want, const char *what)
{
	iio_status st;
	iio_results *res = search(idx, q, &st);
	is_int(iio_results_count(res), want, "%s", what);
	iio_results_free(res);
}

/* The fixture index, built from four records. 0, or 1 after a bail-out. */
static int setup(void)
{
	iio_build *b;

	/* make check sets IIO_LEXICON: the library finds it there too. */
	fixture_start(tmpdir, dbdir, sizeof dbdir, &analyzer);
	b = fixture_open(dbdir, analyzer);
	add(b, "krimp", "document", "Krimp in de regio",
	    "Scholen hebben te maken met leerlingenkrimp. Minder leerlingen betekent\n\n  minder leraren <en> "
	    "keuzes & \"zorgen\".");
	add(b, "tekort", "case", "Het lerarentekort", "Er is een tekort aan leraren in de grote steden.");
	add(b, "creeren", "case", "Ruimte creëren", "Scholen creëren ruimte voor innovatie.");
	add(b, "lang", "document", "Een lange tekst",
	    "Begin van de tekst. Dit stuk gaat over iets anders dan het onderwerp. Veel woorden staan hier zonder "
	    "verband met de vraag, alleen om ruimte te vullen zodat het venster moet kiezen. Pas aan het einde "
	    "komt het woord innovatie en direct daarna nog eens innovatie en vernieuwing samen.");
	fixture_finish(b);
	return 0;
}

/* Opening. */
static void test_opening(void)
{
	iio_status st;

	st = iio_index_open(&idx, "/nonexistent/iio-index");
	is_int(st, IIO_ERR_NO_INDEX, "missing index: IIO_ERR_NO_INDEX");
	ok(idx && strstr(iio_index_error(idx), "/nonexistent/iio-index"), "message names the path: %s",
	   iio_index_error(idx));
	iio_index_close(idx);
	st = iio_index_open(&idx, NULL);
	is_int(st, IIO_ERR_ARGUMENT, "NULL path: IIO_ERR_ARGUMENT");
	iio_index_close(idx);
	{
		/* A Xapian database iio-index did not build. */
		char foreign[512];
		xs_wdb *w;
		snprintf(foreign, sizeof foreign, "%s/foreign", tmpdir);
		xs_wdb_open(&w, foreign, XS_CREATE, NULL);
		xs_wdb_set_metadata(w, IIO_META_ANALYZER, "iio-analyzer-0", 14);
		xs_wdb_close(w);
		st = iio_index_open_with(&idx, foreign, getenv("IIO_LEXICON"));
		is_int(st, IIO_ERR_INDEX_VERSION, "other analyzer version: IIO_ERR_INDEX_VERSION");
		ok(strstr(iio_index_error(idx), "rebuild") != NULL, "message asks for a rebuild: %s",
		   iio_index_error(idx));
		iio_index_close(idx);
	}
	/* The library reads no environment: $IIO_LEXICON is the programs' to
	 * pass on, so a lexicon named only there is never opened. */
	{
		char *was = getenv("IIO_LEXICON") ? strdup(getenv("IIO_LEXICON")) : NULL;
		setenv("IIO_LEXICON", "/nonexistent/env-lexicon.lex", 1);
		st = iio_index_open(&idx, dbdir);
		ok(!strstr(iio_index_error(idx), "env-lexicon"), "the library does not read $IIO_LEXICON (%s)",
		   st ? iio_index_error(idx) : "the installed lexicon opened");
		iio_index_close(idx);
		if (was)
			setenv("IIO_LEXICON", was, 1);
		free(was);
	}
	st = iio_index_open_with(&idx, dbdir, getenv("IIO_LEXICON"));
	is_int(st, IIO_OK, "open the fixture index");
	is_int(iio_index_count(idx), 4, "four records");
}

/* Words are all required; the snippet marks them. */
static void test_required(void)
{
	iio_status st;
	iio_results *res;
	const iio_hit *h;

	res = search(idx, "leerlingenkrimp", &st);
	is_int(st, IIO_OK, "search");
	is_int(iio_results_count(res), 1, "one hit for leerlingenkrimp");
	h = iio_results_hit(res, 0);
	is_str(h->id, "krimp", "the right record");
	is_int(h->rank, 1, "rank 1");
	ok(h->score > 0, "a positive score");
	is_str(h->fields_json, "{\"place\":\"Nagele\"}", "fields as JSON");
	ok(strstr(marked(h), "[leerlingenkrimp]") != NULL, "match marked: %s", marked(h));
	ok(strstr(h->snippet, "\n") == NULL && strstr(h->snippet, "  ") == NULL, "whitespace collapsed: %s",
	   h->snippet);
	is_int(iio_results_total(res), 1, "total 1");
	ok(iio_results_total_exact(res), "total exact");
	ok(!iio_results_relaxed(res), "not relaxed");
	ok(iio_results_hit(res, 1) == NULL, "no second hit");
	{
		char *json;
		json_t *o;
		is_int(iio_results_json(&json, res), IIO_OK, "results as JSON");
		o = json_loads(json, 0, NULL);
		ok(o != NULL, "valid JSON");
		ok(strstr(json, "<mark>leerlingenkrimp</mark>") != NULL, "JSON snippet has <mark>");
		ok(strstr(json, "&lt;en&gt;") != NULL && strstr(json, "&amp;") != NULL &&
		   strstr(json, "&quot;zorgen&quot;") != NULL, "JSON snippet is HTML-escaped");
		{
			const char *keys[] = {"query", "total", "total_exact", "relaxed", "corrected", "offset", "limit",
					      "took_ms", "suggestion", "results", "facets"};
			const char *rkeys[] = {"rank", "id", "type", "title", "url", "source", "score", "snippet", "fields"};
			size_t i;
			int all = 1;
			for (i = 0; i < sizeof keys / sizeof *keys; i++)
				all &= json_object_get(o, keys[i]) != NULL;
			ok(all, "every top-level key present");
			all = 1;
			for (i = 0; i < sizeof rkeys / sizeof *rkeys; i++)
				all &= json_object_get(json_array_get(json_object_get(o, "results"), 0), rkeys[i]) != NULL;
			ok(all, "every result key present");
			ok(json_is_null(json_object_get(json_array_get(json_object_get(o, "results"), 0), "url")),
			   "url is null when there is none");
		}
		json_decref(o);
		iio_free(json);
	}
	iio_results_free(res);
}

/* Diacritics: the query without them finds and lights up the original. */
static void test_diacritics(void)
{
	iio_status st;
	iio_results *res;

	res = search(idx, "creeren", &st);
	is_int(iio_results_count(res), 1, "creeren finds creëren");
	ok(strstr(marked(iio_results_hit(res, 0)), "[creëren]") != NULL, "creëren marked: %s",
	   marked(iio_results_hit(res, 0)));
	iio_results_free(res);
}

/* Best match: records with every word first, then those lacking some,
 * each saying what it lacks; +word and all_words require. */
static void test_relaxed(void)
{
	iio_status st;
	iio_results *res;
	iio_search_options o;
	const iio_hit *h;

	/* "tekort" holds both words; the leerlingenkrimp record only leraren. */
	res = search(idx, "leraren steden", &st);
	is_int(iio_results_count(res), 2, "best match: the record with both words and the one with leraren");
	h = iio_results_hit(res, 0);
	is_str(h->id, "tekort", "the record holding every word ranks first");
	is_int(h->nmissing, 0, "... and lacks nothing");
	h = iio_results_hit(res, 1);
	is_int(h->nmissing, 1, "the next lacks one word");
	is_str(h->nmissing ? h->missing[0] : "", "steden", "... named as typed");
	ok(iio_results_relaxed(res), "a listed result lacks a word: relaxed");
	iio_results_free(res);

	iio_search_options_init(&o);
	o.all_words = 1;
	st = iio_search(&res, idx, "leraren steden", &o);
	is_int(iio_results_count(res), 1, "all_words: only the record with both");
	ok(!iio_results_relaxed(res), "all_words: not relaxed");
	iio_results_free(res);
	st = iio_search(&res, idx, "leraren xyzzy", &o);
	is_int(iio_results_count(res), 0, "all_words: no record has both, nothing listed");
	iio_results_free(res);

	is_count("+steden leraren", 1, "+steden: only records holding steden");
	is_count("leraren +xyzzy", 0, "+xyzzy: no record holds it, nothing listed");

	res = search(idx, "waarom leraren steden", &st);
	h = iio_results_count(res) > 1 ? iio_results_hit(res, 1) : NULL;
	is_int(h ? h->nmissing : 99, 1, "a question word is never missing");
	iio_results_free(res);

	res = search(idx, "leraren xyzzy", &st);
	ok(iio_results_relaxed(res), "no record has both: relaxed");
	is_int(iio_results_count(res), 2, "best match finds the records with leraren");
	iio_results_free(res);
	res = search(idx, "xyzzy", &st);
	is_int(st, IIO_OK, "no match is not an error");
	is_int(iio_results_count(res), 0, "no match: zero hits");
	is_int(iio_results_total(res), 0, "no match: total 0");
	iio_results_free(res);
}

/* Phrases and exclusion. */
static void test_phrases(void)
{
	iio_status st;
	iio_results *res;

	is_count("\"tekort aan leraren\"", 1, "phrase in order matches");
	is_count("\"leraren aan tekort\"", 0, "phrase out of order does not");
	res = search(idx, "scholen -leerlingenkrimp", &st);
	is_int(iio_results_count(res), 1, "exclusion removes a record");
	is_str(iio_results_hit(res, 0)->id, "creeren", "the other one stays");
	iio_results_free(res);
	is_count("\"tekort aan", 1, "unclosed quote: phrase to the end");
	is_count("- tekort", 1, "a lone '-' is ignored");
}

/* The snippet window goes where the matches are. */
static void test_snippet_window(void)
{
	iio_status st;
	iio_results *res;
	const iio_hit *h;

	{
		iio_search_options o;
		iio_search_options_init(&o);
		o.snippet_chars = 80;
		st = iio_search(&res, idx, "innovatie vernieuwing", &o);
		is_int(st, IIO_OK, "a search with 80-character snippets");
		h = iio_results_hit(res, 0);
		is_str(h->id, "lang", "long document found");
		ok(strstr(marked(h), "[innovatie] en [vernieuwing]") != NULL, "best window holds both terms: %s",
		   marked(h));
		ok(strncmp(h->snippet, "\xe2\x80\xa6", 3) == 0, "a cut start shows an ellipsis");
		ok(strlen(h->snippet) < 140, "window about 80 characters (%zu bytes)", strlen(h->snippet));
		iio_results_free(res);
	}
}

/* Paging, facets, limits. */
static void test_paging(void)
{
	iio_status st;
	iio_results *res;

	{
		iio_search_options o;
		unsigned long n = 0;
		iio_search_options_init(&o);
		o.limit = 1;
		o.offset = 1;
		o.facets = 1;
		o.exact_total = 1;
		st = iio_search(&res, idx, "scholen", &o);
		is_int(st, IIO_OK, "paged search");
		is_int(iio_results_count(res), 1, "limit 1");
		is_int(iio_results_hit(res, 0)->rank, 2, "rank counts the offset");
		is_int(iio_results_total(res), 2, "total counts all matches");
		is_int(iio_results_facet_count(res, "type"), 2, "two type facet values");
		ok(iio_results_facet_value(res, "type", 0, &n) && n == 1, "facet count");
		iio_results_free(res);
		o.limit = IIO_MAX_LIMIT + 1;
		o.offset = 0;
		st = iio_search(&res, idx, "scholen", &o);
		is_int(st, IIO_ERR_ARGUMENT, "limit above the maximum: IIO_ERR_ARGUMENT");
		ok(res == NULL, "no results object on error");
		o.limit = 10;
		o.version = 99;
		st = iio_search(&res, idx, "scholen", &o);
		is_int(st, IIO_ERR_ARGUMENT, "unknown options version: IIO_ERR_ARGUMENT");
	}
}

/* Queries that cannot run. */
static void test_bad_queries(void)
{
	iio_status st;
	iio_results *res;

	res = search(idx, "", &st);
	ok(res == NULL, "a query that cannot run gives no results");
	is_int(st, IIO_ERR_QUERY, "empty query: IIO_ERR_QUERY");
	ok(strlen(iio_index_error(idx)) > 0, "message: %s", iio_index_error(idx));
	res = search(idx, "?! ...", &st);
	is_int(st, IIO_ERR_QUERY, "punctuation only: IIO_ERR_QUERY");
	res = search(idx, "-leraren", &st);
	is_int(st, IIO_ERR_QUERY, "only an exclusion: IIO_ERR_QUERY");
	ok(strstr(iio_index_error(idx), "exclude") != NULL, "message says why: %s", iio_index_error(idx));
	{
		char big[IIO_MAX_QUERY_BYTES + 10];
		memset(big, 'a', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		res = search(idx, big, &st);
		is_int(st, IIO_ERR_QUERY, "overlong query: IIO_ERR_QUERY");
		ok(strstr(iio_index_error(idx), "limit") != NULL, "message names the limit: %s", iio_index_error(idx));
		for (size_t i = 0; i < 200; i++) {
			big[2 * i] = 'w';
			big[2 * i + 1] = ' ';
		}
		big[400] = '\0';
		res = search(idx, big, &st);
		is_int(st, IIO_ERR_QUERY, "200 words: IIO_ERR_QUERY");
	}
}

/* Version-2 options: filters, strict parsing, explain; and similar. */
static void test_options_v2(void)
{
	iio_status st;
	iio_results *res;

	{
		iio_search_options o;
		char *json = NULL;
		iio_search_options_init(&o);
		is_int(o.version, IIO_SEARCH_OPTIONS_VERSION, "options_init sets the current version");
		o.filter = "type:case";
		st = iio_search(&res, idx, "scholen", &o);
		is_int(st, IIO_OK, "search with a filter");
		is_int(iio_results_count(res), 1, "the filter keeps the case only");
		is_str(iio_results_hit(res, 0)->type, "case", "... of type case");
		iio_results_free(res);
		st = iio_search(&res, idx, "", &o);
		is_int(st, IIO_OK, "a filter without words");
		is_int(iio_results_count(res), 2, "lists every record that passes");
		iio_results_free(res);
		o.filter = NULL;
		o.strict = 1;
		st = iio_search(&res, idx, "(scholen", &o);
		is_int(st, IIO_ERR_QUERY, "strict: an unclosed parenthesis is an error");
		ok(strstr(iio_index_error(idx), "position 1") != NULL, "... at its position: %s", iio_index_error(idx));
		o.strict = 0;
		st = iio_search(&res, idx, "(scholen", &o);
		is_int(st, IIO_OK, "lenient: the same query searches");
		iio_results_free(res);
		o.explain = 1;
		st = iio_search(&res, idx, "leerlingenkrimp", &o);
		ok(st == IIO_OK && iio_results_hit(res, 0)->explain_json &&
		   strstr(iio_results_hit(res, 0)->explain_json, "\"term\":\"leerlingenkrimp\""),
		   "explain names the matched term: %s", st ? "" : iio_results_hit(res, 0)->explain_json);
		iio_results_free(res);
		o.explain = 0;
		st = iio_search(&res, idx, "tekort OR krimp", &o);
		is_int(iio_results_count(res), 2, "OR");
		iio_results_free(res);
		st = iio_search(&res, idx, "leerlingenkrmp", &o);
		is_str(st ? NULL : iio_results_suggestion(res), "leerlingenkrimp", "a spelling suggestion");
		iio_results_free(res);
		st = iio_similar(&res, idx, "krimp", NULL);
		is_int(st, IIO_OK, "iio_similar");
		ok(iio_results_count(res) >= 1 && strcmp(iio_results_hit(res, 0)->id, "krimp"), "similar leaves the record out");
		iio_results_free(res);
		is_int(iio_similar(&res, idx, "nope", NULL), IIO_ERR_NOT_FOUND, "similar of an unknown id: IIO_ERR_NOT_FOUND");
		is_int(iio_suggest_json(&json, idx, "leerl", 5), IIO_OK, "iio_suggest_json");
		ok(json && strstr(json, "\"text\":\"leerlingen\""), "completes leerl: %s", json ? json : "");
		iio_free(json);
		is_int(iio_suggest_json(&json, idx, "leerl", 0), IIO_ERR_ARGUMENT, "suggest needs 1 to 50");
	}
}

/* Showing a record. */
static void test_show(void)
{
	iio_status st;

	{
		iio_record_view *rec;
		char *json;
		st = iio_show(&rec, idx, "tekort");
		is_int(st, IIO_OK, "show");
		is_str(iio_record_title(rec), "Het lerarentekort", "its title");
		ok(strstr(iio_record_text(rec), "tekort aan leraren") != NULL, "its full text");
		ok(iio_record_url(rec) == NULL, "no url");
		is_int(iio_record_json(&json, rec), IIO_OK, "record JSON");
		ok(strncmp(json, "{\"id\":\"tekort\",\"type\":\"case\",\"title\"", 36) == 0, "keys in order: %.60s", json);
		iio_free(json);
		is_int((int)iio_record_members(rec), 0, "a case alone has no members");
		ok(iio_record_member(rec, 0, NULL, NULL) == NULL, "... none to read");
		is_int(iio_highlight_html(&json, idx, "leraren", iio_record_text(rec), strlen(iio_record_text(rec))), IIO_OK,
		       "iio_highlight_html");
		ok(json && strstr(json, "<mark>leraren</mark>") && !strstr(json, "\xe2\x80\xa6") && !strncmp(json, "<p>", 3),
		   "the whole text as paragraphs, the query's words marked: %s", json ? json : "");
		iio_free(json);
		is_int(iio_highlight_html(&json, idx, "x", "<b>&", 4), IIO_OK, "a text with markup");
		is_str(json, "<p>&lt;b&gt;&amp;</p>\n", "... is escaped");
		iio_free(json);
		is_int(iio_highlight_html(&json, idx, "krimp", "een krimp\n\ntwee", 15), IIO_OK, "two paragraphs");
		is_str(json, "<p>een <mark>krimp</mark></p>\n<p>twee</p>\n", "... each a <p>, the word marked once parsed");
		iio_free(json);
		iio_record_free(rec);
		st = iio_show(&rec, idx, "nope");
		is_int(st, IIO_ERR_NOT_FOUND, "unknown id: IIO_ERR_NOT_FOUND");
		st = iio_show(&rec, idx, "tekort");
		ok(!iio_record_text_truncated(rec) && iio_record_text_length(rec) == strlen(iio_record_text(rec)),
		   "a short text is whole: not truncated, its length the text's");
		is_int(iio_record_json(&json, rec), IIO_OK, "... its JSON");
		ok(!strstr(json, "text_truncated"), "... says nothing of cutting");
		iio_free(json);
		iio_record_free(rec);
	}
	{
		/* What a URL path can make of an id: never a directory, never cut. */
		static const char *const bad[] = {".", "..", "a/b", "Tekort", "tekort\n", ""};
		iio_record_view *rec = NULL;
		iio_results *res = NULL;
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			st = iio_show(&rec, idx, bad[i]);
			ok(st == IIO_ERR_ARGUMENT && strstr(iio_index_error(idx), "is not a record id"),
			   "iio_show('%s'): IIO_ERR_ARGUMENT, not a record id (%s)", bad[i], iio_index_error(idx));
		}
		ok(iio_similar(&res, idx, "..", NULL) == IIO_ERR_ARGUMENT, "iio_similar('..'): IIO_ERR_ARGUMENT");
	}
	is_str(iio_strerror(IIO_ERR_INDEX_VERSION), "index built by another analyzer version", "iio_strerror");
}

/* Each group runs on what the ones before it left: the opening group ends
 * with the fixture index open. */
int main(void)
{
	if (setup())
		return 1;
	subtest("opening", test_opening);
	subtest("every word required, marked in the snippet", test_required);
	subtest("diacritics", test_diacritics);
	subtest("best match", test_relaxed);
	subtest("phrases and exclusion", test_phrases);
	subtest("the snippet window", test_snippet_window);
	subtest("paging, facets, limits", test_paging);
	subtest("queries that cannot run", test_bad_queries);
	subtest("version-2 options and similar", test_options_v2);
	subtest("showing a record", test_show);
	iio_index_close(idx);
	iio_analyzer_close(analyzer);

	tap_remove_tree(tmpdir);
	return done_testing();
}
