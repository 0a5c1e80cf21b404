/*
 * cmd_routes.c - `meshplan routes`: the simulated effective routes of a
 * VNet's subnets (rule R5 of docs/routing.md), as a table with Azure's
 * columns or, with --format json, in the shape of `az network nic
 * show-effective-route-table`.
 *
 * Without --subnet every source subnet of the VNet is printed (text), one
 * table each; JSON describes one subnet, so it needs --subnet when the VNet
 * has more than one. A VNet without subnets is one subnet without a route
 * table.
 */
#include <stdio.h>
#include <string.h>

#include "../emitters/formats.h"
#include "../lib/util.h"
#include "pipeline.h"

static int run_routes(int argc, char **argv);

const struct command cmd_routes = {
	.name = "routes",
	.summary = "simulated effective routes of a VNet's subnets",
	.usage =
	    "usage: meshplan routes [options] INPUT... --vnet NAME "
	    "[--subnet NAME]\n"
	    "       meshplan routes --check CAPTURED.json... INPUT... "
	    "[--captured NIC=FILE]...\n"
	    "Print the effective routes meshplan simulates for the subnets "
	    "of a VNet\n(docs/routing.md, rule R5), with Azure's columns: "
	    "Source, State, "
	    "Address Prefix,\nNext Hop Type, Next Hop IP.\n\n"
	    "With --check, compare them with effective route tables captured "
	    "from Azure\n(az network nic show-effective-route-table, saved as "
	    "<nic>.effective-routes.json\nor given with --captured NIC=FILE); "
	    "each capture is placed in the subnet of\nits NIC "
	    "(Microsoft.Network/networkInterfaces in the inputs), or one "
	    "capture\nwith --vnet and --subnet. Exit 0 when every route "
	    "agrees, 1 when any differs\n(docs/routing.md, \"Checking the "
	    "model against Azure\").\n\n"
	    "  --vnet NAME       the VNet (name or resource id)\n"
	    "  --subnet NAME     one subnet (name or id); default: all\n"
	    "  --check           compare with the captured tables among the "
	    "inputs\n"
	    "  --captured NIC=FILE  a captured table and its NIC "
	    "(repeatable)\n"
	    "  --format text|json  text (default) or json (the shape of\n"
	    "                    az network nic show-effective-route-table;"
	    "\n                    with --check: per subnet and totals)\n"
	    "  --policy FILE     planning policy (YAML): onprem, reserved_172\n"
	    "  --onprem PREFIX   an on-premises prefix (repeatable)\n"
	    "  --gateway NAME=FILE  learned routes of a gateway\n"
	    "  --scope ID  -o PATH  -q  --force\n"
	    "\nexit codes: 0 ok, 2 usage or I/O error, 3 invalid input\n",
	.run = run_routes,
};

static const struct vnet *
find_vnet(const struct estate *e, const char *want, int *nfound)
{
	const struct vnet *found = NULL;
	size_t i;

	*nfound = 0;
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		if (!v->r.seen)
			continue;
		if (mp_strcaseeq(v->r.id, want) ||
		    (v->r.name != NULL && mp_strcaseeq(v->r.name, want))) {
			if (found == NULL)
				found = v;
			(*nfound)++;
		}
	}
	return found;
}

/* Does the subnet use a route table that no input holds? */
static bool
missing_table(const struct subnet *s)
{
	return s->route_table_id != NULL &&
	    (s->route_table == NULL || !s->route_table->r.seen);
}

/* The subnet named want (name or id) of v; NULL when none. */
static const struct subnet *
find_subnet(const struct vnet *v, const char *want)
{
	size_t k;

	for (k = 0; k < v->subnets.n; k++) {
		const struct subnet *s = v->subnets.v[k];

		if (s->r.seen &&
		    (mp_strcaseeq(s->r.name, want) ||
			mp_strcaseeq(s->r.id, want)))
			return s;
	}
	return NULL;
}

/*
 * routes --check: every capture among the inputs against the simulation
 * of its subnet. Exit 0 when all agree, 1 when any differs, 2 on usage
 * or I/O, 3 when the inputs are invalid or a capture cannot be placed.
 */
static int
run_check(const struct command *c, struct common_opts *o, const char *vname,
    const char *sname)
{
	struct arena *a = arena_new();
	struct load_opts lo;
	struct pipeline p;
	struct routing *r = NULL;
	struct routecheck rc;
	struct doc_in in;
	const struct estate *e;
	size_t k, unplaced = 0;
	int rc_exit, nfound;

	memset(&lo, 0, sizeof(lo));
	memset(&rc, 0, sizeof(rc));
	lo.captures_by_hand = vname != NULL;
	if ((rc_exit = pipeline_run(&p, c, o, &lo, STAGE_LOAD, NULL)) !=
	    EXIT_OK)
		goto done;
	e = p.estate;
	if (e->captures.n == 0) {
		rc_exit = usage_error(c,
		    "--check: no captured effective route "
		    "table among the inputs (az network nic "
		    "show-effective-route-table saved as "
		    "<nic>.effective-routes.json, or --captured NIC=FILE)");
		goto done;
	}
	if (vname != NULL) {
		const struct vnet *v = find_vnet(e, vname, &nfound);
		const struct subnet *s = NULL;

		if (e->captures.n > 1) {
			rc_exit = usage_error(c,
			    "--vnet places one capture; "
			    "%zu were given (name them <nic>.effective-routes."
			    "json, with their NICs among the inputs)",
			    e->captures.n);
			goto done;
		}
		if (v == NULL || nfound > 1) {
			fprintf(stderr,
			    "meshplan routes: %s VNet '%s' in the "
			    "input%s\n",
			    v == NULL ? "no" : "more than one", vname,
			    v == NULL ? "" : "; give its resource id");
			rc_exit = EXIT_USAGE;
			goto done;
		}
		if (sname != NULL)
			s = find_subnet(v, sname);
		else if (v->subnets.n == 1 && v->subnets.v[0]->r.seen)
			s = v->subnets.v[0];
		if (s == NULL) {
			rc_exit = usage_error(c,
			    sname != NULL ? "VNet '%s' has "
					    "no subnet '%s'" :
					    "VNet '%s' has several subnets: "
					    "give --subnet NAME%s",
			    v->r.name, sname != NULL ? sname : "");
			goto done;
		}
		e->captures.v[0]->subnet = s;
	} else if (sname != NULL) {
		rc_exit = usage_error(c, "--subnet needs --vnet");
		goto done;
	}
	for (k = 0; k < e->captures.n; k++) {
		const struct capture *cp = e->captures.v[k];

		if (cp->subnet != NULL)
			continue;
		fprintf(stderr,
		    "%s: error: the capture cannot be placed in a "
		    "subnet (%s%s%s); add its NIC to the inputs or give --vnet "
		    "NAME --subnet NAME [capture-unplaced]\n",
		    cp->file, cp->nic != NULL ? "NIC '" : "no NIC name",
		    cp->nic != NULL ? cp->nic : "", cp->nic != NULL ? "'" : "");
		unplaced++;
	}
	if (unplaced > 0) {
		rc_exit = EXIT_INPUT;
		goto done;
	}
	r = routing_new(e, &p.ro, NULL, 0);
	for (k = 0; k < e->captures.n; k++) {
		const struct capture *cp = e->captures.v[k];
		struct rc_subnet one;

		routecheck_subnet(r, cp, cp->subnet->vnet, cp->subnet, a, &one);
		routecheck_add(&rc, a, &one);
	}
	routecheck_finish(&rc);
	memset(&in, 0, sizeof(in));
	in.check = &rc;
	rc_exit = write_doc(c->name, o->format, &in, o->output, o->force);
	if (rc_exit == EXIT_OK && rc.subnets_differ > 0)
		rc_exit = EXIT_FINDINGS;
done:
	routing_free(r);
	pipeline_free(&p);
	arena_free(a);
	return rc_exit;
}

typedef ARR(const struct subnet *) subnet_list;

/* The one VNet named vname, or NULL after a message (none, or several:
 * their ids are listed). */
static const struct vnet *
pick_vnet(const struct estate *e, const char *vname)
{
	const struct vnet *v;
	int nfound;
	size_t k;

	v = find_vnet(e, vname, &nfound);
	if (v != NULL && nfound <= 1)
		return v;
	fputs("meshplan routes: ", stderr);
	fputs(v == NULL ? "no" : "more than one", stderr);
	fputs(" VNet '", stderr);
	diag_fputs(vname, stderr);
	fputs(v == NULL ? "' in the input\n" :
			  "' in the input; give "
			  "one of these resource ids:\n",
	    stderr);
	for (k = 0; v != NULL && k < e->vnets.n; k++) {
		const struct vnet *x = e->vnets.v[k];

		if (!x->r.seen || x->r.name == NULL ||
		    !mp_strcaseeq(x->r.name, vname))
			continue;
		fputs("  ", stderr);
		diag_fputs(x->r.id, stderr);
		fputc('\n', stderr);
	}
	return NULL;
}

/* v's subnets named sname (by name or id), or all of them; -1 after a
 * message when none is. */
static int
pick_subnets(struct arena *a, const struct vnet *v, const char *sname,
    subnet_list *subs)
{
	size_t k;

	for (k = 0; k < v->subnets.n; k++) {
		const struct subnet *s = v->subnets.v[k];

		if (!s->r.seen)
			continue;
		if (sname != NULL ? (mp_strcaseeq(s->r.name, sname) ||
					mp_strcaseeq(s->r.id, sname)) :
				    true)
			ARR_PUSH(a, *subs, s);
	}
	if (sname != NULL && subs->n == 0) {
		fputs("meshplan routes: VNet '", stderr);
		diag_fputs(v->r.name, stderr);
		fputs("' has no subnet '", stderr);
		diag_fputs(sname, stderr);
		fputs("'\n", stderr);
		return -1;
	}
	return 0;
}

/* The effective routes of subnet s (NULL: v has none) into *out. */
static void
subnet_routes(struct routes_subnet *out, struct routing *r,
    const struct vnet *v, const struct subnet *s, bool quiet, struct arena *a)
{
	eroute_arr rs = { 0 };

	routing_effective(r, v, s, a, &rs);
	out->vnet = v;
	out->subnet = s;
	out->table_missing = s != NULL && missing_table(s);
	out->v = rs.v;
	out->n = rs.n;
	if (out->table_missing && !quiet) {
		fputs("meshplan routes: warning: subnet ", stderr);
		diag_fputs(s->r.id, stderr);
		fputs(" uses route table ", stderr);
		diag_fputs(s->route_table_id, stderr);
		fputs(", which is in no input: its user-defined routes "
		      "are missing\n",
		    stderr);
	}
}

static int
run_routes(int argc, char **argv)
{
	const struct command *c = &cmd_routes;
	const char *vname = NULL, *sname = NULL;
	const struct cmd_opt opts[] = {
		{ "--vnet", NULL, &vname },
		{ "--subnet", NULL, &sname },
		{ NULL, NULL, NULL },
	};
	struct arena *a = arena_new();
	const struct cmd_spec spec = { opts, doc_format_names(c->name, a),
		true };
	struct common_opts o;
	struct doc_in in;
	struct routes_subnet *tables;
	struct pipeline p;
	struct routing *r = NULL;
	const struct vnet *v;
	subnet_list subs = { 0 };
	bool json, check = false, dashdash = false;
	char **args;
	int rc, nargs = 0;
	size_t k;

	memset(&p, 0, sizeof(p));
	/* --check is a switch: take it out before the common parser. */
	args = arena_calloc(a, (size_t)argc + 1, sizeof(*args));
	for (k = 0; k < (size_t)argc; k++) {
		if (strcmp(argv[k], "--") == 0)
			dashdash = true;
		if (k > 0 && !dashdash && strcmp(argv[k], "--check") == 0)
			check = true;
		else
			args[nargs++] = argv[k];
	}
	if ((rc = cli_parse_flags(c, &spec, 0, a, &o, nargs, args)) != EXIT_OK)
		goto done;
	if (check) {
		rc = run_check(c, &o, vname, sname);
		goto done;
	}
	if (vname == NULL) {
		rc = usage_error(c, "--vnet NAME is required");
		goto done;
	}
	json = strcmp(o.format, "json") == 0;
	if ((rc = pipeline_run(&p, c, &o, NULL, STAGE_LOAD, NULL)) != EXIT_OK)
		goto done;
	if ((v = pick_vnet(p.estate, vname)) == NULL ||
	    pick_subnets(a, v, sname, &subs) != 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	if (v->subnets.n == 0)
		ARR_PUSH(a, subs, NULL);
	if (json && subs.n > 1) {
		rc = usage_error(c,
		    "VNet '%s' has %zu subnets: --format json "
		    "needs --subnet",
		    v->r.name, subs.n);
		goto done;
	}
	/* Only the VNet's tables: no hairpin search (STAGE_ROUTE). */
	r = routing_new(p.estate, &p.ro, NULL, 0);
	if (!json && !routing_onprem_known(r) && !o.quiet)
		fprintf(stderr,
		    "meshplan routes: note: on-premises routes "
		    "are unknown (no learned routes, no --onprem)\n");
	tables = arena_calloc(a, subs.n, sizeof(*tables));
	for (k = 0; k < subs.n; k++)
		subnet_routes(&tables[k], r, v, subs.v[k], o.quiet, a);
	memset(&in, 0, sizeof(in));
	in.subnets = tables;
	in.nsubnets = subs.n;
	rc = write_doc(c->name, o.format, &in, o.output, o.force);
done:
	routing_free(r);
	pipeline_free(&p);
	arena_free(a);
	return rc;
}
