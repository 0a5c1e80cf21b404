/*
 * commands.c - the command registry (order = order in --help).
 */
#include <stddef.h>

#include "cli.h"

extern const struct command cmd_analyze;
extern const struct command cmd_plan;
extern const struct command cmd_emit;
extern const struct command cmd_report;
extern const struct command cmd_summarize;
extern const struct command cmd_routes;
extern const struct command cmd_batch;
extern const struct command cmd_pr;
extern const struct command cmd_status;
extern const struct command cmd_diff;

const struct command *const commands[] = { &cmd_analyze, &cmd_plan, &cmd_emit,
	&cmd_report, &cmd_summarize, &cmd_routes, &cmd_batch, &cmd_pr,
	&cmd_status, &cmd_diff, NULL };
