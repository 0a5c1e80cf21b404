/*
 * summarize.c - summarizedGatewayPrefixes (DESIGN.md section 5): exact,
 * fewest-prefix and budget summaries over a hub's advertised prefixes.
 *
 * Pipeline, per family (IPv4 and IPv6 never mix):
 *  1. Sort the inputs by prefix (then input order): a stable LSD radix
 *     sort of 64-bit keys (address, length | input index) for IPv4, qsort
 *     for IPv6. Big scratch arrays ask for transparent huge pages: page
 *     faults and TLB misses otherwise cost more than the sort. O(n).
 *  2. SUM_EXACT without forbidden prefixes: a linear interval merge, then
 *     each merged interval is cut into its largest aligned blocks. This is
 *     the unique fewest-block partition of the address union, i.e. what
 *     collapse_addresses returns. O(n) after the sort.
 *  3. Otherwise a dynamic program over the path-compressed trie of the
 *     distinct inputs (built from the sorted list with a stack in O(n);
 *     at most 2d - 1 nodes for d distinct prefixes). Only trie nodes need
 *     be considered as summaries: a summary can always shrink to the
 *     smallest prefix holding the inputs it covers, which is a trie node,
 *     without covering fewer inputs, gaining waste, getting shorter or
 *     containing a forbidden prefix it did not contain before.
 *     Per node X: waste(X) = |X| - |addresses of inputs inside X| (0 when
 *     an input contains X), allowed(X) = no forbidden prefix inside or
 *     equal to X (a trie of the forbidden set, O(depth) per node), length
 *     >= min_len (default, budget) or waste(X) == 0 (exact).
 *       - default/exact: best(X) = min over (count, waste), compared
 *         lexicographically, of "a summary at X" = (1, waste(X)) and "no
 *         summary at X" = [X is an input] + sum of best(children). Ties
 *         keep no summary. O(nodes).
 *       - budget K: curve_X[c] = least waste with at most c advertised
 *         prefixes in X's subtree (so it never increases with c), merged
 *         bottom-up by (min, +) convolution of the children's curves and
 *         then min'd with waste(X) when a summary may sit at X. A curve is
 *         kept only over [fewest possible prefixes, the count where it
 *         turns flat], capped at K: the part where waste still trades
 *         against count. Work is at most the tree-knapsack bound O(d * K)
 *         and in practice far less (100,000 IPv4 prefixes with any K take
 *         about as long as the default mode); the curves are kept for the
 *         traceback, which rescans one node's split at a time.
 *     A must-cover node makes "no summary at X" infeasible, so every
 *     must-cover input ends inside a summary. The "no summaries at all"
 *     answer (every input advertised, the hub's own space included) is
 *     compared against the constrained optimum over both families: with
 *     (count, waste, summaries) in exact/default modes and (count over
 *     the budget, waste, count, summaries) in budget mode.
 * Waste is exact 128-bit arithmetic (unsigned __int128, a GCC/Clang
 * extension): the waste of disjoint summaries that each hold an input
 * address is below 2^128. Measured (bench/summarize.sh): 1,000,000 IPv4
 * prefixes merge exactly in about 0.25 s of CPU, 100,000 prefixes with
 * 10,000 forbidden summarize in about 0.15 s.
 * Limits: the trie uses 32-bit node indices (assert: below 2^30 distinct
 * prefixes per family).
 */
#include "summarize.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../lib/arena.h"
#include "../lib/util.h"
#include "ptrie.h"
#include "summarize_sort.h"

__extension__ typedef unsigned __int128 u128;
#define U128_INF (~(u128)0)

void
sum_opts_init(struct sum_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = SUM_DEFAULT;
	o->min_len[0] = 16;
	o->min_len[1] = 48;
	o->budget[0] = o->budget[1] = (size_t)-1;
}

static struct sum_count
to_count(u128 v)
{
	struct sum_count c;

	c.hi = (uint64_t)(v >> 64);
	c.lo = (uint64_t)v;
	return c;
}

char *
sum_count_format(const struct sum_count *c, char buf[SUM_COUNT_STRLEN])
{
	u128 v = (u128)c->hi << 64 | c->lo;
	char tmp[SUM_COUNT_STRLEN];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

static u128
addr128(const struct prefix *p)
{
	return (u128)p->hi << 64 | p->lo;
}

/* Number of addresses in p modulo 2^128 (::/0 gives 0). */
static u128
psize(const struct prefix *p)
{
	unsigned host = prefix_maxlen(p) - p->len;

	return host >= 128 ? 0 : (u128)1 << host;
}

static unsigned
clz128(u128 v)
{
	uint64_t hi = (uint64_t)(v >> 64), lo = (uint64_t)v;

	if (hi != 0)
		return (unsigned)__builtin_clzll(hi);
	if (lo != 0)
		return 64 + (unsigned)__builtin_clzll(lo);
	return 128;
}

static unsigned
ctz128(u128 v)
{
	uint64_t hi = (uint64_t)(v >> 64), lo = (uint64_t)v;

	if (lo != 0)
		return (unsigned)__builtin_ctzll(lo);
	if (hi != 0)
		return 64 + (unsigned)__builtin_ctzll(hi);
	return 128;
}

static unsigned
common_len(const struct prefix *a, const struct prefix *b)
{
	unsigned n = clz128(addr128(a) ^ addr128(b));
	unsigned m = a->len < b->len ? a->len : b->len;

	return n < m ? n : m;
}

/*
 * Scratch arrays of millions of entries: on Linux, ask for transparent
 * huge pages (a hint, no I/O). With 4 KiB pages the page faults and TLB
 * misses of the random scatter in the sort cost more than the sort.
 * Freed with free().
 */
void *
big_alloc(size_t size)
{
	void *p;

	if (size < ((size_t)4 << 20))
		return xmalloc(size ? size : 1);
	if (posix_memalign(&p, (size_t)2 << 20, size) != 0)
		mp_oom(size);
#ifdef MADV_HUGEPAGE
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

/* One family's answer with summaries allowed (the "B" option). */
struct famres {
	struct sum_item *items;
	size_t nitems, nsum;
	u128 waste;
	bool feasible;	/* every must-cover input can be covered */
	size_t blocked; /* entry index (family-relative) if not */
	bool reached;	/* budget mode: nitems <= K */
};

struct fam {
	int fi;
	const struct sent *ent; /* sorted entries of the family */
	size_t nent;
	size_t ndist; /* distinct prefixes */
};

static void
push_item(struct famres *r, const struct prefix *p, bool summary, size_t first,
    size_t n, u128 waste)
{
	struct sum_item *it = &r->items[r->nitems++];

	it->p = *p;
	it->summary = summary;
	it->first = first;
	it->n = n;
	it->waste = to_count(waste);
	if (summary) {
		r->nsum++;
		r->waste += waste;
	}
}

/*
 * Exact merge without forbidden prefixes: merge the sorted intervals and
 * cut each run into its largest aligned blocks. Addresses are handled as
 * 128-bit numbers where a prefix of length len spans 2^(128 - len), so
 * both families share the arithmetic.
 */
static void
exact_linear(const struct fam *f, struct famres *r)
{
	const struct sent *e = f->ent;
	size_t i = 0, j, k;
	int fam = f->fi == 0 ? FAM_V4 : FAM_V6;
	unsigned maxlen = f->fi == 0 ? 32 : 128;

	r->feasible = true;
	while (i < f->nent) {
		u128 s = addr128(&e[i].p), end, span;
		size_t runend = i + 1;

		span = e[i].p.len == 0 ? U128_INF :
					 ((u128)1 << (128 - e[i].p.len)) - 1;
		end = s + span;
		while (runend < f->nent &&
		    (end == U128_INF || addr128(&e[runend].p) <= end + 1)) {
			const struct prefix *q = &e[runend].p;
			u128 qe = addr128(q) +
			    (q->len == 0 ? U128_INF :
					   ((u128)1 << (128 - q->len)) - 1);

			if (qe > end)
				end = qe;
			runend++;
		}
		/* Cut [s, end] into aligned blocks, hand out the entries. */
		j = i;
		for (;;) {
			unsigned kb = ctz128(s), kr;
			u128 rem = end - s, bend;
			struct prefix p;
			size_t distinct = 0;
			bool must = false;

			kr = rem == U128_INF ? 128 : 127 - clz128(rem + 1);
			if (kr < kb)
				kb = kr;
			bend = kb == 128 ? U128_INF : s + (((u128)1 << kb) - 1);
			memset(&p, 0, sizeof(p));
			p.fam = (uint8_t)fam;
			p.hi = (uint64_t)(s >> 64);
			p.lo = (uint64_t)s;
			p.len = (uint8_t)(128 - kb);
			MP_ASSERT(p.len <= maxlen);
			for (k = j; k < runend && addr128(&e[k].p) <= bend;
			     k++) {
				if (k == j || !prefix_eq(&e[k].p, &e[k - 1].p))
					distinct++;
				must |= e[k].must;
			}
			MP_ASSERT(k > j);
			if (distinct == 1 && !must && prefix_eq(&e[j].p, &p))
				push_item(r, &p, false, j, k - j, 0);
			else
				push_item(r, &p, true, j, k - j, 0);
			j = k;
			if (bend == end)
				break;
			s = bend + 1;
		}
		MP_ASSERT(j == runend);
		i = runend;
	}
}

/* The trie dynamic program. */

struct snode {
	struct prefix p;
	int32_t c[2];	   /* children, -1 when none */
	size_t first, end; /* entries in the subtree */
	size_t nself;	   /* entries equal to p (0: glue node) */
	size_t m;	   /* distinct inputs in the subtree */
	u128 waste;	   /* of a summary at p */
	bool input, must, allowed;
	bool sum, feas;		/* scalar DP: summary here; solvable */
	size_t cnt;		/* scalar DP: advertised count */
	u128 w;			/* scalar DP: waste */
	size_t coff, clo, clen; /* budget curve over counts clo.. */
};

struct dp {
	const struct fam *f;
	const struct sum_opts *o;
	const struct ptrie *forbid;
	struct snode *nd;
	size_t nn;
	int32_t root;
	size_t K;
	u128 *pool;
	size_t npool, cpool;
};

static int32_t
node_new(struct dp *d, const struct prefix *p)
{
	struct snode *x = &d->nd[d->nn];

	memset(x, 0, sizeof(*x));
	x->p = *p;
	x->c[0] = x->c[1] = -1;
	return (int32_t)d->nn++;
}

/* Build the path-compressed trie of the distinct sorted inputs. */
static void
build_trie(struct dp *d)
{
	const struct sent *e = d->f->ent;
	size_t n = d->f->nent, i = 0, sp = 0;
	int32_t *stack = xmalloc(131 * sizeof(*stack));

	MP_ASSERT(d->f->ndist < ((size_t)1 << 30));
	d->nd = xmalloc((2 * d->f->ndist + 1) * sizeof(*d->nd));
	d->nn = 0;
	d->root = -1;
	while (i < n) {
		size_t j = i + 1;
		int32_t x, last = -1, g;
		struct snode *xn;

		while (j < n && prefix_eq(&e[j].p, &e[i].p))
			j++;
		x = node_new(d, &e[i].p);
		xn = &d->nd[x];
		xn->input = true;
		xn->first = i;
		xn->nself = j - i;
		for (; i < j; i++)
			xn->must |= e[i].must;
		while (
		    sp > 0 && !prefix_contains(&d->nd[stack[sp - 1]].p, &xn->p))
			last = stack[--sp];
		if (last < 0) {
			if (sp > 0) {
				struct snode *t = &d->nd[stack[sp - 1]];
				int b = (int)prefix_bit(&xn->p, t->p.len);

				MP_ASSERT(t->c[b] < 0);
				t->c[b] = x;
			} else {
				MP_ASSERT(d->root < 0);
				d->root = x;
			}
		} else {
			unsigned cl = common_len(&d->nd[last].p, &xn->p);

			if (sp > 0 && cl == d->nd[stack[sp - 1]].p.len) {
				struct snode *t = &d->nd[stack[sp - 1]];
				int b = (int)prefix_bit(&xn->p, cl);

				MP_ASSERT(t->c[b] < 0);
				t->c[b] = x;
			} else {
				struct prefix gp = prefix_truncate(&xn->p, cl);

				g = node_new(d, &gp);
				d->nd[g]
				    .c[prefix_bit(&d->nd[last].p, cl)] = last;
				d->nd[g].c[prefix_bit(&d->nd[x].p, cl)] = x;
				if (sp > 0) {
					struct snode *t = &d->nd[stack[sp - 1]];

					t->c[prefix_bit(&gp, t->p.len)] = g;
				} else
					d->root = g;
				stack[sp++] = g;
			}
		}
		MP_ASSERT(sp < 130);
		stack[sp++] = x;
	}
	free(stack);
}

/*
 * Ranges, distinct counts, waste and whether a summary may sit here.
 * inside: an input contains x (its addresses are all input addresses).
 * Returns the input addresses inside x (mod 2^128).
 */
static u128
prepare(struct dp *d, int32_t xi, bool inside)
{
	struct snode *x = &d->nd[xi];
	u128 covered = 0;
	int k;

	x->m = x->input;
	x->end = x->first + x->nself;
	for (k = 0; k < 2; k++) {
		struct snode *c;

		if (x->c[k] < 0)
			continue;
		covered += prepare(d, x->c[k], inside || x->input);
		c = &d->nd[x->c[k]];
		x->m += c->m;
		if (!x->input && (k == 0 || x->c[0] < 0))
			x->first = c->first;
		x->end = c->end;
	}
	MP_ASSERT(x->input || (x->c[0] >= 0 && x->c[1] >= 0));
	if (inside || x->input) {
		covered = psize(&x->p);
		x->waste = 0;
	} else
		x->waste = psize(&x->p) - covered;
	if (d->o->mode == SUM_EXACT)
		x->allowed = x->waste == 0;
	else
		x->allowed = x->p.len >= d->o->min_len[d->f->fi];
	if (x->allowed && d->forbid != NULL &&
	    ptrie_has_within(d->forbid, &x->p))
		x->allowed = false;
	return covered;
}

/* Fewest (count, waste), lexicographic; ties keep no summary. */
static void
scalar_dp(struct dp *d, int32_t xi)
{
	struct snode *x = &d->nd[xi];
	bool feas = !x->must;
	size_t cnt = x->input;
	u128 w = 0;
	int k;

	for (k = 0; k < 2; k++) {
		struct snode *c;

		if (x->c[k] < 0)
			continue;
		scalar_dp(d, x->c[k]);
		c = &d->nd[x->c[k]];
		if (!c->feas)
			feas = false;
		cnt += c->cnt;
		w += c->w;
	}
	if (x->allowed && (!feas || cnt > 1 || (cnt == 1 && w > x->waste))) {
		x->sum = true;
		x->feas = true;
		x->cnt = 1;
		x->w = x->waste;
	} else {
		x->sum = false;
		x->feas = feas;
		x->cnt = cnt;
		x->w = w;
	}
}

static void
scalar_emit(struct dp *d, int32_t xi, struct famres *r)
{
	struct snode *x = &d->nd[xi];

	if (x->sum) {
		push_item(r, &x->p, true, x->first, x->end - x->first,
		    x->waste);
		return;
	}
	if (x->input)
		push_item(r, &x->p, false, x->first, x->nself, 0);
	if (x->c[0] >= 0)
		scalar_emit(d, x->c[0], r);
	if (x->c[1] >= 0)
		scalar_emit(d, x->c[1], r);
}

/* The first must-cover input with no allowed node at or above it. */
static bool
find_blocked(struct dp *d, int32_t xi, bool covered, size_t *entry)
{
	struct snode *x = &d->nd[xi];

	covered = covered || x->allowed;
	if (x->must && !covered) {
		*entry = x->first;
		return true;
	}
	return (x->c[0] >= 0 && find_blocked(d, x->c[0], covered, entry)) ||
	    (x->c[1] >= 0 && find_blocked(d, x->c[1], covered, entry));
}

/*
 * Budget curves use "at most c" semantics, so they never increase with c.
 * A curve is stored over [clo, clo + clen): below clo it is infinite (no
 * answer has so few prefixes), from the last entry on it stays flat.
 * Trimming the flat tail keeps the curves as short as the range where
 * waste still trades against count, which is what bounds the work.
 */
static u128
curve_at(const struct dp *d, const struct snode *x, size_t c)
{
	if (x->clen == 0 || c < x->clo)
		return U128_INF;
	if (c - x->clo >= x->clen)
		c = x->clo + x->clen - 1;
	return d->pool[x->coff + c - x->clo];
}

static size_t
pool_take(struct dp *d, size_t n)
{
	size_t off = d->npool;

	if (d->npool + n > d->cpool) {
		while (d->npool + n > d->cpool)
			d->cpool = d->cpool ? d->cpool * 2 : 4096;
		d->pool = xrealloc(d->pool, d->cpool * sizeof(*d->pool));
	}
	d->npool += n;
	return off;
}

/*
 * Least waste for "no summary at x" with at most c prefixes below x; the
 * split between two children goes to *split (the left child's count).
 */
static u128
nosum_at(const struct dp *d, const struct snode *x, size_t c, size_t *split)
{
	size_t b = x->input, a, rr;
	const struct snode *l, *r;
	u128 best = U128_INF;

	if (x->must || c < b)
		return U128_INF;
	c -= b;
	if (x->c[0] < 0 && x->c[1] < 0)
		return 0;
	if (x->c[0] < 0 || x->c[1] < 0)
		return curve_at(d, &d->nd[x->c[0] >= 0 ? x->c[0] : x->c[1]], c);
	l = &d->nd[x->c[0]];
	r = &d->nd[x->c[1]];
	if (l->clen == 0 || r->clen == 0)
		return U128_INF;
	for (a = l->clo; a < l->clo + l->clen && a + r->clo <= c; a++) {
		u128 va = d->pool[l->coff + a - l->clo], v;

		/* The right child's curve never increases: take its most. */
		rr = c - a;
		v = curve_at(d, r, rr);
		if (v == U128_INF)
			continue;
		v += va;
		if (v < best) {
			best = v;
			*split = a;
		}
	}
	return best;
}

static void
curve_dp(struct dp *d, int32_t xi)
{
	struct snode *x = &d->nd[xi];
	size_t b = x->input, lo, hi, c, a, rr, off;
	u128 *g;
	int k;

	for (k = 0; k < 2; k++)
		if (x->c[k] >= 0)
			curve_dp(d, x->c[k]);
	x = &d->nd[xi];
	x->clen = 0;
	x->clo = 0;
	/* The range of the "no summary" curve. */
	lo = b;
	hi = b;
	for (k = 0; k < 2; k++) {
		const struct snode *ch = &d->nd[x->c[k] >= 0 ? x->c[k] : 0];

		if (x->c[k] < 0)
			continue;
		if (ch->clen == 0)
			lo = (size_t)-1;
		if (lo != (size_t)-1)
			lo += ch->clo;
		hi += ch->clo + ch->clen - 1;
	}
	if (x->must || lo == (size_t)-1 || lo > d->K)
		lo = (size_t)-1;
	if (hi > d->K)
		hi = d->K;
	if (x->allowed && d->K >= 1 && (lo == (size_t)-1 || lo > 1)) {
		/* A summary here makes one prefix possible. */
		if (lo == (size_t)-1)
			hi = 1;
		lo = 1;
	}
	if (lo == (size_t)-1 || lo > hi)
		return;
	off = pool_take(d, hi - lo + 1);
	g = d->pool + off;
	for (c = lo; c <= hi; c++)
		g[c - lo] = U128_INF;
	if (!x->must) {
		if (x->c[0] >= 0 && x->c[1] >= 0) {
			const struct snode *l = &d->nd[x->c[0]],
					   *r = &d->nd[x->c[1]];

			for (a = 0; a < l->clen; a++) {
				u128 va = d->pool[l->coff + a];

				for (rr = 0; rr < r->clen; rr++) {
					size_t t = l->clo + a + r->clo + rr + b;
					u128 v;

					if (t > hi)
						break;
					v = va + d->pool[r->coff + rr];
					if (v < g[t - lo])
						g[t - lo] = v;
				}
			}
		} else if (x->c[0] >= 0 || x->c[1] >= 0) {
			const struct snode
			    *l = &d->nd[x->c[0] >= 0 ? x->c[0] : x->c[1]];

			for (c = lo; c <= hi; c++)
				g[c - lo] = curve_at(d, l, c - b);
		} else if (b >= lo && b <= hi)
			g[b - lo] = 0;
	}
	/* At most c: carry the best of fewer prefixes forward. */
	for (c = lo + 1; c <= hi; c++)
		if (g[c - 1 - lo] < g[c - lo])
			g[c - lo] = g[c - 1 - lo];
	if (x->allowed)
		for (c = lo; c <= hi; c++)
			if (x->waste < g[c - lo])
				g[c - lo] = x->waste;
	/* Trim the flat tail. */
	while (hi > lo && g[hi - lo] == g[hi - 1 - lo])
		hi--;
	d->npool = off + (hi - lo + 1);
	x->coff = off;
	x->clo = lo;
	x->clen = hi - lo + 1;
}

static void
curve_emit(struct dp *d, int32_t xi, size_t c, struct famres *r)
{
	struct snode *x = &d->nd[xi];
	u128 f = curve_at(d, x, c), v;
	size_t split = 0, b = x->input;

	MP_ASSERT(f != U128_INF);
	v = nosum_at(d, x, c, &split);
	if (c >= 1 && x->allowed && x->waste < v) {
		MP_ASSERT(x->waste == f);
		push_item(r, &x->p, true, x->first, x->end - x->first,
		    x->waste);
		return;
	}
	MP_ASSERT(v == f);
	if (x->input)
		push_item(r, &x->p, false, x->first, x->nself, 0);
	if (x->c[0] >= 0 && x->c[1] >= 0) {
		curve_emit(d, x->c[0], split, r);
		curve_emit(d, x->c[1], c - b - split, r);
	} else if (x->c[0] >= 0 || x->c[1] >= 0)
		curve_emit(d, x->c[0] >= 0 ? x->c[0] : x->c[1], c - b, r);
}

static void
trie_summarize(const struct fam *f, const struct sum_opts *o,
    const struct ptrie *forbid, struct famres *r)
{
	struct dp d;

	memset(&d, 0, sizeof(d));
	d.f = f;
	d.o = o;
	d.forbid = forbid;
	build_trie(&d);
	prepare(&d, d.root, false);
	scalar_dp(&d, d.root);
	r->feasible = d.nd[d.root].feas;
	if (!r->feasible) {
		bool found = find_blocked(&d, d.root, false, &r->blocked);

		MP_ASSERT(found);
		free(d.nd);
		return;
	}
	/* Scratch: at most one item per distinct input; only used pages
	 * are touched. summarize() copies the answer into the arena. */
	r->items = big_alloc(f->ndist * sizeof(*r->items));
	r->reached = true;
	if (o->mode == SUM_BUDGET) {
		const struct snode *rt;
		size_t c, best = 0;
		u128 bw = U128_INF;

		d.K = o->budget[f->fi];
		curve_dp(&d, d.root);
		/* Least waste, then the fewest prefixes with it. */
		rt = &d.nd[d.root];
		for (c = 0; c < rt->clen; c++)
			if (d.pool[rt->coff + c] < bw) {
				bw = d.pool[rt->coff + c];
				best = rt->clo + c;
			}
		if (bw != U128_INF)
			curve_emit(&d, d.root, best, r);
		else
			r->reached = false;
		free(d.pool);
	}
	if (r->nitems == 0)
		scalar_emit(&d, d.root, r);
	if (o->mode == SUM_BUDGET && r->nitems > o->budget[f->fi])
		r->reached = false;
	free(d.nd);
}

/* Every distinct input advertised on its own (the "no summaries" answer). */
static void
all_uncovered(struct arena *a, const struct fam *f, struct sum_family *out,
    size_t base)
{
	size_t i = 0, j;

	out->items = arena_calloc(a, f->ndist ? f->ndist : 1,
	    sizeof(*out->items));
	out->nitems = 0;
	while (i < f->nent) {
		struct sum_item *it = &out->items[out->nitems++];

		for (j = i + 1;
		     j < f->nent && prefix_eq(&f->ent[j].p, &f->ent[i].p); j++)
			;
		it->p = f->ent[i].p;
		it->first = base + i;
		it->n = j - i;
		i = j;
	}
	out->nsummaries = 0;
	out->waste = to_count(0);
}

/* Lexicographic comparison of two small tuples. */
static int
tuple_cmp(const u128 *x, const u128 *y, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

struct sum_result *
summarize(struct arena *a, const struct sum_input *in, size_t n,
    const struct prefix *forbid, size_t nforbid, const struct sum_opts *o)
{
	struct sum_result *res = arena_alloc(a, sizeof(*res));
	struct ptrie *ft = NULL;
	struct arena *scratch = arena_new();
	struct sent *ent;
	struct fam f[2];
	struct famres r[2];
	size_t n4, i, nf[2] = { 0, 0 };
	u128 ka[4], kb[4];
	bool feasible = true;
	int fi, nk;

	MP_ASSERT(o->min_len[0] <= 32 && o->min_len[1] <= 128);
	res->mode = o->mode;
	res->in = in;
	res->order = arena_alloc(a, (n ? n : 1) * sizeof(*res->order));
	res->ninputs = n;
	ent = big_alloc(n * sizeof(*ent));
	n4 = sort_inputs(in, n, res->order, ent);
	if (nforbid > 0) {
		ft = ptrie_new(scratch);
		for (i = 0; i < nforbid; i++) {
			ptrie_insert(ft, &forbid[i], NULL, NULL);
			nf[forbid[i].fam == FAM_V6]++;
		}
	}
	memset(r, 0, sizeof(r));
	memset(ka, 0, sizeof(ka));
	memset(kb, 0, sizeof(kb));
	for (fi = 0; fi < 2; fi++) {
		size_t base = fi == 0 ? 0 : n4;

		f[fi].fi = fi;
		f[fi].ent = ent + base;
		f[fi].nent = fi == 0 ? n4 : n - n4;
		f[fi].ndist = 0;
		for (i = 0; i < f[fi].nent; i++)
			if (i == 0 ||
			    !prefix_eq(&f[fi].ent[i].p, &f[fi].ent[i - 1].p))
				f[fi].ndist++;
		res->fam[fi].before = f[fi].ndist;
		r[fi].feasible = true;
		r[fi].reached = true;
		if (f[fi].nent == 0)
			continue;
		if (o->mode == SUM_EXACT && nf[fi] == 0 && !o->trie_only) {
			r[fi].items = big_alloc(
			    f[fi].ndist * sizeof(*r[fi].items));
			exact_linear(&f[fi], &r[fi]);
		} else
			trie_summarize(&f[fi], o, nf[fi] > 0 ? ft : NULL,
			    &r[fi]);
		if (!r[fi].feasible && feasible) {
			feasible = false;
			res->must_cover_blocked = true;
			res->blocked_input = base + r[fi].blocked;
		}
		/* Item ranges so far are family-relative. */
		for (i = 0; i < r[fi].nitems; i++)
			r[fi].items[i].first += base;
	}
	/* Option A (no summaries) against option B (summaries). */
	for (fi = 0; fi < 2; fi++) {
		size_t K = o->budget[fi], da = f[fi].ndist, db = r[fi].nitems;

		if (o->mode == SUM_BUDGET) {
			ka[0] += da > K ? da - K : 0;
			kb[0] += db > K ? db - K : 0;
			ka[2] += da;
			kb[1] += r[fi].waste;
			kb[2] += db;
			kb[3] += r[fi].nsum;
		} else {
			ka[0] += da;
			kb[0] += db;
			kb[1] += r[fi].waste;
			kb[2] += r[fi].nsum;
		}
	}
	nk = o->mode == SUM_BUDGET ? 4 : 3;
	for (fi = 0; fi < 2; fi++) {
		struct sum_family *out = &res->fam[fi];
		size_t base = fi == 0 ? 0 : n4;

		if (!feasible || tuple_cmp(ka, kb, nk) <= 0) {
			all_uncovered(a, &f[fi], out, base);
		} else {
			out->items = arena_alloc(a,
			    (r[fi].nitems ? r[fi].nitems : 1) *
				sizeof(*out->items));
			if (r[fi].nitems > 0)
				memcpy(out->items, r[fi].items,
				    r[fi].nitems * sizeof(*out->items));
			out->nitems = r[fi].nitems;
			out->nsummaries = r[fi].nsum;
			out->waste = to_count(r[fi].waste);
		}
		out->after = out->nitems;
		out->budget_reached = o->mode != SUM_BUDGET ||
		    out->after <= o->budget[fi];
	}
	res->budget_reached = res->fam[0].budget_reached &&
	    res->fam[1].budget_reached;
	free(r[0].items);
	free(r[1].items);
	free(ent);
	arena_free(scratch);
	return res;
}
