/* format.c - the parts of the index format that are code (see format.h):
 * reading the live pointer of an index root. */
#define _GNU_SOURCE
#include "format.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

char *iio_group_key(const char *type, const char *id, const char *title, const char *parent, const char *group)
{
	size_t tl, n;
	char *out;
	if (group && *group)
		return strdup(group);
	if (!strcmp(type, "passage") && parent && *parent)
		return strdup(parent);
	if (!strcmp(type, "document"))
		return strdup(id);
	tl = strlen(title);
	while (tl > 0 && title[tl - 1] == ' ')
		tl--;
	if (tl > 0 && title[tl - 1] == ')') {
		size_t open = tl - 1;
		while (open > 0 && title[open] != '(')
			open--;
		if (title[open] == '(' && open > 0) {
			tl = open;
			while (tl > 0 && title[tl - 1] == ' ')
				tl--;
		}
	}
	n = strlen(type) + 1 + tl + 1;
	if (!(out = malloc(n)))
		return NULL;
	snprintf(out, n, "%s:%.*s", type, (int)tl, title);
	return out;
}

size_t iio_group_term(char *out, const char *key, size_t len)
{
	size_t pl = sizeof IIO_PREFIX_GROUP - 1;
	if (len > IIO_MAX_GROUP_TERM - pl) {
		len = IIO_MAX_GROUP_TERM - pl;
		while (len > 0 && ((unsigned char)key[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, IIO_PREFIX_GROUP, pl);
	memcpy(out + pl, key, len);
	out[pl + len] = '\0';
	return pl + len;
}
