#!/usr/bin/env python3
"""gen-queries.py CORPUS.jsonl [N] [SEED] > queries.tsv - a query set drawn
from a generated corpus's vocabulary, with a realistic mix: rare (25%),
medium (25%) and common (10%) words, two words that occur together (15%),
phrases of 2-3 words (10%), a part of a compound that occurs in the text
(5%), a word with a type filter (10%). Each line: kind, the query for
iio-search, the plain words for the peers, a type filter or "-"; phrases
are quoted in both columns (every peer reads "a b" as a phrase)."""
import json
import random
import re
import sys

STOP = set("""aan al alle alles als ben bent bij dan dat de deze die dit doch door dus een eens en er ge geen had
haar hadden heb hebben hebt heeft hem het hier hij hoe hun ik in is je jij jou jouw kan kon kunnen maar me meer men
met mij mijn moet na naar niet niets nog nu of om omdat ons onze ook op over te tegen toch toen tot u uit uw van veel
voor want waren was wat we wel werd wie wij wordt worden zal ze zelf zich zij zijn zo zou zouden""".split())
WORD = re.compile(r"[a-zà-ÿ]{3,}")


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    docs = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= 20000:
                break
            docs.append(json.loads(line)["body"].lower())
    df = {}
    for d in docs:
        for w in set(WORD.findall(d)):
            df[w] = df.get(w, 0) + 1
    words = [w for w in df if w not in STOP]
    scale = len(docs) / 10000
    rare = sorted(w for w in words if 2 <= df[w] <= max(3, 5 * scale))
    medium = sorted(w for w in words if 20 * scale <= df[w] <= 200 * scale)
    common = sorted(words, key=lambda w: (-df[w], w))[:200]
    long_words = sorted(w for w in words if len(w) >= 12)
    medium_set = set(medium)
    parts = []
    for w in long_words:
        for k in range(4, len(w) - 3):
            if w[k:] in medium_set and len(w[k:]) >= 5:
                parts.append(w[k:])
                break
    out = []
    kinds = ["rare"] * 25 + ["medium"] * 25 + ["common"] * 10 + ["two"] * 15 + ["phrase"] * 10 + \
        ["part"] * 5 + ["filter"] * 10
    while len(out) < n:
        kind = rnd.choice(kinds)
        f = "-"
        if kind == "rare":
            q = rnd.choice(rare)
        elif kind == "medium":
            q = rnd.choice(medium)
        elif kind == "common":
            q = rnd.choice(common)
        elif kind == "part":
            if not parts:
                continue
            q = rnd.choice(parts)
        elif kind == "two":
            ws = sorted(set(WORD.findall(rnd.choice(docs))) & medium_set)
            if len(ws) < 2:
                continue
            q = " ".join(rnd.sample(ws, 2))
        elif kind == "phrase":
            toks = WORD.findall(rnd.choice(docs))
            if len(toks) < 4:
                continue
            k = rnd.randint(2, 3)
            s = rnd.randrange(len(toks) - k)
            q = '"%s"' % " ".join(toks[s:s + k])
        else:
            f = rnd.choice(["document", "video", "case"])
            q = rnd.choice(medium)
        iq = q + (" type:" + f if f != "-" else "")
        out.append("\t".join([kind, iq, q, f]))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
