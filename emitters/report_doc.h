/*
 * report_doc.h - the report as a small document (headings, paragraphs,
 * tables, lists, code, charts) that report_md.c and report_html.c render.
 * Private to the report emitters. Every text is plain (renderers escape
 * it) except for code spans: RD_CODE_ON ... RD_CODE_OFF around an id, a
 * prefix or a command (report_code() makes one); everything lives in the
 * document's arena.
 */
#ifndef MESHPLAN_REPORT_DOC_H
#define MESHPLAN_REPORT_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "report.h"

/* Code span delimiters inside a text (control bytes no renderer prints). */
#define RD_CODE_ON '\x01'
#define RD_CODE_OFF '\x02'

enum blk_kind {
	BLK_HEADING,
	BLK_PARA,
	BLK_TABLE,
	BLK_LIST,
	BLK_CODE,
	BLK_SVG,
	BLK_MERMAID
};

enum list_kind { LIST_BULLET, LIST_NUMBERED, LIST_CHECK };

struct rcell {
	const char *text;
	const char *cls; /* HTML class ("over", "warn"...); NULL */
};

struct ritem {
	const char *text;
	const char *code; /* a command under the item; NULL */
};

struct rblock {
	enum blk_kind kind;
	int level; /* heading level 1..4 */
	enum list_kind list;
	const char *text;   /* heading, paragraph, code, SVG markup */
	bool md_only;	    /* Markdown only (the Mermaid diagrams and
			     * their text; the HTML has SVG charts) */
	const char *anchor; /* heading id; NULL */
	size_t ncols;
	const char **head;	 /* ncols header texts */
	unsigned code_cols;	 /* bit i: column i is code */
	unsigned num_cols;	 /* bit i: column i is right-aligned */
	ARR(struct rcell) cells; /* row-major */
	size_t nrows, more;	 /* rows (items) kept, rows left out */
	/*
	 * The true count when the rows come from a list that was already
	 * capped (plan.json lists the first PLAN_PAIRS_CAP pairs); 0: nrows
	 * + more. what: the rows' noun ("pairs"); more_note: where the rest
	 * is, when not in a fuller report (NULL: d->more_where).
	 */
	size_t total;
	const char *what;
	const char *more_note;
	ARR(struct ritem) items;
};

struct rdoc {
	struct arena *a;
	const char *title;
	const char *subtitle;
	size_t max_rows;
	int part; /* report_opts.part */
	/* Where the rows a capped table leaves out are (a marked text). */
	const char *more_where;
	ARR(struct rblock) blocks;
};

/* "First N of TOTAL rows; <where>." for a capped table or list, or NULL
 * when nothing is left out; a marked text in d's arena. */
const char *report_more(struct rdoc *d, const struct rblock *b);

/* Build the document for in/o; memory from a. */
void report_build(struct rdoc *d, struct arena *a, const struct report_in *in,
    const struct report_opts *o);

#endif
