/* SPDX-License-Identifier: MIT */
/*
 * Readers of each kind of input: areas, demand points, services, excluded localities, roads,
 * the OD matrix and a population table. Each validates what it reads (DESIGN.md §8) and
 * appends plain data to the model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "core/text.h"
#include "geom/locate.h"
#include "io/io_internal.h"

/* Reports load progress every 1024 features. */
static enum dosah_status feature_progress(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                          size_t i)
{
    if ((i & 1023) != 0 || r->feature_count <= 0)
        return DOSAH_OK;
    return dosah_progress(ctx, (double)i / (double)r->feature_count,
                          r->kind_name);
}

/* A count or a population: finite and >= 0. *present as dosah_reader_number. */
static enum dosah_status non_negative(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                      OGRFeatureH f, const char *id, enum dosah_field field,
                                      double *value, int *present)
{
    enum dosah_status st = dosah_reader_number(ctx, r, f, id, field, value, present);
    if (st)
        return st;
    if (*present && *value < 0)
        return dosah_reader_fail(ctx, r, f, id, field,
                                 "negative value %g. Correct it; a count cannot be negative.",
                                 *value);
    return DOSAH_OK;
}

/* Copies a mapped text field (NULL when unset); text must be valid UTF-8. */
static enum dosah_status dup_field(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                   OGRFeatureH f, const char *id, enum dosah_field field,
                                   char **out)
{
    const char *s = dosah_reader_string(r, f, field);
    *out = NULL;
    if (!s)
        return DOSAH_OK;
    if (!dosah_utf8_valid(s, strlen(s), NULL))
        return dosah_reader_fail(ctx, r, f, id, field,
                                 "the text is not valid UTF-8. Declare the file's encoding: "
                                 "'encoding: CP1250' on the input in the scenario (or a .cpg "
                                 "file beside a Shapefile).");
    *out = dosah_strdup(ctx, s);
    return *out ? DOSAH_OK : DOSAH_ENOMEM;
}

/* A region code stored as a number must be the number written: GDAL clamps integers beyond
 * 64 bits (two such codes would merge into one region) and a real past 2^53 has lost digits. */
static enum dosah_status region_code_exact(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                           OGRFeatureH f, const char *id)
{
    int idx = r->field[DOSAH_FIELD_REGION];
    OGRFieldType t;
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx))
        return DOSAH_OK;
    t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx));
    if (t == OFTInteger64) {
        GIntBig v = OGR_F_GetFieldAsInteger64(f, idx);
        if (v == INT64_MAX || v == INT64_MIN)
            return dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_REGION,
                                     "the region code is beyond the 64-bit integer range (GDAL "
                                     "clamped it to %lld). Store such codes as text.",
                                     (long long)v);
    } else if (t == OFTReal) {
        double v = OGR_F_GetFieldAsDouble(f, idx);
        if (!(fabs(v) <= 9007199254740992.0) || v != floor(v))
            return dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_REGION,
                                     "the region code %s is not a whole number that is kept "
                                     "exactly (at most 9007199254740992). Store such codes as "
                                     "text.",
                                     OGR_F_GetFieldAsString(f, idx));
    }
    return DOSAH_OK;
}

static enum dosah_status read_area(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                   OGRFeatureH f, struct dosah_area *a)
{
    enum dosah_status st;
    a->fid = (long)OGR_F_GetFID(f);
    a->region = DOSAH_NONE;
    if ((st = dosah_reader_id(ctx, r, f, DOSAH_FIELD_ID, &a->code)) ||
        (st = dup_field(ctx, r, f, a->code.text, DOSAH_FIELD_NAME, &a->name)) ||
        (st = dup_field(ctx, r, f, a->code.text, DOSAH_FIELD_REGION, &a->region_code)))
        return st;
    if (r->field[DOSAH_FIELD_REGION] >= 0 && !a->region_code)
        return dosah_reader_fail(ctx, r, f, a->code.text, DOSAH_FIELD_REGION,
                                 "no region code. Fill it in for every municipality.");
    if ((st = region_code_exact(ctx, r, f, a->code.text)))
        return st;
    if ((st = non_negative(ctx, r, f, a->code.text, DOSAH_FIELD_POPULATION, &a->population,
                           &a->has_population)))
        return st;
    if (r->field[DOSAH_FIELD_POPULATION] >= 0 && !a->has_population)
        return dosah_reader_fail(ctx, r, f, a->code.text, DOSAH_FIELD_POPULATION,
                                 "population is missing. Fill it in (0 for none).");
    if ((st = dosah_reader_geometry(ctx, r, f, a->code.text, DOSAH_WANT_AREA, &a->inside,
                                    &a->wkb, &a->wkb_size)) ||
        (r->spec == &r->scenario->inputs[DOSAH_INPUT_MUNICIPALITIES] &&
         (st = dosah_read_groups(ctx, r, f, a->code.text, a))))
        return st;
    return r->field[DOSAH_FIELD_POINT] >= 0
               ? dosah_reader_point_column(ctx, r, f, a->code.text, &a->point, &a->has_point)
               : DOSAH_OK;
}

/* Grows *items (of *cap elements) to hold one more and zeroes the new one. */
static enum dosah_status grow(struct dosah_ctx *ctx, void **items, size_t *cap, size_t count,
                              size_t size)
{
    enum dosah_status st = dosah_array_reserve(ctx, items, cap, count + 1, size);
    if (!st)
        memset((char *)*items + count * size, 0, size);
    return st;
}

/* Collects (id, fid) of count elements of a stride and checks them for duplicates. */
static enum dosah_status unique_ids(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    const void *items, size_t count, size_t stride,
                                    size_t id_offset, size_t fid_offset)
{
    const struct dosah_id **ids = dosah_calloc(ctx, count ? count : 1, sizeof *ids);
    long *fids = dosah_calloc(ctx, count ? count : 1, sizeof *fids);
    enum dosah_status st = DOSAH_ENOMEM;
    size_t i;
    if (ids && fids) {
        for (i = 0; i < count; i++) {
            const char *base = (const char *)items + i * stride;
            ids[i] = (const struct dosah_id *)(base + id_offset);
            fids[i] = *(const long *)(base + fid_offset);
        }
        st = dosah_check_unique_ids(ctx, r, ids, fids, count);
    }
    dosah_free(ids);
    dosah_free(fids);
    return st;
}

#define UNIQUE_IDS(ctx, r, arr, n, type, idf)                                                  \
    unique_ids(ctx, r, arr, n, sizeof(type), offsetof(type, idf), offsetof(type, fid))

enum dosah_status dosah_load_areas(struct dosah_ctx *ctx, struct dosah_reader *r,
                                   struct dosah_area **areas, size_t *count)
{
    OGRFeatureH f;
    size_t cap = 0;
    enum dosah_status st = DOSAH_OK;
    OGR_L_ResetReading(r->layer);
    while ((f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        if (!(st = grow(ctx, (void **)areas, &cap, *count, sizeof **areas))) {
            (*count)++;
            st = read_area(ctx, r, f, &(*areas)[*count - 1]);
        }
        OGR_F_Destroy(f);
        if (st || (st = feature_progress(ctx, r, *count)))
            return st;
    }
    return UNIQUE_IDS(ctx, r, *areas, *count, struct dosah_area, code);
}

uint32_t dosah_loading_locate(const struct dosah_loading *L, struct dosah_point pt)
{
    return L->municipalities ? dosah_locator_find(L->municipalities, pt) : DOSAH_NONE;
}

/* Spread mode (no population mapped): the point's building flats go to L->flats[i]. */
static enum dosah_status demand_flats(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                      OGRFeatureH f, struct dosah_loading *L, size_t i)
{
    const char *building = dosah_reader_string(r, f, DOSAH_FIELD_BUILDING);
    double flats = NAN;
    if (dosah_array_reserve(ctx, (void **)&L->flats, &L->flats_cap, i + 1, sizeof *L->flats))
        return DOSAH_ENOMEM;
    if (building && !dosah_building_flats(L, building, &flats))
        flats = NAN;
    L->flats[i] = flats;
    return DOSAH_OK;
}

static enum dosah_status read_demand(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                     OGRFeatureH f, struct dosah_loading *L, struct dosah_demand *d)
{
    struct dosah_model *m = L->m;
    enum dosah_status st;
    int present = 1, spread = r->field[DOSAH_FIELD_POPULATION] < 0;
    const char *code;
    d->fid = (long)OGR_F_GetFID(f);
    d->municipality = DOSAH_NONE;
    d->placement = spread ? DOSAH_PLACED_ADDRESS : DOSAH_PLACED_INPUT;
    if ((st = dosah_reader_id(ctx, r, f, DOSAH_FIELD_ID, &d->id)))
        return st;
    if (spread)
        st = demand_flats(ctx, r, f, L, (size_t)(d - m->demand));
    else
        st = non_negative(ctx, r, f, d->id.text, DOSAH_FIELD_POPULATION, &d->population,
                          &present);
    if (st)
        return st;
    if (!present)
        return dosah_reader_fail(ctx, r, f, d->id.text, DOSAH_FIELD_POPULATION,
                                 "population is missing. Fill it in (0 for none).");
    if ((st = dosah_reader_geometry(ctx, r, f, d->id.text, DOSAH_WANT_POINT, &d->pt, NULL, NULL)))
        return st;
    code = dosah_reader_string(r, f, DOSAH_FIELD_MUNICIPALITY);
    if (code && m->municipality_count) {
        d->municipality = dosah_model_find_municipality(m, code);
        if (d->municipality == DOSAH_NONE)
            return dosah_reader_fail(ctx, r, f, d->id.text, DOSAH_FIELD_MUNICIPALITY,
                                     "municipality code '%s' is not in the municipalities "
                                     "input. Correct the code or add the municipality.",
                                     code);
    } else if (m->municipality_count) {
        d->municipality = dosah_loading_locate(L, d->pt);
        if (d->municipality == DOSAH_NONE && !spread)
            return dosah_reader_warn(ctx, r, f, d->id.text, DOSAH_FIELD_COUNT,
                                     "the point lies in no municipality; it counts in no "
                                     "area's figures");
    }
    return DOSAH_OK;
}

enum dosah_status dosah_load_demand(struct dosah_ctx *ctx, struct dosah_reader *r,
                                    struct dosah_loading *L)
{
    struct dosah_model *m = L->m;
    struct dosah_skipped skipped = {0, NULL, 0};
    OGRFeatureH f;
    size_t cap = 0;
    enum dosah_status st = DOSAH_OK;
    OGR_L_ResetReading(r->layer);
    while ((f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        /* Spread demand (address points sharing their municipality's population) loses no
         * one by skipping a point without geometry; demand with its own population would. */
        if (r->field[DOSAH_FIELD_POPULATION] < 0 && dosah_reader_geometry_missing(r, f))
            st = dosah_skipped_add(ctx, &skipped, f, dosah_reader_string(r, f, DOSAH_FIELD_ID));
        else if (!(st = grow(ctx, (void **)&m->demand, &cap, m->demand_count,
                             sizeof *m->demand))) {
            m->demand_count++;
            st = read_demand(ctx, r, f, L, &m->demand[m->demand_count - 1]);
        }
        OGR_F_Destroy(f);
        if (st || (st = feature_progress(ctx, r, m->demand_count))) {
            dosah_free(skipped.first);
            return st;
        }
    }
    if ((st = dosah_skipped_warn(ctx, r, &skipped, "demand point", "demand points",
                                 "their municipality's population is spread over the others")))
        return st;
    m->demand_given = 1;
    return UNIQUE_IDS(ctx, r, m->demand, m->demand_count, struct dosah_demand, id);
}

/* The service's point: its address point when the row has an address code, else its
 * geometry or x/y. */
static enum dosah_status service_point(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                       OGRFeatureH f, const struct dosah_loading *L,
                                       struct dosah_service *s)
{
    const char *address = dosah_reader_string(r, f, DOSAH_FIELD_ADDRESS);
    while (address && (*address == ' ' || *address == '\t'))
        address++;
    if (address && *address) {
        int found = dosah_address_find(L, address, &s->pt);
        if (found > 0)
            return DOSAH_OK;
        if (found < 0 && r->field[DOSAH_FIELD_X] < 0)
            return dosah_reader_fail(ctx, r, f, s->id.text, DOSAH_FIELD_ADDRESS,
                                     "the address point '%s' of inputs.addresses (%s) has no "
                                     "point. Give the service's coordinates: map x and y.",
                                     address,
                                     r->scenario->inputs[DOSAH_INPUT_ADDRESSES].path_as_written);
        if (found < 0)
            return dosah_reader_geometry(ctx, r, f, s->id.text, DOSAH_WANT_POINT_OR_AREA,
                                         &s->pt, NULL, NULL);
        return dosah_reader_fail(ctx, r, f, s->id.text, DOSAH_FIELD_ADDRESS,
                                 "address code '%s' is not among the address points of "
                                 "inputs.addresses (%s). Check the code, or load the address "
                                 "points of the municipality it lies in.",
                                 address, r->scenario->inputs[DOSAH_INPUT_ADDRESSES].path_as_written);
    }
    if (r->geom_field < 0 && r->field[DOSAH_FIELD_X] < 0)
        return dosah_reader_fail(ctx, r, f, s->id.text, DOSAH_FIELD_ADDRESS,
                                 "no address code and no coordinates. Fill in the address code "
                                 "(RÚIAN) or map x and y.");
    return dosah_reader_geometry(ctx, r, f, s->id.text, DOSAH_WANT_POINT_OR_AREA, &s->pt, NULL,
                                 NULL);
}

static enum dosah_status read_service(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                      OGRFeatureH f, struct dosah_loading *L,
                                      struct dosah_service *s)
{
    struct dosah_model *m = L->m;
    enum dosah_status st;
    const char *text;
    int present, has_priority;
    s->fid = (long)OGR_F_GetFID(f);
    s->municipality = DOSAH_NONE;
    if ((st = dosah_reader_id(ctx, r, f, DOSAH_FIELD_ID, &s->id)) ||
        (st = dup_field(ctx, r, f, s->id.text, DOSAH_FIELD_NAME, &s->name)) ||
        (st = dup_field(ctx, r, f, s->id.text, DOSAH_FIELD_HOURS, &s->hours)) ||
        (st = dup_field(ctx, r, f, s->id.text, DOSAH_FIELD_SCOPE, &s->scope)) ||
        (st = dup_field(ctx, r, f, s->id.text, DOSAH_FIELD_PROVIDER, &s->provider)) ||
        (st = dup_field(ctx, r, f, s->id.text, DOSAH_FIELD_UNIT, &s->capacity_unit)))
        return st;
    text = dosah_reader_string(r, f, DOSAH_FIELD_TYPE);
    s->type = dosah_service_type_parse(text);
    if (!s->type)
        return dosah_reader_fail(ctx, r, f, s->id.text, DOSAH_FIELD_TYPE,
                                 "unknown service type '%s'. Use the section of act 108/2006 "
                                 "Sb., e.g. '§40' (§37, §39–§52, §54–§70), or the service's "
                                 "name as the act gives it (e.g. 'pečovatelská služba').",
                                 text ? text : "");
    text = dosah_reader_string(r, f, DOSAH_FIELD_FORM);
    s->forms = dosah_form_parse(text);
    if (!s->forms)
        return dosah_reader_fail(ctx, r, f, s->id.text, DOSAH_FIELD_FORM,
                                 "unknown form '%s'. Use field/ambulant/residential (terénní/"
                                 "ambulantní/pobytová).",
                                 text ? text : "");
    if ((st = non_negative(ctx, r, f, s->id.text, DOSAH_FIELD_CAPACITY, &s->capacity, &present)))
        return st;
    if ((st = dosah_reader_number(ctx, r, f, s->id.text, DOSAH_FIELD_PRIORITY, &s->priority,
                                  &has_priority)))
        return st;
    dosah_hours_init(&s->opening);
    if (s->hours && dosah_hours_parse(ctx, s->hours, &s->opening) != DOSAH_OK) {
        char why[1024];
        snprintf(why, sizeof why, "%s", dosah_ctx_errmsg(ctx));
        return dosah_reader_fail(ctx, r, f, s->id.text, DOSAH_FIELD_HOURS,
                                 "%s. Write the hours in the documented subset of "
                                 "OpenStreetMap's opening_hours (e.g. Mo-Fr 07:00-15:30; Sa "
                                 "08:00-12:00; PH off), or leave the field empty.",
                                 why);
    }
    if (!present && r->field[DOSAH_FIELD_CAPACITY] >= 0 &&
        (st = dosah_reader_warn(ctx, r, f, s->id.text, DOSAH_FIELD_CAPACITY,
                                "capacity is missing; capacity measures leave this service "
                                "out")))
        return st;
    if ((st = service_point(ctx, r, f, L, s)))
        return st;
    if (m->municipality_count) {
        s->municipality = dosah_loading_locate(L, s->pt);
        if (s->municipality == DOSAH_NONE)
            return dosah_reader_fail(ctx, r, f, s->id.text, DOSAH_FIELD_COUNT,
                                     "the service lies outside every municipality (x %.1f, y "
                                     "%.1f in the working CRS). Check its coordinates and CRS, "
                                     "or add the municipality it lies in.",
                                     s->pt.x, s->pt.y);
    }
    return DOSAH_OK;
}

enum dosah_status dosah_load_services(struct dosah_ctx *ctx, struct dosah_reader *r,
                                      struct dosah_loading *L)
{
    struct dosah_model *m = L->m;
    OGRFeatureH f;
    size_t cap = 0;
    enum dosah_status st = DOSAH_OK;
    OGR_L_ResetReading(r->layer);
    while ((f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        if (!(st = grow(ctx, (void **)&m->services, &cap, m->service_count,
                        sizeof *m->services))) {
            m->service_count++;
            m->services[m->service_count - 1].capacity = NAN;
            st = read_service(ctx, r, f, L, &m->services[m->service_count - 1]);
        }
        OGR_F_Destroy(f);
        if (st || (st = feature_progress(ctx, r, m->service_count)))
            return st;
    }
    return UNIQUE_IDS(ctx, r, m->services, m->service_count, struct dosah_service, id);
}

/* "120", "100-150" or "100–150" (en dash): a number or a range of two. */
static int parse_range(const char *text, double *lo, double *hi)
{
    char buf[64], *sep, *end;
    snprintf(buf, sizeof buf, "%s", text);
    sep = strstr(buf, "\xe2\x80\x93"); /* – */
    if (sep) {
        *sep = '\0';
        sep += 3;
    } else if ((sep = strchr(buf + 1, '-')) != NULL) {
        *sep++ = '\0';
    }
    *lo = strtod(buf, &end);
    while (*end == ' ')
        end++;
    if (end == buf || *end)
        return 0;
    *hi = *lo;
    if (sep) {
        *hi = strtod(sep, &end);
        while (*end == ' ')
            end++;
        if (end == sep || *end || *hi < *lo)
            return 0;
    }
    return isfinite(*lo) && isfinite(*hi) && *lo >= 0;
}

static enum dosah_status locality_population(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                             OGRFeatureH f, struct dosah_locality *l)
{
    int idx = r->field[DOSAH_FIELD_POPULATION];
    const char *text;
    l->population = l->population_min = l->population_max = NAN;
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx))
        return DOSAH_OK;
    if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx)) != OFTString) {
        int present;
        enum dosah_status st =
            non_negative(ctx, r, f, l->id.text, DOSAH_FIELD_POPULATION, &l->population, &present);
        l->population_min = l->population_max = l->population;
        return st;
    }
    text = OGR_F_GetFieldAsString(f, idx);
    if (!parse_range(text, &l->population_min, &l->population_max))
        return dosah_reader_fail(ctx, r, f, l->id.text, DOSAH_FIELD_POPULATION,
                                 "'%s' is neither a number nor a range such as '100-150'",
                                 text);
    l->population = 0.5 * (l->population_min + l->population_max);
    return DOSAH_OK;
}

static enum dosah_status read_locality(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                       OGRFeatureH f, struct dosah_loading *L,
                                       struct dosah_locality *l)
{
    const struct dosah_model *m = L->m;
    enum dosah_status st;
    const char *code;
    l->fid = (long)OGR_F_GetFID(f);
    l->municipality = DOSAH_NONE;
    if ((st = dosah_reader_id(ctx, r, f, DOSAH_FIELD_ID, &l->id)) ||
        (st = dup_field(ctx, r, f, l->id.text, DOSAH_FIELD_NAME, &l->name)))
        return st;
    if ((st = locality_population(ctx, r, f, l)) ||
        (st = dosah_reader_geometry(ctx, r, f, l->id.text, DOSAH_WANT_POINT_OR_AREA, &l->pt,
                                    &l->wkb, &l->wkb_size)))
        return st;
    code = dosah_reader_string(r, f, DOSAH_FIELD_MUNICIPALITY);
    if (code && m->municipality_count) {
        l->municipality = dosah_model_find_municipality(m, code);
        if (l->municipality == DOSAH_NONE)
            return dosah_reader_fail(ctx, r, f, l->id.text, DOSAH_FIELD_MUNICIPALITY,
                                     "municipality code '%s' is not in the municipalities "
                                     "input. Correct the code.",
                                     code);
    } else if (m->municipality_count) {
        l->municipality = dosah_loading_locate(L, l->pt);
    }
    return DOSAH_OK;
}

enum dosah_status dosah_load_localities(struct dosah_ctx *ctx, struct dosah_reader *r,
                                        struct dosah_loading *L)
{
    struct dosah_model *m = L->m;
    OGRFeatureH f;
    size_t cap = 0;
    enum dosah_status st = DOSAH_OK;
    OGR_L_ResetReading(r->layer);
    while ((f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        if (!(st = grow(ctx, (void **)&m->localities, &cap, m->locality_count,
                        sizeof *m->localities))) {
            m->locality_count++;
            st = read_locality(ctx, r, f, L, &m->localities[m->locality_count - 1]);
        }
        OGR_F_Destroy(f);
        if (st || (st = feature_progress(ctx, r, m->locality_count)))
            return st;
    }
    return UNIQUE_IDS(ctx, r, m->localities, m->locality_count, struct dosah_locality, id);
}


static enum dosah_status read_candidate(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                        OGRFeatureH f, struct dosah_candidate *c)
{
    enum dosah_status st;
    c->fid = (long)OGR_F_GetFID(f);
    if ((st = dosah_reader_id(ctx, r, f, DOSAH_FIELD_ID, &c->id)) ||
        (st = dup_field(ctx, r, f, c->id.text, DOSAH_FIELD_NAME, &c->name)))
        return st;
    return dosah_reader_geometry(ctx, r, f, c->id.text, DOSAH_WANT_POINT_OR_AREA, &c->pt, NULL,
                                 NULL);
}

enum dosah_status dosah_load_candidates(struct dosah_ctx *ctx, struct dosah_reader *r,
                                        struct dosah_candidates *c)
{
    OGRFeatureH f;
    size_t cap = 0;
    enum dosah_status st = DOSAH_OK;
    OGR_L_ResetReading(r->layer);
    while ((f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        if (!(st = grow(ctx, (void **)&c->items, &cap, c->count, sizeof *c->items))) {
            c->count++;
            st = read_candidate(ctx, r, f, &c->items[c->count - 1]);
        }
        OGR_F_Destroy(f);
        if (st)
            return st;
    }
    return UNIQUE_IDS(ctx, r, c->items, c->count, struct dosah_candidate, id);
}
