/*
 * arena.c - bump allocator over a list of chunks. Large requests get a
 * chunk of their own so that the waste of a chunk stays below 1/8 of it.
 * arena_grow copies (the old block is not reused): arrays that double waste
 * at most as much as they hold.
 *
 * The heap on huge pages: a large estate touches hundreds of MiB (jansson's
 * trees, then the model), and taking it 4 KiB page by page costs a fifth
 * of the CPU of `meshplan plan` in page faults and TLB misses. Each new
 * chunk therefore marks the main heap's new part MADV_HUGEPAGE, as glibc
 * does itself with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, and the heap
 * grows by 32 MiB at a time so that most of it is advised before it is
 * touched (bench/RESULTS.md; docs/inputs.md "Speed and memory"). Setting
 * M_TOP_PAD freezes glibc's mmap threshold at 128 KiB, which would map
 * every 256 KiB chunk on its own, 4 KiB page by page: the threshold is
 * set to 1 MiB, so chunks come from the heap and only large blocks (file
 * texts) are mapped. The first 48 MiB of the heap are not advised: a
 * small estate's whole run fits there, and each 2 MiB page it touches
 * would count whole in its peak. Where transparent huge pages are off,
 * the advice has no effect; parse threads of `batch -j` use their own
 * malloc arenas, not covered.
 *
 * A transient arena (the loader's records, needed only until the merge)
 * maps its chunks itself, a huge page each: glibc serves even large
 * blocks from the heap's 32 MiB top pad while it lasts, and memory freed
 * there stays resident, in the peak of the planning that follows.
 */
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <stdatomic.h>
#include <unistd.h>
#endif

#include "util.h"

#define CHUNK_SIZE (256 * 1024)
/* The first part of the heap stays on 4 KiB pages (see above). */
#define HEAP_SMALL_PAGES ((uintptr_t)48 << 20)
#define ALIGN 16
#define HUGE_PAGE ((size_t)2 << 20)

struct chunk {
	struct chunk *next;
	size_t size, used;
	bool mapped;			/* mmap'd: munmap, not free */
	max_align_t data[];
};

struct arena {
	struct chunk *head;
	size_t handed_out;
	size_t chunk_size;
	bool transient;			/* chunks mapped on their own */
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

static void
heap_hugepages(void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
	/* Where the advised part of the heap ends (0: not started). Parse
	 * threads make arenas too: one of them advises a range. */
	static atomic_uintptr_t advised;
	uintptr_t top = (uintptr_t)sbrk(0), done = 0, from;

	if (atomic_compare_exchange_strong(&advised, &done,
	    top + HEAP_SMALL_PAGES)) {
		mallopt(M_TOP_PAD, 32 << 20);
		mallopt(M_MMAP_THRESHOLD, 1 << 20);
		return;
	}
	if (top > done && atomic_compare_exchange_strong(&advised, &done,
	    top)) {
		from = done & ~(uintptr_t)4095;
		(void)madvise((void *)from, top - from, MADV_HUGEPAGE);
	}
#endif
}

#ifdef MAP_ANONYMOUS
/* n bytes mapped; a whole huge page (aligned, advised) when n is one. */
static void *
map_chunk(size_t n)
{
	char *p, *q;
	size_t head;

	if (n != HUGE_PAGE) {
		p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		    MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			mp_oom(n);
		return p;
	}
	p = mmap(NULL, 2 * n, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
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
		heap_hugepages();
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
