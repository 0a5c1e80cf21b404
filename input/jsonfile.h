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

#include "../lib/jscan.h"
#include "jsonfast.h"
#include "jsontext.h"

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
/* Read the whole file and run the pre-pass (see jfile_load). */
struct jtext *jfile_read(const char *path, const struct load_limits *lim,
    struct diags *d, size_t *bytes);

/*
 * Parse t->s[off..off+len) (any JSON value; duplicate keys rejected).
 * On failure NULL and, for the first failure of the text only, a
 * json-syntax or json-duplicate-key diagnostic at the file's line:col,
 * the line shown with a caret: the piece starts at *at (NULL: found by
 * counting from the start).
 */
json_t *jtext_parse(struct jtext *t, size_t off, size_t len,
    const struct jpos *at, struct diags *d);

/*
 * Skimming (jskim_*, lib/jscan.h): walk the structure of strict JSON
 * without building values, to find where pieces are. Only brackets and
 * strings are checked; a piece is validated when jansson parses it.
 */
/* Would jansson read v without error? jfast_valid of v. */
bool jskim_valid(const char *s, struct jspan v);

/*
 * Read the whole file and parse it. *bytes gets the file size (0 when it
 * could not be read). Adds file-missing, file-read or limit-file-size
 * diagnostics on I/O problems.
 */
json_t *jfile_load(const char *path, const struct load_limits *lim,
    struct diags *d, size_t *bytes);

/*
 * JSON Pointers (RFC 6901), made in arena a: base + "/" + escaped key
 * ("~" -> "~0", "/" -> "~1"), base + "/" + index.
 */
const char *jptr_key(struct arena *a, const char *base, const char *key);
const char *jptr_index(struct arena *a, const char *base, size_t i);
/* The value ptr names in doc (borrowed), or NULL: no such member or
 * element, or ptr is not a pointer ("" is doc itself). */
json_t *jptr_get(json_t *doc, const char *ptr);

#endif
