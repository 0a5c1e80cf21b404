/*
 * analysis.h - what `meshplan analyze` computes from a linked estate and a
 * policy: the estate counts of DESIGN.md section 10, one summary per hub
 * (gateways, circuits, spokes, advertised prefixes against the limits, rule
 * R1) and the static findings of section 4. Hairpins come from the
 * routing simulation (routing.h), which the caller runs and hands over
 * with analysis_add_hairpins(); the static part needs no routing.
 *
 * Everything the analysis returns lives in the arena it is given and
 * points into the estate, which must outlive it. Arrays are sorted.
 */
#ifndef MESHPLAN_ANALYSIS_H
#define MESHPLAN_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "estate.h"
#include "findings.h"
#include "policy.h"
#include "routing.h"

struct routecheck;
struct labels;

/* Pressure = count / limit: ok < 0.7 <= warn < 0.9 <= critical < 1.0 <=
 * over. A limit of 0 means "no limit" (always ok). */
enum pressure {
	PRESSURE_OK = 0,
	PRESSURE_WARN,
	PRESSURE_CRITICAL,
	PRESSURE_OVER
};

const char *pressure_name(enum pressure p); /* ok|warn|critical|over */
double pressure_ratio(size_t count, size_t limit);
enum pressure pressure_level(double ratio);

typedef ARR(const char *) str_arr;

struct estate_counts {
	size_t vnets;		  /* seen VNets */
	size_t hubs, spokes;	  /* section 3 roles */
	size_t gateways;	  /* seen ExpressRoute and VPN gateways */
	size_t circuits;	  /* seen circuits */
	size_t private_endpoints; /* seen private endpoints */
	size_t peerings; /* seen peering objects, each direction once */
};

struct hub_info {
	const struct vnet *vnet;   /* the hub */
	str_arr circuits;	   /* ids its ER gateways connect to,
				    * unique, sorted case-insensitively */
	size_t spokes;		   /* spokes with an active peering */
	size_t transit_spokes;	   /* ... of which use its gateway */
	size_t adv_v4, adv_v6;	   /* R1, with current summaries */
	size_t limit_v4, limit_v6; /* policy limits */
	double ratio;		   /* max of the two pressures */
	enum pressure level;
};

struct analysis {
	const struct estate *estate;
	const struct policy *policy;
	/* The names messages and reports give resources, qualified where
	 * two share one (labels.h). */
	const struct labels *labels;
	struct estate_counts counts;
	ARR(struct hub_info) hubs; /* sorted by hub id (key) */
	struct findings findings;  /* sorted after analysis_run */
	bool needs_hspe;	   /* some VNet or the estate's spokes are
				    * over the non-HSPE PE limits */
	bool has_hairpins;	   /* routing ran: hairpins is valid */
	struct hairpins hairpins;  /* R7 aggregation (routing.h) */
	/* Captured effective routes against the simulation (routecheck.h);
	 * NULL when no capture was among the inputs. */
	const struct routecheck *agreement;
};

/*
 * Count, summarize the hubs and add the static findings. Requires
 * estate_link() and topology_derive(). Memory comes from a.
 */
void analysis_run(struct analysis *out, const struct estate *e,
    const struct policy *p, struct arena *a);
/*
 * Take the routing's hairpin aggregation (copied by value; its arrays
 * must outlive the analysis) and add one hairpinning-spoke finding per
 * spoke that hairpins to or is reached by hairpin from another spoke.
 * Sorts the findings again.
 */
void analysis_add_hairpins(struct analysis *an, const struct hairpins *h);
/* Re-sort the findings after a caller added its own. */
void analysis_finish(struct analysis *an);

/* Circuit ids an ExpressRoute gateway connects to (R2), unique, sorted;
 * memory from a. */
void gateway_circuit_ids(const struct gateway *g, struct arena *a,
    str_arr *out);
/* "vnet/subnet" style short name of a resource id (names after the
 * provider segment); the id itself when it has no provider part. */
const char *res_short_name(struct arena *a, const char *id);

#endif
