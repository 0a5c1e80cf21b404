/*
 * routecheck.h - the model checked against Azure: the routes meshplan
 * simulates for a subnet (routing_effective) compared with the effective
 * route table Azure printed for a NIC in that subnet (a struct capture,
 * estate.h). docs/routing.md, "Checking the model against Azure", says
 * what is compared and what is tolerated.
 *
 * Routes are keyed by source, state, address prefix, next hop type and
 * next hop IP. Per subnet each route agrees, is missing (simulated, not
 * captured), unexpected (captured, not simulated), or its state differs;
 * tolerances: a gateway route's next hop addresses are compared by type,
 * service-endpoint and service-tag routes are reported apart, and so are
 * captured gateway routes of a subnet whose gateways' learned routes were
 * not exported. Each difference carries meshplan's explanation when it
 * has one. Pure: no I/O; memory from the caller's arena.
 */
#ifndef MESHPLAN_ROUTECHECK_H
#define MESHPLAN_ROUTECHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "estate.h"
#include "findings.h"
#include "routing.h"

enum rc_status {
	RC_AGREE = 0,	   /* in both, same state */
	RC_MISSING,	   /* simulated, not in the capture */
	RC_UNEXPECTED,	   /* captured, not simulated */
	RC_STATE,	   /* in both, the states differ */
	RC_APART_ENDPOINT, /* service endpoint route: not simulated */
	RC_APART_TAG,	   /* service tag route: not simulated */
	RC_APART_GATEWAY,  /* gateway route, learned routes not exported */
	RC__COUNT
};

struct rc_row {
	enum rc_status status;
	bool nh_tolerated;     /* a gateway route agreed by next hop type
				* while the addresses differ */
	const char *source;    /* Azure spelling */
	const char *state;     /* the capture's (missing: the simulation's) */
	const char *sim_state; /* RC_STATE: the simulation's */
	const char *prefix;    /* apart: every entry, ", "-separated */
	struct prefix p;       /* sort key (apart: the first, or 0/0) */
	const char *nh_type;
	const char *nh_ip; /* ", "-separated; "" for none */
	const char *name;  /* user route's name; NULL */
	const char *why;   /* meshplan's explanation; NULL */
};

struct rc_subnet {
	const struct capture *cap;
	const struct vnet *vnet;
	const struct subnet *subnet;
	/* "vnet/subnet", qualified where another subnet has that path of
	 * names (labels.h) */
	const char *label;
	ARR(struct rc_row) rows; /* by status, then prefix */
	size_t n[RC__COUNT];
	size_t tolerated; /* agreements with nh_tolerated */
	size_t compared;  /* agree + missing + unexpected + state */
	bool agrees;	  /* nothing missing, unexpected or state */
};

struct routecheck {
	ARR(struct rc_subnet) v; /* by subnet id, then capture file */
	ARR(const struct capture *) unplaced; /* by file */
	size_t subnets;			      /* distinct subnets compared */
	size_t subnets_differ;		      /* ... with a difference */
	size_t compared, n[RC__COUNT], tolerated;
};

/*
 * Compare capture c with the simulated routes of subnet s of VNet x (s
 * not NULL) into out (memory from a).
 */
void routecheck_subnet(struct routing *r, const struct capture *c,
    const struct vnet *x, const struct subnet *s, struct arena *a,
    struct rc_subnet *out);
/* Add one subnet's result to rc (copied); call routecheck_finish after
 * the last. */
void routecheck_add(struct routecheck *rc, struct arena *a,
    const struct rc_subnet *s);
/* Sort rc's subnets and count the totals. */
void routecheck_finish(struct routecheck *rc);
/*
 * Every capture of e: the placed ones compared, the others listed as
 * unplaced. out is zeroed first.
 */
void routecheck_estate(struct routing *r, const struct estate *e,
    struct arena *a, struct routecheck *out);
/* One MP501 finding per subnet whose capture differs. */
void routecheck_findings(const struct routecheck *rc, struct findings *f);

/* "agree", "missing", "unexpected", "state", "service-endpoint",
 * "service-tag", "gateway-not-exported" */
const char *rc_status_name(enum rc_status s);
/* "agrees on N of M routes in K subnets" (memory from a). */
const char *routecheck_summary(const struct routecheck *rc, struct arena *a);

#endif
