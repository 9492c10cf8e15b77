/* schema.c - the record fields of the index (see format.h): their names
 * in English and Dutch, term prefixes, facet slots and the weight of their
 * words; the twelve provinces. */
#include "format.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include <strings.h>

const iio_field_def iio_fields[] = {
	{"title", "titel", IIO_PREFIX_TITLE, IIO_FIELD_TEXT, -1, IIO_TITLE_WDF},
	{"type", "soort", IIO_PREFIX_TYPE, IIO_FIELD_EXACT, IIO_SLOT_TYPE, 0},
	{"level", "niveau", "XL", IIO_FIELD_EXACT, IIO_SLOT_LEVEL, 0},
	{"stream", "leerweg", "XR", IIO_FIELD_EXACT, IIO_SLOT_STREAM, 0},
	{"subject", "vak", "XV", IIO_FIELD_TEXT, IIO_SLOT_SUBJECT, 1},
	{"experiment", "experiment", "XE", IIO_FIELD_TEXT, IIO_SLOT_EXPERIMENT, 1},
	{"school", "school", "XS", IIO_FIELD_TEXT, IIO_SLOT_SCHOOL, 1},
	{"place", "plaats", "XP", IIO_FIELD_TEXT, IIO_SLOT_PLACE, 1},
	/* Derived from the place by the readers (indexer/places.h); its words
	 * are words of the record too, as the place's are, found but not
	 * weighed (wdf 0: format.h). */
	{"province", "provincie", "XQ", IIO_FIELD_TEXT, IIO_SLOT_PROVINCE, 0},
	{"year", "jaar", "", IIO_FIELD_YEAR, IIO_SLOT_YEAR_FACET, 0},
	{"keywords", "trefwoorden", "K", IIO_FIELD_TEXT, -1, IIO_TITLE_WDF},
	{"role", "rol", "XO", IIO_FIELD_TEXT, -1, 1},
};

const size_t iio_nfields = sizeof iio_fields / sizeof iio_fields[0];

const iio_record_field_def iio_record_fields[] = {
	{"type", "Soort", 0},           {"subject", "Vak", 0},          {"level", "Niveau", 0},
	{"stream", "Leerweg", 0},       {"grade", "Leerjaar", 1},       {"duration", "Duur", 1},
	{"experiment", "Experiment", 0}, {"school", "School", 0},       {"place", "Plaats", 0},
	{"province", "Provincie", 0},
	{"year", "Jaar", 1},            {"year_end", "Tot", 1},         {"role", "Rol", 0},
	{"makers", "Gemaakt door", 0},  {"supervisor", "Begeleiding", 0}, {"keywords", "Trefwoorden", 0},
	{"licence", "Licentie", 0},     {"page", "Pagina", 0},          {"date", "Datum", 0},
	{"author", "Auteur", 0},
};

const size_t iio_nrecord_fields = sizeof iio_record_fields / sizeof iio_record_fields[0];

const char *const iio_provinces[] = {"Groningen", "Friesland",     "Drenthe",      "Overijssel",
				      "Flevoland", "Gelderland",    "Utrecht",      "Noord-Holland",
				      "Zuid-Holland", "Zeeland",    "Noord-Brabant", "Limburg"};
const size_t iio_nprovinces = sizeof iio_provinces / sizeof iio_provinces[0];

const char *iio_province_named(const char *name, size_t len)
{
	/* Friesland's official name is the Frisian one: Fryslân. */
	if (len == 7 && !strncasecmp(name, "fryslan", 7))
		return "Friesland";
	for (size_t i = 0; i < iio_nprovinces; i++) {
		const char *p = iio_provinces[i];
		size_t k = 0;
		for (; k < len && p[k]; k++)
			if (tolower((unsigned char)name[k]) != tolower((unsigned char)p[k]) &&
			    !(name[k] == ' ' && p[k] == '-'))
				break;
		if (k == len && !p[k])
			return p;
	}
	return NULL;
}

const iio_record_field_def *iio_record_field_named(const char *name)
{
	for (size_t i = 0; name && i < iio_nrecord_fields; i++)
		if (!strcmp(iio_record_fields[i].name, name))
			return &iio_record_fields[i];
	return NULL;
}

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

char *iio_stored_encode(const json_t *rec, size_t *len)
{
	json_t *head = json_copy((json_t *)rec);
	const char *text = json_string_value(json_object_get(rec, "text"));
	size_t tlen = text ? json_string_length(json_object_get(rec, "text")) : 0;
	char *h, *out = NULL;
	if (!head)
		return NULL;
	json_object_del(head, "text");
	h = json_dumps(head, JSON_COMPACT);
	json_decref(head);
	if (h) {
		size_t hl = strlen(h);
		if ((out = malloc(hl + 1 + tlen + 1))) {
			memcpy(out, h, hl + 1);
			if (tlen)
				memcpy(out + hl + 1, text, tlen);
			out[hl + 1 + tlen] = '\0';
			*len = hl + 1 + tlen;
		}
	}
	free(h);
	return out;
}

json_t *iio_stored_decode(const char *data, size_t len)
{
	const char *nul = memchr(data, '\0', len);
	size_t hl = nul ? (size_t)(nul - data) : len;
	json_t *rec = json_loadb(data, hl, 0, NULL);
	if (!rec || !json_is_object(rec)) {
		json_decref(rec);
		return NULL;
	}
	/* The text was valid UTF-8 when it was stored. */
	if (nul && json_object_set_new(rec, "text", json_stringn_nocheck(nul + 1, len - hl - 1))) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}
