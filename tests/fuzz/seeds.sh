#!/bin/bash
# seeds.sh OUTDIR - the harnesses' seed corpora, cut from the real corpus
# (corpus/), the seed documents as they arrived (../shared/seeds/) and the
# judged queries of bench/relevance. Each harness gets OUTDIR/NAME/.
# Deterministic; made at run time, not checked in.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
shared=${IIO_SHARED:-$top/../shared}
rm -rf "$out"
mkdir -p "$out"/{repair,analyze,query,snippet,reader,webreq}
# put HARNESS PREFIX-BYTE-OR-EMPTY < data: one seed, named by its SHA-1 as
# libFuzzer names the inputs it keeps.
put() {
	{ [ -n "$2" ] && printf "\\x$2"; cat; } >"$out/$1/.new"
	mv "$out/$1/.new" "$out/$1/$(sha1sum <"$out/$1/.new" | cut -c1-40)"
}

docs=("$top"/corpus/documents/*.txt)
[ -d "$shared/seeds" ] && docs+=("$shared"/seeds/*.txt)
# Text: paragraphs (blank-line separated) of the documents, up to 4 KiB each,
# the glyph mojibake of the seeds included.
for f in "${docs[@]}"; do
	i=0
	while IFS= read -r -d '' para; do
		i=$((i + 1)); [ "$i" -gt 40 ] && break
		printf '%s' "$para" | head -c 4096 | put repair ""
		printf '%s' "$para" | head -c 1024 | put analyze ""
	done < <(awk 'BEGIN{RS=""} {printf "%s%c", $0, 0}' "$f")
done
head -c 8192 "$top/corpus/documents/iio-longread-innoveren-van-binnenuit.txt" | put repair 01

# Queries: every judged query, with each option byte pattern in turn; and
# the syntax the dictionary knows.
k=0
while IFS=$'\t' read -r id q; do
	case $id in '#'*|'') continue ;; esac
	k=$((k + 1))
	printf '%s' "$q" | put query "$(printf '%02x' $((k % 256)))"
	printf '%s\n%s' "$q" "$(sed -n "$((k * 7 % 300 + 1)),+3p" "$top/corpus/documents/iio-longread-innoveren-van-binnenuit.txt")" | put snippet ""
	printf 'q=%s&limit=%d&offset=%d&vak=wiskunde' "${q// /+}" $((k % 12)) $((k % 30)) | put webreq ""
done <"$top/bench/relevance/queries.tsv"
printf 'titel:"stelling van pythagoras" OR (krimp -leraar) jaar:2012..2014 innovat*' | put query 05
printf 'leerlingenkrimp\ttype:video' | put query 04
printf 'q=krimp&type=video&subject=wiskunde&level=vo&sort=date&facets=1&limit=100&offset=10000' | put webreq ""
printf 'q=%%E2%%80%%98collega%%27s%%E2%%80%%99&plaats=Zwolle&jaar=2013' | put webreq ""

# Files: the head of each corpus file in its format (byte 0 picks it; see
# fuzz-reader.c), plain and gzip-compressed.
head -n 6 "$top/corpus/cases/cases-sample.jsonl" | put reader 00
head -n 6 "$top/corpus/videos/videos-sample.csv" | put reader 01
{ printf -- '---\ntitle: Het E-klas experiment\ntype: document\nyear: 2013\n---\n'; head -c 2000 "${docs[0]}"; } | put reader 02
head -c 3000 "${docs[1]}" | put reader 03
printf '<!DOCTYPE html><html lang="nl"><head><title>Krimp &amp; kwaliteit</title><script>x()</script></head><body><h1>Kop</h1><p>Leerlingen&shy;krimp <b>in</b> de regio.</p><!-- c --></body></html>' | put reader 04
head -n 6 "$top/corpus/cases/cases-sample.jsonl" | gzip -9n | put reader 05
head -n 6 "$top/corpus/videos/videos-sample.csv" | gzip -9n | put reader 06
head -c 2000 "${docs[0]}" | gzip -9n | put reader 07
