CLI_SRCS += cli/main.c cli/commands.c
CLI_SRCS += cli/cmd_analyze.c cli/cmd_plan.c cli/cmd_routes.c cli/cmd_summarize.c
TEST_SCRIPTS += tests/summarize_cli.sh tests/summarize_python.sh
TEST_SCRIPTS += tests/analyze.sh
CLI_SRCS += cli/gitrun.c cli/pipeline.c cli/cmd_report.c cli/cmd_pr.c \
	cli/cmd_batch.c
TEST_SCRIPTS += tests/report.sh
TEST_SCRIPTS += tests/pr.sh
TEST_SCRIPTS += tests/batch.sh
