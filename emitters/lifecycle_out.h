/*
 * lifecycle_out.h - `status` and `diff` as text, JSON
 * (schemas/status.schema.json, schemas/diff.schema.json) and Markdown (a
 * pull-request comment). Each appends to sb.
 */
#ifndef MESHPLAN_LIFECYCLE_OUT_H
#define MESHPLAN_LIFECYCLE_OUT_H

#include "../lib/strbuf.h"
#include "../planner/lifecycle.h"

void status_text(struct strbuf *sb, const struct plan_status *st);
void status_json(struct strbuf *sb, const struct plan_status *st);
void status_md(struct strbuf *sb, const struct plan_status *st);

void diff_text(struct strbuf *sb, const struct plan_diff *d);
void diff_json(struct strbuf *sb, const struct plan_diff *d);
void diff_md(struct strbuf *sb, const struct plan_diff *d);

#endif
