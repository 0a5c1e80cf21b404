/*
 * regex.c - PCRE2 behind struct pattern. Patterns are compiled with
 * PCRE2_UTF, so names and tag values are matched as UTF-8 text; a subject
 * that is not valid UTF-8 never matches (PCRE2 reports an error, which is
 * treated as "no match"). Matching is a search: anchor with ^ and $.
 *
 * Memory: the compiled code is allocated from the caller's arena through
 * a PCRE2 general context whose free is a no-op, so nothing outlives the
 * arena and nothing needs an explicit free. Match data is per call
 * (malloc/free), so matching is reentrant and thread-safe.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
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

static bool
regex_match(const void *compiled, const char *subject)
{
	const pcre2_code *code = compiled;
	pcre2_match_data *md;
	int rc;

	/* Plain malloc (NULL context): not from_pattern, which would take
	 * the pattern's arena allocator and grow the arena on every call. */
	md = pcre2_match_data_create(1, NULL);
	if (md == NULL)
		mp_oom(64);
	rc = pcre2_match(code, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0,
	    0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

bool
regex_compile(struct arena *a, const char *text, struct pattern *out,
    const char **err, size_t *erroff)
{
	pcre2_general_context *gc;
	pcre2_compile_context *cc;
	pcre2_code *code;
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
	code = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF, &ec, &off, cc);
	if (code == NULL) {
		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "invalid pattern");
		if (err != NULL)
			*err = arena_strdup(a, (const char *)msg);
		if (erroff != NULL)
			*erroff = off;
		return false;
	}
	out->text = arena_strdup(a, text);
	out->compiled = code;
	out->match = regex_match;
	return true;
}
