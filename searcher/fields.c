/* fields.c - the record fields, told to callers (libiiosearch): the CLI's
 * filter options, the HTTP parameters and the search page's facets all
 * come from the one field table (iio_fields, indexer/format.h), so a new
 * field is one line there. */
#define _GNU_SOURCE
#include "private.h"

#include <stdlib.h>

const char *iio_field_name(size_t i) { return i < iio_nfields ? iio_fields[i].name : NULL; }

const char *iio_field_dutch(size_t i) { return i < iio_nfields ? iio_fields[i].dutch : NULL; }

/* A field with a facet slot holds one value per record to filter on and
 * count (type, level, ...); title and keywords are words to search. */
int iio_field_is_filter(size_t i) { return i < iio_nfields && iio_fields[i].facet_slot >= 0; }

const char *iio_record_field_key(size_t i) { return i < iio_nrecord_fields ? iio_record_fields[i].name : NULL; }

const char *iio_field_label(const char *key)
{
	const iio_record_field_def *f = iio_record_field_named(key);
	return f ? f->label : NULL;
}

iio_status iio_fields_json(char **out)
{
	json_t *o = json_object(), *a = json_array();
	if (!out)
		return IIO_ERR_ARGUMENT;
	*out = NULL;
	if (!o || !a) {
		json_decref(o);
		json_decref(a);
		return IIO_ERR_NOMEM;
	}
	for (size_t i = 0; i < iio_nfields; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "name", iio_fields[i].name, "dutch", iio_fields[i].dutch,
						   "filter", iio_field_is_filter(i)));
	json_object_set_new(o, "fields", a);
	*out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return *out ? IIO_OK : IIO_ERR_NOMEM;
}
