/* SPDX-License-Identifier: MIT */
/*
 * Readers of the network inputs: road lines (class, speed, one-way) into flat coordinate
 * arrays, and the OD matrix that can stand in for the roads; also the population table joined
 * to municipalities by code.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "io/io_internal.h"

struct roads_builder {
    struct dosah_roads *r;
    size_t line_cap, xy_cap, class_cap;
};

/* OpenStreetMap's oneway values; returns 0 and sets *ok=0 on anything else. */
static int parse_oneway(const char *text, int *ok)
{
    char f[32];
    *ok = 1;
    if (!text)
        return DOSAH_ONEWAY_NO;
    dosah_fold(text, f, sizeof f);
    if (!*f || !strcmp(f, "no") || !strcmp(f, "0") || !strcmp(f, "false"))
        return DOSAH_ONEWAY_NO;
    if (!strcmp(f, "yes") || !strcmp(f, "1") || !strcmp(f, "true"))
        return DOSAH_ONEWAY_FORWARD;
    if (!strcmp(f, "-1") || !strcmp(f, "reverse"))
        return DOSAH_ONEWAY_BACKWARD;
    *ok = 0;
    return DOSAH_ONEWAY_NO;
}

static enum dosah_status class_of(struct dosah_ctx *ctx, struct roads_builder *b,
                                  const char *name, uint32_t *index)
{
    struct dosah_roads *r = b->r;
    size_t i;
    *index = DOSAH_NONE;
    if (!name || !*name)
        return DOSAH_OK;
    for (i = 0; i < r->class_count; i++)
        if (strcmp(r->class_names[i], name) == 0) {
            *index = (uint32_t)i;
            return DOSAH_OK;
        }
    if (dosah_array_reserve(ctx, (void **)&r->class_names, &b->class_cap, r->class_count + 1,
                            sizeof *r->class_names))
        return DOSAH_ENOMEM;
    r->class_names[r->class_count] = dosah_strdup(ctx, name);
    if (!r->class_names[r->class_count])
        return DOSAH_ENOMEM;
    *index = (uint32_t)r->class_count++;
    return DOSAH_OK;
}

/* Grows every per-line array to hold at least need lines (vertex_offset need + 1). */
static enum dosah_status reserve_lines(struct dosah_ctx *ctx, struct roads_builder *b, size_t need)
{
    struct dosah_roads *r = b->r;
    size_t cap = b->line_cap ? b->line_cap : 256;
    void *p;
    if (need <= b->line_cap)
        return DOSAH_OK;
    while (cap < need)
        cap *= 2;
#define GROW(field, size)                                                                      \
    if (!(p = dosah_reallocarray(ctx, r->field, cap + 1, size)))                               \
        return DOSAH_ENOMEM;                                                                   \
    r->field = p;
    GROW(class_index, sizeof(uint32_t))
    GROW(speed_kmh, sizeof(float))
    GROW(oneway, sizeof(signed char))
    GROW(fid, sizeof(long))
    GROW(vertex_offset, sizeof(size_t))
#undef GROW
    b->line_cap = cap;
    return DOSAH_OK;
}

/* Appends one line part with its attributes. */
static enum dosah_status add_line(struct dosah_ctx *ctx, struct roads_builder *b, OGRGeometryH g,
                                  uint32_t cls, float speed, signed char oneway, long fid)
{
    struct dosah_roads *r = b->r;
    size_t n = (size_t)OGR_G_GetPointCount(g), i, first = r->vertex_offset[r->line_count];
    if (dosah_array_reserve(ctx, (void **)&r->xy, &b->xy_cap, 2 * (first + n), sizeof(double)) ||
        reserve_lines(ctx, b, r->line_count + 1))
        return DOSAH_ENOMEM;
    for (i = 0; i < n; i++) {
        r->xy[2 * (first + i)] = OGR_G_GetX(g, (int)i);
        r->xy[2 * (first + i) + 1] = OGR_G_GetY(g, (int)i);
    }
    r->class_index[r->line_count] = cls;
    r->speed_kmh[r->line_count] = speed;
    r->oneway[r->line_count] = oneway;
    r->fid[r->line_count] = fid;
    r->vertex_offset[++r->line_count] = first + n;
    return DOSAH_OK;
}

/* The feature's lines in the working CRS, multi-lines split; NULL on error (message set). */
static OGRGeometryH road_geometry(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                  OGRFeatureH f)
{
    OGRGeometryH ref = OGR_F_GetGeometryRef(f), g;
    OGRwkbGeometryType t;
    if (!ref || OGR_G_IsEmpty(ref)) {
        dosah_reader_fail(ctx, r, f, NULL, DOSAH_FIELD_COUNT,
                          "no geometry (empty or NULL). Fix or remove the road.");
        return NULL;
    }
    t = wkbFlatten(OGR_G_GetGeometryType(ref));
    if (t == wkbLineString || t == wkbMultiLineString)
        g = OGR_G_Clone(ref);
    else if (t == wkbCircularString || t == wkbCompoundCurve || t == wkbMultiCurve)
        g = OGR_G_GetLinearGeometry(ref, 0, NULL);
    else {
        dosah_reader_fail(ctx, r, f, NULL, DOSAH_FIELD_COUNT,
                          "geometry of type %s; roads must be lines. Convert the layer.",
                          OGRGeometryTypeToName(t));
        return NULL;
    }
    OGR_G_FlattenTo2D(g);
    if (r->ct && OGR_G_Transform(g, r->ct) != OGRERR_NONE) {
        dosah_reader_fail(ctx, r, f, NULL, DOSAH_FIELD_COUNT,
                          "cannot transform into the working CRS (%s)",
                          dosah_gdal_errors_last(r->errors, "outside the CRS's area"));
        OGR_G_DestroyGeometry(g);
        return NULL;
    }
    return g;
}

static enum dosah_status read_road(struct dosah_ctx *ctx, struct roads_builder *b,
                                   const struct dosah_reader *r, OGRFeatureH f)
{
    OGRGeometryH g;
    uint32_t cls;
    double speed;
    int present, ok, parts, i;
    signed char oneway;
    enum dosah_status st;
    const char *text = dosah_reader_string(r, f, DOSAH_FIELD_ONEWAY);
    oneway = (signed char)parse_oneway(text, &ok);
    if (!ok)
        return dosah_reader_fail(ctx, r, f, NULL, DOSAH_FIELD_ONEWAY,
                                 "unknown one-way value '%s'. Use yes/1/true, -1/reverse or "
                                 "no/0/false (OpenStreetMap's meanings).",
                                 text);
    if ((st = dosah_reader_number(ctx, r, f, NULL, DOSAH_FIELD_SPEED, &speed, &present)))
        return st;
    if (present && !(speed > 0))
        return dosah_reader_fail(ctx, r, f, NULL, DOSAH_FIELD_SPEED,
                                 "speed %g km/h; it must be positive (leave it empty to use "
                                 "the class table).",
                                 speed);
    if ((st = class_of(ctx, b, dosah_reader_string(r, f, DOSAH_FIELD_CLASS), &cls)))
        return st;
    if (!(g = road_geometry(ctx, r, f)))
        return DOSAH_EINVAL;
    parts = wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiLineString ? OGR_G_GetGeometryCount(g)
                                                                        : 0;
    for (i = 0; i < (parts ? parts : 1) && !st; i++) {
        OGRGeometryH part = parts ? OGR_G_GetGeometryRef(g, i) : g;
        if (OGR_G_GetPointCount(part) < 2)
            st = dosah_reader_fail(ctx, r, f, NULL, DOSAH_FIELD_COUNT,
                                   "a line with fewer than two vertices. Remove it.");
        else
            st = add_line(ctx, b, part, cls, present ? (float)speed : NAN, oneway,
                          (long)OGR_F_GetFID(f));
    }
    OGR_G_DestroyGeometry(g);
    return st;
}

enum dosah_status dosah_load_roads(struct dosah_ctx *ctx, struct dosah_reader *r,
                                   struct dosah_roads *roads)
{
    struct roads_builder b = {roads, 0, 0, 0};
    OGRFeatureH f;
    size_t i = 0;
    enum dosah_status st = reserve_lines(ctx, &b, 1);
    if (st)
        return st;
    roads->vertex_offset[0] = 0;
    OGR_L_ResetReading(r->layer);
    while ((f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        st = read_road(ctx, &b, r, f);
        OGR_F_Destroy(f);
        if (st)
            return st;
        if ((++i & 1023) == 0 && r->feature_count > 0 &&
            (st = dosah_progress(ctx, (double)i / (double)r->feature_count, "roads")))
            return st;
    }
    return DOSAH_OK;
}

/* Appends one pair to the OD matrix, growing its three arrays together. */
static enum dosah_status od_append(struct dosah_ctx *ctx, struct dosah_od *od, size_t *cap,
                                   const char *o, const char *d, double minutes)
{
    if (od->count == *cap) {
        size_t ncap = *cap ? 2 * *cap : 1024;
        void *p;
        if (!(p = dosah_reallocarray(ctx, od->origin, ncap, sizeof(char *))))
            return DOSAH_ENOMEM;
        od->origin = p;
        if (!(p = dosah_reallocarray(ctx, od->destination, ncap, sizeof(char *))))
            return DOSAH_ENOMEM;
        od->destination = p;
        if (!(p = dosah_reallocarray(ctx, od->minutes, ncap, sizeof(double))))
            return DOSAH_ENOMEM;
        od->minutes = p;
        *cap = ncap;
    }
    od->origin[od->count] = dosah_strdup(ctx, o);
    od->destination[od->count] = dosah_strdup(ctx, d);
    od->minutes[od->count] = minutes;
    od->count++;
    return od->origin[od->count - 1] && od->destination[od->count - 1] ? DOSAH_OK : DOSAH_ENOMEM;
}

static enum dosah_status read_od_row(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                     OGRFeatureH f, struct dosah_od *od, size_t *cap)
{
    const char *o = dosah_reader_string(r, f, DOSAH_FIELD_ORIGIN);
    const char *d = dosah_reader_string(r, f, DOSAH_FIELD_DESTINATION);
    double minutes;
    int present;
    enum dosah_status st;
    if (!o || !d)
        return dosah_reader_fail(ctx, r, f, NULL, o ? DOSAH_FIELD_DESTINATION : DOSAH_FIELD_ORIGIN,
                                 "the id is empty. Fill in origin and destination.");
    if ((st = dosah_reader_number(ctx, r, f, NULL, DOSAH_FIELD_MINUTES, &minutes, &present)))
        return st;
    if (!present || minutes < 0)
        return dosah_reader_fail(ctx, r, f, NULL, DOSAH_FIELD_MINUTES,
                                 "minutes %s; a time of 0 or more is needed (leave the pair "
                                 "out when it is unreachable).",
                                 present ? "negative" : "missing");
    return od_append(ctx, od, cap, o, d, minutes);
}

enum dosah_status dosah_load_od(struct dosah_ctx *ctx, struct dosah_reader *r,
                                struct dosah_od *od)
{
    OGRFeatureH f;
    size_t cap = 0;
    enum dosah_status st = DOSAH_OK;
    OGR_L_ResetReading(r->layer);
    while (!st && (f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        st = read_od_row(ctx, r, f, od, &cap);
        OGR_F_Destroy(f);
    }
    return st;
}

enum dosah_status dosah_load_population(struct dosah_ctx *ctx, struct dosah_reader *r,
                                        struct dosah_model *m)
{
    OGRFeatureH f;
    enum dosah_status st = DOSAH_OK;
    size_t unmatched = 0;
    OGR_L_ResetReading(r->layer);
    while (!st && (f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        const char *code = dosah_reader_string(r, f, DOSAH_FIELD_ID);
        uint32_t i = code ? dosah_model_find_municipality(m, code) : DOSAH_NONE;
        double pop;
        int present;
        if (i == DOSAH_NONE) {
            unmatched++;
        } else if (!(st = dosah_reader_number(ctx, r, f, code, DOSAH_FIELD_POPULATION, &pop,
                                              &present)) &&
                   present) {
            if (pop < 0)
                st = dosah_reader_fail(ctx, r, f, code, DOSAH_FIELD_POPULATION,
                                       "negative population %g", pop);
            else if (m->municipalities[i].has_population)
                st = dosah_reader_fail(ctx, r, f, code, DOSAH_FIELD_ID,
                                       "municipality '%s' has a population already (another "
                                       "row or the municipalities' own field). Keep one.",
                                       code);
            m->municipalities[i].population = pop;
            m->municipalities[i].has_population = 1;
        }
        OGR_F_Destroy(f);
    }
    if (!st && unmatched)
        st = dosah_diag_add(ctx, DOSAH_INFO, "load", r->spec->path_as_written, r->layer_name,
                            NULL, r->spec->fields[DOSAH_FIELD_ID],
                            "%zu rows match no municipality code (rows of other regions are "
                            "expected in a national table)",
                            unmatched);
    return st;
}
