#!/bin/sh
# tests/whatif_plan.sh - `meshplan emit` prints the offline what-if like
# `terraform plan`: "+" create, "~" modify with one line per changed
# property under it, "-" delete, "!" action; the text agrees with the JSON
# form (--what-if json) resource by resource; colour only on a terminal
# (a pseudo-terminal here) and never with NO_COLOR.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
E=$TMPD/estate
# Summaries change the hubs (modify) in the prerequisites; the waves
# create AVNM objects.
python3 tests/gen/gen_estate.py --out "$E" --regions eastus2 \
    --hubs-per-region 2 --spokes-per-hub 60 2> /dev/null
"$MESHPLAN" emit --target arm -o "$TMPD/t" "$E" > "$TMPD/plan.txt" 2> /dev/null
expect_exit 0 "$MESHPLAN" emit --target arm --what-if json -o "$TMPD/j" "$E"
cp "$TMPD/out" "$TMPD/plan.json"
if python3 - "$TMPD/plan.txt" "$TMPD/plan.json" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
doc = json.load(open(sys.argv[2]))
bad = []
sym = {"create": "+", "modify": "~", "delete": "-", "action": "!"}
# Text: folder headers, resource lines, property lines.
folders, cur = {}, None
for l in text[1:]:
    m = re.match(r"^(\S+): (\d+) to create, (\d+) to modify \((\d+) propert(?:y|ies)\), (\d+) to delete, (\d+) actions?$", l)
    if m:
        cur = folders.setdefault(m.group(1), {"head": [int(g) for g in m.groups()[1:]], "res": []})
        continue
    m = re.match(r"^  ([-+~!]) (\S+)( \(action\))?$", l)
    if m:
        cur["res"].append([m.group(1), m.group(2), []])
        continue
    m = re.match(r"^      ([-+~]) (\S+)(: .* -> .*| = .*)$", l)
    if m:
        cur["res"][-1][2].append((m.group(1), m.group(2)))
        continue
    if l:
        bad.append("unexpected line %r" % l[:120])
nmod = 0
for f in doc["folders"]:
    t = folders.get(f["folder"])
    if t is None:
        bad.append("no text for " + f["folder"])
        continue
    s = f["summary"]
    if t["head"] != [s["create"], s["modify"], s["properties"], s["delete"], s["action"]]:
        bad.append("%s: summary %s vs %s" % (f["folder"], t["head"], s))
    want = [[sym[c["op"]], c["id"], [p["path"] for p in c["properties"]]]
            for c in f["changes"]]
    got = [[r[0], r[1], [p[1] for p in r[2]]] for r in t["res"]]
    if want != got:
        bad.append("%s: text and JSON differ" % f["folder"])
    for c in f["changes"]:
        n = {o: sum(1 for x in f["changes"] if x["op"] == o) for o in sym}
        if c["op"] == "modify":
            nmod += 1
            if not c["properties"]:
                bad.append("modify without properties: " + c["id"])
            for p in c["properties"]:
                if p["before"] == p["after"] or not p["path"]:
                    bad.append("not a change: %s %s" % (c["id"], p))
    if [n["create"], n["modify"], n["delete"], n["action"]] != \
            [s["create"], s["modify"], s["delete"], s["action"]]:
        bad.append("%s: summary does not count the changes" % f["folder"])
if nmod == 0:
    bad.append("no modified resource: the test proves nothing about ~")
if not any(r[0] == "+" for t in folders.values() for r in t["res"]):
    bad.append("no created resource")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
then
	ok "what-if text (+ ~ - ! and changed properties) agrees with --what-if json"
else
	fail "what-if text and JSON disagree"
fi
if grep -q "$(printf '\033')" "$TMPD/plan.txt"; then
	fail "colour in piped output"
else
	ok "no colour when stdout is not a terminal"
fi
# A pseudo-terminal: colour; with NO_COLOR set: none.
if python3 - "$MESHPLAN" "$E" "$TMPD" <<'PY'
import os, pty, subprocess, sys
mp, est, d = sys.argv[1:4]
def run(env, out):
    m, s = pty.openpty()
    p = subprocess.Popen([mp, "emit", "--target", "arm", "-o",
                          os.path.join(d, out), est], stdout=s,
                         stderr=subprocess.DEVNULL, env=env)
    os.close(s)
    data = b""
    while True:
        try:
            chunk = os.read(m, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    p.wait()
    os.close(m)
    return data
env = dict(os.environ)
env.pop("NO_COLOR", None)
tty = run(env, "c1")
env["NO_COLOR"] = "1"
nc = run(env, "c2")
ok = b"\x1b[32m+\x1b[0m" in tty and b"\x1b[33m~\x1b[0m" in tty and \
    b"\x1b[" not in nc and b"to create" in nc
print("tty %d bytes, NO_COLOR %d bytes" % (len(tty), len(nc)))
sys.exit(0 if ok else 1)
PY
then
	ok "colour on a terminal, none with NO_COLOR"
else
	fail "terminal colour or NO_COLOR"
fi
expect_exit 2 "$MESHPLAN" emit --what-if yaml -o "$TMPD/x" "$E"
finish
