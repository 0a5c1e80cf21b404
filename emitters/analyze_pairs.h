/*
 * analyze_pairs.h - `meshplan analyze --pairs`: every hairpinning spoke
 * pair, one tab-separated line each, written as the routing streams them
 * (routing_pairs), so that memory does not grow with the pairs.
 */
#ifndef MESHPLAN_ANALYZE_PAIRS_H
#define MESHPLAN_ANALYZE_PAIRS_H

#include <stdio.h>

struct routing;

/*
 * Write the hairpinning pairs of r to fp, sorted by (src id, dst id):
 * src, dst, scope, circuit, src gateway, dst gateway, src subnet, prefix,
 * route, inspected (1 or 0); "-" for what a pair does not have. Returns 0,
 * or -1 with errno set when a write failed (the stream stops there).
 */
int analyze_pairs(FILE *fp, struct routing *r);

#endif
