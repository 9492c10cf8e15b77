/* analyze.c - tokenizer and normalizer (see analyze.h).
 *
 * A token is a maximal run of letters, marks and digits. Its normalized form
 * is NFKC, case-folded and stripped of diacritics (so "creëren" matches
 * "creeren"), computed with utf8proc into a fixed buffer on the stack.
 */
#include "analyze.h"

#include <string.h>
#include <utf8proc.h>

/* Room for the decomposition of one token: a code point decomposes into at
 * most a handful (ligatures, compatibility forms); 4 each is plenty. */
#define MAX_TOKEN_CPS (IIO_MAX_TOKEN_BYTES)

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

static const utf8proc_option_t NORM_OPTS =
	UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE;

/* Normalize SRC[0..LEN) into OUT (capacity CAP, NUL-terminated). */
static size_t normalize(const char *src, size_t len, char *out, size_t cap)
{
	utf8proc_int32_t buf[MAX_TOKEN_CPS * 4 + 1];
	utf8proc_ssize_t n;

	if (len == 0 || len > IIO_MAX_TOKEN_BYTES)
		return 0;
	n = utf8proc_decompose((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)len, buf,
			       MAX_TOKEN_CPS * 4, NORM_OPTS);
	if (n <= 0 || n > MAX_TOKEN_CPS * 4)
		return 0;
	/* Re-encoding writes UTF-8 over the same buffer; it needs no more than
	 * 4 bytes per code point, which the int32 buffer has. */
	n = utf8proc_reencode(buf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (n <= 0 || (size_t)n >= cap)
		return 0;
	memcpy(out, buf, (size_t)n);
	out[n] = '\0';
	return (size_t)n;
}

size_t iio_normalize_word(const char *word, size_t len, char *out, size_t cap)
{
	return normalize(word, len, out, cap);
}

int iio_analyze(iio_ana_mode mode, const char *text, size_t len, iio_token_cb cb, void *ctx)
{
	char norm[IIO_MAX_TOKEN_BYTES * 4 + 1];
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t i = 0, tok_start = 0;
	int in_token = 0;
	unsigned pos = 0;

	(void)mode; /* documents and queries are tokenized alike for now */
	while (i <= len) {
		utf8proc_int32_t cp = -1;
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
		if (word && !in_token) {
			in_token = 1;
			tok_start = i;
		} else if (!word && in_token) {
			iio_token t;
			in_token = 0;
			t.norm_len = normalize(text + tok_start, i - tok_start, norm, sizeof norm);
			if (t.norm_len > 0) {
				int rc;
				t.norm = norm;
				t.start = tok_start;
				t.end = i;
				t.pos = pos;
				rc = cb(ctx, &t);
				if (rc)
					return rc;
			}
			pos++;
		}
		if (i == len)
			break;
		i += (size_t)step;
	}
	return 0;
}
