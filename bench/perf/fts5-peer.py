#!/usr/bin/env python3
"""fts5-peer.py - SQLite FTS5 as the peer of the performance benchmark:
unicode61 remove_diacritics 2, ranked by bm25(), the record stored.

  fts5-peer.py index DB CORPUS.jsonl     build DB (optimized); prints docs/s
  fts5-peer.py search DB QUERIES.tsv     per query a JSON line: total, took_us

Every word of a query is quoted and all are required (a phrase stays a
phrase); a type filter is a WHERE on an unindexed column. A search is timed
from the statement to the 10 best rows fetched, body included."""
import json
import sqlite3
import sys
import time


def fts_query(words):
    out, phrase = [], False
    for part in words.split('"'):
        if phrase and part.strip():
            out.append('"%s"' % part.strip())
        elif not phrase:
            out += ['"%s"' % w for w in part.split()]
        phrase = not phrase
    return " AND ".join(out)


def index(db, corpus):
    con = sqlite3.connect(db)
    con.execute("DROP TABLE IF EXISTS docs")
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, type UNINDEXED, title, body, "
                "tokenize='unicode61 remove_diacritics 2')")
    t0 = time.perf_counter()
    n = 0
    with open(corpus, encoding="utf-8") as f:
        rows = []
        for line in f:
            r = json.loads(line)
            rows.append((r["id"], r["type"], r["title"], r["body"]))
            if len(rows) == 10000:
                con.executemany("INSERT INTO docs VALUES (?,?,?,?)", rows)
                n += len(rows)
                rows = []
        con.executemany("INSERT INTO docs VALUES (?,?,?,?)", rows)
        n += len(rows)
    con.execute("INSERT INTO docs(docs) VALUES('optimize')")
    con.commit()
    s = time.perf_counter() - t0
    con.execute("VACUUM")
    con.close()
    print(json.dumps({"docs": n, "seconds": round(s, 3), "docs_per_s": round(n / s, 1)}))


def search(db, queries):
    con = sqlite3.connect(db)
    with open(queries, encoding="utf-8") as f:
        for line in f:
            kind, _, words, typ = line.rstrip("\n").split("\t")
            q = fts_query(words)
            sql = "SELECT id, title, body FROM docs WHERE docs MATCH ?"
            args = [q]
            if typ != "-":
                sql += " AND type = ?"
                args.append(typ)
            sql += " ORDER BY bm25(docs) LIMIT 10"
            t0 = time.perf_counter()
            try:
                rows = con.execute(sql, args).fetchall()
            except sqlite3.OperationalError:
                rows = []
            us = (time.perf_counter() - t0) * 1e6
            print(json.dumps({"kind": kind, "results": len(rows), "took_us": round(us, 1)}))


def main():
    cmd, db, arg = sys.argv[1:4]
    {"index": index, "search": search}[cmd](db, arg)


if __name__ == "__main__":
    main()
