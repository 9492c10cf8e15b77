/* snippet.c - the highlighter (libiiosearch).
 *
 * Snippets are cut from the stored text with the same analyzer that built
 * the index, so whatever matched in the index lights up in the text, in its
 * original spelling. The window is the one holding the most distinct query
 * terms (then the most matches); whitespace is collapsed so PDF line breaks
 * do not leak into a result list.
 */
#define _GNU_SOURCE
#include "private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MATCHES 4096

typedef struct match {
	size_t start, end;
	size_t term; /* index into the query terms */
} match;

/* A list of the query's words with their lengths (measured once a
 * snippet, not once a token). */
typedef struct word_list {
	char *const *s;
	size_t len[IIO_MAX_QUERY_TERMS];
	size_t n;
} word_list;

typedef struct match_ctx {
	size_t nstems;
	word_list stems, terms, prefixes;
	match *m;
	size_t n;
	int unordered; /* a joined verb's first half came after other matches */
} match_ctx;

static void word_list_init(word_list *l, char *const *s, size_t n)
{
	l->s = s;
	l->n = n < IIO_MAX_QUERY_TERMS ? n : IIO_MAX_QUERY_TERMS;
	for (size_t i = 0; i < l->n; i++)
		l->len[i] = strlen(s[i]);
}

/* Index of S in L, or -1. */
static long find(const word_list *l, const char *s, size_t len)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] == len && (!len || l->s[i][0] == s[0]) && !memcmp(l->s[i], s, len))
			return (long)i;
	return -1;
}

/* Which query word token T matches: its form, its stem, or the stem of one
 * of its compound parts (krimp in leerlingenkrimp). Distinct words are
 * numbered by their stem, so the best window prefers different words. */
static long match_of(const match_ctx *c, const iio_token *t)
{
	long k = find(&c->stems, t->stem, t->stem_len);
	if (k >= 0)
		return k;
	if (find(&c->terms, t->norm, t->norm_len) >= 0)
		return (long)c->nstems; /* a form whose stem differs: one bucket */
	for (size_t i = 0; i < t->nparts; i++)
		if ((k = find(&c->stems, t->parts[i].stem, t->parts[i].stem_len)) >= 0)
			return k;
	for (size_t i = 0; i < c->prefixes.n; i++)
		if (t->norm_len >= c->prefixes.len[i] && !memcmp(t->norm, c->prefixes.s[i], c->prefixes.len[i]))
			return (long)c->nstems; /* innovat* lights up innovatie */
	return -1;
}

static int on_token(void *vctx, const iio_token *t)
{
	match_ctx *c = vctx;
	long k;
	if (t->flags & IIO_TOKEN_WHOLE)
		return 0; /* its parts are marked one by one */
	k = match_of(c, t);
	if (k < 0)
		return 0;
	if (t->flags & IIO_TOKEN_JOINED) {
		/* legt ... uit for uitleggen: both halves light up */
		c->m[c->n].start = t->link_start;
		c->m[c->n].end = t->link_end;
		c->m[c->n].term = (size_t)k;
		c->unordered = 1;
		if (++c->n == MAX_MATCHES)
			return 1;
	}
	c->m[c->n].start = t->start;
	c->m[c->n].end = t->end;
	c->m[c->n].term = (size_t)k;
	return ++c->n == MAX_MATCHES;
}

static int by_start(const void *a, const void *b)
{
	const match *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Matches in text order, none overlapping the one before (a joined verb's
 * halves come with its token, after the words between them). */
static void order_matches(match_ctx *c)
{
	size_t o = 0;
	qsort(c->m, c->n, sizeof *c->m, by_start);
	for (size_t i = 0; i < c->n; i++)
		if (!o || c->m[i].start >= c->m[o - 1].end)
			c->m[o++] = c->m[i];
	c->n = o;
}

/* Blanks and every other ASCII control character (NUL included): a
 * snippet is display text, and a NUL inside would cut it short of its
 * marks (found by tests/fuzz/fuzz-snippet). */
static int is_space(char ch)
{
	return (unsigned char)ch <= ' ' || ch == 0x7f;
}

/* Move OFF back to the start of the word it is in. */
static size_t word_start(const char *text, size_t off)
{
	while (off > 0 && !is_space(text[off - 1]))
		off--;
	return off;
}

/* Move OFF forward to the end of the word it is in (never splits UTF-8). */
static size_t word_end(const char *text, size_t len, size_t off)
{
	while (off < len && !is_space(text[off]))
		off++;
	return off;
}

/* Choose the window [*from, *to) of about WIDTH bytes. */
static void best_window(const match *m, size_t n, size_t nterms, size_t width, size_t *from)
{
	size_t i, best = 0;
	long best_score = -1;
	for (i = 0; i < n; i++) {
		unsigned char seen[IIO_MAX_QUERY_TERMS + 1] = {0};
		long distinct = 0, count = 0, score;
		size_t j;
		for (j = i; j < n && m[j].end <= m[i].start + width; j++) {
			if (m[j].term <= nterms && !seen[m[j].term]) {
				seen[m[j].term] = 1;
				distinct++;
			}
			count++;
		}
		score = distinct * 1000 + count;
		if (score > best_score) {
			best_score = score;
			best = i;
		}
	}
	*from = m[best].start;
}

iio_status iio__snippet(iio_snippet *out, const iio_analyzer *an, iio_word_memo *memo, const char *text, size_t len,
			const iio_parsed_query *pq, unsigned chars)
{
	match_ctx c;
	size_t width = chars ? chars : 200, from = 0, to, i, o, mi, outcap, prefix;
	int space = 0;

	memset(out, 0, sizeof *out);
	c.nstems = pq->nstems;
	word_list_init(&c.stems, pq->stems, pq->nstems);
	word_list_init(&c.terms, pq->terms, pq->nterms);
	word_list_init(&c.prefixes, pq->prefixes, pq->nprefixes);
	c.n = 0;
	c.unordered = 0;
	c.m = malloc(MAX_MATCHES * sizeof *c.m);
	if (!c.m)
		return IIO_ERR_NOMEM;
	iio_analyze_memo(an, memo, IIO_ANA_DOCUMENT, text, len, on_token, &c);
	if (c.unordered)
		order_matches(&c);
	if (c.n > 0 && width < len) { /* else the whole text */
		best_window(c.m, c.n, pq->nstems, width, &from);
		/* Some context before the first match. */
		from = from > width / 4 ? from - width / 4 : 0;
		from = word_start(text, from);
	}
	while (from < len && is_space(text[from]))
		from++;
	to = word_end(text, len, from + width < len ? from + width : len);

	/* Copy, collapsing whitespace, with "…" at cut ends, mapping marks. */
	outcap = (to - from) + 8;
	out->text = malloc(outcap);
	out->marks = malloc(2 * (c.n + 1) * sizeof *out->marks);
	if (!out->text || !out->marks) {
		free(c.m);
		iio__snippet_clear(out);
		return IIO_ERR_NOMEM;
	}
	o = 0;
	if (from > 0) {
		memcpy(out->text, "\xe2\x80\xa6", 3); /* … */
		o = 3;
	}
	mi = 0;
	while (mi < c.n && c.m[mi].start < from)
		mi++;
	prefix = o;
	for (i = from; i < to; i++) {
		int in_window = mi < c.n && c.m[mi].end <= to;
		if (is_space(text[i])) {
			space = 1;
			continue;
		}
		if (space && o > prefix)
			out->text[o++] = ' ';
		space = 0;
		if (in_window && i == c.m[mi].start)
			out->marks[2 * out->nmarks] = o;
		out->text[o++] = text[i];
		if (in_window && i + 1 == c.m[mi].end) {
			out->marks[2 * out->nmarks + 1] = o;
			out->nmarks++;
			mi++;
		}
	}
	if (to < len) {
		memcpy(out->text + o, "\xe2\x80\xa6", 3);
		o += 3;
	}
	out->text[o] = '\0';
	free(c.m);
	return IIO_OK;
}

void iio__snippet_clear(iio_snippet *s)
{
	free(s->text);
	free(s->marks);
	memset(s, 0, sizeof *s);
}

char *iio__snippet_html(const char *text, const size_t *marks, size_t nmarks)
{
	char *buf = NULL;
	size_t size = 0, i, m = 0;
	FILE *f = open_memstream(&buf, &size);
	if (!f)
		return NULL;
	for (i = 0; text[i]; i++) {
		if (m < nmarks && i == marks[2 * m])
			fputs("<mark>", f);
		switch (text[i]) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(text[i], f);
		}
		if (m < nmarks && i + 1 == marks[2 * m + 1]) {
			fputs("</mark>", f);
			m++;
		}
	}
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
