/*
 * waves.c - wave choice and the per-wave runbook. waves_assign picks the
 * members of the pilot, light-production and rest waves; waves_build
 * turns the plan IR into each wave's ordered steps (with az CLI
 * equivalents), maintenance note, validation checklist and rollback.
 *
 * Invariants: waves are cumulative (a VNet joins once and stays); steps
 * follow the HSPE order of DESIGN.md section 6 (feature registration,
 * PE subnet policies, privateEndpointVNetPolicies: Basic, the
 * configuration with HighScale, the commit); everything is derived from
 * the plan alone, so a plan read back from plan.json yields the same
 * steps. Strings live in the plan's arena.
 */
#include "waves.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "shquote.h"

/* One argument of an az command, quoted for sh (shquote.h); QW where
 * the runbook writer w is a struct, not a pointer. */
#define Q(s) sh_word(w->a, (s))
#define QW(s) sh_word(w.a, (s))

static const char *const wave_names[3] = { "pilot", "light-production",
	"rest" };

struct ord {
	size_t i;
	unsigned long long w1;	/* primary weight */
	const char *id;
};

static int
ord_cmp(const void *x, const void *y)
{
	const struct ord *a = x, *b = y;

	if (a->w1 != b->w1)
		return a->w1 < b->w1 ? -1 : 1;
	return mp_strcasecmp(a->id, b->id);
}

void
waves_assign(const struct wave_cand *c, size_t n, const struct policy *pol,
    bool have_traffic, int *wave_out, struct wave_notes *notes,
    struct arena *a)
{
	struct ord *o;
	size_t i, no = 0, take, left;

	memset(notes, 0, sizeof(*notes));
	if (n == 0)
		return;
	o = xcalloc(n, sizeof(*o));
	for (i = 0; i < n; i++)
		wave_out[i] = 0;
	/* Wave 1: the pilot selector, lightest first. */
	for (i = 0; i < n; i++)
		if (selector_match(&pol->pilot, c[i].name, c[i].tags,
		    c[i].ntags)) {
			o[no].i = i;
			o[no].w1 = have_traffic ? c[i].bytes : c[i].hairpins;
			o[no].id = c[i].id;
			no++;
		}
	qsort(o, no, sizeof(*o), ord_cmp);
	take = no < pol->pilot_size ? no : pol->pilot_size;
	if (no > 0) {
		notes->note[0] = arena_printf(a, "%zu of %zu VNets matching the "
		    "pilot selector (pilot.size %zu), lightest first", take, no,
		    pol->pilot_size);
	} else if (pol->pilot_size > 0) {
		/* Nothing matched: a pilot of the lightest tenth. */
		for (i = 0; i < n; i++) {
			o[i].i = i;
			o[i].w1 = have_traffic ? c[i].bytes : c[i].hairpins;
			o[i].id = c[i].id;
		}
		no = n;
		qsort(o, no, sizeof(*o), ord_cmp);
		take = (n + 9) / 10;
		if (take > pol->pilot_size)
			take = pol->pilot_size;
		notes->note[0] = arena_printf(a, "no VNet matches the pilot "
		    "selector: the %zu lightest VNets (by %s)", take,
		    have_traffic ? "flow-log bytes" : "hairpinning pairs");
	}
	for (i = 0; i < take; i++)
		wave_out[o[i].i] = 1;
	/* Wave 2: the lightest of the rest. */
	no = 0;
	for (i = 0; i < n; i++)
		if (wave_out[i] == 0) {
			o[no].i = i;
			o[no].w1 = have_traffic ? c[i].bytes : c[i].hairpins;
			o[no].id = c[i].id;
			no++;
		}
	qsort(o, no, sizeof(*o), ord_cmp);
	left = no;
	take = pol->light_size > 0 ? pol->light_size : (left + 3) / 4;
	if (take > left)
		take = left;
	for (i = 0; i < take; i++)
		wave_out[o[i].i] = 2;
	if (take > 0)
		notes->note[1] = arena_printf(a, "the %zu lightest remaining "
		    "VNets by %s (%s)", take, have_traffic ? "flow-log bytes" :
		    "hairpinning pairs", pol->light_size > 0 ?
		    "waves.light.size" : "a quarter of what remains");
	for (i = 0; i < n; i++)
		if (wave_out[i] == 0)
			wave_out[i] = 3;
	if (left > take)
		notes->note[2] = arena_printf(a, "the remaining %zu VNets",
		    left - take);
	free(o);
}

/* The runbook writer. */
struct wctx {
	struct plan *p;
	struct arena *a;
	const char *nm, *rg;	/* manager name and resource group */
	const char *mgr_id;	/* manager id (existing or to be) */
};

static void
step(struct wctx *w, struct plan_wave *wv, enum step_kind k,
    const char *resource, const char *text, const char *command)
{
	struct plan_step s;

	s.kind = k;
	s.resource = resource;
	s.text = text;
	s.command = command;
	if (wv != NULL)
		ARR_PUSH(w->a, wv->steps, s);
	else
		ARR_PUSH(w->a, w->p->prereq, s);
}

static const struct plan_mesh *
mesh_named(const struct plan *p, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < p->meshes.n; i++)
		if (strcmp(p->meshes.v[i].name, name) == 0)
			return &p->meshes.v[i];
	return NULL;
}

static const char *
group_id(struct wctx *w, const char *group)
{
	return arena_printf(w->a, "%s/networkGroups/%s", w->mgr_id, group);
}

static const char *
config_id(struct wctx *w, const struct plan_mesh *m)
{
	if (m->existing_config_id != NULL)
		return m->existing_config_id;
	return arena_printf(w->a, "%s/connectivityConfigurations/%s",
	    w->mgr_id, m->config_name);
}

/* Does the feature apply to a VNet of this mesh? */
static bool
feature_for(const struct plan_feature *f, const struct plan_mesh *m)
{
	if (m == NULL)
		return false;
	if (strstr(f->feature, "AllowHighScaleConnectedGroup") != NULL)
		return m->high_scale;
	if (strstr(f->feature, "EnableMaxPrivateEndpointsVia64kPath") != NULL)
		return m->hspe;
	return false;
}

/* The wave in which each feature is registered: the first wave that
 * adds a VNet of its subscription needing it, else the first wave that
 * adds any VNet needing it (the manager's subscription). */
static int
feature_wave(const struct plan *p, const struct plan_feature *f)
{
	int best = 0, any = 0;
	size_t i;

	for (i = 0; i < p->vnets.n; i++) {
		const struct plan_vnet *v = &p->vnets.v[i];

		if (v->wave <= 0 || !feature_for(f, mesh_named(p, v->mesh)))
			continue;
		if (any == 0 || v->wave < any)
			any = v->wave;
		if (v->subscription != NULL &&
		    mp_strcaseeq(v->subscription, f->subscription) &&
		    (best == 0 || v->wave < best))
			best = v->wave;
	}
	return best ? best : any;
}

static void
prereq_steps(struct wctx *w)
{
	struct plan_manager *m = &w->p->manager;
	struct strbuf sb = STRBUF_INIT, sc = STRBUF_INIT;
	const char *scope;
	size_t i;

	if (m->existing_id != NULL) {
		step(w, NULL, STEP_MANAGER, m->existing_id,
		    arena_printf(w->a, "Use the existing network manager %s "
		    "(scope covers the members; accesses include "
		    "Connectivity%s)", m->name,
		    w->p->deny.n ? " and SecurityAdmin" : ""),
		    arena_printf(w->a, "az network manager show --name %s "
		    "--resource-group %s --subscription %s", Q(m->name),
		    Q(m->resource_group), Q(m->subscription)));
		return;
	}
	/* Each --scopes value is one word: quote it whole. */
	if (m->scope_management_groups.n > 0) {
		sb_puts(&sb, "management-groups=");
		for (i = 0; i < m->scope_management_groups.n; i++)
			sb_printf(&sb, "%s%s", i ? "," : "",
			    m->scope_management_groups.v[i]);
		sb_printf(&sc, " --scopes %s", Q(sb_str(&sb)));
	}
	if (m->scope_subscriptions.n > 0) {
		sb_reset(&sb);
		sb_puts(&sb, "subscriptions=");
		for (i = 0; i < m->scope_subscriptions.n; i++)
			sb_printf(&sb, "%s%s", i ? "," : "",
			    m->scope_subscriptions.v[i]);
		sb_printf(&sc, " --scopes %s", Q(sb_str(&sb)));
	}
	scope = arena_strdup(w->a, sb_str(&sc));
	sb_free(&sb);
	sb_free(&sc);
	step(w, NULL, STEP_MANAGER, w->mgr_id,
	    arena_printf(w->a, "Create the network manager %s in %s/%s (%s) "
	    "with Connectivity and SecurityAdmin access, scoped to %zu "
	    "subscription(s) and %zu management group(s)", m->name,
	    m->subscription ? m->subscription : "?",
	    m->resource_group ? m->resource_group : "?",
	    m->location ? m->location : "?", m->scope_subscriptions.n,
	    m->scope_management_groups.n),
	    arena_printf(w->a, "az network manager create --name %s "
	    "--resource-group %s --subscription %s --location %s "
	    "--scope-accesses Connectivity SecurityAdmin%s", Q(m->name),
	    Q(m->resource_group ? m->resource_group : "RESOURCE_GROUP"),
	    Q(m->subscription ? m->subscription : "SUBSCRIPTION"),
	    Q(m->location ? m->location : "LOCATION"), scope));
}

static void
mesh_group_steps(struct wctx *w, struct plan_wave *wv, int number)
{
	struct plan *p = w->p;
	size_t i;

	for (i = 0; i < p->meshes.n; i++) {
		const struct plan_mesh *m = &p->meshes.v[i];
		size_t k, added = 0;

		for (k = 0; k < p->vnets.n; k++)
			if (p->vnets.v[k].wave == number && p->vnets.v[k].mesh &&
			    strcmp(p->vnets.v[k].mesh, m->name) == 0)
				added++;
		if (added == 0)
			continue;
		if (number == 1 || p->dynamic_membership)
			step(w, wv, STEP_GROUP, group_id(w, m->group_name),
			    arena_printf(w->a, "Create (or keep) the network "
			    "group %s%s", m->group_name, p->dynamic_membership ?
			    arena_printf(w->a, " with an Azure Policy that "
			    "adds VNets tagged %s=%s", p->membership_tag,
			    m->name) : ""),
			    arena_printf(w->a, "az network manager group create "
			    "--name %s --network-manager-name %s "
			    "--resource-group %s", Q(m->group_name), Q(w->nm),
			    Q(w->rg)));
		for (k = 0; k < p->vnets.n; k++) {
			const struct plan_vnet *v = &p->vnets.v[k];

			if (v->wave != number || v->mesh == NULL ||
			    strcmp(v->mesh, m->name) != 0)
				continue;
			if (p->dynamic_membership)
				step(w, wv, STEP_GROUP, v->id,
				    arena_printf(w->a, "Tag %s with %s=%s "
				    "(the policy adds it to %s)", v->name,
				    p->membership_tag, m->name, m->group_name),
				    arena_printf(w->a, "az tag update "
				    "--resource-id %s --operation Merge "
				    "--tags %s", Q(v->id), Q(arena_printf(w->a,
				    "%s=%s", p->membership_tag, m->name))));
			else
				step(w, wv, STEP_GROUP, v->id,
				    arena_printf(w->a, "Add %s to the network "
				    "group %s", v->name, m->group_name),
				    arena_printf(w->a, "az network manager group "
				    "static-member create --name %s "
				    "--network-group-name %s "
				    "--network-manager-name %s "
				    "--resource-group %s --resource-id %s",
				    Q(arena_printf(w->a, "sm-%s", v->name)),
				    Q(m->group_name), Q(w->nm), Q(w->rg),
				    Q(v->id)));
		}
		step(w, wv, STEP_CONFIG, config_id(w, m),
		    arena_printf(w->a, "%s the mesh configuration %s: topology "
		    "Mesh, group %s, global %s, connectedGroupAddressOverlap "
		    "Disallowed, connectedGroupPrivateEndpointsScale %s%s "
		    "(a draft until committed)", number == 1 ? "Create" :
		    "Keep", m->config_name, m->group_name,
		    m->global ? "true" : "false", m->hspe ? "HighScale" :
		    "Standard", m->high_scale ? "; high-scale connected group"
		    : ""),
		    arena_printf(w->a, "az network manager connect-config "
		    "create --configuration-name %s --network-manager-name %s "
		    "--resource-group %s --connectivity-topology Mesh "
		    "--applies-to-groups %s "
		    "group-connectivity=None is-global=%s --is-global %s "
		    "--delete-existing-peering false && az resource update "
		    "--ids %s --api-version 2024-10-01 --set "
		    "properties.connectivityCapabilities."
		    "connectedGroupPrivateEndpointsScale=%s "
		    "properties.connectivityCapabilities."
		    "connectedGroupAddressOverlap=Disallowed "
		    "properties.connectivityCapabilities."
		    "peeringEnforcement=Unenforced", Q(m->config_name),
		    Q(w->nm), Q(w->rg), Q(arena_printf(w->a,
		    "network-group-id=%s", group_id(w, m->group_name))),
		    m->global ? "true" : "false", m->global ? "true" : "false",
		    Q(config_id(w, m)), m->hspe ? "HighScale" : "Standard"));
	}
}

/* Regions the members so far live in, space-separated and sorted; each
 * one a sh word (shquote.h) when quoted. */
static const char *
regions_upto(struct wctx *w, int number, bool quoted)
{
	ARR(const char *) r = { NULL, 0, 0 };
	size_t i, j, len = 1;
	char *s, *q;

	for (i = 0; i < w->p->vnets.n; i++) {
		const char *loc = w->p->vnets.v[i].location;
		bool seen = false;

		if (w->p->vnets.v[i].wave <= 0 || w->p->vnets.v[i].wave > number
		    || loc == NULL)
			continue;
		for (j = 0; j < r.n; j++)
			seen |= strcmp(r.v[j], loc) == 0;
		if (!seen)
			ARR_PUSH(w->a, r, loc);
	}
	for (i = 1; i < r.n; i++)
		for (j = i; j > 0 && strcmp(r.v[j - 1], r.v[j]) > 0; j--) {
			const char *t = r.v[j];

			r.v[j] = r.v[j - 1];
			r.v[j - 1] = t;
		}
	for (i = 0; quoted && i < r.n; i++)
		r.v[i] = Q(r.v[i]);
	for (i = 0; i < r.n; i++)
		len += strlen(r.v[i]) + 1;
	s = q = arena_alloc(w->a, len);
	for (i = 0; i < r.n; i++)
		q += sprintf(q, "%s%s", i ? " " : "", r.v[i]);
	return s;
}

static const char *
config_ids(struct wctx *w)
{
	size_t i, len = 1;
	char *s, *q;

	for (i = 0; i < w->p->meshes.n; i++)
		len += strlen(Q(config_id(w, &w->p->meshes.v[i]))) + 1;
	s = q = arena_alloc(w->a, len);
	for (i = 0; i < w->p->meshes.n; i++)
		q += sprintf(q, "%s%s", i ? " " : "",
		    Q(config_id(w, &w->p->meshes.v[i])));
	return s;
}

static void
security_steps(struct wctx *w, struct plan_wave *wv, int number)
{
	struct plan *p = w->p;
	size_t i;

	if (p->deny.n == 0 || number != 1)
		return;
	for (i = 0; i < p->deny.n; i++) {
		const struct plan_deny *d = &p->deny.v[i];
		int dir;

		for (dir = 0; dir < 2; dir++)
			step(w, wv, STEP_SECURITY, arena_printf(w->a,
			    "%s/securityAdminConfigurations/sac-meshplan/"
			    "ruleCollections/rc-segments/rules/%s-%s",
			    w->mgr_id, d->name, dir ? "out" : "in"),
			    arena_printf(w->a, "Deny %s traffic (protocol %s, "
			    "priority %d) between segment groups %s (%zu VNets) "
			    "and %s (%zu VNets), both ways", dir ? "outbound" :
			    "inbound", d->protocol, d->priority, d->group_a,
			    d->vnets_a.n, d->group_b, d->vnets_b.n),
			    arena_printf(w->a, "az network manager "
			    "security-admin-config rule-collection rule create "
			    "--network-manager-name %s --resource-group %s "
			    "--configuration-name sac-meshplan "
			    "--rule-collection-name rc-segments --rule-name "
			    "%s --kind Custom --access Deny --direction %s "
			    "--priority %d --protocol Any --sources "
			    "address-prefix-type=NetworkGroup "
			    "%s --destinations "
			    "address-prefix-type=NetworkGroup "
			    "%s", Q(w->nm), Q(w->rg), Q(arena_printf(w->a,
			    "%s-%s", d->name, dir ? "out" : "in")),
			    dir ? "Outbound" : "Inbound", d->priority,
			    Q(arena_printf(w->a, "address-prefix=%s",
			    group_id(w, d->group_a))), Q(arena_printf(w->a,
			    "address-prefix=%s", group_id(w, d->group_b)))));
	}
}

static void
wave_checks(struct wctx *w, struct plan_wave *wv, const char *first,
    const char *second, size_t npes)
{
	ARR_PUSH(w->a, wv->checks, arena_printf(w->a, "Effective routes: a "
	    "NIC in %s shows next hop type ConnectedGroup for the other "
	    "members' prefixes (az network nic show-effective-route-table)",
	    first));
	ARR_PUSH(w->a, wv->checks, arena_printf(w->a, "Spoke-to-spoke "
	    "reachability on the direct path: Connection Monitor from %s to "
	    "%s, and VNet flow logs show no spoke-to-spoke flow through the "
	    "gateway", first, second ? second : "another member"));
	ARR_PUSH(w->a, wv->checks, arena_printf(w->a, "On-premises "
	    "unchanged: routes to on-premises prefixes still show "
	    "VirtualNetworkGateway, and %s reaches on-premises through the "
	    "hub and ExpressRoute", first));
	ARR_PUSH(w->a, wv->checks, arena_printf(w->a, "Private endpoint "
	    "reachability: resolve and connect to private endpoints in other "
	    "members (%zu in the mesh so far)", npes));
}

void
waves_build(struct plan *p, const struct wave_notes *notes)
{
	struct wctx w;
	int map[4] = { 0, 0, 0, 0 }, next = 0, old;
	size_t i, k;

	memset(&w, 0, sizeof(w));
	w.p = p;
	w.a = p->arena;
	w.nm = p->manager.name ? p->manager.name : "NETWORK_MANAGER";
	w.rg = p->manager.resource_group ? p->manager.resource_group :
	    "RESOURCE_GROUP";
	w.mgr_id = p->manager.existing_id ? p->manager.existing_id :
	    arena_printf(w.a, "/subscriptions/%s/resourceGroups/%s/providers/"
	    "Microsoft.Network/networkManagers/%s", p->manager.subscription ?
	    p->manager.subscription : "SUBSCRIPTION", w.rg, w.nm);
	for (i = 0; i < p->vnets.n; i++)
		if (p->vnets.v[i].wave >= 1 && p->vnets.v[i].wave <= 3)
			map[p->vnets.v[i].wave] = 1;
	for (old = 1; old <= 3; old++)
		map[old] = map[old] ? ++next : 0;
	for (i = 0; i < p->vnets.n; i++)
		if (p->vnets.v[i].wave >= 1 && p->vnets.v[i].wave <= 3)
			p->vnets.v[i].wave = map[p->vnets.v[i].wave];
	if (p->meshes.n > 0)
		prereq_steps(&w);
	for (old = 1; old <= 3; old++) {
		struct plan_wave wv;
		const char *first = NULL, *second = NULL, *subs_note;
		size_t nbasic = 0;
		int number = map[old];

		if (number == 0)
			continue;
		memset(&wv, 0, sizeof(wv));
		wv.number = number;
		wv.name = wave_names[old - 1];
		wv.note = notes ? notes->note[old - 1] : NULL;
		for (i = 0; i < p->vnets.n; i++) {
			const struct plan_vnet *v = &p->vnets.v[i];

			if (v->wave <= 0 || v->wave > number)
				continue;
			ARR_PUSH(w.a, wv.members, v->id);
			wv.private_endpoints += v->npes;
			if (v->wave == number) {
				wv.traffic_bytes += v->traffic_bytes;
				ARR_PUSH(w.a, wv.vnet_ids, v->id);
				if (first == NULL)
					first = v->name;
				else if (second == NULL)
					second = v->name;
			}
		}
		for (i = 0; i < p->features.n; i++) {
			const struct plan_feature *f = &p->features.v[i];
			const char *fname = strchr(f->feature, '/');

			if (feature_wave(p, f) != number)
				continue;
			step(&w, &wv, STEP_FEATURE, arena_printf(w.a,
			    "/subscriptions/%s", f->subscription),
			    arena_printf(w.a, "Register %s on subscription %s "
			    "(%s)", f->feature, f->subscription, f->why),
			    arena_printf(w.a, "az feature register --namespace "
			    "Microsoft.Network --name %s --subscription %s && "
			    "az provider register --namespace "
			    "Microsoft.Network --subscription %s",
			    QW(fname != NULL ? fname + 1 : f->feature),
			    QW(f->subscription), QW(f->subscription)));
		}
		for (i = 0; i < p->vnets.n; i++) {
			const struct plan_vnet *v = &p->vnets.v[i];

			if (v->wave != number)
				continue;
			for (k = 0; k < v->subnet_changes.n; k++) {
				const struct plan_subnet_change *sc =
				    &v->subnet_changes.v[k];

				step(&w, &wv, STEP_SUBNET_POLICY, sc->id,
				    arena_printf(w.a, "Set "
				    "privateEndpointNetworkPolicies of %s/%s "
				    "(%zu private endpoints) from %s to %s",
				    v->name, sc->name, sc->npes,
				    sc->old_policy ? sc->old_policy :
				    "Disabled", sc->new_policy),
				    arena_printf(w.a, "az network vnet subnet "
				    "update --ids %s "
				    "--private-endpoint-network-policies %s",
				    QW(sc->id), QW(sc->new_policy)));
			}
		}
		for (i = 0; i < p->vnets.n; i++) {
			const struct plan_vnet *v = &p->vnets.v[i];

			if (v->wave != number || !v->set_pe_vnet_basic)
				continue;
			nbasic++;
			step(&w, &wv, STEP_VNET_POLICY, v->id,
			    arena_printf(w.a, "Set privateEndpointVNetPolicies "
			    "of %s to Basic (HSPE; resets long-running private "
			    "endpoint connections once)", v->name),
			    arena_printf(w.a, "az network vnet update --ids %s "
			    "--pe-vnet-policies Basic", QW(v->id)));
		}
		security_steps(&w, &wv, number);
		mesh_group_steps(&w, &wv, number);
		step(&w, &wv, STEP_COMMIT, w.mgr_id,
		    arena_printf(w.a, "Commit the connectivity configuration%s "
		    "to %s%s", p->meshes.n > 1 ? "s" : "",
		    regions_upto(&w, number, false), p->deny.n ? ", then the "
		    "security admin configuration sac-meshplan" : ""),
		    arena_printf(w.a, "az network manager post-commit "
		    "--network-manager-name %s --resource-group %s "
		    "--commit-type Connectivity --configuration-ids %s "
		    "--target-locations %s%s", QW(w.nm), QW(w.rg),
		    config_ids(&w), regions_upto(&w, number, true),
		    p->deny.n ? arena_printf(w.a,
		    " && az network manager post-commit "
		    "--network-manager-name %s --resource-group %s "
		    "--commit-type SecurityAdmin --configuration-ids %s "
		    "--target-locations %s", QW(w.nm), QW(w.rg),
		    QW(arena_printf(w.a, "%s/securityAdminConfigurations/"
		    "sac-meshplan", w.mgr_id)), regions_upto(&w, number,
		    true)) : ""));
		step(&w, &wv, STEP_VALIDATE, NULL, arena_printf(w.a, "Run the "
		    "wave %d validation checklist before the next wave; keep "
		    "the ExpressRoute path in place", number), NULL);
		if (nbasic > 0)
			wv.maintenance = arena_printf(w.a, "Maintenance window: "
			    "setting privateEndpointVNetPolicies to Basic on "
			    "%zu VNet(s) resets long-running private endpoint "
			    "connections once (about 1 second). Afterwards "
			    "Bytes In/Out per private endpoint is no longer "
			    "reported, and private endpoint traffic from "
			    "on-premises is billed in aggregate on the gateway "
			    "VNet (the total does not change).", nbasic);
		wave_checks(&w, &wv, first ? first : "a member", second,
		    wv.private_endpoints);
		subs_note = p->dynamic_membership ? arena_printf(w.a, "Remove "
		    "the %s tag from the wave's %zu VNets (the policy drops "
		    "them from the group), then commit again", p->membership_tag,
		    wv.vnet_ids.n) : arena_printf(w.a, "Remove the wave's %zu "
		    "VNets from their network group (az network manager group "
		    "static-member delete), then commit again", wv.vnet_ids.n);
		ARR_PUSH(w.a, wv.rollback, subs_note);
		ARR_PUSH(w.a, wv.rollback, arena_printf(w.a, "Or undeploy the "
		    "mesh: az network manager post-commit "
		    "--network-manager-name %s --resource-group %s "
		    "--commit-type Connectivity --configuration-ids '' "
		    "--target-locations %s; traffic falls back to the "
		    "ExpressRoute path, which stays in place", QW(w.nm),
		    QW(w.rg), regions_upto(&w, number, true)));
		if (nbasic > 0)
			ARR_PUSH(w.a, wv.rollback, "Leave "
			    "privateEndpointVNetPolicies at Basic: turning it "
			    "off resets private endpoint connections again");
		ARR_PUSH(w.a, p->waves, wv);
	}
}
