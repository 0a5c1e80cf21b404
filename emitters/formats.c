/*
 * formats.c - the table of document formats (formats.h) and the writers
 * that adapt each emitter to struct doc_in. The writers add nothing to
 * what the emitters write; routes' text tables and report's JSON are
 * made here.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/cidr.h"
#include "../planner/estate.h"
#include "analyze_json.h"
#include "analyze_text.h"
#include "formats.h"
#include "jsonw.h"
#include "plan_json.h"
#include "report.h"
#include "routecheck_out.h"
#include "routes_json.h"
#include "sarif.h"
#include "sink.h"

/*
 * Each writer hands its text to the sink as it is made where the format
 * allows it. Those that hold their text whole first, and why:
 * - analyze text: the name column is as wide as the widest resource name
 *   of all findings, measured before the first finding line, and each
 *   rule's findings are counted before its line;
 * - report md and html: the report is built whole as a document model
 *   first (report_doc.c), then rendered (tables are cut at --max-rows);
 * - routes --check: one subnet per capture file given, compared before
 *   anything is written (routecheck.h); small.
 */
static int
an_text(const struct emit_sink *out, const struct doc_in *in)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	analyze_text(&sb, in->an, in->verbose);
	rc = emit_sb(out, &sb);
	sb_free(&sb);
	return rc;
}

static int
an_json(const struct emit_sink *out, const struct doc_in *in)
{
	return analyze_json_sink(out, in->an, in->diags);
}

static int
an_sarif(const struct emit_sink *out, const struct doc_in *in)
{
	return sarif_emit(out, in->an, in->diags, in->version);
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

static int
rep_md(const struct emit_sink *out, const struct doc_in *in)
{
	struct strbuf sb = STRBUF_INIT;
	struct report_in r;
	int rc;

	report_in_of(in, &r);
	report_markdown(&sb, &r, in->report);
	rc = emit_sb(out, &sb);
	sb_free(&sb);
	return rc;
}

static int
rep_html(const struct emit_sink *out, const struct doc_in *in)
{
	struct strbuf sb = STRBUF_INIT;
	struct report_in r;
	int rc;

	report_in_of(in, &r);
	report_html(&sb, &r, in->report);
	rc = emit_sb(out, &sb);
	sb_free(&sb);
	return rc;
}

static int
rep_json(const struct emit_sink *out, const struct doc_in *in)
{
	return report_json_doc(out, in->an, in->diags, in->plan);
}

static int
rt_text(const struct emit_sink *out, const struct doc_in *in)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (in->check != NULL) {
		routecheck_text(&sb, in->check);
		rc = emit_sb(out, &sb);
	} else {
		rc = routes_text(out, in->subnets, in->nsubnets);
	}
	sb_free(&sb);
	return rc;
}

static int
rt_json(const struct emit_sink *out, const struct doc_in *in)
{
	struct strbuf sb = STRBUF_INIT;
	size_t k;
	int rc = 0;

	if (in->check != NULL) {
		routecheck_json(&sb, in->check);
		rc = emit_sb(out, &sb);
	}
	for (k = 0; in->check == NULL && k < in->nsubnets && rc == 0; k++) {
		routes_json(&sb, in->subnets[k].v, in->subnets[k].n);
		rc = emit_sb(out, &sb);
	}
	sb_free(&sb);
	return rc;
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

/*
 * report.json: the members of the analyze JSON, written as analyze writes
 * them (reals at its precision), then those of plan.json, as plan writes
 * them. No plan key is an analysis key (tests/unit/test_report.c reads
 * the three documents back with jansson and compares).
 */
int
report_json_doc(const struct emit_sink *out, const struct analysis *an,
    const struct diags *d, const struct plan *plan)
{
	struct strbuf sb = STRBUF_INIT;
	struct jw w;
	int rc;

	jw_init(&w, &sb);
	jw_to_sink(&w, out);
	jw_open(&w, '{');
	w.precision = AJSON_PRECISION;
	analyze_json_members(&w, an, d);
	w.precision = 0;
	plan_json_members(&w, plan);
	jw_close(&w, '}');
	sb_putc(&sb, '\n');
	rc = jw_flush(&w);
	sb_free(&sb);
	return rc;
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

/* Subnet k's title and table. */
static void
routes_one(struct strbuf *out, const struct routes_subnet *v, size_t k)
{
	const struct subnet *s = v[k].subnet;
	size_t from = out->len;

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
	sb_trim_line_ends(out, from);
}

/* The tables one at a time: each is measured (its column widths)
 * before it is written. */
int
routes_text(const struct emit_sink *out, const struct routes_subnet *v,
    size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t k;
	int rc = 0;

	for (k = 0; k < n && rc == 0; k++) {
		routes_one(&sb, v, k);
		rc = emit_sb(out, &sb);
	}
	sb_free(&sb);
	return rc;
}
