/* SPDX-License-Identifier: MIT */
/*
 * The report's WKB reader on hand-assembled blobs: every geometry type the maps draw, both
 * byte orders, Z/M variants in ISO and EWKB flavours, and malformed input (truncated, lying
 * counts, unknown types, deep nesting, NaN coordinates) failing cleanly without touching
 * what was read before.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "report/report_internal.h"

/* A little writer of WKB for the fixtures. */
struct wkb {
    unsigned char b[1024];
    size_t n;
    int big;
};

static void u8(struct wkb *w, unsigned v)
{
    w->b[w->n++] = (unsigned char)v;
}

static void u32(struct wkb *w, uint32_t v)
{
    int i;
    for (i = 0; i < 4; i++)
        u8(w, (v >> (8 * (w->big ? 3 - i : i))) & 255u);
}

static void f64(struct wkb *w, double d)
{
    uint64_t v;
    int i;
    memcpy(&v, &d, sizeof v);
    for (i = 0; i < 8; i++)
        u8(w, (unsigned)((v >> (8 * (w->big ? 7 - i : i))) & 255u));
}

static void header(struct wkb *w, uint32_t type)
{
    u8(w, w->big ? 0 : 1);
    u32(w, type);
}

static void ring(struct wkb *w, const double *xy, uint32_t n)
{
    uint32_t i;
    u32(w, n);
    for (i = 0; i < 2 * n; i++)
        f64(w, xy[i]);
}

static const double square[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0};
static const double hole[] = {2, 2, 4, 2, 4, 4, 2, 2};

static void test_point_both_orders(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_report_shape s;
    int big;
    for (big = 0; big <= 1; big++) {
        struct wkb w = {.n = 0, .big = big};
        header(&w, 1);
        f64(&w, -740581.5);
        f64(&w, -1011770.25);
        dosah_report_shape_init(&s);
        assert_int_equal(dosah_report_wkb_read(ctx, w.b, w.n, &s), DOSAH_OK);
        assert_int_equal(s.point_count, 1);
        assert_int_equal(s.part_count, 1);
        assert_int_equal(s.part_kind[0], DOSAH_PART_POINT);
        assert_true(s.xy[0] == -740581.5 && s.xy[1] == -1011770.25);
        assert_true(s.min_x == -740581.5 && s.max_y == -1011770.25);
        dosah_report_shape_clear(&s);
    }
}

static void test_polygon_with_hole(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_report_shape s;
    struct wkb w = {.n = 0, .big = 1};
    header(&w, 3);
    u32(&w, 2);
    ring(&w, square, 5);
    ring(&w, hole, 4);
    dosah_report_shape_init(&s);
    assert_int_equal(dosah_report_wkb_read(ctx, w.b, w.n, &s), DOSAH_OK);
    assert_int_equal(s.part_count, 2);
    assert_int_equal(s.point_count, 9);
    assert_int_equal(s.part_kind[0], DOSAH_PART_RING);
    assert_int_equal(s.part_kind[1], DOSAH_PART_RING);
    assert_int_equal(dosah_report_shape_part_size(&s, 0), 5);
    assert_int_equal(dosah_report_shape_part_size(&s, 1), 4);
    assert_true(s.xy[2 * 5] == 2 && s.xy[2 * 5 + 1] == 2);
    assert_true(s.min_x == 0 && s.min_y == 0 && s.max_x == 10 && s.max_y == 10);
    dosah_report_shape_clear(&s);
}

static void test_multipolygon_and_collection(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_report_shape s;
    struct wkb w = {.n = 0, .big = 0};
    /* GeometryCollection(MultiPolygon(square, square), LineString, MultiPoint(2)) with the
     * members in the other byte order to check it is read per geometry. */
    header(&w, 7);
    u32(&w, 3);
    w.big = 1;
    header(&w, 6);
    u32(&w, 2);
    header(&w, 3);
    u32(&w, 1);
    ring(&w, square, 5);
    header(&w, 3);
    u32(&w, 1);
    ring(&w, square, 5);
    w.big = 0;
    header(&w, 2);
    ring(&w, hole, 3);
    header(&w, 4);
    u32(&w, 2);
    header(&w, 1);
    f64(&w, 20);
    f64(&w, -5);
    header(&w, 1);
    f64(&w, 1);
    f64(&w, 1);
    dosah_report_shape_init(&s);
    assert_int_equal(dosah_report_wkb_read(ctx, w.b, w.n, &s), DOSAH_OK);
    assert_int_equal(s.part_count, 5);
    assert_int_equal(s.point_count, 5 + 5 + 3 + 2);
    assert_int_equal(s.part_kind[2], DOSAH_PART_LINE);
    assert_int_equal(s.part_kind[3], DOSAH_PART_POINT);
    assert_true(s.max_x == 20 && s.min_y == -5);
    dosah_report_shape_clear(&s);
}

static void test_z_and_m(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_report_shape s;
    struct wkb iso = {.n = 0, .big = 0}, ewkb = {.n = 0, .big = 0};
    /* ISO LineString ZM (3002): four doubles per point. */
    header(&iso, 3002);
    u32(&iso, 2);
    f64(&iso, 1), f64(&iso, 2), f64(&iso, 300), f64(&iso, 4);
    f64(&iso, 5), f64(&iso, 6), f64(&iso, 700), f64(&iso, 8);
    /* EWKB Point Z (0x80000001). */
    header(&ewkb, 0x80000001u);
    f64(&ewkb, 9), f64(&ewkb, 10), f64(&ewkb, 11);
    dosah_report_shape_init(&s);
    assert_int_equal(dosah_report_wkb_read(ctx, iso.b, iso.n, &s), DOSAH_OK);
    assert_int_equal(dosah_report_wkb_read(ctx, ewkb.b, ewkb.n, &s), DOSAH_OK);
    assert_int_equal(s.point_count, 3);
    assert_true(s.xy[2] == 5 && s.xy[3] == 6 && s.xy[4] == 9 && s.xy[5] == 10);
    dosah_report_shape_clear(&s);
}

static void expect_bad(struct dosah_ctx *ctx, const unsigned char *b, size_t n, const char *why)
{
    struct dosah_report_shape s;
    struct wkb ok = {.n = 0, .big = 0};
    header(&ok, 1);
    f64(&ok, 1);
    f64(&ok, 2);
    dosah_report_shape_init(&s);
    assert_int_equal(dosah_report_wkb_read(ctx, ok.b, ok.n, &s), DOSAH_OK);
    assert_int_equal(dosah_report_wkb_read(ctx, b, n, &s), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), why));
    /* What was read before the failed call is kept as it was. */
    assert_int_equal(s.point_count, 1);
    assert_int_equal(s.part_count, 1);
    assert_true(s.min_x == 1 && s.max_x == 1 && s.min_y == 2 && s.max_y == 2);
    dosah_report_shape_clear(&s);
    dosah_ctx_clear_error(ctx);
}

static void test_malformed(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct wkb w = {.n = 0, .big = 0};
    int depth;
    expect_bad(ctx, w.b, 0, "truncated header");
    header(&w, 1);
    f64(&w, 1);
    expect_bad(ctx, w.b, w.n, "truncated point");
    w.n = 0;
    header(&w, 2);
    u32(&w, 1000000); /* a count far beyond the bytes that follow */
    f64(&w, 1);
    f64(&w, 2);
    expect_bad(ctx, w.b, w.n, "more points than bytes");
    w.n = 0;
    header(&w, 6);
    u32(&w, 0xffffffffu);
    expect_bad(ctx, w.b, w.n, "more members than bytes");
    w.n = 0;
    header(&w, 17);
    expect_bad(ctx, w.b, w.n, "unknown geometry type");
    w.n = 0;
    u8(&w, 7);
    u32(&w, 1);
    expect_bad(ctx, w.b, w.n, "unknown byte order");
    w.n = 0;
    header(&w, 1);
    f64(&w, NAN);
    f64(&w, 0);
    expect_bad(ctx, w.b, w.n, "not a finite number");
    /* A polygon whose second ring is cut short: the first ring must not be kept. */
    w.n = 0;
    header(&w, 3);
    u32(&w, 2);
    ring(&w, square, 5);
    u32(&w, 4);
    f64(&w, 1);
    expect_bad(ctx, w.b, w.n, "more points than bytes");
    w.n = 0;
    for (depth = 0; depth < 12; depth++) {
        header(&w, 7);
        u32(&w, 1);
    }
    header(&w, 1);
    f64(&w, 0);
    f64(&w, 0);
    expect_bad(ctx, w.b, w.n, "nested too deep");
    expect_bad(ctx, NULL, 0, "no data");
}

static void test_out_of_memory(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_report_shape s;
    struct wkb w = {.n = 0, .big = 0};
    header(&w, 3);
    u32(&w, 1);
    ring(&w, square, 5);
    dosah_report_shape_init(&s);
    dosah_ctx_fail_alloc_after(ctx, 0);
    assert_int_equal(dosah_report_wkb_read(ctx, w.b, w.n, &s), DOSAH_ENOMEM);
    dosah_ctx_fail_alloc_after(ctx, -1);
    assert_int_equal(s.point_count, 0);
    assert_int_equal(dosah_report_wkb_read(ctx, w.b, w.n, &s), DOSAH_OK);
    assert_int_equal(s.point_count, 5);
    dosah_report_shape_clear(&s);
    dosah_ctx_clear_error(ctx);
}

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_point_both_orders),
        cmocka_unit_test(test_polygon_with_hole),
        cmocka_unit_test(test_multipolygon_and_collection),
        cmocka_unit_test(test_z_and_m),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
