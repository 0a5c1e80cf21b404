/*
 * jsontext.h - the text of one JSON input file, made strict by one
 * pre-pass (ARM's relaxed JSON: BOM, UTF-16, comments, trailing commas,
 * raw control characters in strings), with its line map: where a place
 * in the strict text is in the file (line:column), and the file's line
 * shown with a caret in a diagnostic.
 *
 * jfile_text      pre-pass a buffer into a struct jtext
 * jtext_advance   move a line:column place along the text
 * jtext_line      the file's line number of a line of the strict text
 * jtext_diag      a diagnostic at a byte of the text, its line shown
 * jtext_derive    an empty text standing for another's file
 * jtext_free      NULL-safe
 * jutf8_put, jutf8_seq, jplain_run: helpers shared with jsonfast.c
 */
#ifndef MESHPLAN_JSONTEXT_H
#define MESHPLAN_JSONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/diag.h"

struct load_limits;
struct strbuf;

/*
 * A file's text after the pre-pass (strict JSON), kept so that pieces of
 * it can be parsed when they are needed (jtext_parse).
 */
struct jtext {
	const char *name; /* the file: the caller's string */
	const char *s;	  /* strict JSON, not NUL-terminated */
	size_t len;
	bool failed; /* a parse failed and was reported */
	size_t refs; /* the loader's: pieces still to parse */
	char *own;   /* what s points into */
	int *merged; /* lines holding an escaped newline */
	size_t nmerged;
};

/* A place in a text: line (from 1) and characters before it on it. */
struct jpos {
	int line, col;
};

/*
 * The pre-pass: takes buf (malloc'd; freed here on failure) and returns
 * the file's text, or NULL after one diagnostic (file-empty, file-binary,
 * file-encoding, json-truncated, limit-depth, limit-string; those with a
 * line show it with a caret). A file-utf16 note is added when the text
 * was UTF-16. lim NULL: the default limits.
 */
struct jtext *jfile_text(const char *name, unsigned char *buf, size_t len,
    const struct load_limits *lim, struct diags *d);

/* Move p, the place of t->s[*off], on to t->s[to]; *off = to. */
void jtext_advance(const struct jtext *t, size_t *off, struct jpos *p,
    size_t to);
/* Line l of the strict text as the file's line (escaped newlines in
 * strings join two of the file's lines into one of the text). */
int jtext_line(const struct jtext *t, int l);
/*
 * Add an error at line:col of t's file, showing the line of t->s that
 * holds byte at, cut to [lo, hi) (a piece of the text), with a caret
 * under at. midline: the piece's first line starts inside one of the
 * file's lines (shown after "...").
 */
struct diag *jtext_diag(struct diags *d, const struct jtext *t,
    const char *code, int line, int col, size_t lo, size_t hi, size_t at,
    const char *msg, bool midline);

/*
 * An empty text standing for from's file (its name and line map), for
 * pieces of from's text: the loader moves them into it (s, len, own) and
 * frees from; a piece's place in the file is then given to jtext_parse.
 */
struct jtext *jtext_derive(const struct jtext *from);
void jtext_free(struct jtext *t);

/* Append code point c to sb as UTF-8. */
void jutf8_put(struct strbuf *sb, unsigned long c);
/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
size_t jutf8_seq(const unsigned char *p, size_t n);
/* How many bytes from p on (at most n) are printable ASCII other than
 * '"' and '\\' (a string's plain bytes), 8 at a time. */
size_t jplain_run(const unsigned char *p, size_t n);

#endif
