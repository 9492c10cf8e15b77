#!/bin/bash
# damaged.t - damaged indexes: a truncated and a corrupted table file, a
# stub database pointing nowhere, the live generation removed, files the
# user may not read, a table changed in place under a running server. The CLI exits 2 with a message that says what is
# wrong; iio-serve answers 503 with a JSON error while it lasts, recovers
# when a good generation is back, and never crashes.
. "$(dirname "$0")/lib.sh"

run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/good"
t_is "$rc" 0 "index the bundled corpus"
fresh() { rm -rf "$T/$1"; cp -a "$T/good" "$T/$1"; }
table() { echo "$T/$1/$(readlink "$T/$1/current")/postlist.glass"; }

# A manifest cut short right after one of its lines still reads as lines:
# its end line (how many files, a checksum of the lines) tells it.
fresh cutman
m="$T/cutman/$(readlink "$T/cutman/current")/MANIFEST"
head -n 3 "$m" >"$m.short" && mv "$m.short" "$m"
run "$BIN/iio-index" --verify --index "$T/cutman"
t_is "$rc" 2 "a manifest cut at a line's end: --verify says the generation is damaged"
t_has "$out$err" "cut short: it has no end line" "... because its end line is missing"

# A table file cut in half (a disk that filled, a copy that stopped).
fresh cut
f=$(table cut)
truncate -s $(($(stat -c %s "$f") / 2)) "$f"
run "$BIN/iio-search" --index "$T/cut" krimp
t_is "$rc" 2 "truncated table: exit 2"
t_has "$err" "is damaged: postlist.glass is $(stat -c %s "$f") bytes, the manifest says" "... saying the index is damaged, and where (its manifest)"
t_has "$err" "iio-index --full" "... and how to rebuild it"
t_is "$out" "" "... and printing no results"

# Garbage over every block but the first and last.
fresh garbage
f=$(table garbage)
head -c $(($(stat -c %s "$f") - 16384)) /dev/urandom | dd of="$f" bs=8192 seek=1 conv=notrunc status=none
run "$BIN/iio-search" --index "$T/garbage" krimp
t_is "$rc" 2 "corrupted table: exit 2"
t_has "$err" "$T/garbage" "... naming the index"
t_has "$err" "is damaged: postlist.glass does not match its checksum" "... with the reason (its manifest's checksum; Xapian's own said 'Corrupt')"
run "$BIN/iio-search" --index "$T/garbage" --json krimp
t_is "$rc" 2 "... --json: exit 2 too"

# An index built by another version: its copy of the lexicon is of
# another format (as after an upgrade, before the nightly run rebuilt it).
fresh oldlex
printf 'IIOLEX01' | dd of="$T/oldlex/$(readlink "$T/oldlex/current")/nl.lex" bs=1 conv=notrunc status=none
# (and the manifest that version wrote for it: it is not damage)
write_manifest "$T/oldlex/$(readlink "$T/oldlex/current")" 1
run env -u IIO_LEXICON "$BIN/iio-search" --index "$T/oldlex" krimp
t_is "$rc" 2 "an index with another version's lexicon: exit 2"
t_has "$err" "built by another version of iio-search" "... saying the index is of another version"
t_has "$err" "iio-index --full" "... and how to rebuild it"
run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/oldlex"
t_is "$rc" 0 "the nightly run rebuilds it"
run env -u IIO_LEXICON "$BIN/iio-search" --index "$T/oldlex" -n 1 krimp
t_is "$rc" 0 "... and it answers again"

# The lexicon a generation names: gone, or another one now at its path.
mkdir -p "$T/lexdir"
cp "${IIO_LEXICON:-$TOP/lib/iio-search/nl.lex}" "$T/lexdir/nl.lex"
run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/named" --lexicon "$T/lexdir/nl.lex"
t_is "$(cat "$T/named/current/LEXICON")" "$T/lexdir/nl.lex" "a generation names the lexicon it was built with"
run env -u IIO_LEXICON "$BIN/iio-search" --index "$T/named" -n 1 krimp
t_is "$rc" 0 "... and is searched with it"
mv "$T/lexdir/nl.lex" "$T/lexdir/moved.lex"
run env -u IIO_LEXICON "$BIN/iio-search" --index "$T/named" -n 1 krimp
t_is "$rc" 2 "that lexicon gone (and none installed): exit 2"
t_has "$err" "was built with the lexicon $T/lexdir/nl.lex, which cannot be read" "... naming the lexicon it needs"
t_has "$err" "iio-index --full" "... and how to rebuild"
head -c 4096 "$T/lexdir/moved.lex" >"$T/lexdir/nl.lex"
run env -u IIO_LEXICON "$BIN/iio-search" --index "$T/named" -n 1 krimp
t_is "$rc" 2 "another file at its path: exit 2, never a search with another analyzer"
run env -u IIO_LEXICON "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/named" --lexicon "$T/lexdir/moved.lex"
t_is "$rc" 0 "the nightly run with the lexicon where it is now succeeds"
run env -u IIO_LEXICON "$BIN/iio-search" --index "$T/named" -n 1 krimp
t_is "$rc" 0 "... and the index answers again"

# A stub database (as for remote shards) that points nowhere.
printf 'auto %s/nowhere\n' "$T" >"$T/stub"
run "$BIN/iio-search" --index "$T/stub" krimp
t_is "$rc" 2 "stub pointing nowhere: exit 2"
t_has "$err" "$T/nowhere" "... naming where it points"
printf 'glass\n' >"$T/badstub"
run "$BIN/iio-search" --index "$T/badstub" krimp
t_is "$rc" 2 "stub with a malformed line: exit 2"

# The live generation removed (current dangles).
fresh gone
rm -rf "$T/gone/$(readlink "$T/gone/current")"
run "$BIN/iio-search" --index "$T/gone" krimp
t_is "$rc" 2 "live generation removed: exit 2"
t_has "$err" "is missing" "... saying it is missing"

# Files the user may not read: a permission problem, not a missing index.
fresh noperm
chmod 755 "$T"
chmod 000 "$(table noperm)"
if [ "$(id -u)" = 0 ]; then as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups); else as_user=(); fi
# The program itself, not the valgrind wrapper: valgrind running as nobody
# cannot read a binary inside a checkout only root may enter.
run "${as_user[@]}" "$TOP/bin/iio-search" --index "$T/noperm" krimp
t_is "$rc" 2 "unreadable table: exit 2"
t_has "$err" "Permission denied" "... saying permission is denied"
t_hasnt "$err" "build one" "... not that there is no index"
chmod 700 "$T"

# iio-serve: the live generation damaged and removed under it.
fresh live
start_serve serve --index "$T/live" --access-log none
U=$served_url
pid=$served_pid
code() { curl -s -o "$T/body" -w '%{http_code}' --max-time "$WAIT" "$@"; }
t_is "$(code "$U/api/search?q=krimp")" 200 "serving"
f=$(table live)
truncate -s $(($(stat -c %s "$f") / 2)) "$f"
t_is "$(code "$U/api/search?q=leerlingenkrimp&exact_total=1")" 503 "a truncated table under the server: 503"
t_is "$(jq -r '.status' "$T/body")" 503 "... as JSON"
t_has "$(jq -r '.error' "$T/body")" "postlist.glass is $(stat -c %s "$f") bytes, the manifest says" "... with the reason"
t_is "$(code "$U/api/search?q=krimp")" 503 "... again on the next request (the handle was dropped, the file is still bad)"
run "$BIN/iio-index" --quiet --full --corpus "$TOP/corpus" --index "$T/live"
t_is "$rc" 0 "a rebuild"
t_is "$(code "$U/api/search?q=krimp")" 200 "the server recovers with the new generation"
t_is "$(code "$U/healthz")" 200 "... healthz"
gen=$(jq -r .generation "$T/body")
rm -rf "${T:?}/live/$gen"
c1=$(code "$U/api/search?q=krimp")
c2=$(code "$U/api/search?q=onderwijs")
case "$c1 $c2" in *000*) fail "generation removed under the server: answers, no dropped connections" "$c1 $c2" ;;
*) pass "generation removed under the server: answers, no dropped connections ($c1 $c2)" ;; esac
t_is "$(code "$U/healthz")" 503 "... healthz says 503 (a new handle cannot open it)"
t_has "$(cat "$T/body")" '"status":503' "... as JSON"
run "$BIN/iio-index" --quiet --full --corpus "$TOP/corpus" --index "$T/live"
t_is "$(code "$U/api/search?q=krimp")" 200 "recovers when a generation is back"
kill -0 $pid 2>/dev/null && pass "the server never crashed" || fail "the server never crashed" "$(tail -5 "$T/serve.err")"

# A table changed in place (its size kept) after the server checked the
# generation: /healthz says what searches meet, not what the first check saw.
fresh inplace
start_serve inplace --index "$T/inplace" --access-log none
U=$served_url
t_is "$(code "$U/healthz")" 200 "another server: healthy"
t_is "$(code "$U/api/search?q=krimp")" 200 "... and searching"
f=$(table inplace)
head -c 8192 /dev/urandom | dd of="$f" bs=8192 seek=1 conv=notrunc status=none
t_is "$(code "$U/healthz")" 503 "a table changed in place under it: /healthz 503"
t_has "$(jq -r .error "$T/body")" "postlist.glass does not match its checksum" "... naming the table that changed"
code "$U/api/search?q=leerlingenkrimp&exact_total=1" >/dev/null
t_is "$(code "$U/healthz")" 503 "... and again after a search"
run "$BIN/iio-index" --quiet --full --corpus "$TOP/corpus" --index "$T/inplace"
t_is "$(code "$U/healthz")" 200 "healthy again when a sound generation is live"
done_testing
