/* suggest-speed - suggest-as-you-type latency in-process: every prefix of
 * PREFIXES (one a line) through iio_suggest_json(), as the web page asks
 * at each keystroke; one JSON line each with took_us.
 *
 *   suggest-speed INDEX PREFIXES
 */
#define _POSIX_C_SOURCE 200809L
#include "speed.h"

#include <time.h>

/* One prefix through iio_suggest_json, timed. */
static void suggest_one(iio_index *idx, const char *line, void *ctx)
{
	struct timespec t0, t1;
	char *json = NULL;
	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	iio_status st = iio_suggest_json(&json, idx, line, 8);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("{\"status\":%d,\"took_us\":%.1f}\n", (int)st,
	       (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3);
	iio_free(json);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: suggest-speed INDEX PREFIXES\n");
		return 2;
	}
	return each_line("suggest-speed", argv[1], argv[2], suggest_one, NULL);
}
