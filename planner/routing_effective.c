/*
 * routing_effective.c - a subnet's effective route table as Azure shows
 * it (routing_effective): every route of every layer, with its state
 * (Active or Invalid) and in the portal's order.
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

/* ---- R5 listing ---------------------------------------------------------- */

struct lrow {
	struct eroute e;
	size_t order;
};

static int
lrow_rank(const struct eroute *e)
{
	if (e->source == RSRC_USER)
		return 4;
	if (e->nh == NH_VNET_LOCAL || e->nh == NH_VNET_PEERING ||
	    e->nh == NH_CONNECTED_GROUP)
		return 3;
	if (e->source == RSRC_GATEWAY)
		return 2;
	return 1;
}

static int
lrow_cmp_state(const void *a, const void *b)
{
	const struct lrow *x = a, *y = b;
	int c = prefix_cmp(&x->e.p, &y->e.p);

	if (c != 0)
		return c;
	if (lrow_rank(&x->e) != lrow_rank(&y->e))
		return lrow_rank(&y->e) - lrow_rank(&x->e);
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
lrow_cmp_order(const void *a, const void *b)
{
	const struct lrow *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

static int
lrow_group(const struct eroute *e)
{
	switch (e->nh) {
	case NH_VNET_LOCAL:
		return e->source == RSRC_USER ? 6 : 0;
	case NH_VNET_PEERING:
		return 1;
	case NH_CONNECTED_GROUP:
		return 2;
	default:
		break;
	}
	if (e->source == RSRC_GATEWAY)
		return 3;
	if (e->source == RSRC_USER)
		return 6;
	return e->nh == NH_INTERNET ? 4 : 5;
}

static int
lrow_cmp_display(const void *a, const void *b)
{
	const struct lrow *x = a, *y = b;
	int c = lrow_group(&x->e) - lrow_group(&y->e);

	if (c != 0)
		return c;
	if ((c = prefix_cmp(&x->e.p, &y->e.p)) != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

void
routing_effective(struct routing *r, const struct vnet *x,
    const struct subnet *s, struct arena *a, eroute_arr *out)
{
	struct rctx *c = ctx_get(r, x, s);
	ARR(struct lrow) rows = { 0 };
	struct arena *tmp = arena_new();
	struct lrow row;
	size_t i, j, pass;

#define ADD(E) \
	do { \
		row.e = (E); \
		row.order = rows.n; \
		ARR_PUSH(tmp, rows, row); \
	} while (0)
	for (i = 0; i < c->vi->local.n; i++)
		ADD(c->vi->local.v[i]);
	for (i = 0; i < c->vi->peer.n; i++)
		ADD(c->vi->peer.v[i]);
	for (i = 0; i < c->vi->meshes.n; i++) {
		const struct rmesh *m = c->vi->meshes.v[i];

		for (j = 0; j < m->members.n; j++) {
			const struct vnet *v = m->members.v[j];
			size_t k;

			if (v == x || !v->r.seen)
				continue;
			for (k = 0; k < v->prefixes.n; k++) {
				struct eroute e = { 0 };

				e.p = v->prefixes.v[k];
				e.nh = NH_CONNECTED_GROUP;
				e.remote = v;
				eroute_set_text(r, &e);
				ADD(e);
			}
		}
	}
	if (c->gh != NULL) {
		for (pass = 0; pass < 2; pass++) {
			for (i = 0; i < c->gh->hub->gateways.n; i++) {
				const struct gateway *g = c->gh->hub->gateways
							      .v[i];
				const prefix_arr *l;

				if ((pass == 0) != (g->gw_type != GW_VPN))
					continue;
				l = routing_learned(r, g);
				for (j = 0; j < l->n; j++) {
					struct eroute e = { 0 };

					e.p = l->v[j];
					e.source = RSRC_GATEWAY;
					e.nh = NH_GATEWAY;
					e.gw = g;
					eroute_set_text(r, &e);
					ADD(e);
				}
			}
		}
	}
	for (i = 0; i < c->ndefaults; i++)
		ADD(c->defaults[i]);
	if (c->rti != NULL)
		for (i = 0; i < c->rti->routes.n; i++)
			ADD(c->rti->routes.v[i]);
#undef ADD
	/* Same prefix: the best rank stays Active, the others are Invalid;
	 * within a rank the first one (peering order, ExpressRoute before
	 * VPN, route name) stays. */
	if (rows.n > 0) {
		qsort(rows.v, rows.n, sizeof(rows.v[0]), lrow_cmp_state);
		for (i = 0; i < rows.n; i++)
			rows.v[i].e.active = i == 0 ||
			    !prefix_eq(&rows.v[i - 1].e.p, &rows.v[i].e.p);
		qsort(rows.v, rows.n, sizeof(rows.v[0]), lrow_cmp_order);
		qsort(rows.v, rows.n, sizeof(rows.v[0]), lrow_cmp_display);
	}
	for (i = 0; i < rows.n; i++)
		ARR_PUSH(a, *out, rows.v[i].e);
	arena_free(tmp);
}
