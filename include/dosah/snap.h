/* SPDX-License-Identifier: MIT */
/*
 * Snapping points to the road graph (DESIGN.md §3, network): each point attaches to the
 * nearest point of the nearest road segment (not the nearest node), found through a uniform
 * grid over all segments of the graph's links. The walk from the point to the road, snap_m
 * metres long, is travelled at the access speed; a point farther than snap_max_m from every
 * road stays unattached and is unreachable.
 */
#ifndef DOSAH_SNAP_H
#define DOSAH_SNAP_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/model.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dosah_snap_index;

struct dosah_snap_options {
    double snap_max_m;  /* farthest attachment, metres, >= 0 (INFINITY: no limit) */
    double access_kmh;  /* speed from the point to the road and back, > 0 */
    double detour;      /* the access path's length over the straight line, >= 1 */
    size_t min_piece_nodes; /* a point snaps to a road on a piece of the network (weakly
                               connected component) of at least this many nodes, or on the
                               largest piece, unless it lies on a smaller piece itself (within
                               DOSAH_SNAP_ON_PIECE_M); 0 or 1: every piece */
    int within_max_only;    /* 1: roads beyond snap_max_m are not looked for, so a point
                               with none within it gets link DOSAH_NONE and NAN distances
                               (quicker for many points far from roads); 0: the nearest
                               road is found however far */
};

/* How close a point must lie to a small piece of the network to be snapped to it. */
#define DOSAH_SNAP_ON_PIECE_M 1.0

/* Sets snap_max_m = 2000, access_kmh = 5, detour = 1 (a straight walk), min_piece_nodes = 0,
 * within_max_only = 0. */
void dosah_snap_options_init(struct dosah_snap_options *opt);

/*
 * Where one point attaches. snap_m is filled whenever the graph has a segment, even beyond
 * snap_max_m (unless within_max_only); link, along_m and at describe the nearest point of
 * the road even when the point is not attached. along_m runs from the link's from_node: 0 means exactly at
 * from_node, the link's length exactly at to_node (the point is then at that node, with all
 * its edges). access_s = snap_m x detour / access speed when attached, NAN otherwise.
 */
struct dosah_snap {
    double snap_m;        /* distance to the road, metres; NAN when the graph has no link */
    double access_s;      /* time from the point to the road, seconds; NAN when not attached */
    uint32_t link;        /* the nearest link, DOSAH_NONE when the graph has none */
    double along_m;       /* position along the link from its from_node, metres */
    struct dosah_point at; /* the nearest point of the road */
    struct dosah_point pt; /* the point itself (for the direct way between nearby points) */
    int attached;         /* 1 when snap_m <= snap_max_m */
    int small_piece;      /* 1 when snapped to a piece smaller than min_piece_nodes (the
                             point lies on it) */
};

/*
 * Builds the spatial index of the graph's segments. On success *out is a new index (free
 * with dosah_snap_index_destroy); it borrows g, which must outlive it. Read-only once built:
 * threads may snap through one index at once, each with its own context.
 */
enum dosah_status dosah_snap_index_create(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                          struct dosah_snap_index **out);

/* Frees the index; returns NULL. NULL does nothing. */
struct dosah_snap_index *dosah_snap_index_destroy(struct dosah_snap_index *idx);

/* Bytes held by the index. */
size_t dosah_snap_index_memory(const struct dosah_snap_index *idx);

/*
 * Snaps count points (working CRS, metres) into out[0 .. count - 1] (caller's storage).
 * Among segments at the same distance the one that comes first in the roads wins, so the
 * result does not depend on the index. Fails with DOSAH_EINVAL on bad options or a
 * non-finite coordinate (out is then undefined).
 */
enum dosah_status dosah_snap_points(struct dosah_ctx *ctx, const struct dosah_snap_index *idx,
                                    const struct dosah_point *pts, size_t count,
                                    const struct dosah_snap_options *opt,
                                    struct dosah_snap *out);

#ifdef __cplusplus
}
#endif
#endif
