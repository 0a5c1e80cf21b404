#!/bin/sh
# tests/report_totals.sh - the counts a reviewer reads are the totals of
# plan.json: on a generated estate of 262 VNets (tables longer than the
# 200 and 25 row limits, 64,000-odd newly direct pairs of which plan.json
# lists 1,000), the Markdown, HTML and JSON reports and every PR body give
# the same totals as plan.json, and every capped table says "First N of
# TOTAL" with N the rows it shows. Also: the raw Markdown has no needless
# escapes (no "\." "\-" "\(" "\)" "\:"), and no "1 <plural>".
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1

E=$TMPD/estate
python3 tests/gen/gen_estate.py --out "$E" --regions eastus2 \
    --hubs-per-region 2 --spokes-per-hub 130 --dev-fraction 0.3 2> /dev/null
cat > "$TMPD/seg.yaml" <<'EOF'
segments:
  - name: prod
    match: {tags: {env: "^prod$"}}
  - name: nonprod
    match: {tags: {env: "^(dev|test)$"}}
deny:
  - [prod, nonprod]
EOF
if "$MESHPLAN" batch "$E" --policy "$TMPD/seg.yaml" -o "$TMPD/out" -q \
    > /dev/null 2> "$TMPD/err"; then
	ok "batch on a 262-VNet estate"
else
	cat "$TMPD/err"
	fail "batch exited non-zero"
fi
"$MESHPLAN" report --format md "$E" --policy "$TMPD/seg.yaml" \
    --max-rows 0 > "$TMPD/all.md" 2> /dev/null

if python3 - "$TMPD/out" "$TMPD/all.md" <<'PY'
import glob, html, json, os, re, sys

out, allmd = sys.argv[1], sys.argv[2]
plan = json.load(open(os.path.join(out, "plan.json")))
rj = json.load(open(os.path.join(out, "report.json")))
md = open(os.path.join(out, "report.md"), encoding="utf-8").read()
ht = open(os.path.join(out, "report.html"), encoding="utf-8").read()
# The HTML as text: tags out, entities decoded.
htext = html.unescape(re.sub(r"<[^>]+>", "", ht))
bad = []

def num(s):
    return int(s.replace(",", ""))

def check(what, got, want):
    if got != want:
        bad.append("%s: %r, plan.json says %r" % (what, got, want))

seg_total = plan["segmentation"]["total"]
assert plan["segmentation"]["truncated"] and seg_total > 1000, \
    "the estate should overflow the pair list"
check("report.json segmentation.total", rj["segmentation"]["total"], seg_total)
mesh_vnets = sum(len(m["vnets"]) for m in plan["meshes"])
waves = plan["waves"]

for name, text in (("report.md", md), ("report.html", htext)):
    m = re.search(r"([\d,]+) spoke pairs? becomes? directly reachable", text)
    check(name + " newly direct pairs", m and num(m.group(1)), seg_total)
    m = re.search(r"First ([\d,]+) of ([\d,]+) pairs", text)
    check(name + " pairs table total", m and num(m.group(2)), seg_total)
    m = re.search(r"The plan puts ([\d,]+) VNets? in ([\d,]+) AVNM "
                  r"mesh(?:es)? over ([\d,]+) waves?", text)
    check(name + " plan summary", m and tuple(num(g) for g in m.groups()),
          (mesh_vnets, len(plan["meshes"]), len(waves)))
    for w in waves:
        m = re.search(r"Wave %d: [^\n]*\n+Adds ([\d,]+) VNets?" % w["number"],
                      text)
        check("%s wave %d VNets" % (name, w["number"]),
              m and num(m.group(1)), len(w["vnets"]))
    m = re.search(r"([\d,]+) of ([\d,]+) ordered spoke pairs hairpin", text)
    check(name + " hairpinning pairs", m and num(m.group(1)),
          plan["effect"]["hairpins_before"])

# Waste per family, against Python's ipaddress: the summaries' addresses
# minus the covered prefixes (collapsed), IPv4 in addresses, IPv6 in /64s.
import ipaddress
for sm in plan["summaries"]:
    if not sm["prefixes"]:
        continue
    w = {}
    for fam in (4, 6):
        sums = [ipaddress.ip_network(x) for x in sm["prefixes"]]
        sums = [x for x in sums if x.version == fam]
        cov = ipaddress.collapse_addresses(
            [ipaddress.ip_network(c["prefix"]) for c in sm["covers"]
             if ipaddress.ip_network(c["prefix"]).version == fam])
        n = sum(x.num_addresses for x in sums) - sum(
            x.num_addresses for x in cov)
        w[fam] = n if fam == 4 else n / 2 ** 64
    row = re.search(r"^\| %s \|.*\| ([\d,.]+) \| ([\d,.]+) \|$" %
                    re.escape(sm["hub_name"]), md, re.M)
    check("waste of " + sm["hub_name"], row and (num(row.group(1)),
          float(row.group(2).replace(",", ""))), (w[4], w[6]))

# Every "First N of TOTAL" in the Markdown: N rows (or items) shown.
def capped(text, label):
    lines = text.split("\n")
    for i, l in enumerate(lines):
        m = re.match(r"\*First ([\d,]+) of ([\d,]+) (\w[\w ]*?)[;.]", l)
        if not m:
            continue
        shown, total = num(m.group(1)), num(m.group(2))
        if shown >= total:
            bad.append("%s:%d: first %d of %d" % (label, i + 1, shown, total))
        j, rows = i - 2, 0
        if lines[j].startswith("|"):
            while j >= 0 and lines[j].startswith("|"):
                rows += 1
                j -= 1
            rows -= 2   # the header and the delimiter row
        else:
            # A list: items (and their indented fences) up to the text
            # before it.
            while j >= 0 and not re.match(r"[A-Z#]", lines[j]):
                if re.match(r"(\d+\.|- \[ \]|-) ", lines[j]):
                    rows += 1
                j -= 1
        if rows != shown:
            bad.append("%s:%d: says %d shown, shows %d" % (label, i + 1,
                                                         shown, rows))
capped(md, "report.md")

# PR bodies: the wave's own VNets, with "First 25 of N" when capped.
for w in waves:
    body = glob.glob(os.path.join(out, "wave-%d-*" % w["number"],
                                  "PR_BODY.md"))
    assert len(body) == 1, body
    text = open(body[0], encoding="utf-8").read()
    m = re.search(r"Adds ([\d,]+) VNets?", text)
    check("PR body wave %d VNets" % w["number"], m and num(m.group(1)),
          len(w["vnets"]))
    n = len(w["vnets"])
    m = re.search(r"First ([\d,]+) of ([\d,]+) VNets", text)
    if n > 25:
        check("PR body wave %d table" % w["number"],
              m and (num(m.group(1)), num(m.group(2))), (25, n))
    elif m:
        bad.append("PR body wave %d capped at %s" % (w["number"], m.group(0)))
    capped(text, os.path.relpath(body[0], out))
    if text.count("```mermaid\n") < 2:
        bad.append("PR body wave %d has %d Mermaid blocks" % (
            w["number"], text.count("```mermaid\n")))
prereq = open(os.path.join(out, "prereq", "PR_BODY.md"), encoding="utf-8").read()
if prereq.count("```mermaid\n") < 2:
    bad.append("the prerequisites' PR body has no Mermaid diagrams")
if md.count("```mermaid\n") < 3:
    bad.append("report.md has %d Mermaid blocks" % md.count("```mermaid\n"))

# The uncapped report has no "First ... of" but for the plan's own cap.
full = open(allmd, encoding="utf-8").read()
caps = re.findall(r"First ([\d,]+) of ([\d,]+) (\w+)", full)
check("--max-rows 0 caps", caps, [("1,000", "{:,}".format(seg_total),
                                   "pairs")])

# Raw Markdown reads as it is: no needless escapes, no "1 <plural>".
for f in [os.path.join(out, "report.md"), allmd] + glob.glob(
        os.path.join(out, "*", "PR_BODY.md")):
    text = open(f, encoding="utf-8").read()
    for esc in ("\\.", "\\-", "\\(", "\\)", "\\:", "\\'", "\\="):
        if esc in text:
            bad.append("%s has %s" % (os.path.basename(f), esc))
    for l in text.split("\n"):
        # The planner's rollback text ("the wave's 1 VNets") is the
        # runbook's, not the report's.
        if "Remove the wave's" in l:
            continue
        m = re.search(r"(?<![\d,.])1 (VNets|members|pairs|waves|spokes|"
                      r"steps|meshes|circuits|private endpoints|rows|"
                      r"summaries|input files|connected groups)\b", l)
        if m:
            bad.append("%s: %r" % (os.path.basename(f), m.group(0)))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
then
	ok "md, html, json and PR bodies give plan.json's totals; capped tables say first N of TOTAL"
else
	fail "a count is not the total"
fi
finish
