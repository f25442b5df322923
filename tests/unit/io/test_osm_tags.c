/* SPDX-License-Identifier: MIT */
/*
 * OpenStreetMap tags as GDAL's OSM driver hands them over: the hstore text of other_tags
 * (with escaped quotes), maxspeed values (numbers, units, Czech zones, lists), the highway
 * values that are no roads for cars, access tags, and one-way rules with the ones a
 * roundabout and a motorway imply. Expected values are OpenStreetMap's documented meanings.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/model.h"
#include "io/osm_internal.h"

static void test_tag_lookup(void **state)
{
    const char *tags = "\"maxspeed\"=>\"50\",\"name:cs\"=>\"U \\\"Lípy\\\"\",\"oneway\"=>\"yes\"";
    char v[64];
    (void)state;
    assert_int_equal(dosah_osm_tag(tags, "maxspeed", v, sizeof v), 1);
    assert_string_equal(v, "50");
    assert_int_equal(dosah_osm_tag(tags, "oneway", v, sizeof v), 1);
    assert_string_equal(v, "yes");
    /* escaped quotes inside a value are unescaped; a key is matched whole */
    assert_int_equal(dosah_osm_tag(tags, "name:cs", v, sizeof v), 1);
    assert_string_equal(v, "U \"Lípy\"");
    assert_int_equal(dosah_osm_tag(tags, "name", v, sizeof v), 0);
    assert_string_equal(v, "");
    assert_int_equal(dosah_osm_tag(tags, "speed", v, sizeof v), 0);
    assert_int_equal(dosah_osm_tag(NULL, "oneway", v, sizeof v), 0);
    assert_int_equal(dosah_osm_tag("", "oneway", v, sizeof v), 0);
    /* a value longer than the buffer is cut, and still NUL-terminated */
    assert_int_equal(dosah_osm_tag(tags, "name:cs", v, 4), 1);
    assert_string_equal(v, "U \"");
    /* text that is not hstore finds nothing instead of reading past the end */
    assert_int_equal(dosah_osm_tag("\"oneway\"=>\"yes", "oneway", v, sizeof v), 0);
    assert_int_equal(dosah_osm_tag("oneway=yes", "oneway", v, sizeof v), 0);
    assert_int_equal(dosah_osm_tag("\"a\"=\"b\"", "a", v, sizeof v), 0);
}

static void test_maxspeed(void **state)
{
    double v = -1;
    (void)state;
    assert_int_equal(dosah_osm_maxspeed("50", &v), 1);
    assert_float_equal(v, 50, 0);
    assert_int_equal(dosah_osm_maxspeed("50 km/h", &v), 1);
    assert_float_equal(v, 50, 0);
    assert_int_equal(dosah_osm_maxspeed("30 mph", &v), 1);
    assert_float_equal(v, 48.28032, 1e-9);
    assert_int_equal(dosah_osm_maxspeed("10 knots", &v), 1);
    assert_float_equal(v, 18.52, 1e-9);
    assert_int_equal(dosah_osm_maxspeed("CZ:urban", &v), 1);
    assert_float_equal(v, 50, 0);
    assert_int_equal(dosah_osm_maxspeed("CZ:rural", &v), 1);
    assert_float_equal(v, 90, 0);
    assert_int_equal(dosah_osm_maxspeed("CZ:trunk", &v), 1);
    assert_float_equal(v, 110, 0);
    assert_int_equal(dosah_osm_maxspeed("CZ:motorway", &v), 1);
    assert_float_equal(v, 130, 0);
    assert_int_equal(dosah_osm_maxspeed("CZ:living_street", &v), 1);
    assert_float_equal(v, 20, 0);
    /* several values (lanes, conditions): the lowest */
    assert_int_equal(dosah_osm_maxspeed("70;50", &v), 1);
    assert_float_equal(v, 50, 0);
    v = -1;
    assert_int_equal(dosah_osm_maxspeed("none", &v), 0);
    assert_int_equal(dosah_osm_maxspeed("signals", &v), 0);
    assert_int_equal(dosah_osm_maxspeed("walk", &v), 0);
    assert_int_equal(dosah_osm_maxspeed("DE:urban", &v), 0);
    assert_int_equal(dosah_osm_maxspeed("0", &v), 0);
    assert_int_equal(dosah_osm_maxspeed("50 km", &v), 0);
    assert_int_equal(dosah_osm_maxspeed("50;fast", &v), 0);
    assert_int_equal(dosah_osm_maxspeed("", &v), 0);
    assert_int_equal(dosah_osm_maxspeed(NULL, &v), 0);
    assert_float_equal(v, -1, 0);
}

static void test_not_for_cars(void **state)
{
    static const char *const not_roads[] = {"footway", "path",         "cycleway", "steps",
                                            "bridleway", "pedestrian", "track",    "platform",
                                            "construction", "proposed", "corridor"};
    static const char *const roads[] = {"motorway",    "trunk",       "primary", "secondary",
                                        "tertiary",    "unclassified", "residential",
                                        "living_street", "service",   "road"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof not_roads / sizeof *not_roads; i++)
        assert_true(dosah_osm_highway_not_for_cars(not_roads[i]));
    for (i = 0; i < sizeof roads / sizeof *roads; i++)
        assert_false(dosah_osm_highway_not_for_cars(roads[i]));
    assert_false(dosah_osm_highway_not_for_cars(NULL));
}

static void test_way_verdicts(void **state)
{
    struct dosah_osm_way w;
    (void)state;
    dosah_osm_way_read(NULL, "\"building\"=>\"yes\"", &w);
    assert_int_equal(w.verdict, DOSAH_OSM_NO_HIGHWAY);
    dosah_osm_way_read("pedestrian", "\"area\"=>\"yes\"", &w);
    assert_int_equal(w.verdict, DOSAH_OSM_AREA);
    dosah_osm_way_read("residential", "\"area\"=>\"no\"", &w);
    assert_int_equal(w.verdict, DOSAH_OSM_ROAD);
    /* access: the most specific tag decides */
    dosah_osm_way_read("service", "\"access\"=>\"no\"", &w);
    assert_int_equal(w.verdict, DOSAH_OSM_NO_ACCESS);
    dosah_osm_way_read("service", "\"access\"=>\"no\",\"motor_vehicle\"=>\"yes\"", &w);
    assert_int_equal(w.verdict, DOSAH_OSM_ROAD);
    dosah_osm_way_read("residential", "\"motorcar\"=>\"no\",\"vehicle\"=>\"yes\"", &w);
    assert_int_equal(w.verdict, DOSAH_OSM_NO_ACCESS);
    dosah_osm_way_read("service", "\"access\"=>\"private\"", &w);
    assert_int_equal(w.verdict, DOSAH_OSM_ROAD);
    dosah_osm_way_read("unclassified", "\"motor_vehicle\"=>\"agricultural\"", &w);
    assert_int_equal(w.verdict, DOSAH_OSM_NO_ACCESS);
}

static void test_oneway(void **state)
{
    struct dosah_osm_way w;
    (void)state;
    dosah_osm_way_read("residential", "\"oneway\"=>\"yes\"", &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_FORWARD);
    assert_false(w.oneway_implied);
    dosah_osm_way_read("residential", "\"oneway\"=>\"-1\"", &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_BACKWARD);
    dosah_osm_way_read("residential", "\"oneway\"=>\"reverse\"", &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_BACKWARD);
    dosah_osm_way_read("residential", "\"oneway\"=>\"no\"", &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_NO);
    assert_false(w.oneway_unknown);
    dosah_osm_way_read("residential", NULL, &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_NO);
    /* implied: a roundabout and a motorway, unless tagged otherwise */
    dosah_osm_way_read("tertiary", "\"junction\"=>\"roundabout\"", &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_FORWARD);
    assert_true(w.oneway_implied);
    dosah_osm_way_read("motorway", NULL, &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_FORWARD);
    assert_true(w.oneway_implied);
    dosah_osm_way_read("motorway", "\"oneway\"=>\"no\"", &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_NO);
    dosah_osm_way_read("motorway_link", NULL, &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_NO);
    /* values of no direction: two-way, flagged for the summary */
    dosah_osm_way_read("primary", "\"oneway\"=>\"reversible\"", &w);
    assert_int_equal(w.oneway, DOSAH_ONEWAY_NO);
    assert_true(w.oneway_unknown);
    assert_string_equal(w.oneway_text, "reversible");
}

static void test_way_maxspeed(void **state)
{
    struct dosah_osm_way w;
    (void)state;
    dosah_osm_way_read("primary", "\"maxspeed\"=>\"CZ:rural\"", &w);
    assert_true(w.has_maxspeed && w.maxspeed_ok);
    assert_float_equal(w.maxspeed_kmh, 90, 0);
    dosah_osm_way_read("primary", "\"maxspeed\"=>\"signals\"", &w);
    assert_true(w.has_maxspeed);
    assert_false(w.maxspeed_ok);
    assert_true(isnan(w.maxspeed_kmh));
    assert_string_equal(w.maxspeed, "signals");
    dosah_osm_way_read("primary", "\"maxspeed:forward\"=>\"50\"", &w);
    assert_false(w.has_maxspeed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tag_lookup),     cmocka_unit_test(test_maxspeed),
        cmocka_unit_test(test_not_for_cars),   cmocka_unit_test(test_way_verdicts),
        cmocka_unit_test(test_oneway),         cmocka_unit_test(test_way_maxspeed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
