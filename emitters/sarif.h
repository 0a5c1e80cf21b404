/*
 * sarif.h - SARIF 2.1.0 for code scanning (`--format sarif`): one run,
 * tool.driver.rules from the rule registry, one result per finding, the
 * input diagnostics as tool execution notifications.
 */
#ifndef MESHPLAN_SARIF_H
#define MESHPLAN_SARIF_H

struct analysis;
struct diags;
struct strbuf;

/* Append the SARIF log to out; version is the tool's version string. */
void sarif_emit(struct strbuf *out, const struct analysis *an,
    const struct diags *d, const char *version);

#endif
