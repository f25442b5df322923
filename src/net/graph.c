/* SPDX-License-Identifier: MIT */
/*
 * Building the road graph from the model's road lines. A hash table over exact vertex
 * coordinates counts how often each point occurs (a line end counts twice); points that
 * occur twice or more become nodes. Each line is then cut at its nodes into links, the
 * nodes are renumbered along a space-filling curve (order.c) and the links give the
 * forward and reverse CSR adjacency. Everything is in flat arrays of 32-bit ids: the graph
 * is immutable once built and shared read-only by the route searches.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "net/net_internal.h"

#define SLOT_EMPTY UINT32_MAX
#define NOT_A_NODE UINT32_MAX          /* slot or vertex value: the point is no node */
#define NODE_PENDING (UINT32_MAX - 1)  /* a node that has no id yet */

/* One slot of the vertex table: the first vertex seen at a point and a count or node id. */
struct vslot {
    uint32_t vertex;
    uint32_t val;
};

struct vtable {
    struct vslot *slots;
    size_t mask;
    const double *xy;
};

/* The classes of OpenStreetMap's highway tag that pedestrians may not use. */
static const char *const no_walk_classes[] = {"motorway", "motorway_link", "trunk",
                                              "trunk_link"};

void dosah_graph_options_init(struct dosah_graph_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->class_speed_kmh = NULL;
    opt->default_speed_kmh = 0.0;
    opt->ignore_speed_field = 0;
    opt->excluded_classes = NULL;
    opt->file = NULL;
    opt->layer = NULL;
}

void dosah_graph_options_init_walk(struct dosah_graph_options *opt, double speed_kmh)
{
    dosah_graph_options_init(opt);
    opt->default_speed_kmh = speed_kmh;
    opt->ignore_speed_field = 1;
    opt->excluded_classes = no_walk_classes;
    opt->excluded_class_count = sizeof no_walk_classes / sizeof no_walk_classes[0];
}

static int same_xy(const double *xy, size_t a, size_t b)
{
    return xy[2 * a] == xy[2 * b] && xy[2 * a + 1] == xy[2 * b + 1];
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

static uint64_t coord_bits(double d)
{
    uint64_t u;
    if (d == 0.0)
        d = 0.0; /* -0.0 and 0.0 are the same point */
    memcpy(&u, &d, sizeof u);
    return u;
}

/* The slot of vertex v's point, inserted (value 0) when the point is new. */
static struct vslot *vtable_slot(struct vtable *t, uint32_t v)
{
    uint64_t h = mix64(coord_bits(t->xy[2 * (size_t)v]) ^
                       mix64(coord_bits(t->xy[2 * (size_t)v + 1]) + 1));
    size_t i = (size_t)h & t->mask;
    for (;;) {
        struct vslot *s = &t->slots[i];
        if (s->vertex == SLOT_EMPTY) {
            s->vertex = v;
            s->val = 0;
            return s;
        }
        if (same_xy(t->xy, s->vertex, v))
            return s;
        i = (i + 1) & t->mask;
    }
}

/*
 * The vertex range of line i once trailing repeated points are cut: [*first, *end].
 * Returns 0 for a degenerate line (fewer than two distinct points) and for a line of an
 * excluded class (excluded[class], when excluded is not NULL), which add nothing.
 */
static int line_range(const struct dosah_roads *r, const unsigned char *excluded, size_t i,
                      size_t *first, size_t *end)
{
    size_t a = r->vertex_offset[i], e = r->vertex_offset[i + 1];
    if (e <= a + 1)
        return 0;
    if (excluded && r->class_index && r->class_index[i] < r->class_count &&
        excluded[r->class_index[i]])
        return 0;
    e--;
    while (e > a && same_xy(r->xy, e, e - 1))
        e--;
    *first = a;
    *end = e;
    return e > a;
}

static void where_prefix(const struct dosah_graph_options *opt, char *buf, size_t size)
{
    if (opt->file && opt->layer)
        snprintf(buf, size, "roads %s, layer %s", opt->file, opt->layer);
    else if (opt->file || opt->layer)
        snprintf(buf, size, "roads %s", opt->file ? opt->file : opt->layer);
    else
        snprintf(buf, size, "roads");
}

static const char *class_name(const struct dosah_roads *r, uint32_t c)
{
    if (c == DOSAH_NONE || c >= r->class_count || !r->class_names || !r->class_names[c])
        return NULL;
    return r->class_names[c];
}

/* Why a line has no usable speed. */
enum speed_problem {
    SPEED_OK = 0,
    SPEED_FIELD_BAD,     /* the speed field holds a non-positive or infinite value */
    SPEED_TABLE_BAD,     /* the class table gives a non-positive or infinite value */
    SPEED_CLASS_MISSING, /* the class is not in the table and there is no default */
    SPEED_NONE           /* no class, no speed field value, no default */
};

/* Speed of line i in m/s: the speed field, else the class table, else the default. */
static enum speed_problem line_speed(const struct dosah_roads *r,
                                     const struct dosah_graph_options *opt, size_t i,
                                     double *speed_ms)
{
    double kmh = r->speed_kmh && !opt->ignore_speed_field ? (double)r->speed_kmh[i] : NAN;
    uint32_t c = r->class_index ? r->class_index[i] : DOSAH_NONE;
    int from_table = 0;

    if (!isnan(kmh) && !(isfinite(kmh) && kmh > 0.0))
        return SPEED_FIELD_BAD;
    if (isnan(kmh) && c != DOSAH_NONE && c < opt->class_count && opt->class_speed_kmh) {
        kmh = opt->class_speed_kmh[c];
        from_table = !isnan(kmh);
    }
    if (isnan(kmh))
        kmh = opt->default_speed_kmh;
    if (isfinite(kmh) && kmh > 0.0) {
        *speed_ms = kmh / 3.6;
        return SPEED_OK;
    }
    if (from_table)
        return SPEED_TABLE_BAD;
    return class_name(r, c) ? SPEED_CLASS_MISSING : SPEED_NONE;
}

/* The known class nearest to name (case and accents aside) within typing distance: at most
 * a third of the folded name's length, at least 2, and less than the whole name; the
 * first such in the table on a tie. NULL when none is that near. */
static const char *nearest_class(const struct dosah_graph_options *opt, const char *name)
{
    char a[256], b[256];
    size_t len = dosah_fold(name, a, sizeof a), k;
    unsigned best = UINT32_MAX, limit = len / 3 > 2 ? (unsigned)(len / 3) : 2;
    const char *found = NULL;
    for (k = 0; k < opt->known_class_count; k++) {
        unsigned d;
        dosah_fold(opt->known_classes[k], b, sizeof b);
        d = dosah_edit_distance(a, b);
        if (d < best) {
            best = d;
            found = opt->known_classes[k];
        }
    }
    return found && best <= limit && best < len ? found : NULL;
}

/* Sets DOSAH_EINVAL with a message naming the feature, its class and the fix. */
static enum dosah_status speed_error(struct dosah_ctx *ctx, const struct dosah_roads *r,
                                     const struct dosah_graph_options *opt, size_t i,
                                     enum speed_problem problem)
{
    char where[512];
    uint32_t c = r->class_index ? r->class_index[i] : DOSAH_NONE;
    const char *name = class_name(r, c), *near;
    long fid = r->fid ? r->fid[i] : (long)i;

    where_prefix(opt, where, sizeof where);
    switch (problem) {
    case SPEED_FIELD_BAD:
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: feature %ld: speed %g km/h is not a positive number; fix "
                               "the speed field or leave it empty to use the class speed",
                               where, fid, (double)r->speed_kmh[i]);
    case SPEED_TABLE_BAD:
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: feature %ld: road class \"%s\" has speed %g km/h in "
                               "network.speeds_kmh; speeds must be positive",
                               where, fid, name ? name : "?", opt->class_speed_kmh[c]);
    case SPEED_CLASS_MISSING:
        near = nearest_class(opt, name);
        if (near)
            return dosah_error_set(ctx, DOSAH_EINVAL,
                                   "%s: feature %ld: road class \"%s\" has no speed; did "
                                   "you mean \"%s\"? Otherwise add it to network.speeds_kmh "
                                   "in the scenario (or set network.default_speed_kmh)",
                                   where, fid, name, near);
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: feature %ld: road class \"%s\" has no speed; add it to "
                               "network.speeds_kmh in the scenario (or set "
                               "network.default_speed_kmh)",
                               where, fid, name);
    default:
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: feature %ld has no road class and no speed; fill the "
                               "class or speed field, or set network.default_speed_kmh in "
                               "the scenario", where, fid);
    }
}

/* Checks sizes, coordinates and that every line not excluded has a speed. */
static enum dosah_status check_roads(struct dosah_ctx *ctx, const struct dosah_roads *r,
                                     const struct dosah_graph_options *opt,
                                     const unsigned char *excluded)
{
    char where[512];
    size_t i, v, n = r->line_count ? r->vertex_offset[r->line_count] : 0;
    double speed;

    where_prefix(opt, where, sizeof where);
    if (!isnan(opt->default_speed_kmh) &&
        !(isfinite(opt->default_speed_kmh) && opt->default_speed_kmh >= 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "network.default_speed_kmh is %g; it must "
                               "be a positive speed (or 0 for none)", opt->default_speed_kmh);
    /* 2^30 vertices keep every vertex, slot and link index below the 32-bit markers. */
    if (n >= (size_t)1 << 30 || r->line_count >= UINT32_MAX)
        return dosah_error_set(ctx, DOSAH_EINVAL, "%s: %zu vertices in %zu lines is more than "
                               "the road graph can hold (2^30 vertices)", where, n,
                               r->line_count);
    for (i = 0; i < r->line_count; i++) {
        size_t a, e;
        for (v = r->vertex_offset[i]; v < r->vertex_offset[i + 1]; v++)
            if (!isfinite(r->xy[2 * v]) || !isfinite(r->xy[2 * v + 1]))
                return dosah_error_set(ctx, DOSAH_EINVAL, "%s: feature %ld has a coordinate "
                                       "that is not a finite number", where,
                                       r->fid ? r->fid[i] : (long)i);
        if (line_range(r, excluded, i, &a, &e)) {
            enum speed_problem p = line_speed(r, opt, i, &speed);
            if (p != SPEED_OK)
                return speed_error(ctx, r, opt, i, p);
        }
    }
    return DOSAH_OK;
}

/*
 * Counts occurrences per point (line ends twice, saturating at 2) and notes each kept
 * vertex's slot in vnode (repeated vertices keep NOT_A_NODE). Returns the node count;
 * *lines gets the number of lines that are not degenerate.
 */
static size_t count_points(struct vtable *t, const struct dosah_roads *r,
                           const unsigned char *excluded, uint32_t *vnode, size_t *lines)
{
    size_t i, k, a, e, nodes = 0;
    *lines = 0;
    for (i = 0; i < r->line_count; i++) {
        if (!line_range(r, excluded, i, &a, &e))
            continue;
        ++*lines;
        for (k = a; k <= e; k++) {
            struct vslot *s;
            if (k > a && same_xy(r->xy, k, k - 1))
                continue;
            s = vtable_slot(t, (uint32_t)k);
            vnode[k] = (uint32_t)(s - t->slots);
            s->val += (k == a || k == e) ? 2 : 1;
            if (s->val > 2)
                s->val = 2;
        }
    }
    for (k = 0; k <= t->mask; k++) {
        struct vslot *s = &t->slots[k];
        if (s->vertex != SLOT_EMPTY && s->val >= 2) {
            s->val = NODE_PENDING;
            nodes++;
        } else {
            s->val = NOT_A_NODE;
        }
    }
    return nodes;
}

/*
 * Gives nodes their ids in order of first appearance and turns vnode into each vertex's
 * node id (NOT_A_NODE for other vertices). Returns the number of node occurrences.
 */
static size_t number_nodes(struct vtable *t, struct dosah_graph *g, uint32_t *vnode,
                           size_t nv)
{
    size_t k, occurrences = 0;
    for (k = 0; k < nv; k++) {
        struct vslot *s;
        if (vnode[k] == NOT_A_NODE)
            continue;
        s = &t->slots[vnode[k]];
        if (s->val == NODE_PENDING) {
            s->val = (uint32_t)g->node_count;
            g->node_vertex[g->node_count++] = (uint32_t)k;
        }
        vnode[k] = s->val;
        occurrences += s->val != NOT_A_NODE;
    }
    return occurrences;
}

static void add_link(struct dosah_graph *g, size_t v0, size_t v1, uint32_t from, uint32_t to,
                     double length_m, double speed_ms, int oneway)
{
    size_t l = g->link_count;
    float len = (float)length_m;
    if (!(len > 0.0f))
        return; /* a degenerate link: nothing to travel */
    g->link_v0[l] = (uint32_t)v0;
    g->link_v1[l] = (uint32_t)v1;
    g->link_from[l] = from;
    g->link_to[l] = to;
    g->link_length[l] = len;
    g->link_time[l] = (float)(length_m / speed_ms);
    g->link_oneway[l] = (signed char)(oneway > 0 ? 1 : oneway < 0 ? -1 : 0);
    g->link_count++;
}

/* Cuts every line at its nodes into links (repeated vertices add no length). */
static void make_links(struct dosah_graph *g, const struct dosah_graph_options *opt,
                       const unsigned char *excluded, const uint32_t *vnode)
{
    const struct dosah_roads *r = g->roads;
    const double *xy = r->xy;
    size_t i, k, a, e;
    for (i = 0; i < r->line_count; i++) {
        size_t start;
        uint32_t from;
        double length = 0.0, speed = 1.0;
        int oneway = r->oneway ? r->oneway[i] : 0;
        if (!line_range(r, excluded, i, &a, &e))
            continue;
        line_speed(r, opt, i, &speed); /* checked before: cannot fail */
        start = a;
        from = vnode[a];
        for (k = a + 1; k <= e; k++) {
            length += hypot(xy[2 * k] - xy[2 * k - 2], xy[2 * k + 1] - xy[2 * k - 1]);
            if (vnode[k] == NOT_A_NODE)
                continue;
            add_link(g, start, k, from, vnode[k], length, speed, oneway);
            start = k;
            from = vnode[k];
            length = 0.0;
        }
    }
}

/* Builds one CSR side: forward (out-edges with heads) or reverse (in-edges with tails). */
static enum dosah_status make_csr(struct dosah_ctx *ctx, struct dosah_graph *g, int reverse)
{
    size_t n = g->node_count, l, v, m = 0;
    uint32_t *first = dosah_calloc(ctx, n + 1, sizeof *first), *other = NULL;
    float *time = NULL;

    if (!first)
        goto fail;
    for (l = 0; l < g->link_count; l++) {
        uint32_t a = g->link_from[l], b = g->link_to[l];
        if (a == b)
            continue; /* a loop never shortens a path; it stays a link for snapping */
        if (g->link_oneway[l] >= 0)
            first[(reverse ? b : a) + 1]++;
        if (g->link_oneway[l] <= 0)
            first[(reverse ? a : b) + 1]++;
    }
    for (v = 0; v < n; v++)
        first[v + 1] += first[v];
    m = first[n];
    other = dosah_malloc(ctx, m * sizeof *other);
    time = dosah_malloc(ctx, m * sizeof *time);
    if (!other || !time)
        goto fail;
    /* first[v] serves as the fill cursor of node v - 1's successor, then shifts back. */
    for (l = 0; l < g->link_count; l++) {
        uint32_t a = g->link_from[l], b = g->link_to[l], e;
        if (a == b)
            continue;
        if (g->link_oneway[l] >= 0) {
            e = first[reverse ? b : a]++;
            other[e] = reverse ? a : b;
            time[e] = g->link_time[l];
        }
        if (g->link_oneway[l] <= 0) {
            e = first[reverse ? a : b]++;
            other[e] = reverse ? b : a;
            time[e] = g->link_time[l];
        }
    }
    for (v = n; v > 0; v--)
        first[v] = first[v - 1];
    first[0] = 0;
    g->edge_count = m;
    if (reverse) {
        g->rev_first = first;
        g->rev_tail = other;
        g->rev_time = time;
    } else {
        g->fwd_first = first;
        g->fwd_head = other;
        g->fwd_time = time;
    }
    return DOSAH_OK;
fail:
    dosah_free(first);
    dosah_free(other);
    dosah_free(time);
    return DOSAH_ENOMEM;
}

static enum dosah_status alloc_links(struct dosah_ctx *ctx, struct dosah_graph *g, size_t cap)
{
    g->link_cap = cap;
    g->link_v0 = dosah_malloc(ctx, cap * sizeof *g->link_v0);
    g->link_v1 = dosah_malloc(ctx, cap * sizeof *g->link_v1);
    g->link_from = dosah_malloc(ctx, cap * sizeof *g->link_from);
    g->link_to = dosah_malloc(ctx, cap * sizeof *g->link_to);
    g->link_length = dosah_malloc(ctx, cap * sizeof *g->link_length);
    g->link_time = dosah_malloc(ctx, cap * sizeof *g->link_time);
    g->link_oneway = dosah_malloc(ctx, cap * sizeof *g->link_oneway);
    if (!g->link_v0 || !g->link_v1 || !g->link_from || !g->link_to || !g->link_length ||
        !g->link_time || !g->link_oneway)
        return DOSAH_ENOMEM;
    return DOSAH_OK;
}

/*
 * Finds the nodes and cuts the lines into links. The vertex table is freed before the links
 * are allocated, which keeps the peak memory of a build down.
 */
static enum dosah_status make_nodes_and_links(struct dosah_ctx *ctx, struct dosah_graph *g,
                                              const struct dosah_graph_options *opt,
                                              const unsigned char *excluded)
{
    const struct dosah_roads *r = g->roads;
    size_t nv = r->line_count ? r->vertex_offset[r->line_count] : 0, cap = 16, nodes, lines;
    size_t occurrences;
    struct vtable t;
    uint32_t *vnode = NULL;
    enum dosah_status st = DOSAH_ENOMEM;

    while (cap < nv + nv / 2)
        cap *= 2;
    t.xy = r->xy;
    t.mask = cap - 1;
    t.slots = dosah_malloc(ctx, cap * sizeof *t.slots);
    vnode = dosah_malloc(ctx, nv * sizeof *vnode);
    if (!t.slots || !vnode)
        goto done;
    memset(t.slots, 0xff, cap * sizeof *t.slots);
    memset(vnode, 0xff, nv * sizeof *vnode);
    nodes = count_points(&t, r, excluded, vnode, &lines);
    if ((st = dosah_check_cancel(ctx, "network")))
        goto done;
    st = DOSAH_ENOMEM;
    g->node_vertex = dosah_malloc(ctx, nodes * sizeof *g->node_vertex);
    if (!g->node_vertex)
        goto done;
    occurrences = number_nodes(&t, g, vnode, nv);
    dosah_free(t.slots);
    t.slots = NULL;
    if ((st = dosah_check_cancel(ctx, "network")))
        goto done;
    st = DOSAH_ENOMEM;
    /* Each line's first node occurrence starts its first link, every other one ends one. */
    if (alloc_links(ctx, g, occurrences - lines) != DOSAH_OK)
        goto done;
    make_links(g, opt, excluded, vnode);
    st = DOSAH_OK;
done:
    dosah_free(vnode);
    dosah_free(t.slots);
    return st;
}

static enum dosah_status copy_names(struct dosah_ctx *ctx, struct dosah_graph *g,
                                    const struct dosah_graph_options *opt)
{
    if (opt->file && !(g->file = dosah_strdup(ctx, opt->file)))
        return DOSAH_ENOMEM;
    if (opt->layer && !(g->layer = dosah_strdup(ctx, opt->layer)))
        return DOSAH_ENOMEM;
    return DOSAH_OK;
}

/*
 * Per road class, 1 when the options exclude it (by name); *out stays NULL when they
 * exclude nothing.
 */
static enum dosah_status excluded_classes(struct dosah_ctx *ctx, const struct dosah_roads *r,
                                          const struct dosah_graph_options *opt,
                                          unsigned char **out)
{
    size_t c, k;
    *out = NULL;
    if (!opt->excluded_classes || opt->excluded_class_count == 0 || r->class_count == 0 ||
        !r->class_names)
        return DOSAH_OK;
    if (!(*out = dosah_calloc(ctx, r->class_count, 1)))
        return DOSAH_ENOMEM;
    for (c = 0; c < r->class_count; c++)
        for (k = 0; k < opt->excluded_class_count; k++)
            if (r->class_names[c] && opt->excluded_classes[k] &&
                strcmp(r->class_names[c], opt->excluded_classes[k]) == 0)
                (*out)[c] = 1;
    return DOSAH_OK;
}

/* Vertices per entry of the table that narrows a segment's link down (a power of two). */
#define SEG_BLOCK 64u

/* seg_block[b]: the number of links whose first vertex lies before vertex b * SEG_BLOCK, for
 * every block up to the one past the last vertex; dosah_net_segment_link searches only the
 * links between two entries. */
static enum dosah_status make_seg_blocks(struct dosah_ctx *ctx, struct dosah_graph *g)
{
    size_t nv = g->roads->line_count ? g->roads->vertex_offset[g->roads->line_count] : 0;
    size_t b, l = 0;
    g->seg_blocks = nv / SEG_BLOCK + 2;
    if (!(g->seg_block = dosah_malloc(ctx, g->seg_blocks * sizeof *g->seg_block)))
        return DOSAH_ENOMEM;
    for (b = 0; b < g->seg_blocks; b++) {
        while (l < g->link_count && g->link_v0[l] < b * SEG_BLOCK)
            l++;
        g->seg_block[b] = (uint32_t)l;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_graph_build(struct dosah_ctx *ctx, const struct dosah_roads *roads,
                                    const struct dosah_graph_options *opt,
                                    struct dosah_graph **out)
{
    struct dosah_graph_options defaults;
    struct dosah_graph *g = NULL;
    unsigned char *excluded = NULL;
    enum dosah_status st;

    *out = NULL;
    if (!opt) {
        dosah_graph_options_init(&defaults);
        opt = &defaults;
    }
    if ((st = excluded_classes(ctx, roads, opt, &excluded)) != DOSAH_OK ||
        (st = check_roads(ctx, roads, opt, excluded)) != DOSAH_OK)
        goto fail;
    g = dosah_calloc(ctx, 1, sizeof *g);
    if (!g) {
        st = DOSAH_ENOMEM;
        goto fail;
    }
    g->roads = roads;
    if ((st = copy_names(ctx, g, opt)) != DOSAH_OK ||
        (st = dosah_progress(ctx, 0.0, "network")) != DOSAH_OK ||
        (st = make_nodes_and_links(ctx, g, opt, excluded)) != DOSAH_OK ||
        (st = dosah_net_order_nodes(ctx, g)) != DOSAH_OK ||
        (st = dosah_progress(ctx, 0.6, "network")) != DOSAH_OK ||
        (st = make_csr(ctx, g, 0)) != DOSAH_OK || (st = dosah_check_cancel(ctx, "network")) ||
        (st = make_csr(ctx, g, 1)) != DOSAH_OK ||
        (st = dosah_progress(ctx, 0.8, "network")) != DOSAH_OK ||
        (st = dosah_net_components(ctx, g)) != DOSAH_OK ||
        (st = make_seg_blocks(ctx, g)) != DOSAH_OK ||
        (st = dosah_progress(ctx, 1.0, "network")) != DOSAH_OK)
        goto fail;
    dosah_free(excluded);
    *out = g;
    return DOSAH_OK;
fail:
    dosah_graph_destroy(g);
    dosah_free(excluded);
    return st;
}

struct dosah_graph *dosah_graph_destroy(struct dosah_graph *g)
{
    if (!g)
        return NULL;
    dosah_free(g->comp[DOSAH_STRONG]);
    dosah_free(g->comp[DOSAH_WEAK]);
    dosah_free(g->link_oneway);
    dosah_free(g->link_time);
    dosah_free(g->link_length);
    dosah_free(g->link_to);
    dosah_free(g->link_from);
    dosah_free(g->link_v1);
    dosah_free(g->link_v0);
    dosah_free(g->seg_block);
    dosah_free(g->rev_time);
    dosah_free(g->rev_tail);
    dosah_free(g->rev_first);
    dosah_free(g->fwd_time);
    dosah_free(g->fwd_head);
    dosah_free(g->fwd_first);
    dosah_free(g->node_vertex);
    dosah_free(g->layer);
    dosah_free(g->file);
    dosah_free(g);
    return NULL;
}

size_t dosah_graph_node_count(const struct dosah_graph *g)
{
    return g->node_count;
}

size_t dosah_graph_edge_count(const struct dosah_graph *g)
{
    return g->edge_count;
}

size_t dosah_graph_link_count(const struct dosah_graph *g)
{
    return g->link_count;
}

size_t dosah_graph_memory(const struct dosah_graph *g)
{
    size_t n = g->node_count, m = g->edge_count, l = g->link_cap;
    size_t bytes = sizeof *g;
    bytes += g->file ? strlen(g->file) + 1 : 0;
    bytes += g->layer ? strlen(g->layer) + 1 : 0;
    bytes += n * sizeof(uint32_t) * 3;                  /* node_vertex, two component ids */
    bytes += 2 * ((n + 1) * sizeof(uint32_t) + m * (sizeof(uint32_t) + sizeof(float)));
    bytes += l * (4 * sizeof(uint32_t) + 2 * sizeof(float) + sizeof(signed char));
    bytes += g->seg_blocks * sizeof(uint32_t);
    return bytes;
}

const struct dosah_roads *dosah_graph_get_roads(const struct dosah_graph *g)
{
    return g->roads;
}

struct dosah_point dosah_graph_node_xy(const struct dosah_graph *g, uint32_t node)
{
    struct dosah_point p;
    size_t v = g->node_vertex[node];
    p.x = g->roads->xy[2 * v];
    p.y = g->roads->xy[2 * v + 1];
    return p;
}

void dosah_graph_get_adjacency(const struct dosah_graph *g, int reverse,
                               struct dosah_graph_adjacency *adj)
{
    adj->first = reverse ? g->rev_first : g->fwd_first;
    adj->other = reverse ? g->rev_tail : g->fwd_head;
    adj->time_s = reverse ? g->rev_time : g->fwd_time;
}

uint32_t dosah_graph_link_line(const struct dosah_graph *g, uint32_t link)
{
    const size_t *off = g->roads->vertex_offset;
    size_t lo = 0, hi = g->roads->line_count, v = g->link_v0[link];
    /* The last line whose first vertex is <= v (empty lines share offsets: skip past). */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (off[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

uint32_t dosah_net_segment_link(const struct dosah_graph *g, uint32_t seg)
{
    size_t b = seg / SEG_BLOCK, lo, hi;
    if (g->link_count == 0 || g->link_v0[0] > seg || b + 1 >= g->seg_blocks)
        return DOSAH_NONE;
    /* The last link starting at or before seg: not before the last one starting before the
     * block (or link 0), and before the first one starting after it. */
    lo = g->seg_block[b] ? g->seg_block[b] - 1 : 0;
    hi = g->seg_block[b + 1];
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->link_v0[mid] <= seg)
            lo = mid;
        else
            hi = mid;
    }
    return seg < g->link_v1[lo] ? (uint32_t)lo : DOSAH_NONE;
}

void dosah_graph_get_link(const struct dosah_graph *g, uint32_t link,
                          struct dosah_graph_link *out)
{
    out->first_vertex = g->link_v0[link];
    out->last_vertex = g->link_v1[link];
    out->from_node = g->link_from[link];
    out->to_node = g->link_to[link];
    out->length_m = g->link_length[link];
    out->time_s = g->link_time[link];
    out->oneway = g->link_oneway[link];
}

void dosah_graph_get_components(const struct dosah_graph *g, enum dosah_connectivity kind,
                                struct dosah_graph_components *out)
{
    out->count = g->comp_count[kind];
    out->of_node = g->comp[kind];
    out->largest = g->comp_largest[kind];
    out->largest_nodes = g->comp_largest_nodes[kind];
}
