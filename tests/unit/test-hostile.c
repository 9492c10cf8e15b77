/* test-hostile.c - the library's limits against hostile queries: each
 * limit (query bytes, words, nesting, wildcard expansion, offset, limit)
 * is applied exactly at its documented value, and strange input (every
 * Unicode category, invalid UTF-8, storms of wildcards and operators)
 * gets results or a clear error, never a crash. Limits are counted, never
 * timed. */
#define _GNU_SOURCE
#include "../../searcher/iio.h"
#include "../../indexer/analyze.h"
#include "../../indexer/build.h"
#include "fixture.h"
#include "tap.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#define WILD_WORDS 150 /* distinct words under one prefix, more than IIO_MAX_WILDCARD */

static char tmpdir[] = "/tmp/iio-test-hostile-XXXXXX";

/* The Nth word of the wildcard family: "zwq" and three letters. */
static void family_word(char *out, int n)
{
	sprintf(out, "zwq%c%c%c", 'a' + n / 676 % 26, 'a' + n / 26 % 26, 'a' + n % 26);
}

static void build(const char *dbdir, iio_analyzer *an)
{
	iio_build *b = fixture_open(dbdir, an);
	char id[32], word[16], text[256];
	for (int i = 0; i < WILD_WORDS; i++) {
		family_word(word, i);
		snprintf(id, sizeof id, "w%03d", i);
		snprintf(text, sizeof text, "Een tekst over krimp en leraren met het woord %s erin.", word);
		fixture_add(b, id, "document", word, text, NULL);
	}
	fixture_finish(b);
}

/* Search Q with OPTS (NULL: defaults); returns the status, *total the
 * exact total when it succeeded. */
static iio_status search(iio_index *idx, const char *q, iio_search_options *opts, unsigned long *total)
{
	iio_results *res = NULL;
	iio_search_options o;
	iio_status st;
	if (!opts) {
		iio_search_options_init(&o);
		opts = &o;
	}
	opts->exact_total = 1;
	st = iio_search(&res, idx, q, opts);
	if (total)
		*total = st ? 0 : iio_results_total(res);
	if (!st) {
		/* Whatever came back serializes to valid JSON. */
		char *json = NULL;
		json_t *j;
		if (iio_results_json(&json, res) || !(j = json_loads(json, 0, NULL)))
			st = IIO_ERR_INTERNAL;
		else
			json_decref(j);
		iio_free(json);
	}
	iio_results_free(res);
	return st;
}

/* A query of N copies of UNIT, separated by SEP. */
static char *repeat(const char *unit, const char *sep, size_t n)
{
	size_t ul = strlen(unit), sl = strlen(sep);
	char *s = malloc(n * (ul + sl) + 1), *o = s;
	for (size_t i = 0; i < n; i++) {
		if (i) {
			memcpy(o, sep, sl);
			o += sl;
		}
		memcpy(o, unit, ul);
		o += ul;
	}
	*o = '\0';
	return s;
}

static char *nested(int depth)
{
	char *s = malloc((size_t)depth * 2 + 8);
	memset(s, '(', (size_t)depth);
	strcpy(s + depth, "krimp");
	memset(s + depth + 5, ')', (size_t)depth);
	s[depth * 2 + 5] = '\0';
	return s;
}

/* Query length, words and phrases: up to the limits they run, past them an
 * error that names the limit. */
static void test_sizes(iio_index *idx)
{
	unsigned long total;
	iio_status st;
	char *q;

	/* Query length: IIO_MAX_QUERY_BYTES bytes pass, one more is an error
	 * that names the limit. */
	q = malloc(IIO_MAX_QUERY_BYTES + 2);
	memset(q, ' ', IIO_MAX_QUERY_BYTES + 1);
	memcpy(q, "krimp", 5);
	q[IIO_MAX_QUERY_BYTES] = '\0';
	is_int(search(idx, q, NULL, &total), IIO_OK, "a query of exactly %d bytes runs", IIO_MAX_QUERY_BYTES);
	is_int(total, WILD_WORDS, "and finds every record");
	q[IIO_MAX_QUERY_BYTES] = ' ';
	q[IIO_MAX_QUERY_BYTES + 1] = '\0';
	st = search(idx, q, NULL, NULL);
	is_int(st, IIO_ERR_QUERY, "one byte more is IIO_ERR_QUERY");
	ok(strstr(iio_index_error(idx), "4096") != NULL, "the message names the limit: %s", iio_index_error(idx));
	free(q);

	/* Words: 64 pass, the 65th is an error naming its position. */
	q = repeat("krimp", " ", 64);
	is_int(search(idx, q, NULL, &total), IIO_OK, "64 words run");
	free(q);
	q = repeat("krimp", " ", 65);
	is_int(search(idx, q, NULL, NULL), IIO_ERR_QUERY, "65 words: IIO_ERR_QUERY");
	ok(strstr(iio_index_error(idx), "more than 64 words") && strstr(iio_index_error(idx), "position"),
	   "the message names limit and position: %s", iio_index_error(idx));
	free(q);
	q = repeat("krimp", " ", 700);
	is_int(search(idx, q, NULL, NULL), IIO_ERR_QUERY, "700 words (4199 bytes with the spaces cut): an error");
	free(q);
	/* A phrase of thousands of words is bounded the same way. */
	{
		char *inner = repeat("krimp", " ", 700), *ph = malloc(strlen(inner) + 3);
		sprintf(ph, "\"%s\"", inner);
		ph[IIO_MAX_QUERY_BYTES - 1] = '"';
		ph[IIO_MAX_QUERY_BYTES] = '\0';
		is_int(search(idx, ph, NULL, NULL), IIO_ERR_QUERY, "a phrase of hundreds of words: an error");
		free(inner);
		free(ph);
	}

}

static void test_nesting(iio_index *idx)
{
	unsigned long total;
	char *q;

	/* Nesting: 32 levels pass, 33 are an error, even read leniently. */
	q = nested(32);
	is_int(search(idx, q, NULL, &total), IIO_OK, "parentheses 32 deep run");
	is_int(total, WILD_WORDS, "and find the word inside");
	free(q);
	q = nested(33);
	is_int(search(idx, q, NULL, NULL), IIO_ERR_QUERY, "33 deep: IIO_ERR_QUERY");
	ok(strstr(iio_index_error(idx), "deeper than 32") != NULL, "the message names the limit: %s",
	   iio_index_error(idx));
	free(q);
	q = nested(1500);
	is_int(search(idx, q, NULL, NULL), IIO_ERR_QUERY, "1500 deep: an error, not a stack overflow");
	free(q);
	q = repeat("(", "", 2000);
	is_int(search(idx, q, NULL, NULL), IIO_ERR_QUERY, "2000 unclosed parentheses: an error");
	free(q);

}

static void test_wildcards(iio_index *idx)
{
	unsigned long total;
	char *q;

	/* Wildcards: one prefix expands to the IIO_MAX_WILDCARD most frequent
	 * words, not to all 150; a storm of prefixes still answers. */
	is_int(search(idx, "zwq*", NULL, &total), IIO_OK, "zwq* runs");
	is_int(total, IIO_MAX_WILDCARD, "zwq* matches %d records, not %d: the expansion is capped",
	       IIO_MAX_WILDCARD, WILD_WORDS);
	is_int(search(idx, "zwqaa*", NULL, &total), IIO_OK, "zwqaa* runs");
	is_int(total, 26, "a narrower prefix under the cap matches all its words");
	q = repeat("zwq*", " ", 64);
	is_int(search(idx, q, NULL, &total), IIO_OK, "64 copies of zwq* run");
	free(q);
	{
		char storm[65 * 4 + 1] = "", one[5];
		for (int i = 0; i < 64; i++) {
			snprintf(one, sizeof one, "%c%c* ", 'a' + i / 26 % 26, 'a' + i % 26);
			strcat(storm, one);
		}
		is_int(search(idx, storm, NULL, &total), IIO_OK, "aa* ab* ac* ... (64 prefixes) runs");
		strcat(storm, "zw*");
		is_int(search(idx, storm, NULL, NULL), IIO_ERR_QUERY, "a 65th prefix: IIO_ERR_QUERY");
		ok(strstr(iio_index_error(idx), "more than 64 words") != NULL, "the message names the limit: %s",
		   iio_index_error(idx));
		q = repeat("k*", " ", 64);
		is_int(search(idx, q, NULL, &total), IIO_OK, "64 one-letter prefixes (read as words) run");
		free(q);
		is_int(search(idx, "*", NULL, NULL) == IIO_OK || search(idx, "*", NULL, NULL) == IIO_ERR_QUERY, 1,
		       "a lone * is a result or an error");
	}

}

/* The result window and the filter are bounded like the query. */
static void test_window(iio_index *idx)
{
	iio_search_options o;
	unsigned long total;
	char *q;

	/* The result window. */
	iio_search_options_init(&o);
	o.offset = IIO_MAX_OFFSET;
	is_int(search(idx, "krimp", &o, &total), IIO_OK, "offset %d runs", IIO_MAX_OFFSET);
	o.offset = IIO_MAX_OFFSET + 1;
	is_int(search(idx, "krimp", &o, NULL), IIO_ERR_ARGUMENT, "offset %d: IIO_ERR_ARGUMENT", IIO_MAX_OFFSET + 1);
	ok(strstr(iio_index_error(idx), "100000") != NULL, "the message names the limit: %s", iio_index_error(idx));
	o.offset = (unsigned long)-1;
	is_int(search(idx, "krimp", &o, NULL), IIO_ERR_ARGUMENT, "offset ULONG_MAX: IIO_ERR_ARGUMENT");
	iio_search_options_init(&o);
	o.limit = IIO_MAX_LIMIT;
	is_int(search(idx, "krimp", &o, &total), IIO_OK, "limit %d runs", IIO_MAX_LIMIT);
	o.limit = IIO_MAX_LIMIT + 1;
	is_int(search(idx, "krimp", &o, NULL), IIO_ERR_ARGUMENT, "limit %d: IIO_ERR_ARGUMENT", IIO_MAX_LIMIT + 1);
	o.limit = (unsigned)-1;
	is_int(search(idx, "krimp", &o, NULL), IIO_ERR_ARGUMENT, "limit UINT_MAX: IIO_ERR_ARGUMENT");

	/* A filter is bounded like a query. */
	iio_search_options_init(&o);
	q = repeat("type:document", " ", 400);
	o.filter = q;
	is_int(search(idx, "krimp", &o, NULL), IIO_ERR_QUERY, "a 5 KiB filter: IIO_ERR_QUERY");
	free(q);

}

/* Invalid UTF-8 and every Unicode general category. */
static void test_unicode(iio_index *idx)
{
	iio_status st;

	/* Invalid UTF-8: an error naming the byte. */
	is_int(search(idx, "krimp \xff\xfe", NULL, NULL), IIO_ERR_QUERY, "invalid UTF-8: IIO_ERR_QUERY");
	ok(strstr(iio_index_error(idx), "byte 7") != NULL, "the message names the byte: %s", iio_index_error(idx));
	is_int(search(idx, "\xed\xa0\x80", NULL, NULL), IIO_ERR_QUERY, "an encoded surrogate: IIO_ERR_QUERY");
	is_int(search(idx, "\xc0\xaf", NULL, NULL), IIO_ERR_QUERY, "an overlong encoding: IIO_ERR_QUERY");

	/* Every Unicode general category: the first few code points of each,
	 * alone and inside words, get results or a query error. */
	{
		int seen[40] = {0}, crashed = 0, tried = 0, errors = 0;
		for (utf8proc_int32_t cp = 1; cp <= 0x10FFFF; cp++) {
			utf8proc_category_t cat = utf8proc_category(cp);
			utf8proc_uint8_t enc[8];
			utf8proc_ssize_t n;
			char buf[64];
			if (cat < 0 || cat >= 40 || seen[cat] >= 3 || (cp >= 0xD800 && cp <= 0xDFFF))
				continue;
			seen[cat]++;
			n = utf8proc_encode_char(cp, enc);
			enc[n] = '\0';
			snprintf(buf, sizeof buf, "%s", (char *)enc);
			st = search(idx, buf, NULL, NULL);
			tried++;
			errors += st == IIO_ERR_QUERY;
			crashed += st != IIO_OK && st != IIO_ERR_QUERY;
			snprintf(buf, sizeof buf, "kr%simp leraren%s \"%s krimp\"", (char *)enc, (char *)enc, (char *)enc);
			st = search(idx, buf, NULL, NULL);
			tried++;
			crashed += st != IIO_OK && st != IIO_ERR_QUERY;
		}
		ok(tried >= 150, "%d queries over every general category", tried);
		is_int(crashed, 0, "each answered with results or a query error (%d errors: empty queries)", errors);
	}

}

int main(void)
{
	char dbdir[512];
	iio_analyzer *an = NULL;
	iio_index *idx = NULL;

	fixture_start(tmpdir, dbdir, sizeof dbdir, &an);
	build(dbdir, an);
	if (iio_index_open_with(&idx, dbdir, getenv("IIO_LEXICON"))) {
		printf("Bail out! %s\n", iio_index_error(idx));
		return 1;
	}

	test_sizes(idx);
	test_nesting(idx);
	test_wildcards(idx);
	test_window(idx);
	test_unicode(idx);
	iio_index_close(idx);
	iio_analyzer_close(an);
	tap_remove_tree(tmpdir);
	return done_testing();
}
