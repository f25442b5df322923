/* SPDX-License-Identifier: MIT */
/*
 * The instance shared by every location model of the plan module: validation of the coverage
 * structure (CSR arrays of candidate sites over demand points), the weights of points that
 * still have population to gain, the options and the auto rule that picks the exact solver
 * for regional sizes, and the result object with its ranked proposals.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "core/core_internal.h"
#include "plan/plan_internal.h"

void dosah_plan_input_init(struct dosah_plan_input *in)
{
    memset(in, 0, sizeof *in);
    in->population = NULL;
    in->covered = NULL;
    in->offsets = NULL;
    in->demand_index = NULL;
}

void dosah_plan_options_init(struct dosah_plan_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->method = DOSAH_PLAN_AUTO;
    opt->time_limit_s = 60.0;
    opt->exact_max_pairs = DOSAH_PLAN_EXACT_MAX_PAIRS;
    opt->exact_max_candidates = DOSAH_PLAN_EXACT_MAX_CANDIDATES;
    opt->max_units_per_site = 1;
}

enum dosah_status plan_options_get(struct dosah_ctx *ctx, const struct dosah_plan_options *opt,
                                   struct dosah_plan_options *out)
{
    if (!opt) {
        dosah_plan_options_init(out);
        return DOSAH_OK;
    }
    *out = *opt;
    if (opt->method != DOSAH_PLAN_AUTO && opt->method != DOSAH_PLAN_EXACT &&
        opt->method != DOSAH_PLAN_GREEDY)
        return dosah_error_set(ctx, DOSAH_EINVAL, "unknown planning method %d",
                               (int)opt->method);
    if (!(opt->time_limit_s > 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the planning time limit is %g s; it must "
                               "be positive (INFINITY for none)", opt->time_limit_s);
    if (opt->max_units_per_site < 1)
        return dosah_error_set(ctx, DOSAH_EINVAL, "max_units_per_site is 0; a site must be "
                               "allowed at least one unit");
    return DOSAH_OK;
}

int plan_use_exact(const struct plan_problem *p, const struct dosah_plan_options *opt)
{
    if (opt->method == DOSAH_PLAN_EXACT)
        return 1;
    if (opt->method == DOSAH_PLAN_GREEDY)
        return 0;
    return p->pairs <= opt->exact_max_pairs && p->useful <= opt->exact_max_candidates;
}

double plan_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static enum dosah_status check_arrays(struct dosah_ctx *ctx, const struct dosah_plan_input *in)
{
    if (in->candidate_count >= UINT32_MAX)
        return dosah_error_set(ctx, DOSAH_EINVAL, "%zu candidate sites; at most %u are "
                               "supported", in->candidate_count, UINT32_MAX - 1u);
    if (!in->offsets)
        return dosah_error_set(ctx, DOSAH_EINVAL, "the candidates' coverage offsets are "
                               "missing");
    if ((in->demand_count > 0 && !in->population) ||
        (in->offsets[in->candidate_count] > 0 && !in->demand_index))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the demand population or the candidates' "
                               "coverage lists are missing");
    if (in->offsets[0] != 0)
        return dosah_error_set(ctx, DOSAH_EINVAL, "the candidates' coverage offsets must start "
                               "at 0, not %zu", in->offsets[0]);
    return DOSAH_OK;
}

static enum dosah_status check_candidate(struct dosah_ctx *ctx, const struct dosah_plan_input *in,
                                         size_t c)
{
    size_t a = in->offsets[c], b = in->offsets[c + 1], j;
    if (b < a)
        return dosah_error_set(ctx, DOSAH_EINVAL, "candidate %zu: coverage offsets decrease "
                               "(%zu after %zu)", c, b, a);
    for (j = a; j < b; j++) {
        uint32_t i = in->demand_index[j];
        if (i >= in->demand_count)
            return dosah_error_set(ctx, DOSAH_EINVAL, "candidate %zu covers demand point %u, "
                                   "but there are only %zu", c, i, in->demand_count);
        if (j > a && i <= in->demand_index[j - 1])
            return dosah_error_set(ctx, DOSAH_EINVAL, "candidate %zu: the demand points it "
                                   "covers must be sorted without repeats (%u after %u)", c, i,
                                   in->demand_index[j - 1]);
    }
    return DOSAH_OK;
}

static enum dosah_status fill_weights(struct dosah_ctx *ctx, struct plan_problem *p)
{
    const struct dosah_plan_input *in = p->in;
    size_t i;
    for (i = 0; i < p->n; i++) {
        double pop = in->population[i], f = in->covered ? in->covered[i] : 0.0;
        if (!(isfinite(pop) && pop >= 0.0))
            return dosah_error_set(ctx, DOSAH_EINVAL, "demand point %zu has population %g; it "
                                   "must be a number of 0 or more", i, pop);
        if (!(f >= 0.0 && f <= 1.0))
            return dosah_error_set(ctx, DOSAH_EINVAL, "demand point %zu has covered share %g; "
                                   "it must lie in [0, 1]", i, f);
        p->weight[i] = pop * (1.0 - f);
        p->total += pop;
        p->existing += pop * f;
    }
    return DOSAH_OK;
}

/* Counts useful pairs and candidates and the population some candidate reaches. */
static enum dosah_status count_reach(struct dosah_ctx *ctx, struct plan_problem *p)
{
    const struct dosah_plan_input *in = p->in;
    unsigned char *reached = dosah_calloc(ctx, p->n ? p->n : 1, 1);
    size_t c, j, i;
    if (!reached)
        return DOSAH_ENOMEM;
    for (c = 0; c < p->m; c++) {
        size_t before = p->pairs;
        for (j = in->offsets[c]; j < in->offsets[c + 1]; j++)
            if (p->weight[in->demand_index[j]] > 0.0) {
                p->pairs++;
                reached[in->demand_index[j]] = 1;
            }
        if (p->pairs > before)
            p->useful++;
    }
    for (i = 0; i < p->n; i++)
        if (reached[i])
            p->coverable += p->weight[i];
    dosah_free(reached);
    return DOSAH_OK;
}

enum dosah_status plan_problem_init(struct dosah_ctx *ctx, const struct dosah_plan_input *in,
                                    struct plan_problem *p)
{
    enum dosah_status st;
    size_t c;
    memset(p, 0, sizeof *p);
    p->weight = NULL;
    p->in = in;
    p->n = in->demand_count;
    p->m = in->candidate_count;
    if ((st = check_arrays(ctx, in)) != DOSAH_OK)
        return st;
    for (c = 0; c < p->m; c++)
        if ((st = check_candidate(ctx, in, c)) != DOSAH_OK)
            return st;
    p->weight = dosah_calloc(ctx, p->n ? p->n : 1, sizeof *p->weight);
    if (!p->weight)
        return DOSAH_ENOMEM;
    if ((st = fill_weights(ctx, p)) != DOSAH_OK || (st = count_reach(ctx, p)) != DOSAH_OK) {
        plan_problem_clear(p);
        return st;
    }
    return DOSAH_OK;
}

void plan_problem_clear(struct plan_problem *p)
{
    dosah_free(p->weight);
    p->weight = NULL;
}

enum dosah_status plan_result_create(struct dosah_ctx *ctx, const struct plan_problem *p,
                                     size_t count, struct dosah_plan_result **out)
{
    struct dosah_plan_result *r = dosah_calloc(ctx, 1, sizeof *r);
    *out = NULL;
    if (!r)
        return DOSAH_ENOMEM;
    r->proposals = dosah_calloc(ctx, count ? count : 1, sizeof *r->proposals);
    if (!r->proposals) {
        dosah_free(r);
        return DOSAH_ENOMEM;
    }
    r->count = count;
    r->total_population = p->total;
    r->existing_population = p->existing;
    r->covered_population = p->existing;
    r->covered_share = p->total > 0.0 ? p->existing / p->total : NAN;
    r->bound = NAN;
    *out = r;
    return DOSAH_OK;
}

void plan_result_fill(struct dosah_plan_result *r, const struct plan_pick *picks,
                      double to_population, int need)
{
    double covered = r->existing_population;
    size_t k;
    for (k = 0; k < r->count; k++) {
        struct dosah_plan_proposal *q = &r->proposals[k];
        q->rank = (uint32_t)(k + 1);
        q->candidate = picks[k].candidate;
        q->added_need = need ? picks[k].gain : 0.0;
        q->added_population = picks[k].gain * to_population;
        covered += q->added_population;
        q->cumulative_share = r->total_population > 0.0 ? covered / r->total_population : NAN;
    }
    r->covered_population = covered;
    r->covered_share = r->total_population > 0.0 ? covered / r->total_population : NAN;
}

struct dosah_plan_result *dosah_plan_result_destroy(struct dosah_plan_result *r)
{
    if (!r)
        return NULL;
    dosah_free(r->proposals);
    dosah_free(r);
    return NULL;
}
