/* test-places - the places table (indexer/places.h) and its data file,
 * indexer/lexicon/places.tsv: every line two fields, no place twice, every
 * province one of the twelve; places found ignoring case, accents and a
 * municipality's "(gemeente)"; a place two provinces share only with its
 * qualifier; an unknown place noted once. Run from the top of the tree. */
#define _GNU_SOURCE
#include "../../indexer/format.h"
#include "../../indexer/places.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = (*len + 4096 + 1) * 2);
			if (!nb)
				break;
			buf = nb;
		}
		size_t n = fread(buf + *len, 1, cap - *len - 1, f);
		*len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	if (buf)
		buf[*len] = '\0';
	return buf;
}

/* The file itself, line by line, as a person would check it. */
static void file_lines(void)
{
	size_t len = 0, lines = 0, bad = 0, provinces_seen = 0;
	char *text = slurp("indexer/lexicon/places.tsv", &len), *save = NULL;
	int seen[32] = {0};
	ok(text != NULL, "indexer/lexicon/places.tsv is there");
	if (!text)
		return;
	is_int(strcmp(text, iio_places_tsv), 0, "the indexer holds the file as it is (make compiled the current one)");
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		size_t i;
		if (*line == '#')
			continue;
		lines++;
		if (!tab || strchr(tab + 1, '\t') || tab == line || !tab[1]) {
			if (bad++ < 3)
				printf("#   not two fields: '%s'\n", line);
			continue;
		}
		for (i = 0; i < iio_nprovinces && strcmp(iio_provinces[i], tab + 1); i++)
			;
		if (i == iio_nprovinces) {
			if (bad++ < 3)
				printf("#   not a province: '%s'\n", tab + 1);
			continue;
		}
		seen[i] = 1;
	}
	is_int(bad, 0, "every line is PLACE<TAB>PROVINCE, the province one of the twelve as iio_provinces spells it");
	for (size_t i = 0; i < iio_nprovinces; i++)
		provinces_seen += (size_t)seen[i];
	is_int(provinces_seen, 12, "every province has places");
	ok(lines >= 300, "%zu places (the capitals, municipalities over 50,000, the corpus's places, their towns)", lines);
	free(text);
}

static void table(void)
{
	iio_places *p = NULL;
	char *err = NULL;
	static const char *const capitals[][2] = {
		{"Groningen", "Groningen"},       {"Leeuwarden", "Friesland"},    {"Assen", "Drenthe"},
		{"Zwolle", "Overijssel"},         {"Lelystad", "Flevoland"},      {"Arnhem", "Gelderland"},
		{"Utrecht", "Utrecht"},           {"Haarlem", "Noord-Holland"},   {"Den Haag", "Zuid-Holland"},
		{"Middelburg", "Zeeland"},        {"'s-Hertogenbosch", "Noord-Brabant"}, {"Maastricht", "Limburg"},
	};
	ok(iio_places_builtin(&p, &err) == 0, "the compiled-in table parses (%s)", err ? err : "no error");
	free(err);
	if (!p)
		return;
	ok(iio_places_count(p) >= 300, "it lists %zu places", iio_places_count(p));
	for (size_t i = 0; i < sizeof capitals / sizeof capitals[0]; i++)
		is_str(iio_places_province(p, capitals[i][0]), capitals[i][1], "the capital %s", capitals[i][0]);
	is_str(iio_places_province(p, "leeuwarden"), "Friesland", "any case");
	is_str(iio_places_province(p, "Sudwest Fryslan"), "Friesland", "without accents or hyphen");
	is_str(iio_places_province(p, "Súdwest-Fryslân (gemeente)"), "Friesland", "'(gemeente)' after");
	is_str(iio_places_province(p, "Gemeente  Emmen"), "Drenthe", "'Gemeente' before, blanks run together");
	is_str(iio_places_province(p, "Den Bosch"), "Noord-Brabant", "Den Bosch");
	is_str(iio_places_province(p, "\xe2\x80\x99s-Gravenhage"), "Zuid-Holland", "a curly apostrophe");
	is_str(iio_places_province(p, "Hengelo"), "Overijssel", "Hengelo is the town in Overijssel ...");
	is_str(iio_places_province(p, "Hengelo (Gld)"), "Gelderland", "... Hengelo (Gld) the village in Gelderland");
	ok(iio_places_province(p, "Bergen") == NULL, "Bergen, in two provinces, is not guessed");
	is_str(iio_places_province(p, "Bergen (NH)"), "Noord-Holland", "Bergen (NH)");
	is_str(iio_places_province(p, "Bergen (L)"), "Limburg", "Bergen (L)");
	ok(iio_places_province(p, "Atlantis") == NULL, "an unknown place has no province");
	is_int(iio_places_note_unknown(p, "Atlantis"), 1, "an unknown place noted: the first time");
	is_int(iio_places_note_unknown(p, "ATLANTIS"), 0, "... not again, in any spelling");
	is_int(iio_places_note_unknown(p, "Lemurië"), 1, "another one");
	for (int i = 0; i < 300; i++) {
		char name[32];
		snprintf(name, sizeof name, "Nergensdorp %d", i);
		iio_places_note_unknown(p, name);
	}
	is_int(iio_places_note_unknown(p, "lemurie"), 0, "still known after the set grew");
	ok(iio_places_province(p, "Sneek\xff") == NULL, "a place that is not UTF-8 (the readers never give one): unknown");
	is_int(iio_places_note_unknown(p, "Sneek\xff"), 1, "... noted as it is (not taken for a lack of memory)");
	is_int(iio_places_note_unknown(p, "Sneek\xff"), 0, "... once");
	is_int(iio_places_unknown(p), 303, "the distinct unknown places, counted");
	iio_places_free(p);
}

static void parse_error(const char *text, const char *want, const char *what)
{
	iio_places *p = NULL;
	char *err = NULL;
	is_int(iio_places_parse(text, strlen(text), &p, &err), -1, "%s: refused", what);
	ok(p == NULL, "%s: no table", what);
	is_str(err, want, "%s: the error", what);
	free(err);
	iio_places_free(p);
}

static void parser(void)
{
	iio_places *p = NULL;
	char *err = NULL;
	const char *good = "# comment\n\nGoes\tZeeland\r\nFranekeradeel\tFriesland\n";
	is_int(iio_places_parse(good, strlen(good), &p, &err), 0, "comments, blank lines, CRLF");
	is_int(iio_places_count(p), 2, "two places");
	is_str(iio_places_province(p, "Franekeradeel"), "Friesland", "the second");
	is_str(iio_places_province(p, "goes"), "Zeeland", "the first, its CR gone");
	iio_places_free(p);
	free(err);
	parse_error("Sneek\tFryslân\n",
		    "line 1: 'Fryslân' is not one of the twelve provinces (as iio_provinces spells them)",
		    "the file spells Friesland one way (the value records carry)");
	parse_error("Goes\tZeeland\nSneek\n", "line 2: not PLACE<TAB>PROVINCE (two fields)", "one field");
	parse_error("Goes\tZeeland\tNL\n", "line 1: not PLACE<TAB>PROVINCE (two fields)", "three fields");
	parse_error("# x\nGoes\tHolland\n",
		    "line 2: 'Holland' is not one of the twelve provinces (as iio_provinces spells them)", "no province");
	parse_error("Goes\tzeeland\n",
		    "line 1: 'zeeland' is not one of the twelve provinces (as iio_provinces spells them)",
		    "a province spelt otherwise");
	parse_error("Goes\tZeeland\nX\tUtrecht\ngoes\tUtrecht\n",
		    "line 3: the place 'goes' is listed twice (first at line 1, as Zeeland; here as Utrecht)",
		    "a place with two provinces");
	parse_error("Goes\tZeeland\nGOES\tZeeland\n",
		    "line 2: the place 'goes' is listed twice (first at line 1, as Zeeland; here as Zeeland)",
		    "a place twice");
}

static void provinces(void)
{
	is_int(iio_nprovinces, 12, "twelve provinces");
	is_str(iio_province_named("fryslan", 7), "Friesland", "fryslan is Friesland");
	is_str(iio_province_named("noord holland", 13), "Noord-Holland", "a blank for the hyphen");
	is_str(iio_province_named("LIMBURG", 7), "Limburg", "any case");
	ok(iio_province_named("holland", 7) == NULL, "Holland is no province");
	ok(iio_province_named("limburgs", 7) != NULL && iio_province_named("limburgs", 8) == NULL, "by length");
}

int main(void)
{
	subtest("the data file", file_lines);
	subtest("the table", table);
	subtest("the parser", parser);
	subtest("the provinces", provinces);
	return done_testing();
}
