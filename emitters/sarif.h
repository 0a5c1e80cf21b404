/*
 * sarif.h - SARIF 2.1.0 for code scanning (`--format sarif`): one run,
 * tool.driver.rules from the rule registry, one result per finding, the
 * input diagnostics as tool execution notifications.
 */
#ifndef MESHPLAN_SARIF_H
#define MESHPLAN_SARIF_H

struct analysis;
struct diags;
struct emit_sink;

/* Write the SARIF log to the sink's open file as it is made; version is
 * the tool's version string. 0, or -1 when the sink refused. */
int sarif_emit(const struct emit_sink *out, const struct analysis *an,
    const struct diags *d, const char *version);

#endif
