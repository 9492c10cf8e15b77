#!/bin/bash
# reliability.t - the defects a fault hunt found, each as it was reproduced:
# stale answers after a rollback, generations lost when the live pointer is
# missing, NUL bytes, over-long ids, empty gzip files, duplicate ids,
# invalid UTF-8 and FIFOs in the corpus, bad filter values, error bodies.
. "$(dirname "$0")/lib.sh"

C=$T/c
cp -r "$TOP/corpus" "$C"
IDX=$T/i
ix() { run "$BIN/iio-index" --quiet "$@"; }

# ---- generation names are never reused; "current" means the same directory
ix --corpus "$C" --index "$IDX"
echo '{"id":"rb-a","type":"case","title":"zzalpha","text":"zzalpha"}' >>"$C/cases/cases-sample.jsonl"
ix --corpus "$C" --index "$IDX"
t_is "$(readlink "$IDX/current")" gen-0002 "a second generation is live"
start_serve serve --index "$IDX" --access-log none
U=$served_url
get() { curl -s -o "$T/body" -w '%{http_code}' --max-time "$WAIT" "$@"; }
get "$U/api/search?q=zzalpha" >/dev/null
t_is "$(jq -r '[.results[].id] | join(",")' "$T/body")" rb-a "the server finds the new record"
ix --index "$IDX" --rollback
t_is "$rc" 0 "--rollback"
ix --index "$IDX" --remove case-001
t_is "$rc" 0 "--remove case-001 after the rollback"
t_is "$(readlink "$IDX/current")" gen-0003 "the new generation takes a new name (gen-0002 was deleted, not reused)"
t_is "$(get "$U/api/doc/case-001")" 404 "the server no longer shows the record taken down"
get "$U/api/search?q=zzalpha" >/dev/null
t_is "$(jq -r '.total' "$T/body")" 0 "... nor the record of the generation rolled back from"
get "$U/healthz" >/dev/null
t_is "$(jq -r '.generation' "$T/body")" gen-0003 "/healthz names the live generation"
t_is "$(jq -r .records "$T/body")" 1430 "... and counts the records it holds (the 1431 of gen-0001, less case-001)"
ix --corpus "$C" --index "$IDX"
t_is "$(readlink "$IDX/current")" gen-0004 "the next run: gen-0004"

# ---- error bodies are JSON whatever the request held; the log stays one
# line per request
rm -f "$T/access.log"
start_serve logged --index "$IDX" --access-log "$T/access.log"
L=$served_url
for path in '/api/doc/a%5C' '/api/doc/a%0Ab' '/api/doc/%FF%FE' '/api/doc/%22%3Cb%3E' '/api/search?q=x&a%5C%00=1'; do
	c=$(get "$L$path")
	if jq -e '.error | type == "string"' "$T/body" >/dev/null 2>&1; then
		pass "$path: $c, the error body is JSON"
	else
		fail "$path: $c, the error body is JSON" "$(cat "$T/body")"
	fi
done
QUERY_STRING='q=a&format=json&jaar=x%5Cy' IIO_INDEX=$IDX run "$BIN/iio-search.cgi"
t_is "$(sed '1,/^\r$/d' <<<"$out" | jq -r .error)" "query position 1: year: 'x\\y' is not a year; give YYYY or YYYY..YYYY" "CGI: a bad year's error body is JSON, naming the value"
t_is "$(get "$L/api/search?q=krimp&year=abc")" 400 "year=abc: 400"
t_has "$(jq -r .error "$T/body")" "year: 'abc' is not a year" "... naming the value"
run "$BIN/iio-search" --index "$IDX" --year abc krimp
t_is "$rc" 2 "--year abc: exit 2"
t_has "$err" "year: 'abc' is not a year; give YYYY or YYYY..YYYY" "... naming the value (it said the query had no words)"
forged=$(printf '2026-01-01T00:00:00Z\t127.0.0.0\t/api/search\t200\t1.00\t5\tforged')
get "$L/api/doc/x%0A$(jq -rn --arg s "$forged" '$s | @uri')" >/dev/null
get "$L/api/search?q=zzalpha" >/dev/null
wait_until "the log has the requests" test "$(grep -c . "$T/access.log" 2>/dev/null)" -ge 9
t_is "$(grep -c . "$T/access.log")" 9 "the access log has one line per request, 9 with the start-up check (a %0A in the path forges none)"
t_hasnt "$(cut -f7 "$T/access.log")" forged "... and no search line comes from a path"

# ---- a missing live pointer keeps the newest complete generation
rm "$IDX/current"
mkdir "$T/empty"
ix --corpus "$T/empty" --index "$IDX"
t_is "$rc" 2 "no current, a run that fails: exit 2"
t_has "$err" "current was missing: gen-0004, the newest complete generation, is live again" "... saying which generation it kept"
t_is "$(readlink "$IDX/current")" gen-0004 "... which is live"
t_is "$(ls -d "$IDX"/gen-* | wc -l)" 2 "... and no generation was deleted"
run "$BIN/iio-search" --index "$IDX" -n 1 leerlingenkrimp
t_is "$rc" 0 "searches are answered"
ix --index "$IDX" --rollback
t_is "$rc" 0 "--rollback still works"
cp -r "$IDX/gen-0004" "$IDX/gen-0009"
rm -f "$IDX/gen-0009/nl.lex" "$IDX/gen-0009/MANIFEST"
rm "$IDX/current"
ix --corpus "$C" --index "$IDX"
t_is "$rc" 0 "no current and a leftover of a killed run: the run succeeds"
t_has "$err" "gen-0004, the newest complete generation" "... keeping the newest complete one, not the leftover"
t_is "$(readlink "$IDX/current")" gen-0006 "... and its new generation goes live (gen-0005 went to the failed run)"
t_is "$(ls -d "$IDX"/gen-0009 2>/dev/null)" "" "... the leftover is pruned"

# ---- bad bytes and bad files: reported with file and line, the record
# keeps its last good version, the rest of the run goes on
C=$T/c2
cp -r "$TOP/corpus" "$C"
IDX=$T/i2
ix --corpus "$C" --index "$IDX"
show() { "$BIN/iio-search" --index "$IDX" --json --show "$1" | jq -r "$2"; }
CSV=$C/videos/videos-sample.csv
text5=$(show video-0005 .text)
title7=$(show video-0007 .title)
# edit_rows FILE ROW OLD NEW...: the first OLD in row ROW (from 0) of FILE
# becomes NEW; both are bytes with Python's escapes (\x00, \xff).
edit_rows() {
	python3 - "$@" <<'PY'
import ast, sys
path, edits = sys.argv[1], sys.argv[2:]
rows = open(path, 'rb').read().split(b'\n')
for i in range(0, len(edits), 3):
    old, new = (ast.literal_eval("b'" + e + "'") for e in edits[i + 1:i + 3])
    rows[int(edits[i])] = rows[int(edits[i])].replace(old, new, 1)
open(path, 'wb').write(b'\n'.join(rows))
PY
}
# A NUL in the text cell of video-0005 (line 6), a new title for video-0007.
edit_rows "$CSV" 5 'in deze' 'in\x00deze' 7 'video-0007,video,' 'video-0007,video,Nieuw '
ix --corpus "$C" --index "$IDX"
t_is "$rc" 1 "a NUL byte in a CSV row: exit 1 (a record rejected)"
t_has "$err" "videos/videos-sample.csv:6: NUL byte in the row" "... named by file and line"
t_is "$(show video-0005 .text)" "$text5" "... the record keeps its whole text (it was cut at the NUL)"
t_is "$(show video-0007 .title)" "Nieuw $title7" "... and the rows after it are read"

cp "$TOP/corpus/videos/videos-sample.csv" "$CSV"
edit_rows "$CSV" 5 'in deze' 'in d\xffeze' 900 ',video,' ',video,Nieuw '
id900=$(sed -n 901p "$CSV" | cut -d, -f1)
ix --corpus "$C" --index "$IDX"
t_is "$rc" 1 "an invalid UTF-8 byte in a CSV row: exit 1"
t_has "$err" "videos/videos-sample.csv:6: text: value is not valid UTF-8; the row was skipped" "... the row is named"
t_is "$(show video-0005 .text)" "$text5" "... keeps its last version"
t_has "$(show "$id900" .title)" "Nieuw " "... and the 1,235 rows after it are read (they were all left as they were)"
cp "$TOP/corpus/videos/videos-sample.csv" "$CSV"

DOC=$C/documents/iio-achtergrond-en-brigadiers.txt
doclen=$(show iio-achtergrond '.text | length')
python3 - "$DOC" <<'PY'
import sys
p = sys.argv[1]
b = open(p, 'rb').read()
k = len(b) // 3
open(p, 'wb').write(b[:k] + b'\x00' + b[k:])
PY
ix --corpus "$C" --index "$IDX"
t_is "$rc" 1 "a NUL byte a third into a text document: exit 1"
t_has "$err" "documents/iio-achtergrond-en-brigadiers.txt:" "... named by file"
t_has "$err" "NUL byte at byte" "... and the reason"
t_is "$(show iio-achtergrond '.text | length')" "$doclen" "... the document keeps its whole text"
run "$BIN/iio-search" --index "$IDX" --json -n 20 type:profile
t_is "$(jq '.total' <<<"$out")" 4 "... and its four profiles stay"
cp "$TOP/corpus/documents/iio-achtergrond-en-brigadiers.txt" "$DOC"

# A newcomer with an established record's id, read before it: the
# established record keeps its id, the newcomer is reported; when the
# established file no longer gives it, the newcomer takes it (a move).
sed -n 2p "$CSV" | sed 's/^video-0001,/case-005,/' >>"$CSV"
line=$(grep -c '' "$CSV")
ix --corpus "$C" --index "$IDX"
t_is "$rc" 1 "an earlier file gives a new record the id of an established one: exit 1"
t_has "$err" "videos/videos-sample.csv:$line: id: duplicate id 'case-005': the record established at cases/cases-sample.jsonl:5 keeps it; this record was skipped" \
	"... the newcomer is named, and the established record"
t_is "$(show case-005 .type)" case "... which keeps its place (it became the video)"
grep -v '"id": *"case-005"' "$C/cases/cases-sample.jsonl" >"$T/cases" && cp "$T/cases" "$C/cases/cases-sample.jsonl"
ix --corpus "$C" --index "$IDX"
t_is "$rc" 0 "the established file no longer gives it: exit 0"
t_is "$(show case-005 .type)" video "... and the record that moved takes the id the same night"
cp "$TOP/corpus/videos/videos-sample.csv" "$CSV"
cp "$TOP/corpus/cases/cases-sample.jsonl" "$C/cases/cases-sample.jsonl"
ix --corpus "$C" --index "$IDX"

# An id longer than Xapian's terms allow: that record is rejected, the rest
# goes live.
long=$(printf 'x%.0s' $(seq 241))
printf '{"id":"%s","type":"case","title":"te lang","text":"te lang"}\n{"id":"zz-new","type":"case","title":"zzbeta","text":"zzbeta"}\n' "$long" \
	>>"$C/cases/cases-sample.jsonl"
for mode in --full --incremental; do
	ix --corpus "$C" --index "$IDX" $mode
	t_is "$rc" 1 "an id of 241 bytes ($mode): exit 1, the run goes on"
	t_has "$err" "cases/cases-sample.jsonl:156: id: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is 241 bytes long; the limit is 200" "... naming file, line and limit"
	t_is "$(show zz-new .title)" zzbeta "... and the other new record is live"
done
cp "$TOP/corpus/cases/cases-sample.jsonl" "$C/cases/cases-sample.jsonl"

# A .gz file that holds no gzip stream (empty) keeps its records.
echo 'cases/extra.jsonl.gz jsonl case' >>"$C/sources.conf"
printf '{"id":"gz-%d","type":"case","title":"zzgamma %d","text":"zzgamma"}\n' $(seq 1 300 | sed 'p') | gzip >"$C/cases/extra.jsonl.gz"
ix --corpus "$C" --index "$IDX"
t_is "$("$BIN/iio-search" --index "$IDX" --json --exact-total -n 1 zzgamma | jq .total)" 300 "a gzipped file's 300 records are indexed"
: >"$C/cases/extra.jsonl.gz"
ix --corpus "$C" --index "$IDX"
t_is "$rc" 1 "the .gz emptied: exit 1"
t_has "$err" "cases/extra.jsonl.gz: cannot read: not a gzip stream" "... saying it holds no gzip stream"
t_is "$("$BIN/iio-search" --index "$IDX" --json --exact-total -n 1 zzgamma | jq .total)" 300 "... and its 300 records stay"
printf 'not gzip\n' >"$C/cases/extra.jsonl.gz"
ix --corpus "$C" --index "$IDX"
t_has "$err" "cases/extra.jsonl.gz: cannot read: not a gzip stream" "a .gz of plain text: the same"

# A FIFO where a corpus file should be: skipped, not waited on.
rm "$C/cases/extra.jsonl.gz"
mkfifo "$C/cases/extra.jsonl.gz"
run timeout "$WAIT" "$BIN/iio-index" --quiet --corpus "$C" --index "$IDX"
t_is "$rc" 1 "a FIFO in the corpus: the run ends (exit 1)"
t_has "$err" "cases/extra.jsonl.gz: a FIFO, not a regular file; skipped" "... saying what was skipped"
t_is "$("$BIN/iio-search" --index "$IDX" --json --exact-total -n 1 zzgamma | jq .total)" 300 "... and the records it held stay"

done_testing
