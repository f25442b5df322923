/* SPDX-License-Identifier: MIT */
/*
 * Catchment polygons with GEOS (reentrant API only): the reached parts of the network
 * buffered into a polygon, and the check of a polygon against the search's times. The GEOS
 * context is owned by a struct dosah_geom and its messages go to the dosah context.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <geos_c.h>

#include "core/buf.h"
#include "dosah/catchment.h"
#include "geom/interrupt.h"

struct dosah_geom {
    struct dosah_ctx *ctx;
    GEOSContextHandle_t h;
    char last[512];
};

static void geos_message(const char *fmt, ...)
{
    (void)fmt;
}

static void geos_error(const char *message, void *user)
{
    struct dosah_geom *g = user;
    snprintf(g->last, sizeof g->last, "%s", message);
}

enum dosah_status dosah_geom_create(struct dosah_ctx *ctx, struct dosah_geom **out)
{
    struct dosah_geom *g = dosah_calloc(ctx, 1, sizeof *g);
    *out = NULL;
    if (!g)
        return DOSAH_ENOMEM;
    g->ctx = ctx;
    dosah_geos_interrupt_bind(ctx);
    g->h = GEOS_init_r();
    if (!g->h) {
        dosah_free(g);
        return dosah_error_set(ctx, DOSAH_EGEOS, "GEOS could not be initialised");
    }
    GEOSContext_setErrorMessageHandler_r(g->h, geos_error, g);
    GEOSContext_setNoticeHandler_r(g->h, geos_message);
    *out = g;
    return DOSAH_OK;
}

struct dosah_geom *dosah_geom_destroy(struct dosah_geom *g)
{
    if (!g)
        return NULL;
    GEOS_finish_r(g->h);
    dosah_free(g);
    return NULL;
}

static enum dosah_status geos_fail(struct dosah_geom *g, const char *what)
{
    return dosah_error_set(g->ctx, DOSAH_EGEOS, "GEOS: %s: %s", what,
                           g->last[0] ? g->last : "no detail");
}

/* The parts (and the point) as one GEOS collection; NULL on failure. */
static GEOSGeometry *collect(struct dosah_geom *g, const struct dosah_polylines *parts,
                             const struct dosah_point *at)
{
    size_t n = parts->count + (at ? 1 : 0), i, k = 0;
    GEOSGeometry **items = dosah_calloc(g->ctx, n ? n : 1, sizeof *items), *all;
    if (!items)
        return NULL;
    for (i = 0; i < parts->count; i++) {
        size_t first = parts->offset[i], count = parts->offset[i + 1] - first;
        GEOSCoordSequence *cs = GEOSCoordSeq_create_r(g->h, (unsigned)count, 2);
        size_t j;
        for (j = 0; cs && j < count; j++)
            GEOSCoordSeq_setXY_r(g->h, cs, (unsigned)j, parts->xy[2 * (first + j)],
                                 parts->xy[2 * (first + j) + 1]);
        if (cs && (items[k] = GEOSGeom_createLineString_r(g->h, cs)) != NULL)
            k++;
    }
    if (at)
        items[k] = GEOSGeom_createPointFromXY_r(g->h, at->x, at->y), k += items[k] != NULL;
    all = GEOSGeom_createCollection_r(g->h, GEOS_GEOMETRYCOLLECTION, items, (unsigned)k);
    if (!all)
        for (i = 0; i < k; i++)
            GEOSGeom_destroy_r(g->h, items[i]);
    dosah_free(items);
    return all;
}

/* Polygon or multipolygon -> ISO WKB of a MultiPolygon. */
static enum dosah_status to_wkb(struct dosah_geom *g, GEOSGeometry *poly, unsigned char **wkb,
                                size_t *size)
{
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(g->h);
    GEOSGeometry *multi = poly;
    unsigned char *buf;
    size_t n = 0;
    if (GEOSGeomTypeId_r(g->h, poly) == GEOS_POLYGON) {
        GEOSGeometry *one = GEOSGeom_clone_r(g->h, poly);
        multi = one ? GEOSGeom_createCollection_r(g->h, GEOS_MULTIPOLYGON, &one, 1) : NULL;
        if (one && !multi)
            GEOSGeom_destroy_r(g->h, one);
    }
    GEOSWKBWriter_setByteOrder_r(g->h, w, GEOS_WKB_NDR);
    buf = multi ? GEOSWKBWriter_write_r(g->h, w, multi, &n) : NULL;
    if (multi != poly)
        GEOSGeom_destroy_r(g->h, multi);
    GEOSWKBWriter_destroy_r(g->h, w);
    if (!buf)
        return geos_fail(g, "cannot write the catchment");
    *wkb = dosah_malloc(g->ctx, n);
    if (*wkb) {
        memcpy(*wkb, buf, n);
        *size = n;
    }
    GEOSFree_r(g->h, buf);
    return *wkb ? DOSAH_OK : DOSAH_ENOMEM;
}

/*
 * The union of the buffers of every part. Buffering each part on its own and merging them
 * with a cascaded union is much faster than buffering the whole collection at once when
 * hundreds of bands overlap (a catchment's roads). Two segments per quarter circle: the
 * outline stays within 8 % of buffer_m of a true circle, inside the check's tolerance.
 */
static GEOSGeometry *buffer_union(struct dosah_geom *g, const GEOSGeometry *all, double buffer_m)
{
    int n = GEOSGetNumGeometries_r(g->h, all), i, k = 0;
    GEOSGeometry **bands = dosah_calloc(g->ctx, (size_t)n + 1, sizeof *bands), *coll, *u;
    if (!bands)
        return NULL;
    for (i = 0; i < n; i++) {
        if ((i & 255) == 0 && dosah_ctx_cancelled(g->ctx))
            break;
        bands[k] = GEOSBuffer_r(g->h, GEOSGetGeometryN_r(g->h, all, i), buffer_m, 2);
        k += bands[k] != NULL;
    }
    coll = i < n ? NULL /* cancelled */
                 : GEOSGeom_createCollection_r(g->h, GEOS_GEOMETRYCOLLECTION, bands, (unsigned)k);
    if (!coll) {
        for (i = 0; i < k; i++)
            GEOSGeom_destroy_r(g->h, bands[i]);
        dosah_free(bands);
        return NULL;
    }
    dosah_free(bands);
    u = GEOSUnaryUnion_r(g->h, coll);
    GEOSGeom_destroy_r(g->h, coll);
    return u;
}

enum dosah_status dosah_catchment_polygon(struct dosah_geom *g,
                                          const struct dosah_polylines *parts,
                                          const struct dosah_point *at, double buffer_m,
                                          unsigned char **wkb, size_t *wkb_size)
{
    GEOSGeometry *all, *poly;
    enum dosah_status st;
    *wkb = NULL;
    *wkb_size = 0;
    if (parts->count == 0 && !at)
        return DOSAH_OK;
    if (!(all = collect(g, parts, at)))
        return geos_fail(g, "cannot build the reached roads");
    poly = buffer_union(g, all, buffer_m);
    GEOSGeom_destroy_r(g->h, all);
    if (!poly)
        return geos_fail(g, "cannot buffer the reached roads");
    st = to_wkb(g, poly, wkb, wkb_size);
    GEOSGeom_destroy_r(g->h, poly);
    return st;
}

/* Samples of the network: positions along every link at most spacing_m apart, with their
 * times computed point by point (independently of the reached parts the polygon came from). */
struct samples {
    struct dosah_point *pt;
    int *reached;
    size_t count, cap, reached_count;
};

/* 1 when the link's bounding box meets the box env[4] = {xmin, ymin, xmax, ymax}. */
static int link_meets(const struct dosah_graph *gr, const struct dosah_graph_link *l,
                      const double env[4])
{
    const double *xy = dosah_graph_get_roads(gr)->xy;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    uint32_t v;
    for (v = l->first_vertex; v <= l->last_vertex; v++) {
        x0 = fmin(x0, xy[2 * (size_t)v]);
        x1 = fmax(x1, xy[2 * (size_t)v]);
        y0 = fmin(y0, xy[2 * (size_t)v + 1]);
        y1 = fmax(y1, xy[2 * (size_t)v + 1]);
    }
    return x1 >= env[0] && x0 <= env[2] && y1 >= env[1] && y0 <= env[3];
}

/*
 * Samples the links that meet env (the polygon's extent, grown by the tolerance) or that
 * are reached at all: an unreached link wholly outside env has every sample outside the
 * polygon, which the rule allows; every reached stretch is sampled wherever it lies, so a
 * polygon that leaves reached road out is caught.
 */
static enum dosah_status sample_network(struct dosah_ctx *ctx, const struct dosah_graph *gr,
                                        const struct dosah_route_workspace *ws,
                                        const struct dosah_snap *src,
                                        enum dosah_route_direction dir, double t_max,
                                        double spacing_m, const double env[4],
                                        struct samples *s)
{
    uint32_t link;
    size_t k, n, cap2;
    for (link = 0; link < dosah_graph_link_count(gr); link++) {
        struct dosah_graph_link l;
        dosah_graph_get_link(gr, link, &l);
        if (!link_meets(gr, &l, env) &&
            !(dosah_route_node_time_s(ws, l.from_node) <= t_max) &&
            !(dosah_route_node_time_s(ws, l.to_node) <= t_max) &&
            !(src && src->attached && src->link == link))
            continue;
        n = (size_t)ceil(l.length_m / spacing_m);
        cap2 = s->cap;
        if (dosah_array_reserve(ctx, (void **)&s->pt, &s->cap, s->count + n + 1,
                                sizeof *s->pt) ||
            dosah_array_reserve(ctx, (void **)&s->reached, &cap2, s->count + n + 1,
                                sizeof *s->reached))
            return DOSAH_ENOMEM;
        for (k = 0; k <= n; k++) {
            double along = l.length_m * (double)k / (double)(n ? n : 1);
            double t = dosah_catchment_point_time(gr, ws, src, dir, link, along);
            s->pt[s->count] = dosah_catchment_link_point(gr, link, along);
            s->reached[s->count] = t <= t_max;
            s->reached_count += t <= t_max;
            s->count++;
        }
    }
    return DOSAH_OK;
}

/*
 * The reached samples (and the facility's road point) in a uniform grid of cells `radius`
 * wide, to ask "is there a reached sample within radius?" by looking at 3 x 3 cells.
 */
struct grid {
    double x0, y0, cell;
    size_t nx, ny;
    size_t *first;  /* nx * ny + 1 offsets into idx */
    uint32_t *idx;  /* sample indices by cell */
};

static size_t cell_of(const struct grid *g, double v, double origin, size_t n)
{
    double c = floor((v - origin) / g->cell);
    return c < 0 ? 0 : c >= (double)n ? n - 1 : (size_t)c;
}

static enum dosah_status grid_build(struct dosah_ctx *ctx, const struct samples *s,
                                    double radius, struct grid *g)
{
    double x1 = -INFINITY, y1 = -INFINITY;
    size_t i, n = 0;
    memset(g, 0, sizeof *g);
    g->x0 = g->y0 = INFINITY;
    g->cell = radius;
    for (i = 0; i < s->count; i++)
        if (s->reached[i]) {
            g->x0 = fmin(g->x0, s->pt[i].x), x1 = fmax(x1, s->pt[i].x);
            g->y0 = fmin(g->y0, s->pt[i].y), y1 = fmax(y1, s->pt[i].y);
            n++;
        }
    g->nx = n ? (size_t)fmin(4096, floor((x1 - g->x0) / radius) + 1) : 1;
    g->ny = n ? (size_t)fmin(4096, floor((y1 - g->y0) / radius) + 1) : 1;
    if (!n)
        g->x0 = g->y0 = 0;
    g->first = dosah_calloc(ctx, g->nx * g->ny + 1, sizeof *g->first);
    g->idx = dosah_calloc(ctx, n + 1, sizeof *g->idx);
    if (!g->first || !g->idx)
        return DOSAH_ENOMEM;
    for (i = 0; i < s->count; i++) /* count per cell, then prefix sums, then fill */
        if (s->reached[i])
            g->first[cell_of(g, s->pt[i].y, g->y0, g->ny) * g->nx +
                     cell_of(g, s->pt[i].x, g->x0, g->nx) + 1]++;
    for (i = 1; i <= g->nx * g->ny; i++)
        g->first[i] += g->first[i - 1];
    for (i = 0; i < s->count; i++)
        if (s->reached[i]) {
            size_t c = cell_of(g, s->pt[i].y, g->y0, g->ny) * g->nx +
                       cell_of(g, s->pt[i].x, g->x0, g->nx);
            g->idx[g->first[c]++] = (uint32_t)i;
        }
    for (i = g->nx * g->ny; i > 0; i--) /* the fill moved each start to the next cell's */
        g->first[i] = g->first[i - 1];
    g->first[0] = 0;
    return DOSAH_OK;
}

/* 1 when a reached sample (or at) lies within radius of p. */
static int near_reached(const struct grid *g, const struct samples *s, struct dosah_point p,
                        const struct dosah_point *at, double radius)
{
    size_t cx, cy, x, y, k;
    if (at && hypot(p.x - at->x, p.y - at->y) <= radius)
        return 1;
    if (!g->idx || p.x < g->x0 - radius || p.y < g->y0 - radius)
        return 0;
    cx = cell_of(g, p.x, g->x0, g->nx);
    cy = cell_of(g, p.y, g->y0, g->ny);
    for (y = cy ? cy - 1 : 0; y <= cy + 1 && y < g->ny; y++)
        for (x = cx ? cx - 1 : 0; x <= cx + 1 && x < g->nx; x++)
            for (k = g->first[y * g->nx + x]; k < g->first[y * g->nx + x + 1]; k++) {
                struct dosah_point q = s->pt[g->idx[k]];
                if (hypot(p.x - q.x, p.y - q.y) <= radius)
                    return 1;
            }
    return 0;
}

enum dosah_status dosah_catchment_check(struct dosah_geom *g, const struct dosah_graph *gr,
                                        const struct dosah_route_workspace *ws,
                                        const struct dosah_snap *source,
                                        enum dosah_route_direction dir, double threshold_s,
                                        const unsigned char *wkb, size_t wkb_size,
                                        double buffer_m, double spacing_m, size_t *samples,
                                        size_t *violations)
{
    GEOSWKBReader *r = GEOSWKBReader_create_r(g->h);
    GEOSGeometry *poly = wkb ? GEOSWKBReader_read_r(g->h, r, wkb, wkb_size) : NULL;
    const GEOSPreparedGeometry *inside = NULL;
    const struct dosah_point *at = source && source->attached ? &source->at : NULL;
    struct samples s;
    struct grid grid;
    enum dosah_status st;
    size_t i;
    double env[4] = {-INFINITY, -INFINITY, INFINITY, INFINITY};
    memset(&s, 0, sizeof s);
    memset(&grid, 0, sizeof grid);
    *samples = *violations = 0;
    if (!wkb && !at) { /* an unattached facility reaches nothing: nothing to check */
        GEOSWKBReader_destroy_r(g->h, r);
        return DOSAH_OK;
    }
    GEOSWKBReader_destroy_r(g->h, r);
    if (!poly)
        poly = GEOSGeom_createEmptyPolygon_r(g->h);
    if (poly && !GEOSisEmpty_r(g->h, poly) &&
        GEOSGeom_getExtent_r(g->h, poly, &env[0], &env[1], &env[2], &env[3]) == 1) {
        /* Samples beyond the reach of a reached road point are outside, whatever they are. */
        env[0] -= buffer_m + spacing_m, env[1] -= buffer_m + spacing_m;
        env[2] += buffer_m + spacing_m, env[3] += buffer_m + spacing_m;
    }
    if ((st = sample_network(g->ctx, gr, ws, source, dir, threshold_s + DOSAH_ROUTE_SLACK_S,
                             spacing_m, env, &s)))
        goto done;
    /* Tolerance: the buffer, plus the sampling step (a reached stretch may end up to one
     * step past the last reached sample). */
    if ((st = grid_build(g->ctx, &s, buffer_m + spacing_m, &grid)))
        goto done;
    if (!poly || !(inside = GEOSPrepare_r(g->h, poly))) {
        st = geos_fail(g, "cannot prepare the catchment check");
        goto done;
    }
    for (i = 0; i < s.count; i++) {
        GEOSGeometry *pt;
        if ((i & 4095) == 0 && (st = dosah_check_cancel(g->ctx, "catchments")))
            goto done;
        pt = GEOSGeom_createPointFromXY_r(g->h, s.pt[i].x, s.pt[i].y);
        int in = pt ? GEOSPreparedIntersects_r(g->h, inside, pt) == 1 : 0;
        int ok = s.reached[i] ? in
                              : (!in || near_reached(&grid, &s, s.pt[i], at, buffer_m + spacing_m));
        *violations += !ok;
        GEOSGeom_destroy_r(g->h, pt);
    }
    *samples = s.count;
done:
    GEOSPreparedGeom_destroy_r(g->h, inside);
    GEOSGeom_destroy_r(g->h, poly);
    dosah_free(grid.first);
    dosah_free(grid.idx);
    dosah_free(s.pt);
    dosah_free(s.reached);
    return st;
}
