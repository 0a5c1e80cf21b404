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
#include <sys/types.h>

#include <jansson.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/plan.h"
#include "emitter.h"
#include "quote.h"

struct ctx {
	struct arena *a;   /* the changes */
	struct arena *tmp; /* name maps and key lists, per folder */
	struct whatif *out;
	const char *type;
	/*
	 * The property path being compared ("properties.subnets[a]...").
	 * Kept in one buffer and copied only into a change: most of the
	 * paths compared change nothing.
	 */
	struct strbuf path;
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
	case WI_CREATE:
		c->out->ncreate++;
		break;
	case WI_MODIFY:
		c->out->nmodify++;
		break;
	case WI_DELETE:
		c->out->ndelete++;
		break;
	case WI_ACTION:
		c->out->naction++;
		break;
	}
}

/* A change at the current path. */
static void
change_here(struct ctx *c, enum whatif_op op, const char *id, const json_t *o,
    const json_t *n)
{
	change(c, op, id, arena_strndup(c->a, sb_str(&c->path), c->path.len), o,
	    n);
}

/* The path one level down: ".key" (or "key" at the top), "[name]". */
static size_t
path_push(struct ctx *c, const char *open, const char *seg, const char *close)
{
	size_t len = c->path.len;

	if (!(*open == '.' && len == 0))
		sb_puts(&c->path, open);
	sb_puts(&c->path, seg);
	sb_puts(&c->path, close);
	return len;
}

static void
path_pop(struct ctx *c, size_t len)
{
	c->path.len = len;
	if (c->path.s != NULL)
		c->path.s[len] = '\0';
}

static bool
named_array(const json_t *arr)
{
	const json_t *it;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return false;
	json_array_foreach(arr, i,
	    it) if (!json_is_string(json_object_get(it, "name"))) return false;
	return true;
}

/* The index of the item of arr with this name (any case), or -1. */
static ssize_t
item_named(const json_t *arr, const char *name)
{
	const json_t *it;
	size_t i;

	json_array_foreach(arr, i,
	    it) if (mp_strcaseeq(json_string_value(json_object_get(it, "name")),
			name)) return (ssize_t)i;
	return -1;
}

/* The items of a named array by name (any case; the first of a name). A
 * hub's peerings are thousands: no scan per item. */
static struct strmap *
by_name(struct arena *a, const json_t *arr)
{
	struct strmap *m = strmap_new(a);
	const json_t *it;
	size_t i;

	json_array_foreach(arr, i, it)
	{
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

static void diff(struct ctx *c, const char *id, const json_t *o,
    const json_t *n);

static void
diff_named(struct ctx *c, const char *id, const json_t *o, const json_t *n)
{
	const json_t *it;
	size_t i, len;
	const char *path = arena_strndup(c->tmp, sb_str(&c->path), c->path.len);
	const char *seg = strrchr(path, '.') ? strrchr(path, '.') + 1 : path;
	struct strmap *on = by_name(c->tmp, o), *nn = by_name(c->tmp, n);

	json_array_foreach(o, i, it)
	{
		const char *nm = json_string_value(json_object_get(it, "name"));
		const json_t *other = strmap_get(nn, nm);

		if (other == NULL) {
			change_here(c, WI_DELETE,
			    arena_printf(c->a, "%s/%s/%s", id, seg, nm), it,
			    NULL);
			continue;
		}
		len = path_push(c, "[", nm, "]");
		diff(c, id, it, other);
		path_pop(c, len);
	}
	json_array_foreach(n, i, it)
	{
		const char *nm = json_string_value(json_object_get(it, "name"));

		if (strmap_get(on, nm) == NULL)
			change_here(c, WI_CREATE,
			    arena_printf(c->a, "%s/%s/%s", id, seg, nm), NULL,
			    it);
	}
}

/*
 * Compare o (before) with n (after) at the current path. The same node
 * on both sides is a part the change leaves alone (after() shares it
 * with the export): nothing to compare.
 */
static void
diff(struct ctx *c, const char *id, const json_t *o, const json_t *n)
{
	if (o == n)
		return;
	if (json_is_object(o) && json_is_object(n)) {
		ARR(const char *) keys = { 0 };
		const char *k;
		json_t *v;
		size_t i, len;

		json_object_foreach((json_t *)o, k, v)
		    ARR_PUSH(c->tmp, keys, k);
		json_object_foreach((json_t *)n, k,
		    v) if (json_object_get(o, k) == NULL)
		    ARR_PUSH(c->tmp, keys, k);
		if (keys.n > 1)
			qsort(keys.v, keys.n, sizeof(*keys.v), key_cmp);
		for (i = 0; i < keys.n; i++) {
			len = path_push(c, ".", keys.v[i], "");
			diff(c, id, json_object_get(o, keys.v[i]),
			    json_object_get(n, keys.v[i]));
			path_pop(c, len);
		}
		return;
	}
	if (o != NULL && n != NULL && named_array(o) &&
	    (named_array(n) || json_array_size(n) == 0)) {
		diff_named(c, id, o, n);
		return;
	}
	if (o != NULL && n != NULL && json_equal((json_t *)o, (json_t *)n))
		return;
	change_here(c, WI_MODIFY, id, o, n);
}

/*
 * src merged into dst, a node of its own. An object of dst that src
 * merges into is copied first (one level: its members stay shared with
 * the export); what src sets is a copy of src's.
 */
static void
merge(json_t *dst, const json_t *src)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)src, k, v)
	{
		json_t *d = json_object_get(dst, k);

		if (json_is_object(d) && json_is_object(v)) {
			d = json_copy(d);
			json_object_set_new(dst, k, d);
			merge(d, v);
		} else
			json_object_set_new(dst, k, json_deep_copy(v));
	}
}

/*
 * The state after the change, or NULL when nothing is declared. MERGE:
 * the export with the patches merged, sharing every node the patches do
 * not reach with old (only the nodes on the way to a change are copied),
 * so that diff() skips the rest (a hub's thousands of peerings) at once.
 */
static json_t *
after(const struct iac_res *r, json_t *old, enum whatif_mode mode)
{
	json_t *n, *props, *subs, *sn;
	size_t i;

	if (mode == WHATIF_PUT)
		return r->body ? json_deep_copy(r->body) : NULL;
	n = json_copy(old);
	if (r->patch != NULL)
		merge(n, r->patch);
	if (json_array_size(r->subnet_patches) == 0)
		return n;
	props = json_copy(json_object_get(n, "properties"));
	if (props == NULL)
		return n;
	json_object_set_new(n, "properties", props);
	subs = json_copy(json_object_get(props, "subnets"));
	if (subs == NULL)
		return n;
	json_object_set_new(props, "subnets", subs);
	for (i = 0; i < json_array_size(r->subnet_patches); i++) {
		const json_t *sp = json_array_get(r->subnet_patches, i);
		ssize_t k = item_named(subs,
		    json_string_value(json_object_get(sp, "name")));

		if (k < 0 || !json_is_object(json_array_get(subs, (size_t)k)))
			continue;
		sn = json_copy(json_array_get(subs, (size_t)k));
		json_array_set_new(subs, (size_t)k, sn);
		merge(sn, json_object_get(sp, "body"));
	}
	return n;
}

/*
 * What of the export src reaches, added to dst (vnet_raw_json_only's
 * want): the objects src merges into, true for the values it sets (and
 * where two patches disagree: the whole value).
 */
static void
reach_add(json_t *dst, const json_t *src)
{
	const char *k;
	json_t *v, *d;

	json_object_foreach((json_t *)src, k, v)
	{
		d = json_object_get(dst, k);
		if (json_is_object(v) && (d == NULL || json_is_object(d))) {
			if (d == NULL) {
				d = json_object();
				json_object_set_new(dst, k, d);
			}
			reach_add(d, v);
		} else
			json_object_set_new(dst, k, json_true());
	}
}

/*
 * What of the export a merge's what-if compares: what the patches set;
 * for subnet patches, each subnet's name and what the patches set in a
 * subnet ([item] in want: vnet_raw_json_only makes every item so).
 */
static json_t *
merge_reach(const struct iac_res *r)
{
	json_t *want = json_object(), *props, *item;
	size_t i;

	if (r->patch != NULL)
		reach_add(want, r->patch);
	if (json_array_size(r->subnet_patches) == 0)
		return want;
	props = json_object_get(want, "properties");
	if (props == NULL) {
		props = json_object();
		json_object_set_new(want, "properties", props);
	}
	if (!json_is_object(props))
		return want;
	item = json_object();
	json_object_set_new(item, "name", json_true());
	for (i = 0; i < json_array_size(r->subnet_patches); i++)
		reach_add(item,
		    json_object_get(json_array_get(r->subnet_patches, i),
			"body"));
	json_object_set_new(props, "subnets", json_pack("[o]", item));
	return want;
}

/* One VNet of the folder: the export against the state after r. */
static void
vnet_whatif(struct ctx *c, const struct iac_res *r, enum whatif_mode mode)
{
	json_t *old, *n, *want;

	if (mode == WHATIF_MERGE) {
		want = merge_reach(r);
		old = vnet_raw_json_only(r->vnet, want);
		json_decref(want);
	} else
		old = vnet_raw_json(r->vnet);

	if (old == NULL) {
		if (mode == WHATIF_MERGE && r->patch != NULL)
			change(c, WI_MODIFY, r->id, "properties", NULL,
			    json_object_get(r->patch, "properties"));
		return;
	}
	/*
	 * The export loses its read-only properties before the state after
	 * is made from it (MERGE): the patches set none, so the state
	 * after needs no stripping of its own.
	 */
	arm_strip_readonly(old);
	json_object_del(old, "name");
	n = after(r, old, mode);
	if (n == NULL) {
		json_decref(old);
		return;
	}
	if (mode == WHATIF_PUT) {
		arm_strip_readonly(n);
		json_object_del(n, "name");
	}
	path_pop(c, 0);
	diff(c, r->id, old, n);
	json_decref(old);
	json_decref(n);
}

void
whatif_folder(const struct iac *m, const struct iac_folder *f,
    enum whatif_mode mode, struct arena *a, struct whatif *out)
{
	struct ctx c;
	size_t i;

	(void)m;
	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.tmp = arena_new();
	c.out = out;
	for (i = 0; i < f->res.n; i++) {
		const struct iac_res *r = &f->res.v[i];

		c.type = r->type;
		if (r->kind == IK_FEATURE)
			change(&c, WI_ACTION, r->id, "register", NULL, NULL);
		else if (r->kind != IK_VNET)
			change(&c, WI_CREATE, r->id, NULL, NULL, NULL);
		else
			vnet_whatif(&c, r, mode);
	}
	sb_free(&c.path);
	arena_free(c.tmp);
}

static const char *const op_names[] = { "create", "modify", "delete",
	"action" };

void
whatif_markdown(const struct whatif *w, struct strbuf *sb)
{
	size_t i;

	sb_printf(sb,
	    "%zu to create, %zu to modify, %zu to delete, %zu "
	    "action%s.\n\n",
	    w->ncreate, w->nmodify, w->ndelete, w->naction,
	    w->naction == 1 ? "" : "s");
	for (i = 0; i < w->v.n; i++) {
		const struct whatif_change *c = &w->v.v[i];

		sb_puts(sb, "- **");
		sb_puts(sb, op_names[c->op]);
		sb_puts(sb, "** ");
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

	sb_printf(sb,
	    "%s: %zu to create, %zu to modify, %zu to delete, %zu "
	    "action%s\n",
	    folder, w->ncreate, w->nmodify, w->ndelete, w->naction,
	    w->naction == 1 ? "" : "s");
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
