/*
 * cidr.h - IPv4 and IPv6 prefixes: strict parsing, canonical printing,
 * ordering, containment and overlap.
 *
 * Representation: a 128-bit address in (hi, lo), most significant bit
 * first. An IPv4 address a.b.c.d sits in the top 32 bits of hi, so both
 * families share every bit operation; bit i (0 = most significant) of a
 * prefix is prefix_bit(p, i). Host bits beyond len are always zero.
 */
#ifndef MESHPLAN_CIDR_H
#define MESHPLAN_CIDR_H

#include <stdbool.h>
#include <stdint.h>

enum { FAM_V4 = 4, FAM_V6 = 6 };

struct prefix {
	uint64_t hi, lo;
	uint8_t len; /* 0..32 or 0..128 */
	uint8_t fam; /* FAM_V4 or FAM_V6 */
};

/* Longest canonical text: an IPv6 address plus "/128" and NUL. */
#define PREFIX_STRLEN 48

/* Parse flags. */
#define PFX_NORMALIZE 0x1  /* clear host bits instead of refusing */
#define PFX_ALLOW_ADDR 0x2 /* a bare address means /32 or /128 */

/*
 * Parse s (the whole string, no surrounding spaces). On failure returns -1
 * and, when err is not NULL, points it at a static one-line reason.
 */
int prefix_parse(const char *s, unsigned flags, struct prefix *out,
    const char **err);
/* Canonical text (IPv4 dotted quad, IPv6 RFC 5952); returns buf. */
char *prefix_format(const struct prefix *p, char buf[PREFIX_STRLEN]);
/* Address only, without "/len". */
char *prefix_format_addr(const struct prefix *p, char buf[PREFIX_STRLEN]);

static inline unsigned
prefix_maxlen(const struct prefix *p)
{
	return p->fam == FAM_V4 ? 32 : 128;
}

static inline unsigned
prefix_bit(const struct prefix *p, unsigned i)
{
	return i < 64 ? (unsigned)(p->hi >> (63 - i)) & 1u :
			(unsigned)(p->lo >> (127 - i)) & 1u;
}

/* Order: family (v4 first), then address, then length (shorter first). */
int prefix_cmp(const struct prefix *a, const struct prefix *b);
bool prefix_eq(const struct prefix *a, const struct prefix *b);
/* a contains b (same family, a.len <= b.len, same leading a.len bits). */
bool prefix_contains(const struct prefix *a, const struct prefix *b);
bool prefix_overlaps(const struct prefix *a, const struct prefix *b);
/* Truncate p to len bits (len <= p->len). */
struct prefix prefix_truncate(const struct prefix *p, unsigned len);
/* The host address (first address of p as a /max prefix). */
struct prefix prefix_first(const struct prefix *p);
/* The last address of p as a /max prefix. */
struct prefix prefix_last(const struct prefix *p);
/* Number of addresses, as a double (exact up to 2^53). */
double prefix_size(const struct prefix *p);
/* The two halves of p (p->len < max). */
void prefix_split(const struct prefix *p, struct prefix *lo, struct prefix *hi);
/* Sibling of p at the same length (p->len > 0). */
struct prefix prefix_sibling(const struct prefix *p);

#endif
