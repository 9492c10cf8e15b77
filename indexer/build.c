/* build.c - records to Xapian documents (see build.h).
 *
 * Terms (analyze.h): every word of title and text in its normalized form,
 * positional and unprefixed (title words with extra wdf), so phrases and
 * exact matches work, stopwords included; Z<stem> for every word that is no
 * stopword; P<stem> for the parts of compounds; the stems of each text field
 * under its prefix (S title, XS school ...: iio_fields); exact fields as
 * boolean terms (XT type, XL level ...); Q<id> as the unique id term.
 * Values: facet values, sortable years and duration, the id. Data: the
 * record as JSON, which --show and the snippets read back.
 */
#define _GNU_SOURCE
#include "build.h"

#include "analyze.h"
#include "generation.h"
#include "groups.h"
#include "../shim/xs.h"

#include <dirent.h>
#include <pthread.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The corpus vocabulary for the spelling table, counted here and handed
 * to Xapian once per word (add_spelling per occurrence cost a quarter of
 * the indexing time): an open-addressing hash of word -> occurrences
 * added (a record indexed) less those taken away (a record an incremental
 * run replaces or deletes), so an incremental run leaves the table a full
 * run would make. */
typedef struct spell_entry {
	char *word; /* NULL: empty slot */
	long count;
} spell_entry;

typedef struct spell_table {
	spell_entry *v;
	size_t cap, n; /* cap a power of two */
} spell_table;

/* Documents between commits of a build. */
#define FLUSH_DOCS 1000

/* Flushed to Xapian when it holds this many words, so memory stays bounded. */
#define SPELL_MAX_WORDS (1u << 20)

typedef struct worker worker;

struct iio_build {
	xs_wdb *db; /* NULL in a parallel build: the workers' parts hold the databases */
	const iio_analyzer *analyzer;
	unsigned long records, tokens;
	spell_table spell;
	/* A parallel full build (iio_build_open_parallel): records go round
	 * robin to JOBS worker threads, each indexing into its own database
	 * DIR/part-K; iio_build_finish merges the parts into DIR. */
	worker *workers;
	unsigned jobs;
	unsigned whole; /* a part: the record count of the whole build, to record */
	unsigned uncommitted; /* documents added since the last commit */
	int fresh;            /* started empty: no record is in it twice */
	unsigned long next;
	char *dir;
	iio_build_warn_fn warn; /* a record indexed with a change; NULL: not said */
	void *warn_ctx;
};

static xs_status spell_flush(iio_build *b)
{
	xs_status st = XS_OK;
	for (size_t i = 0; i < b->spell.cap; i++) {
		spell_entry *e = &b->spell.v[i];
		if (!e->word)
			continue;
		if (!st && e->count > 0)
			st = xs_wdb_add_spelling(b->db, e->word, strlen(e->word), (unsigned)e->count);
		else if (!st && e->count < 0)
			st = xs_wdb_remove_spelling(b->db, e->word, strlen(e->word), (unsigned)-e->count);
		free(e->word);
		e->word = NULL;
	}
	b->spell.n = 0;
	return st;
}

static void spell_free(spell_table *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->v[i].word);
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* Count DELTA occurrences (1, or -1 for a record taken away) of WORD[0..len). */
static xs_status spell_add(iio_build *b, const char *word, size_t len, int delta)
{
	spell_table *t = &b->spell;
	size_t i;
	if (t->n * 2 >= t->cap) {
		if (t->n >= SPELL_MAX_WORDS) {
			xs_status st = spell_flush(b);
			if (st)
				return st;
		} else {
			spell_table bigger = {calloc(t->cap ? t->cap * 2 : 4096, sizeof(spell_entry)), 0, 0};
			if (!bigger.v)
				return XS_ENOMEM;
			bigger.cap = t->cap ? t->cap * 2 : 4096;
			for (size_t k = 0; k < t->cap; k++) {
				if (!t->v[k].word)
					continue;
				i = (size_t)iio_fnv64(IIO_FNV64_INIT, t->v[k].word, strlen(t->v[k].word)) & (bigger.cap - 1);
				while (bigger.v[i].word)
					i = (i + 1) & (bigger.cap - 1);
				bigger.v[i] = t->v[k];
				bigger.n++;
			}
			free(t->v);
			*t = bigger;
		}
	}
	i = (size_t)iio_fnv64(IIO_FNV64_INIT, word, len) & (t->cap - 1);
	while (t->v[i].word) {
		if (!strncmp(t->v[i].word, word, len) && t->v[i].word[len] == '\0') {
			t->v[i].count += delta;
			return XS_OK;
		}
		i = (i + 1) & (t->cap - 1);
	}
	if (!(t->v[i].word = strndup(word, len)))
		return XS_ENOMEM;
	t->v[i].count = delta;
	t->n++;
	return XS_OK;
}

static char *shim_message(const char *what, xs_status st, const char *detail)
{
	char *m = NULL;
	if (asprintf(&m, "%s: %s%s%s", what, xs_status_string(st), detail && *detail ? ": " : "",
		     detail ? detail : "") < 0)
		return NULL;
	return m;
}

/* Copy the database files of generation BASE into DIR (created). The
 * caller holds the index lock, so no writer changes BASE meanwhile. */
static int copy_database(const char *base, const char *dir, char **err)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		if (asprintf(err, "cannot create %s: %s", dir, strerror(errno)) < 0)
			*err = NULL;
		return -1;
	}
	if (!(d = opendir(base))) {
		if (asprintf(err, "cannot read the live index %s: %s", base, strerror(errno)) < 0)
			*err = NULL;
		return -1;
	}
	while (!rc && (e = readdir(d))) {
		char from[4096];
		size_t n = strlen(e->d_name);
		/* The database's own files; not its lock, not the lexicon. */
		if (!strcmp(e->d_name, "iamglass") || (n > 6 && !strcmp(e->d_name + n - 6, ".glass"))) {
			snprintf(from, sizeof from, "%s/%s", base, e->d_name);
			if (iio_copy_file(from, dir, e->d_name)) {
				if (asprintf(err, "cannot copy %s into %s: %s", from, dir, strerror(errno)) < 0)
					*err = NULL;
				rc = -1;
			}
		}
	}
	closedir(d);
	return rc;
}

int iio_build_open(iio_build **out, const char *dir, const char *base, const iio_analyzer *analyzer,
		   char **err)
{
	iio_build *b = calloc(1, sizeof *b);
	char *xerr = NULL;
	xs_status st;

	*out = NULL;
	if (!b) {
		*err = strdup("out of memory");
		return -1;
	}
	b->analyzer = analyzer;
	if (base && copy_database(base, dir, err)) {
		free(b);
		return -1;
	}
	/* The new generation is private until iio_gen_sync() fsyncs every file
	 * of it and it is switched in: its commits need not sync. */
	st = xs_wdb_open(&b->db, dir, (xs_open_mode)((base ? XS_OPEN : XS_CREATE) | XS_NO_SYNC), &xerr);
	if (st) {
		*err = shim_message("cannot create the index database", st, xerr);
		xs_free(xerr);
		free(b);
		return -1;
	}
	b->fresh = base == NULL;
	*out = b;
	return 0;
}

typedef struct term_ctx {
	xs_doc *doc;
	const char *field;   /* the field being analyzed... */
	const char *text;    /* ... and its text */
	unsigned long cut;   /* words cut to fit a term */
	const char *cut_field; /* the first one's field and surface form */
	char cut_word[64];
	unsigned base;     /* position offset */
	unsigned wdf;
	const char *prefix; /* extra prefixed copy, or NULL */
	unsigned long count;
	unsigned last_pos;
	xs_status st;
	iio_build *spelling; /* whose vocabulary it feeds, NULL: none */
	int spell_delta;     /* 1; -1 with no DOC: only take the words' counts away */
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
	size_t n = t->end - t->start;
	if (c->cut++ || !c->text)
		return;
	c->cut_field = c->field;
	if (n >= sizeof c->cut_word)
		n = sizeof c->cut_word - 1;
	while (n > 0 && n < t->end - t->start && ((unsigned char)c->text[t->start + n] & 0xC0) == 0x80)
		n--;
	memcpy(c->cut_word, c->text + t->start, n);
	c->cut_word[n] = '\0';
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
	if (!c->st && c->spelling && !(t->flags & (IIO_TOKEN_STOP | IIO_TOKEN_WHOLE)) && t->norm_len >= 4 &&
	    strspn(t->norm, "abcdefghijklmnopqrstuvwxyz") >= t->norm_len)
		c->st = spell_add(c->spelling, t->norm, t->norm_len, c->spell_delta);
	c->count++;
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
static int analyze_field(iio_build *b, term_ctx *c, const char *field, const char *text, size_t len)
{
	c->field = field;
	c->text = text;
	return iio_analyze(b->analyzer, IIO_ANA_DOCUMENT, text, len, add_token, c);
}

/* Analyze the text of REC (title, text, text fields) into C: its
 * document's terms and positions, and the spelling counts. */
static int analyze_record(iio_build *b, const iio_record *rec, term_ctx *c)
{
	int rc;
	c->wdf = IIO_TITLE_WDF;
	c->prefix = IIO_PREFIX_TITLE;
	c->base = 1;
	rc = analyze_field(b, c, "title", rec->title, strlen(rec->title));
	if (!rc) {
		c->base = c->last_pos + IIO_TEXT_POS_GAP;
		c->wdf = 1;
		c->prefix = NULL;
		rc = analyze_field(b, c, "text", rec->text, strlen(rec->text));
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
			rc = analyze_field(b, c, def->name, json_string_value(v), json_string_length(v));
		} else if (json_is_array(v)) {
			json_array_foreach(v, i, item) if (!rc && json_is_string(item))
			{
				c->base = c->last_pos + IIO_TEXT_POS_GAP;
				rc = analyze_field(b, c, def->name, json_string_value(item), json_string_length(item));
			}
		}
	}
	return rc;
}

/* REC's fields from a record as the index stores it; returns the JSON
 * they point into (the caller's), NULL after reporting in *ERR. */
static json_t *stored_record(const char *data, size_t len, iio_record *rec, char **err)
{
	json_t *o = iio_stored_decode(data, len), *fields;
	if (!o || !json_is_object(o)) {
		json_decref(o);
		*err = strdup("the stored record is not a JSON object");
		return NULL;
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
		*err = strdup("the stored record lacks source, id, type, title, text or fields");
		return NULL;
	}
	return o;
}

/* Before an incremental run replaces or deletes the record IDTERM names:
 * take its words' occurrences out of the spelling counts, as a full run
 * would never have counted them. */
static int uncount_stored(iio_build *b, const char *idterm, char **err)
{
	char *data = NULL;
	size_t len = 0;
	iio_record rec = {0};
	term_ctx c = {0};
	json_t *o;
	xs_status st = xs_wdb_data_of(b->db, idterm, strlen(idterm), &data, &len);
	if (st == XS_NOT_FOUND)
		return 0;
	if (st) {
		*err = shim_message("cannot read the record it replaces", st, xs_wdb_error(b->db));
		return -1;
	}
	o = stored_record(data, len, &rec, err);
	xs_free(data);
	if (!o)
		return -1;
	c.spelling = b;
	c.spell_delta = -1;
	if (analyze_record(b, &rec, &c)) {
		*err = shim_message("cannot count the words of the record it replaces", c.st ? c.st : XS_ERROR, NULL);
		json_decref(o);
		return -1;
	}
	json_decref(o);
	return 0;
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
 * members of groups of two or more (mark_groups). */
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

/* Say that REC's words were cut to fit a term, once for the record. */
static void warn_cut(iio_build *b, const iio_record *rec, const term_ctx *c)
{
	char msg[400];
	snprintf(msg, sizeof msg,
		 "%lu word(s) normalize to more than %d bytes, longer than a term may be (the first: \"%s\"): cut to "
		 "fit; the record is indexed",
		 c->cut, IIO_MAX_NORM_BYTES, c->cut_word);
	b->warn(b->warn_ctx, rec->source, rec->line, c->cut_field, msg);
}

static int index_record(iio_build *b, const iio_record *rec, const char *hash, char **err)
{
	xs_doc *doc = xs_doc_new();
	term_ctx c = {0};
	char *data = NULL, *idterm = NULL;
	size_t dlen = 0;
	xs_status st = XS_OK;
	int rc;

	if (!doc) {
		*err = strdup("out of memory");
		return -1;
	}
	c.doc = doc;
	c.spelling = b;
	c.spell_delta = 1;
	rc = analyze_record(b, rec, &c);
	if (rc)
		st = c.st;
	if (!st)
		st = add_title_terms(doc, rec->title);
	if (!st && c.cut && b->warn)
		warn_cut(b, rec, &c);
	if (!st)
		st = add_exact(doc, IIO_PREFIX_TYPE, rec->type);
	if (!st)
		st = xs_doc_set_value(doc, IIO_SLOT_TYPE, rec->type, strlen(rec->type));
	if (!st)
		st = xs_doc_set_value(doc, IIO_SLOT_ID, rec->id, strlen(rec->id));
	if (!st)
		st = add_group_term(doc, rec);
	/* Exact-valued fields: a boolean term; every field with a facet slot:
	 * its display value there. */
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
	if (!st) {
		json_t *end = json_object_get(rec->fields, "year_end");
		st = set_number(doc, IIO_SLOT_YEAR_END, end ? end : json_object_get(rec->fields, "year"));
	}
	if (!st)
		st = set_number(doc, IIO_SLOT_DURATION, json_object_get(rec->fields, "duration"));
	if (!st) {
		data = record_data(rec, &dlen);
		st = data ? xs_doc_set_data(doc, data, dlen) : XS_ENOMEM;
		if (!st) {
			char *fields = rec->fields ? json_dumps(rec->fields, JSON_COMPACT) : strdup("{}");
			size_t ll = 0;
			char *listing = fields ? iio_listing_encode(rec->id, rec->type, rec->title, rec->url, rec->source,
								    fields, &ll)
					       : NULL;
			st = listing ? xs_doc_set_value(doc, IIO_SLOT_HEAD, listing, ll) : XS_ENOMEM;
			free(listing);
			free(fields);
		}
	}
	if (!st) {
		char own[17];
		if (!hash)
			hash_hex(data, dlen, own);
		st = xs_doc_set_value(doc, IIO_SLOT_HASH, hash ? hash : own, 16);
	}
	if (!st) {
		if (!(idterm = iio_id_term_dup(rec->id)))
			st = XS_ENOMEM;
		else
			st = xs_doc_add_boolean_term(doc, idterm, strlen(idterm));
	}
	if (st) {
		*err = shim_message("cannot build the document", st, xs_doc_error(doc));
	} else {
		/* A build from nothing holds each id once (the run skips
		 * duplicates): adding spares the lookup of the id term. */
		if (!b->fresh && uncount_stored(b, idterm, err))
			st = XS_ERROR;
		else if ((st = b->fresh ? xs_wdb_add(b->db, doc, NULL) : xs_wdb_replace(b->db, idterm, strlen(idterm), doc)))
			*err = shim_message("cannot add the document", st, xs_wdb_error(b->db));
	}
	free(data);
	free(idterm);
	xs_doc_free(doc);
	if (st)
		return -1;
	b->records++;
	b->tokens += c.count;
	/* Commit every FLUSH_DOCS documents, well before Xapian's own 10,000:
	 * its in-memory inverter grows slower per document the more it holds
	 * (30,000 records on two threads: 24.3 s at 10,000, 17.6 s at 1,000,
	 * and a third of the memory). */
	if (++b->uncommitted >= FLUSH_DOCS) {
		b->uncommitted = 0;
		if ((st = xs_wdb_commit(b->db))) {
			*err = shim_message("cannot commit the index", st, xs_wdb_error(b->db));
			return -1;
		}
	}
	return 0;
}

/* ---- parallel full builds ---- */

#define QUEUE_SLOTS 64

typedef struct job {
	iio_record rec;
	char *source; /* rec.source points here */
	char hash[17];
	int has_hash;
} job;

struct worker {
	iio_build *part;
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t ready; /* a job queued, or stop */
	pthread_cond_t done;  /* a slot freed, or the queue ran empty */
	job q[QUEUE_SLOTS];
	size_t head, count;
	int busy, stop;
	char *err; /* the first failure; later jobs are dropped */
	struct pending_warning *warnings; /* the part's, newest first, for the caller's thread */
};

typedef struct pending_warning {
	struct pending_warning *next;
	long line;
	char *source, *field, *msg;
} pending_warning;

static void pending_free(pending_warning *p)
{
	while (p) {
		pending_warning *next = p->next;
		free(p->source);
		free(p->field);
		free(p->msg);
		free(p);
		p = next;
	}
}

/* A part's warning, on its worker's thread: queued for the caller's. */
static void queue_warning(void *ctx, const char *source, long line, const char *field, const char *msg)
{
	worker *w = ctx;
	pending_warning *p = calloc(1, sizeof *p);
	if (!p)
		return;
	p->line = line;
	p->source = strdup(source ? source : "");
	p->field = field ? strdup(field) : NULL;
	p->msg = strdup(msg);
	if (!p->source || !p->msg || (field && !p->field)) {
		pending_free(p);
		return;
	}
	pthread_mutex_lock(&w->mu);
	p->next = w->warnings;
	w->warnings = p;
	pthread_mutex_unlock(&w->mu);
}

/* Say the warnings LIST (newest first) through B's callback, oldest
 * first, and free them. */
static void say_warnings(iio_build *b, pending_warning *list)
{
	pending_warning *order = NULL;
	while (list) {
		pending_warning *p = list;
		list = p->next;
		p->next = order;
		order = p;
	}
	for (pending_warning *p = order; p && b->warn; p = p->next)
		b->warn(b->warn_ctx, p->source, p->line, p->field, p->msg);
	pending_free(order);
}

void iio_build_on_warning(iio_build *b, iio_build_warn_fn warn, void *ctx)
{
	b->warn = warn;
	b->warn_ctx = ctx;
	/* Before any record is queued: the workers read it after taking
	 * their first job under their lock. */
	for (unsigned k = 0; k < b->jobs; k++) {
		b->workers[k].part->warn = warn ? queue_warning : NULL;
		b->workers[k].part->warn_ctx = &b->workers[k];
	}
}

static void job_clear(job *j)
{
	free(j->source);
	iio_record_clear(&j->rec);
	memset(j, 0, sizeof *j);
}

/* A copy of REC the worker owns. */
static int job_fill(job *j, const iio_record *rec, const char *hash)
{
	memset(j, 0, sizeof *j);
	j->source = strdup(rec->source ? rec->source : "");
	j->rec.source = j->source;
	j->rec.line = rec->line;
	j->rec.id = strdup(rec->id);
	j->rec.type = strdup(rec->type);
	j->rec.title = strdup(rec->title);
	j->rec.text = strdup(rec->text);
	j->rec.url = rec->url ? strdup(rec->url) : NULL;
	j->rec.fields = rec->fields ? json_deep_copy(rec->fields) : NULL;
	if (hash) {
		memcpy(j->hash, hash, 16);
		j->has_hash = 1;
	}
	if (!j->source || !j->rec.id || !j->rec.type || !j->rec.title || !j->rec.text || (rec->url && !j->rec.url) ||
	    (rec->fields && !j->rec.fields)) {
		job_clear(j);
		return -1;
	}
	return 0;
}

static void *work(void *arg)
{
	worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		job j;
		char *err = NULL;
		while (!w->count && !w->stop)
			pthread_cond_wait(&w->ready, &w->mu);
		if (!w->count)
			break;
		j = w->q[w->head];
		w->head = (w->head + 1) % QUEUE_SLOTS;
		w->count--;
		w->busy = 1;
		pthread_cond_broadcast(&w->done);
		if (!w->err) {
			pthread_mutex_unlock(&w->mu);
			if (index_record(w->part, &j.rec, j.has_hash ? j.hash : NULL, &err)) {
				char *msg = NULL;
				if (asprintf(&msg, "%s:%ld: %s", j.rec.source, j.rec.line, err ? err : "out of memory") < 0)
					msg = NULL;
				free(err);
				err = msg ? msg : strdup("out of memory");
			}
			pthread_mutex_lock(&w->mu);
			if (err && !w->err)
				w->err = err;
			else
				free(err);
		}
		job_clear(&j);
		w->busy = 0;
		pthread_cond_broadcast(&w->done);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Wait until every worker has indexed all it was given; the first failure
 * into *ERR. The parts may then be used from this thread. */
static int drain(iio_build *b, char **err)
{
	int rc = 0;
	for (unsigned k = 0; k < b->jobs; k++) {
		worker *w = &b->workers[k];
		pending_warning *said;
		pthread_mutex_lock(&w->mu);
		while (w->count || w->busy)
			pthread_cond_wait(&w->done, &w->mu);
		if (w->err && !rc) {
			if (err)
				*err = strdup(w->err);
			rc = -1;
		}
		said = w->warnings;
		w->warnings = NULL;
		pthread_mutex_unlock(&w->mu);
		say_warnings(b, said);
	}
	return rc;
}

/* Stop and join the workers (after they finish their queues). */
static void stop_workers(iio_build *b)
{
	for (unsigned k = 0; k < b->jobs; k++) {
		worker *w = &b->workers[k];
		if (!w->started)
			continue;
		pthread_mutex_lock(&w->mu);
		w->stop = 1;
		pthread_cond_broadcast(&w->ready);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
		w->started = 0;
	}
}

/* Free the workers of B, aborting the parts still open. */
static void free_workers(iio_build *b)
{
	stop_workers(b);
	for (unsigned k = 0; k < b->jobs; k++) {
		worker *w = &b->workers[k];
		iio_build_abort(w->part);
		for (size_t i = 0; i < w->count; i++)
			job_clear(&w->q[(w->head + i) % QUEUE_SLOTS]);
		free(w->err);
		pending_free(w->warnings);
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->ready);
		pthread_cond_destroy(&w->done);
	}
	free(b->workers);
	b->workers = NULL;
	b->jobs = 0;
}

static char *part_dir(const char *dir, unsigned k)
{
	char *p = NULL;
	return asprintf(&p, "%s/part-%u", dir, k) < 0 ? NULL : p;
}

int iio_build_open_parallel(iio_build **out, const char *dir, unsigned jobs, const iio_analyzer *analyzer,
			    char **err)
{
	iio_build *b;
	*out = NULL;
	if (jobs <= 1)
		return iio_build_open(out, dir, NULL, analyzer, err);
	if (jobs > IIO_BUILD_MAX_JOBS)
		jobs = IIO_BUILD_MAX_JOBS;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		if (asprintf(err, "cannot create %s: %s", dir, strerror(errno)) < 0)
			*err = NULL;
		return -1;
	}
	b = calloc(1, sizeof *b);
	if (!b || !(b->dir = strdup(dir)) || !(b->workers = calloc(jobs, sizeof *b->workers))) {
		if (b)
			free(b->dir);
		free(b);
		*err = strdup("out of memory");
		return -1;
	}
	b->analyzer = analyzer;
	for (unsigned k = 0; k < jobs; k++) {
		worker *w = &b->workers[k];
		char *pd = part_dir(dir, k);
		pthread_mutex_init(&w->mu, NULL);
		pthread_cond_init(&w->ready, NULL);
		pthread_cond_init(&w->done, NULL);
		b->jobs = k + 1;
		if (!pd) {
			*err = strdup("out of memory");
			goto fail;
		}
		if (iio_build_open(&w->part, pd, NULL, analyzer, err)) {
			free(pd);
			goto fail;
		}
		free(pd);
		if (pthread_create(&w->thread, NULL, work, w)) {
			if (asprintf(err, "cannot start an indexing thread: %s", strerror(errno)) < 0)
				*err = NULL;
			goto fail;
		}
		w->started = 1;
	}
	*out = b;
	return 0;
fail:
	free_workers(b);
	free(b->dir);
	free(b);
	return -1;
}

/* Queue REC for the next worker in turn. */
static int dispatch(iio_build *b, const iio_record *rec, const char *hash, char **err)
{
	worker *w = &b->workers[b->next++ % b->jobs];
	pending_warning *said;
	job j;
	if (job_fill(&j, rec, hash)) {
		*err = strdup("out of memory");
		return -1;
	}
	pthread_mutex_lock(&w->mu);
	while (w->count == QUEUE_SLOTS && !w->err)
		pthread_cond_wait(&w->done, &w->mu);
	if (w->err) {
		*err = strdup(w->err);
		pthread_mutex_unlock(&w->mu);
		job_clear(&j);
		return *err ? IIO_BUILD_EARLIER : -1;
	}
	w->q[(w->head + w->count) % QUEUE_SLOTS] = j;
	w->count++;
	said = w->warnings;
	w->warnings = NULL;
	pthread_cond_signal(&w->ready);
	pthread_mutex_unlock(&w->mu);
	say_warnings(b, said);
	return 0;
}

int iio_build_add(iio_build *b, const iio_record *rec, const char *hash, char **err)
{
	return b->jobs ? dispatch(b, rec, hash, err) : index_record(b, rec, hash, err);
}

/* The database the calls other than adding work on: a parallel build's
 * first part, once the workers are idle. NULL after reporting in *ERR. */
static iio_build *single(iio_build *b, char **err)
{
	if (!b->jobs)
		return b;
	return drain(b, err) ? NULL : b->workers[0].part;
}

/* Mark the groups of the N parts PATHS (closed), counted across them. */
static int mark_parts(char *const *paths, unsigned n, char **err)
{
	xs_db *counts[IIO_BUILD_MAX_JOBS] = {0};
	char *xerr = NULL;
	xs_status st = XS_OK;
	int rc = 0;
	for (unsigned k = 0; k < n && !st; k++)
		if ((st = xs_db_open(&counts[k], paths[k], &xerr)))
			*err = shim_message("cannot read a part of the index", st, xerr);
	for (unsigned k = 0; k < n && !st && !rc; k++) {
		xs_wdb *w = NULL;
		if ((st = xs_wdb_open(&w, paths[k], XS_OPEN | XS_NO_SYNC, &xerr))) {
			*err = shim_message("cannot open a part of the index", st, xerr);
			break;
		}
		rc = iio_mark_groups(w, counts, n, err);
		if ((st = xs_wdb_close(w)) && !rc)
			*err = shim_message("cannot write the group marks of a part of the index", st, NULL);
	}
	xs_free(xerr);
	for (unsigned k = 0; k < n; k++)
		xs_db_close(counts[k]);
	return rc || st ? -1 : 0;
}

/* Finish the parts and merge them into B->dir. Each part records the
 * record count of the whole (the merge keeps one part's metadata). */
static int finish_parallel(iio_build *b, char **err)
{
	char *paths[IIO_BUILD_MAX_JOBS] = {0};
	unsigned n = b->jobs, whole = 0;
	int rc = drain(b, err);
	stop_workers(b);
	for (unsigned k = 0; k < n && !rc; k++) {
		unsigned d = 0;
		if (xs_wdb_doccount(b->workers[k].part->db, &d)) {
			*err = strdup("cannot count the documents of a part of the index");
			rc = -1;
		}
		whole += d;
	}
	for (unsigned k = 0; k < n; k++) {
		worker *w = &b->workers[k];
		char *perr = NULL;
		b->records += w->part->records;
		b->tokens += w->part->tokens;
		w->part->whole = whole;
		if (!(paths[k] = part_dir(b->dir, k)) && !rc) {
			*err = strdup("out of memory");
			rc = -1;
		}
		if (rc) {
			iio_build_abort(w->part);
		} else if (iio_build_finish(w->part, &perr)) {
			*err = perr;
			rc = -1;
		}
		w->part = NULL;
	}
	if (!rc) {
		char *xerr = NULL;
		/* Groups are marked in the parts, counted across them, so that
		 * the merge writes the result compact. */
		xs_status st = XS_OK;
		rc = mark_parts(paths, n, err);
		if (!rc && (st = xs_db_merge((const char *const *)paths, n, b->dir, &xerr))) {
			*err = shim_message("cannot merge the parts of the index", st, xerr);
			rc = -1;
		}
		xs_free(xerr);
	}
	for (unsigned k = 0; k < n; k++) {
		char name[32];
		snprintf(name, sizeof name, "part-%u", k);
		if (paths[k])
			iio_gen_remove(b->dir, name);
		free(paths[k]);
	}
	return rc;
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

int iio_build_add_stored(iio_build *b, const char *data, size_t len, char **err)
{
	iio_record rec = {0};
	json_t *o = stored_record(data, len, &rec, err);
	int rc;
	if (!o)
		return -1;
	rc = iio_build_add(b, &rec, NULL, err);
	json_decref(o);
	return rc;
}

int iio_build_delete(iio_build *b, const char *id, char **err)
{
	char *term;
	xs_status st;
	if (b->jobs) {
		/* any part may hold it */
		if (drain(b, err))
			return -1;
		for (unsigned k = 0; k < b->jobs; k++)
			if (iio_build_delete(b->workers[k].part, id, err))
				return -1;
		return 0;
	}
	if (!(term = iio_id_term_dup(id))) {
		*err = strdup("out of memory");
		return -1;
	}
	if (uncount_stored(b, term, err)) {
		free(term);
		return -1;
	}
	st = xs_wdb_delete(b->db, term, strlen(term));
	free(term);
	if (st) {
		*err = shim_message("cannot delete the document", st, xs_wdb_error(b->db));
		return -1;
	}
	return 0;
}

int iio_build_set_meta(iio_build *b, const char *key, const char *val, char **err)
{
	xs_status st;
	if (!(b = single(b, err)))
		return -1;
	st = xs_wdb_set_metadata(b->db, key, val, strlen(val));
	if (st) {
		*err = shim_message("cannot set metadata", st, xs_wdb_error(b->db));
		return -1;
	}
	return 0;
}

typedef struct member {
	char text[256];  /* as written, trimmed */
	char stem[256];  /* a single word's stem, "" for a phrase */
} member;

static int first_token(void *ctx, const iio_token *t)
{
	member *m = ctx;
	if (m->stem[0] || (t->flags & IIO_TOKEN_WHOLE)) {
		m->stem[0] = '\0';
		return 1; /* a second word: a phrase */
	}
	snprintf(m->stem, sizeof m->stem, "%.*s", (int)t->stem_len, t->stem);
	return 0;
}

long iio_build_thesaurus(iio_build *b, const char *path, void (*error)(void *ctx, long line, const char *msg),
			 void *ctx)
{
	FILE *f;
	char line[2048];
	long lineno = 0, groups = 0;
	if (b->jobs) {
		/* The synonym table of the first part; the merge keeps it. A
		 * worker's failure is no thesaurus problem: the build's next
		 * call (metadata, finish) reports it with its file and line. */
		char *err = NULL;
		iio_build *first = single(b, &err);
		free(err);
		return first ? iio_build_thesaurus(first, path, error, ctx) : -1;
	}
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof line, f)) {
		member m[16];
		size_t n = 0;
		char *save = NULL;
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[strspn(line, " \t")] || line[strspn(line, " \t")] == '#')
			continue;
		for (char *tok = strtok_r(line, "=", &save); tok && n < 16; tok = strtok_r(NULL, "=", &save)) {
			while (*tok == ' ' || *tok == '\t')
				tok++;
			snprintf(m[n].text, sizeof m[n].text, "%s", tok);
			for (size_t l = strlen(m[n].text); l > 0 && (m[n].text[l - 1] == ' ' || m[n].text[l - 1] == '\t'); l--)
				m[n].text[l - 1] = '\0';
			if (!m[n].text[0])
				continue;
			m[n].stem[0] = '\0';
			if (iio_analyze(b->analyzer, IIO_ANA_QUERY, m[n].text, strlen(m[n].text), first_token, &m[n]) == 0 &&
			    !m[n].stem[0])
				continue; /* no words at all */
			n++;
		}
		if (n < 2) {
			error(ctx, lineno, "expected at least two members separated by '='");
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			if (!m[i].stem[0])
				continue; /* a phrase is no key */
			for (size_t k = 0; k < n; k++) {
				const char *v = m[k].stem[0] ? m[k].stem : m[k].text;
				if (k == i || !strcmp(v, m[i].stem))
					continue;
				if (xs_wdb_add_synonym(b->db, m[i].stem, strlen(m[i].stem), v, strlen(v))) {
					error(ctx, lineno, xs_wdb_error(b->db));
					break;
				}
			}
		}
		groups++;
	}
	fclose(f);
	return groups;
}

int iio_build_finish(iio_build *b, char **err)
{
	char built[32], count[32];
	time_t now = time(NULL);
	struct tm tm;
	xs_status st;

	if (b->jobs) {
		int rc = finish_parallel(b, err);
		free_workers(b);
		free(b->dir);
		free(b);
		return rc;
	}
	gmtime_r(&now, &tm);
	strftime(built, sizeof built, "%Y-%m-%dT%H:%M:%SZ", &tm);
	{
		unsigned docs = 0;
		xs_wdb_doccount(b->db, &docs);
		if (b->whole)
			docs = b->whole;
		snprintf(count, sizeof count, "%u", docs);
	}
	char analyzer_id[256];
	snprintf(analyzer_id, sizeof analyzer_id, "%s; schema %s", iio_analyzer_id(b->analyzer), IIO_INDEX_SCHEMA);
	st = spell_flush(b);
	/* A part's groups are marked once the parts are merged. */
	if (!st && !b->whole && iio_mark_groups(b->db, NULL, 0, err)) {
		xs_wdb_close(b->db);
		spell_free(&b->spell);
		free(b);
		return -1;
	}
	if (!st)
		st = xs_wdb_set_metadata(b->db, IIO_META_ANALYZER, analyzer_id, strlen(analyzer_id));
	if (!st)
		st = xs_wdb_set_metadata(b->db, IIO_META_BUILT, built, strlen(built));
	if (!st)
		st = xs_wdb_set_metadata(b->db, IIO_META_RECORDS, count, strlen(count));
	if (!st)
		st = xs_wdb_commit(b->db);
	if (st)
		*err = shim_message("cannot commit the index", st, xs_wdb_error(b->db));
	if (xs_wdb_close(b->db) && !st) {
		st = XS_DB_ERROR;
		*err = strdup("cannot close the index database");
	}
	spell_free(&b->spell);
	free(b);
	return st ? -1 : 0;
}

void iio_build_abort(iio_build *b)
{
	if (!b)
		return;
	/* Closing commits what was added; the caller removes the whole
	 * generation directory, so nothing of it is ever served. */
	if (b->jobs) {
		free_workers(b);
		free(b->dir);
	}
	if (b->db)
		xs_wdb_close(b->db);
	spell_free(&b->spell);
	free(b);
}

/* The figures of a parallel build: the parts' own, once they are idle. */
static unsigned long figure(iio_build *b, int tokens)
{
	unsigned long n = tokens ? b->tokens : b->records;
	if (!b->jobs)
		return n;
	drain(b, NULL);
	for (unsigned k = 0; k < b->jobs; k++)
		n += tokens ? b->workers[k].part->tokens : b->workers[k].part->records;
	return n;
}

unsigned long iio_build_records(iio_build *b) { return figure(b, 0); }
unsigned long iio_build_tokens(iio_build *b) { return figure(b, 1); }
