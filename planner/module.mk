PLANNER_SRCS += planner/cidr.c planner/ptrie.c planner/estate.c planner/topology.c planner/policy.c planner/advertise.c
UNIT_TESTS += tests/unit/test_ptrie.c
PLANNER_SRCS += planner/findings.c planner/analysis.c
UNIT_TESTS += tests/unit/test_findings.c tests/unit/test_analysis.c
