/* test_expr.c - the ARM expression evaluator: each function, nesting,
 * escapes, and refusal of what it does not support. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../input/expr.h"

#define SUB "00000000-0000-0000-0000-000000000001"

static json_t *params, *vars;

static int
setup(void **state)
{
	json_error_t err;

	(void)state;
	params = json_loads("{"
	    "\"vnet\": {\"type\": \"String\", \"defaultValue\": \"hub\"},"
	    "\"Prefix\": {\"type\": \"String\", \"defaultValue\": \"10.0\"},"
	    "\"derived\": {\"defaultValue\": \"[concat(parameters('vnet'),"
	    " '-x')]\"},"
	    "\"obj\": {\"defaultValue\": {\"a\": {\"b\": \"deep\"},"
	    " \"list\": [\"zero\", \"one\"]}},"
	    "\"nodefault\": {\"type\": \"String\"}"
	    "}", 0, &err);
	vars = json_loads("{"
	    "\"name\": \"[concat('v-', parameters('vnet'))]\","
	    "\"loop\": \"[variables('loop')]\","
	    "\"arr\": [\"a\", \"b\"]"
	    "}", 0, &err);
	assert_non_null(params);
	assert_non_null(vars);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(params);
	json_decref(vars);
	return 0;
}

static enum expr_rc
ev(const char *s, json_t **out, char *err)
{
	struct expr_env env;

	memset(&env, 0, sizeof(env));
	env.parameters = params;
	env.variables = vars;
	env.subscription = SUB;
	env.resource_group = "rg-net";
	env.max_depth = 32;
	return expr_eval(&env, s, out, err, 256);
}

/* Evaluate s and check it gives the string want. */
static void
check_str(const char *s, const char *want)
{
	char err[256];
	json_t *out;
	enum expr_rc rc = ev(s, &out, err);

	if (rc != EXPR_OK)
		fail_msg("%s: rc %d: %s", s, rc, err);
	assert_true(json_is_string(out));
	assert_string_equal(json_string_value(out), want);
	json_decref(out);
}

static void
check_rc(const char *s, enum expr_rc want, const char *msg_part)
{
	char err[256];
	json_t *out = NULL;
	enum expr_rc rc = ev(s, &out, err);

	if (rc != want)
		fail_msg("%s: rc %d (want %d): %s", s, rc, want, err);
	assert_null(out);
	if (strstr(err, msg_part) == NULL)
		fail_msg("%s: message '%s' lacks '%s'", s, err, msg_part);
}

static void
test_literals(void **state)
{
	(void)state;
	check_str("plain", "plain");
	check_str("[[not an expression]", "[not an expression]");
	check_str("['it''s']", "it's");
	check_str("[ 'spaced' ]", "spaced");
	check_str("", "");
	check_str("[", "[");
}

static void
test_parameters_variables(void **state)
{
	(void)state;
	check_str("[parameters('vnet')]", "hub");
	check_str("[parameters('PREFIX')]", "10.0");	/* any case */
	check_str("[parameters('derived')]", "hub-x");
	check_str("[variables('name')]", "v-hub");
	check_str("[parameters('obj').a.b]", "deep");
	check_str("[parameters('obj')['list'][1]]", "one");
	check_rc("[parameters('nodefault')]", EXPR_ERROR, "no defaultValue");
	check_rc("[parameters('missing')]", EXPR_ERROR, "undefined parameter");
	check_rc("[variables('missing')]", EXPR_ERROR, "undefined variable");
	check_rc("[variables('loop')]", EXPR_LIMIT, "deeper than");
}

static void
test_concat_format(void **state)
{
	char err[256];
	json_t *out;

	(void)state;
	check_str("[concat(parameters('vnet'), '/peer1')]", "hub/peer1");
	check_str("[concat('a', concat('b', concat('c', 'd')))]", "abcd");
	check_str("[concat('n', 1)]", "n1");
	check_str("[format('{0}-{1}-{0}', 'x', parameters('vnet'))]",
	    "x-hub-x");
	check_str("[format('{{literal}} {0}', 'v')]", "{literal} v");
	check_rc("[format('{0:D2}', 1)]", EXPR_UNSUPPORTED, "placeholder");
	check_rc("[format('{3}', 'a')]", EXPR_ERROR, "{3}");
	assert_int_equal(ev("[concat(variables('arr'), variables('arr'))]",
	    &out, err), EXPR_OK);
	assert_true(json_is_array(out));
	assert_int_equal(json_array_size(out), 4);
	json_decref(out);
	check_rc("[concat(variables('arr'), 'x')]", EXPR_ERROR, "mixes");
	check_str("[toLower('MiXeD')]", "mixed");
	check_str("[toUpper('MiXeD')]", "MIXED");
}

static void
test_resource_id(void **state)
{
	(void)state;
	check_str("[resourceId('Microsoft.Network/virtualNetworks', "
	    "parameters('vnet'))]", "/subscriptions/" SUB "/resourceGroups/"
	    "rg-net/providers/Microsoft.Network/virtualNetworks/hub");
	check_str("[resourceId('Microsoft.Network/virtualNetworks/subnets', "
	    "'hub', 'GatewaySubnet')]", "/subscriptions/" SUB
	    "/resourceGroups/rg-net/providers/Microsoft.Network/"
	    "virtualNetworks/hub/subnets/GatewaySubnet");
	check_str("[resourceId('other-rg', 'Microsoft.Network/routeTables', "
	    "'rt')]", "/subscriptions/" SUB "/resourceGroups/other-rg/"
	    "providers/Microsoft.Network/routeTables/rt");
	check_str("[resourceId('sub2', 'rg2', "
	    "'Microsoft.Network/virtualNetworks', 'v')]",
	    "/subscriptions/sub2/resourceGroups/rg2/providers/"
	    "Microsoft.Network/virtualNetworks/v");
	/* A name may carry the child separator itself. */
	check_str("[resourceId('Microsoft.Network/virtualNetworks/subnets', "
	    "'hub/s1')]", "/subscriptions/" SUB "/resourceGroups/rg-net/"
	    "providers/Microsoft.Network/virtualNetworks/hub/subnets/s1");
	check_str("[concat(resourceId('Microsoft.Network/networkInterfaces',"
	    " 'nic'), '/ipConfigurations/ip1')]", "/subscriptions/" SUB
	    "/resourceGroups/rg-net/providers/Microsoft.Network/"
	    "networkInterfaces/nic/ipConfigurations/ip1");
	check_rc("[resourceId('Microsoft.Network/virtualNetworks/subnets', "
	    "'hub')]", EXPR_ERROR, "needs 2 name");
	check_rc("[resourceId('a', 'b')]", EXPR_ERROR, "no resource type");
}

static void
test_scope_functions(void **state)
{
	(void)state;
	check_str("[subscription().subscriptionId]", SUB);
	check_str("[resourceGroup().name]", "rg-net");
	check_str("[resourceGroup().id]", "/subscriptions/" SUB
	    "/resourceGroups/rg-net");
	check_rc("[resourceGroup().location]", EXPR_UNSUPPORTED,
	    "not known offline");
	check_rc("[subscription().tenantId]", EXPR_UNSUPPORTED, "tenantId");
}

static void
test_unsupported_and_syntax(void **state)
{
	(void)state;
	check_rc("[uniqueString(resourceGroup().id)]", EXPR_UNSUPPORTED,
	    "uniqueString");
	check_rc("[concat('a', take('abc', 1))]", EXPR_UNSUPPORTED, "take");
	check_rc("[if(true(), 'a', 'b')]", EXPR_UNSUPPORTED, "'if'");
	check_rc("[concat('a']", EXPR_ERROR, "expected");
	check_rc("['unterminated]", EXPR_ERROR, "unterminated");
	check_rc("[concat('a') junk]", EXPR_ERROR, "unexpected text");
	check_rc("[parameters]", EXPR_ERROR, "not a function call");
}

static void
test_nesting_limit(void **state)
{
	char buf[1024], err[256];
	json_t *out = NULL;
	size_t i, n = 0;

	(void)state;
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "[");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "concat(");
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "'x'");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ")");
	snprintf(buf + n, sizeof(buf) - n, "]");
	assert_int_equal(ev(buf, &out, err), EXPR_LIMIT);
	assert_null(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_parameters_variables),
		cmocka_unit_test(test_concat_format),
		cmocka_unit_test(test_resource_id),
		cmocka_unit_test(test_scope_functions),
		cmocka_unit_test(test_unsupported_and_syntax),
		cmocka_unit_test(test_nesting_limit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
