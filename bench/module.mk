# Benchmarks (never part of make test). "make bench" runs BENCH_TARGETS.
BENCH_TARGETS += bench-summarize

.PHONY: bench-summarize
bench-summarize: meshplan
	@MESHPLAN=$(CURDIR)/meshplan sh bench/summarize.sh
