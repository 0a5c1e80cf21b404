/*
 * test_summarize.c - summarizedGatewayPrefixes: hand-checked cases per
 * mode, then differential tests on random inputs (fixed seeds, printed on
 * failure): every answer is checked for validity, compared with an
 * exhaustive search over all sets of disjoint summaries in a 16-address
 * universe, and the trie dynamic program is compared with the linear exact
 * merge on larger inputs.
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
#include "../../planner/summarize.h"

static struct prefix
P(const char *s)
{
	struct prefix p;

	if (prefix_parse(s, 0, &p, NULL) != 0)
		fail_msg("bad test prefix %s", s);
	return p;
}

struct tcase {
	struct arena *a;
	struct sum_input in[64];
	size_t n;
	struct prefix forbid[16];
	size_t nforbid;
	struct sum_opts o;
	struct sum_result *res;
};

static void
tc_init(struct tcase *t)
{
	memset(t, 0, sizeof(*t));
	t->a = arena_new();
	sum_opts_init(&t->o);
}

static void
tc_in(struct tcase *t, const char *s)
{
	t->in[t->n].p = P(s);
	t->in[t->n].owner = (void *)(uintptr_t)(t->n + 1);
	t->n++;
}

static void
tc_must(struct tcase *t, const char *s)
{
	tc_in(t, s);
	t->in[t->n - 1].must_cover = true;
}

static void
tc_forbid(struct tcase *t, const char *s)
{
	t->forbid[t->nforbid++] = P(s);
}

/* "p1 p2 ..." with summaries marked "S:" */
static const char *
tc_run(struct tcase *t)
{
	static char buf[2048];
	char pb[PREFIX_STRLEN];
	size_t i;
	int fi;

	t->res = summarize(t->a, t->in, t->n, t->forbid, t->nforbid, &t->o);
	buf[0] = '\0';
	for (fi = 0; fi < 2; fi++)
		for (i = 0; i < t->res->fam[fi].nitems; i++) {
			const struct sum_item *it = &t->res->fam[fi].items[i];

			if (buf[0] != '\0')
				strcat(buf, " ");
			if (it->summary)
				strcat(buf, "S:");
			strcat(buf, prefix_format(&it->p, pb));
		}
	return buf;
}

static const char *
waste_str(const struct sum_count *c)
{
	static char buf[SUM_COUNT_STRLEN];

	return sum_count_format(c, buf);
}

static void
test_exact(void **state)
{
	struct tcase t;

	(void)state;
	tc_init(&t);
	t.o.mode = SUM_EXACT;
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.2.0/25");
	tc_in(&t, "10.0.2.128/25");
	tc_in(&t, "10.0.3.0/24");
	tc_in(&t, "10.0.3.0/24");	/* duplicate: counted once */
	tc_in(&t, "10.1.0.0/16");
	tc_in(&t, "10.1.7.0/24");	/* nested: collapsed */
	tc_in(&t, "192.168.0.0/24");
	assert_string_equal(tc_run(&t),
	    "S:10.0.0.0/22 S:10.1.0.0/16 192.168.0.0/24");
	assert_int_equal(t.res->fam[0].before, 8);
	assert_int_equal(t.res->fam[0].after, 3);
	assert_int_equal(t.res->fam[0].items[0].n, 6);
	assert_string_equal(waste_str(&t.res->fam[0].waste), "0");
	arena_free(t.a);

	/* The top of the address space (the end of a run is all ones). */
	tc_init(&t);
	t.o.mode = SUM_EXACT;
	tc_in(&t, "255.255.192.0/18");
	tc_in(&t, "255.255.200.0/22");
	tc_in(&t, "255.255.255.255/32");
	tc_in(&t, "255.254.0.0/16");
	tc_in(&t, "ffff:ffff::/32");
	tc_in(&t, "ffff:ffff:ffff::/48");
	tc_in(&t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	assert_string_equal(tc_run(&t),
	    "255.254.0.0/16 S:255.255.192.0/18 S:ffff:ffff::/32");
	arena_free(t.a);

	/* Exact with a forbidden prefix: never merge across it. */
	tc_init(&t);
	t.o.mode = SUM_EXACT;
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.0.2.0/23");
	tc_forbid(&t, "10.0.1.128/25");
	assert_string_equal(tc_run(&t),
	    "10.0.0.0/24 10.0.1.0/24 10.0.2.0/23");
	arena_free(t.a);
}

static void
test_default(void **state)
{
	struct tcase t;

	(void)state;
	tc_init(&t);
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.0.3.0/24");
	tc_in(&t, "172.16.0.0/24");
	assert_string_equal(tc_run(&t), "S:10.0.0.0/22 172.16.0.0/24");
	assert_string_equal(waste_str(&t.res->fam[0].items[0].waste), "256");
	assert_int_equal(t.res->fam[0].items[0].n, 3);
	assert_int_equal(t.res->fam[0].before, 4);
	assert_int_equal(t.res->fam[0].after, 2);
	arena_free(t.a);

	/* A forbidden prefix inside the /22 pushes the summary down. */
	tc_init(&t);
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.0.3.0/24");
	tc_forbid(&t, "10.0.2.64/26");
	assert_string_equal(tc_run(&t), "S:10.0.0.0/23 10.0.3.0/24");
	arena_free(t.a);

	/* Forbidden equal to the candidate: refused too. */
	tc_init(&t);
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.0.3.0/24");
	tc_forbid(&t, "10.0.0.0/22");
	assert_string_equal(tc_run(&t), "S:10.0.0.0/23 10.0.3.0/24");
	arena_free(t.a);

	/* A forbidden supernet is fine: longest match wins. */
	tc_init(&t);
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.0.3.0/24");
	tc_forbid(&t, "10.0.0.0/8");
	tc_forbid(&t, "0.0.0.0/0");
	assert_string_equal(tc_run(&t), "S:10.0.0.0/22");
	arena_free(t.a);

	/* Minimum length: 10.0/24 and 10.1/24 only meet at /15. */
	tc_init(&t);
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.1.0.0/24");
	assert_string_equal(tc_run(&t), "10.0.0.0/24 10.1.0.0/24");
	arena_free(t.a);
	tc_init(&t);
	t.o.min_len[0] = 15;
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.1.0.0/24");
	assert_string_equal(tc_run(&t), "S:10.0.0.0/15");
	arena_free(t.a);

	/* Nested inputs: one summary for the /16 and what it holds. */
	tc_init(&t);
	tc_in(&t, "10.0.0.0/16");
	tc_in(&t, "10.0.5.0/24");
	assert_string_equal(tc_run(&t), "S:10.0.0.0/16");
	assert_int_equal(t.res->fam[0].before, 2);
	assert_string_equal(waste_str(&t.res->fam[0].waste), "0");
	arena_free(t.a);

	/* An input holding a forbidden prefix stays; its insides merge. */
	tc_init(&t);
	tc_in(&t, "10.0.0.0/16");
	tc_in(&t, "10.0.6.0/24");
	tc_in(&t, "10.0.7.0/24");
	tc_forbid(&t, "10.0.5.0/24");
	assert_string_equal(tc_run(&t), "10.0.0.0/16 S:10.0.6.0/23");
	arena_free(t.a);

	/* Ties on count go to the least waste. */
	tc_init(&t);
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.0.4.0/24");
	tc_in(&t, "10.0.6.0/24");
	tc_in(&t, "10.0.7.0/24");
	tc_forbid(&t, "10.0.2.0/24");
	/* /23 + /22 (waste 256) beats e.g. /21-forbidden, and 10.0.4/22. */
	assert_string_equal(tc_run(&t), "S:10.0.0.0/23 S:10.0.4.0/22");
	assert_string_equal(waste_str(&t.res->fam[0].waste), "256");
	arena_free(t.a);
}

static void
test_must_cover(void **state)
{
	struct tcase t;

	(void)state;
	/* The hub's own /24 ends inside a summary. */
	tc_init(&t);
	tc_must(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.5.0.0/24");
	assert_string_equal(tc_run(&t), "S:10.0.0.0/23 10.5.0.0/24");
	assert_false(t.res->must_cover_blocked);
	arena_free(t.a);

	/*
	 * Two spokes could merge, but the hub's /24 holds a forbidden /25:
	 * no summary may be set at all (it would hide the hub).
	 */
	tc_init(&t);
	tc_must(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.2.0/24");
	tc_in(&t, "10.0.3.0/24");
	tc_forbid(&t, "10.0.0.128/25");
	assert_string_equal(tc_run(&t), "10.0.0.0/24 10.0.2.0/24 10.0.3.0/24");
	assert_true(t.res->must_cover_blocked);
	assert_true(prefix_eq(&sum_input_at(t.res, t.res->blocked_input)->p,
	    &t.in[0].p));
	arena_free(t.a);

	/* A hub shorter than the minimum length blocks summaries too. */
	tc_init(&t);
	tc_must(&t, "10.0.0.0/8");
	tc_in(&t, "172.16.0.0/24");
	tc_in(&t, "172.16.1.0/24");
	assert_string_equal(tc_run(&t),
	    "10.0.0.0/8 172.16.0.0/24 172.16.1.0/24");
	assert_true(t.res->must_cover_blocked);
	arena_free(t.a);

	/* Must-cover applies across families: an IPv6 hub needs cover. */
	tc_init(&t);
	tc_must(&t, "2001:db8::/56");
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	assert_string_equal(tc_run(&t), "S:10.0.0.0/23 S:2001:db8::/56");
	arena_free(t.a);

	/* Nothing to merge: a lone hub is not turned into a summary. */
	tc_init(&t);
	tc_must(&t, "10.0.0.0/16");
	tc_in(&t, "10.9.0.0/24");
	assert_string_equal(tc_run(&t), "10.0.0.0/16 10.9.0.0/24");
	arena_free(t.a);
}

static void
test_budget(void **state)
{
	struct tcase t;
	size_t k;
	static const char *const want[] = {
		NULL,
		"S:10.0.0.0/21",			/* K = 1: 1024 */
		"S:10.0.0.0/21",		/* K = 2: tie on waste */
		"S:10.0.0.0/22 10.0.4.0/24 10.0.6.0/24",	/* 512 */
		"10.0.0.0/24 10.0.2.0/24 10.0.4.0/24 10.0.6.0/24",
	};

	(void)state;
	for (k = 1; k <= 4; k++) {
		tc_init(&t);
		t.o.mode = SUM_BUDGET;
		t.o.budget[0] = t.o.budget[1] = k;
		tc_in(&t, "10.0.6.0/24");
		tc_in(&t, "10.0.0.0/24");
		tc_in(&t, "10.0.2.0/24");
		tc_in(&t, "10.0.4.0/24");
		assert_string_equal(tc_run(&t), want[k]);
		assert_true(t.res->budget_reached);
		arena_free(t.a);
	}

	/* Unreachable: nothing may be shorter than /24; say so. */
	tc_init(&t);
	t.o.mode = SUM_BUDGET;
	t.o.budget[0] = 2;
	t.o.min_len[0] = 24;
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.2.0/24");
	tc_in(&t, "10.0.3.0/24");
	tc_in(&t, "10.0.4.0/24");
	assert_string_equal(tc_run(&t), "10.0.0.0/24 10.0.2.0/24 "
	    "10.0.3.0/24 10.0.4.0/24");
	assert_false(t.res->budget_reached);
	assert_false(t.res->fam[0].budget_reached);
	arena_free(t.a);

	/* With /23 allowed the best over budget is the fewest-prefix one. */
	tc_init(&t);
	t.o.mode = SUM_BUDGET;
	t.o.budget[0] = 1;
	t.o.min_len[0] = 23;
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.2.0/24");
	tc_in(&t, "10.0.3.0/24");
	tc_in(&t, "10.0.4.0/24");
	assert_string_equal(tc_run(&t),
	    "10.0.0.0/24 S:10.0.2.0/23 10.0.4.0/24");
	assert_false(t.res->budget_reached);
	arena_free(t.a);
}

static void
test_ipv6_and_mixed(void **state)
{
	struct tcase t;

	(void)state;
	tc_init(&t);
	tc_in(&t, "2001:db8:0:1::/64");
	tc_in(&t, "2001:db8:0:2::/64");
	tc_in(&t, "2001:db8:0:3::/64");
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.9.0.0/24");
	assert_string_equal(tc_run(&t),
	    "S:10.0.0.0/23 10.9.0.0/24 S:2001:db8::/62");
	assert_string_equal(waste_str(&t.res->fam[1].waste),
	    "18446744073709551616");
	assert_int_equal(t.res->fam[0].before, 3);
	assert_int_equal(t.res->fam[0].after, 2);
	assert_int_equal(t.res->fam[1].before, 3);
	assert_int_equal(t.res->fam[1].after, 1);
	arena_free(t.a);

	/* The largest waste there is: ::/0 over two addresses. */
	tc_init(&t);
	t.o.min_len[1] = 0;
	tc_in(&t, "::/128");
	tc_in(&t, "8000::/128");
	assert_string_equal(tc_run(&t), "S:::/0");
	assert_string_equal(waste_str(&t.res->fam[1].waste),
	    "340282366920938463463374607431768211454");
	arena_free(t.a);

	/* Exact: the whole IPv6 space from its halves. */
	tc_init(&t);
	t.o.mode = SUM_EXACT;
	tc_in(&t, "::/1");
	tc_in(&t, "8000::/1");
	tc_in(&t, "0.0.0.0/1");
	tc_in(&t, "128.0.0.0/1");
	assert_string_equal(tc_run(&t), "S:0.0.0.0/0 S:::/0");
	arena_free(t.a);
	tc_init(&t);
	t.o.mode = SUM_EXACT;
	t.o.trie_only = true;
	tc_in(&t, "::/1");
	tc_in(&t, "8000::/1");
	assert_string_equal(tc_run(&t), "S:::/0");
	arena_free(t.a);
}

static void
test_owners_and_order(void **state)
{
	struct tcase t;
	const struct sum_item *it;

	(void)state;
	tc_init(&t);
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.0.0.0/24");
	tc_in(&t, "10.0.1.0/24");
	tc_in(&t, "10.7.0.0/24");
	tc_in(&t, "10.7.0.0/24");
	tc_run(&t);
	assert_int_equal(t.res->fam[0].nitems, 2);
	it = &t.res->fam[0].items[0];
	assert_true(it->summary);
	assert_int_equal(it->n, 3);
	/* Sorted by prefix, equal prefixes in input order. */
	assert_ptr_equal(sum_input_at(t.res, it->first)->owner, (void *)2);
	assert_ptr_equal(sum_input_at(t.res, it->first + 1)->owner, (void *)1);
	assert_ptr_equal(sum_input_at(t.res, it->first + 2)->owner, (void *)3);
	it = &t.res->fam[0].items[1];
	assert_false(it->summary);
	assert_int_equal(it->n, 2);
	assert_ptr_equal(sum_input_at(t.res, it->first)->owner, (void *)4);
	arena_free(t.a);
}

/* Differential tests. */

static uint64_t rng;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static char failmsg[512];
static const char *stage = "";

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		snprintf(failmsg, sizeof(failmsg), __VA_ARGS__);	\
		return -1;						\
	}								\
} while (0)

/*
 * Check that an answer is well formed: every input is in exactly one
 * item, summaries are disjoint, allowed and cover an input, must-cover
 * inputs are covered when any summary is set, counts add up.
 */
static int
check_valid(const struct sum_input *in, size_t n, const struct prefix *fb,
    size_t nfb, const struct sum_opts *o, const struct sum_result *r)
{
	size_t i, j, nsum = 0, seen = 0, ndist[2] = { 0, 0 };
	char pb[PREFIX_STRLEN];
	int fi;

	CHECK(r->ninputs == n, "ninputs");
	for (i = 0; i < n; i++)
		if (i == 0 || !prefix_eq(&sum_input_at(r, i)->p,
		    &sum_input_at(r, i - 1)->p))
			ndist[sum_input_at(r, i)->p.fam == FAM_V6]++;
	for (fi = 0; fi < 2; fi++) {
		const struct sum_family *f = &r->fam[fi];

		CHECK(f->before == ndist[fi], "before %zu != %zu", f->before,
		    ndist[fi]);
		CHECK(f->after == f->nitems, "after");
		for (i = 0; i < f->nitems; i++) {
			const struct sum_item *it = &f->items[i];

			CHECK(it->n > 0, "item covers nothing");
			CHECK(it->p.fam == (fi ? FAM_V6 : FAM_V4), "family");
			if (i > 0)
				CHECK(prefix_cmp(&f->items[i - 1].p,
				    &it->p) < 0, "items not sorted");
			seen += it->n;
			for (j = it->first; j < it->first + it->n; j++)
				CHECK(it->summary ? prefix_contains(&it->p,
				    &sum_input_at(r, j)->p) : prefix_eq(&it->p,
				    &sum_input_at(r, j)->p), "item %s range",
				    prefix_format(&it->p, pb));
			if (!it->summary)
				continue;
			nsum++;
			if (o->mode != SUM_EXACT)
				CHECK(it->p.len >= o->min_len[fi],
				    "summary %s too short",
				    prefix_format(&it->p, pb));
			else
				CHECK(it->waste.hi == 0 && it->waste.lo == 0,
				    "exact waste");
			for (j = 0; j < nfb; j++)
				CHECK(!prefix_contains(&it->p, &fb[j]),
				    "summary %s holds a forbidden prefix",
				    prefix_format(&it->p, pb));
			/*
			 * Sorted order: a summary overlapping a later one
			 * contains the next summary; the inputs inside it
			 * are contiguous, so its range's neighbours suffice.
			 */
			for (j = i + 1; j < f->nitems; j++)
				if (f->items[j].summary) {
					CHECK(!prefix_overlaps(&it->p,
					    &f->items[j].p),
					    "summaries overlap");
					break;
				}
			CHECK(it->first == 0 || !prefix_contains(&it->p,
			    &sum_input_at(r, it->first - 1)->p),
			    "input before");
			CHECK(it->first + it->n >= n || !prefix_contains(
			    &it->p, &sum_input_at(r, it->first + it->n)->p),
			    "input after");
		}
	}
	CHECK(seen == n, "inputs in items %zu != %zu", seen, n);
	if (nsum > 0)
		for (i = 0; i < n; i++) {
			bool cov = false;

			if (!in[i].must_cover)
				continue;
			fi = in[i].p.fam == FAM_V6;
			for (j = 0; j < r->fam[fi].nitems; j++)
				if (r->fam[fi].items[j].summary &&
				    prefix_contains(&r->fam[fi].items[j].p,
				    &in[i].p))
					cov = true;
			CHECK(cov, "must-cover %s not covered",
			    prefix_format(&in[i].p, pb));
		}
	return 0;
}

/*
 * Exhaustive search in a universe of 16 addresses (a /28 or a /124):
 * nodes 1..31 in heap order (node i at depth d is the d-th level prefix),
 * every antichain of nodes is a candidate summary set.
 */
struct brute {
	int fam;
	unsigned base_len;
	bool input[32], must[32], forbid_in[32], any_must;
	uint32_t inmask;	/* addresses of the inputs */
	unsigned minlen;
	enum sum_mode mode;
	size_t K;
	bool chosen[32];
	/* best so far */
	bool found;
	unsigned bcount, bwaste;
};

static int
depth_of(int i)
{
	int d = 0;

	while (i > 1) {
		i >>= 1;
		d++;
	}
	return d;
}

static uint32_t
mask_of(int i)
{
	int d = depth_of(i), w = 16 >> d, off = (i - (1 << d)) * w;

	return (uint32_t)(((1u << w) - 1) << off);
}

static bool
brute_allowed(const struct brute *b, int i)
{
	int j;
	bool any = false;

	if (b->mode != SUM_EXACT && b->base_len + (unsigned)depth_of(i) <
	    b->minlen)
		return false;
	if (b->mode == SUM_EXACT && (mask_of(i) & ~b->inmask) != 0)
		return false;
	for (j = 1; j < 32; j++) {
		if ((mask_of(j) & mask_of(i)) != mask_of(j))
			continue;	/* j not inside i */
		if (b->forbid_in[j])
			return false;
		if (b->input[j])
			any = true;
	}
	return any;
}

static void
brute_eval(struct brute *b)
{
	unsigned count = 0, waste = 0;
	bool any = false, better;
	int i, j;

	for (i = 1; i < 32; i++)
		if (b->chosen[i]) {
			any = true;
			count++;
			waste += (unsigned)__builtin_popcount(mask_of(i) &
			    ~b->inmask);
		}
	for (i = 1; i < 32; i++) {
		bool cov = false;

		if (!b->input[i])
			continue;
		for (j = i; j >= 1; j >>= 1)
			cov |= b->chosen[j];
		if (!cov) {
			if (any && b->must[i])
				return;
			count++;
		}
	}
	if (b->mode == SUM_BUDGET) {
		if (count > b->K)
			return;
		better = !b->found || waste < b->bwaste ||
		    (waste == b->bwaste && count < b->bcount);
	} else
		better = !b->found || count < b->bcount ||
		    (count == b->bcount && waste < b->bwaste);
	if (better) {
		b->found = true;
		b->bcount = count;
		b->bwaste = waste;
	}
}

/* Every antichain: pick or skip pending nodes one by one. */
static void
brute_rec(struct brute *b, int *pending, int np)
{
	int i, rest[64];

	if (np == 0) {
		brute_eval(b);
		return;
	}
	i = pending[np - 1];
	memcpy(rest, pending, sizeof(int) * (size_t)(np - 1));
	if (brute_allowed(b, i)) {
		b->chosen[i] = true;
		brute_rec(b, rest, np - 1);
		b->chosen[i] = false;
	}
	if (i < 16) {
		rest[np - 1] = 2 * i;
		rest[np] = 2 * i + 1;
		brute_rec(b, rest, np + 1);
	} else
		brute_rec(b, rest, np - 1);
}

static struct prefix
node_prefix(int fam, int i)
{
	struct prefix p;
	int d = depth_of(i);
	uint64_t off = (uint64_t)(i - (1 << d)) << (4 - d);

	memset(&p, 0, sizeof(p));
	p.fam = (uint8_t)fam;
	if (fam == FAM_V4) {
		p.hi = (0x0a000000ULL | 0x500 | off) << 32;
		p.len = (uint8_t)(28 + d);
	} else {
		p.hi = 0x20010db800000000ULL;
		p.lo = 0x50 | off;
		p.len = (uint8_t)(124 + d);
	}
	return p;
}

static int
run_brute(uint64_t seed, enum sum_mode mode)
{
	struct arena *a = arena_new();
	struct sum_input in[64];
	struct prefix fb[8];
	struct sum_opts o;
	struct sum_result *r;
	struct brute b;
	size_t n = 0, nfb = 0, i, count;
	int fam, pending[1] = { 1 }, k;
	unsigned waste;

	rng = seed;
	memset(&b, 0, sizeof(b));
	fam = rnd() % 2 ? FAM_V6 : FAM_V4;
	b.fam = fam;
	b.base_len = fam == FAM_V4 ? 28 : 124;
	b.mode = mode;
	sum_opts_init(&o);
	o.mode = mode;
	o.min_len[0] = 26 + (unsigned)(rnd() % 5);	/* 26..30 */
	o.min_len[1] = 122 + (unsigned)(rnd() % 5);
	b.minlen = o.min_len[fam == FAM_V6];
	k = 1 + (int)(rnd() % 10);
	while (k-- > 0) {
		/* Deeper nodes are likelier: leaves and near-leaves. */
		int d = 2 + (int)(rnd() % 3), x = (1 << d) +
		    (int)(rnd() % (1u << d));

		if (rnd() % 6 == 0)
			x = 1 + (int)(rnd() % 31);
		in[n].p = node_prefix(fam, x);
		in[n].owner = NULL;
		in[n].must_cover = rnd() % 7 == 0;
		b.input[x] = true;
		b.must[x] |= in[n].must_cover;
		b.inmask |= mask_of(x);
		n++;
		if (rnd() % 4 == 0) {	/* a duplicate */
			in[n] = in[n - 1];
			in[n].must_cover = false;
			n++;
		}
	}
	k = (int)(rnd() % 3);
	while (k-- > 0) {
		int x = 1 + (int)(rnd() % 31);

		fb[nfb++] = node_prefix(fam, x);
		b.forbid_in[x] = true;
	}
	if (rnd() % 3 == 0) {	/* a forbidden supernet: harmless */
		fb[nfb] = prefix_truncate(&in[0].p, fam == FAM_V4 ? 8 : 32);
		nfb++;
	}
	b.K = 1 + rnd() % 5;
	o.budget[0] = o.budget[1] = b.K;
	o.trie_only = rnd() % 2 == 0;
	r = summarize(a, in, n, fb, nfb, &o);
	if (check_valid(in, n, fb, nfb, &o, r) != 0)
		return -1;
	brute_rec(&b, pending, 1);
	if (mode == SUM_BUDGET && !b.found) {
		/* Unreachable: the answer is the fewest-prefix one. */
		CHECK(!r->budget_reached, "budget reported reached");
		b.mode = SUM_DEFAULT;
		brute_rec(&b, pending, 1);
	} else if (mode == SUM_BUDGET)
		CHECK(r->budget_reached, "budget reported unreachable");
	MP_ASSERT(b.found);
	count = r->fam[fam == FAM_V6].after;
	waste = 0;
	for (i = 0; i < r->fam[fam == FAM_V6].nitems; i++)
		waste += (unsigned)r->fam[fam == FAM_V6].items[i].waste.lo;
	CHECK(count == b.bcount && waste == b.bwaste,
	    "mode %d: count %zu waste %u, exhaustive search %u %u", mode,
	    count, waste, b.bcount, b.bwaste);
	arena_free(a);
	return 0;
}

static void
test_brute(void **state)
{
	uint64_t s;
	int m;
	static const enum sum_mode modes[] = { SUM_EXACT, SUM_DEFAULT,
	    SUM_BUDGET };

	(void)state;
	for (m = 0; m < 3; m++)
		for (s = 1; s <= 150; s++) {
			uint64_t seed = s * 0x9e3779b97f4a7c15ULL + (uint64_t)m;

			if (run_brute(seed, modes[m]) != 0)
				fail_msg("seed %llu: %s",
				    (unsigned long long)seed, failmsg);
		}
}

/*
 * Larger random inputs: valid answers; the trie DP agrees with the linear
 * exact merge; budget K = the default count gives no more waste.
 */
static int
run_large(void)
{
	struct arena *a = arena_new();
	size_t n = 500 + rnd() % 3000, nfb, i;
	struct sum_input *in = calloc(n, sizeof(*in));
	struct prefix fb[40];
	struct sum_opts o;
	struct sum_result *r1, *r2, *rd, *rb;
	int fi;

	for (i = 0; i < n; i++) {
		struct prefix p;

		memset(&p, 0, sizeof(p));
		if (rnd() % 4 == 0) {
			p.fam = FAM_V6;
			p.hi = 0x20010db800000000ULL | (rnd() & 0xffff) << 16;
			p.lo = rnd() & 0xff;
			p.len = 128;
			p = prefix_truncate(&p, 40 + rnd() % 89);
		} else {
			p.fam = FAM_V4;
			p.hi = (0x0a000000ULL | (rnd() & 0x3ffff) << 6) << 32;
			p.len = 32;
			p = prefix_truncate(&p, 12 + rnd() % 21);
		}
		in[i].p = p;
		in[i].must_cover = rnd() % 50 == 0;
	}
	nfb = rnd() % 40;
	for (i = 0; i < nfb; i++) {
		fb[i] = in[rnd() % n].p;
		fb[i] = prefix_truncate(&fb[i], fb[i].len - rnd() % 3);
		if (rnd() % 2)	/* a subnet of an input instead */
			fb[i].len = (uint8_t)(fb[i].len +
			    (fb[i].len < prefix_maxlen(&fb[i])));
	}
	sum_opts_init(&o);
	o.mode = SUM_EXACT;
	r1 = summarize(a, in, n, NULL, 0, &o);
	o.trie_only = true;
	r2 = summarize(a, in, n, NULL, 0, &o);
	stage = "linear";
	if (check_valid(in, n, NULL, 0, &o, r1) != 0)
		return -1;
	for (fi = 0; fi < 2; fi++) {
		CHECK(r1->fam[fi].nitems == r2->fam[fi].nitems,
		    "exact linear %zu vs trie %zu", r1->fam[fi].nitems,
		    r2->fam[fi].nitems);
		for (i = 0; i < r1->fam[fi].nitems; i++)
			CHECK(prefix_eq(&r1->fam[fi].items[i].p,
			    &r2->fam[fi].items[i].p) &&
			    r1->fam[fi].items[i].summary ==
			    r2->fam[fi].items[i].summary, "exact item %zu", i);
	}
	o.trie_only = false;
	r1 = summarize(a, in, n, fb, nfb, &o);
	stage = "exact";
	if (check_valid(in, n, fb, nfb, &o, r1) != 0)
		return -1;
	sum_opts_init(&o);
	o.min_len[0] = (unsigned)(rnd() % 25);
	o.min_len[1] = (unsigned)(rnd() % 80);
	rd = summarize(a, in, n, fb, nfb, &o);
	stage = "default";
	if (check_valid(in, n, fb, nfb, &o, rd) != 0)
		return -1;
	/* Fewest prefixes: never more than exact, which is also allowed
	 * when its summaries are long enough; at most the input count. */
	for (fi = 0; fi < 2; fi++)
		CHECK(rd->fam[fi].after <= rd->fam[fi].before, "grew");
	o.mode = SUM_BUDGET;
	o.budget[0] = rd->fam[0].after;
	o.budget[1] = rd->fam[1].after;
	if (o.budget[0] == 0)
		o.budget[0] = 1;
	if (o.budget[1] == 0)
		o.budget[1] = 1;
	rb = summarize(a, in, n, fb, nfb, &o);
	stage = "budget";
	if (check_valid(in, n, fb, nfb, &o, rb) != 0)
		return -1;
	CHECK(rb->budget_reached, "budget at the default count unreachable");
	for (fi = 0; fi < 2; fi++) {
		const struct sum_count *x = &rb->fam[fi].waste,
		    *y = &rd->fam[fi].waste;

		CHECK(rb->fam[fi].after <= o.budget[fi], "over budget");
		CHECK(x->hi < y->hi || (x->hi == y->hi && x->lo <= y->lo),
		    "budget waste above the default's");
	}
	free(in);
	arena_free(a);
	return 0;
}

static void
test_large(void **state)
{
	uint64_t s;

	(void)state;
	for (s = 1; s <= 12; s++) {
		uint64_t seed = s * 0xd1342543de82ef95ULL;

		rng = seed;
		if (run_large() != 0)
			fail_msg("seed %llu: %s%s%s", (unsigned long long)seed,
			    stage, *stage ? ": " : "", failmsg);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_must_cover),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_ipv6_and_mixed),
		cmocka_unit_test(test_owners_and_order),
		cmocka_unit_test(test_brute),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
