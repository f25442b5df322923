/* SPDX-License-Identifier: MIT */
/*
 * Figures drawn once and rendered twice: the PNG has the scaled size, the SVG has a viewBox
 * root and every Cairo id and reference carries the figure's prefix (two inlined figures must
 * not share glyph ids). The stacked bar chart puts each band where its share says, in the
 * colour of its class; Czech letters go through the font.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "report/draw_internal.h"

static void draw_sample(cairo_t *cr, const void *data)
{
    (void)data;
    cairo_rectangle(cr, 10, 10, 30, 20);
    dosah_report_draw_hatch(cr, 4, 0.6, 0x6e6e6e);
    dosah_report_draw_font(cr, 14, 1);
    dosah_report_draw_hex(cr, 0x1a1a1a);
    dosah_report_draw_text(cr, 50, 30, "Žluťoučký kůň úpěl ďábelské ódy", DOSAH_ALIGN_LEFT);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void test_png_and_svg(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_report_figure f = {.width = 300.5, .height = 40, .draw = draw_sample,
                                    .alt = "a <sample> & more"};
    struct dosah_strbuf png, svg;
    const char *p;
    dosah_strbuf_init(&png, 0);
    dosah_strbuf_init(&svg, 0);
    assert_int_equal(dosah_report_figure_png(ctx, &f, 2.0, &png), DOSAH_OK);
    assert_true(png.len > 100);
    assert_memory_equal(png.data, "\x89PNG\r\n\x1a\n", 8);
    assert_int_equal(be32((const unsigned char *)png.data + 16), 601);
    assert_int_equal(be32((const unsigned char *)png.data + 20), 80);
    assert_int_equal(dosah_report_figure_svg(ctx, &f, "f7-", &svg), DOSAH_OK);
    assert_true(strncmp(svg.data, "<svg ", 5) == 0);
    assert_non_null(strstr(svg.data, "viewBox=\"0 0 300.5 40\""));
    assert_non_null(strstr(svg.data, "aria-label=\"a &lt;sample&gt; &amp; more\""));
    assert_null(strstr(svg.data, "<?xml"));
    assert_non_null(strstr(svg.data, "</svg>"));
    /* The text is drawn as glyphs: there are ids, all prefixed, and so are the references. */
    assert_non_null(strstr(svg.data, "id=\"f7-"));
    for (p = svg.data; (p = strstr(p, "id=\"")); p += 4)
        assert_true(strncmp(p + 4, "f7-", 3) == 0);
    for (p = svg.data; (p = strstr(p, "href=\"#")); p += 7)
        assert_true(strncmp(p + 7, "f7-", 3) == 0);
    for (p = svg.data; (p = strstr(p, "url(#")); p += 5)
        assert_true(strncmp(p + 5, "f7-", 3) == 0);
    dosah_strbuf_clear(&png);
    dosah_strbuf_clear(&svg);
}

/* The colour of the pixel at (x, y) of an RGB24 surface. */
static unsigned pixel(cairo_surface_t *s, int x, int y)
{
    const unsigned char *row = cairo_image_surface_get_data(s) +
                               (size_t)y * (size_t)cairo_image_surface_get_stride(s);
    uint32_t v;
    memcpy(&v, row + 4 * x, 4);
    return v & 0xffffff;
}

static unsigned rgb_of(int cls)
{
    struct dosah_report_rgb c = dosah_report_class_rgb(cls);
    return (unsigned)c.r << 16 | (unsigned)c.g << 8 | c.b;
}

static void test_bars(void **state)
{
    static const char *labels[] = {"Česká Lípa", "Celkem"};
    static const char *bands[] = {"do 15 min", "nad 15 min", "nedostupné"};
    static const int classes[] = {1, 4, 0};
    static const double shares[] = {0.25, 0.75, 0, 0.5, 0.25, 0.25};
    struct dosah_report_bars b;
    cairo_surface_t *s;
    cairo_t *cr;
    double h;
    int y, x_first = -1, x_last = -1, x;
    (void)state;
    memset(&b, 0, sizeof b);
    b.title = "Test";
    b.row_count = 2;
    b.band_count = 3;
    b.labels = labels;
    b.band_labels = bands;
    b.band_class = classes;
    b.shares = shares;
    h = dosah_report_bars_height(&b);
    assert_true(h > 100 && h < 400);
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)DOSAH_REPORT_BARS_WIDTH, (int)h);
    cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    dosah_report_bars_draw(cr, &b);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(s);
    /* The first bar's row: the first row with a long run of its first band's colour (the
     * legend's swatch of that colour is short). */
    for (y = 0; y < (int)h && x_first < 0; y++) {
        int run = 0;
        for (x = 0; x < (int)DOSAH_REPORT_BARS_WIDTH; x++)
            if (pixel(s, x, y) == rgb_of(1) && ++run == 100) {
                x_first = x - 99;
                break;
            }
    }
    assert_true(x_first > 0);
    y += 8;
    for (x = (int)DOSAH_REPORT_BARS_WIDTH - 1; x > x_first; x--)
        if (pixel(s, x, y) == rgb_of(4)) {
            x_last = x;
            break;
        }
    assert_true(x_last > x_first);
    /* A quarter in class 1, then three quarters in class 4: the boundary at 25 %. */
    {
        double width = x_last - x_first, cut = x_first + 0.25 * width;
        assert_int_equal(pixel(s, (int)(cut - 4), y), rgb_of(1));
        assert_int_equal(pixel(s, (int)(cut + 4), y), rgb_of(4));
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

struct png_read {
    const unsigned char *data;
    size_t len, at;
};

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int length)
{
    struct png_read *r = closure;
    if (r->len - r->at < length)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->data + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The PNG holds exactly the pixels of the figure drawn at its scale (read back by Cairo's
 * own decoder and compared with a surface drawn here, every pixel: the channels' order and
 * each row's bytes). */
static void test_png_pixels(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_report_figure f = {.width = 300.5, .height = 40, .draw = draw_sample,
                                    .data = NULL, .alt = "x"};
    struct dosah_strbuf png;
    struct png_read rd;
    cairo_surface_t *got, *want;
    cairo_t *cr;
    int x, y, w = 601, h = 80, coloured = 0; /* 300.5 x 40 at 2 px a unit, rounded up */
    dosah_strbuf_init(&png, 0);
    assert_int_equal(dosah_report_figure_png(ctx, &f, 2.0, &png), DOSAH_OK);
    rd.data = (const unsigned char *)png.data, rd.len = png.len, rd.at = 0;
    got = cairo_image_surface_create_from_png_stream(read_png, &rd);
    assert_int_equal(cairo_surface_status(got), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(got), w);
    assert_int_equal(cairo_image_surface_get_height(got), h);
    want = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cr = cairo_create(want);
    cairo_scale(cr, 2.0, 2.0);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw_sample(cr, NULL);
    cairo_destroy(cr);
    cairo_surface_flush(want);
    cairo_surface_flush(got);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            assert_int_equal(pixel(got, x, y), pixel(want, x, y));
            coloured += pixel(want, x, y) != 0xffffff;
        }
    assert_true(coloured > 1000); /* the hatch and the text are there to compare */
    cairo_surface_destroy(got);
    cairo_surface_destroy(want);
    dosah_strbuf_clear(&png);
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
        cmocka_unit_test(test_png_and_svg),
        cmocka_unit_test(test_png_pixels),
        cmocka_unit_test(test_bars),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
