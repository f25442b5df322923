/* SPDX-License-Identifier: MIT */
/*
 * An in-memory model and scenario for the pipeline's unit tests (no files).
 *
 * Three square municipalities of 10 km side along one straight road, y = 0, from x = 0 to
 * x = 30,000 m, class "primary" at 60 km/h (1 km per minute):
 *
 *     x:   0 ........ 10,000 ........ 20,000 ........ 30,000
 *          |  A 1001   |   B 1002     |   C 1003      |
 *          |  pop 1000 |   pop 2000   |   pop 4000    |
 *          |  region R1 (3000)        |   region R2 (4000)
 *   demand (on the road):  A at 5,000, B at 15,000, C at 25,000
 *   services: S1 §40 field, capacity 10, at x = 5,000 (in A)
 *             S2 §51 residential, capacity 2, at x = 15,000 (in B)
 *
 * Every point lies on the road, so snapping adds no walk; a time between two points is
 * their distance in km, in minutes. The model is built with plain malloc (fixtures are not
 * part of the allocation failures under test) and freed by dosah_model_destroy.
 *
 * Columns are looked up through rfx_col only, by (layer, key, field); when the field list
 * gives ids, that one function changes.
 */
#ifndef DOSAH_TEST_RUN_FIXTURE_H
#define DOSAH_TEST_RUN_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dosah/model.h"
#include "dosah/output.h"
#include "dosah/scenario.h"
#include "run/run_internal.h"

/* The scenario of the line model; %s is where extra top-level YAML (changes...) goes. */
#define RFX_SCENARIO                                                                         \
    "name: line\n"                                                                           \
    "crs: EPSG:5514\n"                                                                       \
    "inputs:\n"                                                                              \
    "  municipalities: {path: m.geojson, id: kod, population: obyvatel, region: orp}\n"      \
    "  roads: {path: r.geojson, class: typ}\n"                                               \
    "  services: {path: s.geojson, id: id, type: paragraf, form: forma, capacity: kap}\n"    \
    "network:\n"                                                                             \
    "  speeds_kmh: {primary: 60}\n"                                                          \
    "  access_kmh: 5\n"                                                                      \
    "services:\n"                                                                            \
    "  - key: care\n"                                                                        \
    "    label: Care\n"                                                                      \
    "    types: [\"§40\"]\n"                                                                 \
    "    form: field\n"                                                                      \
    "    threshold_min: 15\n"                                                                \
    "  - key: sheltered\n"                                                                   \
    "    label: Sheltered\n"                                                                 \
    "    types: [\"§51\"]\n"                                                                 \
    "    form: residential\n"                                                                \
    "    threshold_min: 45\n"                                                                \
    "    norm_per_10k: 3.0\n"                                                                \
    "thresholds_min: [15, 30]\n"                                                             \
    "time_windows: {day: \"Mo-Fr 08:00-16:00\", evening: \"Mo-Fr 18:00-22:00\"}\n"

static inline char *rfx_strdup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    return d ? strcpy(d, s) : NULL;
}

static inline void rfx_id(struct dosah_id *id, const char *text, int is_number)
{
    id->text = rfx_strdup(text);
    id->is_number = is_number;
    id->number = is_number ? atol(text) : 0;
}

static inline void rfx_area(struct dosah_area *a, const char *code, double pop, uint32_t region,
                            double x)
{
    rfx_id(&a->code, code, 1);
    a->name = rfx_strdup(code);
    a->region = region;
    a->population = pop;
    a->has_population = 1;
    a->inside = (struct dosah_point){x, 0};
    a->fid = atol(code);
}

static inline void rfx_service(struct dosah_service *sv, const char *id, int type, unsigned forms,
                               double capacity, double x, uint32_t municipality)
{
    rfx_id(&sv->id, id, 0);
    sv->name = rfx_strdup(id);
    sv->type = type;
    sv->forms = forms;
    sv->capacity = capacity;
    sv->priority = NAN;
    dosah_hours_init(&sv->opening);
    sv->pt = (struct dosah_point){x, 0};
    sv->municipality = municipality;
}

/* The line model above; with_roads 0 leaves the roads out (for an OD matrix). */
static inline struct dosah_model *rfx_model(int with_roads)
{
    static const char *const codes[] = {"1001", "1002", "1003"};
    static const double pop[] = {1000, 2000, 4000}, mid[] = {5000, 15000, 25000};
    struct dosah_model *m = calloc(1, sizeof *m);
    size_t i;
    m->municipality_count = m->demand_count = 3;
    m->municipalities = calloc(3, sizeof *m->municipalities);
    m->demand = calloc(3, sizeof *m->demand);
    for (i = 0; i < 3; i++) {
        rfx_area(&m->municipalities[i], codes[i], pop[i], i < 2 ? 0 : 1, mid[i]);
        m->municipalities[i].region_code = rfx_strdup(i < 2 ? "R1" : "R2");
        rfx_id(&m->demand[i].id, codes[i], 1);
        m->demand[i].population = pop[i];
        m->demand[i].municipality = (uint32_t)i;
        m->demand[i].pt = (struct dosah_point){mid[i], 0};
        m->demand[i].fid = (long)i;
    }
    m->region_count = 2;
    m->regions = calloc(2, sizeof *m->regions);
    rfx_area(&m->regions[0], "R1", 3000, DOSAH_NONE, 10000);
    rfx_area(&m->regions[1], "R2", 4000, DOSAH_NONE, 25000);
    m->service_count = 2;
    m->services = calloc(2, sizeof *m->services);
    rfx_service(&m->services[0], "S1", 40, DOSAH_FORM_FIELD, 10, 5000, 0);
    rfx_service(&m->services[1], "S2", 51, DOSAH_FORM_RESIDENTIAL, 2, 15000, 1);
    if (with_roads) {
        struct dosah_roads *r = &m->roads;
        m->has_roads = 1;
        r->line_count = 1;
        r->vertex_offset = calloc(2, sizeof *r->vertex_offset);
        r->vertex_offset[1] = 2;
        r->xy = calloc(4, sizeof *r->xy);
        r->xy[2] = 30000;
        r->class_index = calloc(1, sizeof *r->class_index);
        r->speed_kmh = malloc(sizeof *r->speed_kmh);
        r->speed_kmh[0] = NAN;
        r->oneway = calloc(1, 1);
        r->fid = calloc(1, sizeof *r->fid);
        r->class_count = 1;
        r->class_names = calloc(1, sizeof *r->class_names);
        r->class_names[0] = rfx_strdup("primary");
    }
    m->crs_wkt = rfx_strdup("EPSG:5514");
    m->crs_epsg = 5514;
    return m;
}

/* Adds an OD matrix row: origin, destination, minutes. */
static inline void rfx_od(struct dosah_model *m, const char *from, const char *to, double min)
{
    size_t n = m->od.count + 1;
    m->has_od = 1;
    m->od.origin = realloc(m->od.origin, n * sizeof *m->od.origin);
    m->od.destination = realloc(m->od.destination, n * sizeof *m->od.destination);
    m->od.minutes = realloc(m->od.minutes, n * sizeof *m->od.minutes);
    m->od.origin[n - 1] = rfx_strdup(from);
    m->od.destination[n - 1] = rfx_strdup(to);
    m->od.minutes[n - 1] = min;
    m->od.count = n;
}

/* The scenario RFX_SCENARIO with `extra` appended (may be ""). */
static inline enum dosah_status rfx_scenario(struct dosah_ctx *ctx, const char *extra,
                                             struct dosah_scenario **s)
{
    char text[4096];
    int n = snprintf(text, sizeof text, "%s%s", RFX_SCENARIO, extra);
    if (n < 0 || (size_t)n >= sizeof text)
        return DOSAH_EINVAL;
    return dosah_scenario_parse(ctx, "line.yaml", text, (size_t)n, s);
}

/* One services-layer row per (service, question it answers), as the pipeline lays them out;
 * every service of these tests answers at most one question. */
static inline enum dosah_status rfx_service_rows(struct dosah_ctx *ctx,
                                                 const struct dosah_scenario *s,
                                                 const struct dosah_model *m,
                                                 struct dosah_output *out)
{
    size_t i, k, t;
    out->service_rows = dosah_calloc(ctx, m->service_count + 1, sizeof *out->service_rows);
    if (!out->service_rows)
        return DOSAH_ENOMEM;
    for (i = 0; i < m->service_count; i++) {
        const struct dosah_service *sv = &m->services[i];
        out->service_rows[i].service = (uint32_t)i;
        out->service_rows[i].key = DOSAH_NONE;
        for (k = 0; k < s->service_count; k++)
            for (t = 0; t < s->services[k].type_count; t++)
                if (s->services[k].types[t] == sv->type && (sv->forms & s->services[k].form))
                    out->service_rows[i].key = (uint32_t)k;
    }
    out->service_row_count = m->service_count;
    return DOSAH_OK;
}

/* The access stage as the pipeline runs it: prepare, common columns, every question. */
static inline enum dosah_status rfx_compute(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                            const struct dosah_model *m, struct dosah_output *out)
{
    struct dosah_access a;
    enum dosah_status st = rfx_service_rows(ctx, s, m, out);
    size_t k;
    if (st)
        return st;
    st = dosah_access_prepare(ctx, &a, s, m);
    if (!st)
        st = dosah_access_common_columns(ctx, &a, s, m, out);
    for (k = 0; k < s->service_count && !st; k++)
        st = dosah_access_question(ctx, &a, s, m, out, k);
    dosah_access_clear(&a);
    return st;
}

/* The output column of question `key` and field `field` on a layer ("care", "minutes":
 * care_minutes); key NULL for a field of no question. The one place that names columns. */
static inline const struct dosah_column *rfx_col(const struct dosah_output *out,
                                                 enum dosah_layer layer, const char *key,
                                                 const char *field)
{
    char name[128];
    if (key)
        snprintf(name, sizeof name, "%s_%s", key, field);
    else
        snprintf(name, sizeof name, "%s", field);
    return dosah_output_find(out, layer, name);
}

/* A column's value at row r: real, integer (as double, NAN for NULL) or text. */
static inline double rfx_real(const struct dosah_output *out, enum dosah_layer layer,
                              const char *key, const char *field, size_t r)
{
    const struct dosah_column *c = rfx_col(out, layer, key, field);
    if (!c || r >= c->rows) {
        fprintf(stderr, "no column %s_%s or row %zu\n", key ? key : "", field, r);
        return -12345.0; /* matches no expected value */
    }
    if (c->type == DOSAH_COLUMN_INTEGER)
        return dosah_column_is_null(c, r) ? NAN : (double)c->integer[r];
    return c->type == DOSAH_COLUMN_REAL ? c->real[r] : -12345.0;
}

static inline const char *rfx_text(const struct dosah_output *out, enum dosah_layer layer,
                                   const char *key, const char *field, size_t r)
{
    const struct dosah_column *c = rfx_col(out, layer, key, field);
    if (!c || r >= c->rows || c->type != DOSAH_COLUMN_TEXT)
        return "(no such text column)";
    return c->text[r] ? c->text[r] : "(null)";
}

#endif
