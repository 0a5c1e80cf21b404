#!/bin/sh
# tests/emit_tar.sh - emit -o -: the output folder as a tar archive on
# standard output. Read back by two independent readers (GNU tar and
# Python's tarfile), it is the folder that -o DIR writes, manifest
# included, byte for byte; the same input gives the same archive; what
# cannot work is a usage error before any work, and a failed write says
# so.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
FX=$TOP/fixtures/sample

for fx in "$FX" "$TOP/fixtures/two-hubs"; do
	name=$(basename "$fx")
	$MESHPLAN emit -q -o "$TMPD/$name.dir" "$fx" > /dev/null 2>&1 ||
		fail "$name: emit -o DIR"
	if $MESHPLAN emit -q -o - "$fx" > "$TMPD/$name.tar" \
		2> "$TMPD/err"; then
		ok "$name: emit -o - exits 0"
	else
		cat "$TMPD/err"
		fail "$name: emit -o - failed"
	fi
	mkdir -p "$TMPD/$name.x"
	if tar -x -C "$TMPD/$name.x" -f "$TMPD/$name.tar" &&
		diff -r "$TMPD/$name.dir" "$TMPD/$name.x" > "$TMPD/diff"; then
		ok "$name: GNU tar extracts the folder -o DIR writes"
	else
		head -20 "$TMPD/diff"
		fail "$name: the archive differs from -o DIR's folder"
	fi
	# Python's reader: every member a regular file as -o DIR has it,
	# mode 0644, owner 0, time 0; no member twice; the manifest last.
	if python3 - "$TMPD/$name.tar" "$TMPD/$name.dir" > "$TMPD/py" 2>&1 <<'EOF'
import os, sys, tarfile
arc, root = sys.argv[1], sys.argv[2]
want = set()
for d, _, fs in os.walk(root):
    for f in fs:
        want.add(os.path.relpath(os.path.join(d, f), root))
seen = []
with tarfile.open(arc, "r:") as t:
    for m in t.getmembers():
        assert m.isreg(), m.name
        assert (m.mode, m.uid, m.gid, m.mtime) == (0o644, 0, 0, 0), m.name
        assert t.extractfile(m).read() == open(os.path.join(root, m.name), "rb").read(), m.name
        seen.append(m.name)
assert len(seen) == len(set(seen)), "a member twice"
assert set(seen) == want, sorted(set(seen) ^ want)
assert seen[-1] == ".meshplan-output", seen[-1]
print(len(seen))
EOF
	then
		ok "$name: tarfile reads $(cat "$TMPD/py") files as -o DIR has them"
	else
		cat "$TMPD/py"
		fail "$name: tarfile disagrees"
	fi
done

$MESHPLAN emit -q -o - "$FX"/*.json > "$TMPD/again.tar" 2> /dev/null
if cmp -s "$TMPD/sample.tar" "$TMPD/again.tar"; then
	ok "the same input gives the same archive"
else
	fail "two runs gave different archives"
fi

# Without -q the what-if goes to stderr; stdout is the same archive.
$MESHPLAN emit -o - "$FX" > "$TMPD/loud.tar" 2> "$TMPD/loud.err"
if cmp -s "$TMPD/sample.tar" "$TMPD/loud.tar" &&
	grep -q "what-if of each folder" "$TMPD/loud.err"; then
	ok "the what-if goes to stderr, the archive is unchanged"
else
	fail "the what-if is not on stderr, or the archive changed"
fi

# What cannot work is refused before any work, with nothing written.
expect_msg 2 "takes for the archive" \
	$MESHPLAN emit -o - --what-if json "$FX"/*.json
[ -s "$TMPD/out" ] && fail "--what-if json with -o -: wrote to stdout"
expect_msg 2 "writes to standard output" \
	$MESHPLAN emit -o - --force "$FX"/*.json
if command -v script > /dev/null 2>&1; then
	script -qec "$MESHPLAN emit -q -o - $FX/estate.json" /dev/null \
		> "$TMPD/tty" 2>&1
	if grep -q "not to a terminal" "$TMPD/tty"; then
		ok "-o - refuses a terminal"
	else
		cat "$TMPD/tty"
		fail "-o - wrote to a terminal"
	fi
else
	skip "script(1) is absent: the terminal check is not run"
fi
# Invalid input: exit 3 and not a byte of archive.
echo '{' > "$TMPD/bad.json"
expect_exit 3 $MESHPLAN emit -q -o - "$TMPD/bad.json"
if [ -s "$TMPD/out" ]; then
	fail "invalid input: bytes on stdout"
else
	ok "invalid input: nothing on stdout"
fi
# A full device: exit 2, and why.
if [ -w /dev/full ]; then
	$MESHPLAN emit -q -o - "$FX"/*.json > /dev/full 2> "$TMPD/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "standard output: No space" "$TMPD/err"; then
		ok "/dev/full: exit 2, and why"
	else
		cat "$TMPD/err"
		fail "/dev/full: exit $rc"
	fi
fi
finish
