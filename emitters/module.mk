EMITTER_SRCS += emitters/routes_json.c
TEST_SCRIPTS += fixtures/udr-example/check.sh
