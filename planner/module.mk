PLANNER_SRCS += planner/cidr.c planner/ptrie.c planner/estate.c planner/topology.c planner/policy.c planner/advertise.c \
	planner/routing.c planner/routing_pairs.c
UNIT_TESTS += tests/unit/test_ptrie.c
UNIT_TESTS += tests/unit/test_routing.c
UNIT_TESTS += tests/unit/test_routing_diff.c
BENCH_SRCS += bench/routing_bench.c
BENCH_SCRIPTS += bench/routing.sh
