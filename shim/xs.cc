/* xs.cc - the extern "C" wrapper over libxapian (see xs.h).
 *
 * Every entry point runs its body inside XS_TRY/XS_CATCH, which turns any
 * exception (Xapian::Error does not derive from std::exception, so it is
 * caught separately, then std::bad_alloc, std::exception and ...) into a
 * status and a message stored on the handle. No exception leaves this file.
 */
#include "xs.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

struct xs_db {
	Xapian::Database db;
	std::string err;
	/* A remote shard refused the count weight: count with BM25 at once. */
	std::atomic<bool> count_weight_refused{false};
};

struct xs_wdb {
	Xapian::WritableDatabase db;
	std::string err;
	bool in_txn = false;
};

struct xs_doc {
	Xapian::Document doc;
	std::string err;
};

struct xs_query {
	Xapian::Query q;
	std::string err; /* non-empty: this query is invalid */
};

/* The values of several slots in one (xs_doc_pack_values): for each, the
 * slot number (one byte), the value's length (7 bits a byte, low first,
 * the high bit set on all but the last) and the value. */
/* A weight of nothing for matches that only count (xs_enquire_set_bool).
 * It asks for the within-document frequency, which a posting carries
 * anyway, so that Xapian 1.4 reads each word's own postings and never the
 * list of all documents in place of a word every document holds (which
 * fails across that list's chunks). */
class CountWeight : public Xapian::Weight {
      public:
	CountWeight() { need_stat(WDF); }
	std::string name() const override { return "iio-count"; }
	Xapian::Weight *clone() const override { return new CountWeight; }
	void init(double) override {}
	double get_sumpart(Xapian::termcount, Xapian::termcount, Xapian::termcount) const override { return 0; }
	double get_maxpart() const override { return 0; }
	double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
	double get_maxextra() const override { return 0; }
	std::string serialise() const override { return std::string(); }
	Xapian::Weight *unserialise(const std::string &) const override { return new CountWeight; }
};

class PackSpy : public Xapian::MatchSpy {
	Xapian::valueno pack;
	unsigned slots; /* bit s: count slot s */
	std::map<std::string, Xapian::doccount> counts[32];
	Xapian::doccount total = 0;
	std::string key; /* reused: no allocation per value */

      public:
	PackSpy(Xapian::valueno p, unsigned mask) : pack(p), slots(mask) {}
	void operator()(const Xapian::Document &doc, double) override
	{
		++total;
		if (!slots)
			return; /* a counter: nothing read */
		std::string v = doc.get_value(pack);
		const unsigned char *p = reinterpret_cast<const unsigned char *>(v.data()), *end = p + v.size();
		while (end - p >= 2) {
			unsigned slot = *p++;
			size_t len = 0;
			for (unsigned shift = 0; p < end && shift < 35; shift += 7) {
				len |= static_cast<size_t>(*p & 0x7f) << shift;
				if (!(*p++ & 0x80))
					break;
			}
			if (static_cast<size_t>(end - p) < len)
				break; /* damaged: what it holds is counted */
			if (slot < 32 && (slots & (1u << slot)) && len) {
				key.assign(reinterpret_cast<const char *>(p), len);
				++counts[slot][key];
			}
			p += len;
		}
	}
	Xapian::doccount get_total() const { return total; }
	/* The values of SLOT as ValueCountMatchSpy::top_values_begin lists
	 * them: most frequent first, equal counts in byte order. */
	std::vector<std::pair<std::string, Xapian::doccount>> top(unsigned slot, unsigned max) const
	{
		std::vector<std::pair<std::string, Xapian::doccount>> v;
		if (slot < 32)
			v.assign(counts[slot].begin(), counts[slot].end());
		std::stable_sort(v.begin(), v.end(), [](const std::pair<std::string, Xapian::doccount> &a,
							const std::pair<std::string, Xapian::doccount> &b) {
			return a.second > b.second;
		});
		if (v.size() > max)
			v.resize(max);
		return v;
	}
};

struct xs_enquire {
	xs_db *owner;
	Xapian::Enquire enq;
	Xapian::Weight *weight = nullptr;
	/* The facet slots asked for; their spies (null while the pack counts). */
	std::vector<std::pair<unsigned, Xapian::ValueCountMatchSpy *>> spies;
	int pack_slot = -1;     /* xs_enquire_set_facet_pack */
	bool pack_refused = false; /* a remote shard cannot run the pack's spy */
	PackSpy *pack = nullptr;
	bool counter = false;   /* xs_enquire_add_counter */
	Xapian::ValueCountMatchSpy *count_spy = nullptr; /* the counter where PackSpy is refused */
	std::string err;
	explicit xs_enquire(xs_db *d) : owner(d), enq(d->db) {}
	~xs_enquire()
	{
		delete weight;
		delete pack;
		delete count_spy;
		for (auto &s : spies)
			delete s.second;
	}
};

struct xs_stemmer {
	Xapian::Stem stem;
	std::string err;
};

struct xs_mset {
	xs_db *owner;
	Xapian::MSet mset;
	std::string err;
};

/* Map the exception being handled to a status and message. Called only from
 * inside a catch block; the rethrow sorts the classes (notmuch's idiom). */
static xs_status xs_current_exception(std::string *msg) noexcept
{
	try {
		try {
			throw;
		} catch (const Xapian::DatabaseLockError &e) {
			*msg = e.get_description();
			return XS_DB_LOCKED;
		} catch (const Xapian::DatabaseModifiedError &e) {
			*msg = e.get_description();
			return XS_DB_MODIFIED;
		} catch (const Xapian::DatabaseVersionError &e) {
			*msg = e.get_description();
			return XS_DB_VERSION;
		} catch (const Xapian::DatabaseOpeningError &e) {
			*msg = e.get_description();
			return XS_DB_OPENING;
		} catch (const Xapian::DatabaseCorruptError &e) {
			*msg = e.get_description();
			return XS_DB_CORRUPT;
		} catch (const Xapian::DatabaseError &e) {
			*msg = e.get_description();
			return XS_DB_ERROR;
		} catch (const Xapian::DocNotFoundError &e) {
			*msg = e.get_description();
			return XS_NOT_FOUND;
		} catch (const Xapian::QueryParserError &e) {
			*msg = e.get_description();
			return XS_INVALID_ARGUMENT;
		} catch (const Xapian::WildcardError &e) {
			*msg = e.get_description();
			return XS_INVALID_ARGUMENT;
		} catch (const Xapian::InvalidArgumentError &e) {
			*msg = e.get_description();
			return XS_INVALID_ARGUMENT;
		} catch (const Xapian::InvalidOperationError &e) {
			*msg = e.get_description();
			return XS_INVALID_OPERATION;
		} catch (const Xapian::RangeError &e) {
			*msg = e.get_description();
			return XS_RANGE;
		} catch (const Xapian::NetworkError &e) {
			*msg = e.get_description();
			return XS_NETWORK;
		} catch (const Xapian::FeatureUnavailableError &e) {
			*msg = e.get_description();
			return XS_FEATURE;
		} catch (const Xapian::Error &e) {
			*msg = e.get_description();
			return XS_ERROR;
		} catch (const std::bad_alloc &) {
			*msg = "out of memory";
			return XS_ENOMEM;
		} catch (const std::exception &e) {
			*msg = e.what();
			return XS_ERROR;
		} catch (...) {
			*msg = "unknown C++ exception";
			return XS_ERROR;
		}
	} catch (...) {
		/* Assigning the message itself ran out of memory. */
		return XS_ENOMEM;
	}
}

#define XS_TRY try {
#define XS_CATCH(errstr)                                          \
	}                                                             \
	catch (...)                                                   \
	{                                                             \
		return xs_current_exception(&(errstr));                   \
	}

/* Hand a std::string to C: malloc'd, NUL-terminated. */
static char *xs_strdup(const std::string &s)
{
	char *p = static_cast<char *>(std::malloc(s.size() + 1));
	if (p) {
		std::memcpy(p, s.data(), s.size());
		p[s.size()] = '\0';
	}
	return p;
}

static void xs_set_err(char **err, const std::string &msg)
{
	if (err)
		*err = xs_strdup(msg);
}

/* Open-style constructors report through `char **err`. */
template <typename F>
static xs_status xs_construct(char **err, F f) noexcept
{
	std::string msg;
	if (err)
		*err = nullptr;
	try {
		f();
		return XS_OK;
	} catch (...) {
		xs_status st = xs_current_exception(&msg);
		xs_set_err(err, msg);
		return st;
	}
}

/* Run F; on DatabaseModifiedError reopen the database and run it once more. */
template <typename F>
static void xs_with_retry(Xapian::Database &db, F f)
{
	try {
		f();
	} catch (const Xapian::DatabaseModifiedError &) {
		db.reopen();
		f();
	}
}

/* Hand S to the caller as a malloc'd string (+ length). */
static void xs_out_string(const std::string &s, char **out, size_t *len)
{
	char *p = xs_strdup(s);
	if (!p)
		throw std::bad_alloc();
	*out = p;
	if (len)
		*len = s.size();
}

/* Call CB for every term from BEGIN to END; non-zero from CB stops. */
template <typename It>
static void xs_each_term(It it, const It &end, xs_string_cb cb, void *ctx)
{
	for (; it != end; ++it) {
		std::string s = *it;
		if (cb(ctx, s.data(), s.size()))
			break;
	}
}

extern "C" {

const char *xs_status_string(xs_status st)
{
	switch (st) {
	case XS_OK: return "ok";
	case XS_ENOMEM: return "out of memory";
	case XS_DB_OPENING: return "cannot open database";
	case XS_DB_LOCKED: return "database locked";
	case XS_DB_CORRUPT: return "database corrupt";
	case XS_DB_VERSION: return "unsupported database version";
	case XS_DB_MODIFIED: return "database modified during read";
	case XS_DB_ERROR: return "database error";
	case XS_INVALID_ARGUMENT: return "invalid argument";
	case XS_INVALID_OPERATION: return "invalid operation";
	case XS_NOT_FOUND: return "not found";
	case XS_RANGE: return "out of range";
	case XS_NETWORK: return "network error";
	case XS_FEATURE: return "feature unavailable";
	case XS_ERROR: return "error";
	}
	return "unknown status";
}

void xs_free(void *p) { std::free(p); }

/* ---- read-only databases ---- */

xs_status xs_db_open(xs_db **out, const char *path, char **err)
{
	*out = nullptr;
	return xs_construct(err, [&] {
		std::unique_ptr<xs_db> d(new xs_db);
		d->db = Xapian::Database(path);
		*out = d.release();
	});
}

void xs_db_close(xs_db *db)
{
	if (!db)
		return;
	try {
		db->db.close();
	} catch (...) {
	}
	delete db;
}

const char *xs_db_error(const xs_db *db) { return db->err.c_str(); }

xs_status xs_db_reopen(xs_db *db, int *changed)
{
	XS_TRY
	bool c = db->db.reopen();
	if (changed)
		*changed = c;
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_doccount(xs_db *db, unsigned *out)
{
	XS_TRY
	*out = db->db.get_doccount();
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_termfreq(xs_db *db, const char *term, size_t len, unsigned *out)
{
	XS_TRY
	xs_with_retry(db->db, [&] { *out = db->db.get_termfreq(std::string(term, len)); });
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_docs_with_term(xs_db *db, const char *term, size_t len, const xs_docid *docids, size_t n,
			       unsigned char *has)
{
	XS_TRY
	xs_with_retry(db->db, [&] {
		std::string t(term, len);
		Xapian::PostingIterator p = db->db.postlist_begin(t), end = db->db.postlist_end(t);
		for (size_t i = 0; i < n; i++) {
			if (p != end && *p < docids[i])
				p.skip_to(docids[i]);
			has[i] = p != end && *p == docids[i];
		}
	});
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_find_doc(xs_db *db, const char *term, size_t len, xs_docid *out)
{
	XS_TRY
	bool found = false;
	xs_with_retry(db->db, [&] {
		std::string t(term, len);
		Xapian::PostingIterator p = db->db.postlist_begin(t);
		found = p != db->db.postlist_end(t);
		if (found)
			*out = *p;
	});
	if (!found) {
		db->err = "no document has term '" + std::string(term, len) + "'";
		return XS_NOT_FOUND;
	}
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_get_data(xs_db *db, xs_docid id, char **data, size_t *len)
{
	XS_TRY
	std::string s;
	xs_with_retry(db->db, [&] { s = db->db.get_document(id).get_data(); });
	xs_out_string(s, data, len);
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_get_value(xs_db *db, xs_docid id, unsigned slot, char **val, size_t *len)
{
	XS_TRY
	std::string s;
	xs_with_retry(db->db, [&] { s = db->db.get_document(id).get_value(slot); });
	xs_out_string(s, val, len);
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_get_metadata(xs_db *db, const char *key, char **val, size_t *len)
{
	XS_TRY
	std::string s;
	xs_with_retry(db->db, [&] { s = db->db.get_metadata(key); });
	xs_out_string(s, val, len);
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_spelling(xs_db *db, const char *word, size_t len, unsigned max_edits, char **out)
{
	XS_TRY
	std::string s;
	xs_with_retry(db->db, [&] { s = db->db.get_spelling_suggestion(std::string(word, len), max_edits); });
	xs_out_string(s, out, nullptr);
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_synonyms(xs_db *db, const char *term, size_t len, xs_string_cb cb, void *ctx)
{
	XS_TRY
	std::string t(term, len);
	xs_each_term(db->db.synonyms_begin(t), db->db.synonyms_end(t), cb, ctx);
	return XS_OK;
	XS_CATCH(db->err)
}

/* Every term of D starting with PREFIX, to CB; a failure's message in ERR. */
static xs_status terms_in(const Xapian::Database &d, std::string &err, const char *prefix, size_t len, xs_string_cb cb,
			  void *ctx)
{
	XS_TRY
	std::string p(prefix, len);
	xs_each_term(d.allterms_begin(p), d.allterms_end(p), cb, ctx);
	return XS_OK;
	XS_CATCH(err)
}

xs_status xs_db_terms(xs_db *db, const char *prefix, size_t len, xs_string_cb cb, void *ctx)
{
	return terms_in(db->db, db->err, prefix, len, cb, ctx);
}

xs_status xs_db_terms_freq(xs_db *db, const char *prefix, size_t len, unsigned max, xs_term_freq_cb cb, void *ctx)
{
	XS_TRY
	std::string p(prefix, len);
	unsigned n = 0;
	for (auto it = db->db.allterms_begin(p); it != db->db.allterms_end(p) && n < max; ++it, ++n) {
		std::string s = *it;
		if (cb(ctx, s.data(), s.size(), it.get_termfreq()))
			break;
	}
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_spellings(xs_db *db, xs_term_freq_cb cb, void *ctx)
{
	XS_TRY
	for (auto it = db->db.spellings_begin(); it != db->db.spellings_end(); ++it) {
		std::string s = *it;
		if (cb(ctx, s.data(), s.size(), it.get_termfreq()))
			break;
	}
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_doc_terms(xs_db *db, xs_docid id, xs_doc_term_cb cb, void *ctx)
{
	XS_TRY
	for (auto it = db->db.termlist_begin(id); it != db->db.termlist_end(id); ++it) {
		std::string s = *it;
		if (cb(ctx, s.data(), s.size(), it.get_wdf(), it.positionlist_count()))
			break;
	}
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_db_check(const char *path, unsigned long *errors, char **err)
{
	*errors = 0;
	return xs_construct(err, [&] {
		std::ostringstream sink; /* the details are not needed, only the count */
		*errors = static_cast<unsigned long>(Xapian::Database::check(path, 0, &sink));
	});
}

xs_status xs_db_split_documents(const char *src, const char *const *dst, unsigned n, unsigned id_slot,
				xs_shard_fn shard_of, void *ctx, char **err)
{
	return xs_construct(err, [&] {
		Xapian::Database in(src);
		std::vector<Xapian::WritableDatabase> out;
		for (unsigned k = 0; k < n; k++)
			out.emplace_back(dst[k], Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
		/* Documents in docid order: each part keeps the source's order. */
		for (Xapian::PostingIterator it = in.postlist_begin(""); it != in.postlist_end(""); ++it) {
			Xapian::Document doc = in.get_document(*it);
			std::string id = doc.get_value(id_slot);
			out[shard_of(ctx, id.data(), id.size()) % n].add_document(doc);
		}
		for (auto &w : out) {
			w.commit();
			w.close();
		}
	});
}

xs_status xs_db_copy_tables(const char *src, const char *dst, int tables, char **err)
{
	return xs_construct(err, [&] {
		Xapian::Database in(src);
		Xapian::WritableDatabase out(dst, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
		for (Xapian::TermIterator it = in.metadata_keys_begin(); it != in.metadata_keys_end(); ++it)
			out.set_metadata(*it, in.get_metadata(*it));
		if (tables) {
			for (Xapian::TermIterator it = in.spellings_begin(); it != in.spellings_end(); ++it)
				out.add_spelling(*it, it.get_termfreq());
			for (Xapian::TermIterator k = in.synonym_keys_begin(); k != in.synonym_keys_end(); ++k)
				for (Xapian::TermIterator v = in.synonyms_begin(*k); v != in.synonyms_end(*k); ++v)
					out.add_synonym(*k, *v);
		}
		out.commit();
		out.close();
	});
}

xs_status xs_db_compact(const char *src, const char *dst, char **err)
{
	return xs_construct(err, [&] {
		Xapian::Database in(src);
		in.compact(dst, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::DBCOMPACT_MULTIPASS);
	});
}

xs_status xs_db_merge(const char *const *src, unsigned n, const char *dst, char **err)
{
	return xs_construct(err, [&] {
		Xapian::Database in;
		for (unsigned i = 0; i < n; i++)
			in.add_database(Xapian::Database(src[i]));
		in.compact(dst, Xapian::DBCOMPACT_MULTIPASS);
	});
}

/* ---- writable databases ---- */

xs_status xs_wdb_open(xs_wdb **out, const char *path, xs_open_mode mode, char **err)
{
	*out = nullptr;
	return xs_construct(err, [&] {
		int flags;
		int extra = (mode & XS_NO_SYNC) ? Xapian::DB_NO_SYNC : 0;
		switch (static_cast<xs_open_mode>(mode & ~XS_NO_SYNC)) {
		case XS_CREATE_OR_OVERWRITE: flags = Xapian::DB_CREATE_OR_OVERWRITE; break;
		case XS_CREATE: flags = Xapian::DB_CREATE; break;
		case XS_OPEN: flags = Xapian::DB_OPEN; break;
		default: flags = Xapian::DB_CREATE_OR_OPEN; break;
		}
		std::unique_ptr<xs_wdb> d(new xs_wdb);
		d->db = Xapian::WritableDatabase(path, flags | extra | Xapian::DB_BACKEND_GLASS);
		*out = d.release();
	});
}

xs_status xs_wdb_close(xs_wdb *db)
{
	if (!db)
		return XS_OK;
	xs_status st = XS_OK;
	std::string msg;
	try {
		if (db->in_txn)
			db->db.cancel_transaction();
		db->db.close();
	} catch (...) {
		st = xs_current_exception(&msg);
	}
	delete db;
	return st;
}

const char *xs_wdb_error(const xs_wdb *db) { return db->err.c_str(); }

xs_status xs_wdb_commit(xs_wdb *db)
{
	XS_TRY
	db->db.commit();
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_termfreq(xs_wdb *db, const char *term, size_t len, unsigned *out)
{
	XS_TRY
	*out = db->db.get_termfreq(std::string(term, len));
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_terms(xs_wdb *db, const char *prefix, size_t len, xs_string_cb cb, void *ctx)
{
	return terms_in(db->db, db->err, prefix, len, cb, ctx);
}

xs_status xs_wdb_postings(xs_wdb *db, const char *term, size_t len, xs_docid_cb cb, void *ctx)
{
	XS_TRY
	std::string t(term, len);
	for (Xapian::PostingIterator p = db->db.postlist_begin(t); p != db->db.postlist_end(t); ++p)
		if (cb(ctx, *p))
			break;
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_values(xs_wdb *db, unsigned slot, xs_value_cb cb, void *ctx)
{
	XS_TRY
	for (Xapian::ValueIterator v = db->db.valuestream_begin(slot); v != db->db.valuestream_end(slot); ++v) {
		std::string s = *v;
		if (cb(ctx, v.get_docid(), s.data(), s.size()))
			break;
	}
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_doc_values(xs_wdb *db, xs_docid id, const unsigned *slots, unsigned n, char **vals, size_t *lens)
{
	for (unsigned i = 0; i < n; i++)
		vals[i] = nullptr;
	XS_TRY
	Xapian::Document doc = db->db.get_document(id);
	for (unsigned i = 0; i < n; i++)
		xs_out_string(doc.get_value(slots[i]), &vals[i], &lens[i]);
	return XS_OK;
	} catch (...) {
		for (unsigned i = 0; i < n; i++) {
			std::free(vals[i]);
			vals[i] = nullptr;
		}
		return xs_current_exception(&db->err);
	}
}

xs_status xs_wdb_set_values(xs_wdb *db, xs_docid id, const unsigned *slots, const char *const *vals,
			    const size_t *lens, unsigned n)
{
	XS_TRY
	Xapian::Document doc = db->db.get_document(id);
	for (unsigned i = 0; i < n; i++) {
		if (vals[i])
			doc.add_value(slots[i], std::string(vals[i], lens[i]));
		else
			doc.remove_value(slots[i]);
	}
	db->db.replace_document(id, doc);
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_begin(xs_wdb *db, int flushed)
{
	XS_TRY
	db->db.begin_transaction(flushed != 0);
	db->in_txn = true;
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_commit_transaction(xs_wdb *db)
{
	XS_TRY
	db->in_txn = false;
	db->db.commit_transaction();
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_cancel_transaction(xs_wdb *db)
{
	XS_TRY
	db->in_txn = false;
	db->db.cancel_transaction();
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_doccount(xs_wdb *db, unsigned *out)
{
	XS_TRY
	*out = db->db.get_doccount();
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_add(xs_wdb *db, const xs_doc *doc, xs_docid *out)
{
	XS_TRY
	Xapian::docid id = db->db.add_document(doc->doc);
	if (out)
		*out = id;
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_replace(xs_wdb *db, const char *term, size_t len, const xs_doc *doc)
{
	XS_TRY
	db->db.replace_document(std::string(term, len), doc->doc);
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_delete(xs_wdb *db, const char *term, size_t len)
{
	XS_TRY
	db->db.delete_document(std::string(term, len));
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_set_metadata(xs_wdb *db, const char *key, const char *val, size_t len)
{
	XS_TRY
	db->db.set_metadata(key, std::string(val, len));
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_add_spelling(xs_wdb *db, const char *word, size_t len, unsigned freqinc)
{
	XS_TRY
	db->db.add_spelling(std::string(word, len), freqinc);
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_remove_spelling(xs_wdb *db, const char *word, size_t len, unsigned freqdec)
{
	XS_TRY
	db->db.remove_spelling(std::string(word, len), freqdec);
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_data_of(xs_wdb *db, const char *term, size_t len, char **data, size_t *dlen)
{
	*data = nullptr;
	*dlen = 0;
	XS_TRY
	std::string t(term, len);
	Xapian::PostingIterator p = db->db.postlist_begin(t);
	if (p == db->db.postlist_end(t))
		return XS_NOT_FOUND;
	xs_out_string(db->db.get_document(*p).get_data(), data, dlen);
	return XS_OK;
	XS_CATCH(db->err)
}

xs_status xs_wdb_add_synonym(xs_wdb *db, const char *term, size_t tlen, const char *syn, size_t slen)
{
	XS_TRY
	db->db.add_synonym(std::string(term, tlen), std::string(syn, slen));
	return XS_OK;
	XS_CATCH(db->err)
}

/* ---- documents ---- */

xs_doc *xs_doc_new(void)
{
	try {
		return new xs_doc;
	} catch (...) {
		return nullptr;
	}
}

void xs_doc_free(xs_doc *doc) { delete doc; }

const char *xs_doc_error(const xs_doc *doc) { return doc->err.c_str(); }

static void xs_check_term(const char *term, size_t len)
{
	if (len == 0)
		throw Xapian::InvalidArgumentError("empty term");
	/* glass keys are limited to 245 bytes; Xapian would throw later, at
	 * commit, far from the cause. */
	if (len > 240)
		throw Xapian::InvalidArgumentError("term too long (" + std::to_string(len) +
						   " bytes): " + std::string(term, 40) + "...");
}

xs_status xs_doc_add_posting(xs_doc *doc, const char *term, size_t len, unsigned pos, unsigned wdfinc)
{
	XS_TRY
	xs_check_term(term, len);
	doc->doc.add_posting(std::string(term, len), pos, wdfinc);
	return XS_OK;
	XS_CATCH(doc->err)
}

xs_status xs_doc_add_term(xs_doc *doc, const char *term, size_t len, unsigned wdfinc)
{
	XS_TRY
	xs_check_term(term, len);
	doc->doc.add_term(std::string(term, len), wdfinc);
	return XS_OK;
	XS_CATCH(doc->err)
}

xs_status xs_doc_add_boolean_term(xs_doc *doc, const char *term, size_t len)
{
	XS_TRY
	xs_check_term(term, len);
	doc->doc.add_boolean_term(std::string(term, len));
	return XS_OK;
	XS_CATCH(doc->err)
}

xs_status xs_doc_set_value(xs_doc *doc, unsigned slot, const char *val, size_t len)
{
	XS_TRY
	doc->doc.add_value(slot, std::string(val, len));
	return XS_OK;
	XS_CATCH(doc->err)
}

xs_status xs_doc_pack_values(xs_doc *doc, unsigned pack_slot, unsigned mask)
{
	XS_TRY
	std::string pack;
	for (unsigned s = 0; s < 32; s++) {
		if (!(mask & (1u << s)))
			continue;
		std::string v = doc->doc.get_value(s);
		if (v.empty())
			continue;
		pack += static_cast<char>(s);
		for (size_t n = v.size(); ; n >>= 7) {
			pack += static_cast<char>((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
			if (n <= 0x7f)
				break;
		}
		pack += v;
	}
	if (!pack.empty())
		doc->doc.add_value(pack_slot, pack);
	return XS_OK;
	XS_CATCH(doc->err)
}

xs_status xs_doc_set_data(xs_doc *doc, const char *data, size_t len)
{
	XS_TRY
	doc->doc.set_data(std::string(data, len));
	return XS_OK;
	XS_CATCH(doc->err)
}

size_t xs_sortable_serialise(double v, char *buf)
{
	/* sortable_serialise(double, char*) writes at most 18 bytes and never throws. */
	return Xapian::sortable_serialise_(v, buf);
}

/* ---- queries ---- */

/* Thrown to pass a subquery's error on unchanged. */
struct xs_propagated {
	std::string msg;
};

static xs_query *xs_query_make(const std::function<void(xs_query *)> &f)
{
	xs_query *q;
	try {
		q = new xs_query;
	} catch (...) {
		return nullptr;
	}
	try {
		f(q);
	} catch (const xs_propagated &p) {
		try {
			q->err = p.msg;
		} catch (...) {
			delete q;
			return nullptr;
		}
	} catch (...) {
		std::string msg;
		if (xs_current_exception(&msg) == XS_ENOMEM) {
			delete q;
			return nullptr;
		}
		try {
			q->err = msg.empty() ? "invalid query" : msg;
		} catch (...) {
			delete q;
			return nullptr;
		}
	}
	return q;
}

xs_query *xs_query_term(const char *term, size_t len, unsigned wqf, unsigned pos)
{
	return xs_query_make([&](xs_query *q) {
		if (len == 0)
			throw Xapian::InvalidArgumentError("empty query term");
		q->q = Xapian::Query(std::string(term, len), wqf ? wqf : 1, pos);
	});
}

xs_query *xs_query_match_all(void)
{
	return xs_query_make([](xs_query *q) { q->q = Xapian::Query::MatchAll; });
}

xs_query *xs_query_match_nothing(void)
{
	return xs_query_make([](xs_query *q) { q->q = Xapian::Query::MatchNothing; });
}

xs_query *xs_query_combine(int op, xs_query *const *subs, size_t n, unsigned window)
{
	return xs_query_make([&](xs_query *q) {
		static const Xapian::Query::op ops[] = {
			Xapian::Query::OP_AND, Xapian::Query::OP_OR, Xapian::Query::OP_AND_NOT,
			Xapian::Query::OP_XOR, Xapian::Query::OP_AND_MAYBE, Xapian::Query::OP_FILTER,
			Xapian::Query::OP_NEAR, Xapian::Query::OP_PHRASE, Xapian::Query::OP_ELITE_SET,
			Xapian::Query::OP_SYNONYM, Xapian::Query::OP_MAX,
		};
		if (op < 0 || static_cast<unsigned>(op) >= sizeof ops / sizeof ops[0])
			throw Xapian::InvalidArgumentError("unknown query operator " + std::to_string(op));
		std::vector<Xapian::Query> v;
		v.reserve(n);
		for (size_t i = 0; i < n; i++) {
			if (!subs[i])
				throw Xapian::InvalidArgumentError("null subquery");
			if (!subs[i]->err.empty())
				throw xs_propagated{subs[i]->err};
			v.push_back(subs[i]->q);
		}
		if ((op == XS_OP_AND_NOT || op == XS_OP_AND_MAYBE || op == XS_OP_FILTER) && n < 1)
			throw Xapian::InvalidArgumentError("operator needs at least one subquery");
		q->q = Xapian::Query(ops[op], v.begin(), v.end(), window);
	});
}

/* IN weighing nothing, as OP_FILTER under a posting source of weight 0
 * rather than OP_SCALE_WEIGHT by 0: for a term scaled by 0 that every
 * document holds, Xapian 1.4 reads the list of all documents in the
 * term's place, and where that list spans more than one chunk (document
 * ids with gaps, as after a run that took a record away) it fails with
 * "Unexpected end of posting list". The posting source reads that list
 * as itself. */
static Xapian::Query weightless(const Xapian::Query &in)
{
	Xapian::PostingSource *ps = new Xapian::FixedWeightPostingSource(0);
	return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(ps->release()), in);
}

xs_query *xs_query_scale(const xs_query *in, double factor)
{
	return xs_query_make([&](xs_query *q) {
		if (!in->err.empty())
			throw xs_propagated{in->err};
		q->q = factor == 0 ? weightless(in->q) : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, in->q, factor);
	});
}

xs_query *xs_query_constant(const xs_query *in, double weight)
{
	return xs_query_make([&](xs_query *q) {
		if (!in->err.empty())
			throw xs_propagated{in->err};
		Xapian::PostingSource *ps = new Xapian::FixedWeightPostingSource(weight);
		q->q = Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(ps->release()), in->q);
	});
}

xs_query *xs_query_value_range(unsigned slot, const char *lo, size_t lolen, const char *hi, size_t hilen)
{
	return xs_query_make([&](xs_query *q) {
		if (lo && hi)
			q->q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, std::string(lo, lolen),
					     std::string(hi, hilen));
		else if (lo)
			q->q = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string(lo, lolen));
		else if (hi)
			q->q = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, std::string(hi, hilen));
		else
			throw Xapian::InvalidArgumentError("value range without bounds");
	});
}

xs_query *xs_query_wildcard(const char *prefix, size_t len, unsigned max_expansion)
{
	return xs_query_make([&](xs_query *q) {
		if (len == 0)
			throw Xapian::InvalidArgumentError("empty wildcard prefix");
		q->q = Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, len), max_expansion,
				     Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
	});
}

xs_query *xs_query_expand(xs_db *db, const char *prefix, size_t len, unsigned max_expansion)
{
	return xs_query_make([&](xs_query *q) {
		if (len == 0)
			throw Xapian::InvalidArgumentError("empty wildcard prefix");
		std::string p(prefix, len);
		std::vector<std::pair<Xapian::doccount, std::string>> terms;
		for (auto it = db->db.allterms_begin(p); it != db->db.allterms_end(p); ++it)
			terms.emplace_back(it.get_termfreq(), *it);
		/* The most frequent first, ties by term: the same choice on one
		 * database and on its shards. */
		std::sort(terms.begin(), terms.end(), [](const auto &a, const auto &b) {
			return a.first != b.first ? a.first > b.first : a.second < b.second;
		});
		if (terms.size() > max_expansion)
			terms.resize(max_expansion);
		std::vector<Xapian::Query> subs;
		for (auto &t : terms)
			subs.emplace_back(t.second);
		q->q = Xapian::Query(Xapian::Query::OP_SYNONYM, subs.begin(), subs.end());
	});
}

void xs_query_free(xs_query *q) { delete q; }

const char *xs_query_error(const xs_query *q) { return q->err.empty() ? nullptr : q->err.c_str(); }

xs_status xs_query_terms(const xs_query *q, xs_string_cb cb, void *ctx)
{
	if (!q || !q->err.empty())
		return XS_INVALID_ARGUMENT;
	try {
		for (auto t = q->q.get_unique_terms_begin(); t != q->q.get_unique_terms_end(); ++t) {
			const std::string &s = *t;
			if (cb(ctx, s.data(), s.size()))
				break;
		}
		return XS_OK;
	} catch (const std::bad_alloc &) {
		return XS_ENOMEM;
	} catch (...) {
		return XS_ERROR;
	}
}

static bool any_term(const Xapian::Query &q)
{
	switch (q.get_type()) {
	case Xapian::Query::LEAF_TERM:
	case Xapian::Query::LEAF_MATCH_NOTHING:
		return true;
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_SYNONYM:
	case Xapian::Query::OP_SCALE_WEIGHT:
	case Xapian::Query::OP_AND_MAYBE:
		for (size_t i = 0; i < q.get_num_subqueries(); i++)
			if (!any_term(q.get_subquery(i)))
				return false;
		return true;
	default:
		return false;
	}
}

int xs_query_is_disjunctive(const xs_query *q)
{
	if (!q || !q->err.empty())
		return 0;
	try {
		return any_term(q->q) ? 1 : 0;
	} catch (...) {
		return 0;
	}
}

char *xs_query_describe(const xs_query *q)
{
	try {
		return xs_strdup(q->err.empty() ? q->q.get_description() : "invalid: " + q->err);
	} catch (...) {
		return nullptr;
	}
}

/* ---- searching ---- */

xs_status xs_enquire_new(xs_enquire **out, xs_db *db, char **err)
{
	*out = nullptr;
	return xs_construct(err, [&] { *out = new xs_enquire(db); });
}

void xs_enquire_free(xs_enquire *e) { delete e; }

const char *xs_enquire_error(const xs_enquire *e) { return e->err.c_str(); }

xs_status xs_enquire_set_query(xs_enquire *e, const xs_query *q)
{
	XS_TRY
	if (!q->err.empty()) {
		e->err = q->err;
		return XS_INVALID_ARGUMENT;
	}
	e->enq.set_query(q->q);
	return XS_OK;
	XS_CATCH(e->err)
}

xs_status xs_enquire_set_bm25(xs_enquire *e, double k1, double k2, double k3, double b, double min_normlen)
{
	XS_TRY
	std::unique_ptr<Xapian::BM25Weight> w(new Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
	e->enq.set_weighting_scheme(*w);
	delete e->weight;
	e->weight = w.release();
	return XS_OK;
	XS_CATCH(e->err)
}

xs_status xs_enquire_set_bool(xs_enquire *e)
{
	XS_TRY
	std::unique_ptr<Xapian::Weight> w(e->owner->count_weight_refused ? static_cast<Xapian::Weight *>(new Xapian::BM25Weight())
									 : new CountWeight());
	e->enq.set_weighting_scheme(*w);
	delete e->weight;
	e->weight = w.release();
	return XS_OK;
	XS_CATCH(e->err)
}

xs_status xs_enquire_set_sort(xs_enquire *e, int slot, int descending)
{
	XS_TRY
	if (slot < 0)
		e->enq.set_sort_by_relevance();
	else
		e->enq.set_sort_by_value_then_relevance(static_cast<Xapian::valueno>(slot), descending != 0);
	return XS_OK;
	XS_CATCH(e->err)
}

xs_status xs_enquire_set_sort_relevance_then(xs_enquire *e, unsigned slot)
{
	XS_TRY
	e->enq.set_sort_by_relevance_then_value(slot, false);
	return XS_OK;
	XS_CATCH(e->err)
}

xs_status xs_enquire_set_collapse(xs_enquire *e, int slot)
{
	XS_TRY
	e->enq.set_collapse_key(slot < 0 ? Xapian::BAD_VALUENO : static_cast<Xapian::valueno>(slot), 1);
	return XS_OK;
	XS_CATCH(e->err)
}

xs_status xs_enquire_add_facet(xs_enquire *e, unsigned slot)
{
	XS_TRY
	for (auto &s : e->spies)
		if (s.first == slot)
			return XS_OK;
	if (slot >= 32) {
		e->err = "facet slot " + std::to_string(slot) + " is beyond 31";
		return XS_INVALID_ARGUMENT;
	}
	e->spies.emplace_back(slot, nullptr); /* made for each match (fresh_spies) */
	return XS_OK;
	XS_CATCH(e->err)
}

xs_status xs_enquire_set_facet_pack(xs_enquire *e, unsigned pack_slot)
{
	e->pack_slot = static_cast<int>(pack_slot);
	return XS_OK;
}

xs_status xs_enquire_add_counter(xs_enquire *e)
{
	e->counter = true;
	return XS_OK;
}

/* Whether a PackSpy counts: it reads the packed values, or with no facet
 * asked for nothing at all. */
static bool packed(const xs_enquire *e)
{
	return !e->pack_refused && (e->pack_slot >= 0 || e->spies.empty());
}

/* Facet counts are of one match: a spy counts every get_mset, so each
 * gets fresh ones - one reading the packed values, or one per slot. */
static void fresh_spies(xs_enquire *e)
{
	if (e->spies.empty() && !e->counter)
		return;
	e->enq.clear_matchspies();
	delete e->pack;
	e->pack = nullptr;
	delete e->count_spy;
	e->count_spy = nullptr;
	for (auto &s : e->spies) {
		delete s.second;
		s.second = nullptr;
	}
	if (packed(e)) {
		unsigned mask = 0;
		for (auto &s : e->spies)
			mask |= 1u << s.first;
		e->pack = new PackSpy(static_cast<Xapian::valueno>(e->pack_slot < 0 ? 0 : e->pack_slot), mask);
		e->enq.add_matchspy(e->pack);
		return;
	}
	if (e->spies.empty()) { /* the counter alone: any slot's spy counts every match */
		e->count_spy = new Xapian::ValueCountMatchSpy(0);
		e->enq.add_matchspy(e->count_spy);
	}
	for (auto &s : e->spies) {
		s.second = new Xapian::ValueCountMatchSpy(s.first);
		e->enq.add_matchspy(s.second);
	}
}

/* The match, with fresh spies; where a remote shard refuses the pack's
 * spy (Xapian cannot send it), again with one spy per slot, and where it
 * refuses the count weight, again weighed with BM25. */
static Xapian::MSet spied_mset(xs_enquire *e, unsigned first, unsigned max, unsigned check_at_least)
{
	fresh_spies(e);
	try {
		return e->enq.get_mset(first, max, check_at_least);
	} catch (const Xapian::InvalidArgumentError &) {
		/* A remote shard does not know the count weight. */
		if (!dynamic_cast<CountWeight *>(e->weight))
			throw;
		std::unique_ptr<Xapian::Weight> w(new Xapian::BM25Weight());
		e->enq.set_weighting_scheme(*w);
		delete e->weight;
		e->weight = w.release();
		e->owner->count_weight_refused = true;
		return spied_mset(e, first, max, check_at_least);
	} catch (const Xapian::UnimplementedError &) {
		if (!e->pack)
			throw;
		e->pack_refused = true;
		return spied_mset(e, first, max, check_at_least);
	}
}

xs_status xs_enquire_mset(xs_enquire *e, unsigned first, unsigned max, unsigned check_at_least, xs_mset **out)
{
	*out = nullptr;
	XS_TRY
	std::unique_ptr<xs_mset> m(new xs_mset);
	m->owner = e->owner;
	try {
		m->mset = spied_mset(e, first, max, check_at_least);
	} catch (const Xapian::DatabaseModifiedError &) {
		e->owner->db.reopen();
		m->mset = spied_mset(e, first, max, check_at_least);
	}
	*out = m.release();
	return XS_OK;
	XS_CATCH(e->err)
}

xs_status xs_enquire_facets(xs_enquire *e, unsigned slot, unsigned max, xs_facet_cb cb, void *ctx)
{
	XS_TRY
	for (auto &s : e->spies) {
		if (s.first != slot)
			continue;
		if (e->pack) {
			for (auto &v : e->pack->top(slot, max))
				if (cb(ctx, v.first.data(), v.first.size(), v.second))
					break;
			return XS_OK;
		}
		if (!s.second)
			return XS_OK; /* no match run yet: nothing counted */
		for (auto it = s.second->top_values_begin(max); it != s.second->top_values_end(max); ++it) {
			std::string v = *it;
			if (cb(ctx, v.data(), v.size(), it.get_termfreq()))
				break;
		}
		return XS_OK;
	}
	e->err = "no facet was requested for slot " + std::to_string(slot);
	return XS_INVALID_OPERATION;
	XS_CATCH(e->err)
}

xs_status xs_enquire_facet_seen(xs_enquire *e, unsigned slot, unsigned *seen)
{
	XS_TRY
	for (auto &s : e->spies)
		if (s.first == slot && (e->pack || s.second)) {
			*seen = static_cast<unsigned>(e->pack ? e->pack->get_total() : s.second->get_total());
			return XS_OK;
		}
	e->err = "no facet was requested for slot " + std::to_string(slot);
	return XS_INVALID_OPERATION;
	XS_CATCH(e->err)
}

xs_status xs_enquire_counted(xs_enquire *e, unsigned *seen)
{
	XS_TRY
	Xapian::doccount n = e->pack ? e->pack->get_total()
			     : e->count_spy ? e->count_spy->get_total()
			     : !e->spies.empty() && e->spies[0].second ? e->spies[0].second->get_total()
			     : 0;
	if (!e->pack && !e->count_spy && (e->spies.empty() || !e->spies[0].second)) {
		e->err = "nothing was counted: no counter or facet, or no match run";
		return XS_INVALID_OPERATION;
	}
	*seen = static_cast<unsigned>(n);
	return XS_OK;
	XS_CATCH(e->err)
}

xs_status xs_enquire_matching_terms(xs_enquire *e, xs_docid docid, xs_string_cb cb, void *ctx)
{
	XS_TRY
	xs_each_term(e->enq.get_matching_terms_begin(docid), e->enq.get_matching_terms_end(docid), cb, ctx);
	return XS_OK;
	XS_CATCH(e->err)
}

namespace {
/* Keeps only terms with a given prefix. */
class PrefixDecider : public Xapian::ExpandDecider {
	std::string prefix;

      public:
	explicit PrefixDecider(const std::string &p) : prefix(p) {}
	bool operator()(const std::string &term) const override
	{
		return term.compare(0, prefix.size(), prefix) == 0 && term.size() > prefix.size() + 2;
	}
};
} // namespace

xs_status xs_enquire_expand(xs_enquire *e, xs_docid docid, unsigned max, const char *prefix, xs_string_cb cb,
			    void *ctx)
{
	XS_TRY
	Xapian::RSet rset;
	rset.add_document(docid);
	PrefixDecider decider(prefix);
	Xapian::ESet eset = e->enq.get_eset(max, rset, &decider);
	xs_each_term(eset.begin(), eset.end(), cb, ctx);
	return XS_OK;
	XS_CATCH(e->err)
}

void xs_mset_free(xs_mset *m) { delete m; }

unsigned xs_mset_size(const xs_mset *m) { return m->mset.size(); }

void xs_mset_uncollapsed_matches(const xs_mset *m, unsigned *lower, unsigned *estimated, unsigned *upper)
{
	if (lower)
		*lower = m->mset.get_uncollapsed_matches_lower_bound();
	if (estimated)
		*estimated = m->mset.get_uncollapsed_matches_estimated();
	if (upper)
		*upper = m->mset.get_uncollapsed_matches_upper_bound();
}

xs_status xs_mset_collapse_count(const xs_mset *m, unsigned i, unsigned *count)
{
	std::string ignored;
	XS_TRY
	if (i >= m->mset.size())
		return XS_RANGE;
	*count = static_cast<unsigned>(m->mset[i].get_collapse_count());
	return XS_OK;
	XS_CATCH(ignored)
}

void xs_mset_matches(const xs_mset *m, unsigned *lower, unsigned *estimated, unsigned *upper)
{
	if (lower)
		*lower = m->mset.get_matches_lower_bound();
	if (estimated)
		*estimated = m->mset.get_matches_estimated();
	if (upper)
		*upper = m->mset.get_matches_upper_bound();
}

xs_status xs_mset_item(const xs_mset *m, unsigned i, xs_docid *docid, double *weight, int *percent)
{
	std::string ignored;
	XS_TRY
	if (i >= m->mset.size())
		return XS_RANGE;
	Xapian::MSetIterator it = m->mset[i];
	if (docid)
		*docid = *it;
	if (weight)
		*weight = it.get_weight();
	if (percent)
		*percent = it.get_percent();
	return XS_OK;
	XS_CATCH(ignored)
}

/* Something of the document of item I: GET(document) into *out. The
 * mset's docids stay valid when the database changed under it: read
 * through a reopened handle. */
extern "C++" {
namespace {
template <typename F>
xs_status mset_read(xs_mset *m, unsigned i, char **out, size_t *len, F get)
{
	*out = nullptr;
	*len = 0;
	XS_TRY
	if (i >= m->mset.size()) {
		m->err = "mset item " + std::to_string(i) + " out of range";
		return XS_RANGE;
	}
	std::string s;
	try {
		s = get(m->mset[i].get_document());
	} catch (const Xapian::DatabaseModifiedError &) {
		m->owner->db.reopen();
		s = get(m->owner->db.get_document(*m->mset[i]));
	}
	xs_out_string(s, out, len);
	return XS_OK;
	XS_CATCH(m->err)
}
} // namespace
}


xs_status xs_mset_value(xs_mset *m, unsigned i, unsigned slot, char **val, size_t *len)
{
	return mset_read(m, i, val, len, [slot](const Xapian::Document &d) { return d.get_value(slot); });
}

xs_status xs_mset_data(xs_mset *m, unsigned i, char **data, size_t *len)
{
	return mset_read(m, i, data, len, [](const Xapian::Document &d) { return d.get_data(); });
}

const char *xs_mset_error(const xs_mset *m) { return m->err.c_str(); }

xs_status xs_stemmer_new(xs_stemmer **out, const char *language, char **err)
{
	*out = nullptr;
	return xs_construct(err, [&] {
		std::unique_ptr<xs_stemmer> s(new xs_stemmer);
		s->stem = Xapian::Stem(language);
		*out = s.release();
	});
}

void xs_stemmer_free(xs_stemmer *s) { delete s; }

xs_status xs_stemmer_apply(xs_stemmer *s, const char *word, size_t len, char **out)
{
	XS_TRY
	xs_out_string(s->stem(std::string(word, len)), out, nullptr);
	return XS_OK;
	XS_CATCH(s->err)
}

} /* extern "C" */
