#!/bin/sh
# tests/cli_conventions.sh - the command line behaves like the tools its
# users know (docs/cli.md): one usage-error style with a hint, --opt=value
# and --, -o that looks like a format warns, exit codes (I/O 2, invalid 3,
# --fail-on 1 on every command with findings and a usage error elsewhere),
# -q prints nothing but errors, the policy's precedence (--policy,
# MESHPLAN_POLICY, ./.meshplan.yaml), --version names the git build and a
# tree without git builds, bash and zsh completion (installed by make
# install, and they complete), pr takes --path literally and refuses .git
# and paths out of the repository, and what users read never refers to a
# document that does not ship with the project.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
FX=$TOP/fixtures/sample
cmds=$("$MESHPLAN" --help | awk '/^commands:/ { on = 1; next }
    on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')

# 1. One style for usage errors: what, the usage line, the hint.
for c in $cmds; do
	"$MESHPLAN" "$c" --no-such-option > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	l1=$(sed -n 1p "$TMPD/err")
	l2=$(sed -n 2p "$TMPD/err")
	l3=$(sed -n 3p "$TMPD/err")
	if [ $rc -eq 2 ] && [ "$l1" = "meshplan $c: unknown option '--no-such-option'" ] &&
	    case $l2 in "usage: meshplan $c"*) true ;; *) false ;; esac &&
	    [ "$l3" = "Try 'meshplan $c --help' for more." ] &&
	    [ "$(wc -l < "$TMPD/err")" -eq 3 ] && [ ! -s "$TMPD/out" ]; then
		ok "$c: unknown option in the common style"
	else
		cat "$TMPD/err"
		fail "$c: unknown option: exit $rc, or another style"
	fi
done
expect_exit 2 "$MESHPLAN" analyze "$FX" --format
grep -qx "meshplan analyze: --format needs a value" "$TMPD/err" &&
    grep -q "^Try 'meshplan analyze --help' for more.$" "$TMPD/err" &&
    ok "a missing value: the same style" || fail "missing value: $(cat "$TMPD/err")"
expect_exit 2 "$MESHPLAN" analyze "$FX" --force=yes
grep -q "force takes no value" "$TMPD/err" && ok "--flag=value refused" ||
    fail "--force=yes: $(cat "$TMPD/err")"
expect_exit 2 "$MESHPLAN" no-such-command
grep -q "Try 'meshplan --help'" "$TMPD/err" && ok "unknown command: a hint" ||
    fail "unknown command: $(cat "$TMPD/err")"

# 2. --opt=value is --opt value; -- ends the options.
"$MESHPLAN" analyze --format json "$FX" > "$TMPD/a1.json"
"$MESHPLAN" analyze --format=json "$FX" > "$TMPD/a2.json"
"$MESHPLAN" analyze --format=json -- "$FX" > "$TMPD/a3.json"
if [ -s "$TMPD/a1.json" ] && cmp -s "$TMPD/a1.json" "$TMPD/a2.json" &&
    cmp -s "$TMPD/a1.json" "$TMPD/a3.json"; then
	ok "--format=json and -- work as documented"
else
	fail "--format=json or -- differ"
fi
mkdir -p "$TMPD/dash" && cp "$FX"/*.json "$TMPD/dash/"
mv "$TMPD/dash/estate.json" "$TMPD/dash/-estate.json"
(cd "$TMPD/dash" && "$MESHPLAN" analyze --format=json -- -estate.json \
    ergw-hub.learned.json > "$TMPD/a4.json" 2> "$TMPD/err")
rc=$?
[ $rc -eq 0 ] && [ -s "$TMPD/a4.json" ] && ok "after --, '-estate.json' is an input" ||
    fail "-- did not end the options (exit $rc)"
"$MESHPLAN" summarize --format=json --exact -- 10.0.0.0/24 10.0.1.0/24 > "$TMPD/s1" &&
    "$MESHPLAN" summarize --format json --exact 10.0.0.0/24 10.0.1.0/24 > "$TMPD/s2" &&
    cmp -s "$TMPD/s1" "$TMPD/s2" && ok "summarize: --format=json and --" ||
    fail "summarize: --opt=value or -- differ"

# 3. -o that looks like a format name warns, with the likely intent.
(cd "$TMPD" && "$MESHPLAN" analyze -o json "$FX" 2> "$TMPD/err")
if grep -q "use --format json" "$TMPD/err" && [ -s "$TMPD/json" ]; then
	ok "-o json: a warning suggests --format json (and the file is written)"
else
	fail "-o json: no warning: $(cat "$TMPD/err")"
fi
(cd "$TMPD" && "$MESHPLAN" analyze -o out.json "$FX" 2> "$TMPD/err")
[ ! -s "$TMPD/err" ] && ok "-o out.json: no warning" || fail "-o out.json warned"

# 4. Exit codes: I/O 2, invalid input 3.
expect_exit 2 "$MESHPLAN" analyze "$TMPD/no-such-file.json"
grep -q "cannot be read" "$TMPD/err" && ok "a missing input is an I/O error" ||
    fail "missing input: $(cat "$TMPD/err")"
expect_exit 2 "$MESHPLAN" plan --policy "$TMPD/no-such-policy.yaml" "$FX"
printf '{"type": ' > "$TMPD/bad.json"
expect_exit 3 "$MESHPLAN" analyze "$TMPD/bad.json"
expect_exit 2 "$MESHPLAN" analyze "$TMPD/bad.json" "$TMPD/no-such-file.json"

# 5. --fail-on on every command with findings (the sample has warnings,
# no errors), a usage error elsewhere.
R=$TMPD/repo
mkdir -p "$R" && (cd "$R" && git init -q -b main . && echo x > README &&
    git add README && git -c user.name=u -c user.email=u@e commit -q -m base)
for sev in warning error; do
	want=1
	[ $sev = error ] && want=0
	expect_exit $want "$MESHPLAN" analyze -q --fail-on $sev "$FX"
	expect_exit $want "$MESHPLAN" plan -q --fail-on=$sev -o "$TMPD/p-$sev.json" "$FX"
	expect_exit $want "$MESHPLAN" emit -q --fail-on $sev -o "$TMPD/e-$sev" "$FX"
	expect_exit $want "$MESHPLAN" report -q --fail-on $sev -o "$TMPD/r-$sev.md" "$FX"
	expect_exit $want "$MESHPLAN" batch -q --fail-on $sev -o "$TMPD/b-$sev" "$FX"
	expect_exit $want "$MESHPLAN" pr -q --fail-on $sev --repo "$R" --prefix "$sev/" "$FX"
done
[ -s "$TMPD/p-warning.json" ] && [ -d "$TMPD/e-warning" ] &&
    ok "exit 1 still writes the outputs" || fail "exit 1 wrote nothing"
expect_exit 2 "$MESHPLAN" routes --fail-on warning --vnet x "$FX"
grep -q "fail-on is not an option of routes" "$TMPD/err" && ok "routes --fail-on: a usage error" ||
    fail "routes --fail-on: $(cat "$TMPD/err")"
expect_exit 2 "$MESHPLAN" summarize --fail-on warning 10.0.0.0/24
for c in status diff; do	# commands without findings (when present)
	echo "$cmds" | grep -qx "$c" || continue
	expect_exit 2 "$MESHPLAN" $c --fail-on warning "$TMPD/p-error.json" "$FX"
	grep -q "fail-on is not an option of $c" "$TMPD/err" &&
	    ok "$c --fail-on: a usage error" || fail "$c --fail-on: $(cat "$TMPD/err")"
done
expect_exit 2 "$MESHPLAN" plan --from "$TMPD/p-error.json" --fail-on warning
expect_exit 2 "$MESHPLAN" emit --plan "$TMPD/p-error.json" --fail-on warning -o "$TMPD/ep"
expect_exit 2 "$MESHPLAN" pr -o "$TMPD/x" --repo "$R" "$FX"
grep -q -- "-o is not an option of pr" "$TMPD/err" && ok "pr -o: a usage error" ||
    fail "pr -o: $(cat "$TMPD/err")"
expect_exit 2 "$MESHPLAN" pr --force --repo "$R" "$FX"

# 6. -q prints nothing but errors.
quiet() {	# quiet LABEL CMD...: nothing on stdout or stderr
	label=$1
	shift
	"$@" > "$TMPD/qo" 2> "$TMPD/qe"
	rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$TMPD/qo" ] && [ ! -s "$TMPD/qe" ]; then
		ok "-q: $label prints nothing"
	else
		head -3 "$TMPD/qo" "$TMPD/qe"
		fail "-q: $label printed (exit $rc)"
	fi
}
quiet "batch" "$MESHPLAN" batch -q -o "$TMPD/qb" "$FX"
quiet "emit" "$MESHPLAN" emit -q -o "$TMPD/qe1" "$FX"
quiet "plan -o" "$MESHPLAN" plan -q -o "$TMPD/qp.json" "$FX"
quiet "analyze -o" "$MESHPLAN" analyze -q -o "$TMPD/qa.txt" "$FX"
quiet "pr" "$MESHPLAN" pr -q --repo "$R" --prefix q/ "$FX"
quiet "-o json warning" sh -c "cd '$TMPD' && exec '$MESHPLAN' analyze -q -o text '$FX'"
"$MESHPLAN" plan -q "$FX" > "$TMPD/qp2.json" 2> "$TMPD/qe"
cmp -s "$TMPD/qp.json" "$TMPD/qp2.json" && [ ! -s "$TMPD/qe" ] &&
    ok "-q: plan's result still goes to standard output without -o" ||
    fail "plan -q without -o"

# 7. The policy: --policy, then MESHPLAN_POLICY, then ./.meshplan.yaml.
P=$TMPD/pol
mkdir -p "$P"
printf 'limits: {gateway_ipv4: 5}\n' > "$P/five.yaml"
printf 'limits: {gateway_ipv4: 6}\n' > "$P/six.yaml"
printf 'limits: {gateway_ipv4: 7}\n' > "$P/.meshplan.yaml"
lim() {	# the gateway limit the analysis used
	grep -o '"limit_ipv4": [0-9]*' "$1" | head -1 | grep -o '[0-9]*$'
}
(cd "$P" && unset MESHPLAN_POLICY &&
    "$MESHPLAN" analyze --format json "$TOP/fixtures/two-hubs" > "$TMPD/l1")
(cd "$P" && MESHPLAN_POLICY=$P/six.yaml \
    "$MESHPLAN" analyze --format json "$TOP/fixtures/two-hubs" > "$TMPD/l2")
(cd "$P" && MESHPLAN_POLICY=$P/six.yaml "$MESHPLAN" analyze --format json \
    --policy "$P/five.yaml" "$TOP/fixtures/two-hubs" > "$TMPD/l3")
(cd "$P" && MESHPLAN_POLICY= \
    "$MESHPLAN" analyze --format json "$TOP/fixtures/two-hubs" > "$TMPD/l4")
(cd "$TMPD" && unset MESHPLAN_POLICY &&
    "$MESHPLAN" analyze --format json "$TOP/fixtures/two-hubs" > "$TMPD/l5")
got="$(lim "$TMPD/l1") $(lim "$TMPD/l2") $(lim "$TMPD/l3") $(lim "$TMPD/l4") $(lim "$TMPD/l5")"
if [ "$got" = "7 6 5 7 1000" ]; then
	ok "policy precedence: .meshplan.yaml < MESHPLAN_POLICY < --policy (limits $got)"
else
	fail "policy precedence: limits '$got', want '7 6 5 7 1000'"
fi
MESHPLAN_POLICY=$P/missing.yaml expect_exit 2 "$MESHPLAN" analyze "$FX"

# 8. --version names the build; a tree without git builds and says so.
"$MESHPLAN" --version > "$TMPD/v" 2>&1
if git -C "$TOP" rev-parse --git-dir > /dev/null 2>&1; then
	h=$(git -C "$TOP" describe --always 2> /dev/null)
	grep -q "^meshplan [0-9.]* (build $h" "$TMPD/v" &&
	    ok "--version names the build: $(cat "$TMPD/v")" ||
	    fail "--version: '$(cat "$TMPD/v")', want the build $h"
else
	echo "SKIP: not a git checkout; --version's describe not compared"
fi
"$MESHPLAN" emit --version > "$TMPD/v2" && cmp -s "$TMPD/v" "$TMPD/v2" &&
    ok "COMMAND --version is the same" || fail "emit --version differs"
C=$TMPD/tarball
mkdir -p "$C"
tar -C "$TOP" --exclude=./.git --exclude='./build*' --exclude=./meshplan \
    --exclude=./tools/validators/node_modules -cf - . | tar -C "$C" -xf -
# A plain build of the copy, whatever make runs this suite (a sanitizer
# build passes SAN= down through MAKEFLAGS).
if (cd "$C" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s SAN= \
    build/gen/version.o > "$TMPD/mk" 2>&1) &&
    grep -q '"unknown: built without git"' "$C/build/gen/version.c" &&
    (cd "$C" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -n SAN= \
    meshplan > /dev/null 2>&1); then
	ok "a tree without git builds its version ('unknown: built without git')"
else
	cat "$TMPD/mk"
	fail "a tree without git does not build"
fi

# 9. Completion: make install puts both in place; they complete.
# (install-completion alone: make install would also build the binary,
# which a sanitizer run has elsewhere; that install runs it is checked
# with make -n.)
make -s install-completion DESTDIR="$TMPD/inst" PREFIX=/usr > "$TMPD/mk" 2>&1 ||
    { cat "$TMPD/mk"; fail "make install-completion"; }
make -n install DESTDIR="$TMPD/inst" PREFIX=/usr 2> /dev/null |
    grep -q 'share/zsh/site-functions/_meshplan' &&
    ok "make install includes the completion" || fail "make install lacks the completion"
B=$TMPD/inst/usr/share/bash-completion/completions/meshplan
Z=$TMPD/inst/usr/share/zsh/site-functions/_meshplan
[ -f "$B" ] && [ -f "$Z" ] && ok "make install installs bash and zsh completion" ||
    fail "completion files not installed"
if command -v bash > /dev/null 2>&1; then
	out=$(bash -c ". '$B'
	    COMP_WORDS=('$MESHPLAN' em); COMP_CWORD=1; _meshplan; echo \"\${COMPREPLY[*]}\"
	    COMP_WORDS=('$MESHPLAN' report --fo); COMP_CWORD=2; _meshplan; echo \"\${COMPREPLY[*]}\"
	    COMP_WORDS=('$MESHPLAN' report --format ''); COMP_CWORD=3; _meshplan; echo \"\${COMPREPLY[*]}\"
	    COMP_WORDS=('$MESHPLAN' batch --fail-on w); COMP_CWORD=3; _meshplan; echo \"\${COMPREPLY[*]}\"" 2>&1)
	if [ "$out" = "$(printf 'emit\n--force --format\nmd html json\nwarning')" ]; then
		ok "bash completion: commands, options, --format values, --fail-on"
	else
		echo "$out"
		fail "bash completion"
	fi
else
	echo "SKIP: bash is absent; bash completion not run"
fi
if command -v zsh > /dev/null 2>&1; then
	cat > "$TMPD/z.zsh" <<'EOF'
compadd() { if [[ $1 == -a ]]; then print -r -- "${(P)2}"; else print -r -- "$*"; fi }
_describe() { print -r -- "${(@)${(P)4}%%:*}"; }
_files() { print files; }
words=($BIN ${=W}); CURRENT=$C; PREFIX=$P
source $SRC
EOF
	z() { BIN=$MESHPLAN W=$1 C=$2 P=$3 SRC=$Z zsh "$TMPD/z.zsh" 2>&1; }
	out="$(z '' 2 '' | tr ' ' '\n' | grep -c '^emit$')|$(z 'report --format x' 4 '')|$(z 'emit --fail-on x' 4 '')|$(z 'emit --t' 3 --t | tr ' ' '\n' | grep -c '^--target$')"
	if [ "$out" = "1|md html json|error warning note|1" ]; then
		ok "zsh completion: commands, --format values, --fail-on, options"
	else
		echo "$out"
		fail "zsh completion"
	fi
else
	echo "SKIP: zsh is absent (make deps installs it); zsh completion not run"
fi

# 10. pr: --path literally; .git and paths out of the repository refused.
for p in .git .git/hooks a/.GIT/b ../up /abs a//b ./a; do
	expect_exit 2 "$MESHPLAN" pr --repo "$R" --path "$p" "$FX"
done
[ -z "$(git -C "$R" for-each-ref --format='%(refname)' | grep -v 'refs/heads/\(main\|warning\|error\|q\)')" ] &&
    ok "the refused --path values made no branch" || fail "a refused --path made a branch"
"$MESHPLAN" pr -q --repo "$R" --prefix lit/ --path ':!nothing' "$FX" 2> "$TMPD/err"
rc=$?
if [ $rc -eq 0 ] && git -C "$R" cat-file -e lit/prereq:README 2> /dev/null &&
    git -C "$R" ls-tree -r --name-only lit/prereq | grep -q '^:!nothing/prereq/report.md$'; then
	ok "pr --path ':!nothing' is a literal folder; the base's files stay"
else
	cat "$TMPD/err"
	fail "pr --path ':!nothing': exit $rc or the base's files are gone"
fi
git -C "$R" ls-tree -r --name-only lit/prereq | grep -q '^:!nothing/prereq/.meshplan-output$' &&
    ok "each step's commit carries its manifest" || fail "no manifest in the commit"
# A base whose step folder holds a file meshplan did not write is refused.
(cd "$R" && mkdir -p mine/prereq && echo notes > mine/prereq/NOTES.md &&
    git add mine && git -c user.name=u -c user.email=u@e commit -q -m mine)
before=$(git -C "$R" for-each-ref | sort)
expect_exit 2 "$MESHPLAN" pr --repo "$R" --prefix own/ --path mine "$FX"
grep -q "mine/prereq/ in main has files and no .meshplan-output" "$TMPD/err" &&
    [ "$before" = "$(git -C "$R" for-each-ref | sort)" ] &&
    ok "pr refuses a step folder without a manifest; no branch moved" ||
    fail "pr step folder: $(cat "$TMPD/err")"
(cd "$R" && printf '# m\nreport.md\n' > mine/prereq/.meshplan-output &&
    git add mine && git -c user.name=u -c user.email=u@e commit -q -m m2)
before=$(git -C "$R" for-each-ref | sort)
expect_exit 2 "$MESHPLAN" pr --repo "$R" --prefix own/ --path mine "$FX"
grep -q "holds mine/prereq/NOTES.md, which meshplan did not write" "$TMPD/err" &&
    [ "$before" = "$(git -C "$R" for-each-ref | sort)" ] &&
    ok "pr refuses a step folder with an unlisted file; no branch moved" ||
    fail "pr step folder: $(cat "$TMPD/err")"
# --body-dir: meshplan's own folder is replaced; a foreign one refused.
mkdir -p "$TMPD/bodies" && echo mine > "$TMPD/bodies/mine.txt"
expect_exit 2 "$MESHPLAN" pr --repo "$R" --prefix bd/ --body-dir "$TMPD/bodies" "$FX"
grep -q "bodies exists and it has no .meshplan-output" "$TMPD/err" && [ -f "$TMPD/bodies/mine.txt" ] &&
    ok "pr --body-dir: a folder with other files is refused and kept" ||
    fail "pr --body-dir: $(cat "$TMPD/err")"
expect_exit 0 "$MESHPLAN" pr -q --repo "$R" --prefix bd/ --body-dir "$TMPD/bodies2" "$FX"
expect_exit 0 "$MESHPLAN" pr -q --repo "$R" --prefix bd/ --body-dir "$TMPD/bodies2" "$FX"
[ -f "$TMPD/bodies2/.meshplan-output" ] && ok "pr --body-dir has a manifest; a rerun replaces it" ||
    fail "pr --body-dir manifest"

# 11. What users read never refers to a document that does not ship:
# no DESIGN.md in help, man page, README, docs, schemas, fixtures; no
# ../shared in help, man page, schemas, fixtures (README's and docs'
# testing notes may say what the tests read from it).
for c in $cmds; do "$MESHPLAN" "$c" --help; done > "$TMPD/help.txt"
"$MESHPLAN" --help >> "$TMPD/help.txt"
hits=$(grep -rIl 'DESIGN' "$TMPD/help.txt" README.md meshplan.1 docs schemas fixtures 2> /dev/null)
[ -z "$hits" ] && ok "no DESIGN.md reference in what users read" ||
    fail "DESIGN referred to in: $hits"
hits=$(grep -rIl '\.\./shared' "$TMPD/help.txt" meshplan.1 schemas fixtures 2> /dev/null)
[ -z "$hits" ] && ok "no ../shared in help, man page, schemas, fixtures" ||
    fail "../shared referred to in: $hits"
finish
