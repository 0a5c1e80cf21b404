/*
 * routing_int.h - what routing.c shares with routing_pairs.c (the R7/R8
 * engine) and nothing else includes: routing contexts (one per source
 * subnet), the path walk, and the class signature of a context.
 */
#ifndef MESHPLAN_ROUTING_INT_H
#define MESHPLAN_ROUTING_INT_H

#include "routing.h"

struct rctx;

/* The context of subnet s of x (s NULL: VNet without subnets); owned by
 * r, created on first use. */
struct rctx *rctx_get(struct routing *r, const struct vnet *x,
    const struct subnet *s);
/* How rctx_path routes from a context. */
enum rctx_how {
	/* As any VNet of the context's class would, for an address outside
	 * its own space (X's VnetLocal routes left out). */
	RCTX_CLASS,
	/* With X's own routes: exact for X. */
	RCTX_OWN,
	/* As RCTX_CLASS, but the first lookup without the ConnectedGroup
	 * routes of X's meshes: the route of every class that differs only
	 * in its meshes, for an address none of their meshes covers. */
	RCTX_BASE,
};

/* R6 from context c to address d of dst. */
void rctx_path(struct routing *r, struct rctx *c, enum rctx_how how,
    const struct vnet *dst, const struct prefix *d, struct path *out);
/*
 * The class signature of a context: contexts with equal signatures
 * (rctx_class_eq, within one routing) route every address outside their
 * own VNet's space the same way; rctx_class_hash agrees with it. Without
 * meshes, the signature leaves out which meshes X is a member of.
 */
size_t rctx_class_hash(const struct rctx *c, bool meshes);
bool rctx_class_eq(const struct rctx *a, const struct rctx *b, bool meshes);

/* A mesh (ConnectedGroup) of a routing. */
struct rmesh;

/* The meshes c's VNet is a member of, in mesh order: their number, and
 * the array in *v. */
size_t rctx_meshes(const struct rctx *c, struct rmesh *const **v);
/* Does a ConnectedGroup route of m cover address d? */
bool rmesh_covers(const struct rmesh *m, const struct prefix *d);
/*
 * a and b have equal signatures without meshes: does every appliance
 * route of their route tables lead to the same context from both? (Which
 * subnet holds an appliance's IP can depend on the meshes.)
 */
bool rctx_same_appliances(struct routing *r, struct rctx *a, struct rctx *b);
const struct estate *routing_estate(const struct routing *r);

#endif
