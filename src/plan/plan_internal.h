/* SPDX-License-Identifier: MIT */
/*
 * Private declarations of the plan module: the validated instance, the lazy greedy and its
 * heap, the transportation network of the capacitated model, and the thin GLPK layer that
 * solves a mixed-integer program given as plain arrays.
 */
#ifndef DOSAH_PLAN_INTERNAL_H
#define DOSAH_PLAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/plan.h"

/* The validated instance with the weights w_i = P_i (1 - f_i). */
struct plan_problem {
    const struct dosah_plan_input *in;
    size_t n;           /* demand points */
    size_t m;           /* candidates */
    double *weight;     /* w_i, n entries */
    double total;       /* sum P_i */
    double existing;    /* sum P_i f_i */
    double coverable;   /* sum of w_i over points some candidate covers */
    size_t pairs;       /* coverage pairs whose point has w_i > 0 */
    size_t useful;      /* candidates covering some point with w_i > 0 */
};

/* Validates in and fills p (p->weight is new; free with plan_problem_clear). */
enum dosah_status plan_problem_init(struct dosah_ctx *ctx, const struct dosah_plan_input *in,
                                    struct plan_problem *p);
void plan_problem_clear(struct plan_problem *p);

/* Copies options or sets the defaults; DOSAH_EINVAL on a bad option. */
enum dosah_status plan_options_get(struct dosah_ctx *ctx, const struct dosah_plan_options *opt,
                                   struct dosah_plan_options *out);

/* 1 when the options and the auto rule call for the exact solver. */
int plan_use_exact(const struct plan_problem *p, const struct dosah_plan_options *opt);

/* Seconds of a monotonic clock. */
double plan_now_s(void);

/* One greedy choice: a candidate and its marginal gain when chosen. */
struct plan_pick {
    uint32_t candidate;
    double gain;
};

/* A result with count proposals (zeroed) and the population totals of p. */
enum dosah_status plan_result_create(struct dosah_ctx *ctx, const struct plan_problem *p,
                                     size_t count, struct dosah_plan_result **out);
/* Fills the proposals from picks; added_need = gain and population = gain * to_population. */
void plan_result_fill(struct dosah_plan_result *r, const struct plan_pick *picks,
                      double to_population, int need);

/* Max-heap of (gain, candidate): larger gain first, then lower candidate. */
struct plan_heap_item {
    double gain;
    uint32_t candidate;
};
struct plan_heap {
    struct plan_heap_item *items;
    size_t count;
};
void plan_heap_push(struct plan_heap *h, double gain, uint32_t candidate);
struct plan_heap_item plan_heap_pop(struct plan_heap *h);

/*
 * Lazy greedy for coverage: picks candidates (each at most once; allowed NULL or a 0/1 mask)
 * until max_picks are chosen, the cumulative gain reaches required (INFINITY: never) or
 * nothing adds more. picks holds max_picks entries; *count is set. When covered is not NULL
 * (n entries) it receives 1 for every point the picks cover.
 */
enum dosah_status plan_greedy_cover(struct dosah_ctx *ctx, const struct plan_problem *p,
                                    const unsigned char *allowed, size_t max_picks,
                                    double required, struct plan_pick *picks, size_t *count,
                                    unsigned char *covered);

/* Upper bound on the best k-site coverage given a greedy solution (value, covered flags). */
enum dosah_status plan_greedy_bound(struct dosah_ctx *ctx, const struct plan_problem *p,
                                    size_t k, double value, const unsigned char *covered,
                                    double *bound);

/* qsort comparison of doubles, largest first. */
int plan_compare_desc(const void *a, const void *b);

/* Classic bound: OPT <= value / (1 - (1 - 1/k)^k) for a greedy value of a submodular max. */
double plan_greedy_ratio_bound(double value, size_t k);

/*
 * A mixed-integer program as plain arrays for GLPK. Columns and rows have bounds
 * (-INFINITY/INFINITY for none); the matrix is nnz triplets, 0-based here.
 */
struct plan_mip {
    int maximize;
    size_t ncols, nrows, nnz;
    double *obj, *col_lb, *col_ub;
    unsigned char *col_int;
    double *row_lb, *row_ub;
    int *ia, *ja; /* 1-based GLPK indexes, nnz + 1 entries (entry 0 unused) */
    double *ar;
    double *start; /* a feasible solution (ncols) or NULL */
};

/* Allocates the arrays of a program of that size (zeroed); free with plan_mip_clear. */
enum dosah_status plan_mip_alloc(struct dosah_ctx *ctx, struct plan_mip *mip, size_t ncols,
                                 size_t nrows, size_t nnz);
void plan_mip_clear(struct plan_mip *mip);

/* What the solver found: x has ncols values when have_solution. */
struct plan_mip_solution {
    int have_solution;
    int optimal;
    int timed_out;
    double objective;
    double bound;     /* best bound known; NAN when none */
    double *x;        /* caller's array of ncols */
};

/*
 * Solves mip with GLPK within deadline_s (plan_now_s() time; INFINITY: none): the LP
 * relaxation first, then branch and bound with mip->start as the first incumbent. GLPK
 * prints nothing; its fatal errors come back as DOSAH_ENOMEM with GLPK's message.
 */
enum dosah_status plan_mip_solve(struct dosah_ctx *ctx, const struct plan_mip *mip,
                                 double deadline_s, struct plan_mip_solution *sol);

/*
 * The transportation network of the capacitated model: units placed per site, flow of need
 * from sites to the points they cover; kept at a maximum flow.
 */
struct plan_flow;

enum dosah_status plan_flow_create(struct dosah_ctx *ctx, const struct plan_problem *p,
                                   const double *need, double unit_capacity,
                                   struct plan_flow **out);
struct plan_flow *plan_flow_destroy(struct plan_flow *f);
/* Adds a unit at site c and restores a maximum flow; *gain = the increase of the flow.
 * With trial set the network is put back as it was. */
enum dosah_status plan_flow_add_unit(struct dosah_ctx *ctx, struct plan_flow *f, uint32_t c,
                                     int trial, double *gain);
/* Flow on each coverage pair (offsets[m] entries) and units per site, borrowed. */
const double *plan_flow_pair_flow(const struct plan_flow *f);
const uint32_t *plan_flow_units(const struct plan_flow *f);

/*
 * Lazy greedy for the capacitated model: places up to max_picks units, at most limit[c] at
 * site c, while one adds more than a tolerance. Leaves f holding the chosen units.
 */
enum dosah_status plan_greedy_units(struct dosah_ctx *ctx, const struct plan_problem *p,
                                    struct plan_flow *f, const double *need,
                                    double unit_capacity, const uint32_t *limit,
                                    size_t max_picks, struct plan_pick *picks, size_t *count);

#endif
