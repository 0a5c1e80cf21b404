/*
 * report_md.c - the report in Markdown (CommonMark with GitHub tables), the
 * body of the pull requests `meshplan pr` prepares. Charts are HTML-only;
 * everything else of the document (report_doc.h) is rendered.
 *
 * Invariants: every text from the input goes through md_escape (or into a
 * code span or fence that cannot be closed by it), so a VNet named
 * "x|y", "@team" or "<script>" cannot break a table, mention someone or
 * inject HTML. Limits: GitHub refuses PR bodies over 65,536 characters;
 * PR bodies are built with a row limit to stay well under it.
 */
#include "report.h"

#include <string.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"
#include "quote.h"
#include "report_doc.h"

/* A code span that no backtick in s can close; newlines become spaces. */
static void
md_code(struct strbuf *sb, const char *s)
{
	size_t run = 0, max = 0, i;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	for (i = 0; i <= max; i++)
		sb_putc(sb, '`');
	sb_putc(sb, ' ');
	/* GFM reads "\|" inside a table's code span as a pipe. */
	for (p = s; *p != '\0'; p++) {
		if (*p == '|')
			sb_putc(sb, '\\');
		sb_putc(sb, *p == '\n' || *p == '\r' ? ' ' : *p);
	}
	sb_putc(sb, ' ');
	for (i = 0; i <= max; i++)
		sb_putc(sb, '`');
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

static void
md_table(struct strbuf *sb, const struct rblock *b)
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
			if (x->text == NULL || *x->text == '\0')
				sb_puts(sb, "-");
			else if (b->code_cols & (1u << c))
				md_code(sb, x->text);
			else
				md_escape(sb, x->text);
			sb_puts(sb, " |");
		}
		sb_putc(sb, '\n');
	}
	if (b->more > 0)
		sb_printf(sb, "\n*\\.\\.\\. and %zu more row%s in the full "
		    "report.*\n", b->more, b->more == 1 ? "" : "s");
	sb_putc(sb, '\n');
}

static void
md_list(struct strbuf *sb, const struct rblock *b)
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
		md_escape(sb, it->text);
		sb_putc(sb, '\n');
		if (it->code != NULL) {
			sb_putc(sb, '\n');
			md_fence(sb, it->code, w);
			if (i + 1 < b->items.n)
				sb_putc(sb, '\n');
		}
	}
	if (b->more > 0)
		sb_printf(sb, "\n*\\.\\.\\. and %zu more item%s in the full "
		    "report.*\n", b->more, b->more == 1 ? "" : "s");
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
	md_escape(sb, d.title);
	sb_puts(sb, "\n\n*");
	md_escape(sb, d.subtitle);
	sb_puts(sb, "*\n\n");
	for (i = 0; i < d.blocks.n; i++) {
		const struct rblock *b = &d.blocks.v[i];

		switch (b->kind) {
		case BLK_HEADING:
			sb_printf(sb, "%.*s ", b->level, "######");
			md_escape(sb, b->text);
			sb_puts(sb, "\n\n");
			break;
		case BLK_PARA:
			md_escape(sb, b->text);
			sb_puts(sb, "\n\n");
			break;
		case BLK_TABLE:
			md_table(sb, b);
			break;
		case BLK_LIST:
			md_list(sb, b);
			break;
		case BLK_CODE:
			md_fence(sb, b->text, 0);
			sb_putc(sb, '\n');
			break;
		case BLK_SVG:
			break;	/* charts are in the HTML report */
		}
	}
	/* One trailing newline. */
	while (sb->len > 1 && sb->s[sb->len - 1] == '\n' &&
	    sb->s[sb->len - 2] == '\n')
		sb->s[--sb->len] = '\0';
	arena_free(a);
}
