#!/bin/bash
# abuse.t - iio-serve against hostile clients on 127.0.0.1, each bounded
# in connections and time (tests/tools/http-abuse.py): slow clients,
# idle connections, oversized headers and URLs, connection floods from one
# and from many addresses, NUL bytes and invalid UTF-8 in parameters. The
# server keeps answering others throughout, and afterwards. Loopback
# addresses 127.0.0.2-12 stand for different clients.
. "$(dirname "$0")/lib.sh"

run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index"
t_is "$rc" 0 "index the bundled corpus"
start_serve serve --index "$T/index" --access-log none --max-connections 40 --per-ip 8 --timeout 2 --head-timeout 2
U=$served_url
pid=$served_pid
port=${U##*:}
H=$TOP/tests/tools/http-abuse.py
code() { curl -s -o "$T/body" -w '%{http_code}' --max-time "$WAIT" "$@"; }

# Slow clients (slowloris): one address gets at most --per-ip connections;
# another address is served meanwhile.
"$H" slowloris "$port" 20 127.0.0.1 "$T/slow.ready" 8 >"$T/slow.json" &
slow=$!
wait_until "the slow clients connect" test -e "$T/slow.ready"
t_is "$(code --interface 127.0.0.2 "$U/api/search?q=krimp")" 200 "served while 20 slow clients trickle headers"
wait $slow
t_is "$(jq -r '.kept <= 8 and .closed >= 12' "$T/slow.json")" true \
	"a slow address holds at most --per-ip 8 connections ($(cat "$T/slow.json"))"

# Slow clients from many addresses fill every connection the server allows
# (10 x 8 > 40), each trickling its request head for 10 s: the server cuts
# each head after --head-timeout (2 s), long before the trickle ends, and
# a normal client is served again.
slow=()
for i in 2 3 4 5 6 7 8 9 10 11; do
	"$H" slowloris "$port" 8 127.0.1.$i "$T/many.$i.ready" 0 10 >"$T/many.$i.json" &
	slow+=($!)
done
for i in 2 3 4 5 6 7 8 9 10 11; do wait_until "slow clients from 127.0.1.$i connect" test -e "$T/many.$i.ready"; done
served() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --interface 127.0.0.12 "$U/healthz")" = 200 ]; }
wait_until "a normal client is served while slow clients from 10 addresses trickle" served && pass "a normal client is served while slow clients from 10 addresses trickle"
wait "${slow[@]}"
held=$(cat "$T"/many.*.json | jq -s 'map(.trickling) | add')
t_is "$held" 0 "... every slow head was cut by --head-timeout while it still trickled ($(cat "$T"/many.*.json | jq -sc 'map(.tried - .refused) | add') accepted)"

# An idle connection is closed after --timeout.
out=$("$H" idle "$port" 127.0.0.3 "$WAIT")
t_is "$(jq -r '.closed' <<<"$out")" true "an idle connection is closed by the server ($out)"

# Oversized header and URL: refused with a status, not a crash.
out=$("$H" bigheader "$port" 300000)
t_has "$out" "431" "a 300 KB header: 431"
out=$("$H" bigheader "$port" 1000)
t_has "$out" "200 OK" "a 1 KB header: 200"
long=$(head -c 80000 /dev/zero | tr '\0' a)
c=$(code "$U/api/search?q=$long")
t_is "$c" 400 "an 80 KB URL is refused"
t_has "$(jq -r .error "$T/body")" "the limit is 4096" "... as JSON, naming the limit"
many=$(for i in $(seq 1000); do printf '&a%d=1' "$i"; done)
t_is "$(code "$U/api/search?q=krimp$many")" 400 "1,000 parameters (a 7 KB URL): 400, not a connection closed without an answer"
t_has "$(jq -r .error "$T/body")" "1001 parameters; the limit is 64" "... as JSON, naming the limit"
long=$(head -c 5000 /dev/zero | tr '\0' a)
t_is "$(code "$U/api/search?q=$long")" 400 "a 5000-byte query: 400"
t_has "$(cat "$T/body")" "the limit is 4096" "... naming the limit"

# Floods: from one address, at most --per-ip; from many, at most
# --max-connections in all.
out=$("$H" flood "$port" 60 127.0.0.4 8)
t_is "$(jq -r '.kept <= 8' <<<"$out")" true "60 connections from one address: at most 8 kept ($out)"
out=$("$H" floodmany "$port" 8 127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9,127.0.0.10,127.0.0.11 40)
kept=$(jq -r .kept <<<"$out")
t_is "$([ "$kept" -le 40 ] && echo yes)" yes "56 connections from 7 addresses: at most --max-connections 40 kept ($kept)"
t_is "$(code --interface 127.0.0.12 "$U/healthz")" 200 "served again after the floods"

# Hostile parameters.
t_is "$(code "$U/api/search?q=krim%00p")" 400 "a NUL byte in q: 400"
t_has "$(cat "$T/body")" "parameter q holds a NUL byte" "... naming the parameter"
t_is "$(code "$U/api/search?q=krimp&vak=wis%00kunde")" 400 "a NUL byte in a filter: 400"
QUERY_STRING='q=krim%00p&format=json' IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
t_has "$out" "Status: 400" "CGI: a NUL byte in q: 400"
t_has "$out" "parameter q holds a NUL byte" "... naming the parameter"
t_is "$(code "$U/api/search?q=%C0%AF")" 400 "an overlong UTF-8 encoding: 400"
t_is "$(code "$U/api/search?q=$(printf '%%28%.0s' $(seq 40))krimp")" 400 "parentheses 40 deep: 400"
t_has "$(cat "$T/body")" "deeper than 32" "... naming the limit"
t_is "$(code "$U/api/search?q=krimp&offset=99999999999999999999999")" 400 "a huge offset: 400"
t_is "$(code "$U/api/search?q=krimp&limit=-1")" 400 "a negative limit: 400"
t_is "$(code "$U/api/search?q=$(printf 'k%%2A+%.0s' $(seq 64))")" 200 "64 one-letter wildcards: 200"

# libmicrohttpd's complaints (a line per refused connection) are rate-limited.
mhd_lines=$(grep -c 'iio-serve: .*limit' "$T/serve.err")
t_is "$([ "$mhd_lines" -le $((5 * (SECONDS + 1))) ] && echo yes)" yes \
	"the floods wrote at most 5 libmicrohttpd lines a second ($mhd_lines in ${SECONDS} s)"
t_has "$(cat "$T/serve.err")" "more messages of libmicrohttpd left out" "... and say how many were left out"
kill -0 $pid 2>/dev/null && pass "the server is still running" || fail "the server is still running"
done_testing
