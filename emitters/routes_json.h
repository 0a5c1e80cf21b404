/*
 * routes_json.h - effective routes in the shape of `az network nic
 * show-effective-route-table`: {"value": [{"source", "state",
 * "addressPrefix": [...], "nextHopType", "nextHopIpAddress": [...]}]},
 * so that a user can diff meshplan's simulation with Azure's answer.
 */
#ifndef MESHPLAN_ROUTES_JSON_H
#define MESHPLAN_ROUTES_JSON_H

#include <stddef.h>

#include "../lib/strbuf.h"
#include "../planner/routing.h"

/* Append the JSON document (2-space indent, trailing newline) to out. */
void routes_json(struct strbuf *out, const struct eroute *v, size_t n);

#endif
