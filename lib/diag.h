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
	const char *code;	/* stable code */
	const char *file;	/* NULL when not about a file */
	int line, col;		/* 0 when unknown */
	const char *pointer;	/* JSON Pointer, NULL when unknown */
	const char *resource;	/* resource id, NULL when unknown */
	const char *msg;	/* one line, no trailing period needed */
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
/* "file:line:col: error: msg [code] (at /ptr, resource id)", every
 * string escaped as diag_fputs does. */
void diag_print(FILE *fp, const struct diag *g);

#endif
