/* test_routing.c - route selection and path edge cases (R1, R3-R8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../planner/advertise.h"
#include "../../planner/routing.h"
#include "test_routing_build.h"

/* A classic estate: hub 10.0.0.0/16 with an ExpressRoute gateway on
 * circuit c1, spokes a 10.1.0.0/16 and b 10.2.0.0/16 using it. */
struct classic {
	struct estate *e;
	struct vnet *hub, *a, *b;
	struct gateway *g;
	struct circuit *c;
	struct subnet *sa;
};

static void
classic(struct classic *k, const struct route_table *rta)
{
	k->e = estate_new();
	k->hub = tb_vnet(k->e, "hub", "10.0.0.0/16");
	k->a = tb_vnet(k->e, "a", "10.1.0.0/16");
	k->b = tb_vnet(k->e, "b", "10.2.0.0/16");
	k->g = tb_gateway(k->e, k->hub, "ergw", GW_EXPRESSROUTE,
	    "10.0.255.0/27");
	k->c = tb_circuit(k->e, "c1");
	tb_conn(k->e, k->g, k->c, 0);
	tb_peer(k->e, k->a, k->hub, true, true);
	tb_peer(k->e, k->b, k->hub, true, true);
	k->sa = tb_subnet(k->e, k->a, "app", "10.1.0.0/24", rta);
	tb_subnet(k->e, k->b, "app", "10.2.0.0/24", NULL);
}

static struct routing *
mkr(struct estate *e, const char *onprem)
{
	struct routing_opts o;
	struct prefix p;

	memset(&o, 0, sizeof(o));
	if (onprem != NULL) {
		p = tb_pfx(onprem);
		o.onprem = &p;
		o.nonprem = 1;
	}
	return routing_new(e, &o, NULL, 0);
}

static const struct eroute *
lookup(struct routing *r, const struct vnet *x, const struct subnet *s,
    const char *addr)
{
	struct prefix a = tb_pfx(addr);

	return routing_lookup(r, x, s, &a);
}

static struct path
path_to(struct routing *r, const struct vnet *x, const struct subnet *s,
    const struct vnet *dst, const char *addr)
{
	struct prefix a = tb_pfx(addr);
	struct path p;

	routing_path(r, x, s, dst, &a, &p);
	return p;
}

/* Is prefix p listed with this next hop and state? */
static bool
listed(struct routing *r, const struct vnet *x, const struct subnet *s,
    const char *prefix, enum next_hop nh, bool active)
{
	struct arena *a = arena_new();
	eroute_arr rs = { 0 };
	struct prefix p = tb_pfx(prefix);
	bool found = false;
	size_t i;

	routing_effective(r, x, s, a, &rs);
	for (i = 0; i < rs.n; i++)
		if (prefix_eq(&rs.v[i].p, &p) && rs.v[i].nh == nh &&
		    rs.v[i].active == active)
			found = true;
	arena_free(a);
	return found;
}

static bool
listed_any(struct routing *r, const struct vnet *x, const struct subnet *s,
    const char *prefix)
{
	struct arena *a = arena_new();
	eroute_arr rs = { 0 };
	struct prefix p = tb_pfx(prefix);
	bool found = false;
	size_t i;

	routing_effective(r, x, s, a, &rs);
	for (i = 0; i < rs.n; i++)
		if (prefix_eq(&rs.v[i].p, &p))
			found = true;
	arena_free(a);
	return found;
}

static void
test_peering_beats_longer_bgp(void **state)
{
	struct route_table *rt;
	struct classic k;
	struct routing *r;
	const struct eroute *e;

	(void)state;
	rt = NULL;
	classic(&k, NULL);
	/* On-premises announces a /24 inside the hub's space. */
	tb_learn(k.e, k.g, "10.0.5.0/24", "EBgp");
	tb_link(k.e);
	r = mkr(k.e, NULL);
	e = lookup(r, k.a, k.sa, "10.0.5.4");
	assert_non_null(e);
	assert_int_equal(e->nh, NH_VNET_PEERING);
	/* The BGP route is listed and active: it just does not win. */
	assert_true(listed(r, k.a, k.sa, "10.0.5.0/24", NH_GATEWAY, true));
	routing_free(r);
	estate_free(k.e);

	/* A user route of the same length as the peering beats it; a
	 * shorter one does not. */
	k.e = NULL;
	{
		struct estate *e2;

		classic(&k, NULL);
		e2 = k.e;
		rt = tb_rt(e2, "rt-a", false);
		tb_route(e2, rt, "to-fw", "10.0.0.0/16", "VirtualAppliance",
		    "10.0.1.4");
		tb_route(e2, rt, "short", "10.0.0.0/8", "None", NULL);
		k.sa->route_table_id = rt->r.id;
		tb_link(e2);
		r = mkr(e2, NULL);
		e = lookup(r, k.a, k.sa, "10.0.7.7");
		assert_int_equal(e->source, RSRC_USER);
		assert_int_equal(e->nh, NH_APPLIANCE);
		assert_true(listed(r, k.a, k.sa, "10.0.0.0/16",
		    NH_VNET_PEERING, false));
		/* The 10.0.0.0/8 user route is shorter than the spoke's own
		 * VnetLocal 10.1.0.0/16: VnetLocal wins. */
		e = lookup(r, k.a, k.sa, "10.1.9.9");
		assert_int_equal(e->nh, NH_VNET_LOCAL);
		routing_free(r);
		estate_free(e2);
	}
}

static void
test_hairpin_same_hub_and_aggregation(void **state)
{
	struct classic k;
	struct routing *r;
	struct hairpins h;
	struct path p;
	struct arena *a = arena_new();

	(void)state;
	classic(&k, NULL);
	tb_link(k.e);
	/* Without on-premises routes: 10/8 None drops spoke-to-spoke. */
	r = mkr(k.e, NULL);
	p = path_to(r, k.a, k.sa, k.b, "10.2.0.0");
	assert_int_equal(p.kind, PATH_DROPPED);
	assert_int_equal(p.route->nh, NH_NONE);
	routing_free(r);
	/* With 10.0.0.0/8 on-premises: the spoke goes to the gateway and
	 * the circuit sends it back to the same gateway. */
	r = mkr(k.e, "10.0.0.0/8");
	p = path_to(r, k.a, k.sa, k.b, "10.2.0.0");
	assert_int_equal(p.kind, PATH_HAIRPIN);
	assert_int_equal(p.scope, SCOPE_SAME_HUB);
	assert_ptr_equal(p.gw, k.g);
	assert_ptr_equal(p.gw2, k.g);
	assert_ptr_equal(p.circuit, k.c);
	assert_string_equal(p.route->text,
	    "VirtualNetworkGateway 10.0.0.0/8 VirtualNetworkGateway");
	/* An on-premises address goes on-premises. */
	p = path_to(r, k.a, k.sa, k.b, "10.200.0.1");
	assert_int_equal(p.kind, PATH_ONPREM);
	routing_hairpins(r, a, &h);
	assert_int_equal(h.pairs, 2);
	assert_int_equal(h.same_hub, 2);
	assert_int_equal(h.cross_hub, 0);
	assert_int_equal(h.groups.n, 1);
	assert_int_equal(h.groups.v[0].pairs, 2);
	assert_ptr_equal(h.groups.v[0].src_hub, k.hub);
	assert_int_equal(h.spoke_counts.n, 2);
	assert_int_equal(h.spoke_counts.v[0].out_same_hub, 1);
	assert_int_equal(h.spoke_counts.v[0].in_same_hub, 1);
	routing_free(r);
	arena_free(a);
	estate_free(k.e);
}

static void
test_disable_bgp_propagation(void **state)
{
	struct classic k;
	struct route_table *rt;
	struct routing *r;
	struct path p;

	(void)state;
	classic(&k, NULL);
	rt = tb_rt(k.e, "rt-nobgp", true);
	k.sa->route_table_id = rt->r.id;
	tb_link(k.e);
	r = mkr(k.e, "10.0.0.0/8");
	assert_false(listed_any(r, k.a, k.sa, "10.0.0.0/8") &&
	    listed(r, k.a, k.sa, "10.0.0.0/8", NH_GATEWAY, true));
	assert_true(listed(r, k.a, k.sa, "10.0.0.0/8", NH_NONE, true));
	p = path_to(r, k.a, k.sa, k.b, "10.2.0.0");
	assert_int_equal(p.kind, PATH_DROPPED);
	/* b (no route table) still hairpins to a. */
	p = path_to(r, k.b, k.b->subnets.v[0], k.a, "10.1.0.0");
	assert_int_equal(p.kind, PATH_HAIRPIN);
	routing_free(r);
	estate_free(k.e);
}

static void
test_use_remote_gateways_without_transit(void **state)
{
	struct estate *e = estate_new();
	struct vnet *hub, *a, *b;
	struct gateway *g;
	struct routing *r;
	struct path p;

	(void)state;
	hub = tb_vnet(e, "hub", "10.0.0.0/16");
	a = tb_vnet(e, "a", "10.1.0.0/16");
	b = tb_vnet(e, "b", "10.2.0.0/16");
	g = tb_gateway(e, hub, "ergw", GW_EXPRESSROUTE, NULL);
	tb_conn(e, g, tb_circuit(e, "c1"), 0);
	tb_peer(e, a, hub, true, false);	/* hub refuses transit */
	tb_peer(e, b, hub, true, true);
	tb_link(e);
	r = mkr(e, "10.0.0.0/8");
	/* a: no gateway routes, a VNet without subnets is one subnet. */
	assert_false(listed(r, a, NULL, "10.0.0.0/8", NH_GATEWAY, true));
	p = path_to(r, a, NULL, b, "10.2.0.0");
	assert_int_equal(p.kind, PATH_DROPPED);
	/* b -> a: b reaches the gateway but a is not advertised (it does
	 * not use the gateway): the circuit sends it on-premises. */
	p = path_to(r, b, NULL, a, "10.1.0.0");
	assert_int_equal(p.kind, PATH_ONPREM);
	routing_free(r);
	estate_free(e);
}

static void
test_udr_default_to_nva_with_bgp(void **state)
{
	struct classic k;
	struct route_table *rt;
	struct routing *r;
	struct path p;

	(void)state;
	classic(&k, NULL);
	tb_subnet(k.e, k.hub, "nva", "10.0.1.0/24", NULL);
	rt = tb_rt(k.e, "rt-fw", false);
	tb_route(k.e, rt, "default", "0.0.0.0/0", "VirtualAppliance",
	    "10.0.1.4");
	k.sa->route_table_id = rt->r.id;
	tb_link(k.e);
	r = mkr(k.e, "10.0.0.0/8");
	/* The longer BGP 10.0.0.0/8 still wins over the user 0/0. */
	p = path_to(r, k.a, k.sa, k.b, "10.2.0.0");
	assert_int_equal(p.kind, PATH_HAIRPIN);
	assert_false(p.inspected);
	/* The user 0/0 takes the reserved None routes away. */
	assert_false(listed_any(r, k.a, k.sa, "192.168.0.0/16"));
	assert_true(listed(r, k.a, k.sa, "0.0.0.0/0", NH_INTERNET, false));
	/* Internet-bound traffic goes through the appliance (which then
	 * uses the hub's own routes: Internet). */
	p = path_to(r, k.a, k.sa, k.b, "8.8.8.8");
	assert_int_equal(p.kind, PATH_INTERNET);
	assert_true(p.inspected);
	routing_free(r);
	/* Without on-premises routes, spoke-to-spoke goes to the appliance,
	 * and from the hub over the peering: direct, inspected. */
	r = mkr(k.e, NULL);
	p = path_to(r, k.a, k.sa, k.b, "10.2.0.0");
	assert_int_equal(p.kind, PATH_DIRECT);
	assert_true(p.inspected);
	assert_int_equal(p.appliances, 1);
	routing_free(r);
	estate_free(k.e);
}

static void
test_reserved_ranges(void **state)
{
	struct classic k;
	struct routing *r;
	struct routing_opts o;
	struct path p;

	(void)state;
	classic(&k, NULL);
	tb_link(k.e);
	r = mkr(k.e, NULL);
	assert_true(listed(r, k.a, k.sa, "10.0.0.0/8", NH_NONE, true));
	assert_true(listed(r, k.a, k.sa, "100.64.0.0/10", NH_NONE, true));
	assert_true(listed(r, k.a, k.sa, "192.168.0.0/16", NH_NONE, true));
	assert_false(listed_any(r, k.a, k.sa, "172.16.0.0/12"));
	assert_false(listed_any(r, k.a, k.sa, "::/0"));
	routing_free(r);
	memset(&o, 0, sizeof(o));
	o.reserved_172 = true;
	r = routing_new(k.e, &o, NULL, 0);
	assert_true(listed(r, k.a, k.sa, "172.16.0.0/12", NH_NONE, true));
	routing_free(r);
	/* Only a default route from on-premises: the None routes go, and
	 * spoke-to-spoke traffic follows 0/0 to the gateway: hairpin. */
	r = mkr(k.e, "0.0.0.0/0");
	assert_false(listed_any(r, k.a, k.sa, "10.0.0.0/8"));
	assert_true(listed(r, k.a, k.sa, "0.0.0.0/0", NH_INTERNET, false));
	assert_true(listed(r, k.a, k.sa, "0.0.0.0/0", NH_GATEWAY, true));
	p = path_to(r, k.a, k.sa, k.b, "10.2.0.0");
	assert_int_equal(p.kind, PATH_HAIRPIN);
	assert_int_equal(p.route->p.len, 0);
	routing_free(r);
	estate_free(k.e);

	/* A reserved range inside the VNet's space gives way to VnetLocal. */
	{
		struct estate *e = estate_new();
		struct vnet *v = tb_vnet(e, "big", "10.0.0.0/8 192.168.5.0/24");

		tb_link(e);
		r = mkr(e, NULL);
		assert_false(listed(r, v, NULL, "10.0.0.0/8", NH_NONE, true));
		assert_true(listed(r, v, NULL, "10.0.0.0/8", NH_VNET_LOCAL,
		    true));
		assert_true(listed(r, v, NULL, "192.168.0.0/16", NH_NONE,
		    true));
		routing_free(r);
		estate_free(e);
	}
}

/* Two hubs on two circuits (bowtie), one spoke each. */
struct bowtie {
	struct estate *e;
	struct vnet *h1, *h2, *a, *b;
	struct gateway *g1, *g2;
	struct circuit *c1, *c2;
};

static void
bowtie(struct bowtie *k, int w11, int w12, enum tri remote1)
{
	k->e = estate_new();
	k->h1 = tb_vnet(k->e, "hub1", "10.0.0.0/16");
	k->h2 = tb_vnet(k->e, "hub2", "10.100.0.0/16");
	k->a = tb_vnet(k->e, "a", "10.1.0.0/16");
	k->b = tb_vnet(k->e, "b", "10.101.0.0/16");
	k->g1 = tb_gateway(k->e, k->h1, "gw1", GW_EXPRESSROUTE, NULL);
	k->g2 = tb_gateway(k->e, k->h2, "gw2", GW_EXPRESSROUTE, NULL);
	k->g1->allow_remote_vnet_traffic = remote1;
	k->c1 = tb_circuit(k->e, "c1");
	k->c2 = tb_circuit(k->e, "c2");
	tb_conn(k->e, k->g1, k->c1, w11);
	tb_conn(k->e, k->g1, k->c2, w12);
	tb_conn(k->e, k->g2, k->c1, 0);
	tb_conn(k->e, k->g2, k->c2, 0);
	tb_peer(k->e, k->a, k->h1, true, true);
	tb_peer(k->e, k->b, k->h2, true, true);
	tb_link(k->e);
}

static void
test_bowtie_weights(void **state)
{
	struct bowtie k;
	struct routing *r;
	struct path p;

	(void)state;
	bowtie(&k, 0, 100, TRI_UNSET);
	r = mkr(k.e, NULL);
	p = path_to(r, k.a, NULL, k.b, "10.101.0.0");
	assert_int_equal(p.kind, PATH_HAIRPIN);
	assert_int_equal(p.scope, SCOPE_CROSS_HUB);
	assert_ptr_equal(p.circuit, k.c2);
	assert_ptr_equal(p.gw2, k.g2);
	routing_free(r);
	estate_free(k.e);
	/* Equal weights: the smallest circuit id. */
	bowtie(&k, 5, 5, TRI_UNSET);
	r = mkr(k.e, NULL);
	p = path_to(r, k.a, NULL, k.b, "10.101.0.0");
	assert_ptr_equal(p.circuit, k.c1);
	routing_free(r);
	estate_free(k.e);
}

static void
test_allow_remote_vnet_traffic(void **state)
{
	static const enum tri cases[] = { TRI_UNSET, TRI_TRUE, TRI_FALSE };
	struct bowtie k;
	struct routing *r;
	struct path p;
	size_t i;

	(void)state;
	for (i = 0; i < MP_NELEM(cases); i++) {
		bowtie(&k, 0, 0, cases[i]);
		r = mkr(k.e, NULL);
		p = path_to(r, k.a, NULL, k.b, "10.101.0.0");
		if (cases[i] == TRI_FALSE) {
			/* gw1 learns nothing of hub2: 10/8 None drops. */
			assert_int_equal(p.kind, PATH_DROPPED);
			assert_int_equal(routing_learned(r, k.g1)->n, 0);
		} else {
			assert_int_equal(p.kind, PATH_HAIRPIN);
			assert_int_equal(p.scope, SCOPE_CROSS_HUB);
		}
		/* The other direction is unaffected. */
		p = path_to(r, k.b, NULL, k.a, "10.1.0.0");
		assert_int_equal(p.kind, PATH_HAIRPIN);
		routing_free(r);
		estate_free(k.e);
	}
}

static void
test_summaries_r1(void **state)
{
	struct bowtie k;
	struct routing *r;
	const struct advertised *ad;
	struct vnet *c;
	char buf[PREFIX_STRLEN];
	struct path p;

	(void)state;
	bowtie(&k, 0, 0, TRI_UNSET);
	/* hub2 summarizes 10.96.0.0/11 (covers hub2 and b); spoke c of
	 * hub2 lies outside and is advertised on its own. */
	c = tb_vnet(k.e, "c", "172.20.0.0/16");
	tb_peer(k.e, c, k.h2, true, true);
	k.h2->has_summaries = true;
	tb_prefixes(k.e, &k.h2->summaries, "10.96.0.0/11");
	tb_link(k.e);
	r = mkr(k.e, NULL);
	ad = routing_advertised(r, k.h2);
	assert_int_equal(ad->v4.n, 2);
	assert_string_equal(prefix_format(&ad->v4.v[0], buf),
	    "10.96.0.0/11");
	assert_string_equal(prefix_format(&ad->v4.v[1], buf),
	    "172.20.0.0/16");
	assert_int_equal(ad->suppressed, 1);
	/* gw1 learns the summary; a -> b hairpins through it. */
	p = path_to(r, k.a, NULL, k.b, "10.101.0.0");
	assert_int_equal(p.kind, PATH_HAIRPIN);
	assert_string_equal(p.route->text,
	    "VirtualNetworkGateway 10.96.0.0/11 VirtualNetworkGateway");
	/* Learned routes from on-premises that equal an advertised prefix
	 * are not on-premises routes (R3). */
	tb_learn(k.e, k.g1, "10.96.0.0/11", "EBgp");
	tb_learn(k.e, k.g1, "192.0.2.0/24", "EBgp");
	tb_learn(k.e, k.g1, "198.51.100.0/24", "IBgp");
	routing_free(r);
	r = mkr(k.e, NULL);
	assert_int_equal(routing_onprem(r, k.c1)->n, 1);
	assert_string_equal(prefix_format(&routing_onprem(r, k.c1)->v[0],
	    buf), "192.0.2.0/24");
	routing_free(r);
	estate_free(k.e);
}

static void
test_ipv6(void **state)
{
	struct bowtie k;
	struct routing *r;
	struct path p;

	(void)state;
	bowtie(&k, 0, 0, TRI_UNSET);
	tb_prefixes(k.e, &k.a->prefixes, "fd00:1::/48");
	tb_prefixes(k.e, &k.b->prefixes, "fd00:101::/48");
	tb_link(k.e);
	r = mkr(k.e, NULL);
	assert_true(listed(r, k.a, NULL, "::/0", NH_INTERNET, true));
	assert_true(listed(r, k.a, NULL, "fd00:101::/48", NH_GATEWAY, true));
	p = path_to(r, k.a, NULL, k.b, "fd00:101::");
	assert_int_equal(p.kind, PATH_HAIRPIN);
	assert_int_equal(p.scope, SCOPE_CROSS_HUB);
	/* hub1 has no IPv6 space: no ::/0 there, and nothing routes
	 * fd00:1:: from hub1's gateway subnet: dropped. */
	p = path_to(r, k.h1, NULL, k.a, "fd00:dead::1");
	assert_int_equal(p.kind, PATH_DROPPED);
	assert_null(p.route);
	routing_free(r);
	estate_free(k.e);
}

static void
test_overlapping_spokes(void **state)
{
	struct estate *e = estate_new();
	struct vnet *hub, *a, *b, *c;
	struct gateway *g;
	struct routing *r;
	struct arena *ar = arena_new();
	struct hairpins h;
	struct path p;

	(void)state;
	hub = tb_vnet(e, "hub", "10.0.0.0/16");
	a = tb_vnet(e, "a", "10.1.0.0/16");
	b = tb_vnet(e, "b", "10.1.0.0/16");	/* same as a */
	c = tb_vnet(e, "c", "10.3.0.0/16");
	g = tb_gateway(e, hub, "ergw", GW_EXPRESSROUTE, NULL);
	tb_conn(e, g, tb_circuit(e, "c1"), 0);
	tb_peer(e, a, hub, true, true);
	tb_peer(e, b, hub, true, true);
	tb_peer(e, c, hub, true, true);
	tb_link(e);
	r = mkr(e, "10.0.0.0/8");
	p = path_to(r, a, NULL, b, "10.1.0.0");
	assert_int_equal(p.kind, PATH_OVERLAP);
	assert_int_equal(p.route->nh, NH_VNET_LOCAL);
	/* c reaches 10.1/16 through the circuit: it hairpins (the circuit
	 * cannot tell a from b). */
	p = path_to(r, c, NULL, a, "10.1.0.0");
	assert_int_equal(p.kind, PATH_HAIRPIN);
	routing_hairpins(r, ar, &h);
	/* a<->b overlap (2), the other 4 pairs hairpin. */
	assert_int_equal(h.pairs_considered, 6);
	assert_int_equal(h.kinds[PATH_OVERLAP], 2);
	assert_int_equal(h.pairs, 4);
	assert_int_equal(h.exceptions, 2);
	routing_free(r);
	arena_free(ar);
	estate_free(e);
}

static void
test_appliance_loop(void **state)
{
	struct classic k;
	struct route_table *rta, *r1, *r2;
	struct routing *r;
	struct path p;

	(void)state;
	classic(&k, NULL);
	r1 = tb_rt(k.e, "rt-nva1", false);
	r2 = tb_rt(k.e, "rt-nva2", false);
	rta = tb_rt(k.e, "rt-a", false);
	tb_route(k.e, rta, "default", "0.0.0.0/0", "VirtualAppliance",
	    "10.0.1.4");
	tb_route(k.e, r1, "to-b", "10.2.0.0/16", "VirtualAppliance",
	    "10.0.2.4");
	tb_route(k.e, r2, "to-b", "10.2.0.0/16", "VirtualAppliance",
	    "10.0.1.4");
	tb_subnet(k.e, k.hub, "nva1", "10.0.1.0/24", r1);
	tb_subnet(k.e, k.hub, "nva2", "10.0.2.0/24", r2);
	k.sa->route_table_id = rta->r.id;
	tb_link(k.e);
	r = mkr(k.e, NULL);
	p = path_to(r, k.a, k.sa, k.b, "10.2.0.0");
	assert_int_equal(p.kind, PATH_LOOP);
	assert_int_equal(p.appliances, 4);
	assert_true(p.inspected);
	routing_free(r);
	estate_free(k.e);
}

static void
test_vpn_and_mesh_effect(void **state)
{
	struct classic k;
	struct gateway *vpn;
	struct routing *r, *after;
	struct mesh m;
	struct vnet *mem[2];
	struct mesh_effect ef;
	struct routing_opts o;
	struct prefix op;
	struct arena *a = arena_new();
	struct path p;
	const struct eroute *e;

	(void)state;
	classic(&k, NULL);
	vpn = tb_gateway(k.e, k.hub, "vpngw", GW_VPN, NULL);
	tb_ipsec(k.e, vpn, "branch", "10.0.0.0/8 192.168.10.0/24");
	tb_link(k.e);
	r = mkr(k.e, "10.0.0.0/8");
	/* 10.0.0.0/8 from both: the ExpressRoute one wins, VPN's invalid. */
	e = lookup(r, k.a, k.sa, "10.2.0.1");
	assert_ptr_equal(e->gw, k.g);
	assert_true(listed(r, k.a, k.sa, "10.0.0.0/8", NH_GATEWAY, false));
	p = path_to(r, k.a, k.sa, k.b, "192.168.10.1");
	assert_int_equal(p.kind, PATH_VPN);
	/* R8: a and b in one mesh: both hairpins disappear. */
	mem[0] = k.a;
	mem[1] = k.b;
	m.name = "mesh-test";
	m.members = mem;
	m.n = 2;
	op = tb_pfx("10.0.0.0/8");
	memset(&o, 0, sizeof(o));
	o.onprem = &op;
	o.nonprem = 1;
	after = routing_new(k.e, &o, &m, 1);
	assert_true(listed(after, k.a, k.sa, "10.2.0.0/16",
	    NH_CONNECTED_GROUP, true));
	routing_mesh_effect(r, after, a, &ef, NULL, NULL);
	assert_int_equal(ef.hairpins_before, 2);
	assert_int_equal(ef.hairpins_after, 0);
	assert_int_equal(ef.removed, 2);
	assert_int_equal(ef.became[PATH_DIRECT], 2);
	assert_int_equal(ef.direct_after_new, 2);
	routing_free(after);
	routing_free(r);
	arena_free(a);
	estate_free(k.e);
}

/* Two hubs on one circuit with 10.0.0.0/8 from on-premises: every
 * spoke pair hairpins, same-hub inside each hub (both hubs: R3/R4 must
 * not depend on which hub is looked at first). */
static void
test_two_hubs_symmetry(void **state)
{
	struct estate *e = estate_new();
	struct circuit *c = tb_circuit(e, "c1");
	struct routing *r;
	struct hairpins h;
	struct arena *a = arena_new();
	unsigned i, j, idx = 0;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct vnet *hub = tb_vnet(e, arena_printf(e->arena, "hub%u",
		    i), arena_printf(e->arena, "10.%u.0.0/16", 250 - i));
		struct gateway *g = tb_gateway(e, hub, arena_printf(e->arena,
		    "gw%u", i), GW_EXPRESSROUTE, NULL);

		tb_conn(e, g, c, 0);
		for (j = 0; j < 3; j++, idx++)
			tb_peer(e, tb_vnet(e, arena_printf(e->arena, "s%u",
			    idx), arena_printf(e->arena, "10.0.%u.0/24", idx)),
			    hub, true, true);
	}
	tb_link(e);
	r = mkr(e, "10.0.0.0/8");
	routing_hairpins(r, a, &h);
	assert_int_equal(h.pairs, 30);
	assert_int_equal(h.same_hub, 12);
	assert_int_equal(h.cross_hub, 18);
	for (i = 0; i < h.spoke_counts.n; i++) {
		assert_int_equal(h.spoke_counts.v[i].out_same_hub, 2);
		assert_int_equal(h.spoke_counts.v[i].out_cross_hub, 3);
		assert_int_equal(h.spoke_counts.v[i].in_cross_hub, 3);
	}
	routing_free(r);
	arena_free(a);
	estate_free(e);
}

/*
 * Existing AVNM configurations: a Mesh connects its members within one
 * region unless isGlobal is True; a HubAndSpoke configuration connects
 * the members of each DirectlyConnected group among themselves (across
 * regions when the group's isGlobal is True), not across groups.
 */
static void
test_existing_connected_groups(void **state)
{
	struct classic k;
	struct vnet *d;
	struct network_group *g1, *g2;
	struct connectivity_config *c;
	struct routing *r;
	const char *nm = TB_RG "/networkManagers/nm";

	(void)state;
	classic(&k, NULL);
	d = tb_vnet(k.e, "d", "10.3.0.0/16");
	tb_peer(k.e, d, k.hub, true, true);
	tb_subnet(k.e, d, "app", "10.3.0.0/24", NULL);
	k.a->r.location = "eastus";
	k.b->r.location = "East US";
	d->r.location = "westeurope";
	g1 = (struct network_group *)estate_get(k.e, RK_NETWORK_GROUP,
	    arena_printf(k.e->arena, "%s/networkGroups/ng1", nm));
	g1->r.seen = true;
	ARR_PUSH(k.e->arena, g1->member_ids, k.a->r.id);
	ARR_PUSH(k.e->arena, g1->member_ids, k.b->r.id);
	ARR_PUSH(k.e->arena, g1->member_ids, d->r.id);
	c = (struct connectivity_config *)estate_get(k.e,
	    RK_CONNECTIVITY_CONFIG, arena_printf(k.e->arena,
	    "%s/connectivityConfigurations/cc", nm));
	c->r.seen = true;
	c->topology = "Mesh";
	ARR_PUSH(k.e->arena, c->group_ids, g1->r.id);
	ARR_PUSH(k.e->arena, c->group_direct, false);
	ARR_PUSH(k.e->arena, c->group_global, TRI_UNSET);
	tb_link(k.e);
	/* Regional (isGlobal absent): a and b ("eastus", "East US") only. */
	r = mkr(k.e, "10.0.0.0/8");
	assert_true(listed(r, k.a, k.sa, "10.2.0.0/16", NH_CONNECTED_GROUP,
	    true));
	assert_false(listed_any(r, k.a, k.sa, "10.3.0.0/16"));
	assert_int_equal(path_to(r, k.a, k.sa, d, "10.3.0.0").kind,
	    PATH_HAIRPIN);
	routing_free(r);
	/* Global: every member. */
	c->is_global = TRI_TRUE;
	r = mkr(k.e, "10.0.0.0/8");
	assert_true(listed(r, k.a, k.sa, "10.3.0.0/16", NH_CONNECTED_GROUP,
	    true));
	assert_int_equal(path_to(r, k.a, k.sa, d, "10.3.0.0").kind,
	    PATH_DIRECT);
	routing_free(r);
	/* HubAndSpoke, two DirectlyConnected groups {a, b} and {b, d}, the
	 * second global: a-b and b-d, not a-d. */
	g1->member_ids.n = 2;
	g2 = (struct network_group *)estate_get(k.e, RK_NETWORK_GROUP,
	    arena_printf(k.e->arena, "%s/networkGroups/ng2", nm));
	g2->r.seen = true;
	ARR_PUSH(k.e->arena, g2->member_ids, k.b->r.id);
	ARR_PUSH(k.e->arena, g2->member_ids, d->r.id);
	c->topology = "HubAndSpoke";
	c->is_global = TRI_UNSET;
	c->group_direct.v[0] = true;
	ARR_PUSH(k.e->arena, c->group_ids, g2->r.id);
	ARR_PUSH(k.e->arena, c->group_direct, true);
	ARR_PUSH(k.e->arena, c->group_global, TRI_TRUE);
	topology_derive(k.e);
	r = mkr(k.e, "10.0.0.0/8");
	assert_true(listed(r, k.a, k.sa, "10.2.0.0/16", NH_CONNECTED_GROUP,
	    true));
	assert_false(listed_any(r, k.a, k.sa, "10.3.0.0/16"));
	assert_int_equal(path_to(r, k.b, k.b->subnets.v[0], d,
	    "10.3.0.0").kind, PATH_DIRECT);
	routing_free(r);
	estate_free(k.e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_peering_beats_longer_bgp),
		cmocka_unit_test(test_hairpin_same_hub_and_aggregation),
		cmocka_unit_test(test_disable_bgp_propagation),
		cmocka_unit_test(test_use_remote_gateways_without_transit),
		cmocka_unit_test(test_udr_default_to_nva_with_bgp),
		cmocka_unit_test(test_reserved_ranges),
		cmocka_unit_test(test_bowtie_weights),
		cmocka_unit_test(test_allow_remote_vnet_traffic),
		cmocka_unit_test(test_summaries_r1),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_overlapping_spokes),
		cmocka_unit_test(test_appliance_loop),
		cmocka_unit_test(test_vpn_and_mesh_effect),
		cmocka_unit_test(test_two_hubs_symmetry),
		cmocka_unit_test(test_existing_connected_groups),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
