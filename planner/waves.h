/*
 * waves.h - migration waves (DESIGN.md section 6): which mesh members join
 * in which wave, and each wave's ordered steps, maintenance note,
 * validation checklist and rollback, all derived from the plan IR.
 */
#ifndef MESHPLAN_WAVES_H
#define MESHPLAN_WAVES_H

#include <stdbool.h>
#include <stddef.h>

#include "estate.h"
#include "plan.h"
#include "policy.h"

/* One mesh member as the wave choice sees it. */
struct wave_cand {
	const char *id, *name;
	const struct tag *tags;
	size_t ntags;
	size_t hairpins;	  /* hairpinning pairs, out + in */
	size_t pes;		  /* private endpoints */
	unsigned long long bytes; /* flow-log bytes (when known) */
};

/*
 * The waves waves_assign made, 1..n: name[k] and note[k] for wave k + 1.
 * n is 3 (pilot, light-production, rest) unless waves.max_size or
 * waves.max_private_endpoints split the rest into rest-1, rest-2, ...
 * note: why the wave got its members (NULL when nothing to say). The
 * arrays hold cap entries (in the arena).
 */
struct wave_notes {
	const char **name, **note;
	int n, cap;
};

/* The waves' names by default: "pilot", "light-production", "rest". */
extern const char *const wave_names[3];

/*
 * Assign each candidate to wave 1 (pilot: the policy's pilot selector, at
 * most pilot_size, lightest first; when nothing matches, the lightest
 * tenth), 2 (light production: the lightest of the rest, waves.light.size
 * or a quarter of the rest, by bytes when have_traffic else by hairpins)
 * or 3 (the rest). Ties break on id. With waves.max_size (VNets) or
 * waves.max_private_endpoints, no wave goes over them: the pilot and
 * light-production waves stop there, and the rest is cut, lightest first,
 * into waves 3, 4, ... named rest-1, rest-2, ... (a VNet over the private
 * endpoint limit alone is a wave of its own). wave_out[i] gets 1..n.
 */
void waves_assign(const struct wave_cand *c, size_t n, const struct policy *pol,
    bool have_traffic, int *wave_out, struct wave_notes *notes,
    struct arena *a);

/*
 * Fill p->waves and p->prereq from p->vnets (their wave and mesh),
 * p->meshes, p->manager, p->features and p->deny. Empty waves are
 * dropped and the rest renumbered 1..N (the vnets' wave numbers are
 * updated to match).
 */
void waves_build(struct plan *p, const struct wave_notes *notes);

#endif
