/*
 * plan_read.h - load a plan.json back into struct plan (the inverse of
 * emitters/plan_json.c).
 */
#ifndef MESHPLAN_PLAN_READ_H
#define MESHPLAN_PLAN_READ_H

struct diags;
struct plan;

/*
 * Read file; on any problem add diagnostics ("plan-read" with a JSON
 * Pointer, or the JSON reader's own) and return NULL. The plan owns its
 * memory (plan_free).
 */
struct plan *plan_read(const char *file, struct diags *d);

#endif
