/* SPDX-License-Identifier: MIT */
/*
 * The Dijkstra engine behind every search: a per-thread workspace with a two-level queue.
 *
 * Labels are ordered by time and then by the lower source index, which makes the nearest
 * facility of a tie deterministic; times stay exact doubles throughout. Only to sort
 * entries coarsely, a time is cut to a tick of 1/1024 s (a power of two: the cut is exact
 * and never reorders two times). Dijkstra takes labels in non-decreasing order, which is all
 * a radix queue needs: the entries in the tick of the last label taken sit in a small
 * binary heap ordered exactly by (time, source), bucket 0; the others hold those whose tick
 * differs from it first in hexadecimal digit l, in the bucket of level l and of the entry's
 * value d of that digit (above the current tick's). The entries of a lower level, or of the
 * same level and a lower digit, have the lower ticks. When the heap runs empty, the lowest
 * non-empty bucket's least tick becomes the current one and its entries move down: to the
 * heap or to lower levels, so an entry moves at most once per digit. Entries are appended
 * to, scanned in and emptied from short arrays, a few times each (with hexadecimal digits,
 * about three moves per node settled on the benchmark's network, half as many as with
 * binary ones, which made its searches 5 to 10 % faster), so the queue costs a few
 * sequential passes per entry instead of a heap's random jumps over the whole frontier (and
 * its position updates in the labels, which missed the cache once per level on large
 * graphs); the heap holds only the entries of one millisecond. A node whose label improves
 * gets a new entry; the stale one is skipped once the node is settled. Labels above the
 * search's bound are never queued.
 *
 * A node's time and source sit in two arrays (see struct dosah_route_workspace): going out
 * along an edge reads the time alone, and the source only where two times tie. A new search
 * resets only the nodes the last one labelled (those it settled and those still queued),
 * so a bounded search costs its reach, not the graph's size. Since labels are taken in
 * order of (time, source) and a sum is never below its first term, no edge offers a settled
 * node a better label, so no settled mark is kept: an entry is stale when its label is not
 * the node's, and a node is settled once the search has run to its end and it has a label.
 * The queue's arrays grow on demand and keep their memory, so a workspace stops allocating
 * after its first searches.
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "route/route_internal.h"

/* Progress is reported every this many settled nodes (a power of two). */
#define PROGRESS_EVERY 65536u
/* Entries a bucket gets when it is first used. */
#define BUCKET_MIN_CAP 64

void dosah_route_options_init(struct dosah_route_options *opt)
{
    opt->direction = DOSAH_ROUTE_FROM_SOURCES;
    opt->max_time_s = INFINITY;
    opt->direct_max_m = 0.0;
    opt->direct_s_per_m = 0.0;
}

enum dosah_status dosah_route_workspace_create(struct dosah_ctx *ctx,
                                               const struct dosah_graph *g,
                                               struct dosah_route_workspace **out)
{
    struct dosah_route_workspace *ws;
    size_t n = dosah_graph_node_count(g), v;

    *out = NULL;
    ws = dosah_calloc(ctx, 1, sizeof *ws);
    if (!ws)
        return DOSAH_ENOMEM;
    ws->g = g;
    ws->node_count = n;
    ws->dist = dosah_malloc(ctx, (n ? n : 1) * sizeof *ws->dist);
    ws->src = dosah_malloc(ctx, (n ? n : 1) * sizeof *ws->src);
    ws->settled = dosah_malloc(ctx, (n ? n : 1) * sizeof *ws->settled);
    if (!ws->dist || !ws->src || !ws->settled) {
        dosah_route_workspace_destroy(ws);
        return DOSAH_ENOMEM;
    }
    for (v = 0; v < n; v++)
        ws->dist[v] = INFINITY;
    *out = ws;
    return DOSAH_OK;
}

struct dosah_route_workspace *dosah_route_workspace_destroy(struct dosah_route_workspace *ws)
{
    size_t b;
    if (!ws)
        return NULL;
    for (b = ROUTE_BUCKETS; b-- > 0;)
        dosah_free(ws->bucket[b].item);
    dosah_free(ws->settled);
    dosah_free(ws->src);
    dosah_free(ws->dist);
    dosah_free(ws);
    return NULL;
}

size_t dosah_route_workspace_memory(const struct dosah_route_workspace *ws)
{
    size_t b, bytes = sizeof *ws + ws->node_count * (sizeof *ws->dist + sizeof *ws->src +
                                                     sizeof *ws->settled);
    for (b = 0; b < ROUTE_BUCKETS; b++)
        bytes += ws->bucket[b].cap * sizeof(struct route_item);
    return bytes;
}

void dosah_route_begin(struct dosah_route_workspace *ws, double max_time_s)
{
    size_t b, k;
    /* Every node the last search labelled is settled or has an entry still queued (a label
     * is written only once its entry is). */
    for (k = 0; k < ws->settled_count; k++)
        ws->dist[ws->settled[k]] = INFINITY;
    for (b = 0; b < ROUTE_BUCKETS; b++)
        for (k = 0; k < ws->bucket[b].size; k++)
            ws->dist[ws->bucket[b].item[k].node] = INFINITY;
    ws->settled_count = 0;
    ws->bound_s = max_time_s + DOSAH_ROUTE_SLACK_S;
    ws->tick = 0;
    ws->levels = 0;
    memset(ws->digits, 0, sizeof ws->digits);
    for (b = 0; b < ROUTE_BUCKETS; b++)
        ws->bucket[b].size = 0;
}

/*
 * The tick of a time: its whole number of 1/1024 s. Finer ticks sort more of the work into
 * the buckets, coarser ones into the heap; 1/1024 s was the fastest on the benchmark's
 * 2 M-node nearest search when each level was one bit (1/64 s cost a fifth more). Times of
 * 1e15 s and more (which no road network gives) share one tick, which keeps the conversion
 * defined; below that, t * 1024 is below 2^63, so the conversion goes through a signed
 * integer, one instruction. The tick never decreases as the time grows.
 */
static inline uint64_t tick_of(double t)
{
    return t < 1e15 ? (uint64_t)(int64_t)(t * 1024.0) : UINT64_C(1) << 60;
}

static enum dosah_status grow(struct dosah_ctx *ctx, struct route_bucket *b)
{
    size_t cap = b->cap ? 2 * b->cap : BUCKET_MIN_CAP;
    struct route_item *item = dosah_reallocarray(ctx, b->item, cap, sizeof *item);
    if (!item)
        return DOSAH_ENOMEM;
    b->item = item;
    b->cap = cap;
    return DOSAH_OK;
}

static inline int item_less(const struct route_item *a, const struct route_item *b)
{
    return a->time_s < b->time_s || (a->time_s == b->time_s && a->src < b->src);
}

/* Adds an entry of the current tick to the heap. */
static enum dosah_status heap_push(struct dosah_ctx *ctx, struct route_bucket *h,
                                   struct route_item it)
{
    size_t i;
    if (h->size == h->cap && grow(ctx, h) != DOSAH_OK)
        return DOSAH_ENOMEM;
    for (i = h->size++; i > 0 && item_less(&it, &h->item[(i - 1) / 2]); i = (i - 1) / 2)
        h->item[i] = h->item[(i - 1) / 2];
    h->item[i] = it;
    return DOSAH_OK;
}

/* Removes the heap's least entry into *out; the heap is not empty. */
static void heap_pop(struct route_bucket *h, struct route_item *out)
{
    struct route_item last = h->item[--h->size];
    size_t i = 0, size = h->size;
    *out = h->item[0];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= size)
            break;
        if (c + 1 < size && item_less(&h->item[c + 1], &h->item[c]))
            c++;
        if (!item_less(&h->item[c], &last))
            break;
        h->item[i] = h->item[c];
        i = c;
    }
    h->item[i] = last;
}

/* Queues an entry whose tick is not below the current one. */
static inline enum dosah_status push(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                     double time_s, uint32_t node, uint32_t src)
{
    uint64_t tick = tick_of(time_s), diff = tick ^ ws->tick;
    struct route_item it;
    struct route_bucket *b;
    unsigned l, d;
    it.time_s = time_s;
    it.node = node;
    it.src = src;
    if (diff == 0)
        return heap_push(ctx, &ws->bucket[0], it);
    l = (63u - (unsigned)__builtin_clzll(diff)) / 4;
    d = (unsigned)(tick >> (4 * l)) & (ROUTE_RADIX - 1);
    b = &ws->bucket[1 + l * ROUTE_RADIX + d];
    if (b->size == b->cap && grow(ctx, b) != DOSAH_OK)
        return DOSAH_ENOMEM;
    b->item[b->size++] = it;
    ws->levels |= (uint16_t)(1u << l);
    ws->digits[l] |= (uint16_t)(1u << d);
    return DOSAH_OK;
}

/*
 * Refills the heap when it is empty: the lowest non-empty bucket's least tick becomes the
 * current one and the bucket's entries move to the heap or to lower buckets. Leaves the
 * heap empty only when the queue is.
 */
static enum dosah_status refill(struct dosah_ctx *ctx, struct dosah_route_workspace *ws)
{
    struct route_bucket *b;
    double least;
    unsigned l, d;
    size_t k, size;

    if (!ws->levels)
        return DOSAH_OK;
    l = (unsigned)__builtin_ctz(ws->levels);
    d = (unsigned)__builtin_ctz(ws->digits[l]);
    b = &ws->bucket[1 + l * ROUTE_RADIX + d];
    size = b->size;
    least = b->item[0].time_s;
    for (k = 1; k < size; k++) /* the least time has the least tick */
        least = b->item[k].time_s < least ? b->item[k].time_s : least;
    ws->tick = tick_of(least);
    /* Every entry lands in the heap or a lower bucket: b is not written while read. */
    b->size = 0;
    ws->digits[l] &= (uint16_t)~(1u << d);
    if (!ws->digits[l])
        ws->levels &= (uint16_t)~(1u << l);
    for (k = 0; k < size; k++) {
        const struct route_item *it = &b->item[k];
        if (push(ctx, ws, it->time_s, it->node, it->src) == DOSAH_OK)
            continue;
        /* The entries not moved are no longer queued: forget their nodes' labels here,
         * since the next search resets only the queued and the settled ones. */
        for (; k < size; k++)
            ws->dist[b->item[k].node] = INFINITY;
        return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

/* 1 when label (d, src) is better than node v's: by time, then by the lower source. A
 * node with no label has time INFINITY, so the source is read only on a tie. */
static inline int better(const struct dosah_route_workspace *ws, uint32_t v, double d,
                         uint32_t src)
{
    return d < ws->dist[v] || (d == ws->dist[v] && src < ws->src[v]);
}

enum dosah_status dosah_route_offer(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                    uint32_t node, double time_s, uint32_t src)
{
    if (!(time_s <= ws->bound_s) || !better(ws, node, time_s, src))
        return DOSAH_OK;
    if (push(ctx, ws, time_s, node, src) != DOSAH_OK)
        return DOSAH_ENOMEM;
    ws->dist[node] = time_s;
    ws->src[node] = src;
    return DOSAH_OK;
}

/* Settles node u (time du, source src) and relaxes its edges. */
static inline enum dosah_status settle(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                       const struct dosah_graph_adjacency *adj, uint32_t u,
                                       double du, uint32_t src)
{
    uint32_t e, end = adj->first[u + 1];
    double bound = ws->bound_s;

    ws->settled[ws->settled_count++] = u;
    for (e = adj->first[u]; e < end; e++) {
        uint32_t v = adj->other[e];
        double d = du + (double)adj->time_s[e];
        if (!better(ws, v, d, src) || !(d <= bound))
            continue;
        if (push(ctx, ws, d, v, src) != DOSAH_OK)
            return DOSAH_ENOMEM;
        ws->dist[v] = d;
        ws->src[v] = src;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_route_run(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                  int reverse, int progress)
{
    struct dosah_graph_adjacency adj;
    struct route_bucket *heap = &ws->bucket[0];
    enum dosah_status st;

    dosah_graph_get_adjacency(ws->g, reverse, &adj);
    for (;;) {
        struct route_item it;
        if (heap->size == 0) {
            if ((st = refill(ctx, ws)) != DOSAH_OK)
                return st;
            if (heap->size == 0)
                break;
        }
        heap_pop(heap, &it);
        if (it.time_s != ws->dist[it.node] || it.src != ws->src[it.node])
            continue; /* a stale entry: the node's label is better */
        if ((st = settle(ctx, ws, &adj, it.node, it.time_s, it.src)) != DOSAH_OK)
            return st;
        if ((ws->settled_count & (PROGRESS_EVERY - 1)) != 0)
            continue;
        if (progress && (st = dosah_progress(ctx, (double)ws->settled_count /
                                                      (double)ws->node_count,
                                             "route")) != DOSAH_OK)
            return st;
        if (!progress && (st = dosah_check_cancel(ctx, "route")) != DOSAH_OK)
            return st;
    }
    return DOSAH_OK;
}

double dosah_route_node_time_s(const struct dosah_route_workspace *ws, uint32_t node)
{
    return dosah_route_is_settled(ws, node) ? ws->dist[node] : NAN;
}

uint32_t dosah_route_node_source(const struct dosah_route_workspace *ws, uint32_t node)
{
    return dosah_route_is_settled(ws, node) ? ws->src[node] : DOSAH_NONE;
}

const uint32_t *dosah_route_settled(const struct dosah_route_workspace *ws, size_t *count)
{
    *count = ws->settled_count;
    return ws->settled;
}
