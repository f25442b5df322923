/* SPDX-License-Identifier: MIT */
/*
 * The repair of contour polygons (dosah_polygons_repair): what GDAL's contour polygoniser
 * can hand over (an unclosed ring, a degenerate ring, a bow tie) comes out closed and valid,
 * with areas worked out by hand; a valid polygon comes out unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>

#include "io/io_internal.h"

static OGRGeometryH repaired(const char *wkt)
{
    OGRGeometryH g = NULL;
    char *text = (char *)wkt;
    assert_int_equal(OGR_G_CreateFromWkt(&text, NULL, &g), OGRERR_NONE);
    g = dosah_polygons_repair(g);
    assert_non_null(g);
    assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(g)), wkbMultiPolygon);
    assert_true(OGR_G_IsValid(g));
    return g;
}

/* A 10 m square stays as it is: 100 m², 5 points. */
static void test_valid_unchanged(void **state)
{
    OGRGeometryH g = repaired("MULTIPOLYGON (((0 0,10 0,10 10,0 10,0 0)))");
    (void)state;
    assert_float_equal(OGR_G_Area(g), 100, 1e-9);
    assert_int_equal(OGR_G_GetPointCount(OGR_G_GetGeometryRef(OGR_G_GetGeometryRef(g, 0), 0)),
                     5);
    OGR_G_DestroyGeometry(g);
}

/* The same square without its closing point (as the contour generator once wrote a
 * catchment) is closed: 100 m², first point = last point. */
static void test_unclosed_ring(void **state)
{
    OGRGeometryH g, ring;
    (void)state;
    CPLSetConfigOption("OGR_GEOMETRY_ACCEPT_UNCLOSED_RING", "YES");
    g = repaired("MULTIPOLYGON (((0 0,10 0,10 10,0 10)))");
    ring = OGR_G_GetGeometryRef(OGR_G_GetGeometryRef(g, 0), 0);
    assert_int_equal(OGR_G_GetPointCount(ring), 5);
    assert_float_equal(OGR_G_GetX(ring, 4), OGR_G_GetX(ring, 0), 0);
    assert_float_equal(OGR_G_GetY(ring, 4), OGR_G_GetY(ring, 0), 0);
    assert_float_equal(OGR_G_Area(g), 100, 1e-9);
    OGR_G_DestroyGeometry(g);
}

/* A square with a hole of three points and a second polygon of three points: both
 * degenerate rings go, the square stays (100 m², no hole). */
static void test_degenerate_rings(void **state)
{
    OGRGeometryH g;
    (void)state;
    CPLSetConfigOption("OGR_GEOMETRY_ACCEPT_UNCLOSED_RING", "YES");
    g = repaired("MULTIPOLYGON (((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,2 2)),"
                 "((20 0,21 0,20 0)))");
    assert_int_equal(OGR_G_GetGeometryCount(g), 1);
    assert_int_equal(OGR_G_GetGeometryCount(OGR_G_GetGeometryRef(g, 0)), 1);
    assert_float_equal(OGR_G_Area(g), 100, 1e-9);
    OGR_G_DestroyGeometry(g);
}

/* A bow tie over the square's diagonals is two triangles of 25 m² each. */
static void test_bow_tie(void **state)
{
    OGRGeometryH g = repaired("MULTIPOLYGON (((0 0,10 10,10 0,0 10,0 0)))");
    (void)state;
    assert_int_equal(OGR_G_GetGeometryCount(g), 2);
    assert_float_equal(OGR_G_Area(g), 50, 1e-9);
    OGR_G_DestroyGeometry(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_unchanged),
        cmocka_unit_test(test_unclosed_ring),
        cmocka_unit_test(test_degenerate_rings),
        cmocka_unit_test(test_bow_tie),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
