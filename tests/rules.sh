#!/bin/sh
# tests/rules.sh - the rules are documented and can be accepted:
#   1. every rule of the SARIF driver has an absolute helpUri pointing to
#      its section of docs/rules.md, and docs/rules.md has a section for
#      every rule and none for a rule that does not exist;
#   2. a policy suppression is honoured by every format: SARIF result
#      suppressions (kind external, the reason as justification), JSON
#      "suppression", text "suppressed (policy)", Markdown and HTML
#      "Suppressed findings"; counts and --fail-on leave it out;
#   3. expiry against a pinned date (--today, SOURCE_DATE_EPOCH): expired
#      ones no longer apply and warn; without a pinned date the output does
#      not depend on the clock;
#   4. bad suppress entries are input errors (exit 3);
#   5. analyze text groups a rule's findings, --verbose lists each.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
FX=fixtures/sample

# 1. helpUri and sections.
"$MESHPLAN" analyze --format sarif "$FX" > "$TMPD/a.sarif" 2> /dev/null
if python3 - "$TMPD/a.sarif" docs/rules.md <<'PY'
import json, re, sys
from urllib.parse import urlparse
log = json.load(open(sys.argv[1]))
doc = open(sys.argv[2], encoding="utf-8").read()
rules = log["runs"][0]["tool"]["driver"]["rules"]
assert len(rules) >= 16, len(rules)
sections = re.findall(r"^## (MP\d{3})$", doc, re.M)
bad = []
for r in rules:
    u = r.get("helpUri", "")
    p = urlparse(u)
    if not p.scheme or p.fragment != r["id"].lower() or \
            not p.path.endswith("/rules.md"):
        bad.append("%s helpUri %r" % (r["id"], u))
    if r["id"] not in sections:
        bad.append("%s has no section in docs/rules.md" % r["id"])
    else:
        # The line after the heading names the rule and its severity.
        m = re.search(r"^## %s\n\n\*\*([a-z0-9-]+)\*\* · (\w+)" % r["id"],
                      doc, re.M)
        if not m or m.group(1) != r["name"] or \
                m.group(2) != r["defaultConfiguration"]["level"]:
            bad.append("%s: section does not name %s / %s" % (
                r["id"], r["name"], r["defaultConfiguration"]["level"]))
ids = [r["id"] for r in rules]
for s in sections:
    if s not in ids:
        bad.append("docs/rules.md documents %s, which is no rule" % s)
if sections != sorted(sections) or len(set(sections)) != len(sections):
    bad.append("sections not in id order, or repeated")
for part in ("**What.**", "**Why it matters.**", "**How to fix.**",
             "**Example.**"):
    if doc.count(part) != len(sections):
        bad.append("%d sections, %d %s" % (len(sections), doc.count(part),
                                            part))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
then
	ok "every rule has an absolute helpUri and a section in docs/rules.md"
else
	fail "rules and docs/rules.md disagree"
fi

# 2. A suppression in every format.
cat > "$TMPD/sup.yaml" <<'EOF'
suppress:
  - rule: hairpinning-spoke
    resource: "VNET-APP-D*"
    reason: "dev stays on the MSEE path until CHG-42 | <ok>"
  - rule: MP106
    reason: "second circuit ordered"
    expires: 2026-01-31
EOF
P="--policy $TMPD/sup.yaml --today 2026-01-31"
for f in sarif json text; do
	# shellcheck disable=SC2086
	"$MESHPLAN" analyze --format $f $P "$FX" > "$TMPD/s.$f" 2> "$TMPD/s.err"
done
# shellcheck disable=SC2086
"$MESHPLAN" report --format md $P "$FX" > "$TMPD/s.md" 2> /dev/null
# shellcheck disable=SC2086
"$MESHPLAN" report --format html $P "$FX" > "$TMPD/s.html" 2> /dev/null
"$MESHPLAN" analyze --format json "$FX" > "$TMPD/plain.json" 2> /dev/null
if python3 - "$TMPD" <<'PY'
import html, json, os, re, sys
d = sys.argv[1]
bad = []
reason = "dev stays on the MSEE path until CHG-42 | <ok>"
log = json.load(open(os.path.join(d, "s.sarif")))
res = log["runs"][0]["results"]
sup = [r for r in res if r.get("suppressions")]
ids = sorted(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
             .rsplit("/", 1)[1] + " " + r["ruleId"] for r in sup)
if ids != ["ergw-hub MP106", "vnet-app-dev MP101"]:
    bad.append("SARIF suppressed %s" % ids)
for r in sup:
    s = r["suppressions"]
    if len(s) != 1 or s[0]["kind"] != "external" or \
            s[0].get("status") != "accepted" or not s[0]["justification"]:
        bad.append("SARIF suppression %r" % s)
    if r["ruleId"] == "MP101" and s[0]["justification"] != reason:
        bad.append("justification %r" % s[0]["justification"])
j = json.load(open(os.path.join(d, "s.json")))
plain = json.load(open(os.path.join(d, "plain.json")))
js = [f for f in j["findings"] if "suppression" in f]
if len(js) != 2 or len(j["findings"]) != len(plain["findings"]):
    bad.append("JSON: %d suppressed of %d (plain %d)" % (
        len(js), len(j["findings"]), len(plain["findings"])))
if not any(f["suppression"]["reason"] == reason and
           f["suppression"]["expires"] is None for f in js):
    bad.append("JSON suppression reason")
text = open(os.path.join(d, "s.text"), encoding="utf-8").read()
if "(2 suppressed by the policy)" not in text or \
        not re.search(r"suppressed \(policy\)\n  MP\d+ .*\n  MP\d+ ", text) \
        or reason not in text or "until 2026-01-31" not in text:
    bad.append("text:\n" + text[text.find("findings:"):])
md = open(os.path.join(d, "s.md"), encoding="utf-8").read()
sec = md[md.find("### Suppressed findings"):]
if "### Suppressed findings" not in md or \
        "until CHG-42 \\| \\<ok>" not in sec or "2026-01-31" not in sec or \
        "second circuit ordered" not in sec:
    bad.append("Markdown does not list the suppressed findings")
if "2 findings suppressed by the policy" not in md:
    bad.append("Markdown count of suppressed findings")
ht = html.unescape(re.sub(r"<[^>]+>", " ", open(
    os.path.join(d, "s.html"), encoding="utf-8").read()))
if "Suppressed findings" not in ht or reason not in ht:
    bad.append("HTML does not list the suppressed findings")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
then
	ok "a suppression carries its justification in SARIF, JSON, text, Markdown and HTML"
else
	fail "a format ignores the suppression"
fi
# --fail-on leaves suppressed findings out: suppress every warning.
cat > "$TMPD/all.yaml" <<'EOF'
suppress:
  - {rule: MP101, reason: accepted}
  - {rule: MP106, reason: accepted}
EOF
if "$MESHPLAN" analyze --fail-on warning "$FX" > /dev/null 2>&1; then
	fail "the sample has no warning to suppress"
else
	expect_exit 0 "$MESHPLAN" analyze --fail-on warning --policy \
	    "$TMPD/all.yaml" "$FX"
fi

# 3. Expiry against a pinned date; no clock in the output.
"$MESHPLAN" analyze --format sarif --policy "$TMPD/sup.yaml" --today \
    2026-02-01 "$FX" > "$TMPD/late.sarif" 2> "$TMPD/late.err"
SOURCE_DATE_EPOCH=1769904000 "$MESHPLAN" analyze --format sarif --policy \
    "$TMPD/sup.yaml" "$FX" > "$TMPD/sde.sarif" 2> "$TMPD/sde.err"
if grep -q 'sup.yaml:5:5: warning: the suppression of MP106 .*expired on 2026-01-31 (today is 2026-02-01).*\[suppress-expired\]' \
    "$TMPD/late.err" && [ "$(grep -c '"suppressions"' "$TMPD/late.sarif")" -eq 1 ] &&
    cmp -s "$TMPD/late.sarif" "$TMPD/sde.sarif"; then
	ok "expired on the pinned date (--today, SOURCE_DATE_EPOCH 2026-02-01): reported again, with a warning"
else
	cat "$TMPD/late.err" "$TMPD/sde.err"
	fail "expiry against a pinned date"
fi
# Unpinned: the same bytes as a date before the expiry, whatever the clock;
# the clock (past 2026-01-31 here) only warns.
env -u SOURCE_DATE_EPOCH "$MESHPLAN" analyze --format sarif --policy \
    "$TMPD/sup.yaml" "$FX" > "$TMPD/free.sarif" 2> "$TMPD/free.err"
"$MESHPLAN" analyze --format sarif --policy "$TMPD/sup.yaml" --today \
    2025-06-01 "$FX" > "$TMPD/early.sarif" 2> /dev/null
if cmp -s "$TMPD/free.sarif" "$TMPD/early.sarif" &&
    [ "$(grep -c '"suppressions"' "$TMPD/free.sarif")" -eq 2 ]; then
	ok "without a pinned date every suppression applies (output independent of the clock)"
else
	fail "unpinned output depends on the clock"
fi
if [ "$(date -u +%Y-%m-%d)" \> 2026-01-31 ]; then
	grep -q 'expired on 2026-01-31 (the clock says' "$TMPD/free.err" &&
	    ok "the clock warns on stderr" ||
	    fail "no clock warning: $(cat "$TMPD/free.err")"
fi

# 4. Bad entries.
printf 'suppress:\n  - {rule: MP999, reason: x}\n' > "$TMPD/b1.yaml"
printf 'suppress:\n  - {rule: MP101, reason: x, expires: 2026-02-30}\n' \
    > "$TMPD/b2.yaml"
printf 'suppress:\n  - {rule: MP101}\n' > "$TMPD/b3.yaml"
for b in b1 b2 b3; do
	expect_exit 3 "$MESHPLAN" analyze --policy "$TMPD/$b.yaml" "$FX"
	grep -q "$b.yaml:2:" "$TMPD/err" || fail "$b: no file:line in $(cat "$TMPD/err")"
done
expect_exit 2 "$MESHPLAN" analyze --today 2026-1-1 "$FX"
SOURCE_DATE_EPOCH=yesterday expect_exit 2 "$MESHPLAN" analyze "$FX"

# 5. Text groups a rule's findings; --verbose lists each.
python3 tests/gen/gen_estate.py --out "$TMPD/est" --hubs-per-region 1 \
    --regions eastus2 --spokes-per-hub 40 2> /dev/null
"$MESHPLAN" analyze "$TMPD/est" > "$TMPD/g.txt" 2> /dev/null
"$MESHPLAN" analyze --verbose "$TMPD/est" > "$TMPD/v.txt" 2> /dev/null
n=$("$MESHPLAN" analyze --format json "$TMPD/est" 2> /dev/null |
    python3 -c 'import json,sys; print(sum(f["rule"] == "MP101" for f in json.load(sys.stdin)["findings"]))')
if [ "$(grep -c '^  MP101 ' "$TMPD/g.txt")" -eq 1 ] &&
    grep -q "^  MP101  $n x hairpinning-spoke: " "$TMPD/g.txt" &&
    grep -q "and $((n - 3)) more (--verbose lists each)" "$TMPD/g.txt" &&
    [ "$(grep -c '^  MP101 ' "$TMPD/v.txt")" -eq "$n" ] && [ "$n" -gt 30 ]; then
	ok "text: $n MP101 findings on one line, --verbose lists $n"
else
	grep MP101 "$TMPD/g.txt" | head -3
	fail "text does not group MP101 ($n findings)"
fi
finish
