EMITTER_SRCS +=
EMITTER_SRCS += emitters/svg.c
UNIT_TESTS += tests/unit/test_svg.c
