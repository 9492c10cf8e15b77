/* results.c - a result set and what the caller reads of it
 * (libiiosearch): its hits, totals, facets and suggestion, and its JSON.
 */
#define _GNU_SOURCE
#include "private.h"
#include "weights.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

json_t *iio__hit_fields(const hit_store *h)
{
	/* A listing's fields are JSON text, parsed only when asked for. */
	return h->rec ? json_incref(json_object_get(h->rec, "fields"))
		      : json_loads(h->hit.fields_json ? h->hit.fields_json : "{}", 0, NULL);
}

void iio_results_free(iio_results *res)
{
	size_t i;
	if (!res)
		return;
	for (i = 0; i < res->n; i++) {
		json_decref(res->hits[i].rec);
		xs_free(res->hits[i].listing);
		free(res->hits[i].fields_json);
		free(res->hits[i].explain);
		for (size_t m = 0; m < res->hits[i].hit.nmissing; m++)
			free(res->hits[i].missing[m]);
		xs_free(res->hits[i].group);
		for (size_t p = 0; p < IIO_MAX_LISTED_PASSAGES; p++) {
			json_decref(res->hits[i].prec[p]);
			free(res->hits[i].pfields[p]);
			iio__snippet_clear(&res->hits[i].psnip[p]);
		}
		iio__snippet_clear(&res->hits[i].snip);
	}
	for (size_t f = 0; f < res->nfacets; f++) {
		for (i = 0; i < res->facets[f].n; i++)
			free(res->facets[f].v[i].value);
		free(res->facets[f].v);
	}
	for (i = 0; i < res->ninterpreted; i++) {
		free(res->interpreted[i].value);
		free(res->interpreted[i].words);
	}
	free(res->suggestion);
	for (size_t a = 0; a < res->nalternatives; a++)
		free(res->alternatives[a].query);
	free(res->hits);
	free(res->query);
	free(res);
}

size_t iio_results_count(const iio_results *res) { return res ? res->n : 0; }

const iio_hit *iio_results_hit(const iio_results *res, size_t i)
{
	return res && i < res->n ? &res->hits[i].hit : NULL;
}

unsigned long iio_results_total(const iio_results *res) { return res ? res->total : 0; }
int iio_results_total_exact(const iio_results *res) { return res ? res->total_exact : 0; }
unsigned long iio_results_total_min(const iio_results *res) { return res ? res->total_min : 0; }
unsigned long iio_results_records(const iio_results *res) { return res ? res->records : 0; }
int iio_results_records_exact(const iio_results *res) { return res ? res->records_exact : 0; }
unsigned long iio_results_complete(const iio_results *res) { return res ? res->complete : 0; }
int iio_results_complete_exact(const iio_results *res) { return res ? res->complete_exact : 0; }
int iio_results_relaxed(const iio_results *res) { return res ? res->relaxed : 0; }
int iio_results_counts_exact(const iio_results *res) { return res ? res->counts_exact : 0; }
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

size_t iio_results_interpreted_count(const iio_results *res) { return res ? res->ninterpreted : 0; }

const char *iio_results_interpreted(const iio_results *res, size_t i, const char **field, const char **words)
{
	if (!res || i >= res->ninterpreted)
		return NULL;
	if (field)
		*field = res->interpreted[i].field;
	if (words)
		*words = res->interpreted[i].words;
	return res->interpreted[i].value;
}

size_t iio_results_alternatives(const iio_results *res) { return res ? res->nalternatives : 0; }

const char *iio_results_alternative(const iio_results *res, size_t i, const char **kind, unsigned long *total)
{
	if (!res || i >= res->nalternatives)
		return NULL;
	if (kind)
		*kind = res->alternatives[i].kind;
	if (total)
		*total = res->alternatives[i].total;
	return res->alternatives[i].query;
}

/* The alternatives as JSON [{"query","kind","total"}]; NULL when out of memory. */
static json_t *alternatives_json(const iio_results *res)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < res->nalternatives; i++)
		if (json_array_append_new(arr, json_pack("{sssssI}", "query", res->alternatives[i].query, "kind",
							 res->alternatives[i].kind, "total",
							 (json_int_t)res->alternatives[i].total))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* The counts of RES into O: total (results as listed), records, complete
 * (holding every word), each with its exactness. */
static void set_counts(json_t *o, const iio_results *res)
{
	json_object_set_new(o, "total", json_integer((json_int_t)res->total));
	json_object_set_new(o, "total_exact", json_boolean(res->total_exact));
	json_object_set_new(o, "total_min", json_integer((json_int_t)res->total_min));
	json_object_set_new(o, "records", json_integer((json_int_t)res->records));
	json_object_set_new(o, "records_exact", json_boolean(res->records_exact));
	json_object_set_new(o, "complete", json_integer((json_int_t)res->complete));
	json_object_set_new(o, "complete_exact", json_boolean(res->complete_exact));
}

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
	set_counts(o, res);
	json_object_set_new(o, "relaxed", json_boolean(res->relaxed));
	json_object_set_new(o, "corrected", json_boolean(res->corrected));
	json_object_set_new(o, "offset", json_integer((json_int_t)res->offset));
	json_object_set_new(o, "limit", json_integer(res->limit));
	json_object_set_new(o, "took_ms", json_real(res->took_ms));
	json_object_set_new(o, "suggestion", res->suggestion ? json_string(res->suggestion) : json_null());
	{
		json_t *a = json_array();
		for (size_t k = 0; a && k < res->ninterpreted; k++)
			json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "field", res->interpreted[k].field, "value",
							   res->interpreted[k].value, "words", res->interpreted[k].words));
		json_object_set_new(o, "interpreted", a ? a : json_null());
	}
	/* What could help, when nothing was found. */
	if (res->total == 0 && json_object_set_new(o, "alternatives", alternatives_json(res))) {
		json_decref(o);
		json_decref(arr);
		json_decref(facets);
		return IIO_ERR_NOMEM;
	}
	for (i = 0; i < res->n; i++) {
		const hit_store *h = &res->hits[i];
		json_t *r = json_object();
		char *html = iio__snippet_html(h->hit.snippet, h->hit.marks, h->hit.nmarks);
		json_t *fields = iio__hit_fields(h);
		if (!r || !html) {
			free(html);
			json_decref(fields);
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
		json_object_set_new(r, "fields", fields ? fields : json_object());
		if (h->hit.group) {
			json_object_set_new(r, "group", json_string(h->hit.group));
			json_object_set_new(r, "more", json_integer((json_int_t)h->hit.more));
		}
		if (h->hit.npassages) {
			json_t *ps = json_array();
			for (size_t k = 0; ps && k < h->hit.npassages; k++) {
				const iio_passage *p = &h->hit.passages[k];
				char *phtml = iio__snippet_html(p->snippet, p->marks, p->nmarks);
				json_t *po = json_object();
				if (!po || !phtml) {
					free(phtml);
					json_decref(po);
					continue;
				}
				json_object_set_new(po, "id", json_string(p->id));
				json_object_set_new(po, "title", json_string(p->title));
				json_object_set_new(po, "snippet", json_string(phtml));
				json_object_set_new(po, "score", json_real(p->score));
				json_object_set_new(po, "fields", json_loads(p->fields_json, 0, NULL));
				json_array_append_new(ps, po);
				free(phtml);
			}
			json_object_set_new(r, "passages", ps);
		}
		if (h->hit.nmissing) {
			json_t *m = json_array();
			for (size_t k = 0; m && k < h->hit.nmissing; k++)
				json_array_append_new(m, json_string(h->hit.missing[k]));
			json_object_set_new(r, "missing", m);
		}
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
	/* Only an estimate says so: the answers of exact counts stay as they were. */
	if (res->facets_requested && !res->counts_exact)
		json_object_set_new(o, "counts_exact", json_false());
	*out = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	return *out ? IIO_OK : IIO_ERR_NOMEM;
}
