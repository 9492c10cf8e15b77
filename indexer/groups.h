/* groups.h - the group marks of an index (groups.c): which records the
 * search collapses into one result. */
#ifndef IIO_GROUPS_H
#define IIO_GROUPS_H

#include "indexing.h"
#include "../shim/xs.h"

/* Mark the members of every group of two or more records in DB (the group
 * term and the record id in their slots) and unmark the records whose group
 * lost its other members. Groups are counted in DB itself (NCOUNTS 0) or
 * across the NCOUNTS databases COUNTS (the parts of a parallel build, DB
 * one of them). On failure a message in *ERR (to free()). */
iio_ix_status iio_mark_groups(xs_wdb *db, xs_db *const *counts, unsigned ncounts, char **err);

#endif
