/* SPDX-License-Identifier: MIT */
/*
 * `dosah run` and `dosah check` on official-data fixtures (tests/data/official): OpenStreetMap
 * roads, RÚIAN municipalities, a ČSÚ-style population table. Times worked out by hand from
 * the fixture's plan (the header of roads.osm), primary 60 km/h, residential 30 km/h:
 *
 * The municipalities stand at their RÚIAN definition points (point: DefinicniBod).
 *   care (§40, field: from the service at A to the clients)
 *     Beta's definition point F lies on road E-D, 250 m from E:
 *     A-B 1000 m / 60 km/h = 60 s, B-E 1000 m / 30 km/h = 120 s (the one-way street, along
 *     its direction), E-F 250 m = 30 s: 210 s = 3.5 min (round by C: 330 s).
 *   day (§46, ambulant: from the clients to the service at A)
 *     The one-way street cannot be taken back from E to B, so F-D 750 m = 90 s, D-C 120 s,
 *     C-B 60 s, B-A 60 s: 330 s = 5.5 min. The footway A-G-E would be shorter; it is no road.
 *   With use_maxspeed, the primary road's maxspeed 50 caps its 60 km/h: 1000 m takes 72 s:
 *     care 72 + 120 + 30 = 222 s = 3.7 min; day 90 + 120 + 72 + 72 = 354 s = 5.9 min.
 *   Without the one-way tag: day F-E-B-A = 30 + 120 + 60 = 210 s = 3.5 min.
 *   With oneway=-1 (only E -> B): care goes round by C, 60 + 60 + 120 + 90 = 330 s =
 *   5.5 min; day 3.5 min.
 * Alfa's definition point is A itself: 0 min (a few millimetres of snapping).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>

#include "integration/cli_util.h"

#define OFFICIAL DOSAH_TEST_DATA "/official"
#define TOL_MIN 0.001 /* 60 ms: the fixture's coordinates are good to about 1 cm */

/* Copies the fixture, applies up to two edits (file, find, replace) and runs dosah. */
static char *run_variant(const char *command, const char *const edits[][3], size_t n_edits,
                         int expect_rc, char **err_out)
{
    char *dir = tu_copy_fixture(OFFICIAL), path[4096], out[2048], *err = NULL;
    const char *run[] = {command, path, "-o", out, NULL}, *check[] = {command, path, NULL};
    size_t i;
    int rc;
    assert_non_null(dir);
    for (i = 0; i < n_edits; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, edits[i][0]);
        assert_int_equal(tu_replace_in_file(path, edits[i][1], edits[i][2]), 0);
    }
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    rc = tu_run_dosah(NULL, &err, strcmp(command, "run") ? check : run);
    if (rc != expect_rc)
        print_error("exit %d, stderr:\n%s\n", rc, err ? err : "");
    assert_int_equal(rc, expect_rc);
    if (err_out)
        *err_out = err;
    else
        free(err);
    return dir;
}

/* K_minutes of municipality code in the run's GeoPackage. */
static double minutes(const char *dir, const char *code, const char *key)
{
    char path[4096], sql[256];
    GDALDatasetH ds;
    OGRLayerH l;
    OGRFeatureH f;
    double v;
    snprintf(path, sizeof path, "%s/out/official.gpkg", dir);
    GDALAllRegister();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    snprintf(sql, sizeof sql, "SELECT %s_minutes FROM municipalities WHERE code = %s", key, code);
    l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    assert_non_null(l);
    f = OGR_L_GetNextFeature(l);
    assert_non_null(f);
    v = OGR_F_IsFieldSetAndNotNull(f, 0) ? OGR_F_GetFieldAsDouble(f, 0) : NAN;
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, l);
    GDALClose(ds);
    return v;
}

/* The first value of a query on the run's GeoPackage, as text (static buffer). */
static const char *text_of(const char *dir, const char *sql)
{
    static char buf[256];
    char path[4096];
    GDALDatasetH ds;
    OGRLayerH l;
    OGRFeatureH f;
    snprintf(path, sizeof path, "%s/out/official.gpkg", dir);
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    assert_non_null(l);
    f = OGR_L_GetNextFeature(l);
    assert_non_null(f);
    snprintf(buf, sizeof buf, "%s", OGR_F_GetFieldAsString(f, 0));
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, l);
    GDALClose(ds);
    return buf;
}

static void finish(char *dir)
{
    tu_remove_tree(dir);
    free(dir);
}

static void test_around_the_one_way_street(void **state)
{
    char *dir = run_variant("run", NULL, 0, 0, NULL);
    (void)state;
    assert_float_equal(minutes(dir, "500001", "care"), 0, TOL_MIN);
    assert_float_equal(minutes(dir, "500002", "care"), 3.5, TOL_MIN);
    assert_float_equal(minutes(dir, "500001", "day"), 0, TOL_MIN);
    assert_float_equal(minutes(dir, "500002", "day"), 5.5, TOL_MIN);
    /* population from the table; the ORP by location; Czech names as written */
    assert_string_equal(text_of(dir, "SELECT name FROM municipalities WHERE code = 500002"),
                        "Běta nad Želivkou");
    assert_string_equal(text_of(dir, "SELECT population FROM municipalities WHERE code = 500002"),
                        "500");
    assert_string_equal(text_of(dir, "SELECT group_concat(DISTINCT region_code) FROM "
                                     "municipalities"),
                        "9001");
    assert_string_equal(text_of(dir, "SELECT name || ' ' || population FROM regions"),
                        "Alfov 1500");
    finish(dir);
}

static void test_maxspeed_caps(void **state)
{
    const char *const edits[][3] = {
        {"scenario.yaml", "clip_buffer_m: 10000", "clip_buffer_m: 10000\n  use_maxspeed: true"}};
    char *dir = run_variant("run", edits, 1, 0, NULL);
    (void)state;
    assert_float_equal(minutes(dir, "500002", "care"), 3.7, TOL_MIN);
    assert_float_equal(minutes(dir, "500002", "day"), 5.9, TOL_MIN);
    finish(dir);
}

static void test_oneway_tags(void **state)
{
    const char *const two_way[][3] = {{"roads.osm", "<tag k=\"oneway\" v=\"yes\"/>", ""}};
    const char *const reverse[][3] = {
        {"roads.osm", "<tag k=\"oneway\" v=\"yes\"/>", "<tag k=\"oneway\" v=\"-1\"/>"}};
    char *dir = run_variant("run", two_way, 1, 0, NULL);
    (void)state;
    assert_float_equal(minutes(dir, "500002", "care"), 3.5, TOL_MIN);
    assert_float_equal(minutes(dir, "500002", "day"), 3.5, TOL_MIN);
    finish(dir);
    dir = run_variant("run", reverse, 1, 0, NULL);
    assert_float_equal(minutes(dir, "500002", "care"), 5.5, TOL_MIN);
    assert_float_equal(minutes(dir, "500002", "day"), 3.5, TOL_MIN);
    finish(dir);
}

static void expect_in(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("\"%s\" not in:\n%s", part, text);
}

static void test_check_reports_the_join(void **state)
{
    char *err = NULL, out[4096];
    char *dir = run_variant("check", NULL, 0, 0, &err);
    (void)state;
    expect_in(err, "note: obyvatele.csv: layer 'obyvatele': population joined by code: 5 rows "
                   "read, 2 municipalities of 2 matched (population 1500); 2 rows match no "
                   "municipality (e.g. '500003', '554782'; rows of other regions are expected "
                   "in a national table)");
    expect_in(err, "warning: obyvatele.csv: layer 'obyvatele': 1 code appears more than once, "
                   "with the same population ('500002'); each counts once");
    expect_in(err, "note: roads.osm: layer 'lines': OpenStreetMap: 5 ways with a highway tag, 3 "
                   "kept as roads for cars (1 one-way");
    expect_in(err, "note: ST_UKSH.xml: layer 'Obce': the layer has 3 geometry columns");
    snprintf(out, sizeof out, "%s/out", dir);
    assert_false(tu_exists(out));
    free(err);
    finish(dir);
}

/*
 * ČÚZK's address points as published: a zip of Windows-1250 CSV files, one per
 * municipality, S-JTSK coordinates as positive Y and X (x = -Y, y = -X). Beta's file has
 * 90000011 at Y 678750, X 974000 = (1250, 1000) from A, on road E-D; 90000012 at D
 * (2000, 1000); 90000013 without coordinates (skipped, warned). Gama's file is another
 * district's and is not read. Beta's 500 people: 250 on each point (no flats: evenly).
 * care: 90000011 210 s = 3.5 min (as the definition point above); 90000012 A-B-C 120 s +
 * C-D 120 s = 4 min; Beta 3.75 min. day: 5.5 min and D-C-B-A 240 s = 4 min; Beta 4.75 min.
 * Alfa has no address point and stands at its definition point A.
 */
static void test_cuzk_address_csv(void **state)
{
    const char *const edits[][3] = {
        {"scenario.yaml", "  roads: {path: roads.osm}",
         "  demand: {path: 20250131_OB_ADR_csv.zip}\n  roads: {path: roads.osm}"}};
    char *err = NULL, *dir = run_variant("run", edits, 1, 0, &err);
    (void)state;
    expect_in(err, "ČÚZK address points: 1 file, 3 rows; 1 without coordinates");
    expect_in(err, "warning: 20250131_OB_ADR_csv.zip: 1 address point has no coordinates");
    assert_float_equal(minutes(dir, "500002", "care"), 3.75, TOL_MIN);
    assert_float_equal(minutes(dir, "500002", "day"), 4.75, TOL_MIN);
    assert_string_equal(text_of(dir, "SELECT group_concat(id || ':' || population || ':' || "
                                     "placement, ' ') FROM (SELECT * FROM demand ORDER BY id)"),
                        "90000011:250:address 90000012:250:address "
                        "municipality:500001:1000:definition_point");
    free(err);
    finish(dir);
}

/*
 * A question for one group: the women of the population table (zeny: Alfa 510, Beta 250).
 * Care reaches both municipalities within 30 min (0 and 3.5 min), so 760 women are within;
 * the one care service (capacity 20) serves the nearest first: 20 of Alfa's 510, so 20
 * covered and 740 unserved; its 2SFCA ratio is 20 / 760, per 1,000: 26.3158 everywhere. The
 * municipality still shows its whole population. A municipality without the group's number
 * is an input error naming it.
 */
static void test_target_group(void **state)
{
#define GROUP_EDITS                                                                       \
    {"scenario.yaml", "population: obyvatel_celkem}",                                     \
     "population: obyvatel_celkem,\n               groups: {women: zeny}}"},               \
    {                                                                                     \
        "scenario.yaml", "form: field, threshold_min: 30}",                               \
            "form: field, threshold_min: 30, target_group: women}"                        \
    }
    const char *const edits[][3] = {GROUP_EDITS};
    const char *const missing[][3] = {
        GROUP_EDITS, {"obyvatele.csv", "Alfa,1000,490,510", "Alfa,1000,490,"}};
#undef GROUP_EDITS
    char *err = NULL, *dir = run_variant("run", edits, 2, 0, NULL);
    (void)state;
    assert_string_equal(text_of(dir, "SELECT care_pop_within || ' ' || care_cap_covered || "
                                     "' ' || care_cap_unserved || ' ' || population FROM "
                                     "regions"),
                        "760.0 20.0 740.0 1500");
    assert_string_equal(text_of(dir, "SELECT care_pop_within || ' ' || population FROM "
                                     "municipalities WHERE code = 500002"),
                        "250.0 500");
    assert_float_equal(atof(text_of(dir, "SELECT care_fca FROM regions")), 20000.0 / 760,
                       1e-6);
    assert_string_equal(text_of(dir, "SELECT value FROM run_info WHERE key = "
                                     "'question.care.target_group'"),
                        "women");
    /* the day question counts everybody: 1500 within */
    assert_string_equal(text_of(dir, "SELECT day_pop_within FROM regions"), "1500");
    finish(dir);
    dir = run_variant("check", missing, 3, 2, &err);
    expect_in(err, "1 municipality has no number of people in group 'women' (or another "
                   "group): '500001' Alfa");
    free(err);
    finish(dir);
}

/*
 * Without 'point:' Beta stands at the road vertex inside it with the most of its own road
 * within 1 km. Inside Beta (y 500 .. 1500 from A) lie B-E from y 500 to E (500 m), E-D
 * (1000 m) and D-C from D down to y 500 (500 m). E scores 500 + 1000 = 1500 m (D-C is more
 * than 1 km from E but at D itself); D scores 1000 + 500 = 1500 m as well. Both lie 500 m
 * from Beta's point on surface, the centre (1500, 1000), so dividing by 1 + 0.5 keeps them
 * level (to the fixture's centimetre), and of equal scores the first vertex in the roads'
 * order wins: E (way 102 comes before way 103). The point on surface itself is not used.
 * At E: care A-B 60 s + B-E
 * 120 s = 3 min; day E-D 120 s + D-C 120 s + C-B 60 s + B-A 60 s = 6 min (no way back down
 * the one-way street). Alfa stands at A (its only own road vertex with road around it).
 */
static void test_road_density_point(void **state)
{
    const char *const edits[][3] = {{"scenario.yaml", ", point: DefinicniBod", ""}};
    char *err = NULL, *dir = run_variant("run", edits, 1, 0, NULL);
    (void)state;
    assert_float_equal(minutes(dir, "500002", "care"), 3, TOL_MIN);
    assert_float_equal(minutes(dir, "500002", "day"), 6, TOL_MIN);
    assert_string_equal(text_of(dir, "SELECT placement || ' ' || snap_m || ' ' || "
                                     "access_min FROM demand WHERE municipality = 500002"),
                        "road_density 0.0 0.0");
    assert_string_equal(text_of(dir, "SELECT typeof(municipality) FROM demand LIMIT 1"),
                        "integer");
    finish(dir);
    dir = run_variant("check", NULL, 0, 0, &err);
    expect_in(err, "note: layer 'demand': where people are placed: 2 demand points "
                   "(2 definition_point)");
    free(err);
    finish(dir);
}

static void test_far_road_without_clip(void **state)
{
    const char *const edits[][3] = {{"scenario.yaml", "  clip_buffer_m: 10000\n", ""}};
    char *err = NULL;
    char *dir = run_variant("check", edits, 1, 0, &err);
    (void)state;
    /* way 107, 30 km away, is a piece of its own: the network check names it */
    expect_in(err, "107");
    free(err);
    finish(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_around_the_one_way_street),
        cmocka_unit_test(test_road_density_point),
        cmocka_unit_test(test_cuzk_address_csv),
        cmocka_unit_test(test_target_group),
        cmocka_unit_test(test_maxspeed_caps),
        cmocka_unit_test(test_oneway_tags),
        cmocka_unit_test(test_check_reports_the_join),
        cmocka_unit_test(test_far_road_without_clip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
