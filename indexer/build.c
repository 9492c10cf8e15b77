/* build.c - records into a Xapian database (see build.h): one database or
 * parts filled in parallel and merged, the spelling table counted, commits,
 * metadata, the thesaurus. What a record becomes (terms, values, data) is
 * document.c's.
 */
#define _GNU_SOURCE
#include "build.h"

#include "analyze.h"
#include "document.h"
#include "status.h"
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
	iio_word_memo *memo; /* this part's (one thread's), made at the first record */
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
static xs_status spell_add(void *ctx, const char *word, size_t len, int delta)
{
	iio_build *b = ctx;
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


/* Copy the database files of generation BASE into DIR (created). The
 * caller holds the index lock, so no writer changes BASE meanwhile. */
static iio_ix_status copy_database(const char *base, const char *dir, char **err)
{
	DIR *d;
	struct dirent *e;
	iio_ix_status rc = IIO_IX_OK;
	if (mkdir(dir, 0755) && errno != EEXIST)
		return iio_ix_fail(err, IIO_IX_IO, "cannot create %s: %s", dir, strerror(errno));
	if (!(d = opendir(base)))
		return iio_ix_fail(err, IIO_IX_IO, "cannot read the live index %s: %s", base, strerror(errno));
	while (!rc && (e = readdir(d))) {
		char from[4096];
		size_t n = strlen(e->d_name);
		/* The database's own files; not its lock, not the lexicon. */
		if (!strcmp(e->d_name, "iamglass") || (n > 6 && !strcmp(e->d_name + n - 6, ".glass"))) {
			snprintf(from, sizeof from, "%s/%s", base, e->d_name);
			if (iio_copy_file(from, dir, e->d_name))
				rc = iio_ix_fail(err, IIO_IX_IO, "cannot copy %s into %s: %s", from, dir, strerror(errno));
		}
	}
	closedir(d);
	return rc;
}

iio_ix_status iio_build_open(iio_build **out, const char *dir, const char *base, const iio_analyzer *analyzer,
			     char **err)
{
	iio_build *b = calloc(1, sizeof *b);
	char *xerr = NULL;
	xs_status st;
	iio_ix_status rc;

	*out = NULL;
	if (!b)
		return iio_ix_fail(err, IIO_IX_NOMEM, "out of memory");
	b->analyzer = analyzer;
	if (base && (rc = copy_database(base, dir, err))) {
		free(b);
		return rc;
	}
	/* The new generation is private until iio_gen_sync() fsyncs every file
	 * of it and it is switched in: its commits need not sync. */
	st = xs_wdb_open(&b->db, dir, (xs_open_mode)((base ? XS_OPEN : XS_CREATE) | XS_NO_SYNC), &xerr);
	if (st) {
		rc = iio_ix_shim_fail(err, "cannot create the index database", st, xerr);
		xs_free(xerr);
		free(b);
		return rc;
	}
	b->fresh = base == NULL;
	*out = b;
	return IIO_IX_OK;
}

/* Say that REC's words were cut to fit a term, once for the record. */
static void warn_cut(iio_build *b, const iio_record *rec, const iio_doc_notes *notes)
{
	char msg[400];
	snprintf(msg, sizeof msg,
		 "%lu word(s) normalize to more than %d bytes, longer than a term may be (the first: \"%s\"): cut to "
		 "fit; the record is indexed",
		 notes->cut, IIO_MAX_NORM_BYTES, notes->cut_word);
	b->warn(b->warn_ctx, rec->source, rec->line, notes->cut_field, msg);
}

/* Before an incremental run replaces or deletes the record IDTERM names:
 * take its words' occurrences out of the spelling counts, as a full run
 * would never have counted them. */
static iio_ix_status uncount_stored(iio_build *b, const char *idterm, char **err)
{
	char *data = NULL;
	size_t len = 0;
	iio_record rec = {0};
	json_t *o;
	iio_ix_status rc;
	xs_status st = xs_wdb_data_of(b->db, idterm, strlen(idterm), &data, &len);
	if (st == XS_NOT_FOUND)
		return IIO_IX_OK;
	if (st)
		return iio_ix_shim_fail(err, "cannot read the record it replaces", st, xs_wdb_error(b->db));
	rc = iio_document_stored(data, len, &rec, &o, err);
	xs_free(data);
	if (rc)
		return rc;
	rc = iio_document_words(&rec, b->analyzer, b->memo, spell_add, b, -1, err);
	json_decref(o);
	return rc;
}

static iio_ix_status index_record(iio_build *b, const iio_record *rec, const char *hash, char **err)
{
	xs_doc *doc;
	iio_doc_notes notes;
	char *idterm = NULL;
	xs_status st;
	iio_ix_status rc;

	if (!b->memo)
		b->memo = iio_word_memo_new(); /* NULL: the words are analyzed each time */
	rc = iio_document_new(&doc, rec, hash, b->analyzer, b->memo, spell_add, b, &notes, err);
	if (rc)
		return rc;
	if (notes.cut && b->warn)
		warn_cut(b, rec, &notes);
	/* A build from nothing holds each id once (the run skips
	 * duplicates): adding spares the lookup of the id term. */
	if (!b->fresh && !(idterm = iio_id_term_dup(rec->id)))
		rc = iio_ix_fail(err, IIO_IX_NOMEM, "out of memory");
	else if (!b->fresh)
		rc = uncount_stored(b, idterm, err);
	if (!rc && (st = b->fresh ? xs_wdb_add(b->db, doc, NULL) : xs_wdb_replace(b->db, idterm, strlen(idterm), doc)))
		rc = iio_ix_shim_fail(err, "cannot add the document", st, xs_wdb_error(b->db));
	free(idterm);
	xs_doc_free(doc);
	if (rc)
		return rc;
	b->records++;
	b->tokens += notes.tokens;
	/* Commit every FLUSH_DOCS documents, well before Xapian's own 10,000:
	 * its in-memory inverter grows slower per document the more it holds
	 * (30,000 records on two threads: 24.3 s at 10,000, 17.6 s at 1,000,
	 * and a third of the memory). */
	if (++b->uncommitted >= FLUSH_DOCS) {
		b->uncommitted = 0;
		if ((st = xs_wdb_commit(b->db)))
			return iio_ix_shim_fail(err, "cannot commit the index", st, xs_wdb_error(b->db));
	}
	return IIO_IX_OK;
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
	iio_ix_status failed; /* its status */
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
			iio_ix_status st;
			pthread_mutex_unlock(&w->mu);
			if ((st = index_record(w->part, &j.rec, j.has_hash ? j.hash : NULL, &err))) {
				char *msg = err;
				iio_ix_fail(&err, st, "%s:%ld: %s", j.rec.source, j.rec.line, msg ? msg : "out of memory");
				free(msg);
				if (!err)
					err = strdup("out of memory");
			}
			pthread_mutex_lock(&w->mu);
			if (err && !w->err) {
				w->err = err;
				w->failed = st ? st : IIO_IX_NOMEM;
			} else {
				free(err);
			}
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
static iio_ix_status drain(iio_build *b, char **err)
{
	iio_ix_status rc = IIO_IX_OK;
	for (unsigned k = 0; k < b->jobs; k++) {
		worker *w = &b->workers[k];
		pending_warning *said;
		pthread_mutex_lock(&w->mu);
		while (w->count || w->busy)
			pthread_cond_wait(&w->done, &w->mu);
		if (w->err && !rc) {
			if (err)
				*err = strdup(w->err);
			rc = w->failed;
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

iio_ix_status iio_build_open_parallel(iio_build **out, const char *dir, unsigned jobs, const iio_analyzer *analyzer,
				      char **err)
{
	iio_build *b;
	iio_ix_status rc = IIO_IX_OK;
	*out = NULL;
	if (jobs <= 1)
		return iio_build_open(out, dir, NULL, analyzer, err);
	if (jobs > IIO_BUILD_MAX_JOBS)
		jobs = IIO_BUILD_MAX_JOBS;
	if (mkdir(dir, 0755) && errno != EEXIST)
		return iio_ix_fail(err, IIO_IX_IO, "cannot create %s: %s", dir, strerror(errno));
	b = calloc(1, sizeof *b);
	if (!b || !(b->dir = strdup(dir)) || !(b->workers = calloc(jobs, sizeof *b->workers))) {
		if (b)
			free(b->dir);
		free(b);
		return iio_ix_fail(err, IIO_IX_NOMEM, "out of memory");
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
			rc = iio_ix_fail(err, IIO_IX_NOMEM, "out of memory");
			goto fail;
		}
		rc = iio_build_open(&w->part, pd, NULL, analyzer, err);
		free(pd);
		if (rc)
			goto fail;
		if (pthread_create(&w->thread, NULL, work, w)) {
			rc = iio_ix_fail(err, IIO_IX_ERROR, "cannot start an indexing thread: %s", strerror(errno));
			goto fail;
		}
		w->started = 1;
	}
	*out = b;
	return IIO_IX_OK;
fail:
	free_workers(b);
	free(b->dir);
	free(b);
	return rc;
}

/* Queue REC for the next worker in turn. */
static iio_ix_status dispatch(iio_build *b, const iio_record *rec, const char *hash, char **err)
{
	worker *w = &b->workers[b->next++ % b->jobs];
	pending_warning *said;
	job j;
	if (job_fill(&j, rec, hash))
		return iio_ix_fail(err, IIO_IX_NOMEM, "out of memory");
	pthread_mutex_lock(&w->mu);
	while (w->count == QUEUE_SLOTS && !w->err)
		pthread_cond_wait(&w->done, &w->mu);
	if (w->err) {
		*err = strdup(w->err);
		pthread_mutex_unlock(&w->mu);
		job_clear(&j);
		return *err ? IIO_IX_EARLIER : IIO_IX_NOMEM;
	}
	w->q[(w->head + w->count) % QUEUE_SLOTS] = j;
	w->count++;
	said = w->warnings;
	w->warnings = NULL;
	pthread_cond_signal(&w->ready);
	pthread_mutex_unlock(&w->mu);
	say_warnings(b, said);
	return IIO_IX_OK;
}

iio_ix_status iio_build_add(iio_build *b, const iio_record *rec, const char *hash, char **err)
{
	return b->jobs ? dispatch(b, rec, hash, err) : index_record(b, rec, hash, err);
}

/* The database the calls other than adding work on, into *ONE: a
 * parallel build's first part, once the workers are idle. */
static iio_ix_status single(iio_build *b, iio_build **one, char **err)
{
	iio_ix_status rc = b->jobs ? drain(b, err) : IIO_IX_OK;
	*one = !b->jobs ? b : rc ? NULL : b->workers[0].part;
	return rc;
}

/* Mark the groups of the N parts PATHS (closed), counted across them. */
static iio_ix_status mark_parts(char *const *paths, unsigned n, char **err)
{
	xs_db *counts[IIO_BUILD_MAX_JOBS] = {0};
	char *xerr = NULL;
	xs_status st = XS_OK;
	iio_ix_status rc = IIO_IX_OK;
	for (unsigned k = 0; k < n && !rc; k++)
		if ((st = xs_db_open(&counts[k], paths[k], &xerr)))
			rc = iio_ix_shim_fail(err, "cannot read a part of the index", st, xerr);
	for (unsigned k = 0; k < n && !rc; k++) {
		xs_wdb *w = NULL;
		if ((st = xs_wdb_open(&w, paths[k], XS_OPEN | XS_NO_SYNC, &xerr))) {
			rc = iio_ix_shim_fail(err, "cannot open a part of the index", st, xerr);
			break;
		}
		rc = iio_mark_groups(w, counts, n, err);
		if ((st = xs_wdb_close(w)) && !rc)
			rc = iio_ix_shim_fail(err, "cannot write the group marks of a part of the index", st, NULL);
	}
	xs_free(xerr);
	for (unsigned k = 0; k < n; k++)
		xs_db_close(counts[k]);
	return rc;
}

/* Finish the parts and merge them into B->dir. Each part records the
 * record count of the whole (the merge keeps one part's metadata). */
static iio_ix_status finish_parallel(iio_build *b, char **err)
{
	char *paths[IIO_BUILD_MAX_JOBS] = {0};
	unsigned n = b->jobs, whole = 0;
	iio_ix_status rc = drain(b, err);
	stop_workers(b);
	for (unsigned k = 0; k < n && !rc; k++) {
		unsigned d = 0;
		if (xs_wdb_doccount(b->workers[k].part->db, &d))
			rc = iio_ix_fail(err, IIO_IX_DATABASE, "cannot count the documents of a part of the index");
		whole += d;
	}
	for (unsigned k = 0; k < n; k++) {
		worker *w = &b->workers[k];
		char *perr = NULL;
		b->records += w->part->records;
		b->tokens += w->part->tokens;
		w->part->whole = whole;
		if (!(paths[k] = part_dir(b->dir, k)) && !rc)
			rc = iio_ix_fail(err, IIO_IX_NOMEM, "out of memory");
		if (rc)
			iio_build_abort(w->part);
		else if ((rc = iio_build_finish(w->part, &perr)))
			*err = perr;
		w->part = NULL;
	}
	if (!rc) {
		char *xerr = NULL;
		/* Groups are marked in the parts, counted across them, so that
		 * the merge writes the result compact. */
		xs_status st = XS_OK;
		rc = mark_parts(paths, n, err);
		if (!rc && (st = xs_db_merge((const char *const *)paths, n, b->dir, &xerr)))
			rc = iio_ix_shim_fail(err, "cannot merge the parts of the index", st, xerr);
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


iio_ix_status iio_build_add_stored(iio_build *b, const char *data, size_t len, char **err)
{
	iio_record rec = {0};
	json_t *o;
	iio_ix_status rc = iio_document_stored(data, len, &rec, &o, err);
	if (rc)
		return rc;
	rc = iio_build_add(b, &rec, NULL, err);
	json_decref(o);
	return rc;
}

iio_ix_status iio_build_delete(iio_build *b, const char *id, char **err)
{
	char *term;
	xs_status st;
	iio_ix_status rc;
	if (b->jobs) {
		/* any part may hold it */
		rc = drain(b, err);
		for (unsigned k = 0; !rc && k < b->jobs; k++)
			rc = iio_build_delete(b->workers[k].part, id, err);
		return rc;
	}
	if (!(term = iio_id_term_dup(id)))
		return iio_ix_fail(err, IIO_IX_NOMEM, "out of memory");
	if ((rc = uncount_stored(b, term, err))) {
		free(term);
		return rc;
	}
	st = xs_wdb_delete(b->db, term, strlen(term));
	free(term);
	if (st)
		return iio_ix_shim_fail(err, "cannot delete the document", st, xs_wdb_error(b->db));
	return IIO_IX_OK;
}

iio_ix_status iio_build_set_meta(iio_build *b, const char *key, const char *val, char **err)
{
	xs_status st;
	iio_ix_status rc = single(b, &b, err);
	if (rc)
		return rc;
	st = xs_wdb_set_metadata(b->db, key, val, strlen(val));
	if (st)
		return iio_ix_shim_fail(err, "cannot set metadata", st, xs_wdb_error(b->db));
	return IIO_IX_OK;
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

iio_ix_status iio_build_thesaurus(iio_build *b, const char *path,
				  void (*error)(void *ctx, long line, const char *msg), void *ctx, long *groups)
{
	FILE *f;
	char line[2048];
	long lineno = 0;
	*groups = 0;
	if (b->jobs) {
		/* The synonym table of the first part; the merge keeps it. A
		 * worker's failure is no thesaurus problem: the build's next
		 * call (metadata, finish) reports it with its file and line. */
		char *err = NULL;
		iio_build *first;
		iio_ix_status rc = single(b, &first, &err);
		free(err);
		return rc ? rc : iio_build_thesaurus(first, path, error, ctx, groups);
	}
	if (!(f = fopen(path, "r")))
		return IIO_IX_IO;
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
		(*groups)++;
	}
	fclose(f);
	return IIO_IX_OK;
}

iio_ix_status iio_build_finish(iio_build *b, char **err)
{
	char built[32], count[32];
	time_t now = time(NULL);
	struct tm tm;
	xs_status st;
	iio_ix_status rc = IIO_IX_OK;

	if (b->jobs) {
		rc = finish_parallel(b, err);
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
	if (!st && !b->whole && (rc = iio_mark_groups(b->db, NULL, 0, err))) {
		xs_wdb_close(b->db);
		spell_free(&b->spell);
		iio_word_memo_free(b->memo);
		free(b);
		return rc;
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
		rc = iio_ix_shim_fail(err, "cannot commit the index", st, xs_wdb_error(b->db));
	if (xs_wdb_close(b->db) && !rc)
		rc = iio_ix_fail(err, IIO_IX_DATABASE, "cannot close the index database");
	spell_free(&b->spell);
	iio_word_memo_free(b->memo);
	free(b);
	return rc;
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
	iio_word_memo_free(b->memo);
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
