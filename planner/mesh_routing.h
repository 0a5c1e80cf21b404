/*
 * mesh_routing.h - the planner's pair oracle (mesh.h) answered by the
 * routing simulation (routing.h, rules R5-R8): each classification builds
 * a routing with the planned meshes and takes its pair table.
 */
#ifndef MESHPLAN_MESH_ROUTING_H
#define MESHPLAN_MESH_ROUTING_H

#include "mesh.h"
#include "routing.h"

struct routing_oracle {
	struct pair_oracle oracle;	/* pass &ro.oracle to plan_build */
	struct routing_opts opts;	/* copied; arrays must outlive it */
	size_t evaluations;		/* routings built so far */
};

void routing_oracle_init(struct routing_oracle *ro,
    const struct routing_opts *opts);

#endif
