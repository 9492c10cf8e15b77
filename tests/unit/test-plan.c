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
#include "tap.h"
#include "fixture.h"

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
	fixture_add(b, id, type, title, text, parent ? json_pack("{s:s}", "parent", parent) : NULL);
	free(text);
}

/* 70 whole documents, 10 passages of two of them, 20 cases. */
static int build(const char *dir, iio_analyzer *an)
{
	iio_build *b = fixture_open(dir, an);
	char id[64], title[64];
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
	fixture_finish(b);
	return 0;
}

/* The plan as a function of its inputs: every branch. */
static void test_choices(void)
{
	enum { ONE, TWO, FILTERS }; /* clauses: one word, two words, filters alone */
	static const struct {
		int clauses, all_words, by_date, no_group, compound;
		unsigned long records, docs; /* in the index, whole documents among them */
		iio_strategy strategy;
		int rank_mode;
		iio_documents documents;
		const char *what;
	} cases[] = {
		{ONE, 0, 0, 0, 0, 1000, 10, IIO_STRATEGY_ALL_WORDS, RANK_PAGE, IIO_DOCUMENTS_ON_PAGE, "one word, 1% documents"},
		{ONE, 0, 0, 0, 0, 1000, 300, IIO_STRATEGY_ALL_WORDS, RANK_PAGE, IIO_DOCUMENTS_ON_WIDE_PAGE, "30% documents: eight times the page"},
		{ONE, 0, 0, 0, 0, 1000, 700, IIO_STRATEGY_ALL_WORDS, RANK_PAGE, IIO_DOCUMENTS_ON_WIDE_PAGE, "70% documents, grouped: on the page"},
		{ONE, 0, 0, 1, 0, 1000, 700, IIO_STRATEGY_ALL_WORDS, RANK_PAGE, IIO_DOCUMENTS_IN_QUERY, "70% documents, not grouped: in the query"},
		{ONE, 0, 0, 1, 1, 1000, 700, IIO_STRATEGY_ALL_WORDS, RANK_PAGE, IIO_DOCUMENTS_ON_WIDE_PAGE, "... a compound: on the page"},
		{ONE, 0, 0, 0, 0, 0, 0, IIO_STRATEGY_ALL_WORDS, RANK_PAGE, IIO_DOCUMENTS_ON_PAGE, "an empty index"},
		{TWO, 0, 0, 0, 0, 1000, 10, IIO_STRATEGY_BEST_MATCH, RANK_PAGE, IIO_DOCUMENTS_ON_PAGE, "two words: best match"},
		{TWO, 1, 0, 0, 0, 1000, 10, IIO_STRATEGY_ALL_WORDS, RANK_PAGE, IIO_DOCUMENTS_ON_PAGE, "--all-words: all words"},
		{TWO, 0, 1, 0, 0, 1000, 10, IIO_STRATEGY_BEST_MATCH_BY_DATE, RANK_BY_XAPIAN, IIO_DOCUMENTS_ON_PAGE, "by date: Xapian's order"},
		{ONE, 0, 1, 0, 0, 1000, 10, IIO_STRATEGY_BY_DATE, RANK_BY_XAPIAN, IIO_DOCUMENTS_ON_PAGE, "one word by date"},
		{FILTERS, 0, 0, 0, 0, 1000, 10, IIO_STRATEGY_FILTER_ONLY, RANK_BY_XAPIAN, IIO_DOCUMENTS_ON_PAGE, "filters alone"},
	};
	iio_search_options o;
	iio_parsed_query pq;
	iio_plan p;
	xs_query *q = (xs_query *)&pq; /* any non-NULL: the plan reads only whether there is one */

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		iio_index_stats st = {cases[i].records, cases[i].docs};
		memset(&pq, 0, sizeof pq);
		iio_search_options_init(&o);
		pq.strict = q;
		pq.relaxed = cases[i].clauses == TWO ? q : NULL;
		pq.filter_only = cases[i].clauses == FILTERS;
		pq.ncompounds = (size_t)cases[i].compound;
		o.all_words = cases[i].all_words;
		o.sort = cases[i].by_date ? IIO_SORT_DATE : IIO_SORT_RELEVANCE;
		o.no_group = cases[i].no_group;
		iio__plan(&p, &o, &pq, &st);
		ok(p.strategy == cases[i].strategy && p.rank_mode == cases[i].rank_mode && p.documents == cases[i].documents,
		   "%s: %s, %s, documents %d", cases[i].what, iio__strategy_name(p.strategy),
		   p.rank_mode == RANK_PAGE ? "ranked on the page" : "Xapian's order", (int)p.documents);
	}
	iio_search_options_init(&o);
	memset(&pq, 0, sizeof pq);
	iio__plan(&p, &o, &pq, &(iio_index_stats){1000, 10});
	is_int((int)p.stages, IIO_STAGE_COUNT | IIO_STAGE_GROUPS | IIO_STAGE_DID_YOU_MEAN, "stages: count, groups, did-you-mean");
	o.no_group = o.strict = o.facets = o.explain = 1;
	iio__plan(&p, &o, &pq, &(iio_index_stats){1000, 10});
	is_int((int)p.stages, IIO_STAGE_COUNT | IIO_STAGE_FACETS | IIO_STAGE_EXPLAIN,
	       "no groups, facets, explain, no did-you-mean when strict");
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
	char dir[600];
	iio_analyzer *an = NULL;
	iio_index *idx = NULL;
	iio_index_stats stats;

	subtest("the choices", test_choices);
	fixture_start(tmpdir, dir, sizeof dir, &an);
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
