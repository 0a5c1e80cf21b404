/*
 * strmap.h - an open-addressing hash map from strings to pointers, keyed
 * case-insensitively (Azure resource ids and types compare that way). Keys
 * are copied into the map's arena (strmap_put_kept: not). Iteration order is
 * the hash order, so callers that produce output must sort what they take out.
 */
#ifndef MESHPLAN_STRMAP_H
#define MESHPLAN_STRMAP_H

#include <stddef.h>

struct arena;
struct strmap;

struct strmap *strmap_new(struct arena *a);
/* Returns the value, or NULL when the key is absent. */
void *strmap_get(const struct strmap *m, const char *key);
/* Sets key to value; returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *value);
/* The same, keeping key itself (not a copy): it must outlive the map. */
void *strmap_put_kept(struct strmap *m, const char *key, void *value);
size_t strmap_count(const struct strmap *m);
/* Visit every entry; stops early when fn returns non-zero. */
int strmap_each(const struct strmap *m,
    int (*fn)(const char *key, void *value, void *ctx), void *ctx);

#endif
