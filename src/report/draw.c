/* SPDX-License-Identifier: MIT */
/*
 * Drawing helpers shared by the maps and charts: the one font (DejaVu Sans through Cairo's
 * toy text API, which fontconfig resolves and which covers Czech letters), aligned and haloed
 * text, hatching (drawn as strokes, so it stays vector in SVG and matches QGIS's line-pattern
 * fill of unreachable areas) and the legend swatch of a travel-time class.
 */
#include <math.h>
#include <string.h>

#include "core/text.h"
#include "report/draw_internal.h"

#ifdef DOSAH_LSAN_SUPPRESS_FONTCONFIG
/*
 * Sanitizer builds only. Cairo's toy text API loads fonts through fontconfig, whose caches
 * stay allocated until the process-wide cairo_debug_reset_static_data() and FcFini(), which
 * a library must not call (another thread may be drawing); LeakSanitizer reports them as
 * leaks even in a ten-line program that only draws one letter. This hook of the sanitizer
 * runtime hides exactly those, in every program that draws (dosah and the tests).
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

/* Without this, every run would end with a table of used suppressions on stderr, and the
 * command's stderr (empty with -q) is part of what the tests check. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

void dosah_report_draw_font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, DOSAH_REPORT_FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

void dosah_report_draw_rgb(cairo_t *cr, struct dosah_report_rgb c)
{
    cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

void dosah_report_draw_hex(cairo_t *cr, unsigned rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

/* s, or when it is not UTF-8 (Cairo's text calls then fail and leak) a copy in buf with the
 * bad bytes escaped. The report validates the GeoPackage's text first: a last guard. */
static const char *utf8_text(const char *s, char *buf, size_t size)
{
    if (dosah_utf8_valid(s, strlen(s), NULL))
        return s;
    dosah_escape_controls(s, buf, size);
    return buf;
}

double dosah_report_draw_text_width(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    char buf[512];
    cairo_text_extents(cr, utf8_text(s, buf, sizeof buf), &e);
    return e.x_advance;
}

static double aligned_x(cairo_t *cr, double x, const char *s, enum dosah_report_align align)
{
    double w = align == DOSAH_ALIGN_LEFT ? 0 : dosah_report_draw_text_width(cr, s);
    return align == DOSAH_ALIGN_RIGHT ? x - w : align == DOSAH_ALIGN_CENTER ? x - w / 2 : x;
}

void dosah_report_draw_text(cairo_t *cr, double x, double y, const char *s,
                            enum dosah_report_align align)
{
    char buf[512];
    s = utf8_text(s, buf, sizeof buf);
    cairo_move_to(cr, aligned_x(cr, x, s, align), y);
    cairo_show_text(cr, s);
}

void dosah_report_draw_text_halo(cairo_t *cr, double x, double y, const char *s,
                                 enum dosah_report_align align)
{
    cairo_pattern_t *ink = cairo_pattern_reference(cairo_get_source(cr));
    char buf[512];
    s = utf8_text(s, buf, sizeof buf);
    cairo_save(cr);
    cairo_move_to(cr, aligned_x(cr, x, s, align), y);
    cairo_text_path(cr, s);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_set_line_width(cr, 3.0);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_set_source(cr, ink);
    cairo_pattern_destroy(ink);
    dosah_report_draw_text(cr, x, y, s, align);
}

void dosah_report_draw_hatch(cairo_t *cr, double spacing, double width, unsigned rgb)
{
    double x0, y0, x1, y1, d;
    cairo_save(cr);
    cairo_fill_extents(cr, &x0, &y0, &x1, &y1);
    cairo_clip(cr);
    dosah_report_draw_hex(cr, rgb);
    cairo_set_line_width(cr, width);
    /* Lines x + y = c, rising at 45° on the page as in the QGIS style, on a grid anchored at
     * the origin so that the hatching of neighbouring areas lines up. */
    for (d = floor((x0 + y0) / spacing) * spacing; d <= x1 + y1; d += spacing) {
        cairo_move_to(cr, d - y0, y0);
        cairo_line_to(cr, d - y1, y1);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_new_path(cr);
}

void dosah_report_draw_swatch(cairo_t *cr, double x, double y, double w, double h, int cls)
{
    cairo_rectangle(cr, x, y, w, h);
    dosah_report_draw_rgb(cr, dosah_report_class_rgb(cls));
    cairo_fill_preserve(cr);
    if (cls == 0) {
        cairo_save(cr);
        dosah_report_draw_hatch(cr, 4.0, 0.6, 0x6e6e6e);
        cairo_restore(cr);
        cairo_rectangle(cr, x, y, w, h);
    }
    dosah_report_draw_hex(cr, 0x8c8c8c);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
}
