# Tests of the foundation. Every module.mk may add its own unit tests
# (UNIT_TESTS, one cmocka program per file) and scripts (TEST_SCRIPTS, run
# by tests/run.sh with $MESHPLAN and $TOP set; non-zero exit = failure).
UNIT_TESTS += tests/unit/test_cidr.c tests/unit/test_estate.c
TEST_SCRIPTS += tests/layers.sh
TEST_SCRIPTS += tests/effects.sh
UNIT_TESTS += tests/unit/test_lifecycle.c
TEST_SCRIPTS += tests/routes_check.sh
TEST_SCRIPTS += tests/deploy.sh
TEST_SCRIPTS += tests/az_options.sh
TEST_SCRIPTS += tests/names.sh
UNIT_TESTS += tests/unit/test_arena.c
TEST_SCRIPTS += tests/killed_writers.sh
