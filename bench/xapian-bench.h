// xapian-bench.h - what the two plain-Xapian peers of the benchmarks
// (bench/perf/xapian-perf, bench/relevance/xapian-peer) do alike, as a
// typical wrapper does it: index a JSONL file one document a record with a
// TermGenerator using Stem("dutch"), and parse queries with a QueryParser
// using the same stemmer (STEM_SOME). Bench code (C++ is allowed here).
#ifndef IIO_BENCH_XAPIAN_BENCH_H
#define IIO_BENCH_XAPIAN_BENCH_H

#include <xapian.h>
#include <jansson.h>

#include <fstream>
#include <string>

// Adds one document to WDB for every record (a JSON object a line) of the
// file PATH; lines that are not JSON are passed over. FILL(record, line,
// doc, tg) puts the record into the document, which TG is set to. Commits
// and returns the number of documents added.
template <typename Fill>
static unsigned long index_jsonl(Xapian::WritableDatabase &wdb, const char *path, Fill fill)
{
	Xapian::TermGenerator tg;
	tg.set_stemmer(Xapian::Stem("dutch"));
	std::ifstream in(path);
	std::string line;
	unsigned long n = 0;
	while (std::getline(in, line)) {
		json_t *r = json_loads(line.c_str(), 0, nullptr);
		if (!r)
			continue;
		Xapian::Document doc;
		tg.set_document(doc);
		fill(r, line, doc, tg);
		wdb.add_document(doc);
		json_decref(r);
		n++;
	}
	wdb.commit();
	return n;
}

// A QueryParser over DB with Stem("dutch") and STEM_SOME.
static inline Xapian::QueryParser dutch_parser(Xapian::Database &db)
{
	Xapian::QueryParser qp;
	qp.set_stemmer(Xapian::Stem("dutch"));
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
	qp.set_database(db);
	return qp;
}

#endif
