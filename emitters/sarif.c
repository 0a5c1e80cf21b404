/*
 * sarif.c - SARIF 2.1.0 rendering of the findings (see sarif.h).
 *
 * Every rule of the registry is listed (so ruleIndex is the registry
 * index and stays stable); results point at the resource by a logical
 * location (fullyQualifiedName = resource id, kind "resource") and at the
 * input file that defined it by a physical location when it is known
 * (relative paths as given, percent-encoded as a URI reference). Levels
 * map one to one: error, warning, note. No timestamps, no absolute paths.
 */
#include "sarif.h"

#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/analysis.h"
#include "analyze_json.h"
#include "jsonw.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/" \
	"schemas/sarif-schema-2.1.0.json"

/*
 * helpUri: SARIF wants an absolute URI (reportingDescriptor.helpUri). The
 * rules are documented in docs/rules.md, one section per rule whose
 * heading is the rule id (anchor "#mp101" on GitHub and in most Markdown
 * viewers). The build sets MESHPLAN_RULES_URL to where that file is
 * published (make RULES_URL=https://...); by default it is the copy
 * `make install` puts under PREFIX/share/doc/meshplan.
 */
#ifndef MESHPLAN_RULES_URL
#define MESHPLAN_RULES_URL "file:///usr/local/share/doc/meshplan/rules.md"
#endif
#define RULE_HELP_URI_MAX (sizeof(MESHPLAN_RULES_URL) + 16)

static const char *
rule_help_uri(const struct rule *r, char buf[RULE_HELP_URI_MAX])
{
	size_t i, n = strlen(MESHPLAN_RULES_URL);

	memcpy(buf, MESHPLAN_RULES_URL, n);
	buf[n++] = '#';
	for (i = 0; r->id[i] != '\0' && n + 1 < RULE_HELP_URI_MAX; i++)
		buf[n++] = (char)(r->id[i] >= 'A' && r->id[i] <= 'Z' ?
			r->id[i] - 'A' + 'a' :
			r->id[i]);
	buf[n] = '\0';
	return buf;
}

static json_t *
text_obj(const char *s)
{
	json_t *o = json_object();

	ajson_set(o, "text", ajson_str(s));
	return o;
}

/* A URI reference for a file path: unreserved characters and '/' kept,
 * everything else percent-encoded. */
static json_t *
file_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p;
	json_t *j;

	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			sb_putc(&sb, (char)*p);
		else {
			sb_putc(&sb, '%');
			sb_putc(&sb, hex[*p >> 4]);
			sb_putc(&sb, hex[*p & 15]);
		}
	}
	j = ajson_str(sb_str(&sb));
	sb_free(&sb);
	return j;
}

static json_t *
locations(const char *file, int line, int col, const char *resource)
{
	json_t *locs = json_array(), *loc = json_object();

	if (file == NULL && resource == NULL) {
		json_decref(loc);
		return locs;
	}
	if (file != NULL) {
		json_t *phys = json_object(), *art = json_object();

		ajson_set(art, "uri", file_uri(file));
		ajson_set(phys, "artifactLocation", art);
		if (line > 0) {
			json_t *reg = json_object();

			ajson_set(reg, "startLine", json_integer(line));
			if (col > 0)
				ajson_set(reg, "startColumn",
				    json_integer(col));
			ajson_set(phys, "region", reg);
		}
		ajson_set(loc, "physicalLocation", phys);
	}
	if (resource != NULL) {
		json_t *ll = json_array(), *l = json_object();

		ajson_set(l, "fullyQualifiedName", ajson_str(resource));
		ajson_set(l, "kind", ajson_str("resource"));
		json_array_append_new(ll, l);
		ajson_set(loc, "logicalLocations", ll);
	}
	json_array_append_new(locs, loc);
	return locs;
}

static json_t *
rule_json(const struct rule *r)
{
	json_t *o = json_object(), *cfg = json_object();
	char buf[RULE_HELP_URI_MAX];

	ajson_set(o, "id", ajson_str(r->id));
	ajson_set(o, "name", ajson_str(r->name));
	ajson_set(o, "shortDescription", text_obj(r->description));
	ajson_set(o, "fullDescription", text_obj(r->help));
	ajson_set(o, "help", text_obj(r->help));
	ajson_set(o, "helpUri", ajson_str(rule_help_uri(r, buf)));
	ajson_set(cfg, "level", ajson_str(sev_name(r->level)));
	ajson_set(o, "defaultConfiguration", cfg);
	return o;
}

static json_t *
result_json(const struct finding *f)
{
	json_t *o = json_object();

	ajson_set(o, "ruleId", ajson_str(f->rule->id));
	ajson_set(o, "ruleIndex", json_integer((json_int_t)f->rule->rule));
	ajson_set(o, "level", ajson_str(sev_name(f->sev)));
	ajson_set(o, "message", text_obj(f->message));
	ajson_set(o, "locations", locations(f->file, 0, 0, f->resource));
	/*
	 * A policy suppression: SARIF 2.1.0 section 3.35 (suppression
	 * object): kind "external" (kept outside the analysed files, in the
	 * policy), status "accepted", the reason as justification; the
	 * expiry date and glob as properties.
	 */
	if (f->suppressed != NULL) {
		json_t *arr = json_array(), *s = json_object(),
		       *sp = json_object();

		ajson_set(s, "kind", ajson_str("external"));
		ajson_set(s, "status", ajson_str("accepted"));
		ajson_set(s, "justification", ajson_str(f->suppressed->reason));
		if (f->suppressed->expires != NULL)
			ajson_set(sp, "expires",
			    ajson_str(f->suppressed->expires));
		ajson_set(sp, "resource", ajson_str(f->suppressed->resource));
		ajson_set(s, "properties", sp);
		json_array_append_new(arr, s);
		ajson_set(o, "suppressions", arr);
	}
	if (f->nprops > 0) {
		json_t *p = json_object();
		size_t i;

		for (i = 0; i < f->nprops; i++)
			ajson_set(p, f->props[i].key,
			    ajson_num(f->props[i].value));
		ajson_set(o, "properties", p);
	}
	return o;
}

/* The run's tool: meshplan and every rule of the registry. */
static json_t *
tool_json(const char *version)
{
	json_t *tool = json_object(), *driver = json_object(),
	       *rl = json_array();
	size_t i;

	ajson_set(driver, "name", ajson_str("meshplan"));
	ajson_set(driver, "version", ajson_str(version));
	for (i = 0; i < RULE__COUNT; i++)
		json_array_append_new(rl, rule_json(&rules[i]));
	ajson_set(driver, "rules", rl);
	ajson_set(tool, "driver", driver);
	return tool;
}

/* The run's invocation: the diagnostics as notifications. */
static json_t *
invocations_json(const struct diags *d)
{
	json_t *inv = json_array(), *invo = json_object(),
	       *notes = json_array();
	size_t i;

	for (i = 0; d != NULL && i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *n = json_object(), *desc = json_object();

		ajson_set(n, "level", ajson_str(diag_sev_name(g->sev)));
		ajson_set(n, "message", text_obj(g->msg));
		ajson_set(desc, "id", ajson_str(g->code));
		ajson_set(n, "descriptor", desc);
		ajson_set(n, "locations",
		    locations(g->file, g->line, g->col, g->resource));
		json_array_append_new(notes, n);
	}
	ajson_set(invo, "executionSuccessful",
	    json_boolean(d == NULL || d->nerrors == 0));
	ajson_set(invo, "toolExecutionNotifications", notes);
	json_array_append_new(inv, invo);
	return inv;
}

static void
put(struct jw *w, const char *key, json_t *v)
{
	jw_key(w, key);
	jw_json(w, v);
	json_decref(v);
}

/*
 * Streamed: the results (one per finding, the bulk of the log) are
 * made, written and dropped one at a time.
 */
int
sarif_emit(const struct emit_sink *out, const struct analysis *an,
    const struct diags *d, const char *version)
{
	struct strbuf sb = STRBUF_INIT;
	struct jw w;
	size_t i;
	int rc;

	jw_init(&w, &sb);
	jw_to_sink(&w, out);
	w.precision = AJSON_PRECISION;
	jw_open(&w, '{');
	put(&w, "$schema", ajson_str(SARIF_SCHEMA));
	put(&w, "version", ajson_str("2.1.0"));
	jw_key(&w, "runs");
	jw_open(&w, '[');
	jw_open(&w, '{');
	put(&w, "tool", tool_json(version));
	put(&w, "invocations", invocations_json(d));
	jw_key(&w, "results");
	jw_open(&w, '[');
	for (i = 0; i < an->findings.v.n; i++) {
		json_t *r = result_json(&an->findings.v.v[i]);

		jw_json(&w, r);
		json_decref(r);
	}
	jw_close(&w, ']');
	put(&w, "columnKind", ajson_str("unicodeCodePoints"));
	jw_close(&w, '}');
	jw_close(&w, ']');
	jw_close(&w, '}');
	sb_putc(&sb, '\n');
	rc = jw_flush(&w);
	sb_free(&sb);
	return rc;
}
