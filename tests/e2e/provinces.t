#!/bin/bash
# provinces.t - the province a record's place lies in (indexer/lexicon/
# places.tsv): derived by every reader, stored and shown, a filter, a facet,
# a field of the query language and a word of the record; an unknown place
# warned about once a run, however many records name it, and indexed
# without a province.
. "$(dirname "$0")/lib.sh"

C=$T/corpus
mkdir -p "$C"
cat >"$C/sources.conf" <<'EOF'
cases.jsonl   jsonl  case
more.jsonl    jsonl  case
videos.csv    csv    video
doc.txt       text   document
EOF
cat >"$C/cases.jsonl" <<'EOF'
{"id": "leeuwarden", "title": "Een school", "text": "Over leren.", "place": "Leeuwarden"}
{"id": "sneek", "title": "Nog een school", "text": "Over leren.", "place": "SNEEK"}
{"id": "gemeente", "title": "Een gemeente", "text": "Over leren.", "place": "Súdwest-Fryslân (gemeente)"}
{"id": "emmen", "title": "In Drenthe", "text": "Over leren.", "place": "Gemeente Emmen"}
{"id": "atlantis-1", "title": "Ver weg", "text": "Over leren.", "place": "Atlantis"}
{"id": "atlantis-2", "title": "Ver weg twee", "text": "Over leren.", "place": "atlantis"}
{"id": "zelf", "title": "Zelf gezegd", "text": "Over leren.", "province": "Fryslân"}
{"id": "fout", "title": "Fout gezegd", "text": "Over leren.", "province": "Holland"}
{"id": "bergen", "title": "Welk Bergen", "text": "Over leren.", "place": "Bergen"}
{"id": "nergens", "title": "Zonder plaats", "text": "Over leren."}
EOF
cat >"$C/more.jsonl" <<'EOF'
{"id": "atlantis-3", "title": "Ver weg drie", "text": "Over leren.", "place": "Atlantis"}
EOF
cat >"$C/videos.csv" <<'EOF'
id,title,place,text
v-1,Breuken,Heerenveen,Een video over breuken.
v-2,Breuken twee,Utrecht,Een video over breuken.
v-3,Breuken drie,Atlantis,Een video over breuken.
EOF
printf -- '---\nid: doc\ntitle: Een document\nplace: Drachten\n---\nDe tekst van een document over leren.\n' >"$C/doc.txt"

run "$BIN/iio-index" --corpus "$C" --index "$T/index" --report "$T/report.json"
t_is "$rc" 1 "the corpus builds (exit status 1: a record is rejected)"
t_has "$err" "iio-index: cases.jsonl:8: province: must be one of the twelve provinces" \
	"a province that is none is rejected, naming file, line and field"
t_has "$err" "iio-index: cases.jsonl:5: place: warning: 'Atlantis' is not in the places table" \
	"an unknown place is warned about at its first record"
t_is "$(grep -c "is not in the places table" <<<"$err")" 2 \
	"... once a run (Atlantis in two files and two spellings, and Bergen: two warnings)"
t_has "$err" "iio-index: cases.jsonl:9: place: warning: 'Bergen' is not in the places table" \
	"a place two provinces share is never guessed"
t_is "$(jq -r '[.unknown_places, .records.rejected, ([.warnings[] | select(.field == "place")] | length)] | @tsv' \
	"$T/report.json")" "$(printf '2\t1\t2')" "--report counts the unknown places, each warned once"
t_has "$out" "2 place(s) not in the places table" "the summary says how many places were unknown"
export IIO_INDEX=$T/index

province() { run "$BIN/iio-search" --show "$1" --json; jq -r '.fields.province // "none"' <<<"$out"; }
t_is "$(province leeuwarden)" Friesland "a record in Leeuwarden gets province Friesland"
t_is "$(province sneek)" Friesland "a place in any case (SNEEK)"
t_is "$(province gemeente)" Friesland "a municipality, its accents and '(gemeente)' (Súdwest-Fryslân (gemeente))"
t_is "$(province emmen)" Drenthe "'Gemeente Emmen'"
t_is "$(province v-1)" Friesland "CSV records get it too"
t_is "$(province v-2)" Utrecht "... Utrecht"
t_is "$(province doc)" Friesland "documents with front matter too (Drachten)"
t_is "$(province zelf)" Friesland "a province the record gives stands, spelt as the province list has it (Fryslân)"
t_is "$(province atlantis-2)" none "an unknown place: indexed, without a province"
t_is "$(province v-3)" none "... in every file"
t_is "$(province nergens)" none "no place, no province"
run "$BIN/iio-search" --show fout
t_is "$rc" 1 "the record with a wrong province is not indexed"

FRIES="doc gemeente leeuwarden sneek v-1 zelf"
ids() { jq -r '[.results[].id] | sort | join(" ")' <<<"$out"; }
q() { run "$BIN/iio-search" --json --no-group --facets -n 100 "$@"; }
q provincie:friesland
t_is "$(ids)" "$FRIES" "provincie:friesland finds exactly the records in Friesland places"
q province:Friesland
t_is "$(ids)" "$FRIES" "province:Friesland too"
q provincie:fryslân
t_is "$(ids)" "$FRIES" "provincie:fryslân: the Frisian name is Friesland"
q --province Friesland
t_is "$(ids)" "$FRIES" "--province Friesland: the filter"
q --provincie Fryslân leren
t_is "$(ids)" "doc gemeente leeuwarden sneek zelf" "--provincie Fryslân with a word (v-1 lacks it)"
q friesland
t_is "$(ids)" "$FRIES" "friesland as a plain word finds them"
q --province Drenthe
t_is "$(ids)" "emmen" "--province Drenthe"
q --province Limburg
t_is "$rc" 2 "a province no record has, as a filter: an error ..."
t_has "$err" "province: no record has 'Limburg'; the values are: Friesland, Drenthe, Utrecht" "... listing the values there are"
q leren
t_is "$(jq -c '.facets.province' <<<"$out")" \
	'[{"value":"Friesland","count":5},{"value":"Drenthe","count":1}]' "the facet lists the provinces with their counts"
q breuken
t_is "$(jq -c '.facets.province' <<<"$out")" '[{"value":"Friesland","count":1},{"value":"Utrecht","count":1}]' \
	"... of the records found"
run "$BIN/iio-search" --help
t_has "$out" "--province" "--help lists --province among the filters"
t_has "$out" "--provincie" "... and its Dutch name"

# Every run says it again, an incremental one too (the records unchanged).
run "$BIN/iio-index" --corpus "$C" --index "$T/index"
t_is "$(grep -c "is not in the places table" <<<"$err")" 2 "the next run warns again, once a place"
done_testing
