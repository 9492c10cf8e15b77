/* fixture.h - what the unit tests that build an index of their own share:
 * opening a build, adding one record to it, committing it, the test
 * bailing out when it cannot. */
#ifndef IIO_TEST_FIXTURE_H
#define IIO_TEST_FIXTURE_H

#include "../../indexer/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The scratch directory TMPDIR (a mkdtemp template, made), DBDIR (CAP
 * bytes) the database's path in it, and the analyzer of $IIO_LEXICON
 * (make check sets it) into *AN. */
static inline void fixture_start(char *tmpdir, char *dbdir, size_t cap, iio_analyzer **an)
{
	char *err = NULL;
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp\n");
		exit(1);
	}
	snprintf(dbdir, cap, "%s/db", tmpdir);
	if (iio_analyzer_open(an, getenv("IIO_LEXICON"), &err)) {
		printf("Bail out! %s\n", err);
		exit(1);
	}
}

/* A new build in DIR (an empty database) with analyzer AN. */
static inline iio_build *fixture_open(const char *dir, const iio_analyzer *an)
{
	iio_build *b;
	char *err = NULL;
	if (iio_build_open(&b, dir, NULL, an, &err)) {
		printf("Bail out! cannot build %s: %s\n", dir, err);
		exit(1);
	}
	return b;
}

/* Commit B and close it. */
static inline void fixture_finish(iio_build *b)
{
	char *err = NULL;
	if (iio_build_finish(b, &err)) {
		printf("Bail out! cannot commit the fixture: %s\n", err);
		exit(1);
	}
}

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
