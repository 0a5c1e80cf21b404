/*
 * report_doc.h - the report as a small document (headings, paragraphs,
 * tables, lists, code, charts) that report_md.c and report_html.c render.
 * Private to the report emitters. Every text is plain (renderers escape
 * it); everything lives in the document's arena.
 */
#ifndef MESHPLAN_REPORT_DOC_H
#define MESHPLAN_REPORT_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "report.h"

enum blk_kind { BLK_HEADING, BLK_PARA, BLK_TABLE, BLK_LIST, BLK_CODE,
	BLK_SVG };

enum list_kind { LIST_BULLET, LIST_NUMBERED, LIST_CHECK };

struct rcell {
	const char *text;
	const char *cls;	/* HTML class ("over", "warn"...); NULL */
};

struct ritem {
	const char *text;
	const char *code;	/* a command under the item; NULL */
};

struct rblock {
	enum blk_kind kind;
	int level;		/* heading level 1..4 */
	enum list_kind list;
	const char *text;	/* heading, paragraph, code, SVG markup */
	const char *anchor;	/* heading id; NULL */
	size_t ncols;
	const char **head;	/* ncols header texts */
	unsigned code_cols;	/* bit i: column i is code */
	unsigned num_cols;	/* bit i: column i is right-aligned */
	ARR(struct rcell) cells;	/* row-major */
	size_t nrows, more;	/* rows (items) kept, rows left out */
	ARR(struct ritem) items;
};

struct rdoc {
	struct arena *a;
	const char *title;
	const char *subtitle;
	size_t max_rows;
	ARR(struct rblock) blocks;
};

/* Build the document for in/o; memory from a. */
void report_build(struct rdoc *d, struct arena *a,
    const struct report_in *in, const struct report_opts *o);

#endif
