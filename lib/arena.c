/*
 * arena.c - bump allocator over a list of chunks. Large requests get a
 * chunk of their own so that the waste of a chunk stays below 1/8 of it.
 *
 * Growing and releasing (arena_grow, arena_release) give memory back where
 * the arena can know it is free: a block with a chunk of its own (larger
 * than 1/8 of a chunk) is resized or freed with its chunk, which is why the
 * chunks are doubly linked; the last block of the current chunk grows in
 * place or is taken back. Any other block stays until arena_free: an array
 * that doubles among other allocations leaves at most as much as it holds,
 * and only while it is small.
 *
 * No process-wide side effect: the arena tunes nothing in malloc (an
 * earlier version set M_TOP_PAD and M_MMAP_THRESHOLD and advised the
 * heap onto huge pages; measured on 5,000 and 20,000 spokes it bought no
 * CPU and no memory, and cost up to 2 s of system time: docs/inputs.md,
 * "Speed and memory").
 *
 * A transient arena (the loader's records, needed only until the merge)
 * maps its chunks itself, 2 MiB each: freed, they go back to the system
 * at once, where memory freed inside the heap could stay resident, in the
 * peak of the planning that follows. In 4 KiB pages, not advised onto
 * huge pages: the kernel zeroes a huge page whole at its first fault, and
 * measured at 20,000 spokes the advice cost 0.13 s of plan's CPU
 * (docs/inputs.md, "Speed and memory").
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
#define TRANSIENT_CHUNK ((size_t)2 << 20)

/*
 * Under AddressSanitizer chunks are small, so that the test suite's arrays
 * get chunks of their own, which arena_grow frees: a pointer kept into an
 * array across its growth is then reported instead of reading a stale copy.
 */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_SMALL_CHUNKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_SMALL_CHUNKS 1
#endif
#endif
#ifdef ARENA_SMALL_CHUNKS
#undef CHUNK_SIZE
#define CHUNK_SIZE (4 * 1024)
#endif

/* Marks a dedicated chunk's header (checked before it is resized). */
#define DEDICATED_MAGIC 0x6d70617265646963ULL

struct chunk {
	struct chunk *next, *prev;
	struct arena *owner;	/* dedicated chunks: their arena */
	unsigned long long tag; /* DEDICATED_MAGIC, or 0 */
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

	/* A chunk with its header and malloc's takes 256 KiB, no more:
	 * measured, 1.3 MB less peak for `plan` on 5,000 spokes than 256 KiB
	 * of data (whose blocks, a little over 64 pages, fit the heap's
	 * freed ranges less well). */
	a->chunk_size = CHUNK_SIZE - sizeof(struct chunk) - 2 * sizeof(size_t);
	return a;
}

struct arena *
arena_new_transient(void)
{
	struct arena *a = arena_new();

	a->chunk_size = TRANSIENT_CHUNK - sizeof(struct chunk);
#ifdef ARENA_SMALL_CHUNKS
	a->chunk_size = CHUNK_SIZE;
#endif
	a->transient = true;
	return a;
}

static void
chunk_drop(struct chunk *c)
{
#ifdef MAP_ANONYMOUS
	if (c->mapped) {
		munmap(c, sizeof(*c) + c->size);
		return;
	}
#endif
	free(c);
}

void
arena_free(struct arena *a)
{
	struct chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		chunk_drop(c);
	}
	free(a);
}

#ifdef MAP_ANONYMOUS
/* n bytes mapped on their own. */
static void *
map_chunk(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		mp_oom(n);
	return p;
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
	c->next = c->prev = NULL;
	c->owner = NULL;
	c->tag = 0;
	return c;
}

/* Put dedicated chunk big behind the current one (the head stays). */
static void
link_dedicated(struct arena *a, struct chunk *big)
{
	struct chunk *c = a->head;

	big->owner = a;
	big->tag = DEDICATED_MAGIC;
	if (c == NULL) {
		a->head = big;
		return;
	}
	big->prev = c;
	big->next = c->next;
	if (c->next != NULL)
		c->next->prev = big;
	c->next = big;
}

static void
unlink_chunk(struct arena *a, struct chunk *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		a->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->next = c->prev = NULL;
}

/* The rounded size of a block of size bytes (as alloc_raw hands out). */
static size_t
block_size(size_t size)
{
	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return size == 0 ? ALIGN : size;
}

/*
 * The dedicated chunk of a's block p of (rounded) size bytes, or NULL.
 * Only blocks above a->chunk_size / 8 have one (alloc_raw; in-place growth
 * never takes a block past that size), and only those are checked.
 */
static struct chunk *
dedicated_of(const struct arena *a, void *p, size_t size)
{
	struct chunk *c;

	if (size <= a->chunk_size / 8)
		return NULL;
	c = (struct chunk *)((char *)p - offsetof(struct chunk, data));
	if (c->tag != DEDICATED_MAGIC || c->owner != a || c->used != size)
		return NULL;
	return c;
}

/* Whether p of (rounded) size bytes is the last block of the head chunk. */
static bool
last_of_head(const struct arena *a, const void *p, size_t size)
{
	const struct chunk *c = a->head;

	return c != NULL && c->tag == 0 && c->used >= size &&
	    (const char *)c->data + c->used - size == (const char *)p;
}

/* size bytes, not cleared (callers that fill every byte). */
static void *
alloc_raw(struct arena *a, size_t size)
{
	struct chunk *c = a->head;
	void *p;

	size = block_size(size);
	if (size > a->chunk_size / 8) {
		/* A dedicated chunk, linked behind the current one. */
		struct chunk *big = chunk_new(a, size);

		link_dedicated(a, big);
		big->used = size;
		a->handed_out += size;
		return big->data;
	}
	if (c == NULL || c->tag != 0 || c->size - c->used < size) {
		c = chunk_new(a, a->chunk_size);
		c->next = a->head;
		if (a->head != NULL)
			a->head->prev = c;
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

void
arena_release(struct arena *a, void *p, size_t size)
{
	struct chunk *c;

	if (p == NULL)
		return;
	size = block_size(size);
	if ((c = dedicated_of(a, p, size)) != NULL) {
		unlink_chunk(a, c);
		chunk_drop(c);
		a->handed_out -= size;
	} else if (last_of_head(a, p, size)) {
		a->head->used -= size;
		a->handed_out -= size;
	}
}

/* Dedicated chunk c resized to hold size bytes (contents kept). */
static struct chunk *
chunk_resize(struct arena *a, struct chunk *c, size_t size)
{
	struct chunk *n, *prev = c->prev, *next = c->next;
	size_t keep = c->used < size ? c->used : size;

	if (!c->mapped) {
		n = xrealloc(c, sizeof(*n) + size);
		n->size = size;
		n->prev = prev;
		n->next = next;
	} else {
		n = chunk_new(a, size);
		memcpy(n->data, c->data, keep);
		n->owner = a;
		n->tag = DEDICATED_MAGIC;
		n->prev = prev;
		n->next = next;
		chunk_drop(c);
	}
	if (prev != NULL)
		prev->next = n;
	else
		a->head = n;
	if (next != NULL)
		next->prev = n;
	n->used = size;
	return n;
}

void *
arena_grow(struct arena *a, void *old, size_t oldsize, size_t newsize)
{
	size_t ro = block_size(oldsize), rn = block_size(newsize);
	size_t keep = oldsize < newsize ? oldsize : newsize;
	struct chunk *c;
	char *p;

	if (old == NULL || oldsize == 0)
		return arena_alloc(a, newsize);
	if ((c = dedicated_of(a, old, ro)) != NULL && rn > a->chunk_size / 8) {
		c = chunk_resize(a, c, rn);
		a->handed_out += rn - ro;
		p = (char *)c->data;
	} else if (last_of_head(a, old, ro) && rn <= a->chunk_size / 8 &&
	    a->head->size - (a->head->used - ro) >= rn) {
		a->head->used += rn - ro; /* in place (wraps when shrinking) */
		a->handed_out += rn - ro;
		p = old;
	} else {
		p = alloc_raw(a, newsize);
		memcpy(p, old, keep);
		arena_release(a, old, oldsize);
	}
	if (newsize > keep)
		memset(p + keep, 0, newsize - keep);
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
	char buf[256];
	va_list ap2;
	int n;
	char *p;

	/* Printed once into buf when it fits (ids and names do) and copied,
	 * rather than measured first and printed again. */
	va_copy(ap2, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap2);
	va_end(ap2);
	MP_ASSERT(n >= 0);
	p = alloc_raw(a, (size_t)n + 1);
	if ((size_t)n < sizeof(buf))
		memcpy(p, buf, (size_t)n + 1);
	else
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
