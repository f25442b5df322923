/* SPDX-License-Identifier: MIT */
/*
 * Tests of capacitated location: a hand-worked example where the second unit is worth
 * something only if the first one's clients are rerouted; several units at one site; and the
 * exact and greedy solvers on seeded random instances against brute force over every
 * placement of units, with the need a placement serves computed independently by the
 * max-flow min-cut theorem: F = min over site sets T of (capacity of the units outside T +
 * need of the points that T reaches).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "dosah/core.h"
#include "dosah/plan.h"
#include "plan_fixture.h"

static struct fixture F;

/*
 * Norm 5 per 10,000 (need = population / 2,000), unit capacity 10.
 *   A: 20,000 people, need 10; B: 20,000, need 10; C: 6,000, need 3.
 *   s0 covers {A, B}; s1 covers {A}; s2 covers {C}.
 * Greedy: every single unit serves 10 except s2 (3); s0 wins the tie and fills A (its first
 * point). s1 then adds 10 only by taking A over so that s0 moves to B: 10 > 3.
 * k = 2: s0, s1, 20 (= all of A and B, optimal). k = 3: + s2, 23 = all need.
 */
static void hand_fixture(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    f->n = 3;
    f->m = 3;
    f->population[0] = 20000;
    f->population[1] = 20000;
    f->population[2] = 6000;
    f->cover[0][0] = f->cover[0][1] = 1;
    f->cover[1][0] = 1;
    f->cover[2][2] = 1;
    fix_finish(f, 0);
}

static const struct dosah_plan_capacity hand_cap = {5.0, 10.0};

static void test_hand_worked(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_result *r = NULL;
    struct dosah_plan_options o;
    int m;
    (void)state;
    hand_fixture(&F);
    for (m = 0; m < 2; m++) {
        dosah_plan_options_init(&o);
        o.method = m ? DOSAH_PLAN_EXACT : DOSAH_PLAN_GREEDY;
        assert_int_equal(dosah_plan_max_served(ctx, &F.in, &hand_cap, 2, &o, &r), DOSAH_OK);
        assert_int_equal(r->count, 2);
        assert_int_equal(r->proposals[0].candidate, 0);
        assert_int_equal(r->proposals[1].candidate, 1);
        assert_near(r->proposals[0].added_need, 10.0, 1e-9);
        assert_near(r->proposals[1].added_need, 10.0, 1e-9);
        assert_near(r->proposals[1].added_population, 20000.0, 1e-6);
        assert_near(r->objective, 20.0, 1e-9);
        assert_true(r->optimal); /* 20 = 2 units x 10: the capacity bound proves it */
        assert_near(r->proposals[1].cumulative_share, 40000.0 / 46000.0, 1e-12);
        r = dosah_plan_result_destroy(r);
        assert_int_equal(dosah_plan_max_served(ctx, &F.in, &hand_cap, 3, &o, &r), DOSAH_OK);
        assert_int_equal(r->count, 3);
        assert_int_equal(r->proposals[2].candidate, 2);
        assert_near(r->objective, 23.0, 1e-9);
        assert_near(r->covered_share, 1.0, 1e-12);
        r = dosah_plan_result_destroy(r);
    }
    dosah_ctx_destroy(ctx);
}

/*
 * Half of A is already served: A needs 5. s0 alone: min(10, 5 + 10) = 10 (A 5, B 5). Then s1
 * serves A (5) so that s0 moves 5 more to B: +5, against s2's 3. Existing 10,000 people.
 */
static void test_partly_served(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_result *r = NULL;
    (void)state;
    hand_fixture(&F);
    F.covered[0] = 0.5;
    fix_finish(&F, 1);
    assert_int_equal(dosah_plan_max_served(ctx, &F.in, &hand_cap, 2, NULL, &r), DOSAH_OK);
    assert_int_equal(r->count, 2);
    assert_int_equal(r->proposals[0].candidate, 0);
    assert_near(r->proposals[0].added_need, 10.0, 1e-9);
    assert_int_equal(r->proposals[1].candidate, 1);
    assert_near(r->proposals[1].added_need, 5.0, 1e-9);
    assert_near(r->existing_population, 10000.0, 1e-9);
    assert_near(r->proposals[0].cumulative_share, 30000.0 / 46000.0, 1e-12);
    assert_near(r->proposals[1].cumulative_share, 40000.0 / 46000.0, 1e-12);
    assert_true(r->optimal);
    dosah_plan_result_destroy(r);
    dosah_ctx_destroy(ctx);
}

/* One site over A and B (need 10 each), capacity 10: two units there when allowed. */
static void test_units_per_site(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_result *r = NULL;
    struct dosah_plan_options o;
    (void)state;
    memset(&F, 0, sizeof F);
    F.n = 2;
    F.m = 1;
    F.population[0] = F.population[1] = 20000;
    F.cover[0][0] = F.cover[0][1] = 1;
    fix_finish(&F, 0);
    dosah_plan_options_init(&o);
    assert_int_equal(dosah_plan_max_served(ctx, &F.in, &hand_cap, 2, &o, &r), DOSAH_OK);
    assert_int_equal(r->count, 1);
    r = dosah_plan_result_destroy(r);
    o.max_units_per_site = 3;
    assert_int_equal(dosah_plan_max_served(ctx, &F.in, &hand_cap, 3, &o, &r), DOSAH_OK);
    assert_int_equal(r->count, 2); /* the third unit would serve nothing */
    assert_int_equal(r->proposals[0].candidate, 0);
    assert_int_equal(r->proposals[1].candidate, 0);
    assert_near(r->objective, 20.0, 1e-9);
    dosah_plan_result_destroy(r);
    dosah_ctx_destroy(ctx);
}

static double need_of(const struct fixture *f, size_t i, double norm)
{
    return fix_weight(f, i) * norm / 10000.0;
}

/* Need served by units[] (per site), by min-cut over site subsets (m <= 16). */
static double min_cut(const struct fixture *f, const unsigned *units, double norm, double cap)
{
    double best = INFINITY;
    uint64_t t;
    for (t = 0; t < (1ull << f->m); t++) {
        double cut = 0.0;
        size_t s, i;
        for (s = 0; s < f->m; s++)
            if (!((t >> s) & 1u))
                cut += cap * units[s];
        for (i = 0; i < f->n; i++)
            for (s = 0; s < f->m; s++)
                if (((t >> s) & 1u) && f->cover[s][i]) {
                    cut += need_of(f, i, norm);
                    break;
                }
        best = fmin(best, cut);
    }
    return best;
}

/* Best need served by at most k units, at most per_site at a site: every placement. */
static double brute_units(const struct fixture *f, unsigned *units, size_t s, size_t left,
                          unsigned per_site, double norm, double cap)
{
    double best;
    unsigned u;
    if (s == f->m)
        return min_cut(f, units, norm, cap);
    best = 0.0;
    for (u = 0; u <= per_site && u <= left; u++) {
        units[s] = u;
        best = fmax(best, brute_units(f, units, s + 1, left - u, per_site, norm, cap));
    }
    units[s] = 0;
    return best;
}

/* Each prefix of the ranked units serves what min-cut says; gains do not grow. */
static void check_prefixes(const struct fixture *f, const struct dosah_plan_result *r,
                           double norm, double cap)
{
    unsigned units[FIX_MAX_M] = {0};
    double cum = 0.0;
    size_t k;
    for (k = 0; k < r->count; k++) {
        units[r->proposals[k].candidate]++;
        cum += r->proposals[k].added_need;
        assert_near(cum, min_cut(f, units, norm, cap), 1e-7);
        assert_near(r->proposals[k].added_population, r->proposals[k].added_need * 10000.0 / norm,
                    1e-6);
        if (k > 0)
            assert_true(r->proposals[k].added_need <= r->proposals[k - 1].added_need + 1e-9);
    }
    assert_near(r->objective, cum, 1e-7);
}

static void test_random_against_brute_force(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_capacity cap = {3.0, 4.0};
    unsigned units[FIX_MAX_M] = {0};
    uint64_t seed;
    size_t i, k, exact_runs = 0;
    (void)state;
    for (seed = 1; seed <= 10; seed++) {
        unsigned per_site = 1 + (unsigned)(seed % 2);
        struct dosah_plan_options ex, gr;
        fix_random(&F, 900 + seed, 15, 6, 0.3);
        for (i = 0; i < F.n; i++)
            F.population[i] = 1000.0 + 19000.0 * fix_uniform(); /* need 0.3 .. 6 */
        cap.unit_capacity = 8.0 + 3.0 * (double)(seed % 4); /* rarely saturated */
        dosah_plan_options_init(&ex);
        ex.method = DOSAH_PLAN_EXACT;
        ex.max_units_per_site = per_site;
        gr = ex;
        gr.method = DOSAH_PLAN_GREEDY;
        for (k = 1; k <= 3; k++) {
            struct dosah_plan_result *e = NULL, *g = NULL;
            double best = brute_units(&F, units, 0, k, per_site, cap.norm_per_10k,
                                      cap.unit_capacity);
            assert_int_equal(dosah_plan_max_served(ctx, &F.in, &cap, k, &ex, &e), DOSAH_OK);
            assert_int_equal(dosah_plan_max_served(ctx, &F.in, &cap, k, &gr, &g), DOSAH_OK);
            assert_true(e->optimal);
            assert_near(e->objective, best, 1e-6);
            exact_runs += e->method == DOSAH_PLAN_EXACT;
            assert_true(g->objective <= e->objective + 1e-9);
            assert_true(g->bound >= best - 1e-6);
            check_prefixes(&F, e, cap.norm_per_10k, cap.unit_capacity);
            check_prefixes(&F, g, cap.norm_per_10k, cap.unit_capacity);
            dosah_plan_result_destroy(e);
            dosah_plan_result_destroy(g);
        }
    }
    assert_true(exact_runs >= 5); /* GLPK ran, not only the greedy's own proofs */
    dosah_ctx_destroy(ctx);
}

static void test_bad_capacity(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_capacity cap = {0.0, 10.0};
    struct dosah_plan_result *r = NULL;
    (void)state;
    hand_fixture(&F);
    assert_int_equal(dosah_plan_max_served(ctx, &F.in, &cap, 2, NULL, &r), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "needs a positive norm"));
    cap.norm_per_10k = 3.0;
    cap.unit_capacity = -1.0;
    assert_int_equal(dosah_plan_max_served(ctx, &F.in, &cap, 2, NULL, &r), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "capacity of a new unit is -1"));
    assert_int_equal(dosah_plan_max_served(ctx, &F.in, NULL, 2, NULL, &r), DOSAH_EINVAL);
    assert_null(r);
    dosah_ctx_destroy(ctx);
}

static void test_alloc_failures(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_capacity cap = {3.0, 4.0};
    int m;
    (void)state;
    fix_random(&F, 77, 15, 6, 0.3);
    for (m = 0; m < 2; m++) {
        struct dosah_plan_options o;
        long n;
        dosah_plan_options_init(&o);
        o.method = m ? DOSAH_PLAN_EXACT : DOSAH_PLAN_GREEDY;
        o.max_units_per_site = 2;
        for (n = 0;; n++) {
            struct dosah_plan_result *r = NULL;
            enum dosah_status st;
            dosah_ctx_fail_alloc_after(ctx, n);
            st = dosah_plan_max_served(ctx, &F.in, &cap, 3, &o, &r);
            dosah_ctx_fail_alloc_after(ctx, -1);
            if (st == DOSAH_OK) {
                dosah_plan_result_destroy(r);
                break;
            }
            assert_int_equal(st, DOSAH_ENOMEM);
            assert_null(r);
        }
        assert_true(n > 5);
    }
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_partly_served),
        cmocka_unit_test(test_units_per_site),
        cmocka_unit_test(test_random_against_brute_force),
        cmocka_unit_test(test_bad_capacity),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
