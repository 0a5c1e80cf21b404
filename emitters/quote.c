/*
 * quote.c - escaping input strings for HCL, Bicep, JSON, Markdown and
 * HTML, and deriving unique names from input names.
 *
 * Invariants: every function accepts arbitrary bytes and appends valid
 * UTF-8 (invalid sequences become U+FFFD). Nothing an input string holds
 * can end the literal, start an interpolation or a template directive,
 * or start a new Markdown block. Names are derived deterministically: the
 * same key and the same sequence of calls give the same names.
 */
#include "quote.h"

#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"

#define REPLACEMENT "\xEF\xBF\xBD"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	unsigned cp;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/*
 * Walk s: a run of plain bytes (ASCII that ascii() would copy as it is
 * whatever surrounds it) is copied at once, other ASCII bytes go to
 * ascii(), each valid multi-byte sequence is copied, each invalid byte
 * becomes U+FFFD. Runs are most of the text (ids, names): copied byte
 * by byte, they were most of the time that quoting took.
 */
static void
walk(struct strbuf *sb, const char *s, bool (*plain)(const char *, size_t),
    void (*ascii)(struct strbuf *, const char *, size_t *))
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, j, n;

	while (u[i] != '\0') {
		for (j = i; u[j] != '\0' && plain(s, j); j++)
			;
		if (j > i) {
			sb_putn(sb, s + i, j - i);
			i = j;
			continue;
		}
		if (u[i] < 0x80) {
			ascii(sb, s, &i);
			continue;
		}
		n = utf8_len(u + i);
		if (n == 0) {
			sb_puts(sb, REPLACEMENT);
			i++;
		} else {
			sb_putn(sb, s + i, n);
			i += n;
		}
	}
}

/* Printable ASCII, a space included. */
static bool
printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7F;
}

static bool
hcl_plain(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	return printable(c) && c != '\\' && c != '"' && c != '$' && c != '%';
}

static void
hcl_ascii(struct strbuf *sb, const char *s, size_t *i)
{
	char c = s[*i];

	if (sb_common_escape(c) != NULL) {
		sb_puts(sb, sb_common_escape(c));
		(*i)++;
		return;
	}
	switch (c) {
	case '"':
		sb_puts(sb, "\\\"");
		break;
	case '$':
	case '%':
		sb_putc(sb, c);
		if (s[*i + 1] == '{')
			sb_putc(sb, c);
		break;
	default:
		if ((unsigned char)c < 0x20 || c == 0x7F)
			sb_printf(sb, "\\u%04X", (unsigned)c);
		else
			sb_putc(sb, c);
	}
	(*i)++;
}

void
hcl_quote(struct strbuf *sb, const char *s)
{
	sb_putc(sb, '"');
	walk(sb, s ? s : "", hcl_plain, hcl_ascii);
	sb_putc(sb, '"');
}

static bool
bicep_plain(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	return printable(c) && c != '\\' && c != '\'' && c != '$';
}

static void
bicep_ascii(struct strbuf *sb, const char *s, size_t *i)
{
	char c = s[*i];

	if (sb_common_escape(c) != NULL) {
		sb_puts(sb, sb_common_escape(c));
		(*i)++;
		return;
	}
	switch (c) {
	case '\'':
		sb_puts(sb, "\\'");
		break;
	case '$':
		if (s[*i + 1] == '{')
			sb_putc(sb, '\\');
		sb_putc(sb, '$');
		break;
	default:
		if ((unsigned char)c < 0x20 || c == 0x7F)
			sb_printf(sb, "\\u{%X}", (unsigned)c);
		else
			sb_putc(sb, c);
	}
	(*i)++;
}

void
bicep_quote(struct strbuf *sb, const char *s)
{
	sb_putc(sb, '\'');
	walk(sb, s ? s : "", bicep_plain, bicep_ascii);
	sb_putc(sb, '\'');
}

static bool
copy_plain(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	return c < 0x80;
}

static void
copy_ascii(struct strbuf *sb, const char *s, size_t *i)
{
	sb_putc(sb, s[*i]);
	(*i)++;
}

const char *
utf8_clean(struct arena *a, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	if (s == NULL)
		return NULL;
	walk(&sb, s, copy_plain, copy_ascii);
	out = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return out;
}

void
json_quote(struct strbuf *sb, const char *s)
{
	struct strbuf clean = STRBUF_INIT;
	json_t *j;
	char *text;

	walk(&clean, s ? s : "", copy_plain, copy_ascii);
	j = json_stringn(sb_str(&clean), clean.len);
	MP_ASSERT(j != NULL); /* clean UTF-8 always encodes */
	text = json_dumps(j, JSON_ENCODE_ANY);
	if (text == NULL)
		mp_oom(clean.len);
	sb_puts(sb, text);
	free(text);
	json_decref(j);
	sb_free(&clean);
}

/* Letters, digits and UTF-8 bytes: what emphasis and mentions treat as
 * part of a word. */
static int
md_word(char c)
{
	return (unsigned char)c >= 0x80 || (c >= '0' && c <= '9') ||
	    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Only spaces before s[i]: a block marker there would start a block. */
static int
md_at_start(const char *s, size_t i)
{
	while (i > 0 && s[i - 1] == ' ')
		i--;
	return i == 0;
}

/* Only digits before s[i] (at least one): "12." starts an ordered list. */
static int
md_after_number(const char *s, size_t i)
{
	size_t j = i;

	while (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9')
		j--;
	return j < i && i - j <= 9 && md_at_start(s, j);
}

/*
 * A character is escaped only where CommonMark, GitHub's extensions or
 * GitHub's references would read it as something else:
 *   always: \ ` * [ ] < | ~ $ (code, emphasis, links, HTML, table cells,
 *     strikethrough, math);
 *   _ unless between two word characters (intraword _ is no emphasis);
 *   & before a letter, digit or # (an entity);
 *   @ at the start of a word before a word character (a mention);
 *   # at the start (a heading) or before a digit (an issue reference);
 *   : before a shortcode character and not after a word character (emoji);
 *   > - + at the start of the text (quote, list, thematic break), and
 *     . ) after a number at the start (ordered list).
 * Everything else (. - ( ) ' " = ! and so on) is written as it is.
 * Whether the printable s[i] is escaped.
 */
static bool
md_special(const char *s, size_t i)
{
	char c = s[i];
	char prev = i > 0 ? s[i - 1] : ' ';
	char next = s[i + 1];
	int esc;

	switch (c) {
	case '\\':
	case '`':
	case '*':
	case '[':
	case ']':
	case '<':
	case '|':
	case '~':
	case '$':
		esc = 1;
		break;
	case '_':
		esc = !(md_word(prev) && md_word(next));
		break;
	case '&':
		esc = md_word(next) || next == '#';
		break;
	case '@':
		esc = !md_word(prev) && md_word(next);
		break;
	case '#':
		esc = md_at_start(s, i) || (next >= '0' && next <= '9');
		break;
	case ':':
		esc = !md_word(prev) && next != '\0' &&
		    (md_word(next) || strchr("_+-", next) != NULL) &&
		    (unsigned char)next < 0x80;
		break;
	case '>':
	case '-':
	case '+':
		esc = md_at_start(s, i);
		break;
	case '.':
	case ')':
		esc = md_after_number(s, i);
		break;
	default:
		esc = 0;
	}
	return esc;
}

/* What md_ascii writes as it is: printable and not escaped there. */
static bool
md_plain(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == ' ')
		return true; /* most of the text, never escaped */
	return c > 0x20 && c < 0x7F && !md_special(s, i);
}

static void
md_ascii(struct strbuf *sb, const char *s, size_t *i)
{
	char c = s[*i];

	if (c == '\n' || c == '\r' || c == '\t') {
		sb_putc(sb, ' ');
		(*i)++;
		return;
	}
	if ((unsigned char)c < 0x20 || c == 0x7F) {
		sb_puts(sb, REPLACEMENT);
		(*i)++;
		return;
	}
	if (md_special(s, *i))
		sb_putc(sb, '\\');
	sb_putc(sb, c);
	(*i)++;
}

void
md_escape(struct strbuf *sb, const char *s)
{
	walk(sb, s ? s : "", md_plain, md_ascii);
}

static bool
html_plain(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	return printable(c) && c != '&' && c != '<' && c != '>' && c != '"' &&
	    c != '\'';
}

static void
html_ascii(struct strbuf *sb, const char *s, size_t *i)
{
	char c = s[*i];

	switch (c) {
	case '&':
		sb_puts(sb, "&amp;");
		break;
	case '<':
		sb_puts(sb, "&lt;");
		break;
	case '>':
		sb_puts(sb, "&gt;");
		break;
	case '"':
		sb_puts(sb, "&quot;");
		break;
	case '\'':
		sb_puts(sb, "&#39;");
		break;
	default:
		if (((unsigned char)c < 0x20 && c != '\n' && c != '\t') ||
		    c == 0x7F)
			sb_puts(sb, REPLACEMENT);
		else
			sb_putc(sb, c);
	}
	(*i)++;
}

void
html_escape(struct strbuf *sb, const char *s)
{
	walk(sb, s ? s : "", html_plain, html_ascii);
}

const char *
arm_literal(struct arena *a, const char *s)
{
	size_t n;

	/* Only a string that begins with '[' is measured. */
	if (s == NULL || s[0] != '[')
		return s;
	n = strlen(s);
	if (n >= 2 && s[n - 1] == ']')
		return arena_printf(a, "[%s", s);
	return s;
}

void
md_code_line(struct strbuf *sb, const char *s)
{
	const char *c;
	size_t start = sb->len;

	sb_puts(sb, "    ");
	walk(sb, s ? s : "", copy_plain, copy_ascii);
	for (c = sb->s + start; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7F)
			sb->s[c - sb->s] = ' ';
	sb_putc(sb, '\n');
}
