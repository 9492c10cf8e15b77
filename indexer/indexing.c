/* indexing.c - indexing as a library (see indexing.h): the run behind
 * iio-index.
 *
 * Reads the records the corpus names, indexes them into a new generation
 * under the index root, verifies it and switches the live pointer to it.
 * Whatever goes wrong, the generation that was live keeps serving.
 *
 * An incremental run (the default when a live index exists) starts the new
 * generation as a copy of the live database and analyzes only the records
 * whose content hash changed; a full run analyzes everything. Either way the
 * new generation is written beside the live one and goes live by rename(2)
 * after it is committed, fsynced and verified ("copy and swap"): the live
 * database is never written, so a run killed at any moment changes nothing a
 * reader sees.
 */
#define _GNU_SOURCE
#include "indexing.h"
#include "analyze.h"
#include "build.h"
#include "document.h"
#include "generation.h"
#include "lex.h"
#include "manifest.h"
#include "record.h"
#include "../shim/xs.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


#define MAX_REPORTED_REJECTIONS 1000

typedef struct run {
	iio_build *build;
	xs_db *live;           /* the live generation, NULL when there is none */
	int incremental;       /* the build started as a copy of the live one */
	json_t *seen;          /* ids read tonight: id -> "source:line" */
	json_t *kept;          /* ids in the new generation from tonight's corpus */
	json_t *troubled;      /* sources that reported a problem tonight */
	json_t *takedowns;     /* id -> content hash when it was taken down */
	json_t *hidden;        /* ids read tonight and hidden: taken down, or belonging to a record taken down */
	json_t *rejections;    /* [{source, line, field, message}] for --report */
	json_t *warnings;      /* the same, of records indexed with a change */
	json_t *types;         /* record type -> count */
	json_t *yielded;       /* source -> records it gave tonight */
	json_t *emptied;       /* source -> live records it held, for a source that gave none tonight */
	unsigned long read, rejected, analyzed, added, changed, unchanged, deleted, stale, taken_down;
	unsigned long warned;  /* warnings said of records indexed with a change (a word cut, a PDF cut at a limit) */
	int takedowns_changed;
	char *first_id;        /* for the probe after the build */
	char error[1024];      /* why the run failed */
	iio_ix_status failure; /* ... and its status (the first fatal's) */
	int failed;            /* a fatal indexing error happened */
	int quiet, progress;   /* progress: a live line on a terminal */
	double t0, last_progress;
	size_t file, nfiles;
	json_t *phases;        /* phase -> seconds, for --report */
	double phase_t0;
	iio_source *sources;   /* tonight's files, in reading order */
	size_t nsources;
	struct deferred *deferred; /* newcomers claiming an established id */
	int deciding;          /* deciding the deferred: no deferring again */
	/* The run's generation and what it is made from. */
	const iio_ix_options *o;
	const iio_ix_output *out; /* where its lines go */
	int lockfd;            /* the index root's lock, -1 when not held */
	int reapply;           /* --rollback: the generation rolled back to, less the records taken down since */
	char base[64];         /* --rollback: the generation rolled back to, that the build copies */
	iio_analyzer *analyzer;
	iio_places *places;    /* a record's province from its place; the unknown places said */
	iio_reader_ops ops;
	iio_repair_stats repairs;
	const char *mode;      /* "full" or "incremental", for the summary and the report */
	char gen[32], prev[64];  /* the new generation, the live one ("" when none) */
	char gendir[4096], livedir[4200], thesaurus[4200], inputs[17];
	unsigned long docs, live_docs, distinct, tokens;
} run;


/* A record whose id the live index holds from another file that is read
 * tonight too: which of them keeps the id is known only once that file is
 * read, so it waits (taken over from the reader) until then. */
typedef struct deferred {
	iio_record rec;
	char *established;     /* the file the live record came from */
	struct deferred *next;
} deferred;

/* A line for the caller to show. */
static void say(const iio_ix_output *out, iio_ix_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(const iio_ix_output *out, iio_ix_kind kind, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	if (!out || !out->say)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	out->say(out->ctx, kind, line);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The time since the last phase ended, as phase NAME of the report. */
static void phase(run *r, const char *name)
{
	double t = now_seconds();
	if (!r->phases)
		r->phases = json_object();
	json_object_set_new(r->phases, name, json_real(t - (r->phase_t0 ? r->phase_t0 : r->t0)));
	r->phase_t0 = t;
}

/* A named fault-injection point: IIO_FAULT=NAME stops the run dead here,
 * as a power cut or `kill -9` would; IIO_FAULT=stop:NAME stops it with
 * SIGSTOP, holding whatever it holds, until SIGCONT (tests/e2e/nightly.t). */
static void fault(const char *name)
{
	const char *f = getenv("IIO_FAULT");
	if (!f)
		return;
	if (!strcmp(f, name))
		raise(SIGKILL);
	else if (!strncmp(f, "stop:", 5) && !strcmp(f + 5, name))
		raise(SIGSTOP);
}

/* Record a fatal error of status ST: said, and kept for --report and as
 * the run's status. Returns ST. */
static iio_ix_status fatal(run *r, iio_ix_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static iio_ix_status fatal(run *r, iio_ix_status st, const char *fmt, ...)
{
	va_list ap;
	if (!r->failure)
		r->failure = st;
	va_start(ap, fmt);
	vsnprintf(r->error, sizeof r->error, fmt, ap);
	va_end(ap);
	if (r->progress)
		say(r->out, IIO_IX_PROGRESS_END, "%s", "");
	say(r->out, IIO_IX_PROBLEM, "%s", r->error);
	return st;
}

static void report(void *ctx, const char *source, long line, const char *field, const char *msg)
{
	run *r = ctx;
	r->rejected++;
	json_object_set_new(r->troubled, source, json_true());
	if (json_array_size(r->rejections) < MAX_REPORTED_REJECTIONS) {
		json_t *o = json_object();
		json_object_set_new(o, "source", json_string(source));
		json_object_set_new(o, "line", line > 0 ? json_integer(line) : json_null());
		json_object_set_new(o, "field", field ? json_string(field) : json_null());
		json_object_set_new(o, "message", json_string(msg));
		json_array_append_new(r->rejections, o);
	}
	if (r->progress)
		say(r->out, IIO_IX_PROGRESS_END, "%s", "");
	if (line > 0)
		say(r->out, IIO_IX_PROBLEM, "%s:%ld: %s%s%s", source, line, field ? field : "",
			field ? ": " : "", msg);
	else
		say(r->out, IIO_IX_PROBLEM, "%s: %s%s%s", source, field ? field : "", field ? ": " : "", msg);
}

/* A record indexed with a change: said, kept for --report; not a
 * rejection (the record is in the index, the run's status stays 0). */
static void warning(void *ctx, const char *source, long line, const char *field, const char *msg)
{
	run *r = ctx;
	r->warned++;
	if (!r->warnings)
		r->warnings = json_array();
	if (r->warnings && json_array_size(r->warnings) < MAX_REPORTED_REJECTIONS)
		json_array_append_new(r->warnings, json_pack("{s:s, s:o, s:o, s:s}", "source", source, "line",
							     line > 0 ? json_integer(line) : json_null(), "field",
							     field ? json_string(field) : json_null(), "message", msg));
	if (r->progress)
		say(r->out, IIO_IX_PROGRESS_END, "%s", "");
	if (line > 0)
		say(r->out, IIO_IX_PROBLEM, "%s:%ld: %s%swarning: %s", source, line, field ? field : "", field ? ": " : "",
		    msg);
	else
		say(r->out, IIO_IX_PROBLEM, "%s: %s%swarning: %s", source, field ? field : "", field ? ": " : "", msg);
}

static void thesaurus_error(void *ctx, long line, const char *msg)
{
	report(ctx, "thesaurus.txt", line, NULL, msg);
}

static void show_progress(run *r, int force)
{
	double t = now_seconds(), rate;
	if (!r->progress || (!force && t - r->last_progress < 0.2))
		return;
	r->last_progress = t;
	rate = r->read / (t - r->t0 > 1e-3 ? t - r->t0 : 1e-3);
	if (r->file > 1 && r->nfiles > r->file)
		say(r->out, IIO_IX_PROGRESS, "file %zu/%zu, %lu records (%.0f/s), %lu changed, ETA %.0f s", r->file,
		    r->nfiles, r->read, rate, r->added + r->changed,
		    (t - r->t0) / (double)(r->file - 1) * (double)(r->nfiles - r->file + 1));
	else
		say(r->out, IIO_IX_PROGRESS, "file %zu/%zu, %lu records (%.0f/s), %lu changed", r->file, r->nfiles,
		    r->read, rate, r->added + r->changed);
}

/* The content hash the live index keeps for record ID into OUT; 0 when
 * the live index holds the record. */
static int live_hash(run *r, const char *id, char out[17])
{
	char term[IIO_ID_TERM_MAX], *val = NULL;
	size_t len = 0, n = iio_id_term(term, sizeof term, id);
	xs_docid doc;
	if (!r->live || !n || xs_db_find_doc(r->live, term, n, &doc))
		return -1;
	if (xs_db_get_value(r->live, doc, IIO_SLOT_HASH, &val, &len) || len != 16) {
		xs_free(val);
		snprintf(out, 17, "unknown");
		return 0;
	}
	memcpy(out, val, 16);
	out[16] = '\0';
	xs_free(val);
	return 0;
}

static void count_type(run *r, const char *type)
{
	json_t *n = json_object_get(r->types, type);
	json_object_set_new(r->types, type, json_integer(n ? json_integer_value(n) + 1 : 1));
}

/* The file the live index has record ID from, when that is not SOURCE
 * and is read tonight (NULL otherwise); to be freed. */
static char *established_elsewhere(run *r, const char *id, const char *source)
{
	char term[IIO_ID_TERM_MAX], *data = NULL, *out = NULL;
	size_t len = 0, n = iio_id_term(term, sizeof term, id);
	xs_docid doc;
	json_t *o;
	const char *from;
	if (!r->live || !n || xs_db_find_doc(r->live, term, n, &doc) ||
	    xs_db_get_data(r->live, doc, &data, &len))
		return NULL;
	o = iio_stored_decode(data, len);
	xs_free(data);
	from = json_string_value(json_object_get(o, "source"));
	for (size_t i = 0; from && strcmp(from, source) && i < r->nsources; i++)
		if (!strcmp(r->sources[i].path, from)) {
			out = strdup(from);
			break;
		}
	json_decref(o);
	return out;
}

/* The record taken down that record ID (whose parent field is PARENT,
 * may be NULL) belongs to: its parent, or a record whose id ID extends by
 * a dot and a slug (a passage); NULL when none. A record taken down takes
 * down everything that belongs to it, for as long as its takedown holds
 * (whatever becomes of theirs). */
static const char *taken_down_owner(run *r, const char *id, const char *parent)
{
	char owner[IIO_ID_TERM_MAX];
	if (parent && strcmp(parent, id) && json_object_get(r->takedowns, parent))
		return json_object_iter_key(json_object_iter_at(r->takedowns, parent));
	for (const char *dot = strchr(id, '.'); dot; dot = strchr(dot + 1, '.')) {
		size_t n = (size_t)(dot - id);
		if (n >= sizeof owner)
			break;
		memcpy(owner, id, n);
		owner[n] = '\0';
		if (json_object_get(r->takedowns, owner))
			return json_object_iter_key(json_object_iter_at(r->takedowns, owner));
	}
	return NULL;
}

/* Take REC over into the deferred list (decided once every file is
 * read), with ESTABLISHED (malloc'ed, may be NULL). 0, or 1 when out of
 * memory. */
static int defer(run *r, iio_record *rec, char *established)
{
	deferred *d = calloc(1, sizeof *d);
	if (!d) {
		free(established);
		fatal(r, IIO_IX_NOMEM, "out of memory");
		r->failed = 1;
		return 1;
	}
	d->rec = *rec;
	d->established = established;
	d->next = r->deferred;
	r->deferred = d;
	/* Taken over: the reader clears only what is left. */
	rec->id = rec->type = rec->title = rec->text = rec->url = NULL;
	rec->fields = NULL;
	return 0;
}

static int on_record(void *ctx, iio_record *rec)
{
	run *r = ctx;
	char *err = NULL, where[512], hash[17], old[17];
	iio_ix_status brc;
	json_t *prev, *td;
	const char *owner;
	int in_live;

	r->read++;
	{
		const char *f = getenv("IIO_FAULT");
		if (f && !strncmp(f, "record:", 7) && strtoul(f + 7, NULL, 10) == r->read)
			raise(SIGKILL);
	}
	show_progress(r, 0);
	prev = json_object_get(r->seen, rec->id);
	if (prev) {
		char msg[700];
		snprintf(msg, sizeof msg, "duplicate id '%s' (first defined at %s); this record was skipped",
			 rec->id, json_string_value(prev));
		report(r, rec->source, rec->line, "id", msg);
		return 0;
	}
	iio_record_hash(rec, hash);
	/* The live index has this id, with other content, from another file
	 * read tonight: the record established there keeps it unless that
	 * file no longer gives it (decided after reading, decide_deferred). */
	if (!r->deciding && live_hash(r, rec->id, old) == 0 && strcmp(old, hash)) {
		char *est = established_elsewhere(r, rec->id, rec->source);
		if (est)
			return defer(r, rec, est);
	}
	/* It belongs to a record taken down: hidden while that takedown
	 * holds, which is known once that record is read (it ends when its
	 * content changed). */
	owner = taken_down_owner(r, rec->id, json_string_value(json_object_get(rec->fields, "parent")));
	if (owner && !r->deciding && !json_object_get(r->seen, owner))
		return defer(r, rec, NULL);
	snprintf(where, sizeof where, "%s:%ld", rec->source, rec->line);
	json_object_set_new(r->seen, rec->id, json_string(where));
	if (owner) {
		json_object_set_new(r->hidden, rec->id, json_true());
		r->taken_down++;
		return 0;
	}
	/* Taken down: hidden while its source stays as it was then. */
	td = json_object_get(r->takedowns, rec->id);
	if (td) {
		if (!strcmp(json_string_value(td), hash)) {
			json_object_set_new(r->hidden, rec->id, json_true());
			r->taken_down++;
			return 0;
		}
		json_object_del(r->takedowns, rec->id);
		r->takedowns_changed = 1;
	}
	in_live = live_hash(r, rec->id, old) == 0;
	json_object_set_new(r->kept, rec->id, json_true());
	count_type(r, rec->type);
	if (!r->first_id)
		r->first_id = strdup(rec->id);
	if (in_live && !strcmp(old, hash)) {
		r->unchanged++;
		if (r->incremental)
			return 0; /* the copy already holds it, as it is */
	} else if (in_live) {
		r->changed++;
	} else {
		r->added++;
	}
	if ((brc = iio_build_add(r->build, rec, hash, &err))) {
		/* A worker's failure names its own record. */
		if (brc == IIO_IX_EARLIER)
			fatal(r, brc, "%s", err);
		else
			fatal(r, brc, "%s:%ld: %s", rec->source, rec->line, err ? err : "out of memory");
		free(err);
		r->failed = 1;
		return 1; /* the database is in trouble: stop */
	}
	r->analyzed++;
	return 0;
}

static int collect_term(void *ctx, const char *s, size_t len)
{
	json_t *ids = ctx;
	char id[600];
	if (len - 1 >= sizeof id)
		return 0;
	memcpy(id, s + 1, len - 1);
	id[len - 1] = '\0';
	json_array_append_new(ids, json_string(id));
	return 0;
}

static void deferred_free(deferred *d)
{
	iio_record_clear(&d->rec);
	free(d->established);
	free(d);
}

/* The newcomers that claimed an established id: rejected when the file the
 * id is established in gave it again tonight, indexed when it did not (the
 * record moved). Their lines are reported in reading order. */
static int decide_deferred(run *r)
{
	deferred *list = NULL;
	int rc = 0;
	while (r->deferred) { /* reverse: reading order */
		deferred *d = r->deferred;
		r->deferred = d->next;
		d->next = list;
		list = d;
	}
	r->deciding = 1;
	while (list) {
		deferred *d = list;
		json_t *prev = json_object_get(r->seen, d->rec.id);
		list = d->next;
		if (!rc && prev) {
			char msg[900];
			snprintf(msg, sizeof msg,
				 "duplicate id '%s': the record established at %s keeps it; this record was skipped",
				 d->rec.id, json_string_value(prev));
			report(r, d->rec.source, d->rec.line, "id", msg);
		} else if (!rc) {
			r->read--; /* counted when it was read */
			rc = on_record(r, &d->rec);
		}
		deferred_free(d);
	}
	r->deciding = 0;
	return rc;
}

/* A live record of SOURCE goes: counted when SOURCE is read tonight and
 * gave no record at all (an export cut to nothing, a gzip stream of an
 * empty file), a shrink publish() refuses as --max-shrink does. */
static void count_emptied(run *r, const char *source)
{
	json_t *n = json_object_get(r->yielded, source);
	if (!n || json_integer_value(n) != 0)
		return;
	n = json_object_get(r->emptied, source);
	json_object_set_new(r->emptied, source, json_integer(n ? json_integer_value(n) + 1 : 1));
}

/* The records of the live index that tonight's corpus did not give:
 * deleted when their source is gone or no longer has them, carried over
 * as they were (stale) when their source could not be read cleanly. */
static int sweep(run *r)
{
	json_t *ids = json_array(), *v;
	size_t i;
	iio_ix_status rc = IIO_IX_OK;
	if (!ids || !r->live)
		return ids ? (json_decref(ids), 0) : -1;
	if (xs_db_terms(r->live, IIO_PREFIX_ID, strlen(IIO_PREFIX_ID), collect_term, ids)) {
		fatal(r, IIO_IX_DATABASE, "cannot list the records of the live index: %s", xs_db_error(r->live));
		json_decref(ids);
		return -1;
	}
	json_array_foreach(ids, i, v) {
		const char *id = json_string_value(v);
		char term[600], *data = NULL, *err = NULL;
		size_t len = 0;
		xs_docid doc;
		json_t *o;
		const char *source;
		int stale = 0, down = json_object_get(r->takedowns, id) || json_object_get(r->hidden, id);
		if (json_object_get(r->kept, id))
			continue;
		/* Not read tonight: carried over when its source is in trouble,
		 * unless it belongs to a record taken down. */
		if (!down && iio_id_term(term, sizeof term, id) && !xs_db_find_doc(r->live, term, strlen(term), &doc) &&
		    !xs_db_get_data(r->live, doc, &data, &len)) {
			o = iio_stored_decode(data, len);
			source = json_string_value(json_object_get(o, "source"));
			down = taken_down_owner(r, id, json_string_value(json_object_get(json_object_get(o, "fields"),
											  "parent"))) != NULL;
			stale = !down && source && json_object_get(r->troubled, source) != NULL;
			/* A record taken down is no shrink of its source. */
			if (source && !stale && !down)
				count_emptied(r, source);
			json_decref(o);
		}
		if (stale) {
			r->stale++;
			json_object_set_new(r->kept, id, json_true());
			if (!r->incremental && !(rc = iio_build_add_stored(r->build, data, len, &err)))
				r->analyzed++;
		} else if (!down || r->incremental) {
			if (!down)
				r->deleted++;
			if (r->incremental)
				rc = iio_build_delete(r->build, id, &err);
		}
		xs_free(data);
		if (rc) {
			fatal(r, rc, "record '%s': %s", id, err ? err : "out of memory");
			free(err);
			break;
		}
	}
	json_decref(ids);
	return rc ? -1 : 0;
}

static int count_term(void *ctx, const char *s, size_t len)
{
	(void)s;
	(void)len;
	(*(unsigned long *)ctx)++;
	return 0;
}

/* Open the new generation as a reader would and check it answers. */
static int verify(run *r, const char *dir, unsigned long expected, unsigned long *distinct)
{
	xs_db *db;
	char *err = NULL, *term;
	unsigned count = 0;
	xs_docid id;
	unsigned long problems = 0;
	xs_status st = xs_db_check(dir, &problems, &err);

	if (st || problems) {
		fatal(r, IIO_IX_DATABASE, "the new index fails its consistency check: %s",
		      st ? (err ? err : xs_status_string(st)) : "Xapian found inconsistencies");
		xs_free(err);
		return -1;
	}
	st = xs_db_open(&db, dir, &err);
	if (st) {
		fatal(r, IIO_IX_DATABASE, "the new index does not open: %s", err ? err : xs_status_string(st));
		xs_free(err);
		return -1;
	}
	st = xs_db_doccount(db, &count);
	if (st || count != expected) {
		fatal(r, IIO_IX_DATABASE, "the new index holds %u documents instead of %lu: not switching to it", count, expected);
		xs_db_close(db);
		return -1;
	}
	if (r->first_id) {
		if (!(term = iio_id_term_dup(r->first_id))) {
			xs_db_close(db);
			return -1;
		}
		st = xs_db_find_doc(db, term, strlen(term), &id);
		free(term);
		if (st) {
			fatal(r, IIO_IX_DATABASE, "probe for record '%s' failed: %s", r->first_id, xs_db_error(db));
			xs_db_close(db);
			return -1;
		}
	}
	*distinct = 0;
	xs_db_terms(db, "", 0, count_term, distinct);
	xs_db_close(db);
	return 0;
}

/* What the index's analysis depends on besides the records: the analyzer
 * id (its version and the lexicon's content hash) and the thesaurus. When
 * it changes, the index must be built anew (an incremental run would mix
 * analyses). */
static void inputs_hash(const iio_analyzer *analyzer, const char *thesaurus, char out[17])
{
	const char *id = iio_analyzer_id(analyzer);
	uint64_t h = iio_fnv64(IIO_FNV64_INIT, id, strlen(id));
	char buf[65536];
	FILE *f = fopen(thesaurus, "rb");
	size_t n;
	h = iio_fnv64(h, "|" IIO_INDEX_SCHEMA "|", strlen("|" IIO_INDEX_SCHEMA "|"));
	while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
		h = iio_fnv64(h, buf, n);
	if (f)
		fclose(f);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* ROOT/takedowns: "id<TAB>hash" lines, the records --remove hid. */
static json_t *load_takedowns(const char *root)
{
	char path[4200], line[1024];
	json_t *o = json_object();
	FILE *f;
	snprintf(path, sizeof path, "%s/takedowns", root);
	if (!o || !(f = fopen(path, "r")))
		return o;
	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');
		line[strcspn(line, "\r\n")] = '\0';
		if (!tab || line[0] == '#')
			continue;
		*tab = '\0';
		json_object_set_new(o, line, json_string(tab + 1));
	}
	fclose(f);
	return o;
}

static int save_takedowns(const char *root, json_t *td)
{
	char path[4200], tmp[4300];
	const char *id;
	json_t *v;
	FILE *f;
	int rc = 0;
	snprintf(path, sizeof path, "%s/takedowns", root);
	snprintf(tmp, sizeof tmp, "%s/takedowns.tmp", root);
	if (!(f = fopen(tmp, "w")))
		return -1;
	fprintf(f, "# records hidden by iio-index --remove: id, content hash when hidden\n");
	json_object_foreach(td, id, v) fprintf(f, "%s\t%s\n", id, json_string_value(v));
	if (fflush(f) || fsync(fileno(f)))
		rc = -1;
	if (fclose(f))
		rc = -1;
	if (!rc && rename(tmp, path))
		rc = -1;
	if (rc)
		unlink(tmp);
	return rc;
}

static void write_report(const char *path, run *r, iio_ix_status rc, const char *mode, const char *prev, const char *gen,
			 unsigned long docs, double seconds, const iio_repair_stats *repairs)
{
	json_t *o;
	FILE *f;
	if (!path)
		return;
	/* "o" takes these references over, whether they are new or shared. */
	o = json_pack("{s:s, s:i, s:s, s:f, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:I, s:o, s:o, "
		      "s:{s:I, s:I, s:I}, s:{s:s?, s:s?}, s:s?}",
		      "status", rc == IIO_IX_OK ? "ok" : rc == IIO_IX_REJECTED ? "rejected" : rc == IIO_IX_BUSY ? "busy" : "failed",
		      "exit", iio_ix_exit_status(rc), "mode", mode, "seconds", seconds, "records", "read", (json_int_t)r->read, "added",
		      (json_int_t)r->added, "changed", (json_int_t)r->changed, "unchanged", (json_int_t)r->unchanged,
		      "deleted", (json_int_t)r->deleted, "stale", (json_int_t)r->stale, "taken_down",
		      (json_int_t)r->taken_down, "rejected", (json_int_t)r->rejected, "analyzed",
		      (json_int_t)r->analyzed,
		      "documents", (json_int_t)docs, "by_type", r->types ? json_incref(r->types) : json_object(), "rejections",
		      r->rejections ? json_incref(r->rejections) : json_array(), "repair", "garbled_runs",
		      (json_int_t)repairs->glyph_runs, "garbled_chars", (json_int_t)repairs->glyph_chars,
		      "hyphens_joined", (json_int_t)repairs->hyphens_joined, "generation", "previous", prev, "new", gen,
		      "error", r->error[0] ? r->error : NULL);
	if (o && r->phases)
		json_object_set(o, "phases", r->phases);
	if (o) {
		json_object_set_new(json_object_get(o, "records"), "warned", json_integer((json_int_t)r->warned));
		json_object_set_new(o, "warnings", r->warnings ? json_incref(r->warnings) : json_array());
		/* distinct places no province was found for (each warned once) */
		json_object_set_new(o, "unknown_places", json_integer((json_int_t)iio_places_unknown(r->places)));
	}
	if (!o || !(f = fopen(path, "w"))) {
		say(r->out, IIO_IX_PROBLEM, "cannot write the report %s: %s", path, o ? strerror(errno) : "out of memory");
		json_decref(o);
		return;
	}
	json_dumpf(o, f, JSON_INDENT(2));
	fputc('\n', f);
	if (fclose(f))
		say(r->out, IIO_IX_PROBLEM, "cannot write the report %s: %s", path, strerror(errno));
	json_decref(o);
}

/* Generation PATH against its manifest, checksums included, and opened:
 * 0 when sound (*NFILES files checked), 1 when it has no manifest and was
 * published without one (by an earlier version), -1 when damaged (ERR
 * says how). */
static int verify_generation(const char *path, size_t *nfiles, char *err, size_t cap)
{
	char *xerr = NULL, *val = NULL;
	xs_db *db;
	int rc = iio_manifest_check(path, 1, nfiles, err, cap);
	if (rc < 0)
		return -1;
	if (xs_db_open(&db, path, &xerr)) {
		snprintf(err, cap, "it does not open: %s", xerr ? xerr : "error");
		xs_free(xerr);
		return -1;
	}
	if (rc == 1 && xs_db_get_metadata(db, IIO_META_MANIFEST, &val, NULL) == XS_OK && val && *val) {
		snprintf(err, cap, "%s is missing", IIO_MANIFEST_NAME);
		rc = -1;
	}
	xs_free(val);
	xs_db_close(db);
	return rc == 1 ? 1 : rc < 0 ? -1 : 0;
}

/* A generation newer than the live one never went live (or was rolled
 * back from): what it is, for --verify; not damage of the index. */
static void say_unpublished(const iio_ix_output *out, const char *root, const char *name)
{
	char path[4200], manifest[4300];
	snprintf(path, sizeof path, "%s/%s", root, name);
	snprintf(manifest, sizeof manifest, "%s/%s", path, IIO_MANIFEST_NAME);
	if (iio_gen_in_progress(root, name) == 1)
		say(out, IIO_IX_INFO, "%s: a build in progress (an iio-index run is writing it; not live yet)", name);
	else if (access(manifest, F_OK))
		say(out, IIO_IX_INFO, "%s: an unfinished build left by a killed run (never live; the next iio-index run "
		    "removes it)", name);
	else
		say(out, IIO_IX_INFO, "%s: not live, newer than the live one (rolled back from, or finished by a run killed "
		    "before it went live; the next iio-index run removes it)", name);
}

/* --verify: every generation of ROOT against its manifest (checksums),
 * and opened. IIO_IX_OK when the live one and every older one are sound,
 * IIO_IX_DAMAGED when one is not, IIO_IX_LIVE_UNKNOWN when no generation
 * is live. */
iio_ix_status iio_ix_verify(const char *root, const iio_ix_output *out)
{
	char live[64] = "", path[4200], err[4400];
	DIR *d = opendir(root);
	struct dirent *e;
	int bad = 0, seen = 0, live_bad = 0;
	iio_ix_status pointer = iio_gen_live_why(root, live, sizeof live, err, sizeof err);
	long live_n = pointer == IIO_IX_OK ? strtol(live + 4, NULL, 10) : -1;
	if (!d) {
		say(out, IIO_IX_PROBLEM, "cannot read index directory %s: %s", root, strerror(errno));
		return IIO_IX_IO;
	}
	if (pointer == IIO_IX_LIVE_UNKNOWN)
		say(out, IIO_IX_PROBLEM, "no generation is live: %s", err);
	while ((e = readdir(d))) {
		size_t nfiles = 0;
		int is_live = !strcmp(e->d_name, live), rc;
		if (strncmp(e->d_name, "gen-", 4))
			continue;
		seen++;
		if (live_n >= 0 && strtol(e->d_name + 4, NULL, 10) > live_n) {
			say_unpublished(out, root, e->d_name);
			continue;
		}
		snprintf(path, sizeof path, "%s/%s", root, e->d_name);
		rc = verify_generation(path, &nfiles, err, sizeof err);
		if (rc < 0) {
			bad++;
			live_bad |= is_live;
			say(out, IIO_IX_INFO, "%s%s: DAMAGED: %s", e->d_name, is_live ? " (live)" : "", err);
		} else if (rc == 1) {
			say(out, IIO_IX_INFO, "%s%s: opens; no manifest (published by an earlier version), so its files "
			       "cannot be checked", e->d_name, is_live ? " (live)" : "");
		} else {
			say(out, IIO_IX_INFO, "%s%s: ok, %zu files match their manifest", e->d_name, is_live ? " (live)" : "",
			       nfiles);
		}
	}
	closedir(d);
	if (!seen) {
		say(out, IIO_IX_PROBLEM, "%s holds no generation to verify", root);
		return IIO_IX_NONE;
	}
	if (live_bad)
		say(out, IIO_IX_PROBLEM, "the live generation is damaged: make the previous one live with "
				"iio-index --rollback --index %s, or rebuild with iio-index --full --index %s", root, root);
	else if (bad)
		say(out, IIO_IX_PROBLEM, "%d older generation(s) damaged; the live one is sound", bad);
	return bad ? IIO_IX_DAMAGED : pointer == IIO_IX_LIVE_UNKNOWN ? pointer : IIO_IX_OK;
}

/* Generations to keep: a rollback keeps the one it goes back to. */
static int keep_for(const iio_ix_options *o)
{
	return o->act == IIO_IX_ROLLBACK && o->keep < 2 ? 2 : o->keep;
}

static int hidden_in(const char *root, const char *name, json_t *takedowns, json_t *ids, char *why, size_t cap);

/* --rollback: the previous generation goes live again. When it holds
 * records taken down since (or what belongs to them), it does not: a new
 * generation made from it without them goes live in its place, so that
 * no reader ever gets them again, not for a moment, nor when the run is
 * killed. Returns the run's status, or sets *GO_ON to go on and make
 * that generation (from r->base). Holds the lock. */
static iio_ix_status rollback(run *r, int *go_on)
{
	const char *root = r->o->root;
	char live[64], prev[64], why[4400] = "";
	json_t *hide = json_object();
	size_t n;
	iio_ix_status st;
	*go_on = 0;
	/* Leftovers of killed runs are not generations to go back to. */
	iio_gen_prune(root, keep_for(r->o));
	if ((st = iio_gen_live_why(root, live, sizeof live, why, sizeof why))) {
		say(r->out, IIO_IX_PROBLEM, "cannot tell which generation is live (%s): not rolling back",
		    why[0] ? why : "there is no live pointer");
		json_decref(hide);
		return st;
	}
	if ((st = iio_gen_previous(root, prev, sizeof prev))) {
		say(r->out, IIO_IX_PROBLEM, "%s holds no generation older than the live one to roll back to", root);
		json_decref(hide);
		return st;
	}
	r->takedowns = load_takedowns(root);
	if (!hide || !r->takedowns || hidden_in(root, prev, r->takedowns, hide, why, sizeof why)) {
		say(r->out, IIO_IX_PROBLEM, "the previous generation %s: %s; not switching", prev,
		    why[0] ? why : "out of memory");
		json_decref(hide);
		return IIO_IX_ERROR;
	}
	n = json_object_size(hide);
	json_decref(hide);
	if (n) {
		if (!r->quiet)
			say(r->out, IIO_IX_INFO, "%s holds %zu record(s) taken down since: hiding them again before it goes live",
			    prev, n);
		snprintf(r->base, sizeof r->base, "%s", prev);
		r->reapply = 1;
		*go_on = 1;
		return IIO_IX_OK;
	}
	fault("before-rollback-switch");
	if ((st = iio_gen_switch(root, prev))) {
		say(r->out, IIO_IX_PROBLEM, "cannot switch %s/current to %s: %s", root, prev, strerror(errno));
		return st;
	}
	say(r->out, IIO_IX_INFO, "rolled back: %s is live again", prev);
	return IIO_IX_OK;
}

/* The records of DB that belong to record ID (a passage: its id is ID, a
 * dot and a slug, or its parent field is ID) into the set IDS, with ID
 * itself when DB holds it. 0, or -1 when DB cannot be read. */
static int belongings(xs_db *db, const char *id, json_t *ids)
{
	char term[IIO_ID_TERM_MAX + 1], group[IIO_MAX_GROUP_TERM + 1];
	size_t n = iio_id_term(term, sizeof term - 1, id), gl = iio_group_term(group, id, strlen(id));
	json_t *found = json_array(), *v;
	static const char passage[] = IIO_PREFIX_TYPE "passage";
	xs_query *sub[2] = {xs_query_term(group, gl, 1, 0), xs_query_term(passage, sizeof passage - 1, 1, 0)};
	xs_query *q = sub[0] && sub[1] ? xs_query_combine(XS_OP_OR, sub, 2, 0) : NULL;
	xs_enquire *e = NULL;
	xs_mset *m = NULL;
	xs_docid doc;
	unsigned count = 0;
	int rc = -1;
	size_t i;
	if (!found || !q || !n)
		goto out;
	if (xs_db_find_doc(db, term, n, &doc) == XS_OK)
		json_object_set_new(ids, id, json_true());
	memcpy(term + n, ".", 2);
	if (xs_db_terms(db, term, n + 1, collect_term, found))
		goto out;
	json_array_foreach(found, i, v) json_object_set_new(ids, json_string_value(v), json_true());
	/* The records whose parent it is: the passages, and what is in its
	 * group (a passage's group is its parent, unless it names another):
	 * their listings say. */
	if (xs_db_doccount(db, &count) || xs_enquire_new(&e, db, NULL) || xs_enquire_set_query(e, q) ||
	    xs_enquire_mset(e, 0, count ? count : 1, 0, &m))
		goto out;
	for (unsigned k = 0; k < xs_mset_size(m); k++) {
		char *val = NULL;
		size_t len = 0;
		iio_listing l;
		json_t *fields = NULL;
		const char *parent = NULL;
		if (xs_mset_value(m, k, IIO_SLOT_HEAD, &val, &len) == XS_OK && val && !iio_listing_decode(val, len, &l) &&
		    (fields = json_loads(l.fields_json, 0, NULL)))
			parent = json_string_value(json_object_get(fields, "parent"));
		if (parent && !strcmp(parent, id))
			json_object_set_new(ids, l.id, json_true());
		json_decref(fields);
		xs_free(val);
	}
	rc = 0;
out:
	xs_mset_free(m);
	xs_enquire_free(e);
	xs_query_free(q);
	xs_query_free(sub[0]);
	xs_query_free(sub[1]);
	json_decref(found);
	return rc;
}

/* The records of generation NAME of ROOT that TAKEDOWNS hides: those taken
 * down and what belongs to them, into the set IDS. 0, or -1 when the
 * generation does not open or cannot be read (WHY says so). */
static int hidden_in(const char *root, const char *name, json_t *takedowns, json_t *ids, char *why, size_t cap)
{
	char dir[4200], *err = NULL;
	const char *id;
	json_t *v;
	xs_db *db;
	int rc = 0;
	snprintf(dir, sizeof dir, "%s/%s", root, name);
	if (xs_db_open(&db, dir, &err)) {
		snprintf(why, cap, "%s does not open: %s", dir, err ? err : "error");
		xs_free(err);
		return -1;
	}
	json_object_foreach(takedowns, id, v) {
		if (belongings(db, id, ids)) {
			snprintf(why, cap, "cannot read %s: %s", dir, xs_db_error(db));
			rc = -1;
			break;
		}
	}
	xs_db_close(db);
	return rc;
}

/* A full build leaves B-tree blocks partly filled: compact GENDIR in
 * place (into GENDIR/compact, whose files then replace the originals), so
 * the generation is a fifth smaller and reads fewer blocks per search. An
 * incremental run keeps the copy it updated as it is. */
static int compact_generation(run *r, const char *gendir)
{
	char tmp[4200], from[4500], to[4500], *err = NULL;
	DIR *d;
	struct dirent *e;
	int rc = 0;
	snprintf(tmp, sizeof tmp, "%s/compact", gendir);
	if (xs_db_compact(gendir, tmp, &err)) {
		fatal(r, IIO_IX_DATABASE, "cannot compact %s: %s", gendir, err ? err : "out of memory");
		xs_free(err);
		return -1;
	}
	/* A table the compacted copy does not have must not stay behind
	 * beside its new version file. */
	if (!(d = opendir(gendir))) {
		fatal(r, IIO_IX_IO, "cannot read %s: %s", gendir, strerror(errno));
		return -1;
	}
	while (!rc && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 6, ".glass"))
			continue;
		snprintf(from, sizeof from, "%s/%s", tmp, e->d_name);
		snprintf(to, sizeof to, "%s/%s", gendir, e->d_name);
		if (access(from, F_OK) && unlink(to)) {
			fatal(r, IIO_IX_IO, "cannot remove %s: %s", to, strerror(errno));
			rc = -1;
		}
	}
	closedir(d);
	if (rc)
		return rc;
	if (!(d = opendir(tmp))) {
		fatal(r, IIO_IX_IO, "cannot read %s: %s", tmp, strerror(errno));
		return -1;
	}
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(from, sizeof from, "%s/%s", tmp, e->d_name);
		snprintf(to, sizeof to, "%s/%s", gendir, e->d_name);
		if (rename(from, to)) {
			fatal(r, IIO_IX_IO, "cannot move %s into place: %s", from, strerror(errno));
			rc = -1;
		}
	}
	closedir(d);
	if (!rc && rmdir(tmp)) {
		fatal(r, IIO_IX_IO, "cannot remove %s: %s", tmp, strerror(errno));
		rc = -1;
	}
	return rc;
}


/* Which shard a record goes to: by the hash of its id, so it stays in the
 * same shard from one run to the next. */
static unsigned shard_of(void *ctx, const char *id, size_t len)
{
	(void)ctx;
	return (unsigned)(iio_fnv64(IIO_FNV64_INIT, id, len) >> 17);
}

/* Write DIR/LEXICON: the absolute path of LEXICON and a newline, written
 * whole. IIO_IX_IO (errno) when it cannot be. */
static iio_ix_status name_lexicon(const char *lexicon, const char *dir)
{
	char *abs = realpath(lexicon, NULL), *line = NULL;
	iio_ix_status rc = IIO_IX_IO;
	int e;
	if (abs && asprintf(&line, "%s\n", abs) >= 0)
		rc = iio_write_file(dir, IIO_LEXICON_REF, line, strlen(line));
	e = errno;
	free(abs);
	free(line);
	errno = e;
	return rc;
}

/* GENDIR/shards/: shard-0 .. shard-N-1 split from the generation's
 * database, "tables" (spelling and synonyms, no documents), a stub file
 * "stub" that searches them as one, and the lexicon's copy or name (a
 * hard link) for a searcher that opens the stub. */
static int make_shards(run *r, const char *gendir, unsigned n, int with_lexicon)
{
	char dir[4200], path[4300], *paths[IIO_MAX_SHARDS], *err = NULL;
	FILE *f;
	int rc = -1;
	unsigned k, made = 0;
	snprintf(dir, sizeof dir, "%s/shards", gendir);
	if (mkdir(dir, 0755)) {
		fatal(r, IIO_IX_IO, "cannot make %s: %s", dir, strerror(errno));
		return -1;
	}
	for (made = 0; made < n; made++)
		if (asprintf(&paths[made], "%s/shard-%u", dir, made) < 0) {
			fatal(r, IIO_IX_NOMEM, "out of memory");
			goto out;
		}
	/* The records by their id's hash; every shard describes itself (the
	 * analyzer version, the inputs: the metadata); the spelling and
	 * synonym tables go to a database without documents that the stub
	 * lists first, since xapian-tcpsrv does not serve those tables. */
	snprintf(path, sizeof path, "%s/tables", dir);
	if (xs_db_split_documents(gendir, (const char *const *)paths, n, IIO_SLOT_ID, shard_of, NULL, &err))
		goto failed;
	for (k = 0; k < n; k++)
		if (xs_db_copy_tables(gendir, paths[k], 0, &err))
			goto failed;
	if (xs_db_copy_tables(gendir, path, 1, &err))
		goto failed;
	snprintf(path, sizeof path, "%s/stub", dir);
	if (!(f = fopen(path, "w"))) {
		fatal(r, IIO_IX_IO, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	fprintf(f, "auto tables\n");
	for (k = 0; k < n; k++)
		fprintf(f, "auto shard-%u\n", k);
	if (fclose(f)) {
		fatal(r, IIO_IX_IO, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	if (with_lexicon) {
		/* Beside the stub, as in the generation: the copy or the name. */
		const char *name = r->o->bundle_lexicon ? IIO_LEXICON_IN_INDEX : IIO_LEXICON_REF;
		char from[4300];
		snprintf(from, sizeof from, "%s/%s", gendir, name);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (link(from, path) && iio_copy_file(from, dir, name)) {
			fatal(r, IIO_IX_IO, "cannot put the lexicon into %s: %s", dir, strerror(errno));
			goto out;
		}
	}
	rc = 0;
	goto out;
failed:
	fatal(r, IIO_IX_DATABASE, "cannot split %s into %u shards: %s", gendir, n, err ? err : "out of memory");
out:
	for (k = 0; k < made; k++)
		free(paths[k]);
	xs_free(err);
	return rc;
}

/* A live pointer that names none of the root's generations (resolved as
 * readers resolve it): a directory or file in its place stops the run
 * before anything changes (only a link can be replaced atomically); a
 * link to elsewhere or to nothing lets it go on without removing any
 * generation until its new one is live. IIO_IX_OK to go on. */
static iio_ix_status check_live_pointer(run *r)
{
	const char *root = r->o->root;
	char name[64], why[4400], cur[4200];
	struct stat st;
	if (iio_gen_live_why(root, name, sizeof name, why, sizeof why) != IIO_IX_LIVE_UNKNOWN)
		return IIO_IX_OK;
	snprintf(cur, sizeof cur, "%s/%s", root, IIO_LIVE_POINTER);
	if (lstat(cur, &st) == 0 && !S_ISLNK(st.st_mode)) {
		say(r->out, IIO_IX_PROBLEM,
		    "%s: nothing was changed. iio-index replaces the live pointer, a symbolic link, and cannot replace "
		    "this: move it aside (mv %s %s.saved) and run again (the newest complete generation then goes "
		    "live), or link the generation to serve (ln -sfn gen-NNNN %s)",
		    why, cur, cur, cur);
		return IIO_IX_LIVE_UNKNOWN;
	}
	if (r->o->act != IIO_IX_ROLLBACK)
		say(r->out, IIO_IX_PROBLEM, "%s: which generations are leftovers cannot be told, so none is removed before "
		    "the new one is live", why);
	return IIO_IX_OK;
}

/* Take the index root's lock, and give it a live pointer again if it lost
 * it. IIO_IX_OK to go on (the lock held). */
static iio_ix_status take_root(run *r)
{
	const char *root = r->o->root;
	char kept[64];
	int got;
	iio_ix_status st = iio_gen_lock(root, &r->lockfd);
	if (st == IIO_IX_BUSY) {
		say(r->out, IIO_IX_PROBLEM, "another iio-index is updating %s; not waiting for it", root);
		snprintf(r->error, sizeof r->error, "another iio-index run holds the lock");
		return st;
	}
	if (st) {
		say(r->out, IIO_IX_PROBLEM, "cannot use index directory %s: %s", root, strerror(errno));
		return st;
	}
	fault("after-lock");
	/* No live pointer, yet generations: keep the newest complete one
	 * live rather than prune them all as leftovers. */
	if ((st = iio_gen_recover(root, kept, sizeof kept, &got))) {
		say(r->out, IIO_IX_PROBLEM, "%s/current is missing and cannot be restored: %s", root, strerror(errno));
		return st;
	}
	if (got)
		say(r->out, IIO_IX_PROBLEM, "%s/current was missing: %s, the newest complete generation, is live again",
			root, kept);
	return check_live_pointer(r);
}

/* The live generation: opened, its record count, and whether this run
 * can build on it (same lexicon, thesaurus and schema). */
static void open_live(run *r)
{
	const iio_ix_options *o = r->o;
	char *err = NULL, *val = NULL;
	size_t len = 0;
	unsigned n = 0;
	int hiding = o->act == IIO_IX_REMOVE || r->reapply;
	if (iio_gen_live(o->root, r->prev, sizeof r->prev))
		return;
	/* A rollback builds on the generation it goes back to. */
	snprintf(r->livedir, sizeof r->livedir, "%s/%s", o->root, r->reapply ? r->base : r->prev);
	{
		/* A damaged live generation (a table cut short, as the manifest
		 * tells by its sizes) cannot be read record by record: the run
		 * builds anew from the corpus instead of failing on it. */
		char why[512];
		size_t nfiles = 0;
		if (iio_manifest_check(r->livedir, 0, &nfiles, why, sizeof why) < 0) {
			say(r->out, IIO_IX_PROBLEM, "the live index %s is damaged (%s): building it anew", r->livedir, why);
			r->live = NULL;
			return;
		}
	}
	if (xs_db_open(&r->live, r->livedir, &err)) {
		say(r->out, IIO_IX_PROBLEM, "the live index %s does not open (%s): building it anew", r->livedir,
			err ? err : "error");
		xs_free(err);
		r->live = NULL;
		return;
	}
	xs_db_doccount(r->live, &n);
	r->live_docs = n;
	if (xs_db_get_metadata(r->live, IIO_META_INPUTS, &val, &len) == XS_OK && len == 16 && !memcmp(val, r->inputs, 16))
		r->incremental = o->want != IIO_IX_FULL;
	else if (o->want == IIO_IX_INCREMENTAL && !r->quiet && !hiding)
		say(r->out, IIO_IX_INFO, "the lexicon, thesaurus or schema changed since the live index: full rebuild");
	/* Hiding records reads no corpus: the new generation was analyzed as
	 * the live one was, and says so (a thesaurus looked for elsewhere must
	 * not make the next run full). */
	if (hiding && val && len == 16)
		memcpy(r->inputs, val, 16);
	xs_free(val);
}

/* Everything a generation is made with, up to an open build of it (from
 * when its directory may exist, r->gen names it). */
static iio_ix_status start_generation(run *r)
{
	const iio_ix_options *o = r->o;
	char *err = NULL;
	iio_ix_status st;
	/* "none": the plain tokenizer, without stemming, compounds or repair
	 * (for comparing speed; the searcher must then use none too). */
	if (iio_analyzer_open(&r->analyzer, strcmp(o->lexicon, "none") ? o->lexicon : NULL, &err)) {
		st = fatal(r, IIO_IX_ERROR, "%s (it is built by make)", err ? err : "cannot open the lexicon");
		free(err);
		return st;
	}
	r->ops.lexicon = iio_analyzer_lex(r->analyzer);
	if (iio_places_builtin(&r->places, &err)) {
		st = fatal(r, err ? IIO_IX_ERROR : IIO_IX_NOMEM, "the places table (indexer/lexicon/places.tsv, compiled in): %s",
			   err ? err : "out of memory");
		free(err);
		return st;
	}
	r->ops.places = r->places;
	r->progress = !r->quiet && r->out->progress;
	r->seen = json_object();
	r->kept = json_object();
	r->troubled = json_object();
	r->rejections = json_array();
	r->types = json_object();
	r->yielded = json_object();
	r->emptied = json_object();
	r->hidden = json_object();
	if (!r->takedowns)
		r->takedowns = load_takedowns(o->root);
	if (!r->seen || !r->kept || !r->troubled || !r->rejections || !r->types || !r->takedowns || !r->hidden ||
	    !r->yielded || !r->emptied)
		return IIO_IX_NOMEM;
	/* Leftovers of a run that was killed (not when the live pointer
	 * names none of the generations: take_root said so). */
	iio_gen_prune(o->root, keep_for(o));
	snprintf(r->thesaurus, sizeof r->thesaurus, "%s/thesaurus.txt", o->corpus);
	inputs_hash(r->analyzer, r->thesaurus, r->inputs);
	open_live(r);
	if (o->act == IIO_IX_REMOVE && !r->live)
		return fatal(r, IIO_IX_NONE, "%s has no live index to remove '%s' from", o->root, o->remove_id);
	if (r->reapply && !r->live)
		return fatal(r, IIO_IX_DATABASE,
			     "the generation rolled back to does not open; the records taken down since are still in it");
	if (o->act == IIO_IX_REMOVE || r->reapply)
		r->incremental = 1;
	r->mode = r->incremental ? "incremental" : "full";
	if ((st = iio_gen_next(o->root, r->gen, sizeof r->gen))) {
		r->gen[0] = '\0';
		return fatal(r, st, "cannot read index directory %s: %s", o->root, strerror(errno));
	}
	snprintf(r->gendir, sizeof r->gendir, "%s/%s", o->root, r->gen);
	if ((st = r->incremental ? iio_build_open(&r->build, r->gendir, r->livedir, r->analyzer, &err)
				 : iio_build_open_parallel(&r->build, r->gendir, o->jobs, r->analyzer, &err))) {
		fatal(r, st, "%s: %s", r->gendir, err ? err : "out of memory");
		free(err);
		return st;
	}
	iio_build_on_warning(r->build, warning, r);
	fault("after-open");
	return IIO_IX_OK;
}

/* --remove, and the generation a --rollback goes back to: the records
 * taken down, and everything that belongs to them, out of the copy of the
 * generation the build starts from. 0 or -1. */
static int hide_records(run *r)
{
	const char *rid = r->o->remove_id, *id;
	char hash[17], *err = NULL;
	json_t *ids = json_object(), *v;
	int rc = -1;
	if (!ids) {
		fatal(r, IIO_IX_NOMEM, "out of memory");
		return -1;
	}
	if (r->o->act == IIO_IX_REMOVE && live_hash(r, rid, hash)) {
		fatal(r, IIO_IX_NONE, "the live index holds no record with id '%s'", rid);
		goto out;
	}
	if (r->o->act == IIO_IX_REMOVE) {
		if (belongings(r->live, rid, ids))
			goto unreadable;
	} else {
		json_object_foreach(r->takedowns, id, v) if (belongings(r->live, id, ids)) goto unreadable;
	}
	json_object_foreach(ids, id, v) {
		iio_ix_status st = iio_build_delete(r->build, id, &err);
		if (st) {
			fatal(r, st, "%s", err ? err : "out of memory");
			free(err);
			goto out;
		}
		r->taken_down++;
	}
	if (r->o->act == IIO_IX_REMOVE) {
		json_object_set_new(r->takedowns, rid, json_string(hash));
		r->takedowns_changed = 1;
	}
	rc = 0;
	goto out;
unreadable:
	fatal(r, IIO_IX_DATABASE, "cannot read %s: %s", r->livedir, xs_db_error(r->live));
out:
	json_decref(ids);
	return rc;
}

/* Tonight's corpus into the build: every file the manifest names, the
 * newcomers decided, the thesaurus, the records no file gave swept. 0 or
 * -1. */
static int read_corpus(run *r)
{
	const iio_ix_options *o = r->o;
	if (iio_list_sources(o->corpus, &r->ops, r, &r->sources, &r->nsources) && o->strict) {
		fatal(r, IIO_IX_ERROR, "--strict: the corpus manifest has errors");
		return -1;
	}
	r->nfiles = r->nsources;
	for (size_t i = 0; i < r->nsources && !r->failed; i++) {
		const iio_source *src = &r->sources[i];
		unsigned long before = r->read;
		r->file = i + 1;
		if (iio_read_file(o->corpus, src->path, src->reader, src->type, &r->ops, r) == IIO_IX_IO)
			json_object_set_new(r->troubled, src->path, json_true());
		json_object_set_new(r->yielded, src->path, json_integer((json_int_t)(r->read - before)));
		if (!r->quiet && !r->progress)
			say(r->out, IIO_IX_INFO, "read %s: %lu records", src->path, r->read - before);
		show_progress(r, 1);
	}
	if (r->progress)
		say(r->out, IIO_IX_PROGRESS_END, "%s", "");
	if (!r->failed)
		decide_deferred(r);
	if (r->failed)
		return -1;
	fault("after-read");
	if (json_object_size(r->kept) == 0) {
		fatal(r, IIO_IX_ERROR, "no records could be read from %s; the live index is left as it was", o->corpus);
		return -1;
	}
	if (!r->incremental) {
		long groups = 0;
		if (iio_build_thesaurus(r->build, r->thesaurus, thesaurus_error, r, &groups) == IIO_IX_OK && !r->quiet)
			say(r->out, IIO_IX_INFO, "thesaurus: %ld synonym groups", groups);
	}
	if (o->strict && r->rejected) {
		fatal(r, IIO_IX_ERROR, "--strict: %lu problem(s) found; the live index is left as it was", r->rejected);
		return -1;
	}
	return sweep(r);
}

/* The publish pipeline: commit, compact, verify, lexicon, shards,
 * manifest, sync, switch, prune. Nothing a reader sees changes before the
 * switch. 0 or -1. */
static int publish(run *r)
{
	const iio_ix_options *o = r->o;
	int hiding = o->act == IIO_IX_REMOVE || r->reapply, with_lexicon = strcmp(o->lexicon, "none") != 0;
	iio_build *b = r->build;
	char *err = NULL, merr[600];
	iio_ix_status st;
	r->tokens = iio_build_tokens(b);
	r->docs = hiding ? r->live_docs - r->taken_down : json_object_size(r->kept);
	if (!hiding && r->live_docs && !o->force &&
	    r->docs * 100 < r->live_docs * (unsigned long)(100 - o->max_shrink)) {
		fatal(r, IIO_IX_ERROR,
		      "the new index would hold %lu records, %lu fewer than the live one (%lu): more than the %d%% "
		      "allowed; not switching (--force switches anyway)",
		      r->docs, r->live_docs - r->docs, r->live_docs, o->max_shrink);
		return -1;
	}
	if (!hiding && !o->force && o->max_shrink < 100 && json_object_size(r->emptied)) {
		/* A file that gave N records and now none shrank by all of
		 * them, however small a part of the index they are. */
		const char *source = json_object_iter_key(json_object_iter(r->emptied));
		fatal(r, IIO_IX_ERROR,
		      "%s gave no records, where the live index holds %lld from it: a shrink of 100%%, more than the %d%% "
		      "allowed; not switching (--force switches anyway)",
		      source, (long long)json_integer_value(json_object_get(r->emptied, source)), o->max_shrink);
		return -1;
	}
	if ((st = iio_build_set_meta(b, IIO_META_INPUTS, r->inputs, &err)) ||
	    (st = iio_build_set_meta(b, IIO_META_MANIFEST, "1", &err))) {
		fatal(r, st, "%s", err ? err : "out of memory");
		free(err);
		return -1;
	}
	fault("before-commit");
	r->build = NULL;
	phase(r, "index");
	if ((st = iio_build_finish(b, &err))) {
		fatal(r, st, "%s: %s", r->gendir, err ? err : "out of memory");
		free(err);
		return -1;
	}
	fault("after-commit");
	phase(r, "commit");
	/* Parts built in parallel come out of their merge compacted. */
	if (!r->incremental && o->jobs <= 1 && compact_generation(r, r->gendir))
		return -1;
	phase(r, "compact");
	if (verify(r, r->gendir, r->docs, &r->distinct))
		return -1;
	phase(r, "verify");
	/* The searcher analyzes queries with the very lexicon the index was
	 * built with: the generation names it (the installed one, shared by
	 * every generation, counted in no index's size), and the analyzer
	 * recorded in the index, with the lexicon's content hash, must match
	 * the one found there; --bundle-lexicon copies it in instead (an
	 * index to take to a machine without it). */
	if (with_lexicon && o->bundle_lexicon && iio_copy_file(o->lexicon, r->gendir, IIO_LEXICON_IN_INDEX)) {
		fatal(r, IIO_IX_IO, "cannot copy the lexicon into %s: %s", r->gendir, strerror(errno));
		return -1;
	}
	if (with_lexicon && !o->bundle_lexicon && name_lexicon(o->lexicon, r->gendir)) {
		fatal(r, IIO_IX_IO, "cannot name the lexicon in %s: %s", r->gendir, strerror(errno));
		return -1;
	}
	fault("after-lexicon");
	if (o->shards > 1 && make_shards(r, r->gendir, o->shards, with_lexicon))
		return -1;
	/* Every file of the generation with its size and checksum, so that
	 * damage on disk is told from data later. */
	if (iio_manifest_write(r->gendir, merr, sizeof merr)) {
		fatal(r, IIO_IX_IO, "%s", merr);
		return -1;
	}
	fault("after-manifest");
	if (iio_gen_sync(o->root, r->gen)) {
		fatal(r, IIO_IX_IO, "cannot make %s durable: %s", r->gendir, strerror(errno));
		return -1;
	}
	phase(r, "sync");
	fault("before-switch");
	if (r->reapply && iio_gen_leaving(o->root, r->prev)) {
		fatal(r, IIO_IX_IO, "cannot write in %s: %s", o->root, strerror(errno));
		return -1;
	}
	if (r->takedowns_changed && save_takedowns(o->root, r->takedowns)) {
		fatal(r, IIO_IX_IO, "cannot write %s/takedowns: %s", o->root, strerror(errno));
		return -1;
	}
	if (iio_gen_switch(o->root, r->gen)) {
		fatal(r, IIO_IX_IO, "cannot switch %s/current to %s: %s", o->root, r->gen, strerror(errno));
		return -1;
	}
	fault("after-switch");
	/* A rollback's new generation stands for the one it went back to:
	 * the one rolled back from goes (iio_gen_leaving), as it does when
	 * nothing was hidden (the next run prunes it). */
	iio_gen_prune(o->root, o->keep);
	return 0;
}

/* What the run did, for a person. */
static void print_summary(const run *r)
{
	const char *type;
	json_t *n;
	int first = 1;
	if (r->quiet)
		return;
	if (r->o->act == IIO_IX_REMOVE) {
		if (r->taken_down > 1)
			say(r->out, IIO_IX_INFO, "'%s' removed from the live index (%s) with the %lu record(s) that belong "
			    "to it; they stay hidden until its source changes", r->o->remove_id, r->gendir, r->taken_down - 1);
		else
			say(r->out, IIO_IX_INFO, "'%s' removed from the live index (%s); it stays hidden until its source "
			    "changes", r->o->remove_id, r->gendir);
		return;
	}
	if (r->reapply) {
		say(r->out, IIO_IX_INFO, "rolled back to %s: %lu record(s) taken down hidden again (%s is live)", r->base,
		    r->taken_down, r->gendir);
		return;
	}
	say(r->out, IIO_IX_INFO, "%lu records indexed, %lu rejected, %lu terms analyzed (%lu distinct in the index) in %.2f s "
	       "-> %s",
	       r->docs, r->rejected, r->tokens, r->distinct, now_seconds() - r->t0, r->gendir);
	say(r->out, IIO_IX_INFO, "%s run: %lu added, %lu changed, %lu unchanged, %lu deleted, %lu stale, %lu taken down",
	       r->mode, r->added, r->changed, r->unchanged, r->deleted, r->stale, r->taken_down);
	if (r->warned)
		say(r->out, IIO_IX_INFO, "%lu warning(s) for records indexed with a change (said above)", r->warned);
	if (iio_places_unknown(r->places))
		say(r->out, IIO_IX_INFO, "%zu place(s) not in the places table: their records have no province (said above)",
		    iio_places_unknown(r->places));
	{
		char line[1024];
		size_t at = (size_t)snprintf(line, sizeof line, "by type:");
		json_object_foreach(r->types, type, n) {
			if (at < sizeof line)
				at += (size_t)snprintf(line + at, sizeof line - at, "%s %s %lld", first ? "" : ",", type,
						       (long long)json_integer_value(n));
			first = 0;
		}
		say(r->out, IIO_IX_INFO, "%s", line);
	}
	say(r->out, IIO_IX_INFO, "text repair: %lu garbled runs decoded (%lu characters), %lu line-end hyphenations joined",
	       r->repairs.glyph_runs, r->repairs.glyph_chars, r->repairs.hyphens_joined);
}

/* A new generation from the corpus, or the live one with records hidden,
 * made live. The run's status. */
static iio_ix_status make_generation(run *r)
{
	int st = start_generation(r);
	if (st && !r->gen[0])
		return r->failure ? r->failure : (iio_ix_status)st;
	if (!st)
		st = r->o->act == IIO_IX_UPDATE && !r->reapply ? read_corpus(r) : hide_records(r);
	if (!st)
		st = publish(r);
	if (!st) {
		print_summary(r);
		return r->rejected ? IIO_IX_REJECTED : IIO_IX_OK;
	}
	/* Failed: the partial generation goes, the live one stays. */
	iio_build_abort(r->build);
	r->build = NULL;
	if (r->gen[0])
		iio_gen_remove(r->o->root, r->gen);
	if (!r->quiet && r->error[0])
		say(r->out, IIO_IX_PROBLEM, "the live index is unchanged%s%s", r->prev[0] ? ": " : "", r->prev);
	r->gen[0] = '\0';
	return r->failure ? r->failure : IIO_IX_ERROR;
}

/* The report, and everything the run held. */
static void end_run(run *r, iio_ix_status rc)
{
	write_report(r->o->report, r, rc, r->mode, r->prev[0] ? r->prev : NULL, r->gen[0] ? r->gen : NULL, r->docs,
		     now_seconds() - r->t0, &r->repairs);
	free(r->first_id);
	if (r->live)
		xs_db_close(r->live);
	json_decref(r->seen);
	json_decref(r->kept);
	json_decref(r->troubled);
	json_decref(r->rejections);
	json_decref(r->warnings);
	json_decref(r->takedowns);
	json_decref(r->hidden);
	json_decref(r->types);
	json_decref(r->yielded);
	json_decref(r->emptied);
	json_decref(r->phases);
	while (r->deferred) {
		deferred *d = r->deferred;
		r->deferred = d->next;
		deferred_free(d);
	}
	iio_sources_free(r->sources, r->nsources);
	iio_analyzer_close(r->analyzer);
	iio_places_free(r->places);
	if (r->lockfd >= 0)
		close(r->lockfd);
}

void iio_ix_options_init(iio_ix_options *o)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	memset(o, 0, sizeof *o);
	o->act = IIO_IX_UPDATE;
	o->want = IIO_IX_AUTO;
	o->keep = IIO_GEN_KEEP;
	o->max_shrink = IIO_IX_MAX_SHRINK;
	o->shards = 1;
	/* The reading and the final merge are single-threaded: past four
	 * threads a build gains little. */
	o->jobs = cores < 1 ? 1 : cores > 4 ? 4 : (unsigned)cores;
}

unsigned iio_ix_max_jobs(void) { return IIO_BUILD_MAX_JOBS; }

const char *iio_ix_version(void) { return IIO_ANALYZER_VERSION "; schema " IIO_INDEX_SCHEMA; }

int iio_ix_exit_status(iio_ix_status st)
{
	switch (st) {
	case IIO_IX_OK: return 0;
	case IIO_IX_REJECTED: return 1;
	case IIO_IX_BUSY: return 3;
	default: return 2;
	}
}

iio_ix_status iio_ix_run(const iio_ix_options *o, const iio_ix_output *out)
{
	run r = {0};
	iio_ix_status rc;
	int go_on = 0;

	if (o->act == IIO_IX_VERIFY)
		return iio_ix_verify(o->root, out);
	r.t0 = now_seconds();
	r.lockfd = -1;
	r.mode = "full";
	r.o = o;
	r.out = out;
	r.quiet = out->quiet;
	r.ops = (iio_reader_ops){.record = on_record, .error = report, .stats = &r.repairs, .warn = warning,
				 .follow_links = o->follow_links};
	if (o->act == IIO_IX_UPDATE && access(o->corpus, R_OK | X_OK)) {
		say(out, IIO_IX_PROBLEM, "cannot read corpus directory %s: %s", o->corpus, strerror(errno));
		return IIO_IX_IO;
	}
	if ((rc = take_root(&r))) {
		if (rc == IIO_IX_BUSY)
			write_report(o->report, &r, IIO_IX_BUSY, r.mode, NULL, NULL, 0, now_seconds() - r.t0, &r.repairs);
		if (r.lockfd >= 0)
			close(r.lockfd);
		return rc;
	}
	/* A takedown holds across a rollback: the generation rolled back to
	 * goes live without the records taken down since, made as --remove
	 * makes one (the lock is still ours). */
	if (o->act == IIO_IX_ROLLBACK && ((rc = rollback(&r, &go_on)) || !go_on)) {
		json_decref(r.takedowns);
		close(r.lockfd);
		return rc;
	}
	rc = make_generation(&r);
	end_run(&r, rc);
	return rc;
}
