/*
 * policy_int.h - what the parts of the policy loader share (input/ only;
 * the interface is policy.h):
 *
 *   policy.c       the keys of the policy file, one handler each, and
 *                  the checks that need the whole file
 *   policy_yaml.c  the strict walk over libyaml's document: typed values
 *                  (strings, integers, booleans, CIDR lists, patterns) and
 *                  mappings whose unknown and duplicate keys are errors,
 *                  each with file:line:column
 */
#ifndef MESHPLAN_POLICY_INT_H
#define MESHPLAN_POLICY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "../planner/estate.h"

struct arena;
struct diags;
struct pattern;
struct policy;

struct pctx {
	struct policy *p;
	struct arena *a;
	struct diags *d;
	const char *file;
	yaml_document_t *doc;
	size_t nerr;
};

/* A key's handler: node is the value. */
typedef void (*key_fn)(struct pctx *c, yaml_node_t *node, void *obj);

struct key_def {
	const char *name;
	key_fn fn;
};

/* An error at n's line and column (n NULL: none), counted in c->nerr. */
void py_perr(struct pctx *c, const yaml_node_t *n, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "a scalar", "a list", "a mapping": for messages. */
const char *py_node_kind(const yaml_node_t *n);
/* Is scalar key k, of the pair pr of mapping map, a key that an earlier
 * pair of map has? Then an error naming where and the first line. */
bool py_dup_key(struct pctx *c, const yaml_node_t *map,
    const yaml_node_pair_t *pr, const yaml_node_t *k, const char *where);
/* A scalar node's text. */
const char *py_scalar(const yaml_node_t *n);
/* A plain scalar YAML reads as null ("", ~, null). */
bool py_is_null(const yaml_node_t *n);
/* Is n of type t? Else an error: "key must be what". */
bool py_want(struct pctx *c, const yaml_node_t *n, yaml_node_type_t t,
    const char *what, const char *key);
/* The value of key, typed; NULL or false after an error. */
const char *py_get_str(struct pctx *c, const yaml_node_t *n, const char *key);
bool py_get_uint(struct pctx *c, const yaml_node_t *n, const char *key,
    unsigned long long min, unsigned long long max, size_t *out);
bool py_get_bool(struct pctx *c, const yaml_node_t *n, const char *key,
    bool *out);
void py_get_cidrs(struct pctx *c, const yaml_node_t *n, const char *key,
    prefix_arr *out);
/* arr is an ARR(const char *); strings are appended. */
void py_get_strs(struct pctx *c, const yaml_node_t *n, const char *key,
    void *arr);
void py_get_pattern(struct pctx *c, const yaml_node_t *n, const char *key,
    struct pattern *out);
/* Each known key of a mapping calls its handler with its value. */
void py_walk_map(struct pctx *c, const yaml_node_t *n, const char *where,
    const struct key_def *defs, size_t ndefs, void *obj);

#endif
