/* SPDX-License-Identifier: MIT */
/*
 * The contour tracer (dosah_contour_polygon) on surfaces made by hand: areas worked out on
 * paper, the grouping into polygons and holes, saddles, and on random surfaces the two
 * invariants it promises: the result is valid (GEOS, through OGR) and exactly the cell
 * centres within the level lie inside it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ogr_api.h>

#include "route/surface.h"

#define CELL 10.0

/* A surface of nx × ny cells of CELL metres whose cell (i, j) has time t[j * nx + i]; the
 * centre of cell (i, j) is ((i + 0.5) · CELL, (ny − j − 0.5) · CELL). */
static struct dosah_surface surface(const float *t, size_t nx, size_t ny)
{
    struct dosah_surface s;
    memset(&s, 0, sizeof s);
    s.x0 = 0, s.y1 = (double)ny * CELL, s.cell_m = CELL, s.nx = nx, s.ny = ny;
    s.time_s = (float *)t;
    return s;
}

/* Traces level of t and returns it as an OGR geometry (NULL when empty), checked valid. */
static OGRGeometryH trace(const float *t, size_t nx, size_t ny, double level)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_contour_work *w = NULL;
    struct dosah_surface s = surface(t, nx, ny);
    unsigned char *wkb = NULL;
    size_t size = 0;
    OGRGeometryH g = NULL;
    unsigned char *wkb2 = NULL;
    size_t size2 = 0;
    double levels[3] = {level - 5, level, level + 5};
    assert_int_equal(dosah_contour_work_create(ctx, &w), DOSAH_OK);
    assert_int_equal(dosah_contour_polygon(ctx, w, &s, level, &wkb, &size), DOSAH_OK);
    /* The same with the windows of three levels found beforehand in one pass. */
    dosah_contour_levels(w, &s, levels, 3);
    assert_int_equal(dosah_contour_polygon(ctx, w, &s, level, &wkb2, &size2), DOSAH_OK);
    assert_int_equal(size2, size);
    assert_true(size == 0 || memcmp(wkb, wkb2, size) == 0);
    dosah_free(wkb2);
    if (wkb) {
        assert_int_equal(OGR_G_CreateFromWkb(wkb, NULL, &g, (int)size), OGRERR_NONE);
        assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(g)), wkbMultiPolygon);
        assert_true(OGR_G_IsValid(g));
    }
    dosah_free(wkb);
    dosah_contour_work_destroy(w);
    dosah_ctx_destroy(ctx);
    return g;
}

/* Signed area of ring k of polygon p (> 0 counter-clockwise). */
static double ring_area(OGRGeometryH poly, int k)
{
    OGRGeometryH r = OGR_G_GetGeometryRef(poly, k);
    int i, n = OGR_G_GetPointCount(r);
    double a = 0;
    for (i = 0; i + 1 < n; i++)
        a += OGR_G_GetX(r, i) * OGR_G_GetY(r, i + 1) - OGR_G_GetX(r, i + 1) * OGR_G_GetY(r, i);
    return a / 2;
}

/* One centre within the level among eight beyond it: the outline crosses each of its four
 * edges half-way (time 0 inside, 100 outside, level 50) and cuts the diagonal squares'
 * corners, a diamond of half-diagonal CELL / 2: area 2 · 5² = 50 m², counter-clockwise. */
static void test_one_cell(void **state)
{
    static const float t[] = {100, 100, 100, 100, 0, 100, 100, 100, 100};
    OGRGeometryH g = trace(t, 3, 3, 50), p;
    (void)state;
    assert_non_null(g);
    assert_int_equal(OGR_G_GetGeometryCount(g), 1);
    p = OGR_G_GetGeometryRef(g, 0);
    assert_int_equal(OGR_G_GetGeometryCount(p), 1);
    assert_int_equal(OGR_G_GetPointCount(OGR_G_GetGeometryRef(p, 0)), 5);
    assert_float_equal(ring_area(p, 0), 50, 1e-9);
    OGR_G_DestroyGeometry(g);
}

/* The crossing follows the times linearly: 0 inside, 400 outside, level 100 puts it a
 * quarter of the way (2.5 m) from the centre: a diamond of half-diagonal 2.5, 12.5 m². */
static void test_interpolation(void **state)
{
    static const float t[] = {400, 400, 400, 400, 0, 400, 400, 400, 400};
    OGRGeometryH g = trace(t, 3, 3, 100);
    (void)state;
    assert_non_null(g);
    assert_float_equal(OGR_G_Area(g), 12.5, 1e-9);
    OGR_G_DestroyGeometry(g);
}

/*
 * A ring of eight centres within the level round one beyond it, in a 5 × 5 surface: one
 * polygon with one hole. Exterior: the square half a cell outside the ring's centres (3 × 3
 * cells) less four corner triangles of legs CELL / 2: 900 − 4 · 12.5 = 850 m²; the hole a
 * diamond of half-diagonal CELL / 2, 50 m², clockwise. Area 800 m².
 */
static void test_ring_with_hole(void **state)
{
    float t[25];
    OGRGeometryH g, p;
    size_t i, j;
    (void)state;
    for (j = 0; j < 5; j++)
        for (i = 0; i < 5; i++)
            t[j * 5 + i] = i == 0 || j == 0 || i == 4 || j == 4 || (i == 2 && j == 2) ? 100 : 0;
    g = trace(t, 5, 5, 50);
    assert_non_null(g);
    assert_int_equal(OGR_G_GetGeometryCount(g), 1);
    p = OGR_G_GetGeometryRef(g, 0);
    assert_int_equal(OGR_G_GetGeometryCount(p), 2);
    assert_float_equal(ring_area(p, 0), 850, 1e-9);
    assert_float_equal(ring_area(p, 1), -50, 1e-9);
    assert_float_equal(OGR_G_Area(g), 800, 1e-9);
    OGR_G_DestroyGeometry(g);
}

/* Two centres within the level touching only diagonally (a saddle) stay two polygons that
 * do not touch, each a 50 m² diamond; so do the two beyond it of the opposite saddle, as
 * holes of one polygon (inside is 4-connected, outside 8-connected). */
static void test_saddles(void **state)
{
    static const float two[] = {100, 100, 100, 100, 100, 0, 100, 100,
                                100, 100, 0, 100, 100, 100, 100, 100};
    float holes[36];
    OGRGeometryH g, p;
    size_t i, j;
    (void)state;
    g = trace(two, 4, 4, 50);
    assert_non_null(g);
    assert_int_equal(OGR_G_GetGeometryCount(g), 2);
    assert_float_equal(OGR_G_Area(OGR_G_GetGeometryRef(g, 0)), 50, 1e-9);
    assert_float_equal(OGR_G_Area(OGR_G_GetGeometryRef(g, 1)), 50, 1e-9);
    assert_false(OGR_G_Touches(OGR_G_GetGeometryRef(g, 0), OGR_G_GetGeometryRef(g, 1)));
    OGR_G_DestroyGeometry(g);
    /* 6 × 6: the inner 4 × 4 within the level but for (2,2) and (3,3) */
    for (j = 0; j < 6; j++)
        for (i = 0; i < 6; i++)
            holes[j * 6 + i] = i == 0 || j == 0 || i == 5 || j == 5 || (i == 2 && j == 2) ||
                                       (i == 3 && j == 3)
                                   ? 100
                                   : 0;
    g = trace(holes, 6, 6, 50);
    assert_non_null(g);
    assert_int_equal(OGR_G_GetGeometryCount(g), 1);
    p = OGR_G_GetGeometryRef(g, 0);
    assert_int_equal(OGR_G_GetGeometryCount(p), 2); /* one hole: the two outside are 8-joined */
    /* exterior 16 · 100 − 4 · 12.5 = 1550; the hole: the three quarters of each diamond
     * outside the saddle square (6 · 12.5) and that square less its two inside corners
     * (100 − 2 · 12.5), 150 */
    assert_float_equal(ring_area(p, 0), 1550, 1e-9);
    assert_float_equal(ring_area(p, 1), -150, 1e-9);
    OGR_G_DestroyGeometry(g);
}

/* An island within a hole: two polygons, the outer one with a hole, none touching. */
static void test_island_in_hole(void **state)
{
    float t[49];
    size_t i, j;
    OGRGeometryH g;
    (void)state;
    for (j = 0; j < 7; j++)
        for (i = 0; i < 7; i++) {
            size_t d = (i > 3 ? i - 3 : 3 - i) > (j > 3 ? j - 3 : 3 - j)
                           ? (i > 3 ? i - 3 : 3 - i)
                           : (j > 3 ? j - 3 : 3 - j); /* rings round (3,3) */
            t[j * 7 + i] = d == 0 || d == 2 ? 0 : 100;
        }
    g = trace(t, 7, 7, 50);
    assert_non_null(g);
    assert_int_equal(OGR_G_GetGeometryCount(g), 2);
    assert_int_equal(OGR_G_GetGeometryCount(OGR_G_GetGeometryRef(g, 0)), 2);
    assert_int_equal(OGR_G_GetGeometryCount(OGR_G_GetGeometryRef(g, 1)), 1);
    OGR_G_DestroyGeometry(g);
}

/* Nothing within the level: no polygon. */
static void test_empty(void **state)
{
    static const float t[] = {100, 100, 100, 100};
    (void)state;
    assert_null(trace(t, 2, 2, 50));
}

/* Traces level of t and checks that each centre lies inside exactly when its time is at
 * most the level, and then not on the outline. */
static void assert_inside_exactly(const float *t, size_t nx, size_t ny, double level)
{
    OGRGeometryH g = trace(t, nx, ny, level);
    /* Prepared once per surface: hundreds of point tests on a plain geometry each build its
     * topology again, which took minutes under ASan. */
    OGRPreparedGeometryH prep = g ? OGRCreatePreparedGeometry(g) : NULL;
    size_t i, j;
    for (j = 0; j < ny; j++)
        for (i = 0; i < nx; i++) {
            OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
            int in = t[j * nx + i] <= level;
            OGR_G_SetPoint_2D(pt, 0, ((double)i + 0.5) * CELL, ((double)(ny - j) - 0.5) * CELL);
            assert_int_equal(prep && OGRPreparedGeometryIntersects(prep, pt), in);
            if (prep && in)
                assert_true(OGRPreparedGeometryContains(prep, pt)); /* not on the outline */
            OGR_G_DestroyGeometry(pt);
        }
    if (prep)
        OGRDestroyPreparedGeometry(prep);
    if (g)
        OGR_G_DestroyGeometry(g);
}

/* Random surfaces, times on a coarse scale so that some equal the level, with unreached
 * cells, NaN and cells within the level on the surface's border: always valid, and each
 * centre inside exactly when its time is at most the level. */
static void test_random(void **state)
{
    enum { NX = 23, NY = 17 };
    float t[NX * NY];
    unsigned seed = 12345;
    int round;
    (void)state;
    for (round = 0; round < 200; round++) {
        size_t i;
        double level = 10.0 * (round % 7 + 1);
        for (i = 0; i < NX * NY; i++) {
            seed = seed * 1103515245u + 12345u;
            t[i] = (float)(10 * ((seed >> 16) % 9));
            if ((seed >> 8) % 23 == 0)
                t[i] = DOSAH_SURFACE_UNREACHED;
            if (round % 5 == 0 && (seed >> 12) % 31 == 0)
                t[i] = NAN;
        }
        assert_inside_exactly(t, NX, NY, level);
    }
}

/* Levels that are no float, between the float times round 1000 s (1000 and its neighbours,
 * 6.1e-5 s apart), and one that is: each centre is inside exactly when its float time is
 * at most the level in full precision. Rows of 41 cells, wider than the tracer's blocks of
 * sixteen, with the three times and an unreached cell in turn. */
static void test_levels_between_floats(void **state)
{
    enum { NX = 41, NY = 3 };
    float t[NX * NY], f[4];
    double levels[4];
    size_t i, k;
    (void)state;
    f[0] = 1000.0f;
    f[1] = nextafterf(1000.0f, INFINITY);
    f[2] = nextafterf(1000.0f, -INFINITY);
    f[3] = DOSAH_SURFACE_UNREACHED;
    levels[0] = 1000.0 + 3e-5;   /* between 1000 and the next float: 1000 in, the next out */
    levels[1] = 1000.0 - 3e-5;   /* between the float below and 1000: only the one below */
    levels[2] = (double)f[1];    /* the next float itself: all three in */
    levels[3] = 1000.0 - 1e-4;   /* below all three */
    for (i = 0; i < NX * NY; i++)
        t[i] = f[(i * 7 + i / NX) % 4];
    for (k = 0; k < 4; k++)
        assert_inside_exactly(t, NX, NY, levels[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_cell),       cmocka_unit_test(test_interpolation),
        cmocka_unit_test(test_ring_with_hole), cmocka_unit_test(test_saddles),
        cmocka_unit_test(test_island_in_hole), cmocka_unit_test(test_empty),
        cmocka_unit_test(test_random),        cmocka_unit_test(test_levels_between_floats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
