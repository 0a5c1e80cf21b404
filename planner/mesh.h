/*
 * mesh.h - the migration planner (DESIGN.md section 6): from a linked
 * estate, a policy and the routing verdicts, build the plan IR (plan.h):
 * mesh groups, blockers, the network manager, features, waves with their
 * steps, the effect (R8) per wave, segmentation and deny rules.
 *
 * The planner does not route by itself: it asks a pair oracle (the
 * routing module's R6-R8, wired in by the caller) to classify every
 * ordered spoke pair, before the mesh and with a given mesh membership.
 * That keeps this module independent of how routing is computed and lets
 * the unit tests state the routing outcome of a fixture directly.
 */
#ifndef MESHPLAN_MESH_H
#define MESHPLAN_MESH_H

#include <stdbool.h>
#include <stddef.h>

#include "estate.h"
#include "pairtable.h"
#include "plan.h"
#include "policy.h"

struct labels;

/* Path class of a flow (R6), one byte a pair: the class in the low bits,
 * PP_INSPECTED when the flow passed a virtual appliance. */
enum pair_path {
	PP_UNKNOWN = 0, /* not evaluated (i == j) */
	PP_DIRECT,	/* VNetPeering / ConnectedGroup to the dest */
	PP_HAIRPIN,	/* through an ExpressRoute circuit (MSEE) */
	PP_OVERLAP,	/* VnetLocal or a peering elsewhere */
	PP_ONPREM,
	PP_DROPPED,
	PP_VPN,
	PP_INTERNET,
	PP_LOOP,
};
#define PP_CLASS(b) ((enum pair_path)((b)&0x0f))
#define PP_INSPECTED 0x10

const char *pair_path_name(enum pair_path pp);

/*
 * The routing oracle. classify fills the pair table out (pairtable.h;
 * memory from a; spokes by the caller's indices, exceptions sorted) for
 * every ordered pair i != j of spokes[0..n) with a pair_path byte (R7: a
 * pair is PP_HAIRPIN when some subnet and destination prefix of R6 ends
 * in a hairpin; else the class of its first subnet and prefix), with
 * PP_INSPECTED set when that path passed an appliance; PP_UNKNOWN: no
 * pair (a destination without prefixes). mesh_of (NULL = all -1) gives
 * each spoke's planned connected group: spokes with the same value >= 0
 * hold ConnectedGroup routes to each other (R8), on top of whatever
 * groups the estate already has.
 */
struct pair_oracle {
	void *ctx;
	void (*classify)(void *ctx, const struct estate *e,
	    struct vnet *const *spokes, size_t n, const int *mesh_of,
	    struct arena *a, struct pair_table *out);
	/* Optional: called once the plan needs no more classifications, so
	 * that the oracle can free what it holds before the plan copies the
	 * VNets' JSON. */
	void (*release)(void *ctx);
	/*
	 * Optional: for each of the n pairs (src[k], dst[k]) that passed an
	 * appliance in the estate as it is (no planned mesh), the user route
	 * that sent the flow there: its id and its effective-route text
	 * (memory from a), or NULLs when the pair's path passed none. Called
	 * after the last classification, before release.
	 */
	void (*inspecting_route)(void *ctx, const struct estate *e,
	    struct vnet *const *src, struct vnet *const *dst, size_t n,
	    struct arena *a, const char **route_id, const char **route);
};

/* Bytes seen for a VNet in flow logs (input/flowlogs.c). */
struct vnet_traffic {
	const char *vnet_id;
	unsigned long long bytes;
};

struct plan_inputs {
	const struct pair_oracle *oracle;   /* required */
	const struct vnet_traffic *traffic; /* may be NULL */
	size_t ntraffic;
	const char *generator; /* "meshplan 0.1.0" */
	/* Optional: fill p->summaries (one per hub). Called after the
	 * meshes are planned; may add STEP_SUMMARIES to p->prereq. */
	void (*summarize)(void *ctx, const struct estate *e,
	    const struct policy *pol, struct plan *p);
	void *summarize_ctx;
	/* Optional: the plan this one resumes (--previous-plan): its wave
	 * names and numbers are kept for the VNets not live yet, and its
	 * configurations are the ones resumed (docs/lifecycle.md). */
	const struct plan *previous;
	/* Optional: the arena of the estate's raw JSON, handed over by
	 * estate_take_raw(e) of this same e. The plan keeps it (plan_free
	 * frees it) and points into it instead of copying vnet.raw. */
	struct arena *raw;
	/* Optional: the labels of this same e (labels_new), e.g. the
	 * analysis'; they must outlive plan_build. NULL: the planner makes
	 * its own when it needs them. The names they return live in their
	 * arena. */
	const struct labels *labels;
};

/*
 * Build the plan. The result owns its memory (plan_free); it copies what
 * it needs from the estate, which may be freed afterwards (the raw JSON
 * is not copied but taken over when in->raw is given).
 */
struct plan *plan_build(const struct estate *e, const struct policy *pol,
    const struct plan_inputs *in);

/* Normalised region name: lower case without spaces ("East US" ->
 * "eastus"); "unknown" for NULL. Memory from a. */
const char *region_key(struct arena *a, const char *location);

#endif
