/*
 * routing_pairs.c - R7 (hairpinning pairs, aggregated and streamed) and R8
 * (the effect of a mesh) over every ordered pair of distinct spokes.
 *
 * Spokes are grouped into classes: the sequence of their source subnets'
 * class signatures (rctx_class_eq) in every scenario compared (one for
 * R7, two for R8). For a class and a destination B the path is computed
 * once, from the class's first member without its own VnetLocal routes,
 * and counted for every member whose address space does not overlap B's;
 * those overlapping pairs ("exceptions") are routed one by one with the
 * member's own routes. Cost: classes x destination prefixes x source
 * subnets path walks, plus the exceptions; memory: one row of results per
 * scenario (one entry per spoke) and per-spoke counters.
 *
 * A pair's result is the first hairpin over (source subnet, destination
 * prefix) in (subnet id, prefix) order, else the (first, first) path.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "ptrie.h"
#include "routing.h"
#include "routing_int.h"
#include "routing_engine.h"

/* ---- setup ------------------------------------------------------------- */

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

struct collect {
	struct arena *a;
	ARR(size_t) v;
};

static int
collect_fn(const struct prefix *p, void *v, void *ctx)
{
	struct collect *c = ctx;
	struct collect *list = v;
	size_t i;

	(void)p;
	for (i = 0; i < list->v.n; i++)
		ARR_PUSH(c->a, c->v, list->v.v[i]);
	return 0;
}

/*
 * What the engine knows of a spoke from the estate alone (engine_base):
 * the fields of struct spoke (routing_engine.h) that no mesh changes.
 */
struct base_spoke {
	const struct vnet *v;
	const struct subnet **subs;
	struct prefix *first;
	size_t *exc;
	size_t nsrc, nfirst, nexc;
};

/* For every spoke of sp[0..n), the spokes whose address space overlaps
 * its own: in keep; the trie in scratch. */
static void
find_exceptions(struct base_spoke *sp, size_t n, struct arena *keep,
    struct arena *scratch)
{
	struct ptrie *t = ptrie_new(scratch);
	struct collect col = { scratch, { 0 } };
	size_t i, j, k, m;

	for (i = 0; i < n; i++) {
		const struct prefix *pp = sp[i].v->prefixes.v;

		for (j = 0; j < sp[i].nfirst; j++) {
			struct collect *l = ptrie_get(t, &pp[j]);

			if (l == NULL) {
				l = arena_alloc(scratch, sizeof(*l));
				ptrie_insert(t, &pp[j], l, NULL);
			}
			if (l->v.n == 0 || l->v.v[l->v.n - 1] != i)
				ARR_PUSH(scratch, l->v, i);
		}
	}
	for (i = 0; i < n; i++) {
		const struct prefix *pp = sp[i].v->prefixes.v;

		col.v.n = 0;
		for (j = 0; j < sp[i].nfirst; j++) {
			int len;

			/* Stored prefixes containing p, then inside it. */
			for (len = (int)pp[j].len - 1; len >= 0; len--) {
				struct prefix q = prefix_truncate(&pp[j],
				    (unsigned)len);
				struct collect *l = ptrie_get(t, &q);

				if (l != NULL)
					collect_fn(&q, l, &col);
			}
			ptrie_walk(t, &pp[j], collect_fn, &col);
		}
		if (col.v.n > 1)
			qsort(col.v.v, col.v.n, sizeof(size_t), cmp_size);
		for (k = 0, m = 0; k < col.v.n; k++)
			if (col.v.v[k] != i &&
			    (m == 0 || col.v.v[k] != col.v.v[m - 1]))
				col.v.v[m++] = col.v.v[k];
		sp[i].nexc = m;
		sp[i].exc = arena_calloc(keep, m ? m : 1, sizeof(size_t));
		if (m > 0)
			memcpy(sp[i].exc, col.v.v, m * sizeof(size_t));
	}
}

void
idtab_init(struct idtab *t, struct arena *a, size_t n)
{
	for (t->mask = 15; t->mask < 2 * n; t->mask = t->mask * 2 + 1)
		continue;
	t->slot = arena_calloc(a, t->mask + 1, sizeof(*t->slot));
}

/* The id of c's class signature: 1 + its index in reps, where c is added
 * when it is the first of its class. */
size_t
ctx_class_id(struct engine *en, struct idtab *t, rctx_arr *reps, struct rctx *c,
    bool meshes)
{
	size_t h;

	for (h = rctx_class_hash(c, meshes) & t->mask; t->slot[h] != 0;
	     h = (h + 1) & t->mask)
		if (rctx_class_eq(reps->v[t->slot[h] - 1], c, meshes))
			return t->slot[h];
	ARR_PUSH(en->tmp, *reps, c);
	t->slot[h] = reps->n;
	return t->slot[h];
}

/* Mix the ids v[0..n) into h. */
uint64_t
ids_hash(uint64_t h, const size_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ v[i]) * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 31);
}

static size_t
spoke_hash(const struct engine *en, const struct spoke *sp)
{
	uint64_t h = sp->nsrc;
	size_t s;

	for (s = 0; s < en->nscen; s++)
		h = ids_hash(h, sp->ckey[s], sp->nsrc);
	return (size_t)h;
}

static bool
spoke_same_class(const struct engine *en, const struct spoke *a,
    const struct spoke *b)
{
	size_t s;

	if (a->nsrc != b->nsrc)
		return false;
	for (s = 0; s < en->nscen; s++)
		if (memcmp(a->ckey[s], b->ckey[s], a->nsrc * sizeof(size_t)))
			return false;
	return true;
}

struct addr_key {
	struct prefix p;
	size_t i;
	bool none;
};

static int
cmp_addr_key(const void *x, const void *y)
{
	const struct addr_key *a = x, *b = y;
	int c;

	if (a->none != b->none)
		return a->none ? 1 : -1;
	if (!a->none && (c = prefix_cmp(&a->p, &b->p)) != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* The spokes sp[0..n) by their first prefix (by_addr), in keep. */
static size_t *
sort_by_addr(const struct base_spoke *sp, size_t n, struct arena *keep)
{
	struct addr_key *k = xcalloc(n + 1, sizeof(*k));
	size_t *by_addr, i;

	for (i = 0; i < n; i++) {
		k[i].i = i;
		k[i].none = sp[i].nfirst == 0;
		if (!k[i].none)
			k[i].p = sp[i].first[0];
	}
	qsort(k, n, sizeof(*k), cmp_addr_key);
	by_addr = arena_calloc(keep, n + 1, sizeof(size_t));
	for (i = 0; i < n; i++)
		by_addr[i] = k[i].i;
	free(k);
	return by_addr;
}

/*
 * What the engine knows of the estate alone, whatever the meshes: the
 * spokes (their source subnets, prefixes and exceptions) and their
 * address order. Made by the first engine_init on a routing and kept in
 * its arena (routing_int.h): the planner's classifications set other
 * meshes on the same routing, and would each rescan the estate.
 */
struct engine_base {
	struct base_spoke *sp;
	size_t n;
	size_t *by_addr;
};

static const struct engine_base *
engine_base(struct routing *r)
{
	const struct estate *e = routing_estate(r);
	struct engine_base *b;
	struct arena *keep = r->arena, *scratch;
	size_t i, j;

	if (r->ebase != NULL)
		return r->ebase;
	b = arena_calloc(keep, 1, sizeof(*b));
	/* Room for every VNet: one pass over them, not two (each VNet is
	 * a cache miss at scale). */
	b->sp = arena_calloc(keep, e->vnets.n + 1, sizeof(*b->sp));
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		struct base_spoke *sp;

		if (v->role != ROLE_SPOKE)
			continue;
		sp = &b->sp[b->n++];
		sp->v = v;
		/* Room for all of v's subnets: each is looked at once. */
		sp->subs = arena_calloc(keep, v->subnets.n + 1,
		    sizeof(*sp->subs));
		if (v->subnets.n == 0) {
			sp->subs[0] = NULL;
			sp->nsrc = 1;
		} else {
			for (j = 0; j < v->subnets.n; j++)
				if (v->subnets.v[j]->r.seen &&
				    !subnet_is_infrastructure(v->subnets.v[j]))
					sp->subs[sp->nsrc++] = v->subnets.v[j];
		}
		sp->nfirst = v->prefixes.n;
		sp->first = arena_calloc(keep, sp->nfirst + 1,
		    sizeof(struct prefix));
		for (j = 0; j < sp->nfirst; j++)
			sp->first[j] = prefix_first(&v->prefixes.v[j]);
	}
	scratch = arena_new();
	find_exceptions(b->sp, b->n, keep, scratch);
	arena_free(scratch);
	b->by_addr = sort_by_addr(b->sp, b->n, keep);
	r->ebase = b;
	return b;
}

void
engine_init(struct engine *en, struct routing **rs, size_t nscen)
{
	const struct estate *e = routing_estate(rs[0]);
	const struct engine_base *base = engine_base(rs[0]);
	rctx_arr reps = { NULL, 0, 0 };
	struct idtab ckeys, vkeys;
	size_t i, j, s, h;

	memset(en, 0, sizeof(*en));
	en->tmp = arena_new();
	en->nscen = nscen;
	for (s = 0; s < nscen; s++)
		en->sc[s].r = rs[s];
	/* The estate's part from the routing's base; the contexts and
	 * classes of these meshes here. */
	en->n = base->n;
	en->sp = arena_calloc(en->tmp, en->n + 1, sizeof(*en->sp));
	en->by_addr = base->by_addr;
	idtab_init(&ckeys, en->tmp, nscen * (e->subnets.n + e->vnets.n));
	idtab_init(&vkeys, en->tmp, e->vnets.n);
	for (i = 0; i < en->n; i++) {
		struct spoke *sp = &en->sp[i];
		const struct base_spoke *bs = &base->sp[i];
		const struct vnet *v = bs->v;

		sp->v = v;
		sp->subs = bs->subs;
		sp->nsrc = bs->nsrc;
		sp->first = bs->first;
		sp->nfirst = bs->nfirst;
		sp->exc = bs->exc;
		sp->nexc = bs->nexc;
		for (s = 0; s < nscen; s++) {
			sp->ctx[s] = arena_calloc(en->tmp, sp->nsrc + 1,
			    sizeof(struct rctx *));
			sp->ckey[s] = arena_calloc(en->tmp, sp->nsrc + 1,
			    sizeof(size_t));
			for (j = 0; j < sp->nsrc; j++) {
				sp->ctx[s][j] = rctx_get(rs[s], v, sp->subs[j]);
				sp->ckey[s][j] = ctx_class_id(en, &ckeys, &reps,
				    sp->ctx[s][j], true);
			}
		}
		/* The spoke's class: the sequence of its subnets' ids. */
		for (h = spoke_hash(en, sp) & vkeys.mask; vkeys.slot[h] != 0;
		     h = (h + 1) & vkeys.mask)
			if (spoke_same_class(en,
				&en->sp[en->classes.v[vkeys.slot[h] - 1]
					    .members.v[0]],
				sp))
				break;
		if (vkeys.slot[h] == 0) {
			struct sclass c0 = { { 0 } };

			ARR_PUSH(en->tmp, en->classes, c0);
			vkeys.slot[h] = en->classes.n;
		}
		sp->cls = vkeys.slot[h] - 1;
		ARR_PUSH(en->tmp, en->classes.v[sp->cls].members, i);
	}
	for (s = 0; s < nscen; s++)
		en->sc[s].row = arena_calloc(en->tmp, en->n + 1,
		    sizeof(struct row));
	en->excount = arena_calloc(en->tmp, en->n + 1, sizeof(size_t));
	en->isin = arena_calloc(en->tmp, en->n + 1, sizeof(bool));
}

void
engine_free(struct engine *en)
{
	size_t s;

	for (s = 0; s < en->nscen; s++)
		free(en->sc[s].slots);
	arena_free(en->tmp);
}

/* ---- routing a pair ------------------------------------------------------ */

static bool
seen_class(const struct spoke *sa, size_t s, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (sa->ckey[s][k] == sa->ckey[s][i])
			return true;
	return false;
}

/* The pair (a's subnets, b's prefixes) in scenario s, routed as how says
 * (RCTX_OWN: exact for a; else for a's class). */
void
pair_route(struct engine *en, size_t s, size_t a, size_t b, enum rctx_how how,
    struct row *out)
{
	const struct spoke *sa = &en->sp[a], *sb = &en->sp[b];
	struct path p;
	size_t i, j;

	out->valid = false;
	for (i = 0; i < sa->nsrc; i++) {
		/* A subnet whose class signature an earlier one has routes
		 * like it outside a's space: the earlier one's result stands
		 * (the first valid one, unless a hairpin returned). */
		if (how != RCTX_OWN && seen_class(sa, s, i))
			continue;
		for (j = 0; j < sb->nfirst; j++) {
			rctx_path(en->sc[s].r, sa->ctx[s][i], how, sb->v,
			    &sb->first[j], &p);
			if (!out->valid || p.kind == PATH_HAIRPIN) {
				out->p = p;
				out->si = i;
				out->pj = j;
				out->valid = true;
			}
			if (p.kind == PATH_HAIRPIN)
				return;
		}
	}
}

void
class_row(struct engine *en, size_t cls, enum rctx_how how)
{
	size_t rep = en->classes.v[cls].members.v[0], b, k, s;

	for (s = 0; s < en->nscen; s++)
		for (k = 0; k < en->n; k++) {
			b = en->by_addr[k];
			pair_route(en, s, rep, b, how, &en->sc[s].row[b]);
		}
}

static bool
in_exc(const struct spoke *sa, size_t b)
{
	return sa->nexc > 0 &&
	    bsearch(&b, sa->exc, sa->nexc, sizeof(size_t), cmp_size) != NULL;
}

/* ---- aggregation -----------------------------------------------------------
 */

static size_t
gkey_hash(const struct gkey *k)
{
	uintptr_t h = 1469598103u;

#define MIX(x) (h = (h ^ (uintptr_t)(x)) * 1099511628211u)
	MIX(k->sh);
	MIX(k->dh);
	MIX(k->c);
	MIX(k->g);
	MIX(k->g2);
	MIX(k->scope);
	MIX(k->route);
#undef MIX
	return (size_t)(h ^ (h >> 29));
}

static bool
gkey_eq(const struct gkey *a, const struct gkey *b)
{
	return a->sh == b->sh && a->dh == b->dh && a->c == b->c &&
	    a->g == b->g && a->g2 == b->g2 && a->scope == b->scope &&
	    a->route == b->route;
}

static struct hairpin_group *
group_get(struct engine *en, struct scen *sc, const struct gkey *k)
{
	size_t i, h;

	if (2 * (sc->groups.n + 1) > sc->cap) {
		size_t ncap = sc->cap ? sc->cap * 2 : 64;
		struct gslot *ns = xcalloc(ncap, sizeof(*ns));

		for (i = 0; i < sc->cap; i++) {
			if (sc->slots[i].idx == 0)
				continue;
			h = gkey_hash(&sc->slots[i].k) & (ncap - 1);
			while (ns[h].idx != 0)
				h = (h + 1) & (ncap - 1);
			ns[h] = sc->slots[i];
		}
		free(sc->slots);
		sc->slots = ns;
		sc->cap = ncap;
	}
	h = gkey_hash(k) & (sc->cap - 1);
	while (sc->slots[h].idx != 0) {
		if (gkey_eq(&sc->slots[h].k, k))
			return &sc->groups.v[sc->slots[h].idx - 1];
		h = (h + 1) & (sc->cap - 1);
	}
	{
		struct hairpin_group g;

		memset(&g, 0, sizeof(g));
		g.src_hub = k->sh;
		g.dst_hub = k->dh;
		g.circuit = k->c;
		g.src_gw = k->g;
		g.dst_gw = k->g2;
		g.scope = k->scope;
		g.route = k->route;
		ARR_PUSH(en->tmp, sc->groups, g);
	}
	sc->slots[h].k = *k;
	sc->slots[h].idx = sc->groups.n;
	return &sc->groups.v[sc->groups.n - 1];
}

/* Count n pairs (any sources of a class, or one exception) to b. */
static void
count(struct engine *en, struct scen *sc, const struct path *p, size_t b,
    size_t n)
{
	struct hairpins *h = sc->h;
	struct hairpin_group *g;
	struct gkey k;

	h->pairs_considered += n;
	h->kinds[p->kind] += n;
	if (p->inspected)
		h->kinds_inspected[p->kind] += n;
	if (p->kind != PATH_HAIRPIN)
		return;
	h->pairs += n;
	if (p->inspected)
		h->inspected += n;
	if (p->scope == SCOPE_SAME_HUB) {
		h->same_hub += n;
		sc->in_same[b] += n;
	} else {
		h->cross_hub += n;
		sc->in_cross[b] += n;
	}
	memset(&k, 0, sizeof(k));
	k.sh = p->gw->hub;
	k.dh = p->gw2->hub;
	k.c = p->circuit;
	k.g = p->gw;
	k.g2 = p->gw2;
	k.scope = p->scope;
	k.route = p->route != NULL ? p->route->text : NULL;
	g = group_get(en, sc, &k);
	g->pairs += n;
	if (p->inspected)
		g->inspected += n;
}

static void
out_add(struct scen *sc, const struct path *p, size_t a, long sign)
{
	if (p->kind != PATH_HAIRPIN)
		return;
	if (p->scope == SCOPE_SAME_HUB)
		sc->out_same[a] += (size_t)sign;
	else
		sc->out_cross[a] += (size_t)sign;
}

static void
transition(struct engine *en, const struct path *b, const struct path *a,
    bool same_mesh, size_t n)
{
	struct mesh_effect *ef = en->eff;
	bool hb = b->kind == PATH_HAIRPIN, ha = a->kind == PATH_HAIRPIN;

	if (ef == NULL)
		return;
	if (hb && ha) {
		ef->stayed += n;
		if (same_mesh)
			ef->stayed_in_mesh += n;
	} else if (hb) {
		ef->removed += n;
		ef->became[a->kind] += n;
		if (a->inspected)
			ef->became_inspected += n;
	} else if (ha) {
		ef->added += n;
	}
	if (a->inspected)
		ef->inspected_after += n;
	if (a->kind == PATH_DIRECT && !a->inspected &&
	    (b->kind != PATH_DIRECT || b->inspected))
		ef->direct_after_new += n;
}

static void
aggregate(struct engine *en)
{
	size_t c, i, k, b, s;

	for (c = 0; c < en->classes.n; c++) {
		const struct sclass *cl = &en->classes.v[c];
		size_t rep = cl->members.v[0];
		size_t sum_same[2] = { 0, 0 }, sum_cross[2] = { 0, 0 };
		bool mesh = false;

		if (en->sp[rep].nsrc == 0)
			continue;
		class_row(en, c, RCTX_CLASS);
		for (i = 0; i < cl->members.n; i++) {
			const struct spoke *sa = &en->sp[cl->members.v[i]];

			en->isin[cl->members.v[i]] = true;
			for (k = 0; k < sa->nexc; k++)
				en->excount[sa->exc[k]]++;
		}
		for (b = 0; b < en->n; b++) {
			size_t n = cl->members.n - (en->isin[b] ? 1 : 0) -
			    en->excount[b];

			if (en->sp[b].nfirst == 0)
				continue;
			for (s = 0; s < en->nscen; s++) {
				const struct path *p = &en->sc[s].row[b].p;

				if (p->kind == PATH_HAIRPIN) {
					if (p->scope == SCOPE_SAME_HUB)
						sum_same[s]++;
					else
						sum_cross[s]++;
				}
				if (n > 0)
					count(en, &en->sc[s], p, b, n);
			}
			if (en->nscen == 2 && n > 0) {
				mesh = routing_same_mesh(en->sc[1].r,
				    en->sp[rep].v, en->sp[b].v);
				transition(en, &en->sc[0].row[b].p,
				    &en->sc[1].row[b].p, mesh, n);
			}
		}
		for (i = 0; i < cl->members.n; i++) {
			size_t a = cl->members.v[i];
			const struct spoke *sa = &en->sp[a];
			struct row ex[2];

			for (s = 0; s < en->nscen; s++) {
				en->sc[s].out_same[a] += sum_same[s];
				en->sc[s].out_cross[a] += sum_cross[s];
				if (sa->nfirst > 0)
					out_add(&en->sc[s], &en->sc[s].row[a].p,
					    a, -1);
			}
			for (k = 0; k < sa->nexc; k++) {
				b = sa->exc[k];
				if (en->sp[b].nfirst == 0)
					continue;
				for (s = 0; s < en->nscen; s++) {
					out_add(&en->sc[s], &en->sc[s].row[b].p,
					    a, -1);
					pair_route(en, s, a, b, RCTX_OWN,
					    &ex[s]);
					out_add(&en->sc[s], &ex[s].p, a, 1);
					count(en, &en->sc[s], &ex[s].p, b, 1);
					en->sc[s].h->exceptions++;
				}
				if (en->nscen == 2)
					transition(en, &ex[0].p, &ex[1].p,
					    routing_same_mesh(en->sc[1].r,
						sa->v, en->sp[b].v),
					    1);
			}
		}
		for (i = 0; i < cl->members.n; i++) {
			const struct spoke *sa = &en->sp[cl->members.v[i]];

			en->isin[cl->members.v[i]] = false;
			for (k = 0; k < sa->nexc; k++)
				en->excount[sa->exc[k]] = 0;
		}
	}
}

static const char *
key_or_empty(const struct res *r)
{
	return r != NULL ? r->key : "";
}

static int
group_cmp(const void *x, const void *y)
{
	const struct hairpin_group *a = x, *b = y;
	int c;

	if (a->pairs != b->pairs)
		return a->pairs > b->pairs ? -1 : 1;
	if ((c = strcmp(key_or_empty(&a->src_hub->r),
		 key_or_empty(&b->src_hub->r))) != 0 ||
	    (c = strcmp(key_or_empty(&a->dst_hub->r),
		 key_or_empty(&b->dst_hub->r))) != 0 ||
	    (c = strcmp(key_or_empty(a->circuit ? &a->circuit->r : NULL),
		 key_or_empty(b->circuit ? &b->circuit->r : NULL))) != 0 ||
	    (c = strcmp(key_or_empty(&a->src_gw->r),
		 key_or_empty(&b->src_gw->r))) != 0 ||
	    (c = strcmp(key_or_empty(&a->dst_gw->r),
		 key_or_empty(&b->dst_gw->r))) != 0)
		return c;
	if (a->scope != b->scope)
		return (int)a->scope - (int)b->scope;
	return strcmp(a->route ? a->route : "", b->route ? b->route : "");
}

static void
scen_begin(struct engine *en, struct scen *sc, struct hairpins *out)
{
	memset(out, 0, sizeof(*out));
	sc->h = out;
	sc->out_same = arena_calloc(en->tmp, en->n + 1, sizeof(size_t));
	sc->out_cross = arena_calloc(en->tmp, en->n + 1, sizeof(size_t));
	sc->in_same = arena_calloc(en->tmp, en->n + 1, sizeof(size_t));
	sc->in_cross = arena_calloc(en->tmp, en->n + 1, sizeof(size_t));
}

static void
scen_finish(struct engine *en, struct scen *sc, struct arena *a)
{
	struct hairpins *h = sc->h;
	size_t i;

	h->spokes = en->n;
	h->classes = en->classes.n;
	if (sc->groups.n > 1)
		qsort(sc->groups.v, sc->groups.n, sizeof(sc->groups.v[0]),
		    group_cmp);
	for (i = 0; i < sc->groups.n; i++) {
		struct hairpin_group g = sc->groups.v[i];

		/* The result outlives the routing: its text too. */
		g.route = g.route != NULL ? arena_strdup(a, g.route) : NULL;
		ARR_PUSH(a, h->groups, g);
	}
	for (i = 0; i < en->n; i++) {
		struct hairpin_spoke hs;
		const struct vnet *v = en->sp[i].v;

		hs.spoke = v;
		hs.hub = v->transit_hub != NULL ? v->transit_hub :
		    v->hubs.n > 0		? v->hubs.v[0] :
						  NULL;
		hs.out_same_hub = sc->out_same[i];
		hs.out_cross_hub = sc->out_cross[i];
		hs.in_same_hub = sc->in_same[i];
		hs.in_cross_hub = sc->in_cross[i];
		ARR_PUSH(a, h->spoke_counts, hs);
	}
}

void
routing_hairpins(struct routing *r, struct arena *a, struct hairpins *out)
{
	struct engine en;

	engine_init(&en, &r, 1);
	scen_begin(&en, &en.sc[0], out);
	aggregate(&en);
	scen_finish(&en, &en.sc[0], a);
	engine_free(&en);
}

/* ---- streams ----------------------------------------------------------------
 */

static void
row_to_pair(const struct engine *en, const struct row *rw, size_t a, size_t b,
    struct pair_result *pr)
{
	memset(pr, 0, sizeof(*pr));
	pr->src = en->sp[a].v;
	pr->dst = en->sp[b].v;
	pr->src_subnet = en->sp[a].subs[rw->si];
	pr->prefix = en->sp[b].v->prefixes.v[rw->pj];
	pr->path = rw->p;
}

/* Visit every ordered pair in (src, dst) order with its result in each
 * scenario. */
static int
stream(struct engine *en,
    int (*fn)(struct engine *en, const struct pair_result *pr, void *ctx),
    void *ctx)
{
	size_t a, b, s, last = (size_t)-1;
	struct pair_result pr[2];
	struct row ex;
	int rc;

	for (a = 0; a < en->n; a++) {
		const struct spoke *sa = &en->sp[a];

		if (sa->nsrc == 0)
			continue;
		if (sa->cls != last) {
			class_row(en, sa->cls, RCTX_CLASS);
			last = sa->cls;
		}
		for (b = 0; b < en->n; b++) {
			if (b == a || en->sp[b].nfirst == 0)
				continue;
			for (s = 0; s < en->nscen; s++) {
				if (in_exc(sa, b)) {
					pair_route(en, s, a, b, RCTX_OWN, &ex);
					row_to_pair(en, &ex, a, b, &pr[s]);
				} else {
					row_to_pair(en, &en->sc[s].row[b], a, b,
					    &pr[s]);
				}
			}
			if ((rc = fn(en, pr, ctx)) != 0)
				return rc;
		}
	}
	return 0;
}

struct pairs_ctx {
	bool all;
	int (*fn)(const struct pair_result *pr, void *ctx);
	void *ctx;
};

static int
pairs_cb(struct engine *en, const struct pair_result *pr, void *ctx)
{
	struct pairs_ctx *pc = ctx;

	(void)en;
	if (!pc->all && pr[0].path.kind != PATH_HAIRPIN)
		return 0;
	return pc->fn(&pr[0], pc->ctx);
}

int
routing_pairs(struct routing *r, bool all,
    int (*fn)(const struct pair_result *pr, void *ctx), void *ctx)
{
	struct engine en;
	struct pairs_ctx pc = { all, fn, ctx };
	int rc;

	engine_init(&en, &r, 1);
	rc = stream(&en, pairs_cb, &pc);
	engine_free(&en);
	return rc;
}

struct effect_ctx {
	int (*fn)(const struct pair_result *b, const struct pair_result *af,
	    void *ctx);
	void *ctx;
};

static int
effect_cb(struct engine *en, const struct pair_result *pr, void *ctx)
{
	struct effect_ctx *ec = ctx;

	(void)en;
	if (pr[0].path.kind == pr[1].path.kind &&
	    pr[0].path.inspected == pr[1].path.inspected)
		return 0;
	return ec->fn(&pr[0], &pr[1], ec->ctx);
}

void
routing_mesh_effect(struct routing *before, struct routing *after,
    struct arena *a, struct mesh_effect *out,
    int (*fn)(const struct pair_result *b, const struct pair_result *af,
	void *ctx),
    void *ctx)
{
	struct routing *rs[2] = { before, after };
	struct engine en;

	memset(out, 0, sizeof(*out));
	engine_init(&en, rs, 2);
	en.eff = out;
	scen_begin(&en, &en.sc[0], &out->before);
	scen_begin(&en, &en.sc[1], &out->after);
	aggregate(&en);
	scen_finish(&en, &en.sc[0], a);
	scen_finish(&en, &en.sc[1], a);
	out->hairpins_before = out->before.pairs;
	out->hairpins_after = out->after.pairs;
	if (fn != NULL) {
		struct effect_ctx ec = { fn, ctx };

		en.eff = NULL;
		stream(&en, effect_cb, &ec);
	}
	engine_free(&en);
}
