/*
 * policy.h - the planning policy (DESIGN.md section 7) as plain data, with
 * the defaults of section 4. input/policy.c fills it from YAML; the
 * planner reads it. Patterns are compiled by input/ (PCRE2) and reach the
 * planner as opaque objects with a match function, so planner/ never sees
 * a regex library.
 */
#ifndef MESHPLAN_POLICY_H
#define MESHPLAN_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "estate.h"
#include "findings.h"

struct pattern {
	const char *text; /* as written, for reports */
	const void *compiled;
	bool (*match)(const void *compiled, const char *subject);
	/* The first error a match ran into (the regex engine's match limit,
	 * say: then match said "no match" but the answer is not known), or
	 * NULL; NULL function: never fails. */
	const char *(*error)(const void *compiled);
};

struct tag_pattern {
	const char *key;
	struct pattern value;
};

/* A selector matches a VNet when every tag pattern matches its tag, or
 * when the name pattern matches its name (tags OR name). An empty
 * selector matches nothing. */
struct selector {
	ARR(struct tag_pattern) tags;
	bool has_name;
	struct pattern name;
};

struct limits {
	size_t gateway_ipv4;	      /* 1000 */
	size_t gateway_ipv6;	      /* 100 */
	size_t er_onprem_standard;    /* 4000 */
	size_t er_onprem_premium;     /* 10000 */
	size_t er_onprem_ipv6;	      /* 100, any SKU */
	size_t mesh_vnets;	      /* 250 */
	size_t mesh_vnets_high_scale; /* 5000 */
	size_t mesh_pes;	      /* 2000 */
	size_t mesh_pes_hspe;	      /* 20000 */
	size_t vnet_pes;	      /* 1000 */
	size_t vnet_pes_hspe;	      /* 5000 */
	size_t peered_pes;	      /* 4000 */
	size_t route_table_routes;    /* 400 */
	size_t route_server_peers;    /* 8 */
	size_t route_server_routes;   /* 1000 */
};

enum mesh_scope { MESH_SCOPE_HAIRPINNING = 0, MESH_SCOPE_ALL };
enum mesh_global { MESH_GLOBAL_AUTO = 0, MESH_GLOBAL_TRUE, MESH_GLOBAL_FALSE };

struct segment {
	const char *name;
	struct selector match;
};

struct deny_pair {
	const char *a, *b; /* segment names */
};

struct policy {
	const char *file; /* NULL for built-in defaults */
	struct limits limits;
	prefix_arr onprem;		 /* on-premises prefixes */
	unsigned min_len_v4, min_len_v6; /* summaries.min_prefix_length */
	size_t max_prefixes;		 /* 0 = no budget */
	prefix_arr reserve;		 /* summaries.reserve */
	bool cover_non_transit;		 /* summaries.cover_non_transit: a
					  * summary may cover VNets peered to
					  * the hub that do not use its
					  * gateway (the plan reports them) */
	bool reserved_172;		 /* add 172.16.0.0/12 None route */
	enum mesh_scope mesh_scope;
	enum mesh_global mesh_global;
	size_t pilot_size; /* 50 */
	struct selector pilot;
	size_t light_size; /* waves.light.size; 0 = a quarter of
			    * what remains after the pilot */
	ARR(struct segment) segments;
	ARR(struct deny_pair) deny;
	/* Network manager placement (all optional). */
	const char *manager_name, *manager_rg, *manager_subscription;
	const char *manager_location;
	ARR(const char *) manager_mgs;	/* scope.management_groups */
	ARR(const char *) manager_subs; /* scope.subscriptions */
	bool dynamic_membership;	/* tag-based Azure Policy membership */
	const char *membership_tag;	/* tag key for it; "avnm-mesh" */
	/* waves.max_size (VNets), waves.max_private_endpoints: the rest is
	 * split into rest-1, rest-2, ... within them; 0 = no limit. */
	size_t wave_max_size, wave_max_pes;
	/* suppress: findings accepted with a justification, in file order. */
	ARR(struct suppression) suppress;
};

/* Fill p with the defaults of DESIGN.md sections 4-7. */
void policy_defaults(struct policy *p);
bool pattern_match(const struct pattern *p, const char *s);
/*
 * The first pattern of the policy (pilot, then segments) whose matching
 * failed, and why (*why); NULL when none did. A selector that could not
 * be evaluated must stop the run, not count as "no match".
 */
const struct pattern *policy_match_error(const struct policy *p,
    const char **why);
/* Does selector s match this name and these tags? */
struct tag;
bool selector_match(const struct selector *s, const char *name,
    const struct tag *tags, size_t ntags);

#endif
