/* SPDX-License-Identifier: MIT */
/*
 * The demo end to end: `dosah run geodata/liberec/scenario.yaml`, then the GeoPackage read
 * back with OGR and checked against figures published independently of dosah (ČSÚ counts and
 * population per ORP, 1 Jan 2025, as listed in the facts this demo is built from), the CRS,
 * and the styles stored for QGIS. The GeoPackage is left in the build tree for the QGIS test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "integration/cli_util.h"

#define SCENARIO DOSAH_SOURCE_DIR "/geodata/liberec/scenario.yaml"
#define OUTDIR "demo-out"
#define GPKG OUTDIR "/liberecky-kraj-demo.gpkg"

/* ČSÚ: municipalities and population per ORP of Liberecký kraj, 1 Jan 2025. */
static const struct {
    int code;
    const char *name;
    int municipalities;
    long population;
} orp[] = {
    {5101, "Česká Lípa", 41, 76626},  {5102, "Frýdlant", 18, 24544},
    {5103, "Jablonec nad Nisou", 12, 57971}, {5104, "Jilemnice", 21, 21726},
    {5105, "Liberec", 28, 150640},    {5106, "Nový Bor", 16, 26234},
    {5107, "Semily", 22, 25428},      {5108, "Tanvald", 10, 20237},
    {5109, "Turnov", 36, 33799},      {5110, "Železný Brod", 11, 12289},
};

static GDALDatasetH ds;

static int run_demo(void **state)
{
    const char *args[] = {"run", SCENARIO, "-o", OUTDIR, "-q", NULL};
    char *err = NULL;
    int rc;
    (void)state;
    rc = tu_run_dosah(NULL, &err, args);
    if (rc != 0)
        fprintf(stderr, "dosah exited %d:\n%s\n", rc, err ? err : "");
    free(err);
    if (rc != 0)
        return -1;
    GDALAllRegister();
    ds = GDALOpenEx(GPKG, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    return ds ? 0 : -1;
}

static int close_demo(void **state)
{
    (void)state;
    GDALClose(ds);
    return 0;
}

/* Runs a SQL query returning one row and gives the first field as a double. */
static double sql_number(const char *sql)
{
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    OGRFeatureH f;
    double v = -1;
    assert_non_null(l);
    f = OGR_L_GetNextFeature(l);
    assert_non_null(f);
    v = OGR_F_GetFieldAsDouble(f, 0);
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, l);
    return v;
}

static void test_counts_per_orp(void **state)
{
    char sql[512];
    size_t i;
    long total = 0;
    (void)state;
    assert_float_equal(sql_number("SELECT COUNT(*) FROM municipalities"), 215, 0);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM regions"), 10, 0);
    for (i = 0; i < sizeof orp / sizeof orp[0]; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM municipalities WHERE region_code = %d", orp[i].code);
        assert_float_equal(sql_number(sql), orp[i].municipalities, 0);
        snprintf(sql, sizeof sql,
                 "SELECT SUM(population) FROM municipalities WHERE region_code = %d",
                 orp[i].code);
        assert_float_equal(sql_number(sql), (double)orp[i].population, 0);
        snprintf(sql, sizeof sql,
                 "SELECT population FROM regions WHERE code = %d AND name = '%s'", orp[i].code,
                 orp[i].name);
        assert_float_equal(sql_number(sql), (double)orp[i].population, 0);
        total += orp[i].population;
    }
    assert_int_equal(total, 449494);
    assert_float_equal(sql_number("SELECT SUM(population) FROM demand"), 449494, 0);
}

static void test_every_layer_in_5514(void **state)
{
    int i, n = GDALDatasetGetLayerCount(ds), spatial = 0;
    (void)state;
    for (i = 0; i < n; i++) {
        OGRLayerH l = GDALDatasetGetLayer(ds, i);
        OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(l);
        if (OGR_L_GetGeomType(l) == wkbNone)
            continue;
        spatial++;
        assert_non_null(srs);
        assert_string_equal(OSRGetAuthorityName(srs, NULL), "EPSG");
        assert_string_equal(OSRGetAuthorityCode(srs, NULL), "5514");
    }
    assert_int_equal(spatial, 10);
}

static void test_styles_stored(void **state)
{
    static const char *const layers[] = {"municipalities",      "regions", "services",
                                         "demand",              "excluded_localities",
                                         "roads",               "catchments", "scope",
                                         "gaps",                "proposals"};
    char sql[256];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof layers / sizeof layers[0]; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM layer_styles WHERE f_table_name = '%s' AND "
                 "f_table_schema = '' AND f_geometry_column = 'geom' AND useAsDefault = 1 AND "
                 "styleQML LIKE '%%<aliases>%%' AND styleQML NOT LIKE '%%@KEY@%%'",
                 layers[i]);
        assert_float_equal(sql_number(sql), 1, 0);
    }
    /* QGIS finds the table only when it is registered as a GeoPackage table. */
    assert_float_equal(sql_number("SELECT COUNT(*) FROM gpkg_contents WHERE "
                                  "table_name = 'layer_styles' AND data_type = 'attributes'"),
                       1, 0);
}

static void test_demo_content(void **state)
{
    (void)state;
    /* The facts: 48 excluded localities of about 3,500 people; none in ORP Jilemnice/Turnov. */
    assert_float_equal(sql_number("SELECT COUNT(*) FROM excluded_localities"), 48, 0);
    assert_true(sql_number("SELECT SUM(population) FROM excluded_localities") >= 3000);
    assert_true(sql_number("SELECT SUM(population) FROM excluded_localities") <= 4000);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM excluded_localities l JOIN "
                                  "municipalities m ON l.municipality = m.code WHERE "
                                  "m.region_code IN (5104, 5109)"),
                       0, 0);
    /* Sheltered housing only in ORP Liberec, Česká Lípa, Nový Bor, Turnov, Železný Brod. */
    assert_float_equal(sql_number("SELECT COUNT(*) FROM services s JOIN municipalities m ON "
                                  "s.municipality = m.code WHERE s.key = 'sheltered' AND "
                                  "m.region_code NOT IN (5101, 5105, 5106, 5109, 5110)"),
                       0, 0);
    assert_true(sql_number("SELECT COUNT(*) FROM services WHERE key = 'sheltered'") >= 5);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM services s JOIN municipalities m ON "
                                  "s.municipality = m.code WHERE s.key = 'contact' AND "
                                  "m.name NOT IN ('Liberec', 'Česká Lípa')"),
                       0, 0);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM run_info WHERE key = "
                                  "'input.municipalities.sha256' AND length(value) = 64"),
                       1, 0);
}

/* The generated network is connected and every municipality point is a road vertex, so every
 * municipality has a travel time to every kind of service (by bus too: walking the whole way
 * is allowed), and there is nothing to warn of. */
static void test_travel_times_everywhere(void **state)
{
    static const char *const keys[] = {"care",    "assistance", "sheltered",
                                       "contact", "terrain",    "contact_bus"};
    char sql[256];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM municipalities WHERE %s_minutes IS NULL OR "
                 "%s_minutes < 0 OR %s_nearest IS NULL", keys[i], keys[i], keys[i]);
        assert_float_equal(sql_number(sql), 0, 0);
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM demand WHERE %s_minutes IS NULL",
                 keys[i]);
        assert_float_equal(sql_number(sql), 0, 0);
        /* Shares are shares, and the population within a threshold never exceeds it. */
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM regions WHERE %s_within < 0 OR %s_within > 1 OR "
                 "%s_pop_within > population + 1e-6 OR %s_within_15 > %s_within_60",
                 keys[i], keys[i], keys[i], keys[i], keys[i]);
        assert_float_equal(sql_number(sql), 0, 0);
    }
    assert_float_equal(sql_number("SELECT COUNT(*) FROM diagnostics WHERE severity = 'warning'"),
                       0, 0);
}

/* Invariants of the capacity measures on the demo: with the plain cutoff (the demo's
 * default), Σ P_i·A_i = Σ S_j over the facilities that reach someone; and capacity-limited
 * coverage never counts anyone twice: covered + unserved = population in every region. */
static void test_capacity_invariants(void **state)
{
    static const char *const keys[] = {"care", "assistance", "sheltered", "terrain"};
    char sql[512];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        double access, supply;
        /* home care and assistance count people aged 65+ (their K_group_population) */
        snprintf(sql, sizeof sql, "SELECT SUM(%s * %s_fca / 1000.0) FROM demand",
                 i < 2 ? (i ? "assistance_group_population" : "care_group_population")
                       : "population",
                 keys[i]);
        access = sql_number(sql);
        snprintf(sql, sizeof sql,
                 "SELECT SUM(capacity) FROM services WHERE key = '%s' AND reach_population > 0",
                 keys[i]);
        supply = sql_number(sql);
        assert_true(supply > 0);
        assert_float_equal(access, supply, 1e-6 * supply);
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM regions WHERE abs(%s_cap_covered + %s_cap_unserved - "
                 "%s) > 1e-6 OR %s_cap_share > 1",
                 keys[i], keys[i],
                 i < 2 ? (i ? "assistance_group_population" : "care_group_population")
                       : "population",
                 keys[i]);
        assert_float_equal(sql_number(sql), 0, 0);
    }
    /* Every catchment agrees with the computed times. */
    assert_float_equal(sql_number("SELECT SUM(violations) FROM catchments"), 0, 0);
    assert_true(sql_number("SELECT COUNT(*) FROM catchments") > 0);
}

/*
 * Sheltered housing (norm 3 beds per 10,000): gaps exactly in the five ORP districts with no
 * facility, which the regional plan names, with shortfall ⌈3 × population / 10,000⌉ from the
 * ČSÚ populations: Frýdlant 24,544 → 7.36 → 8; Jablonec n. N. 57,971 → 17.39 → 18;
 * Jilemnice 21,726 → 6.52 → 7; Semily 25,428 → 7.63 → 8; Tanvald 20,237 → 6.07 → 7.
 * The three proposed sheltered houses lie in those districts (candidates: gap_regions).
 */
static void test_gaps_and_proposals(void **state)
{
    static const struct {
        int code;
        int shortfall;
    } gaps[] = {{5102, 8}, {5103, 18}, {5104, 7}, {5107, 8}, {5108, 7}};
    char sql[256];
    size_t i;
    (void)state;
    assert_float_equal(sql_number("SELECT COUNT(*) FROM regions WHERE sheltered_gap = 1"), 5, 0);
    for (i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT sheltered_shortfall FROM regions WHERE code = %d AND sheltered_gap = 1 "
                 "AND sheltered_has_facility = 0 AND sheltered_capacity = 0",
                 gaps[i].code);
        assert_float_equal(sql_number(sql), gaps[i].shortfall, 0);
        snprintf(sql, sizeof sql,
                 "SELECT shortfall FROM gaps WHERE key = 'sheltered' AND region = '%d' AND "
                 "gap = 1 AND reason LIKE '%%no_facility%%'",
                 gaps[i].code);
        assert_float_equal(sql_number(sql), gaps[i].shortfall, 0);
    }
    assert_float_equal(sql_number("SELECT SUM(sheltered_shortfall) FROM regions WHERE "
                                  "sheltered_gap = 0"),
                       0, 0);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM proposals WHERE key = 'sheltered'"), 3,
                       0);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM proposals p JOIN municipalities m ON "
                                  "m.code = p.site WHERE p.key = 'sheltered' AND m.region_code "
                                  "IN (5102, 5103, 5104, 5107, 5108)"),
                       3, 0);
    /* Each unit of 8 beds meets 8 units of need: 8 × 10,000 / 3 people at the norm. */
    assert_float_equal(sql_number("SELECT MIN(added_need) FROM proposals WHERE key = "
                                  "'sheltered'"),
                       8, 1e-9);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM proposals WHERE key = 'contact'"), 1, 0);
}

/* What if 8 beds open in Jablonec nad Nisou (57,971 people, norm 3 per 10,000)? Shortfall
 * ⌈17.39⌉ = 18 before, ⌈17.39 − 8⌉ = 10 after; capacity per 10,000: 0, then 80,000 / 57,971.
 * Nothing changes in a district the new beds are not in, for capacity per 10,000. */
static void test_what_if(void **state)
{
    (void)state;
    assert_float_equal(sql_number("SELECT difference FROM changes WHERE region = '5103' AND "
                                  "indicator = 'sheltered_shortfall' AND before = 18 AND "
                                  "after = 10"),
                       -8, 0);
    assert_float_equal(sql_number("SELECT after FROM changes WHERE region = '5103' AND "
                                  "indicator = 'sheltered_per_10k'"),
                       80000.0 / 57971.0, 1e-9);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM changes WHERE region <> '5103' AND "
                                  "indicator = 'sheltered_per_10k' AND difference <> 0"),
                       0, 0);
    /* The other layers show the situation before the change. */
    assert_float_equal(sql_number("SELECT sheltered_shortfall FROM regions WHERE code = 5103"),
                       18, 0);
}

/* The contact centres by bus: the quartiles bracket the median everywhere, the service day is
 * a Tuesday and the window the scenario's. */
static void test_bus_question(void **state)
{
    (void)state;
    assert_float_equal(sql_number("SELECT COUNT(*) FROM demand WHERE NOT (contact_bus_minutes_p25 "
                                  "<= contact_bus_minutes AND contact_bus_minutes <= "
                                  "contact_bus_minutes_p75)"),
                       0, 0);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM run_info WHERE key = "
                                  "'question.contact_bus.service_weekday' AND value = 'tuesday'"),
                       1, 0);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM run_info WHERE key = "
                                  "'question.contact_bus.depart' AND value = '07:00-09:00'"),
                       1, 0);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM excluded_localities WHERE "
                                  "contact_bus_car_minutes IS NULL OR contact_bus_walk_minutes IS "
                                  "NULL OR contact_bus_minutes > contact_bus_walk_minutes + 0.01"),
                       0, 0);
}

/*
 * Besides the default style, one named style per question (the scenario has six) for the
 * municipalities, regions and demand layers, each drawing its own key's travel time; the
 * other layers have only their default style.
 */
static void test_named_styles(void **state)
{
    static const char *const per_question[] = {"municipalities", "regions", "demand"};
    static const char *const keys[] = {"care",    "assistance", "sheltered",
                                       "contact", "terrain",    "contact_bus"};
    char sql[320];
    size_t i, k;
    (void)state;
    for (i = 0; i < 3; i++) {
        for (k = 0; k < 6; k++) {
            snprintf(sql, sizeof sql,
                     "SELECT COUNT(*) FROM layer_styles WHERE f_table_name = '%s' AND "
                     "useAsDefault = 0 AND styleName = '%s' AND styleQML LIKE "
                     "'%%\"%s_minutes\" IS NULL%%' AND styleQML NOT LIKE '%%@KEY@%%'",
                     per_question[i], keys[k], keys[k]);
            assert_float_equal(sql_number(sql), 1, 0);
        }
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM layer_styles WHERE f_table_name = '%s'",
                 per_question[i]);
        assert_float_equal(sql_number(sql), 7, 0);
    }
    assert_float_equal(sql_number("SELECT COUNT(*) FROM layer_styles WHERE f_table_name = "
                                  "'services'"),
                       1, 0);
}

/*
 * Every spatial table has one QGIS layer metadata document in gpkg_metadata, referenced to
 * it; the working CRS's row carries EPSG's name for 5514 and its authority code.
 */
static void test_gpkg_metadata(void **state)
{
    (void)state;
    assert_float_equal(sql_number("SELECT COUNT(*) FROM gpkg_contents c WHERE data_type = "
                                  "'features' AND (SELECT COUNT(*) FROM gpkg_metadata_reference "
                                  "r JOIN gpkg_metadata m ON m.id = r.md_file_id WHERE "
                                  "r.reference_scope = 'table' AND r.table_name = c.table_name "
                                  "AND m.md_standard_uri = 'http://mrcc.com/qgis.dtd' AND "
                                  "m.metadata LIKE '%<history>engine: dosah %') = 1"),
                       sql_number("SELECT COUNT(*) FROM gpkg_contents WHERE data_type = "
                                  "'features'"),
                       0);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM gpkg_spatial_ref_sys WHERE srs_id = "
                                  "5514 AND organization = 'EPSG' AND organization_coordsys_id "
                                  "= 5514 AND srs_name = 'S-JTSK / Krovak East North' AND "
                                  "description = 'S-JTSK / Krovak East North (EPSG:5514)' AND "
                                  "definition LIKE 'PROJCS[\"S-JTSK / Krovak East North\"%' "
                                  "AND definition LIKE '%AUTHORITY[\"EPSG\",\"5514\"]]'"),
                       1, 0);
}

/* --lang en: English aliases and legend labels; Czech by default; no template text left. */
static void test_languages(void **state)
{
    const char *args[] = {"run", SCENARIO, "-o", "demo-out-en", "--lang", "en", "-q", NULL};
    GDALDatasetH en;
    OGRLayerH l;
    OGRFeatureH f;
    const char *qml;
    (void)state;
    assert_float_equal(sql_number("SELECT COUNT(*) FROM layer_styles WHERE f_table_name = "
                                  "'municipalities' AND useAsDefault = 1 AND "
                                  "styleQML LIKE '%label=\"nedostupné\"%' "
                                  "AND styleQML LIKE '%name=\"Pečovatelská služba: průměrná "
                                  "doba cesty (min)\"%' AND styleQML NOT LIKE '%{{%'"),
                       1, 0);
    assert_int_equal(tu_run_dosah(NULL, NULL, args), 0);
    en = GDALOpenEx("demo-out-en/liberecky-kraj-demo.gpkg", GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(en);
    l = GDALDatasetExecuteSQL(en, "SELECT styleQML FROM layer_styles WHERE f_table_name = "
                                  "'municipalities' AND useAsDefault = 1", NULL, NULL);
    assert_non_null(l);
    f = OGR_L_GetNextFeature(l);
    assert_non_null(f);
    qml = OGR_F_GetFieldAsString(f, 0);
    assert_non_null(strstr(qml, "label=\"unreachable\""));
    assert_non_null(strstr(qml, "name=\"Pečovatelská služba: mean travel time (min)\""));
    assert_non_null(strstr(qml, "name=\"Population\""));
    assert_null(strstr(qml, "nedostupné"));
    assert_null(strstr(qml, "{{"));
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(en, l);
    GDALClose(en);
}

/* Runs a command line under a pseudo-terminal (util-linux `script`) and returns its output. */
static char *under_terminal(const char *args)
{
    char cmd[2048], *buf = malloc(65536);
    size_t n = 0, r;
    FILE *p;
    assert_non_null(buf);
    snprintf(cmd, sizeof cmd, "script -qec \"'%s' %s\" /dev/null", DOSAH_BINARY, args);
    p = popen(cmd, "r");
    assert_non_null(p);
    while ((r = fread(buf + n, 1, 65535 - n, p)) > 0)
        n += r;
    buf[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return buf;
}

static void test_progress_only_on_a_terminal(void **state)
{
    const char *args[] = {"check", SCENARIO, NULL};
    char *out, *err = NULL;
    (void)state;
    out = under_terminal("check '" SCENARIO "'");
    assert_non_null(strstr(out, "0...10...20...30...40...50...60...70...80...90...100 - done."));
    free(out);
    out = under_terminal("check -q '" SCENARIO "'");
    assert_null(strstr(out, "...10"));
    free(out);
    assert_int_equal(tu_run_dosah(NULL, &err, args), 0);
    assert_null(strstr(err, "...10"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_per_orp),
        cmocka_unit_test(test_every_layer_in_5514),
        cmocka_unit_test(test_styles_stored),
        cmocka_unit_test(test_demo_content),
        cmocka_unit_test(test_travel_times_everywhere),
        cmocka_unit_test(test_bus_question),
        cmocka_unit_test(test_named_styles),
        cmocka_unit_test(test_gpkg_metadata),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_capacity_invariants),
        cmocka_unit_test(test_gaps_and_proposals),
        cmocka_unit_test(test_what_if),
        cmocka_unit_test(test_progress_only_on_a_terminal),
    };
    return cmocka_run_group_tests(tests, run_demo, close_demo);
}
