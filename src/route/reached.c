/* SPDX-License-Identifier: MIT */
/*
 * The reached parts of the network after a bounded search: for every link, the intervals of
 * positions whose time is within the threshold (see route/catchment.h for the rule), cut out
 * of the link's polyline. The basis of catchment polygons and of their check.
 */
#include <math.h>
#include <string.h>

#include "core/buf.h"
#include "route/catchment.h"
#include "route/route_internal.h"

void dosah_polylines_clear(struct dosah_polylines *p)
{
    dosah_free(p->offset);
    dosah_free(p->xy);
    memset(p, 0, sizeof *p);
}

/* An interval [lo, hi] of positions along a link, in metres; empty when lo > hi. */
struct span {
    double lo, hi;
};

/*
 * What both the spans and the point times need of a link after a search: its geometry and
 * time per metre, its end nodes' times, and which ways count. Searches from the facility
 * travel away from a node, searches toward it travel to the node, so the direction a
 * stretch needs is the opposite one for them. Ahead of the facility on its own link (larger
 * positions) one travels along the link when leaving it, against the link when coming to it.
 */
struct link_state {
    struct dosah_graph_link l;
    double per_m, tu, tv;
    int from_u, from_v; /* the stretch may be reached from the from- / to-node */
    int ahead, behind;  /* from the facility on this link: toward larger / smaller positions */
};

static void link_state(const struct dosah_graph *g, const struct dosah_route_workspace *ws,
                       enum dosah_route_direction dir, uint32_t link, struct link_state *k)
{
    int along, against, from;
    dosah_graph_get_link(g, link, &k->l);
    along = k->l.oneway != DOSAH_ONEWAY_BACKWARD;
    against = k->l.oneway != DOSAH_ONEWAY_FORWARD;
    from = dir == DOSAH_ROUTE_FROM_SOURCES;
    k->per_m = k->l.time_s / k->l.length_m;
    k->tu = dosah_route_node_time_s(ws, k->l.from_node);
    k->tv = dosah_route_node_time_s(ws, k->l.to_node);
    k->from_u = k->ahead = from ? along : against;
    k->from_v = k->behind = from ? against : along;
}

/* The spans of a link reached within t_max: from a node with time t the reach along the link
 * is (t_max - t) / w · L, and on the facility's own link also from the facility. */
static size_t link_spans(const struct dosah_graph *g, const struct dosah_route_workspace *ws,
                         const struct dosah_snap *src, enum dosah_route_direction dir,
                         uint32_t link, double t_max, struct span out[4])
{
    struct link_state k;
    size_t n = 0;
    link_state(g, ws, dir, link, &k);
    if (k.from_u && k.tu <= t_max)
        out[n].lo = 0, out[n].hi = fmin(k.l.length_m, (t_max - k.tu) / k.per_m), n++;
    if (k.from_v && k.tv <= t_max)
        out[n].lo = fmax(0.0, k.l.length_m - (t_max - k.tv) / k.per_m), out[n].hi = k.l.length_m,
        n++;
    if (src && src->attached && src->link == link && src->access_s <= t_max) {
        double r = (t_max - src->access_s) / k.per_m;
        if (k.ahead)
            out[n].lo = src->along_m, out[n].hi = fmin(k.l.length_m, src->along_m + r), n++;
        if (k.behind)
            out[n].lo = fmax(0.0, src->along_m - r), out[n].hi = src->along_m, n++;
    }
    return n;
}

void route_link_time_init(const struct dosah_graph *g, const struct dosah_route_workspace *ws,
                          const struct dosah_snap *source, enum dosah_route_direction dir,
                          uint32_t link, struct route_link_time *k)
{
    struct link_state st;
    link_state(g, ws, dir, link, &st);
    k->per_m = st.per_m, k->length_m = st.l.length_m, k->tu = st.tu, k->tv = st.tv;
    k->from_u = st.from_u, k->from_v = st.from_v, k->ahead = st.ahead, k->behind = st.behind;
    k->own = source && source->attached && source->link == link;
    k->src_along_m = k->own ? source->along_m : 0;
    k->src_access_s = k->own ? source->access_s : 0;
}

double route_link_time_at(const struct route_link_time *k, double along_m)
{
    double best = NAN;
    if (k->from_u && !isnan(k->tu))
        best = k->tu + k->per_m * along_m;
    if (k->from_v && !isnan(k->tv) && !(best <= k->tv + k->per_m * (k->length_m - along_m)))
        best = k->tv + k->per_m * (k->length_m - along_m);
    if (k->own) {
        double d = along_m - k->src_along_m;
        if (d >= 0 ? k->ahead : k->behind) {
            double t = k->src_access_s + k->per_m * fabs(d);
            if (!(best <= t))
                best = t;
        }
    }
    return best;
}

double dosah_catchment_point_time(const struct dosah_graph *g,
                                  const struct dosah_route_workspace *ws,
                                  const struct dosah_snap *source, enum dosah_route_direction dir,
                                  uint32_t link, double along_m)
{
    struct route_link_time k;
    route_link_time_init(g, ws, source, dir, link, &k);
    return route_link_time_at(&k, along_m);
}

struct dosah_point dosah_catchment_link_point(const struct dosah_graph *g, uint32_t link,
                                              double along_m)
{
    const struct dosah_roads *r = dosah_graph_get_roads(g);
    struct dosah_graph_link l;
    struct dosah_point p;
    uint32_t v;
    dosah_graph_get_link(g, link, &l);
    for (v = l.first_vertex; v < l.last_vertex; v++) {
        const double *a = &r->xy[2 * (size_t)v], *b = a + 2;
        double seg = hypot(b[0] - a[0], b[1] - a[1]);
        if (along_m <= seg || v + 1 == l.last_vertex) {
            double f = seg > 0 ? fmin(1.0, fmax(0.0, along_m / seg)) : 0.0;
            p.x = a[0] + f * (b[0] - a[0]);
            p.y = a[1] + f * (b[1] - a[1]);
            return p;
        }
        along_m -= seg;
    }
    p.x = r->xy[2 * (size_t)l.first_vertex];
    p.y = r->xy[2 * (size_t)l.first_vertex + 1];
    return p;
}

static enum dosah_status add_point(struct dosah_ctx *ctx, struct dosah_polylines *p, double x,
                                   double y)
{
    size_t n = p->offset[p->count + 1];
    if (dosah_array_reserve(ctx, (void **)&p->xy, &p->point_cap, 2 * (n + 1), sizeof(double)))
        return DOSAH_ENOMEM;
    p->xy[2 * n] = x;
    p->xy[2 * n + 1] = y;
    p->offset[p->count + 1] = n + 1;
    return DOSAH_OK;
}

/* Appends the part of a link between positions lo and hi (lo < hi) as one polyline. */
static enum dosah_status add_part(struct dosah_ctx *ctx, const struct dosah_graph *g, uint32_t link,
                                  double lo, double hi, struct dosah_polylines *p)
{
    const struct dosah_roads *r = dosah_graph_get_roads(g);
    struct dosah_graph_link l;
    struct dosah_point a = dosah_catchment_link_point(g, link, lo);
    struct dosah_point b = dosah_catchment_link_point(g, link, hi);
    double pos = 0;
    uint32_t v;
    enum dosah_status st;
    if (dosah_array_reserve(ctx, (void **)&p->offset, &p->line_cap, p->count + 2,
                            sizeof *p->offset))
        return DOSAH_ENOMEM;
    if (p->count == 0)
        p->offset[0] = 0;
    p->offset[p->count + 1] = p->offset[p->count];
    if ((st = add_point(ctx, p, a.x, a.y)))
        return st;
    dosah_graph_get_link(g, link, &l);
    for (v = l.first_vertex; v + 1 < l.last_vertex; v++) {
        const double *s = &r->xy[2 * (size_t)v], *e = s + 2;
        pos += hypot(e[0] - s[0], e[1] - s[1]);
        if (pos > lo && pos < hi && (st = add_point(ctx, p, e[0], e[1])))
            return st;
    }
    if ((st = add_point(ctx, p, b.x, b.y)))
        return st;
    p->count++;
    return DOSAH_OK;
}

enum dosah_status dosah_catchment_reached(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                          const struct dosah_route_workspace *ws,
                                          const struct dosah_snap *source,
                                          enum dosah_route_direction dir, double threshold_s,
                                          struct dosah_polylines *out)
{
    size_t links = dosah_graph_link_count(g), n, i, j;
    struct span s[4];
    enum dosah_status st;
    uint32_t link;
    for (link = 0; link < links; link++) {
        n = link_spans(g, ws, source, dir, link, threshold_s + DOSAH_ROUTE_SLACK_S, s);
        /* Merge overlapping spans (at most four) so each stretch is emitted once. */
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                if (s[j].lo <= s[i].hi && s[i].lo <= s[j].hi && s[i].lo <= s[i].hi &&
                    s[j].lo <= s[j].hi) {
                    s[i].lo = fmin(s[i].lo, s[j].lo);
                    s[i].hi = fmax(s[i].hi, s[j].hi);
                    s[j].lo = 1, s[j].hi = 0; /* emptied */
                    j = i;                    /* the grown span may now meet an earlier one */
                }
        for (i = 0; i < n; i++)
            if (s[i].lo < s[i].hi && (st = add_part(ctx, g, link, s[i].lo, s[i].hi, out)))
                return st;
    }
    return DOSAH_OK;
}
