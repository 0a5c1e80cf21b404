# Benchmarks (never part of make test). "make bench" builds BENCH_SRCS,
# runs BENCH_SCRIPTS and BENCH_TARGETS.
# The rules below must not become make's default goal (this file is
# included before "all").
_bench_goal := $(.DEFAULT_GOAL)

BENCH_TARGETS += bench-summarize

.PHONY: bench-summarize
bench-summarize: meshplan
	@MESHPLAN=$(CURDIR)/meshplan sh bench/summarize.sh

# bench/estate.sh times analyze (with and without --pairs), plan, emit
# and batch (-j 1 against -j 2) on generated estates of 1,000, 5,000 and
# 20,000 spokes against jansson alone (bare_parse), checks the targets of
# issues 8 and 19 and writes bench/RESULTS.md; rusage is its timer
# (/usr/bin/time when rusage is absent). BENCH_SIZES="1000 5000" picks other sizes,
# BENCH_ESTATES=DIR reuses DIR/e<N> estates made with the same flags, and
# BENCH_TARGET_MIN=1000 checks issue 19's targets on a quick run too.
BENCH_SRCS += bench/bare_parse.c bench/rusage.c
BENCH_SCRIPTS += bench/estate.sh
$(BUILD)/bench/bare_parse.o: CFLAGS_EXTRA := $(PKG_CFLAGS)
bench: $(BUILD)/meshplan

.DEFAULT_GOAL := $(_bench_goal)
