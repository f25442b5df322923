/* SPDX-License-Identifier: MIT */
/*
 * Approximate municipality and ORP polygons for the demo region. The region outline is the
 * union of generous buffers around the municipality points, holes filled and lightly smoothed.
 * Municipality polygons are the Voronoi cells of the points within that outline, built as one
 * planar partition (Voronoi edges and the outline noded together and polygonized), so that
 * neighbours share identical edges and never overlap. A cell that the outline cuts in two
 * keeps the part with its point; the cut-off part joins the neighbour it shares the longest
 * border with. ORP polygons are the union of their municipalities. These are NOT the real
 * boundaries (RÚIAN has those); they only make the demo self-consistent.
 */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define OUTLINE_BUFFER_M 4000.0
#define OUTLINE_SMOOTH_M 4000.0
#define OUTLINE_SIMPLIFY_M 100.0
#define MIN_INSIDE_M 2500.0

/* One polygon of the partition and the municipality it belongs to. */
struct face {
    GEOSGeometry *g;
    int owner;
    int main;        /* 1 when it contains its owner's point */
};

/* Polygonal parts of g without their holes, as a MultiPolygon. g is borrowed. */
static GEOSGeometry *fill_holes(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int n = GEOSGetNumGeometries_r(h, g);
    GEOSGeometry **parts = calloc((size_t)n, sizeof *parts);
    int count = 0;
    if (!parts)
        return NULL;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
        if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON || GEOSisEmpty_r(h, p))
            continue;
        GEOSGeometry *shell = GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, p));
        parts[count] = shell ? GEOSGeom_createPolygon_r(h, shell, NULL, 0) : NULL;
        if (!parts[count]) {
            for (int j = 0; j < count; j++)
                GEOSGeom_destroy_r(h, parts[j]);
            free(parts);
            return NULL;
        }
        count++;
    }
    GEOSGeometry *mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
                                                   (unsigned)count);
    free(parts);
    return mp;
}

/* Applies op to *g, replacing it; returns -1 (and frees *g) when op failed. */
static int replace(GEOSContextHandle_t h, GEOSGeometry **g, GEOSGeometry *result)
{
    GEOSGeom_destroy_r(h, *g);
    *g = result;
    return result ? 0 : -1;
}

static int build_outline(struct gen_world *w)
{
    GEOSContextHandle_t h = w->geos;
    GEOSGeometry *g = gen_multipoint(w);
    if (!g || replace(h, &g, GEOSBuffer_r(h, g, OUTLINE_BUFFER_M, 8)) != 0 ||
        replace(h, &g, fill_holes(h, g)) != 0 ||
        replace(h, &g, GEOSBuffer_r(h, g, OUTLINE_SMOOTH_M, 8)) != 0 ||
        replace(h, &g, GEOSBuffer_r(h, g, -OUTLINE_SMOOTH_M, 8)) != 0 ||
        replace(h, &g, GEOSTopologyPreserveSimplify_r(h, g, OUTLINE_SIMPLIFY_M)) != 0 ||
        replace(h, &g, gen_as_multipolygon(h, GEOSMakeValid_r(h, g))) != 0 ||
        replace(h, &g, fill_holes(h, g)) != 0) {
        GEOSGeom_destroy_r(h, g);
        return gen_error("GEOS failed to build the region outline");
    }
    if (GEOSisValid_r(h, g) != 1) {
        GEOSGeom_destroy_r(h, g);
        return gen_error("the region outline is not valid");
    }
    w->outline = g;
    GEOSGeometry *boundary = GEOSBoundary_r(h, g);
    if (!boundary)
        return gen_error("GEOS failed on the outline boundary");
    for (int i = 0; i < w->muni_count; i++) {
        GEOSGeometry *pt = gen_make_point(h, w->muni[i].x, w->muni[i].y);
        double d = 0.0;
        int ok = pt && GEOSContains_r(h, g, pt) == 1 && GEOSDistance_r(h, boundary, pt, &d)
                 && d >= MIN_INSIDE_M;
        GEOSGeom_destroy_r(h, pt);
        if (!ok) {
            GEOSGeom_destroy_r(h, boundary);
            return gen_error("%s lies less than %.0f m inside the outline", w->muni[i].nazev,
                             MIN_INSIDE_M);
        }
    }
    GEOSGeom_destroy_r(h, boundary);
    return 0;
}

/* Voronoi edges and the outline boundary, noded together and polygonized. Returns the
 * GeometryCollection of all faces (inside and outside the outline), caller frees. */
static GEOSGeometry *partition(struct gen_world *w)
{
    GEOSContextHandle_t h = w->geos;
    GEOSGeometry *pts = gen_multipoint(w);
    GEOSGeometry *edges = pts ? GEOSVoronoiDiagram_r(h, pts, w->outline, 0.0, 1) : NULL;
    GEOSGeometry *boundary = GEOSBoundary_r(h, w->outline);
    GEOSGeometry *noded = edges && boundary ? GEOSUnion_r(h, edges, boundary) : NULL;
    GEOSGeometry *faces = NULL;
    if (noded) {
        const GEOSGeometry *in[1] = {noded};
        faces = GEOSPolygonize_r(h, in, 1);
    }
    GEOSGeom_destroy_r(h, noded);
    GEOSGeom_destroy_r(h, boundary);
    GEOSGeom_destroy_r(h, edges);
    GEOSGeom_destroy_r(h, pts);
    return faces;
}

static int nearest_muni(const struct gen_world *w, double x, double y)
{
    int best = -1;
    double best_d = INFINITY;
    for (int i = 0; i < w->muni_count; i++) {
        double d = gen_dist(x, y, w->muni[i].x, w->muni[i].y);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

/* Faces inside the outline, each with the municipality whose Voronoi cell holds it (the
 * nearest point to any interior point of the face). */
static int classify_faces(struct gen_world *w, const GEOSGeometry *all, struct face **out,
                          int *count)
{
    GEOSContextHandle_t h = w->geos;
    int n = GEOSGetNumGeometries_r(h, all);
    struct face *f = calloc((size_t)n, sizeof *f);
    if (!f)
        return gen_error("out of memory");
    *out = f;
    *count = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *g = GEOSGetGeometryN_r(h, all, i);
        GEOSGeometry *pos = GEOSPointOnSurface_r(h, g);
        double x = 0.0, y = 0.0;
        if (!pos || !GEOSGeomGetX_r(h, pos, &x) || !GEOSGeomGetY_r(h, pos, &y)) {
            GEOSGeom_destroy_r(h, pos);
            return gen_error("GEOS failed on a Voronoi face");
        }
        char inside = GEOSContains_r(h, w->outline, pos);
        GEOSGeom_destroy_r(h, pos);
        if (inside != 1)
            continue;
        struct face *fc = &f[*count];
        if (!(fc->g = GEOSGeom_clone_r(h, g)))
            return gen_error("GEOS failed to copy a face");
        (*count)++;
        fc->owner = nearest_muni(w, x, y);
        GEOSGeometry *own = gen_make_point(h, w->muni[fc->owner].x, w->muni[fc->owner].y);
        fc->main = own && GEOSContains_r(h, fc->g, own) == 1;
        GEOSGeom_destroy_r(h, own);
    }
    return 0;
}

/* Length of the border two faces share (0 when they only touch or are apart). */
static double shared_border(GEOSContextHandle_t h, const GEOSGeometry *a, const GEOSGeometry *b)
{
    double len = 0.0;
    GEOSGeometry *ba = GEOSBoundary_r(h, a);
    GEOSGeometry *bb = GEOSBoundary_r(h, b);
    GEOSGeometry *common = ba && bb ? GEOSIntersection_r(h, ba, bb) : NULL;
    if (common)
        GEOSLength_r(h, common, &len);
    GEOSGeom_destroy_r(h, common);
    GEOSGeom_destroy_r(h, bb);
    GEOSGeom_destroy_r(h, ba);
    return len;
}

/* Gives each cut-off face to the main face it shares the longest border with. */
static int reassign_orphans(struct gen_world *w, struct face *f, int count)
{
    int orphans = 0, moved = 0;
    for (int i = 0; i < count; i++) {
        if (f[i].main)
            continue;
        orphans++;
        int best = -1;
        double best_len = 1.0;
        for (int j = 0; j < count; j++) {
            if (!f[j].main || f[j].owner == f[i].owner)
                continue;
            double len = shared_border(w->geos, f[i].g, f[j].g);
            if (len > best_len) {
                best_len = len;
                best = j;
            }
        }
        if (best >= 0) {
            f[i].owner = f[best].owner;
            moved++;
        }
    }
    printf("  cell parts cut off by the outline: %d, given to a neighbour: %d\n", orphans,
           moved);
    return 0;
}

/* Union of the faces owned by municipality i, as a MultiPolygon. */
static GEOSGeometry *union_faces(GEOSContextHandle_t h, const struct face *f, int count, int i)
{
    GEOSGeometry **parts = calloc((size_t)count, sizeof *parts);
    unsigned n = 0;
    if (!parts)
        return NULL;
    for (int k = 0; k < count; k++) {
        if (f[k].owner == i && (parts[n] = GEOSGeom_clone_r(h, f[k].g)) != NULL)
            n++;
    }
    GEOSGeometry *gc = n ? GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, n)
                         : NULL;
    free(parts);
    GEOSGeometry *u = gc ? GEOSUnaryUnion_r(h, gc) : NULL;
    GEOSGeom_destroy_r(h, gc);
    return gen_as_multipolygon(h, u);
}

static int build_municipalities(struct gen_world *w)
{
    struct face *f = NULL;
    int count = 0, rc = -1;
    GEOSGeometry *all = partition(w);
    if (!all) {
        gen_error("GEOS failed to build the Voronoi partition");
        goto fail;
    }
    if (classify_faces(w, all, &f, &count) != 0 || reassign_orphans(w, f, count) != 0)
        goto fail;
    for (int i = 0; i < w->muni_count; i++) {
        w->muni[i].area = union_faces(w->geos, f, count, i);
        if (!w->muni[i].area) {
            gen_error("municipality %s got no polygon", w->muni[i].nazev);
            goto fail;
        }
    }
    rc = 0;
fail:
    for (int k = 0; f && k < count; k++)
        GEOSGeom_destroy_r(w->geos, f[k].g);
    free(f);
    GEOSGeom_destroy_r(w->geos, all);
    return rc;
}

struct bbox {
    double x0, y0, x1, y1;
};

static void get_bbox(GEOSContextHandle_t h, const GEOSGeometry *g, struct bbox *b)
{
    GEOSGeom_getXMin_r(h, g, &b->x0);
    GEOSGeom_getYMin_r(h, g, &b->y0);
    GEOSGeom_getXMax_r(h, g, &b->x1);
    GEOSGeom_getYMax_r(h, g, &b->y1);
}

/* No two municipalities share interior area (DE-9IM: interiors meet in 2 dimensions). */
static int check_no_overlap(const struct gen_world *w)
{
    GEOSContextHandle_t h = w->geos;
    struct bbox *b = calloc((size_t)w->muni_count, sizeof *b);
    if (!b)
        return gen_error("out of memory");
    for (int i = 0; i < w->muni_count; i++)
        get_bbox(h, w->muni[i].area, &b[i]);
    for (int i = 0; i < w->muni_count; i++) {
        for (int j = i + 1; j < w->muni_count; j++) {
            if (b[i].x1 < b[j].x0 || b[j].x1 < b[i].x0 || b[i].y1 < b[j].y0 ||
                b[j].y1 < b[i].y0)
                continue;
            if (GEOSRelatePattern_r(h, w->muni[i].area, w->muni[j].area, "2********") != 0) {
                free(b);
                return gen_error("the polygons of %s and %s overlap", w->muni[i].nazev,
                                 w->muni[j].nazev);
            }
        }
    }
    free(b);
    return 0;
}

static int check_municipalities(const struct gen_world *w)
{
    GEOSContextHandle_t h = w->geos;
    double sum = 0.0, outline = 0.0, a = 0.0;
    int multi = 0;
    for (int i = 0; i < w->muni_count; i++) {
        const struct gen_muni *m = &w->muni[i];
        if (GEOSisValid_r(h, m->area) != 1)
            return gen_error("the polygon of %s is not valid", m->nazev);
        if (!gen_point_in_area(w, i, m->x, m->y))
            return gen_error("the point of %s is not inside its polygon", m->nazev);
        GEOSArea_r(h, m->area, &a);
        sum += a;
        multi += GEOSGetNumGeometries_r(h, m->area) > 1;
    }
    GEOSArea_r(h, w->outline, &outline);
    if (fabs(sum - outline) > 1e-6 * outline)
        return gen_error("municipality polygons cover %.0f m², the outline %.0f m²", sum,
                         outline);
    printf("  municipalities: %d polygons, %.1f km² in total, %d multi-part\n", w->muni_count,
           sum / 1e6, multi);
    return check_no_overlap(w);
}

static int build_orp(struct gen_world *w)
{
    GEOSContextHandle_t h = w->geos;
    for (int k = 0; k < w->orp_count; k++) {
        struct gen_orp *o = &w->orp[k];
        GEOSGeometry **parts = calloc((size_t)o->count, sizeof *parts);
        unsigned n = 0;
        if (!parts)
            return gen_error("out of memory");
        for (int i = 0; i < w->muni_count; i++) {
            if (w->muni[i].orp == k && (parts[n] = GEOSGeom_clone_r(h, w->muni[i].area)))
                n++;
        }
        GEOSGeometry *gc = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, n);
        free(parts);
        o->area = gen_as_multipolygon(h, gc ? GEOSUnaryUnion_r(h, gc) : NULL);
        GEOSGeom_destroy_r(h, gc);
        if (!o->area || GEOSisValid_r(h, o->area) != 1)
            return gen_error("the polygon of ORP %s is missing or not valid", o->nazev);
        GEOSGeometry *seat = gen_make_point(h, w->muni[o->seat].x, w->muni[o->seat].y);
        char in = seat ? GEOSContains_r(h, o->area, seat) : 0;
        GEOSGeom_destroy_r(h, seat);
        if (in != 1)
            return gen_error("the seat of ORP %s is not inside its polygon", o->nazev);
        printf("  ORP %s: %d municipalities, %ld inhabitants, %d part(s)\n", o->nazev,
               o->count, o->population, GEOSGetNumGeometries_r(h, o->area));
    }
    return 0;
}

int gen_build_areas(struct gen_world *w)
{
    if (build_outline(w) != 0 || build_municipalities(w) != 0 || check_municipalities(w) != 0
        || build_orp(w) != 0)
        return -1;
    return 0;
}
