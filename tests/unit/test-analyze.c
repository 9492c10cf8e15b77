/* test-analyze.c - the analyzer contract: offsets, normalization, the
 * callback protocol, and that documents and queries get the same terms. */
#define _GNU_SOURCE
#include "../../indexer/analyze.h"
#include "../../indexer/compound.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct collected {
	char out[2048];  /* "norm@start-end/pos " ... */
	int n;
	int stop_after;  /* return non-zero after this many tokens (0: never) */
} collected;

static int collect(void *ctx, const iio_token *t)
{
	collected *c = ctx;
	char buf[300];
	snprintf(buf, sizeof buf, "%s%.*s@%zu-%zu/%u", c->n ? " " : "", (int)t->norm_len, t->norm, t->start, t->end,
		 t->pos);
	strncat(c->out, buf, sizeof c->out - strlen(c->out) - 1);
	c->n++;
	return c->stop_after && c->n >= c->stop_after ? 42 : 0;
}

/* Only the normalized forms. */
static int collect_norm(void *ctx, const iio_token *t)
{
	collected *c = ctx;
	if (t->flags & IIO_TOKEN_WHOLE)
		return 0;
	if (c->n++)
		strncat(c->out, " ", sizeof c->out - strlen(c->out) - 1);
	strncat(c->out, t->norm, t->norm_len < sizeof c->out - strlen(c->out) - 1 ? t->norm_len : 0);
	return 0;
}

static int stem_cb(void *ctx, const iio_token *t)
{
	char *out = ctx;
	if (!out[0])
		snprintf(out, 256, "%.*s", (int)t->stem_len, t->stem);
	return 0;
}

static int parts_cb(void *ctx, const iio_token *t)
{
	char *out = ctx;
	for (size_t i = 0; i < t->nparts; i++) {
		size_t l = strlen(out);
		snprintf(out + l, 256 - l, "%s%.*s", l ? " " : "", (int)t->parts[i].stem_len, t->parts[i].stem);
		/* top-level parts only: up to the one that ends the word */
		if (t->parts[i].norm + t->parts[i].norm_len == t->norm + t->norm_len)
			break;
	}
	return 0;
}

static int flags_cb(void *ctx, const iio_token *t)
{
	char *out = ctx;
	size_t l = strlen(out);
	snprintf(out + l, 512 - l, "%s%.*s@%u:%s", l ? " " : "", (int)t->norm_len, t->norm, t->pos,
		 (t->flags & IIO_TOKEN_WHOLE) ? "whole" : (t->flags & IIO_TOKEN_HYPHEN) ? "part" : (t->flags & IIO_TOKEN_STOP) ? "stop" : "word");
	return 0;
}

static int terms_cb(void *ctx, const iio_token *t)
{
	char *out = ctx;
	size_t l = strlen(out);
	l += (size_t)snprintf(out + l, 2048 - l, "%s%.*s/%.*s/%u/%d", l ? " " : "", (int)t->norm_len, t->norm,
			      (int)t->stem_len, t->stem, t->pos, t->flags);
	for (size_t i = 0; i < t->nparts && l < 2000; i++)
		l += (size_t)snprintf(out + l, 2048 - l, "+%.*s", (int)t->parts[i].stem_len, t->parts[i].stem);
	return 0;
}

static const char *norms(iio_ana_mode mode, const char *text)
{
	static collected c;
	memset(&c, 0, sizeof c);
	iio_analyze(NULL, mode, text, strlen(text), collect_norm, &c);
	return c.out;
}

/* The stem of one word. */
static const char *stem_of(const iio_analyzer *an, const char *word)
{
	static char out[256];
	out[0] = '\0';
	iio_analyze(an, IIO_ANA_QUERY, word, strlen(word), stem_cb, out);
	return out;
}

/* The stems of the top-level compound parts of one word, space-separated. */
static const char *parts_of(const iio_analyzer *an, const char *word)
{
	static char out[256];
	out[0] = '\0';
	iio_analyze(an, IIO_ANA_QUERY, word, strlen(word), parts_cb, out);
	return out;
}

static void flags_of(const iio_analyzer *an, const char *text, char *out, size_t cap)
{
	out[0] = '\0';
	(void)cap;
	iio_analyze(an, IIO_ANA_DOCUMENT, text, strlen(text), flags_cb, out);
}

/* Every term a text makes: norm/stem/parts of each token. */
static const char *terms_of(const iio_analyzer *an, const char *text)
{
	static char out[2048];
	out[0] = '\0';
	iio_analyze(an, IIO_ANA_DOCUMENT, text, strlen(text), terms_cb, out);
	return out;
}

/* The tokenizer without a lexicon: normalization, offsets, positions,
 * the callback contract. */
static void test_tokenizer(void)
{
	collected c;
	int rc;

	memset(&c, 0, sizeof c);
	rc = iio_analyze(NULL, IIO_ANA_DOCUMENT, "Leerlingen, krimp!", 18, collect, &c);
	is_int(rc, 0, "all tokens delivered: returns 0");
	is_str(c.out, "leerlingen@0-10/0 krimp@12-17/1", "tokens, byte offsets and positions");

	is_str(norms(IIO_ANA_DOCUMENT, "creëren coöperatie geïnteresseerd"), "creeren cooperatie geinteresseerd",
	       "diacritics folded");
	is_str(norms(IIO_ANA_DOCUMENT, "InnovatieImpuls ONDERWIJS"), "innovatieimpuls onderwijs", "case folded");
	is_str(norms(IIO_ANA_DOCUMENT, "oﬃciële ﬁlmpjes"), "officiele filmpjes", "ligatures expanded (NFKC)");
	is_str(norms(IIO_ANA_DOCUMENT, "ĳsberg"), "ijsberg", "the ij ligature becomes ij");
	is_str(norms(IIO_ANA_DOCUMENT, "school\xc2\xa0leiders"), "school leiders", "NBSP separates");
	is_str(norms(IIO_ANA_DOCUMENT, "in 2010 en 2015"), "in 2010 en 2015", "numbers are tokens");

	/* Offsets point at the surface form, whatever normalization did. */
	memset(&c, 0, sizeof c);
	iio_analyze(NULL, IIO_ANA_DOCUMENT, "één Ĳs", strlen("één Ĳs"), collect, &c);
	is_str(c.out, "een@0-5/0 ijs@6-9/1", "offsets of accented and ligature forms are byte offsets");

	/* Invalid UTF-8 separates tokens and never crashes. */
	is_str(norms(IIO_ANA_DOCUMENT, "goed\xff\xfeslecht \xc3"), "goed slecht", "invalid bytes separate tokens");
	is_str(norms(IIO_ANA_DOCUMENT, "collega’s auto's"), "collega's auto's", "curly and straight apostrophes alike, inside the word");

	/* The input need not be NUL-terminated: only LEN bytes are read. */
	memset(&c, 0, sizeof c);
	iio_analyze(NULL, IIO_ANA_DOCUMENT, "school leiders", 6, collect, &c);
	is_str(c.out, "school@0-6/0", "explicit length is honoured");

	/* A callback's non-zero value stops tokenizing and is returned. */
	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	rc = iio_analyze(NULL, IIO_ANA_DOCUMENT, "een twee drie vier", 18, collect, &c);
	is_int(rc, 42, "callback value returned");
	is_int(c.n, 2, "no tokens after the stop");

	/* Overlong tokens are skipped but still take a position. */
	{
		char text[400];
		memset(text, 'a', 300);
		strcpy(text + 300, " kort");
		memset(&c, 0, sizeof c);
		iio_analyze(NULL, IIO_ANA_DOCUMENT, text, strlen(text), collect, &c);
		is_str(c.out, "kort@301-305/1", "overlong token skipped, position kept");
	}

	/* iio_normalize_word agrees with the tokenizer. */
	{
		char out[64];
		size_t n = iio_normalize_word("Geïnteresseerd", strlen("Geïnteresseerd"), out, sizeof out);
		is_str(out, "geinteresseerd", "normalize_word");
		is_int(n, 14, "normalize_word length");
		is_int(iio_normalize_word("lang", 4, out, 3), 0, "normalize_word reports a too small buffer");
	}
}

static void test_stems(const iio_analyzer *an)
{
	static const struct {
		const char *a, *b;
	} same_stem[] = {
		{"leraren", "leraar"}, {"werkte", "werken"}, {"gewerkt", "werk"}, {"liep", "lopen"},
		{"gelopen", "loopt"}, {"filmpjes", "filmpje"}, {"innovaties", "innovatie"}, {"scholen", "school"},
		{"grootste", "groot"}, {"creëren", "creeren"}, {"geïnteresseerd", "geinteresseerd"},
		{"kinderen", "kind"}, {"collega's", "collega"}, {"auto's", "auto"}, {"huizen", "huis"},
	};
	static const struct {
		const char *a, *b;
	} different[] = {{"molen", "mol"}, {"regeling", "regel"}, {"beleid", "beleg"}, {"werk", "werkgever"}};
	ok(strstr(iio_analyzer_id(an), IIO_ANALYZER_VERSION) && strstr(iio_analyzer_id(an), "IIOLEX"),
	   "the analyzer id names code and lexicon: %s", iio_analyzer_id(an));
	for (size_t i = 0; i < sizeof same_stem / sizeof *same_stem; i++) {
		char a[64], b[64];
		snprintf(a, sizeof a, "%s", stem_of(an, same_stem[i].a));
		snprintf(b, sizeof b, "%s", stem_of(an, same_stem[i].b));
		is_str(a, b, "%s and %s share a stem", same_stem[i].a, same_stem[i].b);
	}
	for (size_t i = 0; i < sizeof different / sizeof *different; i++) {
		char a[64], b[64];
		snprintf(a, sizeof a, "%s", stem_of(an, different[i].a));
		snprintf(b, sizeof b, "%s", stem_of(an, different[i].b));
		ok(strcmp(a, b) != 0, "%s (%s) and %s (%s) stay apart", different[i].a, a, different[i].b, b);
	}
}

static void test_compounds(const iio_analyzer *an)
{
	is_str(parts_of(an, "leerlingenkrimp"), "leerling krimp", "leerlingenkrimp: leerling(en) + krimp");
	is_str(parts_of(an, "lerarentekort"), "leraar tekort", "lerarentekort: leraar + tekort");
	is_str(parts_of(an, "onderwijsvernieuwing"), "onderwijs vernieuwing", "onderwijsvernieuwing: onderwijs + vernieuwing");
	is_str(parts_of(an, "oorlogsschepen"), "oorlog schip", "oorlogsschepen: oorlog (+s) + schip");
	is_str(parts_of(an, "innovatiebrigadiers"), "innovatie brigadier", "a field word: innovatiebrigadiers");
	is_str(parts_of(an, "onderwijs"), "", "onderwijs is not onder + wijs");
	is_str(parts_of(an, "beleid"), "", "beleid is not split");
	is_str(parts_of(an, "regeling"), "", "regeling is not split");
	is_str(parts_of(an, "leerling"), "", "leerling is not leer + ling");
	is_str(parts_of(an, "varken"), "", "varken is not var + ken");
	is_str(parts_of(an, "bedrijf"), "", "bedrijf is not bed + rijf");
	is_str(parts_of(an, "instructie"), "", "instructie is not split");
	/* The head of a noun compound is a noun: its plural stems as the
	 * noun, not as a verb form that is spelled the same. */
	is_str(parts_of(an, "ploeggenoten"), "ploeg genoot", "ploeggenoten: genoot, not the verb genieten");
	is_str(parts_of(an, "rijkswegen"), "rijk weg", "rijkswegen: weg, not the verb wegen");
	is_str(parts_of(an, "siergewassen"), "sier gewas", "siergewassen: gewas, not the verb wassen");
	is_str(parts_of(an, "taalvaardigheid"), "taal vaardigheid", "a derivation of the whole is no plural: vaardigheid stays");
	is_str(stem_of(an, "genoten"), stem_of(an, "genieten"), "genoten alone is still the verb's");
	/* A part that is a listed noun's plural stems as that noun, though
	 * the lexicon keys the plural to itself (a headword of its own) or to
	 * a verb form. */
	is_str(parts_of(an, "satellietstaten"), "satelliet staat", "satellietstaten: staat (staten is a headword of its own)");
	is_str(parts_of(an, "indexwetten"), "index wet", "indexwetten: wet, not the verb wetten");
	is_str(parts_of(an, "zedendelinquent"), "zede delinquent", "a modifier's plural too: zeden is zede + n");
	is_str(parts_of(an, "deegwaren"), "deeg waar", "deegwaren: waar, not the verb zijn");
	is_str(parts_of(an, "vuursteen"), "vuur steen", "a singular with a plural of its own (stenen) stays: steen, not stee");
	is_str(parts_of(an, "bankwezen"), "bank wezen", "wezen has a plural of its own (wezens): no plural of wees");
	is_str(parts_of(an, "kinderboeken"), "kind boek", "parts the lexicon keys to a noun keep their key");
	is_str(stem_of(an, "groenten"), "groente", "groenten is the plural of groente, not a form of groenen");
	is_str(stem_of(an, "docenten"), "docent", "docenten is still the plural of docent");
	/* After the same modifier, a linking -s- or a head beginning in s:
	 * the commoner head. */
	is_str(parts_of(an, "gelaatstrekken"), "gelaat trek", "gelaat + s + trekken, not gelaat + strekken");
	is_str(parts_of(an, "regeringsleden"), "regering lid", "regering + s + leden, not regering + sleden");
	is_str(parts_of(an, "adelstand"), "adel stand", "adel + stand, not adel + s + tand");
	/* A short dictionary noun seen in text ends a compound after a noun
	 * of four letters or more, though hunspell-nl's flags do not let it
	 * and the dictionary lists the whole word. */
	is_str(parts_of(an, "moedertaal"), "moeder taal", "moedertaal: moeder + taal");
	is_str(parts_of(an, "schooldag"), "school dag", "schooldag: school + dag");
	is_str(parts_of(an, "studiedag"), "studie dag", "studiedag: studie + dag");
	is_str(parts_of(an, "lesdag"), "", "not after a noun of three letters: lesdag stays whole");
	is_str(parts_of(an, "uitleggen"), "", "nor in a verb's form: uitleggen is no uitleg + gen");
	/* A listed derivation of a listed word is not split into parts. */
	is_str(parts_of(an, "gastvrijheid"), "", "gastvrijheid is gastvrij + heid, not gast + vrijheid");
	is_str(parts_of(an, "goedkeuring"), "", "goedkeuring comes from goedkeuren, not goed + keuring");
	is_str(parts_of(an, "waarnemer"), "", "waarnemer comes from waarnemen");
	is_str(parts_of(an, "kwaliteitsverbetering"), "kwaliteit verbetering", "kwaliteitsverbetering is still split");
	/* A short word a general dictionary lists as its own headword is
	 * kept whole; a long one (persconferentie) and one it does not
	 * list (werkvorm) are still split. */
	is_str(parts_of(an, "kampioen"), "", "kampioen (a dictionary headword) is not kam + pioen");
	is_str(parts_of(an, "automaat"), "", "automaat is not auto + maat");
	is_str(parts_of(an, "voertuig"), "", "voertuig is not voer + tuig");
	is_str(parts_of(an, "persconferentie"), "pers conferentie", "a long headword is still split");
	is_str(parts_of(an, "werkvorm"), "werk vorm", "a short compound no dictionary lists is still split");
	/* No invented parts: a word common in running text stays whole
	 * unless its parts are commoner (Koehn and Knight); a verb or
	 * adjective is no compound of nouns; a head is a content word; the
	 * shortest parts must be attested. */
	is_str(parts_of(an, "beslissen"), "", "beslissen is not bes + lissen");
	is_str(parts_of(an, "bestaande"), "", "bestaande is not bes + taande");
	is_str(parts_of(an, "geledingen"), "", "geledingen is not gel + edingen nor gele + dingen");
	is_str(parts_of(an, "aftrekken"), "", "aftrekken is not aft + rekken");
	is_str(parts_of(an, "achteraan"), "", "achteraan is not acht + eraan");
	is_str(parts_of(an, "betrokkenen"), "", "betrokkenen is not betrok + kenen");
	is_str(parts_of(an, "samenwerken"), "", "samenwerken is not same + werk");
	is_str(parts_of(an, "ondersteunen"), "", "a verb: ondersteunen stays whole");
	is_str(parts_of(an, "hoofdzakelijk"), "", "an adjective: hoofdzakelijk stays whole");
	is_str(parts_of(an, "ziekenhuizen"), "zieke huis", "a common compound whose parts are commoner is split");
}

static void test_flags(const iio_analyzer *an)
{
	{
		char pos_out[512];
		flags_of(an, "de E-klas en R@velijn", pos_out, sizeof pos_out);
		is_str(pos_out,
		       "de@0:stop e-klas@1:whole e@1:part klas@2:part en@3:stop r@velijn@4:whole ravelijn@4:whole r@4:part "
		       "velijn@5:part",
		       "hyphenated words and codes: whole plus parts, stopwords flagged, an @ between letters also as a");
	}
	/* A sentence's terms hold the stems and the compounds' parts (the
	 * analyzer reads documents and queries alike: it has no mode). */
	{
		const char *text = "Leerlingenkrimp, lerarentekorten en IIO-scholen creëren filmpjes voor collega’s.";
		const char *d = terms_of(an, text);
		ok(strstr(d, "krimp") && strstr(d, "school") && strstr(d, "film"), "a sentence's terms, with stems and parts: %s", d);
	}
}

/* The joined verbs of a text: "norm/stem@pos<-link" each. */
static int joins_cb(void *ctx, const iio_token *t)
{
	char *out = ctx;
	size_t l = strlen(out);
	if (t->flags & IIO_TOKEN_JOINED)
		snprintf(out + l, 512 - l, "%s%.*s/%.*s@%u<-%zu-%zu", l ? " " : "", (int)t->norm_len, t->norm,
			 (int)t->stem_len, t->stem, t->pos, t->link_start, t->link_end);
	return 0;
}

static const char *joins_of(const iio_analyzer *an, const char *text)
{
	static char out[512];
	out[0] = '\0';
	iio_analyze(an, IIO_ANA_DOCUMENT, text, strlen(text), joins_cb, out);
	return out;
}

static int stop_at_join(void *ctx, const iio_token *t)
{
	(void)ctx;
	return t->flags & IIO_TOKEN_JOINED ? 7 : 0;
}

/* Verbs with a separable particle: the split forms join, the forms
 * written whole and the noun of the verb's stem share its stem. */
static void test_separable(const iio_analyzer *an)
{
	static const char *const uitleg[] = {"uitleggen", "uitgelegd", "uitlegt", "uitlegde", "uitleg"};
	for (size_t i = 0; i < sizeof uitleg / sizeof *uitleg; i++)
		is_str(stem_of(an, uitleg[i]), "uitleg", "%s stems as uitleg (particle + the stem of leggen)", uitleg[i]);
	is_str(joins_of(an, "Zij legt de breuken uit."), "uitleggen/uitleg@4<-4-8",
	       "legt ... uit: uitleggen at the particle's position, linked to the verb");
	is_str(joins_of(an, "Leg het nog eens uit"), "uitleggen/uitleg@4<-0-3", "the imperative joins too");
	is_str(joins_of(an, "Ze probeert het uit te leggen."), "uitleggen/uitleg@5<-16-19",
	       "uit te leggen: at the infinitive's position, linked to the particle");
	is_str(joins_of(an, "Zij liepen weg en kwamen terug"), "weglopen/wegloop@2<-4-10 terugkomen/terugkom@5<-18-24",
	       "strong past forms join, one particle each");
	is_str(joins_of(an, "Hij legt het boek op tafel. Uit de kast haalt hij niets."), "",
	       "no join across a sentence, nor with a preposition (op tafel, uit de kast)");
	is_str(joins_of(an, "Hij legt het boek neer. Uit de kast"), "neerleggen/neerleg@4<-4-8",
	       "the particle of the sentence joins, the next sentence's uit not");
	is_str(joins_of(an, "Hij komt om te helpen"), "", "om te is no particle (omkomen)");
	is_str(joins_of(an, "Hij legt, zoals gezegd, de breuken uit"), "", "a comma ends the clause");
	is_str(joins_of(an, "De boeken liggen op tafel en de scholen doen mee"), "meedoen/meedoen@9<-40-44",
	       "a noun's plural is no verb (boeken, scholen); doen ... mee is");
	is_str(joins_of(an, "Hij legt uit-leggen"), "", "a hyphenated word is no particle");
	ok(iio_analyze(an, IIO_ANA_DOCUMENT, "Zij legt het uit", 16, stop_at_join, NULL) == 7,
	   "a callback's stop on the joined token (delivered at the end of the text) is returned");
	is_str(joins_of(NULL, "Zij legt de breuken uit."), "", "no lexicon, no joins");
}

/* Every token of an analysis as text: forms, stems, offsets, position,
 * flags, the joined verb's link and the parts. */
static int write_token(void *ctx, const iio_token *t)
{
	FILE *f = ctx;
	fprintf(f, "%.*s|%.*s|%zu-%zu|%u|%d|%zu-%zu", (int)t->norm_len, t->norm, (int)t->stem_len, t->stem, t->start,
		t->end, t->pos, t->flags, t->link_start, t->link_end);
	for (size_t i = 0; i < t->nparts; i++)
		fprintf(f, "|%.*s/%.*s", (int)t->parts[i].norm_len, t->parts[i].norm, (int)t->parts[i].stem_len,
			t->parts[i].stem);
	fputc('\n', f);
	return 0;
}

static char *token_text(const iio_analyzer *an, iio_word_memo *memo, const char *text, size_t len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	if (!f)
		return NULL;
	iio_analyze_memo(an, memo, IIO_ANA_DOCUMENT, text, len, write_token, f);
	fclose(f);
	return buf;
}

/* The contents of the file at IIO_TOP/REL (NULL if unreadable). */
static char *slurp(const char *rel, size_t *len)
{
	char path[4096], *buf = NULL;
	const char *top = getenv("IIO_TOP");
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", top ? top : ".", rel);
	if (!(f = fopen(path, "rb")))
		return NULL;
	if ((buf = malloc(1 << 20)))
		buf[*len = fread(buf, 1, (1 << 20) - 1, f)] = '\0';
	fclose(f);
	return buf;
}

/* The word memo changes no token: cold, warm, with compounds, joined
 * verbs, hyphens and long words, and handed another analyzer. */
static void test_memo(const iio_analyzer *an)
{
	static const char mixed[] = "Zij legt de leerlingenkrimp uit. Leerlingenkrimp, lerarentekort en e-klas! "
				    "De vmbo-t-leerlingen leggen het uit; zij legt het nog eens uit. Ploeggenoten "
				    "en rijkswegen, café, CAFÉ, auto's, R@velijn, kinderdagverblijfmedewerkersopleidingen.";
	size_t len = 0;
	char *text = slurp("corpus/documents/iio-longread-innoveren-van-binnenuit.txt", &len);
	iio_word_memo *memo = iio_word_memo_new();
	const char *texts[] = {mixed, text};
	size_t lens[] = {sizeof mixed - 1, len};
	ok(text && len > 10000, "a long Dutch text to analyze (%zu bytes)", len);
	ok(memo != NULL, "a memo");
	for (size_t i = 0; memo && text && i < 2; i++) {
		char *plain = token_text(an, NULL, texts[i], lens[i]);
		char *cold = token_text(an, memo, texts[i], lens[i]);
		char *warm = token_text(an, memo, texts[i], lens[i]);
		char *bare = token_text(NULL, NULL, texts[i], lens[i]);
		char *other = token_text(NULL, memo, texts[i], lens[i]);
		char *again = token_text(an, memo, texts[i], lens[i]);
		ok(plain && strlen(plain) > 100, "text %zu has tokens", i);
		ok(plain && cold && !strcmp(plain, cold), "text %zu: the same tokens through a new memo", i);
		ok(plain && warm && !strcmp(plain, warm), "text %zu: the same tokens through a warm memo", i);
		ok(bare && other && strcmp(bare, plain) && !strcmp(bare, other),
		   "text %zu: a memo handed an analyzer without lexicon forgets the other's words", i);
		ok(plain && again && !strcmp(plain, again), "text %zu: and back, the lexicon's tokens again", i);
		free(plain);
		free(cold);
		free(warm);
		free(bare);
		free(other);
		free(again);
	}
	iio_word_memo_free(memo);
	free(text);
}

/* The splitter's choices (iio_compound_opts): the shipped ones, and others
 * set on an analyzer of its own, as bench/ud-eval --folds does. */
static void test_compound_choices(const char *path)
{
	iio_analyzer *an = NULL;
	iio_compound_opts o;
	char *err = NULL;
	if (iio_analyzer_open(&an, path, &err)) {
		ok(0, "open a second analyzer: %s", err);
		free(err);
		return;
	}
	is_str(parts_of(an, "legbatterijen"), "leg batterij", "a verb stem of three letters begins a compound: legbatterijen");
	is_str(parts_of(an, "eetmalen"), "eet maal", "eetmalen: eet + maal");
	is_str(parts_of(an, "interviews"), "", "an inflected form is no part: interviews is not int + views");
	is_str(parts_of(an, "aangezien"), "", "a function word is no part: aangezien is not aan + zien");
	is_str(parts_of(an, "meegevraagd"), "", "a particle is no part: meegevraagd is not mee + gevraagd");
	is_str(parts_of(an, "televisie"), "", "a modifier and its linker make no prefix: televisie is not tel + e + visie");
	iio_compound_defaults(&o);
	o.min_part = 4;
	{
		iio_word_memo *memo = iio_word_memo_new();
		char *before = token_text(an, memo, "legbatterijen", 13), *after, *plain;
		iio_analyzer_set_compound(an, &o);
		after = token_text(an, memo, "legbatterijen", 13);
		plain = token_text(an, NULL, "legbatterijen", 13);
		ok(before && after && plain && strcmp(before, after) && !strcmp(after, plain),
		   "a memo kept across other splitter choices forgets what the old ones split");
		free(before);
		free(after);
		free(plain);
		iio_word_memo_free(memo);
	}
	is_str(parts_of(an, "legbatterijen"), "", "with other choices (min_part 4) the analyzer splits otherwise");
	iio_analyzer_set_compound(an, NULL);
	is_str(parts_of(an, "legbatterijen"), "leg batterij", "and NULL restores the shipped choices");
	iio_compound_defaults(&o);
	o.plural_parts = 0;
	o.linker_freq = 0;
	o.noun_heads = 0;
	iio_analyzer_set_compound(an, &o);
	is_str(parts_of(an, "satellietstaten"), "satelliet staten", "without plural_parts a part keeps the lexicon's stem");
	is_str(parts_of(an, "gelaatstrekken"), "gelaat strek", "without linker_freq the longer head wins");
	is_str(parts_of(an, "moedertaal"), "", "without noun_heads a short head needs hunspell-nl's flag");
	iio_analyzer_set_compound(an, NULL);
	iio_analyzer_close(an);
}

/* Every Dutch function word of the stopword table is found in it (the
 * table is searched by bsearch: one out of order hides its neighbours, as
 * "had" and "wordt" once were), and a content word is not. */
static void test_stopwords(void)
{
	static const char *const words[] = {
		"aan", "al", "alle", "alles", "als", "ben", "bent", "bij", "dan", "dat", "de", "deze", "die", "dit",
		"doch", "door", "dus", "een", "eens", "en", "er", "ge", "geen", "haar", "had", "hadden", "heb", "hebben",
		"hebt", "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "ik", "in", "is", "je", "jij", "jou", "jouw",
		"kan", "kon", "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet",
		"niets", "nog", "nu", "of", "om", "omdat", "ons", "onze", "ook", "op", "over", "te", "tegen", "toch",
		"toen", "tot", "u", "uit", "uw", "van", "veel", "voor", "want", "waren", "was", "wat", "we", "wel", "werd",
		"wie", "wij", "worden", "wordt", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zou", "zouden",
	};
	char missed[256] = "";
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!iio_is_stopword(words[i], strlen(words[i])))
			snprintf(missed + strlen(missed), sizeof missed - strlen(missed), " %s", words[i]);
	is_str(missed, "", "every function word of the table is a stopword");
	ok(!iio_is_stopword("leraar", 6) && !iio_is_stopword("word", 4), "content words are no stopwords");
}

int main(void)
{
	const char *path = getenv("IIO_LEXICON");
	iio_analyzer *an = NULL;
	char *err = NULL;

	test_tokenizer();
	test_stopwords();
	/* With the lexicon: stems, compounds, stopwords, hyphenated words. */
	if (!path || iio_analyzer_open(&an, path, &err)) {
		ok(0, "open the analyzer with the lexicon (IIO_LEXICON=%s): %s", path ? path : "", err ? err : "");
		return done_testing();
	}
	test_stems(an);
	test_compounds(an);
	test_flags(an);
	test_separable(an);
	test_memo(an);
	test_compound_choices(path);
	iio_analyzer_close(an);
	return done_testing();
}
