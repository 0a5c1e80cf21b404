CLI_SRCS += cli/main.c cli/commands.c cli/pipeline.c cli/gitrun.c
CLI_SRCS += cli/cmd_analyze.c cli/cmd_plan.c cli/cmd_report.c
CLI_SRCS += cli/cmd_routes.c cli/cmd_summarize.c
TEST_SCRIPTS += tests/analyze.sh tests/report.sh
TEST_SCRIPTS += tests/summarize_cli.sh tests/summarize_python.sh
TEST_SCRIPTS += tests/plan.sh
CLI_SRCS += cli/cmd_emit.c
CLI_SRCS += cli/cmd_pr.c cli/cmd_batch.c cli/batch_write.c
TEST_SCRIPTS += tests/pr.sh tests/batch.sh
TEST_SCRIPTS += tests/man.sh
TEST_SCRIPTS += tests/pipeline.sh
TEST_SCRIPTS += tests/hostile.sh
UNIT_TESTS += tests/unit/test_readonly.c
TEST_SCRIPTS += tests/readonly.sh
_cli_goal := $(.DEFAULT_GOAL)
# Outputs: staged, checked, replaced whole; manifests; signal clean-up.
CLI_SRCS += cli/outputs.c cli/outputs_file.c cli/outputs_dir.c
CLI_SRCS += cli/outputs_manifest.c cli/outputs_tar.c
TEST_SCRIPTS += tests/cli_outputs.sh tests/cli_conventions.sh
# --version names the build: `git describe --always --dirty` of this
# checkout, written to $(BUILD)/gen/version.c when make starts and only
# when it changed (so nothing is rebuilt for nothing); a tree without git
# (a release tarball) builds too and says so.
.PHONY: install-completion
_mp_describe := $(shell if [ -e .git ] && command -v git > /dev/null 2>&1; \
  then git describe --always --dirty 2> /dev/null; fi)
_mp_build := $(if $(_mp_describe),$(_mp_describe),unknown: built without git)
_mp_vc := $(BUILD)/gen/version.c
_mp_line := const char meshplan_build[] = "$(_mp_build)";
_mp_vc_ok := $(shell mkdir -p $(BUILD)/gen && \
  { [ "$$(cat $(_mp_vc) 2> /dev/null)" = '$(_mp_line)' ] || \
  printf '%s\n' '$(_mp_line)' > $(_mp_vc); } && echo ok)
$(BUILD)/gen/version.o: $(BUILD)/gen/version.c
	$(CC) $(CFLAGS) -c -o $@ $<
$(BUILD)/meshplan: $(BUILD)/gen/version.o
# bash and zsh completion, installed with the binary.
install: install-completion
install-completion:
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 0644 completion/meshplan.bash \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/meshplan
	install -m 0644 completion/_meshplan \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_meshplan
.DEFAULT_GOAL := $(_cli_goal)
CLI_SRCS += cli/cmd_status.c cli/cmd_diff.c
TEST_SCRIPTS += tests/lifecycle.sh
TEST_SCRIPTS += tests/rules.sh
TEST_SCRIPTS += tests/waves_max.sh
TEST_SCRIPTS += tests/whatif_plan.sh
CLI_SRCS += cli/emit_tree.c
TEST_SCRIPTS += tests/emit_tar.sh
