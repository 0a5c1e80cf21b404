/*
 * lifecycle.h - a plan against a later state (docs/lifecycle.md): the
 * `status` of a fresh export against a plan (waves done, partial or
 * pending; drift) and the `diff` of two plans. Pure: the caller reads
 * the files and gives the digests of the fresh bodies (input/drift.h).
 */
#ifndef MESHPLAN_LIFECYCLE_H
#define MESHPLAN_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "estate.h"
#include "plan.h"

enum wave_state { WAVE_PENDING, WAVE_PARTIAL, WAVE_DONE };

struct status_wave {
	int number;
	const char *name;
	enum wave_state state;
	size_t live, planned; /* of the VNets the wave adds */
};

struct status_item {
	const char *resource;
	const char *reason;
};

struct plan_status {
	ARR(struct status_wave) waves; /* as the plan's */
	ARR(struct status_item) drift; /* sorted by resource */
	size_t live_at_plan;	       /* the plan's live members */
	size_t live_members;	       /* live now in the plan's meshes */
	bool configs_assumed;	       /* no list of committed configs */
	bool no_inventory;	       /* the plan has no estate_vnets */
};

/*
 * Compare the fresh estate e with plan p. fresh_digest[i] is the digest
 * (drift_body) of e's body of p->vnets.v[i], NULL when e has no such
 * VNet; only entries whose plan VNet has a digest are read. Memory from
 * a.
 */
void status_compute(const struct plan *p, const struct estate *e,
    const char *const *fresh_digest, const char *const *fresh_etag,
    struct arena *a, struct plan_status *st);
/* Exit status 0: no drift and no partial wave. */
bool status_agrees(const struct plan_status *st);
const char *wave_state_name(enum wave_state s);

/* One VNet that differs between two plans. */
struct diff_vnet {
	const char *id, *name;
	/* name, with its resource group and subscription when another VNet
	 * of either plan has it (planner/labels.h's form): for the texts */
	const char *label;
	int old_wave, new_wave; /* 0: not waved (or absent) */
	const char *old_wave_name, *new_wave_name; /* NULL: none */
	bool old_live, new_live;
	const char *old_mesh, *new_mesh; /* NULL: no mesh */
	const char *change;		 /* moved | joined | left | went-live
					  * | mesh */
};

struct diff_summary {
	const char *hub_id, *hub_name;
	const char *label; /* hub_name, qualified as diff_vnet's label */
	prefix_arr old_prefixes, new_prefixes; /* NULL-plan side empty */
	bool in_old, in_new;
};

/* A step that is in one plan only (kind, resource, text compared). */
struct diff_step {
	int wave; /* its wave number in its plan */
	const char *kind, *resource, *text;
	/* text, with the VNet the step acts on qualified where another
	 * VNet of either plan has its name: for the texts */
	const char *label;
	bool added; /* in new only; else removed */
};

struct plan_diff {
	ARR(struct diff_vnet) vnets;	    /* sorted by id */
	ARR(struct diff_summary) summaries; /* sorted by hub id */
	ARR(struct diff_step)
	steps; /* removed then added, in
		* plan order */
	size_t old_steps, new_steps;
};

/* What changed from plan a to plan b. Memory from ar. */
void plan_diff(const struct plan *a, const struct plan *b, struct arena *ar,
    struct plan_diff *d);
bool plan_diff_empty(const struct plan_diff *d);

#endif
