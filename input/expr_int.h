/*
 * expr_int.h - what the files of the ARM expression evaluator share
 * (input/ only; the interface is expr.h):
 *
 *   expr.c           the parser, which evaluates as it parses, and the
 *                    dispatch of a call to its function
 *   expr_names.c     parameters(), variables(), copy loops, copyIndex(),
 *                    user-defined functions, expr_ref()
 *   expr_values.c    errors, sizes, UTF-8 code points, rendering scalars
 *   expr_fn_text.c   string functions (and those ARM defines on strings
 *                    and arrays alike: length, contains, first, ...)
 *   expr_fn_data.c   array, object, comparison, logical, numeric
 *   expr_fn_scope.c  resourceId() and its forms, subscription(),
 *                    resourceGroup(), deployment(), reference(), and the
 *                    functions that cannot be known offline
 *
 * Every function returns a new jansson reference, or NULL after ex_fail()
 * has recorded the first failure in the parser.
 */
#ifndef MESHPLAN_EXPR_INT_H
#define MESHPLAN_EXPR_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "expr.h"

struct strbuf;

#define MAX_COPY 800	/* ARM: copy count at most 800 */
#define MAX_RANGE 10000 /* ARM: range() count at most 10000 */

struct parser {
	struct expr_env *env;
	const char *p; /* cursor */
	char *err;
	size_t errlen;
	enum expr_rc rc;
	int skip; /* > 0: parse only, values are null */
};

/* A call's evaluated arguments (owned references). */
struct jarr {
	json_t **v;
	size_t n, cap;
};

/* A built-in function: fn is the name as written in the call. */
typedef json_t *(*fn_t)(struct parser *ps, const char *fn, struct jarr *a);

struct expr_fn {
	const char *name;
	fn_t fn;
};

/* The built-in functions, one table per file (names unique across). */
extern const struct expr_fn ex_text_fns[];
extern const size_t ex_text_nfns;
extern const struct expr_fn ex_data_fns[];
extern const size_t ex_data_nfns;
extern const struct expr_fn ex_scope_fns[];
extern const size_t ex_scope_nfns;

/* expr.c: the parser. */
json_t *ex_parse_expr(struct parser *ps);
void ex_skip_ws(struct parser *ps);
int ex_read_name(struct parser *ps, char *name, size_t size);

/* expr_names.c */
json_t *ex_ref_value(struct parser *ps, const char *fn, struct jarr *a);
json_t *ex_copy_index(struct parser *ps, struct jarr *a);
json_t *ex_call_udf(struct parser *ps, const char *fn, struct jarr *a);

/* expr_values.c */
json_t *ex_fail(struct parser *ps, enum expr_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
json_t *ex_want(struct parser *ps, const char *fn, const char *what);
size_t ex_max_size(const struct expr_env *env);
json_t *ex_obj_get_ci(json_t *o, const char *key);
size_t ex_cp_len(const char *s);
size_t ex_cp_off(const char *s, size_t i);
size_t ex_cp_index(const char *s, size_t byte);
json_t *ex_str_new(struct parser *ps, const char *s, size_t n);
json_t *ex_sb_result(struct parser *ps, struct strbuf *sb);
int ex_render(struct strbuf *sb, json_t *v);
int ex_all_type(struct jarr *a, size_t from, json_type t);

#endif
