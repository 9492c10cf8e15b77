/* paths.c - default paths resolved at run time (see paths.h). */
#define _GNU_SOURCE
#include "paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef IIO_BUILD_TOP
#error "IIO_BUILD_TOP and the installed paths come from the Makefile"
#endif

/* Process-wide and written once, on the first call (a program calls it
 * from its main thread before it starts any other). */
static iio_paths paths;
static char in_tree_paths[4][PATH_MAX + 32];

/* Whether this program runs from TOP/bin/. */
static int runs_from(const char *top)
{
	char exe[PATH_MAX], real_top[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	size_t tl;
	if (n <= 0 || !realpath(top, real_top))
		return 0;
	exe[n] = '\0';
	tl = strlen(real_top);
	return !strncmp(exe, real_top, tl) && !strncmp(exe + tl, "/bin/", 5) && !strchr(exe + tl + 5, '/');
}

const iio_paths *iio_default_paths(void)
{
	if (paths.index)
		return &paths;
	if (runs_from(IIO_BUILD_TOP)) {
		snprintf(in_tree_paths[0], sizeof in_tree_paths[0], "%s/var/index", IIO_BUILD_TOP);
		snprintf(in_tree_paths[1], sizeof in_tree_paths[1], "%s/lib/iio-search/nl.lex", IIO_BUILD_TOP);
		snprintf(in_tree_paths[2], sizeof in_tree_paths[2], "%s/corpus", IIO_BUILD_TOP);
		snprintf(in_tree_paths[3], sizeof in_tree_paths[3], "%s/searcher/web", IIO_BUILD_TOP);
		paths.lexicon = in_tree_paths[1];
		paths.corpus = in_tree_paths[2];
		paths.web = in_tree_paths[3];
		paths.in_tree = 1;
		paths.index = in_tree_paths[0];
	} else {
		paths.lexicon = IIO_INSTALLED_LEXICON;
		paths.corpus = "corpus";
		paths.web = IIO_INSTALLED_WEB;
		paths.index = IIO_INSTALLED_INDEX;
	}
	return &paths;
}
