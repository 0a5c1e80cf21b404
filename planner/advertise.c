/*
 * advertise.c - rule R1 (see advertise.h), and its complement for one hub:
 * the address space its gateways do not advertise (nontransit_space),
 * which summaries must not cover.
 */
#include "advertise.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "ptrie.h"
#include "topology.h"

static int
pcmp(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

void
prefix_arr_sort_unique(prefix_arr *arr)
{
	size_t i, n = 0;

	if (arr->n < 2)
		return;
	qsort(arr->v, arr->n, sizeof(struct prefix), pcmp);
	for (i = 0; i < arr->n; i++)
		if (n == 0 || !prefix_eq(&arr->v[n - 1], &arr->v[i]))
			arr->v[n++] = arr->v[i];
	arr->n = n;
}

void
spoke_advertised_prefixes(const struct vnet *hub, const struct vnet *spoke,
    prefix_arr *out, struct arena *a)
{
	const struct peering *back = peering_between(hub, spoke);
	const struct peering *fwd = peering_between(spoke, hub);
	const prefix_arr *src = &spoke->prefixes;
	size_t i;

	if (back != NULL && back->remote_prefixes.n > 0 &&
	    (!spoke->r.seen || back->complete_vnets_false))
		src = &back->remote_prefixes;
	else if (!spoke->r.seen && fwd == NULL && back != NULL)
		src = &back->remote_vnet_prefixes;
	/* A spoke exported without its address space: what the hub's side
	 * of the peering says was peered. */
	if (src->n == 0 && back != NULL)
		src = back->remote_prefixes.n > 0 ? &back->remote_prefixes :
						    &back->remote_vnet_prefixes;
	for (i = 0; i < src->n; i++)
		ARR_PUSH(a, *out, src->v[i]);
}

static void
push_family(struct arena *a, struct advertised *out, const struct prefix *p)
{
	if (p->fam == FAM_V4)
		ARR_PUSH(a, out->v4, *p);
	else
		ARR_PUSH(a, out->v6, *p);
}

void
advertised_compute(const struct estate *e, const struct vnet *h,
    bool use_summaries, struct arena *a, struct advertised *out)
{
	bool summ = use_summaries && h->has_summaries && h->summaries.n > 0;
	prefix_arr sp = { 0 };
	size_t i, j, k;

	memset(out, 0, sizeof(*out));
	if (summ) {
		for (i = 0; i < h->summaries.n; i++)
			push_family(a, out, &h->summaries.v[i]);
	} else {
		for (i = 0; i < h->prefixes.n; i++)
			push_family(a, out, &h->prefixes.v[i]);
	}
	for (i = 0; i < e->vnets.n; i++) {
		struct vnet *s = e->vnets.v[i];

		if (s == h || !uses_gateway_of(s, h))
			continue;
		/* A spoke that is in no input is never counted: its side
		 * of the peering (useRemoteGateways) is unknown. */
		ARR_PUSH(a, out->spokes, s);
		sp.n = 0;
		spoke_advertised_prefixes(h, s, &sp, a);
		for (j = 0; j < sp.n; j++) {
			bool covered = false;

			for (k = 0; summ && k < h->summaries.n; k++)
				if (prefix_contains(&h->summaries.v[k],
					&sp.v[j]))
					covered = true;
			if (covered)
				out->suppressed++;
			else
				push_family(a, out, &sp.v[j]);
		}
	}
	prefix_arr_sort_unique(&out->v4);
	prefix_arr_sort_unique(&out->v6);
}

/* raw holds A(G) without summaries; a prefix inside one of them is
 * advertised today. */
static void
nt_push(struct arena *a, const struct ptrie *raw, nontransit_arr *out,
    const struct vnet *v, bool peered, const prefix_arr *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		struct nontransit x;

		if (ptrie_lpm(raw, &src->v[i], NULL) != NULL)
			continue;
		x.p = src->v[i];
		x.vnet = v;
		x.peered = peered;
		ARR_PUSH(a, *out, x);
	}
}

static bool
peered_with(const struct vnet *h, const struct vnet *v)
{
	const struct peering *x = peering_between(h, v);
	const struct peering *y = peering_between(v, h);

	return (x != NULL && peering_active(x)) ||
	    (y != NULL && peering_active(y));
}

void
nontransit_space(const struct estate *e, const struct vnet *h, struct arena *a,
    nontransit_arr *out)
{
	struct advertised adv;
	struct ptrie *raw = ptrie_new(a);
	size_t i;

	out->n = 0;
	advertised_compute(e, h, false, a, &adv);
	for (i = 0; i < adv.v4.n; i++)
		ptrie_insert(raw, &adv.v4.v[i], (void *)h, NULL);
	for (i = 0; i < adv.v6.n; i++)
		ptrie_insert(raw, &adv.v6.v[i], (void *)h, NULL);
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		if (v == h || !v->r.seen || uses_gateway_of(v, h))
			continue;
		nt_push(a, raw, out, v, peered_with(h, v), &v->prefixes);
	}
	for (i = 0; i < e->peerings.n; i++) {
		const struct peering *p = e->peerings.v[i];
		const struct vnet *v = p->remote;
		bool peered;

		if (!p->r.seen || v == NULL || v == h || v->r.seen)
			continue;
		peered = p->vnet == h && peering_active(p);
		nt_push(a, raw, out, v, peered, &p->remote_prefixes);
		nt_push(a, raw, out, v, peered, &p->remote_vnet_prefixes);
	}
}
