/*
 * mesh_routing.c - the pair oracle over the routing simulation. For each
 * classification a routing is created with the planned meshes (R8: their
 * members hold ConnectedGroup routes to each other, on top of the
 * estate's own connected groups), every ordered spoke pair is streamed a
 * source row at a time (routing_pair_rows: the pairs of routing_pairs
 * with all = true) and its path kind and appliance flag are written into
 * the caller's matrix. A pair naming a VNet outside the
 * caller's spoke list is ignored (both use ROLE_SPOKE, so none is).
 */
#include "mesh_routing.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

/* Open addressing from a spoke pointer to its index: a million pairs
 * per classification make string-keyed lookups the bottleneck. */
struct fill {
	const void **keys;
	size_t *vals;
	size_t mask;
	size_t n;
	unsigned char *out;
};

static size_t
slot(const struct fill *f, const void *k)
{
	size_t h = (size_t)(((uintptr_t)k >> 4) * 0x9E3779B97F4A7C15ULL);

	h &= f->mask;
	while (f->keys[h] != NULL && f->keys[h] != k)
		h = (h + 1) & f->mask;
	return h;
}

static size_t
index_of(const struct fill *f, const void *k)
{
	size_t h = slot(f, k);

	return f->keys[h] == k ? f->vals[h] : SIZE_MAX;
}

/* Rows from routing_pair_rows: dst is the same array on every call, so
 * its map to our indices is computed once. */
struct rows {
	struct fill *f;
	struct arena *tmp;
	size_t *perm;			/* dst index -> ours, SIZE_MAX */
};

static int
rows_cb(const struct vnet *src, const struct vnet *const *dst, size_t n,
    const unsigned char *code, void *ctx)
{
	static const unsigned char map[PATH__COUNT] = {
		[PATH_DIRECT] = PP_DIRECT, [PATH_HAIRPIN] = PP_HAIRPIN,
		[PATH_ONPREM] = PP_ONPREM, [PATH_VPN] = PP_VPN,
		[PATH_DROPPED] = PP_DROPPED, [PATH_INTERNET] = PP_INTERNET,
		[PATH_OVERLAP] = PP_OVERLAP, [PATH_LOOP] = PP_LOOP,
	};
	struct rows *rs = ctx;
	struct fill *f = rs->f;
	size_t a = index_of(f, src), k;
	unsigned char *row;

	if (rs->perm == NULL) {
		rs->perm = arena_calloc(rs->tmp, n + 1, sizeof(*rs->perm));
		for (k = 0; k < n; k++)
			rs->perm[k] = index_of(f, dst[k]);
	}
	if (a == SIZE_MAX)
		return 0;
	row = f->out + a * f->n;
	for (k = 0; k < n; k++) {
		unsigned char c = code[k], kind;

		if (c == ROUTING_NO_PAIR || rs->perm[k] == SIZE_MAX)
			continue;
		kind = c & (unsigned char)~ROUTING_INSPECTED;
		MP_ASSERT(kind < PATH__COUNT);
		row[rs->perm[k]] = (c & ROUTING_INSPECTED) ?
		    (unsigned char)(map[kind] | PP_INSPECTED) : map[kind];
	}
	return 0;
}

static int
int_cmp(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return a < b ? -1 : a > b;
}

static void
classify(void *ctx, const struct estate *e, struct vnet *const *spokes,
    size_t n, const int *mesh_of, unsigned char *out)
{
	struct routing_oracle *ro = ctx;
	struct arena *tmp = arena_new();
	struct mesh *meshes = NULL;
	struct routing *r;
	struct fill f;
	struct rows rs;
	size_t i, j, nm = 0;
	int *ids;

	/* The distinct planned meshes, each with its members. */
	ids = arena_calloc(tmp, n + 1, sizeof(*ids));
	for (i = 0; mesh_of != NULL && i < n; i++)
		if (mesh_of[i] >= 0)
			ids[nm++] = mesh_of[i];
	qsort(ids, nm, sizeof(*ids), int_cmp);
	for (i = 0, j = 0; i < nm; i++)
		if (j == 0 || ids[j - 1] != ids[i])
			ids[j++] = ids[i];
	nm = j;
	meshes = arena_calloc(tmp, nm + 1, sizeof(*meshes));
	for (j = 0; j < nm; j++) {
		struct vnet **m = arena_calloc(tmp, n + 1, sizeof(*m));
		size_t k = 0;

		for (i = 0; i < n; i++)
			if (mesh_of[i] == ids[j])
				m[k++] = spokes[i];
		meshes[j].members = m;
		meshes[j].n = k;
	}
	for (f.mask = 15; f.mask < 2 * n; f.mask = f.mask * 2 + 1)
		continue;
	f.keys = arena_calloc(tmp, f.mask + 1, sizeof(*f.keys));
	f.vals = arena_calloc(tmp, f.mask + 1, sizeof(*f.vals));
	f.n = n;
	f.out = out;
	for (i = 0; i < n; i++) {
		size_t h = slot(&f, spokes[i]);

		f.keys[h] = spokes[i];
		f.vals[h] = i;
	}
	r = routing_new(e, &ro->opts, meshes, nm);
	rs.f = &f;
	rs.tmp = tmp;
	rs.perm = NULL;
	(void)routing_pair_rows(r, rows_cb, &rs);
	routing_free(r);
	ro->evaluations++;
	arena_free(tmp);
}

void
routing_oracle_init(struct routing_oracle *ro, const struct routing_opts *opts)
{
	memset(ro, 0, sizeof(*ro));
	if (opts != NULL)
		ro->opts = *opts;
	ro->oracle.ctx = ro;
	ro->oracle.classify = classify;
}
