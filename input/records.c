/*
 * records.c - resource records, merging and jansson getters shared by the
 * loaders.
 *
 * Merge rule (DESIGN.md section 2): the same resource from several places
 * is one resource; later non-empty values win, a value that differs is a
 * merge-conflict warning. Read-only values that change between snapshots
 * (etag, provisioningState, ...) win silently; strings equal but for case
 * keep the first spelling.
 */
#include "records.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"

void
ld_diag(struct loader *L, int sev, const char *code, const char *file,
    const char *pointer, const char *resource, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(L->a, fmt, ap);
	va_end(ap);
	diag_add(L->d, (enum diag_sev)sev, code, file, 0, 0, pointer, resource,
	    "%s", msg);
}

json_t *
jget(json_t *obj, ...)
{
	va_list ap;
	const char *k;

	va_start(ap, obj);
	while (obj != NULL && (k = va_arg(ap, const char *)) != NULL)
		obj = json_is_object(obj) ? json_object_get(obj, k) : NULL;
	va_end(ap);
	return obj;
}

const char *
jstr(struct loader *L, json_t *obj, ...)
{
	va_list ap;
	const char *k;

	va_start(ap, obj);
	while (obj != NULL && (k = va_arg(ap, const char *)) != NULL)
		obj = json_is_object(obj) ? json_object_get(obj, k) : NULL;
	va_end(ap);
	return json_is_string(obj) ?
	    arena_strdup(L->a, json_string_value(obj)) :
	    NULL;
}

const char *
jval(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *
jintern(struct loader *L, json_t *v)
{
	return estate_intern(L->e, jval(v));
}

enum tri
jtri(json_t *v)
{
	if (json_is_true(v))
		return TRI_TRUE;
	if (json_is_false(v))
		return TRI_FALSE;
	if (json_is_string(v)) {
		if (mp_strcaseeq(json_string_value(v), "true"))
			return TRI_TRUE;
		if (mp_strcaseeq(json_string_value(v), "false"))
			return TRI_FALSE;
	}
	return TRI_UNSET;
}

/* Every key of every input object comes here: its length (jansson's)
 * first. */
static bool
secret_key(const char *k, size_t n)
{
	switch (n) {
	case sizeof("sharedKey") - 1:
		return mp_strcaseeq(k, "sharedKey");
	case sizeof("serviceKey") - 1:
		return mp_strcaseeq(k, "serviceKey");
	case sizeof("authorizationKey") - 1:
		return mp_strcaseeq(k, "authorizationKey");
	default:
		return false;
	}
}

void
strip_secrets(json_t *v)
{
	const char *k;
	void *tmp;
	json_t *x;
	size_t i, n;

	if (json_is_object(v)) {
		json_object_keylen_foreach_safe(v, tmp, k, n, x)
		{
			if (secret_key(k, n))
				json_object_del(v, k);
			else
				strip_secrets(x);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) strip_secrets(x);
	}
}

bool
json_empty(json_t *v)
{
	return v == NULL || json_is_null(v) ||
	    (json_is_string(v) && json_string_length(v) == 0) ||
	    (json_is_array(v) && json_array_size(v) == 0) ||
	    (json_is_object(v) && json_object_size(v) == 0);
}

const char *
id_type(struct arena *a, const char *id)
{
	const char *p = id, *prov = NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *seg, *r;
	int i = 0;

	while ((p = strchr(p, '/')) != NULL) {
		if (mp_strcase_prefix(p, "/providers/"))
			prov = p;
		p++;
	}
	if (prov == NULL)
		return NULL;
	/* NS / t1 / n1 / t2 / n2 ...: keep NS and the even positions. */
	for (seg = prov + strlen("/providers/"); *seg; i++) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);

		if (i == 0 || i % 2 == 1) {
			if (i > 0)
				sb_putc(&sb, '/');
			sb_putn(&sb, seg, n);
		}
		if (end == NULL)
			break;
		seg = end + 1;
	}
	r = i >= 1 ? arena_strdup(a, sb_str(&sb)) : NULL;
	sb_free(&sb);
	return r;
}

const char *
ld_type(struct loader *L, const char *type, size_t n)
{
	const char *t;
	size_t i;

	for (i = 0; i < L->ntypes; i++)
		if (strncmp(L->types[i], type, n) == 0 &&
		    L->types[i][n] == '\0')
			return L->types[i];
	t = arena_strndup(L->tmp, type, n);
	if (L->ntypes < MP_NELEM(L->types))
		L->types[L->ntypes++] = t;
	return t;
}

struct rec *
rec_add(struct loader *L, json_t *obj, const char *id, const char *type,
    const char *file, const char *pointer, bool flat)
{
	struct rec r;
	char *key;

	if (L->fill != NULL) {
		struct rec *f;

		/* The skim found these children in this order. */
		while (L->fill_at < L->nfill &&
		    !mp_strcaseeq(L->fill[L->fill_at].key, id))
			L->fill_at++;
		MP_ASSERT(L->fill_at < L->nfill);
		f = &L->fill[L->fill_at++];
		MP_ASSERT(f->obj == NULL);
		/* The id is the placeholder's (same key, same skimmed
		 * string); the type may be spelt otherwise. */
		f->obj = obj;
		if (strcmp(f->type, type) != 0)
			f->type = ld_type(L, type, strlen(type));
		f->pointer = pointer;
		f->flat = flat;
		return f;
	}
	memset(&r, 0, sizeof(r));
	r.obj = obj;
	r.id = id;
	key = arena_strdup(L->tmp, r.id);
	mp_strlower(key);
	r.key = key;
	r.type = ld_type(L, type, strlen(type));
	r.file = file;
	r.pointer = pointer;
	r.flat = flat;
	r.seq = L->seq++;
	r.file_index = L->file_index;
	/* malloc'd rather than in L->tmp, where each doubling would leave
	 * the old copy behind (tens of MiB for a large estate). */
	if (L->recs.n == L->recs.cap) {
		L->recs.cap = L->recs.cap ? 2 * L->recs.cap : 256;
		L->recs.v = xrealloc(L->recs.v,
		    L->recs.cap * sizeof(*L->recs.v));
	}
	L->recs.v[L->recs.n++] = r;
	return &L->recs.v[L->recs.n - 1];
}

static bool
volatile_key(const char *k)
{
	static const char *const keys[] = { "etag", "provisioningState",
		"resourceGuid", "peeringSyncLevel", "systemData", "changedTime",
		"createdTime", "apiVersion" };
	size_t i;

	for (i = 0; i < MP_NELEM(keys); i++)
		if (mp_strcaseeq(k, keys[i]))
			return true;
	return false;
}

static char *
short_json(json_t *v)
{
	char *s = json_dumps(v,
	    JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);

	if (s != NULL && strlen(s) > 60)
		strcpy(s + 57, "...");
	return s;
}

void
json_merge(struct loader *L, json_t *dst, json_t *src, const char *file,
    const char *pointer, const char *resource, const char *path)
{
	const char *k;
	json_t *s, *t;

	json_object_foreach(src, k, s)
	{
		const char *sub;

		t = json_object_get(dst, k);
		if (json_empty(s) && t != NULL)
			continue;
		if (t == NULL || json_empty(t)) {
			json_object_set(dst, k, s);
			continue;
		}
		if (json_equal(t, s))
			continue;
		sub = arena_printf(L->a, "%s/%s", path, k);
		if (json_is_object(t) && json_is_object(s)) {
			json_merge(L, t, s, file, pointer, resource, sub);
			continue;
		}
		if (json_is_string(t) && json_is_string(s) &&
		    mp_strcaseeq(json_string_value(t), json_string_value(s)))
			continue;
		if (!volatile_key(k)) {
			char *a = short_json(t), *b = short_json(s);

			ld_diag(L, DIAG_WARNING, "merge-conflict", file,
			    pointer, resource,
			    "%s differs between inputs: %s, then %s (the "
			    "later value is kept)",
			    sub + 1, a ? a : "?", b ? b : "?");
			free(a);
			free(b);
		}
		json_object_set(dst, k, s);
	}
}

/* ---- compact dump ---- */

struct member {
	const char *key;
	json_t *v;
};

static int
member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->key,
	    ((const struct member *)b)->key);
}

void
json_dump_sorted(struct strbuf *sb, json_t *v)
{
	struct member *m;
	const char *k;
	json_t *x;
	size_t i, n;
	char *t;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		n = json_object_size(v);
		m = xcalloc(n + 1, sizeof(*m));
		i = 0;
		json_object_foreach(v, k, x)
		{
			m[i].key = k;
			m[i++].v = x;
		}
		qsort(m, n, sizeof(*m), member_cmp);
		sb_putc(sb, '{');
		for (i = 0; i < n; i++) {
			if (i > 0)
				sb_putc(sb, ',');
			sb_put_json_string(sb, m[i].key);
			sb_putc(sb, ':');
			json_dump_sorted(sb, m[i].v);
		}
		sb_putc(sb, '}');
		free(m);
		break;
	case JSON_ARRAY:
		sb_putc(sb, '[');
		json_array_foreach(v, i, x)
		{
			if (i > 0)
				sb_putc(sb, ',');
			json_dump_sorted(sb, x);
		}
		sb_putc(sb, ']');
		break;
	case JSON_STRING:
		sb_put_json_string(sb, json_string_value(v));
		break;
	case JSON_INTEGER:
		sb_printf(sb, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_TRUE:
		sb_puts(sb, "true");
		break;
	case JSON_FALSE:
		sb_puts(sb, "false");
		break;
	case JSON_NULL:
		sb_puts(sb, "null");
		break;
	default:
		/* Reals (rare here): jansson's own digits. */
		t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		MP_ASSERT(t != NULL);
		sb_puts(sb, t);
		free(t);
		break;
	}
}
