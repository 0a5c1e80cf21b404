/*
 * plan_effect.c - the effect of the plan per wave (R8 through the pair
 * oracle), the segmentation report and the deny rules.
 *
 * Effect: before and after count the same thing, every ordered spoke pair
 * through the ExpressRoute edge (R7) whether or not an appliance also
 * inspects it, with the inspected share beside it, so that a wave's
 * hairpins_after is what `analyze` counts with its members live; and the
 * pairs whose inspection is lost (an appliance before, straight to the
 * destination after), per wave with the first PLAN_LOST_CAP it adds and
 * the route that inspected them (the oracle's inspecting_route).
 *
 * Pair counts are sums over the n(n-1) ordered spoke pairs, taken from
 * the oracle's verdicts by class (pv_sum) in time and memory linear in
 * the spokes for a given number of classes; only the listed segmentation
 * pairs (at most PLAN_PAIRS_CAP) are looked at one by one.
 *
 *	plan_evaluate	effect and segmentation, wave by wave
 *	plan_deny	the deny rules between segments
 */
#include "plan_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

static bool
denied_pair(const struct policy *pol, const char *x, const char *y)
{
	size_t k;

	if (x == NULL || y == NULL)
		return false;
	for (k = 0; k < pol->deny.n; k++)
		if ((strcmp(pol->deny.v[k].a, x) == 0 &&
			strcmp(pol->deny.v[k].b, y) == 0) ||
		    (strcmp(pol->deny.v[k].a, y) == 0 &&
			strcmp(pol->deny.v[k].b, x) == 0))
			return true;
	return false;
}

static int
strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == NULL ? (b == NULL ? 0 : 1) : -1;
	return strcmp(a, b);
}

static int
segcount_cmp(const void *x, const void *y)
{
	const struct plan_segment_count *a = x, *b = y;
	int c = strcmp_null(a->src_segment, b->src_segment);

	return c ? c : strcmp_null(a->dst_segment, b->dst_segment);
}

/* Inspection lost: through an appliance before, straight to the
 * destination (no appliance) after. */
static bool
lost_inspection(unsigned char x, unsigned char y)
{
	return (x & PP_INSPECTED) && PP_CLASS(y) == PP_DIRECT &&
	    !(y & PP_INSPECTED);
}

/*
 * One wave against the estate (table 0), the previous wave (1; the
 * estate for wave 1) and itself (2): its hairpins (every pair through the
 * ExpressRoute edge, R7) and the inspected share, the pairs whose
 * inspection is lost after it and those it loses first, per group and
 * source as in final_fn so that the listing visits only their sources.
 */
struct wave_sum {
	size_t hairpins, inspected, lost, lost_new;
	size_t *grp_new, *src_new;
};

static void
wave_fn(void *ctx, const struct pair_groups *gr, size_t g, size_t src, size_t j,
    const unsigned char *c, long w)
{
	struct wave_sum *ws = ctx;

	(void)gr;
	(void)j;
	if (PP_CLASS(c[2]) == PP_HAIRPIN) {
		ws->hairpins += (size_t)w;
		if (c[2] & PP_INSPECTED)
			ws->inspected += (size_t)w;
	}
	if (!lost_inspection(c[0], c[2]))
		return;
	ws->lost += (size_t)w;
	if (lost_inspection(c[0], c[1]))
		return;
	ws->lost_new += (size_t)w;
	if (src == SIZE_MAX)
		ws->grp_new[g]++;
	else
		ws->src_new[src] += (size_t)w;
}

/* Newly direct: direct without an appliance after, and not before. */
static bool
newly_direct(unsigned char x, unsigned char y)
{
	return PP_CLASS(y) == PP_DIRECT && !(y & PP_INSPECTED) &&
	    (PP_CLASS(x) != PP_DIRECT || (x & PP_INSPECTED));
}

/*
 * The whole plan against the estate. A source's key is its mesh and
 * segment: key = (mesh_of + 1) * (nseg + 1) + seg, seg nseg for none.
 */
struct final_sum {
	struct bld *b;
	const int *seg; /* per spoke, nseg: none */
	size_t nseg;
	size_t *pairs;		   /* (nseg + 1)^2 segment pairs */
	size_t *grp_new, *src_new; /* newly direct, per group/source */
};

static void
final_fn(void *ctx, const struct pair_groups *gr, size_t g, size_t src,
    size_t j, const unsigned char *c, long w)
{
	struct final_sum *fs = ctx;
	struct plan *p = fs->b->p;
	unsigned char x = c[0], y = c[1];
	int mi = gr->key[g] / (int)(fs->nseg + 1) - 1;
	int si = gr->key[g] % (int)(fs->nseg + 1), mj = fs->b->mesh_of[j];

	if (lost_inspection(x, y))
		p->effect.inspection_lost += (size_t)w;
	if (PP_CLASS(y) == PP_HAIRPIN) {
		p->effect.hairpins_after += (size_t)w;
		if (y & PP_INSPECTED)
			p->effect.inspected_after += (size_t)w;
		if (mi < 0 || mj < 0)
			p->effect.after_not_meshed += (size_t)w;
		else if (mi != mj)
			p->effect.after_other_mesh += (size_t)w;
		else
			p->effect.after_same_mesh += (size_t)w;
	}
	if (!newly_direct(x, y))
		return;
	fs->pairs[(size_t)si * (fs->nseg + 1) + (size_t)fs->seg[j]] += (size_t)
	    w;
	if (src == SIZE_MAX)
		fs->grp_new[g]++;
	else
		fs->src_new[src] += (size_t)w;
}

/* Segment pairs with newly direct flows, and the deny rules' share. */
static void
segment_counts(struct bld *b, const struct final_sum *fs)
{
	struct plan *p = b->p;
	size_t si, sj, k;

	for (si = 0; si <= fs->nseg; si++)
		for (sj = 0; sj <= fs->nseg; sj++) {
			size_t np = fs->pairs[si * (fs->nseg + 1) + sj];
			struct plan_segment_count sc;
			const char *s1, *s2;

			if (np == 0)
				continue;
			s1 = si < fs->nseg ?
			    dup(b, b->pol->segments.v[si].name) :
			    NULL;
			s2 = sj < fs->nseg ?
			    dup(b, b->pol->segments.v[sj].name) :
			    NULL;
			sc.src_segment = s1;
			sc.dst_segment = s2;
			sc.pairs = np;
			sc.denied = denied_pair(b->pol, s1, s2);
			ARR_PUSH(b->a, p->segment_counts, sc);
			p->segmentation_total += np;
			for (k = 0; sc.denied && k < p->deny.n; k++)
				if ((strcmp(p->deny.v[k].segment_a, s1) == 0 &&
					strcmp(p->deny.v[k].segment_b, s2) ==
					    0) ||
				    (strcmp(p->deny.v[k].segment_a, s2) == 0 &&
					strcmp(p->deny.v[k].segment_b, s1) ==
					    0))
					p->deny.v[k].pairs += np;
		}
	if (p->segment_counts.n > 1)
		qsort(p->segment_counts.v, p->segment_counts.n,
		    sizeof(*p->segment_counts.v), segcount_cmp);
}

/* The first PLAN_PAIRS_CAP newly direct pairs, by (source, destination):
 * only sources with some are read, one pair at a time. */
static void
segment_pairs(struct bld *b, const struct pair_table *after,
    const struct pair_groups *gr, const struct final_sum *fs)
{
	struct plan *p = b->p;
	size_t i, j;

	for (i = 0; i < b->n && p->segmentation.n < PLAN_PAIRS_CAP; i++) {
		if (gr->of[i] == SIZE_MAX ||
		    fs->grp_new[gr->of[i]] + fs->src_new[i] == 0)
			continue;
		for (j = 0; j < b->n && p->segmentation.n < PLAN_PAIRS_CAP;
		     j++) {
			unsigned char x = pair_table_code(&b->before, i, j,
			    PP_UNKNOWN);
			struct plan_pair pp;

			if (!newly_direct(x,
				pair_table_code(after, i, j, PP_UNKNOWN)))
				continue;
			pp.src_id = dup(b, b->sp[i]->r.id);
			pp.dst_id = dup(b, b->sp[j]->r.id);
			pp.before = pair_path_name(PP_CLASS(x));
			pp.inspected_before = (x & PP_INSPECTED) != 0;
			pp.src_segment = b->seg_of[i];
			pp.dst_segment = b->seg_of[j];
			pp.denied = denied_pair(b->pol, pp.src_segment,
			    pp.dst_segment);
			ARR_PUSH(b->a, p->segmentation, pp);
		}
	}
	p->segmentation_truncated = p->segmentation_total > p->segmentation.n;
}

/* Pairs of lost inspection listed for the waves, to be explained. */
struct lost_list {
	struct vnet **src, **dst;
	struct plan_lost_pair **at; /* where each one's route goes */
	size_t n;
};

/* The first PLAN_LOST_CAP pairs whose inspection wave wv loses first,
 * by (source, destination): only sources with some are read. */
static void
lost_pairs(struct bld *b, struct plan_wave *wv, const struct pair_table *prev,
    const struct pair_table *cur, const struct pair_groups *gr,
    const struct wave_sum *ws, struct lost_list *ll)
{
	size_t i, j, k0 = wv->lost.n;

	for (i = 0; i < b->n && wv->lost.n < PLAN_LOST_CAP; i++) {
		if (gr->of[i] == SIZE_MAX ||
		    ws->grp_new[gr->of[i]] + ws->src_new[i] == 0)
			continue;
		for (j = 0; j < b->n && wv->lost.n < PLAN_LOST_CAP; j++) {
			unsigned char x = pair_table_code(&b->before, i, j,
			    PP_UNKNOWN);
			struct plan_lost_pair lp;

			if (!lost_inspection(x,
				pair_table_code(cur, i, j, PP_UNKNOWN)) ||
			    lost_inspection(x,
				pair_table_code(prev, i, j, PP_UNKNOWN)))
				continue;
			memset(&lp, 0, sizeof(lp));
			lp.src_id = dup(b, b->sp[i]->r.id);
			lp.dst_id = dup(b, b->sp[j]->r.id);
			ARR_PUSH(b->a, wv->lost, lp);
			ll->src[ll->n] = b->sp[i];
			ll->dst[ll->n] = b->sp[j];
			ll->n++;
		}
	}
	/* Pointers into wv->lost once it no longer grows. */
	for (i = k0; i < wv->lost.n; i++)
		ll->at[ll->n - (wv->lost.n - i)] = &wv->lost.v[i];
}

/* The routes that inspected the listed pairs, from the oracle. */
static void
explain_lost(struct bld *b, const struct lost_list *ll, struct arena *tmp)
{
	const struct pair_oracle *o = b->in->oracle;
	const char **ids, **texts;
	size_t k;

	if (ll->n == 0 || o->inspecting_route == NULL)
		return;
	ids = arena_calloc(tmp, ll->n, sizeof(*ids));
	texts = arena_calloc(tmp, ll->n, sizeof(*texts));
	o->inspecting_route(o->ctx, b->e, ll->src, ll->dst, ll->n, tmp, ids,
	    texts);
	for (k = 0; k < ll->n; k++) {
		ll->at[k]->route_id = ids[k] != NULL ? dup(b, ids[k]) : NULL;
		ll->at[k]->route = texts[k] != NULL ? dup(b, texts[k]) : NULL;
	}
}

/*
 * Evaluate R8 for every wave (cumulative) and fill effect/segmentation.
 * Each wave's figures count the same things as the estate's (R7 over
 * every ordered spoke pair), so that wave k's hairpins_after is what
 * `analyze` counts with the members of waves 1..k in their groups.
 */
void
plan_evaluate(struct bld *b)
{
	struct plan *p = b->p;
	struct arena *wa = NULL, *pa = NULL, *tmp = arena_new();
	struct pair_table after, prev;
	const struct pair_table *v[3];
	struct final_sum fs;
	struct pair_groups gr;
	struct lost_list ll;
	int *mo, *key;
	size_t i, w, nwaves = p->waves.n;

	mo = arena_calloc(tmp, b->n + 1, sizeof(*mo));
	memset(&ll, 0, sizeof(ll));
	ll.src = arena_calloc(tmp, nwaves * PLAN_LOST_CAP + 1, sizeof(*ll.src));
	ll.dst = arena_calloc(tmp, nwaves * PLAN_LOST_CAP + 1, sizeof(*ll.dst));
	ll.at = arena_calloc(tmp, nwaves * PLAN_LOST_CAP + 1, sizeof(*ll.at));
	after = b->before;
	for (w = 1; w <= nwaves; w++) {
		struct plan_wave *wv = &p->waves.v[w - 1];
		struct wave_sum ws;
		struct arena *t;

		for (i = 0; i < b->n; i++)
			mo[i] = (b->wave_of[i] > 0 &&
				    b->wave_of[i] <= (int)w) ||
				b->live_cfg[i] != NULL ?
			    b->mesh_of[i] :
			    -1;
		/* The previous wave's table stays for the comparison. */
		arena_free(pa);
		pa = wa;
		prev = after;
		wa = arena_new();
		b->in->oracle->classify(b->in->oracle->ctx, b->e, b->sp, b->n,
		    mo, wa, &after);
		memset(&ws, 0, sizeof(ws));
		ws.grp_new = arena_calloc(tmp, b->n + 1, sizeof(*ws.grp_new));
		ws.src_new = arena_calloc(tmp, b->n + 1, sizeof(*ws.src_new));
		v[0] = &b->before;
		v[1] = &prev;
		v[2] = &after;
		t = arena_new();
		pv_sum(v, 3, NULL, t, &gr, wave_fn, &ws);
		wv->hairpins_before = w == 1 ? p->effect.hairpins_before :
					       p->waves.v[w - 2].hairpins_after;
		wv->inspected_before = w == 1 ?
		    p->effect.inspected_before :
		    p->waves.v[w - 2].inspected_after;
		wv->hairpins_after = ws.hairpins;
		wv->inspected_after = ws.inspected;
		wv->inspection_lost = ws.lost;
		wv->inspection_lost_new = ws.lost_new;
		lost_pairs(b, wv, &prev, &after, &gr, &ws, &ll);
		arena_free(t);
	}
	arena_free(pa);
	/* after now holds the whole plan (or the estate unchanged). */
	memset(&fs, 0, sizeof(fs));
	fs.b = b;
	fs.nseg = b->pol->segments.n;
	fs.seg = b->seg_idx;
	fs.pairs = arena_calloc(tmp, (fs.nseg + 1) * (fs.nseg + 1),
	    sizeof(*fs.pairs));
	fs.grp_new = arena_calloc(tmp, b->n + 1, sizeof(*fs.grp_new));
	fs.src_new = arena_calloc(tmp, b->n + 1, sizeof(*fs.src_new));
	key = arena_calloc(tmp, b->n + 1, sizeof(*key));
	for (i = 0; i < b->n; i++)
		key[i] = (b->mesh_of[i] + 1) * (int)(fs.nseg + 1) +
		    b->seg_idx[i];
	v[0] = &b->before;
	v[1] = &after;
	pv_sum(v, 2, key, tmp, &gr, final_fn, &fs);
	segment_counts(b, &fs);
	segment_pairs(b, &after, &gr, &fs);
	arena_free(wa);
	explain_lost(b, &ll, tmp);
	arena_free(tmp);
}

static int
deny_cmp(const void *x, const void *y)
{
	const struct plan_deny *a = x, *b = y;

	return strcmp(a->name, b->name);
}

void
plan_deny(struct bld *b)
{
	size_t k, i;

	for (k = 0; k < b->pol->deny.n; k++) {
		struct plan_deny d;

		memset(&d, 0, sizeof(d));
		d.segment_a = dup(b, b->pol->deny.v[k].a);
		d.segment_b = dup(b, b->pol->deny.v[k].b);
		d.name = arena_printf(b->a, "deny-%s-%s", d.segment_a,
		    d.segment_b);
		d.group_a = arena_printf(b->a, "ng-seg-%s", d.segment_a);
		d.group_b = arena_printf(b->a, "ng-seg-%s", d.segment_b);
		d.priority = 100 + 10 * (int)k;
		d.protocol = "Any";
		for (i = 0; i < b->n; i++) {
			if (b->mesh_of[i] < 0 || b->seg_of[i] == NULL)
				continue;
			if (strcmp(b->seg_of[i], d.segment_a) == 0)
				ARR_PUSH(b->a, d.vnets_a,
				    dup(b, b->sp[i]->r.id));
			else if (strcmp(b->seg_of[i], d.segment_b) == 0)
				ARR_PUSH(b->a, d.vnets_b,
				    dup(b, b->sp[i]->r.id));
		}
		ARR_PUSH(b->a, b->p->deny, d);
	}
	if (b->p->deny.n > 1)
		qsort(b->p->deny.v, b->p->deny.n, sizeof(*b->p->deny.v),
		    deny_cmp);
}
