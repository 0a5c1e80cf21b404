/*
 * labels.c - names for messages and reports, qualified where two resources
 * share one (labels.h).
 *
 * The index maps the path of names after a resource id's last
 * "/providers/" (type and names: "Microsoft.Network/virtualNetworks/x",
 * ".../x/subnets/default") to the first resource that has it, or to the
 * labels themselves once a second resource with another id has it too.
 * Keys point into the estate's lower-case ids (nothing is copied); the
 * map's order never reaches the output (only membership is asked).
 *
 * Index: labels_new, label_collides, label_qualified, label_res, label_id.
 */
#include "labels.h"

#include <stdint.h>
#include <string.h>

#include "../lib/strmap.h"
#include "../lib/util.h"
#include "analysis.h"
#include "estate.h"

struct labels {
	const struct estate *e;
	struct arena *a;
	struct strmap *paths; /* path -> struct res *, or the labels */
};

/* The part of id after its last "/providers/"; id itself without one.
 * From the end: the last one is the one wanted. */
static const char *
path_of(const char *id)
{
	static const char prov[] = "/providers/";
	size_t n = strlen(id), k = sizeof(prov) - 1, i;

	for (i = n >= k ? n - k + 1 : 0; i-- > 0;)
		if (id[i] == '/' && mp_strcase_prefix(id + i, prov))
			return id + i + k;
	return id;
}

static int
add_res(const struct res *r, void *ctx)
{
	struct labels *l = ctx;
	const struct res *first;
	const char *path = path_of(r->key);

	/* One lookup for a path seen first (most are): put, and look at
	 * what was there only when something was. */
	first = strmap_put_kept(l->paths, path, (void *)(uintptr_t)r);
	if (first == NULL)
		return 0;
	if ((const void *)first != (const void *)l &&
	    !mp_strcaseeq(first->key, r->key))
		strmap_put_kept(l->paths, path, l);
	else
		strmap_put_kept(l->paths, path, (void *)(uintptr_t)first);
	return 0;
}

struct labels *
labels_new(const struct estate *e, struct arena *a)
{
	struct labels *l = arena_calloc(a, 1, sizeof(*l));

	l->e = e;
	l->a = a;
	l->paths = strmap_new(a);
	/* In the estate's arrays' order, close to memory order: a walk of
	 * e->index would meet the resources at random. Which resource
	 * comes first does not matter: a path two ids share gets l. */
	estate_each(e, add_res, l);
	return l;
}

/* The path of id's parent ("ns/type/name/child/name" without the last
 * "/child/name"), from a; NULL for a top-level path. */
static const char *
parent_path(struct arena *a, const char *path)
{
	const char *end = path + strlen(path);
	size_t slashes = 0;
	const char *p;

	for (p = path; *p != '\0'; p++)
		slashes += *p == '/';
	if (slashes < 4)
		return NULL;
	for (slashes = 0; end > path && slashes < 2;)
		slashes += *--end == '/';
	return arena_strndup(a, path, (size_t)(end - path));
}

bool
label_collides(const struct labels *l, const char *id)
{
	const struct res *first;
	const char *path, *full;
	size_t len;

	if (l == NULL || id == NULL)
		return false;
	full = path = path_of(id);
	/* A child the index does not hold (a route table's route, which no
	 * input lists as a resource) is judged by the nearest parent it
	 * holds: "rt/route" is as ambiguous as "rt". Only a miss pays. */
	while ((first = strmap_get(l->paths, path)) == NULL)
		if ((path = parent_path(l->a, path)) == NULL)
			return false;
	if ((const void *)first == (const void *)l)
		return true;
	/* Another resource unless first is id (or the parent found). */
	len = strlen(id) - (strlen(full) - strlen(path));
	return strlen(first->key) != len || !mp_strcase_prefix(id, first->key);
}

const char *
label_qualified(struct arena *a, const char *name, const char *rg,
    const char *sub)
{
	return arena_printf(a, "%s (resource group %s, subscription %s)", name,
	    rg != NULL ? rg : "unknown", sub != NULL ? sub : "unknown");
}

static const char *
qualified(const struct labels *l, const char *name, const char *id)
{
	if (!label_collides(l, id))
		return name;
	return label_qualified(l->a, name, id_resource_group(l->a, id),
	    id_subscription(l->a, id));
}

const char *
label_res(const struct labels *l, const struct res *r)
{
	const char *name;

	if (r == NULL)
		return "?";
	name = r->name;
	if (name == NULL && l != NULL)
		name = id_last_name(l->a, r->id);
	if (name == NULL)
		name = r->id != NULL ? r->id : "?";
	return r->id != NULL ? qualified(l, name, r->id) : name;
}

/* A top-level resource's path is "namespace/type/name". */
static bool
top_level(const char *id)
{
	const char *p = path_of(id);
	size_t slashes = 0;

	for (; *p != '\0'; p++)
		slashes += *p == '/';
	return slashes == 2;
}

const char *
label_id(const struct labels *l, const char *id)
{
	const struct res *r;

	if (id == NULL)
		return "?";
	if (l == NULL)
		return id;
	if (top_level(id) && (r = estate_find(l->e, id)) != NULL &&
	    r->name != NULL)
		return label_res(l, r);
	return qualified(l, res_short_name(l->a, id), id);
}
