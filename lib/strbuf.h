/*
 * strbuf.h - a growable text buffer used for all generated output. The
 * buffer is always NUL-terminated; sb_free releases it (NULL-safe).
 */
#ifndef MESHPLAN_STRBUF_H
#define MESHPLAN_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *s;
	size_t len, cap;
};

#define STRBUF_INIT \
	{ \
		NULL, 0, 0 \
	}

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_putc(struct strbuf *sb, char c);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putn(struct strbuf *sb, const char *s, size_t n);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void sb_indent(struct strbuf *sb, int n);    /* n spaces */
const char *sb_str(const struct strbuf *sb); /* "" when empty */
/* s as a JSON string, quoted and escaped as jansson writes it (UTF-8
 * as it is, "/" not escaped, other controls as \u00XX). */
void sb_put_json_string(struct strbuf *sb, const char *s);
/* The escape that JSON, HCL and Bicep strings share for c (backslash,
 * newline, carriage return, tab), or NULL. */
const char *sb_common_escape(char c);
/* Take ownership of the text (caller frees); sb is left empty. */
/* Drop the spaces before each newline of sb from byte from on (tables
 * whose last column may be empty). */
void sb_trim_line_ends(struct strbuf *sb, size_t from);
char *sb_detach(struct strbuf *sb);

#endif
