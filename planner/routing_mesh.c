/*
 * routing_mesh.c - connected groups in the routing simulation: the
 * estate's own (existing AVNM connectivity configurations) and the planned
 * meshes (routing_set_meshes), their members and ConnectedGroup tries.
 *
 *	routing_set_meshes, routing_same_mesh, rctx_meshes, rmesh_covers,
 *	mesh_finish, existing_keys
 */
#include "routing.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "ptrie.h"
#include "routing_int.h"
#include "topology.h"

/* ---- construction ---------------------------------------------------------
 */

static int
cmp_vnet_ptr(const void *a, const void *b)
{
	const struct vnet *const *x = a, *const *y = b;

	return strcmp((*x)->r.key, (*y)->r.key);
}

static struct rmesh *
mesh_add(struct routing *r, struct arena *a, const char *name)
{
	struct rmesh *m = arena_alloc(a, sizeof(*m));

	m->name = name != NULL ? arena_strdup(a, name) : NULL;
	m->idx = r->meshes.n;
	m->a = a;
	ARR_PUSH(r->arena, r->meshes, m);
	return m;
}

/* Sort and unique m's members; add m to their membership lists. */
void
mesh_finish(struct routing *r, struct rmesh *m)
{
	size_t i, n = 0;

	if (m->members.n > 1)
		qsort(m->members.v, m->members.n, sizeof(m->members.v[0]),
		    cmp_vnet_ptr);
	for (i = 0; i < m->members.n; i++)
		if (n == 0 || m->members.v[n - 1] != m->members.v[i])
			m->members.v[n++] = m->members.v[i];
	m->members.n = n;
	for (i = 0; i < m->members.n; i++) {
		struct mesh_list *ml = pc_get(r, m->members.v[i], PC_MESHES);

		if (ml == NULL) {
			ml = arena_alloc(r->arena, sizeof(*ml));
			pc_put(r, m->members.v[i], PC_MESHES, ml);
			ARR_PUSH(r->arena, r->lists, ml);
		}
		ARR_PUSH(r->arena, ml->v, m);
	}
}

void
routing_set_meshes(struct routing *r, const struct mesh *meshes, size_t nmeshes)
{
	size_t i, j;

	arena_free(r->planned);
	r->planned = arena_new();
	r->meshes.n = r->nestate;
	for (i = 0; i < r->lists.n; i++)
		r->lists.v[i]->v.n = r->lists.v[i]->nestate;
	for (i = 0; i < nmeshes; i++) {
		struct rmesh *m = mesh_add(r, r->planned, meshes[i].name);

		for (j = 0; j < meshes[i].n; j++)
			ARR_PUSH(r->planned, m->members, meshes[i].members[j]);
		mesh_finish(r, m);
	}
	/* What was worked out with the meshes before. */
	for (i = 0; i < r->vlist.n; i++)
		vinfo_meshes(r, r->vlist.v[i]);
	for (i = 0; i < r->clist.n; i++)
		r->clist.v[i]->appl.n = 0;
}

/* v joins the existing connected group named key (created on first use). */
static void
existing_join(struct routing *r, struct strmap *cfg, struct vnet *v,
    const char *key)
{
	struct rmesh *m = strmap_get(cfg, key);

	if (m == NULL) {
		m = mesh_add(r, r->arena, key);
		strmap_put(cfg, key, m);
	}
	ARR_PUSH(r->arena, m->members, v);
}

/* "<id>@<region>": the region lower case without spaces ("East US" and
 * "eastus" are one region), or id alone when the group is global. */
static const char *
existing_key(struct routing *r, const char *id, const struct vnet *v,
    bool global)
{
	char *k, *q;
	const char *s;

	if (global)
		return id;
	k = arena_printf(r->arena, "%s@%s", id,
	    v->r.location != NULL ? v->r.location : "");
	for (q = strrchr(k, '@') + 1, s = q; *s != '\0'; s++)
		if (*s != ' ')
			*q++ = *s;
	*q = '\0';
	mp_strlower(strrchr(k, '@') + 1);
	return k;
}

/*
 * The connected groups that existing configuration cfg_id (one of v's
 * connected_configs) puts v in. A Mesh configuration connects its members
 * within one region unless its isGlobal is True (Microsoft's connectivity
 * configuration concepts: "by default, the mesh is a regional mesh ...
 * global mesh can be enabled to establish connectivity of virtual networks
 * across all Azure regions"); a HubAndSpoke configuration connects the
 * members of each DirectlyConnected group among themselves, across
 * regions when that group's isGlobal is True. A configuration that is not
 * in the estate (only referenced) connects all of v's fellow members.
 */
void
existing_keys(struct routing *r, struct strmap *cfg, struct vnet *v,
    const char *cfg_id)
{
	const struct connectivity_config
	    *c = (const struct connectivity_config *)estate_find(r->e, cfg_id);
	size_t k, m;

	if (c == NULL || c->r.kind != RK_CONNECTIVITY_CONFIG) {
		existing_join(r, cfg, v, cfg_id);
		return;
	}
	if (c->topology != NULL && mp_strcaseeq(c->topology, "Mesh")) {
		existing_join(r, cfg, v,
		    existing_key(r, c->r.id, v, c->is_global == TRI_TRUE));
		return;
	}
	for (k = 0; k < c->group_ids.n; k++) {
		const struct network_group *g;

		if (!(k < c->group_direct.n && c->group_direct.v[k]))
			continue;
		g = (const struct network_group *)estate_find(r->e,
		    c->group_ids.v[k]);
		if (g == NULL || g->r.kind != RK_NETWORK_GROUP)
			continue;
		for (m = 0; m < g->member_ids.n; m++)
			if (mp_strcaseeq(g->member_ids.v[m], v->r.id))
				break;
		if (m == g->member_ids.n)
			continue;
		existing_join(r, cfg, v,
		    existing_key(r,
			arena_printf(r->arena, "%s#%s", c->r.id, g->r.id), v,
			k < c->group_global.n &&
			    c->group_global.v[k] == TRI_TRUE));
	}
}

bool
routing_same_mesh(struct routing *r, const struct vnet *a, const struct vnet *b)
{
	const struct mesh_list *ma = pc_get(r, a, PC_MESHES);
	const struct mesh_list *mb = pc_get(r, b, PC_MESHES);
	size_t i, j;

	for (i = 0; ma != NULL && mb != NULL && i < ma->v.n; i++)
		for (j = 0; j < mb->v.n; j++)
			if (ma->v.v[i] == mb->v.v[j])
				return true;
	return false;
}

size_t
rctx_meshes(const struct rctx *c, struct rmesh *const **v)
{
	*v = c->vi->meshes.v;
	return c->vi->meshes.n;
}

bool
rmesh_covers(const struct rmesh *m, const struct prefix *d)
{
	return ptrie_lpm(m->trie, d, NULL) != NULL;
}
