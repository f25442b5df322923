/* SPDX-License-Identifier: MIT */
/*
 * Demand from a population raster (a population grid such as ČSÚ's or GHS-POP): every cell
 * with people becomes a demand point at its centre, located in the municipalities like any
 * other demand point. The raster is read a row at a time.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cpl_conv.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "io/io_internal.h"

int dosah_demand_is_raster(const struct dosah_scenario *s)
{
    const struct dosah_input_spec *d = &s->inputs[DOSAH_INPUT_DEMAND];
    int f;
    if (!d->present)
        return 0;
    if (d->band)
        return 1;
    for (f = 0; f < DOSAH_FIELD_COUNT; f++)
        if (d->fields[f])
            return 0;
    return !dosah_demand_is_cuzk(d->path); /* ČÚZK's address CSV needs no mapping either */
}

/* One open raster band and what is needed to turn a cell into a point. */
struct raster {
    GDALDatasetH ds;
    GDALRasterBandH band;
    int width, height, has_nodata;
    double gt[6], nodata;
    OGRSpatialReferenceH srs;              /* owned */
    OGRCoordinateTransformationH ct;       /* NULL when in the working CRS */
};

static void raster_close(struct raster *r)
{
    if (r->ct)
        OCTDestroyCoordinateTransformation(r->ct);
    if (r->srs)
        OSRRelease(r->srs);
    if (r->ds)
        GDALClose(r->ds);
    memset(r, 0, sizeof *r);
}

static enum dosah_status raster_open(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     OGRSpatialReferenceH target,
                                     const struct dosah_gdal_errors *errors, struct raster *r)
{
    const struct dosah_input_spec *sp = &s->inputs[DOSAH_INPUT_DEMAND];
    long band = sp->band ? sp->band : 1;
    OGRSpatialReferenceH own;
    memset(r, 0, sizeof *r);
    r->ds = GDALOpenEx(sp->path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!r->ds)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: the demand input is read as a population raster (%s), but "
                               "GDAL cannot open it as one (%s). Give a raster (GeoTIFF), or "
                               "map 'id' and 'population' to read points.",
                               sp->path_as_written,
                               sp->band ? "band: is given" : "no field is mapped",
                               dosah_gdal_errors_last(errors, "no raster driver recognised it"));
    if (band > GDALGetRasterCount(r->ds))
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: band %ld asked for (band: at %s:%u:%u), the raster has %d. "
                               "Name a band from 1 to %d.",
                               sp->path_as_written, band, s->path, sp->mark.line,
                               sp->mark.column, GDALGetRasterCount(r->ds),
                               GDALGetRasterCount(r->ds));
    r->band = GDALGetRasterBand(r->ds, (int)band);
    r->width = GDALGetRasterXSize(r->ds);
    r->height = GDALGetRasterYSize(r->ds);
    r->nodata = GDALGetRasterNoDataValue(r->band, &r->has_nodata);
    if (GDALGetGeoTransform(r->ds, r->gt) != CE_None)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: the raster is not georeferenced (no geotransform). Assign "
                               "one with gdal_translate -a_ullr or a world file.",
                               sp->path_as_written);
    own = GDALGetSpatialRef(r->ds);
    if (sp->crs) {
        r->srs = OSRNewSpatialReference(NULL);
        if (OSRSetFromUserInput(r->srs, sp->crs) != OGRERR_NONE)
            return dosah_error_set(ctx, DOSAH_EINVAL,
                                   "%s:%u:%u: unknown CRS '%s' for the demand input. Use an EPSG "
                                   "code such as EPSG:5514.",
                                   s->path, sp->mark.line, sp->mark.column, sp->crs);
    } else if (own) {
        r->srs = OSRClone(own);
    } else {
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: the raster has no coordinate reference system. Add 'crs: "
                               "EPSG:...' to the demand input in the scenario, or assign one "
                               "with gdal_translate -a_srs.",
                               sp->path_as_written);
    }
    OSRSetAxisMappingStrategy(r->srs, OAMS_TRADITIONAL_GIS_ORDER);
    if (!OSRIsSame(r->srs, target) && !(r->ct = OCTNewCoordinateTransformation(r->srs, target)))
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: cannot transform the raster's CRS into the working CRS "
                               "(%s). Check the raster's CRS.",
                               sp->path_as_written,
                               dosah_gdal_errors_last(errors, "PROJ found no transformation"));
    return DOSAH_OK;
}

/* What the cells added, for the diagnostics. */
struct raster_tally {
    size_t cells, outside;
    double population, population_outside;
};

/* Row y: every populated cell becomes a demand point. xs, ys and v hold width values. */
static enum dosah_status read_row(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                  struct raster *r, int y, double *v, double *xs, double *ys,
                                  struct dosah_loading *L, size_t *cap, struct raster_tally *t)
{
    struct dosah_model *m = L->m;
    int x, n = 0;
    if (GDALRasterIO(r->band, GF_Read, 0, y, r->width, 1, v, r->width, 1, GDT_Float64, 0, 0) !=
        CE_None)
        return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot read row %d of the raster",
                               s->inputs[DOSAH_INPUT_DEMAND].path_as_written, y);
    for (x = 0; x < r->width; x++) {
        double cx = x + 0.5, cy = y + 0.5;
        if (!isfinite(v[x]) || v[x] <= 0 || (r->has_nodata && v[x] == r->nodata))
            continue;
        v[n] = v[x];
        xs[n] = r->gt[0] + cx * r->gt[1] + cy * r->gt[2];
        ys[n] = r->gt[3] + cx * r->gt[4] + cy * r->gt[5];
        /* the cell's number, row by row, is its identifier */
        xs[r->width + n] = (double)y * r->width + x;
        n++;
    }
    if (n && r->ct && !OCTTransform(r->ct, n, xs, ys, NULL))
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: cannot transform the cells of row %d into the working CRS. "
                               "Check the raster's CRS.",
                               s->inputs[DOSAH_INPUT_DEMAND].path_as_written, y);
    if (dosah_array_reserve(ctx, (void **)&m->demand, cap, m->demand_count + (size_t)n,
                            sizeof *m->demand))
        return DOSAH_ENOMEM;
    for (x = 0; x < n; x++) {
        struct dosah_demand *d = &m->demand[m->demand_count];
        memset(d, 0, sizeof *d);
        d->id.number = (int64_t)xs[r->width + x];
        d->id.is_number = 1;
        if (!(d->id.text = dosah_asprintf(ctx, "%lld", (long long)d->id.number)))
            return DOSAH_ENOMEM;
        m->demand_count++;
        d->fid = (long)d->id.number;
        d->placement = DOSAH_PLACED_CELL;
        d->population = v[x];
        d->pt.x = xs[x];
        d->pt.y = ys[x];
        d->municipality = dosah_loading_locate(L, d->pt);
        t->cells++;
        t->population += v[x];
        if (d->municipality == DOSAH_NONE && m->municipality_count) {
            t->outside++;
            t->population_outside += v[x];
        }
    }
    return DOSAH_OK;
}

static enum dosah_status raster_report(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                       const struct raster *r, const struct raster_tally *t)
{
    const struct dosah_input_spec *sp = &s->inputs[DOSAH_INPUT_DEMAND];
    enum dosah_status st =
        dosah_diag_add(ctx, DOSAH_INFO, "load", sp->path_as_written, NULL, NULL, NULL,
                       "population raster: %zu cells with people (population %.0f) of %d x %d "
                       "in band %ld; each is a demand point at the cell's centre",
                       t->cells, t->population, r->width, r->height, sp->band ? sp->band : 1);
    if (!st && t->outside)
        st = dosah_diag_add(ctx, DOSAH_WARNING, "load", sp->path_as_written, NULL, NULL, NULL,
                            "%zu cells with population %.0f lie in no municipality; they count "
                            "in no area's figures",
                            t->outside, t->population_outside);
    if (!st && !t->cells)
        st = dosah_error_set(ctx, DOSAH_EINVAL,
                             "%s: no cell of band %ld has a population above 0. Check the band "
                             "and its nodata value.",
                             sp->path_as_written, sp->band ? sp->band : 1);
    return st;
}

enum dosah_status dosah_load_demand_raster(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                           OGRSpatialReferenceH target,
                                           struct dosah_loading *L)
{
    struct dosah_gdal_errors errors;
    struct raster r;
    struct raster_tally t;
    double *v = NULL, *xs = NULL, *ys = NULL;
    size_t cap = 0;
    enum dosah_status st;
    int y;
    memset(&t, 0, sizeof t);
    dosah_gdal_errors_push(&errors);
    if ((st = raster_open(ctx, s, target, &errors, &r)))
        goto done;
    v = dosah_calloc(ctx, (size_t)r.width, sizeof *v);
    xs = dosah_calloc(ctx, 2 * (size_t)r.width, sizeof *xs); /* points, then cell numbers */
    ys = dosah_calloc(ctx, (size_t)r.width, sizeof *ys);
    if (!v || !xs || !ys) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    for (y = 0; y < r.height && !st; y++) {
        st = read_row(ctx, s, &r, y, v, xs, ys, L, &cap, &t);
        if (!st && (y & 63) == 0)
            st = dosah_progress(ctx, (double)y / r.height, "demand");
    }
    L->m->demand_given = 1;
    if (!st)
        st = raster_report(ctx, s, &r, &t);
done:
    dosah_free(v);
    dosah_free(xs);
    dosah_free(ys);
    raster_close(&r);
    dosah_gdal_errors_pop();
    return st;
}
