EMITTER_SRCS += emitters/quote.c emitters/emitter.c emitters/whatif.c
EMITTER_SRCS += emitters/arm.c emitters/bicep.c emitters/terraform.c
EMITTER_SRCS += emitters/analyze_json.c emitters/analyze_text.c emitters/sarif.c
EMITTER_SRCS += emitters/plan_json.c emitters/routes_json.c emitters/jsonw.c
EMITTER_SRCS += emitters/svg.c emitters/report_doc.c emitters/report_md.c emitters/report_html.c
UNIT_TESTS += tests/unit/test_quote.c tests/unit/test_emit.c tests/unit/test_jsonw.c
UNIT_TESTS += tests/unit/test_svg.c tests/unit/test_report.c
TEST_SCRIPTS += tests/emit.sh fixtures/udr-example/check.sh
