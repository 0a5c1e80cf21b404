/*
 * summarize_sort.h - step 1 of the summarizer (summarize.c): its inputs
 * sorted by family, prefix, then input order. For summarize*.c only.
 */
#ifndef MESHPLAN_SUMMARIZE_SORT_H
#define MESHPLAN_SUMMARIZE_SORT_H

#include <stdbool.h>
#include <stddef.h>

#include "cidr.h"
#include "summarize.h"

/* A sorted entry: the prefix and its must-cover flag, in one cache line. */
struct sent {
	struct prefix p;
	bool must;
};

/*
 * Order in[] by family, prefix, then input order: order[k] is the input
 * at position k and out[k] a copy of its prefix and flag. Returns the
 * number of IPv4 entries (they come first).
 */
size_t sort_inputs(const struct sum_input *in, size_t n, size_t *order,
    struct sent *out);

/* A scratch array of size bytes, with transparent huge pages asked for
 * (summarize.c); freed with free(). */
void *big_alloc(size_t size);

#endif
