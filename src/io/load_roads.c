/* SPDX-License-Identifier: MIT */
/*
 * Readers of the network inputs: road lines (class, speed, one-way) into flat coordinate
 * arrays, from any line layer or from OpenStreetMap through GDAL's OSM driver, and the OD
 * matrix that can stand in for the roads.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "core/text.h"
#include "io/io_internal.h"
#include "io/osm_internal.h"

#define OSM_CLASSES 32 /* highway values counted one by one in the import summary */

/* Counts of an OpenStreetMap import, for its summary in the diagnostics. */
struct osm_import {
    int highway_col, tags_col;         /* column indices, -1 when absent */
    size_t ways;                       /* ways with a highway tag */
    size_t kept, oneway, implied, capped;
    size_t areas, no_access, broken;
    struct {
        char name[32];
        size_t count;
    } dropped[OSM_CLASSES];            /* left out by their highway value */
    size_t dropped_other;              /* ... of values beyond the first OSM_CLASSES */
    size_t odd_oneway_count, bad_maxspeed_count;
    char odd_oneway[96], bad_maxspeed[96]; /* the first of each, with its way id */
};

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

/* Appends one line part with its attributes, its points read at once (OGR_G_GetX and
 * OGR_G_GetY are a call and a type dispatch a point) and checked where they landed: every
 * vertex finite and within DOSAH_COORD_MAX of the origin. */
static enum dosah_status add_line(struct dosah_ctx *ctx, struct roads_builder *b,
                                  const struct dosah_reader *rd, OGRFeatureH f, OGRGeometryH g,
                                  uint32_t cls, float speed, signed char oneway)
{
    struct dosah_roads *r = b->r;
    size_t n = (size_t)OGR_G_GetPointCount(g), i, first = r->vertex_offset[r->line_count];
    double *xy;
    if (dosah_array_reserve(ctx, (void **)&r->xy, &b->xy_cap, 2 * (first + n), sizeof(double)) ||
        reserve_lines(ctx, b, r->line_count + 1))
        return DOSAH_ENOMEM;
    xy = r->xy + 2 * first;
    OGR_G_GetPoints(g, xy, 2 * sizeof *xy, xy + 1, 2 * sizeof *xy, NULL, 0);
    for (i = 0; i < n; i++)
        if (!dosah_coord_ok(xy[2 * i], xy[2 * i + 1]))
            return dosah_reader_fail(ctx, rd, f, NULL, DOSAH_FIELD_COUNT,
                                     "vertex %d at (%g, %g) is not a finite coordinate within "
                                     "%g m of the working CRS's origin. Check the layer's CRS "
                                     "or fix the line.",
                                     (int)i + 1, xy[2 * i], xy[2 * i + 1], DOSAH_COORD_MAX);
    r->class_index[r->line_count] = cls;
    r->speed_kmh[r->line_count] = speed;
    r->oneway[r->line_count] = oneway;
    r->fid[r->line_count] = (long)OGR_F_GetFID(f);
    r->vertex_offset[++r->line_count] = first + n;
    return DOSAH_OK;
}

/* The feature's lines in the working CRS, multi-lines split; NULL on error (message set). */
static OGRGeometryH road_geometry(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                  OGRFeatureH f)
{
    OGRGeometryH ref = dosah_reader_geometry_ref(r, f), g;
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

/* Appends the feature's line (each part of a multi-line) with its attributes. */
static enum dosah_status add_lines(struct dosah_ctx *ctx, struct roads_builder *b,
                                   const struct dosah_reader *r, OGRFeatureH f, uint32_t cls,
                                   float speed, signed char oneway)
{
    OGRGeometryH g = road_geometry(ctx, r, f);
    int parts, i;
    enum dosah_status st = DOSAH_OK;
    if (!g)
        return DOSAH_EINVAL;
    parts = wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiLineString ? OGR_G_GetGeometryCount(g)
                                                                        : 0;
    for (i = 0; i < (parts ? parts : 1) && !st; i++) {
        OGRGeometryH part = parts ? OGR_G_GetGeometryRef(g, i) : g;
        if (OGR_G_GetPointCount(part) < 2)
            st = dosah_reader_fail(ctx, r, f, NULL, DOSAH_FIELD_COUNT,
                                   "a line with fewer than two vertices. Remove it.");
        else
            st = add_line(ctx, b, r, f, part, cls, speed, oneway);
    }
    OGR_G_DestroyGeometry(g);
    return st;
}

static enum dosah_status read_road(struct dosah_ctx *ctx, struct roads_builder *b,
                                   const struct dosah_reader *r, OGRFeatureH f)
{
    uint32_t cls;
    double speed;
    int present, ok;
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
    return add_lines(ctx, b, r, f, cls, present ? (float)speed : NAN, oneway);
}

/* The speed of a class in the scenario's table, NAN when it is not there. */
static double table_speed(const struct dosah_network_spec *ns, const char *road_class)
{
    size_t i;
    for (i = 0; i < ns->speed_count; i++)
        if (strcmp(ns->speeds[i].road_class, road_class) == 0)
            return ns->speeds[i].speed_kmh;
    return NAN;
}

/* Ways left out by their highway value, counted per value (the first OSM_CLASSES values). */
static void osm_drop_class(struct osm_import *o, const char *highway)
{
    size_t i;
    for (i = 0; i < OSM_CLASSES && o->dropped[i].count; i++)
        if (strcmp(o->dropped[i].name, highway) == 0)
            break;
    if (i == OSM_CLASSES) {
        o->dropped_other++;
        return;
    }
    if (!o->dropped[i].count)
        snprintf(o->dropped[i].name, sizeof o->dropped[i].name, "%s", highway);
    o->dropped[i].count++;
}

/* A value worth a look, kept with its way id for the summary (the first only). */
static void osm_note(char *out, size_t size, size_t *count, const char *value, OGRFeatureH f)
{
    if ((*count)++ == 0)
        snprintf(out, size, "'%s' on way %lld", value, (long long)OGR_F_GetFID(f));
}

/*
 * One way of GDAL's OSM `lines` layer: a road for cars when its highway value is in
 * network.speeds_kmh, or not in it but a road (not a footway, path, track, ...) and
 * network.default_speed_kmh > 0; areas and ways closed to cars are left out. With
 * use_maxspeed the way's maxspeed caps its class speed.
 */
static enum dosah_status read_osm_way(struct dosah_ctx *ctx, struct roads_builder *b,
                                      const struct dosah_reader *r, OGRFeatureH f,
                                      struct osm_import *o)
{
    const struct dosah_network_spec *ns = &r->scenario->network;
    const char *highway = o->highway_col >= 0 && OGR_F_IsFieldSetAndNotNull(f, o->highway_col)
                              ? OGR_F_GetFieldAsString(f, o->highway_col)
                              : NULL;
    const char *tags = o->tags_col >= 0 && OGR_F_IsFieldSetAndNotNull(f, o->tags_col)
                           ? OGR_F_GetFieldAsString(f, o->tags_col)
                           : NULL;
    OGRGeometryH g = dosah_reader_geometry_ref(r, f);
    struct dosah_osm_way w;
    double v, speed = NAN;
    uint32_t cls;
    enum dosah_status st;
    dosah_osm_way_read(highway, tags, &w);
    o->ways += w.verdict != DOSAH_OSM_NO_HIGHWAY;
    if (w.verdict != DOSAH_OSM_ROAD) {
        o->areas += w.verdict == DOSAH_OSM_AREA;
        o->no_access += w.verdict == DOSAH_OSM_NO_ACCESS;
        return DOSAH_OK;
    }
    if (!g || OGR_G_IsEmpty(g) || OGR_G_GetPointCount(g) < 2) {
        o->broken++; /* a way cut by the extract's edge, its nodes missing */
        return DOSAH_OK;
    }
    v = table_speed(ns, highway);
    if (isnan(v) && (dosah_osm_highway_not_for_cars(highway) || !(ns->default_speed_kmh > 0))) {
        osm_drop_class(o, highway);
        return DOSAH_OK;
    }
    if (isnan(v))
        v = ns->default_speed_kmh;
    if (w.oneway_unknown)
        osm_note(o->odd_oneway, sizeof o->odd_oneway, &o->odd_oneway_count, w.oneway_text, f);
    if (ns->use_maxspeed && w.has_maxspeed && !w.maxspeed_ok)
        osm_note(o->bad_maxspeed, sizeof o->bad_maxspeed, &o->bad_maxspeed_count, w.maxspeed,
                 f);
    if (ns->use_maxspeed && w.maxspeed_ok && w.maxspeed_kmh < v) {
        speed = w.maxspeed_kmh;
        o->capped++;
    }
    o->kept++;
    o->oneway += w.oneway != DOSAH_ONEWAY_NO;
    o->implied += w.oneway_implied;
    if ((st = class_of(ctx, b, highway, &cls)))
        return st;
    return add_lines(ctx, b, r, f, cls, (float)speed, (signed char)w.oneway);
}

/* "1646 footway, 982 track, ..." in descending order of count. */
static void osm_dropped_list(const struct osm_import *o, char *out, size_t size)
{
    unsigned char used[OSM_CLASSES] = {0};
    size_t k, i, n = 0;
    out[0] = '\0';
    for (k = 0; k < OSM_CLASSES && n < size; k++) {
        size_t best = OSM_CLASSES;
        for (i = 0; i < OSM_CLASSES && o->dropped[i].count; i++)
            if (!used[i] && (best == OSM_CLASSES || o->dropped[i].count > o->dropped[best].count))
                best = i;
        if (best == OSM_CLASSES)
            break;
        used[best] = 1;
        n += (size_t)snprintf(out + n, size - n, "%s%zu %s", k ? ", " : "",
                              o->dropped[best].count, o->dropped[best].name);
    }
    if (o->dropped_other && n < size)
        snprintf(out + n, size - n, "%s%zu of other values", n ? ", " : "", o->dropped_other);
}

/* The import in the diagnostics: what was kept, what was left out and why. */
static enum dosah_status osm_report(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    const struct osm_import *o)
{
    const char *file = r->spec->path_as_written;
    char dropped[1024];
    size_t classes = 0, i;
    enum dosah_status st;
    for (i = 0; i < OSM_CLASSES; i++)
        classes += o->dropped[i].count;
    osm_dropped_list(o, dropped, sizeof dropped);
    st = dosah_diag_add(
        ctx, DOSAH_INFO, "load", file, r->layer_name, NULL, NULL,
        "OpenStreetMap: %zu ways with a highway tag, %zu kept as roads for cars (%zu one-way, "
        "%zu of them by a roundabout or motorway without a oneway tag); left out: %zu by their "
        "highway value (%s), %zu areas (area=yes), %zu closed to cars (access tags), %zu cut "
        "by the extract's edge",
        o->ways, o->kept, o->oneway, o->implied, classes + o->dropped_other,
        *dropped ? dropped : "none", o->areas, o->no_access, o->broken);
    if (!st && r->scenario->network.use_maxspeed)
        st = dosah_diag_add(ctx, DOSAH_INFO, "load", file, r->layer_name, NULL, NULL,
                            "maxspeed lowered the class speed of %zu roads; %zu maxspeed values "
                            "were not understood%s%s%s and the class speed applies there",
                            o->capped, o->bad_maxspeed_count,
                            o->bad_maxspeed_count ? " (first: " : "", o->bad_maxspeed,
                            o->bad_maxspeed_count ? ")" : "");
    if (!st && o->odd_oneway_count)
        st = dosah_diag_add(ctx, DOSAH_WARNING, "load", file, r->layer_name, NULL, NULL,
                            "%zu roads have a oneway value that is not yes, no, -1 or reverse "
                            "(first: %s); they are read as two-way",
                            o->odd_oneway_count, o->odd_oneway);
    if (!st && o->kept == 0)
        st = dosah_error_set(ctx, DOSAH_EINVAL,
                             "%s: layer '%s': none of its %zu highway ways is a road for cars "
                             "(%s)%s. Check network.speeds_kmh%s.",
                             file, r->layer_name, o->ways, *dropped ? dropped : "no highway tag",
                             r->scenario->network.clip ? " within the clipped study area" : "",
                             r->scenario->network.clip ? " and network.clip_buffer_m" : "");
    return st;
}

/* The OSM columns: highway (or the mapped class column) and other_tags. */
static void osm_columns(const struct dosah_reader *r, struct osm_import *o)
{
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(r->layer);
    memset(o, 0, sizeof *o);
    o->highway_col = r->field[DOSAH_FIELD_CLASS] >= 0 ? r->field[DOSAH_FIELD_CLASS]
                                                      : OGR_FD_GetFieldIndex(fd, "highway");
    o->tags_col = OGR_FD_GetFieldIndex(fd, "other_tags");
}

/* 1 when some vertex of line l is not at its first vertex's point. */
static int positive_length(const struct dosah_roads *roads, size_t l)
{
    size_t v;
    const double *a = roads->xy + 2 * roads->vertex_offset[l];
    for (v = roads->vertex_offset[l] + 1; v < roads->vertex_offset[l + 1]; v++)
        if (roads->xy[2 * v] != a[0] || roads->xy[2 * v + 1] != a[1])
            return 1;
    return 0;
}

/* Lines of zero length (every vertex at one point) carry no travel and nothing snaps to them:
 * a warning names them; with no line of positive length the network is unusable. */
static enum dosah_status check_lengths(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                       const struct dosah_roads *roads)
{
    size_t l, zero = 0;
    long first = -1;
    for (l = 0; l < roads->line_count; l++)
        if (!positive_length(roads, l) && zero++ == 0)
            first = roads->fid[l];
    if (!zero)
        return DOSAH_OK;
    if (zero == roads->line_count)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: layer '%s': no road has a positive length (all %zu lines "
                               "have every vertex at one point; the first is fid %ld). Check "
                               "the roads' geometries and their CRS.",
                               r->spec->path_as_written, r->layer_name, zero, first);
    return dosah_diag_add(ctx, DOSAH_WARNING, "load", r->spec->path_as_written, r->layer_name,
                          NULL, NULL,
                          "%zu %s of zero length (every vertex at one point; the first "
                          "is fid %ld) carry no travel and nothing snaps to them. Fix or remove "
                          "them.",
                          zero, dosah_plural(zero, "road line", "road lines"), first);
}

enum dosah_status dosah_load_roads(struct dosah_ctx *ctx, struct dosah_reader *r,
                                   struct dosah_roads *roads)
{
    struct roads_builder b = {roads, 0, 0, 0};
    struct osm_import osm;
    OGRFeatureH f;
    size_t i = 0;
    enum dosah_status st = reserve_lines(ctx, &b, 1);
    if (st)
        return st;
    roads->vertex_offset[0] = 0;
    osm_columns(r, &osm);
    OGR_L_ResetReading(r->layer);
    while ((f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        st = r->is_osm ? read_osm_way(ctx, &b, r, f, &osm) : read_road(ctx, &b, r, f);
        OGR_F_Destroy(f);
        if (st)
            return st;
        if ((++i & 1023) == 0 && r->feature_count > 0 &&
            (st = dosah_progress(ctx, (double)i / (double)r->feature_count, "roads")))
            return st;
    }
    if ((st = check_lengths(ctx, r, roads)))
        return st;
    return r->is_osm ? osm_report(ctx, r, &osm) : DOSAH_OK;
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
