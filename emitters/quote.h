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

#include "../lib/names.h"

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

#endif
