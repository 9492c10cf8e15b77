/* textdoc.c - documents: text, Markdown and HTML files, repaired and split
 * into passages.
 *
 * A document file is one record, plus a record per passage when its
 * metadata describes sections. Metadata comes from a front-matter block at
 * the top of a text file and/or a sidecar file NAME.meta beside it (so the
 * source can stay exactly as it arrived). Besides record keys (id, title,
 * url, typed fields) the metadata holds directives for this reader:
 *
 *   layout: pdf          lines are hard-wrapped PDF output: join words
 *                        hyphenated across line ends and reflow paragraphs
 *   section: HEADING | opens|closes|starts|skip [| TITLE] [| type=TYPE]
 *                        a heading in the text (matched word by word, across
 *                        line breaks, in order); "opens": the text after it
 *                        is its passage; "closes": the text before it (PDF
 *                        extraction often puts headings after their text);
 *                        "starts": a passage begins at this line (which is
 *                        text, not heading), titled TITLE; "skip": a heading
 *                        that is left out and owns nothing
 *   fields: Label=key; Label2=key2
 *                        run-together "Label: value" fields at the start of
 *                        a passage (web pages glue them: "Plaats: NageleIk
 *                        ben...") become typed fields of that passage
 *   drop: PHRASE         remove this phrase from passages (e.g. "Lees verder")
 *
 * Every text goes through the same repair: glyph mojibake, characters,
 * and for PDF layout the line-end hyphenation.
 */
#define _GNU_SOURCE
#include "record.h"

#include "analyze.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_LABELS 16
#define MAX_DROPS 16
#define MAX_HEADING_LINES 8

typedef enum { SEC_OPENS, SEC_CLOSES, SEC_STARTS, SEC_SKIP } sec_kind;

typedef struct section_spec {
	char *heading, *title, *type;
	char *fields[4][2]; /* FIELD=VALUE pairs for the record it opens */
	size_t nfields;
	char *norm;        /* heading as normalized tokens */
	sec_kind kind;
	long line;         /* in the metadata */
	const char *source;
} section_spec;

typedef struct doc_meta {
	int pdf;
	section_spec *sec;
	size_t nsec, capsec;
	char *labels[MAX_LABELS], *label_keys[MAX_LABELS];
	size_t nlabels;
	char *drops[MAX_DROPS];
	size_t ndrops;
	char *lang;
	char *sidecar; /* its file's name: the sections' errors name it */
} doc_meta;

static void meta_free(doc_meta *m)
{
	for (size_t i = 0; i < m->nsec; i++) {
		free(m->sec[i].heading);
		free(m->sec[i].title);
		free(m->sec[i].type);
		free(m->sec[i].norm);
		for (size_t k = 0; k < m->sec[i].nfields; k++) {
			free(m->sec[i].fields[k][0]);
			free(m->sec[i].fields[k][1]);
		}
	}
	free(m->sec);
	for (size_t i = 0; i < m->nlabels; i++) {
		free(m->labels[i]);
		free(m->label_keys[i]);
	}
	for (size_t i = 0; i < m->ndrops; i++)
		free(m->drops[i]);
	free(m->lang);
	free(m->sidecar);
	memset(m, 0, sizeof *m);
}

/* ---- normalized token strings, for matching headings ---- */

typedef struct norm_buf {
	char *s;
	size_t len, cap;
	int oom;
} norm_buf;

static int append_norm(void *ctx, const iio_token *t)
{
	norm_buf *b = ctx;
	if (t->flags & IIO_TOKEN_WHOLE)
		return 0; /* a hyphenated word counts by its parts */
	if (b->len + t->norm_len + 2 > b->cap) {
		size_t cap = (b->len + t->norm_len + 2) * 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->oom = 1;
			return 1;
		}
		b->s = ns;
		b->cap = cap;
	}
	if (b->len)
		b->s[b->len++] = ' ';
	memcpy(b->s + b->len, t->norm, t->norm_len);
	b->len += t->norm_len;
	b->s[b->len] = '\0';
	return 0;
}

/* TEXT as its normalized tokens joined by spaces ("" when none). */
static char *normalized(const char *text)
{
	norm_buf b = {0};
	iio_analyze(NULL, IIO_ANA_DOCUMENT, text, strlen(text), append_norm, &b);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s ? b.s : strdup("");
}

/* ---- metadata ---- */

static int add_section(doc_meta *m, char *value, const char *source, long line, const iio_reader_ops *ops, void *ctx)
{
	section_spec *s;
	char *parts[8] = {0}, *save = NULL, *p;
	size_t n = 0;
	int too_many = 0;

	for (p = strtok_r(value, "|", &save); p && n < 8; p = strtok_r(NULL, "|", &save))
		parts[n++] = iio_trim(p);
	if (n < 2 || !*parts[0]) {
		ops->error(ctx, source, line, "section",
			   "expected 'HEADING | opens|closes|starts|skip [| TITLE] [| type=TYPE] [| field=VALUE ...]'");
		return -1;
	}
	if (m->nsec == m->capsec) {
		section_spec *nv = realloc(m->sec, (m->capsec = m->capsec ? m->capsec * 2 : 16) * sizeof *nv);
		if (!nv)
			return -1;
		m->sec = nv;
	}
	s = &m->sec[m->nsec];
	memset(s, 0, sizeof *s);
	if (!strcmp(parts[1], "opens"))
		s->kind = SEC_OPENS;
	else if (!strcmp(parts[1], "closes"))
		s->kind = SEC_CLOSES;
	else if (!strcmp(parts[1], "starts"))
		s->kind = SEC_STARTS;
	else if (!strcmp(parts[1], "skip"))
		s->kind = SEC_SKIP;
	else {
		ops->error(ctx, source, line, "section", "the kind must be opens, closes, starts or skip");
		return -1;
	}
	s->heading = strdup(parts[0]);
	s->norm = normalized(parts[0]);
	for (size_t i = 2; i < n; i++) {
		char *eq = strchr(parts[i], '=');
		if (!strncmp(parts[i], "type=", 5)) {
			s->type = strdup(parts[i] + 5);
		} else if (eq && eq > parts[i] && strspn(parts[i], "abcdefghijklmnopqrstuvwxyz_") == (size_t)(eq - parts[i])) {
			/* FIELD=VALUE: a field of the record (role=Innovatiebrigadier) */
			if (s->nfields == sizeof s->fields / sizeof s->fields[0]) {
				too_many = 1;
				continue;
			}
			*eq = '\0';
			s->fields[s->nfields][0] = strdup(parts[i]);
			s->fields[s->nfields][1] = strdup(iio_trim(eq + 1));
			s->nfields++; /* freed with the spec, NULLs too */
		} else {
			s->title = strdup(parts[i]);
		}
	}
	s->line = line;
	s->source = source;
	m->nsec++;
	if (too_many) {
		ops->error(ctx, source, line, "section", "at most 4 field=VALUE pairs");
		return -1;
	}
	for (size_t k = 0; k < s->nfields; k++)
		if (!s->fields[k][0] || !s->fields[k][1])
			return -1;
	if (!s->heading || !s->norm)
		return -1;
	if (!*s->norm) {
		ops->error(ctx, source, line, "section", "the heading has no words to match");
		return -1;
	}
	return 0;
}

static int add_labels(doc_meta *m, char *value, const char *source, long line, const iio_reader_ops *ops, void *ctx)
{
	char *save = NULL;
	for (char *p = strtok_r(value, ";", &save); p; p = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(p, '=');
		if (!eq || m->nlabels == MAX_LABELS) {
			ops->error(ctx, source, line, "fields", "expected 'Label=key; Label=key' (at most 16)");
			return -1;
		}
		*eq = '\0';
		m->labels[m->nlabels] = strdup(iio_trim(p));
		m->label_keys[m->nlabels] = strdup(iio_trim(eq + 1));
		if (!m->labels[m->nlabels] || !m->label_keys[m->nlabels])
			return -1;
		m->nlabels++;
	}
	return 0;
}

/* "key: value" lines of BUF (in place), starting at line FIRST. */
static int parse_meta(iio_record *rec, doc_meta *m, char *buf, long first, const char *source,
		      const iio_reader_ops *ops, void *ctx)
{
	long line = first;
	char *save = NULL;
	const char *rec_source = rec->source;
	int rc = 0;

	rec->source = source; /* errors name the metadata file */
	for (char *l = strtok_r(buf, "\n", &save); l && !rc; l = strtok_r(NULL, "\n", &save), line++) {
		char *colon, *t = iio_trim(l), *key, *value;
		if (!*t || *t == '#')
			continue;
		colon = strchr(t, ':');
		if (!colon) {
			ops->error(ctx, source, line, NULL, "expected 'key: value'");
			rc = -1;
			break;
		}
		*colon = '\0';
		key = iio_trim(t);
		value = iio_trim(colon + 1);
		if (!strcmp(key, "layout")) {
			if (strcmp(value, "pdf") && strcmp(value, "plain")) {
				ops->error(ctx, source, line, "layout", "must be pdf or plain");
				rc = -1;
			}
			m->pdf = !strcmp(value, "pdf");
		} else if (!strcmp(key, "section")) {
			rc = add_section(m, value, source, line, ops, ctx);
		} else if (!strcmp(key, "fields")) {
			rc = add_labels(m, value, source, line, ops, ctx);
		} else if (!strcmp(key, "drop")) {
			if (m->ndrops == MAX_DROPS || !*value) {
				ops->error(ctx, source, line, "drop", "empty, or more than 16 drop lines");
				rc = -1;
			} else if (!(m->drops[m->ndrops++] = strdup(value))) {
				rc = -1;
			}
		} else if (!strcmp(key, "text") || !strcmp(key, "body")) {
			/* The document's text is what follows; a value here would be
			 * dropped (and was leaked: found by tests/fuzz/fuzz-reader). */
			ops->error(ctx, source, line, key, "the text of a document is its body, not a field");
			rc = -1;
		} else {
			rc = iio_record_set(rec, key, value, line, ops, ctx);
		}
	}
	rec->source = rec_source;
	return rc;
}

/* The id a file gets when nothing names one: its base name up to the first
 * dot, lowercased, other characters turned into '-'. */
static char *id_from_path(const char *relpath)
{
	const char *base = strrchr(relpath, '/');
	const char *dot;
	char *id;
	base = base ? base + 1 : relpath;
	dot = strchr(base, '.');
	id = strndup(base, dot ? (size_t)(dot - base) : strlen(base));
	if (!id)
		return NULL;
	for (char *p = id; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
			   *p == '-'))
			*p = '-';
	}
	return id;
}

/* ---- HTML ---- */

static int tag_is(const char *tag, size_t len, const char *name)
{
	size_t n = strlen(name);
	return len >= n && !strncasecmp(tag, name, n) &&
	       (len == n || tag[n] == ' ' || tag[n] == '>' || tag[n] == '/' || tag[n] == '\t' || tag[n] == '\n');
}

/* Value of attribute NAME in TAG[0..len) (the part after '<'), or NULL. */
static char *attr_value(const char *tag, size_t len, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i + n + 1 < len; i++) {
		if ((i == 0 || tag[i - 1] == ' ' || tag[i - 1] == '\t' || tag[i - 1] == '\n') &&
		    !strncasecmp(tag + i, name, n) && tag[i + n] == '=') {
			const char *v = tag + i + n + 1, *end;
			char q = (*v == '"' || *v == '\'') ? *v++ : ' ';
			end = v;
			while (end < tag + len && *end != q && *end != '>' && !(q == ' ' && (*end == '\t' || *end == '\n')))
				end++;
			return strndup(v, (size_t)(end - v));
		}
	}
	return NULL;
}

static void put_entity(FILE *out, const char *ent, size_t len)
{
	static const struct {
		const char *name, *text;
	} named[] = {
		{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xc2\xa0"},
		{"euml", "ë"}, {"eacute", "é"}, {"egrave", "è"}, {"iuml", "ï"}, {"ouml", "ö"}, {"uuml", "ü"},
		{"auml", "ä"}, {"hellip", "…"}, {"rsquo", "’"}, {"lsquo", "‘"}, {"ldquo", "“"}, {"rdquo", "”"},
		{"ndash", "–"}, {"mdash", "—"},
	};
	if (len > 1 && ent[0] == '#') {
		long cp = ent[1] == 'x' || ent[1] == 'X' ? strtol(ent + 2, NULL, 16) : strtol(ent + 1, NULL, 10);
		utf8proc_uint8_t enc[4];
		if (cp > 0 && utf8proc_codepoint_valid((utf8proc_int32_t)cp)) {
			fwrite(enc, 1, (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, enc), out);
			return;
		}
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strlen(named[i].name) == len && !strncmp(named[i].name, ent, len)) {
			fputs(named[i].text, out);
			return;
		}
	fputc('&', out);
	fwrite(ent, 1, len, out);
	fputc(';', out);
}

/* HTML to text: markup stripped, script/style dropped, block elements and
 * headings on lines of their own; the <title> (or first <h1>) and the lang
 * attribute of <html> come back separately. */
static char *html_to_text(const char *html, size_t len, char **title, char **lang)
{
	char *buf = NULL, *h1 = NULL;
	size_t size = 0, i = 0;
	FILE *out = open_memstream(&buf, &size);
	static const char *const blocks[] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
					     "section", "article", "header", "footer", "blockquote", "ul", "ol", "table", "dt", "dd"};

	*title = NULL;
	*lang = NULL;
	if (!out)
		return NULL;
	while (i < len) {
		if (html[i] == '<') {
			const char *tag = html + i + 1;
			const char *end = memchr(tag, '>', len - i - 1);
			size_t tlen;
			int closing;
			if (!end)
				break;
			tlen = (size_t)(end - tag);
			closing = tag[0] == '/';
			if (!strncmp(tag, "!--", 3)) {
				const char *c = memmem(tag, len - i - 1, "-->", 3);
				i = c ? (size_t)(c - html) + 3 : len;
				continue;
			}
			if (!closing && (tag_is(tag, tlen, "script") || tag_is(tag, tlen, "style") || tag_is(tag, tlen, "title") ||
					 tag_is(tag, tlen, "h1"))) {
				const char *name = tag_is(tag, tlen, "script") ? "</script" : tag_is(tag, tlen, "style") ? "</style"
								    : tag_is(tag, tlen, "title") ? "</title" : NULL;
				if (name) {
					const char *c = strcasestr(end, name);
					if (!strcmp(name, "</title") && c && !*title)
						*title = strndup(end + 1, (size_t)(c - end - 1));
					c = c ? strchr(c, '>') : NULL;
					i = c ? (size_t)(c - html) + 1 : len;
					continue;
				}
				if (!h1) {
					const char *c = strcasestr(end, "</h1");
					if (c)
						h1 = strndup(end + 1, (size_t)(c - end - 1));
				}
			}
			if (!closing && tag_is(tag, tlen, "html") && !*lang)
				*lang = attr_value(tag, tlen, "lang");
			for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
				if (tag_is(tag + closing, tlen - (size_t)closing, blocks[b])) {
					fputc('\n', out);
					break;
				}
			i = (size_t)(end - html) + 1;
		} else if (html[i] == '&') {
			const char *semi = memchr(html + i, ';', len - i < 12 ? len - i : 12);
			if (semi) {
				put_entity(out, html + i + 1, (size_t)(semi - html - i - 1));
				i = (size_t)(semi - html) + 1;
			} else {
				fputc(html[i++], out);
			}
		} else {
			fputc(html[i] == '\r' || html[i] == '\t' ? ' ' : html[i], out);
			i++;
		}
	}
	if (fclose(out)) {
		free(buf);
		free(h1);
		return NULL;
	}
	if (!*title && h1) {
		*title = h1;
		h1 = NULL;
	}
	free(h1);
	if (*title) {
		/* The title may hold markup or entities of its own. */
		char *t2, *l2;
		char *clean = html_to_text(*title, strlen(*title), &t2, &l2);
		free(t2);
		free(l2);
		free(*title);
		*title = clean;
		if (clean) {
			for (char *p = clean; *p; p++)
				if (*p == '\n')
					*p = ' ';
			memmove(clean, iio_trim(clean), strlen(iio_trim(clean)) + 1);
		}
	}
	return buf;
}

/* ---- passages ---- */

typedef struct boundary {
	size_t start, end;  /* lines of the heading ([start,start) for "starts") */
	const section_spec *spec;
} boundary;

/* Find each section heading in LINE_NORMS, in order. */
static size_t find_boundaries(boundary *out, const doc_meta *m, char *const *line_norms, size_t nlines,
			      const iio_reader_ops *ops, void *ctx)
{
	size_t found = 0, from = 0;
	for (size_t s = 0; s < m->nsec; s++) {
		const section_spec *spec = &m->sec[s];
		size_t hlen = strlen(spec->norm);
		int hit = 0;
		for (size_t i = from; i < nlines && !hit; i++) {
			size_t used = 0;
			for (size_t k = 0; k < MAX_HEADING_LINES && i + k < nlines; k++) {
				size_t l = strlen(line_norms[i + k]);
				if (l == 0)
					continue;
				if (used + (used ? 1 : 0) + l > hlen) {
					/* A "starts" mark names the first words of a line. */
					size_t rest = hlen - used - (used ? 1 : 0);
					if (spec->kind == SEC_STARTS && (!used || spec->norm[used] == ' ') &&
					    !memcmp(spec->norm + hlen - rest, line_norms[i + k], rest) &&
					    line_norms[i + k][rest] == ' ') {
						out[found].start = out[found].end = i;
						out[found].spec = spec;
						from = i + 1;
						found++;
						hit = 1;
					}
					break;
				}
				if (used && spec->norm[used] != ' ')
					break;
				if (memcmp(spec->norm + used + (used ? 1 : 0), line_norms[i + k], l))
					break;
				used += (used ? 1 : 0) + l;
				if (used == hlen) {
					size_t end = i + k + 1;
					/* Lines of punctuation only (a closing quote mark)
					 * after a heading belong to it. */
					while (spec->kind != SEC_STARTS && end < nlines && !*line_norms[end])
						end++;
					out[found].start = i;
					out[found].end = spec->kind == SEC_STARTS ? i : end;
					out[found].spec = spec;
					from = out[found].end == i ? i + 1 : out[found].end;
					found++;
					hit = 1;
					break;
				}
			}
		}
		if (!hit) {
			char msg[400];
			snprintf(msg, sizeof msg, "heading \"%.200s\" not found in the text (after the previous one); "
				 "its passage was not made", spec->heading);
			ops->error(ctx, spec->source, spec->line, "section", msg);
		}
	}
	return found;
}

/* "Wat levert dit op?" -> "wat-levert-dit-op": normalized tokens, at most
 * 60 bytes, cut at a token boundary. */
static char *slug_of(const char *title)
{
	char *n = normalized(title);
	size_t len;
	if (!n)
		return NULL;
	len = strlen(n);
	if (len > 60) {
		len = 60;
		while (len > 0 && n[len] != ' ')
			len--;
		if (len == 0)
			len = 60;
		n[len] = '\0';
	}
	for (char *p = n; *p; p++)
		if (*p == ' ' || !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			*p = '-';
	return n;
}

/* Remove every occurrence of PHRASE from S (in place). */
static void drop_phrase(char *s, const char *phrase)
{
	size_t n = strlen(phrase);
	char *p;
	while ((p = strstr(s, phrase)))
		memmove(p, p + n, strlen(p + n) + 1);
}

/* Split run-together "Label: value" fields off the start of TEXT into REC.
 * The value of a field ends at the next label; the last one where the text
 * visibly starts: a capital glued to a lowercase letter ("NageleIk") or a
 * double space. Returns the rest of the text. */
static const char *split_fields(iio_record *rec, const doc_meta *m, const char *text, const iio_reader_ops *ops,
				void *ctx)
{
	const char *p = text;
	size_t li = 0;
	while (*p == ' ' || *p == '\n')
		p++;
	for (li = 0; li < m->nlabels; li++) {
		size_t ll = strlen(m->labels[li]);
		const char *v, *end = NULL;
		char *value;
		if (strncmp(p, m->labels[li], ll) || p[ll] != ':')
			break; /* fields are optional, but in this order */
		v = p + ll + 1;
		while (*v == ' ')
			v++;
		for (size_t lj = li + 1; lj < m->nlabels && !end; lj++) {
			char probe[80];
			snprintf(probe, sizeof probe, "%s:", m->labels[lj]);
			end = strstr(v, probe);
		}
		if (!end) {
			/* The last field: up to the glued start of the text. */
			const char *q = v;
			end = v + strlen(v);
			for (; *q; q++) {
				if (q > v && q[0] == ' ' && q[1] == ' ') {
					end = q;
					break;
				}
				if (q > v && q[-1] >= 'a' && q[-1] <= 'z' && q[0] >= 'A' && q[0] <= 'Z') {
					end = q;
					break;
				}
				if (*q == '\n') {
					end = q;
					break;
				}
			}
		}
		value = strndup(v, (size_t)(end - v));
		if (!value)
			return p;
		if (iio_record_set(rec, m->label_keys[li], iio_trim(value), rec->line, ops, ctx) == 0)
			p = end;
		free(value);
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return p;
}

typedef struct doc_ctx {
	const char *relpath;
	const char *parent_id, *parent_url;
	const doc_meta *meta;
	const iio_reader_ops *ops;
	void *ctx;
	json_t *slugs; /* slug -> times used */
	size_t width;
	const int *pages; /* the page each line starts on (a PDF), or NULL */
} doc_ctx;

/* Make and emit the passage of LINES[from..to) titled by SPEC. */
static int emit_passage(doc_ctx *d, const section_spec *spec, char *const *lines, size_t from, size_t to)
{
	iio_record rec = {0};
	const char *title = spec->title ? spec->title : spec->heading;
	char *text, *slug, *id = NULL, *more_title = NULL;
	const char *body;
	json_t *used;
	int rc;

	if (from >= to)
		return 0;
	text = d->meta->pdf ? iio_reflow(lines + from, to - from, d->width) : NULL;
	if (!d->meta->pdf) {
		size_t total = 0;
		for (size_t i = from; i < to; i++)
			total += strlen(lines[i]) + 1;
		text = malloc(total + 1);
		if (text) {
			text[0] = '\0';
			for (size_t i = from; i < to; i++) {
				/* A repeated title line (web pages print names twice) is
				 * not text. */
				if (i == from && !strcmp(lines[i], title))
					continue;
				strcat(text, lines[i]);
				strcat(text, "\n");
			}
		}
	}
	slug = slug_of(title);
	if (!text || !slug) {
		free(text);
		free(slug);
		return -1;
	}
	for (size_t k = 0; k < d->meta->ndrops; k++)
		drop_phrase(text, d->meta->drops[k]);
	used = json_object_get(d->slugs, slug);
	if (used) {
		/* A section that goes on after a box or quote: the same id with
		 * -N, and a title that says it goes on, so no two look alike. */
		json_int_t n = json_integer_value(used) + 1;
		json_integer_set(used, n);
		if (asprintf(&id, "%s.%s-%lld", d->parent_id, slug, (long long)n) < 0)
			id = NULL;
		if ((n == 2 ? asprintf(&more_title, "%s (vervolg)", title)
			    : asprintf(&more_title, "%s (vervolg %lld)", title, (long long)n - 1)) < 0)
			more_title = NULL;
		else
			title = more_title;
	} else {
		json_object_set_new(d->slugs, slug, json_integer(1));
		if (asprintf(&id, "%s.%s", d->parent_id, slug) < 0)
			id = NULL;
	}
	rec.source = d->relpath;
	rec.line = spec->line;
	rec.id = id;
	rec.type = strdup(spec->type ? spec->type : "passage");
	rec.title = strdup(title);
	free(more_title);
	rec.fields = json_object();
	/* A passage of a PDF starts on a page: the page is a field, and the
	 * document's URL opens at it. */
	if (d->pages && rec.fields)
		json_object_set_new(rec.fields, "page", json_integer(d->pages[from]));
	if (d->parent_url && d->pages) {
		if (asprintf(&rec.url, "%s#page=%d", d->parent_url, d->pages[from]) < 0)
			rec.url = NULL;
	} else if (d->parent_url &&
		   asprintf(&rec.url, "%s#%s", d->parent_url, strchr(id ? id : "", '.') ? strchr(id, '.') + 1 : slug) < 0) {
		rec.url = NULL;
	}
	free(slug);
	if (!rec.id || !rec.type || !rec.title || !rec.fields) {
		free(text);
		iio_record_clear(&rec);
		return -1;
	}
	for (size_t i = 0; i < spec->nfields; i++)
		if (spec->fields[i][0] && spec->fields[i][1])
			json_object_set_new(rec.fields, spec->fields[i][0], json_string(spec->fields[i][1]));
	json_object_set_new(rec.fields, "parent", json_string(d->parent_id)); /* after: not a field to set */
	body = d->meta->nlabels ? split_fields(&rec, d->meta, text, d->ops, d->ctx) : text;
	rec.text = strdup(iio_trim((char *)body));
	free(text);
	if (!rec.text) {
		iio_record_clear(&rec);
		return -1;
	}
	rc = iio_emit_record(&rec, d->ops, d->ctx);
	return rc;
}

/* Cut LINES into passages at the boundaries. Each stretch of text between
 * two headings belongs to the heading after it if that one "closes", else
 * to the chapter it is in (the last "opens" heading or titled "starts"
 * mark); neighbouring stretches of one owner make one passage. Text before
 * the first heading belongs to the document only. */
static int emit_passages(doc_ctx *d, char *const *lines, size_t nlines, const boundary *b, size_t nb)
{
	const section_spec *chapter = NULL, *run_owner = NULL;
	size_t run_from = 0, run_to = 0;
	int rc = 0;

	for (size_t j = 0; j <= nb && !rc; j++) {
		size_t from = j > 0 ? b[j - 1].end : 0, to = j < nb ? b[j].start : nlines;
		const section_spec *prev = j > 0 ? b[j - 1].spec : NULL, *next = j < nb ? b[j].spec : NULL;
		const section_spec *owner;

		if (prev && (prev->kind == SEC_OPENS || (prev->kind == SEC_STARTS && prev->title)))
			chapter = prev;
		owner = next && next->kind == SEC_CLOSES ? next : chapter;
		if (from >= to)
			continue;
		if (owner && owner == run_owner) {
			run_to = to;
			continue;
		}
		if (run_owner)
			rc = emit_passage(d, run_owner, lines, run_from, run_to);
		run_owner = owner;
		run_from = from;
		run_to = to;
	}
	if (!rc && run_owner)
		rc = emit_passage(d, run_owner, lines, run_from, run_to);
	return rc;
}

/* ---- the reader ---- */

static void reject(const iio_reader_ops *ops, void *ctx, const char *relpath, long line, const char *fmt, const char *arg)
{
	char msg[400];
	snprintf(msg, sizeof msg, fmt, arg);
	ops->error(ctx, relpath, line, NULL, msg);
}

/* Whether the document read into BUF can be indexed: a stream cut short,
 * invalid UTF-8 or a NUL byte (which would end the text there) is
 * reported, and the document (every passage and profile of it too) keeps
 * its last version. */
static int readable(const char *buf, size_t len, int truncated, const char *relpath, const iio_reader_ops *ops,
		    void *ctx)
{
	char msg[96];
	long bad;
	const char *nul;
	if (truncated) {
		reject(ops, ctx, relpath, iio_line_of_offset(buf, (long)len), "%s",
		       "compressed data is truncated or corrupt here; the document was not indexed");
		return 0;
	}
	if ((bad = iio_invalid_utf8_at(buf, len)) >= 0) {
		snprintf(msg, sizeof msg, "invalid UTF-8 at byte %ld", bad);
		ops->error(ctx, relpath, iio_line_of_offset(buf, bad), NULL, msg);
		return 0;
	}
	if ((nul = memchr(buf, '\0', len))) {
		snprintf(msg, sizeof msg, "NUL byte at byte %ld; the document was not read", (long)(nul - buf));
		ops->error(ctx, relpath, iio_line_of_offset(buf, (long)(nul - buf)), NULL, msg);
		return 0;
	}
	return 1;
}

/* The passages of the document PARENT_ID (its LINES) where META's sections
 * open, each emitted as a record. The emitter's status, or -1 when memory
 * ran out. */
static int split_passages(const char *relpath, const char *parent_id, const char *parent_url, doc_meta *meta,
			  char **lines, long nlines, const int *pages, const iio_reader_ops *ops, void *ctx)
{
	char **norms = calloc((size_t)nlines + 1, sizeof *norms);
	boundary *b = malloc((meta->nsec ? meta->nsec : 1) * sizeof *b);
	doc_ctx d = {relpath, parent_id, parent_url, meta, ops, ctx, json_object(), iio_line_width(lines, (size_t)nlines),
		     pages};
	int rc = -1;
	long i;
	for (i = 0; norms && i < nlines; i++)
		if (!(norms[i] = normalized(lines[i])))
			break;
	if (norms && b && d.slugs && i == nlines)
		rc = emit_passages(&d, lines, (size_t)nlines, b, find_boundaries(b, meta, norms, (size_t)nlines, ops, ctx));
	free(b);
	json_decref(d.slugs);
	if (norms)
		iio_lines_free(norms, (size_t)nlines);
	return rc;
}

/* A sidecar's bad byte at OFF of M: reported with its line and the key
 * that line sets, when it sets one. */
static void bad_sidecar_byte(const char *m, long off, const char *what, const char *sidecar,
			     const iio_reader_ops *ops, void *ctx)
{
	long line = iio_line_of_offset(m, off), start = off;
	char key[64] = "", msg[200];
	const char *colon;
	while (start > 0 && m[start - 1] != '\n')
		start--;
	colon = memchr(m + start, ':', (size_t)(off - start));
	if (colon && (size_t)(colon - (m + start)) < sizeof key) {
		memcpy(key, m + start, (size_t)(colon - (m + start)));
		key[colon - (m + start)] = '\0';
	}
	snprintf(msg, sizeof msg, "%s at byte %ld; the document was not indexed (its last good version stays)", what,
		 off);
	ops->error(ctx, sidecar, line, *iio_trim(key) ? iio_trim(key) : NULL, msg);
}

/* The sidecar FULL.meta (without a .gz suffix), if there is one, into REC
 * and META. 0, or -1 after reporting: a sidecar that cannot be read (not a
 * regular file, unreadable, invalid UTF-8, a NUL byte, a bad line) keeps
 * the document from being indexed without it, which would change its id,
 * title or passages; the reader then says the document was not read, so
 * its last good version stays. */
static int read_sidecar(const char *full, const char *relpath, iio_record *rec, doc_meta *meta,
			const iio_reader_ops *ops, void *ctx)
{
	size_t fl = strlen(full), rl = strlen(relpath), mlen;
	int gz = fl > 3 && !strcmp(full + fl - 3, ".gz"), truncated, r = 0;
	char *meta_path = NULL, *sidecar = NULL, *m, *target = NULL;
	struct stat st;
	long bad;
	if (asprintf(&meta_path, "%.*s.meta", (int)(gz ? fl - 3 : fl), full) < 0 ||
	    asprintf(&sidecar, "%.*s.meta", (int)(gz ? rl - 3 : rl), relpath) < 0) {
		ops->error(ctx, relpath, 0, NULL, "out of memory");
		free(meta_path);
		free(sidecar);
		return -1;
	}
	if (!ops->follow_links && iio_inside_corpus(meta_path, sidecar, &target) == 0) {
		char msg[600];
		snprintf(msg, sizeof msg, "a symbolic link to %.400s, outside the corpus: not followed; the document was "
			 "not indexed (its last good version stays)", target);
		ops->error(ctx, sidecar, 0, NULL, msg);
		free(target);
		free(meta_path);
		free(meta->sidecar);
		meta->sidecar = sidecar;
		return -1;
	}
	m = iio_read_source(meta_path, &mlen, &truncated);
	if (!m && errno == ENOENT && !lstat(meta_path, &st))
		errno = ENOLINK; /* a link to nothing: a sidecar, not there to read */
	if (!m && errno != ENOENT) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot read: %s; the document was not indexed (its last good version stays)",
			 iio_read_strerror(errno));
		ops->error(ctx, sidecar, 0, NULL, msg);
		r = -1;
	} else if (m) {
		const char *nul = memchr(m, '\0', mlen);
		if ((bad = iio_invalid_utf8_at(m, mlen)) >= 0)
			bad_sidecar_byte(m, bad, "invalid UTF-8", sidecar, ops, ctx), r = -1;
		else if (nul)
			bad_sidecar_byte(m, (long)(nul - m), "NUL byte", sidecar, ops, ctx), r = -1;
		else
			r = parse_meta(rec, meta, m, 1, sidecar, ops, ctx);
		free(m);
	}
	free(meta_path);
	free(meta->sidecar);
	meta->sidecar = sidecar; /* kept with the sections that name it */
	return r;
}

/* One passage per outline entry of a PDF (OUTLINE[i] starts on page
 * OUTLINE[i].page): from its title's line on that page (or the page's
 * first line when the title is not found there) to the next entry's. */
static int outline_passages(doc_ctx *d, char **lines, size_t nlines, const iio_outline_item *outline, size_t n)
{
	size_t *start = calloc(n + 1, sizeof *start), *skip = calloc(n + 1, sizeof *skip);
	int rc = 0;
	if (!start || !skip) {
		free(start);
		free(skip);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char *want = normalized(outline[i].title);
		size_t first = nlines;
		for (size_t l = i ? start[i - 1] + skip[i - 1] : 0; l < nlines; l++)
			if (d->pages[l] >= outline[i].page) {
				first = l;
				break;
			}
		start[i] = first;
		for (size_t l = first; want && *want && l < nlines && d->pages[l] == outline[i].page; l++) {
			char *got = normalized(lines[l]);
			int same = got && !strcmp(got, want);
			free(got);
			if (same) {
				start[i] = l;
				skip[i] = 1; /* the heading line is the title, not text */
				break;
			}
		}
		free(want);
	}
	start[n] = nlines;
	for (size_t i = 0; i < n && !rc; i++) {
		section_spec spec;
		memset(&spec, 0, sizeof spec);
		spec.heading = outline[i].title;
		spec.kind = SEC_OPENS;
		spec.line = 0;
		if (start[i] + skip[i] < start[i + 1])
			rc = emit_passage(d, &spec, lines, start[i] + skip[i], start[i + 1]);
	}
	free(start);
	free(skip);
	return rc;
}

/* One passage per page, titled "Pagina N". */
static int page_passages(doc_ctx *d, char **lines, size_t nlines)
{
	int rc = 0;
	for (size_t l = 0; l < nlines && !rc;) {
		size_t e = l;
		char title[32];
		section_spec spec;
		while (e < nlines && d->pages[e] == d->pages[l])
			e++;
		snprintf(title, sizeof title, "Pagina %d", d->pages[l]);
		memset(&spec, 0, sizeof spec);
		spec.heading = title;
		spec.kind = SEC_OPENS;
		rc = emit_passage(d, &spec, lines, l, e);
		l = e;
	}
	return rc;
}

/* The rest of a document once its text is LINES (PAGES: the page each
 * starts on, for a PDF): its record (REC: what is known; text already set
 * unless META says PDF layout), then its passages: META's sections, else
 * the PDF's OUTLINE, else (a PDF) one a page. The emitter's status, or -1
 * when memory ran out. */
static int emit_document(iio_record *rec, doc_meta *meta, char **lines, long nlines, const int *pages,
			 const iio_outline_item *outline, size_t noutline, const char *relpath, const char *default_type,
			 const iio_reader_ops *ops, void *ctx)
{
	char *parent_id = NULL, *parent_url = NULL;
	int rc;
	if (meta->pdf && !rec->text)
		rec->text = iio_reflow(lines, (size_t)nlines, iio_line_width(lines, (size_t)nlines));
	if (!rec->text)
		return -1;
	if (pages && strlen(rec->text) > IIO_PDF_MAX_TEXT_BYTES) {
		/* The reader stops at the limit; repair may have added a little. */
		size_t n = IIO_PDF_MAX_TEXT_BYTES;
		while (n > 0 && ((unsigned char)rec->text[n] & 0xC0) == 0x80)
			n--;
		rec->text[n] = '\0';
	}
	if (!rec->title && nlines > 0)
		rec->title = strdup(lines[0]);
	if (!rec->id && !(rec->id = id_from_path(relpath)))
		return -1;
	if (!rec->type && !(rec->type = strdup(default_type)))
		return -1;
	parent_id = strdup(rec->id);
	parent_url = rec->url ? strdup(rec->url) : NULL;
	if (!parent_id || (rec->url && !parent_url)) {
		free(parent_id);
		return -1;
	}
	rc = iio_emit_record(rec, ops, ctx);
	if (!rc && meta->nsec) {
		rc = split_passages(relpath, parent_id, parent_url, meta, lines, nlines, pages, ops, ctx);
	} else if (!rc && pages && nlines > 0) {
		doc_ctx d = {relpath, parent_id, parent_url, meta, ops, ctx, json_object(),
			     iio_line_width(lines, (size_t)nlines), pages};
		rc = !d.slugs ? -1
		     : noutline ? outline_passages(&d, lines, (size_t)nlines, outline, noutline)
				: page_passages(&d, lines, (size_t)nlines);
		json_decref(d.slugs);
	}
	free(parent_id);
	free(parent_url);
	return rc;
}

int iio_read_textdoc(const char *full, const char *relpath, int html, const char *default_type,
		     const iio_reader_ops *ops, void *ctx)
{
	iio_record rec = {0};
	doc_meta meta = {0};
	iio_repair_stats scratch = {0}, *stats = ops->stats ? ops->stats : &scratch;
	size_t len = 0, body_off = 0;
	long nlines = 0;
	size_t n = 0;
	int truncated, rc = 0;
	char *buf = iio_read_source(full, &len, &truncated);
	char *html_text = NULL, *html_title = NULL, *repaired = NULL, *chars = NULL;
	char **lines = NULL;
	const char *body;

	rec.source = relpath;
	rec.line = 1;
	if (!buf) {
		reject(ops, ctx, relpath, 0, "cannot read: %s", iio_read_strerror(errno));
		return -1;
	}
	if (!readable(buf, len, truncated, relpath, ops, ctx))
		goto done;
	rec.fields = json_object();
	if (!rec.fields)
		goto oom;
	body = buf;
	if (html) {
		html_text = html_to_text(buf, len, &html_title, &meta.lang);
		if (!html_text)
			goto oom;
		body = html_text;
		if (html_title && *html_title)
			rec.title = strdup(html_title);
		if (meta.lang)
			json_object_set_new(rec.fields, "lang", json_string(meta.lang));
	} else if (!strncmp(buf, "---\n", 4)) {
		char *end = strstr(buf + 4, "\n---");
		if (!end) {
			ops->error(ctx, relpath, 1, NULL, "front matter opened with '---' is never closed");
			goto done;
		}
		*end = '\0';
		body_off = (size_t)(end - buf) + 4;
		while (body_off < len && buf[body_off] != '\n')
			body_off++;
		if (body_off < len)
			body_off++;
		if (parse_meta(&rec, &meta, buf + 4, 2, relpath, ops, ctx))
			goto done;
		body = buf + body_off;
	}
	if (read_sidecar(full, relpath, &rec, &meta, ops, ctx)) {
		rc = -1; /* not read: its records keep their last version */
		goto done;
	}
	repaired = iio_repair_glyphs(body, strlen(body), ops->lexicon, stats);
	chars = repaired ? iio_repair_chars(repaired, strlen(repaired)) : NULL;
	if (!chars)
		goto oom;
	if (iio_repair_lines(&lines, &n, chars, meta.pdf, stats))
		goto oom;
	nlines = (long)n;
	if (!meta.pdf) {
		rec.text = chars;
		chars = NULL;
	}
	rc = emit_document(&rec, &meta, lines, nlines, NULL, NULL, 0, relpath, default_type, ops, ctx);
	if (rc < 0)
		goto oom;
	goto done;
oom:
	ops->error(ctx, relpath, 0, NULL, "out of memory");
done:
	iio_record_clear(&rec);
	meta_free(&meta);
	if (lines)
		iio_lines_free(lines, (size_t)nlines);
	free(buf);
	free(html_text);
	free(html_title);
	free(repaired);
	free(chars);
	return rc < 0 ? -1 : rc;
}

int iio_emit_pdf_lines(const char *full, const char *relpath, const char *default_type, iio_record *rec, char **lines,
		       long nlines, const int *pages, const iio_outline_item *outline, size_t noutline,
		       const iio_reader_ops *ops, void *ctx)
{
	doc_meta meta = {0};
	const char *meta_title = NULL;
	char *pdf_title = rec->title;
	int rc;
	rec->title = NULL;
	if (read_sidecar(full, relpath, rec, &meta, ops, ctx)) {
		free(pdf_title);
		meta_free(&meta);
		return -1; /* reported; not read: the document keeps its last version */
	}
	meta.pdf = 1; /* a PDF's lines are laid out: reflowed, hyphens joined */
	meta_title = rec->title;
	if (!meta_title)
		rec->title = pdf_title; /* the sidecar's title first, then the PDF's own */
	else
		free(pdf_title);
	rc = emit_document(rec, &meta, lines, nlines, pages, outline, noutline, relpath, default_type, ops, ctx);
	if (rc < 0)
		ops->error(ctx, relpath, 0, NULL, "out of memory");
	meta_free(&meta);
	return rc < 0 ? -1 : rc;
}
