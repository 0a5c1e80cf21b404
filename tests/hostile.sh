#!/bin/sh
# tests/hostile.sh - fixtures/hostile/ (fixtures/sample/ with every name,
# the resource group and extra tags made of quotes, ${...}, %{...},
# backslashes, <>&|`, newlines, non-ASCII and a 1,000+ character value;
# see fixtures/hostile/make-hostile.py) through the loaders and every
# output: emit --target all passes every validator and declares exactly
# the resources fixtures/sample declares; the static members of the three
# targets decode (JSON, HCL and Bicep string rules) to exactly the input's
# VNet ids; every az command of plan.json and of the READMEs, run by sh
# with a stub az, passes each name and id as one whole argument; analyze,
# plan and report exit 0, their JSON parses back to the input's names and
# tags, and HTML and Markdown text escape the names.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
H=fixtures/hostile
S=fixtures/sample
if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; tests/hostile.sh needs it" >&2
	skip "no python3: hostile round trips"
	finish
	exit 0
fi

# 0. The fixture is what its generator writes (nobody edited it by hand).
mkdir -p "$TMPD/regen/fixtures/hostile" "$TMPD/regen/fixtures/sample"
cp "$S"/*.json "$TMPD/regen/fixtures/sample/"
cp "$H/make-hostile.py" "$TMPD/regen/fixtures/hostile/"
python3 "$TMPD/regen/fixtures/hostile/make-hostile.py"
if diff -r "$H" "$TMPD/regen/fixtures/hostile" > /dev/null 2>&1; then
	ok "fixtures/hostile is make-hostile.py's output"
else
	fail "fixtures/hostile differs from make-hostile.py's output"
fi

# 1. emit --target all: validators, and the sample's resources.
expect_exit 0 "$MESHPLAN" emit -q --target all -o "$TMPD/h" "$H"
expect_exit 0 "$MESHPLAN" emit -q --target all -o "$TMPD/s" "$S"
iac_validate "$TMPD/h" "hostile emit"
iac_decl "$TMPD/s" > "$TMPD/s.decl"
iac_decl "$TMPD/h" > "$TMPD/h.decl"
if [ -s "$TMPD/s.decl" ] && cmp -s "$TMPD/s.decl" "$TMPD/h.decl"; then
	ok "hostile emit declares the sample's $(wc -l < "$TMPD/s.decl") resources (by type and count)"
else
	diff "$TMPD/s.decl" "$TMPD/h.decl" | head -20
	fail "hostile emit declares other resources than the sample"
fi

# With mesh_pes 1 the mesh needs HSPE: every spoke gets Basic in its
# wave's folder, by a nested deployment that reads the VNet when it runs.
printf 'limits: {mesh_pes: 1}\n' > "$TMPD/hspe.yaml"
expect_exit 0 "$MESHPLAN" emit -q --policy "$TMPD/hspe.yaml" -o "$TMPD/hx" "$H"
expect_exit 0 "$MESHPLAN" emit -q --policy "$TMPD/hspe.yaml" -o "$TMPD/sx" "$S"
iac_validate "$TMPD/hx" "hostile emit (HSPE, VNet changes)"
iac_decl "$TMPD/sx" > "$TMPD/sx.decl"
iac_decl "$TMPD/hx" > "$TMPD/hx.decl"
if grep -q virtualNetworks "$TMPD/sx.decl" &&
    cmp -s "$TMPD/sx.decl" "$TMPD/hx.decl"; then
	ok "hostile emit (HSPE) declares the sample's $(wc -l < "$TMPD/sx.decl") resources"
else
	diff "$TMPD/sx.decl" "$TMPD/hx.decl" | head -20
	fail "hostile emit (HSPE) declares other resources than the sample"
fi

# 2. Outputs parse back to the input's names, ids and tags.
expect_exit 0 "$MESHPLAN" plan -q -o "$TMPD/plan.json" "$H"
for f in text json sarif; do
	expect_exit 0 "$MESHPLAN" analyze -q --format $f -o "$TMPD/an.$f" "$H"
done
for f in md html json; do
	expect_exit 0 "$MESHPLAN" report -q --format $f -o "$TMPD/rep.$f" "$H"
done
if python3 - "$H/estate.json" "$TMPD" > "$TMPD/py.log" 2>&1 <<'PY'
import glob, json, os, re, subprocess, sys

est = json.load(open(sys.argv[1], encoding="utf-8"))["value"]
d = sys.argv[2]
vnets = [r for r in est if r["type"] == "Microsoft.Network/virtualNetworks"]
ids = {v["id"] for v in vnets}
names = {v["name"] for v in vnets}
tags = {v["id"]: v["tags"] for v in vnets}
spokes = ids - {v["id"] for v in vnets if v["name"].startswith("vnet-hub")}
rg = vnets[0]["id"].split("/")[4]
bad = []

# JSON outputs: the names and tags come back byte for byte.
plan = json.load(open(os.path.join(d, "plan.json"), encoding="utf-8"))
for pv in plan["vnets"]:
    if pv["id"] in tags and pv.get("tags") != tags[pv["id"]]:
        bad.append("plan.json tags of %s" % pv["name"])
if {pv["id"] for pv in plan["vnets"] if pv.get("wave")} != spokes:
    bad.append("plan.json: the spokes in waves are not the input's")
an = json.load(open(os.path.join(d, "an.json"), encoding="utf-8"))
json.load(open(os.path.join(d, "an.sarif"), encoding="utf-8"))
rep = json.load(open(os.path.join(d, "rep.json"), encoding="utf-8"))
txt = json.dumps([an, rep], ensure_ascii=False)
for n in names:
    if json.dumps(n, ensure_ascii=False)[1:-1] not in txt:
        bad.append("name missing from analyze/report JSON: %r" % n)

# Static members in each target decode to exactly the spokes' ids.
def hcl_str(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            n = s[i + 1]
            if n == "u":
                out.append(chr(int(s[i + 2:i + 6], 16))); i += 6; continue
            out.append({"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}[n])
            i += 2
        elif s.startswith("$${", i) or s.startswith("%%{", i):
            out.append(c + "{"); i += 3
        elif s.startswith("${", i) or s.startswith("%{", i):
            raise ValueError("unescaped template in HCL string")
        else:
            out.append(c); i += 1
    return "".join(out)

def bicep_str(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            n = s[i + 1]
            if n == "u":
                j = s.index("}", i)
                out.append(chr(int(s[i + 3:j], 16))); i = j + 1; continue
            out.append({"n": "\n", "t": "\t", "r": "\r", "'": "'", "\\": "\\", "$": "$"}[n])
            i += 2
        elif s.startswith("${", i):
            raise ValueError("unescaped interpolation in Bicep string")
        else:
            out.append(c); i += 1
    return "".join(out)

for tgt, pat, dec in (
        ("terraform", r'target_virtual_network_id\s*=\s*"((?:[^"\\]|\\.)*)"', hcl_str),
        ("bicep", r"resourceId: '((?:[^'\\]|\\.)*)'", bicep_str),
        ("arm", None, None)):
    got = set()
    for f in glob.glob(os.path.join(d, "h", tgt, "*", "*")):
        if os.path.isdir(f):
            continue
        text = open(f, encoding="utf-8").read()
        if tgt == "arm":
            if not f.endswith(".json"):
                continue
            for r in json.loads(text)["resources"]:
                if r["type"].endswith("/staticMembers"):
                    got.add(r["properties"]["resourceId"])
        elif f.endswith((".tf", ".bicep")):
            try:
                got |= {dec(m) for m in re.findall(pat, text)}
            except (ValueError, KeyError) as e:
                bad.append("%s: %s: %s" % (tgt, f, e))
    if got != spokes:
        bad.append("%s static members: %s" % (tgt, sorted(got ^ spokes)))

# No template PUTs a VNet body made from the export: the changes to the
# spokes' VNets are nested deployments that read the VNet at deployment
# time, and no Bicep file declares a VNet.
changed = set()
for f in glob.glob(os.path.join(d, "hx", "arm", "*", "*.json")):
    for r in json.load(open(f, encoding="utf-8"))["resources"]:
        if r["type"] == "Microsoft.Network/virtualNetworks":
            bad.append("ARM PUTs a VNet body: %s" % f)
        if r["type"] == "Microsoft.Resources/deployments":
            inner = r["properties"]["template"]["resources"][0]
            if not inner["properties"].startswith("[shallowMerge("):
                bad.append("nested change without merge: %s" % r["name"])
            if inner["type"] == "Microsoft.Network/virtualNetworks":
                n = inner["name"]
                changed.add(n[1:] if n.startswith("[[") else n)
for f in glob.glob(os.path.join(d, "hx", "bicep", "*", "*.bicep")):
    text = open(f, encoding="utf-8").read()
    if f.endswith("-change.bicep"):
        if "properties: shallowMerge([current, changes])" not in text:
            bad.append("Bicep change module without merge: %s" % f)
        continue
    for m in re.finditer(r"'Microsoft\.Network/virtualNetworks(/subnets)?@[^']*'( existing)?", text):
        if not m.group(2):
            bad.append("Bicep declares a VNet body: %s" % f)
want_changed = {v["name"] for v in vnets if v["id"] in spokes}
if not want_changed <= changed:
    bad.append("spokes without their nested VNet change: %s" %
               sorted(want_changed - changed))

# Every az command (plan.json steps, README deploy lines) run by sh with
# a stub az that prints its arguments NUL-separated. The feature
# registration's wait loop calls az feature show until it prints
# Registered: the stub prints it.
cmds = [s["command"] for s in plan["steps"] if s.get("command")]
for f in glob.glob(os.path.join(d, "h", "*", "*", "README.md")):
    cmds += [l.strip() for l in open(f, encoding="utf-8")
             if l.startswith("    az deployment ")]
# The static members' names are those plan.json gives; the VNet ids whole.
want = {s["resource"].rsplit("/", 1)[1] for s in plan["steps"]
        if s["kind"] == "member"} | spokes
seen = set()
for c in cmds:
    sh = ("az() { if [ \"$1 $2\" = 'feature show' ]; then echo Registered; "
          "return; fi; printf '%s\\0' \"$@\"; printf '\\n\\0'; }\n" + c + "\n")
    p = subprocess.run(["sh", "-c", sh], capture_output=True)
    if p.returncode != 0 or p.stderr:
        bad.append("sh failed on: %s (%s)" % (c, p.stderr[:200]))
        continue
    args = p.stdout.decode("utf-8").split("\0")
    seen |= set(args)
    for i, a in enumerate(args):
        if a == "--resource-group" and args[i + 1] != rg:
            bad.append("--resource-group %r in: %s" % (args[i + 1], c))
if not want <= seen:
    bad.append("not passed whole to az: %s" % sorted(want - seen))

# Text outputs escape the names outside code.
html = open(os.path.join(d, "rep.html"), encoding="utf-8").read()
if "sm-dev<i>" in html or "sm-dev&lt;i&gt;" not in html:
    bad.append("report.html does not escape <i>")
md = open(os.path.join(d, "rep.md"), encoding="utf-8").read()
prose = re.sub(r"```.*?```", "", md, flags=re.S)
# (a backslash before "<" and "$" is enough: no HTML, no math)
if re.search(r"(?<!\\)<i>", prose) or re.search(r"(?<!\\)\$\{hub\}", prose):
    bad.append("report.md prose does not escape a name")
for line in open(os.path.join(d, "an.text"), encoding="utf-8"):
    if "\x1b" in line:
        bad.append("terminal escape in analyze text")
print("\n".join(bad) if bad else "%d commands, %d names" % (len(cmds), len(names)))
sys.exit(1 if bad else 0)
PY
then
	ok "hostile: JSON round trips, static members decode, az arguments whole ($(tail -1 "$TMPD/py.log")), HTML/Markdown escaped"
else
	cat "$TMPD/py.log"
	fail "hostile: outputs do not round-trip or escape"
fi
finish
