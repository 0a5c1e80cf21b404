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
/*
 * R6 from context c to address d of dst. own == false routes as any VNet
 * of c's class would for an address outside its own space (X's VnetLocal
 * routes left out).
 */
void rctx_path(struct routing *r, struct rctx *c, bool own,
    const struct vnet *dst, const struct prefix *d, struct path *out);
/*
 * The class signature of a context: contexts with equal signatures
 * (rctx_class_eq, within one routing) route every address outside their
 * own VNet's space the same way; rctx_class_hash agrees with it.
 */
size_t rctx_class_hash(const struct rctx *c);
bool rctx_class_eq(const struct rctx *a, const struct rctx *b);
const struct estate *routing_estate(const struct routing *r);

#endif
