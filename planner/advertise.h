/*
 * advertise.h - rule R1: the prefixes a hub's gateways advertise to
 * on-premises. Without summarizedGatewayPrefixes: the hub's prefixes plus
 * the prefixes of every spoke using its gateway. With them: the summaries
 * plus every spoke prefix that no summary covers (the hub's own space is
 * replaced by the summaries). Counted per family, duplicates once.
 *
 * A spoke contributes what is peered: its VNet prefixes when seen, else
 * the hub-side peering's remoteAddressSpace (subnet peering can peer less
 * than the whole VNet; then remoteAddressSpace wins when present).
 */
#ifndef MESHPLAN_ADVERTISE_H
#define MESHPLAN_ADVERTISE_H

#include "estate.h"

struct advertised {
	prefix_arr v4, v6;	   /* sorted (prefix_cmp), unique */
	ARR(struct vnet *) spokes; /* spokes using the gateway, sorted */
	size_t suppressed;	   /* spoke prefixes hidden by summaries */
};

/* The prefixes a spoke contributes to its transit hub's advertisement. */
void spoke_advertised_prefixes(const struct vnet *hub, const struct vnet *spoke,
    prefix_arr *out, struct arena *a);
/*
 * A(G) for the gateways of hub h. With use_summaries false, the hub's
 * summarizedGatewayPrefixes are ignored (the "before" count).
 * Memory comes from a.
 */
void advertised_compute(const struct estate *e, const struct vnet *h,
    bool use_summaries, struct arena *a, struct advertised *out);
/* Sort and de-duplicate a prefix array in place. */
void prefix_arr_sort_unique(prefix_arr *arr);

/*
 * Address space that hub h's gateways do not advertise today: a prefix of
 * a VNet other than h that does not use h's gateway, unless some prefix
 * of A(G) without summaries (h's space, its transit spokes) contains it.
 * A seen VNet gives its address space; a VNet that is only referenced
 * gives what the seen peerings to it say was peered (remoteAddressSpace,
 * remoteVirtualNetworkAddressSpace), and never uses a gateway (R1).
 * A summary over such space draws on-premises and other hubs' traffic for
 * that VNet to h's gateway, and the VNet has no route back through it.
 */
struct nontransit {
	struct prefix p;
	const struct vnet *vnet;
	bool peered; /* an active peering joins it to h */
};
typedef ARR(struct nontransit) nontransit_arr;

/* Fill out (memory from a), in VNet order; duplicates possible. */
void nontransit_space(const struct estate *e, const struct vnet *h,
    struct arena *a, nontransit_arr *out);

#endif
