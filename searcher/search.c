/* search.c - running a search (libiiosearch): the options, the query run
 * on Xapian, the hits read with their snippets, facets, "did you mean".
 * The page's order is rank.c's, the result set's accessors and JSON are
 * results.c's, --explain and iio_similar are explain.c's; the weights are
 * weights.h's.
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

#include "weights.h"

void iio_search_options_init(iio_search_options *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->version = IIO_SEARCH_OPTIONS_VERSION;
	opts->limit = 10;
	opts->snippet_chars = 200;
}

double iio__now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
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
iio_status iio__run(iio_index *idx, xs_enquire *enq, const xs_query *query, const iio_search_options *o,
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
iio_status iio__take_options(iio_index *idx, const iio_search_options *opts, iio_search_options *o)
{
	iio_search_options_init(o);
	if (opts) {
		if (opts->version < 1 || opts->version > IIO_SEARCH_OPTIONS_VERSION)
			return iio__fail(idx, IIO_ERR_ARGUMENT, "unknown iio_search_options version %u", opts->version);
		if (opts->version == 1)
			memcpy(o, opts, offsetof(iio_search_options, filter)); /* a version-1 struct ends there */
		else if (opts->version == 2)
			memcpy(o, opts, offsetof(iio_search_options, all_words)); /* a version-2 struct ends there */
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
iio_status iio__finish_queries(iio_index *idx, iio_parsed_query *pq, const iio_search_options *o)
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

/* Run the prepared PQ and build the result set; QUERY is what was asked
 * (for the JSON and for spelling suggestions, NULL: none). Consumes PQ. */
iio_status iio__execute(iio_results **out, iio_index *idx, const char *query, iio_parsed_query *pq,
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
	int best = 0;
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
	/* Best match: two or more clauses, by relevance, a page inside the
	 * window rank.c re-ranks. Otherwise every word is required (and when
	 * nothing has every word, what has some of them is ranked). */
	if (pq->relaxed && !o.all_words && mode == RANK_PAGE && o.offset + o.limit <= IIO_BEST_MATCH_MAX) {
		best = 1;
		st = iio__best_match(idx, enq, pq, &o, &mset, &rk, &nrk);
		if (!st)
			xs_mset_matches(mset, &lower, &est, &upper);
	} else if (pq->relaxed && !o.all_words) {
		/* A page beyond the window: Xapian's order of the best-match query. */
		best = 2;
		st = iio__rank(idx, enq, &pq->relaxed, &o, pq->only_documents, &mode, &mset, &rk, &nrk);
		if (!st)
			xs_mset_matches(mset, &lower, &est, &upper);
	} else {
		st = iio__rank(idx, enq, &pq->strict, &o, pq->only_documents, &mode, &mset, &rk, &nrk);
	}
	if (!st && !best) {
		xs_mset_matches(mset, &lower, &est, &upper);
		/* Nothing has every word: rank what has some of them. */
		if (upper == 0 && pq->relaxed && !o.all_words) {
			xs_mset_free(mset);
			mset = NULL;
			iio__ranked_free(rk, nrk);
			rk = NULL;
			nrk = 0;
			st = iio__rank(idx, enq, &pq->relaxed, &o, pq->only_documents, &mode, &mset, &rk, &nrk);
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
		if (!st && best == 1 && rk[o.offset + i].nmissing) {
			hit_store *h = &res->hits[i];
			for (size_t c = 0; c < pq->nclauses && !st; c++)
				if (rk[o.offset + i].missing & (1u << c)) {
					if (!(h->missing[h->hit.nmissing] = strdup(pq->clauses[c].text)))
						st = IIO_ERR_NOMEM;
					else
						h->hit.nmissing++;
				}
			h->hit.missing = (const char *const *)h->missing;
			res->relaxed = 1;
		}
	}
	if (!st && mode != RANK_PAGE)
		iio__order_ties(res, o.sort == IIO_SORT_DATE);
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
		st = iio__explain_hits(res, idx, enq);
	if (!st && !o.strict && query)
		st = suggest(res, idx, enq, pq, query, &o);
done:
	iio__ranked_free(rk, nrk);
	xs_free(xerr);
	xs_mset_free(mset);
	xs_enquire_free(enq);
	iio__parsed_query_clear(pq);
	if (st) {
		iio_results_free(res);
		return st;
	}
	res->took_ms = iio__now_ms() - t0;
	*out = res;
	return IIO_OK;
}

iio_status iio_search(iio_results **out, iio_index *idx, const char *query, const iio_search_options *opts)
{
	double t0 = iio__now_ms();
	iio_search_options o;
	iio_parsed_query pq;
	iio_status st;

	if (!out)
		return IIO_ERR_ARGUMENT;
	*out = NULL;
	if (!idx || !idx->db || !query)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "iio_search needs an open index and a query");
	if ((st = iio__take_options(idx, opts, &o)))
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
	if ((st = iio__finish_queries(idx, &pq, &o))) {
		iio__parsed_query_clear(&pq);
		return st;
	}
	st = iio__execute(out, idx, query, &pq, &o, t0);
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
			fixed->took_ms = iio__now_ms() - t0;
			iio_results_free(*out);
			*out = fixed;
		} else {
			iio_results_free(fixed);
		}
		idx->err[0] = '\0';
	}
	return st;
}
