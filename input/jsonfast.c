/*
 * jsonfast.c - the loader's one fast path beside jansson's parser.
 *
 * Most of an export is objects, arrays, strings and small integers: the
 * tree of such a text is built here straight from it, in a sixth of the
 * instructions json_loadb takes (it reads byte by byte through a stream;
 * plain string bytes go 8 at a time here). Anything else (a real number,
 * an integer of more than 18 digits, \u0000 or a lone surrogate, a
 * control character, bytes that are not UTF-8, a duplicate key, a syntax
 * error, nesting deeper than FAST_MAX_DEPTH) makes fast_tree return NULL:
 * json_loadb then reads the text, with its diagnostics. What fast_tree
 * builds is what json_loadb would (tests/unit/test_load.c and fuzz_load
 * compare them).
 *
 * The same grammar, without building anything, is jfast_valid: it tells
 * the lazy loader that a piece it will never parse (a private endpoint cut
 * down to its subnet, a resource of a type meshplan only counts) is one
 * jansson would have read, so that no diagnostic is lost with it. Checking
 * also takes real numbers (they are not built here: their value is
 * strtod's, jansson's business); it does not take keys with escapes or
 * more than FAST_CHECK_KEYS keys in one object (duplicates are found by
 * comparing the keys' bytes).
 */
#include "jsonfast.h"

#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "jsontext.h"

#define FAST_MAX_DEPTH 64
#define FAST_MAX_KEY 256
#define FAST_CHECK_KEYS 32

struct fast {
	const char *p, *end;
	int depth;
	bool build;	   /* false: only check */
	struct strbuf dec; /* a string with escapes, decoded */
};

static void
fast_ws(struct fast *f)
{
	while (f->p < f->end &&
	    (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
		f->p++;
}

static long
hex4(const unsigned char *q)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		int c = q[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v |= (c | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return v;
}

/* Decode the escape at q (a backslash) into f->dec; its end, or NULL
 * when jansson would not take it (or \u0000). */
static const unsigned char *
fast_escape(struct fast *f, const unsigned char *q, const unsigned char *end)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *at;
	long u, lo;

	if (end - q < 2)
		return NULL;
	if (q[1] != 'u') {
		if (q[1] == '\0' || (at = strchr(from, q[1])) == NULL)
			return NULL;
		sb_putc(&f->dec, to[at - from]);
		return q + 2;
	}
	if (end - q < 6 || (u = hex4(q + 2)) <= 0 ||
	    (u >= 0xdc00 && u < 0xe000))
		return NULL;
	q += 6;
	if (u >= 0xd800 && u < 0xdc00) {
		if (end - q < 6 || q[0] != '\\' || q[1] != 'u' ||
		    (lo = hex4(q + 2)) < 0xdc00 || lo >= 0xe000)
			return NULL;
		u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
		q += 6;
	}
	jutf8_put(&f->dec, (unsigned long)u);
	return q;
}

/*
 * A string token: its value in *s, *n (the text itself, or f->dec when it
 * has escapes: *esc); false when jansson would not take it. *ascii: no
 * byte above 0x7f.
 */
static bool
fast_string(struct fast *f, const char **s, size_t *n, bool *ascii, bool *esc)
{
	const unsigned char *q, *from, *end = (const unsigned char *)f->end;
	size_t n0;

	if (f->p >= f->end || *f->p != '"')
		return false;
	*ascii = true;
	*esc = false;
	for (from = q = (const unsigned char *)f->p + 1;;) {
		q += jplain_run(q, (size_t)(end - q));
		if (q >= end || *q < 0x20)
			return false;
		if (*q == '"')
			break;
		if (*q == '\\') {
			if (!*esc)
				sb_reset(&f->dec);
			*esc = true;
			sb_putn(&f->dec, (const char *)from,
			    (size_t)(q - from));
			if ((q = fast_escape(f, q, end)) == NULL)
				return false;
			from = q;
			continue;
		}
		*ascii = false; /* a UTF-8 byte */
		if (f->build) {
			q++; /* json_stringn checks it */
			continue;
		}
		if ((n0 = jutf8_seq(q, (size_t)(end - q))) == 0)
			return false;
		q += n0;
	}
	if (*esc) {
		sb_putn(&f->dec, (const char *)from, (size_t)(q - from));
		*s = sb_str(&f->dec);
		*n = f->dec.len;
		/* Escaped UTF-8 is checked by json_stringn. */
		*ascii = false;
	} else {
		*s = (const char *)from;
		*n = (size_t)(q - from);
	}
	f->p = (const char *)q + 1;
	return true;
}

static bool fast_value(struct fast *f, json_t **out);

/* After white space, is the next byte c? Then it is taken. */
static bool
fast_eat(struct fast *f, char c)
{
	fast_ws(f);
	if (f->p < f->end && *f->p == c) {
		f->p++;
		return true;
	}
	return false;
}

/* Checking: is key s[0..n) (no escapes) new among the keys seen? */
static bool
check_key(const char **keys, size_t *lens, size_t *nk, const char *s, size_t n,
    bool esc)
{
	size_t k;

	if (esc || *nk == FAST_CHECK_KEYS)
		return false;
	for (k = 0; k < *nk; k++)
		if (lens[k] == n && memcmp(keys[k], s, n) == 0)
			return false;
	keys[*nk] = s;
	lens[(*nk)++] = n;
	return true;
}

/* Building: a key of the tree o, NUL-terminated in key; false when o has
 * it already or jansson's tree would not hold it as it is. */
static bool
build_key(json_t *o, char *key, const char *s, size_t n)
{
	if (n >= FAST_MAX_KEY || memchr(s, '\0', n) != NULL)
		return false;
	memcpy(key, s, n);
	key[n] = '\0';
	return json_object_get(o, key) == NULL;
}

static bool
fast_object(struct fast *f, json_t **out)
{
	json_t *o = f->build ? json_object() : NULL, *v = NULL;
	const char *keys[FAST_CHECK_KEYS], *s;
	size_t lens[FAST_CHECK_KEYS], nk = 0, n;
	char key[FAST_MAX_KEY];
	bool ascii, esc;

	f->p++;
	if (fast_eat(f, '}'))
		goto done;
	for (;;) {
		fast_ws(f);
		if (!fast_string(f, &s, &n, &ascii, &esc) ||
		    (f->build ? !build_key(o, key, s, n) :
				!check_key(keys, lens, &nk, s, n, esc)))
			break;
		if (!fast_eat(f, ':') || !fast_value(f, f->build ? &v : NULL))
			break;
		if (f->build &&
		    (ascii ? json_object_set_new_nocheck(o, key, v) :
			     json_object_set_new(o, key, v)) != 0)
			break; /* not UTF-8 */
		if (fast_eat(f, ','))
			continue;
		if (fast_eat(f, '}'))
			goto done;
		break;
	}
	json_decref(o);
	return false;
done:
	if (out != NULL)
		*out = o;
	return true;
}

static bool
fast_array(struct fast *f, json_t **out)
{
	json_t *a = f->build ? json_array() : NULL, *v = NULL;

	f->p++;
	if (fast_eat(f, ']'))
		goto done;
	while (fast_value(f, f->build ? &v : NULL)) {
		if (f->build)
			json_array_append_new(a, v);
		if (fast_eat(f, ','))
			continue;
		if (fast_eat(f, ']'))
			goto done;
		break;
	}
	json_decref(a);
	return false;
done:
	if (out != NULL)
		*out = a;
	return true;
}

static const char *
digits(const char *q, const char *end, size_t *n)
{
	for (*n = 0; q < end && *q >= '0' && *q <= '9'; q++)
		(*n)++;
	return q;
}

/*
 * A number: an integer of at most 18 digits; when checking, also a
 * fraction and an exponent of at most 2 digits (json_loadb reads every
 * such number without overflow). Its end, or NULL.
 */
static const char *
fast_number(struct fast *f, const char *q, json_int_t *v)
{
	const char *b;
	size_t n;

	if (q < f->end && *q == '-')
		q++;
	b = q;
	q = digits(q, f->end, &n);
	if (n == 0 || n > 18 || (n > 1 && *b == '0'))
		return NULL;
	for (*v = 0; b < q; b++)
		*v = *v * 10 + (*b - '0');
	if (f->build)
		return q;
	if (q < f->end && *q == '.') {
		q = digits(q + 1, f->end, &n);
		if (n == 0)
			return NULL;
	}
	if (q < f->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < f->end && (*q == '+' || *q == '-'))
			q++;
		q = digits(q, f->end, &n);
		if (n == 0 || n > 2)
			return NULL;
	}
	return q;
}

/* A literal or a number, ending at a delimiter. */
static bool
fast_scalar(struct fast *f, json_t **out)
{
	static const char *const lit[] = { "true", "false", "null" };
	const char *q = f->p;
	json_int_t v = 0;
	size_t i, n = 0;

	for (i = 0; i < MP_NELEM(lit); i++) {
		n = strlen(lit[i]);
		if ((size_t)(f->end - q) >= n && memcmp(q, lit[i], n) == 0)
			break;
	}
	if (i < MP_NELEM(lit))
		q += n;
	else if ((q = fast_number(f, q, &v)) == NULL)
		return false;
	/* "truex", "12.5" when building, "1e3x": not for this reader. */
	if (q < f->end && (*q == '\0' || strchr(" \t\r\n,]}", *q) == NULL))
		return false;
	if (out != NULL)
		*out = i == 0 ? json_true() :
		    i == 1    ? json_false() :
		    i == 2    ? json_null() :
				json_integer(*f->p == '-' ? -v : v);
	f->p = q;
	return true;
}

static bool
fast_value(struct fast *f, json_t **out)
{
	const char *s;
	size_t n;
	bool ascii, esc, ok;

	fast_ws(f);
	if (f->p >= f->end)
		return false;
	switch (*f->p) {
	case '{':
	case '[':
		if (f->depth >= FAST_MAX_DEPTH)
			return false;
		f->depth++;
		ok = *f->p == '{' ? fast_object(f, out) : fast_array(f, out);
		f->depth--;
		return ok;
	case '"':
		if (!fast_string(f, &s, &n, &ascii, &esc))
			return false;
		if (out == NULL)
			return true;
		*out = ascii ? json_stringn_nocheck(s, n) : json_stringn(s, n);
		return *out != NULL;
	default:
		return fast_scalar(f, out);
	}
}

/* Read the one value of s[0..len): true when it is all of the text. */
static bool
fast_read(struct fast *f, const char *s, size_t len, json_t **out)
{
	bool ok;

	f->p = s;
	f->end = s + len;
	f->depth = 0;
	sb_init(&f->dec);
	ok = fast_value(f, out);
	fast_ws(f);
	if (ok && f->p != f->end) {
		if (out != NULL)
			json_decref(*out);
		ok = false;
	}
	sb_free(&f->dec);
	return ok;
}

json_t *
fast_tree(const char *s, size_t len)
{
	struct fast f = { .build = true };
	json_t *v = NULL;

	return fast_read(&f, s, len, &v) ? v : NULL;
}

bool
jfast_valid(const char *s, size_t len)
{
	struct fast f = { .build = false };

	return fast_read(&f, s, len, NULL);
}
