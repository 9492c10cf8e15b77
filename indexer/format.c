/* format.c - the parts of the index format that are code (see format.h):
 * reading the live pointer of an index root. */
#define _GNU_SOURCE
#include "format.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int iio_live_generation(const char *root, char *name, size_t cap)
{
	char path[4096];
	struct stat st;
	ssize_t n;
	if (snprintf(path, sizeof path, "%s/%s", root, IIO_LIVE_POINTER) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (lstat(path, &st))
		return errno == ENOENT ? 1 : -1;
	n = readlink(path, name, cap - 1);
	if (n < 0)
		return -1;
	if ((size_t)n >= cap - 1) {
		errno = ENAMETOOLONG;
		return -1;
	}
	name[n] = '\0';
	return 0;
}
