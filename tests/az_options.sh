#!/bin/sh
# tests/az_options.sh - every az line meshplan writes uses only options the
# Azure CLI defines. The oracle is tests/az-options.tsv, a table read from the
# CLI's sources (azure-cli, azure-cli-core, knack, the network-manager
# extension; each row names its file and commit). Lines come from plan.json
# (steps[].command and waves[].rollback[].command, one az line per line of a
# command, the az inside $( ) of an until loop too) and from the README.md
# and RUNBOOK.md
# code lines under emit's output, for the sample, two-hubs (with the
# segments policy), hostile and a generated HSPE estate. Each line is split
# with shlex (POSIX); the command is the longest prefix in the table; every
# token beginning with '-' (--opt=value: the part before '=') must be an
# option of that command or a global one.
. "$TOP/tests/lib.sh"
TABLE="$TOP/tests/az-options.tsv"

cat > "$TMPD/check.py" << 'EOF'
import json, os, re, shlex, sys

def load_table(path):
    table = {}
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4 or not re.fullmatch(r"[0-9a-f]{40}", cols[3]) \
                or not cols[1].startswith("-") or not cols[2]:
            sys.exit("%s:%d: not command, option, source, 40-hex commit" % (path, n))
        table.setdefault(cols[0], set()).add(cols[1])
    return table

def check_line(table, line, where, counts, problems):
    """Check one az line (a str beginning with 'az ')."""
    try:
        words = shlex.split(line, posix=True)
    except ValueError as e:
        problems.append("%s: cannot split (%s): %s" % (where, e, line))
        return
    cmd = None
    for n in range(len(words), 1, -1):
        if " ".join(words[:n]) in table:
            cmd, rest = " ".join(words[:n]), words[n:]
            break
    if cmd is None or cmd == "*":
        problems.append("%s: command not in the table: %s" % (where, line))
        return
    counts[0] += 1
    counts[2].add(cmd)
    for w in rest:
        if not w.startswith("-"):
            continue
        opt = w.split("=", 1)[0] if w.startswith("--") else w
        counts[1] += 1
        if opt not in table[cmd] and opt not in table.get("*", ()):
            problems.append("%s: %s has no option %s: %s" % (where, cmd, opt, line))

def az_lines(text):
    """The az lines of a command text: lines beginning with 'az ', and the
    'az ...' inside $( ) of other lines (an until loop). A line with
    neither is returned as None (unexpected)."""
    for line in text.split("\n"):
        s = line.strip()
        if not s:
            continue
        if s.startswith("az "):
            yield s
            continue
        inner = re.findall(r"\$\((az [^()]*)\)", s)
        if not inner:
            yield None, s
        for i in inner:
            yield i

def check_text(table, text, where, counts, problems):
    for x in az_lines(text):
        if isinstance(x, tuple):
            problems.append("%s: a line that is no az command: %s" % (where, x[1]))
        else:
            check_line(table, x, where, counts, problems)

def main():
    table = load_table(sys.argv[1])
    mode, arg, label, countfile = sys.argv[2:6]
    counts, problems = [0, 0, set()], []
    if mode == "plan":
        plan = json.load(open(arg, encoding="utf-8"))
        steps = [("steps[%d]" % i, s) for i, s in enumerate(plan.get("steps", []))]
        for w, wave in enumerate(plan.get("waves", [])):
            steps += [("waves[%d].rollback[%d]" % (w, i), s)
                      for i, s in enumerate(wave.get("rollback", []))]
        for where, s in steps:
            if s.get("command"):
                check_text(table, s["command"], "%s %s" % (label, where), counts, problems)
    elif mode == "readme":
        for root, dirs, files in os.walk(arg):
            dirs.sort()
            for f in sorted(files):
                if f not in ("README.md", "RUNBOOK.md"):
                    continue
                path = os.path.join(root, f)
                for n, line in enumerate(open(path, encoding="utf-8"), 1):
                    line = line.rstrip("\n")
                    if not line.startswith("    "):
                        continue
                    s = line.strip()
                    if s.startswith("az ") or "$(az " in s:
                        check_text(table, s, "%s %s:%d" % (label, os.path.relpath(path, arg), n),
                                   counts, problems)
    elif mode == "text":
        check_text(table, open(arg, encoding="utf-8").read(), label, counts, problems)
    with open(countfile, "a") as f:
        f.write("%d\t%d\t%s\n" % (counts[0], counts[1], "|".join(sorted(counts[2]))))
    for p in problems[:40]:
        print(p)
    if len(problems) > 40:
        print("... %d more" % (len(problems) - 40))
    sys.exit(1 if problems or counts[0] == 0 else 0)

main()
EOF

CNT="$TMPD/counts"
: > "$CNT"
# check MODE ARG LABEL: one call of the checker, recorded as ok or fail.
check() {
	if python3 "$TMPD/check.py" "$TABLE" "$1" "$2" "$3" "$CNT" > "$TMPD/check.log" 2>&1; then
		ok "$3: $(tail -1 "$CNT" | cut -f1) az lines, $(tail -1 "$CNT" | cut -f2) options known to the CLI"
	else
		cat "$TMPD/check.log"
		fail "$3: az lines with options the CLI does not define"
	fi
}

# The table: every command the renderer writes (emitters/runbook.c, and the
# deploy lines of arm.c / bicep.c) has rows, and the global options are there.
for c in "az feature register" "az feature show" "az provider register" \
    "az network vnet subnet update" "az network vnet update" \
    "az resource update" "az resource create" "az network manager show" \
    "az network manager group create" \
    "az network manager group static-member create" \
    "az network manager group static-member delete" \
    "az network manager post-commit" "az tag update" \
    "az deployment group create" "az deployment sub create"; do
	if cut -f1 "$TABLE" | grep -qx "$c"; then
		:
	else
		fail "table: no rows for $c"
	fi
done
for o in --output -o --query --only-show-errors --debug --verbose --help; do
	awk -F'\t' -v o="$o" '$1 == "*" && $2 == o { f = 1 } END { exit !f }' \
	    "$TABLE" || fail "table: global option $o missing"
done
ok "table: rows for the 15 commands and the global options"

# Self-test: the same checker rejects an option the CLI lacks (also inside an
# until loop and in --opt=value form) and an unknown command, and accepts
# the line without it.
good="az network manager post-commit --subscription s --resource-group g --network-manager-name m --commit-type Connectivity --configuration-ids '[]' --target-locations eastus"
printf '%s\n' "$good" > "$TMPD/good.txt"
check text "$TMPD/good.txt" "self-test (a known-good line)"
n=0
for bad in "$good --scopes x" \
    "az network vnet update --subscription s -g g -n v --pe-vnet-policy=Basic" \
    "until [ \"\$(az feature show --namespace N --name F --query properties.state --output tsv --watch)\" = Registered ]; do sleep 60; done" \
    "az network manager create --scopes x" \
    "echo not an az line"; do
	n=$((n + 1))
	printf '%s\n' "$bad" > "$TMPD/bad.txt"
	if python3 "$TMPD/check.py" "$TABLE" text "$TMPD/bad.txt" "self-test" \
	    "$TMPD/selfcount" > "$TMPD/bad.log" 2>&1; then
		fail "self-test $n: the checker accepted: $bad"
	else
		ok "self-test $n: rejected ($(head -1 "$TMPD/bad.log" | cut -c1-90))"
	fi
done
: > "$CNT"

# The estates: plan.json and the emitted READMEs of each.
gen="$TMPD/gen"
# 8 spokes of 1,100 private endpoints each: over vnet_pes (1,000) and
# mesh_pes (2,000), so HSPE (feature registration, PE subnet and VNet
# policies) is planned (docs/planning.md).
if python3 "$TOP/tests/gen/gen_estate.py" --out "$gen" --seed 7 \
    --regions eastus,westus --hubs-per-region 1 --spokes-per-hub 4 \
    --pes-per-spoke 1100 > "$TMPD/gen.log" 2>&1; then
	ok "generated an HSPE estate"
else
	cat "$TMPD/gen.log"
	fail "gen_estate.py"
fi
# The sample estate with a network manager whose scope covers it: the plan
# uses it (az network manager show) instead of creating one.
mkdir -p "$TMPD/mgr"
cp "$TOP"/fixtures/sample/*.learned.json "$TMPD/mgr/"
python3 - "$TOP/fixtures/sample/estate.json" "$TMPD/mgr/estate.json" << 'EOF2'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
sub = d["value"][0]["id"].split("/")[2]
d["value"].append({
    "id": "/subscriptions/%s/resourceGroups/rg-avnm/providers/"
          "Microsoft.Network/networkManagers/avnm-existing" % sub,
    "name": "avnm-existing", "type": "Microsoft.Network/networkManagers",
    "location": "eastus2",
    "properties": {"networkManagerScopes": {"subscriptions": ["/subscriptions/" + sub],
                                            "managementGroups": []},
                   "networkManagerScopeAccesses": ["Connectivity"]}})
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), indent=1)
EOF2
gwargs=""
for f in "$gen"/*.learned.json; do
	[ -f "$f" ] && gwargs="$gwargs --gateway $(basename "$f" .learned.json)=$f"
done

n=0
for est in sample two-hubs hostile manager gen; do
	# shellcheck disable=SC2086
	case $est in
	sample) set -- "$TOP/fixtures/sample" ;;
	two-hubs) set -- --policy "$TOP/fixtures/policy/two-hubs-segments.yaml" \
	    "$TOP/fixtures/two-hubs" ;;
	hostile) set -- "$TOP/fixtures/hostile" ;;
	manager) set -- "$TMPD/mgr" ;;
	gen) set -- $gwargs "$gen" ;;
	esac
	if "$MESHPLAN" plan -q -o "$TMPD/$est.plan.json" "$@" > "$TMPD/run.log" 2>&1; then
		check plan "$TMPD/$est.plan.json" "$est plan.json"
	else
		cat "$TMPD/run.log"
		fail "$est: meshplan plan"
	fi
	if "$MESHPLAN" emit -q -o "$TMPD/$est.emit" "$@" > "$TMPD/run.log" 2>&1; then
		check readme "$TMPD/$est.emit" "$est READMEs"
	else
		cat "$TMPD/run.log"
		fail "$est: meshplan emit"
	fi
done

# Every command of the table was written by some estate (else this test
# proves little about it): the HSPE lines by the generated estate, tag
# update by the policy membership of two-hubs, manager show by the existing
# manager.
for c in $(cut -f1 "$TABLE" | grep '^az ' | sort -u | tr ' ' '_'); do
	c=$(echo "$c" | tr '_' ' ')
	if cut -f3 "$CNT" | tr '|' '\n' | grep -qx "$c"; then
		:
	else
		fail "no estate produced an '$c' line"
	fi
done
awk -F'\t' '{ l += $1; o += $2; n = split($3, c, "|"); for (i = 1; i <= n; i++) s[c[i]] = 1 }
    END { k = 0; for (x in s) k++
          printf "az_options: %d az lines, %d options checked, %d commands\n", l, o, k }' "$CNT"
finish
