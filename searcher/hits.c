/* hits.c - the fill stage of a search (libiiosearch): a match read into a
 * result of the page - its listing or stored record, snippet and fields. */
#define _GNU_SOURCE
#include "private.h"

#include <stdlib.h>
#include <string.h>

static const char *str_member(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Hit I of the page from ITEM of MSET, with SCORE. */
iio_status iio__fill_hit(iio_results *res, iio_index *idx, const iio_parsed_query *pq, xs_mset *mset, size_t i,
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
		st = iio__snippet(&h->snip, idx->analyzer, iio__memo(idx), text, strlen(text), pq, snippet_chars);
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
void iio__clear_hit(hit_store *h)
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
