/*
 * expr.h - ARM template expressions as Azure Resource Manager evaluates
 * them (Microsoft's "ARM template functions" reference): comparison,
 * logical (if() evaluates only the branch it takes), string, array,
 * object and numeric functions, parameters() / variables() (variable
 * copy loops too), copyIndex(), user-defined functions, resourceId() and
 * its subscription / tenant / extension forms, subscription(),
 * resourceGroup() (its location when the deployment's is known),
 * deployment().name, and reference() to a nested deployment whose outputs
 * are known. Property access (.x) and indexing ([n], ['x']) on parameters
 * and variables go into the template's JSON before evaluating, so a field
 * that is not known offline does not make its siblings unknown.
 *
 * What cannot be known offline (uniqueString, guid, environment, utcNow,
 * reference() to a resource, list*(), a parameter without a value) is
 * EXPR_UNSUPPORTED with the reason, never guessed.
 */
#ifndef MESHPLAN_EXPR_H
#define MESHPLAN_EXPR_H

#include <stddef.h>

#include <jansson.h>

enum expr_rc {
	EXPR_OK = 0,
	EXPR_UNSUPPORTED, /* a function or value not known offline */
	EXPR_ERROR,	  /* syntax, undefined name, wrong argument */
	EXPR_LIMIT,	  /* nesting deeper than max_depth, too many
			   * calls */
	EXPR_SIZE	  /* a value larger than max_size */
};

#define EXPR_MAX_LOOPS 8 /* copy loops open at once */

struct expr_env {
	json_t *parameters; /* the template's "parameters" or NULL */
	/*
	 * Values given for the parameters ({"name": {"value": v}}): a
	 * parameters file (param_env NULL: literal values) or a nested
	 * deployment's "parameters" (evaluated in param_env, the parent's).
	 */
	json_t *param_values;
	struct expr_env *param_env;
	json_t *variables; /* the template's "variables" or NULL */
	json_t *functions; /* the template's "functions" or NULL */
	json_t *fn_args;   /* inside a user function: its arguments */
	/* Nested deployments evaluated so far: name -> {"outputs": {...}}. */
	json_t *deployments;
	const char *subscription; /* scope of resourceId() etc.; NULL:
				   * unknown, those fail */
	const char *resource_group;
	const char *location;	 /* resourceGroup().location; NULL: unknown */
	unsigned *location_used; /* non-NULL: location is a placeholder,
				  * count the resourceGroup() calls */
	const char *deployment_name; /* deployment().name; NULL: unknown */
	/* While a templateLink's uri is resolved (only then): the linking
	 * template's own file as a file:// URI, for
	 * deployment().properties.templateLink.uri. */
	const char *template_uri;
	/* Open copy loops: copyIndex('name'); copyIndex() is loop res_loop. */
	const char *loop_name[EXPR_MAX_LOOPS];
	long long loop_index[EXPR_MAX_LOOPS];
	int nloops;
	int res_loop;  /* index in loop_*, -1: none */
	int max_depth; /* calls, variables, parameters */
	int depth;     /* current; start at 0 */
	/* Work bound: function calls per expr_eval / expr_eval_deep from
	 * depth 0 (0: 1,000,000), and bytes or elements in one value
	 * (0: 16 MiB). */
	unsigned long max_steps;
	unsigned long steps;
	size_t max_size;
	/* A JSON object the caller owns, or NULL: the variables of a
	 * top-level template (no copy loop, no user function, no nested
	 * deployment) are evaluated once and kept here by lower-case name,
	 * so that variables built from copies of others cost one
	 * evaluation each, not one per use. */
	json_t *memo;
};

/* A zeroed environment with res_loop -1 and the given depth bound. */
void expr_env_init(struct expr_env *env, int max_depth);

/*
 * Evaluate one JSON string value. "[...]" is an expression, "[[..." a
 * literal with the first '[' dropped, anything else a literal. On EXPR_OK
 * *out is a new reference; otherwise *out is NULL and err holds a
 * one-line reason.
 */
enum expr_rc expr_eval(struct expr_env *env, const char *s, json_t **out,
    char *err, size_t errlen);
/*
 * Deep copy of v with every string evaluated and property copy loops
 * ("copy": [{"name", "count", "input"}]) expanded. Fails (like expr_eval)
 * on the first string that does not evaluate.
 */
enum expr_rc expr_eval_deep(struct expr_env *env, json_t *v, json_t **out,
    char *err, size_t errlen);
/*
 * Expand one property copy loop {"name", "count", "input"} into the array
 * it stands for (*out, new reference) and its name (*name, borrowed).
 */
enum expr_rc expr_eval_copy(struct expr_env *env, json_t *loop,
    const char **name, json_t **out, char *err, size_t errlen);
/*
 * When s is exactly parameters('p') or variables('v') followed by
 * property accesses that stay inside the template's own JSON, the JSON
 * node it names (*node, borrowed) and the environment that evaluates it
 * (*where, NULL: a literal value from a parameters file); returns 1.
 * Returns 0 otherwise (evaluate s with expr_eval). Lets a caller evaluate
 * an object field by field.
 */
int expr_ref(struct expr_env *env, const char *s, json_t **node,
    struct expr_env **where);
/* True when s is an expression (starts with '[' but not "[[", ends ']'). */
int expr_is_expr(const char *s);

#endif
