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
t_is "$rc" 0 "words that normalize to 264 bytes in a title, text, school, experiment, keywords and a PDF's title stop nothing"
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
t_is "$rc" 0 "a full build on two threads indexes them too"
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
# A sidecar that is a link to nothing: not a document without a sidecar.
rm "$CO/$LONGREAD.meta"
ln -s "$T/not-there.meta" "$CO/$LONGREAD.meta"
ix
t_has "$err" "${LONGREAD#corpus/}.meta: cannot read: a symbolic link to a file that is not there" \
	"a sidecar linking to nothing is said"
t_has "$out" " 0 deleted, 30 stale" "... and the longread's records stay"
rm "$CO/$LONGREAD.meta"
cp "$T/meta.good" "$CO/$LONGREAD.meta"
# A PDF's sidecar alike.
printf 'title: Een \0 in de titel\n' >"$CO/corpus/documents/plain.pdf.meta"
ix
t_has "$err" "documents/plain.pdf.meta:1: title: NUL byte at byte" "a PDF's sidecar with a NUL: said with file, line and field"
t_is "$(S --show plain --json | jq -r .title)/$(S --show plain.pagina-2 --json | jq -r .fields.page)" "Een gewone PDF/2" \
	"... and the PDF keeps its last version, passages included"
rm "$CO/corpus/documents/plain.pdf.meta"

# ---- PDFs made to be expensive: bounded, indexed as far as read ----
for f in shared deep; do cp "$P/$f.pdf" "$CO/corpus/documents/"; done
ix --report "$T/hostile.json"
t_is "$rc" 0 "4,000 pages drawing one content stream, an outline 40,000 deep: indexed"
t_has "$err" "documents/shared.pdf: warning: its text reached 4194304 bytes (IIO_PDF_MAX_TEXT_BYTES)" \
	"... the shared stream's PDF is cut at the text limit, said by its name"
t_has "$err" "documents/deep.pdf: warning: its outline is nested more than 16 levels deep (IIO_PDF_MAX_OUTLINE_DEPTH)" \
	"... the deep outline at the depth limit, said by its name"
# The record answer is itself bounded (IIO_MAX_RECORD_TEXT): it says how
# long the stored text is.
size=$(S --show shared --json | jq -r '.text_length // (.text | length)')
t_ok "... the record holds at most IIO_PDF_MAX_TEXT_BYTES of text ($size bytes)" test "$size" -le 4194304 -a "$size" -gt 1000000
t_is "$(S --show shared --json | jq -r .fields.pages)" 4000 "... and still says how many pages the PDF has"
t_is "$(S --show deep --json | jq -r .title)" "Diepe bladwijzers" "the deep outline's PDF is in the index"
t_is "$(jq -r '.records.warned' "$T/hostile.json")" 2 "--report counts the two as warnings"
rm "$CO/corpus/documents/shared.pdf" "$CO/corpus/documents/deep.pdf"
cp "$P/many.pdf" "$P/wide.pdf" "$CO/corpus/documents/"
ix
t_is "$rc" 0 "2,100 pages; 1,100 outline entries: indexed"
t_has "$err" "documents/many.pdf: warning: it has 2100 pages: the first 2000 were read (IIO_PDF_MAX_PAGES)" \
	"... the pages up to the page limit, said by its name"
t_is "$(S --show many.pagina-2000 --json | jq -r .fields.page)/$(S --show many.pagina-2001 --json 2>/dev/null | jq -r .id)" \
	"2000/" "... page 2000 a passage, page 2001 not read"
t_has "$err" "documents/wide.pdf: warning: its outline has more than 1000 entries (IIO_PDF_MAX_OUTLINE_ENTRIES)" \
	"... the outline up to the entry limit, said by its name"
rm "$CO/corpus/documents/many.pdf" "$CO/corpus/documents/wide.pdf"
ix --force # 2,000 passages fewer: more than --max-shrink allows

# ---- a NUL in a PDF's title: said, and read as a space ----
cp "$P/nultitle.pdf" "$P/nultitle16.pdf" "$CO/corpus/documents/"
ix
t_is "$rc" 0 "PDFs whose titles hold a NUL are indexed${err:+: $err}"
t_has "$err" "documents/nultitle.pdf: title: warning: the PDF's title (Info /Title) holds a NUL character" \
	"... said, with the file and field"
t_has "$err" "documents/nultitle16.pdf: title: warning:" "... in UTF-16 too"
t_is "$(S --show nultitle --json | jq -r .title)" "A B" "... the title read with a space for the NUL, not cut at it"
t_is "$(S --show nultitle16 --json | jq -r .title)" "A BC" "... in UTF-16 too"
rm "$CO/corpus/documents/nultitle.pdf" "$CO/corpus/documents/nultitle16.pdf"

# ---- record ids that name a directory in a URL ----
cat >>"$CO/corpus/cases/cases-sample.jsonl" <<'EOF'
{"id": ".", "type": "case", "title": "Punt", "text": "Een id van een punt."}
{"id": "..", "type": "case", "title": "Twee punten", "text": "Een id van twee punten."}
EOF
cases=$(wc -l <"$CO/corpus/cases/cases-sample.jsonl")
ix
t_is "$rc" 1 "ids '.' and '..' are rejected (exit 1), the rest indexed"
t_has "$err" "cases/cases-sample.jsonl:$((cases - 1)): id: '.' is not a valid id" "... '.' with its file, line and field"
t_has "$err" "cases/cases-sample.jsonl:$cases: id: '..' is not a valid id" "... '..' too"
t_is "$(S --json --no-group "Twee punten" | jq -r '[.results[].id] | index("..")')" null "... and neither is in the index"
head -n $((cases - 2)) "$CO/corpus/cases/cases-sample.jsonl" >"$T/cases" && cp "$T/cases" "$CO/corpus/cases/cases-sample.jsonl"

# ---- symbolic links out of the corpus ----
mkdir -p "$T/outside"
printf 'Geheim buiten het corpus\n\nDit wachtwoordbestand hoort niet in de index.\n' >"$T/outside/geheim.txt"
printf 'title: Een titel van buiten\n' >"$T/outside/geheim.meta"
ln -s "$T/outside/geheim.txt" "$CO/corpus/documents/geheim.txt"
printf 'Binnen\n\nEen document met een sidecar die naar buiten wijst.\n' >"$CO/corpus/documents/binnen.txt"
ln -s "$T/outside/geheim.meta" "$CO/corpus/documents/binnen.txt.meta"
mkdir -p "$CO/corpus/extra"
printf 'Gedeeld\n\nEen document dat via een link binnen het corpus gelezen wordt.\n' >"$CO/corpus/extra/gedeeld.txt"
ln -s ../extra/gedeeld.txt "$CO/corpus/documents/gedeeld.txt"
ix
t_is "$rc" 1 "links out of the corpus: reported, the run publishes (exit 1)"
t_has "$err" "documents/geheim.txt: a symbolic link to $T/outside/geheim.txt, outside the corpus: not followed" \
	"... a record file's link, with where it leads"
t_has "$err" "documents/binnen.txt.meta: a symbolic link to $T/outside/geheim.meta, outside the corpus: not followed" \
	"... a sidecar's link too"
t_is "$(S --json wachtwoordbestand | jq -r .total)" 0 "... and what they lead to is not in the index"
t_is "$(S --show binnen --json 2>/dev/null | jq -r .title)" "" "... nor the document whose sidecar leads out"
t_is "$(S --show gedeeld --json | jq -r .title)" "Gedeeld" "a link that stays inside the corpus is read"
ix --follow-links
t_is "$(S --show geheim --json | jq -r .title)" "Geheim buiten het corpus" "--follow-links reads the links out of the corpus"
rm "$CO/corpus/documents/geheim.txt" "$CO/corpus/documents/binnen.txt.meta" "$CO/corpus/documents/binnen.txt"
ix

# ---- a source that gives no records where it gave some ----
mkdir -p "$CO/corpus/export"
for i in 1 2 3 4 5; do printf '{"id":"export-%d","title":"Export %d","text":"Een record uit de export."}\n' "$i" "$i"; done |
	gzip >"$CO/corpus/export/cases.jsonl.gz"
printf 'export/cases.jsonl.gz  jsonl  case\n' >>"$CO/corpus/sources.conf"
ix
t_is "$(S --json --no-group export | jq -r .total)" 5 "a gzip export of five records is indexed"
gzip </dev/null >"$CO/corpus/export/cases.jsonl.gz"
ix
t_is "$rc" 2 "the export turned into a gzip stream of an empty file: not switching"
t_has "$err" "export/cases.jsonl.gz gave no records, where the live index holds 5 from it: a shrink of 100%" \
	"... said by its name, as --max-shrink says a shrink"
t_is "$(S --json --no-group export | jq -r .total)" 5 "... and the five records are still served"
ix --force
t_is "$rc" 0 "--force takes the empty export as it is"
t_is "$(S --json --no-group export | jq -r .total)" 0 "... and the five go"

done_testing
