/*
 * jscan.c - the JSON span scanner (jscan.h): the skim that follows only
 * brackets and strings, and the strict scan whose grammar is a subset of
 * jansson's. Both give spans of the text; neither builds a value.
 */
#include "jscan.h"

#include <string.h>

size_t
jscan_ws(const char *s, size_t n, size_t i)
{
	while (i < n &&
	    (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* ---- the skim ---- */

/* Bytes jskim_value_end stops at inside a container: 1 brackets, 2
 * quote. */
static const unsigned char skim_class[256] = {
	['{'] = 1,
	['}'] = 1,
	['['] = 1,
	[']'] = 1,
	['"'] = 2,
};

/* The index of the quote that closes the string opened before s[i], or n. */
static size_t
string_end(const char *s, size_t n, size_t i)
{
	for (;;) {
		const char *q = memchr(s + i, '"', n - i);
		size_t j;

		if (q == NULL)
			return n;
		j = (size_t)(q - s);
		/* Escaped when an odd number of backslashes precede it. */
		i = j;
		while (i > 0 && s[i - 1] == '\\')
			i--;
		if ((j - i) % 2 == 0)
			return j;
		i = j + 1;
	}
}

size_t
jskim_value_end(const char *s, size_t n, size_t i)
{
	size_t depth = 0;

	if (i >= n)
		return 0;
	if (s[i] != '"' && s[i] != '{' && s[i] != '[') {
		/* A scalar: up to the next delimiter. */
		size_t b = i;

		while (i < n && !strchr(",]} \t\r\n\"{[:", s[i]))
			i++;
		return i > b ? i : 0;
	}
	for (;;) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"') {
			if ((i = string_end(s, n, i + 1)) >= n)
				return 0;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth-- == 0)
				return 0;
		}
		i++;
		if (depth == 0)
			return i;
		while (i < n && skim_class[(unsigned char)s[i]] == 0)
			i++;
		if (i >= n)
			return 0;
	}
}

bool
jskim_enter(struct jskim *k, const char *s, struct jspan v)
{
	size_t i = v.off;

	if (v.len < 2 || (s[i] != '{' && s[i] != '['))
		return false;
	k->s = s;
	k->obj = s[i] == '{';
	k->i = i + 1;
	k->end = v.off + v.len - 1;
	k->first = true;
	return true;
}

int
jskim_next(struct jskim *k, struct jspan *key, struct jspan *val)
{
	const char *s = k->s;
	size_t i = jscan_ws(s, k->end, k->i), e;

	if (i >= k->end)
		return 0;
	if (!k->first) {
		if (s[i] != ',')
			return -1;
		i = jscan_ws(s, k->end, i + 1);
	}
	k->first = false;
	if (k->obj) {
		if (i >= k->end || s[i] != '"' ||
		    (e = jskim_value_end(s, k->end, i)) == 0)
			return -1;
		key->off = i + 1;
		key->len = e - i - 2;
		i = jscan_ws(s, k->end, e);
		if (i >= k->end || s[i] != ':')
			return -1;
		i = jscan_ws(s, k->end, i + 1);
	}
	if ((e = jskim_value_end(s, k->end, i)) == 0)
		return -1;
	val->off = i;
	val->len = e - i;
	k->i = e;
	return 1;
}

bool
jskim_doc(const char *s, size_t n, struct jspan *v)
{
	size_t i = jscan_ws(s, n, 0), e = jskim_value_end(s, n, i);

	if (e == 0 || jscan_ws(s, n, e) != n)
		return false;
	v->off = i;
	v->len = e - i;
	return true;
}

bool
jskim_eq(const char *s, struct jspan x, const char *lit)
{
	size_t n = strlen(lit);

	return x.len == n && memcmp(s + x.off, lit, n) == 0;
}

bool
jskim_plain_string(const char *s, struct jspan v)
{
	return v.len >= 2 && s[v.off] == '"' &&
	    memchr(s + v.off, '\\', v.len) == NULL;
}

/* ---- strict ---- */

void
jscan_skip_ws(struct jscan *c)
{
	c->i = jscan_ws(c->s, c->n, c->i);
}

char
jscan_peek(const struct jscan *c)
{
	return c->i < c->n ? c->s[c->i] : '\0';
}

/* Bytes a strict string takes as they are: ASCII, no control, no quote,
 * no backslash (the rest, 0x80 and up, are 0). */
#define J16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char plain_byte[256] = {
	J16(0),
	J16(0),
	1,
	1,
	0,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1, /* '"' */
	J16(1),
	J16(1),
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	0,
	1,
	1,
	1, /* '\\' */
	J16(1),
	J16(1),
};
#undef J16

bool
jscan_string(struct jscan *c, bool *escaped)
{
	const unsigned char *s = (const unsigned char *)c->s;
	size_t q = c->i, n = c->n;

	if (q >= n || s[q++] != '"')
		return false;
	*escaped = false;
	for (;;) {
		while (q < n && plain_byte[s[q]])
			q++;
		if (q >= n)
			return false;
		if (s[q] == '"')
			break;
		if (s[q] != '\\')
			return false; /* controls, NUL, UTF-8: jansson's */
		*escaped = true;
		if (q + 1 >= n || s[q + 1] == '\0' ||
		    strchr("\"\\/bfnrt", s[q + 1]) == NULL)
			return false; /* \u and the invalid */
		q += 2;
	}
	c->i = q + 1;
	return true;
}

static bool
digit_at(const struct jscan *c, size_t q)
{
	return q < c->n && c->s[q] >= '0' && c->s[q] <= '9';
}

bool
jscan_number(struct jscan *c)
{
	size_t q = c->i, digits;
	bool real = false;

	if (q < c->n && c->s[q] == '-')
		q++;
	digits = q;
	if (q < c->n && c->s[q] == '0')
		q++;
	else if (digit_at(c, q))
		while (digit_at(c, q))
			q++;
	else
		return false;
	if (digit_at(c, q))
		return false;
	if (q - digits > 18)
		return false; /* beyond long long: jansson's */
	if (q < c->n && c->s[q] == '.') {
		real = true;
		if (!digit_at(c, ++q))
			return false;
		while (digit_at(c, q))
			q++;
	}
	if (q < c->n && (c->s[q] == 'e' || c->s[q] == 'E'))
		return false; /* overflow is jansson's to find */
	if (real && q - c->i > 20)
		return false;
	c->i = q;
	return true;
}

/* The literal lit at the cursor passed. */
static bool
literal(struct jscan *c, const char *lit)
{
	size_t n = strlen(lit);

	if (c->n - c->i < n || memcmp(c->s + c->i, lit, n) != 0)
		return false;
	c->i += n;
	return true;
}

bool
jscan_open(struct jscan *c)
{
	char b = jscan_peek(c);

	if ((b != '{' && b != '[') || c->depth >= JSCAN_MAX_DEPTH)
		return false;
	c->depth++;
	c->i++;
	return true;
}

int
jscan_member(struct jscan *c, bool obj, bool *first, struct jspan *key,
    bool *escaped)
{
	char close = obj ? '}' : ']';
	size_t from;

	jscan_skip_ws(c);
	if (jscan_peek(c) == close) {
		c->i++;
		c->depth--;
		return 0;
	}
	if (!*first) {
		if (jscan_peek(c) != ',')
			return -1;
		c->i++;
		jscan_skip_ws(c);
		if (jscan_peek(c) == close)
			return -1;
	}
	*first = false;
	if (obj) {
		from = c->i + 1;
		if (!jscan_string(c, escaped))
			return -1;
		key->off = from;
		key->len = c->i - 1 - from;
		jscan_skip_ws(c);
		if (jscan_peek(c) != ':')
			return -1;
		c->i++;
		jscan_skip_ws(c);
	}
	return 1;
}

bool
jscan_value(struct jscan *c)
{
	struct jspan key;
	bool first = true, esc, obj;
	int r;

	switch (jscan_peek(c)) {
	case '{':
	case '[':
		obj = jscan_peek(c) == '{';
		if (!jscan_open(c))
			return false;
		while ((r = jscan_member(c, obj, &first, &key, &esc)) == 1)
			if (!jscan_value(c))
				return false;
		return r == 0;
	case '"':
		return jscan_string(c, &esc);
	case 't':
		return literal(c, "true");
	case 'f':
		return literal(c, "false");
	case 'n':
		return literal(c, "null");
	default:
		return jscan_number(c);
	}
}
