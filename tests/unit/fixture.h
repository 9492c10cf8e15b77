/* fixture.h - what the unit tests that build an index of their own share:
 * adding one record to a build, the test bailing out when it cannot. */
#ifndef IIO_TEST_FIXTURE_H
#define IIO_TEST_FIXTURE_H

#include "../../indexer/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Index a record of fixture.jsonl: ID, TYPE, TITLE, TEXT (copied) and
 * FIELDS (a JSON object, taken over; NULL: none). */
static inline void fixture_add(iio_build *b, const char *id, const char *type, const char *title, const char *text,
			       json_t *fields)
{
	iio_record r;
	char *err = NULL;
	memset(&r, 0, sizeof r);
	r.source = "fixture.jsonl";
	r.line = 1;
	r.id = strdup(id);
	r.type = strdup(type);
	r.title = strdup(title);
	r.text = strdup(text);
	r.fields = fields ? fields : json_object();
	if (iio_build_add(b, &r, NULL, &err)) {
		printf("Bail out! cannot index %s: %s\n", id, err);
		exit(1);
	}
	iio_record_clear(&r);
}

#endif
