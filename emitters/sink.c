/*
 * sink.c - the sink interface and the in-memory sink (see sink.h).
 */
#include "sink.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

int
emit_open(const struct emit_sink *s, const char *path)
{
	return s->open(s->ctx, path);
}

int
emit_write(const struct emit_sink *s, const char *text, size_t len)
{
	return s->write(s->ctx, text, len);
}

int
emit_close(const struct emit_sink *s)
{
	return s->close(s->ctx);
}

int
emit_put(const struct emit_sink *s, const char *path, const char *text,
    size_t len)
{
	int rc;

	if (emit_open(s, path) != 0)
		return -1;
	rc = emit_write(s, text, len);
	if (emit_close(s) != 0)
		rc = -1;
	return rc;
}

int
emit_put_same(const struct emit_sink *s, const char *path, const char *text,
    size_t len)
{
	return s->same != NULL ? s->same(s->ctx, path, text, len) :
				 emit_put(s, path, text, len);
}

int
emit_sb(const struct emit_sink *s, struct strbuf *sb)
{
	int rc = sb->len > 0 ? emit_write(s, sb->s, sb->len) : 0;

	sb_reset(sb);
	return rc;
}

static int
sb_open(void *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	return 0;
}

static int
sb_write(void *ctx, const char *text, size_t len)
{
	sb_putn(ctx, text, len);
	return 0;
}

static int
sb_close(void *ctx)
{
	(void)ctx;
	return 0;
}

void
sink_to_strbuf(struct emit_sink *s, struct strbuf *sb)
{
	s->open = sb_open;
	s->write = sb_write;
	s->close = sb_close;
	s->ctx = sb;
	s->same = NULL;
}

static int
out_open(void *ctx, const char *path)
{
	struct emit_out *o = ctx;

	MP_ASSERT(o->open == NULL); /* one file at a time */
	o->open = arena_strdup(o->arena, path);
	sb_reset(&o->text);
	return 0;
}

static int
out_write(void *ctx, const char *text, size_t len)
{
	struct emit_out *o = ctx;

	MP_ASSERT(o->open != NULL);
	sb_putn(&o->text, text, len);
	return 0;
}

static int
out_close(void *ctx)
{
	struct emit_out *o = ctx;
	struct emit_file f;

	MP_ASSERT(o->open != NULL);
	f.path = o->open;
	f.text = arena_strndup(o->arena, o->text.s != NULL ? o->text.s : "",
	    o->text.len);
	f.len = o->text.len;
	ARR_PUSH(o->arena, o->files, f);
	o->open = NULL;
	sb_free(&o->text);
	return 0;
}

void
emit_out_init(struct emit_out *o, struct arena *a)
{
	memset(o, 0, sizeof(*o));
	o->arena = a;
	o->sink.open = out_open;
	o->sink.write = out_write;
	o->sink.close = out_close;
	o->sink.ctx = o;
}

static int
file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct emit_file *)a)->path,
	    ((const struct emit_file *)b)->path);
}

void
emit_out_sort(struct emit_out *o)
{
	size_t i;

	if (o->files.n > 1)
		qsort(o->files.v, o->files.n, sizeof(*o->files.v), file_cmp);
	for (i = 1; i < o->files.n; i++)
		MP_ASSERT(
		    strcmp(o->files.v[i - 1].path, o->files.v[i].path) != 0);
}

const struct emit_file *
emit_out_find(const struct emit_out *o, const char *path)
{
	struct emit_file key;

	if (o->files.n == 0)
		return NULL;
	key.path = path;
	return bsearch(&key, o->files.v, o->files.n, sizeof(*o->files.v),
	    file_cmp);
}
