/*
 * lifecycle_out.c - render struct plan_status and struct plan_diff
 * (planner/lifecycle.h). JSON keys are written in strcmp order, like
 * plan.json; Markdown escapes every value that came from an input.
 *
 * status_text, status_json, status_md, diff_text, diff_json, diff_md:
 * see lifecycle_out.h.
 */
#include "lifecycle_out.h"

#include <string.h>

#include "../lib/util.h"
#include "jsonw.h"
#include "quote.h"

static const char *
verdict(const struct plan_status *st)
{
	return status_agrees(st) ? "agrees with the plan" :
	    st->drift.n > 0	 ? "drift: plan again before the next wave" :
				   "a wave is partly deployed";
}

static void
status_notes(struct strbuf *sb, const struct plan_status *st, const char *lead)
{
	if (st->configs_assumed)
		sb_printf(sb,
		    "%sno list of committed configurations (az "
		    "network manager list-active-connectivity-config) among "
		    "the inputs: the configurations in them count as "
		    "deployed\n",
		    lead);
	if (st->no_inventory)
		sb_printf(sb,
		    "%sthe plan records no VNet inventory: VNets "
		    "that appeared or disappeared are not reported\n",
		    lead);
}

void
status_text(struct strbuf *sb, const struct plan_status *st)
{
	size_t i;

	sb_printf(sb, "meshplan status: %s\n", verdict(st));
	sb_printf(sb, "  live members: %zu now, %zu when planned\n",
	    st->live_members, st->live_at_plan);
	for (i = 0; i < st->waves.n; i++) {
		const struct status_wave *w = &st->waves.v[i];

		sb_printf(sb, "  wave %d %s: %s (%zu of %zu VNets live)\n",
		    w->number, w->name, wave_state_name(w->state), w->live,
		    w->planned);
	}
	for (i = 0; i < st->drift.n; i++)
		sb_printf(sb, "  drift %s: %s\n", st->drift.v[i].resource,
		    st->drift.v[i].reason);
	status_notes(sb, st, "  note: ");
}

void
status_json(struct strbuf *sb, const struct plan_status *st)
{
	struct jw w;
	size_t i;

	jw_init(&w, sb);
	jw_open(&w, '{');
	jw_key(&w, "agrees");
	jw_bool(&w, status_agrees(st));
	jw_key(&w, "configs_assumed_deployed");
	jw_bool(&w, st->configs_assumed);
	jw_key(&w, "drift");
	jw_open(&w, '[');
	for (i = 0; i < st->drift.n; i++) {
		jw_open(&w, '{');
		jw_key(&w, "reason");
		jw_str(&w, st->drift.v[i].reason);
		jw_key(&w, "resource");
		jw_str(&w, st->drift.v[i].resource);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_key(&w, "live_at_plan");
	jw_int(&w, (long long)st->live_at_plan);
	jw_key(&w, "live_members");
	jw_int(&w, (long long)st->live_members);
	jw_key(&w, "waves");
	jw_open(&w, '[');
	for (i = 0; i < st->waves.n; i++) {
		const struct status_wave *wv = &st->waves.v[i];

		jw_open(&w, '{');
		jw_key(&w, "live");
		jw_int(&w, (long long)wv->live);
		jw_key(&w, "name");
		jw_str(&w, wv->name);
		jw_key(&w, "number");
		jw_int(&w, wv->number);
		jw_key(&w, "planned");
		jw_int(&w, (long long)wv->planned);
		jw_key(&w, "state");
		jw_str(&w, wave_state_name(wv->state));
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	sb_putc(sb, '\n');
}

void
status_md(struct strbuf *sb, const struct plan_status *st)
{
	size_t i;

	sb_printf(sb, "### meshplan status: %s\n\n", verdict(st));
	sb_printf(sb, "Live members: %zu now, %zu when planned.\n\n",
	    st->live_members, st->live_at_plan);
	sb_puts(sb,
	    "| Wave | Name | State | Live | Planned |\n"
	    "| ---: | --- | --- | ---: | ---: |\n");
	for (i = 0; i < st->waves.n; i++) {
		const struct status_wave *w = &st->waves.v[i];

		sb_printf(sb, "| %d | ", w->number);
		md_escape(sb, w->name);
		sb_printf(sb, " | %s | %zu | %zu |\n",
		    wave_state_name(w->state), w->live, w->planned);
	}
	if (st->drift.n > 0) {
		sb_puts(sb,
		    "\n#### Drift\n\n| Resource | Reason |\n"
		    "| --- | --- |\n");
		for (i = 0; i < st->drift.n; i++) {
			sb_puts(sb, "| ");
			md_escape(sb, st->drift.v[i].resource);
			sb_puts(sb, " | ");
			md_escape(sb, st->drift.v[i].reason);
			sb_puts(sb, " |\n");
		}
	}
	if (st->configs_assumed || st->no_inventory) {
		sb_putc(sb, '\n');
		status_notes(sb, st, "> Note: ");
	}
}

/* ---- diff ---- */

static const char *
wave_label(struct strbuf *tmp, int wave, const char *name, bool live)
{
	sb_reset(tmp);
	if (live)
		sb_puts(tmp, "live");
	else if (wave > 0)
		sb_printf(tmp, "wave %d %s", wave, name ? name : "?");
	else
		sb_puts(tmp, "-");
	return sb_str(tmp);
}

static void
prefixes_text(struct strbuf *sb, const prefix_arr *p, bool present)
{
	char buf[PREFIX_STRLEN];
	size_t i;

	if (!present) {
		sb_puts(sb, "(no summaries)");
		return;
	}
	for (i = 0; i < p->n; i++)
		sb_printf(sb, "%s%s", i ? " " : "",
		    prefix_format(&p->v[i], buf));
	if (p->n == 0)
		sb_puts(sb, "(none)");
}

void
diff_text(struct strbuf *sb, const struct plan_diff *d)
{
	struct strbuf t1 = STRBUF_INIT, t2 = STRBUF_INIT;
	size_t i, nadd = 0;

	sb_printf(sb,
	    "meshplan diff: %zu VNet(s), %zu summar%s, %zu step(s) "
	    "differ\n",
	    d->vnets.n, d->summaries.n, d->summaries.n == 1 ? "y" : "ies",
	    d->steps.n);
	for (i = 0; i < d->vnets.n; i++) {
		const struct diff_vnet *v = &d->vnets.v[i];
		const char *o = wave_label(&t1, v->old_wave, v->old_wave_name,
		    v->old_live);

		sb_printf(sb, "  %s %s: %s -> %s", v->change, v->label, o,
		    wave_label(&t2, v->new_wave, v->new_wave_name,
			v->new_live));
		if (strcmp(v->change, "mesh") == 0)
			sb_printf(sb, " (mesh %s -> %s)", v->old_mesh,
			    v->new_mesh);
		sb_putc(sb, '\n');
	}
	for (i = 0; i < d->summaries.n; i++) {
		const struct diff_summary *s = &d->summaries.v[i];

		sb_printf(sb, "  summaries %s: ", s->label);
		prefixes_text(sb, &s->old_prefixes, s->in_old);
		sb_puts(sb, " -> ");
		prefixes_text(sb, &s->new_prefixes, s->in_new);
		sb_putc(sb, '\n');
	}
	for (i = 0; i < d->steps.n; i++) {
		const struct diff_step *s = &d->steps.v[i];

		nadd += s->added;
		sb_printf(sb, "  %c step (wave %d, %s): %s\n",
		    s->added ? '+' : '-', s->wave, s->kind, s->label);
	}
	(void)nadd;
	sb_free(&t1);
	sb_free(&t2);
}

static void
kprefixes(struct jw *w, const char *k, const prefix_arr *p, bool present)
{
	char buf[PREFIX_STRLEN];
	size_t i;

	jw_key(w, k);
	if (!present) {
		jw_str(w, NULL);
		return;
	}
	jw_open(w, '[');
	for (i = 0; i < p->n; i++)
		jw_str(w, prefix_format(&p->v[i], buf));
	jw_close(w, ']');
}

static void
kstr(struct jw *w, const char *k, const char *v)
{
	jw_key(w, k);
	jw_str(w, v);
}

void
diff_json(struct strbuf *sb, const struct plan_diff *d)
{
	struct jw w;
	size_t i;

	jw_init(&w, sb);
	jw_open(&w, '{');
	jw_key(&w, "same");
	jw_bool(&w, plan_diff_empty(d));
	jw_key(&w, "steps");
	jw_open(&w, '[');
	for (i = 0; i < d->steps.n; i++) {
		const struct diff_step *s = &d->steps.v[i];

		jw_open(&w, '{');
		kstr(&w, "change", s->added ? "added" : "removed");
		kstr(&w, "kind", s->kind);
		kstr(&w, "resource", s->resource);
		kstr(&w, "text", s->text);
		jw_key(&w, "wave");
		jw_int(&w, s->wave);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_key(&w, "summaries");
	jw_open(&w, '[');
	for (i = 0; i < d->summaries.n; i++) {
		const struct diff_summary *s = &d->summaries.v[i];

		jw_open(&w, '{');
		kstr(&w, "hub", s->hub_id);
		kstr(&w, "hub_name", s->hub_name);
		kprefixes(&w, "new", &s->new_prefixes, s->in_new);
		kprefixes(&w, "old", &s->old_prefixes, s->in_old);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_key(&w, "vnets");
	jw_open(&w, '[');
	for (i = 0; i < d->vnets.n; i++) {
		const struct diff_vnet *v = &d->vnets.v[i];

		jw_open(&w, '{');
		kstr(&w, "change", v->change);
		kstr(&w, "id", v->id);
		kstr(&w, "name", v->name);
		jw_key(&w, "new");
		jw_open(&w, '{');
		jw_key(&w, "live");
		jw_bool(&w, v->new_live);
		kstr(&w, "mesh", v->new_mesh);
		jw_key(&w, "wave");
		jw_int(&w, v->new_wave);
		kstr(&w, "wave_name", v->new_wave_name);
		jw_close(&w, '}');
		jw_key(&w, "old");
		jw_open(&w, '{');
		jw_key(&w, "live");
		jw_bool(&w, v->old_live);
		kstr(&w, "mesh", v->old_mesh);
		jw_key(&w, "wave");
		jw_int(&w, v->old_wave);
		kstr(&w, "wave_name", v->old_wave_name);
		jw_close(&w, '}');
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	sb_putc(sb, '\n');
}

void
diff_md(struct strbuf *sb, const struct plan_diff *d)
{
	struct strbuf t1 = STRBUF_INIT, t2 = STRBUF_INIT;
	size_t i;

	sb_printf(sb, "### meshplan diff: %s\n\n",
	    plan_diff_empty(d) ? "the plans agree" : "the plan changed");
	if (d->vnets.n > 0) {
		sb_puts(sb,
		    "| VNet | Change | Before | After |\n"
		    "| --- | --- | --- | --- |\n");
		for (i = 0; i < d->vnets.n; i++) {
			const struct diff_vnet *v = &d->vnets.v[i];

			sb_puts(sb, "| ");
			md_escape(sb, v->label);
			sb_printf(sb, " | %s | ", v->change);
			md_escape(sb,
			    wave_label(&t1, v->old_wave, v->old_wave_name,
				v->old_live));
			sb_puts(sb, " | ");
			md_escape(sb,
			    wave_label(&t2, v->new_wave, v->new_wave_name,
				v->new_live));
			sb_puts(sb, " |\n");
		}
		sb_putc(sb, '\n');
	}
	if (d->summaries.n > 0) {
		sb_puts(sb,
		    "| Hub | Summaries before | Summaries after |\n"
		    "| --- | --- | --- |\n");
		for (i = 0; i < d->summaries.n; i++) {
			const struct diff_summary *s = &d->summaries.v[i];

			sb_puts(sb, "| ");
			md_escape(sb, s->label);
			sb_puts(sb, " | ");
			sb_reset(&t1);
			prefixes_text(&t1, &s->old_prefixes, s->in_old);
			md_escape(sb, sb_str(&t1));
			sb_puts(sb, " | ");
			sb_reset(&t1);
			prefixes_text(&t1, &s->new_prefixes, s->in_new);
			md_escape(sb, sb_str(&t1));
			sb_puts(sb, " |\n");
		}
		sb_putc(sb, '\n');
	}
	if (d->steps.n > 0) {
		sb_printf(sb,
		    "<details><summary>%zu step(s) differ</summary>"
		    "\n\n| | Wave | Kind | Step |\n| --- | ---: | --- | --- "
		    "|\n",
		    d->steps.n);
		for (i = 0; i < d->steps.n; i++) {
			const struct diff_step *s = &d->steps.v[i];

			sb_printf(sb, "| %s | %d | %s | ", s->added ? "+" : "-",
			    s->wave, s->kind);
			md_escape(sb, s->label);
			sb_puts(sb, " |\n");
		}
		sb_puts(sb, "\n</details>\n");
	}
	sb_free(&t1);
	sb_free(&t2);
}
