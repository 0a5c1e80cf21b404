#!/bin/sh
# tests/cli_outputs.sh - what meshplan writes and what it never destroys:
# output folders carry a manifest (.meshplan-output) and --force replaces
# only such folders (never one with .git or files it did not write), whole
# (stale wave folders go); outputs are checked before the work; no message
# names a temporary file; modes follow the umask; no-replace writes are
# atomic (two concurrent writers: one wins, the file is whole); standard
# output is checked (/dev/full). Fault injection: a full disk (a 1 MiB
# tmpfs, or RLIMIT_FSIZE where mount is not permitted), a read-only folder
# (a read-only tmpfs), SIGINT and SIGTERM during a large emit, SIGKILL
# (leftovers swept by the next run).
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
FX=$TOP/fixtures/sample
MNT=""
cleanup() {
	for m in $MNT; do umount "$m" 2> /dev/null; done
	rm -rf "$TMPD"
}
trap cleanup EXIT

# No message may name a staged (temporary) path.
no_temp_names() {
	if grep -q 'meshplan-[A-Za-z0-9]\{6\}\|\.tmp[A-Za-z0-9]\{6\}' "$1"; then
		cat "$1"
		fail "$2: a message names a temporary file"
	else
		ok "$2: no temporary name in the messages"
	fi
}
# No staged leftover in folder $1.
no_leftovers() {
	if ls -A "$1" | grep -q '\.meshplan-'; then
		ls -A "$1"
		fail "$2: staged leftovers in $1"
	else
		ok "$2: nothing staged is left"
	fi
}

# 1. emit: a manifest lists every file written.
D=$TMPD/d
mkdir -p "$D"
expect_exit 0 "$MESHPLAN" emit -q -o "$D/out" "$FX"
(cd "$D/out" && find . -type f ! -name .meshplan-output | sed 's|^\./||' |
    LC_ALL=C sort) > "$TMPD/files"
grep -v '^#' "$D/out/.meshplan-output" > "$TMPD/listed"
if [ -s "$TMPD/files" ] && cmp -s "$TMPD/files" "$TMPD/listed"; then
	ok "the manifest lists exactly the files written ($(wc -l < "$TMPD/files"))"
else
	diff "$TMPD/files" "$TMPD/listed" | head
	fail "the manifest differs from the files written"
fi

# 2. Without --force an existing non-empty folder is kept; an empty one
# is fine; with --force meshplan's own folder is replaced.
expect_exit 2 "$MESHPLAN" emit -q -o "$D/out" "$FX"
grep -q 'exists; not replacing it (use --force)' "$TMPD/err" &&
    ok "the refusal says to use --force" || fail "refusal message: $(cat "$TMPD/err")"
mkdir "$D/empty"
expect_exit 0 "$MESHPLAN" emit -q -o "$D/empty" "$FX"
expect_exit 0 "$MESHPLAN" emit -q --force -o "$D/out" "$FX"

# 3. --force refuses a folder with .git, with a file it did not write,
# with no manifest; each leaves the folder exactly as it was.
refused() {	# refused LABEL DIR PATTERN
	find "$2" | LC_ALL=C sort > "$TMPD/before"
	"$MESHPLAN" emit -q --force -o "$2" "$FX" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	find "$2" | LC_ALL=C sort > "$TMPD/after"
	if [ "$rc" -eq 2 ] && grep -q -- "$3" "$TMPD/err" &&
	    cmp -s "$TMPD/before" "$TMPD/after"; then
		ok "$1: refused (exit 2, '$3'), nothing changed"
	else
		cat "$TMPD/err"
		fail "$1: exit $rc, or the folder changed"
	fi
}
R=$TMPD/repo
mkdir -p "$R" && git -C "$R" init -q . 2> /dev/null || mkdir -p "$R/.git"
echo keep > "$R/notes.txt"
refused "a git repository" "$R" "holds .git"
[ -f "$R/notes.txt" ] && [ -d "$R/.git" ] && ok "the repository is intact" ||
    fail "the repository was damaged"
cp -r "$D/out" "$D/withgit" && mkdir "$D/withgit/arm/.git"
refused "meshplan's folder with .git inside" "$D/withgit" "holds arm/.git"
cp -r "$D/out" "$D/extra" && echo x > "$D/extra/terraform/terraform.tfstate"
refused "an unlisted file" "$D/extra" "holds terraform/terraform.tfstate, which meshplan did not write"
cp -r "$D/out" "$D/extradir" && mkdir "$D/extradir/mine"
refused "an unlisted folder" "$D/extradir" "holds mine"
mkdir -p "$D/foreign" && echo x > "$D/foreign/a.txt"
refused "a folder without a manifest" "$D/foreign" "has no .meshplan-output"
echo x > "$D/afile"
refused "a file where the folder goes" "$D/afile" "not a folder"
ln -s "$D/out" "$D/alink"
refused "a symbolic link to meshplan's folder" "$D/alink" "symbolic link"

# 4. batch --force replaces the folder whole: a stale wave folder that an
# earlier run wrote is gone, not mixed with the new output.
B=$TMPD/b
expect_exit 0 "$MESHPLAN" batch -q -o "$B" "$FX"
mkdir -p "$B/wave-9-stale" && echo old > "$B/wave-9-stale/report.md"
echo "wave-9-stale/report.md" >> "$B/.meshplan-output"
ino1=$(ls -di "$B" | cut -d' ' -f1)
expect_exit 0 "$MESHPLAN" batch -q --force -o "$B" "$FX"
[ ! -e "$B/wave-9-stale" ] && [ -f "$B/plan.json" ] &&
    ok "batch --force: the stale wave folder is gone, the new output is there" ||
    fail "batch --force kept a stale folder"
ino2=$(ls -di "$B" | cut -d' ' -f1)
[ "$ino1" != "$ino2" ] && ok "the folder was swapped whole (a new folder)" ||
    fail "the folder was written in place"
no_leftovers "$TMPD" "batch --force"

# 5. Outputs are checked before the work, with the user's names.
expect_exit 0 "$MESHPLAN" report -q -o "$TMPD/missing/dir/r.md" "$FX"
[ -s "$TMPD/missing/dir/r.md" ] && ok "a missing parent folder is created" ||
    fail "report into a missing folder"
# An input error writes nothing: not even the missing parent folders.
printf '{"type": ' > "$TMPD/bad.json"
expect_exit 3 "$MESHPLAN" emit -o "$TMPD/deep/a/b/out" "$TMPD/bad.json"
expect_exit 3 "$MESHPLAN" report -o "$TMPD/deep2/x/r.md" "$TMPD/bad.json"
[ ! -e "$TMPD/deep" ] && [ ! -e "$TMPD/deep2" ] &&
    ok "an input error leaves no folder behind" || fail "an input error made folders"
echo x > "$TMPD/afile2"
expect_exit 2 "$MESHPLAN" report -q -o "$TMPD/afile2/r.md" "$FX"
grep -q "cannot write $TMPD/afile2/r.md: Not a directory" "$TMPD/err" &&
    ok "a parent that is a file: said so before the work" ||
    fail "parent is a file: $(cat "$TMPD/err")"
no_temp_names "$TMPD/err" "a parent that is a file"
mkdir -p "$TMPD/isdir"
expect_exit 2 "$MESHPLAN" report -q --force -o "$TMPD/isdir" "$FX"
grep -q 'isdir is a folder' "$TMPD/err" && ok "-o naming a folder: said so" ||
    fail "-o folder message: $(cat "$TMPD/err")"
no_temp_names "$TMPD/err" "-o naming a folder"
echo old > "$TMPD/r.md"
expect_exit 2 "$MESHPLAN" report -q -o "$TMPD/r.md" "$FX"
[ "$(cat "$TMPD/r.md")" = old ] && ok "an existing file is kept without --force" ||
    fail "report replaced a file without --force"
expect_exit 0 "$MESHPLAN" report -q --force -o "$TMPD/r.md" "$FX"

# 6. Modes follow the umask.
for m in 027 002; do
	rm -rf "$TMPD/um"
	(umask $m && "$MESHPLAN" emit -q -o "$TMPD/um" "$FX" &&
	    "$MESHPLAN" report -q -o "$TMPD/um.md" --force "$FX")
	f=$(stat -c %a "$TMPD/um/arm/prereq/README.md")
	d=$(stat -c %a "$TMPD/um/arm")
	r=$(stat -c %a "$TMPD/um.md")
	want_f=$(printf '%o' $((0666 & ~0$m)))
	want_d=$(printf '%o' $((0777 & ~0$m)))
	if [ "$f" = "$want_f" ] && [ "$d" = "$want_d" ] && [ "$r" = "$want_f" ]; then
		ok "umask $m: files $f, folders $d"
	else
		fail "umask $m: files $f and $r, folders $d (want $want_f, $want_d)"
	fi
done

# 7. Two concurrent writers of the same file without --force: exactly one
# wins; the file is whole (the same bytes as a run alone).
"$MESHPLAN" report -q -o "$TMPD/alone.md" "$FX"
won=0
i=0
while [ $i -lt 6 ]; do
	rm -f "$TMPD/same.md"
	"$MESHPLAN" report -q -o "$TMPD/same.md" "$FX" 2> "$TMPD/c1" &
	p1=$!
	"$MESHPLAN" report -q -o "$TMPD/same.md" "$FX" 2> "$TMPD/c2" &
	p2=$!
	wait $p1
	r1=$?
	wait $p2
	r2=$?
	if [ $((r1 + r2)) -eq 2 ] && [ $((r1 * r2)) -eq 0 ] &&
	    cmp -s "$TMPD/alone.md" "$TMPD/same.md"; then
		won=$((won + 1))
	else
		echo "round $i: exits $r1 $r2"; cat "$TMPD/c1" "$TMPD/c2"
	fi
	i=$((i + 1))
done
[ $won -eq 6 ] && ok "two concurrent report -o: one wins, one exits 2, file whole (6 rounds)" ||
    fail "concurrent writers: $won of 6 rounds right"
no_leftovers "$TMPD" "concurrent writers"
# Two concurrent emit --force into one folder: both may win in turn; the
# result is one whole output, its manifest valid.
cp -r "$D/out" "$TMPD/cf"
"$MESHPLAN" emit -q --force -o "$TMPD/cf" "$FX" 2> "$TMPD/c1" &
p1=$!
"$MESHPLAN" emit -q --force -o "$TMPD/cf" "$FX" 2> "$TMPD/c2" &
p2=$!
wait $p1
wait $p2
if diff -r "$D/out" "$TMPD/cf" > /dev/null; then
	ok "two concurrent emit --force: the folder is one whole output"
else
	fail "two concurrent emit --force: the folder is mixed"
fi
no_leftovers "$TMPD" "concurrent emit --force"

# 8. Standard output is checked: a lost what-if, help or version is exit 2.
if [ -w /dev/full ]; then
	expect_exit 2 sh -c "exec \"$MESHPLAN\" emit -o \"$TMPD/full1\" \"$FX\" > /dev/full"
	grep -q 'standard output' "$TMPD/err" && ok "emit > /dev/full: said so" ||
	    fail "emit > /dev/full: $(cat "$TMPD/err")"
	expect_exit 2 sh -c "exec \"$MESHPLAN\" --help > /dev/full"
	expect_exit 2 sh -c "exec \"$MESHPLAN\" --version > /dev/full"
	expect_exit 2 sh -c "exec \"$MESHPLAN\" emit --help > /dev/full"
	expect_exit 2 sh -c "exec \"$MESHPLAN\" analyze \"$FX\" > /dev/full"
	expect_exit 2 sh -c "exec \"$MESHPLAN\" summarize 10.0.0.0/24 10.0.1.0/24 > /dev/full"
	expect_exit 2 "$MESHPLAN" report -o /dev/full "$FX"
fi
# A device or FIFO given to -o is written as a stream (not replaced, no
# --force needed): -o /dev/stdout, -o /dev/null.
"$MESHPLAN" report -o /dev/stdout "$FX" > "$TMPD/via-dev-stdout" 2> "$TMPD/err"
"$MESHPLAN" report "$FX" > "$TMPD/via-stdout"
expect_exit 0 "$MESHPLAN" report -o /dev/null "$FX"
if [ -s "$TMPD/via-stdout" ] && cmp -s "$TMPD/via-stdout" "$TMPD/via-dev-stdout" &&
    [ -c /dev/null ] && { [ -L /dev/stdout ] || [ -c /dev/stdout ]; }; then
	ok "-o /dev/stdout and -o /dev/null are written as streams, not replaced"
else
	cat "$TMPD/err"
	fail "-o /dev/stdout or /dev/null"
fi
if mkfifo "$TMPD/fifo" 2> /dev/null; then
	cat "$TMPD/fifo" > "$TMPD/via-fifo" &
	cp=$!
	"$MESHPLAN" report -o "$TMPD/fifo" "$FX"
	wait $cp
	cmp -s "$TMPD/via-stdout" "$TMPD/via-fifo" && [ -p "$TMPD/fifo" ] &&
	    ok "-o FIFO: written through the pipe" || fail "-o FIFO"
else
	echo "SKIP: mkfifo failed; no FIFO test"
fi

# 9. Fault injection: a full disk and a read-only folder.
mkdir -p "$TMPD/small" "$TMPD/ro"
BIG=$TMPD/big
python3 tests/gen/gen_estate.py --out "$BIG" --regions 2 \
    --hubs-per-region 2 --spokes-per-hub 500 > /dev/null 2>&1 ||
    fail "gen_estate.py"
if mount -t tmpfs -o size=1m tmpfs "$TMPD/small" 2> /dev/null; then
	MNT="$TMPD/small"
	full=mount
else
	full=ulimit
fi
if [ $full = mount ]; then
	expect_exit 0 "$MESHPLAN" emit -q -o "$TMPD/small/out" "$FX"
	cp -r "$TMPD/small/out" "$TMPD/small-before"
	expect_exit 2 "$MESHPLAN" emit -q --force -o "$TMPD/small/out" "$BIG"
	grep -q "writing $TMPD/small/out/.*No space left" "$TMPD/err" &&
	    ok "full disk (1 MiB tmpfs): ENOSPC reported with the user's path" ||
	    fail "full disk: $(cat "$TMPD/err")"
	no_temp_names "$TMPD/err" "full disk"
	diff -r "$TMPD/small-before" "$TMPD/small/out" > /dev/null &&
	    ok "full disk: the old output is intact" ||
	    fail "full disk: the old output was changed"
	no_leftovers "$TMPD/small" "full disk"
	expect_exit 2 "$MESHPLAN" batch -q -o "$TMPD/small/b" "$BIG"
	[ ! -e "$TMPD/small/b" ] && ok "full disk: batch left no partial folder" ||
	    fail "full disk: batch left a partial folder"
	no_leftovers "$TMPD/small" "full disk, batch"
	# Fill the disk but for 8 KiB: the report does not fit.
	dd if=/dev/zero of="$TMPD/small/fill" bs=4k 2> /dev/null
	truncate -s -8k "$TMPD/small/fill"
	expect_exit 2 "$MESHPLAN" report -q --format html -o "$TMPD/small/r.html" "$FX"
	[ ! -e "$TMPD/small/r.html" ] && ok "full disk: no partial report" ||
	    fail "full disk: a partial report"
	no_leftovers "$TMPD/small" "full disk, report"
else
	echo "SKIP: mount is not permitted; full disk simulated with RLIMIT_FSIZE (ulimit -f)"
	(trap '' XFSZ; ulimit -f 1024; exec "$MESHPLAN" emit -q -o "$TMPD/lim" "$BIG") \
	    2> "$TMPD/err"
	rc=$?
	[ $rc -eq 2 ] && [ ! -e "$TMPD/lim" ] &&
	    ok "file size limit: exit 2, no partial folder" ||
	    fail "file size limit: exit $rc"
	no_leftovers "$TMPD" "file size limit"
fi
if mount -t tmpfs -o ro tmpfs "$TMPD/ro" 2> /dev/null; then
	MNT="$MNT $TMPD/ro"
	"$MESHPLAN" batch -o "$TMPD/ro/out" "$BIG" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "cannot write $TMPD/ro/out: Read-only" "$TMPD/err" &&
	    ! grep -q 'loading' "$TMPD/err"; then
		ok "read-only folder: batch refuses before any work (exit 2)"
	else
		cat "$TMPD/err"
		fail "read-only folder: exit $rc or work done first"
	fi
	expect_exit 2 "$MESHPLAN" report -q -o "$TMPD/ro/r.md" "$FX"
	no_temp_names "$TMPD/err" "read-only folder"
else
	echo "SKIP: mount is not permitted; no read-only folder test"
fi

# 10. SIGINT and SIGTERM during a large emit: nothing staged is left, the
# old output (of another input, so a finished run would change it) is as
# it was, and the run ends by the signal. The signal is sent while the
# files are being written: once the staged folder holds arm/ (a tight
# poll); while loading (the staged folder still empty) when the poll
# misses that moment, and the test says which.
expect_exit 0 "$MESHPLAN" emit -q -o "$TMPD/sig" "$FX"
cp -r "$TMPD/sig" "$TMPD/sig-before"
# What a run that finished before the signal wrote: whole, never mixed.
expect_exit 0 "$MESHPLAN" emit -q -o "$TMPD/sig-new" "$BIG" "$BIG"
# Old output intact, or (the signal came after the swap) the whole new
# one; then the old one is put back for the next round.
old_or_new() {	# old_or_new NAME
	if diff -r "$TMPD/$1-before" "$TMPD/$1" > /dev/null; then
		echo old
	elif diff -r "$TMPD/$1-new" "$TMPD/$1" > /dev/null; then
		rm -rf "$TMPD/$1" && cp -r "$TMPD/$1-before" "$TMPD/$1"
		echo new
	else
		echo mixed
	fi
}
staged() {	# the staged folder beside $TMPD/$1, when there is one
	ls -d "$TMPD/.$1.meshplan-"* 2> /dev/null | head -1
}
interrupted=0
for s in INT TERM INT TERM; do
	"$MESHPLAN" emit -q --force -o "$TMPD/sig" "$BIG" "$BIG" 2> "$TMPD/err" &
	pid=$!
	n=0
	when="while loading"
	while [ $n -lt 20000 ]; do
		d=$(staged sig)
		if [ -n "$d" ] && [ -d "$d/arm" ]; then
			when="while writing"
			break
		fi
		kill -0 $pid 2> /dev/null || break
		n=$((n + 1))
	done
	kill -$s $pid 2> /dev/null
	wait $pid 2> /dev/null
	rc=$?
	case $s in INT) want=130 ;; *) want=143 ;; esac
	got=$(old_or_new sig)
	if [ $rc -eq $want ] && [ "$got" != mixed ]; then
		ok "SIG$s during emit ($when): ended by the signal ($rc), output whole ($got)"
		interrupted=$((interrupted + 1))
	elif [ $rc -eq 0 ] && [ "$got" = new ]; then
		echo "note: SIG$s came after emit finished (the output is the new one)"
	else
		fail "SIG$s: exit $rc (want $want), output $got"
	fi
	no_leftovers "$TMPD" "SIG$s"
done
[ $interrupted -ge 1 ] && ok "$interrupted of 4 emits were interrupted" ||
    fail "no emit was interrupted (make the estate larger)"
# The same for batch, whose output has a thousand files: the signal lands
# after plan.json is staged.
python3 tests/gen/gen_estate.py --out "$TMPD/subs" --regions 2 \
    --hubs-per-region 2 --spokes-per-hub 500 --spokes-per-sub 1 \
    > /dev/null 2>&1 || fail "gen_estate.py --spokes-per-sub 1"
expect_exit 0 "$MESHPLAN" batch -q -o "$TMPD/bsig" "$FX"
cp -r "$TMPD/bsig" "$TMPD/bsig-before"
expect_exit 0 "$MESHPLAN" batch -q -o "$TMPD/bsig-new" "$TMPD/subs"
"$MESHPLAN" batch -q --force -o "$TMPD/bsig" "$TMPD/subs" 2> "$TMPD/err" &
pid=$!
n=0
when="before writing"
while [ $n -lt 20000 ]; do
	d=$(staged bsig)
	if [ -n "$d" ] && [ -f "$d/plan.json" ]; then
		when="while writing"
		break
	fi
	kill -0 $pid 2> /dev/null || break
	n=$((n + 1))
done
kill -INT $pid 2> /dev/null
wait $pid 2> /dev/null
rc=$?
got=$(old_or_new bsig)
if [ $rc -eq 130 ] && [ "$got" != mixed ]; then
	ok "SIGINT during batch ($when): ended by the signal, output whole ($got)"
elif [ $rc -eq 0 ] && [ "$got" = new ]; then
	echo "note: SIGINT came after batch finished (the output is the new one)"
else
	fail "SIGINT during batch: exit $rc or the output changed"
fi
no_leftovers "$TMPD" "SIGINT during batch"

# 11. SIGKILL leaves the staged folder; the next run removes it and says
# so (without naming it).
"$MESHPLAN" emit -q --force -o "$TMPD/sig" "$BIG" "$BIG" 2> /dev/null &
pid=$!
n=0
while [ $n -lt 400 ] && ! ls -A "$TMPD" | grep -q '^\.sig\.meshplan-'; do
	n=$((n + 1))
	sleep 0.01
done
kill -KILL $pid
wait $pid 2> /dev/null
if ls -A "$TMPD" | grep -q '^\.sig\.meshplan-'; then
	ok "SIGKILL leaves a staged folder"
	expect_exit 0 "$MESHPLAN" emit --force -o "$TMPD/sig" "$FX"
	grep -q 'removed what an interrupted run left beside' "$TMPD/err" &&
	    ok "the next run removed it and said so" ||
	    fail "no note about the leftover: $(cat "$TMPD/err")"
	no_temp_names "$TMPD/err" "sweep note"
	no_leftovers "$TMPD" "after the sweep"
else
	fail "SIGKILL: no staged folder was found to sweep"
fi
diff -r "$TMPD/sig-before" "$TMPD/sig" > /dev/null &&
    ok "after SIGKILL the output is whole" || fail "after SIGKILL the output differs"

# 8. A folder's RUNBOOK.md is the same for every target: with --target all
# the three targets' copies are one file (hard links), written once; a
# target emitted alone has its own copy, with the same bytes; --force
# replaces a folder that holds the links.
rm -rf "$TMPD/rb" "$TMPD/rb1"
"$MESHPLAN" emit -q -o "$TMPD/rb" "$FX" &&
    "$MESHPLAN" emit -q --target bicep -o "$TMPD/rb1" "$FX" &&
    "$MESHPLAN" emit -q --force -o "$TMPD/rb" "$FX" ||
    fail "emit for the RUNBOOK.md checks"
bad="" n=0
for a in "$TMPD/rb/arm"/*/RUNBOOK.md; do
	[ -f "$a" ] || continue
	rel=${a#"$TMPD/rb/arm/"}
	n=$((n + 1))
	for t in bicep terraform; do
		[ "$(stat -c %i "$TMPD/rb/$t/$rel")" = "$(stat -c %i "$a")" ] ||
			bad="$bad $t/$rel"
	done
	[ "$(stat -c %h "$a")" = 3 ] || bad="$bad links:$rel"
	[ "$(stat -c %h "$TMPD/rb1/bicep/$rel")" = 1 ] &&
	    cmp -s "$a" "$TMPD/rb1/bicep/$rel" || bad="$bad alone:$rel"
done
if [ $n -gt 0 ] && [ -z "$bad" ]; then
	ok "RUNBOOK.md: one file for the three targets in $n folders"
else
	fail "RUNBOOK.md: $n folders, not one shared file:$bad"
fi
finish
