/*
 * regex.c - PCRE2 behind struct pattern. Patterns are compiled with
 * PCRE2_UTF, so names and tag values are matched as UTF-8 text. Matching
 * is a search: anchor with ^ and $. A match that fails (the match limit,
 * REGEX_MATCH_LIMIT steps of backtracking; a subject that is not UTF-8)
 * answers "no match" and is recorded: pattern.error gives the first such
 * failure, and the pipeline turns it into an error naming the pattern
 * (a segment or deny rule silently not applied would be worse).
 *
 * Memory: the compiled code is allocated from the caller's arena through
 * a PCRE2 general context whose free is a no-op, so nothing outlives the
 * arena and nothing needs an explicit free. Match data is per call
 * (malloc/free), so matching is reentrant and thread-safe.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <stdint.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/util.h"
#include "../planner/policy.h"

static void *
arena_pcre_malloc(PCRE2_SIZE size, void *data)
{
	return arena_alloc(data, size ? size : 1);
}

static void
arena_pcre_free(void *p, void *data)
{
	/* The arena frees everything at once. */
	(void)p;
	(void)data;
}

/* PCRE2's default is 10,000,000; a policy pattern needs far fewer. */
#define REGEX_MATCH_LIMIT 1000000

/* What struct pattern.compiled points to. */
struct rx {
	pcre2_code *code;
	pcre2_match_context *mc;
	struct arena *a;
	const char *error; /* first failure, NULL: none */
};

static bool
regex_match(const void *compiled, const char *subject)
{
	/* Not const: the first failure is recorded (matching is serial). */
	struct rx *rx = (struct rx *)(uintptr_t)compiled;
	pcre2_match_data *md;
	PCRE2_UCHAR msg[160];
	int rc;

	/* Plain malloc (NULL context): not from_pattern, which would take
	 * the pattern's arena allocator and grow the arena on every call. */
	md = pcre2_match_data_create(1, NULL);
	if (md == NULL)
		mp_oom(64);
	rc = pcre2_match(rx->code, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED,
	    0, 0, md, rx->mc);
	pcre2_match_data_free(md);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && rx->error == NULL) {
		if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "unknown error");
		rx->error = arena_printf(rx->a,
		    "PCRE2 error %d (%s) while "
		    "matching '%.80s%s'",
		    rc, (const char *)msg, subject,
		    strlen(subject) > 80 ? "..." : "");
	}
	return rc >= 0;
}

static const char *
regex_error(const void *compiled)
{
	return ((const struct rx *)compiled)->error;
}

bool
regex_compile(struct arena *a, const char *text, struct pattern *out,
    const char **err, size_t *erroff)
{
	pcre2_general_context *gc;
	pcre2_compile_context *cc;
	pcre2_code *code;
	struct rx *rx;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off = 0;
	int ec = 0;

	memset(out, 0, sizeof(*out));
	gc = pcre2_general_context_create(arena_pcre_malloc, arena_pcre_free,
	    a);
	if (gc == NULL)
		mp_oom(64);
	cc = pcre2_compile_context_create(gc);
	if (cc == NULL)
		mp_oom(64);
	code = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
	    &ec, &off, cc);
	if (code == NULL) {
		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "invalid pattern");
		if (err != NULL)
			*err = arena_strdup(a, (const char *)msg);
		if (erroff != NULL)
			*erroff = off;
		return false;
	}
	rx = arena_calloc(a, 1, sizeof(*rx));
	rx->code = code;
	rx->a = a;
	if ((rx->mc = pcre2_match_context_create(gc)) == NULL)
		mp_oom(64);
	pcre2_set_match_limit(rx->mc, REGEX_MATCH_LIMIT);
	out->text = arena_strdup(a, text);
	out->compiled = rx;
	out->match = regex_match;
	out->error = regex_error;
	return true;
}
