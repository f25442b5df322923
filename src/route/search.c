/* SPDX-License-Identifier: MIT */
/*
 * The Dijkstra engine behind every search: a per-thread workspace with a 4-ary min-heap
 * and decrease-key. Decrease-key keeps the heap at one entry per node, so the workspace is
 * allocated once at its full size and a search never allocates; four children per node
 * make the heap half as deep as a binary one, and the children of a node sit next to each
 * other in memory. Labels are ordered by time and then by the lower source index, which
 * makes the nearest facility of a tie deterministic. Per-node arrays carry a search stamp
 * instead of being cleared, so a bounded search costs its reach, not the graph's size.
 */
#include <math.h>
#include <string.h>

#include "route/route_internal.h"

/* Progress is reported every this many settled nodes. */
#define PROGRESS_EVERY 65536u

void dosah_route_options_init(struct dosah_route_options *opt)
{
    opt->direction = DOSAH_ROUTE_FROM_SOURCES;
    opt->max_time_s = INFINITY;
}

enum dosah_status dosah_route_workspace_create(struct dosah_ctx *ctx,
                                               const struct dosah_graph *g,
                                               struct dosah_route_workspace **out)
{
    struct dosah_route_workspace *ws;
    size_t n = dosah_graph_node_count(g);

    *out = NULL;
    ws = dosah_calloc(ctx, 1, sizeof *ws);
    if (!ws)
        return DOSAH_ENOMEM;
    ws->g = g;
    ws->node_count = n;
    ws->node = dosah_calloc(ctx, n, sizeof *ws->node);
    ws->heap = dosah_malloc(ctx, n * sizeof *ws->heap);
    ws->settled = dosah_malloc(ctx, n * sizeof *ws->settled);
    if (!ws->node || !ws->heap || !ws->settled) {
        dosah_route_workspace_destroy(ws);
        return DOSAH_ENOMEM;
    }
    *out = ws;
    return DOSAH_OK;
}

struct dosah_route_workspace *dosah_route_workspace_destroy(struct dosah_route_workspace *ws)
{
    if (!ws)
        return NULL;
    dosah_free(ws->settled);
    dosah_free(ws->heap);
    dosah_free(ws->node);
    dosah_free(ws);
    return NULL;
}

size_t dosah_route_workspace_memory(const struct dosah_route_workspace *ws)
{
    return sizeof *ws +
           ws->node_count * (sizeof *ws->node + sizeof *ws->heap + sizeof *ws->settled);
}

void dosah_route_begin(struct dosah_route_workspace *ws)
{
    ws->heap_size = 0;
    ws->settled_count = 0;
    if (++ws->now == 0) {
        /* The stamp wrapped after 2^32 searches: clear once and go on. */
        size_t v;
        for (v = 0; v < ws->node_count; v++)
            ws->node[v].stamp = 0;
        ws->now = 1;
    }
}

static int entry_less(const struct route_entry *a, const struct route_entry *b)
{
    return a->key < b->key || (a->key == b->key && a->src < b->src);
}

static void sift_up(struct dosah_route_workspace *ws, size_t i)
{
    struct route_entry e = ws->heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / 4;
        if (!entry_less(&e, &ws->heap[parent]))
            break;
        ws->heap[i] = ws->heap[parent];
        ws->node[ws->heap[i].node].pos = (uint32_t)i;
        i = parent;
    }
    ws->heap[i] = e;
    ws->node[e.node].pos = (uint32_t)i;
}

static void sift_down(struct dosah_route_workspace *ws, size_t i)
{
    struct route_entry e = ws->heap[i];
    size_t size = ws->heap_size;
    for (;;) {
        size_t c = 4 * i + 1, m, k, end;
        if (c >= size)
            break;
        end = c + 4 < size ? c + 4 : size;
        m = c;
        for (k = c + 1; k < end; k++)
            if (entry_less(&ws->heap[k], &ws->heap[m]))
                m = k;
        if (!entry_less(&ws->heap[m], &e))
            break;
        ws->heap[i] = ws->heap[m];
        ws->node[ws->heap[i].node].pos = (uint32_t)i;
        i = m;
    }
    ws->heap[i] = e;
    ws->node[e.node].pos = (uint32_t)i;
}

void dosah_route_offer(struct dosah_route_workspace *ws, uint32_t node, double time_s,
                       uint32_t src)
{
    struct route_node *n = &ws->node[node];
    size_t i;
    if (n->stamp != ws->now) {
        i = ws->heap_size++;
        n->stamp = ws->now;
    } else if (n->pos != ROUTE_SETTLED &&
               (time_s < n->dist || (time_s == n->dist && src < n->src))) {
        i = n->pos;
    } else {
        return;
    }
    n->dist = time_s;
    n->src = src;
    ws->heap[i].key = time_s;
    ws->heap[i].node = node;
    ws->heap[i].src = src;
    sift_up(ws, i);
}

/* Removes the heap's top and marks its node settled. */
static struct route_entry pop(struct dosah_route_workspace *ws)
{
    struct route_entry top = ws->heap[0];
    if (--ws->heap_size > 0) {
        ws->heap[0] = ws->heap[ws->heap_size];
        sift_down(ws, 0);
    }
    ws->node[top.node].pos = ROUTE_SETTLED;
    ws->settled[ws->settled_count++] = top.node;
    return top;
}

enum dosah_status dosah_route_run(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                  int reverse, double max_time_s, int progress)
{
    struct dosah_graph_adjacency adj;
    dosah_graph_get_adjacency(ws->g, reverse, &adj);
    max_time_s += DOSAH_ROUTE_SLACK_S;
    while (ws->heap_size > 0 && ws->heap[0].key <= max_time_s) {
        struct route_entry u = pop(ws);
        uint32_t e, end = adj.first[u.node + 1];
        for (e = adj.first[u.node]; e < end; e++)
            dosah_route_offer(ws, adj.other[e], u.key + (double)adj.time_s[e], u.src);
        if (progress && ws->settled_count % PROGRESS_EVERY == 0) {
            enum dosah_status st = dosah_progress(
                ctx, (double)ws->settled_count / (double)ws->node_count, "route");
            if (st != DOSAH_OK)
                return st;
        }
    }
    return DOSAH_OK;
}

int dosah_route_is_settled(const struct dosah_route_workspace *ws, uint32_t node)
{
    return ws->node[node].stamp == ws->now && ws->node[node].pos == ROUTE_SETTLED;
}

double dosah_route_node_time_s(const struct dosah_route_workspace *ws, uint32_t node)
{
    return dosah_route_is_settled(ws, node) ? ws->node[node].dist : NAN;
}

uint32_t dosah_route_node_source(const struct dosah_route_workspace *ws, uint32_t node)
{
    return dosah_route_is_settled(ws, node) ? ws->node[node].src : DOSAH_NONE;
}

const uint32_t *dosah_route_settled(const struct dosah_route_workspace *ws, size_t *count)
{
    *count = ws->settled_count;
    return ws->settled;
}
