/* test-plan.c - the search plan (searcher/plan.c): which strategy and which
 * way of weighing whole documents the options, the query and the index's
 * statistics choose; and, on a fixture where whole documents are most of
 * the records, that every way of weighing them a plan can choose gives
 * the same answers - the same records in the same order with the same
 * scores, on every page, grouped and not. (A choice made by the corpus's
 * shape is a query planner's: it may change the cost, never the answer.)
 */
#define _GNU_SOURCE
#include "../../searcher/private.h"
#include "../../indexer/build.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/iio-test-plan-XXXXXX";

static const char *const words[] = {"leerlingen", "krimp", "leraren", "tekort", "innovatie", "school", "regio",
				    "onderwijs", "vernieuwing", "samenwerking", "ouders", "team", "klas", "rekenen",
				    "lezen", "video", "uitleg", "breuken", "groep", "leerlingenkrimp"};
#define NWORDS (sizeof words / sizeof *words)

/* A text of N words drawn from WORDS by a fixed sequence from SEED. */
static char *text_of(unsigned seed, int n)
{
	char *t = calloc(1, (size_t)n * 24 + 1);
	for (int i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		strcat(t, words[(seed >> 16) % NWORDS]);
		strcat(t, i % 9 == 8 ? ". " : " ");
	}
	return t;
}

static void add(iio_build *b, const char *id, const char *type, const char *title, char *text, const char *parent)
{
	iio_record r;
	char *err = NULL;
	memset(&r, 0, sizeof r);
	r.source = "fixture.jsonl";
	r.line = 1;
	r.id = strdup(id);
	r.type = strdup(type);
	r.title = strdup(title);
	r.text = text;
	r.fields = parent ? json_pack("{s:s}", "parent", parent) : json_object();
	if (iio_build_add(b, &r, NULL, &err)) {
		printf("Bail out! cannot index %s: %s\n", id, err);
		exit(1);
	}
	iio_record_clear(&r);
}

/* 70 whole documents, 10 passages of two of them, 20 cases. */
static int build(const char *dir, iio_analyzer *an)
{
	iio_build *b;
	char *err = NULL, id[64], title[64];
	if (iio_build_open(&b, dir, NULL, an, &err)) {
		printf("Bail out! %s\n", err);
		return -1;
	}
	for (int i = 0; i < 70; i++) {
		snprintf(id, sizeof id, "doc-%02d", i);
		snprintf(title, sizeof title, "Document %d over %s", i, words[i % NWORDS]);
		add(b, id, "document", title, text_of((unsigned)i, 40 + i % 30), NULL);
	}
	for (int i = 0; i < 10; i++) {
		snprintf(id, sizeof id, "doc-%02d.deel-%d", i % 2, i);
		snprintf(title, sizeof title, "Deel %d: %s", i, words[(i * 3) % NWORDS]);
		add(b, id, "passage", title, text_of((unsigned)(100 + i), 25), i % 2 ? "doc-01" : "doc-00");
	}
	for (int i = 0; i < 20; i++) {
		snprintf(id, sizeof id, "case-%02d", i);
		snprintf(title, sizeof title, "Casus %d: %s", i, words[(i * 7) % NWORDS]);
		add(b, id, "case", title, text_of((unsigned)(200 + i), 30), NULL);
	}
	if (iio_build_finish(b, &err)) {
		printf("Bail out! %s\n", err);
		return -1;
	}
	return 0;
}

/* The plan as a function of its inputs: every branch. */
static void test_choices(void)
{
	iio_search_options o;
	iio_parsed_query pq;
	iio_plan p;
	iio_index_stats few = {1000, 10}, quarter = {1000, 300}, most = {1000, 700}, none = {0, 0};
	xs_query *q = (xs_query *)&pq; /* any non-NULL: the plan reads only whether there is one */

	memset(&pq, 0, sizeof pq);
	iio_search_options_init(&o);
	pq.strict = q;
	iio__plan(&p, &o, &pq, &few);
	is_int(p.strategy, IIO_STRATEGY_ALL_WORDS, "one clause: all words");
	is_int(p.rank_mode, RANK_PAGE, "... ranked on the page");
	is_int(p.documents, IIO_DOCUMENTS_ON_PAGE, "1%% documents: weighed on twice the page");
	is_int((int)p.stages, IIO_STAGE_COUNT | IIO_STAGE_GROUPS | IIO_STAGE_DID_YOU_MEAN, "count, groups, did-you-mean");
	iio__plan(&p, &o, &pq, &quarter);
	is_int(p.documents, IIO_DOCUMENTS_ON_WIDE_PAGE, "30%% documents: on eight times the page");
	iio__plan(&p, &o, &pq, &most);
	is_int(p.documents, IIO_DOCUMENTS_ON_WIDE_PAGE, "70%% documents, grouped: on the page");
	o.no_group = 1;
	iio__plan(&p, &o, &pq, &most);
	is_int(p.documents, IIO_DOCUMENTS_IN_QUERY, "70%% documents, not grouped: in the query");
	pq.ncompounds = 1;
	iio__plan(&p, &o, &pq, &most);
	is_int(p.documents, IIO_DOCUMENTS_ON_WIDE_PAGE, "... with a compound in the query: on the page");
	pq.ncompounds = 0;
	o.no_group = 0;
	iio__plan(&p, &o, &pq, &none);
	is_int(p.documents, IIO_DOCUMENTS_ON_PAGE, "an empty index: on the page");

	pq.relaxed = q;
	iio__plan(&p, &o, &pq, &few);
	is_int(p.strategy, IIO_STRATEGY_BEST_MATCH, "two clauses: best match");
	o.all_words = 1;
	iio__plan(&p, &o, &pq, &few);
	is_int(p.strategy, IIO_STRATEGY_ALL_WORDS, "... --all-words: all words");
	o.all_words = 0;
	o.sort = IIO_SORT_DATE;
	iio__plan(&p, &o, &pq, &few);
	is_int(p.strategy, IIO_STRATEGY_BEST_MATCH_BY_DATE, "... by date: best match in Xapian's order");
	is_int(p.rank_mode, RANK_BY_XAPIAN, "... which Xapian ranks");
	pq.relaxed = NULL;
	iio__plan(&p, &o, &pq, &few);
	is_int(p.strategy, IIO_STRATEGY_BY_DATE, "one clause by date");
	o.sort = IIO_SORT_RELEVANCE;
	pq.filter_only = 1;
	iio__plan(&p, &o, &pq, &few);
	is_int(p.strategy, IIO_STRATEGY_FILTER_ONLY, "filters alone");
	is_int(p.rank_mode, RANK_BY_XAPIAN, "... in record-id order, Xapian's");
	o.no_group = 1;
	o.strict = 1;
	o.facets = 1;
	o.explain = 1;
	iio__plan(&p, &o, &pq, &few);
	is_int((int)p.stages, IIO_STAGE_COUNT | IIO_STAGE_FACETS | IIO_STAGE_EXPLAIN,
	       "no groups, facets, explain, no did-you-mean when strict");
	is_str(iio__strategy_name(IIO_STRATEGY_BEST_MATCH), "best match", "strategies have names");
}

/* QUERY's page (OFFSET, LIMIT, grouped unless NO_GROUP) as "id score"
 * into OUT, with the plan's way of weighing documents forced to DOCS.
 * 1 (nothing run) when no corpus shape makes the plan choose DOCS for this
 * search. */
static int answer(iio_index *idx, const char *query, unsigned long offset, unsigned limit, int no_group,
		  iio_documents docs, char *out, size_t cap)
{
	iio_search_options o;
	iio_parsed_query pq;
	iio_index_stats stats;
	iio_plan plan;
	iio_results *res = NULL;
	size_t at = 0;
	iio_search_options_init(&o);
	o.offset = offset;
	o.limit = limit;
	o.no_group = no_group;
	o.snippet_chars = 0;
	if (iio__parse_query(&pq, idx->analyzer, idx->db, query, 0, idx->err, sizeof idx->err) ||
	    iio__finish_queries(idx, &pq, &o) || iio__index_stats(idx, &stats))
		return -1;
	{
		static const iio_index_stats shapes[] = {{1000, 10}, {1000, 300}, {1000, 700}};
		int chosen = 0;
		for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
			iio__plan(&plan, &o, &pq, &shapes[k]);
			chosen |= plan.documents == docs;
		}
		if (!chosen) {
			iio__parsed_query_clear(&pq);
			return 1;
		}
	}
	iio__plan(&plan, &o, &pq, &stats);
	plan.documents = docs;
	if (iio__execute_plan(&res, idx, query, &pq, &o, &plan, 0))
		return -1;
	out[0] = '\0';
	at += (size_t)snprintf(out, cap, "total %lu records %lu:", iio_results_total(res), iio_results_records(res));
	for (size_t i = 0; i < iio_results_count(res) && at < cap; i++) {
		const iio_hit *h = iio_results_hit(res, i);
		at += (size_t)snprintf(out + at, cap - at, " %s %.4f", h->id, h->score);
	}
	iio_results_free(res);
	return 0;
}

static void test_same_answers(iio_index *idx)
{
	static const char *const queries[] = {"krimp", "leraren", "innovatie school", "leerlingen krimp regio",
					      "onderwijs vernieuwing", "uitleg breuken groep", "ouders", "tekort"};
	static const char *const names[] = {"on the page", "on the wide page", "in the query"};
	char a[8192], b[8192];
	int compared = 0, differ = 0, reached[3] = {0, 0, 0};
	for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
		for (int no_group = 0; no_group < 2; no_group++)
			for (unsigned long off = 0; off <= 10; off += 5) {
				if (answer(idx, queries[q], off, 5, no_group, IIO_DOCUMENTS_ON_PAGE, a, sizeof a)) {
					ok(0, "'%s' runs: %s", queries[q], iio_index_error(idx));
					return;
				}
				for (int d = IIO_DOCUMENTS_ON_WIDE_PAGE; d <= IIO_DOCUMENTS_IN_QUERY; d++) {
					if (answer(idx, queries[q], off, 5, no_group, (iio_documents)d, b, sizeof b))
						continue; /* a way the plan never takes for it */
					compared++;
					reached[d]++;
					if (strcmp(a, b)) {
						differ++;
						printf("# '%s' offset %lu%s: %s\n#   %s: %s\n#   %s: %s\n", queries[q], off,
						       no_group ? " ungrouped" : "", "differ", names[0], a, names[d], b);
					}
				}
			}
	ok(reached[IIO_DOCUMENTS_ON_WIDE_PAGE] > 0 && reached[IIO_DOCUMENTS_IN_QUERY] > 0,
	   "the fixture reaches every way: %d pages on the wide page, %d in the query", reached[IIO_DOCUMENTS_ON_WIDE_PAGE],
	   reached[IIO_DOCUMENTS_IN_QUERY]);
	ok(differ == 0, "every way the plan can take gives the same answers as on the page (%d pages compared, %d differ)",
	   compared, differ);
}

int main(void)
{
	char dir[600], *err = NULL;
	iio_analyzer *an = NULL;
	iio_index *idx = NULL;
	iio_index_stats stats;

	subtest("the choices", test_choices);
	if (!mkdtemp(tmpdir) || iio_analyzer_open(&an, getenv("IIO_LEXICON"), &err)) {
		printf("Bail out! %s\n", err ? err : "mkdtemp");
		return 1;
	}
	snprintf(dir, sizeof dir, "%s/db", tmpdir);
	if (build(dir, an) || iio_index_open_with(&idx, dir, getenv("IIO_LEXICON"))) {
		printf("Bail out! cannot build or open the fixture: %s\n", idx ? iio_index_error(idx) : "");
		return 1;
	}
	iio__index_stats(idx, &stats);
	is_int((int)stats.documents, 70, "the fixture: 70 of its 100 records are whole documents");
	test_same_answers(idx);
	iio_index_close(idx);
	iio_analyzer_close(an);
	tap_remove_tree(tmpdir);
	return done_testing();
}
