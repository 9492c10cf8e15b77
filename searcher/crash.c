/* crash.c - one line instead of a bare signal (see crash.h). The handler
 * uses only async-signal-safe calls (write, signal, raise, _exit) on texts
 * prepared beforehand, and runs on its own stack, so that it also works
 * when the stack is what overflowed. */
#define _GNU_SOURCE
#include "crash.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Process-wide by nature: a signal handler reads only what was set up
 * before it could run. */
static char crash_line[4][1200];
static char crash_stdout[1024];
static volatile sig_atomic_t crash_redeliver;
static char crash_stack[64 * 1024];

static const int crash_signals[4] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };

static void on_crash(int sig)
{
	int i;
	for (i = 0; i < 4 && crash_signals[i] != sig; i++)
		;
	if (i < 4 && write(STDERR_FILENO, crash_line[i], strlen(crash_line[i])) < 0) {
		/* nothing more can be said */
	}
	if (crash_stdout[0] && write(STDOUT_FILENO, crash_stdout, strlen(crash_stdout)) < 0) {
		/* the client went away */
	}
	if (crash_redeliver) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	_exit(2);
}

void iio_crash_guard(const char *program, const char *index, const char *stdout_text, int redeliver)
{
	static const char *const names[4] = { "SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL" };
	struct sigaction sa;
	stack_t ss;
	for (int i = 0; i < 4; i++)
		snprintf(crash_line[i], sizeof crash_line[i],
			 "%s: a search crashed (%s) reading index %s: it may be damaged; check it with "
			 "iio-index --verify --index %s\n",
			 program, names[i], index, index);
	snprintf(crash_stdout, sizeof crash_stdout, "%s", stdout_text ? stdout_text : "");
	crash_redeliver = redeliver;
	memset(&ss, 0, sizeof ss);
	ss.ss_sp = crash_stack;
	ss.ss_size = sizeof crash_stack;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 4; i++)
		sigaction(crash_signals[i], &sa, NULL);
}
