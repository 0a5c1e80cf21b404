/*
 * routecheck_out.h - the results of a route check (planner/routecheck.h)
 * as text and JSON: `meshplan routes --check`, and the "model agreement"
 * section of analyze (text, JSON) and report.
 */
#ifndef MESHPLAN_ROUTECHECK_OUT_H
#define MESHPLAN_ROUTECHECK_OUT_H

#include <jansson.h>

struct routecheck;
struct strbuf;

/*
 * Per subnet: a heading, the capture, its counts (with the gateway
 * routes agreed by next hop type), then every difference and every
 * route reported apart, with meshplan's explanation; a final summary
 * line ("agrees on N of M routes in K subnets").
 */
void routecheck_text(struct strbuf *out, const struct routecheck *rc);
/* The short form of analyze's text: one line per capture. */
void routecheck_text_brief(struct strbuf *out, const struct routecheck *rc);
/* {"summary", "totals", "subnets": [...], "unplaced": [...]} (new ref). */
json_t *routecheck_json_value(const struct routecheck *rc);
/* The same, pretty-printed with a final newline. */
void routecheck_json(struct strbuf *out, const struct routecheck *rc);

#endif
