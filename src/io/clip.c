/* SPDX-License-Identifier: MIT */
/*
 * The study area that the roads are clipped to (network.clip_buffer_m): the union of the
 * municipalities' boundaries, plus the demand points and localities that lie in none of
 * them, widened by the buffer; without municipalities, the bounding box of every demand
 * point, service and locality widened by the buffer. Roads that reach into the area are
 * kept whole, so that a route may leave the region and come back while population counts
 * only inside it.
 */
#include <math.h>
#include <stdio.h>

#include "core/core_internal.h"
#include "io/io_internal.h"

/* The union of the municipalities' polygons, or NULL when there are none (or on error). */
static OGRGeometryH municipality_union(const struct dosah_model *m)
{
    OGRGeometryH all = OGR_G_CreateGeometry(wkbMultiPolygon), u = NULL;
    size_t i;
    int k, n;
    for (i = 0; i < m->municipality_count; i++) {
        OGRGeometryH g = NULL;
        if (OGR_G_CreateFromWkb(m->municipalities[i].wkb, NULL, &g,
                                (int)m->municipalities[i].wkb_size) != OGRERR_NONE)
            continue;
        if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPolygon) {
            OGR_G_AddGeometryDirectly(all, g);
            continue;
        }
        n = OGR_G_GetGeometryCount(g);
        for (k = 0; k < n; k++)
            OGR_G_AddGeometry(all, OGR_G_GetGeometryRef(g, k));
        OGR_G_DestroyGeometry(g);
    }
    if (OGR_G_GetGeometryCount(all) > 0)
        u = OGR_G_UnionCascaded(all);
    OGR_G_DestroyGeometry(all);
    return u;
}

/* Demand points and localities outside every municipality, as a multipoint (may be empty). */
static OGRGeometryH points_outside(const struct dosah_model *m)
{
    OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPoint);
    size_t i;
    for (i = 0; i < m->demand_count + m->locality_count; i++) {
        int demand = i < m->demand_count;
        const struct dosah_point *p =
            demand ? &m->demand[i].pt : &m->localities[i - m->demand_count].pt;
        uint32_t in = demand ? m->demand[i].municipality
                             : m->localities[i - m->demand_count].municipality;
        OGRGeometryH pt;
        if (in != DOSAH_NONE)
            continue;
        pt = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(pt, 0, p->x, p->y);
        OGR_G_AddGeometryDirectly(mp, pt);
    }
    return mp;
}

/* The bounding box of every point of the model, widened by buffer_m, as a polygon. */
static OGRGeometryH point_box(const struct dosah_model *m, double buffer_m)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    size_t i, n = m->demand_count + m->service_count + m->locality_count;
    OGRGeometryH ring, poly;
    for (i = 0; i < n; i++) {
        const struct dosah_point *p =
            i < m->demand_count ? &m->demand[i].pt
            : i < m->demand_count + m->service_count
                ? &m->services[i - m->demand_count].pt
                : &m->localities[i - m->demand_count - m->service_count].pt;
        x0 = fmin(x0, p->x), y0 = fmin(y0, p->y), x1 = fmax(x1, p->x), y1 = fmax(y1, p->y);
    }
    if (!n)
        return NULL;
    x0 -= buffer_m, y0 -= buffer_m, x1 += buffer_m, y1 += buffer_m;
    ring = OGR_G_CreateGeometry(wkbLinearRing);
    OGR_G_AddPoint_2D(ring, x0, y0);
    OGR_G_AddPoint_2D(ring, x1, y0);
    OGR_G_AddPoint_2D(ring, x1, y1);
    OGR_G_AddPoint_2D(ring, x0, y1);
    OGR_G_AddPoint_2D(ring, x0, y0);
    poly = OGR_G_CreateGeometry(wkbPolygon);
    OGR_G_AddGeometryDirectly(poly, ring);
    return poly;
}

/* g widened by buffer_m (g itself when 0); takes g. Buffers with 8 segments a quarter. */
static OGRGeometryH widen(OGRGeometryH g, double buffer_m)
{
    OGRGeometryH w;
    if (!g || buffer_m <= 0)
        return g;
    w = OGR_G_Buffer(g, buffer_m, 8);
    OGR_G_DestroyGeometry(g);
    return w;
}

enum dosah_status dosah_study_area(struct dosah_ctx *ctx, const struct dosah_model *m,
                                   double buffer_m, OGRGeometryH *out)
{
    OGRGeometryH area, outside;
    *out = NULL;
    if (!m->municipality_count) {
        area = point_box(m, buffer_m);
    } else {
        area = municipality_union(m);
        /* a few metres of detail less make the buffer of a national border cheap */
        if (area && buffer_m > 0) {
            OGRGeometryH simple = OGR_G_SimplifyPreserveTopology(area, fmin(buffer_m * 0.05, 50));
            if (simple) {
                OGR_G_DestroyGeometry(area);
                area = simple;
            }
        }
        area = widen(area, buffer_m);
        outside = points_outside(m);
        if (area && OGR_G_GetGeometryCount(outside) > 0) {
            OGRGeometryH more = widen(OGR_G_Clone(outside), buffer_m > 0 ? buffer_m : 1);
            OGRGeometryH both = more ? OGR_G_Union(area, more) : NULL;
            OGR_G_DestroyGeometry(more);
            OGR_G_DestroyGeometry(area);
            area = both;
        }
        OGR_G_DestroyGeometry(outside);
    }
    if (!area || OGR_G_IsEmpty(area)) {
        OGR_G_DestroyGeometry(area);
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "cannot make the study area to clip the roads to (the "
                               "municipalities' union failed or there is nothing to clip "
                               "to). Remove network.clip_buffer_m.");
    }
    *out = area;
    return DOSAH_OK;
}
