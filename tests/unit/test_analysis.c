/*
 * test_analysis.c - counts, hub summaries and the static findings on a
 * hand-built estate: two hubs on one circuit, three spokes (one without
 * transit, one overlapping, one with a disconnected peering), private
 * endpoints, a Basic public IP and unsafe summaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../planner/advertise.h"
#include "../../planner/analysis.h"
#include "../../planner/estate.h"
#include "../../planner/topology.h"

#define SUB "/subscriptions/00000000-0000-0000-0000-000000000001"
#define RG SUB "/resourceGroups/rg-net/providers/Microsoft.Network"
#define VN RG "/virtualNetworks/"

static struct prefix
P(const char *s)
{
	struct prefix p;

	assert_int_equal(prefix_parse(s, 0, &p, NULL), 0);
	return p;
}

static struct vnet *
vnet(struct estate *e, const char *name, const char *pfx)
{
	struct vnet *v = (struct vnet *)estate_get(e, RK_VNET,
	    arena_printf(e->arena, VN "%s", name));

	v->r.seen = true;
	v->r.location = "eastus";
	ARR_PUSH(e->arena, v->prefixes, P(pfx));
	return v;
}

static struct peering *
peer(struct estate *e, struct vnet *from, const char *to_id, enum tri urg,
    enum tri agt, const char *state)
{
	struct peering *p = estate_peering(e, from, arena_printf(e->arena,
	    "%s/virtualNetworkPeerings/to-%s", from->r.id, to_id));

	p->r.seen = true;
	p->remote_id = arena_printf(e->arena, VN "%s", to_id);
	p->use_remote_gateways = urg;
	p->allow_gateway_transit = agt;
	p->state = state;
	return p;
}

static struct gateway *
gateway(struct estate *e, struct vnet *hub, const char *name,
    const char *circuit)
{
	struct subnet *s = estate_subnet(e, hub, arena_printf(e->arena,
	    "%s/subnets/GatewaySubnet", hub->r.id));
	struct gateway *g = (struct gateway *)estate_get(e, RK_GATEWAY,
	    arena_printf(e->arena, RG "/virtualNetworkGateways/%s", name));
	struct connection *c = (struct connection *)estate_get(e,
	    RK_CONNECTION, arena_printf(e->arena, RG "/connections/%s-c",
	    name));

	s->r.seen = true;
	g->r.seen = true;
	g->gw_type = GW_EXPRESSROUTE;
	g->subnet_id = s->r.id;
	c->r.seen = true;
	c->conn_type = CONN_EXPRESSROUTE;
	c->gateway1_id = g->r.id;
	c->circuit_id = circuit;
	return g;
}

static size_t
count_rule(const struct analysis *an, enum rule_id r, enum sev s,
    const char *resource_suffix)
{
	size_t i, n = 0;

	for (i = 0; i < an->findings.v.n; i++) {
		const struct finding *f = &an->findings.v.v[i];

		if (f->rule == rule_get(r) && f->sev == s &&
		    (resource_suffix == NULL || (f->resource != NULL &&
		    strlen(f->resource) >= strlen(resource_suffix) &&
		    strcmp(f->resource + strlen(f->resource) -
		    strlen(resource_suffix), resource_suffix) == 0)))
			n++;
	}
	return n;
}

static struct estate *
build(void)
{
	struct estate *e = estate_new();
	struct vnet *hub1, *hub2, *s1, *s2, *s3;
	struct gateway *g1, *g2;
	struct circuit *ckt;
	struct subnet *pes;
	const char *ckt_id = RG "/expressRouteCircuits/ckt1";
	int i;

	hub1 = vnet(e, "hub1", "10.0.0.0/16");
	hub2 = vnet(e, "hub2", "10.100.0.0/16");
	s1 = vnet(e, "spoke1", "10.1.0.0/16");
	s2 = vnet(e, "spoke2", "10.2.0.0/16");
	s3 = vnet(e, "spoke3", "10.1.128.0/24");
	g1 = gateway(e, hub1, "gw1", ckt_id);
	g1->public_ip_sku = "Basic";
	g2 = gateway(e, hub2, "gw2", ckt_id);
	g2->allow_remote_vnet_traffic = TRI_FALSE;
	ckt = (struct circuit *)estate_get(e, RK_CIRCUIT, ckt_id);
	ckt->r.seen = true;
	ckt->peering_location = "Washington DC";
	peer(e, s1, "hub1", TRI_TRUE, TRI_UNSET, "Connected");
	peer(e, hub1, "spoke1", TRI_UNSET, TRI_TRUE, "Connected");
	peer(e, s2, "hub1", TRI_FALSE, TRI_UNSET, NULL);
	peer(e, s2, "elsewhere", TRI_FALSE, TRI_UNSET, "Connected");
	peer(e, s3, "hub2", TRI_TRUE, TRI_UNSET, "Disconnected");
	pes = estate_subnet(e, s1, arena_printf(e->arena, "%s/subnets/pe",
	    s1->r.id));
	pes->r.seen = true;
	for (i = 0; i < 2; i++) {
		struct pe *pe = (struct pe *)estate_get(e, RK_PE,
		    arena_printf(e->arena, RG "/privateEndpoints/pe%d", i));

		pe->r.seen = true;
		pe->subnet_id = pes->r.id;
	}
	hub1->has_summaries = true;
	ARR_PUSH(e->arena, hub1->summaries, P("10.1.0.0/16"));
	ARR_PUSH(e->arena, hub1->summaries, P("10.1.0.0/17"));
	ARR_PUSH(e->arena, hub1->summaries, P("192.168.0.0/24"));
	ARR_PUSH(e->arena, hub1->summaries, P("10.100.0.0/16"));
	estate_link(e);
	topology_derive(e);
	return e;
}

static void
test_counts_and_hubs(void **state)
{
	struct estate *e = build();
	struct arena *a = arena_new();
	struct policy pol;
	struct analysis an;
	const struct hub_info *h;

	(void)state;
	policy_defaults(&pol);
	pol.limits.gateway_ipv4 = 5;
	analysis_run(&an, e, &pol, a);
	assert_int_equal(an.counts.vnets, 5);
	assert_int_equal(an.counts.hubs, 2);
	assert_int_equal(an.counts.spokes, 2);
	assert_int_equal(an.counts.gateways, 2);
	assert_int_equal(an.counts.circuits, 1);
	assert_int_equal(an.counts.private_endpoints, 2);
	assert_int_equal(an.counts.peerings, 5);
	assert_int_equal(an.hubs.n, 2);
	h = &an.hubs.v[0];
	assert_string_equal(h->vnet->r.name, "hub1");
	assert_int_equal(h->spokes, 2);
	assert_int_equal(h->transit_spokes, 1);
	/* Four summaries; spoke1 is covered by one of them. */
	assert_int_equal(h->adv_v4, 4);
	assert_int_equal(h->adv_v6, 0);
	assert_int_equal(h->level, PRESSURE_WARN);
	assert_int_equal(h->circuits.n, 1);
	assert_int_equal(an.hubs.v[1].adv_v4, 1);
	assert_int_equal(an.hubs.v[1].level, PRESSURE_OK);
	arena_free(a);
	estate_free(e);
}

static void
test_findings(void **state)
{
	struct estate *e = build();
	struct arena *a = arena_new();
	struct policy pol;
	struct analysis an;

	(void)state;
	policy_defaults(&pol);
	pol.limits.gateway_ipv4 = 5;
	analysis_run(&an, e, &pol, a);
	assert_int_equal(count_rule(&an, RULE_ER_BASIC_IP, SEV_ERROR, "/gw1"),
	    1);
	assert_int_equal(count_rule(&an, RULE_ER_BASIC_IP, SEV_ERROR, NULL),
	    1);
	assert_int_equal(count_rule(&an, RULE_PREFIX_PRESSURE, SEV_NOTE,
	    "/gw1"), 1);
	/* overlap 10.1/17, covers nothing 192.168 and 10.100, foreign
	 * 10.100 (hub2), hub's own 10.0/16 left out. */
	assert_int_equal(count_rule(&an, RULE_UNSAFE_SUMMARIES, SEV_ERROR,
	    "/hub1"), 5);
	assert_int_equal(count_rule(&an, RULE_REMOTE_VNET_TRAFFIC,
	    SEV_WARNING, "/gw1"), 1);
	assert_int_equal(count_rule(&an, RULE_REMOTE_VNET_TRAFFIC,
	    SEV_WARNING, NULL), 1);
	assert_int_equal(count_rule(&an, RULE_NO_REDUNDANCY, SEV_WARNING,
	    NULL), 2);
	assert_int_equal(count_rule(&an, RULE_PEERING_NOT_CONNECTED,
	    SEV_WARNING, "spoke3/virtualNetworkPeerings/to-hub2"), 1);
	assert_int_equal(count_rule(&an, RULE_NO_GATEWAY_TRANSIT,
	    SEV_WARNING, "/spoke2"), 1);
	assert_int_equal(count_rule(&an, RULE_NO_GATEWAY_TRANSIT,
	    SEV_WARNING, NULL), 1);
	assert_int_equal(count_rule(&an, RULE_OVERLAP, SEV_WARNING,
	    "/spoke1"), 1);
	assert_int_equal(count_rule(&an, RULE_OVERLAP, SEV_WARNING,
	    "/spoke3"), 1);
	assert_int_equal(count_rule(&an, RULE_OVERLAP, SEV_WARNING, NULL), 2);
	assert_int_equal(count_rule(&an, RULE_HSPE_PREREQ, SEV_NOTE,
	    "/spoke1/subnets/pe"), 1);
	assert_int_equal(count_rule(&an, RULE_UNRESOLVED, SEV_NOTE,
	    "/elsewhere"), 1);
	assert_int_equal(count_rule(&an, RULE_ONPREM_UNKNOWN, SEV_NOTE,
	    NULL), 1);
	assert_int_equal(count_rule(&an, RULE_VNET_PE_LIMIT, SEV_ERROR,
	    NULL), 0);
	/* Errors come first. */
	assert_int_equal(an.findings.v.v[0].sev, SEV_ERROR);
	assert_int_equal(an.findings.v.v[an.findings.v.n - 1].sev, SEV_NOTE);
	arena_free(a);
	estate_free(e);
}

/*
 * A summary over a spoke that does not use the hub's gateway (spoke2,
 * peered to hub1 without useRemoteGateways): MP107 names it, MP103 says
 * that the summary advertises it; the policy's cover_non_transit makes
 * the MP107 a note.
 */
static void
test_summary_over_non_transit(void **state)
{
	struct estate *e = build();
	struct arena *a = arena_new();
	struct policy pol;
	struct analysis an;
	struct vnet *hub1 = (struct vnet *)estate_find(e, VN "hub1");
	nontransit_arr nt = { 0 };
	size_t i, n2 = 0;

	(void)state;
	hub1->summaries.n = 0;
	ARR_PUSH(e->arena, hub1->summaries, P("10.0.0.0/14"));
	/* spoke2's 10.2/16 is not advertised today; spoke3's 10.1.128/24 is
	 * inside spoke1's 10.1/16, which hub1 advertises: not listed. */
	nontransit_space(e, hub1, a, &nt);
	for (i = 0; i < nt.n; i++) {
		assert_false(prefix_contains(&hub1->prefixes.v[0],
		    &nt.v[i].p));
		if (strcmp(nt.v[i].vnet->r.name, "spoke2") == 0) {
			n2++;
			assert_true(nt.v[i].peered);
		}
		assert_string_not_equal(nt.v[i].vnet->r.name, "spoke3");
		assert_string_not_equal(nt.v[i].vnet->r.name, "spoke1");
	}
	assert_int_equal(n2, 1);
	policy_defaults(&pol);
	analysis_run(&an, e, &pol, a);
	assert_int_equal(count_rule(&an, RULE_UNSAFE_SUMMARIES, SEV_ERROR,
	    "/hub1"), 1);
	for (i = 0; i < an.findings.v.n; i++) {
		const struct finding *f = &an.findings.v.v[i];

		if (f->rule == rule_get(RULE_UNSAFE_SUMMARIES))
			assert_non_null(strstr(f->message, "spoke2"));
		if (f->rule == rule_get(RULE_NO_GATEWAY_TRANSIT))
			assert_non_null(strstr(f->message,
			    "summary 10.0.0.0/14 of hub hub1 covers it"));
	}
	assert_int_equal(count_rule(&an, RULE_NO_GATEWAY_TRANSIT,
	    SEV_WARNING, "/spoke2"), 1);
	pol.cover_non_transit = true;
	analysis_run(&an, e, &pol, a);
	assert_int_equal(count_rule(&an, RULE_UNSAFE_SUMMARIES, SEV_ERROR,
	    "/hub1"), 0);
	assert_int_equal(count_rule(&an, RULE_UNSAFE_SUMMARIES, SEV_NOTE,
	    "/hub1"), 1);
	arena_free(a);
	estate_free(e);
}

/* Circuit ckt1 with n4 IPv4 and n6 IPv6 on-premises routes in its route
 * table export, plus hub2's own prefix (advertised: not counted). */
static struct circuit *
circuit_routes(struct estate *e, size_t n4, size_t n6)
{
	struct circuit *c = (struct circuit *)estate_find(e,
	    RG "/expressRouteCircuits/ckt1");
	struct learned_route lr;
	size_t i;

	memset(&lr, 0, sizeof(lr));
	c->routes.n = 0;
	for (i = 0; i < n4; i++) {
		char b[32];

		snprintf(b, sizeof(b), "172.%zu.%zu.0/24", 16 + i / 256,
		    i % 256);
		lr.p = P(b);
		ARR_PUSH(e->arena, c->routes, lr);
		ARR_PUSH(e->arena, c->routes, lr);	/* duplicates once */
	}
	for (i = 0; i < n6; i++) {
		char b[48];

		snprintf(b, sizeof(b), "fd00:%zx::/32", i + 1);
		lr.p = P(b);
		ARR_PUSH(e->arena, c->routes, lr);
	}
	lr.p = P("10.100.0.0/16");
	ARR_PUSH(e->arena, c->routes, lr);
	return c;
}

static double
prop(const struct finding *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->nprops; i++)
		if (strcmp(f->props[i].key, key) == 0)
			return f->props[i].value;
	fail_msg("no property %s", key);
	return -1;
}

static const struct finding *
find_rule(const struct analysis *an, enum rule_id r)
{
	size_t i;

	for (i = 0; i < an->findings.v.n; i++)
		if (an->findings.v.v[i].rule == rule_get(r))
			return &an->findings.v.v[i];
	return NULL;
}

/* MP206: on-premises prefixes per circuit against its SKU's limit
 * (4,000 IPv4 Standard, 10,000 Premium, 100 IPv6), pressure bands. */
static void
test_onprem_pressure(void **state)
{
	struct estate *e = build();
	struct arena *a = arena_new();
	struct policy pol;
	struct analysis an;
	struct circuit *c;
	const struct finding *f;

	(void)state;
	policy_defaults(&pol);
	c = circuit_routes(e, 2799, 0);		/* 69.975%: ok */
	c->tier = "Standard";
	analysis_run(&an, e, &pol, a);
	assert_null(find_rule(&an, RULE_ONPREM_PRESSURE));
	circuit_routes(e, 2800, 0);		/* 70%: warn, a note */
	analysis_run(&an, e, &pol, a);
	f = find_rule(&an, RULE_ONPREM_PRESSURE);
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_NOTE);
	assert_int_equal((size_t)prop(f, "ipv4"), 2800);
	assert_int_equal((size_t)prop(f, "limit_ipv4"), 4000);
	assert_non_null(strstr(f->message, "ckt1"));
	circuit_routes(e, 3600, 0);		/* 90%: critical */
	analysis_run(&an, e, &pol, a);
	assert_int_equal(find_rule(&an, RULE_ONPREM_PRESSURE)->sev,
	    SEV_WARNING);
	circuit_routes(e, 4000, 0);		/* 100%: over */
	analysis_run(&an, e, &pol, a);
	assert_int_equal(find_rule(&an, RULE_ONPREM_PRESSURE)->sev,
	    SEV_ERROR);
	c->tier = "Premium";			/* 4,000 of 10,000 */
	analysis_run(&an, e, &pol, a);
	assert_null(find_rule(&an, RULE_ONPREM_PRESSURE));
	circuit_routes(e, 10, 95);		/* IPv6 95 of 100 */
	analysis_run(&an, e, &pol, a);
	f = find_rule(&an, RULE_ONPREM_PRESSURE);
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_WARNING);
	assert_int_equal((size_t)prop(f, "ipv6"), 95);
	assert_int_equal((size_t)prop(f, "limit_ipv6"), 100);
	assert_int_equal((size_t)prop(f, "ipv4"), 10);
	assert_int_equal((size_t)prop(f, "limit_ipv4"), 10000);
	pol.limits.er_onprem_ipv6 = 200;	/* the policy's limit */
	analysis_run(&an, e, &pol, a);
	assert_null(find_rule(&an, RULE_ONPREM_PRESSURE));
	arena_free(a);
	estate_free(e);
}

/* MP206 from a gateway's learned routes: EBgp only, the policy's onprem
 * list not counted; a gateway on two circuits gives an upper bound. */
static void
test_onprem_pressure_learned(void **state)
{
	struct estate *e = build();
	struct arena *a = arena_new();
	struct policy pol;
	struct analysis an;
	struct gateway *g1 = (struct gateway *)estate_find(e,
	    RG "/virtualNetworkGateways/gw1");
	struct circuit *c2;
	struct connection *cn;
	struct learned_route lr;
	const struct finding *f;
	size_t i;

	(void)state;
	policy_defaults(&pol);
	pol.limits.er_onprem_standard = 10;
	ARR_PUSH(a, pol.onprem, P("192.168.0.0/16"));
	memset(&lr, 0, sizeof(lr));
	for (i = 0; i < 12; i++) {
		char b[32];

		snprintf(b, sizeof(b), "172.16.%zu.0/24", i);
		lr.p = P(b);
		/* Eight from on-premises, four of the gateway's own. */
		lr.origin = i < 8 ? "EBgp" : "Network";
		ARR_PUSH(e->arena, g1->learned, lr);
	}
	analysis_run(&an, e, &pol, a);
	f = find_rule(&an, RULE_ONPREM_PRESSURE);
	assert_non_null(f);
	assert_int_equal((size_t)prop(f, "ipv4"), 8);	/* 80%: warn */
	assert_int_equal(f->sev, SEV_NOTE);
	assert_null(strstr(f->message, "up to"));
	/* gw1 on a second circuit: its learned routes mix both. */
	c2 = (struct circuit *)estate_get(e, RK_CIRCUIT,
	    RG "/expressRouteCircuits/ckt2");
	c2->r.seen = true;
	cn = (struct connection *)estate_get(e, RK_CONNECTION,
	    RG "/connections/gw1-c2");
	cn->r.seen = true;
	cn->conn_type = CONN_EXPRESSROUTE;
	cn->gateway1 = g1;
	cn->circuit_id = c2->r.id;
	cn->circuit = c2;
	ARR_PUSH(e->arena, g1->connections, cn);
	ARR_PUSH(e->arena, c2->connections, cn);
	analysis_run(&an, e, &pol, a);
	f = find_rule(&an, RULE_ONPREM_PRESSURE);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "up to 8"));
	assert_non_null(strstr(f->message, "export this circuit's route "
	    "table"));
	arena_free(a);
	estate_free(e);
}

/* MP111: appliesToGroups[].isGlobal with groupConnectivity None. */
static void
test_group_global(void **state)
{
	struct estate *e = build();
	struct arena *a = arena_new();
	struct policy pol;
	struct analysis an;
	struct connectivity_config *c = (struct connectivity_config *)
	    estate_get(e, RK_CONNECTIVITY_CONFIG, RG "/networkManagers/nm/"
	    "connectivityConfigurations/cc");
	const struct finding *f;

	(void)state;
	policy_defaults(&pol);
	c->r.seen = true;
	c->topology = "Mesh";
	ARR_PUSH(e->arena, c->group_ids, RG "/networkManagers/nm/"
	    "networkGroups/ng");
	ARR_PUSH(e->arena, c->group_direct, false);
	ARR_PUSH(e->arena, c->group_global, TRI_TRUE);
	/* Regional mesh: the group flag does not make it global. */
	analysis_run(&an, e, &pol, a);
	f = find_rule(&an, RULE_GROUP_GLOBAL);
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_WARNING);
	assert_non_null(strstr(f->message, "regional"));
	c->is_global = TRI_TRUE;
	analysis_run(&an, e, &pol, a);
	assert_int_equal(find_rule(&an, RULE_GROUP_GLOBAL)->sev, SEV_NOTE);
	/* As documented: global on a DirectlyConnected group. */
	c->topology = "HubAndSpoke";
	c->group_direct.v[0] = true;
	analysis_run(&an, e, &pol, a);
	assert_null(find_rule(&an, RULE_GROUP_GLOBAL));
	c->group_direct.v[0] = false;
	c->group_global.v[0] = TRI_FALSE;
	analysis_run(&an, e, &pol, a);
	assert_null(find_rule(&an, RULE_GROUP_GLOBAL));
	arena_free(a);
	estate_free(e);
}

static struct route_table *
rtable(struct estate *e, const char *name, const char *pfx,
    enum next_hop nh)
{
	struct route_table *t = (struct route_table *)estate_get(e,
	    RK_ROUTE_TABLE, arena_printf(e->arena, RG "/routeTables/%s",
	    name));
	struct route r;

	memset(&r, 0, sizeof(r));
	t->r.seen = true;
	r.name = "to-fw";
	r.prefix_raw = pfx;
	r.is_prefix = true;
	r.p = P(pfx);
	r.nh = nh;
	r.nh_raw = next_hop_name(nh);
	r.nh_ip = nh == NH_APPLIANCE ? "10.0.1.4" : NULL;
	ARR_PUSH(e->arena, t->routes, r);
	return t;
}

static struct subnet *
subnet(struct estate *e, struct vnet *v, const char *name, const char *pfx,
    struct route_table *t)
{
	struct subnet *s = estate_subnet(e, v, arena_printf(e->arena,
	    "%s/subnets/%s", v->r.id, name));

	s->r.seen = true;
	s->prefixes.n = 0;
	ARR_PUSH(e->arena, s->prefixes, P(pfx));
	s->route_table = t;
	return s;
}

/* MP112: a user route at least as long as the VNet's space, over the PE
 * subnet, once route-table policy applies to the endpoints. */
static void
test_pe_routes_overridden(void **state)
{
	struct estate *e = build();
	struct arena *a = arena_new();
	struct policy pol;
	struct analysis an;
	struct vnet *s1 = (struct vnet *)estate_find(e, VN "spoke1");
	struct vnet *hub1 = (struct vnet *)estate_find(e, VN "hub1");
	struct subnet *pes = (struct subnet *)estate_find(e, VN
	    "spoke1/subnets/pe");
	struct subnet *app;
	const struct finding *f;

	(void)state;
	policy_defaults(&pol);
	ARR_PUSH(e->arena, pes->prefixes, P("10.1.1.0/24"));
	/* A default route and a route wider than the VNet do not override
	 * the /32 routes (Microsoft's network-policy page). */
	app = subnet(e, s1, "app", "10.1.2.0/24", rtable(e, "rt-default",
	    "0.0.0.0/0", NH_APPLIANCE));
	analysis_run(&an, e, &pol, a);
	assert_null(find_rule(&an, RULE_PE_ROUTES_OVERRIDDEN));
	app->route_table = rtable(e, "rt-wide", "10.0.0.0/8", NH_APPLIANCE);
	analysis_run(&an, e, &pol, a);
	assert_null(find_rule(&an, RULE_PE_ROUTES_OVERRIDDEN));
	/* The VNet's own /16 to a firewall: policy absent, so the HSPE
	 * prerequisite would turn it on (planned). */
	app->route_table = rtable(e, "rt-vnet", "10.1.0.0/16", NH_APPLIANCE);
	analysis_run(&an, e, &pol, a);
	f = find_rule(&an, RULE_PE_ROUTES_OVERRIDDEN);
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_NOTE);
	assert_non_null(strstr(f->message, "sets RouteTableEnabled"));
	assert_non_null(strstr(f->resource, "spoke1/subnets/pe"));
	assert_int_equal((size_t)prop(f, "route_tables"), 1);
	/* Enabled today: what is in force. */
	pes->pe_policies = "RouteTableEnabled";
	analysis_run(&an, e, &pol, a);
	f = find_rule(&an, RULE_PE_ROUTES_OVERRIDDEN);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "has privateEndpointNetwork"
	    "Policies RouteTableEnabled"));
	/* A route in a peered VNet (hub1 peers spoke1) counts too; a
	 * VnetLocal route does not. */
	subnet(e, hub1, "shared", "10.0.2.0/24", rtable(e, "rt-hub",
	    "10.1.1.0/24", NH_APPLIANCE));
	subnet(e, hub1, "other", "10.0.3.0/24", rtable(e, "rt-local",
	    "10.1.1.0/24", NH_VNET_LOCAL));
	analysis_run(&an, e, &pol, a);
	f = find_rule(&an, RULE_PE_ROUTES_OVERRIDDEN);
	assert_int_equal((size_t)prop(f, "route_tables"), 2);
	assert_int_equal((size_t)prop(f, "subnets"), 2);
	/* A route beside the PE subnet does not reach the endpoints. */
	pes->prefixes.v[0] = P("10.1.9.0/24");
	((struct route_table *)estate_find(e, RG "/routeTables/rt-vnet"))->
	    routes.v[0].p = P("10.1.2.0/24");
	((struct route_table *)estate_find(e, RG "/routeTables/rt-hub"))->
	    routes.v[0].p = P("10.1.2.0/24");
	analysis_run(&an, e, &pol, a);
	assert_null(find_rule(&an, RULE_PE_ROUTES_OVERRIDDEN));
	arena_free(a);
	estate_free(e);
}

static void
test_limits_from_policy(void **state)
{
	struct estate *e = build();
	struct arena *a = arena_new();
	struct policy pol;
	struct analysis an;
	struct prefix op = P("10.0.0.0/8");

	(void)state;
	policy_defaults(&pol);
	pol.limits.gateway_ipv4 = 4;	/* 4 of 4: over */
	pol.limits.vnet_pes = 1;	/* spoke1 holds 2 */
	ARR_PUSH(a, pol.onprem, op);
	analysis_run(&an, e, &pol, a);
	assert_int_equal(an.hubs.v[0].level, PRESSURE_OVER);
	assert_int_equal(count_rule(&an, RULE_PREFIX_PRESSURE, SEV_ERROR,
	    "/gw1"), 1);
	assert_int_equal(count_rule(&an, RULE_VNET_PE_LIMIT, SEV_ERROR,
	    "/spoke1"), 1);
	/* The estate now needs HSPE: the prerequisite becomes a warning. */
	assert_true(an.needs_hspe);
	assert_int_equal(count_rule(&an, RULE_HSPE_PREREQ, SEV_WARNING,
	    NULL), 1);
	assert_int_equal(count_rule(&an, RULE_ONPREM_UNKNOWN, SEV_NOTE,
	    NULL), 0);
	arena_free(a);
	estate_free(e);
}

static void
test_input_coverage(void **state)
{
	struct estate *e = estate_new();
	struct arena *a = arena_new();
	struct route_server *rs;
	struct vwan_hub *vh;
	struct policy pol;
	struct analysis an;

	(void)state;
	rs = (struct route_server *)estate_get(e, RK_ROUTE_SERVER,
	    RG "/virtualHubs/rs1");
	rs->r.seen = true;
	rs->npeers = 8;			/* 8 of 8: over */
	rs->max_routes_per_peer = 950;	/* 95%: critical */
	vh = (struct vwan_hub *)estate_get(e, RK_VWAN_HUB,
	    RG "/virtualHubs/vwan-hub");
	vh->r.seen = true;
	estate_count_unknown(e, "Microsoft.Compute/virtualMachines");
	estate_count_unknown(e, "Microsoft.Compute/virtualMachines");
	estate_count_unknown(e, "Microsoft.Storage/storageAccounts");
	e->resources_read = 5;
	e->resources_without_properties = 5;
	estate_link(e);
	topology_derive(e);
	policy_defaults(&pol);
	analysis_run(&an, e, &pol, a);
	assert_int_equal(count_rule(&an, RULE_ROUTE_SERVER_LIMITS, SEV_ERROR,
	    "/rs1"), 1);
	assert_int_equal(count_rule(&an, RULE_ROUTE_SERVER_LIMITS,
	    SEV_WARNING, "/rs1"), 1);
	assert_int_equal(count_rule(&an, RULE_UNSUPPORTED, SEV_WARNING,
	    "/vwan-hub"), 1);
	assert_int_equal(count_rule(&an, RULE_UNSUPPORTED, SEV_NOTE, NULL), 1);
	assert_int_equal(count_rule(&an, RULE_NO_TOPOLOGY, SEV_WARNING,
	    NULL), 1);
	/* No ExpressRoute gateway: on-premises routes do not matter. */
	assert_int_equal(count_rule(&an, RULE_ONPREM_UNKNOWN, SEV_NOTE,
	    NULL), 0);
	assert_int_equal(an.counts.vnets, 0);
	assert_int_equal(an.hubs.n, 0);
	arena_free(a);
	estate_free(e);
}

static void
test_pressure(void **state)
{
	(void)state;
	assert_int_equal(pressure_level(pressure_ratio(699, 1000)),
	    PRESSURE_OK);
	assert_int_equal(pressure_level(pressure_ratio(700, 1000)),
	    PRESSURE_WARN);
	assert_int_equal(pressure_level(pressure_ratio(899, 1000)),
	    PRESSURE_WARN);
	assert_int_equal(pressure_level(pressure_ratio(900, 1000)),
	    PRESSURE_CRITICAL);
	assert_int_equal(pressure_level(pressure_ratio(999, 1000)),
	    PRESSURE_CRITICAL);
	assert_int_equal(pressure_level(pressure_ratio(1000, 1000)),
	    PRESSURE_OVER);
	assert_int_equal(pressure_level(pressure_ratio(5, 0)), PRESSURE_OK);
	assert_string_equal(pressure_name(PRESSURE_CRITICAL), "critical");
}

static void
test_short_name(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(res_short_name(a, VN "spoke1/subnets/pe"),
	    "spoke1/pe");
	assert_string_equal(res_short_name(a, VN "hub1"), "hub1");
	assert_string_equal(res_short_name(a, "no-provider"), "no-provider");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_hubs),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_summary_over_non_transit),
		cmocka_unit_test(test_onprem_pressure),
		cmocka_unit_test(test_onprem_pressure_learned),
		cmocka_unit_test(test_group_global),
		cmocka_unit_test(test_pe_routes_overridden),
		cmocka_unit_test(test_limits_from_policy),
		cmocka_unit_test(test_input_coverage),
		cmocka_unit_test(test_pressure),
		cmocka_unit_test(test_short_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
