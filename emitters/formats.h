/*
 * formats.h - the document formats of `analyze`, `report` and `routes`:
 * one table of designated initializers (command, --format name, writer),
 * the way emitter.h lists the IaC targets. A command's --format values
 * (its option check, its error message) are read from the table, so a
 * format is listed exactly when it has a writer.
 *
 *   doc_format_find   the writer of one command's format, or NULL
 *   doc_format_names  a command's format names, the default first
 *   doc_formats       the whole table (tests)
 *
 * Every writer takes the same context, struct doc_in; each reads only
 * the fields it needs (listed with the field) and writes its document to
 * the open file of a sink (emitters/sink.h: emit_write only; the caller
 * opens and closes it), the same bytes as the writer it calls. The JSON
 * and SARIF documents and routes' text tables are handed to the sink as
 * they are made (64 KiB or one table at a time); the others say in
 * formats.c what they must hold before they can write.
 */
#ifndef MESHPLAN_FORMATS_H
#define MESHPLAN_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "../planner/routing.h"

struct analysis;
struct diags;
struct estate;
struct hairpins;
struct plan;
struct report_opts;
struct emit_sink;
struct routecheck;
struct strbuf;
struct subnet;
struct vnet;

/* One subnet's simulated effective routes (routes). */
struct routes_subnet {
	const struct vnet *vnet;
	const struct subnet *subnet; /* NULL: the VNet has no subnet */
	bool table_missing;	     /* its route table is in no input */
	const struct eroute *v;
	size_t n;
};

struct doc_in {
	const struct estate *estate; /* report */
	const struct analysis *an;   /* analyze, report */
	const struct diags *diags;   /* analyze json, sarif; report json */
	const struct hairpins *hp;   /* report md, html (NULL: no routing) */
	const struct plan *plan;     /* report */
	const struct report_opts *report; /* report md, html */
	const char *version;		  /* "0.1.0": sarif */
	const char *generator; /* "meshplan 0.1.0": report md, html */
	bool verbose;	       /* analyze text */
	/* routes: one table per subnet (json: one subnet) ... */
	const struct routes_subnet *subnets;
	size_t nsubnets;
	/* ... or, for routes --check, the comparison (when not NULL). */
	const struct routecheck *check;
};

struct doc_format {
	const char *command; /* "analyze", "report", "routes" */
	const char *name;    /* the --format value */
	/* 0, or -1 when the sink refused (it said why). */
	int (*write)(const struct emit_sink *out, const struct doc_in *in);
};

const struct doc_format *doc_format_find(const char *command, const char *name);
/* The command's names in table order (the first is the default),
 * NULL-terminated, from a; NULL when the command has no format. */
const char *const *doc_format_names(const char *command, struct arena *a);
/* The table, ended by an entry whose command is NULL. */
extern const struct doc_format doc_formats[];

/* report --format json: the analyze JSON with the plan's keys after
 * its own, in the plan's order, streamed to the sink's open file. 0, or
 * -1 when the sink refused. */
int report_json_doc(const struct emit_sink *out, const struct analysis *an,
    const struct diags *d, const struct plan *plan);

/* routes --format text: per subnet a title line and a table with
 * Azure's columns, blank lines between, no trailing spaces; written to
 * the sink's open file a table at a time. 0, or -1 when it refused. */
int routes_text(const struct emit_sink *out, const struct routes_subnet *v,
    size_t n);

#endif
