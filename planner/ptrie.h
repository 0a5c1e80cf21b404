/*
 * ptrie.h - a binary prefix trie (one per address family inside) mapping
 * prefixes to values: exact lookup, longest-prefix match and ordered
 * subtree walks. Nodes live in the arena given at creation; the trie is
 * freed with that arena. Used by routing (longest-prefix match over a
 * subnet's effective routes) and summarization (covers and conflicts).
 * A large trie remembers the path of its last lookup (ptrie.c: the
 * finger), so lookups in address order are cheap; lookups write that
 * path, so one trie is not to be used by two threads at once.
 */
#ifndef MESHPLAN_PTRIE_H
#define MESHPLAN_PTRIE_H

#include <stdbool.h>
#include <stddef.h>

#include "cidr.h"

struct arena;
struct ptrie;

struct ptrie *ptrie_new(struct arena *a);
/*
 * Insert p with value v. If p is already present its value is replaced and
 * the old one returned through *old (when old is not NULL); returns true
 * when p was new.
 */
bool ptrie_insert(struct ptrie *t, const struct prefix *p, void *v, void **old);
/* The value stored at exactly p, or NULL. */
void *ptrie_get(const struct ptrie *t, const struct prefix *p);
/*
 * Longest stored prefix that contains p (p may be an address as /32 or
 * /128, or any prefix). Returns its value and stores the prefix in *match
 * when match is not NULL; NULL when none.
 */
void *ptrie_lpm(const struct ptrie *t, const struct prefix *p,
    struct prefix *match);
/* Is any stored prefix inside p or equal to it? */
bool ptrie_has_within(const struct ptrie *t, const struct prefix *p);
/* Is any stored prefix overlapping p (containing or inside)? */
bool ptrie_overlaps(const struct ptrie *t, const struct prefix *p);
/*
 * Visit stored prefixes inside p (or all of them when p is NULL) in
 * prefix_cmp order; stop early when fn returns non-zero (returned).
 */
int ptrie_walk(const struct ptrie *t, const struct prefix *p,
    int (*fn)(const struct prefix *p, void *v, void *ctx), void *ctx);
size_t ptrie_count(const struct ptrie *t);

#endif
