/* SPDX-License-Identifier: MIT */
/*
 * Tests of 2SFCA and E2SFCA: a hand-worked example of 3 facilities and 5 demand points in
 * exact fractions for the plain cutoff and for step weights, zone boundaries of the steps,
 * the Gaussian weight at 0, T/2 and T, the inclusive threshold, facilities that reach nobody
 * or have unknown capacity, conservation of supply on seeded random instances (checked
 * against a dense computation written independently in the test), bad input and allocation
 * failures.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "dosah/core.h"
#include "dosah/fca.h"

/*
 * The hand example. T = 30 min. Populations P = 100, 200, 300, 400, 500 (points i0..i4);
 * capacities S = 6, 14, 9. Catchments (minutes):
 *   F0: i0 5, i1 20, i2 30 (exactly T: counts)
 *   F1: i2 10, i3 25
 *   F2: i3 29, i4 15, i0 31 (beyond T: ignored)
 * Areas: i0, i1 in area 0; i2, i3 in area 1; i4 in none.
 *
 * 2SFCA (W = 1):
 *   D0 = 100 + 200 + 300 = 600, R0 = 6/600 = 1/100
 *   D1 = 300 + 400 = 700,       R1 = 14/700 = 1/50
 *   D2 = 400 + 500 = 900,       R2 = 9/900 = 1/100 (i0 at 31 min is out)
 *   A0 = R0 = 1/100, A1 = R0 = 1/100, A2 = R0 + R1 = 3/100, A3 = R1 + R2 = 3/100,
 *   A4 = R2 = 1/100.
 *   sum P_i A_i = 1 + 2 + 9 + 12 + 5 = 29 = 6 + 14 + 9.
 *   Area 0: 1000 (1 + 2) / 300 = 10 per 1,000; area 1: 1000 (9 + 12) / 700 = 30;
 *   total: 1000 * 29 / 1500 = 58/3.
 */
static const double pop5[] = {100.0, 200.0, 300.0, 400.0, 500.0};
static const double cap3[] = {6.0, 14.0, 9.0};
static const size_t off3[] = {0, 3, 5, 8};
static const uint32_t pt3[] = {0, 1, 2, 2, 3, 3, 4, 0};
static const double time3[] = {300.0, 1200.0, 1800.0, 600.0, 1500.0, 1740.0, 900.0, 1860.0};
static const uint32_t area5[] = {0, 0, 1, 1, DOSAH_NONE};

static void hand_input(struct dosah_fca_input *in)
{
    dosah_fca_input_init(in);
    in->point_count = 5;
    in->population = pop5;
    in->area = area5;
    in->area_count = 2;
    in->capacity = cap3;
    in->catchments.facility_count = 3;
    in->catchments.offsets = off3;
    in->catchments.point = pt3;
    in->catchments.time_s = time3;
}

static void options(struct dosah_fca_options *opt, enum dosah_fca_weight w)
{
    dosah_fca_options_init(opt);
    opt->threshold_min = 30.0;
    opt->weight = w;
}

static double weighted_sum(const struct dosah_fca *r, const double *pop)
{
    double s = 0.0;
    size_t i;
    for (i = 0; i < r->point_count; i++)
        s += pop[i] * r->access[i];
    return s;
}

static void test_2sfca_hand(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca_input in;
    struct dosah_fca_options opt;
    struct dosah_fca *r = NULL;
    (void)state;
    hand_input(&in);
    options(&opt, DOSAH_FCA_CUTOFF);
    assert_int_equal(dosah_measure_fca(ctx, &in, &opt, &r), DOSAH_OK);
    assert_float_equal(r->demand[0], 600.0, 1e-9);
    assert_float_equal(r->demand[1], 700.0, 1e-9);
    assert_float_equal(r->demand[2], 900.0, 1e-9);
    assert_float_equal(r->reach_population[2], 900.0, 1e-9);
    assert_float_equal(r->ratio[0], 1.0 / 100.0, 1e-15);
    assert_float_equal(r->ratio[1], 1.0 / 50.0, 1e-15);
    assert_float_equal(r->ratio[2], 1.0 / 100.0, 1e-15);
    assert_float_equal(r->access[0], 1.0 / 100.0, 1e-15);
    assert_float_equal(r->access[1], 1.0 / 100.0, 1e-15);
    assert_float_equal(r->access[2], 3.0 / 100.0, 1e-15);
    assert_float_equal(r->access[3], 3.0 / 100.0, 1e-15);
    assert_float_equal(r->access[4], 1.0 / 100.0, 1e-15);
    assert_float_equal(weighted_sum(r, pop5), 29.0, 1e-9);
    assert_float_equal(r->areas[0].population, 300.0, 1e-9);
    assert_float_equal(r->areas[0].access_per_1000, 10.0, 1e-9);
    assert_float_equal(r->areas[1].access_per_1000, 30.0, 1e-9);
    assert_float_equal(r->total.population, 1500.0, 1e-9);
    assert_float_equal(r->total.access_per_1000, 58.0 / 3.0, 1e-9);
    assert_int_equal(r->unknown_capacity_count, 0);
    dosah_fca_destroy(r);
    dosah_ctx_destroy(ctx);
}

/*
 * E2SFCA with the default steps 1 / 0.68 / 0.22 over (0, 10], (10, 20], (20, 30] minutes;
 * a boundary time belongs to the nearer zone (F0-i1 at 20 min: 0.68; F1-i2 at 10 min: 1).
 *   F0: i0 5 -> 1, i1 20 -> 0.68, i2 30 -> 0.22:  D0 = 100 + 136 + 66 = 302, R0 = 6/302
 *   F1: i2 10 -> 1, i3 25 -> 0.22:               D1 = 300 + 88 = 388,       R1 = 14/388
 *   F2: i3 29 -> 0.22, i4 15 -> 0.68:            D2 = 88 + 340 = 428,       R2 = 9/428
 *   A0 = 6/302, A1 = 0.68 * 6/302, A2 = 0.22 * 6/302 + 14/388,
 *   A3 = 0.22 * 14/388 + 0.22 * 9/428, A4 = 0.68 * 9/428.
 *   sum P_i A_i = (600 + 816 + 396)/302 + (4200 + 1232)/388 + (792 + 3060)/428
 *               = 1812/302 + 5432/388 + 3852/428 = 6 + 14 + 9 = 29.
 *   Area 0: 1000 (600 + 816)/302 / 300.
 */
static void test_e2sfca_steps_hand(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca_input in;
    struct dosah_fca_options opt;
    struct dosah_fca *r = NULL;
    (void)state;
    hand_input(&in);
    options(&opt, DOSAH_FCA_STEP);
    assert_int_equal(dosah_measure_fca(ctx, &in, &opt, &r), DOSAH_OK);
    assert_float_equal(r->demand[0], 302.0, 1e-9);
    assert_float_equal(r->demand[1], 388.0, 1e-9);
    assert_float_equal(r->demand[2], 428.0, 1e-9);
    assert_float_equal(r->reach_population[0], 600.0, 1e-9);
    assert_float_equal(r->ratio[0], 6.0 / 302.0, 1e-15);
    assert_float_equal(r->ratio[1], 14.0 / 388.0, 1e-15);
    assert_float_equal(r->ratio[2], 9.0 / 428.0, 1e-15);
    assert_float_equal(r->access[0], 6.0 / 302.0, 1e-15);
    assert_float_equal(r->access[1], 0.68 * 6.0 / 302.0, 1e-15);
    assert_float_equal(r->access[2], 0.22 * 6.0 / 302.0 + 14.0 / 388.0, 1e-15);
    assert_float_equal(r->access[3], 0.22 * 14.0 / 388.0 + 0.22 * 9.0 / 428.0, 1e-15);
    assert_float_equal(r->access[4], 0.68 * 9.0 / 428.0, 1e-15);
    assert_float_equal(weighted_sum(r, pop5), 29.0, 1e-9);
    assert_float_equal(r->areas[0].access_per_1000, 1000.0 * (1416.0 / 302.0) / 300.0, 1e-9);
    assert_float_equal(r->total.access_per_1000, 1000.0 * 29.0 / 1500.0, 1e-9);
    dosah_fca_destroy(r);
    dosah_ctx_destroy(ctx);
}

/* Zones of T = 30 min: (0,10], (10,20], (20,30]; times at and just past each boundary. */
static void test_step_zone_boundaries(void **state)
{
    struct dosah_fca_options opt;
    (void)state;
    options(&opt, DOSAH_FCA_STEP);
    assert_float_equal(dosah_measure_fca_weight(&opt, 0.0), 1.0, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 600.0), 1.0, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 600.001), 0.68, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1200.0), 0.68, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1200.001), 0.22, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1800.0), 0.22, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1800.0 + 5e-7), 0.22, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1800.0 + 2e-6), 0.0, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, NAN), 0.0, 0.0);

    /* Two custom zones of T = 20 min: (0, 10] -> 0.9, (10, 20] -> 0.3. */
    opt.threshold_min = 20.0;
    opt.step_count = 2;
    opt.step_weights[0] = 0.9;
    opt.step_weights[1] = 0.3;
    assert_float_equal(dosah_measure_fca_weight(&opt, 600.0), 0.9, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 601.0), 0.3, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1200.0), 0.3, 0.0);

    options(&opt, DOSAH_FCA_CUTOFF);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1799.0), 1.0, 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1801.0), 0.0, 0.0);
}

/*
 * Gaussian, b = 1: W(t) = (exp(-(t/T)^2 / 2) - e^-1/2) / (1 - e^-1/2).
 *   W(0) = 1; W(T) = 0;
 *   W(T/2) = (e^-1/8 - e^-1/2) / (1 - e^-1/2) = (0.8824969 - 0.6065307) / 0.3934693 = 0.70137.
 * b = 4: W(T/2) = (e^-1/2 - e^-2) / (1 - e^-2) = (0.6065307 - 0.1353353) / 0.8646647 = 0.54495.
 */
static void test_gaussian_weights(void **state)
{
    struct dosah_fca_options opt;
    (void)state;
    options(&opt, DOSAH_FCA_GAUSSIAN);
    assert_float_equal(dosah_measure_fca_weight(&opt, 0.0), 1.0, 1e-15);
    assert_float_equal(dosah_measure_fca_weight(&opt, 900.0), 0.70137, 1e-5);
    assert_float_equal(dosah_measure_fca_weight(&opt, 900.0),
                       (exp(-0.125) - exp(-0.5)) / (1.0 - exp(-0.5)), 1e-15);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1800.0), 0.0, 1e-15);
    assert_true(dosah_measure_fca_weight(&opt, 1800.0 + 5e-7) >= 0.0);
    assert_float_equal(dosah_measure_fca_weight(&opt, 1900.0), 0.0, 0.0);
    opt.gaussian_beta = 4.0;
    assert_float_equal(dosah_measure_fca_weight(&opt, 900.0), 0.54495, 1e-5);
    assert_float_equal(dosah_measure_fca_weight(&opt, 0.0), 1.0, 1e-15);
}

/*
 * Five facilities over three points (P = 10, 0, 30), T = 30 min:
 *   F0 capacity 5, empty catchment -> R0 = 0
 *   F1 capacity 5, reaches only i1 (nobody lives there) -> D1 = 0, R1 = 0
 *   F2 capacity 5, reaches i0 only at 40 min -> R2 = 0
 *   F3 capacity unknown, reaches i0 at 5 min -> R3 = NAN, adds nothing
 *   F4 capacity 3, reaches i0 at 30 min exactly (counts) and i2 at 30 min + 2 us (does not)
 *      -> D4 = 10, R4 = 3/10; A0 = 3/10, A1 = A2 = 0.
 * sum P_i A_i = 3, the capacity of the only facility with D_j > 0.
 */
static void test_nobody_unknown_and_boundary(void **state)
{
    static const double pop[] = {10.0, 0.0, 30.0};
    static const double cap[] = {5.0, 5.0, 5.0, NAN, 3.0};
    static const size_t off[] = {0, 0, 1, 2, 3, 5};
    static const uint32_t pt[] = {1, 0, 0, 0, 2};
    static const double t[] = {60.0, 2400.0, 300.0, 1800.0, 1800.0 + 2e-6};
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca_input in;
    struct dosah_fca_options opt;
    struct dosah_fca *r = NULL;
    int w;
    (void)state;
    dosah_fca_input_init(&in);
    in.point_count = 3;
    in.population = pop;
    in.capacity = cap;
    in.catchments.facility_count = 5;
    in.catchments.offsets = off;
    in.catchments.point = pt;
    in.catchments.time_s = t;
    for (w = DOSAH_FCA_CUTOFF; w <= DOSAH_FCA_STEP; w++) {
        options(&opt, (enum dosah_fca_weight)w);
        assert_int_equal(dosah_measure_fca(ctx, &in, &opt, &r), DOSAH_OK);
        assert_float_equal(r->ratio[0], 0.0, 0.0);
        assert_float_equal(r->ratio[1], 0.0, 0.0);
        assert_float_equal(r->ratio[2], 0.0, 0.0);
        assert_true(isnan(r->ratio[3]));
        assert_int_equal(r->unknown_capacity_count, 1);
        assert_float_equal(r->demand[3], 10.0, 1e-12);
        /* 30 min exactly lies in the last step (0.22) or under the cutoff (1). */
        assert_float_equal(r->demand[4], w == DOSAH_FCA_STEP ? 2.2 : 10.0, 1e-12);
        assert_float_equal(r->reach_population[4], 10.0, 1e-12);
        assert_float_equal(r->access[0], w == DOSAH_FCA_STEP ? 0.22 * 3.0 / 2.2 : 0.3, 1e-12);
        assert_float_equal(r->access[1], 0.0, 0.0);
        assert_float_equal(r->access[2], 0.0, 0.0);
        assert_float_equal(weighted_sum(r, pop), 3.0, 1e-12);
        assert_float_equal(r->total.access_per_1000, 1000.0 * 3.0 / 40.0, 1e-9);
        r = dosah_fca_destroy(r);
    }
    /* Gaussian: W(T) = 0, so F4's only weighted point weighs nothing: R4 = 0, not NAN. */
    options(&opt, DOSAH_FCA_GAUSSIAN);
    assert_int_equal(dosah_measure_fca(ctx, &in, &opt, &r), DOSAH_OK);
    assert_float_equal(r->ratio[4], 0.0, 0.0);
    assert_float_equal(r->reach_population[4], 10.0, 1e-12);
    assert_float_equal(r->access[0], 0.0, 0.0);
    dosah_fca_destroy(r);
    dosah_ctx_destroy(ctx);
}

/* Areas without population give NAN, not 0. */
static void test_empty_area(void **state)
{
    static const double pop[] = {0.0, 50.0};
    static const uint32_t area[] = {0, 1};
    static const double cap[] = {2.0};
    static const size_t off[] = {0, 2};
    static const uint32_t pt[] = {0, 1};
    static const double t[] = {10.0, 20.0};
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca_input in;
    struct dosah_fca_options opt;
    struct dosah_fca *r = NULL;
    (void)state;
    dosah_fca_input_init(&in);
    in.point_count = 2;
    in.population = pop;
    in.area = area;
    in.area_count = 3;
    in.capacity = cap;
    in.catchments.facility_count = 1;
    in.catchments.offsets = off;
    in.catchments.point = pt;
    in.catchments.time_s = t;
    options(&opt, DOSAH_FCA_CUTOFF);
    assert_int_equal(dosah_measure_fca(ctx, &in, &opt, &r), DOSAH_OK);
    /* R = 2/50; A0 = A1 = 1/25; area 1: 1000/25 = 40; areas 0 and 2 hold nobody. */
    assert_float_equal(r->access[0], 0.04, 1e-15);
    assert_true(isnan(r->areas[0].access_per_1000));
    assert_float_equal(r->areas[1].access_per_1000, 40.0, 1e-12);
    assert_true(isnan(r->areas[2].access_per_1000));
    assert_float_equal(r->total.access_per_1000, 40.0, 1e-12);
    dosah_fca_destroy(r);
    dosah_ctx_destroy(ctx);
}

/* A small seeded generator so the random instances are the same on every platform. */
static uint64_t rng_state;

static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

struct instance {
    size_t nf, np, entries;
    double pop[120];
    double cap[30];
    size_t off[31];
    uint32_t pt[30 * 120];
    double t[30 * 120];
    double dense[30][120]; /* t_ij or NAN */
};

/* Each facility reaches a random subset within 45 min, and always one populated point
 * within T = 30 min, so that every D_j > 0 under the cutoff and the steps. */
static void random_instance(struct instance *x, uint64_t seed)
{
    size_t i, j;
    rng_state = seed;
    x->nf = 30;
    x->np = 120;
    x->entries = 0;
    for (i = 0; i < x->np; i++)
        x->pop[i] = uniform() < 0.1 ? 0.0 : floor(uniform() * 1000.0);
    x->pop[0] = 500.0;
    for (j = 0; j < x->nf; j++) {
        x->cap[j] = floor(uniform() * 50.0) + 1.0;
        x->off[j] = x->entries;
        for (i = 0; i < x->np; i++) {
            x->dense[j][i] = NAN;
            if (i != 0 && uniform() > 0.2)
                continue;
            x->dense[j][i] = i == 0 ? uniform() * 1700.0 : uniform() * 2700.0;
            x->pt[x->entries] = (uint32_t)i;
            x->t[x->entries++] = x->dense[j][i];
        }
    }
    x->off[x->nf] = x->entries;
}

static double total_capacity(const struct instance *x)
{
    double s = 0.0;
    size_t j;
    for (j = 0; j < x->nf; j++)
        s += x->cap[j];
    return s;
}

/*
 * Conservation of supply, sum_i P_i A_i = sum_j S_j, for every weight, and A_i against a
 * dense computation over the full facility x point table, term by term from the definition.
 */
static void test_conservation_random(void **state)
{
    static struct instance x;
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca_input in;
    struct dosah_fca_options opt;
    struct dosah_fca *r = NULL;
    int seed, w;
    (void)state;
    for (seed = 1; seed <= 5; seed++) {
        random_instance(&x, (uint64_t)seed * 7919u);
        dosah_fca_input_init(&in);
        in.point_count = x.np;
        in.population = x.pop;
        in.capacity = x.cap;
        in.catchments.facility_count = x.nf;
        in.catchments.offsets = x.off;
        in.catchments.point = x.pt;
        in.catchments.time_s = x.t;
        for (w = DOSAH_FCA_CUTOFF; w <= DOSAH_FCA_GAUSSIAN; w++) {
            double supply = 0.0, d[30], a;
            size_t i, j;
            options(&opt, (enum dosah_fca_weight)w);
            assert_int_equal(dosah_measure_fca(ctx, &in, &opt, &r), DOSAH_OK);
            for (j = 0; j < x.nf; j++) {
                d[j] = 0.0;
                for (i = 0; i < x.np; i++)
                    if (x.dense[j][i] <= 1800.0)
                        d[j] += dosah_measure_fca_weight(&opt, x.dense[j][i]) * x.pop[i];
                assert_float_equal(r->demand[j], d[j], 1e-9 * (1.0 + d[j]));
                if (d[j] > 0.0)
                    supply += x.cap[j];
            }
            /* Point 0 (500 people) lies within 1700 s of every facility: all D_j > 0. */
            assert_float_equal(supply, total_capacity(&x), 0.0);
            for (i = 0; i < x.np; i++) {
                a = 0.0;
                for (j = 0; j < x.nf; j++)
                    if (x.dense[j][i] <= 1800.0 && d[j] > 0.0)
                        a += dosah_measure_fca_weight(&opt, x.dense[j][i]) * x.cap[j] / d[j];
                assert_float_equal(r->access[i], a, 1e-12 * (1.0 + a));
            }
            assert_float_equal(weighted_sum(r, x.pop), supply, 1e-9 * supply);
            r = dosah_fca_destroy(r);
        }
    }
    dosah_ctx_destroy(ctx);
}

static void expect_einval(const struct dosah_fca_input *in, const struct dosah_fca_options *opt,
                          const char *part)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca *r = NULL;
    assert_int_equal(dosah_measure_fca(ctx, in, opt, &r), DOSAH_EINVAL);
    assert_null(r);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), part));
    dosah_ctx_destroy(ctx);
}

static void test_bad_input(void **state)
{
    static const double bad_pop[] = {100.0, 200.0, NAN, 400.0, 500.0};
    static const double bad_cap[] = {6.0, -1.0, 9.0};
    static const double inf_cap[] = {6.0, 14.0, INFINITY};
    static const size_t bad_off[] = {0, 3, 2, 8};
    static const uint32_t bad_pt[] = {0, 1, 2, 2, 3, 3, 9, 0};
    static const uint32_t dup_pt[] = {0, 1, 2, 2, 3, 3, 4, 3};
    static const double bad_t[] = {300.0, 1200.0, 1800.0, 600.0, -1.0, 1740.0, 900.0, 1860.0};
    static const uint32_t bad_area[] = {0, 0, 1, 5, DOSAH_NONE};
    struct dosah_fca_input in;
    struct dosah_fca_options opt;
    (void)state;
    hand_input(&in);
    options(&opt, DOSAH_FCA_CUTOFF);
    opt.threshold_min = 0.0;
    expect_einval(&in, &opt, "threshold is 0 minutes");
    options(&opt, DOSAH_FCA_STEP);
    opt.step_count = 0;
    expect_einval(&in, &opt, "0 step weights given");
    options(&opt, DOSAH_FCA_STEP);
    opt.step_weights[1] = -0.5;
    expect_einval(&in, &opt, "step weight 2 is -0.5");
    options(&opt, DOSAH_FCA_GAUSSIAN);
    opt.gaussian_beta = 0.0;
    expect_einval(&in, &opt, "Gaussian parameter is 0");
    options(&opt, DOSAH_FCA_CUTOFF);
    in.population = bad_pop;
    expect_einval(&in, &opt, "demand point 2 has population nan");
    hand_input(&in);
    in.area = bad_area;
    expect_einval(&in, &opt, "demand point 3 lies in area 5");
    hand_input(&in);
    in.capacity = bad_cap;
    expect_einval(&in, &opt, "facility 1 has capacity -1");
    in.capacity = inf_cap;
    expect_einval(&in, &opt, "facility 2 has capacity inf");
    hand_input(&in);
    in.catchments.offsets = bad_off;
    expect_einval(&in, &opt, "offsets decrease at facility 1");
    hand_input(&in);
    in.catchments.point = bad_pt;
    expect_einval(&in, &opt, "facility 2 reaches demand point 9, but there are only 5");
    in.catchments.point = dup_pt;
    expect_einval(&in, &opt, "facility 2 lists demand point 3 twice");
    hand_input(&in);
    in.catchments.time_s = bad_t;
    expect_einval(&in, &opt, "facility 1 reaches demand point 3 in a negative time");
}

static void test_allocation_failures(void **state)
{
    struct dosah_fca_input in;
    struct dosah_fca_options opt;
    long n, failures = 0;
    (void)state;
    hand_input(&in);
    options(&opt, DOSAH_FCA_STEP);
    for (n = 0;; n++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_fca *r = NULL;
        enum dosah_status st;
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_measure_fca(ctx, &in, &opt, &r);
        dosah_fca_destroy(r);
        dosah_ctx_destroy(ctx);
        if (st == DOSAH_OK)
            break;
        assert_int_equal(st, DOSAH_ENOMEM);
        assert_null(r);
        failures++;
    }
    assert_int_equal(failures, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_2sfca_hand),
        cmocka_unit_test(test_e2sfca_steps_hand),
        cmocka_unit_test(test_step_zone_boundaries),
        cmocka_unit_test(test_gaussian_weights),
        cmocka_unit_test(test_nobody_unknown_and_boundary),
        cmocka_unit_test(test_empty_area),
        cmocka_unit_test(test_conservation_random),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
