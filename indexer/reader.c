/* reader.c - corpus readers: text/Markdown with front matter, JSON Lines,
 * and the manifest that says which files are records.
 *
 * Every rejected record is reported through ops->error with file, line and
 * field; a good record goes to ops->record. Validation of the fields that all
 * record types share lives here too, so every reader applies the same rules.
 */
#define _GNU_SOURCE
#include "record.h"

#include <errno.h>
#include <ftw.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void iio_record_clear(iio_record *rec)
{
	free(rec->id);
	free(rec->type);
	free(rec->title);
	free(rec->text);
	free(rec->url);
	json_decref(rec->fields);
	memset(rec, 0, sizeof *rec);
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Byte offset of the first invalid UTF-8 sequence, or -1 when valid. */
static long invalid_utf8_at(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n < 0)
			return (long)i;
		i += (size_t)n;
	}
	return -1;
}

static long line_of_offset(const char *s, long off)
{
	long line = 1;
	for (long i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

static int valid_id(const char *id)
{
	if (!*id)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		      *p == '-'))
			return 0;
	return 1;
}

/* Fields that must be integers; "year_end" spans years with "year". */
static int is_integer_field(const char *key)
{
	return !strcmp(key, "year") || !strcmp(key, "year_end") || !strcmp(key, "duration");
}

/* Check the shared rules; report the first violation. 0 = good. */
static int validate(const iio_record *rec, const iio_reader_ops *ops, void *ctx)
{
	const char *key;
	json_t *val;
	char msg[256];

	if (!rec->id || !*rec->id) {
		ops->error(ctx, rec->source, rec->line, "id", "missing");
		return -1;
	}
	if (!valid_id(rec->id)) {
		snprintf(msg, sizeof msg, "'%.80s' is not a valid id (use a-z, 0-9, '.', '_', '-')", rec->id);
		ops->error(ctx, rec->source, rec->line, "id", msg);
		return -1;
	}
	if (!rec->title || !*rec->title) {
		ops->error(ctx, rec->source, rec->line, "title", "missing or empty");
		return -1;
	}
	if (!rec->text) {
		ops->error(ctx, rec->source, rec->line, "text", "missing (give 'text' or 'body')");
		return -1;
	}
	if (!rec->type || !valid_id(rec->type)) {
		ops->error(ctx, rec->source, rec->line, "type", "missing or not a lowercase word");
		return -1;
	}
	json_object_foreach(rec->fields, key, val) {
		if (is_integer_field(key) && !json_is_integer(val)) {
			ops->error(ctx, rec->source, rec->line, key, "must be an integer");
			return -1;
		}
		if (!strcmp(key, "level") &&
		    !(json_is_string(val) && (!strcmp(json_string_value(val), "po") ||
					      !strcmp(json_string_value(val), "vo")))) {
			ops->error(ctx, rec->source, rec->line, key, "must be \"po\" or \"vo\"");
			return -1;
		}
		if (!strcmp(key, "keywords")) {
			size_t i;
			json_t *k;
			if (!json_is_array(val)) {
				ops->error(ctx, rec->source, rec->line, key, "must be a list of strings");
				return -1;
			}
			json_array_foreach(val, i, k) if (!json_is_string(k))
			{
				ops->error(ctx, rec->source, rec->line, key, "must be a list of strings");
				return -1;
			}
		}
	}
	return 0;
}

/* Hand a finished record over, after validation. */
static int emit(iio_record *rec, const iio_reader_ops *ops, void *ctx)
{
	int rc = 0;
	if (validate(rec, ops, ctx) == 0)
		rc = ops->record(ctx, rec);
	iio_record_clear(rec);
	return rc;
}

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	for (;;) {
		size_t r;
		if (n + 65536 + 1 > cap) {
			char *nb;
			cap = (n + 65536 + 1) * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		free(buf);
		fclose(f);
		errno = e;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Set one "key: value" metadata pair (front matter or sidecar). */
static int set_meta(iio_record *rec, const char *key, const char *value, long line,
		    const iio_reader_ops *ops, void *ctx)
{
	char **slot = NULL;
	json_t *v;

	if (!strcmp(key, "id"))
		slot = &rec->id;
	else if (!strcmp(key, "type"))
		slot = &rec->type;
	else if (!strcmp(key, "title"))
		slot = &rec->title;
	else if (!strcmp(key, "url"))
		slot = &rec->url;
	if (slot) {
		free(*slot);
		*slot = strdup(value);
		return *slot ? 0 : -1;
	}
	if (is_integer_field(key)) {
		char *end;
		long long n = strtoll(value, &end, 10);
		if (!*value || *end) {
			ops->error(ctx, rec->source, line, key, "must be an integer");
			return -1;
		}
		v = json_integer(n);
	} else if (!strcmp(key, "keywords")) {
		/* keywords: a, b, c   (or [a, b, c]) */
		char *copy = strdup(value), *p, *tok, *save = NULL;
		if (!copy)
			return -1;
		p = copy;
		if (*p == '[') {
			p++;
			if (*p && p[strlen(p) - 1] == ']')
				p[strlen(p) - 1] = '\0';
		}
		v = json_array();
		for (tok = strtok_r(p, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (*trim(tok))
				json_array_append_new(v, json_string(trim(tok)));
		free(copy);
	} else {
		v = json_string(value);
	}
	if (!v) {
		ops->error(ctx, rec->source, line, key, "value is not valid UTF-8");
		return -1;
	}
	json_object_set_new(rec->fields, key, v);
	return 0;
}

/* Parse "key: value" lines of BUF[0..len) starting at line FIRST_LINE. */
static int parse_meta_lines(iio_record *rec, char *buf, long first_line, const iio_reader_ops *ops,
			    void *ctx)
{
	long line = first_line;
	char *save = NULL;
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save), line++) {
		char *colon, *t = trim(l);
		if (!*t || *t == '#')
			continue;
		colon = strchr(t, ':');
		if (!colon) {
			ops->error(ctx, rec->source, line, NULL, "expected 'key: value'");
			return -1;
		}
		*colon = '\0';
		if (set_meta(rec, trim(t), trim(colon + 1), line, ops, ctx))
			return -1;
	}
	return 0;
}

/* The id a file gets when nothing names one: its base name without
 * extension, lowercased, other characters turned into '-'. */
static char *id_from_path(const char *relpath)
{
	const char *base = strrchr(relpath, '/');
	const char *dot;
	char *id;
	base = base ? base + 1 : relpath;
	dot = strchr(base, '.');
	id = dup_n(base, dot ? (size_t)(dot - base) : strlen(base));
	if (!id)
		return NULL;
	for (char *p = id; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
			   *p == '-'))
			*p = '-';
	}
	return id;
}

/* A text or Markdown file is one record. Metadata comes from a front-matter
 * block ("---" lines) at the top and/or a sidecar file NAME.meta beside it (so
 * source files can stay exactly as they arrived); the title defaults to the
 * first non-empty line, the id to the file name. */
static int read_text(const char *full, const char *relpath, const char *default_type,
		     const iio_reader_ops *ops, void *ctx)
{
	iio_record rec = {0};
	size_t len = 0, body_off = 0;
	long bad;
	char *buf = read_whole(full, &len);
	char *meta_path;

	rec.source = relpath;
	rec.line = 1;
	if (!buf) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
		ops->error(ctx, relpath, 0, NULL, msg);
		return -1;
	}
	if ((bad = invalid_utf8_at(buf, len)) >= 0) {
		char msg[64];
		snprintf(msg, sizeof msg, "invalid UTF-8 at byte %ld", bad);
		ops->error(ctx, relpath, line_of_offset(buf, bad), NULL, msg);
		free(buf);
		return 0;
	}
	rec.fields = json_object();
	if (!rec.fields)
		goto oom;
	if (!strncmp(buf, "---\n", 4)) {
		char *end = strstr(buf + 4, "\n---");
		if (!end) {
			ops->error(ctx, relpath, 1, NULL, "front matter opened with '---' is never closed");
			goto rejected;
		}
		*end = '\0';
		body_off = (size_t)(end - buf) + 4;
		while (body_off < len && buf[body_off] != '\n')
			body_off++;
		if (body_off < len)
			body_off++;
		if (parse_meta_lines(&rec, buf + 4, 2, ops, ctx))
			goto rejected;
	}
	if (asprintf(&meta_path, "%s.meta", full) < 0)
		goto oom;
	{
		size_t mlen;
		char *meta = read_whole(meta_path, &mlen);
		free(meta_path);
		if (meta) {
			char *sidecar;
			int rc;
			if (asprintf(&sidecar, "%s.meta", relpath) < 0) {
				free(meta);
				goto oom;
			}
			rec.source = sidecar;
			rc = parse_meta_lines(&rec, meta, 1, ops, ctx);
			rec.source = relpath;
			free(sidecar);
			free(meta);
			if (rc)
				goto rejected;
		}
	}
	rec.text = strdup(buf + body_off);
	if (!rec.text)
		goto oom;
	if (!rec.title) {
		char *copy = strdup(rec.text), *save = NULL;
		if (!copy)
			goto oom;
		for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			if (*trim(l)) {
				rec.title = strdup(trim(l));
				break;
			}
		free(copy);
	}
	if (!rec.id && !(rec.id = id_from_path(relpath)))
		goto oom;
	if (!rec.type && !(rec.type = strdup(default_type)))
		goto oom;
	free(buf);
	return emit(&rec, ops, ctx);
oom:
	ops->error(ctx, relpath, 0, NULL, "out of memory");
rejected:
	iio_record_clear(&rec);
	free(buf);
	return 0;
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

/* One JSON object per line. Keys id, type, title, text (or body), url are
 * the record; every other key is a typed field. */
static int read_jsonl(const char *full, const char *relpath, const char *default_type,
		      const iio_reader_ops *ops, void *ctx)
{
	FILE *f = fopen(full, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int rc = 0;

	if (!f) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
		ops->error(ctx, relpath, 0, NULL, msg);
		return -1;
	}
	while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
		iio_record rec = {0};
		json_error_t jerr;
		json_t *obj, *val;
		const char *key;
		char msg[300];

		lineno++;
		rec.source = relpath;
		rec.line = lineno;
		if (strspn(line, " \t\r\n") == (size_t)n)
			continue;
		if (memchr(line, '\0', (size_t)n)) {
			ops->error(ctx, relpath, lineno, NULL, "NUL byte in line");
			continue;
		}
		obj = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
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
		if (!rec.type)
			rec.type = strdup(default_type);
		rc = emit(&rec, ops, ctx);
	}
	if (ferror(f)) {
		ops->error(ctx, relpath, lineno + 1, NULL, "read error; the rest of the file was not read");
	}
	free(line);
	fclose(f);
	return rc;
}

const char *iio_reader_for(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return NULL;
	if (!strcmp(dot, ".txt") || !strcmp(dot, ".md"))
		return "text";
	if (!strcmp(dot, ".jsonl"))
		return "jsonl";
	return NULL;
}

int iio_read_file(const char *corpus_dir, const char *relpath, const char *reader,
		  const char *default_type, const iio_reader_ops *ops, void *ctx)
{
	char *full;
	int rc;

	if (!strcmp(reader, "auto"))
		reader = iio_reader_for(relpath);
	if (!reader) {
		ops->error(ctx, relpath, 0, NULL, "no reader for this kind of file");
		return -1;
	}
	if (asprintf(&full, "%s/%s", corpus_dir, relpath) < 0) {
		ops->error(ctx, relpath, 0, NULL, "out of memory");
		return -1;
	}
	if (!strcmp(reader, "text"))
		rc = read_text(full, relpath, default_type, ops, ctx);
	else if (!strcmp(reader, "jsonl"))
		rc = read_jsonl(full, relpath, default_type, ops, ctx);
	else {
		ops->error(ctx, relpath, 0, NULL, "unknown reader");
		rc = -1;
	}
	free(full);
	return rc;
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
		if (*trim(line) == '\0' || *trim(line) == '#')
			continue;
		fields = sscanf(line, "%1023s %63s %63s %1s", pat, reader, type, extra);
		if (fields != 3) {
			ops->error(ctx, "sources.conf", lineno, NULL, "expected 'PATTERN READER TYPE'");
			rc = -1;
			continue;
		}
		if (strcmp(reader, "auto") && strcmp(reader, "text") && strcmp(reader, "jsonl")) {
			ops->error(ctx, "sources.conf", lineno, "reader", "unknown reader (auto, text, jsonl)");
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
			ops->error(ctx, "sources.conf", lineno, NULL, "pattern matches no file");
			rc = -1;
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

/* nftw gives no user pointer; the walk is single-threaded and short, in the
 * indexer only (not library code), so the target list travels in a static. */
static source_list *walk_list;
static size_t walk_dirlen;

static int walk_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *rel = path + walk_dirlen + 1;
	const char *reader;
	(void)st;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	reader = iio_reader_for(rel);
	if (reader && add_source(walk_list, rel, reader, "document"))
		return -1;
	return 0;
}

static int cmp_source(const void *a, const void *b)
{
	return strcmp(((const iio_source *)a)->path, ((const iio_source *)b)->path);
}

int iio_list_sources(const char *corpus_dir, const iio_reader_ops *ops, void *ctx,
		     iio_source **out, size_t *n)
{
	source_list l = {0};
	char *conf;
	FILE *probe;
	int rc;

	if (asprintf(&conf, "%s/sources.conf", corpus_dir) < 0)
		return -1;
	probe = fopen(conf, "r");
	if (probe) {
		fclose(probe);
		rc = read_manifest(corpus_dir, conf, &l, ops, ctx);
	} else {
		walk_list = &l;
		walk_dirlen = strlen(corpus_dir);
		rc = nftw(corpus_dir, walk_one, 16, FTW_PHYS);
		walk_list = NULL;
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
	return rc;
}
