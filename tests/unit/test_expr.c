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

static json_t *params, *vars, *funcs, *given, *deps;

static void
setup_params(void)
{
	params = json_loads("{"
	    "\"vnet\": {\"type\": \"String\", \"defaultValue\": \"hub\"},"
	    "\"Prefix\": {\"type\": \"String\", \"defaultValue\": \"10.0\"},"
	    "\"derived\": {\"defaultValue\": \"[concat(parameters('vnet'),"
	    " '-x')]\"},"
	    "\"obj\": {\"defaultValue\": {\"a\": {\"b\": \"deep\"},"
	    " \"list\": [\"zero\", \"one\"]}},"
	    "\"nodefault\": {\"type\": \"String\"}"
	    "}", 0, NULL);
	assert_non_null(params);
}

static int
setup(void **state)
{
	json_error_t err;

	(void)state;
	setup_params();
	vars = json_loads("{"
	    "\"name\": \"[concat('v-', parameters('vnet'))]\","
	    "\"loop\": \"[variables('loop')]\","
	    "\"arr\": [\"a\", \"b\"],"
	    /* One field not known offline must not hide its siblings. */
	    "\"hub\": {\"name\": \"vnet-hub\", \"loc\": "
	    "\"[resourceGroup().location]\", \"sub\": {\"x\": 1}},"
	    "\"copy\": [{\"name\": \"subnets\", \"count\": 3, \"input\": "
	    "{\"name\": \"[concat('s', copyIndex('subnets'))]\","
	    " \"prefix\": \"[format('10.0.{0}.0/24', copyIndex('subnets', 1))]\""
	    "}}],"
	    "\"props\": {\"copy\": [{\"name\": \"disks\", \"count\": 2, "
	    "\"input\": {\"lun\": \"[copyIndex('disks')]\"}}], \"k\": 1}"
	    "}", 0, &err);
	funcs = json_loads("[{\"namespace\": \"contoso\", \"members\": {"
	    "\"uniqueName\": {\"parameters\": [{\"name\": \"namePrefix\","
	    " \"type\": \"string\"}], \"output\": {\"type\": \"string\","
	    " \"value\": \"[concat(toLower(parameters('namePrefix')), '-x')]\"}},"
	    "\"twice\": {\"parameters\": [{\"name\": \"n\", \"type\": \"int\"}],"
	    " \"output\": {\"type\": \"int\", \"value\": "
	    "\"[contoso.plus(parameters('n'), parameters('n'))]\"}},"
	    "\"plus\": {\"parameters\": [{\"name\": \"a\"}, {\"name\": \"b\"}],"
	    " \"output\": {\"value\": \"[add(parameters('a'), parameters('b'))]\"}},"
	    "\"usesVar\": {\"parameters\": [], \"output\": {\"value\": "
	    "\"[variables('arr')]\"}}"
	    "}}]", 0, &err);
	/* A parameters file: literal values, even when they look like
	 * expressions. */
	given = json_loads("{\"vnet\": {\"value\": \"from-file\"},"
	    " \"nodefault\": {\"value\": \"[not evaluated]\"},"
	    " \"kv\": {\"reference\": {\"keyVault\": {}}}}", 0, &err);
	deps = json_loads("{\"nested1\": {\"outputs\": {\"ip\": {\"type\": "
	    "\"string\", \"value\": \"/subscriptions/x/pip\"}}}}", 0, &err);
	assert_non_null(funcs);
	assert_non_null(given);
	assert_non_null(deps);
	assert_non_null(vars);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(params);
	json_decref(vars);
	json_decref(funcs);
	json_decref(given);
	json_decref(deps);
	return 0;
}

static const char *location;
static json_t *values;
static long long loop_at = -1;

static enum expr_rc
ev(const char *s, json_t **out, char *err)
{
	struct expr_env env;

	expr_env_init(&env, 32);
	env.parameters = params;
	env.variables = vars;
	env.functions = funcs;
	env.param_values = values;
	env.deployments = deps;
	env.subscription = SUB;
	env.resource_group = "rg-net";
	env.location = location;
	if (loop_at >= 0) {
		env.loop_name[0] = "res";
		env.loop_index[0] = loop_at;
		env.nloops = 1;
		env.res_loop = 0;
	}
	return expr_eval(&env, s, out, err, 256);
}

/* Evaluate s and check it gives the JSON value want (jansson's equal). */
static void
check_json(const char *s, const char *want)
{
	char err[256];
	json_t *out, *w = json_loads(want, JSON_DECODE_ANY, NULL);
	enum expr_rc rc = ev(s, &out, err);

	assert_non_null(w);
	if (rc != EXPR_OK)
		fail_msg("%s: rc %d: %s", s, rc, err);
	if (!json_equal(out, w)) {
		char *got = json_dumps(out, JSON_ENCODE_ANY | JSON_COMPACT);

		fail_msg("%s: got %s, want %s", s, got, want);
	}
	json_decref(out);
	json_decref(w);
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
	check_rc("[parameters('nodefault')]", EXPR_UNSUPPORTED,
	    "no defaultValue");
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
	check_rc("[guid('a')]", EXPR_UNSUPPORTED, "guid");
	check_rc("[environment().name]", EXPR_UNSUPPORTED, "environment");
	check_rc("[utcNow()]", EXPR_UNSUPPORTED, "clock");
	check_rc("[listKeys('x', '2020-01-01')]", EXPR_UNSUPPORTED, "listKeys");
	check_rc("[reference('vnet1').properties]", EXPR_UNSUPPORTED,
	    "reference");
	check_rc("[filter(variables('arr'), x => true)]", EXPR_UNSUPPORTED,
	    "lambda");
	check_rc("[concat('a']", EXPR_ERROR, "expected");
	check_rc("['unterminated]", EXPR_ERROR, "unterminated");
	check_rc("[concat('a') junk]", EXPR_ERROR, "unexpected text");
	check_rc("[parameters]", EXPR_ERROR, "not a function call");
}

/*
 * The expected values below are the outputs printed in Microsoft's "ARM
 * template functions" pages for the same calls (comparison, logical,
 * string, array, object, numeric), or follow from the rule each page
 * states (quoted next to the check).
 */
static void
test_comparison(void **state)
{
	(void)state;
	check_json("[equals(1, 1)]", "true");
	check_json("[equals('a', 'A')]", "false");	/* case-sensitive */
	check_json("[equals(createArray('a', 'b'), createArray('a', 'b'))]",
	    "true");
	check_json("[equals(createObject('a', 'b'), json('{\"a\": \"b\"}'))]",
	    "true");
	check_json("[greater(10, 5)]", "true");
	check_json("[greater('A', 'a')]", "false");	/* ordinal */
	check_json("[greaterOrEquals(5, 5)]", "true");
	check_json("[less(5, 10)]", "true");
	check_json("[lessOrEquals('a', 'b')]", "true");
	check_json("[coalesce(null(), null(), 'default')]", "\"default\"");
	check_json("[coalesce(null(), null())]", "null");
	/* "Empty strings, empty arrays, and empty objects aren't null." */
	check_json("[coalesce('', 'x')]", "\"\"");
	check_rc("[greater(1, 'a')]", EXPR_ERROR, "two ints or two strings");
}

static void
test_logical(void **state)
{
	(void)state;
	check_json("[and(bool('true'), bool('false'))]", "false");
	check_json("[or(bool('true'), bool('false'))]", "true");
	check_json("[not(bool('true'))]", "false");
	check_json("[bool(1)]", "true");
	check_json("[bool(0)]", "false");
	check_json("[bool('FALSE')]", "false");
	check_json("[and(true(), true(), true())]", "true");
	check_json("[if(equals(1, 1), 'yes', 'no')]", "\"yes\"");
	check_json("[if(false(), 'yes', createArray(1))]", "[1]");
	/* Only the branch taken is evaluated: the other may be invalid or
	 * not known offline (the logical functions page's example uses
	 * if() to guard a reference to a value that may be missing). */
	check_json("[if(true(), 'a', uniqueString('x'))]", "\"a\"");
	check_json("[if(false(), parameters('missing'), 'b')]", "\"b\"");
	check_json("[if(true(), 'a', json('{not json'))]", "\"a\"");
	check_rc("[if(false(), 'a', uniqueString('x'))]", EXPR_UNSUPPORTED,
	    "uniqueString");
	check_rc("[if('yes', 'a', 'b')]", EXPR_ERROR, "not a bool");
	/* One unknown argument does not decide when another does. */
	check_json("[and(equals(uniqueString('x'), 'y'), false())]", "false");
	check_json("[or(true(), equals(resourceGroup().location, 'x'))]",
	    "true");
	check_rc("[and(true(), equals(uniqueString('x'), 'y'))]",
	    EXPR_UNSUPPORTED, "uniqueString");
	check_rc("[and(true())]", EXPR_ERROR, "two or more");
	check_rc("[not('x')]", EXPR_ERROR, "one bool");
}

static void
test_strings(void **state)
{
	(void)state;
	check_json("[padLeft('123', 10, '0')]", "\"0000000123\"");
	check_json("[padLeft(7, 2, '0')]", "\"07\"");
	check_json("[padLeft('long', 2, '0')]", "\"long\"");
	check_json("[split('one,two,three', ',')]",
	    "[\"one\", \"two\", \"three\"]");
	check_json("[split('one;two,three', createArray(',', ';'))]",
	    "[\"one\", \"two\", \"three\"]");
	check_json("[substring('one two three', 4, 3)]", "\"two\"");
	check_json("[substring('one two three', 4)]", "\"two three\"");
	check_rc("[substring('abc', 2, 5)]", EXPR_ERROR, "out of range");
	check_json("[replace('123-123-1234', '-', '')]", "\"1231231234\"");
	check_json("[trim('    one two three   ')]", "\"one two three\"");
	check_json("[toLower('One Two Three')]", "\"one two three\"");
	/* "The comparison is case-insensitive." (indexOf, lastIndexOf,
	 * startsWith, endsWith) */
	check_json("[indexOf('test', 't')]", "0");
	check_json("[lastIndexOf('test', 't')]", "3");
	check_json("[indexOf('abcdef', 'CD')]", "2");
	check_json("[lastIndexOf('abcdef', 'AB')]", "0");
	check_json("[indexOf('abcdef', 'z')]", "-1");
	check_json("[startsWith('abcdef', 'ab')]", "true");
	check_json("[startsWith('abcdef', 'A')]", "true");
	check_json("[endsWith('abcdef', 'EF')]", "true");
	check_json("[endsWith('abcdef', 'e')]", "false");
	check_json("[contains('OneTwoThree', 'e')]", "true");
	check_json("[contains('OneTwoThree', 'z')]", "false");
	check_json("[contains('abc', 'B')]", "false");	/* case-sensitive */
	check_json("[length('One Two Three')]", "13");
	check_json("[length('h\u00e9')]", "2");		/* code points */
	check_json("[first('One Two Three')]", "\"O\"");
	check_json("[last('One Two Three')]", "\"e\"");
	check_json("[take('one two three', 2)]", "\"on\"");
	check_json("[skip('one two three', 4)]", "\"two three\"");
	check_json("[take('abc', 10)]", "\"abc\"");
	check_json("[skip('abc', -1)]", "\"abc\"");
	check_json("[empty('')]", "true");
	check_json("[string(createObject('a', 1))]", "\"{\\\"a\\\":1}\"");
	check_json("[string(true())]", "\"True\"");
	check_json("[string(5)]", "\"5\"");
	check_json("[int('4')]", "4");
	check_rc("[int('4x')]", EXPR_ERROR, "not an integer");
	check_json("[json('{\"a\": [1, 2]}').a[1]]", "2");
	check_json("[json('null')]", "null");
	check_json("[join(createArray('a', 'b', 'c'), ',')]", "\"a,b,c\"");
	check_json("[uri('http://contoso.com/resources/', 'nested/"
	    "azuredeploy.json')]",
	    "\"http://contoso.com/resources/nested/azuredeploy.json\"");
	check_json("[uri('http://contoso.com/resources/main.json', "
	    "'nested/a.json')]",
	    "\"http://contoso.com/resources/nested/a.json\"");
	check_json("[format('{0}-{1}', 'a', 2)]", "\"a-2\"");
}

static void
test_arrays_objects(void **state)
{
	(void)state;
	check_json("[range(1, 3)]", "[1, 2, 3]");
	check_json("[length(range(0, 3))]", "3");
	check_rc("[range(0, 10001)]", EXPR_ERROR, "10000");
	check_json("[createArray(1, 'a', createArray(2))]", "[1, \"a\", [2]]");
	check_json("[array('x')]", "[\"x\"]");
	check_json("[array(createArray(1))]", "[1]");
	check_json("[concat(createArray(1, 2), createArray(3))]", "[1, 2, 3]");
	check_json("[union(createArray('one', 'two'), createArray('two', "
	    "'three'))]", "[\"one\", \"two\", \"three\"]");
	/* Objects: later values win, nested objects merge. */
	check_json("[union(json('{\"a\": 1, \"n\": {\"x\": 1}}'), "
	    "json('{\"b\": 2, \"n\": {\"y\": 2}}'))]",
	    "{\"a\": 1, \"b\": 2, \"n\": {\"x\": 1, \"y\": 2}}");
	check_json("[intersection(createArray('one', 'two', 'three'), "
	    "createArray('two', 'three'))]", "[\"two\", \"three\"]");
	check_json("[intersection(json('{\"one\": \"a\", \"two\": \"b\"}'), "
	    "json('{\"one\": \"a\", \"two\": \"z\"}'))]", "{\"one\": \"a\"}");
	check_json("[contains(createArray('a', 'b'), 'b')]", "true");
	check_json("[contains(createObject('One', 1), 'one')]", "true");
	check_json("[first(createArray('one', 'two'))]", "\"one\"");
	check_json("[last(createArray('one', 'two'))]", "\"two\"");
	check_json("[take(createArray(1, 2, 3), 2)]", "[1, 2]");
	check_json("[skip(createArray(1, 2, 3), 2)]", "[3]");
	check_json("[indexOf(createArray('a', 'b', 'a'), 'a')]", "0");
	check_json("[lastIndexOf(createArray('a', 'b', 'a'), 'a')]", "2");
	check_json("[indexOf(createArray(1), 2)]", "-1");
	check_json("[empty(createArray())]", "true");
	check_json("[empty(json('{}'))]", "true");
	check_json("[empty(null())]", "true");
	check_json("[length(createObject('a', 1, 'b', 2))]", "2");
	check_json("[createObject('intProp', 1, 'stringProp', 'abc')]",
	    "{\"intProp\": 1, \"stringProp\": \"abc\"}");
	check_json("[items(json('{\"b\": 2, \"a\": 1}'))]",
	    "[{\"key\": \"a\", \"value\": 1}, {\"key\": \"b\", \"value\": 2}]");
	check_json("[flatten(createArray(createArray(1), createArray(2, 3)))]",
	    "[1, 2, 3]");
	check_json("[tryGet(createObject('a', 1), 'b')]", "null");
	check_json("[tryGet(createObject('a', 1), 'a')]", "1");
	check_json("[null()]", "null");
	check_json("[max(createArray(0, 3, 2, 5, 4))]", "5");
	check_json("[min(0, 3, 2, 5, 4)]", "0");
	check_rc("[createObject('a')]", EXPR_ERROR, "pairs");
}

static void
test_numeric(void **state)
{
	(void)state;
	check_json("[add(5, 3)]", "8");
	check_json("[sub(7, 3)]", "4");
	check_json("[mul(5, 3)]", "15");
	check_json("[div(8, 3)]", "2");
	check_json("[mod(7, 3)]", "1");
	check_json("[div(-7, 2)]", "-3");	/* truncates toward zero */
	check_rc("[div(1, 0)]", EXPR_ERROR, "zero");
	check_rc("[mul(9223372036854775807, 2)]", EXPR_ERROR, "overflows");
	check_rc("[add('1', 2)]", EXPR_ERROR, "two ints");
}

static void
test_lazy_fields_copy_udf(void **state)
{
	(void)state;
	/* The hub's name is a literal: its unknown sibling stays local. */
	check_json("[variables('hub').name]", "\"vnet-hub\"");
	check_json("[variables('hub')['sub'].x]", "1");
	check_rc("[variables('hub').loc]", EXPR_UNSUPPORTED, "location");
	check_rc("[variables('hub')]", EXPR_UNSUPPORTED, "location");
	check_rc("[variables('hub').nope]", EXPR_ERROR, "does not exist");
	location = "westeurope";
	check_json("[variables('hub').loc]", "\"westeurope\"");
	check_json("[resourceGroup().location]", "\"westeurope\"");
	location = NULL;
	/* Variable copy, and a property copy inside a variable. */
	check_json("[variables('subnets')]", "[{\"name\": \"s0\", \"prefix\": "
	    "\"10.0.1.0/24\"}, {\"name\": \"s1\", \"prefix\": \"10.0.2.0/24\"}, "
	    "{\"name\": \"s2\", \"prefix\": \"10.0.3.0/24\"}]");
	check_json("[variables('subnets')[2].name]", "\"s2\"");
	check_json("[variables('props')]",
	    "{\"disks\": [{\"lun\": 0}, {\"lun\": 1}], \"k\": 1}");
	/* copyIndex() in a resource loop, with an offset. */
	check_rc("[copyIndex()]", EXPR_ERROR, "outside a copy loop");
	loop_at = 4;
	check_json("[copyIndex()]", "4");
	check_json("[copyIndex(1)]", "5");
	check_json("[copyIndex('res')]", "4");
	check_rc("[copyIndex('other')]", EXPR_ERROR, "no copy loop");
	loop_at = -1;
	/* User-defined functions: their parameters only. */
	check_json("[contoso.uniqueName('AbC')]", "\"abc-x\"");
	check_json("[contoso.twice(21)]", "42");
	check_rc("[contoso.usesVar()]", EXPR_ERROR, "user-defined");
	check_rc("[contoso.nope()]", EXPR_ERROR, "undefined function");
	check_rc("[contoso.uniqueName()]", EXPR_ERROR, "argument");
	/* Parameters file values are literal; Key Vault references are
	 * not known offline. */
	values = given;
	check_json("[parameters('vnet')]", "\"from-file\"");
	check_json("[parameters('nodefault')]", "\"[not evaluated]\"");
	check_json("[variables('name')]", "\"v-from-file\"");
	json_decref(params);
	params = json_pack("{s:{s:s}, s:{s:s}, s:{s:s}}", "vnet", "type",
	    "string", "nodefault", "type", "string", "kv", "type", "string");
	check_rc("[parameters('kv')]", EXPR_UNSUPPORTED, "Key Vault");
	json_decref(params);
	values = NULL;
	setup_params();
	/* Outputs of a nested deployment evaluated before. */
	check_json("[reference('nested1').outputs.ip.value]",
	    "\"/subscriptions/x/pip\"");
	check_json("[reference(resourceId('Microsoft.Resources/deployments', "
	    "'nested1')).outputs.ip.value]", "\"/subscriptions/x/pip\"");
	check_rc("[reference('nested2').outputs]", EXPR_UNSUPPORTED,
	    "runtime state");
	/* Resource ids at other scopes. */
	check_json("[subscriptionResourceId('Microsoft.Authorization/"
	    "roleDefinitions', 'r1')]", "\"/subscriptions/" SUB "/providers/"
	    "Microsoft.Authorization/roleDefinitions/r1\"");
	check_json("[tenantResourceId('Microsoft.Management/"
	    "managementGroups', 'mg')]", "\"/providers/Microsoft.Management/"
	    "managementGroups/mg\"");
	check_json("[extensionResourceId('/subscriptions/s/resourceGroups/"
	    "r/providers/Microsoft.Network/virtualNetworks/v', "
	    "'Microsoft.Authorization/locks', 'l')]", "\"/subscriptions/s/"
	    "resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/"
	    "providers/Microsoft.Authorization/locks/l\"");
}

static void
test_work_bounds(void **state)
{
	char err[256];
	json_t *out = NULL;
	struct expr_env env;

	(void)state;
	/* A value too big, and a step budget. */
	check_rc("[padLeft('x', 2000000000, '0')]", EXPR_SIZE, "padLeft");
	expr_env_init(&env, 32);
	env.max_steps = 5;
	assert_int_equal(expr_eval(&env, "[concat(string(1), string(2), "
	    "string(3), string(4), string(5), string(6))]", &out, err,
	    sizeof(err)), EXPR_LIMIT);
	assert_null(out);
	assert_non_null(strstr(err, "function calls"));
	env.max_size = 4;
	env.max_steps = 0;
	assert_int_equal(expr_eval(&env, "[concat('abc', 'def')]", &out, err,
	    sizeof(err)), EXPR_SIZE);
	assert_null(out);
	assert_non_null(strstr(err, "longer than 4"));
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
		cmocka_unit_test(test_comparison),
		cmocka_unit_test(test_logical),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_arrays_objects),
		cmocka_unit_test(test_numeric),
		cmocka_unit_test(test_lazy_fields_copy_udf),
		cmocka_unit_test(test_work_bounds),
		cmocka_unit_test(test_nesting_limit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
