/* generation.h - the index root: generations, the live pointer, the lock.
 *
 * An index root holds gen-NNNN/ directories (one Xapian database each) and
 * the symlink `current` naming the live one. A new generation goes live only
 * by rename(2) of a fresh symlink over `current`, so a reader sees either the
 * old or the new database, never a half-built one. `lock` serialises
 * indexers (flock, released by the kernel when a run dies).
 */
#ifndef IIO_GENERATION_H
#define IIO_GENERATION_H

#include "indexing.h"

#include <stddef.h>

/* Each call returns an iio_ix_status: IIO_IX_IO when a system call failed,
 * with errno saying why (the caller words the message). */

#define IIO_GEN_KEEP 2 /* generations kept: the live one and one to roll back to */

/* Create ROOT if needed and take its lock without waiting: the lock fd
 * into *FD (-1 unless IIO_IX_OK); IIO_IX_BUSY when another run holds it. */
iio_ix_status iio_gen_lock(const char *root, int *fd);
/* The directory name of the next generation ("gen-0007"). Numbers only
 * grow: the highest one handed out is kept in ROOT/last-generation, so a
 * name deleted by a rollback or a failed run is never used again. */
iio_ix_status iio_gen_next(const char *root, char *name, size_t cap);
/* 2 when generation NAME was published whole with its manifest, 1 when it
 * has only its lexicon copy (published by an earlier version), else 0. */
int iio_gen_complete(const char *root, const char *name);
/* When ROOT has generations but no live pointer (`current` deleted), point
 * it at the newest complete generation, whose name goes into NAME, and set
 * *RECOVERED (0 when there was nothing to recover). Call it holding the
 * lock, before anything that prunes. */
iio_ix_status iio_gen_recover(const char *root, char *name, size_t cap, int *recovered);
/* Make NAME the live generation, atomically. */
iio_ix_status iio_gen_switch(const char *root, const char *name);
/* Remove generation directories beyond the newest KEEP, never the live one.
 * Also removes leftovers of killed runs (directories newer than the live
 * one are not leftovers while a run holds the lock: call this only when
 * holding it). The live one is what ROOT/current resolves to, as readers
 * resolve it (format.h), matched by identity: an absolute link or
 * "./gen-0001" names gen-0001 as well. IIO_IX_LIVE_UNKNOWN (removing
 * nothing) when the live pointer names none of ROOT's generations
 * (iio_gen_live_why says what it is). First the one iio_gen_leaving named
 * goes, when it is no longer live. */
iio_ix_status iio_gen_prune(const char *root, int keep);
/* Note that generation NAME, live now, goes once another is live (a
 * rollback's): iio_gen_prune removes it then, even after a run killed
 * between its switch and removing it. */
iio_ix_status iio_gen_leaving(const char *root, const char *name);
/* Remove a directory tree (a failed generation). */
iio_ix_status iio_gen_remove(const char *root, const char *name);
/* The live generation's directory name into NAME; IIO_IX_NONE when ROOT
 * has no live pointer, IIO_IX_LIVE_UNKNOWN when it has one that resolves
 * to none of ROOT's generations (a directory copied in its place, a link
 * to elsewhere or to nothing). */
iio_ix_status iio_gen_live(const char *root, char *name, size_t cap);
/* The same, with WHY (WCAP bytes, may be NULL) saying what an unknown live
 * pointer is. */
iio_ix_status iio_gen_live_why(const char *root, char *name, size_t cap, char *why, size_t wcap);
/* 1 when generation NAME is being built now: the newest name handed out,
 * and a run holds ROOT's lock (seen without taking it); 0 when not, -1
 * when it cannot be told. */
int iio_gen_in_progress(const char *root, const char *name);
/* The newest generation older than the live one (for --rollback);
 * IIO_IX_NONE when there is none. */
iio_ix_status iio_gen_previous(const char *root, char *name, size_t cap);
/* Make generation NAME durable before it goes live: fsync every file in
 * it, the directory itself and ROOT. */
iio_ix_status iio_gen_sync(const char *root, const char *name);
/* Copy FROM to DIR/NAME through a temporary name, fsynced. */
iio_ix_status iio_copy_file(const char *from, const char *dir, const char *name);
/* Write LEN bytes of DATA to DIR/NAME the same way. */
iio_ix_status iio_write_file(const char *dir, const char *name, const char *data, size_t len);

#endif
