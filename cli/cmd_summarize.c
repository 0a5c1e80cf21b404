/*
 * cmd_summarize.c - "meshplan summarize": summaries of a prefix list from
 * arguments, files or standard input (planner/summarize.h does the work).
 *
 * Input files hold one prefix per line; '#' starts a comment, blank lines
 * and surrounding spaces are ignored. Every bad line is reported as
 * "file:line:col: error: ..." and the command exits 3 after reading all
 * of them. Text output is one canonical prefix per line (IPv4 first, each
 * family in address order), so "--exact" is a drop-in for aggregate tools;
 * JSON output is described in the usage text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "../emitters/jsonw.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/summarize.h"
#include "cli.h"
#include "outputs.h"

static const char usage[] =
    "usage: meshplan summarize [--exact | --max-prefixes K] [--forbid P]...\n"
    "           [--min-len N] [--min-len6 N] [options] PREFIX... | --file F | "
    "-\n"
    "\n"
    "Summaries for a list of advertised prefixes (summarizedGatewayPrefixes).\n"
    "Prefixes come from the arguments, from --file F (repeatable), and from\n"
    "standard input when an argument or F is '-'. Files hold one prefix per\n"
    "line; '#' starts a comment; blank lines are ignored.\n"
    "\n"
    "modes:\n"
    "  (default)          fewest advertised prefixes (summaries plus inputs "
    "no\n"
    "                     summary covers), then the least waste (addresses "
    "inside\n"
    "                     summaries that belong to no input)\n"
    "  --exact            lossless merge: exactly the input addresses, fewest\n"
    "                     prefixes (the same as Python's collapse_addresses "
    "when\n"
    "                     nothing is forbidden); minimum lengths do not apply\n"
    "  --max-prefixes K   at most K advertised prefixes per family with the "
    "least\n"
    "                     waste; if no allowed cover fits, a warning and the\n"
    "                     fewest-prefix answer\n"
    "  --max-prefixes6 K  the IPv6 budget when it differs from K\n"
    "\n"
    "options:\n"
    "  --forbid P         no summary may contain or equal P (other gateways'\n"
    "                     prefixes, on-premises routes, reserves); a "
    "forbidden\n"
    "                     supernet of a summary is fine. Repeatable.\n"
    "  --onprem P         the same as --forbid P\n"
    "  --forbid-file F    forbidden prefixes from F (same format as --file)\n"
    "  --must-cover P     an input that any summary set must cover (the hub's "
    "own\n"
    "                     space: Azure stops advertising it once summaries "
    "are\n"
    "                     set). Repeatable.\n"
    "  --min-len N        shortest IPv4 summary (default 16)\n"
    "  --min-len6 N       shortest IPv6 summary (default 48)\n"
    "  --normalize        accept host bits (cleared) and bare addresses (/32,\n"
    "                     /128) instead of refusing them\n"
    "  --explain          text: each prefix with what it covers and its "
    "waste,\n"
    "                     and the counts per family\n"
    "  --format F         text (default) or json\n"
    "  -o FILE            write to FILE atomically (refuses to replace a file\n"
    "                     unless --force)\n"
    "  -q                 no warnings\n"
    "\n"
    "text output: one canonical prefix per line, IPv4 first, each family in\n"
    "address order.\n"
    "json output:\n"
    "  {\"mode\": \"exact\"|\"default\"|\"budget\",\n"
    "   \"min_len\": {\"ipv4\", \"ipv6\"} (not in exact mode),\n"
    "   \"budget\": {\"ipv4\", \"ipv6\"} (budget mode),\n"
    "   \"families\": {\"ipv4\": {\"before\", \"after\", \"waste\",\n"
    "       \"budget_reached\",\n"
    "       \"summaries\": [{\"prefix\", \"covers\": [PREFIX...], "
    "\"waste\"}],\n"
    "       \"uncovered\": [PREFIX...]}, \"ipv6\": {...}},\n"
    "   \"budget_reached\": BOOL, \"must_cover_blocked\": PREFIX|null}\n"
    "  before/after count advertised prefixes (each distinct prefix once);\n"
    "  waste is an exact integer (IPv6 values can exceed 2^53).\n"
    "\n"
    "exit codes: 0 ok, 2 usage or I/O error, 3 invalid prefixes\n";

static int run(int argc, char **argv);

const struct command cmd_summarize = {
	.name = "summarize",
	.summary = "summaries for a prefix list (exact, fewest, budget)",
	.usage = usage,
	.run = run,
};

struct inputs {
	struct sum_input *v;
	size_t n, cap;
};

struct prefixes {
	struct prefix *v;
	size_t n, cap;
};

/*
 * Big buffers (a million prefixes) ask Linux for transparent huge pages:
 * it halves the time spent in page faults and TLB misses.
 */
static void
huge_hint(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);

	if (size >= 2 * huge && a < (uintptr_t)p + size)
		(void)madvise((void *)a, (uintptr_t)p + size - a,
		    MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

static void
reserve_inputs(struct inputs *in, size_t more)
{
	if (in->cap - in->n >= more)
		return;
	in->cap = in->n + more;
	in->v = xrealloc(in->v, in->cap * sizeof(*in->v));
	huge_hint(in->v, in->cap * sizeof(*in->v));
}

static void
push_input(struct inputs *in, const struct prefix *p, bool must)
{
	if (in->n == in->cap)
		reserve_inputs(in, in->cap ? in->cap : 1024);
	in->v[in->n].p = *p;
	in->v[in->n].owner = NULL;
	in->v[in->n].must_cover = must;
	in->n++;
}

static void
push_prefix(struct prefixes *a, const struct prefix *p)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = *p;
}

/* Read all of fp; the caller frees. Returns NULL on a read error. */
static char *
slurp(FILE *fp, size_t *len)
{
	struct stat st;
	size_t cap = 1 << 16, n = 0, got;
	char *buf;

	/* A regular file is read in one go. */
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0)
		cap = (size_t)st.st_size + (1 << 15) + 1;
	buf = xmalloc(cap);
	huge_hint(buf, cap);

	for (;;) {
		if (cap - n < 1 << 15) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * Parse the prefix list in text; each good prefix goes to in (or to
 * forbid when in is NULL), each bad line becomes a diagnostic.
 */
static void
parse_list(const char *name, const char *text, size_t len, unsigned flags,
    struct inputs *in, bool must, struct prefixes *forbid, struct diags *d)
{
	const char *s = text, *end = text + len;
	int line = 0;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end, *ts, *te, *hash;
		char tok[PREFIX_STRLEN + 16];
		const char *err = NULL;
		struct prefix p;

		line++;
		hash = memchr(s, '#', (size_t)(le - s));
		te = hash ? hash : le;
		ts = s;
		while (ts < te && (*ts == ' ' || *ts == '\t' || *ts == '\r'))
			ts++;
		while (te > ts &&
		    (te[-1] == ' ' || te[-1] == '\t' || te[-1] == '\r'))
			te--;
		if (ts < te) {
			size_t tl = (size_t)(te - ts);

			if (tl >= sizeof(tok))
				err = "line is too long for a prefix";
			else if (memchr(ts, '\0', tl) != NULL)
				err = "NUL byte in the line";
			else {
				memcpy(tok, ts, tl);
				tok[tl] = '\0';
				if (prefix_parse(tok, flags, &p, &err) == 0) {
					if (in != NULL)
						push_input(in, &p, must);
					else
						push_prefix(forbid, &p);
				}
			}
			if (err != NULL)
				diag_add(d, DIAG_ERROR, "prefix-syntax", name,
				    line, (int)(ts - s) + 1, NULL, NULL, "%s",
				    err);
		}
		s = le + 1;
	}
}

static int
parse_file(const char *path, unsigned flags, struct inputs *in, bool must,
    struct prefixes *forbid, struct diags *d)
{
	FILE *fp;
	char *text;
	size_t len;
	bool is_stdin = strcmp(path, "-") == 0;

	fp = is_stdin ? stdin : fopen(path, "rb");
	if (fp == NULL) {
		fprintf(stderr, "meshplan summarize: cannot open %s: %s\n",
		    path, strerror(errno));
		return EXIT_USAGE;
	}
	text = slurp(fp, &len);
	if (text == NULL) {
		fprintf(stderr, "meshplan summarize: reading %s: %s\n",
		    is_stdin ? "standard input" : path, strerror(errno));
		if (!is_stdin)
			fclose(fp);
		return EXIT_USAGE;
	}
	if (!is_stdin)
		fclose(fp);
	if (in != NULL) {
		/* One allocation for the whole list: count the lines. */
		const char *q = text, *e = text + len;
		size_t lines = 1;

		while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
			lines++;
			q++;
		}
		reserve_inputs(in, lines);
	}
	parse_list(is_stdin ? "<stdin>" : path, text, len, flags, in, must,
	    forbid, d);
	free(text);
	return EXIT_OK;
}

static void
parse_arg(const char *what, int argi, const char *arg, unsigned flags,
    struct inputs *in, bool must, struct prefixes *forbid, struct diags *d)
{
	struct prefix p;
	const char *err = NULL;

	if (prefix_parse(arg, flags, &p, &err) != 0) {
		diag_add(d, DIAG_ERROR, "prefix-syntax", NULL, 0, 0, NULL, NULL,
		    "%s '%s' (argument %d): %s", what, arg, argi, err);
		return;
	}
	if (in != NULL)
		push_input(in, &p, must);
	else
		push_prefix(forbid, &p);
}

/* Canonical text into buf (not terminated), its length; IPv4 by hand
 * because it is most of a big output. */
static size_t
prefix_text(const struct prefix *p, char buf[PREFIX_STRLEN])
{
	char *o = buf;
	uint32_t a;
	int i;

	if (p->fam != FAM_V4)
		return strlen(prefix_format(p, buf));
	a = (uint32_t)(p->hi >> 32);
	for (i = 3; i >= 0; i--) {
		unsigned v = (a >> (8 * i)) & 255;

		if (v >= 100)
			*o++ = (char)('0' + v / 100);
		if (v >= 10)
			*o++ = (char)('0' + v / 10 % 10);
		*o++ = (char)('0' + v % 10);
		*o++ = i > 0 ? '.' : '/';
	}
	if (p->len >= 10)
		*o++ = (char)('0' + p->len / 10);
	*o++ = (char)('0' + p->len % 10);
	return (size_t)(o - buf);
}

static void
put_prefix(struct strbuf *sb, const struct prefix *p)
{
	char buf[PREFIX_STRLEN];

	sb_putn(sb, buf, prefix_text(p, buf));
}

static const char *const fam_name[2] = { "ipv4", "ipv6" };

/* The distinct prefixes of sum_input_at(res, first .. first + n). */
static void
put_covers(struct strbuf *sb, const struct sum_result *res,
    const struct sum_item *it, const char *sep, bool quote)
{
	size_t k;
	bool any = false;

	for (k = it->first; k < it->first + it->n; k++) {
		if (k > it->first &&
		    prefix_eq(&sum_input_at(res, k)->p,
			&sum_input_at(res, k - 1)->p))
			continue;
		if (any)
			sb_puts(sb, sep);
		if (quote)
			sb_putc(sb, '"');
		put_prefix(sb, &sum_input_at(res, k)->p);
		if (quote)
			sb_putc(sb, '"');
		any = true;
	}
}

static void
emit_text(struct strbuf *sb, const struct sum_result *res, bool explain)
{
	char wb[SUM_COUNT_STRLEN];
	size_t i;
	int fi;

	for (fi = 0; fi < 2; fi++) {
		const struct sum_family *f = &res->fam[fi];

		for (i = 0; i < f->nitems; i++) {
			const struct sum_item *it = &f->items[i];

			put_prefix(sb, &it->p);
			if (explain && it->summary) {
				sb_printf(sb, "\tsummary\twaste %s\tcovers ",
				    sum_count_format(&it->waste, wb));
				put_covers(sb, res, it, " ", false);
			} else if (explain)
				sb_puts(sb, "\tinput");
			sb_putc(sb, '\n');
		}
		if (explain && f->before > 0)
			sb_printf(sb,
			    "# %s: %zu prefixes before, %zu after "
			    "(%zu summaries, waste %s)%s\n",
			    fam_name[fi], f->before, f->after, f->nsummaries,
			    sum_count_format(&f->waste, wb),
			    f->budget_reached ? "" : ", over the budget");
	}
}

/* A prefix as a JSON string. */
static void
jw_prefix(struct jw *w, const struct prefix *p)
{
	char buf[PREFIX_STRLEN + 1];

	buf[prefix_text(p, buf)] = '\0';
	jw_str(w, buf);
}

/* One family: counts, its summaries with what each covers, and the
 * inputs no summary covers. Keys in strcmp order (jsonw.h). */
static void
json_family(struct jw *w, const struct sum_result *res,
    const struct sum_family *f)
{
	char wb[SUM_COUNT_STRLEN];
	size_t i, k;

	jw_open(w, '{');
	jw_key(w, "after");
	jw_int(w, (long long)f->after);
	jw_key(w, "before");
	jw_int(w, (long long)f->before);
	jw_key(w, "budget_reached");
	jw_bool(w, f->budget_reached);
	jw_key(w, "summaries");
	jw_open(w, '[');
	for (i = 0; i < f->nitems; i++) {
		const struct sum_item *it = &f->items[i];

		if (!it->summary)
			continue;
		jw_open(w, '{');
		jw_key(w, "covers");
		jw_open(w, '[');
		/* The distinct prefixes it covers (as put_covers). */
		for (k = it->first; k < it->first + it->n; k++)
			if (k == it->first ||
			    !prefix_eq(&sum_input_at(res, k)->p,
				&sum_input_at(res, k - 1)->p))
				jw_prefix(w, &sum_input_at(res, k)->p);
		jw_close(w, ']');
		jw_key(w, "prefix");
		jw_prefix(w, &it->p);
		jw_key(w, "waste");
		jw_number(w, sum_count_format(&it->waste, wb));
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_key(w, "uncovered");
	jw_open(w, '[');
	for (i = 0; i < f->nitems; i++)
		if (!f->items[i].summary)
			jw_prefix(w, &f->items[i].p);
	jw_close(w, ']');
	jw_key(w, "waste");
	jw_number(w, sum_count_format(&f->waste, wb));
	jw_close(w, '}');
}

/* A pair of per-family numbers. */
static void
json_pair(struct jw *w, const char *key, long long v4, long long v6)
{
	jw_key(w, key);
	jw_open(w, '{');
	jw_key(w, "ipv4");
	jw_int(w, v4);
	jw_key(w, "ipv6");
	jw_int(w, v6);
	jw_close(w, '}');
}

/* The result as JSON, through the one JSON writer of the outputs. */
static void
emit_json(struct strbuf *sb, const struct sum_result *res,
    const struct sum_opts *o)
{
	static const char *const modes[] = { "exact", "default", "budget" };
	struct jw w;
	int fi;

	jw_init(&w, sb);
	jw_open(&w, '{');
	if (o->mode == SUM_BUDGET)
		json_pair(&w, "budget", (long long)o->budget[0],
		    (long long)o->budget[1]);
	jw_key(&w, "budget_reached");
	jw_bool(&w, res->budget_reached);
	jw_key(&w, "families");
	jw_open(&w, '{');
	for (fi = 0; fi < 2; fi++) {
		jw_key(&w, fam_name[fi]);
		json_family(&w, res, &res->fam[fi]);
	}
	jw_close(&w, '}');
	if (o->mode != SUM_EXACT)
		json_pair(&w, "min_len", o->min_len[0], o->min_len[1]);
	jw_key(&w, "mode");
	jw_str(&w, modes[o->mode]);
	jw_key(&w, "must_cover_blocked");
	if (res->must_cover_blocked)
		jw_prefix(&w, &sum_input_at(res, res->blocked_input)->p);
	else
		jw_str(&w, NULL);
	jw_close(&w, '}');
	sb_putc(sb, '\n');
}

/* A decimal in [lo, hi]; -1 when not. */
static long
parse_num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

static bool
is_flag(const char *arg)
{
	static const char *const flags[] = { "--exact", "--explain",
		"--normalize", "--quiet", "--force", NULL };
	size_t k;

	for (k = 0; flags[k] != NULL; k++)
		if (strcmp(arg, flags[k]) == 0)
			return true;
	return false;
}

/* A source of prefixes, in the order given on the command line. */
struct src {
	int kind; /* 0 prefix, 1 file, 2 forbid, 3 forbid file,
		     4 must-cover */
	int argi;
	const char *v;
};

/* The command line, read once: options, then the sources in order. */
struct sum_args {
	struct src *srcs; /* argc + 1 of them, the caller frees */
	int nsrc;
	const char *output, *format;
	bool explain, quiet, force, exact;
	long k4, k6;	/* --max-prefixes(6), -1: not given */
	unsigned flags; /* prefix_parse flags (--normalize) */
	struct sum_opts o;
};

static bool
takes_value(const char *arg)
{
	return strcmp(arg, "--file") == 0 || strcmp(arg, "--forbid") == 0 ||
	    strcmp(arg, "--onprem") == 0 || strcmp(arg, "--forbid-file") == 0 ||
	    strcmp(arg, "--must-cover") == 0 ||
	    strcmp(arg, "--max-prefixes") == 0 ||
	    strcmp(arg, "--max-prefixes6") == 0 ||
	    strcmp(arg, "--min-len") == 0 || strcmp(arg, "--min-len6") == 0 ||
	    strcmp(arg, "--format") == 0 || strcmp(arg, "-f") == 0 ||
	    strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0;
}

/* Option arg (its value val, NULL for a flag) or an operand at argv[i]. */
static int
set_option(const struct command *c, struct sum_args *sa, const char *arg,
    const char *val, int i)
{
	long v;

	if (strcmp(arg, "--file") == 0) {
		sa->srcs[sa->nsrc++] = (struct src){ 1, i, val };
	} else if (strcmp(arg, "--forbid") == 0 ||
	    strcmp(arg, "--onprem") == 0) {
		sa->srcs[sa->nsrc++] = (struct src){ 2, i, val };
	} else if (strcmp(arg, "--forbid-file") == 0) {
		sa->srcs[sa->nsrc++] = (struct src){ 3, i, val };
	} else if (strcmp(arg, "--must-cover") == 0) {
		sa->srcs[sa->nsrc++] = (struct src){ 4, i, val };
	} else if (strcmp(arg, "--max-prefixes") == 0 ||
	    strcmp(arg, "--max-prefixes6") == 0) {
		if ((v = parse_num(val, 1, 100000000)) < 0)
			return usage_error(c,
			    "%s wants a count from 1, "
			    "got '%s'",
			    arg, val);
		if (arg[14] == '6')
			sa->k6 = v;
		else
			sa->k4 = v;
	} else if (strcmp(arg, "--min-len") == 0 ||
	    strcmp(arg, "--min-len6") == 0) {
		bool six = arg[9] == '6';

		if ((v = parse_num(val, 0, six ? 128 : 32)) < 0)
			return usage_error(c, "%s wants 0..%d, got '%s'", arg,
			    six ? 128 : 32, val);
		sa->o.min_len[six] = (unsigned)v;
	} else if (strcmp(arg, "--format") == 0 || strcmp(arg, "-f") == 0) {
		if (strcmp(val, "text") != 0 && strcmp(val, "json") != 0)
			return usage_error(c,
			    "--format wants text or "
			    "json, got '%s'",
			    val);
		sa->format = val;
	} else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
		sa->output = val;
	} else if (strcmp(arg, "--exact") == 0) {
		sa->exact = true;
	} else if (strcmp(arg, "--explain") == 0) {
		sa->explain = true;
	} else if (strcmp(arg, "--normalize") == 0) {
		sa->flags = PFX_NORMALIZE | PFX_ALLOW_ADDR;
	} else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
		sa->quiet = true;
	} else if (strcmp(arg, "--force") == 0) {
		sa->force = true;
	} else if (arg[0] == '-' && arg[1] != '\0') {
		return usage_error(c, "unknown option '%s'", arg);
	} else {
		sa->srcs[sa->nsrc++] = (struct src){ strcmp(arg, "-") == 0, i,
			arg };
	}
	return EXIT_OK;
}

/*
 * The options, and the sources of prefixes in order (read once the
 * options are known: --normalize applies to all of them).
 */
static int
parse_args(const struct command *c, struct sum_args *sa, int argc, char **argv,
    struct arena *a)
{
	int i, rc;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = NULL, *eq;
		bool takes;

		/* "--" ends the options; "--name=value" is "--name value". */
		if (strcmp(arg, "--") == 0) {
			for (i++; i < argc; i++)
				sa->srcs[sa->nsrc++] = (struct src){
					strcmp(argv[i], "-") == 0, i, argv[i]
				};
			break;
		}
		if (arg[0] == '-' && arg[1] == '-' &&
		    (eq = strchr(arg, '=')) != NULL) {
			arg = arena_strndup(a, arg, (size_t)(eq - arg));
			val = eq + 1;
		}
		takes = takes_value(arg);
		if (!takes && val != NULL)
			return is_flag(arg) ? usage_error(c,
						  "%s takes no "
						  "value",
						  arg) :
					      usage_error(c,
						  "unknown option "
						  "'%s'",
						  arg);
		if (takes && val == NULL) {
			if (i + 1 >= argc)
				return usage_error(c, "%s needs a value", arg);
			val = argv[++i];
		}
		if ((rc = set_option(c, sa, arg, val, i)) != EXIT_OK)
			return rc;
	}
	if (sa->exact && (sa->k4 >= 0 || sa->k6 >= 0))
		return usage_error(c,
		    "--exact and --max-prefixes exclude "
		    "each other");
	return EXIT_OK;
}

/* Read every source in order; bad lines go to d. */
static int
read_sources(const struct command *c, const struct sum_args *sa,
    struct inputs *in, struct prefixes *forbid, struct diags *d)
{
	bool any_source = false;
	int i, rc = EXIT_OK;

	for (i = 0; i < sa->nsrc; i++) {
		const struct src *s = &sa->srcs[i];

		switch (s->kind) {
		case 0:
			parse_arg("prefix", s->argi, s->v, sa->flags, in, false,
			    NULL, d);
			any_source = true;
			break;
		case 1:
			rc = parse_file(s->v, sa->flags, in, false, NULL, d);
			any_source = true;
			break;
		case 2:
			parse_arg("--forbid", s->argi, s->v, sa->flags, NULL,
			    false, forbid, d);
			break;
		case 3:
			rc = parse_file(s->v, sa->flags, NULL, false, forbid,
			    d);
			break;
		case 4:
			parse_arg("--must-cover", s->argi, s->v, sa->flags, in,
			    true, NULL, d);
			any_source = true;
			break;
		}
		if (rc != EXIT_OK)
			return rc;
	}
	if (!any_source)
		return usage_error(c,
		    "no prefixes (give PREFIX..., --file F "
		    "or - for standard input)");
	return EXIT_OK;
}

/* A budget no allowed cover reaches, a must-cover prefix left out. */
static void
warn_unmet(const struct sum_result *res, const struct sum_opts *o)
{
	int fi;

	for (fi = 0; fi < 2; fi++)
		if (!res->fam[fi].budget_reached)
			fprintf(stderr,
			    "meshplan summarize: warning: no "
			    "allowed cover reaches %zu %s prefixes; the best "
			    "has %zu\n",
			    o->budget[fi], fi ? "IPv6" : "IPv4",
			    res->fam[fi].after);
	if (res->must_cover_blocked) {
		char pb[PREFIX_STRLEN];

		fprintf(stderr,
		    "meshplan summarize: warning: no allowed "
		    "summary covers must-cover prefix %s; no summaries set\n",
		    prefix_format(&sum_input_at(res, res->blocked_input)->p,
			pb));
	}
}

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_summarize;
	struct arena *a = arena_new();
	struct inputs in = { NULL, 0, 0 };
	struct prefixes forbid = { NULL, 0, 0 };
	struct diags d;
	struct sum_args sa;
	struct sum_result *res;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	memset(&sa, 0, sizeof(sa));
	sa.srcs = xcalloc((size_t)argc + 1, sizeof(*sa.srcs));
	sa.format = "text";
	sa.k4 = sa.k6 = -1;
	sum_opts_init(&sa.o);
	diags_init(&d, a);
	if ((rc = parse_args(c, &sa, argc, argv, a)) != EXIT_OK)
		goto out;
	/* The output is checked before the work. */
	outputs_set_quiet(sa.quiet);
	if ((rc = output_prepare(c->name, sa.output, sa.force)) != EXIT_OK)
		goto out;
	if (sa.exact)
		sa.o.mode = SUM_EXACT;
	else if (sa.k4 >= 0 || sa.k6 >= 0) {
		sa.o.mode = SUM_BUDGET;
		sa.o.budget[0] = sa.k4 >= 0 ? (size_t)sa.k4 : (size_t)sa.k6;
		sa.o.budget[1] = sa.k6 >= 0 ? (size_t)sa.k6 : (size_t)sa.k4;
	}
	if ((rc = read_sources(c, &sa, &in, &forbid, &d)) != EXIT_OK)
		goto out;
	if ((rc = report_diags(&d, sa.quiet)) != EXIT_OK)
		goto out;

	res = summarize(a, in.v, in.n, forbid.v, forbid.n, &sa.o);
	if (!sa.quiet)
		warn_unmet(res, &sa.o);
	if (strcmp(sa.format, "json") == 0)
		emit_json(&sb, res, &sa.o);
	else
		emit_text(&sb, res, sa.explain);
	rc = write_output(sa.output, sb.s ? sb.s : "", sb.len, sa.force);
out:
	sb_free(&sb);
	free(sa.srcs);
	free(in.v);
	free(forbid.v);
	arena_free(a);
	return rc;
}
