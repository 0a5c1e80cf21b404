/*
 * main.c - command dispatch, common options and atomic output files.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/util.h"
#include "cli.h"

static void
print_help(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: meshplan COMMAND [options] INPUT...\n\n"
	    "Static migration planner for Azure hub-and-spoke networks: finds\n"
	    "spoke-to-spoke traffic that hairpins through ExpressRoute, plans\n"
	    "AVNM mesh waves and writes the IaC.\n\ncommands:\n");
	for (i = 0; commands[i] != NULL; i++)
		fprintf(fp, "  %-10s %s\n", commands[i]->name,
		    commands[i]->summary);
	fprintf(fp, "\ncommon options: --policy FILE  --onprem PREFIX  "
	    "--scope ID  -o PATH  -q  --force\n"
	    "               --allow-partial  --version  --help\n"
	    "exit codes: 0 ok, 1 findings at or above --fail-on, "
	    "2 usage or I/O error,\n            3 invalid input\n"
	    "Run 'meshplan COMMAND --help' for a command's options.\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("meshplan %s\n", MESHPLAN_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			for (i = 0; commands[i] != NULL; i++)
				if (strcmp(commands[i]->name, argv[2]) == 0) {
					fputs(commands[i]->usage, stdout);
					return EXIT_OK;
				}
		}
		print_help(stdout);
		return EXIT_OK;
	}
	for (i = 0; commands[i] != NULL; i++) {
		if (strcmp(commands[i]->name, argv[1]) == 0) {
			int j;

			for (j = 2; j < argc; j++) {
				if (strcmp(argv[j], "--help") == 0 ||
				    strcmp(argv[j], "-h") == 0) {
					fputs(commands[i]->usage, stdout);
					return EXIT_OK;
				}
				if (strcmp(argv[j], "--version") == 0) {
					printf("meshplan %s\n",
					    MESHPLAN_VERSION);
					return EXIT_OK;
				}
			}
			return commands[i]->run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "meshplan: unknown command '%s'\n", argv[1]);
	print_help(stderr);
	return EXIT_USAGE;
}

int
usage_error(const struct command *c, const char *fmt, ...)
{
	va_list ap;
	const char *nl;

	fprintf(stderr, "meshplan %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	nl = strchr(c->usage, '\n');
	fprintf(stderr, "%.*s\n", nl ? (int)(nl - c->usage) : (int)strlen(
	    c->usage), c->usage);
	return EXIT_USAGE;
}

static const char *
opt_value(int argc, char **argv, int *i, const char *name)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "meshplan: option %s needs a value\n", name);
		return NULL;
	}
	return argv[++*i];
}

int
common_opt(struct arena *a, struct common_opts *o, int argc, char **argv,
    int *i)
{
	const char *arg = argv[*i], *v;

#define VAL() do {							\
	if ((v = opt_value(argc, argv, i, arg)) == NULL)		\
		return -1;						\
} while (0)
	if (strcmp(arg, "--policy") == 0) {
		VAL();
		o->policy_file = v;
	} else if (strcmp(arg, "--onprem") == 0) {
		VAL();
		ARR_PUSH(a, o->onprem, v);
	} else if (strcmp(arg, "--scope") == 0) {
		VAL();
		o->scope = v;
	} else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
		VAL();
		o->output = v;
	} else if (strcmp(arg, "--format") == 0 || strcmp(arg, "-f") == 0) {
		VAL();
		o->format = v;
	} else if (strcmp(arg, "--fail-on") == 0) {
		VAL();
		o->fail_on = v;
	} else if (strcmp(arg, "--gateway") == 0) {
		struct gateway_file gf;
		const char *eq;

		VAL();
		eq = strchr(v, '=');
		if (eq == NULL || eq == v || eq[1] == '\0') {
			fprintf(stderr, "meshplan: --gateway wants NAME=FILE, "
			    "got '%s'\n", v);
			return -1;
		}
		gf.gateway = arena_strndup(a, v, (size_t)(eq - v));
		gf.file = eq + 1;
		ARR_PUSH(a, o->gateway_files, gf);
	} else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
		o->quiet = true;
	} else if (strcmp(arg, "--force") == 0) {
		o->force = true;
	} else if (strcmp(arg, "--allow-partial") == 0) {
		o->allow_partial = true;
	} else if (arg[0] == '-' && arg[1] != '\0') {
		return 0;
	} else {
		ARR_PUSH(a, o->inputs, argv[*i]);
	}
#undef VAL
	return 1;
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
		fprintf(stderr, "meshplan: %zu error%s in the input; nothing "
		    "was written\n", d->nerrors, d->nerrors == 1 ? "" : "s");
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

int
write_output_with(const char *path, bool force,
    int (*put)(FILE *fp, void *ctx), void *ctx)
{
	struct stat st;
	char *tmp;
	FILE *fp;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (put(stdout, ctx) != 0 || fflush(stdout)) {
			fprintf(stderr, "meshplan: writing to standard output: "
			    "%s\n", strerror(errno));
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	if (!force && stat(path, &st) == 0) {
		fprintf(stderr, "meshplan: %s exists; not replacing it "
		    "(use --force)\n", path);
		return EXIT_USAGE;
	}
	tmp = xmalloc(strlen(path) + 16);
	sprintf(tmp, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "meshplan: cannot create %s: %s\n", tmp,
		    strerror(errno));
		free(tmp);
		return EXIT_USAGE;
	}
	fp = fdopen(fd, "w");
	if (fp == NULL || put(fp, ctx) != 0 || fflush(fp) != 0 ||
	    fchmod(fd, 0644) != 0 || fclose(fp) != 0) {
		fprintf(stderr, "meshplan: writing %s: %s\n", path,
		    strerror(errno));
		unlink(tmp);
		free(tmp);
		return EXIT_USAGE;
	}
	if (rename(tmp, path) != 0) {
		fprintf(stderr, "meshplan: cannot rename %s to %s: %s\n", tmp,
		    path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return EXIT_USAGE;
	}
	free(tmp);
	return EXIT_OK;
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
