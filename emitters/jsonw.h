/*
 * jsonw.h - a streaming JSON writer for outputs too large to build as a
 * jansson tree first (plan.json of a 20,000-spoke estate). Its bytes are
 * those of json_dumps(JSON_INDENT(2) | JSON_SORT_KEYS |
 * JSON_REAL_PRECISION(17)) of the same value, provided the caller writes
 * each object's keys in strcmp order (tests/unit/test_emit.c compares the
 * two).
 *
 *	struct jw w;
 *	jw_init(&w, &sb);
 *	jw_open(&w, '{');
 *	jw_key(&w, "a"); jw_int(&w, 1);
 *	jw_key(&w, "b"); jw_raw(&w, "{\"x\":[1,2]}");
 *	jw_close(&w, '}');
 */
#ifndef MESHPLAN_JSONW_H
#define MESHPLAN_JSONW_H

#include <stdbool.h>

#include <jansson.h>

#include "../lib/strbuf.h"
#include "sink.h"

#define JW_MAX_DEPTH 128

struct jw {
	struct strbuf *sb;
	int depth;
	bool after_key;			   /* the next value follows "key": */
	unsigned long count[JW_MAX_DEPTH]; /* items per open level */
	const struct emit_sink *sink;	   /* jw_to_sink */
	bool failed;			   /* a write to the sink failed */
	/* Significant digits of reals (0: 17), as JSON_REAL_PRECISION. */
	int precision;
};

void jw_init(struct jw *w, struct strbuf *sb);
/*
 * Stream into the open file of sink: whenever a bracket closes with 64
 * KiB or more in sb, sb is handed to the sink (emit_write) and emptied,
 * so that memory stays flat however large the document. jw_flush hands
 * over the rest; it returns -1 when the sink refused, else 0.
 */
void jw_to_sink(struct jw *w, const struct emit_sink *sink);
int jw_flush(struct jw *w);
void jw_open(struct jw *w, char bracket);  /* '{' or '[' */
void jw_close(struct jw *w, char bracket); /* '}' or ']' */
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s); /* NULL: null */
void jw_int(struct jw *w, long long v);
void jw_bool(struct jw *w, bool v);
void jw_real(struct jw *w, double v);
/* A number given as its JSON text (digits of any length: counts wider
 * than 64 bits); the caller vouches that it is one. */
void jw_number(struct jw *w, const char *text);
/*
 * A value given as JSON text (compact or not; UTF-8 like every string
 * given to the writer), laid out like the rest.
 * Object keys must already be sorted; text that is not JSON, or whose
 * keys are not sorted, goes through jansson first; text jansson cannot
 * read is written as a string. Strings and numbers are copied as written
 * (jansson's own compact output, as the loaders keep it, comes out as
 * jansson would lay it out).
 */
void jw_raw(struct jw *w, const char *text);
/* A jansson value, object keys in its own (insertion) order, as
 * json_dumps(JSON_INDENT(2) | JSON_PRESERVE_ORDER) at the writer's
 * precision would lay it out. */
void jw_json(struct jw *w, const json_t *v);

#endif
