/*
 * report_md.c - the report in Markdown (CommonMark with GitHub tables), the
 * body of the pull requests `meshplan pr` prepares. Charts are HTML-only;
 * everything else of the document (report_doc.h) is rendered.
 *
 * Invariants: every text from the input goes through md_escape (or into a
 * code span or fence that cannot be closed by it), so a VNet named
 * "x|y", "@team" or "<script>" cannot break a table, mention someone or
 * inject HTML; md_escape escapes only what Markdown would misread there,
 * so the raw text reads as it is meant (reviewers read it in diffs).
 * Ids, prefixes and commands are code spans or fences. Limits: GitHub refuses
 * PR bodies over 65,536 characters; PR bodies are built with a row limit to
 * stay well under it.
 */
#include "report.h"

#include <string.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"
#include "quote.h"
#include "report_doc.h"

/*
 * A code span that no backtick in s can close; newlines become spaces.
 * Padded with a space on each side only where CommonMark needs it (the
 * content starts or ends with a backtick, or with a space on both sides).
 */
static void
md_code(struct strbuf *sb, const char *s)
{
	size_t run = 0, max = 0, i, len = strlen(s);
	const char *p;
	bool pad = len > 0 &&
	    (s[0] == '`' || s[len - 1] == '`' ||
		(s[0] == ' ' && s[len - 1] == ' '));

	for (p = s; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	for (i = 0; i <= max; i++)
		sb_putc(sb, '`');
	if (pad)
		sb_putc(sb, ' ');
	/* GFM reads "\|" inside a table's code span as a pipe. */
	for (p = s; *p != '\0'; p++) {
		if (*p == '|')
			sb_putc(sb, '\\');
		sb_putc(sb, *p == '\n' || *p == '\r' ? ' ' : *p);
	}
	if (pad)
		sb_putc(sb, ' ');
	for (i = 0; i <= max; i++)
		sb_putc(sb, '`');
}

/*
 * A text of the document: plain runs through md_escape, code spans
 * (RD_CODE_ON ... RD_CODE_OFF) through md_code. A run that is not at the
 * start of a block (after a code span, or in a table cell, which holds
 * inline text only) is escaped behind a '.' that is then dropped, so that
 * a "-" or "#" there stays as it is.
 */
static void
md_inline(struct strbuf *sb, const char *s, bool block)
{
	struct strbuf run = STRBUF_INIT, tmp = STRBUF_INIT;
	const char *p = s, *end;
	bool first = block;

	while (p != NULL && *p != '\0') {
		if (*p == RD_CODE_ON) {
			end = strchr(p + 1, RD_CODE_OFF);
			sb_reset(&run);
			sb_putn(&run, p + 1,
			    end != NULL ? (size_t)(end - p - 1) :
					  strlen(p + 1));
			md_code(sb, sb_str(&run));
			p = end != NULL ? end + 1 : p + strlen(p);
		} else {
			end = strchr(p, RD_CODE_ON);
			sb_reset(&run);
			if (!first)
				sb_putc(&run, '.');
			sb_putn(&run, p,
			    end != NULL ? (size_t)(end - p) : strlen(p));
			sb_reset(&tmp);
			md_escape(&tmp, sb_str(&run));
			sb_puts(sb, sb_str(&tmp) + (first ? 0 : 1));
			p = end != NULL ? end : p + strlen(p);
		}
		first = false;
	}
	sb_free(&run);
	sb_free(&tmp);
}

static void
md_text(struct strbuf *sb, const char *s)
{
	md_inline(sb, s, true);
}

/* "First N of TOTAL rows; where." under a capped table or list. */
static void
md_more(struct strbuf *sb, struct rdoc *d, const struct rblock *b)
{
	const char *m = report_more(d, b);

	if (m == NULL)
		return;
	sb_puts(sb, "\n*");
	md_text(sb, m);
	sb_puts(sb, "*\n");
}

/* A fenced block indented by indent spaces. */
static void
md_fence(struct strbuf *sb, const char *s, int indent)
{
	size_t run = 0, max = 2, i;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	sb_indent(sb, indent);
	for (i = 0; i <= max; i++)
		sb_putc(sb, '`');
	sb_puts(sb, "sh\n");
	sb_indent(sb, indent);
	for (p = s; *p != '\0'; p++) {
		sb_putc(sb, *p);
		if (*p == '\n' && p[1] != '\0')
			sb_indent(sb, indent);
	}
	if (p > s && p[-1] != '\n')
		sb_putc(sb, '\n');
	sb_indent(sb, indent);
	for (i = 0; i <= max; i++)
		sb_putc(sb, '`');
	sb_putc(sb, '\n');
}

/* A Mermaid diagram (GitHub renders ```mermaid fences). */
static void
md_mermaid(struct strbuf *sb, const char *s)
{
	sb_puts(sb, "```mermaid\n");
	sb_puts(sb, s);
	if (*s != '\0' && s[strlen(s) - 1] != '\n')
		sb_putc(sb, '\n');
	sb_puts(sb, "```\n\n");
}

static void
md_table(struct strbuf *sb, struct rdoc *d, const struct rblock *b)
{
	size_t r, c;

	sb_puts(sb, "|");
	for (c = 0; c < b->ncols; c++) {
		sb_putc(sb, ' ');
		md_escape(sb, b->head[c]);
		sb_puts(sb, " |");
	}
	sb_puts(sb, "\n|");
	for (c = 0; c < b->ncols; c++)
		sb_puts(sb, b->num_cols & (1u << c) ? " ---: |" : " --- |");
	sb_putc(sb, '\n');
	for (r = 0; r < b->nrows; r++) {
		sb_puts(sb, "|");
		for (c = 0; c < b->ncols; c++) {
			const struct rcell *x = &b->cells.v[r * b->ncols + c];

			sb_putc(sb, ' ');
			if (x->text == NULL || *x->text == '\0' ||
			    strcmp(x->text, "-") == 0)
				sb_puts(sb, "-");
			else if (b->code_cols & (1u << c))
				md_code(sb, x->text);
			else
				md_inline(sb, x->text, false);
			sb_puts(sb, " |");
		}
		sb_putc(sb, '\n');
	}
	md_more(sb, d, b);
	sb_putc(sb, '\n');
}

static void
md_list(struct strbuf *sb, struct rdoc *d, const struct rblock *b)
{
	size_t i;
	int w;

	for (i = 0; i < b->items.n; i++) {
		const struct ritem *it = &b->items.v[i];

		switch (b->list) {
		case LIST_NUMBERED:
			w = (int)sb->len;
			sb_printf(sb, "%zu. ", i + 1);
			w = (int)sb->len - w;
			break;
		case LIST_CHECK:
			sb_puts(sb, "- [ ] ");
			w = 2;
			break;
		default:
			sb_puts(sb, "- ");
			w = 2;
			break;
		}
		md_text(sb, it->text);
		sb_putc(sb, '\n');
		if (it->code != NULL) {
			sb_putc(sb, '\n');
			md_fence(sb, it->code, w);
			if (i + 1 < b->items.n)
				sb_putc(sb, '\n');
		}
	}
	md_more(sb, d, b);
	sb_putc(sb, '\n');
}

void
report_markdown(struct strbuf *sb, const struct report_in *in,
    const struct report_opts *o)
{
	struct arena *a = arena_new();
	struct rdoc d;
	size_t i;

	report_build(&d, a, in, o);
	sb_puts(sb, "# ");
	md_text(sb, d.title);
	sb_puts(sb, "\n\n*");
	md_text(sb, d.subtitle);
	sb_puts(sb, "*\n\n");
	for (i = 0; i < d.blocks.n; i++) {
		const struct rblock *b = &d.blocks.v[i];

		switch (b->kind) {
		case BLK_HEADING:
			sb_printf(sb, "%.*s ", b->level, "######");
			md_text(sb, b->text);
			sb_puts(sb, "\n\n");
			break;
		case BLK_PARA:
			md_text(sb, b->text);
			sb_puts(sb, "\n\n");
			break;
		case BLK_TABLE:
			md_table(sb, &d, b);
			break;
		case BLK_LIST:
			md_list(sb, &d, b);
			break;
		case BLK_CODE:
			md_fence(sb, b->text, 0);
			sb_putc(sb, '\n');
			break;
		case BLK_SVG:
			break; /* charts are in the HTML report */
		case BLK_MERMAID:
			md_mermaid(sb, b->text);
			break;
		}
	}
	/* One trailing newline. */
	while (sb->len > 1 && sb->s[sb->len - 1] == '\n' &&
	    sb->s[sb->len - 2] == '\n')
		sb->s[--sb->len] = '\0';
	arena_free(a);
}
