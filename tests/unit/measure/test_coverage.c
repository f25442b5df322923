/* SPDX-License-Identifier: MIT */
/*
 * Tests of the coverage measures: population-weighted mean time, inclusive thresholds
 * (a point exactly at T counts, with the documented 1e-6 s slack), unreached population,
 * NAN shares for empty areas, the total, bad input and allocation failures. Expected
 * values are worked out by hand in the comments.
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
#include "dosah/measure.h"

/*
 * Five points, threshold 30 min, extra thresholds 15, 30, 45 min; three areas.
 *   i0: 10 min (600 s), 100 people, area 0
 *   i1: 30 min exactly (1800 s), 50 people, area 0
 *   i2: unreached, 30 people, area 0
 *   i3: 40 min (2400 s), 200 people, area 1
 *   i4: 1 min (60 s), 10 people, in no area
 * Area 2 has no point.
 */
static const double times[] = {600.0, 1800.0, NAN, 2400.0, 60.0};
static const double people[] = {100.0, 50.0, 30.0, 200.0, 10.0};
static const uint32_t areas[] = {0, 0, 0, 1, DOSAH_NONE};
static const double extra[] = {15.0, 30.0, 45.0};

static void input(struct dosah_coverage_input *in)
{
    dosah_coverage_input_init(in);
    in->point_count = 5;
    in->time_s = times;
    in->population = people;
    in->area = areas;
    in->area_count = 3;
    in->threshold_min = 30.0;
    in->thresholds_min = extra;
    in->threshold_count = 3;
}

static void test_areas_and_total(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_coverage_input in;
    struct dosah_coverage *c = NULL;
    const struct dosah_coverage_row *r;
    (void)state;
    input(&in);
    assert_int_equal(dosah_measure_coverage(ctx, &in, &c), DOSAH_OK);

    /* Area 0: 180 people, 150 reached; mean (100*10 + 50*30) / 150 = 2500 / 150 min;
     * within 30 min 150 (i1 at exactly 30 counts): share 150 / 180; at 15 min 100. */
    r = &c->areas[0];
    assert_float_equal(r->population, 180.0, 1e-9);
    assert_float_equal(r->reached_population, 150.0, 1e-9);
    assert_float_equal(r->unreached_population, 30.0, 1e-9);
    assert_float_equal(r->mean_minutes, 2500.0 / 150.0, 1e-9);
    assert_float_equal(r->within_population, 150.0, 1e-9);
    assert_float_equal(r->within_share, 150.0 / 180.0, 1e-12);
    assert_float_equal(r->within_population_at[0], 100.0, 1e-9);
    assert_float_equal(r->within_share_at[0], 100.0 / 180.0, 1e-12);
    assert_float_equal(r->within_population_at[1], 150.0, 1e-9);
    assert_float_equal(r->within_population_at[2], 150.0, 1e-9);

    /* Area 1: 200 people at 40 min: mean 40, none within 30, all within 45. */
    r = &c->areas[1];
    assert_float_equal(r->mean_minutes, 40.0, 1e-9);
    assert_float_equal(r->within_population, 0.0, 1e-9);
    assert_float_equal(r->within_share, 0.0, 1e-12);
    assert_float_equal(r->within_share_at[2], 1.0, 1e-12);

    /* Area 2: nobody: shares and mean are NAN, not 0. */
    r = &c->areas[2];
    assert_float_equal(r->population, 0.0, 1e-9);
    assert_true(isnan(r->mean_minutes));
    assert_true(isnan(r->within_share));
    assert_true(isnan(r->within_share_at[0]));
    assert_float_equal(r->unreached_population, 0.0, 1e-9);

    /* Total: 390 people, 360 reached; mean (1000 + 1500 + 8000 + 10) / 360 min;
     * within 30: 100 + 50 + 10 = 160; at 15: 110; at 45: 360. */
    r = &c->total;
    assert_float_equal(r->population, 390.0, 1e-9);
    assert_float_equal(r->unreached_population, 30.0, 1e-9);
    assert_float_equal(r->mean_minutes, 10510.0 / 360.0, 1e-9);
    assert_float_equal(r->within_population, 160.0, 1e-9);
    assert_float_equal(r->within_share, 160.0 / 390.0, 1e-12);
    assert_float_equal(r->within_population_at[0], 110.0, 1e-9);
    assert_float_equal(r->within_population_at[2], 360.0, 1e-9);
    dosah_coverage_destroy(c);
    dosah_ctx_destroy(ctx);
}

static void test_inclusive_threshold_slack(void **state)
{
    (void)state;
    assert_true(dosah_measure_within(1800.0, 30.0));
    assert_true(dosah_measure_within(1800.0 + 5e-7, 30.0));
    assert_false(dosah_measure_within(1800.0 + 2e-6, 30.0));
    assert_false(dosah_measure_within(NAN, 30.0));
    assert_false(dosah_measure_within(INFINITY, 30.0));
    assert_true(dosah_measure_within(0.0, 0.0));
}

/* Reached points that hold nobody give no mean: NAN, not 0. */
static void test_mean_without_population(void **state)
{
    static const double t[] = {120.0, NAN}, p[] = {0.0, 40.0};
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_coverage_input in;
    struct dosah_coverage *c = NULL;
    (void)state;
    dosah_coverage_input_init(&in);
    in.point_count = 2;
    in.time_s = t;
    in.population = p;
    in.threshold_min = 30.0;
    assert_int_equal(dosah_measure_coverage(ctx, &in, &c), DOSAH_OK);
    assert_int_equal(c->area_count, 0);
    assert_true(isnan(c->total.mean_minutes));
    assert_float_equal(c->total.unreached_population, 40.0, 1e-9);
    assert_float_equal(c->total.within_share, 0.0, 1e-12);
    dosah_coverage_destroy(c);
    dosah_ctx_destroy(ctx);
}

static void expect_einval(const struct dosah_coverage_input *in, const char *part)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_coverage *c = NULL;
    assert_int_equal(dosah_measure_coverage(ctx, in, &c), DOSAH_EINVAL);
    assert_null(c);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), part));
    dosah_ctx_destroy(ctx);
}

static void test_bad_input(void **state)
{
    static const double bad_people[] = {100.0, -1.0, 30.0, 200.0, 10.0};
    static const double bad_times[] = {600.0, 1800.0, NAN, -5.0, 60.0};
    static const uint32_t bad_areas[] = {0, 0, 7, 1, DOSAH_NONE};
    static const double bad_extra[] = {15.0, NAN, 45.0};
    struct dosah_coverage_input in;
    (void)state;
    input(&in);
    in.population = bad_people;
    expect_einval(&in, "demand point 1 has population -1");
    input(&in);
    in.time_s = bad_times;
    expect_einval(&in, "demand point 3 has a negative travel time");
    input(&in);
    in.area = bad_areas;
    expect_einval(&in, "demand point 2 lies in area 7");
    input(&in);
    in.threshold_min = 0.0;
    expect_einval(&in, "threshold is 0 minutes");
    input(&in);
    in.thresholds_min = bad_extra;
    expect_einval(&in, "threshold 2 is nan");
}

static void test_allocation_failures(void **state)
{
    struct dosah_coverage_input in;
    long n, failures = 0;
    (void)state;
    input(&in);
    for (n = 0;; n++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_coverage *c = NULL;
        enum dosah_status st;
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_measure_coverage(ctx, &in, &c);
        dosah_coverage_destroy(c);
        dosah_ctx_destroy(ctx);
        if (st == DOSAH_OK)
            break;
        assert_int_equal(st, DOSAH_ENOMEM);
        assert_null(c);
        failures++;
    }
    assert_int_equal(failures, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_areas_and_total),
        cmocka_unit_test(test_inclusive_threshold_slack),
        cmocka_unit_test(test_mean_without_population),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
