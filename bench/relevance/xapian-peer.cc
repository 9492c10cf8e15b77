// xapian-peer - the plain-Xapian baseline of the relevance benchmark: Xapian
// as a typical wrapper uses it. TermGenerator with Stem("dutch") indexes
// title and text; QueryParser with the same stemmer (STEM_SOME, its default
// operator) parses each query's plain words.
//
//   xapian-peer DBDIR RECORDS.jsonl QUERIES.txt    -> per query a line of top-10 ids
//
// Bench code (C++ is allowed here): not part of the product.
#include "../xapian-bench.h"

#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char **argv)
{
	if (argc != 4) {
		std::cerr << "usage: xapian-peer DBDIR RECORDS.jsonl QUERIES.txt\n";
		return 2;
	}
	try {
		Xapian::WritableDatabase wdb(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
		index_jsonl(wdb, argv[2], [](json_t *r, const std::string &, Xapian::Document &doc, Xapian::TermGenerator &tg) {
			tg.index_text(json_string_value(json_object_get(r, "title")) ?: "");
			tg.increase_termpos();
			tg.index_text(json_string_value(json_object_get(r, "text")) ?: "");
			doc.set_data(json_string_value(json_object_get(r, "id")) ?: "");
		});
		Xapian::Database db(argv[1]);
		Xapian::QueryParser qp = dutch_parser(db);
		std::string line;
		std::ifstream qs(argv[3]);
		while (std::getline(qs, line)) {
			Xapian::Enquire enq(db);
			enq.set_query(qp.parse_query(line));
			Xapian::MSet m = enq.get_mset(0, 10);
			std::string out;
			for (auto it = m.begin(); it != m.end(); ++it)
				out += (out.empty() ? "" : "\t") + it.get_document().get_data();
			std::cout << out << "\n";
		}
	} catch (const Xapian::Error &e) {
		std::cerr << "xapian-peer: " << e.get_description() << "\n";
		return 2;
	}
	return 0;
}
