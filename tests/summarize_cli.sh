#!/bin/sh
# summarize_cli.sh - "meshplan summarize" from the outside: arguments,
# files, stdin, comments, bad lines (file:line:col, exit 3), usage errors
# (exit 2), -o, --format json, --explain, budgets, determinism.
. "$TOP/tests/lib.sh"
M=$MESHPLAN

# Arguments, exact mode: a drop-in aggregate.
$M summarize --exact 10.0.1.0/24 10.0.0.0/24 10.0.2.0/24 2001:db8:1::/48 \
    2001:db8::/48 > "$TMPD/o" 2> "$TMPD/e"
printf '10.0.0.0/23\n10.0.2.0/24\n2001:db8::/47\n' > "$TMPD/want"
if cmp -s "$TMPD/o" "$TMPD/want"; then ok "exact from arguments"
else cat "$TMPD/o"; fail "exact from arguments"; fi

# Default mode: fewest prefixes, one summary over three /24s.
out=$($M summarize 10.0.0.0/24 10.0.1.0/24 10.0.3.0/24 172.16.0.0/24)
[ "$out" = "10.0.0.0/22
172.16.0.0/24" ] && ok "default mode" || fail "default mode: $out"

# A file with comments, blank lines, spaces, CRLF; and stdin.
printf '# spokes\n\n  10.0.0.0/24  # hub\n10.0.1.0/24\r\n\t10.0.3.0/24\n' \
    > "$TMPD/list"
out=$($M summarize --file "$TMPD/list")
[ "$out" = "10.0.0.0/22" ] && ok "file with comments" || fail "file: $out"
out=$($M summarize - < "$TMPD/list")
[ "$out" = "10.0.0.0/22" ] && ok "stdin as -" || fail "stdin: $out"
out=$($M summarize --file - < "$TMPD/list")
[ "$out" = "10.0.0.0/22" ] && ok "--file -" || fail "--file -: $out"

# Bad lines: every one reported with file:line:col, then exit 3.
printf '10.0.0.0/24\n10.0.0.1/24\n\n   10.0.0.256/24 # x\nfoo\n2001:db8::/129\n' \
    > "$TMPD/bad"
expect_exit 3 $M summarize --file "$TMPD/bad"
for want in "$TMPD/bad:2:1: error: host bits" \
    "$TMPD/bad:4:4: error: IPv4 octet is larger than 255" \
    "$TMPD/bad:5:1: error:" "$TMPD/bad:6:1: error: IPv6 prefix length"; do
	if grep -qF "$want" "$TMPD/err"; then ok "reported: $want"
	else cat "$TMPD/err"; fail "not reported: $want"; fi
done
[ ! -s "$TMPD/out" ] && ok "nothing written on bad input" ||
    fail "output despite bad input"
expect_exit 3 $M summarize 10.0.0.0/24 10.0.0.0/33
grep -q "argument 2" "$TMPD/err" && ok "bad argument named" ||
    fail "bad argument not named"
expect_exit 3 $M summarize 10.0.0.0/24 --forbid-file "$TMPD/bad"

# --normalize accepts host bits and bare addresses.
out=$($M summarize --exact --normalize 10.0.0.7/24 10.0.1.9 10.0.1.8)
[ "$out" = "10.0.0.0/24
10.0.1.8/31" ] && ok "--normalize" || fail "--normalize: $out"

# Usage errors: exit 2.
expect_exit 2 $M summarize --exact --max-prefixes 3 10.0.0.0/24
expect_exit 2 $M summarize --bogus 10.0.0.0/24
expect_exit 2 $M summarize
expect_exit 2 $M summarize --format xml 10.0.0.0/24
expect_exit 2 $M summarize --max-prefixes 0 10.0.0.0/24
expect_exit 2 $M summarize --min-len 33 10.0.0.0/24
expect_exit 2 $M summarize --file "$TMPD/does-not-exist"
expect_exit 0 $M summarize --help
grep -q "min-len6" "$TMPD/out" && ok "--help documents --min-len6" ||
    fail "--help"

# Forbidden prefixes, from arguments and a file; a supernet is fine.
out=$($M summarize 10.0.0.0/24 10.0.1.0/24 10.0.3.0/24 --forbid 10.0.2.64/26)
[ "$out" = "10.0.0.0/23
10.0.3.0/24" ] && ok "--forbid inside" || fail "--forbid: $out"
printf '# on-premises\n10.0.0.0/8\n' > "$TMPD/fb"
out=$($M summarize 10.0.0.0/24 10.0.1.0/24 10.0.3.0/24 --forbid-file "$TMPD/fb")
[ "$out" = "10.0.0.0/22" ] && ok "forbidden supernet is fine" ||
    fail "--forbid-file: $out"

# Minimum lengths per family.
out=$($M summarize 10.0.0.0/24 10.1.0.0/24)
[ "$out" = "10.0.0.0/24
10.1.0.0/24" ] && ok "default /16 minimum" || fail "min-len: $out"
out=$($M summarize --min-len 15 10.0.0.0/24 10.1.0.0/24)
[ "$out" = "10.0.0.0/15" ] && ok "--min-len 15" || fail "--min-len: $out"
out=$($M summarize --min-len6 32 2001:db8::/48 2001:db8:100::/48)
[ "$out" = "2001:db8::/39" ] && ok "--min-len6" || fail "--min-len6: $out"

# Budget: reachable, and unreachable with a warning and the best answer.
out=$($M summarize --max-prefixes 3 10.0.0.0/24 10.0.2.0/24 10.0.4.0/24 10.0.6.0/24)
[ "$out" = "10.0.0.0/22
10.0.4.0/24
10.0.6.0/24" ] && ok "budget 3" || fail "budget 3: $out"
expect_exit 0 $M summarize --max-prefixes 1 --min-len 24 10.0.0.0/24 10.0.2.0/24
grep -q "no allowed cover reaches 1 IPv4" "$TMPD/err" &&
    ok "unreachable budget warned" || fail "no budget warning"

# Must-cover that cannot be covered: warning, no summaries.
expect_exit 0 $M summarize --must-cover 10.0.0.0/8 172.16.0.0/24 172.16.1.0/24
grep -q "must-cover prefix 10.0.0.0/8" "$TMPD/err" && ok "blocked hub warned" ||
    fail "no must-cover warning"

# --explain.
out=$($M summarize --explain 10.0.0.0/24 10.0.1.0/24 10.0.3.0/24 172.16.0.0/24)
echo "$out" | grep -q "^10.0.0.0/22	summary	waste 256	covers 10.0.0.0/24 10.0.1.0/24 10.0.3.0/24$" &&
    echo "$out" | grep -q "^172.16.0.0/24	input$" &&
    echo "$out" | grep -q "^# ipv4: 4 prefixes before, 2 after" &&
    ok "--explain" || { echo "$out"; fail "--explain"; }

# JSON.
$M summarize --format json 10.0.0.0/24 10.0.1.0/24 10.0.3.0/24 \
    172.16.0.0/24 2001:db8::/64 2001:db8:0:1::/64 > "$TMPD/j"
if command -v python3 > /dev/null 2>&1; then
	if python3 - "$TMPD/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v4, v6 = d["families"]["ipv4"], d["families"]["ipv6"]
assert d["mode"] == "default", d
assert (v4["before"], v4["after"], v4["waste"]) == (4, 2, 256), v4
assert v4["summaries"] == [{"prefix": "10.0.0.0/22", "covers":
    ["10.0.0.0/24", "10.0.1.0/24", "10.0.3.0/24"], "waste": 256}], v4
assert v4["uncovered"] == ["172.16.0.0/24"], v4
assert v6["summaries"][0]["prefix"] == "2001:db8::/63", v6
assert d["budget_reached"] is True and d["must_cover_blocked"] is None
PY
	then ok "json shape"; else cat "$TMPD/j"; fail "json shape"; fi
else
	echo "SKIP: python3 missing; json shape not checked"
fi

# A count wider than 64 bits stays an exact JSON number (the JSON writer
# copies it as text); Python's ipaddress is the oracle.
$M summarize --format json --max-prefixes 1 --min-len6 0 2001:db8::/64 \
    3001:db9::/64 > "$TMPD/big"
if python3 - "$TMPD/big" <<'PY'
import ipaddress, json, sys
d = json.load(open(sys.argv[1]))
s = d["families"]["ipv6"]["summaries"][0]
net = ipaddress.ip_network(s["prefix"])
want = net.num_addresses - sum(ipaddress.ip_network(c).num_addresses for c in s["covers"])
assert s["waste"] == want and d["families"]["ipv6"]["waste"] == want, (s, want)
assert want > 2 ** 64
PY
then ok "a waste wider than 64 bits is written exactly"; else cat "$TMPD/big"; fail "wide waste"; fi

# -o: atomic, refuses to replace without --force.
expect_exit 0 $M summarize --exact -o "$TMPD/res" 10.0.0.0/25 10.0.0.128/25
[ "$(cat "$TMPD/res")" = "10.0.0.0/24" ] && ok "-o wrote" || fail "-o"
expect_exit 2 $M summarize --exact -o "$TMPD/res" 10.0.0.0/25
expect_exit 0 $M summarize --exact --force -o "$TMPD/res" 10.0.0.0/25
[ "$(cat "$TMPD/res")" = "10.0.0.0/25" ] && ok "--force replaced" ||
    fail "--force"
ls "$TMPD" | grep -q tmp && fail "temp file left behind" ||
    ok "no temp file left"

# Determinism: the same prefixes in another order give the same bytes.
printf '10.2.0.0/24\n10.0.0.0/24\n2001:db8::/48\n10.0.1.0/24\n10.2.1.0/24\n' \
    > "$TMPD/a"
sort -r "$TMPD/a" > "$TMPD/b"
$M summarize --format json --file "$TMPD/a" > "$TMPD/ja"
$M summarize --format json --file "$TMPD/b" > "$TMPD/jb"
cmp -s "$TMPD/ja" "$TMPD/jb" && ok "order-independent output" ||
    fail "output depends on input order"

finish
