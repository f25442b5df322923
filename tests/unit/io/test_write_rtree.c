/* SPDX-License-Identifier: MIT */
/*
 * The GeoPackage's spatial indexes, built in bulk (write_rtree.c): on the `mini` fixture
 * with its road replaced by 3,000 pieces of a straight road, so that the roads' index has
 * three levels (3,000 > 51 × 51 envelopes). SQLite's own rtreecheck must find every index
 * sound; the roads' index must hold each piece's envelope (worked out from the generated
 * coordinates, to single precision rounded outwards) and answer a window query with exactly
 * the pieces that cross it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "dosah/dosah.h"

#define PIECES 3000
#define X0 -695000.0
#define Y0 -995000.0
#define STEP (20000.0 / PIECES) /* metres per piece */

static void copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    char buf[4096];
    size_t n;
    assert_non_null(a);
    assert_non_null(b);
    while ((n = fread(buf, 1, sizeof buf, a)) > 0)
        assert_int_equal(fwrite(buf, 1, n, b), n);
    fclose(a);
    fclose(b);
}

/* The mini fixture in dir, its road cut into PIECES pieces along y = Y0. */
static void make_fixture(const char *dir)
{
    static const char *const names[] = {"scenario.yaml", "municipalities.geojson",
                                        "services.geojson", "localities.geojson"};
    char from[512], to[512];
    FILE *f;
    int i;
    for (i = 0; i < 4; i++) {
        snprintf(from, sizeof from, "%s/mini/%s", DOSAH_TEST_DATA, names[i]);
        snprintf(to, sizeof to, "%s/%s", dir, names[i]);
        copy_file(from, to);
    }
    snprintf(to, sizeof to, "%s/roads.geojson", dir);
    f = fopen(to, "w");
    assert_non_null(f);
    fprintf(f, "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": "
               "{\"name\": \"urn:ogc:def:crs:EPSG::5514\"}}, \"features\": [\n");
    for (i = 0; i < PIECES; i++)
        fprintf(f, "%s{\"type\": \"Feature\", \"properties\": {\"typ\": \"primary\", "
                   "\"rychlost\": null, \"jednosmerka\": \"no\"}, \"geometry\": {\"type\": "
                   "\"LineString\", \"coordinates\": [[%.17g, %.17g], [%.17g, %.17g]]}}\n",
                i ? "," : "", X0 + i * STEP, Y0, X0 + (i + 1) * STEP, Y0);
    fprintf(f, "]}\n");
    fclose(f);
}

static void assert_near_f32(double stored, double exact)
{
    assert_true(fabs(stored - exact) <= fabs(exact) * 2.4e-7);
}

static void test_indexes_sound_and_exact(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = NULL;
    char dir[] = "/tmp/dosah-rtree-XXXXXX", path[512], scn[512];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long n = 0, hits = 0;
    (void)state;
    assert_non_null(mkdtemp(dir));
    make_fixture(dir);
    snprintf(scn, sizeof scn, "%s/scenario.yaml", dir);
    snprintf(path, sizeof path, "%s/out.gpkg", dir);
    assert_int_equal(dosah_scenario_load(ctx, scn, &s), DOSAH_OK);
    assert_int_equal(dosah_load(ctx, s, &m), DOSAH_OK);
    assert_int_equal(dosah_write_gpkg(ctx, s, m, NULL, NULL, path), DOSAH_OK);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);

    /* every index of the file passes SQLite's own check */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, rtreecheck(name) FROM sqlite_master "
                                        "WHERE sql LIKE 'CREATE VIRTUAL TABLE%rtree%'", -1,
                                        &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_string_equal((const char *)sqlite3_column_text(st, 1), "ok");
        n++;
    }
    sqlite3_finalize(st);
    assert_true(n >= 5); /* municipalities, regions, services, demand, localities, roads */

    /* the roads' index: three levels, every piece's envelope */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT hex(substr(data, 1, 2)) FROM "
                                        "rtree_roads_geom_node WHERE nodeno = 1", -1, &st,
                                        NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "0002");
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT id, minx, maxx, miny, maxy FROM "
                                        "rtree_roads_geom ORDER BY id", -1, &st, NULL),
                     SQLITE_OK);
    for (n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
        double x0 = X0 + n * STEP, x1 = X0 + (n + 1) * STEP;
        assert_int_equal(sqlite3_column_int64(st, 0), n + 1);
        assert_true(sqlite3_column_double(st, 1) <= x0);
        assert_true(sqlite3_column_double(st, 2) >= x1);
        assert_true(sqlite3_column_double(st, 3) <= Y0);
        assert_true(sqlite3_column_double(st, 4) >= Y0);
        assert_near_f32(sqlite3_column_double(st, 1), x0);
        assert_near_f32(sqlite3_column_double(st, 2), x1);
        assert_near_f32(sqlite3_column_double(st, 3), Y0);
    }
    sqlite3_finalize(st);
    assert_int_equal(n, PIECES);

    /* a window from 5,000.5 m to 5,100.5 m along the road: pieces 750 to 765 (0-based),
     * each 6.67 m long, cross it; a margin of a metre keeps float rounding out of it */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM rtree_roads_geom WHERE "
                                        "maxx >= ?1 AND minx <= ?2 AND maxy >= ?3 AND "
                                        "miny <= ?3 ORDER BY id", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_double(st, 1, X0 + 5000.5);
    sqlite3_bind_double(st, 2, X0 + 5100.5);
    sqlite3_bind_double(st, 3, Y0);
    while (sqlite3_step(st) == SQLITE_ROW)
        assert_int_equal(sqlite3_column_int64(st, 0), 751 + hits++);
    sqlite3_finalize(st);
    assert_int_equal(hits, 16);
    sqlite3_close(db);

    unlink(path);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
    dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indexes_sound_and_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
