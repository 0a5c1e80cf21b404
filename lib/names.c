/*
 * names.c - sanitised, unique names (names.h).
 *
 * name_sanitize maps a string into one namespace's alphabet (no runs of
 * separators, none at either end, never empty); namer_get adds a short
 * hash of the key when two keys want the same name.
 */
#include "names.h"

#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"
#include "util.h"

/* Names. */

static int
name_ok(char c, enum name_style style)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return 1;
	switch (style) {
	case NAME_TF_LABEL:
		return c == '_';
	case NAME_AZURE:
		return (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
		    c == '.';
	case NAME_FILE:
		return c == '-';
	}
	return 0;
}

#define NAME_MAX_LEN 64 /* the longest name of any style */

static size_t
name_max(enum name_style style)
{
	return style == NAME_FILE ? 48 : NAME_MAX_LEN;
}

const char *
name_sanitize(struct arena *a, const char *base, enum name_style style)
{
	char name[NAME_MAX_LEN + 1];
	char sep = style == NAME_TF_LABEL ? '_' : '-';
	const char *p;
	size_t max = name_max(style), n = 0;

	for (p = base ? base : ""; *p && n < max; p++) {
		char c = *p;

		if (style != NAME_AZURE && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!name_ok(c, style))
			c = sep;
		/* No runs of separators, none leading. */
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') &&
		    (n == 0 || strchr("-_.", name[n - 1]) != NULL))
			continue;
		name[n++] = c;
	}
	while (n > 0 && strchr("-_.", name[n - 1]) != NULL)
		n--;
	if (n == 0)
		name[n++] = 'x';
	name[n] = '\0';
	/* A Terraform label must not start with a digit. */
	if (style == NAME_TF_LABEL && name[0] >= '0' && name[0] <= '9')
		return arena_printf(a, "r_%s", name);
	return arena_strndup(a, name, n);
}

void
namer_init(struct namer *n, struct arena *a, enum name_style style)
{
	n->arena = a;
	n->style = style;
	n->used = strmap_new(a);
	n->given = strmap_new(a);
	n->base = NULL;
}

void
namer_init_over(struct namer *n, struct arena *a, const struct namer *base)
{
	namer_init(n, a, base->style);
	n->base = base;
}

/* The name key was given by n or a namer under it, or NULL. */
static const char *
given_name(const struct namer *n, const char *key)
{
	const char *name;

	for (; n != NULL; n = n->base)
		if ((name = strmap_get(n->given, key)) != NULL)
			return name;
	return NULL;
}

/* Whether n or a namer under it gave name. */
static bool
taken(const struct namer *n, const char *name)
{
	for (; n != NULL; n = n->base)
		if (strmap_get(n->used, name) != NULL)
			return true;
	return false;
}

static const char *
namer_name(struct namer *n, const char *key, const char *base, bool kept)
{
	const char *name, *cand;
	char sep = n->style == NAME_TF_LABEL ? '_' : '-';
	unsigned i;

	if ((name = given_name(n, key)) != NULL)
		return name;
	name = name_sanitize(n->arena, base, n->style);
	/* Leave room for the suffix so that it never truncates. */
	if (strlen(name) > name_max(n->style) - 12)
		name = arena_strndup(n->arena, name, name_max(n->style) - 12);
	cand = name;
	for (i = 0; taken(n, cand); i++) {
		unsigned long long h = mp_hash_lower(key) & 0xFFFFFFULL;

		if (i == 0)
			cand = arena_printf(n->arena, "%s%c%06llx", name, sep,
			    h);
		else
			cand = arena_printf(n->arena, "%s%c%06llx%c%u", name,
			    sep, h, sep, i + 1);
	}
	strmap_put_kept(n->used, cand, (void *)key); /* cand: n->arena's */
	if (kept)
		strmap_put_kept(n->given, key, (void *)cand);
	else
		strmap_put(n->given, key, (void *)cand);
	return cand;
}

const char *
namer_get(struct namer *n, const char *key, const char *base)
{
	return namer_name(n, key, base, false);
}

const char *
namer_get_kept(struct namer *n, const char *key, const char *base)
{
	return namer_name(n, key, base, true);
}
