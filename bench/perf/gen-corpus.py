#!/usr/bin/env python3
"""gen-corpus.py N [SEED [MIX]] > corpus.jsonl - a benchmark corpus of N documents
cut from the real Dutch prose in ../shared/data/nl-prose/ (never written
for this project). Deterministic for a seed. Each document: 1-8 paragraphs
drawn at random (with replacement: at 1M documents each paragraph is used
about 40 times, which flatters compression), a title from the first
words of its first paragraph, a type and a few filter fields. Records are
JSON Lines with id, type, title, body, subject, level, year: the generic
shape iio-index reads as it is.

MIX: "even" (the default: the three types alike, 1-8 paragraphs),
"documents" (80% whole documents of 4-12 paragraphs: the whole-document
down-weighting and grouping at their busiest) or "short" (80% videos and
cases of 1-2 paragraphs: many short records)."""
import gzip
import glob
import json
import os
import random
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROSE = os.environ.get("IIO_PROSE", os.path.join(TOP, "..", "shared", "data", "nl-prose"))
TYPES = ["document", "video", "case"]
SUBJECTS = ["aardrijkskunde", "biologie", "geschiedenis", "nederlands", "wiskunde", "economie", "informatica"]
LEVELS = ["po", "vo"]


def paragraphs():
    out = []
    for path in sorted(glob.glob(os.path.join(PROSE, "*.txt.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            out += [line.strip() for line in f if len(line.split()) >= 5]
    return out


def main():
    n = int(sys.argv[1])
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    mix = sys.argv[3] if len(sys.argv) > 3 else "even"
    if mix not in ("even", "documents", "short"):
        sys.exit("gen-corpus.py: MIX is even, documents or short")
    paras = paragraphs()
    w = sys.stdout
    for i in range(n):
        if mix == "even":
            kind, lo, hi = rnd.choice(TYPES), 1, 8
        elif mix == "documents":
            kind = "document" if rnd.random() < 0.8 else rnd.choice(TYPES[1:])
            lo, hi = (4, 12) if kind == "document" else (1, 3)
        else:
            kind = rnd.choice(TYPES[1:]) if rnd.random() < 0.8 else "document"
            lo, hi = (1, 2) if kind != "document" else (2, 6)
        body = [paras[rnd.randrange(len(paras))] for _ in range(rnd.randint(lo, hi))]
        words = body[0].split()
        rec = {
            "id": "d%07d" % i,
            "type": kind,
            "title": " ".join(words[: rnd.randint(3, 8)]).strip(".,:;"),
            "body": "\n\n".join(body),
            "subject": rnd.choice(SUBJECTS),
            "level": rnd.choice(LEVELS),
            "year": rnd.randint(2008, 2016),
        }
        w.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
