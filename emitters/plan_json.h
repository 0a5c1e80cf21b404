/*
 * plan_json.h - plan.json, the serialized plan IR (schemas/plan.schema.json),
 * which input/plan_read.c reads back.
 */
#ifndef MESHPLAN_PLAN_JSON_H
#define MESHPLAN_PLAN_JSON_H

#include <stddef.h>

struct emit_sink;
struct jw;
struct plan;

/*
 * The plan as JSON text (two-space indent, keys sorted, a final newline).
 * The caller frees the result (free()). Same plan -> same bytes.
 */
char *plan_json(const struct plan *p, size_t *len);
/* The same bytes written to the sink's open file as they are made, in
 * flat memory; 0, or -1 when the sink refused. */
int plan_json_sink(const struct plan *p, const struct emit_sink *out);
/* The plan object's members (keys sorted) into w's open object
 * (report.json writes them after the analysis'). */
void plan_json_members(struct jw *w, const struct plan *p);

#endif
