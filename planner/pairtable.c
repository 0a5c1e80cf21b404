/*
 * pairtable.c - the pair table (pairtable.h): looking a pair up (its
 * source's exceptions by binary search, else its class's row), and
 * summing over every pair of up to PV_MAX tables by source groups
 * (pv_sum), in time linear in the spokes for a given number of classes.
 *
 *	pair_table_code	the byte of one pair
 *	pv_sum		a sum over every ordered pair, by groups
 */
#include "pairtable.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/util.h"

unsigned char
pair_table_code(const struct pair_table *t, size_t i, size_t j,
    unsigned char none)
{
	size_t lo, hi;

	if (i == j || t->class_of[i] == PT_NO_CLASS)
		return none;
	lo = t->exc_at[i];
	hi = t->exc_at[i + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->exc[mid].j == j)
			return t->exc[mid].code;
		if (t->exc[mid].j < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return t->row[t->class_of[i] * t->n + j];
}

struct gitem {
	size_t cls[PV_MAX];
	int key;
	size_t i;
};

static int
gitem_cmp(const void *x, const void *y)
{
	const struct gitem *a = x, *b = y;
	size_t t;

	for (t = 0; t < PV_MAX; t++)
		if (a->cls[t] != b->cls[t])
			return a->cls[t] < b->cls[t] ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void
pv_sum(const struct pair_table *const *v, size_t nv, const int *key,
    struct arena *tmp, struct pair_groups *gr, pair_sum_fn fn, void *ctx)
{
	size_t n = v[0]->n, i, j, k, t, g, m = 0;
	struct gitem *it = xcalloc(n + 1, sizeof(*it));
	const unsigned char *rows[PV_MAX];
	unsigned char codes[PV_MAX], own[PV_MAX];

	MP_ASSERT(nv >= 1 && nv <= PV_MAX);
	memset(gr, 0, sizeof(*gr));
	gr->of = arena_calloc(tmp, n + 1, sizeof(*gr->of));
	for (i = 0; i < n; i++) {
		gr->of[i] = SIZE_MAX;
		if (key != NULL && key[i] < 0)
			continue;
		for (t = 0; t < nv; t++)
			if (v[t]->class_of[i] == PT_NO_CLASS)
				break;
		if (t < nv)
			continue;
		memset(&it[m], 0, sizeof(it[m]));
		for (t = 0; t < nv; t++)
			it[m].cls[t] = v[t]->class_of[i];
		it[m].key = key != NULL ? key[i] : 0;
		it[m].i = i;
		m++;
	}
	qsort(it, m, sizeof(*it), gitem_cmp);
	gr->size = arena_calloc(tmp, m + 1, sizeof(*gr->size));
	gr->first = arena_calloc(tmp, m + 1, sizeof(*gr->first));
	gr->key = arena_calloc(tmp, m + 1, sizeof(*gr->key));
	for (k = 0; k < m; k++) {
		if (k == 0 ||
		    memcmp(it[k - 1].cls, it[k].cls, sizeof(it[k].cls)) != 0 ||
		    it[k - 1].key != it[k].key) {
			gr->first[gr->ng] = it[k].i;
			gr->key[gr->ng] = it[k].key;
			gr->ng++;
		}
		gr->of[it[k].i] = gr->ng - 1;
		gr->size[gr->ng - 1]++;
	}
	free(it);
	for (g = 0; g < gr->ng; g++) {
		for (t = 0; t < nv; t++)
			rows[t] = v[t]->row + v[t]->class_of[gr->first[g]] * n;
		for (j = 0; j < n; j++) {
			for (t = 0; t < nv; t++)
				codes[t] = rows[t][j];
			fn(ctx, gr, g, SIZE_MAX, j, codes, (long)gr->size[g]);
		}
	}
	for (i = 0; i < n; i++) {
		size_t at[PV_MAX];

		if ((g = gr->of[i]) == SIZE_MAX)
			continue;
		for (t = 0; t < nv; t++) {
			rows[t] = v[t]->row + v[t]->class_of[i] * n;
			codes[t] = rows[t][i];
			at[t] = v[t]->exc_at[i];
		}
		fn(ctx, gr, g, i, i, codes, -1);
		/* The exceptions of every table, merged by j. */
		for (;;) {
			j = SIZE_MAX;
			for (t = 0; t < nv; t++)
				if (at[t] < v[t]->exc_at[i + 1] &&
				    v[t]->exc[at[t]].j < j)
					j = v[t]->exc[at[t]].j;
			if (j == SIZE_MAX)
				break;
			for (t = 0; t < nv; t++) {
				codes[t] = own[t] = rows[t][j];
				if (at[t] < v[t]->exc_at[i + 1] &&
				    v[t]->exc[at[t]].j == j)
					own[t] = v[t]->exc[at[t]++].code;
			}
			fn(ctx, gr, g, i, j, codes, -1);
			fn(ctx, gr, g, i, j, own, 1);
		}
	}
}
