/*
 * mesh_summaries.h - summarizedGatewayPrefixes per hub for the plan,
 * shaped as plan_inputs.summarize (mesh.h).
 */
#ifndef MESHPLAN_MESH_SUMMARIES_H
#define MESHPLAN_MESH_SUMMARIES_H

#include "estate.h"
#include "plan.h"
#include "policy.h"
#include "routing.h"

/*
 * Fill p->summaries (one per seen hub, in hub id order) and add a
 * STEP_SUMMARIES prerequisite and a hub plan VNet where summaries lower
 * the advertised count. ctx is a const struct routing_opts *.
 */
void plan_summaries(void *ctx, const struct estate *e,
    const struct policy *pol, struct plan *p);

#endif
