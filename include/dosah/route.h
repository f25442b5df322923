/* SPDX-License-Identifier: MIT */
/*
 * Shortest travel times over the road graph (DESIGN.md §3, route): one multi-source
 * Dijkstra per service for the nearest facility of every demand point, and bounded
 * single-source searches for catchments and floating-catchment measures.
 *
 * Times include the access walk at both ends (struct dosah_snap's access_s) and the partial
 * links between the snapped points and the nodes: from a point on a two-way link one may
 * leave toward either end, on a one-way link only in its direction; two points on the same
 * link reach each other directly along it. A point at a node uses all the node's edges.
 *
 * Scratch memory lives in a workspace that belongs to one thread. The graph is shared
 * read-only, so per-facility searches can be spread over threads, each with its own
 * context and workspace: dosah_route_reach_many does that for a batch of sources.
 */
#ifndef DOSAH_ROUTE_H
#define DOSAH_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/snap.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dosah_route_workspace;

/* Which way people travel between sources (facilities) and targets (demand points). */
enum dosah_route_direction {
    DOSAH_ROUTE_FROM_SOURCES = 0, /* field services: facility -> client, forward graph */
    DOSAH_ROUTE_TO_SOURCES = 1    /* ambulant, residential: client -> facility, searched from
                                     the facilities on the reversed graph */
};

/*
 * Slack in seconds allowed above a time bound, the same as the measures' threshold slack,
 * so that a time that is exactly the bound is not lost to floating-point rounding.
 */
#define DOSAH_ROUTE_SLACK_S 1e-6

/*
 * The direct way: an attached source and an attached target that lie closer to each other
 * (their points, struct dosah_snap's pt, in a straight line) than their two access legs
 * together, and at most direct_max_m apart, reach each other off the network in
 * direct_s_per_m seconds per metre of that line: as they would reach the road, so the two are
 * not sent to the road and back separately. It stands for the local roads a sparse network
 * leaves out (a town's streets on a network of classified roads only); where points lie on
 * the network's roads it never applies. When it applies it is never slower than the
 * network, whose time includes both access legs. direct_max_m = 0 (the default): none.
 */
struct dosah_route_options {
    enum dosah_route_direction direction;
    double max_time_s;  /* times above it (plus the slack) are unreachable; INFINITY: none */
    double direct_max_m;   /* finite, >= 0 */
    double direct_s_per_m; /* finite, > 0 when direct_max_m > 0 */
};

/* Sets direction = DOSAH_ROUTE_FROM_SOURCES, max_time_s = INFINITY and no direct way. */
void dosah_route_options_init(struct dosah_route_options *opt);

/*
 * Creates a workspace for searches on g (20 bytes per node, plus the search queue, which
 * grows to the largest search's frontier and is kept: after its first searches a workspace
 * allocates nothing more). It borrows g, which must outlive it. Use one workspace per
 * thread. Free with dosah_route_workspace_destroy.
 */
enum dosah_status dosah_route_workspace_create(struct dosah_ctx *ctx,
                                               const struct dosah_graph *g,
                                               struct dosah_route_workspace **out);

/* Frees the workspace; returns NULL. NULL does nothing. */
struct dosah_route_workspace *dosah_route_workspace_destroy(struct dosah_route_workspace *ws);

/* Bytes held by the workspace. */
size_t dosah_route_workspace_memory(const struct dosah_route_workspace *ws);

/*
 * Nearest source for every target, by one multi-source search. Per target t: time_s[t] the
 * travel time in seconds (NAN when unreachable, not attached, or above max_time_s) and
 * nearest[t] the index of the nearest source (DOSAH_NONE when unreachable). Of sources at
 * exactly the same time the one with the lower index wins. Unattached sources are ignored.
 * Both arrays are the caller's, target_count long. Reports progress (stage "route") and
 * fails with DOSAH_EINTERRUPT when asked to stop; DOSAH_EINVAL on a snap that does not
 * belong to the workspace's graph; DOSAH_ENOMEM when memory is short.
 */
enum dosah_status dosah_route_nearest(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                      const struct dosah_snap *sources, size_t source_count,
                                      const struct dosah_snap *targets, size_t target_count,
                                      const struct dosah_route_options *opt,
                                      double *time_s, uint32_t *nearest);

/*
 * Bounded search from one source (a facility) in the given direction, up to
 * opt->max_time_s: lists the targets reached within the bound in reached[] (their
 * indices, ascending) with their times in reached_time_s[] (seconds); both arrays are the
 * caller's, target_count long; *reached_count gets their number. Cost: the search's ball
 * plus one pass over the targets. After it, dosah_route_node_time_s and dosah_route_settled
 * describe the nodes reached (for catchment polygons). Fails with DOSAH_EINVAL on a bad
 * snap, DOSAH_ENOMEM when the search queue cannot grow. An unattached source reaches
 * nothing.
 */
enum dosah_status dosah_route_reach(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                    const struct dosah_snap *source,
                                    const struct dosah_snap *targets, size_t target_count,
                                    const struct dosah_route_options *opt, uint32_t *reached,
                                    double *reached_time_s, size_t *reached_count);

/*
 * The bounded reach of many sources in CSR form (all arrays owned by the set): the targets
 * reached by source s are target[k] for k = offsets[s] .. offsets[s + 1] - 1, ascending,
 * with their times time_s[k] in seconds, exactly as dosah_route_reach lists them. The
 * layout of struct dosah_catchments (fca.h). Free with dosah_route_reach_set_destroy.
 */
struct dosah_route_reach_set {
    size_t source_count;
    size_t *offsets;  /* source_count + 1 entries */
    uint32_t *target; /* offsets[source_count] entries */
    double *time_s;   /* offsets[source_count] entries */
};

/*
 * One bounded search per source (dosah_route_reach with opt), spread over `threads` POSIX
 * threads (0 counts as 1; no more threads than sources are used; the calling thread is one
 * of them). Each thread has its own context and workspace (about 20 bytes per node, 20
 * per target), created here; g, sources and targets are only read. The result does not depend on the number of threads. Progress
 * (stage "route", the share of sources done) is reported on ctx from the calling thread
 * only: at the start, after each of its own searches and at the end; when the callback asks
 * to stop, the other threads stop before their next source and the call fails with
 * DOSAH_EINTERRUPT. Fails with
 * DOSAH_EINVAL on bad options or snaps (as dosah_route_reach), DOSAH_ENOMEM when memory is
 * short (in any thread: the message is carried to ctx). On success *out is a new set, on
 * failure NULL.
 */
enum dosah_status dosah_route_reach_many(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                         const struct dosah_snap *sources, size_t source_count,
                                         const struct dosah_snap *targets, size_t target_count,
                                         const struct dosah_route_options *opt,
                                         unsigned threads, struct dosah_route_reach_set **out);

/* What dosah_route_reach_many_visit does with each search while its labels are at hand. */
struct dosah_route_visitor {
    const char *stage; /* the progress stage reported instead of "route"; NULL: "route" */
    /*
     * Called in the thread that searched, right after the search from `source`: ws holds
     * that search's node labels until it returns, target and time_s (count entries) are the
     * targets it reached as they go into the set. ctx is that thread's own context; worker
     * (0 .. threads - 1) names the thread, so per-worker state needs no lock. A status
     * other than DOSAH_OK (its message set on ctx) stops every thread before its next
     * source and is returned.
     */
    enum dosah_status (*visit)(void *arg, unsigned worker, struct dosah_ctx *ctx, size_t source,
                               const struct dosah_route_workspace *ws, const uint32_t *target,
                               const double *time_s, size_t count);
    void *arg;
};

/* dosah_route_reach_many, calling v->visit after each search (v NULL: none), so that work
 * that needs a search's node labels shares the search instead of repeating it. */
enum dosah_status dosah_route_reach_many_visit(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                               const struct dosah_snap *sources,
                                               size_t source_count,
                                               const struct dosah_snap *targets,
                                               size_t target_count,
                                               const struct dosah_route_options *opt,
                                               unsigned threads,
                                               const struct dosah_route_visitor *v,
                                               struct dosah_route_reach_set **out);

/* Frees the set; returns NULL. NULL does nothing. */
struct dosah_route_reach_set *dosah_route_reach_set_destroy(struct dosah_route_reach_set *set);

/*
 * After a search: the time in seconds of a node (from the sources in FROM_SOURCES, to them
 * in TO_SOURCES; access walk of the source included), NAN when the last search did not reach
 * it within its bound; and the source it came from (DOSAH_NONE when not reached).
 */
double dosah_route_node_time_s(const struct dosah_route_workspace *ws, uint32_t node);
uint32_t dosah_route_node_source(const struct dosah_route_workspace *ws, uint32_t node);

/* After a search: the nodes it reached, in the order they were settled (borrowed). */
const uint32_t *dosah_route_settled(const struct dosah_route_workspace *ws, size_t *count);

#ifdef __cplusplus
}
#endif
#endif
