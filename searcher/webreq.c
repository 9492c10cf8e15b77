/* webreq.c - request parameters of the web front ends (see webreq.h). */
#define _GNU_SOURCE
#include "webreq.h"

#include <utf8proc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static long number(const char *s, long min, long max, int *bad)
{
	char *end;
	long v;
	if (!s || !*s)
		return min;
	v = strtol(s, &end, 10);
	if (*end || v < min || v > max)
		*bad = 1;
	return v;
}

/* Append to R->filter (FLEN bytes so far) the clause for filter field NAME
 * with its values VALS (several: any of them, OR within the field; the
 * fields are AND'ed). 0, or the HTTP status with r->error set. */
static int add_filter(iio_web_request *r, size_t *flen, const char *name, const char *const *vals, size_t n)
{
	size_t need = *flen + 8;
	char *nf;
	for (size_t i = 0; i < n; i++) {
		if (strchr(vals[i], '"')) {
			snprintf(r->error, sizeof r->error, "parameter %s: a value may not hold a double quote", name);
			return 400;
		}
		need += strlen(name) + strlen(vals[i]) + 8;
	}
	if (!(nf = realloc(r->filter, need))) {
		snprintf(r->error, sizeof r->error, "out of memory");
		return 500;
	}
	r->filter = nf;
	*flen += (size_t)sprintf(r->filter + *flen, "%s%s", *flen ? " " : "", n > 1 ? "(" : "");
	for (size_t i = 0; i < n; i++)
		*flen += (size_t)sprintf(r->filter + *flen, "%s%s:\"%s\"", i ? " OR " : "", name, vals[i]);
	if (n > 1)
		*flen += (size_t)sprintf(r->filter + *flen, ")");
	return 0;
}

int iio_web_parse(iio_web_request *r, const iio_web_params *p)
{
	const char *q = iio_web_params_get((void *)p, "q"), *v;
	size_t flen = 0;
	int bad = 0;

	memset(r, 0, sizeof *r);
	iio_search_options_init(&r->opts);
	r->q = strdup(q ? q : "");
	if (!r->q) {
		snprintf(r->error, sizeof r->error, "out of memory");
		return 500;
	}
	/* The filter parameters are the fields that hold one value per
	 * record, by English or Dutch name (iio_field_name), each as often
	 * as it has values (type=video&type=case: either). */
	for (size_t i = 0; iio_field_name(i); i++) {
		const char *name = iio_field_name(i), *vals[IIO_WEB_MAX_PARAMS];
		size_t n = 0;
		if (!iio_field_is_filter(i))
			continue;
		for (size_t k = 0; k < p->n; k++)
			if ((!strcmp(p->names[k], name) || !strcmp(p->names[k], iio_field_dutch(i))) && *p->values[k])
				vals[n++] = p->values[k];
		if (n && (bad = add_filter(r, &flen, name, vals, n)))
			return bad;
	}
	r->opts.filter = r->filter;
	r->opts.offset = (unsigned long)number(iio_web_params_get((void *)p, "offset"), 0, IIO_WEB_MAX_OFFSET, &bad);
	if (bad) {
		snprintf(r->error, sizeof r->error, "parameter offset: a number from 0 to %d", IIO_WEB_MAX_OFFSET);
		return 400;
	}
	v = iio_web_params_get((void *)p, "limit");
	r->opts.limit = v && *v ? (unsigned)number(v, 1, IIO_WEB_MAX_LIMIT, &bad) : 10;
	if (bad) {
		snprintf(r->error, sizeof r->error, "parameter limit: a number from 1 to %d", IIO_WEB_MAX_LIMIT);
		return 400;
	}
	v = iio_web_params_get((void *)p, "sort");
	if (v && *v && strcmp(v, "relevance")) {
		if (strcmp(v, "date")) {
			snprintf(r->error, sizeof r->error, "parameter sort: relevance or date");
			return 400;
		}
		r->opts.sort = IIO_SORT_DATE;
	}
	v = iio_web_params_get((void *)p, "facets");
	r->opts.facets = v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "ja"));
	v = iio_web_params_get((void *)p, "group");
	r->opts.no_group = v && (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "nee"));
	v = iio_web_params_get((void *)p, "all");
	r->opts.all_words = v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "ja"));
	if (!*r->q && !r->filter) {
		snprintf(r->error, sizeof r->error, "give a query (q=) or a filter");
		return 400;
	}
	return 0;
}

void iio_web_request_clear(iio_web_request *r)
{
	free(r->q);
	free(r->filter);
	memset(r, 0, sizeof *r);
}

char *iio_web_escape(const char *s)
{
	size_t n = 0;
	char *out, *o;
	for (const char *p = s; *p; p++)
		n += *p == '&' ? 5 : (*p == '<' || *p == '>') ? 4 : *p == '"' ? 6 : *p == '\'' ? 5 : 1;
	out = o = malloc(n + 1);
	if (!out)
		return NULL;
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&': memcpy(o, "&amp;", 5); o += 5; break;
		case '<': memcpy(o, "&lt;", 4); o += 4; break;
		case '>': memcpy(o, "&gt;", 4); o += 4; break;
		case '"': memcpy(o, "&quot;", 6); o += 6; break;
		case '\'': memcpy(o, "&#39;", 5); o += 5; break;
		default: *o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

unsigned iio_web_http_status(iio_status st)
{
	switch (st) {
	case IIO_OK: return 200;
	case IIO_ERR_QUERY: case IIO_ERR_ARGUMENT: return 400;
	case IIO_ERR_NOT_FOUND: return 404;
	case IIO_ERR_NOMEM: case IIO_ERR_INTERNAL: return 500;
	case IIO_ERR_NO_INDEX: case IIO_ERR_INDEX: case IIO_ERR_INDEX_VERSION: return 503;
	}
	return 500;
}

char *iio_web_json_error(unsigned status, const char *msg)
{
	size_t len = strlen(msg), cap = len * 6 + 64, o = 0;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	o += (size_t)snprintf(out, cap, "{\"error\":\"");
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)msg + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			o += (size_t)snprintf(out + o, cap - o, "\\ufffd");
			i++;
		} else if (cp == '"' || cp == '\\') {
			out[o++] = '\\';
			out[o++] = (char)cp;
			i++;
		} else if (cp < 0x20 || cp == '<' || cp == '>' || cp == 0x7f) {
			o += (size_t)snprintf(out + o, cap - o, "\\u%04x", (unsigned)cp);
			i++;
		} else {
			memcpy(out + o, msg + i, (size_t)n);
			o += (size_t)n;
			i += (size_t)n;
		}
	}
	snprintf(out + o, cap - o, "\",\"status\":%u}", status);
	return out;
}

void iio_web_one_line(char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0 || cp < 0x20 || cp == 0x7f) {
			s[i++] = '?';
			continue;
		}
		i += (size_t)n;
	}
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

size_t iio_web_urldecode(char *s)
{
	char *o = s, *start = s;
	for (; *s; s++) {
		if (*s == '+') {
			*o++ = ' ';
		} else if (*s == '%' && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
			*o++ = (char)(hex(s[1]) * 16 + hex(s[2]));
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return (size_t)(o - start);
}

void iio_web_urlencode(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
			fputc(c, out);
		else if (c == ' ')
			fputc('+', out);
		else
			fprintf(out, "%%%02X", c);
	}
}

int iio_web_params_parse(iio_web_params *p, const char *qs)
{
	char *save = NULL;
	memset(p, 0, sizeof *p);
	if (!(p->buf = strdup(qs ? qs : "")))
		return -1;
	for (char *kv = strtok_r(p->buf, "&", &save); kv && p->n < IIO_WEB_MAX_PARAMS; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		if (!eq)
			continue;
		*eq = '\0';
		if ((iio_web_urldecode(kv) != strlen(kv) || iio_web_urldecode(eq + 1) != strlen(eq + 1)) && !p->nul)
			p->nul = kv;
		p->names[p->n] = kv;
		p->values[p->n++] = eq + 1;
	}
	return 0;
}

const char *iio_web_params_get(void *ctx, const char *name)
{
	const iio_web_params *p = ctx;
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->names[i], name))
			return p->values[i];
	return NULL;
}

void iio_web_params_free(iio_web_params *p)
{
	free(p->buf);
	p->buf = NULL;
	p->n = 0;
}
