/*
 * whatif_plan.h - the offline what-if (whatif.h) as `terraform plan`
 * shows a plan: per resource a "+" (create), "~" (modify), "-" (delete)
 * or "!" (action) line, and under a modified resource one line per
 * changed property ("+ path = value", "- path = value",
 * "~ path: old -> new"); a summary line per folder; colour on request;
 * and the same as JSON. Renders a computed whatif; computes nothing.
 */
#ifndef MESHPLAN_WHATIF_PLAN_H
#define MESHPLAN_WHATIF_PLAN_H

#include <stdbool.h>

struct strbuf;
struct whatif;

/*
 * Text for a terminal: colour (ANSI: green +, yellow ~, red -, cyan !)
 * when color is true. Values longer than 160 characters are cut with
 * their length (the JSON form has them whole).
 */
void whatif_plan_text(struct strbuf *sb, const struct whatif *w,
    const char *folder, bool color);

/*
 * One folder as a JSON object: {"folder", "summary": {"create", "modify",
 * "properties", "delete", "action"} (resources, a modified one once;
 * properties: changed properties), "changes": [{"op", "id", "type",
 * "properties":
 * [{"path", "before", "after"}]}]} (before/after: the JSON values, null
 * when absent). A modified resource is one change with its properties.
 * array is a jansson json_t array (void * so that this header needs no
 * jansson); the object is appended to it.
 */
void whatif_plan_json_append(void *array, const struct whatif *w,
    const char *folder);

#endif
