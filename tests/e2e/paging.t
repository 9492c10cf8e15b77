#!/bin/bash
# paging.t - offset and limit page over exactly what total counts (DESIGN,
# "Counting"): for grouped and ungrouped queries of one word and of several
# (best match: records holding every word first, then partial ones), every
# page of `iio-search --json` up to ceil(total / limit) is full but the
# last, the page after it is empty, no result is on two pages, the pages
# add up to total, and total and records are the same on every page; the
# first `complete` results hold every word, the rest lack one. With
# grouping, the records the results stand for (each one, its passages and
# the `more` like it) add up to `records`.
. "$(dirname "$0")/lib.sh"

IDX=$T/index
run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$IDX"
t_is "$rc" 0 "iio-index builds the bundled corpus"

walk() { # LIMIT GROUPING(group|no-group) QUERY [OPTION...]: one line per problem found, then a summary
	python3 - "$BIN/iio-search" "$IDX" "$@" <<'PY'
import json, subprocess, sys
prog, idx, limit, grouping, query = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
options = sys.argv[6:]
def page(offset):
    args = [prog, "--index", idx, "--json", "--no-snippets", "--offset", str(offset), "--limit", str(limit)]
    if grouping == "no-group":
        args.append("--no-group")
    args += options
    out = subprocess.run(args + ["--"] + query.split(), capture_output=True, text=True)
    return json.loads(out.stdout)
first = page(0)
total, records = first["total"], first["records"]
problems, ids, stands_for, pages = [], [], 0, 0
if not first["total_exact"] or not first["records_exact"]:
    problems.append("not exact: %s" % json.dumps({k: first[k] for k in ("total", "total_exact", "records", "records_exact")}))
offset = 0
while offset < total and pages < 300:
    d = first if offset == 0 else page(offset)
    pages += 1
    n = len(d["results"])
    if (d["total"], d["records"]) != (total, records):
        problems.append("page %d: total %d records %d, page 1 said %d %d" % (pages, d["total"], d["records"], total, records))
    want = min(limit, total - offset)
    if n != want:
        problems.append("page %d (offset %d): %d results, want %d" % (pages, offset, n, want))
    if d["complete"] != first["complete"]:
        problems.append("page %d: complete %d, page 1 said %d" % (pages, d["complete"], first["complete"]))
    for r in d["results"]:
        # Those holding every word come first (by date they are mixed).
        if "--sort" not in options and bool(r.get("missing")) != (r["rank"] > first["complete"]):
            problems.append("result %d (%s) missing %s, complete says %d" % (r["rank"], r["id"], r.get("missing"), first["complete"]))
        ids.append(r["id"])
        stands_for += 1 + r.get("more", 0) + len(r.get("passages", []))
        stands_for -= sum(1 for p in r.get("passages", []) if p["id"] == r["id"])
    offset += limit
after = page(offset)
if after["results"]:
    problems.append("the page after the last (offset %d) has %d results" % (offset, len(after["results"])))
dups = sorted(set(i for i in ids if ids.count(i) > 1))
if dups:
    problems.append("on two pages: %s" % " ".join(dups[:10]))
if len(ids) != total:
    problems.append("the pages hold %d results, total says %d" % (len(ids), total))
if grouping == "group" and stands_for != records:
    problems.append("the results stand for %d records, records says %d" % (stands_for, records))
for p in problems:
    print(p)
print("summary total=%d records=%d complete=%d pages=%d" % (total, records, first["complete"], pages))
PY
}

check() { # LIMIT QUERY [OPTION...]
	local g got limit=$1 q=$2
	shift 2
	for g in group no-group; do
		got=$(walk "$limit" "$g" "$q" "$@")
		if [ "$(grep -vc '^summary' <<<"$got")" = 0 ]; then
			pass "'$q'${*:+ $*} ($g, $limit a page): $(sed -n 's/^summary //p' <<<"$got")"
		else
			fail "'$q'${*:+ $*} ($g, $limit a page) pages over what total counts" "$got"
		fi
	done
}

# One word, grouped: 'breuken' is 29 records in 2 results.
check 10 breuken
check 1 breuken
check 10 klokkijken
check 10 innovatie
check 7 leerlingen
check 25 docent
# Several words, best match: every word first, then partial ones.
check 10 "d t regels"
check 10 "breuken optellen"
check 7 "werkwoordspelling regels oefenen"
check 10 "leerlingen voor leerlingen"
check 10 "waarom werkt een innovatie alleen als iedereen meedoet"
check 10 "rekenen groep 7"
check 10 "klokkijken oefenen"
# Deeper than 1000 results: the same order on every page still.
check 50 "school video leerlingen"
check 100 "leerlingen docent"
# All words required, by date, a filter alone, filters and words.
check 10 "werkwoordspelling regels" --all-words
check 10 "leerlingen school" --all-words
check 10 breuken --sort date
check 10 "rekenen groep" --sort date
check 25 "" --type video --subject wiskunde
check 10 leerlingen --type case
run "$BIN/iio-search" --index "$IDX" --json breuken
t_is "$(jq -c '[.total, .records, (.results | length)]' <<<"$out")" "[2,29,2]" \
	"breuken: total counts the 2 results, records the 29 records"

# The text output says both.
run "$BIN/iio-search" --index "$IDX" breuken
t_has "$out" "Results 1-2 of 2 (29 records)" "the CLI: results of total, and the records"

done_testing
