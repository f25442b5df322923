/* SPDX-License-Identifier: MIT */
/*
 * Gaps per region (DESIGN.md §6): from the capacity and facilities inside a region and the
 * population within the service's threshold, the capacity per 10,000 inhabitants, the share
 * within the threshold, and why the region is a gap (no facility, below the norm, below the
 * coverage target) with the shortfall in whole units. Pure arithmetic; no allocation.
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "plan/plan_internal.h"

/* Relative slack that keeps an exact whole-number need from being rounded up. */
#define GAP_SLACK 1e-9

void dosah_plan_gap_input_init(struct dosah_plan_gap_input *in)
{
    memset(in, 0, sizeof *in);
    in->population = NULL;
    in->capacity = NULL;
    in->facility_count = NULL;
    in->within_population = NULL;
    in->norm_per_10k = NAN;
    in->coverage_target = NAN;
}

static enum dosah_status check_input(struct dosah_ctx *ctx, const struct dosah_plan_gap_input *in)
{
    if (!isnan(in->norm_per_10k) && !(isfinite(in->norm_per_10k) && in->norm_per_10k >= 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the norm is %g per 10,000 inhabitants; it "
                               "must be a number of 0 or more", in->norm_per_10k);
    if (!isnan(in->coverage_target) &&
        !(in->coverage_target >= 0.0 && in->coverage_target <= 1.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the coverage target is %g; it must be a "
                               "share in [0, 1]", in->coverage_target);
    if (in->region_count > 0 && (!in->population || !in->capacity || !in->facility_count))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the regions' population, capacity or "
                               "facility counts are missing");
    return DOSAH_OK;
}

static enum dosah_status check_region(struct dosah_ctx *ctx,
                                      const struct dosah_plan_gap_input *in, size_t r)
{
    double pop = in->population[r], cap = in->capacity[r];
    double within = in->within_population ? in->within_population[r] : 0.0;
    if (!(isfinite(pop) && pop >= 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "region %zu has population %g; it must be "
                               "a number of 0 or more", r, pop);
    if (!(isfinite(cap) && cap >= 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "region %zu has capacity %g; it must be a "
                               "number of 0 or more", r, cap);
    if (!(isfinite(within) && within >= 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "region %zu has %g people within the "
                               "threshold; it must be a number of 0 or more", r, within);
    return DOSAH_OK;
}

/* ceil(need - capacity) with the slack of GAP_SLACK * max(1, need); 0 when not positive. */
static double shortfall(double norm, double population, double capacity)
{
    double need = norm * population / 10000.0;
    double d = need - capacity - GAP_SLACK * fmax(1.0, need);
    return d > 0.0 ? ceil(d) : 0.0;
}

static void measure(const struct dosah_plan_gap_input *in, size_t r, struct dosah_plan_gap *g)
{
    double pop = in->population[r];
    memset(g, 0, sizeof *g);
    g->capacity = in->capacity[r];
    g->per_10k = pop > 0.0 ? g->capacity * 10000.0 / pop : NAN;
    g->within_share = pop > 0.0 && in->within_population ? in->within_population[r] / pop : NAN;
    g->has_facility = in->facility_count[r] > 0;
    if (pop > 0.0 && !g->has_facility)
        g->reasons |= DOSAH_PLAN_GAP_NO_FACILITY;
    if (!isnan(in->norm_per_10k))
        g->shortfall_units = shortfall(in->norm_per_10k, pop, g->capacity);
    if (g->shortfall_units >= 1.0)
        g->reasons |= DOSAH_PLAN_GAP_BELOW_NORM;
    if (!isnan(in->coverage_target) && !isnan(g->within_share) &&
        g->within_share < in->coverage_target - 1e-12)
        g->reasons |= DOSAH_PLAN_GAP_BELOW_COVERAGE;
}

enum dosah_status dosah_plan_gaps(struct dosah_ctx *ctx, const struct dosah_plan_gap_input *in,
                                  struct dosah_plan_gap *rows)
{
    enum dosah_status st;
    size_t r;
    if ((st = check_input(ctx, in)) != DOSAH_OK)
        return st;
    for (r = 0; r < in->region_count; r++)
        if ((st = check_region(ctx, in, r)) != DOSAH_OK)
            return st;
    for (r = 0; r < in->region_count; r++)
        measure(in, r, &rows[r]);
    return DOSAH_OK;
}
