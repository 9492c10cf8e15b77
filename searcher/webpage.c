/* webpage.c - server-rendered HTML pages of the web front ends (see
 * webpage.h). */
#define _GNU_SOURCE
#include "webpage.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *en, *nl;
} types_nl[] = {
	{"document", "document"}, {"passage", "fragment"}, {"video", "video"}, {"case", "casus"}, {"profile", "profiel"},
};

const char *iio_web_type_nl(const char *type)
{
	for (size_t i = 0; type && i < sizeof types_nl / sizeof *types_nl; i++)
		if (!strcmp(types_nl[i].en, type))
			return types_nl[i].nl;
	return type ? type : "";
}


const char *iio_web_error_code(unsigned status, const char *m)
{
	if (!m)
		m = "";
	if (status == 404)
		return "not_found";
	if (status >= 500)
		return "unavailable";
	if (strstr(m, "bytes long"))
		return "too_long";
	if (strstr(m, "no record has"))
		return "unknown_value";
	/* The address is wrong: a parameter, a path with %00, a record id
	 * that cannot be one (/doc/..). */
	if (strstr(m, "parameter") || strstr(m, "not a record id") || strstr(m, "the path holds"))
		return "bad_parameter";
	return "bad_query";
}

const char *iio_web_error_nl(unsigned status, const char *m)
{
	const char *code = iio_web_error_code(status, m);
	if (!strcmp(code, "not_found"))
		return "Deze pagina bestaat niet (meer) in de kennisbank.";
	if (!strcmp(code, "unavailable"))
		return "De zoekdienst is nu niet beschikbaar. Probeer het zo nog eens.";
	if (!strcmp(code, "too_long"))
		return "De zoekvraag is te lang. Gebruik minder woorden.";
	if (!strcmp(code, "unknown_value"))
		return "Een gekozen filter komt in de kennisbank niet voor. Haal het filter weg.";
	if (!strcmp(code, "bad_parameter"))
		return "Het adres van deze pagina klopt niet helemaal. Begin een nieuwe zoekopdracht.";
	return "Deze zoekvraag kunnen we niet lezen. Kijk aanhalingstekens en haakjes na.";
}

/* Is parameter NAME field F, by its English or Dutch name? */
static int names_field(const char *name, size_t f)
{
	return !strcmp(name, iio_field_name(f)) || !strcmp(name, iio_field_dutch(f));
}

iio_status iio_web_facets_open(iio_index *idx, const iio_web_params *p, iio_results **facets, size_t nfields)
{
	const char *filters[IIO_WEB_MAX_FIELDS] = {NULL};
	char *own[IIO_WEB_MAX_FIELDS] = {NULL};
	iio_web_request all;
	iio_status st = IIO_OK;
	size_t n = 0;
	for (size_t f = 0; f < nfields; f++)
		facets[f] = NULL;
	/* Each filter field's own clause, read as the whole request reads it. */
	for (size_t f = 0; iio_field_name(f) && f < nfields && f < IIO_WEB_MAX_FIELDS; f++) {
		iio_web_params one = {.n = 0};
		iio_web_request r;
		if (!iio_field_is_filter(f))
			continue;
		for (size_t k = 0; k < p->n; k++)
			if (names_field(p->names[k], f) && *p->values[k]) {
				one.names[one.n] = p->names[k];
				one.values[one.n++] = p->values[k];
			}
		if (!one.n)
			continue;
		if (!iio_web_parse(&r, &one) && r.filter) {
			own[f] = r.filter;
			r.filter = NULL;
			filters[f] = own[f];
			n = f + 1;
		}
		iio_web_request_clear(&r);
	}
	/* The counts of every field with a filter, without it, in one call. */
	if (n && !iio_web_parse(&all, p)) {
		all.opts.filter = NULL;
		all.opts.facets = 1;
		st = iio_facets_without(facets, idx, all.q, &all.opts, filters, n);
	}
	if (n)
		iio_web_request_clear(&all);
	for (size_t f = 0; f < IIO_WEB_MAX_FIELDS; f++)
		free(own[f]);
	return st;
}

void iio_web_facets_free(iio_results **facets, size_t nfields)
{
	for (size_t f = 0; f < nfields; f++) {
		iio_results_free(facets[f]);
		facets[f] = NULL;
	}
}

char *iio_web_results_json(const iio_results *res, iio_results *const *facets, size_t nfields)
{
	char *s = NULL, *out;
	json_t *o, *fo;
	if (iio_results_json(&s, res))
		return NULL;
	o = json_loads(s, 0, NULL);
	iio_free(s);
	if (!o)
		return NULL;
	fo = json_object_get(o, "facets");
	for (size_t f = 0; fo && iio_field_name(f) && f < nfields; f++) {
		json_t *arr;
		if (!facets[f])
			continue;
		/* One field's estimate makes the answer's counts estimates. */
		if (!iio_results_counts_exact(facets[f]))
			json_object_set_new(o, "counts_exact", json_false());
		arr = json_array();
		for (size_t i = 0; arr && i < iio_results_facet_count(facets[f], iio_field_name(f)); i++) {
			unsigned long count = 0;
			const char *v = iio_results_facet_value(facets[f], iio_field_name(f), i, &count);
			json_array_append_new(arr, json_pack("{sssI}", "value", v, "count", (json_int_t)count));
		}
		if (arr)
			json_object_set_new(fo, iio_field_name(f), arr);
	}
	out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return out;
}

static void esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}

/* TEXT with <mark> around the MARKS (start, end byte pairs), escaped. */
static void marked(FILE *out, const char *text, size_t nmarks, const size_t *marks)
{
	size_t m = 0;
	for (size_t k = 0; text && text[k]; k++) {
		char c[2] = {text[k], 0};
		if (m < nmarks && k == marks[2 * m])
			fputs("<mark>", out);
		esc(out, c);
		if (m < nmarks && k + 1 == marks[2 * m + 1]) {
			fputs("</mark>", out);
			m++;
		}
	}
}

static int http_url(const char *u)
{
	return u && (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7));
}

static void head(FILE *out, const iio_web_links *l, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
	      out);
	esc(out, title);
	fputs("</title><link rel=\"stylesheet\" href=\"", out);
	esc(out, l->css);
	/* the icon beside the stylesheet, as the page's files are installed */
	fputs("\"><link rel=\"icon\" type=\"image/svg+xml\" href=\"", out);
	{
		const char *slash = l->css ? strrchr(l->css, '/') : NULL;
		char dir[512];
		snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - l->css + 1) : 0, l->css ? l->css : "");
		esc(out, dir);
	}
	fputs("favicon.svg\"></head><body>\n<main id=\"iio-zoeken\" class=\"zonder-js\">\n", out);
}

static void tail(FILE *out) { fputs("</main></body></html>\n", out); }

/* S %-encoded for a URL, then escaped for an HTML attribute. */
static void esc_encoded(FILE *out, const char *s)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&buf, &size);
	if (!m)
		return;
	iio_web_urlencode(m, s);
	if (!fclose(m))
		esc(out, buf);
	free(buf);
}

/* BACK when it is a page of this site to go back to (the results page,
 * with the search, the filters and the page it showed), else NULL: a link
 * leads nowhere else. */
static const char *back_ok(const iio_web_links *l, const char *back)
{
	const char *bases[2] = {l->back, l->search};
	if (!back || !*back)
		return NULL;
	for (const char *c = back; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == '\\')
			return NULL;
	for (int i = 0; i < 2; i++) {
		size_t n = bases[i] ? strlen(bases[i]) : 0;
		if (n && !strncmp(back, bases[i], n) && (back[n] == '?' || back[n] == '\0') && strncmp(back, "//", 2))
			return back;
	}
	return NULL;
}

/* The link to record ID, with the query Q to mark its words and BACK (the
 * results page it was reached from, may be NULL) for the way back. */
static void doc_link(FILE *out, const iio_web_links *l, const char *id, const char *q, const char *back)
{
	int any = 0;
	fputc('"', out);
	if (l->doc_prefix) {
		esc(out, l->doc_prefix);
		esc_encoded(out, id); /* the id as a path segment */
	} else {
		esc(out, l->search);
		fputs("?id=", out);
		esc_encoded(out, id);
		any = 1;
	}
	if (q && *q) {
		fputs(any ? "&amp;q=" : "?q=", out);
		esc_encoded(out, q);
		any = 1;
	}
	if ((back = back_ok(l, back))) {
		fputs(any ? "&amp;terug=" : "?terug=", out);
		esc_encoded(out, back);
	}
	fputc('"', out);
}

/* The results page for the parameters of P, changed: without parameter
 * DROP_NAME=DROP_VALUE (DROP_VALUE NULL: every value of it), with
 * ADD_NAME=ADD_VALUE, and the page at OFFSET (0: the first). A URL to free;
 * NULL when out of memory. */
static char *search_url(const iio_web_links *l, const iio_web_params *p, const char *drop_name, const char *drop_value,
			const char *add_name, const char *add_value, unsigned long offset)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&buf, &size);
	int first = 1;
	if (!m)
		return NULL;
	fputs(l->search, m);
	for (size_t i = 0; p && i < p->n; i++) {
		if (!strcmp(p->names[i], "offset") || !strcmp(p->names[i], "id") || !strcmp(p->names[i], "terug") ||
		    !*p->values[i])
			continue;
		if (drop_name && !strcmp(p->names[i], drop_name) && (!drop_value || !strcmp(p->values[i], drop_value)))
			continue;
		fputc(first ? '?' : '&', m);
		first = 0;
		iio_web_urlencode(m, p->names[i]);
		fputc('=', m);
		iio_web_urlencode(m, p->values[i]);
	}
	if (add_name) {
		fputc(first ? '?' : '&', m);
		first = 0;
		iio_web_urlencode(m, add_name);
		fputc('=', m);
		iio_web_urlencode(m, add_value);
	}
	if (offset)
		fprintf(m, "%soffset=%lu", first ? "?" : "&", offset);
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* search_url, written quoted and escaped for an attribute. */
static void search_link(FILE *out, const iio_web_links *l, const iio_web_params *p, const char *drop_name,
			const char *drop_value, const char *add_name, const char *add_value, unsigned long offset)
{
	char *url = search_url(l, p, drop_name, drop_value, add_name, add_value, offset);
	fputc('"', out);
	esc(out, url);
	fputc('"', out);
	free(url);
}

/* Is filter FIELD=VALUE among the request's parameters (English or Dutch name)? */
static int chosen(const iio_web_params *p, size_t field, const char *value)
{
	for (size_t k = 0; p && k < p->n; k++)
		if (names_field(p->names[k], field) && !strcmp(p->values[k], value))
			return 1;
	return 0;
}

/* The field values the query's words were read as, each a one-click
 * filter: "Alleen groep 7?" (words naming one value only; a filter already
 * chosen is not offered again). */
static void only_links(FILE *out, const iio_web_links *l, const iio_web_params *p, const iio_results *res)
{
	size_t n = iio_results_interpreted_count(res), shown = 0;
	for (size_t i = 0; i < n; i++) {
		const char *field = NULL, *words = NULL, *value = iio_results_interpreted(res, i, &field, &words);
		const char *fw = NULL, *fv = NULL;
		size_t f = 0, same = 0;
		for (size_t k = 0; k < n; k++)
			if (iio_results_interpreted(res, k, &fv, &fw) && !strcmp(fw, words))
				same++;
		while (iio_field_name(f) && strcmp(iio_field_name(f), field))
			f++;
		if (same != 1 || !iio_field_name(f) || !iio_field_is_filter(f) || chosen(p, f, value))
			continue;
		fputs(shown++ ? " · " : "<p id=\"alleen\">", out);
		fputs("<a href=", out);
		search_link(out, l, p, NULL, NULL, iio_field_dutch(f), value, 0);
		fputs(">Alleen ", out);
		esc(out, words);
		fputs("?</a>", out);
	}
	if (shown)
		fputs("</p>\n", out);
}

static void form(FILE *out, const iio_web_links *l, const char *q)
{
	fputs("<h1>Zoeken in de kennisbank</h1>\n<form role=\"search\" method=\"get\" action=\"", out);
	esc(out, l->search);
	fputs("\"><label for=\"zoekveld\">Zoek in documenten, instructiefilmpjes en schoolcases</label>"
	      "<div class=\"combobox\"><input id=\"zoekveld\" name=\"q\" type=\"search\" value=\"",
	      out);
	esc(out, q);
	fputs("\"><button type=\"submit\">Zoeken</button></div></form>\n", out);
}

static void field_label(FILE *out, size_t f)
{
	const char *nl = iio_field_label(iio_field_name(f));
	esc(out, nl ? nl : iio_field_dutch(f));
}

static void value_label(FILE *out, size_t f, const char *v)
{
	esc(out, !strcmp(iio_field_name(f), "type") ? iio_web_type_nl(v) : v);
}

/* The facets of RES (FACETS where a field's own filter is left out) that
 * have values: how many fields. */
static size_t facet_fields(const iio_results *res, iio_results *const *facets)
{
	size_t n = 0;
	for (size_t f = 0; res && iio_field_name(f); f++) {
		const iio_results *src = facets && f < IIO_WEB_MAX_FIELDS && facets[f] ? facets[f] : res;
		n += iio_field_is_filter(f) && iio_results_facet_count(src, iio_field_name(f)) > 0;
	}
	return n;
}

/* The chosen filters as chips that remove themselves, and the facets as
 * links that add a value (several values of one field: any of them), in a
 * <details> that waits closed on a phone (the results come first) and
 * stands open beside the results on a wide screen (style.css). */
static void filters(FILE *out, const iio_web_links *l, const iio_web_params *p, const iio_results *res,
		    iio_results *const *facets)
{
	int any = 0, nchosen = 0;
	for (size_t f = 0; iio_field_name(f); f++)
		for (size_t k = 0; iio_field_is_filter(f) && p && k < p->n; k++)
			if (names_field(p->names[k], f) && *p->values[k]) {
				if (!any)
					fputs("<ul class=\"chips\" aria-label=\"Gekozen filters\">", out);
				any = 1;
				nchosen++;
				fputs("<li><a class=\"chip\" href=", out);
				search_link(out, l, p, p->names[k], p->values[k], NULL, NULL, 0);
				fputs(">", out);
				field_label(out, f);
				fputs(": ", out);
				value_label(out, f, p->values[k]);
				fputs(" <span aria-hidden=\"true\">×</span><span class=\"sr\"> (filter weghalen)</span></a></li>", out);
			}
	if (any)
		fputs("</ul>\n", out);
	if (!res || !facet_fields(res, facets))
		return;
	fputs("<details class=\"filterpaneel\"><summary>Filters", out);
	if (nchosen)
		fprintf(out, " (%d gekozen)", nchosen);
	fputs("</summary><aside id=\"filters\" aria-label=\"Filters\">\n", out);
	for (size_t f = 0; iio_field_name(f); f++) {
		const iio_results *src = facets && f < IIO_WEB_MAX_FIELDS && facets[f] ? facets[f] : res;
		size_t n = iio_field_is_filter(f) ? iio_results_facet_count(src, iio_field_name(f)) : 0;
		if (!n)
			continue;
		fputs("<fieldset><legend>", out);
		field_label(out, f);
		fputs("</legend><ul>", out);
		for (size_t i = 0; i < n && i < 20; i++) {
			unsigned long count = 0;
			const char *v = iio_results_facet_value(src, iio_field_name(f), i, &count);
			int on = chosen(p, f, v);
			fputs("<li><a href=", out);
			if (on)
				search_link(out, l, p, iio_field_name(f), v, NULL, NULL, 0);
			else
				search_link(out, l, p, NULL, NULL, iio_field_name(f), v, 0);
			fprintf(out, "%s>", on ? " aria-current=\"true\"" : "");
			value_label(out, f, v);
			fprintf(out, " (%s%lu)</a></li>", iio_results_counts_exact(src) ? "" : "ca. ", count);
		}
		fputs("</ul></fieldset>\n", out);
	}
	fputs("</aside></details>\n", out);
}

/* A record's title linking to its page, then its type as a badge. */
static void titled_link(FILE *out, const iio_web_links *l, const char *id, const char *title, const char *type,
			const char *q, const char *back)
{
	fputs("<a href=", out);
	doc_link(out, l, id, q, back);
	fputs(">", out);
	esc(out, title);
	fputs("</a> <span class=\"badge\">", out);
	esc(out, iio_web_type_nl(type));
	fputs("</span>", out);
}

/* Result H of the page at OFFSET of the search P; its links lead back to
 * this very page. DIVIDE: H is the first result lacking a word (best
 * match), after AT results holding every word: a line says where they
 * begin. */
static void hit_item(FILE *out, const iio_web_links *l, const iio_web_params *p, unsigned long offset, const iio_hit *h,
		     const char *q, int divide, size_t at)
{
	json_t *fields = h->fields_json ? json_loads(h->fields_json, 0, NULL) : NULL;
	const char *bits[4];
	size_t nb = 0;
	char *back = search_url(l, p, NULL, NULL, NULL, NULL, offset);
	if (divide)
		fprintf(out, "<li class=\"deels-begin\"><p class=\"deel-kop\">%s</p><h2>",
			at ? "Hieronder resultaten met een deel van de woorden" : "Deze resultaten hebben een deel van de woorden");
	else
		fputs("<li><h2>", out);
	titled_link(out, l, h->id, h->title, h->type, q, back);
	fputs("</h2><p>", out);
	marked(out, h->snippet, h->nmarks, h->marks);
	fputs("</p>", out);
	for (const char *const *k = (const char *const[]){"school", "place", "subject", "stream", NULL}; *k; k++) {
		const char *v = json_string_value(json_object_get(fields, *k));
		if (v && nb < 4)
			bits[nb++] = v;
	}
	if (nb) {
		fputs("<p class=\"bron\">", out);
		for (size_t i = 0; i < nb; i++) {
			if (i)
				fputs(" · ", out);
			esc(out, bits[i]);
		}
		fputs("</p>", out);
	}
	if (h->npassages) {
		fputs("<ul class=\"passages\">", out);
		for (size_t i = 0; i < h->npassages; i++) {
			fputs("<li><h3><a href=", out);
			doc_link(out, l, h->passages[i].id, q, back);
			fputs(">", out);
			esc(out, h->passages[i].title);
			fputs("</a></h3><p>", out);
			marked(out, h->passages[i].snippet, h->passages[i].nmarks, h->passages[i].marks);
			fputs("</p></li>", out);
		}
		fputs("</ul>", out);
	}
	if (h->more)
		fprintf(out, "<p class=\"meer\">Nog %lu vergelijkbare %s</p>", h->more,
			!strcmp(h->type, "video") ? (h->more == 1 ? "video" : "video's") : "resultaten");
	if (h->nmissing) {
		fputs("<p class=\"ontbreekt\">Ontbreekt: ", out);
		for (size_t i = 0; i < h->nmissing; i++) {
			if (i)
				fputs(", ", out);
			esc(out, h->missing[i]);
		}
		fputs("</p>", out);
	}
	fputs("</li>\n", out);
	json_decref(fields);
	free(back);
}

/* Searches that find something in the bundled knowledge base, offered when
 * a search finds nothing (app.js's EXAMPLES are the same). */
static const char *const web_examples[] = {"leerlingenkrimp", "lerarentekort oplossing", "breuken groep 7",
					   "werkdruk docenten", "innovatie van binnenuit"};

/* A link to the search for QUERY; the filters of P kept unless ALONE. */
static void query_link(FILE *out, const iio_web_links *l, const iio_web_params *p, const char *query, int alone,
		       unsigned long total)
{
	fputs("<a href=", out);
	if (alone) {
		fputc('"', out);
		esc(out, l->search);
		fputs("?q=", out);
		esc_encoded(out, query);
		fputc('"', out);
	} else {
		search_link(out, l, p, "q", NULL, "q", query, 0);
	}
	fputc('>', out);
	esc(out, query);
	fputs("</a>", out);
	if (total)
		fprintf(out, " (%lu %s)", total, total == 1 ? "resultaat" : "resultaten");
}

/* Nothing found: what could help - the query without its filters, with
 * fewer words (the library's alternatives), other or Dutch words, a few
 * searches that work. The correction is offered above it. */
static void zero_help(FILE *out, const iio_web_links *l, const iio_web_params *p, const iio_results *res)
{
	size_t n = iio_results_alternatives(res);
	static const char *const kinds[] = {"filters", "word", "without"};
	static const char *const heads[] = {"Zonder filters: ", "Eén woord: ", "Zonder een van de woorden: "};
	fputs("<section id=\"hulp\" aria-labelledby=\"hulp-kop\"><h2 id=\"hulp-kop\">Wat je kunt proberen</h2><ul>", out);
	for (size_t k = 0; k < 3; k++) {
		int any = 0;
		for (size_t i = 0; i < n; i++) {
			const char *kind = "", *q;
			unsigned long total = 0;
			q = iio_results_alternative(res, i, &kind, &total);
			if (strcmp(kind, kinds[k]))
				continue;
			fputs(any ? ", " : "<li>", out);
			if (!any)
				fputs(heads[k], out);
			query_link(out, l, p, q, k == 0, total);
			any = 1;
		}
		if (any)
			fputs("</li>", out);
	}
	fputs("<li>Andere of minder woorden, in het Nederlands: de kennisbank is Nederlandstalig.</li>"
	      "<li>Probeer bijvoorbeeld: ", out);
	for (size_t i = 0; i < sizeof web_examples / sizeof *web_examples; i++) {
		if (i)
			fputs(", ", out);
		query_link(out, l, p, web_examples[i], 1, 0);
	}
	fputs("</li></ul></section>\n", out);
}

void iio_web_results_page(FILE *out, const iio_web_links *l, const iio_web_params *p, const iio_web_request *r,
			  const iio_results *res, iio_results *const *facets, unsigned status, const char *err)
{
	const char *q = r && r->q ? r->q : "";
	char title[300];
	snprintf(title, sizeof title, *q ? "“%.200s” – Zoeken in de kennisbank" : "Zoeken in de kennisbank", q);
	head(out, l, title);
	form(out, l, q);
	if (err) {
		fputs("<p id=\"status\" role=\"status\">", out);
		esc(out, iio_web_error_nl(status, err));
		fputs("</p>\n", out);
		filters(out, l, p, NULL, NULL);
		tail(out);
		return;
	}
	if (!res) {
		fputs("<p>Zoek in de documenten, de instructiefilmpjes die leerlingen voor leerlingen maakten en de cases van "
		      "scholen in de vijf experimenten van InnovatieImpuls Onderwijs.</p>\n",
		      out);
		tail(out);
		return;
	}
	{
		unsigned long total = iio_results_total(res), offset = r->opts.offset, limit = r->opts.limit;
		size_t n = iio_results_count(res);
		const char *sugg = iio_results_suggestion(res);
		fputs("<p id=\"status\" role=\"status\">", out);
		if (iio_results_corrected(res)) {
			fputs("Geen resultaten voor “", out);
			esc(out, q);
			fputs("”; dit zijn de resultaten voor “", out);
			esc(out, sugg);
			fputs("”. ", out);
		}
		if (total == 0) {
			fputs("Niets gevonden voor “", out);
			esc(out, q);
			fputs("”", out);
		}
		else
			fprintf(out, "%s%lu %s", iio_results_total_exact(res) ? "" : "Ongeveer ", total,
				total == 1 ? "resultaat" : "resultaten");
		/* A result may stand for several records (versions, passages):
		 * the facets count those. */
		if (total > 0 && iio_results_records(res) != total)
			fprintf(out, " (%s%lu treffers)", iio_results_records_exact(res) ? "" : "ca. ",
				iio_results_records(res));
		/* Best match: how many hold every word; the rest hold some. */
		if (total > 0 && iio_results_complete(res) == 0)
			fputs(", geen met alle woorden: ze hebben er een deel van", out);
		else if (iio_results_complete(res) < total)
			fprintf(out, ", waarvan %s%lu met alle woorden", iio_results_complete_exact(res) ? "" : "ca. ",
				iio_results_complete(res));
		if (total == 0 && r->filter)
			fputs(" met deze filters: de filters kunnen de reden zijn", out);
		fputs(".</p>\n", out);
		if (sugg && !iio_results_corrected(res)) {
			fputs("<p>Bedoelde je <a href=", out);
			{
				/* the suggestion replaces q, the filters stay */
				char *buf = NULL;
				size_t size = 0;
				FILE *m = open_memstream(&buf, &size);
				if (m) {
					search_link(m, l, p, "q", NULL, "q", sugg, 0);
					fclose(m);
					fputs(buf, out);
					free(buf);
				}
			}
			fputs(">", out);
			esc(out, sugg);
			fputs("</a>?</p>\n", out);
		}
		only_links(out, l, p, res);
		if (total == 0)
			zero_help(out, l, p, res);
		filters(out, l, p, res, facets);
		fprintf(out, "<section aria-labelledby=\"resultaten-kop\"><h2 id=\"resultaten-kop\" class=\"sr\">Resultaten</h2>"
			     "<ol id=\"resultaten\" start=\"%lu\">\n",
			offset + 1);
		for (size_t i = 0; i < n; i++) {
			const iio_hit *h = iio_results_hit(res, i);
			hit_item(out, l, p, offset, h, q, h->nmissing && (i == 0 || !iio_results_hit(res, i - 1)->nmissing), i);
		}
		fputs("</ol>\n<nav id=\"paginering\" aria-label=\"Pagina's\">", out);
		if (offset > 0) {
			fputs("<a rel=\"prev\" href=", out);
			search_link(out, l, p, NULL, NULL, NULL, NULL, offset > limit ? offset - limit : 0);
			fputs(">Vorige</a> ", out);
		}
		/* The total counts results as listed, so its pages are all
		 * there; an estimate's pages only as far as results are known. */
		if (total > limit)
			fprintf(out, "<span>Pagina %lu van %s%lu</span> ", offset / limit + 1,
				iio_results_total_exact(res) ? "" : "ca. ",
				((total < IIO_WEB_MAX_OFFSET ? total : IIO_WEB_MAX_OFFSET) + limit - 1) / limit);
		if (offset + limit < iio_results_total_min(res) && offset + limit <= IIO_WEB_MAX_OFFSET) {
			fputs("<a rel=\"next\" href=", out);
			search_link(out, l, p, NULL, NULL, NULL, NULL, offset + limit);
			fputs(">Volgende</a>", out);
		}
		fputs("</nav></section>\n", out);
	}
	tail(out);
}

/* One field's value as shown: mm:ss for a duration, lists joined. */
static void field_value(FILE *out, const char *name, json_t *v)
{
	if (json_is_integer(v) && !strcmp(name, "duration")) {
		long long s = json_integer_value(v);
		fprintf(out, "%lld:%02lld", s / 60, s % 60);
	} else if (json_is_integer(v)) {
		fprintf(out, "%lld", json_integer_value(v));
	} else if (json_is_string(v)) {
		esc(out, !strcmp(name, "type") ? iio_web_type_nl(json_string_value(v)) : json_string_value(v));
	} else if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			if (i)
				fputs(", ", out);
			field_value(out, name, e);
		}
	}
}

/* The way back: to the results page BACK came from (its search, filters
 * and page), else to the search for Q, else to the empty search. */
static void back_link(FILE *out, const iio_web_links *l, const char *q, const char *back)
{
	fputs("<p class=\"terug\"><a href=\"", out);
	if ((back = back_ok(l, back))) {
		esc(out, back);
	} else {
		esc(out, l->back);
		if (q && *q) {
			fputs("?q=", out);
			esc_encoded(out, q);
		}
	}
	fputs(back || (q && *q) ? "\">← Terug naar de resultaten</a></p>\n" : "\">← Zoeken in de kennisbank</a></p>\n",
	      out);
}

/* The record's fields, labelled in Dutch. */
static void record_fields(FILE *out, const char *type, json_t *fields)
{
	fputs("<dl class=\"velden\"><dt>Soort</dt><dd>", out);
	esc(out, iio_web_type_nl(type));
	fputs("</dd>", out);
	for (size_t i = 0; iio_record_field_key(i); i++) {
		const char *key = iio_record_field_key(i);
		json_t *v = json_object_get(fields, key);
		if (!v || !strcmp(key, "type"))
			continue;
		fprintf(out, "<dt>%s</dt><dd>", iio_field_label(key));
		field_value(out, key, v);
		fputs("</dd>", out);
	}
	fputs("</dl>\n", out);
}

/* TEXT as paragraphs with the words of Q marked. */
static void text_html(FILE *out, iio_index *idx, const char *q, const char *text, size_t len)
{
	char *html = NULL;
	if (text && iio_highlight_html(&html, idx, q, text, len) == IIO_OK) {
		fputs(html, out);
		iio_free(html);
	} else if (text) {
		fputs("<p>", out);
		esc(out, text);
		fputs("</p>\n", out);
	}
}

/* The anchor of passage ID on its document's page: deel-SLUG. */
static void part_anchor(FILE *out, const char *id)
{
	const char *dot = strchr(id, '.');
	fputs("deel-", out);
	esc(out, dot ? dot + 1 : id);
}

/* Where passage text PT starts in the document's text DT, or -1. */
static long part_offset(const char *dt, const char *pt)
{
	size_t n = pt ? strlen(pt) : 0;
	const char *at;
	if (!dt || !n)
		return -1;
	if (n > 48)
		for (n = 48; n > 0 && (pt[n] & 0xC0) == 0x80; n--)
			;
	at = memmem(dt, strlen(dt), pt, n);
	return at ? (long)(at - dt) : -1;
}

/* The contents of a document with passages under HEADING: a link to each
 * passage, in reading order, to its part of this page (ANCHORS) or to its
 * own page; the member SELF marked as the current page. */
static void contents_nav(FILE *out, const iio_web_links *l, const iio_record_view *rec, const char *heading,
			 int anchors, size_t self, const char *q, const char *back)
{
	size_t nm = iio_record_members(rec);
	fputs("<nav class=\"inhoud\" aria-labelledby=\"inhoud-kop\"><h2 id=\"inhoud-kop\">", out);
	fputs(heading, out);
	fputs("</h2><ol>", out);
	for (size_t i = 0; i < nm; i++) {
		const char *mt, *mtitle, *mid = iio_record_member(rec, i, &mt, &mtitle);
		if (!mt || strcmp(mt, "passage"))
			continue;
		fputs("<li><a href=", out);
		if (anchors) {
			fputs("\"#", out);
			part_anchor(out, mid);
			fputc('"', out);
		} else {
			doc_link(out, l, mid, q, back);
		}
		fputs(i == self ? " aria-current=\"page\">" : ">", out);
		esc(out, mtitle);
		fputs("</a></li>", out);
	}
	fputs("</ol></nav>\n", out);
}

/* A document with passages: its contents first, in reading order, then
 * each passage under its heading (the text before the first one, if any,
 * leads in). When the passages do not hold most of the text, the text is
 * shown whole under the contents, which then link to the passages' pages.
 */
static void document_body(FILE *out, const iio_web_links *l, iio_index *idx, const iio_record_view *rec, const char *q,
			  const char *back)
{
	const char *text = iio_record_text(rec);
	size_t nm = iio_record_members(rec), covered = 0, tl = text ? strlen(text) : 0;
	long first = -1;
	int split;
	for (size_t i = 0; i < nm; i++) {
		const char *mt, *pt = iio_record_member_text(rec, i);
		iio_record_member(rec, i, &mt, NULL);
		if (!mt || strcmp(mt, "passage"))
			continue;
		covered += pt ? strlen(pt) : 0;
		if (first < 0)
			first = part_offset(text, pt);
	}
	split = tl && first >= 0 && covered >= tl * 4 / 5;
	contents_nav(out, l, rec, "Inhoud", split, (size_t)-1, q, back);
	fputs("<div class=\"tekst\">\n", out);
	if (!split) {
		text_html(out, idx, q, text, tl);
		fputs("</div>\n", out);
		return;
	}
	if (first > 0 && strspn(text, " \n\t") < (size_t)first)
		text_html(out, idx, q, text, (size_t)first);
	for (size_t i = 0; i < nm; i++) {
		const char *mt, *mtitle, *mid = iio_record_member(rec, i, &mt, &mtitle);
		const char *pt = iio_record_member_text(rec, i);
		if (!mt || strcmp(mt, "passage"))
			continue;
		fputs("<section class=\"deel\" id=\"", out);
		part_anchor(out, mid);
		fputs("\"><h2>", out);
		esc(out, mtitle);
		fputs("</h2>\n", out);
		text_html(out, idx, q, pt, pt ? strlen(pt) : 0);
		fputs("</section>\n", out);
	}
	fputs("</div>\n", out);
}

/* A passage's neighbours and the contents of its document (SELF: its
 * place among the members). */
static void passage_nav(FILE *out, const iio_web_links *l, const iio_record_view *rec, size_t self, const char *q,
			const char *back)
{
	size_t nm = iio_record_members(rec);
	if (self < nm) {
		fputs("<nav class=\"buren\" aria-label=\"Fragmenten\">", out);
		for (int d = -1; d <= 1; d += 2) {
			size_t k = self + (size_t)d;
			const char *mt, *mtitle, *mid;
			if ((d < 0 && self == 0) || k >= nm)
				continue;
			mid = iio_record_member(rec, k, &mt, &mtitle);
			if (!mt || strcmp(mt, "passage"))
				continue;
			fprintf(out, "<a rel=\"%s\" href=", d < 0 ? "prev" : "next");
			doc_link(out, l, mid, q, back);
			fputs(d < 0 ? ">← Vorig fragment: " : ">Volgend fragment: ", out);
			esc(out, mtitle);
			fputs(d < 0 ? "</a> " : " →</a>", out);
		}
		fputs("</nav>\n", out);
	}
	contents_nav(out, l, rec, "Inhoud van het document", 0, self, q, back);
}

/* One version as it differs from the others: its variant (the title's
 * parenthesised end), leerweg or groep with leerjaar, school, year, and
 * with WHICH > 0 the place, with WHICH > 1 the id too. A string to free. */
static char *version_label(const iio_record_view *rec, size_t i, int which)
{
	const char *mid, *mtitle, *open;
	char *fj = NULL, *buf = NULL;
	size_t size = 0;
	json_t *f = NULL;
	FILE *m = open_memstream(&buf, &size);
	if (!m)
		return NULL;
	mid = iio_record_member(rec, i, NULL, &mtitle);
	if (!iio_record_member_fields_json(&fj, rec, i))
		f = json_loads(fj, 0, NULL);
	iio_free(fj);
	open = mtitle ? strrchr(mtitle, '(') : NULL;
	if (open && mtitle[strlen(mtitle) - 1] == ')')
		fprintf(m, "%.*s", (int)(strlen(open) - 2), open + 1);
	else
		fputs(mtitle ? mtitle : "", m);
	{
		const char *stream = json_string_value(json_object_get(f, "stream"));
		json_t *grade = json_object_get(f, "grade");
		if (stream && !strncmp(stream, "groep-", 6))
			fprintf(m, " · groep %s", stream + 6);
		else if (stream)
			fprintf(m, " · %s", stream);
		if (json_is_integer(grade))
			fprintf(m, "%sleerjaar %lld", stream ? ", " : " · ", json_integer_value(grade));
		else if (json_is_string(grade))
			fprintf(m, "%sleerjaar %s", stream ? ", " : " · ", json_string_value(grade));
	}
	for (const char *const *k = (const char *const[]){"school", "year", "place", NULL}; *k; k++) {
		json_t *v = json_object_get(f, *k);
		if (!strcmp(*k, "place") && which < 1)
			break;
		if (json_is_string(v))
			fprintf(m, " · %s", json_string_value(v));
		else if (json_is_integer(v))
			fprintf(m, " · %lld", json_integer_value(v));
	}
	if (which > 1)
		fprintf(m, " · %s", mid ? mid : "");
	json_decref(f);
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

typedef struct version {
	size_t member;
	char *label;
} version;

static int by_label(const void *a, const void *b)
{
	const version *x = a, *y = b;
	int c = strcmp(x->label ? x->label : "", y->label ? y->label : "");
	return c ? c : (x->member > y->member) - (x->member < y->member);
}

/* Every version of the group, this one (SELF) marked, each saying what
 * sets it apart; no two alike (the place, else the id, is added where
 * they would be). */
static void versions(FILE *out, const iio_web_links *l, const iio_record_view *rec, size_t self, const char *type,
		     const char *q, const char *back)
{
	size_t nm = iio_record_members(rec), n = nm < 60 ? nm : 60;
	version *v = calloc(n, sizeof *v);
	if (!v)
		return;
	for (int which = 0; which < 3; which++) {
		int alike = 0;
		for (size_t i = 0; i < n; i++) {
			free(v[i].label);
			v[i].member = i;
			v[i].label = version_label(rec, i, which);
		}
		for (size_t i = 0; i < n && !alike; i++)
			for (size_t j = i + 1; j < n && !alike; j++)
				alike = v[i].label && v[j].label && !strcmp(v[i].label, v[j].label);
		if (!alike)
			break;
	}
	qsort(v, n, sizeof *v, by_label);
	fprintf(out, "<section aria-labelledby=\"versies-kop\"><h2 id=\"versies-kop\">%s (%zu)</h2><ul class=\"versies\">",
		type && !strcmp(type, "video") ? "Versies van deze video" : "Versies", n);
	for (size_t i = 0; i < n; i++) {
		const char *mid = iio_record_member(rec, v[i].member, NULL, NULL);
		fputs("<li><a href=", out);
		doc_link(out, l, mid, q, back);
		fputs(v[i].member == self ? " aria-current=\"page\">" : ">", out);
		esc(out, v[i].label);
		fputs(v[i].member == self ? "</a> <span class=\"deze\">(deze versie)</span></li>" : "</a></li>", out);
		free(v[i].label);
	}
	fputs("</ul></section>\n", out);
	free(v);
}

/* Is ID one of REC's members (listed on its page already)? */
static int is_member(const iio_record_view *rec, const char *id)
{
	for (size_t i = 0; i < iio_record_members(rec); i++)
		if (!strcmp(iio_record_member(rec, i, NULL, NULL), id))
			return 1;
	return 0;
}

/* Up to five records like REC, none of those its page lists already (its
 * versions, its document's passages). */
static void similar(FILE *out, const iio_web_links *l, iio_index *idx, const iio_record_view *rec, const char *back)
{
	iio_search_options o;
	iio_results *sim = NULL;
	size_t nm = iio_record_members(rec), shown = 0;
	iio_search_options_init(&o);
	o.limit = 5 + (unsigned)(nm < 40 ? nm : 40);
	if (iio_similar(&sim, idx, iio_record_id(rec), &o) == IIO_OK && iio_results_count(sim) > 0) {
		for (size_t i = 0; i < iio_results_count(sim) && shown < 5; i++) {
			const iio_hit *h = iio_results_hit(sim, i);
			if (is_member(rec, h->id))
				continue;
			if (!shown++)
				fputs("<section aria-labelledby=\"meer-kop\"><h2 id=\"meer-kop\">Meer zoals dit</h2><ul class=\"zoals\">",
				      out);
			fputs("<li>", out);
			titled_link(out, l, h->id, h->title, h->type, NULL, back);
			fputs("</li>", out);
		}
		if (shown)
			fputs("</ul></section>\n", out);
	}
	iio_results_free(sim);
}

void iio_web_record_page(FILE *out, const iio_web_links *l, iio_index *idx, const iio_record_view *rec, const char *q,
			 const char *back)
{
	const char *id = iio_record_id(rec), *type = iio_record_type(rec), *title = iio_record_title(rec);
	const char *url = iio_record_url(rec), *text = iio_record_text(rec);
	char *fj = NULL, ptitle[300];
	json_t *fields = NULL;
	size_t nm = iio_record_members(rec), self = nm;
	int is_doc = type && !strcmp(type, "document"), is_passage = type && !strcmp(type, "passage");

	snprintf(ptitle, sizeof ptitle, "%.200s – Kennisbank InnovatieImpuls Onderwijs", title ? title : "");
	head(out, l, ptitle);
	back_link(out, l, q, back);
	fputs("<article><h1>", out);
	esc(out, title);
	fputs(" <span class=\"badge\">", out);
	esc(out, iio_web_type_nl(type));
	fputs("</span></h1>\n", out);
	if (!iio_record_fields_json(&fj, rec))
		fields = json_loads(fj, 0, NULL);
	iio_free(fj);
	record_fields(out, type, fields);
	json_decref(fields);
	if (http_url(url)) {
		fputs("<p><a class=\"bron-link\" href=\"", out);
		esc(out, url);
		fprintf(out, "\" rel=\"noopener\">%s</a></p>\n", type && !strcmp(type, "video") ? "Bekijk de video" : "Naar de bron");
	}
	for (size_t i = 0; i < nm; i++)
		if (!strcmp(iio_record_member(rec, i, NULL, NULL), id))
			self = i;
	if (is_passage && nm) {
		const char *mt, *mtitle, *mid = iio_record_member(rec, 0, &mt, &mtitle);
		if (mt && !strcmp(mt, "document")) {
			fputs("<p class=\"uit\">Uit het document <a href=", out);
			doc_link(out, l, mid, q, back);
			fputs(">", out);
			esc(out, mtitle);
			fputs("</a></p>\n", out);
		}
	}
	if (is_doc && nm > 1) {
		document_body(out, l, idx, rec, q, back);
	} else {
		fputs("<div class=\"tekst\">\n", out);
		text_html(out, idx, q, text, text ? strlen(text) : 0);
		fputs("</div>\n", out);
	}
	/* The library bounds what one record answer carries (IIO_MAX_RECORD_TEXT). */
	if (iio_record_text_truncated(rec))
		fprintf(out, "<p class=\"ingekort\">De tekst is ingekort: hier staat het begin (%zu kB) van %zu kB tekst.</p>\n",
			text ? (strlen(text) + 1023) / 1024 : 0, (iio_record_text_length(rec) + 1023) / 1024);
	if (is_passage && nm > 1)
		passage_nav(out, l, rec, self, q, back);
	else if (!is_doc && nm > 1)
		versions(out, l, rec, self, type, q, back);
	similar(out, l, idx, rec, back);
	fputs("</article>\n", out);
	tail(out);
}

void iio_web_error_page(FILE *out, const iio_web_links *l, unsigned status, const char *message)
{
	head(out, l, "Niet gevonden – Kennisbank InnovatieImpuls Onderwijs");
	fputs("<p class=\"terug\"><a href=\"", out);
	esc(out, l->back);
	fputs("\">← Zoeken in de kennisbank</a></p>\n<h1>", out);
	fputs(status == 404 || status == 400 ? "Niet gevonden" : "Even niet beschikbaar", out);
	fputs("</h1>\n<p>", out);
	esc(out, iio_web_error_nl(status, message));
	fputs("</p>\n", out);
	tail(out);
}
