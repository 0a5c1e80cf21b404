/*
 * template.h - ARM deployment templates (portal export, az group export,
 * REST exportTemplate bodies, authored templates, Bicep output) to
 * resource records, evaluated as Azure Resource Manager deploys them:
 * conditions, resource and property copy loops, nested deployments
 * (inline, inner or outer scope) and linked templates (relativePath, or a
 * URI whose path matches an input file). Internal to input/.
 */
#ifndef MESHPLAN_TEMPLATE_H
#define MESHPLAN_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "load.h"
#include "records.h"

/* What templates of one run share (linked templates, the location). */
struct tpl_run;

/*
 * files: every input file of the run (borrowed; linked templates by URI
 * are looked for among them); location: --location or NULL.
 */
struct tpl_run *tpl_run_new(struct loader *L, char *const *files, size_t nfiles,
    const char *location);
void tpl_run_free(struct tpl_run *tr); /* NULL-safe */

/*
 * Find the deployment parameters files among the inputs and the
 * --parameters TEMPLATE=FILE pairs, and which template each applies to:
 * "T.parameters.json" to "T.json" in the same folder, "parameters.json"
 * to "template.json" (a portal export), an explicit pair always.
 */
void tpl_params_scan(struct tpl_run *tr, const struct file_opt *pairs,
    size_t npairs);
/* The "parameters" object applied to template file (NULL: none). */
json_t *tpl_params_for(struct tpl_run *tr, const char *file,
    const char **pfile);
/* The template a parameters file applies to (NULL: none). */
const char *tpl_params_target(struct tpl_run *tr, const char *pfile);
/* Do paths a and b name the same file (as given, or resolved)? */
bool tpl_same_file(const char *a, const char *b);

/*
 * Was file evaluated as the linked template of another input? Then
 * *parent names that template and the file is not read on its own.
 */
bool tpl_is_linked(struct tpl_run *tr, const char *file, const char **parent);

/*
 * Evaluate the template tpl (borrowed; found at pointer base in file)
 * in the scope /subscriptions/sub/resourceGroups/rg and collect its
 * resources. params: the "parameters" object of a deployment parameters
 * file (borrowed) or NULL. Returns how many virtual networks the template
 * and its nested templates declare, less those a false condition leaves
 * out.
 */
size_t tpl_collect(struct loader *L, struct tpl_run *tr, json_t *tpl,
    json_t *params, const char *file, const char *base, const char *sub,
    const char *rg);

#endif
