#!/bin/bash
# groups.t - near-identical records fold into one result however the index
# came to hold them: a full build in one thread or several, a nightly run
# that adds a second version of a video (the first one joins its group) or
# takes it away again (the one left stands alone), and --remove.
. "$(dirname "$0")/lib.sh"

C=$T/corpus
mkdir -p "$C"
video() { # ID TITLE
	printf '{"id": "%s", "type": "video", "title": "%s", "body": "Hoe tel je breuken op met ongelijke noemers: eerst gelijknamig maken.", "fields": {"subject": "wiskunde"}}\n' "$1" "$2"
}
{
	video v-uitleg "Breuken optellen (uitleg)"
	printf '{"id": "c-1", "type": "case", "title": "Rekenen op school", "body": "Een school oefent breuken met filmpjes van leerlingen."}\n'
} >"$C/records.jsonl"

S() { "$BIN/iio-search" --index "$T/idx" --json --no-snippets "$@"; }
# the results of 'breuken': id, group, more; and the totals (results, records)
shape() { S -n 10 breuken | jq -c '[.total, .records, [.results[] | [.id, .group, .more]]]'; }

run "$BIN/iio-index" --quiet --corpus "$C" --index "$T/idx"
t_is "$rc" 0 "one version of a video indexes"
t_is "$(shape)" '[2,2,[["v-uitleg",null,null],["c-1",null,null]]]' "a video alone is no group"

# A second version arrives in a nightly run: both fold into one result.
video v-oefenen "Breuken optellen (oefenen)" >>"$C/records.jsonl"
run "$BIN/iio-index" --quiet --corpus "$C" --index "$T/idx"
t_is "$rc" 0 "the incremental run with a second version succeeds"
got=$(shape)
t_is "$(jq -c '.[0:2]' <<<"$got")" "[2,3]" "the total counts the results, records both versions"
t_is "$(jq -c '[.[2][] | select(.[0] | startswith("v-"))] | length' <<<"$got")" "1" \
	"the two versions are one result"
t_is "$(jq -c '[.[2][] | select(.[0] | startswith("v-")) | .[1], .[2]]' <<<"$got")" '["video:Breuken optellen",1]' \
	"... with its group and one more like it (the version indexed first joined the group)"
t_is "$(S --no-group -n 10 breuken | jq '.results | length')" "3" "--no-group lists each record"
t_is "$("$BIN/iio-search" --index "$T/idx" --show v-uitleg --json | jq -c '[.members[]?.id]')" '["v-uitleg","v-oefenen"]' \
	"the record page lists both versions"

# The same from a full build, in one thread and in two.
for j in 1 2; do
	rm -rf "$T/full"
	run "$BIN/iio-index" --quiet --full --jobs "$j" --corpus "$C" --index "$T/full"
	t_is "$rc" 0 "a full build with $j thread(s) succeeds"
	t_is "$("$BIN/iio-search" --index "$T/full" --json --no-snippets -n 10 breuken | jq -c '[.total, .records, [.results[] | [.id, .group, .more]]]')" \
		"$got" "... and groups exactly as the incremental runs did ($j thread(s))"
done

# The second version goes again: the first stands alone once more.
grep -v v-oefenen "$C/records.jsonl" >"$C/r" && mv "$C/r" "$C/records.jsonl"
run "$BIN/iio-index" --quiet --force --corpus "$C" --index "$T/idx" # a third fewer records
t_is "$rc" 0 "the run without the second version succeeds"
t_is "$(shape)" '[2,2,[["v-uitleg",null,null],["c-1",null,null]]]' "the version left is no group any more"
t_is "$("$BIN/iio-search" --index "$T/idx" --show v-uitleg --json | jq -c '[.members[]?.id]')" '[]' \
	"its record page lists no other versions"

# The version whose variant the query names stands for its group, when it
# holds every word the query holds; a version that lacks a word never
# stands for one that holds them all.
V=$T/variants
mkdir -p "$V"
{
	printf '{"id": "w-oefenen", "type": "video", "title": "Wet van Ohm (oefenen)", "body": "Wet van Ohm: oefenen met de uitleg. Na de uitleg van de wet van Ohm volgt uitleg bij elke opgave over de wet van Ohm. Voor havo 4."}\n'
	printf '{"id": "w-uitleg", "type": "video", "title": "Wet van Ohm (uitleg)", "body": "Een video over spanning en stroom. %s Voor vwo 4."}\n' \
		"$(for i in $(seq 60); do printf 'Een weerstand remt de stroom in een draad. '; done)"
	printf '{"id": "w-other", "type": "video", "title": "Wet van Ohm (examentraining)", "body": "Examenopgaven over spanning. Voor havo 5."}\n'
} >"$V/records.jsonl"
run "$BIN/iio-index" --quiet --corpus "$V" --index "$T/vidx"
t_is "$rc" 0 "three versions of a video index"
VS() { "$BIN/iio-search" --index "$T/vidx" --json --no-snippets "$@"; }
t_is "$(VS --no-group 'wet van ohm uitleg' | jq -r '.results[0].id')" "w-oefenen" \
	"ungrouped, the version that says uitleg most ranks first"
t_is "$(VS 'wet van ohm uitleg' | jq -c '[.results[] | [.id, .more]]')" '[["w-uitleg",2]]' \
	"grouped, the (uitleg) version stands for its group"
run "$BIN/iio-search" --index "$T/vidx" wet van ohm uitleg
t_has "$(head -1 <<<"$out")" "Wet van Ohm (uitleg)" "... in the text output too"
t_is "$(VS 'wet van ohm oefenen' | jq -r '.results[0].id')" "w-oefenen" "asked with oefenen, the (oefenen) version"
t_is "$(VS 'wet van ohm uitleg havo' | jq -r '.results[0].id')" "w-oefenen" \
	"the (uitleg) version lacks havo: the version holding every word stays"

# take_away DIR ID: a full build of DIR/c into DIR/idx, then a run
# without record ID. The document ids of the index then have a gap.
take_away() {
	run "$BIN/iio-index" --quiet --corpus "$1/c" --index "$1/idx"
	grep -v "\"$2\"" "$1/c/records.jsonl" >"$1/r" && mv "$1/r" "$1/c/records.jsonl"
	run "$BIN/iio-index" --quiet --force --corpus "$1/c" --index "$1/idx"
}

# Every record left holds breuken. The counts that weigh nothing still
# read the word's own postings (Xapian 1.4's BoolWeight read the list of
# all documents instead, and failed across its chunks: "Unexpected end of
# posting list").
G=$T/gap
mkdir -p "$G/c"
{
	video v-uitleg "Breuken optellen (uitleg)"
	printf '{"id": "c-1", "type": "case", "title": "Rekenen op school", "body": "Een school oefent breuken met filmpjes van leerlingen."}\n'
	video v-oefenen "Breuken optellen (oefenen)"
} >"$G/c/records.jsonl"
take_away "$G" v-oefenen
t_is "$rc" 0 "a run that takes a record away from a full build succeeds"
G1() { "$BIN/iio-search" --index "$G/idx" --json --no-snippets "$@"; }
t_is "$(G1 --facets breuken | jq -c '[.total, .records, [.facets.type[]? | .count]]')" '[2,2,[1,1]]' \
	"... the page's counts (facets) answer for a word every record left holds"
t_is "$(G1 op | jq -c '[.total, .records, .complete]')" '[2,2,2]' "... and the counts without facets too"

# Three versions of one video, one taken away: the group's term is held
# by every record left. The record page asks for the group's members with
# that term weighing nothing (Xapian 1.4 read the list of all documents
# for a term scaled by 0 and failed across its chunks).
G3=$T/gap3
mkdir -p "$G3/c"
{
	video v-a "Breuken optellen (uitleg)"
	video v-b "Breuken optellen (oefenen)"
	video v-c "Breuken optellen (herhaling)"
} >"$G3/c/records.jsonl"
take_away "$G3" v-c
t_is "$rc" 0 "one version of three taken away"
t_is "$("$BIN/iio-search" --index "$G3/idx" --show v-a --json | jq -c '[.members[]?.id]')" '["v-a","v-b"]' \
	"... the record page lists the two versions left"

done_testing
