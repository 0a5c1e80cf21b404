/*
 * main.c - command dispatch, common options, usage errors, the check of
 * standard output, and the atomic output files' entry points.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../lib/util.h"
#include "cli.h"
#include "outputs.h"

const char *cli_cmd_name = "";

static void
print_help(FILE *fp)
{
	size_t i;

	fprintf(fp,
	    "usage: meshplan COMMAND [options] INPUT...\n\n"
	    "Static migration planner for Azure hub-and-spoke networks: finds\n"
	    "spoke-to-spoke traffic that hairpins through ExpressRoute, plans\n"
	    "AVNM mesh waves and writes the IaC.\n\ncommands:\n");
	for (i = 0; commands[i] != NULL; i++)
		fprintf(fp, "  %-10s %s\n", commands[i]->name,
		    commands[i]->summary);
	fprintf(fp,
	    "\ncommon options: --policy FILE  --onprem PREFIX  "
	    "--scope ID  -o PATH  -q  --force\n"
	    "               --parameters TEMPLATE=FILE  --location NAME\n"
	    "               --allow-partial  --today YYYY-MM-DD  --verbose\n"
	    "               --version  --help\n"
	    "               (--opt=value works; -- ends the options)\n"
	    "policy: --policy FILE, else $MESHPLAN_POLICY, else "
	    "./.meshplan.yaml\n"
	    "exit codes: 0 ok, 1 findings at or above --fail-on, "
	    "2 usage or I/O error,\n            3 invalid input\n"
	    "Run 'meshplan COMMAND --help' for a command's options.\n");
}

static int
print_version(void)
{
	printf("meshplan %s (build %s)\n", MESHPLAN_VERSION, meshplan_build);
	return EXIT_OK;
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; commands[i] != NULL; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static int
dispatch(int argc, char **argv)
{
	const struct command *c;
	int j;

	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0)
		return print_version();
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			if ((c = find_command(argv[2])) == NULL) {
				fprintf(stderr,
				    "meshplan: unknown command "
				    "'%s'\nTry 'meshplan --help'.\n",
				    argv[2]);
				return EXIT_USAGE;
			}
			fputs(c->usage, stdout);
			return EXIT_OK;
		}
		print_help(stdout);
		return EXIT_OK;
	}
	if ((c = find_command(argv[1])) == NULL) {
		fprintf(stderr,
		    "meshplan: unknown command '%s'\n"
		    "Try 'meshplan --help'.\n",
		    argv[1]);
		return EXIT_USAGE;
	}
	cli_cmd_name = c->name;
	for (j = 2; j < argc && strcmp(argv[j], "--") != 0; j++) {
		if (strcmp(argv[j], "--help") == 0 ||
		    strcmp(argv[j], "-h") == 0) {
			fputs(c->usage, stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[j], "--version") == 0)
			return print_version();
	}
	return c->run(argc - 1, argv + 1);
}

/*
 * Every byte meant for standard output is checked: a lost what-if, plan
 * or help text (a full disk, a closed pipe) is an I/O error, exit 2.
 */
int
main(int argc, char **argv)
{
	int rc;

	/*
	 * jansson allocates through xmalloc, which aborts with a message on
	 * out of memory: none of its calls returns NULL for want of memory.
	 * They still fail for what they are given, and the callers that
	 * take outside text check those: json_loadb and friends (syntax,
	 * duplicate keys), json_string and json_stringn (not UTF-8),
	 * json_object_set* (a key not UTF-8, a NULL value or object),
	 * json_real (NaN or infinity), json_dumps (a scalar without
	 * JSON_ENCODE_ANY), json_pack (a bad format).
	 */
	json_set_alloc_funcs(xmalloc, free);
	outputs_init();
	rc = dispatch(argc, argv);
	outputs_abort_all();
	errno = 0;
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc != EXIT_USAGE) {
		fprintf(stderr,
		    "meshplan%s%s: writing to standard output: "
		    "%s\n",
		    *cli_cmd_name ? " " : "", cli_cmd_name,
		    errno != 0 ? strerror(errno) : "write error");
		rc = EXIT_USAGE;
	}
	return rc;
}

int
usage_error(const struct command *c, const char *fmt, ...)
{
	va_list ap;
	const char *nl;
	char *msg = NULL;
	int n;

	fprintf(stderr, "meshplan %s: ", c->name);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0) {
		msg = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	/* The message may quote input (a VNet's name): escaped. */
	if (n >= 0 && msg != NULL)
		diag_fputs(msg, stderr);
	free(msg);
	fputc('\n', stderr);
	nl = strchr(c->usage, '\n');
	fprintf(stderr, "%.*s\nTry 'meshplan %s --help' for more.\n",
	    nl ? (int)(nl - c->usage) : (int)strlen(c->usage), c->usage,
	    c->name);
	return EXIT_USAGE;
}

static const char *const value_opts[] = { "--policy", "--onprem", "--scope",
	"-o", "--output", "--format", "-f", "--fail-on", "--gateway",
	"--parameters", "--location", "--captured", "--today", NULL };
static const char *const flag_opts[] = { "-q", "--quiet", "--force",
	"--allow-partial", "--verbose", "-v", NULL };

int
common_opt_kind(const char *name)
{
	size_t i;

	for (i = 0; value_opts[i] != NULL; i++)
		if (strcmp(name, value_opts[i]) == 0)
			return 1;
	for (i = 0; flag_opts[i] != NULL; i++)
		if (strcmp(name, flag_opts[i]) == 0)
			return 0;
	return -1;
}

bool
gateway_arg_ok(const char *v)
{
	const char *eq = strchr(v, '=');

	return eq != NULL && eq != v && eq[1] != '\0';
}

void
common_opt_set(struct arena *a, struct common_opts *o, const char *name,
    const char *v)
{
	if (strcmp(name, "--policy") == 0) {
		o->policy_file = v;
	} else if (strcmp(name, "--onprem") == 0) {
		ARR_PUSH(a, o->onprem, v);
	} else if (strcmp(name, "--scope") == 0 && strchr(v, '=') == NULL) {
		o->scope = v;
	} else if (strcmp(name, "--scope") == 0 ||
	    strcmp(name, "--parameters") == 0) {
		/* FILE=ID splits at the last '=' (an ARM id holds none). */
		const char *eq = strrchr(v, '=');
		struct file_opt fo;

		MP_ASSERT(eq != NULL);
		fo.file = arena_strndup(a, v, (size_t)(eq - v));
		fo.value = eq + 1;
		if (strcmp(name, "--scope") == 0)
			ARR_PUSH(a, o->file_scopes, fo);
		else
			ARR_PUSH(a, o->param_files, fo);
	} else if (strcmp(name, "--location") == 0) {
		o->location = v;
	} else if (strcmp(name, "-o") == 0 || strcmp(name, "--output") == 0) {
		o->output = v;
	} else if (strcmp(name, "--format") == 0 || strcmp(name, "-f") == 0) {
		o->format = v;
	} else if (strcmp(name, "--fail-on") == 0) {
		o->fail_on = v;
	} else if (strcmp(name, "--gateway") == 0) {
		struct gateway_file gf;
		const char *eq = strchr(v, '=');

		MP_ASSERT(eq != NULL);
		gf.gateway = arena_strndup(a, v, (size_t)(eq - v));
		gf.file = eq + 1;
		ARR_PUSH(a, o->gateway_files, gf);
	} else if (strcmp(name, "--captured") == 0) {
		/* An effective route table and the NIC it was taken from. */
		struct gateway_file gf;
		const char *eq = strchr(v, '=');

		MP_ASSERT(eq != NULL);
		gf.gateway = arena_strndup(a, v, (size_t)(eq - v));
		gf.file = eq + 1;
		ARR_PUSH(a, o->captured_files, gf);
	} else if (strcmp(name, "-q") == 0 || strcmp(name, "--quiet") == 0) {
		o->quiet = true;
	} else if (strcmp(name, "--force") == 0) {
		o->force = true;
	} else if (strcmp(name, "--allow-partial") == 0) {
		o->allow_partial = true;
	} else if (strcmp(name, "--verbose") == 0 || strcmp(name, "-v") == 0) {
		o->verbose = true;
	} else if (strcmp(name, "--today") == 0) {
		o->today = v;
	}
}

/* Diagnostic codes of files that cannot be read (docs/inputs.md). */
static bool
io_code(const char *code)
{
	return code != NULL &&
	    (strcmp(code, "file-missing") == 0 ||
		strcmp(code, "file-read") == 0 ||
		strcmp(code, "policy-io") == 0);
}

int
report_diags(struct diags *d, bool quiet)
{
	size_t i;

	diags_sort(d);
	for (i = 0; i < d->n; i++) {
		if (quiet && d->v[i].sev != DIAG_ERROR)
			continue;
		diag_print(stderr, &d->v[i]);
	}
	if (d->nerrors > 0) {
		size_t nio = 0;

		for (i = 0; i < d->n; i++)
			nio += d->v[i].sev == DIAG_ERROR &&
			    io_code(d->v[i].code);
		if (nio > 0) {
			fprintf(stderr,
			    "meshplan: %zu file%s cannot be read; "
			    "nothing was written\n",
			    nio, nio == 1 ? "" : "s");
			return EXIT_USAGE;
		}
		fprintf(stderr,
		    "meshplan: %zu error%s in the input; nothing "
		    "was written\n",
		    d->nerrors, d->nerrors == 1 ? "" : "s");
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

int
write_output_with(const char *path, bool force, int (*put)(FILE *fp, void *ctx),
    void *ctx)
{
	return output_write(cli_cmd_name, path, force, put, ctx);
}

struct text {
	const char *s;
	size_t len;
};

static int
put_text(FILE *fp, void *ctx)
{
	const struct text *t = ctx;

	return fwrite(t->s, 1, t->len, fp) == t->len ? 0 : -1;
}

int
write_output(const char *path, const char *text, size_t len, bool force)
{
	struct text t;

	t.s = text;
	t.len = len;
	return write_output_with(path, force, put_text, &t);
}
