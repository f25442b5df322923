/* SPDX-License-Identifier: MIT */
/*
 * Accessibility measures (DESIGN.md §6) computed from the nearest travel times of demand
 * points: per area (municipality or region) and for the whole set, population, the
 * population-weighted mean time, the population and share within the service's threshold
 * and within each extra threshold, and the unreached population.
 *
 * Definitions. A point is reached when its time is finite. The mean is
 * sum(P_i t_i) / sum(P_i) over reached points, in minutes, NAN when they hold no
 * population. A point is within threshold T minutes when t_i <= 60 T + 1e-6 seconds: the
 * threshold is inclusive, and the microsecond of slack keeps a time computed as exactly
 * T minutes in floating point from falling out. Shares are population within / population,
 * NAN when the population is 0.
 */
#ifndef DOSAH_MEASURE_H
#define DOSAH_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Slack added to a threshold in seconds when testing t <= T. */
#define DOSAH_MEASURE_SLACK_S 1e-6

/* What dosah_measure_coverage reads (all borrowed for the call). */
struct dosah_coverage_input {
    size_t point_count;
    const double *time_s;      /* per point, seconds; NAN (or +INFINITY) = unreached */
    const double *population;  /* per point, >= 0 */
    const uint32_t *area;      /* per point: area index or DOSAH_NONE; NULL: no areas */
    size_t area_count;
    double threshold_min;      /* the service's threshold, minutes, > 0 */
    const double *thresholds_min; /* further thresholds, minutes, >= 0; may be NULL */
    size_t threshold_count;
};

/* Sets everything to zero/NULL. */
void dosah_coverage_input_init(struct dosah_coverage_input *in);

/* The measures of one area or of the total. */
struct dosah_coverage_row {
    double population;            /* sum over the area's points */
    double reached_population;    /* with a finite time */
    double unreached_population;
    double mean_minutes;          /* population-weighted over reached points; NAN: none */
    double within_population;     /* within threshold_min */
    double within_share;          /* NAN when population is 0 */
    double *within_population_at; /* per extra threshold (threshold_count entries) */
    double *within_share_at;
};

/* The result: one row per area, and the total over all points (also those in no area). */
struct dosah_coverage {
    size_t area_count;
    size_t threshold_count;
    struct dosah_coverage_row *areas;
    struct dosah_coverage_row total;
    double *storage;              /* holds the per-threshold arrays of every row */
};

/*
 * Computes the coverage measures. On success *out is a new result (free with
 * dosah_coverage_destroy). Fails with DOSAH_EINVAL on a negative or NAN population, a
 * negative time, an area index out of range or a bad threshold; DOSAH_ENOMEM when memory is
 * short. Pure computation: any thread, its own context.
 */
enum dosah_status dosah_measure_coverage(struct dosah_ctx *ctx,
                                         const struct dosah_coverage_input *in,
                                         struct dosah_coverage **out);

/* Frees the result; returns NULL. NULL does nothing. */
struct dosah_coverage *dosah_coverage_destroy(struct dosah_coverage *c);

/* 1 when time_s is within threshold_min minutes by the rule above, else 0. */
int dosah_measure_within(double time_s, double threshold_min);

#ifdef __cplusplus
}
#endif
#endif
