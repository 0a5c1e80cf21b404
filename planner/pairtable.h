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

struct arena;
struct vnet;

#define PT_NO_CLASS ((size_t)-1)

struct pair_exception {
	size_t i, j;
	unsigned char code;
};

struct pair_table {
	size_t n, nclasses;
	const struct vnet *const *spokes; /* by index; may be NULL */
	size_t *class_of;
	unsigned char *row; /* nclasses * n */
	struct pair_exception *exc;
	size_t *exc_at; /* n + 1 offsets into exc */
};

/* The byte of the pair (i, j); none for (i, i) and for a source without
 * a class. */
unsigned char pair_table_code(const struct pair_table *t, size_t i, size_t j,
    unsigned char none);

/* ---- sums over every pair ---- */

#define PV_MAX 3 /* verdict tables summed together */

/* Sources grouped by their class in each table and a caller's key. */
struct pair_groups {
	size_t ng;
	size_t *of;	      /* per source; SIZE_MAX: left out */
	size_t *size, *first; /* per group: members, one member */
	int *key;	      /* per group */
};

/*
 * fn(ctx, gr, g, src, j, codes, w): w pairs to spoke j, with codes[t]
 * their byte in table t, from every source of group g (src SIZE_MAX, w
 * its size: one pair per source) or from source src of group g (w -1 or
 * +1: a correction). A sum of w over calls is an exact pair count; a
 * source's count is its group's calls (one each) plus its corrections.
 */
typedef void (*pair_sum_fn)(void *ctx, const struct pair_groups *gr, size_t g,
    size_t src, size_t j, const unsigned char *codes, long w);

/*
 * Sum fn over every ordered pair (i, j), i != j, of the nv tables v (same
 * n) with key[i] >= 0 (NULL: every source), without visiting the n * n
 * pairs: each group of sources with the same classes and key meets each j
 * once, weighted by its size; then each source corrects its own pair
 * (i, i) (-1) and each of its exceptions in any table (the class's bytes
 * -1, the pair's own +1). Calls: groups x n + n + exceptions. gr is
 * filled (memory from tmp) before the first call.
 */
void pv_sum(const struct pair_table *const *v, size_t nv, const int *key,
    struct arena *tmp, struct pair_groups *gr, pair_sum_fn fn, void *ctx);

#endif
