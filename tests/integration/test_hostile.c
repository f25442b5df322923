/* SPDX-License-Identifier: MIT */
/*
 * Hostile input (issue 12): GeoPackages handed to `dosah report` with a NaN coordinate, an
 * unclosed ring, an invalid polygon or text that is not UTF-8, written here byte by byte with
 * SQLite so that nothing repairs them on the way; numbers that cannot be kept exactly,
 * hexadecimal, infinity and NaN in the inputs; region codes past the int64 range; roads of
 * zero length; formulas in the CSV tables; control characters in messages. Each case states
 * what must happen (exit 2, the place named, nothing written) from the rule, not from output.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>

#include "integration/cli_util.h"

#define MINI DOSAH_TEST_DATA "/mini"

/* ---- helpers ---- */

/* A copy of the mini fixture with one text replaced in a file (file NULL: no edit). */
static char *fixture(const char *file, const char *find, const char *replace)
{
    char *dir = tu_copy_fixture(MINI), path[4096];
    assert_non_null(dir);
    if (file) {
        snprintf(path, sizeof path, "%s/%s", dir, file);
        assert_int_equal(tu_replace_in_file(path, find, replace), 0);
    }
    return dir;
}

static void edit(const char *dir, const char *file, const char *find, const char *replace)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    assert_int_equal(tu_replace_in_file(path, find, replace), 0);
}

/* Runs `dosah COMMAND DIR/scenario.yaml [-o DIR/out]`; *err gets stderr. */
static int run_in(const char *dir, const char *command, char **out, char **err)
{
    char path[4096], outdir[4096];
    const char *args[] = {command, path, "-o", outdir, NULL};
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    if (!strcmp(command, "check"))
        args[2] = NULL;
    return tu_run_dosah(out, err, args);
}

static void expect_all(const char *text, const char *const *expect, size_t n, const char *what)
{
    size_t i;
    for (i = 0; i < n && expect[i]; i++) {
        if (!strstr(text, expect[i]))
            print_error("%s: '%s' not in:\n%s\n", what, expect[i], text);
        assert_non_null(strstr(text, expect[i]));
    }
}

/* ---- numbers at load (items 6 to 9) ---- */

struct bad_number {
    const char *name, *file, *find, *replace;
    const char *expect[5];
};

static const struct bad_number bad_numbers[] = {
    /* 1e19 >= 2^63: as a double it is not the integer a population must be */
    {"population 1e19", "municipalities.geojson", "\"obyvatel\": 2000", "\"obyvatel\": 1e19",
     {"municipalities.geojson", "layer 'municipalities'", "feature '1002'", "field 'obyvatel'",
      "too large"}},
    /* an integer literal GDAL clamps to INT64_MAX */
    {"population 2^64", "municipalities.geojson", "\"obyvatel\": 2000",
     "\"obyvatel\": 18446744073709551616",
     {"municipalities.geojson", "feature '1002'", "field 'obyvatel'", "64-bit"}},
    /* 2^53 + 1 is the first integer a double cannot hold */
    {"population 2^53+1", "municipalities.geojson", "\"obyvatel\": 2000",
     "\"obyvatel\": 9007199254740993",
     {"municipalities.geojson", "feature '1002'", "field 'obyvatel'", "too large"}},
    {"hexadecimal population", "municipalities.geojson", "\"obyvatel\": 2000",
     "\"obyvatel\": \"0x10\"",
     {"municipalities.geojson", "feature '1002'", "field 'obyvatel'", "'0x10' is not a number"}},
    {"capacity Infinity", "services.geojson", "\"kapacita\": 5", "\"kapacita\": Infinity",
     {"services.geojson", "layer 'services'", "feature 'S2'", "field 'kapacita'",
      "not a finite number"}},
    {"capacity NaN", "services.geojson", "\"kapacita\": 5", "\"kapacita\": NaN",
     {"services.geojson", "feature 'S2'", "field 'kapacita'", "not a finite number"}},
    {"capacity 1e308", "services.geojson", "\"kapacita\": 5", "\"kapacita\": 1e308",
     {"services.geojson", "feature 'S2'", "field 'kapacita'", "too large"}},
    {"speed Infinity", "roads.geojson", "\"rychlost\": null, \"jednosmerka\": \"no\"",
     "\"rychlost\": Infinity, \"jednosmerka\": \"no\"",
     {"roads.geojson", "layer 'roads'", "fid 0", "field 'rychlost'", "not a finite number"}},
    /* a vertex beyond DOSAH_COORD_MAX (the second of the second road): named by its number */
    {"road vertex 1e300", "roads.geojson", "[[-685000,-995000],[-675000,-995000]]",
     "[[-685000,-995000],[1e300,-995000]]",
     {"roads.geojson", "layer 'roads'", "fid 1", "vertex 2 at (1e+300, -995000)",
      "not a finite coordinate"}},
    {"speed as text inf", "roads.geojson", "\"rychlost\": null, \"jednosmerka\": null",
     "\"rychlost\": \"1e999\", \"jednosmerka\": null",
     {"roads.geojson", "fid 1", "field 'rychlost'", "'1e999' is not a number"}},
};

static void test_bad_numbers(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
        const struct bad_number *c = &bad_numbers[i];
        char *dir = fixture(c->file, c->find, c->replace), *err = NULL, outdir[4096];
        int rc = run_in(dir, "run", NULL, &err);
        if (rc != 2)
            print_error("case '%s': exit %d, stderr:\n%s\n", c->name, rc, err);
        assert_int_equal(rc, 2);
        expect_all(err, c->expect, 5, c->name);
        snprintf(outdir, sizeof outdir, "%s/out", dir);
        assert_true(tu_count_entries(outdir) <= 0);
        free(err);
        tu_remove_tree(dir);
        free(dir);
    }
}

/* Two region codes past the int64 range stay two regions, their codes kept as text. */
static void test_region_codes_beyond_int64(void **state)
{
    char *dir = fixture("municipalities.geojson", "\"orp\": \"12\"",
                        "\"orp\": \"99999999999999999998\""), path[4096];
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureH f;
    int n = 0, seen_a = 0, seen_b = 0, idx;
    (void)state;
    /* Alfa and Beta in one region, Gama in the other */
    edit(dir, "municipalities.geojson", "\"orp\": \"11\"", "\"orp\": \"99999999999999999999\"");
    edit(dir, "municipalities.geojson", "\"orp\": \"11\"", "\"orp\": \"99999999999999999999\"");
    assert_int_equal(run_in(dir, "run", NULL, NULL), 0);
    snprintf(path, sizeof path, "%s/out/mini.gpkg", dir);
    GDALAllRegister();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    layer = GDALDatasetGetLayerByName(ds, "regions");
    assert_non_null(layer);
    idx = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "code");
    assert_true(idx >= 0);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        const char *code = OGR_F_GetFieldAsString(f, idx);
        seen_a += !strcmp(code, "99999999999999999999");
        seen_b += !strcmp(code, "99999999999999999998");
        n++;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    assert_int_equal(n, 2);
    assert_int_equal(seen_a, 1);
    assert_int_equal(seen_b, 1);
    tu_remove_tree(dir);
    free(dir);

    /* The same codes as JSON numbers: GDAL clamps them to 2^63 - 1, so they would merge;
     * refused with the municipality and the field named. */
    {
        char *err = NULL;
        dir = fixture("municipalities.geojson", "\"orp\": \"12\"",
                      "\"orp\": 99999999999999999998");
        edit(dir, "municipalities.geojson", "\"orp\": \"11\"", "\"orp\": 99999999999999999999");
        edit(dir, "municipalities.geojson", "\"orp\": \"11\"", "\"orp\": 99999999999999999999");
        assert_int_equal(run_in(dir, "run", NULL, &err), 2);
        assert_non_null(strstr(err, "field 'orp'"));
        assert_non_null(strstr(err, "the region code is beyond the 64-bit integer range"));
        free(err);
        tu_remove_tree(dir);
        free(dir);
    }
}

/* ---- roads of zero length (item 2) ---- */

#define ROAD1 "[[-695000,-995000],[-685000,-995000]]"
#define ROAD2 "[[-685000,-995000],[-675000,-995000]]"

static void test_zero_length_roads(void **state)
{
    char *dir = fixture("roads.geojson", ROAD1, "[[-695000,-995000],[-695000,-995000]]");
    char *err = NULL, outdir[4096];
    const char *all[] = {"roads.geojson", "layer 'roads'", "no road has a positive length"};
    const char *one[] = {"roads.geojson", "1 road line of zero length", "fid 1"};
    (void)state;
    edit(dir, "roads.geojson", ROAD2, "[[-685000,-995000],[-685000,-995000]]");
    assert_int_equal(run_in(dir, "run", NULL, &err), 2);
    expect_all(err, all, 3, "all roads of zero length");
    assert_null(strstr(err, "nan"));
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    assert_true(tu_count_entries(outdir) <= 0);
    free(err);
    tu_remove_tree(dir);
    free(dir);

    /* One of two roads of zero length: a warning names it; distances are to the other road
     * (Gama's point at x = -675000 is 10 km from its end at -685000). */
    dir = fixture("roads.geojson", ROAD2, "[[-685000,-995000],[-685000,-995000]]");
    assert_int_equal(run_in(dir, "run", NULL, &err), 0);
    expect_all(err, one, 3, "one road of zero length");
    assert_non_null(strstr(err, "municipality 1003 (Gama): 10000 m from the nearest road"));
    assert_null(strstr(err, "nan"));
    free(err);
    tu_remove_tree(dir);
    free(dir);
}

/* ---- control characters in messages (item 5) ---- */

static void test_control_characters_escaped(void **state)
{
    /* ESC [2J (clear screen) and a C1 CSI (U+009B) in a data value quoted by a message */
    char *dir = fixture("municipalities.geojson", "\"obyvatel\": 2000",
                        "\"obyvatel\": \"\\u001b[2J\\u009b1m\"");
    char *err = NULL, *out = NULL;
    (void)state;
    assert_int_equal(run_in(dir, "run", &out, &err), 2);
    assert_null(strchr(err, 0x1b));
    assert_null(strstr(err, "\xc2\x9b"));
    assert_non_null(strstr(err, "'\\x1b[2J\\u009b1m' is not a number"));
    free(err);
    free(out);
    tu_remove_tree(dir);
    free(dir);

    /* The scenario name with ESC: refused, and not echoed raw. */
    dir = fixture("scenario.yaml", "name: mini", "name: \"mini\\e[2J\"");
    assert_int_equal(run_in(dir, "run", &out, &err), 2);
    assert_null(strchr(err, 0x1b));
    assert_non_null(strstr(err, "scenario.yaml:3:7: 'name'"));
    free(err);
    free(out);
    tu_remove_tree(dir);
    free(dir);

    /* A warning (a diagnostic) quoting an id with ESC and BEL (a terminal title change). */
    dir = fixture("services.geojson", "\"id\": \"S2\"", "\"id\": \"S2\\u001b]0;x\\u0007\"");
    /* 2.5 km from the road, beyond snap_max_m = 2000: a warning names the service */
    edit(dir, "services.geojson", "[-685000,-995000]", "[-685000,-992500]");
    assert_int_equal(run_in(dir, "run", &out, &err), 0);
    assert_null(strchr(err, 0x1b));
    assert_null(strchr(err, 0x07));
    assert_non_null(strstr(err, "S2\\x1b]0;x\\x07"));
    free(err);
    free(out);
    tu_remove_tree(dir);
    free(dir);

    /* An output directory named with ESC and BEL: the summary's paths are escaped too. */
    {
        char path[4096], outdir[4096];
        const char *args[] = {"run", path, "-o", outdir, NULL};
        dir = tu_copy_fixture(MINI);
        snprintf(path, sizeof path, "%s/scenario.yaml", dir);
        snprintf(outdir, sizeof outdir, "%s/o\x1b]0;t\x07", dir);
        assert_int_equal(tu_run_dosah(&out, &err, args), 0);
        assert_null(strchr(out, 0x1b));
        assert_null(strchr(out, 0x07));
        assert_non_null(strstr(out, "o\\x1b]0;t\\x07/mini.gpkg"));
        assert_non_null(strstr(out, "o\\x1b]0;t\\x07/report.html"));
        free(err);
        free(out);
        tu_remove_tree(dir);
        free(dir);
    }
}

/* ---- formulas in the CSV tables (item 4) ---- */

static void test_csv_formulas_neutralised(void **state)
{
    char *dir = fixture("municipalities.geojson", "\"nazev\": \"Gama\"",
                        "\"nazev\": \"=HYPERLINK(\\\"http://x.invalid\\\",\\\"x\\\")\"");
    char path[4096], *csv;
    (void)state;
    edit(dir, "localities.geojson", "\"Gama – lokalita\"", "\"-2+3\"");
    assert_int_equal(run_in(dir, "run", NULL, NULL), 0);
    snprintf(path, sizeof path, "%s/out/tables/localities.csv", dir);
    csv = tu_read_file(path, NULL);
    assert_non_null(csv);
    /* RFC 4180 quoting of the text with the apostrophe in front; numbers stay bare */
    assert_non_null(strstr(csv, "\"'-2+3\",\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"x\"\")\""));
    assert_null(strstr(csv, ",=HYPERLINK"));
    assert_null(strstr(csv, "\"=HYPERLINK"));
    /* the locality's estimate 20-40: 30, 20, 40 as plain numbers */
    assert_non_null(strstr(csv, ",30,20,40,"));
    free(csv);
    tu_remove_tree(dir);
    free(dir);
}

/* ---- hostile GeoPackages given to `dosah report` (items 1 and 12) ---- */

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16),
    p[3] = (unsigned char)(v >> 24);
}

static void put_f64(unsigned char *p, double d)
{
    uint64_t u;
    int i;
    memcpy(&u, &d, sizeof u);
    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)(u >> (8 * i));
}

/* A GeoPackage blob (no envelope, EPSG:5514) of a polygon with one ring of n points. */
static size_t gpkg_polygon(unsigned char *b, const double *xy, uint32_t n)
{
    size_t k = 0, i;
    b[k++] = 'G', b[k++] = 'P', b[k++] = 0, b[k++] = 0x01;
    put_le32(b + k, 5514), k += 4;
    b[k++] = 1;
    put_le32(b + k, 3), k += 4; /* Polygon */
    put_le32(b + k, 1), k += 4; /* one ring */
    put_le32(b + k, n), k += 4;
    for (i = 0; i < 2 * n; i++)
        put_f64(b + k, xy[i]), k += 8;
    return k;
}

static void sql_exec(const char *gpkg, const char *sql, const unsigned char *blob, size_t n)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(gpkg, &db), SQLITE_OK);
    /* The R*Tree triggers call SpatiaLite functions this connection does not have. */
    assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    while (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                              "LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
           sqlite3_step(st) == SQLITE_ROW) {
        char *drop = sqlite3_mprintf("DROP TRIGGER \"%w\"", sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        assert_int_equal(sqlite3_exec(db, drop, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_free(drop);
    }
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (blob)
        assert_int_equal(sqlite3_bind_blob(st, 1, blob, (int)n, SQLITE_STATIC), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

struct hostile {
    const char *name;
    const char *sql;      /* with ?1 the polygon below as a GeoPackage blob */
    double xy[12];
    uint32_t n;
    const char *expect[4];
};

#define NAN_ NAN
static const struct hostile hostiles[] = {
    /* SIGSEGV in GEOS's topology-preserving simplifier before validation */
    {"unclosed ring with NaN",
     "UPDATE municipalities SET geom = ?1 WHERE fid = 2",
     {-690000, -1000000, -680000, -1000000, NAN_, -990000, -690000, -990000, -689000, -999000},
     5,
     {"table 'municipalities'", "feature fid 2", "column 'geom'", "not a finite number"}},
    /* made GEOS loop forever */
    {"ring ending in NaN",
     "UPDATE municipalities SET geom = ?1 WHERE fid = 1",
     {-700000, -1000000, -690000, -1000000, -690000, -990000, -700000, -990000, NAN_, -1000000},
     5,
     {"table 'municipalities'", "feature fid 1", "not a finite number"}},
    {"unclosed ring",
     "UPDATE municipalities SET geom = ?1 WHERE fid = 3",
     {-680000, -1000000, -670000, -1000000, -670000, -990000, -680000, -990000, -679000, -999000},
     5,
     {"table 'municipalities'", "feature fid 3", "not closed"}},
    {"ring of three points",
     "UPDATE regions SET geom = ?1 WHERE fid = 1",
     {-680000, -1000000, -670000, -1000000, -680000, -1000000}, 3,
     {"table 'regions'", "feature fid 1", "fewer than 4 points"}},
    {"bow tie",
     "UPDATE municipalities SET geom = ?1 WHERE fid = 3",
     {-680000, -1000000, -670000, -990000, -670000, -1000000, -680000, -990000, -680000, -1000000},
     5,
     {"table 'municipalities'", "feature fid 3", "invalid polygon"}},
    /* every table whose polygons the report hands to GEOS is checked, not only the first */
    {"bow tie region",
     "UPDATE regions SET geom = ?1 WHERE fid = 1",
     {-680000, -1000000, -670000, -990000, -670000, -1000000, -680000, -990000, -680000, -1000000},
     5,
     {"table 'regions'", "feature fid 1", "invalid polygon"}},
    {"bow tie locality",
     "UPDATE excluded_localities SET geom = ?1 WHERE fid = 1",
     {-680000, -1000000, -670000, -990000, -670000, -1000000, -680000, -990000, -680000, -1000000},
     5,
     {"table 'excluded_localities'", "feature fid 1", "invalid polygon"}},
    {"infinite point",
     "UPDATE services SET geom = ?1 WHERE fid = 1", {0}, 0,
     {"table 'services'", "feature fid 1", "not a finite number"}},
    /* item 12: text that is not UTF-8 ("Be" then a lone lead byte) */
    {"name not UTF-8",
     "UPDATE municipalities SET name = CAST(X'4265C5' AS TEXT) WHERE fid = 2", {0}, 0,
     {"table 'municipalities'", "feature fid 2", "column 'name'", "not valid UTF-8"}},
    {"scenario name not UTF-8",
     "UPDATE run_info SET value = CAST(X'6D696EE9' AS TEXT) WHERE key = 'scenario.name'", {0}, 0,
     {"table 'run_info'", "column 'value'", "not valid UTF-8"}},
    /* the Czech message of a diagnostic is text like any other: refused when not UTF-8 */
    {"Czech diagnostic not UTF-8",
     "INSERT INTO diagnostics (severity, stage, message, message_cs) VALUES ('warning', "
     "'load', 'x', CAST(X'7A7072C3A1766165C5' AS TEXT))", {0}, 0,
     {"table 'diagnostics'", "column 'message_cs'", "not valid UTF-8"}},
    /* numbers the report computes shares from: a negative population would give 300 % */
    {"negative population",
     "UPDATE municipalities SET population = -5 WHERE fid = 2", {0}, 0,
     {"table 'municipalities'", "feature fid 2", "column 'population'", "negative"}},
    {"population as text",
     "UPDATE municipalities SET population = 'abc' WHERE fid = 2", {0}, 0,
     {"table 'municipalities'", "feature fid 2", "column 'population'", "not a number"}},
    {"population beyond 2^53",
     "UPDATE municipalities SET population = 9.9e300 WHERE fid = 2", {0}, 0,
     {"table 'municipalities'", "feature fid 2", "column 'population'", "beyond 2^53"}},
    {"negative travel time",
     "UPDATE municipalities SET care_minutes = -1 WHERE fid = 1", {0}, 0,
     {"table 'municipalities'", "feature fid 1", "column 'care_minutes'", "negative"}},
};

/* A GeoPackage blob of a point at (inf, 0). */
static size_t gpkg_inf_point(unsigned char *b)
{
    size_t k = 0;
    b[k++] = 'G', b[k++] = 'P', b[k++] = 0, b[k++] = 0x01;
    put_le32(b + k, 5514), k += 4;
    b[k++] = 1;
    put_le32(b + k, 1), k += 4;
    put_f64(b + k, INFINITY), k += 8;
    put_f64(b + k, 0.0), k += 8;
    return k;
}

static void test_hostile_geopackages(void **state)
{
    char *dir = fixture(NULL, NULL, NULL), good[4096], bad[4096], rep[4096], *gp, *err = NULL;
    const char *args[] = {"report", bad, "-o", rep, NULL};
    size_t i, n;
    (void)state;
    assert_int_equal(run_in(dir, "run", NULL, NULL), 0);
    snprintf(good, sizeof good, "%s/out/mini.gpkg", dir);
    gp = tu_read_file(good, &n);
    assert_non_null(gp);
    /* a hang (GEOS's endless loop) fails the test instead of blocking it */
    alarm(300);
    for (i = 0; i < sizeof hostiles / sizeof hostiles[0]; i++) {
        const struct hostile *h = &hostiles[i];
        unsigned char blob[512];
        size_t len = h->n ? gpkg_polygon(blob, h->xy, h->n)
                     : strstr(h->sql, "services") ? gpkg_inf_point(blob) : 0;
        int rc;
        snprintf(bad, sizeof bad, "%s/bad%zu.gpkg", dir, i);
        snprintf(rep, sizeof rep, "%s/report%zu", dir, i);
        assert_int_equal(tu_write_file(bad, gp, n), 0);
        sql_exec(bad, h->sql, len ? blob : NULL, len);
        rc = tu_run_dosah(NULL, &err, args);
        if (rc != 2)
            print_error("case '%s': exit %d, stderr:\n%s\n", h->name, rc, err);
        assert_int_equal(rc, 2);
        expect_all(err, h->expect, 4, h->name);
        assert_non_null(strstr(err, bad));
        assert_int_equal(tu_exists(rep), 0); /* nothing written, not even the directory */
        free(err);
    }
    alarm(0);
    free(gp);
    tu_remove_tree(dir);
    free(dir);
}

/* A catchment polygon GEOS would find invalid reaches no geometry function of the report
 * (it reads only the catchments' numbers): the report is made, as QGIS would still draw the
 * layer. Its structure is still checked: an unclosed catchment ring is refused. */
static void test_invalid_catchment_not_refused(void **state)
{
    static const double bow[] = {-680000, -1000000, -670000, -990000, -670000,
                                 -1000000, -680000, -990000, -680000, -1000000};
    static const double open_ring[] = {-680000, -1000000, -670000, -1000000, -670000,
                                       -990000, -680000, -990000, -679000, -999000};
    char *dir = fixture(NULL, NULL, NULL), good[4096], bad[4096], rep[4096], html[4200];
    char *gp, *err = NULL;
    const char *args[] = {"report", bad, "-o", rep, NULL};
    unsigned char blob[512];
    size_t n, len;
    int rc;
    (void)state;
    assert_int_equal(run_in(dir, "run", NULL, NULL), 0);
    snprintf(good, sizeof good, "%s/out/mini.gpkg", dir);
    snprintf(bad, sizeof bad, "%s/bow.gpkg", dir);
    snprintf(rep, sizeof rep, "%s/report_bow", dir);
    snprintf(html, sizeof html, "%s/report.html", rep);
    gp = tu_read_file(good, &n);
    assert_non_null(gp);
    assert_int_equal(tu_write_file(bad, gp, n), 0);
    len = gpkg_polygon(blob, bow, 5);
    sql_exec(bad, "UPDATE catchments SET geom = ?1 WHERE fid = 1", blob, len);
    rc = tu_run_dosah(NULL, &err, args);
    if (rc != 0)
        print_error("bow-tie catchment: exit %d, stderr:\n%s\n", rc, err);
    assert_int_equal(rc, 0);
    assert_int_equal(tu_exists(html), 1);
    free(err);
    err = NULL;
    tu_remove_tree(rep);
    assert_int_equal(tu_write_file(bad, gp, n), 0);
    len = gpkg_polygon(blob, open_ring, 5);
    sql_exec(bad, "UPDATE catchments SET geom = ?1 WHERE fid = 1", blob, len);
    rc = tu_run_dosah(NULL, &err, args);
    assert_int_equal(rc, 2);
    {
        const char *expect[] = {"table 'catchments'", "feature fid 1", "not closed"};
        expect_all(err, expect, 3, "unclosed catchment ring");
    }
    assert_int_equal(tu_exists(rep), 0);
    free(err);
    free(gp);
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_numbers),
        cmocka_unit_test(test_region_codes_beyond_int64),
        cmocka_unit_test(test_zero_length_roads),
        cmocka_unit_test(test_control_characters_escaped),
        cmocka_unit_test(test_csv_formulas_neutralised),
        cmocka_unit_test(test_hostile_geopackages),
        cmocka_unit_test(test_invalid_catchment_not_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
