/* SPDX-License-Identifier: MIT */
/*
 * The GeoPackage writer: creates the file under a temporary name, writes every layer in a
 * transaction (base fields from the model, then the computed columns), the provenance and
 * diagnostics tables, the QGIS styles, the layer metadata and the QGIS project, and renames the file into place only when
 * all of it succeeded.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_api.h>
#include <sqlite3.h>

#include "core/core_internal.h"
#include "io/io_internal.h"
#include "io/write_internal.h"

void dosah_write_options_init(struct dosah_write_options *o)
{
    memset(o, 0, sizeof *o);
    o->lang = "cs";
}

const char *dosah_alias(const struct dosah_writer *w, const char *cs, const char *en)
{
    return w->english ? en : cs;
}

const char *dosah_writer_t(const struct dosah_writer *w, enum dosah_report_msg_id id)
{
    return dosah_report_msg(w->english ? DOSAH_REPORT_EN : DOSAH_REPORT_CS, id);
}

enum dosah_status dosah_writer_gdal_fail(struct dosah_writer *w, const char *what)
{
    return dosah_error_set(w->ctx, DOSAH_EGDAL, "%s: %s: %s", w->final_path, what,
                           dosah_gdal_errors_last(&w->errors, "GDAL reported no reason"));
}

enum dosah_status dosah_writer_field(struct dosah_writer *w, OGRLayerH layer, const char *name,
                                     OGRFieldType type, const char *alias)
{
    OGRFieldDefnH fd = OGR_Fld_Create(name, type);
    OGRErr err;
    if (alias)
        OGR_Fld_SetAlternativeName(fd, alias);
    err = OGR_L_CreateField(layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
    if (err != OGRERR_NONE)
        return dosah_writer_gdal_fail(w, "cannot create a field");
    return dosah_writer_remember_alias(w, OGR_L_GetName(layer), name, alias);
}

enum dosah_status dosah_writer_field_of(struct dosah_writer *w, OGRLayerH layer,
                                        enum dosah_out_field f, OGRFieldType data)
{
    OGRFieldType type = OFTString;
    switch (dosah_out_field_type(f)) {
    case DOSAH_FT_REAL:
        type = OFTReal;
        break;
    case DOSAH_FT_INTEGER:
        type = OFTInteger64;
        break;
    case DOSAH_FT_SMALL:
        type = OFTInteger;
        break;
    case DOSAH_FT_TEXT:
        break;
    case DOSAH_FT_ID:
    case DOSAH_FT_COUNT:
        type = data;
        break;
    }
    return dosah_writer_field(w, layer, dosah_out_field_name(f), type,
                              dosah_out_field_alias(f, w->english));
}

OGRLayerH dosah_writer_layer_of(struct dosah_writer *w, enum dosah_table_id t,
                                OGRwkbGeometryType type)
{
    return dosah_writer_layer(w, dosah_table_name(t), type, dosah_table_title(t, w->english));
}

OGRLayerH dosah_writer_layer(struct dosah_writer *w, const char *name, OGRwkbGeometryType type,
                             const char *title)
{
    char **opts = NULL;
    OGRLayerH layer;
    opts = CSLSetNameValue(opts, "FID", DOSAH_FID_COLUMN);
    if (type != wkbNone) {
        opts = CSLSetNameValue(opts, "GEOMETRY_NAME", DOSAH_GEOM_COLUMN);
        opts = CSLSetNameValue(opts, "SPATIAL_INDEX", "NO"); /* built in bulk at the end */
    }
    if (title)
        opts = CSLSetNameValue(opts, "IDENTIFIER", title);
    layer = GDALDatasetCreateLayer(w->ds, name, type == wkbNone ? NULL : w->srs, type, opts);
    CSLDestroy(opts);
    if (!layer)
        dosah_writer_gdal_fail(w, "cannot create a layer");
    return layer;
}

/* Integer64 when every id is an integer, else String. */
static OGRFieldType id_type(const struct dosah_id *first, size_t count, size_t stride)
{
    size_t i;
    for (i = 0; i < count; i++) {
        const struct dosah_id *id =
            (const struct dosah_id *)((const char *)first + i * stride);
        if (!id->is_number)
            return OFTString;
    }
    return count ? OFTInteger64 : OFTString;
}

void dosah_writer_set_id(OGRFeatureH f, int idx, const struct dosah_id *id, OGRFieldType type)
{
    if (!id->text)
        OGR_F_SetFieldNull(f, idx);
    else if (type == OFTInteger64)
        OGR_F_SetFieldInteger64(f, idx, id->number);
    else
        OGR_F_SetFieldString(f, idx, id->text);
}

void dosah_writer_set_real(OGRFeatureH f, int idx, double v)
{
    if (isnan(v))
        OGR_F_SetFieldNull(f, idx);
    else
        OGR_F_SetFieldDouble(f, idx, v);
}

void dosah_writer_set_text(OGRFeatureH f, int idx, const char *s)
{
    if (s)
        OGR_F_SetFieldString(f, idx, s);
    else
        OGR_F_SetFieldNull(f, idx);
}

/* The columns of table t, or when t is NULL of the output's layer kind: their number and
 * column i. */
static size_t column_list_count(const struct dosah_writer *w, const struct dosah_table *t,
                                enum dosah_layer kind)
{
    return t ? dosah_table_column_count(t) : dosah_output_column_count(w->out, kind);
}

static const struct dosah_column *column_list_get(const struct dosah_writer *w,
                                                  const struct dosah_table *t,
                                                  enum dosah_layer kind, size_t i)
{
    return t ? dosah_table_column(t, i) : dosah_output_column(w->out, kind, i);
}

enum dosah_status dosah_writer_column_list(struct dosah_writer *w, OGRLayerH layer,
                                           const struct dosah_table *t, enum dosah_layer kind,
                                           int *first)
{
    size_t i, count = column_list_count(w, t, kind);
    enum dosah_status st;
    *first = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(layer));
    for (i = 0; i < count; i++) {
        const struct dosah_column *c = column_list_get(w, t, kind, i);
        enum dosah_column_type type = dosah_column_value_type(c);
        OGRFieldType ft = type == DOSAH_COLUMN_REAL      ? OFTReal
                          : type == DOSAH_COLUMN_INTEGER ? OFTInteger64
                                                         : OFTString;
        if ((st = dosah_writer_field(w, layer, dosah_column_name(c), ft,
                                     dosah_column_alias(c, w->english))))
            return st;
    }
    return DOSAH_OK;
}

void dosah_writer_set_column_list(const struct dosah_writer *w, OGRFeatureH f,
                                  const struct dosah_table *t, enum dosah_layer kind, int first,
                                  size_t row)
{
    size_t i, count = column_list_count(w, t, kind);
    for (i = 0; i < count; i++) {
        const struct dosah_column *c = column_list_get(w, t, kind, i);
        int idx = first + (int)i;
        if (row >= dosah_column_row_count(c) || dosah_column_is_null(c, row)) {
            OGR_F_SetFieldNull(f, idx);
            continue;
        }
        switch (dosah_column_value_type(c)) {
        case DOSAH_COLUMN_REAL:
            OGR_F_SetFieldDouble(f, idx, dosah_column_real(c, row));
            break;
        case DOSAH_COLUMN_INTEGER:
            OGR_F_SetFieldInteger64(f, idx, dosah_column_integer(c, row));
            break;
        case DOSAH_COLUMN_TEXT:
            OGR_F_SetFieldString(f, idx, dosah_column_text(c, row));
            break;
        }
    }
}

enum dosah_status dosah_writer_columns(struct dosah_writer *w, OGRLayerH layer,
                                       enum dosah_layer kind, int *first)
{
    return dosah_writer_column_list(w, layer, NULL, kind, first);
}

void dosah_writer_set_columns(const struct dosah_writer *w, OGRFeatureH f, enum dosah_layer kind,
                              int first, size_t row)
{
    dosah_writer_set_column_list(w, f, NULL, kind, first, row);
}

enum dosah_status dosah_writer_put(struct dosah_writer *w, OGRLayerH layer, OGRFeatureH f)
{
    OGRErr err = OGR_L_CreateFeature(layer, f);
    OGR_F_Destroy(f);
    if (err != OGRERR_NONE)
        return dosah_writer_gdal_fail(w, "cannot write a feature");
    if ((++w->features & 1023) == 0)
        return dosah_check_cancel(w->ctx, "write");
    return DOSAH_OK;
}

/* Sets the geometry from ISO WKB (or a point when wkb is NULL); forces multi-polygons. */
void dosah_writer_set_geometry(OGRFeatureH f, const unsigned char *wkb, size_t size,
                               struct dosah_point pt, int force_multi)
{
    OGRGeometryH g = NULL;
    if (wkb && OGR_G_CreateFromWkb(wkb, NULL, &g, (int)size) == OGRERR_NONE) {
        if (force_multi)
            g = OGR_G_ForceToMultiPolygon(g);
    } else {
        g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, pt.x, pt.y);
    }
    OGR_F_SetGeometryDirectly(f, g);
}

/* Integer64 when every population is integral and exact (at most 2^53, so that llround
 * never overflows), else Real. */
OGRFieldType dosah_writer_count_type(const double *first, size_t count, size_t stride)
{
    size_t i;
    for (i = 0; i < count; i++) {
        double v = *(const double *)((const char *)first + i * stride);
        if (!isnan(v) && (v != floor(v) || fabs(v) > 9007199254740992.0))
            return OFTReal;
    }
    return OFTInteger64;
}

void dosah_writer_set_count(OGRFeatureH f, int idx, double v, OGRFieldType type)
{
    if (isnan(v))
        OGR_F_SetFieldNull(f, idx);
    else if (type == OFTInteger64)
        OGR_F_SetFieldInteger64(f, idx, (GIntBig)llround(v));
    else
        OGR_F_SetFieldDouble(f, idx, v);
}

static enum dosah_status write_areas(struct dosah_writer *w, enum dosah_table_id t,
                                     const struct dosah_area *areas, size_t count)
{
    int municipalities = t == DOSAH_T_MUNICIPALITIES;
    enum dosah_layer kind = (enum dosah_layer)t;
    OGRLayerH layer;
    OGRFieldType idt = id_type(&areas[0].code, count, sizeof *areas);
    OGRFieldType popt = dosah_writer_count_type(&areas[0].population, count, sizeof *areas);
    /* region_code takes the type of the regions' code, so that the two join in QGIS. */
    OGRFieldType rct = municipalities && w->model->region_count
                           ? id_type(&w->model->regions[0].code, w->model->region_count,
                                     sizeof *w->model->regions)
                           : OFTString;
    enum dosah_status st;
    int first;
    size_t i;
    if (!(layer = dosah_writer_layer_of(w, t, wkbMultiPolygon)))
        return DOSAH_EGDAL;
    if ((st = dosah_writer_field_of(w, layer,
                                    municipalities ? DOSAH_OF_MUN_CODE : DOSAH_OF_REG_CODE, idt)) ||
        (st = dosah_writer_field_of(
             w, layer, municipalities ? DOSAH_OF_MUN_NAME : DOSAH_OF_REG_NAME, OFTString)) ||
        (municipalities && (st = dosah_writer_field_of(w, layer, DOSAH_OF_MUN_REGION_CODE, rct))) ||
        (st = dosah_writer_field_of(
             w, layer, municipalities ? DOSAH_OF_MUN_POPULATION : DOSAH_OF_REG_POPULATION, popt)) ||
        (st = dosah_writer_columns(w, layer, kind, &first)))
        return st;
    for (i = 0; i < count; i++) {
        const struct dosah_area *a = &areas[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        int k = 0;
        dosah_writer_set_id(f, k++, &a->code, idt);
        dosah_writer_set_text(f, k++, a->name);
        if (municipalities && a->region != DOSAH_NONE)
            dosah_writer_set_id(f, k++, &w->model->regions[a->region].code, rct);
        else if (municipalities)
            dosah_writer_set_text(f, k++, a->region_code);
        dosah_writer_set_count(f, k++, a->has_population ? a->population : NAN, popt);
        dosah_writer_set_columns(w, f, kind, first, i);
        dosah_writer_set_geometry(f, a->wkb, a->wkb_size, a->inside, 1);
        if ((st = dosah_writer_put(w, layer, f)))
            return st;
    }
    return DOSAH_OK;
}

static enum dosah_status write_layers(struct dosah_writer *w)
{
    const struct dosah_model *m = w->model;
    enum dosah_status st = DOSAH_OK;
    if (m->municipality_count &&
        (st = write_areas(w, DOSAH_T_MUNICIPALITIES, m->municipalities, m->municipality_count)))
        return st;
    if (m->region_count && (st = write_areas(w, DOSAH_T_REGIONS, m->regions, m->region_count)))
        return st;
    if ((st = dosah_write_services(w)))
        return st;
    if ((st = dosah_write_demand(w)))
        return st;
    if (m->locality_count && (st = dosah_write_localities(w)))
        return st;
    if (m->has_roads && !(w->scenario && w->scenario->no_roads_layer) &&
        (st = dosah_write_roads(w)))
        return st;
    if ((st = dosah_progress(w->ctx, 0.7, "write")))
        return st;
    return dosah_write_tables(w);
}

/*
 * The temporary file: in a private temporary directory beside the final path (so that
 * rename is atomic and no name planted in a shared directory is followed; the directory's
 * lock lets a later run remove it if this one dies), under the final name.
 */
static enum dosah_status temp_path_for(struct dosah_ctx *ctx, const char *path,
                                       struct dosah_tempdir *td, char **tmp)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? dosah_asprintf(ctx, "%.*s", (int)(slash - path), path)
                      : dosah_strdup(ctx, ".");
    enum dosah_status st = dir ? dosah_tempdir_create(ctx, *dir ? dir : "/", td) : DOSAH_ENOMEM;
    dosah_free(dir);
    if (!st && !(*tmp = dosah_asprintf(ctx, "%s/%s", td->path, slash ? slash + 1 : path)))
        st = DOSAH_ENOMEM;
    return st;
}

/* Lets a cancellation stop GDAL's own long SQL (the spatial index, the commit). */
static int sqlite_cancelled(void *ctx)
{
    return dosah_ctx_cancelled(ctx);
}

static enum dosah_status open_target(struct dosah_writer *w, const char *tmp)
{
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    sqlite3 *db;
    if (!drv)
        return dosah_error_set(w->ctx, DOSAH_EGDAL, "GDAL has no GPKG driver");
    w->ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL);
    if (!w->ds)
        return dosah_error_set(w->ctx, DOSAH_EIO, "%s: cannot create the GeoPackage: %s",
                               w->final_path,
                               dosah_gdal_errors_last(&w->errors, "check the directory"));
    if ((db = GDALGetInternalHandle(w->ds, "SQLITE_HANDLE")) != NULL)
        sqlite3_progress_handler(db, 10000, sqlite_cancelled, w->ctx);
    w->srs = OSRNewSpatialReference(w->model->crs_wkt);
    if (!w->srs)
        return dosah_error_set(w->ctx, DOSAH_EPROJ, "cannot rebuild the working CRS");
    OSRSetAxisMappingStrategy(w->srs, OAMS_TRADITIONAL_GIS_ORDER);
    return DOSAH_OK;
}

static enum dosah_status write_all(struct dosah_writer *w)
{
    enum dosah_status st;
    if (GDALDatasetStartTransaction(w->ds, FALSE) != OGRERR_NONE)
        return dosah_writer_gdal_fail(w, "cannot start a transaction");
    /* Progress: the roads to 70 %, the spatial indexes from 75 to 95 %, then the commit
     * (a national file's last seconds). */
    if ((st = write_layers(w)) || (st = dosah_write_run_info(w)) ||
        (st = dosah_write_diagnostics(w)) || (st = dosah_write_styles(w)) ||
        (st = dosah_progress(w->ctx, 0.75, "write")) || (st = dosah_write_rtrees(w)) ||
        (st = dosah_write_gpkg_metadata(w)) || (st = dosah_write_project(w)) ||
        (st = dosah_progress(w->ctx, 0.95, "write")))
        return st;
    if (GDALDatasetCommitTransaction(w->ds) != OGRERR_NONE)
        return dosah_writer_gdal_fail(w, "cannot commit the GeoPackage");
    return dosah_progress(w->ctx, 1.0, "write");
}

enum dosah_status dosah_write_gpkg(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                   const struct dosah_model *m, const struct dosah_output *out,
                                   const struct dosah_write_options *opt, const char *path)
{
    struct dosah_writer w;
    struct dosah_write_options defaults;
    struct dosah_tempdir td = {NULL, -1};
    enum dosah_status st;
    char *tmp = NULL;

    if (!opt) {
        dosah_write_options_init(&defaults);
        opt = &defaults;
    }
    memset(&w, 0, sizeof w);
    w.ctx = ctx;
    w.scenario = s;
    w.model = m;
    w.out = out;
    w.opt = opt;
    w.final_path = path;
    w.english = opt->lang && strcmp(opt->lang, "en") == 0;
    if ((st = temp_path_for(ctx, path, &td, &tmp))) {
        dosah_tempdir_remove(&td);
        return st;
    }
    GDALAllRegister();
    dosah_gdal_errors_push(&w.errors);
    if (!(st = open_target(&w, tmp)))
        st = write_all(&w);
    if (w.ds) {
        /* GDALClose returns nothing in GDAL 3.6: a failure shows as an error raised by it. */
        w.errors.last_class = CE_None;
        GDALClose(w.ds);
        if (w.errors.last_class >= CE_Failure && !st)
            st = dosah_writer_gdal_fail(&w, "cannot close the GeoPackage");
    }
    if (w.srs)
        OSRRelease(w.srs);
    dosah_writer_aliases_clear(&w);
    dosah_gdal_errors_pop();
    if (!st && rename(tmp, path) != 0)
        st = dosah_error_set(ctx, DOSAH_EIO, "%s: cannot move the finished GeoPackage into "
                             "place: %s", path, strerror(errno));
    dosah_tempdir_remove(&td);
    dosah_free(tmp);
    return st;
}
