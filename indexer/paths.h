/* paths.h - where a program looks by default for its index, lexicon,
 * corpus and page.
 *
 * Each program is built once. Run from the bin/ directory of the checkout
 * it was built in, it uses that checkout's var/index, lib/iio-search/nl.lex,
 * corpus/ and searcher/web/; installed anywhere else, the paths `make
 * install` put them at. One compiled-in configuration (the checkout's path
 * and the installed paths, from the Makefile), resolved at run time from
 * /proc/self/exe. Programs only (the library takes paths from its caller).
 */
#ifndef IIO_PATHS_H
#define IIO_PATHS_H

typedef struct iio_paths {
	const char *index;   /* the index root */
	const char *lexicon; /* the compiled Dutch lexicon */
	const char *corpus;  /* the corpus iio-index reads */
	const char *web;     /* the search page's files (iio-serve) */
	int in_tree;         /* 1: running from the build tree */
} iio_paths;

/* This process's defaults (resolved on the first call; never NULL). */
const iio_paths *iio_default_paths(void);

#endif
