/* SPDX-License-Identifier: MIT */
/*
 * Tests of the scenario parser: a complete scenario with every value checked, the defaults,
 * and one test per kind of bad scenario with its status, its file:line:column (counted by
 * hand from the fixture text) and the telling part of its message; allocation failures.
 */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "dosah/core.h"
#include "dosah/model.h"
#include "dosah/scenario.h"

#define DIR DOSAH_TEST_DATA "/scenario"
#define FULL DIR "/full.yaml"
#define SCN "dir/scn.yaml" /* the name bad scenarios are parsed under */

/* Lines 1-6: a head with the inputs every scenario needs. */
#define HEAD                                                                                      \
    "name: test\n"                                                                                \
    "crs: EPSG:5514\n"                                                                            \
    "inputs:\n"                                                                                   \
    "  municipalities: {path: m.gpkg, id: kod}\n"                                                 \
    "  roads: {path: r.gpkg, class: typ}\n"                                                       \
    "  services: {path: s.gpkg, id: id, type: par, form: forma}\n"
/* Lines 7-11 after HEAD: one question. */
#define CARE                                                                                      \
    "services:\n"                                                                                 \
    "  - key: care\n"                                                                             \
    "    types: [\"§40\"]\n"                                                                      \
    "    form: field\n"                                                                           \
    "    threshold_min: 30\n"

static int setup(void **state)
{
    *state = dosah_ctx_create();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    dosah_ctx_destroy(*state);
    return 0;
}

static enum dosah_status parse(struct dosah_ctx *ctx, const char *path, const char *text,
                               struct dosah_scenario **s)
{
    return dosah_scenario_parse(ctx, path, text, strlen(text), s);
}

/*
 * Parses text as SCN and checks DOSAH_EINVAL, the message's start and two of its parts.
 * First with each allocation failing in turn, so that every error path also runs out of
 * memory at every step (the sanitizer build catches what leaks).
 */
static void expect_error_n(struct dosah_ctx *ctx, const char *text, size_t size,
                           const char *where, const char *part1, const char *part2)
{
    struct dosah_scenario *s = (struct dosah_scenario *)1;
    enum dosah_status st = DOSAH_ENOMEM;
    const char *msg;
    long n;
    for (n = 0; st == DOSAH_ENOMEM; n++) {
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_scenario_parse(ctx, SCN, text, size, &s);
        assert_null(s);
    }
    dosah_ctx_fail_alloc_after(ctx, -1);
    msg = dosah_ctx_errmsg(ctx);
    assert_int_equal(st, DOSAH_EINVAL);
    assert_int_equal(dosah_ctx_status(ctx), DOSAH_EINVAL);
    assert_null(s);
    if (strncmp(msg, where, strlen(where)) != 0)
        fail_msg("message \"%s\" does not start with \"%s\"", msg, where);
    if (part1 && !strstr(msg, part1))
        fail_msg("message \"%s\" lacks \"%s\"", msg, part1);
    if (part2 && !strstr(msg, part2))
        fail_msg("message \"%s\" lacks \"%s\"", msg, part2);
}

static void expect_error(struct dosah_ctx *ctx, const char *text, const char *where,
                         const char *part1, const char *part2)
{
    expect_error_n(ctx, text, strlen(text), where, part1, part2);
}

#define ERROR_TEST(fn, text, where, part1, part2)                                                 \
    static void fn(void **state)                                                                  \
    {                                                                                             \
        expect_error(*state, text, where, part1, part2);                                          \
    }

static void assert_mark(struct dosah_yaml_mark m, unsigned line, unsigned column)
{
    assert_int_equal(m.line, line);
    assert_int_equal(m.column, column);
}

/* ---- the complete scenario ---- */

static void check_full_inputs(const struct dosah_scenario *s)
{
    const struct dosah_input_spec *m = &s->inputs[DOSAH_INPUT_MUNICIPALITIES];
    const struct dosah_input_spec *in;
    assert_true(m->present);
    assert_string_equal(m->path, DIR "/data/obce.gpkg");
    assert_string_equal(m->path_as_written, "data/obce.gpkg");
    assert_string_equal(m->layer, "obce");
    assert_string_equal(m->fields[DOSAH_FIELD_ID], "kod");
    assert_string_equal(m->fields[DOSAH_FIELD_NAME], "nazev");
    assert_string_equal(m->fields[DOSAH_FIELD_POPULATION], "obyvatel");
    assert_string_equal(m->fields[DOSAH_FIELD_REGION], "kod_orp");
    assert_null(m->fields[DOSAH_FIELD_TYPE]);
    assert_null(m->crs);
    assert_null(m->encoding);
    assert_mark(m->mark, 5, 3);
    assert_mark(m->path_mark, 5, 26);
    assert_mark(m->layer_mark, 5, 49);
    assert_mark(m->field_marks[DOSAH_FIELD_ID], 5, 59);
    assert_mark(m->field_marks[DOSAH_FIELD_POPULATION], 6, 32);
    assert_mark(m->field_marks[DOSAH_FIELD_REGION], 6, 50);
    assert_mark(m->field_marks[DOSAH_FIELD_TYPE], 0, 0);

    in = &s->inputs[DOSAH_INPUT_REGIONS];
    assert_true(in->present);
    assert_string_equal(in->layer, "orp");
    assert_mark(in->mark, 7, 3);

    in = &s->inputs[DOSAH_INPUT_POPULATION];
    assert_string_equal(in->path, DIR "/csu.csv");
    assert_null(in->layer);
    assert_mark(in->layer_mark, 0, 0);
    assert_string_equal(in->fields[DOSAH_FIELD_ID], "kod_obce");
    assert_string_equal(in->fields[DOSAH_FIELD_POPULATION], "obyvatel");
    assert_string_equal(in->crs, "EPSG:4326");
    assert_string_equal(in->encoding, "CP1250");

    in = &s->inputs[DOSAH_INPUT_DEMAND];
    assert_string_equal(in->path, "/srv/data/demand.gpkg"); /* absolute: kept */
    assert_string_equal(in->path_as_written, "/srv/data/demand.gpkg");
    assert_string_equal(in->fields[DOSAH_FIELD_MUNICIPALITY], "obec");

}

static void check_full_other_inputs(const struct dosah_scenario *s)
{
    const struct dosah_input_spec *in = &s->inputs[DOSAH_INPUT_ROADS];
    assert_string_equal(in->path, DIR "/roads.gpkg");
    assert_string_equal(in->layer, "silnice");
    assert_string_equal(in->fields[DOSAH_FIELD_CLASS], "typ");
    assert_string_equal(in->fields[DOSAH_FIELD_SPEED], "rychlost");
    assert_string_equal(in->fields[DOSAH_FIELD_ONEWAY], "jednosmerka");
    assert_mark(in->mark, 10, 3);
    assert_mark(in->path_mark, 11, 11);
    assert_mark(in->layer_mark, 12, 12);
    assert_mark(in->field_marks[DOSAH_FIELD_CLASS], 13, 12);
    assert_mark(in->field_marks[DOSAH_FIELD_ONEWAY], 15, 13);

    in = &s->inputs[DOSAH_INPUT_SERVICES];
    assert_string_equal(in->path, DIR "/sluzby.csv");
    assert_string_equal(in->fields[DOSAH_FIELD_ID], "id");
    assert_string_equal(in->fields[DOSAH_FIELD_NAME], "nazev");
    assert_string_equal(in->fields[DOSAH_FIELD_TYPE], "paragraf");
    assert_string_equal(in->fields[DOSAH_FIELD_FORM], "forma");
    assert_string_equal(in->fields[DOSAH_FIELD_CAPACITY], "kapacita");
    assert_string_equal(in->fields[DOSAH_FIELD_HOURS], "provoz");
    assert_string_equal(in->fields[DOSAH_FIELD_SCOPE], "pusobnost");
    assert_string_equal(in->fields[DOSAH_FIELD_X], "sx");
    assert_string_equal(in->fields[DOSAH_FIELD_Y], "sy");
    assert_string_equal(in->crs, "EPSG:4326");
    assert_mark(in->mark, 16, 3);
    assert_mark(in->field_marks[DOSAH_FIELD_X], 25, 8);
    assert_mark(in->field_marks[DOSAH_FIELD_Y], 26, 8);

    in = &s->inputs[DOSAH_INPUT_LOCALITIES];
    assert_string_equal(in->path, DIR "/svl.geojson");
    assert_string_equal(in->fields[DOSAH_FIELD_POPULATION], "odhad");
    assert_string_equal(in->fields[DOSAH_FIELD_MUNICIPALITY], "obec");

    in = &s->inputs[DOSAH_INPUT_OD_MATRIX];
    assert_string_equal(in->path, DIR "/times.csv");
    assert_string_equal(in->fields[DOSAH_FIELD_ORIGIN], "from");
    assert_string_equal(in->fields[DOSAH_FIELD_DESTINATION], "to");
    assert_string_equal(in->fields[DOSAH_FIELD_MINUTES], "min");
    assert_mark(in->mark, 29, 3);
}

static void check_full_services(const struct dosah_scenario *s)
{
    const struct dosah_service_spec *sv = s->services;
    assert_int_equal(s->service_count, 3);
    assert_string_equal(sv[0].key, "care");
    assert_string_equal(sv[0].label, "Pečovatelská služba");
    assert_int_equal(sv[0].type_count, 2);
    assert_int_equal(sv[0].types[0], 40);
    assert_int_equal(sv[0].types[1], 39);
    assert_int_equal(sv[0].form, DOSAH_FORM_FIELD); /* written "terénní" */
    assert_float_equal(sv[0].threshold_min, 30.0, 0.0);
    assert_true(isnan(sv[0].norm_per_10k));
    assert_true(isnan(sv[0].target_share));
    assert_mark(sv[0].mark, 36, 5);

    assert_string_equal(sv[1].key, "sheltered");
    assert_string_equal(sv[1].label, "Chráněné bydlení");
    assert_int_equal(sv[1].type_count, 1);
    assert_int_equal(sv[1].types[0], 51);
    assert_int_equal(sv[1].form, DOSAH_FORM_RESIDENTIAL);
    assert_float_equal(sv[1].threshold_min, 45.0, 0.0);
    assert_float_equal(sv[1].norm_per_10k, 3.0, 0.0);
    assert_float_equal(sv[1].target_share, 0.9, 1e-15);
    assert_mark(sv[1].mark, 41, 5);

    assert_string_equal(sv[2].key, "day_care");
    assert_string_equal(sv[2].label, "day_care"); /* the key when no label */
    assert_int_equal(sv[2].types[0], 46);
    assert_int_equal(sv[2].form, DOSAH_FORM_AMBULANT);
    assert_float_equal(sv[2].threshold_min, 20.5, 1e-12);
    assert_mark(sv[2].mark, 48, 5);
}

static void check_full_plans(const struct dosah_scenario *s)
{
    const struct dosah_plan_spec *pl = s->plans;
    assert_int_equal(s->plan_count, 3);
    assert_string_equal(pl[0].service, "sheltered");
    assert_int_equal(pl[0].new_units, 3);
    assert_true(isnan(pl[0].target_share));
    assert_true(pl[0].candidates_municipalities);
    assert_false(pl[0].candidates.present);
    assert_mark(pl[0].mark, 54, 5);

    assert_string_equal(pl[1].service, "care");
    assert_int_equal(pl[1].new_units, 0);
    assert_float_equal(pl[1].target_share, 0.95, 1e-15);
    assert_false(pl[1].candidates_municipalities);
    assert_true(pl[1].candidates.present);
    assert_string_equal(pl[1].candidates.path, DIR "/kandidati.gpkg");
    assert_string_equal(pl[1].candidates.layer, "body");
    assert_string_equal(pl[1].candidates.fields[DOSAH_FIELD_ID], "kod");
    assert_string_equal(pl[1].candidates.fields[DOSAH_FIELD_NAME], "nazev");
    assert_mark(pl[1].candidates.mark, 58, 5);
    assert_mark(pl[1].candidates.path_mark, 58, 24);
    assert_mark(pl[1].mark, 56, 5);

    assert_string_equal(pl[2].service, "day_care");
    assert_int_equal(pl[2].new_units, 1);
    assert_true(pl[2].candidates_municipalities);
    assert_mark(pl[2].mark, 59, 5);
}

static void test_full(void **state)
{
    struct dosah_scenario *s = NULL;
    const struct dosah_network_spec *n;
    assert_int_equal(dosah_scenario_load(*state, FULL, &s), DOSAH_OK);
    assert_non_null(s);
    assert_string_equal(s->path, FULL);
    assert_string_equal(s->dir, DIR);
    assert_string_equal(s->name, "Liberecký kraj — test");
    assert_string_equal(s->crs, "EPSG:5514");
    assert_non_null(strstr(s->text, "# Every key of the scenario schema"));
    assert_non_null(strstr(s->text, "    candidates: municipalities\n"));
    check_full_inputs(s);
    check_full_other_inputs(s);

    n = &s->network;
    assert_int_equal(n->speed_count, 3); /* the table replaces the defaults */
    assert_string_equal(n->speeds[0].road_class, "primary");
    assert_float_equal(n->speeds[0].speed_kmh, 70.0, 0.0);
    assert_string_equal(n->speeds[1].road_class, "secondary");
    assert_float_equal(n->speeds[1].speed_kmh, 55.5, 0.0);
    assert_string_equal(n->speeds[2].road_class, "track");
    assert_float_equal(n->speeds[2].speed_kmh, 15.0, 0.0);
    assert_float_equal(n->default_speed_kmh, 25.0, 0.0);
    assert_float_equal(n->access_kmh, 4.5, 0.0);
    assert_float_equal(n->snap_max_m, 1500.0, 0.0);

    check_full_services(s);
    assert_int_equal(s->threshold_count, 3); /* written 60, 10, 30 */
    assert_float_equal(s->thresholds_min[0], 10.0, 0.0);
    assert_float_equal(s->thresholds_min[1], 30.0, 0.0);
    assert_float_equal(s->thresholds_min[2], 60.0, 0.0);
    check_full_plans(s);

    assert_int_equal(dosah_scenario_find_service(s, "care"), 0);
    assert_int_equal(dosah_scenario_find_service(s, "day_care"), 2);
    assert_int_equal(dosah_scenario_find_service(s, "nothing"), -1);
    assert_null(dosah_scenario_destroy(s));
}

static void test_defaults(void **state)
{
    static const struct {
        const char *road_class;
        double speed_kmh;
    } expected[] = {
        {"motorway", 110},     {"motorway_link", 60},  {"trunk", 90},
        {"trunk_link", 50},    {"primary", 70},        {"primary_link", 40},
        {"secondary", 60},     {"secondary_link", 40}, {"tertiary", 50},
        {"tertiary_link", 30}, {"unclassified", 40},   {"residential", 30},
        {"service", 20},       {"living_street", 10},
        /* ArcČR 500 / ŘSD classes, at the speeds of the OSM classes they correspond to */
        {"dálnice", 110},      {"rychlostní silnice", 90}, {"silnice I. třídy", 70},
        {"silnice II. třídy", 60}, {"silnice III. třídy", 50}, {"neevidovaná silnice", 40},
        {"D", 110},            {"R", 90},              {"I", 70},
        {"II", 60},            {"III", 50},            {"I.", 70},
        {"II.", 60},           {"III.", 50},
    };
    struct dosah_scenario *s = NULL;
    size_t i;
    assert_int_equal(parse(*state, "scn.yaml", HEAD CARE, &s), DOSAH_OK);
    assert_string_equal(s->dir, ".");
    assert_string_equal(s->inputs[DOSAH_INPUT_MUNICIPALITIES].path, "m.gpkg");
    assert_int_equal(s->network.speed_count, sizeof expected / sizeof expected[0]);
    for (i = 0; i < s->network.speed_count; i++) {
        assert_string_equal(s->network.speeds[i].road_class, expected[i].road_class);
        assert_float_equal(s->network.speeds[i].speed_kmh, expected[i].speed_kmh, 0.0);
    }
    assert_float_equal(s->network.default_speed_kmh, 0.0, 0.0);
    assert_float_equal(s->network.access_kmh, 30.0, 0.0);
    assert_float_equal(s->network.access_detour, 1.3, 0.0);
    assert_float_equal(s->network.snap_max_m, 2000.0, 0.0);
    assert_float_equal(s->network.min_piece_nodes, 50.0, 0.0);
    assert_int_equal(s->threshold_count, 4);
    assert_float_equal(s->thresholds_min[0], 15.0, 0.0);
    assert_float_equal(s->thresholds_min[3], 60.0, 0.0);
    assert_int_equal(s->plan_count, 0);
    assert_null(s->plans);
    assert_string_equal(s->services[0].label, "care");
    assert_false(s->inputs[DOSAH_INPUT_DEMAND].present);
    assert_null(s->inputs[DOSAH_INPUT_DEMAND].path);
    dosah_scenario_destroy(s);

    assert_int_equal(parse(*state, "/srv/scn.yaml", HEAD CARE, &s), DOSAH_OK);
    assert_string_equal(s->dir, "/srv");
    assert_string_equal(s->inputs[DOSAH_INPUT_ROADS].path, "/srv/r.gpkg");
    dosah_scenario_destroy(s);

    assert_int_equal(parse(*state, "/scn.yaml", HEAD CARE, &s), DOSAH_OK);
    assert_string_equal(s->dir, "/");
    assert_string_equal(s->inputs[DOSAH_INPUT_ROADS].path, "/r.gpkg");
    dosah_scenario_destroy(s);
}

/* Plain numbers do not depend on the process locale's decimal point. */
static void test_locale(void **state)
{
    static const char *const locales[] = {"cs_CZ.UTF-8", "cs_CZ.utf8", "de_DE.UTF-8"};
    struct dosah_scenario *s = NULL;
    size_t i;
    for (i = 0; i < 3 && !setlocale(LC_NUMERIC, locales[i]); i++)
        ;
    if (i == 3)
        skip();
    assert_int_equal(parse(*state, SCN, HEAD "network: {access_kmh: 4.5}\n" CARE, &s), DOSAH_OK);
    setlocale(LC_NUMERIC, "C");
    assert_float_equal(s->network.access_kmh, 4.5, 0.0);
    dosah_scenario_destroy(s);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(dosah_input_kind_name(DOSAH_INPUT_MUNICIPALITIES), "municipalities");
    assert_string_equal(dosah_input_kind_name(DOSAH_INPUT_LOCALITIES), "excluded_localities");
    assert_string_equal(dosah_input_kind_name(DOSAH_INPUT_OD_MATRIX), "od_matrix");
    assert_string_equal(dosah_field_name(DOSAH_FIELD_ID), "id");
    assert_string_equal(dosah_field_name(DOSAH_FIELD_DESTINATION), "destination");
    assert_string_equal(dosah_field_name(DOSAH_FIELD_Y), "y");
    assert_int_equal(dosah_scenario_find_service(NULL, "care"), -1);
    assert_null(dosah_scenario_destroy(NULL));
}

/* ---- files ---- */

static void test_missing_file(void **state)
{
    struct dosah_scenario *s = (struct dosah_scenario *)1;
    assert_int_equal(dosah_scenario_load(*state, DIR "/no-such.yaml", &s), DOSAH_EIO);
    assert_null(s);
    assert_non_null(strstr(dosah_ctx_errmsg(*state), DIR "/no-such.yaml"));
    assert_non_null(strstr(dosah_ctx_errmsg(*state), "No such file or directory"));
}

/* A directory opens but cannot be read. */
static void test_unreadable_file(void **state)
{
    struct dosah_scenario *s = (struct dosah_scenario *)1;
    assert_int_equal(dosah_scenario_load(*state, DIR, &s), DOSAH_EIO);
    assert_null(s);
    assert_non_null(strstr(dosah_ctx_errmsg(*state), DIR));
}

ERROR_TEST(test_empty, "", SCN ":1:1: ", "the scenario is empty", "'name'")
ERROR_TEST(test_only_comments, "# nothing yet\n\n", SCN ":1:1: ", "the scenario is empty", NULL)
ERROR_TEST(test_not_mapping, "- name: test\n", SCN ":1:1: ",
           "a scenario is a mapping of keys", "got a list")
ERROR_TEST(test_two_documents, HEAD CARE "---\nname: other\n", SCN ":12:1: ",
           "a second YAML document starts here", NULL)

/* ---- YAML ---- */

ERROR_TEST(test_syntax, "name: test\ncrs: EPSG: 5514\n", SCN ":2:10: ",
           "YAML syntax error: mapping values are not allowed", NULL)
ERROR_TEST(test_syntax_quote, "name: \"test\ncrs: EPSG:5514\n", SCN ":3:1: ",
           "YAML syntax error: found unexpected end of stream",
           "while scanning a quoted scalar at line 1, column 7")
ERROR_TEST(test_syntax_tab, "name: test\ncrs: EPSG:5514\ninputs:\n\troads: {}\n", SCN ":4:1: ",
           "YAML syntax error: a tab character", "replace the tab with spaces")
ERROR_TEST(test_duplicate_key, HEAD CARE "name: again\n", SCN ":12:1: ",
           "duplicate key 'name' (first written at line 1, column 1)", NULL)
ERROR_TEST(test_anchor,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  municipalities: &m {path: m.gpkg, id: kod}\n",
           SCN ":4:19: ", "YAML anchors (&m) are not supported", NULL)
ERROR_TEST(test_alias,
           "name: &n test\n", SCN ":1:7: ", "YAML anchors (&n) are not supported", NULL)
ERROR_TEST(test_alias_use,
           "name: test\ncrs: EPSG:5514\nlabel: *x\n", SCN ":3:8: ",
           "YAML aliases (*x) are not supported", NULL)
ERROR_TEST(test_tag, "name: !!str 2024\n", SCN ":1:7: ", "YAML tags (!!str) are not supported",
           NULL)
ERROR_TEST(test_complex_key, "? [a, b]\n: 1\n", SCN ":1:3: ", "a key must be a name, not a list",
           NULL)
ERROR_TEST(test_too_deep,
           "name: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
           "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
           SCN ":1:38: ", "nests deeper than 32 levels", NULL)

static void test_not_utf8(void **state)
{
    expect_error(*state, HEAD "# caf\xe9\n", SCN ":7:6: ", "not valid UTF-8 (byte 0xE9",
                 "save the file with the UTF-8 encoding");
    /* Columns count characters: "name: Žďár" is ten of them. */
    expect_error(*state, "name: Žďár\xff\n", SCN ":1:11: ", "not valid UTF-8 (byte 0xFF", NULL);
    /* A byte order mark is no character of line 1. */
    expect_error(*state, "\xef\xbb\xbfname: caf\xe9\n", SCN ":1:10: ", "not valid UTF-8", NULL);
    /* UTF-16 is not UTF-8 either. */
    expect_error(*state, "\xff\xfen\x00", SCN ":1:1: ", "not valid UTF-8 (byte 0xFF", NULL);
}

/* A byte order mark before UTF-8 text is fine. */
static void test_bom(void **state)
{
    struct dosah_scenario *s = NULL;
    assert_int_equal(parse(*state, SCN, "\xef\xbb\xbf" HEAD CARE, &s), DOSAH_OK);
    assert_string_equal(s->name, "test");
    assert_mark(s->services[0].mark, 8, 5);
    dosah_scenario_destroy(s);
}

static void test_control_character(void **state)
{
    static const char text[] = "name: a\0b\ncrs: EPSG:5514\n";
    expect_error_n(*state, text, sizeof text - 1, SCN ":1:8: ", "U+0000 is not allowed", NULL);
    expect_error(*state, "name: a\x07z\n", SCN ":1:8: ", "U+0007 is not allowed", NULL);
}

/* ---- keys ---- */

ERROR_TEST(test_unknown_key_suggestion,
           HEAD CARE
           "  - key: home\n"
           "    types: [\"§40\"]\n"
           "    form: field\n"
           "    treshold_min: 30\n",
           SCN ":15:5: ",
           "unknown key 'treshold_min' in services[1]; did you mean 'threshold_min'?",
           NULL)
ERROR_TEST(test_unknown_key_list, HEAD CARE "colour: red\n", SCN ":12:1: ",
           "unknown key 'colour' at the top level; the valid keys are: name, crs, inputs, "
           "network, services, thresholds_min, plan",
           NULL)
ERROR_TEST(test_unknown_input_kind,
           "name: test\ncrs: EPSG:5514\ninputs:\n  municipality: {path: m.gpkg, id: kod}\n",
           SCN ":4:3: ", "unknown key 'municipality' in inputs; did you mean 'municipalities'?",
           NULL)
ERROR_TEST(test_field_of_other_kind,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  municipalities: {path: m.gpkg, id: kod, capacity: kap}\n",
           SCN ":4:43: ",
           "unknown key 'capacity' in inputs.municipalities; the valid keys are: path, layer, crs, "
           "encoding, geometry, where, groups, id, name, population, region, point",
           NULL)
/* A GTFS feed takes only its path: neither other keys nor GDAL's source keys are listed. */
ERROR_TEST(test_transit_input_unknown_key, HEAD "  transit: {path: gtfs, agency: x}\n" CARE,
           SCN ":7:25: ", "unknown key 'agency' in inputs.transit; the valid keys are: path",
           NULL)
ERROR_TEST(test_transit_input_layer, HEAD "  transit: {path: gtfs, layer: stops}\n" CARE,
           SCN ":7:25: ", "unknown key 'layer' in inputs.transit; the valid keys are: path",
           NULL)
ERROR_TEST(test_unknown_network_key, HEAD "network:\n  acces_kmh: 4\n" CARE, SCN ":8:3: ",
           "unknown key 'acces_kmh' in network; did you mean 'access_kmh'?", NULL)
ERROR_TEST(test_unknown_key_case, HEAD CARE "Plan: []\n", SCN ":12:1: ",
           "unknown key 'Plan' at the top level; did you mean 'plan'?", NULL)

/* ---- types and values ---- */

ERROR_TEST(test_wrong_type_number, HEAD "network: {access_kmh: fast}\n" CARE, SCN ":7:23: ",
           "expected a number for 'access_kmh', got 'fast'", NULL)
ERROR_TEST(test_wrong_type_mapping, "name: test\ncrs: {epsg: 5514}\n", SCN ":2:6: ",
           "expected a string for 'crs', got a mapping", NULL)
ERROR_TEST(test_wrong_type_list, HEAD "network: [1, 2]\n" CARE, SCN ":7:10: ",
           "expected a mapping for 'network'", "got a list")
ERROR_TEST(test_number_with_unit,
           HEAD "services:\n  - key: care\n    types: [40]\n    form: field\n"
                "    threshold_min: 30 min\n",
           SCN ":11:20: ", "expected a number for 'threshold_min', got '30 min'", NULL)
ERROR_TEST(test_quoted_number, HEAD "network: {access_kmh: \"5\"}\n" CARE, SCN ":7:23: ",
           "got the quoted string '5'; write the number without quotes", NULL)
ERROR_TEST(test_empty_value, HEAD "network: {snap_max_m: }\n" CARE, SCN ":7:23: ",
           "expected a number for 'snap_max_m', got an empty value", NULL)
ERROR_TEST(test_empty_string, "name: \"\"\ncrs: EPSG:5514\n", SCN ":1:7: ",
           "'name' is empty", NULL)
ERROR_TEST(test_access_zero, HEAD "network: {access_kmh: 0}\n" CARE, SCN ":7:23: ",
           "'access_kmh' must be greater than 0, got 0", NULL)
ERROR_TEST(test_snap_negative, HEAD "network: {snap_max_m: -5}\n" CARE, SCN ":7:23: ",
           "'snap_max_m' must be greater than 0, got -5", NULL)
ERROR_TEST(test_min_piece_fraction, HEAD "network: {min_piece_nodes: 2.5}\n" CARE,
           SCN ":7:28: ", "'min_piece_nodes' is 2.5; write a whole number of nodes", NULL)
ERROR_TEST(test_default_speed_negative, HEAD "network: {default_speed_kmh: -1}\n" CARE,
           SCN ":7:30: ", "'default_speed_kmh' must be 0 or more, got -1", NULL)
ERROR_TEST(test_speed_class_zero, HEAD "network:\n  speeds_kmh: {primary: 70, track: 0}\n" CARE,
           SCN ":8:36: ", "'speeds_kmh.track' must be greater than 0, got 0", NULL)
ERROR_TEST(test_threshold_zero, HEAD CARE "thresholds_min: [15, 0]\n", SCN ":12:22: ",
           "'thresholds_min[1]' must be greater than 0, got 0", NULL)
ERROR_TEST(test_threshold_duplicate, HEAD CARE "thresholds_min: [15, 30, 15.0]\n", SCN ":12:26: ",
           "15.0 minutes is listed twice in 'thresholds_min' (first at line 12, column 18)", NULL)
ERROR_TEST(test_thresholds_empty, HEAD CARE "thresholds_min: []\n", SCN ":12:17: ",
           "expected a non-empty list of minutes for 'thresholds_min'", "got an empty list")
ERROR_TEST(test_norm_negative, HEAD CARE "    norm_per_10k: -3\n", SCN ":12:19: ",
           "'norm_per_10k' must be 0 or more, got -3", NULL)
ERROR_TEST(test_target_share_range, HEAD CARE "    target_share: 1.5\n", SCN ":12:19: ",
           "'target_share' must be between 0 and 1", "got 1.5")
ERROR_TEST(test_threshold_missing,
           HEAD "services:\n  - key: care\n    types: [\"§40\"]\n    form: field\n", SCN ":8:5: ",
           "missing required key 'threshold_min' in services[0]", NULL)
ERROR_TEST(test_crs_missing, "name: test\ninputs: {}\n", SCN ":1:1: ",
           "missing required key 'crs' at the top level", "EPSG:5514")
ERROR_TEST(test_input_field_missing,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  municipalities: {path: m.gpkg, id: kod}\n"
           "  services: {path: s.gpkg, id: id, type: par}\n",
           SCN ":5:13: ", "missing required key 'form' in inputs.services", "the form")
ERROR_TEST(test_input_path_missing,
           "name: test\ncrs: EPSG:5514\ninputs:\n  roads:\n    class: typ\n", SCN ":5:5: ",
           "missing required key 'path' in inputs.roads", NULL)
ERROR_TEST(test_input_not_mapping,
           "name: test\ncrs: EPSG:5514\ninputs:\n  roads: roads.gpkg\n", SCN ":4:10: ",
           "expected a mapping for 'inputs.roads'", "got 'roads.gpkg'")
ERROR_TEST(test_x_without_y,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  demand: {path: d.csv, id: id, population: p, x: sx}\n",
           SCN ":4:51: ", "'x' and 'y' go together in inputs.demand", NULL)
ERROR_TEST(test_roads_without_class,
           "name: test\ncrs: EPSG:5514\ninputs:\n  roads: {path: r.gpkg, oneway: ow}\n",
           SCN ":4:10: ", "inputs.roads needs 'class'", "or 'speed'")

/* ---- services ---- */

ERROR_TEST(test_unknown_type,
           HEAD "services:\n  - key: care\n    types: [\"§40\", \"§99\"]\n",
           SCN ":9:20: ", "unknown service type '§99' in services[0].types", "\"§40\" or 40")
ERROR_TEST(test_type_twice,
           HEAD "services:\n  - key: care\n    types: [40, \"§40\"]\n", SCN ":9:17: ",
           "§40 is listed twice in services[0].types", NULL)
ERROR_TEST(test_types_not_list,
           HEAD "services:\n  - key: care\n    types: \"§40\"\n", SCN ":9:12: ",
           "expected a non-empty list of § types for 'types'", "got '§40'")
ERROR_TEST(test_unknown_form,
           HEAD "services:\n  - key: care\n    types: [40]\n    form: mobile\n", SCN ":10:11: ",
           "unknown form 'mobile' in services[0]", "terénní, ambulantní, pobytová")
ERROR_TEST(test_two_forms,
           HEAD "services:\n  - key: care\n    types: [40]\n    form: field, ambulant\n",
           SCN ":10:11: ", "services[0] asks about one form", "one entry per form")
ERROR_TEST(test_bad_service_key, HEAD "services:\n  - key: Care\n", SCN ":8:10: ",
           "service key 'Care' must be 1 to 24 characters of a-z, 0-9 and _",
           "prefix of output field names")
ERROR_TEST(test_long_service_key,
           HEAD "services:\n  - key: abcdefghijklmnopqrstuvwxy\n", SCN ":8:10: ",
           "service key 'abcdefghijklmnopqrstuvwxy' must be 1 to 24 characters", NULL)
ERROR_TEST(test_duplicate_service_key,
           HEAD CARE "  - key: care\n", SCN ":12:10: ",
           "duplicate service key 'care' (also services[0] at line 8)", "unique")
ERROR_TEST(test_no_services, HEAD "services: []\n", SCN ":7:11: ",
           "expected a non-empty list of questions for 'services'", "got an empty list")
ERROR_TEST(test_services_missing, HEAD, SCN ":1:1: ",
           "missing required key 'services' at the top level", NULL)

/* ---- the name ---- */

ERROR_TEST(test_name_slash, "name: a/b\n", SCN ":1:7: ",
           "'name' becomes the output file's name (NAME.gpkg), so it must not contain '/'",
           "got 'a/b'")
ERROR_TEST(test_name_dot, "name: .hidden\n", SCN ":1:7: ", "must not start with '.'", NULL)
ERROR_TEST(test_name_control, "name: \"a\\tb\"\n", SCN ":1:7: ",
           "must not contain control characters", NULL)

/* ---- whole-scenario rules ---- */

ERROR_TEST(test_rule_services_input,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  municipalities: {path: m.gpkg, id: kod}\n"
           "  roads: {path: r.gpkg, class: typ}\n" CARE,
           SCN ":4:3: ", "missing required key 'services' in inputs", NULL)
ERROR_TEST(test_rule_travel_times,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  municipalities: {path: m.gpkg, id: kod}\n"
           "  services: {path: s.gpkg, id: id, type: par, form: forma}\n" CARE,
           SCN ":4:3: ", "inputs needs 'roads'", "or 'od_matrix'")
ERROR_TEST(test_rule_people,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  od_matrix: {path: t.csv, origin: o, destination: d, minutes: m}\n"
           "  services: {path: s.gpkg, id: id, type: par, form: forma}\n" CARE,
           SCN ":4:3: ", "inputs needs 'municipalities' or 'demand'", NULL)
ERROR_TEST(test_rule_population,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  demand: {path: d.gpkg, id: id, population: p}\n"
           "  population: {path: p.csv, id: kod, population: obyv}\n"
           "  roads: {path: r.gpkg, class: typ}\n"
           "  services: {path: s.gpkg, id: id, type: par, form: forma}\n" CARE,
           SCN ":5:3: ", "inputs.population", "needs inputs.municipalities")
ERROR_TEST(test_rule_regions,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  demand: {path: d.gpkg, id: id, population: p}\n"
           "  regions: {path: o.gpkg, id: kod}\n"
           "  roads: {path: r.gpkg, class: typ}\n"
           "  services: {path: s.gpkg, id: id, type: par, form: forma}\n" CARE,
           SCN ":5:3: ", "inputs.regions", "need inputs.municipalities")
ERROR_TEST(test_rule_osm_roads_only,
           "name: test\ncrs: EPSG:5514\ninputs:\n"
           "  municipalities: {path: m.gpkg, id: kod}\n"
           "  roads: {path: roads.gpkg}\n"
           "  services: {path: s.gpkg, id: id, type: par, form: forma}\n" CARE,
           SCN ":5:10: ", "inputs.roads needs 'class'",
           "only an OpenStreetMap file (.osm, .osm.pbf) needs neither")
ERROR_TEST(test_use_maxspeed_bool, HEAD "network:\n  use_maxspeed: yes\n" CARE, SCN ":8:17: ",
           "expected true or false for 'use_maxspeed', got 'yes'", NULL)
ERROR_TEST(test_clip_negative, HEAD "network:\n  clip_buffer_m: -1\n" CARE, SCN ":8:18: ",
           "clip_buffer_m", NULL)

/* The keys for official data: geometry, where, OSM roads without a mapping, regions by
 * location, the network's maxspeed and clip, relative paths behind an archive prefix. */
static void test_official_keys(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_scenario *s = NULL;
    const char *text =
        "name: test\ncrs: EPSG:5514\ninputs:\n"
        "  municipalities: {path: /vsigzip/obce.xml.gz, layer: Obce, id: Kod,\n"
        "                   geometry: GeneralizovaneHranice, where: \"OkresKod = 3503\"}\n"
        "  regions: {path: /vsizip//data/st.zip, layer: Orp, id: Kod}\n"
        "  roads: {path: cz.OSM.PBF}\n"
        "  services: {path: s.csv, id: id, type: par, form: forma}\n"
        "network: {use_maxspeed: true, clip_buffer_m: 0}\n" CARE;
    assert_int_equal(parse(ctx, "dir/scn.yaml", text, &s), DOSAH_OK);
    assert_string_equal(s->inputs[DOSAH_INPUT_MUNICIPALITIES].geometry, "GeneralizovaneHranice");
    assert_int_equal(s->inputs[DOSAH_INPUT_MUNICIPALITIES].geometry_mark.line, 5);
    assert_string_equal(s->inputs[DOSAH_INPUT_MUNICIPALITIES].where, "OkresKod = 3503");
    assert_string_equal(s->inputs[DOSAH_INPUT_MUNICIPALITIES].path, "/vsigzip/dir/obce.xml.gz");
    assert_string_equal(s->inputs[DOSAH_INPUT_REGIONS].path, "/vsizip//data/st.zip");
    assert_string_equal(s->inputs[DOSAH_INPUT_ROADS].path, "dir/cz.OSM.PBF");
    assert_null(s->inputs[DOSAH_INPUT_ROADS].fields[DOSAH_FIELD_CLASS]);
    assert_int_equal(s->network.use_maxspeed, 1);
    assert_int_equal(s->network.clip, 1);
    assert_float_equal(s->network.clip_buffer_m, 0, 0);
    s = dosah_scenario_destroy(s);
    /* defaults: maxspeed not read, no clip */
    assert_int_equal(parse(ctx, "dir/scn.yaml", HEAD CARE, &s), DOSAH_OK);
    assert_int_equal(s->network.use_maxspeed, 0);
    assert_int_equal(s->network.clip, 0);
    assert_null(s->inputs[DOSAH_INPUT_MUNICIPALITIES].geometry);
    assert_null(s->inputs[DOSAH_INPUT_MUNICIPALITIES].where);
    dosah_scenario_destroy(s);
}

/* ---- plan ---- */

#define SHELTERED                                                                                 \
    "  - key: sheltered\n"                                                                        \
    "    types: [51]\n"                                                                           \
    "    form: residential\n"                                                                     \
    "    threshold_min: 45\n"

ERROR_TEST(test_plan_unknown_service,
           HEAD CARE SHELTERED "plan:\n  - service: sheltred\n    new_units: 2\n", SCN ":17:14: ",
           "plan[0] names the service 'sheltred', which is not a key under services",
           "did you mean 'sheltered'?")
ERROR_TEST(test_plan_unknown_service_far,
           HEAD CARE "plan:\n  - service: beds\n    new_units: 2\n", SCN ":13:14: ",
           "plan[0] names the service 'beds'", "the keys are: care")
ERROR_TEST(test_plan_both,
           HEAD CARE "plan:\n  - service: care\n    target_share: 0.9\n    new_units: 2\n",
           SCN ":15:5: ", "plan[0] gives both 'new_units' and 'target_share'", NULL)
ERROR_TEST(test_plan_neither, HEAD CARE "plan:\n  - service: care\n", SCN ":13:5: ",
           "plan[0] needs 'new_units'", "or 'target_share'")
ERROR_TEST(test_plan_units_zero,
           HEAD CARE "plan:\n  - service: care\n    new_units: 0\n", SCN ":14:16: ",
           "'new_units' must be at least 1, got 0", NULL)
ERROR_TEST(test_plan_units_fraction,
           HEAD CARE "plan:\n  - service: care\n    new_units: 2.5\n", SCN ":14:16: ",
           "expected a whole number for 'new_units', got '2.5'", NULL)
ERROR_TEST(test_plan_share_zero,
           HEAD CARE "plan:\n  - service: care\n    target_share: 0\n", SCN ":14:19: ",
           "'target_share' must be greater than 0 and at most 1", NULL)
ERROR_TEST(test_plan_candidates,
           HEAD CARE "plan:\n  - service: care\n    new_units: 1\n    candidates: roads\n",
           SCN ":15:17: ", "expected 'municipalities', 'gap_regions' or a mapping", "got 'roads'")
ERROR_TEST(test_plan_candidates_id,
           HEAD CARE "plan:\n  - service: care\n    new_units: 1\n"
                     "    candidates: {path: c.gpkg}\n",
           SCN ":15:17: ", "missing required key 'id' in plan[0].candidates", NULL)

/* ---- memory ---- */

/* Loads the complete scenario with each allocation failing in turn: ENOMEM, nothing leaks. */
static void test_alloc_failures(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_scenario *s = NULL;
    enum dosah_status st;
    long n;
    for (n = 0;; n++) {
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_scenario_load(ctx, FULL, &s);
        if (st == DOSAH_OK)
            break;
        assert_int_equal(st, DOSAH_ENOMEM);
        assert_null(s);
    }
    dosah_ctx_fail_alloc_after(ctx, -1);
    assert_true(n > 100); /* the scenario has well over a hundred values */
    dosah_scenario_destroy(s);
}

/* The same on a bad scenario whose message needs memory of its own. */
static void test_alloc_failures_error(void **state)
{
    static const char text[] =
        HEAD CARE SHELTERED "plan:\n  - service: sheltred\n    new_units: 2\n";
    struct dosah_ctx *ctx = *state;
    struct dosah_scenario *s = NULL;
    enum dosah_status st;
    long n;
    for (n = 0;; n++) {
        dosah_ctx_fail_alloc_after(ctx, n);
        st = parse(ctx, SCN, text, &s);
        assert_null(s);
        if (st != DOSAH_ENOMEM)
            break;
    }
    dosah_ctx_fail_alloc_after(ctx, -1);
    assert_int_equal(st, DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "did you mean 'sheltered'?"));
}

/* The options of the capacity and time measures, with their defaults. */
static void test_measure_options(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_scenario *s = NULL;
    const char *text = HEAD CARE
        "    mode: walk\n"
        "    fca: {method: e2sfca, weights: [1, 0.5]}\n"
        "    priority: listed\n"
        "    polygons: true\n"
        "  - key: home\n"
        "    types: [40]\n"
        "    form: field\n"
        "    threshold_min: 20\n"
        "network: {walk_kmh: 4}\n"
        "time_windows: {night: \"Mo-Su 22:00-06:00\"}\n"
        "catchments: {polygons: false, cell_m: 50}\n"
        "output: {roads: false}\n";
    assert_int_equal(parse(ctx, "d/s.yaml", text, &s), DOSAH_OK);
    assert_int_equal(s->services[0].mode, DOSAH_MODE_WALK);
    assert_int_equal(s->services[0].fca.weight, DOSAH_FCA_STEP);
    assert_int_equal(s->services[0].fca.step_count, 2);
    assert_float_equal(s->services[0].fca.step_weights[1], 0.5, 0);
    assert_float_equal(s->services[0].fca.threshold_min, 30, 0);
    assert_int_equal(s->services[0].priority, DOSAH_PRIORITY_LISTED);
    /* Defaults: car, plain 2SFCA over the question's threshold, by capacity. */
    assert_int_equal(s->services[1].mode, DOSAH_MODE_CAR);
    assert_int_equal(s->services[1].fca.weight, DOSAH_FCA_CUTOFF);
    assert_float_equal(s->services[1].fca.threshold_min, 20, 0);
    assert_int_equal(s->services[1].priority, DOSAH_PRIORITY_CAPACITY);
    assert_float_equal(s->network.walk_kmh, 4, 0);
    assert_int_equal(s->window_count, 1);
    assert_string_equal(s->windows[0].name, "night");
    /* 22:00-06:00: starts at minute 1320, runs past midnight. */
    assert_int_equal(s->windows[0].window.start_min, 22 * 60);
    assert_int_equal(s->windows[0].window.end_min, 6 * 60);
    assert_false(s->catchments);
    assert_int_equal(s->services[0].polygons, 1);  /* its own, over catchments.polygons */
    assert_int_equal(s->services[1].polygons, -1); /* as catchments.polygons */
    assert_float_equal(s->catchment_cell_m, 50, 0);
    assert_true(s->no_roads_layer);
    dosah_scenario_destroy(s);
    /* Without the keys: three default windows, polygons with a 100 m band, walking at 5. */
    assert_int_equal(parse(ctx, "d/s.yaml", HEAD CARE, &s), DOSAH_OK);
    assert_int_equal(s->window_count, 3);
    assert_string_equal(s->windows[1].name, "weekday_evening");
    assert_int_equal(s->windows[1].window.start_min, 18 * 60);
    assert_true(s->catchments);
    assert_float_equal(s->catchment_cell_m, 100, 0);
    assert_false(s->no_roads_layer);
    assert_float_equal(s->network.walk_kmh, 5, 0);
    dosah_scenario_destroy(s);
}

/* Line 12 is the first line after HEAD CARE. */
ERROR_TEST(test_bad_polygons, HEAD CARE "    polygons: yes\n", SCN ":12:15:",
           "'yes'", "false, true")
ERROR_TEST(test_unknown_mode, HEAD CARE "    mode: bike\n", SCN ":12:11:", "unknown mode 'bike'",
           "car, walk")
ERROR_TEST(test_unknown_fca_method, HEAD CARE "    fca: {method: 3sfca}\n", SCN ":12:19:",
           "unknown fca method '3sfca'", "2sfca, e2sfca, gaussian")
ERROR_TEST(test_priority_field_unmapped, HEAD CARE "    priority: field\n", SCN ":12:15:",
           "maps no 'priority' column", "inputs.services")
ERROR_TEST(test_bad_window, HEAD CARE "time_windows: {evening: \"Mo-Fr 18-22\"}\n",
           SCN ":12:25:", "time window 'evening'", NULL)
ERROR_TEST(test_bad_output_roads, HEAD CARE "output: {roads: no}\n", SCN ":12:17:",
           "expected true or false for 'roads'", NULL)
ERROR_TEST(test_bad_window_name, HEAD CARE "time_windows: {Evening: \"Mo-Fr 18:00-22:00\"}\n",
           SCN ":12:16:", "window name 'Evening'", NULL)

static void test_changes(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_scenario *s = NULL;
    const char *text = HEAD CARE
        "changes:\n"
        "  - add: {id: N1, type: \"§40\", form: field, capacity: 12, municipality: \"123\"}\n"
        "  - remove: S7\n"
        "  - resize: S8\n"
        "    capacity: 0\n";
    assert_int_equal(parse(ctx, "d/s.yaml", text, &s), DOSAH_OK);
    assert_int_equal(s->change_count, 3);
    assert_int_equal(s->changes[0].kind, DOSAH_CHANGE_ADD);
    assert_string_equal(s->changes[0].id, "N1");
    assert_int_equal(s->changes[0].type, 40);
    assert_int_equal(s->changes[0].forms, DOSAH_FORM_FIELD);
    assert_float_equal(s->changes[0].capacity, 12, 0);
    assert_string_equal(s->changes[0].municipality, "123");
    assert_false(s->changes[0].has_xy);
    assert_int_equal(s->changes[1].kind, DOSAH_CHANGE_REMOVE);
    assert_string_equal(s->changes[1].id, "S7");
    assert_int_equal(s->changes[2].kind, DOSAH_CHANGE_RESIZE);
    assert_float_equal(s->changes[2].capacity, 0, 0);
    dosah_scenario_destroy(s);
}

ERROR_TEST(test_change_two_kinds, HEAD CARE "changes:\n  - {remove: A, resize: B}\n",
           SCN ":13:5:", "exactly one of add, remove or resize", NULL)
ERROR_TEST(test_change_add_without_place,
           HEAD CARE "changes:\n  - add: {id: N, type: 40, form: field}\n", SCN ":13:10:",
           "needs municipality", NULL)
ERROR_TEST(test_change_resize_without_capacity, HEAD CARE "changes:\n  - resize: A\n",
           SCN ":13:5:", "missing required key 'capacity'", NULL)

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_full), T(test_defaults), T(test_locale), T(test_names),
        T(test_measure_options), T(test_bad_polygons), T(test_unknown_mode), T(test_unknown_fca_method),
        T(test_priority_field_unmapped), T(test_bad_window), T(test_bad_window_name), T(test_bad_output_roads),
        T(test_changes), T(test_change_two_kinds), T(test_change_add_without_place),
        T(test_change_resize_without_capacity),
        T(test_missing_file), T(test_unreadable_file), T(test_empty), T(test_only_comments),
        T(test_not_mapping), T(test_two_documents),
        T(test_syntax), T(test_syntax_quote), T(test_syntax_tab), T(test_duplicate_key),
        T(test_anchor),
        T(test_alias), T(test_alias_use), T(test_tag), T(test_complex_key), T(test_too_deep),
        T(test_not_utf8), T(test_bom), T(test_control_character),
        T(test_unknown_key_suggestion), T(test_unknown_key_list), T(test_unknown_input_kind),
        T(test_field_of_other_kind), T(test_transit_input_unknown_key),
        T(test_transit_input_layer), T(test_unknown_network_key), T(test_unknown_key_case),
        T(test_wrong_type_number), T(test_wrong_type_mapping), T(test_wrong_type_list),
        T(test_number_with_unit), T(test_quoted_number), T(test_empty_value),
        T(test_empty_string), T(test_access_zero), T(test_snap_negative), T(test_min_piece_fraction),
        T(test_default_speed_negative), T(test_speed_class_zero), T(test_threshold_zero),
        T(test_threshold_duplicate), T(test_thresholds_empty), T(test_norm_negative),
        T(test_target_share_range), T(test_threshold_missing), T(test_crs_missing),
        T(test_input_field_missing), T(test_input_path_missing), T(test_input_not_mapping),
        T(test_x_without_y), T(test_roads_without_class),
        T(test_unknown_type), T(test_type_twice), T(test_types_not_list), T(test_unknown_form),
        T(test_two_forms), T(test_bad_service_key), T(test_long_service_key),
        T(test_duplicate_service_key), T(test_no_services), T(test_services_missing),
        T(test_name_slash), T(test_name_dot), T(test_name_control),
        T(test_rule_services_input), T(test_rule_travel_times), T(test_rule_people),
        T(test_rule_population), T(test_rule_regions), T(test_rule_osm_roads_only),
        T(test_use_maxspeed_bool), T(test_clip_negative), T(test_official_keys),
        T(test_plan_unknown_service), T(test_plan_unknown_service_far), T(test_plan_both),
        T(test_plan_neither), T(test_plan_units_zero), T(test_plan_units_fraction),
        T(test_plan_share_zero), T(test_plan_candidates), T(test_plan_candidates_id),
        T(test_alloc_failures), T(test_alloc_failures_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
