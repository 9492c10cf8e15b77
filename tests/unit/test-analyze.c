/* test-analyze.c - the analyzer contract: offsets, normalization, the
 * callback protocol, and that documents and queries get the same terms. */
#include "../../indexer/analyze.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

typedef struct collected {
	char out[2048];  /* "norm@start-end/pos " ... */
	int n;
	int stop_after;  /* return non-zero after this many tokens (0: never) */
} collected;

static int collect(void *ctx, const iio_token *t)
{
	collected *c = ctx;
	char buf[300];
	snprintf(buf, sizeof buf, "%s%.*s@%zu-%zu/%u", c->n ? " " : "", (int)t->norm_len, t->norm, t->start, t->end,
		 t->pos);
	strncat(c->out, buf, sizeof c->out - strlen(c->out) - 1);
	c->n++;
	return c->stop_after && c->n >= c->stop_after ? 42 : 0;
}

/* Only the normalized forms. */
static int collect_norm(void *ctx, const iio_token *t)
{
	collected *c = ctx;
	if (c->n++)
		strncat(c->out, " ", sizeof c->out - strlen(c->out) - 1);
	strncat(c->out, t->norm, t->norm_len < sizeof c->out - strlen(c->out) - 1 ? t->norm_len : 0);
	return 0;
}

static const char *norms(iio_ana_mode mode, const char *text)
{
	static collected c;
	memset(&c, 0, sizeof c);
	iio_analyze(mode, text, strlen(text), collect_norm, &c);
	return c.out;
}

int main(void)
{
	collected c;
	int rc;

	memset(&c, 0, sizeof c);
	rc = iio_analyze(IIO_ANA_DOCUMENT, "Leerlingen, krimp!", 18, collect, &c);
	is_int(rc, 0, "all tokens delivered: returns 0");
	is_str(c.out, "leerlingen@0-10/0 krimp@12-17/1", "tokens, byte offsets and positions");

	is_str(norms(IIO_ANA_DOCUMENT, "creëren coöperatie geïnteresseerd"), "creeren cooperatie geinteresseerd",
	       "diacritics folded");
	is_str(norms(IIO_ANA_DOCUMENT, "InnovatieImpuls ONDERWIJS"), "innovatieimpuls onderwijs", "case folded");
	is_str(norms(IIO_ANA_DOCUMENT, "oﬃciële ﬁlmpjes"), "officiele filmpjes", "ligatures expanded (NFKC)");
	is_str(norms(IIO_ANA_DOCUMENT, "ĳsberg"), "ijsberg", "the ij ligature becomes ij");
	is_str(norms(IIO_ANA_DOCUMENT, "school\xc2\xa0leiders"), "school leiders", "NBSP separates");
	is_str(norms(IIO_ANA_DOCUMENT, "in 2010 en 2015"), "in 2010 en 2015", "numbers are tokens");

	/* Offsets point at the surface form, whatever normalization did. */
	memset(&c, 0, sizeof c);
	iio_analyze(IIO_ANA_DOCUMENT, "één Ĳs", strlen("één Ĳs"), collect, &c);
	is_str(c.out, "een@0-5/0 ijs@6-9/1", "offsets of accented and ligature forms are byte offsets");

	/* Invalid UTF-8 separates tokens and never crashes. */
	is_str(norms(IIO_ANA_DOCUMENT, "goed\xff\xfeslecht \xc3"), "goed slecht", "invalid bytes separate tokens");

	/* The input need not be NUL-terminated: only LEN bytes are read. */
	memset(&c, 0, sizeof c);
	iio_analyze(IIO_ANA_DOCUMENT, "school leiders", 6, collect, &c);
	is_str(c.out, "school@0-6/0", "explicit length is honoured");

	/* A callback's non-zero value stops tokenizing and is returned. */
	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	rc = iio_analyze(IIO_ANA_DOCUMENT, "een twee drie vier", 18, collect, &c);
	is_int(rc, 42, "callback value returned");
	is_int(c.n, 2, "no tokens after the stop");

	/* Overlong tokens are skipped but still take a position. */
	{
		char text[400];
		memset(text, 'a', 300);
		strcpy(text + 300, " kort");
		memset(&c, 0, sizeof c);
		iio_analyze(IIO_ANA_DOCUMENT, text, strlen(text), collect, &c);
		is_str(c.out, "kort@301-305/1", "overlong token skipped, position kept");
	}

	/* Documents and queries go through the same code path. */
	{
		const char *samples[] = {"Leerlingenkrimp", "collega’s", "E-klas", "CREËREN", "R@velijn 2010",
					 "ﬁnanciële impuls"};
		size_t i;
		for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
			char doc[2048];
			snprintf(doc, sizeof doc, "%s", norms(IIO_ANA_DOCUMENT, samples[i]));
			is_str(norms(IIO_ANA_QUERY, samples[i]), doc, "'%s': query terms = document terms", samples[i]);
		}
	}

	/* iio_normalize_word agrees with the tokenizer. */
	{
		char out[64];
		size_t n = iio_normalize_word("Geïnteresseerd", strlen("Geïnteresseerd"), out, sizeof out);
		is_str(out, "geinteresseerd", "normalize_word");
		is_int(n, 14, "normalize_word length");
		is_int(iio_normalize_word("lang", 4, out, 3), 0, "normalize_word reports a too small buffer");
	}
	return done_testing();
}
