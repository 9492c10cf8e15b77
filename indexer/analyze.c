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
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_TOKEN_CPS (IIO_MAX_TOKEN_BYTES)
#define MAX_SPAN_PARTS 16

struct iio_analyzer {
	iio_lex *lex;
	iio_compound_opts compound; /* the splitter's choices: the defaults but in a measurement */
	unsigned long choices;      /* how often they were set: a memo of other choices is stale */
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
	a->choices++;
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

/* is_word_char without a table lookup for ASCII, most of the text: its
 * letters and digits are the only ASCII word characters. */
static inline int is_word_char_fast(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	return is_word_char(cp);
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
	"door", "dus", "een", "eens", "en", "er", "ge", "geen", "haar", "had", "hadden", "heb", "hebben", "hebt",
	"heeft", "hem", "het", "hier", "hij", "hoe", "hun", "ik", "in", "is", "je", "jij", "jou", "jouw", "kan",
	"kon", "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet", "niets",
	"nog", "nu", "of", "om", "omdat", "ons", "onze", "ook", "op", "over", "te", "tegen", "toch", "toen", "tot",
	"u", "uit", "uw", "van", "veel", "voor", "want", "waren", "was", "wat", "we", "wel", "werd", "wie", "wij",
	"worden", "wordt", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zou", "zouden",
};

static int cmp_stop(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Whether the word NORM (LEN bytes) is one of the N sorted words of TABLE,
 * all shorter than 16 bytes. */
static int in_sorted(const char *const *table, size_t n, const char *norm, size_t len)
{
	char buf[16];
	if (len >= sizeof buf)
		return 0;
	memcpy(buf, norm, len);
	buf[len] = '\0';
	return bsearch(buf, table, n, sizeof *table, cmp_stop) != NULL;
}

int iio_is_stopword(const char *norm, size_t len)
{
	return in_sorted(stopwords, sizeof stopwords / sizeof *stopwords, norm, len);
}

/* Sorted: the adverbs and prepositions a verb splits off (uitleggen: legt
 * ... uit). */
static const char *const particles[] = {
	"aan", "achter", "af", "bij", "binnen", "buiten", "deel", "dicht", "door", "heen", "in", "ineen", "kwijt",
	"langs", "los", "mede", "mee", "na", "neer", "om", "onder", "op", "open", "over", "overeen", "plaats", "rond",
	"samen", "stil", "tegemoet", "tegen", "tekort", "terug", "thuis", "toe", "uit", "uiteen", "vast", "voor",
	"voorbij", "voort", "vrij", "weg",
};

int iio_is_particle(const char *norm, size_t len)
{
	return in_sorted(particles, sizeof particles / sizeof *particles, norm, len);
}

size_t iio_particle_prefix(const char *word, size_t len)
{
	size_t best = 0;
	for (size_t i = 0; i < sizeof particles / sizeof *particles; i++) {
		size_t pl = strlen(particles[i]);
		if (pl < len && pl > best && !memcmp(word, particles[i], pl))
			best = pl;
	}
	return best;
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

/* A part of a compound that is the plural of a noun the word list holds
 * stems as that noun: satelliet+staten (staat), index+wetten (wet),
 * zeden+delinquent (zede), deeg+waren (waar, not the verb zijn),
 * leeftijds+genoten (genoot, not genieten). The lexicon keys such a plural
 * to itself when it is a headword of its own (staten, wetten, zeden, the
 * verbs wetten and zorgen) or to a verb form; in a compound it is a noun.
 * Not when the part is itself a singular with a plural of its own (wezen:
 * wezens, wagen: wagens, leven: levens), nor when the lexicon keys it to a
 * word that is no verb or adjective only (leden: lid, landen: land). The
 * singular is a spelling of the body before -en (iio_stem_variants: stat
 * -> staat, wett -> wet) or the part less its -n (zede, groente), a noun or
 * a general dictionary's headword. Writes its stem to OUT; 0 if none. */
static size_t plural_part_stem(const iio_lex *lex, const char *p, size_t len, char *out, size_t cap)
{
	char cand[9][IIO_STEM_MAX], more[IIO_STEM_MAX + 2];
	const char *key;
	size_t klen, nc;
	int f;
	if (len < 5 || len + 2 >= IIO_STEM_MAX || memcmp(p + len - 2, "en", 2))
		return 0;
	f = iio_lex_lookup(lex, p, len, &key, &klen);
	if ((f & IIO_LEX_KEY) && !(iio_lex_lookup(lex, key, klen, NULL, NULL) & IIO_LEX_NOT_NOUN))
		return 0;
	/* Its own plurals: wezens; stenen (of steen, not of stee). */
	memcpy(more, p, len);
	memcpy(more + len, "s", 2);
	nc = iio_stem_infinitives(p, len, cand, 8);
	memcpy(cand[nc++], more, len + 2);
	for (size_t c = 0; c < nc; c++) {
		const char *k2;
		size_t k2len;
		if ((iio_lex_lookup(lex, cand[c], strlen(cand[c]), &k2, &k2len) & IIO_LEX_KEY) && k2len == len &&
		    !memcmp(k2, p, len))
			return 0;
	}
	nc = iio_stem_variants(p, len - 2, cand, 8);
	memcpy(cand[nc], p, len - 1);
	cand[nc++][len - 1] = '\0';
	for (size_t c = 0; c < nc; c++) {
		size_t cl = strlen(cand[c]);
		int cf = iio_lex_lookup(lex, cand[c], cl, NULL, NULL);
		/* (a plural only the word list knows, of a singular only it
		 * knows: paddenstoelen) */
		if ((cf & IIO_LEX_WORD) && ((cf & (IIO_LEX_NOUN | IIO_LEX_ENTRY)) || !(f & IIO_LEX_CKNOWN)))
			return iio_stem(lex, cand[c], cl, out, cap);
	}
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
		if ((!co || co->plural_parts) &&
		    (p->stem_len = plural_part_stem(lex, p->norm, p->norm_len, w->part_stems[i], IIO_STEM_MAX)))
			continue;
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

/* ---- the memo (analyze.h) ---- */

#define MEMO_SLOTS 65536          /* a power of two: 256 KB of offsets */
#define MEMO_KEY 32               /* longer words are analyzed each time */
#define MEMO_ARENA_MIN (16 << 10) /* the entries' first block ... */
#define MEMO_ARENA_MAX (2 << 20)  /* ... grows to this, then all is forgotten */

/* An entry in the arena: this header, then the parts' offsets, lengths
 * and stem lengths (NPARTS bytes each), the key, and the normal form, the
 * stem and the parts' stems, each NUL-terminated. Entries are written one
 * after another, so a process touches only as much memory as it keeps. */
typedef struct memo_head {
	unsigned char key_len, ok, flags, nparts, norm_len, stem_len;
} memo_head;

struct iio_word_memo {
	const iio_analyzer *owner;
	unsigned long choices; /* the owner's splitter choices it was kept with */
	char owner_id[sizeof ((iio_analyzer *)0)->id];
	uint32_t slot[MEMO_SLOTS]; /* 1 + an entry's offset in the arena; 0: none */
	char *arena;
	size_t len, cap;
};

iio_word_memo *iio_word_memo_new(void)
{
	return calloc(1, sizeof(iio_word_memo));
}

void iio_word_memo_free(iio_word_memo *m)
{
	if (m)
		free(m->arena);
	free(m);
}

static void memo_forget(iio_word_memo *m)
{
	if (m->len)
		memset(m->slot, 0, sizeof m->slot);
	m->len = 0;
}

/* Make M serve analyzer A, forgetting another's words. */
static void memo_own(iio_word_memo *m, const iio_analyzer *a)
{
	const char *id = a ? a->id : "";
	unsigned long choices = a ? a->choices : 0;
	if (m->owner == a && m->choices == choices && !strcmp(m->owner_id, id))
		return;
	memo_forget(m);
	m->owner = a;
	m->choices = choices;
	snprintf(m->owner_id, sizeof m->owner_id, "%s", id);
}

/* Room for NEED more bytes in M's arena (all forgotten when it is full);
 * NULL when out of memory. */
static char *memo_room(iio_word_memo *m, size_t need)
{
	if (m->len + need > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : MEMO_ARENA_MIN;
		char *p;
		if (m->len + need > MEMO_ARENA_MAX) {
			memo_forget(m);
			return m->len + need <= m->cap ? m->arena : NULL;
		}
		while (cap < m->len + need)
			cap *= 2;
		if (!(p = realloc(m->arena, cap)))
			return NULL;
		m->arena = p;
		m->cap = cap;
	}
	return m->arena + m->len;
}

/* Keep the analysis of SRC[0..len) in slot SLOT (nothing when out of memory). */
static void memo_put(iio_word_memo *m, uint32_t slot, const char *src, size_t len, int ok, const word_buf *w,
		     const iio_token *t)
{
	memo_head h = {(unsigned char)len, (unsigned char)ok, 0, 0, 0, 0};
	size_t need = sizeof h + len, stems = 0;
	char *e;
	if (ok) {
		if (t->norm_len > 255 || t->stem_len > 255)
			return;
		h.flags = (unsigned char)t->flags;
		h.nparts = (unsigned char)t->nparts;
		h.norm_len = (unsigned char)t->norm_len;
		h.stem_len = (unsigned char)t->stem_len;
		for (size_t i = 0; i < t->nparts; i++)
			stems += w->parts[i].stem_len + 1;
		need += 3 * t->nparts + t->norm_len + t->stem_len + 2 + stems;
	}
	if (!(e = memo_room(m, need)))
		return;
	m->slot[slot] = (uint32_t)m->len + 1;
	m->len += need;
	memcpy(e, &h, sizeof h);
	e += sizeof h;
	for (size_t i = 0; i < h.nparts; i++) {
		e[i] = (char)(w->parts[i].norm - w->norm);
		e[h.nparts + i] = (char)w->parts[i].norm_len;
		e[2 * h.nparts + i] = (char)w->parts[i].stem_len;
	}
	e += 3 * h.nparts;
	memcpy(e, src, len);
	e += len;
	if (!ok)
		return;
	memcpy(e, w->norm, t->norm_len + 1);
	e += t->norm_len + 1;
	memcpy(e, w->stem, t->stem_len + 1);
	e += t->stem_len + 1;
	for (size_t i = 0; i < h.nparts; i++) {
		memcpy(e, w->parts[i].stem, w->parts[i].stem_len + 1);
		e += w->parts[i].stem_len + 1;
	}
}

/* The entry E's analysis into W and T as analyze_word would write it. */
static int memo_get(const char *e, word_buf *w, iio_token *t)
{
	memo_head h;
	const unsigned char *pa;
	memcpy(&h, e, sizeof h);
	if (!h.ok)
		return 0;
	pa = (const unsigned char *)e + sizeof h;
	e += sizeof h + 3 * h.nparts + h.key_len;
	memcpy(w->norm, e, h.norm_len + 1u);
	e += h.norm_len + 1u;
	memcpy(w->stem, e, h.stem_len + 1u);
	e += h.stem_len + 1u;
	for (size_t i = 0; i < h.nparts; i++) {
		iio_part *p = &w->parts[i];
		size_t sl = pa[2 * h.nparts + i];
		memcpy(w->part_stems[i], e, sl + 1);
		e += sl + 1;
		p->norm = w->norm + pa[i];
		p->norm_len = pa[h.nparts + i];
		p->stem = w->part_stems[i];
		p->stem_len = sl;
	}
	t->norm = w->norm;
	t->norm_len = h.norm_len;
	t->stem = w->stem;
	t->stem_len = h.stem_len;
	t->flags = h.flags;
	t->parts = h.nparts ? w->parts : NULL;
	t->nparts = h.nparts;
	return 1;
}

/* analyze_word through memo M (NULL: none). */
static int memo_word(iio_word_memo *m, const iio_lex *lex, const iio_compound_opts *co, const char *src, size_t len,
		     word_buf *w, iio_token *t)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	int ok;
	if (!m || len > MEMO_KEY)
		return analyze_word(lex, co, src, len, w, t);
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)src[i]) * 16777619u;
	h &= MEMO_SLOTS - 1;
	if (m->slot[h]) {
		const char *e = m->arena + m->slot[h] - 1;
		memo_head eh;
		memcpy(&eh, e, sizeof eh);
		if (eh.key_len == len && !memcmp(e + sizeof eh + 3 * eh.nparts, src, len))
			return memo_get(e, w, t);
	}
	ok = analyze_word(lex, co, src, len, w, t);
	memo_put(m, h, src, len, ok, w, t);
	return ok;
}

/* ---- separable verbs (analyze.h) ---- */

#define JOIN_VERBS 4

typedef struct join_verb {
	char stem[IIO_STEM_MAX];
	size_t stem_len, start, end;
	unsigned pos;
} join_verb;

/* A plain word just seen (for particle + te + infinitive). */
typedef struct seen_word {
	char norm[8];
	size_t len, start, end;
	unsigned pos;
} seen_word;

/* What the analysis knows of the clause it is in. */
typedef struct clause {
	join_verb verbs[JOIN_VERBS]; /* finite verb forms, oldest first */
	size_t nverbs;
	seen_word prev[2];           /* the last two plain words, latest first */
	int pending;                 /* a join waiting for the next word: 2 when its particle is om */
	unsigned pending_verb;       /* the position of its verb */
	int gap;                     /* punctuation before the word at hand */
	word_buf pw;
	iio_token pt;
	const iio_compound_opts *co; /* the analyzer's splitter choices, for the joined verb */
	iio_word_memo *memo;         /* may be NULL */
} clause;

/* S[0..len) is LIT (the first letters compared first: most words are
 * none of the few listed). */
static int streq(const char *s, size_t len, const char *lit)
{
	return len && s[0] == lit[0] && strlen(lit) == len && !memcmp(s, lit, len);
}

/* Can word N follow a verb's particle in its clause? A particle ends the
 * middle of a clause: what follows starts something new (en, maar, dat,
 * hoe, waarom, a preposition: legt uit aan de klas). A word of content, an
 * article, a pronoun or a number after it makes it a preposition (uit de
 * kast, op tafel, in 1997, aan mij); te makes it start a te-infinitive
 * (om te helpen). */
static int may_follow_particle(const char *n, size_t len)
{
	static const char *const no[] = {"de", "het", "een", "'t", "den", "der", "deze", "dit", "die", "mijn",
					 "jouw", "zijn", "haar", "onze", "ons", "hun", "uw", "te", "mij", "me", "hem",
					 "hen", "jou", "je", "u", "zich", "ze", "zij", "wij", "we", "ik", "hij",
					 "alle", "veel", "meer", "geen", "eens"};
	static const char *const yes[] = {"waarom", "wanneer", "waar", "welke", "hoeveel", "zodat", "terwijl",
					  "nadat", "voordat", "totdat", "zoals", "hoe", "wat", "wie"};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (streq(n, len, no[i]))
			return 0;
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (streq(n, len, yes[i]))
			return 1;
	return iio_is_stopword(n, len);
}

/* Could T be a finite form of a verb (legt, legde, leggen, leg, liep)? A
 * participle, an inflected noun or adjective (boeken, boekje, grote) is
 * not; the bare stem only when it is no noun (ik leg, not het boek). */
static int finite_form(const iio_lex *lex, const iio_token *t)
{
	const char *n = t->norm, *s = t->stem;
	size_t nl = t->norm_len, sl = t->stem_len;
	int flags;
	if ((t->flags & IIO_TOKEN_STOP) || sl < 2 || sl >= IIO_STEM_MAX || nl > 40 || !letters_only(n, nl))
		return 0;
	if (nl > 4 && !memcmp(n, "ge", 2) && memcmp(s, "ge", 2))
		return 0; /* a participle: written whole with its particle */
	flags = iio_lex_lookup(lex, n, nl, NULL, NULL);
	if (!(flags & IIO_LEX_WORD))
		return 0;
	if (nl == sl && !memcmp(n, s, nl))
		return !(flags & IIO_LEX_NOUN);
	if (nl > 2 && !memcmp(n + nl - 2, "en", 2))
		return !(flags & IIO_LEX_NOUN) || !plural_of(n, nl, s, sl); /* leggen, liepen; not boeken, scholen */
	if (nl > sl && !memcmp(n, s, sl)) {
		const char *x = n + sl;
		size_t xl = nl - sl;
		return streq(x, xl, "t") || streq(x, xl, "te") || streq(x, xl, "de") || streq(x, xl, "ten") ||
		       streq(x, xl, "den");
	}
	/* Another spelling than the stem's: a strong or irregular form (liep,
	 * gaf), unless it reads as a noun's or adjective's (musea, grote). */
	return !(n[nl - 1] == 's' || n[nl - 1] == 'e' || (nl > 2 && !memcmp(n + nl - 2, "je", 2)));
}

/* Particle P[0..pl) + an infinitive of verb V, when the word list knows
 * it and the infinitive stems as V: into OUT, its length (0: none). */
static size_t join_word(const iio_lex *lex, const join_verb *v, const char *p, size_t pl, char *out, size_t cap)
{
	char inf[6][IIO_STEM_MAX], stem[IIO_STEM_MAX];
	size_t ni = iio_stem_infinitives(v->stem, v->stem_len, inf, 6);
	for (size_t i = 0; i < ni; i++) {
		size_t il = strlen(inf[i]);
		if (pl + il >= cap)
			continue;
		memcpy(out, p, pl);
		memcpy(out + pl, inf[i], il);
		out[pl + il] = '\0';
		if (!(iio_lex_lookup(lex, out, pl + il, NULL, NULL) & IIO_LEX_WORD))
			continue;
		if (iio_stem(lex, inf[i], il, stem, sizeof stem) == v->stem_len && !memcmp(stem, v->stem, v->stem_len))
			return pl + il;
	}
	return 0;
}

/* Make the joined token WORD[0..len) at the position and offsets of AT,
 * linked to LINK_START..LINK_END, into CL's pending token. */
static int make_join(const iio_lex *lex, clause *cl, const char *word, size_t len, const iio_token *at,
		     size_t link_start, size_t link_end)
{
	iio_token *j = &cl->pt;
	memset(j, 0, sizeof *j);
	if (!analyze_word(lex, cl->co, word, len, &cl->pw, j))
		return 0;
	j->flags = IIO_TOKEN_JOINED;
	j->pos = at->pos;
	j->start = at->start;
	j->end = at->end;
	j->link_start = link_start;
	j->link_end = link_end;
	return 1;
}

/* A clause ends: a join waiting is delivered, what was seen forgotten. */
static int clause_end(clause *cl, iio_token_cb cb, void *ctx)
{
	int rc = 0;
	if (cl->pending)
		rc = cb(ctx, &cl->pt);
	cl->pending = 0;
	cl->nverbs = 0;
	memset(cl->prev, 0, sizeof cl->prev);
	return rc;
}

/* Is N a determiner? A particle right after one is a noun (een deel, de
 * plaats). */
static int determiner(const char *n, size_t len)
{
	static const char *const det[] = {"de", "een", "deze", "dit", "die", "elk", "elke", "ieder", "iedere", "geen",
					  "mijn", "jouw", "zijn", "haar", "hun", "onze", "uw", "welk", "welke"};
	for (size_t i = 0; i < sizeof det / sizeof *det; i++)
		if (streq(n, len, det[i]))
			return 1;
	return 0;
}

/* Does N begin a subordinate clause (its verb stands at its end, with
 * its particle written to it)? */
static int subordinator(const char *n, size_t len)
{
	static const char *const sub[] = {"dat", "omdat", "als", "wanneer", "hoe", "waar", "waarom", "zodat", "terwijl",
					  "nadat", "voordat", "totdat", "hoewel", "doordat", "zoals", "indien", "waardoor",
					  "waarmee", "waarin", "waarbij", "waarop"};
	for (size_t i = 0; i < sizeof sub / sizeof *sub; i++)
		if (streq(n, len, sub[i]))
			return 1;
	return 0;
}

/* Particle T after the clause's verbs: the first verb it makes a verb of
 * (the finite verb of a main clause comes before its objects: legt de
 * boeken uit) becomes CL's pending join. */
static void join_particle(const iio_lex *lex, clause *cl, const iio_token *t)
{
	char word[2 * IIO_STEM_MAX];
	size_t wl;
	if (cl->prev[0].len && cl->prev[0].pos + 1 == t->pos && determiner(cl->prev[0].norm, cl->prev[0].len))
		return;
	for (size_t i = 0; i < cl->nverbs; i++) {
		join_verb *v = &cl->verbs[i];
		if (t->pos - v->pos > IIO_JOIN_WINDOW)
			continue;
		if ((wl = join_word(lex, v, t->norm, t->norm_len, word, sizeof word)) &&
		    make_join(lex, cl, word, wl, t, v->start, v->end)) {
			cl->pending = streq(t->norm, t->norm_len, "om") ? 2 : 1;
			cl->pending_verb = v->pos;
			return;
		}
	}
}

static void remember_verb(clause *cl, const iio_token *t)
{
	join_verb *v;
	if (cl->nverbs == JOIN_VERBS)
		memmove(cl->verbs, cl->verbs + 1, --cl->nverbs * sizeof *cl->verbs);
	v = &cl->verbs[cl->nverbs++];
	memcpy(v->stem, t->stem, t->stem_len);
	v->stem_len = t->stem_len;
	v->start = t->start;
	v->end = t->end;
	v->pos = t->pos;
}

/* A verb has one particle: the one of the join delivered. */
static void forget_verb(clause *cl, unsigned pos)
{
	for (size_t i = 0; i < cl->nverbs; i++)
		if (cl->verbs[i].pos == pos) {
			memmove(cl->verbs + i, cl->verbs + i + 1, (cl->nverbs - i - 1) * sizeof *cl->verbs);
			cl->nverbs--;
			return;
		}
}

/* After plain word T: particle + te + T (uit te leggen) joins at once; a
 * particle after a finite verb waits for the next word; a finite verb
 * form is remembered. */
static int after_word(const iio_lex *lex, clause *cl, const iio_token *t, iio_token_cb cb, void *ctx)
{
	char word[2 * IIO_STEM_MAX];
	size_t wl;
	const seen_word *te = &cl->prev[0], *pa = &cl->prev[1];
	int rc = 0;

	if (lex && te->len && pa->len && te->pos + 1 == t->pos && pa->pos + 2 == t->pos && streq(te->norm, te->len, "te") &&
	    iio_is_particle(pa->norm, pa->len) && !streq(pa->norm, pa->len, "om") && !streq(pa->norm, pa->len, "door") &&
	    pa->len + t->norm_len < sizeof word && letters_only(t->norm, t->norm_len)) {
		memcpy(word, pa->norm, pa->len);
		memcpy(word + pa->len, t->norm, t->norm_len);
		wl = pa->len + t->norm_len;
		if ((iio_lex_lookup(lex, word, wl, NULL, NULL) & IIO_LEX_WORD) &&
		    make_join(lex, cl, word, wl, t, pa->start, pa->end) && (rc = cb(ctx, &cl->pt)))
			return rc;
	} else if (lex && cl->nverbs && iio_is_particle(t->norm, t->norm_len)) {
		join_particle(lex, cl, t);
	} else if (lex && finite_form(lex, t)) {
		remember_verb(cl, t);
	} else if (subordinator(t->norm, t->norm_len)) {
		cl->nverbs = 0; /* a clause of its own begins: zien hoe water ... terug naar zee stroomt */
	}
	cl->prev[1] = cl->prev[0];
	memset(&cl->prev[0], 0, sizeof cl->prev[0]);
	if (t->norm_len < sizeof cl->prev[0].norm) {
		memcpy(cl->prev[0].norm, t->norm, t->norm_len);
		cl->prev[0].len = t->norm_len;
		cl->prev[0].start = t->start;
		cl->prev[0].end = t->end;
		cl->prev[0].pos = t->pos;
	}
	return rc;
}

/* Deliver plain word T: a join waiting goes first unless T shows its
 * particle was none (uit de kast; om, a particle only before punctuation:
 * om eens na te denken). */
static int deliver_word(const iio_lex *lex, clause *cl, const iio_token *t, iio_token_cb cb, void *ctx)
{
	int rc;
	if (cl->pending) {
		int keep = cl->gap || (cl->pending == 1 && may_follow_particle(t->norm, t->norm_len));
		cl->pending = 0;
		if (keep)
			forget_verb(cl, cl->pending_verb);
		if (keep && (rc = cb(ctx, &cl->pt)))
			return rc;
	}
	if ((rc = cb(ctx, t)))
		return rc;
	return after_word(lex, cl, t, cb, ctx);
}

/* ---- spans of text ---- */

static int is_space_cp(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return cp <= ' ' || c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

/* Punctuation that ends a clause: no verb joins a particle across it. */
static int is_clause_end(utf8proc_int32_t cp)
{
	return cp == ',' || cp == '.' || cp == '!' || cp == '?' || cp == ';' || cp == ':' || cp == '(' || cp == ')' || cp == '[' ||
	       cp == ']' || cp == 0x2026 /* … */;
}

typedef struct span_part {
	size_t start, end; /* bytes in the text */
} span_part;

/* Emit the tokens of one span TEXT[start,end) that has NPARTS parts
 * (separated by splitting joiners). Returns the callback's value. */
static int emit_span(const iio_analyzer *a, clause *cl, const char *text, size_t start, size_t end,
		     const span_part *parts, size_t nparts, unsigned *pos, iio_token_cb cb, void *ctx)
{
	word_buf w;
	iio_token t;
	int rc;
	const iio_lex *lex = a ? a->lex : NULL;
	const iio_compound_opts *co = a ? &a->compound : NULL;

	if (nparts > 1) {
		/* A hyphenated word: no verb or particle of a split verb. */
		if (cl->pending && (rc = cb(ctx, &cl->pt)))
			return rc;
		cl->pending = 0;
		memset(cl->prev, 0, sizeof cl->prev);
		/* The whole, at the position of its first part. */
		memset(&t, 0, sizeof t);
		if (memo_word(cl->memo, lex, co, text + start, end - start, &w, &t)) {
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
		if (memo_word(cl->memo, lex, co, text + parts[i].start, parts[i].end - parts[i].start, &w, &t)) {
			t.start = parts[i].start;
			t.end = parts[i].end;
			t.pos = *pos;
			if (nparts > 1)
				t.flags |= IIO_TOKEN_HYPHEN;
			if ((rc = nparts > 1 ? cb(ctx, &t) : deliver_word(lex, cl, &t, cb, ctx)))
				return rc;
		}
		(*pos)++;
	}
	return 0;
}

int iio_analyze(const iio_analyzer *a, iio_ana_mode mode, const char *text, size_t len, iio_token_cb cb, void *ctx)
{
	return iio_analyze_memo(a, NULL, mode, text, len, cb, ctx);
}

int iio_analyze_memo(const iio_analyzer *a, iio_word_memo *memo, iio_ana_mode mode, const char *text, size_t len,
		     iio_token_cb cb, void *ctx)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	span_part parts[MAX_SPAN_PARTS];
	size_t i = 0, nparts = 0, span_start = 0;
	unsigned pos = 0;
	int in_word = 0, clause_ends = 0, newlines = 0, gap = 0, rc;
	clause cl;

	(void)mode; /* documents and queries are analyzed alike, by design */
	cl.nverbs = 0;
	cl.pending = cl.gap = 0;
	cl.co = a ? &a->compound : NULL;
	cl.memo = memo;
	if (memo)
		memo_own(memo, a);
	memset(cl.prev, 0, sizeof cl.prev);
	while (i <= len) {
		utf8proc_int32_t cp = -1, next = -1;
		utf8proc_ssize_t step = 1;
		int word = 0;

		if (i < len && s[i] < 0x80) {
			cp = s[i]; /* ASCII, as utf8proc_iterate would have it */
			word = is_word_char_fast(cp);
		} else if (i < len) {
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
			if ((clause_ends || newlines >= 2) && (rc = clause_end(&cl, cb, ctx)))
				return rc;
			cl.gap = gap;
			clause_ends = newlines = gap = 0;
			in_word = 1;
			span_start = i;
			nparts = 1;
			parts[0].start = i;
		} else if (!word && in_word) {
			in_word = 0;
			parts[nparts - 1].end = i;
			rc = emit_span(a, &cl, text, span_start, i, parts, nparts, &pos, cb, ctx);
			if (rc)
				return rc;
		}
		if (!word && cp >= 0) {
			clause_ends |= is_clause_end(cp);
			newlines += cp == '\n';
			/* (ASCII: any character above the blank) */
			gap |= cp < 0x80 ? cp > ' ' : !utf8proc_category(cp) || (cp > ' ' && !is_space_cp(cp));
		}
		if (i == len)
			break;
		i += (size_t)step;
	}
	return clause_end(&cl, cb, ctx);
}
