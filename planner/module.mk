PLANNER_SRCS += planner/cidr.c planner/ptrie.c planner/estate.c planner/topology.c planner/policy.c planner/advertise.c \
	planner/routing.c planner/routing_pairs.c
UNIT_TESTS += tests/unit/test_ptrie.c
UNIT_TESTS += tests/unit/test_routing.c
PLANNER_SRCS += planner/summarize.c
UNIT_TESTS += tests/unit/test_summarize.c
PLANNER_SRCS += planner/findings.c planner/analysis.c
UNIT_TESTS += tests/unit/test_findings.c tests/unit/test_analysis.c
PLANNER_SRCS += planner/plan.c planner/mesh.c planner/waves.c planner/mesh_routing.c
UNIT_TESTS += tests/unit/test_plan.c
