/* test-shim.c - the Xapian shim: what it does, and that every error class
 * comes back as a status and a message instead of an exception. */
#define _GNU_SOURCE
#include "../../shim/xs.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/iio-test-shim-XXXXXX";

static char *path_in(const char *name)
{
	static char buf[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

static void add_doc(xs_wdb *w, const char *id, const char *words, const char *type, double year)
{
	xs_doc *d = xs_doc_new();
	char idterm[64], val[18], *copy = strdup(words), *save = NULL;
	unsigned pos = 1;
	size_t n;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		xs_doc_add_posting(d, t, strlen(t), pos++, 1);
	free(copy);
	snprintf(idterm, sizeof idterm, "Q%s", id);
	xs_doc_add_boolean_term(d, idterm, strlen(idterm));
	xs_doc_set_value(d, 0, type, strlen(type));
	n = xs_sortable_serialise(year, val);
	xs_doc_set_value(d, 1, val, n);
	xs_doc_pack_values(d, 17, 1u << 0 | 1u << 1 | 1u << 5); /* 5: none set, none packed */
	xs_doc_set_data(d, id, strlen(id));
	xs_wdb_replace(w, idterm, strlen(idterm), d);
	xs_doc_free(d);
}

static unsigned count(xs_db *db, const xs_query *q)
{
	xs_enquire *e;
	xs_mset *m;
	unsigned lower = 0, upper = 1;
	if (xs_enquire_new(&e, db, NULL))
		return 9999;
	if (xs_enquire_set_query(e, q) || xs_enquire_mset(e, 0, 100, 100, &m)) {
		xs_enquire_free(e);
		return 9999;
	}
	xs_mset_matches(m, &lower, NULL, &upper);
	xs_mset_free(m);
	xs_enquire_free(e);
	return lower == upper ? lower : 9998;
}

static xs_query *T(const char *t) { return xs_query_term(t, strlen(t), 1, 0); }

static xs_query *combine2(xs_op op, xs_query *a, xs_query *b, unsigned window)
{
	xs_query *v[2] = {a, b};
	xs_query *q = xs_query_combine(op, v, 2, window);
	xs_query_free(a);
	xs_query_free(b);
	return q;
}

static int count_facet(void *ctx, const char *value, size_t len, unsigned n)
{
	char *out = ctx;
	char buf[64];
	snprintf(buf, sizeof buf, "%.*s=%u;", (int)len, value, n);
	strcat(out, buf);
	return 0;
}

static int long_facet(void *ctx, const char *value, size_t len, unsigned n)
{
	(void)value;
	if (n == 1)
		*(size_t *)ctx = len;
	return 0;
}

static int count_str(void *ctx, const char *s, size_t len)
{
	(void)s;
	(void)len;
	(*(int *)ctx)++;
	return 0;
}

/* The database the groups share, and its writer while it is open. */
static xs_db *db;
static xs_wdb *w;

/* Opening what is not there. */
static void test_missing(void)
{
	xs_status st;
	char *err = NULL;

	st = xs_db_open(&db, path_in("missing"), &err);
	is_int(st, XS_DB_OPENING, "missing database: XS_DB_OPENING");
	ok(db == NULL && err && strlen(err) > 0, "missing database: message '%s'", err ? err : "");
	xs_free(err);
	err = NULL;
	ok(strcmp(xs_status_string(XS_DB_LOCKED), "database locked") == 0, "status names");

	st = xs_wdb_open(&w, path_in("db"), XS_OPEN, &err);
	is_int(st, XS_DB_OPENING, "XS_OPEN of a missing writable database fails");
	xs_free(err);
	err = NULL;
}

/* Build a small database. */
static void test_build(void)
{
	xs_status st;
	char *err = NULL;
	unsigned n = 0;

	st = xs_wdb_open(&w, path_in("db"), XS_CREATE, &err);
	is_int(st, XS_OK, "create a database");
	add_doc(w, "a", "leerling krimp school", "video", 2011);
	add_doc(w, "b", "leraar tekort school onderwijs", "case", 2012);
	add_doc(w, "c", "leerling leraar school", "video", 2013);
	add_doc(w, "d", "onderwijs vernieuwing innovatie innovatief", "document", 2014);
	is_int(xs_wdb_set_metadata(w, "iio:test", "yes", 3), XS_OK, "set metadata");
	is_int(xs_wdb_add_spelling(w, "leerling", 8, 1), XS_OK, "add spelling");
	is_int(xs_wdb_add_synonym(w, "docent", 6, "leraar", 6), XS_OK, "add synonym");
	is_int(xs_wdb_commit(w), XS_OK, "commit");
	is_int(xs_wdb_doccount(w, &n), XS_OK, "doccount");
	is_int(n, 4, "four documents");
}

/* A second writer meets the lock. */
static void test_lock(void)
{
	xs_status st;
	char *err = NULL;
	xs_wdb *w2 = NULL;

	st = xs_wdb_open(&w2, path_in("db"), XS_CREATE_OR_OPEN, &err);
	is_int(st, XS_DB_LOCKED, "second writer: XS_DB_LOCKED");
	ok(err && strlen(err) > 0, "second writer: message '%s'", err ? err : "");
	xs_free(err);
	err = NULL;
}

/* Transactions. */
static void test_transactions(void)
{
	unsigned n = 0;

	is_int(xs_wdb_begin(w, 1), XS_OK, "begin transaction");
	is_int(xs_wdb_begin(w, 1), XS_INVALID_OPERATION, "nested transaction: XS_INVALID_OPERATION");
	ok(strlen(xs_wdb_error(w)) > 0, "nested transaction: message '%s'", xs_wdb_error(w));
	add_doc(w, "e", "tijdelijk", "video", 2015);
	is_int(xs_wdb_cancel_transaction(w), XS_OK, "cancel transaction");
	xs_wdb_doccount(w, &n);
	is_int(n, 4, "cancelled document is gone");
	is_int(xs_wdb_commit_transaction(w), XS_INVALID_OPERATION, "commit without transaction fails");
}

/* Documents: bad terms. */
static void test_bad_terms(void)
{

	{
		xs_doc *d = xs_doc_new();
		char longterm[300];
		memset(longterm, 'x', sizeof longterm);
		is_int(xs_doc_add_term(d, "", 0, 1), XS_INVALID_ARGUMENT, "empty term rejected");
		is_int(xs_doc_add_posting(d, longterm, sizeof longterm, 1, 1), XS_INVALID_ARGUMENT,
		       "overlong term rejected");
		ok(strstr(xs_doc_error(d), "too long") != NULL, "overlong term: message '%s'", xs_doc_error(d));
		xs_doc_free(d);
	}
}

/* Reading while the writer is open: readers see the last commit. */
static void test_read_while_writing(void)
{
	xs_status st;
	char *err = NULL;
	unsigned n = 0;

	st = xs_db_open(&db, path_in("db"), &err);
	is_int(st, XS_OK, "open for reading");
	xs_db_doccount(db, &n);
	is_int(n, 4, "reader sees four documents");
	{
		xs_docid id = 0;
		char *data;
		size_t len;
		is_int(xs_db_find_doc(db, "Qc", 2, &id), XS_OK, "find document by id term");
		is_int(xs_db_get_data(db, id, &data, &len), XS_OK, "get its data");
		ok(len == 1 && data[0] == 'c', "data is 'c'");
		xs_free(data);
		is_int(xs_db_find_doc(db, "Qzz", 3, &id), XS_NOT_FOUND, "unknown id: XS_NOT_FOUND");
		is_int(xs_db_get_data(db, 999, &data, &len), XS_NOT_FOUND, "unknown docid: XS_NOT_FOUND");
		ok(strlen(xs_db_error(db)) > 0, "unknown docid: message '%s'", xs_db_error(db));
		is_int(xs_db_get_metadata(db, "iio:test", &data, &len), XS_OK, "get metadata");
		is_str(data, "yes", "metadata value");
		xs_free(data);
		is_int(xs_db_termfreq(db, "school", 6, &n), XS_OK, "termfreq");
		is_int(n, 3, "'school' in three documents");
		is_int(xs_db_spelling(db, "leerlinng", 9, 2, &data), XS_OK, "spelling suggestion");
		is_str(data, "leerling", "leerlinng -> leerling");
		xs_free(data);
		n = 0;
		xs_db_synonyms(db, "docent", 6, count_str, &n);
		is_int(n, 1, "one synonym of docent");
		n = 0;
		xs_db_terms(db, "le", 2, count_str, &n);
		is_int(n, 2, "two terms start with 'le'");
	}
}

/* The writer adds; the reader sees it after reopen. */
static void test_reopen(void)
{
	unsigned n = 0;

	add_doc(w, "e", "nieuw", "video", 2015);
	xs_wdb_commit(w);
	{
		int changed = 0;
		is_int(xs_db_reopen(db, &changed), XS_OK, "reopen");
		ok(changed, "reopen saw a change");
		xs_db_doccount(db, &n);
		is_int(n, 5, "reader sees five documents after reopen");
	}
	is_int(xs_wdb_delete(w, "Qe", 2), XS_OK, "delete by id term");
	is_int(xs_wdb_close(w), XS_OK, "close writer (commits)");
	w = NULL;
	xs_db_reopen(db, NULL);
	xs_db_doccount(db, &n);
	is_int(n, 4, "deleted document is gone");
}

/* Checks that Q matches WANT documents of db, then frees Q. */
static void is_count(xs_query *q, unsigned want, const char *what)
{
	is_int(count(db, q), want, "%s", what);
	xs_query_free(q);
}

/* Queries. */
static void test_queries(void)
{
	xs_query *q;

	is_count(T("school"), 3, "term query");
	is_count(combine2(XS_OP_AND, T("leerling"), T("school"), 0), 2, "AND");
	is_count(combine2(XS_OP_OR, T("krimp"), T("tekort"), 0), 2, "OR");
	is_count(combine2(XS_OP_AND_NOT, T("school"), T("leraar"), 0), 1, "AND_NOT");
	is_count(combine2(XS_OP_FILTER, T("school"), T("krimp"), 0), 1, "FILTER");
	is_count(combine2(XS_OP_PHRASE, T("leerling"), T("krimp"), 0), 1, "PHRASE in order");
	is_count(combine2(XS_OP_PHRASE, T("krimp"), T("leerling"), 0), 0, "PHRASE out of order");
	is_count(combine2(XS_OP_NEAR, T("school"), T("leerling"), 3), 2, "NEAR within 3");
	{
		xs_query *s1 = T("leerling"), *s2 = xs_query_scale(s1, 2.5);
		is_int(count(db, s2), 2, "OP_SCALE_WEIGHT keeps the matches");
		xs_query_free(s1);
		xs_query_free(s2);
	}
	{
		char lo[18], hi[18];
		size_t ll = xs_sortable_serialise(2012, lo), hl = xs_sortable_serialise(2013, hi);
		is_count(xs_query_value_range(1, lo, ll, hi, hl), 2, "value range 2012..2013");
		is_count(xs_query_value_range(1, lo, ll, NULL, 0), 3, "value range 2012..");
		q = xs_query_value_range(1, NULL, 0, NULL, 0);
		ok(xs_query_error(q) != NULL, "value range without bounds is an error query");
		xs_query_free(q);
	}
	is_count(xs_query_wildcard("innovat", 7, 10), 1, "wildcard");
	is_count(xs_query_wildcard("le", 2, 1), 2, "wildcard capped at one expansion (the most frequent)");
}

/* Bad queries: the error travels with the query to the enquire. */
static void test_bad_queries(void)
{
	char *s = NULL;
	xs_query *q;

	{
		xs_enquire *e;
		xs_query *bad = xs_query_term("", 0, 1, 0), *good = T("school"), *v[2];
		ok(bad && xs_query_error(bad) != NULL, "empty term gives an error query");
		v[0] = good;
		v[1] = bad;
		q = xs_query_combine(XS_OP_AND, v, 2, 0);
		ok(xs_query_error(q) != NULL, "the error propagates through combine");
		s = xs_query_describe(q);
		ok(s && strstr(s, "invalid") != NULL, "describe says invalid: %s", s ? s : "");
		xs_free(s);
		is_int(xs_enquire_new(&e, db, NULL), XS_OK, "enquire");
		is_int(xs_enquire_set_query(e, q), XS_INVALID_ARGUMENT, "set_query of a bad query: XS_INVALID_ARGUMENT");
		ok(strlen(xs_enquire_error(e)) > 0, "bad query: message '%s'", xs_enquire_error(e));
		is_int(xs_enquire_facets(e, 7, 10, count_facet, NULL), XS_INVALID_OPERATION,
		       "facets of an unrequested slot: XS_INVALID_OPERATION");
		xs_query_free(q);
		q = xs_query_combine(99, v, 2, 0);
		ok(xs_query_error(q) != NULL, "unknown operator gives an error query");
		xs_query_free(q);
		xs_query_free(bad);
		xs_query_free(good);
		xs_enquire_free(e);
	}
}

/* Ranking options, sorting and facets. */
static void test_ranking(void)
{
	xs_query *q;

	{
		xs_enquire *e;
		xs_mset *m;
		char facets[256] = "";
		xs_docid id;
		double w1 = 0, wx = 0;
		xs_enquire_new(&e, db, NULL);
		q = T("school");
		xs_enquire_set_query(e, q);
		is_int(xs_enquire_set_bm25(e, 1.2, 0, 1, 0.75, 0.5), XS_OK, "BM25 parameters");
		is_int(xs_enquire_add_facet(e, 0), XS_OK, "facet on slot 0");
		is_int(xs_enquire_set_sort(e, 1, 1), XS_OK, "sort by year, descending");
		is_int(xs_enquire_mset(e, 0, 10, 10, &m), XS_OK, "mset");
		is_int(xs_mset_size(m), 3, "three results");
		xs_mset_item(m, 0, &id, &w1, NULL);
		{
			char *data;
			xs_db_get_data(db, id, &data, NULL);
			is_str(data, "c", "newest first when sorted by year");
			xs_free(data);
		}
		is_int(xs_mset_item(m, 3, &id, &wx, NULL), XS_RANGE, "item past the end: XS_RANGE");
		{
			char *data = NULL;
			size_t len = 0;
			is_int(xs_mset_data(m, 0, &data, &len), XS_OK, "data of an mset item");
			ok(len == 1 && data && data[0] == 'c', "mset data is the stored data");
			xs_free(data);
			is_int(xs_mset_data(m, 3, &data, &len), XS_RANGE, "data past the end: XS_RANGE");
			ok(strlen(xs_mset_error(m)) > 0, "data past the end: message '%s'", xs_mset_error(m));
		}
		is_int(xs_enquire_facets(e, 0, 10, count_facet, facets), XS_OK, "facet counts");
		is_str(facets, "video=2;case=1;", "facet values, most frequent first");
		xs_mset_free(m);
		is_int(xs_enquire_mset(e, 1, 10, 0, &m), XS_OK, "mset with offset");
		is_int(xs_mset_size(m), 2, "offset 1 leaves two");
		xs_mset_free(m);
		xs_query_free(q);
		xs_enquire_free(e);
	}
	/* Facets from the packed values: the same counts, in the same order,
	 * and the same number of matches seen, as a spy per slot. */
	{
		const char *queries[] = {"school", "leerling", "onderwijs", "nergens"};
		for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
			char per_slot[256] = "", packed[256] = "";
			unsigned seen1 = 0, seen2 = 0;
			for (int pack = 0; pack < 2; pack++) {
				xs_enquire *e;
				xs_mset *m = NULL;
				char *out = pack ? packed : per_slot;
				xs_enquire_new(&e, db, NULL);
				q = T(queries[i]);
				xs_enquire_set_query(e, q);
				xs_enquire_add_facet(e, 0);
				xs_enquire_add_facet(e, 1);
				if (pack)
					is_int(xs_enquire_set_facet_pack(e, 17), XS_OK, "facets from the pack in slot 17");
				is_int(xs_enquire_mset(e, 0, 10, 100, &m), XS_OK, "mset with facets");
				for (unsigned s = 0; s < 2; s++) {
					xs_enquire_facets(e, s, 10, count_facet, out);
					strcat(out, "|");
				}
				xs_enquire_facet_seen(e, 0, pack ? &seen2 : &seen1);
				xs_mset_free(m);
				xs_query_free(q);
				xs_enquire_free(e);
			}
			is_str(packed, per_slot, "%s: packed facet counts equal a spy's per slot (%s)", queries[i], per_slot);
			is_int((int)seen2, (int)seen1, "%s: and so do the matches seen", queries[i]);
			{
				xs_enquire *e;
				xs_mset *m = NULL;
				unsigned counted = 12345;
				xs_enquire_new(&e, db, NULL);
				q = T(queries[i]);
				xs_enquire_set_query(e, q);
				is_int(xs_enquire_counted(e, &counted), XS_INVALID_OPERATION, "nothing counted before a counter and a match");
				xs_enquire_add_counter(e);
				xs_enquire_set_collapse(e, 0);
				is_int(xs_enquire_mset(e, 0, 10, 100, &m), XS_OK, "mset with a counter, collapsed");
				is_int(xs_enquire_counted(e, &counted), XS_OK, "the counter's count");
				is_int((int)counted, (int)seen1, "%s: the counter counts every match before collapsing, as a spy does", queries[i]);
				xs_mset_free(m);
				xs_query_free(q);
				xs_enquire_free(e);
			}
		}
	}
	xs_db_close(db);
	db = NULL;
}

/* The consistency check: a good database passes, a damaged copy not. */
static void test_check(void)
{
	xs_status st;
	char *err = NULL;

	{
		unsigned long problems = 99;
		char cmd[600];
		FILE *f;
		st = xs_db_check(path_in("db"), &problems, &err);
		ok(st == XS_OK && problems == 0, "check: the database is consistent (%s, %lu problems)",
		   xs_status_string(st), problems);
		snprintf(cmd, sizeof cmd, "cp -r '%s' '%s'", path_in("db"), path_in("damaged"));
		ok(system(cmd) == 0, "copy the database");
		f = fopen(path_in("damaged/postlist.glass"), "r+b");
		ok(f != NULL, "open a table of the copy");
		if (f) {
			long size;
			fseek(f, 0, SEEK_END);
			size = ftell(f);
			/* Garbage over the whole table, its size kept. */
			fseek(f, 0, SEEK_SET);
			for (long off = 0; off + 16 <= size; off += 16)
				fwrite("garbage-garbage-", 1, 16, f);
			fclose(f);
		}
		problems = 0;
		st = xs_db_check(path_in("damaged"), &problems, &err);
		ok(st != XS_OK || problems > 0, "check: the damaged copy fails (%s, %lu problems%s%s)",
		   xs_status_string(st), problems, err ? ": " : "", err ? err : "");
		xs_free(err);
		err = NULL;
		st = xs_db_check(path_in("missing"), &problems, &err);
		ok(st != XS_OK && err && *err, "check: a missing database is an error, with a message");
		xs_free(err);
		err = NULL;
	}
}

/* Stub files: a good one opens, a corrupt line is an error. */
static void test_stubs(void)
{
	xs_status st;
	char *err = NULL;
	unsigned n = 0;

	{
		FILE *f = fopen(path_in("good.stub"), "w");
		fprintf(f, "glass %s\n", path_in("db"));
		fclose(f);
		st = xs_db_open(&db, path_in("good.stub"), &err);
		is_int(st, XS_OK, "stub file opens");
		xs_db_doccount(db, &n);
		is_int(n, 4, "through the stub: four documents");
		xs_db_close(db);
		db = NULL;
		f = fopen(path_in("bad.stub"), "w");
		fprintf(f, "this is not a stub line\n");
		fclose(f);
		st = xs_db_open(&db, path_in("bad.stub"), &err);
		ok(st != XS_OK && db == NULL, "corrupt stub line fails (%s)", xs_status_string(st));
		ok(err && strlen(err) > 0, "corrupt stub line: message '%s'", err ? err : "");
		xs_free(err);
		err = NULL;
		f = fopen(path_in("nowhere.stub"), "w");
		fprintf(f, "glass %s\n", path_in("nowhere"));
		fclose(f);
		st = xs_db_open(&db, path_in("nowhere.stub"), &err);
		ok(st != XS_OK && db == NULL, "stub pointing nowhere fails (%s)", xs_status_string(st));
		xs_free(err);
		err = NULL;
	}
}

/* A damaged table file: an error status, never a crash. */
static void test_damaged_table(void)
{
	xs_status st;
	char *err = NULL;

	{
		FILE *f = fopen(path_in("db/postlist.glass"), "r+");
		char junk[4096];
		xs_query *sq;
		memset(junk, 0x5a, sizeof junk);
		ok(f != NULL, "open postlist table to damage it");
		if (f) {
			fwrite(junk, 1, sizeof junk, f);
			fclose(f);
		}
		st = xs_db_open(&db, path_in("db"), &err);
		if (st == XS_OK) {
			xs_enquire *e;
			xs_mset *m = NULL;
			xs_enquire_new(&e, db, NULL);
			sq = T("school");
			xs_enquire_set_query(e, sq);
			st = xs_enquire_mset(e, 0, 10, 0, &m);
			ok(st == XS_DB_CORRUPT || st == XS_DB_ERROR, "search on a damaged table: %s (%s)",
			   xs_status_string(st), xs_enquire_error(e));
			xs_mset_free(m);
			xs_query_free(sq);
			xs_enquire_free(e);
			xs_db_close(db);
		} else {
			ok(st == XS_DB_CORRUPT || st == XS_DB_ERROR || st == XS_DB_OPENING,
			   "open of a damaged database: %s (%s)", xs_status_string(st), err);
			xs_free(err);
		}
	}
}

/* A value of any length packs: a school's name of 70,000 bytes is
 * counted whole, beside a short type. */
static void test_long_pack(void)
{
	xs_wdb *lw = NULL;
	xs_db *ldb = NULL;
	xs_doc *d = xs_doc_new();
	xs_enquire *e = NULL;
	xs_mset *m = NULL;
	xs_query *all = xs_query_match_all();
	size_t n = 70000;
	char *big = malloc(n), got[64] = "";
	size_t len = 0;
	memset(big, 'x', n);
	is_int(xs_wdb_open(&lw, path_in("long"), XS_CREATE, NULL), XS_OK, "a database of its own");
	xs_doc_set_value(d, 0, "video", 5);
	xs_doc_set_value(d, 7, big, n);
	is_int(xs_doc_pack_values(d, 17, 1u << 0 | 1u << 7), XS_OK, "a 70,000-byte value packs");
	xs_wdb_add(lw, d, NULL);
	xs_wdb_close(lw);
	is_int(xs_db_open(&ldb, path_in("long"), NULL), XS_OK, "opened");
	xs_enquire_new(&e, ldb, NULL);
	xs_enquire_set_query(e, all);
	xs_enquire_add_facet(e, 0);
	xs_enquire_add_facet(e, 7);
	xs_enquire_set_facet_pack(e, 17);
	is_int(xs_enquire_mset(e, 0, 10, 10, &m), XS_OK, "mset");
	xs_enquire_facets(e, 0, 10, count_facet, got);
	is_str(got, "video=1;", "the short value after it is read");
	xs_enquire_facets(e, 7, 10, long_facet, &len);
	is_int((int)len, 70000, "the long value is counted whole");
	xs_mset_free(m);
	xs_enquire_free(e);
	xs_query_free(all);
	xs_db_close(ldb);
	xs_doc_free(d);
	free(big);
}

/* Each group runs on what the ones before it left: the database built,
 * the writer closed, the table damaged last. */
int main(void)
{
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp failed\n");
		return 1;
	}
	subtest("opening what is not there", test_missing);
	subtest("a small database built", test_build);
	subtest("a second writer meets the lock", test_lock);
	subtest("transactions", test_transactions);
	subtest("documents: bad terms", test_bad_terms);
	subtest("reading while the writer is open", test_read_while_writing);
	subtest("the reader sees a commit after reopen", test_reopen);
	subtest("queries", test_queries);
	subtest("bad queries", test_bad_queries);
	subtest("ranking options, sorting and facets", test_ranking);
	subtest("the consistency check", test_check);
	subtest("stub files", test_stubs);
	subtest("a damaged table file", test_damaged_table);
	subtest("a long value packed", test_long_pack);
	tap_remove_tree(tmpdir);
	return done_testing();
}
