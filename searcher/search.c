/* search.c - running a search (libiiosearch): the options, the query run
 * on Xapian, the hits read with their snippets, groups, facets. The page's
 * order is rank.c's, the result set's accessors and JSON are results.c's,
 * --explain and iio_similar are explain.c's, "did you mean" is
 * didyoumean.c's; the weights are weights.h's.
 *
 * The match is Xapian's BM25 over the terms the analyzer made (title words
 * weigh more through their wdf, IIO_TITLE_WDF), run with built-in classes
 * so remote shards served by a stock xapian-tcpsrv rank the same way; the
 * top of it is then re-ranked by rank.c with what it reads through
 * Xapian's API (the words a record holds, proximity in a rescore window).
 */
#define _GNU_SOURCE
#include "private.h"

#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <utf8proc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "weights.h"

void iio_search_options_init(iio_search_options *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->version = IIO_SEARCH_OPTIONS_VERSION;
	opts->limit = 10;
	opts->snippet_chars = 200;
}

double iio__now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const char *str_member(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Hit I of the page from ITEM of MSET, with SCORE. */
static iio_status fill_hit(iio_results *res, iio_index *idx, const iio_parsed_query *pq, xs_mset *mset, size_t i,
			   unsigned item, double score, unsigned snippet_chars)
{
	hit_store *h = &res->hits[i];
	iio_status st;
	const char *text;
	json_t *fields;
	xs_docid docid;
	double weight = score;
	char *data = NULL;
	size_t len = 0;
	int listed;
	xs_status xst = xs_mset_item(mset, item, &docid, NULL, NULL);

	/* Without snippets a result is its listing (a slot, split, not
	 * parsed); the document data, text and all, is read for snippets. */
	if (!xst && snippet_chars == 0)
		xst = xs_mset_value(mset, item, IIO_SLOT_HEAD, &data, &len);
	listed = !xst && snippet_chars == 0 && len > 0;
	if (!xst && !listed) {
		xs_free(data);
		data = NULL;
		xst = xs_mset_data(mset, item, &data, &len);
	}
	if (xst)
		return iio__fail(idx, iio__from_xs(xst), "cannot read result %zu: %s", i, xs_mset_error(mset));
	h->docid = docid;
	h->item = item;
	h->from = mset;
	h->hit.rank = res->offset + i + 1;
	h->hit.score = weight;
	if (listed) {
		iio_listing l;
		h->listing = data;
		if (iio_listing_decode(data, len, &l))
			return iio__fail(idx, IIO_ERR_INDEX, "document %u has a damaged listing", docid);
		h->hit.id = l.id;
		h->hit.type = l.type;
		h->hit.title = l.title;
		h->hit.url = l.url;
		h->hit.source = l.source;
		h->hit.snippet = ""; /* none asked for */
		h->hit.fields_json = l.fields_json;
		return IIO_OK;
	}
	h->rec = iio__parse_record(idx, data, len, docid, &st);
	xs_free(data);
	if (!h->rec)
		return st;
	h->hit.id = str_member(h->rec, "id");
	h->hit.type = str_member(h->rec, "type");
	h->hit.title = str_member(h->rec, "title");
	h->hit.url = str_member(h->rec, "url");
	h->hit.source = str_member(h->rec, "source");
	if (!h->hit.id || !h->hit.type || !h->hit.title)
		return iio__fail(idx, IIO_ERR_INDEX, "document %u lacks id, type or title", docid);
	if (!h->hit.source)
		h->hit.source = "";
	text = str_member(h->rec, "text");
	if (!text)
		text = "";
	if (snippet_chars == 0) {
		h->hit.snippet = ""; /* none asked for */
	} else {
		st = iio__snippet(&h->snip, idx->analyzer, text, strlen(text), pq, snippet_chars);
		if (st)
			return st;
		h->hit.snippet = h->snip.text;
		h->hit.marks = h->snip.marks;
		h->hit.nmarks = h->snip.nmarks;
	}
	fields = json_object_get(h->rec, "fields");
	h->fields_json = fields ? json_dumps(fields, JSON_COMPACT) : strdup("{}");
	if (!h->fields_json)
		return IIO_ERR_NOMEM;
	h->hit.fields_json = h->fields_json;
	return IIO_OK;
}

/* Free what hit H holds, for filling it again. */
static void clear_hit(hit_store *h)
{
	json_decref(h->rec);
	xs_free(h->listing);
	h->listing = NULL;
	free(h->fields_json);
	free(h->explain);
	iio__snippet_clear(&h->snip);
	h->rec = NULL;
	h->fields_json = NULL;
	h->explain = NULL;
}

/* Stems of a text (stopwords left out), at most IIO_MAX_QUERY_TERMS. */
typedef struct stem_set {
	char v[IIO_MAX_QUERY_TERMS][IIO_MAX_TOKEN_BYTES + 1];
	size_t n;
} stem_set;

static int on_set_stem(void *ctx, const iio_token *t)
{
	stem_set *s = ctx;
	if ((t->flags & IIO_TOKEN_STOP) || t->stem_len > IIO_MAX_TOKEN_BYTES)
		return 0;
	if (s->n >= IIO_MAX_QUERY_TERMS)
		return 1;
	memcpy(s->v[s->n], t->stem, t->stem_len);
	s->v[s->n++][t->stem_len] = '\0';
	return 0;
}

static int stem_in(const stem_set *s, const char *stem)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], stem))
			return 1;
	return 0;
}

/* The words of PQ that are not in the group's KEY (the title without its
 * parenthesised variant) are what can tell its members apart: a query
 * "wet van ohm uitleg" asks for the (uitleg) version. When hit H's title
 * holds none of them but the title of another member holding every word
 * does, the best such member (ranked by GQ, the query within the group)
 * stands for the group; its item in *GM (the caller frees it), -1 when H
 * stays. */
static iio_status variant_member(iio_index *idx, const iio_parsed_query *pq, const hit_store *h, const char *key,
				 size_t klen, const xs_query *gq, xs_enquire *ge, xs_mset **gm, int *item)
{
	stem_set *keys = calloc(2, sizeof *keys), *title = keys ? keys + 1 : NULL;
	xs_query *words[IIO_MAX_QUERY_TERMS], *any = NULL, *both = NULL;
	size_t nw = 0, gl = strlen(IIO_PREFIX_GROUP);
	iio_status st = IIO_OK;
	xs_status xst;
	int held = 0;

	*item = -1;
	if (!keys)
		return IIO_ERR_NOMEM;
	if (klen >= gl && !memcmp(key, IIO_PREFIX_GROUP, gl)) {
		key += gl;
		klen -= gl;
	}
	iio_analyze(idx->analyzer, IIO_ANA_DOCUMENT, key, klen, on_set_stem, keys);
	if (h->hit.title)
		iio_analyze(idx->analyzer, IIO_ANA_DOCUMENT, h->hit.title, strlen(h->hit.title), on_set_stem, title);
	for (size_t i = 0; i < pq->nstems && nw < IIO_MAX_QUERY_TERMS && !st; i++) {
		char term[IIO_TERM_CAP];
		const char *s = pq->stems[i];
		if (stem_in(keys, s))
			continue;
		held |= stem_in(title, s);
		if (!(words[nw++] = xs_query_term(term, iio_term(term, IIO_PREFIX_TITLE, s, strlen(s)), 1, 0)))
			st = IIO_ERR_NOMEM;
	}
	/* Best match holds: a version that lacks a word of the query never
	 * stands for one that holds them all (breuken groep 7 uitleg: the
	 * groep-7 version, whose text explains, not the (uitleg) one for groep
	 * 5); a result that lacks words keeps its version. */
	if (!st && nw && !held && h->hit.nmissing == 0) {
		xs_query *parts[3] = {(xs_query *)gq, NULL, pq->strict};
		any = xs_query_combine(XS_OP_OR, words, nw, 0);
		parts[1] = any;
		both = any ? xs_query_combine(XS_OP_FILTER, parts, pq->strict ? 3 : 2, 0) : NULL;
		if (!both)
			st = IIO_ERR_NOMEM;
		else if ((xst = xs_enquire_set_query(ge, both)) || (xst = xs_enquire_mset(ge, 0, 1, 1, gm)))
			st = iio__fail(idx, iio__from_xs(xst), "cannot read a result's group: %s", xs_enquire_error(ge));
		else if (xs_mset_size(*gm) > 0)
			*item = 0;
	}
	for (size_t i = 0; i < nw; i++)
		xs_query_free(words[i]);
	xs_query_free(any);
	xs_query_free(both);
	free(keys);
	return st;
}

/* The passages of group GM (its items LISTED[0..NLISTED)) under hit H,
 * with their snippets; not H itself (a passage shown). */
static iio_status list_passages(iio_index *idx, const iio_parsed_query *pq, hit_store *h, xs_mset *gm,
				const int *listed, int nlisted, unsigned snippet_chars)
{
	iio_status st = IIO_OK;
	xs_status xst;
	for (int k = 0; k < nlisted && !st; k++) {
		iio_passage *p = &h->passages[h->hit.npassages];
		size_t j = h->hit.npassages;
		char *data = NULL;
		size_t len = 0;
		xs_docid d = 0;
		double w = 0;
		json_t *fields;
		const char *text;
		if ((xst = xs_mset_item(gm, (unsigned)listed[k], &d, &w, NULL)) ||
		    (xst = xs_mset_data(gm, (unsigned)listed[k], &data, &len))) {
			st = iio__fail(idx, iio__from_xs(xst), "cannot read a passage: %s", xs_mset_error(gm));
			break;
		}
		if (d == h->docid) {
			xs_free(data);
			continue;
		}
		h->prec[j] = iio__parse_record(idx, data, len, d, &st);
		xs_free(data);
		if (!h->prec[j])
			break;
		p->id = json_string_value(json_object_get(h->prec[j], "id"));
		p->title = json_string_value(json_object_get(h->prec[j], "title"));
		p->score = w;
		text = json_string_value(json_object_get(h->prec[j], "text"));
		if (!p->id || !p->title) {
			st = iio__fail(idx, IIO_ERR_INDEX, "document %u lacks id or title", d);
			json_decref(h->prec[j]);
			h->prec[j] = NULL;
			break;
		}
		if (snippet_chars && text) {
			if ((st = iio__snippet(&h->psnip[j], idx->analyzer, text, strlen(text), pq, snippet_chars)))
				break;
			p->snippet = h->psnip[j].text;
			p->marks = h->psnip[j].marks;
			p->nmarks = h->psnip[j].nmarks;
		} else {
			p->snippet = "";
		}
		fields = json_object_get(h->prec[j], "fields");
		h->pfields[j] = fields ? json_dumps(fields, JSON_COMPACT) : strdup("{}");
		if (!h->pfields[j]) {
			st = IIO_ERR_NOMEM;
			break;
		}
		p->fields_json = h->pfields[j];
		h->hit.npassages++;
	}
	return st;
}

/* Hit I of RES shows the member of its group whose variant the query
 * names, when another than itself (variant_member); SCORE stays. */
static iio_status show_variant(iio_results *res, iio_index *idx, const iio_parsed_query *pq, size_t i, const char *key,
			       size_t klen, const xs_query *gq, xs_enquire *ge, double score, unsigned snippet_chars)
{
	hit_store *h = &res->hits[i];
	xs_mset *vm = NULL;
	int item = -1;
	iio_status st = variant_member(idx, pq, h, key, klen, gq, ge, &vm, &item);
	if (!st && item >= 0) {
		clear_hit(h);
		st = fill_hit(res, idx, pq, vm, i, (unsigned)item, score, snippet_chars);
	}
	xs_mset_free(vm);
	return st;
}

/* The kinds of the group's members read into GM, best first: the
 * document (*DOC, -1: none), the first passage (*FIRST_PASS), the passages
 * to list (LISTED[0..*NLISTED)) and how many passages (*NPASS). */
static xs_status group_kinds(xs_mset *gm, int *doc, int *first_pass, int *listed, int *nlisted, int *npass)
{
	unsigned n = xs_mset_size(gm);
	xs_status xst = XS_OK;
	for (unsigned j = 0; j < n && !xst; j++) {
		char *type = NULL;
		size_t tl = 0;
		if ((xst = xs_mset_value(gm, j, IIO_SLOT_TYPE, &type, &tl)))
			break;
		if (tl == 8 && !memcmp(type, "document", 8))
			*doc = (int)j;
		else if (tl == 7 && !memcmp(type, "passage", 7)) {
			if (*first_pass < 0)
				*first_pass = (int)j;
			if (*nlisted < IIO_MAX_LISTED_PASSAGES)
				listed[(*nlisted)++] = (int)j;
			(*npass)++;
		}
		xs_free(type);
	}
	return xst;
}

/* Hit I stands for a group (its key in the group slot, more members than
 * itself): count the members matching USED exactly, and for a document's
 * group (a document and its passages) show the document with the passages
 * that match under it, best first, or, when one passage alone matches, that
 * passage. Read through a second enquire on the same database, so remote
 * shards answer alike. */
static iio_status group_details(iio_results *res, iio_index *idx, const iio_parsed_query *pq, const xs_query *used,
				xs_mset *mset, size_t i, unsigned snippet_chars, xs_enquire **gep)
{
	hit_store *h = &res->hits[i];
	char *key = NULL, *xerr = NULL;
	size_t klen = 0;
	xs_enquire *ge = NULL;
	xs_mset *gm = NULL;
	xs_query *in_group = NULL, *gq = NULL;
	unsigned lower = 0, members, size = 0;
	int display = -1, listed[IIO_MAX_LISTED_PASSAGES], nlisted = 0, npass = 0, doc = -1, first_pass = -1;
	double score = h->hit.score;
	iio_status st = IIO_OK;
	xs_status xst = xs_mset_value(mset, h->item, IIO_SLOT_GROUP, &key, &klen);

	/* The slot holds the group's term, on members of groups of two or
	 * more only: a record alone in its group (a case, a profile) has none. */
	if (xst || klen == 0 || klen > IIO_MAX_GROUP_TERM) {
		xs_free(key);
		return xst ? iio__fail(idx, iio__from_xs(xst), "cannot read a result's group: %s", xs_mset_error(mset))
			   : IIO_OK;
	}
	{
		const char *term = key;
		size_t tl = klen;
		/* Members may have been deleted since: one read of the term's
		 * frequency, no query, for a group now of one. */
		if ((xst = xs_db_termfreq(idx->db, term, tl, &size))) {
			st = iio__fail(idx, iio__from_xs(xst), "cannot read a result's group: %s", xs_db_error(idx->db));
			goto out;
		}
		if (size < 2)
			goto out;
		in_group = xs_query_term(term, tl, 1, 0);
	}
	{
		xs_query *pair[2] = {(xs_query *)used, in_group};
		gq = in_group ? xs_query_combine(XS_OP_FILTER, pair, 2, 0) : NULL;
	}
	if (!gq) {
		st = IIO_ERR_NOMEM;
		goto out;
	}
	/* One enquire for the page's groups (*GEP, the caller frees it). */
	if (!*gep) {
		xst = xs_enquire_new(gep, idx->db, &xerr);
		if (!xst)
			xst = xs_enquire_set_bm25(*gep, IIO_BM25_K1, IIO_BM25_K2, IIO_BM25_K3, IIO_BM25_B,
						  IIO_BM25_MIN_NORMLEN);
		if (!xst)
			xst = xs_enquire_set_sort_relevance_then(*gep, IIO_SLOT_ID);
	}
	ge = *gep;
	if (!xst)
		xst = xs_enquire_set_query(ge, gq);
	if (!xst)
		/* Every member counted; the best few read: the shown one, the
		 * passages listed, the document. */
		xst = xs_enquire_mset(ge, 0, IIO_MAX_LISTED_PASSAGES + 2, size, &gm);
	if (xst) {
		st = iio__fail(idx, iio__from_xs(xst), "cannot read a result's group: %s",
			       xerr ? xerr : ge ? xs_enquire_error(ge) : xs_status_string(xst));
		goto out;
	}
	xs_mset_matches(gm, &lower, NULL, NULL);
	members = lower;
	if (members < 2)
		goto out;
	if ((xst = group_kinds(gm, &doc, &first_pass, listed, &nlisted, &npass))) {
		st = iio__fail(idx, iio__from_xs(xst), "cannot read a result's group: %s", xs_mset_error(gm));
		goto out;
	}
	if (npass >= 2) {
		display = doc >= 0 ? doc : first_pass;
	} else if (npass == 1) {
		display = first_pass;
		nlisted = 0;
	} else {
		nlisted = 0;
	}
	if (display >= 0) {
		xs_docid d = 0;
		if ((xst = xs_mset_item(gm, (unsigned)display, &d, NULL, NULL))) {
			st = iio__fail(idx, iio__from_xs(xst), "cannot read a result's group: %s", xs_mset_error(gm));
			goto out;
		}
		if (d != h->docid) {
			clear_hit(h);
			if ((st = fill_hit(res, idx, pq, gm, i, (unsigned)display, score, snippet_chars)))
				goto out;
		}
	}
	/* A version of a video: the one whose variant the query names. */
	if (npass == 0 && (st = show_variant(res, idx, pq, i, key, klen, gq, ge, score, snippet_chars)))
		goto out;
	/* The passages under it: the shown one (a passage) not again. */
	if (!st)
		st = list_passages(idx, pq, h, gm, listed, nlisted, snippet_chars);
	if (!st) {
		h->group = key;
		key = NULL;
		/* The key shown is the term without its prefix. */
		h->hit.group = h->group + (strncmp(h->group, IIO_PREFIX_GROUP, strlen(IIO_PREFIX_GROUP)) ? 0
											    : strlen(IIO_PREFIX_GROUP));
		h->hit.more = members > 1 + h->hit.npassages ? members - 1 - h->hit.npassages : 0;
		h->hit.passages = h->passages;
	}
out:
	xs_free(key);
	xs_free(xerr);
	xs_mset_free(gm);
	xs_query_free(in_group);
	xs_query_free(gq);
	return st;
}

/* Run QUERY on ENQ; on success *mset is the caller's. */
iio_status iio__run(iio_index *idx, xs_enquire *enq, const xs_query *query, const iio_search_options *o,
		      unsigned first, unsigned max, xs_mset **mset)
{
	unsigned check = 0;
	xs_status xst = xs_enquire_set_query(enq, query);
	/* Facets count every match, as an exact total does. */
	if (!xst && (o->exact_total || o->facets))
		check = (unsigned)iio_index_count(idx);
	if (!xst)
		xst = xs_enquire_mset(enq, first, max, check, mset);
	if (xst && iio__from_xs(xst) == IIO_ERR_INDEX)
		return iio__fail(idx, IIO_ERR_INDEX,
				 "the index %s cannot be read (%s); rebuild it with 'iio-index --full' or go back "
				 "with 'iio-index --rollback'",
				 idx->path, xs_enquire_error(enq));
	if (xst)
		return iio__fail(idx, iio__from_xs(xst), "search failed: %s", xs_enquire_error(enq));
	return IIO_OK;
}

/* The caller's options, of whatever version, over the defaults. */
iio_status iio__take_options(iio_index *idx, const iio_search_options *opts, iio_search_options *o)
{
	iio_search_options_init(o);
	if (opts) {
		if (opts->version < 1 || opts->version > IIO_SEARCH_OPTIONS_VERSION)
			return iio__fail(idx, IIO_ERR_ARGUMENT, "unknown iio_search_options version %u", opts->version);
		if (opts->version == 1)
			memcpy(o, opts, offsetof(iio_search_options, filter)); /* a version-1 struct ends there */
		else if (opts->version == 2)
			memcpy(o, opts, offsetof(iio_search_options, all_words)); /* a version-2 struct ends there */
		else
			*o = *opts;
	}
	if (o->limit > IIO_MAX_LIMIT)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "limit %u is above the maximum of %d", o->limit, IIO_MAX_LIMIT);
	if (o->offset > IIO_MAX_OFFSET)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "offset %lu is above the maximum of %d", o->offset,
				 IIO_MAX_OFFSET);
	return IIO_OK;
}

/* FILTER the prepared queries of PQ by the filter clauses (required, not
 * ranked); passages above whole documents first. */
iio_status iio__finish_queries(iio_index *idx, iio_parsed_query *pq, const iio_search_options *o)
{
	iio_status st;
	if (o->filter && *o->filter) {
		iio_parsed_query fq;
		xs_query *pair[2], *both;
		/* Filters come from options (--year, year=): a bad value is an
		 * error naming it, never a filter dropped. */
		st = iio__parse_query(&fq, idx->analyzer, idx->db, o->filter, 1, idx->err, sizeof idx->err);
		if (st)
			return st;
		pair[1] = fq.strict;
		for (int r = 0; r < 3; r++) {
			xs_query **target = r == 2 ? &pq->covered : r ? &pq->relaxed : &pq->strict;
			if (!*target)
				continue;
			pair[0] = *target;
			both = xs_query_combine(XS_OP_FILTER, pair, 2, 0);
			xs_query_free(*target);
			*target = both;
		}
		pq->only_documents |= fq.only_documents;
		iio__parsed_query_clear(&fq);
		if (!pq->strict)
			return IIO_ERR_NOMEM;
	}
	return IIO_OK;
}

/* The enquire a search ranks with: BM25, ties by record id (MODE
 * RANK_BY_XAPIAN: by date as O asks), collapsed on the group slot unless
 * O->no_group. *ENQ is the caller's, also on failure. */
static iio_status start_enquire(iio_index *idx, const iio_search_options *o, int mode, xs_enquire **enq)
{
	char *xerr = NULL;
	iio_status st = IIO_OK;
	xs_status xst = xs_enquire_new(enq, idx->db, &xerr);
	if (!xst)
		xst = xs_enquire_set_bm25(*enq, IIO_BM25_K1, IIO_BM25_K2, IIO_BM25_K3, IIO_BM25_B,
					  IIO_BM25_MIN_NORMLEN);
	/* Ties in ranking go to the record id, so results are the same every
	 * time; by date: newest year first, records without a year last. */
	if (!xst && mode == RANK_BY_XAPIAN)
		xst = o->sort == IIO_SORT_DATE ? xs_enquire_set_sort(*enq, IIO_SLOT_YEAR, 1)
					       : xs_enquire_set_sort_relevance_then(*enq, IIO_SLOT_ID);
	/* Near-identical records collapse into one result (Xapian's collapse
	 * key, so remote shards collapse alike). */
	if (!xst && !o->no_group)
		xst = xs_enquire_set_collapse(*enq, IIO_SLOT_GROUP);
	/* Which member stands for a group must not depend on docids (shards,
	 * parallel builds): equal scores go to the lower record id, read only
	 * on members of groups (a value lookup per match in a slot every
	 * record has cost 12%); rank.c puts the page's ties in id order. */
	if (!xst && !o->no_group && mode == RANK_PAGE)
		xst = xs_enquire_set_sort_relevance_then(*enq, IIO_SLOT_MEMBER_ID);
	if (xst)
		st = iio__fail(idx, iio__from_xs(xst), "cannot start the search: %s",
			       xerr ? xerr : *enq ? xs_enquire_error(*enq) : xs_status_string(xst));
	xs_free(xerr);
	return st;
}

/* What ranking a search leaves: the page's matches (RK, items of MSET or
 * MORE; in Xapian's own order of MSET when MODE is not RANK_PAGE) and the
 * query it ranked (USED). */
typedef struct ranking {
	xs_mset *mset, *more;
	ranked *rk;
	size_t nrk;
	const xs_query *used;
	int mode;
} ranking;

/* Whether the run RG made matched nothing at all. */
static int matched_none(const ranking *rg)
{
	unsigned upper = 0;
	if (rg->mode == RANK_PAGE)
		return rg->nrk == 0; /* ranked from the first match */
	xs_mset_matches(rg->mset, NULL, NULL, &upper);
	return upper == 0;
}

/* The rank stage: PQ ranked into RG (on ENQ) as PLAN says. Best match:
 * two or more clauses, by relevance, at any depth (one order for every
 * page); by date, Xapian's order of the best-match query. Otherwise every
 * word is required (and when nothing has every word, what has some of
 * them is ranked: RES is then relaxed). */
static iio_status rank_search(iio_results *res, iio_index *idx, xs_enquire *enq, iio_parsed_query *pq,
			      const iio_search_options *o, const iio_plan *plan, ranking *rg)
{
	iio_status st;
	switch (plan->strategy) {
	case IIO_STRATEGY_BEST_MATCH:
		rg->used = pq->relaxed;
		return iio__best_match(idx, enq, pq, o, plan, &rg->mset, &rg->rk, &rg->nrk, &rg->more);
	case IIO_STRATEGY_BEST_MATCH_BY_DATE:
		st = iio__rank(idx, enq, &pq->relaxed, pq, o, plan, &rg->mode, &rg->mset, &rg->rk, &rg->nrk);
		rg->used = pq->relaxed;
		return st;
	case IIO_STRATEGY_ALL_WORDS:
	case IIO_STRATEGY_BY_DATE:
	case IIO_STRATEGY_FILTER_ONLY:
		break;
	}
	st = iio__rank(idx, enq, &pq->strict, pq, o, plan, &rg->mode, &rg->mset, &rg->rk, &rg->nrk);
	rg->used = pq->strict;
	if (st || !matched_none(rg) || !pq->relaxed || o->all_words)
		return st;
	/* Nothing has every word: rank what has some of them. */
	xs_mset_free(rg->mset);
	rg->mset = NULL;
	iio__ranked_free(rg->rk, rg->nrk);
	rg->rk = NULL;
	rg->nrk = 0;
	st = iio__rank(idx, enq, &pq->relaxed, pq, o, plan, &rg->mode, &rg->mset, &rg->rk, &rg->nrk);
	if (!st) {
		res->relaxed = 1;
		rg->used = pq->relaxed;
	}
	return st;
}

/* Hit I of the page: the match RG puts there, read, with the clauses it
 * lacks (best match). */
static iio_status page_hit(iio_results *res, iio_index *idx, const iio_parsed_query *pq, const iio_search_options *o,
			   const iio_plan *plan, const ranking *rg, size_t i)
{
	unsigned item = (unsigned)i;
	double score = 0;
	xs_mset *from = rg->mset;
	const ranked *r = rg->mode == RANK_PAGE ? &rg->rk[o->offset + i] : NULL;
	hit_store *h = &res->hits[i];
	iio_status st;
	if (r) {
		item = r->item;
		score = r->score;
		if (r->from)
			from = r->from;
	} else {
		xs_mset_item(rg->mset, item, NULL, &score, NULL);
	}
	st = fill_hit(res, idx, pq, from, i, item, score, o->snippet_chars);
	if (st || plan->strategy != IIO_STRATEGY_BEST_MATCH || !r->nmissing)
		return st;
	for (size_t c = 0; c < pq->nclauses; c++)
		if (r->missing & (1u << c)) {
			if (!(h->missing[h->hit.nmissing] = strdup(pq->clauses[c].text)))
				return IIO_ERR_NOMEM;
			h->hit.nmissing++;
		}
	h->hit.missing = (const char *const *)h->missing;
	res->relaxed = 1;
	return IIO_OK;
}

/* Run the prepared PQ as PLAN says and build the result set; QUERY is
 * what was asked (for the JSON and for spelling suggestions, NULL: none).
 * Consumes PQ. */
iio_status iio__execute_plan(iio_results **out, iio_index *idx, const char *query, iio_parsed_query *pq,
			       const iio_search_options *op, const iio_plan *plan, double t0)
{
	iio_search_options o = *op, ro = *op;
	iio_results *res;
	xs_enquire *enq = NULL, *genq = NULL;
	xs_query *covered = NULL;
	iio_status st;
	xs_status xst;
	size_t i, n;
	ranking rg = {.mode = plan->rank_mode};

	res = calloc(1, sizeof *res);
	if (!res || !(res->query = strdup(query ? query : ""))) {
		free(res);
		iio__parsed_query_clear(pq);
		return IIO_ERR_NOMEM;
	}
	res->offset = o.offset;
	res->limit = o.limit;
	o.facets = (plan->stages & IIO_STAGE_FACETS) != 0;
	res->facets_requested = o.facets;
	/* The counts are a stage of their own (count.c): the ranking runs
	 * need not count every match. */
	ro.facets = ro.exact_total = 0;
	if ((st = start_enquire(idx, &o, rg.mode, &enq)) || (st = rank_search(res, idx, enq, pq, &ro, plan, &rg)))
		goto done;
	/* Best match: how many hold every word is counted too. */
	if ((plan->strategy == IIO_STRATEGY_BEST_MATCH || plan->strategy == IIO_STRATEGY_BEST_MATCH_BY_DATE) &&
	    !(covered = iio__covered_query(pq))) {
		st = IIO_ERR_NOMEM;
		goto done;
	}
	if ((plan->stages & IIO_STAGE_COUNT) && (st = iio__count(res, idx, rg.used, covered, &o)))
		goto done;
	/* Fill the page. */
	if (rg.mode == RANK_PAGE)
		n = rg.nrk > o.offset ? (rg.nrk - o.offset < o.limit ? rg.nrk - o.offset : o.limit) : 0;
	else
		n = xs_mset_size(rg.mset);
	if (!(res->hits = calloc(n ? n : 1, sizeof *res->hits))) {
		st = IIO_ERR_NOMEM;
		goto done;
	}
	for (i = 0; i < n && !st; i++) {
		res->n = i + 1;
		st = page_hit(res, idx, pq, &o, plan, &rg, i);
	}
	if (!st && rg.mode != RANK_PAGE)
		iio__order_ties(res, o.sort == IIO_SORT_DATE);
	/* Groups: every result's group is read from the index, not from
	 * Xapian's collapse counts: those do not travel from remote shards. */
	for (i = 0; !st && (plan->stages & IIO_STAGE_GROUPS) && rg.used && i < res->n; i++)
		st = group_details(res, idx, pq, rg.used, res->hits[i].from, i, o.snippet_chars, &genq);
	/* explain and did-you-mean below run queries of their own on ENQ. */
	if (!st && !o.no_group && (xst = xs_enquire_set_collapse(enq, -1)))
		st = iio__fail(idx, iio__from_xs(xst), "cannot search: %s", xs_enquire_error(enq));
	if (!st && (plan->stages & IIO_STAGE_EXPLAIN))
		st = iio__explain_hits(res, idx, enq);
	if (!st && (plan->stages & IIO_STAGE_DID_YOU_MEAN) && query)
		st = iio__did_you_mean(res, idx, enq, pq, query);
done:
	xs_query_free(covered);
	iio__ranked_free(rg.rk, rg.nrk);
	xs_mset_free(rg.mset);
	xs_mset_free(rg.more);
	xs_enquire_free(enq);
	xs_enquire_free(genq);
	iio__parsed_query_clear(pq);
	if (st) {
		iio_results_free(res);
		return st;
	}
	res->took_ms = iio__now_ms() - t0;
	*out = res;
	return IIO_OK;
}

iio_status iio__execute(iio_results **out, iio_index *idx, const char *query, iio_parsed_query *pq,
			  const iio_search_options *o, double t0)
{
	iio_index_stats stats;
	iio_plan plan;
	iio_status st = iio__index_stats(idx, &stats);
	if (st) {
		iio__parsed_query_clear(pq);
		return st;
	}
	iio__plan(&plan, o, pq, &stats);
	return iio__execute_plan(out, idx, query, pq, o, &plan, t0);
}

/* iio_search; HELP: when nothing is found, look for alternatives (not for
 * a correction's own search). */
static iio_status search(iio_results **out, iio_index *idx, const char *query, const iio_search_options *opts, int help)
{
	double t0 = iio__now_ms();
	iio_search_options o;
	iio_parsed_query pq;
	iio_status st;

	if (!out)
		return IIO_ERR_ARGUMENT;
	*out = NULL;
	if (!idx || !idx->db || !query)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "iio_search needs an open index and a query");
	if ((st = iio__take_options(idx, opts, &o)))
		return st;
	if (o.filter && *o.filter && query[strspn(query, " \t\r\n")] == '\0') {
		/* No words, only filters: every record that passes them. */
		st = iio__parse_query(&pq, idx->analyzer, idx->db, o.filter, 1, idx->err, sizeof idx->err);
		o.filter = NULL;
	} else {
		st = iio__parse_query(&pq, idx->analyzer, idx->db, query, o.strict, idx->err, sizeof idx->err);
	}
	if (st)
		return st;
	if ((st = iio__finish_queries(idx, &pq, &o))) {
		iio__parsed_query_clear(&pq);
		return st;
	}
	st = iio__execute(out, idx, query, &pq, &o, t0);
	/* Nothing at all, but a spelling that finds something: search that
	 * ("showing results for"), say so, keep what was asked. */
	if (!st && (*out)->total == 0 && (*out)->suggestion && !o.strict) {
		iio_results *fixed = NULL;
		iio_search_options again = o;
		again.strict = 1; /* no second round of corrections */
		if (search(&fixed, idx, (*out)->suggestion, &again, 0) == IIO_OK && fixed->total > 0) {
			char *q = fixed->query;
			fixed->query = (*out)->query;
			(*out)->query = q;
			fixed->suggestion = q ? strdup(q) : NULL;
			fixed->corrected = 1;
			fixed->took_ms = iio__now_ms() - t0;
			iio_results_free(*out);
			*out = fixed;
		} else {
			iio_results_free(fixed);
		}
		idx->err[0] = '\0';
	}
	/* Still nothing: what could help (alternatives.c). */
	if (!st && help && (*out)->total == 0 && (st = iio__alternatives(*out, idx, query, &o))) {
		iio_results_free(*out);
		*out = NULL;
	}
	return st;
}

iio_status iio_search(iio_results **out, iio_index *idx, const char *query, const iio_search_options *opts)
{
	return search(out, idx, query, opts, 1);
}
