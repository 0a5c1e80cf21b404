/*
 * test_arena.c - arena_grow and arena_release (lib/arena.c): contents kept
 * and the new part zeroed across growth, arrays grown in turn with other
 * allocations between them, blocks with chunks of their own (resized and
 * freed), in-place growth of the last block, a transient arena, and the
 * memory given back, by arena_used against what an arena that keeps every
 * old block would hold (the sum of all the sizes an array went through).
 * ARR_TRIM. Also strmap's slot tables, given back as the map grows, and
 * arena_printf and sb_printf at every length around their first try's
 * room, against the text put together by hand.
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
#include "../../lib/strbuf.h"
#include "../../lib/strmap.h"

typedef ARR(size_t) size_arr;

/* The value pushed at position i of array k (distinct per array). */
static size_t
val(size_t k, size_t i)
{
	return k * 1000003u + i * 7u + 1;
}

static void
check_arr(const size_arr *x, size_t k)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->v[i] != val(k, i)) {
			fprintf(stderr, "array %zu, [%zu]: want %zu, got %zu\n",
			    k, i, val(k, i), x->v[i]);
			fail();
		}
}

/* What an arena keeping every old block holds for one array of cap
 * elements grown by ARR_PUSH from 4: 4 + 8 + ... + cap. */
static size_t
naive_bytes(size_t cap)
{
	size_t c, sum = 0;

	for (c = 4; c <= cap; c *= 2)
		sum += c * sizeof(size_t);
	return sum;
}

static void
one_array(struct arena *a)
{
	size_arr x = { 0 };
	size_t i, n = 300000, u0 = arena_used(a);

	for (i = 0; i < n; i++)
		ARR_PUSH(a, x, val(0, i));
	check_arr(&x, 0);
	/* Held: the array, plus at most the small sizes it went through. */
	assert_true(arena_used(a) - u0 <= x.cap * sizeof(size_t) + 64 * 1024);
	assert_true(naive_bytes(x.cap) > 2 * x.cap * sizeof(size_t) - 64);
	/* Given back whole: a block of its own. */
	arena_release(a, x.v, x.cap * sizeof(size_t));
	assert_true(arena_used(a) - u0 <= 64 * 1024);
}

static void
test_one_array(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	one_array(a);
	arena_free(a);
}

static void
test_transient(void **state)
{
	struct arena *a = arena_new_transient();

	(void)state;
	one_array(a);
	arena_free(a);
}

/* Five arrays pushed in turn, with strings allocated between pushes. */
static void
test_interleaved(void **state)
{
	struct arena *a = arena_new();
	size_arr x[5];
	char *s[64];
	size_t i, k, caps = 0, strs = 0;

	(void)state;
	memset(x, 0, sizeof(x));
	for (i = 0; i < 100000; i++) {
		for (k = 0; k < 5; k++)
			if (i < 20000 * (k + 1))
				ARR_PUSH(a, x[k], val(k, i));
		if (i % 1000 == 0 && strs < 64) {
			s[strs] = arena_printf(a, "string %zu", i);
			strs++;
		}
	}
	for (k = 0; k < 5; k++) {
		assert_int_equal(x[k].n, 20000 * (k + 1));
		check_arr(&x[k], k);
		caps += x[k].cap * sizeof(size_t);
	}
	for (i = 0; i < strs; i++) {
		char want[32];

		snprintf(want, sizeof(want), "string %zu", i * 1000);
		assert_string_equal(s[i], want);
	}
	/* Each array's small sizes (below a chunk of its own) may stay;
	 * the naive arena holds twice the arrays. */
	assert_true(arena_used(a) <= caps + 5 * 64 * 1024 + 64 * 32);
	arena_free(a);
}

static void
test_grow_zeroes_and_shrinks(void **state)
{
	struct arena *a = arena_new();
	unsigned char *p, *q;
	size_t i,
	    sizes[] = { 24, 100, 5000, 40000, 300000, 1 << 20, 70000, 33,
		    1000000 };
	size_t cur = 0;

	(void)state;
	p = NULL;
	for (i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		size_t nz = sizes[i], j, keep = cur < nz ? cur : nz;

		q = arena_grow(a, p, cur, nz);
		for (j = 0; j < keep; j++)
			assert_int_equal(q[j], (unsigned char)(j * 31 + 7));
		for (j = keep; j < nz; j++)
			assert_int_equal(q[j], 0);
		for (j = 0; j < nz; j++)
			q[j] = (unsigned char)(j * 31 + 7);
		p = q;
		cur = nz;
	}
	arena_free(a);
}

static void
test_release(void **state)
{
	struct arena *a = arena_new();
	void *p, *q, *r, *big;
	size_t u;

	(void)state;
	/* The last block goes back and is handed out again. */
	p = arena_alloc(a, 100);
	u = arena_used(a);
	q = arena_alloc(a, 40);
	arena_release(a, q, 40);
	assert_int_equal(arena_used(a), u);
	r = arena_alloc(a, 40);
	assert_ptr_equal(r, q);
	/* A block that is not the last stays. */
	arena_release(a, p, 100);
	assert_int_equal(arena_used(a), u + 48);
	/* The last block grows in place. */
	q = arena_grow(a, r, 40, 200);
	assert_ptr_equal(q, r);
	/* A block of its own is freed at once, whatever came after it. */
	u = arena_used(a);
	big = arena_alloc(a, 2 << 20);
	(void)arena_alloc(a, 16);
	arena_release(a, big, 2 << 20);
	assert_int_equal(arena_used(a), u + 16);
	arena_release(a, NULL, 10);
	arena_free(a);
}

/* ARR_TRIM: the slack of the last array goes back; pushes go on. */
static void
test_trim(void **state)
{
	struct arena *a = arena_new();
	size_arr x = { 0 };
	size_t u0 = arena_used(a), i;

	(void)state;
	ARR_PUSH(a, x, val(2, 0));
	assert_int_equal(x.cap, 4);
	assert_int_equal(arena_used(a) - u0, 4 * sizeof(size_t));
	ARR_TRIM(a, x);
	assert_int_equal(x.cap, 1);
	assert_int_equal(arena_used(a) - u0, 16); /* one aligned block */
	for (i = 1; i < 100; i++)
		ARR_PUSH(a, x, val(2, i));
	ARR_TRIM(a, x);
	assert_int_equal(x.cap, 100);
	check_arr(&x, 2);
	assert_int_equal(arena_used(a) - u0, 100 * sizeof(size_t));
	arena_free(a);
}

/* An array of another arena grown in this one: a copy; the original is
 * neither freed nor changed. */
static void
test_foreign(void **state)
{
	struct arena *a = arena_new(), *b = arena_new();
	size_arr x = { 0 }, y;
	size_t i, u, last;

	(void)state;
	for (i = 0; i < 100000; i++)
		ARR_PUSH(a, x, val(1, i));
	u = arena_used(a);
	y = x;
	y.n = y.cap;
	for (i = 0; i < y.cap; i++)
		y.v[i] = val(1, i);
	last = val(1, y.n);
	ARR_PUSH(b, y, last);
	assert_ptr_not_equal(y.v, x.v);
	assert_int_equal(arena_used(a), u);
	x.n = x.cap;
	check_arr(&x, 1);
	check_arr(&y, 1);
	arena_free(b);
	arena_free(a);
}

static void
test_strmap_tables(void **state)
{
	struct arena *a = arena_new();
	struct strmap *m = strmap_new(a);
	/* strmap.c's struct slot: key, hash, value. */
	size_t slot = 2 * sizeof(void *) + sizeof(unsigned long long);
	size_t i, n = 100000, cap = 16, keys, naive = 0;
	char **k = malloc(n * sizeof(*k));
	char buf[32];

	(void)state;
	assert_non_null(k);
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "/Key/%zu", i);
		k[i] = arena_strdup(a, buf);
	}
	keys = arena_used(a);
	for (i = 0; i < n; i++)
		assert_null(
		    strmap_put_kept(m, k[i], (void *)(uintptr_t)(i + 1)));
	for (naive = cap * slot; 2 * n > cap; cap *= 2)
		naive += 2 * cap * slot;
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "/KEY/%zu", i);
		assert_int_equal((uintptr_t)strmap_get(m, buf), i + 1);
	}
	assert_int_equal(strmap_count(m), n);
	/* The final table (cap slots) and the map; not every old table. */
	assert_true(arena_used(a) - keys <= cap * slot + 64 * 1024);
	assert_true(naive > 2 * cap * slot - 64 * 1024);
	free(k);
	arena_free(a);
}

/*
 * Texts of 0 to 600 bytes printed with a %s and a %d, by arena_printf
 * and appended by sb_printf to a buffer that grows as they go (so that
 * some fit its room and some do not), each checked against the same text
 * put together with memcpy.
 */
static void
test_printf_lengths(void **state)
{
	struct arena *a = arena_new();
	struct strbuf sb = STRBUF_INIT;
	char src[601], want[640], *all = malloc(200000);
	size_t n, at = 0;

	(void)state;
	assert_non_null(all);
	for (n = 0; n < sizeof(src) - 1; n++)
		src[n] = (char)('a' + n % 26);
	for (n = 0; n < sizeof(src); n++) {
		const char *got;
		size_t len;

		memcpy(want, "<", 1);
		memcpy(want + 1, src, n);
		memcpy(want + 1 + n, ">42", 4);
		len = n + 4;
		got = arena_printf(a, "<%.*s>%d", (int)n, src, 42);
		assert_int_equal(strlen(got), len);
		assert_string_equal(got, want);
		sb_printf(&sb, "<%.*s>%d", (int)n, src, 42);
		memcpy(all + at, want, len + 1);
		at += len;
		assert_int_equal(sb.len, at);
		assert_string_equal(sb.s, all);
	}
	sb_free(&sb);
	free(all);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_array),
		cmocka_unit_test(test_transient),
		cmocka_unit_test(test_interleaved),
		cmocka_unit_test(test_grow_zeroes_and_shrinks),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_foreign),
		cmocka_unit_test(test_strmap_tables),
		cmocka_unit_test(test_printf_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
