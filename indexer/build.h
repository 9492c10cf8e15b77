/* build.h - turning records into Xapian documents in one database. */
#ifndef IIO_BUILD_H
#define IIO_BUILD_H

#include "analyze.h"
#include "record.h"

typedef struct iio_build iio_build;

/* Create a new database in DIR (which must not hold one), analyzing text
 * with ANALYZER (which must outlive the build). On failure *ERR gets a
 * message to free(). */
int iio_build_open(iio_build **out, const char *dir, const iio_analyzer *analyzer, char **err);
/* Index one record (its id must be new to this build). */
int iio_build_add(iio_build *b, const iio_record *rec, char **err);
/* Load the thesaurus at PATH (groups "a = b = c", one a line) into the
 * index's synonym table: each single-word member, by its stem, gets the
 * others (single words as stems, phrases as text). A line that is not a
 * group goes to ERROR (line, message). Returns the number of groups, -1 if
 * the file cannot be read. */
long iio_build_thesaurus(iio_build *b, const char *path, void (*error)(void *ctx, long line, const char *msg),
			 void *ctx);
/* Write the metadata, commit and close. The handle is freed either way. */
int iio_build_finish(iio_build *b, char **err);
/* Drop an unfinished build (nothing is committed). */
void iio_build_abort(iio_build *b);

/* Figures of the build so far. */
unsigned long iio_build_records(const iio_build *b);
unsigned long iio_build_tokens(const iio_build *b);

#endif
