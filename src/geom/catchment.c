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
        multi = GEOSGeom_createCollection_r(g->h, GEOS_MULTIPOLYGON, &one, 1);
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
    /* Four segments per quarter circle: the outline is within 8 % of buffer_m of a true
     * circle, and the buffer is what the check's tolerance allows anyway. */
    poly = GEOSBuffer_r(g->h, all, buffer_m, 4);
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

static enum dosah_status sample_network(struct dosah_ctx *ctx, const struct dosah_graph *gr,
                                        const struct dosah_route_workspace *ws,
                                        const struct dosah_snap *src,
                                        enum dosah_route_direction dir, double t_max,
                                        double spacing_m, struct samples *s)
{
    uint32_t link;
    size_t k, n, cap2;
    for (link = 0; link < dosah_graph_link_count(gr); link++) {
        struct dosah_graph_link l;
        dosah_graph_get_link(gr, link, &l);
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

/* The zone within `radius` of the reached samples (and the facility's road point). */
static GEOSGeometry *reached_zone(struct dosah_geom *g, const struct samples *s,
                                  const struct dosah_snap *src, double radius)
{
    GEOSGeometry **items = dosah_calloc(g->ctx, s->reached_count + 2, sizeof *items), *all, *z;
    size_t i, k = 0;
    if (!items)
        return NULL;
    for (i = 0; i < s->count; i++)
        if (s->reached[i] && (items[k] = GEOSGeom_createPointFromXY_r(g->h, s->pt[i].x,
                                                                      s->pt[i].y)) != NULL)
            k++;
    if (src && src->attached &&
        (items[k] = GEOSGeom_createPointFromXY_r(g->h, src->at.x, src->at.y)) != NULL)
        k++;
    all = GEOSGeom_createCollection_r(g->h, GEOS_MULTIPOINT, items, (unsigned)k);
    dosah_free(items);
    if (!all)
        return NULL;
    z = GEOSBuffer_r(g->h, all, radius, 8);
    GEOSGeom_destroy_r(g->h, all);
    return z;
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
    GEOSGeometry *poly = wkb ? GEOSWKBReader_read_r(g->h, r, wkb, wkb_size) : NULL, *zone = NULL;
    const GEOSPreparedGeometry *inside = NULL, *near = NULL;
    struct samples s;
    enum dosah_status st;
    size_t i;
    memset(&s, 0, sizeof s);
    *samples = *violations = 0;
    GEOSWKBReader_destroy_r(g->h, r);
    if ((st = sample_network(g->ctx, gr, ws, source, dir, threshold_s + DOSAH_ROUTE_SLACK_S,
                             spacing_m, &s)))
        goto done;
    if (!poly)
        poly = GEOSGeom_createEmptyPolygon_r(g->h);
    /* Tolerance: the buffer, plus the sampling step (a reached stretch may end up to one
     * step past the last reached sample). */
    zone = reached_zone(g, &s, source, buffer_m + spacing_m);
    if (!poly || !zone || !(inside = GEOSPrepare_r(g->h, poly)) ||
        !(near = GEOSPrepare_r(g->h, zone))) {
        st = geos_fail(g, "cannot prepare the catchment check");
        goto done;
    }
    for (i = 0; i < s.count; i++) {
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g->h, s.pt[i].x, s.pt[i].y);
        int in = pt ? GEOSPreparedIntersects_r(g->h, inside, pt) == 1 : 0;
        int ok = s.reached[i] ? in : (!in || GEOSPreparedIntersects_r(g->h, near, pt) == 1);
        *violations += !ok;
        GEOSGeom_destroy_r(g->h, pt);
    }
    *samples = s.count;
done:
    GEOSPreparedGeom_destroy_r(g->h, inside);
    GEOSPreparedGeom_destroy_r(g->h, near);
    GEOSGeom_destroy_r(g->h, zone);
    GEOSGeom_destroy_r(g->h, poly);
    dosah_free(s.pt);
    dosah_free(s.reached);
    return st;
}
