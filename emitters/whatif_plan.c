/*
 * whatif_plan.c - the offline what-if rendered like `terraform plan`
 * (whatif_plan.h): symbols and colours as Terraform prints them ("+"
 * green for create, "~" yellow for update in place, "-" red for destroy),
 * with "!" (cyan) for the POST actions ARM has and Terraform has not; a
 * summary per folder ("N to create, N to modify, N to delete, N
 * actions"). The changes keep whatif.c's order (folder order, then
 * property path); a modified resource's properties are the consecutive
 * WI_MODIFY changes of its id.
 *
 *   whatif_plan_text         terminal text, colour optional
 *   whatif_plan_json_append  one folder as a JSON object
 */
#include "whatif_plan.h"

#include <string.h>

#include <jansson.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "analyze_json.h"
#include "whatif.h"

/* Longest value printed whole on a terminal line. */
#define VALUE_MAX 160

static const char *const sym[] = { "+", "~", "-", "!" };
/* ANSI SGR: green, yellow, red, cyan. */
static const char *const sgr[] = { "\033[32m", "\033[33m", "\033[31m",
	"\033[36m" };
#define RESET "\033[0m"

/* A value for the terminal: control characters as '?', cut when long. */
static void
put_value(struct strbuf *sb, const char *v)
{
	size_t n, i;

	if (v == NULL) {
		sb_puts(sb, "(absent)");
		return;
	}
	n = strlen(v);
	for (i = 0; i < n && i < VALUE_MAX; i++)
		sb_putc(sb,
		    (unsigned char)v[i] < 0x20 || v[i] == 0x7F ? '?' : v[i]);
	if (n > VALUE_MAX)
		sb_printf(sb, "... (%zu characters)", n);
}

static void
mark(struct strbuf *sb, int op, bool color)
{
	if (color)
		sb_puts(sb, sgr[op]);
	sb_puts(sb, sym[op]);
	if (color)
		sb_puts(sb, RESET);
}

/* Resources per operation, as terraform counts them: a modified resource
 * once, whatever the number of its changed properties. */
static void
count(const struct whatif *w, size_t n[4], size_t *props)
{
	size_t i;

	n[0] = n[1] = n[2] = n[3] = 0;
	*props = 0;
	for (i = 0; i < w->v.n; i++) {
		const struct whatif_change *c = &w->v.v[i];

		if (c->op == WI_MODIFY) {
			(*props)++;
			if (i > 0 && w->v.v[i - 1].op == WI_MODIFY &&
			    strcmp(w->v.v[i - 1].id, c->id) == 0)
				continue;
		}
		n[c->op]++;
	}
}

void
whatif_plan_text(struct strbuf *sb, const struct whatif *w, const char *folder,
    bool color)
{
	size_t i, j, n[4], props;

	count(w, n, &props);
	sb_printf(sb,
	    "%s: %zu to create, %zu to modify (%zu propert%s), "
	    "%zu to delete, %zu action%s\n",
	    folder, n[WI_CREATE], n[WI_MODIFY], props, props == 1 ? "y" : "ies",
	    n[WI_DELETE], n[WI_ACTION], n[WI_ACTION] == 1 ? "" : "s");
	for (i = 0; i < w->v.n; i = j) {
		const struct whatif_change *c = &w->v.v[i];

		sb_puts(sb, "  ");
		mark(sb, (int)c->op, color);
		sb_printf(sb, " %s", c->id);
		if (c->op == WI_ACTION)
			sb_puts(sb, " (action)");
		sb_putc(sb, '\n');
		j = i + 1;
		if (c->op != WI_MODIFY)
			continue;
		for (j = i; j < w->v.n && w->v.v[j].op == WI_MODIFY &&
		     strcmp(w->v.v[j].id, c->id) == 0;
		     j++) {
			const struct whatif_change *p = &w->v.v[j];
			int op = p->old_value == NULL ? WI_CREATE :
			    p->new_value == NULL      ? WI_DELETE :
							WI_MODIFY;

			sb_puts(sb, "      ");
			mark(sb, op, color);
			sb_printf(sb, " %s", p->path != NULL ? p->path : "");
			if (op == WI_MODIFY) {
				sb_puts(sb, ": ");
				put_value(sb, p->old_value);
				sb_puts(sb, " -> ");
				put_value(sb, p->new_value);
			} else {
				sb_puts(sb, " = ");
				put_value(sb,
				    op == WI_CREATE ? p->new_value :
						      p->old_value);
			}
			sb_putc(sb, '\n');
		}
	}
}

/* A compact JSON text as a JSON value (a string when it does not parse). */
static json_t *
value_json(const char *v)
{
	json_t *j;

	if (v == NULL)
		return json_null();
	j = json_loads(v, JSON_DECODE_ANY, NULL);
	return j != NULL ? j : ajson_str(v);
}

static const char *const op_json[] = { "create", "modify", "delete", "action" };

void
whatif_plan_json_append(void *array, const struct whatif *w, const char *folder)
{
	json_t *o = json_object(), *sum = json_object(), *ch = json_array();
	size_t i, j, n[4], props;

	count(w, n, &props);
	ajson_set(o, "folder", ajson_str(folder));
	ajson_set(sum, "create", json_integer((json_int_t)n[WI_CREATE]));
	ajson_set(sum, "modify", json_integer((json_int_t)n[WI_MODIFY]));
	ajson_set(sum, "properties", json_integer((json_int_t)props));
	ajson_set(sum, "delete", json_integer((json_int_t)n[WI_DELETE]));
	ajson_set(sum, "action", json_integer((json_int_t)n[WI_ACTION]));
	ajson_set(o, "summary", sum);
	for (i = 0; i < w->v.n; i = j) {
		const struct whatif_change *c = &w->v.v[i];
		json_t *x = json_object(), *plist = json_array();

		ajson_set(x, "op", ajson_str(op_json[c->op]));
		ajson_set(x, "id", ajson_str(c->id));
		ajson_set(x, "type", ajson_str(c->type));
		j = i + 1;
		if (c->op == WI_MODIFY)
			for (j = i; j < w->v.n && w->v.v[j].op == WI_MODIFY &&
			     strcmp(w->v.v[j].id, c->id) == 0;
			     j++) {
				json_t *p = json_object();

				ajson_set(p, "path", ajson_str(w->v.v[j].path));
				ajson_set(p, "before",
				    value_json(w->v.v[j].old_value));
				ajson_set(p, "after",
				    value_json(w->v.v[j].new_value));
				json_array_append_new(plist, p);
			}
		ajson_set(x, "properties", plist);
		json_array_append_new(ch, x);
	}
	ajson_set(o, "changes", ch);
	json_array_append_new((json_t *)array, o);
}
