/* analyzer-speed - tokens per second of the analyzer, with the lexicon
 * (stems, compounds) and without it (the plain tokenizer the walking
 * skeleton had), on the same text. Reports; never asserts.
 *
 *   analyzer-speed [--lexicon FILE] FILE[.gz]...
 */
#define _GNU_SOURCE
#include "../indexer/analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static int count(void *ctx, const iio_token *t)
{
	(void)t;
	(*(unsigned long *)ctx)++;
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double run(const iio_analyzer *a, const char *text, size_t len, unsigned long *tokens)
{
	double best = 1e9;
	for (int rep = 0; rep < 3; rep++) { /* best of three */
		double t0 = now();
		*tokens = 0;
		iio_analyze(a, IIO_ANA_DOCUMENT, text, len, count, tokens);
		if (now() - t0 < best)
			best = now() - t0;
	}
	return best;
}

int main(int argc, char **argv)
{
	const char *lexicon = getenv("IIO_LEXICON");
	char *text = NULL, *err = NULL;
	size_t len = 0, cap = 0;
	iio_analyzer *full, *plain;
	unsigned long nf, np;
	double tf, tp;

	for (int i = 1; i < argc; i++) {
		gzFile f;
		int r;
		if (!strcmp(argv[i], "--lexicon") && i + 1 < argc) {
			lexicon = argv[++i];
			continue;
		}
		if (!(f = gzopen(argv[i], "rb"))) {
			fprintf(stderr, "analyzer-speed: cannot read %s\n", argv[i]);
			return 2;
		}
		do {
			if (len + 65536 > cap && !(text = realloc(text, cap = (len + 65536) * 2)))
				return 2;
			r = gzread(f, text + len, 65536);
			if (r > 0)
				len += (size_t)r;
		} while (r > 0);
		gzclose(f);
	}
	if (!text || !lexicon) {
		fprintf(stderr, "usage: analyzer-speed --lexicon FILE TEXT[.gz]...\n");
		return 2;
	}
	if (iio_analyzer_open(&full, lexicon, &err) || iio_analyzer_open(&plain, NULL, &err)) {
		fprintf(stderr, "analyzer-speed: %s\n", err);
		return 2;
	}
	tp = run(plain, text, len, &np);
	tf = run(full, text, len, &nf);
	printf("text             %.1f MB\n", (double)len / 1e6);
	printf("plain tokenizer  %lu tokens in %.3f s: %.0f tokens/s, %.1f MB/s\n", np, tp, np / tp, len / tp / 1e6);
	printf("Dutch analyzer   %lu tokens in %.3f s: %.0f tokens/s, %.1f MB/s\n", nf, tf, nf / tf, len / tf / 1e6);
	printf("slowdown         %.2fx\n", tf / tp);
	iio_analyzer_close(full);
	iio_analyzer_close(plain);
	free(text);
	return 0;
}
