/*
 * coverage.h - what the inputs held, by type: how many resources of each
 * type were read, how many of those feed the analysis and the plan
 * ("used"), why the others do not ("ignored": a reason per type), and how
 * many resources of the type are referenced by some input but in none
 * ("referenced, not seen"). So that recognised resources that feed
 * nothing never vanish without a word.
 *
 *   coverage_build  rows for a linked estate (estate_link, topology_derive)
 *
 * Rows: the modelled kinds in enum res_kind order (those with anything to
 * say), the children folded into their parents (estate.folded), then the
 * types meshplan does not model, sorted by type.
 */
#ifndef MESHPLAN_COVERAGE_H
#define MESHPLAN_COVERAGE_H

#include <stddef.h>

#include "../lib/arena.h"
#include "estate.h"

struct coverage_row {
	const char *type; /* ARM type; Route Servers and vWAN hubs say
			   * which they are */
	size_t read;	  /* in some input */
	size_t used;	  /* of those, what the analysis reads */
	const char *why;  /* why read - used are ignored; NULL: none */
	size_t not_seen;  /* distinct ids referenced, in no input */
};

struct coverage {
	ARR(struct coverage_row) rows;
};

/* Memory from a; the strings point into the estate or are static. */
void coverage_build(struct coverage *out, const struct estate *e,
    struct arena *a);

#endif
