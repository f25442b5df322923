/* SPDX-License-Identifier: MIT */
/*
 * NULL in integer output columns is an explicit mark, not an in-band value: a column holding
 * INT64_MIN, INT64_MAX and 0 as values and one row marked NULL is written to the GeoPackage
 * and read back with OGR. The values must come back exactly as set (INT64_MIN is a value like
 * any other) and only the marked row as NULL; a row never set stays NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>

#include "dosah/dosah.h"
#include "dosah/output.h"

#define MINI DOSAH_TEST_DATA "/mini/scenario.yaml"

/* The rows of the test table: value, or NULL when null is set. */
static const struct {
    int64_t v;
    int null;
} rows[] = {{INT64_MIN, 0}, {0, 1}, {0, 0}, {INT64_MAX, 0}, {-1, 0}};
#define ROWS (sizeof rows / sizeof rows[0])

static void test_column_accessors(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_output *out = dosah_output_create(ctx);
    struct dosah_table *t;
    struct dosah_column *c;
    size_t row;
    (void)state;
    t = dosah_output_add_table(ctx, out, "t", "t", "t", DOSAH_TABLE_NONE);
    assert_non_null(t);
    c = dosah_table_add_column(ctx, t, "v", NULL, NULL, DOSAH_COLUMN_INTEGER);
    assert_non_null(c);
    assert_int_equal(dosah_table_add_row(ctx, t, NULL, 0, &row), DOSAH_OK);
    assert_true(dosah_column_is_null(c, row)); /* new rows are NULL */
    dosah_column_set_integer(c, row, INT64_MIN);
    assert_false(dosah_column_is_null(c, row));
    assert_true(dosah_column_integer(c, row) == INT64_MIN);
    dosah_column_set_null(c, row);
    assert_true(dosah_column_is_null(c, row));
    dosah_output_destroy(out);
    dosah_ctx_destroy(ctx);
}

static void test_int64_min_is_a_value(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = NULL;
    struct dosah_output *out = dosah_output_create(ctx);
    struct dosah_table *t;
    struct dosah_column *c, *unset;
    char dir[] = "/tmp/dosah-null-XXXXXX", path[256];
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureH f;
    size_t i, row, seen = 0;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/null.gpkg", dir);
    assert_int_equal(dosah_scenario_load(ctx, MINI, &s), DOSAH_OK);
    assert_int_equal(dosah_load(ctx, s, &m), DOSAH_OK);
    t = dosah_output_add_table(ctx, out, "null_test", "null", "null", DOSAH_TABLE_NONE);
    assert_non_null(t);
    c = dosah_table_add_column(ctx, t, "v", NULL, NULL, DOSAH_COLUMN_INTEGER);
    unset = dosah_table_add_column(ctx, t, "unset", NULL, NULL, DOSAH_COLUMN_INTEGER);
    assert_non_null(c);
    assert_non_null(unset);
    for (i = 0; i < ROWS; i++) {
        assert_int_equal(dosah_table_add_row(ctx, t, NULL, 0, &row), DOSAH_OK);
        if (rows[i].null)
            dosah_column_set_null(c, row);
        else
            dosah_column_set_integer(c, row, rows[i].v);
    }
    assert_int_equal(dosah_write_gpkg(ctx, s, m, out, NULL, path), DOSAH_OK);

    GDALAllRegister();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    layer = GDALDatasetGetLayerByName(ds, "null_test");
    assert_non_null(layer);
    assert_int_equal(OGR_L_GetFeatureCount(layer, 1), (GIntBig)ROWS);
    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        int vi = OGR_F_GetFieldIndex(f, "v"), ui = OGR_F_GetFieldIndex(f, "unset");
        i = (size_t)(OGR_F_GetFID(f) - 1); /* rows are written in order, FIDs from 1 */
        assert_true(i < ROWS);
        assert_true(vi >= 0 && ui >= 0);
        assert_true(OGR_F_IsFieldNull(f, ui));
        if (rows[i].null) {
            assert_true(OGR_F_IsFieldNull(f, vi));
        } else {
            assert_true(OGR_F_IsFieldSetAndNotNull(f, vi));
            assert_true(OGR_F_GetFieldAsInteger64(f, vi) == rows[i].v);
        }
        seen++;
        OGR_F_Destroy(f);
    }
    assert_int_equal(seen, ROWS);
    GDALClose(ds);

    unlink(path);
    rmdir(dir);
    dosah_output_destroy(out);
    dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column_accessors),
        cmocka_unit_test(test_int64_min_is_a_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
