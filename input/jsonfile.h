/*
 * jsonfile.h - read and parse one JSON input file the way ARM reads it:
 * UTF-8 BOM skipped, UTF-16 (with or without BOM) decoded, CRLF accepted,
 * // and block comments and trailing commas skipped, raw control
 * characters inside strings accepted (authored templates have multi-line
 * expressions). Diagnostics keep the file's own line:column numbers.
 *
 * Also the JSON Pointer helpers (RFC 6901) used by every loader.
 */
#ifndef MESHPLAN_JSONFILE_H
#define MESHPLAN_JSONFILE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct arena;
struct diags;
struct load_limits;

/*
 * Parse len bytes of buf as the contents of file name. Returns the
 * document (caller decrefs) or NULL after adding one diagnostic to d
 * (file-empty, file-binary, file-encoding, json-syntax, json-truncated,
 * json-duplicate-key, limit-depth, limit-string). A file-utf16 note is
 * added when the text was UTF-16.
 */
json_t *jfile_parse(const char *name, const unsigned char *buf, size_t len,
    const struct load_limits *lim, struct diags *d);
/*
 * A file's text after the pre-pass (strict JSON), kept so that pieces of
 * it can be parsed when they are needed (jtext_parse).
 */
struct jtext {
	const char *name;	/* the file: the caller's string */
	const char *s;		/* strict JSON, not NUL-terminated */
	size_t len;
	bool failed;		/* a parse failed and was reported */
	size_t refs;		/* the loader's: pieces still to parse */
	char *own;		/* what s points into */
	int *merged;		/* lines holding an escaped newline */
	size_t nmerged;
};

/*
 * The pre-pass of jfile_parse alone: takes buf (malloc'd; freed here on
 * failure) and returns the file's text, or NULL after one diagnostic.
 */
struct jtext *jfile_text(const char *name, unsigned char *buf, size_t len,
    const struct load_limits *lim, struct diags *d);
/* Read the whole file and run the pre-pass (see jfile_load). */
struct jtext *jfile_read(const char *path, const struct load_limits *lim,
    struct diags *d, size_t *bytes);
/* A place in a text: line (from 1) and characters before it on it. */
struct jpos {
	int line, col;
};

/*
 * The tree of JSON text s[0..len) when it is of the common kind (strings
 * without escapes, integers, literals; no duplicate keys), as json_loadb
 * with JSON_REJECT_DUPLICATES | JSON_DECODE_ANY would give it; NULL when
 * it is not (then use json_loadb). s must be UTF-8.
 */
json_t *fast_tree(const char *s, size_t len);

/* Move p, the place of t->s[*off], on to t->s[to]; *off = to. */
void jtext_advance(const struct jtext *t, size_t *off, struct jpos *p,
    size_t to);
/*
 * Parse t->s[off..off+len) (any JSON value; duplicate keys rejected).
 * On failure NULL and, for the first failure of the text only, a
 * json-syntax or json-duplicate-key diagnostic at the file's line:col:
 * the piece starts at *at (NULL: found by counting from the start).
 */
json_t *jtext_parse(struct jtext *t, size_t off, size_t len,
    const struct jpos *at, struct diags *d);
/*
 * An empty text standing for from's file (its name and line map), for
 * pieces of from's text: the loader moves them into it (s, len, own) and
 * frees from; a piece's place in the file is then given to jtext_parse.
 */
struct jtext *jtext_derive(const struct jtext *from);
void jtext_free(struct jtext *t);

/*
 * Skimming: walk the structure of strict JSON without building values,
 * to find where pieces are. Only brackets and strings are checked; a
 * piece is validated when jansson parses it.
 */
struct jspan {
	size_t off, len;
};

struct jskim {
	const char *s;
	size_t i, end;
	bool obj, first;
};

/* The one value of s[0..n) (whitespace around it); false if not one. */
bool jskim_doc(const char *s, size_t n, struct jspan *v);
/* Start walking the object or array v; false when it is neither. */
bool jskim_enter(struct jskim *k, const char *s, struct jspan v);
/*
 * The next member (key without its quotes, and value) of an object, or
 * element (val) of an array: 1, or 0 at the end, -1 when malformed.
 */
int jskim_next(struct jskim *k, struct jspan *key, struct jspan *val);
/* Is x exactly lit (a key's raw bytes)? */
bool jskim_eq(const char *s, struct jspan x, const char *lit);
/* Is v a string with no escape in it (its bytes are its value)? */
bool jskim_plain_string(const char *s, struct jspan v);
/*
 * Would jansson read v without error? Conservative: true only when the
 * value is valid JSON without duplicate keys and without what this check
 * leaves to jansson (\u escapes, escaped keys, numbers near overflow,
 * more than 32 keys in an object, nesting deeper than 64).
 */
bool jskim_valid(const char *s, struct jspan v);

/*
 * Read the whole file and parse it. *bytes gets the file size (0 when it
 * could not be read). Adds file-missing, file-read or limit-file-size
 * diagnostics on I/O problems.
 */
json_t *jfile_load(const char *path, const struct load_limits *lim,
    struct diags *d, size_t *bytes);

/* base + "/" + escaped key (RFC 6901: "~" -> "~0", "/" -> "~1"). */
const char *jptr_key(struct arena *a, const char *base, const char *key);
const char *jptr_index(struct arena *a, const char *base, size_t i);

#endif
