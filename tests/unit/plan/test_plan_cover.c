/* SPDX-License-Identifier: MIT */
/*
 * Tests of maximal covering location and set cover: the exact solver against brute-force
 * enumeration of every site set on seeded random instances and on instances with ties; the
 * greedy never above the exact optimum and equal to it where greedy is optimal (disjoint
 * coverage); the lazy greedy pick for pick equal to a plain greedy; ranks, shares, partly
 * covered points, infeasible targets, bad input, interruption and allocation failures, in
 * dosah's allocator and inside GLPK.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glpk.h>

#include "core/core_internal.h"
#include "dosah/core.h"
#include "dosah/plan.h"
#include "plan_fixture.h"

static struct fixture F;

static struct dosah_plan_options method(enum dosah_plan_method m)
{
    struct dosah_plan_options o;
    dosah_plan_options_init(&o);
    o.method = m;
    return o;
}

/* Checks what any result must satisfy: ranks, marginal gains and shares add up. */
static void check_result(const struct fixture *f, const struct dosah_plan_result *r)
{
    double total = 0.0, existing = 0.0, cum = 0.0;
    uint64_t prefix = 0;
    size_t i, k;
    for (i = 0; i < f->n; i++) {
        total += f->population[i];
        existing += f->population[i] - fix_weight(f, i);
    }
    assert_near(r->total_population, total, 1e-6);
    assert_near(r->existing_population, existing, 1e-6);
    for (k = 0; k < r->count; k++) {
        const struct dosah_plan_proposal *q = &r->proposals[k];
        double before = fix_value(f, prefix);
        assert_int_equal(q->rank, k + 1);
        prefix |= 1ull << q->candidate;
        /* The marginal gain, recomputed from scratch. */
        assert_near(q->added_population, fix_value(f, prefix) - before, 1e-6);
        assert_true(q->added_population > 0.0);
        if (k > 0) /* greedy order of a submodular function: gains do not grow */
            assert_true(q->added_population <= r->proposals[k - 1].added_population + 1e-9);
        cum += q->added_population;
        assert_near(q->cumulative_share, (existing + cum) / total, 1e-12);
    }
    assert_near(r->covered_population, existing + cum, 1e-6);
    assert_near(r->covered_share, (existing + cum) / total, 1e-12);
}

static void test_exact_matches_brute_force(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options ex = method(DOSAH_PLAN_EXACT), gr = method(DOSAH_PLAN_GREEDY);
    uint64_t seed;
    size_t k, exact_runs = 0;
    (void)state;
    for (seed = 1; seed <= 12; seed++) {
        fix_random(&F, seed, 30, 8 + seed % 5, 0.15 + 0.02 * (double)(seed % 4));
        for (k = 1; k <= 4; k++) {
            struct dosah_plan_result *e = NULL, *g = NULL;
            double best = fix_best(&F, k);
            assert_int_equal(dosah_plan_max_cover(ctx, &F.in, k, &ex, &e), DOSAH_OK);
            assert_int_equal(dosah_plan_max_cover(ctx, &F.in, k, &gr, &g), DOSAH_OK);
            assert_true(e->optimal);
            exact_runs += e->method == DOSAH_PLAN_EXACT;
            assert_near(e->objective, best, 1e-6);
            assert_near(fix_value(&F, fix_mask(e)), best, 1e-6);
            assert_true(e->count <= k);
            assert_near(e->bound, best, 1e-6);
            assert_near(e->gap, 0.0, 1e-12);
            assert_true(g->objective <= e->objective + 1e-9); /* greedy never beats exact */
            assert_true(g->bound >= best - 1e-6);             /* and its bound holds */
            check_result(&F, e);
            check_result(&F, g);
            dosah_plan_result_destroy(e);
            dosah_plan_result_destroy(g);
        }
    }
    assert_true(exact_runs >= 12); /* GLPK ran, not only the greedy's own proofs */
    dosah_ctx_destroy(ctx);
}

/*
 * Ties: candidates 0 and 3 cover the same points, 1 and 4 too, and 2 covers what 0 and 1 do
 * together. Points 0-3: 100 each; 4-5: 50 each; 6: 10.
 *   c0 {0,1}, c1 {2,3}, c2 {0,1,2,3}, c3 {0,1}, c4 {2,3}, c5 {4,5}, c6 {6}
 * k = 1: 400 (c2, unique). k = 2: 500 (c2 + c5). k = 3: 510. Several optimal sets tie at
 * 400 for "two sites among c0, c1, c3, c4", but c2 alone beats them.
 */
static void ties_fixture(struct fixture *f)
{
    static const int sets[7][7] = {{1, 1, 0, 0, 0, 0, 0}, {0, 0, 1, 1, 0, 0, 0},
                                   {1, 1, 1, 1, 0, 0, 0}, {1, 1, 0, 0, 0, 0, 0},
                                   {0, 0, 1, 1, 0, 0, 0}, {0, 0, 0, 0, 1, 1, 0},
                                   {0, 0, 0, 0, 0, 0, 1}};
    static const double pop[7] = {100, 100, 100, 100, 50, 50, 10};
    size_t c, i;
    memset(f, 0, sizeof *f);
    f->n = 7;
    f->m = 7;
    for (i = 0; i < 7; i++)
        f->population[i] = pop[i];
    for (c = 0; c < 7; c++)
        for (i = 0; i < 7; i++)
            f->cover[c][i] = (unsigned char)sets[c][i];
    fix_finish(f, 0);
}

static void test_ties(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options ex = method(DOSAH_PLAN_EXACT), gr = method(DOSAH_PLAN_GREEDY);
    static const double expect[5] = {0, 400, 500, 510, 510};
    struct dosah_plan_result *r = NULL;
    size_t k;
    (void)state;
    ties_fixture(&F);
    for (k = 1; k <= 4; k++) {
        assert_int_equal(dosah_plan_max_cover(ctx, &F.in, k, &ex, &r), DOSAH_OK);
        assert_near(r->objective, expect[k], 1e-9);
        assert_near(fix_best(&F, k), expect[k], 1e-9);
        assert_true(r->optimal);
        /* Sites beyond the three useful ones add nothing and are not proposed. */
        assert_int_equal(r->count, k < 3 ? k : 3);
        check_result(&F, r);
        r = dosah_plan_result_destroy(r);
    }
    /* Greedy with ties: c2 (400), then c5 (100), then c6 (10); lower index on equal gains. */
    assert_int_equal(dosah_plan_max_cover(ctx, &F.in, 3, &gr, &r), DOSAH_OK);
    assert_int_equal(r->proposals[0].candidate, 2);
    assert_int_equal(r->proposals[1].candidate, 5);
    assert_int_equal(r->proposals[2].candidate, 6);
    assert_true(r->optimal); /* everything coverable is covered: proven without GLPK */
    assert_int_equal(r->method, DOSAH_PLAN_GREEDY);
    dosah_plan_result_destroy(r);
    dosah_ctx_destroy(ctx);
}

/* Disjoint coverage: greedy is optimal, so greedy = exact = brute force = top-k sums. */
static void test_disjoint_greedy_optimal(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options ex = method(DOSAH_PLAN_EXACT), gr = method(DOSAH_PLAN_GREEDY);
    size_t c, i, k;
    (void)state;
    memset(&F, 0, sizeof F);
    fix_seed(99);
    F.n = 30;
    F.m = 10;
    for (i = 0; i < F.n; i++) {
        F.population[i] = (double)(1 + fix_next() % 500);
        F.cover[i % F.m][i] = 1; /* candidate c covers points c, c + 10, c + 20 */
    }
    fix_finish(&F, 0);
    for (k = 1; k <= 4; k++) {
        struct dosah_plan_result *e = NULL, *g = NULL;
        assert_int_equal(dosah_plan_max_cover(ctx, &F.in, k, &ex, &e), DOSAH_OK);
        assert_int_equal(dosah_plan_max_cover(ctx, &F.in, k, &gr, &g), DOSAH_OK);
        assert_near(g->objective, fix_best(&F, k), 1e-9);
        assert_near(e->objective, g->objective, 1e-9);
        assert_int_equal(fix_mask(e), fix_mask(g));
        for (c = 0; c < k; c++)
            assert_int_equal(e->proposals[c].candidate, g->proposals[c].candidate);
        dosah_plan_result_destroy(e);
        dosah_plan_result_destroy(g);
    }
    dosah_ctx_destroy(ctx);
}

/* The lazy greedy picks exactly what the plain greedy picks, with the same gains. */
static void test_lazy_equals_plain(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options gr = method(DOSAH_PLAN_GREEDY);
    uint32_t picks[64];
    double gains[64];
    uint64_t seed;
    size_t i, k;
    (void)state;
    for (seed = 100; seed < 120; seed++) {
        struct dosah_plan_result *r = NULL;
        size_t count;
        fix_random(&F, seed, 300, 60, 0.03 + 0.01 * (double)(seed % 5));
        if (seed % 2) /* fractional populations and covered shares too */
            for (i = 0; i < F.n; i++) {
                F.population[i] = 1000.0 * fix_uniform();
                F.covered[i] = fix_uniform() < 0.3 ? fix_uniform() : 0.0;
            }
        fix_finish(&F, seed % 2);
        count = fix_plain_greedy(&F, 25, picks, gains);
        assert_int_equal(dosah_plan_max_cover(ctx, &F.in, 25, &gr, &r), DOSAH_OK);
        assert_int_equal(r->count, count);
        for (k = 0; k < count; k++) {
            assert_int_equal(r->proposals[k].candidate, picks[k]);
            assert_true(r->proposals[k].added_population == gains[k]);
        }
        check_result(&F, r);
        dosah_plan_result_destroy(r);
    }
    dosah_ctx_destroy(ctx);
}

/*
 * Partly covered points: P = 100, 200, 300 with covered shares 0.5, 1, 0; c0 covers {0, 1},
 * c1 covers {2}. Weights 50, 0, 300. k = 1: c1 adds 300; existing 50 + 200 = 250 of 600.
 */
static void test_covered_shares(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_result *r = NULL;
    (void)state;
    memset(&F, 0, sizeof F);
    F.n = 3;
    F.m = 2;
    F.population[0] = 100, F.population[1] = 200, F.population[2] = 300;
    F.covered[0] = 0.5, F.covered[1] = 1.0, F.covered[2] = 0.0;
    F.cover[0][0] = F.cover[0][1] = F.cover[1][2] = 1;
    fix_finish(&F, 1);
    assert_int_equal(dosah_plan_max_cover(ctx, &F.in, 1, NULL, &r), DOSAH_OK);
    assert_int_equal(r->count, 1);
    assert_int_equal(r->proposals[0].candidate, 1);
    assert_near(r->proposals[0].added_population, 300.0, 1e-9);
    assert_near(r->existing_population, 250.0, 1e-9);
    assert_near(r->proposals[0].cumulative_share, 550.0 / 600.0, 1e-12);
    r = dosah_plan_result_destroy(r);
    assert_int_equal(dosah_plan_max_cover(ctx, &F.in, 2, NULL, &r), DOSAH_OK);
    assert_int_equal(r->count, 2);
    assert_near(r->covered_share, 1.0, 1e-12);
    assert_true(r->optimal);
    dosah_plan_result_destroy(r);
    dosah_ctx_destroy(ctx);
}

/* Brute force for set cover: the fewest sites reaching need, and the most they can cover. */
static size_t fix_min_sites(const struct fixture *f, double need, double *most)
{
    size_t best = SIZE_MAX;
    uint64_t s;
    *most = 0.0;
    for (s = 0; s < (1ull << f->m); s++) {
        size_t k = (size_t)fix_popcount(s);
        double v = fix_value(f, s);
        if (v < need || k > best)
            continue;
        if (k < best)
            *most = 0.0;
        best = k;
        *most = fmax(*most, v);
    }
    return best;
}

static void test_set_cover_brute_force(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options ex = method(DOSAH_PLAN_EXACT), gr = method(DOSAH_PLAN_GREEDY);
    static const double targets[] = {0.3, 0.6, 0.8, 0.9};
    uint64_t seed;
    size_t t;
    (void)state;
    for (seed = 1; seed <= 10; seed++) {
        double total = 0.0, reach;
        size_t i;
        fix_random(&F, 500 + seed, 30, 10 + seed % 3, 0.2);
        for (i = 0; i < F.n; i++)
            total += F.population[i];
        reach = fix_value(&F, (1ull << F.m) - 1) / total;
        for (t = 0; t < 4; t++) {
            struct dosah_plan_result *e = NULL, *g = NULL;
            double most, target = targets[t] * reach;
            size_t min = fix_min_sites(&F, target * total, &most);
            assert_int_equal(dosah_plan_set_cover(ctx, &F.in, target, &ex, &e), DOSAH_OK);
            assert_int_equal(dosah_plan_set_cover(ctx, &F.in, target, &gr, &g), DOSAH_OK);
            assert_true(e->optimal);
            assert_int_equal(e->count, min);
            assert_near(e->objective, (double)min, 0.0);
            /* Among the smallest sets, the one covering most. */
            assert_near(e->covered_population, most, 1e-6);
            assert_true(g->count >= min);
            assert_true(g->covered_share >= target - 1e-9);
            assert_true(g->bound <= (double)min);
            check_result(&F, e);
            check_result(&F, g);
            dosah_plan_result_destroy(e);
            dosah_plan_result_destroy(g);
        }
    }
    dosah_ctx_destroy(ctx);
}

/*
 * 3 points of 100, 100, 200; c0 covers {0}, c1 covers {1}; point 2 is out of reach and
 * point 0 is already covered: at most (100 + 100) / 400 = 0.5 is achievable.
 */
static void test_set_cover_targets(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_result *r = NULL;
    (void)state;
    memset(&F, 0, sizeof F);
    F.n = 3;
    F.m = 2;
    F.population[0] = 100, F.population[1] = 100, F.population[2] = 200;
    F.covered[0] = 1.0;
    F.cover[0][0] = F.cover[1][1] = 1;
    fix_finish(&F, 1);
    assert_int_equal(dosah_plan_set_cover(ctx, &F.in, 0.9, NULL, &r), DOSAH_EINVAL);
    assert_null(r);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "target share 0.9 cannot be reached"));
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "existing services cover 0.25"));
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "at most 0.5"));
    /* Exactly the maximum is reachable, with one site. */
    assert_int_equal(dosah_plan_set_cover(ctx, &F.in, 0.5, NULL, &r), DOSAH_OK);
    assert_int_equal(r->count, 1);
    assert_int_equal(r->proposals[0].candidate, 1);
    assert_near(r->covered_share, 0.5, 1e-12);
    r = dosah_plan_result_destroy(r);
    /* Already reached by the existing services: nothing to propose. */
    assert_int_equal(dosah_plan_set_cover(ctx, &F.in, 0.25, NULL, &r), DOSAH_OK);
    assert_int_equal(r->count, 0);
    assert_true(r->optimal);
    assert_near(r->objective, 0.0, 0.0);
    r = dosah_plan_result_destroy(r);
    assert_int_equal(dosah_plan_set_cover(ctx, &F.in, 1.5, NULL, &r), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "must lie in [0, 1]"));
    dosah_ctx_destroy(ctx);
}

static void expect_invalid(struct dosah_ctx *ctx, const char *text)
{
    struct dosah_plan_result *r = NULL;
    assert_int_equal(dosah_plan_max_cover(ctx, &F.in, 2, NULL, &r), DOSAH_EINVAL);
    assert_null(r);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), text));
}

static void test_bad_input(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options o;
    struct dosah_plan_result *r = NULL;
    (void)state;
    ties_fixture(&F);
    F.index[1] = 0; /* candidate 0 lists point 0 twice */
    expect_invalid(ctx, "candidate 0: the demand points it covers must be sorted");
    ties_fixture(&F);
    F.index[0] = 7;
    expect_invalid(ctx, "candidate 0 covers demand point 7, but there are only 7");
    ties_fixture(&F);
    F.population[3] = -1.0;
    expect_invalid(ctx, "demand point 3 has population -1");
    ties_fixture(&F);
    F.covered[2] = 1.5;
    F.in.covered = F.covered;
    expect_invalid(ctx, "demand point 2 has covered share 1.5");
    ties_fixture(&F);
    F.offsets[2] = 1; /* below offsets[1] = 2 */
    expect_invalid(ctx, "candidate 1: coverage offsets decrease");
    ties_fixture(&F);
    dosah_plan_options_init(&o);
    o.time_limit_s = 0.0;
    assert_int_equal(dosah_plan_max_cover(ctx, &F.in, 1, &o, &r), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "time limit"));
    dosah_ctx_destroy(ctx);
}

static int stop_now(double fraction, const char *stage, void *user)
{
    (void)fraction;
    (void)stage;
    (void)user;
    return 1;
}

static void test_interrupt(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options gr = method(DOSAH_PLAN_GREEDY);
    struct dosah_plan_result *r = NULL;
    (void)state;
    fix_random(&F, 7, 30, 10, 0.2);
    dosah_ctx_set_progress(ctx, stop_now, NULL);
    assert_int_equal(dosah_plan_max_cover(ctx, &F.in, 3, &gr, &r), DOSAH_EINTERRUPT);
    assert_null(r);
    assert_int_equal(dosah_plan_set_cover(ctx, &F.in, 0.5, &gr, &r), DOSAH_EINTERRUPT);
    assert_null(r);
    dosah_ctx_destroy(ctx);
}

/* Every allocation of each path fails in turn; each failure is clean (ASan checks leaks). */
static void test_alloc_failures(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    enum dosah_plan_method methods[2] = {DOSAH_PLAN_GREEDY, DOSAH_PLAN_EXACT};
    size_t m;
    (void)state;
    fix_random(&F, 3, 30, 10, 0.2);
    for (m = 0; m < 2; m++) {
        struct dosah_plan_options o = method(methods[m]);
        int which;
        for (which = 0; which < 2; which++) {
            long n;
            for (n = 0;; n++) {
                struct dosah_plan_result *r = NULL;
                enum dosah_status st;
                dosah_ctx_fail_alloc_after(ctx, n);
                st = which == 0 ? dosah_plan_max_cover(ctx, &F.in, 3, &o, &r)
                                : dosah_plan_set_cover(ctx, &F.in, 0.7, &o, &r);
                dosah_ctx_fail_alloc_after(ctx, -1);
                if (st == DOSAH_OK) {
                    assert_non_null(r);
                    dosah_plan_result_destroy(r);
                    break;
                }
                assert_int_equal(st, DOSAH_ENOMEM);
                assert_null(r);
            }
            assert_true(n > 3);
        }
    }
    dosah_ctx_destroy(ctx);
}

/*
 * GLPK's own allocation failure: with GLPK's memory limit at 1 MB the solver fails inside
 * GLPK, which would abort the process; the error hook turns it into DOSAH_ENOMEM with GLPK's
 * message, and the next solve works again (GLPK's environment was freed and is recreated).
 */
static void test_glpk_failure(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options ex = method(DOSAH_PLAN_EXACT);
    struct dosah_plan_result *r = NULL;
    (void)state;
    fix_random(&F, 11, 400, 64, 0.3);
    glp_mem_limit(1);
    assert_int_equal(dosah_plan_max_cover(ctx, &F.in, 5, &ex, &r), DOSAH_ENOMEM);
    assert_null(r);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "GLPK failed"));
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "memory allocation limit exceeded"));
    fix_random(&F, 11, 30, 10, 0.2);
    assert_int_equal(dosah_plan_max_cover(ctx, &F.in, 3, &ex, &r), DOSAH_OK);
    assert_near(r->objective, fix_best(&F, 3), 1e-6);
    dosah_plan_result_destroy(r);
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_matches_brute_force),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_disjoint_greedy_optimal),
        cmocka_unit_test(test_lazy_equals_plain),
        cmocka_unit_test(test_covered_shares),
        cmocka_unit_test(test_set_cover_brute_force),
        cmocka_unit_test(test_set_cover_targets),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_interrupt),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_glpk_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
