# lib.sh - helpers for the end-to-end tests: TAP output, a scratch directory,
# the programs under test. Sourced by every tests/e2e/*.t.
set -u
TOP=${IIO_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${IIO_SHARED:-$TOP/../shared}
BIN=$TOP/bin
T=$(mktemp -d /tmp/iio-e2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
# IIO_VALGRIND=1 (make check-valgrind): iio-search and iio-index run under
# valgrind; a memory error or a leak makes them exit 99, which fails the
# test that ran them. The other programs are the plain ones.
if [ -n "${IIO_VALGRIND:-}" ]; then
	mkdir "$T/vbin"
	for p in "$BIN"/*; do ln -s "$p" "$T/vbin/"; done
	for p in iio-search iio-index; do
		rm "$T/vbin/$p"
		printf '#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --track-origins=yes %s "$@"
' \
			"$BIN/$p" >"$T/vbin/$p"
		chmod +x "$T/vbin/$p"
	done
	BIN=$T/vbin
fi
unset IIO_INDEX NO_COLOR
# new_delete_type_mismatch: see the check target in the Makefile (libxapian).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:new_delete_type_mismatch=0}
_n=0
_failed=0

# pass DESCRIPTION / fail DESCRIPTION [DETAIL...]
pass() { _n=$((_n + 1)); echo "ok $_n - $1"; }
fail() {
	_n=$((_n + 1)); _failed=$((_failed + 1))
	echo "not ok $_n - $1"; shift
	# Diagnostics on stderr too: prove shows them even when not verbose,
	# so a failure in CI's log says what went wrong.
	# (Not tee /dev/stderr: when both go to one file, as in CI's log,
	# reopening it truncates what was written.)
	for d in "$@"; do
		printf '%s\n' "$d" | sed 's/^/#   /'
		printf '%s\n' "$d" | sed 's/^/#   /' >&2
	done
}
# t_ok DESCRIPTION COMMAND...: the command succeeds
t_ok() { local d=$1; shift; if "$@" >"$T/.out" 2>&1; then pass "$d"; else fail "$d" "command: $*" "$(head -c 2000 "$T/.out")"; fi; }
# t_is GOT WANT DESCRIPTION
t_is() { if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:  $1" "want: $2"; fi; }
# t_has HAYSTACK NEEDLE DESCRIPTION: the text contains the string
t_has() { case $1 in *"$2"*) pass "$3" ;; *) fail "$3" "missing: $2" "in: $(printf '%s' "$1" | head -c 2000)" ;; esac; }
t_hasnt() { case $1 in *"$2"*) fail "$3" "unexpected: $2" ;; *) pass "$3" ;; esac; }
# run CMD...: sets $out, $err and $rc
run() { "$@" >"$T/.stdout" 2>"$T/.stderr"; rc=$?; out=$(cat "$T/.stdout"); err=$(cat "$T/.stderr"); }
done_testing() { echo "1..$_n"; [ "$_failed" -eq 0 ]; }
