/* alternatives.c - what could help when a search finds nothing
 * (libiiosearch): the same search with fewer words (each word alone, the
 * query without one of its words) and without its filters, each offered
 * only when it finds something, with how many results it lists. The
 * spelling correction is suggest's (search.c); the front ends add a few
 * searches that work.
 */
#define _GNU_SOURCE
#include "private.h"

#include <stdlib.h>
#include <string.h>

/* Searches tried at most for one that found nothing: a query of many
 * words must not make a search that finds nothing cost dozens. */
#define IIO_MAX_ALTERNATIVE_TRIES 12

/* How many results QUERY lists with O (its filters, grouping, all-words),
 * counted as iio_search counts them; 0 when it cannot be run. */
static unsigned long listed(iio_index *idx, const char *query, const iio_search_options *o)
{
	iio_search_options co = *o;
	iio_parsed_query pq;
	iio_results *res = NULL;
	unsigned long total = 0;
	co.offset = 0;
	co.limit = 0;
	co.snippet_chars = 0;
	co.facets = co.explain = 0;
	co.strict = 1; /* no suggestions of its own */
	if (iio__parse_query(&pq, idx->analyzer, idx->db, query, 0, idx->err, sizeof idx->err))
		return 0;
	if (iio__finish_queries(idx, &pq, &co)) {
		iio__parsed_query_clear(&pq);
		return 0;
	}
	if (iio__execute(&res, idx, NULL, &pq, &co, iio__now_ms()) == IIO_OK)
		total = res->total;
	iio_results_free(res);
	return total;
}

/* Offer QUERY (copied) of KIND when it lists something, counting the
 * searches tried in *TRIES; IIO_ERR_NOMEM. */
static iio_status offer(iio_results *res, iio_index *idx, const char *query, const char *kind,
			const iio_search_options *o, unsigned *tries)
{
	unsigned long total;
	alternative *a;
	if (res->nalternatives >= IIO_MAX_ALTERNATIVES || *tries >= IIO_MAX_ALTERNATIVE_TRIES || !*query)
		return IIO_OK;
	for (size_t i = 0; i < res->nalternatives; i++)
		if (!strcmp(res->alternatives[i].query, query))
			return IIO_OK;
	++*tries;
	if (!(total = listed(idx, query, o)))
		return IIO_OK;
	a = &res->alternatives[res->nalternatives];
	if (!(a->query = strdup(query)))
		return IIO_ERR_NOMEM;
	a->kind = kind;
	a->total = total;
	res->nalternatives++;
	return IIO_OK;
}

/* QUERY without the bytes [FROM, TO), spaces around the gap made one. */
static char *without(const char *query, size_t from, size_t to)
{
	size_t len = strlen(query), a = from, b = to;
	char *out;
	while (a > 0 && query[a - 1] == ' ')
		a--;
	while (b < len && query[b] == ' ')
		b++;
	if (!(out = malloc(len + 2)))
		return NULL;
	memcpy(out, query, a);
	out[a] = '\0';
	if (a > 0 && b < len)
		strcat(out, " ");
	strcat(out, query + b);
	return out;
}

iio_status iio__alternatives(iio_results *res, iio_index *idx, const char *query, const iio_search_options *o)
{
	iio_parsed_query pq;
	iio_search_options nf = *o;
	iio_status st = IIO_OK;
	unsigned tries = 0;
	if (!query || !*query)
		return IIO_OK;
	/* The filters that emptied it: the query without them. */
	if (o->filter && *o->filter) {
		nf.filter = NULL;
		if ((st = offer(res, idx, query, "filters", &nf, &tries)))
			return st;
	}
	if (iio__parse_query(&pq, idx->analyzer, idx->db, query, 0, idx->err, sizeof idx->err)) {
		idx->err[0] = '\0';
		return IIO_OK; /* nothing to take words from */
	}
	/* Fewer words: each alone, and with three or more the query without
	 * one (the word that emptied it). */
	for (size_t i = 0; pq.nwords >= 2 && i < pq.nwords && !st; i++) {
		const iio_query_word *w = &pq.words[i];
		char *q;
		if (w->tok_end > strlen(query) || w->tok_start >= w->tok_end)
			continue;
		if (!(q = strndup(query + w->tok_start, w->tok_end - w->tok_start)))
			st = IIO_ERR_NOMEM;
		else
			st = offer(res, idx, q, "word", o, &tries);
		free(q);
		if (st || pq.nwords < 3)
			continue;
		if (!(q = without(query, w->tok_start, w->tok_end)))
			st = IIO_ERR_NOMEM;
		else
			st = offer(res, idx, q, "without", o, &tries);
		free(q);
	}
	iio__parsed_query_clear(&pq);
	idx->err[0] = '\0';
	return st;
}
