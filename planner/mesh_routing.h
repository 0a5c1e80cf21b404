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
	/*
	 * Optional: a routing of the estate as it is (routing_new with no
	 * meshes and these opts), e.g. the one that found the hairpins. The
	 * first classification without planned meshes uses it instead of
	 * building its own, and frees it; routing_oracle_done frees it
	 * when it was never used.
	 */
	struct routing *current;
};

void routing_oracle_init(struct routing_oracle *ro,
    const struct routing_opts *opts);
void routing_oracle_done(struct routing_oracle *ro);

#endif
