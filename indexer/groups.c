/* groups.c - which records the search collapses into one result: the
 * group marks of an index (see format.h, IIO_SLOT_GROUP).
 *
 * Every record carries its group term (IIO_PREFIX_GROUP + key); only the
 * members of a group of two or more carry the marks the search collapses
 * on: the group term in IIO_SLOT_GROUP and the record id in
 * IIO_SLOT_MEMBER_ID. A record alone in its group (most of them) carries
 * neither, so the search reads next to nothing for it. The marks are set
 * when a build ends, once every record is in: an incremental run that adds
 * a video's second version marks the first one too, and one that removes
 * it takes the marks of the one left. The policy is here; the shim only
 * reads and rewrites values. */
#define _GNU_SOURCE
#include "groups.h"
#include "status.h"

#include "format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct docids {
	xs_docid *v;
	size_t n, cap;
	int nomem;
} docids;

static int docids_add(void *ctx, xs_docid id)
{
	docids *d = ctx;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		xs_docid *v = realloc(d->v, cap * sizeof *v);
		if (!v) {
			d->nomem = 1;
			return -1;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = id;
	return 0;
}

/* One pass: the database marked, and where its groups are counted (the
 * database itself, or every part of a parallel build). */
typedef struct pass {
	xs_wdb *db;
	xs_db *const *counts;
	unsigned ncounts;
	docids stale;
	xs_status st;
	int nomem;
} pass;

/* Records in the group of TERM, across every database that counts. */
static unsigned group_size(pass *p, const char *term, size_t len)
{
	unsigned total = 0, n = 0;
	if (!p->ncounts) {
		if (!p->st)
			p->st = xs_wdb_termfreq(p->db, term, len, &total);
		return total;
	}
	for (unsigned k = 0; k < p->ncounts && !p->st; k++) {
		p->st = xs_db_termfreq(p->counts[k], term, len, &n);
		total += n;
	}
	return total;
}

/* A record marked for a group that has lost its other members. */
static int find_stale(void *ctx, xs_docid id, const char *val, size_t len)
{
	pass *p = ctx;
	if (group_size(p, val, len) < 2)
		docids_add(&p->stale, id);
	return p->st || p->stale.nomem;
}

/* Mark the members of the group of TERM, when it has two or more. */
static int mark_group(void *ctx, const char *term, size_t len)
{
	static const unsigned read_slots[2] = {IIO_SLOT_GROUP, IIO_SLOT_ID};
	static const unsigned mark_slots[2] = {IIO_SLOT_GROUP, IIO_SLOT_MEMBER_ID};
	pass *p = ctx;
	docids members = {0};
	if (group_size(p, term, len) < 2)
		return p->st != XS_OK;
	p->st = xs_wdb_postings(p->db, term, len, docids_add, &members);
	p->nomem |= members.nomem;
	for (size_t i = 0; i < members.n && !p->st; i++) {
		char *vals[2];
		size_t lens[2];
		p->st = xs_wdb_doc_values(p->db, members.v[i], read_slots, 2, vals, lens);
		if (p->st)
			break;
		if (lens[0] != len || memcmp(vals[0], term, len)) {
			const char *marks[2] = {term, vals[1]};
			size_t mlens[2] = {len, lens[1]};
			p->st = xs_wdb_set_values(p->db, members.v[i], mark_slots, marks, mlens, 2);
		}
		xs_free(vals[0]);
		xs_free(vals[1]);
	}
	free(members.v);
	return p->st != XS_OK || p->nomem;
}

iio_ix_status iio_mark_groups(xs_wdb *db, xs_db *const *counts, unsigned ncounts, char **err)
{
	static const unsigned mark_slots[2] = {IIO_SLOT_GROUP, IIO_SLOT_MEMBER_ID};
	static const char *const none[2] = {NULL, NULL};
	static const size_t nolen[2] = {0, 0};
	pass p = {.db = db, .counts = counts, .ncounts = ncounts};

	/* Marks whose group has lost its other members go (collected first:
	 * the value stream is not rewritten while it is read). */
	xs_status st = xs_wdb_values(db, IIO_SLOT_GROUP, find_stale, &p);
	p.nomem = p.stale.nomem;
	for (size_t i = 0; i < p.stale.n && !st && !p.st && !p.nomem; i++)
		st = xs_wdb_set_values(db, p.stale.v[i], mark_slots, none, nolen, 2);
	free(p.stale.v);
	if (!st && !p.st && !p.nomem)
		st = xs_wdb_terms(db, IIO_PREFIX_GROUP, strlen(IIO_PREFIX_GROUP), mark_group, &p);
	if (!st)
		st = p.st;
	if (p.nomem && !st)
		st = XS_ENOMEM;
	if (st) {
		const char *why = p.ncounts && p.st && !xs_wdb_error(db)[0] ? "a part of the index cannot be read"
									 : xs_wdb_error(db);
		return iio_ix_fail(err, st == XS_ENOMEM ? IIO_IX_NOMEM : IIO_IX_DATABASE,
				   "cannot mark the groups of the records: %s", st == XS_ENOMEM ? "out of memory" : why);
	}
	return IIO_IX_OK;
}
