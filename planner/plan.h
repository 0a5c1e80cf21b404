/*
 * plan.h - the plan IR: everything the emitters need to write IaC, reports
 * and PR bodies, and nothing they must look up elsewhere. The planner
 * builds it from the estate and the policy; plan.json is its serialized
 * form (schemas/plan.schema.json) and can be read back, so `emit` works
 * from a plan.json as well as from the inputs.
 *
 * Ownership: every string and array lives in plan->arena (plan_vnet.raw
 * may live in plan->raw_arena instead). Arrays are
 * sorted as documented so that emitters can iterate without sorting.
 * Resource ids keep the spelling of the input.
 */
#ifndef MESHPLAN_PLAN_H
#define MESHPLAN_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "estate.h"

/* A subnet whose privateEndpointNetworkPolicies must change (HSPE). */
struct plan_subnet_change {
	const char *id, *name;
	const char *old_policy; /* NULL = absent (Disabled) */
	const char *new_policy; /* Enabled | RouteTableEnabled */
	size_t npes;
};

/* A VNet the plan adds to a mesh or changes (spokes and hubs). */
struct plan_vnet {
	const char *id, *name, *subscription, *resource_group, *location;
	prefix_arr prefixes;
	ARR(struct tag) tags; /* sorted by key */
	size_t npes;
	/*
	 * The exported VNet as JSON (compact, sorted keys, with every subnet
	 * and peering inline): IaC that PUTs this VNet starts from it so that
	 * nothing is lost. NULL when the VNet was only referenced.
	 */
	const char *raw;
	const char *pe_vnet_policies; /* current value; NULL = absent */
	bool set_pe_vnet_basic;	      /* plan sets Basic (HSPE) */
	ARR(struct plan_subnet_change) subnet_changes; /* sorted by id */
	int wave; /* 1-based wave it joins; 0 = none */
	/*
	 * The wave whose folder changes this VNet's private endpoint
	 * policies (HSPE): a member's own wave; for a hub, the first wave
	 * that adds an HSPE member peered to it. 0 = no such change.
	 */
	int change_wave;
	const char *mesh;    /* mesh name; NULL = none */
	const char *segment; /* policy segment; NULL = none */
	size_t hairpins_out; /* hairpinning destinations before */
	bool is_hub;
	size_t traffic_bytes; /* flow-log bytes (added field) */
	/* Lifecycle (docs/lifecycle.md). */
	bool live;	    /* a live member when planned (wave 0) */
	const char *etag;   /* the export's etag; NULL = none */
	const char *digest; /* of what the IaC rewrites or depends
			     * on (input/drift.h); NULL = not
			     * rewritten by the plan */
};

struct plan_cover {
	const char *vnet_id; /* a spoke (or the hub) covered */
	struct prefix p;
};

/* summarizedGatewayPrefixes for one hub (section 5). */
struct plan_summary {
	const char *hub_id, *hub_name;
	prefix_arr current;	       /* the hub's current summaries */
	prefix_arr prefixes;	       /* proposed, sorted */
	size_t before_v4, before_v6;   /* advertised counts (R1) before */
	size_t after_v4, after_v6;     /* ... after the summaries */
	double waste;		       /* addresses covered by no VNet */
	ARR(struct plan_cover) covers; /* what the summaries suppress */
	/* Prefixes of VNets that do not use the hub's gateway but lie in a
	 * summary: only with summaries.cover_non_transit (else such space is
	 * forbidden). Sorted by VNet id, then prefix. */
	ARR(struct plan_cover) opens;
	bool reached_budget; /* false: --max-prefixes not reached */
	const char *note;    /* why something could not be done */
};

struct plan_mesh {
	const char *name;   /* e.g. "mesh-eastus" */
	const char *region; /* NULL when global */
	bool global;
	bool high_scale; /* > 250 VNets: AllowHighScaleConnectedGroup */
	bool hspe;	 /* connectedGroupPrivateEndpointsScale */
	ARR(const char *) vnet_ids; /* members, sorted by id */
	size_t private_endpoints;
	const char *group_name;		/* AVNM network group */
	const char *config_name;	/* connectivity configuration */
	const char *existing_config_id; /* reuse; NULL = create */
	const char *existing_group_id;	/* live network group; NULL = new */
	/* Added by the planner. */
	size_t max_vnet_pes;		 /* most PEs in one member */
	ARR(const char *) subscriptions; /* members', sorted, unique */
	const char *note;		 /* e.g. why it was split; or NULL */
};

enum step_kind {
	STEP_FEATURE,	      /* register a subscription feature, wait */
	STEP_SUBNET_POLICY,   /* privateEndpointNetworkPolicies */
	STEP_VNET_POLICY,     /* privateEndpointVNetPolicies: Basic */
	STEP_SUMMARIES,	      /* summarizedGatewayPrefixes on a hub */
	STEP_MANAGER,	      /* network manager (create, or use) */
	STEP_GROUP,	      /* network group */
	STEP_CONFIG,	      /* connectivity configuration */
	STEP_SECURITY,	      /* security admin configuration */
	STEP_COMMIT,	      /* commit (deployment) */
	STEP_VALIDATE,	      /* validation */
	STEP_MEMBER,	      /* static member of a network group */
	STEP_TAG,	      /* membership tag (Azure Policy membership) */
	STEP_RULE_COLLECTION, /* security admin rule collection */
	STEP_RULE,	      /* security admin rule */
	STEP_MEMBER_DELETE,   /* rollback: a static member leaves */
};

/*
 * One property of a step: a name (the ARM property or argument it
 * stands for) and its value, or a list of values.
 */
struct step_prop {
	const char *name;
	bool list;
	ARR(const char *) values;
};

/*
 * A runbook step is data: what it does (kind), the Azure object it
 * creates or changes (resource: a full id, which carries every name),
 * the subscription it runs in, and its properties. Emitters turn it into
 * an az command (emitters/runbook.h) and into IaC from the same ids, so
 * that the runbook and the templates cannot disagree on a name.
 */
struct plan_step {
	enum step_kind kind;
	const char *resource;	     /* id it acts on; NULL for validate */
	const char *subscription;    /* GUID it runs in; NULL for validate */
	const char *text;	     /* one line an engineer can follow */
	ARR(struct step_prop) props; /* in order */
};

/*
 * An ordered spoke pair whose flow passed an appliance before the
 * migration and goes straight to its destination (ConnectedGroup or
 * peering, no appliance) once a wave's members are live: inspection lost.
 */
struct plan_lost_pair {
	const char *src_id, *dst_id;
	/* The user route that sent the flow to the appliance before: its id
	 * ("<route table id>/routes/<name>") and its text as an effective
	 * route lists it ("User 0.0.0.0/0 VirtualAppliance 10.0.1.4").
	 * NULL when the oracle cannot say. */
	const char *route_id, *route;
};
/* The value of a step's property (the first one of a list); NULL when
 * the step has no such property. */
const char *step_prop(const struct plan_step *s, const char *name);
/* The property itself, or NULL. */
const struct step_prop *step_prop_get(const struct plan_step *s,
    const char *name);
/* Append a property with one value, or with n values as a list. */
void step_set(struct arena *a, struct plan_step *s, const char *name,
    const char *value);
void step_set_list(struct arena *a, struct plan_step *s, const char *name,
    const char *const *values, size_t n);

struct plan_wave {
	int number;		     /* 1-based */
	const char *name;	     /* pilot | light-production | rest */
	ARR(const char *) vnet_ids;  /* added in this wave, sorted */
	ARR(const char *) members;   /* cumulative members, sorted */
	size_t private_endpoints;    /* cumulative */
	ARR(struct plan_step) steps; /* in order */
	ARR(const char *) checks;    /* validation checklist */
	/* Undo this wave alone: its members leave, the commit keeps the
	 * earlier waves live. */
	ARR(struct plan_step) rollback;
	const char *maintenance; /* maintenance-window note or NULL */
	/*
	 * R7/R8 with the members of waves 1..number live (cumulative):
	 * every ordered spoke pair through the ExpressRoute edge, inspected
	 * or not; inspected_after: those of them that also pass an
	 * appliance. What `analyze` counts on the estate with these members
	 * in their connected groups.
	 */
	size_t hairpins_after;
	size_t inspected_after;
	size_t traffic_bytes; /* flow-log bytes of added VNets */
	/* Added by the planner. */
	size_t hairpins_before;	 /* = the previous wave's after (wave
				  * 1: the estate's) */
	const char *note;	 /* how the wave was chosen, or NULL */
	size_t inspected_before; /* the previous wave's inspected_after */
	/* Pairs inspected before the migration and direct after this wave
	 * (cumulative), and those of them this wave adds (direct after it,
	 * not after the previous one). */
	size_t inspection_lost, inspection_lost_new;
	/* The first PLAN_LOST_CAP pairs this wave adds, by (src, dst). */
	ARR(struct plan_lost_pair) lost;
};

struct plan_blocker {
	const char *resource;
	const char *reason;
	/* overlap | existing-group | pe-limit | single */
	const char *kind;
};

struct plan_feature {
	const char *subscription;
	const char *feature; /* "Microsoft.Network/..." */
	const char *why;
};

/* A pair the mesh makes directly reachable (segmentation report). */
struct plan_pair {
	const char *src_id, *dst_id;
	const char *before;    /* path class before: hairpin, ... */
	bool denied;	       /* kept apart by an admin rule */
	bool inspected_before; /* passed an appliance before */
	const char *src_segment, *dst_segment; /* NULL = none */
};

/* Segmentation aggregated per ordered (source, destination) segment. */
struct plan_segment_count {
	const char *src_segment, *dst_segment; /* NULL = no segment */
	size_t pairs;			       /* newly direct pairs */
	bool denied; /* a deny rule keeps them apart */
};

/* A security admin rule denying traffic between two segments. */
struct plan_deny {
	const char *name;
	const char *segment_a, *segment_b;
	const char *group_a, *group_b; /* network group names */
	ARR(const char *) vnets_a;
	ARR(const char *) vnets_b;
	int priority;
	const char *protocol; /* "Any" */
	size_t pairs;	      /* pairs the rule keeps apart */
};

struct plan_manager {
	const char *existing_id; /* NULL: create a new one */
	const char *name, *subscription, *resource_group, *location;
	ARR(const char *) scope_subscriptions; /* "/subscriptions/..." */
	ARR(const char *) scope_management_groups;
	ARR(const char *) accesses; /* Connectivity, SecurityAdmin */
	const char *note;	    /* why this one, or NULL */
};

/*
 * hairpins_before/after: every ordered spoke pair through the ExpressRoute
 * edge (R7), inspected or not, before the migration and after the whole
 * plan (R8); inspected_before/after: those of them that also pass an
 * appliance; inspection_lost: pairs that pass an appliance before and go
 * straight to each other after.
 */
struct plan_effect {
	size_t hairpins_before, hairpins_after, inspected_after;
	size_t pairs_before; /* spoke pairs considered */
	/* Why the remaining hairpins stay (the three sum to hairpins_after). */
	size_t after_not_meshed; /* one side in no mesh */
	size_t after_other_mesh; /* the sides in different meshes */
	size_t after_same_mesh;	 /* same mesh, still hairpinning */
	size_t inspected_before;
	size_t inspection_lost;
};

struct plan {
	struct arena *arena;
	const char *generator; /* "meshplan 0.1.0" */
	struct plan_manager manager;
	ARR(struct plan_vnet) vnets;	    /* sorted by id */
	ARR(struct plan_summary) summaries; /* sorted by hub id */
	ARR(struct plan_mesh) meshes;	    /* sorted by name */
	ARR(struct plan_wave) waves;	    /* by number */
	ARR(struct plan_blocker) blockers;  /* sorted by resource */
	ARR(struct plan_feature) features;  /* sorted */
	ARR(struct plan_step) prereq;	    /* steps before wave 1 */
	ARR(struct plan_pair) segmentation; /* sorted by src, dst */
	ARR(struct plan_deny) deny;	    /* sorted by name */
	struct plan_effect effect;
	bool dynamic_membership;    /* Azure Policy instead of static */
	const char *membership_tag; /* tag key=value for dynamic */
	/* Added by the planner. */
	ARR(struct plan_segment_count) segment_counts; /* sorted */
	size_t segmentation_total;   /* all newly direct pairs */
	bool segmentation_truncated; /* segmentation lists the first
				      * PLAN_PAIRS_CAP of them */
	ARR(const char *) notes;     /* plan-wide notes, in order */
	const char *policy_file;     /* NULL: built-in defaults */
	/* Lifecycle (docs/lifecycle.md). */
	ARR(struct plan_blocker)
	conflicts;			/* live membership the plan
					 * contradicts, not undone;
					 * sorted by resource */
	ARR(const char *) estate_vnets; /* every seen VNet id, sorted */
	const char *previous_plan;	/* --previous-plan file or NULL */
	/* Where plan_vnet.raw points when the plan took the estate's raw
	 * JSON over (plan_inputs.raw); NULL: raw is in arena. Freed with
	 * the plan. */
	struct arena *raw_arena;
};

/* segmentation lists at most this many pairs; segment_counts has all. */
#define PLAN_PAIRS_CAP 1000
/* A wave lists at most this many of the pairs whose inspection it ends. */
#define PLAN_LOST_CAP 50

const char *step_kind_name(enum step_kind k);
/* Inverse of step_kind_name; -1 when unknown. */
int step_kind_parse(const char *s);
/* An empty plan with its own arena; plan_free frees both (NULL-safe). */
struct plan *plan_new(void);
void plan_free(struct plan *p);
/* Sort vnets by id (case-insensitive) so plan_find_vnet can search. */
void plan_sort_vnets(struct plan *p);
/*
 * The plan VNet of hub h (its id, names, prefixes, tags, raw JSON, is_hub),
 * added when the plan has none yet; the plan's VNets stay sorted. The
 * pointer is good until the next VNet is added.
 */
struct plan_vnet *plan_hub_vnet(struct plan *p, const struct vnet *h);
/* Find a plan VNet by id (case-insensitive); NULL when absent. */
const struct plan_vnet *plan_find_vnet(const struct plan *p, const char *id);

#endif
