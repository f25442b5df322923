/* SPDX-License-Identifier: MIT */
/*
 * Address points and buildings, as RÚIAN publishes them: the flats of each building
 * (StavebniObjekty.PocetBytu) spread a municipality's population over its address points
 * (AdresniMista), and the address points place the services of a registry that gives an
 * address code instead of coordinates. Both are tables sorted by code, searched by bsearch.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "core/buf.h"
#include "geom/locate.h"
#include "io/io_internal.h"

struct code_entry {
    char *code;
    double value;             /* buildings: flats, NAN when unknown */
    struct dosah_point pt;    /* addresses: the point, working CRS */
    long fid;
};

struct dosah_code_table {
    struct code_entry *items;
    size_t count, cap;
};

static struct dosah_code_table *table_destroy(struct dosah_code_table *t)
{
    size_t i;
    if (!t)
        return NULL;
    for (i = 0; i < t->count; i++)
        dosah_free(t->items[i].code);
    dosah_free(t->items);
    dosah_free(t);
    return NULL;
}

void dosah_loading_clear(struct dosah_loading *L)
{
    dosah_locator_destroy(L->municipalities);
    table_destroy(L->buildings);
    table_destroy(L->addresses);
    dosah_free(L->flats);
    dosah_model_destroy(L->m);
    memset(L, 0, sizeof *L);
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct code_entry *)a)->code, ((const struct code_entry *)b)->code);
}

static const struct code_entry *table_find(const struct dosah_code_table *t, const char *code)
{
    struct code_entry key;
    if (!t)
        return NULL;
    key.code = (char *)code;
    return bsearch(&key, t->items, t->count, sizeof key, entry_cmp);
}

/* Sorts the table and fails on a code given twice, naming both features. */
static enum dosah_status table_seal(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    struct dosah_code_table *t)
{
    size_t i;
    qsort(t->items, t->count, sizeof *t->items, entry_cmp);
    for (i = 1; i < t->count; i++)
        if (strcmp(t->items[i - 1].code, t->items[i].code) == 0)
            return dosah_error_set(ctx, DOSAH_EINVAL,
                                   "%s: layer '%s' (the %s input), field '%s': duplicate "
                                   "code '%s' (features fid %ld and fid %ld). Codes must be "
                                   "unique.",
                                   r->spec->path_as_written, r->layer_name, r->kind_name,
                                   r->spec->fields[DOSAH_FIELD_ID], t->items[i].code,
                                   t->items[i - 1].fid, t->items[i].fid);
    return DOSAH_OK;
}

/* Reads one feature into a new entry of t (code, and flats or the point; an address point
 * without a point keeps its code with the point NAN and is counted in skipped). */
static enum dosah_status read_entry(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    OGRFeatureH f, int with_point, struct dosah_code_table *t,
                                    struct dosah_skipped *skipped)
{
    struct code_entry *e;
    struct dosah_id id;
    int present;
    enum dosah_status st;
    if ((st = dosah_array_reserve(ctx, (void **)&t->items, &t->cap, t->count + 1,
                                  sizeof *t->items)))
        return st;
    e = &t->items[t->count];
    memset(e, 0, sizeof *e);
    e->fid = (long)OGR_F_GetFID(f);
    e->value = NAN;
    if ((st = dosah_reader_id(ctx, r, f, DOSAH_FIELD_ID, &id)))
        return st;
    e->code = id.text;
    t->count++;
    if (with_point && dosah_reader_geometry_missing(r, f)) {
        e->pt.x = e->pt.y = NAN;
        return dosah_skipped_add(ctx, skipped, f, e->code);
    }
    if (with_point)
        return dosah_reader_geometry(ctx, r, f, e->code, DOSAH_WANT_POINT, &e->pt, NULL, NULL);
    if ((st = dosah_reader_number(ctx, r, f, e->code, DOSAH_FIELD_FLATS, &e->value, &present)))
        return st;
    if (present && e->value < 0)
        return dosah_reader_fail(ctx, r, f, e->code, DOSAH_FIELD_FLATS,
                                 "negative number of flats %g. Correct it, or leave it empty "
                                 "when unknown.",
                                 e->value);
    if (!present)
        e->value = NAN;
    return DOSAH_OK;
}

static enum dosah_status load_table(struct dosah_ctx *ctx, struct dosah_reader *r,
                                    int with_point, struct dosah_code_table **out)
{
    struct dosah_code_table *t = dosah_calloc(ctx, 1, sizeof *t);
    struct dosah_skipped skipped = {0, NULL, 0};
    OGRFeatureH f;
    enum dosah_status st = DOSAH_OK;
    if (!t)
        return DOSAH_ENOMEM;
    OGR_L_ResetReading(r->layer);
    while (!st && (f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        st = read_entry(ctx, r, f, with_point, t, &skipped);
        OGR_F_Destroy(f);
    }
    if (!st)
        st = table_seal(ctx, r, t);
    if (!st)
        st = dosah_skipped_warn(ctx, r, &skipped, "address point", "address points",
                                "a service given by one of their codes needs its own x and y");
    dosah_free(skipped.first);
    if (st) {
        table_destroy(t);
        return st;
    }
    *out = t;
    return DOSAH_OK;
}

enum dosah_status dosah_load_buildings(struct dosah_ctx *ctx, struct dosah_reader *r,
                                       struct dosah_loading *L)
{
    return load_table(ctx, r, 0, &L->buildings);
}

enum dosah_status dosah_load_addresses(struct dosah_ctx *ctx, struct dosah_reader *r,
                                       struct dosah_loading *L)
{
    return load_table(ctx, r, 1, &L->addresses);
}

int dosah_building_flats(const struct dosah_loading *L, const char *code, double *flats)
{
    const struct code_entry *e = table_find(L->buildings, code);
    if (!e || isnan(e->value))
        return 0;
    *flats = e->value;
    return 1;
}

int dosah_address_find(const struct dosah_loading *L, const char *code, struct dosah_point *pt)
{
    const struct code_entry *e = table_find(L->addresses, code);
    if (!e)
        return 0;
    if (isnan(e->pt.x))
        return -1;
    *pt = e->pt;
    return 1;
}

/* Per municipality: its address points, those whose building's flats are known, their sum. */
struct tally {
    size_t points, known;
    double flats;
};

/* A demand point standing for a municipality without address points (id "municipality:CODE"). */
static enum dosah_status add_surface_point(struct dosah_ctx *ctx, struct dosah_model *m,
                                           size_t *cap, uint32_t i)
{
    const struct dosah_area *a = &m->municipalities[i];
    struct dosah_demand *d;
    if (dosah_array_reserve(ctx, (void **)&m->demand, cap, m->demand_count + 1,
                            sizeof *m->demand))
        return DOSAH_ENOMEM;
    d = &m->demand[m->demand_count];
    memset(d, 0, sizeof *d);
    if (!(d->id.text = dosah_asprintf(ctx, "municipality:%s", a->code.text)))
        return DOSAH_ENOMEM;
    d->population = a->population;
    d->municipality = i;
    d->pt = a->has_point ? a->point : a->inside;
    d->placement = a->has_point ? DOSAH_PLACED_DEFINITION : DOSAH_PLACED_SURFACE;
    d->fid = -1;
    m->demand_count++;
    return DOSAH_OK;
}

/* The weight of point k of a municipality: its flats, the mean of the known ones where its
 * building has none, 1 where no flats are known in the municipality at all. */
static double weight(const struct tally *t, double flats)
{
    if (t->known == 0 || t->flats <= 0)
        return 1.0;
    return isnan(flats) ? t->flats / (double)t->known : flats;
}

static enum dosah_status spread_report(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                       const struct dosah_model *m, const struct tally *t,
                                       size_t points, size_t outside)
{
    const char *file = s->inputs[DOSAH_INPUT_DEMAND].path_as_written, *first = NULL;
    size_t i, by_flats = 0, evenly = 0, mean = 0, empty = 0;
    enum dosah_status st;
    for (i = 0; i < m->municipality_count; i++) {
        if (!t[i].points) {
            first = first ? first : m->municipalities[i].code.text;
            empty++;
        } else if (t[i].known && t[i].flats > 0) {
            by_flats++;
            mean += t[i].points - t[i].known;
        } else {
            evenly++;
        }
    }
    st = dosah_diag_add(ctx, DOSAH_INFO, "load", file, NULL, NULL, NULL,
                        "population spread over %zu %s: by the flats of their buildings in "
                        "%zu %s (%zu %s without a flat count got their municipality's mean "
                        "flats per point), evenly in %zu (no flats known)",
                        points - outside,
                        dosah_plural(points - outside, "address point", "address points"),
                        by_flats, dosah_plural(by_flats, "municipality", "municipalities"),
                        mean, dosah_plural(mean, "point", "points"), evenly);
    if (!st && empty)
        st = dosah_diag_add(ctx, DOSAH_WARNING, "load", file, NULL, first, NULL,
                            "%zu %s no address point (the first: '%s'); %s one "
                            "demand point with the whole population (where: the demand "
                            "layer's placement)",
                            empty,
                            dosah_plural(empty, "municipality has", "municipalities have"),
                            first,
                            empty == 1 ? "it keeps" : "each keeps");
    if (!st && outside)
        st = dosah_diag_add(ctx, DOSAH_WARNING, "load", file, NULL, NULL, NULL,
                            "%zu %s in no municipality; %s no population", outside,
                            dosah_plural(outside, "address point lies", "address points lie"),
                            outside == 1 ? "it gets" : "they get");
    return st;
}

enum dosah_status dosah_spread_population(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                          struct dosah_loading *L)
{
    struct dosah_model *m = L->m;
    struct tally *t = dosah_calloc(ctx, m->municipality_count + 1, sizeof *t);
    size_t k, points = m->demand_count, outside = 0, cap = m->demand_count;
    uint32_t i;
    enum dosah_status st = DOSAH_OK;
    if (!t)
        return DOSAH_ENOMEM;
    for (k = 0; k < points; k++) {
        const struct dosah_demand *d = &m->demand[k];
        if (d->municipality == DOSAH_NONE) {
            outside++;
            continue;
        }
        t[d->municipality].points++;
        if (L->flats && !isnan(L->flats[k])) {
            t[d->municipality].known++;
            t[d->municipality].flats += L->flats[k];
        }
    }
    /* The sum of the weights per municipality, kept in a second pass's tally. */
    {
        double *total = dosah_calloc(ctx, m->municipality_count + 1, sizeof *total);
        if (!total) {
            dosah_free(t);
            return DOSAH_ENOMEM;
        }
        for (k = 0; k < points; k++)
            if ((i = m->demand[k].municipality) != DOSAH_NONE)
                total[i] += weight(&t[i], L->flats ? L->flats[k] : NAN);
        for (k = 0; k < points; k++) {
            struct dosah_demand *d = &m->demand[k];
            d->population = 0;
            if ((i = d->municipality) != DOSAH_NONE && total[i] > 0)
                d->population = m->municipalities[i].population *
                                weight(&t[i], L->flats ? L->flats[k] : NAN) / total[i];
        }
        dosah_free(total);
    }
    for (i = 0; i < m->municipality_count && !st; i++)
        if (!t[i].points)
            st = add_surface_point(ctx, m, &cap, i);
    if (!st)
        st = spread_report(ctx, s, m, t, points, outside);
    dosah_free(t);
    return st;
}
