/* SPDX-License-Identifier: MIT */
/*
 * Catchment polygons traced from a time surface by GDAL's contour generator (polygonised at
 * one fixed level): the surface goes into an in-memory raster, the band below the level
 * comes back as polygons from an in-memory vector layer and leaves as ISO WKB. Nothing is
 * smoothed: the outline interpolates linearly between cell centres.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gdal_alg.h>

#include "dosah/surface.h"
#include "io/io_internal.h"

/* The cells [c0, c1] x [r0, r1] of the surface as a one-band Float32 raster in memory,
 * georeferenced in metres. The band is a view of the surface's own array (MEM's
 * DATAPOINTER, rows nx floats apart), not a copy: the contour generator only reads it, and
 * the dataset is closed before the surface changes. */
static GDALDatasetH surface_raster(const struct dosah_surface *s, size_t c0, size_t c1, size_t r0,
                                   size_t r1)
{
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDatasetH ds;
    int w = (int)(c1 - c0 + 1), h = (int)(r1 - r0 + 1);
    double gt[6];
    char data[64], pixel[64], line[64];
    char *opts[] = {data, pixel, line, NULL};
    if (!mem || !(ds = GDALCreate(mem, "", w, h, 0, GDT_Float32, NULL)))
        return NULL;
    snprintf(data, sizeof data, "DATAPOINTER=%p", (void *)(s->time_s + r0 * s->nx + c0));
    snprintf(pixel, sizeof pixel, "PIXELOFFSET=%zu", sizeof(float));
    snprintf(line, sizeof line, "LINEOFFSET=%zu", s->nx * sizeof(float));
    gt[0] = s->x0 + (double)c0 * s->cell_m, gt[1] = s->cell_m, gt[2] = 0;
    gt[3] = s->y1 - (double)r0 * s->cell_m, gt[4] = 0, gt[5] = -s->cell_m;
    if (GDALAddBand(ds, GDT_Float32, opts) != CE_None ||
        GDALSetGeoTransform(ds, gt) != CE_None) {
        GDALClose(ds);
        return NULL;
    }
    return ds;
}

/* Ring k of polygon p: the exterior for k = 0. */
static OGRGeometryH ring_of(OGRGeometryH poly, int k)
{
    return OGR_G_GetGeometryRef(poly, k);
}

OGRGeometryH dosah_polygons_repair(OGRGeometryH multi)
{
    int p, k;
    OGRGeometryH valid;
    char method[] = "METHOD=STRUCTURE";
    char *opts[] = {method, NULL};
    OGR_G_CloseRings(multi);
    for (p = OGR_G_GetGeometryCount(multi) - 1; p >= 0; p--) {
        OGRGeometryH poly = OGR_G_GetGeometryRef(multi, p);
        for (k = OGR_G_GetGeometryCount(poly) - 1; k >= 0; k--)
            if (OGR_G_GetPointCount(ring_of(poly, k)) < 4) {
                if (k == 0) { /* no exterior: the whole polygon goes */
                    OGR_G_RemoveGeometry(multi, p, TRUE);
                    break;
                }
                OGR_G_RemoveGeometry(poly, k, TRUE);
            }
    }
    if (OGR_G_IsEmpty(multi) || OGR_G_IsValid(multi))
        return multi;
    /* The structure method keeps polygons only (no stray lines), rings as areas. */
    valid = OGR_G_MakeValidEx(multi, opts);
    OGR_G_DestroyGeometry(multi);
    if (!valid)
        return NULL;
    return OGR_G_ForceToMultiPolygon(valid);
}

/* The lower band's polygons (field 0, the band's minimum, below the level) as WKB. */
static enum dosah_status band_wkb(struct dosah_ctx *ctx, OGRLayerH layer, double level_s,
                                  unsigned char **wkb, size_t *size)
{
    OGRFeatureH f;
    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && OGR_F_GetFieldAsDouble(f, 0) < level_s && !OGR_G_IsEmpty(g)) {
            OGRGeometryH multi =
                dosah_polygons_repair(OGR_G_ForceToMultiPolygon(OGR_F_StealGeometry(f)));
            int n;
            OGR_F_Destroy(f);
            if (!multi)
                return dosah_error_set(ctx, DOSAH_EGEOS,
                                       "catchments: GEOS could not make a contour polygon valid");
            if (OGR_G_IsEmpty(multi)) {
                OGR_G_DestroyGeometry(multi);
                return DOSAH_OK;
            }
            n = OGR_G_WkbSize(multi);
            *wkb = n > 0 ? dosah_malloc(ctx, (size_t)n) : NULL;
            if (*wkb && OGR_G_ExportToIsoWkb(multi, wkbNDR, *wkb) == OGRERR_NONE)
                *size = (size_t)n;
            else
                dosah_free(*wkb), *wkb = NULL;
            OGR_G_DestroyGeometry(multi);
            return *wkb ? DOSAH_OK : DOSAH_ENOMEM;
        }
        OGR_F_Destroy(f);
    }
    return DOSAH_OK;
}

/* GDAL's progress callback: keep going while the run is not cancelled. */
static int CPL_STDCALL keep_going(double fraction, const char *message, void *ctx)
{
    (void)fraction, (void)message;
    return !dosah_ctx_cancelled(ctx);
}

enum dosah_status dosah_contour_polygon(struct dosah_ctx *ctx, const struct dosah_surface *s,
                                        double level_s, unsigned char **wkb, size_t *wkb_size)
{
    struct dosah_gdal_errors errors;
    GDALDriverH vmem;
    GDALDatasetH ras = NULL, vec = NULL;
    OGRLayerH layer;
    OGRFieldDefnH fd;
    enum dosah_status st = DOSAH_OK;
    char level[64];
    char *opts[5];
    size_t i, j, c0 = SIZE_MAX, c1 = 0, r0 = SIZE_MAX, r1 = 0;
    *wkb = NULL;
    *wkb_size = 0;
    /* the surface may come from a model that was not loaded; GDALAllRegister is idempotent
     * but looks for plugins on disk every time, so only when a driver is missing */
    if (!GDALGetDriverByName("MEM") || !GDALGetDriverByName("Memory"))
        GDALAllRegister();
    vmem = GDALGetDriverByName("Memory");
    for (j = 0; j < s->ny; j++) /* the box of the cells within the level */
        for (i = 0; i < s->nx; i++)
            if (s->time_s[j * s->nx + i] <= level_s) {
                c0 = i < c0 ? i : c0, c1 = i > c1 ? i : c1;
                r0 = j < r0 ? j : r0, r1 = j > r1 ? j : r1;
            }
    if (c0 == SIZE_MAX)
        return DOSAH_OK;
    /* one cell more all round: the surface's border cells are unreached, so this stays in */
    c0 = c0 ? c0 - 1 : 0, r0 = r0 ? r0 - 1 : 0;
    c1 = c1 + 1 < s->nx ? c1 + 1 : c1, r1 = r1 + 1 < s->ny ? r1 + 1 : r1;
    dosah_gdal_errors_push(&errors);
    snprintf(level, sizeof level, "FIXED_LEVELS=%.17g", level_s);
    char polygonize[] = "POLYGONIZE=YES", fmin[] = "ELEV_FIELD_MIN=0", fmax[] = "ELEV_FIELD_MAX=1";
    opts[0] = level, opts[1] = polygonize, opts[2] = fmin, opts[3] = fmax, opts[4] = NULL;
    if (!vmem || !(ras = surface_raster(s, c0, c1, r0, r1)) ||
        !(vec = GDALCreate(vmem, "", 0, 0, 0, GDT_Unknown, NULL)) ||
        !(layer = GDALDatasetCreateLayer(vec, "c", NULL, wkbMultiPolygon, NULL))) {
        st = dosah_error_set(ctx, DOSAH_EGDAL, "catchments: cannot prepare the contours: %s",
                             dosah_gdal_errors_last(&errors, "GDAL's MEM driver is missing"));
        goto done;
    }
    fd = OGR_Fld_Create("min", OFTReal);
    OGR_L_CreateField(layer, fd, 0);
    OGR_Fld_SetName(fd, "max");
    OGR_L_CreateField(layer, fd, 0);
    OGR_Fld_Destroy(fd);
    if (GDALContourGenerateEx(GDALGetRasterBand(ras, 1), layer, opts, keep_going, ctx) !=
        CE_None) {
        st = dosah_error_set(ctx, DOSAH_EGDAL, "catchments: GDAL's contour generator failed: %s",
                             dosah_gdal_errors_last(&errors, "no detail"));
        goto done;
    }
    st = band_wkb(ctx, layer, level_s, wkb, wkb_size);
done:
    if (vec)
        GDALClose(vec);
    if (ras)
        GDALClose(ras);
    dosah_gdal_errors_pop();
    return st;
}
