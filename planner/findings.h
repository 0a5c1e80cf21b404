/*
 * findings.h - the finding model shared by analyze, report and SARIF: a
 * const registry of rules (stable id "MPnnn", short kebab-case name,
 * default severity, one-line description and help text) and a list of
 * findings (rule, severity, resource id, message, numeric properties).
 *
 * Rule ids never change meaning once released; new rules take new ids.
 * A finding's severity may differ from its rule's default (prefix
 * pressure: note at warn, warning at critical, error over the limit).
 */
#ifndef MESHPLAN_FINDINGS_H
#define MESHPLAN_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"

/* Ordered by weight: a larger value is more severe. */
enum sev { SEV_NOTE = 0, SEV_WARNING, SEV_ERROR };

enum rule_id {
	RULE_HAIRPIN_SPOKE,	    /* MP101 */
	RULE_PEERING_NOT_CONNECTED, /* MP102 */
	RULE_NO_GATEWAY_TRANSIT,    /* MP103 */
	RULE_OVERLAP,		    /* MP104 */
	RULE_REMOTE_VNET_TRAFFIC,   /* MP105 */
	RULE_NO_REDUNDANCY,	    /* MP106 */
	RULE_UNSAFE_SUMMARIES,	    /* MP107 */
	RULE_GROUP_GLOBAL,	    /* MP111 */
	RULE_PE_ROUTES_OVERRIDDEN,  /* MP112 */
	RULE_PREFIX_PRESSURE,	    /* MP201 */
	RULE_VNET_PE_LIMIT,	    /* MP202 */
	RULE_HSPE_PREREQ,	    /* MP203 */
	RULE_ROUTE_SERVER_LIMITS,   /* MP204 */
	RULE_ER_BASIC_IP,	    /* MP205 */
	RULE_ONPREM_PRESSURE,	    /* MP206 */
	RULE_UNRESOLVED,	    /* MP301 */
	RULE_UNSUPPORTED,	    /* MP302 */
	RULE_NO_TOPOLOGY,	    /* MP303 */
	RULE_ONPREM_UNKNOWN,	    /* MP304 */
	RULE_INSPECTION_LOST,	    /* MP401 */
	RULE_MODEL_DISAGREES,	    /* MP501 */
	RULE__COUNT
};

struct rule {
	enum rule_id rule;
	const char *id;		 /* "MP101" */
	const char *name;	 /* "hairpinning-spoke" */
	enum sev level;		 /* default severity */
	const char *description; /* one line */
	const char *help;	 /* what to do, a few sentences */
};

/* The registry, indexed by enum rule_id, in id order. */
extern const struct rule rules[RULE__COUNT];

const struct rule *rule_get(enum rule_id r);
/* By id ("MP104") or name ("overlapping-address-space"), any case. */
const struct rule *rule_find(const char *id_or_name);

const char *sev_name(enum sev s); /* error | warning | note */
/* Parse "error" / "warning" / "note"; -1 when unknown. */
int sev_parse(const char *s, enum sev *out);

#define FINDING_MAXPROPS 8

struct finding_prop {
	const char *key; /* static string, snake_case */
	double value;
};

/*
 * A finding accepted with a justification (policy "suppress"): rule id,
 * a glob on the resource id or name, the reason, and the last day it
 * applies. Where in the policy file it was written, for diagnostics.
 */
struct suppression {
	const struct rule *rule;
	const char *resource; /* glob: * and ?, any case; "*" all */
	const char *reason;
	const char *expires; /* "YYYY-MM-DD"; NULL: never */
	const char *file;
	int line, col;
};

struct finding {
	const struct rule *rule;
	enum sev sev;
	const char *resource; /* resource id; NULL for estate-wide ones */
	const char *file;     /* input file of the resource; NULL unknown */
	const char *message;  /* one or two sentences: what and what to do */
	struct finding_prop props[FINDING_MAXPROPS];
	size_t nprops;
	/* The suppression that accepts it; NULL: reported. A suppressed
	 * finding is not in count[] (nor in --fail-on), but every output
	 * lists it with its justification. */
	const struct suppression *suppressed;
};

struct findings {
	struct arena *arena;
	ARR(struct finding) v;
	size_t count[SEV_ERROR + 1]; /* per severity, not suppressed */
	size_t nsuppressed;
};

void findings_init(struct findings *f, struct arena *a);
/*
 * Append a finding; resource and file are copied into the arena (either
 * may be NULL). Returns the entry, valid until the next finding_add.
 */
struct finding *finding_add(struct findings *f, enum rule_id rule, enum sev sev,
    const char *resource, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Attach a numeric property (key must be a static string). */
void finding_prop(struct finding *fd, const char *key, double value);
/*
 * Sort for output: severity (errors first), rule id, resource id (case-
 * insensitive), message. Deterministic whatever the insertion order.
 */
void findings_sort(struct findings *f);
/*
 * Apply suppressions: each finding not yet suppressed takes the first
 * of v[0..n) whose rule is its rule and whose glob matches its resource
 * id or name (the id's last segment), unless that suppression expired
 * before today ("YYYY-MM-DD"; NULL: no date is pinned, and every
 * suppression applies, so that the output does not depend on the clock).
 * Idempotent: run it again after findings are added.
 */
void findings_suppress(struct findings *f, const struct suppression *v,
    size_t n, const char *today);
/* Has s expired before today (both "YYYY-MM-DD")? */
bool suppression_expired(const struct suppression *s, const char *today);
/* Glob match (* any run, ? one byte), ASCII case-insensitive. */
bool glob_match(const char *pat, const char *s);
/* How many findings have severity >= s (suppressed ones excluded). */
size_t findings_at_or_above(const struct findings *f, enum sev s);

#endif
