/* rank.c - the order of a page of results (libiiosearch): whole
 * documents weighed down below the passages that answer, exactly, on
 * Xapian's top matches (rank_page) or in the query itself
 * (prefer_passages), and near-ties put in record-id order, so that the
 * order never depends on docids (shards, parallel builds).
 */
#define _GNU_SOURCE
#include "private.h"
#include "weights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	json_t *f = iio__hit_fields(h), *y = json_object_get(f, "year");
	long year = json_is_integer(y) ? (long)json_integer_value(y) : -1;
	json_decref(f);
	return year;
}

/* Put the page's near-ties in record-id order (an insertion sort: the
 * page is small and nearly sorted), then renumber the ranks. By date, a
 * tie is the same year and score. A near-tie that straddles the page's
 * edge is left as Xapian cut it. */
void iio__order_ties(iio_results *res, int by_date)
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

/* The deepest page rank_page ranks itself (offset + limit). */
#define RANK_PAGE_MAX 1000


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
			xs_status xst;
			if (r[k].id)
				continue; /* read for an earlier ordering */
			xst = xs_mset_value(r[k].from ? r[k].from : mset, r[k].item, IIO_SLOT_ID, &r[k].id, &il);
			if (xst)
				return xst;
		}
		qsort(r + i, j - i, sizeof *r, by_id);
	}
	return XS_OK;
}

/* Run QUERY for its first MAX matches into *MSET and *R (*N of them, in
 * Xapian's order, by score): one ranked entry per match. */
static iio_status run_ranked(iio_index *idx, xs_enquire *enq, const xs_query *query, const iio_search_options *o,
			     unsigned max, xs_mset **mset, ranked **r, unsigned *n)
{
	xs_status xst = XS_OK;
	iio_status st = iio__run(idx, enq, query, o, 0, max, mset);
	*r = NULL;
	*n = 0;
	if (st)
		return st;
	*n = xs_mset_size(*mset);
	if (!(*r = calloc(*n ? *n : 1, sizeof **r)))
		return IIO_ERR_NOMEM;
	for (unsigned i = 0; i < *n && !xst; i++) {
		xst = xs_mset_item(*mset, i, &(*r)[i].docid, &(*r)[i].score, NULL);
		(*r)[i].item = i;
	}
	if (xst) {
		free(*r);
		*r = NULL;
		return iio__fail(idx, iio__from_xs(xst), "cannot read the results: %s", xs_mset_error(*mset));
	}
	return IIO_OK;
}

/* Weigh the whole documents among R (sorted by_docid) down, counting
 * them in *WHOLE: one walk along the type term's postings, not a value
 * read per match. SCALED: only note it (the query weighed them). */
static iio_status weigh_documents(iio_index *idx, ranked *r, unsigned n, unsigned *whole, int scaled)
{
	static const char doc_term[] = IIO_PREFIX_TYPE "document";
	xs_docid *ids = calloc(n ? n : 1, sizeof *ids);
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
			/* In a query that ranks them down itself (SCALED), Xapian's
			 * weight is weighed already. */
			if (!scaled)
				r[i].score *= W_WHOLE_DOCUMENT;
			r[i].factor = W_WHOLE_DOCUMENT;
			(*whole)++;
		}
out:
	free(ids);
	free(is_doc);
	return st;
}

static iio_status mark_compounds(iio_index *idx, const iio_parsed_query *pq, ranked *r, unsigned n);
static iio_status settle_compounds(iio_index *idx, const iio_parsed_query *pq, xs_mset *mset, ranked *r, unsigned n,
				   unsigned long want, int (*cmp)(const void *, const void *));

/* Best match: fewer clauses lacked first, then score, then record id. */
static int by_coverage(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	if (a->nmissing != b->nmissing)
		return a->nmissing < b->nmissing ? -1 : 1;
	return by_score(pa, pb);
}

/* What holding clause C means: being indexed by any of its terms (a
 * compound's part counts, as a synonym does; find_missing reads it so),
 * as one query; NULL when out of memory. */
static xs_query *held_query(const iio_clause *c)
{
	iio_strings tl = {.n = 0};
	xs_query **terms = NULL, *out = NULL;
	size_t n = 0;
	if (xs_query_terms(c->q, iio__strings_add, &tl) || !(terms = calloc(tl.n ? tl.n : 1, sizeof *terms)))
		goto done;
	for (; n < tl.n; n++)
		if (!(terms[n] = xs_query_term(tl.v[n], strlen(tl.v[n]), 1, 0)))
			goto done;
	/* A clause of no terms (a wildcard matching no word) is held by none. */
	out = n ? xs_query_combine(XS_OP_OR, terms, n, 0) : xs_query_match_nothing();
done:
	for (size_t t = 0; t < n; t++)
		xs_query_free(terms[t]);
	free(terms);
	iio__strings_clear(&tl);
	return out;
}

/* Which clauses of PQ each of the N matches R (sorted by_docid) lacks
 * (held_query: indexed by any of the clause's terms). One walk along each
 * term's postings (xs_db_docs_with_term), as Xapian's API reads them, so
 * remote shards answer alike. */
static iio_status find_missing(iio_index *idx, const iio_parsed_query *pq, ranked *r, unsigned n)
{
	xs_docid *ids = malloc((n ? n : 1) * sizeof *ids);
	unsigned char *has = malloc(n ? n : 1), *held = calloc(n ? n : 1, 1);
	iio_status st = IIO_OK;
	if (!ids || !has || !held) {
		st = IIO_ERR_NOMEM;
		goto out;
	}
	for (unsigned i = 0; i < n; i++)
		ids[i] = r[i].docid;
	for (size_t c = 0; c < pq->nclauses && !st; c++) {
		iio_strings tl = {.n = 0};
		xs_status xst;
		if (pq->clauses[c].must)
			continue; /* every match holds a +clause */
		memset(held, 0, n);
		xst = xs_query_terms(pq->clauses[c].q, iio__strings_add, &tl);
		for (size_t t = 0; t < tl.n && !xst; t++) {
			xst = xs_db_docs_with_term(idx->db, tl.v[t], strlen(tl.v[t]), ids, n, has);
			for (unsigned i = 0; i < n && !xst; i++)
				held[i] |= has[i];
		}
		iio__strings_clear(&tl);
		if (xst) {
			st = iio__fail(idx, iio__from_xs(xst), "cannot read which words the results hold: %s",
				       xs_db_error(idx->db));
			break;
		}
		for (unsigned i = 0; i < n; i++)
			if (!held[i]) {
				r[i].missing |= 1u << c;
				r[i].nmissing++;
			}
	}
out:
	free(ids);
	free(has);
	free(held);
	return st;
}

static iio_status rank_page(iio_index *idx, xs_enquire *enq, const xs_query *query, const xs_query *boost,
			    const iio_parsed_query *pq, const iio_search_options *o, const iio_plan *plan, xs_mset **mset,
			    ranked **out, size_t *nout, int *undecided);

/* The matches the proximity boost is weighed on: the first
 * IIO_RESCORE_WINDOW of the N fetched, whatever the page. A window that
 * grew with the page could lift a match into the first pages that they
 * did not list, so that a deeper page would list it again or skip another;
 * below the window, the boosted matches stay above the rest (a boost only
 * adds). */
static unsigned rescore_window(unsigned n)
{
	return IIO_RESCORE_WINDOW < n ? IIO_RESCORE_WINDOW : n;
}

/* Whether the first K of R (N, sorted by score) lie above BOUND, what an
 * unfetched match can weigh at most: then no other match can be among them. */
static int settled_above(const ranked *r, unsigned n, unsigned long k, double bound)
{
	return k == 0 || (k <= n && r[k - 1].score > bound && !same_score(r[k - 1].score, bound));
}

/* PERM (N indices into R) in R's docid order: an insertion sort, N is at
 * most the rescore window. */
static void sort_by_docid(const ranked *r, unsigned *perm, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		perm[i] = i;
	for (unsigned i = 1; i < n; i++) {
		unsigned p = perm[i], j = i;
		while (j > 0 && r[perm[j - 1]].docid > r[p].docid) {
			perm[j] = perm[j - 1];
			j--;
		}
		perm[j] = p;
	}
}

/* The proximity boost (PQ's BOOST: the words close together, a phrase)
 * for the first N matches of R (sorted by score: the rescore window; items
 * of MSET or their own): its Xapian weight, times what each match's weight
 * was multiplied by, added to its score. Xapian weighs it on those
 * records only: BOOST filtered by their id terms (a posting each), as
 * remote shards answer alike. */
static iio_status rescore(iio_index *idx, const xs_query *boost, xs_mset *mset, ranked *r, unsigned n)
{
	unsigned *perm;
	xs_query **terms, *ids = NULL, *pair[2], *q = NULL;
	xs_enquire *e = NULL;
	xs_mset *m = NULL;
	char *xerr = NULL;
	unsigned nt = 0, got;
	xs_status xst = XS_OK;
	iio_status st = IIO_OK;
	if (!boost || !n)
		return IIO_OK;
	if (!(terms = calloc(n, sizeof *terms)) || !(perm = malloc(n * sizeof *perm))) {
		free(terms);
		return IIO_ERR_NOMEM;
	}
	sort_by_docid(r, perm, n);
	for (unsigned i = 0; i < n && !xst && !st; i++) {
		size_t il = 0;
		char *term;
		if (!r[i].id)
			xst = xs_mset_value(r[i].from ? r[i].from : mset, r[i].item, IIO_SLOT_ID, &r[i].id, &il);
		if (xst)
			break;
		if (!(term = iio_id_term_dup(r[i].id)) || !(terms[nt++] = xs_query_term(term, strlen(term), 1, 0)))
			st = IIO_ERR_NOMEM;
		free(term);
	}
	if (!xst && !st) {
		ids = xs_query_combine(XS_OP_OR, terms, nt, 0);
		pair[0] = (xs_query *)boost;
		pair[1] = ids;
		if (!ids || !(q = xs_query_combine(XS_OP_FILTER, pair, 2, 0)))
			st = IIO_ERR_NOMEM;
	}
	if (!xst && !st) {
		xst = xs_enquire_new(&e, idx->db, &xerr);
		if (!xst)
			xst = xs_enquire_set_bm25(e, IIO_BM25_K1, IIO_BM25_K2, IIO_BM25_K3, IIO_BM25_B, IIO_BM25_MIN_NORMLEN);
		if (!xst)
			xst = xs_enquire_set_query(e, q);
		if (!xst)
			xst = xs_enquire_mset(e, 0, n, 0, &m);
	}
	got = m ? xs_mset_size(m) : 0;
	for (unsigned j = 0; j < got && !xst; j++) {
		xs_docid d;
		double w;
		unsigned lo = 0, hi = n;
		if ((xst = xs_mset_item(m, j, &d, &w, NULL)))
			break;
		while (lo < hi) { /* PERM is by docid */
			unsigned mid = lo + (hi - lo) / 2;
			if (r[perm[mid]].docid < d)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && r[perm[lo]].docid == d) {
			ranked *x = &r[perm[lo]];
			x->score += w * (x->factor ? x->factor : 1.0);
		}
	}
	if (xst && !st)
		st = iio__fail(idx, iio__from_xs(xst), "cannot weigh the words' proximity: %s",
			       xerr ? xerr : e ? xs_enquire_error(e) : xs_status_string(xst));
	for (unsigned i = 0; i < nt; i++)
		xs_query_free(terms[i]);
	free(terms);
	free(perm);
	xs_query_free(ids);
	xs_query_free(q);
	xs_mset_free(m);
	xs_enquire_free(e);
	xs_free(xerr);
	return st;
}

/* The first offset + limit matches of QUERY as the user sees them, into
 * *OUT (items of *MSET): rank_page where it decides, else whole documents
 * weighed down inside the query (prefer_passages) with ties by record id,
 * as iio__rank does. */
static iio_status rank_top(iio_index *idx, xs_enquire *enq, const xs_query *query, const xs_query *boost,
			   const iio_parsed_query *pq, const iio_search_options *o, const iio_plan *plan, xs_mset **mset,
			   ranked **out, size_t *nout)
{
	unsigned long want = o->offset + o->limit;
	int undecided = 0;
	iio_status st = rank_page(idx, enq, query, boost, pq, o, plan, mset, out, nout, &undecided);
	if (st || !undecided)
		return st;
	/* Equal scores go to the record id. Xapian is asked for twice the
	 * page with the id read only on members of groups (which one stands
	 * for a group); the others' ties are put in id order here, which is
	 * exact unless a run of equal scores reaches the end of what was
	 * fetched: then Xapian orders by every record's id (a value lookup
	 * per match, 12% of a query). */
	for (int dense = 0; dense < 2; dense++) {
		unsigned long fetch = dense ? want : 2 * want;
		unsigned n;
		ranked *r;
		xs_query *q;
		xs_status xst;
		if (boost && fetch < IIO_RESCORE_WINDOW)
			fetch = IIO_RESCORE_WINDOW;
		if (xs_enquire_set_sort_relevance_then(enq, dense ? IIO_SLOT_ID : IIO_SLOT_MEMBER_ID))
			return iio__fail(idx, IIO_ERR_INTERNAL, "cannot sort: %s", xs_enquire_error(enq));
		if (!(q = prefer_passages(xs_query_scale(query, 1.0))))
			return IIO_ERR_NOMEM;
		st = run_ranked(idx, enq, q, o, (unsigned)fetch, mset, &r, &n);
		xs_query_free(q);
		if (st)
			return st;
		/* (Xapian's order, by score: a tie at the end of what it cut) */
		if (!dense && n == fetch && want > 0 && want <= n && same_score(r[want - 1].score, r[n - 1].score)) {
			iio__ranked_free(r, n);
			xs_mset_free(*mset);
			*mset = NULL;
			continue;
		}
		if (boost) {
			unsigned whole = 0;
			qsort(r, n, sizeof *r, by_docid);
			if ((st = weigh_documents(idx, r, n, &whole, 1))) {
				iio__ranked_free(r, n);
				return st;
			}
			qsort(r, n, sizeof *r, by_score);
			if ((st = rescore(idx, boost, *mset, r, rescore_window(n)))) {
				iio__ranked_free(r, n);
				return st;
			}
		}
		qsort(r, n, sizeof *r, by_score);
		if ((xst = ties_by_id(*mset, r, n))) {
			iio__ranked_free(r, n);
			return iio__fail(idx, iio__from_xs(xst), "cannot read the results: %s", xs_mset_error(*mset));
		}
		*out = r;
		*nout = n;
		break;
	}
	return IIO_OK;
}

/* The records of PQ's relaxed query holding every clause (held_query;
 * FILTER by their AND, so each keeps the relaxed query's weight), or with
 * LACKING those lacking one (AND_NOT). */
static xs_query *covered_query(const iio_parsed_query *pq, int lacking)
{
	xs_query *qs[IIO_MAX_CLAUSES], *pair[2], *out = NULL;
	size_t n = 0;
	for (; n < pq->nclauses; n++)
		if (!(qs[n] = held_query(&pq->clauses[n])))
			goto done;
	pair[0] = pq->relaxed;
	pair[1] = xs_query_combine(XS_OP_AND, qs, n, 0);
	out = pair[1] ? xs_query_combine(lacking ? XS_OP_AND_NOT : XS_OP_FILTER, pair, 2, 0) : NULL;
	xs_query_free(pair[1]);
done:
	for (size_t c = 0; c < n; c++)
		xs_query_free(qs[c]);
	return out;
}

xs_query *iio__covered_query(const iio_parsed_query *pq)
{
	return pq->covered ? xs_query_scale(pq->covered, 1.0) : covered_query(pq, 0);
}

/* Q without the groups of the N matches R (items of MSET): AND_NOT their
 * group terms. Frees Q; NULL when out of memory or a group unreadable. */
static xs_query *without_groups(xs_query *q, xs_mset *mset, const ranked *r, size_t n)
{
	xs_query **terms = calloc(n ? n : 1, sizeof *terms), *pair[2] = {q, NULL}, *out = NULL;
	size_t nt = 0;
	if (!terms)
		goto done;
	for (size_t i = 0; i < n; i++) {
		char *key = NULL; /* the group's term, on members of groups of two or more */
		size_t klen = 0;
		if (xs_mset_value(mset, r[i].item, IIO_SLOT_GROUP, &key, &klen)) {
			xs_free(key);
			goto done;
		}
		if (klen) {
			if (!(terms[nt++] = xs_query_term(key, klen, 1, 0))) {
				xs_free(key);
				goto done;
			}
		}
		xs_free(key);
	}
	if (!nt) {
		free(terms);
		return q;
	}
	pair[1] = xs_query_combine(XS_OP_OR, terms, nt, 0);
	out = pair[1] ? xs_query_combine(XS_OP_AND_NOT, pair, 2, 0) : NULL;
	xs_query_free(pair[1]);
done:
	for (size_t t = 0; t < nt; t++)
		xs_query_free(terms[t]);
	free(terms);
	xs_query_free(q);
	return out;
}

/* In Xapian's order (the item of each match in its mset). */
static int by_item(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	return a->item < b->item ? -1 : a->item > b->item;
}

/* The first LO->limit matches of LACKING (records lacking a clause, the
 * groups listed above them left out) into *R and *N, items of *MSET, with
 * the clauses each lacks. Two clauses: each lacks one, so by score
 * (rank_top, exact). More: Xapian's first IIO_BEST_MATCH_WINDOW re-ranked
 * - whole documents weighed down, then fewer clauses lacked above more, by
 * score within, ties by record id - and after them the rest in Xapian's
 * order. The window does not grow with the page: a larger one can move a
 * match into the first pages, so a page deeper down would list it again
 * or skip another. */
static iio_status rank_lacking(iio_index *idx, xs_enquire *enq, const iio_parsed_query *pq, const xs_query *lacking,
			       const iio_search_options *lo, const iio_plan *plan, xs_mset **mset, ranked **r, size_t *n)
{
	unsigned long fetch = lo->limit > IIO_BEST_MATCH_WINDOW ? lo->limit : IIO_BEST_MATCH_WINDOW;
	unsigned got = 0, whole = 0, w;
	xs_status xst = XS_OK;
	iio_status st;
	if (pq->nclauses == 2) {
		st = rank_top(idx, enq, lacking, NULL, pq, lo, plan, mset, r, n);
	} else if (!(st = run_ranked(idx, enq, lacking, lo, (unsigned)(2 * fetch), mset, r, &got))) {
		/* Twice as many asked for as kept: Xapian's AND_MAYBE (a word's
		 * exact-form bonus) can leave out a match that weighs little
		 * more than the lowest it keeps, so its first FETCH depended on
		 * how many were asked for, and one page listed a match the next
		 * page listed again ('rekenen groep 7', ungrouped). */
		for (unsigned i = (unsigned)fetch; i < got; i++)
			xs_free((*r)[i].id);
		*n = got < fetch ? got : fetch;
	}
	if (st)
		return st;
	qsort(*r, *n, sizeof **r, by_docid);
	if ((st = find_missing(idx, pq, *r, (unsigned)*n)))
		return st;
	if (pq->nclauses == 2) {
		qsort(*r, *n, sizeof **r, by_score);
		xst = ties_by_id(*mset, *r, (unsigned)*n);
	} else {
		w = *n < IIO_BEST_MATCH_WINDOW ? (unsigned)*n : IIO_BEST_MATCH_WINDOW;
		if ((st = weigh_documents(idx, *r, (unsigned)*n, &whole, 0)) ||
		    (st = mark_compounds(idx, pq, *r, (unsigned)*n)))
			return st;
		qsort(*r, *n, sizeof **r, by_item);
		qsort(*r, w, sizeof **r, by_coverage);
		if ((st = settle_compounds(idx, pq, *mset, *r, w, w, by_coverage)))
			return st;
		/* Ties by record id within each run of equal coverage. */
		for (unsigned i = 0, j; i < w && !xst; i = j) {
			for (j = i + 1; j < w && (*r)[j].nmissing == (*r)[i].nmissing;)
				j++;
			xst = ties_by_id(*mset, *r + i, j - i);
		}
	}
	if (xst)
		return iio__fail(idx, iio__from_xs(xst), "cannot read the results: %s", xs_mset_error(*mset));
	return IIO_OK;
}

/* Best match (the default for two or more clauses). Records holding every
 * clause come first, ranked as a query requiring every clause would be
 * (rank_top, exact); when fewer than the page's end, those lacking a
 * clause follow (rank_lacking), the groups listed already left out. The
 * two lists are each in one order whatever the page, so paging through
 * them lists every result once. */
iio_status iio__best_match(iio_index *idx, xs_enquire *enq, const iio_parsed_query *pq, const iio_search_options *o,
			   const iio_plan *plan, xs_mset **mset, ranked **out, size_t *nout, xs_mset **more)
{
	unsigned long want = o->offset + o->limit;
	iio_search_options lo = *o;
	xs_query *covered, *lacking;
	ranked *r = NULL, *rl = NULL, *all;
	size_t nc = 0, nl = 0;
	iio_status st;
	*out = NULL;
	*nout = 0;
	*more = NULL;
	if (!(covered = iio__covered_query(pq)))
		return IIO_ERR_NOMEM;
	st = rank_top(idx, enq, covered, NULL, pq, o, plan, mset, &r, &nc);
	xs_query_free(covered);
	if (st)
		return st;
	if (nc >= want || pq->nclauses < 2) {
		*out = r;
		*nout = nc;
		return IIO_OK;
	}
	/* Every record holding every clause was fetched: the page goes on
	 * with those lacking one. Grouped, a group shown already is not
	 * shown again (a document holding both words, its passage one). */
	lacking = covered_query(pq, 1);
	if (lacking && !o->no_group && nc)
		lacking = without_groups(lacking, *mset, r, nc);
	lo.offset = 0;
	lo.limit = (unsigned)(want - nc);
	st = lacking ? rank_lacking(idx, enq, pq, lacking, &lo, plan, more, &rl, &nl) : IIO_ERR_NOMEM;
	xs_query_free(lacking);
	if (!st && !(all = realloc(r, (nc + nl ? nc + nl : 1) * sizeof *r)))
		st = IIO_ERR_NOMEM;
	if (st) {
		iio__ranked_free(rl, nl);
		iio__ranked_free(r, nc);
		return st;
	}
	r = all;
	for (size_t i = 0; i < nl; i++) {
		r[nc + i] = rl[i];
		r[nc + i].from = *more;
	}
	free(rl); /* its ids moved into R */
	*out = r;
	*nout = nc + nl;
	return IIO_OK;
}

/* ---- the parts of a compound close together ---- */

static int is_letter(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

/* Whether TEXT holds every part of C within one sentence, at most
 * IIO_PARTS_NEAR words apart ("krimp van het aantal leerlingen"): 1 yes,
 * 0 no, -1 cannot tell (a part's form is not in the text as such: an
 * inflection that changes it, a diacritic). A part is found where a word
 * starts with its normalized form (leerling: leerlingen), ASCII case
 * folded; one pass over the bytes, no analysis (this runs on every match
 * in the window that holds the parts). */
static int parts_together(const iio_compound *c, const char *text)
{
	size_t len, word = 0, sentence = 0;
	long last_word[IIO_MAX_COMPOUND_PARTS], last_sentence[IIO_MAX_COMPOUND_PARTS];
	int found_any[IIO_MAX_COMPOUND_PARTS] = {0};
	if (!text)
		return -1;
	len = strlen(text);
	for (size_t k = 0; k < c->nparts; k++)
		last_word[k] = last_sentence[k] = -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '.' || ch == '!' || ch == '?' || (ch == '\n' && i + 1 < len && text[i + 1] == '\n')) {
			sentence++;
			continue;
		}
		if (!is_letter(ch) || (i > 0 && is_letter((unsigned char)text[i - 1])))
			continue;
		/* A word starts here. */
		word++;
		for (size_t k = 0; k < c->nparts; k++) {
			size_t pl = strlen(c->norms[k]);
			if (pl <= len - i && !strncasecmp(text + i, c->norms[k], pl)) {
				int all = 1;
				long lo = (long)word, hi = (long)word;
				found_any[k] = 1;
				last_word[k] = (long)word;
				last_sentence[k] = (long)sentence;
				for (size_t m = 0; m < c->nparts; m++) {
					if (last_sentence[m] != (long)sentence) {
						all = 0;
						break;
					}
					lo = last_word[m] < lo ? last_word[m] : lo;
					hi = last_word[m] > hi ? last_word[m] : hi;
				}
				if (all && hi - lo <= IIO_PARTS_NEAR)
					return 1;
			}
		}
	}
	for (size_t k = 0; k < c->nparts; k++)
		if (!found_any[k])
			return -1;
	return 0;
}

/* A compound word of the query (leerlingenkrimp) that a match holds only
 * as parts far apart - "leerlingen" in one sentence, a population's
 * "krimp" in another - is not what was asked: its score is weighed down
 * by W_PARTS_APART. In two steps, so that only the matches that can reach
 * the page have their text read: mark_compounds marks on R (sorted
 * by_docid) the matches holding every part of a compound but not the
 * compound itself (its stem or as a part of a longer one); settle_compounds
 * then reads, from the top of the ranking down, the marked ones' stored
 * text for a sentence holding every part (parts_together; when it cannot
 * tell, no weighing). Weighing only lowers a score, so a marked match's
 * score is an upper bound and the page is settled when its matches are. */
static iio_status mark_compounds(iio_index *idx, const iio_parsed_query *pq, ranked *r, unsigned n)
{
	xs_docid *ids;
	unsigned char *has, *whole, *parts;
	iio_status st = IIO_OK;
	if (!pq || !pq->ncompounds || !n)
		return IIO_OK;
	ids = calloc(n, sizeof *ids);
	has = calloc(n, 1);
	whole = calloc(n, 1);
	parts = calloc(n, 1);
	if (!ids || !has || !whole || !parts) {
		st = IIO_ERR_NOMEM;
		goto out;
	}
	for (unsigned i = 0; i < n; i++)
		ids[i] = r[i].docid;
	for (size_t k = 0; k < pq->ncompounds && !st; k++) {
		const iio_compound *c = &pq->compounds[k];
		const char *pre[2] = {IIO_PREFIX_STEM, IIO_PREFIX_PART};
		memset(whole, 0, n);
		for (int p = 0; p < 2 && !st; p++) {
			char term[IIO_TERM_CAP];
			size_t tl = iio_term(term, pre[p], c->stem, strlen(c->stem));
			xs_status xst;
			if ((xst = xs_db_docs_with_term(idx->db, term, tl, ids, n, has)))
				st = iio__fail(idx, iio__from_xs(xst), "cannot read the results' words: %s", xs_db_error(idx->db));
			for (unsigned i = 0; i < n; i++)
				whole[i] |= has[i];
		}
		/* Only matches holding every part (as the word's stem) are in question. */
		memset(parts, 1, n);
		for (size_t p = 0; p < c->nparts && !st; p++) {
			char term[IIO_TERM_CAP];
			size_t tl = iio_term(term, IIO_PREFIX_STEM, c->parts[p], strlen(c->parts[p]));
			xs_status xst;
			if ((xst = xs_db_docs_with_term(idx->db, term, tl, ids, n, has)))
				st = iio__fail(idx, iio__from_xs(xst), "cannot read the results' words: %s", xs_db_error(idx->db));
			for (unsigned i = 0; i < n; i++)
				parts[i] &= has[i];
		}
		for (unsigned i = 0; i < n && !st; i++)
			if (!whole[i] && parts[i])
				r[i].unsettled |= 1u << k;
	}
out:
	free(ids);
	free(has);
	free(whole);
	free(parts);
	return st;
}

/* Settle the first WANT of R (sorted by CMP, items of MSET): each marked
 * one's text read, its score lowered when a compound's parts lie apart,
 * and moved down to its place. */
static iio_status settle_compounds(iio_index *idx, const iio_parsed_query *pq, xs_mset *mset, ranked *r, unsigned n,
				   unsigned long want, int (*cmp)(const void *, const void *))
{
	for (unsigned i = 0; i < n && i < want;) {
		char *data = NULL;
		size_t len = 0;
		json_t *rec;
		int apart = 0;
		iio_status st;
		xs_status xst;
		if (!r[i].unsettled) {
			i++;
			continue;
		}
		if ((xst = xs_mset_data(mset, r[i].item, &data, &len)))
			return iio__fail(idx, iio__from_xs(xst), "cannot read a result: %s", xs_mset_error(mset));
		rec = iio__parse_record(idx, data, len, r[i].docid, &st);
		xs_free(data);
		if (!rec)
			return st;
		for (size_t k = 0; k < pq->ncompounds && !apart; k++)
			if (r[i].unsettled & (1u << k))
				apart = parts_together(&pq->compounds[k], json_string_value(json_object_get(rec, "title"))) != 1 &&
					parts_together(&pq->compounds[k], json_string_value(json_object_get(rec, "text"))) == 0;
		json_decref(rec);
		r[i].unsettled = 0;
		if (apart) {
			ranked moved = r[i];
			unsigned j = i;
			moved.score *= W_PARTS_APART;
			for (; j + 1 < n && cmp(&r[j + 1], &moved) < 0; j++)
				r[j] = r[j + 1];
			r[j] = moved;
		}
	}
	return IIO_OK;
}

void iio__ranked_free(ranked *r, size_t n)
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
static iio_status rank_page(iio_index *idx, xs_enquire *enq, const xs_query *query, const xs_query *boost,
			    const iio_parsed_query *pq, const iio_search_options *o, const iio_plan *plan, xs_mset **mset,
			    ranked **out, size_t *nout, int *undecided)
{
	int only_documents = pq->only_documents;
	/* What an unfetched match can weigh at most, for Xapian's lowest
	 * fetched score 1. */
	double reach = only_documents ? W_WHOLE_DOCUMENT : 1.0;
	unsigned long want = o->offset + o->limit, fetch = want < 10 ? want + 10 : 2 * want;
	unsigned long all = iio_index_count(idx);
	/* How whole documents are weighed down is the plan's (plan.c). */
	if (plan->documents == IIO_DOCUMENTS_ON_WIDE_PAGE)
		fetch = 8 * want;
	if (plan->documents == IIO_DOCUMENTS_IN_QUERY) {
		*undecided = 1;
		return IIO_OK;
	}
	*out = NULL;
	*nout = 0;
	*undecided = 0;
	/* A deep page (offset 100000): reading twice as many matches' values
	 * would cost more than the query ranking documents down itself. */
	if (want > RANK_PAGE_MAX) {
		*undecided = 1;
		return IIO_OK;
	}
	if (boost && fetch < IIO_RESCORE_WINDOW)
		fetch = IIO_RESCORE_WINDOW;
	for (int attempt = 0;; attempt++) {
		ranked *r;
		unsigned n, whole = 0; /* matches fetched, whole documents among them */
		double last = 0;
		int window_settled;
		xs_status xst;
		iio_status st = run_ranked(idx, enq, query, o, (unsigned)fetch, mset, &r, &n);
		if (st)
			return st;
		if (n)
			last = r[n - 1].score; /* Xapian's order: the lowest */
		qsort(r, n, sizeof *r, by_docid);
		if ((st = weigh_documents(idx, r, n, &whole, 0)) || (st = mark_compounds(idx, pq, r, n))) {
			iio__ranked_free(r, n);
			return st;
		}
		qsort(r, n, sizeof *r, by_score);
		/* The boost's window is the same matches on every page: settled
		 * before the boost, as the page is after it. */
		window_settled = !boost || settled_above(r, n, rescore_window(n), last * reach);
		if (boost) {
			if ((st = rescore(idx, boost, *mset, r, rescore_window(n)))) {
				iio__ranked_free(r, n);
				return st;
			}
			qsort(r, n, sizeof *r, by_score);
		}
		if ((st = settle_compounds(idx, pq, *mset, r, n, want, by_score))) {
			iio__ranked_free(r, n);
			return st;
		}
		if ((xst = ties_by_id(*mset, r, n))) {
			iio__ranked_free(r, n);
			return iio__fail(idx, iio__from_xs(xst), "cannot read the results: %s", xs_mset_error(*mset));
		}
		if (n < fetch || fetch >= all || want == 0 || (window_settled && settled_above(r, n, want, last * reach))) {
			*out = r;
			*nout = n;
			return IIO_OK;
		}
		iio__ranked_free(r, n);
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

/* Run *Q as MODE says: RANK_PAGE ranks the page itself (rank_top: on
 * Xapian's top matches, or with documents weighed down inside the query);
 * a page deeper than RANK_PAGE_MAX switches to RANK_IN_QUERY (wrapping *Q
 * and setting the enquire's sort), where Xapian cuts the page. */
iio_status iio__rank(iio_index *idx, xs_enquire *enq, xs_query **q, const iio_parsed_query *pq,
		     const iio_search_options *o, const iio_plan *plan, int *mode, xs_mset **mset, ranked **rk,
		     size_t *nrk)
{
	if (*mode == RANK_PAGE && o->offset + o->limit <= RANK_PAGE_MAX)
		/* The words' proximity adds weight to the records holding every
		 * word, in the rescore window. */
		return rank_top(idx, enq, *q, *q == pq->strict ? pq->boost : NULL, pq, o, plan, mset, rk, nrk);
	if (*mode == RANK_PAGE) {
		/* A deep page: the query ranks documents down itself, Xapian
		 * cuts the page. */
		if (xs_enquire_set_sort_relevance_then(enq, IIO_SLOT_ID))
			return iio__fail(idx, IIO_ERR_INTERNAL, "cannot sort: %s", xs_enquire_error(enq));
		*mode = RANK_IN_QUERY;
	}
	if (*mode == RANK_IN_QUERY && !(*q = prefer_passages(*q)))
		return IIO_ERR_NOMEM;
	return iio__run(idx, enq, *q, o, (unsigned)o->offset, o->limit, mset);
}
