#!/bin/sh
# tests/analyze.sh - `meshplan analyze` end to end: goldens per fixture and
# format, lists-vs-templates equivalence, every real export, input-order
# independence, expected failures (exit 3, nothing written), usage errors
# (exit 2) and --fail-on (exit 1). GOLDEN_UPDATE=1 rewrites the goldens.
. "$TOP/tests/lib.sh"
G=$TOP/tests/golden/analyze
cd "$TOP" || exit 1

# 1. Goldens: each fixture in each format (paths relative to $TOP).
for fx in two-hubs two-hubs-template sample; do
	for fmt in json text sarif; do
		ext=$fmt
		[ "$fmt" = text ] && ext=txt
		if "$MESHPLAN" analyze --format "$fmt" "fixtures/$fx" \
		    > "$TMPD/$fx.$ext" 2> "$TMPD/$fx.err"; then
			golden "$G/$fx.$ext" "$TMPD/$fx.$ext"
		else
			cat "$TMPD/$fx.err"
			fail "analyze --format $fmt fixtures/$fx exited non-zero"
		fi
	done
done

# 1b. --pairs: one line per hairpinning pair, as many as the JSON counts.
"$MESHPLAN" analyze --format json --pairs "$TMPD/pairs.tsv" \
    fixtures/two-hubs > /dev/null 2>&1
golden "$G/two-hubs.pairs.tsv" "$TMPD/pairs.tsv"
want=$(sed -n 's/^    "pairs": \([0-9]*\),$/\1/p' "$TMPD/two-hubs.json" | head -1)
got=$(wc -l < "$TMPD/pairs.tsv" | tr -d ' ')
if [ -n "$want" ] && [ "$want" -gt 0 ] && [ "$got" = "$want" ]; then
	ok "--pairs lists the $want hairpinning pairs"
else
	fail "--pairs has $got lines, JSON says '$want' pairs"
fi
if awk -F'\t' 'NF != 10 || ($3 != "same-hub" && $3 != "cross-hub") ||
    ($10 != 0 && $10 != 1) { bad = 1 } END { exit bad }' "$TMPD/pairs.tsv" &&
    sort -c "$TMPD/pairs.tsv" 2> /dev/null; then
	ok "--pairs lines have 10 fields and come sorted"
else
	fail "--pairs lines malformed or unsorted"
fi

# 2. The same estate as REST lists and as export templates: identical
# estate and hubs blocks.
if command -v python3 > /dev/null 2>&1; then
	if python3 - "$TMPD/two-hubs.json" "$TMPD/two-hubs-template.json" \
	    <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
bad = [k for k in ("estate", "hubs", "hairpins") if a.get(k) != b.get(k)]
for k in bad:
    print("--- lists", k, json.dumps(a.get(k), indent=1, sort_keys=True))
    print("+++ templates", k, json.dumps(b.get(k), indent=1, sort_keys=True))
sys.exit(1 if bad or not a.get("hubs") else 0)
PY
	then
		ok "lists and templates give the same estate, hubs and hairpins"
	else
		fail "lists and templates differ in estate/hubs"
	fi
else
	echo "SKIP: python3 absent; lists-vs-templates comparison skipped"
fi

# 2b. The JSON validates against schemas/analyze.schema.json; the SARIF
# log is well formed (rules from the registry, results pointing at them).
if python3 -c 'import jsonschema' > /dev/null 2>&1; then
	if python3 - "$TOP/schemas/analyze.schema.json" "$TMPD"/*.json <<'PY'
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
bad = 0
for f in sys.argv[2:]:
    for e in v.iter_errors(json.load(open(f))):
        print(f, list(e.path), e.message[:200]); bad += 1
sys.exit(1 if bad else 0)
PY
	then
		ok "analyze JSON matches schemas/analyze.schema.json"
	else
		fail "analyze JSON does not match its schema"
	fi
else
	echo "SKIP: python3 jsonschema absent; schema validation skipped"
fi
if command -v python3 > /dev/null 2>&1; then
	if python3 - "$TMPD"/*.sarif <<'PY'
import json, sys
for f in sys.argv[1:]:
    d = json.load(open(f))
    assert d["version"] == "2.1.0", f
    run, = d["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(set(ids)) == len(ids) and ids == sorted(ids), f
    for r in rules:
        for k in ("shortDescription", "fullDescription", "help"):
            assert r[k]["text"], (f, r["id"], k)
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["results"], f
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"], (f, res)
        assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
        for loc in res.get("locations", []):
            for ll in loc.get("logicalLocations", []):
                assert ll["fullyQualifiedName"].startswith("/subscriptions/"), ll
            if "physicalLocation" in loc:
                assert loc["physicalLocation"]["artifactLocation"]["uri"].startswith("fixtures/")
PY
	then
		ok "SARIF logs are well formed"
	else
		fail "SARIF log malformed"
	fi
fi

# 3. Input order: the files of a fixture given one by one, in reverse
# order, give the same bytes as the directory.
for fx in two-hubs two-hubs-template; do
	files=$(find "fixtures/$fx" -name '*.json' | sort -r)
	# shellcheck disable=SC2086
	"$MESHPLAN" analyze --format json $files > "$TMPD/shuf.json" \
	    2> /dev/null
	if cmp -s "$TMPD/shuf.json" "$TMPD/$fx.json"; then
		ok "reverse file order gives identical bytes ($fx)"
	else
		diff -u "$TMPD/$fx.json" "$TMPD/shuf.json" | head -30
		fail "reverse file order changes the output ($fx)"
	fi
done

# 4. Every real export, one golden per file (exit code and output; the
# diagnostics go to the golden too, so a change in them shows).
SHARED=$(shared_dir)
if [ -n "$SHARED" ] && [ -d "$SHARED/fixtures-real" ]; then
	for f in $(cd "$SHARED/fixtures-real" && find . -name '*.json' |
	    sed 's|^\./||' | sort); do
		name=$(echo "$f" | sed 's|/|__|g; s|\.json$||')
		(cd "$SHARED/fixtures-real" && "$MESHPLAN" analyze \
		    --format json "$f" > "$TMPD/real.out" 2> "$TMPD/real.err")
		rc=$?
		{
			echo "exit $rc"
			if [ "$rc" -eq 0 ]; then
				cat "$TMPD/real.out"
			else
				cat "$TMPD/real.err"
			fi
		} > "$TMPD/real.golden"
		golden "$G/real/$name.json" "$TMPD/real.golden"
	done
else
	echo "SKIP: ../shared/fixtures-real absent; real-export goldens skipped"
fi

# 5. Expected failures: message, exit 3, nothing written to -o.
X=$TMPD/bad
mkdir -p "$X/emptydir"
head -c 700 fixtures/two-hubs/connectivity/rg-hub-eus.json > "$X/truncated.json"
printf '\000\001\002\377\376binary\000' > "$X/binary.json"
: > "$X/empty.json"
printf '{"value": [42]}\n' > "$X/nonobject.json"
cat > "$X/badcidr.json" <<'JSON'
{"value": [{"id": "/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1",
  "name": "v1", "type": "Microsoft.Network/virtualNetworks", "location": "eastus",
  "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/33"]}}}]}
JSON
expect_fail() {
	what=$1
	pattern=$2
	shift 2
	want=3
	case $what in missing*) want=2 ;; esac	# I/O error: exit 2
	rm -f "$X/out.json"
	"$MESHPLAN" analyze --format json -o "$X/out.json" "$@" \
	    > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		head -5 "$TMPD/err"
		fail "$what: exit $rc, want $want"
	elif ! grep -qi -- "$pattern" "$TMPD/err"; then
		head -5 "$TMPD/err"
		fail "$what: stderr lacks '$pattern'"
	elif [ -e "$X/out.json" ] || [ -s "$TMPD/out" ]; then
		fail "$what: output was written"
	else
		ok "$what: exit $want, '$pattern', nothing written"
	fi
}
expect_fail "truncated file" "json-truncated" "$X/truncated.json"
expect_fail "binary file" "file-binary" "$X/binary.json"
expect_fail "empty file" "file-empty" "$X/empty.json"
expect_fail "empty directory" "dir-empty" "$X/emptydir"
expect_fail "non-object resource" "expected a resource object" "$X/nonobject.json"
expect_fail "missing file" "no-such-file.json: error: no such file" "$X/no-such-file.json"
expect_fail "bad CIDR" "10.0.0.0/33. is not a valid CIDR" "$X/badcidr.json"
# One bad file among good ones still fails the whole run.
expect_fail "bad file among good ones" "badcidr.json" fixtures/sample \
    "$X/badcidr.json"

# 6. Usage errors: exit 2.
expect_exit 2 "$MESHPLAN" analyze
expect_exit 2 "$MESHPLAN" analyze --format xml fixtures/sample
expect_exit 2 "$MESHPLAN" analyze --fail-on fatal fixtures/sample
expect_exit 2 "$MESHPLAN" analyze --no-such-option fixtures/sample
expect_exit 2 "$MESHPLAN" analyze --onprem 10.0.0.0/99 fixtures/sample
expect_exit 2 "$MESHPLAN" analyze --format
echo keep > "$TMPD/existing"
expect_exit 2 "$MESHPLAN" analyze -o "$TMPD/existing" fixtures/sample
if [ "$(cat "$TMPD/existing")" = keep ]; then
	ok "-o refuses to replace an existing file"
else
	fail "-o replaced an existing file without --force"
fi
expect_exit 0 "$MESHPLAN" analyze --force --format json -o "$TMPD/existing" \
    fixtures/two-hubs
if cmp -s "$TMPD/existing" "$TMPD/two-hubs.json"; then
	ok "-o --force writes what stdout shows"
else
	fail "-o output differs from stdout"
fi

# 6b. --policy limits and --onprem reach the analysis: with a 5-prefix
# limit the East US hub (4 prefixes) is at 80% (warn: a note); a policy
# error is an input error.
printf 'limits: {gateway_ipv4: 5}\n' > "$TMPD/policy.yaml"
"$MESHPLAN" analyze --format json --policy "$TMPD/policy.yaml" \
    fixtures/two-hubs > "$TMPD/pol.json" 2> "$TMPD/pol.err"
if grep -q '"pressure": "warn"' "$TMPD/pol.json" &&
    grep -q '"rule": "MP201"' "$TMPD/pol.json" &&
    grep -q '"limit_ipv4": 5,' "$TMPD/pol.json"; then
	ok "--policy limits drive prefix pressure"
else
	cat "$TMPD/pol.err"
	fail "--policy limits not applied"
fi
printf 'limits: {gateway_ipv4: many}\n' > "$TMPD/badpolicy.yaml"
expect_exit 3 "$MESHPLAN" analyze --policy "$TMPD/badpolicy.yaml" \
    fixtures/sample
if grep -q 'badpolicy.yaml:1:' "$TMPD/err"; then
	ok "a bad policy is reported with file:line"
else
	fail "bad policy diagnostic lacks file:line"
fi
# Without the learned routes on-premises is unknown (MP304) and only
# cross-hub hairpins exist; --onprem 10.0.0.0/8 brings the same-hub ones.
"$MESHPLAN" analyze --format json fixtures/two-hubs/connectivity \
    fixtures/two-hubs/landingzones > "$TMPD/s1.json" 2> /dev/null
"$MESHPLAN" analyze --format json --onprem 10.0.0.0/8 \
    fixtures/two-hubs/connectivity fixtures/two-hubs/landingzones \
    > "$TMPD/s2.json" 2> /dev/null
if grep -q '"rule": "MP304"' "$TMPD/s1.json" &&
    grep -q '"same_hub": 0,' "$TMPD/s1.json" &&
    ! grep -q '"rule": "MP304"' "$TMPD/s2.json" &&
    ! grep -q '"same_hub": 0,' "$TMPD/s2.json"; then
	ok "--onprem replaces unknown on-premises routes"
else
	fail "--onprem had no effect on MP304 / same-hub hairpins"
fi

# 7. --fail-on: two-hubs has an error (Basic public IP), sample has
# warnings and notes but no error.
expect_exit 1 "$MESHPLAN" analyze --fail-on error fixtures/two-hubs
expect_exit 0 "$MESHPLAN" analyze --fail-on error fixtures/sample
expect_exit 1 "$MESHPLAN" analyze --fail-on warning fixtures/sample
expect_exit 0 "$MESHPLAN" analyze fixtures/two-hubs
finish
