/* SPDX-License-Identifier: MIT */
/*
 * Searches between snapped points: the nearest facility of every demand point (one
 * multi-source search over all facilities of a service) and the bounded reach of one
 * facility. A snapped point joins the graph through legs on its partial link: its access
 * walk, then toward the link's ends that its one-way restriction allows (or just the node,
 * when it sits exactly on one). Field services search forward from the facilities; ambulant
 * and residential services search the reversed graph from them, which gives every client's
 * time to its nearest facility in the same single search. A facility and a client on the
 * same link are also joined directly along it.
 */
#include <math.h>
#include <stdlib.h>

#include "core/core_internal.h"
#include "route/route_internal.h"

/* A source on a link, for finding the sources that share a target's link. */
struct source_ref {
    uint32_t link;
    uint32_t index;
};

/* The best label found for one target so far. */
struct best {
    double time_s;
    uint32_t source;
};

/*
 * The legs of a snapped point: leaving = 1 for travel from the point onto the graph, 0
 * for travel from the graph to the point. Returns their number (0 to 2).
 */
static int point_legs(const struct dosah_graph *g, const struct dosah_snap *s, int leaving,
                      struct route_leg legs[2])
{
    struct dosah_graph_link l;
    int n = 0, forward, backward;
    double x = s->along_m;

    dosah_graph_get_link(g, s->link, &l);
    if (x <= 0.0 || x >= l.length_m) {
        legs[0].node = x <= 0.0 ? l.from_node : l.to_node;
        legs[0].time_s = 0.0;
        return 1;
    }
    /* Leaving toward to_node, or arriving from from_node, both run along the link. */
    forward = l.oneway >= 0;
    backward = l.oneway <= 0;
    if (leaving ? forward : backward) {
        legs[n].node = l.to_node;
        legs[n++].time_s = l.time_s * ((l.length_m - x) / l.length_m);
    }
    if (leaving ? backward : forward) {
        legs[n].node = l.from_node;
        legs[n++].time_s = l.time_s * (x / l.length_m);
    }
    return n;
}

/* Time along a link from position x0 to x1 (metres), INFINITY when one-way forbids it. */
static double along_time(const struct dosah_graph *g, uint32_t link, double x0, double x1)
{
    struct dosah_graph_link l;
    dosah_graph_get_link(g, link, &l);
    if (x0 == x1)
        return 0.0;
    if (x0 < x1 ? l.oneway < 0 : l.oneway > 0)
        return INFINITY;
    return l.time_s * (fabs(x1 - x0) / l.length_m);
}

double dosah_route_direct_s(const struct dosah_graph *g, const struct dosah_snap *source,
                            const struct dosah_snap *target, enum dosah_route_direction dir)
{
    double along = dir == DOSAH_ROUTE_FROM_SOURCES
                       ? along_time(g, target->link, source->along_m, target->along_m)
                       : along_time(g, target->link, target->along_m, source->along_m);
    return source->access_s + along;
}

/* A candidate time; an infinite one (a one-way link forbids the direct way) is none. */
static void consider(struct best *b, double time_s, uint32_t source)
{
    if (!isfinite(time_s))
        return;
    if (time_s < b->time_s || (time_s == b->time_s && source < b->source)) {
        b->time_s = time_s;
        b->source = source;
    }
}

/* First ref on link (refs sorted by link, then index), or count when none. */
static size_t first_ref(const struct source_ref *refs, size_t count, uint32_t link)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (refs[mid].link < link)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void dosah_route_target_legs(const struct dosah_graph *g, const struct dosah_snap *t,
                             size_t n, enum dosah_route_direction dir,
                             struct route_target *out)
{
    size_t i;
    for (i = 0; i < n; i++)
        out[i].count = t[i].attached ? point_legs(g, &t[i], dir != DOSAH_ROUTE_FROM_SOURCES,
                                                  out[i].leg)
                                     : 0;
}

/*
 * The time and nearest source of one target after a search: through the settled ends of
 * its link (its n legs), directly from a source on the same link, or by the direct way from
 * a source of the grid near it (see struct dosah_route_options; grid NULL: none). NAN and
 * DOSAH_NONE when unreachable or above max_time_s.
 */
static void eval_target(const struct dosah_route_workspace *ws, const struct dosah_snap *t,
                        const struct route_leg *legs, int n, const struct dosah_snap *sources,
                        const struct source_ref *refs, size_t ref_count,
                        const struct route_grid *grid, const struct dosah_route_options *opt,
                        double *time_s, uint32_t *nearest)
{
    struct best b = {INFINITY, DOSAH_NONE};
    size_t r, lo[3], hi[3], k, runs;
    int i;

    *time_s = NAN;
    *nearest = DOSAH_NONE;
    if (!t->attached)
        return;
    for (i = 0; i < n; i++)
        if (dosah_route_is_settled(ws, legs[i].node))
            consider(&b, ws->dist[legs[i].node] + legs[i].time_s, ws->src[legs[i].node]);
    for (r = first_ref(refs, ref_count, t->link); r < ref_count && refs[r].link == t->link;
         r++)
        consider(&b, dosah_route_direct_s(ws->g, &sources[refs[r].index], t, opt->direction),
                 refs[r].index);
    if (b.source != DOSAH_NONE)
        b.time_s += t->access_s; /* the whole time from here on */
    runs = dosah_route_grid_near(grid, t->pt, lo, hi);
    for (k = 0; k < runs; k++)
        for (r = lo[k]; r < hi[k]; r++)
            consider(&b, dosah_route_direct_way_s(opt, &sources[grid->ref[r].index], t),
                     grid->ref[r].index);
    if (b.source == DOSAH_NONE || !(b.time_s <= opt->max_time_s + DOSAH_ROUTE_SLACK_S))
        return;
    *time_s = b.time_s;
    *nearest = b.source;
}

static enum dosah_status check_snaps(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                     const struct dosah_snap *s, size_t count,
                                     const char *what)
{
    size_t i, links = dosah_graph_link_count(g);
    for (i = 0; i < count; i++) {
        struct dosah_graph_link l;
        if (!s[i].attached)
            continue;
        if (s[i].link >= links)
            return dosah_error_set(ctx, DOSAH_EINVAL, "%s %zu is snapped to link %u, which "
                                   "this graph (%zu links) does not have", what, i,
                                   s[i].link, links);
        dosah_graph_get_link(g, s[i].link, &l);
        if (!(s[i].along_m >= 0.0 && s[i].along_m <= l.length_m) ||
            !(s[i].access_s >= 0.0 && isfinite(s[i].access_s)))
            return dosah_error_set(ctx, DOSAH_EINVAL, "%s %zu has a snap position (%g m "
                                   "along a link of %g m, access %g s) that is not on this "
                                   "graph", what, i, s[i].along_m, l.length_m, s[i].access_s);
    }
    return DOSAH_OK;
}

static enum dosah_status check_options(struct dosah_ctx *ctx,
                                       const struct dosah_route_options *opt)
{
    if (opt->direction != DOSAH_ROUTE_FROM_SOURCES && opt->direction != DOSAH_ROUTE_TO_SOURCES)
        return dosah_error_set(ctx, DOSAH_EINVAL, "unknown route direction %d",
                               (int)opt->direction);
    if (isnan(opt->max_time_s))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the time bound of a search is NAN");
    if (!(opt->direct_max_m >= 0 && isfinite(opt->direct_max_m)) ||
        (opt->direct_max_m > 0 && !(opt->direct_s_per_m > 0 && isfinite(opt->direct_s_per_m))))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the direct way's reach (%g m) or pace "
                               "(%g s/m) is not a finite distance and speed",
                               opt->direct_max_m, opt->direct_s_per_m);
    return DOSAH_OK;
}

/* Offers the legs of source index as the search's starting labels. */
static enum dosah_status offer_source(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                      const struct dosah_snap *s, uint32_t index, int from)
{
    struct route_leg legs[2];
    int i, n = point_legs(ws->g, s, from, legs);
    for (i = 0; i < n; i++)
        if (dosah_route_offer(ctx, ws, legs[i].node, s->access_s + legs[i].time_s, index) !=
            DOSAH_OK)
            return DOSAH_ENOMEM;
    return DOSAH_OK;
}

static int ref_cmp(const void *a, const void *b)
{
    const struct source_ref *x = a, *y = b;
    if (x->link != y->link)
        return x->link < y->link ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The attached sources sorted by link; *refs is NULL only on failure. */
static enum dosah_status source_refs(struct dosah_ctx *ctx, const struct dosah_snap *sources,
                                     size_t count, struct source_ref **refs, size_t *n)
{
    size_t i;
    *n = 0;
    *refs = dosah_malloc(ctx, (count ? count : 1) * sizeof **refs);
    if (!*refs)
        return DOSAH_ENOMEM;
    for (i = 0; i < count; i++) {
        if (!sources[i].attached)
            continue;
        (*refs)[*n].link = sources[i].link;
        (*refs)[(*n)++].index = (uint32_t)i;
    }
    qsort(*refs, *n, sizeof **refs, ref_cmp);
    return DOSAH_OK;
}

enum dosah_status dosah_route_check_input(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                          const struct dosah_snap *sources,
                                          size_t source_count,
                                          const struct dosah_snap *targets,
                                          size_t target_count,
                                          const struct dosah_route_options *opt)
{
    enum dosah_status st;
    if (source_count >= UINT32_MAX || target_count >= UINT32_MAX)
        return dosah_error_set(ctx, DOSAH_EINVAL, "too many points for one search (%zu "
                               "sources, %zu targets)", source_count, target_count);
    if ((st = check_options(ctx, opt)) != DOSAH_OK ||
        (st = check_snaps(ctx, g, sources, source_count, "source")) != DOSAH_OK ||
        (st = check_snaps(ctx, g, targets, target_count, "target")) != DOSAH_OK)
        return st;
    return DOSAH_OK;
}

enum dosah_status dosah_route_nearest(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                      const struct dosah_snap *sources, size_t source_count,
                                      const struct dosah_snap *targets, size_t target_count,
                                      const struct dosah_route_options *opt,
                                      double *time_s, uint32_t *nearest)
{
    struct source_ref *refs = NULL;
    struct route_grid grid = {1, 0, 0, NULL, 0};
    size_t i, ref_count;
    int from = opt->direction == DOSAH_ROUTE_FROM_SOURCES;
    enum dosah_status st;

    if ((st = dosah_route_check_input(ctx, ws->g, sources, source_count, targets,
                                      target_count, opt)) != DOSAH_OK ||
        (st = source_refs(ctx, sources, source_count, &refs, &ref_count)) != DOSAH_OK ||
        (st = dosah_route_grid_build(ctx, sources, source_count, opt, &grid)) != DOSAH_OK)
        goto done;
    dosah_route_begin(ws, opt->max_time_s);
    for (i = 0; i < source_count; i++)
        if (sources[i].attached &&
            (st = offer_source(ctx, ws, &sources[i], (uint32_t)i, from)) != DOSAH_OK)
            goto done;
    if ((st = dosah_route_run(ctx, ws, !from, 1)) != DOSAH_OK)
        goto done;
    for (i = 0; i < target_count; i++) {
        struct route_leg legs[2];
        int n = targets[i].attached ? point_legs(ws->g, &targets[i], !from, legs) : 0;
        eval_target(ws, &targets[i], legs, n, sources, refs, ref_count, &grid, opt,
                    &time_s[i], &nearest[i]);
    }
done:
    dosah_route_grid_clear(&grid);
    dosah_free(refs);
    return st;
}

enum dosah_status dosah_route_search_one(struct dosah_ctx *ctx,
                                         struct dosah_route_workspace *ws,
                                         const struct dosah_snap *source,
                                         const struct dosah_route_options *opt)
{
    int from = opt->direction == DOSAH_ROUTE_FROM_SOURCES;
    enum dosah_status st;
    dosah_route_begin(ws, opt->max_time_s);
    if (!source->attached)
        return DOSAH_OK;
    if ((st = offer_source(ctx, ws, source, 0, from)) != DOSAH_OK)
        return st;
    return dosah_route_run(ctx, ws, !from, 0);
}

enum dosah_status dosah_route_reach(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                    const struct dosah_snap *source,
                                    const struct dosah_snap *targets, size_t target_count,
                                    const struct dosah_route_options *opt, uint32_t *reached,
                                    double *reached_time_s, size_t *reached_count)
{
    struct source_ref ref;
    size_t i, n = 0;
    enum dosah_status st;

    *reached_count = 0;
    if ((st = dosah_route_check_input(ctx, ws->g, source, 1, targets, target_count, opt)) !=
            DOSAH_OK ||
        (st = dosah_route_search_one(ctx, ws, source, opt)) != DOSAH_OK || !source->attached)
        return st;
    ref.link = source->link;
    ref.index = 0;
    for (i = 0; i < target_count; i++) {
        struct route_target legs;
        double t, direct;
        uint32_t s;
        dosah_route_target_legs(ws->g, &targets[i], 1, opt->direction, &legs);
        eval_target(ws, &targets[i], legs.leg, legs.count, source, &ref, 1, NULL, opt, &t,
                    &s);
        direct = dosah_route_direct_way_s(opt, source, &targets[i]);
        if (direct < INFINITY && direct <= opt->max_time_s + DOSAH_ROUTE_SLACK_S &&
            !(t <= direct))
            t = direct, s = 0;
        if (s == DOSAH_NONE)
            continue;
        reached[n] = (uint32_t)i;
        reached_time_s[n++] = t;
    }
    *reached_count = n;
    return DOSAH_OK;
}
