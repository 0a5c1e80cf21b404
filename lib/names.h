/*
 * names.h - Azure resource names, Terraform labels and file names made
 * from input strings: sanitised for their namespace and unique in it.
 * The planner names every object a plan creates with these, so that the
 * runbook, plan.json and every IaC target use the same names.
 */
#ifndef MESHPLAN_NAMES_H
#define MESHPLAN_NAMES_H

struct arena;
struct strmap;

/*
 * Name sanitising. A namer hands out unique names in one namespace: the
 * first caller asking for a base gets it; a later, different key whose
 * sanitised base is taken gets base + sep + 6 hex digits of the key's
 * hash (and a counter in the unlikely event that collides too). The
 * same key always gets the same name back. Callers iterate in sorted
 * order so the result does not depend on input order.
 */
enum name_style {
	NAME_TF_LABEL, /* [a-z0-9_], starts with a letter or _, <= 64 */
	NAME_AZURE,    /* [A-Za-z0-9._-], starts/ends alnum, <= 64 */
	NAME_FILE,     /* [a-z0-9-], <= 48: a file or folder name */
};

struct namer {
	struct arena *arena;
	enum name_style style;
	struct strmap *used;  /* name -> key */
	struct strmap *given; /* key -> name */
	/* Names given before, read as if this namer had given them; NULL:
	 * none (namer_init_over). */
	const struct namer *base;
};

void namer_init(struct namer *n, struct arena *a, enum name_style style);
/*
 * A namer in a that goes on from where base is: the names base gave stay
 * taken and their keys get them back, as if n had given them; base must
 * outlive n and give no name while n is used.
 */
void namer_init_over(struct namer *n, struct arena *a,
    const struct namer *base);
/* A unique name for key (any string), derived from base. */
const char *namer_get(struct namer *n, const char *key, const char *base);
/* The same, keeping key itself (not a copy): it must outlive the namer. */
const char *namer_get_kept(struct namer *n, const char *key, const char *base);
/* base sanitised in a style, without uniqueness (never empty). */
const char *name_sanitize(struct arena *a, const char *base,
    enum name_style style);

#endif
