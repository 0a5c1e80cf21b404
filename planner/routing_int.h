/*
 * routing_int.h - what routing.c shares with routing_pairs.c (the R7/R8
 * engine) and nothing else includes: routing contexts (one per source
 * subnet), the path walk, and the class signature of a context. Then,
 * for the routing's own files only (routing.c, routing_gw.c,
 * routing_path.c, routing_effective.c, routing_mesh.c), the routing's
 * state and the functions they share.
 */
#ifndef MESHPLAN_ROUTING_INT_H
#define MESHPLAN_ROUTING_INT_H

#include "routing.h"

struct rctx;
struct engine_base;

/* The context of subnet s of x (s NULL: VNet without subnets); owned by
 * r, created on first use. */
struct rctx *rctx_get(struct routing *r, const struct vnet *x,
    const struct subnet *s);
/* How rctx_path routes from a context. */
enum rctx_how {
	/* As any VNet of the context's class would, for an address outside
	 * its own space (X's VnetLocal routes left out). */
	RCTX_CLASS,
	/* With X's own routes: exact for X. */
	RCTX_OWN,
	/* As RCTX_CLASS, but the first lookup without the ConnectedGroup
	 * routes of X's meshes: the route of every class that differs only
	 * in its meshes, for an address none of their meshes covers. */
	RCTX_BASE,
};

/* R6 from context c to address d of dst. */
void rctx_path(struct routing *r, struct rctx *c, enum rctx_how how,
    const struct vnet *dst, const struct prefix *d, struct path *out);
/*
 * The class signature of a context: contexts with equal signatures
 * (rctx_class_eq, within one routing) route every address outside their
 * own VNet's space the same way; rctx_class_hash agrees with it. Without
 * meshes, the signature leaves out which meshes X is a member of.
 */
size_t rctx_class_hash(const struct rctx *c, bool meshes);
bool rctx_class_eq(const struct rctx *a, const struct rctx *b, bool meshes);

/* A mesh (ConnectedGroup) of a routing. */
struct rmesh;

/* The meshes c's VNet is a member of, in mesh order: their number, and
 * the array in *v. */
size_t rctx_meshes(const struct rctx *c, struct rmesh *const **v);
/* Does a ConnectedGroup route of m cover address d? */
bool rmesh_covers(const struct rmesh *m, const struct prefix *d);
/*
 * a and b have equal signatures without meshes: does every appliance
 * route of their route tables lead to the same context from both? (Which
 * subnet holds an appliance's IP can depend on the meshes.)
 */
bool rctx_same_appliances(struct routing *r, struct rctx *a, struct rctx *b);
const struct estate *routing_estate(const struct routing *r);

/* ---- the routing's state (routing*.c only) ---- */

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "ptrie.h"

#define MAX_APPLIANCES 4

struct rmesh {
	const char *name;
	size_t idx;	 /* position in routing.meshes */
	struct arena *a; /* members, trie and routes */
	ARR(struct vnet *) members;
	struct ptrie *trie; /* prefix -> struct eroute * */
	bool built;
};

struct hubinfo {
	const struct vnet *hub;
	struct advertised adv;
	struct ptrie *gwtrie;	       /* prefix -> struct eroute * */
	bool default4;		       /* some L(G) holds 0.0.0.0/0 */
	const struct gateway *user_gw; /* target of user routes to a gw */
	bool routes_built;	       /* gwtrie, default4, user_gw */
};

struct gwinfo {
	const struct gateway *g;
	prefix_arr learned;	       /* L(G) */
	const struct circuit *circuit; /* where it sends (ER) */
	bool done;
};

struct cdec {
	const struct gateway *gw; /* NULL: on-premises */
};

struct circinfo {
	const struct circuit *c;
	prefix_arr onprem;
	struct ptrie *decide; /* prefix -> struct cdec * */
	bool onprem_done, decide_done;
};

struct rtinfo {
	const struct route_table *rt;
	struct ptrie *trie; /* user routes */
	eroute_arr routes;  /* in route-table order */
	bool default4;	    /* a user route for 0.0.0.0/0 */
	bool disable_bgp;
	const char *sig; /* content signature */
};

struct vinfo {
	const struct vnet *v;
	eroute_arr local; /* VnetLocal */
	eroute_arr peer;  /* VNetPeering, in peering order */
	struct ptrie *peertrie;
	ARR(struct rmesh *) meshes; /* meshes X is a member of */
	bool has_v6;
	struct hubinfo *gwhub; /* X's hub, or its transit hub */
};

struct appl_memo {
	const struct eroute *e;
	struct rctx *to; /* NULL: no subnet holds the IP */
};

struct rctx {
	const struct vnet *x;
	const struct subnet *s; /* NULL: VNet without subnets */
	struct vinfo *vi;
	struct rtinfo *rti;	       /* NULL: no route table */
	struct hubinfo *gh;	       /* gateway routes (propagation on) */
	struct hubinfo *uh;	       /* target hub of user gw routes */
	const struct eroute *defaults; /* shared: see default_routes */
	size_t ndefaults;
	unsigned reserved_mask; /* which reserved None routes stay */
	bool appl_inside;	/* a user route to an IP of X */
	ARR(struct appl_memo) appl;
};

struct subnet_list {
	ARR(const struct subnet *) v;
};

struct routing {
	const struct estate *e;
	struct arena *arena;
	struct routing_opts opts;
	prefix_arr onprem_opt;
	ARR(struct rmesh *) meshes;
	struct strmap *hubs;	   /* hub key -> struct hubinfo */
	struct strmap *gws;	   /* gateway key -> struct gwinfo */
	struct strmap *circs;	   /* circuit key -> struct circinfo */
	struct strmap *rts;	   /* route table key -> struct rtinfo */
	struct prefix reserved[4]; /* reserved_text parsed */
	/* Meshes: meshes[0..nestate) are the estate's own, the rest planned
	 * (routing_set_meshes), with their memory in planned. What depends on
	 * them is listed, to be updated when they change. */
	size_t nestate;
	struct arena *planned;
	ARR(struct mesh_list *) lists;
	ARR(struct vinfo *) vlist;
	ARR(struct rctx *) clist;
	struct strmap *texts;  /* interned route texts */
	struct strbuf textbuf; /* where a text is written first */
	struct ptrie *subnets; /* prefix -> struct subnet_list */
	struct ptrie *alladv;  /* every advertised prefix */
	bool onprem_known;
	/* (object pointer, kind) -> the info the strmaps above hold for
	 * it: the per-pair paths look infos up by pointer, not by hashing
	 * a lower-cased id. Open addressing, at most half full; xmalloc'd. */
	struct pcache_slot {
		const void *k;
		int kind;
		void *v;
	} * pc;
	size_t pc_mask, pc_n;
	/* The system default routes by (reserved routes kept, IPv6): most
	 * contexts share one set. */
	struct default_set {
		struct eroute *v;
		size_t n;
	} defaults[1u << 4][2];
	/* The pair engine's part of the estate alone (routing_pairs.c):
	 * made on the first pair computation, in arena. */
	struct engine_base *ebase;
};

enum { PC_CIRC = 1, PC_GW, PC_HUB, PC_VNET, PC_RT, PC_CTX, PC_VCTX, PC_MESHES };

/* The meshes a VNet is a member of, in mesh order (pointer cache
 * PC_MESHES): the estate's own first (nestate), then the planned ones. */
struct mesh_list {
	ARR(struct rmesh *) v;
	size_t nestate;
};

/* ---- routing.c: caches, route texts, hub and VNet infos, contexts, lookups
 * ---- */

void *pc_get(const struct routing *r, const void *k, int kind);
void pc_put(struct routing *r, const void *k, int kind, void *v);
struct hubinfo *hub_info(struct routing *r, const struct vnet *h);
struct rctx *ctx_get(struct routing *r, const struct vnet *x,
    const struct subnet *s);
const struct eroute *ctx_lookup(const struct rctx *c, const struct prefix *d,
    bool own, bool meshes, bool *amb);
void eroute_set_text(struct routing *r, struct eroute *e);
void vinfo_meshes(struct routing *r, struct vinfo *vi);

/* ---- routing_gw.c: gateway routes (advertised, on-premises, circuits,
 * learned) ---- */

struct circinfo *circ_decide(struct routing *r, const struct circuit *c);
void alladv_build(struct routing *r);

/* ---- routing_path.c: the path walk (R6) ---- */

struct rctx *appliance_ctx(struct routing *r, struct rctx *c,
    const struct eroute *e);
void path_walk(struct routing *r, struct rctx *c, enum rctx_how how,
    const struct vnet *dst, const struct prefix *d, struct path *out);

/* ---- routing_mesh.c: connected groups (the estate's and the planned meshes)
 * ---- */

void mesh_finish(struct routing *r, struct rmesh *m);
void existing_keys(struct routing *r, struct strmap *cfg, struct vnet *v,
    const char *cfg_id);

#endif
