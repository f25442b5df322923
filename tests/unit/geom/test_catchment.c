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
#include <string.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>

#include "route/catchment.h"
#include "route/surface.h"
#include "run/run_internal.h"
#include "unit/net/roads_fixture.h"

struct net {
    struct dosah_ctx *ctx;
    struct dosah_roads roads;
    struct dosah_graph *g;
    struct dosah_snap_index *idx;
    struct dosah_route_workspace *ws;
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
    dosah_snap_options_init(&sopt);
    assert_int_equal(dosah_snap_points(n->ctx, n->idx, &facility, 1, &sopt, &n->src), DOSAH_OK);
}

static void net_close(struct net *n)
{
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

static void test_field_reach(void **state)
{
    struct net n;
    struct dosah_polylines parts = {0};
    struct dosah_point a = {0, 0};
    (void)state;
    net_open(&n, a);
    search(&n, DOSAH_ROUTE_FROM_SOURCES, 12 * 60);
    /* Within 5 min: 5 km of A–B, nothing of the one-way B–C. */
    assert_int_equal(dosah_catchment_reached(n.ctx, n.g, n.ws, &n.src, DOSAH_ROUTE_FROM_SOURCES,
                                             5 * 60, &parts),
                     DOSAH_OK);
    assert_float_equal(length(&parts), 5000, 1e-6);
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
    (void)state;
    net_open(&n, a);
    search(&n, DOSAH_ROUTE_TO_SOURCES, 12 * 60);
    /* Coming to A within 12 min: all of A–B and the 2 km of C–B before B: 12 km. */
    assert_int_equal(dosah_catchment_reached(n.ctx, n.g, n.ws, &n.src, DOSAH_ROUTE_TO_SOURCES,
                                             12 * 60, &parts),
                     DOSAH_OK);
    assert_float_equal(length(&parts), 12000, 1e-6);
    /* 1 km along C–B from C is 5 km before B: 5 min to B, 10 min on to A. */
    assert_float_equal(dosah_catchment_point_time(n.g, n.ws, &n.src, DOSAH_ROUTE_TO_SOURCES,
                                                  link_of_line(&n, 1), 1000.0),
                       15 * 60, 1e-6);
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


/*
 * Catchment polygons from the time surface, on hand-built networks. Each case gives its
 * true region worked out by hand; the stated tolerance is that the outline lies within one
 * cell diagonal (√2 · cell) of the true boundary, so the area may differ by at most the
 * perimeter times that and each side of the extent by that.
 */
struct poly_case {
    const struct fx_line *lines;
    size_t line_count;
    struct dosah_point facility;
    double threshold_min, cell_m, snap_max_m, access_kmh;
    const struct dosah_point *points; /* demand points to check the polygon at */
    size_t point_count;
};

struct poly_result {
    unsigned char *wkb;
    size_t wkb_size, samples, violations;
};

/* Builds the network and the polygon of the facility on `threads` threads. */
static void polygon_of(const struct poly_case *pc, unsigned threads, struct poly_result *res)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads roads;
    struct dosah_graph *g = NULL;
    struct dosah_graph_options gopt;
    struct dosah_snap_index *idx = NULL;
    struct dosah_snap_options sopt;
    struct dosah_surface_cells *cells = NULL;
    struct dosah_snap src, *psnap = calloc(pc->point_count + 1, sizeof *psnap);
    struct dosah_catchment_job job;
    struct dosah_route_reach_set *set = NULL;
    struct dosah_catchment_workers *workers = NULL;
    fx_roads(&roads, pc->lines, pc->line_count, NULL, 0);
    dosah_graph_options_init(&gopt);
    assert_int_equal(dosah_graph_build(ctx, &roads, &gopt, &g), DOSAH_OK);
    assert_int_equal(dosah_snap_index_create(ctx, g, &idx), DOSAH_OK);
    dosah_snap_options_init(&sopt);
    sopt.snap_max_m = pc->snap_max_m;
    sopt.access_kmh = pc->access_kmh;
    assert_int_equal(dosah_snap_points(ctx, idx, &pc->facility, 1, &sopt, &src), DOSAH_OK);
    if (pc->point_count)
        assert_int_equal(dosah_snap_points(ctx, idx, pc->points, pc->point_count, &sopt, psnap),
                         DOSAH_OK);
    assert_int_equal(dosah_surface_cells_create(ctx, g, idx, &sopt, pc->cell_m, &cells),
                     DOSAH_OK);
    memset(&job, 0, sizeof job);
    job.graph = g;
    job.surface = cells;
    job.sources = &src;
    job.facility_count = 1;
    dosah_route_options_init(&job.opt);
    job.opt.max_time_s = 60 * pc->threshold_min;
    job.thresholds_min = &pc->threshold_min;
    job.threshold_count = 1;
    job.points = pc->points;
    job.targets = psnap;
    job.point_count = pc->point_count;
    job.workers = &workers;
    assert_int_equal(dosah_catchment_build_all(ctx, &job, threads, &set), DOSAH_OK);
    dosah_catchment_workers_destroy(workers);
    assert_int_equal(set->source_count, 1);
    res->wkb = job.cells[0].wkb;
    job.cells[0].wkb = NULL;
    res->wkb_size = job.cells[0].wkb_size;
    res->samples = job.cells[0].samples;
    res->violations = job.cells[0].violations;
    dosah_catchment_cells_free(&job);
    dosah_route_reach_set_destroy(set);
    dosah_surface_cells_destroy(cells);
    dosah_snap_index_destroy(idx);
    dosah_graph_destroy(g);
    fx_roads_free(&roads);
    free(psnap);
    dosah_ctx_destroy(ctx);
}

/* Asserts the polygon's area and extent {xmin, xmax, ymin, ymax} against the true ones;
 * tip > 1 widens the tolerance along x for a region whose ends are sharp points (a point
 * within tol of the two sides of a tip of half-angle a can lie tol / sin(a) inside it). */
static void assert_shape(const struct poly_result *r, double area, double perimeter,
                         const double extent[4], double cell_m, double tip)
{
    OGRGeometryH geom = NULL;
    OGREnvelope env;
    double tol = sqrt(2.0) * cell_m;
    assert_non_null(r->wkb);
    assert_int_equal(OGR_G_CreateFromWkb(r->wkb, NULL, &geom, (int)r->wkb_size), OGRERR_NONE);
    assert_true(OGR_G_IsValid(geom));
    assert_float_equal(OGR_G_Area(geom), area, perimeter * tol);
    OGR_G_GetEnvelope(geom, &env);
    assert_float_equal(env.MinX, extent[0], tip * tol);
    assert_float_equal(env.MaxX, extent[1], tip * tol);
    assert_float_equal(env.MinY, extent[2], tol);
    assert_float_equal(env.MaxY, extent[3], tol);
    OGR_G_DestroyGeometry(geom);
}

/*
 * A straight two-way road (0,0)–(10000,0) at 36 km/h (10 m/s), the facility at (5000,0),
 * 5 min, walking at 5 km/h (25/18 m/s) up to 200 m off the road. A place (x, y) is reached
 * when |x − 5000| / 10 + |y| / (25/18) ≤ 300 and |y| ≤ 200: a hexagon from x = 2000 to
 * 8000, 200 m each side, its half-width along x at height y being 3000 − 7.2·|y|. Area
 * 2 · ∫0..200 (6000 − 14.4 y) dy = 1,824,000 m²; perimeter 2 · 3120 (at y = ±200) + 4 ·
 * hypot(1440, 200) = 12,055 m.
 */
static void test_polygon_straight_road(void **state)
{
    static const struct fx_line road[] = {{1, 2, {0, 0, 10000, 0}, FX_NO_CLASS, 36.0f, 0}};
    /* (5000,100): 72 s; (2500,0): 250 s; (1800,0): 320 s; (5000,190): 137 s. */
    static const struct dosah_point pts[] = {{5000, 100}, {2500, 0}, {1800, 0}, {5000, 190}};
    const struct poly_case pc = {road, 1, {5000, 0}, 5, 5, 200, 5, pts, 4};
    const double extent[4] = {2000, 8000, -200, 200};
    struct poly_result r;
    (void)state;
    polygon_of(&pc, 1, &r);
    /* The ends are tips of half-angle atan(1 / 7.2): 1 / sin = √(1 + 7.2²). */
    assert_shape(&r, 1824000, 12055, extent, pc.cell_m, sqrt(1 + 7.2 * 7.2));
    assert_int_equal(r.samples, 4);
    assert_int_equal(r.violations, 0);
    dosah_free(r.wkb);
}

/*
 * A T junction: A (0,0)–(1000,0)–(2000,0) and B (1000,0)–(1000,1000) at 10 m/s, the
 * facility at (0,0), 150 s; walking is made nearly instant (3600 km/h) up to 50 m off the
 * road, so the region is the 50 m band around the reached stretches: A up to x = 1500
 * (150 s), B up to y = 500 (100 s to the junction, then 50 s), with a half disc behind
 * the road's end at (0,0) and square cuts where the reach ends. Area: 1500 · 100 + 450 ·
 * 100 (B above A's band) + π · 50² / 2 = 198,927 m²; perimeter 1500 + 950 + 450 + 100 +
 * 2 · 450 + 100 + π · 50 = 4,157 m; extent x −50..1500, y −50..500.
 */
static const struct fx_line t_roads[] = {
    {1, 3, {0, 0, 1000, 0, 2000, 0}, FX_NO_CLASS, 36.0f, 0},
    {2, 2, {1000, 0, 1000, 1000}, FX_NO_CLASS, 36.0f, 0},
};

static void test_polygon_t_junction(void **state)
{
    /* On B at y = 400 (140 s) inside, at y = 540 (154 s) outside; on A at 1400 / 1540. The
     * outside points lie within the surface's window, which ends the 50 m walk and a cell
     * or two past where the 150 s run out (y = 500 on B, x = 1500 on A). */
    static const struct dosah_point pts[] = {{1000, 400}, {1000, 540}, {1400, 20}, {1540, 20}};
    const struct poly_case pc = {t_roads, 2, {0, 0}, 2.5, 2, 50, 3600, pts, 4};
    const double extent[4] = {-50, 1500, -50, 500};
    struct poly_result r;
    (void)state;
    polygon_of(&pc, 1, &r);
    assert_shape(&r, 150000 + 45000 + M_PI * 2500 / 2, 4157, extent, pc.cell_m, 1);
    assert_int_equal(r.samples, 4);
    assert_int_equal(r.violations, 0);
    dosah_free(r.wkb);
}

/*
 * One straight road 1000 km long at 10 m/s, the facility at its west end, 150 s, walking
 * nearly instant up to 50 m: the region is the band x 0..1500 with a half disc behind the
 * end (area 1500 · 100 + π · 50² / 2, perimeter 2 · 1500 + 100 + π · 50). The surface's
 * window is bounded by what 150 s at the fastest speed reach (1500 m), not by the link's
 * far end: of the points at x = 1400 (inside), 1700 and 900 km (both beyond the window
 * and unreached), only the first is checked.
 */
static void test_polygon_long_link(void **state)
{
    static const struct fx_line road[] = {{1, 2, {0, 0, 1000000, 0}, FX_NO_CLASS, 36.0f, 0}};
    static const struct dosah_point pts[] = {{1400, 20}, {1700, 20}, {900000, 20}};
    const struct poly_case pc = {road, 1, {0, 0}, 2.5, 2, 50, 3600, pts, 3};
    const double extent[4] = {-50, 1500, -50, 50};
    struct poly_result r;
    (void)state;
    polygon_of(&pc, 1, &r);
    assert_shape(&r, 150000 + M_PI * 2500 / 2, 3000 + 100 + M_PI * 50, extent, pc.cell_m, 1);
    assert_int_equal(r.samples, 1);
    assert_int_equal(r.violations, 0);
    dosah_free(r.wkb);
}

/*
 * A one-way loop (0,0) → (1000,0) → (1000,1000) → (0,1000) → (0,0) at 10 m/s, the facility
 * at (500,0), 200 s, near-instant walking up to 50 m: 2000 m of road are reached, the
 * bottom from x = 500, the right side, the top down to x = 500; nothing behind the
 * facility (one-way). The 50 m band around that polyline, square at its ends, with two
 * right-angle turns, each adding a quarter disc outside and losing a 50 × 50 square inside:
 * 2 · 50 · 2000 + 2 · (π · 50² / 4 − 50²) = 198,927 m²; perimeter 4,157 m; extent x
 * 500..1050, y −50..1050.
 */
static void test_polygon_one_way_loop(void **state)
{
    static const struct fx_line loop[] = {
        {1, 2, {0, 0, 1000, 0}, FX_NO_CLASS, 36.0f, 1},
        {2, 2, {1000, 0, 1000, 1000}, FX_NO_CLASS, 36.0f, 1},
        {3, 2, {1000, 1000, 0, 1000}, FX_NO_CLASS, 36.0f, 1},
        {4, 2, {0, 1000, 0, 0}, FX_NO_CLASS, 36.0f, 1},
    };
    /* Ahead on the bottom (700,10) inside; behind it (300,10) outside (350 s round the
     * loop); on the top (600,990) inside (190 s), (400,990) outside. */
    static const struct dosah_point pts[] = {{700, 10}, {300, 10}, {600, 990}, {400, 990}};
    const struct poly_case pc = {loop, 4, {500, 0}, 200.0 / 60, 2, 50, 3600, pts, 4};
    const double extent[4] = {500, 1050, -50, 1050};
    struct poly_result r;
    (void)state;
    polygon_of(&pc, 1, &r);
    assert_shape(&r, 200000 + 2 * (M_PI * 2500 / 4 - 2500), 4157, extent, pc.cell_m, 1);
    assert_int_equal(r.violations, 0);
    dosah_free(r.wkb);
}

/* One thread or two: the same bytes. */
static void test_polygon_threads(void **state)
{
    const struct poly_case pc = {t_roads, 2, {0, 0}, 2.5, 10, 50, 5, NULL, 0};
    struct poly_result one, two;
    (void)state;
    polygon_of(&pc, 1, &one);
    polygon_of(&pc, 2, &two);
    assert_int_equal(one.wkb_size, two.wkb_size);
    assert_memory_equal(one.wkb, two.wkb, one.wkb_size);
    dosah_free(one.wkb);
    dosah_free(two.wkb);
}

/* A square 0..10 with a hole 4..6 as ISO WKB (little-endian MultiPolygon). */
static size_t square_with_hole(unsigned char *b)
{
    static const double rings[2][10] = {{0, 0, 10, 0, 10, 10, 0, 10, 0, 0},
                                        {4, 4, 4, 6, 6, 6, 6, 4, 4, 4}};
    uint32_t v;
    size_t n = 0, r, k;
    b[n++] = 1, v = 6, memcpy(b + n, &v, 4), n += 4, v = 1, memcpy(b + n, &v, 4), n += 4;
    b[n++] = 1, v = 3, memcpy(b + n, &v, 4), n += 4, v = 2, memcpy(b + n, &v, 4), n += 4;
    for (r = 0; r < 2; r++) {
        v = 5, memcpy(b + n, &v, 4), n += 4;
        for (k = 0; k < 10; k++)
            memcpy(b + n, &rings[r][k], 8), n += 8;
    }
    return n;
}

/* The same square with a hole as big-endian (XDR) WKB, each number's bytes reversed. */
static size_t square_with_hole_xdr(unsigned char *b)
{
    unsigned char le[256];
    size_t n = square_with_hole(le), at = 0, r, k;
    uint32_t rings = 2, points = 5;
    /* byte order, type, count: of the MultiPolygon, then of its Polygon */
    static const size_t u32_at[] = {1, 5, 10, 14};
    memcpy(b, le, n);
    b[0] = b[9] = 0;
    for (k = 0; k < 4; k++) {
        unsigned char *q = b + u32_at[k];
        unsigned char t = q[0];
        q[0] = q[3], q[3] = t, t = q[1], q[1] = q[2], q[2] = t;
    }
    at = 18;
    for (r = 0; r < rings; r++) {
        unsigned char *q = b + at, t;
        t = q[0], q[0] = q[3], q[3] = t, t = q[1], q[1] = q[2], q[2] = t;
        at += 4;
        for (k = 0; k < 2 * points; k++, at += 8) {
            size_t i;
            for (i = 0; i < 8; i++)
                b[at + i] = le[at + 7 - i];
        }
    }
    assert_int_equal(at, n);
    return n;
}

/* The points the square with a hole is checked at, and which of them lie inside it. */
static const struct dosah_point square_pts[] = {{2, 2}, {5, 5}, {12, 5}, {10.5, 5}, {-30, -30}};
static const unsigned char square_right[] = {1, 0, 0, 0, 0}, square_wrong[] = {0, 1, 1, 1, 1};

/* The counts of the square with a hole (wkb, size) at square_pts, in either byte order. */
static void check_square(struct dosah_ctx *ctx, const unsigned char *wkb, size_t size)
{
    static const double tolerance[] = {0.1, 0.1, 0.9, 1};
    /* All wrong: (10.5, 5) is 0.5 from the outline, excused with a tolerance of 0.9; (5, 5)
     * in the hole is 1 from the hole's outline, excused with a tolerance of 1 too. */
    static const size_t expected[] = {0, 5, 4, 3};
    size_t k, bad;
    for (k = 0; k < 4; k++) {
        assert_int_equal(dosah_polygon_check(ctx, wkb, size, square_pts,
                                             k ? square_wrong : square_right, 5, tolerance[k],
                                             NULL, NULL, &bad),
                         DOSAH_OK);
        assert_int_equal(bad, expected[k]);
    }
}

/* The check counts points on the wrong side beyond the tolerance, holes included, and reads
 * big-endian WKB as it reads little-endian. */
static void test_polygon_check(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    unsigned char wkb[256];
    size_t size, bad;
    (void)state;
    check_square(ctx, wkb, square_with_hole(wkb));
    check_square(ctx, wkb, square_with_hole_xdr(wkb));
    /* No polygon: every point wanted inside is a violation. */
    assert_int_equal(dosah_polygon_check(ctx, NULL, 0, square_pts, square_wrong, 5, 0.1, NULL,
                                         NULL, &bad),
                     DOSAH_OK);
    assert_int_equal(bad, 4);
    size = square_with_hole(wkb);
    wkb[1] = 9; /* an unknown geometry type */
    assert_int_equal(dosah_polygon_check(ctx, wkb, size, square_pts, square_right, 5, 0.1, NULL,
                                         NULL, &bad),
                     DOSAH_EINVAL);
    dosah_ctx_destroy(ctx);
}

/* Even-odd over every edge, with no index: the rule dosah_polygon_check applies. */
static int inside_brute(const double *ring, size_t n, double x, double y)
{
    size_t k;
    int in = 0;
    for (k = 0; k + 1 < n; k++) {
        const double *q = ring + 2 * k;
        if ((q[1] > y) != (q[3] > y) && x < q[0] + (y - q[1]) * (q[2] - q[0]) / (q[3] - q[1]))
            in = !in;
    }
    return in;
}

/* The indexed check agrees with the plain even-odd rule at thousands of points around a
 * star of 720 edges in EPSG:5514-sized coordinates: at random points, at points on the
 * vertices' own rows and just beside them, and at points east and west of each row's
 * edges. */
static void test_polygon_check_many(void **state)
{
    enum { N = 721, P = 30000 };
    struct dosah_ctx *ctx = dosah_ctx_create();
    double *ring = malloc(2 * N * sizeof *ring);
    unsigned char *wkb = malloc(9 + 4 + 16 * N), *want = malloc(P), *unwant = malloc(P);
    struct dosah_point *pts = malloc(P * sizeof *pts);
    const double cx = -700123.25, cy = -1040567.5;
    uint32_t v, seed = 12345;
    size_t n = 0, k, m = 0, bad, inside = 0;
    (void)state;
    for (k = 0; k + 1 < N; k++) {
        double a = 2 * 3.14159265358979 * (double)k / (N - 1), r = k % 2 ? 100 : 300;
        seed = seed * 1103515245u + 12345u;
        r += (double)(seed >> 16 & 1023) / 16.0;
        ring[2 * k] = cx + r * cos(a), ring[2 * k + 1] = cy + r * sin(a);
    }
    ring[2 * (N - 1)] = ring[0], ring[2 * (N - 1) + 1] = ring[1];
    wkb[n++] = 1, v = 3, memcpy(wkb + n, &v, 4), n += 4, v = 1, memcpy(wkb + n, &v, 4), n += 4;
    v = N, memcpy(wkb + n, &v, 4), n += 4;
    memcpy(wkb + n, ring, 16 * N), n += 16 * N;
    for (k = 0; k + 1 < N && m + 4 <= P; k++) { /* on and beside each vertex's row */
        double y = ring[2 * k + 1];
        pts[m].x = cx - 400, pts[m++].y = y;
        pts[m].x = cx + 400, pts[m++].y = y;
        pts[m].x = ring[2 * k], pts[m++].y = nextafter(y, INFINITY);
        pts[m].x = ring[2 * k] - 0.001, pts[m++].y = y;
    }
    while (m < P) {
        seed = seed * 1103515245u + 12345u;
        pts[m].x = cx - 350 + 700 * (double)(seed >> 8) / 16777216.0;
        seed = seed * 1103515245u + 12345u;
        pts[m++].y = cy - 350 + 700 * (double)(seed >> 8) / 16777216.0;
    }
    for (k = 0; k < P; k++) {
        want[k] = (unsigned char)inside_brute(ring, N, pts[k].x, pts[k].y);
        unwant[k] = !want[k];
        inside += want[k];
    }
    assert_true(inside > P / 10 && inside < P - P / 10); /* both sides are tried */
    assert_int_equal(dosah_polygon_check(ctx, wkb, n, pts, want, P, 0, NULL, NULL, &bad),
                     DOSAH_OK);
    assert_int_equal(bad, 0);
    /* Every point is then on the wrong side; those exactly on the outline are excused. */
    assert_int_equal(dosah_polygon_check(ctx, wkb, n, pts, unwant, P, 0, NULL, NULL, &bad),
                     DOSAH_OK);
    assert_true(bad <= P && bad >= P - (N - 1));
    free(ring), free(wkb), free(want), free(unwant), free(pts);
    dosah_ctx_destroy(ctx);
}

/* A comb of 500 teeth, each as tall as the comb: its long edges would be copied into every
 * band, so the check takes fewer bands. It still agrees with the plain even-odd rule, and
 * reads the ring the same without its closing point. */
static void test_polygon_check_comb(void **state)
{
    enum { T = 500, N = 4 * T + 3, P = 20000 };
    struct dosah_ctx *ctx = dosah_ctx_create();
    double *ring = malloc(2 * (N + 1) * sizeof *ring);
    unsigned char *wkb = malloc(9 + 4 + 16 * (N + 1)), *want = malloc(P);
    struct dosah_point *pts = malloc(P * sizeof *pts);
    uint32_t v, seed = 777;
    size_t n = 0, k, m = 0, bad, inside = 0;
    (void)state;
    for (k = 0; k < T; k++) { /* tooth k: up x = 10k from y -50 to 1000, down x = 10k + 6 to 0 */
        ring[m++] = 10.0 * (double)k, ring[m++] = -50;
        ring[m++] = 10.0 * (double)k, ring[m++] = 1000;
        ring[m++] = 10.0 * (double)k + 6, ring[m++] = 1000;
        ring[m++] = 10.0 * (double)k + 6, ring[m++] = 0;
    }
    ring[m++] = 10.0 * T, ring[m++] = 0; /* the back of the comb, below the teeth */
    ring[m++] = 10.0 * T, ring[m++] = -100;
    ring[m++] = 0, ring[m++] = -100;
    ring[m++] = ring[0], ring[m++] = ring[1];
    assert_int_equal(m, 2 * N + 2);
    wkb[n++] = 1, v = 3, memcpy(wkb + n, &v, 4), n += 4, v = 1, memcpy(wkb + n, &v, 4), n += 4;
    v = N + 1, memcpy(wkb + n, &v, 4), n += 4;
    memcpy(wkb + n, ring, 16 * (N + 1)), n += 16 * (N + 1);
    for (k = 0; k < P; k++) {
        seed = seed * 1103515245u + 12345u;
        pts[k].x = -20 + (10.0 * T + 40) * (double)(seed >> 8) / 16777216.0;
        seed = seed * 1103515245u + 12345u;
        pts[k].y = -150 + 1200 * (double)(seed >> 8) / 16777216.0;
        want[k] = (unsigned char)inside_brute(ring, N + 1, pts[k].x, pts[k].y);
        inside += want[k];
    }
    assert_true(inside > P / 10 && inside < P - P / 10);
    assert_int_equal(dosah_polygon_check(ctx, wkb, n, pts, want, P, 0, NULL, NULL, &bad),
                     DOSAH_OK);
    assert_int_equal(bad, 0);
    /* The same ring without its closing point means the same polygon. */
    v = N, memcpy(wkb + 9, &v, 4);
    assert_int_equal(dosah_polygon_check(ctx, wkb, n - 16, pts, want, P, 0, NULL, NULL, &bad),
                     DOSAH_OK);
    assert_int_equal(bad, 0);
    free(ring), free(wkb), free(want), free(pts);
    dosah_ctx_destroy(ctx);
}

static int always_cancel(void *user)
{
    (void)user;
    return 1;
}

/*
 * The setup of a national run's snapping index and catchment cell grid takes seconds, with
 * no search in it to look for a cancellation: both look for one every 65,536 links. On a
 * lattice of 186 x 186 points 100 m apart whose every side is a line of its own
 * (2 * 186 * 185 = 68,820 links), a cancellation asked before either starts stops it with
 * DOSAH_EINTERRUPT and nothing made (the sanitizer run checks that nothing leaks).
 */
static void test_setup_cancelled(void **state)
{
    enum { SIDE = 186 };
    size_t n = 2 * SIDE * (SIDE - 1), i, j, k = 0;
    struct fx_line *ls = calloc(n, sizeof *ls);
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads roads;
    struct dosah_graph *g = NULL;
    struct dosah_graph_options gopt;
    struct dosah_snap_index *idx = NULL;
    struct dosah_snap_options sopt;
    struct dosah_surface_cells *cells = NULL;
    (void)state;
    assert_non_null(ls);
    for (i = 0; i < SIDE; i++)
        for (j = 0; j + 1 < SIDE; j++) {
            double a = 100.0 * (double)i, b = 100.0 * (double)j;
            struct fx_line row = {(long)k, 2, {b, a, b + 100, a}, FX_NO_CLASS, 36.0f, 0};
            struct fx_line col = {(long)k + 1, 2, {a, b, a, b + 100}, FX_NO_CLASS, 36.0f, 0};
            ls[k++] = row, ls[k++] = col;
        }
    assert_int_equal(k, n);
    fx_roads(&roads, ls, n, NULL, 0);
    dosah_graph_options_init(&gopt);
    assert_int_equal(dosah_graph_build(ctx, &roads, &gopt, &g), DOSAH_OK);
    assert_int_equal(dosah_graph_link_count(g), n);
    dosah_ctx_set_cancel(ctx, always_cancel, NULL);
    assert_int_equal(dosah_snap_index_create(ctx, g, &idx), DOSAH_EINTERRUPT);
    assert_null(idx);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "interrupted"));
    dosah_ctx_set_cancel(ctx, NULL, NULL);
    assert_int_equal(dosah_snap_index_create(ctx, g, &idx), DOSAH_OK);
    dosah_snap_options_init(&sopt);
    dosah_ctx_set_cancel(ctx, always_cancel, NULL);
    assert_int_equal(dosah_surface_cells_create(ctx, g, idx, &sopt, 100.0, &cells),
                     DOSAH_EINTERRUPT);
    assert_null(cells);
    dosah_ctx_set_cancel(ctx, NULL, NULL);
    dosah_snap_index_destroy(idx);
    dosah_graph_destroy(g);
    fx_roads_free(&roads);
    dosah_ctx_destroy(ctx);
    free(ls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_reach),
        cmocka_unit_test(test_ambulant_reach),
        cmocka_unit_test(test_facility_mid_link),
        cmocka_unit_test(test_polygon_straight_road),
        cmocka_unit_test(test_polygon_t_junction),
        cmocka_unit_test(test_polygon_long_link),
        cmocka_unit_test(test_polygon_one_way_loop),
        cmocka_unit_test(test_polygon_threads),
        cmocka_unit_test(test_polygon_check),
        cmocka_unit_test(test_polygon_check_many),
        cmocka_unit_test(test_polygon_check_comb),
        cmocka_unit_test(test_setup_cancelled),
    };
    GDALAllRegister();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
