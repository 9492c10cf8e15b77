/* status.c - the indexing library's statuses (indexing.h) and the helpers
 * its modules word a failure with (status.h). */
#define _GNU_SOURCE
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *iio_ix_strerror(iio_ix_status status)
{
	switch (status) {
	case IIO_IX_OK: return "success";
	case IIO_IX_REJECTED: return "records were rejected";
	case IIO_IX_ERROR: return "indexing failed";
	case IIO_IX_BUSY: return "another run holds the index's lock";
	case IIO_IX_NOMEM: return "out of memory";
	case IIO_IX_IO: return "a file cannot be read or written";
	case IIO_IX_DATABASE: return "the index database failed";
	case IIO_IX_DAMAGED: return "a generation differs from its manifest";
	case IIO_IX_NONE: return "nothing to work on";
	case IIO_IX_LIVE_UNKNOWN: return "the live pointer names no generation of the index";
	case IIO_IX_EARLIER: return "an earlier record failed";
	case IIO_IX_STOPPED: return "stopped";
	}
	return "unknown status";
}

iio_ix_status iio_ix_fail(char **err, iio_ix_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(err, fmt, ap) < 0)
		*err = NULL;
	va_end(ap);
	return st;
}

iio_ix_status iio_ix_shim_fail(char **err, const char *what, xs_status xst, const char *detail)
{
	return iio_ix_fail(err, xst == XS_ENOMEM ? IIO_IX_NOMEM : IIO_IX_DATABASE, "%s: %s%s%s", what,
			   xs_status_string(xst), detail && *detail ? ": " : "", detail ? detail : "");
}
