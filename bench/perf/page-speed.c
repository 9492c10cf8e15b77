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
#include "iio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int main(int argc, char **argv)
{
	iio_index *idx = NULL;
	const char *field = NULL, *value = NULL;
	char clause[256] = "", *line = NULL;
	size_t cap = 0, f = 0;
	int per_field = 0;
	FILE *in;
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--per-field"))
			per_field = 1;
		else if (strchr(argv[i], '='))
			field = argv[i], value = strchr(argv[i], '=') + 1;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: page-speed INDEX QUERIES [FIELD=VALUE] [--per-field]\n");
		return 2;
	}
	if (field) {
		for (f = 0; iio_field_name(f) && strncmp(iio_field_name(f), field, (size_t)(value - 1 - field)); f++)
			;
		if (!iio_field_name(f)) {
			fprintf(stderr, "page-speed: no field %s\n", field);
			return 2;
		}
		snprintf(clause, sizeof clause, "%s:\"%s\"", iio_field_name(f), value);
	}
	if (iio_index_open_with(&idx, argv[1], getenv("IIO_LEXICON"))) {
		fprintf(stderr, "page-speed: %s\n", idx ? iio_index_error(idx) : "out of memory");
		return 2;
	}
	if (!(in = fopen(argv[2], "r"))) {
		perror(argv[2]);
		return 2;
	}
	while (getline(&line, &cap, in) > 0) {
		iio_search_options o;
		iio_results *res = NULL;
		double t0 = now_us();
		long nv = 0;
		iio_status st;
		line[strcspn(line, "\n")] = '\0';
		iio_search_options_init(&o);
		o.facets = 1;
		o.filter = field ? clause : NULL;
		st = iio_search(&res, idx, line, &o);
		if (!st && field)
			nv = counts_without(idx, line, f, clause, per_field);
		printf("{\"status\":%d,\"took_us\":%.1f,\"total\":%lu,\"values\":%ld}\n", (int)st, now_us() - t0,
		       iio_results_total(res), nv);
		iio_results_free(res);
	}
	free(line);
	fclose(in);
	iio_index_close(idx);
	return 0;
}
