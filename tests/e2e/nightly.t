#!/bin/bash
# nightly.t - the nightly rebuild: incremental runs equal full ones, a run
# killed at 29 moments or stopped by a full disk leaves the live index
# serving as before, one run at a time, readers never see an error or an
# empty answer during 20 rebuilds, takedowns, nothing lost, rollback.
. "$(dirname "$0")/lib.sh"

C=$T/corpus
IDX=$T/index
DUMP=$TOP/build/tests/index-dump
LOOP=$TOP/build/tests/query-loop
cp -r "$TOP/corpus" "$C"
CASES=$C/cases/cases-sample.jsonl
export IIO_INDEX=$IDX

idx() { run "$BIN/iio-index" --corpus "$C" --index "$IDX" "$@"; }
# The answers a user sees: ids of the first page for a few queries.
answers() {
	local q
	for q in pythagoras leerlingenkrimp "werkwoordspelling" nachtwerk; do
		"$BIN/iio-search" --json --limit 10 "$q" | jq -c '[.results[].id]'
	done
}
partials() { (cd "$IDX" && ls -d gen-* 2>/dev/null | awk -v live="$(readlink current)" '$0 > live') ; }

idx --full
t_is "$rc" 0 "first run: exit 0"
t_has "$out" "full run: 1431 added" "first run is full"
before=$(answers)
t_has "$before" '"video-' "the baseline answers something"

# ---- incremental = full -------------------------------------------------
idx --report "$T/inc.json"
t_has "$out" "incremental run: 0 added, 0 changed, 1431 unchanged" "an unchanged corpus: nothing re-indexed"
sed -i '7s/Wat werkte:/Wat goed werkte:/' "$CASES"
id7=$(sed -n 7p "$CASES" | jq -r .id)
idx --report "$T/inc.json"
t_is "$rc" 0 "incremental run after one change: exit 0"
t_has "$out" "incremental run: 0 added, 1 changed, 1430 unchanged, 0 deleted" "one changed record out of 1431 is re-indexed"
t_is "$(jq -c '[.mode, .records.analyzed, .records.changed, .documents, .status, .exit]' "$T/inc.json")" \
	'["incremental",1,1,1431,"ok",0]' "--report: mode and counts as JSON"
t_is "$(jq -r '[.generation.previous, .generation.new] | @tsv' "$T/inc.json")" \
	"$(printf 'gen-0002\tgen-0003')" "--report: the generations"
"$DUMP" "$IDX" >"$T/inc.dump" || fail "dump of the incremental index"
run "$BIN/iio-index" --corpus "$C" --index "$T/full" --full --quiet
"$DUMP" "$T/full" >"$T/full.dump" || fail "dump of the full index"
t_ok "incremental and full runs give the same index, record by record" cmp "$T/inc.dump" "$T/full.dump"
t_is "$(grep -c '^record ' "$T/inc.dump")" 1431 "the dump holds every record"
run "$BIN/iio-search" --json "goed werkte"
t_has "$out" "\"$id7\"" "the changed text is searchable"
before=$(answers)
# A deleted record takes its words out of the spelling table too (the dump
# ends with it), on a copy so the runs below keep their corpus.
cp -r "$C" "$T/c2"
run "$BIN/iio-index" --corpus "$T/c2" --index "$T/i2" --full --quiet
sed -i '9d' "$T/c2/cases/cases-sample.jsonl"
run "$BIN/iio-index" --corpus "$T/c2" --index "$T/i2" --quiet
t_is "$rc" 0 "incremental run after a deletion: exit 0"
run "$BIN/iio-index" --corpus "$T/c2" --index "$T/f2" --full --quiet
t_ok "after a deletion too: the same records and the same spelling table" \
	cmp <("$DUMP" "$T/i2") <("$DUMP" "$T/f2")
t_ok "... and the table is in the dump" grep -q '^spelling leerlingen [0-9]' "$T/inc.dump"

# ---- killed at 29 moments ------------------------------------------------
# Every fault point of iio-index's publish pipeline, in both modes (24
# kills), the moment after the switch, and four moments no point names.
# Each kill runs on a corpus with one more record ("nachtwerk"); after the
# kill the live index must answer exactly as before, and a clean run on the
# old corpus must succeed and leave no partial generation behind.
cp "$CASES" "$T/cases.orig"
extra='{"id": "case-nacht", "title": "Nachtwerk", "text": "Een record voor de nachtwerk-test.", "school": "Obs De Nacht", "place": "Utrecht", "level": "po", "experiment": "SlimFit", "year": 2011}'
kill_check() { # LABEL MAY_BE_NEW
	local now
	now=$(answers)
	if [ "$now" = "$before" ]; then
		pass "killed $1: the live index answers as before"
	elif [ "$2" = yes ] && [ "$(head -3 <<<"$now")" = "$(head -3 <<<"$before")" ] && [ "$(tail -1 <<<"$now")" = '["case-nacht"]' ]; then
		pass "killed $1: the new index had gone live whole"
	else
		fail "killed $1: the live index answers as before" "$now"
	fi
	cp "$T/cases.orig" "$CASES"
	idx --quiet
	t_is "$rc" 0 "after the kill $1 the next run succeeds"
	t_is "$(partials)" "" "after the kill $1 no partial generation is left"
	[ "$(answers)" = "$before" ] || fail "after the kill $1 the index is back to the old corpus"
	echo "$extra" >>"$CASES"
}
echo "$extra" >>"$CASES"
n=0
points=(after-lock after-open record:1 record:300 record:1000 record:1432 after-read before-commit
	after-commit after-lexicon after-manifest before-switch)
for point in "${points[@]}"; do
	for mode in --incremental --full; do
		IIO_FAULT=$point run "$BIN/iio-index" --corpus "$C" --index "$IDX" "$mode" 2>/dev/null
		t_is "$rc" 137 "IIO_FAULT=$point $mode: the run died there"
		kill_check "at $point ($mode)" no
		n=$((n + 1))
	done
done
t_is "$n" $((${#points[@]} * 2)) "every fault point named was injected, in both modes ($n kills)"
# (The points live in the indexing library; before-rollback-switch is
# --rollback's, injected in faults.t and takedown.t.)
t_is "$(grep -o 'fault("[a-z-]*")' "$TOP/indexer/indexing.c" | sort -u | grep -vc -e after-switch -e after-lock -e after-open -e after-read \
	-e before-commit -e after-commit -e after-lexicon -e after-manifest -e before-switch -e before-rollback-switch)" 0 \
	"... and no fault point of iio-index is left out"
IIO_FAULT=after-switch run "$BIN/iio-index" --corpus "$C" --index "$IDX" 2>/dev/null
t_is "$rc" 137 "IIO_FAULT=after-switch: the run died there"
kill_check "between switch and prune" yes
# And at moments no fault point names: a full run killed after a delay.
for delay in 0.05 0.15 0.3 0.5; do
	"$BIN/iio-index" --corpus "$C" --index "$IDX" --full --quiet >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	kill_check "after ${delay}s" yes
done
cp "$T/cases.orig" "$CASES"

# ---- a full disk ----------------------------------------------------------
live=$(readlink "$IDX/current")
# Two indexing threads, so the failure is a worker's (the reading thread
# learns of it at a later record).
run bash -c "ulimit -f 300; exec '$BIN/iio-index' --corpus '$C' --index '$IDX' --full --jobs 2"
t_is "$rc" 2 "a full disk (file size limit): exit 2"
t_has "$err" "File too large" "a full disk: the system's reason is given"
t_is "$(grep -cE ':[0-9]+: [^ ]+:[0-9]+: ' <<<"$err")" 0 "a full disk: the failing record is named once (a worker's, not also the reader's)"
t_has "$err" "the live index is unchanged" "a full disk: says the live index is untouched"
t_is "$(readlink "$IDX/current")" "$live" "a full disk: the live pointer did not move"
t_is "$(answers)" "$before" "a full disk: the old index answers as before"
t_is "$(partials)" "" "a full disk: the partial generation is removed"

# ---- one run at a time ----------------------------------------------------
IIO_FAULT=stop:after-lock "$BIN/iio-index" --corpus "$C" --index "$IDX" --quiet >/dev/null 2>&1 &
holder=$!
stopped() { [ "$(ps -o stat= -p $holder 2>/dev/null | cut -c1)" = T ]; }
wait_until "the first run stops while it holds the lock" stopped
run timeout "$WAIT" "$BIN/iio-index" --corpus "$C" --index "$IDX" --report "$T/busy.json"
t_is "$rc" 3 "a second run while the first holds the lock: exit 3 at once"
t_has "$err" "another iio-index is updating" "the second run says why"
t_is "$(jq -r .status "$T/busy.json")" "busy" "--report of the refused run: busy"
kill -CONT $holder
wait $holder
t_is "$?" 0 "the first run, resumed, finishes"

# ---- readers during 20 rebuilds -------------------------------------------
rm -f "$T/stop"
"$LOOP" "$IDX" pythagoras "$T/stop" >"$T/loop.out" 2>"$T/loop.err" &
loop=$!
for i in $(seq 20); do
	if [ $((i % 2)) = 1 ]; then echo "$extra" >>"$CASES"; else cp "$T/cases.orig" "$CASES"; fi
	if [ $((i % 4)) = 0 ]; then mode=--full; else mode=--incremental; fi
	"$BIN/iio-index" --corpus "$C" --index "$IDX" --quiet "$mode" || fail "rebuild $i under load"
done
touch "$T/stop"
wait $loop
lrc=$?
t_is "$lrc" 0 "a reader running during 20 rebuilds: every query answered"
t_has "$(cat "$T/loop.out")" "errors 0 empty 0" "the reader saw no error and no empty answer" "$(cat "$T/loop.err")"
reopens=$(awk '{print $8}' "$T/loop.out")
[ "${reopens:-0}" -ge 1 ] && pass "the reader followed the new generations ($reopens reopens)" ||
	fail "the reader followed the new generations" "$(cat "$T/loop.out")"

# ---- takedown -------------------------------------------------------------
# (--corpus elsewhere: hiding a record reads no corpus, and must not make
# the next run a full one.)
run "$BIN/iio-index" --index "$IDX" --remove case-003 --corpus "$T/nowhere"
t_is "$rc" 0 "--remove: exit 0"
run "$BIN/iio-search" --show case-003
t_is "$rc" 1 "--remove: the record is gone from the live index at once"
# A rollback to the generation from before the takedown keeps it hidden.
gens_before=$(ls -d "$IDX"/gen-* | wc -l)
run "$BIN/iio-index" --index "$IDX" --rollback
t_is "$rc" 0 "--rollback past a takedown: exit 0"
t_has "$out" "taken down hidden again" "... saying the record taken down is hidden again"
run "$BIN/iio-search" --show case-003
t_is "$rc" 1 "... and it is: a takedown holds across a rollback"
run "$BIN/iio-search" --show case-004
t_is "$rc" 0 "... while the rest of the generation rolled back to is there"
t_is "$(ls -d "$IDX"/gen-* | wc -l)" "$gens_before" "... and no more generations are kept than before"
idx
t_has "$out" "1 taken down" "the next run keeps it hidden"
t_has "$out" "incremental run:" "... and stays incremental"
run "$BIN/iio-search" --show case-003
t_is "$rc" 1 "still hidden after the nightly run"
run "$BIN/iio-index" --index "$IDX" --remove no-such-record
t_is "$rc" 2 "--remove of an unknown id: exit 2"
t_has "$err" "no record with id 'no-such-record'" "--remove of an unknown id: says so"
line=$(grep -n '"case-003"' "$CASES" | cut -d: -f1)
sed -i "${line}s/Wat werkte:/Wat echt werkte:/" "$CASES"
idx
run "$BIN/iio-search" --show case-003
t_is "$rc" 0 "a changed source ends the takedown"
cp "$CASES" "$T/cases.orig"

# ---- nothing lost ---------------------------------------------------------
line=$(grep -n '"case-005"' "$CASES" | cut -d: -f1)
sed -i "${line}s/^{/{ kapot /" "$CASES"
idx --report "$T/stale.json"
t_is "$rc" 1 "a malformed line: the run finishes with exit 1"
t_has "$err" "cases/cases-sample.jsonl:$line:" "the malformed line is named"
t_has "$out" "1 stale" "its record is carried over as stale"
run "$BIN/iio-search" --show case-005
t_is "$rc" 0 "the record of a malformed line keeps its last good version"
t_is "$(jq -c '[.records.stale, .rejections[0].source, .rejections[0].line]' "$T/stale.json")" \
	"[1,\"cases/cases-sample.jsonl\",$line]" "--report: the stale count and the rejection"
cp "$T/cases.orig" "$CASES"
sed -i '/"case-006"/d' "$CASES"
idx
t_has "$out" "1 deleted" "a record gone from a clean source is deleted"
run "$BIN/iio-search" --show case-006
t_is "$rc" 1 "the deleted record is no longer served"
cp "$T/cases.orig" "$CASES"

# A truncated .gz: the records it no longer gives are stale, not deleted.
gzip -c "$CASES" >"$CASES.gz"
sed -i 's|^cases/cases-sample.jsonl |cases/cases-sample.jsonl.gz |' "$C/sources.conf"
idx --quiet
t_is "$rc" 0 "the cases read from .gz"
head -c $(($(stat -c %s "$CASES.gz") / 2)) "$CASES.gz" >"$T/cut.gz" && mv "$T/cut.gz" "$CASES.gz"
idx --report "$T/gz.json"
t_is "$rc" 1 "a truncated .gz: exit 1"
stale=$(jq .records.stale "$T/gz.json")
[ "$stale" -gt 10 ] && pass "a truncated .gz: the records after the break are stale ($stale)" ||
	fail "a truncated .gz: the records after the break are stale" "$(cat "$T/gz.json")"
t_is "$(jq .documents "$T/gz.json")" 1431 "a truncated .gz: no record is lost"
run "$BIN/iio-search" --show case-150
t_is "$rc" 0 "a record from after the break still answers"
gzip -c "$CASES" >"$CASES.gz"

# On a terminal: a progress line with the rate.
if command -v script >/dev/null; then
	script -qec "'$BIN/iio-index' --corpus '$C' --index '$IDX' --full" /dev/null >"$T/tty.out" 2>&1
	t_has "$(cat "$T/tty.out")" "records (" "on a terminal a progress line counts records"
	t_has "$(tr '\r' '\n' <"$T/tty.out" | grep -m1 'records (')" "/s)" "the progress line gives the rate"
fi

# ---- the record-count band, --force, --rollback ---------------------------
idx --quiet
sed -i '/videos-sample/d' "$C/sources.conf"
live=$(readlink "$IDX/current")
idx
t_is "$rc" 2 "losing most records: refused, exit 2"
t_has "$err" "fewer than the live one" "the refusal says why"
t_is "$(readlink "$IDX/current")" "$live" "the refusal leaves the live index"
idx --force --quiet
t_is "$rc" 0 "--force switches anyway"
run "$BIN/iio-search" pythagoras
t_is "$rc" 1 "after --force the videos are gone"
run "$BIN/iio-index" --index "$IDX" --rollback
t_is "$rc" 0 "--rollback: exit 0"
t_is "$(readlink "$IDX/current")" "$live" "--rollback: the previous generation is live again"
run "$BIN/iio-search" pythagoras
t_is "$rc" 0 "after --rollback the videos answer again"

done_testing
