/*
 * quote.h - escaping of input strings for every output language, and the
 * names meshplan derives from input names (Azure resource names and
 * Terraform labels).
 *
 * Every quoting function appends to a strbuf and accepts any byte string:
 * valid UTF-8 is kept as is, each byte of an invalid sequence becomes
 * U+FFFD, so the output is always valid UTF-8 and always parses.
 */
#ifndef MESHPLAN_QUOTE_H
#define MESHPLAN_QUOTE_H

#include <stddef.h>

struct arena;
struct strbuf;
struct strmap;

/* "..." for HCL: \" \\ \n \r \t \uXXXX, "${" -> "$${", "%{" -> "%%{". */
void hcl_quote(struct strbuf *sb, const char *s);
/* '...' for Bicep: \' \\ \n \r \t \u{X}, "${" -> "\${". */
void bicep_quote(struct strbuf *sb, const char *s);
/* "..." for JSON (jansson's encoder; "/" is not escaped). */
void json_quote(struct strbuf *sb, const char *s);
/*
 * Markdown inline text, as the start of a block (a paragraph, a list
 * item, a table cell): backslash-escapes a character only where
 * CommonMark, GitHub Flavored Markdown or GitHub's mentions, references
 * and emoji would read it as markup (quote.c lists the cases), so the
 * raw text stays readable; newlines become spaces, so a value never
 * starts a new block.
 */
void md_escape(struct strbuf *sb, const char *s);
/* One line of an indented Markdown code block (controls -> spaces). */
void md_code_line(struct strbuf *sb, const char *s);
/* HTML text and attribute values: & < > " ' escaped. */
void html_escape(struct strbuf *sb, const char *s);
/*
 * ARM template strings: a leading '[' is doubled so that ARM does not
 * read the value as an expression. Returns s or a copy in a.
 */
const char *arm_literal(struct arena *a, const char *s);

/* Valid UTF-8 copy of s (invalid bytes -> U+FFFD), in a. */
const char *utf8_clean(struct arena *a, const char *s);

/*
 * Name sanitising. A namer hands out unique names in one namespace: the
 * first caller asking for a base gets it; a later, different key whose
 * sanitised base is taken gets base + sep + 6 hex digits of the key's
 * hash (and a counter in the unlikely event that collides too). The
 * same key always gets the same name back. Callers iterate in sorted
 * order so the result does not depend on input order.
 */
enum name_style {
	NAME_TF_LABEL,	/* [a-z0-9_], starts with a letter or _, <= 64 */
	NAME_AZURE,	/* [A-Za-z0-9._-], starts/ends alnum, <= 64 */
	NAME_FILE,	/* [a-z0-9-], <= 48: a file or folder name */
};

struct namer {
	struct arena *arena;
	enum name_style style;
	struct strmap *used;	/* name -> key */
	struct strmap *given;	/* key -> name */
};

void namer_init(struct namer *n, struct arena *a, enum name_style style);
/* A unique name for key (any string), derived from base. */
const char *namer_get(struct namer *n, const char *key, const char *base);
/* base sanitised in a style, without uniqueness (never empty). */
const char *name_sanitize(struct arena *a, const char *base,
    enum name_style style);

#endif
