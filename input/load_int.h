/*
 * load_int.h - what the parts of load_inputs() share (input/ only; the
 * interface is load.h):
 *
 *   load.c        the pipeline: parse, detect shapes, collect, merge,
 *                 apply, link
 *   load_paths.c  the paths given to the input files (directories walked
 *                 in sorted order, *.json only, symlink loops guarded)
 *   load_scope.c  the scope of a template that has none: from --scope,
 *                 from its path, or inferred from the other inputs
 */
#ifndef MESHPLAN_LOAD_INT_H
#define MESHPLAN_LOAD_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../lib/arena.h"
#include "records.h"

struct load_opts;

typedef ARR(const char *) path_arr;

/* The records of one template read without a scope. */
struct uscope {
	const char *file;
	const char *prefix; /* "/subscriptions/unknown-.../resourceGroups/x" */
	size_t start, end;  /* record range */
};

/* load_paths.c */
int ld_path_cmp(const void *a, const void *b);
void ld_expand_paths(struct loader *L, char *const *paths, size_t npaths,
    const struct load_opts *o, path_arr *files, path_arr *named);

/* load_scope.c */
bool ld_parse_scope(struct arena *a, const char *s, const char **sub,
    const char **rg);
bool ld_scope_from_path(struct arena *a, const char *path, const char **sub,
    const char **rg);
const char *ld_unknown_rg(struct arena *a, const char *path);
void ld_infer_scopes(struct loader *L, struct uscope *u, size_t nu);

#endif
