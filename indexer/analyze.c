/* analyze.c - the Dutch analyzer (see analyze.h).
 *
 * A word is a run of letters, marks and digits, with inner joiners: an
 * apostrophe stays inside the word (auto's, collega's); a hyphen, '@', '.'
 * or '_' between two word characters splits it into parts that are also
 * indexed whole (E-klas, R@velijn, info@iio.nl). Each token is normalized
 * with utf8proc into a buffer on the stack, stemmed and decompounded through
 * the mapped lexicon; nothing is allocated per token.
 */
#define _GNU_SOURCE
#include "analyze.h"

#include "compound.h"
#include "lex.h"
#include "stem.h"

#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_TOKEN_CPS (IIO_MAX_TOKEN_BYTES)
#define MAX_SPAN_PARTS 16

struct iio_analyzer {
	iio_lex *lex;
	iio_compound_opts compound; /* the splitter's choices: the defaults but in a measurement */
	char id[128];
};

int iio_analyzer_open(iio_analyzer **out, const char *lexicon_path, char **err)
{
	iio_analyzer *a = calloc(1, sizeof *a);
	*out = NULL;
	if (!a) {
		*err = strdup("out of memory");
		return -1;
	}
	if (lexicon_path && iio_lex_open(&a->lex, lexicon_path, err)) {
		free(a);
		return -1;
	}
	iio_compound_defaults(&a->compound);
	snprintf(a->id, sizeof a->id, "%s; lexicon %s", IIO_ANALYZER_VERSION, iio_lex_id(a->lex));
	*out = a;
	return 0;
}

void iio_analyzer_set_compound(iio_analyzer *a, const struct iio_compound_opts *o)
{
	if (o)
		a->compound = *o;
	else
		iio_compound_defaults(&a->compound);
}

void iio_analyzer_close(iio_analyzer *a)
{
	if (!a)
		return;
	iio_lex_close(a->lex);
	free(a);
}

const char *iio_analyzer_id(const iio_analyzer *a)
{
	return a ? a->id : IIO_ANALYZER_VERSION "; lexicon no-lexicon";
}

const struct iio_lex *iio_analyzer_lex(const iio_analyzer *a) { return a ? a->lex : NULL; }

int iio_analyzer_knows(const iio_analyzer *a, const char *norm, size_t len)
{
	return a && a->lex && iio_lex_lookup(a->lex, norm, len, NULL, NULL) != 0;
}

/* ---- characters ---- */

static int is_word_char(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static int is_apostrophe(utf8proc_int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

/* Joiners that split a word into parts (and keep it whole too). */
static int is_splitting_joiner(utf8proc_int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == '@' || cp == '.' || cp == '_';
}

/* Apostrophes and hyphens have several code points; one of each is kept. */
static utf8proc_int32_t unify(utf8proc_int32_t cp, void *data)
{
	(void)data;
	if (is_apostrophe(cp))
		return '\'';
	if (cp == 0x2010 || cp == 0x2011)
		return '-';
	return cp;
}

static const utf8proc_option_t NORM_OPTS =
	UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE;

/* SRC[0..len) normalized into OUT (CAP bytes): its length, 0 when nothing
 * or it does not fit. A form longer than IIO_MAX_NORM_BYTES is cut to it at
 * a character boundary, and *CUT (when given) set. */
static size_t normalize(const char *src, size_t len, char *out, size_t cap, int *cut)
{
	utf8proc_int32_t buf[MAX_TOKEN_CPS * 4 + 1];
	utf8proc_ssize_t n;

	if (len == 0 || len > IIO_MAX_TOKEN_BYTES)
		return 0;
	for (;;) {
		n = utf8proc_decompose_custom((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)len, buf,
					      MAX_TOKEN_CPS * 4, NORM_OPTS, unify, NULL);
		if (n <= MAX_TOKEN_CPS * 4)
			break;
		/* Too long decomposed to fit the buffer: its first half
		 * (whole characters) will do, as it would be cut anyway. */
		len /= 2;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
		if (cut)
			*cut = 1;
	}
	if (n <= 0)
		return 0;
	/* Re-encoding writes UTF-8 over the same buffer; it needs no more than
	 * 4 bytes per code point, which the int32 buffer has. */
	n = utf8proc_reencode(buf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (n > IIO_MAX_NORM_BYTES) {
		const char *u = (const char *)buf;
		n = IIO_MAX_NORM_BYTES;
		while (n > 0 && ((unsigned char)u[n] & 0xC0) == 0x80)
			n--;
		if (cut)
			*cut = 1;
	}
	if (n <= 0 || (size_t)n >= cap)
		return 0;
	memcpy(out, buf, (size_t)n);
	out[n] = '\0';
	return (size_t)n;
}

size_t iio_normalize_word(const char *word, size_t len, char *out, size_t cap)
{
	return normalize(word, len, out, cap, NULL);
}

/* ---- stopwords ---- */

/* Sorted, for bsearch. Function words of Dutch: indexed (so phrases like
 * "op alle niveaus" work) but not required by a query. */
static const char *const stopwords[] = {
	"aan", "al", "alle", "alles", "als", "ben", "bent", "bij", "dan", "dat", "de", "deze", "die", "dit", "doch",
	"door", "dus", "een", "eens", "en", "er", "ge", "geen", "had", "haar", "hadden", "heb", "hebben", "hebt",
	"heeft", "hem", "het", "hier", "hij", "hoe", "hun", "ik", "in", "is", "je", "jij", "jou", "jouw", "kan",
	"kon", "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet", "niets",
	"nog", "nu", "of", "om", "omdat", "ons", "onze", "ook", "op", "over", "te", "tegen", "toch", "toen", "tot",
	"u", "uit", "uw", "van", "veel", "voor", "want", "waren", "was", "wat", "we", "wel", "werd", "wie", "wij",
	"wordt", "worden", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zou", "zouden",
};

static int cmp_stop(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int iio_is_stopword(const char *norm, size_t len)
{
	char buf[16];
	if (len >= sizeof buf)
		return 0;
	memcpy(buf, norm, len);
	buf[len] = '\0';
	return bsearch(buf, stopwords, sizeof stopwords / sizeof *stopwords, sizeof *stopwords, cmp_stop) != NULL;
}

/* ---- one word ---- */

typedef struct word_buf {
	char norm[IIO_MAX_TOKEN_BYTES * 4 + 1];
	char stem[IIO_MAX_TOKEN_BYTES * 4 + 1];
	char part_stems[IIO_MAX_TOKEN_PARTS][IIO_STEM_MAX];
	iio_part parts[IIO_MAX_TOKEN_PARTS];
} word_buf;

static int letters_only(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

/* Is FORM the plural of the noun SING (-en with its spelling changes, -s)?
 * Only an inflection, no derivation: vaardigheid is no form of vaardig. */
static int plural_of(const char *form, size_t flen, const char *sing, size_t slen)
{
	char cand[8][IIO_STEM_MAX];
	size_t nc;
	if (slen >= IIO_STEM_MAX || slen >= flen)
		return 0;
	if (flen == slen + 1 && form[slen] == 's' && !memcmp(form, sing, slen))
		return 1;
	if (flen < 4 || memcmp(form + flen - 2, "en", 2))
		return 0;
	nc = iio_stem_variants(form, flen - 2, cand, 8);
	for (size_t c = 0; c < nc; c++)
		if (strlen(cand[c]) == slen && !memcmp(cand[c], sing, slen))
			return 1;
	return 0;
}

/* Normalize, stem and decompound SRC[0..len) into W and T. 0 if nothing. */
static int analyze_word(const iio_lex *lex, const iio_compound_opts *co, const char *src, size_t len, word_buf *w,
			iio_token *t)
{
	int cut = 0;
	size_t n = normalize(src, len, w->norm, sizeof w->norm, &cut);
	iio_span spans[IIO_MAX_PARTS];
	size_t np = 0;

	if (!n)
		return 0;
	t->norm = w->norm;
	t->norm_len = n;
	t->flags = (iio_is_stopword(w->norm, n) ? IIO_TOKEN_STOP : 0) | (cut ? IIO_TOKEN_CUT : 0);
	t->parts = NULL;
	t->nparts = 0;
	if (n > 2 && w->norm[n - 2] == '\'' && w->norm[n - 1] == 's') {
		/* auto's, collega's: the plural of a word ending in a vowel */
		t->stem_len = iio_stem(lex, w->norm, n - 2, w->stem, sizeof w->stem);
	} else {
		t->stem_len = iio_stem(lex, w->norm, n, w->stem, sizeof w->stem);
	}
	t->stem = w->stem;
	if (lex && !(t->flags & IIO_TOKEN_STOP) && n >= 6 && letters_only(w->norm, n))
		np = iio_decompound_with(lex, co, w->norm, n, spans, IIO_MAX_PARTS);
	if (np > IIO_MAX_TOKEN_PARTS)
		np = IIO_MAX_TOKEN_PARTS;
	for (size_t i = 0; i < np; i++) {
		iio_part *p = &w->parts[i];
		p->norm = w->norm + spans[i].start;
		p->norm_len = spans[i].len;
		p->stem = w->part_stems[i];
		/* A head the lexicon stems with the whole word: the compound is
		 * a noun, so its head is too (ploeggenoten -> ploeggenoot gives
		 * genoot, not the verb's geniet; rijkswegen -> weg, not weeg). */
		if (spans[i].start + spans[i].len == n && t->stem_len > spans[i].start &&
		    !memcmp(t->stem, w->norm, spans[i].start) &&
		    plural_of(p->norm, p->norm_len, t->stem + spans[i].start, t->stem_len - spans[i].start)) {
			p->stem_len = t->stem_len - spans[i].start;
			memcpy(w->part_stems[i], t->stem + spans[i].start, p->stem_len);
			w->part_stems[i][p->stem_len] = '\0';
			continue;
		}
		p->stem_len = iio_stem(lex, p->norm, p->norm_len, w->part_stems[i], IIO_STEM_MAX);
	}
	if (np) {
		t->parts = w->parts;
		t->nparts = np;
	}
	/* A compound the lexicon has no stem for (leerlingenkrimpen,
	 * lerarentekorten) stems by its head: the modifiers as written, then
	 * the stem of the head, the top-level part that ends the word. */
	if (np && t->stem_len == n && !memcmp(t->stem, w->norm, n)) {
		size_t hi = np;
		for (size_t i = 0; i < np; i++)
			if (spans[i].start + spans[i].len == n && (hi == np || spans[i].start < spans[hi].start))
				hi = i;
		if (hi < np && spans[hi].start + w->parts[hi].stem_len < sizeof w->stem) {
			memcpy(w->stem, w->norm, spans[hi].start);
			memcpy(w->stem + spans[hi].start, w->parts[hi].stem, w->parts[hi].stem_len);
			t->stem_len = spans[hi].start + w->parts[hi].stem_len;
			w->stem[t->stem_len] = '\0';
		}
	}
	return 1;
}

/* ---- spans of text ---- */

typedef struct span_part {
	size_t start, end; /* bytes in the text */
} span_part;

/* Emit the tokens of one span TEXT[start,end) that has NPARTS parts
 * (separated by splitting joiners). Returns the callback's value. */
static int emit_span(const iio_analyzer *a, const char *text, size_t start, size_t end, const span_part *parts,
		     size_t nparts, unsigned *pos, iio_token_cb cb, void *ctx)
{
	word_buf w;
	iio_token t;
	int rc;
	const iio_lex *lex = a ? a->lex : NULL;
	const iio_compound_opts *co = a ? &a->compound : NULL;

	if (nparts > 1) {
		/* The whole, at the position of its first part. */
		memset(&t, 0, sizeof t);
		if (analyze_word(lex, co, text + start, end - start, &w, &t)) {
			t.start = start;
			t.end = end;
			t.pos = *pos;
			t.flags = IIO_TOKEN_WHOLE | (t.flags & IIO_TOKEN_CUT);
			t.parts = NULL;
			t.nparts = 0;
			t.stem = t.norm; /* codes and hyphenated words are not stemmed whole */
			t.stem_len = t.norm_len;
			if ((rc = cb(ctx, &t)))
				return rc;
			/* An @ standing for an a between letters (R@velijn): the
			 * whole is also the word it spells (ravelijn). */
			if (t.norm_len < IIO_MAX_TOKEN_BYTES && memchr(t.norm, '@', t.norm_len)) {
				char spelled[IIO_MAX_TOKEN_BYTES + 1];
				int any = 0;
				memcpy(spelled, t.norm, t.norm_len);
				for (size_t i = 1; i + 1 < t.norm_len; i++)
					if (spelled[i] == '@' && isalpha((unsigned char)spelled[i - 1]) &&
					    isalpha((unsigned char)spelled[i + 1])) {
						spelled[i] = 'a';
						any = 1;
					}
				if (any) {
					t.norm = t.stem = spelled;
					if ((rc = cb(ctx, &t)))
						return rc;
				}
			}
		}
	}
	for (size_t i = 0; i < nparts; i++) {
		memset(&t, 0, sizeof t);
		if (analyze_word(lex, co, text + parts[i].start, parts[i].end - parts[i].start, &w, &t)) {
			t.start = parts[i].start;
			t.end = parts[i].end;
			t.pos = *pos;
			if (nparts > 1)
				t.flags |= IIO_TOKEN_HYPHEN;
			if ((rc = cb(ctx, &t)))
				return rc;
		}
		(*pos)++;
	}
	return 0;
}

int iio_analyze(const iio_analyzer *a, iio_ana_mode mode, const char *text, size_t len, iio_token_cb cb, void *ctx)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	span_part parts[MAX_SPAN_PARTS];
	size_t i = 0, nparts = 0, span_start = 0;
	unsigned pos = 0;
	int in_word = 0;

	(void)mode; /* documents and queries are analyzed alike, by design */
	while (i <= len) {
		utf8proc_int32_t cp = -1, next = -1;
		utf8proc_ssize_t step = 1;
		int word = 0;

		if (i < len) {
			step = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
			if (step < 0) {
				step = 1; /* invalid byte: a separator */
				cp = -1;
			}
			word = cp >= 0 && is_word_char(cp);
		}
		if (in_word && !word && cp >= 0 && (is_apostrophe(cp) || is_splitting_joiner(cp)) &&
		    i + (size_t)step < len &&
		    utf8proc_iterate(s + i + step, (utf8proc_ssize_t)(len - i - (size_t)step), &next) > 0 &&
		    is_word_char(next)) {
			/* A joiner between two word characters. */
			if (is_splitting_joiner(cp) && nparts < MAX_SPAN_PARTS) {
				parts[nparts - 1].end = i;
				parts[nparts].start = i + (size_t)step;
				nparts++;
			}
			i += (size_t)step;
			continue;
		}
		if (word && !in_word) {
			in_word = 1;
			span_start = i;
			nparts = 1;
			parts[0].start = i;
		} else if (!word && in_word) {
			int rc;
			in_word = 0;
			parts[nparts - 1].end = i;
			rc = emit_span(a, text, span_start, i, parts, nparts, &pos, cb, ctx);
			if (rc)
				return rc;
		}
		if (i == len)
			break;
		i += (size_t)step;
	}
	return 0;
}
