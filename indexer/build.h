/* build.h - records into the Xapian database of a generation (what a
 * record becomes is document.h's). */
#ifndef IIO_BUILD_H
#define IIO_BUILD_H

#include "analyze.h"
#include "indexing.h"
#include "record.h"

typedef struct iio_build iio_build;

/* Create a new database in DIR (which must not hold one), analyzing text
 * with ANALYZER (which must outlive the build). With BASE (a generation
 * directory) the new database starts as a copy of BASE's, to be updated
 * record by record (an incremental run); NULL starts empty. Commits do
 * not fsync: the caller makes DIR durable (iio_gen_sync) before it goes
 * live. Every call that fails returns its status (indexing.h) with
 * a message in *ERR to free(). */
iio_ix_status iio_build_open(iio_build **out, const char *dir, const char *base, const iio_analyzer *analyzer,
			     char **err);
/* A full build on JOBS threads into DIR (which must not hold a database):
 * records are indexed round robin into JOBS databases DIR/part-K, which
 * iio_build_finish merges into one compacted database in DIR and removes.
 * The other calls work as with one database (the thesaurus and metadata
 * go to the first part; the merge keeps them). JOBS <= 1 is
 * iio_build_open without a base. */
#define IIO_BUILD_MAX_JOBS 64
iio_ix_status iio_build_open_parallel(iio_build **out, const char *dir, unsigned jobs, const iio_analyzer *analyzer,
				      char **err);
/* Where a record indexed with a change goes to be said (a word cut to
 * fit a term): its file and line, the field, what happened. Called on the
 * thread that calls the build (a parallel build's workers queue theirs
 * until the next iio_build_add or the end), at most once a record. */
typedef void (*iio_build_warn_fn)(void *ctx, const char *source, long line, const char *field, const char *msg);
void iio_build_on_warning(iio_build *b, iio_build_warn_fn warn, void *ctx);
/* Index one record, replacing the document with its id if there is one
 * in the base. A build without a base takes each id once (the caller
 * skips duplicates, as iio-index does): it adds without looking the id up.
 * HASH is its iio_record_hash() (document.h) when the caller has it, else NULL.
 * IIO_IX_EARLIER when a worker of a parallel build failed on an earlier
 * record (*ERR names its file and line). */
iio_ix_status iio_build_add(iio_build *b, const iio_record *rec, const char *hash, char **err);
/* Index a record again from its stored form (a document's data, as the
 * index keeps it), e.g. to carry it over from the previous generation. */
iio_ix_status iio_build_add_stored(iio_build *b, const char *data, size_t len, char **err);
/* Remove the record with ID (nothing happens when there is none). */
iio_ix_status iio_build_delete(iio_build *b, const char *id, char **err);
/* Set metadata KEY to VAL in the build. */
iio_ix_status iio_build_set_meta(iio_build *b, const char *key, const char *val, char **err);
/* Load the thesaurus at PATH (groups "a = b = c", one a line) into the
 * index's synonym table: each single-word member, by its stem, gets the
 * others (single words as stems, phrases as text). A line that is not a
 * group goes to ERROR (line, message). The number of groups into *GROUPS;
 * IIO_IX_IO (errno) when the file cannot be read. */
iio_ix_status iio_build_thesaurus(iio_build *b, const char *path,
				  void (*error)(void *ctx, long line, const char *msg), void *ctx, long *groups);
/* Write the metadata, commit and close. The handle is freed either way. */
iio_ix_status iio_build_finish(iio_build *b, char **err);
/* Drop an unfinished build (nothing is committed). */
void iio_build_abort(iio_build *b);

/* Figures of the build so far. */
unsigned long iio_build_records(iio_build *b); /* analyzed by this build */
unsigned long iio_build_tokens(iio_build *b);

#endif
