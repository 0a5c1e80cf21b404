CLI_SRCS += cli/main.c cli/commands.c
CLI_SRCS += cli/gitrun.c
