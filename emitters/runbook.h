/*
 * runbook.h - the runbook's az CLI lines, rendered from the plan's steps
 * (planner/plan.h: kind, resource id, subscription, properties).
 *
 * One routine quotes every argument (shquote.h), and a value that
 * begins with '-' is written --option=value so that az does not take it
 * for an option. Every line names --subscription (or an id that holds
 * it). The options used are those the Azure CLI and its network-manager
 * extension define; tests/az-options.tsv lists them with the source
 * files and commits they were read from, and tests/emit.sh checks every
 * rendered line against it.
 */
#ifndef MESHPLAN_RUNBOOK_H
#define MESHPLAN_RUNBOOK_H

#include <stddef.h>

struct arena;
struct strbuf;
struct plan_step;

/* Append the step's az command lines to sb, each ending in '\n'; nothing
 * for a step with no command (validate). */
void runbook_az(struct strbuf *sb, struct arena *a, const struct plan_step *s);
/* The same lines as one string in a (no trailing newline), or NULL. */
const char *runbook_command(struct arena *a, const struct plan_step *s);

/*
 * The step's command lines, split where a line ends outside quotes (a
 * quoted value may hold a newline); *out is an array in a. Returns how
 * many.
 */
size_t runbook_lines(struct arena *a, const struct plan_step *s,
    const char ***out);

#endif
