/* webpage.h - the HTML pages the web front ends render on the server, so
 * they work without JavaScript: the results page (iio-serve's /zoeken, the
 * CGI) and the page of one record (iio-serve's /doc/ID, the CGI's ?id=ID).
 * Dutch throughout; every text from the index is escaped; snippets and
 * highlighted texts come escaped from the library with only <mark> in them.
 * Front-end code on top of iio.h, not part of the library. */
#ifndef IIO_WEBPAGE_H
#define IIO_WEBPAGE_H

#include "iio.h"
#include "webreq.h"

#include <stdio.h>

/* Where the pages link to: the results page (SEARCH, e.g. "/zoeken" or the
 * CGI's own path), a record (DOC_PREFIX + id, e.g. "/doc/"; NULL: SEARCH
 * with ?id=ID, as the CGI takes it) and the stylesheet. */
typedef struct iio_web_links {
	const char *search;
	const char *doc_prefix;
	const char *css;
	const char *back; /* where a record page leads back to, with ?q= (the search page) */
} iio_web_links;

/* Facets that count as filters are meant to: for each filter field with a
 * value chosen in P, the counts without that field's own filter (so its
 * other values stay visible: OR within a field, AND across), all from one
 * library call (iio_facets_without). FACETS[i] (for field i; iio_field_name
 * order, room for every field) gets those counts or NULL (then the main
 * results' counts hold). Free with iio_web_facets_free (also after a
 * failure). Returns IIO_OK, or the status of the call when it failed (its
 * message on IDX): the caller answers with it rather than showing counts
 * that are not there. */
iio_status iio_web_facets_open(iio_index *idx, const iio_web_params *p, iio_results **facets, size_t nfields);
void iio_web_facets_free(iio_results **facets, size_t nfields);
/* RES as iio_results_json, its facets replaced by those of FACETS (and
 * "counts_exact": false when any of those are estimates). */
char *iio_web_results_json(const iio_results *res, iio_results *const *facets, size_t nfields);
#define IIO_WEB_MAX_FIELDS 32

/* The results page for the request P (parsed as R): RES, or the error ERR
 * (with its HTTP STATUS) or, when both are NULL, the empty search form. */
void iio_web_results_page(FILE *out, const iio_web_links *links, const iio_web_params *p, const iio_web_request *r,
			  const iio_results *res, iio_results *const *facets, unsigned status, const char *err);

/* The page of record REC: its fields, its text with the words of QUERY
 * (may be NULL) marked, the records that belong with it and records like
 * it (IDX). BACK (the request's terug=, may be NULL) is the results page
 * it was reached from, with its filters and page: the way back, kept on
 * every link to another record; only a page of LINKS' own (search or
 * back, then ? or nothing) is taken. */
void iio_web_record_page(FILE *out, const iio_web_links *links, iio_index *idx, const iio_record_view *rec,
			 const char *query, const char *back);

/* The page that says record ID does not exist (404) or cannot be read. */
void iio_web_error_page(FILE *out, const iio_web_links *links, unsigned status, const char *message);

/* The Dutch name of a record type (casus for case), and a Dutch message
 * for an error of the library (the English one is for logs; the page shows
 * this). A field's Dutch label is the library's: iio_field_label. */
const char *iio_web_type_nl(const char *type);
const char *iio_web_error_nl(unsigned status, const char *message);
/* A short code for the error (too_long, unknown_value, bad_query, ...):
 * what the JavaScript page translates. */
const char *iio_web_error_code(unsigned status, const char *message);

#endif
