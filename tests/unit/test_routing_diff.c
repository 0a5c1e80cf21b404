/*
 * test_routing_diff.c - differential test of the routing engine: the
 * class-based hairpin aggregation and pair stream against a plain per-pair
 * implementation written here (every source subnet, every destination
 * prefix, a linear scan of the subnet's listed effective routes, linear
 * scans for appliances and circuits), on generated estates with fixed
 * seeds (printed on failure). Also checks R8 against the per-pair view,
 * the pair table (routing_pair_table) against the pair stream, and the
 * planner's figures per wave (hairpins and their inspected share,
 * inspection lost, the listed pairs and the routes that inspected them)
 * against the naive pairs of the estate with that wave's members meshed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../planner/advertise.h"
#include "../../planner/mesh.h"
#include "../../planner/routing_oracle.h"
#include "../../planner/plan.h"
#include "../../planner/policy.h"
#include "../../planner/routing.h"
#include "test_routing_build.h"

static unsigned long long rng;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

/* ---- generator ------------------------------------------------------- */

struct gen {
	struct estate *e;
	ARR(struct vnet *) hubs;
	ARR(struct vnet *) spokes;
	ARR(struct gateway *) gws;
	struct vnet *mesh[64];
	size_t nmesh;
	struct prefix onprem[3];
	size_t nonprem;
};

static const char *
spoke_prefix(struct estate *e, unsigned i)
{
	/* A small pool so that some spokes overlap. */
	switch (rnd(10)) {
	case 0:
		return arena_printf(e->arena, "10.%u.0.0/16", 1 + rnd(3));
	case 1:
		return arena_printf(e->arena, "10.%u.0.0/15", 2 * (1 + rnd(2)));
	case 2:
		return arena_printf(e->arena, "192.168.%u.0/24", rnd(4));
	default:
		return arena_printf(e->arena, "10.%u.%u.0/24", 10 + i / 200,
		    i % 200);
	}
}

static void
generate(struct gen *g, unsigned seed)
{
	struct estate *e = estate_new();
	struct circuit *circ[3];
	struct route_table *rts[4];
	unsigned nh = 1 + rnd(3), nc = 1 + rnd(3), ns = 4 + rnd(14), i, j;

	(void)seed;
	memset(g, 0, sizeof(*g));
	g->e = e;
	for (i = 0; i < nc; i++)
		circ[i] = tb_circuit(e, arena_printf(e->arena, "c%u", i));
	for (i = 0; i < nh; i++) {
		struct vnet *h = tb_vnet(e, arena_printf(e->arena, "hub%u", i),
		    arena_printf(e->arena, "10.%u.0.0/16", 200 + i));
		struct gateway *gw = tb_gateway(e, h, arena_printf(e->arena,
		    "ergw%u", i), GW_EXPRESSROUTE, arena_printf(e->arena,
		    "10.%u.255.0/27", 200 + i));
		struct route_table *nrt = tb_rt(e, arena_printf(e->arena,
		    "rt-nva%u", i), false);

		ARR_PUSH(e->arena, g->hubs, h);
		ARR_PUSH(e->arena, g->gws, gw);
		gw->allow_remote_vnet_traffic = (enum tri)rnd(3);
		for (j = 0; j < nc; j++)
			if (j == i % nc || rnd(2))
				tb_conn(e, gw, circ[j], (int)rnd(3));
		/* An appliance subnet; sometimes with routes of its own. */
		tb_subnet(e, h, "nva", arena_printf(e->arena,
		    "10.%u.1.0/24", 200 + i), rnd(3) == 0 ? nrt : NULL);
		/* Sometimes back to its own appliance: a flow to a spoke
		 * of another hub then loops. */
		if (rnd(2))
			tb_route(e, nrt, "to-10", "10.0.0.0/8",
			    "VirtualAppliance", arena_printf(e->arena,
			    "10.%u.1.4", 200 + (rnd(2) ? i : rnd(nh))));
		if (rnd(4) == 0)
			tb_route(e, nrt, "to-onprem", "10.0.0.0/8",
			    "VirtualNetworkGateway", NULL);
		if (rnd(3) == 0) {
			struct gateway *vpn = tb_gateway(e, h,
			    arena_printf(e->arena, "vpngw%u", i), GW_VPN,
			    NULL);

			tb_ipsec(e, vpn, arena_printf(e->arena, "lng%u", i),
			    rnd(2) ? "10.0.0.0/8" : "172.16.0.0/12");
		}
		if (rnd(3) == 0)
			tb_learn(e, gw, rnd(2) ? "10.0.0.0/8" : "0.0.0.0/0",
			    "EBgp");
		if (rnd(4) == 0) {
			h->has_summaries = true;
			tb_prefixes(e, &h->summaries, rnd(2) ? "10.0.0.0/12" :
			    arena_printf(e->arena, "10.%u.0.0/16", 200 + i));
		}
	}
	for (i = 0; i < 4; i++)
		rts[i] = tb_rt(e, arena_printf(e->arena, "rt%u", i), i == 3);
	tb_route(e, rts[0], "default", "0.0.0.0/0", "VirtualAppliance",
	    "10.200.1.4");
	tb_route(e, rts[1], "to-10", "10.0.0.0/8", "VirtualAppliance",
	    arena_printf(e->arena, "10.%u.1.4", 200 + rnd(nh)));
	tb_route(e, rts[1], "drop", "10.2.0.0/16", "None", NULL);
	tb_route(e, rts[2], "to-gw", "10.0.0.0/8", "VirtualNetworkGateway",
	    NULL);
	tb_route(e, rts[3], "default", "0.0.0.0/0", "Internet", NULL);
	for (i = 0; i < ns; i++) {
		struct vnet *s = tb_vnet(e, arena_printf(e->arena, "s%02u", i),
		    spoke_prefix(e, i));
		struct vnet *h = g->hubs.v[rnd(nh)];
		unsigned nsub = rnd(3);

		if (rnd(5) == 0)
			tb_prefixes(e, &s->prefixes, arena_printf(e->arena,
			    "fd00:%x::/48", i));
		ARR_PUSH(e->arena, g->spokes, s);
		tb_peer(e, s, h, rnd(6) != 0, rnd(8) != 0);
		if (rnd(6) == 0)
			tb_peer(e, s, g->hubs.v[rnd(nh)], false, false);
		for (j = 0; j < nsub; j++)
			tb_subnet(e, s, arena_printf(e->arena, "sn%u", j),
			    NULL, rnd(2) ? rts[rnd(4)] : NULL);
		if (rnd(5) == 0)
			tb_subnet(e, s, "AzureFirewallSubnet", NULL, NULL);
		if (rnd(4) == 0 && g->nmesh < MP_NELEM(g->mesh))
			g->mesh[g->nmesh++] = s;
		/* Now and then a meshed spoke overlaps the first hub's
		 * appliance subnet, more narrowly: which subnet holds the
		 * appliance's IP then depends on the source's meshes. */
		if (rnd(6) == 0 && g->nmesh < MP_NELEM(g->mesh)) {
			tb_prefixes(e, &s->prefixes, "10.200.1.0/25");
			tb_subnet(e, s, "nva-like", "10.200.1.0/25", NULL);
			g->mesh[g->nmesh++] = s;
		}
	}
	/* Spoke-to-spoke peerings now and then. */
	for (i = 0; i + 1 < ns; i++)
		if (rnd(10) == 0)
			tb_peering1(e, g->spokes.v[i], g->spokes.v[i + 1]);
	if (rnd(2))
		g->onprem[g->nonprem++] = tb_pfx(rnd(2) ? "10.0.0.0/8" :
		    "0.0.0.0/0");
	if (rnd(2))
		g->onprem[g->nonprem++] = tb_pfx("192.168.0.0/16");
	tb_link(e);
}

/* ---- the naive implementation ------------------------------------------ */

static bool
vnetish(const struct eroute *e)
{
	return e->source == RSRC_DEFAULT && (e->nh == NH_VNET_LOCAL ||
	    e->nh == NH_VNET_PEERING || e->nh == NH_CONNECTED_GROUP);
}

static int
rank(const struct eroute *e)
{
	return e->source == RSRC_USER ? 3 : e->source == RSRC_GATEWAY ? 2 : 1;
}

/* Select from every listed route (Active or not), as section 3 says. */
static const struct eroute *
naive_select(const eroute_arr *rs, const struct prefix *d, bool *ambiguous)
{
	const struct eroute *s = NULL, *u = NULL, *best = NULL;
	size_t i;

	*ambiguous = false;
	for (i = 0; i < rs->n; i++) {
		const struct eroute *e = &rs->v[i];

		if (!prefix_contains(&e->p, d))
			continue;
		if (vnetish(e)) {
			/* same length: VnetLocal, then peering, then
			 * ConnectedGroup, then the first listed */
			if (s == NULL || e->p.len > s->p.len ||
			    (e->p.len == s->p.len && e->nh < s->nh))
				s = e;
		}
		if (e->source == RSRC_USER && (u == NULL ||
		    e->p.len > u->p.len))
			u = e;
		if (!vnetish(e) && (best == NULL || e->p.len > best->p.len ||
		    (e->p.len == best->p.len && rank(e) > rank(best))))
			best = e;
	}
	if (s != NULL) {
		if (u != NULL && u->p.len >= s->p.len)
			return u;
		/* Another VNet holding the same prefix makes it ambiguous. */
		for (i = 0; i < rs->n; i++)
			if (vnetish(&rs->v[i]) && rs->v[i].nh != NH_VNET_LOCAL &&
			    prefix_eq(&rs->v[i].p, &s->p) &&
			    rs->v[i].remote != s->remote)
				*ambiguous = true;
		return s;
	}
	return best;
}

static const struct subnet *
naive_subnet_holding(const struct estate *e, const struct vnet *x,
    const prefix_arr *peers, const struct prefix *ip)
{
	const struct subnet *best = NULL;
	int bt = 0;
	unsigned bl = 0;
	size_t i, j, k;

	for (i = 0; i < e->subnets.n; i++) {
		const struct subnet *s = e->subnets.v[i];

		if (!s->r.seen || s->vnet == NULL)
			continue;
		for (j = 0; j < s->prefixes.n; j++) {
			int t = 1;

			if (!prefix_contains(&s->prefixes.v[j], ip))
				continue;
			if (s->vnet == x)
				t = 3;
			for (k = 0; k < peers->n && t == 1; k++)
				if (peers->v[k].hi == (uint64_t)(uintptr_t)
				    s->vnet)
					t = 2;
			if (best == NULL || t > bt || (t == bt &&
			    s->prefixes.v[j].len > bl) || (t == bt &&
			    s->prefixes.v[j].len == bl &&
			    strcmp(s->r.key, best->r.key) < 0)) {
				best = s;
				bt = t;
				bl = s->prefixes.v[j].len;
			}
		}
	}
	return best;
}

static void
naive_path(struct routing *r, const struct estate *e, const struct vnet *x,
    const struct subnet *s, const struct vnet *dst, const struct prefix *d,
    struct path *out, const char **text)
{
	struct arena *a = arena_new();
	size_t i, j, k;

	memset(out, 0, sizeof(*out));
	for (;;) {
		eroute_arr rs = { 0 };
		prefix_arr peers = { 0 };
		const struct eroute *rt;
		bool amb;

		routing_effective(r, x, s, a, &rs);
		rt = naive_select(&rs, d, &amb);
		out->route = rt;
		if (rt == NULL) {
			out->kind = PATH_DROPPED;
			break;
		}
		if (rt->nh == NH_VNET_LOCAL) {
			out->kind = PATH_OVERLAP;
		} else if (rt->nh == NH_VNET_PEERING ||
		    rt->nh == NH_CONNECTED_GROUP) {
			out->kind = rt->remote == dst && !amb ? PATH_DIRECT :
			    PATH_OVERLAP;
		} else if (rt->nh == NH_APPLIANCE) {
			struct prefix ip;
			const struct subnet *ns;

			if (out->appliances == 4) {
				out->kind = PATH_LOOP;
				break;
			}
			out->appliances++;
			out->inspected = true;
			/* VNets x peers or meshes with, smuggled as
			 * pointers in a prefix array. */
			for (i = 0; i < rs.n; i++)
				if (rs.v[i].nh == NH_VNET_PEERING ||
				    rs.v[i].nh == NH_CONNECTED_GROUP) {
					struct prefix q = { 0 };

					q.hi = (uint64_t)(uintptr_t)
					    rs.v[i].remote;
					ARR_PUSH(a, peers, q);
				}
			if (rt->nh_ip == NULL || prefix_parse(rt->nh_ip,
			    PFX_ALLOW_ADDR, &ip, NULL) != 0 ||
			    (ns = naive_subnet_holding(e, x, &peers, &ip)) ==
			    NULL) {
				out->kind = PATH_DROPPED;
				break;
			}
			x = ns->vnet;
			s = ns;
			continue;
		} else if (rt->nh == NH_GATEWAY) {
			const struct gateway *g = rt->gw, *g2 = NULL;
			const struct circuit *c = NULL;
			int w = -1;
			unsigned best = 0;
			bool found = false, onprem = false;

			if (g == NULL) {
				/* user route: the VPN gateway of the hub,
				 * else the first gateway */
				const struct vnet *h = x->role == ROLE_HUB ?
				    x : x->transit_hub;

				for (i = 0; h != NULL && i < h->gateways.n;
				    i++)
					if (h->gateways.v[i]->gw_type ==
					    GW_VPN && g == NULL)
						g = h->gateways.v[i];
				if (g == NULL && h != NULL &&
				    h->gateways.n > 0)
					g = h->gateways.v[0];
			}
			out->gw = g;
			if (g == NULL) {
				out->kind = PATH_DROPPED;
				break;
			}
			if (g->gw_type == GW_VPN) {
				out->kind = PATH_VPN;
				break;
			}
			for (i = 0; i < g->connections.n; i++) {
				const struct connection *cn =
				    g->connections.v[i];

				if (cn->conn_type != CONN_EXPRESSROUTE ||
				    cn->circuit == NULL || cn->gateway1 != g)
					continue;
				if (cn->weight > w || (cn->weight == w &&
				    strcmp(cn->circuit->r.key, c->r.key) < 0)) {
					w = cn->weight;
					c = cn->circuit;
				}
			}
			out->circuit = c;
			if (c == NULL) {
				out->kind = PATH_DROPPED;
				break;
			}
			for (i = 0; i < c->connections.n; i++) {
				const struct gateway *gx =
				    c->connections.v[i]->gateway1;
				const struct advertised *ad;

				if (c->connections.v[i]->conn_type !=
				    CONN_EXPRESSROUTE || gx == NULL ||
				    !gx->r.seen || gx->hub == NULL ||
				    gx->hub->role != ROLE_HUB)
					continue;
				ad = routing_advertised(r, gx->hub);
				for (k = 0; k < 2; k++) {
					const prefix_arr *pa = k ? &ad->v6 :
					    &ad->v4;

					for (j = 0; j < pa->n; j++) {
						const struct prefix *p =
						    &pa->v[j];

						if (!prefix_contains(p, d))
							continue;
						if (!found || p->len > best ||
						    (p->len == best &&
						    (onprem || strcmp(
						    gx->r.key, g2->r.key) <
						    0))) {
							found = true;
							best = p->len;
							g2 = gx;
							onprem = false;
						}
					}
				}
			}
			{
				const prefix_arr *op = routing_onprem(r, c);

				for (j = 0; j < op->n; j++)
					if (prefix_contains(&op->v[j], d) &&
					    (!found || op->v[j].len > best)) {
						found = true;
						best = op->v[j].len;
						onprem = true;
						g2 = NULL;
					}
			}
			if (!found) {
				out->kind = PATH_DROPPED;
			} else if (onprem) {
				out->kind = PATH_ONPREM;
			} else {
				out->kind = PATH_HAIRPIN;
				out->gw2 = g2;
				out->scope = g2->hub == g->hub ?
				    SCOPE_SAME_HUB : SCOPE_CROSS_HUB;
			}
		} else if (rt->nh == NH_INTERNET) {
			out->kind = PATH_INTERNET;
		} else {
			out->kind = PATH_DROPPED;
		}
		break;
	}
	/* The route lives in a: keep only its text, interned by r. */
	*text = out->route != NULL ? out->route->text : NULL;
	out->route = NULL;
	arena_free(a);
}

struct naive_pair {
	const struct vnet *src, *dst;
	const struct subnet *sub;
	struct prefix prefix;
	struct path p;
	const char *route;
};

static void
naive_pair(struct routing *r, const struct estate *e, const struct vnet *a,
    const struct vnet *b, struct naive_pair *out)
{
	size_t i, j;
	bool have = false;

	memset(out, 0, sizeof(*out));
	out->src = a;
	out->dst = b;
	for (i = 0; i <= a->subnets.n; i++) {
		const struct subnet *s = NULL;

		if (i == a->subnets.n) {
			if (a->subnets.n > 0)
				break;
		} else {
			s = a->subnets.v[i];
			if (subnet_is_infrastructure(s))
				continue;
		}
		for (j = 0; j < b->prefixes.n; j++) {
			struct prefix d = prefix_first(&b->prefixes.v[j]);
			struct path p;
			const char *text;

			naive_path(r, e, a, s, b, &d, &p, &text);
			if (!have || p.kind == PATH_HAIRPIN) {
				out->sub = s;
				out->prefix = b->prefixes.v[j];
				out->p = p;
				out->route = text;
				have = true;
			}
			if (p.kind == PATH_HAIRPIN)
				return;
		}
	}
}

/* ---- comparison ---------------------------------------------------------- */

struct cmp_ctx {
	struct routing *r;
	const struct estate *e;
	ARR(struct vnet *) spokes;
	size_t next_a, next_b;
	size_t n, bad;
	unsigned seed;
	struct arena *a;
	/* naive aggregates */
	size_t pairs, same, cross, kinds[PATH__COUNT];
	size_t *out_same, *out_cross, *in_same, *in_cross;
	/* routing_pairs' verdict per (a, b): kind | ROUTING_INSPECTED, or
	 * ROUTING_NO_PAIR. */
	unsigned char *code;
};

static bool
naive_has_pair(struct cmp_ctx *c, size_t ia, size_t ib)
{
	const struct vnet *a = c->spokes.v[ia], *b = c->spokes.v[ib];
	size_t i, ns = 0;

	if (ia == ib || b->prefixes.n == 0)
		return false;
	for (i = 0; i < a->subnets.n; i++)
		if (!subnet_is_infrastructure(a->subnets.v[i]))
			ns++;
	return a->subnets.n == 0 || ns > 0;
}

static int
on_pair(const struct pair_result *pr, void *ctx)
{
	struct cmp_ctx *c = ctx;
	struct naive_pair np;
	char b1[PREFIX_STRLEN], b2[PREFIX_STRLEN];

	/* Advance the naive enumeration to this pair; the stream must not
	 * have skipped any. */
	while (c->next_a < c->spokes.n && !naive_has_pair(c, c->next_a,
	    c->next_b)) {
		if (++c->next_b == c->spokes.n) {
			c->next_b = 0;
			c->next_a++;
		}
	}
	if (c->next_a == c->spokes.n || c->spokes.v[c->next_a] != pr->src ||
	    c->spokes.v[c->next_b] != pr->dst) {
		fprintf(stderr, "seed %u: stream order: got %s -> %s\n",
		    c->seed, pr->src->r.name, pr->dst->r.name);
		c->bad++;
		return 1;
	}
	naive_pair(c->r, c->e, pr->src, pr->dst, &np);
	c->n++;
	c->code[c->next_a * c->spokes.n + c->next_b] = (unsigned char)
	    (pr->path.kind | (pr->path.inspected ? ROUTING_INSPECTED : 0));
	if (np.p.kind != pr->path.kind || np.p.scope != pr->path.scope ||
	    np.p.inspected != pr->path.inspected ||
	    np.p.appliances != pr->path.appliances ||
	    np.p.gw != pr->path.gw || np.p.gw2 != pr->path.gw2 ||
	    np.p.circuit != pr->path.circuit || np.sub != pr->src_subnet ||
	    !prefix_eq(&np.prefix, &pr->prefix) ||
	    np.route != (pr->path.route ? pr->path.route->text : NULL)) {
		fprintf(stderr, "seed %u: %s -> %s: naive %s%s via %s "
		    "(subnet %s, %s, route %s); fast %s%s via %s (subnet %s, "
		    "%s, route %s)\n", c->seed, pr->src->r.name,
		    pr->dst->r.name, path_kind_name(np.p.kind),
		    np.p.inspected ? "+inspected" : "",
		    np.p.gw2 ? np.p.gw2->r.name : "-",
		    np.sub ? np.sub->r.name : "-",
		    prefix_format(&np.prefix, b1), np.route ? np.route : "-",
		    path_kind_name(pr->path.kind),
		    pr->path.inspected ? "+inspected" : "",
		    pr->path.gw2 ? pr->path.gw2->r.name : "-",
		    pr->src_subnet ? pr->src_subnet->r.name : "-",
		    prefix_format(&pr->prefix, b2),
		    pr->path.route ? pr->path.route->text : "-");
		c->bad++;
	}
	c->kinds[np.p.kind]++;
	if (np.p.kind == PATH_HAIRPIN) {
		c->pairs++;
		if (np.p.scope == SCOPE_SAME_HUB) {
			c->same++;
			c->out_same[c->next_a]++;
			c->in_same[c->next_b]++;
		} else {
			c->cross++;
			c->out_cross[c->next_a]++;
			c->in_cross[c->next_b]++;
		}
	}
	if (++c->next_b == c->spokes.n) {
		c->next_b = 0;
		c->next_a++;
	}
	return 0;
}

/* routing_pair_table must give routing_pairs' verdict for every pair. */
static void
check_table(struct cmp_ctx *c)
{
	struct pair_table t;
	size_t a, b, n = c->spokes.n;

	routing_pair_table(c->r, c->a, &t);
	if (t.n != n) {
		fprintf(stderr, "seed %u: table of %zu spokes, want %zu\n",
		    c->seed, t.n, n);
		c->bad++;
		return;
	}
	for (a = 0; a < n; a++) {
		if (t.spokes[a] != c->spokes.v[a]) {
			fprintf(stderr, "seed %u: table spoke %zu is %s\n",
			    c->seed, a, t.spokes[a]->r.name);
			c->bad++;
			return;
		}
		for (b = 0; b < n; b++) {
			unsigned char got = pair_table_code(&t, a, b,
			    ROUTING_NO_PAIR);

			if (got != c->code[a * n + b]) {
				fprintf(stderr, "seed %u: table %s -> %s: "
				    "%#x, pairs %#x\n", c->seed,
				    c->spokes.v[a]->r.name,
				    c->spokes.v[b]->r.name, got,
				    c->code[a * n + b]);
				c->bad++;
			}
		}
	}
}

/* Verdicts the naive model gave over all seeds: the differential must
 * reach every kind (loops included), or an agreement proves little. */
static size_t kinds_seen[PATH__COUNT];

static void
check_seed(unsigned seed, bool with_mesh)
{
	struct gen g;
	struct routing_opts o;
	struct routing *r, *after = NULL;
	struct cmp_ctx c;
	struct hairpins h;
	struct mesh m[2];
	size_t i, gp = 0, nm;

	rng = seed * 7919ULL + 17;
	generate(&g, seed);
	memset(&o, 0, sizeof(o));
	o.onprem = g.onprem;
	o.nonprem = g.nonprem;
	o.reserved_172 = rnd(2);
	/* Two meshes (one when there are fewer than four members): classes
	 * that differ only in their meshes share a base row in the table. */
	m[0].name = "m";
	m[0].members = g.mesh;
	m[0].n = g.nmesh < 4 ? g.nmesh : g.nmesh / 2;
	m[1].name = "m2";
	m[1].members = g.mesh + m[0].n;
	m[1].n = g.nmesh - m[0].n;
	nm = m[1].n > 0 ? 2 : 1;
	r = routing_new(g.e, &o, with_mesh ? m : NULL, with_mesh ? nm : 0);
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.e = g.e;
	c.seed = seed;
	c.a = arena_new();
	for (i = 0; i < g.e->vnets.n; i++)
		if (g.e->vnets.v[i]->role == ROLE_SPOKE)
			ARR_PUSH(c.a, c.spokes, g.e->vnets.v[i]);
	c.out_same = arena_calloc(c.a, c.spokes.n + 1, sizeof(size_t));
	c.out_cross = arena_calloc(c.a, c.spokes.n + 1, sizeof(size_t));
	c.in_same = arena_calloc(c.a, c.spokes.n + 1, sizeof(size_t));
	c.in_cross = arena_calloc(c.a, c.spokes.n + 1, sizeof(size_t));
	c.code = arena_calloc(c.a, c.spokes.n * c.spokes.n + 1, 1);
	memset(c.code, ROUTING_NO_PAIR, c.spokes.n * c.spokes.n);
	routing_pairs(r, true, on_pair, &c);
	check_table(&c);
	if (with_mesh) {
		/* A routing of the estate as it is, used, then given the
		 * meshes (as the planner does): the same table. */
		struct routing *r2 = routing_new(g.e, &o, NULL, 0);
		struct pair_table t0;

		routing_pair_table(r2, c.a, &t0);
		routing_set_meshes(r2, m, nm);
		c.r = r2;
		check_table(&c);
		c.r = r;
		routing_free(r2);
	}
	while (c.next_a < c.spokes.n && !naive_has_pair(&c, c.next_a,
	    c.next_b)) {
		if (++c.next_b == c.spokes.n) {
			c.next_b = 0;
			c.next_a++;
		}
	}
	if (c.next_a < c.spokes.n) {
		fprintf(stderr, "seed %u: stream ended early\n", seed);
		c.bad++;
	}
	routing_hairpins(r, c.a, &h);
	if (h.pairs != c.pairs || h.same_hub != c.same ||
	    h.cross_hub != c.cross || h.pairs_considered != c.n) {
		fprintf(stderr, "seed %u: totals fast %zu/%zu/%zu of %zu, "
		    "naive %zu/%zu/%zu of %zu\n", seed, h.pairs, h.same_hub,
		    h.cross_hub, h.pairs_considered, c.pairs, c.same, c.cross,
		    c.n);
		c.bad++;
	}
	for (i = 0; i < PATH__COUNT; i++)
		kinds_seen[i] += c.kinds[i];
	for (i = 0; i < PATH__COUNT; i++)
		if (h.kinds[i] != c.kinds[i]) {
			fprintf(stderr, "seed %u: %s: fast %zu naive %zu\n",
			    seed, path_kind_name((enum path_kind)i),
			    h.kinds[i], c.kinds[i]);
			c.bad++;
		}
	for (i = 0; i < h.spoke_counts.n; i++) {
		const struct hairpin_spoke *s = &h.spoke_counts.v[i];

		if (s->out_same_hub != c.out_same[i] ||
		    s->out_cross_hub != c.out_cross[i] ||
		    s->in_same_hub != c.in_same[i] ||
		    s->in_cross_hub != c.in_cross[i]) {
			fprintf(stderr, "seed %u: spoke %s counts differ\n",
			    seed, s->spoke->r.name);
			c.bad++;
		}
	}
	for (i = 0; i < h.groups.n; i++)
		gp += h.groups.v[i].pairs;
	if (gp != h.pairs) {
		fprintf(stderr, "seed %u: groups sum %zu != %zu\n", seed, gp,
		    h.pairs);
		c.bad++;
	}
	if (!with_mesh && g.nmesh > 0) {
		struct mesh_effect ef;

		after = routing_new(g.e, &o, m, nm);
		routing_mesh_effect(r, after, c.a, &ef, NULL, NULL);
		if (ef.hairpins_before != h.pairs ||
		    ef.removed + ef.stayed != h.pairs ||
		    ef.hairpins_after != ef.stayed + ef.added) {
			fprintf(stderr, "seed %u: mesh effect %zu/%zu removed "
			    "%zu stayed %zu added %zu\n", seed,
			    ef.hairpins_before, ef.hairpins_after, ef.removed,
			    ef.stayed, ef.added);
			c.bad++;
		}
		routing_free(after);
	}
	if (c.bad > 0)
		fprintf(stderr, "FAILED seed %u (%s mesh): %zu problems\n",
		    seed, with_mesh ? "with" : "without", c.bad);
	assert_int_equal(c.bad, 0);
	routing_free(r);
	arena_free(c.a);
	estate_free(g.e);
}

static size_t
spoke_index(const struct pair_table *t, const struct vnet *v)
{
	size_t i;

	for (i = 0; i < t->n && t->spokes[i] != v; i++)
		continue;
	assert_true(i < t->n);
	return i;
}

/*
 * Two spokes alike but for their meshes send everything to an appliance;
 * in s1's mesh a VNet holds the appliance's IP in a narrower subnet than
 * the hub's, so s1's traffic goes there (and is dropped: that VNet keeps
 * the reserved 10.0.0.0/8 None route) while s2's goes through the hub's
 * appliance (and straight to d). The pair
 * table's shared base row must not hide that (rctx_same_appliances).
 */
static void
test_base_row_appliances(void **state)
{
	struct estate *e = estate_new();
	struct vnet *h = tb_vnet(e, "hub", "10.200.0.0/16");
	struct vnet *s1 = tb_vnet(e, "s1", "10.1.0.0/24");
	struct vnet *s2 = tb_vnet(e, "s2", "10.2.0.0/24");
	struct vnet *d = tb_vnet(e, "d", "10.4.0.0/24");
	struct vnet *n = tb_vnet(e, "n", "10.200.1.0/25");
	struct route_table *rt = tb_rt(e, "rt", false);
	struct circuit *c = tb_circuit(e, "c");
	struct vnet *members[2] = { s1, n };
	struct mesh m = { "m", members, 2 };
	struct routing *r;
	struct pair_table t;
	struct arena *a = arena_new();
	size_t i1, i2, id;

	(void)state;
	tb_conn(e, tb_gateway(e, h, "ergw", GW_EXPRESSROUTE,
	    "10.200.255.0/27"), c, 0);
	tb_subnet(e, h, "nva", "10.200.1.0/24", NULL);
	tb_route(e, rt, "default", "0.0.0.0/0", "VirtualAppliance",
	    "10.200.1.4");
	tb_peer(e, s1, h, false, false);
	tb_peer(e, s2, h, false, false);
	tb_peer(e, d, h, false, false);
	tb_peer(e, n, h, false, false);
	tb_subnet(e, s1, "a", "10.1.0.0/24", rt);
	tb_subnet(e, s2, "a", "10.2.0.0/24", rt);
	tb_subnet(e, d, "a", "10.4.0.0/24", NULL);
	tb_subnet(e, n, "a", "10.200.1.0/25", NULL);
	tb_link(e);
	r = routing_new(e, NULL, &m, 1);
	routing_pair_table(r, a, &t);
	i1 = spoke_index(&t, s1);
	i2 = spoke_index(&t, s2);
	id = spoke_index(&t, d);
	assert_int_equal(pair_table_code(&t, i1, id, ROUTING_NO_PAIR),
	    PATH_DROPPED | ROUTING_INSPECTED);
	assert_int_equal(pair_table_code(&t, i2, id, ROUTING_NO_PAIR),
	    PATH_DIRECT | ROUTING_INSPECTED);
	routing_free(r);
	arena_free(a);
	estate_free(e);
}

static void
test_differential(void **state)
{
	unsigned seed;
	size_t i;

	(void)state;
	for (seed = 1; seed <= 50; seed++) {
		check_seed(seed, false);
		check_seed(seed, true);
	}
	for (i = 0; i < PATH__COUNT; i++) {
		fprintf(stderr, "verdict %-8s %zu pairs\n",
		    path_kind_name((enum path_kind)i), kinds_seen[i]);
		assert_true(kinds_seen[i] > 0);
	}
}

/* ---- the planner's figures per wave ----------------------------------- */

/* What the naive pairs say of one state of the estate (no mesh, or the
 * members of waves 1..k in their meshes). */
struct wave_count {
	size_t hairpins, inspected, lost, lost_new;
};

static bool
pair_exists(const struct vnet *a, const struct vnet *b)
{
	size_t i, ns = 0;

	if (a == b || b->prefixes.n == 0)
		return false;
	for (i = 0; i < a->subnets.n; i++)
		if (!subnet_is_infrastructure(a->subnets.v[i]))
			ns++;
	return a->subnets.n == 0 || ns > 0;
}

/* Naive bytes (kind | ROUTING_INSPECTED; ROUTING_NO_PAIR) of every
 * ordered pair of spokes sp[0..n) in routing r. */
static void
naive_codes(struct routing *r, const struct estate *e,
    struct vnet *const *sp, size_t n, unsigned char *code)
{
	size_t a, b;

	for (a = 0; a < n; a++)
		for (b = 0; b < n; b++) {
			struct naive_pair np;

			code[a * n + b] = ROUTING_NO_PAIR;
			if (!pair_exists(sp[a], sp[b]))
				continue;
			naive_pair(r, e, sp[a], sp[b], &np);
			code[a * n + b] = (unsigned char)(np.p.kind |
			    (np.p.inspected ? ROUTING_INSPECTED : 0));
		}
}

static bool
naive_lost(unsigned char x, unsigned char y)
{
	return x != ROUTING_NO_PAIR && (x & ROUTING_INSPECTED) &&
	    y == PATH_DIRECT;
}

/* The route that sent (a, b) to an appliance in r: the first hop of the
 * naive pair's subnet and prefix. */
static const char *
naive_first_route(struct routing *r, const struct estate *e,
    const struct vnet *a, const struct vnet *b, struct arena *ar)
{
	struct naive_pair np;
	eroute_arr rs = { 0 };
	struct prefix d;
	const struct eroute *rt;
	bool amb;

	naive_pair(r, e, a, b, &np);
	d = prefix_first(&np.prefix);
	routing_effective(r, a, np.sub, ar, &rs);
	rt = naive_select(&rs, &d, &amb);
	return rt != NULL ? rt->text : NULL;
}

static size_t plan_lost_seen, plan_inspected_seen, plan_waves_seen;

static void
check_plan_seed(unsigned seed)
{
	struct gen g;
	struct routing_opts o;
	struct routing_oracle ro;
	struct plan_inputs in;
	struct policy pol;
	struct plan *p;
	struct arena *a = arena_new();
	struct vnet **sp;
	unsigned char *c0, *prev, *cur;
	size_t n = 0, i, k, bad = 0;
	struct routing *r0;

	rng = seed * 104729ULL + 3;
	generate(&g, seed);
	memset(&o, 0, sizeof(o));
	o.onprem = g.onprem;
	o.nonprem = g.nonprem;
	policy_defaults(&pol);
	pol.mesh_scope = rnd(2) ? MESH_SCOPE_ALL : MESH_SCOPE_HAIRPINNING;
	pol.pilot_size = 1 + rnd(3);
	pol.light_size = 1 + rnd(3);
	/* Small groups split, so that some plans have several meshes. */
	pol.limits.mesh_vnets_high_scale = 3 + rnd(6);
	routing_oracle_init(&ro, &o);
	memset(&in, 0, sizeof(in));
	in.oracle = &ro.oracle;
	in.generator = "test";
	p = plan_build(g.e, &pol, &in);
	routing_oracle_done(&ro);
	for (i = 0; i < g.e->vnets.n; i++)
		n += g.e->vnets.v[i]->r.seen &&
		    g.e->vnets.v[i]->role == ROLE_SPOKE;
	sp = arena_calloc(a, n + 1, sizeof(*sp));
	for (i = 0, k = 0; i < g.e->vnets.n; i++)
		if (g.e->vnets.v[i]->r.seen &&
		    g.e->vnets.v[i]->role == ROLE_SPOKE)
			sp[k++] = g.e->vnets.v[i];
	c0 = arena_calloc(a, n * n + 1, 1);
	prev = arena_calloc(a, n * n + 1, 1);
	cur = arena_calloc(a, n * n + 1, 1);
	r0 = routing_new(g.e, &o, NULL, 0);
	naive_codes(r0, g.e, sp, n, c0);
	{
		struct wave_count wc = { 0, 0, 0, 0 };

		for (i = 0; i < n * n; i++)
			if (c0[i] != ROUTING_NO_PAIR &&
			    (c0[i] & ~ROUTING_INSPECTED) == PATH_HAIRPIN) {
				wc.hairpins++;
				wc.inspected += (c0[i] & ROUTING_INSPECTED) != 0;
			}
		if (wc.hairpins != p->effect.hairpins_before ||
		    wc.inspected != p->effect.inspected_before) {
			fprintf(stderr, "seed %u: before: plan %zu/%zu, naive "
			    "%zu/%zu\n", seed, p->effect.hairpins_before,
			    p->effect.inspected_before, wc.hairpins,
			    wc.inspected);
			bad++;
		}
	}
	memcpy(prev, c0, n * n);
	for (k = 0; k < p->waves.n; k++) {
		const struct plan_wave *w = &p->waves.v[k];
		struct mesh *ms = arena_calloc(a, p->meshes.n + 1,
		    sizeof(*ms));
		struct wave_count wc = { 0, 0, 0, 0 };
		struct routing *r;
		size_t m, j, nl = 0;

		/* Each plan mesh with the members that joined by wave k. */
		for (m = 0; m < p->meshes.n; m++) {
			const struct plan_mesh *pm = &p->meshes.v[m];
			struct vnet **mem = arena_calloc(a, pm->vnet_ids.n + 1,
			    sizeof(*mem));

			ms[m].name = pm->name;
			ms[m].members = mem;
			for (i = 0; i < pm->vnet_ids.n; i++) {
				const struct plan_vnet *pv = plan_find_vnet(p,
				    pm->vnet_ids.v[i]);

				assert_non_null(pv);
				if (pv->wave >= 1 && pv->wave <= (int)(k + 1))
					mem[ms[m].n++] = (struct vnet *)
					    estate_find(g.e, pm->vnet_ids.v[i]);
			}
		}
		r = routing_new(g.e, &o, ms, p->meshes.n);
		naive_codes(r, g.e, sp, n, cur);
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++) {
				unsigned char y = cur[i * n + j];
				bool lost = naive_lost(c0[i * n + j], y);
				bool fresh = lost &&
				    !naive_lost(c0[i * n + j], prev[i * n + j]);

				if (y != ROUTING_NO_PAIR && (y &
				    ~ROUTING_INSPECTED) == PATH_HAIRPIN) {
					wc.hairpins++;
					wc.inspected += (y &
					    ROUTING_INSPECTED) != 0;
				}
				wc.lost += lost;
				wc.lost_new += fresh;
				if (!fresh || nl >= PLAN_LOST_CAP)
					continue;
				/* The plan lists these, in this order. */
				if (nl >= w->lost.n || mp_strcasecmp(
				    w->lost.v[nl].src_id, sp[i]->r.id) != 0 ||
				    mp_strcasecmp(w->lost.v[nl].dst_id,
				    sp[j]->r.id) != 0) {
					fprintf(stderr, "seed %u: wave %zu: "
					    "lost pair %zu is not %s -> %s\n",
					    seed, k + 1, nl, sp[i]->r.name,
					    sp[j]->r.name);
					bad++;
				} else {
					const char *t = naive_first_route(r0,
					    g.e, sp[i], sp[j], a);

					if (t == NULL || w->lost.v[nl].route ==
					    NULL || strcmp(t,
					    w->lost.v[nl].route) != 0) {
						fprintf(stderr, "seed %u: wave "
						    "%zu: %s -> %s: route %s, "
						    "naive %s\n", seed, k + 1,
						    sp[i]->r.name,
						    sp[j]->r.name,
						    w->lost.v[nl].route ?
						    w->lost.v[nl].route : "-",
						    t ? t : "-");
						bad++;
					}
				}
				nl++;
			}
		if (wc.hairpins != w->hairpins_after ||
		    wc.inspected != w->inspected_after ||
		    wc.lost != w->inspection_lost ||
		    wc.lost_new != w->inspection_lost_new ||
		    nl != w->lost.n) {
			fprintf(stderr, "seed %u: wave %zu: plan hairpins %zu "
			    "inspected %zu lost %zu new %zu listed %zu; naive "
			    "%zu %zu %zu %zu %zu\n", seed, k + 1,
			    w->hairpins_after, w->inspected_after,
			    w->inspection_lost, w->inspection_lost_new,
			    w->lost.n, wc.hairpins, wc.inspected, wc.lost,
			    wc.lost_new, nl);
			bad++;
		}
		if (k + 1 == p->waves.n &&
		    (wc.hairpins != p->effect.hairpins_after ||
		    wc.inspected != p->effect.inspected_after ||
		    wc.lost != p->effect.inspection_lost)) {
			fprintf(stderr, "seed %u: plan effect differs from the "
			    "last wave\n", seed);
			bad++;
		}
		plan_lost_seen += wc.lost_new;
		plan_inspected_seen += wc.inspected;
		plan_waves_seen++;
		memcpy(prev, cur, n * n);
		routing_free(r);
	}
	if (bad > 0)
		fprintf(stderr, "FAILED plan seed %u: %zu problems\n", seed,
		    bad);
	assert_int_equal(bad, 0);
	routing_free(r0);
	plan_free(p);
	arena_free(a);
	estate_free(g.e);
}

static void
test_plan_waves(void **state)
{
	unsigned seed;

	(void)state;
	for (seed = 1; seed <= 40; seed++)
		check_plan_seed(seed);
	/* Every outcome compared occurred somewhere. */
	fprintf(stderr, "plan waves: %zu waves, %zu inspected hairpins, "
	    "%zu pairs losing inspection\n", plan_waves_seen,
	    plan_inspected_seen, plan_lost_seen);
	assert_true(plan_waves_seen > 40);
	assert_true(plan_inspected_seen > 0);
	assert_true(plan_lost_seen > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_differential),
		cmocka_unit_test(test_base_row_appliances),
		cmocka_unit_test(test_plan_waves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
