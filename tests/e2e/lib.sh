# lib.sh - helpers for the end-to-end tests: TAP output, a scratch directory,
# the programs under test. Sourced by every tests/e2e/*.t.
set -u
TOP=${IIO_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${IIO_SHARED:-$TOP/../shared}
BIN=$TOP/bin
T=$(mktemp -d /tmp/iio-e2e.XXXXXX)
# Servers a test started (start_serve, or pushed by the test) are stopped
# when it exits, whatever happened.
_pids=()
_cleanup() { [ ${#_pids[@]} -eq 0 ] || { kill "${_pids[@]}" 2>/dev/null; wait "${_pids[@]}" 2>/dev/null; }; rm -rf "$T"; }
trap _cleanup EXIT
# How long any test waits for anything (a server to answer, a file to
# appear, a client to be served), in seconds: stated once, generous enough
# for the slowest suite (valgrind, ASan on a machine busy with another
# suite). A wait polls for a condition and ends as soon as it holds, so the
# figure costs nothing when all is well. IIO_TEST_TIMEOUT overrides it.
WAIT=${IIO_TEST_TIMEOUT:-180}
export IIO_TEST_TIMEOUT=$WAIT
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
# wait_until DESCRIPTION COMMAND...: polls the command until it succeeds;
# after $WAIT seconds fails the test point DESCRIPTION and returns 1. A
# command that exits 99 (with the reason in $T/.gave-up) ends the wait at once.
wait_until() {
	local what=$1 end=$((SECONDS + WAIT))
	shift
	local st
	while :; do
		"$@" >/dev/null 2>&1
		st=$?
		[ "$st" -eq 0 ] && return 0
		if [ "$st" -eq 99 ]; then
			fail "$what (gave up: $(cat "$T/.gave-up" 2>/dev/null))"
			return 1
		fi
		if [ "$SECONDS" -ge "$end" ]; then
			fail "$what (not within $WAIT s)"
			return 1
		fi
		sleep 0.1
	done
}
# start_serve NAME IIO-SERVE-OPTION...: iio-serve on a port of 127.0.0.1
# the kernel picks (so suites running side by side never meet), its stderr
# in $T/NAME.err; returns once it answers /healthz (with any status), with its base URL in
# $served_url and its pid in $served_pid. Stopped when the test exits.
start_serve() {
	local name=$1
	shift
	"$BIN/iio-serve" --listen 127.0.0.1:0 "$@" 2>"$T/$name.err" &
	served_pid=$!
	_pids+=("$served_pid")
	served_url=
	wait_until "iio-serve ($name) starts" _serve_started "$T/$name.err" "$served_pid" || return 1
	served_url=$(sed -n 's|^iio-serve: listening on \(http://[^/]*\)/.*|\1|p' "$T/$name.err" | head -1)
	wait_until "iio-serve ($name) answers" curl -s -o /dev/null --max-time "$WAIT" "$served_url/healthz"
}
# The server said where it listens; a server that died says so at once.
_serve_started() {
	grep -q '^iio-serve: listening on' "$1" && return 0
	kill -0 "$2" 2>/dev/null && return 1
	{ echo "it exited:"; cat "$1"; } >"$T/.gave-up"
	return 99
}
# free_port: a TCP port of 127.0.0.1 that nothing listens on now, for
# servers that cannot be told to take port 0 themselves (xapian-tcpsrv).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# write_manifest GEN [1|2]: GEN/MANIFEST written anew for the files GEN now
# holds, in that manifest format (2, with its end line, is iio-index's; 1
# is an older release's) - for a generation a test has changed on purpose.
write_manifest() {
	python3 - "$1" "${2:-2}" <<'PY'
import os, sys, zlib
g, version = sys.argv[1], sys.argv[2]
body = ""
names = [n for n in sorted(os.listdir(g)) if n not in ("MANIFEST", "flintlock")]
for name in names:
    data = open(os.path.join(g, name), "rb").read()
    body += "%d %08x %s\n" % (len(data), zlib.crc32(data), name)
end = "end %d %08x\n" % (len(names), zlib.crc32(body.encode())) if version == "2" else ""
open(os.path.join(g, "MANIFEST"), "w").write("iio-manifest %s\n" % version + body + end)
PY
}
