/* SPDX-License-Identifier: MIT */
/* Declarations shared inside the route module: the workspace and the search primitives. */
#ifndef DOSAH_ROUTE_INTERNAL_H
#define DOSAH_ROUTE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/route.h"

/* Heap position of a node that is settled. */
#define ROUTE_SETTLED UINT32_MAX

/* A label in the heap: time, node and the source it comes from (ties: lower source). */
struct route_entry {
    double key;
    uint32_t node;
    uint32_t src;
};

/*
 * The label of one node. The fields a relaxation touches sit together, so that it costs
 * one cache miss on a large graph rather than four. A label is valid only when its stamp is
 * the workspace's `now`: a new search bumps `now` instead of clearing the array, so a
 * bounded search costs its reach, not the whole graph.
 */
struct route_node {
    double dist;   /* seconds */
    uint32_t src;  /* source of the label */
    uint32_t stamp;
    uint32_t pos;  /* heap position, ROUTE_SETTLED once settled */
};

struct dosah_route_workspace {
    const struct dosah_graph *g;
    size_t node_count;
    struct route_node *node;
    struct route_entry *heap; /* 4-ary min-heap of (key, src), at most one entry per node */
    size_t heap_size;
    uint32_t *settled;        /* nodes in settling order */
    size_t settled_count;
    uint32_t now;
};

/* A way between a snapped point and a node: the node and the time on the partial link. */
struct route_leg {
    uint32_t node;
    double time_s;
};

/* Starts a new search: forgets every label. */
void dosah_route_begin(struct dosah_route_workspace *ws);

/* Offers label (time_s, src) to node: kept when better by time, then by lower source. */
void dosah_route_offer(struct dosah_route_workspace *ws, uint32_t node, double time_s,
                       uint32_t src);

/*
 * Runs Dijkstra from the offered labels on the forward (reverse = 0) or reverse side,
 * settling nodes up to max_time_s + DOSAH_ROUTE_SLACK_S. With progress set, reports
 * progress on ctx every 65,536 settled nodes and fails with DOSAH_EINTERRUPT when asked
 * to stop.
 */
enum dosah_status dosah_route_run(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                  int reverse, double max_time_s, int progress);

/* 1 when the last search settled node. */
int dosah_route_is_settled(const struct dosah_route_workspace *ws, uint32_t node);

#endif
