EMITTER_SRCS += emitters/routes_json.c
TEST_SCRIPTS += fixtures/udr-example/check.sh
EMITTER_SRCS += emitters/analyze_json.c emitters/analyze_text.c emitters/sarif.c
EMITTER_SRCS += emitters/plan_json.c
