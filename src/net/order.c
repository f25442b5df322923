/* SPDX-License-Identifier: MIT */
/*
 * Numbering the nodes of the road graph along a Hilbert curve through their coordinates.
 * Nodes close on the ground then get close ids, so the CSR rows, the search labels and the
 * settled lists of the nodes a search visits in one area sit in a few cache lines instead
 * of being spread over the whole graph: on a graph much larger than the cache this is what
 * a shortest-path search mostly pays for. Real road data comes in an arbitrary order, so
 * the order of the input is not relied on. The curve has 2^16 cells per side over the
 * bounding box of the nodes; nodes in one cell keep their order of first appearance (the
 * sort is stable), which makes the numbering a pure function of the roads.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "net/net_internal.h"

#define CURVE_BITS 16
#define DIGIT_BITS 16
#define DIGITS (1u << DIGIT_BITS)

/* Position of cell (x, y) (each below 2^16) along the Hilbert curve of that order. */
static uint32_t hilbert_index(uint32_t x, uint32_t y)
{
    uint32_t d = 0, s;
    for (s = 1u << (CURVE_BITS - 1); s > 0; s >>= 1) {
        uint32_t rx = (x & s) != 0, ry = (y & s) != 0;
        d += s * s * ((3 * rx) ^ ry);
        /* Turn the quadrant so that the sub-curve starts and ends where its parent wants. */
        if (ry == 0) {
            uint32_t t;
            if (rx == 1) {
                x = s - 1 - (x & (s - 1));
                y = s - 1 - (y & (s - 1));
            }
            t = x;
            x = y;
            y = t;
        }
    }
    return d;
}

/* Fills key[v] = (Hilbert index << 32) | v for every node. */
static void node_keys(const struct dosah_graph *g, uint64_t *key)
{
    const double *xy = g->roads->xy;
    size_t v, n = g->node_count;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, scale;

    for (v = 0; v < n; v++) {
        const double *p = xy + 2 * (size_t)g->node_vertex[v];
        x0 = fmin(x0, p[0]);
        y0 = fmin(y0, p[1]);
        x1 = fmax(x1, p[0]);
        y1 = fmax(y1, p[1]);
    }
    /* One scale for both axes keeps the cells square; the box's far side maps below 2^16. */
    scale = fmax(x1 - x0, y1 - y0);
    scale = scale > 0.0 ? ((double)(1u << CURVE_BITS) - 1.0) / scale : 0.0;
    for (v = 0; v < n; v++) {
        const double *p = xy + 2 * (size_t)g->node_vertex[v];
        uint32_t cx = (uint32_t)((p[0] - x0) * scale), cy = (uint32_t)((p[1] - y0) * scale);
        key[v] = ((uint64_t)hilbert_index(cx, cy) << 32) | (uint64_t)v;
    }
}

/* Stable LSD radix sort of key[0 .. n - 1] by its upper 32 bits; tmp has n entries. */
static void sort_keys(uint64_t *key, uint64_t *tmp, size_t n, uint32_t *count)
{
    unsigned pass;
    for (pass = 0; pass < 32 / DIGIT_BITS; pass++) {
        unsigned shift = 32 + pass * DIGIT_BITS;
        size_t i;
        uint32_t sum = 0;
        memset(count, 0, DIGITS * sizeof *count);
        for (i = 0; i < n; i++)
            count[(key[i] >> shift) & (DIGITS - 1)]++;
        for (i = 0; i < DIGITS; i++) {
            uint32_t c = count[i];
            count[i] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++)
            tmp[count[(key[i] >> shift) & (DIGITS - 1)]++] = key[i];
        memcpy(key, tmp, n * sizeof *key);
    }
}

enum dosah_status dosah_net_order_nodes(struct dosah_ctx *ctx, struct dosah_graph *g)
{
    size_t n = g->node_count, i, l;
    uint64_t *key = NULL, *tmp = NULL;
    uint32_t *count = NULL, *new_id, *vertex;
    enum dosah_status st = DOSAH_ENOMEM;

    if (n < 2)
        return DOSAH_OK;
    key = dosah_malloc(ctx, n * sizeof *key);
    tmp = dosah_malloc(ctx, n * sizeof *tmp);
    count = dosah_malloc(ctx, DIGITS * sizeof *count);
    if (!key || !tmp || !count)
        goto done;
    node_keys(g, key);
    sort_keys(key, tmp, n, count);
    /* tmp's two halves become the old -> new map and the reordered node vertices. */
    new_id = (uint32_t *)tmp;
    vertex = new_id + n;
    for (i = 0; i < n; i++) {
        uint32_t old = (uint32_t)key[i];
        new_id[old] = (uint32_t)i;
        vertex[i] = g->node_vertex[old];
    }
    memcpy(g->node_vertex, vertex, n * sizeof *vertex);
    for (l = 0; l < g->link_count; l++) {
        g->link_from[l] = new_id[g->link_from[l]];
        g->link_to[l] = new_id[g->link_to[l]];
    }
    st = DOSAH_OK;
done:
    dosah_free(count);
    dosah_free(tmp);
    dosah_free(key);
    return st;
}
