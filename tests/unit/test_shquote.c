/*
 * test_shquote.c - POSIX sh quoting (planner/shquote.c) and the az
 * commands of the plan's steps (planner/waves.c) with hostile names.
 *
 * A small reader of sh words (bare words, single quotes, backslash
 * outside quotes, "&&" between commands) splits each command the way sh
 * would; every name and id from the plan must come back as exactly one
 * whole argument, and nothing may be left for the shell to expand ($, `,
 * globs, ;, |, &, newlines outside quotes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/arena.h"
#include "../../lib/strbuf.h"
#include "../../lib/util.h"
#include "../../planner/plan.h"
#include "../../emitters/runbook.h"
#include "../../emitters/shquote.h"
#include "../../lib/names.h"
#include "../../planner/waves.h"

#define MAXW 128

struct words {
	char *v[MAXW];
	size_t n;
	bool expands;	/* an unquoted byte sh would treat specially */
};

static void
words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	w->n = 0;
}

/* Split s into words as sh does for the quoting forms sh_quote writes. */
static void
sh_split(const char *s, struct words *w)
{
	struct strbuf cur = STRBUF_INIT;
	bool in_word = false;
	const char *p = s;

	memset(w, 0, sizeof(*w));
	for (;;) {
		char c = *p;

		if (c == '\0' || c == ' ') {
			if (in_word) {
				assert_true(w->n < MAXW);
				w->v[w->n++] = strdup(sb_str(&cur));
				sb_reset(&cur);
				in_word = false;
			}
			if (c == '\0')
				break;
			p++;
			continue;
		}
		in_word = true;
		if (c == '\'') {
			const char *q = strchr(p + 1, '\'');

			assert_non_null(q);	/* unterminated quote */
			sb_putn(&cur, p + 1, (size_t)(q - p - 1));
			p = q + 1;
		} else if (c == '\\' && p[1] != '\0') {
			sb_putc(&cur, p[1]);
			p += 2;
		} else if (c == '&' && p[1] == '&' && !(cur.len > 0)) {
			sb_puts(&cur, "&&");	/* the operator, as a word */
			p += 2;
		} else {
			if (strchr("$`\"*?[]{}~;|&<>()#!\n\t", c) != NULL)
				w->expands = true;
			sb_putc(&cur, c);
			p++;
		}
	}
	sb_free(&cur);
}

static bool
has_word(const struct words *w, const char *want)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i], want) == 0)
			return true;
	return false;
}

static char *
quoted(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	sh_quote(&sb, s);
	return sb_detach(&sb);
}

static void
test_quote_forms(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "vnet-hub-eus", "vnet-hub-eus" },
		{ "/subscriptions/0000/resourceGroups/rg-a/providers/x",
		    "/subscriptions/0000/resourceGroups/rg-a/providers/x" },
		{ "network-group-id=/a/b,c:d@e%f+g", "network-group-id=/a/b,c:d@e%f+g" },
		{ "", "''" },
		{ "a b", "'a b'" },
		{ "it's", "'it'\\''s'" },
		{ "'", "''\\'''" },
		{ "sm-dev<i>&amp;@team|`y`", "'sm-dev<i>&amp;@team|`y`'" },
		{ "$(rm -rf /)", "'$(rm -rf /)'" },
		{ "${HOME}", "'${HOME}'" },
		{ "a\nb", "'a\nb'" },
		{ "back\\slash", "'back\\slash'" },
		{ "~user", "'~user'" },
		{ "*", "'*'" },
		{ "caf\xc3\xa9", "'caf\xc3\xa9'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *q = quoted(cases[i].in);

		assert_string_equal(q, cases[i].out);
		free(q);
	}
	{
		char *q = quoted(NULL);

		assert_string_equal(q, "''");
		free(q);
	}
}

/* Every byte string (but NUL) quotes to one word that reads back. */
static void
test_round_trip(void **state)
{
	static const char alphabet[] = "a Z0'\"\\$`!*?[]{}~;|&<>()#\n\t=,/%"
	    "\xc3\xa9-_.";
	unsigned seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		char in[40], *q;
		size_t len, k;
		struct words w;

		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % (sizeof(in) - 1);
		for (k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			in[k] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		in[len] = '\0';
		q = quoted(in);
		sh_split(q, &w);
		if (w.n != 1 || strcmp(w.v[0], in) != 0 || w.expands)
			fail_msg("seed round %d: '%s' quoted as %s", round, in,
			    q);
		words_free(&w);
		free(q);
	}
}

static const char *const hostile[] = {
	"sm-dev<i>&amp;@team|`y`",
	"vnet $(touch /tmp/pwned) ${HOME}",
	"it's a \"vnet\"\nwith; newline",
	"back\\slash %{x} *glob?",
};

/* A plan with hostile names everywhere a command uses one. */
static struct plan *
hostile_plan(void)
{
	struct plan *p = plan_new();
	struct arena *a = p->arena;
	struct plan_mesh m;
	struct plan_deny d;
	struct plan_feature f;
	size_t i;

	p->manager.name = "avnm 'x' $(id)";
	p->manager.subscription = "sub;rm -rf ~";
	p->manager.resource_group = "rg `whoami`";
	p->manager.location = "east us";
	ARR_PUSH(a, p->manager.scope_subscriptions, "/subscriptions/a b");
	memset(&m, 0, sizeof(m));
	m.name = "mesh-east us";
	m.group_name = "ng-$x";
	m.config_name = "cc-'q'";
	m.hspe = true;
	for (i = 0; i < MP_NELEM(hostile); i++) {
		struct plan_vnet v;
		struct plan_subnet_change sc;

		memset(&v, 0, sizeof(v));
		v.id = arena_printf(a, "/subscriptions/s/resourceGroups/rg "
		    "%zu/providers/Microsoft.Network/virtualNetworks/%s", i,
		    hostile[i]);
		v.name = hostile[i];
		v.subscription = "sub;rm -rf ~";
		v.location = i % 2 ? "east us" : "west|eu";
		v.wave = 1 + (int)(i % 2);
		v.mesh = m.name;
		v.set_pe_vnet_basic = true;
		v.change_wave = v.wave;
		memset(&sc, 0, sizeof(sc));
		sc.id = arena_printf(a, "%s/subnets/pe '%zu'", v.id, i);
		sc.name = "pe";
		sc.new_policy = "Enabled";
		ARR_PUSH(a, v.subnet_changes, sc);
		ARR_PUSH(a, p->vnets, v);
		ARR_PUSH(a, m.vnet_ids, v.id);
	}
	ARR_PUSH(a, p->meshes, m);
	memset(&f, 0, sizeof(f));
	f.subscription = "sub;rm -rf ~";
	f.feature = "Microsoft.Network/EnableMaxPrivateEndpointsVia64kPath";
	f.why = "HSPE";
	ARR_PUSH(a, p->features, f);
	memset(&d, 0, sizeof(d));
	d.name = "deny-a&b";
	d.segment_a = "a&b";
	d.segment_b = "c";
	d.group_a = "ng-seg-a&b";
	d.group_b = "ng-seg-c";
	d.priority = 100;
	d.protocol = "Any";
	ARR_PUSH(a, p->deny, d);
	plan_sort_vnets(p);
	return p;
}

static void
check_command(const char *cmd, size_t *nname)
{
	struct words w;
	size_t i;

	sh_split(cmd, &w);
	if (w.expands)
		fail_msg("the shell would expand something in: %s", cmd);
	assert_true(w.n > 2);
	assert_string_equal(w.v[0], "az");
	for (i = 0; i < MP_NELEM(hostile); i++) {
		struct arena *a = arena_new();
		const char *sm = name_sanitize(a, arena_printf(a, "sm-%s",
		    hostile[i]), NAME_AZURE);

		if (has_word(&w, sm))
			(*nname)++;
		arena_free(a);
	}
	words_free(&w);
}

/* Each line of a step's az command, checked alone. */
static void
check_lines(struct arena *a, const struct plan_step *s, size_t *nname)
{
	const char **lines;
	size_t i, n = runbook_lines(a, s, &lines);

	for (i = 0; i < n; i++) {
		/* The wait loop is sh, not an az line. */
		if (strncmp(lines[i], "until ", 6) == 0)
			continue;
		check_command(lines[i], nname);
	}
}

static void
test_wave_commands(void **state)
{
	struct plan *p = hostile_plan();
	size_t i, k, nname = 0, ncmd = 0, nids = 0;

	(void)state;
	waves_build(p, NULL);
	assert_true(p->waves.n == 2);
	for (i = 0; i < p->prereq.n; i++, ncmd++)
		check_lines(p->arena, &p->prereq.v[i], &nname);
	for (k = 0; k < p->waves.n; k++)
		for (i = 0; i < p->waves.v[k].steps.n; i++) {
			const struct plan_step *s = &p->waves.v[k].steps.v[i];
			const char *cmd = runbook_command(p->arena, s);
			struct words w;

			if (cmd == NULL)
				continue;
			ncmd++;
			check_lines(p->arena, s, &nname);
			/* A step acting on a VNet or subnet names it whole:
			 * its resource group and its own name. */
			sh_split(cmd, &w);
			if (s->kind == STEP_VNET_POLICY ||
			    s->kind == STEP_SUBNET_POLICY) {
				/* The names may hold '/' in this test. */
				const char *last = s->kind == STEP_VNET_POLICY ?
				    strstr(s->resource, "/virtualNetworks/") +
				    strlen("/virtualNetworks/") :
				    strstr(s->resource, "/subnets/") +
				    strlen("/subnets/");

				if (!has_word(&w, last))
					fail_msg("%s not whole in: %s", last, cmd);
				nids++;
			}
			if (s->kind == STEP_MEMBER) {
				assert_true(has_word(&w, step_prop(s, "vnet")));
				nids++;
			}
			if (s->kind == STEP_COMMIT) {
				/* The new manager's name is sanitised; the
				 * resource group is the user's, verbatim. */
				assert_true(has_word(&w, "avnm-x-id"));
				assert_true(has_word(&w, "rg `whoami`"));
				assert_true(has_word(&w, "west|eu"));
				assert_true(has_word(&w, "--subscription"));
			}
			words_free(&w);
		}
	/* static-member names: sm-<hostile name>, one per VNet. */
	assert_true(nname >= MP_NELEM(hostile));
	assert_true(nids >= 3 * MP_NELEM(hostile));
	assert_true(ncmd > 10);
	plan_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_forms),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_wave_commands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
