/* test-repair.c - text repair on the raw seed files and on real Dutch
 * prose: garbled lines decode to the right Dutch, clean lines are never
 * touched, line-end hyphenation is joined and real hyphens kept. */
#define _GNU_SOURCE
#include "../../indexer/lex.h"
#include "../../indexer/repair.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const char *shared;

/* Repair one line with the word list. */
static char *glyphs(const iio_lex *lex, const char *line)
{
	iio_repair_stats st = {0};
	return iio_repair_glyphs(line, strlen(line), lex, &st);
}

/* The text of a seed file, NULL when missing. */
static char *slurp(const char *path)
{
	gzFile f = gzopen(path, "rb");
	char *buf;
	size_t cap = 1 << 20, n = 0;
	int r;
	if (!f)
		return NULL;
	buf = malloc(cap);
	while (buf && (r = gzread(f, buf + n, (unsigned)(cap - n - 1))) > 0) {
		n += (size_t)r;
		if (cap - n < 65536) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
			}
			buf = nb;
		}
	}
	gzclose(f);
	if (buf)
		buf[n] = '\0';
	return buf;
}

/* Count lines of TEXT without U+FFFD that repair would change. */
static int changed_clean_lines(const iio_lex *lex, char *text, int *total, char *first, size_t cap)
{
	int changed = 0;
	char *save = NULL;
	*total = 0;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *out;
		if (strstr(line, "\xef\xbf\xbd"))
			continue;
		(*total)++;
		out = glyphs(lex, line);
		if (out && strcmp(out, line)) {
			if (!changed)
				snprintf(first, cap, "%s -> %s", line, out);
			changed++;
		}
		free(out);
	}
	return changed;
}

/* The garbled lines of the seeds decode to Dutch; clean text is left alone. */
static void test_glyphs(const iio_lex *lex)
{
	static const struct {
		const char *raw, *want;
	} garbled[] = {
		/* SlimFit box */
		{"%DVLVVFKROHQ\xef\xbf\xbd" "GLH\xef\xbf\xbd" "ZHUNHQ\xef\xbf\xbd" "YDQXLW\xef\xbf\xbd" "KHW\xef\xbf\xbd" "RUJD-",
		 "Basisscholen die werken vanuit het orga-"},
		{"QLVDWLHSULQFLSH\xef\xbf\xbd" "YDQ\xef\xbf\xbd" "6OLP)LW\xef\xbf\xbd\xef\xbf\xbd" "YHUYDQJHQ\xef\xbf\xbd" "GH\xef\xbf\xbd",
		 "nisatieprincipe van SlimFit  vervangen de "},
		{"UHJXOLHUH\xef\xbf\xbd" "NODVVHQ\xef\xbf\xbd" "GRRU\xef\xbf\xbd\xc2\xb6XQLWV\xc2\xb7\xef\xbf\xbd",
		 "reguliere klassen door \xe2\x80\x98units\xe2\x80\x99 "},
		/* E-klas box: the lost hyphen is a word break, never a guess */
		{"(HQ\xef\xbf\xbd(\xef\xbf\xbd" "NODV\xef\xbf\xbd" "EHVWDDW\xef\xbf\xbd" "XLW\xef\xbf\xbd" "HHQ\xef\xbf\xbd" "ULMN\xef\xbf\xbd" "JHYXOGH\xef\xbf\xbd" "HOHNWUR-",
		 "Een E klas bestaat uit een rijk gevulde elektro-"},
		{"]HOI\xef\xbf\xbd\xef\xbf\xbd'H\xef\xbf\xbd(\xef\xbf\xbd" "NODV\xef\xbf\xbd" "LV\xef\xbf\xbd" "JHYXOG\xef\xbf\xbd" "PHW\xef\xbf\xbd" "VWXGLHZLM]HUV\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd]HOI\xef\xbf\xbd",
		 "zelf  De E klas is gevuld met studiewijzers   zelf "},
		/* ligatures: fl and fi */
		{"VFKROHQ\xef\xbf\xbd" "EUHQJHQ\xef\xbf\xbd" "ZH\xef\xbf\xbd" "LQ\xef\xbf\xbd" "EHZHJLQJ\xef\xbf\xbd" "GRRU\xef\xbf\xbd" "RI\xc3\x81LQH\xef\xbf\xbd" "RQWPRHWLQJHQ\xef\xbf\xbd",
		 "scholen brengen we in beweging door offline ontmoetingen "},
		{"YHUZDFKWLQJHQ\xef\xbf\xbd\xef\xbf\xbd%RYHQGLHQ\xef\xbf\xbd" "LV\xef\xbf\xbd" "HHQ\xef\xbf\xbd" "ORXWHU\xef\xbf\xbd\xc3\x80QDQFLsOH\xef\xbf\xbd" "LP-",
		 "verwachtingen  Bovendien is een louter financi\xc3\xable im-"},
		/* apostrophe glyph */
		{"GHOHQ\xef\xbf\xbd" "OHVXUHQ\xef\xbf\xbd" "PHW\xef\xbf\xbd" "FROOHJD\xc2\xb7V\xef\xbf\xbd" "RS\xef\xbf\xbd" "DIVWDQG\xef\xbf\xbd\xef\xbf\xbd" "ZDW\xef\xbf\xbd",
		 "delen lesuren met collega\xe2\x80\x99s op afstand  wat "},
	};

	for (size_t i = 0; i < sizeof garbled / sizeof garbled[0]; i++) {
		char *out = glyphs(lex, garbled[i].raw);
		is_str(out, garbled[i].want, "garbled line %zu decodes to Dutch", i + 1);
		free(out);
	}
	{
		/* Without a word list nothing can be judged, so nothing changes. */
		iio_repair_stats st = {0};
		char *out = iio_repair_glyphs(garbled[0].raw, strlen(garbled[0].raw), NULL, &st);
		is_str(out, garbled[0].raw, "without a word list the text stays as it is");
		free(out);
	}
	{
		/* Normal text, names, codes and URLs are never touched. */
		const char *clean[] = {"School: R@velijnSchoolprofiel: VOPlaats: Steenbergen",
				       "IIO OCW PO VO ICT CAOP 2010 2015 SlimFit E-klas PAL-student",
				       "www.innovatieimpulsonderwijs.nl info@innovatieimpulsonderwijs.nl",
				       "DE TOEPASSELIJKE REGELGEVING DOOR DE KWALITEIT",
				       "-D_FORTIFY_SOURCE=2 CPPFLAGS DEB_HOST_ARCH_CPU 't 1250 185.",
				       "Vernieuwing vraagt om een \xc6\xaa\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"};
		for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
			char *out = glyphs(lex, clean[i]);
			is_str(out, clean[i], "left alone: %s", clean[i]);
			free(out);
		}
	}

}

static void test_clean_text(const iio_lex *lex)
{
	char path[1024];

	/* Every clean line of the seeds, and of real Dutch prose, stays. */
	{
		static const char *const files[] = {
			"seeds/iio-longread-innoveren-van-binnenuit.txt", "seeds/iio-achtergrond-en-brigadiers.txt",
			"data/nl-prose/debian-faq-nl.txt.gz", "data/nl-prose/manpages-nl.txt.gz",
			"data/nl-prose/pg-gutenberg.txt.gz", "data/nl-prose/gimp-help-nl.txt.gz",
		};
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
			int total = 0, changed;
			char first[600] = "";
			char *text;
			snprintf(path, sizeof path, "%s/%s", shared, files[i]);
			text = slurp(path);
			if (!text) {
				ok(0, "read %s", path);
				continue;
			}
			changed = changed_clean_lines(lex, text, &total, first, sizeof first);
			ok(changed == 0 && total > 15, "%s: none of %d clean lines changed", files[i], total);
			if (changed)
				printf("#   %d changed, first: %s\n", changed, first);
			free(text);
		}
	}

}

static void test_longread(const iio_lex *lex)
{
	char path[1024];

	/* The whole longread: every garbled run decoded but the one heading in
	 * another font. */
	{
		char *text, *out;
		iio_repair_stats st = {0};
		size_t fffd = 0;
		snprintf(path, sizeof path, "%s/seeds/iio-longread-innoveren-van-binnenuit.txt", shared);
		text = slurp(path);
		out = text ? iio_repair_glyphs(text, strlen(text), lex, &st) : NULL;
		for (char *p = out; p && (p = strstr(p, "\xef\xbf\xbd")); p += 3)
			fffd++;
		ok(out && strstr(out, "\xc6\xaa") && fffd == 13, "only the heading in another font keeps its U+FFFD (%zu)", fffd);
		ok(st.glyph_runs > 50 && st.glyph_chars > 4000, "repairs are counted: %lu runs, %lu characters",
		   st.glyph_runs, st.glyph_chars);
		free(text);
		free(out);
	}

}

static void test_layout(void)
{
	/* Characters. */
	{
		const char *in = "o\xef\xac\x83" "ci\xc3\xable \xef\xac\x81lmpjes collega\xe2\x80\x99s \xe2\x80\x98quote\xe2\x80\x99 school\xc2\xa0leider be\xc2\xad" "leid";
		char *out = iio_repair_chars(in, strlen(in));
		is_str(out, "officiële filmpjes collega's \xe2\x80\x98quote\xe2\x80\x99 school leider beleid",
		       "ligatures, apostrophe in a word, NBSP and soft hyphen");
		free(out);
	}


	/* Layout: line-end hyphenation. */
	{
		const char *in = "IIO is een subsidie-\n\nregeling gericht op vernieuwen.\nfunctiedifferen- \ntiatie en\n"
				 "penvoerder E-klas & PAL- \nstudent, Regius College\nhet IIO-\nscholennetwerk\n"
				 "kritisch meedenken en\n-doen heb ik nodig\nwaarin het po-raad en vo-raad\n";
		char **lines;
		iio_repair_stats st = {0};
		size_t n = 0;
		is_int(iio_repair_lines(&lines, &n, in, 1, &st), IIO_IX_OK, "lines of a text");
		is_int((long)n, 7, "empty lines dropped, hyphenated lines joined");
		if (n == 7) {
			is_str(lines[0], "IIO is een subsidieregeling gericht op vernieuwen.", "subsidie- / regeling joined");
			is_str(lines[1], "functiedifferentiatie en", "joined across a trailing space");
			is_str(lines[2], "penvoerder E-klas & PAL-student, Regius College", "after a capital the hyphen is real");
			is_str(lines[3], "het IIO-scholennetwerk", "IIO- / scholennetwerk keeps its hyphen");
			is_str(lines[4], "kritisch meedenken en", "a line ending without a hyphen stays");
			is_str(lines[5], "-doen heb ik nodig", "a line starting with a hyphen stays");
			is_str(lines[6], "waarin het po-raad en vo-raad", "hyphens inside a line stay");
		}
		is_int(st.hyphens_joined, 2, "two hyphenations joined, real hyphens not counted");
		iio_lines_free(lines, n);
	}
	{
		char **lines;
		iio_repair_stats st = {0};
		size_t n = 0;
		iio_repair_lines(&lines, &n, "subsidie-\nregeling\nPlaats: Steenbergen  Collega's\n", 0, &st);
		is_int((long)n, 3, "without PDF layout lines are not joined");
		if (n == 3)
			is_str(lines[2], "Plaats: Steenbergen  Collega's", "and double spaces stay");
		iio_lines_free(lines, n);
	}
	{
		char *lines[] = {"Een lange regel met tekst die doorloopt naar de", "volgende regel.",
				 "Een nieuwe alinea die ook doorloopt tot aan de", "rand van de kolom."};
		char *out = iio_reflow(lines, 4, 48);
		is_str(out, "Een lange regel met tekst die doorloopt naar de volgende regel.\n\n"
			    "Een nieuwe alinea die ook doorloopt tot aan de rand van de kolom.",
		       "reflow: a short line that ends a sentence ends its paragraph");
		free(out);
	}
}

int main(void)
{
	iio_lex *lex = NULL;
	char *err = NULL;

	shared = getenv("IIO_SHARED");
	if (!shared)
		shared = "../shared";
	if (!getenv("IIO_LEXICON") || iio_lex_open(&lex, getenv("IIO_LEXICON"), &err)) {
		printf("Bail out! %s (set IIO_LEXICON; make builds it)\n", err ? err : "no lexicon");
		return 1;
	}
	ok(iio_lex_words(lex) > 300000, "the lexicon holds the OpenTaal word list (%zu words)", iio_lex_words(lex));
	ok(iio_is_known_word(lex, "Financiële", strlen("Financiële")) && iio_is_known_word(lex, "financiele", 10),
	   "lookups fold case and diacritics");
	ok(!iio_is_known_word(lex, "leerlinnkrimp", 13), "an unknown word is unknown");
	test_glyphs(lex);
	test_clean_text(lex);
	test_longread(lex);
	test_layout();
	iio_lex_close(lex);
	return done_testing();
}
