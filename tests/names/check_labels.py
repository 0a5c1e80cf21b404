#!/usr/bin/env python3
"""check_labels.py NAMES_FILE UNIQUE_FILE OUTPUT... - every mention of a
colliding name in meshplan's user-facing text carries its qualifier.

NAMES_FILE lists names that two resources of the estate share, UNIQUE_FILE
names that one resource has (one per line). The text checked is what a user
reads: JSON and SARIF "message"/"text" strings, Markdown and HTML with code
spans, tags and Azure ids removed, and plain text as it is. A colliding
name must be followed (after an optional child path such as
"/snet-pe") by " (resource group "; a unique name never is. Prints each
offending line and exits 1 when there is one; prints how many mentions it
checked otherwise (and exits 1 when it checked none: a check of nothing
proves nothing).
"""
import html
import json
import re
import sys

QUAL = " (resource group "


def texts(path):
    data = open(path, encoding="utf-8").read()
    if path.endswith(".json") or path.endswith(".sarif"):
        out = []

        def walk(v, key=None):
            if isinstance(v, dict):
                for k, x in v.items():
                    walk(x, k)
            elif isinstance(v, list):
                for x in v:
                    walk(x, key)
            elif isinstance(v, str) and key in ("message", "text",
                                                "markdown"):
                out.append(v)
        walk(json.loads(data))
        return out
    if path.endswith(".html"):
        data = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", data,
                      flags=re.S)
        data = re.sub(r"<code>.*?</code>", " ", data, flags=re.S)
        data = html.unescape(re.sub(r"<[^>]+>", "\n", data))
    if path.endswith(".md") or path.endswith(".html"):
        data = re.sub(r"`[^`\n]*`", " ", data)
    return data.split("\n")


def strip_ids(line):
    # An Azure id names a resource exactly: nothing to qualify.
    return re.sub(r"\S*/(subscriptions|providers)/\S*", " ", line)


def main():
    dup = [x for x in open(sys.argv[1]).read().split() if x]
    uniq = [x for x in open(sys.argv[2]).read().split() if x]
    bad, checked = [], 0
    for path in sys.argv[3:]:
        for line in texts(path):
            line = strip_ids(line)
            for name, want in [(n, True) for n in dup] + \
                    [(n, False) for n in uniq]:
                pat = r"(?<![\w./-])" + re.escape(name) + r"(?![\w.-])"
                for m in re.finditer(pat, line):
                    rest = re.sub(r"^(/[\w.-]+)*", "", line[m.end():])
                    checked += 1
                    if rest.startswith(QUAL) != want:
                        bad.append("%s: %s %s: %s" % (path, name,
                                   "bare" if want else "qualified",
                                   line.strip()[:300]))
    for b in bad:
        print(b)
    if not bad:
        print("%d mentions checked" % checked)
    return 1 if bad or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
