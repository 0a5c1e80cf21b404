/*
 * diag.h - the run's list of input diagnostics. Loaders append and go on,
 * so one run reports every problem; cli/ decides the exit code from the
 * counts. Text rendering is here ("file:line:col: error: msg [code]"); JSON
 * and SARIF renderings live in emitters/.
 *
 * Stable codes are short kebab-case words (e.g. "json-syntax",
 * "expr-unsupported", "ref-not-seen"); README.md lists them.
 */
#ifndef MESHPLAN_DIAG_H
#define MESHPLAN_DIAG_H

#include <stdio.h>
#include <stddef.h>

struct arena;

enum diag_sev { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_sev sev;
	const char *code;     /* stable code */
	const char *file;     /* NULL when not about a file */
	int line, col;	      /* 0 when unknown */
	const char *pointer;  /* JSON Pointer, NULL when unknown */
	const char *resource; /* resource id, NULL when unknown */
	const char *msg;      /* one line, no trailing period needed */
	const char *source;   /* the line of the file it is about (or a
			       * window of it), NULL when not shown */
	int caret;	      /* characters of source before the caret */
};

struct diags {
	struct arena *arena;
	struct diag *v;
	size_t n, cap;
	size_t nerrors, nwarnings;
};

void diags_init(struct diags *d, struct arena *a);
/* All strings are copied into the arena. Returns the new entry. */
struct diag *diag_add(struct diags *d, enum diag_sev sev, const char *code,
    const char *file, int line, int col, const char *pointer,
    const char *resource, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
/*
 * Show the source line with g: line[0..len) holds the line, at is the
 * byte offset in it that the caret goes under. A long line is cut to a
 * window around at ("..." at a cut end). Copied into d's arena.
 */
void diag_set_source(struct diags *d, struct diag *g, const char *line,
    size_t len, size_t at);
/* Append a copy of g (from another list) to d, source line included. */
struct diag *diag_add_copy(struct diags *d, const struct diag *g);
/* Sort by file, line, col, pointer, code, message (stable, for output). */
void diags_sort(struct diags *d);
const char *diag_sev_name(enum diag_sev s);
/*
 * Write s with every control character escaped (\n, \r, \t, \xNN, and
 * the C1 controls as \u00NN): input strings echoed on a terminal or in a
 * CI log can carry no ANSI escape, line break or workflow command.
 */
void diag_fputs(const char *s, FILE *fp);
/* The same escaping, as a new string the caller frees. */
char *diag_escape(const char *s);
/*
 * "file:line:col: error: msg [code] (at /ptr, resource id)", every
 * string escaped as diag_fputs does; then, when g has a source line, the
 * line and a caret under the column, as compilers show them:
 *     12 |     "name": "a",,
 *        |                 ^
 * (tabs and control characters shown as one space each, so that the
 * caret lines up).
 */
void diag_print(FILE *fp, const struct diag *g);

#endif
