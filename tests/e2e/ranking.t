#!/bin/bash
# ranking.t - how matches are ordered: a whole document counts half its
# score (the passage that answers ranks first), ties go to the record id,
# pages fit together, and facet counts are of one match, also where the
# searcher has to look past the first matches Xapian gives (many documents
# above the passages) or rank in the query itself (only documents).
. "$(dirname "$0")/lib.sh"

C=$T/corpus
mkdir -p "$C"
# 60 documents and 6 passages with "zwaluwstaart" 1-4 times in texts of
# different lengths; a passage and a document with the very same text; 12
# records with identical text (a tie of 12) and other ids.
python3 - "$C/records.jsonl" <<'EOF'
import json, sys
out = open(sys.argv[1], "w")
filler = "de leerlingen maken samen een korte film over het onderwijs op school".split()
def rec(i, typ, n, extra):
    body = " ".join(["zwaluwstaart"] * n + filler[: 4 + extra])
    out.write(json.dumps({"id": i, "type": typ, "title": "Record %s" % i, "body": body}) + "\n")
for k in range(60):
    rec("doc-%02d" % k, "document", 1 + k % 4, k % 9)
for k in range(6):
    rec("pas-%02d" % k, "passage", 1 + k % 2, 3 + k)
rec("twin-doc", "document", 3, 2)
rec("twin-pas", "passage", 3, 2)
for k in range(12):
    out.write(json.dumps({"id": "tie-%02d" % (11 - k), "type": "video", "title": "Gelijk",
                          "body": "kolibrie kolibrie en verder niets"}) + "\n")
EOF
run "$BIN/iio-index" --corpus "$C" --index "$T/idx"
t_is "$rc" 0 "the test corpus indexes"
S() { "$BIN/iio-search" --index "$T/idx" --json --no-snippets --no-group "$@"; }

# Order: scores never rise down the list; equal scores by record id.
ordered() { # JSON on stdin
	jq -e '[.results[] | [.score, .id]] as $r | all(range(1; $r | length);
		$r[. - 1][0] > $r[.][0] or ($r[. - 1][0] == $r[.][0] and $r[. - 1][1] < $r[.][1]))' >/dev/null
}
for q in zwaluwstaart "zwaluwstaart type:document" "zwaluwstaart -type:passage" kolibrie; do
	t_ok "'$q': scores fall, ties by id" ordered < <(S -n 100 -- "$q")
done

# Half: the passage and the document with the same text.
run S -n 100 zwaluwstaart
twin=$(jq -r '[.results[] | select(.id | startswith("twin"))] | "\(.[0].id) \(.[1].id) \(.[0].score / .[1].score * 1000 | round)"' <<<"$out")
t_is "$twin" "twin-pas twin-doc 2000" "the passage ranks above the same text as a whole document, at twice its score"
t_is "$(jq -r '.results[0].type' <<<"$out")" "passage" "passages come first though 60 documents match more often"

# Pages fit together, wherever the page starts.
all=$(S -n 80 zwaluwstaart | jq -c '[.results[].id]')
for off in 0 7 10 30 60; do
	page=$(S -n 10 --offset "$off" zwaluwstaart | jq -c '[.results[].id]')
	t_is "$page" "$(jq -c ".[$off:$off + 10]" <<<"$all")" "zwaluwstaart, offset $off: the same records as that slice of one long list"
done
docs=$(S -n 70 "zwaluwstaart type:document" | jq -c '[.results[].id]')
t_is "$(jq length <<<"$docs")" "61" "type:document: every document"
t_is "$(S -n 10 --offset 20 "zwaluwstaart type:document" | jq -c '[.results[].id]')" "$(jq -c '.[20:30]' <<<"$docs")" \
	"type:document, offset 20: the same slice"

# Deeper than offset+limit 1000 the query ranks documents down itself;
# above it the searcher does on the fetched matches (grouped, the plan
# ranks on the page even here, where documents are 61 of the 80 records:
# searcher/plan.c; type:document: all matches weigh the same, so the
# first fetch decides). Both ways give the same ids and scores, also
# where type:document is only one side of an OR.
for q in "zwaluwstaart type:document" "type:document zwaluwstaart -kolibrie" "zwaluwstaart type:document OR kolibrie" \
	"(zwaluwstaart type:document) kolibrie"; do
	shallow=$(S -n 99 --offset 1 -- "$q" | jq -c '[.results[] | [.id, .score]]')
	deep=$(S -n 1000 --offset 1 -- "$q" | jq -c '[.results[] | [.id, .score]]')
	t_is "$shallow" "$deep" "'$q': ranked by the searcher or in the query, the same"
done

# A tie of 12 across a page edge: the lowest ids on the first page.
t_is "$(S -n 5 kolibrie | jq -c '[.results[].id]')" '["tie-00","tie-01","tie-02","tie-03","tie-04"]' \
	"a tie straddling the page edge goes by record id"
t_is "$(S -n 5 --offset 5 kolibrie | jq -c '[.results[].id]')" '["tie-05","tie-06","tie-07","tie-08","tie-09"]' \
	"... and the next page goes on from there"

# Facets count each match once, however many times the searcher fetched.
for q in zwaluwstaart "zwaluwstaart type:document"; do
	run S -n 3 --facets --exact-total -- "$q"
	t_is "$(jq '[.facets.type[]?.count] | add' <<<"$out")" "$(jq .total <<<"$out")" \
		"'$q': the type counts add up to the $(jq .total <<<"$out") matches"
done

# The explanation belongs to the record it is shown with.
run S -n 3 --explain kolibrie
t_is "$(jq -r '[.results[] | .explain | length > 0] | all' <<<"$out")" "true" "--explain: every hit has its terms"

# The words close together, and a phrase with its stopword, weigh more
# (added in the rescore window, not inside the query): two records of the
# same words and length, one with them side by side. 60 records of filler
# hold one of the words, so the pair is found past Xapian's first matches.
P=$T/prox
mkdir -p "$P"
python3 - "$P/records.jsonl" <<'EOF2'
import json, sys
out = open(sys.argv[1], "w")
fill = "het is een dag als alle andere met wind en regen over de velden".split()
def rec(i, words):
    out.write(json.dumps({"id": i, "type": "case", "title": "Verslag %s" % i, "body": " ".join(words)}) + "\n")
rec("apart", ["ooievaar"] + fill + ["nestelt"])
rec("samen", fill[:8] + ["de", "ooievaar", "nestelt"] + fill[8:])
for k in range(60):
    rec("vul-%02d" % k, fill + ["ooievaar"] * (1 + k % 3))
EOF2
run "$BIN/iio-index" --corpus "$P" --index "$T/pidx"
t_is "$rc" 0 "the proximity corpus indexes"
PS() { "$BIN/iio-search" --index "$T/pidx" --json --no-snippets "$@"; }
t_is "$(PS --all-words -n 2 ooievaar nestelt | jq -c '[.results[].id]')" '["samen","apart"]' \
	"every word required: the record with them side by side first"
t_is "$(PS --all-words -n 100 -- "de ooievaar nestelt" | jq -c '[.results[].id]')" \
	'["samen","apart"]' "the words as typed, stopword included: the record holding that phrase first"
s1=$(PS --all-words -n 2 ooievaar nestelt | jq '.results[0].score / .results[1].score > 1.05')
t_is "$s1" true "... by a clear margin, not a tie broken by id"
done_testing
