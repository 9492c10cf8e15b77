/* status.h - the indexing library's error convention, for its own modules
 * (status.c): a failure's status (indexing.h) and its message together. */
#ifndef IIO_STATUS_H
#define IIO_STATUS_H

#include "indexing.h"
#include "../shim/xs.h"

/* *ERR = the message FMT says (to free(); NULL when memory ran out);
 * returns ST. */
iio_ix_status iio_ix_fail(char **err, iio_ix_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* *ERR = "WHAT: the shim's word for XST: DETAIL" (DETAIL may be NULL or
 * ""); returns XST as a status: IIO_IX_NOMEM or IIO_IX_DATABASE. */
iio_ix_status iio_ix_shim_fail(char **err, const char *what, xs_status xst, const char *detail);

#endif
