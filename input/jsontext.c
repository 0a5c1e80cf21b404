/*
 * jsontext.c - one input file's text made strict JSON by a single
 * pre-pass, and the line map that leads back from the strict text to the
 * file:
 *
 * - a UTF-8 BOM is dropped; UTF-16 (BOM, or a NUL in every other byte of
 *   the first pair) is decoded to UTF-8 with a note;
 * - NUL bytes mean a binary file; invalid UTF-8 is reported at line:col;
 * - // and block comments become spaces (one per character, newlines
 *   kept), a trailing comma before } or ] becomes a space, so jansson's
 *   line:column numbers are the file's own;
 * - raw control characters inside strings (ARM accepts multi-line
 *   expressions) are escaped; each escaped newline is recorded (the line
 *   map, jtext_line) so that a later error line is the file's line;
 * - nesting depth and string length are bounded (struct load_limits), and
 *   a file that ends inside a string, comment or bracket is "truncated".
 *
 * Every error at a place shows the line with a caret (jtext_diag,
 * diag_set_source). Invariant: at most one diagnostic per failed file.
 */
#include "jsontext.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "load.h"

/* ---- encodings ---- */

void
jutf8_put(struct strbuf *sb, unsigned long c)
{
	if (c < 0x80) {
		sb_putc(sb, (char)c);
	} else if (c < 0x800) {
		sb_putc(sb, (char)(0xc0 | (c >> 6)));
		sb_putc(sb, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		sb_putc(sb, (char)(0xe0 | (c >> 12)));
		sb_putc(sb, (char)(0x80 | ((c >> 6) & 0x3f)));
		sb_putc(sb, (char)(0x80 | (c & 0x3f)));
	} else {
		sb_putc(sb, (char)(0xf0 | (c >> 18)));
		sb_putc(sb, (char)(0x80 | ((c >> 12) & 0x3f)));
		sb_putc(sb, (char)(0x80 | ((c >> 6) & 0x3f)));
		sb_putc(sb, (char)(0x80 | (c & 0x3f)));
	}
}

/* Decode UTF-16 (be: big endian) into sb; returns -1 on a bad unit. */
static int
utf16_decode(const unsigned char *p, size_t len, int be, struct strbuf *sb,
    size_t *bad_at)
{
	size_t i;

	if (len % 2 != 0) {
		*bad_at = len - 1;
		return -1;
	}
	for (i = 0; i < len; i += 2) {
		unsigned long u = be ? (unsigned long)(p[i] << 8 | p[i + 1]) :
				       (unsigned long)(p[i + 1] << 8 | p[i]);

		if (u >= 0xd800 && u < 0xdc00) {
			unsigned long lo;

			if (i + 3 >= len) {
				*bad_at = i;
				return -1;
			}
			lo = be ? (unsigned long)(p[i + 2] << 8 | p[i + 3]) :
				  (unsigned long)(p[i + 3] << 8 | p[i + 2]);
			if (lo < 0xdc00 || lo >= 0xe000) {
				*bad_at = i;
				return -1;
			}
			u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
			i += 2;
		} else if (u >= 0xdc00 && u < 0xe000) {
			*bad_at = i;
			return -1;
		}
		jutf8_put(sb, u);
	}
	return 0;
}

size_t
jutf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return 0;
	return len;
}

static bool
plain_string_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

#define BYTES(c) (0x0101010101010101ULL * (uint64_t)(c))

/* The bulk of a file: 8 bytes at a time where no byte is below 0x20,
 * '"', '\\' or above 0x7f. */
size_t
jplain_run(const unsigned char *p, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, q, b;

		memcpy(&w, p + i, 8);
		q = w ^ BYTES('"');
		b = w ^ BYTES('\\');
		if ((((w - BYTES(0x20)) & ~w) | ((q - BYTES(1)) & ~q) |
			((b - BYTES(1)) & ~b) | w) &
		    BYTES(0x80))
			break;
	}
	while (i < n && plain_string_byte(p[i]))
		i++;
	return i;
}

/* UTF-8 continuation bytes (10xxxxxx) in p[0..n). */
static size_t
continuation_bytes(const char *p, size_t n)
{
	size_t i = 0, k = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		k += (size_t)__builtin_popcountll(w & ~(w << 1) & BYTES(0x80));
	}
	for (; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) == 0x80)
			k++;
	return k;
}

/* ---- the line map ---- */

int
jtext_line(const struct jtext *t, int l)
{
	size_t i;
	int add = 0;

	for (i = 0; i < t->nmerged; i++)
		if (t->merged[i] < l)
			add++;
	return l + add;
}

void
jtext_advance(const struct jtext *t, size_t *off, struct jpos *p, size_t to)
{
	size_t i = *off;

	MP_ASSERT(*off <= to && to <= t->len);
	for (;;) {
		const char *nl = memchr(t->s + i, '\n', to - i);
		size_t end = nl != NULL ? (size_t)(nl - t->s) : to;

		/* A column per character: UTF-8 lead bytes. */
		p->col += (int)(end - i -
		    continuation_bytes(t->s + i, end - i));
		if (nl == NULL)
			break;
		p->line++;
		p->col = 0;
		i = end + 1;
	}
	*off = to;
}

/* Add an error at line:col whose line is the one of s[lo..hi) holding
 * s[at]; the caret goes under s[at]. */
static struct diag *
diag_in(struct diags *d, const char *name, const char *code, int line, int col,
    const char *s, size_t lo, size_t hi, size_t at, const char *msg,
    bool midline)
{
	struct diag *g = diag_add(d, DIAG_ERROR, code, name, line, col, NULL,
	    NULL, "%s", msg);
	struct strbuf sb = STRBUF_INIT;
	const char *nl;
	size_t from = at, to;

	MP_ASSERT(lo <= at && at <= hi);
	while (from > lo && s[from - 1] != '\n')
		from--;
	nl = memchr(s + at, '\n', hi - at);
	to = nl != NULL ? (size_t)(nl - s) : hi;
	if (to > from && s[to - 1] == '\r')
		to--;
	if (at > to)
		at = to;
	if (from == lo && midline) {
		/* The piece starts inside the file's line: say so. */
		sb_puts(&sb, "...");
		sb_putn(&sb, s + from, to - from);
		diag_set_source(d, g, sb_str(&sb), sb.len, at - from + 3);
		sb_free(&sb);
		return g;
	}
	diag_set_source(d, g, s + from, to - from, at - from);
	return g;
}

struct diag *
jtext_diag(struct diags *d, const struct jtext *t, const char *code, int line,
    int col, size_t lo, size_t hi, size_t at, const char *msg, bool midline)
{
	MP_ASSERT(lo <= hi && hi <= t->len);
	if (at > hi)
		at = hi;
	if (at < lo)
		at = lo;
	/* The caret under a character's first byte. */
	while (at > lo && ((unsigned char)t->s[at] & 0xc0) == 0x80)
		at--;
	return diag_in(d, t->name, code, line, col, t->s, lo, hi, at, msg,
	    midline);
}

/* ---- the relaxed-JSON pre-pass ---- */

enum scan_mode { M_JSON, M_STRING, M_LINE_COMMENT, M_BLOCK_COMMENT };

/*
 * The pre-pass copies lazily: a file that needs no edit (the common case)
 * is handed to jansson as it is; otherwise out holds p[0..copied) with the
 * edits made so far, and edit() appends the untouched bytes up to the
 * next edit. The place (line, col) is the file's: col counts the
 * characters before p[i] on its line, which starts at p[bol].
 */
struct opener {
	struct jpos at;
	size_t off, bol;
};

struct scan {
	const char *name;
	const struct load_limits *lim;
	struct diags *d;
	const unsigned char *p;
	size_t n, i, bol;
	int line, col;
	enum scan_mode mode;
	int depth;
	bool content;		     /* a JSON value started */
	size_t pending, pending_out; /* a comma, in p and in out */
	size_t slen;		     /* bytes of the current string */
	struct jpos str, com;	     /* where that string or comment starts */
	size_t str_at, str_bol, com_at, com_bol;
	ARR(struct opener) open; /* brackets not yet closed */
	size_t copied;		 /* p[0..copied) is in out */
	struct strbuf out;
	ARR(int) merged; /* processed lines holding an escaped newline */
	int nmerged;
	struct arena *scratch;
};

/* An error at the place given (the line starting at bol), its line
 * shown. */
static int
scan_fail(struct scan *s, const char *code, struct jpos at, size_t bol,
    size_t off, const char *fmt, const char *arg)
{
	char msg[160];

	snprintf(msg, sizeof(msg), fmt, arg);
	diag_in(s->d, s->name, code, at.line, at.col, (const char *)s->p, bol,
	    s->n, off, msg, false);
	return -1;
}

/* Replace p[at..at+len) with repl. */
static void
edit(struct scan *s, size_t at, size_t len, const char *repl)
{
	sb_putn(&s->out, (const char *)s->p + s->copied, at - s->copied);
	sb_puts(&s->out, repl);
	s->copied = at + len;
}

/* Blank one character of a comment (newlines and CRs are kept). */
static void
blank(struct scan *s, size_t at, size_t k)
{
	unsigned char c = s->p[at];

	if (k > 1 || (c != ' ' && c != '\n' && c != '\r'))
		edit(s, at, k, " ");
}

static void
newline(struct scan *s)
{
	s->line++;
	s->col = 0;
	s->bol = s->i + 1;
}

/* The closer c of the innermost open bracket: is it its kind? */
static int
close_mismatch(struct scan *s, unsigned char c)
{
	const struct opener *o = &s->open.v[--s->open.n];
	struct jpos here = { s->line, s->col };
	char buf[64];

	if ((s->p[o->off] == '{') == (c == '}'))
		return 0;
	snprintf(buf, sizeof(buf), "'%c' closes the '%c' opened at %d:%d", c,
	    s->p[o->off], o->at.line, o->at.col);
	return scan_fail(s, "json-syntax", here, s->bol, s->i, "%s", buf);
}

/* One character c (k bytes) outside strings and comments. */
static int
scan_json(struct scan *s, unsigned char c, size_t k)
{
	const unsigned char *p = s->p;
	struct jpos here = { s->line, s->col };
	char buf[32];

	if (c == '/' && s->i + 1 < s->n &&
	    (p[s->i + 1] == '/' || p[s->i + 1] == '*')) {
		s->mode = p[s->i + 1] == '/' ? M_LINE_COMMENT : M_BLOCK_COMMENT;
		s->com = here;
		s->com_at = s->i;
		s->com_bol = s->bol;
		edit(s, s->i, 2, "  ");
		s->i += 2;
		s->col++;
		return 0;
	}
	if (c == '\n')
		newline(s);
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		s->i++;
		return 0;
	}
	s->content = true;
	if ((c == '}' || c == ']') && s->pending != (size_t)-1) {
		/* A trailing comma: blank it. */
		if (s->pending >= s->copied)
			edit(s, s->pending, 1, " ");
		else
			s->out.s[s->pending_out] = ' ';
	}
	s->pending = (size_t)-1;
	if (c == '{' || c == '[') {
		struct opener o = { here, s->i, s->bol };

		if (++s->depth > s->lim->max_depth) {
			snprintf(buf, sizeof(buf), "%d", s->lim->max_depth);
			return scan_fail(s, "limit-depth", here, s->bol, s->i,
			    "nesting deeper than %s levels", buf);
		}
		ARR_PUSH(s->scratch, s->open, o);
	} else if (c == '}' || c == ']') {
		s->depth--;
		if (s->open.n > 0 && close_mismatch(s, c) != 0)
			return -1;
	} else if (c == ',') {
		s->pending = s->i;
		s->pending_out = s->out.len + (s->i - s->copied);
	} else if (c == '"') {
		s->mode = M_STRING;
		s->slen = 0;
		s->str = here;
		s->str_at = s->i;
		s->str_bol = s->bol;
	}
	s->i += k;
	return 0;
}

/* One character c (k bytes) inside a string. */
static int
scan_string(struct scan *s, unsigned char c, size_t k)
{
	const unsigned char *p = s->p;
	char buf[32];

	if (plain_string_byte(c)) {
		/* The bulk of a string: no edit, no line. */
		size_t j = s->i + 1 + jplain_run(p + s->i + 1, s->n - s->i - 1);

		s->col += (int)(j - s->i - 1);
		s->slen += j - s->i;
		s->i = j;
	} else {
		s->slen++;
	}
	if (s->slen > s->lim->max_string) {
		snprintf(buf, sizeof(buf), "%zu", s->lim->max_string);
		return scan_fail(s, "limit-string", s->str, s->str_bol,
		    s->str_at, "string longer than %s bytes", buf);
	}
	if (plain_string_byte(c))
		return 0;
	if (c == '"') {
		s->mode = M_JSON;
	} else if (c == '\\' && s->i + 1 < s->n && p[s->i + 1] >= 0x20 &&
	    p[s->i + 1] < 0x80) {
		/* Keep the escape pair; jansson checks it. */
		s->i += 2;
		s->col++;
		return 0;
	} else if (c == '\n') {
		/* The escaped newline joins two lines. */
		edit(s, s->i, 1, "\\n");
		ARR_PUSH(s->scratch, s->merged, s->line - s->nmerged);
		s->nmerged++;
		newline(s);
		s->i++;
		return 0;
	} else if (c < 0x20) {
		snprintf(buf, sizeof(buf), "\\u%04x", c);
		edit(s, s->i, 1, buf);
		s->i++;
		return 0;
	}
	s->i += k;
	return 0;
}

/* One character c (k bytes) inside a comment. */
static void
scan_comment(struct scan *s, unsigned char c, size_t k)
{
	if (s->mode == M_BLOCK_COMMENT && c == '*' && s->i + 1 < s->n &&
	    s->p[s->i + 1] == '/') {
		s->mode = M_JSON;
		edit(s, s->i, 2, "  ");
		s->i += 2;
		s->col++;
		return;
	}
	if (c == '\n') {
		if (s->mode == M_LINE_COMMENT)
			s->mode = M_JSON;
		newline(s);
	}
	blank(s, s->i, k);
	s->i += k;
}

/* The end of the text: nothing may be left open. */
static int
scan_end(struct scan *s)
{
	char buf[32];

	if (s->mode == M_STRING)
		return scan_fail(s, "json-truncated", s->str, s->str_bol,
		    s->str_at, "%s", "file ends inside a string (truncated?)");
	if (s->mode == M_BLOCK_COMMENT)
		return scan_fail(s, "json-truncated", s->com, s->com_bol,
		    s->com_at, "%s",
		    "file ends inside a /* comment (truncated?)");
	if (!s->content) {
		diag_add(s->d, DIAG_ERROR, "file-empty", s->name, 0, 0, NULL,
		    NULL, "%s", "the file holds no JSON value (empty)");
		return -1;
	}
	if (s->depth > 0 && s->open.n > 0) {
		/* Shown at the innermost: where the text was cut, if not at
		 * the end, is after it. */
		const struct opener *o = &s->open.v[s->open.n - 1];

		snprintf(buf, sizeof(buf), "%d", s->depth);
		return scan_fail(s, "json-truncated", o->at, o->bol, o->off,
		    "file ends with %s unclosed bracket(s) (truncated?); the "
		    "innermost opens here",
		    buf);
	}
	return 0;
}

/*
 * Run the pre-pass over UTF-8 text p[0..n). Returns 0 and leaves strict
 * JSON in s->out (empty: p itself is strict), or -1 after one diagnostic.
 */
static int
scan_text(struct scan *s, const unsigned char *p, size_t n)
{
	s->p = p;
	s->n = n;
	s->line = 1;
	s->pending = (size_t)-1;
	while (s->i < n) {
		unsigned char c = p[s->i];
		size_t k = c < 0x80 ? 1 : jutf8_seq(p + s->i, n - s->i);
		int rc = 0;

		if (k == 0) {
			/* Not shown: the line is not text. */
			diag_add(s->d, DIAG_ERROR, "file-encoding", s->name,
			    s->line, s->col + 1, NULL, NULL,
			    "invalid UTF-8 "
			    "byte 0x%02x (not UTF-8 text?)",
			    c);
			return -1;
		}
		s->col++;
		if (s->mode == M_JSON)
			rc = scan_json(s, c, k);
		else if (s->mode == M_STRING)
			rc = scan_string(s, c, k);
		else
			scan_comment(s, c, k);
		if (rc != 0)
			return -1;
	}
	return scan_end(s);
}

/* Decode a UTF-16 file (BOM, or guessed from NULs) into dec: 1 when it
 * was UTF-16 (*p, *n then the decoded text), 0 when not, -1 after a
 * diagnostic. */
static int
decode_utf16(const char *name, const unsigned char **pp, size_t *np,
    struct strbuf *dec, struct diags *d)
{
	const unsigned char *p = *pp;
	size_t n = *np, bad = 0, skip = 0;
	int be = -1, guessed = 0;

	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		be = 0;
		skip = 2;
	} else if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		be = 1;
		skip = 2;
	} else if (n >= 4 && p[0] != 0 && p[1] == 0 && p[2] != 0 && p[3] == 0) {
		be = 0; /* ASCII text as UTF-16LE, no BOM */
		guessed = 1;
	} else if (n >= 4 && p[0] == 0 && p[1] != 0 && p[2] == 0 && p[3] != 0) {
		be = 1;
		guessed = 1;
	}
	if (be < 0)
		return 0;
	if (utf16_decode(p + skip, n - skip, be, dec, &bad) != 0) {
		if (guessed) {
			/* Not UTF-16 after all: the NUL check decides. */
			sb_reset(dec);
			return 0;
		}
		diag_add(d, DIAG_ERROR, "file-encoding", name, 0, 0, NULL, NULL,
		    "invalid UTF-16%s at byte %zu", be ? "BE" : "LE",
		    bad + skip);
		return -1;
	}
	diag_add(d, DIAG_NOTE, "file-utf16", name, 0, 0, NULL, NULL,
	    "decoded from UTF-16%s", be ? "BE" : "LE");
	*pp = (const unsigned char *)sb_str(dec);
	*np = dec->len;
	return 1;
}

struct jtext *
jfile_text(const char *name, unsigned char *buf, size_t len,
    const struct load_limits *lim, struct diags *d)
{
	struct load_limits defl;
	struct jtext *t = NULL;
	struct scan s;
	struct strbuf dec = STRBUF_INIT;
	const unsigned char *p = buf;
	size_t n = len;
	int utf16;

	if (lim == NULL) {
		load_limits_default(&defl);
		lim = &defl;
	}
	memset(&s, 0, sizeof(s));
	s.name = name;
	s.lim = lim;
	s.d = d;
	s.scratch = arena_new();
	sb_init(&s.out);
	if ((utf16 = decode_utf16(name, &p, &n, &dec, d)) < 0)
		goto out;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		p += 3;
		n -= 3;
	}
	if (n > 0 && memchr(p, 0, n) != NULL) {
		diag_add(d, DIAG_ERROR, "file-binary", name, 0, 0, NULL, NULL,
		    "NUL byte at offset %zu: a binary file, not JSON",
		    (size_t)((const unsigned char *)memchr(p, 0, n) - p));
		goto out;
	}
	if (scan_text(&s, p, n) != 0)
		goto out;
	t = xcalloc(1, sizeof(*t));
	t->name = name;
	t->len = n;
	t->s = (const char *)p;
	if (s.copied > 0) {
		edit(&s, n, 0, "");
		t->len = s.out.len;
		t->own = sb_detach(&s.out);
		t->s = t->own;
	} else if (utf16) {
		t->own = sb_detach(&dec);
	} else {
		t->own = (char *)buf;
		buf = NULL;
	}
	if (s.merged.n > 0) {
		t->merged = xcalloc(s.merged.n, sizeof(*t->merged));
		memcpy(t->merged, s.merged.v, s.merged.n * sizeof(int));
		t->nmerged = s.merged.n;
	}
out:
	free(buf);
	sb_free(&s.out);
	sb_free(&dec);
	arena_free(s.scratch);
	return t;
}

struct jtext *
jtext_derive(const struct jtext *from)
{
	struct jtext *t = xcalloc(1, sizeof(*t));

	t->name = from->name;
	if (from->nmerged > 0) {
		t->merged = xcalloc(from->nmerged, sizeof(*t->merged));
		memcpy(t->merged, from->merged, from->nmerged * sizeof(int));
		t->nmerged = from->nmerged;
	}
	return t;
}

void
jtext_free(struct jtext *t)
{
	if (t == NULL)
		return;
	free(t->own);
	free(t->merged);
	free(t);
}
