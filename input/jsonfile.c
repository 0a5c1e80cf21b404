/*
 * jsonfile.c - read one JSON input file (jfile_read, jfile_load) and parse
 * it, or pieces of it, with jansson (jtext_parse) after the pre-pass of
 * jsontext.c; the fast path of jsonfast.c is tried first. Syntax errors
 * are reported at the file's line:column with the line shown.
 *
 * Also the check of a skimmed piece that is never parsed (jskim_valid:
 * the skim itself, lib/jscan.c, follows only brackets and strings; a
 * piece is validated when jansson parses it, or by jfast_valid when it
 * never is), and the JSON Pointer helpers (RFC 6901) every loader uses.
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

/* Element tok of array a: tok is "0" or digits without a leading zero
 * (RFC 6901: "-" names no element). */
static json_t *
array_index(json_t *a, const char *tok)
{
	size_t i = 0;
	const char *q;

	if (tok[0] == '\0' || (tok[0] == '0' && tok[1] != '\0'))
		return NULL;
	for (q = tok; *q != '\0'; q++) {
		if (*q < '0' || *q > '9' || i > (SIZE_MAX - 9) / 10)
			return NULL;
		i = i * 10 + (size_t)(*q - '0');
	}
	return json_array_get(a, i);
}

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

json_t *
jptr_get(json_t *doc, const char *ptr)
{
	struct strbuf tok = STRBUF_INIT;
	const char *p = ptr;
	json_t *v = doc;

	if (ptr == NULL || (*p != '\0' && *p != '/'))
		return NULL;
	while (v != NULL && *p == '/') {
		sb_reset(&tok);
		for (p++; *p != '\0' && *p != '/'; p++) {
			if (*p != '~') {
				sb_putc(&tok, *p);
				continue;
			}
			if (p[1] != '0' && p[1] != '1') {
				v = NULL; /* "~" must be "~0" or "~1" */
				goto out;
			}
			sb_putc(&tok, *++p == '0' ? '~' : '/');
		}
		if (json_is_object(v))
			v = json_object_getn(v, sb_str(&tok), tok.len);
		else if (json_is_array(v))
			v = array_index(v, sb_str(&tok));
		else
			v = NULL;
	}
out:
	sb_free(&tok);
	return v;
}

const char *
jptr_index(struct arena *a, const char *base, size_t i)
{
	return arena_printf(a, "%s/%zu", base ? base : "", i);
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
	root = json_loadb(t->s + off, len,
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (root != NULL || t->failed)
		return root;
	t->failed = true;
	/* jansson counts from the piece: add where the piece starts. */
	if (at != NULL)
		p = *at;
	else
		jtext_advance(t, &from, &p, off);
	line = p.line + err.line - 1;
	/* err.position: the bytes read, up to the end of the token its
	 * column names (or 0). */
	jtext_diag(d, t,
	    json_error_code(&err) == json_error_duplicate_key ?
		"json-duplicate-key" :
		"json-syntax",
	    jtext_line(t, line),
	    err.line <= 1 ? p.col + err.column : err.column, off, off + len,
	    off + (err.position > 0 ? (size_t)err.position - 1 : 0), err.text,
	    p.col > 0);
	return NULL;
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
jfile_read(const char *path, const struct load_limits *lim, struct diags *d,
    size_t *bytes)
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
		diag_add(d, DIAG_ERROR,
		    errno == ENOENT ? "file-missing" : "file-read", path, 0, 0,
		    NULL, NULL, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) != 0) {
		diag_add(d, DIAG_ERROR, "file-read", path, 0, 0, NULL, NULL,
		    "cannot read: %s", strerror(errno));
		fclose(fp);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_add(d, DIAG_ERROR, "file-read", path, 0, 0, NULL, NULL,
		    "cannot read: %s", "is a directory");
		fclose(fp);
		return NULL;
	}
	if (S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size >
		(unsigned long long)lim->max_file_size) {
		diag_add(d, DIAG_ERROR, "limit-file-size", path, 0, 0, NULL,
		    NULL, "file is %lld bytes, more than the limit of %zu",
		    (long long)st.st_size, lim->max_file_size);
		fclose(fp);
		return NULL;
	}
	/* Read to EOF: the size may change, and pipes have none. */
	{
		size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 :
						   65536;

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
jfile_load(const char *path, const struct load_limits *lim, struct diags *d,
    size_t *bytes)
{
	struct jtext *t = jfile_read(path, lim, d, bytes);
	json_t *root;

	if (t == NULL)
		return NULL;
	root = jtext_parse(t, 0, t->len, NULL, d);
	jtext_free(t);
	return root;
}

/* ---- skimming (lib/jscan.c) ---- */

bool
jskim_valid(const char *s, struct jspan v)
{
	return jfast_valid(s + v.off, v.len);
}
