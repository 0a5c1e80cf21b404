/*
 * analysis_edge.c - the findings about the edge of the estate: virtual
 * network gateways (MP105, MP106, MP205), Route Servers (MP204),
 * ExpressRoute circuits' on-premises prefixes (MP206) and the hubs'
 * summarizedGatewayPrefixes (MP107). Called by analysis_run (analysis.c);
 * see analysis.c for the invariants and the limits of the checks.
 *
 * Index: gateway_findings, route_server_findings, circuit_findings,
 * summary_findings.
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
/* Gateways and circuits                                                */

void
gateway_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	str_arr *gc;
	size_t i, j, k, l;

	gc = arena_calloc(a, e->gateways.n ? e->gateways.n : 1, sizeof(*gc));
	for (i = 0; i < e->gateways.n; i++)
		if (e->gateways.v[i]->r.seen &&
		    e->gateways.v[i]->gw_type == GW_EXPRESSROUTE)
			gateway_circuit_ids(e->gateways.v[i], a, &gc[i]);
	for (i = 0; i < e->gateways.n; i++) {
		const struct gateway *g = e->gateways.v[i];
		struct strbuf others = STRBUF_INIT;
		size_t nothers = 0;
		const char *shared = NULL;

		if (!g->r.seen || g->gw_type != GW_EXPRESSROUTE)
			continue;
		if (g->public_ip_sku != NULL &&
		    mp_strcaseeq(g->public_ip_sku, "Basic"))
			finding_add(&an->findings, RULE_ER_BASIC_IP, SEV_ERROR,
			    g->r.id, g->r.file,
			    "ExpressRoute gateway %s uses a Basic SKU public "
			    "IP, retired on 2025-09-30; migrate it with the "
			    "gateway migration tool: Validate, Prepare (new "
			    "gateway with a Standard IP), Migrate (moves the "
			    "connections), Commit (removes the old gateway), "
			    "in a maintenance window",
			    label_res(an->labels, &g->r));
		/* Other gateways on the same circuits (R4). */
		for (j = 0; j < e->gateways.n; j++) {
			bool hit = false;

			if (j == i || !e->gateways.v[j]->r.seen)
				continue;
			for (k = 0; k < gc[i].n && !hit; k++)
				for (l = 0; l < gc[j].n && !hit; l++)
					if (mp_strcaseeq(gc[i].v[k],
						gc[j].v[l])) {
						hit = true;
						if (shared == NULL)
							shared = gc[i].v[k];
					}
			if (!hit)
				continue;
			if (nothers < 3)
				sb_printf(&others, "%s%s", nothers ? ", " : "",
				    label_res(an->labels,
					&e->gateways.v[j]->r));
			nothers++;
		}
		if (nothers > 3)
			sb_printf(&others, " and %zu more", nothers - 3);
		if (nothers > 0 && g->allow_remote_vnet_traffic != TRI_FALSE) {
			struct finding *fd;

			fd = finding_add(&an->findings,
			    RULE_REMOTE_VNET_TRAFFIC, SEV_WARNING, g->r.id,
			    g->r.file,
			    "ExpressRoute gateway %s has "
			    "allowRemoteVnetTraffic %s: it learns the VNets "
			    "of %s through circuit %s, so traffic between "
			    "those hubs hairpins through the MSEE; once a "
			    "mesh or hub peering carries it, set "
			    "allowRemoteVnetTraffic to false",
			    label_res(an->labels, &g->r),
			    g->allow_remote_vnet_traffic == TRI_TRUE ?
				"true" :
				"absent (treated as true)",
			    sb_str(&others), label_id(an->labels, shared));
			finding_prop(fd, "gateways", (double)nothers);
		}
		sb_free(&others);
		/* Redundancy: only for gateways in a hub. */
		if (g->hub == NULL || g->hub->role != ROLE_HUB || gc[i].n == 0)
			continue;
		if (gc[i].n == 1) {
			finding_add(&an->findings, RULE_NO_REDUNDANCY,
			    SEV_WARNING, g->r.id, g->r.file,
			    "ExpressRoute gateway %s of hub %s reaches a "
			    "single circuit (%s): connect a second circuit in "
			    "another peering location",
			    label_res(an->labels, &g->r),
			    label_res(an->labels, &g->hub->r),
			    label_id(an->labels, gc[i].v[0]));
		} else {
			const char *loc = NULL;
			bool same = true;

			for (k = 0; k < gc[i].n && same; k++) {
				const struct circuit *c = (const struct circuit
					*)estate_find(e, gc[i].v[k]);

				if (c == NULL || c->r.kind != RK_CIRCUIT ||
				    !c->r.seen || c->peering_location == NULL)
					same = false;
				else if (loc == NULL)
					loc = c->peering_location;
				else if (!mp_strcaseeq(loc,
					     c->peering_location))
					same = false;
			}
			if (same && loc != NULL)
				finding_add(&an->findings, RULE_NO_REDUNDANCY,
				    SEV_WARNING, g->r.id, g->r.file,
				    "ExpressRoute gateway %s of hub %s reaches "
				    "%zu circuits, all in peering location %s: "
				    "connect a circuit in another peering "
				    "location",
				    label_res(an->labels, &g->r),
				    label_res(an->labels, &g->hub->r), gc[i].n,
				    loc);
		}
	}
}

void
route_server_findings(struct analysis *an)
{
	const struct estate *e = an->estate;
	const struct limits *lim = &an->policy->limits;
	size_t i;

	for (i = 0; i < e->route_servers.n; i++) {
		const struct route_server *rs = e->route_servers.v[i];
		double r;
		struct finding *fd;

		if (!rs->r.seen)
			continue;
		r = pressure_ratio(rs->npeers, lim->route_server_peers);
		if (pressure_level(r) != PRESSURE_OK) {
			fd = finding_add(&an->findings,
			    RULE_ROUTE_SERVER_LIMITS,
			    pressure_sev(pressure_level(r)), rs->r.id,
			    rs->r.file,
			    "Route Server %s has %zu BGP peers "
			    "of %zu (%s); spread the appliances over another "
			    "Route Server",
			    label_res(an->labels, &rs->r), rs->npeers,
			    lim->route_server_peers,
			    pressure_name(pressure_level(r)));
			finding_prop(fd, "peers", (double)rs->npeers);
			finding_prop(fd, "limit",
			    (double)lim->route_server_peers);
		}
		r = pressure_ratio(rs->max_routes_per_peer,
		    lim->route_server_routes);
		if (pressure_level(r) != PRESSURE_OK) {
			fd = finding_add(&an->findings,
			    RULE_ROUTE_SERVER_LIMITS,
			    pressure_sev(pressure_level(r)), rs->r.id,
			    rs->r.file,
			    "a BGP peer of Route Server %s sends "
			    "%zu routes of %zu (%s); a peer over the limit is "
			    "dropped: summarize what it advertises",
			    label_res(an->labels, &rs->r),
			    rs->max_routes_per_peer, lim->route_server_routes,
			    pressure_name(pressure_level(r)));
			finding_prop(fd, "routes",
			    (double)rs->max_routes_per_peer);
			finding_prop(fd, "limit",
			    (double)lim->route_server_routes);
		}
	}
}

/* ------------------------------------------------------------------ */
/* On-premises prefixes per circuit                                     */

static bool
is_ebgp(const struct learned_route *r)
{
	return r->origin != NULL && mp_strcaseeq(r->origin, "EBgp");
}

static void
add_onprem(struct arena *a, const struct ptrie *alladv, prefix_arr *v4,
    prefix_arr *v6, const struct prefix *p)
{
	if (ptrie_get(alladv, p) != NULL)
		return;
	if (p->fam == FAM_V4)
		ARR_PUSH(a, *v4, *p);
	else
		ARR_PUSH(a, *v6, *p);
}

/*
 * The prefixes on-premises advertises to each circuit's private peering,
 * against what the circuit's SKU accepts: 4,000 IPv4 (Standard, Local) or
 * 10,000 (Premium), 100 IPv6 (every SKU); Microsoft's ExpressRoute limits,
 * "Route advertisement limits". Over the limit the BGP session drops.
 * The routes are those of R3 as observed: the circuit's route-table
 * export when given, and the EBgp routes of the learned-routes files of
 * the gateways connected to it, minus every prefix some hub advertises
 * (R1, with current summaries). The policy's and --onprem prefixes are
 * assumptions, not observations, and are not counted. A gateway on
 * several circuits learns all their routes in one file: without the
 * circuit's own export, its count is then an upper bound (said so).
 */
void
circuit_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	const struct limits *lim = &an->policy->limits;
	struct ptrie *alladv = ptrie_new(a);
	size_t i, j, k;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *h = e->vnets.v[i];
		struct advertised adv;

		if (!h->r.seen || h->role != ROLE_HUB)
			continue;
		advertised_compute(e, h, true, a, &adv);
		for (j = 0; j < adv.v4.n; j++)
			ptrie_insert(alladv, &adv.v4.v[j], (void *)h, NULL);
		for (j = 0; j < adv.v6.n; j++)
			ptrie_insert(alladv, &adv.v6.v[j], (void *)h, NULL);
	}
	for (i = 0; i < e->circuits.n; i++) {
		const struct circuit *c = e->circuits.v[i];
		prefix_arr v4 = { 0 }, v6 = { 0 };
		bool premium = c->tier != NULL &&
		    mp_strcaseeq(c->tier, "Premium"),
		     bound = false;
		size_t lim4 = premium ? lim->er_onprem_premium :
					lim->er_onprem_standard,
		       lim6 = lim->er_onprem_ipv6;
		double r4, r6, ratio;
		enum pressure level;
		struct finding *fd;
		str_arr gc = { 0 };

		if (!c->r.seen)
			continue;
		for (j = 0; j < c->routes.n; j++)
			add_onprem(a, alladv, &v4, &v6, &c->routes.v[j].p);
		for (j = 0; j < c->connections.n; j++) {
			const struct connection *cn = c->connections.v[j];
			const struct gateway *g = cn->gateway1;
			size_t before = v4.n + v6.n;

			if (cn->conn_type != CONN_EXPRESSROUTE || g == NULL ||
			    !g->r.seen)
				continue;
			for (k = 0; k < g->learned.n; k++)
				if (is_ebgp(&g->learned.v[k]))
					add_onprem(a, alladv, &v4, &v6,
					    &g->learned.v[k].p);
			gateway_circuit_ids(g, a, &gc);
			if (c->routes.n == 0 && gc.n > 1 &&
			    v4.n + v6.n > before)
				bound = true;
		}
		prefix_arr_sort_unique(&v4);
		prefix_arr_sort_unique(&v6);
		r4 = pressure_ratio(v4.n, lim4);
		r6 = pressure_ratio(v6.n, lim6);
		ratio = r4 >= r6 ? r4 : r6;
		level = pressure_level(ratio);
		if (level == PRESSURE_OK)
			continue;
		fd = finding_add(&an->findings, RULE_ONPREM_PRESSURE,
		    pressure_sev(level), c->r.id, c->r.file,
		    "on-premises advertises %s%zu %s prefixes to circuit %s, "
		    "%.0f%% of the %zu its %s private peering accepts (%s)%s; "
		    "over the limit the BGP session goes down: summarize on "
		    "the customer edge%s",
		    bound ? "up to " : "", r4 >= r6 ? v4.n : v6.n,
		    r4 >= r6 ? "IPv4" : "IPv6", label_res(an->labels, &c->r),
		    100.0 * ratio, r4 >= r6 ? lim4 : lim6,
		    r4 >= r6 ? (premium ? "Premium" : "Standard") : "IPv6",
		    pressure_name(level),
		    bound ? " (from the learned routes "
			    "of a gateway that also uses other circuits: "
			    "export this "
			    "circuit's route table for its own count)" :
			    "",
		    r4 >= r6 && !premium ? ", or move the circuit to Premium "
					   "(10,000 IPv4 prefixes)" :
					   "");
		finding_prop(fd, "ipv4", (double)v4.n);
		finding_prop(fd, "limit_ipv4", (double)lim4);
		finding_prop(fd, "ipv6", (double)v6.n);
		finding_prop(fd, "limit_ipv6", (double)lim6);
	}
}

/* ------------------------------------------------------------------ */
/* summarizedGatewayPrefixes                                            */

struct foreign {
	struct prefix p;
	const char *what; /* "gateway X", "on-premises", "reserved" */
};

typedef ARR(struct foreign) foreign_arr;

static bool
prefix_in(const prefix_arr *arr, const struct prefix *p)
{
	size_t i;

	for (i = 0; i < arr->n; i++)
		if (prefix_eq(&arr->v[i], p))
			return true;
	return false;
}

static void
collect_onprem(const struct learned_route *r, size_t n,
    const prefix_arr *behind, struct arena *a, foreign_arr *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct foreign f;

		if (r[i].origin == NULL || !mp_strcaseeq(r[i].origin, "EBgp") ||
		    prefix_in(behind, &r[i].p))
			continue;
		f.p = r[i].p;
		f.what = "an on-premises route";
		ARR_PUSH(a, *out, f);
	}
}

/*
 * A current summary s of hub h over address space that h's gateways would
 * not advertise without it (VNets that do not use h's gateway): on-premises
 * and the other hubs send traffic for those VNets to h's gateway, and they
 * have no route back through it. One finding per summary. With the policy's
 * summaries.cover_non_transit, covering VNets peered to h is a choice the
 * user made: a note.
 */
static void
nontransit_findings(struct analysis *an, const struct vnet *h,
    const nontransit_arr *ntp, const struct prefix *s)
{
	const nontransit_arr nt = *ntp;
	struct strbuf names = STRBUF_INIT;
	const struct vnet *last = NULL;
	size_t i, nvnets = 0, nprefixes = 0;
	bool chosen = an->policy->cover_non_transit;
	char b1[PREFIX_STRLEN];
	struct finding *fd;

	for (i = 0; i < nt.n; i++) {
		const struct vnet *v = nt.v[i].vnet;

		/* Hubs and spokes of other gateways are in those gateways'
		 * A(G): the check of foreign prefixes names them. */
		if (v->role == ROLE_HUB || v->transit_hub != NULL ||
		    !prefix_overlaps(s, &nt.v[i].p))
			continue;
		nprefixes++;
		if (!nt.v[i].peered)
			chosen = false;
		if (nt.v[i].vnet == last)
			continue;
		last = nt.v[i].vnet;
		if (nvnets < 3)
			sb_printf(&names, "%s%s", nvnets ? ", " : "",
			    label_res(an->labels, &last->r));
		nvnets++;
	}
	if (nvnets > 3)
		sb_printf(&names, " and %zu more", nvnets - 3);
	if (nvnets > 0) {
		fd = finding_add(&an->findings, RULE_UNSAFE_SUMMARIES,
		    chosen ? SEV_NOTE : SEV_ERROR, h->r.id, h->r.file,
		    "summary %s of hub %s covers %zu prefix%s of %zu VNet%s "
		    "that do%s not use its gateway (%s)%s: on-premises and the "
		    "other hubs send their traffic for them to %s's gateway, "
		    "and they have no route back through it; narrow the "
		    "summary (meshplan plan proposes summaries that leave "
		    "them out) or give those VNets gateway transit",
		    prefix_format(s, b1), label_res(an->labels, &h->r),
		    nprefixes, nprefixes == 1 ? "" : "es", nvnets,
		    nvnets == 1 ? "" : "s", nvnets == 1 ? "es" : "",
		    sb_str(&names),
		    chosen ? " (allowed by the policy's "
			     "summaries.cover_non_transit)" :
			     "",
		    label_res(an->labels, &h->r));
		finding_prop(fd, "vnets", (double)nvnets);
		finding_prop(fd, "prefixes", (double)nprefixes);
	}
	sb_free(&names);
}

void
summary_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	const struct policy *pol = an->policy;
	size_t i, j, k;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *h = e->vnets.v[i];
		prefix_arr behind = { 0 };
		foreign_arr foreign = { 0 };
		nontransit_arr nt = { 0 };
		char b1[PREFIX_STRLEN], b2[PREFIX_STRLEN];

		if (!h->r.seen || h->role != ROLE_HUB || !h->has_summaries ||
		    h->summaries.n == 0)
			continue;
		nontransit_space(e, h, a, &nt);
		for (j = 0; j < h->prefixes.n; j++)
			ARR_PUSH(a, behind, h->prefixes.v[j]);
		for (j = 0; j < e->vnets.n; j++)
			if (e->vnets.v[j] != h &&
			    uses_gateway_of(e->vnets.v[j], h))
				spoke_advertised_prefixes(h, e->vnets.v[j],
				    &behind, a);
		for (j = 0; j < e->vnets.n; j++) {
			const struct vnet *o = e->vnets.v[j];
			struct advertised adv;

			if (o == h || !o->r.seen || o->role != ROLE_HUB)
				continue;
			advertised_compute(e, o, true, a, &adv);
			for (k = 0; k < adv.v4.n + adv.v6.n; k++) {
				struct foreign f;

				f.p = k < adv.v4.n ? adv.v4.v[k] :
						     adv.v6.v[k - adv.v4.n];
				f.what = arena_printf(a, "hub %s's gateway",
				    label_res(an->labels, &o->r));
				ARR_PUSH(a, foreign, f);
			}
		}
		for (j = 0; j < e->gateways.n; j++)
			collect_onprem(e->gateways.v[j]->learned.v,
			    e->gateways.v[j]->learned.n, &behind, a, &foreign);
		for (j = 0; j < e->circuits.n; j++)
			collect_onprem(e->circuits.v[j]->routes.v,
			    e->circuits.v[j]->routes.n, &behind, a, &foreign);
		for (j = 0; j < pol->onprem.n; j++) {
			struct foreign f = { pol->onprem.v[j],
				"an on-premises prefix (--onprem/policy)" };

			ARR_PUSH(a, foreign, f);
		}
		for (j = 0; j < pol->reserve.n; j++) {
			struct foreign f = { pol->reserve.v[j],
				"a reserved range (policy summaries.reserve)" };

			ARR_PUSH(a, foreign, f);
		}
		for (j = 0; j < h->summaries.n; j++) {
			const struct prefix *s = &h->summaries.v[j];
			bool covers = false;

			for (k = 0; k < foreign.n; k++)
				if (prefix_contains(s, &foreign.v[k].p))
					break;
			if (k < foreign.n)
				finding_add(&an->findings,
				    RULE_UNSAFE_SUMMARIES, SEV_ERROR, h->r.id,
				    h->r.file,
				    "summary %s of hub %s covers %s, "
				    "which is %s and not behind this hub: "
				    "on-premises traffic for it would come to "
				    "%s; narrow or drop the summary",
				    prefix_format(s, b1),
				    label_res(an->labels, &h->r),
				    prefix_format(&foreign.v[k].p, b2),
				    foreign.v[k].what,
				    label_res(an->labels, &h->r));
			for (k = 0; k < behind.n && !covers; k++)
				covers = prefix_overlaps(s, &behind.v[k]);
			if (!covers)
				finding_add(&an->findings,
				    RULE_UNSAFE_SUMMARIES, SEV_ERROR, h->r.id,
				    h->r.file,
				    "summary %s of hub %s covers "
				    "none of the hub's or its transit spokes' "
				    "addresses: remove it",
				    prefix_format(s, b1),
				    label_res(an->labels, &h->r));
			nontransit_findings(an, h, &nt, s);
			for (k = j + 1; k < h->summaries.n; k++)
				if (prefix_overlaps(s, &h->summaries.v[k]))
					finding_add(&an->findings,
					    RULE_UNSAFE_SUMMARIES, SEV_ERROR,
					    h->r.id, h->r.file,
					    "summaries %s "
					    "and %s of hub %s overlap: keep "
					    "the shorter one",
					    prefix_format(s, b1),
					    prefix_format(&h->summaries.v[k],
						b2),
					    label_res(an->labels, &h->r));
		}
		for (j = 0; j < h->prefixes.n; j++) {
			for (k = 0; k < h->summaries.n; k++)
				if (prefix_contains(&h->summaries.v[k],
					&h->prefixes.v[j]))
					break;
			if (k == h->summaries.n)
				finding_add(&an->findings,
				    RULE_UNSAFE_SUMMARIES, SEV_ERROR, h->r.id,
				    h->r.file,
				    "hub %s's own prefix %s is in "
				    "no summary: with "
				    "summarizedGatewayPrefixes "
				    "set the hub's space is no longer "
				    "advertised, "
				    "so on-premises loses the route to it; add "
				    "a "
				    "summary that covers it",
				    label_res(an->labels, &h->r),
				    prefix_format(&h->prefixes.v[j], b1));
		}
	}
}
