/* explain.c - why a result matched, and records like a given one
 * (libiiosearch): --explain's terms and their BM25 weights, and
 * iio_similar's query from a record's most telling terms.
 */
#define _GNU_SOURCE
#include "private.h"
#include "weights.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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
iio_status iio__explain_hits(iio_results *res, iio_index *idx, xs_enquire *enq)
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
	double t0 = iio__now_ms();
	iio_search_options o;
	iio_parsed_query pq;
	similar_ctx c;
	xs_enquire *enq = NULL;
	xs_docid docid;
	char *idterm = NULL;
	iio_status st;
	xs_status xst;

	if ((st = iio__begin_results(out, idx, id, "iio_similar needs an open index and an id")) ||
	    (st = iio__check_id(idx, id)) || (st = iio__take_options(idx, opts, &o)))
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
		st = iio__finish_queries(idx, &pq, &o);
	if (st) {
		iio__parsed_query_clear(&pq);
		return st;
	}
	return iio__execute(out, idx, NULL, &pq, &o, t0);
}
