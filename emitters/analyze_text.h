/*
 * analyze_text.h - `meshplan analyze` for a terminal: the topology at a
 * glance (hubs, gateways, circuits, spokes, advertised prefixes with
 * pressure bars), then the findings grouped by severity.
 */
#ifndef MESHPLAN_ANALYZE_TEXT_H
#define MESHPLAN_ANALYZE_TEXT_H

#include <stdbool.h>

struct analysis;
struct strbuf;

/* Append the report to out (plain ASCII layout, no colour). */
/* verbose: every finding on its own line (else one line per rule when
 * a rule has several). */
void analyze_text(struct strbuf *out, const struct analysis *an, bool verbose);

#endif
