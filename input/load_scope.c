/*
 * load_scope.c - the scope (subscription and resource group) of an ARM
 * template that names none (load_int.h): --scope, else the path
 * (".../subscriptions/<guid>/resourceGroups/<rg>/..." or
 * ".../<guid>/<rg>.json"), else a stable placeholder
 * ("unknown-<name>-<hash>") and, once every input is read, the one scope
 * where other inputs refer to the template's resources by type and name.
 * Zero or several such scopes leave it unknown, with a warning.
 *
 *   ld_parse_scope      "/subscriptions/S/resourceGroups/R" -> S, R
 *   ld_scope_from_path  S and R from a file's path
 *   ld_unknown_rg       the placeholder group of a file
 *   ld_infer_scopes     rewrite the records of templates whose scope
 *                       the other inputs show
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "load_int.h"
#include "resources.h"

static bool
is_guid(const char *s, size_t n)
{
	static const size_t dash[] = { 8, 13, 18, 23 };
	size_t i, k = 0;

	if (n != 36)
		return false;
	for (i = 0; i < n; i++) {
		if (k < 4 && i == dash[k]) {
			if (s[i] != '-')
				return false;
			k++;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
			       (s[i] >= 'a' && s[i] <= 'f') ||
			       (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	}
	return true;
}

/* "/subscriptions/S/resourceGroups/R[/]" -> S, R. */
bool
ld_parse_scope(struct arena *a, const char *s, const char **sub,
    const char **rg)
{
	const char *n = id_normalize(a, s);

	*sub = id_subscription(a, n);
	*rg = id_resource_group(a, n);
	return *sub != NULL && *rg != NULL && **sub != '\0' && **rg != '\0' &&
	    strchr(*rg, '/') == NULL &&
	    strlen(n) ==
	    strlen("/subscriptions//resourceGroups/") + strlen(*sub) +
		strlen(*rg);
}

/*
 * Scope from the path: ".../subscriptions/<guid>/resourceGroups/<rg>/..."
 * or ".../<guid>/<rg>.json".
 */
bool
ld_scope_from_path(struct arena *a, const char *path, const char **sub,
    const char **rg)
{
	const char *s = id_subscription(a, path);
	const char *r = id_resource_group(a, path);
	const char *base, *dir;
	size_t n;

	if (s != NULL && r != NULL && is_guid(s, strlen(s))) {
		*sub = s;
		*rg = r;
		return true;
	}
	base = strrchr(path, '/');
	if (base == NULL || base == path)
		return false;
	for (dir = base - 1; dir > path && dir[-1] != '/'; dir--)
		;
	if (!is_guid(dir, (size_t)(base - dir)))
		return false;
	base++;
	n = strlen(base);
	if (n <= 5 || !mp_strcase_suffix(base, ".json"))
		return false;
	*sub = arena_strndup(a, dir, 36);
	*rg = arena_strndup(a, base, n - 5);
	return true;
}

/* A resource-group token for a template without scope: stable per path. */
const char *
ld_unknown_rg(struct arena *a, const char *path)
{
	const char *base = strrchr(path, '/');
	struct strbuf sb = STRBUF_INIT;
	const char *r;
	size_t i;

	base = base ? base + 1 : path;
	sb_puts(&sb, "unknown-");
	for (i = 0; base[i] && strcmp(base + i, ".json") != 0; i++) {
		char c = base[i];

		sb_putc(&sb,
		    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			    c == '.' ?
			c :
			'_');
	}
	sb_printf(&sb, "-%08llx", mp_hash_lower(path) & 0xffffffffULL);
	r = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return r;
}

/*
 * Split an id-like string into its scope and its top-level "NS/t/n"
 * (lower case). Returns false when s is not a resource-group id.
 */
static bool
split_id(struct arena *a, const char *s, const char **scope, const char **top)
{
	const char *p, *q;
	char *t;
	int k;

	if (*s == '/')
		s++;
	if (!mp_strcase_prefix(s, "subscriptions/"))
		return false;
	p = strchr(s + strlen("subscriptions/"), '/');
	if (p == NULL || !mp_strcase_prefix(p, "/resourceGroups/"))
		return false;
	p = strchr(p + strlen("/resourceGroups/"), '/');
	if (p == NULL || !mp_strcase_prefix(p, "/providers/"))
		return false;
	*scope = arena_printf(a, "/%.*s", (int)(p - s), s);
	q = p + strlen("/providers/");
	for (k = 0, p = q; k < 3; k++) {
		const char *e = strchr(p, '/');

		if (k < 2 && e == NULL)
			return false;
		p = e ? e + 1 : p + strlen(p);
	}
	t = arena_strndup(a, q, (size_t)(p - q) - (p[-1] == '/'));
	mp_strlower(t);
	*top = t;
	return **top != '\0';
}

struct cands {
	ARR(const char *) scopes;
};

static void
index_strings(struct loader *L, struct strmap *m, json_t *v)
{
	const char *k, *scope, *top;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, k, x) index_strings(L, m, x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) index_strings(L, m, x);
	} else if (json_is_string(v) &&
	    split_id(L->a, json_string_value(v), &scope, &top) &&
	    !mp_strcase_prefix(scope, "/subscriptions/" UNKNOWN_SUB)) {
		struct cands *c = strmap_get(m, top);

		if (c == NULL) {
			c = arena_alloc(L->a, sizeof(*c));
			strmap_put(m, top, c);
		}
		for (i = 0; i < c->scopes.n; i++)
			if (mp_strcaseeq(c->scopes.v[i], scope))
				return;
		ARR_PUSH(L->a, c->scopes, scope);
	}
}

static json_t *
rewrite(json_t *v, const char *from, const char *to)
{
	const char *k;
	json_t *x;
	size_t i, n = strlen(from);

	if (json_is_object(v)) {
		json_object_foreach(v, k, x)
		    json_object_set_new(v, k, rewrite(x, from, to));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
		    json_array_set_new(v, i, rewrite(x, from, to));
	} else if (json_is_string(v) &&
	    mp_strcase_prefix(json_string_value(v), from) &&
	    (json_string_value(v)[n] == '/' ||
		json_string_value(v)[n] == '\0')) {
		struct strbuf sb = STRBUF_INIT;
		json_t *r;

		sb_puts(&sb, to);
		sb_puts(&sb, json_string_value(v) + n);
		r = json_string(sb_str(&sb));
		sb_free(&sb);
		return r;
	}
	return json_incref(v);
}

void
ld_infer_scopes(struct loader *L, struct uscope *u, size_t nu)
{
	struct strmap *m;
	size_t i, j, k;

	if (nu == 0)
		return;
	/* Every record's strings are looked at: parse the lazy ones now. */
	for (i = 0; i < L->recs.n; i++)
		if (L->recs.v[i].text != NULL)
			res_expand(L, &L->recs.v[i]);
	m = strmap_new(L->a);
	for (i = 0; i < L->recs.n; i++)
		index_strings(L, m, L->recs.v[i].obj);
	for (i = 0; i < nu; i++) {
		ARR(const char *) found = { NULL, 0, 0 };
		const char *via = NULL, *scope, *top;

		for (j = u[i].start; j < u[i].end; j++) {
			struct rec *r = &L->recs.v[j];
			struct cands *c;

			if (id_parent(L->a, r->id) != NULL ||
			    !split_id(L->a, r->id, &scope, &top) ||
			    (c = strmap_get(m, top)) == NULL)
				continue;
			for (k = 0; k < c->scopes.n; k++) {
				size_t f;

				for (f = 0; f < found.n; f++)
					if (mp_strcaseeq(found.v[f],
						c->scopes.v[k]))
						break;
				if (f == found.n) {
					ARR_PUSH(L->a, found, c->scopes.v[k]);
					via = r->id;
				}
			}
		}
		if (found.n == 0) {
			ld_diag(L, DIAG_WARNING, "scope-unknown", u[i].file,
			    NULL, NULL,
			    "template without subscription and "
			    "resource group (give --scope, or a path like "
			    ".../<subscription-guid>/<group>.json); its ids "
			    "use %s",
			    u[i].prefix);
			continue;
		}
		if (found.n > 1) {
			ld_diag(L, DIAG_WARNING, "scope-ambiguous", u[i].file,
			    NULL, NULL,
			    "template without scope; its resources "
			    "match %zu scopes by type and name (%s, %s%s): "
			    "left unknown (%s)",
			    found.n, found.v[0], found.v[1],
			    found.n > 2 ? ", ..." : "", u[i].prefix);
			continue;
		}
		ld_diag(L, DIAG_WARNING, "scope-inferred", u[i].file, NULL,
		    NULL,
		    "template without scope: taken as %s, the only "
		    "scope where other inputs refer to %s by type and name",
		    found.v[0], id_last_name(L->a, via));
		for (j = u[i].start; j < u[i].end; j++) {
			struct rec *r = &L->recs.v[j];
			json_t *o = rewrite(r->obj, u[i].prefix, found.v[0]);
			char *key;

			json_decref(r->obj);
			r->obj = o;
			r->id = arena_printf(L->tmp, "%s%s", found.v[0],
			    r->id + strlen(u[i].prefix));
			key = arena_strdup(L->tmp, r->id);
			mp_strlower(key);
			r->key = key;
			r->unknown_scope = false;
		}
	}
}
