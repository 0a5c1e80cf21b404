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
finish
