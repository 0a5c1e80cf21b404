INPUT_SRCS +=
INPUT_SRCS += input/regex.c input/policy.c
UNIT_TESTS += tests/unit/test_policy.c
