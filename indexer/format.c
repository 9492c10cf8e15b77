/* format.c - the parts of the index format that are code (see format.h):
 * reading and resolving the live pointer of an index root (the indexer
 * and the searcher resolve it with the same code). */
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

int iio_live_resolve(const char *root, char *name, size_t tcap, char *path, size_t pcap)
{
	int got = iio_live_generation(root, name, tcap), n;
	if (got)
		return got;
	n = name[0] == '/' ? snprintf(path, pcap, "%s", name) : snprintf(path, pcap, "%s/%s", root, name);
	if (n < 0 || (size_t)n >= pcap) {
		errno = ENAMETOOLONG;
		return -1;
	}
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

char *iio_listing_encode(const char *id, const char *type, const char *title, const char *url, const char *source,
			 const char *fields_json, size_t *len)
{
	const char *parts[5] = {id, type, title, source, fields_json};
	size_t n = 0, at = 0;
	char *out;
	for (int i = 0; i < 5; i++)
		n += strlen(parts[i]) + 1;
	n += url ? 1 + strlen(url) + 1 : 2;
	if (!(out = malloc(n)))
		return NULL;
	for (int i = 0; i < 5; i++) {
		size_t l = strlen(parts[i]);
		if (i == 3) { /* the url before the source */
			if (url) {
				out[at++] = 'u';
				memcpy(out + at, url, strlen(url) + 1);
				at += strlen(url) + 1;
			} else {
				out[at++] = '-';
				out[at++] = '\0';
			}
		}
		memcpy(out + at, parts[i], l + 1);
		at += l + 1;
	}
	*len = at - 1;
	return out;
}

int iio_listing_decode(char *buf, size_t len, iio_listing *out)
{
	const char **slot[6] = {&out->id, &out->type, &out->title, &out->url, &out->source, &out->fields_json};
	size_t at = 0;
	for (int i = 0; i < 6; i++) {
		char *end;
		if (at > len)
			return -1;
		if (i == 5) { /* the fields run to the end */
			if (at >= len || buf[len] != '\0' || buf[at] != '{' || buf[len - 1] != '}')
				return -1;
			*slot[i] = buf + at;
			return 0;
		}
		if (!(end = memchr(buf + at, '\0', len - at)))
			return -1;
		if (i == 3) {
			if (buf[at] == 'u')
				*slot[i] = buf + at + 1;
			else if (buf[at] == '-' && end == buf + at + 1)
				*slot[i] = NULL;
			else
				return -1;
		} else {
			*slot[i] = buf + at;
		}
		at = (size_t)(end - buf) + 1;
	}
	return -1;
}
