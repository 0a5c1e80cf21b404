/*
 * pipeline.h - what report, pr and batch share: parse the common options,
 * load the inputs and the policy, run the analysis, the routing
 * simulation (hairpins) and the planner. Everything lives in one arena
 * and the estate; pipeline_free releases it all.
 */
#ifndef MESHPLAN_PIPELINE_H
#define MESHPLAN_PIPELINE_H

#include <stdbool.h>

struct strbuf;

#include "../planner/analysis.h"
#include "../planner/plan.h"
#include "../planner/routing.h"
#include "cli.h"

struct pipeline {
	struct arena *arena;
	struct policy pol;
	struct diags diags;
	struct estate *estate;
	struct analysis an;
	struct routing *routing;
	struct hairpins hp;
	struct plan *plan;
};

/* Optional callbacks: phase() is called as each stage starts ("loading",
 * "analysing", "routing", "planning"). */
struct pipeline_hooks {
	void (*phase)(void *ctx, const char *phase);
	void *ctx;
};

/*
 * Load o->inputs (with lo, whose scope and gateway files are taken from
 * o when unset), apply the policy and --onprem, analyse, simulate and
 * plan. Diagnostics are printed (report_diags). Returns EXIT_OK, or the
 * exit code to return (EXIT_USAGE, EXIT_INPUT). p is usable for
 * pipeline_free in every case; its diagnostics stay readable after an
 * input error. h may be NULL.
 */
int pipeline_run(struct pipeline *p, const struct command *c,
    const struct common_opts *o, struct load_opts *lo,
    const struct pipeline_hooks *h);
void pipeline_free(struct pipeline *p);

/*
 * The JSON report: the analyze JSON (estate, hubs, hairpins, findings,
 * diagnostics) with the plan JSON's keys added (summaries, meshes, waves,
 * blockers, steps, effect, ...). Pretty-printed, final newline.
 */
void report_json(struct strbuf *out, const struct pipeline *p);

/* mkdir -p; prints the error and returns -1 on failure. */
int mkdir_p(const char *path);
/* Write root/rel (creating folders; atomic, replacing). 0 or -1. */
int put_file(const char *root, const char *rel, const char *text,
    size_t len);

struct iac;
struct iac_folder;
struct emit_out;
/*
 * Run the emitters that target selects ("all" or a name) over m. Returns
 * one slot per entry of emitters[] (NULL when not selected) holding the
 * files, memory from a; NULL after printing which emitter failed.
 */
struct emit_out **emit_targets(const struct iac *m, const char *target,
    struct arena *a);
/*
 * Write one step of the plan (folder f of the IaC model) under
 * root/prefix/<f->dir>/: the files of f from each emitter output in
 * <emitter>/, the step's full Markdown report in report.md, and the PR
 * body (the same report with short tables) in PR_BODY.md, whose text is
 * also returned in *body when body is not NULL (memory from a). 0, or -1
 * after printing why.
 */
int write_step(const struct pipeline *p, struct emit_out *const *outs,
    const struct iac_folder *f, const char *root, const char *prefix,
    struct arena *a, char **body);

#endif
