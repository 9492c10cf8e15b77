/* fuzz.h - what the libFuzzer harnesses share: the lexicon (from
 * $IIO_LEXICON, as the tests use it), and a check that stops the run
 * when a contract is broken (a finding, like a crash). */
#ifndef IIO_FUZZ_H
#define IIO_FUZZ_H

#define _GNU_SOURCE

#include "../../indexer/analyze.h"

#include <stdio.h>
#include <stdlib.h>

/* Abort with a message when COND is false: libFuzzer saves the input. */
#define FUZZ_CHECK(cond)                                                                        \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                \
		}                                                                               \
	} while (0)

/* The analyzer with the lexicon $IIO_LEXICON (opened once per process). */
static inline iio_analyzer *fuzz_analyzer(void)
{
	static iio_analyzer *a;
	if (!a) {
		char *err = NULL;
		const char *path = getenv("IIO_LEXICON");
		if (iio_analyzer_open(&a, path && *path ? path : NULL, &err)) {
			fprintf(stderr, "fuzz: cannot open the lexicon: %s\n", err);
			exit(2);
		}
	}
	return a;
}

/* One word memo for the whole run, so later inputs meet a warm one. */
static inline iio_word_memo *fuzz_memo(void)
{
	static iio_word_memo *m;
	if (!m && !(m = iio_word_memo_new())) {
		fprintf(stderr, "fuzz: out of memory\n");
		exit(2);
	}
	return m;
}

#endif
