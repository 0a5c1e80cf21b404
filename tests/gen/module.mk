# The estate generator (tests/gen/gen_estate.py, python3) and its test.
# The generator also feeds `make bench` (bench/module.mk) and the planner's
# seed-example test (--preset seed-example).
TEST_SCRIPTS += tests/gen/test_gen.sh
TEST_SCRIPTS += tests/gen/summaries_transit.sh
