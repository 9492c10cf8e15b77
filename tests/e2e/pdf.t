#!/bin/bash
# pdf.t - PDF documents: the PDFs made for this test
# (tests/fixtures/pdf/make-pdfs.py, python3-reportlab and qpdf) indexed by
# their extension: text per page, hyphenation across lines and a page
# break, two columns read in order, an outline as passages, a font without
# ToUnicode, one passage a page with its page number; an encrypted, a
# truncated and an image-only PDF reported by name and reason, keeping
# their last good version; and the longread as a PDF giving the passages
# the text version gives, word for word.
. "$(dirname "$0")/lib.sh"

P=$T/pdfs
run /usr/bin/python3 "$TOP/tests/fixtures/pdf/make-pdfs.py" "$P" "$TOP/corpus/documents/iio-longread-innoveren-van-binnenuit.txt"
t_is "$rc" 0 "the test PDFs are made${err:+: $err}"

C=$T/corpus
mkdir -p "$C"
cp "$P"/plain.pdf "$P"/hyphen.pdf "$P"/twocol.pdf "$P"/outline.pdf "$P"/nounicode.pdf "$C"/
printf 'url: https://www.iio.example/bladwijzers.pdf\n' >"$C/outline.pdf.meta"
run "$BIN/iio-index" --corpus "$C" --index "$T/index"
t_is "$rc" 0 "a directory of PDFs without a manifest is indexed by extension"
export IIO_INDEX=$T/index
show() { "$BIN/iio-search" --show "$1" --json; }

# One passage a page, each with its page.
t_is "$(show plain | jq -r '[.type, .title, .fields.pages] | @tsv')" "$(printf 'document\tEen gewone PDF\t2')" \
	"a PDF is a document titled by its metadata, with its number of pages"
t_is "$(show plain.pagina-2 | jq -r '[.type, .fields.page, .fields.parent] | @tsv')" "$(printf 'passage\t2\tplain')" \
	"without outline or sidecar: one passage a page, with page set"
t_has "$(show plain.pagina-2 | jq -r .text)" "Onderwijsassistenten ondersteunen de docent" "... holding that page's text"
run "$BIN/iio-search" --json --no-group lerarentekort
t_is "$(jq -r '.results[] | select(.type == "passage") | [.id, .fields.page] | @tsv' <<<"$out")" "$(printf 'plain.pagina-2\t2')" \
	"iio-search finds the passage with its page number"
run "$BIN/iio-search" --no-group -n 1 --type passage lerarentekort
t_has "$out" "plain.pdf, page 2" "... and the CLI shows the page"

# Hyphenation across a line end and across a page break; a real hyphen kept.
txt=$(show hyphen | jq -r .text)
t_has "$txt" "onderwijsvernieuwing liep" "a word hyphenated across a line end is joined"
t_has "$txt" "subsidieregeling die" "... and across a page break"
t_has "$txt" "PAL-student" "... while a hyphen after a capital stays"
t_is "$(show hyphen.pagina-1 | jq -r .text | grep -c subsidieregeling)" 1 "the joined word belongs to the page it starts on"

# Two columns: the left one first.
txt=$(show twocol | jq -r .text | tr '\n' ' ')
t_ok "a two-column page is read column by column" bash -c "[[ '$txt' == *'groepen leerlingen.'*'Rechterkolom vertelt daarna'* ]]"

# The outline: a passage per bookmark, from its page to the next.
t_is "$(IIO_INDEX=$T/index "$BIN/iio-search" --json --no-group -n 20 --type passage "" 2>/dev/null | jq -r '[.results[].id | select(startswith("outline."))] | sort | join(" ")')" \
	"outline.inleiding outline.onderwijsteams outline.slimfit" "an outline gives one passage per bookmark"
t_is "$(show outline.slimfit | jq -r '[.title, .fields.page, .url] | @tsv')" \
	"$(printf 'SlimFit\t2\thttps://www.iio.example/bladwijzers.pdf#page=2')" "... titled by it, with its page, the URL opening at it"
t_has "$(show outline.slimfit | jq -r .text)" "leerpleinen en stilteplekken" "... running to the next bookmark (over two pages)"
t_hasnt "$(show outline.slimfit | jq -r .text)" "Onderwijsteams" "... and no further"

# A subset font without ToUnicode: poppler recovers the letters from the
# embedded font's own tables (the glyph repair is there for the PDFs where
# it cannot).
run "$BIN/iio-search" --json innovatiebrigadier
t_is "$(jq -r '.results[0].id | split(".")[0]' <<<"$out")" "nounicode" "a font without a ToUnicode map: its words are still found"

# Bad PDFs: reported by name and reason; the last good version stays.
cp "$P/encrypted.pdf" "$P/images.pdf" "$C"/
cp "$P/truncated.pdf" "$C/plain.pdf"
run "$BIN/iio-index" --corpus "$C" --index "$T/index"
t_has "$err" "encrypted.pdf: the PDF is encrypted" "an encrypted PDF is reported by name and reason"
t_has "$err" "images.pdf: the PDF has no text" "an image-only PDF is reported"
t_has "$err" "plain.pdf: the PDF cannot be read" "a truncated PDF is reported"
t_ok "... and the run still publishes (nothing else held up)" test "$(readlink "$T/index/current")" != ""
t_is "$(show plain.pagina-2 | jq -r .fields.page)" 2 "the truncated PDF keeps its last good version"
t_is "$(show hyphen | jq -r .id)" hyphen "... and the other PDFs are still there"

# The longread as a PDF (its lines, 38 a page) with the text version's
# sidecar: the same passages, the same text.
mkdir -p "$T/lt" "$T/lp"
cp "$TOP/corpus/documents/iio-longread-innoveren-van-binnenuit.txt"* "$T/lt/"
cp "$P/longread.pdf" "$T/lp/innoveren-van-binnenuit.pdf"
cp "$TOP/corpus/documents/iio-longread-innoveren-van-binnenuit.txt.meta" "$T/lp/innoveren-van-binnenuit.pdf.meta"
"$BIN/iio-index" --quiet --corpus "$T/lt" --index "$T/it" && "$BIN/iio-index" --quiet --corpus "$T/lp" --index "$T/ip" ||
	fail "index the longread as text and as PDF"
ids() { IIO_INDEX=$1 "$BIN/iio-search" --json --no-group -n 100 --type passage "" 2>/dev/null | jq -r '.results[].id' | sort; }
t_is "$(ids "$T/ip")" "$(ids "$T/it")" "the PDF gives the passages the text version gives ($(ids "$T/it" | wc -l))"
same=0 differ=""
for id in iio-longread $(ids "$T/it"); do
	a=$(IIO_INDEX=$T/it "$BIN/iio-search" --show "$id" --json | jq -c '[.title, .text]')
	b=$(IIO_INDEX=$T/ip "$BIN/iio-search" --show "$id" --json | jq -c '[.title, .text]')
	if [ "$a" = "$b" ]; then same=$((same + 1)); else differ="$differ $id"; fi
done
t_is "${differ:-none}" "none" "... each with the same title and text ($same records)"
t_is "$(IIO_INDEX=$T/ip "$BIN/iio-search" --show iio-longread.sander-dekker-staatssecretaris-van-onderwijs-cultuur-en --json | jq -r '.fields.page')" 7 \
	"... and each passage knows its page"

done_testing
