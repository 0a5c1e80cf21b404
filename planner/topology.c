/*
 * topology.c - derive hub/spoke roles from gateways and peerings.
 *
 * Only seen VNets get a role. A not-seen VNet referenced by a peering stays
 * ROLE_NONE: nothing is known of its gateways.
 */
#include "topology.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/util.h"
#include "estate.h"

struct peering *
peering_between(const struct vnet *a, const struct vnet *b)
{
	size_t i, lo, hi;

	if (a->by_remote == NULL || a->by_remote_of != a->peerings.n) {
		/* Not indexed (yet, or the VNet changed since): scan. */
		for (i = 0; i < a->peerings.n; i++)
			if (a->peerings.v[i]->r.seen &&
			    a->peerings.v[i]->remote == b)
				return a->peerings.v[i];
		return NULL;
	}
	lo = 0;
	hi = a->nby_remote;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uintptr_t)a->by_remote[mid].remote < (uintptr_t)b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->nby_remote && a->by_remote[lo].remote == b ?
	    a->by_remote[lo].p :
	    NULL;
}

static int
peer_ref_cmp(const void *x, const void *y)
{
	const struct peer_ref *a = x, *b = y;

	if (a->remote != b->remote)
		return (uintptr_t)a->remote < (uintptr_t)b->remote ? -1 : 1;
	return (a->at > b->at) - (a->at < b->at);
}

/* v's seen peerings by remote, first position first. */
static void
index_peerings(struct estate *e, struct vnet *v)
{
	size_t j, n = 0;

	v->by_remote = arena_calloc(e->arena, v->peerings.n + 1,
	    sizeof(*v->by_remote));
	for (j = 0; j < v->peerings.n; j++) {
		struct peering *p = v->peerings.v[j];

		if (!p->r.seen)
			continue;
		v->by_remote[n].remote = p->remote;
		v->by_remote[n].p = p;
		v->by_remote[n].at = j;
		n++;
	}
	qsort(v->by_remote, n, sizeof(*v->by_remote), peer_ref_cmp);
	v->nby_remote = n;
	v->by_remote_of = v->peerings.n;
}

bool
uses_gateway_of(const struct vnet *s, const struct vnet *h)
{
	const struct peering *p = peering_between(s, h), *back;

	if (p == NULL || !peering_active(p) ||
	    p->use_remote_gateways != TRI_TRUE)
		return false;
	back = peering_between(h, s);
	return back == NULL || back->allow_gateway_transit == TRI_TRUE;
}

static bool
is_gateway_subnet(const char *subnet_id)
{
	return subnet_id != NULL &&
	    mp_strcase_suffix(subnet_id, "/subnets/GatewaySubnet");
}

void
topology_derive(struct estate *e)
{
	size_t i, j, k;

	for (i = 0; i < e->vnets.n; i++) {
		struct vnet *v = e->vnets.v[i];

		v->role = ROLE_NONE;
		v->gateways.n = 0;
		v->hubs.n = 0;
		v->transit_hub = NULL;
		v->npes = 0;
		v->connected_configs.n = 0;
		for (j = 0; j < v->subnets.n; j++)
			v->npes += v->subnets.v[j]->pes.n;
		index_peerings(e, v);
	}
	for (i = 0; i < e->gateways.n; i++) {
		struct gateway *g = e->gateways.v[i];

		if (!g->r.seen || g->hub == NULL || !g->hub->r.seen ||
		    !is_gateway_subnet(g->subnet_id))
			continue;
		g->hub->role = ROLE_HUB;
		ARR_PUSH(e->arena, g->hub->gateways, g);
	}
	for (i = 0; i < e->vnets.n; i++) {
		struct vnet *v = e->vnets.v[i];

		if (!v->r.seen || v->role == ROLE_HUB)
			continue;
		for (j = 0; j < v->peerings.n; j++) {
			struct peering *p = v->peerings.v[j];
			struct vnet *h = p->remote;

			if (!p->r.seen || !peering_active(p) || h == NULL ||
			    h->role != ROLE_HUB)
				continue;
			v->role = ROLE_SPOKE;
			for (k = 0; k < v->hubs.n; k++)
				if (v->hubs.v[k] == h)
					break;
			if (k == v->hubs.n)
				ARR_PUSH(e->arena, v->hubs, h);
			if (v->transit_hub == NULL && uses_gateway_of(v, h))
				v->transit_hub = h;
		}
	}
	/* Existing AVNM connected groups: Mesh configs, or DirectlyConnected
	 * groups of HubAndSpoke configs, over static members. */
	for (i = 0; i < e->configs.n; i++) {
		struct connectivity_config *c = e->configs.v[i];
		bool mesh = c->topology && mp_strcaseeq(c->topology, "Mesh");

		/* A configuration that is not committed connects nothing. */
		if (!c->r.seen || !config_deployed(e, c->r.id))
			continue;
		for (j = 0; j < c->group_ids.n; j++) {
			struct network_group *g;

			if (!mesh &&
			    !(j < c->group_direct.n && c->group_direct.v[j]))
				continue;
			g = (struct network_group *)estate_find(e,
			    c->group_ids.v[j]);
			if (g == NULL || g->r.kind != RK_NETWORK_GROUP)
				continue;
			for (k = 0; k < g->member_ids.n; k++) {
				struct vnet *v = (struct vnet *)estate_find(e,
				    g->member_ids.v[k]);

				if (v != NULL && v->r.kind == RK_VNET)
					ARR_PUSH(e->arena, v->connected_configs,
					    c->r.id);
			}
		}
	}
}
