/*
 * formats.c - the table of document formats (formats.h) and the writers
 * that adapt each emitter to struct doc_in. The writers add nothing to
 * what the emitters write; routes' text tables and report's JSON are
 * made here.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/cidr.h"
#include "../planner/estate.h"
#include "analyze_json.h"
#include "analyze_text.h"
#include "formats.h"
#include "plan_json.h"
#include "report.h"
#include "routecheck_out.h"
#include "routes_json.h"
#include "sarif.h"

static void
an_text(struct strbuf *out, const struct doc_in *in)
{
	analyze_text(out, in->an, in->verbose);
}

static void
an_json(struct strbuf *out, const struct doc_in *in)
{
	analyze_json(out, in->an, in->diags);
}

static void
an_sarif(struct strbuf *out, const struct doc_in *in)
{
	sarif_emit(out, in->an, in->diags, in->version);
}

static void
report_in_of(const struct doc_in *in, struct report_in *r)
{
	memset(r, 0, sizeof(*r));
	r->estate = in->estate;
	r->an = in->an;
	r->hp = in->hp;
	r->plan = in->plan;
	r->generator = in->generator;
}

static void
rep_md(struct strbuf *out, const struct doc_in *in)
{
	struct report_in r;

	report_in_of(in, &r);
	report_markdown(out, &r, in->report);
}

static void
rep_html(struct strbuf *out, const struct doc_in *in)
{
	struct report_in r;

	report_in_of(in, &r);
	report_html(out, &r, in->report);
}

static void
rep_json(struct strbuf *out, const struct doc_in *in)
{
	report_json_doc(out, in->an, in->diags, in->plan);
}

static void
rt_text(struct strbuf *out, const struct doc_in *in)
{
	if (in->check != NULL)
		routecheck_text(out, in->check);
	else
		routes_text(out, in->subnets, in->nsubnets);
}

static void
rt_json(struct strbuf *out, const struct doc_in *in)
{
	size_t k;

	if (in->check != NULL) {
		routecheck_json(out, in->check);
		return;
	}
	for (k = 0; k < in->nsubnets; k++)
		routes_json(out, in->subnets[k].v, in->subnets[k].n);
}

/* Per command, the first is the default. */
const struct doc_format doc_formats[] = {
	{ .command = "analyze", .name = "text", .write = an_text },
	{ .command = "analyze", .name = "json", .write = an_json },
	{ .command = "analyze", .name = "sarif", .write = an_sarif },
	{ .command = "report", .name = "md", .write = rep_md },
	{ .command = "report", .name = "html", .write = rep_html },
	{ .command = "report", .name = "json", .write = rep_json },
	{ .command = "routes", .name = "text", .write = rt_text },
	{ .command = "routes", .name = "json", .write = rt_json },
	{ .command = NULL },
};

const struct doc_format *
doc_format_find(const char *command, const char *name)
{
	const struct doc_format *f;

	for (f = doc_formats; f->command != NULL; f++)
		if (strcmp(f->command, command) == 0 &&
		    strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const char *const *
doc_format_names(const char *command, struct arena *a)
{
	const struct doc_format *f;
	const char **v;
	size_t n = 0;

	for (f = doc_formats; f->command != NULL; f++)
		if (strcmp(f->command, command) == 0)
			n++;
	if (n == 0)
		return NULL;
	v = arena_calloc(a, n + 1, sizeof(*v));
	n = 0;
	for (f = doc_formats; f->command != NULL; f++)
		if (strcmp(f->command, command) == 0)
			v[n++] = f->name;
	return v;
}

void
report_json_doc(struct strbuf *out, const struct analysis *an,
    const struct diags *d, const struct plan *plan)
{
	struct strbuf as = STRBUF_INIT;
	json_t *a, *pl, *v;
	json_error_t err;
	const char *key;
	char *text;
	size_t len;

	analyze_json(&as, an, d);
	a = json_loadb(as.s, as.len, 0, &err);
	MP_ASSERT(a != NULL && json_is_object(a));
	sb_free(&as);
	text = plan_json(plan, &len);
	pl = json_loadb(text, len, 0, &err);
	MP_ASSERT(pl != NULL && json_is_object(pl));
	free(text);
	/* The plan's keys after the analysis', in the plan's order. */
	json_object_foreach(pl, key, v)
	{
		if (json_object_get(a, key) == NULL)
			json_object_set(a, key, v);
	}
	json_decref(pl);
	text = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL)
		mp_oom(0);
	sb_puts(out, text);
	sb_putc(out, '\n');
	free(text);
	json_decref(a);
}

/* The five columns of one route; buf holds the prefix text. */
static void
route_cols(const struct eroute *r, char *buf, const char *col[5])
{
	col[0] = route_source_name(r->source);
	col[1] = r->active ? "Active" : "Invalid";
	col[2] = prefix_format(&r->p, buf);
	col[3] = next_hop_name(r->nh);
	col[4] = r->nh_ip != NULL ? r->nh_ip : "";
}

static void
text_table(struct strbuf *sb, const struct eroute *v, size_t n)
{
	static const char *const head[5] = { "Source", "State",
		"Address Prefix", "Next Hop Type", "Next Hop IP" };
	size_t w[5], i, k;
	char buf[PREFIX_STRLEN];
	const char *col[5];

	for (k = 0; k < 5; k++)
		w[k] = strlen(head[k]);
	for (i = 0; i < n; i++) {
		route_cols(&v[i], buf, col);
		for (k = 0; k < 5; k++)
			if (strlen(col[k]) > w[k])
				w[k] = strlen(col[k]);
	}
	for (k = 0; k < 5; k++)
		sb_printf(sb, "%-*s%s", k < 4 ? (int)w[k] : 0, head[k],
		    k < 4 ? "  " : "\n");
	for (k = 0; k < 5; k++) {
		size_t j;

		for (j = 0; j < w[k]; j++)
			sb_putc(sb, '-');
		sb_puts(sb, k < 4 ? "  " : "\n");
	}
	for (i = 0; i < n; i++) {
		route_cols(&v[i], buf, col);
		for (k = 0; k < 4; k++)
			sb_printf(sb, "%-*s  ", (int)w[k], col[k]);
		sb_printf(sb, "%s\n", col[4]);
	}
}

void
routes_text(struct strbuf *out, const struct routes_subnet *v, size_t n)
{
	size_t from = out->len, k;

	for (k = 0; k < n; k++) {
		const struct subnet *s = v[k].subnet;

		if (k > 0)
			sb_putc(out, '\n');
		if (s != NULL)
			sb_printf(out, "Subnet %s (%s)\n", s->r.name, s->r.id);
		else
			sb_printf(out, "VNet %s without subnets (%s)\n",
			    v[k].vnet->r.name, v[k].vnet->r.id);
		if (v[k].table_missing)
			sb_printf(out,
			    "Route table %s is in no input: its "
			    "user-defined routes are missing\n",
			    s->route_table_id);
		text_table(out, v[k].v, v[k].n);
	}
	sb_trim_line_ends(out, from);
}
