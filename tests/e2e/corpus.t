#!/bin/bash
# corpus.t - the bundled IIO corpus, end to end: every record type is there,
# text that exists only in damaged form in the seeds is found, passages and
# profiles carry their fields, and the sample data is reproducible.
. "$(dirname "$0")/lib.sh"

IDX=$T/index
run "$BIN/iio-index" --corpus "$TOP/corpus" --index "$IDX" --strict
t_is "$rc" 0 "the bundled corpus builds with --strict (no record rejected)"
t_has "$out" "0 rejected" "nothing rejected"
t_hasnt "$err" "places table" "every place of the corpus is in the places table (a province for each)"
types=$(sed -n 's/^iio-index: by type: //p' <<<"$out")
count() { sed -n "s/.*\b$1 \([0-9]*\).*/\1/p" <<<"$types"; }
t_is "$(count document)" 2 "two IIO documents"
t_ok "at least 1,200 videos ($(count video))" test "$(count video)" -ge 1200
t_ok "at least 150 school cases ($(count case))" test "$(count case)" -ge 150
t_is "$(count profile)" 4 "four Innovatiebrigadier profiles"
t_ok "the longread is cut into passages ($(count passage))" test "$(count passage)" -ge 25
repairs=$(sed -n 's/^iio-index: text repair: //p' <<<"$out")
t_has "$repairs" "89 garbled runs decoded" "the summary reports glyph repairs: $repairs"
export IIO_INDEX=$IDX

# Words that exist only in damaged form in the seeds.
# (The sample videos and cases use some of these words too: the passage
# must be among the results, with the word marked in its snippet.)
expect_passage() { # QUERY PASSAGE-ID WHAT
	run "$BIN/iio-search" --json -n 100 "$1"
	t_is "$rc" 0 "'$1' is found ($3)"
	t_has "$(jq -r "[.results[] | ., .passages[]? | select(.id == \"$2\") | .snippet][0]" <<<"$out")" "<mark>" \
		"'$1': the passage $2 is found, the word marked"
}
expect_passage studiewijzers iio-longread.iio-experiment-e-klas-pal-student "glyph mojibake"
expect_passage '"vakdocent en een mediaspecialist"' iio-longread.iio-experiment-leerlingen-voor-leerlingen "glyph mojibake; 874 sample videos say mediaspecialist too"
expect_passage onderwijsondersteuners iio-longread.iio-experiment-onderwijsteams "glyph mojibake"
expect_passage functiedifferentiatie iio-longread.wat-is-innovatieimpuls-onderwijs "split across a line end"
expect_passage '"financiële impuls"' iio-longread.vernieuwing-krijgt-ruimte-door-structuur \
	"mojibake, ligature and line-end hyphen at once"
expect_passage offline iio-longread.beweging-begint-in-de-praktijk-niet-op-papier "fl ligature glyph"
expect_passage E-klas iio-longread.iio-experiment-e-klas-pal-student "the lost hyphen reads as a break"
run "$BIN/iio-search" subsidieregeling
t_is "$rc" 0 "subsidie- / regeling is one word again"
run "$BIN/iio-search" --show iio-longread --json
t_hasnt "$(jq -r .text <<<"$out")" "VFKROHQ" "the stored longread holds no mojibake"
t_has "$(jq -r .text <<<"$out")" "scholen brengen we in beweging door offline ontmoetingen" "but the decoded Dutch"

# Passages: titles, parent, ids.
run "$BIN/iio-search" --show iio-longread.joost-timmermans-docent-projectleider-onderwijsteams --json
t_is "$(jq -r '[.type, .fields.parent] | @tsv' <<<"$out")" "$(printf 'passage\tiio-longread')" "a quote is a passage of the longread"
t_has "$(jq -r .title <<<"$out")" "Joost Timmermans" "titled by its speaker"
t_has "$(jq -r .text <<<"$out")" "Als leidinggevende van een veranderingsproces" "holding the quote, hyphenation joined"
run "$BIN/iio-search" --show iio-longread.voorwoord --json
t_has "$(jq -r .text <<<"$out")" "Leren en experimenteren met onderwijsvernieuwing" "a heading that closes its section gets the text before it"
run "$BIN/iio-search" --show iio-longread.iio-experiment-slimfit --json
t_has "$(jq -r .text <<<"$out")" "Basisscholen die werken vanuit het organisatieprincipe van SlimFit" "the SlimFit box reads as Dutch"

# Profiles: the run-together fields separated.
run "$BIN/iio-search" --show iio-achtergrond.gijselien-grosman --json
t_is "$(jq -r '[.type, .fields.school, .fields.level, .fields.place] | @tsv' <<<"$out")" \
	"$(printf 'profile\tBasisschool Titus Brandsma\tpo\tNagele')" "School/Schoolprofiel/Plaats separated"
t_is "$(jq -r .fields.province <<<"$out")" Flevoland "... and the place's province (Nagele, Noordoostpolder)"
t_is "$(jq -r '.text[0:27]' <<<"$out")" "Ik ben vanaf 2015 Innovatie" "the text starts where the place ends"
t_hasnt "$(jq -r .text <<<"$out")" "Lees verder" "the 'Lees verder' link text is dropped"
run "$BIN/iio-search" --show iio-achtergrond.jan-jongeneelen --json
t_is "$(jq -r '[.fields.school, .fields.level, .fields.place] | @tsv' <<<"$out")" \
	"$(printf 'R@velijn\tvo\tSteenbergen')" "a name like R@velijn is kept; a double space ends the place"

# Videos and cases: typed fields.
run "$BIN/iio-search" --json molberekening
t_is "$(jq -r '.results[0] | [.type, .fields.subject, .fields.level, (.fields.duration | type), (.fields.keywords | type)] | @tsv' <<<"$out")" \
	"$(printf 'video\tscheikunde\tvo\tnumber\tarray')" "a video: subject, level, duration in seconds, keywords"
run "$BIN/iio-search" --json --facets slimfit
t_has "$(jq -c '[.facets.type[].value]' <<<"$out")" '"case"' "SlimFit cases are found"
run "$BIN/iio-search" --show case-001 --json
t_is "$(jq -r '[.fields.experiment, (.fields.year | type), (.fields.year_end | type)] | @tsv' <<<"$out")" \
	"$(printf 'SlimFit\tnumber\tnumber')" "a case: experiment, years as numbers"

# The sample data is what the generator makes.
if command -v python3 >/dev/null; then
	t_ok "corpus/generate.py runs" python3 "$TOP/corpus/generate.py" "$T/gen"
	t_ok "it reproduces videos-sample.csv" cmp "$T/gen/videos/videos-sample.csv" "$TOP/corpus/videos/videos-sample.csv"
	t_ok "it reproduces cases-sample.jsonl" cmp "$T/gen/cases/cases-sample.jsonl" "$TOP/corpus/cases/cases-sample.jsonl"
else
	fail "python3 is needed to check the sample generator"
fi

# A document's passages in reading order, whatever order a parallel build
# gave them (--jobs 2); a section that goes on after a box says so in its
# title, so no two passages look alike.
rm -rf "$T/par"
run "$BIN/iio-index" --quiet --full --jobs 2 --corpus "$TOP/corpus" --index "$T/par"
members=$("$BIN/iio-search" --index "$T/par" --show iio-longread --json | jq -r '.members[] | select(.type == "passage") | .title')
t_is "$(head -2 <<<"$members" | tr '\n' '|')" "Voorwoord|Wat is InnovatieImpuls Onderwijs?|" \
	"the longread's passages come in reading order (Voorwoord first)"
t_is "$(tail -1 <<<"$members")" "Contact" "... and Contact last"
t_is "$(sort <<<"$members" | uniq -d)" "" "no two passages share a title"
t_is "$("$BIN/iio-search" --show iio-longread.beweging-begint-in-de-praktijk-niet-op-papier-2 --json | jq -r .title)" \
	"Beweging begint in de praktijk, niet op papier (vervolg)" "a continued section is titled '(vervolg)'"
# Profiles the web page cut short ("… Lees verder") keep the "…" that says so.
for id in iio-achtergrond.jan-jongeneelen iio-achtergrond.irene-westeneng; do
	t_has "$("$BIN/iio-search" --show "$id" --json | jq -r .text | tail -c 8)" "…" "the cut profile text $id ends in …"
done

done_testing
