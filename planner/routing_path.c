/*
 * routing_path.c - the path walk of the routing simulation (R6): from a
 * source subnet to a destination address, hop by hop through appliances,
 * gateways and circuits, to a path kind and the route that decided it.
 *
 *	routing_path, path_walk, appliance_ctx
 */
#include "routing.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "ptrie.h"
#include "routing_int.h"
#include "topology.h"

/* ---- R6 paths ----------------------------------------------------------- */

struct subnet_pick {
	const struct subnet *best;
	int tier;
	unsigned len;
};

static int
vnet_peers_with(struct routing *r, const struct vinfo *vi, const struct vnet *v)
{
	size_t i;

	for (i = 0; i < vi->peer.n; i++)
		if (vi->peer.v[i].remote == v)
			return 1;
	return routing_same_mesh(r, vi->v, v);
}

/* The subnet holding ip, seen from context c: one in c's VNet first, then
 * one in a VNet c peers or meshes with, then any (longest prefix, then
 * smallest id). */
static const struct subnet *
subnet_holding(struct routing *r, const struct rctx *c, const struct prefix *ip)
{
	struct subnet_pick pk = { NULL, 0, 0 };
	int len;

	for (len = (int)ip->len; len >= 0; len--) {
		struct prefix t = prefix_truncate(ip, (unsigned)len);
		struct subnet_list *sl = ptrie_get(r->subnets, &t);
		size_t i;

		for (i = 0; sl != NULL && i < sl->v.n; i++) {
			const struct subnet *s = sl->v.v[i];
			int tier = s->vnet == c->x	       ? 3 :
			    vnet_peers_with(r, c->vi, s->vnet) ? 2 :
								 1;

			if (pk.best == NULL || tier > pk.tier ||
			    (tier == pk.tier && (unsigned)len > pk.len) ||
			    (tier == pk.tier && (unsigned)len == pk.len &&
				strcmp(s->r.key, pk.best->r.key) < 0)) {
				pk.best = s;
				pk.tier = tier;
				pk.len = (unsigned)len;
			}
		}
	}
	return pk.best;
}

struct rctx *
appliance_ctx(struct routing *r, struct rctx *c, const struct eroute *e)
{
	struct appl_memo m;
	struct prefix ip;
	const struct subnet *s;
	size_t i;

	for (i = 0; i < c->appl.n; i++)
		if (c->appl.v[i].e == e)
			return c->appl.v[i].to;
	m.e = e;
	m.to = NULL;
	if (e->nh_ip != NULL &&
	    prefix_parse(e->nh_ip, PFX_ALLOW_ADDR, &ip, NULL) == 0 &&
	    ip.len == prefix_maxlen(&ip) &&
	    (s = subnet_holding(r, c, &ip)) != NULL)
		m.to = ctx_get(r, s->vnet, s);
	ARR_PUSH(r->arena, c->appl, m);
	return m.to;
}

static void
gateway_path(struct routing *r, const struct rctx *c, const struct eroute *e,
    const struct prefix *d, struct path *out)
{
	const struct gateway *g = e->gw;
	const struct circuit *cc;
	struct circinfo *ci;
	struct cdec *dec;

	if (g == NULL && c->uh != NULL)
		g = c->uh->user_gw;
	if (g == NULL) {
		out->kind = PATH_DROPPED;
		return;
	}
	out->gw = g;
	if (g->gw_type == GW_VPN) {
		out->kind = PATH_VPN;
		return;
	}
	if ((cc = routing_circuit(r, g)) == NULL ||
	    (g->gw_type != GW_EXPRESSROUTE && g->gw_type != GW_UNKNOWN)) {
		out->kind = PATH_DROPPED;
		return;
	}
	out->circuit = cc;
	ci = circ_decide(r, cc);
	dec = ptrie_lpm(ci->decide, d, NULL);
	if (dec == NULL) {
		out->kind = PATH_DROPPED;
	} else if (dec->gw == NULL) {
		out->kind = PATH_ONPREM;
	} else {
		out->kind = PATH_HAIRPIN;
		out->gw2 = dec->gw;
		out->scope = dec->gw->hub == g->hub ? SCOPE_SAME_HUB :
						      SCOPE_CROSS_HUB;
	}
}

void
path_walk(struct routing *r, struct rctx *c, enum rctx_how how,
    const struct vnet *dst, const struct prefix *d, struct path *out)
{
	memset(out, 0, sizeof(*out));
	for (;;) {
		bool amb;
		const struct eroute *e = ctx_lookup(c, d, how == RCTX_OWN,
		    how != RCTX_BASE, &amb);

		out->route = e;
		if (e == NULL) {
			out->kind = PATH_DROPPED;
			return;
		}
		switch (e->nh) {
		case NH_VNET_LOCAL:
			out->kind = PATH_OVERLAP;
			return;
		case NH_VNET_PEERING:
		case NH_CONNECTED_GROUP:
			out->kind = e->remote == dst && !amb ? PATH_DIRECT :
							       PATH_OVERLAP;
			return;
		case NH_APPLIANCE:
			if (out->appliances == MAX_APPLIANCES) {
				out->kind = PATH_LOOP;
				return;
			}
			out->appliances++;
			out->inspected = true;
			if ((c = appliance_ctx(r, c, e)) == NULL) {
				out->kind = PATH_DROPPED;
				return;
			}
			how = RCTX_OWN;
			continue;
		case NH_GATEWAY:
			gateway_path(r, c, e, d, out);
			return;
		case NH_INTERNET:
			out->kind = PATH_INTERNET;
			return;
		default:
			out->kind = PATH_DROPPED;
			return;
		}
	}
}

void
routing_path(struct routing *r, const struct vnet *x, const struct subnet *s,
    const struct vnet *dst, const struct prefix *addr, struct path *out)
{
	path_walk(r, ctx_get(r, x, s), RCTX_OWN, dst, addr, out);
}
