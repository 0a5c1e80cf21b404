/*
 * pairtable.h - the verdict of every ordered pair of n spokes, kept by
 * source class so that it grows with classes x spokes, not with the pairs:
 * the routing simulation writes it (routing_pair_table: path kinds) and
 * the planner reads it (its pair oracle: pair_path bytes).
 *
 * class_of[i] is spoke i's source class, or PT_NO_CLASS when no flow
 * leaves it; row[c * n + j] is the byte of the pair (i, j) for every
 * member i of class c, except (i, i), which is no pair, and i's
 * exceptions exc[exc_at[i] .. exc_at[i + 1]) (by j: pairs routed one by
 * one), which carry their own byte.
 */
#ifndef MESHPLAN_PAIRTABLE_H
#define MESHPLAN_PAIRTABLE_H

#include <stddef.h>

struct vnet;

#define PT_NO_CLASS	((size_t)-1)

struct pair_exception {
	size_t i, j;
	unsigned char code;
};

struct pair_table {
	size_t n, nclasses;
	const struct vnet *const *spokes;	/* by index; may be NULL */
	size_t *class_of;
	unsigned char *row;			/* nclasses * n */
	struct pair_exception *exc;
	size_t *exc_at;				/* n + 1 offsets into exc */
};

/* The byte of the pair (i, j); none for (i, i) and for a source without
 * a class. */
unsigned char pair_table_code(const struct pair_table *t, size_t i,
    size_t j, unsigned char none);

#endif
