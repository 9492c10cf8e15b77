/* index.c - opening an index and reading records back (libiiosearch).
 *
 * An index path is either an index root managed by iio-index (whose
 * `current` symlink names the live generation) or any Xapian database or
 * stub file. The analyzer version recorded in the index must match ours:
 * otherwise queries would be analyzed differently from the documents and
 * silently miss, so we refuse and ask for a rebuild.
 */
#define _GNU_SOURCE
#include "private.h"
#include "../indexer/manifest.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef IIO_DEFAULT_LEXICON
#define IIO_DEFAULT_LEXICON "/usr/local/share/iio-search/nl.lex"
#endif

const char *iio_strerror(iio_status status)
{
	switch (status) {
	case IIO_OK: return "success";
	case IIO_ERR_NOMEM: return "out of memory";
	case IIO_ERR_ARGUMENT: return "invalid argument";
	case IIO_ERR_NO_INDEX: return "no index";
	case IIO_ERR_INDEX: return "index unreadable";
	case IIO_ERR_INDEX_VERSION: return "index built by another analyzer version";
	case IIO_ERR_QUERY: return "invalid query";
	case IIO_ERR_NOT_FOUND: return "not found";
	case IIO_ERR_INTERNAL: return "internal error";
	}
	return "unknown status";
}

const char *iio_version(void) { return IIO_VERSION_STRING; }

void iio_free(void *p) { free(p); }

iio_status iio__fail(iio_index *idx, iio_status st, const char *fmt, ...)
{
	va_list ap;
	if (!idx)
		return st;
	va_start(ap, fmt);
	vsnprintf(idx->err, sizeof idx->err, fmt, ap);
	va_end(ap);
	/* An index that cannot be read, or reads as if built by another
	 * version, may be damaged on disk: when its manifest shows that, say
	 * so instead (a Xapian message or a garbled version string sends the
	 * reader the wrong way). Only on this failure path: it reads every
	 * file of the generation. */
	if ((st == IIO_ERR_INDEX || st == IIO_ERR_INDEX_VERSION) && idx->db_path && !idx->checking &&
	    iio_index_verify(idx, 1) != IIO_OK)
		st = IIO_ERR_INDEX;
	return st;
}

/* IDX's generation is damaged (WHAT, from its manifest): the message that
 * says where to look and what to do. */
static iio_status damaged(iio_index *idx, const char *what)
{
	int was = idx->checking;
	idx->checking = 1; /* no second look at the manifest */
	iio__fail(idx, IIO_ERR_INDEX,
		  "index %s is damaged: %s; check it with iio-index --verify --index %s, then go back with "
		  "iio-index --rollback or rebuild it with iio-index --full",
		  idx->path, what, idx->path);
	idx->checking = was;
	return IIO_ERR_INDEX;
}

iio_status iio__from_xs(xs_status st)
{
	switch (st) {
	case XS_OK: return IIO_OK;
	case XS_ENOMEM: return IIO_ERR_NOMEM;
	case XS_DB_OPENING: return IIO_ERR_NO_INDEX;
	case XS_NOT_FOUND: return IIO_ERR_NOT_FOUND;
	case XS_INVALID_ARGUMENT: return IIO_ERR_QUERY;
	case XS_DB_LOCKED: case XS_DB_CORRUPT: case XS_DB_VERSION: case XS_DB_MODIFIED:
	case XS_DB_ERROR: case XS_NETWORK: case XS_RANGE: case XS_FEATURE:
		return IIO_ERR_INDEX;
	default:
		return IIO_ERR_INTERNAL;
	}
}

/* Resolve PATH to the database to open: the live generation of an index
 * root, or PATH itself. */
static iio_status resolve(iio_index *idx, const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return iio__fail(idx, IIO_ERR_NO_INDEX, "no index at %s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		char target[256], live[4096];
		/* As the indexer resolves it (format.h): what it never deletes. */
		int got = iio_live_resolve(path, target, sizeof target, live, sizeof live);
		if (got < 0)
			return iio__fail(idx, IIO_ERR_INDEX, "cannot read %s/%s: %s", path, IIO_LIVE_POINTER,
					 errno == EINVAL ? "not a symbolic link to a generation" : strerror(errno));
		if (got == 0) {
			snprintf(idx->generation, sizeof idx->generation, "%s", target);
			if (!(idx->db_path = strdup(live)))
				return IIO_ERR_NOMEM;
			if (stat(idx->db_path, &st))
				return iio__fail(idx, IIO_ERR_INDEX,
						 "the live generation %s of index %s is missing: %s", target, path,
						 strerror(errno));
			idx->gen_dev = st.st_dev;
			idx->gen_ino = st.st_ino;
			return IIO_OK;
		}
	}
	idx->db_path = strdup(path);
	return idx->db_path ? IIO_OK : IIO_ERR_NOMEM;
}

/* The lexicon a generation names (DIR, DIRLEN bytes: its IIO_LEXICON_REF
 * file's first line), malloc'ed; NULL when it names none. */
static char *named_lexicon(int dirlen, const char *dir)
{
	char *ref = NULL, *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	if (asprintf(&ref, "%.*s/%s", dirlen, dir, IIO_LEXICON_REF) < 0)
		return NULL;
	f = fopen(ref, "r");
	free(ref);
	if (!f)
		return NULL;
	n = getline(&line, &cap, f);
	fclose(f);
	if (n <= 1 || line[n - 1] != '\n' || line[0] != '/') {
		free(line);
		return NULL;
	}
	line[n - 1] = '\0';
	return line;
}

/* The lexicon queries are analyzed with: LEXICON (the caller's choice,
 * e.g. a program's $IIO_LEXICON), else the copy inside the generation
 * (--bundle-lexicon), else the one the generation names (the one it was
 * built with), else the installed one. Whichever it is, iio_index_open
 * then checks that the analyzer it makes is the one the index records,
 * content hash of the lexicon included. */
static iio_status open_analyzer(iio_index *idx, const char *lexicon)
{
	char *inside = NULL, *named = NULL, *err = NULL;
	int errno_named = 0;
	const char *path = lexicon && *lexicon ? lexicon : NULL;
	int rc;

	struct stat st;
	/* A generation directory holds it; beside a stub file (shards/stub) too. */
	if (!path && idx->db_path && stat(idx->db_path, &st) == 0) {
		const char *slash = strrchr(idx->db_path, '/');
		int dirlen = S_ISDIR(st.st_mode) ? (int)strlen(idx->db_path) : slash ? (int)(slash - idx->db_path) : 1;
		const char *dir = S_ISDIR(st.st_mode) || slash ? idx->db_path : ".";
		if (asprintf(&inside, "%.*s/%s", dirlen, dir, IIO_LEXICON_IN_INDEX) >= 0 && access(inside, R_OK) == 0) {
			path = inside;
		} else {
			free(inside);
			inside = NULL;
			named = named_lexicon(dirlen, dir);
			if (named && access(named, R_OK) == 0)
				path = named;
			else if (named)
				errno_named = errno; /* then the installed one, if its content is the same */
		}
	}
	if (!path)
		path = IIO_DEFAULT_LEXICON;
	rc = iio_analyzer_open(&idx->analyzer, path, &err);
	if (rc && path == inside) {
		/* The copy the index was built with, of a format this program
		 * does not read: an index of another version, not a broken
		 * build of ours. */
		iio__fail(idx, IIO_ERR_INDEX_VERSION,
			  "index %s was built by another version of iio-search (its lexicon %s is of another format "
			  "or damaged); rebuild it with 'iio-index --full'",
			  idx->path, inside);
		free(err);
		free(inside);
		return IIO_ERR_INDEX_VERSION;
	}
	free(inside);
	if (rc && named && path != named) {
		/* The one it names is gone and no other with its content is
		 * installed. */
		iio__fail(idx, IIO_ERR_INDEX,
			  "index %s was built with the lexicon %s, which cannot be read (%s), nor can the installed "
			  "one (%s); install it again, or rebuild the index with 'iio-index --full'",
			  idx->path, named, strerror(errno_named), err ? err : path);
		free(err);
		free(named);
		return IIO_ERR_INDEX;
	}
	free(named);
	if (rc) {
		iio__fail(idx, IIO_ERR_INDEX, "%s", err ? err : "cannot open the lexicon");
		free(err);
		return IIO_ERR_INDEX;
	}
	return IIO_OK;
}

static iio_status check_files(iio_index *idx, int checksums, int *no_manifest);
static iio_status manifest_not_lost(iio_index *idx);

iio_status iio_index_open(iio_index **out, const char *path)
{
	return iio_index_open_with(out, path, NULL);
}

iio_status iio_index_open_with(iio_index **out, const char *path, const char *lexicon)
{
	iio_index *idx;
	iio_status st;
	xs_status xst;
	char *xerr = NULL, *version = NULL;
	int no_manifest;

	if (!out)
		return IIO_ERR_ARGUMENT;
	*out = idx = calloc(1, sizeof *idx);
	if (!idx)
		return IIO_ERR_NOMEM;
	if (!path || !*path)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "no index path given");
	idx->path = strdup(path);
	if (!idx->path)
		return IIO_ERR_NOMEM;
	st = resolve(idx, path);
	if (st)
		return st;
	/* Damage first: a table cut short or missing can crash libxapian or
	 * silently change answers; a stat per file costs microseconds. */
	st = check_files(idx, 0, &no_manifest);
	if (st)
		return st;
	xst = xs_db_open(&idx->db, idx->db_path, &xerr);
	if (xst) {
		st = iio__from_xs(xst);
		/* There, but not readable by this user: not a missing index. */
		if (st == IIO_ERR_NO_INDEX && xerr && strstr(xerr, strerror(EACCES)))
			st = IIO_ERR_INDEX;
		if (st == IIO_ERR_NO_INDEX)
			iio__fail(idx, st, "no index at %s (%s)", path, xerr ? xerr : xs_status_string(xst));
		else
			iio__fail(idx, st, "cannot open index %s: %s", path, xerr ? xerr : xs_status_string(xst));
		xs_free(xerr);
		return st;
	}
	st = open_analyzer(idx, lexicon);
	if (st)
		return st;
	/* Without a manifest, the database says whether one belongs. */
	if (no_manifest && (st = manifest_not_lost(idx)))
		return st;
	xst = xs_db_get_metadata(idx->db, IIO_META_ANALYZER, &version, NULL);
	if (xst)
		return iio__fail(idx, iio__from_xs(xst), "cannot read index %s: %s", path, xs_db_error(idx->db));
	{
		char ours[256];
		snprintf(ours, sizeof ours, "%s; schema %s", iio_analyzer_id(idx->analyzer), IIO_INDEX_SCHEMA);
		if (strcmp(version, ours)) {
			if (!*version)
				iio__fail(idx, IIO_ERR_INDEX_VERSION,
					  "%s was not built by iio-index (it records no analyzer version); rebuild it with iio-index",
					  path);
			else
				iio__fail(idx, IIO_ERR_INDEX_VERSION,
					  "index %s was built by analyzer \"%s\" but this program uses \"%s\"; rebuild it with iio-index",
					  path, version, ours);
			xs_free(version);
			return IIO_ERR_INDEX_VERSION;
		}
	}
	xs_free(version);
	return IIO_OK;
}

iio_status iio_index_open_lexicon(iio_index **out, const char *lexicon)
{
	iio_index *idx;
	char *err = NULL;
	if (!out)
		return IIO_ERR_ARGUMENT;
	*out = idx = calloc(1, sizeof *idx);
	if (!idx)
		return IIO_ERR_NOMEM;
	if (!(idx->path = strdup("")))
		return IIO_ERR_NOMEM;
	if (!lexicon || !*lexicon)
		return open_analyzer(idx, NULL);
	if (iio_analyzer_open(&idx->analyzer, lexicon, &err)) {
		iio__fail(idx, IIO_ERR_INDEX, "%s", err ? err : "cannot open the lexicon");
		free(err);
		return IIO_ERR_INDEX;
	}
	return IIO_OK;
}

void iio_index_close(iio_index *idx)
{
	if (!idx)
		return;
	xs_db_close(idx->db);
	iio_analyzer_close(idx->analyzer);
	iio_word_memo_free(idx->memo);
	free(idx->path);
	free(idx->db_path);
	free(idx);
}

iio_word_memo *iio__memo(iio_index *idx)
{
	if (!idx->memo)
		idx->memo = iio_word_memo_new();
	return idx->memo;
}

const char *iio_index_error(const iio_index *idx) { return idx ? idx->err : "no index handle"; }

/* Current means the same directory, not only the same name: a generation
 * deleted (by a rollback, say) and made again under its name is another
 * index. */
int iio_index_is_current(iio_index *idx)
{
	char cur[4096], target[256];
	struct stat st;
	if (!idx || !idx->generation[0])
		return 1;
	if (iio_live_generation(idx->path, target, sizeof target))
		return 1; /* no live pointer to follow: keep serving what we have */
	snprintf(cur, sizeof cur, "%s/%s", idx->path, IIO_LIVE_POINTER);
	if (strcmp(target, idx->generation))
		return 0;
	if (stat(cur, &st))
		return 0; /* the pointer names a generation that is gone */
	return st.st_dev == idx->gen_dev && st.st_ino == idx->gen_ino;
}

const char *iio_index_generation(const iio_index *idx) { return idx ? idx->generation : ""; }

/* The files of IDX's database (a generation directory) against its
 * manifest, sizes and with CHECKSUMS every byte; *NO_MANIFEST (may be
 * NULL) says the directory has none. A stub file (shards) has no manifest
 * of its own. IIO_OK, or IIO_ERR_INDEX with the message on IDX. */
static iio_status check_files(iio_index *idx, int checksums, int *no_manifest)
{
	char err[600];
	struct stat st;
	int found = 0;
	if (no_manifest)
		*no_manifest = 0;
	if (stat(idx->db_path, &st) == 0 && S_ISDIR(st.st_mode)) {
		int was = idx->checking;
		idx->checking = 1;
		found = iio_manifest_check(idx->db_path, checksums, NULL, err, sizeof err);
		idx->checking = was;
	}
	if (no_manifest)
		*no_manifest = found == 1;
	return found < 0 ? damaged(idx, err) : IIO_OK;
}

/* Without a manifest: fine for a database iio-index did not publish,
 * damage for one that says it was published with one (its MANIFEST was
 * lost). */
static iio_status manifest_not_lost(iio_index *idx)
{
	char *val = NULL, err[64];
	int lost = xs_db_get_metadata(idx->db, IIO_META_MANIFEST, &val, NULL) == XS_OK && val && *val;
	xs_free(val);
	if (!lost)
		return IIO_OK;
	snprintf(err, sizeof err, "%s is missing", IIO_MANIFEST_NAME);
	return damaged(idx, err);
}

iio_status iio_index_check(const char *path, int checksums, char *generation, size_t cap, char **message)
{
	iio_index *idx;
	iio_status st;
	if (!path || !generation || !cap || !message)
		return IIO_ERR_ARGUMENT;
	*message = NULL;
	generation[0] = '\0';
	if (!(idx = calloc(1, sizeof *idx)) || !(idx->path = strdup(path))) {
		free(idx);
		return IIO_ERR_NOMEM;
	}
	idx->checking = 1; /* resolve's failures are not checked again */
	st = resolve(idx, path);
	if (!st) {
		snprintf(generation, cap, "%s", idx->generation);
		st = check_files(idx, checksums, NULL);
	}
	if (st)
		*message = strdup(idx->err);
	free(idx->path);
	free(idx->db_path);
	free(idx);
	return st;
}

iio_status iio_index_verify(iio_index *idx, int checksums)
{
	int no_manifest;
	iio_status st;
	if (!idx || !idx->db_path)
		return IIO_ERR_ARGUMENT;
	st = check_files(idx, checksums, &no_manifest);
	if (!st && no_manifest && idx->db)
		st = manifest_not_lost(idx);
	return st;
}


unsigned long iio_index_count(iio_index *idx)
{
	unsigned n = 0;
	if (!idx || !idx->db || xs_db_doccount(idx->db, &n))
		return 0;
	return n;
}

json_t *iio__parse_record(iio_index *idx, const char *data, size_t len, xs_docid docid, iio_status *st)
{
	json_t *rec = iio_stored_decode(data, len);

	if (!rec) {
		*st = iio__fail(idx, IIO_ERR_INDEX, "document %u has damaged stored data", docid);
		return NULL;
	}
	*st = IIO_OK;
	return rec;
}

/* ---- showing one record ---- */

iio_status iio__check_id(iio_index *idx, const char *id)
{
	char shown[84];
	size_t n = 0;
	int ok = *id && strcmp(id, ".") && strcmp(id, "..") && strlen(id) <= IIO_MAX_ID_BYTES;
	for (const char *p = id; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-';
	if (ok)
		return IIO_OK;
	/* The id as given, but only what prints as itself. */
	for (const unsigned char *p = (const unsigned char *)id; *p && n < 80; p++)
		shown[n++] = *p >= 0x20 && *p < 0x7f ? (char)*p : '?';
	shown[n] = '\0';
	return iio__fail(idx, IIO_ERR_ARGUMENT,
			 "'%s%s' is not a record id: an id is 1 to %d characters of a-z, 0-9, '.', '_' and '-', and not '.' or '..'",
			 shown, id[n] ? "..." : "", IIO_MAX_ID_BYTES);
}

struct iio_record_view {
	json_t *rec;
	json_t *members; /* the records of its group, whole, in reading order */
	size_t text_length; /* the whole text's, in bytes */
	int text_truncated; /* rec's text is its first part (IIO_MAX_RECORD_TEXT) */
};

/* How many bytes of TEXT[0..len) one record answer carries: as much as
 * takes at most BUDGET bytes in JSON (a quote, a backslash or a \n counts
 * 2, another control character 6: \u001b), ending at a word's end when
 * one is near, and always where a character ends. */
static size_t bounded_text(const char *text, size_t len, size_t budget)
{
	size_t cost = 0, i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		cost += c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' ? 2
			: c < 0x20 ? 6 : 1;
		if (cost > budget)
			break;
	}
	if (i < len) {
		/* At a word's end when there is one near. */
		size_t at = i;
		while (at > 0 && i - at < 64 && text[at] != ' ' && text[at] != '\n')
			at--;
		i = at > 0 && (text[at] == ' ' || text[at] == '\n') ? at : i;
	}
	while (i < len && i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* The record stored as DATA[0..len) (its fields, a NUL, its text), its
 * text bounded: the whole text is never copied, let alone answered. */
static json_t *bounded_record(iio_index *idx, const char *data, size_t len, xs_docid docid, iio_record_view *view,
			      iio_status *st)
{
	const char *nul = memchr(data, '\0', len);
	size_t head = nul ? (size_t)(nul - data) + 1 : len;
	size_t keep = bounded_text(data + head, len - head, IIO_MAX_RECORD_TEXT);
	view->text_length = len - head;
	view->text_truncated = keep < len - head;
	return iio__parse_record(idx, data, head + keep, docid, st);
}

#define IIO_MAX_MEMBERS 200

/* Where passage REC's text starts in DOC_TEXT (passages are cut from
 * their document's text, in order); SIZE_MAX when it cannot be found. */
static size_t reading_offset(const char *doc_text, const json_t *rec)
{
	const char *t = json_string_value(json_object_get(rec, "text"));
	size_t n = t ? strlen(t) : 0;
	const char *at;
	if (!doc_text || !n)
		return SIZE_MAX;
	if (n > 48) /* a start long enough to be its own, cut at a character */
		for (n = 48; n > 0 && (t[n] & 0xC0) == 0x80; n--)
			;
	at = memmem(doc_text, strlen(doc_text), t, n);
	return at ? (size_t)(at - doc_text) : SIZE_MAX;
}

typedef struct read_member {
	json_t *rec;
	size_t offset, docid_order;
	int is_document;
} read_member;

static int by_reading_order(const void *va, const void *vb)
{
	const read_member *a = va, *b = vb;
	if (a->is_document != b->is_document)
		return b->is_document - a->is_document;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	return a->docid_order < b->docid_order ? -1 : a->docid_order > b->docid_order;
}

/* The members read (N of them) into ARR, whole records: a document first,
 * then its passages in reading order (where their text starts in the
 * document's: the order they were indexed in is not it once a build runs
 * in parallel or a run adds passages); others as read. */
static iio_status members_in_order(read_member *rm, size_t n, json_t *arr)
{
	const char *doc_text = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *type = json_string_value(json_object_get(rm[i].rec, "type"));
		rm[i].is_document = type && !strcmp(type, "document");
		if (rm[i].is_document && !doc_text)
			doc_text = json_string_value(json_object_get(rm[i].rec, "text"));
	}
	for (size_t i = 0; i < n; i++) {
		rm[i].docid_order = i;
		rm[i].offset = doc_text && !rm[i].is_document ? reading_offset(doc_text, rm[i].rec) : 0;
	}
	if (doc_text)
		qsort(rm, n, sizeof *rm, by_reading_order);
	for (size_t i = 0; i < n; i++)
		if (json_array_append(arr, rm[i].rec))
			return IIO_ERR_NOMEM;
	return IIO_OK;
}

/* The records of DOCID's group (a document and its passages, the variants
 * of one video), a document's passages in reading order (members_json).
 * An empty array for a record alone in its group. */
static iio_status group_members(iio_index *idx, xs_docid docid, json_t **out)
{
	char *key = NULL, *xerr = NULL;
	size_t klen = 0, nread = 0;
	unsigned size = 0, n;
	xs_query *q = NULL, *zero = NULL;
	xs_enquire *enq = NULL;
	xs_mset *m = NULL;
	xs_status xst;
	json_t *arr = json_array();
	read_member *rm = NULL;
	iio_status st = IIO_OK;

	*out = NULL;
	if (!arr)
		return IIO_ERR_NOMEM;
	/* The group slot holds the group's term, on members of groups of two
	 * or more only. */
	xst = xs_db_get_value(idx->db, docid, IIO_SLOT_GROUP, &key, &klen);
	if (xst || !klen)
		goto done;
	if ((xst = xs_db_termfreq(idx->db, key, klen, &size)) || size < 2)
		goto done;
	if (!(q = xs_query_term(key, klen, 1, 0)) || !(zero = xs_query_scale(q, 0))) {
		st = IIO_ERR_NOMEM;
		goto done;
	}
	if ((xst = xs_enquire_new(&enq, idx->db, &xerr)) || (xst = xs_enquire_set_query(enq, zero)) ||
	    (xst = xs_enquire_mset(enq, 0, IIO_MAX_MEMBERS, 0, &m)))
		goto done;
	n = xs_mset_size(m);
	if (n && !(rm = calloc(n, sizeof *rm))) {
		st = IIO_ERR_NOMEM;
		goto done;
	}
	for (unsigned i = 0; i < n && !xst && !st; i++) {
		xs_docid id;
		char *data = NULL;
		size_t len = 0;
		if ((xst = xs_mset_item(m, i, &id, NULL, NULL)) || (xst = xs_db_get_data(idx->db, id, &data, &len)))
			break;
		rm[nread].rec = iio__parse_record(idx, data, len, id, &st);
		xs_free(data);
		if (!rm[nread].rec)
			break;
		nread++;
	}
	if (!xst && !st)
		st = members_in_order(rm, nread, arr);
done:
	if (xst && !st)
		st = iio__fail(idx, iio__from_xs(xst), "cannot read the records that belong with document %u: %s", docid,
			       xerr ? xerr : enq ? xs_enquire_error(enq) : xs_db_error(idx->db));
	for (size_t i = 0; i < nread; i++)
		json_decref(rm[i].rec);
	free(rm);
	xs_free(key);
	xs_free(xerr);
	xs_query_free(q);
	xs_query_free(zero);
	xs_mset_free(m);
	xs_enquire_free(enq);
	if (st)
		json_decref(arr);
	else
		*out = arr;
	return st;
}

static const char *member(const json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

iio_status iio_show(iio_record_view **out, iio_index *idx, const char *id)
{
	char *term;
	xs_docid docid;
	xs_status xst;
	iio_status st;
	json_t *rec;
	iio_record_view view = {NULL, NULL, 0, 0};

	if (!out || !idx || !idx->db || !id)
		return iio__fail(idx, IIO_ERR_ARGUMENT, "iio_show needs an open index and an id");
	*out = NULL;
	if ((st = iio__check_id(idx, id)))
		return st;
	if (!(term = iio_id_term_dup(id)))
		return IIO_ERR_NOMEM;
	xst = xs_db_find_doc(idx->db, term, strlen(term), &docid);
	free(term);
	if (xst == XS_NOT_FOUND)
		return iio__fail(idx, IIO_ERR_NOT_FOUND, "no record with id '%s'", id);
	if (xst)
		return iio__fail(idx, iio__from_xs(xst), "cannot look up '%s': %s", id, xs_db_error(idx->db));
	{
		char *data = NULL;
		size_t len = 0;
		xst = xs_db_get_data(idx->db, docid, &data, &len);
		if (xst)
			return iio__fail(idx, iio__from_xs(xst), "cannot read record '%s': %s", id, xs_db_error(idx->db));
		rec = bounded_record(idx, data, len, docid, &view, &st);
		xs_free(data);
		if (!rec)
			return st;
	}
	{
		json_t *members = NULL;
		if ((st = group_members(idx, docid, &members))) {
			json_decref(rec);
			return st;
		}
		*out = malloc(sizeof **out);
		if (!*out) {
			json_decref(rec);
			json_decref(members);
			return IIO_ERR_NOMEM;
		}
		view.rec = rec;
		view.members = members;
		**out = view;
	}
	return IIO_OK;
}

void iio_record_free(iio_record_view *rec)
{
	if (!rec)
		return;
	json_decref(rec->rec);
	json_decref(rec->members);
	free(rec);
}

const char *iio_record_id(const iio_record_view *r) { return member(r->rec, "id"); }
const char *iio_record_type(const iio_record_view *r) { return member(r->rec, "type"); }
const char *iio_record_title(const iio_record_view *r) { return member(r->rec, "title"); }
const char *iio_record_url(const iio_record_view *r) { return member(r->rec, "url"); }
const char *iio_record_source(const iio_record_view *r) { return member(r->rec, "source"); }
const char *iio_record_text(const iio_record_view *r) { return member(r->rec, "text"); }
int iio_record_text_truncated(const iio_record_view *r) { return r ? r->text_truncated : 0; }
size_t iio_record_text_length(const iio_record_view *r) { return r ? r->text_length : 0; }

const char *iio_record_field(const iio_record_view *r, const char *name)
{
	json_t *v = json_object_get(json_object_get(r->rec, "fields"), name);
	return json_string_value(v);
}

iio_status iio_record_fields_json(char **out, const iio_record_view *r)
{
	json_t *f = json_object_get(r->rec, "fields");
	*out = f ? json_dumps(f, JSON_COMPACT) : strdup("{}");
	return *out ? IIO_OK : IIO_ERR_NOMEM;
}

size_t iio_record_members(const iio_record_view *r) { return r->members ? json_array_size(r->members) : 0; }

const char *iio_record_member(const iio_record_view *r, size_t i, const char **type, const char **title)
{
	json_t *m = r->members ? json_array_get(r->members, i) : NULL;
	if (type)
		*type = m ? member(m, "type") : NULL;
	if (title)
		*title = m ? member(m, "title") : NULL;
	return m ? member(m, "id") : NULL;
}

iio_status iio_record_member_fields_json(char **out, const iio_record_view *r, size_t i)
{
	json_t *m = r->members ? json_array_get(r->members, i) : NULL;
	json_t *f = json_object_get(m, "fields");
	if (!out)
		return IIO_ERR_ARGUMENT;
	*out = NULL;
	if (!m)
		return IIO_ERR_ARGUMENT;
	*out = f ? json_dumps(f, JSON_COMPACT) : strdup("{}");
	return *out ? IIO_OK : IIO_ERR_NOMEM;
}

const char *iio_record_member_text(const iio_record_view *r, size_t i)
{
	json_t *m = r->members ? json_array_get(r->members, i) : NULL;
	return m ? member(m, "text") : NULL;
}

iio_status iio_highlight_html(char **out, iio_index *idx, const char *query, const char *text, size_t len)
{
	iio_parsed_query pq;
	iio_status st;
	char *buf = NULL;
	size_t size = 0;
	FILE *m;
	if (!out || !idx || !text)
		return IIO_ERR_ARGUMENT;
	*out = NULL;
	if ((st = iio__parse_query(&pq, idx->analyzer, idx->db, query ? query : "", 0, idx->err, sizeof idx->err)))
		return st;
	if (!(m = open_memstream(&buf, &size))) {
		iio__parsed_query_clear(&pq);
		return IIO_ERR_NOMEM;
	}
	/* Paragraph by paragraph (a blank line between them), the query
	 * parsed once. */
	for (size_t at = 0; at < len && !st;) {
		const char *e = memmem(text + at, len - at, "\n\n", 2);
		size_t plen = e ? (size_t)(e - (text + at)) : len - at;
		iio_snippet snip;
		if (plen && strspn(text + at, " \n\t\r") < plen &&
		    !(st = iio__snippet(&snip, idx->analyzer, iio__memo(idx), text + at, plen, &pq, (unsigned)(plen < UINT_MAX ? plen + 1 : UINT_MAX)))) {
			char *html = iio__snippet_html(snip.text, snip.marks, snip.nmarks);
			if (html)
				fprintf(m, "<p>%s</p>\n", html);
			else
				st = IIO_ERR_NOMEM;
			free(html);
			iio__snippet_clear(&snip);
		}
		at += plen;
		while (at < len && text[at] == '\n')
			at++;
	}
	iio__parsed_query_clear(&pq);
	if (fclose(m) && !st)
		st = IIO_ERR_NOMEM;
	if (st) {
		free(buf);
		return st;
	}
	*out = buf;
	return IIO_OK;
}

/* R as the JSON object of iio_record_json, its text's first KEEP bytes
 * (cut when KEEP is less than the view's text); NULL when out of memory. */
/* The members as a record answer lists them: id, type, title, fields. */
static json_t *members_listing(json_t *members)
{
	json_t *ms = json_array(), *m;
	size_t k;
	json_array_foreach(members, k, m) {
		json_t *f = json_object_get(m, "fields");
		if (!ms || json_array_append_new(ms, json_pack("{sOsOsOsO}", "id", json_object_get(m, "id"), "type",
								 json_object_get(m, "type"), "title", json_object_get(m, "title"),
								 "fields", f ? f : json_object()))) {
			json_decref(ms);
			return NULL;
		}
	}
	return ms;
}

static json_t *record_object(const iio_record_view *r, size_t keep)
{
	static const char *const keys[] = {"id", "type", "title", "url", "source"};
	const char *text = member(r->rec, "text");
	size_t have = text ? strlen(text) : 0;
	int cut = r->text_truncated || keep < have;
	json_t *o = json_object(), *f = json_object_get(r->rec, "fields");
	int bad = !o;
	/* Rebuild in the documented key order, whatever the stored order. */
	for (size_t i = 0; !bad && i < sizeof keys / sizeof keys[0]; i++) {
		json_t *v = json_object_get(r->rec, keys[i]);
		bad = json_object_set(o, keys[i], v ? v : json_null());
	}
	if (!bad)
		bad = json_object_set_new(o, "text", text ? json_stringn_nocheck(text, keep < have ? keep : have) : json_null());
	if (!bad && cut)
		bad = json_object_set_new(o, "text_truncated", json_true()) ||
		      json_object_set_new(o, "text_length", json_integer((json_int_t)r->text_length));
	if (!bad)
		bad = f ? json_object_set(o, "fields", f) : json_object_set_new(o, "fields", json_object());
	if (!bad)
		bad = json_object_set_new(o, "members", members_listing(r->members));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The bytes TEXT[0..len) takes in JSON (as bounded_text counts them). */
static size_t json_cost(const char *text, size_t len)
{
	size_t cost = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		cost += c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' ? 2
			: c < 0x20 ? 6 : 1;
	}
	return cost;
}

iio_status iio_record_json(char **out, const iio_record_view *r)
{
	const char *text;
	size_t len, have;
	json_t *o;

	if (!out || !r)
		return IIO_ERR_ARGUMENT;
	text = member(r->rec, "text");
	have = text ? strlen(text) : 0;
	if (!(o = record_object(r, have)))
		return IIO_ERR_NOMEM;
	*out = json_dumps(o, JSON_INDENT(0) | JSON_COMPACT);
	json_decref(o);
	if (*out && (len = strlen(*out)) > IIO_MAX_RECORD_JSON && have) {
		/* A long title, many fields or members besides the text: the
		 * text gives way, so that the answer stays within its bound. */
		size_t cost = json_cost(text, have), excess = len - IIO_MAX_RECORD_JSON + 64;
		free(*out);
		*out = NULL;
		if ((o = record_object(r, bounded_text(text, have, cost > excess ? cost - excess : 0)))) {
			*out = json_dumps(o, JSON_INDENT(0) | JSON_COMPACT);
			json_decref(o);
		}
	}
	return *out ? IIO_OK : IIO_ERR_NOMEM;
}
