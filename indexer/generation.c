/* generation.c - generations and the live pointer (see generation.h). */
#define _GNU_SOURCE
#include "generation.h"
#include "format.h"
#include "manifest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* A system call's 0 or -1 (errno set) as a status. */
static iio_ix_status io(int rc)
{
	return rc ? IIO_IX_IO : IIO_IX_OK;
}

static int mkdir_p(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -1;
	return 0;
}

iio_ix_status iio_gen_lock(const char *root, int *fd)
{
	char path[4096];
	*fd = -1;
	if (mkdir_p(root))
		return IIO_IX_IO;
	snprintf(path, sizeof path, "%s/lock", root);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0)
		return IIO_IX_IO;
	if (flock(*fd, LOCK_EX | LOCK_NB)) {
		int e = errno;
		close(*fd);
		*fd = -1;
		errno = e;
		return e == EWOULDBLOCK ? IIO_IX_BUSY : IIO_IX_IO;
	}
	return IIO_IX_OK;
}

/* Generation number of directory entry NAME, or -1 if it is not one. */
static int gen_number(const char *name)
{
	char *end;
	long n;
	if (strncmp(name, "gen-", 4))
		return -1;
	n = strtol(name + 4, &end, 10);
	if (*end || end == name + 4 || n < 0 || n > 999999)
		return -1;
	return (int)n;
}

#define LIVE_NONE -1    /* ROOT has no live pointer */
#define LIVE_UNKNOWN -2 /* it has one that resolves to none of its generations */

/* WHY (WCAP bytes, may be NULL): what ROOT's live pointer is, when it is
 * not a link to one of its generations. */
static void unaccounted(const char *root, int e, const char *path, char *why, size_t wcap)
{
	char cur[4096];
	struct stat st;
	if (!why)
		return;
	snprintf(cur, sizeof cur, "%s/%s", root, IIO_LIVE_POINTER);
	if (e == EINVAL && lstat(cur, &st) == 0)
		snprintf(why, wcap, "%s is %s, not a symbolic link to a generation", cur,
			 S_ISDIR(st.st_mode) ? "a directory" : "a file");
	else if (!path)
		snprintf(why, wcap, "%s cannot be read: %s", cur, strerror(e));
	else if (e)
		snprintf(why, wcap, "%s points at %s, which cannot be found: %s", cur, path, strerror(e));
	else
		snprintf(why, wcap, "%s points at %s, which is not a generation directory of %s", cur, path, root);
}

/* Which generation of ROOT its live pointer resolves to, resolved as
 * readers resolve it (iio_live_resolve) and matched by identity (device
 * and inode), so that "/idx/gen-0001", "gen-0001/" and "./gen-0001" are
 * all gen-0001: its number, LIVE_NONE or LIVE_UNKNOWN (WHY says what it
 * is then). *LIVE (may be NULL) gets what it resolves to. */
static int live_generation(const char *root, struct stat *live, char *why, size_t wcap)
{
	char target[256], path[4096], entry[4400];
	struct stat st, gst;
	DIR *d;
	struct dirent *e;
	int found = LIVE_UNKNOWN, got = iio_live_resolve(root, target, sizeof target, path, sizeof path);
	if (got == 1)
		return LIVE_NONE;
	if (got < 0 || stat(path, &st)) {
		unaccounted(root, errno, got < 0 ? NULL : path, why, wcap);
		return LIVE_UNKNOWN;
	}
	if (!(d = opendir(root))) {
		unaccounted(root, errno, NULL, why, wcap);
		return LIVE_UNKNOWN;
	}
	while (found < 0 && (e = readdir(d))) {
		int n = gen_number(e->d_name);
		snprintf(entry, sizeof entry, "%s/%s", root, e->d_name);
		if (n >= 0 && stat(entry, &gst) == 0 && gst.st_dev == st.st_dev && gst.st_ino == st.st_ino)
			found = n;
	}
	closedir(d);
	if (found < 0)
		unaccounted(root, 0, path, why, wcap);
	else if (live)
		*live = st;
	return found;
}

static int live_number(const char *root)
{
	return live_generation(root, NULL, NULL, 0);
}

static int fsync_dir(const char *dir);

/* ROOT/last-generation holds the highest generation number ever handed
 * out, so a number is never used twice: after a rollback or a failed run
 * deletes the newest directory, the next run must not take its name (a
 * reader that opened the deleted one would take the new one for it). */
#define LAST_GENERATION "last-generation"

static int last_number(const char *root)
{
	char path[4096], buf[32];
	FILE *f;
	int n = -1;
	snprintf(path, sizeof path, "%s/%s", root, LAST_GENERATION);
	if (!(f = fopen(path, "r")))
		return -1;
	if (fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		n = gen_number(buf);
	}
	fclose(f);
	return n;
}

static int write_whole(const char *dir, const char *name, FILE *in, const char *data, size_t len);

static int write_last_number(const char *root, const char *name)
{
	char line[64];
	int n = snprintf(line, sizeof line, "%s\n", name);
	if (n < 0 || (size_t)n >= sizeof line || write_whole(root, LAST_GENERATION, NULL, line, (size_t)n))
		return -1;
	return fsync_dir(root);
}

iio_ix_status iio_gen_next(const char *root, char *name, size_t cap)
{
	DIR *d = opendir(root);
	struct dirent *e;
	int max = last_number(root);
	if (!d)
		return IIO_IX_IO;
	while ((e = readdir(d)))
		if (gen_number(e->d_name) > max)
			max = gen_number(e->d_name);
	closedir(d);
	if (max < 0)
		max = 0;
	snprintf(name, cap, "gen-%04d", max + 1);
	return io(write_last_number(root, name));
}

int iio_gen_complete(const char *root, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s/%s", root, name, IIO_MANIFEST_NAME);
	if (access(path, F_OK) == 0)
		return 2;
	/* Generations published before manifests: the lexicon copy is
	 * written after the commit and the check. (A run of this version
	 * killed between the lexicon and the manifest leaves one like that
	 * too, which searchers would call damaged: recovery prefers 2.) */
	snprintf(path, sizeof path, "%s/%s/nl.lex", root, name);
	return access(path, F_OK) == 0;
}

iio_ix_status iio_gen_recover(const char *root, char *name, size_t cap, int *recovered)
{
	char path[4096];
	struct stat st;
	DIR *d;
	struct dirent *e;
	int best = -1, best_old = -1;
	*recovered = 0;
	snprintf(path, sizeof path, "%s/%s", root, IIO_LIVE_POINTER);
	if (lstat(path, &st) == 0 || errno != ENOENT)
		return IIO_IX_OK;
	if (!(d = opendir(root)))
		return IIO_IX_IO;
	while ((e = readdir(d))) {
		int n = gen_number(e->d_name), c = n >= 0 ? iio_gen_complete(root, e->d_name) : 0;
		if (c == 2 && n > best)
			best = n;
		else if (c == 1 && n > best_old)
			best_old = n;
	}
	closedir(d);
	if (best < 0)
		best = best_old;
	if (best < 0)
		return IIO_IX_OK;
	snprintf(name, cap, "gen-%04d", best);
	*recovered = 1;
	return iio_gen_switch(root, name);
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC), rc;
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int fsync_dir(const char *dir)
{
	return fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

iio_ix_status iio_gen_switch(const char *root, const char *name)
{
	char tmp[4096], cur[4096];
	snprintf(tmp, sizeof tmp, "%s/%s.new", root, IIO_LIVE_POINTER);
	snprintf(cur, sizeof cur, "%s/%s", root, IIO_LIVE_POINTER);
	unlink(tmp);
	if (symlink(name, tmp))
		return IIO_IX_IO;
	if (rename(tmp, cur)) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return IIO_IX_IO;
	}
	return io(fsync_dir(root));
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) && errno != ENOENT ? -1 : 0;
}

iio_ix_status iio_gen_remove(const char *root, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", root, name);
	return io(nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS));
}

static int cmp_int_desc(const void *a, const void *b)
{
	return *(const int *)b - *(const int *)a;
}

/* Whether DIR/NAME is the directory LIVE (what the live pointer resolves to). */
static int is_live(const char *root, const char *name, const struct stat *live)
{
	char path[4200];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", root, name);
	return stat(path, &st) == 0 && st.st_dev == live->st_dev && st.st_ino == live->st_ino;
}

/* ROOT/rolled-back names the generation a --rollback goes away from
 * while it makes the one that replaces it: once that is live, the one
 * named goes (and were the run killed before removing it, it must still
 * go: kept, it would be the generation the next rollback goes back to). */
#define ROLLED_BACK "rolled-back"

iio_ix_status iio_gen_leaving(const char *root, const char *name)
{
	char line[64];
	int n = snprintf(line, sizeof line, "%s\n", name);
	if (n < 0 || (size_t)n >= sizeof line || write_whole(root, ROLLED_BACK, NULL, line, (size_t)n))
		return IIO_IX_IO;
	return io(fsync_dir(root));
}

/* The generation ROOT/rolled-back names goes unless it is live (the
 * rollback did not get as far as its switch); the note goes either way. */
static int remove_rolled_back(const char *root, const struct stat *live)
{
	char path[4096], name[64] = "";
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", root, ROLLED_BACK);
	if (!(f = fopen(path, "r")))
		return errno == ENOENT ? 0 : -1;
	if (fgets(name, sizeof name, f))
		name[strcspn(name, "\n")] = '\0';
	fclose(f);
	if (gen_number(name) >= 0 && !is_live(root, name, live) && iio_gen_remove(root, name))
		return -1;
	return unlink(path) ? -1 : 0;
}

iio_ix_status iio_gen_prune(const char *root, int keep)
{
	DIR *d;
	struct dirent *e;
	struct stat live_st = {0};
	int nums[1024], n = 0, live = live_generation(root, &live_st, NULL, 0);
	/* A live pointer that names none of ROOT's generations (a directory
	 * in its place, a link elsewhere or to nothing): which of them is
	 * live, a leftover or one to roll back to cannot be told. */
	if (live == LIVE_UNKNOWN) {
		errno = ESTALE;
		return IIO_IX_LIVE_UNKNOWN;
	}
	if ((live >= 0 && remove_rolled_back(root, &live_st)) || !(d = opendir(root)))
		return IIO_IX_IO;
	while ((e = readdir(d)) && n < 1024)
		if (gen_number(e->d_name) >= 0)
			nums[n++] = gen_number(e->d_name);
	closedir(d);
	qsort(nums, (size_t)n, sizeof *nums, cmp_int_desc);
	for (int i = 0, kept = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof name, "gen-%04d", nums[i]);
		/* Newer than live: a run that died before switching; older
		 * and never published: one that died while no generation was
		 * known to be live. */
		if (nums[i] == live || (nums[i] < live && kept < keep - 1 && iio_gen_complete(root, name))) {
			if (nums[i] != live)
				kept++;
			continue;
		}
		/* Never what readers open (another name for the live one). */
		if (live >= 0 && is_live(root, name, &live_st))
			continue;
		if (iio_gen_remove(root, name))
			return IIO_IX_IO;
	}
	return IIO_IX_OK;
}

iio_ix_status iio_gen_live(const char *root, char *name, size_t cap)
{
	return iio_gen_live_why(root, name, cap, NULL, 0);
}

iio_ix_status iio_gen_live_why(const char *root, char *name, size_t cap, char *why, size_t wcap)
{
	int n = live_generation(root, NULL, why, wcap);
	if (n < 0)
		return n == LIVE_NONE ? IIO_IX_NONE : IIO_IX_LIVE_UNKNOWN;
	snprintf(name, cap, "gen-%04d", n);
	return IIO_IX_OK;
}

/* Whether a process holds an flock on FILE, read from /proc/locks (a lock
 * taken to find out would make a run starting that instant think another
 * one is running). 1, 0, or -1 when it cannot be told. */
static int flock_held(const char *file)
{
	struct stat st;
	char line[512];
	FILE *f;
	int held = 0;
	if (stat(file, &st))
		return errno == ENOENT ? 0 : -1;
	if (!(f = fopen("/proc/locks", "r")))
		return -1;
	while (!held && fgets(line, sizeof line, f)) {
		unsigned maj, min;
		unsigned long ino;
		char kind[16];
		if (sscanf(line, "%*[^:]: %15s %*s %*s %*d %x:%x:%lu", kind, &maj, &min, &ino) == 4 &&
		    !strcmp(kind, "FLOCK") && ino == (unsigned long)st.st_ino && maj == major(st.st_dev) &&
		    min == minor(st.st_dev))
			held = 1;
	}
	fclose(f);
	return held;
}

int iio_gen_in_progress(const char *root, const char *name)
{
	char lock[4096];
	int n = gen_number(name);
	if (n < 0 || n != last_number(root))
		return 0;
	snprintf(lock, sizeof lock, "%s/lock", root);
	return flock_held(lock);
}

iio_ix_status iio_gen_previous(const char *root, char *name, size_t cap)
{
	DIR *d = opendir(root);
	struct dirent *e;
	int live = live_number(root), best = -1;
	if (!d)
		return IIO_IX_IO;
	while ((e = readdir(d))) {
		int n = gen_number(e->d_name);
		if (n >= 0 && n < live && n > best)
			best = n;
	}
	closedir(d);
	if (best < 0)
		return IIO_IX_NONE;
	snprintf(name, cap, "gen-%04d", best);
	return IIO_IX_OK;
}


/* fsync every regular file under DIR, its subdirectories (the shards)
 * and DIR itself. */
static int sync_tree(const char *dir)
{
	char path[4400];
	DIR *d;
	struct dirent *e;
	int rc = 0;
	if (!(d = opendir(dir)))
		return -1;
	while (!rc && (e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st))
			continue;
		if (S_ISREG(st.st_mode))
			rc = fsync_path(path, O_RDONLY);
		else if (S_ISDIR(st.st_mode))
			rc = sync_tree(path);
	}
	closedir(d);
	return rc ? rc : fsync_dir(dir);
}

iio_ix_status iio_gen_sync(const char *root, const char *name)
{
	char dir[4096];
	int rc;
	snprintf(dir, sizeof dir, "%s/%s", root, name);
	rc = sync_tree(dir);
	if (!rc)
		rc = fsync_dir(root);
	return io(rc);
}

/* Write DIR/NAME whole: IN's bytes (IN not NULL) or LEN bytes of DATA,
 * to a temporary file synced and renamed. 0 or -1 (errno). */
static int write_whole(const char *dir, const char *name, FILE *in, const char *data, size_t len)
{
	char to[4096], tmp[4200], buf[65536];
	FILE *out;
	size_t n;
	int rc = 0, e = 0;
	if (snprintf(to, sizeof to, "%s/%s", dir, name) >= (int)sizeof to ||
	    snprintf(tmp, sizeof tmp, "%s/%s.tmp", dir, name) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!(out = fopen(tmp, "wb")))
		return -1;
	if (!in && len && fwrite(data, 1, len, out) != len)
		rc = -1, e = errno;
	while (in && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			rc = -1;
			e = errno;
			break;
		}
	if (!rc && in && ferror(in))
		rc = -1, e = EIO;
	if ((fflush(out) || fsync(fileno(out))) && !rc)
		rc = -1, e = errno;
	if (fclose(out) && !rc)
		rc = -1, e = errno;
	if (!rc && rename(tmp, to))
		rc = -1, e = errno;
	if (rc) {
		unlink(tmp);
		errno = e;
	}
	return rc;
}

iio_ix_status iio_copy_file(const char *from, const char *dir, const char *name)
{
	FILE *in = fopen(from, "rb");
	int rc, e;
	if (!in)
		return IIO_IX_IO;
	rc = write_whole(dir, name, in, NULL, 0);
	e = errno;
	fclose(in);
	errno = e;
	return io(rc);
}

iio_ix_status iio_write_file(const char *dir, const char *name, const char *data, size_t len)
{
	return io(write_whole(dir, name, NULL, data, len));
}
