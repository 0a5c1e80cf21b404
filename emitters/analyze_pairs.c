/*
 * analyze_pairs.c - the --pairs listing of `meshplan analyze` (one line
 * per hairpinning pair, the columns of analyze_pairs.h). Each line goes
 * to the stream as routing_pairs visits its pair: nothing is held, so the
 * listing of n spokes (up to n * (n - 1) lines) costs no memory beyond
 * the routing's own and stdio's buffer.
 */
#include "analyze_pairs.h"

#include "../planner/cidr.h"
#include "../planner/estate.h"
#include "../planner/routing.h"

static const char *
rid(const struct res *r)
{
	return r != NULL ? r->id : "-";
}

/* One line; a failed write stops the stream (-1, errno from stdio). */
static int
pair_line(const struct pair_result *pr, void *ctx)
{
	FILE *fp = ctx;
	const struct path *p = &pr->path;
	char buf[PREFIX_STRLEN];

	if (fprintf(fp, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n",
		pr->src->r.id, pr->dst->r.id, hp_scope_name(p->scope),
		rid(p->circuit ? &p->circuit->r : NULL),
		rid(p->gw ? &p->gw->r : NULL), rid(p->gw2 ? &p->gw2->r : NULL),
		rid(pr->src_subnet ? &pr->src_subnet->r : NULL),
		prefix_format(&pr->prefix, buf),
		p->route != NULL && p->route->text != NULL ? p->route->text :
							     "-",
		p->inspected ? 1 : 0) < 0)
		return -1;
	return 0;
}

int
analyze_pairs(FILE *fp, struct routing *r)
{
	return routing_pairs(r, false, pair_line, fp);
}
