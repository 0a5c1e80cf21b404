/*
 * commands.c - the command registry (order = order in --help).
 */
#include <stddef.h>

#include "cli.h"

extern const struct command cmd_analyze;
extern const struct command cmd_summarize;
extern const struct command cmd_emit;

const struct command *const commands[] = {
	&cmd_analyze,
	&cmd_summarize,
	&cmd_emit,
	NULL
};
