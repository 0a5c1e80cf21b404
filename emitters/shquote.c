/*
 * shquote.c - POSIX sh quoting of command arguments (see shquote.h).
 *
 * Invariant: the output, read by sh as one word, is exactly the input
 * bytes: single quotes keep everything literal (newlines, $, `, \, ", !,
 * globs) except the single quote itself, which closes the quotes, adds an
 * escaped quote and reopens them. Bytes >= 0x80 (UTF-8) are quoted too.
 */
#include "shquote.h"

#include <stdbool.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"

/* Letters, digits and _./:=@%+,- (nothing sh reads specially). */
static bool
bare_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("_./:=@%+,-", c) != NULL);
}

static bool
bare_ok(const char *s)
{
	const char *p;

	if (*s == '\0')
		return false;
	for (p = s; *p != '\0'; p++)
		if (!bare_char(*p))
			return false;
	return true;
}

void
sh_quote(struct strbuf *sb, const char *s)
{
	const char *p;

	if (s == NULL)
		s = "";
	if (bare_ok(s)) {
		sb_puts(sb, s);
		return;
	}
	sb_putc(sb, '\'');
	while ((p = strchr(s, '\'')) != NULL) {
		sb_putn(sb, s, (size_t)(p - s));
		sb_puts(sb, "'\\''");
		s = p + 1;
	}
	sb_puts(sb, s);
	sb_putc(sb, '\'');
}

const char *
sh_word(struct arena *a, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r;

	if (s != NULL && bare_ok(s))
		return s;
	sh_quote(&sb, s);
	r = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return r;
}
