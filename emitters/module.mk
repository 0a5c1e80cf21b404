EMITTER_SRCS += emitters/quote.c
UNIT_TESTS += tests/unit/test_quote.c
