#!/bin/bash
# readme.t - the README does what it says: every `bin/iio-search` command of
# its shell examples runs on the bundled corpus and finds something; every
# row of its query syntax table has a check here of what the row says it
# finds (a row without one fails, so the table cannot grow claims nobody
# checks); every option, field and filter the programs accept is in its
# tables; its JSON example has the keys the program prints, with the values
# it shows for that query.
. "$(dirname "$0")/lib.sh"

README=$TOP/README.md
run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index"
t_is "$rc" 0 "index the bundled corpus"
export IIO_INDEX=$T/index
S() { "$BIN/iio-search" --json "$@"; }

# ---- the shell examples ------------------------------------------------------
# Lines of ```sh blocks that run bin/iio-search (piped input included),
# without their comments.
awk '/^```sh/ {on = 1; next} /^```/ {on = 0} on' "$README" | grep 'bin/iio-search ' |
	grep -v -- '--index var/index/current/shards' | sed 's/[[:space:]]\{2,\}#.*$//' >"$T/examples"
t_ok "the README has shell examples of iio-search" test "$(wc -l <"$T/examples")" -ge 10
while IFS= read -r line; do
	cmd=${line//bin\/iio-search/\"\$BIN\/iio-search\"}
	out=$(eval "$cmd" 2>&1)
	rc=$?
	if [ "$rc" = 0 ] && [ -n "$out" ]; then
		pass "README example runs and finds something: $line"
	else
		fail "README example runs and finds something: $line" "exit $rc" "$(head -c 600 <<<"$out")"
	fi
done <"$T/examples"

# ---- the query syntax table ----------------------------------------------------
# The first code span of each row of the table under "### Query syntax".
rows=$(awk '/^### Query syntax/ {on = 1; next} on && /^### / {on = 0} on && /^\| `/' "$README" |
	sed 's/^| `\([^`]*\)`.*/\1/')
# ids of the first N results of a query (grouped unless told)
ids() { local n=$1; shift; S --no-snippets -n "$n" "$@" | jq -r '.results[].id'; }
# the stored text of record ID, lower-cased
text_of() { S --show "$1" | jq -r '(.title + " " + .text + " " + (.fields | tostring)) | ascii_downcase'; }
# every one of the first N results (ungrouped) holds PATTERN (an ERE, lower case)
all_hold() {
	local pat=$1 n=$2; shift 2
	local id
	for id in $(ids "$n" --no-group "$@"); do
		grep -Eq "$pat" <<<"$(text_of "$id")" || { echo "$id"; return 1; }
	done
}
none_hold() {
	local pat=$1 n=$2; shift 2
	local id
	for id in $(ids "$n" --no-group "$@"); do
		grep -Eq "$pat" <<<"$(text_of "$id")" && { echo "$id"; return 1; }
	done
	return 0
}
check_row() { # the check of one row: 0 when the claim holds
	case "$1" in
	'leraar tekort')
		# both words first, then records holding one of them
		[ "$(S -n 5 --no-snippets leraar tekort | jq '[.results[0:3][] | .missing // [] | length] | add')" = 0 ] &&
			all_hold 'lera|tekort' 10 leraar tekort >/dev/null ;;
	'"tekort aan docenten"')
		[ "$(S -- '"tekort aan docenten"' | jq .total)" -gt 0 ] && all_hold 'tekort aan docenten' 20 '"tekort aan docenten"' >/dev/null ;;
	'innovatie -krimp')
		[ "$(S innovatie -krimp | jq .total)" -gt 0 ] && none_hold 'krimp' 30 innovatie -krimp >/dev/null &&
			[ "$(S innovatie NOT krimp | jq -c '[.results[].id]')" = "$(S innovatie -krimp | jq -c '[.results[].id]')" ] ;;
	'breuken OR fotosynthese')
		local got
		got=$(S -n 40 --no-group --no-snippets breuken OR fotosynthese | jq -r '.results[].title' | tr 'A-Z' 'a-z')
		grep -q breuken <<<"$got" && grep -q fotosynthese <<<"$got" ;;
	'innovat*')
		all_hold 'innovat' 20 'innovat*' >/dev/null &&
			[ "$(S --no-group -n 100 'innovat*' | jq -r '.results[] | .snippet' | grep -oi 'innovat[a-zë]*' | tr 'A-Z' 'a-z' | sort -u | wc -l)" -ge 3 ] ;;
	'creeren')
		all_hold 'creëren|creeren' 10 creeren >/dev/null && [ "$(S creeren | jq .total)" = "$(S creëren | jq .total)" ] ;;
	'leraar')
		all_hold 'lera' 20 leraar >/dev/null && ids 200 --no-group leraar | while read -r id; do text_of "$id"; done | grep -q 'leraren' &&
			[ "$(grep -rowi werkten "$TOP/corpus" | wc -l)" = 0 ] &&
			ids 300 --no-group werkten | while read -r id; do text_of "$id"; done | grep -qw werkte ;;
	'uitleggen')
		# legt ... uit and leggen ... uit, found as uitleggen; its forms and noun alike
		ids 300 --no-group uitleggen | while read -r id; do text_of "$id"; done | grep -Eq '(legt|leggen) [a-z]+ uit' &&
			[ "$(S uitleggen | jq .records)" = "$(S uitgelegd | jq .records)" ] &&
			[ "$(S uitleggen | jq .records)" = "$(S uitleg | jq .records)" ] ;;
	'krimp')
		ids 100 --no-group krimp | while read -r id; do text_of "$id"; done | grep -q leerlingenkrimp ;;
	'onderwijsvernieuwing')
		local first
		first=$(ids 1 --no-group onderwijsvernieuwing)
		grep -q onderwijsvernieuwing <<<"$(text_of "$first")" &&
			[ "$(S onderwijsvernieuwing | jq .records)" -gt "$(S '"onderwijsvernieuwing"' | jq .records)" ] ;;
	'leerkracht')
		# the first twenty hold the word itself; records holding only a
		# synonym are found too
		all_hold 'leerkracht' 20 leerkracht >/dev/null &&
			[ -n "$(S --no-group -n 200 --no-snippets --explain leerkracht |
				jq -r '.results[] | select([.explain[].term] | (index("leerkracht") | not) and (index("docent") or index("leraar"))) | .id' | head -1)" ] ;;
	'E-klas')
		all_hold 'e-klas|e klas' 10 E-klas >/dev/null && [ "$(S R@velijn | jq .total)" -gt 0 ] ;;
	'vak:wiskunde')
		[ "$(S -n 50 vak:wiskunde | jq '[.results[] | select(.fields.subject != "wiskunde")] | length')" = 0 ] &&
			[ "$(S -n 50 niveau:vo | jq '[.results[] | select(.fields.level != "vo")] | length')" = 0 ] &&
			[ "$(S -n 50 soort:case krimp | jq '[.results[] | select(.type != "case")] | length')" = 0 ] &&
			[ "$(S -n 50 type:case | jq '.results | length')" -gt 0 ] ;;
	'jaar:2012..2014')
		[ "$(S -n 100 --no-group 'jaar:2012..2014' | jq '[.results[] | select((.fields.year // 0) > 2014 or ((.fields.year_end // .fields.year // 9999) < 2012))] | length')" = 0 ] &&
			[ "$(S 'jaar:2012..2014' | jq .total)" -gt 0 ] ;;
	'provincie:friesland')
		local fries
		fries=$(S -n 200 --no-group --no-snippets provincie:friesland | jq -c '[.results[].id] | sort')
		[ "$(jq length <<<"$fries")" -gt 0 ] &&
			[ "$(S -n 200 --no-group provincie:friesland | jq '[.results[] | select(.fields.province != "Friesland")] | length')" = 0 ] &&
			[ "$(S -n 200 --no-group --no-snippets friesland | jq -c '[.results[].id] | sort')" = "$fries" ] &&
			[ "$(S -n 200 --no-group --no-snippets provincie:fryslân | jq -c '[.results[].id] | sort')" = "$fries" ] ;;
	*) return 2 ;;
	esac
}
t_ok "the query syntax table has rows" test -n "$rows"
while IFS= read -r row; do
	check_row "$row"
	case $? in
	0) pass "query syntax: \`$row\` finds what the README says" ;;
	2) fail "query syntax: \`$row\` has a check in readme.t" "add one to check_row" ;;
	*) fail "query syntax: \`$row\` finds what the README says" ;;
	esac
done <<<"$rows"

# ---- every option, field and filter is in the README's tables --------------------
for opt in $("$BIN/iio-search" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
	grep -q -- "\`$opt\b\|$opt[ ,\`]" "$README" || fail "iio-search $opt is in the README" "not found"
done
pass "every option of iio-search --help is in the README"
for f in $("$BIN/iio-search" --help | sed -n '/field one of:/,/^(or/p' | tr ' ' '\n' | grep -E '^[a-z]+$' | grep -v '^one$\|^of$\|^the$\|^field$'); do
	grep -q "\`$f:\`" "$README" || fail "the query field $f: is in the README" "not found"
done
pass "every query field is in the README"

# ---- the JSON example ---------------------------------------------------------
# (an object shortened with ", …" is read without it)
example=$(awk '/^### JSON/ {on = 1} on && /^```json/ {j = 1; next} j && /^```/ {exit} j' "$README" | sed 's/, …}/}/g')
t_ok "the JSON example is JSON" jq -e . <<<"$example"
q=$(jq -r .query <<<"$example")
got=$(S -n "$(jq -r .limit <<<"$example")" -- "$q")
t_is "$(jq -c 'keys' <<<"$got")" "$(jq -c 'keys' <<<"$example")" "the example's keys are the program's (query $q)"
t_is "$(jq -c '.results[0] | keys' <<<"$got")" "$(jq -c '.results[0] | keys' <<<"$example")" "... and a result's keys"
for k in total total_exact total_min records records_exact complete complete_exact relaxed corrected offset limit suggestion; do
	t_is "$(jq -c ".$k" <<<"$got")" "$(jq -c ".$k" <<<"$example")" "... $k as the example shows"
done
t_is "$(jq -c '[.results[0] | .id, .type, .title, .url, .source, .score, .group, .more]' <<<"$got")" \
	"$(jq -c '[.results[0] | .id, .type, .title, .url, .source, .score, .group, .more]' <<<"$example")" "... and its first result"
t_is "$(jq -c '.results[0].fields | to_entries | map(select(.key as $k | $example_keys | index($k)))' --argjson example_keys "$(jq -c '.results[0].fields | keys' <<<"$example")" <<<"$got" | jq -c 'from_entries')" \
	"$(jq -c '.results[0].fields' <<<"$example")" "... with the fields it shows"
done_testing
