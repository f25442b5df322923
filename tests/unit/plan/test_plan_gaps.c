/* SPDX-License-Identifier: MIT */
/*
 * Tests of the gap measures: capacity per 10,000, share within the threshold, the reasons bit
 * set and the shortfall, worked out by hand, including needs that are whole numbers in exact
 * arithmetic (norm 3 for 10,000 people; norm 1.1 for 100,000 people, which floating point
 * computes as 11.000000000000002) and must not be rounded up; and bad input.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "dosah/plan.h"
#include "plan_fixture.h"

/*
 * Norm 3 beds per 10,000; coverage target 0.8.
 *   r0: 10,000 people, 3 beds, 1 facility, 9,000 within: need 3.0 -> shortfall 0; share 0.9.
 *   r1: 10,001 people, 3 beds, 1 facility, 10,001 within: need 3.0003 -> shortfall 1.
 *   r2: 5,000 people, no bed, no facility, 1,000 within: need 1.5 -> 2; share 0.2.
 *   r3: nobody: no reason, no shortfall, NAN per 10,000 and share.
 *   r4: 20,000 people, 10 beds in 2 facilities, 16,000 within: need 6 -> 0; 5 per 10,000;
 *       share exactly 0.8 meets the target.
 */
static const double pop[5] = {10000, 10001, 5000, 0, 20000};
static const double beds[5] = {3, 3, 0, 0, 10};
static const uint32_t facilities[5] = {1, 1, 0, 0, 2};
static const double within[5] = {9000, 10001, 1000, 0, 16000};

static void gap_input(struct dosah_plan_gap_input *in)
{
    dosah_plan_gap_input_init(in);
    in->region_count = 5;
    in->population = pop;
    in->capacity = beds;
    in->facility_count = facilities;
    in->within_population = within;
    in->norm_per_10k = 3.0;
    in->coverage_target = 0.8;
}

static void test_hand_worked(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_gap_input in;
    struct dosah_plan_gap g[5];
    (void)state;
    gap_input(&in);
    assert_int_equal(dosah_plan_gaps(ctx, &in, g), DOSAH_OK);

    assert_near(g[0].per_10k, 3.0, 1e-12);
    assert_near(g[0].within_share, 0.9, 1e-12);
    assert_near(g[0].shortfall_units, 0.0, 0.0);
    assert_true(g[0].has_facility);
    assert_int_equal(g[0].reasons, 0);

    assert_near(g[1].shortfall_units, 1.0, 0.0);
    assert_int_equal(g[1].reasons, DOSAH_PLAN_GAP_BELOW_NORM);
    assert_near(g[1].per_10k, 30000.0 / 10001.0, 1e-12);

    assert_near(g[2].shortfall_units, 2.0, 0.0);
    assert_false(g[2].has_facility);
    assert_int_equal(g[2].reasons, DOSAH_PLAN_GAP_NO_FACILITY | DOSAH_PLAN_GAP_BELOW_NORM |
                                       DOSAH_PLAN_GAP_BELOW_COVERAGE);
    assert_near(g[2].per_10k, 0.0, 0.0);

    assert_true(isnan(g[3].per_10k));
    assert_true(isnan(g[3].within_share));
    assert_int_equal(g[3].reasons, 0);
    assert_near(g[3].shortfall_units, 0.0, 0.0);

    assert_near(g[4].per_10k, 5.0, 1e-12);
    assert_near(g[4].within_share, 0.8, 0.0);
    assert_int_equal(g[4].reasons, 0);
    dosah_ctx_destroy(ctx);
}

/* 1.1 * 100,000 / 10,000 is 11.000000000000002 in doubles: 11 beds meet it, 10 miss by 1. */
static void test_whole_number_need(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    static const double p[3] = {100000, 100000, 100000};
    static const double c[3] = {11, 10, 10.5};
    static const uint32_t f[3] = {1, 1, 1};
    struct dosah_plan_gap_input in;
    struct dosah_plan_gap g[3];
    (void)state;
    assert_true(1.1 * 100000.0 / 10000.0 > 11.0); /* the trap is real */
    dosah_plan_gap_input_init(&in);
    in.region_count = 3;
    in.population = p;
    in.capacity = c;
    in.facility_count = f;
    in.norm_per_10k = 1.1;
    assert_int_equal(dosah_plan_gaps(ctx, &in, g), DOSAH_OK);
    assert_near(g[0].shortfall_units, 0.0, 0.0);
    assert_int_equal(g[0].reasons, 0);
    assert_near(g[1].shortfall_units, 1.0, 0.0);
    assert_near(g[2].shortfall_units, 1.0, 0.0); /* half a bed short is one unit */
    assert_true(isnan(g[0].within_share));       /* no coverage given */
    dosah_ctx_destroy(ctx);
}

/* Without a norm or a target only the facility criterion applies. */
static void test_no_norm(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_gap_input in;
    struct dosah_plan_gap g[5];
    (void)state;
    gap_input(&in);
    in.norm_per_10k = NAN;
    in.coverage_target = NAN;
    assert_int_equal(dosah_plan_gaps(ctx, &in, g), DOSAH_OK);
    assert_int_equal(g[1].reasons, 0);
    assert_near(g[1].shortfall_units, 0.0, 0.0);
    assert_int_equal(g[2].reasons, DOSAH_PLAN_GAP_NO_FACILITY);
    dosah_ctx_destroy(ctx);
}

static void test_bad_input(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    static const double bad_pop[5] = {10000, 10001, -5, 0, 20000};
    struct dosah_plan_gap_input in;
    struct dosah_plan_gap g[5];
    (void)state;
    gap_input(&in);
    in.population = bad_pop;
    assert_int_equal(dosah_plan_gaps(ctx, &in, g), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "region 2 has population -5"));
    gap_input(&in);
    in.norm_per_10k = -1.0;
    assert_int_equal(dosah_plan_gaps(ctx, &in, g), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "the norm is -1"));
    gap_input(&in);
    in.coverage_target = 1.5;
    assert_int_equal(dosah_plan_gaps(ctx, &in, g), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "coverage target is 1.5"));
    gap_input(&in);
    in.capacity = NULL;
    assert_int_equal(dosah_plan_gaps(ctx, &in, g), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "missing"));
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_whole_number_need),
        cmocka_unit_test(test_no_norm),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
