INPUT_SRCS += input/jsonfile.c input/expr.c input/records.c
INPUT_SRCS += input/resources.c input/template.c input/routes.c input/load.c
INPUT_SRCS += input/regex.c input/policy.c input/flowlogs.c input/plan_read.c
INPUT_SRCS += input/drift.c
INPUT_SRCS += input/captures.c
LDFLAGS += -pthread
UNIT_TESTS += tests/unit/test_expr.c tests/unit/test_load.c tests/unit/test_policy.c
TEST_SCRIPTS += tests/inputs.sh
