#!/bin/bash
# reliability.t - the defects a fault hunt found, each as it was reproduced:
# stale answers after a rollback, generations lost when the live pointer is
# missing, NUL bytes, over-long ids, empty gzip files, duplicate ids,
# invalid UTF-8 and FIFOs in the corpus, bad filter values, error bodies.
. "$(dirname "$0")/lib.sh"

C=$T/c
cp -r "$TOP/corpus" "$C"
IDX=$T/i
ix() { run "$BIN/iio-index" --quiet "$@"; }

# ---- generation names are never reused; "current" means the same directory
ix --corpus "$C" --index "$IDX"
echo '{"id":"rb-a","type":"case","title":"zzalpha","text":"zzalpha"}' >>"$C/cases/cases-sample.jsonl"
ix --corpus "$C" --index "$IDX"
t_is "$(readlink "$IDX/current")" gen-0002 "a second generation is live"
start_serve serve --index "$IDX" --access-log none
U=$served_url
get() { curl -s -o "$T/body" -w '%{http_code}' --max-time "$WAIT" "$@"; }
get "$U/api/search?q=zzalpha" >/dev/null
t_is "$(jq -r '[.results[].id] | join(",")' "$T/body")" rb-a "the server finds the new record"
ix --index "$IDX" --rollback
t_is "$rc" 0 "--rollback"
ix --index "$IDX" --remove case-001
t_is "$rc" 0 "--remove case-001 after the rollback"
t_is "$(readlink "$IDX/current")" gen-0003 "the new generation takes a new name (gen-0002 was deleted, not reused)"
t_is "$(get "$U/api/doc/case-001")" 404 "the server no longer shows the record taken down"
get "$U/api/search?q=zzalpha" >/dev/null
t_is "$(jq -r '.total' "$T/body")" 0 "... nor the record of the generation rolled back from"
get "$U/healthz" >/dev/null
t_is "$(jq -r '.generation' "$T/body")" gen-0003 "/healthz names the live generation"
t_is "$(jq -r .records "$T/body")" 1430 "... and counts the records it holds (the 1431 of gen-0001, less case-001)"
ix --corpus "$C" --index "$IDX"
t_is "$(readlink "$IDX/current")" gen-0004 "the next run: gen-0004"

# ---- a missing live pointer keeps the newest complete generation
rm "$IDX/current"
mkdir "$T/empty"
ix --corpus "$T/empty" --index "$IDX"
t_is "$rc" 2 "no current, a run that fails: exit 2"
t_has "$err" "current was missing: gen-0004, the newest complete generation, is live again" "... saying which generation it kept"
t_is "$(readlink "$IDX/current")" gen-0004 "... which is live"
t_is "$(ls -d "$IDX"/gen-* | wc -l)" 2 "... and no generation was deleted"
run "$BIN/iio-search" --index "$IDX" -n 1 leerlingenkrimp
t_is "$rc" 0 "searches are answered"
ix --index "$IDX" --rollback
t_is "$rc" 0 "--rollback still works"
cp -r "$IDX/gen-0004" "$IDX/gen-0009"
rm -f "$IDX/gen-0009/nl.lex" "$IDX/gen-0009/MANIFEST"
rm "$IDX/current"
ix --corpus "$C" --index "$IDX"
t_is "$rc" 0 "no current and a leftover of a killed run: the run succeeds"
t_has "$err" "gen-0004, the newest complete generation" "... keeping the newest complete one, not the leftover"
t_is "$(readlink "$IDX/current")" gen-0006 "... and its new generation goes live (gen-0005 went to the failed run)"
t_is "$(ls -d "$IDX"/gen-0009 2>/dev/null)" "" "... the leftover is pruned"

done_testing
