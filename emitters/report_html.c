/*
 * report_html.c - the report as one self-contained HTML file: inline CSS,
 * inline SVG charts (svg.h), one small inline script (sortable, filterable
 * tables), no fonts, nothing fetched from the network. The document
 * (report_doc.h) is the same as the Markdown report's.
 *
 * Invariants: every text is escaped (html_escape); the markup is
 * well-formed XML as well as HTML (void elements self-closed, no named
 * entities but the XML five), so tests can parse it with an XML parser;
 * headings carry stable ids for the table of contents.
 */
#include "report.h"

#include <string.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"
#include "quote.h"
#include "report_doc.h"
#include "svg.h"

static const char css
    [] = "body{margin:0;background:#f5f7f9;color:#263238;"
	 "font:14px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif}\n"
	 "main{max-width:1200px;margin:0 auto;padding:24px 32px 64px;"
	 "background:#fff;box-shadow:0 0 12px rgba(0,0,0,.06)}\n"
	 "h1{font-size:26px;margin:8px 0 4px;color:#0d47a1}\n"
	 "h2{font-size:20px;margin:32px 0 8px;padding-bottom:4px;"
	 "border-bottom:2px solid #e3f2fd;color:#1565c0}\n"
	 "h3{font-size:16px;margin:24px 0 6px}\n"
	 "p.sub{color:#607d8b;margin-top:0}\n"
	 "nav{background:#eceff1;border-radius:6px;padding:8px 14px;"
	 "margin:12px 0}\n"
	 "nav a{margin-right:14px;color:#1565c0;text-decoration:none}\n"
	 "table{border-collapse:collapse;margin:8px 0 12px;width:100%}\n"
	 "th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;"
	 "vertical-align:top}\n"
	 "th{background:#eceff1;font-weight:600}\n"
	 "tr:nth-child(even) td{background:#fafafa}\n"
	 "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	 "td code{font-size:12px}\n"
	 "code,pre{font-family:ui-monospace,Menlo,Consolas,monospace}\n"
	 "pre{background:#263238;color:#eceff1;padding:8px 12px;"
	 "border-radius:4px;overflow-x:auto;font-size:12px}\n"
	 ".pill{display:inline-block;padding:0 8px;border-radius:9px;"
	 "font-size:12px;font-weight:600;color:#fff}\n"
	 ".ok{background:#2e7d32}.warn{background:#f9a825;color:#263238}\n"
	 ".critical{background:#ef6c00}.over{background:#c62828}\n"
	 ".error{background:#c62828}.warning{background:#f9a825;"
	 "color:#263238}.note{background:#546e7a}\n"
	 "p.more{color:#607d8b;font-style:italic}\n"
	 "figure{margin:12px 0;overflow-x:auto}\n"
	 "svg.chart{width:100%;height:auto}\n"
	 "svg.chart.wide{width:auto;max-width:none}\n"
	 "ul.check{list-style:none;padding-left:8px}\n"
	 "ul.check li::before{content:'\\2610';margin-right:8px}\n"
	 "footer{margin-top:40px;color:#90a4ae;font-size:12px}\n"
	 "input.filter{margin:8px 0 0;padding:4px 8px;width:280px;"
	 "border:1px solid #b0bec5;border-radius:4px;font:inherit}\n"
	 "table.sortable th{cursor:pointer}\n"
	 "table.sortable th[data-dir=asc]::after{content:' \\25B2'}\n"
	 "table.sortable th[data-dir=desc]::after{content:' \\25BC'}\n";

/* Tables with more rows than this get a filter box and sortable headers. */
#define SORTABLE_ROWS 10

/*
 * The one script of the page, inline (no external assets): a table of
 * class "sortable" sorts by the column whose header is clicked (numbers as
 * numbers, "1,234" and "95%" too; everything else as text), and the
 * filter box before it hides the rows that do not contain its text. The
 * script holds no "<" or "&", so the page stays well-formed XML.
 */
static const char script[] =
    "(function () {\n"
    "  var NUM = /^-?[0-9][0-9,]*([.][0-9]+)?%?$/;\n"
    "  function key(cell) {\n"
    "    var s = cell.textContent.trim();\n"
    "    return NUM.test(s) ? parseFloat(s.replace(/,/g, '')) : s;\n"
    "  }\n"
    "  function cmp(x, y) {\n"
    "    if (typeof x === 'number') {\n"
    "      if (typeof y === 'number') return x - y;\n"
    "      return -1;\n"
    "    }\n"
    "    if (typeof y === 'number') return 1;\n"
    "    return x.localeCompare(y);\n"
    "  }\n"
    "  document.querySelectorAll('table.sortable').forEach(function (t) {\n"
    "    var body = t.tBodies[0], box = t.previousElementSibling;\n"
    "    if (box !== null) {\n"
    "      box.addEventListener('input', function () {\n"
    "        var q = box.value.toLowerCase();\n"
    "        Array.prototype.forEach.call(body.rows, function (r) {\n"
    "          var hit = r.textContent.toLowerCase().indexOf(q) !== -1;\n"
    "          r.style.display = hit ? '' : 'none';\n"
    "        });\n"
    "      });\n"
    "    }\n"
    "    Array.prototype.forEach.call(t.tHead.rows[0].cells,\n"
    "        function (th, i) {\n"
    "      th.addEventListener('click', function () {\n"
    "        var dir = th.getAttribute('data-dir') === 'asc' ? -1 : 1;\n"
    "        var rows = Array.prototype.slice.call(body.rows);\n"
    "        Array.prototype.forEach.call(th.parentNode.cells,\n"
    "            function (h) { h.removeAttribute('data-dir'); });\n"
    "        th.setAttribute('data-dir', dir === 1 ? 'asc' : 'desc');\n"
    "        rows.sort(function (a, b) {\n"
    "          return dir * cmp(key(a.cells[i]), key(b.cells[i]));\n"
    "        });\n"
    "        rows.forEach(function (r) { body.appendChild(r); });\n"
    "      });\n"
    "    });\n"
    "  });\n"
    "})();\n";

/* A text of the document: code spans (report_doc.h) become <code>. */
static void
html_text(struct strbuf *sb, const char *s)
{
	struct strbuf run = STRBUF_INIT;
	const char *p = s, *end;
	bool code;

	while (p != NULL && *p != '\0') {
		code = *p == RD_CODE_ON;
		if (code)
			p++;
		end = strchr(p, code ? RD_CODE_OFF : RD_CODE_ON);
		sb_reset(&run);
		sb_putn(&run, p, end != NULL ? (size_t)(end - p) : strlen(p));
		if (code)
			sb_puts(sb, "<code>");
		html_escape(sb, sb_str(&run));
		if (code)
			sb_puts(sb, "</code>");
		p = end == NULL ? p + strlen(p) : code ? end + 1 : end;
	}
	sb_free(&run);
}

static void
html_more(struct strbuf *sb, struct rdoc *d, const struct rblock *b)
{
	const char *m = report_more(d, b);

	if (m == NULL)
		return;
	sb_puts(sb, "<p class=\"more\">");
	html_text(sb, m);
	sb_puts(sb, "</p>\n");
}

static void
html_table(struct strbuf *sb, struct rdoc *d, const struct rblock *b)
{
	size_t r, c;

	if (b->nrows > SORTABLE_ROWS) {
		sb_puts(sb,
		    "<input type=\"search\" class=\"filter\" "
		    "placeholder=\"Filter these rows\" aria-label=\"Filter the "
		    "rows of the table below\"/>\n<table class=\"sortable\">\n"
		    "<thead><tr>");
	} else
		sb_puts(sb, "<table>\n<thead><tr>");
	for (c = 0; c < b->ncols; c++) {
		sb_puts(sb,
		    b->num_cols & (1u << c) ? "<th class=\"num\">" : "<th>");
		html_escape(sb, b->head[c]);
		sb_puts(sb, "</th>");
	}
	sb_puts(sb, "</tr></thead>\n<tbody>\n");
	for (r = 0; r < b->nrows; r++) {
		sb_puts(sb, "<tr>");
		for (c = 0; c < b->ncols; c++) {
			const struct rcell *x = &b->cells.v[r * b->ncols + c];
			bool code = (b->code_cols & (1u << c)) != 0;

			sb_puts(sb,
			    b->num_cols & (1u << c) ? "<td class=\"num\">" :
						      "<td>");
			if (x->cls != NULL) {
				sb_puts(sb, "<span class=\"pill ");
				html_escape(sb, x->cls);
				sb_puts(sb, "\">");
			}
			if (code)
				sb_puts(sb, "<code>");
			if (code)
				html_escape(sb,
				    x->text != NULL && *x->text ? x->text :
								  "-");
			else
				html_text(sb,
				    x->text != NULL && *x->text ? x->text :
								  "-");
			if (code)
				sb_puts(sb, "</code>");
			if (x->cls != NULL)
				sb_puts(sb, "</span>");
			sb_puts(sb, "</td>");
		}
		sb_puts(sb, "</tr>\n");
	}
	sb_puts(sb, "</tbody>\n</table>\n");
	html_more(sb, d, b);
}

static void
html_list(struct strbuf *sb, struct rdoc *d, const struct rblock *b)
{
	size_t i;

	sb_puts(sb,
	    b->list == LIST_NUMBERED  ? "<ol>\n" :
		b->list == LIST_CHECK ? "<ul class=\"check\">\n" :
					"<ul>\n");
	for (i = 0; i < b->items.n; i++) {
		sb_puts(sb, "<li>");
		html_text(sb, b->items.v[i].text);
		if (b->items.v[i].code != NULL) {
			sb_puts(sb, "<pre><code>");
			html_escape(sb, b->items.v[i].code);
			sb_puts(sb, "</code></pre>");
		}
		sb_puts(sb, "</li>\n");
	}
	sb_puts(sb, b->list == LIST_NUMBERED ? "</ol>\n" : "</ul>\n");
	html_more(sb, d, b);
}

void
report_html(struct strbuf *sb, const struct report_in *in,
    const struct report_opts *o)
{
	struct arena *a = arena_new();
	struct rdoc d;
	size_t i;

	report_build(&d, a, in, o);
	sb_puts(sb,
	    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"/>\n<title>");
	html_escape(sb, d.title);
	sb_puts(sb, "</title>\n<style>\n");
	sb_puts(sb, css);
	sb_puts(sb, "</style>\n</head>\n<body>\n<main>\n<h1>");
	html_escape(sb, d.title);
	sb_puts(sb, "</h1>\n<p class=\"sub\">");
	html_text(sb, d.subtitle);
	sb_puts(sb, "</p>\n<nav>");
	for (i = 0; i < d.blocks.n; i++) {
		const struct rblock *b = &d.blocks.v[i];

		if (b->kind != BLK_HEADING || b->level != 2 ||
		    b->anchor == NULL || b->md_only)
			continue;
		sb_puts(sb, "<a href=\"#");
		html_escape(sb, b->anchor);
		sb_puts(sb, "\">");
		html_text(sb, b->text);
		sb_puts(sb, "</a>");
	}
	sb_puts(sb, "</nav>\n");
	for (i = 0; i < d.blocks.n; i++) {
		const struct rblock *b = &d.blocks.v[i];

		if (b->md_only)
			continue;
		switch (b->kind) {
		case BLK_HEADING:
			sb_printf(sb, "<h%d", b->level);
			if (b->anchor != NULL) {
				sb_puts(sb, " id=\"");
				html_escape(sb, b->anchor);
				sb_puts(sb, "\"");
			}
			sb_puts(sb, ">");
			html_text(sb, b->text);
			sb_printf(sb, "</h%d>\n", b->level);
			break;
		case BLK_PARA:
			sb_puts(sb, "<p>");
			html_text(sb, b->text);
			sb_puts(sb, "</p>\n");
			break;
		case BLK_TABLE:
			html_table(sb, &d, b);
			break;
		case BLK_LIST:
			html_list(sb, &d, b);
			break;
		case BLK_CODE:
			sb_puts(sb, "<pre><code>");
			html_escape(sb, b->text);
			sb_puts(sb, "</code></pre>\n");
			break;
		case BLK_SVG:
			sb_puts(sb, "<figure>\n");
			sb_puts(sb, b->text);
			sb_puts(sb, "</figure>\n");
			break;
		case BLK_MERMAID:
			break; /* the HTML draws its own SVG charts */
		}
	}
	sb_puts(sb, "<footer>");
	html_text(sb, d.subtitle);
	sb_puts(sb, "</footer>\n</main>\n<script>\n");
	sb_puts(sb, script);
	sb_puts(sb, "</script>\n</body>\n</html>\n");
	arena_free(a);
}
