/* SPDX-License-Identifier: MIT */
/*
 * The scenario's public-transport keys: inputs.transit, mode: transit with day and depart
 * (a window or a named time window), the top-level transit options, and the rules tying them
 * together, each bad case with its message at its line and column.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "dosah/scenario.h"

#define SCN "dir/scn.yaml"

/* Lines 1-7. */
#define HEAD                                                                                      \
    "name: test\n"                                                                                \
    "crs: EPSG:5514\n"                                                                            \
    "inputs:\n"                                                                                   \
    "  municipalities: {path: m.gpkg, id: kod}\n"                                                 \
    "  roads: {path: r.gpkg, class: typ}\n"                                                       \
    "  services: {path: s.gpkg, id: id, type: par, form: forma}\n"                               \
    "  transit: {path: feed.zip}\n"
/* Lines 8-13. */
#define BUS                                                                                       \
    "services:\n"                                                                                 \
    "  - key: bus\n"                                                                              \
    "    types: [\"§59\"]\n"                                                                      \
    "    form: ambulant\n"                                                                        \
    "    threshold_min: 60\n"                                                                     \
    "    mode: transit\n"

static struct dosah_scenario *ok(struct dosah_ctx *ctx, const char *text)
{
    struct dosah_scenario *s = NULL;
    if (dosah_scenario_parse(ctx, SCN, text, strlen(text), &s) != DOSAH_OK)
        fail_msg("%s", dosah_ctx_errmsg(ctx));
    return s;
}

static void bad(const char *text, const char *message)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    assert_int_equal(dosah_scenario_parse(ctx, SCN, text, strlen(text), &s), DOSAH_EINVAL);
    assert_null(s);
    if (strcmp(dosah_ctx_errmsg(ctx), message) != 0)
        fail_msg("expected: %s\n     got: %s", message, dosah_ctx_errmsg(ctx));
    dosah_ctx_destroy(ctx);
}

static void test_valid(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s;
    (void)state;
    s = ok(ctx, HEAD BUS "    day: 2026-03-03\n    depart: \"07:00-09:00\"\n");
    assert_int_equal(s->services[0].mode, DOSAH_MODE_TRANSIT);
    assert_true(s->inputs[DOSAH_INPUT_TRANSIT].present);
    assert_int_equal(s->services[0].when.date_set, 1);
    assert_int_equal(s->services[0].when.year, 2026);
    assert_int_equal(s->services[0].when.month, 3);
    assert_int_equal(s->services[0].when.day_of_month, 3);
    assert_int_equal(s->services[0].when.start_min, 7 * 60);
    assert_int_equal(s->services[0].when.end_min, 9 * 60);
    assert_true(s->transit.max_walk_m == 1000 && s->transit.transfer_max_m == 400);
    assert_true(s->transit.change_min == 0 && s->transit.max_trip_min == 180);
    dosah_scenario_destroy(s);
    /* A weekday; a named window gives its hours, and its first day when day is absent. */
    s = ok(ctx, HEAD BUS "    day: We\n    depart: rano\n"
                         "time_windows: {rano: \"Tu-Fr 06:30-08:00\"}\n"
                         "transit: {max_walk_m: 800, change_min: 2}\n");
    assert_int_equal(s->services[0].when.date_set, 0);
    assert_int_equal(s->services[0].when.weekday, 2);
    assert_int_equal(s->services[0].when.start_min, 6 * 60 + 30);
    assert_true(s->transit.max_walk_m == 800 && s->transit.change_min == 2);
    dosah_scenario_destroy(s);
    s = ok(ctx, HEAD BUS "    depart: rano\ntime_windows: {rano: \"Tu-Fr 06:30-08:00\"}\n");
    assert_int_equal(s->services[0].when.weekday, 1);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
}

static void test_invalid(void **state)
{
    (void)state;
    bad("name: test\ncrs: EPSG:5514\ninputs:\n  municipalities: {path: m.gpkg, id: kod}\n"
        "  roads: {path: r.gpkg, class: typ}\n"
        "  services: {path: s.gpkg, id: id, type: par, form: forma}\n"
        "  transit: {path: feed.zip, layer: stops}\n" BUS "    day: monday\n"
        "    depart: \"07:00-09:00\"\n",
        SCN ":7:29: unknown key 'layer' in inputs.transit; the valid keys are: path");
    bad(HEAD BUS "    day: 2026-02-30\n    depart: \"07:00-09:00\"\n",
        SCN ":14:10: services[0]: day '2026-02-30' is neither a date YYYY-MM-DD nor a weekday "
            "(monday ... sunday, or Mo ... Su)");
    bad(HEAD BUS "    day: monday\n    depart: morning\n",
        SCN ":15:13: services[0]: depart 'morning' is neither a window \"HH:MM-HH:MM\" nor the "
            "name of one of time_windows; write e.g. depart: \"07:00-09:00\"");
    bad(HEAD BUS "    day: monday\n    depart: \"22:00-02:00\"\n",
        SCN ":15:13: services[0]: the departure window '22:00-02:00' must end after it starts "
            "on the same day (no window across midnight)");
    bad(HEAD BUS "    day: monday\n",
        SCN ":9:5: missing required key 'depart' in services[0] (the departure window of mode: "
            "transit, e.g. depart: \"07:00-09:00\")");
    bad(HEAD BUS "    depart: \"07:00-09:00\"\n",
        SCN ":9:5: missing required key 'day' in services[0] (the service day of mode: transit: "
            "a date such as 2026-03-03 or a weekday such as tuesday)");
    bad(HEAD "services:\n  - key: bus\n    types: [\"§59\"]\n    form: ambulant\n"
             "    threshold_min: 60\n    day: monday\n",
        SCN ":13:10: services[0] has 'day', which applies only to mode: transit; remove it or set "
            "mode: transit");
    bad(HEAD "services:\n  - key: bus\n    types: [\"§40\"]\n    form: field\n"
             "    threshold_min: 60\n    mode: transit\n    day: monday\n    depart: \"07:00-09:00\"\n",
        SCN ":13:11: services[0] is a field service (the worker travels to the client, by car) "
            "and cannot use mode: transit; use it for ambulant or residential services");
    bad("name: test\ncrs: EPSG:5514\ninputs:\n  municipalities: {path: m.gpkg, id: kod}\n"
        "  roads: {path: r.gpkg, class: typ}\n"
        "  services: {path: s.gpkg, id: id, type: par, form: forma}\n"
        "services:\n  - key: bus\n    types: [\"§59\"]\n    form: ambulant\n"
        "    threshold_min: 60\n    mode: transit\n    day: monday\n    depart: \"07:00-09:00\"\n",
        SCN ":12:11: services[0] has mode: transit but there is no inputs.transit; add the GTFS "
            "feed: inputs: {transit: {path: feed.zip}}");
    bad(HEAD BUS "    day: monday\n    depart: \"07:00-09:00\"\nplan:\n  - service: bus\n"
                 "    new_units: 1\n",
        SCN ":17:5: plan[0] names 'bus', a question by public transport; plans are computed for "
            "car and walking questions only");
    bad(HEAD BUS "    day: monday\n    depart: \"07:00-09:00\"\ntransit: {max_walk: 5}\n",
        SCN ":16:11: unknown key 'max_walk' in transit; did you mean 'max_walk_m'?");
    bad(HEAD "services:\n  - key: bus\n    types: [\"§59\"]\n    form: ambulant\n"
             "    threshold_min: 60\n    mode: bus\n",
        SCN ":13:11: unknown mode 'bus'; use one of car, walk, transit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
