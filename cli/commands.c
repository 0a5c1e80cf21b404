/*
 * commands.c - the command registry (order = order in --help).
 */
#include <stddef.h>

#include "cli.h"

extern const struct command cmd_routes;
extern const struct command cmd_summarize;

const struct command *const commands[] = {
	&cmd_routes,
	&cmd_summarize,
	NULL
};
