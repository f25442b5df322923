/* SPDX-License-Identifier: MIT */
/*
 * Tests of capacity-limited coverage: a hand-worked example with overlapping catchments that
 * shows nobody counted twice, priority orders that change the result, partial absorption,
 * ties, the inclusive threshold, persons per unit, unknown capacities and facilities outside
 * the order, the order helpers, invariants on seeded random instances checked against a
 * dense reference written independently in the test, bad input and allocation failures.
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
#include "dosah/fca.h"

static void catchments(struct dosah_fca_input *in, size_t nf, const size_t *off,
                       const uint32_t *pt, const double *t)
{
    in->catchments.facility_count = nf;
    in->catchments.offsets = off;
    in->catchments.point = pt;
    in->catchments.time_s = t;
}

/*
 * T = 30 min. Points P = 100, 50, 80, 40; i0, i1 in area 0, i2, i3 in area 1.
 *   F0, capacity 120: i2 25 min, i0 10 min, i1 20 min (listed out of time order)
 *   F1, capacity 100: i3 28 min, i0 40 min (beyond T), i2 12 min, i1 5 min
 * Order by capacity: F0, then F1.
 *   F0 by time: i0 takes 100 (20 left), i1 takes 20 (i1 keeps 30 unserved; 0 left).
 *   F1 by time: i1 takes the remaining 30 (70 left), i2 takes 70 (i2 keeps 10), 0 left;
 *   i3 gets nothing.
 * covered = 100, 50, 70, 0; unserved = 0, 0, 10, 40; main facility: i0 F0; i1 F1 (30 > 20);
 * i2 F1; i3 none. Absorbed 120 and 100, spare 0 and 0.
 * Total 270, covered 220 = 120 + 100, unserved 50, share 22/27. Area 0: 150 of 150;
 * area 1: 70 of 120, unserved 50. The sum of catchment populations, 230 + 170 = 400, would
 * count i1 and i2 twice and exceed the 270 people who live there.
 */
static const double pop4[] = {100.0, 50.0, 80.0, 40.0};
static const uint32_t area4[] = {0, 0, 1, 1};
static const double cap2[] = {120.0, 100.0};
static const size_t off2[] = {0, 3, 7};
static const uint32_t pt2[] = {2, 0, 1, 3, 0, 2, 1};
static const double time2[] = {1500.0, 600.0, 1200.0, 1680.0, 2400.0, 720.0, 300.0};

static void hand_input(struct dosah_fca_input *in)
{
    dosah_fca_input_init(in);
    in->point_count = 4;
    in->population = pop4;
    in->area = area4;
    in->area_count = 2;
    in->capacity = cap2;
    catchments(in, 2, off2, pt2, time2);
}

static void test_overlap_hand(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca_input in;
    struct dosah_capacity_options opt;
    struct dosah_capacity_coverage *c = NULL;
    uint32_t order[2];
    (void)state;
    hand_input(&in);
    assert_int_equal(dosah_measure_order_by_capacity(ctx, cap2, 2, order), DOSAH_OK);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 1);
    dosah_capacity_options_init(&opt);
    opt.threshold_min = 30.0;
    opt.order = order;
    opt.order_count = 2;
    assert_int_equal(dosah_measure_capacity_coverage(ctx, &in, &opt, &c), DOSAH_OK);
    assert_float_equal(c->covered[0], 100.0, 1e-9);
    assert_float_equal(c->covered[1], 50.0, 1e-9);
    assert_float_equal(c->covered[2], 70.0, 1e-9);
    assert_float_equal(c->covered[3], 0.0, 1e-9);
    assert_float_equal(c->unserved[2], 10.0, 1e-9);
    assert_float_equal(c->unserved[3], 40.0, 1e-9);
    assert_int_equal(c->main_facility[0], 0);
    assert_int_equal(c->main_facility[1], 1);
    assert_int_equal(c->main_facility[2], 1);
    assert_int_equal(c->main_facility[3], DOSAH_NONE);
    assert_float_equal(c->absorbed[0], 120.0, 1e-9);
    assert_float_equal(c->absorbed[1], 100.0, 1e-9);
    assert_float_equal(c->spare[0], 0.0, 1e-9);
    assert_float_equal(c->spare[1], 0.0, 1e-9);
    assert_float_equal(c->total.population, 270.0, 1e-9);
    assert_float_equal(c->total.covered, 220.0, 1e-9);
    assert_float_equal(c->total.unserved, 50.0, 1e-9);
    assert_float_equal(c->total.covered_share, 22.0 / 27.0, 1e-12);
    assert_float_equal(c->areas[0].covered_share, 1.0, 1e-12);
    assert_float_equal(c->areas[1].covered, 70.0, 1e-9);
    assert_float_equal(c->areas[1].unserved, 50.0, 1e-9);
    assert_float_equal(c->areas[1].covered_share, 7.0 / 12.0, 1e-12);
    assert_float_equal(c->capacity_persons, 220.0, 1e-9);
    dosah_capacity_coverage_destroy(c);
    dosah_ctx_destroy(ctx);
}

/*
 * Order matters. P = 100, 100; T = 30 min.
 *   F0, capacity 100: i0 20 min, i1 10 min;  F1, capacity 100: i1 15 min.
 * By capacity (a tie: F0 first by index): F0 takes its nearest, i1, whole; F1 finds i1
 * served and absorbs nothing: covered 0, 100 (total 100), F1 spare 100.
 * By a field that ranks F1 first (values 1, 2, descending): F1 takes i1, F0 then takes i0:
 * covered 100, 100 (total 200).
 */
static void test_priority_orders(void **state)
{
    static const double pop[] = {100.0, 100.0}, cap[] = {100.0, 100.0}, rank[] = {1.0, 2.0};
    static const size_t off[] = {0, 2, 3};
    static const uint32_t pt[] = {0, 1, 1};
    static const double t[] = {1200.0, 600.0, 900.0};
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca_input in;
    struct dosah_capacity_options opt;
    struct dosah_capacity_coverage *c = NULL;
    uint32_t order[2];
    (void)state;
    dosah_fca_input_init(&in);
    in.point_count = 2;
    in.population = pop;
    in.capacity = cap;
    catchments(&in, 2, off, pt, t);
    dosah_capacity_options_init(&opt);
    opt.threshold_min = 30.0;
    opt.order = order;
    opt.order_count = 2;

    assert_int_equal(dosah_measure_order_by_capacity(ctx, cap, 2, order), DOSAH_OK);
    assert_int_equal(order[0], 0);
    assert_int_equal(dosah_measure_capacity_coverage(ctx, &in, &opt, &c), DOSAH_OK);
    assert_float_equal(c->covered[0], 0.0, 1e-9);
    assert_float_equal(c->covered[1], 100.0, 1e-9);
    assert_float_equal(c->total.covered, 100.0, 1e-9);
    assert_float_equal(c->absorbed[1], 0.0, 1e-9);
    assert_float_equal(c->spare[1], 100.0, 1e-9);
    assert_int_equal(c->main_facility[0], DOSAH_NONE);
    c = dosah_capacity_coverage_destroy(c);

    assert_int_equal(dosah_measure_order_by_value(ctx, rank, 2, 1, order), DOSAH_OK);
    assert_int_equal(order[0], 1);
    assert_int_equal(dosah_measure_capacity_coverage(ctx, &in, &opt, &c), DOSAH_OK);
    assert_float_equal(c->covered[0], 100.0, 1e-9);
    assert_float_equal(c->covered[1], 100.0, 1e-9);
    assert_float_equal(c->total.covered, 200.0, 1e-9);
    assert_int_equal(c->main_facility[0], 0);
    assert_int_equal(c->main_facility[1], 1);
    c = dosah_capacity_coverage_destroy(c);

    /* No order: as listed, the same as by capacity here. */
    opt.order = NULL;
    assert_int_equal(dosah_measure_capacity_coverage(ctx, &in, &opt, &c), DOSAH_OK);
    assert_float_equal(c->total.covered, 100.0, 1e-9);
    dosah_capacity_coverage_destroy(c);
    dosah_ctx_destroy(ctx);
}

/* Values 3, NAN, 5, 3, 1: descending 2, 0, 3, 4, 1 (ties by index, NAN last);
 * ascending 4, 0, 3, 2, 1. */
static void test_order_helpers(void **state)
{
    static const double v[] = {3.0, NAN, 5.0, 3.0, 1.0};
    static const uint32_t desc[] = {2, 0, 3, 4, 1}, asc[] = {4, 0, 3, 2, 1};
    struct dosah_ctx *ctx = dosah_ctx_create();
    uint32_t order[5];
    size_t k;
    (void)state;
    assert_int_equal(dosah_measure_order_by_value(ctx, v, 5, 1, order), DOSAH_OK);
    for (k = 0; k < 5; k++)
        assert_int_equal(order[k], desc[k]);
    assert_int_equal(dosah_measure_order_by_capacity(ctx, v, 5, order), DOSAH_OK);
    for (k = 0; k < 5; k++)
        assert_int_equal(order[k], desc[k]);
    assert_int_equal(dosah_measure_order_by_value(ctx, v, 5, 0, order), DOSAH_OK);
    for (k = 0; k < 5; k++)
        assert_int_equal(order[k], asc[k]);
    dosah_measure_order_as_listed(5, order);
    for (k = 0; k < 5; k++)
        assert_int_equal(order[k], k);
    assert_int_equal(dosah_measure_order_by_value(ctx, v, 0, 1, order), DOSAH_OK);
    dosah_ctx_destroy(ctx);
}

/*
 * Four points of 10 people; T = 30 min; 2.5 persons per unit.
 *   F0: i2 10 min, i0 10 min (a tie: i0 first), i1 30 min exactly (counts),
 *       i3 30 min + 2 us (beyond T)
 *   F1: unknown capacity, i3 1 min: absorbs nothing
 *   F2: capacity 3 units, i3 1 min, but not in the order (1, 0): absorbs nothing
 * Case A, F0 has 6 units = 15 persons: i0 takes 10, i2 the other 5 (partly), i1 nothing:
 *   covered 10, 0, 5, 0.
 * Case B, F0 has 10 units = 25 persons: i0 10, i2 10, i1 the last 5: covered 10, 5, 10, 0.
 */
static void test_partial_ties_units(void **state)
{
    static const double pop[] = {10.0, 10.0, 10.0, 10.0};
    static const double cap_a[] = {6.0, NAN, 3.0}, cap_b[] = {10.0, NAN, 3.0};
    static const size_t off[] = {0, 4, 5, 6};
    static const uint32_t pt[] = {2, 0, 1, 3, 3, 3};
    static const double t[] = {600.0, 600.0, 1800.0, 1800.0 + 2e-6, 60.0, 60.0};
    static const uint32_t order[] = {1, 0};
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca_input in;
    struct dosah_capacity_options opt;
    struct dosah_capacity_coverage *c = NULL;
    (void)state;
    dosah_fca_input_init(&in);
    in.point_count = 4;
    in.population = pop;
    in.capacity = cap_a;
    catchments(&in, 3, off, pt, t);
    dosah_capacity_options_init(&opt);
    opt.threshold_min = 30.0;
    opt.persons_per_unit = 2.5;
    opt.order = order;
    opt.order_count = 2;
    assert_int_equal(dosah_measure_capacity_coverage(ctx, &in, &opt, &c), DOSAH_OK);
    assert_float_equal(c->covered[0], 10.0, 1e-9);
    assert_float_equal(c->covered[1], 0.0, 1e-9);
    assert_float_equal(c->covered[2], 5.0, 1e-9);
    assert_float_equal(c->covered[3], 0.0, 1e-9);
    assert_int_equal(c->main_facility[1], DOSAH_NONE);
    assert_int_equal(c->main_facility[2], 0);
    assert_float_equal(c->absorbed[0], 15.0, 1e-9);
    assert_float_equal(c->spare[0], 0.0, 1e-9);
    assert_true(isnan(c->spare[1]));
    assert_float_equal(c->absorbed[1], 0.0, 0.0);
    assert_float_equal(c->absorbed[2], 0.0, 0.0);
    assert_float_equal(c->spare[2], 7.5, 1e-9);
    assert_int_equal(c->unknown_capacity_count, 1);
    assert_float_equal(c->capacity_persons, 22.5, 1e-9);
    assert_float_equal(c->total.covered, 15.0, 1e-9);
    c = dosah_capacity_coverage_destroy(c);

    in.capacity = cap_b;
    assert_int_equal(dosah_measure_capacity_coverage(ctx, &in, &opt, &c), DOSAH_OK);
    assert_float_equal(c->covered[0], 10.0, 1e-9);
    assert_float_equal(c->covered[1], 5.0, 1e-9);
    assert_float_equal(c->unserved[1], 5.0, 1e-9);
    assert_float_equal(c->covered[2], 10.0, 1e-9);
    assert_float_equal(c->covered[3], 0.0, 1e-9);
    assert_float_equal(c->unserved[3], 10.0, 1e-9);
    assert_int_equal(c->main_facility[1], 0);
    assert_float_equal(c->total.covered_share, 25.0 / 40.0, 1e-12);
    assert_float_equal(c->capacity_persons, 32.5, 1e-9);
    assert_int_equal(c->area_count, 0);
    dosah_capacity_coverage_destroy(c);
    dosah_ctx_destroy(ctx);
}

/* A small seeded generator so the random instances are the same on every platform. */
static uint64_t rng_state;

static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

#define NF 25
#define NP 100

struct instance {
    size_t entries;
    double pop[NP];
    uint32_t area[NP];
    double cap[NF];
    size_t off[NF + 1];
    uint32_t pt[NF * NP];
    double t[NF * NP];
    double dense[NF][NP]; /* t_ij or NAN */
    uint32_t order[NF];
    size_t order_count;
};

static void random_instance(struct instance *x, uint64_t seed)
{
    size_t i, j, k;
    rng_state = seed;
    x->entries = 0;
    for (i = 0; i < NP; i++) {
        x->pop[i] = uniform() < 0.1 ? 0.0 : uniform() * 300.0;
        x->area[i] = (uint32_t)(uniform() * 4.0);
    }
    for (j = 0; j < NF; j++) {
        x->cap[j] = uniform() < 0.1 ? NAN : floor(uniform() * 400.0);
        x->off[j] = x->entries;
        for (i = 0; i < NP; i++) {
            x->dense[j][i] = NAN;
            if (uniform() > 0.25)
                continue;
            /* Whole minutes, so that equal times (and their tie rule) occur. */
            x->dense[j][i] = 60.0 * floor(uniform() * 45.0);
            x->pt[x->entries] = (uint32_t)i;
            x->t[x->entries++] = x->dense[j][i];
        }
    }
    x->off[NF] = x->entries;
    /* A random order of a random subset: a shuffled prefix. */
    for (j = 0; j < NF; j++)
        x->order[j] = (uint32_t)j;
    for (j = NF - 1; j > 0; j--) {
        uint32_t tmp;
        k = (size_t)(uniform() * (double)(j + 1));
        tmp = x->order[j];
        x->order[j] = x->order[k];
        x->order[k] = tmp;
    }
    x->order_count = NF - (size_t)(uniform() * 5.0);
}

/*
 * The greedy rule by a different route: for each facility, repeatedly scan its row of the
 * dense table for the unvisited point of least (time, index) within T, and take from it.
 */
static void reference(const struct instance *x, const uint32_t *order, size_t count,
                      double ppu, double *covered)
{
    unsigned char visited[NP];
    double rest[NP];
    size_t k, i;
    for (i = 0; i < NP; i++) {
        rest[i] = x->pop[i];
        covered[i] = 0.0;
    }
    for (k = 0; k < count; k++) {
        uint32_t j = order[k];
        double left = x->cap[j] * ppu, take;
        if (isnan(left))
            continue;
        memset(visited, 0, sizeof visited);
        while (left > 0.0) {
            size_t best = NP;
            for (i = 0; i < NP; i++)
                if (!visited[i] && x->dense[j][i] <= 1800.0
                    && (best == NP || x->dense[j][i] < x->dense[j][best]))
                    best = i;
            if (best == NP)
                break;
            visited[best] = 1;
            take = rest[best] < left ? rest[best] : left;
            rest[best] -= take;
            covered[best] += take;
            left -= take;
        }
    }
}

static void check_invariants(const struct instance *x, const struct dosah_capacity_coverage *c,
                             const uint32_t *order, size_t count, double ppu)
{
    double sum_covered = 0.0, sum_absorbed = 0.0, ref[NP], area_pop[4] = {0}, area_cov[4] = {0};
    size_t i, j, k;
    unsigned char listed[NF] = {0};

    for (k = 0; k < count; k++)
        listed[order[k]] = 1;
    reference(x, order, count, ppu, ref);
    for (i = 0; i < NP; i++) {
        assert_true(c->covered[i] >= 0.0 && c->covered[i] <= x->pop[i] + 1e-9);
        assert_float_equal(c->covered[i] + c->unserved[i], x->pop[i], 1e-9);
        assert_float_equal(c->covered[i], ref[i], 1e-9);
        if (c->covered[i] > 0.0) {
            j = c->main_facility[i];
            assert_true(j < NF && listed[j] && x->dense[j][i] <= 1800.0);
        } else {
            assert_int_equal(c->main_facility[i], DOSAH_NONE);
        }
        sum_covered += c->covered[i];
        area_pop[x->area[i]] += x->pop[i];
        area_cov[x->area[i]] += c->covered[i];
    }
    for (j = 0; j < NF; j++) {
        sum_absorbed += c->absorbed[j];
        if (isnan(x->cap[j])) {
            assert_true(isnan(c->spare[j]));
            assert_float_equal(c->absorbed[j], 0.0, 0.0);
            continue;
        }
        assert_true(c->absorbed[j] <= x->cap[j] * ppu + 1e-9);
        assert_float_equal(c->spare[j], x->cap[j] * ppu - c->absorbed[j], 1e-9);
        if (!listed[j])
            assert_float_equal(c->absorbed[j], 0.0, 0.0);
        /* A listed facility with capacity to spare left nobody unserved within its reach. */
        if (listed[j] && c->spare[j] > 1e-9)
            for (i = 0; i < NP; i++)
                if (x->dense[j][i] <= 1800.0)
                    assert_float_equal(c->unserved[i], 0.0, 1e-9);
    }
    assert_float_equal(sum_covered, sum_absorbed, 1e-6);
    assert_float_equal(c->total.covered, sum_covered, 1e-6);
    assert_float_equal(c->total.covered + c->total.unserved, c->total.population, 1e-6);
    assert_true(c->total.covered <= c->capacity_persons + 1e-6);
    assert_true(c->total.covered_share <= 1.0 + 1e-12);
    for (k = 0; k < 4; k++) {
        assert_float_equal(c->areas[k].population, area_pop[k], 1e-6);
        assert_float_equal(c->areas[k].covered, area_cov[k], 1e-6);
        assert_float_equal(c->areas[k].covered + c->areas[k].unserved, area_pop[k], 1e-6);
        assert_true(c->areas[k].covered_share <= 1.0 + 1e-12);
    }
}

static void test_invariants_random(void **state)
{
    static struct instance x;
    static const double ppus[] = {1.0, 0.5, 3.0};
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_fca_input in;
    struct dosah_capacity_options opt;
    struct dosah_capacity_coverage *c = NULL;
    uint32_t by_cap[NF], listed[NF];
    int seed, variant;
    (void)state;
    for (seed = 1; seed <= 6; seed++) {
        random_instance(&x, (uint64_t)seed * 104729u);
        dosah_fca_input_init(&in);
        in.point_count = NP;
        in.population = x.pop;
        in.area = x.area;
        in.area_count = 4;
        in.capacity = x.cap;
        catchments(&in, NF, x.off, x.pt, x.t);
        assert_int_equal(dosah_measure_order_by_capacity(ctx, x.cap, NF, by_cap), DOSAH_OK);
        dosah_measure_order_as_listed(NF, listed);
        for (variant = 0; variant < 3; variant++) {
            const uint32_t *order = variant == 0 ? listed : variant == 1 ? by_cap : x.order;
            size_t count = variant == 2 ? x.order_count : NF;
            dosah_capacity_options_init(&opt);
            opt.threshold_min = 30.0;
            opt.persons_per_unit = ppus[(seed + variant) % 3];
            opt.order = order;
            opt.order_count = count;
            assert_int_equal(dosah_measure_capacity_coverage(ctx, &in, &opt, &c), DOSAH_OK);
            check_invariants(&x, c, order, count, opt.persons_per_unit);
            c = dosah_capacity_coverage_destroy(c);
        }
    }
    dosah_ctx_destroy(ctx);
}

static void expect_einval(const struct dosah_fca_input *in,
                          const struct dosah_capacity_options *opt, const char *part)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_capacity_coverage *c = NULL;
    assert_int_equal(dosah_measure_capacity_coverage(ctx, in, opt, &c), DOSAH_EINVAL);
    assert_null(c);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), part));
    dosah_ctx_destroy(ctx);
}

static void test_bad_input(void **state)
{
    static const uint32_t far[] = {0, 7}, twice[] = {0, 0};
    static const double bad_cap[] = {120.0, -3.0};
    static const uint32_t dup_pt[] = {2, 0, 2, 3, 0, 2, 1};
    struct dosah_fca_input in;
    struct dosah_capacity_options opt;
    (void)state;
    hand_input(&in);
    dosah_capacity_options_init(&opt);
    opt.threshold_min = -5.0;
    expect_einval(&in, &opt, "threshold is -5 minutes");
    opt.threshold_min = 30.0;
    opt.persons_per_unit = 0.0;
    expect_einval(&in, &opt, "persons per unit of capacity is 0");
    opt.persons_per_unit = 1.0;
    opt.order = far;
    opt.order_count = 2;
    expect_einval(&in, &opt, "priority 2 names facility 7, but there are only 2 facilities");
    opt.order = twice;
    expect_einval(&in, &opt, "priority 2 names facility 0 again");
    opt.order = NULL;
    in.capacity = bad_cap;
    expect_einval(&in, &opt, "facility 1 has capacity -3");
    hand_input(&in);
    in.catchments.point = dup_pt;
    expect_einval(&in, &opt, "facility 0 lists demand point 2 twice");
}

static void test_allocation_failures(void **state)
{
    struct dosah_fca_input in;
    struct dosah_capacity_options opt;
    uint32_t order[2];
    long n, failures = 0;
    (void)state;
    hand_input(&in);
    dosah_capacity_options_init(&opt);
    opt.threshold_min = 30.0;
    for (n = 0;; n++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_capacity_coverage *c = NULL;
        enum dosah_status st;
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_measure_capacity_coverage(ctx, &in, &opt, &c);
        dosah_capacity_coverage_destroy(c);
        dosah_ctx_destroy(ctx);
        if (st == DOSAH_OK)
            break;
        assert_int_equal(st, DOSAH_ENOMEM);
        assert_null(c);
        failures++;
    }
    assert_int_equal(failures, 11);

    {
        struct dosah_ctx *ctx = dosah_ctx_create();
        order[0] = order[1] = 9;
        dosah_ctx_fail_alloc_after(ctx, 0);
        assert_int_equal(dosah_measure_order_by_capacity(ctx, cap2, 2, order), DOSAH_ENOMEM);
        assert_int_equal(order[0], 9);
        assert_non_null(strstr(dosah_ctx_errmsg(ctx), "out of memory"));
        dosah_ctx_destroy(ctx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlap_hand),
        cmocka_unit_test(test_priority_orders),
        cmocka_unit_test(test_order_helpers),
        cmocka_unit_test(test_partial_ties_units),
        cmocka_unit_test(test_invariants_random),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
