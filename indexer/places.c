/* places.c - Dutch places and their provinces (see places.h). */
#define _GNU_SOURCE
#include "places.h"

#include "format.h"
#include "lex.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct place_entry {
	char *key;            /* folded (iio_place_fold) */
	const char *province; /* iio_provinces' spelling */
	long line;            /* in the table's text */
} place_entry;

struct iio_places {
	place_entry *v; /* sorted by key */
	size_t n;
	char **unknown; /* open addressing over folded keys; NULL: empty slot */
	size_t ucap, nunknown;
};

static const char *strip_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return !strncmp(s, prefix, n) && s[n] ? s + n : s;
}

char *iio_place_fold(const char *name)
{
	utf8proc_uint8_t *m = NULL;
	char *out, *w;
	const char *r;
	size_t n;
	if (utf8proc_map((const utf8proc_uint8_t *)name, 0, &m,
			 UTF8PROC_NULLTERM | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK) < 0)
		return NULL;
	out = (char *)m;
	/* hyphens and blanks as one blank, the curly apostrophe straight */
	for (r = out, w = out; *r;) {
		if (*r == '-' || *r == ' ' || *r == '\t' || *r == '\r' || *r == '\n') {
			if (w > out && w[-1] != ' ')
				*w++ = ' ';
			r++;
		} else if (!strncmp(r, "\xe2\x80\x99", 3) || !strncmp(r, "\xe2\x80\x98", 3)) {
			*w++ = '\'';
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	while (w > out && w[-1] == ' ')
		w--;
	*w = '\0';
	r = strip_prefix(out, "gemeente ");
	n = strlen(r);
	if (n > 11 && !strcmp(r + n - 11, " (gemeente)"))
		n -= 11;
	memmove(out, r, n);
	out[n] = '\0';
	return out;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const place_entry *)a)->key, ((const place_entry *)b)->key);
}

void iio_places_free(iio_places *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].key);
	for (size_t i = 0; i < p->ucap; i++)
		free(p->unknown[i]);
	free(p->v);
	free(p->unknown);
	free(p);
}

static int fail(iio_places *p, char **err, long line, const char *fmt, const char *what)
{
	char *msg = NULL, *head = NULL;
	if (asprintf(&head, fmt, what) >= 0 && asprintf(&msg, "line %ld: %s", line, head) < 0)
		msg = NULL;
	free(head);
	*err = msg;
	iio_places_free(p);
	return -1;
}

/* One line PLACE<TAB>PROVINCE (LINE, NUL-terminated, changed) into P. */
static int parse_line(iio_places *p, char *line, long no, char **err)
{
	char *tab = strchr(line, '\t'), *prov, *folded;
	const char *canon;
	if (!tab || strchr(tab + 1, '\t'))
		return fail(p, err, no, "%s", "not PLACE<TAB>PROVINCE (two fields)");
	*tab = '\0';
	prov = tab + 1;
	if (!*line || !*prov)
		return fail(p, err, no, "%s", "an empty place or province");
	if (!(folded = iio_place_fold(prov)))
		return fail(p, err, no, "%s", "not UTF-8, or out of memory");
	canon = iio_province_named(folded, strlen(folded));
	free(folded);
	if (!canon || strcmp(canon, prov))
		return fail(p, err, no, "'%s' is not one of the twelve provinces (as iio_provinces spells them)", prov);
	if (!(folded = iio_place_fold(line)) || !*folded) {
		free(folded);
		return fail(p, err, no, "%s", "a place without letters, not UTF-8, or out of memory");
	}
	p->v[p->n].key = folded;
	p->v[p->n].province = canon;
	p->v[p->n].line = no;
	p->n++;
	return 0;
}

int iio_places_parse(const char *text, size_t len, iio_places **out, char **err)
{
	iio_places *p = calloc(1, sizeof *p);
	char *copy = strndup(text, len), *save = NULL, *line;
	long no = 0;
	size_t lines = 1;
	*out = NULL;
	*err = NULL;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	if (!p || !copy || !(p->v = calloc(lines, sizeof *p->v))) {
		free(copy);
		iio_places_free(p);
		return -1;
	}
	/* strtok_r would skip empty lines, and miscount them */
	for (line = copy; line; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		no++;
		if (*line && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		if (!*line || *line == '#')
			continue;
		if (parse_line(p, line, no, err)) {
			free(copy);
			return -1;
		}
	}
	free(copy);
	qsort(p->v, p->n, sizeof *p->v, by_key);
	for (size_t i = 1; i < p->n; i++)
		if (!strcmp(p->v[i - 1].key, p->v[i].key)) {
			const place_entry *a = &p->v[i - 1], *b = &p->v[i];
			char *msg = NULL;
			if (a->line > b->line)
				a = &p->v[i], b = &p->v[i - 1];
			if (asprintf(&msg, "line %ld: the place '%s' is listed twice (first at line %ld, as %s; here as %s)",
				     b->line, b->key, a->line, a->province, b->province) < 0)
				msg = NULL;
			*err = msg;
			iio_places_free(p);
			return -1;
		}
	*out = p;
	return 0;
}

int iio_places_builtin(iio_places **out, char **err)
{
	return iio_places_parse(iio_places_tsv, strlen(iio_places_tsv), out, err);
}

size_t iio_places_count(const iio_places *p) { return p ? p->n : 0; }

size_t iio_places_unknown(const iio_places *p) { return p ? p->nunknown : 0; }

const char *iio_places_province(const iio_places *p, const char *place)
{
	char *key = iio_place_fold(place);
	place_entry probe = {key, NULL, 0}, *hit;
	if (!key)
		return NULL;
	hit = p && p->n ? bsearch(&probe, p->v, p->n, sizeof *p->v, by_key) : NULL;
	free(key);
	return hit ? hit->province : NULL;
}

/* The slot of KEY in the set of unknown places (its own, or the empty one
 * it goes in). */
static size_t unknown_slot(const iio_places *p, const char *key)
{
	size_t i = (size_t)(iio_fnv64(IIO_FNV64_INIT, key, strlen(key)) & (p->ucap - 1));
	while (p->unknown[i] && strcmp(p->unknown[i], key))
		i = (i + 1) & (p->ucap - 1);
	return i;
}

static int grow_unknown(iio_places *p)
{
	size_t old = p->ucap;
	char **was = p->unknown;
	p->ucap = old ? old * 2 : 64;
	if (!(p->unknown = calloc(p->ucap, sizeof *p->unknown))) {
		p->unknown = was;
		p->ucap = old;
		return -1;
	}
	for (size_t i = 0; i < old; i++)
		if (was[i])
			p->unknown[unknown_slot(p, was[i])] = was[i];
	free(was);
	return 0;
}

int iio_places_note_unknown(iio_places *p, const char *place)
{
	char *key = iio_place_fold(place);
	size_t i;
	if (!key) /* not UTF-8 (a reader checks it): the name as it is */
		key = strdup(place);
	if (!key || ((p->nunknown + 1) * 2 > p->ucap && grow_unknown(p))) {
		free(key);
		return -1;
	}
	i = unknown_slot(p, key);
	if (p->unknown[i]) {
		free(key);
		return 0;
	}
	p->unknown[i] = key;
	p->nunknown++;
	return 1;
}
