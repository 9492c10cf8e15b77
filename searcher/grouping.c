/* grouping.c - the groups stage of a search (libiiosearch): for each
 * result, what its group holds, read from the index (not from Xapian's
 * collapse counts, which do not travel from remote shards): a document's
 * passages listed under it, a video's other versions counted, and the
 * version whose variant the query names standing for its group. */
#define _GNU_SOURCE
#include "private.h"

#include <stdlib.h>
#include <string.h>

#include "weights.h"

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
		/* A version holding a value the words name (groep 7) gives way
		 * only to another holding one. */
		xs_query *parts[4] = {(xs_query *)gq, NULL, pq->strict, pq->values};
		size_t np = 2;
		any = xs_query_combine(XS_OP_OR, words, nw, 0);
		parts[1] = any;
		if (pq->strict)
			parts[np++] = pq->strict;
		if (pq->values)
			parts[np++] = pq->values;
		both = any ? xs_query_combine(XS_OP_FILTER, parts, np, 0) : NULL;
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
			if ((st = iio__snippet(&h->psnip[j], idx->analyzer, iio__memo(idx), text, strlen(text), pq, snippet_chars)))
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
		iio__clear_hit(h);
		st = iio__fill_hit(res, idx, pq, vm, i, (unsigned)item, score, snippet_chars);
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
iio_status iio__group_details(iio_results *res, iio_index *idx, const iio_parsed_query *pq, const xs_query *used,
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
			iio__clear_hit(h);
			if ((st = iio__fill_hit(res, idx, pq, gm, i, (unsigned)display, score, snippet_chars)))
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
