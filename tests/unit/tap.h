/* tap.h - the Test Anything Protocol for the C unit tests, in one header.
 * `prove` reads the output; a failing check prints where and why. */
#ifndef IIO_TAP_H
#define IIO_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count, tap_failures;
static const char *tap_subtest; /* the named group running, NULL: none */

static int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	tap_count++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failures++;
		printf("#   failed at %s line %d%s%s%s\n", file, line, tap_subtest ? " (in '" : "",
		       tap_subtest ? tap_subtest : "", tap_subtest ? "')" : "");
	}
	fflush(stdout);
	return pass;
}

/* subtest(NAME, FN): the checks of FN as a named group: its name is
 * printed before them, and each failure among them names it. */
#define subtest(name, fn)                                                              \
	do {                                                                               \
		tap_subtest = (name);                                                          \
		printf("# Subtest: %s\n", tap_subtest);                                        \
		fn();                                                                          \
		tap_subtest = NULL;                                                            \
	} while (0)

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...)                                                         \
	do {                                                                               \
		long long g_ = (long long)(got), w_ = (long long)(want);                       \
		if (!tap_ok(g_ == w_, __FILE__, __LINE__, __VA_ARGS__))                        \
			printf("#   got %lld, want %lld\n", g_, w_);                               \
	} while (0)

#define is_str(got, want, ...)                                                         \
	do {                                                                               \
		const char *g_ = (got), *w_ = (want);                                          \
		if (!tap_ok(g_ && w_ && !strcmp(g_, w_), __FILE__, __LINE__, __VA_ARGS__))      \
			printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	} while (0)

static int done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

/* Remove DIR and everything in it (a test's scratch directory); says so
 * as a TAP comment when it cannot. */
static inline void tap_remove_tree(const char *dir)
{
	char cmd[1100];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

#endif
