#!/usr/bin/env python3
"""apply_summaries.py - copy an exported estate and set, on each hub VNet
that plan.json proposes summaries for, properties.summarizedGatewayPrefixes
= {"addressPrefixes": [...]}: the estate as it is once the plan's summaries
step has run. Reads list-shaped exports (gen_estate.py --shape list: JSON
arrays or {"value": [...]}); other files are copied unchanged. Standard
library only.

usage: apply_summaries.py PLAN.json SRC_DIR DST_DIR
"""

import json
import os
import shutil
import sys


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    plan, src, dst = argv
    with open(plan) as f:
        p = json.load(f)
    want = {}
    for s in p.get("summaries", []):
        if s.get("prefixes") and s["prefixes"] != s.get("current"):
            want[s["hub"].lower()] = list(s["prefixes"])
    done = set()
    for root, _, files in os.walk(src):
        for fn in sorted(files):
            sp = os.path.join(root, fn)
            dp = os.path.join(dst, os.path.relpath(sp, src))
            os.makedirs(os.path.dirname(dp), exist_ok=True)
            if not fn.endswith(".json"):
                shutil.copyfile(sp, dp)
                continue
            with open(sp) as f:
                doc = json.load(f)
            rows = doc.get("value") if isinstance(doc, dict) else doc
            if isinstance(rows, list):
                for r in rows:
                    rid = r.get("id", "").lower() if isinstance(r, dict) \
                        else ""
                    if rid in want:
                        r.setdefault("properties", {})[
                            "summarizedGatewayPrefixes"] = {
                            "addressPrefixes": want[rid]}
                        done.add(rid)
            with open(dp, "w") as f:
                json.dump(doc, f)
    missing = sorted(set(want) - done)
    if missing:
        sys.stderr.write("apply_summaries: hub not found: %s\n" %
                         ", ".join(missing))
        return 1
    sys.stderr.write("apply_summaries: %d hub(s) changed\n" % len(done))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
