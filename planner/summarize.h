/*
 * summarize.h - choose summarizedGatewayPrefixes for a hub (DESIGN.md
 * section 5): a set S of disjoint summaries that replaces the prefixes a
 * gateway advertises. Each input not inside a summary is still advertised
 * on its own; the advertised count of a family is |S| + uncovered inputs,
 * each distinct prefix once.
 *
 * Modes:
 *   SUM_EXACT    lossless: the advertised set covers exactly the input
 *                addresses (no waste), fewest prefixes; without forbidden
 *                prefixes the output equals Python's collapse_addresses.
 *                Minimum lengths do not apply.
 *   SUM_DEFAULT  fewest advertised prefixes, then least waste (addresses
 *                inside summaries that belong to no input).
 *   SUM_BUDGET   at most budget[fam] advertised prefixes with the least
 *                waste (then fewest prefixes); when no allowed cover fits,
 *                the fewest-prefix answer with budget_reached false.
 * A summary never contains or equals a forbidden prefix (a forbidden
 * supernet of it is fine), is never shorter than min_len (default and
 * budget modes), and always covers at least one input.
 *
 * Must-cover inputs (the hub's own space): once any summary is set the
 * gateway stops advertising them, so either S is empty or every
 * must-cover input lies inside a summary. This is applied across both
 * families (conservative: Azure replaces the hub's whole space). When no
 * allowed summary can cover some must-cover input, the answer is "no
 * summaries" and must_cover_blocked names that input.
 */
#ifndef MESHPLAN_SUMMARIZE_H
#define MESHPLAN_SUMMARIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cidr.h"

struct arena;

struct sum_input {
	struct prefix p;
	const void *owner; /* opaque to the summarizer, copied */
	bool must_cover;   /* the hub's own space */
};

enum sum_mode { SUM_EXACT, SUM_DEFAULT, SUM_BUDGET };

struct sum_opts {
	enum sum_mode mode;
	unsigned min_len[2]; /* [0] IPv4, [1] IPv6: shortest summary */
	size_t budget[2];    /* SUM_BUDGET: most advertised per family */
	bool trie_only;	     /* tests: no linear fast path in SUM_EXACT */
};

/* Default mode, minimum /16 (IPv4) and /48 (IPv6), no budget. */
void sum_opts_init(struct sum_opts *o);

/* An exact address count (up to 2^128 - 1). */
struct sum_count {
	uint64_t hi, lo;
};

#define SUM_COUNT_STRLEN 40

/* Decimal text of c; returns buf. */
char *sum_count_format(const struct sum_count *c, char buf[SUM_COUNT_STRLEN]);

/* One advertised prefix: a summary, or an input advertised on its own. */
struct sum_item {
	struct prefix p;
	bool summary;
	/*
	 * The inputs this item stands for: positions first .. first + n - 1
	 * (sum_input_at).
	 * For a summary, every input inside it; for an uncovered input, the
	 * entries equal to p (duplicates with other owners).
	 */
	size_t first, n;
	struct sum_count waste; /* summaries: addresses of no input */
};

struct sum_family {
	size_t before; /* distinct input prefixes */
	size_t after;  /* nitems: summaries + uncovered inputs */
	size_t nsummaries;
	struct sum_item *items; /* sorted by prefix_cmp */
	size_t nitems;
	struct sum_count waste; /* total over the summaries */
	bool budget_reached;	/* SUM_BUDGET: after <= budget */
};

struct sum_result {
	enum sum_mode mode;
	/*
	 * The inputs in prefix order, then input order: position k is the
	 * caller's in[order[k]] (sum_input_at). Items index positions. The
	 * caller's input array must outlive the result.
	 */
	const struct sum_input *in;
	size_t *order;
	size_t ninputs;
	struct sum_family fam[2]; /* [0] IPv4, [1] IPv6 */
	bool budget_reached;	  /* both families */
	bool must_cover_blocked;
	size_t blocked_input; /* position when blocked */
};

static inline const struct sum_input *
sum_input_at(const struct sum_result *r, size_t k)
{
	return &r->in[r->order[k]];
}

/*
 * Summarize n inputs (any mix of families, duplicates allowed) avoiding
 * the nforbid forbidden prefixes. Everything returned lives in a and
 * points into in[], which must outlive the result; forbid is not kept.
 */
struct sum_result *summarize(struct arena *a, const struct sum_input *in,
    size_t n, const struct prefix *forbid, size_t nforbid,
    const struct sum_opts *o);

#endif
