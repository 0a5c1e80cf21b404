/*
 * jscan.h - the JSON span scanner: where the values of a JSON text are,
 * without building them. No parser library, no I/O; the one scanner
 * beside jansson that both the lazy loader (input/) and the what-if's
 * reading of an exported VNet (emitters/) use.
 *
 * Two levels of checking, over the same spans:
 * - the skim (jskim_*): only the structure is checked (brackets nest,
 *   strings close); what is inside a value is for jansson to judge when
 *   the piece is parsed;
 * - strict (jscan_*): a grammar stricter than jansson's (ASCII strings,
 *   no \u escapes, integers of at most 18 digits and reals of at most 20
 *   bytes without exponents, nesting at most JSCAN_MAX_DEPTH deep), so
 *   that what it accepts jansson reads too; what it refuses may still be
 *   JSON, and is then jansson's to read.
 * Whitespace is JSON's four bytes; no comments, no trailing commas.
 */
#ifndef MESHPLAN_JSCAN_H
#define MESHPLAN_JSCAN_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes s[off..off+len). */
struct jspan {
	size_t off, len;
};

/* The first byte of s[i..n) that is not whitespace, or n. */
size_t jscan_ws(const char *s, size_t n, size_t i);

/* ---- the skim ---- */

/* The members or items of one object or array being walked. */
struct jskim {
	const char *s;
	size_t i, end;
	bool obj, first;
};

/* The end of the value that starts at s[i] (brackets and strings
 * followed), or 0 when it is not one. */
size_t jskim_value_end(const char *s, size_t n, size_t i);
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

/* ---- strict ---- */

#define JSCAN_MAX_DEPTH 256

/* A cursor at s[i] of the text s[0..n). */
struct jscan {
	const char *s;
	size_t i, n;
	int depth;
};

/* Whitespace at the cursor passed. */
void jscan_skip_ws(struct jscan *c);
/* The byte at the cursor, or '\0' at the end. */
char jscan_peek(const struct jscan *c);
/* A string at the cursor passed; *escaped: it has a backslash. */
bool jscan_string(struct jscan *c, bool *escaped);
/* A number at the cursor passed. */
bool jscan_number(struct jscan *c);
/* A value at the cursor passed (checked all through). */
bool jscan_value(struct jscan *c);
/*
 * Walking the object or array at the cursor: jscan_open passes its
 * bracket (false when it is neither, or too deep). Then each jscan_member
 * gives 1 with the cursor at the next member's value (an object's key,
 * its quotes off, in *key, *escaped when it has a backslash), which the
 * caller passes before the next call; 0 when the closing bracket is
 * passed; -1 when the text is refused (a trailing comma too).
 */
bool jscan_open(struct jscan *c);
int jscan_member(struct jscan *c, bool obj, bool *first, struct jspan *key,
    bool *escaped);

#endif
