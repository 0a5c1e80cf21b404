/*
 * analyze_text.h - `meshplan analyze` for a terminal: the topology at a
 * glance (hubs, gateways, circuits, spokes, advertised prefixes with
 * pressure bars), then the findings grouped by severity.
 */
#ifndef MESHPLAN_ANALYZE_TEXT_H
#define MESHPLAN_ANALYZE_TEXT_H

struct analysis;
struct strbuf;

/* Append the report to out (plain ASCII layout, no colour). */
void analyze_text(struct strbuf *out, const struct analysis *an);

#endif
