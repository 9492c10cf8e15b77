/* private.h - internals of libiiosearch shared between its files.
 * Sectioned by the file that implements each part. */
#ifndef IIO_PRIVATE_H
#define IIO_PRIVATE_H

#include "iio.h"
#include "../indexer/analyze.h"
#include "../indexer/format.h"
#include "../shim/xs.h"

#include <jansson.h>
#include <sys/types.h>

#define IIO_MAX_QUERY_TERMS 64
#define IIO_ERRMSG_SIZE 512

/* ---- index.c ---- */
struct iio_index {
	xs_db *db;
	iio_analyzer *analyzer;
	char *path;        /* as given */
	char *db_path;     /* the database actually opened (a generation) */
	char generation[256]; /* the target of `current` when opened, "" if none */
	int checking;         /* iio_index_verify is running (no recursion) */
	dev_t gen_dev;        /* and the identity of that directory: a name */
	ino_t gen_ino;        /* alone may be deleted and made again */
	iio_word_memo *memo;  /* the highlighter's, made at its first use */
	char err[IIO_ERRMSG_SIZE];
};
/* printf-style message on the handle; returns ST. */
iio_status iio__fail(iio_index *idx, iio_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Map a shim status to ours. */
iio_status iio__from_xs(xs_status st);
/* Parse the stored record DATA of DOCID; NULL and a message on failure. */
json_t *iio__parse_record(iio_index *idx, const char *data, size_t len, xs_docid docid, iio_status *st);
/* IIO_OK when ID is a record id as the index format has them ([a-z0-9._-],
 * at most IIO_MAX_ID_BYTES, not "." or ".."), else IIO_ERR_ARGUMENT with
 * the message on IDX. */
iio_status iio__check_id(iio_index *idx, const char *id);

/* ---- query.c ---- */
/* Strings a callback of the shim hands over (xs_db_terms, xs_query_terms):
 * copies, at most IIO_MAX_STRINGS (the rest stops the walk). */
#define IIO_MAX_STRINGS 64
typedef struct iio_strings {
	char *v[IIO_MAX_STRINGS];
	size_t n;
} iio_strings;
int iio__strings_add(void *ctx, const char *s, size_t len);
void iio__strings_clear(iio_strings *c);

/* A plain word of the query, for spelling suggestions. */
typedef struct iio_query_word {
	size_t tok_start, tok_end; /* its bytes in the query string */
	char *norm;
} iio_query_word;

/* A clause of the best-match group: a word, a phrase or a bracketed group
 * as typed; a result can lack it unless it is a +clause. */
#define IIO_MAX_CLAUSES 32
typedef struct iio_clause {
	xs_query *q;
	char *text;
	int must;
} iio_clause;

/* A compound word of the query (leerlingenkrimp): its stem and the stems of
 * its top-level parts, for the proximity of the parts (rank.c). */
#define IIO_MAX_COMPOUNDS 8
#define IIO_MAX_COMPOUND_PARTS 4
typedef struct iio_compound {
	char *stem;
	char *parts[IIO_MAX_COMPOUND_PARTS]; /* stems */
	char *norms[IIO_MAX_COMPOUND_PARTS]; /* normalized forms */
	size_t nparts;
} iio_compound;

typedef struct iio_parsed_query {
	xs_query *strict;   /* every positive clause required */
	xs_query *relaxed;  /* best match: +clauses required, the rest any (NULL if only one clause) */
	xs_query *boost;    /* the words close together, a phrase: weight for STRICT's matches in the
	                       rescore window (rank.c), or NULL */
	xs_query *covered;  /* the records of RELAXED holding every clause, with its weights, where
	                       that is the AND of the clauses (rank.c builds it otherwise); or NULL */
	iio_clause clauses[IIO_MAX_CLAUSES]; /* of the best-match group, when relaxed */
	size_t nclauses;
	iio_compound compounds[IIO_MAX_COMPOUNDS]; /* positive compound words */
	size_t ncompounds;
	xs_query *values;   /* the records holding a field value the words name (interpret.c), or NULL */
	int filter_only;    /* only field filters: nothing to rank by */
	int only_documents; /* a required type:document: every match is a whole document */
	/* For snippets: normalized forms and stems (of words and their
	 * compound parts) of the positive clauses, and prefixes. */
	char *terms[IIO_MAX_QUERY_TERMS];
	size_t nterms;
	char *stems[IIO_MAX_QUERY_TERMS];
	size_t nstems;
	char *prefixes[IIO_MAX_QUERY_TERMS];
	size_t nprefixes;
	iio_query_word words[IIO_MAX_QUERY_TERMS];
	size_t nwords;
	/* The plain words as typed, stopwords too, in order: the phrase boost. */
	char *seq[IIO_MAX_QUERY_TERMS];
	size_t nseq;
} iio_parsed_query;
/* Parse QUERY; DB (may be NULL) gives synonyms. STRICT: malformed input is
 * an error naming its position instead of being read leniently. */
iio_status iio__parse_query(iio_parsed_query *out, const iio_analyzer *an, xs_db *db, const char *query, int strict,
			    char *err, size_t errcap);
void iio__parsed_query_clear(iio_parsed_query *q);

/* ---- snippet.c ---- */
typedef struct iio_snippet {
	char *text;
	size_t *marks; /* start,end pairs */
	size_t nmarks;
} iio_snippet;
/* Cut the best window of about CHARS characters from TEXT, marking every
 * token that matches the query: same normalized form, same stem, or a
 * compound part with the same stem. */
iio_status iio__snippet(iio_snippet *out, const iio_analyzer *an, iio_word_memo *memo, const char *text, size_t len,
			const iio_parsed_query *pq, unsigned chars);
/* IDX's word memo for the highlighter (analyze.h), made the first time;
 * NULL when out of memory (the words are then analyzed each time). */
iio_word_memo *iio__memo(iio_index *idx);
void iio__snippet_clear(iio_snippet *s);
/* TEXT with HTML special characters escaped and <mark> around MARKS;
 * NULL when out of memory. */
char *iio__snippet_html(const char *text, const size_t *marks, size_t nmarks);

/* ---- a search: search.c, rank.c, results.c, explain.c ---- */
#define IIO_MAX_FACET_VALUES 100
#define IIO_MAX_LISTED_PASSAGES 3
typedef struct hit_store {
	iio_hit hit;
	unsigned item;  /* in the mset it was read from */
	xs_mset *from;  /* that mset (not owned) */
	char *group;
	iio_passage passages[IIO_MAX_LISTED_PASSAGES];
	json_t *prec[IIO_MAX_LISTED_PASSAGES];
	char *pfields[IIO_MAX_LISTED_PASSAGES];
	iio_snippet psnip[IIO_MAX_LISTED_PASSAGES];
	char *missing[IIO_MAX_CLAUSES]; /* owned: the clauses it lacks */
	xs_docid docid;
	char *explain;
	json_t *rec;    /* stored record; hit strings point into it (or into LISTING) */
	char *listing;  /* the record's listing (a result without a snippet), or NULL */
	char *fields_json;
	iio_snippet snip;
} hit_store;

typedef struct facet_value {
	char *value;
	unsigned long count;
} facet_value;

typedef struct facet {
	const char *name; /* a field name (iio_fields) */
	facet_value *v;
	size_t n;
} facet;

/* A search that finds something where this one found nothing
 * (alternatives.c): its query, what it changed ("word": one word of the
 * query alone, "without": the query without one word, "filters": without
 * the filters), how many results it lists. */
#define IIO_MAX_ALTERNATIVES 8
typedef struct alternative {
	char *query;
	const char *kind;
	unsigned long total;
} alternative;

/* A field value the query's words name (interpret.c). */
#define IIO_MAX_INTERPRETED 8
typedef struct iio_interp {
	const char *field; /* iio_fields name */
	char *value;       /* as the records hold it */
	char *words;       /* as typed */
	xs_query *held;    /* the records holding it */
} iio_interp;

struct iio_results {
	char *query;
	iio_interp interpreted[IIO_MAX_INTERPRETED];
	size_t ninterpreted;
	hit_store *hits;
	size_t n;
	unsigned long offset;
	unsigned limit;
	unsigned long total;     /* results as listed (groups when grouping) */
	unsigned long total_min; /* of them known to exist (= total when exact) */
	unsigned long records;   /* matching records */
	unsigned long complete;  /* results holding every word (best match) */
	int total_exact, records_exact, complete_exact, relaxed, corrected;
	int counts_exact; /* the facet counts (and records with them) are exact */
	double took_ms;
	facet facets[16];
	size_t nfacets;
	int facets_requested;
	char *suggestion;
	alternative alternatives[IIO_MAX_ALTERNATIVES]; /* when nothing was found */
	size_t nalternatives;
};

/* A match of the ranked page: its item in the mset, its score with a
 * whole document weighed down, its record id for ties. */
typedef struct ranked {
	unsigned item;
	xs_mset *from; /* the mset ITEM is in; NULL: the search's own */
	xs_docid docid;
	double score;
	char *id; /* read only for a tie */
	unsigned missing; /* best match: bit i set when clause i is lacked */
	unsigned nmissing;
	unsigned unsettled; /* bit k: compound k's parts still to be read (rank.c) */
	double factor;      /* what its Xapian weight was multiplied by (0: 1) */
} ranked;

/* How a search ranks its matches (rank.c). */
enum { RANK_PAGE, RANK_IN_QUERY, RANK_BY_XAPIAN };

/* ---- plan.c: a search run as a plan ---- */
typedef enum iio_strategy {
	IIO_STRATEGY_ALL_WORDS,          /* every word required; when nothing holds them all, what holds some */
	IIO_STRATEGY_BEST_MATCH,         /* every word first, then most of them, at any depth (rank.c's page) */
	IIO_STRATEGY_BEST_MATCH_BY_DATE, /* the best-match query in Xapian's order, newest first */
	IIO_STRATEGY_BY_DATE,            /* every word required, newest first */
	IIO_STRATEGY_FILTER_ONLY         /* no words: what passes the filters, by record id */
} iio_strategy;
/* How whole documents are weighed down below the passages that answer. */
typedef enum iio_documents {
	IIO_DOCUMENTS_ON_PAGE,      /* on Xapian's top matches, twice the page fetched */
	IIO_DOCUMENTS_ON_WIDE_PAGE, /* the same, eight times the page fetched at once */
	IIO_DOCUMENTS_IN_QUERY      /* in the query itself, ties by record id */
} iio_documents;
/* The stages a run goes through after ranking. */
enum { IIO_STAGE_COUNT = 1, IIO_STAGE_GROUPS = 2, IIO_STAGE_FACETS = 4, IIO_STAGE_EXPLAIN = 8,
       IIO_STAGE_DID_YOU_MEAN = 16 };
typedef struct iio_plan {
	iio_strategy strategy;
	int rank_mode; /* RANK_PAGE: rank.c orders the page; RANK_BY_XAPIAN: Xapian's order */
	iio_documents documents;
	unsigned stages;
} iio_plan;
/* What the plan reads of the index. */
typedef struct iio_index_stats {
	unsigned long records;   /* in the index */
	unsigned long documents; /* of type document (whole documents) */
} iio_index_stats;
iio_status iio__index_stats(iio_index *idx, iio_index_stats *out);
/* The plan of a search: pure, from the options, the parsed query and the
 * index's statistics. */
void iio__plan(iio_plan *plan, const iio_search_options *o, const struct iio_parsed_query *pq,
	       const iio_index_stats *s);
const char *iio__strategy_name(iio_strategy s);

/* search.c: run QUERY on ENQ (*mset is then the caller's); the caller's
 * options of whatever version over the defaults; run a prepared PQ into a
 * result set (consumes PQ; QUERY as asked, NULL: none; T0 its start). */
iio_status iio__run(iio_index *idx, xs_enquire *enq, const xs_query *query, const iio_search_options *o,
		    unsigned first, unsigned max, xs_mset **mset);
iio_status iio__take_options(iio_index *idx, const iio_search_options *opts, iio_search_options *o);
/* The start of a call that makes a result set (iio_search, iio_similar):
 * *OUT NULL; IIO_ERR_ARGUMENT without OUT, an open IDX or WHAT, the
 * message NEEDS on IDX. */
iio_status iio__begin_results(iio_results **out, iio_index *idx, const void *what, const char *needs);
/* FILTER the prepared queries of PQ by the filter clauses of O. */
iio_status iio__finish_queries(iio_index *idx, iio_parsed_query *pq, const iio_search_options *o);
/* Milliseconds on the monotonic clock (a search's took_ms). */
double iio__now_ms(void);
/* hits.c, the fill stage: hit I of RES read from ITEM of MSET, with SCORE
 * (its snippet SNIPPET_CHARS long, 0: none); what a hit holds freed, for
 * filling it again. */
iio_status iio__fill_hit(iio_results *res, iio_index *idx, const struct iio_parsed_query *pq, xs_mset *mset, size_t i,
			 unsigned item, double score, unsigned snippet_chars);
void iio__clear_hit(hit_store *h);
/* grouping.c, the groups stage: what hit I's group holds (read from the
 * index through *GEP, an enquire of its own made on first use). */
iio_status iio__group_details(iio_results *res, iio_index *idx, const struct iio_parsed_query *pq, const xs_query *used,
			      xs_mset *mset, size_t i, unsigned snippet_chars, xs_enquire **gep);
/* iio__execute as PLAN says (plan.c), not as it would plan it. */
iio_status iio__execute_plan(iio_results **out, iio_index *idx, const char *query, iio_parsed_query *pq,
			       const iio_search_options *o, const iio_plan *plan, double t0);
iio_status iio__execute(iio_results **out, iio_index *idx, const char *query, iio_parsed_query *pq,
			const iio_search_options *o, double t0);
/* rank.c: run *Q as *MODE says (RANK_PAGE ranks the page itself, a page
 * deeper than it ranks switching to RANK_IN_QUERY); put a page's
 * near-ties in record-id order and number its ranks. */
iio_status iio__rank(iio_index *idx, xs_enquire *enq, xs_query **q, const iio_parsed_query *pq,
		     const iio_search_options *o, const iio_plan *plan, int *mode, xs_mset **mset, ranked **rk,
		     size_t *nrk);
/* Best match (rank.c): the records holding every clause when they fill
 * the page, for two clauses followed by those holding one (items of
 * *MORE), else a window of Xapian's top matches re-ranked. The caller
 * frees *MORE. */
iio_status iio__best_match(iio_index *idx, xs_enquire *enq, const iio_parsed_query *pq, const iio_search_options *o,
			   const iio_plan *plan, xs_mset **mset, ranked **rk, size_t *nrk, xs_mset **more);
void iio__ranked_free(ranked *r, size_t n);
/* The records of PQ's best-match query holding every clause, a new query
 * (NULL when out of memory). */
xs_query *iio__covered_query(const iio_parsed_query *pq);
/* results.c: hit H's fields as a new reference (parsed from a listing's
 * JSON text), NULL when out of memory. */
json_t *iio__hit_fields(const hit_store *h);
void iio__order_ties(iio_results *res, int by_date);
/* count.c: count the results of USED as the page lists them (groups
 * unless O->no_group) and the records into RES's total and records (exact
 * up to IIO_EXACT_COUNT matches, or every match with O->exact_total), and
 * the facets when O->facets; and the results holding every word into
 * RES's complete: those of COVERED (best match: the records of USED
 * holding every clause), else all (COVERED NULL) or, when RES is relaxed
 * (nothing holds every word), none. */
iio_status iio__count(iio_results *res, iio_index *idx, const xs_query *used, const xs_query *covered,
		      const iio_search_options *o);
/* count.c: the results, records and facet counts of the fields whose
 * value slots are in SLOTS (bit s: slot s) of USED, into RES, in one run
 * that weighs nothing: exact up to IIO_FACETS_EXACT_COUNT matching records
 * (every match with O->exact_total), else estimates (RES->counts_exact 0). */
iio_status iio__count_facets(iio_results *res, iio_index *idx, const xs_query *used, const iio_search_options *o,
			     unsigned slots);
/* alternatives.c: RES found nothing for QUERY with O: fill its
 * alternatives, the searches with fewer words or without the filters that
 * find something. */
iio_status iio__alternatives(iio_results *res, iio_index *idx, const char *query, const iio_search_options *o);
/* explain.c: fill each hit's --explain (the terms it matched, with weights). */
iio_status iio__explain_hits(iio_results *res, iio_index *idx, xs_enquire *enq);

/* ---- interpret.c: field values typed as words ---- */
typedef struct iio_interpretation {
	iio_interp v[IIO_MAX_INTERPRETED];
	size_t n;
	char *content; /* the query without the interpreted words; NULL: the query as typed */
	char *soft;    /* the interpreted words, as typed (NULL with CONTENT) */
	int question;  /* a how/what/why question */
} iio_interpretation;
/* Read QUERY's words that name field values into *OUT (nothing for a
 * query that is not plain words). */
iio_status iio__interpret(iio_index *idx, const char *query, iio_interpretation *out);
/* Weigh PQ (parsed from IN's content) as IN says: its soft words and
 * values, an explaining record for a question. */
iio_status iio__apply_interpretation(iio_index *idx, iio_parsed_query *pq, const iio_interpretation *in);
/* Move what IN interpreted into RES (for its accessors and JSON). */
void iio__keep_interpretation(iio_results *res, iio_interpretation *in);
void iio__interpretation_clear(iio_interpretation *in);

/* ---- didyoumean.c ---- */
/* Set RES's suggestion: QUERY (parsed as PQ) with its unknown words
 * corrected, when that finds clearly more (runs queries of its own on ENQ). */
iio_status iio__did_you_mean(iio_results *res, iio_index *idx, xs_enquire *enq, const iio_parsed_query *pq,
			     const char *query);

#endif
