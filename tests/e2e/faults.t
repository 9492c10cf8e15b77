#!/bin/bash
# faults.t - a damaged generation, file by file: each file of a published
# generation garbled at three offsets (fixed seeds), cut to half, and
# deleted. For every case: no program dies of a signal; iio-index --verify
# names the damage (exit 2); iio-search answers (exit 0/1) or says the
# index is damaged (exit 2, one line naming it); the CGI answers 200 or
# 503; a running iio-serve answers 503 with the reason (it checks each
# generation against its manifest before serving it), and answers again
# once the live pointer moves back to a sound generation. Then the lexicon
# cut short under a running server: the server ends with a line naming the
# index (its supervisor restarts it) and the restarted one refuses the
# generation until a sound one is live. Then the kill point of --rollback.
. "$(dirname "$0")/lib.sh"
# Every program reads the lexicon the generation names or carries (the
# one that is damaged here), not the one $IIO_LEXICON would name.
unset IIO_LEXICON

R=$T/index
"$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$R" || fail "index the corpus"
good=$(readlink "$R/current")
# live NAME: point the live pointer at generation NAME (as iio-index does).
live() { ln -sfn "$1" "$R/current.new" && mv -T "$R/current.new" "$R/current"; }
# A signal death shows as 128+N (timeout's own 124 is a hang).
signalled() { [ "$1" -gt 128 ] || [ "$1" = 124 ]; }

start_serve serve --index "$R" --access-log none
U=$served_url
spid=$served_pid
code() { curl -s -o "$T/body" -w '%{http_code}' --max-time "$WAIT" "$@"; }
t_is "$(code "$U/api/search?q=leerkracht")" 200 "the sound generation is served"

files=$(cd "$R/$good" && ls | grep -v '^flintlock$')
n=0 cases=0 sigs=0 cli_bad=0 cgi_bad=0 srv_bad=0 verify_bad=0 back_bad=0 silent=0
for f in $files; do
	for how in garble:1 garble:2 garble:3 half delete; do
		n=$((n + 1))
		g=gen-$((5000 + n))
		cp -r "$R/$good" "$R/$g"
		p=$R/$g/$f
		case $how in
		garble:*)
			python3 - "$p" "${how#garble:}" <<'PY'
import random, sys
path, seed = sys.argv[1], int(sys.argv[2])
b = bytearray(open(path, 'rb').read())
r = random.Random(seed)
at = int(len(b) * (0.1, 0.5, 0.9)[seed - 1])
for i in range(at, min(len(b), at + 64)):
    b[i] = r.randrange(256)
# and 1% of the file at random places
for _ in range(len(b) // 100):
    b[r.randrange(len(b))] = r.randrange(256)
open(path, 'wb').write(b)
PY
			;;
		half) truncate -s $(($(stat -c %s "$p") / 2)) "$p" ;;
		delete) rm "$p" ;;
		esac
		live "$g"
		cases=$((cases + 1))
		what="$f $how"

		run timeout "$WAIT" "$BIN/iio-index" --verify --index "$R"
		signalled "$rc" && { sigs=$((sigs + 1)); echo "# iio-index --verify, $what: signal (exit $rc)"; }
		case "$rc $out" in "2 "*"$g (live): DAMAGED: "*) ;; *) verify_bad=$((verify_bad + 1)); echo "# --verify, $what: exit $rc: $out" ;; esac

		for q in leerkracht "leerlingenkrimp docent" '"gouden eeuw"'; do
			run timeout "$WAIT" "$BIN/iio-search" --index "$R" -n 20 "$q"
			if signalled "$rc"; then
				sigs=$((sigs + 1)); echo "# iio-search, $what: signal (exit $rc)"
			elif [ "$rc" = 2 ]; then
				case $err in *"$R"*"iio-index --verify"*) ;; *) cli_bad=$((cli_bad + 1)); echo "# iio-search, $what: exit 2 without naming the index: $err" ;; esac
			elif [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
				cli_bad=$((cli_bad + 1)); echo "# iio-search, $what: exit $rc"
			else
				silent=$((silent + 1))
			fi
		done

		QUERY_STRING='q=leerkracht&format=json' IIO_INDEX=$R run timeout "$WAIT" "$BIN/iio-search.cgi"
		if signalled "$rc"; then
			sigs=$((sigs + 1)); echo "# CGI, $what: signal (exit $rc)"
		else
			case $out in "Status: 200"*|"Status: 503"*) ;; *) cgi_bad=$((cgi_bad + 1)); echo "# CGI, $what: exit $rc: $(head -c 200 <<<"$out")" ;; esac
		fi

		c=$(code "$U/api/search?q=leerkracht")
		msg=$(jq -r .error "$T/body" 2>/dev/null)
		case "$c $msg" in "503 "*"is damaged"*|"503 "*"cannot"*) ;; *) srv_bad=$((srv_bad + 1)); echo "# iio-serve, $what: $c $msg" ;; esac
		c2=$(code "$U/healthz")
		[ "$c2" = 503 ] || { srv_bad=$((srv_bad + 1)); echo "# iio-serve /healthz, $what: $c2"; }
		live "$good"
		c=$(code "$U/api/search?q=leerkracht")
		[ "$c" = 200 ] || { back_bad=$((back_bad + 1)); echo "# iio-serve after the pointer moved back, $what: $c"; }
		rm -rf "${R:?}/$g"
	done
done
t_is "$sigs" 0 "$cases damaged generations: no program died of a signal"
t_is "$verify_bad" 0 "... iio-index --verify named the damaged live generation every time (exit 2)"
t_is "$cli_bad" 0 "... iio-search answered or said the index is damaged, naming it and iio-index --verify ($silent of $((cases * 3)) searches answered)"
t_is "$cgi_bad" 0 "... the CGI answered 200 or 503"
t_is "$srv_bad" 0 "... iio-serve answered 503 with the reason, /healthz too"
t_is "$back_bad" 0 "... and answered again once the live pointer moved to a sound generation"
kill -0 "$spid" 2>/dev/null && pass "... and never stopped" || fail "... and never stopped" "$(cat "$T/serve.err")"

# The mapped lexicon cut short under a running server (a disk going bad,
# an operator's mistake): the next search faults on the missing pages.
# (a generation that carries its lexicon: --bundle-lexicon)
run "$BIN/iio-index" --quiet --full --bundle-lexicon --corpus "$TOP/corpus" --index "$R"
g=$(readlink "$R/current")
t_is "$(code "$U/api/search?q=leerkracht")" 200 "a new sound generation is served"
truncate -s 4096 "$R/$g/nl.lex"
code "$U/api/search?q=onderwijsvernieuwing" >/dev/null
code "$U/api/search?q=leerlingenkrimp+schoolleider" >/dev/null
# (ended: gone, or a zombie until this shell reaps it)
gone() { ! kill -0 "$spid" 2>/dev/null || [ "$(ps -o stat= -p "$spid" | cut -c1)" = Z ]; }
wait_until "the server ends when a search faults on the lexicon" gone
t_has "$(cat "$T/serve.err")" "iio-serve: a search crashed (SIGBUS) reading index $R: it may be damaged; check it with iio-index --verify --index $R" \
	"... with one line naming the index and iio-index --verify"
# The supervisor (systemd: Restart=on-failure) starts it again.
start_serve serve2 --index "$R" --access-log none
U=$served_url
t_is "$(code "$U/api/search?q=leerkracht")" 503 "restarted, it refuses the damaged generation (503)"
t_has "$(jq -r .error "$T/body")" "nl.lex is 4096 bytes, the manifest says" "... saying why"
t_is "$(code "$U/healthz")" 503 "... /healthz too"
run "$BIN/iio-index" --index "$R" --rollback
t_is "$(code "$U/api/search?q=leerkracht")" 200 "after --rollback it answers again"

# The kill point of a --rollback with nothing to hide (one with records to
# hide dies at the publish pipeline's points: tests/e2e/takedown.t): killed
# there, the live generation stays live and the rollback can be run again.
F=$T/rollback
"$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$F"
"$BIN/iio-index" --quiet --full --corpus "$TOP/corpus" --index "$F"
was=$(readlink "$F/current")
IIO_FAULT=before-rollback-switch run "$BIN/iio-index" --index "$F" --rollback 2>/dev/null
t_is "$rc" 137 "IIO_FAULT=before-rollback-switch: the run died there"
t_is "$(readlink "$F/current")" "$was" "... the live pointer did not move"
run "$BIN/iio-index" --verify --index "$F"
t_is "$rc" 0 "... and --verify finds the index sound"
run "$BIN/iio-index" --index "$F" --rollback
t_is "$rc" 0 "... and the rollback, run again, succeeds"
[ "$(readlink "$F/current")" != "$was" ] && pass "... making the older generation live" || fail "... making the older generation live"
done_testing
