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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct pdf_text {
	char **lines;
	int *pages;
	long n, cap;
} pdf_text;

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
	int rc = 0;
	chars = glyphs ? iio_repair_chars(glyphs, strlen(glyphs)) : NULL;
	free(glyphs);
	if (!chars)
		return -1;
	n = iio_repair_lines(&lines, chars, 1, stats);
	free(chars);
	if (n < 0)
		return -1;
	if (n > 0 && t->n > 0) {
		/* The last line so far and this page's first, through the same
		 * rule: one line back means the word went on. */
		char *two = NULL, **joined = NULL;
		long k;
		if (asprintf(&two, "%s\n%s", t->lines[t->n - 1], lines[0]) < 0)
			two = NULL;
		k = two ? iio_repair_lines(&joined, two, 1, stats) : -1;
		free(two);
		if (k == 1) {
			free(t->lines[t->n - 1]);
			t->lines[t->n - 1] = joined[0];
			free(joined);
			free(lines[0]);
			first = 1;
		} else if (k > 0) {
			iio_lines_free(joined, (size_t)k);
		} else if (k < 0) {
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

/* The outline's entries at every level, in document order. */
static int read_outline(PopplerDocument *doc, PopplerIndexIter *it, iio_outline_item **items, size_t *n, size_t *cap)
{
	int rc = 0;
	if (!it)
		return 0;
	do {
		PopplerAction *a = poppler_index_iter_get_action(it);
		int page = action_page(doc, a);
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
			rc = read_outline(doc, child, items, n, cap);
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

int iio_read_pdf(const char *full, const char *relpath, const char *default_type, const iio_reader_ops *ops,
		 void *ctx)
{
	GError *gerr = NULL;
	char *uri = g_filename_to_uri(full, NULL, &gerr);
	PopplerDocument *doc = NULL;
	pdf_text t = {0};
	iio_outline_item *outline = NULL;
	size_t noutline = 0, capoutline = 0;
	iio_repair_stats scratch = {0}, *stats = ops->stats ? ops->stats : &scratch;
	iio_record rec = {0};
	int npages, rc = 0, any_text = 0;

	rec.source = relpath;
	rec.line = 1;
	if (uri)
		doc = poppler_document_new_from_file(uri, NULL, &gerr);
	g_free(uri);
	if (!doc) {
		int enc = gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED;
		reason(ops, ctx, relpath, enc ? "the PDF is encrypted (it needs a password)" : "the PDF cannot be read",
		       enc ? NULL : gerr ? gerr->message : NULL);
		if (gerr)
			g_error_free(gerr);
		return 0;
	}
	npages = poppler_document_get_n_pages(doc);
	if (npages <= 0) {
		reason(ops, ctx, relpath, "the PDF has no pages (damaged or cut short)", NULL);
		g_object_unref(doc);
		return 0;
	}
	for (int p = 0; p < npages && !rc; p++) {
		PopplerPage *page = poppler_document_get_page(doc, p);
		char *text = page ? poppler_page_get_text(page) : NULL;
		if (text && strspn(text, " \t\r\n\f") < strlen(text)) {
			any_text = 1;
			/* a form feed would stay in the text as a character */
			for (char *f = text; (f = strchr(f, '\f'));)
				*f = '\n';
			rc = add_page(&t, text, p + 1, ops, stats);
		}
		g_free(text);
		if (page)
			g_object_unref(page);
	}
	if (rc) {
		ops->error(ctx, relpath, 0, NULL, "out of memory");
		goto done;
	}
	if (!any_text || t.n == 0) {
		reason(ops, ctx, relpath, "the PDF has no text (pages of images: a scan needs OCR first)", NULL);
		goto done;
	}
	{
		PopplerIndexIter *it = poppler_index_iter_new(doc);
		if (read_outline(doc, it, &outline, &noutline, &capoutline)) {
			ops->error(ctx, relpath, 0, NULL, "out of memory");
			if (it)
				poppler_index_iter_free(it);
			goto done;
		}
		if (it)
			poppler_index_iter_free(it);
		noutline = monotone(outline, noutline);
	}
	/* What the PDF says of itself: its title, and the year it was made
	 * (the sidecar overrides both). */
	rec.fields = json_object();
	if (!rec.fields)
		goto oom;
	{
		gchar *title = poppler_document_get_title(doc);
		if (title && *title && !(rec.title = strdup(title))) {
			g_free(title);
			goto oom;
		}
		g_free(title);
	}
	{
		GDateTime *made = poppler_document_get_creation_date_time(doc);
		if (made) {
			gchar *day = g_date_time_format(made, "%Y-%m-%d");
			if (day) {
				json_object_set_new(rec.fields, "date", json_string(day));
				json_object_set_new(rec.fields, "year", json_integer(g_date_time_get_year(made)));
			}
			g_free(day);
			g_date_time_unref(made);
		}
	}
	json_object_set_new(rec.fields, "pages", json_integer(npages));
	rc = iio_emit_pdf_lines(full, relpath, default_type, &rec, t.lines, t.n, t.pages, outline, noutline, ops, ctx);
	goto done;
oom:
	ops->error(ctx, relpath, 0, NULL, "out of memory");
done:
	iio_record_clear(&rec);
	if (t.lines)
		iio_lines_free(t.lines, (size_t)t.n);
	free(t.pages);
	for (size_t i = 0; i < noutline; i++)
		free(outline[i].title);
	free(outline);
	g_object_unref(doc);
	return rc > 0 ? rc : 0;
}
