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

# More matches than are counted exactly (IIO_EXACT_COUNT, 5000): 5200
# records, each its own result, half of them holding both words of the
# query. The total is an estimate; total_min results are known to exist,
# and their pages are full and none repeats; --exact-total counts them all;
# the page without JavaScript (the CGI) says "ca." and links only to pages
# known to exist.
mkdir -p "$T/many"
python3 -c '
for i in range(5200):
    t = "Een oefening voor de klas" if i % 2 else "Een oefening thuis"
    print("{\"id\": \"oef-%04d\", \"type\": \"case\", \"title\": \"Oefening nummer %d\", \"text\": \"%s, nummer %d.\"}" % (i, i, t, i))
' >"$T/many/records.jsonl"
run "$BIN/iio-index" --quiet --corpus "$T/many" --index "$T/manyidx"
t_is "$rc" 0 "an index of 5200 records"
M() { "$BIN/iio-search" --index "$T/manyidx" --json --no-snippets "$@"; }
got=$(M oefening klas | jq -c '[.total_exact, .total_min > 5000, .total_min <= 5200, .total >= .total_min, .complete]')
t_is "$got" "[false,true,true,true,2600]" \
	"5200 matches: the total is an estimate, total_min at most the 5200 there are; 2600 hold both words"
min=$(M oefening klas | jq .total_min)
t_is "$(M --exact-total oefening klas | jq -c '[.total, .total_exact, .records, .records_exact]')" "[5200,true,5200,true]" \
	"--exact-total counts them all"
bad=
for ((off = 0; off + 500 <= min; off += 500)); do
	n=$(M --offset $off -n 500 oefening klas | tee -a "$T/seen.json" | jq '.results | length')
	[ "$n" = 500 ] || bad="$bad page at $off: $n;"
done
t_is "$bad" "" "every page of the results known to exist is full"
t_is "$(jq -r '.results[].id' "$T/seen.json" | sort | uniq -d | head -3)" "" "... and none is on two of them"
cgi() { QUERY_STRING=$1 IIO_INDEX=$T/manyidx SCRIPT_NAME=/zoek "$BIN/iio-search.cgi"; }
page=$(cgi "q=oefening+klas")
t_has "$page" "<span>Pagina 1 van ca. 520</span>" "the page says the page count is an estimate"
t_has "$page" 'rel="next"' "... and links to the next page"
last=$(( (min - 1) / 10 * 10 ))
page=$(cgi "q=oefening+klas&offset=$last")
t_hasnt "$page" 'rel="next"' "the last page known to exist links to no next page"
t_is "$(( $(grep -o '<h2><a href' <<<"$page" | wc -l) >= min - last ))" 1 "... and has the results known to exist"

done_testing
