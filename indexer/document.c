/* document.c - a record as a Xapian document (see document.h): the terms,
 * values and data the index format (format.h) says a record becomes. The
 * build (build.c) adds what this makes to its database.
 */
#define _GNU_SOURCE
#include "document.h"
#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct term_ctx {
	xs_doc *doc;         /* NULL: only count the words */
	const iio_analyzer *analyzer;
	iio_word_memo *memo;
	const char *field;   /* the field being analyzed... */
	const char *text;    /* ... and its text */
	iio_doc_notes *notes;
	unsigned base;     /* position offset */
	unsigned wdf;
	const char *prefix; /* extra prefixed copy, or NULL */
	unsigned last_pos;
	xs_status st;
	iio_vocab_fn vocab;  /* where the words go for the spelling table, NULL: nowhere */
	void *vctx;
	int delta;           /* 1; -1 to take the words' counts away */
} term_ctx;

/* Add PREFIX+S[0..len) as a term with WDF. */
static xs_status add_prefixed_term(xs_doc *doc, const char *prefix, const char *s, size_t len, unsigned wdf)
{
	char term[IIO_TERM_CAP];
	return xs_doc_add_term(doc, term, iio_term(term, prefix, s, len), wdf);
}

/* A word cut to fit a term: counted, to be said once for the record. */
static void note_cut(term_ctx *c, const iio_token *t)
{
	iio_doc_notes *d = c->notes;
	size_t n = t->end - t->start;
	if (d->cut++ || !c->text)
		return;
	d->cut_field = c->field;
	if (n >= sizeof d->cut_word)
		n = sizeof d->cut_word - 1;
	while (n > 0 && n < t->end - t->start && ((unsigned char)c->text[t->start + n] & 0xC0) == 0x80)
		n--;
	memcpy(d->cut_word, c->text + t->start, n);
	d->cut_word[n] = '\0';
}

static int add_token(void *vctx, const iio_token *t)
{
	term_ctx *c = vctx;
	c->last_pos = c->base + t->pos;
	if ((t->flags & IIO_TOKEN_CUT) || t->norm_len > IIO_MAX_TERM_BYTES || t->stem_len > IIO_MAX_TERM_BYTES - 2)
		note_cut(c, t);
	if (c->doc)
		c->st = xs_doc_add_posting(c->doc, t->norm, iio_term_fit(t->norm, t->norm_len, IIO_MAX_TERM_BYTES), c->last_pos,
					     c->wdf);
	if (!c->st && c->doc && c->prefix && !(t->flags & IIO_TOKEN_STOP))
		c->st = add_prefixed_term(c->doc, c->prefix, t->stem, t->stem_len, c->wdf ? 1 : 0);
	if (!c->st && c->doc && !(t->flags & IIO_TOKEN_STOP))
		c->st = add_prefixed_term(c->doc, IIO_PREFIX_STEM, t->stem, t->stem_len, c->wdf);
	for (size_t i = 0; !c->st && c->doc && i < t->nparts; i++)
		c->st = add_prefixed_term(c->doc, IIO_PREFIX_PART, t->parts[i].stem, t->parts[i].stem_len, c->wdf);
	/* The corpus vocabulary feeds spelling suggestions (in the index, so
	 * the analysis of a word never depends on the corpus). */
	if (!c->st && c->vocab && !(t->flags & (IIO_TOKEN_STOP | IIO_TOKEN_WHOLE)) && t->norm_len >= 4 &&
	    strspn(t->norm, "abcdefghijklmnopqrstuvwxyz") >= t->norm_len)
		c->st = c->vocab(c->vctx, t->norm, t->norm_len, c->delta);
	c->notes->tokens++;
	return c->st != XS_OK;
}

/* A boolean term PREFIX + the normalized VALUE (type:video, niveau:vo). */
static xs_status add_exact(xs_doc *doc, const char *prefix, const char *value)
{
	char norm[IIO_MAX_TOKEN_BYTES * 4 + 8], term[IIO_TERM_CAP];
	size_t n = iio_normalize_word(value, strlen(value), norm, sizeof norm);
	if (!n)
		return XS_OK; /* nothing to match on */
	return xs_doc_add_boolean_term(doc, term, iio_term(term, prefix, norm, n));
}

static xs_status set_number(xs_doc *doc, unsigned slot, json_t *v)
{
	char buf[18];
	size_t n;
	if (!json_is_integer(v))
		return XS_OK;
	n = xs_sortable_serialise((double)json_integer_value(v), buf);
	return xs_doc_set_value(doc, slot, buf, n);
}

static void hash_hex(const char *data, size_t len, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)iio_fnv64(IIO_FNV64_INIT, data, len));
}

/* The stored form of a record: what --show prints and snippets are cut
 * from (iio_stored_encode). */
static char *record_data(const iio_record *rec, size_t *len)
{
	json_t *o = json_object();
	char *s;
	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_string(rec->id));
	json_object_set_new(o, "type", json_string(rec->type));
	json_object_set_new(o, "title", json_string(rec->title));
	json_object_set_new(o, "url", rec->url ? json_string(rec->url) : json_null());
	json_object_set_new(o, "source", json_string(rec->source));
	json_object_set_new(o, "text", json_string(rec->text));
	json_object_set(o, "fields", rec->fields);
	s = iio_stored_encode(o, len);
	json_decref(o);
	return s;
}

/* One field's TEXT into C, remembered as FIELD for what is said of it. */
static int analyze_field(term_ctx *c, const char *field, const char *text, size_t len)
{
	c->field = field;
	c->text = text;
	return iio_analyze_memo(c->analyzer, c->memo, IIO_ANA_DOCUMENT, text, len, add_token, c);
}

/* Analyze the text of REC (title, text, text fields) into C: its
 * document's terms and positions, and the spelling counts. */
static int analyze_record(const iio_record *rec, term_ctx *c)
{
	int rc;
	c->wdf = IIO_TITLE_WDF;
	c->prefix = IIO_PREFIX_TITLE;
	c->base = 1;
	rc = analyze_field(c, "title", rec->title, strlen(rec->title));
	if (!rc) {
		c->base = c->last_pos + IIO_TEXT_POS_GAP;
		c->wdf = 1;
		c->prefix = NULL;
		rc = analyze_field(c, "text", rec->text, strlen(rec->text));
	}
	/* Fields are text too (school R@velijn, keywords: weighted like the
	 * title), each after a gap so no phrase runs from one into the next;
	 * and field:value terms under their prefix. */
	for (size_t f = 0; !rc && f < iio_nfields; f++) {
		const iio_field_def *def = &iio_fields[f];
		json_t *v = json_object_get(rec->fields, def->name), *item;
		size_t i;
		if (def->kind != IIO_FIELD_TEXT || !strcmp(def->name, "title") || !v)
			continue;
		c->prefix = def->prefix;
		c->wdf = def->wdf;
		if (json_is_string(v)) {
			c->base = c->last_pos + IIO_TEXT_POS_GAP;
			rc = analyze_field(c, def->name, json_string_value(v), json_string_length(v));
		} else if (json_is_array(v)) {
			json_array_foreach(v, i, item) if (!rc && json_is_string(item))
			{
				c->base = c->last_pos + IIO_TEXT_POS_GAP;
				rc = analyze_field(c, def->name, json_string_value(item), json_string_length(item));
			}
		}
	}
	return rc;
}

iio_ix_status iio_document_stored(const char *data, size_t len, iio_record *rec, json_t **json, char **err)
{
	json_t *o = iio_stored_decode(data, len), *fields;
	*json = NULL;
	if (!o || !json_is_object(o)) {
		json_decref(o);
		return iio_ix_fail(err, IIO_IX_DATABASE, "the stored record is not a JSON object");
	}
	rec->source = json_string_value(json_object_get(o, "source"));
	rec->id = (char *)json_string_value(json_object_get(o, "id"));
	rec->type = (char *)json_string_value(json_object_get(o, "type"));
	rec->title = (char *)json_string_value(json_object_get(o, "title"));
	rec->text = (char *)json_string_value(json_object_get(o, "text"));
	rec->url = (char *)json_string_value(json_object_get(o, "url"));
	fields = json_object_get(o, "fields");
	rec->fields = json_is_object(fields) ? fields : NULL;
	if (!rec->source || !rec->id || !rec->type || !rec->title || !rec->text || !rec->fields) {
		json_decref(o);
		return iio_ix_fail(err, IIO_IX_DATABASE, "the stored record lacks source, id, type, title, text or fields");
	}
	*json = o;
	return IIO_IX_OK;
}

iio_ix_status iio_document_words(const iio_record *rec, const iio_analyzer *analyzer, iio_word_memo *memo,
				 iio_vocab_fn vocab, void *vctx, int delta, char **err)
{
	iio_doc_notes notes = {0};
	term_ctx c = {.analyzer = analyzer, .memo = memo, .notes = &notes, .vocab = vocab, .vctx = vctx, .delta = delta};
	if (analyze_record(rec, &c))
		return iio_ix_shim_fail(err, "cannot count the words of the record it replaces", c.st ? c.st : XS_ERROR,
					NULL);
	return IIO_IX_OK;
}

/* The whole TITLE, normalized, for suggest-as-you-type; and from each of
 * its next words on, so what is typed completes a title it does not start
 * ("gouden e": de gouden eeuw). */
static xs_status add_title_terms(xs_doc *doc, const char *title)
{
	char norm[IIO_MAX_TOKEN_BYTES * 4 + 8];
	size_t tl = strlen(title), n;
	xs_status st = XS_OK;
	if (tl > IIO_MAX_TOKEN_BYTES)
		tl = IIO_MAX_TOKEN_BYTES;
	while (tl > 0 && ((unsigned char)title[tl] & 0xC0) == 0x80)
		tl--; /* a character boundary */
	n = iio_normalize_word(title, tl, norm, sizeof norm);
	if (n)
		st = add_prefixed_term(doc, IIO_PREFIX_WHOLE_TITLE, norm, n > IIO_MAX_WHOLE_TITLE ? IIO_MAX_WHOLE_TITLE : n, 1);
	for (size_t i = 0, words = 0; !st && i + 1 < n && words < IIO_MAX_TITLE_SUFFIXES; i++)
		if (norm[i] == ' ' && n - i - 1 >= 3) {
			size_t sl = n - i - 1;
			st = add_prefixed_term(doc, IIO_PREFIX_WHOLE_TITLE, norm + i + 1,
					       sl > IIO_MAX_WHOLE_TITLE ? IIO_MAX_WHOLE_TITLE : sl, 1);
			words++;
		}
	return st;
}

/* REC's group term; the group slot is set when the build ends, on the
 * members of groups of two or more (groups.c). */
static xs_status add_group_term(xs_doc *doc, const iio_record *rec)
{
	json_t *parent = json_object_get(rec->fields, "parent"), *group = json_object_get(rec->fields, "group");
	char *key = iio_group_key(rec->type, rec->id, rec->title, json_string_value(parent), json_string_value(group));
	char term[IIO_MAX_GROUP_TERM + 1];
	xs_status st;
	if (!key)
		return XS_ENOMEM;
	st = xs_doc_add_boolean_term(doc, term, iio_group_term(term, key, strlen(key)));
	free(key);
	return st;
}

/* Exact-valued fields: a boolean term; every field with a facet slot: its
 * display value there; years and duration sortable. */
static xs_status add_fields(xs_doc *doc, const iio_record *rec)
{
	xs_status st = XS_OK;
	json_t *end;
	for (size_t f = 0; !st && f < iio_nfields; f++) {
		const iio_field_def *def = &iio_fields[f];
		json_t *v = json_object_get(rec->fields, def->name);
		if (def->kind == IIO_FIELD_EXACT && json_is_string(v))
			st = add_exact(doc, def->prefix, json_string_value(v));
		if (!st && def->facet_slot >= 0 && json_is_string(v))
			st = xs_doc_set_value(doc, (unsigned)def->facet_slot, json_string_value(v), json_string_length(v));
		if (!st && def->kind == IIO_FIELD_YEAR && json_is_integer(v)) {
			char year[24];
			int n = snprintf(year, sizeof year, "%lld", (long long)json_integer_value(v));
			st = xs_doc_set_value(doc, (unsigned)def->facet_slot, year, (size_t)n);
		}
	}
	if (!st)
		st = set_number(doc, IIO_SLOT_YEAR, json_object_get(rec->fields, "year"));
	end = json_object_get(rec->fields, "year_end");
	if (!st)
		st = set_number(doc, IIO_SLOT_YEAR_END, end ? end : json_object_get(rec->fields, "year"));
	if (!st)
		st = set_number(doc, IIO_SLOT_DURATION, json_object_get(rec->fields, "duration"));
	return st;
}

/* The slots of the facets (bit s: slot s): the type's and the fields'. */
static unsigned facet_slots(void)
{
	unsigned mask = 1u << IIO_SLOT_TYPE;
	for (size_t f = 0; f < iio_nfields; f++)
		if (iio_fields[f].facet_slot >= 0 && iio_fields[f].facet_slot < 32 &&
		    iio_fields[f].facet_slot != IIO_SLOT_FACETS)
			mask |= 1u << iio_fields[f].facet_slot;
	return mask;
}

/* The stored record as the document's data, its listing, its content hash
 * (HASH, or the data's own) and its id term. */
static xs_status add_stored(xs_doc *doc, const iio_record *rec, const char *hash)
{
	size_t dlen = 0, ll = 0;
	char *data = record_data(rec, &dlen), *fields = NULL, *listing = NULL, *idterm = NULL, own[17];
	xs_status st = data ? xs_doc_set_data(doc, data, dlen) : XS_ENOMEM;
	if (!st) {
		fields = rec->fields ? json_dumps(rec->fields, JSON_COMPACT) : strdup("{}");
		listing = fields ? iio_listing_encode(rec->id, rec->type, rec->title, rec->url, rec->source, fields, &ll)
				 : NULL;
		st = listing ? xs_doc_set_value(doc, IIO_SLOT_HEAD, listing, ll) : XS_ENOMEM;
	}
	if (!st) {
		if (!hash)
			hash_hex(data, dlen, own);
		st = xs_doc_set_value(doc, IIO_SLOT_HASH, hash ? hash : own, 16);
	}
	if (!st)
		st = (idterm = iio_id_term_dup(rec->id)) ? xs_doc_add_boolean_term(doc, idterm, strlen(idterm)) : XS_ENOMEM;
	free(idterm);
	free(listing);
	free(fields);
	free(data);
	return st;
}

iio_ix_status iio_document_new(xs_doc **out, const iio_record *rec, const char *hash, const iio_analyzer *analyzer,
			       iio_word_memo *memo, iio_vocab_fn vocab, void *vctx, iio_doc_notes *notes, char **err)
{
	xs_doc *doc = xs_doc_new();
	term_ctx c = {.doc = doc, .analyzer = analyzer, .memo = memo, .notes = notes, .vocab = vocab, .vctx = vctx, .delta = 1};
	xs_status st = XS_OK;

	*out = NULL;
	memset(notes, 0, sizeof *notes);
	if (!doc)
		return iio_ix_fail(err, IIO_IX_NOMEM, "out of memory");
	if (analyze_record(rec, &c))
		st = c.st;
	if (!st)
		st = add_title_terms(doc, rec->title);
	if (!st)
		st = add_exact(doc, IIO_PREFIX_TYPE, rec->type);
	if (!st)
		st = xs_doc_set_value(doc, IIO_SLOT_TYPE, rec->type, strlen(rec->type));
	if (!st)
		st = xs_doc_set_value(doc, IIO_SLOT_ID, rec->id, strlen(rec->id));
	if (!st)
		st = add_group_term(doc, rec);
	if (!st)
		st = add_fields(doc, rec);
	if (!st)
		st = add_stored(doc, rec, hash);
	if (!st)
		st = xs_doc_pack_values(doc, IIO_SLOT_FACETS, facet_slots());
	if (st) {
		iio_ix_status rc = iio_ix_shim_fail(err, "cannot build the document", st, xs_doc_error(doc));
		xs_doc_free(doc);
		return rc;
	}
	*out = doc;
	return IIO_IX_OK;
}

void iio_record_hash(const iio_record *rec, char out[17])
{
	size_t len = 0;
	char *data = record_data(rec, &len);
	if (!data) {
		memset(out, '0', 16); /* matches nothing stored: the record is indexed */
		out[16] = '\0';
		return;
	}
	hash_hex(data, len, out);
	free(data);
}
