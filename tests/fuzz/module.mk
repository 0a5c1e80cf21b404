# Fuzzing (issue 8). Five libFuzzer targets, each also built as a plain
# corpus replayer with the normal compiler:
#   fuzz_load    the estate loader (lists, templates, expressions, routes)
#   fuzz_expr    the ARM expression evaluator alone (fast)
#   fuzz_policy  the policy loader (YAML, patterns)
#   fuzz_cidr    prefix_parse / prefix_format round trips
#   fuzz_jsonw   jw_raw (a plan's raw VNet JSON) against jansson
#   fuzz_flowlogs the flow-log reader (VNet v4, NSG v1/v2 tuples, counters)
# make test replays tests/fuzz/corpus/<target>/ (seeds, hostile inputs and
# every crash ever found) through the replayers, under SAN=... too.
# make fuzz builds the targets with clang -fsanitize=fuzzer,address,
# undefined in build/fuzz and runs each for FUZZ_SECONDS (default 60), one
# after another; new inputs go to build/fuzz/corpus/<target>, crashes to
# build/fuzz/artifacts/ (add them to the corpus once fixed).
# The rules below must not become make's default goal.
_scale_goal := $(.DEFAULT_GOAL)
FUZZ_TARGETS := fuzz_load fuzz_expr fuzz_policy fuzz_cidr fuzz_jsonw
FUZZ_TARGETS += fuzz_flowlogs
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/%)
FUZZ_BINS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
TEST_SCRIPTS += tests/fuzz/replay.sh
# CORE_OBJS is defined after the includes; the source lists are complete
# here (this file is included after lib, planner, input and emitters).
FUZZ_CORE := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRCS) $(PLANNER_SRCS) \
    $(INPUT_SRCS) $(EMITTER_SRCS))

.PHONY: fuzz fuzz-bins

test: $(FUZZ_REPLAY)

$(BUILD)/fuzz-replay/%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o \
    $(FUZZ_CORE)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(FUZZ_CORE)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lm

fuzz-bins: $(FUZZ_BINS)

fuzz:
	@command -v $(FUZZ_CC) > /dev/null || { echo "make fuzz: $(FUZZ_CC)" \
	  "is missing (Debian: clang, libclang-rt-14-dev; make deps)" >&2; \
	  exit 2; }
	$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) \
	  SAN=fuzzer-no-link,address,undefined fuzz-bins
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_TARGETS)

# make valgrind: meshplan under valgrind --leak-check=full on every
# fixture, the real exports (../shared) and a generated estate. Not part
# of make test (a minute or more); see tests/fuzz/valgrind.sh.
.PHONY: valgrind
valgrind: meshplan
	@MESHPLAN=$(CURDIR)/$(BUILD)/meshplan sh tests/fuzz/valgrind.sh

.DEFAULT_GOAL := $(_scale_goal)
