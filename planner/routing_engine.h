/*
 * routing_engine.h - the R7/R8 pair engine's state, shared by
 * routing_pairs.c (classes, aggregation, streams, the effect of a mesh)
 * and routing_table.c (the pair table); nothing else includes it.
 */
#ifndef MESHPLAN_ROUTING_ENGINE_H
#define MESHPLAN_ROUTING_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/arena.h"
#include "routing.h"
#include "routing_int.h"

struct spoke {
	const struct vnet *v;
	size_t nsrc;
	const struct subnet **subs; /* NULL entry: VNet without subnets */
	struct rctx **ctx[2];	    /* per scenario */
	size_t *ckey[2];	    /* their class signatures' ids */
	struct prefix *first;	    /* first address of each prefix */
	size_t nfirst;
	size_t cls;  /* class index */
	size_t *exc; /* sorted spoke indices */
	size_t nexc;
};

struct sclass {
	ARR(size_t) members; /* spoke indices, sorted */
};

struct row {
	struct path p;
	size_t si; /* source subnet index */
	size_t pj; /* prefix index of the destination */
	bool valid;
};

struct gkey {
	const struct vnet *sh, *dh;
	const struct circuit *c;
	const struct gateway *g, *g2;
	enum hp_scope scope;
	const char *route;
};

struct gslot {
	struct gkey k;
	size_t idx; /* into groups, +1; 0 = empty */
};

struct scen {
	struct routing *r;
	struct hairpins *h;
	ARR(struct hairpin_group) groups;
	struct gslot *slots;
	size_t cap;
	size_t *out_same, *out_cross, *in_same, *in_cross;
	struct row *row;
};

struct engine {
	struct arena *tmp;
	size_t nscen;
	struct scen sc[2];
	struct spoke *sp;
	size_t n;
	ARR(struct sclass) classes;
	struct mesh_effect *eff;
	size_t *excount;
	bool *isin;
	/* Spoke indices by their first prefix (prefix_cmp; spokes without
	 * one last): class_row routes to them in that order so consecutive
	 * longest-prefix matches walk the same trie paths, in cache. */
	size_t *by_addr;
};

/* Open addressing over ids (index + 1; 0: empty), at most half full. */
struct idtab {
	size_t *slot;
	size_t mask;
};

typedef ARR(struct rctx *) rctx_arr;

void idtab_init(struct idtab *t, struct arena *a, size_t n);
/* The id of c's class signature: 1 + its index in reps, where c is added
 * when it is the first of its class. */
size_t ctx_class_id(struct engine *en, struct idtab *t, rctx_arr *reps,
    struct rctx *c, bool meshes);
/* A hash of the ids v[0..n) on top of h. */
uint64_t ids_hash(uint64_t h, const size_t *v, size_t n);
/* The engine over the routings rs[0..nscen) (the scenarios compared):
 * spokes, their contexts and classes, exceptions. */
void engine_init(struct engine *en, struct routing **rs, size_t nscen);
void engine_free(struct engine *en);
/* Route pair (a, b) in scenario s as how says: the pair's result. */
void pair_route(struct engine *en, size_t s, size_t a, size_t b,
    enum rctx_how how, struct row *out);
/* Each scenario's row: the result from class cls's first member to
 * each spoke. */
void class_row(struct engine *en, size_t cls, enum rctx_how how);

#endif
