/*
 * test_vnet_raw.c - vnet_raw_json_only (emitters/vnet_raw.c), the skim
 * that gives the merge what-if only the parts of an exported VNet the
 * patches reach, against jansson parsing the whole text: every member
 * want reaches is what jansson gives, the others are null (or, where
 * the skim leaves the text to jansson, jansson's), and a text jansson
 * refuses gives NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../emitters/emitter.h"
#include "../../planner/plan.h"

/*
 * res agrees with full (jansson's tree of the whole text) as far as want
 * reaches; *skimmed is cleared when a member want does not reach has its
 * value (the skim left the text to jansson).
 */
static bool agrees(const json_t *res, const json_t *full,
    const json_t *want, bool *skimmed);

/* An array want gives [item] for: each object item as item reaches. */
static bool
items_agree(const json_t *res, const json_t *full, const json_t *item,
    bool *skimmed)
{
	size_t i;

	if (!json_is_array(res) || json_array_size(res) !=
	    json_array_size(full))
		return false;
	for (i = 0; i < json_array_size(full); i++) {
		const json_t *r = json_array_get(res, i);
		const json_t *v = json_array_get(full, i);

		if (json_is_object(v) ? !agrees(r, v, item, skimmed) :
		    !json_equal((json_t *)r, (json_t *)v))
			return false;
	}
	return true;
}

static bool
agrees(const json_t *res, const json_t *full, const json_t *want,
    bool *skimmed)
{
	const char *k;
	json_t *v;

	if (!json_is_object(res) || !json_is_object(full) ||
	    json_object_size(res) != json_object_size(full))
		return false;
	json_object_foreach((json_t *)full, k, v) {
		const json_t *r = json_object_get(res, k);
		const json_t *w = json_object_get(want, k);

		if (r == NULL)
			return false;
		if (w == NULL) {
			if (json_equal((json_t *)r, v)) {
				if (!json_is_null(v))
					*skimmed = false;
			} else if (!json_is_null(r))
				return false;
		} else if (json_is_object(w) && json_is_object(v)) {
			if (!agrees(r, v, w, skimmed))
				return false;
		} else if (json_is_array(w) && json_is_array(v)) {
			if (!items_agree(r, v, json_array_get(w, 0), skimmed))
				return false;
		} else if (!json_equal((json_t *)r, v))
			return false;
	}
	return true;
}

/* expect: 1 skimmed, 0 left to jansson, -1 refused by jansson. */
static void
check(const char *text, const char *want_text, int expect)
{
	struct plan_vnet v;
	json_error_t err;
	json_t *want = json_loads(want_text, 0, &err);
	json_t *full = json_loads(text, 0, &err), *res;
	bool skimmed = true;

	assert_non_null(want);
	memset(&v, 0, sizeof(v));
	v.raw = text;
	res = vnet_raw_json_only(&v, want);
	if (!json_is_object(full)) {
		if (res != NULL)
			fail_msg("accepted what jansson refuses: %s", text);
		assert_int_equal(expect, -1);
	} else {
		if (res == NULL || !agrees(res, full, want, &skimmed))
			fail_msg("differs from jansson: %s", text);
		assert_int_equal(expect, skimmed ? 1 : 0);
	}
	json_decref(res);
	json_decref(full);
	json_decref(want);
}

static const char vnet[] =
    "{\"etag\":\"W/\\\"1\\\"\",\"id\":\"/subscriptions/s/rg/v\","
    "\"location\":\"eastus\",\"name\":\"v\",\"properties\":{"
    "\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},"
    "\"privateEndpointVNetPolicies\":\"Disabled\","
    "\"subnets\":[{\"name\":\"a\",\"properties\":{\"addressPrefix\":"
    "\"10.0.0.0/24\",\"privateEndpointNetworkPolicies\":\"Disabled\"}}],"
    "\"summarizedGatewayPrefixes\":{\"addressPrefixes\":[\"10.0.0.0/8\"],"
    "\"x\":{\"deep\":[1,-2,0,3.25,true,false,null,{},[]]}},"
    "\"virtualNetworkPeerings\":[{\"name\":\"p1\",\"properties\":{"
    "\"allowForwardedTraffic\":true,\"remoteAddressSpace\":{"
    "\"addressPrefixes\":[\"10.1.0.0/16\"]}}},{\"name\":\"p\\\\2\","
    "\"properties\":{\"n\":-0.5,\"s\":\"a\\/b\\n\\t\"}}]},"
    "\"tags\":{},\"type\":\"Microsoft.Network/virtualNetworks\"}";

static void
test_reach(void **state)
{
	(void)state;
	check(vnet, "{}", 1);
	check(vnet, "{\"properties\":{\"privateEndpointVNetPolicies\":"
	    "\"Basic\"}}", 1);
	check(vnet, "{\"properties\":{\"subnets\":true}}", 1);
	check(vnet, "{\"properties\":{\"summarizedGatewayPrefixes\":{"
	    "\"addressPrefixes\":[]}}}", 1);
	/* An object in want where the VNet has none: the value whole. */
	check(vnet, "{\"properties\":{\"addressSpace\":{\"x\":1},"
	    "\"privateEndpointVNetPolicies\":{\"a\":1}}}", 1);
	check(" \t\r\n{ \"a\" : [ 1 , { } ] , \"b\" : \"x\" } \n",
	    "{\"b\":1}", 1);
	check("{}", "{\"properties\":{}}", 1);
	/* The last of a key twice, as jansson. */
	check("{\"a\":1,\"a\":{\"b\":2}}", "{\"a\":{\"b\":1}}", 1);
	check("{\"a\":{\"b\":2},\"a\":3}", "{\"a\":true}", 1);
}

/*
 * Items ([item] in want): made one by one when each has a name of its
 * own; parsed whole when two share a name (any case) or one has none.
 */
static void
test_items(void **state)
{
	static const char want[] = "{\"properties\":{\"subnets\":[{"
	    "\"name\":true,\"properties\":{\"p\":true}}]}}";
	struct plan_vnet v;
	json_error_t err;
	json_t *w = json_loads(want, 0, &err), *j;

	(void)state;
	check("{\"properties\":{\"subnets\":[{\"name\":\"a\",\"properties\":"
	    "{\"p\":1,\"q\":[1,2]}},{\"name\":\"b\",\"x\":{}}],\"z\":1}}",
	    want, 1);
	check("{\"properties\":{\"subnets\":[]}}", want, 1);
	memset(&v, 0, sizeof(v));
	v.raw = "{\"properties\":{\"subnets\":[{\"name\":\"a\",\"q\":1},"
	    "{\"name\":\"b\",\"q\":2}]}}";
	j = vnet_raw_json_only(&v, w);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(
	    json_object_get(j, "properties"), "subnets"), 1), "q")));
	json_decref(j);
	v.raw = "{\"properties\":{\"subnets\":[{\"name\":\"a\",\"q\":1},"
	    "{\"name\":\"A\",\"q\":2}]}}";
	j = vnet_raw_json_only(&v, w);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(j, "properties"), "subnets"), 1),
	    "q")), 2);
	json_decref(j);
	v.raw = "{\"properties\":{\"subnets\":[{\"name\":\"a\",\"q\":1},"
	    "{\"q\":2},3]}}";
	j = vnet_raw_json_only(&v, w);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(j, "properties"), "subnets"), 0),
	    "q")), 1);
	json_decref(j);
	check("{\"properties\":{\"subnets\":[{\"name\":\"a\"},]}}", want, -1);
	check("{\"properties\":{\"subnets\":[{\"name\":\"a\"} {}]}}", want,
	    -1);
	json_decref(w);
}

/* What the skim leaves to jansson, which takes it. */
static void
test_left_to_jansson(void **state)
{
	(void)state;
	check("{\"a\":\"\xc3\xa9\",\"b\":1}", "{\"b\":1}", 0);
	check("{\"a\":\"\\u00e9\",\"b\":1}", "{\"b\":1}", 0);
	check("{\"a\":1e5,\"b\":1}", "{\"b\":1}", 0);
	check("{\"a\":123456789012345678901234,\"b\":1}", "{}", -1);
	check("{\"a\\\"q\":1,\"b\":1}", "{\"b\":1}", 0);
	check("{\"a\":1234567890123456789,\"b\":1}", "{\"b\":1}", 0);
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"", "[]", "\"s\"", "{", "{\"a\":1,}", "{\"a\":[1,]}",
		"{\"a\" 1}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}",
		"{\"a\":.5}", "{\"a\":truex}", "{\"a\":nul}", "{} x", "{}{}",
		"{\"a\":\"x\x01\"}", "{\"a\":\"x}", "{\"a\":\"\\x\"}",
		"{\"a\":\"\\ud800\"}", "{\"a\":\"\xff\"}", "{a:1}",
		"{\"a\":[1 2]}", "{\"a\":{\"b\":1,}}", "{,}",
		"{\"a\":1e999}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		check(bad[i], "{}", -1);
		check(bad[i], "{\"a\":true}", -1);
	}
}

/* Deeper than the skim goes: jansson's, whole. */
static void
test_deep(void **state)
{
	char *s = malloc(2 * 600 + 64);
	size_t n = 0, i;

	(void)state;
	n += (size_t)sprintf(s, "{\"b\":1,\"a\":");
	for (i = 0; i < 600; i++)
		s[n++] = '[';
	for (i = 0; i < 600; i++)
		s[n++] = ']';
	s[n++] = '}';
	s[n] = '\0';
	check(s, "{\"b\":1}", 0);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reach),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_left_to_jansson),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
