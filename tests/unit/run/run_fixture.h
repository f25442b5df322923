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
 * Columns are named only by the helpers at the end of this file, by their id in the list of
 * fields (core/fields.h); the list's own functions build the names.
 */
#ifndef DOSAH_TEST_RUN_FIXTURE_H
#define DOSAH_TEST_RUN_FIXTURE_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/fields.h"
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

/*
 * Columns are named by their id in the list of fields (core/fields.h) and the list's own
 * functions build their names, so a renamed field changes no test. A missing column makes
 * the assertion fail: rfx_real and rfx_cell return RFX_MISSING, rfx_text and rfx_cell_text
 * RFX_MISSING_TEXT, and each prints the column's name. A field that the list does not place
 * on the table asked fails the test at once (MINUTES is the points' time, MEAN_MINUTES the
 * areas' mean of the same name).
 */
#define RFX_MISSING      (-12345.0) /* matches no expected value */
#define RFX_MISSING_TEXT "(no such column)"

/* Fails unless the list places per-question field f on layer (the list's first tables are
 * the layers, in their order). */
static inline void rfx_key_on(enum dosah_layer layer, enum dosah_key_field f)
{
    if (!(dosah_key_field_tables(f) & (1u << (unsigned)layer)))
        fail_msg("fields.h puts no field K_%s on %s", dosah_key_field_suffix(f),
                 dosah_table_name((enum dosah_table_id)layer));
}

/* The column of per-question field f of question `key` on a layer, its name ({T} as minutes,
 * {W} as window) written into name (of size n); NULL when there is none. */
static inline const struct dosah_column *rfx_key_col(const struct dosah_output *out,
                                                     enum dosah_layer layer, const char *key,
                                                     enum dosah_key_field f, double minutes,
                                                     const char *window, char *name, size_t n)
{
    rfx_key_on(layer, f);
    dosah_key_field_name(f, key, minutes, window, name, n);
    return dosah_output_find(out, layer, name);
}

/* The column of field f (no {T} or {W}) of question `key` on a layer, or NULL: for a test
 * that a column is absent. */
static inline const struct dosah_column *rfx_col(const struct dosah_output *out,
                                                 enum dosah_layer layer, const char *key,
                                                 enum dosah_key_field f)
{
    char name[128];
    return rfx_key_col(out, layer, key, f, NAN, NULL, name, sizeof name);
}

/* Column c's number at row r (an integer as double, NAN for NULL); RFX_MISSING, with table
 * and name printed, when c is NULL, holds text or is shorter. */
static inline double rfx_number(const struct dosah_column *c, const char *table, const char *name,
                                size_t r)
{
    if (!c || r >= c->rows || c->type == DOSAH_COLUMN_TEXT) {
        fprintf(stderr, "no number column %s.%s or row %zu\n", table, name, r);
        return RFX_MISSING;
    }
    if (c->type == DOSAH_COLUMN_INTEGER)
        return dosah_column_is_null(c, r) ? NAN : (double)c->integer[r];
    return c->real[r];
}

/* Column c's text at row r, "(null)" for NULL; RFX_MISSING_TEXT as rfx_number. */
static inline const char *rfx_string(const struct dosah_column *c, const char *table,
                                     const char *name, size_t r)
{
    if (!c || r >= c->rows || c->type != DOSAH_COLUMN_TEXT) {
        fprintf(stderr, "no text column %s.%s or row %zu\n", table, name, r);
        return RFX_MISSING_TEXT;
    }
    return c->text[r] ? c->text[r] : "(null)";
}

/* Per-question field f of question `key` on a layer at row r: {T} in its suffix as minutes,
 * {W} as window (NAN, NULL: none). */
static inline double rfx_real_at(const struct dosah_output *out, enum dosah_layer layer,
                                 const char *key, enum dosah_key_field f, double minutes,
                                 const char *window, size_t r)
{
    char name[128];
    const struct dosah_column *c =
        rfx_key_col(out, layer, key, f, minutes, window, name, sizeof name);
    return rfx_number(c, dosah_table_name((enum dosah_table_id)layer), name, r);
}

/* The same for a field of no {T} or {W}; of threshold minutes (WITHIN_T...); of a window. */
static inline double rfx_real(const struct dosah_output *out, enum dosah_layer layer,
                              const char *key, enum dosah_key_field f, size_t r)
{
    return rfx_real_at(out, layer, key, f, NAN, NULL, r);
}

static inline double rfx_real_t(const struct dosah_output *out, enum dosah_layer layer,
                                const char *key, enum dosah_key_field f, double minutes, size_t r)
{
    return rfx_real_at(out, layer, key, f, minutes, NULL, r);
}

static inline double rfx_real_w(const struct dosah_output *out, enum dosah_layer layer,
                                const char *key, enum dosah_key_field f, const char *window,
                                size_t r)
{
    return rfx_real_at(out, layer, key, f, NAN, window, r);
}

static inline const char *rfx_text(const struct dosah_output *out, enum dosah_layer layer,
                                   const char *key, enum dosah_key_field f, size_t r)
{
    char name[128];
    const struct dosah_column *c = rfx_key_col(out, layer, key, f, NAN, NULL, name, sizeof name);
    return rfx_string(c, dosah_table_name((enum dosah_table_id)layer), name, r);
}

/* Fixed field f (of no question) at row r of the layer the list puts it on. */
static inline double rfx_field(const struct dosah_output *out, enum dosah_out_field f, size_t r)
{
    enum dosah_table_id t = dosah_out_field_table(f);
    if ((int)t >= (int)DOSAH_LAYER_COUNT)
        fail_msg("%s.%s is a field of an extra table: rfx_cell", dosah_table_name(t),
                 dosah_out_field_name(f));
    return rfx_number(dosah_output_find(out, (enum dosah_layer)t, dosah_out_field_name(f)),
                      dosah_table_name(t), dosah_out_field_name(f), r);
}

/* Extra table t of the list, or NULL when the run made none. */
static inline const struct dosah_table *rfx_table(const struct dosah_output *out,
                                                  enum dosah_table_id t)
{
    return dosah_output_find_table(out, dosah_table_name(t));
}

/* The column of field f in extra table tab; fails unless the list puts f on that table. */
static inline const struct dosah_column *rfx_table_col(const struct dosah_table *tab,
                                                       enum dosah_out_field f)
{
    const char *table = dosah_table_name(dosah_out_field_table(f));
    if (strcmp(dosah_table_layer_name(tab), table) != 0)
        fail_msg("%s is a field of %s, not of %s", dosah_out_field_name(f), table,
                 dosah_table_layer_name(tab));
    return dosah_table_find(tab, dosah_out_field_name(f));
}

/* Field f of extra table tab at row r: a number as rfx_real, a text as rfx_text. */
static inline double rfx_cell(const struct dosah_table *tab, enum dosah_out_field f, size_t r)
{
    return rfx_number(rfx_table_col(tab, f), dosah_table_layer_name(tab), dosah_out_field_name(f),
                      r);
}

static inline const char *rfx_cell_text(const struct dosah_table *tab, enum dosah_out_field f,
                                        size_t r)
{
    return rfx_string(rfx_table_col(tab, f), dosah_table_layer_name(tab), dosah_out_field_name(f),
                      r);
}

#endif
