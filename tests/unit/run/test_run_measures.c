/* SPDX-License-Identifier: MIT */
/*
 * The pipeline's access stage (src/run/) on the in-memory line model of run_fixture.h:
 * nearest times, coverage within thresholds, 2SFCA, capacity-limited coverage, coverage by
 * opening hours, gaps against a norm, travel times from an OD matrix, and a what-if change.
 * Every expected value is worked out by hand in the comment above it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "unit/run/run_fixture.h"

#define EPS 1e-9
#define M   DOSAH_LAYER_MUNICIPALITIES
#define R   DOSAH_LAYER_REGIONS
#define D   DOSAH_LAYER_DEMAND
#define S   DOSAH_LAYER_SERVICES

struct run {
    struct dosah_ctx *ctx;
    struct dosah_scenario *s;
    struct dosah_model *m;
    struct dosah_output *out;
};

static void run_line(struct run *r, const char *extra, int with_roads)
{
    r->ctx = dosah_ctx_create();
    assert_non_null(r->ctx);
    assert_int_equal(rfx_scenario(r->ctx, extra, &r->s), DOSAH_OK);
    r->m = rfx_model(with_roads);
    r->out = dosah_output_create(r->ctx);
    assert_non_null(r->out);
}

static void run_done(struct run *r)
{
    dosah_output_destroy(r->out);
    dosah_model_destroy(r->m);
    dosah_scenario_destroy(r->s);
    dosah_ctx_destroy(r->ctx);
}

static void compute(struct run *r)
{
    enum dosah_status st = rfx_compute(r->ctx, r->s, r->m, r->out);
    if (st)
        print_error("%s\n", dosah_ctx_errmsg(r->ctx));
    assert_int_equal(st, DOSAH_OK);
}

/* care (§40, field, from S1 at x = 5 km, 15 min): A is 0 km away, B 10 km, C 20 km, at
 * 1 km/min: 0, 10 and 20 minutes. The nearest is S1 for all. */
/* The area of a little-endian ISO WKB MultiPolygon (exteriors counter-clockwise, holes
 * clockwise: the shoelace sum of every ring). */
static double wkb_area(const unsigned char *p, size_t size)
{
    uint32_t polys, rings, pts, i, j, k;
    double area = 0;
    const unsigned char *end = p + size;
    assert_true(size >= 9 && p[0] == 1);
    memcpy(&polys, p + 5, 4), p += 9;
    for (i = 0; i < polys; i++) {
        memcpy(&rings, p + 5, 4), p += 9;
        for (j = 0; j < rings; j++) {
            double x0, y0, x1, y1;
            memcpy(&pts, p, 4), p += 4;
            assert_true(pts >= 4 && p + 16 * (size_t)pts <= end);
            for (k = 0; k + 1 < pts; k++) {
                memcpy(&x0, p + 16 * k, 8), memcpy(&y0, p + 16 * k + 8, 8);
                memcpy(&x1, p + 16 * k + 16, 8), memcpy(&y1, p + 16 * k + 24, 8);
                area += (x0 * y1 - x1 * y0) / 2;
            }
            p += 16 * (size_t)pts;
        }
    }
    return area;
}

/*
 * The catchment polygon walks as the demand points do: off the road at access_kmh = 5
 * (83.33 m/min) over the straight line times access_detour (1.3 by default), 64.10 m of
 * straight line per minute. Care's S1 at x = 5 km reaches along the road x = 0 (5 min) to
 * 20 km (15 min); at x the walk has 15 - |x - 5000| / 1000 min left, so the polygon is
 * 2 * 64.10 * that wide: 961.5 m a side at S1, 641.0 at x = 0, 0 at 20 km, plus the half
 * disc of 641.0 m beyond the road's end at x = 0. Area: 5000 * (641.0 + 961.5) (the
 * trapezoid) + 15000 * 961.5 (the triangle) + pi * 641.0^2 / 2 = 8.0128 + 14.4231 +
 * 0.6455 = 23.081 km². (Walking at 5 km/h straight, detour 1, it would be 30.26 km².)
 */
static void test_catchment_walks_with_detour(void **state)
{
    struct run r;
    const struct dosah_table *t;
    size_t row, found = 0;
    (void)state;
    run_line(&r, "catchments: {polygons: true, cell_m: 50}\n", 1);
    compute(&r);
    t = rfx_table(r.out, DOSAH_T_CATCHMENTS);
    assert_non_null(t);
    for (row = 0; row < t->rows; row++) {
        if (strcmp(rfx_cell_text(t, DOSAH_OF_CATCH_SERVICE_ID, row), "S1") != 0 ||
            rfx_cell(t, DOSAH_OF_CATCH_MINUTES, row) != 15)
            continue;
        assert_non_null(t->wkb[row]);
        assert_float_equal(wkb_area(t->wkb[row], t->wkb_size[row]), 23.081e6, 0.01 * 23.081e6);
        found++;
    }
    assert_int_equal(found, 1);
    run_done(&r);
}

/* A question's own polygons key wins over catchments.polygons: with polygons off for the
 * run but on for care, the catchments layer has care's S1 at 15 and 30 min, nothing else. */
static void test_polygons_per_question(void **state)
{
    struct run r;
    const struct dosah_table *t;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    r.s->services[0].polygons = 1;
    compute(&r);
    t = rfx_table(r.out, DOSAH_T_CATCHMENTS);
    assert_non_null(t);
    assert_int_equal(t->rows, 2);
    assert_string_equal(rfx_cell_text(t, DOSAH_OF_CATCH_KEY, 0), "care");
    assert_string_equal(rfx_cell_text(t, DOSAH_OF_CATCH_KEY, 1), "care");
    assert_true(rfx_cell(t, DOSAH_OF_CATCH_MINUTES, 0) == 15 &&
                rfx_cell(t, DOSAH_OF_CATCH_MINUTES, 1) == 30);
    run_done(&r);
    run_line(&r, "catchments: {polygons: false}\n", 1); /* none at all: no layer */
    compute(&r);
    assert_null(rfx_table(r.out, DOSAH_T_CATCHMENTS));
    run_done(&r);
}

/* care's threshold is 15 min: A (0 min) and B (10) are covered, C (20) is not. */
static void test_nearest_times(void **state)
{
    static const double minutes[] = {0, 10, 20}, covered[] = {1, 1, 0};
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    compute(&r);
    for (i = 0; i < 3; i++) {
        assert_float_equal(rfx_real(r.out, D, "care", DOSAH_KF_MINUTES, i), minutes[i], EPS);
        assert_float_equal(rfx_real(r.out, D, "care", DOSAH_KF_COVERED, i), covered[i], 0);
        assert_string_equal(rfx_text(r.out, D, "care", DOSAH_KF_NEAREST, i), "S1");
        assert_string_equal(rfx_text(r.out, M, "care", DOSAH_KF_NEAREST, i), "S1");
        /* Every point lies on the road: no snap distance. */
        assert_float_equal(rfx_field(r.out, DOSAH_OF_DEM_SNAP_M, i), 0, EPS);
    }
    /* sheltered (§51, residential, to S2 at x = 15 km): 10, 0 and 10 minutes. */
    assert_float_equal(rfx_real(r.out, D, "sheltered", DOSAH_KF_MINUTES, 0), 10, EPS);
    assert_float_equal(rfx_real(r.out, D, "sheltered", DOSAH_KF_MINUTES, 1), 0, EPS);
    assert_float_equal(rfx_real(r.out, D, "sheltered", DOSAH_KF_MINUTES, 2), 10, EPS);
    run_done(&r);
}

/*
 * Direction on a one-way road (digitised from x = 0 to 30 km, passable that way only). care
 * is a field service, routed from S1 (5 km) to the clients: A 0, B 10, C 20 min as before.
 * sheltered is residential, routed from the client to S2 (15 km): A drives forward, 10 min;
 * B is there, 0; C would have to drive back against the one-way: unreached (NULL).
 */
static void test_direction_one_way(void **state)
{
    struct run r;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    r.m->roads.oneway[0] = DOSAH_ONEWAY_FORWARD;
    compute(&r);
    assert_float_equal(rfx_real(r.out, D, "care", DOSAH_KF_MINUTES, 2), 20, EPS);
    assert_float_equal(rfx_real(r.out, D, "sheltered", DOSAH_KF_MINUTES, 0), 10, EPS);
    assert_float_equal(rfx_real(r.out, D, "sheltered", DOSAH_KF_MINUTES, 1), 0, EPS);
    assert_true(isnan(rfx_real(r.out, D, "sheltered", DOSAH_KF_MINUTES, 2)));
    /* Within sheltered's 45 min: A and B; C, unreached, is not covered (0, not NULL). */
    assert_float_equal(rfx_real(r.out, D, "sheltered", DOSAH_KF_COVERED, 0), 1, 0);
    assert_float_equal(rfx_real(r.out, D, "sheltered", DOSAH_KF_COVERED, 1), 1, 0);
    assert_float_equal(rfx_real(r.out, D, "sheltered", DOSAH_KF_COVERED, 2), 0, 0);
    assert_float_equal(rfx_real(r.out, M, "sheltered", DOSAH_KF_UNREACHED, 2), 4000, EPS);
    run_done(&r);
}

/*
 * An excluded locality of 100 people on the road at x = 12 km, in B (region R1). By car S1
 * is 7 km away: 7 min, within 15 (covered 1). On foot at the default 5 km/h the same 7 km
 * take 7 / 5 * 60 = 84 min. Region R1 has that one locality, covered: count 1, share 1;
 * R2 has none (count 0). For sheltered (S2 at 15 km), 3 km: 3 min.
 */
static void test_locality(void **state)
{
    struct run r;
    struct dosah_locality *l;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    r.m->locality_count = 1;
    r.m->localities = l = calloc(1, sizeof *l);
    rfx_id(&l->id, "L1", 0);
    l->name = rfx_strdup("L1");
    l->population = l->population_min = l->population_max = 100;
    l->pt = (struct dosah_point){12000, 0};
    l->municipality = 1;
    compute(&r);
    assert_float_equal(rfx_real(r.out, DOSAH_LAYER_LOCALITIES, "care", DOSAH_KF_MINUTES, 0), 7,
                       1e-9);
    assert_float_equal(rfx_real(r.out, DOSAH_LAYER_LOCALITIES, "care", DOSAH_KF_COVERED, 0), 1, 0);
    assert_string_equal(rfx_text(r.out, DOSAH_LAYER_LOCALITIES, "care", DOSAH_KF_NEAREST, 0), "S1");
    assert_float_equal(rfx_real(r.out, DOSAH_LAYER_LOCALITIES, "care", DOSAH_KF_WALK_MINUTES, 0),
                       84, 1e-9);
    assert_float_equal(rfx_real(r.out, DOSAH_LAYER_LOCALITIES, "sheltered", DOSAH_KF_MINUTES, 0), 3,
                       1e-9);
    assert_float_equal(rfx_field(r.out, DOSAH_OF_REG_LOCALITIES, 0), 1, 0);
    assert_float_equal(rfx_field(r.out, DOSAH_OF_REG_LOCALITIES, 1), 0, 0);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_LOCALITIES_COVERED, 0), 1, 0);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_LOCALITIES_SHARE, 0), 1, EPS);
    assert_true(isnan(rfx_real(r.out, R, "care", DOSAH_KF_LOCALITIES_SHARE, 1))); /* none there */
    run_done(&r);
}

/*
 * Coverage of care by area. Municipalities hold one point each: within 15 min 1, 1, 0;
 * population within 1000, 2000, 0; nobody unreached (every point has a time); mean time
 * 0, 10, 20. Within 30 min (thresholds_min): all three, population 1000, 2000, 4000.
 * Regions: R1 = A + B, all 3000 within 15 min, share 1; mean (0 * 1000 + 10 * 2000) / 3000
 * = 20/3 min. R2 = C: share 0 within 15, 1 within 30; mean 20 min.
 */
static void test_coverage_shares(void **state)
{
    static const double within[] = {1, 1, 0}, pop[] = {1000, 2000, 0}, mean[] = {0, 10, 20},
                        pop30[] = {1000, 2000, 4000};
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    compute(&r);
    for (i = 0; i < 3; i++) {
        assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_WITHIN, i), within[i], EPS);
        assert_float_equal(rfx_real_t(r.out, M, "care", DOSAH_KF_WITHIN_T, 15, i), within[i], EPS);
        assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_POP_WITHIN, i), pop[i], EPS);
        assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_MEAN_MINUTES, i), mean[i], EPS);
        assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_UNREACHED, i), 0, EPS);
        assert_float_equal(rfx_real_t(r.out, M, "care", DOSAH_KF_WITHIN_T, 30, i), 1, EPS);
        assert_float_equal(rfx_real_t(r.out, M, "care", DOSAH_KF_POP_WITHIN_T, 30, i), pop30[i],
                           EPS);
    }
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_WITHIN, 0), 1, EPS);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_WITHIN, 1), 0, EPS);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_POP_WITHIN, 0), 3000, EPS);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_MEAN_MINUTES, 0), 20.0 / 3.0, 1e-9);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_MEAN_MINUTES, 1), 20, EPS);
    assert_float_equal(rfx_real_t(r.out, R, "care", DOSAH_KF_WITHIN_T, 30, 1), 1, EPS);
    run_done(&r);
}

/*
 * 2SFCA (cutoff, T = 15 min) of care: S1 reaches A (1000) and B (2000), D = 3000, so
 * R = 10 / 3000 and per 1,000 residents 10/3. A and B see 10/3 each, C nothing. Region R1
 * (3000 people, all at 10/3) 10/3, R2 0. Supply is conserved: (1000 + 2000) * 10/3 / 1000
 * = 10 = S1's capacity.
 */
static void test_fca(void **state)
{
    const double ratio = 10.0 / 3.0;
    struct run r;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    compute(&r);
    /* The services layer: row 0 is S1 answering care. */
    assert_float_equal(rfx_field(r.out, DOSAH_OF_SRV_FCA_RATIO, 0), ratio, 1e-9);
    assert_float_equal(rfx_field(r.out, DOSAH_OF_SRV_REACH_POPULATION, 0), 3000, EPS);
    assert_float_equal(rfx_real(r.out, D, "care", DOSAH_KF_FCA, 0), ratio, 1e-9);
    assert_float_equal(rfx_real(r.out, D, "care", DOSAH_KF_FCA, 1), ratio, 1e-9);
    assert_float_equal(rfx_real(r.out, D, "care", DOSAH_KF_FCA, 2), 0, EPS);
    assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_FCA, 1), ratio, 1e-9);
    assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_FCA, 2), 0, EPS);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_FCA, 0), ratio, 1e-9);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_FCA, 1), 0, EPS);
    /* sheltered (45 min): S2 reaches everybody, 7000, R = 2 / 7000: 2/7 per 1,000. */
    assert_float_equal(rfx_field(r.out, DOSAH_OF_SRV_REACH_POPULATION, 1), 7000, EPS);
    assert_float_equal(rfx_field(r.out, DOSAH_OF_SRV_FCA_RATIO, 1), 2.0 / 7.0, 1e-9);
    run_done(&r);
}

/*
 * Capacity-limited coverage of care: S1 has room for 10 persons and takes its points by
 * increasing time, A first (0 min): 10 of A's 1000 are served, 990 not; B (2000) and C
 * (4000) get nobody. Shares 0.01, 0, 0. Region R1: 10 of 3000.
 */
static void test_capacity_coverage(void **state)
{
    static const double covered[] = {10, 0, 0}, unserved[] = {990, 2000, 4000},
                        share[] = {0.01, 0, 0};
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    compute(&r);
    for (i = 0; i < 3; i++) {
        assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_CAP_COVERED, i), covered[i], EPS);
        assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_CAP_UNSERVED, i), unserved[i], EPS);
        assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_CAP_SHARE, i), share[i], EPS);
    }
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_CAP_COVERED, 0), 10, EPS);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_CAP_SHARE, 0), 10.0 / 3000.0, 1e-12);
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_CAP_UNSERVED, 1), 4000, EPS);
    run_done(&r);
}

/*
 * Coverage by opening hours: S1 opens Mo-Fr 08:00-16:00. In the window `day` (the same
 * hours) it is open throughout, so the shares are those of care: 1, 1, 0. In `evening`
 * (18:00-22:00) no care facility is open: nobody is within reach, 0 everywhere.
 */
static void test_time_windows(void **state)
{
    static const double day[] = {1, 1, 0};
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    r.m->services[0].hours = rfx_strdup("Mo-Fr 08:00-16:00");
    assert_int_equal(dosah_hours_parse(r.ctx, r.m->services[0].hours, &r.m->services[0].opening),
                     DOSAH_OK);
    compute(&r);
    for (i = 0; i < 3; i++) {
        assert_float_equal(rfx_real_w(r.out, M, "care", DOSAH_KF_WITHIN_W, "day", i), day[i], EPS);
        assert_float_equal(rfx_real_w(r.out, M, "care", DOSAH_KF_WITHIN_W, "evening", i), 0, EPS);
    }
    assert_float_equal(rfx_real_w(r.out, R, "care", DOSAH_KF_WITHIN_W, "day", 0), 1, EPS);
    assert_float_equal(rfx_real_w(r.out, R, "care", DOSAH_KF_WITHIN_W, "evening", 0), 0, EPS);
    run_done(&r);
}

/*
 * Gaps of sheltered against 3 places per 10,000. R1 (3000) holds S2 with capacity 2:
 * 2 / 3000 * 10,000 = 20/3 per 10,000, the norm needs 3 * 3000 / 10,000 = 0.9 <= 2: no gap,
 * shortfall 0. R2 (4000) holds nothing: capacity 0, no facility, the norm needs
 * 3 * 4000 / 10,000 = 1.2 places: shortfall ceil(1.2 - 0) = 2 units, reasons no_facility
 * and below_norm.
 */
static void test_gaps(void **state)
{
    struct run r;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    compute(&r);
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_CAPACITY, 0), 2, EPS);
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_PER_10K, 0), 20.0 / 3.0, 1e-9);
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_HAS_FACILITY, 0), 1, 0);
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_GAP, 0), 0, 0);
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_SHORTFALL, 0), 0, 0);
    assert_string_equal(rfx_text(r.out, R, "sheltered", DOSAH_KF_GAP_REASON, 0), "(null)");
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_CAPACITY, 1), 0, EPS);
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_PER_10K, 1), 0, EPS);
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_HAS_FACILITY, 1), 0, 0);
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_GAP, 1), 1, 0);
    assert_float_equal(rfx_real(r.out, R, "sheltered", DOSAH_KF_SHORTFALL, 1), 2, 0);
    assert_string_equal(rfx_text(r.out, R, "sheltered", DOSAH_KF_GAP_REASON, 1),
                        "no_facility,below_norm");
    /* care has no norm and no target: no gap columns. */
    assert_null(rfx_col(r.out, R, "care", DOSAH_KF_SHORTFALL));
    run_done(&r);
}

/*
 * Times from an OD matrix instead of roads. care is a field service: pairs read (facility,
 * point). S1 -> 1001 3 min, S1 -> 1002 12 min, and 1003 -> S1 25 min given only the other
 * way round (used, times taken as symmetric). Within 15 min: 1, 1, 0. sheltered has no pair:
 * every time NULL, every person unreached.
 */
static void test_od_matrix(void **state)
{
    static const double minutes[] = {3, 12, 25}, within[] = {1, 1, 0};
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 0);
    rfx_od(r.m, "S1", "1001", 3);
    rfx_od(r.m, "S1", "1002", 12);
    rfx_od(r.m, "1003", "S1", 25);
    compute(&r);
    for (i = 0; i < 3; i++) {
        assert_float_equal(rfx_real(r.out, D, "care", DOSAH_KF_MINUTES, i), minutes[i], EPS);
        assert_float_equal(rfx_real(r.out, M, "care", DOSAH_KF_WITHIN, i), within[i], EPS);
        assert_true(isnan(rfx_real(r.out, D, "sheltered", DOSAH_KF_MINUTES, i)));
        assert_float_equal(rfx_real(r.out, M, "sheltered", DOSAH_KF_UNREACHED, i),
                           r.m->demand[i].population, EPS);
    }
    /* Region R1 mean: (3 * 1000 + 12 * 2000) / 3000 = 9 min. */
    assert_float_equal(rfx_real(r.out, R, "care", DOSAH_KF_MEAN_MINUTES, 0), 9, 1e-9);
    run_done(&r);
}

/*
 * Catchments with their polygons: per facility and threshold of thresholds_min, the
 * population reached. S1 (care): within 15 min A and B, 3000; within 30 min all, 7000.
 * S2 (sheltered) reaches all three within 10 min: 7000 at both. Each polygon is checked
 * against the computed times with no disagreement.
 */
static void test_catchments(void **state)
{
    static const char *const service[] = {"S1", "S1", "S2", "S2"};
    static const double minutes[] = {15, 30, 15, 30}, pop[] = {3000, 7000, 7000, 7000};
    const struct dosah_table *t;
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, "", 1);
    compute(&r);
    t = rfx_table(r.out, DOSAH_T_CATCHMENTS);
    assert_non_null(t);
    assert_int_equal(t->rows, 4);
    for (i = 0; i < 4; i++) {
        assert_string_equal(rfx_cell_text(t, DOSAH_OF_CATCH_SERVICE_ID, i), service[i]);
        assert_float_equal(rfx_cell(t, DOSAH_OF_CATCH_MINUTES, i), minutes[i], 0);
        assert_float_equal(rfx_cell(t, DOSAH_OF_CATCH_POPULATION, i), pop[i], EPS);
        assert_non_null(t->wkb[i]);
        assert_true(rfx_cell(t, DOSAH_OF_CATCH_CHECKED_POINTS, i) > 0);
        assert_float_equal(rfx_cell(t, DOSAH_OF_CATCH_VIOLATIONS, i), 0, 0);
    }
    run_done(&r);
}

/*
 * The direct way between points closer to each other than their access legs together: S1
 * moves to (5,000, -1,500) and A's people to (5,600, -1,500), both 1,500 m below the road.
 * At 5 km/h over 1.3 times the straight line (0.936 s per metre), each access leg takes
 * 1,404 s = 23.4 min, so by the road A would be 23.4 + 0.6 + 23.4 = 47.4 min from S1; the
 * 600 m between them take 561.6 s = 9.36 min. B and C go by the road: 23.4 + 10 and
 * 23.4 + 20 min. S1's catchments hold A alone at 15 and 30 min, and the time surface agrees
 * with A's time (no violation: its polygon contains the disc around S1).
 */
static void test_direct_way(void **state)
{
    static const double minutes[] = {9.36, 33.4, 43.4};
    const struct dosah_table *t;
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, "", 1);
    r.m->services[0].pt = (struct dosah_point){5000, -1500};
    r.m->demand[0].pt = (struct dosah_point){5600, -1500};
    compute(&r);
    for (i = 0; i < 3; i++)
        assert_float_equal(rfx_real(r.out, D, "care", DOSAH_KF_MINUTES, i), minutes[i], 1e-9);
    t = rfx_table(r.out, DOSAH_T_CATCHMENTS);
    assert_non_null(t);
    for (i = 0; i < 2; i++) {
        assert_string_equal(rfx_cell_text(t, DOSAH_OF_CATCH_SERVICE_ID, i), "S1");
        assert_float_equal(rfx_cell(t, DOSAH_OF_CATCH_POPULATION, i), 1000, EPS);
        assert_non_null(t->wkb[i]);
        assert_true(rfx_cell(t, DOSAH_OF_CATCH_CHECKED_POINTS, i) > 0);
        assert_float_equal(rfx_cell(t, DOSAH_OF_CATCH_VIOLATIONS, i), 0, 0);
    }
    run_done(&r);
}

/*
 * Declared scope against reach: S1 declares "1001" (A) only. Within its 15 min it reaches
 * A (0 min) and B (10 min), not C (20 min): one municipality declared, none declared but
 * not reached, one (B) reached but not declared. S2 declares nothing: no counts.
 */
static void test_scope(void **state)
{
    struct run r;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\n", 1);
    r.m->services[0].scope = rfx_strdup("1001");
    compute(&r);
    assert_float_equal(rfx_field(r.out, DOSAH_OF_SRV_SCOPE_DECLARED, 0), 1, 0);
    assert_float_equal(rfx_field(r.out, DOSAH_OF_SRV_SCOPE_NOT_REACHED, 0), 0, 0);
    assert_float_equal(rfx_field(r.out, DOSAH_OF_SRV_SCOPE_NOT_DECLARED, 0), 1, 0);
    assert_true(isnan(rfx_field(r.out, DOSAH_OF_SRV_SCOPE_DECLARED, 1)));
    run_done(&r);
}

/*
 * One new care unit among the municipalities' main points when no care facility exists
 * (S1 made a §41). Within 15 min a unit at A (5 km) reaches A and B (10 km): 3000; at B
 * (15 km) all three (10, 0, 10 km): 7000; at C (25 km) B and C: 6000. B is chosen, rank 1,
 * 7000 newly within reach, cumulative share 7000 / 7000 = 1.
 */
static void test_plan(void **state)
{
    const struct dosah_table *t;
    struct run r;
    (void)state;
    run_line(&r, "catchments: {polygons: false}\nplan:\n  - service: care\n    new_units: 1\n",
             1);
    r.m->services[0].type = 41;
    compute(&r);
    t = rfx_table(r.out, DOSAH_T_PROPOSALS);
    assert_non_null(t);
    assert_int_equal(t->rows, 1);
    assert_string_equal(rfx_cell_text(t, DOSAH_OF_PROP_KEY, 0), "care");
    assert_float_equal(rfx_cell(t, DOSAH_OF_PROP_RANK, 0), 1, 0);
    assert_string_equal(rfx_cell_text(t, DOSAH_OF_PROP_SITE, 0), "1002");
    assert_float_equal(rfx_cell(t, DOSAH_OF_PROP_ADDED_POPULATION, 0), 7000, EPS);
    assert_float_equal(rfx_cell(t, DOSAH_OF_PROP_CUMULATIVE_SHARE, 0), 1, EPS);
    run_done(&r);
}

/* The row of the changes table for a region and the indicator of regions' field f of
 * question key, or -1. */
static long change_row(const struct dosah_table *t, const char *region, const char *key,
                       enum dosah_key_field f)
{
    char indicator[128];
    size_t i;
    rfx_key_on(R, f);
    dosah_key_field_name(f, key, NAN, NULL, indicator, sizeof indicator);
    for (i = 0; i < t->rows; i++)
        if (!strcmp(rfx_cell_text(t, DOSAH_OF_CHG_REGION, i), region) &&
            !strcmp(rfx_cell_text(t, DOSAH_OF_CHG_INDICATOR, i), indicator))
            return (long)i;
    return -1;
}

static void assert_change(const struct dosah_table *t, const char *region, const char *key,
                          enum dosah_key_field f, double before, double after)
{
    long i = change_row(t, region, key, f);
    if (i < 0)
        print_error("no change row %s %s %s\n", region, key, dosah_key_field_suffix(f));
    assert_true(i >= 0);
    assert_float_equal(rfx_cell(t, DOSAH_OF_CHG_BEFORE, i), before, 1e-9);
    assert_float_equal(rfx_cell(t, DOSAH_OF_CHG_AFTER, i), after, 1e-9);
    assert_float_equal(rfx_cell(t, DOSAH_OF_CHG_DIFFERENCE, i), after - before, 1e-9);
}

/*
 * What if: a §51 residential S3 of capacity 2 added in C (at its main point, x = 25 km),
 * S1 removed, S2 resized to 4. After: R2 holds 2 places, 2 / 4000 * 10,000 = 5 per 10,000,
 * needs 1.2: shortfall 2 -> 0, gap 1 -> 0. R1 capacity 2 -> 4. Without S1, nobody reaches
 * care: R1's share within 15 min 1 -> 0 and its unreached 0 -> 3000. C's sheltered time
 * becomes 0 (S3 stands on its point), so R2's mean 10 -> 0.
 */
static void test_what_if(void **state)
{
    struct run r;
    struct dosah_whatif w;
    struct dosah_output *after;
    const struct dosah_table *t;
    (void)state;
    run_line(&r,
             "catchments: {polygons: false}\n"
             "changes:\n"
             "  - add: {id: S3, type: \"§51\", form: residential, capacity: 2, "
             "municipality: 1003}\n"
             "  - remove: S1\n"
             "  - resize: S2\n"
             "    capacity: 4\n",
             1);
    compute(&r);
    assert_int_equal(dosah_whatif_build(r.ctx, r.s, r.m, &w), DOSAH_OK);
    assert_int_equal(w.view.service_count, 2); /* S2, S3 */
    assert_string_equal(w.view.services[1].id.text, "S3");
    assert_float_equal(w.view.services[1].pt.x, 25000, 0);
    after = dosah_output_create(r.ctx);
    assert_non_null(after);
    assert_int_equal(rfx_compute(r.ctx, r.s, &w.view, after), DOSAH_OK);
    assert_int_equal(dosah_changes_compare(r.ctx, r.m, after, r.out, 0), DOSAH_OK);
    t = rfx_table(r.out, DOSAH_T_CHANGES);
    assert_non_null(t);
    assert_change(t, "R2", "sheltered", DOSAH_KF_SHORTFALL, 2, 0);
    assert_change(t, "R2", "sheltered", DOSAH_KF_GAP, 1, 0);
    assert_change(t, "R2", "sheltered", DOSAH_KF_PER_10K, 0, 5);
    assert_change(t, "R1", "sheltered", DOSAH_KF_CAPACITY, 2, 4);
    assert_change(t, "R1", "care", DOSAH_KF_WITHIN, 1, 0);
    assert_change(t, "R1", "care", DOSAH_KF_UNREACHED, 0, 3000);
    assert_change(t, "R2", "sheltered", DOSAH_KF_MEAN_MINUTES, 10, 0);
    /* Text columns (gap_reason) are not compared. */
    assert_int_equal(change_row(t, "R2", "sheltered", DOSAH_KF_GAP_REASON), -1);
    dosah_output_destroy(after);
    dosah_whatif_clear(&w);
    run_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nearest_times),   cmocka_unit_test(test_direction_one_way),
        cmocka_unit_test(test_locality),
        cmocka_unit_test(test_catchment_walks_with_detour),
        cmocka_unit_test(test_polygons_per_question),
        cmocka_unit_test(test_coverage_shares),
        cmocka_unit_test(test_fca),             cmocka_unit_test(test_capacity_coverage),
        cmocka_unit_test(test_time_windows),    cmocka_unit_test(test_gaps),
        cmocka_unit_test(test_od_matrix),       cmocka_unit_test(test_catchments),
        cmocka_unit_test(test_direct_way),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_what_if),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
