/* repair.c - text repair (see repair.h).
 *
 * The glyph decoder works chunk by chunk (a chunk is a run of non-blank
 * characters on one line). A chunk is decoded when its decoding holds Dutch
 * words and its raw form holds none; a chunk whose evidence is weak (one
 * short word) is decoded only next to strong ones. Real Dutch written in
 * lowercase decodes to accented nonsense, so it is never touched.
 */
#define _GNU_SOURCE
#include "repair.h"

#include "analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT 0xFFFD

/* The standard Macintosh glyph order from index 98 on (index 3..97 are
 * ASCII 32..126, i.e. glyph + 29). Only what is Latin text matters. */
static const char *const mac_high[256 - 98] = {
	"Ä", "Å", "Ç", "É", "Ñ", "Ö", "Ü", "á", "à", "â", "ä", "ã", "å", "ç", "é", "è",       /* 98-113 */
	"ê", "ë", "í", "ì", "î", "ï", "ñ", "ó", "ò", "ô", "ö", "õ", "ú", "ù", "û", "ü",       /* 114-129 */
	"†", "°", "¢", "£", "§", "•", "¶", "ß", "®", "©", "™", "´", "¨", "≠", "Æ", "Ø",       /* 130-145 */
	"∞", "±", "≤", "≥", "¥", "µ", "∂", "∑", "∏", "π", "∫", "ª", "º", "Ω", "æ", "ø",       /* 146-161 */
	"¿", "¡", "¬", "√", "ƒ", "≈", "∆", "«", "»", "…", " ", "À", "Ã", "Õ", "Œ", "œ",       /* 162-177 */
	"–", "—", "“", "”", "‘", "’", "÷", "◊", "ÿ", "Ÿ", "⁄", "¤", "‹", "›", "fi", "fl",     /* 178-193 */
	"‡", "·", "‚", "„", "‰", "Â", "Ê", "Á", "Ë", "È", "Í", "Î", "Ï", "Ì", "Ó", "Ô",       /* 194-209 */
	"", "Ò", "Ú", "Û", "Ù", "ı", "ˆ", "˜", "¯", "˘", "˙", "˚", "¸", "˝", "˛", "ˇ",        /* 210-225 */
	"Ł", "ł", "Š", "š", "Ž", "ž", "¦", "Ð", "ð", "Ý", "ý", "Þ", "þ", "−", "×", "¹",       /* 226-241 */
	"²", "³", "½", "¼", "¾", "₣", "Ğ", "ğ", "İ", "Ş", "ş", "Ć", "ć", "Č",                 /* 242-255 */
};

/* Append the decoding of raw code point CP to OUT; returns bytes written. */
static size_t decode_glyph(utf8proc_int32_t cp, char *out)
{
	if (cp == REPLACEMENT) {
		out[0] = ' '; /* a lost space, digit or punctuation mark: a word break */
		return 1;
	}
	if (cp >= 3 && cp <= 97) {
		out[0] = (char)(cp + 29);
		return 1;
	}
	if (cp >= 98 && cp <= 255) {
		const char *s = mac_high[cp - 98];
		size_t n = strlen(s);
		memcpy(out, s, n);
		return n;
	}
	out[0] = ' ';
	return 1;
}

static int in_glyph_alphabet(utf8proc_int32_t cp)
{
	return (cp >= 0x21 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || cp == REPLACEMENT;
}

static int is_letter(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

int iio_is_known_word(const iio_lex *lex, const char *word, size_t len)
{
	char norm[IIO_MAX_TOKEN_BYTES * 4 + 1];
	size_t n = iio_normalize_word(word, len, norm, sizeof norm);
	return n && (iio_lex_lookup(lex, norm, n, NULL, NULL) & IIO_LEX_WORD);
}

typedef struct word_score {
	int words;      /* words of 2+ letters */
	int known;      /* of which in the lexicon */
	int letters;    /* letters in the known words */
} word_score;

/* A known word counts only when it is written as words are: lowercase or
 * capitalised, and in the raw text also in capitals ("DOOR"). Decoded digits
 * and acronyms come out as "NORM" or "kaDë": those do not count. */
static void score_words(const char *s, size_t len, const iio_lex *lex, int allow_caps, word_score *ws)
{
	size_t i = 0, start = 0;
	int letters = 0, in_word = 0, inner_caps = 0;
	memset(ws, 0, sizeof *ws);
	while (i <= len) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t step = 1;
		if (i < len) {
			step = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
			if (step < 1)
				step = 1;
		}
		if (i < len && cp >= 0 && is_letter(cp)) {
			if (!in_word) {
				in_word = 1;
				start = i;
				letters = 0;
				inner_caps = 0;
			} else if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LU) {
				inner_caps++;
			}
			letters++;
		} else if (in_word) {
			in_word = 0;
			if (letters >= 2) {
				ws->words++;
				int written_as_word = !inner_caps || (allow_caps && inner_caps == letters - 1);
				if (written_as_word && iio_is_known_word(lex, s + start, i - start)) {
					ws->known++;
					ws->letters += letters;
				}
			}
		}
		if (i == len)
			break;
		i += (size_t)step;
	}
}

typedef enum { KEEP, WEAK, STRONG, BLANK } chunk_verdict;

typedef struct chunk {
	size_t start, end;     /* in the line */
	char *decoded;
	chunk_verdict verdict;
	size_t cps;            /* code points */
} chunk;

/* Decode and judge one chunk. LAST: the chunk ends its line. */
static int judge_chunk(const char *line, chunk *c, int last, const iio_lex *lex)
{
	size_t i = c->start, o = 0;
	int all_replacement = 1;
	size_t accented = 0;
	word_score dec, raw;

	c->decoded = malloc((c->end - c->start) * 4 + 1);
	if (!c->decoded)
		return -1;
	c->verdict = KEEP;
	c->cps = 0;
	while (i < c->end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)line + i, (utf8proc_ssize_t)(c->end - i), &cp);
		if (step < 1 || !in_glyph_alphabet(cp))
			return 0; /* not glyph text */
		if (cp != REPLACEMENT)
			all_replacement = 0;
		/* Raw lowercase letters decode to accented ones (and '~'): real
		 * mojibake of Dutch has few of them, real Dutch text has many. */
		if (cp >= 97 && cp <= 129)
			accented++;
		if (cp == '-' && last && i + 1 == c->end)
			c->decoded[o++] = '-'; /* the extraction kept line-end hyphens */
		else
			o += decode_glyph(cp, c->decoded + o);
		c->cps++;
		i += (size_t)step;
	}
	c->decoded[o] = '\0';
	if (all_replacement) {
		c->verdict = BLANK;
		return 0;
	}
	if (accented * 3 > c->cps)
		return 0;
	/* Raw ASCII capitals and digits decode to letters; raw punctuation and
	 * underscores decode to these, which Dutch prose does not use. */
	if (strpbrk(c->decoded, "@[\\]^_`{|}~>"))
		return 0;
	score_words(c->decoded, o, lex, 0, &dec);
	score_words(line + c->start, c->end - c->start, lex, 1, &raw);
	/* Evidence is measured in letters of known words, so one stray short
	 * word in the raw form ("HU") does not outweigh a decoded sentence. */
	if (dec.known == 0 || dec.known * 2 < dec.words || dec.letters <= 2 * raw.letters)
		return 0;
	c->verdict = dec.letters >= 4 && dec.letters >= 3 * raw.letters + 4 ? STRONG : WEAK;
	return 0;
}

/* Repair one line into OUT (an open memstream). PREV_DECODED: the line before
 * had decoded chunks (context for weak evidence). Returns whether this line
 * had any, or -1 when out of memory. */
static int repair_line(const char *line, size_t len, const iio_lex *lex, int prev_decoded, FILE *out,
		       iio_repair_stats *st)
{
	chunk chunks[256];
	size_t n = 0, i = 0, k;
	int strong = 0, any = 0, rc = 0, in_run = 0;

	while (i < len && n < 256) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			break;
		chunks[n].start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		chunks[n].end = i;
		chunks[n].decoded = NULL;
		n++;
	}
	if (i < len) { /* absurdly many chunks: leave the line alone */
		fwrite(line, 1, len, out);
		return 0;
	}
	for (k = 0; k < n; k++) {
		if (judge_chunk(line, &chunks[k], k + 1 == n, lex)) {
			rc = -1;
			goto out;
		}
		strong |= chunks[k].verdict == STRONG;
	}
	i = 0;
	for (k = 0; k < n; k++) {
		chunk *c = &chunks[k];
		int decode = c->verdict == STRONG ||
			     ((c->verdict == WEAK || c->verdict == BLANK) && (strong || prev_decoded));
		fwrite(line + i, 1, c->start - i, out); /* the blanks before it */
		if (decode) {
			fputs(c->decoded, out);
			any = 1;
			st->glyph_chars += c->cps;
			if (!in_run)
				st->glyph_runs++;
			in_run = 1;
		} else {
			fwrite(line + c->start, 1, c->end - c->start, out);
			in_run = 0;
		}
		i = c->end;
	}
	fwrite(line + i, 1, len - i, out);
	rc = any;
out:
	for (k = 0; k < n; k++)
		free(chunks[k].decoded);
	return rc;
}

/* A new string written piece by piece (open_memstream), as each repair
 * makes one. */
typedef struct text_out {
	FILE *f;
	char *buf;
	size_t size;
} text_out;

/* O opened: its stream into O->f, NULL when out of memory. */
static FILE *out_open(text_out *o)
{
	o->buf = NULL;
	o->size = 0;
	return o->f = open_memstream(&o->buf, &o->size);
}

/* The string written to O, NULL when it could not be written or FAILED
 * says to drop it. */
static char *out_close(text_out *o, int failed)
{
	if (fclose(o->f) || failed) {
		free(o->buf);
		return NULL;
	}
	return o->buf;
}

char *iio_repair_glyphs(const char *text, size_t len, const iio_lex *lex, iio_repair_stats *st)
{
	text_out o;
	size_t i = 0;
	int prev = 0;
	FILE *out = out_open(&o);

	if (!out)
		return NULL;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (!lex) {
			fwrite(text + i, 1, end - i, out);
		} else {
			int r = repair_line(text + i, end - i, lex, prev, out, st);
			if (r < 0)
				return out_close(&o, 1);
			/* Blank lines between mojibake lines keep the context. */
			if (end > i)
				prev = r;
		}
		if (nl)
			fputc('\n', out);
		i = end + 1;
	}
	return out_close(&o, 0);
}

char *iio_repair_chars(const char *text, size_t len)
{
	text_out o;
	size_t i = 0;
	utf8proc_int32_t prev = 0;
	FILE *out = out_open(&o);

	if (!out)
		return NULL;
	while (i < len) {
		utf8proc_int32_t cp, next = 0;
		utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
		if (step < 1) { /* readers validated UTF-8; copy a stray byte as is */
			fputc(text[i++], out);
			prev = 0;
			continue;
		}
		if (i + (size_t)step < len)
			utf8proc_iterate((const utf8proc_uint8_t *)text + i + step, (utf8proc_ssize_t)(len - i - (size_t)step), &next);
		switch (cp) {
		case 0xFB00: fputs("ff", out); break;
		case 0xFB01: fputs("fi", out); break;
		case 0xFB02: fputs("fl", out); break;
		case 0xFB03: fputs("ffi", out); break;
		case 0xFB04: fputs("ffl", out); break;
		case 0x00AD: break; /* soft hyphen */
		case 0x00A0: case 0x2007: case 0x202F: case 0x2009: case 0x200A: fputc(' ', out); break;
		case 0x2019: case 0x02BC:
			if (is_letter(prev) && next > 0 && is_letter(next))
				fputc('\'', out);
			else
				fwrite(text + i, 1, (size_t)step, out);
			break;
		default:
			fwrite(text + i, 1, (size_t)step, out);
		}
		prev = cp;
		i += (size_t)step;
	}
	return out_close(&o, 0);
}

void iio_lines_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* First and last code points of S (0 when empty). */
static utf8proc_int32_t first_cp(const char *s)
{
	utf8proc_int32_t cp = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s)
		utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
	return cp;
}

static utf8proc_int32_t cp_before(const char *s, size_t off)
{
	utf8proc_int32_t cp = 0;
	size_t i = off;
	if (off == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(off - i), &cp);
	return cp;
}

/* Append S[0..len) to DST[0..*used), making runs of spaces one (decoded
 * glyph runs leave doubled spaces where a comma or digit was lost). */
static void append_collapsed(char *dst, size_t *used, const char *s, size_t len)
{
	size_t o = *used;
	for (size_t k = 0; k < len; k++)
		if (!(s[k] == ' ' && o > 0 && dst[o - 1] == ' '))
			dst[o++] = s[k];
	dst[o] = '\0';
	*used = o;
}

iio_ix_status iio_repair_lines(char ***lines, size_t *count, const char *text, int join_hyphens,
			       iio_repair_stats *st)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	const char *p = text;

	*lines = NULL;
	*count = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *s = p;
		p = nl ? nl + 1 : p + len;
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
			len--;
		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		if (len == 0)
			continue;
		if (n > 0 && join_hyphens) {
			char *prev = v[n - 1];
			size_t plen = strlen(prev);
			utf8proc_int32_t before = plen >= 2 && prev[plen - 1] == '-' ? cp_before(prev, plen - 1) : 0;
			utf8proc_int32_t after = first_cp(s);
			if (before && is_letter(before) && is_letter(after) && utf8proc_category(after) == UTF8PROC_CATEGORY_LL) {
				/* "subsidie-" + "regeling": one word. After a capital or
				 * digit ("PAL-" + "student") the hyphen is real. */
				int keep = utf8proc_category(before) != UTF8PROC_CATEGORY_LL;
				size_t keep_len = keep ? plen : plen - 1;
				char *joined = malloc(keep_len + len + 1);
				size_t used = keep_len;
				if (!joined)
					goto oom;
				memcpy(joined, prev, keep_len);
				append_collapsed(joined, &used, s, len);
				free(prev);
				v[n - 1] = joined;
				if (!keep)
					st->hyphens_joined++;
				continue;
			}
		}
		if (n == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof *v);
			if (!nv)
				goto oom;
			v = nv;
		}
		v[n] = malloc(len + 1);
		if (!v[n])
			goto oom;
		if (join_hyphens) {
			size_t used = 0;
			append_collapsed(v[n], &used, s, len);
		} else {
			/* Web text keeps its spacing: a double space can be all that
			 * separates two run-together fields. */
			memcpy(v[n], s, len);
			v[n][len] = '\0';
		}
		n++;
	}
	*lines = v;
	*count = n;
	return IIO_IX_OK;
oom:
	iio_lines_free(v, n);
	return IIO_IX_NOMEM;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

size_t iio_line_width(char *const *lines, size_t n)
{
	size_t *lens, w;
	if (n == 0)
		return 0;
	lens = malloc(n * sizeof *lens);
	if (!lens)
		return 60;
	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(lines[i]);
	qsort(lens, n, sizeof *lens, cmp_size);
	w = lens[n * 3 / 4];
	free(lens);
	return w;
}

static int ends_sentence(const char *s)
{
	size_t len = strlen(s);
	while (len > 0 && strchr("\"')”’", s[len - 1]))
		len--;
	if (len >= 3 && !memcmp(s + len - 3, "\xe2\x80\x9d", 3))
		len -= 3;
	return len > 0 && strchr(".!?:", s[len - 1]);
}

char *iio_reflow(char *const *lines, size_t n, size_t width)
{
	text_out o;
	FILE *out = out_open(&o);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		fputs(lines[i], out);
		if (i + 1 < n)
			fputs(ends_sentence(lines[i]) && strlen(lines[i]) * 4 < width * 3 ? "\n\n" : " ", out);
	}
	return out_close(&o, 0);
}
