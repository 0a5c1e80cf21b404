EMITTER_SRCS +=
EMITTER_SRCS += emitters/plan_json.c
