/* suggest-speed - suggest-as-you-type latency in-process: every prefix of
 * PREFIXES (one a line) through iio_suggest_json(), as the web page asks
 * at each keystroke; one JSON line each with took_us.
 *
 *   suggest-speed INDEX PREFIXES
 */
#define _POSIX_C_SOURCE 200809L
#include "iio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	iio_index *idx = NULL;
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	if (argc != 3) {
		fprintf(stderr, "usage: suggest-speed INDEX PREFIXES\n");
		return 2;
	}
	if (iio_index_open_with(&idx, argv[1], getenv("IIO_LEXICON"))) {
		fprintf(stderr, "suggest-speed: %s\n", idx ? iio_index_error(idx) : "out of memory");
		return 2;
	}
	if (!(f = fopen(argv[2], "r"))) {
		perror(argv[2]);
		return 2;
	}
	while (getline(&line, &cap, f) > 0) {
		struct timespec t0, t1;
		char *json = NULL;
		line[strcspn(line, "\n")] = '\0';
		clock_gettime(CLOCK_MONOTONIC, &t0);
		iio_status st = iio_suggest_json(&json, idx, line, 8);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("{\"status\":%d,\"took_us\":%.1f}\n", (int)st,
		       (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3);
		iio_free(json);
	}
	free(line);
	fclose(f);
	iio_index_close(idx);
	return 0;
}
