/* SPDX-License-Identifier: MIT */
/*
 * A demo-sized instance, timed and printed but never asserted on time: 215 municipalities
 * spread over 60 x 50 km (seeded), each a demand point and a candidate site, covered within
 * 30 km (about 45 minutes by road) and, for a harder case, 15 km. It asserts only what must
 * hold whatever the machine: the exact answer is never below the greedy one, and a result is
 * either proven optimal or stopped by the time limit with a bound above it; and that a short
 * time limit stops the exact solver on a larger instance.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "dosah/plan.h"
#include "plan_fixture.h"

#define DEMO_N 215

struct demo {
    double x[DEMO_N], y[DEMO_N], population[DEMO_N], covered[DEMO_N];
    size_t offsets[DEMO_N + 1];
    uint32_t index[DEMO_N * DEMO_N];
    struct dosah_plan_input in;
};

static struct demo D;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Municipalities: most of a few hundred people, a handful of towns of 10,000 - 100,000. */
static void make_demo(struct demo *d, double radius_m, int existing)
{
    size_t i, c, k = 0;
    memset(d, 0, sizeof *d);
    fix_seed(2021);
    for (i = 0; i < DEMO_N; i++) {
        d->x[i] = 60000.0 * fix_uniform();
        d->y[i] = 50000.0 * fix_uniform();
        d->population[i] = floor(150.0 * exp(3.0 * fix_uniform()));
        if (i % 40 == 0)
            d->population[i] = floor(10000.0 + 90000.0 * fix_uniform());
    }
    for (c = 0; c < DEMO_N; c++) {
        d->offsets[c] = k;
        for (i = 0; i < DEMO_N; i++)
            if (hypot(d->x[c] - d->x[i], d->y[c] - d->y[i]) <= radius_m)
                d->index[k++] = (uint32_t)i;
    }
    d->offsets[DEMO_N] = k;
    /* Existing services at the first `existing` towns: what they reach is covered. */
    for (c = 0; c < (size_t)existing * 40 && c < DEMO_N; c += 40)
        for (k = d->offsets[c]; k < d->offsets[c + 1]; k++)
            d->covered[d->index[k]] = 1.0;
    dosah_plan_input_init(&d->in);
    d->in.demand_count = DEMO_N;
    d->in.population = d->population;
    d->in.covered = d->covered;
    d->in.candidate_count = DEMO_N;
    d->in.offsets = d->offsets;
    d->in.demand_index = d->index;
}

static void run_case(struct dosah_ctx *ctx, double radius_m, int existing, size_t k)
{
    struct dosah_plan_options ex, gr;
    struct dosah_plan_result *e = NULL, *g = NULL;
    double t0, t1, t2;
    make_demo(&D, radius_m, existing);
    dosah_plan_options_init(&ex);
    ex.method = DOSAH_PLAN_EXACT;
    gr = ex;
    gr.method = DOSAH_PLAN_GREEDY;
    t0 = now_s();
    assert_int_equal(dosah_plan_max_cover(ctx, &D.in, k, &gr, &g), DOSAH_OK);
    t1 = now_s();
    assert_int_equal(dosah_plan_max_cover(ctx, &D.in, k, &ex, &e), DOSAH_OK);
    t2 = now_s();
    assert_true(e->objective >= g->objective - 1e-6);
    assert_true(e->optimal || (e->timed_out && e->bound >= e->objective - 1e-6));
    print_message("radius %5.0f m, existing %d, pairs %6zu, k %2zu: greedy %.0f in %.4f s, "
                  "exact %.0f in %.4f s (%s%s, gap %.2g)\n",
                  radius_m, existing, D.offsets[DEMO_N], k, g->objective, t1 - t0,
                  e->objective, t2 - t1, e->optimal ? "optimal" : "not proven",
                  e->method == DOSAH_PLAN_EXACT ? ", GLPK" : ", greedy proved it", e->gap);
    dosah_plan_result_destroy(e);
    dosah_plan_result_destroy(g);
}

static void test_demo_sizes(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    static const size_t ks[] = {1, 2, 3, 5, 10};
    size_t i;
    (void)state;
    for (i = 0; i < 5; i++)
        run_case(ctx, 30000.0, 0, ks[i]);
    for (i = 0; i < 5; i++)
        run_case(ctx, 15000.0, 0, ks[i]);
    for (i = 0; i < 5; i++)
        run_case(ctx, 10000.0, 2, ks[i]);
    dosah_ctx_destroy(ctx);
}

/* Set cover and capacitated location on the same instance, timed. */
static void test_demo_other_models(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_capacity cap = {3.0, 20.0};
    struct dosah_plan_result *r = NULL;
    double t0, t1;
    (void)state;
    make_demo(&D, 15000.0, 0);
    t0 = now_s();
    assert_int_equal(dosah_plan_set_cover(ctx, &D.in, 0.95, NULL, &r), DOSAH_OK);
    t1 = now_s();
    print_message("set cover 95 %% within 15 km: %zu sites (%s) in %.4f s\n", r->count,
                  r->optimal ? "optimal" : "not proven", t1 - t0);
    r = dosah_plan_result_destroy(r);
    make_demo(&D, 30000.0, 0);
    t0 = now_s();
    assert_int_equal(dosah_plan_max_served(ctx, &D.in, &cap, 5, NULL, &r), DOSAH_OK);
    t1 = now_s();
    assert_true(r->optimal || r->timed_out);
    print_message("capacitated, 5 units of 20 beds, norm 3 per 10,000, 30 km: %.1f beds of need "
                  "served (%s, %s) in %.4f s\n", r->objective,
                  r->optimal ? "optimal" : "not proven",
                  r->method == DOSAH_PLAN_EXACT ? "GLPK" : "greedy", t1 - t0);
    dosah_plan_result_destroy(r);
    dosah_ctx_destroy(ctx);
}

/*
 * The time limit: 1,000 sites x 1,000 points within 10 km, k = 10, takes GLPK seconds; with
 * 0.02 s it stops early and returns its best (at least the greedy's) with a valid bound.
 */
static struct {
    double x[1000], y[1000], population[1000];
    size_t offsets[1001];
    uint32_t index[1000 * 1000];
} big;

static void test_time_limit(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options ex, gr;
    struct dosah_plan_result *e = NULL, *g = NULL;
    struct dosah_plan_input in;
    size_t i, c, k = 0;
    double t0;
    (void)state;
    fix_seed(7);
    for (i = 0; i < 1000; i++) {
        big.x[i] = 60000.0 * fix_uniform();
        big.y[i] = 50000.0 * fix_uniform();
        big.population[i] = floor(150.0 * exp(3.0 * fix_uniform()));
    }
    for (c = 0; c < 1000; c++) {
        big.offsets[c] = k;
        for (i = 0; i < 1000; i++)
            if (hypot(big.x[c] - big.x[i], big.y[c] - big.y[i]) <= 10000.0)
                big.index[k++] = (uint32_t)i;
    }
    big.offsets[1000] = k;
    dosah_plan_input_init(&in);
    in.demand_count = in.candidate_count = 1000;
    in.population = big.population;
    in.offsets = big.offsets;
    in.demand_index = big.index;
    dosah_plan_options_init(&ex);
    ex.method = DOSAH_PLAN_EXACT;
    ex.time_limit_s = 0.02;
    gr = ex;
    gr.method = DOSAH_PLAN_GREEDY;
    assert_int_equal(dosah_plan_max_cover(ctx, &in, 10, &gr, &g), DOSAH_OK);
    t0 = now_s();
    assert_int_equal(dosah_plan_max_cover(ctx, &in, 10, &ex, &e), DOSAH_OK);
    print_message("1,000 x 1,000 within 10 km, k 10, limit 0.02 s: stopped after %.3f s, "
                  "%.0f (greedy %.0f), bound %.0f, gap %.3g\n", now_s() - t0, e->objective,
                  g->objective, e->bound, e->gap);
    assert_int_equal(e->method, DOSAH_PLAN_EXACT);
    assert_true(e->timed_out);
    assert_false(e->optimal);
    assert_true(e->objective >= g->objective - 1e-6);
    assert_true(e->bound >= e->objective);
    assert_near(e->gap, (e->bound - e->objective) / e->bound, 1e-12);
    dosah_plan_result_destroy(e);
    dosah_plan_result_destroy(g);
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_sizes),
        cmocka_unit_test(test_demo_other_models),
        cmocka_unit_test(test_time_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
