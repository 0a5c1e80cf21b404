/*
 * commands.c - the command registry (order = order in --help).
 */
#include <stddef.h>

#include "cli.h"

const struct command *const commands[] = {
	NULL
};
