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

/* Labels of the fields on a record page, in the order shown. */
static const struct {
	const char *field, *label;
} labels_nl[] = {
	{"type", "Soort"},       {"subject", "Vak"},          {"level", "Niveau"},        {"stream", "Leerweg"},
	{"grade", "Leerjaar"},   {"duration", "Duur"},        {"experiment", "Experiment"}, {"school", "School"},
	{"place", "Plaats"},     {"year", "Jaar"},            {"year_end", "Tot"},        {"role", "Rol"},
	{"makers", "Gemaakt door"}, {"supervisor", "Begeleiding"}, {"keywords", "Trefwoorden"}, {"licence", "Licentie"},
	{"page", "Pagina"},      {"date", "Datum"},           {"author", "Auteur"},
};

const char *iio_web_label_nl(const char *field)
{
	for (size_t i = 0; i < sizeof labels_nl / sizeof *labels_nl; i++)
		if (!strcmp(labels_nl[i].field, field))
			return labels_nl[i].label;
	return NULL;
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
	if (strstr(m, "parameter"))
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

void iio_web_facets_open(iio_index *idx, const iio_web_params *p, iio_results **facets, size_t nfields)
{
	for (size_t f = 0; f < nfields; f++)
		facets[f] = NULL;
	for (size_t f = 0; iio_field_name(f) && f < nfields; f++) {
		iio_web_params without = {.n = 0};
		iio_web_request r;
		int had = 0;
		if (!iio_field_is_filter(f))
			continue;
		for (size_t k = 0; k < p->n; k++) {
			if (names_field(p->names[k], f)) {
				had |= *p->values[k] != '\0';
				continue;
			}
			without.names[without.n] = p->names[k];
			without.values[without.n++] = p->values[k];
		}
		if (!had)
			continue;
		if (!iio_web_parse(&r, &without)) {
			r.opts.offset = 0;
			r.opts.limit = 1;
			r.opts.facets = 1;
			r.opts.no_group = 1; /* only its facets are read: no groups to count */
			if (iio_search(&facets[f], idx, r.q, &r.opts) != IIO_OK)
				facets[f] = NULL;
		}
		iio_web_request_clear(&r);
	}
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
	fputs("\"></head><body>\n<main id=\"iio-zoeken\" class=\"zonder-js\">\n", out);
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

/* The link to record ID, with the query Q to mark its words. */
static void doc_link(FILE *out, const iio_web_links *l, const char *id, const char *q)
{
	fputc('"', out);
	if (l->doc_prefix) {
		esc(out, l->doc_prefix);
		esc_encoded(out, id); /* the id as a path segment */
	} else {
		esc(out, l->search);
		fputs("?id=", out);
		esc_encoded(out, id);
	}
	if (q && *q) {
		fputs(l->doc_prefix ? "?q=" : "&amp;q=", out);
		esc_encoded(out, q);
	}
	fputc('"', out);
}

/* A link to the results page for the parameters of P, changed: without
 * parameter DROP_NAME=DROP_VALUE (DROP_VALUE NULL: every value of it),
 * with ADD_NAME=ADD_VALUE, and the page at OFFSET (0: the first). Written
 * quoted and escaped for an attribute. */
static void search_link(FILE *out, const iio_web_links *l, const iio_web_params *p, const char *drop_name,
			const char *drop_value, const char *add_name, const char *add_value, unsigned long offset)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&buf, &size);
	int first = 1;
	if (!m)
		return;
	for (size_t i = 0; p && i < p->n; i++) {
		if (!strcmp(p->names[i], "offset") || !strcmp(p->names[i], "id") || !*p->values[i])
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
	fclose(m);
	fputc('"', out);
	esc(out, l->search);
	esc(out, buf);
	fputc('"', out);
	free(buf);
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

/* Is filter FIELD=VALUE among the request's parameters (English or Dutch name)? */
static int chosen(const iio_web_params *p, size_t field, const char *value)
{
	for (size_t k = 0; p && k < p->n; k++)
		if (names_field(p->names[k], field) && !strcmp(p->values[k], value))
			return 1;
	return 0;
}

static void field_label(FILE *out, size_t f)
{
	const char *nl = iio_web_label_nl(iio_field_name(f));
	esc(out, nl ? nl : iio_field_dutch(f));
}

static void value_label(FILE *out, size_t f, const char *v)
{
	esc(out, !strcmp(iio_field_name(f), "type") ? iio_web_type_nl(v) : v);
}

/* The chosen filters as chips that remove themselves, and the facets as
 * links that add a value (several values of one field: any of them). */
static void filters(FILE *out, const iio_web_links *l, const iio_web_params *p, const iio_results *res,
		    iio_results *const *facets)
{
	int any = 0;
	for (size_t f = 0; iio_field_name(f); f++)
		for (size_t k = 0; iio_field_is_filter(f) && p && k < p->n; k++)
			if (names_field(p->names[k], f) && *p->values[k]) {
				if (!any)
					fputs("<ul class=\"chips\" aria-label=\"Gekozen filters\">", out);
				any = 1;
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
	if (!res)
		return;
	fputs("<aside id=\"filters\" aria-label=\"Filters\">\n", out);
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
			fprintf(out, " (%lu)</a></li>", count);
		}
		fputs("</ul></fieldset>\n", out);
	}
	fputs("</aside>\n", out);
}

/* A record's title linking to its page, then its type as a badge. */
static void titled_link(FILE *out, const iio_web_links *l, const char *id, const char *title, const char *type,
			const char *q)
{
	fputs("<a href=", out);
	doc_link(out, l, id, q);
	fputs(">", out);
	esc(out, title);
	fputs("</a> <span class=\"badge\">", out);
	esc(out, iio_web_type_nl(type));
	fputs("</span>", out);
}

/* DIVIDE: H is the first result lacking a word (best match), after I
 * results holding every word (AT): a line says where they begin. */
static void hit_item(FILE *out, const iio_web_links *l, const iio_hit *h, const char *q, int divide, size_t at)
{
	json_t *fields = h->fields_json ? json_loads(h->fields_json, 0, NULL) : NULL;
	const char *bits[4];
	size_t nb = 0;
	if (divide)
		fprintf(out, "<li class=\"deels-begin\"><p class=\"deel-kop\">%s</p><h2>",
			at ? "Hieronder resultaten met een deel van de woorden" : "Deze resultaten hebben een deel van de woorden");
	else
		fputs("<li><h2>", out);
	titled_link(out, l, h->id, h->title, h->type, q);
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
			doc_link(out, l, h->passages[i].id, q);
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
		if (total == 0)
			zero_help(out, l, p, res);
		filters(out, l, p, res, facets);
		fprintf(out, "<section aria-labelledby=\"resultaten-kop\"><h2 id=\"resultaten-kop\" class=\"sr\">Resultaten</h2>"
			     "<ol id=\"resultaten\" start=\"%lu\">\n",
			offset + 1);
		for (size_t i = 0; i < n; i++) {
			const iio_hit *h = iio_results_hit(res, i);
			hit_item(out, l, h, q, h->nmissing && (i == 0 || !iio_results_hit(res, i - 1)->nmissing), i);
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

void iio_web_record_page(FILE *out, const iio_web_links *l, iio_index *idx, const iio_record_view *rec, const char *q)
{
	const char *id = iio_record_id(rec), *type = iio_record_type(rec), *title = iio_record_title(rec);
	const char *url = iio_record_url(rec), *text = iio_record_text(rec);
	char *fj = NULL, ptitle[300];
	json_t *fields = NULL;
	size_t nm = iio_record_members(rec), self = nm;

	snprintf(ptitle, sizeof ptitle, "%.200s – Kennisbank InnovatieImpuls Onderwijs", title ? title : "");
	head(out, l, ptitle);
	fputs("<p class=\"terug\"><a href=\"", out);
	esc(out, l->back);
	if (q && *q) {
		fputs("?q=", out);
		esc_encoded(out, q);
	}
	fputs(q && *q ? "\">← Terug naar de resultaten</a></p>\n" : "\">← Zoeken in de kennisbank</a></p>\n", out);
	fputs("<article><h1>", out);
	esc(out, title);
	fputs(" <span class=\"badge\">", out);
	esc(out, iio_web_type_nl(type));
	fputs("</span></h1>\n", out);

	if (!iio_record_fields_json(&fj, rec))
		fields = json_loads(fj, 0, NULL);
	iio_free(fj);
	fputs("<dl class=\"velden\">", out);
	fputs("<dt>Soort</dt><dd>", out);
	esc(out, iio_web_type_nl(type));
	fputs("</dd>", out);
	for (size_t i = 0; i < sizeof labels_nl / sizeof *labels_nl; i++) {
		json_t *v = json_object_get(fields, labels_nl[i].field);
		if (!v || !strcmp(labels_nl[i].field, "type"))
			continue;
		fprintf(out, "<dt>%s</dt><dd>", labels_nl[i].label);
		field_value(out, labels_nl[i].field, v);
		fputs("</dd>", out);
	}
	fputs("</dl>\n", out);
	if (http_url(url)) {
		fputs("<p><a class=\"bron-link\" href=\"", out);
		esc(out, url);
		fprintf(out, "\" rel=\"noopener\">%s</a></p>\n", type && !strcmp(type, "video") ? "Bekijk de video" : "Naar de bron");
	}
	for (size_t i = 0; i < nm; i++)
		if (!strcmp(iio_record_member(rec, i, NULL, NULL), id))
			self = i;
	if (type && !strcmp(type, "passage") && nm) {
		const char *mt, *mtitle, *mid = iio_record_member(rec, 0, &mt, &mtitle);
		if (mt && !strcmp(mt, "document")) {
			fputs("<p class=\"uit\">Uit het document <a href=", out);
			doc_link(out, l, mid, q);
			fputs(">", out);
			esc(out, mtitle);
			fputs("</a></p>\n", out);
		}
	}
	fputs("<div class=\"tekst\">\n", out);
	/* The text paragraph by paragraph, the query's words marked. */
	{
		char *html = NULL;
		if (text && iio_highlight_html(&html, idx, q, text, strlen(text)) == IIO_OK) {
			fputs(html, out);
			iio_free(html);
		} else if (text) {
			fputs("<p>", out);
			esc(out, text);
			fputs("</p>\n", out);
		}
	}
	fputs("</div>\n", out);
	if (nm > 1 && type && (!strcmp(type, "document") || !strcmp(type, "passage"))) {
		if (!strcmp(type, "passage") && self < nm) {
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
				doc_link(out, l, mid, q);
				fputs(d < 0 ? ">← Vorig fragment: " : ">Volgend fragment: ", out);
				esc(out, mtitle);
				fputs(d < 0 ? "</a> " : " →</a>", out);
			}
			fputs("</nav>\n", out);
		}
		fputs("<nav class=\"inhoud\" aria-labelledby=\"inhoud-kop\"><h2 id=\"inhoud-kop\">Inhoud van het document</h2><ol>", out);
		for (size_t i = 0; i < nm; i++) {
			const char *mt, *mtitle, *mid = iio_record_member(rec, i, &mt, &mtitle);
			if (!mt || strcmp(mt, "passage"))
				continue;
			fputs("<li><a href=", out);
			doc_link(out, l, mid, q);
			fputs(i == self ? " aria-current=\"page\">" : ">", out);
			esc(out, mtitle);
			fputs("</a></li>", out);
		}
		fputs("</ol></nav>\n", out);
	} else if (nm > 1) {
		fputs("<section aria-labelledby=\"versies-kop\"><h2 id=\"versies-kop\">Andere versies</h2><ul>", out);
		for (size_t i = 0; i < nm && i < 30; i++) {
			const char *mt, *mtitle, *mid = iio_record_member(rec, i, &mt, &mtitle);
			if (i == self)
				continue;
			fputs("<li><a href=", out);
			doc_link(out, l, mid, q);
			fputs(">", out);
			esc(out, mtitle);
			fputs("</a></li>", out);
		}
		fputs("</ul></section>\n", out);
	}
	{
		iio_search_options o;
		iio_results *sim = NULL;
		iio_search_options_init(&o);
		o.limit = 5;
		if (iio_similar(&sim, idx, id, &o) == IIO_OK && iio_results_count(sim)) {
			fputs("<section aria-labelledby=\"meer-kop\"><h2 id=\"meer-kop\">Meer zoals dit</h2><ul class=\"zoals\">", out);
			for (size_t i = 0; i < iio_results_count(sim); i++) {
				const iio_hit *h = iio_results_hit(sim, i);
				fputs("<li>", out);
				titled_link(out, l, h->id, h->title, h->type, NULL);
				fputs("</li>", out);
			}
			fputs("</ul></section>\n", out);
		}
		iio_results_free(sim);
	}
	fputs("</article>\n", out);
	json_decref(fields);
	tail(out);
}

void iio_web_error_page(FILE *out, const iio_web_links *l, unsigned status, const char *message)
{
	head(out, l, "Niet gevonden – Kennisbank InnovatieImpuls Onderwijs");
	fputs("<p class=\"terug\"><a href=\"", out);
	esc(out, l->back);
	fputs("\">← Zoeken in de kennisbank</a></p>\n<h1>", out);
	fputs(status == 404 ? "Niet gevonden" : "Even niet beschikbaar", out);
	fputs("</h1>\n<p>", out);
	esc(out, iio_web_error_nl(status, message));
	fputs("</p>\n", out);
	tail(out);
}
