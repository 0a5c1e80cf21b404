/*
 * routing_oracle.c - the pair oracle over the routing simulation. For each
 * classification the oracle's routing is given the planned meshes
 * (routing_set_meshes; R8: their members hold ConnectedGroup routes to
 * each other, on top of the estate's own connected groups), and its pair
 * table (routing_pair_table: a row per source class, plus the pairs routed
 * one by one) is carried over to the caller's spoke indices and pair_path
 * bytes. A spoke of the routing outside the caller's list is dropped
 * (both use ROLE_SPOKE, so none is). For the pairs whose inspection a
 * plan loses, the oracle also names the user route that sent them to the
 * appliance in the estate as it is (inspecting_route).
 */
#include "routing_oracle.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

/* Open addressing from a spoke pointer to the caller's index. */
struct index {
	const void **keys;
	size_t *vals;
	size_t mask;
};

static size_t
slot(const struct index *x, const void *k)
{
	size_t h = (size_t)(((uintptr_t)k >> 4) * 0x9E3779B97F4A7C15ULL);

	h &= x->mask;
	while (x->keys[h] != NULL && x->keys[h] != k)
		h = (h + 1) & x->mask;
	return h;
}

static size_t
index_of(const struct index *x, const void *k)
{
	size_t h = slot(x, k);

	return x->keys[h] == k ? x->vals[h] : SIZE_MAX;
}

static unsigned char
pp_code(unsigned char c)
{
	static const unsigned char map[PATH__COUNT] = {
		[PATH_DIRECT] = PP_DIRECT,
		[PATH_HAIRPIN] = PP_HAIRPIN,
		[PATH_ONPREM] = PP_ONPREM,
		[PATH_VPN] = PP_VPN,
		[PATH_DROPPED] = PP_DROPPED,
		[PATH_INTERNET] = PP_INTERNET,
		[PATH_OVERLAP] = PP_OVERLAP,
		[PATH_LOOP] = PP_LOOP,
	};
	unsigned char kind;

	if (c == ROUTING_NO_PAIR)
		return PP_UNKNOWN;
	kind = c & (unsigned char)~ROUTING_INSPECTED;
	MP_ASSERT(kind < PATH__COUNT);
	return (c & ROUTING_INSPECTED) ?
	    (unsigned char)(map[kind] | PP_INSPECTED) :
	    map[kind];
}

/* Carry the routing's table t over to the caller's n spokes (out in a,
 * scratch in tmp). */
static void
convert(const struct pair_table *t, struct vnet *const *spokes, size_t n,
    struct arena *tmp, struct arena *a, struct pair_table *out)
{
	struct index x;
	size_t *perm, i, k, c, ne = 0;

	for (x.mask = 15; x.mask < 2 * n; x.mask = x.mask * 2 + 1)
		continue;
	x.keys = arena_calloc(tmp, x.mask + 1, sizeof(*x.keys));
	x.vals = arena_calloc(tmp, x.mask + 1, sizeof(*x.vals));
	for (i = 0; i < n; i++) {
		size_t h = slot(&x, spokes[i]);

		x.keys[h] = spokes[i];
		x.vals[h] = i;
	}
	perm = arena_calloc(tmp, t->n + 1, sizeof(*perm));
	for (k = 0; k < t->n; k++)
		perm[k] = index_of(&x, t->spokes[k]);
	out->n = n;
	out->spokes = (const struct vnet *const *)spokes;
	out->nclasses = t->nclasses;
	out->class_of = arena_calloc(a, n + 1, sizeof(*out->class_of));
	out->row = arena_calloc(a, t->nclasses * n + 1, 1);
	out->exc = arena_calloc(a, t->exc_at[t->n] + 1, sizeof(*out->exc));
	out->exc_at = arena_calloc(a, n + 1, sizeof(*out->exc_at));
	for (i = 0; i < n; i++)
		out->class_of[i] = PT_NO_CLASS;
	for (k = 0; k < t->n; k++) {
		if (perm[k] == SIZE_MAX)
			continue;
		out->class_of[perm[k]] = t->class_of[k];
		for (c = 0; c < t->nclasses; c++)
			out->row[c * n + perm[k]] = pp_code(
			    t->row[c * t->n + k]);
	}
	/* Both lists are in estate order, so the exceptions stay sorted. */
	for (k = 0; k < t->n; k++) {
		size_t e2;

		i = perm[k];
		for (e2 = t->exc_at[k]; i != SIZE_MAX && e2 < t->exc_at[k + 1];
		     e2++) {
			size_t j = perm[t->exc[e2].j];

			if (j == SIZE_MAX)
				continue;
			MP_ASSERT(ne == 0 || out->exc[ne - 1].i < i ||
			    (out->exc[ne - 1].i == i &&
				out->exc[ne - 1].j < j));
			out->exc[ne].i = i;
			out->exc[ne].j = j;
			out->exc[ne].code = pp_code(t->exc[e2].code);
			ne++;
		}
	}
	for (i = 0, k = 0; i <= n; i++) {
		while (k < ne && out->exc[k].i < i)
			k++;
		out->exc_at[i] = k;
	}
}

static int
int_cmp(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return a < b ? -1 : a > b;
}

static void
classify(void *ctx, const struct estate *e, struct vnet *const *spokes,
    size_t n, const int *mesh_of, struct arena *a, struct pair_table *out)
{
	struct routing_oracle *ro = ctx;
	struct arena *tmp = arena_new();
	struct mesh *meshes = NULL;
	struct routing *r;
	struct pair_table t;
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
	if (ro->current == NULL)
		ro->current = routing_new(e, &ro->opts, meshes, nm);
	else
		routing_set_meshes(ro->current, meshes, nm);
	r = ro->current;
	routing_pair_table(r, tmp, &t);
	convert(&t, spokes, n, tmp, a, out);
	ro->evaluations++;
	arena_free(tmp);
}

/*
 * The pair's path as routing_pairs gives it (the first hairpin over the
 * source's subnets by id and the destination's prefixes in order, else
 * the first subnet and prefix) in the estate as it is; when it passed an
 * appliance, the route that sent it there is the source subnet's route
 * for that address (the walk's first hop: a route to a peering, a gateway
 * or the internet ends it).
 */
static const struct eroute *
inspecting(struct routing *r, const struct vnet *a, const struct vnet *b)
{
	const struct subnet *rep_s = NULL;
	struct prefix rep_d;
	bool have = false, inspected = false;
	size_t i, j;

	memset(&rep_d, 0, sizeof(rep_d));
	for (i = 0; i <= a->subnets.n; i++) {
		const struct subnet *s = NULL;

		if (i == a->subnets.n) {
			if (a->subnets.n > 0)
				break;
		} else {
			s = a->subnets.v[i];
			if (subnet_is_infrastructure(s))
				continue;
		}
		for (j = 0; j < b->prefixes.n; j++) {
			struct prefix d = prefix_first(&b->prefixes.v[j]);
			struct path p;

			routing_path(r, a, s, b, &d, &p);
			if (!have || p.kind == PATH_HAIRPIN) {
				rep_s = s;
				rep_d = d;
				inspected = p.inspected;
				have = true;
			}
			if (p.kind == PATH_HAIRPIN)
				goto done;
		}
	}
done:
	if (!have || !inspected)
		return NULL;
	return routing_lookup(r, a, rep_s, &rep_d);
}

static void
inspecting_route(void *ctx, const struct estate *e, struct vnet *const *src,
    struct vnet *const *dst, size_t n, struct arena *a, const char **route_id,
    const char **route)
{
	struct routing_oracle *ro = ctx;
	size_t k;

	/* Back to the estate as it is: no planned mesh. */
	if (ro->current == NULL)
		ro->current = routing_new(e, &ro->opts, NULL, 0);
	else
		routing_set_meshes(ro->current, NULL, 0);
	for (k = 0; k < n; k++) {
		const struct eroute *er = inspecting(ro->current, src[k],
		    dst[k]);

		route_id[k] = route[k] = NULL;
		if (er == NULL || er->nh != NH_APPLIANCE)
			continue;
		route[k] = arena_strdup(a, er->text);
		if (er->rt != NULL && er->name != NULL)
			route_id[k] = arena_printf(a, "%s/routes/%s",
			    er->rt->r.id, er->name);
	}
}

void
routing_oracle_done(struct routing_oracle *ro)
{
	routing_free(ro->current);
	ro->current = NULL;
}

static void
release(void *ctx)
{
	routing_oracle_done(ctx);
}

void
routing_oracle_init(struct routing_oracle *ro, const struct routing_opts *opts)
{
	memset(ro, 0, sizeof(*ro));
	if (opts != NULL)
		ro->opts = *opts;
	ro->oracle.ctx = ro;
	ro->oracle.classify = classify;
	ro->oracle.release = release;
	ro->oracle.inspecting_route = inspecting_route;
}
