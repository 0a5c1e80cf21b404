/*
 * routing_gw.c - the gateway side of the routing simulation (R3-R5): the
 * prefixes a hub advertises, on-premises prefixes, the circuits and their
 * connections, the routes each gateway learns (L(G)) and which circuit a
 * flow between two hubs takes.
 *
 *	routing_advertised, routing_onprem, routing_onprem_known,
 *	routing_circuit, routing_learned, alladv_build, circ_decide
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

/* ---- R1, R3, R4 -------------------------------------------------------- */

const struct advertised *
routing_advertised(struct routing *r, const struct vnet *h)
{
	struct hubinfo *hi = hub_info(r, h);

	return hi != NULL ? &hi->adv : NULL;
}

/* Every hub's A(G) and the union of them, computed once by routing_new
 * before anything else: R3 and R4 depend on them, never the reverse. */
void
alladv_build(struct routing *r)
{
	size_t i, j;

	r->alladv = ptrie_new(r->arena);
	for (i = 0; i < r->e->vnets.n; i++) {
		const struct vnet *h = r->e->vnets.v[i];
		struct hubinfo *hi;

		if (h->role != ROLE_HUB)
			continue;
		hi = hub_info(r, h);
		for (j = 0; j < hi->adv.v4.n; j++)
			ptrie_insert(r->alladv, &hi->adv.v4.v[j], (void *)h,
			    NULL);
		for (j = 0; j < hi->adv.v6.n; j++)
			ptrie_insert(r->alladv, &hi->adv.v6.v[j], (void *)h,
			    NULL);
	}
}

/* A gateway that counts: seen and sitting in a hub. */
static bool
gateway_usable(const struct gateway *g)
{
	return g != NULL && g->r.seen && g->hub != NULL &&
	    g->hub->role == ROLE_HUB;
}

static struct circinfo *
circ_info(struct routing *r, const struct circuit *c)
{
	struct circinfo *ci = pc_get(r, c, PC_CIRC);

	if (ci != NULL)
		return ci;
	ci = strmap_get(r->circs, c->r.key);
	if (ci == NULL) {
		ci = arena_alloc(r->arena, sizeof(*ci));
		ci->c = c;
		strmap_put(r->circs, c->r.key, ci);
	}
	pc_put(r, c, PC_CIRC, ci);
	return ci;
}

static bool
is_ebgp(const struct learned_route *lr)
{
	return lr->origin != NULL && mp_strcaseeq(lr->origin, "EBgp");
}

const prefix_arr *
routing_onprem(struct routing *r, const struct circuit *c)
{
	struct circinfo *ci = circ_info(r, c);
	size_t i, j;

	if (ci->onprem_done)
		return &ci->onprem;
	ci->onprem_done = true;
	for (i = 0; i < c->connections.n; i++) {
		const struct connection *cn = c->connections.v[i];
		const struct gateway *g = cn->gateway1;

		if (cn->conn_type != CONN_EXPRESSROUTE || g == NULL)
			continue;
		for (j = 0; j < g->learned.n; j++)
			if (is_ebgp(&g->learned.v[j]) &&
			    ptrie_get(r->alladv, &g->learned.v[j].p) == NULL)
				ARR_PUSH(r->arena, ci->onprem,
				    g->learned.v[j].p);
	}
	for (j = 0; j < c->routes.n; j++)
		if (ptrie_get(r->alladv, &c->routes.v[j].p) == NULL)
			ARR_PUSH(r->arena, ci->onprem, c->routes.v[j].p);
	for (j = 0; j < r->onprem_opt.n; j++)
		ARR_PUSH(r->arena, ci->onprem, r->onprem_opt.v[j]);
	prefix_arr_sort_unique(&ci->onprem);
	return &ci->onprem;
}

bool
routing_onprem_known(const struct routing *r)
{
	return r->onprem_known;
}

static struct gwinfo *
gw_info(struct routing *r, const struct gateway *g)
{
	struct gwinfo *gi = pc_get(r, g, PC_GW);

	if (gi != NULL)
		return gi;
	gi = strmap_get(r->gws, g->r.key);
	if (gi == NULL) {
		gi = arena_alloc(r->arena, sizeof(*gi));
		gi->g = g;
		strmap_put(r->gws, g->r.key, gi);
	}
	pc_put(r, g, PC_GW, gi);
	return gi;
}

/* An ExpressRoute connection of g to a circuit. */
static bool
er_conn(const struct connection *cn, const struct gateway *g)
{
	return cn->conn_type == CONN_EXPRESSROUTE && cn->circuit != NULL &&
	    cn->gateway1 == g;
}

const struct circuit *
routing_circuit(struct routing *r, const struct gateway *g)
{
	struct gwinfo *gi = gw_info(r, g);
	const struct connection *best = NULL;
	size_t i;

	(void)r;
	if (gi->circuit != NULL)
		return gi->circuit;
	for (i = 0; i < g->connections.n; i++) {
		const struct connection *cn = g->connections.v[i];

		if (!er_conn(cn, g))
			continue;
		if (best == NULL || cn->weight > best->weight ||
		    (cn->weight == best->weight &&
			strcmp(cn->circuit->r.key, best->circuit->r.key) < 0))
			best = cn;
	}
	gi->circuit = best != NULL ? best->circuit : NULL;
	return gi->circuit;
}

static void
push_adv(struct routing *r, prefix_arr *out, const struct vnet *h)
{
	struct hubinfo *hi = hub_info(r, h);
	size_t i;

	for (i = 0; i < hi->adv.v4.n; i++)
		ARR_PUSH(r->arena, *out, hi->adv.v4.v[i]);
	for (i = 0; i < hi->adv.v6.n; i++)
		ARR_PUSH(r->arena, *out, hi->adv.v6.v[i]);
}

const prefix_arr *
routing_learned(struct routing *r, const struct gateway *g)
{
	struct gwinfo *gi = gw_info(r, g);
	size_t i, j, k;

	if (gi->done)
		return &gi->learned;
	gi->done = true;
	if (g->gw_type == GW_VPN) {
		for (i = 0; i < g->connections.n; i++) {
			const struct connection *cn = g->connections.v[i];

			if (cn->conn_type != CONN_IPSEC || cn->lng == NULL ||
			    cn->gateway1 != g)
				continue;
			for (j = 0; j < cn->lng->prefixes.n; j++)
				ARR_PUSH(r->arena, gi->learned,
				    cn->lng->prefixes.v[j]);
		}
		for (j = 0; j < g->learned.n; j++)
			if (is_ebgp(&g->learned.v[j]))
				ARR_PUSH(r->arena, gi->learned,
				    g->learned.v[j].p);
		prefix_arr_sort_unique(&gi->learned);
		return &gi->learned;
	}
	/* ExpressRoute (or unknown type with circuits). */
	for (i = 0; i < g->connections.n; i++) {
		const struct connection *cn = g->connections.v[i];
		const struct circuit *c;
		const prefix_arr *op;

		if (!er_conn(cn, g))
			continue;
		c = cn->circuit;
		op = routing_onprem(r, c);
		for (j = 0; j < op->n; j++)
			ARR_PUSH(r->arena, gi->learned, op->v[j]);
		if (g->allow_remote_vnet_traffic == TRI_FALSE)
			continue;
		for (k = 0; k < c->connections.n; k++) {
			const struct connection *c2 = c->connections.v[k];
			const struct gateway *g2 = c2->gateway1;

			if (c2->conn_type != CONN_EXPRESSROUTE || g2 == g ||
			    !gateway_usable(g2))
				continue;
			push_adv(r, &gi->learned, g2->hub);
		}
	}
	prefix_arr_sort_unique(&gi->learned);
	return &gi->learned;
}

/* The circuit's decision trie: A(Gx) of every gateway on C (smallest
 * gateway id on a tie) and C's on-premises routes (a gateway wins an equal
 * prefix). */
static int
cmp_gw_ptr(const void *a, const void *b)
{
	const struct gateway *const *x = a, *const *y = b;

	return strcmp((*x)->r.key, (*y)->r.key);
}

struct circinfo *
circ_decide(struct routing *r, const struct circuit *c)
{
	struct circinfo *ci = circ_info(r, c);
	ARR(const struct gateway *) gws = { 0 };
	const prefix_arr *op;
	size_t i, j;

	if (ci->decide_done)
		return ci;
	ci->decide_done = true;
	ci->decide = ptrie_new(r->arena);
	for (i = 0; i < c->connections.n; i++) {
		const struct connection *cn = c->connections.v[i];

		if (cn->conn_type == CONN_EXPRESSROUTE &&
		    gateway_usable(cn->gateway1))
			ARR_PUSH(r->arena, gws, cn->gateway1);
	}
	/* By gateway id, so that the smallest id wins an equal prefix. */
	if (gws.n > 1)
		qsort(gws.v, gws.n, sizeof(gws.v[0]), cmp_gw_ptr);
	for (i = 0; i < gws.n; i++) {
		struct cdec *d;
		prefix_arr adv = { 0 };

		if (i > 0 && gws.v[i] == gws.v[i - 1])
			continue;
		d = arena_alloc(r->arena, sizeof(*d));
		d->gw = gws.v[i];
		push_adv(r, &adv, gws.v[i]->hub);
		for (j = 0; j < adv.n; j++)
			if (ptrie_get(ci->decide, &adv.v[j]) == NULL)
				ptrie_insert(ci->decide, &adv.v[j], d, NULL);
	}
	op = routing_onprem(r, c);
	for (j = 0; j < op->n; j++) {
		if (ptrie_get(ci->decide, &op->v[j]) == NULL) {
			struct cdec *d = arena_alloc(r->arena, sizeof(*d));

			ptrie_insert(ci->decide, &op->v[j], d, NULL);
		}
	}
	return ci;
}
