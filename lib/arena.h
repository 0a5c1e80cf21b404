/*
 * arena.h - a region allocator: everything a run builds (the estate model,
 * interned strings, trie nodes, diagnostics) lives in one arena and is freed
 * with one call. Allocations are zeroed and aligned for any scalar type.
 */
#ifndef MESHPLAN_ARENA_H
#define MESHPLAN_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/*
 * An arena for a large, short-lived working set (the loader's records):
 * its chunks are mapped on their own, so that freeing it gives the memory
 * back to the system at once instead of leaving it in the heap.
 */
struct arena *arena_new_transient(void);
void arena_free(struct arena *a); /* NULL-safe */

/* Memory owned by the arena; zeroed; never NULL (aborts on OOM). */
void *arena_alloc(struct arena *a, size_t size);
void *arena_calloc(struct arena *a, size_t n, size_t size);
/*
 * Resize a's block old of oldsize bytes (the size it was allocated or last
 * grown with; NULL/0: none) to newsize, like realloc: the result holds the
 * old contents, zeroed beyond them, and may be old itself; old is invalid
 * afterwards (as is any pointer into it), since its memory may be freed or
 * reused.
 */
void *arena_grow(struct arena *a, void *old, size_t oldsize, size_t newsize);
/*
 * Give back a's block p of size bytes (as allocated or grown), which
 * nothing uses any more. Memory returns at once when the block has a chunk
 * of its own or was the last allocation; otherwise it stays until
 * arena_free. NULL-safe.
 */
void arena_release(struct arena *a, void *p, size_t size);
char *arena_strdup(struct arena *a, const char *s); /* NULL -> NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Bytes handed out and not given back (alignment included). */
size_t arena_used(const struct arena *a);

/*
 * A growable array whose storage lives in an arena. Declared with
 * ARR(type) name; pushed with ARR_PUSH(arena, arr, value), which grows it
 * with arena_grow: pointers into v do not survive a push, and a copy of
 * the struct must not be pushed to while the original is still used.
 */
#define ARR(T) \
	struct { \
		T *v; \
		size_t n, cap; \
	}
#define ARR_PUSH(A, arr, x) \
	do { \
		if ((arr).n == (arr).cap) { \
			size_t nc_ = (arr).cap ? (arr).cap * 2 : 4; \
			(arr).v = arena_grow((A), (arr).v, \
			    (arr).cap * sizeof(*(arr).v), \
			    nc_ * sizeof(*(arr).v)); \
			(arr).cap = nc_; \
		} \
		(arr).v[(arr).n++] = (x); \
	} while (0)
/*
 * Give back what arr holds beyond its n elements (a later push grows it
 * again). Memory returns when its block is the last one allocated (an
 * array filled at once) or has a chunk of its own (arena_grow).
 */
#define ARR_TRIM(A, arr) \
	do { \
		if ((arr).n > 0 && (arr).n < (arr).cap) { \
			(arr).v = arena_grow((A), (arr).v, \
			    (arr).cap * sizeof(*(arr).v), \
			    (arr).n * sizeof(*(arr).v)); \
			(arr).cap = (arr).n; \
		} \
	} while (0)

#endif
