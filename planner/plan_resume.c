/*
 * plan_resume.c - resuming live AVNM configurations (docs/lifecycle.md):
 * which spokes are live members of a configuration the plan resumes, the
 * planned mesh each one goes to, the manager they came from, the waves
 * of a previous plan (--previous-plan) kept by name and number, and the
 * live members counted in every wave.
 *
 *	resume_find, resume_map, resume_manager, resume_waves,
 *	resume_members, resume_renumber, resume_in_previous
 */
#include "plan_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "analysis.h"
#include "labels.h"

/* Was v a mesh member of the previous plan? Such a VNet stays in scope:
 * the live mesh may have ended its hairpins. */
bool
resume_in_previous(const struct bld *b, const struct vnet *v)
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
		return c->r.name != NULL &&
			mp_strcase_prefix(c->r.name, "cc-mesh-") ?
		    (const struct network_group *)g :
		    NULL;
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
/*
 * A configuration's or a group's name for a conflict, qualified where
 * another resource has it (labels.h); the labels are made on the first
 * call, in *la, which the caller frees.
 */
static const char *
live_label(const struct bld *b, struct arena **la, const struct labels **lb,
    const struct res *r)
{
	if (*lb == NULL && b->in->labels != NULL)
		*lb = b->in->labels;
	if (*lb == NULL) {
		*la = arena_new();
		*lb = labels_new(b->e, *la);
	}
	return label_res(*lb, r);
}

/* The configuration mesh me resumes, named as live_label names it. */
static const char *
resumed_label(const struct bld *b, struct arena **la, const struct labels **lb,
    const struct plan_mesh *me)
{
	const struct res *r = estate_find(b->e, me->existing_config_id);

	return r != NULL ? live_label(b, la, lb, r) : me->config_name;
}

/*
 * Two configurations that a message names alike although they differ (the
 * same name in two network managers with other names: the labels judge
 * the path "manager/config"): each by that path, with its resource group
 * and subscription.
 */
static void
apart(const struct bld *b, const char **x, const char *xid, const char **y,
    const char *yid)
{
	if (!mp_strcaseeq(*x, *y) || xid == NULL || yid == NULL)
		return;
	*x = label_qualified(b->a, res_short_name(b->a, xid),
	    id_resource_group(b->a, xid), id_subscription(b->a, xid));
	*y = label_qualified(b->a, res_short_name(b->a, yid),
	    id_resource_group(b->a, yid), id_subscription(b->a, yid));
}

void
resume_find(struct bld *b)
{
	size_t i, j, k, nlive = 0;
	struct arena *la = NULL;
	const struct labels *lb = NULL;

	b->live_global = -1;
	for (i = 0; i < b->n; i++) {
		const struct vnet *v = b->sp[i];

		for (j = 0; j < v->connected_configs.n; j++) {
			const struct res *r = estate_find(b->e,
			    v->connected_configs.v[j]);
			const struct connectivity_config
			    *c = (const struct connectivity_config *)r;

			if (r == NULL || r->kind != RK_CONNECTIVITY_CONFIG ||
			    resumable_group(b, c) == NULL)
				continue;
			b->live_cfg[i] = c;
			if (b->live_global < 0)
				b->live_global = c->is_global == TRI_TRUE;
			nlive++;
			break;
		}
		for (j = 0;
		     b->live_cfg[i] != NULL && j < v->connected_configs.n; j++)
			if (!mp_strcaseeq(v->connected_configs.v[j],
				b->live_cfg[i]->r.id))
				add_conflict(b, v->r.id, "other-group",
				    arena_printf(b->a,
					"live in %s and also in "
					"the connected group of %s, which the "
					"plan "
					"does not manage; not undone",
					live_label(b, &la, &lb,
					    &b->live_cfg[i]->r),
					v->connected_configs.v[j]));
	}
	/* Live members that are not spokes of the inputs. */
	for (i = 0; i < b->e->configs.n; i++) {
		const struct connectivity_config *c = b->e->configs.v[i];
		const struct network_group *g = resumable_group(b, c);

		for (k = 0; g != NULL && k < g->member_ids.n; k++)
			if (strmap_get(b->idx, g->member_ids.v[k]) == NULL)
				add_conflict(b, g->member_ids.v[k], "not-spoke",
				    arena_printf(b->a,
					"a static member of %s "
					"(%s) that is not a spoke of the "
					"inputs (not "
					"exported, or no active peering to a "
					"hub); "
					"the plan keeps it in the group",
					live_label(b, &la, &lb, &g->r),
					live_label(b, &la, &lb, &c->r)));
	}
	if (nlive > 0 && !b->e->has_active_configs)
		note(b,
		    "no list of committed configurations (az network "
		    "manager list-active-connectivity-config) among the "
		    "inputs: the connectivity configurations in them count "
		    "as deployed");
	if (la != NULL)
		arena_free(la);
}

/*
 * Each resumed configuration goes to the planned mesh holding most of
 * its live members: the mesh keeps its configuration, group and names.
 * Live members the plan puts in another mesh are reported.
 */
void
resume_map(struct bld *b)
{
	size_t i, k, nm = b->p->meshes.n;
	size_t *cnt = xcalloc(nm + 1, sizeof(*cnt));
	struct arena *la = NULL;
	const struct labels *lb = NULL;

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
			const char *lc, *rc;

			if (b->live_cfg[i] != c)
				continue;
			if (b->mesh_of[i] != (int)best)
				add_conflict(b, b->sp[i]->r.id, "other-mesh",
				    arena_printf(b->a,
					"live in %s, but the "
					"plan puts it in %s; not moved",
					live_label(b, &la, &lb, &c->r),
					b->mesh_of[i] >= 0 ?
					    b->p->meshes.v[b->mesh_of[i]].name :
					    "no mesh"));
			else if (me->existing_config_id != NULL &&
			    !mp_strcaseeq(me->existing_config_id, c->r.id)) {
				lc = live_label(b, &la, &lb, &c->r);
				rc = resumed_label(b, &la, &lb, me);
				apart(b, &lc, c->r.id, &rc,
				    me->existing_config_id);
				add_conflict(b, b->sp[i]->r.id, "other-group",
				    arena_printf(b->a,
					"live in %s; the plan "
					"resumes %s for %s; not moved",
					lc, rc, me->name));
			}
		}
	}
	free(cnt);
	if (la != NULL)
		arena_free(la);
}

/*
 * Resume: the manager of the first resumed configuration, as the inputs
 * have it, else as its id says. false when no configuration is resumed.
 */
bool
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
		const struct network_manager
		    *nm = (const struct network_manager *)r;

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
void
resume_waves(struct bld *b, const size_t *idx, size_t nm, struct wave_notes *wn)
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
		wn->note[2] = arena_printf(b->a,
		    "as in the previous plan, with "
		    "%zu VNet(s) it did not have",
		    nnew);
}

/*
 * Resume: every wave's cumulative members and private endpoints include
 * the live members (waves_build only sees the VNets waves add).
 */
void
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
		    mesh_str_case_cmp);
		wv->private_endpoints += pes;
	}
	note(b,
	    arena_printf(b->a,
		"resumed: %zu VNet(s) are live members of "
		"the mesh; the waves carry the %zu that are not%s",
		nlive, nwaved,
		b->in->previous != NULL ? ", in the previous plan's waves" :
					  "; without --previous-plan "
					  "they are waved afresh"));
}

/*
 * Resume with a previous plan: each wave takes back the number its name
 * had there (a wave it did not have comes after its last), once the
 * evaluation, which counts waves 1..N, is done.
 */
void
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
