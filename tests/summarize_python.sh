#!/bin/sh
# summarize_python.sh - "meshplan summarize --exact" must print what
# Python's ipaddress.collapse_addresses prints, on random mixed inputs
# (fixed seeds). Skipped with a note when python3 is missing.
. "$TOP/tests/lib.sh"
if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 missing; collapse_addresses comparison skipped"
	finish
	exit $?
fi
cat > "$TMPD/gen.py" <<'PY'
import ipaddress, random, sys
r = random.Random(int(sys.argv[1]))
out = []
for i in range(int(sys.argv[2])):
    if r.random() < 0.3:
        l = r.randint(36, 128)
        a = 0x20010db8 << 96 | r.getrandbits(20) << 84 | r.getrandbits(6) << 40
        out.append(ipaddress.ip_network((a >> (128 - l) << (128 - l), l)))
    else:
        l = r.randint(12, 32)
        a = 10 << 24 | r.getrandbits(16) << 8 | r.getrandbits(2) << 3
        out.append(ipaddress.ip_network((a >> (32 - l) << (32 - l), l)))
with open(sys.argv[3], "w") as f:
    for n in out:
        f.write(f"{n}\n")
v4 = [n for n in out if n.version == 4]
v6 = [n for n in out if n.version == 6]
with open(sys.argv[4], "w") as f:
    for n in list(ipaddress.collapse_addresses(v4)) + \
            list(ipaddress.collapse_addresses(v6)):
        f.write(f"{n}\n")
PY
for seed in 1 2 3 4 5 6; do
	python3 "$TMPD/gen.py" $seed 4000 "$TMPD/in" "$TMPD/want"
	"$MESHPLAN" summarize --exact --file "$TMPD/in" > "$TMPD/got"
	if cmp -s "$TMPD/want" "$TMPD/got"; then
		ok "seed $seed: $(wc -l < "$TMPD/want") prefixes, as Python"
	else
		diff "$TMPD/want" "$TMPD/got" | head -10
		fail "seed $seed differs from collapse_addresses"
	fi
done
finish
