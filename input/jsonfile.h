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
