/*
 * fuzz_expr.c - the ARM expression evaluator (input/expr.c) alone, far
 * faster than through fuzz_load: the input, up to its first NUL, is one
 * template string value evaluated with expr_eval() against a fixed
 * environment (parameters with string, array, object and int defaults,
 * variables that refer to each other and loop, a variable copy loop, a
 * property copy, user-defined functions (one that recurses), a nested
 * deployment's outputs; byte 0's bits add a scope, a location, a resource
 * copy loop, parameters-file values, the variables memo, small work
 * bounds). When the input parses as JSON it is also evaluated
 * as a whole tree with expr_eval_deep(). Invariants: EXPR_OK comes with a
 * value and others with a message; nothing crashes, leaks or recurses
 * past max_depth.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../input/expr.h"
#include "../../lib/util.h"
#include "fuzz.h"

static const char env_json[] =
	"{\"parameters\": {"
	"  \"virtualNetworks_hub_name\": {\"defaultValue\": \"vnet-hub\","
	"    \"type\": \"String\"},"
	"  \"virtualNetworks_spoke_externalid\": {\"defaultValue\":"
	"    \"/subscriptions/s/resourceGroups/r/providers/"
	"Microsoft.Network/virtualNetworks/spoke\", \"type\": \"String\"},"
	"  \"n\": {\"defaultValue\": 3, \"type\": \"int\"},"
	"  \"arr\": {\"defaultValue\": [\"a\", [\"b\"], {\"c\": 1}]},"
	"  \"obj\": {\"defaultValue\": {\"x\": {\"y\": \"[parameters('n')]\"}}},"
	"  \"nodefault\": {\"type\": \"String\"},"
	"  \"self\": {\"defaultValue\": \"[parameters('self')]\"}"
	"}, \"variables\": {"
	"  \"v\": \"[concat(parameters('virtualNetworks_hub_name'), '-x')]\","
	"  \"a\": \"[variables('b')]\", \"b\": \"[variables('a')]\","
	"  \"list\": [\"[variables('v')]\", 1, null],"
	"  \"o\": {\"k\": \"[[not an expression\"},"
	"  \"hub\": {\"name\": \"h\", \"loc\": \"[resourceGroup().location]\"},"
	"  \"copy\": [{\"name\": \"subnets\", \"count\": \"[parameters('n')]\","
	"    \"input\": {\"name\": \"[concat('s', copyIndex('subnets'))]\"}},"
	"   {\"name\": \"bad\", \"count\": \"[variables('bad')]\","
	"    \"input\": 1}],"
	"  \"props\": {\"copy\": [{\"name\": \"d\", \"count\": 2,"
	"    \"input\": \"[copyIndex('d')]\"}]}"
	"}, \"functions\": [{\"namespace\": \"ns\", \"members\": {"
	"  \"f\": {\"parameters\": [{\"name\": \"x\"}], \"output\": "
	"    {\"value\": \"[concat(parameters('x'), ns.g())]\"}},"
	"  \"g\": {\"parameters\": [], \"output\": {\"value\": \"[ns.g()]\"}},"
	"  \"h\": {\"parameters\": [], \"output\": {\"value\": \"k\"}}}}],"
	"\"given\": {\"n\": {\"value\": 2}, \"self\": {\"value\": \"[x]\"},"
	"  \"kv\": {\"reference\": {}}},"
	"\"deployments\": {\"d1\": {\"outputs\": {\"o\": {\"value\": 1}}}}"
	"}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *env_doc;
	struct expr_env env;
	char err[256];
	json_t *out, *doc;
	enum expr_rc rc;
	char *s;

	if (size == 0 || size > 4096)
		return 0;
	if (env_doc == NULL) {
		env_doc = json_loads(env_json, 0, NULL);
		MP_ASSERT(env_doc != NULL);
	}
	/* Byte 0 picks the context: bit 0 a scope, 1 a location, 2 a
	 * resource copy loop at index 2, 3 a parameters file's values, 4 the
	 * variables memo, 5 small work bounds. */
	expr_env_init(&env, 32);
	env.parameters = json_object_get(env_doc, "parameters");
	env.variables = json_object_get(env_doc, "variables");
	env.functions = json_object_get(env_doc, "functions");
	env.deployments = json_object_get(env_doc, "deployments");
	if (data[0] & 1) {
		env.subscription = "3f2b8c1e-5a4d-4e7f-9b6c-0d1e2f3a4b5c";
		env.resource_group = "rg-fuzz";
	}
	if (data[0] & 2)
		env.location = "westeurope";
	if (data[0] & 4) {
		env.loop_name[0] = "res";
		env.loop_index[0] = 2;
		env.nloops = 1;
		env.res_loop = 0;
	}
	if (data[0] & 8)
		env.param_values = json_object_get(env_doc, "given");
	if (data[0] & 16)
		env.memo = json_object();
	if (data[0] & 32) {
		env.max_steps = 200;
		env.max_size = 4096;
	}
	s = xmalloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	err[0] = '\0';
	out = NULL;
	rc = expr_eval(&env, s, &out, err, sizeof(err));
	MP_ASSERT(env.depth == 0);
	if (rc == EXPR_OK)
		MP_ASSERT(out != NULL);
	else
		MP_ASSERT(out == NULL && err[0] != '\0');
	json_decref(out);
	doc = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY,
	    NULL);
	if (doc != NULL) {
		out = NULL;
		err[0] = '\0';
		rc = expr_eval_deep(&env, doc, &out, err, sizeof(err));
		MP_ASSERT(env.depth == 0);
		if (rc == EXPR_OK)
			MP_ASSERT(out != NULL);
		json_decref(out);
		json_decref(doc);
	}
	json_decref(env.memo);
	free(s);
	return 0;
}
