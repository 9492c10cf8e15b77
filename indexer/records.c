/* records.c - what every format reader shares (record.h): a record's
 * fields set and checked the same way for every reader (the validation of
 * the fields all record types share), a good record handed on, a warning
 * said, a source file opened and read within bounds. The format readers
 * (reader.c's JSON Lines and CSV, textdoc.c, pdfdoc.c) call these; the
 * dispatcher (reader.c) calls the readers, never the other way round.
 */
#define _GNU_SOURCE
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zlib.h>

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

void iio_warn(const iio_reader_ops *ops, void *ctx, const char *source, long line, const char *field,
	      const char *msg)
{
	if (ops->warn)
		ops->warn(ctx, source, line, field, msg);
}

char *iio_trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

long iio_invalid_utf8_at(const char *s, size_t len)
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

long iio_line_of_offset(const char *s, long off)
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
	const iio_record_field_def *f = iio_record_field_named(key);
	return f && f->integer;
}

static int valid_stream(const char *s)
{
	static const char *const streams[] = {"vmbo-b", "vmbo-k", "vmbo-gt", "havo", "vwo"};
	if (!s)
		return 0;
	for (size_t i = 0; i < sizeof streams / sizeof streams[0]; i++)
		if (!strcmp(s, streams[i]))
			return 1;
	return !strncmp(s, "groep-", 6) && s[6] >= '1' && s[6] <= '8' && !s[7];
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
	if (strspn(rec->id, ".") == strlen(rec->id)) {
		/* A record's page is /doc/ID: a browser reads /doc/.. as /. */
		snprintf(msg, sizeof msg, "'%.80s' is not a valid id (dots alone name a directory in a URL)", rec->id);
		ops->error(ctx, rec->source, rec->line, "id", msg);
		return -1;
	}
	if (strlen(rec->id) > IIO_MAX_ID_BYTES) {
		snprintf(msg, sizeof msg, "'%.40s...' is %zu bytes long; the limit is %d", rec->id, strlen(rec->id),
			 IIO_MAX_ID_BYTES);
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
		if (!strcmp(key, "stream") && !valid_stream(json_string_value(val))) {
			ops->error(ctx, rec->source, rec->line, key,
				   "must be vmbo-b, vmbo-k, vmbo-gt, havo, vwo or groep-1 ... groep-8");
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

/* REC's province: the one it gives, spelt as iio_provinces has it; else
 * its place's, from the places table; a place the table lacks is said
 * once a run (the table remembers), never guessed. 0; -1 after reporting
 * a province that is none, or when out of memory. */
static int derive_province(iio_record *rec, const iio_reader_ops *ops, void *ctx)
{
	json_t *given = json_object_get(rec->fields, "province");
	const char *place = json_string_value(json_object_get(rec->fields, "place")), *province = NULL;
	char msg[512];
	if (given) {
		char *folded = json_is_string(given) ? iio_place_fold(json_string_value(given)) : NULL;
		province = folded ? iio_province_named(folded, strlen(folded)) : NULL;
		free(folded);
		if (!province) {
			ops->error(ctx, rec->source, rec->line, "province",
				   "must be one of the twelve provinces (Groningen, Friesland, ..., Limburg)");
			return -1;
		}
	} else if (place && ops->places && !(province = iio_places_province(ops->places, place))) {
		int first = iio_places_note_unknown(ops->places, place);
		if (first < 0) {
			ops->error(ctx, rec->source, rec->line, "place", "out of memory");
			return -1;
		}
		if (first) {
			snprintf(msg, sizeof msg,
				 "'%.200s' is not in the places table (indexer/lexicon/places.tsv): records there are "
				 "indexed without a province (said once, at the first)",
				 place);
			iio_warn(ops, ctx, rec->source, rec->line, "place", msg);
		}
	}
	return province ? json_object_set_new(rec->fields, "province", json_string(province)) : 0;
}

int iio_emit_record(iio_record *rec, const iio_reader_ops *ops, void *ctx)
{
	int rc = 0;
	if (validate(rec, ops, ctx) == 0 && derive_province(rec, ops, ctx) == 0)
		rc = ops->record(ctx, rec);
	iio_record_clear(rec);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

int iio_open_regular(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY), flags;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : ENODEV;
		return -1;
	}
	/* Reads of a regular file never block; clear the flag all the same,
	 * so a library reading the descriptor sees an ordinary one. */
	flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

int iio_inside_corpus(const char *full, const char *relpath, char **target)
{
	size_t fl = strlen(full), rl = strlen(relpath), tl;
	char *top = fl > rl + 1 ? strndup(full, fl - rl - 1) : strdup("/");
	char *real_top = top ? realpath(top, NULL) : NULL, *real = NULL;
	int rc = -1, e;
	*target = NULL;
	if (real_top && (real = realpath(full, NULL))) {
		tl = strlen(real_top);
		rc = !strncmp(real, real_top, tl) && (real[tl] == '/' || (tl == 1 && real_top[0] == '/'));
		if (!rc) {
			*target = real;
			real = NULL;
		}
	}
	e = errno;
	free(top);
	free(real_top);
	free(real);
	errno = e;
	return rc;
}

char *iio_read_source(const char *path, size_t *len, int *truncated)
{
	gzFile f;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int gz = ends_with(path, ".gz"), fd;

	*truncated = 0;
	/* A regular file only, opened without waiting: a FIFO would block
	 * the run (holding the index lock) until someone writes to it. */
	if ((fd = iio_open_regular(path)) < 0)
		return NULL;
	/* gzdopen reads plain files as they are too; "rb" without transparent
	 * mode would do the same, but be explicit about what we expect. */
	f = gzdopen(fd, "rb");
	if (!f) {
		close(fd);
		return NULL;
	}
	gzbuffer(f, 128 * 1024);
	for (;;) {
		int r;
		if (n + 65536 + 1 > cap) {
			char *nb;
			cap = (n + 65536 + 1) * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				gzclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		r = gzread(f, buf + n, (unsigned)(cap - n - 1));
		if (r < 0) {
			int zerr;
			gzerror(f, &zerr);
			if (gz && (zerr == Z_DATA_ERROR || zerr == Z_BUF_ERROR)) {
				*truncated = 1;
				break;
			}
			free(buf);
			gzclose(f);
			errno = zerr == Z_ERRNO ? errno : EIO;
			return NULL;
		}
		if (r == 0) {
			int zerr;
			gzerror(f, &zerr);
			/* A stream cut short reads as end of file with Z_BUF_ERROR. */
			if (gz && zerr == Z_BUF_ERROR)
				*truncated = 1;
			break;
		}
		n += (size_t)r;
	}
	/* zlib reads what is not gzip as it is ("transparent"), an empty file
	 * too; a .gz file must hold a gzip stream, which is never empty. */
	if (gz && gzdirect(f)) {
		free(buf);
		gzclose(f);
		errno = EBADMSG;
		return NULL;
	}
	gzclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

const char *iio_read_strerror(int err)
{
	if (err == EBADMSG)
		return "not a gzip stream (the file is empty or not compressed); its records keep their last version";
	if (err == EISDIR)
		return "a directory, not a regular file";
	if (err == ENOLINK)
		return "a symbolic link to a file that is not there";
	if (err == ENODEV)
		return "not a regular file (a FIFO, device or socket); not opened";
	return strerror(err);
}

int iio_record_set(iio_record *rec, const char *key, const char *value, long line, const iio_reader_ops *ops,
		   void *ctx)
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
	else if (!strcmp(key, "text") || !strcmp(key, "body"))
		slot = &rec->text;
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
		/* keywords: a; b; c   (or a, b, c, or [a, b, c]) */
		char *copy = strdup(value), *p, *tok, *save = NULL;
		const char *sep = strchr(value, ';') ? ";" : ",";
		if (!copy)
			return -1;
		p = copy;
		if (*p == '[') {
			p++;
			if (*p && p[strlen(p) - 1] == ']')
				p[strlen(p) - 1] = '\0';
		}
		v = json_array();
		for (tok = strtok_r(p, sep, &save); tok; tok = strtok_r(NULL, sep, &save))
			if (*iio_trim(tok))
				json_array_append_new(v, json_string(iio_trim(tok)));
		free(copy);
	} else if (!strcmp(key, "level")) {
		char lower[8] = "";
		size_t i;
		for (i = 0; value[i] && i < sizeof lower - 1; i++)
			lower[i] = (char)((value[i] >= 'A' && value[i] <= 'Z') ? value[i] - 'A' + 'a' : value[i]);
		lower[i] = '\0';
		v = json_string(value[i] ? value : lower);
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
