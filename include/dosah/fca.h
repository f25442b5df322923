/* SPDX-License-Identifier: MIT */
/*
 * Capacity measures (DESIGN.md §6): the two-step floating catchment area method (2SFCA,
 * Luo & Wang 2003) with its enhanced variants (E2SFCA: step weights, Luo & Qi 2009; Gaussian
 * decay, Dai 2010), and capacity-limited coverage, where facilities in a priority order
 * absorb the nearest population not yet served, up to their capacity.
 *
 * Both take the facilities' catchments as input, so that they cost one pass over the
 * catchments (plus a sort of each catchment by time for capacity-limited coverage): the
 * catchment of facility j lists the demand points i its bounded search reached, with the
 * travel times t_ij, as dosah_route_reach returns them. Entries with t_ij above the
 * threshold T are ignored, so a catchment may come from a search with a larger bound.
 *
 * Thresholds are inclusive with the slack of dosah_measure_within: an entry counts when
 * t_ij <= 60 T + 1e-6 seconds (T in minutes).
 *
 * 2SFCA / E2SFCA. With a weight W(t) (1 for a plain cutoff):
 *   D_j = sum over i with t_ij <= T of W(t_ij) P_i    (weighted population in reach)
 *   R_j = S_j / D_j, and R_j = 0 when D_j = 0 (a facility that reaches nobody)
 *   A_i = sum over j with t_ij <= T and S_j known of W(t_ij) R_j
 * R_j is capacity units per resident; A_i likewise. A facility with unknown capacity
 * (S_j = NAN) is left out: R_j = NAN and it adds nothing to any A_i. Since
 * sum_i P_i A_i = sum_j R_j D_j, the measure conserves supply for any weights: the
 * population-weighted sum of A_i equals the sum of S_j over the known facilities with D_j > 0.
 *
 * Per area (and in total), accessibility per 1,000 residents is the population-weighted mean
 * of A_i times 1,000:  1000 * sum_{i in area} P_i A_i / sum_{i in area} P_i, over all the
 * area's points (points that reach no facility count with A_i = 0); NAN when the area holds
 * no population.
 */
#ifndef DOSAH_FCA_H
#define DOSAH_FCA_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most step weights an E2SFCA may use. */
#define DOSAH_FCA_MAX_STEPS 16

/*
 * Catchments of facility_count facilities, CSR-like (all borrowed): the entries of facility j
 * are k = offsets[j] .. offsets[j+1]-1, each a demand point point[k] reached in time_s[k]
 * seconds. offsets has facility_count + 1 non-decreasing entries. A point may appear at most
 * once per facility; a NAN time is an entry that was not reached and is ignored.
 */
struct dosah_catchments {
    size_t facility_count;
    const size_t *offsets;
    const uint32_t *point;
    const double *time_s;
};

/* What the FCA and capacity-limited coverage read (all borrowed for the call). */
struct dosah_fca_input {
    size_t point_count;
    const double *population;  /* per point, >= 0 */
    const uint32_t *area;      /* per point: area index or DOSAH_NONE; NULL: no areas */
    size_t area_count;
    const double *capacity;    /* per facility (catchments.facility_count), >= 0; NAN: unknown */
    struct dosah_catchments catchments;
};

/* Sets everything to zero/NULL. */
void dosah_fca_input_init(struct dosah_fca_input *in);

/* The distance-decay weight W(t) of the FCA. */
enum dosah_fca_weight {
    DOSAH_FCA_CUTOFF = 0,   /* W = 1 within T: the plain 2SFCA */
    DOSAH_FCA_STEP = 1,     /* E2SFCA: step_count equal zones of T, weight step_weights[k] */
    DOSAH_FCA_GAUSSIAN = 2  /* E2SFCA with the Gaussian decay of Dai (2010), see below */
};

/*
 * Step weights: zone k (0-based) of n = step_count is (k T/n, (k+1) T/n], zone 0 also holds
 * t = 0, and a time on a zone boundary belongs to the zone nearer the facility (with the 1e-6 s
 * slack): with T = 30 min, t = 10 min has weight step_weights[0].
 * The default is n = 3 with 1, 0.68, 0.22 (Luo & Qi 2009).
 *
 * Gaussian: W(t) = (exp(-b/2 (t/T)^2) - exp(-b/2)) / (1 - exp(-b/2)) for 0 <= t <= T, with
 * b = gaussian_beta. With b = 1 (the default) this is the Gaussian of Dai (2010, Health &
 * Place 16(5)): W(0) = 1, W(T/2) = 0.7014, W(T) = 0. A larger b makes it fall faster.
 */
struct dosah_fca_options {
    double threshold_min;    /* T, minutes, > 0 (init leaves 0: the caller must set it) */
    enum dosah_fca_weight weight;
    size_t step_count;       /* 1 .. DOSAH_FCA_MAX_STEPS */
    double step_weights[DOSAH_FCA_MAX_STEPS]; /* each finite and >= 0 */
    double gaussian_beta;    /* finite, > 0 */
};

/* Sets threshold_min = 0, weight = DOSAH_FCA_CUTOFF, steps 1 / 0.68 / 0.22, beta = 1. */
void dosah_fca_options_init(struct dosah_fca_options *opt);

/*
 * W(t) for opt (which must hold valid values) at time_s seconds: 0 above the threshold or
 * for NAN, never negative. Pure; any thread.
 */
double dosah_measure_fca_weight(const struct dosah_fca_options *opt, double time_s);

/* FCA accessibility of one area or of the total. */
struct dosah_fca_area {
    double population;       /* sum of P_i over the area's points */
    double access_per_1000;  /* 1000 sum P_i A_i / sum P_i; NAN when the population is 0 */
};

/* The FCA result. */
struct dosah_fca {
    size_t facility_count;
    size_t point_count;
    size_t area_count;
    double *ratio;            /* R_j per facility; NAN for unknown capacity */
    double *demand;           /* D_j: weighted population within T, per facility */
    double *reach_population; /* sum of P_i within T (unweighted), per facility */
    double *access;           /* A_i per point, units of capacity per resident */
    struct dosah_fca_area *areas;  /* area_count rows */
    struct dosah_fca_area total;   /* over all points, also those in no area */
    size_t unknown_capacity_count; /* facilities left out for their unknown capacity */
};

/*
 * Computes 2SFCA / E2SFCA (definitions above). On success *out is a new result (free with
 * dosah_fca_destroy). Fails with DOSAH_EINVAL on bad options, a negative or NAN population,
 * a negative or infinite capacity, an area or point index out of range, a negative time,
 * decreasing offsets or a point listed twice for one facility; DOSAH_ENOMEM when memory is
 * short. Time and memory linear in points + facilities + catchment entries. Any thread,
 * its own context.
 */
enum dosah_status dosah_measure_fca(struct dosah_ctx *ctx, const struct dosah_fca_input *in,
                                    const struct dosah_fca_options *opt,
                                    struct dosah_fca **out);

/* Frees the result; returns NULL. NULL does nothing. */
struct dosah_fca *dosah_fca_destroy(struct dosah_fca *r);

/*
 * Capacity-limited coverage. Facilities are taken in the priority order; each absorbs, from
 * the points within T of it taken by increasing time (equal times: lower point index first),
 * the population that no earlier facility absorbed, until its capacity in persons
 * (capacity * persons_per_unit) is used up; the last point it takes may be absorbed in part
 * (population is divisible). Each person is absorbed at most once, so overlapping catchments
 * never count anyone twice: covered + unserved = population for every point, area and the
 * total, and the covered share is at most 1. A facility with unknown capacity (NAN), or not
 * in the order, absorbs nothing.
 */
struct dosah_capacity_options {
    double threshold_min;     /* T, minutes, > 0 (init leaves 0: the caller must set it) */
    double persons_per_unit;  /* persons one unit of capacity serves; default 1 */
    const uint32_t *order;    /* facility indices by priority, each at most once (borrowed);
                                 NULL: as listed (0, 1, 2, ...) */
    size_t order_count;
};

/* Sets threshold_min = 0, persons_per_unit = 1, order = NULL. */
void dosah_capacity_options_init(struct dosah_capacity_options *opt);

/* Capacity-limited coverage of one area or of the total, in persons. */
struct dosah_capacity_row {
    double population;
    double covered;
    double unserved;       /* population - covered */
    double covered_share;  /* covered / population; NAN when the population is 0 */
};

/* The capacity-limited coverage result. */
struct dosah_capacity_coverage {
    size_t facility_count;
    size_t point_count;
    size_t area_count;
    double *covered;         /* per point, 0 .. P_i */
    double *unserved;        /* per point, P_i - covered */
    uint32_t *main_facility; /* per point: the facility that absorbed most of it (ties: the
                                earlier in the order); DOSAH_NONE when nobody covers it */
    double *absorbed;        /* per facility, persons */
    double *spare;           /* per facility: capacity in persons - absorbed; NAN: unknown */
    struct dosah_capacity_row *areas; /* area_count rows */
    struct dosah_capacity_row total;  /* over all points */
    double capacity_persons; /* sum of the known capacities, in persons */
    size_t unknown_capacity_count;
};

/*
 * Computes capacity-limited coverage (definition above). On success *out is a new result
 * (free with dosah_capacity_coverage_destroy). Fails with DOSAH_EINVAL on the bad input that
 * dosah_measure_fca rejects, a bad persons_per_unit, or an order index out of range or
 * repeated; DOSAH_ENOMEM when memory is short. Time: sum over facilities of c log c for
 * catchments of c entries. Any thread, its own context.
 */
enum dosah_status dosah_measure_capacity_coverage(struct dosah_ctx *ctx,
                                                  const struct dosah_fca_input *in,
                                                  const struct dosah_capacity_options *opt,
                                                  struct dosah_capacity_coverage **out);

/* Frees the result; returns NULL. NULL does nothing. */
struct dosah_capacity_coverage *
dosah_capacity_coverage_destroy(struct dosah_capacity_coverage *c);

/* Priority orders. Each writes a permutation of 0 .. count-1 into the caller's order[count]. */

/* As listed: 0, 1, ..., count-1. */
void dosah_measure_order_as_listed(size_t count, uint32_t *order);

/*
 * By value[j], descending (descending != 0) or ascending; equal values by lower index; NAN
 * values last, by index. Fails with DOSAH_ENOMEM (order untouched) when memory is short.
 */
enum dosah_status dosah_measure_order_by_value(struct dosah_ctx *ctx, const double *value,
                                               size_t count, int descending, uint32_t *order);

/* By capacity descending, equal capacities by lower index, unknown (NAN) last. */
enum dosah_status dosah_measure_order_by_capacity(struct dosah_ctx *ctx, const double *capacity,
                                                  size_t count, uint32_t *order);

#ifdef __cplusplus
}
#endif
#endif
