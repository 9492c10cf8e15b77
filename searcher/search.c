/* search.c - running a search (libiiosearch): the options, the plan
 * (plan.c) carried out stage by stage: rank (rank.c), count (count.c), fill
 * the page (hits.c), groups (grouping.c), explain (explain.c), did-you-mean
 * (didyoumean.c), and when nothing is found the alternatives
 * (alternatives.c). The result set's accessors and JSON are results.c's;
 * the weights are weights.h's.
 *
 * The match is Xapian's BM25 over the terms the analyzer made (title words
 * weigh more through their wdf, IIO_TITLE_WDF), run with built-in classes
 * so remote shards served by a stock xapian-tcpsrv rank the same way; the
 * top of it is then re-ranked by rank.c with what it reads through
 * Xapian's API (the words a record holds, proximity in a rescore window).
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

iio_status iio__begin_results(iio_results **out, iio_index *idx, const void *what, const char *needs)
{
	if (!out)
		return IIO_ERR_ARGUMENT;
	*out = NULL;
	if (!idx || !idx->db || !what)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "%s", needs);
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
		else if (opts->version == 3)
			memcpy(o, opts, offsetof(iio_search_options, no_interpret)); /* a version-3 struct ends there */
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
		st = iio__parse_query(&fq, idx->analyzer, idx->db, o->filter, 1, idx->err, sizeof idx->err);
		if (st)
			return st;
		pair[1] = fq.strict;
		for (int r = 0; r < 3; r++) {
			xs_query **target = r == 2 ? &pq->covered : r ? &pq->relaxed : &pq->strict;
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

/* The enquire a search ranks with: BM25, ties by record id (MODE
 * RANK_BY_XAPIAN: by date as O asks), collapsed on the group slot unless
 * O->no_group. *ENQ is the caller's, also on failure. */
static iio_status start_enquire(iio_index *idx, const iio_search_options *o, int mode, xs_enquire **enq)
{
	char *xerr = NULL;
	iio_status st = IIO_OK;
	xs_status xst = xs_enquire_new(enq, idx->db, &xerr);
	if (!xst)
		xst = xs_enquire_set_bm25(*enq, IIO_BM25_K1, IIO_BM25_K2, IIO_BM25_K3, IIO_BM25_B,
					  IIO_BM25_MIN_NORMLEN);
	/* Ties in ranking go to the record id, so results are the same every
	 * time; by date: newest year first, records without a year last. */
	if (!xst && mode == RANK_BY_XAPIAN)
		xst = o->sort == IIO_SORT_DATE ? xs_enquire_set_sort(*enq, IIO_SLOT_YEAR, 1)
					       : xs_enquire_set_sort_relevance_then(*enq, IIO_SLOT_ID);
	/* Near-identical records collapse into one result (Xapian's collapse
	 * key, so remote shards collapse alike). */
	if (!xst && !o->no_group)
		xst = xs_enquire_set_collapse(*enq, IIO_SLOT_GROUP);
	/* Which member stands for a group must not depend on docids (shards,
	 * parallel builds): equal scores go to the lower record id, read only
	 * on members of groups (a value lookup per match in a slot every
	 * record has cost 12%); rank.c puts the page's ties in id order. */
	if (!xst && !o->no_group && mode == RANK_PAGE)
		xst = xs_enquire_set_sort_relevance_then(*enq, IIO_SLOT_MEMBER_ID);
	if (xst)
		st = iio__fail(idx, iio__from_xs(xst), "cannot start the search: %s",
			       xerr ? xerr : *enq ? xs_enquire_error(*enq) : xs_status_string(xst));
	xs_free(xerr);
	return st;
}

/* What ranking a search leaves: the page's matches (RK, items of MSET or
 * MORE; in Xapian's own order of MSET when MODE is not RANK_PAGE) and the
 * query it ranked (USED). */
typedef struct ranking {
	xs_mset *mset, *more;
	ranked *rk;
	size_t nrk;
	const xs_query *used;
	int mode;
} ranking;

/* Whether the run RG made matched nothing at all. */
static int matched_none(const ranking *rg)
{
	unsigned upper = 0;
	if (rg->mode == RANK_PAGE)
		return rg->nrk == 0; /* ranked from the first match */
	xs_mset_matches(rg->mset, NULL, NULL, &upper);
	return upper == 0;
}

/* The rank stage: PQ ranked into RG (on ENQ) as PLAN says. Best match:
 * two or more clauses, by relevance, at any depth (one order for every
 * page); by date, Xapian's order of the best-match query. Otherwise every
 * word is required (and when nothing has every word, what has some of
 * them is ranked: RES is then relaxed). */
static iio_status rank_search(iio_results *res, iio_index *idx, xs_enquire *enq, iio_parsed_query *pq,
			      const iio_search_options *o, const iio_plan *plan, ranking *rg)
{
	iio_status st;
	switch (plan->strategy) {
	case IIO_STRATEGY_BEST_MATCH:
		rg->used = pq->relaxed;
		return iio__best_match(idx, enq, pq, o, plan, &rg->mset, &rg->rk, &rg->nrk, &rg->more);
	case IIO_STRATEGY_BEST_MATCH_BY_DATE:
		st = iio__rank(idx, enq, &pq->relaxed, pq, o, plan, &rg->mode, &rg->mset, &rg->rk, &rg->nrk);
		rg->used = pq->relaxed;
		return st;
	case IIO_STRATEGY_ALL_WORDS:
	case IIO_STRATEGY_BY_DATE:
	case IIO_STRATEGY_FILTER_ONLY:
		break;
	}
	st = iio__rank(idx, enq, &pq->strict, pq, o, plan, &rg->mode, &rg->mset, &rg->rk, &rg->nrk);
	rg->used = pq->strict;
	if (st || !matched_none(rg) || !pq->relaxed || o->all_words)
		return st;
	/* Nothing has every word: rank what has some of them. */
	xs_mset_free(rg->mset);
	rg->mset = NULL;
	iio__ranked_free(rg->rk, rg->nrk);
	rg->rk = NULL;
	rg->nrk = 0;
	st = iio__rank(idx, enq, &pq->relaxed, pq, o, plan, &rg->mode, &rg->mset, &rg->rk, &rg->nrk);
	if (!st) {
		res->relaxed = 1;
		rg->used = pq->relaxed;
	}
	return st;
}

/* Hit I of the page: the match RG puts there, read, with the clauses it
 * lacks (best match). */
static iio_status page_hit(iio_results *res, iio_index *idx, const iio_parsed_query *pq, const iio_search_options *o,
			   const iio_plan *plan, const ranking *rg, size_t i)
{
	unsigned item = (unsigned)i;
	double score = 0;
	xs_mset *from = rg->mset;
	const ranked *r = rg->mode == RANK_PAGE ? &rg->rk[o->offset + i] : NULL;
	hit_store *h = &res->hits[i];
	iio_status st;
	if (r) {
		item = r->item;
		score = r->score;
		if (r->from)
			from = r->from;
	} else {
		xs_mset_item(rg->mset, item, NULL, &score, NULL);
	}
	st = iio__fill_hit(res, idx, pq, from, i, item, score, o->snippet_chars);
	if (st || plan->strategy != IIO_STRATEGY_BEST_MATCH || !r->nmissing)
		return st;
	for (size_t c = 0; c < pq->nclauses; c++)
		if (r->missing & (1u << c)) {
			if (!(h->missing[h->hit.nmissing] = strdup(pq->clauses[c].text)))
				return IIO_ERR_NOMEM;
			h->hit.nmissing++;
		}
	h->hit.missing = (const char *const *)h->missing;
	res->relaxed = 1;
	return IIO_OK;
}

/* Run the prepared PQ as PLAN says and build the result set; QUERY is
 * what was asked (for the JSON and for spelling suggestions, NULL: none).
 * Consumes PQ. */
iio_status iio__execute_plan(iio_results **out, iio_index *idx, const char *query, iio_parsed_query *pq,
			       const iio_search_options *op, const iio_plan *plan, double t0)
{
	iio_search_options o = *op, ro = *op;
	iio_results *res;
	xs_enquire *enq = NULL, *genq = NULL;
	xs_query *covered = NULL;
	iio_status st;
	xs_status xst;
	size_t i, n;
	ranking rg = {.mode = plan->rank_mode};

	res = calloc(1, sizeof *res);
	if (!res || !(res->query = strdup(query ? query : ""))) {
		free(res);
		iio__parsed_query_clear(pq);
		return IIO_ERR_NOMEM;
	}
	res->offset = o.offset;
	res->limit = o.limit;
	res->counts_exact = 1;
	o.facets = (plan->stages & IIO_STAGE_FACETS) != 0;
	res->facets_requested = o.facets;
	/* The counts are a stage of their own (count.c): the ranking runs
	 * need not count every match. */
	ro.facets = ro.exact_total = 0;
	if ((st = start_enquire(idx, &o, rg.mode, &enq)) || (st = rank_search(res, idx, enq, pq, &ro, plan, &rg)))
		goto done;
	/* Best match: how many hold every word is counted too. */
	if ((plan->strategy == IIO_STRATEGY_BEST_MATCH || plan->strategy == IIO_STRATEGY_BEST_MATCH_BY_DATE) &&
	    !(covered = iio__covered_query(pq))) {
		st = IIO_ERR_NOMEM;
		goto done;
	}
	if ((plan->stages & IIO_STAGE_COUNT) && (st = iio__count(res, idx, rg.used, covered, &o)))
		goto done;
	/* Fill the page. */
	if (rg.mode == RANK_PAGE)
		n = rg.nrk > o.offset ? (rg.nrk - o.offset < o.limit ? rg.nrk - o.offset : o.limit) : 0;
	else
		n = xs_mset_size(rg.mset);
	if (!(res->hits = calloc(n ? n : 1, sizeof *res->hits))) {
		st = IIO_ERR_NOMEM;
		goto done;
	}
	for (i = 0; i < n && !st; i++) {
		res->n = i + 1;
		st = page_hit(res, idx, pq, &o, plan, &rg, i);
	}
	if (!st && rg.mode != RANK_PAGE)
		iio__order_ties(res, o.sort == IIO_SORT_DATE);
	/* Groups: every result's group is read from the index, not from
	 * Xapian's collapse counts: those do not travel from remote shards. */
	for (i = 0; !st && (plan->stages & IIO_STAGE_GROUPS) && rg.used && i < res->n; i++)
		st = iio__group_details(res, idx, pq, rg.used, res->hits[i].from, i, o.snippet_chars, &genq);
	/* explain and did-you-mean below run queries of their own on ENQ. */
	if (!st && !o.no_group && (xst = xs_enquire_set_collapse(enq, -1)))
		st = iio__fail(idx, iio__from_xs(xst), "cannot search: %s", xs_enquire_error(enq));
	if (!st && (plan->stages & IIO_STAGE_EXPLAIN))
		st = iio__explain_hits(res, idx, enq);
	if (!st && (plan->stages & IIO_STAGE_DID_YOU_MEAN) && query)
		st = iio__did_you_mean(res, idx, enq, pq, query);
done:
	xs_query_free(covered);
	iio__ranked_free(rg.rk, rg.nrk);
	xs_mset_free(rg.mset);
	xs_mset_free(rg.more);
	xs_enquire_free(enq);
	xs_enquire_free(genq);
	iio__parsed_query_clear(pq);
	if (st) {
		iio_results_free(res);
		return st;
	}
	res->took_ms = iio__now_ms() - t0;
	*out = res;
	return IIO_OK;
}

iio_status iio__execute(iio_results **out, iio_index *idx, const char *query, iio_parsed_query *pq,
			  const iio_search_options *o, double t0)
{
	iio_index_stats stats;
	iio_plan plan;
	iio_status st = iio__index_stats(idx, &stats);
	if (st) {
		iio__parsed_query_clear(pq);
		return st;
	}
	iio__plan(&plan, o, pq, &stats);
	return iio__execute_plan(out, idx, query, pq, o, &plan, t0);
}

/* iio_search; HELP: when nothing is found, look for alternatives (not for
 * a correction's own search). */
static iio_status search(iio_results **out, iio_index *idx, const char *query, const iio_search_options *opts, int help)
{
	double t0 = iio__now_ms();
	iio_search_options o;
	iio_interpretation in;
	iio_parsed_query pq;
	iio_status st;

	memset(&in, 0, sizeof in);
	if ((st = iio__begin_results(out, idx, query, "iio_search needs an open index and a query")) ||
	    (st = iio__take_options(idx, opts, &o)))
		return st;
	if (o.filter && *o.filter && query[strspn(query, " \t\r\n")] == '\0') {
		/* No words, only filters: every record that passes them. */
		st = iio__parse_query(&pq, idx->analyzer, idx->db, o.filter, 1, idx->err, sizeof idx->err);
		o.filter = NULL;
	} else {
		/* The stage before the plan: words naming field values. */
		if (!o.no_interpret && o.sort != IIO_SORT_DATE && (st = iio__interpret(idx, query, &in)))
			return st;
		st = iio__parse_query(&pq, idx->analyzer, idx->db, in.content ? in.content : query, o.strict, idx->err,
				      sizeof idx->err);
		if (!st && (st = iio__apply_interpretation(idx, &pq, &in)))
			iio__parsed_query_clear(&pq);
	}
	if (st) {
		iio__interpretation_clear(&in);
		return st;
	}
	if ((st = iio__finish_queries(idx, &pq, &o))) {
		iio__parsed_query_clear(&pq);
		iio__interpretation_clear(&in);
		return st;
	}
	st = iio__execute(out, idx, query, &pq, &o, t0);
	if (!st)
		iio__keep_interpretation(*out, &in);
	iio__interpretation_clear(&in);
	/* Nothing at all, but a spelling that finds something: search that
	 * ("showing results for"), say so, keep what was asked. */
	if (!st && (*out)->total == 0 && (*out)->suggestion && !o.strict) {
		iio_results *fixed = NULL;
		iio_search_options again = o;
		again.strict = 1; /* no second round of corrections */
		if (search(&fixed, idx, (*out)->suggestion, &again, 0) == IIO_OK && fixed->total > 0) {
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
	/* Still nothing: what could help (alternatives.c). */
	if (!st && help && (*out)->total == 0 && (st = iio__alternatives(*out, idx, query, &o))) {
		iio_results_free(*out);
		*out = NULL;
	}
	return st;
}

iio_status iio_search(iio_results **out, iio_index *idx, const char *query, const iio_search_options *opts)
{
	return search(out, idx, query, opts, 1);
}
