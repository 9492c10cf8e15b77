"""The systems the relevance benchmark compares, run over one bundled corpus.

iio-search answers through its own index; the baselines index the very records
iio-search does (exported from its index: repaired text, passages, profiles)
and get the plain words of each query (field names, operators, '-', '*',
quotes and parentheses removed: `vak:biologie cel` -> `biologie cel`):

- plain Xapian (xapian-peer: TermGenerator, QueryParser, Stem("dutch"),
  QueryParser's default operator OR, ranked by BM25), as a typical wrapper
  uses Xapian;
- SQLite FTS5 OR (unicode61 remove_diacritics 2): the words OR'ed and ranked
  by bm25(), the fair peer of plain Xapian's default;
- SQLite FTS5 AND: every word quoted and required, ranked by bm25().
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.join(TOP, "bin")


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def build(tmp):
    """Index the bundled corpus into tmp/index and export its records."""
    index = os.path.join(tmp, "index")
    sh(BIN + "/iio-index", "--quiet", "--corpus", os.path.join(TOP, "corpus"), "--index", index)
    env = dict(os.environ, IIO_INDEX=index)
    # every record, one per line whether or not this iio-search groups results
    listing = ["--no-group"] if "--no-group" in sh(BIN + "/iio-search", "--help") else []
    ids = []
    for t in ["document", "passage", "profile", "video", "case"]:
        offset = 0
        while True:
            out = json.loads(subprocess.run([BIN + "/iio-search", "--json", *listing, "-n", "1000", "--offset",
                                             str(offset), "--type", t, ""],
                                            capture_output=True, text=True, env=env).stdout)
            ids += [r["id"] for r in out["results"]]
            if len(out["results"]) < 1000:
                break
            offset += 1000
    records = [json.loads(sh(BIN + "/iio-search", "--show", i, "--json", env=env)) for i in ids]
    return index, records


def read_tsv(path, columns):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < columns:
            sys.exit(f"{path}: a line with fewer than {columns} fields: {line!r}")
        rows.append(f[:columns])
    return rows


def plain_words(q):
    q = re.sub(r"\b[a-zA-Z]+:", " ", q)            # field names
    q = re.sub(r"\b(OR|AND|NOT)\b", " ", q)         # operators
    q = re.sub(r'[()"*]', " ", q)
    q = re.sub(r"(^|\s)[-+]", r"\1", q)
    return q.split()


def run_iio(index, queries, k=10, extra=()):
    """Per query id: the shown results, each (id, [ids it stands for])."""
    env = dict(os.environ, IIO_INDEX=index)
    run = {}
    for qid, q in queries:
        out = json.loads(subprocess.run([BIN + "/iio-search", "--json", "-n", str(k), *extra, "--", q],
                                        capture_output=True, text=True, env=env).stdout or '{"results":[]}')
        run[qid] = [(r["id"], [r["id"]] + [p["id"] for p in r.get("passages") or []]) for r in out["results"]]
    return run


def run_fts5(records, queries, op, k=10):
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table r using fts5(id unindexed, title, text, tokenize='unicode61 remove_diacritics 2')")
    db.executemany("insert into r values (?, ?, ?)", [(r["id"], r["title"], r["text"]) for r in records])
    run = {}
    for qid, q in queries:
        match = f" {op} ".join('"' + w.replace('"', '""') + '"' for w in plain_words(q))
        try:
            rows = db.execute("select id from r where r match ? order by bm25(r) limit ?", (match, k)).fetchall()
        except sqlite3.OperationalError:
            rows = []
        run[qid] = [(x[0], [x[0]]) for x in rows]
    return run


def run_xapian(tmp, records, queries):
    recfile = os.path.join(tmp, "records.jsonl")
    with open(recfile, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    qfile = os.path.join(tmp, "queries.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        for qid, q in queries:
            f.write(" ".join(plain_words(q)) + "\n")
    dbdir = os.path.join(tmp, "xapian")
    lines = sh(os.path.join(HERE, "xapian-peer"), dbdir, recfile, qfile).split("\n")
    return {qid: [(x, [x]) for x in line.split("\t") if x] for (qid, q), line in zip(queries, lines)}


def all_runs(tmp, index, records, queries):
    return {
        "iio-search": run_iio(index, queries),
        "plain Xapian": run_xapian(tmp, records, queries),
        "SQLite FTS5 OR": run_fts5(records, queries, "OR"),
        "SQLite FTS5 AND": run_fts5(records, queries, "AND"),
    }


def tmpdir():
    return tempfile.mkdtemp(prefix="iio-relevance-")
