/* SPDX-License-Identifier: MIT */
/*
 * Two-step floating catchment area measures (DESIGN.md §6; definitions in
 * include/dosah/fca.h). The catchments arrive as CSR-like arrays from the bounded searches,
 * so the measure is two passes over them: the first sums each facility's weighted population
 * in reach and gives its supply-to-demand ratio R_j, the second spreads the ratios back onto
 * the demand points. A third pass over the points aggregates per area. This file also holds
 * the input checks shared with capacity-limited coverage (capacity.c). Pure computation.
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/fca.h"
#include "dosah/measure.h"
#include "measure/fca_internal.h"

void dosah_fca_input_init(struct dosah_fca_input *in)
{
    memset(in, 0, sizeof *in);
    in->population = NULL;
    in->area = NULL;
    in->capacity = NULL;
    in->catchments.offsets = NULL;
    in->catchments.point = NULL;
    in->catchments.time_s = NULL;
}

void dosah_fca_options_init(struct dosah_fca_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->threshold_min = 0.0;
    opt->weight = DOSAH_FCA_CUTOFF;
    /* Luo & Qi (2009): weights of the three travel-time zones of E2SFCA. */
    opt->step_count = 3;
    opt->step_weights[0] = 1.0;
    opt->step_weights[1] = 0.68;
    opt->step_weights[2] = 0.22;
    opt->gaussian_beta = 1.0;
}

double dosah_fca_share(double part, double whole)
{
    return whole > 0.0 ? part / whole : NAN;
}

enum dosah_status dosah_fca_check_threshold(struct dosah_ctx *ctx, double threshold_min)
{
    if (!(isfinite(threshold_min) && threshold_min > 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the catchment threshold is %g minutes; it "
                               "must be a positive number", threshold_min);
    return DOSAH_OK;
}

double dosah_measure_fca_weight(const struct dosah_fca_options *opt, double time_s)
{
    double limit_s = opt->threshold_min * 60.0, x, floor_w;
    size_t k;

    if (!dosah_measure_within(time_s, opt->threshold_min))
        return 0.0;
    switch (opt->weight) {
    case DOSAH_FCA_STEP:
        for (k = 0; k + 1 < opt->step_count; k++)
            if (time_s <= limit_s * (double)(k + 1) / (double)opt->step_count
                              + DOSAH_MEASURE_SLACK_S)
                break;
        return opt->step_weights[k];
    case DOSAH_FCA_GAUSSIAN:
        /* Dai (2010): exp(-(t/T)^2 / 2) rescaled to run from 1 at t = 0 to 0 at t = T. */
        x = time_s / limit_s;
        floor_w = exp(-0.5 * opt->gaussian_beta);
        x = (exp(-0.5 * opt->gaussian_beta * x * x) - floor_w) / (1.0 - floor_w);
        return x > 0.0 ? x : 0.0; /* t within the slack above T */
    case DOSAH_FCA_CUTOFF:
    default:
        return 1.0;
    }
}

static enum dosah_status check_options(struct dosah_ctx *ctx,
                                       const struct dosah_fca_options *opt)
{
    size_t k;
    enum dosah_status st = dosah_fca_check_threshold(ctx, opt->threshold_min);

    if (st != DOSAH_OK)
        return st;
    switch (opt->weight) {
    case DOSAH_FCA_CUTOFF:
        return DOSAH_OK;
    case DOSAH_FCA_STEP:
        if (opt->step_count < 1 || opt->step_count > DOSAH_FCA_MAX_STEPS)
            return dosah_error_set(ctx, DOSAH_EINVAL, "%zu step weights given; E2SFCA takes 1 "
                                   "to %d", opt->step_count, DOSAH_FCA_MAX_STEPS);
        for (k = 0; k < opt->step_count; k++)
            if (!(isfinite(opt->step_weights[k]) && opt->step_weights[k] >= 0.0))
                return dosah_error_set(ctx, DOSAH_EINVAL, "step weight %zu is %g; weights "
                                       "must be numbers of 0 or more", k + 1,
                                       opt->step_weights[k]);
        return DOSAH_OK;
    case DOSAH_FCA_GAUSSIAN:
        if (!(isfinite(opt->gaussian_beta) && opt->gaussian_beta > 0.0))
            return dosah_error_set(ctx, DOSAH_EINVAL, "the Gaussian parameter is %g; it must "
                                   "be a positive number", opt->gaussian_beta);
        return DOSAH_OK;
    }
    return dosah_error_set(ctx, DOSAH_EINVAL, "unknown FCA weight %d", (int)opt->weight);
}

static enum dosah_status check_points(struct dosah_ctx *ctx, const struct dosah_fca_input *in)
{
    size_t i;
    for (i = 0; i < in->point_count; i++) {
        double p = in->population[i];
        uint32_t a = in->area ? in->area[i] : DOSAH_NONE;
        if (!(isfinite(p) && p >= 0.0))
            return dosah_error_set(ctx, DOSAH_EINVAL, "demand point %zu has population %g; "
                                   "it must be a number of 0 or more", i, p);
        if (a != DOSAH_NONE && a >= in->area_count)
            return dosah_error_set(ctx, DOSAH_EINVAL, "demand point %zu lies in area %u, "
                                   "but there are only %zu areas", i, a, in->area_count);
    }
    return DOSAH_OK;
}

/* Checks one facility's capacity and catchment; stamp[i] == j marks i as already listed. */
static enum dosah_status check_facility(struct dosah_ctx *ctx, const struct dosah_fca_input *in,
                                        uint32_t j, uint32_t *stamp)
{
    const struct dosah_catchments *c = &in->catchments;
    double s = in->capacity[j];
    size_t k;

    if (!isnan(s) && !(isfinite(s) && s >= 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "facility %u has capacity %g; it must be a "
                               "number of 0 or more, or unknown", j, s);
    if (c->offsets[j + 1] < c->offsets[j])
        return dosah_error_set(ctx, DOSAH_EINVAL, "catchment offsets decrease at facility %u "
                               "(%zu, then %zu)", j, c->offsets[j], c->offsets[j + 1]);
    for (k = c->offsets[j]; k < c->offsets[j + 1]; k++) {
        uint32_t i = c->point[k];
        if (i >= in->point_count)
            return dosah_error_set(ctx, DOSAH_EINVAL, "facility %u reaches demand point %u, "
                                   "but there are only %zu points", j, i, in->point_count);
        if (c->time_s[k] < 0.0)
            return dosah_error_set(ctx, DOSAH_EINVAL, "facility %u reaches demand point %u "
                                   "in a negative time (%g s)", j, i, c->time_s[k]);
        if (stamp[i] == j)
            return dosah_error_set(ctx, DOSAH_EINVAL, "facility %u lists demand point %u "
                                   "twice in its catchment", j, i);
        stamp[i] = j;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_fca_check_input(struct dosah_ctx *ctx, const struct dosah_fca_input *in,
                                        uint32_t *stamp)
{
    const struct dosah_catchments *c = &in->catchments;
    size_t j;
    enum dosah_status st;

    if (c->facility_count >= DOSAH_NONE || in->point_count >= DOSAH_NONE)
        return dosah_error_set(ctx, DOSAH_EINVAL, "%zu facilities and %zu demand points; "
                               "at most %u of each", c->facility_count, in->point_count,
                               DOSAH_NONE - 1);
    if ((st = check_points(ctx, in)) != DOSAH_OK)
        return st;
    for (j = 0; j < in->point_count; j++)
        stamp[j] = DOSAH_NONE;
    for (j = 0; j < c->facility_count; j++)
        if ((st = check_facility(ctx, in, (uint32_t)j, stamp)) != DOSAH_OK)
            return st;
    return DOSAH_OK;
}

/* First step: D_j, the reach population and R_j of every facility. */
static void supply_ratios(const struct dosah_fca_input *in, const struct dosah_fca_options *opt,
                          struct dosah_fca *r)
{
    const struct dosah_catchments *c = &in->catchments;
    size_t j, k;

    for (j = 0; j < c->facility_count; j++) {
        double d = 0.0, reach = 0.0, s = in->capacity[j];
        for (k = c->offsets[j]; k < c->offsets[j + 1]; k++) {
            double p = in->population[c->point[k]];
            if (!dosah_measure_within(c->time_s[k], opt->threshold_min))
                continue;
            d += dosah_measure_fca_weight(opt, c->time_s[k]) * p;
            reach += p;
        }
        r->demand[j] = d;
        r->reach_population[j] = reach;
        if (isnan(s)) {
            r->ratio[j] = NAN;
            r->unknown_capacity_count++;
        } else {
            r->ratio[j] = d > 0.0 ? s / d : 0.0;
        }
    }
}

/* Second step: A_i, the weighted sum of the ratios of the facilities that reach i. */
static void point_access(const struct dosah_fca_input *in, const struct dosah_fca_options *opt,
                         struct dosah_fca *r)
{
    const struct dosah_catchments *c = &in->catchments;
    size_t j, k;

    for (j = 0; j < c->facility_count; j++) {
        if (isnan(r->ratio[j]) || r->ratio[j] == 0.0)
            continue;
        for (k = c->offsets[j]; k < c->offsets[j + 1]; k++)
            if (dosah_measure_within(c->time_s[k], opt->threshold_min))
                r->access[c->point[k]] += dosah_measure_fca_weight(opt, c->time_s[k])
                                          * r->ratio[j];
    }
}

/* Per area and in total: population and 1000 sum P_i A_i / sum P_i. */
static void aggregate(const struct dosah_fca_input *in, struct dosah_fca *r)
{
    size_t i, a;

    for (i = 0; i < in->point_count; i++) {
        double p = in->population[i], pa = p * r->access[i];
        uint32_t area = in->area ? in->area[i] : DOSAH_NONE;
        r->total.population += p;
        r->total.access_per_1000 += pa;
        if (area != DOSAH_NONE) {
            r->areas[area].population += p;
            r->areas[area].access_per_1000 += pa;
        }
    }
    for (a = 0; a <= in->area_count; a++) {
        struct dosah_fca_area *row = a < in->area_count ? &r->areas[a] : &r->total;
        row->access_per_1000 = 1000.0 * dosah_fca_share(row->access_per_1000, row->population);
    }
}

enum dosah_status dosah_measure_fca(struct dosah_ctx *ctx, const struct dosah_fca_input *in,
                                    const struct dosah_fca_options *opt,
                                    struct dosah_fca **out)
{
    struct dosah_fca *r = NULL;
    uint32_t *stamp = NULL;
    size_t nf = in->catchments.facility_count, np = in->point_count;
    enum dosah_status st;

    *out = NULL;
    if ((st = check_options(ctx, opt)) != DOSAH_OK)
        return st;
    st = DOSAH_ENOMEM;
    stamp = dosah_calloc(ctx, np, sizeof *stamp);
    r = dosah_calloc(ctx, 1, sizeof *r);
    if (!stamp || !r)
        goto fail;
    if ((st = dosah_fca_check_input(ctx, in, stamp)) != DOSAH_OK)
        goto fail;
    st = DOSAH_ENOMEM;
    r->facility_count = nf;
    r->point_count = np;
    r->area_count = in->area_count;
    r->ratio = dosah_calloc(ctx, nf, sizeof *r->ratio);
    r->demand = dosah_calloc(ctx, nf, sizeof *r->demand);
    r->reach_population = dosah_calloc(ctx, nf, sizeof *r->reach_population);
    r->access = dosah_calloc(ctx, np, sizeof *r->access);
    r->areas = dosah_calloc(ctx, in->area_count, sizeof *r->areas);
    if (!r->ratio || !r->demand || !r->reach_population || !r->access || !r->areas)
        goto fail;
    supply_ratios(in, opt, r);
    point_access(in, opt, r);
    aggregate(in, r);
    dosah_free(stamp);
    *out = r;
    return DOSAH_OK;

fail:
    dosah_fca_destroy(r);
    dosah_free(stamp);
    return st;
}

struct dosah_fca *dosah_fca_destroy(struct dosah_fca *r)
{
    if (!r)
        return NULL;
    dosah_free(r->areas);
    dosah_free(r->access);
    dosah_free(r->reach_population);
    dosah_free(r->demand);
    dosah_free(r->ratio);
    dosah_free(r);
    return NULL;
}
