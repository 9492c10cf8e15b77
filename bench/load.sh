#!/bin/bash
# load.sh - iio-serve under load with wrk: requests/s and latency
# percentiles at 1, 16 and 64 connections for a realistic mix (the 90
# relevance queries, some with filters, facets or a second page, and
# suggest-as-you-type prefixes), then one long run at 16 connections during
# which the index is rebuilt and swapped 20 times, with the server's memory
# sampled every 5 s.
#
# Usage: bench/load.sh [SECONDS per short run, default 10] [SECONDS long run, default 60]
set -eu
cd "$(dirname "$0")/.."
SHORT=${1:-10}
LONG=${2:-60}
command -v wrk >/dev/null || { echo "load.sh: wrk is needed (make deps installs it)" >&2; exit 2; }
t=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
cp -r corpus "$t/corpus"
bin/iio-index --quiet --corpus "$t/corpus" --index "$t/index" --full

# The request mix, as a Lua table of paths.
python3 - bench/relevance/queries.tsv >"$t/mix.lua" <<'PY'
import sys, urllib.parse
qs = [l.rstrip("\n").split("\t")[1] for l in open(sys.argv[1], encoding="utf-8")
      if l.strip() and not l.startswith("#")]
paths = []
for i, q in enumerate(qs):
    e = urllib.parse.quote(q)
    paths.append("/api/search?q=" + e)
    if i % 3 == 0: paths.append("/api/search?q=%s&type=video" % e)
    if i % 5 == 0: paths.append("/api/search?q=%s&offset=10" % e)
    if i % 7 == 0: paths.append("/api/search?q=%s&facets=subject,level" % e)
    w = q.split()[0]
    for n in range(3, min(len(w), 7)):
        paths.append("/api/suggest?q=" + urllib.parse.quote(w[:n]))
print("paths = {" + ",".join('"%s"' % p for p in paths) + "}")
print("""
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.2f %.2f %.2f %d %d %d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
""")
PY
port=$((20000 + RANDOM % 20000))
bin/iio-serve --index "$t/index" --listen 127.0.0.1:$port --threads 4 --access-log none &
srv=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
echo "mix: $(grep -o '"/api' "$t/mix.lua" | wc -l) paths; iio-serve --threads 4 on 127.0.0.1, $(nproc) cores"
run_wrk() { # CONNECTIONS SECONDS
	wrk -t "$(($1 < 2 ? 1 : 2))" -c "$1" -d "${2}s" --timeout 5s -s "$t/mix.lua" "http://127.0.0.1:$port" |
		awk -v c="$1" '/^RESULT/ { printf "%3d connections: %7d req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d requests, %d socket errors, %d non-2xx)\n", c, $2, $3, $4, $5, $6, $7, $8 }'
}
for c in 1 16 64; do run_wrk "$c" "$SHORT"; done

rss() { awk '/VmRSS/ { print $2 }' /proc/$srv/status; }
echo "long run: $LONG s at 16 connections, the index swapped 20 times meanwhile"
( for i in $(seq 20); do
	sleep "$(awk -v l="$LONG" 'BEGIN { print l / 22 }')"
	if [ $((i % 2)) = 1 ]; then sed -i '1s/"title": "/"title": "Herzien: /' "$t/corpus/cases/cases-sample.jsonl"
	else sed -i '1s/"title": "Herzien: /"title": "/' "$t/corpus/cases/cases-sample.jsonl"; fi
	bin/iio-index --quiet --corpus "$t/corpus" --index "$t/index" || echo "swap $i failed" >&2
	echo swapped >>"$t/swaps"
done ) &
swapper=$!
( for _ in $(seq $((LONG / 5 + 1))); do rss; sleep 5; done ) >"$t/rss" &
sampler=$!
run_wrk 16 "$LONG"
wait $swapper
kill $sampler 2>/dev/null || true
echo "index swaps during the run: $(wc -l <"$t/swaps"), live generation now $(readlink "$t/index/current")"
awk '{ v[NR] = $1; if ($1 > m) m = $1 } END { printf "iio-serve RSS: first %d KiB, last %d KiB, max %d KiB over %d samples\n", v[1], v[NR], m, NR }' "$t/rss"
