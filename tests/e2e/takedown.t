#!/bin/bash
# takedown.t - a takedown holds, and the live generation is never deleted
# (issue 30): --remove of a document takes its passages down with it, in
# every later run; --rollback never makes a removed record live, not for a
# moment and not when it is killed (a reader polls it through iio-serve
# while --rollback runs 20 times, killed at every fault point); a `current`
# that is not a bare gen-N never loses its generation to the start-up
# clean-up; --verify says what a killed run's leftover and a build in
# progress are. Run as users run it: from the directory holding the
# corpus, with relative paths (as make index does).
. "$(dirname "$0")/lib.sh"

cp -rL "$TOP/corpus" "$T/corpus"
cd "$T" || exit 2
ix() { run "$BIN/iio-index" --corpus corpus --index index "$@"; }
srch() { run "$BIN/iio-search" --index index "$@"; }
DOC=corpus/documents/iio-longread-innoveren-van-binnenuit.txt
# A passage that names its parent by its parent field only (and a group of
# its own).
echo '{"id":"los-fragment","type":"passage","parent":"iio-longread","group":"los","title":"Losse zzdelta","text":"zzdelta uit de longread"}' \
	>>corpus/cases/cases-sample.jsonl

# ---- --remove takes down what belongs to the record ------------------------
ix --full --quiet
t_is "$rc" 0 "the corpus indexed (relative --corpus and --index)"
srch --no-group staatssecretaris
t_has "$out" "Sander Dekker" "before: the Sander Dekker passage is found"
passages=$("$BIN/iio-search" --index index --json --exact-total --no-group -n 1 type:passage | jq .total)
ix --remove iio-longread
t_is "$rc" 0 "--remove iio-longread: exit 0"
t_has "$out" "with the 30 record(s) that belong to it" "... saying its passages go with it"
gone() { # LABEL: the document, its passages and the one naming it its parent are not served
	srch --no-group staatssecretaris
	t_is "$rc" 1 "$1: iio-search --no-group staatssecretaris finds nothing"
	srch --show iio-longread.tot-slot
	t_is "$rc" 1 "$1: --show iio-longread.tot-slot: no such record"
	srch --show iio-longread
	t_is "$rc" 1 "$1: --show iio-longread: no such record"
	srch --no-group zzdelta
	t_is "$rc" 1 "$1: the passage naming it its parent is not found"
	t_is "$("$BIN/iio-search" --index index --json --exact-total --no-group -n 1 type:passage | jq .total)" \
		$((passages - 30)) "$1: every passage of it is gone, the others stay"
}
gone "after --remove"
ix --incremental
t_has "$out" "31 taken down" "an incremental run keeps the 31 hidden"
gone "after an incremental run"
ix --full
t_has "$out" "31 taken down" "a full run keeps the 31 hidden"
gone "after a full run"
# A record that belongs to it, edited while it is taken down, stays down.
sed -i 's/zzdelta uit de longread/zzdelta uit de longread, herzien/' corpus/cases/cases-sample.jsonl
ix
gone "after an edit of the record naming it its parent"
ix --full --quiet
# Rolled back to a generation from before the takedown: still down.
run "$BIN/iio-index" --index index --rollback
t_is "$rc" 0 "--rollback: exit 0"
gone "after --rollback"
# The document itself changed: its takedown ends, the passages return.
sed -i '1s/Leren en experimenteren/Leren en samen experimenteren/' "$DOC"
ix
t_has "$out" "0 taken down" "the document changed: its takedown ends"
srch --no-group staatssecretaris
t_has "$out" "Sander Dekker" "... and its passages are found again"
srch --no-group zzdelta
t_is "$rc" 0 "... the one naming it its parent too"
cp "$TOP/$DOC" "$DOC"

# ---- --rollback never makes a removed record live ---------------------------
# gen A holds case-003 and the longread; two takedowns; then 20 rollbacks
# to A (each one to the generation A again, less the records taken down),
# 8 killed at the fault points, 4 killed at moments no point names, while a
# reader polls the removed records through iio-serve.
rm -rf index
ix --full --quiet
run "$BIN/iio-index" --index index --remove case-003
run "$BIN/iio-index" --index index --remove iio-longread
start_serve serve --index "$T/index" --access-log none
U=$served_url
t_is "$(curl -s -o /dev/null -w '%{http_code}' "$U/api/doc/case-004")" 200 "the server serves a record not taken down"
rm -f stop polled
poll() {
	local urls=() i
	for i in $(seq 25); do urls+=(-o /dev/null "$U/api/doc/case-003" -o /dev/null "$U/api/doc/iio-longread.tot-slot" -o /dev/null "$U/api/doc/iio-longread"); done
	while [ ! -e stop ]; do
		curl -s -w "%{http_code}\n" --max-time "$WAIT" "${urls[@]}" >>polled
	done
}
poll &
poller=$!
wait_until "the reader polls" test -s polled
points=(after-lock after-open before-commit after-commit after-lexicon after-manifest before-switch after-switch)
delays=(0.02 0.04 0.06 0.09)
kills=0 clean=0 bad=0
for i in $(seq 20); do
	if [ "$i" -le ${#points[@]} ]; then
		IIO_FAULT=${points[$((i - 1))]} run "$BIN/iio-index" --index index --rollback 2>/dev/null
		[ "$rc" = 137 ] && kills=$((kills + 1)) || { bad=$((bad + 1)); echo "# IIO_FAULT=${points[$((i - 1))]}: exit $rc: $err"; }
	elif [ "$i" -le 12 ]; then
		"$BIN/iio-index" --index index --rollback >/dev/null 2>&1 &
		pid=$!
		sleep "${delays[$((i - 9))]}"
		kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
		wait "$pid" 2>/dev/null
	else
		run "$BIN/iio-index" --index index --rollback
		[ "$rc" = 0 ] && clean=$((clean + 1)) || { bad=$((bad + 1)); echo "# rollback $i: exit $rc: $err"; }
	fi
done
touch stop
wait "$poller"
polled=$(grep -c . polled)
ok200=$(grep -c '^200$' polled)
other=$(grep -v '^404$' polled | sort | uniq -c | tr -s ' \n' ' ')
t_is "$bad" 0 "20 rollbacks: each killed one died at its point, each other one succeeded ($kills killed, $clean clean)"
t_is "$ok200" 0 "a reader polling the removed records through iio-serve during 20 rollbacks never got one ($polled requests, $kills kills, $ok200 answered 200)"
t_is "$other" "" "... every answer was 404"
[ "$polled" -ge 100 ] && pass "... the reader polled throughout ($polled requests)" || fail "the reader polled throughout" "$polled requests"
t_is "$(ls -d index/gen-* | wc -l)" 2 "after them: the generation rolled back to and the live one, no more"
t_is "$(curl -s -o /dev/null -w '%{http_code}' "$U/api/doc/case-004")" 200 "the server serves the rest of the generation rolled back to"
# Killed at the one point a plain rollback has (nothing to hide).
rm -rf index
ix --full --quiet
ix --quiet
live=$(readlink index/current)
IIO_FAULT=before-rollback-switch run "$BIN/iio-index" --index index --rollback 2>/dev/null
t_is "$rc" 137 "IIO_FAULT=before-rollback-switch: the run died there"
t_is "$(readlink index/current)" "$live" "... the live pointer did not move"

# ---- a live pointer that is not a bare gen-N --------------------------------
rm -rf index
ix --full --quiet
n=0
for form in "$T/index/GEN" "GEN/" "./GEN"; do
	g=$(readlink index/current)
	g=${g#./}
	g=${g%/}
	g=${g##*/}
	ln -sfn "${form/GEN/$g}" index/current
	IIO_FAULT=after-open run "$BIN/iio-index" --corpus corpus --index index 2>/dev/null
	t_is "$rc" 137 "current -> ${form/GEN/$g}: a run killed after the start-up clean-up"
	t_ok "... left the live generation $g in place" test -d "index/$g"
	srch -n 1 leerkracht
	t_is "$rc" 0 "... which answers"
	ix --quiet
	t_is "$rc" 0 "... and the next run succeeds"
	t_ok "... keeping $g as the one to roll back to" test -d "index/$g"
	n=$((n + 1))
done
# A copied directory in place of the link: nothing deleted, no false word.
g=$(readlink index/current)
rm index/current
cp -r "index/$g" index/current
gens=$(ls -d index/gen-* | tr '\n' ' ')
ix
t_is "$rc" 2 "current a directory: the run is refused (exit 2)"
t_has "$err" "current is a directory, not a symbolic link to a generation: nothing was changed" "... saying why"
t_hasnt "$err" "the live index is unchanged" "... and not that the live index is unchanged"
t_is "$(ls -d index/gen-* | tr '\n' ' ')" "$gens" "... no generation was deleted"
t_ok "... nor the directory" test -f index/current/MANIFEST
rm -rf index/current
# A link to something that is not one of the generations.
cp -r "index/$g" elsewhere
ln -s "$T/elsewhere" index/current
IIO_FAULT=after-open run "$BIN/iio-index" --corpus corpus --index index 2>/dev/null
kept=0
for g in $gens; do [ -d "$g" ] && kept=$((kept + 1)); done
t_is "$kept" "$(wc -w <<<"$gens")" "current -> a copy elsewhere: no generation is pruned before the new one is live"
ix
t_has "$err" "which is not a generation directory of index: which generations are leftovers cannot be told" "... saying why"
t_is "$rc" 0 "... and the run succeeds"

# ---- --verify: a killed run's leftover, a build in progress ----------------
# verify_sound WHEN SAYS WHAT NOT: iio-index --verify, WHEN, finds the live
# index sound (exit 0) and its report says SAYS (naming WHAT), and not NOT
verify_sound() {
	run "$BIN/iio-index" --verify --index index
	t_is "$rc" 0 "--verify $1: exit 0 (the live index is sound)"
	t_has "$out" "$2" "... naming $3"
	t_hasnt "$out" "$4" "... not saying '$4'"
}
IIO_FAULT=after-commit run "$BIN/iio-index" --corpus corpus --index index --full 2>/dev/null
left=$(ls -d index/gen-* | tail -1)
left=${left#index/}
verify_sound "after a killed run" \
	"$left: an unfinished build left by a killed run (never live; the next iio-index run removes it)" \
	"the leftover for what it is" "DAMAGED"
IIO_FAULT=stop:after-commit "$BIN/iio-index" --corpus corpus --index index --full --quiet >/dev/null 2>&1 &
holder=$!
stopped() { [ "$(ps -o stat= -p $holder 2>/dev/null | cut -c1)" = T ]; }
wait_until "a run stops while it builds" stopped
building=$(ls -d index/gen-* | tail -1)
building=${building#index/}
verify_sound "during a build" "$building: a build in progress" "the build in progress" "earlier version"
kill -CONT $holder
wait $holder
t_is "$?" 0 "the build, resumed, finishes"

done_testing
