#!/bin/sh
# tests/pr.sh - `meshplan pr` in a temporary git repository: one stacked
# branch per step (prereq, then each wave) with exactly one commit holding
# the step's IaC, report.md and PR_BODY.md; the user's branch, index and
# work tree untouched; a rerun changes nothing; the same input and base
# give the same commit ids in another clone; dirty trees and foreign
# branches are refused without changing any branch.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
if ! command -v git > /dev/null 2>&1; then
	echo "SKIP: git is not installed; pr tests skipped" >&2
	skip "no git: pr checks"
	finish
	exit $?
fi
FX=$TOP/fixtures/two-hubs
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
    GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE GIT_INDEX_FILE
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMPD"

# A repository with one commit on main, made with fixed dates so that two
# such repositories have the same base commit.
mkrepo() {
	mkdir -p "$1" && (cd "$1" && git init -q -b main . &&
	    echo "infra" > README.md && mkdir -p meshplan &&
	    echo "keep" > meshplan/KEEP && git add README.md meshplan/KEEP &&
	    GIT_AUTHOR_DATE="1700000000 +0000" \
	    GIT_COMMITTER_DATE="1700000000 +0000" git -c user.name=u \
	    -c user.email=u@example.com commit -q -m base)
}
R=$TMPD/repo
mkrepo "$R"
echo "untracked" > "$R/notes.txt"
head_before=$(git -C "$R" rev-parse HEAD)
idx_before=$(cksum < "$R/.git/index")

"$MESHPLAN" plan -q "$FX" > "$TMPD/plan.json"
nwaves=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["waves"]))' "$TMPD/plan.json")
[ "$nwaves" -ge 1 ] || fail "fixture plan has no waves"

if "$MESHPLAN" pr --repo "$R" "$FX" > "$TMPD/out1" 2> "$TMPD/err1"; then
	ok "pr exits 0"
else
	cat "$TMPD/err1"
	fail "pr failed"
fi
branches=$(git -C "$R" for-each-ref --format='%(refname:short)' \
    refs/heads/meshplan/)
n=$(echo "$branches" | grep -c .)
if [ "$n" -eq $((nwaves + 1)) ] &&
    echo "$branches" | grep -qx 'meshplan/prereq' &&
    echo "$branches" | grep -qx 'meshplan/wave-1-pilot'; then
	ok "$n branches: prereq and one per wave"
else
	echo "$branches"
	fail "want $((nwaves + 1)) branches, got $n"
fi

# Stacked, one commit each, with the step's files.
parent=main
bad=""
for b in meshplan/prereq $(echo "$branches" | grep wave- | sort -t- -k2n); do
	step=${b#meshplan/}
	cnt=$(git -C "$R" rev-list --count "$parent..$b")
	p1=$(git -C "$R" rev-parse "$b^")
	p2=$(git -C "$R" rev-parse "$parent")
	[ "$cnt" -eq 1 ] && [ "$p1" = "$p2" ] || bad="$bad $b:stack"
	files=$(git -C "$R" diff-tree --no-commit-id -r --name-only "$b")
	for f in "meshplan/$step/PR_BODY.md" "meshplan/$step/report.md"; do
		echo "$files" | grep -qx "$f" || bad="$bad $b:$f"
	done
	for t in arm bicep terraform; do
		echo "$files" | grep -q "^meshplan/$step/$t/" ||
		    bad="$bad $b:$t"
	done
	echo "$files" | grep -v "^meshplan/$step/" | grep -q . &&
	    bad="$bad $b:outside"
	git -C "$R" log -1 --format=%B "$b" | grep -q '^Generated-by: meshplan' ||
	    bad="$bad $b:trailer"
	git -C "$R" log -1 --format='%an <%ae> %at %cn %ct' "$b" |
	    grep -qx 'meshplan <meshplan@localhost> 1700000000 meshplan 1700000000' ||
	    bad="$bad $b:identity"
	git -C "$R" cat-file -e "$b:meshplan/KEEP" || bad="$bad $b:lost-base-file"
	parent=$b
done
[ -z "$bad" ] && ok "stacked branches, one commit each, files under meshplan/<step>/" ||
    fail "branch layout:$bad"

# The PR body is the Markdown report of the step.
if git -C "$R" show meshplan/wave-1-pilot:meshplan/wave-1-pilot/PR_BODY.md |
    grep -q '^# meshplan: wave 1 of the AVNM mesh migration'; then
	ok "PR_BODY.md is the wave's report"
else
	fail "PR_BODY.md of wave 1 is not the wave report"
fi

# gh commands: one per branch, stacked bases, body files that exist.
ngh=$(grep -c '^gh pr create ' "$TMPD/out1")
first=$(grep '^gh pr create ' "$TMPD/out1" | head -1)
bf=$(echo "$first" | sed 's/.*--body-file //')
if [ "$ngh" -eq "$n" ] &&
    echo "$first" | grep -q -- '--base main --head meshplan/prereq' &&
    grep -q -- '--base meshplan/prereq --head meshplan/wave-1-pilot' \
    "$TMPD/out1" && [ -s "$bf" ]; then
	ok "gh pr create commands with stacked bases and body files"
else
	cat "$TMPD/out1"
	fail "gh commands wrong"
fi

# The user's branch, index and work tree are untouched.
if [ "$(git -C "$R" rev-parse HEAD)" = "$head_before" ] &&
    [ "$(git -C "$R" symbolic-ref --short HEAD)" = main ] &&
    [ "$(cksum < "$R/.git/index")" = "$idx_before" ] &&
    [ -z "$(git -C "$R" status --porcelain --untracked-files=no)" ] &&
    [ ! -e "$R/meshplan/prereq" ] && [ -f "$R/notes.txt" ]; then
	ok "HEAD, index and work tree untouched"
else
	fail "pr touched the user's checkout"
fi

# Rerun: nothing changes.
refs1=$(git -C "$R" for-each-ref refs/heads/meshplan/)
"$MESHPLAN" pr --repo "$R" "$FX" > "$TMPD/out2" 2>&1
refs2=$(git -C "$R" for-each-ref refs/heads/meshplan/)
if [ "$refs1" = "$refs2" ] &&
    [ "$(grep -c '^unchanged ' "$TMPD/out2")" -eq "$n" ]; then
	ok "rerun: every branch unchanged"
else
	cat "$TMPD/out2"
	fail "rerun changed branches"
fi

# Another repository with the same base: the same commits.
mkrepo "$TMPD/repo2"
"$MESHPLAN" pr --repo "$TMPD/repo2" "$FX" > /dev/null 2>&1
if [ "$(git -C "$TMPD/repo2" for-each-ref --format='%(objectname) %(refname)' refs/heads/meshplan/)" = \
    "$(git -C "$R" for-each-ref --format='%(objectname) %(refname)' refs/heads/meshplan/)" ]; then
	ok "same input and base: the same commit ids elsewhere"
else
	fail "commits are not reproducible"
fi

# Identity from the environment.
mkrepo "$TMPD/repo3"
GIT_AUTHOR_NAME="Ops Bot" GIT_AUTHOR_EMAIL=ops@example.com \
    "$MESHPLAN" pr --repo "$TMPD/repo3" --target terraform \
    --prefix mig/ "$FX" > /dev/null 2>&1
if git -C "$TMPD/repo3" log -1 --format='%an <%ae>|%cn' mig/prereq |
    grep -qx 'Ops Bot <ops@example.com>|Ops Bot' &&
    ! git -C "$TMPD/repo3" ls-tree -r --name-only mig/wave-1-pilot |
    grep -q '/arm/' &&
    git -C "$TMPD/repo3" ls-tree -r --name-only mig/wave-1-pilot |
    grep -q '/terraform/'; then
	ok "identity from the environment, --target and --prefix honoured"
else
	fail "environment identity, --target or --prefix ignored"
fi

# The repository's identity (user.name/user.email) wins over the
# environment's; author and committer both.
mkrepo "$TMPD/repo4"
git -C "$TMPD/repo4" config user.name "Repo User"
git -C "$TMPD/repo4" config user.email repo.user@example.com
GIT_AUTHOR_NAME="Ops Bot" GIT_AUTHOR_EMAIL=ops@example.com \
    "$MESHPLAN" pr --repo "$TMPD/repo4" "$FX" > /dev/null 2>&1
ids=$(for b in $(git -C "$TMPD/repo4" for-each-ref --format='%(refname:short)' \
    refs/heads/meshplan/); do
	git -C "$TMPD/repo4" log -1 --format='%an <%ae>|%cn <%ce>' "$b"
done | sort -u)
if [ "$ids" = "Repo User <repo.user@example.com>|Repo User <repo.user@example.com>" ]; then
	ok "commits carry the repository's identity (author and committer)"
else
	fail "identity: $ids"
fi

# Nothing to migrate (one hub, one spoke): no branch, says so, exit 0.
python3 "$TOP/tests/gen/gen_estate.py" --out "$TMPD/one" --regions eastus2 \
    --hubs-per-region 1 --spokes-per-hub 1 2> /dev/null
mkrepo "$TMPD/repo5"
expect_exit 0 "$MESHPLAN" pr --repo "$TMPD/repo5" "$TMPD/one"
if grep -q '^nothing to do: ' "$TMPD/out" &&
    [ -z "$(git -C "$TMPD/repo5" for-each-ref refs/heads/meshplan/)" ] &&
    [ "$(git -C "$TMPD/repo5" for-each-ref --format=x refs/heads/ | wc -l)" -eq 1 ]; then
	ok "nothing to migrate: no branch, and it says so"
else
	cat "$TMPD/out"
	git -C "$TMPD/repo5" for-each-ref refs/heads/
	fail "a branch for nothing to do"
fi

# Refusals: a dirty work tree; a foreign branch (and nothing moves).
echo "change" >> "$R/README.md"
expect_exit 2 "$MESHPLAN" pr --repo "$R" "$FX"
git -C "$R" checkout -q README.md
git -C "$R" branch -q -f meshplan/wave-1-pilot main
refs3=$(git -C "$R" for-each-ref refs/heads/meshplan/)
expect_exit 2 "$MESHPLAN" pr --repo "$R" "$FX"
if [ "$(git -C "$R" for-each-ref refs/heads/meshplan/)" = "$refs3" ] &&
    grep -q 'not made by meshplan' "$TMPD/err"; then
	ok "foreign branch refused, no branch changed"
else
	fail "foreign branch not refused cleanly"
fi
git -C "$R" checkout -q meshplan/prereq
expect_exit 2 "$MESHPLAN" pr --repo "$R" "$FX"
git -C "$R" checkout -q main
expect_exit 2 "$MESHPLAN" pr "$FX"
expect_exit 2 "$MESHPLAN" pr --repo "$TMPD" "$FX"
expect_exit 2 "$MESHPLAN" pr --repo "$R" --target pdf "$FX"
finish
