/*
 * emitter.c - the emitter registry, the in-memory output tree, and the
 * helpers every IaC emitter shares (iac_scalar, emit_each_folder).
 *
 * The neutral model the emitters render is built in iac.c; the exported
 * VNet's read-only properties are stripped in vnet_raw.c; the folder
 * README is written by readme.c.
 */
#include "emitter.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

const struct emitter *const emitters[] = {
	&emitter_arm, &emitter_bicep, &emitter_terraform, NULL
};

const struct emitter *
emitter_find(const char *name)
{
	size_t i;

	for (i = 0; emitters[i] != NULL; i++)
		if (strcmp(emitters[i]->name, name) == 0)
			return emitters[i];
	return NULL;
}

void
emit_out_init(struct emit_out *o, struct arena *a)
{
	memset(o, 0, sizeof(*o));
	o->arena = a;
}

void
emit_out_add(struct emit_out *o, const char *path, const char *text,
    size_t len)
{
	struct emit_file f;

	MP_ASSERT(emit_out_find(o, path) == NULL);
	f.path = arena_strdup(o->arena, path);
	f.text = arena_strndup(o->arena, text, len);
	f.len = len;
	ARR_PUSH(o->arena, o->files, f);
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
	if (o->files.n > 1)
		qsort(o->files.v, o->files.n, sizeof(*o->files.v), file_cmp);
}

const struct emit_file *
emit_out_find(const struct emit_out *o, const char *path)
{
	size_t i;

	for (i = 0; i < o->files.n; i++)
		if (strcmp(o->files.v[i].path, path) == 0)
			return &o->files.v[i];
	return NULL;
}

bool
iac_scalar(struct strbuf *sb, const json_t *v,
    void (*quote)(struct strbuf *, const char *))
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		quote(sb, json_string_value(v));
		return true;
	case JSON_INTEGER:
		sb_printf(sb, "%lld", (long long)json_integer_value(v));
		return true;
	case JSON_REAL:
		sb_printf(sb, "%.17g", json_real_value(v));
		return true;
	case JSON_TRUE:
		sb_puts(sb, "true");
		return true;
	case JSON_FALSE:
		sb_puts(sb, "false");
		return true;
	case JSON_NULL:
		sb_puts(sb, "null");
		return true;
	case JSON_OBJECT:
	case JSON_ARRAY:
		break;
	}
	return false;
}

int
emit_each_folder(const struct iac *m, struct emit_out *out,
    int (*one_folder)(const struct iac *m, const struct iac_folder *f,
    struct emit_out *out))
{
	size_t i;

	for (i = 0; i < m->folders.n; i++)
		if (one_folder(m, &m->folders.v[i], out) != 0)
			return -1;
	emit_out_sort(out);
	return 0;
}
