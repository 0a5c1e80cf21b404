#!/bin/sh
# The dependency rule of DESIGN.md section 1: lib <- planner <- input,
# emitters <- cli. planner/ and lib/ include no parser header and do no
# file I/O; lib/ includes nothing from the other layers; input/ and
# emitters/ include nothing from cli/ and not each other.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1

bad=$(grep -nE '#include *[<"](jansson|yaml|pcre2)' planner/*.[ch] lib/*.[ch])
[ -z "$bad" ] && ok "planner/ and lib/ include no parser header" ||
	fail "parser header in planner/ or lib/: $bad"
bad=$(grep -nE '\b(fopen|fread|fwrite|opendir|open|unlink|rename)\(' \
    planner/*.c | grep -v '^\s*\*')
[ -z "$bad" ] && ok "planner/ does no file I/O" || fail "file I/O in planner/: $bad"
bad=$(grep -nE '#include *"\.\./(planner|input|emitters|cli)/' lib/*.[ch])
[ -z "$bad" ] && ok "lib/ depends on nothing above it" || fail "$bad"
bad=$(grep -nE '#include *"\.\./(input|emitters|cli)/' planner/*.[ch])
[ -z "$bad" ] && ok "planner/ depends only on lib/" || fail "$bad"
bad=$(grep -nE '#include *"\.\./(emitters|cli)/' input/*.[ch] 2>/dev/null)
[ -z "$bad" ] && ok "input/ does not depend on emitters/ or cli/" || fail "$bad"
bad=$(grep -nE '#include *"\.\./(input|cli)/' emitters/*.[ch] 2>/dev/null)
[ -z "$bad" ] && ok "emitters/ does not depend on input/ or cli/" || fail "$bad"
# Every header compiles on its own.
hbad=0
for h in lib/*.h planner/*.h input/*.h emitters/*.h cli/*.h; do
	[ -f "$h" ] || continue
	if printf '#include "%s"\n' "$TOP/$h" | ${CC:-cc} -std=c11 \
	    -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags jansson 2>/dev/null) \
	    -fsyntax-only -x c - 2> "$TMPD/h.err"; then :; else
		cat "$TMPD/h.err"
		fail "header $h does not compile alone"
		hbad=1
	fi
done
[ $hbad -eq 0 ] && ok "every header compiles alone"

# The same rule where it counts, at link time: lib/ alone, and planner/
# with lib/, link into a program without jansson, libyaml or pcre2 (and
# without input/, emitters/ or cli/). The objects are the ones make
# built from the sources here ($BUILD), so a stale object of a removed
# file cannot hide or cause a failure. A control links input/ too, the
# same way: it must fail, or the check proves nothing.
B=${BUILD:-build}
case $B in /*) ;; *) B=$TOP/$B ;; esac
objs() {
	for c in "$@"; do printf '%s ' "$B/${c%.c}.o"; done
}
link_alone() {
	printf 'int main(void) { return 0; }\n' > "$TMPD/main.c"
	# shellcheck disable=SC2086
	${CC:-cc} $TEST_LDFLAGS -o "$TMPD/layer" "$TMPD/main.c" "$@" -lm \
	    > "$TMPD/link.err" 2>&1
}
lib_o=$(objs lib/*.c)
planner_o=$(objs planner/*.c)
missing=0
for o in $lib_o $planner_o; do [ -f "$o" ] || missing=1; done
if [ $missing -eq 1 ]; then
	skip "link-level layers: objects not built in $B (run make first)"
else
	# shellcheck disable=SC2086
	if link_alone $lib_o; then ok "lib/ links alone (libc and libm only)"
	else cat "$TMPD/link.err"; fail "lib/ does not link alone"; fi
	# shellcheck disable=SC2086
	if link_alone $lib_o $planner_o; then
		ok "planner/ and lib/ link without jansson, libyaml, pcre2"
	else
		cat "$TMPD/link.err"
		fail "planner/ and lib/ need a library or a layer above them"
	fi
	# shellcheck disable=SC2086
	if link_alone $lib_o $planner_o $(objs input/*.c); then
		fail "control: input/ linked without jansson"
	elif grep -q 'json_' "$TMPD/link.err"; then
		ok "control: input/ needs jansson at link time (the check can fail)"
	else
		cat "$TMPD/link.err"
		fail "control failed for another reason"
	fi
fi
finish
