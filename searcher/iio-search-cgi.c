/* iio-search.cgi - the search for any web server that runs CGI: an HTML
 * page that works without JavaScript (like Xapian's Omega), or with
 * format=json the JSON of iio-search --json. Parameters as iio-serve's
 * /api/search. The index: $IIO_INDEX (set it in the web server's
 * configuration), else the compiled-in default, as for the CLI. */
#define _GNU_SOURCE
#include "crash.h"
#include "iio.h"
#include "webpage.h"
#include "webreq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../indexer/paths.h"
#define IIO_DEFAULT_INDEX (iio_default_paths()->index)

static void header(int status, const char *type)
{
	printf("Status: %d\r\nContent-Type: %s\r\nX-Content-Type-Options: nosniff\r\n"
	       "Content-Security-Policy: default-src 'none'; style-src 'self'\r\n\r\n",
	       status, type);
}

/* The links of the pages: the script's own path (the web server gives it),
 * records as ?id=, the stylesheet beside it ($IIO_CSS, default
 * /iio-search/style.css: where the package puts the page's files). */
static iio_web_links cgi_links(void)
{
	const char *self = getenv("SCRIPT_NAME"), *css = getenv("IIO_CSS");
	iio_web_links l = {self && *self ? self : "", NULL, css && *css ? css : "/iio-search/style.css", NULL};
	l.back = l.search;
	return l;
}

/* The page of the record ?id=ID. */
static int record(const iio_web_links *links, iio_web_params *p, const char *index_path)
{
	iio_index *idx = NULL;
	iio_record_view *rec = NULL;
	iio_status st;
	if (p->nul) {
		/* id=case-001%00x: its C string would end at the NUL and show
		 * case-001; refused, as iio-serve does. */
		char msg[160];
		snprintf(msg, sizeof msg, "parameter %.100s holds a NUL byte (%%00)", p->nul);
		header(400, "text/html; charset=utf-8");
		iio_web_error_page(stdout, links, 400, msg);
		iio_web_params_free(p);
		return 0;
	}
	iio_crash_guard("iio-search.cgi", index_path,
			"Status: 503\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
			"De zoekdienst is nu niet beschikbaar.\n",
			0);
	st = iio_index_open_with(&idx, index_path, getenv("IIO_LEXICON"));
	if (!st)
		st = iio_show(&rec, idx, iio_web_params_get(p, "id"));
	if (st) {
		/* 400: not a record id at all ("..", "a/b"). */
		unsigned status = iio_web_http_status(st);
		if (idx && status == 503)
			fprintf(stderr, "iio-search.cgi: %s\n", iio_index_error(idx));
		header((int)status, "text/html; charset=utf-8");
		iio_web_error_page(stdout, links, status, idx ? iio_index_error(idx) : iio_strerror(st));
	} else {
		header(200, "text/html; charset=utf-8");
		iio_web_record_page(stdout, links, idx, rec, iio_web_params_get(p, "q"), iio_web_params_get(p, "terug"));
	}
	iio_record_free(rec);
	iio_index_close(idx);
	iio_web_params_free(p);
	return 0;
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
	iio_web_links links;

	if (!index_path || !*index_path)
		index_path = IIO_DEFAULT_INDEX;
	if (iio_web_params_parse(&p, getenv("QUERY_STRING"))) {
		header(500, "application/json; charset=utf-8");
		printf("{\"error\":\"out of memory\",\"status\":500}\n");
		return 0;
	}
	json = iio_web_params_get(&p, "format") && !strcmp(iio_web_params_get(&p, "format"), "json");
	links = cgi_links();
	if (!iio_web_params_get(&p, "q") && !iio_web_params_get(&p, "id") && !json) {
		/* the empty form, or only filters (a facet link) */
		int any = 0;
		for (size_t i = 0; i < p.n; i++)
			any |= strcmp(p.names[i], "offset") != 0;
		if (!any) {
			memset(&r, 0, sizeof r);
			header(200, "text/html; charset=utf-8");
			iio_web_results_page(stdout, &links, &p, &r, NULL, NULL, 200, NULL);
			iio_web_params_free(&p);
			return 0;
		}
	}
	if (iio_web_params_get(&p, "id") && !json)
		return record(&links, &p, index_path);
	bad = iio_web_parse(&r, &p);
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
		st = iio_index_open_with(&idx, index_path, getenv("IIO_LEXICON"));
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
		if (!json)
			r.opts.facets = 1;
		st = iio_search(&res, idx, r.q, &r.opts);
		if (st) {
			snprintf(r.error, sizeof r.error, "%s", iio_index_error(idx));
			bad = (int)iio_web_http_status(st);
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
		iio_results *facets[IIO_WEB_MAX_FIELDS] = {NULL};
		if (!bad && (st = iio_web_facets_open(idx, &p, facets, IIO_WEB_MAX_FIELDS))) {
			snprintf(r.error, sizeof r.error, "%s", iio_index_error(idx));
			bad = (int)iio_web_http_status(st);
		}
		header(bad ? bad : 200, "text/html; charset=utf-8");
		iio_web_results_page(stdout, &links, &p, &r, bad ? NULL : res, facets, (unsigned)bad, bad ? r.error : NULL);
		iio_web_facets_free(facets, IIO_WEB_MAX_FIELDS);
	}
	iio_results_free(res);
	iio_index_close(idx);
	iio_web_request_clear(&r);
	iio_web_params_free(&p);
	return 0;
}
