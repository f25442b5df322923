/* SPDX-License-Identifier: MIT */
/*
 * The plan module's only contact with GLPK: a mixed-integer program given as plain arrays is
 * loaded into a glp_prob and solved in two steps. glp_simplex (with its LP presolver) solves
 * the relaxation, whose value is a first bound; glp_intopt then runs branch and bound from
 * that basis with its MIP presolver off, because GLPK's heuristic hook (glp_ios_heur_sol)
 * takes values for the columns of the problem the tree works on, and the MIP presolver would
 * renumber them: the greedy solution, handed over at the first GLP_IHEUR call, is the first
 * incumbent. The callback also records the best bound of the active nodes, so that a search
 * stopped by the time limit still reports how far from optimal it may be.
 *
 * GLPK never prints (a terminal hook swallows its output and keeps the last lines for error
 * messages). Its fatal errors (out of memory) would abort the process; an error hook jumps
 * back here instead, after which the thread's GLPK environment is freed with glp_free_env as
 * GLPK requires. GLPK's state lives in thread-local storage, so threads do not interfere.
 */
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <string.h>

#include "core/core_internal.h"
#include "plan/plan_internal.h"

struct solve_state {
    struct dosah_ctx *ctx;
    glp_prob *prob;
    double *start1;     /* the starting solution, 1-based for GLPK */
    int start_given;
    int interrupted;
    int have_bound;
    double bound;
    double t0, deadline;
    char msg[512];      /* the tail of GLPK's output */
    jmp_buf jump;
};

enum dosah_status plan_mip_alloc(struct dosah_ctx *ctx, struct plan_mip *mip, size_t ncols,
                                 size_t nrows, size_t nnz)
{
    memset(mip, 0, sizeof *mip);
    if (ncols >= INT_MAX || nrows >= INT_MAX || nnz >= INT_MAX)
        return dosah_error_set(ctx, DOSAH_EINVAL, "the planning model is too large for the "
                               "exact solver (%zu columns, %zu rows, %zu nonzeros); use the "
                               "greedy method", ncols, nrows, nnz);
    mip->ncols = ncols;
    mip->nrows = nrows;
    mip->nnz = nnz;
    mip->obj = dosah_calloc(ctx, ncols + 1, sizeof *mip->obj);
    mip->col_lb = dosah_calloc(ctx, ncols + 1, sizeof *mip->col_lb);
    mip->col_ub = dosah_calloc(ctx, ncols + 1, sizeof *mip->col_ub);
    mip->col_int = dosah_calloc(ctx, ncols + 1, 1);
    mip->start = dosah_calloc(ctx, ncols + 1, sizeof *mip->start);
    mip->row_lb = dosah_calloc(ctx, nrows + 1, sizeof *mip->row_lb);
    mip->row_ub = dosah_calloc(ctx, nrows + 1, sizeof *mip->row_ub);
    mip->ia = dosah_calloc(ctx, nnz + 1, sizeof *mip->ia);
    mip->ja = dosah_calloc(ctx, nnz + 1, sizeof *mip->ja);
    mip->ar = dosah_calloc(ctx, nnz + 1, sizeof *mip->ar);
    if (!mip->obj || !mip->col_lb || !mip->col_ub || !mip->col_int || !mip->start ||
        !mip->row_lb || !mip->row_ub || !mip->ia || !mip->ja || !mip->ar) {
        plan_mip_clear(mip);
        return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

void plan_mip_clear(struct plan_mip *mip)
{
    dosah_free(mip->obj);
    dosah_free(mip->col_lb);
    dosah_free(mip->col_ub);
    dosah_free(mip->col_int);
    dosah_free(mip->start);
    dosah_free(mip->row_lb);
    dosah_free(mip->row_ub);
    dosah_free(mip->ia);
    dosah_free(mip->ja);
    dosah_free(mip->ar);
    memset(mip, 0, sizeof *mip);
}

static int on_term(void *info, const char *s)
{
    struct solve_state *st = info;
    size_t have = strlen(st->msg), add = strlen(s);
    if (have + add >= sizeof st->msg)
        have = 0; /* keep the latest lines: the error text comes last */
    if (add >= sizeof st->msg)
        add = sizeof st->msg - 1;
    memcpy(st->msg + have, s, add);
    st->msg[have + add] = '\0';
    return 1; /* 1: GLPK prints nothing */
}

/* GLPK's output as one line for a message: newlines to spaces, no trailing blanks. */
static const char *tidy(struct solve_state *st)
{
    size_t n = strlen(st->msg), i;
    for (i = 0; i < n; i++)
        if (st->msg[i] == '\n')
            st->msg[i] = ' ';
    while (n > 0 && st->msg[n - 1] == ' ')
        st->msg[--n] = '\0';
    return n > 0 ? st->msg : "no detail";
}

static void on_error(void *info)
{
    struct solve_state *st = info;
    longjmp(st->jump, 1);
}

static int bound_type(double lb, double ub)
{
    if (isinf(lb) && isinf(ub))
        return GLP_FR;
    if (isinf(ub))
        return GLP_LO;
    if (isinf(lb))
        return GLP_UP;
    return lb == ub ? GLP_FX : GLP_DB;
}

static void load(glp_prob *P, const struct plan_mip *mip)
{
    size_t r, c;
    glp_set_obj_dir(P, mip->maximize ? GLP_MAX : GLP_MIN);
    if (mip->nrows > 0) /* GLPK treats adding 0 rows or columns as a fatal error */
        glp_add_rows(P, (int)mip->nrows);
    if (mip->ncols > 0)
        glp_add_cols(P, (int)mip->ncols);
    for (r = 0; r < mip->nrows; r++)
        glp_set_row_bnds(P, (int)r + 1, bound_type(mip->row_lb[r], mip->row_ub[r]),
                         isinf(mip->row_lb[r]) ? 0.0 : mip->row_lb[r],
                         isinf(mip->row_ub[r]) ? 0.0 : mip->row_ub[r]);
    for (c = 0; c < mip->ncols; c++) {
        int j = (int)c + 1;
        glp_set_col_bnds(P, j, bound_type(mip->col_lb[c], mip->col_ub[c]),
                         isinf(mip->col_lb[c]) ? 0.0 : mip->col_lb[c],
                         isinf(mip->col_ub[c]) ? 0.0 : mip->col_ub[c]);
        glp_set_obj_coef(P, j, mip->obj[c]);
        if (mip->col_int[c])
            glp_set_col_kind(P, j, GLP_IV);
    }
    glp_load_matrix(P, (int)mip->nnz, mip->ia, mip->ja, mip->ar);
}

/* Milliseconds left before the deadline, for GLPK's tm_lim. */
static int ms_left(double deadline)
{
    double ms;
    if (isinf(deadline))
        return INT_MAX;
    ms = (deadline - plan_now_s()) * 1000.0;
    if (ms < 1.0)
        return 1;
    return ms > (double)INT_MAX ? INT_MAX : (int)ms;
}

static void on_tree(glp_tree *T, void *info)
{
    struct solve_state *st = info;
    int reason = glp_ios_reason(T);
    if (reason == GLP_IHEUR && st->start1 && !st->start_given) {
        st->start_given = 1;
        glp_ios_heur_sol(T, st->start1);
    } else if (reason == GLP_ISELECT) {
        int p = glp_ios_best_node(T);
        double b = p ? glp_ios_node_bound(T, p) : NAN;
        double span = st->deadline - st->t0;
        if (isfinite(b) && fabs(b) < 1e300) {
            st->bound = b;
            st->have_bound = 1;
        }
        if (dosah_progress(st->ctx, isfinite(span) ? (plan_now_s() - st->t0) / span : 0.0,
                           "plan") != DOSAH_OK) {
            st->interrupted = 1;
            glp_ios_terminate(T);
        }
    }
}

/* The LP relaxation; 0 when solved, 1 at the time limit, -1 on another failure. */
static int solve_relaxation(struct solve_state *st, double *lp_bound)
{
    glp_smcp sp;
    int ret;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_ERR;
    sp.presolve = GLP_ON;
    sp.tm_lim = ms_left(st->deadline);
    ret = glp_simplex(st->prob, &sp);
    if (ret == GLP_ETMLIM)
        return 1;
    if (ret != 0 || glp_get_status(st->prob) != GLP_OPT)
        return -1;
    *lp_bound = glp_get_obj_val(st->prob);
    return 0;
}

static enum dosah_status branch_and_bound(struct solve_state *st, const struct plan_mip *mip,
                                          struct plan_mip_solution *sol)
{
    glp_iocp ip;
    int ret, status;
    size_t c;
    glp_init_iocp(&ip);
    ip.msg_lev = GLP_MSG_ERR;
    ip.presolve = GLP_OFF;
    ip.cb_func = on_tree;
    ip.cb_info = st;
    ip.tm_lim = ms_left(st->deadline);
    ret = glp_intopt(st->prob, &ip);
    if (st->interrupted)
        return DOSAH_EINTERRUPT;
    status = glp_mip_status(st->prob);
    if (ret == GLP_ETMLIM)
        sol->timed_out = 1;
    else if (ret != 0)
        return dosah_error_set(st->ctx, DOSAH_EINVAL, "GLPK's branch and bound failed (code "
                               "%d): %s", ret, tidy(st));
    if (status != GLP_OPT && status != GLP_FEAS)
        return DOSAH_OK;
    sol->have_solution = 1;
    sol->optimal = ret == 0 && status == GLP_OPT;
    sol->objective = glp_mip_obj_val(st->prob);
    for (c = 0; c < mip->ncols; c++)
        sol->x[c] = glp_mip_col_val(st->prob, (int)c + 1);
    if (sol->optimal)
        sol->bound = sol->objective;
    else if (st->have_bound)
        sol->bound = mip->maximize ? fmax(st->bound, sol->objective)
                                   : fmin(st->bound, sol->objective);
    return DOSAH_OK;
}

/* Everything that calls GLPK; a GLPK fatal error longjmps to the caller's setjmp. */
static enum dosah_status run(struct solve_state *st, const struct plan_mip *mip,
                             struct plan_mip_solution *sol)
{
    double lp_bound = NAN;
    int lp;
    st->prob = glp_create_prob();
    load(st->prob, mip);
    lp = solve_relaxation(st, &lp_bound);
    if (lp == 1) {
        sol->timed_out = 1;
        return DOSAH_OK;
    }
    if (lp < 0)
        return dosah_error_set(st->ctx, DOSAH_EINVAL, "GLPK could not solve the relaxation "
                               "of the planning model: %s", tidy(st));
    sol->bound = lp_bound;
    return branch_and_bound(st, mip, sol);
}

enum dosah_status plan_mip_solve(struct dosah_ctx *ctx, const struct plan_mip *mip,
                                 double deadline_s, struct plan_mip_solution *sol)
{
    struct solve_state *st = dosah_calloc(ctx, 1, sizeof *st);
    enum dosah_status status;
    size_t c;

    sol->have_solution = sol->optimal = sol->timed_out = 0;
    sol->objective = NAN;
    sol->bound = NAN;
    if (!st)
        return DOSAH_ENOMEM;
    st->start1 = mip->start ? dosah_calloc(ctx, mip->ncols + 1, sizeof *st->start1) : NULL;
    if (mip->start && !st->start1) {
        dosah_free(st);
        return DOSAH_ENOMEM;
    }
    for (c = 0; mip->start && c < mip->ncols; c++)
        st->start1[c + 1] = mip->start[c];
    st->ctx = ctx;
    st->t0 = plan_now_s();
    st->deadline = deadline_s;
    glp_term_hook(on_term, st);
    glp_error_hook(on_error, st);
    if (setjmp(st->jump) == 0) {
        status = run(st, mip, sol);
        glp_delete_prob(st->prob);
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
    } else {
        glp_free_env(); /* frees st->prob too, and the hooks */
        sol->have_solution = sol->optimal = 0;
        status = dosah_error_set(ctx, strstr(st->msg, "memory") ? DOSAH_ENOMEM : DOSAH_EINVAL,
                                 "GLPK failed while solving the planning model: %s", tidy(st));
    }
    dosah_free(st->start1);
    dosah_free(st);
    return status;
}
