#!/bin/sh
# tests/report.sh - `meshplan report` end to end: Markdown and JSON goldens
# per fixture, the same bytes whatever the input order, HTML that is
# well-formed (every inline SVG parses as XML, and so does the page with
# the SVGs taken out), self-contained (no scripts, no URLs but the SVG
# namespace), a headless Chromium screenshot when Chromium is installed,
# and the usual exit codes. GOLDEN_UPDATE=1 rewrites the goldens.
. "$TOP/tests/lib.sh"
G=$TOP/tests/golden/report
cd "$TOP" || exit 1

# 1. Goldens (paths relative to $TOP, so they appear the same everywhere).
for fx in two-hubs sample; do
	for fmt in md json; do
		if "$MESHPLAN" report --format "$fmt" "fixtures/$fx" \
		    > "$TMPD/$fx.$fmt" 2> "$TMPD/$fx.err"; then
			golden "$G/$fx.$fmt" "$TMPD/$fx.$fmt"
		else
			cat "$TMPD/$fx.err"
			fail "report --format $fmt fixtures/$fx exited non-zero"
		fi
	done
done

# 2. Input order does not matter: the files one by one, in reverse order.
files=$(find fixtures/two-hubs -name '*.json' | sort -r)
# shellcheck disable=SC2086
if "$MESHPLAN" report --format md $files > "$TMPD/rev.md" 2> /dev/null &&
    cmp -s "$TMPD/rev.md" "$TMPD/two-hubs.md"; then
	ok "same Markdown for the files in reverse order"
else
	diff -u "$TMPD/two-hubs.md" "$TMPD/rev.md" | head -20
	fail "Markdown depends on the input order"
fi

# 3. HTML: well-formed, self-contained, deterministic.
"$MESHPLAN" report --format html fixtures/two-hubs > "$TMPD/a.html" 2>&1
"$MESHPLAN" report --format html fixtures/two-hubs > "$TMPD/b.html" 2>&1
if cmp -s "$TMPD/a.html" "$TMPD/b.html"; then
	ok "HTML is deterministic"
else
	fail "two HTML runs differ"
fi
if python3 - "$TMPD/a.html" <<'PY'
import re, sys, xml.etree.ElementTree as ET
text = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg\b.*?</svg>", text, flags=re.S)
assert len(svgs) >= 3, "want at least 3 charts, got %d" % len(svgs)
for s in svgs:
    root = ET.fromstring(s)
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
rest = re.sub(r"<svg\b.*?</svg>", "", text, flags=re.S)
rest = re.sub(r"^<!DOCTYPE html>\n", "", rest)
page = ET.fromstring(rest)
assert page.tag == "html"
assert page.find("head/title") is not None
assert page.find("head/style") is not None
# One inline script (sortable, filterable tables), nothing loaded.
assert len(re.findall(r"<script", text, re.I)) == 1, "want one script"
assert re.search(r"<script>\n", text), "the script is inline"
assert not re.search(r"<script[^>]*src|<link|<img|@import|url\(", text, re.I)
urls = re.findall(r"https?://[^\"' <]+", text)
assert set(urls) <= {"http://www.w3.org/2000/svg"}, urls
ids = [e.get("id") for e in page.iter() if e.get("id")]
assert len(ids) == len(set(ids)), "duplicate ids"
print("%d svgs" % len(svgs))
PY
then
	ok "HTML and every SVG parse as XML; nothing external"
else
	fail "HTML is not well-formed or not self-contained"
fi

# 4. Hostile names are escaped in every format: a copy of a fixture with
# a VNet renamed (in its id, so everywhere) to markup and a mention.
mkdir -p "$TMPD/hostile"
cp -R fixtures/two-hubs/. "$TMPD/hostile/"
for f in $(grep -rl 'vnet-spoke-eus-dev' "$TMPD/hostile" --include='*.json'); do
	sed 's/vnet-spoke-eus-dev/dev<i>\&amp;@team|`y`/g' "$f" > "$f.new" &&
	    mv "$f.new" "$f"
done
"$MESHPLAN" report --format html "$TMPD/hostile" > "$TMPD/h.html" 2> /dev/null
"$MESHPLAN" report --format md "$TMPD/hostile" > "$TMPD/h.md" 2> /dev/null
# Text outside code fences (a fence shows its content verbatim).
awk '/^ *```/ { f = !f; next } !f' "$TMPD/h.md" > "$TMPD/h.txt"
if grep -q 'dev&lt;i&gt;&amp;amp;@team|`y`' "$TMPD/h.html" &&
    ! grep -q '<i>' "$TMPD/h.html" && ! grep -q '[^\\]<i>' "$TMPD/h.txt" &&
    ! grep -q '[^\\]@team' "$TMPD/h.txt" &&
    grep -q 'dev\\<i>\\&amp;\\@team\\|' "$TMPD/h.txt"; then
	ok "hostile VNet name escaped in HTML and Markdown"
else
	grep -n 'team' "$TMPD/h.md" | head -3
	fail "hostile VNet name not escaped"
fi

# 4b. Mermaid blocks: in the report, and every statement is one the
# diagrams write (generated node ids, quoted labels with no raw quote,
# backtick, "<", "|" or ";"), also with the hostile name.
for f in "$TMPD/two-hubs.md" "$TMPD/h.md"; do
	if python3 - "$f" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^```mermaid\n(.*?)^```$", text, re.S | re.M)
assert len(blocks) >= 3, "want 3 Mermaid blocks, got %d" % len(blocks)
lab = r'"[^"`<>|;]*"'
stmt = re.compile(r"^  (?:[chmw]\d+(?:\(\[%s\]\)|\[%s\]|\{\{%s\}\})"
                  r"|[chmw]\d+ (?:---|-->|-\.->(?:\|%s\|)?|==>\|%s\|) [chmw]\d+"
                  r"|style w\d+ stroke-width:4px)$" % ((lab,) * 5))
for b in blocks:
    lines = b.rstrip("\n").split("\n")
    assert lines[0] == "flowchart LR", lines[0]
    for l in lines[1:]:
        assert stmt.match(l), "not a statement the diagrams write: %r" % l
print("%d blocks" % len(blocks))
PY
	then
		ok "Mermaid diagrams in $(basename "$f"), every statement well-formed"
	else
		fail "Mermaid blocks of $(basename "$f")"
	fi
done

# 5. A browser renders it (non-empty screenshot) where Chromium exists.
chrome=""
for c in chromium chromium-browser google-chrome; do
	command -v "$c" > /dev/null 2>&1 && { chrome=$c; break; }
done
if [ -z "$chrome" ]; then
	echo "SKIP: no Chromium; headless render check skipped" >&2
	ok "headless render skipped (no Chromium)"
else
	prof=$(mktemp -d)
	sb=""
	[ "$(id -u)" -eq 0 ] && sb="--no-sandbox"
	# shellcheck disable=SC2086
	timeout 120 "$chrome" --headless $sb --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$prof" --screenshot="$TMPD/shot.png" \
	    --window-size=1400,2000 "file://$TMPD/a.html" > /dev/null 2>&1
	rm -rf "$prof"
	if [ -s "$TMPD/shot.png" ] && python3 - "$TMPD/shot.png" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1400, 2000), (w, h)
# More than one colour: decode IDAT and look at the bytes.
idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
    for i in range(8, len(data)) if data[i + 4:i + 8] == b"IDAT")
raw = zlib.decompress(idat)
assert len(set(raw[:200000])) > 8, "blank page"
PY
	then
		ok "Chromium renders the HTML report (1400x2000, not blank)"
	else
		fail "Chromium screenshot missing or blank"
	fi
	# The tables' script, in the browser: on a 40-spoke estate, sort the
	# hairpinning spokes by "In, cross hub" (twice: descending) and
	# filter them by one spoke's name; the page reports what it sees.
	python3 tests/gen/gen_estate.py --out "$TMPD/est40" --regions eastus2 \
	    --hubs-per-region 2 --spokes-per-hub 20 2> /dev/null
	"$MESHPLAN" report --format html "$TMPD/est40" > "$TMPD/s.html" \
	    2> /dev/null
	python3 - "$TMPD/s.html" > "$TMPD/st.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>
var t = null;
document.querySelectorAll('table.sortable').forEach(function (x) {
  if (x.tHead.rows[0].cells[0].textContent === 'Spoke') t = x;
});
var th = t.tHead.rows[0].cells[5], rows, v = [], ok = 'SORTED';
th.click(); th.click();
rows = t.tBodies[0].rows;
for (var i = 0; i !== rows.length; i++)
  v.push(parseFloat(rows[i].cells[5].textContent.replace(/,/g, '')));
for (var i = 1; i !== v.length; i++) if (v[i] > v[i - 1]) ok = 'UNSORTED';
var name = rows[3].cells[0].textContent, box = t.previousElementSibling;
box.value = name; box.dispatchEvent(new Event('input'));
var shown = 0;
for (var i = 0; i !== rows.length; i++)
  if (rows[i].style.display !== 'none') shown++;
document.title = 'PROBE ' + ok + ' ' + rows.length + ' ' + shown;
</script>
</body>"""
sys.stdout.write(page.replace("</body>", probe, 1))
PY
	prof=$(mktemp -d)
	# shellcheck disable=SC2086
	timeout 120 "$chrome" --headless $sb --disable-gpu --no-first-run \
	    --disable-background-networking --user-data-dir="$prof" \
	    --dump-dom "file://$TMPD/st.html" 2> /dev/null |
	    grep -o '<title>PROBE [^<]*</title>' > "$TMPD/probe.txt"
	rm -rf "$prof"
	if grep -q '^<title>PROBE SORTED 40 1</title>$' "$TMPD/probe.txt"; then
		ok "the HTML tables sort by a clicked column and filter by text (Chromium)"
	else
		cat "$TMPD/probe.txt"
		fail "sortable, filterable tables do not work in Chromium"
	fi
fi

# 6. Exit codes.
expect_exit 2 "$MESHPLAN" report --format pdf fixtures/two-hubs
expect_exit 2 "$MESHPLAN" report --format md
expect_exit 2 "$MESHPLAN" report --max-rows x fixtures/two-hubs
"$MESHPLAN" report --format md -o "$TMPD/out.md" fixtures/two-hubs 2> /dev/null
expect_exit 2 "$MESHPLAN" report --format md -o "$TMPD/out.md" fixtures/two-hubs
expect_exit 0 "$MESHPLAN" report --format md --force -o "$TMPD/out.md" \
    fixtures/two-hubs
if cmp -s "$TMPD/out.md" "$TMPD/two-hubs.md"; then
	ok "-o writes the same report as stdout"
else
	fail "-o output differs from stdout"
fi
echo '{"broken": ' > "$TMPD/bad.json"
expect_exit 3 "$MESHPLAN" report --format md -o "$TMPD/never.md" \
    "$TMPD/bad.json"
if [ -e "$TMPD/never.md" ]; then
	fail "a report was written for invalid input"
else
	ok "nothing written for invalid input"
fi
finish
