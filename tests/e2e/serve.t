#!/bin/bash
# serve.t - iio-serve and iio-search.cgi over HTTP/CGI on 127.0.0.1: the
# API, limits, headers, the access log (0640, reopened on SIGHUP), a
# generation switch under load, the
# escaping of hostile record text, and that CGI and CLI agree.
. "$(dirname "$0")/lib.sh"

run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index"
t_is "$rc" 0 "index the bundled corpus"
start_serve serve --index "$T/index" --access-log "$T/access.log"
U=$served_url
pid=$served_pid
get() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }

t_is "$(get "$U/healthz")" 200 "/healthz"
t_is "$(grep -v '^iio-serve: listening on' "$T/serve.err")" "" "start-up says where it listens, and nothing else"
t_is "$(jq -r '[.status, .generation, .records] | @tsv' "$T/body")" "$(printf 'ok\tgen-0001\t1431')" "/healthz names generation and records"
t_is "$(get "$U/api/search?q=leerlingenkrimp")" 200 "/api/search"
run "$BIN/iio-search" --index "$T/index" --json leerlingenkrimp
t_is "$(jq -c 'del(.took_ms)' "$T/body")" "$(jq -c 'del(.took_ms)' <<<"$out")" "the API answers exactly what iio-search --json does"
t_is "$(get "$U/api/search?q=pythagoras&vak=wiskunde&niveau=havo&facets=1")" 200 "filters with Dutch names"
t_is "$(jq -r '[.results[].fields.stream] | unique | join(",")' "$T/body")" "havo" "... applied"
t_ok "... with facets" jq -e '.facets.subject | length > 0' "$T/body"
t_is "$(get "$U/api/search?q=leerlingen&provincie=Frysl%C3%A2n&facets=1&group=0")" 200 "provincie=Fryslân"
t_is "$(jq -r '[.results[].fields.province] | unique | join(",")' "$T/body")" Friesland "... the records in Friesland"
t_is "$(jq -r '[.facets.province[].value] | length' "$T/body")" 12 "... and the province facet lists the twelve"
get "$U/zoeken?q=leerlingen" >/dev/null
t_has "$(cat "$T/body")" '<fieldset><legend>Provincie</legend>' "the page filters on the province"
t_is "$(get "$U/api/search?q=krimp&limit=500")" 400 "limit above 100: 400"
t_has "$(cat "$T/body")" '"error":"parameter limit' "... as JSON naming the parameter"
t_is "$(get "$U/api/search?q=krimp&offset=20000")" 400 "deep paging is capped"
t_is "$(get "$U/api/search")" 400 "no query, no filter: 400"
t_is "$(get "$U/api/search?q=krimp&type=xyz")" 400 "a type no record has: 400"
t_has "$(cat "$T/body")" "case, document, passage, profile, video" "... listing the types there are"
t_is "$(get "$U/api/search?q=dichtheid&stream=vmbo&group=0")" 200 "stream=vmbo"
t_is "$(jq -r '[.results[].fields.stream] | unique | join(",")' "$T/body")" "vmbo-b,vmbo-gt,vmbo-k" "... covers vmbo-b, vmbo-k and vmbo-gt"
t_is "$(get "$U/api/search?q=krimp%FFa")" 400 "a query that is not UTF-8: 400"
t_has "$(cat "$T/body")" "not valid UTF-8" "... with the reason as JSON"
t_is "$(get "$U/api/suggest?q=lee")" 200 "/api/suggest"
t_ok "... completions" jq -e '.suggestions | length > 0' "$T/body"
t_is "$(get "$U/api/doc/case-001")" 200 "/api/doc/ID"
t_is "$(jq -r .id "$T/body")" "case-001" "... the record"
t_is "$(get "$U/api/doc/nope")" 404 "/api/doc of an unknown id: 404"
# A %00 in the path would cut the id at it (case-001%00x served case-001);
# '.' and '..' (a browser makes /doc/.. into /) and what is not an id at
# all are refused.
t_is "$(get "$U/api/doc/case-001%00x")" 400 "/api/doc/case-001%00x: 400, not case-001"
t_has "$(jq -r .error "$T/body")" "NUL byte" "... saying why"
t_is "$(get "$U/doc/case-001%00")" 400 "/doc/case-001%00: 400"
for id in . .. a%2Fb Case-001 '%20'; do
	t_is "$(get --path-as-is "$U/api/doc/$id")" 400 "/api/doc/$id: 400"
done
t_has "$(jq -r .error "$T/body")" "is not a record id" "... saying it is not a record id"
t_is "$(get --path-as-is "$U/doc/..")" 400 "/doc/..: 400"
t_has "$(cat "$T/body")" "Het adres van deze pagina klopt niet" "... a page that says the address is wrong"
# A filter given twice: either value; facets count without their own filter.
t_is "$(get "$U/api/search?q=leerlingen&type=case&type=video&facets=1&limit=100&group=0")" 200 "type=case&type=video"
t_is "$(jq -r '[.results[].type] | unique | join(",")' "$T/body")" "case,video" "... finds cases and videos"
get "$U/api/search?q=leerlingen&type=case&facets=1" >/dev/null
t_is "$(jq -r '[.facets.type[].value] | sort | join(",")' "$T/body")" "case,document,passage,video" \
	"with type=case the type facet still lists the other types (counted without its own filter)"
t_is "$(jq -r '[.total, (.facets.type[] | select(.value == "case") | .count)] | @tsv' "$T/body" | awk '{print ($1 == $2)}')" 1 \
	"... and its count of cases is the total"
t_is "$(get "$U/api/search?q=krimp&jaar=2012..2013&group=0&limit=100")" 200 "jaar=2012..2013: a range of years"
t_ok "... every result within it" jq -e '[.results[].fields.year] | all(. >= 2010 and . <= 2013)' "$T/body"
get "$U/api/search?q=krimp&type=xyz" >/dev/null
t_is "$(jq -r .code "$T/body")" "unknown_value" "errors carry a code the page translates"
# Pages rendered here: they work without JavaScript.
t_is "$(get "$U/zoeken?q=leerlingenkrimp")" 200 "/zoeken: the results as a page"
t_has "$(cat "$T/body")" '<ol id="resultaten" start="1">' "... numbered from 1"
t_has "$(cat "$T/body")" 'href="/doc/' "... each result opens its record page"
t_has "$(cat "$T/body")" '<link rel="stylesheet" href="/style.css">' "... in the page's stylesheet"
get "$U/zoeken?q=leerlingen&offset=10" >/dev/null
t_has "$(cat "$T/body")" '<ol id="resultaten" start="11">' "page 2 numbers from 11"
t_has "$(cat "$T/body")" 'rel="prev" href="/zoeken?q=leerlingen"' "... with a link back to page 1"
get "$U/zoeken?q=leerlingekrimp" >/dev/null
t_has "$(cat "$T/body")" 'Bedoelde je <a href="/zoeken?q=leerlingenkrimp">leerlingenkrimp</a>?' "\"Bedoelde je\" is a link"
get "$U/zoeken?q=leerlingen&type=case" >/dev/null
t_has "$(cat "$T/body")" 'class="chip" href="/zoeken?q=leerlingen">Soort: casus' "a chosen filter is a chip that removes it"
t_has "$(cat "$T/body")" 'href="/zoeken?q=leerlingen&amp;type=case&amp;type=video">video (' "facets are links adding a value"
t_is "$(get "$U/doc/case-001?q=leerlingen")" 200 "/doc/ID: the record's page"
t_has "$(cat "$T/body")" "<dt>Experiment</dt>" "... its fields with Dutch labels"
t_has "$(cat "$T/body")" "<dt>Provincie</dt><dd>Zuid-Holland</dd>" "... the province of its place (Gorinchem) among them"
t_has "$(cat "$T/body")" "<mark>" "... its text with the query's words marked"
t_has "$(cat "$T/body")" "Meer zoals dit" "... and records like it"
t_is "$(get "$U/doc/iio-longread")" 200 "a document's page"
t_has "$(cat "$T/body")" '<h2 id="inhoud-kop">Inhoud</h2><ol><li><a href="#deel-voorwoord">Voorwoord</a>' \
	"... lists its passages as a table of contents, first, in reading order"
t_has "$(cat "$T/body")" '<section class="deel" id="deel-tot-slot"><h2>Tot slot</h2>' "... and shows each under its heading"
t_is "$(get "$U/doc/iio-longread.iio-experiment-videolessen")" 200 "a passage's page"
t_has "$(cat "$T/body")" 'Uit het document <a href="/doc/iio-longread">' "... names its document"
t_has "$(cat "$T/body")" 'rel="next"' "... and leads to the next passage"
t_is "$(get "$U/doc/nope")" 404 "/doc of an unknown id: 404"
t_has "$(cat "$T/body")" "Niet gevonden" "... a page in Dutch"
noscript=$(get "$U/" >/dev/null; grep -o 'href="/zoeken"' "$T/body")
t_is "$noscript" 'href="/zoeken"' "the page's no-JavaScript link points at /zoeken"
t_is "$(get "$U/zoeken")" 200 "... which the server answers"
# Compressed when the client takes it; the page's files revalidated by ETag.
hdr=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$U/api/search?q=leerlingen" | tr -d '\r')
t_has "$hdr" "Content-Encoding: gzip" "JSON is gzip-compressed for a client that accepts it"
t_has "$hdr" "Vary: Accept-Encoding" "... with Vary"
t_is "$(curl -s -H 'Accept-Encoding: gzip' "$U/api/search?q=leerlingen" | gunzip | jq -r .query)" "leerlingen" "... and decompresses to the answer"
t_hasnt "$(curl -s -D - -o /dev/null "$U/api/search?q=leerlingen" | tr -d '\r')" "Content-Encoding" "not compressed for a client that does not ask"
hdr=$(curl -s -D - -o /dev/null "$U/app.js" | tr -d '\r')
etag=$(sed -n 's/^ETag: //p' <<<"$hdr")
t_ok "the page's files carry an ETag ($etag)" test -n "$etag"
t_has "$hdr" "Cache-Control: no-cache" "... and are revalidated"
t_is "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$U/app.js")" 304 "an unchanged file: 304 Not Modified"
# The field table drives the options, the parameters and the page's filters.
t_is "$(get "$U/api/fields")" 200 "/api/fields"
t_is "$(jq -r '[.fields[] | select(.filter) | .name] | join(" ")' "$T/body")" "type level stream subject experiment school place province year" \
	"... lists the fields to filter on"
bad=
for f in $(jq -r '.fields[] | select(.filter) | .name, .dutch' "$T/body" | sort -u); do
	v=x; [ "$f" = year ] || [ "$f" = jaar ] && v=2012
	c=$(get "$U/api/search?q=krimp&$f=$v")
	"$BIN/iio-search" --index "$T/index" -n 1 "--$f" "$v" krimp >/dev/null 2>"$T/err"
	rc=$?
	# An enumerated field (type, level, stream) names its values instead.
	{ [ "$c" = 200 ] && [ "$rc" -le 1 ]; } ||
		{ [ "$c" = 400 ] && [ "$rc" = 2 ] && grep -q "the values are" "$T/body" && grep -q "the values are" "$T/err"; } ||
		bad="$bad $f($c,$rc)"
done
t_is "$bad" "" "... and every one of them, English or Dutch, is a parameter and an option"
t_is "$(get "$U/nothing-here")" 404 "an unknown path: 404"
t_is "$(get -X POST "$U/api/search?q=x")" 405 "POST: 405"
t_is "$(get "$U/")" 200 "the page"
t_has "$(cat "$T/body")" 'role="search"' "... with a search form"
t_is "$(get "$U/favicon.ico")" 204 "/favicon.ico: nothing, but no 404 (the pages name /favicon.svg)"
t_is "$(get "$U/favicon.svg")" 200 "/favicon.svg: the icon"
headers=$(curl -sI "$U/api/search?q=krimp")
t_has "$headers" "Content-Security-Policy: default-src 'self'" "CSP header"
t_has "$headers" "X-Content-Type-Options: nosniff" "nosniff header"
t_hasnt "$headers" "Access-Control-Allow-Origin" "no CORS by default"
t_has "$(cat "$T/access.log")" $'127.0.0.0\t/api/search\t200' "the access log truncates the client address"
t_hasnt "$(cat "$T/access.log")" "127.0.0.1" "... the full address is not kept"
# The report for editors, from that log.
get "$U/api/search?q=Pythagoras" >/dev/null
get "$U/api/search?q=qqxyzzy" >/dev/null
run "$BIN/iio-serve" --log-report "$T/access.log" --top 5
t_is "$rc" 0 "--log-report: exit 0"
t_has "$out" "Most frequent searches:" "--log-report: the most frequent searches"
t_hasnt "$out" "not in the access log format" "--log-report reads every line the server wrote (empty queries too)"
t_is "$(sed -n '/^Most frequent/,/^$/p' <<<"$out" | grep -c ' pythagoras$')" 1 "... case folded into one entry"
t_has "$(sed -n '/^Searches that found nothing/,$p' <<<"$out")" "qqxyzzy" "--log-report: the searches that found nothing"
t_hasnt "$(sed -n '/^Searches that found nothing/,$p' <<<"$out")" "pythagoras" "... and not the ones that found something"
# Typed letter by letter, a search is logged at each pause; only the search
# it settled on counts, and a half-typed prefix is no search that found
# nothing. The same prefix from another client, not extended, is one.
printf '%s\t%s\t/api/search\t200\t1.0\t%s\t%s\n' \
	2026-12-07T10:00:00Z 10.0.0.0 0 bre 2026-12-07T10:00:01Z 10.0.0.0 12 breuk \
	2026-12-07T10:00:02Z 10.0.0.0 29 breuken 2026-12-07T10:00:03Z 10.0.0.0 29 breuken \
	2026-12-07T10:06:00Z 10.0.0.0 29 breuken 2026-12-07T10:07:00Z 10.0.9.0 0 bre >"$T/typing.log"
run "$BIN/iio-serve" --log-report "$T/typing.log"
t_has "$out" "3 searches, 2 different, 1 found nothing (3 requests made while typing or asked again left out)" \
	"--log-report counts the searches that settled, not each pause in the typing"
t_is "$(sed -n '/^Most frequent/,/^$/p' <<<"$out" | grep -c ' breuk$')" 0 "... a prefix typed on the way is no search"
t_is "$(sed -n '/^Searches that found nothing/,$p' <<<"$out" | grep -c ' bre$')" 1 \
	"... only the other client's 'bre' found nothing"
run "$BIN/iio-serve" --log-report "$T/no-such.log"
t_is "$rc" 2 "--log-report of a missing file: exit 2"
t_has "$err" "cannot read $T/no-such.log" "... naming the file"

# The access log holds what people searched for: not readable by everyone.
# SIGHUP (logrotate's postrotate) reopens it after a rename, and the server
# keeps serving.
t_is "$(stat -c %a "$T/access.log")" 640 "the access log is made 0640"
mv "$T/access.log" "$T/access.log.1"
kill -HUP "$pid"
logged_anew() { get "$U/api/search?q=nahup" >/dev/null; grep -q nahup "$T/access.log" 2>/dev/null; }
wait_until "after SIGHUP the server logs to a new access log" logged_anew && pass "after SIGHUP and a rename the server logs to a new access log"
kill -0 "$pid" 2>/dev/null && pass "... SIGHUP did not end the server" || fail "... SIGHUP did not end the server" "$(tail -3 "$T/serve.err")"
t_is "$(get "$U/api/search?q=krimp+leraar")" 200 "... which answers"
t_is "$(stat -c %a "$T/access.log")" 640 "... the new log 0640 too"
t_has "$(cut -f7 "$T/access.log")" "krimp leraar" "... which has the search"
t_hasnt "$(cut -f7 "$T/access.log.1")" "krimp leraar" "... and the renamed one not"
t_is "$(grep -v '^iio-serve: listening on' "$T/serve.err")" "" "... saying nothing on standard error"

# A new generation is picked up without restart, and no request fails
# while it is switched.
fails=0
( for i in $(seq 200); do c=$(curl -s -o /dev/null -w '%{http_code}' "$U/api/search?q=krimp"); [ "$c" = 200 ] || echo "$c"; done ) >"$T/codes" &
load=$!
for i in 1 2 3; do "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index"; done
wait $load
t_is "$(wc -l <"$T/codes")" 0 "no request failed while the index was switched 3 times"
t_is "$(get "$U/healthz")" 200 "healthz after the switches"

t_is "$(jq -r .generation "$T/body")" "gen-0004" "the new generation is served without restart"

# A package upgrade: iio-index of a newer version makes a generation this
# server cannot read (here: its lexicon of another format); until the
# server is restarted it keeps answering from the generation it has.
live_gen=$(readlink "$T/index/current")
cp -a "$T/index/$live_gen" "$T/index/gen-7777"
printf 'IIOLEX99' | dd of="$T/index/gen-7777/nl.lex" bs=1 conv=notrunc status=none
write_manifest "$T/index/gen-7777"
ln -sfn gen-7777 "$T/index/current.new" && mv -T "$T/index/current.new" "$T/index/current"
t_is "$(get "$U/api/search?q=leerlingenkrimp")" 200 "a generation of a newer version goes live: the server keeps answering"
t_is "$(jq -r '.total > 0' "$T/body")" true "... from the generation it has"
ln -sfn "$live_gen" "$T/index/current.new" && mv -T "$T/index/current.new" "$T/index/current"
rm -rf "$T/index/gen-7777"

# A record of 2 MB of text: what one record answer carries is bounded
# (IIO_MAX_RECORD_TEXT), with a note that the text was cut.
mkdir -p "$T/big/documents"
python3 -c '
import sys
para = " ".join(["leerlingen \"citaat\" onderwijs krimp"] * 20) + ".\n\n"
sys.stdout.write("Een groot document\n\n" + para * (2000000 // len(para)) + "slotwoord\n")' >"$T/big/documents/groot.txt"
# and one whose title takes 480 KB: its text gives way further.
mkdir -p "$T/big/cases"
python3 -c '
import json
print(json.dumps({"id": "lang-1", "type": "case", "title": "Titel " + " ".join(["woordje"] * 60000),
                  "text": " ".join(["leerlingen onderwijs"] * 50000)}))' >"$T/big/cases/c.jsonl"
"$BIN/iio-index" --quiet --corpus "$T/big" --index "$T/bigidx"
start_serve big --index "$T/bigidx" --access-log none
B=$served_url
t_is "$(get "$B/api/doc/groot")" 200 "/api/doc of a record of 2 MB of text"
size=$(stat -c %s "$T/body")
[ "$size" -le 1048576 ] && pass "... answers at most 1 MB ($size bytes)" || fail "... answers at most 1 MB" "$size bytes"
t_is "$(jq -c '[.text_truncated, .text_length]' "$T/body")" "[true,$(stat -c %s "$T/big/documents/groot.txt")]" "... saying the text was cut, and its whole length"
t_hasnt "$(jq -r .text "$T/body")" "slotwoord" "... the text's end left out"
t_is "$(get "$B/api/doc/lang-1")" 200 "/api/doc of a record with a title of 480 KB and 1 MB of text"
size=$(stat -c %s "$T/body")
[ "$size" -le 1048576 ] && pass "... answers at most 1 MB too ($size bytes)" || fail "... answers at most 1 MB too" "$size bytes"
t_is "$(jq -c '[.text_truncated, .text_length, (.title | length)]' "$T/body")" "[true,1049999,480005]" "... its title whole, its text cut"
t_is "$(get "$B/doc/groot")" 200 "/doc/ID of that record"
size=$(stat -c %s "$T/body")
[ "$size" -le 2000000 ] && pass "... a page shorter than the text ($size bytes)" || fail "... a page shorter than the text" "$size bytes"
t_has "$(cat "$T/body")" "De tekst is ingekort" "... with a note in Dutch that the text was cut"
QUERY_STRING="id=groot" IIO_INDEX="$T/bigidx" run "$BIN/iio-search.cgi"
t_has "$out" "De tekst is ingekort" "CGI: the same note"
t_is "$(get "$U/api/doc/case-001")" 200 "a record of a usual size"
t_is "$(jq -c '[.text_truncated, .text_length]' "$T/body")" "[null,null]" "... is whole, and says nothing of cutting"

# Hostile record text reaches the page escaped.
"$BIN/iio-index" --quiet --corpus "$TOP/tests/fixtures/xss" --index "$T/xss"
run "$BIN/iio-search" --index "$T/xss" --json onderwijsvernieuwing
snips=$(jq -r '[.results[].snippet] | join(" ")' <<<"$out")
t_hasnt "$snips" "<script>" "JSON snippets (HTML) never carry a raw <script>"
t_hasnt "$snips" "<img" "... nor a raw <img>"
t_has "$snips" "&lt;script&gt;" "... they carry it escaped (titles are data in JSON, escaped by the page)"
QUERY_STRING="q=onderwijsvernieuwing" IIO_INDEX="$T/xss" run "$BIN/iio-search.cgi"
t_hasnt "$out" "<script>alert" "CGI HTML: no script from the data"
t_hasnt "$out" "<img src=x" "CGI HTML: no img from the data"
t_hasnt "$out" 'href="javascript:' "CGI HTML: no javascript: link"
t_has "$out" "&lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;" "CGI HTML: the title shown escaped"
QUERY_STRING='q=%22%3E%3Cscript%3Ealert(9)%3C%2Fscript%3E' IIO_INDEX="$T/xss" run "$BIN/iio-search.cgi"
t_hasnt "$out" "<script>alert(9)" "CGI HTML: the echoed query is escaped"

# CGI and CLI agree.
QUERY_STRING="q=fotosynthese&format=json&vak=biologie" IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
cgi=$(sed '1,/^\r$/d' <<<"$out" | jq -c 'del(.took_ms)')
run "$BIN/iio-search" --index "$T/index" --json --vak biologie fotosynthese
t_is "$cgi" "$(jq -c 'del(.took_ms)' <<<"$out")" "CGI format=json answers what the CLI does"
QUERY_STRING="q=koolstofdioxide" IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
t_has "$out" "Status: 200" "CGI HTML page"
t_has "$out" "<mark>koolstofdioxide</mark>" "... with highlights"
# The CGI: the same pages as the server's (stylesheet, facets as links,
# pages, record pages by ?id=, a "Bedoelde je" link).
QUERY_STRING="q=leerlingen&offset=10" SCRIPT_NAME=/cgi-bin/iio-search.cgi IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
t_has "$out" '<link rel="stylesheet" href="/iio-search/style.css">' "CGI: the page's stylesheet"
t_has "$out" '<ol id="resultaten" start="11">' "CGI: pages, numbered on"
t_has "$out" 'rel="next" href="/cgi-bin/iio-search.cgi?q=leerlingen&amp;offset=20"' "CGI: a link to the next page"
t_has "$out" '<fieldset><legend>Soort</legend>' "CGI: facets"
t_has "$out" 'href="/cgi-bin/iio-search.cgi?id=' "CGI: each result opens its record page"
t_has "$out" '&amp;terug=%2Fcgi-bin%2Fiio-search.cgi%3Fq%3Dleerlingen%26offset%3D10"' \
	"... and says where it came from: this results page (search, filters, page)"
t_has "$out" '<details class="filterpaneel"><summary>Filters</summary>' "CGI: the filters wait in a <details>"
QUERY_STRING="id=case-001&q=leerlingen&terug=%2Fcgi-bin%2Fiio-search.cgi%3Fq%3Dleerlingen%26type%3Dcase%26offset%3D10" \
	SCRIPT_NAME=/cgi-bin/iio-search.cgi IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
t_has "$out" '<p class="terug"><a href="/cgi-bin/iio-search.cgi?q=leerlingen&amp;type=case&amp;offset=10">' \
	"CGI: a record leads back to the results page it came from, filters and page kept"
QUERY_STRING="id=case-001&q=leerlingen&terug=https%3A%2F%2Felders.example%2F" \
	SCRIPT_NAME=/cgi-bin/iio-search.cgi IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
t_has "$out" '<p class="terug"><a href="/cgi-bin/iio-search.cgi?q=leerlingen">' "... and never to another site"
QUERY_STRING="id=case-001&q=leerlingen" SCRIPT_NAME=/cgi-bin/iio-search.cgi IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
t_has "$out" "Status: 200" "CGI: ?id= shows a record"
t_has "$out" "<dt>Experiment</dt>" "... its page, with its fields"
QUERY_STRING="id=nope" IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
t_has "$out" "Status: 404" "CGI: an unknown id: 404"
QUERY_STRING="id=case-001%00x" IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
t_has "$out" "Status: 400" "CGI: id=case-001%00x: 400, not case-001"
t_hasnt "$out" "<dt>Experiment</dt>" "... and no record"
for id in . .. a%2Fb; do
	QUERY_STRING="id=$id" IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
	t_has "$out" "Status: 400" "CGI: id=$id: 400"
done
QUERY_STRING="q=leerlingekrimp" SCRIPT_NAME=/cgi-bin/iio-search.cgi IIO_INDEX="$T/index" run "$BIN/iio-search.cgi"
t_has "$out" 'Bedoelde je <a href="/cgi-bin/iio-search.cgi?q=leerlingenkrimp">' "CGI: \"Bedoelde je\" is a link"

done_testing
