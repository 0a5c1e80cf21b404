/*
 * jsonw.c - the streaming JSON writer (jsonw.h). Layout rules, those of
 * jansson's dump with JSON_INDENT(2): a container's items each on a line
 * of their own, indented two spaces a level, separated by ","; an empty
 * container is "{}" or "[]"; a key is followed by ": ". Strings escape '"',
 * '\\' and control characters (\b \f \n \r \t, else \u00XX) and keep
 * UTF-8 as it is; reals are "%.17g" with ".0" added when that reads as an
 * integer and the exponent without '+' or leading zeros.
 */
#include "jsonw.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

void
jw_init(struct jw *w, struct strbuf *sb)
{
	memset(w, 0, sizeof(*w));
	w->sb = sb;
}

void
jw_to_sink(struct jw *w, const struct emit_sink *sink)
{
	w->sink = sink;
}

int
jw_flush(struct jw *w)
{
	if (w->sink != NULL && w->sb->len > 0) {
		if (!w->failed)
			w->failed = emit_write(w->sink, w->sb->s, w->sb->len) !=
			    0;
		sb_reset(w->sb);
	}
	return w->failed ? -1 : 0;
}

/* The separator and indentation before an item of the open level. */
static void
before_item(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	sb_puts(w->sb, w->count[w->depth - 1]++ > 0 ? ",\n" : "\n");
	sb_indent(w->sb, 2 * w->depth);
}

void
jw_open(struct jw *w, char bracket)
{
	MP_ASSERT(
	    (bracket == '{' || bracket == '[') && w->depth < JW_MAX_DEPTH);
	before_item(w);
	sb_putc(w->sb, bracket);
	w->count[w->depth++] = 0;
}

void
jw_close(struct jw *w, char bracket)
{
	MP_ASSERT((bracket == '}' || bracket == ']') && w->depth > 0 &&
	    !w->after_key);
	w->depth--;
	if (w->count[w->depth] > 0) {
		sb_putc(w->sb, '\n');
		sb_indent(w->sb, 2 * w->depth);
	}
	sb_putc(w->sb, bracket);
	if (w->sink != NULL && w->sb->len >= (64 << 10))
		(void)jw_flush(w);
}

void
jw_key(struct jw *w, const char *key)
{
	MP_ASSERT(w->depth > 0 && !w->after_key);
	before_item(w);
	sb_put_json_string(w->sb, key);
	sb_puts(w->sb, ": ");
	w->after_key = true;
}

void
jw_str(struct jw *w, const char *s)
{
	before_item(w);
	if (s == NULL)
		sb_puts(w->sb, "null");
	else
		sb_put_json_string(w->sb, s);
}

void
jw_int(struct jw *w, long long v)
{
	before_item(w);
	sb_printf(w->sb, "%lld", v);
}

void
jw_number(struct jw *w, const char *text)
{
	before_item(w);
	sb_puts(w->sb, text);
}

void
jw_bool(struct jw *w, bool v)
{
	before_item(w);
	sb_puts(w->sb, v ? "true" : "false");
}

/* v as jansson writes a real at precision digits (0: 17): "%.*g", ".0"
 * added when that reads as an integer, the exponent without '+' or
 * leading zeros. */
static void
put_real(struct strbuf *sb, double v, int precision)
{
	char buf[64], *e, *from;
	size_t len;

	len = (size_t)snprintf(buf, sizeof(buf) - 3, "%.*g",
	    precision > 0 ? precision : 17, v);
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
		memcpy(buf + len, ".0", 3);
		len += 2;
	}
	if ((e = strchr(buf, 'e')) != NULL) {
		e++;
		if (*e == '-')
			e++;
		for (from = e; *from == '+' || *from == '0'; from++)
			continue;
		memmove(e, from, strlen(from) + 1);
	}
	sb_puts(sb, buf);
}

void
jw_real(struct jw *w, double v)
{
	before_item(w);
	put_real(w->sb, v, w->precision);
}

/* ---- raw JSON text ---- */

static void
skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

/* The code unit of a "\uXXXX" escape at s, or -1. */
static long
u_escape(const char *s)
{
	long v = 0;
	int i;

	if (s[0] != '\\' || s[1] != 'u')
		return -1;
	for (i = 2; i < 6; i++) {
		int c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * A string token at p (escapes kept): its length with the quotes, or 0
 * when jansson would not read it (bad escape, lone surrogate, \u0000, a
 * control character).
 */
static size_t
string_token(const char *p)
{
	const char *s = p + 1;
	long u, lo;

	if (*p != '"')
		return 0;
	for (; *s != '"'; s++) {
		if (*s == '\0' || (unsigned char)*s < 0x20)
			return 0;
		if (*s != '\\')
			continue;
		if (s[1] != '\0' && strchr("\"\\/bfnrt", s[1]) != NULL) {
			s++;
			continue;
		}
		if ((u = u_escape(s)) <= 0 || (u >= 0xdc00 && u < 0xe000))
			return 0;
		s += 5;
		if (u >= 0xd800 && u < 0xdc00) {
			lo = u_escape(s + 1);
			if (lo < 0xdc00 || lo >= 0xe000)
				return 0;
			s += 6;
		}
	}
	return (size_t)(s + 1 - p);
}

static size_t
digits(const char *p)
{
	size_t n = 0;

	while (p[n] >= '0' && p[n] <= '9')
		n++;
	return n;
}

/* A literal or number token at *p: its length, or 0 (also for numbers
 * jansson does not read: integers beyond 64 bits, reals beyond double). */
static size_t
scalar_token(const char *p)
{
	static const char *const lit[] = { "true", "false", "null" };
	size_t i, n = 0, d;
	bool real = false;
	char buf[64], *end;

	for (i = 0; i < MP_NELEM(lit); i++)
		if (strncmp(p, lit[i], strlen(lit[i])) == 0)
			return strlen(lit[i]);
	if (p[n] == '-')
		n++;
	if ((d = digits(p + n)) == 0 || (d > 1 && p[n] == '0'))
		return 0;
	n += d;
	if (p[n] == '.') {
		if ((d = digits(p + n + 1)) == 0)
			return 0;
		n += 1 + d;
		real = true;
	}
	if (p[n] == 'e' || p[n] == 'E') {
		n++;
		if (p[n] == '+' || p[n] == '-')
			n++;
		if ((d = digits(p + n)) == 0)
			return 0;
		n += d;
		real = true;
	}
	if (n >= sizeof(buf))
		return 0; /* let jansson judge it */
	memcpy(buf, p, n);
	buf[n] = '\0';
	errno = 0;
	if (real) {
		double v = strtod(buf, &end);

		if ((v == HUGE_VAL || v == -HUGE_VAL) && errno == ERANGE)
			return 0;
	} else {
		(void)strtoll(buf, &end, 10);
		if (errno == ERANGE)
			return 0;
	}
	return n;
}

static int
raw_value(struct jw *w, const char **p, bool check_sorted)
{
	size_t n;

	skip_ws(p);
	if (**p == '{' || **p == '[') {
		char close = **p == '{' ? '}' : ']';
		const char *prev = NULL;
		size_t prev_len = 0;

		if (w->depth >= JW_MAX_DEPTH)
			return -1;
		jw_open(w, **p);
		(*p)++;
		skip_ws(p);
		if (**p == close) {
			(*p)++;
			jw_close(w, close);
			return 0;
		}
		for (;;) {
			skip_ws(p);
			if (close == '}') {
				if ((n = string_token(*p)) == 0)
					return -1;
				/* Keys with escapes are taken as sorted. */
				if (check_sorted && prev != NULL &&
				    memchr(prev, '\\', prev_len) == NULL &&
				    memchr(*p, '\\', n) == NULL) {
					size_t m = n < prev_len ? n : prev_len;
					int c = memcmp(prev, *p, m);

					if (c > 0 || (c == 0 && prev_len >= n))
						return -1;
				}
				prev = *p;
				prev_len = n;
				before_item(w);
				sb_putn(w->sb, *p, n);
				sb_puts(w->sb, ": ");
				w->after_key = true;
				*p += n;
				skip_ws(p);
				if (*(*p)++ != ':')
					return -1;
			}
			if (raw_value(w, p, check_sorted) != 0)
				return -1;
			skip_ws(p);
			if (**p == ',') {
				(*p)++;
				continue;
			}
			if (**p != close)
				return -1;
			(*p)++;
			jw_close(w, close);
			return 0;
		}
	}
	if ((n = string_token(*p)) == 0 && (n = scalar_token(*p)) == 0)
		return -1;
	before_item(w);
	sb_putn(w->sb, *p, n);
	*p += n;
	return 0;
}

/* Write text as a value; -1 (and nothing written) when it is not
 * JSON in the writer's layout. */
static int
raw_try(struct jw *w, const char *text, bool check_sorted)
{
	size_t mark = w->sb->len;
	int depth = w->depth;
	bool after_key = w->after_key;
	unsigned long count = depth > 0 ? w->count[depth - 1] : 0;
	const char *p = text;

	if (raw_value(w, &p, check_sorted) == 0) {
		skip_ws(&p);
		if (*p == '\0')
			return 0;
	}
	w->sb->len = mark;
	if (w->sb->s != NULL)
		w->sb->s[mark] = '\0';
	w->depth = depth;
	w->after_key = after_key;
	if (depth > 0)
		w->count[depth - 1] = count;
	return -1;
}

void
jw_raw(struct jw *w, const char *text)
{
	json_t *j;
	char *s;

	if (raw_try(w, text, true) == 0)
		return;
	j = json_loads(text, JSON_DECODE_ANY, NULL);
	if (j == NULL) {
		jw_str(w, text);
		return;
	}
	s = json_dumps(j,
	    JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY |
		JSON_REAL_PRECISION(17));
	json_decref(j);
	if (s == NULL)
		mp_oom(0);
	if (raw_try(w, s, false) != 0)
		jw_str(w, text);
	free(s);
}

void
jw_json(struct jw *w, const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jw_open(w, '{');
		json_object_foreach((json_t *)v, k, x)
		{
			jw_key(w, k);
			jw_json(w, x);
		}
		jw_close(w, '}');
		break;
	case JSON_ARRAY:
		jw_open(w, '[');
		json_array_foreach(v, i, x) jw_json(w, x);
		jw_close(w, ']');
		break;
	case JSON_STRING:
		jw_str(w, json_string_value(v));
		break;
	case JSON_INTEGER:
		jw_int(w, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		jw_real(w, json_real_value(v));
		break;
	case JSON_TRUE:
		jw_bool(w, true);
		break;
	case JSON_FALSE:
		jw_bool(w, false);
		break;
	case JSON_NULL:
		jw_str(w, NULL);
		break;
	}
}
