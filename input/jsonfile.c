/*
 * jsonfile.c - read one input file and parse it with jansson after a
 * single pre-pass that makes ARM's relaxed JSON strict:
 *
 * - a UTF-8 BOM is dropped; UTF-16 (BOM, or a NUL in every other byte of
 *   the first pair) is decoded to UTF-8 with a note;
 * - NUL bytes mean a binary file; invalid UTF-8 is reported at line:col;
 * - // and block comments become spaces (one per character, newlines
 *   kept), a trailing comma before } or ] becomes a space, so jansson's
 *   line:column numbers are the file's own;
 * - raw control characters inside strings (ARM accepts multi-line
 *   expressions) are escaped; each escaped newline is recorded so that a
 *   later error line can be mapped back to the file's line;
 * - nesting depth and string length are bounded (struct load_limits), and
 *   a file that ends inside a string, comment or bracket is "truncated".
 *
 * Invariant: at most one diagnostic per failed file; the document is
 * returned only when parsing succeeded.
 */
#include "jsonfile.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "../lib/arena.h"
#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "load.h"

/* ---- JSON Pointer ---- */

const char *
jptr_key(struct arena *a, const char *base, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	char *r;

	sb_puts(&sb, base ? base : "");
	sb_putc(&sb, '/');
	for (s = key; *s; s++) {
		if (*s == '~')
			sb_puts(&sb, "~0");
		else if (*s == '/')
			sb_puts(&sb, "~1");
		else
			sb_putc(&sb, *s);
	}
	r = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return r;
}

const char *
jptr_index(struct arena *a, const char *base, size_t i)
{
	return arena_printf(a, "%s/%zu", base ? base : "", i);
}

/* ---- encodings ---- */

static void
put_utf8(struct strbuf *sb, unsigned long c)
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
		unsigned long u = be ? (unsigned long)(p[i] << 8 | p[i + 1])
		    : (unsigned long)(p[i + 1] << 8 | p[i]);

		if (u >= 0xd800 && u < 0xdc00) {
			unsigned long lo;

			if (i + 3 >= len) {
				*bad_at = i;
				return -1;
			}
			lo = be ? (unsigned long)(p[i + 2] << 8 | p[i + 3])
			    : (unsigned long)(p[i + 3] << 8 | p[i + 2]);
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
		put_utf8(sb, u);
	}
	return 0;
}

/* Length of a valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
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

/* ---- the relaxed-JSON pre-pass ---- */

enum scan_mode { M_JSON, M_STRING, M_LINE_COMMENT, M_BLOCK_COMMENT };

/*
 * The pre-pass copies lazily: a file that needs no edit (the common case)
 * is handed to jansson as it is; otherwise out holds p[0..copied) with the
 * edits made so far, and edit() appends the untouched bytes up to the
 * next edit.
 */
struct scan {
	const char *name;
	const struct load_limits *lim;
	struct diags *d;
	const unsigned char *p;
	size_t copied;		/* p[0..copied) is in out */
	struct strbuf out;
	ARR(int) merged;	/* processed lines holding an escaped newline */
	struct arena *scratch;
};

static void
scan_fail(struct scan *s, const char *code, int line, int col,
    const char *fmt, const char *arg)
{
	diag_add(s->d, DIAG_ERROR, code, s->name, line, col, NULL, NULL, fmt,
	    arg);
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

static bool
plain_string_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

#define BYTES(c)	(0x0101010101010101ULL * (uint64_t)(c))

/* How many bytes from p on (at most n) are plain_string_byte: the bulk of
 * a file, so 8 at a time where no byte is below 0x20, '"', '\\' or
 * above 0x7f. */
static size_t
plain_run(const unsigned char *p, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, q, b;

		memcpy(&w, p + i, 8);
		q = w ^ BYTES('"');
		b = w ^ BYTES('\\');
		if ((((w - BYTES(0x20)) & ~w) | ((q - BYTES(1)) & ~q) |
		    ((b - BYTES(1)) & ~b) | w) & BYTES(0x80))
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
		k += (size_t)__builtin_popcountll(w & ~(w << 1) &
		    BYTES(0x80));
	}
	for (; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) == 0x80)
			k++;
	return k;
}

/*
 * Run the pre-pass over UTF-8 text p[0..n). Returns 0 and leaves strict
 * JSON in s->out (empty: p itself is strict), or -1 after one diagnostic.
 */
static int
scan_text(struct scan *s, const unsigned char *p, size_t n)
{
	enum scan_mode mode = M_JSON;
	size_t i = 0, strlen_ = 0, pending = (size_t)-1, pending_out = 0;
	int line = 1, col = 0, depth = 0, nmerged = 0, content = 0;
	int str_line = 0, str_col = 0, com_line = 0, com_col = 0;
	char buf[32];

	s->p = p;
	s->copied = 0;
	while (i < n) {
		unsigned char c = p[i];
		size_t k = c < 0x80 ? 1 : utf8_seq(p + i, n - i);

		if (k == 0) {
			snprintf(buf, sizeof(buf), "0x%02x", c);
			scan_fail(s, "file-encoding", line, col + 1,
			    "invalid UTF-8 byte %s (not UTF-8 text?)", buf);
			return -1;
		}
		col++;
		switch (mode) {
		case M_JSON:
			if (c == '/' && i + 1 < n &&
			    (p[i + 1] == '/' || p[i + 1] == '*')) {
				mode = p[i + 1] == '/' ? M_LINE_COMMENT
				    : M_BLOCK_COMMENT;
				com_line = line;
				com_col = col;
				edit(s, i, 2, "  ");
				i += 2;
				col++;
				continue;
			}
			if (c == '\n') {
				line++;
				col = 0;
			}
			if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
				i++;
				continue;
			}
			content = 1;
			if ((c == '}' || c == ']') && pending != (size_t)-1) {
				/* A trailing comma: blank it. */
				if (pending >= s->copied)
					edit(s, pending, 1, " ");
				else
					s->out.s[pending_out] = ' ';
			}
			pending = (size_t)-1;
			if (c == '{' || c == '[') {
				if (++depth > s->lim->max_depth) {
					snprintf(buf, sizeof(buf), "%d",
					    s->lim->max_depth);
					scan_fail(s, "limit-depth", line, col,
					    "nesting deeper than %s levels",
					    buf);
					return -1;
				}
			} else if (c == '}' || c == ']') {
				depth--;
			} else if (c == ',') {
				pending = i;
				pending_out = s->out.len + (i - s->copied);
			} else if (c == '"') {
				mode = M_STRING;
				strlen_ = 0;
				str_line = line;
				str_col = col;
			}
			i += k;
			break;
		case M_STRING:
			if (plain_string_byte(c)) {
				/* The bulk of a string: no edit, no line. */
				size_t j = i + 1 + plain_run(p + i + 1,
				    n - i - 1);

				col += (int)(j - i - 1);
				strlen_ += j - i;
				i = j;
			} else {
				strlen_++;
			}
			if (strlen_ > s->lim->max_string) {
				snprintf(buf, sizeof(buf), "%zu",
				    s->lim->max_string);
				scan_fail(s, "limit-string", str_line, str_col,
				    "string longer than %s bytes", buf);
				return -1;
			}
			if (plain_string_byte(c))
				break;
			if (c == '"') {
				mode = M_JSON;
			} else if (c == '\\' && i + 1 < n && p[i + 1] >= 0x20 &&
			    p[i + 1] < 0x80) {
				/* Keep the escape pair; jansson checks it. */
				i += 2;
				col++;
				continue;
			} else if (c == '\n') {
				/* The escaped newline joins two lines. */
				edit(s, i, 1, "\\n");
				ARR_PUSH(s->scratch, s->merged, line - nmerged);
				nmerged++;
				line++;
				col = 0;
				i++;
				continue;
			} else if (c < 0x20) {
				snprintf(buf, sizeof(buf), "\\u%04x", c);
				edit(s, i, 1, buf);
				i++;
				continue;
			}
			i += k;
			break;
		case M_LINE_COMMENT:
			if (c == '\n') {
				mode = M_JSON;
				line++;
				col = 0;
			}
			blank(s, i, k);
			i += k;
			break;
		case M_BLOCK_COMMENT:
			if (c == '*' && i + 1 < n && p[i + 1] == '/') {
				mode = M_JSON;
				edit(s, i, 2, "  ");
				i += 2;
				col++;
				continue;
			}
			if (c == '\n') {
				line++;
				col = 0;
			}
			blank(s, i, k);
			i += k;
			break;
		}
	}
	if (mode == M_STRING) {
		scan_fail(s, "json-truncated", str_line, str_col, "%s",
		    "file ends inside a string (truncated?)");
		return -1;
	}
	if (mode == M_BLOCK_COMMENT) {
		scan_fail(s, "json-truncated", com_line, com_col, "%s",
		    "file ends inside a /* comment (truncated?)");
		return -1;
	}
	if (!content) {
		scan_fail(s, "file-empty", 0, 0, "%s",
		    "the file holds no JSON value (empty)");
		return -1;
	}
	if (depth > 0) {
		snprintf(buf, sizeof(buf), "%d", depth);
		scan_fail(s, "json-truncated", line, col,
		    "file ends with %s unclosed bracket(s) (truncated?)", buf);
		return -1;
	}
	return 0;
}

/* Line l of the strict text as the file's line (escaped newlines). */
static int
text_line(const struct jtext *t, int l)
{
	size_t i;
	int add = 0;

	for (i = 0; i < t->nmerged; i++)
		if (t->merged[i] < l)
			add++;
	return l + add;
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
	size_t n = len, bad = 0;
	int be = -1, guessed = 0;

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
	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		be = 0;
		p += 2;
		n -= 2;
	} else if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		be = 1;
		p += 2;
		n -= 2;
	} else if (n >= 4 && p[0] != 0 && p[1] == 0 && p[2] != 0 &&
	    p[3] == 0) {
		be = 0;		/* ASCII text as UTF-16LE, no BOM */
		guessed = 1;
	} else if (n >= 4 && p[0] == 0 && p[1] != 0 && p[2] == 0 &&
	    p[3] != 0) {
		be = 1;
		guessed = 1;
	}
	if (be >= 0) {
		int rc = utf16_decode(p, n, be, &dec, &bad);

		if (rc != 0 && guessed) {
			/* Not UTF-16 after all: the NUL check decides. */
			sb_reset(&dec);
			be = -1;
		} else if (rc != 0) {
			diag_add(d, DIAG_ERROR, "file-encoding", name, 0, 0,
			    NULL, NULL, "invalid UTF-16%s at byte %zu",
			    be ? "BE" : "LE", bad + (size_t)(p - buf));
			goto out;
		}
	}
	if (be >= 0) {
		diag_add(d, DIAG_NOTE, "file-utf16", name, 0, 0, NULL, NULL,
		    "decoded from UTF-16%s", be ? "BE" : "LE");
		p = (const unsigned char *)sb_str(&dec);
		n = dec.len;
	}
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
	if (s.copied > 0) {
		edit(&s, n, 0, "");
		t->len = s.out.len;
		t->own = sb_detach(&s.out);
		t->s = t->own;
	} else if (be >= 0) {
		t->len = n;
		t->s = (const char *)p;
		t->own = sb_detach(&dec);
	} else {
		t->len = n;
		t->s = (const char *)p;
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

void
jtext_advance(const struct jtext *t, size_t *off, struct jpos *p, size_t to)
{
	size_t i = *off;

	MP_ASSERT(*off <= to && to <= t->len);
	for (;;) {
		const char *nl = memchr(t->s + i, '\n', to - i);
		size_t end = nl != NULL ? (size_t)(nl - t->s) : to;

		/* A column per character: UTF-8 lead bytes. */
		p->col += (int)(end - i - continuation_bytes(t->s + i,
		    end - i));
		if (nl == NULL)
			break;
		p->line++;
		p->col = 0;
		i = end + 1;
	}
	*off = to;
}

/* ---- the common case without jansson's parser ------------------------- */

/*
 * Most of an export is objects, arrays, strings and small integers: the
 * tree of such a text is built here straight from it, in a sixth of the
 * instructions json_loadb takes (it reads byte by byte through a stream;
 * plain string bytes go 8 at a time here). Anything else (a real number,
 * an integer of more than 18 digits, \u0000 or a lone surrogate, a
 * control character, bytes that are not UTF-8, a duplicate key, a syntax
 * error, nesting deeper than FAST_MAX_DEPTH) makes fast_tree return NULL:
 * json_loadb then reads the text, with its diagnostics. What fast_tree
 * builds is what json_loadb would (tests/unit/test_load.c and fuzz_load
 * compare them).
 */
struct fast {
	const char *p, *end;
	int depth;
	struct strbuf dec;	/* a string with escapes, decoded */
};

#define FAST_MAX_DEPTH	64
#define FAST_MAX_KEY	256

static void
fast_ws(struct fast *f)
{
	while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' ||
	    *f->p == '\n' || *f->p == '\r'))
		f->p++;
}

static long
hex4(const unsigned char *q)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		int c = q[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v |= (c | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return v;
}

/* Decode the escape at q (a backslash) into f->dec; its end, or NULL
 * when jansson would not take it (or \u0000). */
static const unsigned char *
fast_escape(struct fast *f, const unsigned char *q,
    const unsigned char *end)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *at;
	long u, lo;

	if (end - q < 2)
		return NULL;
	if (q[1] != 'u') {
		if (q[1] == '\0' || (at = strchr(from, q[1])) == NULL)
			return NULL;
		sb_putc(&f->dec, to[at - from]);
		return q + 2;
	}
	if (end - q < 6 || (u = hex4(q + 2)) <= 0 ||
	    (u >= 0xdc00 && u < 0xe000))
		return NULL;
	q += 6;
	if (u >= 0xd800 && u < 0xdc00) {
		if (end - q < 6 || q[0] != '\\' || q[1] != 'u' ||
		    (lo = hex4(q + 2)) < 0xdc00 || lo >= 0xe000)
			return NULL;
		u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
		q += 6;
	}
	put_utf8(&f->dec, (unsigned long)u);
	return q;
}

/*
 * A string token: its value in *s, *n (the text itself, or f->dec when it
 * has escapes); false when jansson would not take it. *ascii: no byte
 * above 0x7f.
 */
static bool
fast_string(struct fast *f, const char **s, size_t *n, bool *ascii)
{
	const unsigned char *q, *from, *end = (const unsigned char *)f->end;
	bool esc = false;

	if (f->p >= f->end || *f->p != '"')
		return false;
	*ascii = true;
	for (from = q = (const unsigned char *)f->p + 1;;) {
		q += plain_run(q, (size_t)(end - q));
		if (q >= end || *q < 0x20)
			return false;
		if (*q == '"')
			break;
		if (*q == '\\') {
			if (!esc)
				sb_reset(&f->dec);
			esc = true;
			sb_putn(&f->dec, (const char *)from,
			    (size_t)(q - from));
			if ((q = fast_escape(f, q, end)) == NULL)
				return false;
			from = q;
			continue;
		}
		*ascii = false;		/* a UTF-8 byte */
		q++;
	}
	if (esc) {
		sb_putn(&f->dec, (const char *)from, (size_t)(q - from));
		*s = sb_str(&f->dec);
		*n = f->dec.len;
		/* Escaped UTF-8 is checked by json_stringn. */
		*ascii = false;
	} else {
		*s = (const char *)from;
		*n = (size_t)(q - from);
	}
	f->p = (const char *)q + 1;
	return true;
}

static json_t *fast_value(struct fast *f);

/* After white space, is the next byte c? Then it is taken. */
static bool
fast_eat(struct fast *f, char c)
{
	fast_ws(f);
	if (f->p < f->end && *f->p == c) {
		f->p++;
		return true;
	}
	return false;
}

static json_t *
fast_object(struct fast *f)
{
	json_t *o = json_object(), *v;
	char key[FAST_MAX_KEY];
	const char *s;
	size_t n;
	bool ascii;

	f->p++;
	if (fast_eat(f, '}'))
		return o;
	for (;;) {
		fast_ws(f);
		if (!fast_string(f, &s, &n, &ascii) || n >= sizeof(key) ||
		    memchr(s, '\0', n) != NULL)
			break;
		memcpy(key, s, n);
		key[n] = '\0';
		if (!fast_eat(f, ':') || json_object_get(o, key) != NULL ||
		    (v = fast_value(f)) == NULL)
			break;
		if ((ascii ? json_object_set_new_nocheck(o, key, v) :
		    json_object_set_new(o, key, v)) != 0)
			break;		/* not UTF-8 */
		if (fast_eat(f, ','))
			continue;
		if (fast_eat(f, '}'))
			return o;
		break;
	}
	json_decref(o);
	return NULL;
}

static json_t *
fast_array(struct fast *f)
{
	json_t *a = json_array(), *v;

	f->p++;
	if (fast_eat(f, ']'))
		return a;
	while ((v = fast_value(f)) != NULL) {
		json_array_append_new(a, v);
		if (fast_eat(f, ','))
			continue;
		if (fast_eat(f, ']'))
			return a;
		break;
	}
	json_decref(a);
	return NULL;
}

/* A literal or an integer of at most 18 digits, ending at a delimiter. */
static json_t *
fast_scalar(struct fast *f)
{
	static const char *const lit[] = { "true", "false", "null" };
	const char *q = f->p;
	json_int_t v = 0;
	size_t i, n;
	bool neg = false;

	for (i = 0; i < MP_NELEM(lit); i++) {
		n = strlen(lit[i]);
		if ((size_t)(f->end - q) >= n && memcmp(q, lit[i], n) == 0)
			break;
	}
	if (i < MP_NELEM(lit)) {
		q += n;
	} else {
		if ((neg = q < f->end && *q == '-'))
			q++;
		for (n = 0; q < f->end && *q >= '0' && *q <= '9'; n++, q++)
			if (n < 18)
				v = v * 10 + (*q - '0');
		if (n == 0 || n > 18 || (n > 1 && q[-(ptrdiff_t)n] == '0'))
			return NULL;
	}
	/* "truex", "12.5", "1e3": not for this reader. */
	if (q < f->end && (*q == '\0' || strchr(" \t\r\n,]}", *q) == NULL))
		return NULL;
	f->p = q;
	if (i < MP_NELEM(lit))
		return i == 0 ? json_true() : i == 1 ? json_false() :
		    json_null();
	return json_integer(neg ? -v : v);
}

static json_t *
fast_value(struct fast *f)
{
	const char *s;
	size_t n;
	bool ascii;
	json_t *v;

	fast_ws(f);
	if (f->p >= f->end)
		return NULL;
	switch (*f->p) {
	case '{':
	case '[':
		if (f->depth >= FAST_MAX_DEPTH)
			return NULL;
		f->depth++;
		v = *f->p == '{' ? fast_object(f) : fast_array(f);
		f->depth--;
		return v;
	case '"':
		if (!fast_string(f, &s, &n, &ascii))
			return NULL;
		return ascii ? json_stringn_nocheck(s, n) : json_stringn(s, n);
	default:
		return fast_scalar(f);
	}
}

json_t *
fast_tree(const char *s, size_t len)
{
	struct fast f = { s, s + len, 0, STRBUF_INIT };
	json_t *v = fast_value(&f);

	fast_ws(&f);
	if (v != NULL && f.p != f.end) {
		json_decref(v);
		v = NULL;
	}
	sb_free(&f.dec);
	return v;
}

json_t *
jtext_parse(struct jtext *t, size_t off, size_t len, const struct jpos *at,
    struct diags *d)
{
	json_error_t err;
	json_t *root;
	struct jpos p = { 1, 0 };
	size_t from = 0;
	int line;

	MP_ASSERT(off <= t->len && len <= t->len - off);
	if ((root = fast_tree(t->s + off, len)) != NULL)
		return root;
	root = json_loadb(t->s + off, len, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_ANY, &err);
	if (root != NULL || t->failed)
		return root;
	t->failed = true;
	/* jansson counts from the piece: add where the piece starts. */
	if (at != NULL)
		p = *at;
	else
		jtext_advance(t, &from, &p, off);
	line = p.line + err.line - 1;
	diag_add(d, DIAG_ERROR, json_error_code(&err) ==
	    json_error_duplicate_key ? "json-duplicate-key" : "json-syntax",
	    t->name, text_line(t, line), err.line <= 1 ? p.col + err.column :
	    err.column, NULL, NULL, "%s", err.text);
	return NULL;
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

json_t *
jfile_parse(const char *name, const unsigned char *buf, size_t len,
    const struct load_limits *lim, struct diags *d)
{
	unsigned char *copy = xmalloc(len + 1);
	struct jtext *t;
	json_t *root;

	memcpy(copy, buf, len);
	if ((t = jfile_text(name, copy, len, lim, d)) == NULL)
		return NULL;
	root = jtext_parse(t, 0, t->len, NULL, d);
	jtext_free(t);
	return root;
}

struct jtext *
jfile_read(const char *path, const struct load_limits *lim,
    struct diags *d, size_t *bytes)
{
	struct load_limits defl;
	struct stat st;
	unsigned char *buf;
	size_t len = 0, got;
	FILE *fp;

	*bytes = 0;
	if (lim == NULL) {
		load_limits_default(&defl);
		lim = &defl;
	}
	/* "-" is standard input (a copy of the descriptor: fclose below
	 * must not close it). */
	if (strcmp(path, "-") == 0) {
		int fd = dup(STDIN_FILENO);

		fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
		if (fp == NULL && fd >= 0)
			close(fd);
	} else
		fp = fopen(path, "rb");
	if (fp == NULL) {
		diag_add(d, DIAG_ERROR, errno == ENOENT ? "file-missing" :
		    "file-read", path, 0, 0, NULL, NULL, "cannot open: %s",
		    strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) != 0 || S_ISDIR(st.st_mode)) {
		diag_add(d, DIAG_ERROR, "file-read", path, 0, 0, NULL, NULL,
		    "cannot read: %s", S_ISDIR(st.st_mode) ?
		    "is a directory" : strerror(errno));
		fclose(fp);
		return NULL;
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size >
	    (unsigned long long)lim->max_file_size) {
		diag_add(d, DIAG_ERROR, "limit-file-size", path, 0, 0, NULL,
		    NULL, "file is %lld bytes, more than the limit of %zu",
		    (long long)st.st_size, lim->max_file_size);
		fclose(fp);
		return NULL;
	}
	/* Read to EOF: the size may change, and pipes have none. */
	{
		size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1
		    : 65536;

		buf = xmalloc(cap);
		while ((got = fread(buf + len, 1, cap - len, fp)) > 0) {
			len += got;
			if (len > lim->max_file_size)
				break;
			if (len == cap) {
				cap *= 2;
				buf = xrealloc(buf, cap);
			}
		}
	}
	if (ferror(fp)) {
		diag_add(d, DIAG_ERROR, "file-read", path, 0, 0, NULL, NULL,
		    "read error: %s", strerror(errno));
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	*bytes = len;
	if (len > lim->max_file_size) {
		diag_add(d, DIAG_ERROR, "limit-file-size", path, 0, 0, NULL,
		    NULL, "file is more than the limit of %zu bytes",
		    lim->max_file_size);
		free(buf);
		return NULL;
	}
	return jfile_text(path, buf, len, lim, d);
}

json_t *
jfile_load(const char *path, const struct load_limits *lim,
    struct diags *d, size_t *bytes)
{
	struct jtext *t = jfile_read(path, lim, d, bytes);
	json_t *root;

	if (t == NULL)
		return NULL;
	root = jtext_parse(t, 0, t->len, NULL, d);
	jtext_free(t);
	return root;
}

/* ---- skimming ---- */

static size_t
skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r'))
		i++;
	return i;
}

/* Bytes value_end stops at inside a container: 1 brackets, 2 quote. */
static const unsigned char skim_class[256] = {
	['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1, ['"'] = 2,
};

/* The index of the quote that closes the string opened before s[i], or n. */
static size_t
string_end(const char *s, size_t n, size_t i)
{
	for (;;) {
		const char *q = memchr(s + i, '"', n - i);
		size_t j;

		if (q == NULL)
			return n;
		j = (size_t)(q - s);
		/* Escaped when an odd number of backslashes precede it. */
		i = j;
		while (i > 0 && s[i - 1] == '\\')
			i--;
		if ((j - i) % 2 == 0)
			return j;
		i = j + 1;
	}
}

/*
 * The end of the value that starts at s[i], or 0 when it is not one.
 * Only the structure is checked (brackets nest, strings close); what is
 * inside a value is jansson's to judge when the piece is parsed.
 */
static size_t
value_end(const char *s, size_t n, size_t i)
{
	size_t depth = 0;

	if (i >= n)
		return 0;
	if (s[i] != '"' && s[i] != '{' && s[i] != '[') {
		/* A scalar: up to the next delimiter. */
		size_t b = i;

		while (i < n && !strchr(",]} \t\r\n\"{[:", s[i]))
			i++;
		return i > b ? i : 0;
	}
	for (;;) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"') {
			if ((i = string_end(s, n, i + 1)) >= n)
				return 0;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth-- == 0)
				return 0;
		}
		i++;
		if (depth == 0)
			return i;
		while (i < n && skim_class[(unsigned char)s[i]] == 0)
			i++;
		if (i >= n)
			return 0;
	}
}

bool
jskim_enter(struct jskim *k, const char *s, struct jspan v)
{
	size_t i = v.off;

	if (v.len < 2 || (s[i] != '{' && s[i] != '['))
		return false;
	k->s = s;
	k->obj = s[i] == '{';
	k->i = i + 1;
	k->end = v.off + v.len - 1;
	k->first = true;
	return true;
}

int
jskim_next(struct jskim *k, struct jspan *key, struct jspan *val)
{
	const char *s = k->s;
	size_t i = skip_ws(s, k->end, k->i), e;

	if (i >= k->end)
		return 0;
	if (!k->first) {
		if (s[i] != ',')
			return -1;
		i = skip_ws(s, k->end, i + 1);
	}
	k->first = false;
	if (k->obj) {
		if (i >= k->end || s[i] != '"' ||
		    (e = value_end(s, k->end, i)) == 0)
			return -1;
		key->off = i + 1;
		key->len = e - i - 2;
		i = skip_ws(s, k->end, e);
		if (i >= k->end || s[i] != ':')
			return -1;
		i = skip_ws(s, k->end, i + 1);
	}
	if ((e = value_end(s, k->end, i)) == 0)
		return -1;
	val->off = i;
	val->len = e - i;
	k->i = e;
	return 1;
}

bool
jskim_doc(const char *s, size_t n, struct jspan *v)
{
	size_t i = skip_ws(s, n, 0), e = value_end(s, n, i);

	if (e == 0 || skip_ws(s, n, e) != n)
		return false;
	v->off = i;
	v->len = e - i;
	return true;
}

bool
jskim_eq(const char *s, struct jspan x, const char *lit)
{
	size_t n = strlen(lit);

	return x.len == n && memcmp(s + x.off, lit, n) == 0;
}

bool
jskim_plain_string(const char *s, struct jspan v)
{
	return v.len >= 2 && s[v.off] == '"' &&
	    memchr(s + v.off, '\\', v.len) == NULL;
}

/* ---- validating skim ---- */

#define VALID_DEPTH 64		/* deeper: left to jansson */
#define VALID_KEYS 32		/* more keys in one object: likewise */

static size_t valid_value(const char *s, size_t n, size_t i, int depth);

/* A string without \u escapes (jansson's checks of those, NUL and
 * surrogates, are not redone here). */
static size_t
valid_string(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		unsigned char c;

		i += plain_run((const unsigned char *)s + i, n - i);
		if (i >= n)
			break;
		c = (unsigned char)s[i];
		if (c == '"')
			return i + 1;
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			if (i + 1 >= n || s[i + 1] == '\0' ||
			    strchr("\"\\/bfnrt", s[i + 1]) == NULL)
				return 0;
			i++;
		}
	}
	return 0;
}

static size_t
digits(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* A number jansson reads without overflow: at most 18 integer digits,
 * at most two exponent digits. */
static size_t
valid_number(const char *s, size_t n, size_t i)
{
	size_t b;

	if (i < n && s[i] == '-')
		i++;
	b = i;
	if (i < n && s[i] == '0')
		i++;
	else
		i = digits(s, n, i);
	if (i == b || i - b > 18)
		return 0;
	if (i < n && s[i] == '.') {
		b = i + 1;
		if ((i = digits(s, n, b)) == b)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		b = i;
		i = digits(s, n, i);
		if (i == b || i - b > 2)
			return 0;
	}
	return i;
}

static size_t
valid_literal(const char *s, size_t n, size_t i, const char *lit)
{
	size_t k = strlen(lit);

	return i + k <= n && memcmp(s + i, lit, k) == 0 ? i + k : 0;
}

/* Members (obj) or elements of the container opened at s[i]. */
static size_t
valid_container(const char *s, size_t n, size_t i, int depth, bool obj)
{
	struct jspan keys[VALID_KEYS];
	size_t nk = 0, k, e;
	char close = obj ? '}' : ']';

	i = skip_ws(s, n, i + 1);
	if (i < n && s[i] == close)
		return i + 1;
	for (;;) {
		if (obj) {
			if (i >= n || s[i] != '"' ||
			    (e = valid_string(s, n, i)) == 0 ||
			    memchr(s + i, '\\', e - i) != NULL ||
			    nk == VALID_KEYS)
				return 0;
			keys[nk].off = i + 1;
			keys[nk].len = e - i - 2;
			for (k = 0; k < nk; k++)
				if (keys[k].len == keys[nk].len &&
				    memcmp(s + keys[k].off, s + keys[nk].off,
				    keys[nk].len) == 0)
					return 0;
			nk++;
			i = skip_ws(s, n, e);
			if (i >= n || s[i] != ':')
				return 0;
			i++;
		}
		if ((i = valid_value(s, n, i, depth + 1)) == 0)
			return 0;
		i = skip_ws(s, n, i);
		if (i < n && s[i] == close)
			return i + 1;
		if (i >= n || s[i] != ',')
			return 0;
		i = skip_ws(s, n, i + 1);
	}
}

static size_t
valid_value(const char *s, size_t n, size_t i, int depth)
{
	i = skip_ws(s, n, i);
	if (i >= n || depth > VALID_DEPTH)
		return 0;
	switch (s[i]) {
	case '"':
		return valid_string(s, n, i);
	case '{':
	case '[':
		return valid_container(s, n, i, depth, s[i] == '{');
	case 't':
		return valid_literal(s, n, i, "true");
	case 'f':
		return valid_literal(s, n, i, "false");
	case 'n':
		return valid_literal(s, n, i, "null");
	default:
		return valid_number(s, n, i);
	}
}

bool
jskim_valid(const char *s, struct jspan v)
{
	return valid_value(s, v.off + v.len, v.off, 0) == v.off + v.len;
}
