/*
 * policy_yaml.c - the strict walk of a policy file over libyaml's
 * document API (policy_int.h). A value of the wrong type, an integer out
 * of range, a bad CIDR prefix, a pattern PCRE2 refuses, an unknown key
 * and a duplicate key are each an error with file:line:column (libyaml's
 * marks, 1-based; a pattern's column points at the offending character
 * when the scalar is written as is on one line), counted in c->nerr; the
 * walk goes on, so one run reports every bad line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/policy.h"
#include "policy_int.h"
#include "regex.h"

void
py_perr(struct pctx *c, const yaml_node_t *n, const char *code, const char *fmt,
    ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	diag_add(c->d, DIAG_ERROR, code, c->file,
	    n ? (int)n->start_mark.line + 1 : 0,
	    n ? (int)n->start_mark.column + 1 : 0, NULL, NULL, "%s", msg);
	c->nerr++;
}

const char *
py_node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a scalar";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

const char *
py_scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* A scalar that YAML would read as null (absent value). */
bool
py_is_null(const yaml_node_t *n)
{
	const char *s;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	s = py_scalar(n);
	return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

bool
py_want(struct pctx *c, const yaml_node_t *n, yaml_node_type_t t,
    const char *what, const char *key)
{
	if (n->type == t)
		return true;
	py_perr(c, n, "policy-type", "%s must be %s, not %s", key, what,
	    py_node_kind(n));
	return false;
}

/* A non-empty string scalar. */
const char *
py_get_str(struct pctx *c, const yaml_node_t *n, const char *key)
{
	if (!py_want(c, n, YAML_SCALAR_NODE, "a string", key))
		return NULL;
	if (py_is_null(n)) {
		py_perr(c, n, "policy-type", "%s must be a non-empty string",
		    key);
		return NULL;
	}
	return arena_strdup(c->a, py_scalar(n));
}

bool
py_get_uint(struct pctx *c, const yaml_node_t *n, const char *key,
    unsigned long long min, unsigned long long max, size_t *out)
{
	const char *s, *q;
	unsigned long long v;
	char *end;

	if (!py_want(c, n, YAML_SCALAR_NODE, "an integer", key))
		return false;
	s = py_scalar(n);
	for (q = s; *q >= '0' && *q <= '9'; q++)
		continue;
	if (*s == '\0' || *q != '\0' ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		py_perr(c, n, "policy-type", "%s must be an integer, not '%s'",
		    key, s);
		return false;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || v < min || v > max) {
		py_perr(c, n, "policy-value",
		    "%s must be between %llu and %llu, "
		    "not %s",
		    key, min, max, s);
		return false;
	}
	*out = (size_t)v;
	return true;
}

bool
py_get_bool(struct pctx *c, const yaml_node_t *n, const char *key, bool *out)
{
	const char *s;

	if (!py_want(c, n, YAML_SCALAR_NODE, "true or false", key))
		return false;
	s = py_scalar(n);
	if (mp_strcaseeq(s, "true")) {
		*out = true;
		return true;
	}
	if (mp_strcaseeq(s, "false")) {
		*out = false;
		return true;
	}
	py_perr(c, n, "policy-type", "%s must be true or false, not '%s'", key,
	    s);
	return false;
}

void
py_get_cidrs(struct pctx *c, const yaml_node_t *n, const char *key,
    prefix_arr *out)
{
	yaml_node_item_t *it;

	if (!py_want(c, n, YAML_SEQUENCE_NODE, "a list of CIDR prefixes", key))
		return;
	out->n = 0;
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = yaml_document_get_node(c->doc, *it);
		const char *why = NULL;
		struct prefix pf;

		if (!py_want(c, e, YAML_SCALAR_NODE, "a CIDR prefix",
			arena_printf(c->a, "each entry of %s", key)))
			continue;
		if (prefix_parse(py_scalar(e), 0, &pf, &why) != 0) {
			py_perr(c, e, "policy-cidr",
			    "%s: '%s' is not a CIDR "
			    "prefix: %s",
			    key, py_scalar(e), why ? why : "invalid");
			continue;
		}
		ARR_PUSH(c->a, *out, pf);
	}
}

void
py_get_strs(struct pctx *c, const yaml_node_t *n, const char *key, void *arr)
{
	ARR(const char *) *out = arr;
	yaml_node_item_t *it;

	if (!py_want(c, n, YAML_SEQUENCE_NODE, "a list of strings", key))
		return;
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		const char *s = py_get_str(c,
		    yaml_document_get_node(c->doc, *it),
		    arena_printf(c->a, "each entry of %s", key));

		if (s != NULL)
			ARR_PUSH(c->a, *out, s);
	}
}

void
py_get_pattern(struct pctx *c, const yaml_node_t *n, const char *key,
    struct pattern *out)
{
	const char *err = NULL, *text;
	size_t off = 0;
	int col;

	if ((text = py_get_str(c, n, key)) == NULL)
		return;
	if (regex_compile(c->a, text, out, &err, &off))
		return;
	/*
	 * Point at the offending character when the scalar's text is
	 * written as is on one line (plain, or quoted without escapes).
	 */
	col = (int)n->start_mark.column + 1;
	if (n->start_mark.line == n->end_mark.line) {
		yaml_scalar_style_t st = n->data.scalar.style;

		if (st == YAML_PLAIN_SCALAR_STYLE)
			col += (int)off;
		else if ((st == YAML_SINGLE_QUOTED_SCALAR_STYLE &&
			     strchr(text, '\'') == NULL) ||
		    (st == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
			(size_t)(n->end_mark.index - n->start_mark.index) ==
			    strlen(text) + 2))
			col += 1 + (int)off;
	}
	diag_add(c->d, DIAG_ERROR, "policy-pattern", c->file,
	    (int)n->start_mark.line + 1, col, NULL, NULL,
	    "%s: bad pattern '%s': %s at offset %zu", key, text, err, off);
	c->nerr++;
}

bool
py_dup_key(struct pctx *c, const yaml_node_t *map, const yaml_node_pair_t *pr,
    const yaml_node_t *k, const char *where)
{
	const yaml_node_pair_t *q;

	for (q = map->data.mapping.pairs.start; q < pr; q++) {
		yaml_node_t *k2 = yaml_document_get_node(c->doc, q->key);

		if (k2->type == YAML_SCALAR_NODE &&
		    strcmp(py_scalar(k2), py_scalar(k)) == 0) {
			py_perr(c, k, "policy-duplicate-key",
			    "duplicate key '%s' in %s (first at line %d)",
			    py_scalar(k), where, (int)k2->start_mark.line + 1);
			return true;
		}
	}
	return false;
}

/*
 * Walk a mapping: duplicate keys and unknown keys are errors; each known
 * key calls its handler with the value node.
 */
void
py_walk_map(struct pctx *c, const yaml_node_t *n, const char *where,
    const struct key_def *defs, size_t ndefs, void *obj)
{
	yaml_node_pair_t *pr;
	size_t i;

	if (!py_want(c, n, YAML_MAPPING_NODE, "a mapping", where))
		return;
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, pr->value);

		if (k->type != YAML_SCALAR_NODE) {
			py_perr(c, k, "policy-type",
			    "a key of %s must be a "
			    "string, not %s",
			    where, py_node_kind(k));
			continue;
		}
		if (py_dup_key(c, n, pr, k, where))
			continue;
		for (i = 0; i < ndefs; i++)
			if (strcmp(defs[i].name, py_scalar(k)) == 0)
				break;
		if (i == ndefs) {
			struct strbuf sb = STRBUF_INIT;
			size_t j;

			for (j = 0; j < ndefs; j++)
				sb_printf(&sb, "%s%s", j ? ", " : "",
				    defs[j].name);
			py_perr(c, k, "policy-unknown-key",
			    "unknown key '%s' in "
			    "%s (known: %s)",
			    py_scalar(k), where, sb_str(&sb));
			sb_free(&sb);
			continue;
		}
		defs[i].fn(c, v, obj);
	}
}
