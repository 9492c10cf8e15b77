// xapian-perf - plain Xapian as a typical wrapper uses it, the peer of the
// performance benchmark (bench/perf/run): TermGenerator with
// Stem("dutch") and its defaults (positions, STEM_SOME), the record as
// document data, its type as a boolean term; QueryParser with the same
// stemmer, AND as default operator, type: as a boolean filter prefix.
//
//   xapian-perf index DB CORPUS.jsonl       build DB; prints docs/s
//   xapian-perf search DB QUERIES.tsv       per query a JSON line: total, took_us
//   xapian-perf one DB QUERY                open, search, print the top 10 ids (cold start)
//   xapian-perf page DB QUERIES.tsv         the search page's work: the top 10 with
//                                           MSet::snippet over the stored body (200
//                                           bytes), ValueCountMatchSpy on type, level and
//                                           subject over every match; with a type filter
//                                           (4th column), the type counted again without it
//   xapian-perf snippets DB QUERIES.tsv     the command line's work: the top 10 with
//                                           MSet::snippet, nothing counted
//
// A search is timed from parsing to the data of the 10 results fetched, as
// a result page needs them. Bench code (C++ is allowed here).
#include "../xapian-bench.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

using Clock = std::chrono::steady_clock;

static int index_corpus(const char *db, const char *corpus)
{
	Xapian::WritableDatabase wdb(db, Xapian::DB_CREATE_OR_OVERWRITE);
	auto t0 = Clock::now();
	unsigned long n = index_jsonl(wdb, corpus, [](json_t *r, const std::string &line, Xapian::Document &doc,
						       Xapian::TermGenerator &tg) {
		const char *title = json_string_value(json_object_get(r, "title"));
		const char *body = json_string_value(json_object_get(r, "body"));
		const char *type = json_string_value(json_object_get(r, "type"));
		tg.index_text(title ? title : "", 1, "S");
		tg.index_text(title ? title : "");
		tg.increase_termpos();
		tg.index_text(body ? body : "");
		if (type)
			doc.add_boolean_term(std::string("XT") + type);
		/* The facet values the page counts: type, level, subject. */
		const char *facet[3] = {"type", "level", "subject"};
		for (unsigned v = 0; v < 3; v++) {
			const char *s = json_string_value(json_object_get(r, facet[v]));
			if (s)
				doc.add_value(v, s);
		}
		doc.add_boolean_term(std::string("Q") + json_string_value(json_object_get(r, "id")));
		doc.set_data(line);
	});
	double s = std::chrono::duration<double>(Clock::now() - t0).count();
	std::printf("{\"docs\":%lu,\"seconds\":%.3f,\"docs_per_s\":%.1f}\n", n, s, n / s);
	return 0;
}

static Xapian::Query parse(Xapian::QueryParser &qp, const std::string &words, const std::string &type)
{
	Xapian::Query q = qp.parse_query(words, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE);
	if (type != "-" && !type.empty())
		q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query("XT" + type));
	return q;
}

static Xapian::QueryParser parser(Xapian::Database &db)
{
	Xapian::QueryParser qp = dutch_parser(db);
	qp.set_default_op(Xapian::Query::OP_AND);
	return qp;
}

/* A line of QUERIES.tsv: kind, the query as iio-search takes it, its
 * words as Xapian's QueryParser takes them, the type filter ("-": none). */
struct query_line {
	std::string kind, iq, words, type;
};

static query_line split_query_line(const std::string &line)
{
	query_line q;
	std::istringstream f(line);
	std::getline(f, q.kind, '\t');
	std::getline(f, q.iq, '\t');
	std::getline(f, q.words, '\t');
	std::getline(f, q.type, '\t');
	return q;
}

/* What a timed query found: its total, the bytes of its results' data,
 * and (for the page, else -1) the facet values counted. */
struct found {
	unsigned total;
	size_t bytes;
	long values;
};

/* Runs every query of QUERIES with RUN(db, qp, words, type) and prints a
 * JSON line for each: kind, what it found, and the time it took. */
template <typename Run>
static int each_query(const char *dbpath, const char *queries, Run run)
{
	Xapian::Database db(dbpath);
	Xapian::QueryParser qp = parser(db);
	std::ifstream in(queries);
	std::string line;
	while (std::getline(in, line)) {
		query_line q = split_query_line(line);
		auto t0 = Clock::now();
		found f = run(db, qp, q.words, q.type);
		double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
		std::printf("{\"kind\":\"%s\",\"total\":%u,\"took_us\":%.1f,\"bytes\":%zu", q.kind.c_str(), f.total, us,
			    f.bytes);
		if (f.values >= 0)
			std::printf(",\"values\":%ld", f.values);
		std::printf("}\n");
	}
	return 0;
}

static int search(const char *dbpath, const char *queries)
{
	return each_query(dbpath, queries,
			  [](Xapian::Database &db, Xapian::QueryParser &qp, const std::string &words, const std::string &type) {
				  Xapian::Enquire enq(db);
				  enq.set_query(parse(qp, words, type));
				  Xapian::MSet m = enq.get_mset(0, 10);
				  size_t bytes = 0;
				  for (auto it = m.begin(); it != m.end(); ++it)
					  bytes += it.get_document().get_data().size();
				  return found{m.get_matches_estimated(), bytes, -1};
			  });
}

/* The search page's work for one query (see the usage above); without
 * FACETS the command line's: the top 10 with snippets, nothing counted. */
static found page_query(Xapian::Database &db, Xapian::QueryParser &qp, const Xapian::Stem &stem,
			const std::string &words, const std::string &type, bool facets)
{
	Xapian::Enquire enq(db);
	Xapian::ValueCountMatchSpy types(0), levels(1), subjects(2);
	if (facets) {
		enq.add_matchspy(&types);
		enq.add_matchspy(&levels);
		enq.add_matchspy(&subjects);
	}
	enq.set_query(parse(qp, words, type));
	Xapian::MSet m = enq.get_mset(0, 10, facets ? db.get_doccount() : 0);
	size_t bytes = 0;
	long values = 0;
	for (auto it = m.begin(); it != m.end(); ++it) {
		json_t *r = json_loads(it.get_document().get_data().c_str(), 0, nullptr);
		const char *body = r ? json_string_value(json_object_get(r, "body")) : nullptr;
		bytes += m.snippet(body ? body : "", 200, stem).size();
		json_decref(r);
	}
	for (auto *spy : {&types, &levels, &subjects})
		for (auto v = spy->values_begin(); v != spy->values_end(); ++v)
			values++;
	if (facets && type != "-" && !type.empty()) {
		/* The type's alternatives: counted without its filter. */
		Xapian::Enquire again(db);
		Xapian::ValueCountMatchSpy all_types(0);
		again.add_matchspy(&all_types);
		again.set_query(parse(qp, words, "-"));
		again.get_mset(0, 0, db.get_doccount());
		for (auto v = all_types.values_begin(); v != all_types.values_end(); ++v)
			values++;
	}
	return found{m.get_matches_estimated(), bytes, values};
}

static int page(const char *dbpath, const char *queries, bool facets)
{
	Xapian::Stem stem("dutch");
	return each_query(dbpath, queries,
			  [&stem, facets](Xapian::Database &db, Xapian::QueryParser &qp, const std::string &words,
					  const std::string &type) { return page_query(db, qp, stem, words, type, facets); });
}

static int one(const char *dbpath, const char *query)
{
	Xapian::Database db(dbpath);
	Xapian::QueryParser qp = parser(db);
	Xapian::Enquire enq(db);
	enq.set_query(parse(qp, query, "-"));
	Xapian::MSet m = enq.get_mset(0, 10);
	for (auto it = m.begin(); it != m.end(); ++it) {
		json_t *r = json_loads(it.get_document().get_data().c_str(), 0, nullptr);
		std::printf("%s\n", r ? json_string_value(json_object_get(r, "id")) : "?");
		json_decref(r);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		std::fprintf(stderr, "usage: xapian-perf index DB CORPUS.jsonl | search DB QUERIES.tsv | page DB QUERIES.tsv | snippets DB QUERIES.tsv | one DB QUERY\n");
		return 2;
	}
	try {
		std::string cmd = argv[1];
		if (cmd == "index")
			return index_corpus(argv[2], argv[3]);
		if (cmd == "search")
			return search(argv[2], argv[3]);
		if (cmd == "one")
			return one(argv[2], argv[3]);
		if (cmd == "page")
			return page(argv[2], argv[3], true);
		if (cmd == "snippets")
			return page(argv[2], argv[3], false);
	} catch (const Xapian::Error &e) {
		std::fprintf(stderr, "xapian-perf: %s\n", e.get_description().c_str());
		return 2;
	}
	std::fprintf(stderr, "xapian-perf: unknown command %s\n", argv[1]);
	return 2;
}
