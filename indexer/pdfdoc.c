/* pdfdoc.c - PDF documents through poppler's GLib API (libpoppler-glib):
 * the text of each page in reading order (poppler's layout analysis reads
 * a two-column page column by column), the outline, the title and date
 * from the PDF's own metadata; then the same repair and passages as a text
 * document with PDF layout (textdoc.c). Poppler rather than MuPDF: it is
 * the PDF library Debian's desktop and its tools (pdftotext) are built on,
 * its GLib API is stable and small, and its licence (GPL-2+) fits ours.
 *
 * A word hyphenated at the end of a page continues on the next: the pages'
 * lines are joined across the page break by the same rule as within one.
 * Each line remembers the page it starts on, so every passage knows its
 * page. A PDF that cannot be read (encrypted, damaged or cut short beyond
 * poppler's repair, no text at all: a scan) is reported with the reason and
 * keeps its last good version.
 */
#define _GNU_SOURCE
#include "record.h"
#include "repair.h"

#include <glib.h>
#include <poppler.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

typedef struct pdf_text {
	char **lines;
	int *pages;
	long n, cap;
} pdf_text;

/* What reading one PDF has taken of its limits (record.h), and the
 * limits it reached, said once the document is indexed. */
typedef struct pdf_budget {
	double t0;            /* when reading began */
	size_t text;          /* text bytes taken */
	size_t entries;       /* outline entries taken */
	int reached;          /* bit per limit reached */
	char said[4][300];    /* what each reached limit cut */
	int nsaid;
} pdf_budget;

enum { HIT_PAGES = 1, HIT_TEXT = 2, HIT_DEPTH = 4, HIT_ENTRIES = 8, HIT_TIME = 16 };

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Limit HIT reached: what it cut, to be said once. */
static void reached(pdf_budget *b, int hit, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void reached(pdf_budget *b, int hit, const char *fmt, ...)
{
	va_list ap;
	if (b->reached & hit)
		return;
	b->reached |= hit;
	if (b->nsaid == (int)(sizeof b->said / sizeof b->said[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(b->said[b->nsaid++], sizeof b->said[0], fmt, ap);
	va_end(ap);
}

/* Whether reading has taken IIO_PDF_MAX_SECONDS; WHERE says what it was
 * reading. */
static int out_of_time(pdf_budget *b, const char *where)
{
	if (b->reached & HIT_TIME)
		return 1;
	if (seconds_now() - b->t0 < IIO_PDF_MAX_SECONDS)
		return 0;
	reached(b, HIT_TIME, "reading it took %d seconds (IIO_PDF_MAX_SECONDS) at %s: the rest was not read",
		IIO_PDF_MAX_SECONDS, where);
	return 1;
}

static int push_line(pdf_text *t, char *line, int page)
{
	if (t->n == t->cap) {
		long cap = t->cap ? t->cap * 2 : 256;
		char **nl = realloc(t->lines, (size_t)cap * sizeof *nl);
		int *np;
		if (!nl)
			return -1;
		t->lines = nl;
		np = realloc(t->pages, (size_t)cap * sizeof *np);
		if (!np)
			return -1;
		t->pages = np;
		t->cap = cap;
	}
	t->lines[t->n] = line;
	t->pages[t->n++] = page;
	return 0;
}

/* Add page PAGE's text (repaired) to T, its first line joined to the last
 * line before it where a word was hyphenated across the page break. */
static int add_page(pdf_text *t, const char *raw, int page, const iio_reader_ops *ops, iio_repair_stats *stats)
{
	char *glyphs = iio_repair_glyphs(raw, strlen(raw), ops->lexicon, stats), *chars, **lines = NULL;
	long n, first = 0;
	size_t nl = 0;
	int rc = 0;
	chars = glyphs ? iio_repair_chars(glyphs, strlen(glyphs)) : NULL;
	free(glyphs);
	if (!chars)
		return -1;
	if (iio_repair_lines(&lines, &nl, chars, 1, stats)) {
		free(chars);
		return -1;
	}
	free(chars);
	n = (long)nl;
	if (n > 0 && t->n > 0) {
		/* The last line so far and this page's first, through the same
		 * rule: one line back means the word went on. */
		char *two = NULL, **joined = NULL;
		size_t k = 0;
		if (asprintf(&two, "%s\n%s", t->lines[t->n - 1], lines[0]) < 0)
			two = NULL;
		int failed = !two || iio_repair_lines(&joined, &k, two, 1, stats);
		free(two);
		if (k == 1) {
			free(t->lines[t->n - 1]);
			t->lines[t->n - 1] = joined[0];
			free(joined);
			free(lines[0]);
			first = 1;
		} else if (k > 0) {
			iio_lines_free(joined, (size_t)k);
		} else if (failed) {
			rc = -1;
		}
	}
	for (long i = first; i < n; i++) {
		if (rc || push_line(t, lines[i], page)) {
			free(lines[i]);
			rc = -1;
		}
	}
	free(lines);
	return rc;
}

/* The page number (1-based) an outline action points at, 0 when none. */
static int action_page(PopplerDocument *doc, PopplerAction *a)
{
	PopplerDest *dest, *found = NULL;
	int page = 0;
	if (!a || a->type != POPPLER_ACTION_GOTO_DEST || !(dest = a->goto_dest.dest))
		return 0;
	if (dest->type == POPPLER_DEST_NAMED && dest->named_dest && (found = poppler_document_find_dest(doc, dest->named_dest)))
		page = found->page_num;
	else
		page = dest->page_num;
	if (found)
		poppler_dest_free(found);
	return page;
}

/* The outline's entries at every level (down to DEPTH, 1 the top), in
 * document order, within the budget B. */
static int read_outline(PopplerDocument *doc, PopplerIndexIter *it, int depth, pdf_budget *b, iio_outline_item **items,
			size_t *n, size_t *cap)
{
	int rc = 0;
	if (!it)
		return 0;
	if (depth > IIO_PDF_MAX_OUTLINE_DEPTH) {
		reached(b, HIT_DEPTH, "its outline is nested more than %d levels deep (IIO_PDF_MAX_OUTLINE_DEPTH): the "
			"entries below were not read", IIO_PDF_MAX_OUTLINE_DEPTH);
		return 0;
	}
	do {
		PopplerAction *a;
		int page;
		if (b->entries >= IIO_PDF_MAX_OUTLINE_ENTRIES) {
			reached(b, HIT_ENTRIES, "its outline has more than %d entries (IIO_PDF_MAX_OUTLINE_ENTRIES): the "
				"rest were not read", IIO_PDF_MAX_OUTLINE_ENTRIES);
			break;
		}
		if (out_of_time(b, "its outline"))
			break;
		b->entries++;
		a = poppler_index_iter_get_action(it);
		page = action_page(doc, a);
		if (page > 0 && a && a->any.title && *a->any.title) {
			if (*n == *cap) {
				iio_outline_item *ni = realloc(*items, (*cap = *cap ? *cap * 2 : 16) * sizeof *ni);
				if (!ni)
					rc = -1;
				else
					*items = ni;
			}
			if (!rc) {
				(*items)[*n].title = strdup(a->any.title);
				(*items)[*n].page = page;
				rc = (*items)[*n].title ? 0 : -1;
				if (!rc)
					(*n)++;
			}
		}
		if (a)
			poppler_action_free(a);
		if (!rc) {
			PopplerIndexIter *child = poppler_index_iter_get_child(it);
			rc = read_outline(doc, child, depth + 1, b, items, n, cap);
			if (child)
				poppler_index_iter_free(child);
		}
	} while (!rc && poppler_index_iter_next(it));
	return rc;
}

/* Outline entries out of page order (a table of contents listing an
 * appendix first) cannot each start where the next ends: keep the entries
 * whose pages do not go back. */
static size_t monotone(iio_outline_item *items, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && items[i].page < items[k - 1].page) {
			free(items[i].title);
			continue;
		}
		items[k++] = items[i];
	}
	return k;
}

static void reason(const iio_reader_ops *ops, void *ctx, const char *relpath, const char *what, const char *detail)
{
	char msg[600];
	snprintf(msg, sizeof msg, "%s%s%s; the document was not indexed (its last good version stays)", what,
		 detail && *detail ? ": " : "", detail ? detail : "");
	ops->error(ctx, relpath, 0, NULL, msg);
}

/* ---- the title as written ----
 *
 * Poppler hands a PDF's title over as a C string: a NUL in it (Title
 * (A\000B)) ends it there, and nothing says so. The Info dictionary the
 * trailer names is read here from the file's bytes when it is written
 * plainly (not packed into an object stream, where this finds nothing and
 * poppler's title stands): its /Title decoded, so that a NUL in it is said
 * and read as a space. */

#define TITLE_MAX 4096 /* bytes of a title read from the file, at most */

static const char *last_of(const char *p, size_t n, const char *s)
{
	const char *found = NULL, *q = p;
	size_t m = strlen(s);
	while (q < p + n && (q = memmem(q, (size_t)(p + n - q), s, m))) {
		found = q;
		q += m;
	}
	return found;
}

static const char *skip_space(const char *q, const char *end)
{
	while (q < end && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t' || *q == '\f' || *q == '\0'))
		q++;
	return q;
}

/* A number at Q (after blanks) into *V; the byte after it, NULL when none. */
static const char *number_at(const char *q, const char *end, long *v)
{
	q = skip_space(q, end);
	if (q >= end || *q < '0' || *q > '9')
		return NULL;
	for (*v = 0; q < end && *q >= '0' && *q <= '9' && *v < 100000000; q++)
		*v = *v * 10 + (*q - '0');
	return q;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The PDF string at Q (a literal (...) or a hex <...>) decoded into OUT
 * (TITLE_MAX bytes); its length, -1 when Q holds none. */
static long pdf_string(const char *q, const char *end, unsigned char *out)
{
	long n = 0;
	int depth = 1, hi = -1;
	q = skip_space(q, end);
	if (q < end && *q == '<') {
		for (q++; q < end && *q != '>' && n < TITLE_MAX; q++) {
			int d = hex_digit(*q);
			if (d < 0)
				continue;
			if (hi < 0) {
				hi = d;
			} else {
				out[n++] = (unsigned char)(hi * 16 + d);
				hi = -1;
			}
		}
		if (hi >= 0 && n < TITLE_MAX)
			out[n++] = (unsigned char)(hi * 16);
		return n;
	}
	if (q >= end || *q != '(')
		return -1;
	for (q++; q < end && n < TITLE_MAX; q++) {
		unsigned char c = (unsigned char)*q;
		if (c == '(')
			depth++;
		else if (c == ')' && !--depth)
			break;
		if (c == '\\' && q + 1 < end) {
			static const char from[] = "nrtbf", to[] = "\n\r\t\b\f";
			const char *e = strchr(from, *++q);
			if (*q >= '0' && *q <= '7') {
				int v = 0, k = 0;
				for (; k < 3 && q < end && *q >= '0' && *q <= '7'; k++, q++)
					v = v * 8 + (*q - '0');
				q--;
				c = (unsigned char)v;
			} else if (*q == '\n' || *q == '\r') {
				continue; /* a line continued */
			} else {
				c = e && *q ? (unsigned char)to[e - from] : (unsigned char)*q;
			}
		}
		out[n++] = c;
	}
	return n;
}

/* The Info /Title of the PDF in P[0..n) with a NUL character in it, as
 * UTF-8 with a space for each NUL (g_free); NULL when it has none, or it
 * cannot be found as written. */
static char *title_with_nul(const char *p, size_t n)
{
	const char *end = p + n, *info, *obj, *stop, *t, *q;
	char key[40];
	long num, gen, len;
	unsigned char s[TITLE_MAX];
	int utf16 = 0, nul = 0;
	/* The last /Info N G R: the last trailer's, or the xref stream's. */
	if (!(info = last_of(p + (n > 65536 ? n - 65536 : 0), n > 65536 ? 65536 : n, "/Info")) ||
	    !(q = number_at(info + 5, end, &num)) || !(q = number_at(q, end, &gen)))
		return NULL;
	snprintf(key, sizeof key, "%ld %ld obj", num, gen);
	for (obj = NULL, q = p; (q = memmem(q, (size_t)(end - q), key, strlen(key))); q += strlen(key))
		if (q == p || strchr(" \r\n\t", q[-1]))
			obj = q; /* the last definition: a later update wins */
	if (!obj || !(stop = memmem(obj, (size_t)(end - obj), "endobj", 6)) ||
	    !(t = memmem(obj, (size_t)(stop - obj), "/Title", 6)) || (len = pdf_string(t + 6, stop, s)) < 0)
		return NULL;
	utf16 = len >= 2 && s[0] == 0xFE && s[1] == 0xFF;
	for (long i = utf16 ? 2 : 0; i + (utf16 ? 1 : 0) < len; i += utf16 ? 2 : 1)
		if (!s[i] && (!utf16 || !s[i + 1])) {
			nul = 1;
			if (utf16)
				s[i + 1] = ' ';
			else
				s[i] = ' ';
		}
	if (!nul)
		return NULL;
	/* PDFDocEncoding is Latin-1 where titles use it (the rest is rare). */
	return utf16 ? g_convert((const char *)s + 2, len - 2, "UTF-8", "UTF-16BE", NULL, NULL, NULL)
		     : g_convert((const char *)s, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

/* The title of the PDF open at FD, when it holds a NUL (title_with_nul). */
static char *title_with_nul_at(int fd)
{
	struct stat st;
	void *m;
	char *title;
	if (fstat(fd, &st) || st.st_size <= 0 || (m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) ==
								     MAP_FAILED)
		return NULL;
	title = title_with_nul(m, (size_t)st.st_size);
	munmap(m, (size_t)st.st_size);
	return title;
}

/* The pages' text, up to the page and text limits and the time, into T;
 * *ANY_TEXT set when a page had any. 0, or -1 when memory ran out. */
static int read_pages(PopplerDocument *doc, int npages, pdf_text *t, pdf_budget *b, int *any_text,
		      const iio_reader_ops *ops, iio_repair_stats *stats)
{
	int last = npages < IIO_PDF_MAX_PAGES ? npages : IIO_PDF_MAX_PAGES, rc = 0, p;
	char where[64];
	for (p = 0; p < last && !rc; p++) {
		PopplerPage *page;
		char *text;
		size_t len;
		snprintf(where, sizeof where, "page %d of %d", p + 1, npages);
		if (out_of_time(b, where))
			break;
		page = poppler_document_get_page(doc, p);
		text = page ? poppler_page_get_text(page) : NULL;
		len = text ? strlen(text) : 0;
		if (text && strspn(text, " \t\r\n\f") < len) {
			*any_text = 1;
			if (b->text + len + 1 > IIO_PDF_MAX_TEXT_BYTES) {
				/* The page's text up to the limit, ending at a line. */
				size_t room = IIO_PDF_MAX_TEXT_BYTES - b->text; /* >= 1: it ran out now */
				char *cut = text + room - 1, *nl;
				while (cut > text && ((unsigned char)*cut & 0xC0) == 0x80)
					cut--;
				*cut = '\0';
				if ((nl = strrchr(text, '\n')))
					nl[1] = '\0';
				len = strlen(text);
				reached(b, HIT_TEXT, "its text reached %d bytes (IIO_PDF_MAX_TEXT_BYTES) at %s: the rest "
					"was not read", IIO_PDF_MAX_TEXT_BYTES, where);
			}
			b->text += len + 1; /* and the line break joining it to the next */
			/* a form feed would stay in the text as a character */
			for (char *f = text; (f = strchr(f, '\f'));)
				*f = '\n';
			rc = add_page(t, text, p + 1, ops, stats);
		}
		g_free(text);
		if (page)
			g_object_unref(page);
		if (b->reached & HIT_TEXT)
			break;
	}
	if (!rc && p == last && npages > last)
		reached(b, HIT_PAGES, "it has %d pages: the first %d were read (IIO_PDF_MAX_PAGES)", npages,
			IIO_PDF_MAX_PAGES);
	return rc;
}

/* What the PDF says of itself into REC: its title, and the day and year
 * it was made (the sidecar overrides them). 0, or -1 when memory ran out. */
static int read_info(PopplerDocument *doc, int npages, iio_record *rec)
{
	gchar *title = poppler_document_get_title(doc);
	GDateTime *made;
	rec->fields = json_object();
	if (!rec->fields || (title && *title && !(rec->title = strdup(title)))) {
		g_free(title);
		return -1;
	}
	g_free(title);
	if ((made = poppler_document_get_creation_date_time(doc))) {
		gchar *day = g_date_time_format(made, "%Y-%m-%d");
		if (day) {
			json_object_set_new(rec->fields, "date", json_string(day));
			json_object_set_new(rec->fields, "year", json_integer(g_date_time_get_year(made)));
		}
		g_free(day);
		g_date_time_unref(made);
	}
	json_object_set_new(rec->fields, "pages", json_integer(npages));
	return 0;
}

/* The PDF at FULL, opened; NULL after reporting. *NUL_TITLE: its title
 * when it holds a NUL (title_with_nul), else NULL. */
static PopplerDocument *open_pdf(const char *full, const char *relpath, char **nul_title, const iio_reader_ops *ops,
				 void *ctx)
{
	GError *gerr = NULL;
	PopplerDocument *doc;
	/* From a descriptor, not a URI: poppler wants an absolute path in a
	 * URI, and --corpus is relative as often as not (make index); and the
	 * descriptor is a regular file's, opened without waiting. */
	int fd = iio_open_regular(full);
	if (fd < 0) {
		reason(ops, ctx, relpath, "the PDF cannot be read", iio_read_strerror(errno));
		return NULL;
	}
	*nul_title = title_with_nul_at(fd);
	doc = poppler_document_new_from_fd(fd, NULL, &gerr); /* fd is poppler's now, closed on failure too */
	if (!doc) {
		int enc = gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED;
		reason(ops, ctx, relpath, enc ? "the PDF is encrypted (it needs a password)" : "the PDF cannot be read",
		       enc ? NULL : gerr ? gerr->message : NULL);
	}
	if (gerr)
		g_error_free(gerr);
	return doc;
}

int iio_read_pdf(const char *full, const char *relpath, const char *default_type, const iio_reader_ops *ops,
		 void *ctx)
{
	char *nul_title = NULL;
	PopplerDocument *doc = open_pdf(full, relpath, &nul_title, ops, ctx);
	PopplerIndexIter *it;
	pdf_text t = {0};
	pdf_budget budget = {0};
	iio_outline_item *outline = NULL;
	size_t noutline = 0, capoutline = 0;
	iio_repair_stats scratch = {0}, *stats = ops->stats ? ops->stats : &scratch;
	iio_record rec = {0};
	int npages, rc = 0, any_text = 0;

	if (!doc) {
		g_free(nul_title);
		return -1;
	}
	rec.source = relpath;
	rec.line = 1;
	budget.t0 = seconds_now();
	npages = poppler_document_get_n_pages(doc);
	if (npages <= 0) {
		reason(ops, ctx, relpath, "the PDF has no pages (damaged or cut short)", NULL);
		g_object_unref(doc);
		return -1;
	}
	if ((rc = read_pages(doc, npages, &t, &budget, &any_text, ops, stats)))
		goto oom;
	if (!any_text || t.n == 0) {
		reason(ops, ctx, relpath, "the PDF has no text (pages of images: a scan needs OCR first)", NULL);
		rc = -1;
		goto done;
	}
	it = poppler_index_iter_new(doc);
	rc = read_outline(doc, it, 1, &budget, &outline, &noutline, &capoutline);
	if (it)
		poppler_index_iter_free(it);
	noutline = monotone(outline, noutline);
	if (rc || read_info(doc, npages, &rec))
		goto oom;
	if (nul_title && *nul_title) {
		/* Not cut at the NUL: read with a space in its place, and said. */
		free(rec.title);
		if (!(rec.title = strdup(nul_title)))
			goto oom;
	}
	rc = iio_emit_pdf_lines(full, relpath, default_type, &rec, t.lines, t.n, t.pages, outline, noutline, ops, ctx);
	/* Indexed as far as it was read: say where reading stopped. */
	for (int k = 0; rc == 0 && k < budget.nsaid; k++)
		iio_warn(ops, ctx, relpath, 0, NULL, budget.said[k]);
	if (rc == 0 && nul_title && *nul_title)
		iio_warn(ops, ctx, relpath, 0, "title",
			 "the PDF's title (Info /Title) holds a NUL character, where poppler's reading of it would end: "
			 "read with a space in its place");
	goto done;
oom:
	ops->error(ctx, relpath, 0, NULL, "out of memory");
	rc = -1;
done:
	iio_record_clear(&rec);
	if (t.lines)
		iio_lines_free(t.lines, (size_t)t.n);
	free(t.pages);
	for (size_t i = 0; i < noutline; i++)
		free(outline[i].title);
	free(outline);
	g_free(nul_title);
	g_object_unref(doc);
	return rc < 0 ? -1 : rc;
}
