/*
 * plan.c - the plan IR's small helpers (step kind names, creation and
 * freeing, lookup of a plan VNet by id) and plan_build, which fills a plan
 * stage by stage: scope and mesh groups (mesh.c), resumed configurations
 * (plan_resume.c), manager, features, VNets, segments and waves
 * (plan_manager.c), steps (waves.c), the effect per wave, segmentation
 * and deny rules (plan_effect.c). The stages share struct bld
 * (plan_int.h).
 *
 * Invariants of plan_build: everything in the plan is copied into
 * plan->arena, but the VNets' raw JSON when the estate's arena of it is
 * handed over (plan_inputs.raw: plan->raw_arena); every array the plan exposes
 * is sorted as plan.h says; the verdicts live in arenas of their own, freed
 * before returning.
 *
 * Invariant: after plan_sort_vnets() p->vnets is sorted by id compared
 * case-insensitively, which plan_find_vnet's binary search relies on.
 */
#include "plan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "plan_int.h"

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
	if (p != NULL) {
		arena_free(p->raw_arena);
		arena_free(p->arena);
	}
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
	/* Taken over (plan_inputs.raw), or copied. */
	pv.raw = p->raw_arena != NULL ? h->raw : arena_strdup(a, h->raw);
	pv.pe_vnet_policies = arena_strdup(a, h->pe_vnet_policies);
	pv.is_hub = true;
	ARR_PUSH(a, p->vnets, pv);
	plan_sort_vnets(p);
	return (struct plan_vnet *)plan_find_vnet(p, h->r.id);
}

int
blocker_cmp(const void *x, const void *y)
{
	const struct plan_blocker *a = x, *b = y;
	int c = mp_strcasecmp(a->resource, b->resource);

	return c ? c : strcmp(a->reason, b->reason);
}

struct plan *
plan_build(const struct estate *e, const struct policy *pol,
    const struct plan_inputs *in)
{
	struct bld b;
	struct strmap *idx;
	struct arena *tmp;
	struct wave_notes wn;
	size_t i, k;

	MP_ASSERT(in != NULL && in->oracle != NULL);
	memset(&b, 0, sizeof(b));
	memset(&wn, 0, sizeof(wn));
	b.e = e;
	b.pol = pol;
	b.in = in;
	b.p = plan_new();
	b.p->raw_arena = in->raw;
	b.a = b.p->arena;
	b.p->generator = dup(&b, in->generator);
	b.p->policy_file = dup(&b, pol->file);
	b.p->dynamic_membership = pol->dynamic_membership;
	b.p->membership_tag = pol->dynamic_membership ?
	    dup(&b, pol->membership_tag) :
	    NULL;
	tmp = arena_new();
	idx = strmap_new(tmp);
	b.once = strmap_new(tmp);
	for (i = 0; i < e->vnets.n; i++)
		if (e->vnets.v[i]->r.seen && e->vnets.v[i]->role == ROLE_SPOKE)
			b.n++;
	b.sp = arena_calloc(tmp, b.n + 1, sizeof(*b.sp));
	for (i = 0, k = 0; i < e->vnets.n; i++)
		if (e->vnets.v[i]->r.seen &&
		    e->vnets.v[i]->role == ROLE_SPOKE) {
			b.sp[k] = e->vnets.v[i];
			strmap_put(idx, b.sp[k]->r.id,
			    (void *)(uintptr_t)(k + 1));
			k++;
		}
	b.va = arena_new();
	b.hp_out = arena_calloc(tmp, b.n + 1, sizeof(*b.hp_out));
	b.hp_in = arena_calloc(tmp, b.n + 1, sizeof(*b.hp_in));
	b.cand = arena_calloc(tmp, b.n + 1, sizeof(*b.cand));
	b.mesh_of = arena_calloc(tmp, b.n + 1, sizeof(*b.mesh_of));
	b.wave_of = arena_calloc(tmp, b.n + 1, sizeof(*b.wave_of));
	b.seg_of = arena_calloc(tmp, b.n + 1, sizeof(*b.seg_of));
	b.seg_idx = arena_calloc(tmp, b.n + 1, sizeof(*b.seg_idx));
	b.bytes = arena_calloc(tmp, b.n + 1, sizeof(*b.bytes));
	b.live_cfg = arena_calloc(tmp, b.n + 1, sizeof(*b.live_cfg));
	b.idx = idx;
	for (i = 0; i < e->vnets.n; i++)
		if (e->vnets.v[i]->r.seen)
			ARR_PUSH(b.a, b.p->estate_vnets,
			    dup_once(&b, e->vnets.v[i]->r.id));
	for (i = 0; i < b.n; i++)
		b.mesh_of[i] = -1;
	plan_load_traffic(&b, idx);
	if (b.n > 0) {
		in->oracle->classify(in->oracle->ctx, e, b.sp, b.n, NULL, b.va,
		    &b.before);
		MP_ASSERT(b.before.n == b.n);
	} else
		b.before.exc_at = arena_calloc(b.va, 1, sizeof(size_t));
	plan_count_hairpins(&b);
	resume_find(&b);
	plan_scope(&b);
	plan_groups(&b);
	resume_map(&b);
	/* Meshes were emitted in group-key order, which is name order; keep
	 * the sort anyway so that the invariant does not hang on it. */
	MP_ASSERT(b.p->meshes.n < 2 ||
	    mesh_cmp(&b.p->meshes.v[0], &b.p->meshes.v[1]) < 0);
	plan_manager(&b);
	plan_features(&b);
	plan_assign_segments(&b);
	plan_assign_waves(&b, &wn);
	plan_vnets(&b);
	plan_deny(&b);
	if (b.p->blockers.n > 1)
		qsort(b.p->blockers.v, b.p->blockers.n,
		    sizeof(*b.p->blockers.v), blocker_cmp);
	if (in->summarize != NULL)
		in->summarize(in->summarize_ctx, e, pol, b.p);
	waves_build(b.p, &wn);
	resume_members(&b);
	/* waves_build renumbers; take the numbers back for R8. */
	for (i = 0; i < b.n; i++) {
		const struct plan_vnet *pv;

		if (b.mesh_of[i] < 0)
			continue;
		pv = plan_find_vnet(b.p, b.sp[i]->r.id);
		MP_ASSERT(pv != NULL);
		b.wave_of[i] = pv->wave;
	}
	plan_evaluate(&b);
	resume_renumber(&b);
	if (b.p->conflicts.n > 1)
		qsort(b.p->conflicts.v, b.p->conflicts.n,
		    sizeof(*b.p->conflicts.v), blocker_cmp);
	if (e->vnets.n > 0 && !e->has_onprem_routes && pol->onprem.n == 0)
		note(&b,
		    "on-premises routes are unknown (no learned routes, "
		    "--onprem or policy onprem): flows were analysed with "
		    "none");
	arena_free(b.va);
	arena_free(tmp);
	b.once = NULL;
	if (in->oracle->release != NULL)
		in->oracle->release(in->oracle->ctx);
	/* The VNets' raw JSON, the bulk of a plan, is taken over with its
	 * arena (in->raw) or else copied last: once the routings of the
	 * evaluation are gone, so that it does not add to their peak. */
	for (i = 0; b.p->raw_arena == NULL && i < b.p->vnets.n; i++)
		b.p->vnets.v[i].raw = arena_strdup(b.p->arena,
		    b.p->vnets.v[i].raw);
	return b.p;
}
