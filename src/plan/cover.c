/* SPDX-License-Identifier: MIT */
/*
 * The covering models: maximal covering location (at most k sites, most population newly
 * covered) and set cover for a target share (fewest sites, then most population for that
 * many). Each starts from the lazy greedy, which is the answer beyond regional sizes and the
 * first incumbent of the exact model; the exact model keeps one binary x per useful candidate
 * and one continuous y in [0, 1] per point with population left to gain that some candidate
 * reaches (y is integral at an optimum), with the linking rows y_i - sum_{c in N(i)} x_c <= 0.
 * The chosen set is then ranked by the greedy restricted to it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "plan/plan_internal.h"

/* The exact covering model and the maps between its columns and the instance. */
struct cover_model {
    struct plan_mip mip;
    uint32_t *x_cand; /* column j < nx: candidate */
    size_t *y_col;    /* per demand point: its y column, or SIZE_MAX */
    size_t nx, ny;
};

static void cover_model_clear(struct cover_model *cm)
{
    plan_mip_clear(&cm->mip);
    dosah_free(cm->x_cand);
    dosah_free(cm->y_col);
}

/* Numbers the x and y columns. */
static enum dosah_status number_columns(struct dosah_ctx *ctx, const struct plan_problem *p,
                                        struct cover_model *cm)
{
    const struct dosah_plan_input *in = p->in;
    size_t c, j, i;
    cm->x_cand = dosah_reallocarray(ctx, NULL, p->useful ? p->useful : 1, sizeof *cm->x_cand);
    cm->y_col = dosah_reallocarray(ctx, NULL, p->n ? p->n : 1, sizeof *cm->y_col);
    if (!cm->x_cand || !cm->y_col)
        return DOSAH_ENOMEM;
    for (i = 0; i < p->n; i++)
        cm->y_col[i] = SIZE_MAX;
    for (c = 0; c < p->m; c++)
        for (j = in->offsets[c]; j < in->offsets[c + 1]; j++) {
            i = in->demand_index[j];
            if (p->weight[i] > 0.0 && cm->y_col[i] == SIZE_MAX)
                cm->y_col[i] = cm->ny++;
        }
    for (c = 0; c < p->m; c++)
        for (j = in->offsets[c]; j < in->offsets[c + 1]; j++)
            if (p->weight[in->demand_index[j]] > 0.0) {
                cm->x_cand[cm->nx++] = (uint32_t)c;
                break;
            }
    for (i = 0; i < p->n; i++)
        if (cm->y_col[i] != SIZE_MAX)
            cm->y_col[i] += cm->nx;
    return DOSAH_OK;
}

/* Linking rows: y_i - sum x_c <= 0, row = y column - nx. */
static size_t fill_links(const struct plan_problem *p, struct cover_model *cm)
{
    const struct dosah_plan_input *in = p->in;
    struct plan_mip *mip = &cm->mip;
    size_t t = 1, x, j, r;
    for (r = 0; r < cm->ny; r++) {
        mip->row_lb[r] = -INFINITY;
        mip->row_ub[r] = 0.0;
        mip->ia[t] = (int)r + 1;
        mip->ja[t] = (int)(cm->nx + r) + 1;
        mip->ar[t++] = 1.0;
    }
    for (x = 0; x < cm->nx; x++) {
        size_t c = cm->x_cand[x];
        for (j = in->offsets[c]; j < in->offsets[c + 1]; j++) {
            size_t col = cm->y_col[in->demand_index[j]];
            if (col == SIZE_MAX)
                continue;
            mip->ia[t] = (int)(col - cm->nx) + 1;
            mip->ja[t] = (int)x + 1;
            mip->ar[t++] = -1.0;
        }
    }
    return t;
}

/*
 * Builds the model. maximize: max sum w y, sum x <= limit. Otherwise: min sum x,
 * sum w y >= limit. start (per candidate, 0/1) is the first incumbent.
 */
static enum dosah_status build_cover(struct dosah_ctx *ctx, const struct plan_problem *p,
                                     int maximize, double limit, const unsigned char *start,
                                     struct cover_model *cm)
{
    struct plan_mip *mip = &cm->mip;
    enum dosah_status st;
    size_t i, x, t;
    if ((st = number_columns(ctx, p, cm)) != DOSAH_OK ||
        (st = plan_mip_alloc(ctx, mip, cm->nx + cm->ny, cm->ny + 1,
                             cm->ny + p->pairs + (maximize ? cm->nx : cm->ny))) != DOSAH_OK)
        return st;
    mip->maximize = maximize;
    for (x = 0; x < cm->nx; x++) {
        mip->col_ub[x] = 1.0;
        mip->col_int[x] = 1;
        mip->obj[x] = maximize ? 0.0 : 1.0;
        mip->start[x] = start[cm->x_cand[x]] ? 1.0 : 0.0;
    }
    t = fill_links(p, cm);
    for (x = 0; x < cm->nx; x++)
        if (mip->start[x] > 0.0)
            for (i = p->in->offsets[cm->x_cand[x]]; i < p->in->offsets[cm->x_cand[x] + 1]; i++)
                if (cm->y_col[p->in->demand_index[i]] != SIZE_MAX)
                    mip->start[cm->y_col[p->in->demand_index[i]]] = 1.0;
    mip->row_lb[cm->ny] = maximize ? -INFINITY : limit;
    mip->row_ub[cm->ny] = maximize ? limit : INFINITY;
    for (i = 0; i < p->n; i++) {
        size_t col = cm->y_col[i];
        if (col == SIZE_MAX)
            continue;
        mip->col_ub[col] = 1.0;
        mip->obj[col] = maximize ? p->weight[i] : 0.0;
        if (!maximize) {
            mip->ia[t] = (int)cm->ny + 1;
            mip->ja[t] = (int)col + 1;
            mip->ar[t++] = p->weight[i];
        }
    }
    for (x = 0; maximize && x < cm->nx; x++) {
        mip->ia[t] = (int)cm->ny + 1;
        mip->ja[t] = (int)x + 1;
        mip->ar[t++] = 1.0;
    }
    return DOSAH_OK;
}

/* The best solution so far of a covering model. */
struct cover_state {
    struct plan_pick *picks; /* cap entries */
    size_t cap, count;
    double value;            /* population the picks add */
    double bound;
    int optimal, timed_out, exact;
};

static double picks_value(const struct plan_pick *picks, size_t count)
{
    double v = 0.0;
    size_t k;
    for (k = 0; k < count; k++)
        v += picks[k].gain;
    return v;
}

/* Takes the solver's set, ranked greedily, when it is at least as good as the current one. */
static enum dosah_status take_solution(struct dosah_ctx *ctx, const struct plan_problem *p,
                                       const struct cover_model *cm, const double *x,
                                       int maximize, double limit, struct cover_state *cs)
{
    unsigned char *chosen = dosah_calloc(ctx, p->m ? p->m : 1, 1);
    struct plan_pick *ranked = dosah_reallocarray(ctx, NULL, cs->cap ? cs->cap : 1,
                                                  sizeof *ranked);
    double tol = 1e-9 * fmax(1.0, p->total), v;
    enum dosah_status st = DOSAH_ENOMEM;
    size_t j, n = 0, rc = 0;
    if (!chosen || !ranked)
        goto fail;
    for (j = 0; j < cm->nx; j++)
        if (x[j] > 0.5 && n < cs->cap) {
            chosen[cm->x_cand[j]] = 1;
            n++;
        }
    if ((st = plan_greedy_cover(ctx, p, chosen, n, INFINITY, ranked, &rc, NULL)) != DOSAH_OK)
        goto fail;
    v = picks_value(ranked, rc);
    if (maximize ? v >= cs->value - tol : (rc <= cs->count && v >= limit - tol)) {
        for (j = 0; j < rc; j++)
            cs->picks[j] = ranked[j];
        cs->count = rc;
        cs->value = v;
    }
fail:
    dosah_free(ranked);
    dosah_free(chosen);
    return st;
}

/* Solves the exact model from the current picks and keeps the better of the two. */
static enum dosah_status exact_solve(struct dosah_ctx *ctx, const struct plan_problem *p,
                                     int maximize, double limit, double deadline,
                                     struct cover_state *cs)
{
    struct cover_model cm = {{0}, NULL, NULL, 0, 0};
    struct plan_mip_solution sol = {0, 0, 0, NAN, NAN, NULL};
    unsigned char *start = dosah_calloc(ctx, p->m ? p->m : 1, 1);
    enum dosah_status st = DOSAH_ENOMEM;
    size_t k;
    if (!start)
        goto fail;
    for (k = 0; k < cs->count; k++)
        start[cs->picks[k].candidate] = 1;
    if ((st = build_cover(ctx, p, maximize, limit, start, &cm)) != DOSAH_OK)
        goto fail;
    st = DOSAH_ENOMEM;
    if (!(sol.x = dosah_calloc(ctx, cm.mip.ncols, sizeof *sol.x)))
        goto fail;
    if ((st = plan_mip_solve(ctx, &cm.mip, deadline, &sol)) != DOSAH_OK)
        goto fail;
    cs->exact = 1;
    cs->timed_out |= sol.timed_out;
    if (sol.have_solution &&
        (st = take_solution(ctx, p, &cm, sol.x, maximize, limit, cs)) != DOSAH_OK)
        goto fail;
    cs->optimal = sol.have_solution && sol.optimal;
    if (isfinite(sol.bound))
        cs->bound = maximize ? fmin(cs->bound, sol.bound)
                             : fmax(cs->bound, ceil(sol.bound - 1e-6));
fail:
    dosah_free(sol.x);
    cover_model_clear(&cm);
    dosah_free(start);
    return st;
}

/* Fills the result from the state; objective is the value or, for set cover, the count. */
static enum dosah_status finish(struct dosah_ctx *ctx, const struct plan_problem *p,
                                const struct cover_state *cs, double objective,
                                struct dosah_plan_result **out)
{
    struct dosah_plan_result *r = NULL;
    enum dosah_status st = plan_result_create(ctx, p, cs->count, &r);
    if (st != DOSAH_OK)
        return st;
    plan_result_fill(r, cs->picks, 1.0, 0);
    r->method = cs->exact ? DOSAH_PLAN_EXACT : DOSAH_PLAN_GREEDY;
    r->optimal = cs->optimal;
    r->timed_out = cs->timed_out;
    r->objective = objective;
    r->bound = cs->optimal ? objective : cs->bound;
    r->gap = r->bound != 0.0 && isfinite(r->bound) ? fabs(r->bound - objective) / fabs(r->bound)
                                                   : 0.0;
    *out = r;
    return DOSAH_OK;
}

enum dosah_status dosah_plan_max_cover(struct dosah_ctx *ctx, const struct dosah_plan_input *in,
                                       size_t k, const struct dosah_plan_options *opt,
                                       struct dosah_plan_result **out)
{
    struct plan_problem p = {0};
    struct dosah_plan_options o;
    struct cover_state cs = {NULL, 0, 0, 0.0, INFINITY, 0, 0, 0};
    unsigned char *cov = NULL;
    double t0 = plan_now_s();
    enum dosah_status st;

    *out = NULL;
    if ((st = plan_options_get(ctx, opt, &o)) != DOSAH_OK ||
        (st = plan_problem_init(ctx, in, &p)) != DOSAH_OK)
        return st;
    st = DOSAH_ENOMEM;
    cs.cap = k < p.useful ? k : p.useful;
    cs.picks = dosah_reallocarray(ctx, NULL, cs.cap ? cs.cap : 1, sizeof *cs.picks);
    cov = dosah_calloc(ctx, p.n ? p.n : 1, 1);
    if (!cs.picks || !cov)
        goto fail;
    if ((st = plan_greedy_cover(ctx, &p, NULL, cs.cap, INFINITY, cs.picks, &cs.count, cov)) !=
        DOSAH_OK)
        goto fail;
    cs.value = picks_value(cs.picks, cs.count);
    if ((st = plan_greedy_bound(ctx, &p, cs.cap, cs.value, cov, &cs.bound)) != DOSAH_OK)
        goto fail;
    cs.optimal = cs.value >= cs.bound - 1e-9 * fmax(1.0, p.total);
    if (!cs.optimal && plan_use_exact(&p, &o))
        st = exact_solve(ctx, &p, 1, (double)cs.cap, t0 + o.time_limit_s, &cs);
    if (st == DOSAH_OK)
        st = finish(ctx, &p, &cs, cs.value, out);
fail:
    dosah_free(cov);
    dosah_free(cs.picks);
    plan_problem_clear(&p);
    return st;
}

/* The fewest candidates whose populations alone could sum to need: a lower bound. */
static enum dosah_status singleton_bound(struct dosah_ctx *ctx, const struct plan_problem *p,
                                         double need, double *bound)
{
    double *g = dosah_calloc(ctx, p->m ? p->m : 1, sizeof *g), sum = 0.0;
    size_t c, j;
    if (!g)
        return DOSAH_ENOMEM;
    for (c = 0; c < p->m; c++)
        for (j = p->in->offsets[c]; j < p->in->offsets[c + 1]; j++)
            g[c] += p->weight[p->in->demand_index[j]];
    qsort(g, p->m, sizeof *g, plan_compare_desc);
    for (c = 0; c < p->m && sum < need; c++)
        sum += g[c];
    dosah_free(g);
    *bound = (double)c;
    return DOSAH_OK;
}

/* Stage 2 of the exact set cover: the most population with the count found. */
static enum dosah_status most_with(struct dosah_ctx *ctx, const struct plan_problem *p,
                                   double deadline, struct cover_state *cs)
{
    struct cover_state two = *cs;
    enum dosah_status st;
    two.bound = INFINITY;
    two.picks = dosah_reallocarray(ctx, NULL, cs->count, sizeof *two.picks);
    if (!two.picks)
        return DOSAH_ENOMEM;
    two.cap = cs->count;
    memcpy(two.picks, cs->picks, cs->count * sizeof *two.picks);
    st = exact_solve(ctx, p, 1, (double)cs->count, deadline, &two);
    if (st == DOSAH_OK && two.count <= cs->count && two.value > cs->value) {
        memcpy(cs->picks, two.picks, two.count * sizeof *two.picks);
        cs->count = two.count;
        cs->value = two.value;
    }
    cs->timed_out |= two.timed_out;
    cs->exact |= two.exact;
    dosah_free(two.picks);
    return st;
}

static enum dosah_status check_target(struct dosah_ctx *ctx, const struct plan_problem *p,
                                      double target, double need)
{
    if (!(target >= 0.0 && target <= 1.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the target share is %g; it must lie in "
                               "[0, 1]", target);
    if (need > p->coverable)
        return dosah_error_set(ctx, DOSAH_EINVAL, "the target share %.4g cannot be reached: "
                               "existing services cover %.4g of the population and all %zu "
                               "candidate sites together at most %.4g; lower the target or "
                               "add candidates", target,
                               p->total > 0.0 ? p->existing / p->total : 0.0, p->m,
                               p->total > 0.0 ? (p->existing + p->coverable) / p->total : 0.0);
    return DOSAH_OK;
}

enum dosah_status dosah_plan_set_cover(struct dosah_ctx *ctx, const struct dosah_plan_input *in,
                                       double target_share, const struct dosah_plan_options *opt,
                                       struct dosah_plan_result **out)
{
    struct plan_problem p = {0};
    struct dosah_plan_options o;
    struct cover_state cs = {NULL, 0, 0, 0.0, 0.0, 0, 0, 0};
    double t0 = plan_now_s(), need;
    enum dosah_status st;

    *out = NULL;
    if ((st = plan_options_get(ctx, opt, &o)) != DOSAH_OK ||
        (st = plan_problem_init(ctx, in, &p)) != DOSAH_OK)
        return st;
    need = target_share * p.total - p.existing - 1e-9 * p.total;
    if ((st = check_target(ctx, &p, target_share, need)) != DOSAH_OK)
        goto fail;
    st = DOSAH_ENOMEM;
    cs.cap = p.useful;
    if (!(cs.picks = dosah_reallocarray(ctx, NULL, cs.cap ? cs.cap : 1, sizeof *cs.picks)))
        goto fail;
    if (need > 0.0 &&
        ((st = plan_greedy_cover(ctx, &p, NULL, cs.cap, need, cs.picks, &cs.count, NULL)) !=
             DOSAH_OK ||
         (st = singleton_bound(ctx, &p, need, &cs.bound)) != DOSAH_OK))
        goto fail;
    st = DOSAH_OK;
    cs.value = picks_value(cs.picks, cs.count);
    cs.optimal = (double)cs.count <= cs.bound;
    if (!cs.optimal && plan_use_exact(&p, &o))
        st = exact_solve(ctx, &p, 0, need, t0 + o.time_limit_s, &cs);
    if (st == DOSAH_OK && plan_use_exact(&p, &o) && cs.count > 0)
        st = most_with(ctx, &p, t0 + o.time_limit_s, &cs);
    if (st == DOSAH_OK)
        st = finish(ctx, &p, &cs, (double)cs.count, out);
fail:
    dosah_free(cs.picks);
    plan_problem_clear(&p);
    return st;
}
