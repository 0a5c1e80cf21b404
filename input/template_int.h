/*
 * template_int.h - what the parts of the ARM template loader share
 * (input/ only; the interface is template.h):
 *
 *   template.c        evaluation: conditions, copy loops, nested
 *                     deployments, each resource to records
 *   template_files.c  the files of a run: parameters files (given with
 *                     --parameters or found beside the template) and
 *                     linked templates (templateLink by relativePath or
 *                     by the path of its uri)
 */
#ifndef MESHPLAN_TEMPLATE_INT_H
#define MESHPLAN_TEMPLATE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "expr.h"
#include "records.h"

struct strmap;

#define MAX_NEST 16 /* nested deployments inside each other */
struct span {
	size_t start, end; /* records of a template read on its own */
};

struct pfile {
	json_t *params; /* the file's "parameters" (doc owned) */
	json_t *doc;
	const char *file;
	bool explicit; /* --parameters */
};

struct tpl_run {
	struct loader *L;
	struct strmap *params;	/* template file -> struct pfile */
	struct strmap *ptarget; /* parameters file -> template file */
	ARR(json_t *) docs;	/* parameters documents, owned */
	char *const *files;
	size_t nfiles;
	const char *location;  /* --location */
	struct strmap *linked; /* file -> parent file */
	struct strmap *alone;  /* file -> struct span */
};

struct tctx {
	struct loader *L;
	struct tpl_run *tr;
	struct expr_env *env;
	const char *file;
	const char *sub, *rg; /* where resources go; rg NULL: subscription */
	int nest;
	size_t *vnets;	   /* VNets declared (top-level counter) */
	size_t *vnets_off; /* of those, not deployed (condition false) */
	size_t *instances; /* resources evaluated (top-level counter) */
	bool *stopped;	   /* MAX_INSTANCES passed: evaluate no more */
	const char *chain[MAX_NEST + 1]; /* files linked to get here */
	int nchain;
};

/* template.c: evaluate v quietly in env: a string value, or NULL. */
const char *tp_try_str(struct tctx *t, struct expr_env *env, json_t *v);

/*
 * template_files.c: the template a templateLink names (relativePath, or
 * the input file whose path ends like its uri's), loaded; *file is its
 * path. NULL after a warning (not known offline, no such input, a loop).
 */
json_t *tp_load_linked(struct tctx *t, json_t *link, const char *ptr,
    const char **file);

#endif
