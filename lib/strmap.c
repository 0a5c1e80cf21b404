/*
 * strmap.c - linear-probing hash table, load factor at most 1/2, grown by
 * doubling. Storage is in the arena given at creation; an old slot array
 * is given back to it (arena_release) once the table has moved.
 */
#include "strmap.h"

#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "util.h"

struct slot {
	const char *key;
	unsigned long long hash;
	void *value;
};

struct strmap {
	struct arena *arena;
	struct slot *slots;
	size_t cap, count;
};

struct strmap *
strmap_new(struct arena *a)
{
	struct strmap *m = arena_alloc(a, sizeof(*m));

	m->arena = a;
	m->cap = 16;
	m->slots = arena_calloc(a, m->cap, sizeof(struct slot));
	return m;
}

/*
 * The keys' hash, case-insensitive for ASCII like mp_hash_lower (which
 * stays for hashes that reach the output) but 8 bytes at a time: ids are
 * long, and most of loading and routing is map lookups.
 */
static unsigned long long
key_hash(const char *key)
{
	const unsigned long long ones = 0x0101010101010101ULL;
	const unsigned long long high = 0x8080808080808080ULL;
	unsigned long long h = 0x9E3779B97F4A7C15ULL, w, t, up;
	size_t n = strlen(key), i;

	for (i = 0; i < n; i += 8) {
		w = 0;
		memcpy(&w, key + i, n - i < 8 ? n - i : 8);
		/* Set 0x20 in each byte 'A'..'Z' (bytes >= 0x80 untouched). */
		t = w & ~high;
		up = ((t + (0x80 - 'A') * ones) ^ (t + (0x7f - 'Z') * ones)) &
		    ~w & high;
		w |= up >> 2;
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 29;
	}
	return h ^ n;
}

static struct slot *
find(const struct strmap *m, const char *key, unsigned long long h)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;;) {
		struct slot *s = &m->slots[i];

		if (s->key == NULL ||
		    (s->hash == h && mp_strcasecmp(s->key, key) == 0))
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	struct slot *s = find(m, key, key_hash(key));

	return s->key ? s->value : NULL;
}

static void
grow(struct strmap *m)
{
	struct slot *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap *= 2;
	m->slots = arena_calloc(m->arena, m->cap, sizeof(struct slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i].key != NULL)
			*find(m, old[i].key, old[i].hash) = old[i];
	}
	arena_release(m->arena, old, oldcap * sizeof(struct slot));
}

static void *
put(struct strmap *m, const char *key, void *value, bool copy)
{
	unsigned long long h = key_hash(key);
	struct slot *s = find(m, key, h);
	void *prev;

	if (s->key != NULL) {
		prev = s->value;
		s->value = value;
		return prev;
	}
	if ((m->count + 1) * 2 > m->cap) {
		grow(m);
		s = find(m, key, h);
	}
	s->key = copy ? arena_strdup(m->arena, key) : key;
	s->hash = h;
	s->value = value;
	m->count++;
	return NULL;
}

void *
strmap_put(struct strmap *m, const char *key, void *value)
{
	return put(m, key, value, true);
}

void *
strmap_put_kept(struct strmap *m, const char *key, void *value)
{
	return put(m, key, value, false);
}

size_t
strmap_count(const struct strmap *m)
{
	return m->count;
}

int
strmap_each(const struct strmap *m,
    int (*fn)(const char *key, void *value, void *ctx), void *ctx)
{
	size_t i;
	int rc;

	for (i = 0; i < m->cap; i++) {
		if (m->slots[i].key == NULL)
			continue;
		if ((rc = fn(m->slots[i].key, m->slots[i].value, ctx)) != 0)
			return rc;
	}
	return 0;
}
