#!/bin/bash
# readers.t - every reader on good and deliberately broken files: CSV,
# HTML, gzip (whole and truncated), front matter, sidecar sections; each
# problem reported as file:line: field: what, everything valid indexed.
. "$(dirname "$0")/lib.sh"

C=$T/corpus
mkdir -p "$C"
cat >"$C/sources.conf" <<'EOF'
videos.csv        csv    video
broken.csv        csv    video
page.html         html   document
more.jsonl.gz     auto   case
cut.jsonl.gz      auto   case
doc.txt.gz        auto   document
boek.txt          text   document
vijf.txt          text   document
dubbel.md         text   document
EOF
cat >"$C/videos.csv" <<'EOF'
id,title,subject,level,stream,year,duration,keywords,url,text
v-1,Breuken vergelijken,rekenen,po,groep-6,2012,185,breuken; getallenlijn,https://video.iio.example/v/1,"Hoe je breuken vergelijkt, met ""gelijknamig maken""
op twee regels."
v-2,Fotosynthese,biologie,VO,havo,2013,240,fotosynthese,,Planten maken glucose met licht.
v-3,Jaar kapot,biologie,vo,havo,twintig,240,,,Het jaar is geen getal.
v-4,Te weinig kolommen,biologie
v-5,Verkeerde stroom,biologie,vo,atheneum,2013,240,,,Geen bestaande stroom.
EOF
printf 'id,title,text\nb-1,Goed,Een goede regel.\nb-2,Kapot,Een \xff kapotte regel.\nb-3,Na de fout,Wordt ook gelezen.\n' >"$C/broken.csv"
cat >"$C/page.html" <<'EOF'
<!DOCTYPE html>
<html lang="nl"><head><title>Over &amp; door leerlingen</title>
<style>body { color: red }</style><script>var zoekwoord = "geheimescript";</script></head>
<body><h1>Leerlingen voor Leerlingen</h1><p>Ouderejaars maken <b>instructie</b>filmpjes&nbsp;voor
jongere leerlingen.</p><!-- verborgen commentaarwoord --><p>Co&ouml;peratie &#38; co&#246;rdinatie.</p></body></html>
EOF
printf '{"id":"c-1","title":"Casus gz","text":"Gecomprimeerde casus over videolessen."}\n{"id":"c-2","title":"Tweede","text":"Nog een casus."}\n' | gzip >"$C/more.jsonl.gz"
for i in $(seq 1 400); do printf '{"id":"k-%d","title":"Record %d","text":"tekst nummer %d met woorden om de stroom groot te maken en niet te comprimeren %d"}\n' "$i" "$i" "$i" "$RANDOM$RANDOM"; done | gzip >"$T/full.gz"
head -c $(( $(stat -c %s "$T/full.gz") / 2 )) "$T/full.gz" >"$C/cut.jsonl.gz"
printf 'Titel uit gz\n\nDe tekst van een gecomprimeerd document.\n' | gzip >"$C/doc.txt.gz"
printf -- '---\nid: boek\ntitle: Het boek\n---\nHoofdstuk een\nDe eerste woorden.\nHoofdstuk twee\nDe tweede woorden.\n' >"$C/boek.txt"
printf -- '---\nid: dubbel\ntitle: Dubbel\nbody: een tekst in de kop\n---\nDe echte tekst.\n' >"$C/dubbel.md"
cat >"$C/boek.txt.meta" <<'EOF'
section: Hoofdstuk een | opens
section: Hoofdstuk twee | opens | Het tweede hoofdstuk | role=Auteur
section: Hoofdstuk drie | opens
EOF
printf -- '---\nid: vijf\ntitle: Vijf velden\n---\nDeel een\nTekst.\n' >"$C/vijf.txt"
printf 'section: Deel een | opens | Deel | a=1 | b=2 | c=3 | d=4 | e=5\n' >"$C/vijf.txt.meta"

run "$BIN/iio-index" --corpus "$C" --index "$T/index"
t_is "$rc" 1 "a corpus with broken files still builds (exit status 1: rejections)"
t_has "$err" "iio-index: videos.csv:5: year: must be an integer" "CSV: a wrong field type, by line and column name"
t_has "$err" "iio-index: videos.csv:6: has 3 fields, the header has 10" "CSV: a short row"
t_has "$err" "iio-index: videos.csv:7: stream: must be vmbo-b" "CSV: an unknown stream"
t_has "$err" "iio-index: broken.csv:3: text: value is not valid UTF-8; the row was skipped" "CSV: invalid UTF-8, by line and column"
t_has "$err" "iio-index: cut.jsonl.gz:" "a truncated .gz is reported"
t_has "$err" "compressed data is truncated or corrupt here" "... as truncated"
t_has "$err" "iio-index: boek.txt.meta:3: section: heading \"Hoofdstuk drie\" not found" "a section heading that is not there"
t_has "$err" "iio-index: vijf.txt.meta:1: section: at most 4 field=VALUE pairs" "a section with too many fields, by file and line"
t_has "$err" "iio-index: dubbel.md:4: body: the text of a document is its body, not a field" \
	"front matter: a body field is refused, naming file, line and field"
export IIO_INDEX=$T/index
# show_title ID TITLE DESCRIPTION: the record ID is indexed, with that title
show_title() { run "$BIN/iio-search" --show "$1" --json; t_is "$(jq -r .title <<<"$out")" "$2" "$3"; }
# not_shown ID DESCRIPTION: no record ID is indexed
not_shown() { run "$BIN/iio-search" --show "$1"; t_is "$rc" 1 "$2"; }

run "$BIN/iio-search" --show v-1 --json
t_is "$(jq -r '[.fields.subject, .fields.stream, .fields.year, .fields.duration, (.fields.keywords | join("|")), .url] | @tsv' <<<"$out")" \
	"$(printf 'rekenen\tgroep-6\t2012\t185\tbreuken|getallenlijn\thttps://video.iio.example/v/1')" "CSV: typed fields, keywords as a list"
t_has "$(jq -r .text <<<"$out")" 'met "gelijknamig maken"' "CSV: quoted field with quotes and a newline"
run "$BIN/iio-search" --show v-2 --json
t_is "$(jq -r '[.fields.level, (.url | tostring)] | @tsv' <<<"$out")" "$(printf 'vo\tnull')" "CSV: level lowercased, empty url absent"
show_title b-1 "Goed" "CSV: the rows before the bad byte are indexed"
not_shown b-2 "CSV: the row with the bad byte is not"
run "$BIN/iio-search" --show b-3 --json
t_is "$(jq -r .text <<<"$out")" "Wordt ook gelezen." "CSV: the rows after it are read"

run "$BIN/iio-search" --show page --json
t_is "$(jq -r '[.title, .fields.lang] | @tsv' <<<"$out")" "$(printf 'Over & door leerlingen\tnl')" "HTML: title and lang"
t_has "$(jq -r .text <<<"$out")" "Leerlingen voor Leerlingen" "HTML: headings kept"
t_has "$(jq -r .text <<<"$out")" "Coöperatie & coördinatie." "HTML: entities decoded"
run "$BIN/iio-search" geheimescript
t_is "$rc" 1 "HTML: scripts are not text"
run "$BIN/iio-search" commentaarwoord
t_is "$rc" 1 "HTML: comments are not text"
run "$BIN/iio-search" instructiefilmpjes
t_is "$rc" 0 "HTML: inline markup inside a word does not split it"
run "$BIN/iio-search" '"voor jongere leerlingen"'
t_is "$rc" 0 "HTML: &nbsp; and a line break separate words"

show_title c-2 "Tweede" "gzip: JSON Lines inside .gz"
show_title k-1 "Record 1" "truncated gzip: the records before the break are indexed"
not_shown k-400 "truncated gzip: the records after it are not"
show_title doc "Titel uit gz" "gzip: a text document, id from the name without extensions"

run "$BIN/iio-search" --show boek.hoofdstuk-een --json
t_is "$(jq -r '[.type, .title, .text, .fields.parent] | @tsv' <<<"$out")" \
	"$(printf 'passage\tHoofdstuk een\tDe eerste woorden.\tboek')" "sections: a passage per heading"
run "$BIN/iio-search" --show boek.het-tweede-hoofdstuk --json
t_is "$(jq -r .text <<<"$out")" "De tweede woorden." "sections: a title of its own"
t_is "$(jq -r '[.fields.role, .fields.parent] | @tsv' <<<"$out")" "$(printf 'Auteur\tboek')" "sections: a field=VALUE of its own; the parent stays"

# Without sources.conf every file is walked: a link to a file is read as the
# file - when it leads out of the corpus, only with --follow-links - and a
# link to a directory is not followed (no loops).
mkdir -p "$T/linked/sub" "$T/elsewhere"
printf '{"id":"l-1","title":"Gelinkt","text":"Een export die als link in het corpus staat."}\n' >"$T/elsewhere/export.jsonl"
ln -s "$T/elsewhere/export.jsonl" "$T/linked/export.jsonl"
ln -s "$T/linked" "$T/linked/sub/loop"
run "$BIN/iio-index" --corpus "$T/linked" --index "$T/linked-index"
t_is "$rc" 2 "a link to a file out of the corpus is not read by default (nothing to index)"
t_has "$err" "export.jsonl: a symbolic link to $T/elsewhere/export.jsonl, outside the corpus: not followed" \
	"... and said, with where it leads"
run "$BIN/iio-index" --follow-links --corpus "$T/linked" --index "$T/linked-index"
t_is "$rc" 0 "with --follow-links, a corpus with a linked file and a directory link loop builds"
t_has "$out" "1 records indexed" "... the linked file is read, the loop is not followed"
# The corpus itself a link to its directory (a deployment's usual layout).
ln -s "$T/linked" "$T/corpus-link"
run "$BIN/iio-index" --follow-links --corpus "$T/corpus-link" --index "$T/link-root-index"
t_is "$rc" 0 "a corpus that is a link to its directory builds"
t_has "$out" "1 records indexed" "... from the directory it points at"
t_is "$("$BIN/iio-search" --index "$T/link-root-index" --json gelinkt | jq -r '.results[0].source')" "export.jsonl" \
	"... its sources named relative to it"
done_testing
