/* places.h - Dutch places and their provinces: the table the readers
 * derive a record's `province` from its `place` with (records.c).
 *
 * The table is indexer/lexicon/places.tsv (PLACE<TAB>PROVINCE, '#'
 * comments), compiled into the indexer by make (iio_places_tsv) and parsed
 * once a run. Places match ignoring case, accents, hyphens against blanks,
 * and a leading "Gemeente " or a trailing " (gemeente)"; a place not in the
 * table has no province (never a guess), and the table remembers which
 * unknown places it was asked about, so that a run says each once.
 * A table is one run's: not for two threads at once.
 */
#ifndef IIO_PLACES_H
#define IIO_PLACES_H

#include <stddef.h>

typedef struct iio_places iio_places;

/* places.tsv as compiled in (the generated build/gen/places-data.c), NUL-terminated. */
extern const char iio_places_tsv[];

/* The table TEXT (LEN bytes, places.tsv's format) into *OUT: 0; or -1 with
 * *ERR ("line N: ...", malloc'ed; NULL when out of memory) for a line that
 * is not PLACE<TAB>PROVINCE, a province not among the twelve
 * (iio_province_named), or a place listed twice. */
int iio_places_parse(const char *text, size_t len, iio_places **out, char **err);
/* The table compiled into the indexer, as iio_places_parse. */
int iio_places_builtin(iio_places **out, char **err);
void iio_places_free(iio_places *p);
/* Places listed. */
size_t iio_places_count(const iio_places *p);

/* The province PLACE lies in (as iio_provinces spells it), NULL when the
 * table does not list it. */
const char *iio_places_province(const iio_places *p, const char *place);
/* Note PLACE as one the table does not list: 1 the first time it is
 * noted (by its folded form), 0 after; -1 when out of memory. */
int iio_places_note_unknown(iio_places *p, const char *place);
/* Distinct unknown places noted. */
size_t iio_places_unknown(const iio_places *p);

/* NAME folded as places are compared: lower case, no accents, hyphens and
 * runs of blanks as one blank, curly apostrophes straight, trimmed, without
 * "gemeente " before or " (gemeente)" after. Malloc'ed; NULL when out of
 * memory or NAME is not UTF-8. */
char *iio_place_fold(const char *name);

#endif
