/*
 * analysis_checks.h - private to analysis.c, analysis_vnets.c and
 * analysis_edge.c: the checks analysis_run calls, each adding its findings
 * to an->findings (memory from a), and the helpers they share.
 */
#ifndef MESHPLAN_ANALYSIS_CHECKS_H
#define MESHPLAN_ANALYSIS_CHECKS_H

#include "../lib/arena.h"
#include "analysis.h"

/* analysis_vnets.c */
void peering_findings(struct analysis *an);		      /* MP102 */
void transit_findings(struct analysis *an);		      /* MP103 */
void overlap_findings(struct analysis *an, struct arena *a);  /* MP104 */
void pe_findings(struct analysis *an);			      /* MP202, MP203 */
void pe_route_findings(struct analysis *an, struct arena *a); /* MP112 */
void config_findings(struct analysis *an);		      /* MP111 */

/* analysis_edge.c */
void gateway_findings(struct analysis *an, struct arena *a);
void route_server_findings(struct analysis *an);	     /* MP204 */
void circuit_findings(struct analysis *an, struct arena *a); /* MP206 */
void summary_findings(struct analysis *an, struct arena *a); /* MP107 */

/* analysis.c */
/* Severity of a pressure finding: note at warn, warning at critical,
 * error over the limit. */
enum sev pressure_sev(enum pressure p);

#endif
