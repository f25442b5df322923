/* SPDX-License-Identifier: MIT */
/* Declarations shared inside the net module: the graph's layout and the component pass. */
#ifndef DOSAH_NET_INTERNAL_H
#define DOSAH_NET_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/graph.h"

/*
 * Memory per directed edge E, link L and node N: the two CSR sides take 8 bytes per edge
 * each plus 4 per node; a link takes 25 bytes (its line is found by binary search over
 * roads->vertex_offset instead of being stored); a node 12 (its first vertex and its two
 * component ids). With roads mostly two-way (L ~ E / 2) and about 3 to 4 edges per node
 * that is about 34 to 36 bytes per edge.
 */
struct dosah_graph {
    const struct dosah_roads *roads; /* borrowed */
    char *file;                      /* copies of the options' names, or NULL */
    char *layer;
    size_t node_count;
    size_t edge_count;
    size_t link_count;
    size_t link_cap;                 /* allocated link slots (an upper bound found before) */
    uint32_t *node_vertex;           /* a vertex at the node's coordinates */
    uint32_t *fwd_first;             /* forward CSR: out-edges */
    uint32_t *fwd_head;
    float *fwd_time;
    uint32_t *rev_first;             /* reverse CSR: in-edges */
    uint32_t *rev_tail;
    float *rev_time;
    uint32_t *link_v0;               /* ascending: links follow the roads' vertex order */
    uint32_t *seg_block;             /* per block of SEG_BLOCK vertices: links starting before it */
    size_t seg_blocks;
    uint32_t *link_v1;
    uint32_t *link_from;
    uint32_t *link_to;
    float *link_length;
    float *link_time;
    signed char *link_oneway;
    uint32_t *comp[2];               /* per node, indexed by enum dosah_connectivity */
    size_t comp_count[2];
    uint32_t comp_largest[2];
    size_t comp_largest_nodes[2];
};

/*
 * Renumbers the nodes along a Hilbert curve through their coordinates (node_vertex,
 * link_from and link_to); run before the CSR sides are built. DOSAH_ENOMEM when memory is
 * short (the graph is then unchanged).
 */
enum dosah_status dosah_net_order_nodes(struct dosah_ctx *ctx, struct dosah_graph *g);

/* Computes the weak and strong components of a graph whose CSR sides are built. */
enum dosah_status dosah_net_components(struct dosah_ctx *ctx, struct dosah_graph *g);

/* The link that holds segment seg (from vertex seg to seg + 1), DOSAH_NONE if none. */
uint32_t dosah_net_segment_link(const struct dosah_graph *g, uint32_t seg);

#endif
