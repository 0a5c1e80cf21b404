/*
 * labels.h - the name a message or a report gives a resource. A name is
 * shown bare when no other resource of the estate has the same type and
 * name (children: the same path of names, "vnet/subnet"); when one does,
 * as "NAME (resource group G, subscription S)", so that two workers-vnet
 * in two subscriptions never read alike. Names compare case-insensitively,
 * as Azure's do. Seen and only-referenced resources both count: a peering
 * to a workers-vnet that no input holds is as ambiguous as one that an
 * input holds.
 *
 * Ownership: the labels point into the estate, which must outlive them;
 * every string they return lives in the arena given to labels_new.
 */
#ifndef MESHPLAN_LABELS_H
#define MESHPLAN_LABELS_H

#include <stdbool.h>

#include "../lib/arena.h"

struct estate;
struct res;
struct labels;

/* Index the names of every resource of e (seen or referenced). */
struct labels *labels_new(const struct estate *e, struct arena *a);
/* Whether another resource has the path of names of id (its type and
 * name); a child no resource of the estate is (a route table's route) by
 * its nearest parent that is; false for NULL labels or id. */
bool label_collides(const struct labels *l, const char *id);
/* r's name (the last name of its id when it has none), qualified when it
 * collides. NULL labels: the bare name. */
const char *label_res(const struct labels *l, const struct res *r);
/* The resource with this id as label_res names it when the estate holds
 * it as a top-level resource; else the names of its id after the provider
 * ("vnet/subnet"), qualified when they collide. "?" for NULL. */
const char *label_id(const struct labels *l, const char *id);

/*
 * The qualified form itself, for callers that judge the collision on their
 * own data (the wave builder, which sees the plan's VNets and no estate):
 * "NAME (resource group G, subscription S)", "unknown" for a NULL part;
 * memory from a.
 */
const char *label_qualified(struct arena *a, const char *name, const char *rg,
    const char *sub);

#endif
