/* count.c - how many results a search lists and how many records match
 * (libiiosearch): the totals paging and the status line rely on, and the
 * facet counts.
 *
 * With grouping on, a result stands for a group of records (Xapian's
 * collapse key, IIO_SLOT_GROUP: near-identical videos, a document and its
 * passages), so `total` counts groups and `records` the records in them.
 * Both come from one run of the query the page was ranked with, with the
 * collapse key set, weighing nothing (xs_enquire_set_bool) and nothing
 * but the counts asked for (the records are the matches a counter saw
 * before collapsing, xs_enquire_add_counter: it reads nothing of them):
 * Xapian looks at IIO_EXACT_COUNT matches at least (and, on one
 * database with no match weighing more than another, no more than it
 * must; an interpreted query's constant boosts, xs_query_constant, and
 * shards make it look on), so up to that many matching records both are
 * exact; beyond it they are estimates (the
 * records Xapian's, the groups groups_estimate's) and `total_min` what
 * Xapian has seen for sure. With facets or an exact total asked
 * for, every match is looked at. Counting apart from the ranking keeps the
 * totals the same on every page of a query, whatever the page's ranking
 * fetched. Best match also counts the results holding every word
 * (`complete`): they are listed first, the partial ones after them.
 *
 * With facets, one run counts all of it (count_facets): a match that
 * weighs nothing, collapsed as the page lists, with a spy per facet field asked for. A
 * spy sees every match before it is collapsed, so the records and their
 * facet counts come from the same run as the groups; it looks at
 * IIO_FACETS_EXACT_COUNT matches at least (every match with an exact
 * total): up to that many matching records the counts are exact, beyond
 * it they are the counts among the matches seen (in index order), scaled
 * to Xapian's estimate of the records, and marked so (counts_exact 0).
 * Not on the ranking's own runs: those are top-k runs (rank.c: Xapian's
 * best matches, fetched again deeper, every word first, then the
 * best-match query) that Xapian cuts short by weight; a spy there would
 * see every match only if the run were made exhaustive, with BM25 weighed
 * on every match - what this run does without weights.
 */
#define _GNU_SOURCE
#include "private.h"

#include <stdlib.h>
#include <string.h>

static int on_facet(void *ctx, const char *value, size_t len, unsigned count)
{
	facet *fc = ctx;
	facet_value *f;
	if (fc->n >= IIO_MAX_FACET_VALUES)
		return 1;
	f = &fc->v[fc->n];
	f->value = strndup(value, len);
	if (!f->value)
		return 1;
	f->count = count;
	fc->n++;
	return 0;
}

/* A count-only enquire for QUERY: collapsed on the group slot when
 * COLLAPSE (2: and the matches looked at counted, xs_enquire_counted),
 * with a spy per facet field in SLOTS (bit s: slot s; 0: none). It
 * weighs nothing (xs_enquire_set_bool): only counts are read, and on one
 * database, unless constant boosts weigh, Xapian stops once it has looked
 * at CHECK matches and kept MAX of them, where weights would make it look
 * on for better ones. *MSET is the caller's. */
static iio_status count_run(iio_index *idx, const xs_query *query, int collapse, unsigned slots, unsigned check,
			    unsigned max, xs_enquire **enq, xs_mset **mset)
{
	char *xerr = NULL;
	iio_status st = IIO_OK;
	xs_status xst = xs_enquire_new(enq, idx->db, &xerr);
	if (!xst && collapse == 2)
		xst = xs_enquire_add_counter(*enq);
	for (unsigned s = 0; !xst && s < 32; s++)
		if (slots & (1u << s))
			xst = xs_enquire_add_facet(*enq, s);
	if (!xst && slots)
		xst = xs_enquire_set_facet_pack(*enq, IIO_SLOT_FACETS);
	if (!xst)
		xst = xs_enquire_set_bool(*enq);
	if (!xst && collapse)
		xst = xs_enquire_set_collapse(*enq, IIO_SLOT_GROUP);
	if (!xst)
		xst = xs_enquire_set_query(*enq, query);
	if (!xst)
		xst = xs_enquire_mset(*enq, 0, max, check, mset);
	if (xst)
		st = iio__fail(idx, iio__from_xs(xst), "cannot count the matches: %s",
			       xerr ? xerr : *enq ? xs_enquire_error(*enq) : xs_status_string(xst));
	xs_free(xerr);
	return st;
}

/* The facet slots of the fields, as count_run takes them. */
static unsigned every_facet_slot(void)
{
	unsigned slots = 0;
	for (size_t f = 0; f < iio_nfields; f++)
		if (iio_fields[f].facet_slot >= 0 && iio_fields[f].facet_slot < 32)
			slots |= 1u << iio_fields[f].facet_slot;
	return slots;
}

/* Read the facet counts of ENQ (a run with the spies of SLOTS) into RES,
 * each multiplied by SCALE (1: as counted). */
static iio_status read_facets(iio_results *res, iio_index *idx, xs_enquire *enq, unsigned slots, double scale)
{
	for (size_t f = 0; f < iio_nfields && res->nfacets < 16; f++) {
		int slot = iio_fields[f].facet_slot;
		facet *fc;
		xs_status xst;
		if (slot < 0 || slot >= 32 || !(slots & (1u << slot)))
			continue;
		fc = &res->facets[res->nfacets++];
		fc->name = iio_fields[f].name;
		if (!(fc->v = calloc(IIO_MAX_FACET_VALUES, sizeof *fc->v)))
			return IIO_ERR_NOMEM;
		if ((xst = xs_enquire_facets(enq, (unsigned)slot, IIO_MAX_FACET_VALUES, on_facet, fc)))
			return iio__fail(idx, iio__from_xs(xst), "cannot count facets: %s", xs_enquire_error(enq));
		for (size_t i = 0; scale != 1 && i < fc->n; i++)
			fc->v[i].count = (unsigned long)(fc->v[i].count * scale + 0.5);
	}
	return IIO_OK;
}

/* The groups of a collapsed count run that kept SIZE groups and not
 * all of them: Xapian's estimate of the records times the groups per
 * record among the kept groups (each kept group and the matches it folded
 * away), within Xapian's bounds on the groups. (A count run weighs
 * nothing, so Xapian mostly stops once it has looked at enough matches,
 * and its own estimate of the groups, made for weighted runs, comes out
 * far off: 10,000 for 19,563 groups. Where constant boosts weigh, the
 * kept groups are the best boosted, not the first, and the ratio may lean
 * their way. A remote shard does not say what its groups folded away:
 * there the records are the estimate.) */
static unsigned long groups_estimate(const xs_mset *m, unsigned size)
{
	unsigned lower = 0, est = 0, upper = 0, rlower = 0, rest = 0, rupper = 0;
	double folded = 0, g;
	xs_mset_matches(m, &lower, &est, &upper);
	xs_mset_uncollapsed_matches(m, &rlower, &rest, &rupper);
	for (unsigned i = 0; i < size; i++) {
		unsigned c = 0;
		folded += xs_mset_collapse_count(m, i, &c) ? 1 : 1 + c;
	}
	g = folded > 0 ? rest * (size / folded) : est;
	if (g > upper)
		g = upper;
	if (g < size)
		g = size;
	return (unsigned long)(g + 0.5);
}

/* The results of QUERY as listed, exact when Xapian kept every group it
 * found (or every match, ungrouped), into *N, *EXACT and *MIN (those known
 * to exist); CHECK matches looked at, at least. (The records are counted
 * apart: Xapian's counts of what each group folded away do not travel
 * from remote shards.) */
static iio_status count_listed(iio_index *idx, const xs_query *query, int no_group, unsigned check,
			       unsigned long *n, int *exact, unsigned long *min)
{
	xs_enquire *enq = NULL;
	xs_mset *m = NULL;
	unsigned lower = 0, est = 0, upper = 0, size;
	/* Collapsed, Xapian's counts are exact only when it kept every group
	 * there is (fewer than it was asked for; its bounds can say exact when
	 * they are not): one more is asked for than matches are looked at. */
	iio_status st = count_run(idx, query, !no_group, 0, check, no_group ? 0 : check + 1, &enq, &m);
	if (!st) {
		size = xs_mset_size(m);
		xs_mset_matches(m, &lower, &est, &upper);
		if (no_group) {
			*exact = lower == upper;
			*n = est;
			*min = lower;
		} else {
			/* Every group kept: exact. Else more than CHECK groups: the
			 * SIZE kept exist, the rest is estimated. */
			*exact = size <= check;
			*n = *exact ? size : groups_estimate(m, size);
			*min = size;
		}
	}
	xs_mset_free(m);
	xs_enquire_free(enq);
	return st;
}

/* The groups and the records matching USED into RES in one collapsed
 * run, looking at CHECK matches at least: the groups as count_listed has
 * them, the records those the run looked at when it looked at every
 * match (it kept every group, or saw fewer than CHECK), else the
 * uncollapsed estimate. */
static iio_status count_groups_records(iio_results *res, iio_index *idx, const xs_query *used, unsigned check)
{
	unsigned lower = 0, est = 0, upper = 0, seen = 0, size;
	xs_enquire *enq = NULL;
	xs_mset *m = NULL;
	xs_status xst;
	iio_status st = count_run(idx, used, 2, 0, check, check + 1, &enq, &m);
	if (!st && (xst = xs_enquire_counted(enq, &seen)))
		st = iio__fail(idx, iio__from_xs(xst), "cannot count the matches: %s", xs_enquire_error(enq));
	if (!st) {
		size = xs_mset_size(m);
		res->total_exact = size <= check;
		res->total = res->total_exact ? size : groups_estimate(m, size);
		res->total_min = size;
		xs_mset_uncollapsed_matches(m, &lower, &est, &upper);
		res->records_exact = seen < check || size <= check;
		res->records = res->records_exact ? seen : est > seen ? est : seen;
	}
	xs_mset_free(m);
	xs_enquire_free(enq);
	return st;
}

/* The records matching USED into RES, looking at CHECK matches at
 * least. */
static iio_status count_records(iio_results *res, iio_index *idx, const xs_query *used, const iio_search_options *o,
				unsigned check)
{
	unsigned lower = 0, est = 0, upper = 0;
	xs_enquire *enq = NULL;
	xs_mset *m = NULL;
	iio_status st = count_run(idx, used, 0, 0, check, 0, &enq, &m);
	if (!st) {
		xs_mset_matches(m, &lower, &est, &upper);
		res->records = est;
		res->records_exact = lower == upper;
		if (o->no_group) /* they are the results */
			res->total_min = lower;
	}
	xs_mset_free(m);
	xs_enquire_free(enq);
	return st;
}

iio_status iio__count_facets(iio_results *res, iio_index *idx, const xs_query *used, const iio_search_options *o,
			     unsigned slots)
{
	unsigned long all = iio_index_count(idx);
	/* One more than there are records: a run that looks at every match
	 * never stops at the last. */
	unsigned every = (unsigned)(all > IIO_EXACT_COUNT ? all : IIO_EXACT_COUNT) + 1;
	unsigned check = o->exact_total || IIO_FACETS_EXACT_COUNT > every ? every : IIO_FACETS_EXACT_COUNT;
	unsigned listed = o->exact_total ? every : IIO_EXACT_COUNT;
	unsigned lower = 0, est = 0, upper = 0, seen = 0, size, probe;
	xs_enquire *enq = NULL;
	xs_mset *m = NULL;
	xs_status xst;
	double scale = 1;
	iio_status st;
	/* The records are the matches a spy saw (with a value or without):
	 * the first one asked for tells. */
	if (!slots)
		slots = 1u << IIO_SLOT_TYPE;
	for (probe = 0; !(slots & (1u << probe)); probe++)
		;
	st = count_run(idx, used, !o->no_group, slots, check, o->no_group ? 0 : listed + 1, &enq, &m);
	if (!st && (xst = xs_enquire_facet_seen(enq, probe, &seen)))
		st = iio__fail(idx, iio__from_xs(xst), "cannot count facets: %s", xs_enquire_error(enq));
	if (st)
		goto done;
	size = xs_mset_size(m);
	/* Every match seen: fewer than the run had to look at, or (grouped)
	 * every group kept - a run stops early only once it has both. */
	res->counts_exact = seen < check || (!o->no_group && size <= listed);
	if (o->no_group) {
		xs_mset_matches(m, &lower, &est, &upper);
		res->total = res->counts_exact ? seen : est;
		res->total_exact = res->counts_exact;
		res->total_min = res->counts_exact ? seen : lower;
	} else {
		res->total_exact = size <= listed;
		res->total = res->total_exact ? size : groups_estimate(m, size);
		res->total_min = size;
		xs_mset_uncollapsed_matches(m, &lower, &est, &upper);
	}
	res->records = res->counts_exact ? seen : est > seen ? est : seen;
	res->records_exact = res->counts_exact;
	if (!res->counts_exact && seen)
		scale = (double)res->records / seen;
	st = read_facets(res, idx, enq, slots, scale);
done:
	xs_mset_free(m);
	xs_enquire_free(enq);
	return st;
}

iio_status iio__count(iio_results *res, iio_index *idx, const xs_query *used, const xs_query *covered,
		      const iio_search_options *o)
{
	unsigned long all = iio_index_count(idx), min = 0;
	/* Every match looked at for an exact total. */
	unsigned every = all > IIO_EXACT_COUNT ? (unsigned)all : IIO_EXACT_COUNT;
	unsigned check = o->exact_total ? every : IIO_EXACT_COUNT;
	iio_status st = IIO_OK;
	res->counts_exact = 1;
	if (o->facets) {
		/* The groups, the records and their facets in one run. */
		if ((st = iio__count_facets(res, idx, used, o, every_facet_slot())))
			return st;
	} else if (!o->no_group) {
		/* The groups, as the page lists them, and the records. */
		if ((st = count_groups_records(res, idx, used, check)))
			return st;
	} else if ((st = count_records(res, idx, used, o, check))) {
		return st;
	} else {
		res->total = res->records;
		res->total_exact = res->records_exact;
		if (res->records_exact)
			res->total_min = res->records;
	}
	if (!res->records_exact && res->records < res->total)
		res->records = res->total; /* estimates may cross: a group holds a record at least */
	/* The results holding every word: the records holding every clause,
	 * as listed (they come first). */
	res->complete = res->relaxed ? 0 : res->total;
	res->complete_exact = res->relaxed ? 1 : res->total_exact;
	if (covered && !res->relaxed) {
		st = count_listed(idx, covered, o->no_group, check, &res->complete, &res->complete_exact, &min);
		if (!st && res->complete > res->total)
			res->complete = res->total;
	}
	return st;
}
