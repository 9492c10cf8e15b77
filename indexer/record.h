/* record.h - corpus records and the readers that produce them.
 *
 * A record is what one search result shows: an id, a type, a title, the
 * text, a url and typed fields (school, place, year, ...). Readers turn files
 * into records and report every problem with file, line and field; they
 * never drop a record silently.
 */
#ifndef IIO_RECORD_H
#define IIO_RECORD_H

#include <jansson.h>

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
} iio_reader_ops;

/* Read CORPUS_DIR/RELPATH with READER ("text", "jsonl", or "auto" to choose
 * by extension); records without a type get DEFAULT_TYPE. Returns 0 when the
 * file was read (individual records may have been rejected), -1 when it could
 * not be read at all, or the record callback's non-zero value. */
int iio_read_file(const char *corpus_dir, const char *relpath, const char *reader,
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
 * to OPS->error. Returns 0 and fills OUT and N (free with iio_sources_free),
 * or -1 when the corpus cannot be listed. */
int iio_list_sources(const char *corpus_dir, const iio_reader_ops *ops, void *ctx,
		     iio_source **out, size_t *n);
void iio_sources_free(iio_source *s, size_t n);

#endif
