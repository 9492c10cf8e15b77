/* speed.h - what the in-process latency benchmarks (page-speed,
 * suggest-speed) share: the index they ask, opened with IIO_LEXICON's
 * lexicon, and the file of inputs they time, one a line. Bench code. */
#ifndef IIO_BENCH_SPEED_H
#define IIO_BENCH_SPEED_H

#include "iio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hands RUN(idx, line, ctx) each line of the file PATH, without its
 * newline, with the index INDEX open. Returns the exit status: 0, or 2
 * when either cannot be opened (said on stderr, as PROG). */
static int each_line(const char *prog, const char *index, const char *path,
		     void (*run)(iio_index *idx, const char *line, void *ctx), void *ctx)
{
	iio_index *idx = NULL;
	char *line = NULL;
	size_t cap = 0;
	FILE *in;
	if (iio_index_open_with(&idx, index, getenv("IIO_LEXICON"))) {
		fprintf(stderr, "%s: %s\n", prog, idx ? iio_index_error(idx) : "out of memory");
		iio_index_close(idx);
		return 2;
	}
	if (!(in = fopen(path, "r"))) {
		perror(path);
		iio_index_close(idx);
		return 2;
	}
	while (getline(&line, &cap, in) > 0) {
		line[strcspn(line, "\n")] = '\0';
		run(idx, line, ctx);
	}
	free(line);
	fclose(in);
	iio_index_close(idx);
	return 0;
}

#endif
