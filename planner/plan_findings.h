/*
 * plan_findings.h - findings about a plan (rules MP4xx), added to the
 * analysis' list by the commands that plan (report, pr): what the
 * migration changes that an engineer must decide about.
 */
#ifndef MESHPLAN_PLAN_FINDINGS_H
#define MESHPLAN_PLAN_FINDINGS_H

#include "findings.h"
#include "plan.h"

struct labels;

/* Append the plan's findings to f (memory from f's arena), naming
 * resources as l does (labels.h; NULL: bare names). */
void plan_findings(struct findings *f, const struct plan *p,
    const struct labels *l);

#endif
