/* SPDX-License-Identifier: MIT */
/*
 * Coverage measures per area and in total (DESIGN.md §6, nearest time and coverage): one
 * pass over the demand points adds each point's population into its area's row and the
 * total row; a second pass over the rows turns sums into the mean and the shares. Pure
 * computation over arrays; the definitions are in include/dosah/measure.h.
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/measure.h"

void dosah_coverage_input_init(struct dosah_coverage_input *in)
{
    memset(in, 0, sizeof *in);
    in->time_s = NULL;
    in->population = NULL;
    in->area = NULL;
    in->thresholds_min = NULL;
}

int dosah_measure_within(double time_s, double threshold_min)
{
    return time_s <= threshold_min * 60.0 + DOSAH_MEASURE_SLACK_S;
}

static enum dosah_status check_thresholds(struct dosah_ctx *ctx,
                                          const struct dosah_coverage_input *in)
{
    size_t k;
    if (!(isfinite(in->threshold_min) && in->threshold_min > 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the service's threshold is %g minutes; it "
                               "must be a positive number", in->threshold_min);
    for (k = 0; k < in->threshold_count; k++)
        if (!(isfinite(in->thresholds_min[k]) && in->thresholds_min[k] >= 0.0))
            return dosah_error_set(ctx, DOSAH_EINVAL, "threshold %zu is %g minutes; "
                                   "thresholds_min must hold numbers of 0 or more", k + 1,
                                   in->thresholds_min[k]);
    return DOSAH_OK;
}

static enum dosah_status check_points(struct dosah_ctx *ctx,
                                      const struct dosah_coverage_input *in)
{
    size_t i;
    for (i = 0; i < in->point_count; i++) {
        double p = in->population[i], t = in->time_s[i];
        uint32_t a = in->area ? in->area[i] : DOSAH_NONE;
        if (!(isfinite(p) && p >= 0.0))
            return dosah_error_set(ctx, DOSAH_EINVAL, "demand point %zu has population %g; "
                                   "it must be a number of 0 or more", i, p);
        if (t < 0.0)
            return dosah_error_set(ctx, DOSAH_EINVAL, "demand point %zu has a negative "
                                   "travel time (%g s)", i, t);
        if (a != DOSAH_NONE && a >= in->area_count)
            return dosah_error_set(ctx, DOSAH_EINVAL, "demand point %zu lies in area %u, "
                                   "but there are only %zu areas", i, a, in->area_count);
    }
    return DOSAH_OK;
}

/* Adds one point to a row; mean_minutes holds the sum of population times seconds for now. */
static void add_point(struct dosah_coverage_row *row, const struct dosah_coverage_input *in,
                      double t, double p)
{
    size_t k;
    row->population += p;
    if (!isfinite(t)) {
        row->unreached_population += p;
        return;
    }
    row->reached_population += p;
    row->mean_minutes += p * t;
    if (dosah_measure_within(t, in->threshold_min))
        row->within_population += p;
    for (k = 0; k < in->threshold_count; k++)
        if (dosah_measure_within(t, in->thresholds_min[k]))
            row->within_population_at[k] += p;
}

static double share(double part, double whole)
{
    return whole > 0.0 ? part / whole : NAN;
}

static void finish_row(struct dosah_coverage_row *row, size_t threshold_count)
{
    size_t k;
    row->mean_minutes = row->reached_population > 0.0
                            ? row->mean_minutes / row->reached_population / 60.0
                            : NAN;
    row->within_share = share(row->within_population, row->population);
    for (k = 0; k < threshold_count; k++)
        row->within_share_at[k] = share(row->within_population_at[k], row->population);
}

enum dosah_status dosah_measure_coverage(struct dosah_ctx *ctx,
                                         const struct dosah_coverage_input *in,
                                         struct dosah_coverage **out)
{
    struct dosah_coverage *c = NULL;
    size_t i, rows = in->area_count + 1, tc = in->threshold_count;
    enum dosah_status st;

    *out = NULL;
    if ((st = check_thresholds(ctx, in)) != DOSAH_OK || (st = check_points(ctx, in)) != DOSAH_OK)
        return st;
    c = dosah_calloc(ctx, 1, sizeof *c);
    if (!c)
        return DOSAH_ENOMEM;
    c->area_count = in->area_count;
    c->threshold_count = tc;
    c->areas = dosah_calloc(ctx, in->area_count, sizeof *c->areas);
    c->storage = dosah_calloc(ctx, rows * 2 * tc, sizeof *c->storage);
    if (!c->areas || !c->storage) {
        dosah_coverage_destroy(c);
        return DOSAH_ENOMEM;
    }
    for (i = 0; i < rows; i++) {
        struct dosah_coverage_row *row = i < in->area_count ? &c->areas[i] : &c->total;
        row->within_population_at = c->storage + i * 2 * tc;
        row->within_share_at = c->storage + i * 2 * tc + tc;
    }
    for (i = 0; i < in->point_count; i++) {
        uint32_t a = in->area ? in->area[i] : DOSAH_NONE;
        add_point(&c->total, in, in->time_s[i], in->population[i]);
        if (a != DOSAH_NONE)
            add_point(&c->areas[a], in, in->time_s[i], in->population[i]);
    }
    for (i = 0; i < rows; i++)
        finish_row(i < in->area_count ? &c->areas[i] : &c->total, tc);
    *out = c;
    return DOSAH_OK;
}

struct dosah_coverage *dosah_coverage_destroy(struct dosah_coverage *c)
{
    if (!c)
        return NULL;
    dosah_free(c->storage);
    dosah_free(c->areas);
    dosah_free(c);
    return NULL;
}
