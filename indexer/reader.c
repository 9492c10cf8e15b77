/* reader.c - the corpus: which files are records (the manifest, or a walk
 * of the directory), and the dispatch of each to its format's reader; the
 * JSON Lines and CSV readers. (Text, Markdown and HTML are textdoc.c's, PDF
 * pdfdoc.c's; what every reader shares, the validation of the fields all
 * record types share included, is records.c's.)
 *
 * Every rejected record is reported through ops->error with file, line and
 * field; a good record goes to ops->record.
 */
#define _GNU_SOURCE
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zlib.h>


static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* Take string member KEY of OBJ into *DST; complain if it is not a string. */
static int take_string(json_t *obj, const char *key, char **dst, iio_record *rec,
		       const iio_reader_ops *ops, void *ctx)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		ops->error(ctx, rec->source, rec->line, key, "must be a string");
		return -1;
	}
	free(*dst);
	*dst = strdup(json_string_value(v));
	return *dst ? 0 : -1;
}

/* The next line of BUF at *POS (without its newline), or NULL at the end. */
static char *next_line(char *buf, size_t len, size_t *pos, size_t *linelen)
{
	char *line, *nl;
	if (*pos >= len)
		return NULL;
	line = buf + *pos;
	nl = memchr(line, '\n', len - *pos);
	*linelen = nl ? (size_t)(nl - line) : len - *pos;
	*pos += *linelen + 1;
	return line;
}

/* A record file FULL read whole into a new string (*LEN bytes, *TRUNCATED
 * when a .gz stream broke off); NULL after saying why it cannot be. */
static char *read_records(const char *full, const char *relpath, size_t *len, int *truncated,
			  const iio_reader_ops *ops, void *ctx)
{
	char *buf = iio_read_source(full, len, truncated);
	if (!buf) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot read: %s", iio_read_strerror(errno));
		ops->error(ctx, relpath, 0, NULL, msg);
	}
	return buf;
}

/* REC handed on, of DEFAULT_TYPE when it names none. */
static int emit_typed(iio_record *rec, const char *default_type, const iio_reader_ops *ops, void *ctx)
{
	if (!rec->type)
		rec->type = strdup(default_type);
	return iio_emit_record(rec, ops, ctx);
}

/* The end of a record file read into BUF: where a broken .gz stream cut it
 * off (at LINENO) said, BUF freed. Returns RC. */
static int end_records(char *buf, int truncated, const char *relpath, long lineno, const iio_reader_ops *ops,
		       void *ctx, int rc)
{
	if (truncated)
		ops->error(ctx, relpath, lineno, NULL,
			   "compressed data is truncated or corrupt here; the records after this point could not be read");
	free(buf);
	return rc;
}

/* One JSON object per line. Keys id, type, title, text (or body), url are
 * the record; every other key is a typed field. */
static int read_jsonl(const char *full, const char *relpath, const char *default_type,
		      const iio_reader_ops *ops, void *ctx)
{
	size_t len = 0, pos = 0, n;
	int truncated, rc = 0;
	long lineno = 0;
	char *buf = read_records(full, relpath, &len, &truncated, ops, ctx), *line;

	if (!buf)
		return -1;
	while (rc == 0 && (line = next_line(buf, len, &pos, &n))) {
		iio_record rec = {0};
		json_error_t jerr;
		json_t *obj, *val;
		const char *key;
		char msg[300];

		lineno++;
		rec.source = relpath;
		rec.line = lineno;
		if (truncated && pos >= len)
			break; /* the last, partial line of a broken stream */
		if (strspn(line, " \t\r") >= n)
			continue;
		if (memchr(line, '\0', n)) {
			ops->error(ctx, relpath, lineno, NULL, "NUL byte in line");
			continue;
		}
		obj = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr);
		if (!obj) {
			snprintf(msg, sizeof msg, "invalid JSON at column %d: %s", jerr.column, jerr.text);
			ops->error(ctx, relpath, lineno, NULL, msg);
			continue;
		}
		if (!json_is_object(obj)) {
			ops->error(ctx, relpath, lineno, NULL, "expected a JSON object");
			json_decref(obj);
			continue;
		}
		if (json_object_get(obj, "text") && json_object_get(obj, "body")) {
			ops->error(ctx, relpath, lineno, "body", "give either 'text' or its alias 'body', not both");
			json_decref(obj);
			continue;
		}
		rec.fields = json_object();
		if (!rec.fields || take_string(obj, "id", &rec.id, &rec, ops, ctx) ||
		    take_string(obj, "type", &rec.type, &rec, ops, ctx) ||
		    take_string(obj, "title", &rec.title, &rec, ops, ctx) ||
		    take_string(obj, "text", &rec.text, &rec, ops, ctx) ||
		    take_string(obj, "body", &rec.text, &rec, ops, ctx) ||
		    take_string(obj, "url", &rec.url, &rec, ops, ctx)) {
			iio_record_clear(&rec);
			json_decref(obj);
			continue;
		}
		json_object_foreach(obj, key, val) {
			if (strcmp(key, "id") && strcmp(key, "type") && strcmp(key, "title") &&
			    strcmp(key, "text") && strcmp(key, "body") && strcmp(key, "url") && !json_is_null(val))
				json_object_set(rec.fields, key, val);
		}
		json_decref(obj);
		rc = emit_typed(&rec, default_type, ops, ctx);
	}
	return end_records(buf, truncated, relpath, lineno, ops, ctx, rc);
}

/* Split one CSV record (RFC 4180: quoted fields, "" inside quotes, newlines
 * inside quotes) starting at *POS. Fields are written NUL-terminated into
 * BUF in place (quotes removed); *NF gets the count. Returns 0, 1 at the end
 * of input, -1 for an unclosed quote. *LINES counts newlines consumed; *NUL
 * is set when the record holds a NUL byte (it would cut its field short). */
static int csv_record(char *buf, size_t len, size_t *pos, char **fields, size_t max, size_t *nf, long *lines,
		      int *nul)
{
	size_t i = *pos, o;
	*nf = 0;
	*nul = 0;
	if (i >= len)
		return 1;
	for (;;) {
		char *field = buf + i;
		o = i;
		if (i < len && buf[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					return -1;
				if (buf[i] == '"') {
					if (i + 1 < len && buf[i + 1] == '"') {
						buf[o++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (buf[i] == '\n')
					(*lines)++;
				*nul |= buf[i] == '\0';
				buf[o++] = buf[i++];
			}
			while (i < len && buf[i] != ',' && buf[i] != '\n')
				i++; /* junk after the closing quote is dropped */
		} else {
			while (i < len && buf[i] != ',' && buf[i] != '\n') {
				*nul |= buf[i] == '\0';
				buf[o++] = buf[i++];
			}
		}
		if (o > (size_t)(field - buf) && buf[o - 1] == '\r')
			o--;
		if (*nf < max)
			fields[(*nf)++] = field;
		if (i >= len || buf[i] == '\n') {
			buf[o] = '\0';
			if (i < len)
				(*lines)++;
			*pos = i + 1;
			return 0;
		}
		buf[o] = '\0';
		i++; /* the comma */
	}
}

#define CSV_MAX_COLUMNS 64

/* A spreadsheet export: the first row names the columns (the record keys
 * of JSON Lines: id, type, title, text or body, url, and typed fields). */
static int read_csv(const char *full, const char *relpath, const char *default_type,
		    const iio_reader_ops *ops, void *ctx)
{
	size_t len = 0, pos = 0, ncols = 0, nf;
	int truncated, rc = 0, r, nul;
	long line = 1, start;
	char *buf = read_records(full, relpath, &len, &truncated, ops, ctx), *header[CSV_MAX_COLUMNS],
	     *cells[CSV_MAX_COLUMNS];

	if (!buf)
		return -1;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		pos = 3; /* a spreadsheet's byte order mark */
	r = csv_record(buf, len, &pos, header, CSV_MAX_COLUMNS, &ncols, &line, &nul);
	if (r != 0 || ncols == 0 || nul) {
		ops->error(ctx, relpath, 1, NULL, "no header row naming the columns");
		free(buf);
		return 0;
	}
	for (size_t c = 0; c < ncols; c++)
		if (iio_invalid_utf8_at(header[c], strlen(header[c])) >= 0) {
			ops->error(ctx, relpath, 1, NULL, "the header row is not valid UTF-8; the file was not read");
			free(buf);
			return 0;
		}
	for (size_t c = 0; c < ncols; c++)
		header[c] = iio_trim(header[c]);
	while (rc == 0) {
		iio_record rec = {0};
		int failed = 0;
		start = line;
		r = csv_record(buf, len, &pos, cells, CSV_MAX_COLUMNS, &nf, &line, &nul);
		if (r == 1)
			break;
		if (r < 0) {
			ops->error(ctx, relpath, start, NULL, "a quoted field is never closed; the rest of the file was not read");
			break;
		}
		if (truncated && pos >= len)
			break; /* the partial last row of a broken stream */
		if (nf == 1 && !*cells[0])
			continue; /* blank line */
		rec.source = relpath;
		rec.line = start;
		if (nf != ncols) {
			char msg[96];
			snprintf(msg, sizeof msg, "has %zu fields, the header has %zu", nf, ncols);
			ops->error(ctx, relpath, start, NULL, msg);
			continue;
		}
		/* A bad row is reported and skipped (its record keeps its last
		 * version); the rows after it are read. */
		if (nul) {
			ops->error(ctx, relpath, start, NULL, "NUL byte in the row; the row was skipped");
			continue;
		}
		for (size_t c = 0; c < ncols && !failed; c++)
			if (iio_invalid_utf8_at(cells[c], strlen(cells[c])) >= 0) {
				ops->error(ctx, relpath, start, header[c], "value is not valid UTF-8; the row was skipped");
				failed = 1;
			}
		if (failed)
			continue;
		rec.fields = json_object();
		if (!rec.fields)
			break;
		for (size_t c = 0; c < ncols && !failed; c++)
			if (*iio_trim(cells[c]))
				failed = iio_record_set(&rec, header[c], iio_trim(cells[c]), start, ops, ctx) != 0;
		if (failed) {
			iio_record_clear(&rec);
			continue;
		}
		rc = emit_typed(&rec, default_type, ops, ctx);
	}
	return end_records(buf, truncated, relpath, line, ops, ctx, rc);
}

const char *iio_reader_for(const char *path)
{
	static const struct {
		const char *ext, *reader;
	} map[] = {
		{".txt", "text"}, {".md", "text"}, {".html", "html"}, {".htm", "html"},
		{".jsonl", "jsonl"}, {".csv", "csv"}, {".pdf", "pdf"},
	};
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);

	if (ends_with(base, ".gz"))
		n -= 3;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		size_t m = strlen(map[i].ext);
		if (n > m && !strncmp(base + n - m, map[i].ext, m))
			return map[i].reader;
	}
	return NULL;
}

/* A format reader's 0, -1 (the file not read, said) or the record
 * callback's non-zero value as a status. */
static iio_ix_status read_status(int rc)
{
	return rc < 0 ? IIO_IX_IO : rc ? IIO_IX_STOPPED : IIO_IX_OK;
}

iio_ix_status iio_read_file(const char *corpus_dir, const char *relpath, const char *reader,
			    const char *default_type, const iio_reader_ops *ops, void *ctx)
{
	char *full;
	int rc;

	if (!strcmp(reader, "auto"))
		reader = iio_reader_for(relpath);
	if (!reader) {
		ops->error(ctx, relpath, 0, NULL, "no reader for this kind of file");
		return IIO_IX_IO;
	}
	if (asprintf(&full, "%s/%s", corpus_dir, relpath) < 0) {
		ops->error(ctx, relpath, 0, NULL, "out of memory");
		return IIO_IX_IO;
	}
	{
		/* What a symbolic link leads out of the corpus to (/etc, a
		 * home directory) is not the corpus's to publish. */
		char *target = NULL;
		if (!ops->follow_links && iio_inside_corpus(full, relpath, &target) == 0) {
			char msg[600];
			snprintf(msg, sizeof msg,
				 "a symbolic link to %.500s, outside the corpus: not followed (--follow-links reads it)",
				 target);
			ops->error(ctx, relpath, 0, NULL, msg);
			free(target);
			free(full);
			return IIO_IX_IO;
		}
	}
	{
		/* Regular files only: opening a FIFO would wait for a writer
		 * forever, with the lock held. */
		struct stat st;
		if (stat(full, &st) == 0 && !S_ISREG(st.st_mode)) {
			ops->error(ctx, relpath, 0, NULL,
				   S_ISFIFO(st.st_mode) ? "a FIFO, not a regular file; skipped"
				   : S_ISDIR(st.st_mode) ? "a directory, not a regular file; skipped"
							: "not a regular file (a device or socket); skipped");
			free(full);
			return IIO_IX_IO;
		}
	}
	if (!strcmp(reader, "text") || !strcmp(reader, "html"))
		rc = iio_read_textdoc(full, relpath, !strcmp(reader, "html"), default_type, ops, ctx);
	else if (!strcmp(reader, "jsonl"))
		rc = read_jsonl(full, relpath, default_type, ops, ctx);
	else if (!strcmp(reader, "csv"))
		rc = read_csv(full, relpath, default_type, ops, ctx);
	else if (!strcmp(reader, "pdf"))
		rc = iio_read_pdf(full, relpath, default_type, ops, ctx);
	else {
		ops->error(ctx, relpath, 0, NULL, "unknown reader");
		rc = -1;
	}
	free(full);
	return read_status(rc);
}

/* ---- the list of sources ---- */

typedef struct source_list {
	iio_source *v;
	size_t n, cap;
} source_list;

static int add_source(source_list *l, const char *path, const char *reader, const char *type)
{
	iio_source *s;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		iio_source *nv = realloc(l->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		l->v = nv;
		l->cap = cap;
	}
	s = &l->v[l->n];
	s->path = strdup(path);
	s->reader = strdup(reader);
	s->type = strdup(type);
	if (!s->path || !s->reader || !s->type) {
		free(s->path);
		free(s->reader);
		free(s->type);
		return -1;
	}
	l->n++;
	return 0;
}

void iio_sources_free(iio_source *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].path);
		free(s[i].reader);
		free(s[i].type);
	}
	free(s);
}

/* sources.conf: one line per glob, "PATTERN READER TYPE"; '#' comments. */
static int read_manifest(const char *corpus_dir, const char *conf, source_list *l,
			 const iio_reader_ops *ops, void *ctx)
{
	FILE *f = fopen(conf, "r");
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int rc = 0;
	size_t dirlen = strlen(corpus_dir);

	if (!f) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
		ops->error(ctx, "sources.conf", 0, NULL, msg);
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		char pat[1024], reader[64], type[64], extra[2], *full;
		glob_t g;
		int fields, grc;

		lineno++;
		if (*iio_trim(line) == '\0' || *iio_trim(line) == '#')
			continue;
		fields = sscanf(line, "%1023s %63s %63s %1s", pat, reader, type, extra);
		if (fields != 3) {
			ops->error(ctx, "sources.conf", lineno, NULL, "expected 'PATTERN READER TYPE'");
			rc = -1;
			continue;
		}
		if (strcmp(reader, "auto") && strcmp(reader, "text") && strcmp(reader, "html") &&
		    strcmp(reader, "jsonl") && strcmp(reader, "csv") && strcmp(reader, "pdf")) {
			ops->error(ctx, "sources.conf", lineno, "reader", "unknown reader (auto, text, html, jsonl, csv, pdf)");
			rc = -1;
			continue;
		}
		if (asprintf(&full, "%s/%s", corpus_dir, pat) < 0) {
			rc = -1;
			break;
		}
		grc = glob(full, 0, NULL, &g);
		free(full);
		if (grc == GLOB_NOMATCH) {
			/* A wildcard over a directory that exists may match nothing
			 * yet (documents/ before its first PDF arrives); a name
			 * or a directory that is not there is a mistake. */
			const char *slash = strrchr(pat, '/');
			char *dir = NULL;
			struct stat st;
			int empty_ok = strpbrk(slash ? slash : pat, "*?[") && !(slash && strpbrk(pat, "*?[") < slash) &&
				       asprintf(&dir, "%s/%.*s", corpus_dir, slash ? (int)(slash - pat) : 0, pat) >= 0 &&
				       stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
			free(dir);
			if (!empty_ok) {
				ops->error(ctx, "sources.conf", lineno, NULL, "pattern matches no file");
				rc = -1;
			}
			continue;
		}
		if (grc) {
			ops->error(ctx, "sources.conf", lineno, NULL, "cannot expand pattern");
			rc = -1;
			continue;
		}
		for (size_t i = 0; i < g.gl_pathc; i++)
			if (add_source(l, g.gl_pathv[i] + dirlen + 1, reader, type)) {
				rc = -1;
				break;
			}
		globfree(&g);
	}
	free(line);
	fclose(f);
	return rc;
}

/* The walk of a corpus without a manifest: every file under DIR whose
 * reader is known, its path relative to the corpus (REL, "" at the top).
 * A link to a file is read as the file (an export linked into the corpus);
 * links to directories are not followed (no loops); the depth is bounded.
 * Returns 0, or -1 with errno set. */
#define WALK_MAX_DEPTH 64
static int walk_dir(source_list *l, const char *dir, const char *rel, int depth)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;
	if (depth > WALK_MAX_DEPTH)
		return 0;
	if (!(d = opendir(dir)))
		return -1;
	while (!rc && (errno = 0, e = readdir(d))) {
		char *path = NULL, *sub = NULL;
		struct stat st;
		const char *reader;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0 ||
		    asprintf(&sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name) < 0) {
			free(path);
			rc = -1;
			break;
		}
		if (lstat(path, &st) != 0) {
			/* gone while the walk ran */
		} else if (S_ISDIR(st.st_mode)) {
			rc = walk_dir(l, path, sub, depth + 1);
		} else if (S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode))) {
			reader = iio_reader_for(sub);
			if (reader && add_source(l, sub, reader, "document"))
				rc = -1;
		}
		free(path);
		free(sub);
	}
	if (!rc && errno)
		rc = -1;
	closedir(d);
	return rc;
}

static int cmp_source(const void *a, const void *b)
{
	return strcmp(((const iio_source *)a)->path, ((const iio_source *)b)->path);
}

iio_ix_status iio_list_sources(const char *corpus_dir, const iio_reader_ops *ops, void *ctx,
			       iio_source **out, size_t *n)
{
	source_list l = {0};
	char *conf;
	FILE *probe;
	int rc;

	*out = NULL;
	*n = 0;
	if (asprintf(&conf, "%s/sources.conf", corpus_dir) < 0)
		return IIO_IX_NOMEM;
	probe = fopen(conf, "r");
	if (probe) {
		fclose(probe);
		rc = read_manifest(corpus_dir, conf, &l, ops, ctx);
	} else {
		/* The corpus may be a symbolic link to its directory (the walk
		 * itself follows none inside it). */
		char *real = realpath(corpus_dir, NULL);
		const char *top = real ? real : corpus_dir;
		rc = walk_dir(&l, top, "", 0);
		free(real);
		if (rc) {
			char msg[300];
			snprintf(msg, sizeof msg, "cannot list the corpus: %s", strerror(errno));
			ops->error(ctx, corpus_dir, 0, NULL, msg);
		}
		if (l.n > 1)
			qsort(l.v, l.n, sizeof *l.v, cmp_source);
	}
	free(conf);
	*out = l.v;
	*n = l.n;
	return rc ? IIO_IX_IO : IIO_IX_OK;
}
