/* SPDX-License-Identifier: MIT */
/*
 * The load stage: opens every input the scenario names, in dependency order (municipalities
 * before what is located in them), and fills the model. Regions are dissolved from the
 * municipalities when no region layer is given; demand points stand for municipalities when
 * no finer demand is given.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <ogr_api.h>

#include "core/text.h"
#include "core/buf.h"
#include "core/core_internal.h"
#include "geom/interrupt.h"
#include "geom/locate.h"
#include "io/interrupt.h"
#include "io/io_internal.h"

static enum dosah_status working_crs(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     OGRSpatialReferenceH *out)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    double to_metre;
    *out = NULL;
    if (OSRSetFromUserInput(srs, s->crs) != OGRERR_NONE) {
        OSRRelease(srs);
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: crs: unknown CRS '%s'. Use a projected CRS in metres, e.g. "
                               "EPSG:5514 (Czechia) or the region's UTM zone.",
                               s->path, s->crs);
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    to_metre = OSRGetLinearUnits(srs, NULL);
    if (!OSRIsProjected(srs) || fabs(to_metre - 1.0) > 1e-9) {
        OSRRelease(srs);
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: crs: '%s' is not a projected CRS in metres; distances and "
                               "speeds need one. Use e.g. EPSG:5514 (Czechia) or the region's "
                               "UTM zone.",
                               s->path, s->crs);
    }
    *out = srs;
    return DOSAH_OK;
}

static enum dosah_status keep_crs(struct dosah_ctx *ctx, OGRSpatialReferenceH srs,
                                  struct dosah_model *m)
{
    char *wkt = NULL;
    const char *auth, *code;
    if (OSRExportToWkt(srs, &wkt) != OGRERR_NONE)
        return dosah_error_set(ctx, DOSAH_EPROJ, "cannot export the working CRS as WKT");
    m->crs_wkt = dosah_strdup(ctx, wkt);
    CPLFree(wkt);
    if (!m->crs_wkt)
        return DOSAH_ENOMEM;
    auth = OSRGetAuthorityName(srs, NULL);
    code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code && strcmp(auth, "EPSG") == 0)
        m->crs_epsg = atoi(code);
    return DOSAH_OK;
}

/* Opens one input, runs its reader and closes it. */
typedef enum dosah_status (*reader_fn)(struct dosah_ctx *, struct dosah_reader *,
                                       struct dosah_loading *);

static enum dosah_status with_reader(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     enum dosah_input_kind kind, OGRSpatialReferenceH target,
                                     enum dosah_geom_need need, struct dosah_gdal_errors *errors,
                                     reader_fn fn, struct dosah_loading *L)
{
    struct dosah_reader r;
    enum dosah_status st;
    /* An input that is a FIFO waits in open or read until a signal interrupts it (EINTR). */
    dosah_ctx_note_stage(ctx, "load");
    if ((st = dosah_check_cancel(ctx, "load")))
        return st;
    st = dosah_reader_open(ctx, &r, s, kind, target, need, errors);
    if (!st)
        st = fn(ctx, &r, L);
    dosah_reader_close(&r);
    return st;
}

static enum dosah_status read_municipalities(struct dosah_ctx *ctx, struct dosah_reader *r,
                                             struct dosah_loading *L)
{
    return dosah_load_areas(ctx, r, &L->m->municipalities, &L->m->municipality_count);
}

static enum dosah_status read_regions(struct dosah_ctx *ctx, struct dosah_reader *r,
                                      struct dosah_loading *L)
{
    return dosah_load_areas(ctx, r, &L->m->regions, &L->m->region_count);
}

static enum dosah_status read_population(struct dosah_ctx *ctx, struct dosah_reader *r,
                                         struct dosah_loading *L)
{
    return dosah_load_population(ctx, r, L->m);
}

/* The roads, clipped to the study area when the scenario asks (network.clip_buffer_m). */
static enum dosah_status read_roads(struct dosah_ctx *ctx, struct dosah_reader *r,
                                    struct dosah_loading *L)
{
    struct dosah_model *m = L->m;
    const struct dosah_network_spec *ns = &r->scenario->network;
    OGRGeometryH area = NULL;
    enum dosah_status st;
    m->has_roads = 1;
    if (ns->clip) {
        if ((st = dosah_study_area(ctx, m, ns->clip_buffer_m, &area)))
            return st;
        st = dosah_reader_clip(ctx, r, area);
        OGR_G_DestroyGeometry(area);
        if (st)
            return st;
    }
    if ((st = dosah_load_roads(ctx, r, &m->roads)) || !ns->clip)
        return st;
    return dosah_diag_add(ctx, DOSAH_INFO, "load", r->spec->path_as_written, r->layer_name,
                          NULL, NULL,
                          "roads clipped to the study area widened by %.0f m "
                          "(network.clip_buffer_m): %zu road lines kept", ns->clip_buffer_m,
                          m->roads.line_count);
}

static enum dosah_status read_od(struct dosah_ctx *ctx, struct dosah_reader *r,
                                 struct dosah_loading *L)
{
    L->m->has_od = 1;
    return dosah_load_od(ctx, r, &L->m->od);
}

/* Every municipality needs a population (unless demand points bring it): all those that
 * lack one are named in one message, the first few with their names. */
static enum dosah_status check_population(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                          const struct dosah_model *m)
{
    const struct dosah_input_spec *sp = &s->inputs[DOSAH_INPUT_MUNICIPALITIES];
    struct dosah_strbuf b;
    size_t i, missing = 0;
    if (s->inputs[DOSAH_INPUT_DEMAND].present &&
        (dosah_demand_is_raster(s) ||
         s->inputs[DOSAH_INPUT_DEMAND].fields[DOSAH_FIELD_POPULATION]))
        return DOSAH_OK; /* population comes with the demand points */
    dosah_strbuf_init(&b, 0);
    for (i = 0; i < m->municipality_count; i++) {
        const struct dosah_area *a = &m->municipalities[i];
        if (a->has_population || missing++ >= 5)
            continue;
        if (dosah_strbuf_printf(ctx, &b, "%s'%s'%s%s (fid %ld)", missing > 1 ? ", " : "",
                                a->code.text, a->name ? " " : "", a->name ? a->name : "",
                                a->fid)) {
            dosah_strbuf_clear(&b);
            return DOSAH_ENOMEM;
        }
    }
    if (!missing)
        return DOSAH_OK;
    dosah_error_set(ctx, DOSAH_EINVAL, "%s: %zu %s no population: %s%s. %s",
                    sp->path_as_written, missing,
                    dosah_plural(missing, "municipality has", "municipalities have"), b.data,
                    missing > 5 ? ", ..." : "",
                    s->inputs[DOSAH_INPUT_POPULATION].present
                        ? "Their codes are missing from the population table; add them (0 "
                          "for none)."
                        : "Map 'population' on the municipalities input or add "
                          "inputs.population.");
    dosah_strbuf_clear(&b);
    return DOSAH_EINVAL;
}

static int area_code_cmp(const void *a, const void *b)
{
    return strcmp(((const struct dosah_area *)a)->code.text,
                  ((const struct dosah_area *)b)->code.text);
}

/* Links municipalities to regions by code; sums region population. */
static enum dosah_status link_regions(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                      struct dosah_model *m)
{
    size_t i;
    /* A region's population is known when every member municipality's is. */
    for (i = 0; i < m->region_count; i++)
        m->regions[i].population = 0, m->regions[i].has_population = 1;
    for (i = 0; i < m->municipality_count; i++) {
        struct dosah_area *a = &m->municipalities[i], key;
        const struct dosah_area *hit;
        if (!a->region_code)
            continue;
        key.code.text = a->region_code;
        hit = bsearch(&key, m->regions, m->region_count, sizeof key, area_code_cmp);
        if (!hit)
            return dosah_error_set(
                ctx, DOSAH_EINVAL,
                "%s: municipality '%s' (fid %ld), field '%s': region code '%s' is not in the "
                "regions input (%s). Correct the code or the regions layer.",
                s->inputs[DOSAH_INPUT_MUNICIPALITIES].path_as_written, a->code.text, a->fid,
                s->inputs[DOSAH_INPUT_MUNICIPALITIES].fields[DOSAH_FIELD_REGION], a->region_code,
                s->inputs[DOSAH_INPUT_REGIONS].path_as_written);
        a->region = (uint32_t)(hit - m->regions);
        if (a->has_population)
            m->regions[a->region].population += a->population;
        else
            m->regions[a->region].has_population = 0;
    }
    return DOSAH_OK;
}

/* Demand points standing for municipalities: one per municipality, at its given point, else
 * at its point on surface until dosah_place_municipal_demand moves it. */
static enum dosah_status demand_from_municipalities(struct dosah_ctx *ctx, struct dosah_model *m)
{
    size_t i;
    m->demand = dosah_calloc(ctx, m->municipality_count ? m->municipality_count : 1,
                             sizeof *m->demand);
    if (!m->demand)
        return DOSAH_ENOMEM;
    for (i = 0; i < m->municipality_count; i++) {
        struct dosah_demand *d = &m->demand[i];
        const struct dosah_area *a = &m->municipalities[i];
        d->id = a->code;
        d->id.text = dosah_strdup(ctx, a->code.text);
        if (!d->id.text)
            return DOSAH_ENOMEM;
        d->population = a->population;
        d->municipality = (uint32_t)i;
        d->pt = a->has_point ? a->point : a->inside;
        d->placement = a->has_point ? DOSAH_PLACED_DEFINITION : DOSAH_PLACED_SURFACE;
        d->fid = a->fid;
        m->demand_count++;
    }
    m->demand_given = 0;
    return DOSAH_OK;
}

static enum dosah_status load_areas_stage(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                          OGRSpatialReferenceH target,
                                          struct dosah_gdal_errors *errors,
                                          struct dosah_loading *L)
{
    struct dosah_model *m = L->m;
    enum dosah_status st;
    if (!s->inputs[DOSAH_INPUT_MUNICIPALITIES].present)
        return DOSAH_OK;
    if ((st = with_reader(ctx, s, DOSAH_INPUT_MUNICIPALITIES, target, DOSAH_GEOM_AREAS, errors,
                          read_municipalities, L)))
        return st;
    /* Built once: every later point is located in the municipalities through them. */
    if ((st = dosah_model_index_municipalities(ctx, m)) ||
        (st = dosah_locator_create(ctx, m->municipalities, m->municipality_count,
                                   &L->municipalities)))
        return st;
    if (s->inputs[DOSAH_INPUT_POPULATION].present &&
        (st = with_reader(ctx, s, DOSAH_INPUT_POPULATION, NULL, DOSAH_GEOM_NONE, errors,
                          read_population, L)))
        return st;
    if ((st = check_population(ctx, s, m)) || (st = dosah_check_groups(ctx, s, m)))
        return st;
    if (s->inputs[DOSAH_INPUT_REGIONS].present) {
        if ((st = with_reader(ctx, s, DOSAH_INPUT_REGIONS, target, DOSAH_GEOM_AREAS, errors,
                              read_regions, L)))
            return st;
        qsort(m->regions, m->region_count, sizeof *m->regions, area_code_cmp);
        if (!s->inputs[DOSAH_INPUT_MUNICIPALITIES].fields[DOSAH_FIELD_REGION] &&
            (st = dosah_locate_regions(ctx, s, m)))
            return st;
    } else if (s->inputs[DOSAH_INPUT_MUNICIPALITIES].fields[DOSAH_FIELD_REGION]) {
        if ((st = dosah_dissolve_regions(ctx, m)))
            return st;
    }
    return link_regions(ctx, s, m);
}

/* Warns where a municipality's population differs from the sum of its demand points. */
static enum dosah_status check_demand_sums(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                           const struct dosah_model *m)
{
    double *sum = NULL;
    size_t i;
    enum dosah_status st = DOSAH_OK;
    if (!m->demand_given || !m->municipality_count)
        return DOSAH_OK;
    if (!(sum = dosah_calloc(ctx, m->municipality_count, sizeof *sum)))
        return DOSAH_ENOMEM;
    for (i = 0; i < m->demand_count; i++)
        if (m->demand[i].municipality != DOSAH_NONE)
            sum[m->demand[i].municipality] += m->demand[i].population;
    for (i = 0; i < m->municipality_count && !st; i++) {
        const struct dosah_area *a = &m->municipalities[i];
        if (a->has_population && fabs(sum[i] - a->population) > 0.5)
            st = dosah_diag_add(ctx, DOSAH_WARNING, "load",
                                s->inputs[DOSAH_INPUT_DEMAND].path_as_written, NULL,
                                a->code.text, NULL,
                                "the demand points of municipality '%s' hold %.1f people, its "
                                "population is %.1f; area figures use the demand points",
                                a->code.text, sum[i], a->population);
    }
    dosah_free(sum);
    return st;
}

/* The candidate layers of the plan entries that give one. */
static enum dosah_status load_candidates(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                         OGRSpatialReferenceH target,
                                         struct dosah_gdal_errors *errors, struct dosah_model *m)
{
    size_t i;
    enum dosah_status st = DOSAH_OK;
    if (!s->plan_count)
        return DOSAH_OK;
    if (!(m->plan_candidates = dosah_calloc(ctx, s->plan_count, sizeof *m->plan_candidates)))
        return DOSAH_ENOMEM;
    m->plan_count = s->plan_count;
    for (i = 0; i < s->plan_count && !st; i++) {
        struct dosah_reader r;
        char kind[48];
        if (s->plans[i].candidates_municipalities)
            continue;
        snprintf(kind, sizeof kind, "plan[%zu].candidates", i);
        st = dosah_reader_open_spec(ctx, &r, s, &s->plans[i].candidates, kind, target,
                                    DOSAH_GEOM_POINTS, errors);
        if (!st)
            st = dosah_load_candidates(ctx, &r, &m->plan_candidates[i]);
        dosah_reader_close(&r);
    }
    return st;
}

/* The demand: a raster, points (with population, or sharing their municipality's), or one
 * point per municipality. */
static enum dosah_status load_demand_stage(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                           OGRSpatialReferenceH target,
                                           struct dosah_gdal_errors *errors,
                                           struct dosah_loading *L)
{
    const struct dosah_input_spec *d = &s->inputs[DOSAH_INPUT_DEMAND];
    enum dosah_status st;
    if (!d->present)
        return demand_from_municipalities(ctx, L->m);
    if (dosah_demand_is_cuzk(d->path))
        return dosah_load_demand_cuzk(ctx, s, target, L);
    if (dosah_demand_is_raster(s))
        return dosah_load_demand_raster(ctx, s, target, L);
    if (s->inputs[DOSAH_INPUT_BUILDINGS].present &&
        (st = with_reader(ctx, s, DOSAH_INPUT_BUILDINGS, NULL, DOSAH_GEOM_NONE, errors,
                          dosah_load_buildings, L)))
        return st;
    if ((st = with_reader(ctx, s, DOSAH_INPUT_DEMAND, target, DOSAH_GEOM_POINTS, errors,
                          dosah_load_demand, L)))
        return st;
    return d->fields[DOSAH_FIELD_POPULATION] ? DOSAH_OK : dosah_spread_population(ctx, s, L);
}

enum dosah_status dosah_load(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                             struct dosah_model **out)
{
    struct dosah_gdal_errors errors;
    struct dosah_loading L;
    OGRSpatialReferenceH target = NULL;
    enum dosah_status st;

    *out = NULL;
    memset(&L, 0, sizeof L);
    dosah_ctx_note_stage(ctx, "load");
    if ((st = dosah_check_cancel(ctx, "load")))
        return st;
    GDALAllRegister();
    dosah_gdal_errors_push(&errors);
    if ((st = working_crs(ctx, s, &target)))
        goto fail;
    if (!(L.m = dosah_calloc(ctx, 1, sizeof *L.m))) {
        st = DOSAH_ENOMEM;
        goto fail;
    }
    if ((st = keep_crs(ctx, target, L.m)) ||
        (st = load_areas_stage(ctx, s, target, &errors, &L)) ||
        (st = load_demand_stage(ctx, s, target, &errors, &L)) ||
        (st = check_demand_sums(ctx, s, L.m)))
        goto fail;
    if (s->inputs[DOSAH_INPUT_ADDRESSES].present &&
        (st = with_reader(ctx, s, DOSAH_INPUT_ADDRESSES, target, DOSAH_GEOM_POINTS, &errors,
                          dosah_load_addresses, &L)))
        goto fail;
    if ((st = with_reader(ctx, s, DOSAH_INPUT_SERVICES, target, DOSAH_GEOM_POINTS, &errors,
                          dosah_load_services, &L)))
        goto fail;
    if (s->inputs[DOSAH_INPUT_LOCALITIES].present &&
        (st = with_reader(ctx, s, DOSAH_INPUT_LOCALITIES, target, DOSAH_GEOM_POINTS, &errors,
                          dosah_load_localities, &L)))
        goto fail;
    if (s->inputs[DOSAH_INPUT_ROADS].present &&
        (st = with_reader(ctx, s, DOSAH_INPUT_ROADS, target, DOSAH_GEOM_LINES, &errors,
                          read_roads, &L)))
        goto fail;
    if ((st = dosah_place_municipal_demand(ctx, &L)))
        goto fail;
    if (s->inputs[DOSAH_INPUT_OD_MATRIX].present &&
        (st = with_reader(ctx, s, DOSAH_INPUT_OD_MATRIX, NULL, DOSAH_GEOM_NONE, &errors,
                          read_od, &L)))
        goto fail;
    if ((st = load_candidates(ctx, s, target, &errors, L.m)) ||
        (st = dosah_progress(ctx, 1.0, "load")))
        goto fail;
    OSRRelease(target);
    dosah_gdal_errors_pop();
    *out = L.m;
    L.m = NULL;
    dosah_loading_clear(&L);
    return DOSAH_OK;
fail:
    dosah_model_destroy(L.m);
    L.m = NULL;
    dosah_loading_clear(&L);
    if (target)
        OSRRelease(target);
    dosah_gdal_errors_pop();
    return st;
}

void dosah_io_bind_geos_interrupt(struct dosah_ctx *ctx)
{
    dosah_geos_interrupt_bind(ctx);
}
