/* SPDX-License-Identifier: MIT */
/*
 * End to end on the hand-made `mini` fixture, every expected value worked out by hand:
 *
 * Three 10 km squares side by side (Alfa x -700..-690 km, Beta -690..-680, Gama -680..-670;
 * y -1000..-990 km). A primary road (60 km/h) runs along y = -995 km from x = -695 km to
 * -685 km, a secondary one (30 km/h) on to -675 km. Each square's demand point is its centre,
 * which lies on the road: Alfa at -695 km (the road's west end), Beta at -685 km (the
 * junction), Gama at -675 km (the east end). S1 (§40 home care, field) stands at Alfa's
 * centre, S2 (§51 sheltered housing, residential) at Beta's; L1 (a locality) at Gama's.
 *
 * care (S1): Alfa 0 min; Beta 10 km / 60 km/h = 10 min; Gama 10 + 10 km / 30 km/h = 30 min.
 * sheltered (S2): Alfa 10 min, Beta 0, Gama 20 min.
 * Region 11 = Alfa (1000) + Beta (2000): care mean (0·1000 + 10·2000) / 3000 = 6.667 min;
 * region 12 = Gama (500): care 30 min, within 15 min 0 %, within 30 min 100 % (inclusive).
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

#include "core/fields.h"
#include "integration/cli_util.h"

#define MINI DOSAH_TEST_DATA "/mini"

/* Copies the fixture, applies up to three edits, runs `dosah run`; returns the directory. */
static char *run_variant(const char *const edits[][3], size_t n_edits, int expect_rc)
{
    char *dir = tu_copy_fixture(MINI), path[4096], out[2048], *err = NULL;
    const char *args[] = {"run", path, "-o", out, NULL};
    size_t i;
    int rc;
    assert_non_null(dir);
    for (i = 0; i < n_edits; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, edits[i][0]);
        if (edits[i][1])
            assert_int_equal(tu_replace_in_file(path, edits[i][1], edits[i][2]), 0);
        else
            assert_int_equal(tu_write_file(path, edits[i][2], strlen(edits[i][2])), 0);
    }
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    rc = tu_run_dosah(NULL, &err, args);
    if (rc != expect_rc)
        print_error("exit %d, stderr:\n%s\n", rc, err ? err : "");
    assert_int_equal(rc, expect_rc);
    free(err);
    return dir;
}

static GDALDatasetH open_out(const char *dir)
{
    char path[4096];
    GDALDatasetH ds;
    snprintf(path, sizeof path, "%s/out/mini.gpkg", dir);
    GDALAllRegister();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    return ds;
}

/* The value of field `field` in the feature of `layer` where key_field = key; NAN if NULL. */
static double value(GDALDatasetH ds, const char *layer, const char *key_field, const char *key,
                    const char *field)
{
    char sql[512];
    OGRLayerH l;
    OGRFeatureH f;
    double v;
    snprintf(sql, sizeof sql, "SELECT \"%s\" FROM \"%s\" WHERE CAST(\"%s\" AS TEXT) = '%s'",
             field, layer, key_field, key);
    l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    assert_non_null(l);
    f = OGR_L_GetNextFeature(l);
    if (!f)
        print_error("no row: %s\n", sql);
    assert_non_null(f);
    v = OGR_F_IsFieldSetAndNotNull(f, 0) ? OGR_F_GetFieldAsDouble(f, 0) : NAN;
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, l);
    return v;
}

/* Number of rows of a SQL query's result. */
static long count_rows(GDALDatasetH ds, const char *sql)
{
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    long n;
    assert_non_null(l);
    n = (long)OGR_L_GetFeatureCount(l, TRUE);
    GDALDatasetReleaseResultSet(ds, l);
    return n;
}

static void test_times_and_coverage(void **state)
{
    char *dir = run_variant(NULL, 0, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_float_equal(value(ds, "municipalities", "code", "1001", "care_minutes"), 0, 1e-6);
    assert_float_equal(value(ds, "municipalities", "code", "1002", "care_minutes"), 10, 1e-6);
    assert_float_equal(value(ds, "municipalities", "code", "1003", "care_minutes"), 30, 1e-6);
    assert_float_equal(value(ds, "municipalities", "code", "1001", "sheltered_minutes"), 10,
                       1e-6);
    assert_float_equal(value(ds, "municipalities", "code", "1003", "sheltered_minutes"), 20,
                       1e-6);
    /* Gama at exactly 30 min is within the 30 min threshold, not within 15. */
    assert_float_equal(value(ds, "municipalities", "code", "1003", "care_within"), 1, 0);
    assert_float_equal(value(ds, "municipalities", "code", "1003", "care_within_15"), 0, 0);
    assert_float_equal(value(ds, "municipalities", "code", "1003", "care_pop_within_30"), 500,
                       0);
    assert_float_equal(value(ds, "regions", "code", "11", "care_minutes"), 20000.0 / 3000.0,
                       1e-6);
    assert_float_equal(value(ds, "regions", "code", "11", "care_pop_within_15"), 3000, 0);
    assert_float_equal(value(ds, "regions", "code", "12", "care_within_15"), 0, 0);
    assert_float_equal(value(ds, "regions", "code", "12", "care_within_30"), 1, 0);
    assert_float_equal(value(ds, "regions", "code", "12", "care_unreached"), 0, 0);
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "care_minutes"), 30, 1e-6);
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "care_covered"), 1, 0);
    /* The provider and the unit of capacity reach the services layer as given. */
    assert_int_equal(count_rows(ds, "SELECT * FROM services WHERE id = 'S1' AND provider = "
                                    "'Charita Alfa' AND capacity_unit = 'klienti'"),
                     1);
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "sheltered_minutes"), 20,
                       1e-6);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/*
 * Capacity, catchments, scope, hours and localities, by hand:
 * care: S1 (10 clients) reaches all 3,500 people within 30 min (Gama at exactly 30).
 *   2SFCA: R = 10 / 3500, every A_i = 10 / 3500: 2.857 per 1,000; sum P_i A_i = 10 = S.
 *   Capacity-limited: S1 absorbs its nearest people first: 10 of Alfa's 1,000 (time 0).
 *   Catchments: within 15 min Alfa and Beta (3,000 people), within 30 all 3,500.
 *   Scope "Alfa; Beta": Gama is reached (30 min) but not declared; nothing declared is
 *   unreached. Hours Mo-Fr 07:00-15:30: open through weekday days (07-15), closed in the
 *   evening and at weekends, when nobody is covered.
 * sheltered: S2 (5 beds, 24/7) reaches all within 45 min: R = 5 / 3500, 1.4286 per 1,000;
 *   it fills its beds from Beta (time 0).
 * L1 (Gama's centre) on foot at 5 km/h: 20 km from S1 = 240 min, 10 km to S2 = 120 min.
 *   Region 12 has L1 (covered by care within 30 min: share 1); region 11 has no locality:
 *   share NULL (not applicable), not 0.
 */
static void test_capacity_and_time_measures(void **state)
{
    char *dir = run_variant(NULL, 0, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_float_equal(value(ds, "municipalities", "code", "1003", "care_fca"),
                       1000.0 * 10 / 3500, 1e-9);
    assert_float_equal(value(ds, "regions", "code", "11", "care_fca"), 1000.0 * 10 / 3500, 1e-9);
    assert_float_equal(value(ds, "regions", "code", "12", "sheltered_fca"), 1000.0 * 5 / 3500,
                       1e-9);
    assert_float_equal(value(ds, "services", "id", "S1", "fca_ratio"), 1000.0 * 10 / 3500, 1e-9);
    assert_float_equal(value(ds, "services", "id", "S1", "reach_population"), 3500, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1001", "care_cap_covered"), 10, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1001", "care_cap_unserved"), 990,
                       1e-9);
    assert_float_equal(value(ds, "regions", "code", "11", "care_cap_covered"), 10, 1e-9);
    assert_float_equal(value(ds, "regions", "code", "11", "care_cap_unserved"), 2990, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1002", "sheltered_cap_covered"), 5,
                       1e-9);
    assert_float_equal(value(ds, "services", "id", "S2", "absorbed"), 5, 1e-9);
    assert_int_equal(count_rows(ds, "SELECT * FROM catchments WHERE service_id = 'S1' AND "
                                    "minutes = 15 AND population = 3000 AND violations = 0"),
                     1);
    assert_int_equal(count_rows(ds, "SELECT * FROM catchments WHERE service_id = 'S1' AND "
                                    "minutes = 30 AND population = 3500"),
                     1);
    assert_int_equal(count_rows(ds, "SELECT * FROM catchments"), 8); /* 2 services x 4 */
    assert_int_equal(count_rows(ds, "SELECT * FROM scope"), 1);
    assert_int_equal(count_rows(ds, "SELECT * FROM scope WHERE service_id = 'S1' AND "
                                    "municipality = '1003' AND status = 'reached_not_declared'"),
                     1);
    /* the fixture's municipality codes are JSON integers (kod 1001..): an INTEGER field */
    assert_int_equal(count_rows(ds, "SELECT * FROM scope WHERE typeof(municipality) = "
                                    "'integer' AND municipality = 1003"),
                     1);
    assert_float_equal(value(ds, "services", "id", "S1", "scope_declared"), 2, 0);
    assert_float_equal(value(ds, "services", "id", "S1", "scope_not_declared"), 1, 0);
    assert_true(isnan(value(ds, "services", "id", "S2", "scope_declared")));
    assert_float_equal(value(ds, "regions", "code", "11", "care_within_weekday_day"), 1, 0);
    assert_float_equal(value(ds, "regions", "code", "11", "care_within_weekday_evening"), 0, 0);
    assert_float_equal(value(ds, "regions", "code", "12", "care_within_weekend_day"), 0, 0);
    assert_float_equal(value(ds, "regions", "code", "11", "sheltered_within_weekend_day"), 1, 0);
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "care_walk_minutes"), 240,
                       1e-6);
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "sheltered_walk_minutes"),
                       120, 1e-6);
    assert_float_equal(value(ds, "regions", "code", "12", "localities"), 1, 0);
    assert_float_equal(value(ds, "regions", "code", "12", "care_localities_share"), 1, 0);
    assert_float_equal(value(ds, "regions", "code", "11", "localities"), 0, 0);
    assert_true(isnan(value(ds, "regions", "code", "11", "care_localities_share")));
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* L1 moved 3 km north of the road, beyond snap_max_m = 2000 m: unreachable, NULL, warned. */
static void test_beyond_snap_distance(void **state)
{
    static const char *const edits[][3] = {
        {"localities.geojson", "[-675000,-995000]", "[-675000,-992000]"}};
    char *dir = run_variant(edits, 1, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_true(isnan(value(ds, "excluded_localities", "id", "L1", "care_minutes")));
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "care_covered"), 0, 0);
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "snap_m"), 3000, 1e-6);
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE feature = 'L1' AND "
                                    "severity = 'warning' AND stage = 'network' AND message "
                                    "LIKE '%snap_max_m%'"),
                     1);
    /* and once per question, with the reason in the locality's K_unreached_reason */
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE feature = 'L1' AND "
                                    "stage = 'route' AND message LIKE '%3000 m from the nearest "
                                    "road, beyond network.snap_max_m = 2000 m%'"),
                     2);
    assert_int_equal(count_rows(ds, "SELECT * FROM excluded_localities WHERE id = 'L1' AND "
                                    "care_unreached_reason = 'beyond_snap' AND "
                                    "sheltered_unreached_reason = 'beyond_snap'"),
                     1);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* Gama (no service in it) moved 15 km north (y -985000 .. -975000) with its locality L1:
 * no road inside it, so its people stand at its centre (-675000, -980000), 15 km from the
 * road's east end (-675000, -995000), beyond snap_max_m = 2000 m. The warning names the
 * municipality (code and name), not a demand feature. */
static void test_municipality_beyond_snap_distance(void **state)
{
    static const char *const edits[][3] = {
        {"municipalities.geojson",
         "[[[-680000,-1000000],[-670000,-1000000],[-670000,-990000],[-680000,-990000],"
         "[-680000,-1000000]]]",
         "[[[-680000,-985000],[-670000,-985000],[-670000,-975000],[-680000,-975000],"
         "[-680000,-985000]]]"},
        {"localities.geojson", "[-675000,-995000]", "[-675000,-980000]"}};
    char *dir = run_variant(edits, 2, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE severity = 'warning' AND "
                                    "layer = 'municipalities' AND feature = '1003' AND message "
                                    "LIKE 'municipality 1003 (Gama): 15000 m from the nearest "
                                    "road, beyond snap_max_m = 2000 m%'"),
                     1);
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE layer = 'demand' AND "
                                    "message LIKE '%snap_max_m%'"),
                     0);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/*
 * Where a municipality's people stand without 'point:' (road_density): a fourth municipality,
 * Delta (1004, x -670 .. -660 km, y -1000 .. -990 km, its point on surface the centre
 * C = (-665, -995) km), has a road of 1,000 m through C (-665.5 .. -664.5 km) and, 4 km east
 * at its edge, a cross of two 1,600 m roads meeting at V = (-661, -995) km. Road length within
 * 1 km: at C 1,000 m, at V 3,200 m, so length alone would choose V. Divided by 1 + the
 * distance to C in km: C 1,000 / 1 = 1,000; V 3,200 / 5 = 640; the ends of C's road 1,000 / 1.5
 * = 667; the cross's western end (-661.8 km) 1,000 + 1,200 m within 1 km, / 4.2 = 524, the
 * others less. Delta's people stand at C.
 */
static void test_road_density_near_centre(void **state)
{
    static const char *const edits[][3] = {
        {"municipalities.geojson",
         "[[[-680000,-1000000],[-670000,-1000000],[-670000,-990000],[-680000,-990000],"
         "[-680000,-1000000]]] } }",
         "[[[-680000,-1000000],[-670000,-1000000],[-670000,-990000],[-680000,-990000],"
         "[-680000,-1000000]]] } },\n"
         "{ \"type\": \"Feature\", \"properties\": { \"kod\": 1004, \"nazev\": \"Delta\", "
         "\"orp\": \"12\", \"obyvatel\": 300 }, \"geometry\": { \"type\": \"Polygon\", "
         "\"coordinates\": [[[-670000,-1000000],[-660000,-1000000],[-660000,-990000],"
         "[-670000,-990000],[-670000,-1000000]]] } }"},
        {"roads.geojson", "[[-685000,-995000],[-675000,-995000]] } }",
         "[[-685000,-995000],[-675000,-995000]] } },\n"
         "{ \"type\": \"Feature\", \"properties\": { \"typ\": \"secondary\", "
         "\"rychlost\": null, \"jednosmerka\": null }, \"geometry\": { \"type\": "
         "\"LineString\", \"coordinates\": [[-665500,-995000],[-665000,-995000],"
         "[-664500,-995000]] } },\n"
         "{ \"type\": \"Feature\", \"properties\": { \"typ\": \"secondary\", "
         "\"rychlost\": null, \"jednosmerka\": null }, \"geometry\": { \"type\": "
         "\"LineString\", \"coordinates\": [[-661800,-995000],[-661000,-995000],"
         "[-660200,-995000]] } },\n"
         "{ \"type\": \"Feature\", \"properties\": { \"typ\": \"secondary\", "
         "\"rychlost\": null, \"jednosmerka\": null }, \"geometry\": { \"type\": "
         "\"LineString\", \"coordinates\": [[-661000,-995800],[-661000,-995000],"
         "[-661000,-994200]] } }"}};
    char *dir = run_variant(edits, 2, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_int_equal(count_rows(ds, "SELECT * FROM demand WHERE municipality = 1004 AND "
                                    "placement = 'road_density' AND ST_MinX(geom) = -665000 "
                                    "AND ST_MinY(geom) = -995000"),
                     1);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/*
 * Why a time is NULL. Gama moved 15 km north with its locality L1 (as above): beyond
 * snap_max_m. A fourth municipality, Delta (1004, 300 people, x -670 .. -660 km), has a road
 * of its own from x = -668 to -662 km that touches no other road: its people stand on it
 * (road_density: its first vertex), a 2-node piece smaller than min_piece_nodes that the
 * point lies on, so it is snapped to it, and no service is on that piece: not_connected. A
 * third question, day care (§46), has no service at all: no_facility everywhere. Alfa and
 * Beta reach care and sheltered housing along the main road: no reason (NULL). Population:
 * 1000 + 2000 + 500 + 300 = 3800; L1's range 20-40 counts as 30.
 */
static void test_unreached_reasons(void **state)
{
    static const char *const edits[][3] = {
        {"municipalities.geojson",
         "[[[-680000,-1000000],[-670000,-1000000],[-670000,-990000],[-680000,-990000],"
         "[-680000,-1000000]]] } }",
         "[[[-680000,-985000],[-670000,-985000],[-670000,-975000],[-680000,-975000],"
         "[-680000,-985000]]] } },\n"
         "{ \"type\": \"Feature\", \"properties\": { \"kod\": 1004, \"nazev\": \"Delta\", "
         "\"orp\": \"12\", \"obyvatel\": 300 }, \"geometry\": { \"type\": \"Polygon\", "
         "\"coordinates\": [[[-670000,-1000000],[-660000,-1000000],[-660000,-990000],"
         "[-670000,-990000],[-670000,-1000000]]] } }"},
        {"localities.geojson", "[-675000,-995000]", "[-675000,-980000]"},
        {"roads.geojson", "[[-685000,-995000],[-675000,-995000]] } }",
         "[[-685000,-995000],[-675000,-995000]] } },\n"
         "{ \"type\": \"Feature\", \"properties\": { \"typ\": \"secondary\", "
         "\"rychlost\": null, \"jednosmerka\": null }, \"geometry\": { \"type\": "
         "\"LineString\", \"coordinates\": [[-668000,-995000],[-662000,-995000]] } }"},
        {"scenario.yaml", "thresholds_min: [15, 30, 45, 60]",
         "  - key: day\n    label: Denní stacionář\n    types: [\"§46\"]\n"
         "    form: ambulant\n    threshold_min: 30\nthresholds_min: [15, 30, 45, 60]"}};
    static const char *const keys[] = {"care", "sheltered"};
    char sql[512];
    char *dir = run_variant(edits, 4, 0);
    GDALDatasetH ds = open_out(dir);
    size_t k;
    (void)state;
    for (k = 0; k < 2; k++) {
        snprintf(sql, sizeof sql, "SELECT * FROM municipalities WHERE code IN (1001, 1002) AND "
                 "%s_minutes IS NOT NULL AND %s_unreached_reason IS NULL", keys[k], keys[k]);
        assert_int_equal(count_rows(ds, sql), 2);
        snprintf(sql, sizeof sql, "SELECT * FROM municipalities WHERE code = 1003 AND "
                 "%s_minutes IS NULL AND %s_unreached_reason = 'beyond_snap'", keys[k], keys[k]);
        assert_int_equal(count_rows(ds, sql), 1);
        snprintf(sql, sizeof sql, "SELECT * FROM municipalities WHERE code = 1004 AND "
                 "%s_minutes IS NULL AND %s_unreached_reason = 'not_connected'", keys[k], keys[k]);
        assert_int_equal(count_rows(ds, sql), 1);
        snprintf(sql, sizeof sql, "SELECT * FROM demand WHERE municipality = 1004 AND "
                 "%s_unreached_reason = 'not_connected'", keys[k]);
        assert_int_equal(count_rows(ds, sql), 1);
        snprintf(sql, sizeof sql, "SELECT * FROM excluded_localities WHERE id = 'L1' AND "
                 "%s_unreached_reason = 'beyond_snap'", keys[k]);
        assert_int_equal(count_rows(ds, sql), 1);
    }
    assert_int_equal(count_rows(ds, "SELECT * FROM municipalities WHERE day_minutes IS NULL "
                                    "AND day_unreached_reason = 'no_facility'"),
                     4);
    assert_int_equal(count_rows(ds, "SELECT * FROM excluded_localities WHERE "
                                    "day_unreached_reason = 'no_facility'"),
                     1);
    /* one row per municipality and locality and question without a time (2 + 2 + 2), and
     * for day's no_facility, which is the question's, one row per layer counting them */
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE stage = 'route' AND "
                                    "message LIKE '%_unreached_reason = %'"),
                     8);
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE layer = 'municipalities' "
                                    "AND feature IS NULL AND message = '4 municipalities (3800 "
                                    "people) have no time to ''Denní stacionář'' (day), "
                                    "day_unreached_reason = no_facility: ''1001'', ''1002'', "
                                    "''1003'', ''1004''; no service answers the question'"),
                     1);
    assert_int_equal(
        count_rows(ds, "SELECT * FROM diagnostics WHERE severity = 'warning' AND layer = "
                       "'municipalities' AND feature = '1003' AND message = 'municipality 1003 "
                       "(Gama) has no time to ''Pečovatelská služba'' (care): it lies 15000 m "
                       "from the nearest road, beyond network.snap_max_m = 2000 m; "
                       "care_unreached_reason = beyond_snap'"),
        1);
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE layer = 'municipalities' "
                                    "AND feature = '1004' AND message LIKE 'municipality 1004 "
                                    "(Delta) has no time to ''Chráněné bydlení'' (sheltered): "
                                    "its road is on piece % of the network (the roads layer''s "
                                    "''component''), which no service of the question is on; "
                                    "sheltered_unreached_reason = not_connected'"),
                     1);
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE layer = "
                                    "'excluded_localities' AND message = '1 excluded locality "
                                    "(30 people) has no time to ''Denní stacionář'' (day), "
                                    "day_unreached_reason = no_facility: ''L1''; no service "
                                    "answers the question'"),
                     1);
    /* the piece named is Delta's road's component in the roads layer */
    assert_int_equal(count_rows(ds, "SELECT r.component FROM roads r, diagnostics d WHERE "
                                    "d.feature = '1004' AND d.message LIKE '%sheltered%' AND "
                                    "d.message LIKE '%piece ' || r.component || ' of%' AND "
                                    "r.speed_kmh IS NULL AND r.class = 'secondary' AND "
                                    "r.component <> (SELECT component FROM roads WHERE "
                                    "class = 'primary')"),
                     1);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* Travel times from a CSV instead of roads: facility -> point for field care, point ->
 * facility for sheltered housing; the pair given only the other way is used as symmetric. */
static void test_od_matrix(void **state)
{
    static const char *const edits[][3] = {
        {"od.csv", NULL,
         "from,to,min\n"
         "S1,1001,4\nS1,1002,12.5\nS1,1003,50\n" /* care: facility -> municipality */
         "1001,S2,7\n1002,S2,0\nS2,1003,33\n"   /* sheltered; S2,1003 only reversed */
         "1003,1003,0\n1003,1002,25\n1002,1003,45\n"}, /* candidate sites by id */
        {"scenario.yaml", "thresholds_min: [15, 30, 45, 60]",
         "thresholds_min: [15, 30, 45, 60]\nplan:\n  - {service: care, new_units: 1}"},
        {"scenario.yaml",
         "roads:          {path: roads.geojson, class: typ, speed: rychlost, oneway: jednosmerka}",
         "od_matrix: {path: od.csv, origin: from, destination: to, minutes: min}"}};
    char *dir = run_variant(edits, 3, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    /* Care leaves Gama (50 min) out; only site 1003 reaches it within 30 min: +500. */
    assert_float_equal(value(ds, "proposals", "rank", "1", "site"), 1003, 0);
    assert_float_equal(value(ds, "proposals", "rank", "1", "added_population"), 500, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1001", "care_minutes"), 4, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1002", "care_minutes"), 12.5, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1003", "care_minutes"), 50, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1003", "care_within"), 0, 0);
    assert_float_equal(value(ds, "municipalities", "code", "1003", "sheltered_minutes"), 33,
                       1e-9);
    /* Region 11: (4·1000 + 12.5·2000) / 3000 = 29000 / 3000. */
    assert_float_equal(value(ds, "regions", "code", "11", "care_minutes"), 29000.0 / 3000.0,
                       1e-9);
    /* L1 is in no pair of the matrix: unreachable. */
    assert_true(isnan(value(ds, "excluded_localities", "id", "L1", "care_minutes")));
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* The report's proposals table heads the new people with the field's own alias (core/fields.h,
 * as the layer's QGIS style has it), one string: the report once wrote "Nově v dosahu (obyv.)"
 * beside the field's "Nově v dosahu (obyvatel)". */
static void proposals_heading(const char *dir, GDALDatasetH ds)
{
    const char *alias = dosah_out_field_alias(DOSAH_OF_PROP_ADDED_POPULATION, 0);
    char path[4096], want[256], *csv, *head;
    OGRLayerH styles = GDALDatasetExecuteSQL(
        ds, "SELECT styleQML FROM layer_styles WHERE f_table_name = 'proposals'", NULL, NULL);
    OGRFeatureH f = styles ? OGR_L_GetNextFeature(styles) : NULL;
    size_t i;
    assert_string_equal(alias, "Nově v dosahu (obyvatel)");
    assert_non_null(f);
    snprintf(want, sizeof want, "<alias field=\"added_population\" index=\"5\" name=\"%s\"/>",
             alias);
    assert_non_null(strstr(OGR_F_GetFieldAsString(f, 0), want));
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, styles);
    snprintf(path, sizeof path, "%s/out/tables/proposals.csv", dir);
    assert_non_null(csv = tu_read_file(path, NULL));
    for (i = 0, head = csv; i < 4; i++) /* the fifth column: added_population */
        assert_non_null(head = strchr(head, ',')), head++;
    assert_int_equal(strncmp(head, alias, strlen(alias)), 0);
    assert_int_equal(head[strlen(alias)], ',');
    free(csv);
}

/*
 * No existing home-care service (S1 removed), one new unit, threshold 30 min. From Beta's
 * centre (the junction) Alfa is 10 min away and Gama 20 min: Beta covers all 3,500; so does
 * Alfa (Gama at exactly 30 min). Of equally good sites the more populous municipality is
 * proposed: Beta (2,000). Proven optimal, cumulative share 1.
 */
static void test_plan_without_services(void **state)
{
    static const char *const edits[][3] = {
        {"services.geojson", "\"paragraf\": \"§40\"", "\"paragraf\": \"§37\""},
        {"scenario.yaml", "thresholds_min: [15, 30, 45, 60]",
         "thresholds_min: [15, 30, 45, 60]\nplan:\n  - {service: care, new_units: 1}"}};
    char *dir = run_variant(edits, 2, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_true(isnan(value(ds, "municipalities", "code", "1001", "care_minutes")));
    assert_int_equal(count_rows(ds, "SELECT * FROM proposals"), 1);
    assert_float_equal(value(ds, "proposals", "rank", "1", "site"), 1002, 0);
    assert_float_equal(value(ds, "proposals", "rank", "1", "added_population"), 3500, 1e-9);
    assert_float_equal(value(ds, "proposals", "rank", "1", "cumulative_share"), 1, 1e-12);
    assert_float_equal(value(ds, "proposals", "rank", "1", "optimal"), 1, 0);
    proposals_heading(dir, ds);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/*
 * Candidate sites from a layer: K1 at Gama's centre, K2 beyond Alfa (x = -699 km, 4 km of
 * walking to the road end at -695 km). Without S1 nobody has home care; within 30 min K1
 * covers Gama (0), Beta (10 km at 30 km/h: 20 min) and Alfa (20 + 10 min: exactly 30,
 * inclusive), 3,500 people; K2 needs 48 min of walking to reach the road and covers nobody.
 * One unit: K1, +3,500, share 1.
 */
static void test_plan_candidate_layer(void **state)
{
    static const char *const edits[][3] = {
        {"services.geojson", "\"paragraf\": \"§40\"", "\"paragraf\": \"§37\""},
        {"kandidati.geojson", NULL,
         "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": "
         "{\"name\": \"urn:ogc:def:crs:EPSG::5514\"}}, \"features\": ["
         "{\"type\": \"Feature\", \"properties\": {\"kod\": \"K2\"}, \"geometry\": "
         "{\"type\": \"Point\", \"coordinates\": [-699000, -995000]}},"
         "{\"type\": \"Feature\", \"properties\": {\"kod\": \"K1\"}, \"geometry\": "
         "{\"type\": \"Point\", \"coordinates\": [-675000, -995000]}}]}"},
        {"scenario.yaml", "thresholds_min: [15, 30, 45, 60]",
         "thresholds_min: [15, 30, 45, 60]\nplan:\n  - {service: care, new_units: 1, "
         "candidates: {path: kandidati.geojson, id: kod}}"}};
    char *dir = run_variant(edits, 3, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_int_equal(count_rows(ds, "SELECT * FROM proposals"), 1);
    assert_int_equal(count_rows(ds, "SELECT * FROM proposals WHERE site = 'K1' AND rank = 1"),
                     1);
    assert_float_equal(value(ds, "proposals", "site", "K1", "added_population"), 3500, 1e-9);
    assert_float_equal(value(ds, "proposals", "site", "K1", "cumulative_share"), 1, 1e-12);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* Fixes found in review, each worked by hand on the mini region. */

/* Parentheses name parts of the municipality before them; the rest of the group still
 * counts ("Alfa (Dolní Alfa), Beta" declares Alfa and Beta); codes match as written. */
static void test_scope_parts_and_codes(void **state)
{
    static const char *const parts[][3] = {
        {"services.geojson", "\"pusobnost\": \"Alfa; Beta\"",
         "\"pusobnost\": \"Alfa (Dolní Alfa), Beta\""}};
    static const char *const codes[][3] = {
        {"services.geojson", "\"pusobnost\": \"Alfa; Beta\"", "\"pusobnost\": \"1001; 1002\""}};
    char *dir = run_variant(parts, 1, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_float_equal(value(ds, "services", "id", "S1", "scope_declared"), 2, 0);
    assert_int_equal(count_rows(ds, "SELECT * FROM scope"), 1); /* Gama, reached only */
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
    dir = run_variant(codes, 1, 0);
    ds = open_out(dir);
    assert_float_equal(value(ds, "services", "id", "S1", "scope_declared"), 2, 0);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* A sheltered home without capacity: region 11's capacity, per 10,000 and shortfall are
 * unknown (NULL), not 0, and say so; the region without a facility is still a gap. */
static void test_gap_with_unknown_capacity(void **state)
{
    static const char *const edits[][3] = {
        {"services.geojson", "\"kapacita\": 5", "\"kapacita\": null"}};
    char *dir = run_variant(edits, 1, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_true(isnan(value(ds, "regions", "code", "11", "sheltered_capacity")));
    assert_true(isnan(value(ds, "regions", "code", "11", "sheltered_shortfall")));
    assert_float_equal(value(ds, "regions", "code", "11", "sheltered_has_facility"), 1, 0);
    /* Region 12 (Gama, 500 people, no facility): ⌈3 × 500 / 10,000⌉ = ⌈0.15⌉ = 1. */
    assert_float_equal(value(ds, "regions", "code", "12", "sheltered_shortfall"), 1, 0);
    assert_float_equal(value(ds, "regions", "code", "12", "sheltered_gap"), 1, 0);
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE feature = '11' AND "
                                    "message LIKE '%no capacity%'"),
                     1);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* Population on demand points only (municipalities map none): gaps use the demand points'
 * population. D1 (100) and D2 (900) in Beta (region 11), D3 (250) in Gama (region 12): region
 * 12 has no sheltered home, shortfall ⌈3 × 250 / 10,000⌉ = 1; region 11's 5 beds exceed
 * 3 × 1,000 / 10,000 = 0.3: no shortfall. Regions' own population is unknown (NULL). */
static void test_gaps_from_demand_population(void **state)
{
    static const char *const edits[][3] = {
        {"demand.csv", NULL,
         "id,pop,obec,x,y\nD1,100,1002,-685000,-995000\nD2,900,1002,-684000,-995000\n"
         "D3,250,1003,-675000,-995000\n"},
        {"scenario.yaml", "population: obyvatel, region: orp}",
         "region: orp}\n  demand: {path: demand.csv, id: id, population: pop, municipality: "
         "obec, x: x, y: y, crs: EPSG:5514}"}};
    char *dir = run_variant(edits, 2, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_float_equal(value(ds, "regions", "code", "12", "sheltered_shortfall"), 1, 0);
    assert_float_equal(value(ds, "regions", "code", "11", "sheltered_shortfall"), 0, 0);
    assert_float_equal(value(ds, "gaps", "region", "12", "population"), 250, 0);
    assert_true(isnan(value(ds, "regions", "code", "11", "population")));
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* OD ids that overlap (service S2 renamed "1002", a municipality code too): a pair is read
 * only in the direction its question needs. Sheltered housing (point -> facility) has
 * 1001 -> 1002 = 7 min; Gama has only the row "1002,1003", the other direction, which here
 * could be another pair: Gama's sheltered time is unknown, and a note says why. */
static void test_od_overlapping_ids(void **state)
{
    static const char *const edits[][3] = {
        {"services.geojson", "\"id\": \"S2\"", "\"id\": \"1002\""},
        {"od.csv", NULL, "from,to,min\nS1,1001,4\n1001,1002,7\n1002,1003,45\n"},
        {"scenario.yaml",
         "roads:          {path: roads.geojson, class: typ, speed: rychlost, oneway: jednosmerka}",
         "od_matrix: {path: od.csv, origin: from, destination: to, minutes: min}"}};
    char *dir = run_variant(edits, 3, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_float_equal(value(ds, "municipalities", "code", "1001", "sheltered_minutes"), 7, 1e-9);
    assert_true(isnan(value(ds, "municipalities", "code", "1003", "sheltered_minutes")));
    assert_int_equal(count_rows(ds, "SELECT * FROM diagnostics WHERE message LIKE "
                                    "'%also service ids%'"),
                     1);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* Demand points alone are valid input: no municipalities, no regions, no area layers. */
static void test_demand_points_alone(void **state)
{
    static const char *const edits[][3] = {
        {"demand.csv", NULL, "id,pop,x,y\nD1,100,-685000,-995000\nD2,50,-675000,-995500\n"},
        {"scenario.yaml",
         "municipalities: {path: municipalities.geojson, id: kod, name: nazev, population: "
         "obyvatel, region: orp}",
         "demand: {path: demand.csv, id: id, population: pop, x: x, y: y, crs: EPSG:5514}"}};
    char *dir = run_variant(edits, 2, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_null(GDALDatasetGetLayerByName(ds, "municipalities"));
    assert_null(GDALDatasetGetLayerByName(ds, "regions"));
    /* D1 at the junction: 10 min from S1. D2 500 m south of the east end: 30 min of road
     * plus 500 m on foot at 5 km/h = 6 min, 36 min in all. */
    assert_float_equal(value(ds, "demand", "id", "D1", "care_minutes"), 10, 1e-6);
    assert_float_equal(value(ds, "demand", "id", "D2", "care_minutes"), 36, 1e-6);
    assert_float_equal(value(ds, "demand", "id", "D2", "snap_m"), 500, 1e-6);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* output: {roads: false} leaves the roads layer out (a national network is most of the
 * file): no table, no style, no entry in gpkg_contents; the other layers are written. */
static void test_no_roads_layer(void **state)
{
    static const char *const edits[][3] = {
        {"scenario.yaml", "name: mini\n", "name: mini\noutput: {roads: false}\n"}};
    char *dir = run_variant(edits, 1, 0);
    GDALDatasetH ds = open_out(dir);
    (void)state;
    assert_null(GDALDatasetGetLayerByName(ds, "roads"));
    assert_non_null(GDALDatasetGetLayerByName(ds, "municipalities"));
    assert_int_equal(count_rows(ds, "SELECT * FROM layer_styles WHERE f_table_name = 'roads'"),
                     0);
    assert_int_equal(count_rows(ds, "SELECT * FROM gpkg_contents WHERE table_name = 'roads'"),
                     0);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* CSV holds only text; integer-looking identifiers (7, 12) make demand.id INTEGER, and one
 * with a leading zero (07, which an integer would lose) keeps the whole column text. */
static void csv_id_type(const char *csv, const char *want)
{
    const char *const edits[][3] = {
        {"demand.csv", NULL, csv},
        {"scenario.yaml",
         "municipalities: {path: municipalities.geojson, id: kod, name: nazev, population: "
         "obyvatel, region: orp}",
         "demand: {path: demand.csv, id: id, population: pop, x: x, y: y, crs: EPSG:5514}"}};
    char sql[128];
    char *dir = run_variant(edits, 2, 0);
    GDALDatasetH ds = open_out(dir);
    snprintf(sql, sizeof sql, "SELECT * FROM demand WHERE typeof(id) = '%s'", want);
    assert_int_equal(count_rows(ds, sql), 2);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

static void test_csv_integer_ids(void **state)
{
    (void)state;
    csv_id_type("id,pop,x,y\n7,100,-685000,-995000\n12,50,-675000,-995500\n", "integer");
    csv_id_type("id,pop,x,y\n07,100,-685000,-995000\n12,50,-675000,-995500\n", "text");
}

/* A services layer in WGS84 is transformed into EPSG:5514: the facts give Liberec
 * (50.76638 N, 15.054439 E) as (-688236.0, -974102.0) in EPSG:5514. */
static void test_input_in_another_crs(void **state)
{
    static const char *const edits[][3] = {
        {"services_wgs84.geojson", NULL,
         "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
         "\"properties\": {\"id\": \"W1\", \"paragraf\": \"§40\", \"forma\": \"field\"}, "
         "\"geometry\": {\"type\": \"Point\", \"coordinates\": [15.054439, 50.76638]}}]}"},
        {"municipalities.geojson", "{ \"type\": \"Feature\", \"properties\": { \"kod\": 1003",
         "{ \"type\": \"Feature\", \"properties\": { \"kod\": 1004, \"nazev\": \"Liberec\", "
         "\"orp\": \"12\", \"obyvatel\": 1 }, \"geometry\": { \"type\": \"Polygon\", "
         "\"coordinates\": [[[-690000,-976000],[-686000,-976000],[-686000,-972000],"
         "[-690000,-972000],[-690000,-976000]]] } },\n"
         "{ \"type\": \"Feature\", \"properties\": { \"kod\": 1003"},
        {"scenario.yaml",
         "path: services.geojson, id: id, name: nazev, type: paragraf, form: forma,\n"
         "                   capacity: kapacita, hours: provoz, scope: pusobnost,\n"
         "                   provider: poskytovatel, unit: jednotka}",
         "path: services_wgs84.geojson, id: id, type: paragraf, form: forma}"}};
    char *dir = run_variant(edits, 3, 0);
    GDALDatasetH ds = open_out(dir);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "services");
    OGRFeatureH f;
    OGRGeometryH g;
    (void)state;
    assert_non_null(l);
    f = OGR_L_GetNextFeature(l);
    assert_non_null(f);
    g = OGR_F_GetGeometryRef(f);
    assert_float_equal(OGR_G_GetX(g, 0), -688236.0, 1.0);
    assert_float_equal(OGR_G_GetY(g, 0), -974102.0, 1.0);
    assert_float_equal(value(ds, "services", "id", "W1", "municipality"), 1004, 0);
    OGR_F_Destroy(f);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_times_and_coverage),
        cmocka_unit_test(test_capacity_and_time_measures),
        cmocka_unit_test(test_beyond_snap_distance),
        cmocka_unit_test(test_municipality_beyond_snap_distance),
        cmocka_unit_test(test_unreached_reasons),
        cmocka_unit_test(test_od_matrix),
        cmocka_unit_test(test_demand_points_alone),
        cmocka_unit_test(test_no_roads_layer),
        cmocka_unit_test(test_csv_integer_ids),
        cmocka_unit_test(test_plan_without_services),
        cmocka_unit_test(test_plan_candidate_layer),
        cmocka_unit_test(test_scope_parts_and_codes),
        cmocka_unit_test(test_gap_with_unknown_capacity),
        cmocka_unit_test(test_gaps_from_demand_population),
        cmocka_unit_test(test_od_overlapping_ids),
        cmocka_unit_test(test_input_in_another_crs),
        cmocka_unit_test(test_road_density_near_centre),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
