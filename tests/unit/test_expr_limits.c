/* test_expr_limits.c - the evaluator's size bound (EXPR_SIZE) and its
 * memo of a top-level template's variables (input/expr.h: max_size, memo):
 * the memo gives what evaluating without it gives (and the oracle, "ab"
 * repeated), holds each variable once, and hands out copies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../input/expr.h"

/* Variables v0 = "ab", vK = concat(vK-1 four times), K = 1..n. */
static json_t *
chain(int n)
{
	json_t *v = json_object();
	char name[16], expr[160];
	int k;

	json_object_set_new(v, "v0", json_string("ab"));
	for (k = 1; k <= n; k++) {
		snprintf(name, sizeof(name), "v%d", k);
		snprintf(expr, sizeof(expr), "[concat(variables('v%d'), "
		    "variables('v%d'), variables('V%d'), variables('v%d'))]",
		    k - 1, k - 1, k - 1, k - 1);
		json_object_set_new(v, name, json_string(expr));
	}
	return v;
}

static void
env_init(struct expr_env *env, json_t *vars, json_t *memo, size_t max)
{
	expr_env_init(env, 64);
	env->variables = vars;
	env->subscription = "00000000-0000-0000-0000-000000000001";
	env->resource_group = "rg";
	env->max_size = max;
	env->memo = memo;
}

static void
test_memo_same_result(void **state)
{
	json_t *vars = chain(8), *memo = json_object(), *a = NULL, *b = NULL;
	struct expr_env env;
	char err[256];
	char *want;
	size_t i, n = (size_t)2 << 16;	/* 2 * 4^8 */

	(void)state;
	/* The oracle: "ab" repeated 4^8 times. */
	want = malloc(n + 1);
	for (i = 0; i < n; i += 2)
		memcpy(want + i, "ab", 2);
	want[n] = '\0';
	env_init(&env, vars, memo, 0);
	assert_int_equal(expr_eval(&env, "[variables('v8')]", &a, err,
	    sizeof(err)), EXPR_OK);
	assert_string_equal(json_string_value(a), want);
	/* Each variable once, under its lower-case name. */
	assert_int_equal(json_object_size(memo), 9);
	assert_non_null(json_object_get(memo, "v5"));
	env_init(&env, vars, NULL, 0);
	assert_int_equal(expr_eval(&env, "[variables('v8')]", &b, err,
	    sizeof(err)), EXPR_OK);
	assert_true(json_equal(a, b));
	json_decref(a);
	json_decref(b);
	json_decref(memo);
	json_decref(vars);
	free(want);
}

static void
test_memo_copies_containers(void **state)
{
	json_t *vars = json_pack("{s:{s:s}, s:[s]}", "obj", "k",
	    "[concat('a', 'b')]", "arr", "x");
	json_t *memo = json_object(), *a = NULL, *b = NULL;
	struct expr_env env;
	char err[256];

	(void)state;
	env_init(&env, vars, memo, 0);
	assert_int_equal(expr_eval(&env, "[variables('obj')]", &a, err,
	    sizeof(err)), EXPR_OK);
	/* A caller changes what it got (the loader drops secrets). */
	json_object_del(a, "k");
	json_object_set_new(a, "sharedKey", json_string("s"));
	assert_int_equal(expr_eval(&env, "[variables('obj')]", &b, err,
	    sizeof(err)), EXPR_OK);
	assert_string_equal(json_string_value(json_object_get(b, "k")),
	    "ab");
	assert_null(json_object_get(b, "sharedKey"));
	json_decref(a);
	json_decref(b);
	json_decref(memo);
	json_decref(vars);
}

static void
check_size(json_t *vars, const char *expr, size_t max, const char *msg)
{
	json_t *memo = json_object(), *out = NULL;
	struct expr_env env;
	char err[256];

	env_init(&env, vars, memo, max);
	assert_int_equal(expr_eval(&env, expr, &out, err, sizeof(err)),
	    EXPR_SIZE);
	assert_null(out);
	if (strstr(err, msg) == NULL)
		fail_msg("%s: '%s' lacks '%s'", expr, err, msg);
	json_decref(memo);
}

static void
test_size_bound(void **state)
{
	json_t *vars = chain(40), *arr = json_pack("{s:[i,i,i]}", "a", 1, 2,
	    3), *out = NULL;
	struct expr_env env;
	char err[256];

	(void)state;
	/* 2 * 4^4 = 512 bytes fit in 512, 4^5 * 2 do not. */
	env_init(&env, vars, NULL, 512);
	assert_int_equal(expr_eval(&env, "[variables('v4')]", &out, err,
	    sizeof(err)), EXPR_OK);
	assert_int_equal(json_string_length(out), 512);
	json_decref(out);
	check_size(vars, "[variables('v5')]", 512,
	    "a string longer than 512 bytes");
	/* The bomb, twenty levels (4^20 copies): stops at the default
	 * bound, at once. */
	check_size(vars, "[variables('v20')]", 0,
	    "longer than 16777216 bytes");
	check_size(vars, "[format('{0}{0}{0}', variables('v4'))]", 1000,
	    "a string longer than 1000 bytes");
	check_size(arr, "[concat(variables('a'), variables('a'))]", 5,
	    "an array longer than 5");
	json_decref(arr);
	json_decref(vars);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memo_same_result),
		cmocka_unit_test(test_memo_copies_containers),
		cmocka_unit_test(test_size_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
