/* SPDX-License-Identifier: MIT */
/*
 * Capacity measures of a question as output columns, from its facilities' catchments:
 * K_fca (floating-catchment accessibility per 1,000 residents) on demand points,
 * municipalities and regions, with each facility's fca_ratio and reach_population on the
 * services layer; and the capacity-limited coverage (K_cap_covered, K_cap_unserved,
 * K_cap_share per area, absorbed per facility).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dosah/fca.h"
#include "dosah/measure.h"
#include "run/run_internal.h"

/* What both capacity measures read, for one grouping of the points into areas. */
struct capacity_input {
    struct dosah_fca_input in;
    double *population;
    double *capacity;
    uint32_t *region;
};

static void capacity_input_clear(struct capacity_input *c)
{
    dosah_free(c->population);
    dosah_free(c->capacity);
    dosah_free(c->region);
}

static enum dosah_status capacity_input_make(struct dosah_ctx *ctx, const struct dosah_model *m,
                                             const struct dosah_times *t,
                                             const struct dosah_reach *r, struct capacity_input *c)
{
    size_t i;
    memset(c, 0, sizeof *c);
    c->population = dosah_calloc(ctx, m->demand_count + 1, sizeof *c->population);
    c->region = dosah_calloc(ctx, m->demand_count + 1, sizeof *c->region);
    c->capacity = dosah_calloc(ctx, t->facility_count + 1, sizeof *c->capacity);
    if (!c->population || !c->region || !c->capacity)
        return DOSAH_ENOMEM;
    for (i = 0; i < m->demand_count; i++) {
        uint32_t mu = m->demand[i].municipality;
        c->population[i] = m->demand[i].population;
        c->region[i] = mu == DOSAH_NONE ? DOSAH_NONE : m->municipalities[mu].region;
    }
    for (i = 0; i < t->facility_count; i++)
        c->capacity[i] = m->services[t->facilities[i]].capacity;
    dosah_fca_input_init(&c->in);
    c->in.point_count = m->demand_count;
    c->in.population = c->population;
    c->in.capacity = c->capacity;
    c->in.catchments.facility_count = t->facility_count;
    c->in.catchments.offsets = r->offsets;
    c->in.catchments.point = r->point;
    c->in.catchments.time_s = r->time_s;
    return DOSAH_OK;
}

/* Groups the points by municipality (0) or region (1). */
static void group_by(struct capacity_input *c, const struct dosah_model *m, int regions,
                     uint32_t *municipality_of)
{
    size_t i;
    for (i = 0; i < m->demand_count; i++)
        municipality_of[i] = m->demand[i].municipality;
    c->in.area = regions ? c->region : municipality_of;
    c->in.area_count = regions ? m->region_count : m->municipality_count;
}

static enum dosah_status fca_area_column(struct dosah_ctx *ctx, struct dosah_output *out,
                                         enum dosah_layer layer, const struct dosah_service_spec *q,
                                         const struct dosah_fca *f)
{
    struct dosah_column *c = dosah_key_column(ctx, out, layer, q, DOSAH_KF_FCA, f->area_count);
    size_t a;
    if (!c)
        return DOSAH_ENOMEM;
    for (a = 0; a < f->area_count; a++)
        c->real[a] = f->areas[a].access_per_1000;
    return DOSAH_OK;
}

static enum dosah_status cap_area_columns(struct dosah_ctx *ctx, struct dosah_output *out,
                                          enum dosah_layer layer,
                                          const struct dosah_service_spec *q,
                                          const struct dosah_capacity_coverage *cc)
{
    struct dosah_column *cov, *uns, *share;
    size_t a;
    cov = dosah_key_column(ctx, out, layer, q, DOSAH_KF_CAP_COVERED, cc->area_count);
    uns = dosah_key_column(ctx, out, layer, q, DOSAH_KF_CAP_UNSERVED, cc->area_count);
    share = dosah_key_column(ctx, out, layer, q, DOSAH_KF_CAP_SHARE, cc->area_count);
    if (!cov || !uns || !share)
        return DOSAH_ENOMEM;
    for (a = 0; a < cc->area_count; a++) {
        cov->real[a] = cc->areas[a].covered;
        uns->real[a] = cc->areas[a].unserved;
        share->real[a] = cc->areas[a].covered_share;
    }
    return DOSAH_OK;
}

/* The order of the facilities by the question's priority. */
static enum dosah_status priority_order(struct dosah_ctx *ctx, const struct dosah_model *m,
                                        const struct dosah_service_spec *q,
                                        const struct dosah_times *t, const double *capacity,
                                        uint32_t *order)
{
    double *v;
    size_t j;
    enum dosah_status st;
    if (q->priority == DOSAH_PRIORITY_LISTED) {
        dosah_measure_order_as_listed(t->facility_count, order);
        return DOSAH_OK;
    }
    if (q->priority == DOSAH_PRIORITY_CAPACITY)
        return dosah_measure_order_by_capacity(ctx, capacity, t->facility_count, order);
    if (!(v = dosah_calloc(ctx, t->facility_count + 1, sizeof *v)))
        return DOSAH_ENOMEM;
    for (j = 0; j < t->facility_count; j++)
        v[j] = m->services[t->facilities[j]].priority;
    st = dosah_measure_order_by_value(ctx, v, t->facility_count, 1, order);
    dosah_free(v);
    return st;
}

/* Per-facility values into the services layer's rows of this question. */
static void service_values(struct dosah_output *out, const struct dosah_model *m,
                           const struct dosah_times *t, enum dosah_out_field f,
                           const double *per_facility, double scale, int needs_capacity)
{
    struct dosah_column *c = dosah_output_get_field(out, f);
    size_t j;
    for (j = 0; c && j < t->facility_count; j++) /* unknown capacity: unknown, not 0 */
        c->real[t->rows[j]] = needs_capacity && isnan(m->services[t->facilities[j]].capacity)
                                  ? NAN
                                  : per_facility[j] * scale;
}

static enum dosah_status fca_columns(struct dosah_ctx *ctx, const struct dosah_model *m,
                                     struct dosah_output *out, const struct dosah_service_spec *q,
                                     const struct dosah_times *t, struct capacity_input *c,
                                     uint32_t *muni)
{
    struct dosah_fca *f = NULL;
    struct dosah_column *dem;
    enum dosah_status st;
    size_t i;
    group_by(c, m, 0, muni);
    if ((st = dosah_measure_fca(ctx, &c->in, &q->fca, &f)))
        return st;
    dem = dosah_key_column(ctx, out, DOSAH_LAYER_DEMAND, q, DOSAH_KF_FCA, m->demand_count);
    if (!dem) {
        dosah_fca_destroy(f);
        return DOSAH_ENOMEM;
    }
    for (i = 0; i < m->demand_count; i++)
        dem->real[i] = 1000.0 * f->access[i];
    service_values(out, m, t, DOSAH_OF_SRV_FCA_RATIO, f->ratio, 1000.0, 1);
    service_values(out, m, t, DOSAH_OF_SRV_REACH_POPULATION, f->reach_population, 1.0, 0);
    st = m->municipality_count ? fca_area_column(ctx, out, DOSAH_LAYER_MUNICIPALITIES, q, f)
                               : DOSAH_OK;
    f = dosah_fca_destroy(f);
    if (!st && m->region_count) {
        group_by(c, m, 1, muni);
        if (!(st = dosah_measure_fca(ctx, &c->in, &q->fca, &f)))
            st = fca_area_column(ctx, out, DOSAH_LAYER_REGIONS, q, f);
        dosah_fca_destroy(f);
    }
    return st;
}

static enum dosah_status cap_columns(struct dosah_ctx *ctx, const struct dosah_model *m,
                                     struct dosah_output *out, const struct dosah_service_spec *q,
                                     const struct dosah_times *t, struct capacity_input *c,
                                     uint32_t *muni)
{
    struct dosah_capacity_options opt;
    struct dosah_capacity_coverage *cc = NULL;
    uint32_t *order = dosah_calloc(ctx, t->facility_count + 1, sizeof *order);
    enum dosah_status st = order ? DOSAH_OK : DOSAH_ENOMEM;
    int regions;
    dosah_capacity_options_init(&opt);
    opt.threshold_min = q->threshold_min;
    opt.order = order;
    opt.order_count = t->facility_count;
    if (!st)
        st = priority_order(ctx, m, q, t, c->capacity, order);
    for (regions = 0; regions < 2 && !st; regions++) {
        if (!(regions ? m->region_count : m->municipality_count))
            continue;
        group_by(c, m, regions, muni);
        if ((st = dosah_measure_capacity_coverage(ctx, &c->in, &opt, &cc)))
            break;
        if (!regions)
            service_values(out, m, t, DOSAH_OF_SRV_ABSORBED, cc->absorbed, 1.0, 1);
        st = cap_area_columns(ctx, out, regions ? DOSAH_LAYER_REGIONS : DOSAH_LAYER_MUNICIPALITIES,
                              q, cc);
        cc = dosah_capacity_coverage_destroy(cc);
    }
    dosah_free(order);
    return st;
}

enum dosah_status dosah_capacity_columns(struct dosah_ctx *ctx, const struct dosah_model *m,
                                         struct dosah_output *out, size_t k,
                                         const struct dosah_scenario *s,
                                         const struct dosah_times *t, const struct dosah_reach *r)
{
    const struct dosah_service_spec *q = &s->services[k];
    struct capacity_input c;
    uint32_t *muni = NULL;
    enum dosah_status st;
    size_t j, known = 0;
    for (j = 0; j < t->facility_count; j++)
        known += !isnan(m->services[t->facilities[j]].capacity);
    if (known == 0)
        return DOSAH_OK; /* no capacity: the capacity columns stay absent for this key */
    if ((st = capacity_input_make(ctx, m, t, r, &c)) ||
        !(muni = dosah_calloc(ctx, m->demand_count + 1, sizeof *muni))) {
        capacity_input_clear(&c);
        return st ? st : DOSAH_ENOMEM;
    }
    if (!(st = fca_columns(ctx, m, out, q, t, &c, muni)))
        st = cap_columns(ctx, m, out, q, t, &c, muni);
    dosah_free(muni);
    capacity_input_clear(&c);
    return st;
}
