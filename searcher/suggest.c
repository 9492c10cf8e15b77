/* suggest.c - suggest as you type (libiiosearch): completions of what the
 * user has typed so far, from whole titles (the A terms) and from the words
 * of the corpus, the ones most records use first. Only term-list walks of
 * bounded length: no match is run, so it answers in microseconds. */
#define _GNU_SOURCE
#include "private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_SCAN 2000 /* terms walked per list, at most */

typedef struct candidate {
	char *text;
	char *term;  /* a title's A term, to show the title as written */
	int title;
	unsigned count;
} candidate;

typedef struct collect {
	candidate *v;
	size_t n, cap;
	size_t skip;          /* bytes of prefix to drop from each term */
	const char *head;     /* typed text before the word being completed */
	size_t head_len;
	int title;
	int oom;
} collect;

static int on_term(void *vctx, const char *s, size_t len, unsigned freq)
{
	collect *c = vctx;
	candidate *cd;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		candidate *nv = realloc(c->v, cap * sizeof *nv);
		if (!nv) {
			c->oom = 1;
			return 1;
		}
		c->v = nv;
		c->cap = cap;
	}
	cd = &c->v[c->n];
	cd->text = malloc(c->head_len + len - c->skip + 1);
	if (!cd->text) {
		c->oom = 1;
		return 1;
	}
	memcpy(cd->text, c->head, c->head_len);
	memcpy(cd->text + c->head_len, s + c->skip, len - c->skip);
	cd->text[c->head_len + len - c->skip] = '\0';
	cd->title = c->title;
	cd->count = freq;
	cd->term = c->title ? strndup(s, len) : NULL;
	if (c->title && !cd->term) {
		free(cd->text);
		c->oom = 1;
		return 1;
	}
	c->n++;
	return 0;
}

/* Title candidate CD shown as the title is written ("De Gouden Eeuw"),
 * without its parenthesised variant: read from a record that has it. */
static void as_written(iio_index *idx, candidate *cd)
{
	xs_docid d = 0;
	char *data = NULL;
	size_t len = 0;
	json_t *rec;
	const char *title;
	if (!cd->term || xs_db_find_doc(idx->db, cd->term, strlen(cd->term), &d) ||
	    xs_db_get_data(idx->db, d, &data, &len))
		return;
	rec = iio_stored_decode(data, len);
	xs_free(data);
	title = rec ? json_string_value(json_object_get(rec, "title")) : NULL;
	if (title) {
		size_t tl = strlen(title);
		char *t;
		while (tl > 0 && title[tl - 1] == ' ')
			tl--;
		if (tl > 0 && title[tl - 1] == ')') {
			const char *open = memrchr(title, '(', tl);
			if (open && open > title) {
				tl = (size_t)(open - title);
				while (tl > 0 && title[tl - 1] == ' ')
					tl--;
			}
		}
		if ((t = strndup(title, tl))) {
			free(cd->text);
			cd->text = t;
		}
	}
	json_decref(rec);
}

/* One word typed: the completions most records use first, titles first
 * among equals. */
static int by_count(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if (x->title != y->title)
		return y->title - x->title;
	return strcmp(x->text, y->text);
}

/* Several words typed: titles first (the whole of what was typed completes
 * them), then words. */
static int titles_first(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	if (x->title != y->title)
		return y->title - x->title;
	return by_count(a, b);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

iio_status iio_suggest_json(char **out, iio_index *idx, const char *prefix, unsigned max)
{
	double t0 = now_ms();
	char norm[IIO_MAX_TOKEN_BYTES * 4 + 8];
	size_t n, word = 0;
	collect c;
	json_t *o, *list;
	xs_status xst;

	if (!out || !idx || !idx->db || !prefix || max < 1 || max > 50)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "iio_suggest_json needs an open index, a prefix and 1 to 50");
	*out = NULL;
	memset(&c, 0, sizeof c);
	c.head = "";
	memcpy(norm, IIO_PREFIX_WHOLE_TITLE, strlen(IIO_PREFIX_WHOLE_TITLE));
	n = iio_normalize_word(prefix, strlen(prefix), norm + 1, sizeof norm - 1);
	if (n) {
		/* Whole titles that start with what was typed. */
		c.skip = 1;
		c.title = 1;
		xst = xs_db_terms_freq(idx->db, norm, n + 1, MAX_SCAN, on_term, &c);
		/* Words that complete the last word typed. */
		for (word = n; word > 0 && norm[word] != ' '; word--)
			;
		c.head = norm + 1;
		c.head_len = word;
		c.skip = 0;
		c.title = 0;
		if (!xst && !c.oom && n - word >= 1)
			xst = xs_db_terms_freq(idx->db, norm + 1 + word, n - word, MAX_SCAN, on_term, &c);
		if (xst) {
			for (size_t i = 0; i < c.n; i++) {
				free(c.v[i].text);
				free(c.v[i].term);
			}
			free(c.v);
			return iio__fail(idx, iio__from_xs(xst), "cannot list terms: %s", xs_db_error(idx->db));
		}
	}
	if (c.oom) {
		for (size_t i = 0; i < c.n; i++) {
			free(c.v[i].text);
			free(c.v[i].term);
		}
		free(c.v);
		return IIO_ERR_NOMEM;
	}
	if (c.n > 1)
		qsort(c.v, c.n, sizeof *c.v, word > 0 ? titles_first : by_count);
	o = json_object();
	list = json_array();
	for (size_t i = 0, shown = 0, titles = 0; o && list && i < c.n && shown < max; i++) {
		json_t *s;
		/* Several words typed: a word completion ignores the earlier ones
		 * ("gouden e": gouden en); shown only when no title fits. */
		titles += c.v[i].title;
		if (!c.v[i].title && titles && word > 0)
			break;
		/* Read as written only what may be shown: variants of one
		 * title ("Fotosynthese (uitleg)", "(oefenen)") are one. */
		if (c.v[i].title)
			as_written(idx, &c.v[i]);
		int dup = !strcasecmp(c.v[i].text, norm + 1); /* what was typed is no completion */
		for (size_t k = 0; k < i && !dup; k++)
			dup = !strcasecmp(c.v[k].text, c.v[i].text);
		if (dup)
			continue;
		s = json_object();
		json_object_set_new(s, "text", json_string(c.v[i].text));
		json_object_set_new(s, "kind", json_string(c.v[i].title ? "title" : "word"));
		json_object_set_new(s, "count", json_integer(c.v[i].count));
		json_array_append_new(list, s);
		shown++;
	}
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].text);
		free(c.v[i].term);
	}
	free(c.v);
	if (!o || !list) {
		json_decref(o);
		json_decref(list);
		return IIO_ERR_NOMEM;
	}
	json_object_set_new(o, "prefix", json_string(prefix));
	json_object_set_new(o, "took_ms", json_real(now_ms() - t0));
	json_object_set_new(o, "suggestions", list);
	*out = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	return *out ? IIO_OK : IIO_ERR_NOMEM;
}
