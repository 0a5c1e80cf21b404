#!/bin/sh
# tests/man.sh - every command has --help (exit 0, its usage line, the
# same text as 'meshplan help CMD'), the man page documents every command,
# every long option of every command's --help, the exit codes and the
# input formats, and renders without warnings where groff is installed.
. "$TOP/tests/lib.sh"
MAN=$TOP/meshplan.1
[ -f "$MAN" ] || { fail "meshplan.1 is missing"; finish; exit 1; }
# The page as plain text for option lookups ("\-" is a hyphen in roff).
sed 's/\\-/-/g; s/\\f[BIRP]//g' "$MAN" > "$TMPD/man.txt"

cmds=$("$MESHPLAN" --help | awk '/^commands:/ { on = 1; next }
    on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
[ -n "$cmds" ] || fail "no command list in meshplan --help"
for c in $cmds; do
	if "$MESHPLAN" "$c" --help > "$TMPD/h" 2> "$TMPD/e" &&
	    head -1 "$TMPD/h" | grep -q "^usage: meshplan $c"; then
		ok "$c --help"
	else
		fail "$c --help does not print its usage (exit 0)"
	fi
	"$MESHPLAN" help "$c" > "$TMPD/h2" 2>&1
	cmp -s "$TMPD/h" "$TMPD/h2" || fail "'meshplan help $c' differs from '$c --help'"
	grep -q "^\.B $c\$" "$MAN" || fail "meshplan.1 does not describe $c"
	missing=""
	for opt in $(grep -o -- '--[a-z][a-z0-9-]*' "$TMPD/h" | sort -u); do
		grep -q -- "$opt" "$TMPD/man.txt" || missing="$missing $opt"
	done
	[ -z "$missing" ] && ok "meshplan.1 covers the options of $c" ||
	    fail "meshplan.1 lacks options of $c:$missing"
done
for code in 0 1 2 3; do
	grep -q "^\.B $code\$" "$MAN" || fail "exit code $code undocumented"
done
for fmt in "Resource lists" "ARM templates" "Route exports"; do
	grep -q "$fmt" "$MAN" || fail "input format '$fmt' undocumented"
done
ok "exit codes and input formats documented"
expect_exit 2 "$MESHPLAN" no-such-command
if command -v groff > /dev/null 2>&1; then
	if groff -man -Tutf8 -ww -z "$MAN" > "$TMPD/g" 2>&1 && [ ! -s "$TMPD/g" ]; then
		ok "groff renders meshplan.1 without warnings"
	else
		head "$TMPD/g"
		fail "groff warns about meshplan.1"
	fi
else
	echo "SKIP: groff is not installed; man page rendering not checked" >&2
	ok "render check skipped (no groff)"
fi
finish
