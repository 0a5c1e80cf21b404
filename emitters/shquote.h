/*
 * shquote.h - POSIX sh quoting for the az CLI commands of the plan's
 * steps (plan_step.command), so that names and ids from the input reach
 * az as one argument each, whatever they contain.
 */
#ifndef MESHPLAN_SHQUOTE_H
#define MESHPLAN_SHQUOTE_H

struct arena;
struct strbuf;

/*
 * Append s to sb as one sh word: as it is when s is not empty and every
 * byte is one of A-Z a-z 0-9 _ . / : = @ % + , - (nothing the shell
 * expands or splits), else in single quotes with each ' written as '\''.
 * NULL is the empty word ''.
 */
void sh_quote(struct strbuf *sb, const char *s);
/* The same word as a string in a. */
const char *sh_word(struct arena *a, const char *s);

#endif
