/*
 * sink.c - the sink interface and the in-memory sink (see sink.h).
 */
#include "sink.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

int
emit_put(const struct emit_sink *s, const char *path, const char *text,
    size_t len)
{
	return s->put(s->ctx, path, text, len);
}

static int
out_put(void *ctx, const char *path, const char *text, size_t len)
{
	struct emit_out *o = ctx;
	struct emit_file f;

	f.path = arena_strdup(o->arena, path);
	f.text = arena_strndup(o->arena, text, len);
	f.len = len;
	ARR_PUSH(o->arena, o->files, f);
	return 0;
}

void
emit_out_init(struct emit_out *o, struct arena *a)
{
	memset(o, 0, sizeof(*o));
	o->arena = a;
	o->sink.put = out_put;
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
		MP_ASSERT(strcmp(o->files.v[i - 1].path,
		    o->files.v[i].path) != 0);
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
