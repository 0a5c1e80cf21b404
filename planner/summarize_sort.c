/*
 * summarize_sort.c - the summarizer's first step (summarize.c, step 1):
 * its inputs sorted by family, prefix, then input order. IPv4: a stable
 * LSD radix sort of 64-bit keys (address, length | input index); IPv6:
 * qsort. O(n) for IPv4.
 */
#include "summarize_sort.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

/* Sorting. */

struct v6key {
	const struct sum_input *e;
	size_t rank;
};

static int
v6key_cmp(const void *a, const void *b)
{
	const struct v6key *x = a, *y = b;
	int c = prefix_cmp(&x->e->p, &y->e->p);

	if (c != 0)
		return c;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/*
 * Stable LSD radix sort of 64-bit keys on bits lo..63, 13 bits a pass
 * (8,192 buckets stay in cache); passes where the digit is the same for
 * every key are skipped. Bits below lo ride along unsorted.
 */
static void
radix_sort(uint64_t *a, size_t n, unsigned lo)
{
	enum { DB = 13, NB = 1 << DB };
	unsigned npass = (64 - lo + DB - 1) / DB, d;
	size_t *cnt = xcalloc((size_t)npass * NB, sizeof(size_t));
	uint64_t *tmp = big_alloc(n * sizeof(*tmp)), *src = a, *dst = tmp, *sw;
	size_t i, sum, c;

#define DIGIT(x, d) ((size_t)((x) >> (lo + DB * (d))) & (NB - 1))
	for (i = 0; i < n; i++)
		for (d = 0; d < npass; d++)
			cnt[d * NB + DIGIT(a[i], d)]++;
	for (d = 0; d < npass; d++) {
		size_t *h = cnt + (size_t)d * NB;

		if (n == 0 || h[DIGIT(a[0], d)] == n)
			continue;
		for (i = 0, sum = 0; i < NB; i++) {
			c = h[i];
			h[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[h[DIGIT(src[i], d)]++] = src[i];
		sw = src;
		src = dst;
		dst = sw;
	}
#undef DIGIT
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
	free(tmp);
	free(cnt);
}

/*
 * Order in[] by family, prefix, then input order: order[k] is the input
 * at position k and out[k] a copy of its prefix and flag. Returns the
 * number of IPv4 entries (they come first).
 */
size_t
sort_inputs(const struct sum_input *in, size_t n, size_t *order,
    struct sent *out)
{
	size_t n4 = 0, n6 = 0, i, j, o;

	for (i = 0; i < n; i++) {
		MP_ASSERT(in[i].p.fam == FAM_V4 || in[i].p.fam == FAM_V6);
		if (in[i].p.fam == FAM_V4)
			n4++;
		else
			n6++;
	}
	if (n < ((size_t)1 << 26)) {
		/*
		 * key: address (32) | length (6) | input index (26), sorted
		 * on the top 38 bits only: the sort is stable, so equal
		 * prefixes keep the input order.
		 */
		uint64_t *k = big_alloc(n4 * sizeof(*k));

		for (i = 0, j = 0; i < n; i++)
			if (in[i].p.fam == FAM_V4)
				k[j++] = (in[i].p.hi >> 32) << 32 |
				    (uint64_t)in[i].p.len << 26 | i;
		radix_sort(k, n4, 26);
		for (j = 0; j < n4; j++) {
			o = (size_t)(k[j] & ((1u << 26) - 1));
			order[j] = o;
			out[j].p = in[o].p;
			out[j].must = in[o].must_cover;
		}
		free(k);
	} else {
		struct v6key *k = xmalloc(n4 * sizeof(*k));

		for (i = 0, j = 0; i < n; i++)
			if (in[i].p.fam == FAM_V4) {
				k[j].e = &in[i];
				k[j].rank = i;
				j++;
			}
		qsort(k, n4, sizeof(*k), v6key_cmp);
		for (j = 0; j < n4; j++) {
			order[j] = k[j].rank;
			out[j].p = k[j].e->p;
			out[j].must = k[j].e->must_cover;
		}
		free(k);
	}
	if (n6 > 0) {
		struct v6key *k = xmalloc(n6 * sizeof(*k));

		for (i = 0, j = 0; i < n; i++)
			if (in[i].p.fam == FAM_V6) {
				k[j].e = &in[i];
				k[j].rank = i;
				j++;
			}
		qsort(k, n6, sizeof(*k), v6key_cmp);
		for (j = 0; j < n6; j++) {
			order[n4 + j] = k[j].rank;
			out[n4 + j].p = k[j].e->p;
			out[n4 + j].must = k[j].e->must_cover;
		}
		free(k);
	}
	return n4;
}
