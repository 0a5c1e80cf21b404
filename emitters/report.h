/*
 * report.h - migration reports from one finding model, in Markdown (also
 * the body of a pull request) and HTML (one self-contained file with
 * inline CSS and SVG). Both render the same document, built from the
 * analysis, the hairpins, the mesh effect and the plan, so the formats
 * never disagree. Escaping comes from quote.h (md_escape, html_escape).
 *
 * Output is deterministic: the inputs are sorted, numbers are printed
 * with fixed formats, and nothing depends on time or paths.
 */
#ifndef MESHPLAN_REPORT_H
#define MESHPLAN_REPORT_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct estate;
struct analysis;
struct hairpins;
struct plan;
struct policy;

struct report_in {
	const struct estate *estate;
	const struct analysis *an;
	const struct hairpins *hp; /* NULL: routing was not run */
	const struct plan *plan;   /* NULL: analysis only */
	const char *generator;	   /* "meshplan 0.1.0" */
};

#define REPORT_ALL (-1) /* the whole report */
#define REPORT_PREREQ 0 /* the prerequisites pull request */

struct report_opts {
	/* REPORT_ALL, REPORT_PREREQ, or a wave number (a PR body). */
	int part;
	/* Rows per table before "and N more"; 0: no limit. */
	size_t max_rows;
	/* A file the text can point to for the rest ("report.html"). */
	const char *full_report;
};

void report_markdown(struct strbuf *sb, const struct report_in *in,
    const struct report_opts *o);
void report_html(struct strbuf *sb, const struct report_in *in,
    const struct report_opts *o);

#endif
