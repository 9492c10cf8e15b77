/* query.c - from the user's query string to a Xapian query (libiiosearch).
 *
 * The query is read with the same analyzer that indexed the documents, so a
 * word is looked up exactly as the index holds it. The language for now:
 * words (all required), "quoted phrases", -word / -"phrase" to exclude, +word
 * as an explicit word. A word the analyzer splits into several tokens
 * (E-klas, 2010-2015) becomes a phrase of them. Malformed input degrades to
 * the sensible reading: an unclosed quote runs to the end, a lone '-' is
 * ignored.
 */
#define _GNU_SOURCE
#include "private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct clause_ctx {
	xs_query *subs[IIO_MAX_QUERY_TERMS];
	size_t n;
	iio_parsed_query *pq; /* where to record terms, NULL for negatives */
	int overflow;
	int oom;
} clause_ctx;

static int collect(void *vctx, const iio_token *t)
{
	clause_ctx *c = vctx;
	if (c->n >= IIO_MAX_QUERY_TERMS) {
		c->overflow = 1;
		return 1;
	}
	c->subs[c->n] = xs_query_term(t->norm, t->norm_len, 1, t->pos + 1);
	if (!c->subs[c->n]) {
		c->oom = 1;
		return 1;
	}
	c->n++;
	if (c->pq && c->pq->nterms < IIO_MAX_QUERY_TERMS) {
		size_t i;
		for (i = 0; i < c->pq->nterms; i++)
			if (!strcmp(c->pq->terms[i], t->norm))
				return 0;
		c->pq->terms[c->pq->nterms] = strndup(t->norm, t->norm_len);
		if (!c->pq->terms[c->pq->nterms]) {
			c->oom = 1;
			return 1;
		}
		c->pq->nterms++;
	}
	return 0;
}

static void free_queries(xs_query **v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		xs_query_free(v[i]);
}

/* One clause: the tokens of TEXT[0..len) as a term or a phrase; *out NULL
 * when the text holds no words. */
static iio_status clause(xs_query **out, const char *text, size_t len, iio_parsed_query *pq, size_t *budget)
{
	clause_ctx c;
	memset(&c, 0, sizeof c);
	c.pq = pq;
	*out = NULL;
	iio_analyze(IIO_ANA_QUERY, text, len, collect, &c);
	if (c.oom) {
		free_queries(c.subs, c.n);
		return IIO_ERR_NOMEM;
	}
	if (c.overflow || c.n > *budget) {
		free_queries(c.subs, c.n);
		return IIO_ERR_QUERY;
	}
	*budget -= c.n;
	if (c.n == 1) {
		*out = c.subs[0];
		return IIO_OK;
	}
	if (c.n > 1) {
		*out = xs_query_combine(XS_OP_PHRASE, c.subs, c.n, 0);
		free_queries(c.subs, c.n);
		return *out ? IIO_OK : IIO_ERR_NOMEM;
	}
	return IIO_OK;
}

void iio__parsed_query_clear(iio_parsed_query *q)
{
	size_t i;
	xs_query_free(q->strict);
	xs_query_free(q->relaxed);
	for (i = 0; i < q->nterms; i++)
		free(q->terms[i]);
	memset(q, 0, sizeof *q);
}

/* Combine positives with OP and subtract the negatives. */
static xs_query *assemble(xs_op op, xs_query **pos, size_t npos, xs_query **neg, size_t nneg)
{
	xs_query *p = npos == 1 ? xs_query_scale(pos[0], 1.0) : xs_query_combine(op, pos, npos, 0);
	xs_query *n, *pair[2], *all;
	if (!p || nneg == 0)
		return p;
	n = xs_query_combine(XS_OP_OR, neg, nneg, 0);
	if (!n) {
		xs_query_free(p);
		return NULL;
	}
	pair[0] = p;
	pair[1] = n;
	all = xs_query_combine(XS_OP_AND_NOT, pair, 2, 0);
	xs_query_free(p);
	xs_query_free(n);
	return all;
}

iio_status iio__parse_query(iio_parsed_query *out, const char *query, char *err, size_t errcap)
{
	xs_query *pos[IIO_MAX_QUERY_TERMS], *neg[IIO_MAX_QUERY_TERMS];
	size_t npos = 0, nneg = 0, budget = IIO_MAX_QUERY_TERMS, len;
	const char *p, *end;
	iio_status st = IIO_OK;

	memset(out, 0, sizeof *out);
	len = strlen(query);
	if (len > IIO_MAX_QUERY_BYTES) {
		snprintf(err, errcap, "query is %zu bytes long; the limit is %d", len, IIO_MAX_QUERY_BYTES);
		return IIO_ERR_QUERY;
	}
	p = query;
	end = query + len;
	while (p < end && st == IIO_OK) {
		int negative = 0;
		const char *start, *stop;
		xs_query *q = NULL;

		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (p == end)
			break;
		if (*p == '-' || *p == '+') {
			negative = *p == '-';
			p++;
		}
		if (p < end && *p == '"') {
			start = ++p;
			stop = memchr(p, '"', (size_t)(end - p));
			if (!stop)
				stop = end; /* unclosed quote: the phrase runs to the end */
			p = stop < end ? stop + 1 : end;
		} else {
			start = p;
			while (p < end && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				p++;
			stop = p;
		}
		st = clause(&q, start, (size_t)(stop - start), negative ? NULL : out, &budget);
		if (st == IIO_ERR_QUERY)
			snprintf(err, errcap, "query has more than %d words", IIO_MAX_QUERY_TERMS);
		if (st || !q)
			continue; /* a lone '-', or punctuation only: nothing to search */
		if (negative)
			neg[nneg++] = q;
		else
			pos[npos++] = q;
	}
	if (st == IIO_OK && npos == 0) {
		snprintf(err, errcap, nneg ? "query only excludes words; give at least one word to search for"
					   : "query has no words to search for");
		st = IIO_ERR_QUERY;
	}
	if (st == IIO_OK) {
		out->strict = assemble(XS_OP_AND, pos, npos, neg, nneg);
		if (npos > 1)
			out->relaxed = assemble(XS_OP_OR, pos, npos, neg, nneg);
		if (!out->strict || (npos > 1 && !out->relaxed))
			st = IIO_ERR_NOMEM;
	}
	free_queries(pos, npos);
	free_queries(neg, nneg);
	if (st)
		iio__parsed_query_clear(out);
	return st;
}
