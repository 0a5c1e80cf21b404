/*
 * report_sec.h - private to report_doc.c, report_estate.c and
 * report_plan.c: the primitives that add blocks to a report document
 * (report_doc.h) and the sections report_build assembles. Every string
 * they return lives in the document's arena.
 */
#ifndef MESHPLAN_REPORT_SEC_H
#define MESHPLAN_REPORT_SEC_H

#include <stdbool.h>
#include <stddef.h>

#include "report_doc.h"

struct plan;
struct res;
struct plan_wave;
struct strbuf;

/* Text: printf into the arena; a count with thousands separators; a
 * count and its noun ("2 VNets"); s as a code span. */
const char *S(struct rdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *N(struct rdoc *d, double n);
const char *NP(struct rdoc *d, double n, const char *one, const char *many);
const char *C(struct rdoc *d, const char *s);

/* Blocks. table() returns the table's index (blocks move when the array
 * grows); row() takes ncols (text, class) pairs and counts the row as
 * left out when the table is full; list() and item() likewise; svg()
 * takes sb's text and frees sb. */
struct rblock *blk(struct rdoc *d, enum blk_kind k);
void heading(struct rdoc *d, int level, const char *anchor, const char *text);
void para(struct rdoc *d, const char *text);
size_t table(struct rdoc *d, unsigned code_cols, unsigned num_cols,
    size_t ncols, ...);
void row(struct rdoc *d, size_t t, ...);
size_t list(struct rdoc *d, enum list_kind k);
void item(struct rdoc *d, size_t l, const char *text, const char *code);
void svg(struct rdoc *d, struct strbuf *sb);

/* Names, qualified where two resources share one (planner/labels.h): a
 * VNet's by id, any resource's by id ("(estate)" for NULL), a resource's
 * own; distinct VNets in every mesh. */
const char *vnet_name(const struct report_in *in, const char *id);
const char *res_name(struct rdoc *d, const struct report_in *in,
    const char *id);
const char *res_label(const struct report_in *in, const struct res *r);
size_t mesh_members(const struct plan *p);
/* Some mesh of the plan needs HSPE. */
bool any_hspe(const struct plan *p);

/* report_doc.c */
void sec_summary(struct rdoc *d, const struct report_in *in);

/* report_estate.c */
void sec_before_after(struct rdoc *d, const struct report_in *in);
void sec_diagrams(struct rdoc *d, const struct report_in *in);
void mm_waves(struct rdoc *d, const struct plan *p, int cur);
void sec_pressure(struct rdoc *d, const struct report_in *in, bool chart);
void sec_summaries(struct rdoc *d, const struct report_in *in);
void sec_topology(struct rdoc *d, const struct report_in *in, bool after);
void sec_hairpins(struct rdoc *d, const struct report_in *in, bool chart);

/* report_plan.c */
void sec_meshes(struct rdoc *d, const struct report_in *in, bool chart);
void sec_prereq(struct rdoc *d, const struct report_in *in);
void sec_wave(struct rdoc *d, const struct report_in *in,
    const struct plan_wave *w);
void sec_blockers(struct rdoc *d, const struct report_in *in);
void sec_segmentation(struct rdoc *d, const struct report_in *in);
void sec_agreement(struct rdoc *d, const struct report_in *in);
void sec_findings(struct rdoc *d, const struct report_in *in);
void sec_rollback(struct rdoc *d, const struct report_in *in);

#endif
