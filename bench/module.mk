# make bench: bench/estate.sh times analyze, plan and emit on generated
# estates of 1,000, 5,000 and 20,000 spokes against jansson alone
# (bare_parse) and writes bench/RESULTS.md; rusage is its timer when
# /usr/bin/time is absent. BENCH_SIZES="1000 5000" picks other sizes.
# The rules below must not become make's default goal.
_scale_goal := $(.DEFAULT_GOAL)
BENCH_SRCS += bench/bare_parse.c bench/rusage.c
BENCH_SCRIPTS += bench/estate.sh
$(BUILD)/bench/bare_parse.o: CFLAGS_EXTRA := $(PKG_CFLAGS)
bench: $(BUILD)/meshplan
.DEFAULT_GOAL := $(_scale_goal)
