/*
 * cidr.c - prefix parsing and arithmetic for IPv4 and IPv6.
 *
 * Parsing is strict: IPv4 octets are 0..255 written without leading zeros
 * (01 could be read as octal, so it is refused); IPv6 groups are 1..4 hex
 * digits with at most one "::" and an optional trailing dotted quad; the
 * length is a decimal without leading zeros. No spaces, no zone ids. Host
 * bits beyond the length are refused unless PFX_NORMALIZE asks to clear
 * them.
 */
#include "cidr.h"

#include <stdio.h>
#include <string.h>

static int
fail(const char **err, const char *why)
{
	if (err != NULL)
		*err = why;
	return -1;
}

/* Parse a decimal in [0, max] without leading zeros; advance *sp. */
static int
parse_dec(const char **sp, unsigned max, unsigned *out)
{
	const char *s = *sp;
	unsigned v = 0;
	int n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	if (*s == '0' && s[1] >= '0' && s[1] <= '9')
		return -2;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max || ++n > 3)
			return -3;
		s++;
	}
	*sp = s;
	*out = v;
	return 0;
}

static int
parse_v4(const char **sp, uint32_t *out, const char **err)
{
	uint32_t a = 0;
	unsigned v;
	int i, rc;

	for (i = 0; i < 4; i++) {
		if (i > 0) {
			if (**sp != '.')
				return fail(err,
				    "IPv4 address needs four "
				    "dot-separated numbers");
			(*sp)++;
		}
		rc = parse_dec(sp, 255, &v);
		if (rc == -2)
			return fail(err,
			    "IPv4 octet has a leading zero "
			    "(ambiguous: octal or decimal?)");
		if (rc == -3)
			return fail(err, "IPv4 octet is larger than 255");
		if (rc < 0)
			return fail(err,
			    "IPv4 address needs four "
			    "dot-separated numbers");
		a = (a << 8) | v;
	}
	*out = a;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
parse_v6(const char **sp, uint16_t g[8], const char **err)
{
	uint16_t head[8], tail[8];
	int nh = 0, nt = 0, dbl = 0, i;
	const char *s = *sp;

	if (s[0] == ':') {
		if (s[1] != ':')
			return fail(err,
			    "IPv6 address cannot start with a "
			    "single ':'");
		dbl = 1;
		s += 2;
	}
	for (;;) {
		const char *start = s;
		unsigned v = 0;
		int nd = 0, h;

		/* Eight groups and then a separator: too many. */
		if ((dbl ? nh + nt : nh) >= 8)
			return fail(err, "IPv6 address has too many groups");
		/* An embedded IPv4 tail: digits followed by '.'. */
		{
			const char *q = s;

			while (hexval(*q) >= 0)
				q++;
			if (*q == '.' && q != s) {
				uint32_t a;
				int *n = dbl ? &nt : &nh;
				uint16_t *arr = dbl ? tail : head;

				if ((dbl ? nh + nt : nh) > 6)
					return fail(err,
					    "IPv6 address has too "
					    "many groups");
				if (parse_v4(&s, &a, err) < 0)
					return -1;
				arr[(*n)++] = (uint16_t)(a >> 16);
				arr[(*n)++] = (uint16_t)(a & 0xffff);
				break;
			}
		}
		while ((h = hexval(*s)) >= 0) {
			v = (v << 4) | (unsigned)h;
			if (++nd > 4)
				return fail(err,
				    "IPv6 group has more than four "
				    "hex digits");
			s++;
		}
		if (nd == 0) {
			if (dbl && s == start && (*s == '\0' || *s == '/') &&
			    s[-1] == ':' && s[-2] == ':')
				break; /* "...::" at the end */
			return fail(err,
			    "IPv6 address has an empty or "
			    "invalid group");
		}
		if (dbl)
			tail[nt++] = (uint16_t)v;
		else
			head[nh++] = (uint16_t)v;
		if (*s != ':')
			break;
		if (s[1] == ':') {
			if (dbl)
				return fail(err,
				    "IPv6 address has more than "
				    "one '::'");
			dbl = 1;
			s += 2;
			if (*s == '\0' || *s == '/')
				break;
			continue;
		}
		s++;
	}
	if (hexval(*s) >= 0 || *s == ':' || *s == '.')
		return fail(err, "IPv6 address has too many groups");
	if (dbl) {
		if (nh + nt > 7)
			return fail(err,
			    "IPv6 address with '::' has too many "
			    "groups");
		for (i = 0; i < 8; i++)
			g[i] = 0;
		for (i = 0; i < nh; i++)
			g[i] = head[i];
		for (i = 0; i < nt; i++)
			g[8 - nt + i] = tail[i];
	} else {
		if (nh != 8)
			return fail(err,
			    "IPv6 address needs eight groups or "
			    "'::'");
		for (i = 0; i < 8; i++)
			g[i] = head[i];
	}
	*sp = s;
	return 0;
}

static void
mask_to(struct prefix *p, unsigned len)
{
	if (len == 0) {
		p->hi = p->lo = 0;
	} else if (len < 64) {
		p->hi &= ~0ULL << (64 - len);
		p->lo = 0;
	} else if (len == 64) {
		p->lo = 0;
	} else if (len < 128) {
		p->lo &= ~0ULL << (128 - len);
	}
}

int
prefix_parse(const char *s, unsigned flags, struct prefix *out,
    const char **err)
{
	struct prefix p;
	unsigned len, max;
	const char *q;

	memset(&p, 0, sizeof(p));
	if (s == NULL || *s == '\0')
		return fail(err, "empty prefix");
	if (strchr(s, ':') != NULL) {
		uint16_t g[8];
		int i;

		if (parse_v6(&s, g, err) < 0)
			return -1;
		p.fam = FAM_V6;
		for (i = 0; i < 4; i++)
			p.hi = (p.hi << 16) | g[i];
		for (i = 4; i < 8; i++)
			p.lo = (p.lo << 16) | g[i];
	} else {
		uint32_t a;

		if (parse_v4(&s, &a, err) < 0)
			return -1;
		p.fam = FAM_V4;
		p.hi = (uint64_t)a << 32;
	}
	max = p.fam == FAM_V4 ? 32 : 128;
	if (*s == '\0') {
		if (!(flags & PFX_ALLOW_ADDR))
			return fail(err, "missing prefix length (/N)");
		len = max;
	} else if (*s == '/') {
		int rc;

		s++;
		q = s;
		rc = parse_dec(&q, max, &len);
		if (rc == -2)
			return fail(err, "prefix length has a leading zero");
		if (rc == -3)
			return fail(err,
			    p.fam == FAM_V4 ?
				"IPv4 prefix length is larger than 32" :
				"IPv6 prefix length is larger than 128");
		if (rc < 0)
			return fail(err, "prefix length is not a number");
		if (*q != '\0')
			return fail(err,
			    "unexpected text after the prefix "
			    "length");
	} else {
		return fail(err, "unexpected character in address");
	}
	p.len = (uint8_t)len;
	{
		struct prefix m = p;

		mask_to(&m, len);
		if ((m.hi != p.hi || m.lo != p.lo) && !(flags & PFX_NORMALIZE))
			return fail(err,
			    "host bits are set beyond the prefix "
			    "length");
		p = m;
	}
	*out = p;
	return 0;
}

/* Decimal (base 10) or hexadecimal (16) digits of v at o; returns the end.
 * Hot in routing (route texts): no printf. */
static char *
put_uint(char *o, unsigned v, unsigned base)
{
	char tmp[12];
	size_t n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	while (n > 0)
		*o++ = tmp[--n];
	return o;
}

char *
prefix_format_addr(const struct prefix *p, char buf[PREFIX_STRLEN])
{
	if (p->fam == FAM_V4) {
		uint32_t a = (uint32_t)(p->hi >> 32);
		char *o = buf;
		int i;

		for (i = 24; i >= 0; i -= 8) {
			o = put_uint(o, (a >> i) & 255, 10);
			*o++ = i > 0 ? '.' : '\0';
		}
		return buf;
	}
	{
		uint16_t g[8];
		int i, best = -1, bestn = 0, run = -1, n = 0;
		char *o = buf;

		for (i = 0; i < 4; i++)
			g[i] = (uint16_t)(p->hi >> (48 - 16 * i));
		for (i = 0; i < 4; i++)
			g[4 + i] = (uint16_t)(p->lo >> (48 - 16 * i));
		/* RFC 5952: compress the longest run (>= 2) of zeros. */
		for (i = 0; i <= 8; i++) {
			if (i < 8 && g[i] == 0) {
				if (run < 0) {
					run = i;
					n = 0;
				}
				n++;
			} else if (run >= 0) {
				if (n > bestn && n >= 2) {
					best = run;
					bestn = n;
				}
				run = -1;
			}
		}
		for (i = 0; i < 8; i++) {
			if (i == best) {
				*o++ = ':';
				*o++ = ':';
				i += bestn - 1;
				continue;
			}
			if (i > 0 && i != best + bestn)
				*o++ = ':';
			o = put_uint(o, g[i], 16);
		}
		*o = '\0';
		return buf;
	}
}

char *
prefix_format(const struct prefix *p, char buf[PREFIX_STRLEN])
{
	char *o = buf + strlen(prefix_format_addr(p, buf));

	*o++ = '/';
	*put_uint(o, p->len, 10) = '\0';
	return buf;
}

int
prefix_cmp(const struct prefix *a, const struct prefix *b)
{
	if (a->fam != b->fam)
		return a->fam < b->fam ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}

bool
prefix_eq(const struct prefix *a, const struct prefix *b)
{
	return a->fam == b->fam && a->len == b->len && a->hi == b->hi &&
	    a->lo == b->lo;
}

struct prefix
prefix_truncate(const struct prefix *p, unsigned len)
{
	struct prefix t = *p;

	if (len < t.len) {
		mask_to(&t, len);
		t.len = (uint8_t)len;
	}
	return t;
}

bool
prefix_contains(const struct prefix *a, const struct prefix *b)
{
	struct prefix t;

	if (a->fam != b->fam || a->len > b->len)
		return false;
	t = prefix_truncate(b, a->len);
	return t.hi == a->hi && t.lo == a->lo;
}

bool
prefix_overlaps(const struct prefix *a, const struct prefix *b)
{
	return prefix_contains(a, b) || prefix_contains(b, a);
}

struct prefix
prefix_first(const struct prefix *p)
{
	struct prefix t = *p;

	t.len = (uint8_t)prefix_maxlen(p);
	return t;
}

struct prefix
prefix_last(const struct prefix *p)
{
	struct prefix t = *p;
	unsigned max = prefix_maxlen(p), len = p->len;

	/* Set host bits len..max-1. */
	if (len < 64)
		t.hi |= (len == 0 ? ~0ULL : (~0ULL >> len));
	if (p->fam == FAM_V4) {
		t.hi &= 0xffffffff00000000ULL;
		t.lo = 0;
	} else if (len < 128) {
		t.lo |= len <= 64 ? ~0ULL : (~0ULL >> (len - 64));
	}
	t.len = (uint8_t)max;
	return t;
}

double
prefix_size(const struct prefix *p)
{
	unsigned host = prefix_maxlen(p) - p->len;
	double d = 1.0;

	while (host-- > 0)
		d *= 2.0;
	return d;
}

void
prefix_split(const struct prefix *p, struct prefix *lo, struct prefix *hi)
{
	unsigned i = p->len;

	*lo = *p;
	lo->len = (uint8_t)(i + 1);
	*hi = *lo;
	if (i < 64)
		hi->hi |= 1ULL << (63 - i);
	else
		hi->lo |= 1ULL << (127 - i);
}

struct prefix
prefix_sibling(const struct prefix *p)
{
	struct prefix s = *p;
	unsigned i = p->len - 1u;

	if (i < 64)
		s.hi ^= 1ULL << (63 - i);
	else
		s.lo ^= 1ULL << (127 - i);
	return s;
}
