EMITTER_SRCS += emitters/routes_json.c
TEST_SCRIPTS += fixtures/udr-example/check.sh
EMITTER_SRCS += emitters/quote.c emitters/emitter.c emitters/whatif.c \
	emitters/arm.c emitters/bicep.c emitters/terraform.c
EMITTER_SRCS += emitters/analyze_json.c emitters/analyze_text.c emitters/sarif.c
EMITTER_SRCS += emitters/plan_json.c
UNIT_TESTS += tests/unit/test_quote.c tests/unit/test_emit.c
TEST_SCRIPTS += tests/emit.sh
EMITTER_SRCS += emitters/svg.c emitters/report_doc.c emitters/report_md.c \
	emitters/report_html.c
UNIT_TESTS += tests/unit/test_svg.c tests/unit/test_report.c
