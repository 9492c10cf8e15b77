/* crash.h - the front ends' last word when a search crashes.
 *
 * Xapian's glass tables have no checksums: bytes garbled on disk can make
 * libxapian read out of bounds inside a search, and a mapped lexicon cut
 * short under a running program faults on access (SIGBUS). The library
 * cannot recover from that; the programs can at least say what happened
 * and where to look, instead of dying of a bare signal. Programs only:
 * this installs process-wide signal handlers.
 */
#ifndef IIO_CRASH_H
#define IIO_CRASH_H

/* From now on SIGSEGV, SIGBUS, SIGFPE and SIGILL print one line to stderr:
 * "PROGRAM: a search crashed (SIGSEGV) reading index INDEX: it may be
 * damaged; check it with iio-index --verify --index INDEX", write
 * STDOUT_TEXT (if not NULL: e.g. a CGI's 503 response) to stdout, and end
 * the process: with exit status 2, or, when REDELIVER, by the signal itself
 * (a server, so that its supervisor sees it fail and restarts it). The
 * texts are copied; call it again when the index path changes. */
void iio_crash_guard(const char *program, const char *index, const char *stdout_text, int redeliver);

#endif
