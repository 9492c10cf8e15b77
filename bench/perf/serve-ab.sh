#!/bin/bash
# serve-ab.sh - iio-serve over HTTP as the search page asks it: 8
# connections sending the independent workload's queries (../shared/bench)
# to /api/search with facets (snippets, grouping and facets, the page's
# request), every query distinct in a pass; with the answer cache on (its
# default) and off (--cache-entries 0), in turn, ROUNDS times. Prints
# requests/s, p50 and p99 per run. Reports; asserts nothing.
#
# Usage: bench/perf/serve-ab.sh [DOCS, default 10000] [SECONDS per run, default 10] [ROUNDS, default 2]
# A pass over the 1,000 queries takes a fraction of a run: after it the
# queries come again, as people repeat searches - the cache's case.
set -eu
cd "$(dirname "$0")/../.."
DOCS=${1:-10000}
SECS=${2:-10}
ROUNDS=${3:-2}
SHARED=${IIO_SHARED:-../shared}
command -v wrk >/dev/null || { echo "serve-ab.sh: wrk is needed (make deps installs it)" >&2; exit 2; }
t=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
mkdir -p "$t/clean" "$t/corpus"
for g in "$SHARED"/data/nl-prose/*.txt.gz; do zcat "$g" >"$t/clean/$(basename "$g" .gz)"; done
python3 "$SHARED/bench/make_corpus.py" --docs "$DOCS" --seed 42 --clean "$t/clean" >"$t/corpus/docs.jsonl"
python3 "$SHARED/bench/make_queries.py" "$t/clean" --seed 7 --out "$t/queries.txt"
bin/iio-index --quiet --corpus "$t/corpus" --index "$t/index"

# The requests: each wrk thread takes every other query, so a pass sends
# each query once.
python3 - "$t/queries.txt" >"$t/page.lua" <<'PY'
import sys, urllib.parse
qs = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
print("paths = {" + ",".join('"/api/search?q=%s&facets=1"' % urllib.parse.quote(q) for q in qs) + "}")
print("""
local n = 0
setup = function(thread) thread:set("first", n); n = n + 1 end
init = function() i = first end
request = function()
  i = (i + 2) % #paths
  return wrk.format("GET", paths[i + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status))
end
""")
PY
run() { # LABEL SERVE-OPTIONS...
	local label=$1 port=$((20000 + RANDOM % 20000))
	shift
	bin/iio-serve --index "$t/index" --listen 127.0.0.1:$port --threads 4 --access-log none "$@" &
	srv=$!
	for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
	wrk -t 2 -c 8 -d "${SECS}s" --timeout 5s -s "$t/page.lua" "http://127.0.0.1:$port" |
		awk -v l="$label" '/^RESULT/ { printf "%-10s %6d req/s  p50 %6.2f ms  p99 %6.2f ms  (%d requests, %d errors)\n", l, $2, $3, $4, $5, $6 }'
	kill $srv
	wait $srv 2>/dev/null || true
	srv=
}
echo "iio-serve --threads 4, 8 connections, $DOCS documents, $(wc -l <"$t/queries.txt") queries, /api/search?q=..&facets=1, $(nproc) cores"
for r in $(seq "$ROUNDS"); do
	run "cache on"
	run "cache off" --cache-entries 0
done
