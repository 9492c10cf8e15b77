/* test-facets.c - facet counts (count.c, facets.c) through the public API
 * on a fixture whose counts are known by construction: more records than
 * IIO_FACETS_EXACT_COUNT (twice as many), so both exact and estimated
 * counts are reached, and more groups than a count run looks at;
 * groups of two, so counts of records are told from counts of groups;
 * and iio_facets_without against a whole search per filtered field. */
#define _GNU_SOURCE
#include "../../searcher/iio.h"
#include "../../indexer/analyze.h"
#include "../../indexer/build.h"
#include "tap.h"
#include "fixture.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tmpdir[] = "/tmp/iio-test-facets-XXXXXX";
static iio_index *idx;

/* Record i: every record holds "algemeen"; one block of six in five "zeldzaam" too. */
#define NRECORDS (2 * IIO_FACETS_EXACT_COUNT)
static const char *const types[] = {"case", "video", "profile"};
static const char *const subjects[] = {"rekenen", "taal", "biologie", "geschiedenis"};
static const char *type_of(int i) { return types[i % 3]; }
static const char *subject_of(int i) { return subjects[(i / 3) % 4]; }
static const char *level_of(int i) { return i % 5 < 2 ? "po" : "vo"; }
static int rare(int i) { return (i / 6) % 5 == 0; } /* a pair of videos together */

static int build(const char *dir, iio_analyzer *an)
{
	iio_build *b;
	char *err = NULL, id[32], title[64];
	if (iio_build_open(&b, dir, NULL, an, &err)) {
		printf("Bail out! %s\n", err);
		return -1;
	}
	for (int i = 0; i < NRECORDS; i++) {
		/* Videos come in pairs of one group: a grouped search lists one
		 * of each, its counts still count both. */
		json_t *fields = json_pack("{s:s,s:s}", "subject", subject_of(i), "level", level_of(i));
		if (!strcmp(type_of(i), "video")) {
			snprintf(title, sizeof title, "pair-%d", i / 6);
			json_object_set_new(fields, "group", json_string(title));
		}
		snprintf(id, sizeof id, "r-%05d", i);
		snprintf(title, sizeof title, "Record %d", i);
		fixture_add(b, id, type_of(i), title, rare(i) ? "algemeen zeldzaam woord" : "algemeen woord", fields);
	}
	if (iio_build_finish(b, &err)) {
		printf("Bail out! %s\n", err);
		return -1;
	}
	return 0;
}

/* The count of VALUE in facet FIELD of RES (0: not there). */
static unsigned long count_of(const iio_results *res, const char *field, const char *value)
{
	unsigned long n = 0;
	for (size_t i = 0; i < iio_results_facet_count(res, field); i++) {
		const char *v = iio_results_facet_value(res, field, i, &n);
		if (v && !strcmp(v, value))
			return n;
	}
	return 0;
}

/* How many records with every word of rare-or-not (RARE_ONLY) pass KEEP. */
static unsigned long expect(int rare_only, int (*keep)(int, const void *), const void *ctx)
{
	unsigned long n = 0;
	for (int i = 0; i < NRECORDS; i++)
		n += (!rare_only || rare(i)) && (!keep || keep(i, ctx));
	return n;
}
static int has_type(int i, const void *t) { return !strcmp(type_of(i), t); }
static int has_subject(int i, const void *s) { return !strcmp(subject_of(i), s); }
static int has_level(int i, const void *l) { return !strcmp(level_of(i), l); }

/* Up to IIO_FACETS_EXACT_COUNT matching records: exact, of records (a
 * group's every member), with the totals of the page as before. */
static void test_exact(void)
{
	iio_search_options o;
	iio_results *res = NULL;
	char *json = NULL;
	iio_search_options_init(&o);
	o.facets = 1;
	is_int(iio_search(&res, idx, "zeldzaam", &o), IIO_OK, "a grouped search with facets");
	ok(iio_results_counts_exact(res), "fewer matches than IIO_FACETS_EXACT_COUNT: exact counts");
	is_int(iio_results_records(res), expect(1, NULL, NULL), "records: every match");
	ok(iio_results_records_exact(res), "records exact");
	is_int(iio_results_total(res), expect(1, NULL, NULL) - expect(1, has_type, "video") / 2,
	       "total: a pair of videos is one result");
	for (size_t t = 0; t < 3; t++)
		is_int(count_of(res, "type", types[t]), expect(1, has_type, types[t]), "type %s counts its records",
		       types[t]);
	for (size_t s = 0; s < 4; s++)
		is_int(count_of(res, "subject", subjects[s]), expect(1, has_subject, subjects[s]),
		       "subject %s counts its records", subjects[s]);
	is_int(count_of(res, "level", "po"), expect(1, has_level, "po"), "level po");
	ok(!iio_results_json(&json, res) && json && !strstr(json, "counts_exact"), "exact: no counts_exact in JSON");
	iio_free(json);
	iio_results_free(res);
}

/* Grouped, more matching records than IIO_EXACT_COUNT: the results (the
 * groups) are an estimate, marked so, and near the exact count: the runs
 * that count weigh nothing and stop once they have looked at enough
 * matches, so the estimate comes from the groups they kept (Xapian's own
 * collapsed estimate for such a run is far off). With facets and without. */
static void test_group_estimate(void)
{
	/* Each pair of videos is one group: a third of the records are videos. */
	const unsigned long groups = NRECORDS - (NRECORDS + 1) / 3 / 2;
	for (int facets = 0; facets < 2; facets++) {
		iio_search_options o;
		iio_results *res = NULL;
		unsigned long est = 0, complete = 0;
		const char *how = facets ? "with facets" : "without facets";
		iio_search_options_init(&o);
		o.facets = facets;
		is_int(iio_search(&res, idx, "algemeen", &o), IIO_OK, "%s: a grouped search matching every record", how);
		ok(res && !iio_results_total_exact(res), "%s: the results are an estimate", how);
		est = res ? iio_results_total(res) : 0;
		complete = res ? iio_results_complete(res) : 0;
		ok(est * 100 >= groups * 95 && est * 100 <= groups * 105, "%s: within 5%% of the %lu groups (%lu)", how,
		   groups, est);
		ok(complete * 100 >= groups * 95 && complete * 100 <= groups * 105,
		   "%s: so are the results holding every word (%lu)", how, complete);
		iio_results_free(res);
		res = NULL;
		o.exact_total = 1;
		is_int(iio_search(&res, idx, "algemeen", &o), IIO_OK, "%s: with exact_total", how);
		ok(res && iio_results_total_exact(res), "%s: exact_total: exact", how);
		is_int(res ? iio_results_total(res) : 0, groups, "%s: exact_total: each pair of videos one result", how);
		iio_results_free(res);
	}
}

/* More: estimates, marked so; with exact_total, exact again. */
static void test_estimated(void)
{
	iio_search_options o;
	iio_results *res = NULL;
	unsigned long sum = 0, n = 0;
	char *json = NULL;
	iio_search_options_init(&o);
	o.facets = 1;
	o.no_group = 1;
	is_int(iio_search(&res, idx, "algemeen", &o), IIO_OK, "a search matching every record");
	ok(!iio_results_counts_exact(res), "more matches than IIO_FACETS_EXACT_COUNT: estimated counts");
	ok(!iio_results_records_exact(res), "and records an estimate");
	for (size_t i = 0; i < iio_results_facet_count(res, "type"); i++, sum += n)
		iio_results_facet_value(res, "type", i, &n);
	ok(sum + 3 >= iio_results_records(res) && sum <= iio_results_records(res) + 3,
	   "the estimates add up to the records (%lu of %lu)", sum, iio_results_records(res));
	ok(!iio_results_json(&json, res) && json && strstr(json, "\"counts_exact\":false"),
	   "JSON says \"counts_exact\": false");
	iio_free(json);
	iio_results_free(res);
	o.exact_total = 1;
	is_int(iio_search(&res, idx, "algemeen", &o), IIO_OK, "with exact_total");
	ok(iio_results_counts_exact(res), "exact_total: exact counts");
	is_int(iio_results_records(res), NRECORDS, "every record");
	for (size_t t = 0; t < 3; t++)
		is_int(count_of(res, "type", types[t]), expect(0, has_type, types[t]), "type %s exact", types[t]);
	iio_results_free(res);
}

/* What iio_facets_without gives field F equals a whole search without
 * field F's filter. */
static void same_as_search(const char *query, const char *const *filters, const char *label)
{
	iio_results *out[16] = {NULL};
	iio_search_options o;
	iio_search_options_init(&o);
	is_int(iio_facets_without(out, idx, query, &o, filters, 16), IIO_OK, "%s: one call", label);
	for (size_t f = 0; f < 16 && iio_field_name(f); f++) {
		char other[256] = "";
		iio_results *res = NULL;
		const char *name = iio_field_name(f), *q = query;
		int same = 1;
		if (!filters[f]) {
			ok(out[f] == NULL, "%s: no counts for %s, which has no filter", label, name);
			continue;
		}
		for (size_t g = 0; g < 16; g++)
			if (g != f && filters[g])
				snprintf(other + strlen(other), sizeof other - strlen(other), " %s", filters[g]);
		iio_search_options_init(&o);
		o.facets = 1;
		o.no_group = 1;
		o.filter = other;
		if (!*q) { /* no words: the filters are the query */
			q = other;
			o.filter = NULL;
		}
		if (iio_search(&res, idx, q, &o) || !out[f]) {
			ok(0, "%s: %s counted", label, name);
			iio_results_free(res);
			continue;
		}
		same = iio_results_facet_count(res, name) == iio_results_facet_count(out[f], name) &&
		       iio_results_facet_count(res, name) > 1;
		for (size_t i = 0; same && i < iio_results_facet_count(res, name); i++) {
			unsigned long a = 0, b = 0;
			const char *va = iio_results_facet_value(res, name, i, &a);
			const char *vb = iio_results_facet_value(out[f], name, i, &b);
			same = va && vb && !strcmp(va, vb) && a == b;
		}
		ok(same, "%s: %s as a search without its filter counts it", label, name);
		for (size_t i = 0; !same && i < 4; i++) {
			unsigned long a = 0, b = 0;
			const char *va = iio_results_facet_value(res, name, i, &a);
			const char *vb = iio_results_facet_value(out[f], name, i, &b);
			printf("#   search: %s %lu, one call: %s %lu\n", va ? va : "-", a, vb ? vb : "-", b);
		}
		is_int(iio_results_records(out[f]), iio_results_records(res), "%s: %s's records", label, name);
		iio_results_free(res);
	}
	for (size_t f = 0; f < 16; f++)
		iio_results_free(out[f]);
}

/* The field index of NAME. */
static size_t field(const char *name)
{
	for (size_t f = 0; iio_field_name(f); f++)
		if (!strcmp(iio_field_name(f), name))
			return f;
	return 0;
}

static void test_without(void)
{
	const char *filters[16] = {NULL};
	iio_results *out[16] = {NULL};
	iio_search_options o;
	iio_status st;
	filters[field("subject")] = "subject:rekenen";
	same_as_search("zeldzaam", filters, "one filter");
	same_as_search("zeldzam", filters, "a typo, corrected");
	filters[field("type")] = "(type:case OR type:video)";
	same_as_search("zeldzaam woord", filters, "two filters, best match");
	filters[field("level")] = "level:po";
	same_as_search("", filters, "three filters, no words");
	/* Known by construction: subject without its filter, under the other two. */
	iio_search_options_init(&o);
	filters[field("subject")] = "subject:taal";
	is_int(iio_facets_without(out, idx, "zeldzaam", &o, filters, 16), IIO_OK, "counts under two other filters");
	{
		unsigned long want = 0;
		for (int i = 0; i < NRECORDS; i++)
			want += rare(i) && !strcmp(subject_of(i), "biologie") && !strcmp(level_of(i), "po") &&
				strcmp(type_of(i), "profile");
		is_int(count_of(out[field("subject")], "subject", "biologie"), want, "biologie among po cases and videos");
	}
	for (size_t f = 0; f < 16; f++)
		iio_results_free(out[f]);
	/* Errors are reported, nothing is left. */
	memset(filters, 0, sizeof filters);
	filters[field("title")] = "titel:record";
	st = iio_facets_without(out, idx, "zeldzaam", &o, filters, 16);
	is_int(st, IIO_ERR_ARGUMENT, "a field without counts: IIO_ERR_ARGUMENT");
	ok(strstr(iio_index_error(idx), "title") != NULL, "the message names the field: %s", iio_index_error(idx));
	filters[field("title")] = NULL;
	filters[field("level")] = "level:po";
	filters[field("subject")] = "type:kermis"; /* read for level's counts */
	st = iio_facets_without(out, idx, "zeldzaam", &o, filters, 16);
	ok(st != IIO_OK && out[field("level")] == NULL && out[field("subject")] == NULL,
	   "a bad filter fails the call, nothing is left (%s)", iio_index_error(idx));
}

int main(void)
{
	char dir[512], *err = NULL;
	iio_analyzer *an;
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(dir, sizeof dir, "%s/db", tmpdir);
	if (iio_analyzer_open(&an, getenv("IIO_LEXICON"), &err)) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	if (build(dir, an) || iio_index_open_with(&idx, dir, getenv("IIO_LEXICON"))) {
		printf("Bail out! cannot build or open the fixture: %s\n", idx ? iio_index_error(idx) : "");
		return 1;
	}
	subtest("exact counts", test_exact);
	subtest("estimated counts", test_estimated);
	subtest("estimated groups", test_group_estimate);
	subtest("counts without a field's own filter, in one call", test_without);
	iio_index_close(idx);
	iio_analyzer_close(an);
	tap_remove_tree(tmpdir);
	return done_testing();
}
