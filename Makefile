# meshplan - one GNU Makefile; each directory lists its sources in module.mk.
#
#   make                 build ./meshplan
#   make test            unit tests (cmocka) and golden/integration tests
#   make SAN=address,undefined test   the same under sanitizers
#   make golden-update   regenerate golden files after a deliberate change
#   make bench           benchmarks (not part of test)
#   make fuzz            libFuzzer targets for FUZZ_SECONDS each
#   make deps            install Debian packages and npm validators
#   make install PREFIX=/usr/local

PREFIX ?= /usr/local
CC ?= cc
PKGS := jansson yaml-0.1 libpcre2-8
SAN ?=

BUILD := build$(if $(SAN),-san)
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral
CFLAGS ?= -O2 -g
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -MMD -MP
ifneq ($(WERROR),)
override CFLAGS += -Werror
endif
# Where docs/rules.md is published: SARIF's helpUri for each rule.
RULES_URL ?= file://$(PREFIX)/share/doc/meshplan/rules.md
override CFLAGS += -DMESHPLAN_RULES_URL='"$(RULES_URL)"'
ifneq ($(SAN),)
override CFLAGS += -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SAN)
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

LIB_SRCS :=
PLANNER_SRCS :=
INPUT_SRCS :=
EMITTER_SRCS :=
CLI_SRCS :=
UNIT_TESTS :=
TEST_SCRIPTS :=
BENCH_SRCS :=
BENCH_SCRIPTS :=

include lib/module.mk
include planner/module.mk
include input/module.mk
include emitters/module.mk
include cli/module.mk
include tests/module.mk
include bench/module.mk
include tests/gen/module.mk
include tests/fuzz/module.mk

CORE_SRCS := $(sort $(LIB_SRCS) $(PLANNER_SRCS) $(INPUT_SRCS) $(EMITTER_SRCS))
CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS := $(sort $(CLI_SRCS:%.c=$(BUILD)/%.o))
UNIT_BINS := $(sort $(UNIT_TESTS:tests/unit/%.c=$(BUILD)/tests/%))

.SECONDARY:

.PHONY: all test unit check-deps golden-update bench fuzz deps install \
	clean format format-check

all: meshplan

meshplan: check-deps $(BUILD)/meshplan
	@if [ "$(BUILD)" = build ]; then cp $(BUILD)/meshplan meshplan; fi

check-deps:
	@pkg-config --exists $(PKGS) || { echo "meshplan: missing libraries" \
	  "($(PKGS)); run 'make deps' first" >&2; exit 2; }

$(BUILD)/meshplan: $(CORE_OBJS) $(CLI_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# planner/ and lib/ see no parser headers: they are built without them.
$(BUILD)/lib/%.o $(BUILD)/planner/%.o: CFLAGS_EXTRA :=
$(BUILD)/input/%.o $(BUILD)/emitters/%.o $(BUILD)/cli/%.o: CFLAGS_EXTRA := $(PKG_CFLAGS)
$(BUILD)/tests/%.o: CFLAGS_EXTRA := $(PKG_CFLAGS) $(CMOCKA_CFLAGS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CFLAGS_EXTRA) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(CORE_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lm

BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(CORE_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

bench: $(BENCH_BINS)
	@fail=0; for s in $(BENCH_SCRIPTS); do \
	  BUILD=$(BUILD) sh $$s || fail=1; done; [ $$fail -eq 0 ]

unit: $(UNIT_BINS)
	@pass=0; fail=0; for t in $(UNIT_BINS); do \
	  if $$t > $$t.log 2>&1; then pass=$$((pass+1)); \
	  else fail=$$((fail+1)); cat $$t.log; echo "FAILED: $$t"; fi; \
	done; echo "unit: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

test: meshplan $(UNIT_BINS) $(BUILD)/meshplan
	@MESHPLAN=$(CURDIR)/$(BUILD)/meshplan BUILD=$(BUILD) \
	  TEST_LDFLAGS="$(LDFLAGS)" \
	  sh tests/run.sh $(UNIT_BINS) -- $(TEST_SCRIPTS)

golden-update: meshplan
	@MESHPLAN=$(CURDIR)/$(BUILD)/meshplan GOLDEN_UPDATE=1 \
	  sh tests/run.sh -- $(TEST_SCRIPTS)

bench: $(BENCH_TARGETS)

deps:
	sh tools/deps.sh

install: meshplan
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 meshplan $(DESTDIR)$(PREFIX)/bin/meshplan
	install -d $(DESTDIR)$(PREFIX)/share/doc/meshplan
	install -m 0644 docs/rules.md $(DESTDIR)$(PREFIX)/share/doc/meshplan/rules.md
	if [ -f meshplan.1 ]; then install -m 0644 meshplan.1 \
	  $(DESTDIR)$(PREFIX)/share/man/man1/meshplan.1; fi

format:
	clang-format -i $(CORE_SRCS) $(CLI_SRCS) $(wildcard */*.h)

format-check:
	@clang-format --dry-run --Werror $(CORE_SRCS) $(CLI_SRCS) $(wildcard */*.h)

clean:
	rm -rf build build-san meshplan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
