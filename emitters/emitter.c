/*
 * emitter.c - the emitter registry and the helpers every IaC emitter
 * shares (iac_scalar, emitter_run). Emitters hand their files to a
 * sink (sink.h).
 *
 * The neutral model the emitters render is built in iac.c; the exported
 * VNet's read-only properties are stripped in vnet_raw.c; the folder
 * README is written by readme.c.
 */
#include "emitter.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

const struct emitter *const emitters[] = { &emitter_arm, &emitter_bicep,
	&emitter_terraform, NULL };

const struct emitter *
emitter_find(const char *name)
{
	size_t i;

	for (i = 0; emitters[i] != NULL; i++)
		if (strcmp(emitters[i]->name, name) == 0)
			return emitters[i];
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
emitter_run(const struct emitter *e, struct iac *m, const struct emit_sink *out)
{
	struct arena *a, *shared;
	size_t i;
	int rc = 0;

	for (i = 0; i < m->folders.n && rc == 0; i++) {
		shared = arena_new();
		iac_folder_share(m, &m->folders.v[i], shared);
		a = arena_new();
		rc = e->folder(m, &m->folders.v[i], out, a);
		arena_free(a);
		iac_folder_unshare(&m->folders.v[i]);
		arena_free(shared);
	}
	if (rc == 0 && e->finish != NULL) {
		a = arena_new();
		rc = e->finish(m, out, a);
		arena_free(a);
	}
	return rc;
}
