/*
 * plan_int.h - the state plan_build (plan.c) threads through the
 * planner's stages, and the stages themselves, for the planner's files
 * only: mesh.c (scope and mesh groups), plan_resume.c (resuming live
 * configurations), plan_manager.c (network manager, features, plan
 * VNets, segments and waves), plan_effect.c (the effect per wave,
 * segmentation and deny rules). Not an interface: mesh.h is.
 */
#ifndef MESHPLAN_PLAN_INT_H
#define MESHPLAN_PLAN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/strmap.h"
#include "mesh.h"
#include "waves.h"

struct bld {
	const struct estate *e;
	const struct policy *pol;
	const struct plan_inputs *in;
	struct plan *p;
	struct arena *a;	 /* the plan's arena */
	struct strmap *once;	 /* dup_once's copies (the map in
				  * plan_build's scratch arena) */
	const struct labels *lb; /* names for the overlap messages:
				  * made when first needed, in tmp */
	struct arena *tmp;	 /* plan_groups' scratch (else NULL) */
	struct vnet **sp;	 /* seen spokes, by key */
	size_t n;
	struct arena *va; /* verdicts */
	struct pair_table before;
	size_t *hp_out, *hp_in; /* hairpinning pairs per spoke */
	bool *cand;		/* in scope and not blocked */
	int *mesh_of;		/* plan mesh index; -1 none */
	int *wave_of;		/* 0 none */
	const char **seg_of;	/* policy segment name or NULL */
	int *seg_idx;		/* its index; segments.n: none */
	unsigned long long *bytes;
	bool have_traffic;
	/* Resume (docs/lifecycle.md): the live configuration each spoke is
	 * a member of (NULL: none), and whether a live one is global (-1:
	 * no live configuration). */
	const struct connectivity_config **live_cfg;
	int live_global;
	struct strmap *idx; /* spoke id -> index + 1 */
};

static inline const char *
dup(struct bld *b, const char *s)
{
	return arena_strdup(b->a, s);
}

/*
 * s copied once per spelling into the plan: for the strings that recur
 * (a spoke's id is in estate_vnets, in its mesh and in its plan VNet;
 * subscriptions, resource groups, locations, tags).
 */
static inline const char *
dup_once(struct bld *b, const char *s)
{
	const char *k;
	char *c;

	if (s == NULL || b->once == NULL)
		return dup(b, s);
	/* The map ignores case; a spelling of its own gets its own copy. */
	k = strmap_get(b->once, s);
	if (k != NULL && strcmp(k, s) == 0)
		return k;
	c = arena_strdup(b->a, s);
	if (k == NULL)
		strmap_put_kept(b->once, c, c);
	return c;
}

static inline struct plan_blocker
blocker(struct bld *b, const char *resource, const char *kind,
    const char *reason)
{
	struct plan_blocker bk;

	bk.resource = dup(b, resource);
	bk.kind = kind;
	bk.reason = reason;
	return bk;
}

static inline void
add_blocker(struct bld *b, const char *resource, const char *kind,
    const char *reason)
{
	ARR_PUSH(b->a, b->p->blockers, blocker(b, resource, kind, reason));
}

static inline void
note(struct bld *b, const char *text)
{
	ARR_PUSH(b->a, b->p->notes, text);
}

/* A live object that the plan contradicts (never undone). */
static inline void
add_conflict(struct bld *b, const char *resource, const char *kind,
    const char *reason)
{
	ARR_PUSH(b->a, b->p->conflicts, blocker(b, resource, kind, reason));
}

/* Blockers and conflicts: by resource, then kind (qsort). */
int blocker_cmp(const void *x, const void *y);

/* ---- mesh.c: hairpins per spoke, scope, mesh groups ---- */

/* Hairpinning pairs per spoke (hp_out, hp_in) and the effect's "before"
 * counts, from the verdicts before any mesh. */
void plan_count_hairpins(struct bld *b);
/* The candidates (cand) and the blockers that leave spokes out. */
void plan_scope(struct bld *b);
/* The mesh groups of the candidates (p->meshes, mesh_of). */
void plan_groups(struct bld *b);
/* Meshes by name (qsort). */
int mesh_cmp(const void *x, const void *y);
/* Strings compared case-insensitively (qsort). */
int mesh_str_case_cmp(const void *x, const void *y);
/* Sort and de-duplicate (case-insensitively) a string array. */
void mesh_sort_unique(void *arr);

/* ---- plan_resume.c: live configurations (docs/lifecycle.md) ---- */

/* Was v a mesh member of the previous plan? */
bool resume_in_previous(const struct bld *b, const struct vnet *v);
/* Which spokes are live members of a resumed configuration. */
void resume_find(struct bld *b);
/* Each resumed configuration to the planned mesh holding most of its
 * live members; live members the plan moves are reported. */
void resume_map(struct bld *b);
/* The manager of the first resumed configuration; false when none. */
bool resume_manager(struct bld *b);
/* A VNet keeps its wave of the previous plan (by name); a new one joins
 * the last wave. */
void resume_waves(struct bld *b, const size_t *idx, size_t nm,
    struct wave_notes *wn);
/* Every wave's cumulative members and private endpoints include the
 * live members. */
void resume_members(struct bld *b);
/* Each wave takes back its number of the previous plan. */
void resume_renumber(struct bld *b);

/* ---- plan_manager.c: manager, features, VNets, segments, waves ---- */

void plan_manager(struct bld *b);
void plan_features(struct bld *b);
void plan_vnets(struct bld *b);
void plan_assign_segments(struct bld *b);
void plan_assign_waves(struct bld *b, struct wave_notes *wn);
/* Bytes per spoke from the flow logs (bytes, have_traffic). */
void plan_load_traffic(struct bld *b, struct strmap *idx);

/* ---- plan_effect.c: effect, segmentation, deny rules ---- */

/* R8 for every wave (cumulative): effect and segmentation. */
void plan_evaluate(struct bld *b);
/* The policy's deny rules between segments. */
void plan_deny(struct bld *b);

#endif
