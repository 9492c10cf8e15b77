/* didyoumean.c - "did you mean" (libiiosearch): the query with every word
 * that neither the index nor Dutch knows replaced by its spelling
 * correction from the index's vocabulary, or split into two words the
 * index holds; offered when the corrected query finds clearly more.
 * (As-you-type completions are suggest.c's.) */
#define _GNU_SOURCE
#include "private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Write LEN bytes of the user's query S to OUT without what must not be
 * echoed back: format characters (bidi overrides, zero-width characters:
 * they can make the suggestion display as something else), control
 * characters (as spaces) and invalid UTF-8. */
static void put_visible(FILE *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {
			i++;
			continue;
		}
		switch (utf8proc_category(c)) {
		case UTF8PROC_CATEGORY_CF:
			break;
		case UTF8PROC_CATEGORY_CC:
			fputc(' ', out);
			break;
		default:
			fwrite(s + i, 1, (size_t)n, out);
		}
		i += (size_t)n;
	}
}

/* "Did you mean": the query as a whole, every word the index does not hold
 * and Dutch does not know replaced by its spelling correction from the
 * corpus vocabulary (within two edits) or, when it has none, split into two
 * words the index holds (leerlingenvoorleerlingen is no word, leerlingen
 * voor leerlingen are); offered only when the corrected query finds
 * clearly more than the original (below). */
typedef struct stem_ctx {
	char term[IIO_TERM_CAP];
	size_t len;
} stem_ctx;

static int on_stem(void *vctx, const iio_token *t)
{
	stem_ctx *c = vctx;
	if (!c->len)
		c->len = iio_term(c->term, IIO_PREFIX_STEM, t->stem, t->stem_len);
	return 1;
}

/* How many records hold a form of WORD (its stem term): 0 when none. */
static unsigned stem_held(iio_index *idx, const char *word)
{
	stem_ctx c = {.len = 0};
	unsigned freq = 0;
	iio_analyze(idx->analyzer, IIO_ANA_QUERY, word, strlen(word), on_stem, &c);
	if (c.len)
		xs_db_termfreq(idx->db, c.term, c.len, &freq);
	return freq;
}

/* Write FIX (lowercase, from the index) in the case the user typed the word
 * TYPED in: LEIDEN for LEIDN, Leiden for Leidn, leiden for leidn. */
static void put_in_case(FILE *out, const char *typed, size_t tlen, const char *fix)
{
	int upper = 0, lower = 0, first_upper = 0, i = 0;
	size_t at = 0, flen = strlen(fix);
	while (at < tlen) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)typed + at, (utf8proc_ssize_t)(tlen - at), &c);
		if (n <= 0)
			break;
		if (utf8proc_isupper(c)) {
			upper++;
			first_upper |= i == 0;
		} else if (utf8proc_islower(c)) {
			lower++;
		}
		at += (size_t)n;
		i++;
	}
	at = 0;
	for (i = 0; at < flen; i++) {
		utf8proc_int32_t c;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)fix + at, (utf8proc_ssize_t)(flen - at), &c);
		if (n <= 0) {
			fputc(fix[at++], out);
			continue;
		}
		if ((upper > 1 && lower == 0) || (i == 0 && first_upper))
			c = utf8proc_toupper(c);
		fwrite(enc, 1, (size_t)utf8proc_encode_char(c, enc), out);
		at += (size_t)n;
	}
}

/* Split WORD (normalized, not held by the index) into two words the index
 * holds, the split whose rarer half is commonest; writes "a b" to OUT. 0
 * when none. */
static int split_typed_together(iio_index *idx, const char *word, char *out, size_t cap)
{
	size_t len = strlen(word), best_at = 0;
	unsigned best = 0;
	char half[IIO_MAX_TOKEN_BYTES * 4 + 1];
	if (len < 6 || len >= sizeof half)
		return 0;
	for (size_t at = 3; at + 3 <= len; at++) {
		unsigned a = 0, b = 0;
		if ((word[at] & 0xc0) == 0x80)
			continue; /* inside a UTF-8 character */
		memcpy(half, word, at);
		xs_db_termfreq(idx->db, half, at, &a);
		if (!a)
			continue;
		xs_db_termfreq(idx->db, word + at, len - at, &b);
		if (b && (a < b ? a : b) > best) {
			best = a < b ? a : b;
			best_at = at;
		}
	}
	if (!best || len + 2 > cap)
		return 0;
	snprintf(out, cap, "%.*s %s", (int)best_at, word, word + best_at);
	return 1;
}

iio_status iio__did_you_mean(iio_results *res, iio_index *idx, xs_enquire *enq, const iio_parsed_query *pq,
			     const char *query)
{
	char *buf = NULL;
	size_t size = 0, at = 0;
	int changed = 0;
	FILE *out;

	if (pq->nwords == 0)
		return IIO_OK;
	out = open_memstream(&buf, &size);
	if (!out)
		return IIO_ERR_NOMEM;
	for (size_t i = 0; i < pq->nwords; i++) {
		const iio_query_word *w = &pq->words[i];
		char *fix = NULL;
		unsigned freq = 0;
		if (w->tok_start < at || w->tok_end > strlen(query))
			continue;
		xs_db_termfreq(idx->db, w->norm, strlen(w->norm), &freq);
		/* A word of Dutch is no typo, found or not (consument,
		 * ravelijn, opnemen): the word list knows it. */
		if (freq == 0 && iio_analyzer_knows(idx->analyzer, w->norm, strlen(w->norm)))
			freq = 1;
		/* Nor one whose other forms the index holds (reducent: reducenten). */
		if (freq == 0)
			freq = stem_held(idx, w->norm);
		if (freq == 0 && strlen(w->norm) >= 4 && !xs_db_spelling(idx->db, w->norm, strlen(w->norm), 2, &fix) && fix &&
		    *fix && strcmp(fix, w->norm)) {
			put_visible(out, query + at, w->tok_start - at);
			put_in_case(out, query + w->tok_start, w->tok_end - w->tok_start, fix);
			at = w->tok_end;
			changed = 1;
		} else if (freq == 0) {
			char two[IIO_MAX_TOKEN_BYTES * 4 + 2];
			if (split_typed_together(idx, w->norm, two, sizeof two)) {
				put_visible(out, query + at, w->tok_start - at);
				put_in_case(out, query + w->tok_start, w->tok_end - w->tok_start, two);
				at = w->tok_end;
				changed = 1;
			}
		}
		xs_free(fix);
	}
	put_visible(out, query + at, strlen(query + at));
	if (fclose(out)) {
		free(buf);
		return IIO_ERR_NOMEM;
	}
	if (changed) {
		iio_parsed_query sq;
		xs_mset *m = NULL;
		unsigned lower = 0, est = 0;
		if (iio__parse_query(&sq, idx->analyzer, idx->db, buf, 0, idx->err, sizeof idx->err) == IIO_OK) {
			if (!xs_enquire_set_query(enq, sq.strict) &&
			    !xs_enquire_mset(enq, 0, 1, (unsigned)(res->records > 100 ? res->records : 100), &m)) {
				xs_mset_matches(m, &lower, &est, NULL);
				/* Offered when it finds clearly more: every corrected
				 * word is in records where the typed one is in none
				 * (found, if at all, through its parts or other
				 * words), and the corrected query finds all its words
				 * where the original matched only some, or finds no
				 * fewer records. */
				if (est > 0 && (res->relaxed || est >= res->records)) {
					res->suggestion = buf;
					buf = NULL;
				}
			}
			xs_mset_free(m);
			iio__parsed_query_clear(&sq);
		}
		idx->err[0] = '\0';
	}
	free(buf);
	return IIO_OK;
}

