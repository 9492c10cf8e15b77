/* search.c - running a search and holding its results (libiiosearch).
 *
 * Ranking is Xapian's BM25 over the terms the analyzer made; title words
 * weigh more through their wdf (see IIO_TITLE_WDF). All of it runs inside
 * Xapian's match with built-in classes, so remote shards served by a stock
 * xapian-tcpsrv rank the same way.
 */
#define _GNU_SOURCE
#include "private.h"

#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <utf8proc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* BM25 parameters, in one place: k1 (term frequency saturation), k2 (query
 * length correction, off), k3 (query term frequency saturation), b (length
 * normalisation), min_normlen. Xapian's defaults, pending the relevance
 * benchmark. */
#define IIO_BM25_K1 1.2
#define IIO_BM25_K2 0.0
#define IIO_BM25_K3 1.0
#define IIO_BM25_B 0.75
#define IIO_BM25_MIN_NORMLEN 0.5

#define IIO_MAX_FACET_VALUES 100

/* A whole document that matches counts this much of its weight, so the
 * passage that answers ranks above the 20-page document holding it. */
#define W_WHOLE_DOCUMENT 0.5

/* Q with records of type document weighing W_WHOLE_DOCUMENT, in the query
 * itself (FILTER, AND_NOT, SCALE_WEIGHT: Xapian's own operators, so remote
 * shards rank the same). It evaluates Q twice, once for documents and once
 * for the rest: rank_page's way is cheaper where it can decide. Frees Q. */
static xs_query *prefer_passages(xs_query *q)
{
	xs_query *doc, *parts[2], *in_docs, *rest, *both[2], *out;
	if (!q)
		return NULL;
	doc = xs_query_term(IIO_PREFIX_TYPE "document", strlen(IIO_PREFIX_TYPE "document"), 1, 0);
	parts[0] = q;
	parts[1] = doc;
	in_docs = doc ? xs_query_combine(XS_OP_FILTER, parts, 2, 0) : NULL;
	rest = doc ? xs_query_combine(XS_OP_AND_NOT, parts, 2, 0) : NULL;
	both[0] = rest;
	both[1] = in_docs ? xs_query_scale(in_docs, W_WHOLE_DOCUMENT) : NULL;
	out = rest && both[1] ? xs_query_combine(XS_OP_OR, both, 2, 0) : NULL;
	xs_query_free(q);
	xs_query_free(doc);
	xs_query_free(in_docs);
	xs_query_free(rest);
	xs_query_free(both[1]);
	return out;
}

typedef struct hit_store {
	iio_hit hit;
	xs_docid docid;
	char *explain;
	json_t *rec;    /* stored record; hit strings point into it */
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

struct iio_results {
	char *query;
	hit_store *hits;
	size_t n;
	unsigned long offset;
	unsigned limit;
	unsigned long total;
	int total_exact, relaxed, corrected;
	double took_ms;
	facet facets[16];
	size_t nfacets;
	int facets_requested;
	char *suggestion;
};

/* Scores this close are a tie: the same weights summed in another order
 * (as over shards) differ in the last bits, and Xapian's tie-break by
 * record id only sees exact ties. */
static int same_score(double a, double b)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= 1e-9 * m;
}

/* A hit's year (the date sort's key), -1 without one. */
static long hit_year(const hit_store *h)
{
	json_t *y = json_object_get(json_object_get(h->rec, "fields"), "year");
	return json_is_integer(y) ? (long)json_integer_value(y) : -1;
}

/* Put the page's near-ties in record-id order (an insertion sort: the
 * page is small and nearly sorted), then renumber the ranks. By date, a
 * tie is the same year and score. A near-tie that straddles the page's
 * edge is left as Xapian cut it. */
static void order_ties(iio_results *res, int by_date)
{
	for (size_t i = 1; i < res->n; i++) {
		hit_store h = res->hits[i];
		size_t j = i;
		while (j > 0 && same_score(res->hits[j - 1].hit.score, h.hit.score) &&
		       (!by_date || hit_year(&res->hits[j - 1]) == hit_year(&h)) &&
		       strcmp(res->hits[j - 1].hit.id, h.hit.id) > 0) {
			res->hits[j] = res->hits[j - 1];
			j--;
		}
		res->hits[j] = h;
	}
	for (size_t i = 0; i < res->n; i++)
		res->hits[i].hit.rank = res->offset + i + 1;
}

void iio_search_options_init(iio_search_options *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->version = IIO_SEARCH_OPTIONS_VERSION;
	opts->limit = 10;
	opts->snippet_chars = 200;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void iio_results_free(iio_results *res)
{
	size_t i;
	if (!res)
		return;
	for (i = 0; i < res->n; i++) {
		json_decref(res->hits[i].rec);
		free(res->hits[i].fields_json);
		free(res->hits[i].explain);
		iio__snippet_clear(&res->hits[i].snip);
	}
	for (size_t f = 0; f < res->nfacets; f++) {
		for (i = 0; i < res->facets[f].n; i++)
			free(res->facets[f].v[i].value);
		free(res->facets[f].v);
	}
	free(res->suggestion);
	free(res->hits);
	free(res->query);
	free(res);
}

static int on_facet(void *ctx, const char *value, size_t len, unsigned count)
{
	facet *fc = ctx;
	facet_value *f;
	if (fc->n >= IIO_MAX_FACET_VALUES)
		return 1;
	f = &fc->v[fc->n];
	f->value = strndup(value, len);
	if (!f->value)
		return 1;
	f->count = count;
	fc->n++;
	return 0;
}

static const char *str_member(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Hit I of the page from ITEM of MSET, with SCORE. */
static iio_status fill_hit(iio_results *res, iio_index *idx, const iio_parsed_query *pq, xs_mset *mset, size_t i,
			   unsigned item, double score, unsigned snippet_chars)
{
	hit_store *h = &res->hits[i];
	iio_status st;
	const char *text;
	json_t *fields;
	xs_docid docid;
	double weight = score;
	char *data = NULL;
	size_t len = 0;
	xs_status xst = xs_mset_item(mset, item, &docid, NULL, NULL);

	if (!xst)
		xst = xs_mset_data(mset, item, &data, &len);
	if (xst)
		return iio__fail(idx, iio__from_xs(xst), "cannot read result %zu: %s", i, xs_mset_error(mset));
	h->docid = docid;
	h->rec = iio__parse_record(idx, data, len, docid, &st);
	xs_free(data);
	if (!h->rec)
		return st;
	h->hit.rank = res->offset + i + 1;
	h->hit.id = str_member(h->rec, "id");
	h->hit.type = str_member(h->rec, "type");
	h->hit.title = str_member(h->rec, "title");
	h->hit.url = str_member(h->rec, "url");
	h->hit.source = str_member(h->rec, "source");
	h->hit.score = weight;
	if (!h->hit.id || !h->hit.type || !h->hit.title)
		return iio__fail(idx, IIO_ERR_INDEX, "document %u lacks id, type or title", docid);
	if (!h->hit.source)
		h->hit.source = "";
	text = str_member(h->rec, "text");
	if (!text)
		text = "";
	if (snippet_chars == 0) {
		h->hit.snippet = ""; /* none asked for */
	} else {
		st = iio__snippet(&h->snip, idx->analyzer, text, strlen(text), pq, snippet_chars);
		if (st)
			return st;
		h->hit.snippet = h->snip.text;
		h->hit.marks = h->snip.marks;
		h->hit.nmarks = h->snip.nmarks;
	}
	fields = json_object_get(h->rec, "fields");
	h->fields_json = fields ? json_dumps(fields, JSON_COMPACT) : strdup("{}");
	if (!h->fields_json)
		return IIO_ERR_NOMEM;
	h->hit.fields_json = h->fields_json;
	return IIO_OK;
}

/* Run QUERY on ENQ; on success *mset is the caller's. */
static iio_status run(iio_index *idx, xs_enquire *enq, const xs_query *query, const iio_search_options *o,
		      unsigned first, unsigned max, xs_mset **mset)
{
	unsigned check = 0;
	xs_status xst = xs_enquire_set_query(enq, query);
	/* Facets count every match, as an exact total does. */
	if (!xst && (o->exact_total || o->facets))
		check = (unsigned)iio_index_count(idx);
	if (!xst)
		xst = xs_enquire_mset(enq, first, max, check, mset);
	if (xst && iio__from_xs(xst) == IIO_ERR_INDEX)
		return iio__fail(idx, IIO_ERR_INDEX,
				 "the index %s cannot be read (%s); rebuild it with 'iio-index --full' or go back "
				 "with 'iio-index --rollback'",
				 idx->path, xs_enquire_error(enq));
	if (xst)
		return iio__fail(idx, iio__from_xs(xst), "search failed: %s", xs_enquire_error(enq));
	return IIO_OK;
}

/* Write LEN bytes of the user's query S to OUT without what must not be
 * echoed back: format characters (bidi overrides, zero-width characters:
 * they can make the suggestion display as something else), control
 * characters (as spaces) and invalid UTF-8. */
static void put_visible(FILE *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {
			i++;
			continue;
		}
		switch (utf8proc_category(c)) {
		case UTF8PROC_CATEGORY_CF:
			break;
		case UTF8PROC_CATEGORY_CC:
			fputc(' ', out);
			break;
		default:
			fwrite(s + i, 1, (size_t)n, out);
		}
		i += (size_t)n;
	}
}

/* "Did you mean": the query with every word the index does not hold
 * replaced by its spelling correction from the corpus vocabulary (within
 * two edits), offered unless it finds fewer records. */
static iio_status suggest(iio_results *res, iio_index *idx, xs_enquire *enq, const iio_parsed_query *pq,
			  const char *query, const iio_search_options *o)
{
	char *buf = NULL;
	size_t size = 0, at = 0;
	int changed = 0;
	FILE *out;

	if (pq->nwords == 0)
		return IIO_OK;
	out = open_memstream(&buf, &size);
	if (!out)
		return IIO_ERR_NOMEM;
	for (size_t i = 0; i < pq->nwords; i++) {
		const iio_query_word *w = &pq->words[i];
		char *fix = NULL;
		unsigned freq = 0;
		if (w->tok_start < at || w->tok_end > strlen(query))
			continue;
		xs_db_termfreq(idx->db, w->norm, strlen(w->norm), &freq);
		if (freq == 0 && strlen(w->norm) >= 4 && !xs_db_spelling(idx->db, w->norm, strlen(w->norm), 2, &fix) && fix &&
		    *fix && strcmp(fix, w->norm)) {
			put_visible(out, query + at, w->tok_start - at);
			fputs(fix, out);
			at = w->tok_end;
			changed = 1;
		}
		xs_free(fix);
	}
	put_visible(out, query + at, strlen(query + at));
	if (fclose(out)) {
		free(buf);
		return IIO_ERR_NOMEM;
	}
	if (changed) {
		iio_parsed_query sq;
		xs_mset *m = NULL;
		unsigned lower = 0, est = 0;
		if (iio__parse_query(&sq, idx->analyzer, idx->db, buf, 0, idx->err, sizeof idx->err) == IIO_OK) {
			if (!xs_enquire_set_query(enq, sq.strict) &&
			    !xs_enquire_mset(enq, 0, 1, (unsigned)(res->total > 100 ? res->total : 100), &m)) {
				xs_mset_matches(m, &lower, &est, NULL);
				/* Offered unless it finds fewer: a word the index does
				 * not hold was most likely mistyped. */
				if (est > 0 && (est >= res->total || res->relaxed)) {
					res->suggestion = buf;
					buf = NULL;
				}
			}
			xs_mset_free(m);
			iio__parsed_query_clear(&sq);
		}
		idx->err[0] = '\0';
	}
	(void)o;
	free(buf);
	return IIO_OK;
}

/* The caller's options, of whatever version, over the defaults. */
static iio_status take_options(iio_index *idx, const iio_search_options *opts, iio_search_options *o)
{
	iio_search_options_init(o);
	if (opts) {
		if (opts->version < 1 || opts->version > IIO_SEARCH_OPTIONS_VERSION)
			return iio__fail(idx, IIO_ERR_ARGUMENT, "unknown iio_search_options version %u", opts->version);
		if (opts->version == 1)
			memcpy(o, opts, offsetof(iio_search_options, filter)); /* a version-1 struct ends there */
		else
			*o = *opts;
	}
	if (o->limit > IIO_MAX_LIMIT)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "limit %u is above the maximum of %d", o->limit, IIO_MAX_LIMIT);
	if (o->offset > IIO_MAX_OFFSET)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "offset %lu is above the maximum of %d", o->offset,
				 IIO_MAX_OFFSET);
	return IIO_OK;
}

/* FILTER the prepared queries of PQ by the filter clauses (required, not
 * ranked); passages above whole documents first. */
static iio_status finish_queries(iio_index *idx, iio_parsed_query *pq, const iio_search_options *o)
{
	iio_status st;
	if (o->filter && *o->filter) {
		iio_parsed_query fq;
		xs_query *pair[2], *both;
		/* Filters come from options (--year, year=): a bad value is an
		 * error naming it, never a filter dropped. */
		st = iio__parse_query(&fq, idx->analyzer, NULL, o->filter, 1, idx->err, sizeof idx->err);
		if (st)
			return st;
		pair[1] = fq.strict;
		for (int r = 0; r < 2; r++) {
			xs_query **target = r ? &pq->relaxed : &pq->strict;
			if (!*target)
				continue;
			pair[0] = *target;
			both = xs_query_combine(XS_OP_FILTER, pair, 2, 0);
			xs_query_free(*target);
			*target = both;
		}
		pq->only_documents |= fq.only_documents;
		iio__parsed_query_clear(&fq);
		if (!pq->strict)
			return IIO_ERR_NOMEM;
	}
	return IIO_OK;
}

static int add_term_to(void *ctx, const char *s, size_t len)
{
	json_t *a = ctx;
	json_array_append_new(a, json_stringn(s, len));
	return 0;
}

/* Which kind of match a term of the index is, by its prefix. */
static void describe_term(const char *t, const char **match, const char **field, const char **word)
{
	*field = "text";
	*word = t;
	if (*t >= 'a' || (*t >= '0' && *t <= '9')) {
		*match = "exact";
		return;
	}
	*match = "field";
	if (!strncmp(t, IIO_PREFIX_STEM, 1)) {
		*match = "stem";
		*word = t + 1;
		return;
	}
	if (!strncmp(t, IIO_PREFIX_PART, 1)) {
		*match = "part";
		*word = t + 1;
		return;
	}
	for (size_t f = 0; f < iio_nfields; f++) {
		size_t pl = strlen(iio_fields[f].prefix);
		if (pl && !strncmp(t, iio_fields[f].prefix, pl) && t[pl] >= 'a') {
			*field = iio_fields[f].name;
			*word = t + pl;
			if (iio_fields[f].kind == IIO_FIELD_EXACT)
				*match = "filter";
			return;
		}
	}
}

/* --explain: the query terms each hit matched and the BM25 weight each
 * earns it alone. Runs one small match per term: for inspecting, not for
 * every search. */
static iio_status explain_hits(iio_results *res, iio_index *idx, xs_enquire *enq)
{
	json_t *all = json_array();
	iio_status st = IIO_OK;
	if (!all)
		return IIO_ERR_NOMEM;
	/* First what each hit matched (the enquire still holds the query)... */
	for (size_t i = 0; i < res->n; i++) {
		xs_docid docid;
		json_t *terms = json_array();
		docid = res->hits[i].docid;
		if (!terms || xs_enquire_matching_terms(enq, docid, add_term_to, terms)) {
			json_decref(terms);
			json_decref(all);
			return iio__fail(idx, IIO_ERR_INTERNAL, "cannot explain result %zu", i + 1);
		}
		json_array_append_new(all, terms);
	}
	/* ... then what each of those terms earns it alone. */
	for (size_t i = 0; i < res->n && !st; i++) {
		json_t *out = json_array(), *t;
		size_t k;
		char *idterm = NULL;
		if (!out || !(idterm = iio_id_term_dup(res->hits[i].hit.id))) {
			json_decref(out);
			st = IIO_ERR_NOMEM;
			break;
		}
		json_array_foreach(json_array_get(all, i), k, t) {
			const char *term = json_string_value(t), *match, *field, *word;
			xs_query *pair[2], *q;
			xs_mset *m = NULL;
			double weight = 0;
			pair[0] = xs_query_term(term, strlen(term), 1, 0);
			pair[1] = xs_query_term(idterm, strlen(idterm), 1, 0);
			q = pair[0] && pair[1] ? xs_query_combine(XS_OP_FILTER, pair, 2, 0) : NULL;
			if (q && !xs_enquire_set_query(enq, q) && !xs_enquire_mset(enq, 0, 1, 0, &m) && xs_mset_size(m))
				xs_mset_item(m, 0, NULL, &weight, NULL);
			xs_mset_free(m);
			xs_query_free(q);
			xs_query_free(pair[0]);
			xs_query_free(pair[1]);
			describe_term(term, &match, &field, &word);
			json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:f}", "term", word, "match", match, "field", field,
							     "weight", weight));
		}
		free(idterm);
		res->hits[i].explain = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(5));
		res->hits[i].hit.explain_json = res->hits[i].explain;
		if (!res->hits[i].explain)
			st = IIO_ERR_NOMEM;
		json_decref(out);
	}
	json_decref(all);
	return st;
}

/* The deepest page rank_page ranks itself (offset + limit). */
#define RANK_PAGE_MAX 1000

/* A match of the ranked page: its item in the mset, its score with a
 * whole document weighed down, its record id for ties. */
typedef struct ranked {
	unsigned item;
	xs_docid docid;
	double score;
	char *id; /* read only for a tie */
} ranked;

static int by_docid(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	return a->docid < b->docid ? -1 : a->docid > b->docid;
}

/* By score; equal scores in Xapian's order for now (ties_by_id). */
static int by_score(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	if (!same_score(a->score, b->score))
		return a->score < b->score ? 1 : -1;
	return a->item < b->item ? -1 : a->item > b->item;
}

static int by_id(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	return strcmp(a->id, b->id);
}

/* Put each run of equal scores in R (sorted by_score) in record id order,
 * reading the ids of those records only: the values of a match are reads
 * of the index, and ties are rare. */
static xs_status ties_by_id(xs_mset *mset, ranked *r, unsigned n)
{
	for (unsigned i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && same_score(r[j].score, r[i].score);)
			j++;
		if (j - i < 2)
			continue;
		for (unsigned k = i; k < j; k++) {
			size_t il = 0;
			xs_status xst = xs_mset_value(mset, r[k].item, IIO_SLOT_ID, &r[k].id, &il);
			if (xst)
				return xst;
		}
		qsort(r + i, j - i, sizeof *r, by_id);
	}
	return XS_OK;
}

/* Weigh the whole documents among R (sorted by_docid) down, counting
 * them in *WHOLE: one walk along the type term's postings, not a value
 * read per match. */
static iio_status weigh_documents(iio_index *idx, ranked *r, unsigned n, unsigned *whole)
{
	static const char doc_term[] = IIO_PREFIX_TYPE "document";
	xs_docid *ids = malloc((n ? n : 1) * sizeof *ids);
	unsigned char *is_doc = malloc(n ? n : 1);
	iio_status st = IIO_OK;
	xs_status xst;
	if (!ids || !is_doc) {
		st = IIO_ERR_NOMEM;
		goto out;
	}
	for (unsigned i = 0; i < n; i++)
		ids[i] = r[i].docid;
	if ((xst = xs_db_docs_with_term(idx->db, doc_term, sizeof doc_term - 1, ids, n, is_doc))) {
		st = iio__fail(idx, iio__from_xs(xst), "cannot read the types of the results: %s", xs_db_error(idx->db));
		goto out;
	}
	for (unsigned i = 0; i < n; i++)
		if (is_doc[i]) {
			r[i].score *= W_WHOLE_DOCUMENT;
			(*whole)++;
		}
out:
	free(ids);
	free(is_doc);
	return st;
}

static void ranked_free(ranked *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++)
		xs_free(r[i].id);
	free(r);
}

/* Run QUERY by relevance and rank its first OFFSET + LIMIT matches as the
 * user sees them: a record of type document weighs W_WHOLE_DOCUMENT of its
 * score, so the passage that answers ranks above the 20-page document
 * holding it, and ties go to the record id. Done on the matches Xapian
 * ranks (its own BM25 and operators only, so remote shards rank the same)
 * rather than in the query (prefer_passages), which evaluates the query
 * twice. Exact: Xapian's top N is fetched (twice the page, then eight
 * times), and it decides when the page's last score lies above the N-th
 * score (nothing unfetched can then reach the page, as weighing down only
 * lowers) or every match was fetched. Where the page is all whole
 * documents it cannot, unless ONLY_DOCUMENTS says every match is one
 * (type:document: all weigh the same, so nothing unfetched can reach the
 * page's last either); otherwise *UNDECIDED is set, nothing out. */
static iio_status rank_page(iio_index *idx, xs_enquire *enq, const xs_query *query, const iio_search_options *o,
			    int only_documents, xs_mset **mset, ranked **out, size_t *nout, int *undecided)
{
	/* What an unfetched match can weigh at most, for Xapian's lowest
	 * fetched score 1. */
	double reach = only_documents ? W_WHOLE_DOCUMENT : 1.0;
	unsigned long want = o->offset + o->limit, fetch = want < 10 ? want + 10 : 2 * want;
	unsigned long all = iio_index_count(idx);
	*out = NULL;
	*nout = 0;
	*undecided = 0;
	/* A deep page (offset 100000): reading twice as many matches' values
	 * would cost more than the query ranking documents down itself. */
	if (want > RANK_PAGE_MAX) {
		*undecided = 1;
		return IIO_OK;
	}
	for (int attempt = 0;; attempt++) {
		ranked *r;
		unsigned n, whole = 0; /* matches fetched, whole documents among them */
		double last = 0;
		iio_status st = run(idx, enq, query, o, 0, (unsigned)fetch, mset);
		if (st)
			return st;
		n = xs_mset_size(*mset);
		r = calloc(n ? n : 1, sizeof *r);
		if (!r)
			return IIO_ERR_NOMEM;
		xs_status xst = XS_OK;
		for (unsigned i = 0; i < n && !xst; i++) {
			xst = xs_mset_item(*mset, i, &r[i].docid, &r[i].score, NULL);
			r[i].item = i;
			last = r[i].score; /* Xapian's order: the lowest so far */
		}
		if (!xst) {
			qsort(r, n, sizeof *r, by_docid);
			if ((st = weigh_documents(idx, r, n, &whole))) {
				ranked_free(r, n);
				return st;
			}
			qsort(r, n, sizeof *r, by_score);
			xst = ties_by_id(*mset, r, n);
		}
		if (xst) {
			ranked_free(r, n);
			return iio__fail(idx, iio__from_xs(xst), "cannot read the results: %s", xs_mset_error(*mset));
		}
		if (n < fetch || fetch >= all || want == 0 ||
		    (r[want - 1].score > last * reach && !same_score(r[want - 1].score, last * reach))) {
			*out = r;
			*nout = n;
			return IIO_OK;
		}
		ranked_free(r, n);
		xs_mset_free(*mset);
		*mset = NULL;
		/* Only documents so far, and passages may follow: fetching
		 * more is unlikely to decide it. */
		if (attempt == 1 || (whole == n && !only_documents)) {
			*undecided = 1;
			return IIO_OK;
		}
		fetch *= 4;
	}
}

/* How a search ranks its matches. */
enum { RANK_PAGE, RANK_IN_QUERY, RANK_BY_XAPIAN };

/* Run *Q as MODE says, falling back from RANK_PAGE to RANK_IN_QUERY where
 * rank_page cannot decide (wrapping *Q and setting the enquire's sort). */
static iio_status rank(iio_index *idx, xs_enquire *enq, xs_query **q, const iio_search_options *o,
		       int only_documents, int *mode, xs_mset **mset, ranked **rk, size_t *nrk)
{
	int undecided = 0;
	iio_status st;
	if (*mode == RANK_PAGE) {
		st = rank_page(idx, enq, *q, o, only_documents, mset, rk, nrk, &undecided);
		if (st || !undecided)
			return st;
		if (xs_enquire_set_sort_relevance_then(enq, IIO_SLOT_ID))
			return iio__fail(idx, IIO_ERR_INTERNAL, "cannot sort: %s", xs_enquire_error(enq));
		*mode = RANK_IN_QUERY;
	}
	if (*mode == RANK_IN_QUERY && !(*q = prefer_passages(*q)))
		return IIO_ERR_NOMEM;
	return run(idx, enq, *q, o, (unsigned)o->offset, o->limit, mset);
}

/* Run the prepared PQ and build the result set; QUERY is what was asked
 * (for the JSON and for spelling suggestions, NULL: none). Consumes PQ. */
static iio_status execute(iio_results **out, iio_index *idx, const char *query, iio_parsed_query *pq,
			  const iio_search_options *op, double t0)
{
	iio_search_options o = *op;
	iio_results *res;
	xs_enquire *enq = NULL;
	xs_mset *mset = NULL;
	char *xerr = NULL;
	iio_status st;
	xs_status xst;
	unsigned lower = 0, est = 0, upper = 0, i, n;
	ranked *rk = NULL;
	size_t nrk = 0;
	/* Words rank by relevance (rank_page); records a filter alone
	 * matches weigh nothing and go by record id, as Xapian sorts them. */
	int mode = o.sort != IIO_SORT_DATE && !pq->filter_only ? RANK_PAGE : RANK_BY_XAPIAN;

	res = calloc(1, sizeof *res);
	if (!res || !(res->query = strdup(query ? query : ""))) {
		free(res);
		iio__parsed_query_clear(pq);
		return IIO_ERR_NOMEM;
	}
	res->offset = o.offset;
	res->limit = o.limit;
	res->facets_requested = o.facets != 0;
	xst = xs_enquire_new(&enq, idx->db, &xerr);
	if (!xst)
		xst = xs_enquire_set_bm25(enq, IIO_BM25_K1, IIO_BM25_K2, IIO_BM25_K3, IIO_BM25_B,
					  IIO_BM25_MIN_NORMLEN);
	/* Ties in ranking go to the record id, so results are the same every
	 * time; by date: newest year first, records without a year last. */
	if (!xst && mode == RANK_BY_XAPIAN)
		xst = o.sort == IIO_SORT_DATE ? xs_enquire_set_sort(enq, IIO_SLOT_YEAR, 1)
					       : xs_enquire_set_sort_relevance_then(enq, IIO_SLOT_ID);
	for (size_t f = 0; !xst && o.facets && f < iio_nfields; f++)
		if (iio_fields[f].facet_slot >= 0)
			xst = xs_enquire_add_facet(enq, (unsigned)iio_fields[f].facet_slot);
	if (xst) {
		st = iio__fail(idx, iio__from_xs(xst), "cannot start the search: %s",
			       xerr ? xerr : enq ? xs_enquire_error(enq) : xs_status_string(xst));
		goto done;
	}
	st = rank(idx, enq, &pq->strict, &o, pq->only_documents, &mode, &mset, &rk, &nrk);
	if (!st) {
		xs_mset_matches(mset, &lower, &est, &upper);
		/* Nothing has every word: rank what has some of them. */
		if (upper == 0 && pq->relaxed) {
			xs_mset_free(mset);
			mset = NULL;
			ranked_free(rk, nrk);
			rk = NULL;
			nrk = 0;
			st = rank(idx, enq, &pq->relaxed, &o, pq->only_documents, &mode, &mset, &rk, &nrk);
			if (!st) {
				xs_mset_matches(mset, &lower, &est, &upper);
				res->relaxed = 1;
			}
		}
	}
	if (st)
		goto done;
	res->total = est;
	res->total_exact = lower == upper;
	if (mode == RANK_PAGE)
		n = nrk > o.offset ? (unsigned)(nrk - o.offset < o.limit ? nrk - o.offset : o.limit) : 0;
	else
		n = xs_mset_size(mset);
	res->hits = calloc(n ? n : 1, sizeof *res->hits);
	if (!res->hits) {
		st = IIO_ERR_NOMEM;
		goto done;
	}
	for (i = 0; i < n && !st; i++) {
		unsigned item = i;
		double score = 0;
		res->n = i + 1;
		if (mode == RANK_PAGE) {
			item = rk[o.offset + i].item;
			score = rk[o.offset + i].score;
		} else {
			xs_mset_item(mset, i, NULL, &score, NULL);
		}
		st = fill_hit(res, idx, pq, mset, i, item, score, o.snippet_chars);
	}
	if (!st && mode != RANK_PAGE)
		order_ties(res, o.sort == IIO_SORT_DATE);
	for (size_t f = 0; !st && o.facets && f < iio_nfields && res->nfacets < 16; f++) {
		facet *fc;
		if (iio_fields[f].facet_slot < 0)
			continue;
		fc = &res->facets[res->nfacets++];
		fc->name = iio_fields[f].name;
		fc->v = calloc(IIO_MAX_FACET_VALUES, sizeof *fc->v);
		if (!fc->v)
			st = IIO_ERR_NOMEM;
		else if ((xst = xs_enquire_facets(enq, (unsigned)iio_fields[f].facet_slot, IIO_MAX_FACET_VALUES, on_facet, fc)))
			st = iio__fail(idx, iio__from_xs(xst), "cannot count facets: %s", xs_enquire_error(enq));
	}
	/* The two below reuse the enquire for small matches of their own. */
	if (!st && o.explain)
		st = explain_hits(res, idx, enq);
	if (!st && !o.strict && query)
		st = suggest(res, idx, enq, pq, query, &o);
done:
	ranked_free(rk, nrk);
	xs_free(xerr);
	xs_mset_free(mset);
	xs_enquire_free(enq);
	iio__parsed_query_clear(pq);
	if (st) {
		iio_results_free(res);
		return st;
	}
	res->took_ms = now_ms() - t0;
	*out = res;
	return IIO_OK;
}

iio_status iio_search(iio_results **out, iio_index *idx, const char *query, const iio_search_options *opts)
{
	double t0 = now_ms();
	iio_search_options o;
	iio_parsed_query pq;
	iio_status st;

	if (!out)
		return IIO_ERR_ARGUMENT;
	*out = NULL;
	if (!idx || !idx->db || !query)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "iio_search needs an open index and a query");
	if ((st = take_options(idx, opts, &o)))
		return st;
	if (o.filter && *o.filter && query[strspn(query, " \t\r\n")] == '\0') {
		/* No words, only filters: every record that passes them. */
		st = iio__parse_query(&pq, idx->analyzer, idx->db, o.filter, 1, idx->err, sizeof idx->err);
		o.filter = NULL;
	} else {
		st = iio__parse_query(&pq, idx->analyzer, idx->db, query, o.strict, idx->err, sizeof idx->err);
	}
	if (st)
		return st;
	if ((st = finish_queries(idx, &pq, &o))) {
		iio__parsed_query_clear(&pq);
		return st;
	}
	st = execute(out, idx, query, &pq, &o, t0);
	/* Nothing at all, but a spelling that finds something: search that
	 * ("showing results for"), say so, keep what was asked. */
	if (!st && (*out)->total == 0 && (*out)->suggestion && !o.strict) {
		iio_results *fixed = NULL;
		iio_search_options again = o;
		again.strict = 1; /* no second round of corrections */
		if (iio_search(&fixed, idx, (*out)->suggestion, &again) == IIO_OK && fixed->total > 0) {
			char *q = fixed->query;
			fixed->query = (*out)->query;
			(*out)->query = q;
			fixed->suggestion = q ? strdup(q) : NULL;
			fixed->corrected = 1;
			fixed->took_ms = now_ms() - t0;
			iio_results_free(*out);
			*out = fixed;
		} else {
			iio_results_free(fixed);
		}
		idx->err[0] = '\0';
	}
	return st;
}

typedef struct similar_ctx {
	xs_query *terms[32];
	size_t n;
	iio_parsed_query *pq;
} similar_ctx;

static int on_expand(void *vctx, const char *s, size_t len)
{
	similar_ctx *c = vctx;
	if (c->n == sizeof c->terms / sizeof *c->terms)
		return 1;
	if ((c->terms[c->n] = xs_query_term(s, len, 1, 0)))
		c->n++;
	/* light them up in snippets: the stem, without its Z */
	if (c->pq->nstems < IIO_MAX_QUERY_TERMS && (c->pq->stems[c->pq->nstems] = strndup(s + 1, len - 1)))
		c->pq->nstems++;
	return 0;
}

iio_status iio_similar(iio_results **out, iio_index *idx, const char *id, const iio_search_options *opts)
{
	double t0 = now_ms();
	iio_search_options o;
	iio_parsed_query pq;
	similar_ctx c;
	xs_enquire *enq = NULL;
	xs_docid docid;
	char *idterm = NULL;
	iio_status st;
	xs_status xst;

	if (!out)
		return IIO_ERR_ARGUMENT;
	*out = NULL;
	if (!idx || !idx->db || !id)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "iio_similar needs an open index and an id");
	if ((st = take_options(idx, opts, &o)))
		return st;
	if (!(idterm = iio_id_term_dup(id)))
		return IIO_ERR_NOMEM;
	xst = xs_db_find_doc(idx->db, idterm, strlen(idterm), &docid);
	if (xst) {
		free(idterm);
		return xst == XS_NOT_FOUND ? iio__fail(idx, IIO_ERR_NOT_FOUND, "no record with id '%s'", id)
					   : iio__fail(idx, iio__from_xs(xst), "%s", xs_db_error(idx->db));
	}
	memset(&pq, 0, sizeof pq);
	memset(&c, 0, sizeof c);
	c.pq = &pq;
	xst = xs_enquire_new(&enq, idx->db, NULL);
	if (!xst)
		xst = xs_enquire_expand(enq, docid, 20, IIO_PREFIX_STEM, on_expand, &c);
	if (xst)
		st = iio__fail(idx, iio__from_xs(xst), "cannot describe '%s': %s", id, enq ? xs_enquire_error(enq) : "");
	xs_enquire_free(enq);
	if (!st && c.n == 0)
		st = iio__fail(idx, IIO_ERR_QUERY, "record '%s' has no words to find others by", id);
	if (!st) {
		/* Its describing terms, the record itself left out. */
		xs_query *any = xs_query_combine(XS_OP_OR, c.terms, c.n, 0), *self = xs_query_term(idterm, strlen(idterm), 1, 0);
		xs_query *pair[2] = {any, self};
		pq.strict = any && self ? xs_query_combine(XS_OP_AND_NOT, pair, 2, 0) : NULL;
		xs_query_free(any);
		xs_query_free(self);
		if (!pq.strict)
			st = IIO_ERR_NOMEM;
	}
	for (size_t i = 0; i < c.n; i++)
		xs_query_free(c.terms[i]);
	free(idterm);
	if (!st)
		st = finish_queries(idx, &pq, &o);
	if (st) {
		iio__parsed_query_clear(&pq);
		return st;
	}
	return execute(out, idx, NULL, &pq, &o, t0);
}

size_t iio_results_count(const iio_results *res) { return res ? res->n : 0; }

const iio_hit *iio_results_hit(const iio_results *res, size_t i)
{
	return res && i < res->n ? &res->hits[i].hit : NULL;
}

unsigned long iio_results_total(const iio_results *res) { return res ? res->total : 0; }
int iio_results_total_exact(const iio_results *res) { return res ? res->total_exact : 0; }
int iio_results_relaxed(const iio_results *res) { return res ? res->relaxed : 0; }
int iio_results_corrected(const iio_results *res) { return res ? res->corrected : 0; }
double iio_results_took_ms(const iio_results *res) { return res ? res->took_ms : 0; }

static const facet *find_facet(const iio_results *res, const char *name)
{
	const iio_field_def *f;
	if (!res || !name || !(f = iio_field_named(name, strlen(name))))
		return NULL;
	for (size_t i = 0; i < res->nfacets; i++)
		if (!strcmp(res->facets[i].name, f->name))
			return &res->facets[i];
	return NULL;
}

size_t iio_results_facet_count(const iio_results *res, const char *name)
{
	const facet *f = find_facet(res, name);
	return f ? f->n : 0;
}

const char *iio_results_facet_value(const iio_results *res, const char *name, size_t i, unsigned long *count)
{
	const facet *f = find_facet(res, name);
	if (!f || i >= f->n)
		return NULL;
	if (count)
		*count = f->v[i].count;
	return f->v[i].value;
}

const char *iio_results_suggestion(const iio_results *res) { return res ? res->suggestion : NULL; }

iio_status iio_results_json(char **out, const iio_results *res)
{
	json_t *o, *arr, *facets;
	size_t i;

	if (!out || !res)
		return IIO_ERR_ARGUMENT;
	*out = NULL;
	o = json_object();
	arr = json_array();
	facets = json_object();
	if (!o || !arr || !facets) {
		json_decref(o);
		json_decref(arr);
		json_decref(facets);
		return IIO_ERR_NOMEM;
	}
	json_object_set_new(o, "query", json_string(res->query));
	json_object_set_new(o, "total", json_integer((json_int_t)res->total));
	json_object_set_new(o, "total_exact", json_boolean(res->total_exact));
	json_object_set_new(o, "relaxed", json_boolean(res->relaxed));
	json_object_set_new(o, "corrected", json_boolean(res->corrected));
	json_object_set_new(o, "offset", json_integer((json_int_t)res->offset));
	json_object_set_new(o, "limit", json_integer(res->limit));
	json_object_set_new(o, "took_ms", json_real(res->took_ms));
	json_object_set_new(o, "suggestion", res->suggestion ? json_string(res->suggestion) : json_null());
	for (i = 0; i < res->n; i++) {
		const hit_store *h = &res->hits[i];
		json_t *r = json_object();
		char *html = iio__snippet_html(h->hit.snippet, h->hit.marks, h->hit.nmarks);
		json_t *fields = json_object_get(h->rec, "fields");
		if (!r || !html) {
			free(html);
			json_decref(r);
			json_decref(o);
			json_decref(arr);
			json_decref(facets);
			return IIO_ERR_NOMEM;
		}
		json_object_set_new(r, "rank", json_integer((json_int_t)h->hit.rank));
		json_object_set_new(r, "id", json_string(h->hit.id));
		json_object_set_new(r, "type", json_string(h->hit.type));
		json_object_set_new(r, "title", json_string(h->hit.title));
		json_object_set_new(r, "url", h->hit.url ? json_string(h->hit.url) : json_null());
		json_object_set_new(r, "source", json_string(h->hit.source));
		json_object_set_new(r, "score", json_real(h->hit.score));
		json_object_set_new(r, "snippet", json_string(html));
		json_object_set_new(r, "fields", fields ? json_incref(fields) : json_object());
		if (h->explain)
			json_object_set_new(r, "explain", json_loads(h->explain, 0, NULL));
		free(html);
		json_array_append_new(arr, r);
	}
	json_object_set_new(o, "results", arr);
	for (size_t f = 0; res->facets_requested && f < res->nfacets; f++) {
		json_t *list = json_array();
		for (i = 0; list && i < res->facets[f].n; i++) {
			json_t *v = json_object();
			json_object_set_new(v, "value", json_string(res->facets[f].v[i].value));
			json_object_set_new(v, "count", json_integer((json_int_t)res->facets[f].v[i].count));
			json_array_append_new(list, v);
		}
		json_object_set_new(facets, res->facets[f].name, list);
	}
	json_object_set_new(o, "facets", facets);
	*out = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	return *out ? IIO_OK : IIO_ERR_NOMEM;
}
