/* fuzz-analyze - the tokenizer/analyzer on arbitrary bytes, in document
 * and query mode. Checks the contract of analyze.h on every token: offsets
 * inside the input and increasing, positions that never go back, forms
 * within the term-length limit, parts present when counted. */
#define _GNU_SOURCE
#include "fuzz.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every token as text, to compare two analyses of the same input. */
typedef struct tokens {
	char *buf;
	size_t size;
	FILE *f;
} tokens;

static int write_token(void *ctx, const iio_token *t)
{
	tokens *k = ctx;
	fprintf(k->f, "%.*s|%.*s|%zu-%zu|%u|%d|%zu-%zu", (int)t->norm_len, t->norm, (int)t->stem_len, t->stem, t->start,
		t->end, t->pos, t->flags, t->link_start, t->link_end);
	for (size_t i = 0; i < t->nparts; i++)
		fprintf(k->f, "|%.*s/%.*s", (int)t->parts[i].norm_len, t->parts[i].norm, (int)t->parts[i].stem_len,
			t->parts[i].stem);
	fputc('\n', k->f);
	return 0;
}

/* The tokens of TEXT by A, through MEMO (NULL: none); free() the result. */
static char *token_text(const iio_analyzer *a, iio_word_memo *memo, const char *text, size_t size)
{
	tokens k = {NULL, 0, NULL};
	FUZZ_CHECK((k.f = open_memstream(&k.buf, &k.size)) != NULL);
	FUZZ_CHECK(iio_analyze_memo(a, memo, IIO_ANA_DOCUMENT, text, size, write_token, &k) == 0);
	FUZZ_CHECK(fclose(k.f) == 0);
	return k.buf;
}

typedef struct seen {
	size_t len, last_start;
	unsigned last_pos;
	int any;
} seen;

static int on_token(void *ctx, const iio_token *t)
{
	seen *s = ctx;
	FUZZ_CHECK(t->start < t->end && t->end <= s->len);
	FUZZ_CHECK(t->norm && t->norm_len > 0 && t->norm_len <= IIO_MAX_TOKEN_BYTES);
	FUZZ_CHECK(t->stem && t->stem_len > 0);
	FUZZ_CHECK(memchr(t->norm, '\0', t->norm_len) == NULL);
	FUZZ_CHECK(t->nparts <= IIO_MAX_TOKEN_PARTS && (t->nparts == 0 || t->parts));
	for (size_t i = 0; i < t->nparts; i++)
		FUZZ_CHECK(t->parts[i].norm_len > 0 && t->parts[i].stem_len > 0);
	if (s->any) {
		FUZZ_CHECK(t->pos >= s->last_pos);
		FUZZ_CHECK(t->start >= s->last_start || (t->flags & (IIO_TOKEN_HYPHEN | IIO_TOKEN_WHOLE)));
	}
	s->any = 1;
	s->last_pos = t->pos;
	s->last_start = t->start;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	iio_analyzer *a = fuzz_analyzer();
	/* Exactly the bytes given, not NUL-terminated: a read past the end is
	 * caught by ASan. */
	char *text = malloc(size ? size : 1), norm[IIO_MAX_TOKEN_BYTES * 4 + 1];
	seen s;

	if (!text)
		return 0;
	memcpy(text, data, size);
	for (int mode = IIO_ANA_DOCUMENT; mode <= IIO_ANA_QUERY; mode++) {
		memset(&s, 0, sizeof s);
		s.len = size;
		FUZZ_CHECK(iio_analyze(a, (iio_ana_mode)mode, text, size, on_token, &s) == 0);
	}
	/* Without a lexicon too (the fallback every caller may hit). */
	memset(&s, 0, sizeof s);
	s.len = size;
	FUZZ_CHECK(iio_analyze(NULL, IIO_ANA_DOCUMENT, text, size, on_token, &s) == 0);
	/* The word memo changes nothing, warm (a memo kept across inputs) or
	 * handed another analyzer. */
	{
		char *plain = token_text(a, NULL, text, size), *memo = token_text(a, fuzz_memo(), text, size);
		char *bare = token_text(NULL, NULL, text, size), *bare_memo = token_text(NULL, fuzz_memo(), text, size);
		FUZZ_CHECK(!strcmp(plain, memo) && !strcmp(bare, bare_memo));
		free(plain);
		free(memo);
		free(bare);
		free(bare_memo);
	}
	if (size < 200) {
		size_t n = iio_normalize_word(text, size, norm, sizeof norm);
		FUZZ_CHECK(n < sizeof norm);
	}
	free(text);
	return 0;
}
