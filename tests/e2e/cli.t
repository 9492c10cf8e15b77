#!/bin/bash
# cli.t - iio-search from the shell, on an index of the bundled corpus:
# text and JSON output, --show, exit statuses, option parsing, colour.
. "$(dirname "$0")/lib.sh"

IDX=$T/index
run "$BIN/iio-index" --corpus "$TOP/corpus" --index "$IDX"
t_is "$rc" 0 "iio-index builds the bundled corpus"
t_has "$out" "records indexed, 0 rejected" "iio-index prints a summary"
export IIO_INDEX=$IDX

# Text output, piped: plain.
run "$BIN/iio-search" leerlingenkrimp
t_is "$rc" 0 "a word that exists: exit 0"
t_has "$out" "1. Wat is InnovatieImpuls Onderwijs?  [passage]" "the passage that mentions it ranks first"
t_has "$out" "documents/iio-longread-innoveren-van-binnenuit.txt" "source shown"
t_has "$out" "te maken hebben met leerlingenkrimp of een lerarentekort" "snippet around the match"
t_hasnt "$out" $'\033' "no escape codes when piped"

# On a terminal: bold, unless NO_COLOR.
if command -v script >/dev/null; then
	tty_out=$(script -qec "$BIN/iio-search leerlingenkrimp" /dev/null)
	t_has "$tty_out" $'\033[1mleerlingenkrimp\033[0m' "match in bold on a terminal"
	tty_out=$(NO_COLOR=1 script -qec "$BIN/iio-search leerlingenkrimp" /dev/null)
	t_hasnt "$tty_out" $'\033' "NO_COLOR turns bold off"
else
	fail "script(1) is needed to test terminal output"
fi

# JSON.
run "$BIN/iio-search" --json leerlingenkrimp
t_is "$rc" 0 "--json: exit 0"
t_is "$(printf '%s' "$out" | wc -l)" 0 "--json prints one line"
t_is "$(jq -c 'keys_unsorted' <<<"$out")" \
	'["query","total","total_exact","total_min","records","records_exact","complete","complete_exact","relaxed","corrected","offset","limit","took_ms","suggestion","interpreted","results","facets"]' \
	"--json: top-level keys in the documented order"
t_is "$(jq -c '.results[0] | keys_unsorted' <<<"$out")" \
	'["rank","id","type","title","url","source","score","snippet","fields","group","more"]' "--json: result keys (group and more: it stands for a group)"
t_is "$(jq -r '.results[0].id' <<<"$out")" "iio-longread.wat-is-innovatieimpuls-onderwijs" \
	"--json: the passage with the word comes first"
t_is "$(jq -r '[.query, .relaxed, .offset, .limit, (.total > 1), (.total_exact | type)] | @tsv' <<<"$out")" \
	"$(printf 'leerlingenkrimp\tfalse\t0\t10\ttrue\tboolean')" "--json: query, total, flags, paging"
t_has "$(jq -r '.results[0].snippet' <<<"$out")" "<mark>leerlingenkrimp</mark>" "--json: snippet marks the match"
t_is "$(jq -r '(.took_ms | type) + " " + (.results[0].score | type) + " " + (.results[0].url | tostring)' <<<"$out")" \
	"number number null" "--json: took_ms and score are numbers, url null"
id=$(jq -r '.results[0].id' <<<"$out")

# --show.
run "$BIN/iio-search" --show "$id"
t_is "$rc" 0 "--show: exit 0"
t_has "$out" "leerlingenkrimp" "--show prints the full text with the word"
t_has "$out" "id: iio-longread.wat-is-innovatieimpuls-onderwijs" "--show prints the id"
run "$BIN/iio-search" --show "$id" --json
t_is "$(jq -c 'keys_unsorted' <<<"$out")" '["id","type","title","url","source","text","fields","members"]' "--show --json keys (members: the records that belong with it)"
t_has "$(jq -r .text <<<"$out")" "leerlingenkrimp" "--show --json text has the word"
run "$BIN/iio-search" --show no-such-record
t_is "$rc" 1 "--show of an unknown id: exit 1"
t_has "$err" "no record with id 'no-such-record'" "--show of an unknown id: message"
# A record of 2 MB of text: --show prints its first part and says so.
mkdir -p "$T/big/documents"
python3 -c '
import sys
para = " ".join(["leerlingen onderwijs krimp"] * 20) + ".\n\n"
sys.stdout.write("Een groot document\n\n" + para * (2000000 // len(para)) + "slotwoord\n")' >"$T/big/documents/groot.txt"
"$BIN/iio-index" --quiet --corpus "$T/big" --index "$T/bigidx"
run "$BIN/iio-search" --index "$T/bigidx" --show groot
t_is "$rc" 0 "--show of a record of 2 MB of text"
[ ${#out} -le 1048576 ] && pass "... prints at most 1 MB (${#out})" || fail "... prints at most 1 MB" "${#out}"
t_has "$out" "[text cut: the first " "... saying the text was cut"
t_has "$out" "of $(stat -c %s "$T/big/documents/groot.txt") bytes are shown; the whole text is in documents/groot.txt]" "... how long it is, and where it is whole"
run "$BIN/iio-search" --index "$T/bigidx" --show groot --json
t_is "$(jq -c '[.text_truncated, .text_length, (.text | length <= 786432)]' <<<"$out")" "[true,$(stat -c %s "$T/big/documents/groot.txt"),true]" "--show --json: text_truncated, text_length"
# A record whose content holds terminal controls: ESC sequences (clear the
# screen, retitle the window, colour), BEL, CR and a C1 CSI (U+009B).
mkdir -p "$T/esc/cases"
python3 -c '
import json
print(json.dumps({"id": "esc-1", "type": "case", "title": "Titel \u001b]0;gekaapt\u0007 met \u009b31m kleur",
                  "text": "Begin \u001b[2J\u001b[H scherm\nregel twee\tmet tab \u001b[31mrood\u001b[0m en \r terug zzescape",
                  "school": "Obs \u001b[5m knipper"}))' >"$T/esc/cases/c.jsonl"
"$BIN/iio-index" --quiet --corpus "$T/esc" --index "$T/escidx"
controls() { LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]' "$1"; }
"$BIN/iio-search" --index "$T/escidx" zzescape >"$T/esc.out" 2>&1
t_is "$(controls "$T/esc.out")" 0 "results as text: no control character of a record reaches the terminal"
t_has "$(cat "$T/esc.out")" 'Titel \x1b]0;gekaapt\x07 met \u009b31m kleur' "... the title's shown escaped, visibly"
"$BIN/iio-search" --index "$T/escidx" --show esc-1 >"$T/esc.out" 2>&1
t_is "$(controls "$T/esc.out")" 0 "--show: none either"
t_has "$(cat "$T/esc.out")" $'Begin \\x1b[2J\\x1b[H scherm\nregel twee\tmet tab \\x1b[31mrood' "... its text escaped, its lines and tabs kept"
t_has "$(cat "$T/esc.out")" 'en \x0d terug' "... a carriage return escaped too"
"$BIN/iio-search" --index "$T/escidx" --json zzescape >"$T/esc.out" 2>&1
t_is "$(controls "$T/esc.out")" 0 "--json: none either (C1 written as \\u009b)"
t_is "$(jq -r '.results[0].title' "$T/esc.out")" "$(printf 'Titel \033]0;gekaapt\007 met \302\23331m kleur')" "... and the JSON still means the title as it is"
"$BIN/iio-search" --index "$T/escidx" --show esc-1 --json >"$T/esc.out" 2>&1
t_is "$(controls "$T/esc.out")" 0 "--show --json: none"
t_is "$(jq -r '.fields.school' "$T/esc.out")" "$(printf 'Obs \033[5m knipper')" "... its fields as they are, escaped by JSON"

for id in . .. a/b; do
	run "$BIN/iio-search" --show "$id"
	t_is "$rc" 2 "--show '$id': exit 2 (not a record id)"
	t_has "$err" "is not a record id" "... saying so"
done

# The CLI and a program on the library print the same JSON.
run "$TOP/build/examples/search-json" "$IDX" "innovatie scholen"
lib_json=$(jq -c 'del(.took_ms)' <<<"$out")
run "$BIN/iio-search" --json innovatie scholen
t_is "$(jq -c 'del(.took_ms)' <<<"$out")" "$lib_json" "CLI --json equals the library example's output"

# Exit statuses and errors.
run "$BIN/iio-search" xyzzyqq
t_is "$rc" 1 "nothing found: exit 1"
t_has "$err" 'iio-search: nothing found for "xyzzyqq".' "nothing found: said on stderr, with what to try (zero.t)"
run "$BIN/iio-search" --index "$T/none" leerlingenkrimp
t_is "$rc" 2 "missing index: exit 2"
t_is "$(printf '%s\n' "$err" | wc -l)" 1 "missing index: one line on stderr"
t_has "$err" "no index at $T/none" "missing index: names the path"
t_has "$err" "make index" "missing index: says how to build one"
IIO_INDEX=$T/none run "$BIN/iio-search" leerlingenkrimp
t_is "$rc" 2 "IIO_INDEX is the default index"
run "$BIN/iio-search" --bogus leerlingenkrimp
t_is "$rc" 2 "unknown option: exit 2"
t_has "$err" "unknown option '--bogus'" "unknown option: named"
run "$BIN/iio-search"
t_is "$rc" 2 "no query: exit 2"
t_has "$err" "no query given" "no query: message"
run "$BIN/iio-search" "   "
t_is "$rc" 2 "blank query: exit 2"
run "$BIN/iio-search" "?!"
t_is "$rc" 2 "query without words: exit 2"
t_has "$err" "no words to search for" "query without words: message"
run "$BIN/iio-search" -n 0 leraar
t_is "$rc" 2 "-n 0: exit 2"
run "$BIN/iio-search" -n abc leraar
t_is "$rc" 2 "-n abc: exit 2"
run "$BIN/iio-search" --offset -3 leraar
t_is "$rc" 2 "--offset -3: exit 2"
run "$BIN/iio-search" --index
t_is "$rc" 2 "--index without a directory: exit 2"

# Options end at the first query word.
run "$BIN/iio-search" --json innovatie -leerlingenkrimp
t_is "$rc" 0 "'innovatie -leerlingenkrimp' is a query, not an option"
t_is "$(jq '[.results[].id | select(. == "iio-longread" or . == "iio-longread.wat-is-innovatieimpuls-onderwijs")] | length' <<<"$out")" \
	0 "the excluded word removes the records that have it"
t_has "$(jq -r '[.results[].id] | join(" ")' <<<"$out")" "iio-achtergrond" "and keeps the others"
run "$BIN/iio-search" --json -- -leraren scholen
t_is "$rc" 0 "-- ends the options"
t_is "$(jq -r .query <<<"$out")" "-leraren scholen" "the query after --"

# Relaxed match, paging.
run "$BIN/iio-search" leerlingenkrimp xyzzyqq
t_is "$rc" 0 "relaxed match: exit 0"
t_has "$out" "Missing: xyzzyqq" "relaxed match: the text output names the word a result lacks"
run "$BIN/iio-search" --json leerlingenkrimp xyzzyqq
t_is "$(jq -r .relaxed <<<"$out")" "true" "relaxed match: JSON says so"
t_is "$(jq -c '.results[0].missing' <<<"$out")" '["xyzzyqq"]' "relaxed match: each result's missing words in JSON"
# A question no record answers with every word: the records holding most of
# them follow, not one long document alone.
run "$BIN/iio-search" --json "waarom werkt een innovatie alleen als iedereen meedoet"
t_is "$(jq '.results | length' <<<"$out")" 10 "a question: a full page of answers"
t_is "$(jq '[.results[] | select(.missing)] | length >= 5' <<<"$out")" true "... most of them lacking a word"
t_is "$(jq '[.results[] | (.missing // []) | length] | . == sort' <<<"$out")" true "... fewer missing words rank higher"
t_is "$(jq '[.results[].missing // [] | .[]] | index("waarom")' <<<"$out")" null "... a question word is never missing"
# Best match says how many results hold every word (complete) and where
# those lacking one begin: a line in the text output.
run "$BIN/iio-search" --json -n 5 klokkijken oefenen
t_is "$(jq -c '[.complete, .complete_exact, [.results[] | (.missing // []) | length > 0]]' <<<"$out")" \
	'[1,true,[false,true,true,true,true]]' "best match: complete counts the results holding every word, listed first"
run "$BIN/iio-search" -n 3 klokkijken oefenen
t_has "$out" $'+ 13 more like this\n\n-- The results below lack some of the words --\n\n2. ' \
	"... the text output marks where the results lacking a word begin"
t_has "$out" "Results 1-3 of 86 (180 records), 1 holding every word" "... and says how many hold every word"
run "$BIN/iio-search" --json -n 1 waarom werkt een innovatie alleen als iedereen meedoet
t_is "$(jq -c '[.complete, .relaxed]' <<<"$out")" '[0,true]' "... none when no result holds every word"
run "$BIN/iio-search" --json --all-words -n 1 leerlingen school
t_is "$(jq '.complete == .total' <<<"$out")" true "... all when every word is required"
# Grouping: a video topic's variants are one result; a document's passages
# are listed under it; --no-group lists every record.
run "$BIN/iio-search" --json fotosynthese
t_is "$(jq '[.results[] | select(.title | startswith("Fotosynthese"))] | length' <<<"$out")" 1 "the variants of a video topic: one result"
t_is "$(jq -r '.results[0] | [.group, (.more >= 9)] | @tsv' <<<"$out")" "$(printf 'video:Fotosynthese	true')" "... with its group and how many more"
t_is "$(jq '.records >= 10 and .total < .records' <<<"$out")" true "... total counts results as listed, records the records"
run "$BIN/iio-search" --json --no-group fotosynthese
t_is "$(jq '[.results[] | select(.title | startswith("Fotosynthese"))] | length' <<<"$out")" 10 "--no-group: every variant listed"
t_is "$(jq '[.results[] | select(.group)] | length' <<<"$out")" 0 "--no-group: no groups"
run "$BIN/iio-search" --json innovatiebrigadiers
t_is "$(jq -r '.results[0] | [.id, .type, (.passages | length >= 2)] | @tsv' <<<"$out")" "$(printf 'iio-longread	document	true')" \
	"a document whose passages match: the document, its passages under it"
t_is "$(jq -r '[.results[0].passages[].id | startswith("iio-longread.")] | all' <<<"$out")" true "... each of them its own"
t_is "$(jq '[.results[].id | select(startswith("iio-longread."))] | length' <<<"$out")" 0 "... and none of them again as a result"
run "$BIN/iio-search" innovatiebrigadiers
t_has "$out" "   > " "the text output lists the passages under the document"
# A compound's parts close together in one sentence ("krimp van het aantal
# leerlingen", a case) rank above the parts in different sentences (a video
# on population pyramids: "... vergrijzing en krimp. ... leerlingen ...").
run "$BIN/iio-search" --json --no-group -n 100 leerlingenkrimp
t_is "$(jq '[.results[].id] | (index("case-076") != null and index("video-0845") != null and index("case-076") < index("video-0845"))' <<<"$out")" true \
	"compound parts in one sentence rank above parts in different sentences"
# Field values as people write them; a value no record has is an error
# listing the values there are.
run "$BIN/iio-search" --json --no-group -n 50 --type videos fotosynthese
t_is "$(jq -r '[.total, ([.results[].type] | unique | join(","))] | @tsv' <<<"$out")" "$(printf '15\tvideo')" "--type videos: the videos"
run "$BIN/iio-search" --json --no-group -n 50 --type casus krimp
t_is "$(jq -r '[.results[].type] | unique | join(",")' <<<"$out")" "case" "--type casus: the cases"
run "$BIN/iio-search" --json --no-group -n 50 --stream vmbo dichtheid
t_is "$(jq -r '[.results[].fields.stream] | unique | join(",")' <<<"$out")" "vmbo-b,vmbo-gt,vmbo-k" "--stream vmbo: vmbo-b, vmbo-k and vmbo-gt"
run "$BIN/iio-search" --json --no-group -n 50 --niveau basisonderwijs breuken
t_is "$(jq -r '[.results[].fields.level] | unique | join(",")' <<<"$out")" "po" "--niveau basisonderwijs: po"
run "$BIN/iio-search" --json --no-group -n 50 'leerweg:"groep 7" breuken'
t_is "$(jq -r '[.results[].fields.stream] | unique | join(",")' <<<"$out")" "groep-7" "leerweg:\"groep 7\": groep-7"
run "$BIN/iio-search" --type xyz krimp
t_is "$rc" 2 "--type xyz: exit 2"
t_has "$err" "type: no record has 'xyz'; the values are: case, document, passage, profile, video" "... listing the types there are"
run "$BIN/iio-search" --experiment onbekend krimp
t_is "$rc" 2 "--experiment onbekend: exit 2"
t_has "$err" "experiment: no record has 'onbekend'; the values are:" "... listing the experiments there are"
t_has "$err" "Leerlingen voor Leerlingen" "... by their names"
run "$BIN/iio-search" --json -n 1 --experiment e-klas krimp
t_is "$(jq -r '.results[0].fields.experiment' <<<"$out")" "E-klas & PAL-student" "--experiment e-klas: the E-klas & PAL-student records"
# A profile says who the person is: the role from the document's sections.
run "$BIN/iio-search" --json "innovatiebrigadier steenbergen"
t_is "$(jq -r '.results[0] | [.id, .fields.role] | @tsv' <<<"$out")" "$(printf 'iio-achtergrond.jan-jongeneelen\tInnovatiebrigadier')" \
	"a brigadier's town and the word innovatiebrigadier: that person's profile first"
run "$BIN/iio-search" --json "rol:innovatiebrigadier"
t_is "$(jq '[.results[] | select(.type == "profile")] | length' <<<"$out")" 4 "rol: finds the four brigadiers"
# Words typed apart that the index holds as one word.
run "$BIN/iio-search" --json --no-group -n 10 "slim fit"
t_is "$(jq '[.results[] | select(.fields.experiment == "SlimFit" or (.title | test("SlimFit")))] | length' <<<"$out")" 10 \
	"'slim fit' finds the SlimFit records"
t_is "$(jq '[.results[] | select(.missing)] | length' <<<"$out")" 0 "... as holding every word"

# Pupils named by their stream find it.
run "$BIN/iio-search" --json --no-group -n 50 "vmbo'ers"
t_is "$(jq -r '[.results[].fields.stream // empty] | unique | join(",")' <<<"$out")" "vmbo-b,vmbo-gt,vmbo-k" "vmbo'ers: the vmbo records"
run "$BIN/iio-search" --json --no-group -n 50 havisten
t_is "$(jq -r '[.results[].fields.stream // empty] | unique | join(",")' <<<"$out")" "havo" "havisten: the havo records"

# Suggestions complete the whole typed text from titles, as they are written.
run "$BIN/iio-search" --suggest --json "gouden e"
t_is "$(jq -r '.suggestions[0].text' <<<"$out")" "De Gouden Eeuw" "--suggest 'gouden e': De Gouden Eeuw"
t_is "$(jq '[.suggestions[].text | select(. == "gouden en" or . == "gouden een")] | length' <<<"$out")" 0 "... not a word that ignores the earlier one"
run "$BIN/iio-search" --suggest --json "stelling van p"
t_is "$(jq -r '.suggestions[0].text' <<<"$out")" "Stelling van Pythagoras" "--suggest 'stelling van p': Stelling van Pythagoras"

# Nouns in -ent/-ant share their stem with their plural in -en.
for w in reducent:reducenten consument:consumenten docent:docenten student:studenten; do
	one=${w%%:*} more=${w##*:}
	t_is "$(echo "$more" | "$BIN/iio-search" --analyze --json - | jq -r '.tokens[0].stem')" \
		"$(echo "$one" | "$BIN/iio-search" --analyze --json - | jq -r '.tokens[0].stem')" "$more stems as $one"
done
run "$BIN/iio-search" --json -n 5 reducent
t_is "$(jq -c '[(.total > 0), .suggestion, .corrected]' <<<"$out")" '[true,null,false]' "reducent finds the records with reducenten, no correction"

# No correction for a word of Dutch, found or not.
for q in consument ravelijn "lessen opnemen" "scholen vergelijken"; do
	run "$BIN/iio-search" --json -n 1 "$q"
	t_is "$(jq -c '[.suggestion, .corrected]' <<<"$out")" '[null,false]' "'$q': every word is Dutch, no correction offered"
done
run "$BIN/iio-search" --json -n 1 consument
t_is "$(jq '.total > 0' <<<"$out")" true "consument finds the records"
run "$BIN/iio-search" --json ravelijn
t_is "$(jq -r '.results[0].id' <<<"$out")" "iio-achtergrond.jan-jongeneelen" "ravelijn finds the brigadier of R@velijn (an @ for an a)"
# Language adjectives have the language as their lemma (engelse: Engels,
# nederlandse: Nederlands, not the country); brugklas is the first year of vo.
for w in engelse:engels nederlandse:nederlands franse:frans duitse:duits portugese:portugees; do
	t_is "$(echo "${w%%:*}" | "$BIN/iio-search" --analyze --json - | jq -r '.tokens[0].stem')" "${w##*:}" "${w%%:*} stems as ${w##*:}"
done
run "$BIN/iio-search" --json -n 3 "engelse werkwoorden"
t_is "$(jq -r '.results[0].fields.subject' <<<"$out")" "Engels" "engelse werkwoorden: an English verbs video first"
run "$BIN/iio-search" --json -n 10 brugklas
t_is "$(jq -c '[.results[] | [.fields.level, .fields.grade]] | unique' <<<"$out")" '[["vo",1]]' "brugklas: videos for the first year of vo"

# Decompounding invents no words: bes and gel are in no record of the
# corpus (beslissen, bestaande and geledingen are), so nothing is found.
for q in bes gel; do
	run "$BIN/iio-search" --json "$q"
	t_is "$(jq .total <<<"$out")" 0 "'$q' finds nothing: no record holds the word (beslissen is not bes + lissen)"
done
run "$BIN/iio-search" --json -n 1 beslissen
t_is "$(jq '.total > 0' <<<"$out")" true "... while beslissen itself is found"
run "$BIN/iio-search" --all-words leerlingenkrimp xyzzyqq
t_is "$rc" 1 "--all-words: no record has both, exit 1"
run "$BIN/iio-search" --json leerlingenkrimp +xyzzyqq
t_is "$(jq .total <<<"$out")" 0 "+word: required even in best match"
run "$BIN/iio-search" --json -n 1 --offset 1 --exact-total --facets scholen
t_is "$(jq -r '[.offset, .limit, (.results | length), .results[0].rank, .total_exact] | @tsv' <<<"$out")" \
	"$(printf '1\t1\t1\t2\ttrue')" "--offset, -n and --exact-total"
t_is "$(jq -c '[.facets.type[].value] | sort' <<<"$out")" '["case","document","passage","profile","video"]' "--facets lists the types found"
t_is "$(jq '[.facets.type[].count] | add' <<<"$out")" "$(jq .records <<<"$out")" "--facets counts add up to the exact records"
t_is "$(jq '.records_exact' <<<"$out")" true "... which --exact-total counts exactly"

# Help and version.
run "$BIN/iio-search" --help
t_is "$rc" 0 "--help: exit 0"
t_has "$out" "Usage: iio-search" "--help prints usage"
run "$BIN/iio-search" --version
t_has "$out" "iio-search 0." "--version"
run "$BIN/iio-index" --help
t_has "$out" "Usage: iio-index" "iio-index --help"
run "$BIN/iio-index" --version
t_has "$out" "analyzer:" "iio-index --version names the analyzer"
# One version: iio.h's, which the library reports; every program and the
# pkg-config file say the same.
v=$(sed -n 's/^#define IIO_VERSION_STRING "\(.*\)"/\1/p' "$TOP/searcher/iio.h")
t_is "$("$BIN/iio-search" --version | head -1) | $("$BIN/iio-index" --version | head -1) | $("$BIN/iio-serve" --version | head -1) | $(sed -n 's/^Version: //p' "$TOP/iio.pc")" \
	"iio-search $v | iio-index $v | iio-serve $v | $v" "every program's --version and iio.pc give iio.h's version ($v)"

# --batch: many queries in one process, a JSON line each.
printf 'pythagoras\n\nleerlingenkrimp\nqqxyzzy\n' >"$T/queries"
run "$BIN/iio-search" --batch "$T/queries" --type video
t_is "$rc" 0 "--batch: exit 0"
t_is "$(wc -l <<<"$out")" 3 "--batch: one line per query, blank lines skipped"
t_is "$(jq -r '[.line, .query] | @tsv' <<<"$out" | tr '\n' ' ')" "$(printf '1\tpythagoras 3\tleerlingenkrimp 4\tqqxyzzy ')" "--batch: each line names its query and line"
want=$("$BIN/iio-search" --json --type video pythagoras | jq .total)
t_is "$(jq -s '.[0].total' <<<"$out")" "$want" "--batch honours the search options: the same total as a single search"
t_is "$(jq -s '.[2].total' <<<"$out")" 0 "--batch: a query without results counts 0"
t_ok "--batch: every line has took_us" jq -se 'length == 3 and all(.took_us > 0)' <<<"$out"
run "$BIN/iio-search" --batch "$T/no-such-file"
t_is "$rc" 2 "--batch of a missing file: exit 2"
t_has "$err" "cannot read $T/no-such-file" "... naming the file"
printf 'krimp\nleer\0lingenkrimp\n\xff\xfe\nkrimp\n' >"$T/hostile"
run "$BIN/iio-search" --batch "$T/hostile" --no-snippets
t_is "$rc" 2 "--batch with a NUL byte and invalid UTF-8: exit 2 (an error in some line)"
t_is "$(jq -r '.error // "ok"' <<<"$out" | tr '\n' '|')" \
	"ok|the query holds a NUL byte at byte 5|query is not valid UTF-8 at byte 1|ok|" \
	"--batch: a NUL byte is an error naming it, not a query cut short; the lines after it still run"
run "$BIN/iio-search" --json --no-snippets --no-group pythagoras
t_is "$(jq -r '[.results[].snippet] | unique | join("|")' <<<"$out")" "" "--no-snippets: results without snippets"
nosnip=$(jq -c '[.results[] | [.id, .title, .type, .url, .source, .fields]]' <<<"$out")
run "$BIN/iio-search" --json --no-group pythagoras
t_is "$nosnip" "$(jq -c '[.results[] | [.id, .title, .type, .url, .source, .fields]]' <<<"$out")" \
	"... the same ids, titles, types, urls, sources and fields (read from the head slot, not the text)"
t_is "$(jq '.results | length' <<<"$out")" 10 "--no-snippets: the results themselves are there"

done_testing
