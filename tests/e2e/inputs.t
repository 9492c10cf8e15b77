#!/bin/bash
# inputs.t - bad and hostile input, indexed as people index: from a
# checkout's directory with a relative --corpus, the command `make index`
# runs (bin/iio-index --corpus corpus --index var/index). A word that
# normalizes past a term's length, a sidecar that cannot be read (a NUL,
# invalid UTF-8, a FIFO), PDFs under a relative corpus, PDFs built to be
# expensive (4,000 pages drawing one content stream, an outline nested
# 40,000 deep): none stops the run, none loses a record, each is said
# with its file (and line and field where it has them).
. "$(dirname "$0")/lib.sh"

CO=$T/checkout
mkdir -p "$CO"
cp -r "$TOP/corpus" "$CO/corpus"
# ix [OPTION...]: what make index runs, in the checkout-like directory.
ix() { run bash -c 'cd "$1" && shift && "$@"' _ "$CO" "$BIN/iio-index" --corpus corpus --index var/index "$@"; }
S() { IIO_INDEX=$CO/var/index "$BIN/iio-search" "$@"; }
LONGREAD=corpus/documents/iio-longread-innoveren-van-binnenuit.txt
# Eight U+FDFA: 24 bytes as written, 264 after NFKC.
U=$(printf '\xef\xb7\xba%.0s' 1 2 3 4 5 6 7 8)

P=$T/pdfs
run /usr/bin/python3 "$TOP/tests/fixtures/pdf/make-pdfs.py" "$P"
t_is "$rc" 0 "the test PDFs are made${err:+: $err}"
run python3 "$TOP/tests/fixtures/pdf/make-hostile.py" "$P"
t_is "$rc" 0 "the hostile PDFs are made${err:+: $err}"

# ---- a PDF under a relative --corpus (make index) ----
cp "$P/plain.pdf" "$CO/corpus/documents/"
ix
t_is "$rc" 0 "make index's command indexes the corpus with a PDF in it${err:+: $err}"
t_hasnt "$err" "absolute path" "... poppler is not handed a relative path"
t_is "$(S --show plain --json | jq -r '[.title, .fields.pages] | @tsv')" "$(printf 'Een gewone PDF\t2')" \
	"... and the PDF is in the index"
t_is "$(S --json --no-group -n 1 --type passage lerarentekort | jq -r '.results[0].id')" "plain.pagina-2" \
	"... its passages found"

# ---- a word that normalizes past the term limit ----
cat >>"$CO/corpus/cases/cases-sample.jsonl" <<EOF
{"id": "case-lang-titel", "type": "case", "title": "Titel $U", "text": "Gewone tekst over leerplein."}
{"id": "case-lang-tekst", "type": "case", "title": "Gewone titel", "text": "Tekst met $U erin."}
{"id": "case-lang-school", "type": "case", "title": "Een school", "school": "School $U", "text": "Tekst."}
{"id": "case-lang-experiment", "type": "case", "title": "Een experiment", "experiment": "SlimFit $U", "text": "Tekst."}
{"id": "case-lang-trefwoorden", "type": "case", "title": "Trefwoorden", "keywords": ["krimp", "$U"], "text": "Tekst."}
EOF
cases=$(wc -l <"$CO/corpus/cases/cases-sample.jsonl")
cp "$P/longtitle.pdf" "$CO/corpus/documents/"
ix --report "$T/report.json"
t_is "$rc" 0 "words that normalize to 264 bytes in a title, text, school, experiment, keywords and a PDF's title stop nothing${err:+: $err}"
t_hasnt "$err" "term too long" "... no 'term too long'"
for f in title:$((cases - 4)) text:$((cases - 3)) school:$((cases - 2)) experiment:$((cases - 1)) keywords:$cases; do
	t_has "$err" "cases/cases-sample.jsonl:${f#*:}: ${f%%:*}: warning: 1 word(s) normalize to more than 236 bytes" \
		"... said once for the record, with file, line and field (${f%%:*})"
done
t_has "$err" "documents/longtitle.pdf:1: title: warning:" "... and for the PDF's title"
t_is "$(jq -r '.records.warned, .records.rejected, (.warnings | length)' "$T/report.json" | tr '\n' ' ')" "6 0 6 " \
	"--report counts them as warnings, not rejections"
for id in case-lang-titel case-lang-tekst case-lang-school case-lang-experiment case-lang-trefwoorden longtitle; do
	t_is "$(S --show "$id" --json | jq -r .id)" "$id" "... the record $id is in the index"
done
run S --json --no-group -n 20 "$U"
t_is "$rc" 0 "a query of that word does not fail${err:+: $err}"
t_is "$(jq -r '[.results[].id] | sort | join(" ")' <<<"$out")" \
	"case-lang-experiment case-lang-school case-lang-tekst case-lang-titel case-lang-trefwoorden longtitle" \
	"... and finds the records holding it (cut alike on both sides)"
for q in "school:$U" "\"met $U erin\"" "$U*" "titel:$U" "type:$U"; do
	run S --json "$q"
	case $rc in 0 | 1) pass "the query '$q' does not fail" ;; *) fail "the query '$q' does not fail" "rc=$rc" "$err" ;; esac
done
run S --json "$(printf '\xef\xb7\xba%.0s' $(seq 40))"
t_is "$rc" 0 "a word far past the limit (forty U+FDFA) is cut too, not dropped${err:+: $err}"
ix --full --jobs 2
t_is "$rc" 0 "a full build on two threads indexes them too${err:+: $err}"
t_has "$err" "cases/cases-sample.jsonl:$cases: keywords: warning:" "... saying each once, from the threads"

# ---- a sidecar that cannot be read keeps its document ----
cp "$CO/$LONGREAD.meta" "$T/meta.good"
longread_records() { S --json --no-group -n 100 --type passage "" | jq -r '[.results[].id | select(startswith("iio-longread."))] | length'; }
n_longread=$(longread_records)
t_ok "the longread has passages ($n_longread)" test "$n_longread" -gt 20
sidecar_case() {
	local what=$1 want=$2
	ix
	t_is "$rc" 1 "$what in the sidecar: the run publishes, with the record rejected (exit 1)"
	t_has "$err" "$want" "... said with the sidecar's file, line and field"
	t_has "$out" " 0 deleted, 30 stale" "... nothing deleted: the longread's 30 records stay as they were"
	t_is "$(longread_records)" "$n_longread" "... its passages all searchable"
	t_has "$(S --show iio-longread --json | jq -r .title)" "InnovatieImpuls Onderwijs" "... the document as it was"
	cp "$T/meta.good" "$CO/$LONGREAD.meta"
}
printf 'title: Een titel met een \0 erin\n' >>"$CO/$LONGREAD.meta"
sidecar_case "A NUL byte" "${LONGREAD#corpus/}.meta:52: title: NUL byte at byte"
printf 'title: Een titel met \xff erin\n' >>"$CO/$LONGREAD.meta"
sidecar_case "Invalid UTF-8" "${LONGREAD#corpus/}.meta:52: title: invalid UTF-8 at byte"
rm "$CO/$LONGREAD.meta"
mkfifo "$CO/$LONGREAD.meta"
run timeout "$WAIT" bash -c 'cd "$1" && shift && "$@"' _ "$CO" "$BIN/iio-index" --corpus corpus --index var/index \
	--report "$T/fifo.json"
t_is "$rc" 1 "a FIFO as a sidecar: the run does not wait for a writer, and publishes (exit 1)"
t_has "$(jq -r '.rejections[].message' "$T/fifo.json")" "not a regular file (a FIFO" "... saying what the sidecar is"
t_is "$(jq -r '.records.deleted, .records.stale' "$T/fifo.json" | tr '\n' ' ')" "0 30 " "... nothing deleted"
ix --remove case-001
t_is "$rc" 0 "... and holds no lock: the next command runs${err:+: $err}"
rm "$CO/$LONGREAD.meta"
cp "$T/meta.good" "$CO/$LONGREAD.meta"

# ---- PDFs made to be expensive: bounded, indexed as far as read ----
for f in shared deep; do cp "$P/$f.pdf" "$CO/corpus/documents/"; done
ix --report "$T/hostile.json"
t_is "$rc" 0 "4,000 pages drawing one content stream, an outline 40,000 deep: indexed${err:+: $err}"
t_has "$err" "documents/shared.pdf: warning: its text reached 4194304 bytes (IIO_PDF_MAX_TEXT_BYTES)" \
	"... the shared stream's PDF is cut at the text limit, said by its name"
t_has "$err" "documents/deep.pdf: warning: its outline is nested more than 16 levels deep (IIO_PDF_MAX_OUTLINE_DEPTH)" \
	"... the deep outline at the depth limit, said by its name"
size=$(S --show shared --json | jq -j .text | wc -c)
t_ok "... the record holds at most IIO_PDF_MAX_TEXT_BYTES of text ($size bytes)" test "$size" -le 4194304 -a "$size" -gt 1000000
t_is "$(S --show shared --json | jq -r .fields.pages)" 4000 "... and still says how many pages the PDF has"
t_is "$(S --show deep --json | jq -r .title)" "Diepe bladwijzers" "the deep outline's PDF is in the index"
t_is "$(jq -r '.records.warned' "$T/hostile.json")" 2 "--report counts the two as warnings"

done_testing
