/* query.c - from the user's query string to a Xapian query (libiiosearch).
 *
 * The query is read with the same analyzer that indexed the documents, so a
 * word is looked up exactly as the index holds it. The language for now:
 * words (all required; stopwords are not required), "quoted phrases",
 * -word / -"phrase" to exclude, +word as an explicit word. Malformed input
 * degrades to the sensible reading: an unclosed quote runs to the end, a
 * lone '-' is ignored.
 *
 * A word matches, best first: its exact form (unprefixed term), any form
 * with the same stem (Z), compounds that hold it as a part (P: krimp finds
 * leerlingenkrimp), and, for a compound in the query, its parts anywhere in
 * a record (onderwijsvernieuwing finds "vernieuwing van het onderwijs"). A
 * hyphenated word or code (E-klas, R@velijn) is a phrase of its parts.
 */
#define _GNU_SOURCE
#include "private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How much each kind of match counts (multiplies the BM25 weight). */
#define W_EXACT 1.0
#define W_STEM 1.0
#define W_PART 0.5
#define W_DECOMPOUND 0.3

typedef struct clause_ctx {
	const iio_analyzer *analyzer;
	iio_parsed_query *pq;  /* where to record terms for snippets; NULL for negatives */
	int phrase;            /* a quoted phrase: exact forms in order */
	xs_query *words[IIO_MAX_QUERY_TERMS];   /* per word (not phrase) */
	size_t nwords;
	xs_query *exact[IIO_MAX_QUERY_TERMS];   /* exact forms by position (phrase, hyphenated) */
	size_t nexact;
	int joined;            /* the text held a hyphenated word or code */
	int overflow, oom;
	xs_query *stop_words[IIO_MAX_QUERY_TERMS]; /* exact stopwords, if nothing else */
	size_t nstop;
} clause_ctx;

static int remember(char **list, size_t *n, const char *s, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], s, len))
			return 0;
	if (*n >= IIO_MAX_QUERY_TERMS)
		return 0;
	list[*n] = strndup(s, len);
	if (!list[*n])
		return -1;
	(*n)++;
	return 0;
}

static xs_query *prefixed(const char *prefix, const char *s, size_t len, double scale)
{
	char term[IIO_MAX_TOKEN_BYTES * 4 + 8];
	size_t pl = strlen(prefix);
	xs_query *t, *q;
	if (pl + len > sizeof term)
		return xs_query_match_nothing();
	memcpy(term, prefix, pl);
	memcpy(term + pl, s, len);
	t = xs_query_term(term, pl + len, 1, 0);
	if (!t || scale == 1.0)
		return t;
	q = xs_query_scale(t, scale);
	xs_query_free(t);
	return q;
}

static void free_queries(xs_query **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		xs_query_free(v[i]);
}

/* The query for one word: exact OR stem OR as a part OR its own parts. */
static xs_query *word_query(const iio_token *t)
{
	xs_query *alt[4] = {0}, *q;
	size_t n = 0;
	alt[n++] = prefixed("", t->norm, t->norm_len, W_EXACT);
	alt[n++] = prefixed(IIO_PREFIX_STEM, t->stem, t->stem_len, W_STEM);
	alt[n++] = prefixed(IIO_PREFIX_PART, t->stem, t->stem_len, W_PART);
	if (t->nparts > 1) {
		xs_query *parts[IIO_MAX_TOKEN_PARTS], *all;
		size_t np = 0;
		/* The top-level parts: the leading ones up to the one that ends
		 * the word. */
		for (size_t i = 0; i < t->nparts; i++) {
			parts[np++] = prefixed(IIO_PREFIX_STEM, t->parts[i].stem, t->parts[i].stem_len, 1.0);
			if (t->parts[i].norm + t->parts[i].norm_len == t->norm + t->norm_len)
				break;
		}
		all = xs_query_combine(XS_OP_AND, parts, np, 0);
		free_queries(parts, np);
		alt[n++] = all ? xs_query_scale(all, W_DECOMPOUND) : NULL;
		xs_query_free(all);
	}
	for (size_t i = 0; i < n; i++)
		if (!alt[i]) {
			free_queries(alt, n);
			return NULL;
		}
	q = xs_query_combine(XS_OP_OR, alt, n, 0);
	free_queries(alt, n);
	return q;
}

static int collect(void *vctx, const iio_token *t)
{
	clause_ctx *c = vctx;
	if (c->nwords >= IIO_MAX_QUERY_TERMS || c->nexact >= IIO_MAX_QUERY_TERMS || c->nstop >= IIO_MAX_QUERY_TERMS) {
		c->overflow = 1;
		return 1;
	}
	/* Snippets light up what was asked for; a stopword only in a phrase. */
	if (c->pq && !(t->flags & IIO_TOKEN_WHOLE) && (c->phrase || !(t->flags & IIO_TOKEN_STOP))) {
		if (remember(c->pq->terms, &c->pq->nterms, t->norm, t->norm_len) ||
		    remember(c->pq->stems, &c->pq->nstems, t->stem, t->stem_len)) {
			c->oom = 1;
			return 1;
		}
		for (size_t i = 0; i < t->nparts; i++)
			if (remember(c->pq->stems, &c->pq->nstems, t->parts[i].stem, t->parts[i].stem_len)) {
				c->oom = 1;
				return 1;
			}
	}
	if (t->flags & IIO_TOKEN_WHOLE) {
		c->joined = 1;
		return 0; /* its parts follow; the phrase of them matches it */
	}
	c->exact[c->nexact] = xs_query_term(t->norm, t->norm_len, 1, t->pos + 1);
	if (!c->exact[c->nexact]) {
		c->oom = 1;
		return 1;
	}
	c->nexact++;
	if (c->phrase || (t->flags & IIO_TOKEN_HYPHEN))
		return 0;
	if (t->flags & IIO_TOKEN_STOP) {
		c->stop_words[c->nstop] = xs_query_term(t->norm, t->norm_len, 1, 0);
		if (!c->stop_words[c->nstop]) {
			c->oom = 1;
			return 1;
		}
		c->nstop++;
		return 0;
	}
	c->words[c->nwords] = word_query(t);
	if (!c->words[c->nwords]) {
		c->oom = 1;
		return 1;
	}
	c->nwords++;
	return 0;
}

/* One clause: a phrase, a hyphenated word, or plain words. *out is NULL
 * when it holds nothing to search for. */
static iio_status clause(xs_query **out, int *stop_only, const iio_analyzer *an, const char *text, size_t len,
			 int phrase, iio_parsed_query *pq, size_t *budget)
{
	clause_ctx c;
	iio_status st = IIO_OK;
	memset(&c, 0, sizeof c);
	c.analyzer = an;
	c.pq = pq;
	c.phrase = phrase;
	*out = NULL;
	iio_analyze(an, IIO_ANA_QUERY, text, len, collect, &c);
	if (c.oom) {
		st = IIO_ERR_NOMEM;
	} else if (c.overflow || c.nexact > *budget) {
		st = IIO_ERR_QUERY;
	} else if (phrase || c.joined) {
		/* Exact forms in order: "op alle niveaus", E-klas, R@velijn. */
		*budget -= c.nexact;
		if (c.nexact == 1)
			*out = xs_query_scale(c.exact[0], 1.0);
		else if (c.nexact > 1)
			*out = xs_query_combine(XS_OP_PHRASE, c.exact, c.nexact, 0);
		if (c.nexact && !*out)
			st = IIO_ERR_NOMEM;
	} else {
		/* Plain text that made several words (a slash, a comma ...):
		 * all of them; only stopwords: those, exactly. */
		xs_query **v = c.nwords ? c.words : c.stop_words;
		size_t n = c.nwords ? c.nwords : c.nstop;
		*budget -= c.nexact;
		if (n == 1)
			*out = xs_query_scale(v[0], 1.0);
		else if (n > 1)
			*out = xs_query_combine(XS_OP_AND, v, n, 0);
		if (n && !*out)
			st = IIO_ERR_NOMEM;
	}
	free_queries(c.words, c.nwords);
	free_queries(c.exact, c.nexact);
	free_queries(c.stop_words, c.nstop);
	*stop_only = st == IIO_OK && *out && !c.nwords && !phrase && !c.joined;
	return st;
}

void iio__parsed_query_clear(iio_parsed_query *q)
{
	xs_query_free(q->strict);
	xs_query_free(q->relaxed);
	for (size_t i = 0; i < q->nterms; i++)
		free(q->terms[i]);
	for (size_t i = 0; i < q->nstems; i++)
		free(q->stems[i]);
	memset(q, 0, sizeof *q);
}

/* Combine positives with OP and subtract the negatives. */
static xs_query *assemble(xs_op op, xs_query **pos, size_t npos, xs_query **neg, size_t nneg)
{
	xs_query *p = npos == 1 ? xs_query_scale(pos[0], 1.0) : xs_query_combine(op, pos, npos, 0);
	xs_query *n, *pair[2], *all;
	if (!p || nneg == 0)
		return p;
	n = xs_query_combine(XS_OP_OR, neg, nneg, 0);
	if (!n) {
		xs_query_free(p);
		return NULL;
	}
	pair[0] = p;
	pair[1] = n;
	all = xs_query_combine(XS_OP_AND_NOT, pair, 2, 0);
	xs_query_free(p);
	xs_query_free(n);
	return all;
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

iio_status iio__parse_query(iio_parsed_query *out, const iio_analyzer *an, const char *query, char *err, size_t errcap)
{
	xs_query *pos[IIO_MAX_QUERY_TERMS], *neg[IIO_MAX_QUERY_TERMS];
	int pos_stop[IIO_MAX_QUERY_TERMS];
	size_t npos = 0, nneg = 0, nstop = 0, budget = IIO_MAX_QUERY_TERMS, len;
	const char *p, *end;
	iio_status st = IIO_OK;

	memset(out, 0, sizeof *out);
	len = strlen(query);
	if (len > IIO_MAX_QUERY_BYTES) {
		snprintf(err, errcap, "query is %zu bytes long; the limit is %d", len, IIO_MAX_QUERY_BYTES);
		return IIO_ERR_QUERY;
	}
	p = query;
	end = query + len;
	while (p < end && st == IIO_OK) {
		int negative = 0, phrase = 0, stop_only = 0;
		const char *start, *stop;
		xs_query *q = NULL;

		while (p < end && is_blank(*p))
			p++;
		if (p == end)
			break;
		if (*p == '-' || *p == '+') {
			negative = *p == '-';
			p++;
		}
		if (p < end && *p == '"') {
			phrase = 1;
			start = ++p;
			stop = memchr(p, '"', (size_t)(end - p));
			if (!stop)
				stop = end; /* unclosed quote: the phrase runs to the end */
			p = stop < end ? stop + 1 : end;
		} else {
			start = p;
			while (p < end && !is_blank(*p))
				p++;
			stop = p;
		}
		st = clause(&q, &stop_only, an, start, (size_t)(stop - start), phrase, negative ? NULL : out, &budget);
		if (st == IIO_ERR_QUERY)
			snprintf(err, errcap, "query has more than %d words", IIO_MAX_QUERY_TERMS);
		if (st || !q)
			continue; /* a lone '-', or punctuation only: nothing to search */
		if (negative) {
			neg[nneg++] = q;
		} else {
			pos_stop[npos] = stop_only;
			nstop += (size_t)stop_only;
			pos[npos++] = q;
		}
	}
	/* Stopwords are not required next to real words: "tekort aan
	 * leraren" needs tekort and leraren, not aan. A query of stopwords
	 * only ("de") keeps them. */
	if (st == IIO_OK && nstop && nstop < npos) {
		size_t k = 0;
		for (size_t i = 0; i < npos; i++) {
			if (pos_stop[i])
				xs_query_free(pos[i]);
			else
				pos[k++] = pos[i];
		}
		npos = k;
	}
	if (st == IIO_OK && npos == 0) {
		snprintf(err, errcap, nneg ? "query only excludes words; give at least one word to search for"
					   : "query has no words to search for");
		st = IIO_ERR_QUERY;
	}
	if (st == IIO_OK) {
		out->strict = assemble(XS_OP_AND, pos, npos, neg, nneg);
		if (npos > 1)
			out->relaxed = assemble(XS_OP_OR, pos, npos, neg, nneg);
		if (!out->strict || (npos > 1 && !out->relaxed))
			st = IIO_ERR_NOMEM;
	}
	free_queries(pos, npos);
	free_queries(neg, nneg);
	if (st)
		iio__parsed_query_clear(out);
	return st;
}
