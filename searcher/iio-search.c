/* iio-search - search the IIO knowledge base from the shell.
 *
 * A thin front end: everything it does is an iio_* call of the public
 * library (iio.h), the same calls the HTTP server and CGI program make.
 * Exit status like grep: 0 results, 1 none, 2 error.
 */
#define _POSIX_C_SOURCE 200809L
#include "crash.h"
#include "iio.h"

#include <errno.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../indexer/paths.h"
#define IIO_DEFAULT_INDEX (iio_default_paths()->index)

enum { EXIT_FOUND = 0, EXIT_NONE = 1, EXIT_ERROR = 2 };

/* The fields from the library's table, each as PRE NAME (or its Dutch
 * name), filters only when FILTERS. */
static void print_fields(FILE *f, int filters, int dutch, const char *pre)
{
	for (size_t i = 0, n = 0; iio_field_name(i); i++) {
		const char *name = dutch ? iio_field_dutch(i) : iio_field_name(i);
		if ((filters && !iio_field_is_filter(i)) || (dutch && !strcmp(name, iio_field_name(i)) && filters))
			continue;
		fprintf(f, "%s%s%s", n++ ? " " : "", pre, name);
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: iio-search [OPTIONS] QUERY...\n"
		"       iio-search --show ID [--json]\n"
		"       iio-search --analyze [--json] TEXT|-\n"
		"       iio-search --suggest [--json] PREFIX\n"
		"Search the InnovatieImpuls Onderwijs knowledge base.\n\n"
		"Options end at the first query word (or at --), so 'iio-search leraar -docent'\n"
		"searches for leraar without docent.\n\n"
		"  --index DIR        index to search (default: $IIO_INDEX, else\n"
		"                     %s)\n"
		"  -n, --limit N      show N results (default 10, at most %d)\n"
		"  --offset K         skip the first K results\n"
		"  --json             print one JSON object instead of text\n"
		"  --facets           count results per field with a value (below)\n"
		"  --FIELD VALUE      filter the results (a year: Y or Y1..Y2); FIELD is one of\n"
		"                     ",
		IIO_DEFAULT_INDEX, IIO_MAX_LIMIT);
	print_fields(f, 1, 0, "--");
	fprintf(f, "\n                     or in Dutch: ");
	print_fields(f, 1, 1, "--");
	fprintf(f, "\n"
		"  --sort relevance|date  order (default relevance; date: newest first)\n"
		"  --strict           report malformed query syntax instead of reading it leniently\n"
		"  --all-words        list only records holding every word (default: best match)\n"
		"  --no-group         list every record (default: near-identical records as one\n"
		"                     result, passages under their document)\n"
		"  --no-interpret     read every word as a word (default: words naming a field\n"
		"                     value - groep 7, havo, filmpje, friesland - put records\n"
		"                     holding it first among those holding the other words)\n"
		"  --exact-total      count every match instead of estimating the total\n"
		"  --show ID          print one record with its full text\n"
		"  --similar ID       records like the one with ID\n"
		"  --explain          per result, the terms it matched and what each earned\n"
		"                     (Xapian's weights; the order is then decided by the words\n"
		"                     held - among the best 100 matches lacking a word - compound\n"
		"                     parts read apart weigh half, documents half)\n"
		"  --suggest PREFIX   completions of PREFIX (titles and words), for as-you-type\n"
		"  --batch FILE       run every line of FILE (- for standard input) as a query in\n"
		"                     this one process; print a JSON line each with the result\n"
		"                     count and took_us (for benchmarks)\n"
		"  --no-snippets      leave the snippets out (faster)\n"
		"  --analyze TEXT|-   show what the analyzer makes of TEXT (or standard input):\n"
		"                     per token its form, offsets, normalized form, stem,\n"
		"                     stopword flag and compound parts\n"
		"  --help, --version\n\n"
		"Query: best match: records holding every word first, then records holding\n"
		"most of them, each with the words it lacks (Missing:); +word requires a\n"
		"word; \"a phrase\" in quotes; -word or NOT word\n"
		"excludes; a OR b; (grouping); innovat*; field:value (jaar:2012..2014), the\n"
		"field one of: ");
	print_fields(f, 0, 1, "");
	fprintf(f, "\n(or the English names).\n"
		"The total counts the results as listed (a group of versions, or a document\n"
		"with its passages, is one), so --offset and --limit page over it; the records\n"
		"they stand for follow in brackets. Exit status 0 when any is listed.\n\n"
		"Exit status: 0 results found, 1 none found, 2 error.\n");
}

/* Parse a non-negative decimal number; -1 when ARG is not one. */
static long parse_count(const char *arg)
{
	char *end;
	long v;
	if (!arg || !*arg || *arg == '-')
		return -1;
	v = strtol(arg, &end, 10);
	return *end ? -1 : v;
}

/* Is NAME a field the command line filters on (English or Dutch)? The
 * library checks it again; this only decides what is an option. */
static int filter_field(const char *name)
{
	for (size_t i = 0; iio_field_name(i); i++)
		if (iio_field_is_filter(i) && (!strcmp(name, iio_field_name(i)) || !strcmp(name, iio_field_dutch(i))))
			return 1;
	return 0;
}

static int fail(const char *msg)
{
	fprintf(stderr, "iio-search: %s\n", msg);
	return EXIT_ERROR;
}

static int open_index(iio_index **idx, const char *path)
{
	iio_status st;
	iio_crash_guard("iio-search", path, NULL, 0);
	st = iio_index_open_with(idx, path, getenv("IIO_LEXICON"));
	if (st == IIO_OK)
		return 0;
	if (!*idx)
		fprintf(stderr, "iio-search: %s\n", iio_strerror(st));
	else if (st == IIO_ERR_NO_INDEX)
		fprintf(stderr, "iio-search: %s; build one with 'make index' or 'iio-index --corpus DIR --index %s'\n",
			iio_index_error(*idx), path);
	else
		fprintf(stderr, "iio-search: %s\n", iio_index_error(*idx));
	iio_index_close(*idx);
	*idx = NULL;
	return -1;
}

/* S[0..n) to standard output as it reads, never as what a terminal obeys:
 * a record's text is data, and an ESC or another control character of it
 * would move the cursor, clear the screen or retitle the window. Control
 * characters (C0, DEL and the C1 range U+0080-U+009F, which some terminals
 * take as ESC [) are written visibly as \x1b or \u009b; with LAYOUT, tab
 * and newline are kept (the lines of --show). */
static void put_span(const char *s, size_t n, int layout)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(layout && (c == '\n' || c == '\t'))) || c == 0x7f) {
			printf("\\x%02x", c);
		} else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f) {
			printf("\\u%04x", (unsigned char)s[++i]);
		} else {
			putchar(c);
		}
	}
}

/* S (may be NULL) as put_span writes it, on one line. */
static void put_safe(const char *s)
{
	if (s)
		put_span(s, strlen(s), 0);
}

/* JSON text and a newline to standard output. JSON escapes C0 controls
 * (\u001b) but lets U+0080-U+009F through as they are, and some terminals
 * take U+009B for ESC [: those are written \u009b too (they occur only
 * inside strings, so the JSON means the same). */
static void put_json(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f)
			printf("\\u%04x", (unsigned char)*++s);
		else
			putchar(*s);
	}
	putchar('\n');
}

/* Print TEXT with the marked spans in bold when BOLD is set. */
static void print_marked(const char *text, const size_t *marks, size_t nmarks, int bold)
{
	size_t at = 0, len = strlen(text);
	for (size_t m = 0; m < nmarks && marks[2 * m] >= at && marks[2 * m + 1] <= len; m++) {
		put_span(text + at, marks[2 * m] - at, 0);
		if (bold)
			fputs("\033[1m", stdout);
		put_span(text + marks[2 * m], marks[2 * m + 1] - marks[2 * m], 0);
		if (bold)
			fputs("\033[0m", stdout);
		at = marks[2 * m + 1];
	}
	put_span(text + at, len - at, 0);
}

static const char *json_field(const char *p, const char *key, char *out, size_t cap);

/* Field values the query's words were read as: "Interpreted: groep 7 as
 * stream groep-7; havo as stream havo". */
static void print_interpreted(const iio_results *res)
{
	size_t n = iio_results_interpreted_count(res);
	for (size_t i = 0; i < n; i++) {
		const char *field = NULL, *words = NULL, *value = iio_results_interpreted(res, i, &field, &words);
		printf(i ? "; " : "Interpreted: ");
		put_safe(words);
		printf(" as %s ", field);
		put_safe(value);
	}
	if (n)
		printf(" (--no-interpret: every word as a word)\n\n");
}

static void print_text(const iio_results *res, const char *query, int bold)
{
	size_t i, n = iio_results_count(res);
	unsigned long total = iio_results_total(res);
	/* Everything from the index or the query goes through put_safe. */
	if (iio_results_corrected(res) || iio_results_suggestion(res)) {
		if (iio_results_corrected(res)) {
			printf("No results for \"");
			put_safe(query);
			printf("\"; showing results for \"");
		} else {
			printf("Did you mean: ");
		}
		put_safe(iio_results_suggestion(res));
		printf(iio_results_corrected(res) ? "\".\n\n" : "?\n\n");
	}
	print_interpreted(res);
	for (i = 0; i < n; i++) {
		const iio_hit *h = iio_results_hit(res, i);
		/* Best match: where the results lacking a word begin. */
		if (h->nmissing && (i == 0 || !iio_results_hit(res, i - 1)->nmissing))
			printf("-- %s lack some of the words --\n\n", i ? "The results below" : "These results");
		printf("%lu. %s", h->rank, bold ? "\033[1m" : "");
		put_safe(h->title);
		printf("%s  [", bold ? "\033[0m" : "");
		put_safe(h->type);
		printf("]\n   ");
		put_safe(h->source);
		{
			/* A passage of a PDF: the page it starts on. */
			char page[16];
			json_field(h->fields_json ? h->fields_json : "", "page", page, sizeof page);
			if (*page) {
				printf(", page ");
				put_safe(page);
			}
		}
		if (h->url) {
			printf("  ");
			put_safe(h->url);
		}
		printf("\n   ");
		print_marked(h->snippet, h->marks, h->nmarks, bold);
		printf("\n");
		for (size_t p = 0; p < h->npassages; p++) {
			printf("   > ");
			put_safe(h->passages[p].title);
			printf("\n     ");
			print_marked(h->passages[p].snippet, h->passages[p].marks, h->passages[p].nmarks, bold);
			printf("\n");
		}
		if (h->more)
			printf("   + %lu more like this\n", h->more);
		if (h->nmissing) {
			printf("   Missing:");
			for (size_t m = 0; m < h->nmissing; m++) {
				printf(" ");
				put_safe(h->missing[m]);
				printf("%s", m + 1 < h->nmissing ? "," : "");
			}
			printf("\n");
		}
		if (h->explain_json) {
			const char *p = h->explain_json;
			printf("   matched:");
			while ((p = strstr(p, "{\"term\":"))) {
				char term[256], match[32], field[32], weight[32];
				p = json_field(p, "term", term, sizeof term);
				p = json_field(p, "match", match, sizeof match);
				p = json_field(p, "field", field, sizeof field);
				p = json_field(p, "weight", weight, sizeof weight);
				printf(" ");
				put_safe(term);
				printf(" (%s%s%s) %s;", match, strcmp(field, "text") ? ", " : "", strcmp(field, "text") ? field : "",
				       weight);
			}
			printf("\n");
		}
		printf("\n");
	}
	if (n > 0) {
		/* The total counts results as listed (a group is one); the
		 * records they stand for when that is more. */
		const iio_hit *first = iio_results_hit(res, 0);
		unsigned long records = iio_results_records(res);
		printf("Results %lu-%lu of %s%lu", first->rank, first->rank + n - 1,
		       iio_results_total_exact(res) ? "" : "about ", total);
		if (records != total)
			printf(" (%s%lu records)", iio_results_records_exact(res) ? "" : "about ", records);
		if (iio_results_complete(res) < total)
			printf(", %s%lu holding every word", iio_results_complete_exact(res) ? "" : "about ",
			       iio_results_complete(res));
		printf(" (%.2f ms)\n", iio_results_took_ms(res));
	} else if (total > 0) {
		printf("No results on this page; there are %s%lu in all.\n", iio_results_total_exact(res) ? "" : "about ",
		       total);
	}
	for (size_t f = 0; iio_field_name(f); f++) {
		const char *name = iio_field_name(f);
		size_t nv = iio_field_is_filter(f) ? iio_results_facet_count(res, name) : 0;
		for (i = 0; i < nv && i < 10; i++) {
			unsigned long count;
			const char *v = iio_results_facet_value(res, name, i, &count);
			printf("%s", i ? ", " : "");
			put_safe(v);
			printf(" (%lu)", count);
		}
		if (nv)
			printf("%s  <- %s\n", nv > 10 ? ", ..." : "", name);
	}
}

/* The value of "KEY":"..." or "KEY":number at or after P, copied into OUT
 * (JSON escapes of quotes and backslashes undone); the end of the value. */
static const char *json_field(const char *p, const char *key, char *out, size_t cap)
{
	char pat[32];
	const char *v;
	size_t o = 0;
	snprintf(pat, sizeof pat, "\"%s\":", key);
	v = strstr(p, pat);
	if (!v) {
		out[0] = '\0';
		return p;
	}
	v += strlen(pat);
	if (*v == '"') {
		for (v++; *v && *v != '"'; v++) {
			if (*v == '\\' && v[1])
				v++;
			if (o + 1 < cap)
				out[o++] = *v;
		}
		v++;
	} else {
		while (*v && *v != ',' && *v != '}' && o + 1 < cap)
			out[o++] = *v++;
	}
	out[o] = '\0';
	return v;
}

/* Print the analysis JSON as a table: text, offsets, norm, stem, flags, parts. */
static void print_analysis(const char *json)
{
	const char *p = strstr(json, "\"tokens\":[");
	printf("%-24s %-9s %-24s %-20s %s\n", "TEXT", "OFFSETS", "NORMALIZED", "STEM", "STOP/PARTS");
	while (p && (p = strstr(p, "{\"text\":"))) {
		char text[256], start[16], end[16], norm[256], stem[256], stop[8], joined[8], parts[512] = "";
		const char *pe, *next;
		p = json_field(p, "text", text, sizeof text);
		p = json_field(p, "start", start, sizeof start);
		p = json_field(p, "end", end, sizeof end);
		p = json_field(p, "norm", norm, sizeof norm);
		p = json_field(p, "stem", stem, sizeof stem);
		p = json_field(p, "stop", stop, sizeof stop);
		p = json_field(p, "joined", joined, sizeof joined);
		pe = strstr(p, "\"parts\":[");
		next = strstr(p, "]}");
		if (pe && next) {
			const char *q = pe;
			while ((q = strstr(q, "{\"text\":")) && q < next) {
				char pn[128], ps[128], tmp[128];
				q = json_field(q, "text", tmp, sizeof tmp);
				q = json_field(q, "norm", pn, sizeof pn);
				q = json_field(q, "stem", ps, sizeof ps);
				snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "%s%s", parts[0] ? " + " : "", ps);
			}
			p = next;
		}
		{
			char offsets[40];
			snprintf(offsets, sizeof offsets, "%s-%s", start, end);
			printf("%-24s %-9s %-24s %-20s %s%s%s\n", text, offsets, norm, stem, !strcmp(stop, "true") ? "stop " : "",
			       !strcmp(joined, "true") ? "joined " : "", parts);
		}
	}
}

/* Read all of standard input (for --analyze -). */
static char *read_stdin(size_t *len)
{
	char *buf = NULL;
	size_t cap = 0, n = 0, r;
	do {
		if (n + 4096 > cap) {
			char *nb = realloc(buf, cap = (n + 4096) * 2);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, stdin);
		n += r;
	} while (r > 0);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int analyze(iio_index *idx, const char *text, size_t len, int json)
{
	char *s;
	iio_status st = iio_analyze_json(&s, idx, text, len);
	if (st) {
		fprintf(stderr, "iio-search: %s\n", iio_index_error(idx));
		return EXIT_ERROR;
	}
	if (json) {
		put_json(s);
	} else {
		print_analysis(s); /* a table for people; the JSON has it all */
	}
	iio_free(s);
	return EXIT_FOUND;
}

static int suggest(iio_index *idx, const char *prefix, int json)
{
	char *s;
	const char *p;
	int found = 0;
	iio_status st = iio_suggest_json(&s, idx, prefix, 10);
	if (st) {
		fprintf(stderr, "iio-search: %s\n", iio_index_error(idx));
		return EXIT_ERROR;
	}
	if (json) {
		put_json(s);
		found = strstr(s, "\"text\":") != NULL;
	} else {
		for (p = s; (p = strstr(p, "{\"text\":"));) {
			char text[512], kind[16], count[16];
			p = json_field(p, "text", text, sizeof text);
			p = json_field(p, "kind", kind, sizeof kind);
			p = json_field(p, "count", count, sizeof count);
			put_safe(text);
			printf("\t%s\t%s\n", kind, count);
			found = 1;
		}
	}
	iio_free(s);
	return found ? EXIT_FOUND : EXIT_NONE;
}

static int show(iio_index *idx, const char *id, int json)
{
	iio_record_view *rec;
	iio_status st = iio_show(&rec, idx, id);
	if (st) {
		fprintf(stderr, "iio-search: %s\n", iio_index_error(idx));
		return st == IIO_ERR_NOT_FOUND ? EXIT_NONE : EXIT_ERROR;
	}
	if (json) {
		char *s;
		st = iio_record_json(&s, rec);
		if (st) {
			iio_record_free(rec);
			return fail(iio_strerror(st));
		}
		put_json(s);
		iio_free(s);
	} else {
		const char *text = iio_record_text(rec);
		put_safe(iio_record_title(rec));
		printf("  [");
		put_safe(iio_record_type(rec));
		printf("]\nid: %s\nsource: ", iio_record_id(rec));
		put_safe(iio_record_source(rec));
		if (iio_record_url(rec)) {
			printf("\nurl: ");
			put_safe(iio_record_url(rec));
		}
		printf("\n\n");
		put_span(text ? text : "", text ? strlen(text) : 0, 1); /* its lines and tabs kept */
		printf("\n");
		/* The library bounds what one record answer carries. */
		if (iio_record_text_truncated(rec)) {
			printf("\n[text cut: the first %zu of %zu bytes are shown; the whole text is in ", strlen(text),
			       iio_record_text_length(rec));
			put_safe(iio_record_source(rec));
			printf("]\n");
		}
	}
	iio_record_free(rec);
	return EXIT_FOUND;
}

/* S as a JSON string. */
static void put_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* --batch: every line of PATH ("-": standard input) is a query, run with
 * OPTS in this one process; one JSON line each with the result count and
 * the time the search took, for benchmarks. */
static int batch(iio_index *idx, const char *path, const iio_search_options *opts)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	long lineno = 0;
	int rc = EXIT_FOUND;
	if (!f) {
		fprintf(stderr, "iio-search: cannot read %s: %s\n", path, strerror(errno));
		return EXIT_ERROR;
	}
	while ((got = getline(&line, &cap, f)) > 0) {
		iio_results *res = NULL;
		struct timespec t0, t1;
		iio_status st;
		const char *nul;
		lineno++;
		if ((nul = memchr(line, '\0', (size_t)got)) && (nul - line) < got - 1) {
			/* A C string would silently end there: say so instead. */
			printf("{\"line\":%ld,\"error\":\"the query holds a NUL byte at byte %ld\"}\n", lineno,
			       (long)(nul - line) + 1);
			rc = EXIT_ERROR;
			continue;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[strspn(line, " \t")])
			continue;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st = iio_search(&res, idx, line, opts);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("{\"line\":%ld,\"query\":", lineno);
		put_json_string(line);
		if (st) {
			printf(",\"error\":");
			put_json_string(iio_index_error(idx));
			rc = EXIT_ERROR;
		} else {
			printf(",\"total\":%lu,\"results\":%zu", iio_results_total(res), iio_results_count(res));
		}
		printf(",\"took_us\":%.1f}\n",
		       (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3);
		iio_results_free(res);
	}
	if (ferror(f)) {
		fprintf(stderr, "iio-search: error reading %s: %s\n", path, strerror(errno));
		rc = EXIT_ERROR;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* What the command line asks for. */
typedef struct cli {
	const char *index_path, *show_id, *similar_id, *batch_path;
	int index_given, analyze_mode /* 1 --analyze, 2 --suggest */, json;
	iio_search_options opts;
	char *filter; /* --vak wiskunde ...: the query language's vak:"wiskunde" */
	size_t flen;
	int first;    /* argv index of the first query word */
} cli;

/* Add the filter --FIELD VALUE (A is "--FIELD"). 0, or -1 after saying why. */
static int add_filter(cli *c, const char *a, const char *val)
{
	char *nf;
	if (!val || !*val) {
		fprintf(stderr, "iio-search: %s needs a value\n", a);
		return -1;
	}
	nf = realloc(c->filter, c->flen + strlen(a) + strlen(val) + 8);
	if (!nf) {
		fail("out of memory");
		return -1;
	}
	c->filter = nf;
	c->flen += (size_t)sprintf(c->filter + c->flen, "%s%s:\"%s\"", c->flen ? " " : "", a + 2, val);
	return 0;
}

/* Where A stands among the N NAMES, or -1. */
static int name_index(const char *const *names, int n, const char *a)
{
	for (int k = 0; k < n; k++)
		if (!strcmp(a, names[k]))
			return k;
	return -1;
}

/* Options end at the first query word (or --), so `iio-search leraar
 * -docent` searches. Returns -1 to go on, else the exit status. */
static int parse_args(cli *c, int argc, char **argv)
{
	/* The switches that turn a setting on. */
	static const char *const switches[] = {"--json", "--facets", "--exact-total", "--strict",
					       "--all-words", "--no-group", "--no-interpret", "--explain"};
	int *const on[] = {&c->json, &c->opts.facets, &c->opts.exact_total, &c->opts.strict,
			   &c->opts.all_words, &c->opts.no_group, &c->opts.no_interpret, &c->opts.explain};
	int i;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		long n;
		int k;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break; /* the first query word */
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return EXIT_FOUND;
		} else if (!strcmp(a, "--version")) {
			printf("iio-search %s\n", iio_version());
			return EXIT_FOUND;
		} else if ((k = name_index(switches, (int)(sizeof switches / sizeof *switches), a)) >= 0) {
			*on[k] = 1;
		} else if (!strcmp(a, "--no-snippets")) {
			c->opts.snippet_chars = 0;
		} else if (!strcmp(a, "--analyze") || !strcmp(a, "--suggest")) {
			c->analyze_mode = a[2] == 'a' ? 1 : 2;
		} else if (!strncmp(a, "--index=", 8)) {
			c->index_path = a + 8;
			c->index_given = 1;
		} else if (!strcmp(a, "--sort")) {
			if (val && !strcmp(val, "date"))
				c->opts.sort = IIO_SORT_DATE;
			else if (!val || strcmp(val, "relevance"))
				return fail("--sort takes relevance or date");
			i++;
		} else if (!strncmp(a, "--", 2) && filter_field(a + 2)) {
			if (add_filter(c, a, val))
				return EXIT_ERROR;
			i++;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--limit") || !strcmp(a, "--offset")) {
			int offset = a[2] == 'o';
			long lo = offset ? 0 : 1, hi = offset ? IIO_MAX_OFFSET : IIO_MAX_LIMIT;
			n = parse_count(val);
			if (n < lo || n > hi) {
				fprintf(stderr, "iio-search: %s needs a number from %ld to %ld\n", a, lo, hi);
				return EXIT_ERROR;
			}
			if (offset)
				c->opts.offset = (unsigned long)n;
			else
				c->opts.limit = (unsigned)n;
			i++;
		} else {
			/* The options that take a name: --batch FILE, --similar ID,
			 * --index DIR, --show ID. */
			static const char *const takes[] = {"--batch", "--similar", "--index", "--show"};
			static const char *const needs[] = {"a file of queries (or - for standard input)", "a record id",
							    "a directory", "a record id"};
			const char **slot[] = {&c->batch_path, &c->similar_id, &c->index_path, &c->show_id};
			k = name_index(takes, 4, a);
			if (k < 0) {
				fprintf(stderr,
					"iio-search: unknown option '%s' (put -- before a query that starts with '-'; see "
					"--help)\n",
					a);
				return EXIT_ERROR;
			}
			if (!val || !*val) {
				fprintf(stderr, "iio-search: %s needs %s\n", a, needs[k]);
				return EXIT_ERROR;
			}
			*slot[k] = val;
			c->index_given |= k == 2;
			i++;
		}
	}
	c->first = i;
	return -1;
}

/* ARGV[FROM..ARGC) joined by spaces (malloc'ed; *LEN its length), or NULL
 * when there are none or memory ran out. */
static char *join_args(int argc, char **argv, int from, size_t *len)
{
	char *out = NULL;
	*len = 0;
	for (int i = from; i < argc; i++) {
		size_t l = strlen(argv[i]);
		char *t = realloc(out, *len + l + 2);
		if (!t) {
			free(out);
			return NULL;
		}
		out = t;
		if (*len)
			out[(*len)++] = ' ';
		memcpy(out + *len, argv[i], l + 1);
		*len += l;
	}
	return out;
}

/* --analyze and --suggest on TEXT. The analyzer of the index named
 * (--index, IIO_INDEX), else of the default index, else, with no index
 * there, the lexicon alone ($IIO_LEXICON or the installed one): analyzing
 * needs no index. Suggestions do. */
static int run_analyze(const cli *c, char *text, size_t tlen)
{
	iio_index *idx = NULL;
	iio_status st;
	int rc;
	if (!c->index_given && c->analyze_mode == 1) {
		iio_crash_guard("iio-search", c->index_path, NULL, 0);
		st = iio_index_open_with(&idx, c->index_path, getenv("IIO_LEXICON"));
		if (st == IIO_ERR_NO_INDEX) {
			const char *lex = getenv("IIO_LEXICON");
			iio_index_close(idx);
			st = iio_index_open_lexicon(&idx, lex && *lex ? lex : iio_default_paths()->lexicon);
		}
		if (st) {
			fprintf(stderr, "iio-search: %s\n", idx ? iio_index_error(idx) : iio_strerror(st));
			iio_index_close(idx);
			return EXIT_ERROR;
		}
	} else if (open_index(&idx, c->index_path)) {
		return EXIT_ERROR;
	}
	rc = c->analyze_mode == 2 ? suggest(idx, text, c->json) : analyze(idx, text, tlen, c->json);
	iio_index_close(idx);
	return rc;
}

/* Searches that find something in the bundled knowledge base (the page
 * offers these too: webpage.c, app.js; tests/e2e/zero.t runs them). */
static const char cli_examples[] = "leerlingenkrimp, werkdruk docenten, breuken groep 7";

/* Nothing found for QUERY: say so on standard error, and what to try -
 * the correction, the searches with fewer words or without the filters
 * that find something (the library's alternatives), Dutch words, the
 * index's own words. */
static void print_nothing_found(const iio_results *res, const char *query, int filtered)
{
	size_t n = iio_results_alternatives(res);
	const char *first = query + strspn(query, " ");
	fprintf(stderr, "iio-search: nothing found for \"%s\"%s.\nTry:\n", query,
		filtered ? " with these filters" : "");
	if (iio_results_suggestion(res))
		fprintf(stderr, "  - another spelling: iio-search %s\n", iio_results_suggestion(res));
	for (size_t i = 0; i < n; i++) {
		const char *kind = "", *q;
		unsigned long total = 0;
		q = iio_results_alternative(res, i, &kind, &total);
		fprintf(stderr, "  - %s: iio-search %s%s  (%lu result%s)\n",
			!strcmp(kind, "filters") ? "without the filters" : !strcmp(kind, "word") ? "one word" : "fewer words",
			!strcmp(kind, "filters") ? "" : filtered ? "[the filters] " : "", q, total, total == 1 ? "" : "s");
	}
	if (filtered && n == 0)
		fputs("  - fewer filters\n", stderr);
	fprintf(stderr, "  - fewer or other words, in Dutch: the knowledge base is Dutch (e.g. %s)\n", cli_examples);
	fprintf(stderr, "  - the words the index holds that start like yours: iio-search --suggest %.4s\n", *first ? first : "a");
}

/* A search (or --similar) for QUERY, printed. */
static int run_search(const cli *c, const char *query)
{
	iio_index *idx = NULL;
	iio_results *res = NULL;
	iio_status st;
	int rc;
	if (open_index(&idx, c->index_path))
		return EXIT_ERROR;
	st = c->similar_id ? iio_similar(&res, idx, c->similar_id, &c->opts) : iio_search(&res, idx, query, &c->opts);
	if (st) {
		fprintf(stderr, "iio-search: %s\n", iio_index_error(idx));
		iio_index_close(idx);
		return st == IIO_ERR_NOT_FOUND ? EXIT_NONE : EXIT_ERROR;
	}
	rc = iio_results_total(res) > 0 ? EXIT_FOUND : EXIT_NONE;
	if (c->json) {
		char *s;
		st = iio_results_json(&s, res);
		if (st) {
			rc = fail(iio_strerror(st));
		} else {
			put_json(s);
			iio_free(s);
		}
	} else {
		const char *no_color = getenv("NO_COLOR");
		print_text(res, query, isatty(STDOUT_FILENO) && !(no_color && *no_color));
		if (rc == EXIT_NONE && !c->similar_id)
			print_nothing_found(res, query, c->opts.filter && *c->opts.filter);
	}
	iio_results_free(res);
	iio_index_close(idx);
	return rc;
}

/* What the arguments ask for, done. */
static int dispatch(cli *c, int argc, char **argv)
{
	iio_index *idx = NULL;
	char *text;
	size_t len;
	int rc;
	if (c->batch_path || c->show_id) { /* --batch first, if both */
		if (c->first < argc)
			return fail(c->batch_path ? "--batch reads its queries from the file, not the command line"
						  : "--show takes an id, not a query");
		if (open_index(&idx, c->index_path))
			return EXIT_ERROR;
		rc = c->batch_path ? batch(idx, c->batch_path, &c->opts) : show(idx, c->show_id, c->json);
		iio_index_close(idx);
		return rc;
	}
	if (c->analyze_mode) {
		text = c->first + 1 == argc && !strcmp(argv[c->first], "-") ? read_stdin(&len)
									  : join_args(argc, argv, c->first, &len);
		if (!text)
			return fail("--analyze needs a text (or - for standard input)");
		rc = run_analyze(c, text, len);
		free(text);
		return rc;
	}
	/* The query is the remaining arguments joined by spaces. */
	text = join_args(argc, argv, c->first, &len);
	if ((!text || strspn(text, " \t\r\n") == len) && !c->filter && !c->similar_id) {
		free(text);
		return fail("no query given (see iio-search --help)");
	}
	if (!text && !(text = calloc(1, 1)))
		return fail("out of memory");
	rc = run_search(c, text);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	cli c;
	int rc;
	memset(&c, 0, sizeof c);
	c.index_path = getenv("IIO_INDEX");
	c.index_given = c.index_path && *c.index_path;
	if (!c.index_given)
		c.index_path = IIO_DEFAULT_INDEX;
	iio_search_options_init(&c.opts);
	rc = parse_args(&c, argc, argv);
	if (rc < 0) {
		c.opts.filter = c.filter;
		rc = dispatch(&c, argc, argv);
	}
	free(c.filter);
	if (fflush(stdout) || ferror(stdout))
		return EXIT_ERROR;
	return rc;
}
