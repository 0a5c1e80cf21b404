/*
 * arena.c - bump allocator over a list of chunks. Large requests get a
 * chunk of their own so that the waste of a chunk stays below 1/8 of it.
 * arena_grow copies (the old block is not reused): arrays that double waste
 * at most as much as they hold.
 *
 * No process-wide side effect: the arena tunes nothing in malloc (an
 * earlier version set M_TOP_PAD and M_MMAP_THRESHOLD and advised the
 * heap onto huge pages; measured on 5,000 and 20,000 spokes it bought no
 * CPU and no memory, and cost up to 2 s of system time: docs/inputs.md,
 * "Speed and memory").
 *
 * A transient arena (the loader's records, needed only until the merge)
 * maps its chunks itself, a huge page each (its own mappings, advised
 * MADV_HUGEPAGE): freed, they go back to the system at once, where
 * memory freed inside the heap could stay resident, in the peak of the
 * planning that follows.
 */
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

#define CHUNK_SIZE (256 * 1024)
#define ALIGN 16
#define HUGE_PAGE ((size_t)2 << 20)

struct chunk {
	struct chunk *next;
	size_t size, used;
	bool mapped; /* mmap'd: munmap, not free */
	max_align_t data[];
};

struct arena {
	struct chunk *head;
	size_t handed_out;
	size_t chunk_size;
	bool transient; /* chunks mapped on their own */
};

struct arena *
arena_new(void)
{
	struct arena *a = xcalloc(1, sizeof(struct arena));

	a->chunk_size = CHUNK_SIZE;
	return a;
}

struct arena *
arena_new_transient(void)
{
	struct arena *a = arena_new();

	a->chunk_size = HUGE_PAGE - sizeof(struct chunk);
	a->transient = true;
	return a;
}

void
arena_free(struct arena *a)
{
	struct chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
#ifdef MAP_ANONYMOUS
		if (c->mapped) {
			munmap(c, sizeof(*c) + c->size);
			continue;
		}
#endif
		free(c);
	}
	free(a);
}

#ifdef MAP_ANONYMOUS
/* n bytes mapped; a whole huge page (aligned, advised) when n is one. */
static void *
map_chunk(size_t n)
{
	char *p, *q;
	size_t head;

	if (n != HUGE_PAGE) {
		p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			mp_oom(n);
		return p;
	}
	p = mmap(NULL, 2 * n, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		mp_oom(2 * n);
	q = (char *)(((uintptr_t)p + n - 1) & ~(uintptr_t)(n - 1));
	head = (size_t)(q - p);
	if (head > 0)
		munmap(p, head);
	munmap(q + n, n - head);
#ifdef MADV_HUGEPAGE
	(void)madvise(q, n, MADV_HUGEPAGE);
#endif
	return q;
}
#endif

static struct chunk *
chunk_new(struct arena *a, size_t size)
{
	struct chunk *c = NULL;

	/*
	 * A transient arena's chunks are mapped here: glibc would serve them
	 * from the heap's top pad, where freed memory stays resident.
	 */
#ifdef MAP_ANONYMOUS
	if (a->transient) {
		c = map_chunk(sizeof(*c) + size);
		c->mapped = true;
	}
#endif
	if (c == NULL) {
		c = xmalloc(sizeof(*c) + size);
		c->mapped = false;
	}
	c->size = size;
	c->used = 0;
	c->next = NULL;
	return c;
}

/* size bytes, not cleared (callers that fill every byte). */
static void *
alloc_raw(struct arena *a, size_t size)
{
	struct chunk *c = a->head;
	void *p;

	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (size == 0)
		size = ALIGN;
	if (size > a->chunk_size / 8) {
		/* A dedicated chunk, linked behind the current one. */
		struct chunk *big = chunk_new(a, size);

		if (c != NULL) {
			big->next = c->next;
			c->next = big;
		} else
			a->head = big;
		big->used = size;
		a->handed_out += size;
		return big->data;
	}
	if (c == NULL || c->size - c->used < size) {
		c = chunk_new(a, a->chunk_size);
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	a->handed_out += size;
	return p;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	void *p = alloc_raw(a, size);

	memset(p, 0, size);
	return p;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		mp_oom(SIZE_MAX);
	return arena_alloc(a, n * size);
}

void *
arena_grow(struct arena *a, void *old, size_t oldsize, size_t newsize)
{
	void *p = arena_alloc(a, newsize);

	if (old != NULL && oldsize != 0)
		memcpy(p, old, oldsize < newsize ? oldsize : newsize);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = alloc_raw(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	MP_ASSERT(n >= 0);
	p = alloc_raw(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->handed_out;
}
