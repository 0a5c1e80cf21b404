/*
 * analysis_vnets.c - the findings about VNets and what hangs off them:
 * peerings (MP102), transit through a hub's gateway (MP103, reads the hub
 * summaries), address overlap (MP104), private endpoints (MP202, MP203,
 * and their routes, MP112) and existing AVNM configurations (MP111).
 * Called by analysis_run (analysis.c) in that order; see analysis.c for
 * the invariants and the limits of the checks.
 *
 * Index: peering_findings, transit_findings, overlap_findings,
 * pe_findings, pe_route_findings, config_findings.
 */
#include "analysis.h"
#include "analysis_checks.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "advertise.h"
#include "labels.h"
#include "ptrie.h"
#include "topology.h"

/* ------------------------------------------------------------------ */
/* Peerings and transit                                                 */

void
peering_findings(struct analysis *an)
{
	const struct estate *e = an->estate;
	size_t i;

	for (i = 0; i < e->peerings.n; i++) {
		const struct peering *p = e->peerings.v[i];
		const char *remote;

		if (!p->r.seen || peering_active(p))
			continue;
		remote = p->remote != NULL ?
		    label_res(an->labels, &p->remote->r) :
		    label_id(an->labels, p->remote_id);
		if (mp_strcaseeq(p->state, "Initiated"))
			finding_add(&an->findings, RULE_PEERING_NOT_CONNECTED,
			    SEV_WARNING, p->r.id, p->r.file,
			    "peering %s from %s to %s is Initiated: create the "
			    "matching peering on %s; no traffic flows until "
			    "both sides are Connected",
			    p->r.name,
			    p->vnet ? label_res(an->labels, &p->vnet->r) : "?",
			    remote, remote);
		else
			finding_add(&an->findings, RULE_PEERING_NOT_CONNECTED,
			    SEV_WARNING, p->r.id, p->r.file,
			    "peering %s from %s to %s is %s: the remote side "
			    "was deleted or never synced; delete this peering "
			    "and create both sides again",
			    p->r.name,
			    p->vnet ? label_res(an->labels, &p->vnet->r) : "?",
			    remote, p->state);
	}
}

/*
 * The first summary of a hub v is peered to that overlaps v's space (R1:
 * with summarizedGatewayPrefixes set, what the hub advertises is the
 * summaries plus uncovered spoke prefixes, so a spoke without gateway
 * transit can be advertised after all). NULL when none.
 */
static const struct prefix *
covering_summary(const struct vnet *v, const struct vnet **hub)
{
	size_t i, j, k;

	for (i = 0; i < v->hubs.n; i++) {
		const struct vnet *h = v->hubs.v[i];

		if (!h->has_summaries)
			continue;
		for (j = 0; j < h->summaries.n; j++)
			for (k = 0; k < v->prefixes.n; k++)
				if (prefix_overlaps(&h->summaries.v[j],
					&v->prefixes.v[k])) {
					*hub = h;
					return &h->summaries.v[j];
				}
	}
	return NULL;
}

void
transit_findings(struct analysis *an)
{
	const struct estate *e = an->estate;
	size_t i;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		const struct vnet *h, *sh = NULL;
		const struct peering *fwd, *back;
		const struct prefix *sum;
		char b[PREFIX_STRLEN];

		if (!v->r.seen || v->role != ROLE_SPOKE ||
		    v->transit_hub != NULL || v->hubs.n == 0)
			continue;
		h = v->hubs.v[0];
		fwd = peering_between(v, h);
		back = peering_between(h, v);
		if ((sum = covering_summary(v, &sh)) != NULL)
			finding_add(&an->findings, RULE_NO_GATEWAY_TRANSIT,
			    SEV_WARNING, v->r.id, v->r.file,
			    "spoke %s is peered to hub %s but does not use its "
			    "gateway (%s), yet summary %s of hub %s covers it: "
			    "it is advertised to on-premises, which sends its "
			    "traffic for %s to %s's gateway, and %s learns no "
			    "route back; set useRemoteGateways on the spoke "
			    "and "
			    "allowGatewayTransit on the hub side, or narrow "
			    "the "
			    "summary (meshplan plan leaves it out)",
			    label_res(an->labels, &v->r),
			    label_res(an->labels, &h->r),
			    fwd != NULL &&
				    fwd->use_remote_gateways != TRI_TRUE ?
				"no useRemoteGateways" :
				"the hub side lacks "
				"allowGatewayTransit",
			    prefix_format(sum, b),
			    label_res(an->labels, &sh->r),
			    label_res(an->labels, &v->r),
			    label_res(an->labels, &sh->r),
			    label_res(an->labels, &v->r));
		else if (fwd != NULL && fwd->use_remote_gateways != TRI_TRUE)
			finding_add(&an->findings, RULE_NO_GATEWAY_TRANSIT,
			    SEV_WARNING, v->r.id, v->r.file,
			    "spoke %s is peered to hub %s but its peering %s "
			    "does not set useRemoteGateways: it learns no "
			    "on-premises routes from %s's gateway and is not "
			    "advertised; set useRemoteGateways (and "
			    "allowGatewayTransit on the hub side) or confirm "
			    "it is meant to be isolated",
			    label_res(an->labels, &v->r),
			    label_res(an->labels, &h->r),
			    label_res(an->labels, &fwd->r),
			    label_res(an->labels, &h->r));
		else
			finding_add(&an->findings, RULE_NO_GATEWAY_TRANSIT,
			    SEV_WARNING, v->r.id, v->r.file,
			    "spoke %s asks for %s's gateway but the hub's "
			    "peering %s does not set allowGatewayTransit: the "
			    "spoke gets no gateway routes; set "
			    "allowGatewayTransit on the hub side",
			    label_res(an->labels, &v->r),
			    label_res(an->labels, &h->r),
			    back ? label_res(an->labels, &back->r) : "?");
	}
}

/* ------------------------------------------------------------------ */
/* Address overlap                                                      */

struct span {
	struct prefix p, last;
	size_t vi; /* index in e->vnets */
};

struct overlap_pair {
	size_t a, b; /* a < b */
	struct prefix pa, pb;
};

static int
addr_cmp(const struct prefix *a, const struct prefix *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return 0;
}

static int
span_cmp(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;
	int c = prefix_cmp(&a->p, &b->p);

	if (c != 0)
		return c;
	return a->vi < b->vi ? -1 : a->vi > b->vi;
}

static int
pair_cmp(const void *pa, const void *pb)
{
	const struct overlap_pair *a = pa, *b = pb;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

void
overlap_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	ARR(struct span) sp = { 0 };
	ARR(struct overlap_pair) pairs = { 0 };
	size_t i, j, n;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		if (!v->r.seen)
			continue;
		for (j = 0; j < v->prefixes.n; j++) {
			struct span s;

			s.p = v->prefixes.v[j];
			s.last = prefix_last(&s.p);
			s.vi = i;
			ARR_PUSH(a, sp, s);
		}
	}
	if (sp.n > 1)
		qsort(sp.v, sp.n, sizeof(*sp.v), span_cmp);
	/* Sorted by first address: j overlaps i while it starts at or
	 * before i's last address. */
	for (i = 0; i < sp.n; i++) {
		for (j = i + 1; j < sp.n; j++) {
			struct overlap_pair op;
			bool swap;

			if (sp.v[j].p.fam != sp.v[i].p.fam ||
			    addr_cmp(&sp.v[j].p, &sp.v[i].last) > 0)
				break;
			if (sp.v[j].vi == sp.v[i].vi)
				continue;
			swap = sp.v[i].vi > sp.v[j].vi;
			op.a = swap ? sp.v[j].vi : sp.v[i].vi;
			op.b = swap ? sp.v[i].vi : sp.v[j].vi;
			op.pa = swap ? sp.v[j].p : sp.v[i].p;
			op.pb = swap ? sp.v[i].p : sp.v[j].p;
			ARR_PUSH(a, pairs, op);
		}
	}
	if (pairs.n == 0)
		return;
	/* qsort is not stable: keep the smallest (pa, pb) per pair by
	 * sorting on it too. */
	qsort(pairs.v, pairs.n, sizeof(*pairs.v), pair_cmp);
	n = 0;
	for (i = 0; i < pairs.n; i++) {
		if (n > 0 && pairs.v[n - 1].a == pairs.v[i].a &&
		    pairs.v[n - 1].b == pairs.v[i].b) {
			struct overlap_pair *k = &pairs.v[n - 1];

			if (prefix_cmp(&pairs.v[i].pa, &k->pa) < 0 ||
			    (prefix_eq(&pairs.v[i].pa, &k->pa) &&
				prefix_cmp(&pairs.v[i].pb, &k->pb) < 0))
				*k = pairs.v[i];
			continue;
		}
		pairs.v[n++] = pairs.v[i];
	}
	pairs.n = n;
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		struct strbuf sb = STRBUF_INIT;
		size_t cnt = 0, shown = 0;
		struct finding *fd;

		for (j = 0; j < pairs.n; j++) {
			const struct overlap_pair *op = &pairs.v[j];
			const struct prefix *mine, *theirs;
			const struct vnet *o;
			char b1[PREFIX_STRLEN], b2[PREFIX_STRLEN];

			if (op->a != i && op->b != i)
				continue;
			cnt++;
			if (shown == 3)
				continue;
			o = e->vnets.v[op->a == i ? op->b : op->a];
			mine = op->a == i ? &op->pa : &op->pb;
			theirs = op->a == i ? &op->pb : &op->pa;
			sb_printf(&sb, "%s%s (%s with %s)", shown ? ", " : "",
			    label_res(an->labels, &o->r),
			    prefix_format(mine, b1), prefix_format(theirs, b2));
			shown++;
		}
		if (cnt == 0) {
			sb_free(&sb);
			continue;
		}
		if (cnt > shown)
			sb_printf(&sb, " and %zu more", cnt - shown);
		fd = finding_add(&an->findings, RULE_OVERLAP, SEV_WARNING,
		    v->r.id, v->r.file,
		    "%s overlaps %zu other VNet%s: %s; "
		    "overlapping VNets cannot peer and are left out of a mesh "
		    "(renumber one side)",
		    label_res(an->labels, &v->r), cnt, cnt == 1 ? "" : "s",
		    sb_str(&sb));
		finding_prop(fd, "vnets", (double)cnt);
		sb_free(&sb);
	}
}

/* ------------------------------------------------------------------ */
/* Private endpoints                                                    */

static bool
vnet_hspe(const struct vnet *v)
{
	return v->pe_vnet_policies != NULL &&
	    mp_strcaseeq(v->pe_vnet_policies, "Basic");
}

void
pe_findings(struct analysis *an)
{
	const struct estate *e = an->estate;
	const struct limits *lim = &an->policy->limits;
	size_t i, j, spoke_pes = 0;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		if (!v->r.seen)
			continue;
		if (v->role == ROLE_SPOKE)
			spoke_pes += v->npes;
		if (v->npes > lim->vnet_pes)
			an->needs_hspe = true;
	}
	if (spoke_pes > lim->mesh_pes)
		an->needs_hspe = true;
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		size_t limit = vnet_hspe(v) ? lim->vnet_pes_hspe :
					      lim->vnet_pes,
		       peered = v->npes;
		struct finding *fd;

		if (!v->r.seen)
			continue;
		if (v->npes > limit) {
			fd = finding_add(&an->findings, RULE_VNET_PE_LIMIT,
			    SEV_ERROR, v->r.id, v->r.file,
			    "%s holds %zu private endpoints, over the limit of "
			    "%zu per VNet%s",
			    label_res(an->labels, &v->r), v->npes, limit,
			    vnet_hspe(v) ?
				" even with HSPE; move endpoints "
				"to another VNet" :
				"; enable High Scale Private "
				"Endpoints (privateEndpointVNetPolicies: "
				"Basic, "
				"feature EnableMaxPrivateEndpointsVia64kPath) "
				"or "
				"move endpoints to another VNet");
			finding_prop(fd, "private_endpoints", (double)v->npes);
			finding_prop(fd, "limit", (double)limit);
		}
		if (vnet_hspe(v))
			continue;
		for (j = 0; j < v->peerings.n; j++) {
			const struct peering *p = v->peerings.v[j];

			if (p->r.seen && peering_active(p) &&
			    p->remote != NULL && p->remote->r.seen)
				peered += p->remote->npes;
		}
		if (peered > lim->peered_pes) {
			fd = finding_add(&an->findings, RULE_VNET_PE_LIMIT,
			    SEV_WARNING, v->r.id, v->r.file,
			    "%s and its peered VNets hold %zu private "
			    "endpoints, over the silent limit of %zu across "
			    "peered VNets without HSPE: connections degrade; "
			    "enable High Scale Private Endpoints",
			    label_res(an->labels, &v->r), peered,
			    lim->peered_pes);
			finding_prop(fd, "private_endpoints", (double)peered);
			finding_prop(fd, "limit", (double)lim->peered_pes);
		}
	}
	for (i = 0; i < e->subnets.n; i++) {
		const struct subnet *s = e->subnets.v[i];
		const char *pol = s->pe_policies;
		struct finding *fd;

		if (!s->r.seen || s->pes.n == 0 ||
		    (pol != NULL &&
			(mp_strcaseeq(pol, "Enabled") ||
			    mp_strcaseeq(pol, "RouteTableEnabled"))))
			continue;
		fd = finding_add(&an->findings, RULE_HSPE_PREREQ,
		    an->needs_hspe ? SEV_WARNING : SEV_NOTE, s->r.id, s->r.file,
		    "subnet %s holds %zu private endpoint%s "
		    "with privateEndpointNetworkPolicies %s; High Scale "
		    "Private Endpoints need Enabled or RouteTableEnabled: set "
		    "it before the mesh wave that needs HSPE%s",
		    label_id(an->labels, s->r.id), s->pes.n,
		    s->pes.n == 1 ? "" : "s", pol ? pol : "absent (Disabled)",
		    an->needs_hspe ? " (this estate needs HSPE)" : "");
		finding_prop(fd, "private_endpoints", (double)s->pes.n);
	}
}

/*
 * Route-table policy on a subnet with private endpoints (MP112). Microsoft's
 * "Manage network policies for private endpoints": with route tables
 * enabled for private endpoints, a user route whose prefix length is equal
 * to or larger than the prefix length of the VNet address space where the
 * endpoint is provisioned invalidates the endpoint's /32 route; a default
 * route does not. The /32 routes reach the VNet's subnets and those of its
 * peered VNets, so their route tables are the ones read. A route counts when
 * it lies inside the address range of the endpoints' VNet that holds the
 * subnet and overlaps the subnet (where the endpoints' addresses are), and
 * its next hop is not VnetLocal. "planned": the policy is neither Enabled nor
 * RouteTableEnabled today, and the HSPE prerequisite (MP203) turns
 * route-table policy on (RouteTableEnabled, or Enabled from
 * NetworkSecurityGroupEnabled).
 */
static const struct route *
pe_override(const struct subnet *s, const struct route_table *t)
{
	const struct vnet *v = s->vnet;
	size_t i, j, k;

	for (i = 0; i < t->routes.n; i++) {
		const struct route *r = &t->routes.v[i];

		if (!r->is_prefix || r->nh == NH_VNET_LOCAL)
			continue;
		for (j = 0; j < v->prefixes.n; j++) {
			if (!prefix_contains(&v->prefixes.v[j], &r->p))
				continue;
			for (k = 0; k < s->prefixes.n; k++)
				if (prefix_overlaps(&r->p, &s->prefixes.v[k]))
					return r;
		}
	}
	return NULL;
}

struct rt_use {
	const struct route_table *t;
	size_t subnets;
};

static void
rt_count(struct arena *a, void *usesp, const struct vnet *v)
{
	ARR(struct rt_use) *uses = usesp;
	size_t i, j;

	for (i = 0; i < v->subnets.n; i++) {
		const struct route_table *t = v->subnets.v[i]->route_table;
		struct rt_use u;

		if (t == NULL || !t->r.seen)
			continue;
		for (j = 0; j < uses->n; j++)
			if (uses->v[j].t == t)
				break;
		if (j < uses->n) {
			uses->v[j].subnets++;
			continue;
		}
		u.t = t;
		u.subnets = 1;
		ARR_PUSH(a, *uses, u);
	}
}

void
pe_route_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	size_t i, j;

	for (i = 0; i < e->subnets.n; i++) {
		const struct subnet *s = e->subnets.v[i];
		const struct vnet *v = s->vnet;
		const char *pol = s->pe_policies;
		ARR(struct rt_use) uses = { 0 };
		const struct route *first = NULL;
		const struct route_table *ft = NULL;
		size_t ntables = 0, nsubnets = 0;
		bool on;
		char b1[PREFIX_STRLEN];
		const char *route, *users;
		struct finding *fd;

		if (!s->r.seen || s->pes.n == 0 || v == NULL || !v->r.seen)
			continue;
		on = pol != NULL &&
		    (mp_strcaseeq(pol, "Enabled") ||
			mp_strcaseeq(pol, "RouteTableEnabled"));
		rt_count(a, &uses, v);
		for (j = 0; j < v->peerings.n; j++) {
			const struct peering *p = v->peerings.v[j];

			if (p->r.seen && peering_active(p) &&
			    p->remote != NULL && p->remote->r.seen &&
			    p->remote != v)
				rt_count(a, &uses, p->remote);
		}
		for (j = 0; j < uses.n; j++) {
			const struct route *r = pe_override(s, uses.v[j].t);

			if (r == NULL)
				continue;
			if (first == NULL) {
				first = r;
				ft = uses.v[j].t;
			}
			ntables++;
			nsubnets += uses.v[j].subnets;
		}
		if (first == NULL)
			continue;
		/* What both messages say of the route and who uses it. */
		route = arena_printf(a,
		    "route %s (%s to %s%s%s) of route table %s%s", first->name,
		    prefix_format(&first->p, b1),
		    first->nh_raw ? first->nh_raw : next_hop_name(first->nh),
		    first->nh_ip ? " " : "", first->nh_ip ? first->nh_ip : "",
		    label_res(an->labels, &ft->r),
		    ntables > 1 ?
			arena_printf(a, " (and %zu more route tables)",
			    ntables - 1) :
			"");
		users = arena_printf(a, "the %zu subnet%s using %s", nsubnets,
		    nsubnets == 1 ? "" : "s",
		    ntables > 1 ? "these route tables" : "it");
		if (on)
			fd = finding_add(&an->findings,
			    RULE_PE_ROUTES_OVERRIDDEN, SEV_NOTE, s->r.id,
			    s->r.file,
			    "subnet %s/%s holds %zu private endpoint%s and has "
			    "privateEndpointNetworkPolicies %s: %s overrides "
			    "their /32 routes, so traffic to them from %s goes "
			    "to that next hop, not directly; if that is not "
			    "meant, shorten the route or add routes for the "
			    "endpoints",
			    label_res(an->labels, &v->r), s->r.name, s->pes.n,
			    s->pes.n == 1 ? "" : "s", pol, route, users);
		else
			fd = finding_add(&an->findings,
			    RULE_PE_ROUTES_OVERRIDDEN,
			    an->needs_hspe ? SEV_WARNING : SEV_NOTE, s->r.id,
			    s->r.file,
			    "subnet %s/%s holds %zu private endpoint%s with "
			    "privateEndpointNetworkPolicies %s; the High Scale "
			    "Private Endpoints prerequisite sets %s, and then "
			    "%s overrides their /32 routes: traffic to them "
			    "from %s goes to that next hop instead of "
			    "directly; before the change, shorten the route "
			    "or add routes for the endpoints if that is not "
			    "meant%s",
			    label_res(an->labels, &v->r), s->r.name, s->pes.n,
			    s->pes.n == 1 ? "" : "s",
			    pol ? pol : "absent (Disabled)",
			    pol != NULL &&
				    mp_strcaseeq(pol,
					"NetworkSecurityGroupEnabled") ?
				"Enabled" :
				"RouteTableEnabled",
			    route, users,
			    an->needs_hspe ? " (this estate needs HSPE)" : "");
		finding_prop(fd, "private_endpoints", (double)s->pes.n);
		finding_prop(fd, "route_tables", (double)ntables);
		finding_prop(fd, "subnets", (double)nsubnets);
	}
}

/* ------------------------------------------------------------------ */
/* AVNM configurations                                                  */

/*
 * appliesToGroups[].isGlobal with a groupConnectivity other than
 * DirectlyConnected (MP111). The REST specification has two flags:
 * properties.isGlobal, "Flag if global mesh is supported", and
 * appliesToGroups[].isGlobal, "Flag if global is supported". Microsoft's
 * connectivity-configuration article ties the group-level one to the
 * connected groups that direct connectivity creates in a hub-and-spoke
 * configuration ("enable mesh connectivity across regions for the network
 * group"), and the azurerm provider documents "a group can be global only
 * if the group_connectivity is DirectlyConnected". A Mesh is global by the
 * top-level flag.
 */
void
config_findings(struct analysis *an)
{
	const struct estate *e = an->estate;
	size_t i, j;

	for (i = 0; i < e->configs.n; i++) {
		const struct connectivity_config *c = e->configs.v[i];
		bool mesh = c->topology != NULL &&
		    mp_strcaseeq(c->topology, "Mesh");
		bool regional = mesh && c->is_global != TRI_TRUE;
		size_t n = 0;
		const char *first = NULL;
		struct finding *fd;

		if (!c->r.seen)
			continue;
		for (j = 0; j < c->group_ids.n && j < c->group_global.n; j++)
			if (c->group_global.v[j] == TRI_TRUE &&
			    !(j < c->group_direct.n && c->group_direct.v[j])) {
				if (first == NULL)
					first = c->group_ids.v[j];
				n++;
			}
		if (n == 0)
			continue;
		fd = finding_add(&an->findings, RULE_GROUP_GLOBAL,
		    regional ? SEV_WARNING : SEV_NOTE, c->r.id, c->r.file,
		    "connectivity configuration %s (%s) sets isGlobal on %zu "
		    "network group%s (%s%s) whose groupConnectivity is not "
		    "DirectlyConnected: the group-level flag applies to "
		    "direct connectivity only and does nothing here; %s",
		    label_res(an->labels, &c->r),
		    c->topology ? c->topology : "no topology", n,
		    n == 1 ? "" : "s", label_id(an->labels, first),
		    n > 1 ? ", ..." : "",
		    regional ?
			"the mesh's own isGlobal "
			"is not True, so the mesh is regional and members in "
			"different regions do not reach each other: set "
			"properties.isGlobal to True for a global mesh" :
			mesh ?
			"the mesh is global by its own isGlobal; set the "
			"group's "
			"flag to False" :
			"set DirectlyConnected for direct "
			"connectivity across regions, or the flag to False");
		finding_prop(fd, "groups", (double)n);
	}
}
