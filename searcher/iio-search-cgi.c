/* iio-search.cgi - the search for any web server that runs CGI: an HTML
 * page that works without JavaScript (like Xapian's Omega), or with
 * format=json the JSON of iio-search --json. Parameters as iio-serve's
 * /api/search. The index: $IIO_INDEX (set it in the web server's
 * configuration), else the compiled-in default, as for the CLI. */
#define _GNU_SOURCE
#include "crash.h"
#include "iio.h"
#include "webreq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#define IIO_DEFAULT_INDEX (iio_default_paths()->index)

static void header(int status, const char *type)
{
	printf("Status: %d\r\nContent-Type: %s\r\nX-Content-Type-Options: nosniff\r\n"
	       "Content-Security-Policy: default-src 'none'; style-src 'self'\r\n\r\n",
	       status, type);
}

static void put_escaped(const char *s)
{
	char *e = iio_web_escape(s ? s : "");
	fputs(e ? e : "", stdout);
	free(e);
}

/* The snippet is HTML-escaped by the library with <mark> around matches;
 * it is printed as is. */
static void page(const char *q, const iio_results *res, const char *error)
{
	header(error ? 400 : 200, "text/html; charset=utf-8");
	printf("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	       "<title>Zoeken in de kennisbank</title></head><body><main>\n"
	       "<h1>Zoeken in de kennisbank</h1>\n<form role=\"search\" method=\"get\">"
	       "<label for=\"q\">Zoek in documenten, instructiefilmpjes en schoolcases</label> "
	       "<input id=\"q\" name=\"q\" type=\"search\" value=\"");
	put_escaped(q);
	printf("\"> <button type=\"submit\">Zoeken</button></form>\n");
	if (error) {
		printf("<p role=\"status\">");
		put_escaped(error);
		printf("</p>\n");
	} else if (res) {
		size_t n = iio_results_count(res);
		printf("<p role=\"status\">%s%lu %s.</p>\n", iio_results_total_exact(res) ? "" : "Ongeveer ",
		       iio_results_total(res), iio_results_total(res) == 1 ? "resultaat" : "resultaten");
		if (iio_results_suggestion(res)) {
			printf("<p>Bedoelde je ");
			put_escaped(iio_results_suggestion(res));
			printf("?</p>\n");
		}
		printf("<ol>\n");
		for (size_t i = 0; i < n; i++) {
			const iio_hit *h = iio_results_hit(res, i);
			int link = h->url && (!strncmp(h->url, "https://", 8) || !strncmp(h->url, "http://", 7));
			printf("<li><h2>");
			if (link) {
				printf("<a href=\"");
				put_escaped(h->url);
				printf("\">");
			}
			put_escaped(h->title);
			printf("%s</h2><p>", link ? "</a>" : "");
			/* The plain snippet, escaped here, <mark> around matches. */
			for (size_t k = 0, m = 0; h->snippet[k]; k++) {
				char c[2] = {h->snippet[k], 0};
				if (m < h->nmarks && k == h->marks[2 * m])
					fputs("<mark>", stdout);
				put_escaped(c);
				if (m < h->nmarks && k + 1 == h->marks[2 * m + 1]) {
					fputs("</mark>", stdout);
					m++;
				}
			}
			printf("</p></li>\n");
		}
		printf("</ol>\n");
	}
	printf("</main></body></html>\n");
}

int main(void)
{
	const char *index_path = getenv("IIO_INDEX");
	iio_web_params p;
	iio_web_request r;
	iio_index *idx = NULL;
	iio_results *res = NULL;
	iio_status st;
	int json, bad;

	if (!index_path || !*index_path)
		index_path = IIO_DEFAULT_INDEX;
	if (iio_web_params_parse(&p, getenv("QUERY_STRING"))) {
		header(500, "application/json; charset=utf-8");
		printf("{\"error\":\"out of memory\",\"status\":500}\n");
		return 0;
	}
	json = iio_web_params_get(&p, "format") && !strcmp(iio_web_params_get(&p, "format"), "json");
	if (!iio_web_params_get(&p, "q") && !json) {
		page("", NULL, NULL); /* the empty form */
		iio_web_params_free(&p);
		return 0;
	}
	bad = iio_web_parse(&r, iio_web_params_get, &p);
	if (!bad && p.nul) {
		snprintf(r.error, sizeof r.error, "parameter %.100s holds a NUL byte (%%00)", p.nul);
		bad = 400;
	}
	if (!bad) {
		/* A crash inside the search (a damaged index) still answers. */
		iio_crash_guard("iio-search.cgi", index_path,
				"Status: 503\r\nContent-Type: application/json; charset=utf-8\r\n"
				"X-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'none'\r\n\r\n"
				"{\"error\":\"the search index is damaged\",\"status\":503}\n",
				0);
		st = iio_index_open(&idx, index_path);
		if (st) {
			/* The reason (with server paths) goes to the web server's log. */
			fprintf(stderr, "iio-search.cgi: %s\n", idx ? iio_index_error(idx) : iio_strerror(st));
			header(503, "application/json; charset=utf-8");
			printf("{\"error\":\"the search index is not available\",\"status\":503}\n");
			iio_index_close(idx);
			iio_web_request_clear(&r);
			iio_web_params_free(&p);
			return 0;
		}
		st = iio_search(&res, idx, r.q, &r.opts);
		if (st) {
			snprintf(r.error, sizeof r.error, "%s", iio_index_error(idx));
			bad = st == IIO_ERR_QUERY || st == IIO_ERR_ARGUMENT ? 400 : 503;
		}
	}
	if (json) {
		char *s = NULL;
		if (bad || iio_results_json(&s, res)) {
			char *e = iio_web_json_error(bad ? (unsigned)bad : 500, r.error);
			header(bad ? bad : 500, "application/json; charset=utf-8");
			puts(e ? e : "{\"error\":\"out of memory\",\"status\":500}");
			free(e);
		} else {
			header(200, "application/json; charset=utf-8");
			puts(s);
		}
		iio_free(s);
	} else {
		page(r.q ? r.q : "", bad ? NULL : res, bad ? r.error : NULL);
	}
	iio_results_free(res);
	iio_index_close(idx);
	iio_web_request_clear(&r);
	iio_web_params_free(&p);
	return 0;
}
