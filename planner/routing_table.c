/*
 * routing_table.c - the verdict of every ordered spoke pair as a pair
 * table (routing_pair_table, pairtable.h): one row of path bytes per
 * routing class, the pairs of overlapping address spaces as exceptions,
 * from the engine of routing_pairs.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "pairtable.h"
#include "routing.h"
#include "routing_int.h"
#include "routing_engine.h"

static unsigned char
path_code(const struct path *p)
{
	return (
	    unsigned char)(p->kind | (p->inspected ? ROUTING_INSPECTED : 0));
}

/* ---- the rows of a pair table ------------------------------------------ */

/*
 * In the planner's evaluations a class is a route-table signature and a
 * mesh: with four planned meshes there are four times the classes of the
 * estate as it is. Classes alike but for their meshes (a "base" group)
 * route alike to every destination that none of their meshes' routes
 * covers, as long as their appliance routes lead to the same subnets. So a
 * group's row is routed once, from its first class without mesh routes
 * (RCTX_BASE), and each class of the group routes again only the
 * destinations its meshes cover. Cost: base classes x spokes, plus mesh
 * members x classes, instead of classes x spokes.
 */

typedef ARR(size_t) size_arr;

struct mesh_hits {
	const struct rmesh *m;
	size_arr b; /* spokes with an address m covers */
};

typedef ARR(struct mesh_hits) hits_arr;

static const size_arr *
mesh_hits(struct engine *en, hits_arr *cache, const struct rmesh *m)
{
	struct mesh_hits h = { m, { NULL, 0, 0 } };
	size_t i, b, j, k;

	for (i = 0; i < cache->n; i++)
		if (cache->v[i].m == m)
			return &cache->v[i].b;
	/* In address order, as class_row routes (see by_addr). */
	for (k = 0; k < en->n; k++)
		for (b = en->by_addr[k], j = 0; j < en->sp[b].nfirst; j++)
			if (rmesh_covers(m, &en->sp[b].first[j])) {
				ARR_PUSH(en->tmp, h.b, b);
				break;
			}
	ARR_PUSH(en->tmp, *cache, h);
	return &cache->v[cache->n - 1].b;
}

static unsigned char
row_code(const struct engine *en, size_t b, const struct row *rw)
{
	return en->sp[b].nfirst == 0 ? ROUTING_NO_PAIR : path_code(&rw->p);
}

/* The group of every class: the first class of its base signature. */
static size_t *
base_groups(struct engine *en)
{
	size_t nc = en->classes.n, c, j, h, *group, **seq;
	rctx_arr reps = { NULL, 0, 0 };
	struct idtab ids, groups;

	group = arena_calloc(en->tmp, nc + 1, sizeof(*group));
	seq = arena_calloc(en->tmp, nc + 1, sizeof(*seq));
	idtab_init(&ids, en->tmp, nc * 4);
	idtab_init(&groups, en->tmp, nc);
	for (c = 0; c < nc; c++) {
		const struct spoke *sp = &en->sp[en->classes.v[c].members.v[0]];

		seq[c] = arena_calloc(en->tmp, sp->nsrc + 1, sizeof(size_t));
		for (j = 0; j < sp->nsrc; j++)
			seq[c][j] = ctx_class_id(en, &ids, &reps, sp->ctx[0][j],
			    false);
		for (h = (size_t)ids_hash(sp->nsrc, seq[c], sp->nsrc) &
			 groups.mask;
		     groups.slot[h] != 0; h = (h + 1) & groups.mask) {
			size_t g = groups.slot[h] - 1;

			if (en->sp[en->classes.v[g].members.v[0]].nsrc ==
				sp->nsrc &&
			    memcmp(seq[g], seq[c], sp->nsrc * sizeof(size_t)) ==
				0)
				break;
		}
		if (groups.slot[h] == 0)
			groups.slot[h] = c + 1;
		group[c] = groups.slot[h] - 1;
	}
	return group;
}

/* Do the representatives of classes c and g send to the same subnets
 * through their appliances? */
static bool
same_appliances(struct engine *en, size_t c, size_t g)
{
	const struct spoke *a = &en->sp[en->classes.v[c].members.v[0]];
	const struct spoke *b = &en->sp[en->classes.v[g].members.v[0]];
	size_t j;

	for (j = 0; j < a->nsrc; j++)
		if (!rctx_same_appliances(en->sc[0].r, a->ctx[0][j],
			b->ctx[0][j]))
			return false;
	return true;
}

/* Fill row (classes x spokes pair_path codes, scenario 0). */
static void
table_rows(struct engine *en, unsigned char *row)
{
	size_t nc = en->classes.n, c, b, i, k, nm, *group, *members, *stamp;
	unsigned char **base;
	hits_arr hits = { NULL, 0, 0 };
	struct rmesh *const *ms;
	struct row rw;

	group = base_groups(en);
	members = arena_calloc(en->tmp, nc + 1, sizeof(*members));
	base = arena_calloc(en->tmp, nc + 1, sizeof(*base));
	stamp = arena_calloc(en->tmp, en->n + 1, sizeof(*stamp));
	for (c = 0; c < nc; c++)
		members[group[c]]++;
	for (c = 0; c < nc; c++) {
		unsigned char *out = row + c * en->n;
		size_t rep = en->classes.v[c].members.v[0], g = group[c];

		if (en->sp[rep].nsrc == 0) {
			memset(out, ROUTING_NO_PAIR, en->n);
			continue;
		}
		if (members[g] < 2 || !same_appliances(en, c, g)) {
			class_row(en, c, RCTX_CLASS);
			for (b = 0; b < en->n; b++)
				out[b] = row_code(en, b, &en->sc[0].row[b]);
			continue;
		}
		if (base[g] == NULL) {
			base[g] = arena_alloc(en->tmp, en->n);
			class_row(en, g, RCTX_BASE);
			for (b = 0; b < en->n; b++)
				base[g][b] = row_code(en, b, &en->sc[0].row[b]);
		}
		memcpy(out, base[g], en->n);
		nm = rctx_meshes(en->sp[rep].ctx[0][0], &ms);
		for (k = 0; k < nm; k++) {
			const size_arr *h = mesh_hits(en, &hits, ms[k]);

			for (i = 0; i < h->n; i++) {
				b = h->v[i];
				if (stamp[b] == c + 1)
					continue;
				stamp[b] = c + 1;
				pair_route(en, 0, rep, b, RCTX_CLASS, &rw);
				out[b] = row_code(en, b, &rw);
			}
		}
	}
}

void
routing_pair_table(struct routing *r, struct arena *a, struct pair_table *out)
{
	struct engine en;
	const struct vnet **spokes;
	size_t *class_of, *exc_at, b, i, k, nexc = 0;
	unsigned char *row;
	struct pair_exception *exc;
	struct row ex;

	MP_ASSERT(PATH__COUNT < ROUTING_INSPECTED);
	engine_init(&en, &r, 1);
	spokes = arena_calloc(a, en.n + 1, sizeof(*spokes));
	class_of = arena_calloc(a, en.n + 1, sizeof(*class_of));
	exc_at = arena_calloc(a, en.n + 1, sizeof(*exc_at));
	row = arena_calloc(a, en.classes.n * en.n + 1, 1);
	for (i = 0; i < en.n; i++) {
		spokes[i] = en.sp[i].v;
		class_of[i] = en.sp[i].nsrc > 0 ? en.sp[i].cls : PT_NO_CLASS;
		nexc += en.sp[i].nsrc > 0 ? en.sp[i].nexc : 0;
	}
	table_rows(&en, row);
	exc = arena_calloc(a, nexc + 1, sizeof(*exc));
	nexc = 0;
	for (i = 0; i < en.n; i++) {
		const struct spoke *sa = &en.sp[i];

		exc_at[i] = nexc;
		for (k = 0; sa->nsrc > 0 && k < sa->nexc; k++) {
			b = sa->exc[k];
			exc[nexc].i = i;
			exc[nexc].j = b;
			if (en.sp[b].nfirst == 0) {
				exc[nexc++].code = ROUTING_NO_PAIR;
				continue;
			}
			pair_route(&en, 0, i, b, RCTX_OWN, &ex);
			exc[nexc++].code = path_code(&ex.p);
		}
	}
	exc_at[en.n] = nexc;
	out->n = en.n;
	out->spokes = spokes;
	out->nclasses = en.classes.n;
	out->class_of = class_of;
	out->row = row;
	out->exc = exc;
	out->exc_at = exc_at;
	engine_free(&en);
}
