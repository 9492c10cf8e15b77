/* fuzz-webreq - what the web front ends make of a request's query string:
 * splitting and %-decoding (iio.search.cgi reads QUERY_STRING with it),
 * the parameters turned into search options and filters, and the HTML
 * escaping of what is echoed back. A request is either good (options
 * within the web limits) or bad with a reason; escaped text never holds a
 * character that could open markup. */
#include "fuzz.h"
#include "../../searcher/webreq.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *qs = malloc(size + 1);
	iio_web_params p;
	iio_web_request r;

	if (!qs)
		return 0;
	memcpy(qs, data, size);
	qs[size] = '\0';
	if (iio_web_params_parse(&p, qs) == 0) {
		FUZZ_CHECK(p.n <= IIO_WEB_MAX_PARAMS);
		for (size_t i = 0; i < p.n; i++) {
			char *e = iio_web_escape(p.values[i]);
			FUZZ_CHECK(e != NULL);
			FUZZ_CHECK(!strpbrk(e, "<>\"'"));
			free(e);
		}
		if (iio_web_parse(&r, &p) == 0) {
			FUZZ_CHECK(r.q != NULL);
			FUZZ_CHECK(r.opts.limit <= IIO_WEB_MAX_LIMIT && r.opts.offset <= IIO_WEB_MAX_OFFSET);
		} else {
			FUZZ_CHECK(r.error[0] != '\0');
		}
		iio_web_request_clear(&r);
		iio_web_params_free(&p);
	}
	free(qs);
	return 0;
}
