/*
 * routing.h - the routing simulation of DESIGN.md section 3 (rules R3-R8):
 * on-premises routes per circuit, gateway-learned routes, the effective
 * routes of a subnet as Azure lists them, the path of a spoke-to-spoke
 * flow, the aggregation of hairpinning pairs, and the effect of a mesh.
 *
 * Usage (analyze, plan):
 *
 *	struct routing_opts o = { .onprem = pol.onprem.v,
 *	    .nonprem = pol.onprem.n, .reserved_172 = pol.reserved_172 };
 *	struct routing *r = routing_new(e, &o, NULL, 0);
 *	struct hairpins h;
 *	routing_hairpins(r, arena, &h);		// aggregated counts
 *	routing_pairs(r, false, fn, ctx);	// --pairs stream, sorted
 *	routing_free(r);
 *
 * R8 (after a mesh): make a second routing with the meshes and compare:
 *
 *	struct routing *after = routing_new(e, &o, meshes, nmeshes);
 *	struct mesh_effect eff;
 *	routing_mesh_effect(r, after, arena, &eff, NULL, NULL);
 *
 * The estate must be linked and its topology derived (load_inputs does
 * both) and must not change while a routing exists. A routing owns an
 * arena of its own; everything it returns (routes, texts) lives there and
 * is valid until routing_free(). Functions that build lazily take a
 * non-const routing; none of them is thread-safe on the same routing.
 *
 * Cost: routing_hairpins() groups source spokes into classes whose
 * routing is the same (route-table content, peerings, transit hub, mesh
 * membership) and routes once per class and destination prefix with
 * longest-prefix matches in shared tries; pairs whose address spaces
 * overlap are routed one by one. Memory is linear in the estate.
 */
#ifndef MESHPLAN_ROUTING_H
#define MESHPLAN_ROUTING_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "advertise.h"
#include "estate.h"
#include "pairtable.h"

struct routing;

struct routing_opts {
	/* On-premises prefixes from --onprem and the policy (R3); they are
	 * added to every circuit's on-premises routes. May be NULL. */
	const struct prefix *onprem;
	size_t nonprem;
	/* Add the 172.16.0.0/12 None system route (policy switch). */
	bool reserved_172;
};

/* A mesh for R8: its members hold ConnectedGroup routes to each other. */
struct mesh {
	const char *name; /* for reports; may be NULL */
	struct vnet *const *members;
	size_t n;
};

/* The "source" column of an effective route. */
enum route_source {
	RSRC_DEFAULT = 0, /* "Default": system routes */
	RSRC_GATEWAY,	  /* "VirtualNetworkGateway" */
	RSRC_USER,	  /* "User": route table */
};

/* One effective route of a subnet. */
struct eroute {
	struct prefix p;
	enum route_source source;
	enum next_hop nh;
	bool active;		      /* false: "Invalid" */
	bool ambiguous;		      /* VNetPeering/ConnectedGroup: more
				       * than one VNet holds this prefix */
	const char *nh_ip;	      /* VirtualAppliance IP; else NULL */
	const struct gateway *gw;     /* gateway routes: the gateway */
	const struct vnet *remote;    /* VNetPeering/ConnectedGroup target */
	const struct route_table *rt; /* User: the route table */
	const char *name;	      /* User: the route's name */
	/* "Source prefix NextHopType[ ip]": how reports name the route. */
	const char *text;
};

typedef ARR(struct eroute) eroute_arr;

/*
 * Create the simulation for estate e. meshes (may be NULL) are extra
 * connected groups on top of the AVNM configurations already in the
 * estate. The mesh arrays are copied. Never NULL.
 */
struct routing *routing_new(const struct estate *e,
    const struct routing_opts *o, const struct mesh *meshes, size_t nmeshes);
void routing_free(struct routing *r); /* NULL-safe */
/*
 * Replace r's planned meshes (those given to routing_new, or to the last
 * call) with these: r is then the routing routing_new(e, o, meshes,
 * nmeshes) would make, but keeps what does not depend on the meshes (the
 * planner evaluates each wave this way). Results taken from r before
 * (routes, paths, contexts' answers) must not be used after.
 */
void routing_set_meshes(struct routing *r, const struct mesh *meshes,
    size_t nmeshes);

/* R1: the advertised set of hub h's gateways (summaries applied). */
const struct advertised *routing_advertised(struct routing *r,
    const struct vnet *h);
/*
 * R3: on-premises routes of circuit c: EBgp learned routes of gateways on
 * c and c's route-table exports, minus every gateway's advertised
 * prefixes, plus the --onprem/policy prefixes. Sorted, unique.
 */
const prefix_arr *routing_onprem(struct routing *r, const struct circuit *c);
/* True when any learned route, circuit route or --onprem prefix was given
 * (else on-premises routes are unknown and analysed as none). */
bool routing_onprem_known(const struct routing *r);
/* The estate r simulates. */
const struct estate *routing_estate(const struct routing *r);
/* R4: the routes gateway g learns, L(G). Sorted, unique. */
const prefix_arr *routing_learned(struct routing *r, const struct gateway *g);
/* The circuit an ExpressRoute gateway sends to (highest routingWeight,
 * tie: smallest id); NULL when it has none. */
const struct circuit *routing_circuit(struct routing *r,
    const struct gateway *g);

/*
 * R5: the effective routes of subnet s of VNet x (s NULL: a VNet without
 * subnets, no route table), with states as Azure lists them. Routes are
 * appended to out (memory from a) in this order: Default VnetLocal,
 * VNetPeering, ConnectedGroup; VirtualNetworkGateway routes; Default
 * Internet and None; User routes; each group by prefix.
 */
void routing_effective(struct routing *r, const struct vnet *x,
    const struct subnet *s, struct arena *a, eroute_arr *out);
/* The route Azure would use from subnet s of x for address addr (a /32 or
 * /128), or NULL when no route matches. */
const struct eroute *routing_lookup(struct routing *r, const struct vnet *x,
    const struct subnet *s, const struct prefix *addr);

/* R6: how a flow ends. */
enum path_kind {
	PATH_DIRECT = 0, /* VNetPeering/ConnectedGroup to the dest */
	PATH_HAIRPIN,	 /* through an ExpressRoute circuit to a gw */
	PATH_ONPREM,	 /* the circuit sends it on-premises */
	PATH_VPN,	 /* to a VPN gateway */
	PATH_DROPPED,	 /* None route, no route, nowhere to go */
	PATH_INTERNET,
	PATH_OVERLAP, /* VnetLocal or another VNet's prefix */
	PATH_LOOP,    /* more than 4 appliances */
	PATH__COUNT
};

enum hp_scope { SCOPE_NONE = 0, SCOPE_SAME_HUB, SCOPE_CROSS_HUB };

struct path {
	enum path_kind kind;
	enum hp_scope scope; /* hairpins only */
	bool inspected;	     /* passed a VirtualAppliance */
	unsigned appliances; /* how many */
	/* The route that decided (for a hairpin: the one that sent the flow
	 * to the gateway); NULL when no route matched. */
	const struct eroute *route;
	const struct gateway *gw;      /* G: gateway the flow reached */
	const struct circuit *circuit; /* C */
	const struct gateway *gw2;     /* G2: hairpin target */
};

/* R6 for one flow from subnet s of x (s NULL: no subnets) to address
 * addr, destined for VNet dst. */
void routing_path(struct routing *r, const struct vnet *x,
    const struct subnet *s, const struct vnet *dst, const struct prefix *addr,
    struct path *out);

/*
 * One ordered spoke pair (src, dst) with its evidence. The pair's path is
 * the first hairpin over src's source subnets (by id) and dst's prefixes
 * (prefix order); without a hairpin, the path of the first subnet and
 * the first prefix.
 */
struct pair_result {
	const struct vnet *src, *dst;
	const struct subnet *src_subnet; /* NULL: VNet without subnets */
	struct prefix prefix;		 /* dst's prefix */
	struct path path;
};

struct hairpin_group {
	const struct vnet *src_hub, *dst_hub; /* hubs of G and G2 */
	const struct circuit *circuit;
	const struct gateway *src_gw, *dst_gw;
	enum hp_scope scope;
	const char *route; /* eroute.text of the deciding route
			    * (in the caller's arena) */
	size_t pairs, inspected;
};

struct hairpin_spoke {
	const struct vnet *spoke;
	const struct vnet *hub; /* transit hub, else its first hub */
	size_t out_same_hub, out_cross_hub, in_same_hub, in_cross_hub;
};

/* R7: aggregated over every ordered pair of distinct spokes. */
struct hairpins {
	size_t spokes;		 /* spokes (sources and destinations) */
	size_t pairs_considered; /* ordered pairs: spokes*(spokes-1) */
	size_t pairs, same_hub, cross_hub, inspected; /* hairpinning */
	size_t kinds[PATH__COUNT]; /* every pair by its path kind */
	size_t kinds_inspected[PATH__COUNT];
	size_t classes;	   /* routing classes used */
	size_t exceptions; /* pairs routed one by one */
	/* Sorted by pairs (descending), then src hub, dst hub, circuit,
	 * src gw, dst gw (ids), scope, route. */
	ARR(struct hairpin_group) groups;
	ARR(struct hairpin_spoke) spoke_counts; /* every spoke, by id */
};

/* Aggregate R7; memory from a (out does not point into r). */
void routing_hairpins(struct routing *r, struct arena *a, struct hairpins *out);

/*
 * Stream pairs sorted by (src id, dst id): every ordered spoke pair when
 * all is true, else the hairpinning ones. fn returning non-zero stops the
 * stream; that value is returned (0 when complete). The pair is valid
 * during the call only.
 */
int routing_pairs(struct routing *r, bool all,
    int (*fn)(const struct pair_result *pr, void *ctx), void *ctx);

/*
 * The verdict of every ordered spoke pair, as routing_pairs(r, true, ...)
 * gives it, as a pair table (pairtable.h; memory from a): spokes are every
 * spoke by id, classes the routing classes, exceptions the pairs of
 * overlapping address spaces. A byte is the path kind, with
 * ROUTING_INSPECTED or'ed in when the path passed an appliance, or
 * ROUTING_NO_PAIR (a destination without prefixes).
 */
#define ROUTING_INSPECTED 0x80
#define ROUTING_NO_PAIR 0xff
void routing_pair_table(struct routing *r, struct arena *a,
    struct pair_table *out);

/* R8: what a mesh does to the hairpins. */
struct mesh_effect {
	size_t hairpins_before, hairpins_after;
	size_t removed; /* hairpinned before, not after */
	size_t stayed;	/* hairpin before and after */
	size_t added;	/* hairpin after only (should not happen) */
	/* What the removed hairpins became, by path kind. */
	size_t became[PATH__COUNT];
	size_t became_inspected; /* ... through an appliance */
	/* Stayed hairpins whose two spokes share a mesh: a route keeps them
	 * on the gateway (e.g. a user route at least as long). */
	size_t stayed_in_mesh;
	size_t inspected_after;	 /* pairs through an appliance after */
	size_t direct_after_new; /* direct after and not before, or
				  * inspected before (segmentation) */
	struct hairpins before, after;
};

/*
 * Compare two simulations of the same estate, before (no meshes) and
 * after (routing_new with meshes). fn, when not NULL, is called for
 * every ordered spoke pair whose path changed, sorted by (src, dst).
 */
void routing_mesh_effect(struct routing *before, struct routing *after,
    struct arena *a, struct mesh_effect *out,
    int (*fn)(const struct pair_result *b, const struct pair_result *af,
	void *ctx),
    void *ctx);

/* Do two VNets share a mesh (given or existing) in r? */
bool routing_same_mesh(struct routing *r, const struct vnet *a,
    const struct vnet *b);

const char *path_kind_name(enum path_kind k);	    /* "hairpin", ... */
const char *hp_scope_name(enum hp_scope s);	    /* "same-hub", ... */
const char *route_source_name(enum route_source s); /* Azure spelling */
/* Subnets that are never the source of a flow (GatewaySubnet, ...). */
bool subnet_is_infrastructure(const struct subnet *s);

#endif
