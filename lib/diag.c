/*
 * diag.c - diagnostics list (arena-backed) and its text rendering.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strbuf.h"
#include "util.h"

void
diags_init(struct diags *d, struct arena *a)
{
	memset(d, 0, sizeof(*d));
	d->arena = a;
}

struct diag *
diag_add(struct diags *d, enum diag_sev sev, const char *code, const char *file,
    int line, int col, const char *pointer, const char *resource,
    const char *fmt, ...)
{
	struct diag *g;
	va_list ap;

	if (d->n == d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 16;

		d->v = arena_grow(d->arena, d->v, d->cap * sizeof(*d->v),
		    nc * sizeof(*d->v));
		d->cap = nc;
	}
	g = &d->v[d->n++];
	g->sev = sev;
	g->code = arena_strdup(d->arena, code);
	g->file = arena_strdup(d->arena, file);
	g->line = line;
	g->col = col;
	g->pointer = arena_strdup(d->arena, pointer);
	g->resource = arena_strdup(d->arena, resource);
	va_start(ap, fmt);
	g->msg = arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
	g->source = NULL;
	g->caret = 0;
	if (sev == DIAG_ERROR)
		d->nerrors++;
	else if (sev == DIAG_WARNING)
		d->nwarnings++;
	return g;
}

struct diag *
diag_add_copy(struct diags *d, const struct diag *g)
{
	struct diag *c = diag_add(d, g->sev, g->code, g->file, g->line, g->col,
	    g->pointer, g->resource, "%s", g->msg);

	c->source = arena_strdup(d->arena, g->source);
	c->caret = g->caret;
	return c;
}

/* Bytes shown either side of the caret at most. */
#define SOURCE_SIDE 72

static bool
utf8_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

void
diag_set_source(struct diags *d, struct diag *g, const char *line, size_t len,
    size_t at)
{
	struct strbuf sb = STRBUF_INIT;
	size_t from = 0, to = len, i;
	int caret = 0;

	if (at > len)
		at = len;
	/* The window, cut at character boundaries. */
	if (at > SOURCE_SIDE) {
		from = at - SOURCE_SIDE;
		while (from < at && utf8_cont(line[from]))
			from++;
		sb_puts(&sb, "...");
		caret = 3;
	}
	if (len - at > SOURCE_SIDE) {
		to = at + SOURCE_SIDE;
		while (to > at && utf8_cont(line[to]))
			to--;
	}
	for (i = from; i < at; i++)
		caret += !utf8_cont(line[i]);
	sb_putn(&sb, line + from, to - from);
	if (to < len)
		sb_puts(&sb, "...");
	g->source = arena_strdup(d->arena, sb_str(&sb));
	g->caret = caret;
	sb_free(&sb);
}

/*
 * The source line with every control character (C0, DEL, C1) as one
 * space: one column per character, and nothing a terminal would obey.
 */
static void
print_source(FILE *fp, const struct diag *g)
{
	const unsigned char *p = (const unsigned char *)g->source;
	char num[16];
	int w, i;

	w = snprintf(num, sizeof(num), "%d", g->line > 0 ? g->line : 0);
	fprintf(fp, " %s | ", g->line > 0 ? num : "");
	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fputc(' ', fp);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fputc(' ', fp);
			p++;
		} else
			fputc(*p, fp);
	}
	fprintf(fp, "\n %*s | ", g->line > 0 ? w : 0, "");
	for (i = 0; i < g->caret; i++)
		fputc(' ', fp);
	fputs("^\n", fp);
}

static int
strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c;

	if ((c = strcmp0(a->file, b->file)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if ((c = strcmp0(a->pointer, b->pointer)) != 0)
		return c;
	if ((c = strcmp0(a->code, b->code)) != 0)
		return c;
	if ((c = strcmp0(a->resource, b->resource)) != 0)
		return c;
	return strcmp0(a->msg, b->msg);
}

void
diags_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), diag_cmp);
}

const char *
diag_sev_name(enum diag_sev s)
{
	switch (s) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	case DIAG_NOTE:
		return "note";
	}
	return "?";
}

char *
diag_escape(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		mp_oom(64);
	diag_fputs(s, fp);
	if (fclose(fp) != 0 || buf == NULL)
		mp_oom(len + 1);
	return buf;
}

void
diag_fputs(const char *s, FILE *fp)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\r')
			fputs("\\r", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* C1 controls (U+0080..U+009F: CSI is U+009B) */
			fprintf(fp, "\\u%04x", p[1]);
			p++;
		} else
			fputc(*p, fp);
	}
}

void
diag_print(FILE *fp, const struct diag *g)
{
	if (g->file != NULL) {
		/* A line that starts "::" is a CI workflow command. */
		if (g->file[0] == ':' && g->file[1] == ':')
			fputs("./", fp);
		diag_fputs(g->file, fp);
		if (g->line > 0)
			fprintf(fp, ":%d:%d", g->line, g->col);
		fputs(": ", fp);
	} else
		fputs("meshplan: ", fp);
	fprintf(fp, "%s: ", diag_sev_name(g->sev));
	diag_fputs(g->msg, fp);
	fprintf(fp, " [%s]", g->code);
	if (g->pointer != NULL && g->pointer[0] != '\0') {
		fputs(" at ", fp);
		diag_fputs(g->pointer, fp);
	}
	if (g->resource != NULL) {
		fputs(" (resource ", fp);
		diag_fputs(g->resource, fp);
		fputc(')', fp);
	}
	fputc('\n', fp);
	if (g->source != NULL)
		print_source(fp, g);
}
