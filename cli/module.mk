CLI_SRCS += cli/main.c cli/commands.c cli/cmd_routes.c
