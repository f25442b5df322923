/* SPDX-License-Identifier: MIT */
/*
 * Catchments on hand-made networks, answers worked out by hand:
 *
 *   A (0,0) ── 10 km two-way, 60 km/h (1 km per minute) ── B (10000,0)
 *   B (10000,0) ── 6 km one-way toward B (digitised from C to B), 60 km/h ── C (10000,6000)
 *
 * A facility stands on the road at A (snap distance 0). Leaving it (field service), within
 * 5 min one reaches x ≤ 5000 m on A–B; within 12 min all of A–B (10 min) and nothing of
 * B–C, which is one-way toward B. Coming to it (ambulant), within 12 min one arrives from all
 * of A–B and from the first 2 km of B–C before B (C–B is driven toward B: the points 0..2 km
 * before B, i.e. y ≤ 2000).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>

#include "dosah/catchment.h"
#include "run/run_internal.h"
#include "unit/net/roads_fixture.h"

struct net {
    struct dosah_ctx *ctx;
    struct dosah_roads roads;
    struct dosah_graph *g;
    struct dosah_snap_index *idx;
    struct dosah_route_workspace *ws;
    struct dosah_geom *geom;
    struct dosah_snap src;
};

static const struct fx_line lines[] = {
    {1, 2, {0, 0, 10000, 0}, FX_NO_CLASS, 60.0f, 0},
    {2, 2, {10000, 6000, 10000, 0}, FX_NO_CLASS, 60.0f, 1},
};

static void net_open(struct net *n, struct dosah_point facility)
{
    struct dosah_graph_options gopt;
    struct dosah_snap_options sopt;
    n->ctx = dosah_ctx_create();
    fx_roads(&n->roads, lines, 2, NULL, 0);
    dosah_graph_options_init(&gopt);
    assert_int_equal(dosah_graph_build(n->ctx, &n->roads, &gopt, &n->g), DOSAH_OK);
    assert_int_equal(dosah_snap_index_create(n->ctx, n->g, &n->idx), DOSAH_OK);
    assert_int_equal(dosah_route_workspace_create(n->ctx, n->g, &n->ws), DOSAH_OK);
    assert_int_equal(dosah_geom_create(n->ctx, &n->geom), DOSAH_OK);
    dosah_snap_options_init(&sopt);
    assert_int_equal(dosah_snap_points(n->ctx, n->idx, &facility, 1, &sopt, &n->src), DOSAH_OK);
}

static void net_close(struct net *n)
{
    dosah_geom_destroy(n->geom);
    dosah_route_workspace_destroy(n->ws);
    dosah_snap_index_destroy(n->idx);
    dosah_graph_destroy(n->g);
    fx_roads_free(&n->roads);
    dosah_ctx_destroy(n->ctx);
}

/* Runs the bounded search from the facility up to bound_s. */
static void search(struct net *n, enum dosah_route_direction dir, double bound_s)
{
    struct dosah_route_options opt;
    uint32_t reached[1];
    double t[1];
    size_t count = 0;
    dosah_route_options_init(&opt);
    opt.direction = dir;
    opt.max_time_s = bound_s;
    assert_int_equal(dosah_route_reach(n->ctx, n->ws, &n->src, NULL, 0, &opt, reached, t, &count),
                     DOSAH_OK);
}

/* The (only) link of a road line. */
static uint32_t link_of_line(const struct net *n, uint32_t line)
{
    uint32_t l;
    for (l = 0; l < dosah_graph_link_count(n->g); l++)
        if (dosah_graph_link_line(n->g, l) == line)
            return l;
    fail();
    return 0;
}

/* Total length of polylines. */
static double length(const struct dosah_polylines *p)
{
    double sum = 0;
    size_t i, k;
    for (i = 0; i < p->count; i++)
        for (k = p->offset[i]; k + 1 < p->offset[i + 1]; k++)
            sum += hypot(p->xy[2 * k + 2] - p->xy[2 * k], p->xy[2 * k + 3] - p->xy[2 * k + 1]);
    return sum;
}

static int contains(const unsigned char *wkb, size_t size, double x, double y)
{
    OGRGeometryH g = NULL, p = OGR_G_CreateGeometry(wkbPoint);
    int in;
    assert_int_equal(OGR_G_CreateFromWkb(wkb, NULL, &g, (int)size), OGRERR_NONE);
    OGR_G_SetPoint_2D(p, 0, x, y);
    in = OGR_G_Contains(g, p);
    OGR_G_DestroyGeometry(p);
    OGR_G_DestroyGeometry(g);
    return in;
}

static void test_field_reach(void **state)
{
    struct net n;
    struct dosah_polylines parts = {0};
    struct dosah_point a = {0, 0};
    unsigned char *wkb = NULL;
    size_t size = 0, samples, bad;
    (void)state;
    net_open(&n, a);
    search(&n, DOSAH_ROUTE_FROM_SOURCES, 12 * 60);
    /* Within 5 min: 5 km of A–B, nothing of the one-way B–C. */
    assert_int_equal(dosah_catchment_reached(n.ctx, n.g, n.ws, &n.src, DOSAH_ROUTE_FROM_SOURCES,
                                             5 * 60, &parts),
                     DOSAH_OK);
    assert_float_equal(length(&parts), 5000, 1e-6);
    assert_int_equal(dosah_catchment_polygon(n.geom, &parts, &n.src.at, 100, &wkb, &size),
                     DOSAH_OK);
    assert_non_null(wkb);
    assert_true(contains(wkb, size, 4990, 0));
    assert_true(contains(wkb, size, 5090, 0));   /* within the 100 m buffer */
    assert_false(contains(wkb, size, 5200, 0));
    assert_false(contains(wkb, size, 10000, 3000));
    assert_int_equal(dosah_catchment_check(n.geom, n.g, n.ws, &n.src, DOSAH_ROUTE_FROM_SOURCES,
                                           5 * 60, wkb, size, 100, 50, &samples, &bad),
                     DOSAH_OK);
    /* A–B is reached: 10 km sampled every 50 m is 201 points. B–C is neither reached nor
     * near the polygon (x = 10 km, beyond 5.1 km plus the tolerance): not sampled. */
    assert_int_equal(samples, 201);
    assert_int_equal(bad, 0);
    dosah_free(wkb);
    dosah_polylines_clear(&parts);
    /* Within 12 min: all of A–B (10 km), still nothing of B–C: 10 km in all. */
    assert_int_equal(dosah_catchment_reached(n.ctx, n.g, n.ws, &n.src, DOSAH_ROUTE_FROM_SOURCES,
                                             12 * 60, &parts),
                     DOSAH_OK);
    assert_float_equal(length(&parts), 10000, 1e-6);
    dosah_polylines_clear(&parts);
    net_close(&n);
}

static void test_ambulant_reach(void **state)
{
    struct net n;
    struct dosah_polylines parts = {0};
    struct dosah_point a = {0, 0};
    unsigned char *wkb = NULL;
    size_t size = 0, samples, bad;
    (void)state;
    net_open(&n, a);
    search(&n, DOSAH_ROUTE_TO_SOURCES, 12 * 60);
    /* Coming to A within 12 min: all of A–B and the 2 km of C–B before B: 12 km. */
    assert_int_equal(dosah_catchment_reached(n.ctx, n.g, n.ws, &n.src, DOSAH_ROUTE_TO_SOURCES,
                                             12 * 60, &parts),
                     DOSAH_OK);
    assert_float_equal(length(&parts), 12000, 1e-6);
    assert_int_equal(dosah_catchment_polygon(n.geom, &parts, &n.src.at, 100, &wkb, &size),
                     DOSAH_OK);
    assert_true(contains(wkb, size, 10000, 1900));
    assert_false(contains(wkb, size, 10000, 2300));
    /* 1 km along C–B from C is 5 km before B: 5 min to B, 10 min on to A. */
    assert_float_equal(dosah_catchment_point_time(n.g, n.ws, &n.src, DOSAH_ROUTE_TO_SOURCES,
                                                  link_of_line(&n, 1), 1000.0),
                       15 * 60, 1e-6);
    assert_int_equal(dosah_catchment_check(n.geom, n.g, n.ws, &n.src, DOSAH_ROUTE_TO_SOURCES,
                                           12 * 60, wkb, size, 100, 50, &samples, &bad),
                     DOSAH_OK);
    assert_int_equal(bad, 0);
    dosah_free(wkb);
    dosah_polylines_clear(&parts);
    net_close(&n);
}

/* A facility in the middle of A–B (x = 4000): within 3 min it reaches 3 km each way. */
static void test_facility_mid_link(void **state)
{
    struct net n;
    struct dosah_polylines parts = {0};
    struct dosah_point mid = {4000, 0};
    (void)state;
    net_open(&n, mid);
    search(&n, DOSAH_ROUTE_FROM_SOURCES, 3 * 60);
    assert_int_equal(dosah_catchment_reached(n.ctx, n.g, n.ws, &n.src, DOSAH_ROUTE_FROM_SOURCES,
                                             3 * 60, &parts),
                     DOSAH_OK);
    /* From x = 1000 to x = 7000. */
    assert_float_equal(length(&parts), 6000, 1e-6);
    dosah_polylines_clear(&parts);
    net_close(&n);
}

/* The check catches polygons that claim too much or too little. */
static void test_check_catches_wrong_polygons(void **state)
{
    struct net n;
    struct dosah_polylines parts = {0}, half = {0};
    struct dosah_point a = {0, 0};
    unsigned char *wkb = NULL;
    size_t size = 0, samples, bad;
    (void)state;
    net_open(&n, a);
    search(&n, DOSAH_ROUTE_FROM_SOURCES, 12 * 60);
    assert_int_equal(dosah_catchment_reached(n.ctx, n.g, n.ws, &n.src, DOSAH_ROUTE_FROM_SOURCES,
                                             5 * 60, &parts),
                     DOSAH_OK);
    /* Too much: a 3 km buffer covers unreached road farther than the tolerance. */
    assert_int_equal(dosah_catchment_polygon(n.geom, &parts, &n.src.at, 3000, &wkb, &size),
                     DOSAH_OK);
    assert_int_equal(dosah_catchment_check(n.geom, n.g, n.ws, &n.src, DOSAH_ROUTE_FROM_SOURCES,
                                           5 * 60, wkb, size, 100, 50, &samples, &bad),
                     DOSAH_OK);
    assert_true(bad > 0);
    dosah_free(wkb);
    /* Too little: the parts of a 2-minute catchment checked as a 5-minute one. */
    assert_int_equal(dosah_catchment_reached(n.ctx, n.g, n.ws, &n.src, DOSAH_ROUTE_FROM_SOURCES,
                                             2 * 60, &half),
                     DOSAH_OK);
    assert_int_equal(dosah_catchment_polygon(n.geom, &half, &n.src.at, 100, &wkb, &size),
                     DOSAH_OK);
    assert_int_equal(dosah_catchment_check(n.geom, n.g, n.ws, &n.src, DOSAH_ROUTE_FROM_SOURCES,
                                           5 * 60, wkb, size, 100, 50, &samples, &bad),
                     DOSAH_OK);
    assert_true(bad > 0);
    dosah_free(wkb);
    dosah_polylines_clear(&parts);
    dosah_polylines_clear(&half);
    net_close(&n);
}

/* The threaded builder gives the same polygons and checks with one thread or two, for
 * facilities at A, mid-link (x = 4000) and B, thresholds 3 and 12 min. */
static void test_build_all_threads(void **state)
{
    struct net n;
    struct dosah_point pts[3] = {{0, 0}, {4000, 0}, {10000, 0}};
    struct dosah_snap snaps[3];
    struct dosah_snap_options sopt;
    const double thresholds[2] = {3, 12};
    struct dosah_catchment_job one, two;
    size_t i;
    (void)state;
    net_open(&n, pts[0]);
    dosah_snap_options_init(&sopt);
    assert_int_equal(dosah_snap_points(n.ctx, n.idx, pts, 3, &sopt, snaps), DOSAH_OK);
    memset(&one, 0, sizeof one);
    one.graph = n.g;
    one.sources = snaps;
    one.facility_count = 3;
    dosah_route_options_init(&one.opt);
    one.opt.max_time_s = 12 * 60;
    one.thresholds_min = thresholds;
    one.threshold_count = 2;
    one.buffer_m = 100;
    two = one;
    assert_int_equal(dosah_catchment_build_all(n.ctx, &one, 1), DOSAH_OK);
    assert_int_equal(dosah_catchment_build_all(n.ctx, &two, 2), DOSAH_OK);
    for (i = 0; i < 6; i++) {
        assert_non_null(one.cells[i].wkb);
        assert_int_equal(one.cells[i].wkb_size, two.cells[i].wkb_size);
        assert_memory_equal(one.cells[i].wkb, two.cells[i].wkb, one.cells[i].wkb_size);
        assert_int_equal(one.cells[i].samples, two.cells[i].samples);
        assert_int_equal(one.cells[i].violations, 0);
    }
    /* From x = 4000 within 3 min: x in [1000, 7000], inside; x = 8000 is not. */
    assert_true(contains(one.cells[2].wkb, one.cells[2].wkb_size, 6900, 0));
    assert_false(contains(one.cells[2].wkb, one.cells[2].wkb_size, 8000, 0));
    dosah_catchment_cells_free(&one);
    dosah_catchment_cells_free(&two);
    net_close(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_reach),
        cmocka_unit_test(test_ambulant_reach),
        cmocka_unit_test(test_facility_mid_link),
        cmocka_unit_test(test_check_catches_wrong_polygons),
        cmocka_unit_test(test_build_all_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
