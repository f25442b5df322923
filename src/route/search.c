/* SPDX-License-Identifier: MIT */
/*
 * The Dijkstra engine behind every search: a per-thread workspace with a radix queue.
 *
 * Labels are ordered by time and then by the lower source index, which makes the nearest
 * facility of a tie deterministic. A time is a non-negative double, and the bits of such a
 * double, read as an unsigned integer, order exactly like the number; with the source index
 * below them, a label is a 96-bit integer key compared exactly, with no rounding of times.
 * Dijkstra takes labels in non-decreasing order, which is all a radix queue needs: bucket 0
 * holds entries equal to the last one taken, bucket b > 0 those whose highest bit that
 * differs from it is bit b - 1 of the key. When bucket 0 runs empty, the lowest non-empty
 * bucket gives the new least entry and its entries move down into lower buckets. Entries
 * are only ever appended to, scanned in and emptied from short arrays, so the queue costs a
 * few sequential passes per entry instead of the heap's random jumps (and its position
 * updates in the labels, which missed the cache once per level on large graphs). A node
 * whose label improves gets a new entry; the stale one is skipped once the node is
 * settled. Labels above the search's bound are never queued.
 *
 * Per-node labels carry a search stamp instead of being cleared, so a bounded search costs
 * its reach, not the graph's size. The queue's buckets grow on demand and keep their
 * memory, so a workspace stops allocating after its first searches.
 */
#include <math.h>
#include <string.h>

#include "route/route_internal.h"

/* Progress is reported every this many settled nodes (a power of two). */
#define PROGRESS_EVERY 65536u
/* Entries a bucket gets when it is first used. */
#define BUCKET_MIN_CAP 64

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
    ws->label = dosah_calloc(ctx, n ? n : 1, sizeof *ws->label);
    ws->settled = dosah_malloc(ctx, (n ? n : 1) * sizeof *ws->settled);
    if (!ws->label || !ws->settled) {
        dosah_route_workspace_destroy(ws);
        return DOSAH_ENOMEM;
    }
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
    dosah_free(ws->label);
    dosah_free(ws);
    return NULL;
}

size_t dosah_route_workspace_memory(const struct dosah_route_workspace *ws)
{
    size_t b, bytes = sizeof *ws + ws->node_count * (sizeof *ws->label + sizeof *ws->settled);
    for (b = 0; b < ROUTE_BUCKETS; b++)
        bytes += ws->bucket[b].cap * sizeof(struct route_item);
    return bytes;
}

void dosah_route_begin(struct dosah_route_workspace *ws, double max_time_s)
{
    size_t b;
    ws->settled_count = 0;
    if (ws->now >= UINT32_MAX - 3) {
        /* The stamp would wrap after 2^31 searches: clear once and go on. */
        size_t v;
        for (v = 0; v < ws->node_count; v++)
            ws->label[v].stamp = 0;
        ws->now = 0;
    }
    ws->now += 2;
    ws->bound_s = max_time_s + DOSAH_ROUTE_SLACK_S;
    ws->last_key = 0;
    ws->last_src = 0;
    ws->nonempty[0] = ws->nonempty[1] = 0;
    for (b = 0; b < ROUTE_BUCKETS; b++)
        ws->bucket[b].size = 0;
}

/* The bits of a time; -0.0 becomes 0.0 so that it orders first, like the number. */
static inline uint64_t time_key(double t)
{
    uint64_t k;
    t += 0.0;
    memcpy(&k, &t, sizeof k);
    return k;
}

static inline double key_time(uint64_t k)
{
    double t;
    memcpy(&t, &k, sizeof t);
    return t;
}

/* The bucket of (key, src) relative to the last entry taken, which is never greater. */
static inline unsigned bucket_of(const struct dosah_route_workspace *ws, uint64_t key,
                                 uint32_t src)
{
    uint64_t dk = key ^ ws->last_key;
    uint32_t ds;
    if (dk)
        return 96u - (unsigned)__builtin_clzll(dk);
    ds = src ^ ws->last_src;
    return ds ? 32u - (unsigned)__builtin_clz(ds) : 0u;
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

static inline enum dosah_status push(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                     uint64_t key, uint32_t node, uint32_t src)
{
    unsigned i = bucket_of(ws, key, src);
    struct route_bucket *b = &ws->bucket[i];
    struct route_item *it;
    if (b->size == b->cap && grow(ctx, b) != DOSAH_OK)
        return DOSAH_ENOMEM;
    it = &b->item[b->size++];
    it->key = key;
    it->node = node;
    it->src = src;
    ws->nonempty[i >> 6] |= UINT64_C(1) << (i & 63);
    return DOSAH_OK;
}

static inline int item_less(const struct route_item *a, const struct route_item *b)
{
    return a->key < b->key || (a->key == b->key && a->src < b->src);
}

/*
 * Refills bucket 0 when it is empty: the lowest non-empty bucket's least entry becomes the
 * last one taken and the bucket's entries move to lower buckets (at least that entry to
 * bucket 0). Leaves bucket 0 empty only when the queue is.
 */
static enum dosah_status refill(struct dosah_ctx *ctx, struct dosah_route_workspace *ws)
{
    struct route_bucket *b;
    unsigned i;
    size_t k, m = 0, size;

    if (ws->nonempty[0] & ~UINT64_C(1))
        i = (unsigned)__builtin_ctzll(ws->nonempty[0] & ~UINT64_C(1));
    else if (ws->nonempty[1])
        i = 64u + (unsigned)__builtin_ctzll(ws->nonempty[1]);
    else
        return DOSAH_OK;
    b = &ws->bucket[i];
    size = b->size;
    for (k = 1; k < size; k++)
        if (item_less(&b->item[k], &b->item[m]))
            m = k;
    ws->last_key = b->item[m].key;
    ws->last_src = b->item[m].src;
    /* Every entry lands in a lower bucket, so b's array is not written while read. */
    b->size = 0;
    ws->nonempty[i >> 6] &= ~(UINT64_C(1) << (i & 63));
    for (k = 0; k < size; k++) {
        const struct route_item *it = &b->item[k];
        if (push(ctx, ws, it->key, it->node, it->src) != DOSAH_OK)
            return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_route_offer(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                    uint32_t node, double time_s, uint32_t src)
{
    struct route_label *l = &ws->label[node];
    if (l->stamp == ws->now) {
        if (!(time_s < l->dist || (time_s == l->dist && src < l->src)))
            return DOSAH_OK;
    } else if (!(time_s <= ws->bound_s)) {
        return DOSAH_OK;
    }
    l->dist = time_s;
    l->src = src;
    l->stamp = ws->now;
    return push(ctx, ws, time_key(time_s), node, src);
}

/* Settles node u (time du, source src) and relaxes its edges. */
static inline enum dosah_status settle(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                       const struct dosah_graph_adjacency *adj, uint32_t u,
                                       double du, uint32_t src)
{
    struct route_label *label = ws->label;
    uint32_t now = ws->now, e, end = adj->first[u + 1];
    double bound = ws->bound_s;

    label[u].stamp = now + 1;
    ws->settled[ws->settled_count++] = u;
    for (e = adj->first[u]; e < end; e++) {
        uint32_t v = adj->other[e];
        double d = du + (double)adj->time_s[e];
        struct route_label *l = &label[v];
        if (l->stamp == now) {
            if (!(d < l->dist || (d == l->dist && src < l->src)))
                continue;
        } else if (l->stamp == now + 1 || !(d <= bound)) {
            continue;
        }
        l->dist = d;
        l->src = src;
        l->stamp = now;
        if (push(ctx, ws, time_key(d), v, src) != DOSAH_OK)
            return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_route_run(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                  int reverse, int progress)
{
    struct dosah_graph_adjacency adj;
    struct route_bucket *b0 = &ws->bucket[0];
    enum dosah_status st;

    dosah_graph_get_adjacency(ws->g, reverse, &adj);
    for (;;) {
        struct route_item it;
        if (b0->size == 0) {
            if ((st = refill(ctx, ws)) != DOSAH_OK)
                return st;
            if (b0->size == 0)
                break;
        }
        it = b0->item[--b0->size];
        if (b0->size == 0)
            ws->nonempty[0] &= ~UINT64_C(1);
        if (ws->label[it.node].stamp == ws->now + 1)
            continue; /* a stale entry of a settled node */
        if ((st = settle(ctx, ws, &adj, it.node, key_time(it.key), it.src)) != DOSAH_OK)
            return st;
        if (progress && (ws->settled_count & (PROGRESS_EVERY - 1)) == 0 &&
            (st = dosah_progress(ctx, (double)ws->settled_count / (double)ws->node_count,
                                 "route")) != DOSAH_OK)
            return st;
    }
    return DOSAH_OK;
}

double dosah_route_node_time_s(const struct dosah_route_workspace *ws, uint32_t node)
{
    return dosah_route_is_settled(ws, node) ? ws->label[node].dist : NAN;
}

uint32_t dosah_route_node_source(const struct dosah_route_workspace *ws, uint32_t node)
{
    return dosah_route_is_settled(ws, node) ? ws->label[node].src : DOSAH_NONE;
}

const uint32_t *dosah_route_settled(const struct dosah_route_workspace *ws, size_t *count)
{
    *count = ws->settled_count;
    return ws->settled;
}
