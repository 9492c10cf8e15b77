/* stem.c - Dutch stemming (see stem.h). */
#include "stem.h"

#include <string.h>

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static void put(char out[][IIO_STEM_MAX], size_t *n, size_t max, const char *s, size_t len)
{
	if (*n >= max || len == 0 || len >= IIO_STEM_MAX)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strlen(out[i]) == len && !memcmp(out[i], s, len))
			return;
	memcpy(out[*n], s, len);
	out[*n][len] = '\0';
	(*n)++;
}

size_t iio_stem_variants(const char *body, size_t len, char out[][IIO_STEM_MAX], size_t max)
{
	char buf[IIO_STEM_MAX + 2];
	size_t n = 0;
	char last;

	if (len < 2 || len >= IIO_STEM_MAX)
		return 0;
	memcpy(buf, body, len);
	last = buf[len - 1];
	/* z and v at the end of a stem are written s and f (reizen -> reis). */
	if (last == 'z' || last == 'v')
		buf[len - 1] = last == 'z' ? 's' : 'f';
	/* A doubled consonant closed the syllable: zegg -> zeg, katt -> kat. */
	if (len >= 3 && body[len - 1] == body[len - 2] && !is_vowel(body[len - 1]))
		put(out, &n, max, buf, len - 1);
	/* Else a single vowel before a single consonant was long, and a closed
	 * syllable writes it double: lop -> loop, wet -> weet, lerar -> leraar.
	 * (Not for i, and not after another vowel: reiz.) The plain spelling
	 * comes next, for unstressed syllables: regel. */
	if (len >= 3 && !is_vowel(buf[len - 1]) && is_vowel(buf[len - 2]) && !is_vowel(buf[len - 3]) &&
	    buf[len - 2] != 'i' && buf[len - 2] != 'y') {
		char d[IIO_STEM_MAX + 2];
		memcpy(d, buf, len - 1);
		d[len - 1] = buf[len - 2];
		d[len] = buf[len - 1];
		put(out, &n, max, d, len + 1);
	}
	put(out, &n, max, buf, len);
	if (last == 'z' || last == 'v')
		put(out, &n, max, body, len); /* a stem that really ends in z/v */
	return n;
}

/* BODY[0..blen) + TAIL as the next of OUT's candidates. */
static void put_tail(char out[][IIO_STEM_MAX], size_t *n, size_t max, const char *body, size_t blen, const char *tail)
{
	size_t tl = strlen(tail);
	if (*n >= max || blen + tl >= IIO_STEM_MAX)
		return;
	memcpy(out[*n], body, blen);
	memcpy(out[*n] + blen, tail, tl + 1);
	(*n)++;
}

size_t iio_stem_infinitives(const char *s, size_t sl, char out[][IIO_STEM_MAX], size_t max)
{
	size_t n = 0;
	char last, tail[4] = {0, 'e', 'n', 0};
	if (sl < 2 || sl + 3 >= IIO_STEM_MAX)
		return 0;
	last = s[sl - 1];
	tail[0] = last;
	if (is_vowel(last)) {
		char vn[3] = {last, 'n', 0};
		put_tail(out, &n, max, s, sl, "n");  /* doen, zien */
		put_tail(out, &n, max, s, sl, vn);   /* gaan, staan */
		return n;
	}
	put_tail(out, &n, max, s, sl, "en");         /* werken */
	if (is_vowel(s[sl - 2]) && (sl == 2 || !is_vowel(s[sl - 3])))
		put_tail(out, &n, max, s, sl, tail); /* leggen */
	if (last == 'f' || last == 's')
		tail[0] = last == 'f' ? 'v' : 'z';
	if (last == 'f' || last == 's')
		put_tail(out, &n, max, s, sl - 1, tail); /* blijven, reizen */
	if (sl >= 3 && s[sl - 2] == s[sl - 3] && is_vowel(s[sl - 2]))
		put_tail(out, &n, max, s, sl - 2, tail); /* lopen, maken; geven, lezen */
	/* gaan, staan, doen: verbs the lexicon keys as written */
	if (sl >= 4 && (!memcmp(s + sl - 3, "aan", 3) || !memcmp(s + sl - 3, "oen", 3) || !memcmp(s + sl - 3, "ien", 3)))
		put_tail(out, &n, max, s, sl, "");
	return n;
}

/* The key of a known word: its stored key, or itself. */
static size_t known_key(const iio_lex *lex, const char *w, size_t len, char *out, size_t cap)
{
	const char *key;
	size_t klen;
	int flags = iio_lex_lookup(lex, w, len, &key, &klen);
	if (!(flags & IIO_LEX_WORD))
		return 0;
	if (!(flags & IIO_LEX_KEY)) {
		key = w;
		klen = len;
	}
	if (klen >= cap)
		return 0;
	memcpy(out, key, klen);
	out[klen] = '\0';
	return klen;
}

typedef struct suffix_rule {
	const char *suffix;
	unsigned min_body;  /* letters left at least */
	int variants;       /* try stem spelling variants of the body */
	const char *append; /* put back after the body (diminutive plurals) */
} suffix_rule;

/* Endings of unknown words, longest first; the body (plus APPEND) must be a
 * known word. */
static const suffix_rule rules[] = {
	{"etjes", 2, 1, NULL}, {"etje", 2, 1, NULL}, {"tjes", 3, 0, NULL}, {"pjes", 3, 0, NULL},
	{"jes", 3, 0, NULL},   {"tje", 3, 0, NULL},  {"pje", 3, 0, NULL},  {"je", 3, 0, NULL},
	{"'s", 2, 0, NULL},    {"ende", 3, 1, NULL}, {"end", 3, 1, NULL},  {"ste", 3, 1, NULL},
	{"ere", 3, 1, NULL},   {"ten", 3, 1, NULL},  {"den", 3, 1, NULL},  {"en", 3, 1, NULL},
	{"te", 3, 1, NULL},    {"de", 3, 1, NULL},   {"er", 3, 1, NULL},   {"st", 3, 0, NULL},
	{"s", 3, 0, NULL},     {"e", 3, 1, NULL},    {"t", 3, 0, NULL},
};

/* WORD ends in -enten or -anten: a plural of a noun in -ent or -ant. */
static int plural_ent(const char *word, size_t len)
{
	return len >= 6 && (!memcmp(word + len - 5, "enten", 5) || !memcmp(word + len - 5, "anten", 5));
}

size_t iio_stem(const iio_lex *lex, const char *word, size_t len, char *out, size_t cap)
{
	size_t n;

	if (len >= cap)
		len = cap - 1;
	if (lex && (n = known_key(lex, word, len, out, cap))) {
		/* docenten, studenten: the plural of docent (not of docente), as
		 * the singular its words share; the word list keys it to both.
		 * Not when the word in -ent is a form of another (groent, of
		 * groenen: groenten is the plural of groente). */
		if (plural_ent(word, len) && n == len - 1 && !memcmp(out, word, n) &&
		    !(iio_lex_lookup(lex, word, len - 2, NULL, NULL) & IIO_LEX_KEY)) {
			char one[IIO_STEM_MAX];
			size_t k = known_key(lex, word, len - 2, one, sizeof one);
			if (k && k < cap) {
				memcpy(out, one, k + 1);
				return k;
			}
		}
		return n;
	}
	/* An unknown noun in -ent or -ant: its plural in -en shares its stem
	 * (reducent, reducenten). */
	if (lex && len >= 7 && plural_ent(word, len)) {
		memcpy(out, word, len - 2);
		out[len - 2] = '\0';
		return len - 2;
	}
	if (lex && len >= 5) {
		for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
			size_t sl = strlen(rules[r].suffix), body;
			char cand[8][IIO_STEM_MAX];
			size_t nc;
			if (len < sl + rules[r].min_body || memcmp(word + len - sl, rules[r].suffix, sl))
				continue;
			body = len - sl;
			if (rules[r].variants) {
				nc = iio_stem_variants(word, body, cand, 8);
			} else if (body < IIO_STEM_MAX) {
				memcpy(cand[0], word, body);
				cand[0][body] = '\0';
				nc = 1;
			} else {
				nc = 0;
			}
			for (size_t c = 0; c < nc; c++)
				if ((n = known_key(lex, cand[c], strlen(cand[c]), out, cap)))
					return n;
		}
		/* A participle: ge + stem + t/d. */
		if (len >= 6 && !memcmp(word, "ge", 2) && (word[len - 1] == 't' || word[len - 1] == 'd') &&
		    (n = known_key(lex, word + 2, len - 3, out, cap)))
			return n;
	}
	memcpy(out, word, len);
	out[len] = '\0';
	return len;
}
