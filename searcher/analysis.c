/* analysis.c - showing what the analyzer makes of a text (libiiosearch):
 * the tool users and tests use to see what the index will contain. */
#define _GNU_SOURCE
#include "private.h"

#include <stdlib.h>
#include <string.h>

typedef struct analysis_ctx {
	const char *text;
	json_t *tokens;
	int oom;
} analysis_ctx;

static json_t *string_n(const char *s, size_t n)
{
	return json_stringn(s, n);
}

static int on_token(void *vctx, const iio_token *t)
{
	analysis_ctx *c = vctx;
	json_t *tok = json_object(), *parts = json_array();
	size_t surface_len = t->end - t->start;

	if (!tok || !parts) {
		json_decref(tok);
		json_decref(parts);
		c->oom = 1;
		return 1;
	}
	json_object_set_new(tok, "text", string_n(c->text + t->start, surface_len));
	json_object_set_new(tok, "start", json_integer((json_int_t)t->start));
	json_object_set_new(tok, "end", json_integer((json_int_t)t->end));
	json_object_set_new(tok, "pos", json_integer(t->pos));
	json_object_set_new(tok, "norm", string_n(t->norm, t->norm_len));
	json_object_set_new(tok, "stem", string_n(t->stem, t->stem_len));
	json_object_set_new(tok, "stop", json_boolean(t->flags & IIO_TOKEN_STOP));
	json_object_set_new(tok, "joined", json_boolean(t->flags & IIO_TOKEN_JOINED));
	for (size_t i = 0; i < t->nparts; i++) {
		json_t *p = json_object();
		size_t off = (size_t)(t->parts[i].norm - t->norm);
		/* When folding kept the length, the part's surface is the same
		 * stretch of the text (with its capitals); else its folded form. */
		if (surface_len == t->norm_len)
			json_object_set_new(p, "text", string_n(c->text + t->start + off, t->parts[i].norm_len));
		else
			json_object_set_new(p, "text", string_n(t->parts[i].norm, t->parts[i].norm_len));
		json_object_set_new(p, "norm", string_n(t->parts[i].norm, t->parts[i].norm_len));
		json_object_set_new(p, "stem", string_n(t->parts[i].stem, t->parts[i].stem_len));
		json_array_append_new(parts, p);
	}
	json_object_set_new(tok, "parts", parts);
	json_array_append_new(c->tokens, tok);
	return 0;
}

iio_status iio_analyze_json(char **out, iio_index *idx, const char *text, size_t len)
{
	analysis_ctx c;
	json_t *o;

	if (!out || !idx || !idx->analyzer || (!text && len))
		return iio__fail(idx, IIO_ERR_ARGUMENT, "iio_analyze_json needs an open index and a text");
	*out = NULL;
	c.text = text;
	c.oom = 0;
	c.tokens = json_array();
	o = json_object();
	if (!c.tokens || !o) {
		json_decref(c.tokens);
		json_decref(o);
		return IIO_ERR_NOMEM;
	}
	iio_analyze(idx->analyzer, IIO_ANA_DOCUMENT, text, len, on_token, &c);
	json_object_set_new(o, "analyzer", json_string(iio_analyzer_id(idx->analyzer)));
	json_object_set_new(o, "tokens", c.tokens);
	if (!c.oom)
		*out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return *out ? IIO_OK : IIO_ERR_NOMEM;
}
