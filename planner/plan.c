/*
 * plan.c - the plan IR's small helpers: step kind names, creation and
 * freeing, lookup of a plan VNet by id. The planner that fills a plan is
 * mesh.c (meshes, effect, segmentation) with waves.c (waves and steps).
 *
 * Invariant: after plan_sort_vnets() p->vnets is sorted by id compared
 * case-insensitively, which plan_find_vnet's binary search relies on.
 */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

static const char *const step_names[] = {
	[STEP_FEATURE] = "feature",
	[STEP_SUBNET_POLICY] = "subnet-policy",
	[STEP_VNET_POLICY] = "vnet-policy",
	[STEP_SUMMARIES] = "summaries",
	[STEP_MANAGER] = "manager",
	[STEP_GROUP] = "group",
	[STEP_CONFIG] = "config",
	[STEP_SECURITY] = "security",
	[STEP_COMMIT] = "commit",
	[STEP_VALIDATE] = "validate",
	[STEP_MEMBER] = "member",
	[STEP_TAG] = "tag",
	[STEP_RULE_COLLECTION] = "rule-collection",
	[STEP_RULE] = "rule",
	[STEP_MEMBER_DELETE] = "member-delete",
};

const char *
step_kind_name(enum step_kind k)
{
	MP_ASSERT((size_t)k < MP_NELEM(step_names) && step_names[k] != NULL);
	return step_names[k];
}

int
step_kind_parse(const char *s)
{
	size_t i;

	for (i = 0; i < MP_NELEM(step_names); i++)
		if (step_names[i] != NULL && strcmp(step_names[i], s) == 0)
			return (int)i;
	return -1;
}

const struct step_prop *
step_prop_get(const struct plan_step *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->props.n; i++)
		if (strcmp(s->props.v[i].name, name) == 0)
			return &s->props.v[i];
	return NULL;
}

const char *
step_prop(const struct plan_step *s, const char *name)
{
	const struct step_prop *p = step_prop_get(s, name);

	return p != NULL && p->values.n > 0 ? p->values.v[0] : NULL;
}

void
step_set(struct arena *a, struct plan_step *s, const char *name,
    const char *value)
{
	struct step_prop p;

	memset(&p, 0, sizeof(p));
	p.name = name;
	ARR_PUSH(a, p.values, value);
	ARR_PUSH(a, s->props, p);
}

void
step_set_list(struct arena *a, struct plan_step *s, const char *name,
    const char *const *values, size_t n)
{
	struct step_prop p;
	size_t i;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.list = true;
	for (i = 0; i < n; i++)
		ARR_PUSH(a, p.values, values[i]);
	ARR_PUSH(a, s->props, p);
}

struct plan *
plan_new(void)
{
	struct arena *a = arena_new();
	struct plan *p = arena_alloc(a, sizeof(*p));

	p->arena = a;
	return p;
}

void
plan_free(struct plan *p)
{
	if (p != NULL)
		arena_free(p->arena);
}

static int
vnet_cmp(const void *a, const void *b)
{
	const struct plan_vnet *x = a, *y = b;

	return mp_strcasecmp(x->id, y->id);
}

void
plan_sort_vnets(struct plan *p)
{
	if (p->vnets.n > 1)
		qsort(p->vnets.v, p->vnets.n, sizeof(*p->vnets.v), vnet_cmp);
}

const struct plan_vnet *
plan_find_vnet(const struct plan *p, const char *id)
{
	size_t lo = 0, hi = p->vnets.n;

	if (id == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = mp_strcasecmp(id, p->vnets.v[mid].id);

		if (c == 0)
			return &p->vnets.v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

struct plan_vnet *
plan_hub_vnet(struct plan *p, const struct vnet *h)
{
	struct plan_vnet pv;
	struct arena *a = p->arena;
	size_t j;

	if (plan_find_vnet(p, h->r.id) != NULL)
		return (struct plan_vnet *)plan_find_vnet(p, h->r.id);
	memset(&pv, 0, sizeof(pv));
	pv.id = arena_strdup(a, h->r.id);
	pv.name = arena_strdup(a, h->r.name);
	pv.subscription = arena_strdup(a, h->r.subscription);
	pv.resource_group = arena_strdup(a, h->r.resource_group);
	pv.location = arena_strdup(a, h->r.location);
	for (j = 0; j < h->prefixes.n; j++)
		ARR_PUSH(a, pv.prefixes, h->prefixes.v[j]);
	for (j = 0; j < h->r.tags.n; j++) {
		struct tag t;

		t.key = arena_strdup(a, h->r.tags.v[j].key);
		t.value = arena_strdup(a, h->r.tags.v[j].value);
		ARR_PUSH(a, pv.tags, t);
	}
	pv.npes = h->npes;
	pv.raw = arena_strdup(a, h->raw);
	pv.pe_vnet_policies = arena_strdup(a, h->pe_vnet_policies);
	pv.is_hub = true;
	ARR_PUSH(a, p->vnets, pv);
	plan_sort_vnets(p);
	return (struct plan_vnet *)plan_find_vnet(p, h->r.id);
}
