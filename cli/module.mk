CLI_SRCS += cli/main.c cli/commands.c
