/* lexicon.c - word list as an open-addressing hash set (see lexicon.h).
 * All words live in one buffer; the table holds offsets into it. */
#define _GNU_SOURCE
#include "lexicon.h"

#include "analyze.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct iio_lexicon {
	char *words;      /* NUL-separated normalized words */
	size_t used, cap;
	uint32_t *slots;  /* offset + 1 into words; 0 = empty */
	size_t nslots;    /* power of two */
	size_t count;
};

static uint32_t hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static size_t find_slot(const iio_lexicon *lex, const char *w, size_t len)
{
	size_t mask = lex->nslots - 1, i = hash(w, len) & mask;
	while (lex->slots[i]) {
		const char *s = lex->words + lex->slots[i] - 1;
		if (strlen(s) == len && !memcmp(s, w, len))
			return i;
		i = (i + 1) & mask;
	}
	return i;
}

static int insert(iio_lexicon *lex, const char *w, size_t len)
{
	size_t slot = find_slot(lex, w, len);
	if (lex->slots[slot])
		return 0;
	if (lex->used + len + 1 > lex->cap || lex->used + len + 1 > UINT32_MAX - 1)
		return -1;
	memcpy(lex->words + lex->used, w, len);
	lex->words[lex->used + len] = '\0';
	lex->slots[slot] = (uint32_t)lex->used + 1;
	lex->used += len + 1;
	lex->count++;
	return 0;
}

int iio_lexicon_load(iio_lexicon **out, const char *path, char **err)
{
	FILE *f = fopen(path, "r");
	iio_lexicon *lex;
	char *line = NULL, norm[IIO_MAX_TOKEN_BYTES * 4 + 1];
	size_t lcap = 0, lines = 0;
	ssize_t n;
	long size;

	*out = NULL;
	if (!f) {
		if (asprintf(err, "cannot read word list %s: %s", path, strerror(errno)) < 0)
			*err = NULL;
		return -1;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	while ((n = getline(&line, &lcap, f)) >= 0)
		lines++;
	rewind(f);
	lex = calloc(1, sizeof *lex);
	if (!lex)
		goto oom;
	/* Normalized words are never longer than NFKC-expanded originals; twice
	 * the file size is a safe bound, and the table stays under half full. */
	lex->cap = (size_t)(size > 0 ? size : 1) * 2 + 1;
	lex->words = malloc(lex->cap);
	for (lex->nslots = 1024; lex->nslots < lines * 2; lex->nslots *= 2)
		;
	lex->slots = calloc(lex->nslots, sizeof *lex->slots);
	if (!lex->words || !lex->slots)
		goto oom;
	while ((n = getline(&line, &lcap, f)) >= 0) {
		size_t len;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		len = iio_normalize_word(line, (size_t)n, norm, sizeof norm);
		if (len && insert(lex, norm, len))
			goto oom;
	}
	free(line);
	fclose(f);
	*out = lex;
	return 0;
oom:
	free(line);
	fclose(f);
	iio_lexicon_free(lex);
	*err = strdup("out of memory loading the word list");
	return -1;
}

void iio_lexicon_free(iio_lexicon *lex)
{
	if (!lex)
		return;
	free(lex->words);
	free(lex->slots);
	free(lex);
}

int iio_lexicon_has(const iio_lexicon *lex, const char *word, size_t len)
{
	char norm[IIO_MAX_TOKEN_BYTES * 4 + 1];
	size_t n;
	if (!lex)
		return 0;
	n = iio_normalize_word(word, len, norm, sizeof norm);
	return n && lex->slots[find_slot(lex, norm, n)] != 0;
}

size_t iio_lexicon_size(const iio_lexicon *lex) { return lex ? lex->count : 0; }
