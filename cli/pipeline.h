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

/*
 * Load o->inputs (with lo, whose scope and gateway files are taken from
 * o when unset), apply the policy and --onprem, analyse, simulate and
 * plan. Diagnostics are printed (report_diags). Returns EXIT_OK, or the
 * exit code to return (EXIT_USAGE, EXIT_INPUT). p is usable for
 * pipeline_free in every case.
 */
int pipeline_run(struct pipeline *p, const struct command *c,
    const struct common_opts *o, struct load_opts *lo);
void pipeline_free(struct pipeline *p);

/*
 * The JSON report: the analyze JSON (estate, hubs, hairpins, findings,
 * diagnostics) with the plan JSON's keys added (summaries, meshes, waves,
 * blockers, steps, effect, ...). Pretty-printed, final newline.
 */
void report_json(struct strbuf *out, const struct pipeline *p);

#endif
