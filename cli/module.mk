CLI_SRCS += cli/main.c cli/commands.c cli/pipeline.c cli/gitrun.c
CLI_SRCS += cli/cmd_analyze.c cli/cmd_plan.c cli/cmd_report.c
CLI_SRCS += cli/cmd_routes.c cli/cmd_summarize.c
TEST_SCRIPTS += tests/analyze.sh tests/report.sh
TEST_SCRIPTS += tests/summarize_cli.sh tests/summarize_python.sh
CLI_SRCS += cli/cmd_pr.c cli/cmd_batch.c
TEST_SCRIPTS += tests/pr.sh tests/batch.sh
CLI_SRCS += cli/cmd_emit.c
