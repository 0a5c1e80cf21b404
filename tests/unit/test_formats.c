/*
 * test_formats.c - the registry of document formats (emitters/formats.h):
 * every entry has a writer and is found by its command and name, the
 * names per command are the table's in order, and routes' text tables
 * against tables written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../emitters/formats.h"
#include "../../emitters/sink.h"
#include "../../lib/arena.h"
#include "../../lib/strbuf.h"
#include "../../planner/cidr.h"
#include "../../planner/estate.h"

static void
test_table(void **state)
{
	static const char *const commands[] = { "analyze", "report", "routes" };
	const struct doc_format *f, *g;
	struct arena *a = arena_new();
	size_t k, n, total = 0;

	(void)state;
	for (f = doc_formats; f->command != NULL; f++) {
		assert_non_null(f->name);
		assert_non_null(f->write);
		assert_ptr_equal(doc_format_find(f->command, f->name), f);
		for (g = f + 1; g->command != NULL; g++)
			assert_false(strcmp(f->command, g->command) == 0 &&
			    strcmp(f->name, g->name) == 0);
		total++;
	}
	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		const char *const *v = doc_format_names(commands[k], a);

		assert_non_null(v);
		/* The command's entries, in table order, and nothing else. */
		n = 0;
		for (f = doc_formats; f->command != NULL; f++) {
			if (strcmp(f->command, commands[k]) != 0)
				continue;
			assert_non_null(v[n]);
			assert_string_equal(v[n], f->name);
			n++;
		}
		assert_null(v[n]);
		assert_true(n >= 2);
		total -= n;
	}
	assert_int_equal(total, 0); /* no entry of another command */
	assert_null(doc_format_names("emit", a));
	assert_null(doc_format_find("analyze", "md"));
	assert_null(doc_format_find("analyze", "JSON"));
	assert_null(doc_format_find("plan", "json"));
	arena_free(a);
}

static struct eroute
route(const char *pfx, enum route_source src, enum next_hop nh, bool active,
    const char *ip)
{
	struct eroute r;

	memset(&r, 0, sizeof(r));
	assert_int_equal(prefix_parse(pfx, 0, &r.p, NULL), 0);
	r.source = src;
	r.nh = nh;
	r.active = active;
	r.nh_ip = ip;
	return r;
}

static void
test_routes_text(void **state)
{
	struct vnet v;
	struct subnet s;
	struct eroute rs[3];
	struct routes_subnet t[2];
	struct strbuf sb = STRBUF_INIT;
	struct emit_sink sink;
	struct doc_in in;

	(void)state;
	memset(&v, 0, sizeof(v));
	memset(&s, 0, sizeof(s));
	memset(t, 0, sizeof(t));
	v.r.name = "vn";
	v.r.id = "/x/virtualNetworks/vn";
	s.r.name = "s1";
	s.r.id = "/x/virtualNetworks/vn/subnets/s1";
	s.route_table_id = "/x/routeTables/rt";
	rs[0] = route("10.0.0.0/16", RSRC_DEFAULT, NH_VNET_LOCAL, true, NULL);
	rs[1] = route("0.0.0.0/0", RSRC_USER, NH_APPLIANCE, true, "10.9.0.4");
	rs[2] = route("0.0.0.0/0", RSRC_DEFAULT, NH_INTERNET, false, NULL);
	t[0].vnet = &v;
	t[0].subnet = &s;
	t[0].table_missing = true;
	t[0].v = rs;
	t[0].n = 3;
	t[1].vnet = &v;
	t[1].v = rs;
	t[1].n = 1;
	memset(&in, 0, sizeof(in));
	in.subnets = t;
	in.nsubnets = 2;
	sink_to_strbuf(&sink, &sb);
	assert_int_equal(doc_format_find("routes", "text")->write(&sink, &in),
	    0);
	assert_string_equal(sb_str(&sb),
	    "Subnet s1 (/x/virtualNetworks/vn/subnets/s1)\n"
	    "Route table /x/routeTables/rt is in no input: its user-defined "
	    "routes are missing\n"
	    "Source   State    Address Prefix  Next Hop Type     Next Hop IP\n"
	    "-------  -------  --------------  ----------------  -----------\n"
	    "Default  Active   10.0.0.0/16     VnetLocal\n"
	    "User     Active   0.0.0.0/0       VirtualAppliance  10.9.0.4\n"
	    "Default  Invalid  0.0.0.0/0       Internet\n"
	    "\n"
	    "VNet vn without subnets (/x/virtualNetworks/vn)\n"
	    "Source   State   Address Prefix  Next Hop Type  Next Hop IP\n"
	    "-------  ------  --------------  -------------  -----------\n"
	    "Default  Active  10.0.0.0/16     VnetLocal\n");
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_routes_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
