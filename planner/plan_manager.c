/*
 * plan_manager.c - the plan's network manager (its scope: subscriptions
 * and management groups that cover every mesh), the subscription
 * features the meshes need, the plan VNets (hubs and members with their
 * private endpoint policies), the policy's segments and the waves each
 * member joins (waves_assign, or a previous plan's).
 *
 *	plan_manager, plan_features, plan_vnets, plan_assign_segments,
 *	plan_assign_waves, plan_load_traffic
 */
#include "plan_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

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
		    v->hubs.n	   ? v->hubs.v[0] :
				     NULL;
		if (h != NULL &&
		    (best == NULL || strcmp(h->r.key, best->r.key) < 0))
			best = h;
	}
	if (best == NULL)
		for (i = 0; i < b->e->vnets.n; i++)
			if (b->e->vnets.v[i]->role == ROLE_HUB &&
			    b->e->vnets.v[i]->r.seen)
				return b->e->vnets.v[i];
	return best;
}

void
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
	mesh_sort_unique(&subs);
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
				m->note = arena_printf(b->a,
				    "%s; it lacks the "
				    "%s access, which the plan adds",
				    m->note, acc);
			}
		}
		return;
	}
	hub = first_hub(b);
	m->name = b->pol->manager_name ? dup(b, b->pol->manager_name) :
					 "avnm-meshplan";
	m->subscription = dup(b,
	    b->pol->manager_subscription ? b->pol->manager_subscription :
		hub			 ? hub->r.subscription :
					   NULL);
	m->resource_group = dup(b,
	    b->pol->manager_rg ? b->pol->manager_rg :
		hub	       ? hub->r.resource_group :
				 NULL);
	m->location = dup(b,
	    b->pol->manager_location ? b->pol->manager_location :
		hub		     ? hub->r.location :
				       NULL);
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
			    mp_strcase_prefix(s, "/subscriptions/") ?
				dup(b, s) :
				arena_printf(b->a, "/subscriptions/%s", s));
		}
		m->note = "a new network manager scoped to the policy's "
			  "subscriptions";
	} else {
		for (i = 0; i < subs.n; i++)
			ARR_PUSH(b->a, m->scope_subscriptions,
			    arena_printf(b->a, "/subscriptions/%s", subs.v[i]));
		m->note = "a new network manager in the first hub's "
			  "subscription and resource group, scoped to the "
			  "members' "
			  "subscriptions";
	}
	mesh_sort_unique(&m->scope_subscriptions);
	mesh_sort_unique(&m->scope_management_groups);
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

void
plan_features(struct bld *b)
{
	size_t i, j;

	for (i = 0; i < b->p->meshes.n; i++) {
		const struct plan_mesh *me = &b->p->meshes.v[i];

		if (me->high_scale) {
			const char *why = arena_printf(b->a,
			    "%s has %zu VNets, "
			    "over the %zu of a standard connected group",
			    me->name, me->vnet_ids.n,
			    b->pol->limits.mesh_vnets);

			add_feature(b, b->p->manager.subscription,
			    FEATURE_HIGH_SCALE, why);
			for (j = 0; j < me->subscriptions.n; j++)
				add_feature(b, me->subscriptions.v[j],
				    FEATURE_HIGH_SCALE, why);
		}
		if (me->hspe) {
			const char *why = arena_printf(b->a,
			    "%s needs HSPE: "
			    "%zu private endpoints (limit %zu), at most %zu in "
			    "one VNet (limit %zu)",
			    me->name, me->private_endpoints,
			    b->pol->limits.mesh_pes, me->max_vnet_pes,
			    b->pol->limits.vnet_pes);

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
					add_feature(b,
					    b->sp[j]->hubs.v[k]->r.subscription,
					    FEATURE_HSPE, why);
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
	return s != NULL &&
	    (mp_strcaseeq(s, "Enabled") ||
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

void
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
		pv.id = dup_once(b, v->r.id);
		pv.name = dup(b, v->r.name);
		pv.subscription = dup_once(b, v->r.subscription);
		pv.resource_group = dup_once(b, v->r.resource_group);
		pv.location = dup_once(b, v->r.location);
		for (j = 0; j < v->prefixes.n; j++)
			ARR_PUSH(b->a, pv.prefixes, v->prefixes.v[j]);
		for (j = 0; j < v->r.tags.n; j++) {
			struct tag t;

			t.key = dup_once(b, v->r.tags.v[j].key);
			t.value = dup_once(b, v->r.tags.v[j].value);
			ARR_PUSH(b->a, pv.tags, t);
		}
		pv.npes = v->npes;
		pv.raw = v->raw; /* copied at the end of plan_build */
		pv.pe_vnet_policies = dup(b, v->pe_vnet_policies);
		if (me->hspe) {
			pv.set_pe_vnet_basic = v->pe_vnet_policies == NULL ||
			    !mp_strcaseeq(v->pe_vnet_policies, "Basic");
			for (j = 0; j < v->subnets.n; j++) {
				const struct subnet *s = v->subnets.v[j];
				struct plan_subnet_change sc;

				if (s->pes.n == 0 ||
				    pe_policy_ok(s->pe_policies))
					continue;
				sc.id = dup(b, s->r.id);
				sc.name = dup(b, s->r.name);
				sc.old_policy = dup(b, s->pe_policies);
				/* Keep NSG enforcement when it is on; else
				 * only route tables, the smaller change. */
				sc.new_policy = s->pe_policies != NULL &&
					mp_strcaseeq(s->pe_policies,
					    "NetworkSecurityGroupEnabled") ?
				    "Enabled" :
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

void
plan_assign_segments(struct bld *b)
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

void
plan_assign_waves(struct bld *b, struct wave_notes *wn)
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

void
plan_load_traffic(struct bld *b, struct strmap *idx)
{
	size_t i;

	for (i = 0; b->in->traffic != NULL && i < b->in->ntraffic; i++) {
		void *v = strmap_get(idx, b->in->traffic[i].vnet_id);

		if (v == NULL)
			continue;
		b->bytes[(uintptr_t)v -
		    1] = mp_add_sat(b->bytes[(uintptr_t)v - 1],
		    b->in->traffic[i].bytes);
		b->have_traffic = true;
	}
}
