/* SPDX-License-Identifier: MIT */
/*
 * Bad input through the library, in process (DESIGN.md §8): each case copies the hand-made
 * `mini` fixture into a temporary directory, breaks one thing, loads the scenario and runs
 * the pipeline as `dosah check` (check_only) and as `dosah run` (into an output directory),
 * and checks the status (DOSAH_EINVAL, which the command turns into exit status 2), the
 * message (file, layer, feature, field, what to do) and that no output file, not even a
 * temporary one, appears. test_cli_errors runs a few of these cases through the command for
 * its exit status and the printed form of the message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "dosah/run.h"
#include "dosah/scenario.h"
#include "integration/cli_util.h"

#define MINI DOSAH_TEST_DATA "/mini"

/* One edit of a fixture file: replace `find` by `replace`, or write `replace` as the whole
 * file when find is NULL. */
struct edit {
    const char *file;
    const char *find;
    const char *replace;
};

struct bad_case {
    const char *name;
    struct edit edits[3];
    const char *expect[5]; /* substrings the message must contain */
};

static const char services_csv_cp1250[] =
    "id,nazev,paragraf,forma,x,y\n"
    "S1,Pe\xe8ovatelsk\xe1 slu\x9e" "ba,\xa7" "40,ter\xe9nn\xed,-695000,-995000\n";

static const struct bad_case cases[] = {
    {"missing file",
     {{"scenario.yaml", "path: services.geojson", "path: nope.geojson"}},
     {"nope.geojson", "cannot open the services input", "scenario.yaml:", "Check the path"}},
    {"missing layer",
     {{"scenario.yaml", "path: municipalities.geojson,", "path: municipalities.geojson, layer: obce,"}},
     {"municipalities.geojson", "no layer 'obce'", "its layers are: 'municipalities'"}},
    {"missing field",
     {{"scenario.yaml", "id: kod,", "id: kood,"}},
     {"municipalities.geojson", "no field 'kood'", "municipalities.id", "kod, nazev, orp",
      "Fix the mapping"}},
    {"wrong field type",
     {{"municipalities.geojson", "\"obyvatel\": 1000", "\"obyvatel\": 1000, \"datum\": \"2024-01-01\""},
      {"scenario.yaml", "population: obyvatel, region", "population: datum, region"}},
     {"municipalities.geojson", "field 'datum'", "is of type Date", "a number is needed"}},
    {"text that is not a number",
     {{"municipalities.geojson", "\"obyvatel\": 2000", "\"obyvatel\": \"mnoho\""}},
     {"municipalities.geojson", "feature '1002'", "field 'obyvatel'", "'mnoho' is not a number"}},
    {"empty layer",
     {{"services.geojson", NULL,
       "{\"type\": \"FeatureCollection\", \"crs\": { \"type\": \"name\", \"properties\": "
       "{ \"name\": \"urn:ogc:def:crs:EPSG::5514\" } }, \"features\": []}"}},
     {"services.geojson", "is empty", "the services input"}},
    {"no CRS",
     {{"services.csv", NULL, "id,nazev,paragraf,forma,x,y\nS1,Alfa,40,field,-695000,-995000\n"},
      {"scenario.yaml", "path: services.geojson, id: id, name: nazev, type: paragraf, form: forma,",
       "path: services.csv, id: id, name: nazev, type: paragraf, form: forma, x: x, y: y,"},
      {"scenario.yaml", "capacity: kapacita, hours: provoz, scope: pusobnost,\n"
       "                   provider: poskytovatel, unit: jednotka}", "}"}},
     {"services.csv", "no coordinate reference system", "crs: EPSG"}},
    {"unknown working CRS",
     {{"scenario.yaml", "crs: EPSG:5514", "crs: EPSG:999999"}},
     {"scenario.yaml", "unknown CRS 'EPSG:999999'"}},
    {"working CRS not in metres",
     {{"scenario.yaml", "crs: EPSG:5514", "crs: EPSG:4326"}},
     {"'EPSG:4326' is not a projected CRS in metres", "EPSG:5514"}},
    {"invalid polygon",
     {{"municipalities.geojson",
       "[[[-680000,-1000000],[-670000,-1000000],[-670000,-990000],[-680000,-990000],[-680000,-1000000]]]",
       "[[[-680000,-1000000],[-670000,-990000],[-670000,-1000000],[-680000,-990000],[-680000,-1000000]]]"}},
     {"municipalities.geojson", "feature '1003'", "invalid polygon", "-makevalid"}},
    {"empty geometry",
     {{"services.geojson", "\"geometry\": { \"type\": \"Point\", \"coordinates\": [-685000,-995000] }",
       "\"geometry\": null"}},
     {"services.geojson", "feature 'S2'", "no geometry"}},
    {"multipoint of several points",
     {{"services.geojson", "{ \"type\": \"Point\", \"coordinates\": [-685000,-995000] }",
       "{ \"type\": \"MultiPoint\", \"coordinates\": [[-685000,-995000],[-684000,-995000]] }"}},
     {"services.geojson", "feature 'S2'", "multipoint of 2 points", "Split it"}},
    {"duplicate ids",
     {{"services.geojson", "\"id\": \"S2\"", "\"id\": \"S1\""}},
     {"services.geojson", "duplicate identifier 'S1'", "fid 0 and fid 1", "unique"}},
    {"negative population",
     {{"municipalities.geojson", "\"obyvatel\": 500", "\"obyvatel\": -5"}},
     {"municipalities.geojson", "feature '1003'", "field 'obyvatel'", "negative value -5"}},
    {"missing population",
     {{"municipalities.geojson", "\"obyvatel\": 500", "\"obyvatel\": null"}},
     {"municipalities.geojson", "feature '1003'", "population is missing"}},
    {"negative capacity",
     {{"services.geojson", "\"kapacita\": 5", "\"kapacita\": -1"}},
     {"services.geojson", "feature 'S2'", "field 'kapacita'", "negative value -1"}},
    {"unknown service type",
     {{"services.geojson", "\"§51\"", "\"§99\""}},
     {"services.geojson", "feature 'S2'", "field 'paragraf'", "unknown service type '§99'"}},
    {"unknown form",
     {{"services.geojson", "\"pobytová\"", "\"online\""}},
     {"services.geojson", "feature 'S2'", "field 'forma'", "unknown form 'online'"}},
    {"unparsable opening hours",
     {{"services.geojson", "\"Mo-Fr 07:00-15:30\"", "\"Po-Pa 7-15\""}},
     {"services.geojson", "feature 'S1'", "field 'provoz'", "unexpected 'Po'", "opening_hours"}},
    {"service outside every municipality",
     {{"services.geojson", "[-685000,-995000]", "[-600000,-995000]"}},
     {"services.geojson", "feature 'S2'", "outside every municipality"}},
    {"unknown one-way value",
     {{"roads.geojson", "\"jednosmerka\": \"no\"", "\"jednosmerka\": \"sometimes\""}},
     {"roads.geojson", "field 'jednosmerka'", "unknown one-way value 'sometimes'"}},
    {"road vertex beyond the coordinate bound",
     {{"roads.geojson", "[[-685000,-995000],[-675000,-995000]]",
       "[[-685000,-995000],[-675000,-995000],[3e8,-995000]]"}},
     {"roads.geojson", "feature", "vertex 3 at (3e+08, -995000)", "within 1e+08 m",
      "Check the layer's CRS"}},
    {"service beyond the coordinate bound",
     {{"services.geojson", "[-685000,-995000]", "[-685000,-1e300]"}},
     {"services.geojson", "feature 'S2'", "(-685000, -1e+300)", "Check the layer's CRS"}},
    {"non-UTF-8 text",
     {{"services.csv", NULL, services_csv_cp1250},
      {"scenario.yaml", "path: services.geojson, id: id, name: nazev, type: paragraf, form: forma,",
       "path: services.csv, id: id, name: nazev, type: paragraf, form: forma, x: x, y: y, crs: "
       "EPSG:5514,"},
      {"scenario.yaml", "capacity: kapacita, hours: provoz, scope: pusobnost,\n"
       "                   provider: poskytovatel, unit: jednotka}", "}"}},
     {"services.csv", "feature 'S1'", "not valid UTF-8", "encoding"}},
    {"YAML syntax error",
     {{"scenario.yaml", "thresholds_min: [15, 30, 45, 60]", "thresholds_min: [15, 30, 45, 60"}},
     {"scenario.yaml:"}},
    {"misspelt scenario key",
     {{"scenario.yaml", "threshold_min: 45", "treshold_min: 45"}},
     {"scenario.yaml:", "unknown key 'treshold_min'", "did you mean 'threshold_min'?"}},
    {"wrong scenario value type",
     {{"scenario.yaml", "access_kmh: 5", "access_kmh: fast"}},
     {"scenario.yaml:", "access_kmh", "fast"}},
};

/* Loads the scenario and runs it (check_only or into outdir) on a fresh context; returns
 * the status, *msg a copy of the message. */
static enum dosah_status run_in_process(const char *scenario, const char *outdir, int check_only,
                                        char **msg)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_run_options opt;
    struct dosah_run_result result;
    enum dosah_status st;
    assert_non_null(ctx);
    dosah_run_options_init(&opt);
    opt.outdir = outdir;
    opt.check_only = check_only;
    memset(&result, 0, sizeof result);
    st = dosah_scenario_load(ctx, scenario, &s);
    if (!st)
        st = dosah_run(ctx, s, &opt, &result);
    *msg = strdup(dosah_ctx_errmsg(ctx));
    dosah_run_result_clear(&result);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
    return st;
}

static void check_case(const struct bad_case *c, int check_only)
{
    char *dir = tu_copy_fixture(MINI), path[4096], outdir[4096], *msg = NULL;
    enum dosah_status st;
    size_t i;
    assert_non_null(dir);
    for (i = 0; i < 3 && c->edits[i].file; i++) {
        const struct edit *e = &c->edits[i];
        snprintf(path, sizeof path, "%s/%s", dir, e->file);
        if (e->find)
            assert_int_equal(tu_replace_in_file(path, e->find, e->replace), 0);
        else
            assert_int_equal(tu_write_file(path, e->replace, strlen(e->replace)), 0);
    }
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    st = run_in_process(path, outdir, check_only, &msg);
    assert_non_null(msg);
    if (st != DOSAH_EINVAL)
        print_error("case '%s' (%s): status %d: %s\n", c->name, check_only ? "check" : "run",
                    (int)st, msg);
    assert_int_equal(st, DOSAH_EINVAL);
    for (i = 0; i < 5 && c->expect[i]; i++) {
        if (!strstr(msg, c->expect[i]))
            print_error("case '%s': '%s' not in message:\n%s\n", c->name, c->expect[i], msg);
        assert_non_null(strstr(msg, c->expect[i]));
    }
    /* No output at all: the directory may exist (it is created first) but must be empty. */
    assert_true(tu_count_entries(outdir) <= 0);
    free(msg);
    tu_remove_tree(dir);
    free(dir);
}

static void test_bad_input_run(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i], 0);
}

static void test_bad_input_check(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_input_run),
        cmocka_unit_test(test_bad_input_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
