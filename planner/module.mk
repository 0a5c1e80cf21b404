PLANNER_SRCS += planner/cidr.c planner/ptrie.c planner/summarize.c planner/estate.c planner/topology.c planner/policy.c planner/advertise.c
UNIT_TESTS += tests/unit/test_ptrie.c
UNIT_TESTS += tests/unit/test_summarize.c
