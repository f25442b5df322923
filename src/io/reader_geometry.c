/* SPDX-License-Identifier: MIT */
/*
 * Geometries of an input: which geometry column of a layer is read (RÚIAN layers have a
 * definition point and two boundaries), the spatial filter that clips roads to the study
 * area, and each feature's geometry (or x/y fields) checked for type and validity and turned
 * into plain data in the working CRS.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cpl_conv.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/core_internal.h"
#include "core/text.h"
#include "io/io_internal.h"

/* 1 when a geometry column's declared type is of the kind needed. */
static int geom_type_fits(OGRwkbGeometryType t, enum dosah_geom_need need)
{
    t = wkbFlatten(t);
    switch (need) {
    case DOSAH_GEOM_POINTS:
        return t == wkbPoint || t == wkbMultiPoint;
    case DOSAH_GEOM_AREAS:
        return t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon ||
               t == wkbMultiSurface;
    case DOSAH_GEOM_LINES:
        return t == wkbLineString || t == wkbMultiLineString || t == wkbCircularString ||
               t == wkbCompoundCurve || t == wkbMultiCurve;
    default:
        return 0;
    }
}

/* "'a', 'b', 'c'": the layer's geometry columns; NULL when memory is short. */
static char *geom_list(struct dosah_ctx *ctx, OGRFeatureDefnH fd)
{
    struct dosah_strbuf b;
    int i, n = OGR_FD_GetGeomFieldCount(fd);
    dosah_strbuf_init(&b, 0);
    for (i = 0; i < n; i++)
        if (dosah_strbuf_printf(ctx, &b, "%s'%s'", i ? ", " : "",
                                OGR_GFld_GetNameRef(OGR_FD_GetGeomFieldDefn(fd, i)))) {
            dosah_strbuf_clear(&b);
            return NULL;
        }
    return dosah_strbuf_take(ctx, &b);
}

/*
 * The geometry column to read: the one the scenario names, else the only one, else the
 * first whose type fits the need (RÚIAN layers carry a definition point before the
 * boundaries), noted in the diagnostics so that the choice is visible.
 */
enum dosah_status dosah_reader_pick_geometry(struct dosah_ctx *ctx, struct dosah_reader *r,
                                             enum dosah_geom_need need)
{
    const struct dosah_input_spec *sp = r->spec;
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(r->layer);
    int i, n = OGR_FD_GetGeomFieldCount(fd), point;
    char *list, hint[512] = "", hint_cs[512] = "";
    enum dosah_status st;
    r->geom_field = 0;
    if (sp->geometry) {
        r->geom_field = OGR_FD_GetGeomFieldIndex(fd, sp->geometry);
        if (r->geom_field >= 0)
            return DOSAH_OK;
        list = geom_list(ctx, fd);
        dosah_error_set(ctx, DOSAH_EINVAL,
                        "%s: layer '%s' has no geometry column '%s' (named at %s:%u:%u); its "
                        "geometry columns are: %s. Fix 'geometry:' in the scenario.",
                        sp->path_as_written, r->layer_name, sp->geometry, r->scenario->path,
                        sp->geometry_mark.line, sp->geometry_mark.column,
                        list && *list ? list : "(none)");
        dosah_free(list);
        return DOSAH_EINVAL;
    }
    if (n < 2)
        return DOSAH_OK;
    for (i = 0; i < n; i++)
        if (geom_type_fits(OGR_GFld_GetType(OGR_FD_GetGeomFieldDefn(fd, i)), need)) {
            r->geom_field = i;
            break;
        }
    if (!(list = geom_list(ctx, fd)))
        return DOSAH_ENOMEM;
    /* Municipalities without 'point:': a point column (RÚIAN's DefinicniBod) is worth naming */
    point = -1;
    for (i = 0; i < n && need == DOSAH_GEOM_AREAS && !sp->fields[DOSAH_FIELD_POINT] &&
                sp == &r->scenario->inputs[DOSAH_INPUT_MUNICIPALITIES] && point < 0;
         i++)
        if (geom_type_fits(OGR_GFld_GetType(OGR_FD_GetGeomFieldDefn(fd, i)), DOSAH_GEOM_POINTS))
            point = i;
    if (point >= 0)
        dosah_catalog_pair(hint, hint_cs, sizeof hint,
                           " To place each municipality's people at its point in '%s' (RÚIAN's "
                           "definition point, in the built-up area) rather than by the "
                           "road-density rule, add 'point: %s'.",
                           OGR_GFld_GetNameRef(OGR_FD_GetGeomFieldDefn(fd, point)),
                           OGR_GFld_GetNameRef(OGR_FD_GetGeomFieldDefn(fd, point)));
    st = dosah_diag_add(ctx, DOSAH_INFO, "load", sp->path_as_written, r->layer_name, NULL,
                        NULL,
                        "the layer has %d geometry columns (%s); reading '%s' for the %s input. "
                        "Name another with 'geometry:' on the input.%s%.0s",
                        n, list,
                        OGR_GFld_GetNameRef(OGR_FD_GetGeomFieldDefn(fd, r->geom_field)),
                        r->kind_name, hint, hint_cs);
    dosah_free(list);
    return st;
}

OGRGeometryH dosah_reader_geometry_ref(const struct dosah_reader *r, OGRFeatureH f)
{
    return r->geom_field >= 0 ? OGR_F_GetGeomFieldRef(f, r->geom_field) : NULL;
}

int dosah_reader_geometry_missing(const struct dosah_reader *r, OGRFeatureH f)
{
    OGRGeometryH g;
    if (r->field[DOSAH_FIELD_X] >= 0 || r->geom_field < 0)
        return 0;
    g = dosah_reader_geometry_ref(r, f);
    return !g || OGR_G_IsEmpty(g);
}

enum dosah_status dosah_skipped_add(struct dosah_ctx *ctx, struct dosah_skipped *k,
                                    OGRFeatureH f, const char *id)
{
    if (k->count++ == 0) {
        k->first_fid = (long)OGR_F_GetFID(f);
        if (id && !(k->first = dosah_strdup(ctx, id)))
            return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_skipped_warn(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                     struct dosah_skipped *k, const char *one, const char *many,
                                     const char *consequence)
{
    enum dosah_status st = DOSAH_OK;
    char first[256];
    const char *name;
    int named;
    if (k->count) {
        name = OGR_GFld_GetNameRef(
            OGR_FD_GetGeomFieldDefn(OGR_L_GetLayerDefn(r->layer), r->geom_field));
        named = name && *name;
        if (k->first)
            snprintf(first, sizeof first, "'%s' (fid %ld)", k->first, k->first_fid);
        else
            snprintf(first, sizeof first, "fid %ld", k->first_fid);
        st = dosah_reader_warn(ctx, r, NULL, k->first, DOSAH_FIELD_COUNT,
                               "%zu %s %s no geometry%s%s%s (empty or NULL) and %s skipped "
                               "(the first: %s); %s",
                               k->count, dosah_plural(k->count, one, many),
                               k->count == 1 ? "has" : "have", named ? " in the column '" : "",
                               named ? name : "", named ? "'" : "",
                               k->count == 1 ? "is" : "are", first, consequence);
    }
    dosah_free(k->first);
    memset(k, 0, sizeof *k);
    return st;
}

enum dosah_status dosah_reader_clip(struct dosah_ctx *ctx, struct dosah_reader *r,
                                    OGRGeometryH area)
{
    OGRGeometryH g = OGR_G_Clone(area);
    OGRCoordinateTransformationH back = NULL;
    OGRSpatialReferenceH src = r->src_srs ? r->src_srs
                                          : OGR_GFld_GetSpatialRef(OGR_FD_GetGeomFieldDefn(
                                                OGR_L_GetLayerDefn(r->layer), r->geom_field));
    enum dosah_status st = DOSAH_OK;
    if (r->ct) {
        back = OCTNewCoordinateTransformation(r->target, src);
        /* vertices every km, so that the area keeps its shape in a geographic CRS */
        OGR_G_Segmentize(g, 1000.0);
        if (!back || OGR_G_Transform(g, back) != OGRERR_NONE)
            st = dosah_error_set(ctx, DOSAH_EINVAL,
                                 "%s: layer '%s': cannot transform the study area into the "
                                 "layer's CRS to clip the roads (%s). Remove "
                                 "network.clip_buffer_m or check the CRS.",
                                 r->spec->path_as_written, r->layer_name,
                                 dosah_gdal_errors_last(r->errors, "no transformation"));
    }
    if (!st)
        OGR_L_SetSpatialFilterEx(r->layer, r->geom_field, g);
    if (back)
        OCTDestroyCoordinateTransformation(back);
    OGR_G_DestroyGeometry(g);
    return st;
}

/* A point from the x/y fields of a table. */
static enum dosah_status xy_point(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                  OGRFeatureH f, const char *id, OGRGeometryH *g)
{
    double x, y;
    int px, py;
    enum dosah_status st;
    if ((st = dosah_reader_number(ctx, r, f, id, DOSAH_FIELD_X, &x, &px)) ||
        (st = dosah_reader_number(ctx, r, f, id, DOSAH_FIELD_Y, &y, &py)))
        return st;
    if (!px || !py)
        return dosah_reader_fail(ctx, r, f, id, px ? DOSAH_FIELD_Y : DOSAH_FIELD_X,
                                 "no coordinate. Fill in x and y.");
    *g = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(*g, 0, x, y);
    return DOSAH_OK;
}

/* Checks the geometry's type against what is wanted; may replace *g by a simpler one. */
static enum dosah_status accept_type(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                     OGRFeatureH f, const char *id, enum dosah_geom_want want,
                                     OGRGeometryH *g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(*g));
    int is_area = t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon ||
                  t == wkbMultiSurface;
    if (t == wkbMultiPoint && want != DOSAH_WANT_AREA) {
        OGRGeometryH one;
        if (OGR_G_GetGeometryCount(*g) != 1)
            return dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_COUNT,
                                     "a multipoint of %d points; one location per feature is "
                                     "needed. Split it into one feature per point.",
                                     OGR_G_GetGeometryCount(*g));
        one = OGR_G_Clone(OGR_G_GetGeometryRef(*g, 0));
        OGR_G_DestroyGeometry(*g);
        *g = one;
        return DOSAH_OK;
    }
    if (t == wkbPoint && want != DOSAH_WANT_AREA)
        return DOSAH_OK;
    if (is_area && want != DOSAH_WANT_POINT) {
        if (t == wkbCurvePolygon || t == wkbMultiSurface) {
            OGRGeometryH lin = OGR_G_GetLinearGeometry(*g, 0, NULL);
            OGR_G_DestroyGeometry(*g);
            *g = lin;
        }
        return DOSAH_OK;
    }
    return dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_COUNT,
                             "geometry of type %s where %s is needed. Convert the layer.",
                             OGRGeometryTypeToName(t),
                             want == DOSAH_WANT_POINT  ? "a point"
                             : want == DOSAH_WANT_AREA ? "a polygon"
                                                       : "a point or a polygon");
}

static enum dosah_status to_plain(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                  OGRFeatureH f, const char *id, OGRGeometryH g,
                                  struct dosah_point *pt, unsigned char **wkb, size_t *wkb_size)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPoint) {
        pt->x = OGR_G_GetX(g, 0);
        pt->y = OGR_G_GetY(g, 0);
    } else {
        OGRGeometryH inside = OGR_G_PointOnSurface(g);
        if (!inside)
            return dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_COUNT,
                                     "no point on the surface could be found (%s)",
                                     dosah_gdal_errors_last(r->errors, "degenerate polygon"));
        pt->x = OGR_G_GetX(inside, 0);
        pt->y = OGR_G_GetY(inside, 0);
        OGR_G_DestroyGeometry(inside);
    }
    if (!dosah_coord_ok(pt->x, pt->y))
        return dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_COUNT,
                                 "coordinates (%g, %g) are not finite numbers within %g m of "
                                 "the working CRS's origin. Check the layer's CRS.",
                                 pt->x, pt->y, DOSAH_COORD_MAX);
    if (wkb) {
        size_t n = (size_t)OGR_G_WkbSize(g);
        *wkb = dosah_malloc(ctx, n);
        if (!*wkb)
            return DOSAH_ENOMEM;
        OGR_G_ExportToIsoWkb(g, wkbNDR, *wkb);
        *wkb_size = n;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_reader_point_column(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                            OGRFeatureH f, const char *id,
                                            struct dosah_point *pt, int *has)
{
    OGRGeometryH ref = OGR_F_GetGeomFieldRef(f, r->field[DOSAH_FIELD_POINT]), g;
    OGRwkbGeometryType t;
    enum dosah_status st = DOSAH_OK;
    *has = 0;
    if (!ref || OGR_G_IsEmpty(ref))
        return DOSAH_OK;
    g = OGR_G_Clone(ref);
    OGR_G_FlattenTo2D(g);
    t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1) {
        OGRGeometryH one = OGR_G_Clone(OGR_G_GetGeometryRef(g, 0));
        OGR_G_DestroyGeometry(g);
        g = one;
        t = wkbPoint;
    }
    if (t != wkbPoint)
        st = dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_POINT,
                               "geometry of type %s in the point column; a point is needed. "
                               "Name a point column with 'point:'.",
                               OGRGeometryTypeToName(t));
    else if (r->ct && OGR_G_Transform(g, r->ct) != OGRERR_NONE)
        st = dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_POINT,
                               "cannot transform the point into the working CRS (%s)",
                               dosah_gdal_errors_last(r->errors, "outside the CRS's area"));
    if (!st) {
        pt->x = OGR_G_GetX(g, 0);
        pt->y = OGR_G_GetY(g, 0);
        *has = isfinite(pt->x) && isfinite(pt->y);
        if (*has && !dosah_coord_ok(pt->x, pt->y))
            st = dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_POINT,
                                   "point (%g, %g) lies more than %g m from the working CRS's "
                                   "origin. Check the layer's CRS.",
                                   pt->x, pt->y, DOSAH_COORD_MAX);
    }
    OGR_G_DestroyGeometry(g);
    return st;
}

enum dosah_status dosah_reader_geometry(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                        OGRFeatureH f, const char *id,
                                        enum dosah_geom_want want, struct dosah_point *pt,
                                        unsigned char **wkb, size_t *wkb_size)
{
    OGRGeometryH g = NULL;
    enum dosah_status st = DOSAH_OK;
    if (wkb)
        *wkb = NULL;
    if (r->field[DOSAH_FIELD_X] >= 0 && want != DOSAH_WANT_AREA) {
        if ((st = xy_point(ctx, r, f, id, &g)))
            return st;
    } else {
        OGRGeometryH ref = dosah_reader_geometry_ref(r, f);
        OGRFeatureDefnH fd = OGR_L_GetLayerDefn(r->layer);
        if ((!ref || OGR_G_IsEmpty(ref)) && OGR_FD_GetGeomFieldCount(fd) > 1)
            return dosah_reader_fail(
                ctx, r, f, id, DOSAH_FIELD_COUNT,
                "no geometry in the column '%s' (empty or NULL). Fix or remove the feature, or "
                "name another geometry column with 'geometry:' on the input.",
                OGR_GFld_GetNameRef(OGR_FD_GetGeomFieldDefn(fd, r->geom_field)));
        if (!ref || OGR_G_IsEmpty(ref))
            return dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_COUNT,
                                     "no geometry (empty or NULL). Fix or remove the feature.");
        g = OGR_G_Clone(ref);
    }
    OGR_G_FlattenTo2D(g);
    if ((st = accept_type(ctx, r, f, id, want, &g)))
        goto done;
    if (want != DOSAH_WANT_POINT && wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint &&
        !OGR_G_IsValid(g)) {
        st = dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_COUNT,
                               "invalid polygon (%s). Repair it, e.g. with ogr2ogr -makevalid.",
                               dosah_gdal_errors_last(r->errors, "self-intersection"));
        goto done;
    }
    if (r->ct && OGR_G_Transform(g, r->ct) != OGRERR_NONE) {
        st = dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_COUNT,
                               "cannot transform into the working CRS (%s). Check the layer's "
                               "CRS and the coordinates.",
                               dosah_gdal_errors_last(r->errors, "outside the CRS's area"));
        goto done;
    }
    st = to_plain(ctx, r, f, id, g, pt, wkb, wkb_size);
done:
    OGR_G_DestroyGeometry(g);
    if (st && wkb) {
        dosah_free(*wkb);
        *wkb = NULL;
    }
    return st;
}
