EMITTER_SRCS +=
EMITTER_SRCS += emitters/svg.c
UNIT_TESTS += tests/unit/test_svg.c
EMITTER_SRCS += emitters/quote.c
UNIT_TESTS += tests/unit/test_quote.c
