/* SPDX-License-Identifier: MIT */
/*
 * `dosah run` with a question by public transport, on the hand-made `mini` fixture plus a
 * hand-written GTFS feed, every expected value worked out by hand:
 *
 * The road runs along y = -995 km (EPSG:5514); Alfa's demand point is at x = -695 km, Beta's
 * at -685 km (where S2, sheltered housing, stands), Gama's at -675 km; locality L1 at Gama.
 * Stop A stands at Alfa, stop B at Beta. A bus leaves A at 07:30 and 08:30 and reaches B ten
 * minutes later. The question leaves every minute 07:00-07:59 on Tuesday 3 March 2026.
 *
 * Alfa: leaving at 07:00+k, k = 0..30, takes 40 - k minutes (10..40); k = 31..59 takes the
 * 08:30 bus, 100 - k (41..69) minutes; walking the 10 km at 5 km/h takes 120. Of the 60
 * times (each of 10..69 once) the median is the 30th smallest, 39; p25 the 15th, 24; p75 the
 * 45th, 54. Beta: 0 (at the facility). Gama: no stop within 1,000 m, walking 10 km: 120.
 * L1 (at Gama): 120 by transit and on foot, 20 by car (10 km at 30 km/h).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "integration/cli_util.h"

#define MINI DOSAH_TEST_DATA "/mini"

static void lonlat(double x, double y, double *lon, double *lat)
{
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL), t = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct;
    OSRImportFromEPSG(s, 5514);
    OSRImportFromEPSG(t, 4326);
    OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(t, OAMS_TRADITIONAL_GIS_ORDER);
    ct = OCTNewCoordinateTransformation(s, t);
    assert_non_null(ct);
    assert_true(OCTTransform(ct, 1, &x, &y, NULL));
    *lon = x;
    *lat = y;
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(s);
    OSRDestroySpatialReference(t);
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/gtfs/%s", dir, name);
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
}

/* The fixture with the feed and the question; form is the question's form. */
static char *fixture(const char *form)
{
    char *dir = tu_copy_fixture(MINI), path[4096], stops[512], q[512];
    double lon_a, lat_a, lon_b, lat_b;
    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/gtfs", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    lonlat(-695000, -995000, &lon_a, &lat_a);
    lonlat(-685000, -995000, &lon_b, &lat_b);
    snprintf(stops, sizeof stops, "stop_id,stop_name,stop_lat,stop_lon\nA,Alfa,%.10f,%.10f\n"
                                  "B,Beta,%.10f,%.10f\n",
             lat_a, lon_a, lat_b, lon_b);
    put(dir, "stops.txt", stops);
    put(dir, "routes.txt", "route_id,route_type\n1,3\n");
    put(dir, "calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,"
                             "sunday,start_date,end_date\nW,1,1,1,1,1,0,0,20260101,20261231\n");
    put(dir, "trips.txt", "route_id,service_id,trip_id\n1,W,T1\n1,W,T2\n");
    put(dir, "stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                               "T1,07:30:00,07:30:00,A,1\nT1,07:40:00,07:40:00,B,2\n"
                               "T2,08:30:00,08:30:00,A,1\nT2,08:40:00,08:40:00,B,2\n");
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    assert_int_equal(tu_replace_in_file(path, "  excluded_localities:",
                                        "  transit: {path: gtfs}\n  excluded_localities:"),
                     0);
    snprintf(q, sizeof q, "  - key: bus\n    types: [\"§51\"]\n    form: %s\n"
                          "    threshold_min: 45\n    mode: transit\n    day: 2026-03-03\n"
                          "    depart: \"07:00-08:00\"\nthresholds_min:",
             form);
    assert_int_equal(tu_replace_in_file(path, "thresholds_min:", q), 0);
    return dir;
}

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
    assert_non_null(f);
    v = OGR_F_IsFieldSetAndNotNull(f, 0) ? OGR_F_GetFieldAsDouble(f, 0) : NAN;
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, l);
    return v;
}

static char *text(GDALDatasetH ds, const char *sql)
{
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    OGRFeatureH f;
    char *s;
    assert_non_null(l);
    f = OGR_L_GetNextFeature(l);
    assert_non_null(f);
    s = strdup(OGR_F_GetFieldAsString(f, 0));
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, l);
    return s;
}

static void test_transit_question(void **state)
{
    char *dir = fixture("residential"), path[4096], out[4096], *err = NULL, *s;
    const char *args[] = {"run", path, "-o", out, "-q", NULL};
    GDALDatasetH ds;
    int rc;
    (void)state;
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    rc = tu_run_dosah(NULL, &err, args);
    if (rc)
        print_error("%s\n", err ? err : "");
    assert_int_equal(rc, 0);
    free(err);
    snprintf(path, sizeof path, "%s/out/mini.gpkg", dir);
    GDALAllRegister();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    assert_float_equal(value(ds, "municipalities", "code", "1001", "bus_minutes"), 39, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1001", "bus_minutes_p25"), 24, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1001", "bus_minutes_p75"), 54, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1002", "bus_minutes"), 0, 1e-9);
    assert_float_equal(value(ds, "municipalities", "code", "1003", "bus_minutes"), 120, 1e-6);
    assert_float_equal(value(ds, "municipalities", "code", "1001", "bus_within"), 1, 0);
    assert_float_equal(value(ds, "municipalities", "code", "1003", "bus_within"), 0, 0);
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "bus_minutes"), 120, 1e-6);
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "bus_walk_minutes"), 120,
                       1e-6);
    assert_float_equal(value(ds, "excluded_localities", "id", "L1", "bus_car_minutes"), 20,
                       1e-6);
    s = text(ds, "SELECT bus_nearest FROM municipalities WHERE code = 1001");
    assert_string_equal(s, "S2");
    free(s);
    s = text(ds, "SELECT value FROM run_info WHERE key = 'question.bus.service_day'");
    assert_string_equal(s, "2026-03-03");
    free(s);
    s = text(ds, "SELECT value FROM run_info WHERE key = 'question.bus.depart'");
    assert_string_equal(s, "07:00-08:00");
    free(s);
    s = text(ds, "SELECT message FROM diagnostics WHERE message LIKE 'GTFS:%'");
    assert_string_equal(s, "GTFS: 2 stops, 1 route, 2 trips (frequencies expanded), 4 stop "
                           "times, 1 service, 0 transfers");
    free(s);
    GDALClose(ds);
    snprintf(path, sizeof path, "%s/out/report.html", dir);
    s = tu_read_file(path, NULL);
    assert_non_null(s);
    assert_non_null(strstr(s, "veřejnou dopravou, úterý 2026-03-03, odjezd každou minutu "
                              "07:00-08:00"));
    free(s);
    tu_remove_tree(dir);
    free(dir);
}

/*
 * Why a transit time is NULL: a fourth municipality, Delta (1004, x -670 .. -660 km), has a
 * road of its own (x -668 .. -662 km) that touches no other road and no stop within 1,000 m:
 * neither a walk nor a bus reaches S2 from it in any departure, so its median is unknown:
 * no_trip, named in diagnostics. Alfa has a time: no reason.
 */
static void test_transit_no_trip(void **state)
{
    char *dir = fixture("residential"), path[4096], out[4096], *err = NULL, *s;
    const char *args[] = {"run", path, "-o", out, "-q", NULL};
    GDALDatasetH ds;
    OGRLayerH l;
    int rc;
    (void)state;
    snprintf(path, sizeof path, "%s/municipalities.geojson", dir);
    assert_int_equal(
        tu_replace_in_file(path, "[-680000,-1000000]]] } }",
                           "[-680000,-1000000]]] } },\n{ \"type\": \"Feature\", \"properties\": "
                           "{ \"kod\": 1004, \"nazev\": \"Delta\", \"orp\": \"12\", "
                           "\"obyvatel\": 300 }, \"geometry\": { \"type\": \"Polygon\", "
                           "\"coordinates\": [[[-670000,-1000000],[-660000,-1000000],"
                           "[-660000,-990000],[-670000,-990000],[-670000,-1000000]]] } }"),
        0);
    snprintf(path, sizeof path, "%s/roads.geojson", dir);
    assert_int_equal(
        tu_replace_in_file(path, "[[-685000,-995000],[-675000,-995000]] } }",
                           "[[-685000,-995000],[-675000,-995000]] } },\n{ \"type\": "
                           "\"Feature\", \"properties\": { \"typ\": \"secondary\", "
                           "\"rychlost\": null, \"jednosmerka\": null }, \"geometry\": { "
                           "\"type\": \"LineString\", \"coordinates\": "
                           "[[-668000,-995000],[-662000,-995000]] } }"),
        0);
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    rc = tu_run_dosah(NULL, &err, args);
    if (rc)
        print_error("%s\n", err ? err : "");
    assert_int_equal(rc, 0);
    free(err);
    snprintf(path, sizeof path, "%s/out/mini.gpkg", dir);
    GDALAllRegister();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    assert_true(isnan(value(ds, "municipalities", "code", "1004", "bus_minutes")));
    s = text(ds, "SELECT bus_unreached_reason FROM municipalities WHERE code = 1004");
    assert_string_equal(s, "no_trip");
    free(s);
    s = text(ds, "SELECT COUNT(*) FROM municipalities WHERE code = 1001 AND "
                 "bus_unreached_reason IS NULL");
    assert_string_equal(s, "1");
    free(s);
    s = text(ds, "SELECT message FROM diagnostics WHERE layer = 'municipalities' AND "
                 "feature = '1004' AND message LIKE '%(bus)%'");
    assert_string_equal(s, "municipality 1004 (Delta) has no time to 'bus' (bus): public "
                           "transport (or a walk) reaches no service of the question in at "
                           "least half of the departures of the time window; "
                           "bus_unreached_reason = no_trip");
    free(s);
    l = GDALDatasetExecuteSQL(ds, "SELECT * FROM diagnostics WHERE feature = '1004' AND "
                                  "message LIKE '%bus_unreached_reason%'",
                              NULL, NULL);
    assert_non_null(l);
    assert_int_equal(OGR_L_GetFeatureCount(l, TRUE), 1);
    GDALDatasetReleaseResultSet(ds, l);
    GDALClose(ds);
    tu_remove_tree(dir);
    free(dir);
}

/* A field question by transit, and a bad feed: exit 2, a message, no output. */
static void test_transit_errors(void **state)
{
    char *dir = fixture("field"), path[4096], out[4096], *err = NULL;
    const char *args[] = {"run", path, "-o", out, NULL};
    (void)state;
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(tu_run_dosah(NULL, &err, args), 2);
    assert_non_null(strstr(err, "is a field service"));
    assert_non_null(strstr(err, "cannot use mode: transit"));
    free(err);
    assert_int_equal(tu_replace_in_file(path, "form: field\n    threshold_min: 45\n",
                                        "form: ambulant\n    threshold_min: 45\n"), 0);
    put(dir, "stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                               "T1,07:30:00,07:30:00,A,1\nT1,07:20:00,07:40:00,B,2\n");
    assert_int_equal(tu_run_dosah(NULL, &err, args), 2);
    assert_non_null(strstr(err, "gtfs: stop_times.txt line 3: field 'arrival_time': trip 'T1' "
                                "arrives (stop_sequence 2) before it leaves the stop before"));
    free(err);
    /* A feed path that does not exist is named as written in the scenario. */
    assert_int_equal(tu_replace_in_file(path, "transit: {path: gtfs}",
                                        "transit: {path: nothere.zip}"), 0);
    assert_int_equal(tu_run_dosah(NULL, &err, args), 2);
    assert_non_null(strstr(err, "nothere.zip: no such file or folder; inputs.transit needs a "
                                "GTFS feed, a folder or a .zip"));
    free(err);
    assert_false(tu_exists(out) && tu_count_entries(out) > 0);
    tu_remove_tree(dir);
    free(dir);
}

/* A date on which no trip of the feed runs is an input error naming the question, the day
 * and the feed's days (W: Monday to Friday, 1 January to 31 December 2026, both Thursdays);
 * a day with trips but none in the window is a legitimate question. */
static void test_transit_day_outside_calendar(void **state)
{
    char *dir = fixture("ambulant"), path[4096], out[4096], *err = NULL;
    const char *args[] = {"run", path, "-o", out, "-q", NULL};
    (void)state;
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(tu_replace_in_file(path, "day: 2026-03-03", "day: 2027-03-02"), 0);
    assert_int_equal(tu_run_dosah(NULL, &err, args), 2);
    assert_non_null(strstr(err, "services: 'bus' asks for day 2027-03-02, but no trip of the "
                                "feed gtfs runs on that day (its calendar runs trips from "
                                "2026-01-01 to 2026-12-31); choose a day within the feed's "
                                "calendar"));
    free(err);
    assert_false(tu_exists(out) && tu_count_entries(out) > 0);
    assert_int_equal(tu_replace_in_file(path, "day: 2027-03-02", "day: 2026-03-03"), 0);
    assert_int_equal(tu_replace_in_file(path, "depart: \"07:00-08:00\"",
                                        "depart: \"12:00-12:10\""), 0);
    assert_int_equal(tu_run_dosah(NULL, &err, args), 0);
    free(err);
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transit_question),
        cmocka_unit_test(test_transit_no_trip),
        cmocka_unit_test(test_transit_errors),
        cmocka_unit_test(test_transit_day_outside_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
