/*
 * readme_inspection.h - the wave README's section on flows that leave the
 * firewall: the spoke pairs whose traffic passed an appliance before the
 * migration and goes straight to the destination once the wave's members
 * are live (plan_wave.inspection_lost), with the route that inspected
 * them and the two ways to keep them from bypassing it.
 */
#ifndef MESHPLAN_README_INSPECTION_H
#define MESHPLAN_README_INSPECTION_H

struct plan;
struct plan_wave;
struct strbuf;

/* Append the section (Markdown, a "##" heading) to sb; nothing when no
 * pair has lost its inspection by wave w. */
void readme_inspection_lost(struct strbuf *sb, const struct plan *p,
    const struct plan_wave *w);

#endif
