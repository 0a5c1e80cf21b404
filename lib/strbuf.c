/*
 * strbuf.c - growable text buffer (doubling; aborts on out-of-memory).
 */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void
sb_init(struct strbuf *sb)
{
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

void
sb_free(struct strbuf *sb)
{
	if (sb == NULL)
		return;
	free(sb->s);
	sb_init(sb);
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->s)
		sb->s[0] = '\0';
}

static void
reserve(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap)
		return;
	if (sb->cap == 0)
		sb->cap = 64;
	while (sb->cap < need)
		sb->cap *= 2;
	sb->s = xrealloc(sb->s, sb->cap);
}

void
sb_putn(struct strbuf *sb, const char *s, size_t n)
{
	reserve(sb, n);
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
sb_puts(struct strbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

void
sb_putc(struct strbuf *sb, char c)
{
	reserve(sb, 1);
	sb->s[sb->len++] = c;
	sb->s[sb->len] = '\0';
}

void
sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	size_t room = sb->cap - sb->len; /* the NUL's byte included */
	va_list ap2;
	int n;

	/* Printed once where it fits, which it mostly does; measured by
	 * that first try and printed again otherwise. */
	va_copy(ap2, ap);
	n = vsnprintf(room > 0 ? sb->s + sb->len : NULL, room, fmt, ap2);
	va_end(ap2);
	MP_ASSERT(n >= 0);
	if ((size_t)n >= room) {
		reserve(sb, (size_t)n);
		vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void
sb_indent(struct strbuf *sb, int n)
{
	static const char spaces[] = "                                ";
	const int chunk = (int)sizeof(spaces) - 1;

	for (; n > 0; n -= chunk)
		sb_putn(sb, spaces, (size_t)(n < chunk ? n : chunk));
}

const char *
sb_str(const struct strbuf *sb)
{
	return sb->s ? sb->s : "";
}

char *
sb_detach(struct strbuf *sb)
{
	char *s = sb->s ? sb->s : xstrdup("");

	sb_init(sb);
	return s;
}

const char *
sb_common_escape(char c)
{
	switch (c) {
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		return NULL;
	}
}

void
sb_put_json_string(struct strbuf *sb, const char *s)
{
	const char *run = s;

	sb_putc(sb, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char buf[8];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sb_putn(sb, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"':
			sb_puts(sb, "\\\"");
			break;
		case '\b':
			sb_puts(sb, "\\b");
			break;
		case '\f':
			sb_puts(sb, "\\f");
			break;
		default:
			if (sb_common_escape((char)c) != NULL) {
				sb_puts(sb, sb_common_escape((char)c));
				break;
			}
			snprintf(buf, sizeof(buf), "\\u%04X", c);
			sb_puts(sb, buf);
		}
	}
	sb_putn(sb, run, (size_t)(s - run));
	sb_putc(sb, '"');
}

void
sb_trim_line_ends(struct strbuf *sb, size_t from)
{
	size_t i, o = from, spaces = 0;

	for (i = from; i < sb->len; i++) {
		char c = sb->s[i];

		if (c == ' ') {
			spaces++;
			continue;
		}
		if (c != '\n')
			for (; spaces > 0; spaces--)
				sb->s[o++] = ' ';
		spaces = 0;
		sb->s[o++] = c;
	}
	sb->len = o;
	if (sb->s != NULL)
		sb->s[o] = '\0';
}
