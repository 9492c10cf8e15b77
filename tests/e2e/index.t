#!/bin/bash
# index.t - iio-index on fixture corpora: readers, precise errors for bad
# records, --strict, the lock, generations and the atomic switch.
. "$(dirname "$0")/lib.sh"

C=$T/corpus
IDX=$T/index
mkdir -p "$C/docs"
cat >"$C/sources.conf" <<'EOF'
# fixture manifest
records.jsonl   jsonl   video
docs/*.md       auto    document
EOF
cat >"$C/records.jsonl" <<'EOF'
{"id": "v1", "title": "Stelling van Pythagoras", "text": "Uitleg over de stelling van Pythagoras.", "subject": "wiskunde", "year": 2013}
{"id": "v2", "title": "Breuken", "body": "Breuken optellen met gelijke noemers.", "url": "https://example.org/v2"}
{"id": "v3", "title": "kapot", "text": "ontbrekend haakje"

{"title": "Zonder id", "text": "geen id"}
{"id": "v1", "title": "Dubbel", "text": "dubbele id"}
{"id": "v5", "title": "", "text": "lege titel"}
{"id": "v6", "title": "Jaar", "text": "jaar als tekst", "year": "twintig"}
{"id": "V7 bad", "title": "Id", "text": "ongeldige id"}
{"id": "v8", "title": "Beide", "text": "a", "body": "b"}
{"id": "v9", "title": "Molberekening", "text": "Rekenen met de mol in scheikunde.", "type": "video", "level": "vo", "keywords": ["mol", "scheikunde"]}
EOF
printf -- '---\ntitle: Fotosynthese\nid: doc-foto\n---\nPlanten maken suiker met licht: fotosynthese.\n' >"$C/docs/foto.md"
printf 'Gouden Eeuw\n\nDe Gouden Eeuw in de Republiek.\n' >"$C/docs/gouden-eeuw.md"
printf 'Kapot\n\nOngeldige \xff\xfe tekens.\n' >"$C/docs/kapot.md"
printf 'not indexed: the manifest does not name it\n' >"$C/README.md"

run "$BIN/iio-index" --corpus "$C" --index "$IDX"
t_is "$rc" 1 "a corpus with bad records still builds, exit status 1 says records were rejected"
t_has "$out" "5 records indexed, 8 rejected" "summary counts indexed and rejected"
t_has "$err" "iio-index: records.jsonl:3: invalid JSON at column" "bad JSON line: file, line, what"
t_has "$err" "iio-index: records.jsonl:5: id: missing" "missing id: file, line, field"
t_has "$err" "iio-index: records.jsonl:6: id: duplicate id 'v1' (first defined at records.jsonl:1)" "duplicate id names both places"
t_has "$err" "iio-index: records.jsonl:7: title: missing or empty" "empty title"
t_has "$err" "iio-index: records.jsonl:8: year: must be an integer" "wrong field type"
t_has "$err" "iio-index: records.jsonl:9: id: 'V7 bad' is not a valid id" "invalid id"
t_has "$err" "iio-index: records.jsonl:10: body: give either 'text' or its alias 'body', not both" "text and body together"
t_has "$err" "iio-index: docs/kapot.md:3: invalid UTF-8 at byte" "invalid UTF-8: file and line"
export IIO_INDEX=$IDX

run "$BIN/iio-search" --json pythagoras
t_is "$(jq -r '.results[0] | [.id, .type, .fields.subject, .fields.year] | @tsv' <<<"$out")" \
	"$(printf 'v1\tvideo\twiskunde\t2013')" "JSON Lines record: type from the manifest, typed fields kept"
run "$BIN/iio-search" --json noemers
t_is "$(jq -r '.results[0] | [.id, .url] | @tsv' <<<"$out")" "$(printf 'v2\thttps://example.org/v2')" "'body' is an alias of 'text'; url kept"
run "$BIN/iio-search" --show doc-foto --json
t_is "$(jq -r '[.title, .type] | @tsv' <<<"$out")" "$(printf 'Fotosynthese\tdocument')" "front matter gives id and title"
run "$BIN/iio-search" --show gouden-eeuw --json
t_is "$(jq -r .title <<<"$out")" "Gouden Eeuw" "without metadata: id from the file name, title from the first line"
run "$BIN/iio-search" dubbele
t_is "$rc" 1 "the duplicate was not indexed"
run "$BIN/iio-search" manifest
t_is "$rc" 1 "files the manifest does not name are not indexed"
run "$BIN/iio-search" --show v1 --json
t_is "$(jq -r .title <<<"$out")" "Stelling van Pythagoras" "the first of two duplicates is kept"

live1=$(readlink "$IDX/current")
t_is "$live1" "gen-0001" "the live pointer names the first generation"

# --strict refuses to switch, the previous generation keeps serving.
run "$BIN/iio-index" --corpus "$C" --index "$IDX" --strict
t_is "$rc" 2 "--strict with rejected records: exit 2"
t_has "$err" "the live index is left as it was" "--strict: says the live index is untouched"
t_is "$(readlink "$IDX/current")" "$live1" "--strict: current still names the old generation"
run "$BIN/iio-search" pythagoras
t_is "$rc" 0 "--strict: the old generation still answers"
t_is "$(ls -d "$IDX"/gen-* | wc -l)" 1 "--strict: the refused generation is removed"

# A clean corpus: a new generation, switched atomically; old ones pruned.
sed -i '3,10d' "$C/records.jsonl"
rm "$C/docs/kapot.md"
for i in 1 2 3; do "$BIN/iio-index" --quiet --corpus "$C" --index "$IDX" || fail "rebuild $i"; done
run "$BIN/iio-index" --corpus "$C" --index "$IDX" --strict
t_is "$rc" 0 "--strict with a clean corpus: exit 0"
t_has "$out" "5 records indexed, 0 rejected" "clean corpus summary"
gens=$(cd "$IDX" && ls -d gen-* | tr '\n' ' ')
# (gen-0002 went to the refused run: a number is never handed out twice)
t_is "$gens" "gen-0005 gen-0006 " "old generations pruned: the live one and one to roll back to"
t_is "$(readlink "$IDX/current")" "gen-0006" "current names the newest"
t_ok "search after the switch" "$BIN/iio-search" molberekening

# A generation left behind by a killed run is cleaned up, never served.
mkdir "$IDX/gen-0042" && echo junk >"$IDX/gen-0042/postlist.glass"
run "$BIN/iio-index" --corpus "$C" --index "$IDX"
t_is "$rc" 0 "a leftover generation does not stop the next run"
t_is "$(readlink "$IDX/current")" "gen-0007" "the new generation, not the leftover, goes live"
t_is "$(ls -d "$IDX"/gen-0042 2>/dev/null)" "" "the leftover is pruned"

# One indexer at a time.
if command -v flock >/dev/null; then
	# The holder is the process itself (exec), so killing it frees the lock
	# as the death of an indexer would.
	(exec 9>>"$IDX/lock"; flock 9; exec sleep "$WAIT") &
	holder=$!
	lock_held() { ! flock -n "$IDX/lock" true; }
	wait_until "another process holds the lock" lock_held
	run "$BIN/iio-index" --corpus "$C" --index "$IDX"
	t_is "$rc" 3 "a second run while one holds the lock: exit 3 at once"
	t_has "$err" "another iio-index is updating" "the lock message"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	run "$BIN/iio-index" --corpus "$C" --index "$IDX"
	t_is "$rc" 0 "the lock of a dead run does not block the next"
else
	fail "flock(1) is needed for the lock test"
fi

# Nothing to index, or nothing to read: an error, the live index stays.
live=$(readlink "$IDX/current")
mkdir "$T/empty"
run "$BIN/iio-index" --corpus "$T/empty" --index "$IDX"
t_is "$rc" 2 "an empty corpus: exit 2"
t_has "$err" "no records could be read" "an empty corpus: message"
t_is "$(readlink "$IDX/current")" "$live" "an empty corpus leaves the live index"
run "$BIN/iio-index" --corpus "$T/missing" --index "$IDX"
t_is "$rc" 2 "a missing corpus: exit 2"
t_has "$err" "cannot read corpus directory $T/missing" "a missing corpus: message"
run "$BIN/iio-index" --corpus "$C" --bogus
t_is "$rc" 2 "unknown option: exit 2"

# Manifest errors name sources.conf and the line.
printf 'records.jsonl jsonl\nnothing/*.txt text document\nrecords.jsonl yaml video\n' >"$C/sources.conf"
run "$BIN/iio-index" --corpus "$C" --index "$T/idx2"
t_has "$err" "sources.conf:1: expected 'PATTERN READER TYPE'" "manifest: a short line"
t_has "$err" "sources.conf:2: pattern matches no file" "manifest: a pattern matching nothing"
t_has "$err" "sources.conf:3: reader: unknown reader" "manifest: an unknown reader"

# Without a manifest every file with a known extension is read.
rm "$C/sources.conf"
run "$BIN/iio-index" --corpus "$C" --index "$T/idx3"
t_is "$rc" 0 "without a manifest: builds"
t_has "$out" "6 records indexed" "without a manifest: .jsonl, .md and README.md are read"

done_testing
