/* SPDX-License-Identifier: MIT */
/* Declarations shared inside the route module: the workspace and the search primitives. */
#ifndef DOSAH_ROUTE_INTERNAL_H
#define DOSAH_ROUTE_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "dosah/route.h"

/*
 * Buckets of the search queue (see search.c): bucket 0 is a heap of the entries in the
 * current tick of time; the others, ROUTE_RADIX per level, hold those whose tick differs
 * from it first in the hexadecimal digit of that level, by their value of that digit.
 */
#define ROUTE_RADIX 16
#define ROUTE_LEVELS 16 /* hexadecimal digits of a 64-bit tick */
#define ROUTE_BUCKETS (1 + ROUTE_LEVELS * ROUTE_RADIX)

/*
 * An entry of the queue: a time, the node and the source. A node may have several entries;
 * all but its best are skipped once it is settled.
 */
struct route_item {
    double time_s;
    uint32_t node;
    uint32_t src;
};

struct route_bucket {
    struct route_item *item;
    size_t size;
    size_t cap;
};

/*
 * A node's label is its time, dist (INFINITY while it has none), and its source, src. A
 * search reads only dist on its way out along an edge, 8 bytes a node; src is read only
 * when two times tie. After a search has run to its end every labelled node is settled, so
 * a node is settled when its time is finite. Instead of a pass over the graph, a new search
 * forgets the nodes of the last one: those it settled and those still queued.
 */
struct dosah_route_workspace {
    const struct dosah_graph *g;
    size_t node_count;
    double *dist;             /* per node, seconds; INFINITY when not labelled */
    uint32_t *src;            /* per node, the source of its label where it has one */
    uint32_t *settled;        /* nodes in settling order */
    size_t settled_count;
    double bound_s;           /* labels above it are dropped */
    uint64_t tick;            /* the tick of the entries in the heap, bucket 0 */
    uint16_t levels;          /* bit l: a bucket of level l holds entries */
    uint16_t digits[ROUTE_LEVELS]; /* per level, bit d: its bucket of digit d does */
    struct route_bucket bucket[ROUTE_BUCKETS];
};

/* A way between a snapped point and a node: the node and the time on the partial link. */
struct route_leg {
    uint32_t node;
    double time_s;
};

/*
 * Starts a new search that settles nodes up to max_time_s + DOSAH_ROUTE_SLACK_S: forgets
 * every label.
 */
void dosah_route_begin(struct dosah_route_workspace *ws, double max_time_s);

/*
 * Offers label (time_s, src) to node before dosah_route_run: kept when better by time,
 * then by lower source, and within the bound. DOSAH_ENOMEM when the queue cannot grow.
 */
enum dosah_status dosah_route_offer(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                    uint32_t node, double time_s, uint32_t src);

/*
 * Runs Dijkstra from the offered labels on the forward (reverse = 0) or reverse side. With
 * progress set, reports progress on ctx every 65,536 settled nodes and fails with
 * DOSAH_EINTERRUPT when asked to stop. DOSAH_ENOMEM when the queue cannot grow.
 */
enum dosah_status dosah_route_run(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                  int reverse, int progress);

/*
 * Checks the sizes, the options and that every attached snap lies on g: DOSAH_EINVAL with
 * a message naming the first bad point.
 */
enum dosah_status dosah_route_check_input(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                          const struct dosah_snap *sources,
                                          size_t source_count,
                                          const struct dosah_snap *targets,
                                          size_t target_count,
                                          const struct dosah_route_options *opt);

/* The ways between a target and the graph (none when it is not attached). */
struct route_target {
    struct route_leg leg[2];
    int count;
};

/* Fills out[0 .. n - 1] with the legs of the targets t for searches in direction dir. */
void dosah_route_target_legs(const struct dosah_graph *g, const struct dosah_snap *t,
                             size_t n, enum dosah_route_direction dir,
                             struct route_target *out);

/*
 * The bounded search of dosah_route_reach from one source on input that
 * dosah_route_check_input accepted: afterwards the workspace describes the nodes reached
 * (none when the source is not attached).
 */
enum dosah_status dosah_route_search_one(struct dosah_ctx *ctx,
                                         struct dosah_route_workspace *ws,
                                         const struct dosah_snap *source,
                                         const struct dosah_route_options *opt);

/*
 * The time from source to target (both attached, on the same link) directly along their
 * link, access walk of the source included, INFINITY when one-way forbids it; dir says
 * which one travels to the other.
 */
double dosah_route_direct_s(const struct dosah_graph *g, const struct dosah_snap *source,
                            const struct dosah_snap *target, enum dosah_route_direction dir);

/*
 * dosah_route_reach_many_visit with a test hook: worker_fail_after >= 0 makes that allocation of
 * every worker's own context fail (as dosah_ctx_fail_alloc_after); -1 for none.
 */
enum dosah_status dosah_route_reach_many_hooked(struct dosah_ctx *ctx,
                                                const struct dosah_graph *g,
                                                const struct dosah_snap *sources,
                                                size_t source_count,
                                                const struct dosah_snap *targets,
                                                size_t target_count,
                                                const struct dosah_route_options *opt,
                                                unsigned threads,
                                                const struct dosah_route_visitor *v,
                                                long worker_fail_after,
                                                struct dosah_route_reach_set **out);

/* An attached point in a route_grid: the key of its cell and its index. */
struct route_cell_ref {
    int64_t key;
    uint32_t index;
};

/*
 * Attached points by square cells at least as wide as the direct way's reach, so that the
 * points within reach of a place lie in its cell and the eight around it (direct.c).
 */
struct route_grid {
    double cell_m;
    double x0, y0;              /* the lower corner the cells count from */
    struct route_cell_ref *ref; /* by key, then index; count entries */
    size_t count;
};

/*
 * Builds the grid of the attached points among pts[0 .. n - 1] for opt's direct way; an
 * empty grid (count 0, nothing allocated) when opt has none. DOSAH_ENOMEM when memory is
 * short. Free with dosah_route_grid_clear.
 */
enum dosah_status dosah_route_grid_build(struct dosah_ctx *ctx, const struct dosah_snap *pts,
                                         size_t n, const struct dosah_route_options *opt,
                                         struct route_grid *out);

/* Frees what the grid holds and empties it. */
void dosah_route_grid_clear(struct route_grid *g);

/*
 * The runs of grid entries in the 3 x 3 cells around p, as half-open ranges [lo[k], hi[k])
 * of g->ref (one per column of cells); returns their number (at most 3, 0 for an empty
 * grid or NULL). Every point within the direct way's reach of p is in one of them (others may be
 * too: check the distance).
 */
size_t dosah_route_grid_near(const struct route_grid *g, struct dosah_point p, size_t lo[3],
                             size_t hi[3]);

/*
 * The time of the direct way between a and b (see struct dosah_route_options) in seconds:
 * their straight distance times opt->direct_s_per_m; INFINITY when either is not attached,
 * or they lie farther apart than opt->direct_max_m, or the straight line takes longer than
 * their two access legs together, or opt has no direct way.
 */
double dosah_route_direct_way_s(const struct dosah_route_options *opt,
                                const struct dosah_snap *a, const struct dosah_snap *b);

/* The same from a to a place p taken as attached with an access leg of p_access_s (a cell
 * centre of a time surface). */
double dosah_route_direct_way_to(const struct dosah_route_options *opt,
                                 const struct dosah_snap *a, struct dosah_point p,
                                 double p_access_s);

/* 1 when the last search, run to its end, settled node. */
static inline int dosah_route_is_settled(const struct dosah_route_workspace *ws, uint32_t node)
{
    return ws->dist[node] < INFINITY;
}

/*
 * What dosah_catchment_point_time needs of one link after a search, so that many points of
 * the link cost one look-up: route_link_time_at(k, x) equals
 * dosah_catchment_point_time(g, ws, source, dir, link, x), bit for bit.
 */
struct route_link_time {
    double per_m, length_m, tu, tv;   /* tu, tv: NAN when the end is not reached */
    double src_along_m, src_access_s; /* the source on this link (own = 1) */
    int from_u, from_v, ahead, behind, own;
};

/* Fills k for link after the search in ws (pure; reads the workspace's labels). */
void route_link_time_init(const struct dosah_graph *g, const struct dosah_route_workspace *ws,
                          const struct dosah_snap *source, enum dosah_route_direction dir,
                          uint32_t link, struct route_link_time *k);

/* The time of the point along_m metres along k's link; NAN when not reached. */
double route_link_time_at(const struct route_link_time *k, double along_m);

#endif
