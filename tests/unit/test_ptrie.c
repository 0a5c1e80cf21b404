/*
 * test_ptrie.c - the prefix trie: hand-checked cases, then a randomized
 * differential test against a naive linear scan (fixed seeds, printed on
 * failure), after BIRD's filter/trie_test.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/arena.h"
#include "../../lib/util.h"
#include "../../planner/ptrie.h"

static struct prefix
P(const char *s)
{
	struct prefix p;

	assert_int_equal(prefix_parse(s, 0, &p, NULL), 0);
	return p;
}

static const char *
fmt(const struct prefix *p)
{
	static char buf[4][PREFIX_STRLEN];
	static int i;

	i = (i + 1) % 4;
	return prefix_format(p, buf[i]);
}

struct collect {
	char text[4096];
};

static int
collect_fn(const struct prefix *p, void *v, void *ctx)
{
	struct collect *c = ctx;
	char buf[PREFIX_STRLEN];

	(void)v;
	if (c->text[0] != '\0')
		strcat(c->text, " ");
	strcat(c->text, prefix_format(p, buf));
	return 0;
}

static void
test_basic(void **state)
{
	struct arena *a = arena_new();
	struct ptrie *t = ptrie_new(a);
	struct prefix p, m;
	struct collect c;
	void *old = (void *)1;
	int v1, v2, v3, v4, v6;

	(void)state;
	assert_int_equal(ptrie_count(t), 0);
	p = P("10.0.0.0/8");
	assert_null(ptrie_lpm(t, &p, NULL));
	assert_false(ptrie_has_within(t, &p));
	assert_true(ptrie_insert(t, &p, &v1, &old));
	assert_null(old);
	p = P("10.1.0.0/16");
	assert_true(ptrie_insert(t, &p, &v2, NULL));
	p = P("10.1.2.0/24");
	assert_true(ptrie_insert(t, &p, &v3, NULL));
	p = P("10.2.0.0/16");
	assert_true(ptrie_insert(t, &p, &v4, NULL));
	p = P("2001:db8::/32");
	assert_true(ptrie_insert(t, &p, &v6, NULL));
	assert_int_equal(ptrie_count(t), 5);

	/* Replacing a value returns the old one and keeps the count. */
	p = P("10.1.0.0/16");
	assert_false(ptrie_insert(t, &p, &v4, &old));
	assert_ptr_equal(old, &v2);
	assert_true(ptrie_get(t, &p) == &v4);
	assert_false(ptrie_insert(t, &p, &v2, NULL));
	assert_int_equal(ptrie_count(t), 5);

	p = P("10.1.2.3/32");
	assert_ptr_equal(ptrie_lpm(t, &p, &m), &v3);
	assert_string_equal(fmt(&m), "10.1.2.0/24");
	p = P("10.1.3.0/24");
	assert_ptr_equal(ptrie_lpm(t, &p, &m), &v2);
	assert_string_equal(fmt(&m), "10.1.0.0/16");
	p = P("10.200.0.0/16");
	assert_ptr_equal(ptrie_lpm(t, &p, &m), &v1);
	p = P("11.0.0.0/8");
	assert_null(ptrie_lpm(t, &p, &m));
	/* The families do not mix: ::/0 is not 0.0.0.0/0. */
	p = P("::/0");
	assert_null(ptrie_lpm(t, &p, NULL));
	assert_true(ptrie_has_within(t, &p));
	p = P("0.0.0.0/0");
	assert_true(ptrie_has_within(t, &p));
	assert_null(ptrie_get(t, &p));

	/* The glue node 10.0.0.0/14 (between /16s) is not stored. */
	p = P("10.0.0.0/14");
	assert_null(ptrie_get(t, &p));
	assert_true(ptrie_has_within(t, &p));
	p = P("10.3.0.0/16");
	assert_false(ptrie_has_within(t, &p));
	assert_true(ptrie_overlaps(t, &p));	/* inside 10/8 */
	p = P("12.0.0.0/8");
	assert_false(ptrie_overlaps(t, &p));
	p = P("2001:db8:1::/48");
	assert_true(ptrie_overlaps(t, &p));
	assert_false(ptrie_has_within(t, &p));

	memset(&c, 0, sizeof(c));
	assert_int_equal(ptrie_walk(t, NULL, collect_fn, &c), 0);
	assert_string_equal(c.text, "10.0.0.0/8 10.1.0.0/16 10.1.2.0/24 "
	    "10.2.0.0/16 2001:db8::/32");
	memset(&c, 0, sizeof(c));
	p = P("10.0.0.0/14");
	assert_int_equal(ptrie_walk(t, &p, collect_fn, &c), 0);
	assert_string_equal(c.text, "10.1.0.0/16 10.1.2.0/24 10.2.0.0/16");
	arena_free(a);
}

static int
stop_fn(const struct prefix *p, void *v, void *ctx)
{
	int *n = ctx;

	(void)p;
	(void)v;
	return ++*n == 2 ? 7 : 0;
}

static void
test_walk_stops(void **state)
{
	struct arena *a = arena_new();
	struct ptrie *t = ptrie_new(a);
	struct prefix p;
	int n = 0;

	(void)state;
	p = P("10.0.0.0/8");
	ptrie_insert(t, &p, NULL, NULL);
	p = P("10.0.0.0/9");
	ptrie_insert(t, &p, NULL, NULL);
	p = P("10.128.0.0/9");
	ptrie_insert(t, &p, NULL, NULL);
	assert_int_equal(ptrie_walk(t, NULL, stop_fn, &n), 7);
	assert_int_equal(n, 2);
	/* A stored NULL value is still a stored prefix. */
	p = P("10.0.0.0/9");
	assert_null(ptrie_get(t, &p));
	p = P("10.0.0.0/10");
	assert_true(ptrie_overlaps(t, &p));
	arena_free(a);
}

/* Differential test. */

static uint64_t rng;

static uint64_t
rnd(void)
{
	/* xorshift64*: small, fast, the same on every platform. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

/*
 * A random prefix in a small universe so that prefixes nest and collide
 * often: IPv4 inside 10.0.0.0/16 with lengths 12..32, IPv6 inside
 * 2001:db8::/32 with the address bits drawn only at a few positions.
 */
static struct prefix
rand_prefix(int fam)
{
	struct prefix p;
	unsigned len;

	memset(&p, 0, sizeof(p));
	if (fam == FAM_V4) {
		p.fam = FAM_V4;
		p.hi = (0x0a000000ULL | (rnd() & 0xffff)) << 32;
		if (rnd() % 8 == 0)
			p.hi ^= (rnd() & 0xf) << 56;
		p.len = 32;
		len = (unsigned)(12 + rnd() % 21);
	} else {
		p.fam = FAM_V6;
		p.hi = 0x20010db800000000ULL | ((rnd() & 0x7) << 28) |
		    ((rnd() & 0x3) << 8);
		p.lo = (rnd() & 0x3) << 62 | (rnd() & 0x3);
		p.len = 128;
		len = (unsigned)(28 + rnd() % 101);
	}
	return prefix_truncate(&p, len);
}

struct naive {
	struct prefix p[640];
	void *v[640];
	size_t n;
};

static size_t
naive_find(const struct naive *nv, const struct prefix *p)
{
	size_t i;

	for (i = 0; i < nv->n; i++)
		if (prefix_eq(&nv->p[i], p))
			return i;
	return (size_t)-1;
}

struct walk_check {
	const struct naive *nv;
	const struct prefix *within;
	struct prefix last;
	size_t seen;
	int bad;
};

static int
check_fn(const struct prefix *p, void *v, void *ctx)
{
	struct walk_check *w = ctx;
	size_t i = naive_find(w->nv, p);

	if (i == (size_t)-1 || w->nv->v[i] != v)
		w->bad = 1;
	if (w->within != NULL && !prefix_contains(w->within, p))
		w->bad = 2;
	if (w->seen > 0 && prefix_cmp(&w->last, p) >= 0)
		w->bad = 3;
	w->last = *p;
	w->seen++;
	return 0;
}

/* lpm and get of p against the naive scan; 0 when both agree. */
static int
check_point(struct ptrie *t, const struct naive *nv, const struct prefix *p,
    uint64_t seed, const char *phase)
{
	struct prefix m;
	size_t i, j, best = (size_t)-1;
	void *v;

	for (i = 0; i < nv->n; i++)
		if (prefix_contains(&nv->p[i], p) &&
		    (best == (size_t)-1 || nv->p[i].len > nv->p[best].len))
			best = i;
	v = ptrie_lpm(t, p, &m);
	if (best == (size_t)-1 ?
		v != NULL :
		(v != nv->v[best] || !prefix_eq(&m, &nv->p[best]))) {
		fprintf(stderr, "seed %llu: %s: lpm(%s) wrong\n",
		    (unsigned long long)seed, phase, fmt(p));
		return -1;
	}
	j = naive_find(nv, p);
	if (ptrie_get(t, p) != (j == (size_t)-1 ? NULL : nv->v[j])) {
		fprintf(stderr, "seed %llu: %s: get(%s) wrong\n",
		    (unsigned long long)seed, phase, fmt(p));
		return -1;
	}
	return 0;
}

static int
cmp_prefix(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

/*
 * The finger (a large trie resumes a lookup from the last one's path):
 * queries in address order, as routing makes them, each followed by its
 * shorter truncations down to /0 (as a scan for covering prefixes makes
 * them), then lookups between inserts, which must forget the path.
 */
static int
run_finger(struct ptrie *t, struct naive *nv, uint64_t seed)
{
	struct prefix q[300], p;
	size_t i, j;
	int len;

	for (i = 0; i < MP_NELEM(q); i++) {
		q[i] = rand_prefix(rnd() % 3 == 0 ? FAM_V6 : FAM_V4);
		if (i % 2 == 0)
			q[i].len = (uint8_t)prefix_maxlen(&q[i]);
	}
	qsort(q, MP_NELEM(q), sizeof(q[0]), cmp_prefix);
	for (i = 0; i < MP_NELEM(q); i++) {
		if (check_point(t, nv, &q[i], seed, "sorted") != 0)
			return -1;
		if (i % 7 != 0)
			continue;
		for (len = (int)q[i].len - 1; len >= 0; len--) {
			p = prefix_truncate(&q[i], (unsigned)len);
			if (check_point(t, nv, &p, seed, "truncated") != 0)
				return -1;
		}
	}
	for (i = 0; i < 100 && nv->n < MP_NELEM(nv->p); i++) {
		p = q[rnd() % MP_NELEM(q)];
		if (check_point(t, nv, &p, seed, "before insert") != 0)
			return -1;
		/* A prefix on the path just walked, or next to it. */
		p = prefix_truncate(&p, (unsigned)(rnd() % (p.len + 1u)));
		j = naive_find(nv, &p);
		ptrie_insert(t, &p, (void *)(uintptr_t)(1000 + i), NULL);
		if (j == (size_t)-1) {
			nv->p[nv->n] = p;
			nv->v[nv->n++] = (void *)(uintptr_t)(1000 + i);
		} else {
			nv->v[j] = (void *)(uintptr_t)(1000 + i);
		}
		if (check_point(t, nv, &q[rnd() % MP_NELEM(q)], seed,
			"after insert") != 0)
			return -1;
	}
	return 0;
}

static int
run_random(uint64_t seed)
{
	struct arena *a = arena_new();
	struct ptrie *t = ptrie_new(a);
	struct naive *nv = calloc(1, sizeof(*nv));
	struct walk_check w;
	struct prefix p, m;
	size_t i, j, best, nin;
	void *v, *old;
	int q, fam;

	rng = seed;
	nin = 50 + rnd() % 400;
	for (i = 0; i < nin; i++) {
		fam = rnd() % 3 == 0 ? FAM_V6 : FAM_V4;
		p = rand_prefix(fam);
		v = (void *)(uintptr_t)(i + 1);
		j = naive_find(nv, &p);
		if (ptrie_insert(t, &p, v, &old) != (j == (size_t)-1)) {
			fprintf(stderr, "seed %llu: insert %s new?\n",
			    (unsigned long long)seed, fmt(&p));
			return -1;
		}
		if (j == (size_t)-1) {
			nv->p[nv->n] = p;
			nv->v[nv->n++] = v;
		} else {
			if (old != nv->v[j]) {
				fprintf(stderr, "seed %llu: insert %s old\n",
				    (unsigned long long)seed, fmt(&p));
				return -1;
			}
			nv->v[j] = v;
		}
	}
	if (ptrie_count(t) != nv->n) {
		fprintf(stderr, "seed %llu: count %zu != %zu\n",
		    (unsigned long long)seed, ptrie_count(t), nv->n);
		return -1;
	}
	for (q = 0; q < 2000; q++) {
		bool within = false, overl = false;

		fam = rnd() % 3 == 0 ? FAM_V6 : FAM_V4;
		p = rand_prefix(fam);
		if (q % 4 == 0)	/* plenty of host routes too */
			p.len = (uint8_t)prefix_maxlen(&p);
		best = (size_t)-1;
		for (i = 0; i < nv->n; i++) {
			if (prefix_contains(&nv->p[i], &p) &&
			    (best == (size_t)-1 ||
			    nv->p[i].len > nv->p[best].len))
				best = i;
			if (prefix_contains(&p, &nv->p[i]))
				within = true;
			if (prefix_overlaps(&p, &nv->p[i]))
				overl = true;
		}
		v = ptrie_lpm(t, &p, &m);
		if (best == (size_t)-1 ? v != NULL :
		    (v != nv->v[best] || !prefix_eq(&m, &nv->p[best]))) {
			fprintf(stderr, "seed %llu: lpm(%s) wrong\n",
			    (unsigned long long)seed, fmt(&p));
			return -1;
		}
		j = naive_find(nv, &p);
		if (ptrie_get(t, &p) != (j == (size_t)-1 ? NULL : nv->v[j])) {
			fprintf(stderr, "seed %llu: get(%s) wrong\n",
			    (unsigned long long)seed, fmt(&p));
			return -1;
		}
		if (ptrie_has_within(t, &p) != within ||
		    ptrie_overlaps(t, &p) != overl) {
			fprintf(stderr, "seed %llu: within/overlaps(%s) "
			    "wrong\n", (unsigned long long)seed, fmt(&p));
			return -1;
		}
		if (q % 10 == 0) {
			size_t want = 0;

			for (i = 0; i < nv->n; i++)
				want += prefix_contains(&p, &nv->p[i]);
			memset(&w, 0, sizeof(w));
			w.nv = nv;
			w.within = &p;
			ptrie_walk(t, &p, check_fn, &w);
			if (w.bad || w.seen != want) {
				fprintf(stderr, "seed %llu: walk(%s) bad %d "
				    "seen %zu want %zu\n",
				    (unsigned long long)seed, fmt(&p), w.bad,
				    w.seen, want);
				return -1;
			}
		}
	}
	if (run_finger(t, nv, seed) != 0)
		return -1;
	memset(&w, 0, sizeof(w));
	w.nv = nv;
	ptrie_walk(t, NULL, check_fn, &w);
	if (w.bad || w.seen != nv->n) {
		fprintf(stderr, "seed %llu: full walk bad %d\n",
		    (unsigned long long)seed, w.bad);
		return -1;
	}
	free(nv);
	arena_free(a);
	return 0;
}

static void
test_random(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 60; seed++)
		assert_int_equal(run_random(seed * 0x9e3779b97f4a7c15ULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_walk_stops),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
