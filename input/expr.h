/*
 * expr.h - the ARM template expression subset that exports use:
 * parameters() (defaultValue), variables(), resourceId() (1-5 names,
 * optional subscription and resource group), concat() (strings, arrays),
 * format() ({n} placeholders), subscription(), resourceGroup(), toLower(),
 * toUpper(), true(), false(), string and integer literals with '' escapes,
 * property access (.x) and indexing ([n]), and the "[[" escape.
 * Everything else is refused with EXPR_UNSUPPORTED, never guessed.
 */
#ifndef MESHPLAN_EXPR_H
#define MESHPLAN_EXPR_H

#include <stddef.h>

#include <jansson.h>

enum expr_rc {
	EXPR_OK = 0,
	EXPR_UNSUPPORTED,	/* a function or value meshplan does not know */
	EXPR_ERROR,		/* syntax, undefined name, wrong argument */
	EXPR_LIMIT		/* nesting deeper than max_depth */
};

struct expr_env {
	json_t *parameters;		/* the template's "parameters" or NULL */
	json_t *variables;		/* the template's "variables" or NULL */
	const char *subscription;	/* scope of resourceId() etc.; NULL:
					 * unknown, those fail */
	const char *resource_group;
	int max_depth;			/* calls, variables, parameters */
	int depth;			/* current; start at 0 */
};

/*
 * Evaluate one JSON string value. "[...]" is an expression, "[[..." a
 * literal with the first '[' dropped, anything else a literal. On EXPR_OK
 * *out is a new reference; otherwise *out is NULL and err holds a
 * one-line reason.
 */
enum expr_rc expr_eval(struct expr_env *env, const char *s, json_t **out,
    char *err, size_t errlen);
/*
 * Deep copy of v with every string evaluated. Fails (like expr_eval) on
 * the first string that does not evaluate.
 */
enum expr_rc expr_eval_deep(struct expr_env *env, json_t *v, json_t **out,
    char *err, size_t errlen);
/* True when s is an expression (starts with '[' but not "[[", ends ']'). */
int expr_is_expr(const char *s);

#endif
