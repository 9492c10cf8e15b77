/* iio.h - libiiosearch, the search library of iio-search.
 *
 * Search the IIO knowledge base from C: open an index, run a query, walk
 * the ranked results with their snippets, show a record, render JSON. The
 * command-line tool, the HTTP server and the CGI program are built on this
 * header alone.
 *
 * Conventions
 *  - Every function that can fail returns iio_status; IIO_OK is 0. Status
 *    values are only ever added, never renumbered. iio_strerror() names them.
 *  - Out-parameters come first. An object returned through `**out` belongs
 *    to the caller and is released with the matching *_free / *_close.
 *    Pointers returned by getters live as long as the object they came from.
 *  - A failing call on an index leaves a message on the handle
 *    (iio_index_error()), valid until the next call on that handle.
 *  - Threads: an iio_index handle must not be used by two threads at once;
 *    open one per thread (they are cheap) or guard one with a mutex. Results
 *    and records are independent of their index once returned. The library
 *    keeps no global mutable state and never prints or exits.
 *  - Strings are UTF-8 and NUL-terminated.
 *
 * This header compiles as C89 and as C++.
 */
#ifndef IIO_H
#define IIO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IIO_VERSION_STRING "0.1.0"

typedef enum iio_status {
	IIO_OK = 0,
	IIO_ERR_NOMEM = 1,        /* out of memory */
	IIO_ERR_ARGUMENT = 2,     /* a bad argument (NULL, out of range) */
	IIO_ERR_NO_INDEX = 3,     /* no index at the path */
	IIO_ERR_INDEX = 4,        /* the index cannot be read (damaged, locked, I/O) */
	IIO_ERR_INDEX_VERSION = 5,/* built by another analyzer version: rebuild it */
	IIO_ERR_QUERY = 6,        /* the query cannot be run (e.g. empty) */
	IIO_ERR_NOT_FOUND = 7,    /* no record with that id */
	IIO_ERR_INTERNAL = 8      /* a bug: please report it */
} iio_status;

/* A short English description of STATUS. Never NULL, never to be freed. */
const char *iio_strerror(iio_status status);

/* The library version ("0.1.0"). */
const char *iio_version(void);

/* Release memory the library gave to the caller as a plain string. */
void iio_free(void *p);

/* ---- an open index ---- */
typedef struct iio_index iio_index;

/* Open the index at PATH: an index root built by iio-index (the live
 * generation is followed), or any Xapian database directory or stub file.
 * On failure *out is still set to a handle that carries the message (read
 * it with iio_index_error(), then iio_index_close() it), unless memory ran
 * out, when *out is NULL. */
iio_status iio_index_open(iio_index **out, const char *path);

/* iio_index_open with LEXICON, the compiled lexicon to analyze queries
 * with, before the one the index names or holds and the installed one
 * (NULL: those). The library reads no environment: a program that honours
 * $IIO_LEXICON passes it here. */
iio_status iio_index_open_with(iio_index **out, const char *path, const char *lexicon);

/* A handle with the analyzer alone, no index: for iio_analyze_json when
 * there is no index at hand. LEXICON is the compiled lexicon to use; NULL
 * for the installed one. Searching such a handle fails
 * with IIO_ERR_ARGUMENT. On failure as iio_index_open. */
iio_status iio_index_open_lexicon(iio_index **out, const char *lexicon);

/* Close and free; NULL is fine. */
void iio_index_close(iio_index *idx);

/* The message of the last failure on IDX ("" if none). */
const char *iio_index_error(const iio_index *idx);

/* Number of records in the index (0 on error). */
unsigned long iio_index_count(iio_index *idx);

/* Is IDX still the live generation of its index root? 0 when iio-index
 * has since switched `current` to a new one: a long-running program (a
 * web server) then opens the path again and closes the old handle once
 * its requests are done. Always 1 for a plain database or stub. */
int iio_index_is_current(iio_index *idx);

/* The generation IDX serves ("gen-0007"), or "" for a plain database. */
const char *iio_index_generation(const iio_index *idx);

/* Check the files of IDX's database against the manifest iio-index wrote
 * when it published that generation: each file there, with its size, and
 * with CHECKSUMS also its CRC-32 (this reads every byte: tens of
 * milliseconds for the bundled corpus; a server does it once per
 * generation). iio_index_open already checks presence and sizes. Returns
 * IIO_OK (also when there is no manifest: a database iio-index did not
 * publish), or IIO_ERR_INDEX with iio_index_error() naming the first file
 * that differs. Glass tables have no checksums of their own: bytes changed
 * in place are found with CHECKSUMS, or without when the file's
 * modification time is later than the manifest's (a published generation
 * is never written again), which the check then reads. */
iio_status iio_index_verify(iio_index *idx, int checksums);

/* The same check before opening: the files of the index at PATH (an index
 * root: its live generation) against their manifest, without letting
 * libxapian read a byte of them, so that a damaged table cannot crash the
 * caller. The generation checked goes into GENERATION (CAP bytes; "" for a
 * plain database); a message naming the damage into *MESSAGE (freed with
 * iio_free; NULL when none). IIO_OK (also without a manifest), or
 * IIO_ERR_INDEX / IIO_ERR_NO_INDEX. */
iio_status iio_index_check(const char *path, int checksums, char *generation, size_t cap, char **message);

/* ---- searching ---- */

/* Search options. Initialise with iio_search_options_init(), then set what
 * you need: new members are only ever added at the end, and `version` tells
 * the library which ones your code knows. */
typedef struct iio_search_options {
	unsigned version;        /* IIO_SEARCH_OPTIONS_VERSION */
	unsigned long offset;    /* results to skip (default 0) */
	unsigned limit;          /* results to return (default 10, at most IIO_MAX_LIMIT) */
	unsigned snippet_chars;  /* target snippet length in characters (default 200;
				    0: no snippets, each hit's snippet is "") */
	int exact_total;         /* count every match instead of estimating */
	int facets;              /* fill in facet counts (every field that has them) */
	/* Version 2: */
	const char *filter;      /* more clauses in the query language, all required,
				    not ranked: "type:video vak:wiskunde" (NULL: none) */
	int strict;              /* malformed query input is an error naming its position */
	int sort;                /* IIO_SORT_RELEVANCE (default) or IIO_SORT_DATE */
	int explain;             /* fill iio_hit.explain_json */
	/* Version 3: */
	int all_words;           /* require every word (default: best match, below) */
	int no_group;            /* list every record (default: near-identical records
				    collapse into one result, passages under their document) */
	/* Version 4: */
	int no_interpret;        /* read every word as a word: no field values typed as
				    words (groep 7, havo, filmpje, friesland; see
				    iio_results_interpreted) */
} iio_search_options;

#define IIO_SEARCH_OPTIONS_VERSION 4
#define IIO_SORT_RELEVANCE 0
#define IIO_SORT_DATE 1     /* newest year first; records without one last */
#define IIO_MAX_LIMIT 1000
#define IIO_MAX_OFFSET 100000
#define IIO_MAX_QUERY_BYTES 4096
/* Totals (iio_results_total, _records, _complete) are counted exactly when
 * at most this many records match; beyond it they are Xapian's estimates
 * unless options->exact_total asks for every match to be counted
 * (options->facets counts every record, but not every group). */
#define IIO_EXACT_COUNT 5000
/* Facet counts (options->facets, iio_facets_without) are counted exactly
 * when at most this many records match; beyond it they are the counts
 * among the first this many matches (in the index's order), scaled to the
 * estimated number of matching records, and iio_results_counts_exact()
 * says 0 (and so does records_exact). options->exact_total counts every
 * match, the facets too. */
#define IIO_FACETS_EXACT_COUNT 10000

void iio_search_options_init(iio_search_options *opts);

/* A result set. */
typedef struct iio_results iio_results;

/* One result. Its strings live as long as the iio_results. */
struct iio_passage;
typedef struct iio_hit {
	unsigned long rank;      /* 1-based, counting the offset */
	const char *id;
	const char *type;
	const char *title;
	const char *url;         /* NULL when the record has none */
	const char *source;      /* corpus-relative file */
	double score;            /* ranking weight */
	const char *snippet;     /* plain text, whitespace collapsed */
	size_t nmarks;           /* matched spans in the snippet */
	const size_t *marks;     /* 2*nmarks byte offsets: start, end, ... */
	const char *fields_json; /* the typed fields as a JSON object */
	/* With options->explain, else NULL: the query terms this record matched,
	 * as JSON [{"term","match","field","weight"}]: match is exact, stem,
	 * part (of a compound), prefix, field or filter; weight is the BM25
	 * weight of that term alone, before the query's scaling. */
	const char *explain_json;
	/* Best match: the words of the query this record lacks, as typed (none:
	 * nmissing 0). */
	size_t nmissing;
	const char *const *missing;
	/* Grouping: the group key when the result stands for more records than
	 * itself (NULL otherwise), how many of them it does not show, and for a
	 * document the passages that match, best first. */
	const char *group;
	unsigned long more;
	size_t npassages;
	const struct iio_passage *passages;
} iio_hit;

/* A passage listed under its document's result. */
typedef struct iio_passage {
	const char *id;
	const char *title;
	const char *snippet;     /* plain text */
	size_t nmarks;
	const size_t *marks;
	double score;
	const char *fields_json;
} iio_passage;

/* Run QUERY (words; "a phrase"; -word to exclude; +word to require). Best
 * match: records holding every word first, then those holding most of them,
 * each hit naming what it lacks (iio_hit.missing), iio_results_relaxed()
 * 1 when a listed hit lacks a word; options->all_words requires every word.
 * Near-identical records are one hit (iio_hit.group, .more, .passages)
 * unless options->no_group. OPTS may be NULL for the defaults.
 * *out is the caller's: iio_results_free(). */
iio_status iio_search(iio_results **out, iio_index *idx, const char *query, const iio_search_options *opts);

void iio_results_free(iio_results *res);
size_t iio_results_count(const iio_results *res);
/* The Ith hit (0-based), NULL when out of range. */
const iio_hit *iio_results_hit(const iio_results *res, size_t i);
/* The results as they are listed: groups when grouping is on (a group,
 * or a document with its passages, is one result), else records. Paging
 * with options->offset and ->limit goes over exactly these: every page up
 * to ceil(total / limit) is full but the last, and no result is on two
 * pages. Exact when iio_results_total_exact() says 1 (at most
 * IIO_EXACT_COUNT matching records, or options->exact_total), else an
 * estimate, of which iio_results_total_min() are known to exist (a pager
 * links to the pages those fill). */
unsigned long iio_results_total(const iio_results *res);
int iio_results_total_exact(const iio_results *res);
unsigned long iio_results_total_min(const iio_results *res);
/* The matching records (what facet counts add up to): with grouping on,
 * as many as total or more. Exact when iio_results_records_exact() says 1,
 * else an estimate. */
unsigned long iio_results_records(const iio_results *res);
int iio_results_records_exact(const iio_results *res);
/* Of the total, the results holding every word of the query. Best match
 * lists them first: from result iio_results_complete() + 1 on, the results
 * lack a word (iio_hit.missing). Equal to the total when every word is
 * required, 0 when nothing holds them all (iio_results_relaxed()). Exact
 * when iio_results_complete_exact() says 1, else an estimate. */
unsigned long iio_results_complete(const iio_results *res);
int iio_results_complete_exact(const iio_results *res);
/* 1 when a listed hit lacks a word of the query. */
int iio_results_relaxed(const iio_results *res);
double iio_results_took_ms(const iio_results *res);

/* A better query when this one has a word the index does not hold
 * ("leerlingekrimp" -> "leerlingenkrimp"), else NULL. Lives as long as RES. */
const char *iio_results_suggestion(const iio_results *res);
/* Field values the query's words were read as (groep 7: stream groep-7):
 * how many, and the I-th value with its field's name and the words as
 * typed. Records holding a value rank first among those holding the same
 * other words; nothing is filtered out. */
size_t iio_results_interpreted_count(const iio_results *res);
const char *iio_results_interpreted(const iio_results *res, size_t i, const char **field, const char **words);
/* 1 when the query found nothing and these are the results of the
 * suggestion instead ("showing results for"); the strict option turns
 * that off. */
int iio_results_corrected(const iio_results *res);

/* When the search found nothing (total 0), searches that find something:
 * the query with fewer words (KIND "word": one word of it alone,
 * "without": the query without one word) or without options->filter
 * ("filters"), with how many results each lists (TOTAL), at most 8. The
 * Ith one's query (NULL past the end); strings live as long as RES. */
size_t iio_results_alternatives(const iio_results *res);
const char *iio_results_alternative(const iio_results *res, size_t i, const char **kind, unsigned long *total);

/* Facet values of FACET (a field name: "type", "level", "stream",
 * "subject", "experiment", "school", "place", "year") when options->facets
 * was set: count of values, then the Ith value and its count, most
 * frequent first. */
size_t iio_results_facet_count(const iio_results *res, const char *facet);
const char *iio_results_facet_value(const iio_results *res, const char *facet, size_t i, unsigned long *count);
/* 1 when the facet counts are exact (at most IIO_FACETS_EXACT_COUNT
 * matching records, or options->exact_total), 0 when they are estimates
 * (JSON: "counts_exact": false, present only then). */
int iio_results_counts_exact(const iio_results *res);

/* The counts a page shows beside the filters it has chosen, in one call:
 * for each field I with a filter, the counts of that field's values over
 * what QUERY matches with every other filter, but not its own - so the
 * user sees the values the field could take instead (OR within a field,
 * AND across fields). FILTERS[I] is field I's filter (I as in
 * iio_field_name; NULL or "" for none), a clause of the query language
 * naming that field: "vak:wiskunde", "(type:video OR type:case)";
 * OPTS->filter, when set, holds clauses every count keeps; the other
 * options as for iio_search (no_group and paging do not matter: records
 * are counted). OUT has room for NFILTERS result sets: OUT[I] is NULL for
 * a field without a filter, and for one whose count would have nothing to
 * match (no words and no other filter), else a result set without hits
 * whose facet I (iio_results_facet_count and _value), records and
 * counts_exact are those iio_search gives for QUERY with the other
 * filters, options->facets and ->no_group set (when the query counts
 * nothing at all, a spelling of it that counts something, as iio_search
 * takes it; OUT[I]'s iio_results_corrected() then says 1). Each field costs one match that weighs
 * nothing and counts that field alone; the query is read as iio_search
 * reads it. IIO_ERR_ARGUMENT for a filter on a field that has no counts;
 * on failure every OUT[I] is NULL and the message is on IDX. Free each
 * with iio_results_free(). */
iio_status iio_facets_without(iio_results **out, iio_index *idx, const char *query, const iio_search_options *opts,
			      const char *const *filters, size_t nfilters);

/* Records like the one with ID ("more like this"): the terms that best
 * describe it against the collection, searched for, the record itself left
 * out. Options as for iio_search (filters, facets, paging). */
iio_status iio_similar(iio_results **out, iio_index *idx, const char *id, const iio_search_options *opts);

/* The result set as one JSON object (the --json format of iio-search):
 * {"query","total","total_exact","total_min","records","records_exact",
 *  "complete","complete_exact","relaxed","corrected","offset","limit",
 *  "took_ms","suggestion","results":[{"rank","id","type","title","url",
 *  "source","score","snippet","fields"}],"facets":{}}, and when nothing
 *  was found "alternatives":[{"query","kind","total"}]; total, records and
 *  complete as iio_results_total(), iio_results_records() and
 *  iio_results_complete(); snippets are HTML-escaped with <mark> around
 *  matches. *out is freed with iio_free(). */
iio_status iio_results_json(char **out, const iio_results *res);

/* ---- one record ---- */
typedef struct iio_record_view iio_record_view;

/* The most text one record carries out of the library: a record's text is
 * cut where its JSON form (a quote, a backslash or a newline counts two
 * bytes, another control character six) would pass this many bytes, at a
 * character's end. So a record answer (iio_record_json, a record page,
 * iio-search --show) stays under 1 MB whatever the index holds: a PDF of
 * 4,000 pages made a record of 200 MB. */
#define IIO_MAX_RECORD_TEXT (768 * 1024)
/* iio_record_json's answer at most: when a long title, many fields or
 * members leave less room, the text gives way further. (Only a record
 * whose title and fields alone take more is answered longer.) */
#define IIO_MAX_RECORD_JSON (1024 * 1024)

/* Fetch the record with ID. IIO_ERR_NOT_FOUND when there is none;
 * IIO_ERR_ARGUMENT, with the reason on IDX, when ID is not a record id at
 * all: ids are 1 to 200 bytes of a-z, 0-9, '.', '_' and '-', and
 * neither "." nor ".." (so an id from a URL path never names a directory).
 * iio_similar checks its ID the same way. */
iio_status iio_show(iio_record_view **out, iio_index *idx, const char *id);
void iio_record_free(iio_record_view *rec);
const char *iio_record_id(const iio_record_view *rec);
const char *iio_record_type(const iio_record_view *rec);
const char *iio_record_title(const iio_record_view *rec);
const char *iio_record_url(const iio_record_view *rec);   /* NULL if none */
const char *iio_record_source(const iio_record_view *rec);
/* The record's text, bounded: at most IIO_MAX_RECORD_TEXT bytes as JSON
 * writes it (below); iio_record_text_truncated() is 1 when that is only the
 * text's first part, and iio_record_text_length() the whole text's length
 * in bytes. */
const char *iio_record_text(const iio_record_view *rec);
int iio_record_text_truncated(const iio_record_view *rec);
size_t iio_record_text_length(const iio_record_view *rec);
/* A field's value as text (NULL when the record has none or it is not a
 * string), and all fields as a JSON object (free with iio_free()). */
const char *iio_record_field(const iio_record_view *rec, const char *name);
iio_status iio_record_fields_json(char **out, const iio_record_view *rec);
/* The records that belong with it: for a document and for each of its
 * passages, the document and its passages in reading order; for a video,
 * its near-identical variants; none for a record alone. Member I's id
 * (NULL past the end), type and title (strings live as long as REC). */
size_t iio_record_members(const iio_record_view *rec);
const char *iio_record_member(const iio_record_view *rec, size_t i, const char **type, const char **title);
/* Member I's fields as a JSON object (what tells versions apart: stream,
 * grade, school, year); *out is freed with iio_free(). IIO_ERR_ARGUMENT
 * past the end. */
iio_status iio_record_member_fields_json(char **out, const iio_record_view *rec, size_t i);
/* Member I's text (a document's page shows its passages one by one under
 * their headings); NULL past the end; lives as long as REC. */
const char *iio_record_member_text(const iio_record_view *rec, size_t i);
/* {"id","type","title","url","source","text","fields","members":[{"id","type",
 * "title","fields"}]}, and when the text was cut (IIO_MAX_RECORD_TEXT)
 * "text_truncated":true and "text_length" (the whole text's bytes) after
 * "text"; free with iio_free(). */
iio_status iio_record_json(char **out, const iio_record_view *rec);
/* TEXT[0..len) as HTML paragraphs (<p>, one per blank-line-separated
 * paragraph, whitespace collapsed inside), escaped, every word that QUERY
 * matches (word, form, compound part) in <mark>; free with iio_free(). */
iio_status iio_highlight_html(char **out, iio_index *idx, const char *query, const char *text, size_t len);

/* ---- suggest as you type ---- */

/* Completions of PREFIX, at most MAX (1-50): titles that start with it and
 * words that complete its last word, the most used first, as JSON:
 * {"prefix","took_ms","suggestions":[{"text","kind":"title"|"word","count"}]}.
 * *out is freed with iio_free(). */
iio_status iio_suggest_json(char **out, iio_index *idx, const char *prefix, unsigned max);

/* ---- the record fields ---- */

/* The fields of the records, the same for every index of this version, in
 * a fixed order: for I from 0 while iio_field_name(I) is not NULL. The
 * English name ("subject", as in records, JSON, options and parameters),
 * its Dutch alias ("vak", accepted wherever the name is), and whether it
 * holds one value per record to filter on and count as a facet (type,
 * level, ...: a filter option --vak, a parameter vak=, a facet), or words
 * to search (title, keywords: field:word in a query). NULL, or 0, past the
 * end. The strings live as long as the program. */
const char *iio_field_name(size_t i);
const char *iio_field_dutch(size_t i);
int iio_field_is_filter(size_t i);
/* The same as JSON: {"fields":[{"name","dutch","filter"}]}. *out is freed
 * with iio_free(). */
iio_status iio_fields_json(char **out);
/* Every field a record may carry, those it only shows included (duration,
 * makers, licence ...), in the order a record's page shows them: for I
 * from 0 while iio_record_field_key(I) is not NULL. The label of the field
 * with KEY in Dutch ("Leerweg"), NULL for a key no record field has. */
const char *iio_record_field_key(size_t i);
const char *iio_field_label(const char *key);

/* ---- the analyzer ---- */

/* What the index's analyzer makes of TEXT[0..len), as JSON:
 * {"tokens":[{"text","start","end","pos","norm","stem","stop","parts":
 * [{"text","norm","stem"}]}]}. A hyphenated word comes whole and by its
 * parts. *out is freed with iio_free(). */
iio_status iio_analyze_json(char **out, iio_index *idx, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
