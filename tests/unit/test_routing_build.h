/*
 * test_routing_build.h - build small estates in C for the routing tests
 * (static helpers, included by test_routing*.c only). Every resource is
 * marked seen, as a loader would.
 */
#ifndef TEST_ROUTING_BUILD_H
#define TEST_ROUTING_BUILD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/arena.h"
#include "../../lib/util.h"
#include "../../planner/estate.h"
#include "../../planner/topology.h"

/* Helpers a program does not use are fine. */
#define TB_FN static __attribute__((unused))

#define TB_RG "/subscriptions/00000000-0000-0000-0000-000000000001" \
	"/resourceGroups/rg/providers/Microsoft.Network"

TB_FN struct prefix
tb_pfx(const char *s)
{
	struct prefix p;

	if (prefix_parse(s, PFX_ALLOW_ADDR, &p, NULL) != 0) {
		fprintf(stderr, "bad prefix %s\n", s);
		abort();
	}
	return p;
}

/* prefixes: space-separated */
TB_FN void
tb_prefixes(struct estate *e, prefix_arr *out, const char *prefixes)
{
	char buf[256], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", prefixes);
	for (tok = strtok_r(buf, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save))
		ARR_PUSH(e->arena, *out, tb_pfx(tok));
}

TB_FN struct vnet *
tb_vnet(struct estate *e, const char *name, const char *prefixes)
{
	struct vnet *v = (struct vnet *)estate_get(e, RK_VNET,
	    arena_printf(e->arena, TB_RG "/virtualNetworks/%s", name));

	v->r.seen = true;
	tb_prefixes(e, &v->prefixes, prefixes);
	return v;
}

TB_FN struct subnet *
tb_subnet(struct estate *e, struct vnet *v, const char *name,
    const char *prefix, const struct route_table *rt)
{
	struct subnet *s = estate_subnet(e, v, arena_printf(e->arena,
	    "%s/subnets/%s", v->r.id, name));

	s->r.seen = true;
	if (prefix != NULL)
		tb_prefixes(e, &s->prefixes, prefix);
	if (rt != NULL)
		s->route_table_id = rt->r.id;
	return s;
}

TB_FN struct peering *
tb_peering1(struct estate *e, struct vnet *from, struct vnet *to)
{
	struct peering *p = estate_peering(e, from, arena_printf(e->arena,
	    "%s/virtualNetworkPeerings/to-%s", from->r.id, to->r.name));

	p->r.seen = true;
	p->remote_id = to->r.id;
	return p;
}

/* A spoke-hub peering pair; the spoke uses the hub's gateway when
 * use_gw, and the hub allows it when transit. */
TB_FN void
tb_peer(struct estate *e, struct vnet *spoke, struct vnet *hub, bool use_gw,
    bool transit)
{
	struct peering *p = tb_peering1(e, spoke, hub);
	struct peering *b = tb_peering1(e, hub, spoke);

	p->use_remote_gateways = use_gw ? TRI_TRUE : TRI_FALSE;
	b->allow_gateway_transit = transit ? TRI_TRUE : TRI_FALSE;
}

TB_FN struct gateway *
tb_gateway(struct estate *e, struct vnet *hub, const char *name,
    enum gw_type t, const char *gwsubnet)
{
	struct gateway *g = (struct gateway *)estate_get(e, RK_GATEWAY,
	    arena_printf(e->arena, TB_RG "/virtualNetworkGateways/%s",
	    name));
	struct subnet *s = estate_subnet(e, hub, arena_printf(e->arena,
	    "%s/subnets/GatewaySubnet", hub->r.id));

	s->r.seen = true;
	if (s->prefixes.n == 0 && gwsubnet != NULL)
		tb_prefixes(e, &s->prefixes, gwsubnet);
	g->r.seen = true;
	g->gw_type = t;
	g->subnet_id = s->r.id;
	return g;
}

TB_FN struct circuit *
tb_circuit(struct estate *e, const char *name)
{
	struct circuit *c = (struct circuit *)estate_get(e, RK_CIRCUIT,
	    arena_printf(e->arena, TB_RG "/expressRouteCircuits/%s", name));

	c->r.seen = true;
	return c;
}

TB_FN struct connection *
tb_conn(struct estate *e, struct gateway *g, struct circuit *c, int weight)
{
	struct connection *cn = (struct connection *)estate_get(e,
	    RK_CONNECTION, arena_printf(e->arena, TB_RG "/connections/%s-%s",
	    g->r.name, c->r.name));

	cn->r.seen = true;
	cn->conn_type = CONN_EXPRESSROUTE;
	cn->gateway1_id = g->r.id;
	cn->circuit_id = c->r.id;
	cn->weight = weight;
	return cn;
}

TB_FN struct connection *
tb_ipsec(struct estate *e, struct gateway *g, const char *lngname,
    const char *prefixes)
{
	struct lng *l = (struct lng *)estate_get(e, RK_LNG, arena_printf(
	    e->arena, TB_RG "/localNetworkGateways/%s", lngname));
	struct connection *cn = (struct connection *)estate_get(e,
	    RK_CONNECTION, arena_printf(e->arena, TB_RG "/connections/%s-%s",
	    g->r.name, lngname));

	l->r.seen = true;
	tb_prefixes(e, &l->prefixes, prefixes);
	cn->r.seen = true;
	cn->conn_type = CONN_IPSEC;
	cn->gateway1_id = g->r.id;
	cn->lng_id = l->r.id;
	return cn;
}

TB_FN struct route_table *
tb_rt(struct estate *e, const char *name, bool disable_bgp)
{
	struct route_table *rt = (struct route_table *)estate_get(e,
	    RK_ROUTE_TABLE, arena_printf(e->arena, TB_RG "/routeTables/%s",
	    name));

	rt->r.seen = true;
	rt->disable_bgp = disable_bgp ? TRI_TRUE : TRI_FALSE;
	return rt;
}

TB_FN void
tb_route(struct estate *e, struct route_table *rt, const char *name,
    const char *prefix, const char *nh, const char *ip)
{
	struct route r;

	memset(&r, 0, sizeof(r));
	r.name = arena_strdup(e->arena, name);
	r.prefix_raw = arena_strdup(e->arena, prefix);
	r.is_prefix = prefix_parse(prefix, 0, &r.p, NULL) == 0;
	r.nh_raw = arena_strdup(e->arena, nh);
	r.nh = next_hop_parse(nh);
	r.nh_ip = ip != NULL ? arena_strdup(e->arena, ip) : NULL;
	ARR_PUSH(e->arena, rt->routes, r);
}

TB_FN void
tb_learn(struct estate *e, struct gateway *g, const char *prefix,
    const char *origin)
{
	struct learned_route lr;

	memset(&lr, 0, sizeof(lr));
	lr.p = tb_pfx(prefix);
	lr.origin = origin;
	g->has_learned = true;
	ARR_PUSH(e->arena, g->learned, lr);
	e->has_onprem_routes = true;
}

TB_FN void
tb_link(struct estate *e)
{
	estate_link(e);
	topology_derive(e);
}

#endif
