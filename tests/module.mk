# Unit tests: one cmocka program per file. Scripts: run by tests/run.sh,
# each prints "ok"/"FAIL" lines and exits non-zero on failure.
UNIT_TESTS += tests/unit/test_cidr.c tests/unit/test_estate.c
TEST_SCRIPTS +=
