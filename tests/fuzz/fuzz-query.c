/* fuzz-query - the whole search path on arbitrary query bytes: the query
 * language parser, synonym and wildcard expansion against a real index,
 * ranking, snippets, facets, the JSON writer. The first byte picks the
 * options (strict, sort, facets, explain, exact total, snippets); the rest
 * is the query, and after a tab, a filter (as the web front ends pass
 * type=/vak=/... on). A search either answers or fails with a query/argument
 * error and a message; the JSON it writes is always valid.
 * The index: $IIO_FUZZ_INDEX (make fuzz indexes the bundled corpus). */
#include "fuzz.h"
#include "../../searcher/iio.h"

#include <jansson.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static iio_index *fuzz_index(void)
{
	static iio_index *idx;
	if (!idx) {
		const char *path = getenv("IIO_FUZZ_INDEX");
		if (!path || iio_index_open(&idx, path)) {
			fprintf(stderr, "fuzz-query: set IIO_FUZZ_INDEX to an index (%s)\n",
				idx ? iio_index_error(idx) : "unset");
			exit(2);
		}
	}
	return idx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	iio_index *idx = fuzz_index();
	iio_search_options o;
	iio_results *res = NULL;
	iio_status st;
	char *q, *tab, *json = NULL;
	unsigned flags = size ? data[0] : 0;

	if (size == 0)
		return 0;
	if (!(q = malloc(size)))
		return 0;
	memcpy(q, data + 1, size - 1);
	q[size - 1] = '\0'; /* a NUL inside ends the query, as for C callers */
	iio_search_options_init(&o);
	o.strict = flags & 1;
	o.sort = flags & 2 ? IIO_SORT_DATE : IIO_SORT_RELEVANCE;
	o.facets = (flags & 4) != 0;
	o.explain = (flags & 8) != 0;
	o.exact_total = (flags & 16) != 0;
	o.snippet_chars = flags & 32 ? 0 : 160;
	o.limit = flags & 64 ? 3 : 10;
	o.offset = flags & 128 ? 2 : 0;
	if ((tab = strchr(q, '\t'))) {
		*tab = '\0';
		o.filter = tab + 1;
	}
	st = iio_search(&res, idx, q, &o);
	if (st) {
		FUZZ_CHECK(res == NULL);
		FUZZ_CHECK(st == IIO_ERR_QUERY || st == IIO_ERR_ARGUMENT);
		FUZZ_CHECK(iio_index_error(idx) && *iio_index_error(idx));
	} else {
		json_t *parsed;
		FUZZ_CHECK(iio_results_count(res) <= o.limit);
		for (size_t i = 0; i < iio_results_count(res); i++) {
			const iio_hit *h = iio_results_hit(res, i);
			size_t len = strlen(h->snippet);
			for (size_t m = 0; m < h->nmarks; m++)
				FUZZ_CHECK(h->marks[2 * m] < h->marks[2 * m + 1] && h->marks[2 * m + 1] <= len);
		}
		FUZZ_CHECK(iio_results_json(&json, res) == IIO_OK);
		parsed = json_loads(json, 0, NULL);
		FUZZ_CHECK(parsed != NULL);
		json_decref(parsed);
		iio_free(json);
	}
	iio_results_free(res);
	free(q);
	return 0;
}
