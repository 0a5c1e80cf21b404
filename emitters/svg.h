/*
 * svg.h - the charts of the HTML report, drawn as inline SVG by meshplan
 * itself (no scripts, no fonts, no network): horizontal bar charts of a
 * count against its limit, and an aggregated topology of hubs, circuits
 * and hairpin flows that stays readable at thousands of spokes.
 *
 * The chart functions take plain data (names and counts), not the plan or
 * the analysis, so they can be tested alone; the report emitters gather
 * the data. Every string is escaped for XML; output is deterministic (the
 * caller's order, fixed number formats, no ids from addresses or time).
 */
#ifndef MESHPLAN_SVG_H
#define MESHPLAN_SVG_H

#include <stddef.h>

#include "../planner/analysis.h"

struct strbuf;

/* The colour of a pressure band (analysis.h): "#rrggbb". */
const char *svg_pressure_color(enum pressure l);

/*
 * Append s to sb escaped for XML text and attribute values (& < > " ').
 * Control characters that XML 1.0 forbids become U+FFFD, as do bytes that
 * are not valid UTF-8. NULL appends nothing.
 */
void svg_escape(struct strbuf *sb, const char *s);
/* Append n with thousands separators ("12,345"). */
void fmt_count(struct strbuf *sb, double n);

struct svg_bar {
	const char *label; /* row label (escaped; long ones truncated,
			    * the full text in a <title> tooltip) */
	double value;	   /* the bar */
	double limit;	   /* colours the bar by value/limit; 0: none */
	double before;	   /* < 0: none; else a pale "before" bar */
	const char *note;  /* right of the bar; NULL: "value / limit" */
};

/* A vertical reference line across every row (a limit). */
struct svg_ref {
	double value;
	const char *label;
};

struct svg_chart {
	const char *title; /* <title> of the chart and its heading */
	const char *unit;  /* axis caption, e.g. "advertised IPv4" */
	const struct svg_bar *bars;
	size_t nbars;
	const struct svg_ref *refs;
	size_t nrefs;
};

/*
 * A horizontal bar chart: one row per bar, the axis from 0 to the
 * largest of the values, the bars' limits and the reference lines (times
 * 1.05). Bars are coloured by pressure band; a bar without a limit is
 * neutral. Appends one <svg> element to sb.
 */
void svg_bar_chart(struct strbuf *sb, const struct svg_chart *c);

/* Topology, aggregated: hubs are nodes, spokes are counts. */
struct svg_hub {
	const char *name;
	const char *region; /* NULL: unknown */
	size_t spokes;	    /* spokes of this hub */
	size_t hairpinning; /* of which hairpin (source side) */
};

struct svg_circuit {
	const char *name;
	const char *location; /* peering location; NULL: unknown */
};

/* A gateway of hub `hub` connected to circuit `circuit` (indices). */
struct svg_link {
	size_t hub, circuit;
};

/* Hairpinning pairs from spokes of src to spokes of dst through circuit. */
struct svg_flow {
	size_t src, dst, circuit;
	size_t pairs;
};

struct svg_topology {
	const char *title;
	const struct svg_hub *hubs;
	size_t nhubs;
	const struct svg_circuit *circuits;
	size_t ncircuits;
	const struct svg_link *links;
	size_t nlinks;
	const struct svg_flow *flows; /* src/dst/circuit < nhubs/ncircuits */
	size_t nflows;
	/* After the migration: a band under the hubs with this text (the
	 * mesh and what it connects); NULL: none. */
	const char *mesh_note;
};

/*
 * Circuits (the MSEE edge) in a row on top, hubs below, each hub with a
 * box counting its spokes (a grid of dots, one dot per ceil(n/100)
 * spokes); hub-circuit links as thin lines; hairpin flows as curves from
 * hub to hub through the circuit, their width growing with the log of
 * the pair count, labelled with it. Flows in one direction and the other
 * between two hubs are drawn as one curve labelled with both counts.
 */
void svg_topology(struct strbuf *sb, const struct svg_topology *t);

#endif
