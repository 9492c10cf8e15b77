/* page-speed - the search page's path in-process, as iio-serve answers
 * /api/search for the page: the first 10 results with snippets, grouped,
 * every facet field counted; with a filter (FIELD=VALUE), also the counts
 * of the filtered field without its own filter (the alternatives the page
 * offers). One JSON line per query with took_us, total and the filtered
 * field's count of values.
 *
 *   page-speed INDEX QUERIES [FIELD=VALUE] [--per-field]
 *
 * The filtered field's counts come from iio_facets_without, or with
 * --per-field (and always when built against a library without it) from
 * a whole search without that filter, as the page made them before. Bench
 * code: reports, never asserts.
 */
#define _POSIX_C_SOURCE 200809L
#include "speed.h"

#include <time.h>

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* The counts of FIELD (index F) for Q without its own filter: one call or
 * a whole search. Returns how many values it counted, -1 on failure. */
static long counts_without(iio_index *idx, const char *q, size_t f, const char *clause, int per_field)
{
	iio_search_options o;
	iio_results *res = NULL;
	long n = -1;
	iio_search_options_init(&o);
	o.facets = 1;
#ifdef IIO_FACETS_EXACT_COUNT
	if (!per_field) {
		const char *filters[32] = {NULL};
		iio_results *out[32] = {NULL};
		filters[f] = clause;
		if (!iio_facets_without(out, idx, q, &o, filters, f + 1))
			n = (long)iio_results_facet_count(out[f], iio_field_name(f));
		iio_results_free(out[f]);
		return n;
	}
#endif
	(void)clause;
	(void)per_field;
	/* The page before: a search of its own, one result, ungrouped. */
	o.limit = 1;
	o.no_group = 1;
	if (!iio_search(&res, idx, q, &o))
		n = (long)iio_results_facet_count(res, iio_field_name(f));
	iio_results_free(res);
	return n;
}

/* The filter of the run (FIELD=VALUE, none when FIELD is NULL): the
 * field's index F and the clause it makes. */
typedef struct page_run {
	const char *field;
	size_t f;
	char clause[256];
	int per_field;
} page_run;

/* One query as the page asks it, timed. */
static void page_one(iio_index *idx, const char *line, void *ctx)
{
	const page_run *p = ctx;
	iio_search_options o;
	iio_results *res = NULL;
	double t0 = now_us();
	long nv = 0;
	iio_status st;
	iio_search_options_init(&o);
	o.facets = 1;
	o.filter = p->field ? p->clause : NULL;
	st = iio_search(&res, idx, line, &o);
	if (!st && p->field)
		nv = counts_without(idx, line, p->f, p->clause, p->per_field);
	printf("{\"status\":%d,\"took_us\":%.1f,\"total\":%lu,\"values\":%ld}\n", (int)st, now_us() - t0,
	       iio_results_total(res), nv);
	iio_results_free(res);
}

int main(int argc, char **argv)
{
	page_run p = {NULL, 0, "", 0};
	const char *value = NULL;
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--per-field"))
			p.per_field = 1;
		else if (strchr(argv[i], '='))
			p.field = argv[i], value = strchr(argv[i], '=') + 1;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: page-speed INDEX QUERIES [FIELD=VALUE] [--per-field]\n");
		return 2;
	}
	if (p.field) {
		for (p.f = 0; iio_field_name(p.f) && strncmp(iio_field_name(p.f), p.field, (size_t)(value - 1 - p.field));
		     p.f++)
			;
		if (!iio_field_name(p.f)) {
			fprintf(stderr, "page-speed: no field %s\n", p.field);
			return 2;
		}
		snprintf(p.clause, sizeof p.clause, "%s:\"%s\"", iio_field_name(p.f), value);
	}
	return each_line("page-speed", argv[1], argv[2], page_one, &p);
}
