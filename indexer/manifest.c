/* manifest.c - write and check a generation's manifest (see manifest.h). */
#define _GNU_SOURCE
#include "manifest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MANIFEST_HEADER "iio-manifest 2"
#define MAX_FILES 256

static int fail(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect the regular files under DIR/REL (paths relative to DIR) into
 * FILES; the manifest itself, its temporary and Xapian's lock file (not
 * data; a writer may make it) are left out. */
static int list_files(const char *dir, const char *rel, char **files, size_t *n, char *err, size_t cap)
{
	char path[4096];
	DIR *d;
	struct dirent *e;
	int rc = 0;
	snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
	if (!(d = opendir(path)))
		return fail(err, cap, "cannot list %s: %s", path, strerror(errno));
	while (!rc && (e = readdir(d))) {
		char sub[4096], full[8200];
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "flintlock") ||
		    (!*rel && (!strcmp(e->d_name, IIO_MANIFEST_NAME) || !strcmp(e->d_name, IIO_MANIFEST_NAME ".new"))))
			continue;
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		snprintf(full, sizeof full, "%s/%s", dir, sub);
		if (lstat(full, &st))
			rc = fail(err, cap, "cannot stat %s: %s", full, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			rc = list_files(dir, sub, files, n, err, cap);
		else if (S_ISREG(st.st_mode)) {
			if (*n >= MAX_FILES)
				rc = fail(err, cap, "%s holds more than %d files", dir, MAX_FILES);
			else if (!(files[(*n)++] = strdup(sub)))
				rc = fail(err, cap, "out of memory");
		}
	}
	closedir(d);
	return rc;
}

/* CRC-32 and size of PATH. */
static int checksum(const char *path, unsigned long *crc, unsigned long long *size, char *err, size_t cap)
{
	unsigned char buf[1 << 16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;
	if (fd < 0)
		return fail(err, cap, "cannot read %s: %s", path, strerror(errno));
	*crc = crc32(0L, Z_NULL, 0);
	*size = 0;
	while ((got = read(fd, buf, sizeof buf)) > 0) {
		*crc = crc32(*crc, buf, (uInt)got);
		*size += (unsigned long long)got;
	}
	if (got < 0) {
		int e = errno;
		close(fd);
		return fail(err, cap, "cannot read %s: %s", path, strerror(e));
	}
	close(fd);
	return 0;
}

int iio_manifest_write(const char *gen, char *err, size_t errcap)
{
	char *files[MAX_FILES], path[4200], tmp[4300];
	size_t n = 0;
	FILE *out = NULL;
	unsigned long body_crc = crc32(0L, Z_NULL, 0);
	int rc = list_files(gen, "", files, &n, err, errcap);
	if (!rc) {
		qsort(files, n, sizeof *files, cmp_str);
		snprintf(path, sizeof path, "%s/%s", gen, IIO_MANIFEST_NAME);
		snprintf(tmp, sizeof tmp, "%s.new", path);
		if (!(out = fopen(tmp, "w")))
			rc = fail(err, errcap, "cannot write %s: %s", tmp, strerror(errno));
		else
			fprintf(out, "%s\n", MANIFEST_HEADER);
	}
	for (size_t i = 0; !rc && i < n; i++) {
		char full[8200];
		unsigned long crc;
		unsigned long long size;
		snprintf(full, sizeof full, "%s/%s", gen, files[i]);
		rc = checksum(full, &crc, &size, err, errcap);
		if (!rc) {
			char one[4400];
			int len = snprintf(one, sizeof one, "%llu %08lx %s\n", size, crc, files[i]);
			body_crc = crc32(body_crc, (const Bytef *)one, (uInt)len);
			fputs(one, out);
		}
	}
	/* The end: how many files and the checksum of the lines above, so a
	 * manifest cut short at a line's end is told from a whole one. */
	if (!rc && out)
		fprintf(out, "end %zu %08lx\n", n, body_crc);
	if (out) {
		int bad = ferror(out) || fflush(out) || fsync(fileno(out));
		int e = errno;
		if (fclose(out) && !bad)
			bad = 1, e = errno;
		if (!rc && bad)
			rc = fail(err, errcap, "cannot write %s: %s", tmp, strerror(e));
		if (!rc && rename(tmp, path))
			rc = fail(err, errcap, "cannot rename %s: %s", tmp, strerror(errno));
		if (rc)
			unlink(tmp);
	}
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	return rc;
}

/* Was A modified after B? */
static int modified_after(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return a->st_mtim.tv_sec > b->st_mtim.tv_sec;
	return a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

int iio_manifest_check(const char *gen, int checksums, size_t *nfiles, char *err, size_t errcap)
{
	char path[4200], line[4400];
	FILE *in;
	int rc = 0;
	size_t n = 0;
	long lineno = 1;
	int ended = 0;
	unsigned long body_crc = crc32(0L, Z_NULL, 0);
	struct stat mst;
	if (nfiles)
		*nfiles = 0;
	snprintf(path, sizeof path, "%s/%s", gen, IIO_MANIFEST_NAME);
	if (!(in = fopen(path, "r"))) {
		if (errno == ENOENT)
			return 1;
		return fail(err, errcap, "cannot read %s: %s", path, strerror(errno));
	}
	/* A published generation is never written again: a file modified
	 * after its manifest was written has changed in place (bytes garbled
	 * at their size), which the sizes alone miss. Such a file's checksum
	 * is read even in the cheap check; the others' only with CHECKSUMS. */
	if (fstat(fileno(in), &mst))
		memset(&mst, 0, sizeof mst);
	/* Version 1 (before the end line) is still read: an older release's
	 * generation is reported as of another version, not as damaged. */
	if (!fgets(line, sizeof line, in))
		line[0] = '\0';
	if (!strcmp(line, "iio-manifest 1\n"))
		ended = -1;
	else if (strcmp(line, MANIFEST_HEADER "\n")) {
		fclose(in);
		return fail(err, errcap, "%s is not a manifest (its first line is damaged)", path);
	}
	while (!rc && fgets(line, sizeof line, in)) {
		unsigned long long want_size, size;
		unsigned long want_crc, crc;
		char name[4096], full[8300];
		struct stat st;
		lineno++;
		if (ended > 0) {
			rc = fail(err, errcap, "%s:%ld: a line after the end line", path, lineno);
			break;
		}
		if (!ended && !strncmp(line, "end ", 4)) {
			size_t count;
			unsigned long sum;
			if (sscanf(line, "end %zu %8lx", &count, &sum) != 2)
				rc = fail(err, errcap, "%s:%ld: damaged end line", path, lineno);
			else if (count != n || sum != body_crc)
				rc = fail(err, errcap, "%s: the end line says %zu files (checksum %08lx); above it are %zu (%08lx)",
					  path, count, sum, n, body_crc);
			ended = 1;
			continue;
		}
		body_crc = crc32(body_crc, (const Bytef *)line, (uInt)strlen(line));
		if (sscanf(line, "%llu %8lx %4095[^\n]", &want_size, &want_crc, name) != 3 || strstr(name, "..")) {
			rc = fail(err, errcap, "%s:%ld: damaged line", path, lineno);
			break;
		}
		snprintf(full, sizeof full, "%s/%s", gen, name);
		n++;
		if (stat(full, &st))
			rc = fail(err, errcap, "%s is missing (%s)", name, strerror(errno));
		else if ((unsigned long long)st.st_size != want_size)
			rc = fail(err, errcap, "%s is %llu bytes, the manifest says %llu", name,
				  (unsigned long long)st.st_size, want_size);
		else if ((checksums || modified_after(&st, &mst)) && !(rc = checksum(full, &crc, &size, err, errcap)) &&
			 crc != want_crc)
			rc = fail(err, errcap, "%s does not match its checksum (its bytes changed)", name);
	}
	if (!rc && ferror(in))
		rc = fail(err, errcap, "cannot read %s", path);
	if (!rc && !ended)
		rc = fail(err, errcap, "%s is cut short: it has no end line", path);
	fclose(in);
	if (nfiles)
		*nfiles = n;
	return rc;
}
