// xapian-peer - the plain-Xapian baseline of the relevance benchmark: Xapian
// as a typical wrapper uses it. TermGenerator with Stem("dutch") indexes
// title and text; QueryParser with the same stemmer (STEM_SOME, its default
// operator) parses each query's plain words.
//
//   xapian-peer DBDIR RECORDS.jsonl QUERIES.txt    -> per query a line of top-10 ids
//
// Bench code (C++ is allowed here): not part of the product.
#include <xapian.h>
#include <jansson.h>

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
		Xapian::TermGenerator tg;
		tg.set_stemmer(Xapian::Stem("dutch"));
		std::ifstream in(argv[2]);
		std::string line;
		while (std::getline(in, line)) {
			json_t *r = json_loads(line.c_str(), 0, nullptr);
			if (!r)
				continue;
			Xapian::Document doc;
			tg.set_document(doc);
			tg.index_text(json_string_value(json_object_get(r, "title")) ?: "");
			tg.increase_termpos();
			tg.index_text(json_string_value(json_object_get(r, "text")) ?: "");
			doc.set_data(json_string_value(json_object_get(r, "id")) ?: "");
			wdb.add_document(doc);
			json_decref(r);
		}
		wdb.commit();
		Xapian::Database db(argv[1]);
		Xapian::QueryParser qp;
		qp.set_stemmer(Xapian::Stem("dutch"));
		qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
		qp.set_database(db);
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
