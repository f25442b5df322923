/* SPDX-License-Identifier: MIT */
/*
 * The input reader: opens one scenario input through GDAL/OGR, resolves its field mapping,
 * prepares the transform into the working CRS and turns values into plain data, with
 * messages that name the file, layer, feature and field of anything wrong (geometries:
 * reader_geometry.c).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "core/text.h"
#include "io/io_internal.h"

static void CPL_STDCALL gdal_error_handler(CPLErr cls, CPLErrorNum num, const char *msg)
{
    struct dosah_gdal_errors *e = CPLGetErrorHandlerUserData();
    (void)num;
    if (!e || cls < CE_Warning)
        return;
    e->last_class = cls;
    snprintf(e->last, sizeof e->last, "%s", msg ? msg : "");
}

void dosah_gdal_errors_push(struct dosah_gdal_errors *e)
{
    e->last[0] = '\0';
    e->last_class = CE_None;
    CPLPushErrorHandlerEx(gdal_error_handler, e);
}

void dosah_gdal_errors_pop(void)
{
    CPLPopErrorHandler();
}

const char *dosah_gdal_errors_last(const struct dosah_gdal_errors *e, const char *fallback)
{
    return e && e->last[0] ? e->last : fallback;
}

/* "the field 'population' (column 'obyvatel')" or "" */
static void field_phrase(const struct dosah_reader *r, enum dosah_field field, char *out,
                         size_t n)
{
    if (field >= DOSAH_FIELD_COUNT || !r->spec->fields[field]) {
        out[0] = '\0';
        return;
    }
    snprintf(out, n, ", field '%s' (%s: %s)", r->spec->fields[field],
             r->kind_name, dosah_field_name(field));
}

/* 1 when another input of the scenario reads the same layer of the same file (RÚIAN's
 * AdresniMista as demand and as addresses): messages then name the input. */
static int layer_shared(const struct dosah_reader *r)
{
    size_t k;
    if (!r->scenario || !r->spec->path)
        return 0;
    for (k = 0; k < DOSAH_INPUT_KIND_COUNT; k++) {
        const struct dosah_input_spec *o = &r->scenario->inputs[k];
        if (o == r->spec || !o->present || !o->path || strcmp(o->path, r->spec->path) != 0)
            continue;
        if (o->layer ? r->layer_name && strcmp(o->layer, r->layer_name) == 0 : !r->spec->layer)
            return 1;
    }
    return 0;
}

static void where_phrase(const struct dosah_reader *r, OGRFeatureH f, const char *id,
                         enum dosah_field field, char *out, size_t n)
{
    char fp[256], feat[256] = "", kind[128] = "";
    field_phrase(r, field, fp, sizeof fp);
    if (layer_shared(r))
        snprintf(kind, sizeof kind, " (read as the %s input)", r->kind_name);
    if (f && id)
        snprintf(feat, sizeof feat, ", feature '%s' (fid %lld)", id,
                 (long long)OGR_F_GetFID(f));
    else if (f)
        snprintf(feat, sizeof feat, ", feature fid %lld", (long long)OGR_F_GetFID(f));
    snprintf(out, n, "%s: layer '%s'%s%s%s", r->spec->path_as_written,
             r->layer_name ? r->layer_name : "?", kind, feat, fp);
}

enum dosah_status dosah_reader_fail(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    OGRFeatureH f, const char *id, enum dosah_field field,
                                    const char *fmt, ...)
{
    char where[1024], what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    where_phrase(r, f, id, field, where, sizeof where);
    return dosah_error_set(ctx, DOSAH_EINVAL, "%s: %s", where, what);
}

enum dosah_status dosah_reader_warn(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    OGRFeatureH f, const char *id, enum dosah_field field,
                                    const char *fmt, ...)
{
    char feature[64];
    enum dosah_status st;
    va_list ap;
    if (!id && f)
        snprintf(feature, sizeof feature, "fid %lld", (long long)OGR_F_GetFID(f));
    va_start(ap, fmt);
    st = dosah_diag_addv(ctx, DOSAH_WARNING, "load", r->spec->path_as_written, r->layer_name,
                         id ? id : (f ? feature : NULL),
                         field < DOSAH_FIELD_COUNT ? r->spec->fields[field] : NULL, fmt, ap);
    va_end(ap);
    return st;
}

/* Comma-separated list of a layer's field names, for "fields are: ..." hints. */
static char *field_list(struct dosah_ctx *ctx, OGRLayerH layer)
{
    struct dosah_strbuf b;
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(layer);
    int i, n = OGR_FD_GetFieldCount(fd);
    dosah_strbuf_init(&b, 0);
    for (i = 0; i < n; i++)
        if (dosah_strbuf_printf(ctx, &b, "%s%s", i ? ", " : "",
                                OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(fd, i))))
            break;
    if (n == 0)
        dosah_strbuf_puts(ctx, &b, "(none)");
    return dosah_strbuf_take(ctx, &b);
}

static char *layer_list(struct dosah_ctx *ctx, GDALDatasetH ds)
{
    struct dosah_strbuf b;
    int i, n = GDALDatasetGetLayerCount(ds);
    dosah_strbuf_init(&b, 0);
    for (i = 0; i < n; i++)
        if (dosah_strbuf_printf(ctx, &b, "%s'%s'", i ? ", " : "",
                                OGR_L_GetName(GDALDatasetGetLayer(ds, i))))
            break;
    return dosah_strbuf_take(ctx, &b);
}

static int is_numeric_type(OGRFieldType t)
{
    return t == OFTInteger || t == OFTInteger64 || t == OFTReal;
}

/* Fields that hold numbers: their OGR type must be numeric or text (parsed per feature). */
static int field_wants_number(enum dosah_field f)
{
    return f == DOSAH_FIELD_POPULATION || f == DOSAH_FIELD_CAPACITY || f == DOSAH_FIELD_SPEED ||
           f == DOSAH_FIELD_MINUTES || f == DOSAH_FIELD_X || f == DOSAH_FIELD_Y ||
           f == DOSAH_FIELD_PRIORITY || f == DOSAH_FIELD_FLATS;
}

static enum dosah_status resolve_fields(struct dosah_ctx *ctx, struct dosah_reader *r)
{
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(r->layer);
    int i;
    for (i = 0; i < DOSAH_FIELD_COUNT; i++) {
        const char *col = r->spec->fields[i];
        int idx;
        r->field[i] = -1;
        if (!col)
            continue;
        if (i == DOSAH_FIELD_POINT) { /* a geometry column, not an attribute */
            if ((r->field[i] = OGR_FD_GetGeomFieldIndex(fd, col)) < 0)
                return dosah_error_set(
                    ctx, DOSAH_EINVAL,
                    "%s: layer '%s': no geometry column '%s' (mapped as %s.point at %s:%u:%u); "
                    "the layer has %d geometry column(s). Name a point column, such as RÚIAN's "
                    "DefinicniBod, or remove 'point:'.",
                    r->spec->path_as_written, r->layer_name, col, r->kind_name,
                    r->scenario->path, r->spec->field_marks[i].line,
                    r->spec->field_marks[i].column, OGR_FD_GetGeomFieldCount(fd));
            continue;
        }
        idx = OGR_FD_GetFieldIndex(fd, col);
        if (idx < 0) {
            char *list = field_list(ctx, r->layer);
            dosah_error_set(ctx, DOSAH_EINVAL,
                            "%s: layer '%s': no field '%s' (mapped as %s.%s at %s:%u:%u); the "
                            "layer's fields are: %s. Fix the mapping in the scenario.",
                            r->spec->path_as_written, r->layer_name, col,
                            r->kind_name, dosah_field_name(i),
                            r->scenario->path, r->spec->field_marks[i].line,
                            r->spec->field_marks[i].column, list ? list : "?");
            dosah_free(list);
            return DOSAH_EINVAL;
        }
        if (field_wants_number(i)) {
            OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(fd, idx));
            if (!is_numeric_type(t) && t != OFTString)
                return dosah_error_set(
                    ctx, DOSAH_EINVAL,
                    "%s: layer '%s': field '%s' (%s.%s) is of type %s; a number is needed. "
                    "Map a numeric field.",
                    r->spec->path_as_written, r->layer_name, col, r->kind_name,
                    dosah_field_name(i), OGR_GetFieldTypeName(t));
        }
        r->field[i] = idx;
    }
    return DOSAH_OK;
}

static enum dosah_status open_dataset(struct dosah_ctx *ctx, struct dosah_reader *r)
{
    char **opts = NULL;
    const struct dosah_input_spec *sp = r->spec;
    if (sp->fields[DOSAH_FIELD_X]) {
        opts = CSLSetNameValue(opts, "X_POSSIBLE_NAMES", sp->fields[DOSAH_FIELD_X]);
        opts = CSLSetNameValue(opts, "Y_POSSIBLE_NAMES", sp->fields[DOSAH_FIELD_Y]);
        opts = CSLSetNameValue(opts, "KEEP_GEOM_COLUMNS", "YES");
    }
    if (sp->encoding)
        opts = CSLSetNameValue(opts, "ENCODING", sp->encoding);
    r->errors->last[0] = '\0';
    r->ds = GDALOpenEx(sp->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                       (const char *const *)opts, NULL);
    CSLDestroy(opts);
    if (r->ds) {
        GDALDriverH drv = GDALGetDatasetDriver(r->ds);
        r->is_osm = drv && strcmp(GDALGetDriverShortName(drv), "OSM") == 0;
        r->is_csv = drv && strcmp(GDALGetDriverShortName(drv), "CSV") == 0;
        return DOSAH_OK;
    }
    if (access(sp->path, R_OK) != 0)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: cannot open the %s input: %s (path from %s:%u:%u, resolved "
                               "to '%s'). Check the path in the scenario.",
                               sp->path_as_written, r->kind_name,
                               strerror(errno), r->scenario->path, sp->mark.line,
                               sp->mark.column, sp->path);
    return dosah_error_set(ctx, DOSAH_EINVAL,
                           "%s: not a vector data source GDAL can read (%s). Convert it to "
                           "GeoPackage, GeoJSON, Shapefile or CSV.",
                           sp->path_as_written,
                           dosah_gdal_errors_last(r->errors, "no driver recognised it"));
}

static enum dosah_status open_layer(struct dosah_ctx *ctx, struct dosah_reader *r)
{
    const struct dosah_input_spec *sp = r->spec;
    int n = GDALDatasetGetLayerCount(r->ds);
    if (sp->layer) {
        r->layer = GDALDatasetGetLayerByName(r->ds, sp->layer);
        if (!r->layer) {
            char *list = layer_list(ctx, r->ds);
            dosah_error_set(ctx, DOSAH_EINVAL,
                            "%s: no layer '%s' (named at %s:%u:%u); its layers are: %s. Fix "
                            "the layer name in the scenario.",
                            sp->path_as_written, sp->layer, r->scenario->path, sp->mark.line,
                            sp->mark.column, list ? list : "?");
            dosah_free(list);
            return DOSAH_EINVAL;
        }
    } else if (n == 1) {
        r->layer = GDALDatasetGetLayer(r->ds, 0);
    } else if (r->is_osm && (r->layer = GDALDatasetGetLayerByName(r->ds, "lines")) != NULL) {
        /* OpenStreetMap: the ways that are not areas, where the roads are */
    } else {
        char *list = layer_list(ctx, r->ds);
        dosah_error_set(ctx, DOSAH_EINVAL,
                        "%s: %d layers and no 'layer:' for the %s input at %s:%u:%u; name one "
                        "of: %s.",
                        sp->path_as_written, n, r->kind_name, r->scenario->path,
                        sp->mark.line, sp->mark.column, list ? list : "?");
        dosah_free(list);
        return DOSAH_EINVAL;
    }
    r->layer_name = dosah_strdup(ctx, OGR_L_GetName(r->layer));
    if (!r->layer_name)
        return DOSAH_ENOMEM;
    if (sp->where && OGR_L_SetAttributeFilter(r->layer, sp->where) != OGRERR_NONE)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: layer '%s': the condition where: \"%s\" (at %s:%u:%u) is "
                               "not one OGR understands (%s). Write an OGR SQL condition on the "
                               "layer's fields, such as \"OkresKod IN (3501, 3502)\".",
                               sp->path_as_written, r->layer_name, sp->where, r->scenario->path,
                               sp->where_mark.line, sp->where_mark.column,
                               dosah_gdal_errors_last(r->errors, "syntax error"));
    /* The OSM driver can count only by reading the whole file: not worth a second pass; an
     * empty result is reported once the roads are read. */
    r->feature_count = OGR_L_GetFeatureCount(r->layer, !r->is_osm);
    if (r->feature_count == 0 && sp->where)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: layer '%s' (the %s input): no feature matches where: \"%s\" "
                               "(at %s:%u:%u). Check the condition.",
                               sp->path_as_written, r->layer_name, r->kind_name, sp->where,
                               r->scenario->path, sp->where_mark.line, sp->where_mark.column);
    if (r->feature_count == 0)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: layer '%s' (the %s input) is empty. Point the scenario at "
                               "a layer with features.",
                               sp->path_as_written, r->layer_name,
                               r->kind_name);
    return DOSAH_OK;
}

static enum dosah_status prepare_transform(struct dosah_ctx *ctx, struct dosah_reader *r,
                                           OGRSpatialReferenceH target)
{
    const struct dosah_input_spec *sp = r->spec;
    OGRSpatialReferenceH src = OGR_GFld_GetSpatialRef(
        OGR_FD_GetGeomFieldDefn(OGR_L_GetLayerDefn(r->layer), r->geom_field));
    if (sp->crs) {
        r->src_srs = OSRNewSpatialReference(NULL);
        if (OSRSetFromUserInput(r->src_srs, sp->crs) != OGRERR_NONE)
            return dosah_error_set(ctx, DOSAH_EINVAL,
                                   "%s:%u:%u: unknown CRS '%s' for the %s input. Use an EPSG "
                                   "code such as EPSG:5514 or EPSG:4326.",
                                   r->scenario->path, sp->mark.line, sp->mark.column, sp->crs,
                                   r->kind_name);
        OSRSetAxisMappingStrategy(r->src_srs, OAMS_TRADITIONAL_GIS_ORDER);
        src = r->src_srs;
    }
    if (!src)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: layer '%s' has no coordinate reference system. Add 'crs: "
                               "EPSG:...' to the %s input in the scenario, or assign one with "
                               "ogr2ogr -a_srs.",
                               sp->path_as_written, r->layer_name,
                               r->kind_name);
    if (OSRIsSame(src, target))
        return DOSAH_OK;
    r->ct = OCTNewCoordinateTransformation(src, target);
    if (!r->ct)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: layer '%s': cannot transform its CRS into the working CRS "
                               "(%s). Check the layer's CRS.",
                               sp->path_as_written, r->layer_name,
                               dosah_gdal_errors_last(r->errors, "PROJ found no transformation"));
    return DOSAH_OK;
}

enum dosah_status dosah_reader_open(struct dosah_ctx *ctx, struct dosah_reader *r,
                                    const struct dosah_scenario *s, enum dosah_input_kind kind,
                                    OGRSpatialReferenceH target, enum dosah_geom_need need,
                                    struct dosah_gdal_errors *errors)
{
    return dosah_reader_open_spec(ctx, r, s, &s->inputs[kind], dosah_input_kind_name(kind),
                                  target, need, errors);
}

enum dosah_status dosah_reader_open_spec(struct dosah_ctx *ctx, struct dosah_reader *r,
                                         const struct dosah_scenario *s,
                                         const struct dosah_input_spec *spec,
                                         const char *kind_name, OGRSpatialReferenceH target,
                                         enum dosah_geom_need need,
                                         struct dosah_gdal_errors *errors)
{
    enum dosah_status st;
    memset(r, 0, sizeof *r);
    r->scenario = s;
    r->kind_name = kind_name;
    r->spec = spec;
    r->errors = errors;
    r->target = target;
    r->geom_field = -1;
    if ((st = open_dataset(ctx, r)) || (st = open_layer(ctx, r)) || (st = resolve_fields(ctx, r)))
        return st;
    if (need == DOSAH_GEOM_NONE)
        return DOSAH_OK;
    if (OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(r->layer)) == 0 &&
        spec->fields[DOSAH_FIELD_ADDRESS] && !spec->fields[DOSAH_FIELD_X])
        return DOSAH_OK; /* a table of services placed by address code */
    if (OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(r->layer)) == 0)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: layer '%s' has no geometry. The %s input needs geometries, "
                               "or x and y fields for a table.",
                               r->spec->path_as_written, r->layer_name, kind_name);
    if ((st = dosah_reader_pick_geometry(ctx, r, need)))
        return st;
    return prepare_transform(ctx, r, target);
}

void dosah_reader_close(struct dosah_reader *r)
{
    if (r->ct)
        OCTDestroyCoordinateTransformation(r->ct);
    if (r->src_srs)
        OSRRelease(r->src_srs);
    if (r->ds)
        GDALClose(r->ds);
    dosah_free(r->layer_name);
    memset(r, 0, sizeof *r);
}

const char *dosah_reader_string(const struct dosah_reader *r, OGRFeatureH f,
                                enum dosah_field field)
{
    int idx = r->field[field];
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx))
        return NULL;
    return OGR_F_GetFieldAsString(f, idx);
}

/* The largest magnitude every number read keeps exactly (2^53): an integer past it, or one
 * GDAL clamped to 64 bits, would be stored as another number. */
#define EXACT_MAX 9007199254740992.0

/* Parses a whole plain decimal number (sign, digits, one decimal point or comma, exponent;
 * no hexadecimal, inf or nan), blanks around it allowed; 1 on success. */
static int parse_number(const char *text, double *out)
{
    char buf[64], *end;
    size_t n = strlen(text), i = 0, digits = 0;
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    while (n && isspace((unsigned char)*text))
        text++, n--;
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, text, n);
    buf[n] = '\0';
    if (buf[i] == '+' || buf[i] == '-')
        i++;
    for (; isdigit((unsigned char)buf[i]); i++)
        digits++;
    if (buf[i] == '.' || buf[i] == ',')
        for (buf[i++] = '.'; isdigit((unsigned char)buf[i]); i++)
            digits++;
    if (digits && (buf[i] == 'e' || buf[i] == 'E')) {
        i += buf[i + 1] == '+' || buf[i + 1] == '-' ? 2 : 1;
        if (!isdigit((unsigned char)buf[i]))
            return 0;
        while (isdigit((unsigned char)buf[i]))
            i++;
    }
    if (!digits || i != n)
        return 0;
    errno = 0;
    *out = strtod(buf, &end);
    return *end == '\0' && errno == 0 && isfinite(*out);
}

/* The value of a numeric field; fails on infinity, NaN and integers GDAL clamped. */
static enum dosah_status numeric_value(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                       OGRFeatureH f, const char *id, enum dosah_field field,
                                       OGRFieldType t, double *value)
{
    int idx = r->field[field];
    if (t == OFTInteger64) {
        GIntBig v = OGR_F_GetFieldAsInteger64(f, idx);
        if (v == INT64_MAX || v == INT64_MIN)
            return dosah_reader_fail(ctx, r, f, id, field,
                                     "%lld is beyond the 64-bit integer range (GDAL clamped "
                                     "the value). Correct the value.",
                                     (long long)v);
        *value = (double)v;
        if (v > (GIntBig)EXACT_MAX || v < -(GIntBig)EXACT_MAX)
            return dosah_reader_fail(ctx, r, f, id, field,
                                     "%lld is too large to be kept exactly (at most "
                                     "9007199254740992). Correct the value.",
                                     (long long)v);
        return DOSAH_OK;
    }
    *value = OGR_F_GetFieldAsDouble(f, idx);
    if (!isfinite(*value))
        return dosah_reader_fail(ctx, r, f, id, field,
                                 "'%s' is not a finite number. Correct the value.",
                                 OGR_F_GetFieldAsString(f, idx));
    return DOSAH_OK;
}

enum dosah_status dosah_reader_number(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                      OGRFeatureH f, const char *id, enum dosah_field field,
                                      double *value, int *present)
{
    int idx = r->field[field];
    OGRFieldType t;
    const char *text;
    enum dosah_status st;
    *present = 0;
    *value = NAN;
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx))
        return DOSAH_OK;
    t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx));
    if (is_numeric_type(t)) {
        if ((st = numeric_value(ctx, r, f, id, field, t, value)))
            return st;
    } else {
        text = OGR_F_GetFieldAsString(f, idx);
        if (strspn(text, " \t") == strlen(text))
            return DOSAH_OK;
        if (!parse_number(text, value))
            return dosah_reader_fail(ctx, r, f, id, field,
                                     "'%s' is not a number. Write a plain decimal number "
                                     "(1234, 12.5 or 12,5).",
                                     text);
    }
    if (fabs(*value) > EXACT_MAX)
        return dosah_reader_fail(ctx, r, f, id, field,
                                 "%g is too large to be kept exactly (at most "
                                 "9007199254740992). Correct the value.",
                                 *value);
    *present = 1;
    return DOSAH_OK;
}

enum dosah_status dosah_reader_id(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                  OGRFeatureH f, enum dosah_field field, struct dosah_id *id)
{
    int idx = r->field[field];
    OGRFieldType t;
    const char *text;
    memset(id, 0, sizeof *id);
    if (idx < 0)
        return DOSAH_OK;
    text = dosah_reader_string(r, f, field);
    if (!text || strspn(text, " \t") == strlen(text))
        return dosah_reader_fail(ctx, r, f, NULL, field,
                                 "the identifier is empty. Give every feature an identifier.");
    if (!dosah_utf8_valid(text, strlen(text), NULL))
        return dosah_reader_fail(ctx, r, f, NULL, field,
                                 "the identifier is not valid UTF-8. Declare the file's "
                                 "encoding: 'encoding: CP1250' on the input in the scenario.");
    t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx));
    if (t == OFTInteger || t == OFTInteger64) {
        id->number = OGR_F_GetFieldAsInteger64(f, idx);
        id->is_number = 1;
        if (id->number == INT64_MAX || id->number == INT64_MIN)
            return dosah_reader_fail(ctx, r, f, NULL, field,
                                     "the identifier is beyond the 64-bit integer range (GDAL "
                                     "clamped it to %lld). Store such codes as text.",
                                     (long long)id->number);
    } else if (t == OFTReal) {
        double v = OGR_F_GetFieldAsDouble(f, idx);
        if (v == floor(v) && fabs(v) < 9e15) {
            id->number = (int64_t)v;
            id->is_number = 1;
            id->text = dosah_asprintf(ctx, "%lld", (long long)id->number);
            return id->text ? DOSAH_OK : DOSAH_ENOMEM;
        }
    } else if (r->is_csv) {
        /* CSV holds only text: an integer-looking identifier (no sign, no leading zero,
         * within int64) counts as an integer, as it would in a typed format. */
        char *end;
        long long v;
        errno = 0;
        v = strtoll(text, &end, 10);
        id->is_number = isdigit((unsigned char)text[0]) && *end == '\0' &&
                        (text[0] != '0' || text[1] == '\0') && errno != ERANGE;
        id->number = id->is_number ? (int64_t)v : 0;
    }
    id->text = dosah_strdup(ctx, text);
    return id->text ? DOSAH_OK : DOSAH_ENOMEM;
}

struct id_ref {
    const struct dosah_id *id;
    long fid;
};

static int id_ref_cmp(const void *a, const void *b)
{
    const struct id_ref *x = a, *y = b;
    return strcmp(x->id->text, y->id->text);
}

enum dosah_status dosah_check_unique_ids(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                         const struct dosah_id *const *ids, const long *fids,
                                         size_t count)
{
    struct id_ref *refs;
    size_t i;
    if (count < 2)
        return DOSAH_OK;
    refs = dosah_calloc(ctx, count, sizeof *refs);
    if (!refs)
        return DOSAH_ENOMEM;
    for (i = 0; i < count; i++) {
        refs[i].id = ids[i];
        refs[i].fid = fids[i];
    }
    qsort(refs, count, sizeof *refs, id_ref_cmp);
    for (i = 1; i < count; i++) {
        if (strcmp(refs[i - 1].id->text, refs[i].id->text) == 0) {
            long a = refs[i - 1].fid < refs[i].fid ? refs[i - 1].fid : refs[i].fid;
            long b = refs[i - 1].fid < refs[i].fid ? refs[i].fid : refs[i - 1].fid;
            dosah_error_set(ctx, DOSAH_EINVAL,
                            "%s: layer '%s', field '%s': duplicate identifier '%s' (features "
                            "fid %ld and fid %ld). Identifiers must be unique.",
                            r->spec->path_as_written, r->layer_name,
                            r->spec->fields[DOSAH_FIELD_ID], refs[i].id->text, a, b);
            dosah_free(refs);
            return DOSAH_EINVAL;
        }
    }
    dosah_free(refs);
    return DOSAH_OK;
}
