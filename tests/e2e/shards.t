#!/bin/bash
# shards.t - iio-index --shards N, and searching the shards as one index:
# locally through the stub file, and through Xapian's remote backend with
# two xapian-tcpsrv processes on 127.0.0.1. Results (ids, order, totals and records,
# spelling suggestions, synonyms) equal those of the one combined index.
. "$(dirname "$0")/lib.sh"

IDX=$T/index
run "$BIN/iio-index" --shards 2 --corpus "$TOP/corpus" --index "$IDX"
t_is "$rc" 0 "iio-index --shards 2"
S=$IDX/current/shards
t_ok "the generation has shards/stub, tables, shard-0, shard-1" test -f "$S/stub" -a -d "$S/tables" -a -d "$S/shard-0" -a -d "$S/shard-1"
t_is "$(cat "$S/stub")" "$(printf 'auto tables\nauto shard-0\nauto shard-1')" "the stub lists the tables and the shards"
n0=$(xapian-delve "$S/shard-0" | sed -n 's/^number of documents = //p')
n1=$(xapian-delve "$S/shard-1" | sed -n 's/^number of documents = //p')
nt=$(xapian-delve "$S/tables" | sed -n 's/^number of documents = //p')
t_is "$((n0 + n1))/$nt" "1431/0" "the shards hold every record once ($n0 + $n1), the tables none"
t_ok "both shards have a fair part" test "$n0" -gt 500 -a "$n1" -gt 500

run "$BIN/iio-index" --shards 0 --corpus "$TOP/corpus" --index "$T/x"
t_is "$rc" 2 "--shards 0: exit 2"
t_has "$err" "--shards wants a number from 1 to 64" "... saying what it takes"

# The same answers from the whole, the local stub and the remote shards.
QUERIES=(krimp leraar "stelling van pythagoras" "innovat*" leerlingekrimp po "docent OR leerkracht"
	"e-klas" "onderwijs -leraar" "vak:wiskunde stelling" "jaar:2012..2014 video" "titel:fotosynthese"
	"waarom werkt een innovatie alleen als iedereen meedoet" innovatiebrigadiers fotosynthese "+ouders vernieuwing")
answers() { # answers INDEX [OPTIONS]: one line per query (exact totals: estimates
	# legitimately differ between one database and its shards)
	local idx=$1; shift
	for q in "${QUERIES[@]}"; do
		"$BIN/iio-search" --index "$idx" --json -n 50 --no-snippets --exact-total "$@" -- "$q" |
			jq -c '[.query, .total, .records, .complete, .relaxed, .suggestion,
				[.results[] | [.id, .group, .more, .missing, [.passages[]?.id]]]]'
	done
}
whole=$(answers "$IDX")
t_is "$(wc -l <<<"$whole")" "${#QUERIES[@]}" "the whole index answers every query"
t_is "$(answers "$S/stub")" "$whole" "the local stub over the shards answers exactly as the whole"
t_is "$(answers "$S/stub" --sort date)" "$(answers "$IDX" --sort date)" "... sorted by date too"
t_is "$(answers "$S/stub" --offset 1000 -n 20)" "$(answers "$IDX" --offset 1000 -n 20)" "... a page beyond the best-match window too"

p0=$(free_port); p1=$(free_port)
while [ "$p1" = "$p0" ]; do p1=$(free_port); done
setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$p0" "$S/shard-0" >"$T/tcp0.log" 2>&1 &
t0=$!
setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$p1" "$S/shard-1" >"$T/tcp1.log" 2>&1 &
t1=$!
# xapian-tcpsrv signals its whole process group when it stops: each runs in
# a session of its own (setsid), and is stopped with its children.
stop_servers() { kill -- -"$t0" -"$t1" 2>/dev/null; wait "$t0" "$t1" 2>/dev/null; }
trap 'stop_servers; _cleanup' EXIT
printf 'auto %s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$S/tables" "$p0" "$p1" >"$T/remote.stub"
wait_until "the shards are served" "$BIN/iio-search" --index "$T/remote.stub" -n 1 krimp
remote=$(IIO_LEXICON=$(cat "$S/LEXICON") answers "$T/remote.stub")
t_is "$remote" "$whole" "two xapian-tcpsrv shards answer exactly as the whole (ids, order, totals, suggestions, groups, passages, missing words)"
t_is "$(IIO_LEXICON=$(cat "$S/LEXICON") answers "$T/remote.stub" --offset 1000 -n 20)" "$(answers "$IDX" --offset 1000 -n 20)" \
	"... a page beyond the best-match window too"
t_has "$(grep '"leerlingekrimp"' <<<"$remote")" '"leerlingenkrimp"' "... spelling suggestions come from the tables"
t_is "$(grep '"po"' <<<"$remote")" "$(grep '"po"' <<<"$whole")" "... synonyms (po = primair onderwijs) too"
# Facet counts too: every match counted once, though the searcher may
# fetch from the shards more than once for a page.
facets() { # facets INDEX: the counts of every facet, per query
	local idx=$1 q
	for q in krimp leraar "innovat*" video "type:document onderwijs" "jaar:2012..2014 video"; do
		"$BIN/iio-search" --index "$idx" --json -n 50 --no-snippets --facets -- "$q" | jq -c '[.query, .total, .facets]'
	done
}
t_is "$(IIO_LEXICON=$(cat "$S/LEXICON") facets "$T/remote.stub")" "$(facets "$IDX")" "... and the same facet counts"
run "$BIN/iio-search" --index "$T/remote.stub" --show case-001 --json
t_is "$(jq -r .id <<<"$out")" "case-001" "--show over the remote shards"

# A nightly run while xapian-tcpsrv serves INDEX/current/shards/...: a new
# connection opens the new generation (the servers follow the symlink).
stop_servers
setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$p0" "$IDX/current/shards/shard-0" >"$T/tcp0.log" 2>&1 &
t0=$!
setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$p1" "$IDX/current/shards/shard-1" >"$T/tcp1.log" 2>&1 &
t1=$!
printf 'auto %s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$IDX/current/shards/tables" "$p0" "$p1" >"$T/remote.stub"
wait_until "the shards of the live generation are served" "$BIN/iio-search" --index "$T/remote.stub" -n 1 krimp
run "$BIN/iio-search" --index "$T/remote.stub" --json --show video-0845
t_is "$rc" 0 "video-0845 is served by the shards"
run "$BIN/iio-index" --shards 2 --remove video-0845 --corpus "$TOP/corpus" --index "$IDX"
t_is "$rc" 0 "a new generation (video-0845 taken down) while the shards are served"
run "$BIN/iio-search" --index "$T/remote.stub" --json --show video-0845
t_is "$rc" 1 "the next search through xapian-tcpsrv no longer finds it"
run "$BIN/iio-search" --index "$T/remote.stub" --json -n 50 --no-snippets --exact-total krimp
[ "$rc" = 0 ] || echo "# $err"
t_is "$(jq -c '[.total, [.results[].id]]' <<<"$out")" \
	"$("$BIN/iio-search" --index "$IDX" --json -n 50 --no-snippets --exact-total krimp | jq -c '[.total, [.results[].id]]')" \
	"... and answers as the new whole index does"
done_testing
