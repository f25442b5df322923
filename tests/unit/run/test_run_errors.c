/* SPDX-License-Identifier: MIT */
/*
 * The pipeline's error paths in process, on the in-memory line model of run_fixture.h: the
 * status and the message of each bad input, and every allocation of the access stage, the
 * what-if rerun and the comparison failing in turn with nothing leaked (run under ASan).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "dosah/core.h"
#include "unit/run/run_fixture.h"

/* Runs the access stage and, with changes, the what-if and its comparison, as dosah_run. */
static enum dosah_status pipeline(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                  const struct dosah_model *m)
{
    struct dosah_output *out = dosah_output_create(ctx), *after = NULL;
    struct dosah_whatif w;
    enum dosah_status st = out ? rfx_compute(ctx, s, m, out) : DOSAH_ENOMEM;
    memset(&w, 0, sizeof w);
    if (!st && s->change_count && !(st = dosah_whatif_build(ctx, s, m, &w))) {
        if (!(after = dosah_output_create(ctx)))
            st = DOSAH_ENOMEM;
        if (!st && !(st = rfx_compute(ctx, s, &w.view, after)))
            st = dosah_changes_compare(ctx, m, after, out, 0);
    }
    dosah_output_destroy(after);
    dosah_whatif_clear(&w);
    dosah_output_destroy(out);
    return st;
}

/* Expects the pipeline on the line model (changed by edit) with `extra` scenario text to
 * fail with status and a message holding each of the NULL-terminated parts. */
static void expect_failure(const char *extra,
                           void (*edit)(struct dosah_model *, struct dosah_scenario *),
                           enum dosah_status status, const char *const *parts)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = rfx_model(1);
    enum dosah_status st;
    assert_int_equal(rfx_scenario(ctx, extra, &s), DOSAH_OK);
    if (edit)
        edit(m, s);
    st = pipeline(ctx, s, m);
    assert_int_equal(st, status);
    for (; *parts; parts++) {
        if (!strstr(dosah_ctx_errmsg(ctx), *parts))
            print_error("'%s' not in: %s\n", *parts, dosah_ctx_errmsg(ctx));
        assert_non_null(strstr(dosah_ctx_errmsg(ctx), *parts));
    }
    dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
}

static void add_od(struct dosah_model *m, struct dosah_scenario *s)
{
    (void)s;
    rfx_od(m, "S1", "1001", 3);
}

/* Times from an OD matrix (named od.csv) that gives one pair twice. */
static void od_twice(struct dosah_model *m, struct dosah_scenario *s)
{
    m->has_roads = 0;
    rfx_od(m, "S1", "1001", 3);
    rfx_od(m, "S1", "1002", 5);
    rfx_od(m, "S1", "1001", 4);
    s->inputs[DOSAH_INPUT_OD_MATRIX].present = 1;
    s->inputs[DOSAH_INPUT_OD_MATRIX].path_as_written = rfx_strdup("od.csv");
}

static void unknown_class(struct dosah_model *m, struct dosah_scenario *s)
{
    (void)s;
    free(m->roads.class_names[0]);
    m->roads.class_names[0] = rfx_strdup("track");
}

static void test_roads_and_od(void **state)
{
    static const char *const parts[] = {"line.yaml", "both inputs.roads and inputs.od_matrix",
                                        "Remove the other", NULL};
    (void)state;
    expect_failure("", add_od, DOSAH_EINVAL, parts);
}

static void test_od_pair_twice(void **state)
{
    static const char *const parts[] = {"od.csv: the pair 'S1' -> '1001' appears twice",
                                        "Keep one time per pair", NULL};
    (void)state;
    expect_failure("", od_twice, DOSAH_EINVAL, parts);
}

static void test_class_without_speed(void **state)
{
    static const char *const parts[] = {"r.geojson", "road class \"track\" has no speed",
                                        "network.speeds_kmh", NULL};
    (void)state;
    expect_failure("", unknown_class, DOSAH_EINVAL, parts);
}

static void test_change_unknown_municipality(void **state)
{
    static const char *const parts[] = {
        "line.yaml:", "changes[0] adds a service in municipality '9999'",
        "not in the municipalities input", NULL};
    (void)state;
    expect_failure("changes:\n  - add: {id: S9, type: \"§51\", form: residential, "
                   "municipality: 9999}\n",
                   NULL, DOSAH_EINVAL, parts);
}

static void test_change_existing_id(void **state)
{
    static const char *const parts[] = {"changes[0] adds service 'S2'",
                                        "a service has that id already", NULL};
    (void)state;
    expect_failure("changes:\n  - add: {id: S2, type: \"§51\", form: residential, "
                   "municipality: 1001}\n",
                   NULL, DOSAH_EINVAL, parts);
}

static void test_change_unknown_service(void **state)
{
    static const char *const parts[] = {"changes[1] names service 'S7'",
                                        "not in the services input", NULL};
    (void)state;
    expect_failure("changes:\n  - resize: S2\n    capacity: 3\n  - remove: S7\n", NULL,
                   DOSAH_EINVAL, parts);
}

/* A service added and then removed by a later change is not an original one: refused. */
static void test_change_remove_added(void **state)
{
    static const char *const parts[] = {"changes[1] names service 'S9'", NULL};
    (void)state;
    expect_failure("changes:\n  - add: {id: S9, type: \"§51\", form: residential, "
                   "municipality: 1001}\n  - remove: S9\n",
                   NULL, DOSAH_EINVAL, parts);
}

/*
 * Allocation n fails, for n = 0, 1, 2, ... until the pipeline succeeds: each failure is
 * DOSAH_ENOMEM with a message (or a refusal the failure caused), nothing leaks (ASan).
 * Split in two so that each loop stays short (allocation n of N reruns the first n, ten
 * times slower under ASan); catchment polygons are off: their workers allocate on contexts
 * of their own, which the hook does not reach, and GEOS made each rerun three times slower.
 */
static void alloc_failures(const char *extra, int with_roads)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = rfx_model(with_roads);
    enum dosah_status st;
    long n, failures = 0;
    assert_int_equal(rfx_scenario(ctx, extra, &s), DOSAH_OK);
    if (!with_roads) {
        rfx_od(m, "S1", "1001", 3);
        rfx_od(m, "1002", "S2", 4);
    }
    for (n = 0; n < 100000; n++) {
        dosah_ctx_clear_error(ctx);
        dosah_ctx_fail_alloc_after(ctx, n);
        st = pipeline(ctx, s, m);
        dosah_ctx_fail_alloc_after(ctx, -1);
        if (st == DOSAH_OK)
            break;
        failures++;
        if (st != DOSAH_ENOMEM)
            print_error("allocation %ld: status %d: %s\n", n, (int)st, dosah_ctx_errmsg(ctx));
        assert_int_equal(st, DOSAH_ENOMEM);
        assert_true(strlen(dosah_ctx_errmsg(ctx)) > 0);
    }
    assert_int_equal(st, DOSAH_OK);
    assert_true(failures > 50); /* the loop did reach into the pipeline */
    dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
}

/* Roads: the networks, the catchments' searches and a plan (two threads). */
static void test_alloc_failures_roads(void **state)
{
    (void)state;
    alloc_failures("catchments: {polygons: false}\nplan:\n  - service: care\n    new_units: 1\n", 1);
}

/* An OD matrix with a what-if: the rerun on the changed services and the comparison. */
static void test_alloc_failures_od_what_if(void **state)
{
    (void)state;
    alloc_failures("catchments: {polygons: false}\n"
                   "changes:\n  - add: {id: S3, type: \"§51\", form: residential, capacity: 2, "
                   "municipality: 1003}\n  - remove: S1\n",
                   0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roads_and_od),
        cmocka_unit_test(test_od_pair_twice),
        cmocka_unit_test(test_class_without_speed),
        cmocka_unit_test(test_change_unknown_municipality),
        cmocka_unit_test(test_change_existing_id),
        cmocka_unit_test(test_change_unknown_service),
        cmocka_unit_test(test_change_remove_added),
        cmocka_unit_test(test_alloc_failures_roads),
        cmocka_unit_test(test_alloc_failures_od_what_if),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
