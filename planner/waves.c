/*
 * waves.c - the per-wave runbook (wave choice, waves_assign, is in
 * waves_assign.c). waves_build turns the plan IR into the runbook as
 * data: the prerequisite steps and each wave's ordered steps (kind, the
 * id of the object, its subscription and properties), maintenance note,
 * validation checklist and rollback steps. It names every object the
 * plan creates (network manager, groups, static members, configurations,
 * security admin rules), so the az commands and every IaC target, all
 * made from these steps, agree.
 *
 * Invariants: waves are cumulative (a VNet joins once and stays); feature
 * registrations are prerequisites, and a wave that needs one first checks
 * that it is Registered; then PE subnet policies, then
 * privateEndpointVNetPolicies: Basic on the wave's VNets (and the hubs
 * peered to them, the first time), then the AVNM objects, then the
 * commit, which always lists every configuration live after the wave.
 * Strings live in the plan's arena.
 */
#include "waves.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/names.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "labels.h"

/* The runbook writer. A list of strings (an ARR of const char *). */
struct strs {
	const char **v;
	size_t n, cap;
};

struct wctx {
	struct plan *p;
	struct arena *a;
	/* What waves_build needs only while it runs (names given, their
	 * keys, the tables below): freed at its end, not kept in the plan. */
	struct arena *tmp;
	struct namer members; /* static member names, unique */
	const char *mgr_id;   /* manager id (existing or to be) */
	const char *mgr_sub;  /* its subscription GUID */
	const char *sac_id;   /* security admin configuration id */
	struct strmap *names; /* VNet name -> count over the plan's
			       * VNets; made when first needed */
	/* Made once by waves_build, so that no wave scans every VNet per
	 * mesh: each mesh's first wave (0: none), and its VNets in plan
	 * order (mesh_vnets[mesh_at[i] .. mesh_at[i + 1]), indices into
	 * p->vnets). */
	int *first_wave;
	size_t *mesh_at, *mesh_vnets;
};

/*
 * A plan VNet's name for a step or a check, with its resource group and
 * subscription when another VNet of the plan has the same name
 * (planner/labels.h's form).
 */
static const char *
vnet_label(struct wctx *w, const struct plan_vnet *v)
{
	size_t i;

	if (v->name == NULL)
		return v->id;
	if (w->names == NULL) {
		w->names = strmap_new(w->tmp);
		for (i = 0; i < w->p->vnets.n; i++) {
			const char *n = w->p->vnets.v[i].name;

			if (n != NULL)
				strmap_put(w->names, n,
				    (void *)((uintptr_t)strmap_get(w->names,
						 n) +
					1));
		}
	}
	if ((uintptr_t)strmap_get(w->names, v->name) < 2)
		return v->name;
	return label_qualified(w->a, v->name, v->resource_group,
	    v->subscription);
}

/* "vnet/subnet", qualified after the subnet (labels.h's form for a
 * child) when vnet_label qualifies the VNet. */
static const char *
subnet_label(struct wctx *w, const struct plan_vnet *v, const char *subnet)
{
	const char *path = arena_printf(w->a, "%s/%s",
	    v->name != NULL ? v->name : v->id, subnet);

	if (v->name == NULL || vnet_label(w, v) == v->name)
		return path;
	return label_qualified(w->a, path, v->resource_group, v->subscription);
}

static struct plan_step *
step(struct wctx *w, struct plan_wave *wv, enum step_kind k,
    const char *resource, const char *sub, const char *text)
{
	struct plan_step s;

	memset(&s, 0, sizeof(s));
	s.kind = k;
	s.resource = resource;
	s.subscription = sub;
	s.text = text;
	if (wv != NULL) {
		ARR_PUSH(w->a, wv->steps, s);
		return &wv->steps.v[wv->steps.n - 1];
	}
	ARR_PUSH(w->a, w->p->prereq, s);
	return &w->p->prereq.v[w->p->prereq.n - 1];
}

/* The last segment of an id: the object's name. */
static const char *
id_last(struct wctx *w, const char *id)
{
	const char *slash = strrchr(id, '/');

	(void)w;
	return slash != NULL ? slash + 1 : id;
}

static const char *
azname(struct wctx *w, const char *name)
{
	return name_sanitize(w->a, name, NAME_AZURE);
}

static const char *
group_id(struct wctx *w, const char *group)
{
	return arena_printf(w->a, "%s/networkGroups/%s", w->mgr_id,
	    azname(w, group));
}

static const char *
config_id(struct wctx *w, const struct plan_mesh *m)
{
	if (m->existing_config_id != NULL)
		return m->existing_config_id;
	return arena_printf(w->a, "%s/connectivityConfigurations/%s", w->mgr_id,
	    azname(w, m->config_name ? m->config_name : m->name));
}

static const char *
member_id(struct wctx *w, const char *gid, const struct plan_vnet *v,
    const char *vnet_id)
{
	const char *key = arena_printf(w->tmp, "%s|%s", gid, vnet_id);
	const char *name = v != NULL ? v->name : id_last(w, vnet_id);

	return arena_printf(w->a, "%s/staticMembers/%s", gid,
	    namer_get(&w->members, key, arena_printf(w->tmp, "sm-%s", name)));
}

/* The subscription GUID of an id ("/subscriptions/<guid>/...") or of a
 * bare GUID. */
static const char *
sub_of(struct wctx *w, const char *id)
{
	const char *p, *e;

	if (id == NULL)
		return NULL;
	if (!mp_strcase_prefix(id, "/subscriptions/"))
		return strchr(id, '/') == NULL ? id : NULL;
	p = id + strlen("/subscriptions/");
	e = strchr(p, '/');
	return e ? arena_strndup(w->a, p, (size_t)(e - p)) :
		   arena_strdup(w->a, p);
}

/* The index of the mesh named name, or -1. Meshes are sorted by name
 * (plan.h). */
static long
mesh_index(const struct plan *p, const char *name)
{
	size_t lo = 0, hi = p->meshes.n;

	while (name != NULL && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->meshes.v[mid].name, name);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static const struct plan_mesh *
mesh_named(const struct plan *p, const char *name)
{
	long i = mesh_index(p, name);

	return i < 0 ? NULL : &p->meshes.v[i];
}

/*
 * w's per-mesh tables (struct wctx), after the waves are renumbered:
 * the VNets of each mesh (counted, then placed) and the wave in which
 * each mesh gets its first member (0 = none).
 */
static void
mesh_tables(struct wctx *w)
{
	const struct plan *p = w->p;
	size_t nm = p->meshes.n, i, *fill;
	long *of = xcalloc(p->vnets.n + 1, sizeof(*of));

	w->first_wave = arena_calloc(w->tmp, nm + 1, sizeof(*w->first_wave));
	w->mesh_at = arena_calloc(w->tmp, nm + 2, sizeof(*w->mesh_at));
	for (i = 0; i < p->vnets.n; i++) {
		const struct plan_vnet *v = &p->vnets.v[i];

		of[i] = v->mesh != NULL ? mesh_index(p, v->mesh) : -1;
		if (of[i] < 0)
			continue;
		w->mesh_at[of[i] + 1]++;
		if (v->wave > 0 &&
		    (w->first_wave[of[i]] == 0 ||
			v->wave < w->first_wave[of[i]]))
			w->first_wave[of[i]] = v->wave;
	}
	for (i = 0; i < nm; i++)
		w->mesh_at[i + 1] += w->mesh_at[i];
	w->mesh_vnets = arena_calloc(w->tmp, w->mesh_at[nm] + 1,
	    sizeof(*w->mesh_vnets));
	fill = xcalloc(nm + 1, sizeof(*fill));
	for (i = 0; i < p->vnets.n; i++)
		if (of[i] >= 0)
			w->mesh_vnets[w->mesh_at[of[i]] + fill[of[i]]++] = i;
	free(fill);
	free(of);
}

static int
str_case_cmp(const void *x, const void *y)
{
	const char *const *a = x, *const *b = y;

	return mp_strcasecmp(*a, *b);
}

/* Sorted, unique, lower-case regions of the members after wave number
 * (and of nothing else). */
static void
regions_upto(struct wctx *w, int number, struct strs *out)
{
	const char **r = xcalloc(w->p->vnets.n + 1, sizeof(*r));
	size_t i, n = 0;
	char *l;

	for (i = 0; i < w->p->vnets.n; i++) {
		const struct plan_vnet *v = &w->p->vnets.v[i];

		/* Live members (resumed plan) count from the start. */
		if (!(v->live || (v->wave > 0 && v->wave <= number)) ||
		    v->location == NULL)
			continue;
		r[n++] = v->location;
	}
	/* Sorted case-insensitively, which is the order of the lowered
	 * names; only the distinct ones are copied (lowered) into the
	 * plan. */
	if (n > 1)
		qsort(r, n, sizeof(*r), str_case_cmp);
	for (i = 0; i < n; i++)
		if (i == 0 || mp_strcasecmp(r[i], r[i - 1]) != 0) {
			l = arena_strdup(w->a, r[i]);
			mp_strlower(l);
			ARR_PUSH(w->a, *out, l);
		}
	free(r);
}

/* Configurations live after wave number: the meshes with a member by
 * then, and those that exist already (they stay live). */
static void
configs_upto(struct wctx *w, int number, struct strs *out)
{
	size_t i;

	for (i = 0; i < w->p->meshes.n; i++) {
		const struct plan_mesh *m = &w->p->meshes.v[i];
		int fw = w->first_wave[i];

		if (m->existing_config_id != NULL || (fw != 0 && fw <= number))
			ARR_PUSH(w->a, *out, config_id(w, m));
	}
}

static void
manager_step(struct wctx *w, struct plan_wave *wv)
{
	struct plan_manager *m = &w->p->manager;
	struct plan_step *s;
	struct strs acc = { NULL, 0, 0 };
	size_t i;

	if (m->existing_id != NULL) {
		s = step(w, wv, STEP_MANAGER, w->mgr_id, w->mgr_sub,
		    arena_printf(w->a,
			"Use the existing network manager %s "
			"(its scope covers the members; its accesses include "
			"Connectivity%s)",
			m->name, w->p->deny.n ? " and SecurityAdmin" : ""));
		step_set(w->a, s, "existing", "true");
		return;
	}
	for (i = 0; i < m->accesses.n; i++)
		ARR_PUSH(w->a, acc, m->accesses.v[i]);
	if (acc.n == 0) {
		ARR_PUSH(w->a, acc, "Connectivity");
		if (w->p->deny.n > 0)
			ARR_PUSH(w->a, acc, "SecurityAdmin");
	}
	s = step(w, wv, STEP_MANAGER, w->mgr_id, w->mgr_sub,
	    arena_printf(w->a,
		"Create the network manager %s (%s) with %s "
		"access, scoped to %zu subscription%s and %zu management "
		"group%s",
		id_last(w, w->mgr_id), m->location ? m->location : "eastus",
		acc.n > 1 ? "Connectivity and SecurityAdmin" : "Connectivity",
		m->scope_subscriptions.n,
		m->scope_subscriptions.n == 1 ? "" : "s",
		m->scope_management_groups.n,
		m->scope_management_groups.n == 1 ? "" : "s"));
	step_set(w->a, s, "location", m->location ? m->location : "eastus");
	step_set_list(w->a, s, "accesses", acc.v, acc.n);
	step_set_list(w->a, s, "subscriptions",
	    (const char *const *)m->scope_subscriptions.v,
	    m->scope_subscriptions.n);
	step_set_list(w->a, s, "managementGroups",
	    (const char *const *)m->scope_management_groups.v,
	    m->scope_management_groups.n);
}

static void
group_step(struct wctx *w, struct plan_wave *wv, const char *gid,
    const char *desc, const struct plan_mesh *dyn)
{
	struct plan_step *s = step(w, wv, STEP_GROUP, gid, w->mgr_sub,
	    arena_printf(w->a, "Create the network group %s (%s)%s",
		id_last(w, gid), desc,
		dyn ? arena_printf(w->a,
			  " with an Azure "
			  "Policy that adds VNets tagged %s=%s",
			  w->p->membership_tag, dyn->name) :
		      ""));

	step_set(w->a, s, "description", desc);
	if (dyn != NULL) {
		step_set(w->a, s, "mesh", dyn->name);
		step_set(w->a, s, "tag",
		    arena_printf(w->a, "%s=%s", w->p->membership_tag,
			dyn->name));
		if (!dyn->global && dyn->region != NULL)
			step_set(w->a, s, "region", dyn->region);
	}
}

static void
member_step(struct wctx *w, struct plan_wave *wv, const char *gid,
    const char *vnet_id)
{
	const struct plan_vnet *v = plan_find_vnet(w->p, vnet_id);
	const char *mid = member_id(w, gid, v, vnet_id);
	struct plan_step *s = step(w, wv, STEP_MEMBER, mid, w->mgr_sub,
	    arena_printf(w->a, "Add %s to the network group %s as %s",
		v ? vnet_label(w, v) : vnet_id, id_last(w, gid),
		id_last(w, mid)));

	step_set(w->a, s, "vnet", vnet_id);
}

static void
config_step(struct wctx *w, struct plan_wave *wv, const struct plan_mesh *m,
    const char *gid)
{
	struct plan_step *s;
	const char *cid = config_id(w, m);

	s = step(w, wv, STEP_CONFIG, cid, w->mgr_sub,
	    arena_printf(w->a,
		"Create the mesh configuration %s with its capabilities in one "
		"call: topology Mesh, group %s, %s, "
		"connectedGroupAddressOverlap Disallowed, "
		"connectedGroupPrivateEndpointsScale %s%s (a draft until "
		"committed)",
		id_last(w, cid), id_last(w, gid),
		m->global ? "global" : "regional",
		m->hspe ? "HighScale" : "Standard",
		m->high_scale ? "; high-scale connected group" : ""));
	step_set(w->a, s, "description",
	    arena_printf(w->a, "Mesh %s (%s)", m->name,
		m->global     ? "global" :
		    m->region ? m->region :
				"regional"));
	step_set(w->a, s, "group", gid);
	step_set(w->a, s, "isGlobal", m->global ? "True" : "False");
	step_set(w->a, s, "connectedGroupPrivateEndpointsScale",
	    m->hspe ? "HighScale" : "Standard");
}

static void
prefix_strings(struct wctx *w, const char *const *ids, size_t n,
    struct strs *out)
{
	char buf[PREFIX_STRLEN];
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct plan_vnet *v = plan_find_vnet(w->p, ids[i]);

		for (j = 0; v != NULL && j < v->prefixes.n; j++)
			ARR_PUSH(w->a, *out,
			    arena_strdup(w->a,
				prefix_format(&v->prefixes.v[j], buf)));
	}
}

static void
rule_step(struct wctx *w, struct plan_wave *wv, const char *coll,
    const char *leaf, int priority, const struct plan_deny *d, bool from_b)
{
	struct strs src = { NULL, 0, 0 };
	struct strs dst = { NULL, 0, 0 };
	const char *sa = from_b ? d->segment_b : d->segment_a;
	const char *sb = from_b ? d->segment_a : d->segment_b;
	const char *rid = arena_printf(w->a, "%s/rules/%s", coll, leaf);
	struct plan_step *s;

	prefix_strings(w,
	    (const char *const *)(from_b ? d->vnets_b.v : d->vnets_a.v),
	    from_b ? d->vnets_b.n : d->vnets_a.n, &src);
	prefix_strings(w,
	    (const char *const *)(from_b ? d->vnets_a.v : d->vnets_b.v),
	    from_b ? d->vnets_a.n : d->vnets_b.n, &dst);
	s = step(w, wv, STEP_RULE, rid, w->mgr_sub,
	    arena_printf(w->a,
		"Deny inbound traffic from segment %s to segment %s (any "
		"protocol, priority %d): %zu source and %zu destination "
		"prefixes",
		sa, sb, priority, src.n, dst.n));
	step_set(w->a, s, "access", "Deny");
	step_set(w->a, s, "direction", "Inbound");
	step_set(w->a, s, "priority", arena_printf(w->a, "%d", priority));
	step_set(w->a, s, "protocol", d->protocol ? d->protocol : "Any");
	step_set(w->a, s, "description",
	    arena_printf(w->a, "Deny %s to %s", sa, sb));
	step_set_list(w->a, s, "sources", src.v, src.n);
	step_set_list(w->a, s, "destinations", dst.v, dst.n);
}

/* Security admin objects (first wave) and the segment groups' members
 * that join in this wave. */
static void
security_steps(struct wctx *w, struct plan_wave *wv, int number,
    bool *groups_made)
{
	struct plan *p = w->p;
	size_t i, j;

	if (p->deny.n == 0)
		return;
	if (number == 1) {
		struct plan_step *s = step(w, wv, STEP_SECURITY, w->sac_id,
		    w->mgr_sub,
		    "Create the security admin configuration "
		    "that keeps the policy's segments apart in the mesh");

		step_set(w->a, s, "description",
		    "Segments kept apart in the mesh (meshplan)");
	}
	for (i = 0; i < p->deny.n; i++) {
		const struct plan_deny *d = &p->deny.v[i];
		const char *ga = group_id(w, d->group_a);
		const char *gb = group_id(w, d->group_b);
		int p1 = d->priority < 1 ? 1 :
		    d->priority > 4095	 ? 4095 :
					   d->priority;

		if (number == 1) {
			const char *coll = arena_printf(w->a,
			    "%s/"
			    "ruleCollections/%s",
			    w->sac_id, azname(w, d->name));
			const char *gs[2];
			struct plan_step *s;

			if (!groups_made[2 * i]) {
				group_step(w, wv, ga,
				    arena_printf(w->a, "Segment %s",
					d->segment_a),
				    NULL);
				groups_made[2 * i] = true;
			}
			if (!groups_made[2 * i + 1]) {
				group_step(w, wv, gb,
				    arena_printf(w->a, "Segment %s",
					d->segment_b),
				    NULL);
				groups_made[2 * i + 1] = true;
			}
			gs[0] = ga;
			gs[1] = gb;
			s = step(w, wv, STEP_RULE_COLLECTION, coll, w->mgr_sub,
			    arena_printf(w->a,
				"Create the rule "
				"collection %s for segments %s and %s",
				id_last(w, coll), d->segment_a, d->segment_b));
			step_set(w->a, s, "description",
			    arena_printf(w->a, "Deny %s <-> %s", d->segment_a,
				d->segment_b));
			step_set_list(w->a, s, "groups", gs, 2);
			rule_step(w, wv, coll, "deny-in-from-b", p1, d, true);
			rule_step(w, wv, coll, "deny-in-from-a", p1 + 1, d,
			    false);
		}
		for (j = 0; j < d->vnets_a.n; j++) {
			const struct plan_vnet *v = plan_find_vnet(p,
			    d->vnets_a.v[j]);

			if (v != NULL && v->wave == number)
				member_step(w, wv, ga, v->id);
		}
		for (j = 0; j < d->vnets_b.n; j++) {
			const struct plan_vnet *v = plan_find_vnet(p,
			    d->vnets_b.v[j]);

			if (v != NULL && v->wave == number)
				member_step(w, wv, gb, v->id);
		}
	}
}

static void
mesh_steps(struct wctx *w, struct plan_wave *wv, int number)
{
	struct plan *p = w->p;
	size_t i, k;

	for (i = 0; i < p->meshes.n; i++) {
		const struct plan_mesh *m = &p->meshes.v[i];
		const char *gid = m->existing_group_id ?
		    m->existing_group_id :
		    group_id(w, m->group_name ? m->group_name : m->name);
		int fw = w->first_wave[i];

		if (fw == 0 || fw > number)
			continue;
		if (fw == number && m->existing_group_id == NULL)
			group_step(w, wv, gid,
			    arena_printf(w->a,
				"Members of "
				"mesh %s",
				m->name),
			    p->dynamic_membership ? m : NULL);
		for (k = w->mesh_at[i]; k < w->mesh_at[i + 1]; k++) {
			const struct plan_vnet *v = &p->vnets
							 .v[w->mesh_vnets[k]];
			struct plan_step *s;

			if (v->wave != number)
				continue;
			if (!p->dynamic_membership) {
				member_step(w, wv, gid, v->id);
				continue;
			}
			s = step(w, wv, STEP_TAG, v->id, sub_of(w, v->id),
			    arena_printf(w->a,
				"Tag %s with %s=%s (the Azure "
				"Policy adds it to %s)",
				vnet_label(w, v), p->membership_tag, m->name,
				id_last(w, gid)));
			step_set(w->a, s, "tag",
			    arena_printf(w->a, "%s=%s", p->membership_tag,
				m->name));
		}
		if (fw == number && m->existing_config_id == NULL)
			config_step(w, wv, m, gid);
	}
}

static struct plan_step *
commit_step(struct wctx *w, struct plan_wave *wv, bool rollback,
    const char *type, const char *const *configs, size_t nconfigs,
    int regions_of)
{
	struct strs locs = { NULL, 0, 0 };
	struct plan_step s, *sp;

	regions_upto(w, regions_of, &locs);
	memset(&s, 0, sizeof(s));
	s.kind = STEP_COMMIT;
	s.resource = w->mgr_id;
	s.subscription = w->mgr_sub;
	s.text = arena_printf(w->a,
	    "Commit %s: %zu configuration%s live in "
	    "%zu region%s (the goal state: every configuration that stays "
	    "live, so nothing else is removed)",
	    type, nconfigs, nconfigs == 1 ? "" : "s", locs.n,
	    locs.n == 1 ? "" : "s");
	step_set(w->a, &s, "commitType", type);
	step_set_list(w->a, &s, "configurationIds", configs, nconfigs);
	step_set_list(w->a, &s, "targetLocations", locs.v, locs.n);
	if (rollback) {
		ARR_PUSH(w->a, wv->rollback, s);
		sp = &wv->rollback.v[wv->rollback.n - 1];
	} else {
		ARR_PUSH(w->a, wv->steps, s);
		sp = &wv->steps.v[wv->steps.n - 1];
	}
	return sp;
}

static void
commit_steps(struct wctx *w, struct plan_wave *wv, int number)
{
	struct strs cfg = { NULL, 0, 0 };

	configs_upto(w, number, &cfg);
	if (cfg.n > 0)
		commit_step(w, wv, false, "Connectivity", cfg.v, cfg.n, number);
	if (w->p->deny.n > 0)
		commit_step(w, wv, false, "SecurityAdmin", &w->sac_id, 1,
		    number);
}

/* Undo wave number alone: its static members leave their groups (the
 * ones it created, in reverse), then the connectivity commit of the
 * previous wave's goal state, sent to every region of this wave. */
static void
rollback_steps(struct wctx *w, struct plan_wave *wv, int number)
{
	struct strs cfg = { NULL, 0, 0 };
	struct plan_step *c;
	size_t i;

	for (i = wv->steps.n; i-- > 0;) {
		const struct plan_step *s = &wv->steps.v[i];
		struct plan_step d;

		if (s->kind != STEP_MEMBER && s->kind != STEP_TAG)
			continue;
		memset(&d, 0, sizeof(d));
		d.kind = s->kind == STEP_MEMBER ? STEP_MEMBER_DELETE : STEP_TAG;
		d.resource = s->resource;
		d.subscription = s->subscription;
		if (s->kind == STEP_MEMBER) {
			d.text = arena_printf(w->a,
			    "Remove the static member "
			    "%s",
			    id_last(w, s->resource));
		} else {
			const struct plan_vnet *v = plan_find_vnet(w->p,
			    s->resource);
			/* The id's name, qualified when another VNet has it. */
			const char *name = v != NULL ? vnet_label(w, v) : NULL;

			if (v == NULL || v->name == NULL || name == v->name)
				name = id_last(w, s->resource);
			d.text = arena_printf(w->a,
			    "Remove the tag %s from "
			    "%s (the Azure Policy then drops it from the "
			    "group)",
			    step_prop(s, "tag"), name);
			step_set(w->a, &d, "tag", step_prop(s, "tag"));
			step_set(w->a, &d, "operation", "Delete");
		}
		ARR_PUSH(w->a, wv->rollback, d);
	}
	configs_upto(w, number - 1, &cfg);
	c = commit_step(w, wv, true, "Connectivity", cfg.v, cfg.n, number);
	c->text = arena_printf(w->a,
	    "Commit the connectivity configurations "
	    "live before this wave (%zu) to its regions: the other waves "
	    "stay live%s",
	    cfg.n,
	    cfg.n == 0 ? "; with none, the mesh is "
			 "removed and traffic falls back to the ExpressRoute "
			 "path, which "
			 "stays in place" :
			 "");
}

static void
wave_checks(struct wctx *w, struct plan_wave *wv, const char *first,
    const char *second, size_t npes)
{
	ARR_PUSH(w->a, wv->checks,
	    arena_printf(w->a,
		"Effective routes: a "
		"NIC in %s shows next hop type ConnectedGroup for the other "
		"members' prefixes (az network nic show-effective-route-table)",
		first));
	ARR_PUSH(w->a, wv->checks,
	    arena_printf(w->a,
		"Spoke-to-spoke "
		"reachability on the direct path: Connection Monitor from %s "
		"to "
		"%s, and VNet flow logs show no spoke-to-spoke flow through "
		"the "
		"gateway",
		first, second ? second : "another member"));
	ARR_PUSH(w->a, wv->checks,
	    arena_printf(w->a,
		"On-premises "
		"unchanged: routes to on-premises prefixes still show "
		"VirtualNetworkGateway, and %s reaches on-premises through the "
		"hub and ExpressRoute",
		first));
	ARR_PUSH(w->a, wv->checks,
	    arena_printf(w->a,
		"Private endpoint "
		"reachability: resolve and connect to private endpoints in "
		"other "
		"members (%zu in the mesh so far)",
		npes));
}

static const char *
feature_id(struct wctx *w, const struct plan_feature *f)
{
	const char *slash = strchr(f->feature, '/');
	const char *sub = sub_of(w, f->subscription);

	if (sub == NULL)
		sub = f->subscription;
	return arena_printf(w->a,
	    "/subscriptions/%s/providers/"
	    "Microsoft.Features/providers/%.*s/features/%s",
	    sub, slash ? (int)(slash - f->feature) : (int)strlen(f->feature),
	    f->feature, slash ? slash + 1 : f->feature);
}

static void
feature_step(struct wctx *w, struct plan_wave *wv, const struct plan_feature *f,
    bool check)
{
	const char *slash = strchr(f->feature, '/');
	const char *id = feature_id(w, f);
	struct plan_step *s = step(w, wv, STEP_FEATURE, id, sub_of(w, id),
	    check ? arena_printf(w->a,
			"Check that %s shows Registered in "
			"subscription %s before any change of this wave "
			"(registered in "
			"the prerequisites)",
			f->feature, sub_of(w, id)) :
		    arena_printf(w->a,
			"Register %s in subscription %s (%s), wait "
			"until it shows Registered, then register "
			"Microsoft.Network "
			"again so that the feature reaches it",
			f->feature, sub_of(w, id), f->why));

	step_set(w->a, s, "namespace",
	    slash ?
		arena_strndup(w->a, f->feature, (size_t)(slash - f->feature)) :
		"Microsoft.Network");
	step_set(w->a, s, "feature", slash ? slash + 1 : f->feature);
	if (check)
		step_set(w->a, s, "check", "true");
}

/* What a feature gates: a VNet's private endpoint policies (HSPE), its
 * mesh's configuration (high scale), or nothing meshplan changes. */
enum gate { GATE_NONE, GATE_HSPE, GATE_HIGH_SCALE };

static enum gate
feature_gate(const struct plan_feature *f)
{
	if (strstr(f->feature, "EnableMaxPrivateEndpointsVia64kPath") != NULL)
		return GATE_HSPE;
	if (strstr(f->feature, "AllowHighScaleConnectedGroup") != NULL)
		return GATE_HIGH_SCALE;
	return GATE_NONE;
}

/* Does a feature that gates g gate a change of this VNet? */
static bool
feature_gates(const struct plan *p, enum gate g, const struct plan_vnet *v)
{
	const struct plan_mesh *m;

	if (g == GATE_HSPE)
		return v->set_pe_vnet_basic || v->subnet_changes.n > 0;
	if (g == GATE_HIGH_SCALE) {
		m = mesh_named(p, v->mesh);
		return m != NULL && m->high_scale;
	}
	return false;
}

static void
hspe_steps(struct wctx *w, struct plan_wave *wv, int number)
{
	struct plan *p = w->p;
	size_t i, k;
	bool *need = xcalloc(p->features.n + 1, sizeof(*need));
	const char **fsub = xcalloc(p->features.n + 1, sizeof(*fsub));
	enum gate *gate = xcalloc(p->features.n + 1, sizeof(*gate));

	/* First the registrations this wave's changes wait for: a feature
	 * of the subscription of a VNet the wave changes or adds, which
	 * gates that change. One pass over the wave's VNets, each feature's
	 * and each VNet's subscription taken once. */
	for (i = 0; i < p->features.n; i++) {
		fsub[i] = sub_of(w, p->features.v[i].subscription);
		gate[i] = feature_gate(&p->features.v[i]);
	}
	for (k = 0; k < p->vnets.n; k++) {
		const struct plan_vnet *v = &p->vnets.v[k];
		const char *vsub = NULL;

		if (v->change_wave != number && v->wave != number)
			continue;
		for (i = 0; i < p->features.n; i++) {
			if (need[i] || !feature_gates(p, gate[i], v))
				continue;
			if (vsub == NULL)
				vsub = sub_of(w, v->id);
			need[i] = mp_strcaseeq(vsub, fsub[i]);
		}
	}
	for (i = 0; i < p->features.n; i++)
		if (need[i])
			feature_step(w, wv, &p->features.v[i], true);
	free(gate);
	free(fsub);
	free(need);
	for (i = 0; i < p->vnets.n; i++) {
		const struct plan_vnet *v = &p->vnets.v[i];

		if (v->change_wave != number)
			continue;
		for (k = 0; k < v->subnet_changes.n; k++) {
			const struct plan_subnet_change *sc = &v->subnet_changes
								   .v[k];
			struct plan_step *s = step(w, wv, STEP_SUBNET_POLICY,
			    sc->id, sub_of(w, sc->id),
			    arena_printf(w->a,
				"Set privateEndpointNetworkPolicies of %s "
				"(%zu "
				"private endpoint%s) from %s to %s",
				subnet_label(w, v, sc->name), sc->npes,
				sc->npes == 1 ? "" : "s",
				sc->old_policy ? sc->old_policy : "Disabled",
				sc->new_policy));

			step_set(w->a, s, "privateEndpointNetworkPolicies",
			    sc->new_policy);
		}
	}
	for (i = 0; i < p->vnets.n; i++) {
		const struct plan_vnet *v = &p->vnets.v[i];
		struct plan_step *s;

		if (v->change_wave != number || !v->set_pe_vnet_basic)
			continue;
		s = step(w, wv, STEP_VNET_POLICY, v->id, sub_of(w, v->id),
		    arena_printf(w->a,
			"Set privateEndpointVNetPolicies of %s%s "
			"to Basic (HSPE; resets long-running private endpoint "
			"connections once)",
			vnet_label(w, v),
			v->is_hub ? " (hub peered "
				    "to HSPE members)" :
				    ""));
		step_set(w->a, s, "privateEndpointVNetPolicies", "Basic");
	}
}

/* The manager's id: the existing one, or the one the plan creates. */
static const char *
manager_id(struct wctx *w)
{
	const struct plan *p = w->p;
	const char *sub;

	if (p->manager.existing_id != NULL)
		return p->manager.existing_id;
	sub = p->manager.subscription ? p->manager.subscription :
					"00000000-0000-0000-0000-000000000000";
	if (mp_strcase_prefix(sub, "/subscriptions/"))
		sub += strlen("/subscriptions/");
	/* The resource group exists: its name is the user's. The manager is
	 * new: its name is sanitised like every name the plan gives. */
	return arena_printf(w->a,
	    "/subscriptions/%s/resourceGroups/"
	    "%s/providers/Microsoft.Network/networkManagers/%s",
	    sub,
	    p->manager.resource_group ? p->manager.resource_group : "rg-avnm",
	    azname(w, p->manager.name ? p->manager.name : "avnm-meshplan"));
}

/*
 * Waves numbered 1..N without gaps: map[old] is the new number of wave
 * old (0: no VNet joins it), applied to every VNet's wave and change
 * wave. Memory from w->a.
 */
static int *
renumber(struct wctx *w, int nw)
{
	struct plan *p = w->p;
	int *map = arena_calloc(w->a, (size_t)nw + 1, sizeof(*map));
	int next = 0, old;
	size_t i;

	for (i = 0; i < p->vnets.n; i++)
		if (p->vnets.v[i].wave >= 1 && p->vnets.v[i].wave <= nw)
			map[p->vnets.v[i].wave] = 1;
	for (old = 1; old <= nw; old++)
		map[old] = map[old] ? ++next : 0;
	for (i = 0; i < p->vnets.n; i++) {
		struct plan_vnet *v = &p->vnets.v[i];

		if (v->wave >= 1 && v->wave <= nw)
			v->wave = map[v->wave];
		if (v->change_wave >= 1 && v->change_wave <= nw)
			v->change_wave = map[v->change_wave];
	}
	return map;
}

/* Wave number's members (cumulative), private endpoints and traffic;
 * the labels of its first two new VNets; returns how many VNets it sets
 * to Basic. */
static size_t
wave_members(struct wctx *w, struct plan_wave *wv, int number,
    const char **first, const char **second)
{
	struct plan *p = w->p;
	size_t i, nbasic = 0;

	for (i = 0; i < p->vnets.n; i++) {
		const struct plan_vnet *v = &p->vnets.v[i];

		if (v->change_wave == number && v->set_pe_vnet_basic)
			nbasic++;
		if (v->wave <= 0 || v->wave > number)
			continue;
		ARR_PUSH(w->a, wv->members, v->id);
		wv->private_endpoints += v->npes;
		if (v->wave == number) {
			wv->traffic_bytes = (size_t)
			    mp_add_sat(wv->traffic_bytes, v->traffic_bytes);
			ARR_PUSH(w->a, wv->vnet_ids, v->id);
			if (*first == NULL)
				*first = vnet_label(w, v);
			else if (*second == NULL)
				*second = vnet_label(w, v);
		}
	}
	return nbasic;
}

/* One wave: its members, its steps in order, checks and rollback. */
static void
wave_build(struct wctx *w, struct plan_wave *wv, int number, bool *groups_made)
{
	const char *first = NULL, *second = NULL;
	size_t nbasic;

	nbasic = wave_members(w, wv, number, &first, &second);
	hspe_steps(w, wv, number);
	if (number == 1)
		manager_step(w, wv);
	mesh_steps(w, wv, number);
	security_steps(w, wv, number, groups_made);
	commit_steps(w, wv, number);
	step(w, wv, STEP_VALIDATE, NULL, NULL,
	    arena_printf(w->a,
		"Run the wave %d validation checklist before the next "
		"wave; keep the ExpressRoute path in place",
		number));
	if (nbasic > 0)
		wv->maintenance = arena_printf(w->a,
		    "Maintenance window: "
		    "setting privateEndpointVNetPolicies to Basic on "
		    "%zu VNet%s in this wave resets long-running private "
		    "endpoint connections once (about 1 second). "
		    "Afterwards Bytes In/Out per private endpoint is no "
		    "longer reported, and private endpoint traffic from "
		    "on-premises is billed in aggregate on the gateway "
		    "VNet (the total does not change).",
		    nbasic, nbasic == 1 ? "" : "s");
	wave_checks(w, wv, first ? first : "a member", second,
	    wv->private_endpoints);
	rollback_steps(w, wv, number);
}

void
waves_build(struct plan *p, const struct wave_notes *notes)
{
	struct wctx w;
	int *map, old, nw = notes != NULL && notes->n > 3 ? notes->n : 3;
	bool *groups_made;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.p = p;
	w.a = p->arena;
	w.tmp = arena_new();
	namer_init(&w.members, w.tmp, NAME_AZURE);
	w.mgr_id = manager_id(&w);
	w.mgr_sub = sub_of(&w, w.mgr_id);
	w.sac_id = arena_printf(w.a,
	    "%s/securityAdminConfigurations/"
	    "meshplan-segments",
	    w.mgr_id);
	groups_made = arena_calloc(w.a, 2 * p->deny.n + 1, sizeof(bool));
	map = renumber(&w, nw);
	mesh_tables(&w);
	/* Registrations can take hours: all of them are prerequisites. */
	for (i = 0; i < p->features.n; i++)
		feature_step(&w, NULL, &p->features.v[i], false);
	for (old = 1; old <= nw; old++) {
		struct plan_wave wv;

		if (map[old] == 0)
			continue;
		memset(&wv, 0, sizeof(wv));
		wv.number = map[old];
		wv.name = notes != NULL && notes->name != NULL &&
			notes->name[old - 1] != NULL ?
		    notes->name[old - 1] :
		    wave_names[old <= 3 ? old - 1 : 2];
		wv.note = notes != NULL && notes->note != NULL ?
		    notes->note[old - 1] :
		    NULL;
		wave_build(&w, &wv, map[old], groups_made);
		ARR_PUSH(w.a, p->waves, wv);
	}
	arena_free(w.tmp);
}
