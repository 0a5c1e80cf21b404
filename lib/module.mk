LIB_SRCS += lib/util.c lib/arena.c lib/strbuf.c lib/strmap.c lib/diag.c lib/names.c
UNIT_TESTS += tests/unit/test_util.c
LIB_SRCS += lib/jscan.c
UNIT_TESTS += tests/unit/test_jscan.c
