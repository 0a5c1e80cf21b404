/*
 * whatif.c - offline what-if of one IaC folder against the exported
 * estate (plan_vnet.raw).
 *
 * For a VNet the old state is the export; the new state is the folder's
 * body (PUT) or the export with the folder's patches merged (MERGE).
 * Both are compared after dropping the read-only properties ARM keeps by
 * itself (arm_strip_readonly). Arrays of named objects (subnets,
 * peerings, delegations) are matched by name: a name only in the old
 * list is a deletion, only in the new one a creation; other arrays and
 * scalars are compared whole. Every other resource of the folder is a
 * creation (features are actions). Limits: only what the export shows
 * can be compared; AVNM resources that exist already are not exported
 * into the plan, so the model never re-declares them.
 */
#include "whatif.h"

#include <string.h>

#include <jansson.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/plan.h"
#include "emitter.h"
#include "quote.h"

struct ctx {
	struct arena *a;
	struct whatif *out;
	const char *type;
};

static const char *
dump(struct arena *a, const json_t *j)
{
	char *s;
	const char *r;

	if (j == NULL)
		return NULL;
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (s == NULL)
		mp_oom(0);
	r = arena_strdup(a, s);
	free(s);
	return r;
}

static void
change(struct ctx *c, enum whatif_op op, const char *id, const char *path,
    const json_t *o, const json_t *n)
{
	struct whatif_change ch;

	ch.op = op;
	ch.id = id;
	ch.type = c->type;
	ch.path = path;
	ch.old_value = dump(c->a, o);
	ch.new_value = dump(c->a, n);
	ARR_PUSH(c->a, c->out->v, ch);
	switch (op) {
	case WI_CREATE: c->out->ncreate++; break;
	case WI_MODIFY: c->out->nmodify++; break;
	case WI_DELETE: c->out->ndelete++; break;
	case WI_ACTION: c->out->naction++; break;
	}
}

static bool
named_array(const json_t *arr)
{
	const json_t *it;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return false;
	json_array_foreach(arr, i, it)
		if (!json_is_string(json_object_get(it, "name")))
			return false;
	return true;
}

/* The item of arr with this name (any case), or NULL. */
static const json_t *
item_named(const json_t *arr, const char *name)
{
	const json_t *it;
	size_t i;

	json_array_foreach(arr, i, it)
		if (mp_strcaseeq(json_string_value(json_object_get(it, "name")),
		    name))
			return it;
	return NULL;
}

/* The items of a named array by name (any case; the first of a name). A
 * hub's peerings are thousands: no scan per item. */
static struct strmap *
by_name(struct arena *a, const json_t *arr)
{
	struct strmap *m = strmap_new(a);
	const json_t *it;
	size_t i;

	json_array_foreach(arr, i, it) {
		const char *nm = json_string_value(json_object_get(it, "name"));

		if (nm != NULL && strmap_get(m, nm) == NULL)
			strmap_put(m, nm, (void *)it);
	}
	return m;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void diff(struct ctx *c, const char *id, const char *path,
    const json_t *o, const json_t *n);

static void
diff_named(struct ctx *c, const char *id, const char *path, const json_t *o,
    const json_t *n)
{
	const json_t *it;
	size_t i;
	const char *seg = strrchr(path, '.') ? strrchr(path, '.') + 1 : path;
	struct strmap *on = by_name(c->a, o), *nn = by_name(c->a, n);

	json_array_foreach(o, i, it) {
		const char *nm = json_string_value(json_object_get(it, "name"));
		const json_t *other = strmap_get(nn, nm);
		const char *cid = arena_printf(c->a, "%s/%s/%s", id, seg, nm);

		if (other == NULL)
			change(c, WI_DELETE, cid, path, it, NULL);
		else
			diff(c, id, arena_printf(c->a, "%s[%s]", path, nm), it,
			    other);
	}
	json_array_foreach(n, i, it) {
		const char *nm = json_string_value(json_object_get(it, "name"));

		if (strmap_get(on, nm) == NULL)
			change(c, WI_CREATE, arena_printf(c->a, "%s/%s/%s", id,
			    seg, nm), path, NULL, it);
	}
}

static void
diff(struct ctx *c, const char *id, const char *path, const json_t *o,
    const json_t *n)
{
	if (json_is_object(o) && json_is_object(n)) {
		ARR(const char *) keys = { 0 };
		const char *k;
		json_t *v;
		size_t i;

		json_object_foreach((json_t *)o, k, v)
			ARR_PUSH(c->a, keys, k);
		json_object_foreach((json_t *)n, k, v)
			if (json_object_get(o, k) == NULL)
				ARR_PUSH(c->a, keys, k);
		if (keys.n > 1)
			qsort(keys.v, keys.n, sizeof(*keys.v), key_cmp);
		for (i = 0; i < keys.n; i++)
			/* The key belongs to the JSON document, freed once
			 * the folder is compared: the path is copied. */
			diff(c, id, *path ? arena_printf(c->a, "%s.%s", path,
			    keys.v[i]) : arena_strdup(c->a, keys.v[i]),
			    json_object_get(o,
			    keys.v[i]), json_object_get(n, keys.v[i]));
		return;
	}
	if (o != NULL && n != NULL && named_array(o) &&
	    (named_array(n) || json_array_size(n) == 0)) {
		diff_named(c, id, path, o, n);
		return;
	}
	if (o != NULL && n != NULL && json_equal((json_t *)o, (json_t *)n))
		return;
	change(c, WI_MODIFY, id, path, o, n);
}

static void
merge(json_t *dst, const json_t *src)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)src, k, v) {
		json_t *d = json_object_get(dst, k);

		if (json_is_object(d) && json_is_object(v))
			merge(d, v);
		else
			json_object_set_new(dst, k, json_deep_copy(v));
	}
}

/* The state after the change, or NULL when nothing is declared. */
static json_t *
after(const struct iac_res *r, const json_t *old, enum whatif_mode mode)
{
	json_t *n;
	size_t i;

	if (mode == WHATIF_PUT)
		return r->body ? json_deep_copy(r->body) : NULL;
	n = json_deep_copy(old);
	if (r->patch != NULL)
		merge(n, r->patch);
	for (i = 0; i < json_array_size(r->subnet_patches); i++) {
		const json_t *sp = json_array_get(r->subnet_patches, i);
		json_t *subs = json_object_get(json_object_get(n, "properties"),
		    "subnets");
		json_t *sn = (json_t *)item_named(subs, json_string_value(
		    json_object_get(sp, "name")));

		if (sn != NULL)
			merge(sn, json_object_get(sp, "body"));
	}
	return n;
}

void
whatif_folder(const struct iac *m, const struct iac_folder *f,
    enum whatif_mode mode, struct arena *a, struct whatif *out)
{
	struct ctx c;
	size_t i;

	(void)m;
	memset(out, 0, sizeof(*out));
	c.a = a;
	c.out = out;
	for (i = 0; i < f->res.n; i++) {
		const struct iac_res *r = &f->res.v[i];
		json_t *old, *n;

		c.type = r->type;
		if (r->kind == IK_FEATURE) {
			change(&c, WI_ACTION, r->id, "register", NULL, NULL);
			continue;
		}
		if (r->kind != IK_VNET) {
			change(&c, WI_CREATE, r->id, NULL, NULL, NULL);
			continue;
		}
		old = vnet_raw_json(r->vnet);
		if (old == NULL) {
			if (mode == WHATIF_MERGE && r->patch != NULL)
				change(&c, WI_MODIFY, r->id, "properties", NULL,
				    json_object_get(r->patch, "properties"));
			continue;
		}
		n = after(r, old, mode);
		if (n == NULL) {
			json_decref(old);
			continue;
		}
		arm_strip_readonly(old);
		arm_strip_readonly(n);
		json_object_del(old, "name");
		json_object_del(n, "name");
		diff(&c, r->id, "", old, n);
		json_decref(old);
		json_decref(n);
	}
}

static const char *const op_names[] = { "create", "modify", "delete",
	"action" };

void
whatif_markdown(const struct whatif *w, struct strbuf *sb)
{
	size_t i;

	sb_printf(sb, "%zu to create, %zu to modify, %zu to delete, %zu "
	    "action%s.\n\n", w->ncreate, w->nmodify, w->ndelete, w->naction,
	    w->naction == 1 ? "" : "s");
	for (i = 0; i < w->v.n; i++) {
		const struct whatif_change *c = &w->v.v[i];

		sb_printf(sb, "- **%s** ", op_names[c->op]);
		md_escape(sb, c->id);
		if (c->op == WI_MODIFY) {
			sb_puts(sb, ": ");
			md_escape(sb, c->path);
			sb_puts(sb, ": ");
			md_escape(sb, c->old_value ? c->old_value : "(absent)");
			sb_puts(sb, " -> ");
			md_escape(sb, c->new_value ? c->new_value : "(absent)");
		}
		sb_puts(sb, "\n");
	}
}

void
whatif_text(const struct whatif *w, const char *folder, struct strbuf *sb)
{
	size_t i;

	sb_printf(sb, "%s: %zu to create, %zu to modify, %zu to delete, %zu "
	    "action%s\n", folder, w->ncreate, w->nmodify, w->ndelete,
	    w->naction, w->naction == 1 ? "" : "s");
	for (i = 0; i < w->v.n; i++) {
		const struct whatif_change *c = &w->v.v[i];

		sb_printf(sb, "  %-6s %s", op_names[c->op], c->id);
		if (c->op == WI_MODIFY)
			sb_printf(sb, " %s: %s -> %s", c->path,
			    c->old_value ? c->old_value : "(absent)",
			    c->new_value ? c->new_value : "(absent)");
		sb_putc(sb, '\n');
	}
}
