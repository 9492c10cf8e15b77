#!/bin/bash
# nightly.sh - what the nightly run costs: a full run, an incremental run
# with nothing changed, with 1 record changed and with 1% changed, on the
# bundled corpus and on a corpus of N records (default 100000) made from it
# (every video and case repeated under new ids, with a counter in the text
# so no two are the same). Prints one line per run with wall time and the
# run's own counts from --report.
#
# Usage: bench/nightly.sh [N]
set -eu
cd "$(dirname "$0")/.."
N=${1:-100000}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

python3 - "$N" "$t/big" <<'PY'
import csv, json, os, sys
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out)
base = []
with open("corpus/cases/cases-sample.jsonl", encoding="utf-8") as f:
    base += [json.loads(l) for l in f if l.strip()]
with open("corpus/videos/videos-sample.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        r = {k: v for k, v in row.items() if v}
        if "keywords" in r: r["keywords"] = [k.strip() for k in r["keywords"].split(";") if k.strip()]
        for k in ("year", "duration", "grade"):
            if k in r: r[k] = int(r[k])
        base.append(r)
with open(os.path.join(out, "records.jsonl"), "w", encoding="utf-8") as f:
    for i in range(n):
        r = dict(base[i % len(base)])
        r["id"] = "%s-%06d" % (r["id"], i)
        if "type" not in r: r["type"] = "video"
        r["text"] = "%s (reeks %d)" % (r.get("text") or r.get("description") or r["title"], i)
        r.pop("description", None)
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(os.path.join(out, "sources.conf"), "w") as f:
    f.write("records.jsonl jsonl video\n")
PY
cp corpus/thesaurus.txt "$t/big/"
cp -r corpus "$t/small"

timed() { # LABEL CORPUS ARGS...
	local label=$1 c=$2 s e
	shift 2
	s=$(date +%s.%N)
	bin/iio-index --quiet --corpus "$c" --index "$c.idx" --report "$t/r.json" "$@" || [ $? = 1 ]
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" -v l="$label" 'BEGIN { printf "%-34s %8.2f s  ", l, e - s }'
	jq -r '"records \(.documents), analyzed \(.records.analyzed) (changed \(.records.changed), added \(.records.added), deleted \(.records.deleted))"' "$t/r.json"
}
change() { # CORPUS FILE EVERY: change every EVERY-th line of FILE
	sed -i "1~$3 s/\"title\": \"/\"title\": \"Herzien: /" "$1/$2"
}
for c in small big; do
	case $c in small) f=cases/cases-sample.jsonl ;; big) f=records.jsonl ;; esac
	lines=$(wc -l <"$t/$c/$f")
	echo "== $c corpus"
	timed "full run" "$t/$c" --full
	timed "incremental, nothing changed" "$t/$c" --incremental
	sed -i "1 s/\"title\": \"/\"title\": \"Herzien: /" "$t/$c/$f"
	timed "incremental, 1 record changed" "$t/$c" --incremental
	change "$t/$c" "$f" 100
	timed "incremental, 1% of $f changed" "$t/$c" --incremental
	timed "full run on the same corpus" "$t/$c" --full
	du -sh "$t/$c.idx/current/" | awk '{ print "index size " $1 }'
done
