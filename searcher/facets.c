/* facets.c - the facet counts a page shows beside its chosen filters
 * (libiiosearch): for each field with a filter, its counts with its own
 * filter left out, so that its other values stay visible (OR within a
 * field, AND across), in one call (iio_facets_without).
 *
 * The query is read as iio_search reads it (the filters alone when it
 * has no words; best match's query when it has two clauses or more and
 * not every word is required), and for each field with a filter one
 * match runs that weighs nothing and counts that field's value slot
 * alone (count.c's iio__count_facets): what a whole search per field
 * cost (ranking, a page, its snippets, every field's counts) is not spent.
 * A query that counts nothing is corrected as iio_search corrects it
 * (didyoumean.c), and the correction counted when it counts something.
 */
#define _GNU_SOURCE
#include "private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* OPTS->filter and every clause of FILTERS but the SKIPth, one string
 * (NULL when out of memory; "" when none). */
static char *filters_but(const iio_search_options *o, const char *const *filters, size_t n, size_t skip)
{
	size_t len = o->filter ? strlen(o->filter) : 0, at;
	char *s;
	for (size_t i = 0; i < n; i++)
		if (i != skip && filters[i])
			len += strlen(filters[i]) + 1;
	if (!(s = malloc(len + 1)))
		return NULL;
	at = (size_t)sprintf(s, "%s", o->filter ? o->filter : "");
	for (size_t i = 0; i < n; i++)
		if (i != skip && filters[i] && *filters[i])
			at += (size_t)sprintf(s + at, "%s%s", at ? " " : "", filters[i]);
	return s;
}

static iio_status count_field(iio_results **out, iio_index *idx, const char *query, const iio_search_options *o,
			      const char *filter, int slot);

/* *RES counted nothing for QUERY (parsed as PQ): when a spelling of it
 * finds clearly more (didyoumean.c) and counts something under FILTER,
 * *RES becomes its counts, as iio_search's results become its results. */
static iio_status corrected(iio_results **res, iio_index *idx, const iio_parsed_query *pq, const char *query,
			    const iio_search_options *o, const char *filter, int slot)
{
	iio_search_options again = *o;
	iio_results *fixed = NULL;
	xs_enquire *enq = NULL;
	char *xerr = NULL;
	iio_status st = IIO_OK;
	if (xs_enquire_new(&enq, idx->db, &xerr)) {
		st = iio__fail(idx, IIO_ERR_NOMEM, "cannot count facets: %s", xerr ? xerr : "out of memory");
		xs_free(xerr);
		return st;
	}
	st = iio__did_you_mean(*res, idx, enq, pq, query);
	xs_enquire_free(enq);
	if (st || !(*res)->suggestion)
		return st;
	again.strict = 1; /* no second round of corrections */
	if ((st = count_field(&fixed, idx, (*res)->suggestion, &again, filter, slot)) || !fixed || !fixed->records) {
		iio_results_free(fixed);
		idx->err[0] = '\0';
		return IIO_OK; /* as iio_search: the correction is only taken when it finds something */
	}
	fixed->corrected = 1;
	iio_results_free(*res);
	*res = fixed;
	return IIO_OK;
}

/* The counts of field F (its value slot SLOT) over QUERY with FILTER (the
 * other fields' clauses), into *OUT; *OUT stays NULL when there is
 * nothing to match (no words, no filter). */
static iio_status count_field(iio_results **out, iio_index *idx, const char *query, const iio_search_options *o,
			      const char *filter, int slot)
{
	iio_search_options fo = *o;
	iio_parsed_query pq;
	const xs_query *used;
	iio_results *res;
	iio_status st;
	int words = query[strspn(query, " \t\r\n")] != '\0';
	if (!words && !*filter)
		return IIO_OK;
	fo.filter = filter;
	fo.no_group = 1; /* the counts are of records */
	if (!words) {
		st = iio__parse_query(&pq, idx->analyzer, idx->db, filter, 1, idx->err, sizeof idx->err);
		fo.filter = NULL;
	} else {
		st = iio__parse_query(&pq, idx->analyzer, idx->db, query, fo.strict, idx->err, sizeof idx->err);
	}
	if (st)
		return st;
	if ((st = iio__finish_queries(idx, &pq, &fo))) {
		iio__parsed_query_clear(&pq);
		return st;
	}
	/* What iio_search counts: best match's query (plan.c), else the one
	 * holding every word. */
	used = !pq.filter_only && pq.relaxed && !fo.all_words ? pq.relaxed : pq.strict;
	if (!(res = calloc(1, sizeof *res)) || !(res->query = strdup(query))) {
		free(res);
		iio__parsed_query_clear(&pq);
		return IIO_ERR_NOMEM;
	}
	res->facets_requested = 1;
	res->limit = 0;
	st = iio__count_facets(res, idx, used, &fo, 1u << slot);
	/* Nothing at all: iio_search counts the spelling that finds something
	 * instead, and so does this. */
	if (!st && !res->records && words && !fo.strict)
		st = corrected(&res, idx, &pq, query, o, filter, slot);
	iio__parsed_query_clear(&pq);
	if (st) {
		iio_results_free(res);
		return st;
	}
	*out = res;
	return IIO_OK;
}

iio_status iio_facets_without(iio_results **out, iio_index *idx, const char *query, const iio_search_options *opts,
			      const char *const *filters, size_t nfilters)
{
	double t0 = iio__now_ms();
	iio_search_options o;
	iio_status st = IIO_OK;
	if (!out)
		return IIO_ERR_ARGUMENT;
	for (size_t i = 0; i < nfilters; i++)
		out[i] = NULL;
	if (!idx || !idx->db || !query || (nfilters && !filters))
		return iio__fail(idx, IIO_ERR_ARGUMENT, "iio_facets_without needs an open index, a query and filters");
	if ((st = iio__take_options(idx, opts, &o)))
		return st;
	for (size_t i = 0; i < nfilters && !st; i++) {
		char *others;
		if (!filters[i] || !*filters[i])
			continue;
		if (i >= iio_nfields || iio_fields[i].facet_slot < 0 || iio_fields[i].facet_slot >= 32) {
			st = iio__fail(idx, IIO_ERR_ARGUMENT, "field %zu (%s) has no facet counts", i,
				       i < iio_nfields ? iio_fields[i].name : "past the last field");
			break;
		}
		if (!(others = filters_but(&o, filters, nfilters, i))) {
			st = IIO_ERR_NOMEM;
			break;
		}
		st = count_field(&out[i], idx, query, &o, others, iio_fields[i].facet_slot);
		free(others);
		if (!st && out[i])
			out[i]->took_ms = iio__now_ms() - t0;
	}
	if (st)
		for (size_t i = 0; i < nfilters; i++) {
			iio_results_free(out[i]);
			out[i] = NULL;
		}
	return st;
}
