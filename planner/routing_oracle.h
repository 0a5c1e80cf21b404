/*
 * routing_oracle.h - the planner's pair oracle (mesh.h) answered by the
 * routing simulation (routing.h, rules R5-R8): each classification sets
 * the planned meshes on one routing and takes its pair table.
 */
#ifndef MESHPLAN_ROUTING_ORACLE_H
#define MESHPLAN_ROUTING_ORACLE_H

#include "mesh.h"
#include "routing.h"

struct routing_oracle {
	struct pair_oracle oracle; /* pass &ro.oracle to plan_build */
	struct routing_opts opts;  /* copied; arrays must outlive it */
	size_t evaluations;	   /* classifications so far */
	/*
	 * The routing every classification sets its planned meshes on
	 * (routing_set_meshes): built by the first, or given before it (a
	 * routing_new of the estate with these opts, e.g. the one that found
	 * the hairpins). Freed by routing_oracle_done, or when the planner
	 * releases the oracle.
	 */
	struct routing *current;
};

void routing_oracle_init(struct routing_oracle *ro,
    const struct routing_opts *opts);
void routing_oracle_done(struct routing_oracle *ro);

#endif
