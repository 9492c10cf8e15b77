/* index-dump - print every record of an index database in a stable form:
 * id, stored data, values and terms (with wdf and position counts), in id
 * order, then the spelling table (words and frequencies). Two dumps that
 * are equal hold the same index contents record by record and the same
 * vocabulary (tests/e2e/nightly.t compares an incremental and a full run).
 *
 * Usage: index-dump DIR (a generation directory, or an index root whose
 * `current` names one).
 */
#include "../../shim/xs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_term(void *ctx, const char *s, size_t len, unsigned wdf, unsigned positions)
{
	(void)ctx;
	printf("  term %.*s wdf=%u pos=%u\n", (int)len, s, wdf, positions);
	return 0;
}

typedef struct dump {
	xs_db *db;
	int status;
} dump;

static int print_record(void *ctx, const char *s, size_t len)
{
	dump *d = ctx;
	xs_docid id;
	char *data = NULL;
	size_t n = 0;
	if (xs_db_find_doc(d->db, s, len, &id) || xs_db_get_data(d->db, id, &data, &n)) {
		fprintf(stderr, "index-dump: %.*s: %s\n", (int)len, s, xs_db_error(d->db));
		d->status = 1;
		return 1;
	}
	printf("record %.*s\n  data ", (int)len - 1, s + 1);
	for (size_t k = 0; k < n; k++) /* the header, a NUL, the text */
		if (data[k])
			putchar(data[k]);
		else
			fputs("\n  text ", stdout);
	putchar('\n');
	xs_free(data);
	for (unsigned slot = 0; slot < 32; slot++) { /* every slot format.h names, and room */
		char *v = NULL;
		size_t vl = 0;
		if (xs_db_get_value(d->db, id, slot, &v, &vl) == XS_OK && vl) {
			printf("  value %u ", slot);
			for (size_t i = 0; i < vl; i++)
				printf("%02x", (unsigned char)v[i]);
			printf("\n");
		}
		xs_free(v);
	}
	if (xs_db_doc_terms(d->db, id, print_term, NULL)) {
		d->status = 1;
		return 1;
	}
	return 0;
}

static int print_spelling(void *ctx, const char *s, size_t len, unsigned freq)
{
	(void)ctx;
	printf("spelling %.*s %u\n", (int)len, s, freq);
	return 0;
}

int main(int argc, char **argv)
{
	dump d = {0};
	char *err = NULL, path[4096];
	if (argc != 2) {
		fprintf(stderr, "usage: index-dump DIR\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/current", argv[1]);
	if (xs_db_open(&d.db, path, &err)) {
		xs_free(err);
		err = NULL;
	}
	if (!d.db && xs_db_open(&d.db, argv[1], &err)) {
		fprintf(stderr, "index-dump: %s: %s\n", argv[1], err ? err : "cannot open");
		xs_free(err);
		return 2;
	}
	/* The metadata a run writes, but not the time of the build. */
	for (const char *const *k = (const char *const[]){"iio:analyzer", "iio:records", "iio:inputs", NULL}; *k; k++) {
		char *v = NULL;
		size_t vl = 0;
		if (xs_db_get_metadata(d.db, *k, &v, &vl) == XS_OK)
			printf("meta %s=%.*s\n", *k, (int)vl, v ? v : "");
		xs_free(v);
	}
	if (xs_db_terms(d.db, "Q", 1, print_record, &d))
		d.status = 1;
	/* The spelling table: the corpus vocabulary with its frequencies. */
	if (xs_db_spellings(d.db, print_spelling, NULL))
		d.status = 1;
	xs_db_close(d.db);
	return d.status;
}
