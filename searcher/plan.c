/* plan.c - a search run as a plan (libiiosearch): one pure function looks
 * at the options, the parsed query and the index's statistics and names a
 * strategy, how whole documents are weighed down, and the stages the run
 * goes through. search.c carries the plan out (rank, count, fill the
 * page, groups, explain, did-you-mean); rank.c ranks as it says.
 *
 * The choices made by the corpus's shape (the share of whole documents)
 * are here, not in the ranking code, and each must give the same answers
 * as the others where more than one could run: test-plan runs searches
 * under every one on a fixture of 70% documents and compares them.
 */
#include "private.h"

#include <string.h>

const char *iio__strategy_name(iio_strategy s)
{
	switch (s) {
	case IIO_STRATEGY_ALL_WORDS: return "all words";
	case IIO_STRATEGY_BEST_MATCH: return "best match";
	case IIO_STRATEGY_BEST_MATCH_BY_DATE: return "best match by date";
	case IIO_STRATEGY_BY_DATE: return "all words by date";
	case IIO_STRATEGY_FILTER_ONLY: return "filters only";
	}
	return "?";
}

iio_status iio__index_stats(iio_index *idx, iio_index_stats *out)
{
	unsigned docs = 0;
	memset(out, 0, sizeof *out);
	out->records = iio_index_count(idx);
	if (xs_db_termfreq(idx->db, IIO_PREFIX_TYPE "document", strlen(IIO_PREFIX_TYPE "document"), &docs))
		return iio__fail(idx, IIO_ERR_INDEX, "cannot read the index's statistics: %s", xs_db_error(idx->db));
	out->documents = docs;
	return IIO_OK;
}

void iio__plan(iio_plan *plan, const iio_search_options *o, const iio_parsed_query *pq, const iio_index_stats *s)
{
	int by_date = o->sort == IIO_SORT_DATE;
	/* Best match takes a query of two or more clauses that the user did
	 * not ask to hold every word. */
	int best = pq->relaxed && !o->all_words;

	memset(plan, 0, sizeof *plan);
	if (pq->filter_only)
		plan->strategy = IIO_STRATEGY_FILTER_ONLY;
	else if (best)
		plan->strategy = by_date ? IIO_STRATEGY_BEST_MATCH_BY_DATE : IIO_STRATEGY_BEST_MATCH;
	else
		plan->strategy = by_date ? IIO_STRATEGY_BY_DATE : IIO_STRATEGY_ALL_WORDS;
	/* Words by relevance: rank.c ranks the page itself; filters alone and
	 * the order by date are Xapian's (records a filter alone matches
	 * weigh nothing and go by record id). */
	plan->rank_mode = by_date || pq->filter_only ? RANK_BY_XAPIAN : RANK_PAGE;
	/* Whole documents weigh less than the passages that answer. Where
	 * they are a quarter of the records or more, twice the page rarely
	 * decides the page (most of the top are documents, weighed down):
	 * eight times the page is fetched at once. Where they are most of
	 * the records even that rarely decides it: they are weighed down in
	 * the query itself (one run instead of three), which is exact as long
	 * as nothing else is weighed on the fetched matches - a query with a
	 * compound has its parts' proximity weighed there. */
	plan->documents = IIO_DOCUMENTS_ON_PAGE;
	if (s->records && s->documents > s->records / 4)
		plan->documents = IIO_DOCUMENTS_ON_WIDE_PAGE;
	/* Grouped, not even then: Xapian collapses a group on its members'
	 * weights as they stand in the query, so a document whose passages
	 * are its group would stand for it (or a passage would) differently
	 * in the two ways (test-plan shows it); the plan may change what a
	 * search costs, never what it answers. */
	if (s->records && s->documents > s->records / 2 && !pq->ncompounds && o->no_group)
		plan->documents = IIO_DOCUMENTS_IN_QUERY;
	plan->stages = IIO_STAGE_COUNT;
	if (!o->no_group)
		plan->stages |= IIO_STAGE_GROUPS;
	if (o->facets)
		plan->stages |= IIO_STAGE_FACETS;
	if (o->explain)
		plan->stages |= IIO_STAGE_EXPLAIN;
	if (!o->strict)
		plan->stages |= IIO_STAGE_DID_YOU_MEAN;
}
