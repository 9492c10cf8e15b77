/* record.h - corpus records and the readers that produce them.
 *
 * A record is what one search result shows: an id, a type, a title, the
 * text, a url and typed fields (school, place, year, ...). Readers turn files
 * into records and report every problem with file, line and field; they
 * never drop a record silently.
 */
#ifndef IIO_RECORD_H
#define IIO_RECORD_H

#include "format.h"
#include "indexing.h"
#include "lex.h"
#include "places.h"
#include "repair.h"

#include <jansson.h>
#include <stddef.h>

typedef struct iio_record {
	const char *source; /* corpus-relative path of the file */
	long line;          /* line where the record starts (1-based) */
	char *id, *type, *title, *text, *url; /* url may be NULL */
	json_t *fields;     /* object: typed fields; owned by the record */
} iio_record;

void iio_record_clear(iio_record *rec);

typedef struct iio_reader_ops {
	/* A good record. The callee may take what it needs; the reader clears
	 * the record afterwards. Non-zero stops reading. */
	int (*record)(void *ctx, iio_record *rec);
	/* A problem: FIELD may be NULL when it concerns a whole line/file. */
	void (*error)(void *ctx, const char *source, long line, const char *field, const char *msg);
	/* The lexicon text repair judges by (NULL: no glyph repair). */
	const iio_lex *lexicon;
	/* Repairs made, added up over all files (may be NULL). */
	iio_repair_stats *stats;
	/* A record indexed with a change (a PDF cut at a limit, a control
	 * character replaced): said, not a rejection. May be NULL. */
	void (*warn)(void *ctx, const char *source, long line, const char *field, const char *msg);
	/* Read files (and sidecars) whose symbolic links lead out of the
	 * corpus; by default they are reported and not read. */
	int follow_links;
	/* The places table a record's province is derived from, its place's
	 * (NULL: none derived). A place it does not list is said once
	 * through ops->warn (the table remembers it) and the record goes in
	 * without a province. */
	iio_places *places;
} iio_reader_ops;

/* Read CORPUS_DIR/RELPATH with READER ("text", "html", "jsonl", "csv", or
 * "auto" to choose by extension; a ".gz" suffix is read through zlib);
 * records without a type get DEFAULT_TYPE. IIO_IX_OK when the file was
 * read (individual records may have been rejected), IIO_IX_IO when it could
 * not be read at all (said through OPS->error), IIO_IX_STOPPED when the
 * record callback stopped the reading. (The format readers below return 0,
 * -1 or the callback's value; this is where that becomes a status.) */
iio_ix_status iio_read_file(const char *corpus_dir, const char *relpath, const char *reader,
			    const char *default_type, const iio_reader_ops *ops, void *ctx);

/* Which reader handles PATH by its extension; NULL when none. */
const char *iio_reader_for(const char *path);

/* One entry of corpus/sources.conf, or of the directory walk without it. */
typedef struct iio_source {
	char *path;   /* corpus-relative */
	char *reader; /* "text", "jsonl" */
	char *type;   /* default record type */
} iio_source;

/* List the files to read: from CORPUS_DIR/sources.conf when it exists, else
 * every file with a known extension under CORPUS_DIR (sorted). Problems go
 * to OPS->error. Fills OUT and N (free with iio_sources_free), also with
 * what was listed when the corpus could not be listed whole (IIO_IX_IO,
 * said; IIO_IX_NOMEM). */
iio_ix_status iio_list_sources(const char *corpus_dir, const iio_reader_ops *ops, void *ctx,
			       iio_source **out, size_t *n);
void iio_sources_free(iio_source *s, size_t n);

/* ---- between the readers (reader.c) ---- */

/* Say MSG through OPS->warn, when there is one. */
void iio_warn(const iio_reader_ops *ops, void *ctx, const char *source, long line, const char *field,
	      const char *msg);

/* Validate REC, derive its province (ops->places), hand it to
 * ops->record if good, clear it either way. A province the record gives
 * itself must be one of the twelve (Fryslân is read as Friesland) and
 * stands. Returns the callback's value (0 when rejected). */
int iio_emit_record(iio_record *rec, const iio_reader_ops *ops, void *ctx);
/* Set KEY of REC from the string VALUE: id/type/title/url/text members, or a
 * typed field (integers for year, year_end, duration; a list for keywords,
 * split at ';' or ','; "po"/"vo" lowercased for level). -1 after reporting
 * a bad value. */
int iio_record_set(iio_record *rec, const char *key, const char *value, long line, const iio_reader_ops *ops,
		   void *ctx);
/* Open PATH for reading if it is a regular file, without blocking on the
 * way (a FIFO would wait for a writer for ever): a descriptor, or -1 with
 * errno (EISDIR: a directory; ENODEV: a FIFO, device or socket). */
int iio_open_regular(const char *path);
/* Whether FULL, the corpus's file RELPATH (FULL ends in "/" RELPATH),
 * resolves to a file inside the corpus once symbolic links are followed:
 * 1 yes; 0 no, with where it leads in *TARGET (malloc'ed); -1 when it does
 * not resolve (errno: ENOENT for a file or link target that is not there). */
int iio_inside_corpus(const char *full, const char *relpath, char **target);
/* Read a whole file (through zlib when it ends in .gz) and NUL-terminate
 * it. When a .gz stream breaks off, the data before the break is returned
 * and *TRUNCATED set. NULL with errno on failure. */
char *iio_read_source(const char *path, size_t *len, int *truncated);
/* What iio_read_source's errno means (EBADMSG: a .gz file that holds no
 * gzip stream; EISDIR, ENODEV: not a regular file; ENOLINK: a link to
 * nothing). */
const char *iio_read_strerror(int err);
/* S without leading and trailing blanks (in place). */
char *iio_trim(char *s);
/* Byte offset of the first invalid UTF-8 sequence, or -1 when valid. */
long iio_invalid_utf8_at(const char *s, size_t len);
long iio_line_of_offset(const char *s, long off);

/* ---- documents (textdoc.c) ---- */
/* A text or HTML document, with its front matter and sidecar FULL.meta.
 * Returns 0 when read (problems reported), -1 when the document was not
 * read (its file or its sidecar could not be used: reported, and its
 * records keep their last version), or the record callback's value. */
int iio_read_textdoc(const char *full, const char *relpath, int html, const char *default_type,
		     const iio_reader_ops *ops, void *ctx);

/* An entry of a PDF's outline (bookmarks): its title and the page it
 * points at (1-based). */
typedef struct iio_outline_item {
	char *title;
	int page;
} iio_outline_item;

/* A document whose text came from a PDF (pdfdoc.c), as repaired LINES with
 * PAGES[i] the page line i starts on: REC holds what the PDF says of itself
 * (title, fields: taken over, then cleared by the caller); the sidecar
 * FULL.meta adds to it as for a text document. Emitted with its passages:
 * the sidecar's sections, else one per OUTLINE entry, else one a page;
 * each passage has the field page and, when the document has a URL,
 * URL#page=N. Returns as iio_read_textdoc. */
int iio_emit_pdf_lines(const char *full, const char *relpath, const char *default_type, iio_record *rec, char **lines,
		       long nlines, const int *pages, const iio_outline_item *outline, size_t noutline,
		       const iio_reader_ops *ops, void *ctx);

/* What one PDF may cost, at most: a hostile or broken PDF (4,000 pages
 * drawing one content stream, an outline nested 40,000 deep) must not
 * hold the nightly run for minutes or its memory in gigabytes. Reading
 * stops at the first limit reached; the document is indexed with what
 * was read before it, and a warning names the limit and the file. */
#define IIO_PDF_MAX_PAGES 2000                 /* pages read */
#define IIO_PDF_MAX_TEXT_BYTES (4 * 1024 * 1024) /* text extracted, in bytes */
#define IIO_PDF_MAX_OUTLINE_DEPTH 16           /* levels of the outline read */
#define IIO_PDF_MAX_OUTLINE_ENTRIES 1000       /* outline entries read (each a passage) */
#define IIO_PDF_MAX_SECONDS 30                 /* reading its pages and outline */

/* Read a PDF (pdfdoc.c): its text per page in reading order through
 * poppler, repaired as a text document with PDF layout. A PDF that cannot
 * be read (encrypted, damaged, without text) is reported with the reason
 * and keeps its last version; one cut at a limit above is indexed as far
 * as it was read, with a warning (ops->warn). */
int iio_read_pdf(const char *full, const char *relpath, const char *default_type, const iio_reader_ops *ops,
		 void *ctx);

#endif
