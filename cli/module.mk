CLI_SRCS += cli/main.c cli/commands.c
CLI_SRCS += cli/cmd_analyze.c
TEST_SCRIPTS += tests/analyze.sh
CLI_SRCS += cli/cmd_summarize.c
TEST_SCRIPTS += tests/summarize_cli.sh tests/summarize_python.sh
CLI_SRCS += cli/cmd_emit.c
