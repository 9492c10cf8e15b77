/* schema.c - the record fields of the index (see analyze.h): their names
 * in English and Dutch, term prefixes and facet slots. */
#include "analyze.h"

#include <strings.h>

const iio_field_def iio_fields[] = {
	{"title", "titel", "S", IIO_FIELD_TEXT, -1},
	{"type", "soort", "XT", IIO_FIELD_EXACT, 0},
	{"level", "niveau", "XL", IIO_FIELD_EXACT, 3},
	{"stream", "leerweg", "XR", IIO_FIELD_EXACT, 4},
	{"subject", "vak", "XV", IIO_FIELD_TEXT, 5},
	{"experiment", "experiment", "XE", IIO_FIELD_TEXT, 6},
	{"school", "school", "XS", IIO_FIELD_TEXT, 7},
	{"place", "plaats", "XP", IIO_FIELD_TEXT, 8},
	{"year", "jaar", "", IIO_FIELD_YEAR, 9},
	{"keywords", "trefwoorden", "K", IIO_FIELD_TEXT, -1},
};

const size_t iio_nfields = sizeof iio_fields / sizeof iio_fields[0];

const iio_field_def *iio_field_named(const char *name, size_t len)
{
	for (size_t i = 0; i < iio_nfields; i++) {
		const iio_field_def *f = &iio_fields[i];
		size_t a = 0, b = 0;
		while (f->name[a])
			a++;
		while (f->dutch[b])
			b++;
		if ((a == len && !strncasecmp(f->name, name, len)) || (b == len && !strncasecmp(f->dutch, name, len)))
			return f;
	}
	return NULL;
}
