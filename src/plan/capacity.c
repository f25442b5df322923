/* SPDX-License-Identifier: MIT */
/*
 * The capacitated model: k new units of a given capacity serve the need (population times the
 * norm) within reach of their sites. Need served by a set of units is a maximum flow, which is
 * submodular in the units, so the lazy greedy applies with exact marginal gains from the flow
 * network (flow.c). The exact model is a capacitated facility location IP: an integer x per
 * useful site (units placed), a continuous z per coverage pair (need of a point served from a
 * site), demand rows sum_c z_ci <= r_i, supply rows sum_i z_ci <= capacity x_c, and the
 * variable upper bounds z_ci <= min(r_i, capacity) x_c, which are implied for integer x but
 * tighten the LP relaxation a great deal.
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "plan/plan_internal.h"

/* Single-unit gain of site c with nothing placed: min(capacity, need in reach). */
static double first_gain(const struct plan_problem *p, const double *need, double cap, size_t c)
{
    double g = 0.0;
    size_t j;
    for (j = p->in->offsets[c]; j < p->in->offsets[c + 1]; j++)
        g += need[p->in->demand_index[j]];
    return fmin(g, cap);
}

static enum dosah_status pick_unit(struct dosah_ctx *ctx, struct plan_flow *f,
                                   struct plan_heap *h, const uint32_t *limit, uint32_t c,
                                   struct plan_pick *pick)
{
    double g;
    enum dosah_status st = plan_flow_add_unit(ctx, f, c, 0, &g);
    if (st != DOSAH_OK)
        return st;
    pick->candidate = c;
    pick->gain = g;
    if (plan_flow_units(f)[c] < limit[c])
        plan_heap_push(h, g, c); /* stale: an upper bound for the next unit there */
    return DOSAH_OK;
}

enum dosah_status plan_greedy_units(struct dosah_ctx *ctx, const struct plan_problem *p,
                                    struct plan_flow *f, const double *need,
                                    double unit_capacity, const uint32_t *limit,
                                    size_t max_picks, struct plan_pick *picks, size_t *count)
{
    struct plan_heap h = {NULL, 0};
    uint32_t *stamp = dosah_calloc(ctx, p->m ? p->m : 1, sizeof *stamp), round = 1;
    double tol = 1e-9 * fmax(1.0, unit_capacity), left = 0.0;
    enum dosah_status st = DOSAH_ENOMEM;
    size_t c;

    *count = 0;
    h.items = dosah_reallocarray(ctx, NULL, p->m ? p->m : 1, sizeof *h.items);
    if (!stamp || !h.items)
        goto fail;
    st = DOSAH_OK;
    for (c = 0; c < p->m; c++) {
        double g = limit[c] > 0 ? first_gain(p, need, unit_capacity, c) : 0.0;
        stamp[c] = round;
        if (g > tol)
            plan_heap_push(&h, g, (uint32_t)c);
    }
    for (c = 0; c < p->n; c++)
        left += need[c];
    /* Once nothing is left to serve every further trial would fail: stop there. */
    while (st == DOSAH_OK && *count < max_picks && h.count > 0 && left > tol) {
        struct plan_heap_item it = plan_heap_pop(&h);
        double g;
        if (stamp[it.candidate] == round) {
            if ((st = pick_unit(ctx, f, &h, limit, it.candidate, &picks[*count])) == DOSAH_OK) {
                stamp[it.candidate] = round++;
                left -= picks[*count].gain;
                st = dosah_progress(ctx, (double)++*count / (double)max_picks, "plan");
            }
            continue;
        }
        if ((st = plan_flow_add_unit(ctx, f, it.candidate, 1, &g)) != DOSAH_OK)
            break;
        stamp[it.candidate] = round;
        if (g > tol)
            plan_heap_push(&h, g, it.candidate);
    }
fail:
    if (st != DOSAH_OK)
        *count = 0;
    dosah_free(h.items);
    dosah_free(stamp);
    return st;
}

/* The exact model's columns: x per useful site, then z per pair with need. */
struct unit_model {
    struct plan_mip mip;
    uint32_t *x_cand;
    size_t nx, nz;
};

static void put(struct plan_mip *mip, size_t *t, size_t row, size_t col, double v)
{
    mip->ia[*t] = (int)row + 1;
    mip->ja[*t] = (int)col + 1;
    mip->ar[(*t)++] = v;
}

static void fill_unit_model(const struct plan_problem *p, const double *need, double cap,
                            uint32_t max_units, size_t k, struct unit_model *um)
{
    const struct dosah_plan_input *in = p->in;
    struct plan_mip *mip = &um->mip;
    size_t x, j, z = um->nx, t = 1, vub = p->n + um->nx, last = mip->nrows - 1;
    mip->maximize = 1;
    for (j = 0; j < mip->nrows; j++)
        mip->row_lb[j] = -INFINITY; /* every row is "<= ub"; ub 0 unless set below */
    for (j = 0; j < p->n; j++)
        mip->row_ub[j] = need[j];
    mip->row_ub[last] = (double)k;
    for (x = 0; x < um->nx; x++) {
        size_t c = um->x_cand[x], site_row = p->n + x;
        mip->col_ub[x] = max_units;
        mip->col_int[x] = 1;
        put(mip, &t, site_row, x, -cap);
        put(mip, &t, last, x, 1.0);
        for (j = in->offsets[c]; j < in->offsets[c + 1]; j++) {
            size_t i = in->demand_index[j];
            if (!(need[i] > 0.0))
                continue;
            mip->obj[z] = 1.0;
            mip->col_ub[z] = need[i];
            put(mip, &t, i, z, 1.0);
            put(mip, &t, site_row, z, 1.0);
            put(mip, &t, vub, z, 1.0);
            put(mip, &t, vub++, x, -fmin(need[i], cap));
            z++;
        }
    }
}

/* Rows: one per point (empty for points out of reach), one per site, one per pair, one. */
static enum dosah_status build_units(struct dosah_ctx *ctx, const struct plan_problem *p,
                                     const double *need, double cap, uint32_t max_units,
                                     size_t k, struct unit_model *um)
{
    const struct dosah_plan_input *in = p->in;
    enum dosah_status st;
    size_t c, j;
    um->x_cand = dosah_reallocarray(ctx, NULL, p->useful ? p->useful : 1, sizeof *um->x_cand);
    if (!um->x_cand)
        return DOSAH_ENOMEM;
    for (c = 0; c < p->m; c++) {
        size_t before = um->nz;
        for (j = in->offsets[c]; j < in->offsets[c + 1]; j++)
            if (need[in->demand_index[j]] > 0.0)
                um->nz++;
        if (um->nz > before)
            um->x_cand[um->nx++] = (uint32_t)c;
    }
    if ((st = plan_mip_alloc(ctx, &um->mip, um->nx + um->nz, p->n + um->nx + um->nz + 1,
                             4 * um->nz + 2 * um->nx)) != DOSAH_OK)
        return st;
    fill_unit_model(p, need, cap, max_units, k, um);
    return DOSAH_OK;
}

/* The greedy's units and flows as the first incumbent. */
static void start_units(const struct plan_problem *p, const double *need,
                        const struct plan_flow *f, struct unit_model *um)
{
    const struct dosah_plan_input *in = p->in;
    const double *flow = plan_flow_pair_flow(f);
    size_t x, j, z = um->nx;
    for (x = 0; x < um->nx; x++) {
        size_t c = um->x_cand[x];
        um->mip.start[x] = plan_flow_units(f)[c];
        for (j = in->offsets[c]; j < in->offsets[c + 1]; j++)
            if (need[in->demand_index[j]] > 0.0)
                um->mip.start[z++] = fmin(flow[j], need[in->demand_index[j]]);
    }
}

/* The best placement so far. */
struct units_state {
    struct plan_pick *picks;
    size_t count;
    double value; /* need served */
    double bound;
    int optimal, timed_out, exact;
};

/* Ranks the units of limit greedily on a fresh network. */
static enum dosah_status rank_units(struct dosah_ctx *ctx, const struct plan_problem *p,
                                    const double *need, double cap, const uint32_t *limit,
                                    size_t units, struct plan_pick *picks, size_t *count)
{
    struct plan_flow *f = NULL;
    enum dosah_status st = plan_flow_create(ctx, p, need, cap, &f);
    *count = 0;
    if (st == DOSAH_OK)
        st = plan_greedy_units(ctx, p, f, need, cap, limit, units, picks, count);
    plan_flow_destroy(f);
    return st;
}

/* Takes the solver's units, ranked, when they serve at least as much as the current ones. */
static enum dosah_status take_units(struct dosah_ctx *ctx, const struct plan_problem *p,
                                    const double *need, double cap, const struct unit_model *um,
                                    const double *x, size_t k, struct units_state *us)
{
    uint32_t *limit = dosah_calloc(ctx, p->m ? p->m : 1, sizeof *limit);
    struct plan_pick *ranked = dosah_reallocarray(ctx, NULL, k ? k : 1, sizeof *ranked);
    enum dosah_status st = DOSAH_ENOMEM;
    size_t j, units = 0, rc = 0;
    double v = 0.0;
    if (!limit || !ranked)
        goto fail;
    for (j = 0; j < um->nx; j++) {
        limit[um->x_cand[j]] = (uint32_t)floor(x[j] + 0.5);
        units += limit[um->x_cand[j]];
    }
    if ((st = rank_units(ctx, p, need, cap, limit, units < k ? units : k, ranked, &rc)) !=
        DOSAH_OK)
        goto fail;
    for (j = 0; j < rc; j++)
        v += ranked[j].gain;
    if (v >= us->value - 1e-9 * fmax(1.0, us->bound)) {
        memcpy(us->picks, ranked, rc * sizeof *ranked);
        us->count = rc;
        us->value = v;
    }
fail:
    dosah_free(ranked);
    dosah_free(limit);
    return st;
}

static enum dosah_status exact_units(struct dosah_ctx *ctx, const struct plan_problem *p,
                                     const double *need, double cap, uint32_t max_units,
                                     size_t k, const struct plan_flow *greedy, double deadline,
                                     struct units_state *us)
{
    struct unit_model um = {{0}, NULL, 0, 0};
    struct plan_mip_solution sol = {0, 0, 0, NAN, NAN, NULL};
    enum dosah_status st = build_units(ctx, p, need, cap, max_units, k, &um);
    if (st != DOSAH_OK)
        goto fail;
    start_units(p, need, greedy, &um);
    if (!(sol.x = dosah_calloc(ctx, um.mip.ncols, sizeof *sol.x))) {
        st = DOSAH_ENOMEM;
        goto fail;
    }
    if ((st = plan_mip_solve(ctx, &um.mip, deadline, &sol)) != DOSAH_OK)
        goto fail;
    us->exact = 1;
    us->timed_out = sol.timed_out;
    if (sol.have_solution && (st = take_units(ctx, p, need, cap, &um, sol.x, k, us)) != DOSAH_OK)
        goto fail;
    us->optimal = sol.have_solution && sol.optimal;
    if (isfinite(sol.bound))
        us->bound = fmin(us->bound, sol.bound);
fail:
    dosah_free(sol.x);
    plan_mip_clear(&um.mip);
    dosah_free(um.x_cand);
    return st;
}

static enum dosah_status check_capacity(struct dosah_ctx *ctx, const struct dosah_plan_capacity *c)
{
    if (!c || !(isfinite(c->norm_per_10k) && c->norm_per_10k > 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the norm is %g per 10,000 inhabitants; "
                               "capacitated planning needs a positive norm",
                               c ? c->norm_per_10k : NAN);
    if (!(isfinite(c->unit_capacity) && c->unit_capacity > 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the capacity of a new unit is %g; it must "
                               "be positive", c->unit_capacity);
    return DOSAH_OK;
}

static enum dosah_status finish_units(struct dosah_ctx *ctx, const struct plan_problem *p,
                                      const struct units_state *us, double norm,
                                      struct dosah_plan_result **out)
{
    struct dosah_plan_result *r = NULL;
    enum dosah_status st = plan_result_create(ctx, p, us->count, &r);
    if (st != DOSAH_OK)
        return st;
    plan_result_fill(r, us->picks, 10000.0 / norm, 1);
    r->method = us->exact ? DOSAH_PLAN_EXACT : DOSAH_PLAN_GREEDY;
    r->optimal = us->optimal;
    r->timed_out = us->timed_out;
    r->objective = us->value;
    r->bound = us->optimal ? us->value : us->bound;
    r->gap = r->bound > 0.0 ? fabs(r->bound - us->value) / r->bound : 0.0;
    *out = r;
    return DOSAH_OK;
}

/* Greedy placement, its bound, then the exact model when called for. */
static enum dosah_status place_units(struct dosah_ctx *ctx, const struct plan_problem *p,
                                     const double *need, double cap,
                                     const struct dosah_plan_options *o, size_t k, double t0,
                                     const uint32_t *limit, struct units_state *us)
{
    struct plan_flow *f = NULL;
    enum dosah_status st = plan_flow_create(ctx, p, need, cap, &f);
    size_t j;
    if (st == DOSAH_OK)
        st = plan_greedy_units(ctx, p, f, need, cap, limit, k, us->picks, &us->count);
    if (st != DOSAH_OK)
        goto fail;
    for (j = 0; j < us->count; j++)
        us->value += us->picks[j].gain;
    us->bound = fmin(us->bound, fmin((double)k * cap, plan_greedy_ratio_bound(us->value, k)));
    us->bound = fmax(us->bound, us->value);
    us->optimal = us->value >= us->bound - 1e-9 * fmax(1.0, us->bound);
    if (!us->optimal && plan_use_exact(p, o))
        st = exact_units(ctx, p, need, cap, o->max_units_per_site, k, f,
                         t0 + o->time_limit_s, us);
fail:
    plan_flow_destroy(f);
    return st;
}

enum dosah_status dosah_plan_max_served(struct dosah_ctx *ctx, const struct dosah_plan_input *in,
                                        const struct dosah_plan_capacity *cap, size_t k,
                                        const struct dosah_plan_options *opt,
                                        struct dosah_plan_result **out)
{
    struct plan_problem p = {0};
    struct dosah_plan_options o;
    struct units_state us = {NULL, 0, 0.0, INFINITY, 0, 0, 0};
    double *need = NULL, t0 = plan_now_s();
    uint32_t *limit = NULL;
    enum dosah_status st;
    size_t i, kk;

    *out = NULL;
    if ((st = check_capacity(ctx, cap)) != DOSAH_OK ||
        (st = plan_options_get(ctx, opt, &o)) != DOSAH_OK ||
        (st = plan_problem_init(ctx, in, &p)) != DOSAH_OK)
        return st;
    st = DOSAH_ENOMEM;
    kk = p.useful > 0 && o.max_units_per_site > SIZE_MAX / p.useful
             ? k
             : p.useful * (size_t)o.max_units_per_site; /* units that could serve anyone */
    kk = k < kk ? k : kk;
    need = dosah_calloc(ctx, p.n ? p.n : 1, sizeof *need);
    limit = dosah_calloc(ctx, p.m ? p.m : 1, sizeof *limit);
    us.picks = dosah_reallocarray(ctx, NULL, kk ? kk : 1, sizeof *us.picks);
    if (!need || !limit || !us.picks)
        goto fail;
    for (i = 0; i < p.n; i++)
        need[i] = p.weight[i] * cap->norm_per_10k / 10000.0;
    for (i = 0; i < p.m; i++)
        limit[i] = o.max_units_per_site;
    us.bound = p.coverable * cap->norm_per_10k / 10000.0;
    if ((st = place_units(ctx, &p, need, cap->unit_capacity, &o, kk, t0, limit, &us)) ==
        DOSAH_OK)
        st = finish_units(ctx, &p, &us, cap->norm_per_10k, out);
fail:
    dosah_free(us.picks);
    dosah_free(limit);
    dosah_free(need);
    plan_problem_clear(&p);
    return st;
}
