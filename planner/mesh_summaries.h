/*
 * mesh_summaries.h - summarizedGatewayPrefixes per hub for the plan,
 * shaped as plan_inputs.summarize (mesh.h).
 */
#ifndef MESHPLAN_MESH_SUMMARIES_H
#define MESHPLAN_MESH_SUMMARIES_H

#include "estate.h"
#include "routing_oracle.h"
#include "plan.h"
#include "policy.h"

/*
 * Fill p->summaries (one per seen hub, in hub id order) and add a
 * STEP_SUMMARIES prerequisite and a hub plan VNet where summaries lower
 * the advertised count. ctx is the struct routing_oracle * of the plan:
 * its routing (what hubs advertise and circuits learn does not depend on
 * meshes), or one built with its options when it has none yet.
 */
void plan_summaries(void *ctx, const struct estate *e, const struct policy *pol,
    struct plan *p);

#endif
