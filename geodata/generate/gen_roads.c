/* SPDX-License-Identifier: MIT */
/*
 * The generated road network of the demo region. Neighbouring municipalities are linked along
 * the edges of the Delaunay triangulation of their points: the minimum spanning tree always,
 * other edges when shorter than 12 km and not a near-duplicate of a route through a third
 * village. Every line starts and ends exactly at municipality points and bends through one or
 * two jittered vertices that keep clear of other villages. Classes follow the towns linked
 * (primary routes between ORP seats and towns over 5,000 inhabitants), a few lines are one-way
 * (two couplets and two single pieces), and a trunk road from Liberec to Turnov crosses other
 * lines without a junction (bridges), for the network builder's intersection handling.
 * These roads are NOT real; OpenStreetMap has those.
 */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EDGE_M 12000.0
#define DETOUR_RATIO 1.10
#define CLEARANCE_M 200.0
#define TRUNK_CLEARANCE_M 400.0
#define PRIMARY_MAX_M 25000.0
#define COUPLET_OFFSET_M 45.0

struct edge {
    int a, b;
    double len;
    int mst;
};

static double road_length(const struct gen_road *r)
{
    double len = 0.0;
    for (int k = 1; k < r->vertex_count; k++)
        len += gen_dist(r->xy[2 * k - 2], r->xy[2 * k - 1], r->xy[2 * k], r->xy[2 * k + 1]);
    return len;
}

/* Smallest distance from the line to a municipality point other than its ends. */
static double clearance(const struct gen_world *w, const struct gen_road *r)
{
    double best = INFINITY;
    for (int i = 0; i < w->muni_count; i++) {
        if (i == r->a || i == r->b)
            continue;
        for (int k = 1; k < r->vertex_count; k++) {
            double d = gen_point_segment_dist(w->muni[i].x, w->muni[i].y, r->xy[2 * k - 2],
                                              r->xy[2 * k - 1], r->xy[2 * k], r->xy[2 * k + 1]);
            if (d < best)
                best = d;
        }
    }
    return best;
}

GEOSGeometry *gen_road_line(GEOSContextHandle_t h, const struct gen_road *r)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, (unsigned)r->vertex_count, 2);
    if (!cs)
        return NULL;
    for (int k = 0; k < r->vertex_count; k++)
        GEOSCoordSeq_setXY_r(h, cs, (unsigned)k, r->xy[2 * k], r->xy[2 * k + 1]);
    return GEOSGeom_createLineString_r(h, cs);
}

/* Sets the line a -> b with vertices at fractions t[] of the chord, pushed sideways by
 * off[] metres (positive to the left). Ends are copied exactly from the points. */
static void shape_road(const struct gen_world *w, struct gen_road *r, int a, int b, int n,
                       const double *t, const double *off)
{
    const struct gen_muni *A = &w->muni[a], *B = &w->muni[b];
    double dx = B->x - A->x, dy = B->y - A->y, len = hypot(dx, dy);
    double nx = -dy / len, ny = dx / len;
    r->a = a;
    r->b = b;
    r->vertex_count = n + 2;
    r->xy[0] = A->x;
    r->xy[1] = A->y;
    for (int k = 0; k < n; k++) {
        r->xy[2 * k + 2] = gen_round_cm(A->x + t[k] * dx + off[k] * nx);
        r->xy[2 * k + 3] = gen_round_cm(A->y + t[k] * dy + off[k] * ny);
    }
    r->xy[2 * n + 2] = B->x;
    r->xy[2 * n + 3] = B->y;
}

static int find_point(const struct gen_world *w, double x, double y)
{
    for (int i = 0; i < w->muni_count; i++) {
        if (w->muni[i].x == x && w->muni[i].y == y)
            return i;
    }
    return -1;
}

static int cmp_edge_len(const void *pa, const void *pb)
{
    const struct edge *x = pa, *y = pb;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    if (x->a != y->a)
        return x->a - y->a;
    return x->b - y->b;
}

static int cmp_edge_ends(const void *pa, const void *pb)
{
    const struct edge *x = pa, *y = pb;
    if (x->a != y->a)
        return x->a - y->a;
    return x->b - y->b;
}

/* Edges of the Delaunay triangulation of the points, by municipality index, shortest
 * first. The triangulation returns the input coordinates unchanged, so they match exactly. */
static int delaunay_edges(const struct gen_world *w, struct edge **out, int *count)
{
    GEOSContextHandle_t h = w->geos;
    GEOSGeometry *pts = gen_multipoint(w);
    GEOSGeometry *lines = pts ? GEOSDelaunayTriangulation_r(h, pts, 0.0, 1) : NULL;
    GEOSGeom_destroy_r(h, pts);
    if (!lines)
        return gen_error("GEOS failed to triangulate the points");
    int n = GEOSGetNumGeometries_r(h, lines);
    struct edge *e = calloc((size_t)n, sizeof *e);
    if (!e) {
        GEOSGeom_destroy_r(h, lines);
        return gen_error("out of memory");
    }
    for (int i = 0; i < n; i++) {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, GEOSGetGeometryN_r(h, lines, i));
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        GEOSCoordSeq_getXY_r(h, cs, 0, &x0, &y0);
        GEOSCoordSeq_getXY_r(h, cs, 1, &x1, &y1);
        int a = find_point(w, x0, y0), b = find_point(w, x1, y1);
        if (a < 0 || b < 0 || a == b) {
            free(e);
            GEOSGeom_destroy_r(h, lines);
            return gen_error("a Delaunay edge does not end at municipality points");
        }
        e[i].a = a < b ? a : b;
        e[i].b = a < b ? b : a;
        e[i].len = gen_dist(x0, y0, x1, y1);
    }
    GEOSGeom_destroy_r(h, lines);
    qsort(e, (size_t)n, sizeof *e, cmp_edge_len);
    *out = e;
    *count = n;
    return 0;
}

static int uf_find(int *parent, int i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* Kruskal over the length-sorted edges; marks e[].mst. */
static int mark_mst(const struct gen_world *w, struct edge *e, int n)
{
    int *parent = malloc((size_t)w->muni_count * sizeof *parent);
    int joined = 0;
    if (!parent)
        return gen_error("out of memory");
    for (int i = 0; i < w->muni_count; i++)
        parent[i] = i;
    for (int i = 0; i < n; i++) {
        int ra = uf_find(parent, e[i].a), rb = uf_find(parent, e[i].b);
        if (ra != rb) {
            parent[ra] = rb;
            e[i].mst = 1;
            joined++;
        }
    }
    free(parent);
    if (joined != w->muni_count - 1)
        return gen_error("the triangulation does not connect all municipalities");
    return 0;
}

/* 1 when a third village c offers a route a-c-b at most DETOUR_RATIO longer than a-b: the
 * direct road would run almost alongside that route, so the village gets the road instead. */
static int near_duplicate(const struct gen_world *w, const struct edge *e)
{
    const struct gen_muni *A = &w->muni[e->a], *B = &w->muni[e->b];
    for (int c = 0; c < w->muni_count; c++) {
        if (c == e->a || c == e->b)
            continue;
        const struct gen_muni *C = &w->muni[c];
        double via = gen_dist(A->x, A->y, C->x, C->y) + gen_dist(C->x, C->y, B->x, B->y);
        if (via < DETOUR_RATIO * e->len)
            return 1;
    }
    return 0;
}

/* Keeps the spanning tree and short, non-duplicate edges; returns them ordered by ends. */
static int select_edges(const struct gen_world *w, struct edge *e, int n, int *kept)
{
    int k = 0;
    if (mark_mst(w, e, n) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (e[i].mst || (e[i].len <= MAX_EDGE_M && !near_duplicate(w, &e[i])))
            e[k++] = e[i];
    }
    qsort(e, (size_t)k, sizeof *e, cmp_edge_ends);
    *kept = k;
    return 0;
}

/* A gently bent line a -> b: one intermediate vertex (two on longer links), each pushed
 * sideways by up to 5 % of the length (at most 350 m), retried smaller until it keeps
 * CLEARANCE_M from every other village. */
static int bend_road(const struct gen_world *w, struct gen_rng *rng, struct gen_road *r,
                     int a, int b)
{
    double len = gen_dist(w->muni[a].x, w->muni[a].y, w->muni[b].x, w->muni[b].y);
    int n = len > 4000.0 ? 2 : 1;
    double amp = fmin(0.05 * len, 350.0);
    for (int attempt = 0; attempt <= 8; attempt++) {
        double t[2], off[2];
        double scale = 1.0 - attempt / 8.0;   /* the last attempt is straight */
        for (int k = 0; k < n; k++) {
            t[k] = (k + 1.0) / (n + 1.0) + gen_rng_range(rng, -0.08, 0.08);
            off[k] = scale * gen_rng_range(rng, -amp, amp);
        }
        shape_road(w, r, a, b, n, t, off);
        if (clearance(w, r) >= CLEARANCE_M)
            return 0;
    }
    return gen_error("the road %s - %s passes within %.0f m of another village",
                     w->muni[a].nazev, w->muni[b].nazev, CLEARANCE_M);
}

/* May road r be travelled from its end `from`? Follows OSM oneway meanings. */
static int passable_from(const struct gen_road *r, int from)
{
    if (!r->oneway || strcmp(r->oneway, "no") == 0)
        return 1;
    if (strcmp(r->oneway, "yes") == 0)
        return from == r->a;
    return from == r->b;                  /* "-1": against the digitised direction */
}

/* Number of municipalities reachable from municipality 0: along the allowed directions
 * (reverse = 0), against them (reverse = 1), or ignoring them (reverse = -1). Road `skip`
 * is left out (-1 for none). */
static int reach_count(const struct gen_world *w, int reverse, int skip)
{
    char *seen = calloc((size_t)w->muni_count, 1);
    int count = 1, changed = 1;
    if (!seen)
        return -1;
    seen[0] = 1;
    while (changed) {
        changed = 0;
        for (int i = 0; i < w->road_count; i++) {
            const struct gen_road *r = &w->roads[i];
            if (i == skip)
                continue;
            for (int dir = 0; dir < 2; dir++) {
                int from = dir ? r->b : r->a, to = dir ? r->a : r->b;
                int ok = reverse < 0 || passable_from(r, reverse ? to : from);
                if (ok && seen[from] && !seen[to]) {
                    seen[to] = 1;
                    count++;
                    changed = 1;
                }
            }
        }
    }
    free(seen);
    return count;
}

/* Shortest distances (metres) from src over all roads, with the road that reaches each
 * node. Plain O(n^2) Dijkstra: a few hundred nodes. */
static int shortest_tree(const struct gen_world *w, const double *len, int src, double *dist,
                         int *pred)
{
    char *done = calloc((size_t)w->muni_count, 1);
    if (!done)
        return gen_error("out of memory");
    for (int i = 0; i < w->muni_count; i++) {
        dist[i] = INFINITY;
        pred[i] = -1;
    }
    dist[src] = 0.0;
    for (;;) {
        int u = -1;
        for (int i = 0; i < w->muni_count; i++) {
            if (!done[i] && dist[i] < INFINITY && (u < 0 || dist[i] < dist[u]))
                u = i;
        }
        if (u < 0)
            break;
        done[u] = 1;
        for (int k = 0; k < w->road_count; k++) {
            const struct gen_road *r = &w->roads[k];
            int v = r->a == u ? r->b : r->b == u ? r->a : -1;
            if (v >= 0 && dist[u] + len[k] < dist[v]) {
                dist[v] = dist[u] + len[k];
                pred[v] = k;
            }
        }
    }
    free(done);
    return 0;
}

static int is_major(const struct gen_world *w, int i)
{
    return w->orp[w->muni[i].orp].seat == i || w->muni[i].population > 5000;
}

/* Marks as primary the shortest routes between pairs of major towns (ORP seats and towns over
 * 5,000) that pass no other major town and are at most PRIMARY_MAX_M long. */
static int mark_primary(const struct gen_world *w, char *primary)
{
    int n = w->muni_count, rc = -1;
    double *len = malloc((size_t)w->road_count * sizeof *len);
    double *dist = malloc((size_t)n * sizeof *dist);
    int *pred = malloc((size_t)n * sizeof *pred);
    if (!len || !dist || !pred) {
        gen_error("out of memory");
        goto done;
    }
    for (int k = 0; k < w->road_count; k++)
        len[k] = road_length(&w->roads[k]);
    for (int s = 0; s < n; s++) {
        if (!is_major(w, s))
            continue;
        if (shortest_tree(w, len, s, dist, pred) != 0)
            goto done;
        for (int t = s + 1; t < n; t++) {
            if (!is_major(w, t) || dist[t] > PRIMARY_MAX_M)
                continue;
            int v = t, clean = 1;
            while (v != s && clean) {
                const struct gen_road *r = &w->roads[pred[v]];
                v = r->a == v ? r->b : r->a;
                clean = v == s || !is_major(w, v);
            }
            for (v = t; clean && v != s;) {
                const struct gen_road *r = &w->roads[pred[v]];
                primary[pred[v]] = 1;
                v = r->a == v ? r->b : r->a;
            }
        }
    }
    rc = 0;
done:
    free(pred);
    free(dist);
    free(len);
    return rc;
}

/* OSM classes from the towns a line links (see the file comment). */
static int classify(struct gen_world *w)
{
    char *primary = calloc((size_t)w->road_count, 1);
    if (!primary)
        return gen_error("out of memory");
    if (mark_primary(w, primary) != 0) {
        free(primary);
        return -1;
    }
    for (int k = 0; k < w->road_count; k++) {
        struct gen_road *r = &w->roads[k];
        int pa = w->muni[r->a].population, pb = w->muni[r->b].population;
        int lo = pa < pb ? pa : pb, hi = pa < pb ? pb : pa;
        r->oneway = NULL;
        r->speed_kmh = 0;
        if (primary[k]) {
            r->typ = "primary";
            r->oneway = "no";
        } else if (lo > 1000 && hi > 5000 && road_length(r) < 2500.0) {
            r->typ = "residential";   /* a street through one built-up area */
            r->speed_kmh = 50;
        } else if (lo > 1000)
            r->typ = "secondary";
        else if (hi > 1000 || lo > 400)
            r->typ = "tertiary";
        else
            r->typ = "unclassified";
    }
    free(primary);
    return 0;
}

/* Replaces the shortest road from `town` to a neighbour over 500 inhabitants by a couplet:
 * two parallel lines between the same two points, both digitised a -> b, one "yes" and one
 * "-1", so that the pair is two-way while each line is one-way. */
static int make_couplet(struct gen_world *w, const char *town)
{
    int t = gen_muni_find(w, town), best = -1;
    for (int k = 0; t >= 0 && k < w->road_count; k++) {
        const struct gen_road *r = &w->roads[k];
        int other = r->a == t ? r->b : r->b == t ? r->a : -1;
        int two_way = !r->oneway || strcmp(r->oneway, "no") == 0;
        if (other >= 0 && two_way && w->muni[other].population > 500 &&
            (best < 0 || road_length(r) < road_length(&w->roads[best])))
            best = k;
    }
    if (best < 0)
        return gen_error("no road for a couplet in %s", town);
    struct gen_road base = w->roads[best];
    memmove(&w->roads[best + 2], &w->roads[best + 1],
            (size_t)(w->road_count - best - 1) * sizeof base);
    w->road_count++;
    static const double t2[2] = {1.0 / 3.0, 2.0 / 3.0};
    static const double left[2] = {COUPLET_OFFSET_M, COUPLET_OFFSET_M};
    static const double right[2] = {-COUPLET_OFFSET_M, -COUPLET_OFFSET_M};
    for (int side = 0; side < 2; side++) {
        struct gen_road *r = &w->roads[best + side];
        *r = base;
        shape_road(w, r, base.a, base.b, 2, t2, side ? right : left);
        r->oneway = side ? "-1" : "yes";
        r->speed_kmh = 50;
        if (clearance(w, r) < CLEARANCE_M)
            return gen_error("the couplet in %s passes too close to a village", town);
    }
    printf("  couplet: %s - %s (%s), 2 one-way lines\n", w->muni[base.a].nazev,
           w->muni[base.b].nazev, base.typ);
    return 0;
}

/* Makes the shortest non-primary two-way road of `town` that is not a bridge of the network
 * one-way; the rest of its cycle keeps every village reachable both ways. */
static int make_one_way(struct gen_world *w, const char *town, const char *oneway)
{
    int t = gen_muni_find(w, town), best = -1;
    for (int k = 0; t >= 0 && k < w->road_count; k++) {
        const struct gen_road *r = &w->roads[k];
        if ((r->a != t && r->b != t) || r->oneway || strcmp(r->typ, "primary") == 0)
            continue;
        if (best >= 0 && road_length(r) >= road_length(&w->roads[best]))
            continue;
        if (reach_count(w, -1, k) == w->muni_count)
            best = k;
    }
    if (best < 0)
        return gen_error("no road to make one-way in %s", town);
    w->roads[best].oneway = oneway;
    printf("  one-way (%s): %s - %s (%s)\n", oneway, w->muni[w->roads[best].a].nazev,
           w->muni[w->roads[best].b].nazev, w->roads[best].typ);
    return 0;
}

static void road_bbox(const struct gen_road *r, double *b)
{
    b[0] = b[2] = r->xy[0];
    b[1] = b[3] = r->xy[1];
    for (int k = 1; k < r->vertex_count; k++) {
        b[0] = fmin(b[0], r->xy[2 * k]);
        b[1] = fmin(b[1], r->xy[2 * k + 1]);
        b[2] = fmax(b[2], r->xy[2 * k]);
        b[3] = fmax(b[3], r->xy[2 * k + 1]);
    }
}

static int bbox_apart(const struct gen_road *p, const struct gen_road *q)
{
    double a[4], b[4];
    road_bbox(p, a);
    road_bbox(q, b);
    return a[2] < b[0] || b[2] < a[0] || a[3] < b[1] || b[3] < a[1];
}

static int is_end_of(const struct gen_world *w, const struct gen_road *r, double x, double y)
{
    return (x == w->muni[r->a].x && y == w->muni[r->a].y) ||
           (x == w->muni[r->b].x && y == w->muni[r->b].y);
}

/* Where two lines meet other than at ends they share: up to max points into xy, returns
 * their number, or -1 when they overlap along a stretch or GEOS fails. */
static int meet_points(const struct gen_world *w, const struct gen_road *p,
                       const struct gen_road *q, double *xy, int max)
{
    GEOSContextHandle_t h = w->geos;
    GEOSGeometry *lp = gen_road_line(h, p), *lq = gen_road_line(h, q);
    GEOSGeometry *x = lp && lq ? GEOSIntersection_r(h, lp, lq) : NULL;
    int n = x ? 0 : -1, parts = x ? GEOSGetNumGeometries_r(h, x) : 0;
    for (int i = 0; x && !GEOSisEmpty_r(h, x) && i < parts && n >= 0; i++) {
        const GEOSGeometry *g = GEOSGetGeometryN_r(h, x, i);
        double px = 0.0, py = 0.0;
        if (GEOSGeomTypeId_r(h, g) != GEOS_POINT) {
            n = -1;
            break;
        }
        GEOSGeomGetX_r(h, g, &px);
        GEOSGeomGetY_r(h, g, &py);
        if (is_end_of(w, p, px, py) && is_end_of(w, q, px, py))
            continue;
        if (n < max) {
            xy[2 * n] = px;
            xy[2 * n + 1] = py;
        }
        n++;
    }
    GEOSGeom_destroy_r(h, x);
    GEOSGeom_destroy_r(h, lq);
    GEOSGeom_destroy_r(h, lp);
    return n;
}

static double nearest_vertex(const struct gen_road *r, double x, double y)
{
    double best = INFINITY;
    for (int k = 0; k < r->vertex_count; k++)
        best = fmin(best, gen_dist(x, y, r->xy[2 * k], r->xy[2 * k + 1]));
    return best;
}

/* Crossings of a candidate trunk with the network, as (road index, point): their number, or
 * -1 when the candidate meets a line other than in clean crossings at least 50 m from the
 * vertices of both lines. */
static int trunk_crossings(const struct gen_world *w, const struct gen_road *tr,
                           struct gen_crossing *out, int max)
{
    int total = 0;
    for (int k = 0; k < w->road_count; k++) {
        const struct gen_road *r = &w->roads[k];
        double xy[8];
        if (bbox_apart(tr, r))
            continue;
        int n = meet_points(w, tr, r, xy, 4);
        if (n < 0 || n > 4)
            return -1;
        for (int i = 0; i < n; i++) {
            if (nearest_vertex(r, xy[2 * i], xy[2 * i + 1]) < 50.0 ||
                nearest_vertex(tr, xy[2 * i], xy[2 * i + 1]) < 50.0)
                return -1;
            if (total < max)
                out[total] = (struct gen_crossing){k, xy[2 * i], xy[2 * i + 1]};
            total++;
        }
    }
    return total;
}

/* The trunk road Liberec -> Turnov (like I/35): three bends chosen from a fixed grid of
 * sideways offsets, the least bent that keeps TRUNK_CLEARANCE_M from every other village and
 * crosses at least one other line cleanly. It shares vertices only with its two ends, so
 * each crossing is a bridge, not a junction. Appended as the last road. */
static int build_trunk(struct gen_world *w)
{
    static const double offs[9] = {0, 400, -400, 800, -800, 1200, -1200, 1600, -1600};
    static const double t3[3] = {0.25, 0.5, 0.75};
    int from = gen_muni_find(w, "Liberec"), to = gen_muni_find(w, "Turnov");
    struct gen_road cand, best;
    struct gen_crossing cross[16];
    double best_cost = INFINITY;
    if (from < 0 || to < 0)
        return gen_error("Liberec or Turnov is missing");
    for (int c = 0; c < 9 * 9 * 9; c++) {
        double off[3] = {offs[c / 81], offs[c / 9 % 9], offs[c % 9]};
        double cost = fabs(off[0]) + fabs(off[1]) + fabs(off[2]);
        if (cost >= best_cost)
            continue;
        memset(&cand, 0, sizeof cand);
        shape_road(w, &cand, from, to, 3, t3, off);
        if (clearance(w, &cand) < TRUNK_CLEARANCE_M)
            continue;
        int n = trunk_crossings(w, &cand, cross, 16);
        if (n < 1)
            continue;
        best = cand;
        best_cost = cost;
        w->crossing_count = n < 16 ? n : 16;
        memcpy(w->crossings, cross, (size_t)w->crossing_count * sizeof cross[0]);
    }
    if (best_cost == INFINITY)
        return gen_error("no trunk Liberec - Turnov keeps clear of villages and crosses a road");
    best.typ = "trunk";
    best.oneway = "no";
    best.speed_kmh = 0;
    w->roads[w->road_count++] = best;
    return 0;
}

/* No two lines (the trunk aside) meet except at shared municipality points. */
static int check_no_crossings(const struct gen_world *w)
{
    for (int i = 0; i < w->road_count; i++) {
        if (strcmp(w->roads[i].typ, "trunk") == 0)
            continue;
        for (int j = i + 1; j < w->road_count; j++) {
            double xy[2];
            if (strcmp(w->roads[j].typ, "trunk") == 0 || bbox_apart(&w->roads[i], &w->roads[j]))
                continue;
            if (meet_points(w, &w->roads[i], &w->roads[j], xy, 1) != 0)
                return gen_error("roads %d and %d cross away from a municipality point",
                                 w->roads[i].id, w->roads[j].id);
        }
    }
    return 0;
}

static int check_network(const struct gen_world *w)
{
    double total = 0.0;
    int one_way = 0, outside = 0, with_speed = 0;
    if (check_no_crossings(w) != 0)
        return -1;
    if (reach_count(w, 0, -1) != w->muni_count || reach_count(w, 1, -1) != w->muni_count)
        return gen_error("the road network does not reach every municipality both ways");
    for (int k = 0; k < w->road_count; k++) {
        const struct gen_road *r = &w->roads[k];
        GEOSGeometry *line = gen_road_line(w->geos, r);
        outside += !line || GEOSWithin_r(w->geos, line, w->outline) != 1;
        GEOSGeom_destroy_r(w->geos, line);
        total += road_length(r);
        one_way += r->oneway && strcmp(r->oneway, "no") != 0;
        with_speed += r->speed_kmh > 0;
    }
    if (outside)
        return gen_error("%d road(s) leave the region outline", outside);
    printf("  roads: %d lines, %.1f km, %d one-way, %d with a speed, strongly connected\n",
           w->road_count, total / 1000.0, one_way, with_speed);
    for (int i = 0; i < w->crossing_count; i++) {
        const struct gen_road *r = &w->roads[w->crossings[i].road_id - 1];
        printf("  trunk bridge over road %d (%s - %s, %s) at (%.1f, %.1f)\n", r->id,
               w->muni[r->a].nazev, w->muni[r->b].nazev, r->typ, w->crossings[i].x,
               w->crossings[i].y);
    }
    return 0;
}

static int bend_all(struct gen_world *w, const struct edge *e, int kept)
{
    struct gen_rng rng;
    gen_rng_seed(&rng, GEN_SEED, "roads");
    for (int i = 0; i < kept; i++) {
        if (bend_road(w, &rng, &w->roads[i], e[i].a, e[i].b) != 0)
            return -1;
        w->road_count++;
    }
    return 0;
}

int gen_build_roads(struct gen_world *w)
{
    struct edge *e = NULL;
    int n = 0, kept = 0;
    if (delaunay_edges(w, &e, &n) != 0)
        return -1;
    if (select_edges(w, e, n, &kept) != 0) {
        free(e);
        return -1;
    }
    w->roads = calloc((size_t)kept + 8, sizeof *w->roads);
    if (!w->roads) {
        free(e);
        return gen_error("out of memory");
    }
    int rc = bend_all(w, e, kept);
    free(e);
    if (rc != 0)
        return -1;
    printf("  Delaunay edges: %d, kept: %d\n", n, kept);
    if (classify(w) != 0 || make_couplet(w, "Liberec") != 0 ||
        make_couplet(w, "Česká Lípa") != 0 || make_one_way(w, "Jablonec nad Nisou", "yes") != 0
        || make_one_way(w, "Turnov", "-1") != 0 || build_trunk(w) != 0)
        return -1;
    for (int k = 0; k < w->road_count; k++)
        w->roads[k].id = k + 1;
    for (int i = 0; i < w->crossing_count; i++)
        w->crossings[i].road_id = w->roads[w->crossings[i].road_id].id;
    return check_network(w);
}
