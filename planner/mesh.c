/*
 * mesh.c - the planner: scope, mesh groups, blockers, network manager,
 * features, plan VNets, segments and deny rules, then waves (waves.c),
 * the effect of the plan per wave (R8 through the pair oracle) and the
 * segmentation report.
 *
 * Effect: before and after count the same thing, every ordered spoke pair
 * through the ExpressRoute edge (R7) whether or not an appliance also
 * inspects it, with the inspected share beside it, so that a wave's
 * hairpins_after is what `analyze` counts with its members live; and the
 * pairs whose inspection is lost (an appliance before, straight to the
 * destination after), per wave with the first PLAN_LOST_CAP it adds and
 * the route that inspected them (the oracle's inspecting_route).
 *
 * Rules (DESIGN.md section 6; docs/planning.md has the reasoning):
 * - Candidates: seen spokes that hairpin (in or out) or, with mesh.scope
 *   all, every seen spoke. A VNet already in a connected group of the
 *   estate, or with more private endpoints than even HSPE allows, is a
 *   blocker and is left out.
 * - Groups: one per region (normalised location), or one global group
 *   when mesh.global is true, or auto and some candidate pair hairpins
 *   across regions. Within a group every VNet whose address space
 *   overlaps another member's is a blocker (connectedGroupAddressOverlap:
 *   Disallowed), both sides; a group left with one VNet is none. A
 *   group over mesh_vnets_high_scale VNets or
 *   mesh_pes_hspe private endpoints is split in id order.
 * - high_scale: more than mesh_vnets members; hspe: more than mesh_pes
 *   private endpoints, or a member with more than vnet_pes.
 *
 * Pair counts (hairpins per spoke, the effect, segmentation) are sums
 * over the n(n-1) ordered spoke pairs, taken from the oracle's verdicts
 * by class (pv_sum) in time and memory linear in the spokes for a given
 * number of classes; only the listed segmentation pairs (at most
 * PLAN_PAIRS_CAP) are looked at one by one.
 *
 * Invariants: everything in the plan is copied into plan->arena; every
 * array the plan exposes is sorted as plan.h says; the verdicts live in
 * arenas of their own, freed before returning.
 */
#include "mesh.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strmap.h"
#include "../lib/util.h"
#include "labels.h"
#include "waves.h"

struct bld {
	const struct estate *e;
	const struct policy *pol;
	const struct plan_inputs *in;
	struct plan *p;
	struct arena *a;		/* the plan's arena */
	const struct labels *lb;	/* names for messages; made when
					 * first needed */
	struct vnet **sp;		/* seen spokes, by key */
	size_t n;
	struct arena *va;		/* verdicts */
	struct pair_table before;
	size_t *hp_out, *hp_in;		/* hairpinning pairs per spoke */
	bool *cand;			/* in scope and not blocked */
	int *mesh_of;			/* plan mesh index; -1 none */
	int *wave_of;			/* 0 none */
	const char **seg_of;		/* policy segment name or NULL */
	int *seg_idx;			/* its index; segments.n: none */
	unsigned long long *bytes;
	bool have_traffic;
	/* Resume (docs/lifecycle.md): the live configuration each spoke is
	 * a member of (NULL: none), and whether a live one is global (-1:
	 * no live configuration). */
	const struct connectivity_config **live_cfg;
	int live_global;
	struct strmap *idx;		/* spoke id -> index + 1 */
};

static const char *const pp_names[] = {
	[PP_UNKNOWN] = "unknown", [PP_DIRECT] = "direct",
	[PP_HAIRPIN] = "hairpin", [PP_OVERLAP] = "overlap",
	[PP_ONPREM] = "onprem", [PP_DROPPED] = "dropped", [PP_VPN] = "vpn",
	[PP_INTERNET] = "internet", [PP_LOOP] = "loop",
};

const char *
pair_path_name(enum pair_path pp)
{
	if ((size_t)pp >= MP_NELEM(pp_names) || pp_names[pp] == NULL)
		return "unknown";
	return pp_names[pp];
}

const char *
region_key(struct arena *a, const char *location)
{
	char *s, *q;
	const char *r;

	if (location == NULL || location[0] == '\0')
		return "unknown";
	s = arena_strdup(a, location);
	for (q = s, r = location; *r != '\0'; r++)
		if (*r != ' ')
			*q++ = *r;
	*q = '\0';
	mp_strlower(s);
	return s;
}

static const char *
dup(struct bld *b, const char *s)
{
	return arena_strdup(b->a, s);
}

static void
add_blocker(struct bld *b, const char *resource, const char *kind,
    const char *reason)
{
	struct plan_blocker bk;

	bk.resource = dup(b, resource);
	bk.kind = kind;
	bk.reason = reason;
	ARR_PUSH(b->a, b->p->blockers, bk);
}

static void
note(struct bld *b, const char *text)
{
	ARR_PUSH(b->a, b->p->notes, text);
}

/* ---- pair sums ---- */

#define PV_MAX 3		/* verdict tables summed together */

/* Sources grouped by their class in each table and a caller's key. */
struct groups {
	size_t ng;
	size_t *of;			/* per source; SIZE_MAX: left out */
	size_t *size, *first;		/* per group: members, one member */
	int *key;			/* per group */
};

/*
 * fn(ctx, gr, g, src, j, codes, w): w pairs to spoke j, with codes[t]
 * their byte in table t, from every source of group g (src SIZE_MAX, w
 * its size: one pair per source) or from source src of group g (w -1 or
 * +1: a correction). A sum of w over calls is an exact pair count; a
 * source's count is its group's calls (one each) plus its corrections.
 */
typedef void (*pair_fn)(void *ctx, const struct groups *gr, size_t g,
    size_t src, size_t j, const unsigned char *codes, long w);

struct gitem {
	size_t cls[PV_MAX];
	int key;
	size_t i;
};

static int
gitem_cmp(const void *x, const void *y)
{
	const struct gitem *a = x, *b = y;
	size_t t;

	for (t = 0; t < PV_MAX; t++)
		if (a->cls[t] != b->cls[t])
			return a->cls[t] < b->cls[t] ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * Sum fn over every ordered pair (i, j), i != j, of the nv tables v with
 * key[i] >= 0 (NULL: every source), without visiting the n * n pairs:
 * each group of sources with the same classes and key meets each j once,
 * weighted by its size; then each source corrects its own pair (i, i)
 * (-1) and each of its exceptions in any table (the class's bytes -1,
 * the pair's own +1). Calls: groups x n + n + exceptions. gr is filled
 * (memory from tmp) before the first call.
 */
static void
pv_sum(const struct pair_table *const *v, size_t nv, const int *key,
    struct arena *tmp, struct groups *gr, pair_fn fn, void *ctx)
{
	size_t n = v[0]->n, i, j, k, t, g, m = 0;
	struct gitem *it = xcalloc(n + 1, sizeof(*it));
	const unsigned char *rows[PV_MAX];
	unsigned char codes[PV_MAX], own[PV_MAX];

	MP_ASSERT(nv >= 1 && nv <= PV_MAX);
	memset(gr, 0, sizeof(*gr));
	gr->of = arena_calloc(tmp, n + 1, sizeof(*gr->of));
	for (i = 0; i < n; i++) {
		gr->of[i] = SIZE_MAX;
		if (key != NULL && key[i] < 0)
			continue;
		for (t = 0; t < nv; t++)
			if (v[t]->class_of[i] == PT_NO_CLASS)
				break;
		if (t < nv)
			continue;
		memset(&it[m], 0, sizeof(it[m]));
		for (t = 0; t < nv; t++)
			it[m].cls[t] = v[t]->class_of[i];
		it[m].key = key != NULL ? key[i] : 0;
		it[m].i = i;
		m++;
	}
	qsort(it, m, sizeof(*it), gitem_cmp);
	gr->size = arena_calloc(tmp, m + 1, sizeof(*gr->size));
	gr->first = arena_calloc(tmp, m + 1, sizeof(*gr->first));
	gr->key = arena_calloc(tmp, m + 1, sizeof(*gr->key));
	for (k = 0; k < m; k++) {
		if (k == 0 || memcmp(it[k - 1].cls, it[k].cls,
		    sizeof(it[k].cls)) != 0 || it[k - 1].key != it[k].key) {
			gr->first[gr->ng] = it[k].i;
			gr->key[gr->ng] = it[k].key;
			gr->ng++;
		}
		gr->of[it[k].i] = gr->ng - 1;
		gr->size[gr->ng - 1]++;
	}
	free(it);
	for (g = 0; g < gr->ng; g++) {
		for (t = 0; t < nv; t++)
			rows[t] = v[t]->row + v[t]->class_of[gr->first[g]] * n;
		for (j = 0; j < n; j++) {
			for (t = 0; t < nv; t++)
				codes[t] = rows[t][j];
			fn(ctx, gr, g, SIZE_MAX, j, codes, (long)gr->size[g]);
		}
	}
	for (i = 0; i < n; i++) {
		size_t at[PV_MAX];

		if ((g = gr->of[i]) == SIZE_MAX)
			continue;
		for (t = 0; t < nv; t++) {
			rows[t] = v[t]->row + v[t]->class_of[i] * n;
			codes[t] = rows[t][i];
			at[t] = v[t]->exc_at[i];
		}
		fn(ctx, gr, g, i, i, codes, -1);
		/* The exceptions of every table, merged by j. */
		for (;;) {
			j = SIZE_MAX;
			for (t = 0; t < nv; t++)
				if (at[t] < v[t]->exc_at[i + 1] &&
				    v[t]->exc[at[t]].j < j)
					j = v[t]->exc[at[t]].j;
			if (j == SIZE_MAX)
				break;
			for (t = 0; t < nv; t++) {
				codes[t] = own[t] = rows[t][j];
				if (at[t] < v[t]->exc_at[i + 1] &&
				    v[t]->exc[at[t]].j == j)
					own[t] = v[t]->exc[at[t]++].code;
			}
			fn(ctx, gr, g, i, j, codes, -1);
			fn(ctx, gr, g, i, j, own, 1);
		}
	}
}

/* Hairpinning pairs per spoke, and the effect's "before" counts. */
struct hp_sum {
	struct bld *b;
	size_t *grp;			/* hairpins out per group */
};

static void
hp_fn(void *ctx, const struct groups *gr, size_t g, size_t src, size_t j,
    const unsigned char *c, long w)
{
	struct hp_sum *h = ctx;
	struct plan *p = h->b->p;

	(void)gr;
	if (PP_CLASS(c[0]) != PP_HAIRPIN)
		return;
	p->effect.hairpins_before += (size_t)w;
	if (c[0] & PP_INSPECTED)
		p->effect.inspected_before += (size_t)w;
	h->b->hp_in[j] += (size_t)w;
	if (src == SIZE_MAX)
		h->grp[g]++;
	else
		h->b->hp_out[src] += (size_t)w;
}

static void
count_hairpins(struct bld *b)
{
	const struct pair_table *v = &b->before;
	struct arena *tmp = arena_new();
	struct hp_sum h;
	struct groups gr;
	size_t i;

	h.b = b;
	h.grp = arena_calloc(tmp, b->n + 1, sizeof(*h.grp));
	pv_sum(&v, 1, NULL, tmp, &gr, hp_fn, &h);
	for (i = 0; i < b->n; i++)
		if (gr.of[i] != SIZE_MAX)
			b->hp_out[i] += h.grp[gr.of[i]];
	b->p->effect.pairs_before = b->n > 0 ? b->n * (b->n - 1) : 0;
	arena_free(tmp);
}

/* ---- resume (docs/lifecycle.md) ---- */

static void
add_conflict(struct bld *b, const char *resource, const char *kind,
    const char *reason)
{
	struct plan_blocker c;

	c.resource = dup(b, resource);
	c.kind = kind;
	c.reason = reason;
	ARR_PUSH(b->a, b->p->conflicts, c);
}

/* Was v a mesh member of the previous plan? Such a VNet stays in scope:
 * the live mesh may have ended its hairpins. */
static bool
in_previous(const struct bld *b, const struct vnet *v)
{
	const struct plan_vnet *pv;

	if (b->in->previous == NULL)
		return false;
	pv = plan_find_vnet(b->in->previous, v->r.id);
	return pv != NULL && !pv->is_hub && pv->mesh != NULL;
}

/*
 * The network group of a configuration the plan resumes, or NULL: a
 * deployed Mesh configuration of one network group that is the previous
 * plan's (by id or configuration name) or, without a previous plan, is
 * named as meshplan names its own ("cc-mesh-...").
 */
static const struct network_group *
resumable_group(const struct bld *b, const struct connectivity_config *c)
{
	const struct plan *prev = b->in->previous;
	const struct res *g;
	size_t i;

	if (!c->r.seen || c->topology == NULL ||
	    !mp_strcaseeq(c->topology, "Mesh") || c->group_ids.n != 1 ||
	    !config_deployed(b->e, c->r.id))
		return NULL;
	g = estate_find(b->e, c->group_ids.v[0]);
	if (g == NULL || g->kind != RK_NETWORK_GROUP)
		return NULL;
	if (prev == NULL)
		return c->r.name != NULL && mp_strcase_prefix(c->r.name,
		    "cc-mesh-") ? (const struct network_group *)g : NULL;
	for (i = 0; i < prev->meshes.n; i++) {
		const struct plan_mesh *m = &prev->meshes.v[i];

		if ((m->existing_config_id != NULL &&
		    mp_strcaseeq(m->existing_config_id, c->r.id)) ||
		    (m->config_name != NULL && c->r.name != NULL &&
		    mp_strcaseeq(m->config_name, c->r.name)))
			return (const struct network_group *)g;
	}
	return NULL;
}

/* Which spokes are live members of a resumed configuration. */
static void
resume_find(struct bld *b)
{
	size_t i, j, k, nlive = 0;

	b->live_global = -1;
	for (i = 0; i < b->n; i++) {
		const struct vnet *v = b->sp[i];

		for (j = 0; j < v->connected_configs.n; j++) {
			const struct res *r = estate_find(b->e,
			    v->connected_configs.v[j]);
			const struct connectivity_config *c =
			    (const struct connectivity_config *)r;

			if (r == NULL || r->kind != RK_CONNECTIVITY_CONFIG ||
			    resumable_group(b, c) == NULL)
				continue;
			b->live_cfg[i] = c;
			if (b->live_global < 0)
				b->live_global = c->is_global == TRI_TRUE;
			nlive++;
			break;
		}
		for (j = 0; b->live_cfg[i] != NULL &&
		    j < v->connected_configs.n; j++)
			if (!mp_strcaseeq(v->connected_configs.v[j],
			    b->live_cfg[i]->r.id))
				add_conflict(b, v->r.id, "other-group",
				    arena_printf(b->a, "live in %s and also in "
				    "the connected group of %s, which the plan "
				    "does not manage; not undone",
				    b->live_cfg[i]->r.name,
				    v->connected_configs.v[j]));
	}
	/* Live members that are not spokes of the inputs. */
	for (i = 0; i < b->e->configs.n; i++) {
		const struct connectivity_config *c = b->e->configs.v[i];
		const struct network_group *g = resumable_group(b, c);

		for (k = 0; g != NULL && k < g->member_ids.n; k++)
			if (strmap_get(b->idx, g->member_ids.v[k]) == NULL)
				add_conflict(b, g->member_ids.v[k], "not-spoke",
				    arena_printf(b->a, "a static member of %s "
				    "(%s) that is not a spoke of the inputs (not "
				    "exported, or no active peering to a hub); "
				    "the plan keeps it in the group", g->r.name,
				    c->r.name));
	}
	if (nlive > 0 && !b->e->has_active_configs)
		note(b, "no list of committed configurations (az network "
		    "manager list-active-connectivity-config) among the "
		    "inputs: the connectivity configurations in them count "
		    "as deployed");
}

static void
scope(struct bld *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct vnet *v = b->sp[i];

		if (b->live_cfg[i] != NULL) {
			/* Live: a member, whatever the policy says now. */
			if (v->npes > b->pol->limits.vnet_pes_hspe)
				add_conflict(b, v->r.id, "pe-limit",
				    arena_printf(b->a, "%zu private endpoints, "
				    "over the %zu a VNet may hold even with "
				    "HSPE; live in the group, kept (not "
				    "undone)", v->npes,
				    b->pol->limits.vnet_pes_hspe));
			b->cand[i] = true;
			continue;
		}
		if (b->pol->mesh_scope == MESH_SCOPE_HAIRPINNING &&
		    b->hp_out[i] + b->hp_in[i] == 0 && !in_previous(b, v))
			continue;
		if (v->connected_configs.n > 0) {
			add_blocker(b, v->r.id, "existing-group",
			    arena_printf(b->a, "already in the connected group "
			    "of %s%s; not planned twice", v->connected_configs
			    .v[0], v->connected_configs.n > 1 ? " (and more)" :
			    ""));
			continue;
		}
		if (v->npes > b->pol->limits.vnet_pes_hspe) {
			add_blocker(b, v->r.id, "pe-limit",
			    arena_printf(b->a, "%zu private endpoints, over "
			    "the %zu a VNet may hold even with HSPE", v->npes,
			    b->pol->limits.vnet_pes_hspe));
			continue;
		}
		b->cand[i] = true;
	}
}

/* Hairpinning pairs of candidates in two regions. */
struct region_sum {
	const struct bld *b;
	const int *region;
	size_t pairs;
};

static void
region_fn(void *ctx, const struct groups *gr, size_t g, size_t src,
    size_t j, const unsigned char *c, long w)
{
	struct region_sum *rs = ctx;

	(void)src;
	if (PP_CLASS(c[0]) == PP_HAIRPIN && rs->b->cand[j] &&
	    rs->region[j] != gr->key[g])
		rs->pairs += (size_t)w;
}

static bool
hairpins_across_regions(struct bld *b, struct arena *tmp)
{
	const struct pair_table *v = &b->before;
	struct strmap *names = strmap_new(tmp);
	struct region_sum rs;
	struct groups gr;
	int *region = arena_calloc(tmp, b->n + 1, sizeof(*region));
	int *key = arena_calloc(tmp, b->n + 1, sizeof(*key));
	size_t i;

	for (i = 0; i < b->n; i++) {
		const char *k = region_key(tmp, b->sp[i]->r.location);
		void *x = strmap_get(names, k);

		if (x == NULL) {
			x = (void *)(uintptr_t)(strmap_count(names) + 1);
			strmap_put(names, k, x);
		}
		region[i] = (int)(uintptr_t)x;
		key[i] = b->cand[i] ? region[i] : -1;
	}
	rs.b = b;
	rs.region = region;
	rs.pairs = 0;
	pv_sum(&v, 1, key, tmp, &gr, region_fn, &rs);
	return rs.pairs > 0;
}

/* Overlap detection within one group. */
struct pfx_item {
	struct prefix p;
	size_t spoke;
};

static int
pfx_item_cmp(const void *x, const void *y)
{
	const struct pfx_item *a = x, *b = y;
	int c = prefix_cmp(&a->p, &b->p);

	if (c != 0)
		return c;
	return a->spoke < b->spoke ? -1 : a->spoke > b->spoke;
}

/*
 * Mark every member whose prefix overlaps another member's; *why gets
 * the first overlap found for each. members are spoke indexes.
 */
static void
find_overlaps(struct bld *b, const size_t *members, size_t nm,
    bool *over, const char **why)
{
	struct pfx_item *it, *stack[260];
	size_t ni = 0, i, k, depth = 0;
	char b1[PREFIX_STRLEN], b2[PREFIX_STRLEN];

	for (i = 0; i < nm; i++)
		ni += b->sp[members[i]]->prefixes.n;
	if (ni == 0)
		return;
	it = xcalloc(ni, sizeof(*it));
	ni = 0;
	for (i = 0; i < nm; i++) {
		const struct vnet *v = b->sp[members[i]];

		for (k = 0; k < v->prefixes.n; k++) {
			it[ni].p = v->prefixes.v[k];
			it[ni].spoke = members[i];
			ni++;
		}
	}
	qsort(it, ni, sizeof(*it), pfx_item_cmp);
	for (i = 0; i < ni; i++) {
		/* The stack holds the chain of prefixes containing it[i]. */
		while (depth > 0 && !prefix_contains(&stack[depth - 1]->p,
		    &it[i].p))
			depth--;
		for (k = 0; k < depth; k++) {
			size_t s1 = stack[k]->spoke, s2 = it[i].spoke;

			if (s1 == s2)
				continue;
			if (b->lb == NULL)
				b->lb = labels_new(b->e, b->a);
			if (!over[s1])
				why[s1] = arena_printf(b->a, "address space %s "
				    "overlaps %s of %s",
				    prefix_format(&stack[k]->p, b1),
				    prefix_format(&it[i].p, b2),
				    label_res(b->lb, &b->sp[s2]->r));
			if (!over[s2])
				why[s2] = arena_printf(b->a, "address space %s "
				    "overlaps %s of %s",
				    prefix_format(&it[i].p, b1),
				    prefix_format(&stack[k]->p, b2),
				    label_res(b->lb, &b->sp[s1]->r));
			over[s1] = over[s2] = true;
		}
		if (depth < MP_NELEM(stack))
			stack[depth++] = &it[i];
	}
	free(it);
}

/* Live members that overlap each other: reported, never undone. */
static void
live_overlaps(struct bld *b, const size_t *m, size_t nm)
{
	size_t *lm = xcalloc(nm + 1, sizeof(*lm)), nl = 0, k;
	bool *over = xcalloc(b->n + 1, sizeof(*over));
	const char **why = xcalloc(b->n + 1, sizeof(*why));

	for (k = 0; k < nm; k++)
		if (b->live_cfg[m[k]] != NULL)
			lm[nl++] = m[k];
	find_overlaps(b, lm, nl, over, why);
	for (k = 0; k < nl; k++)
		if (over[lm[k]])
			add_conflict(b, b->sp[lm[k]]->r.id, "overlap",
			    arena_printf(b->a, "%s; both live in the group "
			    "(connectedGroupAddressOverlap: Disallowed would "
			    "refuse them now); not undone", why[lm[k]]));
	free(why);
	free(over);
	free(lm);
}

/*
 * Each resumed configuration goes to the planned mesh holding most of
 * its live members: the mesh keeps its configuration, group and names.
 * Live members the plan puts in another mesh are reported.
 */
static void
resume_map(struct bld *b)
{
	size_t i, k, nm = b->p->meshes.n;
	size_t *cnt = xcalloc(nm + 1, sizeof(*cnt));

	for (k = 0; k < b->e->configs.n; k++) {
		const struct connectivity_config *c = b->e->configs.v[k];
		const struct network_group *g;
		struct plan_mesh *me;
		size_t best = 0;

		memset(cnt, 0, (nm + 1) * sizeof(*cnt));
		for (i = 0; i < b->n; i++)
			if (b->live_cfg[i] == c && b->mesh_of[i] >= 0)
				cnt[b->mesh_of[i]]++;
		for (i = 1; i < nm; i++)
			if (cnt[i] > cnt[best])
				best = i;
		if (nm == 0 || cnt[best] == 0 ||
		    (g = resumable_group(b, c)) == NULL)
			continue;
		me = &b->p->meshes.v[best];
		if (me->existing_config_id == NULL) {
			me->existing_config_id = dup(b, c->r.id);
			me->existing_group_id = dup(b, g->r.id);
			me->group_name = dup(b, g->r.name);
			me->config_name = dup(b, c->r.name);
		}
		for (i = 0; i < b->n; i++) {
			if (b->live_cfg[i] != c)
				continue;
			if (b->mesh_of[i] != (int)best)
				add_conflict(b, b->sp[i]->r.id, "other-mesh",
				    arena_printf(b->a, "live in %s, but the "
				    "plan puts it in %s; not moved", c->r.name,
				    b->mesh_of[i] >= 0 ? b->p->meshes.v[
				    b->mesh_of[i]].name : "no mesh"));
			else if (me->existing_config_id != NULL &&
			    !mp_strcaseeq(me->existing_config_id, c->r.id))
				add_conflict(b, b->sp[i]->r.id, "other-group",
				    arena_printf(b->a, "live in %s; the plan "
				    "resumes %s for %s; not moved", c->r.name,
				    me->config_name, me->name));
		}
	}
	free(cnt);
}

struct grp_item {
	const char *key;	/* group key: region or "global" */
	size_t spoke;
};

static int
grp_item_cmp(const void *x, const void *y)
{
	const struct grp_item *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c != 0)
		return c;
	return a->spoke < b->spoke ? -1 : a->spoke > b->spoke;
}

static int
str_case_cmp(const void *x, const void *y)
{
	return mp_strcasecmp(*(const char *const *)x,
	    *(const char *const *)y);
}

/* Sort and de-duplicate (case-insensitively) a string array. */
static void
sort_unique(void *arr)
{
	ARR(const char *) *s = arr;
	size_t i, o = 0;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(*s->v), str_case_cmp);
	for (i = 0; i < s->n; i++)
		if (o == 0 || !mp_strcaseeq(s->v[o - 1], s->v[i]))
			s->v[o++] = s->v[i];
	s->n = o;
}

static void
emit_mesh(struct bld *b, const char *key, bool global, const size_t *m,
    size_t nm, int part, int nparts)
{
	struct plan_mesh me;
	size_t i;
	int idx = (int)b->p->meshes.n;

	memset(&me, 0, sizeof(me));
	me.name = nparts > 1 ? arena_printf(b->a, "mesh-%s-%d", key, part) :
	    arena_printf(b->a, "mesh-%s", key);
	me.region = global ? NULL : dup(b, key);
	me.global = global;
	me.group_name = arena_printf(b->a, "ng-%s", me.name);
	me.config_name = arena_printf(b->a, "cc-%s", me.name);
	for (i = 0; i < nm; i++) {
		const struct vnet *v = b->sp[m[i]];

		ARR_PUSH(b->a, me.vnet_ids, dup(b, v->r.id));
		me.private_endpoints += v->npes;
		if (v->npes > me.max_vnet_pes)
			me.max_vnet_pes = v->npes;
		if (v->r.subscription != NULL)
			ARR_PUSH(b->a, me.subscriptions,
			    dup(b, v->r.subscription));
		b->mesh_of[m[i]] = idx;
	}
	sort_unique(&me.subscriptions);
	me.high_scale = nm > b->pol->limits.mesh_vnets;
	me.hspe = me.private_endpoints > b->pol->limits.mesh_pes ||
	    me.max_vnet_pes > b->pol->limits.vnet_pes;
	if (nparts > 1)
		me.note = arena_printf(b->a, "part %d of %d: the group is over "
		    "%zu VNets or %zu private endpoints; parts do not reach "
		    "each other through the mesh", part, nparts,
		    b->pol->limits.mesh_vnets_high_scale,
		    b->pol->limits.mesh_pes_hspe);
	ARR_PUSH(b->a, b->p->meshes, me);
}

/* Split a group's members into parts under the high-scale limits. */
static void
emit_group(struct bld *b, const char *key, bool global, const size_t *m,
    size_t nm)
{
	size_t i, start, vn, pes, nparts = 0;
	int part;
	const struct limits *l = &b->pol->limits;

	/* Count the parts first so that names say "-1" only when split. */
	for (i = 0, vn = 0, pes = 0; i < nm; i++) {
		size_t np = b->sp[m[i]]->npes;

		if (vn == 0 || vn + 1 > l->mesh_vnets_high_scale ||
		    pes + np > l->mesh_pes_hspe) {
			nparts++;
			vn = 0;
			pes = 0;
		}
		vn++;
		pes += np;
	}
	for (i = 0, start = 0, vn = 0, pes = 0, part = 0; i <= nm; i++) {
		size_t np = i < nm ? b->sp[m[i]]->npes : 0;

		if (i == nm || (vn > 0 && (vn + 1 > l->mesh_vnets_high_scale ||
		    pes + np > l->mesh_pes_hspe))) {
			if (vn > 0)
				emit_mesh(b, key, global, m + start, vn,
				    ++part, (int)nparts);
			start = i;
			vn = 0;
			pes = 0;
		}
		vn++;
		pes += np;
	}
}

static void
plan_groups(struct bld *b)
{
	struct arena *tmp = arena_new();
	struct grp_item *gi;
	size_t i, ng = 0, s, nc = 0;
	bool global;
	bool *over;
	const char **why;
	size_t *m;

	for (i = 0; i < b->n; i++)
		nc += b->cand[i];
	if (nc == 0) {
		arena_free(tmp);
		return;
	}
	switch (b->pol->mesh_global) {
	case MESH_GLOBAL_TRUE:
		global = true;
		break;
	case MESH_GLOBAL_FALSE:
		global = false;
		break;
	default:
		if (b->live_global >= 0) {
			/* Resume: as the live configuration is. */
			global = b->live_global == 1;
			break;
		}
		global = hairpins_across_regions(b, tmp);
		if (global)
			note(b, "spokes hairpin across regions: one global "
			    "mesh (mesh.global: auto)");
		break;
	}
	gi = xcalloc(nc, sizeof(*gi));
	for (i = 0; i < b->n; i++)
		if (b->cand[i]) {
			gi[ng].key = global ? "global" :
			    region_key(tmp, b->sp[i]->r.location);
			gi[ng].spoke = i;
			ng++;
		}
	qsort(gi, ng, sizeof(*gi), grp_item_cmp);
	over = xcalloc(b->n, sizeof(*over));
	why = xcalloc(b->n, sizeof(*why));
	m = xcalloc(ng, sizeof(*m));
	for (s = 0; s < ng;) {
		size_t e2 = s, nm = 0, k, kept = 0;

		while (e2 < ng && strcmp(gi[e2].key, gi[s].key) == 0)
			e2++;
		for (k = s; k < e2; k++)
			m[nm++] = gi[k].spoke;
		live_overlaps(b, m, nm);
		find_overlaps(b, m, nm, over, why);
		for (k = 0; k < nm; k++) {
			/* A live member is never left out: the new VNet
			 * that overlaps it is. */
			if (over[m[k]] && b->live_cfg[m[k]] == NULL) {
				add_blocker(b, b->sp[m[k]]->r.id, "overlap",
				    arena_printf(b->a, "%s; left out of the "
				    "mesh (connectedGroupAddressOverlap: "
				    "Disallowed)", why[m[k]]));
				b->cand[m[k]] = false;
				continue;
			}
			m[kept++] = m[k];
		}
		if (kept == 1 && b->live_cfg[m[0]] == NULL) {
			add_blocker(b, b->sp[m[0]]->r.id, "single",
			    arena_printf(b->a, "the only candidate of group %s: "
			    "a mesh needs two VNets", gi[s].key));
			b->cand[m[0]] = false;
		} else if (kept >= 1)
			emit_group(b, gi[s].key, global, m, kept);
		s = e2;
	}
	free(m);
	free(why);
	free(over);
	free(gi);
	arena_free(tmp);
}

static int
mesh_cmp(const void *x, const void *y)
{
	const struct plan_mesh *a = x, *b = y;

	return strcmp(a->name, b->name);
}

/* Does manager scope list s cover subscription sub? */
static bool
scope_has_sub(const char *const *subs, size_t n, const char *sub)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = subs[i];

		if (mp_strcase_prefix(s, "/subscriptions/"))
			s += strlen("/subscriptions/");
		else if (mp_strcase_prefix(s, "subscriptions/"))
			s += strlen("subscriptions/");
		if (mp_strcaseeq(s, sub))
			return true;
	}
	return false;
}

static const char *
mg_id(struct bld *b, const char *mg)
{
	if (mp_strcase_prefix(mg, "/providers/"))
		return dup(b, mg);
	return arena_printf(b->a,
	    "/providers/Microsoft.Management/managementGroups/%s", mg);
}

static const char *
mg_name(const char *mg)
{
	const char *s = strrchr(mg, '/');

	return s ? s + 1 : mg;
}

static bool
manager_covers(const struct bld *b, const struct network_manager *nm,
    const char *const *subs, size_t nsubs)
{
	size_t i, j;

	/* The policy says which management groups hold the members. */
	for (i = 0; i < b->pol->manager_mgs.n; i++)
		for (j = 0; j < nm->scope_management_groups.n; j++)
			if (mp_strcaseeq(mg_name(b->pol->manager_mgs.v[i]),
			    mg_name(nm->scope_management_groups.v[j])))
				return true;
	if (nsubs == 0)
		return false;
	for (i = 0; i < nsubs; i++)
		if (!scope_has_sub(nm->scope_subscriptions.v,
		    nm->scope_subscriptions.n, subs[i]))
			return false;
	return true;
}

static const struct vnet *
first_hub(const struct bld *b)
{
	const struct vnet *best = NULL;
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct vnet *v = b->sp[i], *h;

		if (b->mesh_of[i] < 0)
			continue;
		h = v->transit_hub ? v->transit_hub :
		    v->hubs.n ? v->hubs.v[0] : NULL;
		if (h != NULL && (best == NULL ||
		    strcmp(h->r.key, best->r.key) < 0))
			best = h;
	}
	if (best == NULL)
		for (i = 0; i < b->e->vnets.n; i++)
			if (b->e->vnets.v[i]->role == ROLE_HUB &&
			    b->e->vnets.v[i]->r.seen)
				return b->e->vnets.v[i];
	return best;
}

/*
 * Resume: the manager of the first resumed configuration, as the inputs
 * have it, else as its id says. false when no configuration is resumed.
 */
static bool
resume_manager(struct bld *b)
{
	struct plan_manager *m = &b->p->manager;
	const struct res *r;
	const char *id = NULL;
	size_t i;

	for (i = 0; i < b->p->meshes.n && id == NULL; i++)
		if (b->p->meshes.v[i].existing_config_id != NULL)
			id = id_parent(b->a,
			    b->p->meshes.v[i].existing_config_id);
	if (id == NULL)
		return false;
	r = estate_find(b->e, id);
	if (r != NULL && r->kind == RK_NETWORK_MANAGER && r->seen) {
		const struct network_manager *nm =
		    (const struct network_manager *)r;

		id = nm->r.id;
		for (i = 0; i < nm->scope_subscriptions.n; i++)
			ARR_PUSH(b->a, m->scope_subscriptions,
			    dup(b, nm->scope_subscriptions.v[i]));
		for (i = 0; i < nm->scope_management_groups.n; i++)
			ARR_PUSH(b->a, m->scope_management_groups,
			    dup(b, nm->scope_management_groups.v[i]));
		for (i = 0; i < nm->accesses.n; i++)
			ARR_PUSH(b->a, m->accesses, dup(b, nm->accesses.v[i]));
		m->location = dup(b, nm->r.location);
		m->note = "the network manager of the live configuration "
		    "the plan resumes";
	} else {
		ARR_PUSH(b->a, m->accesses, "Connectivity");
		m->note = "the network manager of the live configuration "
		    "the plan resumes (not in the inputs: its scope and "
		    "location are unknown)";
	}
	m->existing_id = dup(b, id);
	m->name = id_last_name(b->a, id);
	m->subscription = id_subscription(b->a, id);
	m->resource_group = id_resource_group(b->a, id);
	return true;
}

static void
plan_manager(struct bld *b)
{
	struct plan_manager *m = &b->p->manager;
	ARR(const char *) subs = { NULL, 0, 0 };
	const struct vnet *hub;
	size_t i, j;

	for (i = 0; i < b->p->meshes.n; i++)
		for (j = 0; j < b->p->meshes.v[i].subscriptions.n; j++)
			ARR_PUSH(b->a, subs,
			    b->p->meshes.v[i].subscriptions.v[j]);
	sort_unique(&subs);
	if (resume_manager(b))
		return;
	for (i = 0; i < b->e->managers.n; i++) {
		const struct network_manager *nm = b->e->managers.v[i];

		if (!nm->r.seen || !manager_covers(b, nm, subs.v, subs.n))
			continue;
		m->existing_id = dup(b, nm->r.id);
		m->name = dup(b, nm->r.name);
		m->subscription = dup(b, nm->r.subscription);
		m->resource_group = dup(b, nm->r.resource_group);
		m->location = dup(b, nm->r.location);
		for (j = 0; j < nm->scope_subscriptions.n; j++)
			ARR_PUSH(b->a, m->scope_subscriptions,
			    dup(b, nm->scope_subscriptions.v[j]));
		for (j = 0; j < nm->scope_management_groups.n; j++)
			ARR_PUSH(b->a, m->scope_management_groups,
			    dup(b, nm->scope_management_groups.v[j]));
		for (j = 0; j < nm->accesses.n; j++)
			ARR_PUSH(b->a, m->accesses, dup(b, nm->accesses.v[j]));
		m->note = "an existing network manager whose scope covers "
		    "the mesh members";
		for (j = 0; j < 2; j++) {
			const char *acc = j ? "SecurityAdmin" : "Connectivity";
			size_t k;
			bool has = false;

			for (k = 0; k < nm->accesses.n; k++)
				has |= mp_strcaseeq(nm->accesses.v[k], acc);
			if (!has && (j == 0 || b->pol->deny.n > 0)) {
				ARR_PUSH(b->a, m->accesses, acc);
				m->note = arena_printf(b->a, "%s; it lacks the "
				    "%s access, which the plan adds", m->note,
				    acc);
			}
		}
		return;
	}
	hub = first_hub(b);
	m->name = b->pol->manager_name ? dup(b, b->pol->manager_name) :
	    "avnm-meshplan";
	m->subscription = dup(b, b->pol->manager_subscription ?
	    b->pol->manager_subscription : hub ? hub->r.subscription : NULL);
	m->resource_group = dup(b, b->pol->manager_rg ? b->pol->manager_rg :
	    hub ? hub->r.resource_group : NULL);
	m->location = dup(b, b->pol->manager_location ?
	    b->pol->manager_location : hub ? hub->r.location : NULL);
	if (b->pol->manager_mgs.n > 0) {
		for (i = 0; i < b->pol->manager_mgs.n; i++)
			ARR_PUSH(b->a, m->scope_management_groups,
			    mg_id(b, b->pol->manager_mgs.v[i]));
		m->note = "a new network manager scoped to the policy's "
		    "management groups";
	} else if (b->pol->manager_subs.n > 0) {
		for (i = 0; i < b->pol->manager_subs.n; i++) {
			const char *s = b->pol->manager_subs.v[i];

			ARR_PUSH(b->a, m->scope_subscriptions,
			    mp_strcase_prefix(s, "/subscriptions/") ? dup(b, s) :
			    arena_printf(b->a, "/subscriptions/%s", s));
		}
		m->note = "a new network manager scoped to the policy's "
		    "subscriptions";
	} else {
		for (i = 0; i < subs.n; i++)
			ARR_PUSH(b->a, m->scope_subscriptions,
			    arena_printf(b->a, "/subscriptions/%s", subs.v[i]));
		m->note = "a new network manager in the first hub's "
		    "subscription and resource group, scoped to the members' "
		    "subscriptions";
	}
	sort_unique(&m->scope_subscriptions);
	sort_unique(&m->scope_management_groups);
	ARR_PUSH(b->a, m->accesses, "Connectivity");
	ARR_PUSH(b->a, m->accesses, "SecurityAdmin");
}

static int
feature_cmp(const void *x, const void *y)
{
	const struct plan_feature *a = x, *b = y;
	int c = mp_strcasecmp(a->subscription ? a->subscription : "",
	    b->subscription ? b->subscription : "");

	return c ? c : strcmp(a->feature, b->feature);
}

static void
add_feature(struct bld *b, const char *sub, const char *feature,
    const char *why)
{
	struct plan_feature f;
	size_t i;

	if (sub == NULL)
		return;
	for (i = 0; i < b->p->features.n; i++)
		if (mp_strcaseeq(b->p->features.v[i].subscription, sub) &&
		    strcmp(b->p->features.v[i].feature, feature) == 0)
			return;
	f.subscription = dup(b, sub);
	f.feature = feature;
	f.why = why;
	ARR_PUSH(b->a, b->p->features, f);
}

#define FEATURE_HIGH_SCALE "Microsoft.Network/AllowHighScaleConnectedGroup"
#define FEATURE_HSPE "Microsoft.Network/EnableMaxPrivateEndpointsVia64kPath"

static void
plan_features(struct bld *b)
{
	size_t i, j;

	for (i = 0; i < b->p->meshes.n; i++) {
		const struct plan_mesh *me = &b->p->meshes.v[i];

		if (me->high_scale) {
			const char *why = arena_printf(b->a, "%s has %zu VNets, "
			    "over the %zu of a standard connected group",
			    me->name, me->vnet_ids.n, b->pol->limits.mesh_vnets);

			add_feature(b, b->p->manager.subscription,
			    FEATURE_HIGH_SCALE, why);
			for (j = 0; j < me->subscriptions.n; j++)
				add_feature(b, me->subscriptions.v[j],
				    FEATURE_HIGH_SCALE, why);
		}
		if (me->hspe) {
			const char *why = arena_printf(b->a, "%s needs HSPE: "
			    "%zu private endpoints (limit %zu), at most %zu in "
			    "one VNet (limit %zu)", me->name,
			    me->private_endpoints, b->pol->limits.mesh_pes,
			    me->max_vnet_pes, b->pol->limits.vnet_pes);

			for (j = 0; j < me->subscriptions.n; j++)
				add_feature(b, me->subscriptions.v[j],
				    FEATURE_HSPE, why);
			/* The hubs peered to the members get Basic too
			 * (hspe_hubs): their subscriptions register it. */
			for (j = 0; j < b->n; j++) {
				size_t k;

				if (b->mesh_of[j] != (int)i)
					continue;
				for (k = 0; k < b->sp[j]->hubs.n; k++)
					add_feature(b, b->sp[j]->hubs.v[k]->
					    r.subscription, FEATURE_HSPE, why);
			}
		}
	}
	if (b->p->features.n > 1)
		qsort(b->p->features.v, b->p->features.n,
		    sizeof(*b->p->features.v), feature_cmp);
}

static bool
pe_policy_ok(const char *s)
{
	return s != NULL && (mp_strcaseeq(s, "Enabled") ||
	    mp_strcaseeq(s, "RouteTableEnabled"));
}

/*
 * High-scale private endpoints count across peered VNets, and a hub's
 * gateway carries on-premises traffic to the members' private endpoints:
 * Microsoft's guidance is privateEndpointVNetPolicies Basic on every VNet
 * connected to the private endpoints. So a hub peered to a member of an
 * HSPE mesh gets Basic too, in the first wave that adds such a member
 * (docs/iac.md). A hub is never a mesh member.
 */
static void
hspe_hubs(struct bld *b)
{
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		const struct vnet *v = b->sp[i];
		const struct plan_mesh *me;

		if (b->mesh_of[i] < 0)
			continue;
		me = &b->p->meshes.v[b->mesh_of[i]];
		if (!me->hspe || b->wave_of[i] <= 0)
			continue;
		for (j = 0; j < v->hubs.n; j++) {
			const struct vnet *h = v->hubs.v[j];
			struct plan_vnet *pv;

			if (h->pe_vnet_policies != NULL &&
			    mp_strcaseeq(h->pe_vnet_policies, "Basic"))
				continue;
			pv = plan_hub_vnet(b->p, h);
			if (pv->change_wave == 0 ||
			    b->wave_of[i] < pv->change_wave)
				pv->change_wave = b->wave_of[i];
			pv->set_pe_vnet_basic = true;
		}
	}
}

static void
plan_vnets(struct bld *b)
{
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		const struct vnet *v = b->sp[i];
		const struct plan_mesh *me;
		struct plan_vnet pv;

		if (b->mesh_of[i] < 0)
			continue;
		me = &b->p->meshes.v[b->mesh_of[i]];
		memset(&pv, 0, sizeof(pv));
		pv.id = dup(b, v->r.id);
		pv.name = dup(b, v->r.name);
		pv.subscription = dup(b, v->r.subscription);
		pv.resource_group = dup(b, v->r.resource_group);
		pv.location = dup(b, v->r.location);
		for (j = 0; j < v->prefixes.n; j++)
			ARR_PUSH(b->a, pv.prefixes, v->prefixes.v[j]);
		for (j = 0; j < v->r.tags.n; j++) {
			struct tag t;

			t.key = dup(b, v->r.tags.v[j].key);
			t.value = dup(b, v->r.tags.v[j].value);
			ARR_PUSH(b->a, pv.tags, t);
		}
		pv.npes = v->npes;
		pv.raw = v->raw;	/* copied at the end of plan_build */
		pv.pe_vnet_policies = dup(b, v->pe_vnet_policies);
		if (me->hspe) {
			pv.set_pe_vnet_basic = v->pe_vnet_policies == NULL ||
			    !mp_strcaseeq(v->pe_vnet_policies, "Basic");
			for (j = 0; j < v->subnets.n; j++) {
				const struct subnet *s = v->subnets.v[j];
				struct plan_subnet_change sc;

				if (s->pes.n == 0 || pe_policy_ok(s->pe_policies))
					continue;
				sc.id = dup(b, s->r.id);
				sc.name = dup(b, s->r.name);
				sc.old_policy = dup(b, s->pe_policies);
				/* Keep NSG enforcement when it is on; else
				 * only route tables, the smaller change. */
				sc.new_policy = s->pe_policies != NULL &&
				    mp_strcaseeq(s->pe_policies,
				    "NetworkSecurityGroupEnabled") ? "Enabled" :
				    "RouteTableEnabled";
				sc.npes = s->pes.n;
				ARR_PUSH(b->a, pv.subnet_changes, sc);
			}
		}
		pv.mesh = me->name;
		pv.segment = b->seg_of[i];
		pv.hairpins_out = b->hp_out[i];
		pv.traffic_bytes = (size_t)b->bytes[i];
		pv.wave = b->wave_of[i];
		pv.live = b->live_cfg[i] != NULL;
		if (pv.set_pe_vnet_basic || pv.subnet_changes.n > 0)
			pv.change_wave = pv.wave;
		ARR_PUSH(b->a, b->p->vnets, pv);
	}
	plan_sort_vnets(b->p);
	hspe_hubs(b);
}

static void
assign_segments(struct bld *b)
{
	size_t i, k;

	for (i = 0; i < b->n; i++) {
		const struct vnet *v = b->sp[i];

		for (k = 0; k < b->pol->segments.n; k++)
			if (selector_match(&b->pol->segments.v[k].match,
			    v->r.name, v->r.tags.v, v->r.tags.n)) {
				b->seg_of[i] = dup(b,
				    b->pol->segments.v[k].name);
				break;
			}
		b->seg_idx[i] = (int)k;
	}
}

static const char *const wave_kinds[3] = { "pilot", "light-production",
	"rest" };

/* waves_assign's wave of a wave name: 1..3, 2 + N for "rest-N"; 0 when
 * not one of them. */
static int
wave_kind(const char *name)
{
	int k;

	for (k = 0; name != NULL && k < 3; k++)
		if (strcmp(name, wave_kinds[k]) == 0)
			return k + 1;
	if (name != NULL && strncmp(name, "rest-", 5) == 0 &&
	    atoi(name + 5) >= 1 && atoi(name + 5) < 100000)
		return 2 + atoi(name + 5);
	return 0;
}

/*
 * Resume with a previous plan: a VNet keeps the wave it had there (by
 * name); a VNet new to the plan joins the last wave ("rest").
 */
static void
resume_waves(struct bld *b, const size_t *idx, size_t nm,
    struct wave_notes *wn)
{
	const struct plan *prev = b->in->previous;
	size_t i, k, nnew = 0;

	if (prev == NULL)
		return;
	wn->n = 3;
	for (i = 0; i < nm; i++) {
		const struct plan_vnet *pv = plan_find_vnet(prev,
		    b->sp[idx[i]]->r.id);
		int kind = 0;

		for (k = 0; pv != NULL && pv->wave > 0 && k < prev->waves.n;
		    k++)
			if (prev->waves.v[k].number == pv->wave)
				kind = wave_kind(prev->waves.v[k].name);
		if (kind == 0 || kind >= wn->cap) {
			kind = 3;
			nnew++;
		}
		b->wave_of[idx[i]] = kind;
		if (kind > wn->n)
			wn->n = kind;
	}
	for (k = 0; k < (size_t)wn->n; k++) {
		wn->note[k] = "as in the previous plan";
		if (k >= 2 && wn->n > 3)
			wn->name[k] = arena_printf(b->a, "rest-%zu", k - 1);
		else
			wn->name[k] = wave_kinds[k];
	}
	if (nnew > 0)
		wn->note[2] = arena_printf(b->a, "as in the previous plan, with "
		    "%zu VNet(s) it did not have", nnew);
}

static void
assign_waves(struct bld *b, struct wave_notes *wn)
{
	struct wave_cand *c;
	size_t *idx, i, nm = 0;
	int *w;

	c = xcalloc(b->n + 1, sizeof(*c));
	idx = xcalloc(b->n + 1, sizeof(*idx));
	w = xcalloc(b->n + 1, sizeof(*w));
	for (i = 0; i < b->n; i++) {
		const struct vnet *v = b->sp[i];

		if (b->mesh_of[i] < 0 || b->live_cfg[i] != NULL)
			continue;
		c[nm].id = v->r.id;
		c[nm].name = v->r.name;
		c[nm].tags = v->r.tags.v;
		c[nm].ntags = v->r.tags.n;
		c[nm].hairpins = b->hp_out[i] + b->hp_in[i];
		c[nm].pes = v->npes;
		c[nm].bytes = b->bytes[i];
		idx[nm++] = i;
	}
	waves_assign(c, nm, b->pol, b->have_traffic, w, wn, b->a);
	for (i = 0; i < nm; i++)
		b->wave_of[idx[i]] = w[i];
	resume_waves(b, idx, nm, wn);
	free(w);
	free(idx);
	free(c);
}

static void
load_traffic(struct bld *b, struct strmap *idx)
{
	size_t i;

	for (i = 0; b->in->traffic != NULL && i < b->in->ntraffic; i++) {
		void *v = strmap_get(idx, b->in->traffic[i].vnet_id);

		if (v == NULL)
			continue;
		b->bytes[(uintptr_t)v - 1] = mp_add_sat(
		    b->bytes[(uintptr_t)v - 1], b->in->traffic[i].bytes);
		b->have_traffic = true;
	}
}

static bool
denied_pair(const struct policy *pol, const char *x, const char *y)
{
	size_t k;

	if (x == NULL || y == NULL)
		return false;
	for (k = 0; k < pol->deny.n; k++)
		if ((strcmp(pol->deny.v[k].a, x) == 0 &&
		    strcmp(pol->deny.v[k].b, y) == 0) ||
		    (strcmp(pol->deny.v[k].a, y) == 0 &&
		    strcmp(pol->deny.v[k].b, x) == 0))
			return true;
	return false;
}

static int
strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == NULL ? (b == NULL ? 0 : 1) : -1;
	return strcmp(a, b);
}

static int
segcount_cmp(const void *x, const void *y)
{
	const struct plan_segment_count *a = x, *b = y;
	int c = strcmp_null(a->src_segment, b->src_segment);

	return c ? c : strcmp_null(a->dst_segment, b->dst_segment);
}

/* Inspection lost: through an appliance before, straight to the
 * destination (no appliance) after. */
static bool
lost_inspection(unsigned char x, unsigned char y)
{
	return (x & PP_INSPECTED) && PP_CLASS(y) == PP_DIRECT &&
	    !(y & PP_INSPECTED);
}

/*
 * One wave against the estate (table 0), the previous wave (1; the
 * estate for wave 1) and itself (2): its hairpins (every pair through the
 * ExpressRoute edge, R7) and the inspected share, the pairs whose
 * inspection is lost after it and those it loses first, per group and
 * source as in final_fn so that the listing visits only their sources.
 */
struct wave_sum {
	size_t hairpins, inspected, lost, lost_new;
	size_t *grp_new, *src_new;
};

static void
wave_fn(void *ctx, const struct groups *gr, size_t g, size_t src, size_t j,
    const unsigned char *c, long w)
{
	struct wave_sum *ws = ctx;

	(void)gr;
	(void)j;
	if (PP_CLASS(c[2]) == PP_HAIRPIN) {
		ws->hairpins += (size_t)w;
		if (c[2] & PP_INSPECTED)
			ws->inspected += (size_t)w;
	}
	if (!lost_inspection(c[0], c[2]))
		return;
	ws->lost += (size_t)w;
	if (lost_inspection(c[0], c[1]))
		return;
	ws->lost_new += (size_t)w;
	if (src == SIZE_MAX)
		ws->grp_new[g]++;
	else
		ws->src_new[src] += (size_t)w;
}

/* Newly direct: direct without an appliance after, and not before. */
static bool
newly_direct(unsigned char x, unsigned char y)
{
	return PP_CLASS(y) == PP_DIRECT && !(y & PP_INSPECTED) &&
	    (PP_CLASS(x) != PP_DIRECT || (x & PP_INSPECTED));
}

/*
 * The whole plan against the estate. A source's key is its mesh and
 * segment: key = (mesh_of + 1) * (nseg + 1) + seg, seg nseg for none.
 */
struct final_sum {
	struct bld *b;
	const int *seg;			/* per spoke, nseg: none */
	size_t nseg;
	size_t *pairs;			/* (nseg + 1)^2 segment pairs */
	size_t *grp_new, *src_new;	/* newly direct, per group/source */
};

static void
final_fn(void *ctx, const struct groups *gr, size_t g, size_t src,
    size_t j, const unsigned char *c, long w)
{
	struct final_sum *fs = ctx;
	struct plan *p = fs->b->p;
	unsigned char x = c[0], y = c[1];
	int mi = gr->key[g] / (int)(fs->nseg + 1) - 1;
	int si = gr->key[g] % (int)(fs->nseg + 1), mj = fs->b->mesh_of[j];

	if (lost_inspection(x, y))
		p->effect.inspection_lost += (size_t)w;
	if (PP_CLASS(y) == PP_HAIRPIN) {
		p->effect.hairpins_after += (size_t)w;
		if (y & PP_INSPECTED)
			p->effect.inspected_after += (size_t)w;
		if (mi < 0 || mj < 0)
			p->effect.after_not_meshed += (size_t)w;
		else if (mi != mj)
			p->effect.after_other_mesh += (size_t)w;
		else
			p->effect.after_same_mesh += (size_t)w;
	}
	if (!newly_direct(x, y))
		return;
	fs->pairs[(size_t)si * (fs->nseg + 1) + (size_t)fs->seg[j]] +=
	    (size_t)w;
	if (src == SIZE_MAX)
		fs->grp_new[g]++;
	else
		fs->src_new[src] += (size_t)w;
}

/* Segment pairs with newly direct flows, and the deny rules' share. */
static void
segment_counts(struct bld *b, const struct final_sum *fs)
{
	struct plan *p = b->p;
	size_t si, sj, k;

	for (si = 0; si <= fs->nseg; si++)
		for (sj = 0; sj <= fs->nseg; sj++) {
			size_t np = fs->pairs[si * (fs->nseg + 1) + sj];
			struct plan_segment_count sc;
			const char *s1, *s2;

			if (np == 0)
				continue;
			s1 = si < fs->nseg ? dup(b,
			    b->pol->segments.v[si].name) : NULL;
			s2 = sj < fs->nseg ? dup(b,
			    b->pol->segments.v[sj].name) : NULL;
			sc.src_segment = s1;
			sc.dst_segment = s2;
			sc.pairs = np;
			sc.denied = denied_pair(b->pol, s1, s2);
			ARR_PUSH(b->a, p->segment_counts, sc);
			p->segmentation_total += np;
			for (k = 0; sc.denied && k < p->deny.n; k++)
				if ((strcmp(p->deny.v[k].segment_a, s1) == 0 &&
				    strcmp(p->deny.v[k].segment_b, s2) == 0) ||
				    (strcmp(p->deny.v[k].segment_a, s2) == 0 &&
				    strcmp(p->deny.v[k].segment_b, s1) == 0))
					p->deny.v[k].pairs += np;
		}
	if (p->segment_counts.n > 1)
		qsort(p->segment_counts.v, p->segment_counts.n,
		    sizeof(*p->segment_counts.v), segcount_cmp);
}

/* The first PLAN_PAIRS_CAP newly direct pairs, by (source, destination):
 * only sources with some are read, one pair at a time. */
static void
segment_pairs(struct bld *b, const struct pair_table *after,
    const struct groups *gr, const struct final_sum *fs)
{
	struct plan *p = b->p;
	size_t i, j;

	for (i = 0; i < b->n && p->segmentation.n < PLAN_PAIRS_CAP; i++) {
		if (gr->of[i] == SIZE_MAX ||
		    fs->grp_new[gr->of[i]] + fs->src_new[i] == 0)
			continue;
		for (j = 0; j < b->n && p->segmentation.n < PLAN_PAIRS_CAP;
		    j++) {
			unsigned char x = pair_table_code(&b->before, i, j,
			    PP_UNKNOWN);
			struct plan_pair pp;

			if (!newly_direct(x, pair_table_code(after, i, j,
			    PP_UNKNOWN)))
				continue;
			pp.src_id = dup(b, b->sp[i]->r.id);
			pp.dst_id = dup(b, b->sp[j]->r.id);
			pp.before = pair_path_name(PP_CLASS(x));
			pp.inspected_before = (x & PP_INSPECTED) != 0;
			pp.src_segment = b->seg_of[i];
			pp.dst_segment = b->seg_of[j];
			pp.denied = denied_pair(b->pol, pp.src_segment,
			    pp.dst_segment);
			ARR_PUSH(b->a, p->segmentation, pp);
		}
	}
	p->segmentation_truncated = p->segmentation_total >
	    p->segmentation.n;
}

/* Pairs of lost inspection listed for the waves, to be explained. */
struct lost_list {
	struct vnet **src, **dst;
	struct plan_lost_pair **at;	/* where each one's route goes */
	size_t n;
};

/* The first PLAN_LOST_CAP pairs whose inspection wave wv loses first,
 * by (source, destination): only sources with some are read. */
static void
lost_pairs(struct bld *b, struct plan_wave *wv, const struct pair_table
    *prev, const struct pair_table *cur, const struct groups *gr,
    const struct wave_sum *ws, struct lost_list *ll)
{
	size_t i, j, k0 = wv->lost.n;

	for (i = 0; i < b->n && wv->lost.n < PLAN_LOST_CAP; i++) {
		if (gr->of[i] == SIZE_MAX ||
		    ws->grp_new[gr->of[i]] + ws->src_new[i] == 0)
			continue;
		for (j = 0; j < b->n && wv->lost.n < PLAN_LOST_CAP; j++) {
			unsigned char x = pair_table_code(&b->before, i, j,
			    PP_UNKNOWN);
			struct plan_lost_pair lp;

			if (!lost_inspection(x, pair_table_code(cur, i, j,
			    PP_UNKNOWN)) || lost_inspection(x,
			    pair_table_code(prev, i, j, PP_UNKNOWN)))
				continue;
			memset(&lp, 0, sizeof(lp));
			lp.src_id = dup(b, b->sp[i]->r.id);
			lp.dst_id = dup(b, b->sp[j]->r.id);
			ARR_PUSH(b->a, wv->lost, lp);
			ll->src[ll->n] = b->sp[i];
			ll->dst[ll->n] = b->sp[j];
			ll->n++;
		}
	}
	/* Pointers into wv->lost once it no longer grows. */
	for (i = k0; i < wv->lost.n; i++)
		ll->at[ll->n - (wv->lost.n - i)] = &wv->lost.v[i];
}

/* The routes that inspected the listed pairs, from the oracle. */
static void
explain_lost(struct bld *b, const struct lost_list *ll, struct arena *tmp)
{
	const struct pair_oracle *o = b->in->oracle;
	const char **ids, **texts;
	size_t k;

	if (ll->n == 0 || o->inspecting_route == NULL)
		return;
	ids = arena_calloc(tmp, ll->n, sizeof(*ids));
	texts = arena_calloc(tmp, ll->n, sizeof(*texts));
	o->inspecting_route(o->ctx, b->e, ll->src, ll->dst, ll->n, tmp, ids,
	    texts);
	for (k = 0; k < ll->n; k++) {
		ll->at[k]->route_id = ids[k] != NULL ? dup(b, ids[k]) : NULL;
		ll->at[k]->route = texts[k] != NULL ? dup(b, texts[k]) : NULL;
	}
}

/*
 * Evaluate R8 for every wave (cumulative) and fill effect/segmentation.
 * Each wave's figures count the same things as the estate's (R7 over
 * every ordered spoke pair), so that wave k's hairpins_after is what
 * `analyze` counts with the members of waves 1..k in their groups.
 */
static void
evaluate(struct bld *b)
{
	struct plan *p = b->p;
	struct arena *wa = NULL, *pa = NULL, *tmp = arena_new();
	struct pair_table after, prev;
	const struct pair_table *v[3];
	struct final_sum fs;
	struct groups gr;
	struct lost_list ll;
	int *mo, *key;
	size_t i, w, nwaves = p->waves.n;

	mo = arena_calloc(tmp, b->n + 1, sizeof(*mo));
	memset(&ll, 0, sizeof(ll));
	ll.src = arena_calloc(tmp, nwaves * PLAN_LOST_CAP + 1,
	    sizeof(*ll.src));
	ll.dst = arena_calloc(tmp, nwaves * PLAN_LOST_CAP + 1,
	    sizeof(*ll.dst));
	ll.at = arena_calloc(tmp, nwaves * PLAN_LOST_CAP + 1, sizeof(*ll.at));
	after = b->before;
	for (w = 1; w <= nwaves; w++) {
		struct plan_wave *wv = &p->waves.v[w - 1];
		struct wave_sum ws;
		struct arena *t;

		for (i = 0; i < b->n; i++)
			mo[i] = (b->wave_of[i] > 0 && b->wave_of[i] <= (int)w)
			    || b->live_cfg[i] != NULL ? b->mesh_of[i] : -1;
		/* The previous wave's table stays for the comparison. */
		arena_free(pa);
		pa = wa;
		prev = after;
		wa = arena_new();
		b->in->oracle->classify(b->in->oracle->ctx, b->e, b->sp, b->n,
		    mo, wa, &after);
		memset(&ws, 0, sizeof(ws));
		ws.grp_new = arena_calloc(tmp, b->n + 1, sizeof(*ws.grp_new));
		ws.src_new = arena_calloc(tmp, b->n + 1, sizeof(*ws.src_new));
		v[0] = &b->before;
		v[1] = &prev;
		v[2] = &after;
		t = arena_new();
		pv_sum(v, 3, NULL, t, &gr, wave_fn, &ws);
		wv->hairpins_before = w == 1 ? p->effect.hairpins_before :
		    p->waves.v[w - 2].hairpins_after;
		wv->inspected_before = w == 1 ? p->effect.inspected_before :
		    p->waves.v[w - 2].inspected_after;
		wv->hairpins_after = ws.hairpins;
		wv->inspected_after = ws.inspected;
		wv->inspection_lost = ws.lost;
		wv->inspection_lost_new = ws.lost_new;
		lost_pairs(b, wv, &prev, &after, &gr, &ws, &ll);
		arena_free(t);
	}
	arena_free(pa);
	/* after now holds the whole plan (or the estate unchanged). */
	memset(&fs, 0, sizeof(fs));
	fs.b = b;
	fs.nseg = b->pol->segments.n;
	fs.seg = b->seg_idx;
	fs.pairs = arena_calloc(tmp, (fs.nseg + 1) * (fs.nseg + 1),
	    sizeof(*fs.pairs));
	fs.grp_new = arena_calloc(tmp, b->n + 1, sizeof(*fs.grp_new));
	fs.src_new = arena_calloc(tmp, b->n + 1, sizeof(*fs.src_new));
	key = arena_calloc(tmp, b->n + 1, sizeof(*key));
	for (i = 0; i < b->n; i++)
		key[i] = (b->mesh_of[i] + 1) * (int)(fs.nseg + 1) +
		    b->seg_idx[i];
	v[0] = &b->before;
	v[1] = &after;
	pv_sum(v, 2, key, tmp, &gr, final_fn, &fs);
	segment_counts(b, &fs);
	segment_pairs(b, &after, &gr, &fs);
	arena_free(wa);
	explain_lost(b, &ll, tmp);
	arena_free(tmp);
}

static int
deny_cmp(const void *x, const void *y)
{
	const struct plan_deny *a = x, *b = y;

	return strcmp(a->name, b->name);
}

static void
plan_deny(struct bld *b)
{
	size_t k, i;

	for (k = 0; k < b->pol->deny.n; k++) {
		struct plan_deny d;

		memset(&d, 0, sizeof(d));
		d.segment_a = dup(b, b->pol->deny.v[k].a);
		d.segment_b = dup(b, b->pol->deny.v[k].b);
		d.name = arena_printf(b->a, "deny-%s-%s", d.segment_a,
		    d.segment_b);
		d.group_a = arena_printf(b->a, "ng-seg-%s", d.segment_a);
		d.group_b = arena_printf(b->a, "ng-seg-%s", d.segment_b);
		d.priority = 100 + 10 * (int)k;
		d.protocol = "Any";
		for (i = 0; i < b->n; i++) {
			if (b->mesh_of[i] < 0 || b->seg_of[i] == NULL)
				continue;
			if (strcmp(b->seg_of[i], d.segment_a) == 0)
				ARR_PUSH(b->a, d.vnets_a, dup(b, b->sp[i]->r.id));
			else if (strcmp(b->seg_of[i], d.segment_b) == 0)
				ARR_PUSH(b->a, d.vnets_b, dup(b, b->sp[i]->r.id));
		}
		ARR_PUSH(b->a, b->p->deny, d);
	}
	if (b->p->deny.n > 1)
		qsort(b->p->deny.v, b->p->deny.n, sizeof(*b->p->deny.v),
		    deny_cmp);
}

static int
blocker_cmp(const void *x, const void *y)
{
	const struct plan_blocker *a = x, *b = y;
	int c = mp_strcasecmp(a->resource, b->resource);

	return c ? c : strcmp(a->reason, b->reason);
}

/*
 * Resume: every wave's cumulative members and private endpoints include
 * the live members (waves_build only sees the VNets waves add).
 */
static void
resume_members(struct bld *b)
{
	struct plan *p = b->p;
	size_t i, w, nlive = 0, pes = 0, nwaved = 0;

	for (i = 0; i < p->vnets.n; i++) {
		if (p->vnets.v[i].live) {
			nlive++;
			pes += p->vnets.v[i].npes;
		}
		nwaved += p->vnets.v[i].wave > 0;
	}
	if (nlive == 0)
		return;
	for (w = 0; w < p->waves.n; w++) {
		struct plan_wave *wv = &p->waves.v[w];

		for (i = 0; i < p->vnets.n; i++)
			if (p->vnets.v[i].live)
				ARR_PUSH(b->a, wv->members, p->vnets.v[i].id);
		qsort(wv->members.v, wv->members.n, sizeof(*wv->members.v),
		    str_case_cmp);
		wv->private_endpoints += pes;
	}
	note(b, arena_printf(b->a, "resumed: %zu VNet(s) are live members of "
	    "the mesh; the waves carry the %zu that are not%s", nlive,
	    nwaved, b->in->previous != NULL ?
	    ", in the previous plan's waves" : "; without --previous-plan "
	    "they are waved afresh"));
}

/*
 * Resume with a previous plan: each wave takes back the number its name
 * had there (a wave it did not have comes after its last), once the
 * evaluation, which counts waves 1..N, is done.
 */
static void
resume_renumber(struct bld *b)
{
	const struct plan *prev = b->in->previous;
	struct plan *p = b->p;
	int *map, maxn = 0;
	size_t i, k, w;

	if (prev == NULL || p->waves.n == 0)
		return;
	for (k = 0; k < prev->waves.n; k++)
		if (prev->waves.v[k].number > maxn)
			maxn = prev->waves.v[k].number;
	map = xcalloc(p->waves.n + 1, sizeof(*map));
	for (w = 0; w < p->waves.n; w++) {
		struct plan_wave *wv = &p->waves.v[w];

		for (k = 0; k < prev->waves.n; k++)
			if (strcmp(prev->waves.v[k].name, wv->name) == 0)
				map[w] = prev->waves.v[k].number;
		if (map[w] == 0 || (w > 0 && map[w] <= map[w - 1]))
			map[w] = ++maxn;
		/* The validation step names its wave. */
		for (k = 0; k < wv->steps.n; k++) {
			struct plan_step *st = &wv->steps.v[k];
			const char *t = st->text, *pre = "Run the wave ";
			char *end;

			if (st->kind != STEP_VALIDATE || t == NULL ||
			    strncmp(t, pre, strlen(pre)) != 0)
				continue;
			if (strtol(t + strlen(pre), &end, 10) == wv->number)
				st->text = arena_printf(b->a, "%s%d%s", pre,
				    map[w], end);
		}
	}
	for (i = 0; i < p->vnets.n; i++)
		if (p->vnets.v[i].wave > 0 &&
		    (size_t)p->vnets.v[i].wave <= p->waves.n)
			p->vnets.v[i].wave = map[p->vnets.v[i].wave - 1];
	for (w = 0; w < p->waves.n; w++)
		p->waves.v[w].number = map[w];
	free(map);
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
	b.a = b.p->arena;
	b.p->generator = dup(&b, in->generator);
	b.p->policy_file = dup(&b, pol->file);
	b.p->dynamic_membership = pol->dynamic_membership;
	b.p->membership_tag = pol->dynamic_membership ?
	    dup(&b, pol->membership_tag) : NULL;
	tmp = arena_new();
	idx = strmap_new(tmp);
	for (i = 0; i < e->vnets.n; i++)
		if (e->vnets.v[i]->r.seen && e->vnets.v[i]->role == ROLE_SPOKE)
			b.n++;
	b.sp = arena_calloc(tmp, b.n + 1, sizeof(*b.sp));
	for (i = 0, k = 0; i < e->vnets.n; i++)
		if (e->vnets.v[i]->r.seen &&
		    e->vnets.v[i]->role == ROLE_SPOKE) {
			b.sp[k] = e->vnets.v[i];
			strmap_put(idx, b.sp[k]->r.id, (void *)(uintptr_t)(k + 1));
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
			    dup(&b, e->vnets.v[i]->r.id));
	for (i = 0; i < b.n; i++)
		b.mesh_of[i] = -1;
	load_traffic(&b, idx);
	if (b.n > 0) {
		in->oracle->classify(in->oracle->ctx, e, b.sp, b.n, NULL, b.va,
		    &b.before);
		MP_ASSERT(b.before.n == b.n);
	} else
		b.before.exc_at = arena_calloc(b.va, 1, sizeof(size_t));
	count_hairpins(&b);
	resume_find(&b);
	scope(&b);
	plan_groups(&b);
	resume_map(&b);
	/* Meshes were emitted in group-key order, which is name order; keep
	 * the sort anyway so that the invariant does not hang on it. */
	MP_ASSERT(b.p->meshes.n < 2 || mesh_cmp(&b.p->meshes.v[0],
	    &b.p->meshes.v[1]) < 0);
	plan_manager(&b);
	plan_features(&b);
	assign_segments(&b);
	assign_waves(&b, &wn);
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
	evaluate(&b);
	resume_renumber(&b);
	if (b.p->conflicts.n > 1)
		qsort(b.p->conflicts.v, b.p->conflicts.n,
		    sizeof(*b.p->conflicts.v), blocker_cmp);
	if (e->vnets.n > 0 && !e->has_onprem_routes && pol->onprem.n == 0)
		note(&b, "on-premises routes are unknown (no learned routes, "
		    "--onprem or policy onprem): flows were analysed with "
		    "none");
	arena_free(b.va);
	arena_free(tmp);
	if (in->oracle->release != NULL)
		in->oracle->release(in->oracle->ctx);
	/* The VNets' raw JSON, the bulk of a plan, is copied last: once the
	 * routings of the evaluation are gone, so that it does not add to
	 * their peak. */
	for (i = 0; i < b.p->vnets.n; i++)
		b.p->vnets.v[i].raw = arena_strdup(b.p->arena,
		    b.p->vnets.v[i].raw);
	return b.p;
}
