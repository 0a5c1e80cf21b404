/*
 * drift.h - what a plan records of each resource its IaC rewrites, so
 * that `status` (and `emit`/`pr` given a plan and fresh inputs) can tell
 * whether it changed since the plan (docs/lifecycle.md "Drift").
 */
#ifndef MESHPLAN_DRIFT_H
#define MESHPLAN_DRIFT_H

#include <stdbool.h>

#include "../lib/arena.h"

struct plan;
struct plan_vnet;

/*
 * From a VNet's exported JSON (struct vnet.raw: subnets and peerings
 * inline): *etag gets its "etag" (NULL when absent) and *digest
 * "fnv1a64:<16 hex digits>" over its canonical form (see drift.c);
 * both in a. Returns false (and sets both NULL) when raw is not JSON.
 */
bool drift_body(struct arena *a, const char *raw, const char **etag,
    const char **digest);

/*
 * drift_body's fast path alone (for tests): the same result when raw
 * keeps to the strict JSON the loader writes (sorted keys, ASCII, no
 * \\u escapes, short numbers); false, with nothing set, when it does not.
 */
bool drift_body_strict(struct arena *a, const char *raw, const char **etag,
    const char **digest);

/* Does the plan's IaC rewrite this VNet's body (a hub whose summaries
 * change, a VNet or subnet with an HSPE change)? */
bool drift_rewritten(const struct plan_vnet *v);

/* Fill etag and digest of every plan VNet that drift_rewritten says. */
void drift_fill_plan(struct plan *p);

#endif
