/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics in both languages: a run on the mini fixture whose second service has no
 * capacity writes each diagnostic's English message and its Czech message_cs into the
 * GeoPackage; the Czech report (and its diagnostics.csv) shows the Czech, the English report
 * the English; a GeoPackage of an older version, without message_cs, still makes a Czech
 * report, with the English messages. Expected texts are written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "integration/cli_util.h"

#define MINI DOSAH_TEST_DATA "/mini"

/* The two diagnostics of the run, as the catalogue must give them. */
#define CAPACITY_EN "capacity is missing; capacity measures leave this service out"
#define CAPACITY_CS "chybí kapacita; ukazatele kapacity tuto službu vynechávají"
#define PLACED_EN "where people are placed: 3 demand points (3 road_density)"
#define PLACED_CS "kde jsou umístěni obyvatelé: 3 body poptávky (3 road_density)"

static char *read_in(const char *dir, const char *name)
{
    char path[4096 + 64];
    char *text;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    text = tu_read_file(path, NULL);
    if (!text)
        fail_msg("cannot read %s", path);
    return text;
}

/* The text of one column of the diagnostic about `feature` (NULL when it is NULL). */
static char *diag_text(const char *gpkg, const char *column, const char *feature)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *sql = sqlite3_mprintf("SELECT %s FROM diagnostics WHERE feature IS %Q", column,
                                feature), *text = NULL;
    assert_int_equal(sqlite3_open_v2(gpkg, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    if (sqlite3_column_text(st, 0))
        text = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    sqlite3_free(sql);
    return text;
}

/* Drops the message_cs column, as a GeoPackage of an older version lacks it. */
static void drop_message_cs(const char *gpkg)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(gpkg, &db), SQLITE_OK);
    /* the R*Tree triggers call SpatiaLite functions this connection does not have */
    while (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                              "LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
           sqlite3_step(st) == SQLITE_ROW) {
        char *drop = sqlite3_mprintf("DROP TRIGGER \"%w\"", sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        assert_int_equal(sqlite3_exec(db, drop, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_free(drop);
    }
    sqlite3_finalize(st);
    /* its alias, where GDAL keeps one (the table may not exist) */
    sqlite3_exec(db, "DELETE FROM gpkg_data_columns WHERE table_name = 'diagnostics' AND "
                     "column_name = 'message_cs'", NULL, NULL, NULL);
    if (sqlite3_exec(db, "ALTER TABLE diagnostics DROP COLUMN message_cs", NULL, NULL, NULL) !=
        SQLITE_OK)
        fail_msg("drop column: %s", sqlite3_errmsg(db));
    sqlite3_close(db);
}

static void expect_in(const char *text, const char *what, const char *where)
{
    if (!strstr(text, what))
        fail_msg("'%s' not in %s", what, where);
}

static void expect_not_in(const char *text, const char *what, const char *where)
{
    if (strstr(text, what))
        fail_msg("'%s' in %s", what, where);
}

static void test_both_languages(void **state)
{
    char *dir = tu_copy_fixture(MINI), path[4096], out[4096], gpkg[4096], en[4096], old[4096],
         *html, *csv, *text, *err = NULL;
    const char *run[] = {"run", path, "-o", out, "-q", NULL};
    const char *report_en[] = {"report", gpkg, "-o", en, "--lang", "en", NULL};
    const char *report_old[] = {"report", gpkg, "-o", old, NULL};
    (void)state;
    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/services.geojson", dir);
    assert_int_equal(tu_replace_in_file(path, "\"kapacita\": 5,", "\"kapacita\": null,"), 0);
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(gpkg, sizeof gpkg, "%s/out/mini.gpkg", dir);
    snprintf(en, sizeof en, "%s/en", dir);
    snprintf(old, sizeof old, "%s/old", dir);
    assert_int_equal(tu_run_dosah(NULL, &err, run), 0);
    free(err);

    /* the GeoPackage holds both */
    text = diag_text(gpkg, "message", "S2");
    assert_string_equal(text, CAPACITY_EN);
    free(text);
    text = diag_text(gpkg, "message_cs", "S2");
    assert_string_equal(text, CAPACITY_CS);
    free(text);
    text = diag_text(gpkg, "message_cs", NULL);
    assert_string_equal(text, PLACED_CS);
    free(text);

    /* the Czech report of the run: Czech messages, stages in words */
    html = read_in(out, "report.html");
    expect_in(html, CAPACITY_CS, "the Czech report");
    expect_in(html, PLACED_CS, "the Czech report");
    expect_in(html, "načtení vstupů", "the Czech report");
    expect_in(html, "silniční síť", "the Czech report");
    expect_not_in(html, CAPACITY_EN, "the Czech report");
    free(html);
    csv = read_in(out, "tables/diagnostics.csv");
    expect_in(csv, CAPACITY_CS, "the Czech diagnostics.csv");
    expect_not_in(csv, CAPACITY_EN, "the Czech diagnostics.csv");
    free(csv);

    /* the English report: English messages */
    assert_int_equal(tu_run_dosah(NULL, &err, report_en), 0);
    free(err);
    html = read_in(en, "report.html");
    expect_in(html, CAPACITY_EN, "the English report");
    expect_in(html, PLACED_EN, "the English report");
    expect_not_in(html, CAPACITY_CS, "the English report");
    free(html);
    csv = read_in(en, "tables/diagnostics.csv");
    expect_in(csv, CAPACITY_EN, "the English diagnostics.csv");
    free(csv);

    /* an older GeoPackage without message_cs: the Czech report quotes the English */
    drop_message_cs(gpkg);
    if (tu_run_dosah(NULL, &err, report_old) != 0)
        fail_msg("report of a GeoPackage without message_cs: %s", err);
    free(err);
    html = read_in(old, "report.html");
    expect_in(html, CAPACITY_EN, "the Czech report of an old GeoPackage");
    expect_in(html, "načtení vstupů", "the Czech report of an old GeoPackage");
    free(html);
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
