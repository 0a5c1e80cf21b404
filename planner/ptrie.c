/*
 * ptrie.c - a path-compressed binary prefix trie, one root per family.
 *
 * Every node holds a prefix; a node either stores a value ("has") or is a
 * glue node made where two stored prefixes diverge. Invariants:
 *   - a child's prefix is strictly inside its parent's, on the side given
 *     by the child's bit at the parent's length;
 *   - a glue node (no value) always has two children, so every subtree
 *     holds at least one stored prefix (has_within relies on this);
 *   - nodes are never removed; they live in the arena given to ptrie_new.
 * A pre-order walk (node, side 0, side 1) visits prefixes in prefix_cmp
 * order. Depth is at most 33 (IPv4) or 129 (IPv6) nodes, so the recursive
 * walk is bounded. Cost: insert, get, lpm, has_within and overlaps are
 * O(depth); a walk is O(visited nodes). At most 2n - 1 nodes for n
 * stored prefixes.
 *
 * The finger: a trie of FINGER_MIN prefixes or more keeps the path of its
 * last get or lpm (the nodes that contained the query) and starts the next
 * one from the deepest of them that contains the new query, instead of
 * from the root. Routing asks a large trie (a hub's gateway routes, a
 * mesh) for every spoke's address in address order, so that consecutive
 * queries share most of their path: the walk then touches a node or two
 * below the common part instead of the whole depth, which at 20,000
 * spokes is some 14 nodes, each a cache miss. Lookups therefore write to
 * the finger: a trie is read by one thread at a time (the planner has
 * one). An insert forgets the finger (nodes may come between its nodes).
 */
#include "ptrie.h"

#include <string.h>

#include "../lib/arena.h"
#include "../lib/util.h"

struct pnode {
	struct prefix p;
	void *v;
	bool has;
	struct pnode *c[2];
};

/* The finger pays off on large tries only; below this it is not kept. */
#define FINGER_MIN 64
/* Nodes on a path: one per length 0..128 at most. */
#define FINGER_MAX 129

struct finger {
	struct prefix q; /* the last query */
	unsigned depth;	 /* nodes on its path; 0: none */
	const struct pnode *node[FINGER_MAX];
	/* The deepest node with a value in node[0..i], or NULL. */
	const struct pnode *best[FINGER_MAX];
};

struct ptrie {
	struct arena *a;
	struct pnode *root[2]; /* [0] IPv4, [1] IPv6 */
	size_t n;
	struct finger *f; /* NULL below FINGER_MIN prefixes */
};

static int
fam_index(const struct prefix *p)
{
	MP_ASSERT(p->fam == FAM_V4 || p->fam == FAM_V6);
	return p->fam == FAM_V6;
}

/*
 * prefix_contains(n, p) for a node's prefix n (canonical: host bits
 * zero): the lookups' inner loop, so inline and without the copy that
 * prefix_truncate makes.
 */
static inline bool
node_contains(const struct prefix *n, const struct prefix *p)
{
	uint64_t m;

	if (n->fam != p->fam || n->len > p->len)
		return false;
	if (n->len <= 64) {
		m = n->len == 0 ? 0 : ~0ULL << (64 - n->len);
		return ((n->hi ^ p->hi) & m) == 0 && n->lo == 0;
	}
	m = ~0ULL << (128 - n->len);
	return n->hi == p->hi && ((n->lo ^ p->lo) & m) == 0;
}

/* Length of the common leading bits of a and b, at most min(a, b) len. */
static unsigned
common_len(const struct prefix *a, const struct prefix *b)
{
	uint64_t x = a->hi ^ b->hi;
	unsigned n, m = a->len < b->len ? a->len : b->len;

	if (x != 0)
		n = (unsigned)__builtin_clzll(x);
	else if ((x = a->lo ^ b->lo) != 0)
		n = 64 + (unsigned)__builtin_clzll(x);
	else
		n = 128;
	return n < m ? n : m;
}

static struct pnode *
node_new(struct ptrie *t, const struct prefix *p)
{
	struct pnode *n = arena_alloc(t->a, sizeof(*n));

	n->p = *p;
	return n;
}

struct ptrie *
ptrie_new(struct arena *a)
{
	struct ptrie *t = arena_alloc(a, sizeof(*t));

	t->a = a;
	return t;
}

bool
ptrie_insert(struct ptrie *t, const struct prefix *p, void *v, void **old)
{
	struct pnode **slot = &t->root[fam_index(p)], *n, *m, *g;
	struct prefix gp;
	unsigned cl;

	MP_ASSERT(p->len <= prefix_maxlen(p));
	if (old != NULL)
		*old = NULL;
	if (t->f != NULL)
		t->f->depth = 0;
	else if (t->n + 1 >= FINGER_MIN)
		t->f = arena_calloc(t->a, 1, sizeof(*t->f));
	for (;;) {
		n = *slot;
		if (n == NULL) {
			m = node_new(t, p);
			m->v = v;
			m->has = true;
			*slot = m;
			t->n++;
			return true;
		}
		cl = common_len(&n->p, p);
		if (cl == n->p.len) {
			if (n->p.len == p->len) {
				if (n->has) {
					if (old != NULL)
						*old = n->v;
					n->v = v;
					return false;
				}
				n->v = v;
				n->has = true;
				t->n++;
				return true;
			}
			slot = &n->c[prefix_bit(p, n->p.len)];
			continue;
		}
		m = node_new(t, p);
		m->v = v;
		m->has = true;
		t->n++;
		if (cl == p->len) {
			/* p contains n: p takes n's place, n hangs below. */
			m->c[prefix_bit(&n->p, p->len)] = n;
			*slot = m;
			return true;
		}
		/* They diverge at bit cl: a glue node holds both. */
		gp = prefix_truncate(p, cl);
		g = node_new(t, &gp);
		g->c[prefix_bit(p, cl)] = m;
		g->c[prefix_bit(&n->p, cl)] = n;
		*slot = g;
		return true;
	}
}

/*
 * Walk down to p: the deepest node containing p (stored or glue) through
 * *last, and the deepest stored one as the result; both NULL when none.
 * With a finger, start from the deepest node of the last path that
 * contains p (nodes on that path contain the last query q, so they
 * contain p when they are no longer than the bits p and q share), and
 * record the new path.
 */
static const struct pnode *
descend(const struct ptrie *t, const struct prefix *p,
    const struct pnode **last)
{
	const struct pnode *n = t->root[fam_index(p)], *best = NULL;
	struct finger *f = t->f;
	unsigned d = 0, cl;

	*last = NULL;
	if (f != NULL && f->depth > 0 && f->q.fam == p->fam) {
		cl = common_len(&f->q, p);
		d = f->depth;
		while (d > 0 && f->node[d - 1]->p.len > cl)
			d--;
		if (d > 0) {
			/* Resume at node[d - 1]: the loop visits it again. */
			n = f->node[--d];
			best = d > 0 ? f->best[d - 1] : NULL;
		}
	}
	while (n != NULL && node_contains(&n->p, p)) {
		if (n->has)
			best = n;
		*last = n;
		if (f != NULL) {
			f->node[d] = n;
			f->best[d++] = best;
		}
		if (n->p.len == p->len)
			break;
		n = n->c[prefix_bit(p, n->p.len)];
	}
	if (f != NULL) {
		f->q = *p;
		f->depth = d;
	}
	return best;
}

/* The deepest stored node containing p, or NULL (values may be NULL). */
static const struct pnode *
lpm_node(const struct ptrie *t, const struct prefix *p)
{
	const struct pnode *last;

	return descend(t, p, &last);
}

void *
ptrie_lpm(const struct ptrie *t, const struct prefix *p, struct prefix *match)
{
	const struct pnode *best = lpm_node(t, p);

	if (best == NULL)
		return NULL;
	if (match != NULL)
		*match = best->p;
	return best->v;
}

void *
ptrie_get(const struct ptrie *t, const struct prefix *p)
{
	const struct pnode *last;

	descend(t, p, &last);
	/* The deepest node containing p is p itself when p is there. */
	return last != NULL && last->p.len == p->len && last->has ? last->v :
								    NULL;
}

/* The highest node inside p (or equal to it), or NULL. */
static const struct pnode *
subtree(const struct ptrie *t, const struct prefix *p)
{
	const struct pnode *n = t->root[fam_index(p)];

	while (n != NULL) {
		if (prefix_contains(p, &n->p))
			return n;
		if (!prefix_contains(&n->p, p))
			return NULL;
		n = n->c[prefix_bit(p, n->p.len)];
	}
	return NULL;
}

bool
ptrie_has_within(const struct ptrie *t, const struct prefix *p)
{
	/* Every subtree holds a stored prefix (glue nodes have two kids). */
	return subtree(t, p) != NULL;
}

bool
ptrie_overlaps(const struct ptrie *t, const struct prefix *p)
{
	return lpm_node(t, p) != NULL || ptrie_has_within(t, p);
}

static int
walk_node(const struct pnode *n,
    int (*fn)(const struct prefix *p, void *v, void *ctx), void *ctx)
{
	int rc;

	if (n == NULL)
		return 0;
	if (n->has && (rc = fn(&n->p, n->v, ctx)) != 0)
		return rc;
	if ((rc = walk_node(n->c[0], fn, ctx)) != 0)
		return rc;
	return walk_node(n->c[1], fn, ctx);
}

int
ptrie_walk(const struct ptrie *t, const struct prefix *p,
    int (*fn)(const struct prefix *p, void *v, void *ctx), void *ctx)
{
	int rc;

	if (p != NULL)
		return walk_node(subtree(t, p), fn, ctx);
	if ((rc = walk_node(t->root[0], fn, ctx)) != 0)
		return rc;
	return walk_node(t->root[1], fn, ctx);
}

size_t
ptrie_count(const struct ptrie *t)
{
	return t->n;
}
