/* xs.h - the C face of libxapian.
 *
 * This is the only place where the project meets C++. Everything behind it is
 * a thin, mechanical wrapper over Xapian: C callers see opaque handles, status
 * codes and per-handle error text, never a C++ type or exception.
 *
 * Conventions:
 *  - Every function that can fail returns xs_status; XS_OK is 0.
 *  - Strings go in as pointer + length (no NUL needed) unless the name says
 *    "path"; strings the shim hands out are NUL-terminated, allocated by the
 *    shim and released with xs_free().
 *  - A failing call leaves a message on its handle (xs_db_error() etc.), valid
 *    until the next call on that handle. Functions that create a handle take
 *    `char **err`; on failure *err is set to a message the caller frees with
 *    xs_free() (err may be NULL).
 *  - Queries are values: constructors never fail except for memory, they return
 *    NULL then. A constructor given bad arguments returns a query that carries
 *    the error (xs_query_error()); combining it propagates the error, and
 *    xs_enquire_set_query() reports it. Combining never takes ownership: free
 *    every query you made.
 *  - Handles are not thread-safe; use one per thread. Separate handles on the
 *    same database are independent.
 */
#ifndef XS_H
#define XS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum xs_status {
	XS_OK = 0,
	XS_ENOMEM,            /* allocation failed */
	XS_DB_OPENING,        /* database missing or cannot be opened */
	XS_DB_LOCKED,         /* another writer holds the lock */
	XS_DB_CORRUPT,        /* database files are damaged */
	XS_DB_VERSION,        /* database format not supported */
	XS_DB_MODIFIED,       /* changed under a reader, even after one reopen */
	XS_DB_ERROR,          /* any other database error (I/O, ...) */
	XS_INVALID_ARGUMENT,  /* a bad argument or a malformed query */
	XS_INVALID_OPERATION, /* not allowed in this state (e.g. nested transaction) */
	XS_NOT_FOUND,         /* no such document / term */
	XS_RANGE,             /* value out of range */
	XS_NETWORK,           /* remote backend failure */
	XS_FEATURE,           /* feature not available in this Xapian */
	XS_ERROR              /* anything else, including non-Xapian exceptions */
} xs_status;

/* A short English name of a status ("database locked"). Never NULL. */
const char *xs_status_string(xs_status st);

/* Release a string or buffer the shim allocated. NULL is fine. */
void xs_free(void *p);

typedef unsigned xs_docid;

/* ---- read-only databases (directories, stub files, remote shards) ---- */
typedef struct xs_db xs_db;

/* Open PATH (a database directory or a stub file). */
xs_status xs_db_open(xs_db **out, const char *path, char **err);
void xs_db_close(xs_db *db);
/* Check the database at PATH for consistency (Xapian's Database::check,
 * the same as xapian-check): *ERRORS gets the number of problems found.
 * A database too damaged to check at all gives a status and *err. */
xs_status xs_db_check(const char *path, unsigned long *errors, char **err);
/* Write a compacted copy of the database at SRC to DST (a new directory):
 * full B-tree blocks, about a fifth smaller; docids kept. */
xs_status xs_db_compact(const char *src, const char *dst, char **err);
/* Merge the N databases SRC[0..n) into one compacted database at DST (its
 * documents renumbered in SRC order; spelling frequencies summed, synonym
 * lists united; metadata several sources have: the first one's value). */
xs_status xs_db_merge(const char *const *src, unsigned n, const char *dst, char **err);
/* Copy every document of SRC, in docid order, into DST[SHARD_OF(CTX, its
 * value in ID_SLOT) % N] (glass databases, created or overwritten), each
 * committed and closed. Which document goes where is the caller's. */
typedef unsigned (*xs_shard_fn)(void *ctx, const char *id, size_t len);
xs_status xs_db_split_documents(const char *src, const char *const *dst, unsigned n, unsigned id_slot,
				xs_shard_fn shard_of, void *ctx, char **err);
/* Copy SRC's metadata into the database at DST (opened, or created), and
 * with TABLES its spelling and synonym tables too; committed and closed. */
xs_status xs_db_copy_tables(const char *src, const char *dst, int tables, char **err);
const char *xs_db_error(const xs_db *db);
/* Bring the handle up to the latest commit. *changed (may be NULL) says
 * whether anything changed. */
xs_status xs_db_reopen(xs_db *db, int *changed);
xs_status xs_db_doccount(xs_db *db, unsigned *out);
xs_status xs_db_termfreq(xs_db *db, const char *term, size_t len, unsigned *out);
/* Which of the N documents DOCIDS (ascending) TERM indexes: HAS[i] 1 or 0.
 * One walk along the term's postings, skipping ahead: for a few matches
 * cheaper than reading a value of each. */
xs_status xs_db_docs_with_term(xs_db *db, const char *term, size_t len, const xs_docid *docids, size_t n,
			       unsigned char *has);

/* The first document indexed by TERM (e.g. a unique id term); XS_NOT_FOUND
 * if none. */
xs_status xs_db_find_doc(xs_db *db, const char *term, size_t len, xs_docid *out);
/* Stored data of a document; *data freed with xs_free(). */
xs_status xs_db_get_data(xs_db *db, xs_docid id, char **data, size_t *len);
/* Metadata value for KEY; an absent key gives an empty string. */
/* Value SLOT of document ID (empty when unset); free with xs_free. */
xs_status xs_db_get_value(xs_db *db, xs_docid id, unsigned slot, char **val, size_t *len);
xs_status xs_db_get_metadata(xs_db *db, const char *key, char **val, size_t *len);
/* Best spelling correction of WORD within MAX_EDITS, "" if none. */
xs_status xs_db_spelling(xs_db *db, const char *word, size_t len, unsigned max_edits, char **out);
/* Calls CB for every synonym of TERM; a non-zero return from CB stops. */
typedef int (*xs_string_cb)(void *ctx, const char *s, size_t len);
xs_status xs_db_synonyms(xs_db *db, const char *term, size_t len, xs_string_cb cb, void *ctx);
/* Calls CB for every term starting with PREFIX (in term order). */
xs_status xs_db_terms(xs_db *db, const char *prefix, size_t len, xs_string_cb cb, void *ctx);
/* The same with each term's document frequency, for at most MAX terms. */
typedef int (*xs_term_freq_cb)(void *ctx, const char *s, size_t len, unsigned freq);
xs_status xs_db_terms_freq(xs_db *db, const char *prefix, size_t len, unsigned max, xs_term_freq_cb cb, void *ctx);

/* Calls CB for every word of the spelling table with its frequency, in
 * word order. */
xs_status xs_db_spellings(xs_db *db, xs_term_freq_cb cb, void *ctx);

/* The terms of document ID with their wdf and number of positions, in
 * term order. */
typedef int (*xs_doc_term_cb)(void *ctx, const char *s, size_t len, unsigned wdf, unsigned positions);
xs_status xs_db_doc_terms(xs_db *db, xs_docid id, xs_doc_term_cb cb, void *ctx);

/* ---- writable databases ---- */
typedef struct xs_wdb xs_wdb;
typedef enum xs_open_mode {
	XS_CREATE_OR_OPEN = 0,
	XS_CREATE_OR_OVERWRITE,
	XS_CREATE,            /* fail if it exists */
	XS_OPEN,              /* fail if it does not exist */
	/* Or'ed into a mode: commits do not fsync (Xapian's DB_NO_SYNC). Only
	 * for a database nobody reads yet, whose files the caller fsyncs
	 * before it goes live. */
	XS_NO_SYNC = 0x100
} xs_open_mode;

xs_status xs_wdb_open(xs_wdb **out, const char *path, xs_open_mode mode, char **err);
/* Commits pending changes (unless a transaction is open, which is cancelled)
 * and releases the lock. */
xs_status xs_wdb_close(xs_wdb *db);
const char *xs_wdb_error(const xs_wdb *db);
xs_status xs_wdb_commit(xs_wdb *db);
/* Reading and rewriting an open writable database, for a pass over it
 * (the group marks: indexer/groups.c). A callback's non-zero value stops
 * the walk. */
typedef int (*xs_docid_cb)(void *ctx, xs_docid id);
typedef int (*xs_value_cb)(void *ctx, xs_docid id, const char *val, size_t len);
xs_status xs_wdb_termfreq(xs_wdb *db, const char *term, size_t len, unsigned *out);
/* Every term starting with PREFIX (LEN bytes), in order. */
xs_status xs_wdb_terms(xs_wdb *db, const char *prefix, size_t len, xs_string_cb cb, void *ctx);
/* The documents TERM indexes, in docid order. */
xs_status xs_wdb_postings(xs_wdb *db, const char *term, size_t len, xs_docid_cb cb, void *ctx);
/* Every document with a value in SLOT, and the value. */
xs_status xs_wdb_values(xs_wdb *db, unsigned slot, xs_value_cb cb, void *ctx);
/* The values of N SLOTS of document ID into VALS/LENS ("" where unset);
 * each VALS[i] is the caller's (xs_free). */
xs_status xs_wdb_doc_values(xs_wdb *db, xs_docid id, const unsigned *slots, unsigned n, char **vals, size_t *lens);
/* Set the values of N SLOTS of document ID to VALS/LENS (a NULL VALS[i]
 * removes that value) and write the document back; its terms stay. */
xs_status xs_wdb_set_values(xs_wdb *db, xs_docid id, const unsigned *slots, const char *const *vals,
			    const size_t *lens, unsigned n);
xs_status xs_wdb_begin(xs_wdb *db, int flushed);
xs_status xs_wdb_commit_transaction(xs_wdb *db);
xs_status xs_wdb_cancel_transaction(xs_wdb *db);
xs_status xs_wdb_doccount(xs_wdb *db, unsigned *out);
typedef struct xs_doc xs_doc;
xs_status xs_wdb_add(xs_wdb *db, const xs_doc *doc, xs_docid *out);
/* Replace the document(s) indexed by unique TERM, or add if none. */
xs_status xs_wdb_replace(xs_wdb *db, const char *term, size_t len, const xs_doc *doc);
xs_status xs_wdb_delete(xs_wdb *db, const char *term, size_t len);
xs_status xs_wdb_set_metadata(xs_wdb *db, const char *key, const char *val, size_t len);
xs_status xs_wdb_add_spelling(xs_wdb *db, const char *word, size_t len, unsigned freqinc);
/* Lower WORD's frequency by FREQDEC (gone at 0; a word not there: nothing). */
xs_status xs_wdb_remove_spelling(xs_wdb *db, const char *word, size_t len, unsigned freqdec);
/* The stored data of the document TERM (a unique id term) indexes;
 * XS_NOT_FOUND if none. */
xs_status xs_wdb_data_of(xs_wdb *db, const char *term, size_t len, char **data, size_t *dlen);
xs_status xs_wdb_add_synonym(xs_wdb *db, const char *term, size_t tlen, const char *syn, size_t slen);

/* ---- documents under construction ---- */
xs_doc *xs_doc_new(void);            /* NULL when out of memory */
void xs_doc_free(xs_doc *doc);
const char *xs_doc_error(const xs_doc *doc);
xs_status xs_doc_add_posting(xs_doc *doc, const char *term, size_t len, unsigned pos, unsigned wdfinc);
xs_status xs_doc_add_term(xs_doc *doc, const char *term, size_t len, unsigned wdfinc);
xs_status xs_doc_add_boolean_term(xs_doc *doc, const char *term, size_t len);
xs_status xs_doc_set_value(xs_doc *doc, unsigned slot, const char *val, size_t len);
xs_status xs_doc_set_data(xs_doc *doc, const char *data, size_t len);
/* The values DOC holds in the slots of MASK (bit s: slot s, s < 32), set
 * before, packed into PACK_SLOT as one value: for each, in slot order, the
 * slot (one byte), the value's length (7 bits a byte, low first, the high
 * bit set on all but the last) and the value. Facet counts read them there (xs_enquire_set_facet_pack). */
xs_status xs_doc_pack_values(xs_doc *doc, unsigned pack_slot, unsigned mask);
/* Xapian's sortable serialisation of a number, for value slots and ranges.
 * BUF must hold 18 bytes; returns the length written. */
size_t xs_sortable_serialise(double v, char *buf);

/* ---- queries ---- */
typedef struct xs_query xs_query;
typedef enum xs_op {
	XS_OP_AND, XS_OP_OR, XS_OP_AND_NOT, XS_OP_XOR, XS_OP_AND_MAYBE,
	XS_OP_FILTER, XS_OP_NEAR, XS_OP_PHRASE, XS_OP_ELITE_SET, XS_OP_SYNONYM,
	XS_OP_MAX
} xs_op;

xs_query *xs_query_term(const char *term, size_t len, unsigned wqf, unsigned pos);
xs_query *xs_query_match_all(void);
xs_query *xs_query_match_nothing(void);
/* OP is an xs_op (an int, so a bad value is an error, not undefined).
 * WINDOW is used by NEAR/PHRASE (0 = number of subqueries) and ELITE_SET
 * (set size). N may be 0 (gives match-nothing). */
xs_query *xs_query_combine(int op, xs_query *const *subs, size_t n, unsigned window);
/* Q with its weights times FACTOR. Factor 0 gives Q weighing nothing as
 * xs_query_constant(q, 0) does (not Xapian's OP_SCALE_WEIGHT by 0, which
 * fails on a word every document holds once document ids have gaps). */
xs_query *xs_query_scale(const xs_query *q, double factor);
/* The documents Q matches, each weighing WEIGHT whatever Q's own weights
 * (a FixedWeightPostingSource filtered by Q: stock xapian-tcpsrv runs it). */
xs_query *xs_query_constant(const xs_query *q, double weight);
/* Documents whose value in SLOT is in [LO, HI]; a NULL bound is open. */
xs_query *xs_query_value_range(unsigned slot, const char *lo, size_t lolen, const char *hi, size_t hilen);
/* Terms starting with PREFIX, at most MAX_EXPANSION of them (the most
 * frequent ones when there are more). */
xs_query *xs_query_wildcard(const char *prefix, size_t len, unsigned max_expansion);
/* The same expansion done here over DB's term list (global term
 * frequencies), so a database split into shards expands a prefix exactly as
 * the whole does (Xapian's OP_WILDCARD expands per shard). */
xs_query *xs_query_expand(xs_db *db, const char *prefix, size_t len, unsigned max_expansion);
void xs_query_free(xs_query *q);
/* NULL when the query is good, else the message of the first error. */
const char *xs_query_error(const xs_query *q);
/* Each distinct term of Q, once, in term order: CB(term). */
xs_status xs_query_terms(const xs_query *q, xs_string_cb cb, void *ctx);
/* 1 when Q is built of terms with OR, SYNONYM, SCALE_WEIGHT and AND_MAYBE
 * only: it matches the documents indexed by any of its terms, provided the
 * optional side of each AND_MAYBE indexes no document the other side does
 * not; 0 otherwise (AND, a phrase, a wildcard, a filter ...). */
int xs_query_is_disjunctive(const xs_query *q);
/* Xapian's description of the query, freed with xs_free(); NULL on OOM. */
char *xs_query_describe(const xs_query *q);

/* ---- searching ---- */
typedef struct xs_enquire xs_enquire;
typedef struct xs_mset xs_mset;

/* The enquire uses DB (which must outlive it). */
xs_status xs_enquire_new(xs_enquire **out, xs_db *db, char **err);
void xs_enquire_free(xs_enquire *e);
const char *xs_enquire_error(const xs_enquire *e);
xs_status xs_enquire_set_query(xs_enquire *e, const xs_query *q);
xs_status xs_enquire_set_bm25(xs_enquire *e, double k1, double k2, double k3, double b, double min_normlen);
/* Weigh nothing: a match that only counts, reading no document lengths,
 * and that Xapian ends once it has looked at the matches asked for (on
 * one database, unless a constant weighs). (Not Xapian's BoolWeight:
 * with it, Xapian 1.4 reads a word that every document holds from the
 * list of all documents, and where that list spans more than one chunk -
 * document ids with gaps, as after an incremental run - it stops with
 * "Unexpected end of posting list". A remote shard cannot run our weight:
 * there the match weighs with BM25, and the database remembers it.) */
xs_status xs_enquire_set_bool(xs_enquire *e);
/* Sort by the value in SLOT (string order) then relevance; slot < 0 restores
 * relevance order. */
xs_status xs_enquire_set_sort(xs_enquire *e, int slot, int descending);
/* Sort by relevance, ties by the value in SLOT (ascending). */
xs_status xs_enquire_set_sort_relevance_then(xs_enquire *e, unsigned slot);
/* Collapse matches with the same value in SLOT to the best of them
 * (Xapian's collapse key); SLOT < 0 turns it off. */
xs_status xs_enquire_set_collapse(xs_enquire *e, int slot);
/* Count values of SLOT over the matches (at least CHECK_AT_LEAST of them). */
xs_status xs_enquire_add_facet(xs_enquire *e, unsigned slot);
/* Count the facets from the values packed in PACK_SLOT
 * (xs_doc_pack_values): one value read per match instead of one per slot.
 * Where the database cannot run that (a remote shard: Xapian sends only
 * its own spies), each slot is read by a spy of its own. The counts are
 * the same either way. */
xs_status xs_enquire_set_facet_pack(xs_enquire *e, unsigned pack_slot);
/* Count the matches the next mset looks at (before collapsing, remote
 * shards included), reading nothing of them where the database allows:
 * xs_enquire_counted. */
xs_status xs_enquire_add_counter(xs_enquire *e);
xs_status xs_enquire_counted(xs_enquire *e, unsigned *seen);
/* Runs the match. Retries once after reopen() if the database changed under
 * it. The mset stays valid after later calls on the enquire. */
xs_status xs_enquire_mset(xs_enquire *e, unsigned first, unsigned max, unsigned check_at_least, xs_mset **out);
/* Facet counts of SLOT from the last mset (each mset counts afresh):
 * CB(value, count); most frequent first, at most MAX values. */
typedef int (*xs_facet_cb)(void *ctx, const char *value, size_t len, unsigned count);
xs_status xs_enquire_facets(xs_enquire *e, unsigned slot, unsigned max, xs_facet_cb cb, void *ctx);
/* How many matches the facet spy of SLOT saw in the last mset (with or
 * without a value in SLOT; before collapsing, remote shards included). */
xs_status xs_enquire_facet_seen(xs_enquire *e, unsigned slot, unsigned *seen);

/* The terms of the current query that DOCID matches (call after a match). */
xs_status xs_enquire_matching_terms(xs_enquire *e, xs_docid docid, xs_string_cb cb, void *ctx);
/* The MAX terms that best describe DOCID against the collection (Xapian's
 * relevance-feedback expansion), only those starting with PREFIX. */
xs_status xs_enquire_expand(xs_enquire *e, xs_docid docid, unsigned max, const char *prefix, xs_string_cb cb,
			    void *ctx);

void xs_mset_free(xs_mset *m);
unsigned xs_mset_size(const xs_mset *m);
/* Estimates of the full number of matches. */
void xs_mset_matches(const xs_mset *m, unsigned *lower, unsigned *estimated, unsigned *upper);
/* The same, counting the matches collapsing removed. */
void xs_mset_uncollapsed_matches(const xs_mset *m, unsigned *lower, unsigned *estimated, unsigned *upper);
/* How many matches item I stands for beyond itself (a lower bound). */
xs_status xs_mset_collapse_count(const xs_mset *m, unsigned i, unsigned *count);
/* Item I (0-based within the mset). */
xs_status xs_mset_item(const xs_mset *m, unsigned i, xs_docid *docid, double *weight, int *percent);
/* The value in SLOT of item I ("" when it has none); *val freed with
 * xs_free(). */
xs_status xs_mset_value(xs_mset *m, unsigned i, unsigned slot, char **val, size_t *len);
/* Stored data of item I; *data freed with xs_free(). Retries once after
 * reopen() if the database changed under it. */
xs_status xs_mset_data(xs_mset *m, unsigned i, char **data, size_t *len);
const char *xs_mset_error(const xs_mset *m);

/* ---- Xapian's stemmers (for comparison in bench/) ---- */
typedef struct xs_stemmer xs_stemmer;
/* LANGUAGE as Xapian names it ("dutch", "kraaij_pohlmann"). */
xs_status xs_stemmer_new(xs_stemmer **out, const char *language, char **err);
void xs_stemmer_free(xs_stemmer *s);
/* Stem WORD; *out freed with xs_free(). */
xs_status xs_stemmer_apply(xs_stemmer *s, const char *word, size_t len, char **out);

#ifdef __cplusplus
}
#endif
#endif
