/*
 * mesh.c - the planner's grouping: which spokes are in scope, and the mesh
 * groups they form (plan_build in plan.c calls these in turn).
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
 * Hairpins per spoke are sums over the n(n-1) ordered pairs by class
 * (pv_sum, pairtable.h), linear in the spokes for a given number of
 * classes.
 *
 *	plan_count_hairpins	hairpins per spoke, the effect's "before"
 *	plan_scope		candidates and the blockers that leave out
 *	plan_groups		the mesh groups (split by the limits)
 *	region_key, pair_path_name, mesh_cmp, mesh_sort_unique
 */
#include "plan_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "labels.h"

static const char *const pp_names[] = {
	[PP_UNKNOWN] = "unknown",
	[PP_DIRECT] = "direct",
	[PP_HAIRPIN] = "hairpin",
	[PP_OVERLAP] = "overlap",
	[PP_ONPREM] = "onprem",
	[PP_DROPPED] = "dropped",
	[PP_VPN] = "vpn",
	[PP_INTERNET] = "internet",
	[PP_LOOP] = "loop",
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

/* Hairpinning pairs per spoke, and the effect's "before" counts. */
struct hp_sum {
	struct bld *b;
	size_t *grp; /* hairpins out per group */
};

static void
hp_fn(void *ctx, const struct pair_groups *gr, size_t g, size_t src, size_t j,
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

void
plan_count_hairpins(struct bld *b)
{
	const struct pair_table *v = &b->before;
	struct arena *tmp = arena_new();
	struct hp_sum h;
	struct pair_groups gr;
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

void
plan_scope(struct bld *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct vnet *v = b->sp[i];

		if (b->live_cfg[i] != NULL) {
			/* Live: a member, whatever the policy says now. */
			if (v->npes > b->pol->limits.vnet_pes_hspe)
				add_conflict(b, v->r.id, "pe-limit",
				    arena_printf(b->a,
					"%zu private endpoints, "
					"over the %zu a VNet may hold even "
					"with "
					"HSPE; live in the group, kept (not "
					"undone)",
					v->npes, b->pol->limits.vnet_pes_hspe));
			b->cand[i] = true;
			continue;
		}
		if (b->pol->mesh_scope == MESH_SCOPE_HAIRPINNING &&
		    b->hp_out[i] + b->hp_in[i] == 0 &&
		    !resume_in_previous(b, v))
			continue;
		if (v->connected_configs.n > 0) {
			add_blocker(b, v->r.id, "existing-group",
			    arena_printf(b->a,
				"already in the connected group "
				"of %s%s; not planned twice",
				v->connected_configs.v[0],
				v->connected_configs.n > 1 ? " (and more)" :
							     ""));
			continue;
		}
		if (v->npes > b->pol->limits.vnet_pes_hspe) {
			add_blocker(b, v->r.id, "pe-limit",
			    arena_printf(b->a,
				"%zu private endpoints, over "
				"the %zu a VNet may hold even with HSPE",
				v->npes, b->pol->limits.vnet_pes_hspe));
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
region_fn(void *ctx, const struct pair_groups *gr, size_t g, size_t src,
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
	struct pair_groups gr;
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
find_overlaps(struct bld *b, const size_t *members, size_t nm, bool *over,
    const char **why)
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
		while (depth > 0 &&
		    !prefix_contains(&stack[depth - 1]->p, &it[i].p))
			depth--;
		for (k = 0; k < depth; k++) {
			size_t s1 = stack[k]->spoke, s2 = it[i].spoke;

			if (s1 == s2)
				continue;
			if (b->lb == NULL)
				b->lb = b->in->labels != NULL ?
				    b->in->labels :
				    labels_new(b->e, b->tmp);
			if (!over[s1])
				why[s1] = arena_printf(b->tmp,
				    "address space %s "
				    "overlaps %s of %s",
				    prefix_format(&stack[k]->p, b1),
				    prefix_format(&it[i].p, b2),
				    label_res(b->lb, &b->sp[s2]->r));
			if (!over[s2])
				why[s2] = arena_printf(b->tmp,
				    "address space %s "
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
			    arena_printf(b->a,
				"%s; both live in the group "
				"(connectedGroupAddressOverlap: Disallowed "
				"would "
				"refuse them now); not undone",
				why[lm[k]]));
	free(why);
	free(over);
	free(lm);
}

struct grp_item {
	const char *key; /* group key: region or "global" */
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

int
mesh_str_case_cmp(const void *x, const void *y)
{
	return mp_strcasecmp(*(const char *const *)x, *(const char *const *)y);
}

/* Sort and de-duplicate (case-insensitively) a string array. */
void
mesh_sort_unique(void *arr)
{
	ARR(const char *) *s = arr;
	size_t i, o = 0;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(*s->v), mesh_str_case_cmp);
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

		ARR_PUSH(b->a, me.vnet_ids, dup_once(b, v->r.id));
		me.private_endpoints += v->npes;
		if (v->npes > me.max_vnet_pes)
			me.max_vnet_pes = v->npes;
		if (v->r.subscription != NULL)
			ARR_PUSH(b->a, me.subscriptions,
			    dup_once(b, v->r.subscription));
		b->mesh_of[m[i]] = idx;
	}
	mesh_sort_unique(&me.subscriptions);
	me.high_scale = nm > b->pol->limits.mesh_vnets;
	me.hspe = me.private_endpoints > b->pol->limits.mesh_pes ||
	    me.max_vnet_pes > b->pol->limits.vnet_pes;
	if (nparts > 1)
		me.note = arena_printf(b->a,
		    "part %d of %d: the group is over "
		    "%zu VNets or %zu private endpoints; parts do not reach "
		    "each other through the mesh",
		    part, nparts, b->pol->limits.mesh_vnets_high_scale,
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

		if (i == nm ||
		    (vn > 0 &&
			(vn + 1 > l->mesh_vnets_high_scale ||
			    pes + np > l->mesh_pes_hspe))) {
			if (vn > 0)
				emit_mesh(b, key, global, m + start, vn, ++part,
				    (int)nparts);
			start = i;
			vn = 0;
			pes = 0;
		}
		vn++;
		pes += np;
	}
}

void
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
	/* The overlap messages and the names they use live in tmp until
	 * the blockers have copied them. */
	b->tmp = tmp;
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
			note(b,
			    "spokes hairpin across regions: one global "
			    "mesh (mesh.global: auto)");
		break;
	}
	gi = xcalloc(nc, sizeof(*gi));
	for (i = 0; i < b->n; i++)
		if (b->cand[i]) {
			gi[ng].key = global ?
			    "global" :
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
				    arena_printf(b->a,
					"%s; left out of the "
					"mesh (connectedGroupAddressOverlap: "
					"Disallowed)",
					why[m[k]]));
				b->cand[m[k]] = false;
				continue;
			}
			m[kept++] = m[k];
		}
		if (kept == 1 && b->live_cfg[m[0]] == NULL) {
			add_blocker(b, b->sp[m[0]]->r.id, "single",
			    arena_printf(b->a,
				"the only candidate of group %s: "
				"a mesh needs two VNets",
				gi[s].key));
			b->cand[m[0]] = false;
		} else if (kept >= 1)
			emit_group(b, gi[s].key, global, m, kept);
		s = e2;
	}
	free(m);
	free(why);
	free(over);
	free(gi);
	b->lb = NULL;
	b->tmp = NULL;
	arena_free(tmp);
}

int
mesh_cmp(const void *x, const void *y)
{
	const struct plan_mesh *a = x, *b = y;

	return strcmp(a->name, b->name);
}
