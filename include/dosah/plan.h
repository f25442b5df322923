/* SPDX-License-Identifier: MIT */
/*
 * Planning (DESIGN.md §6, gaps and planning): where a region's network of services has gaps,
 * and where new capacity would help most. Pure computation over arrays; the exact models are
 * solved with GLPK, which is invisible to the caller.
 *
 * Input is a coverage structure, not routing: demand points i with population P_i and a share
 * f_i in [0, 1] of it already covered by existing services (1 = covered, 0 = not; a fraction
 * for a point that stands for several places), and for every candidate site c the sorted list
 * of demand points it would cover within the service's threshold. The population a point can
 * still gain is w_i = P_i (1 - f_i): covered points add nothing.
 *
 * Models (x_c: sites chosen, y_i: point newly covered, N(i): candidates that cover i):
 *  - maximal covering location (Church & ReVelle 1974), dosah_plan_max_cover:
 *      max sum_i w_i y_i  s.t.  y_i <= sum_{c in N(i)} x_c,  sum_c x_c <= k,
 *      x binary, 0 <= y <= 1 (y is integral at an optimum: y_i = min(1, sum x) pays most).
 *  - set cover for a target share, dosah_plan_set_cover: the fewest sites with
 *      sum_i w_i y_i >= target * sum_i P_i - sum_i P_i f_i, same linking rows; among the sets
 *      of that size the one covering most population (a second, max-cover solve).
 *  - capacitated location, dosah_plan_max_served: the need of point i is
 *      r_i = P_i (1 - f_i) norm / 10,000 units; z_ci >= 0 is the need of i served by site c,
 *      max sum z  s.t.  sum_c z_ci <= r_i,  sum_i z_ci <= capacity * x_c,
 *      z_ci <= min(r_i, capacity) x_c,  sum_c x_c <= k,  x_c integer in [0, units per site].
 *
 * Methods. Exact: GLPK branch and bound (glp_intopt) after the LP relaxation (glp_simplex
 * with its presolver), warm-started with the greedy solution as the first incumbent, within a
 * time limit; when the limit strikes the best solution found is returned with optimal = 0 and
 * the solver's bound. Greedy: the lazy greedy of Minoux (CELF), a max-heap of stale marginal
 * gains that are upper bounds by submodularity; ties go to the lower candidate index, which
 * makes it pick exactly what a plain greedy picks. A greedy result carries a bound too (the
 * value plus the k largest remaining marginal gains, the 1 - 1/e ratio, all that candidates
 * reach; for set cover the fewest sites whose populations alone could sum to the target);
 * when that bound already proves it optimal GLPK is not run. Auto: exact when the instance is of
 * regional size, that is at most exact_max_pairs (candidate, demand point) coverage pairs
 * among points with something left to gain and at most exact_max_candidates useful
 * candidates; greedy beyond.
 *
 * Proposals are ranked greedily whatever the method: rank 1 is the chosen site that adds most
 * alone, rank 2 the one that adds most given rank 1, and so on, so that added_population is
 * each site's marginal gain in rank order and the ranks of an exact solution mean the same as
 * those of a greedy one. Sites that would add nothing are not proposed: a result can hold
 * fewer than k proposals (sum x_c <= k, not = k).
 *
 * Gaps (dosah_plan_gaps) are the per-region flags and shortfalls of §6 from plain sums.
 */
#ifndef DOSAH_PLAN_H
#define DOSAH_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How a location model is solved. */
enum dosah_plan_method {
    DOSAH_PLAN_AUTO = 0, /* exact for regional sizes (see above), else greedy */
    DOSAH_PLAN_EXACT,    /* integer programming with GLPK */
    DOSAH_PLAN_GREEDY    /* lazy greedy */
};

/*
 * Defaults of the auto rule. A region of ~200 municipalities, all pairs, is ~46,000 pairs.
 * Measured with GLPK 5.0 on one core: up to 1,000 candidates x 3,000 points (300,000 pairs)
 * the exact model solved in seconds; 2,000 x 2,000 with k = 50 did not finish in 60 s, its LP
 * bound being no better than the whole population. The time limit caps what slips through.
 */
#define DOSAH_PLAN_EXACT_MAX_PAIRS 200000
#define DOSAH_PLAN_EXACT_MAX_CANDIDATES 1000

/* The coverage structure (all borrowed for the call). */
struct dosah_plan_input {
    size_t demand_count;
    const double *population;     /* per demand point, >= 0 */
    const double *covered;        /* per demand point, share in [0, 1] already covered by
                                     existing services; NULL: nothing is covered */
    size_t candidate_count;       /* < UINT32_MAX */
    const size_t *offsets;        /* candidate_count + 1 entries, offsets[0] = 0, not
                                     decreasing: candidate c covers demand_index[offsets[c]]
                                     .. demand_index[offsets[c + 1] - 1] */
    const uint32_t *demand_index; /* demand point indexes, strictly increasing per candidate */
};

/* Sets everything to zero/NULL. */
void dosah_plan_input_init(struct dosah_plan_input *in);

struct dosah_plan_options {
    enum dosah_plan_method method; /* default DOSAH_PLAN_AUTO */
    double time_limit_s;           /* wall-clock limit of the exact solver over the whole call,
                                      seconds, > 0; INFINITY: none; default 60 */
    size_t exact_max_pairs;        /* auto rule; default DOSAH_PLAN_EXACT_MAX_PAIRS */
    size_t exact_max_candidates;   /* auto rule; default DOSAH_PLAN_EXACT_MAX_CANDIDATES */
    uint32_t max_units_per_site;   /* dosah_plan_max_served only: units one site may take,
                                      >= 1; default 1 */
};

/* Sets the defaults above. */
void dosah_plan_options_init(struct dosah_plan_options *opt);

/* One proposed new site (or, for dosah_plan_max_served, one new unit). */
struct dosah_plan_proposal {
    uint32_t rank;            /* 1, 2, ... */
    uint32_t candidate;       /* index of the candidate site */
    double added_population;  /* population newly covered (served) by this rank, given the
                                 existing services and the ranks before it */
    double added_need;        /* dosah_plan_max_served: need newly served, capacity units
                                 (added_population = added_need * 10,000 / norm); else 0 */
    double cumulative_share;  /* (existing + added up to this rank) / total population */
};

struct dosah_plan_result {
    size_t count;                          /* proposals */
    struct dosah_plan_proposal *proposals; /* by rank */
    enum dosah_plan_method method;         /* what ran: DOSAH_PLAN_EXACT or _GREEDY */
    int optimal;             /* 1: the objective is proven optimal */
    int timed_out;           /* 1: the exact solver stopped at the time limit */
    double objective;        /* max_cover: population newly covered; set_cover: number of
                                sites; max_served: need served, units */
    double bound;            /* bound on the optimum: upper for max_cover and max_served,
                                lower for set_cover; = objective when optimal */
    double gap;              /* |bound - objective| / |bound| (0 when optimal or bound 0) */
    double total_population;    /* sum of P_i */
    double existing_population; /* sum of P_i f_i */
    double covered_population;  /* existing + added over all proposals */
    double covered_share;       /* covered_population / total_population; NAN when 0 */
};

/* Frees a result; returns NULL. NULL does nothing. */
struct dosah_plan_result *dosah_plan_result_destroy(struct dosah_plan_result *r);

/*
 * Maximal covering location: at most k sites that maximise the population newly covered.
 * opt may be NULL (defaults). On success *out is a new result (free with
 * dosah_plan_result_destroy). DOSAH_EINVAL on malformed input (message names the point or
 * candidate), DOSAH_ENOMEM, DOSAH_EINTERRUPT when the progress callback asks to stop
 * (stage "plan"). Any thread, its own context; GLPK's state is per thread.
 */
enum dosah_status dosah_plan_max_cover(struct dosah_ctx *ctx, const struct dosah_plan_input *in,
                                       size_t k, const struct dosah_plan_options *opt,
                                       struct dosah_plan_result **out);

/*
 * Set cover: the fewest sites such that existing plus newly covered population reaches
 * target_share (in [0, 1]) of the total; 0 proposals when the existing services already
 * reach it. A target is met when it is missed by at most 1e-9 of the total population, so
 * that a share computed as exactly reachable is not lost to rounding. DOSAH_EINVAL when the
 * target cannot be reached even with every candidate (the message gives the largest
 * achievable share); otherwise as dosah_plan_max_cover.
 */
enum dosah_status dosah_plan_set_cover(struct dosah_ctx *ctx, const struct dosah_plan_input *in,
                                       double target_share, const struct dosah_plan_options *opt,
                                       struct dosah_plan_result **out);

/* Capacity of new units and the norm that turns population into need. */
struct dosah_plan_capacity {
    double norm_per_10k;  /* units of need per 10,000 inhabitants, > 0 (beds, clients) */
    double unit_capacity; /* capacity of one new unit, same units, > 0 */
};

/*
 * Capacitated location: k new units, each serving need within the threshold of its site up
 * to unit_capacity, placed to maximise the need served (a site may take up to
 * opt->max_units_per_site units; each unit is one proposal). in->covered is the share of each
 * point's need already served by existing capacity. The greedy evaluates a unit's marginal
 * gain exactly, by augmenting paths on the transportation network of the units placed so far;
 * it is fast for the few units a region funds (5 units over 215 municipalities: milliseconds)
 * but slows down with many units on dense coverage (100 units over 1,000 sites and 3,000
 * points: about a minute). Errors as dosah_plan_max_cover.
 */
enum dosah_status dosah_plan_max_served(struct dosah_ctx *ctx, const struct dosah_plan_input *in,
                                        const struct dosah_plan_capacity *cap, size_t k,
                                        const struct dosah_plan_options *opt,
                                        struct dosah_plan_result **out);

/* Why a region is a gap: a bit set. */
enum dosah_plan_gap_reason {
    DOSAH_PLAN_GAP_NO_FACILITY = 1u << 0,    /* people live there and no facility lies inside */
    DOSAH_PLAN_GAP_BELOW_NORM = 1u << 1,     /* shortfall >= 1 unit */
    DOSAH_PLAN_GAP_BELOW_COVERAGE = 1u << 2  /* within_share < coverage_target */
};

/* Per-region sums for dosah_plan_gaps (all borrowed for the call). */
struct dosah_plan_gap_input {
    size_t region_count;
    const double *population;        /* per region, >= 0 */
    const double *capacity;          /* per region: capacity of the facilities inside, >= 0 */
    const uint32_t *facility_count;  /* per region: facilities inside */
    const double *within_population; /* per region: population within the threshold; NULL:
                                        no coverage criterion */
    double norm_per_10k;             /* >= 0; NAN: no norm (no shortfall, never below norm) */
    double coverage_target;          /* share in [0, 1]; NAN: no coverage criterion */
};

/* Sets everything to zero/NULL and norm_per_10k, coverage_target to NAN. */
void dosah_plan_gap_input_init(struct dosah_plan_gap_input *in);

/* The gap measures of one region. */
struct dosah_plan_gap {
    double capacity;
    double per_10k;          /* capacity per 10,000 inhabitants; NAN when population is 0 */
    double within_share;     /* NAN when population is 0 or no coverage was given */
    int has_facility;        /* facility_count > 0 */
    unsigned reasons;        /* enum dosah_plan_gap_reason bits; 0: not a gap */
    double shortfall_units;  /* whole units, >= 0 */
};

/*
 * Gaps per region. shortfall = ceil(norm * population / 10,000 - capacity), 0 when that is
 * not positive; the difference is first reduced by 1e-9 * max(1, norm * population / 10,000)
 * so that a need that is a whole number in exact arithmetic (norm 3, population 10,000,
 * capacity 3) is not rounded up by floating-point error. rows is the caller's, region_count
 * long. DOSAH_EINVAL on a negative or non-finite value (message names the region). Pure.
 */
enum dosah_status dosah_plan_gaps(struct dosah_ctx *ctx, const struct dosah_plan_gap_input *in,
                                  struct dosah_plan_gap *rows);

#ifdef __cplusplus
}
#endif
#endif
