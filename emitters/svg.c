/*
 * svg.c - bar charts and the aggregated topology of the HTML report, as
 * inline SVG (see svg.h).
 *
 * Invariants: every string from the caller goes through svg_escape; every
 * number is printed with a fixed format (integers or one decimal), so the
 * same data gives the same bytes; element ids are not used (several charts
 * share one HTML page). Limits: labels are cut at LABEL_MAX characters (the
 * full text stays in a <title> tooltip); the topology legend lists the
 * LEGEND_MAX heaviest flows and counts the rest; a spoke box draws at most
 * 100 dots whatever the number of spokes.
 */
#include "svg.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"

#define LABEL_MAX 30
#define LEGEND_MAX 20
#define FONT "font-family=\"sans-serif\""

static const char *const level_colors[] = { "#2e7d32", "#f9a825", "#ef6c00",
	"#c62828" };
#define NEUTRAL_COLOR "#1565c0"
#define BEFORE_COLOR "#cfd8dc"

const char *
svg_pressure_color(enum pressure l)
{
	MP_ASSERT((size_t)l < MP_NELEM(level_colors));
	return level_colors[l];
}

/* The band of value against limit; a limit of 0 is "no limit". */
static enum pressure
band(double value, double limit)
{
	return limit > 0 ? pressure_level(value / limit) : PRESSURE_OK;
}

/* Length of the UTF-8 sequence at s, or 0 when it is not valid. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong 3- and 4-byte forms, surrogates, > U+10FFFF. */
	if (n == 3 && s[0] == 0xe0 && s[1] < 0xa0)
		return 0;
	if (n == 3 && s[0] == 0xed && s[1] >= 0xa0)
		return 0;
	if (n == 4 && s[0] == 0xf0 && s[1] < 0x90)
		return 0;
	if (n == 4 && s[0] == 0xf4 && s[1] >= 0x90)
		return 0;
	/* U+FFFE and U+FFFF are not XML characters either. */
	if (n == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
		return 0;
	return n;
}

static void
escape_n(struct strbuf *sb, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0, n;

	if (s == NULL)
		return;
	while (*p != '\0') {
		if (max > 0 && chars == max) {
			sb_puts(sb, "\xe2\x80\xa6"); /* ellipsis */
			return;
		}
		chars++;
		switch (*p) {
		case '&':
			sb_puts(sb, "&amp;");
			p++;
			continue;
		case '<':
			sb_puts(sb, "&lt;");
			p++;
			continue;
		case '>':
			sb_puts(sb, "&gt;");
			p++;
			continue;
		case '"':
			sb_puts(sb, "&quot;");
			p++;
			continue;
		case '\'':
			sb_puts(sb, "&#39;");
			p++;
			continue;
		default:
			break;
		}
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			sb_puts(sb, "\xef\xbf\xbd");
			p++;
			continue;
		}
		n = utf8_len(p);
		if (n == 0) {
			sb_puts(sb, "\xef\xbf\xbd");
			p++;
			continue;
		}
		sb_putn(sb, (const char *)p, n);
		p += n;
	}
}

void
svg_escape(struct strbuf *sb, const char *s)
{
	escape_n(sb, s, 0);
}

void
fmt_count(struct strbuf *sb, double n)
{
	char buf[64];
	size_t len, i, lead;

	if (n < 0) {
		sb_putc(sb, '-');
		n = -n;
	}
	if (n >= 1e18) {
		sb_printf(sb, "%.3g", n);
		return;
	}
	snprintf(buf, sizeof(buf), "%.0f", n);
	len = strlen(buf);
	lead = len % 3 == 0 ? 3 : len % 3;
	for (i = 0; i < len; i++) {
		if (i > 0 && (i - lead) % 3 == 0 && i >= lead)
			sb_putc(sb, ',');
		sb_putc(sb, buf[i]);
	}
}

/* A step of 1, 2 or 5 times a power of ten giving about 5 ticks. */
static double
nice_step(double max)
{
	double raw = max / 5, mag, f;

	if (raw <= 0)
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	if (f <= 1)
		return mag;
	if (f <= 2)
		return 2 * mag;
	if (f <= 5)
		return 5 * mag;
	return 10 * mag;
}

/* Bar chart geometry. */
#define BW 820	   /* width */
#define BLABEL 230 /* label column */
#define BNOTE 170  /* note column */
#define BROW 26	   /* row height */
#define BTOP 56	   /* title band and reference labels */
#define BBOTTOM 44 /* axis band */

static double
bx(double v, double max)
{
	return BLABEL + 10 + v / max * (BW - BNOTE - BLABEL - 20);
}

/* Bar i of a chart whose axis ends at max: label, bars, limit, note. */
static void
bar_row(struct strbuf *sb, const struct svg_bar *b, size_t i, double max)
{
	enum pressure l = band(b->value, b->limit);
	const char *color = b->limit > 0 ? svg_pressure_color(l) :
					   NEUTRAL_COLOR;
	double x, y;

	y = BTOP + (double)i * BROW;
	sb_puts(sb, "<g>");
	sb_puts(sb, "<title>");
	svg_escape(sb, b->label);
	sb_puts(sb, ": ");
	fmt_count(sb, b->value);
	if (b->limit > 0) {
		sb_puts(sb, " of ");
		fmt_count(sb, b->limit);
		sb_printf(sb, " (%s)", pressure_name(l));
	}
	if (b->before >= 0) {
		sb_puts(sb, ", before ");
		fmt_count(sb, b->before);
	}
	sb_puts(sb, "</title>\n");
	sb_printf(sb,
	    "<text x=\"%d\" y=\"%.1f\" " FONT
	    " font-size=\"12\" fill=\"#263238\" "
	    "text-anchor=\"end\">",
	    BLABEL, y + 17);
	escape_n(sb, b->label, LABEL_MAX);
	sb_puts(sb, "</text>\n");
	if (b->before >= 0)
		sb_printf(sb,
		    "<rect x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"18\" fill=\"%s\"/>\n",
		    bx(0, max), y + 4, bx(b->before, max) - bx(0, max),
		    BEFORE_COLOR);
	sb_printf(sb,
	    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%d\" fill=\"%s\"/>\n",
	    bx(0, max), y + (b->before >= 0 ? 8 : 5),
	    bx(b->value, max) - bx(0, max), b->before >= 0 ? 10 : 16, color);
	if (b->limit > 0) {
		x = bx(b->limit, max);
		sb_printf(sb,
		    "<line x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#263238\" "
		    "stroke-width=\"2\"/>\n",
		    x, y + 2, x, y + 24);
	}
	sb_printf(sb,
	    "<text x=\"%d\" y=\"%.1f\" " FONT
	    " font-size=\"12\" fill=\"#37474f\">",
	    BW - BNOTE + 2, y + 17);
	if (b->note != NULL) {
		escape_n(sb, b->note, LABEL_MAX);
	} else {
		fmt_count(sb, b->value);
		if (b->limit > 0) {
			sb_puts(sb, " / ");
			fmt_count(sb, b->limit);
			sb_printf(sb, " (%.0f%%)",
			    floor(b->value / b->limit * 100));
		}
	}
	sb_puts(sb, "</text></g>\n");
}

void
svg_bar_chart(struct strbuf *sb, const struct svg_chart *c)
{
	double max = 0, step, t, x;
	size_t i, h;

	for (i = 0; i < c->nbars; i++) {
		const struct svg_bar *b = &c->bars[i];

		if (b->value > max)
			max = b->value;
		if (b->limit > max)
			max = b->limit;
		if (b->before > max)
			max = b->before;
	}
	for (i = 0; i < c->nrefs; i++)
		if (c->refs[i].value > max)
			max = c->refs[i].value;
	max = max > 0 ? max * 1.05 : 1;
	h = BTOP + (c->nbars > 0 ? c->nbars : 1) * BROW + BBOTTOM;

	sb_printf(sb,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart\" width=\"%d\" height=\"%zu\" "
	    "viewBox=\"0 0 %d %zu\" role=\"img\">\n",
	    BW, h, BW, h);
	sb_puts(sb, "<title>");
	svg_escape(sb, c->title);
	sb_puts(sb, "</title>\n");
	sb_printf(sb,
	    "<text x=\"8\" y=\"22\" " FONT " font-size=\"16\" "
	    "font-weight=\"bold\" fill=\"#263238\">");
	svg_escape(sb, c->title);
	sb_puts(sb, "</text>\n");

	/* Grid and ticks. */
	step = nice_step(max);
	for (t = 0; t <= max + 1e-9; t += step) {
		x = bx(t, max);
		sb_printf(sb,
		    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		    "y2=\"%zu\" stroke=\"#eceff1\"/>\n",
		    x, BTOP - 4, x, h - BBOTTOM + 4);
		sb_printf(sb,
		    "<text x=\"%.1f\" y=\"%zu\" " FONT
		    " font-size=\"12\" fill=\"#546e7a\" "
		    "text-anchor=\"middle\">",
		    x, h - BBOTTOM + 18);
		fmt_count(sb, t);
		sb_puts(sb, "</text>\n");
	}
	sb_printf(sb,
	    "<text x=\"%.1f\" y=\"%zu\" " FONT " font-size=\"12\" "
	    "fill=\"#546e7a\" text-anchor=\"middle\">",
	    bx(max / 2, max), h - 8);
	svg_escape(sb, c->unit);
	sb_puts(sb, "</text>\n");
	if (c->nbars == 0) {
		sb_printf(sb,
		    "<text x=\"%d\" y=\"%d\" " FONT
		    " font-size=\"12\" fill=\"#546e7a\">nothing to "
		    "show</text>\n",
		    BLABEL + 10, BTOP + 17);
	}

	for (i = 0; i < c->nbars; i++)
		bar_row(sb, &c->bars[i], i, max);

	for (i = 0; i < c->nrefs; i++) {
		x = bx(c->refs[i].value, max);
		sb_printf(sb,
		    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		    "y2=\"%zu\" stroke=\"#455a64\" stroke-dasharray=\"4 3\"/>"
		    "\n",
		    x, BTOP - 6, x, h - BBOTTOM + 2);
		/* Below the title band, beside the line (a label centred
		 * on a line at the right edge ran into the title). */
		sb_printf(sb,
		    "<text x=\"%.1f\" y=\"%d\" " FONT
		    " font-size=\"12\" fill=\"#455a64\" "
		    "text-anchor=\"end\">",
		    x - 4, BTOP - 10);
		svg_escape(sb, c->refs[i].label);
		sb_puts(sb, "</text>\n");
	}
	sb_puts(sb, "</svg>\n");
}

/* Topology geometry. */
#define TSLOT 190 /* horizontal room per node */
#define TNODE_W 160
#define TCIRC_Y 50
#define THUB_Y 250
#define TNODE_H 46
#define TBOX_Y (THUB_Y + TNODE_H + 16)
#define TDOT 11
#define TDOTS 10 /* dots per row */

/* Flows merged by unordered hub pair and circuit. */
struct tflow {
	size_t a, b, circuit; /* a <= b */
	size_t ab, ba;	      /* pairs a->b, b->a */
};

static int
tflow_cmp_weight(const void *x, const void *y)
{
	const struct tflow *p = x, *q = y;
	size_t wp = p->ab + p->ba, wq = q->ab + q->ba;

	if (wp != wq)
		return wp > wq ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	if (p->circuit != q->circuit)
		return p->circuit < q->circuit ? -1 : 1;
	return 0;
}

static const char *const flow_palette[] = { "#d84315", "#6a1b9a", "#00838f",
	"#ad1457", "#283593", "#558b2f", "#4e342e", "#c0ca33", "#0277bd",
	"#8e24aa" };

static double
node_x(size_t i, size_t n, double width)
{
	return width * ((double)i + 0.5) / (double)n;
}

static void
node_label(struct strbuf *sb, double x, double y, int size, const char *bold,
    const char *s)
{
	sb_printf(sb,
	    "<text x=\"%.1f\" y=\"%.1f\" " FONT " font-size=\"%d\""
	    " fill=\"#263238\" text-anchor=\"middle\"%s>",
	    x, y, size, bold);
	escape_n(sb, s, 22);
	sb_puts(sb, "</text>\n");
}

static void
hub_name_pair(struct strbuf *sb, const struct svg_topology *t,
    const struct tflow *f, bool reverse)
{
	size_t s = reverse ? f->b : f->a, d = reverse ? f->a : f->b;

	escape_n(sb, t->hubs[s].name, 24);
	sb_puts(sb, " \xe2\x86\x92 ");
	escape_n(sb, t->hubs[d].name, 24);
}

/* "A -> B: n; B -> A: m", leaving out a direction without pairs. */
static void
flow_counts(struct strbuf *sb, const struct svg_topology *t,
    const struct tflow *f, const char *sep)
{
	if (f->ab > 0 || f->ba == 0) {
		hub_name_pair(sb, t, f, false);
		sb_puts(sb, ": ");
		fmt_count(sb, (double)f->ab);
	}
	if (f->a != f->b && f->ba > 0) {
		if (f->ab > 0)
			sb_puts(sb, sep);
		hub_name_pair(sb, t, f, true);
		sb_puts(sb, ": ");
		fmt_count(sb, (double)f->ba);
	}
}

/*
 * The flows merged by unordered hub pair and circuit, heaviest first
 * (*nfl of them; the caller frees). Quadratic in flows, fine for hub
 * counts.
 */
static struct tflow *
merge_flows(const struct svg_topology *t, size_t *nfl)
{
	struct tflow *fl;
	size_t n = 0, i, j;

	fl = xcalloc(t->nflows + 1, sizeof(*fl));
	for (i = 0; i < t->nflows; i++) {
		const struct svg_flow *f = &t->flows[i];
		size_t a = f->src < f->dst ? f->src : f->dst;
		size_t b = f->src < f->dst ? f->dst : f->src;

		MP_ASSERT(f->src < t->nhubs && f->dst < t->nhubs);
		MP_ASSERT(f->circuit < t->ncircuits);
		for (j = 0; j < n; j++)
			if (fl[j].a == a && fl[j].b == b &&
			    fl[j].circuit == f->circuit)
				break;
		if (j == n) {
			fl[n].a = a;
			fl[n].b = b;
			fl[n].circuit = f->circuit;
			n++;
		}
		if (f->src == a)
			fl[j].ab += f->pairs;
		else
			fl[j].ba += f->pairs;
	}
	qsort(fl, n, sizeof(*fl), tflow_cmp_weight);
	*nfl = n;
	return fl;
}

/* Rows of dots in the tallest spoke box (at most 100 dots a box). */
static size_t
dot_rows(const struct svg_topology *t)
{
	size_t i, rows = 0;

	for (i = 0; i < t->nhubs; i++) {
		size_t per = (t->hubs[i].spokes + 99) / 100, dots;

		dots = per ? (t->hubs[i].spokes + per - 1) / per : 0;
		if ((dots + TDOTS - 1) / TDOTS > rows)
			rows = (dots + TDOTS - 1) / TDOTS;
	}
	return rows;
}

/* Hub-circuit links first, under everything. */
static void
topo_links(struct strbuf *sb, const struct svg_topology *t, double width)
{
	double cx, hx;
	size_t i;

	for (i = 0; i < t->nlinks; i++) {
		MP_ASSERT(t->links[i].hub < t->nhubs);
		MP_ASSERT(t->links[i].circuit < t->ncircuits);
		hx = node_x(t->links[i].hub, t->nhubs, width);
		cx = node_x(t->links[i].circuit, t->ncircuits, width);
		sb_printf(sb,
		    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		    "y2=\"%d\" stroke=\"#90a4ae\" stroke-width=\"1.5\" "
		    "stroke-dasharray=\"5 4\"/>\n",
		    hx, THUB_Y, cx, TCIRC_Y + TNODE_H);
	}
}

/* Hairpin flows: hub -> circuit (the MSEE) -> hub, as wide as heavy. */
static void
topo_flows(struct strbuf *sb, const struct svg_topology *t,
    const struct tflow *fl, size_t nfl, double width)
{
	size_t i, maxw = nfl > 0 ? fl[0].ab + fl[0].ba : 1;

	for (i = 0; i < nfl; i++) {
		const struct tflow *f = &fl[i];
		double xa, xb, sw, cx, cy = TCIRC_Y + TNODE_H;
		size_t wsum = f->ab + f->ba;

		cx = node_x(f->circuit, t->ncircuits, width);
		xa = node_x(f->a, t->nhubs, width);
		xb = node_x(f->b, t->nhubs, width);
		if (f->a == f->b) {
			xa -= 14;
			xb += 14;
		}
		sw = 1.5 + 9.0 * log1p((double)wsum) / log1p((double)maxw);
		sb_printf(sb,
		    "<path d=\"M %.1f %d Q %.1f %.1f %.1f %.1f "
		    "Q %.1f %.1f %.1f %d\" fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"%.1f\" stroke-opacity=\"0.65\" "
		    "stroke-linecap=\"round\">",
		    xa, THUB_Y, xa, cy, cx, cy, xb, cy, xb, THUB_Y,
		    flow_palette[i % MP_NELEM(flow_palette)], sw);
		sb_puts(sb, "<title>");
		flow_counts(sb, t, f, "; ");
		sb_puts(sb, " pairs via ");
		svg_escape(sb, t->circuits[f->circuit].name);
		sb_puts(sb, "</title></path>\n");
	}
}

static void
topo_circuits(struct strbuf *sb, const struct svg_topology *t, double width)
{
	double cx;
	size_t i;

	for (i = 0; i < t->ncircuits; i++) {
		cx = node_x(i, t->ncircuits, width);
		sb_printf(sb, "<g><title>circuit ");
		svg_escape(sb, t->circuits[i].name);
		if (t->circuits[i].location != NULL) {
			sb_puts(sb, " at ");
			svg_escape(sb, t->circuits[i].location);
		}
		sb_printf(sb,
		    "</title><rect x=\"%.1f\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" rx=\"6\" fill=\"#fff3e0\" "
		    "stroke=\"#e65100\"/>\n",
		    cx - TNODE_W / 2, TCIRC_Y, TNODE_W, TNODE_H);
		node_label(sb, cx, TCIRC_Y + 19, 12, " font-weight=\"bold\"",
		    t->circuits[i].name);
		node_label(sb, cx, TCIRC_Y + 36, 12, "",
		    t->circuits[i].location != NULL ? t->circuits[i].location :
						      "MSEE (ExpressRoute)");
		sb_puts(sb, "</g>\n");
	}
}

/* The box of a hub's spokes: one dot per spoke, or per `per` spokes. */
static void
topo_spoke_box(struct strbuf *sb, const struct svg_hub *hb, double hx,
    size_t rows)
{
	size_t per = (hb->spokes + 99) / 100, dots, hot, k;
	double bx0;

	dots = per ? (hb->spokes + per - 1) / per : 0;
	hot = per ? (hb->hairpinning + per - 1) / per : 0;
	if (hot > dots)
		hot = dots;
	sb_printf(sb,
	    "<rect x=\"%.1f\" y=\"%d\" width=\"%d\" "
	    "height=\"%.1f\" rx=\"4\" fill=\"#fafafa\" "
	    "stroke=\"#b0bec5\"/>\n",
	    hx - TNODE_W / 2, TBOX_Y, TNODE_W, 40 + (double)rows * TDOT);
	sb_printf(sb,
	    "<text x=\"%.1f\" y=\"%d\" " FONT
	    " font-size=\"12\" fill=\"#263238\" "
	    "text-anchor=\"middle\">",
	    hx, TBOX_Y + 15);
	fmt_count(sb, (double)hb->spokes);
	sb_puts(sb, hb->spokes == 1 ? " spoke, " : " spokes, ");
	fmt_count(sb, (double)hb->hairpinning);
	sb_puts(sb, " hairpin</text>\n");
	bx0 = hx - (TDOTS * TDOT) / 2.0 + TDOT / 2.0;
	for (k = 0; k < dots; k++)
		sb_printf(sb,
		    "<circle cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"4\" fill=\"%s\"/>\n",
		    bx0 + (double)(k % TDOTS) * TDOT,
		    TBOX_Y + 28 + (double)(k / TDOTS) * TDOT,
		    k < hot ? "#d84315" : "#90a4ae");
	sb_printf(sb,
	    "<text x=\"%.1f\" y=\"%.1f\" " FONT
	    " font-size=\"12\" fill=\"#78909c\" "
	    "text-anchor=\"middle\">",
	    hx, TBOX_Y + 34 + (double)rows * TDOT);
	if (per > 1) {
		sb_puts(sb, "1 dot = ");
		fmt_count(sb, (double)per);
		sb_puts(sb, " spokes");
	} else {
		sb_puts(sb, "1 dot = 1 spoke");
	}
	sb_puts(sb, "</text>");
}

/* Hubs and their spokes. */
static void
topo_hubs(struct strbuf *sb, const struct svg_topology *t, double width,
    size_t rows)
{
	double hx;
	size_t i;

	for (i = 0; i < t->nhubs; i++) {
		const struct svg_hub *hb = &t->hubs[i];

		hx = node_x(i, t->nhubs, width);
		sb_printf(sb, "<g><title>hub ");
		svg_escape(sb, hb->name);
		if (hb->region != NULL) {
			sb_puts(sb, " (");
			svg_escape(sb, hb->region);
			sb_puts(sb, ")");
		}
		sb_puts(sb, ": ");
		fmt_count(sb, (double)hb->spokes);
		sb_puts(sb, " spokes, ");
		fmt_count(sb, (double)hb->hairpinning);
		sb_puts(sb, " hairpinning</title>\n");
		sb_printf(sb,
		    "<rect x=\"%.1f\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" rx=\"6\" fill=\"#e3f2fd\" "
		    "stroke=\"#1565c0\"/>\n",
		    hx - TNODE_W / 2, THUB_Y, TNODE_W, TNODE_H);
		node_label(sb, hx, THUB_Y + 19, 12, " font-weight=\"bold\"",
		    hb->name);
		node_label(sb, hx, THUB_Y + 36, 12, "",
		    hb->region != NULL ? hb->region : "region unknown");
		topo_spoke_box(sb, hb, hx, rows);
		sb_puts(sb, "</g>\n");
	}
}

/* After the migration: the mesh joins the hubs' spokes directly. */
static void
topo_mesh_band(struct strbuf *sb, const struct svg_topology *t, double width,
    double y0)
{
	double ya = y0 - 44 - 8;

	sb_printf(sb, "<g><title>");
	svg_escape(sb, t->mesh_note);
	sb_printf(sb,
	    "</title><rect x=\"12\" y=\"%.1f\" "
	    "width=\"%.1f\" height=\"30\" rx=\"15\" fill=\"#e8f5e9\" "
	    "stroke=\"#2e7d32\" stroke-width=\"2\"/>\n<text x=\"%.1f\" "
	    "y=\"%.1f\" " FONT " font-size=\"12\" fill=\"#1b5e20\" "
	    "text-anchor=\"middle\">",
	    ya, width - 24, width / 2, ya + 19);
	escape_n(sb, t->mesh_note, 110);
	sb_puts(sb, "</text></g>\n");
}

/* Legend: the heaviest flows, then what the lines and dots are. */
static void
topo_legend(struct strbuf *sb, const struct svg_topology *t,
    const struct tflow *fl, size_t nfl, size_t legend, double y0)
{
	double ly;
	size_t i;

	sb_printf(sb,
	    "<text x=\"12\" y=\"%.1f\" " FONT " font-size=\"12\" "
	    "font-weight=\"bold\" fill=\"#263238\">Hairpin flows "
	    "(spoke pairs, hub \xe2\x86\x92 circuit \xe2\x86\x92 hub)</text>"
	    "\n",
	    y0);
	if (nfl == 0)
		sb_printf(sb,
		    "<text x=\"12\" y=\"%.1f\" " FONT
		    " font-size=\"12\" fill=\"#546e7a\">no hairpin flows"
		    "</text>\n",
		    y0 + 18);
	for (i = 0; i < legend; i++) {
		const struct tflow *f = &fl[i];
		double y = y0 + 18 * ((double)i + 1);

		sb_printf(sb,
		    "<rect x=\"12\" y=\"%.1f\" width=\"18\" "
		    "height=\"8\" fill=\"%s\" fill-opacity=\"0.65\"/>\n",
		    y - 8, flow_palette[i % MP_NELEM(flow_palette)]);
		sb_printf(sb,
		    "<text x=\"38\" y=\"%.1f\" " FONT
		    " font-size=\"12\" fill=\"#263238\">",
		    y);
		flow_counts(sb, t, f, ", ");
		sb_puts(sb, " via ");
		escape_n(sb, t->circuits[f->circuit].name, 40);
		sb_puts(sb, f->a == f->b ? " (same hub)" : " (cross hub)");
		sb_puts(sb, "</text>\n");
	}
	if (nfl > legend) {
		sb_printf(sb,
		    "<text x=\"12\" y=\"%.1f\" " FONT
		    " font-size=\"12\" fill=\"#546e7a\">and ",
		    y0 + 18 * ((double)legend + 1));
		fmt_count(sb, (double)(nfl - legend));
		sb_puts(sb, " lighter flows (see the table)</text>\n");
	}
	ly = y0 + 18 * ((double)legend + (nfl > legend) + (nfl == 0) + 1) + 10;
	sb_printf(sb,
	    "<line x1=\"12\" y1=\"%.1f\" x2=\"30\" y2=\"%.1f\" "
	    "stroke=\"#90a4ae\" stroke-width=\"1.5\" "
	    "stroke-dasharray=\"5 4\"/>\n<text x=\"38\" y=\"%.1f\" " FONT
	    " font-size=\"12\" fill=\"#263238\">dashed: an ExpressRoute "
	    "connection of the hub's gateway to the circuit</text>\n",
	    ly - 4, ly - 4, ly);
	ly += 18;
	sb_printf(sb,
	    "<circle cx=\"16\" cy=\"%.1f\" r=\"4\" "
	    "fill=\"#d84315\"/>\n<circle cx=\"27\" cy=\"%.1f\" r=\"4\" "
	    "fill=\"#90a4ae\"/>\n<text x=\"38\" y=\"%.1f\" " FONT
	    " font-size=\"12\" fill=\"#263238\">dots: spokes of the hub; "
	    "orange ones hairpin to another spoke, grey ones do not</text>\n",
	    ly - 4, ly - 4, ly);
}

void
svg_topology(struct strbuf *sb, const struct svg_topology *t)
{
	struct tflow *fl;
	size_t nfl, slots, rows, legend, h, w;
	double width, y0;

	fl = merge_flows(t, &nfl);
	slots = t->nhubs > t->ncircuits ? t->nhubs : t->ncircuits;
	width = (double)(slots * TSLOT + 40);
	if (width < 820)
		width = 820;
	rows = dot_rows(t);
	legend = nfl < LEGEND_MAX ? nfl : LEGEND_MAX;
	y0 = TBOX_Y + 44 + (double)rows * TDOT + 30;
	if (t->mesh_note != NULL)
		y0 += 44; /* the mesh band */
	/* The flows, then two rows that say what the lines and dots are. */
	h = (size_t)y0 + (legend + (nfl > legend) + (nfl == 0) + 2) * 18 + 10 +
	    2 * 18 + 8;
	w = (size_t)width;

	/* Wider than a page: drawn at its size and scrolled, so that the
	 * text stays 12 px (the report's CSS scales the others to the
	 * page width). */
	sb_printf(sb,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart topology%s\" width=\"%zu\" height=\"%zu\" "
	    "viewBox=\"0 0 %zu %zu\" role=\"img\">\n",
	    w > 1100 ? " wide" : "", w, h, w, h);
	sb_puts(sb, "<title>");
	svg_escape(sb, t->title);
	sb_puts(sb, "</title>\n");
	sb_printf(sb,
	    "<text x=\"8\" y=\"22\" " FONT " font-size=\"16\" "
	    "font-weight=\"bold\" fill=\"#263238\">");
	svg_escape(sb, t->title);
	sb_puts(sb, "</text>\n");

	topo_links(sb, t, width);
	topo_flows(sb, t, fl, nfl, width);
	topo_circuits(sb, t, width);
	topo_hubs(sb, t, width, rows);
	if (t->mesh_note != NULL)
		topo_mesh_band(sb, t, width, y0);
	topo_legend(sb, t, fl, nfl, legend, y0);
	sb_puts(sb, "</svg>\n");
	free(fl);
}
