/* logreport.h - the report for editors from iio-serve's access log. */
#ifndef IIO_LOGREPORT_H
#define IIO_LOGREPORT_H

/* Print the TOP most frequent searches of the access log at PATH (plain or
 * gzip-compressed) and the TOP most frequent that found nothing, to
 * standard output. Returns the program's exit status (0, or 2 with a
 * message on standard error). */
int iio_log_report(const char *path, unsigned top);

#endif
