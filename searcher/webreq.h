/* webreq.h - the web front ends' common part (iio-serve, iio-search.cgi):
 * request parameters to search options, and HTML escaping. Front-end code
 * on top of iio.h; not part of the library. */
#ifndef IIO_WEBREQ_H
#define IIO_WEBREQ_H

#include "iio.h"

#include <stddef.h>
#include <stdio.h>

#define IIO_WEB_MAX_LIMIT 100      /* results per request */
#define IIO_WEB_MAX_OFFSET 10000   /* deep paging stops here */

/* Value of request parameter NAME, NULL if absent. */
typedef const char *(*iio_web_param_fn)(void *ctx, const char *name);

typedef struct iio_web_request {
	char *q;                   /* the query ("" when only filters) */
	char *filter;              /* filter clauses from type=, vak= ... (NULL: none) */
	iio_search_options opts;
	char error[256];           /* why the request is bad */
} iio_web_request;

struct iio_web_params;
/* Read the search parameters (q, offset, limit, sort, facets, group, all
 * and the filters under their English and Dutch names: type, subject/vak,
 * level/niveau, stream/leerweg, experiment, school, place/plaats,
 * year/jaar; a filter given more than once matches any of its values,
 * year also as a range 2012..2014). Returns 0, or 400 with r->error set. */
int iio_web_parse(iio_web_request *r, const struct iio_web_params *p);
void iio_web_request_clear(iio_web_request *r);

/* S with & < > " ' escaped for HTML; free(). NULL when out of memory. */
char *iio_web_escape(const char *s);
/* The JSON error body {"error":MSG,"status":STATUS}: MSG escaped for JSON
 * (quotes, backslashes, control characters; '<' and '>' too, so the body is
 * also safe where it is taken for HTML; a byte that is not UTF-8 becomes
 * U+FFFD); free(). NULL when out of memory. */
char *iio_web_json_error(unsigned status, const char *msg);
/* What a library status means over HTTP, decided once for the server and
 * the CGI: 200 for IIO_OK; 400 for a request that cannot be answered as
 * asked (a bad query or argument: "..", a limit past its bound); 404 for
 * no such record; 500 for our own failure (memory, a bug); 503 for an
 * index that cannot be read now (missing, damaged, of another version). */
unsigned iio_web_http_status(iio_status st);
/* S with every control character (tab, newline, ...) and byte of invalid
 * UTF-8 made '?', in place: one log line stays one line. */
void iio_web_one_line(char *s);

/* A query string's parameters (name=value&...), %-decoded; at most
 * IIO_WEB_MAX_PARAMS, the rest ignored; pairs without '=' ignored. */
#define IIO_WEB_MAX_PARAMS 32
typedef struct iio_web_params {
	char *names[IIO_WEB_MAX_PARAMS], *values[IIO_WEB_MAX_PARAMS];
	size_t n;
	char *buf;
	const char *nul; /* the first parameter whose name or value held %00 (cut there) */
} iio_web_params;
/* Parse QS (NULL: none). Returns 0, -1 when out of memory. */
int iio_web_params_parse(iio_web_params *p, const char *qs);
/* An iio_web_param_fn over an iio_web_params (CTX). */
const char *iio_web_params_get(void *ctx, const char *name);
void iio_web_params_free(iio_web_params *p);

/* S %-encoded for a query string (space as '+'), written to OUT. */
void iio_web_urlencode(FILE *out, const char *s);

/* Decode a %-encoded query-string value in place ('+' is a space).
 * Returns the decoded length: more than strlen() when it held %00. */
size_t iio_web_urldecode(char *s);

#endif
