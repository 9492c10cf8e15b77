#!/bin/bash
# cache.t - iio-serve's cache of recent answers (searcher/anscache.c): the
# same request twice is answered alike (from the cache: the very bytes,
# took_ms included); another option is another answer; a new generation
# empties it, so the next answer is the new index's; --cache-entries 0
# keeps nothing.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/c"
cat >"$T/c/a.jsonl" <<'EOF'
{"id": "appel-1", "type": "case", "title": "De appelboom", "text": "Een appelboom in de schooltuin.", "subject": "biologie"}
{"id": "appel-2", "type": "case", "title": "Appels plukken", "text": "Groep 5 plukt de appelboom leeg.", "subject": "rekenen"}
EOF
run "$BIN/iio-index" --quiet --corpus "$T/c" --index "$T/index"
t_is "$rc" 0 "index two records"
start_serve cached --index "$T/index" --access-log none
U=$served_url
get() { curl -s -o "$T/$1" -w '%{http_code}' "$2"; }

q="$U/api/search?q=appelboom&facets=1&subject=biologie"
t_is "$(get first "$q")" 200 "a search"
t_is "$(jq -r .total "$T/first")" 1 "it finds the record of biologie"
t_is "$(get second "$q")" 200 "the same search again"
t_ok "... answered with the very same bytes (took_ms too: kept)" cmp -s "$T/first" "$T/second"
t_is "$(jq -r '[.facets.subject[].value] | sort | join(",")' "$T/second")" "biologie,rekenen" \
	"... facets without their own filter, as before"
t_is "$(get limited "$q&limit=1")" 200 "with one more option"
t_is "$(jq -r '.results | length' "$T/limited")" 1 "... its own answer, not the kept one"
t_is "$(get page1 "$U/zoeken?q=appelboom")" 200 "the page"
t_is "$(get page2 "$U/zoeken?q=appelboom")" 200 "the page again"
t_ok "... alike" cmp -s "$T/page1" "$T/page2"
t_is "$(get bad "$U/api/search?q=appelboom&type=kermis")" 400 "a failing search"
t_is "$(get bad2 "$U/api/search?q=appelboom&type=kermis")" 400 "... fails again (only answers that found are kept)"

# A new generation: the next answer is the new index's.
cat >>"$T/c/a.jsonl" <<'EOF'
{"id": "appel-3", "type": "video", "title": "Een appelboom snoeien", "text": "Hoe snoei je een appelboom?", "subject": "biologie"}
EOF
run "$BIN/iio-index" --quiet --corpus "$T/c" --index "$T/index"
t_is "$rc" 0 "a third record, a new generation"
t_is "$(get third "$q")" 200 "the same search after the rebuild"
t_is "$(jq -r .total "$T/third")" 2 "... answered from the new generation (a second of biologie)"
t_is "$(get page3 "$U/zoeken?q=appelboom")" 200 "the page after the rebuild"
t_has "$(cat "$T/page3")" "snoeien" "... shows the new record"

# Off: two answers of the same search are made twice.
start_serve uncached --index "$T/index" --access-log none --cache-entries 0
t_is "$(get off1 "$served_url/api/search?q=appelboom")" 200 "no cache: a search"
t_is "$(get off2 "$served_url/api/search?q=appelboom")" 200 "no cache: again"
t_is "$(jq -c 'del(.took_ms)' "$T/off1")" "$(jq -c 'del(.took_ms)' "$T/off2")" "... the same answer"

t_ok "... made twice (took_ms differs)" test "$(jq -r .took_ms "$T/off1")" != "$(jq -r .took_ms "$T/off2")"
run "$BIN/iio-serve" --index "$T/index" --cache-entries 2000000
t_is "$rc" 2 "--cache-entries past its bound is refused"
done_testing
