/* SPDX-License-Identifier: MIT */
/*
 * load and write on the hand-made `mini` fixture: values read back from the model (worked out
 * from the fixture's GeoJSON by hand), and every allocation made to fail in turn: each
 * failure returns DOSAH_ENOMEM, leaks nothing (ASan), and leaves a previously written
 * GeoPackage byte for byte as it was, with no temporary file beside it.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "dosah/dosah.h"

#define MINI DOSAH_TEST_DATA "/mini/scenario.yaml"

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long len;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return buf;
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL)
        n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
    if (d)
        closedir(d);
    return n;
}

static void test_load_values(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = NULL;
    (void)state;
    assert_int_equal(dosah_scenario_load(ctx, MINI, &s), DOSAH_OK);
    assert_int_equal(dosah_load(ctx, s, &m), DOSAH_OK);
    assert_int_equal(m->municipality_count, 3);
    assert_string_equal(m->municipalities[1].code.text, "1002");
    assert_true(m->municipalities[1].code.is_number);
    assert_string_equal(m->municipalities[1].name, "Beta");
    assert_float_equal(m->municipalities[1].population, 2000.0, 0.0);
    /* Regions dissolved by the "orp" codes: 11 = Alfa + Beta, 12 = Gama. */
    assert_int_equal(m->region_count, 2);
    assert_true(m->regions_dissolved);
    assert_string_equal(m->regions[0].code.text, "11");
    assert_float_equal(m->regions[0].population, 3000.0, 0.0);
    assert_float_equal(m->regions[1].population, 500.0, 0.0);
    assert_int_equal(m->municipalities[2].region, 1);
    /* No demand input: one demand point per municipality, inside its 10 km square. */
    assert_int_equal(m->demand_count, 3);
    assert_false(m->demand_given);
    assert_true(m->demand[0].pt.x > -700000 && m->demand[0].pt.x < -690000);
    assert_true(m->demand[0].pt.y > -1000000 && m->demand[0].pt.y < -990000);
    /* Services: S2 is §51 residential with 5 beds, in Beta. */
    assert_int_equal(m->service_count, 2);
    assert_int_equal(m->services[1].type, 51);
    assert_int_equal(m->services[1].forms, DOSAH_FORM_RESIDENTIAL);
    assert_float_equal(m->services[1].capacity, 5.0, 0.0);
    assert_int_equal(m->services[1].municipality, 1);
    assert_string_equal(m->services[0].scope, "Alfa; Beta");
    assert_string_equal(m->services[0].provider, "Charita Alfa");
    assert_string_equal(m->services[0].capacity_unit, "klienti");
    assert_null(m->services[1].provider); /* the property is absent on S2 */
    /* The locality's population "20-40" is a range with midpoint 30. */
    assert_int_equal(m->locality_count, 1);
    assert_float_equal(m->localities[0].population_min, 20.0, 0.0);
    assert_float_equal(m->localities[0].population_max, 40.0, 0.0);
    assert_float_equal(m->localities[0].population, 30.0, 0.0);
    assert_int_equal(m->localities[0].municipality, 2);
    /* Roads: two lines of two vertices; speeds from the class table (NAN in the data). */
    assert_int_equal(m->roads.line_count, 2);
    assert_int_equal(m->roads.vertex_offset[2], 4);
    assert_true(isnan(m->roads.speed_kmh[0]));
    assert_string_equal(m->roads.class_names[m->roads.class_index[1]], "secondary");
    assert_int_equal(m->roads.oneway[0], DOSAH_ONEWAY_NO);
    assert_int_equal(m->crs_epsg, 5514);
    dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
}

static void test_load_allocation_failures(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = NULL;
    long n;
    enum dosah_status st = DOSAH_ENOMEM;
    (void)state;
    assert_int_equal(dosah_scenario_load(ctx, MINI, &s), DOSAH_OK);
    for (n = 0; st == DOSAH_ENOMEM && n < 100000; n++) {
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_load(ctx, s, &m);
        if (st == DOSAH_ENOMEM)
            assert_null(m);
    }
    dosah_ctx_fail_alloc_after(ctx, -1);
    assert_int_equal(st, DOSAH_OK);
    assert_true(n > 20);
    dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
}

static void test_write_allocation_failures_keep_old_file(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = NULL;
    char dir[] = "/tmp/dosah-write-XXXXXX", path[256];
    char *good, *now;
    size_t ngood, nnow;
    long n;
    enum dosah_status st = DOSAH_ENOMEM;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/mini.gpkg", dir);
    assert_int_equal(dosah_scenario_load(ctx, MINI, &s), DOSAH_OK);
    assert_int_equal(dosah_load(ctx, s, &m), DOSAH_OK);
    assert_int_equal(dosah_write_gpkg(ctx, s, m, NULL, NULL, path), DOSAH_OK);
    good = read_all(path, &ngood);
    assert_non_null(good);
    for (n = 0; st == DOSAH_ENOMEM && n < 100000; n++) {
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_write_gpkg(ctx, s, m, NULL, NULL, path);
        if (st == DOSAH_ENOMEM) {
            now = read_all(path, &nnow);
            assert_non_null(now);
            assert_int_equal(nnow, ngood);
            assert_memory_equal(now, good, ngood);
            free(now);
            assert_int_equal(entries(dir), 1);
        }
    }
    dosah_ctx_fail_alloc_after(ctx, -1);
    assert_int_equal(st, DOSAH_OK);
    assert_true(n > 10);
    assert_int_equal(entries(dir), 1);
    free(good);
    unlink(path);
    rmdir(dir);
    dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_values),
        cmocka_unit_test(test_load_allocation_failures),
        cmocka_unit_test(test_write_allocation_failures_keep_old_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
