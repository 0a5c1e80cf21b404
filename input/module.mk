INPUT_SRCS += input/jsonfile.c input/expr.c input/records.c \
	input/resources.c input/template.c input/routes.c input/load.c
LDFLAGS += -pthread
# UNIT_TESTS added below once written
INPUT_SRCS += input/regex.c input/policy.c input/flowlogs.c input/plan_read.c
UNIT_TESTS += tests/unit/test_policy.c
