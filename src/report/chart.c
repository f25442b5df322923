/* SPDX-License-Identifier: MIT */
/*
 * Stacked horizontal bar charts: for each region (or each service), its population split by
 * travel time into the scenario's threshold bands, in the colours of the map classes, with
 * the unreachable share hatched grey as on the maps, and the share within the threshold
 * written after the bar. One chart answers "how much of each region is within reach, and how
 * far is the rest".
 */
#include <math.h>
#include <stdio.h>

#include "report/draw_internal.h"

#define ROW_H 22.0
#define ROW_GAP 9.0
#define LEGEND_Y 70.0   /* baseline of the first legend row */
#define AXIS_H 40.0
#define RIGHT_W 150.0
#define PAD 16.0

/* The threshold mark: a dark rule across a bar. */
static void mark(cairo_t *cr, double x, double y, double h)
{
    cairo_move_to(cr, x, y - 2);
    cairo_line_to(cr, x, y + h + 2);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 4.0);
    cairo_stroke_preserve(cr);
    dosah_report_draw_hex(cr, 0x1a1a1a);
    cairo_set_line_width(cr, 2.0);
    cairo_stroke(cr);
}

/* Legend rows of swatches wrap at the chart's width; returns the height they take. */
static double legend(cairo_t *cr, const struct dosah_report_bars *b, int draw)
{
    double x = PAD, y = LEGEND_Y, h = 18;
    size_t i;
    dosah_report_draw_font(cr, 11, 0);
    for (i = 0; i <= b->band_count; i++) {
        const char *label = i < b->band_count ? b->band_labels[i] : b->mark_label;
        double w;
        if (!label)
            break;
        w = 22 + dosah_report_draw_text_width(cr, label) + 18;
        if (x + w > DOSAH_REPORT_BARS_WIDTH - PAD && x > PAD) {
            x = PAD;
            y += 18;
            h += 18;
        }
        if (draw && i < b->band_count)
            dosah_report_draw_swatch(cr, x, y - 10, 16, 12, b->band_class[i]);
        else if (draw)
            mark(cr, x + 8, y - 12, 16);
        if (draw) {
            dosah_report_draw_hex(cr, 0x333333);
            dosah_report_draw_text(cr, x + 22, y, label, DOSAH_ALIGN_LEFT);
        }
        x += w;
    }
    return h;
}

static double label_width(cairo_t *cr, const struct dosah_report_bars *b)
{
    double w = 60;
    size_t i;
    for (i = 0; i < b->row_count; i++) {
        dosah_report_draw_font(cr, 11.5, b->bold && b->bold[i]);
        w = fmax(w, dosah_report_draw_text_width(cr, b->labels[i]));
    }
    return fmin(w + 14, 300);
}

static void axis(cairo_t *cr, const struct dosah_report_bars *b, double x0, double w, double y0,
                 double y1)
{
    char text[16];
    int i;
    dosah_report_draw_font(cr, 10, 0);
    for (i = 0; i <= 5; i++) {
        double x = x0 + w * i / 5.0;
        cairo_move_to(cr, x, y0 - 4);
        cairo_line_to(cr, x, y1 + 3);
        dosah_report_draw_hex(cr, i == 0 ? 0x888888 : 0xdddddd);
        cairo_set_line_width(cr, 0.7);
        cairo_stroke(cr);
        snprintf(text, sizeof text, b->lang == DOSAH_REPORT_CS ? "%d\xc2\xa0%%" : "%d%%", 20 * i);
        dosah_report_draw_hex(cr, 0x555555);
        dosah_report_draw_text(cr, x, y1 + 16, text, DOSAH_ALIGN_CENTER);
    }
    if (b->axis_label)
        dosah_report_draw_text(cr, x0 + w / 2, y1 + 32, b->axis_label, DOSAH_ALIGN_CENTER);
}

static void bar(cairo_t *cr, const struct dosah_report_bars *b, size_t row, double x0, double w,
                double y)
{
    double x = x0;
    size_t j;
    for (j = 0; j < b->band_count; j++) {
        double s = b->shares[row * b->band_count + j], bw = isfinite(s) && s > 0 ? s * w : 0;
        if (bw <= 0)
            continue;
        cairo_rectangle(cr, x, y, bw, ROW_H);
        dosah_report_draw_rgb(cr, dosah_report_class_rgb(b->band_class[j]));
        cairo_fill_preserve(cr);
        if (b->band_class[j] == 0)
            dosah_report_draw_hatch(cr, 4.0, 0.6, 0x6e6e6e);
        else
            cairo_new_path(cr);
        x += bw;
    }
    if (x > x0) {
        cairo_rectangle(cr, x0, y, x - x0, ROW_H);
        dosah_report_draw_hex(cr, 0x6e6e6e);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
    }
}

double dosah_report_bars_height(const struct dosah_report_bars *b)
{
    /* The legend wraps by text width: measure it on a scratch surface. */
    cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    cairo_t *cr = cairo_create(scratch);
    double legend_h = legend(cr, b, 0);
    cairo_destroy(cr);
    cairo_surface_destroy(scratch);
    return LEGEND_Y + legend_h + 22 + (double)b->row_count * (ROW_H + ROW_GAP) + AXIS_H;
}

void dosah_report_bars_draw(cairo_t *cr, const void *data)
{
    const struct dosah_report_bars *b = data;
    double lw = label_width(cr, b), x0 = PAD + lw;
    double w = DOSAH_REPORT_BARS_WIDTH - x0 - RIGHT_W - PAD, y0, y;
    size_t i;
    dosah_report_draw_font(cr, 16, 1);
    dosah_report_draw_hex(cr, 0x1a1a1a);
    dosah_report_draw_text(cr, PAD, 24, b->title, DOSAH_ALIGN_LEFT);
    dosah_report_draw_font(cr, 11.5, 0);
    dosah_report_draw_hex(cr, 0x555555);
    if (b->subtitle)
        dosah_report_draw_text(cr, PAD, 44, b->subtitle, DOSAH_ALIGN_LEFT);
    y0 = y = LEGEND_Y + legend(cr, b, 1) + 22;
    if (b->right_head) {
        dosah_report_draw_font(cr, 10.5, 1);
        dosah_report_draw_hex(cr, 0x333333);
        dosah_report_draw_text(cr, x0 + w + 12, y - 8, b->right_head, DOSAH_ALIGN_LEFT);
    }
    for (i = 0; i < b->row_count; i++, y += ROW_H + ROW_GAP) {
        int bold = b->bold && b->bold[i];
        bar(cr, b, i, x0, w, y);
        if (b->mark && isfinite(b->mark[i]))
            mark(cr, x0 + fmin(fmax(b->mark[i], 0), 1) * w, y, ROW_H);
        dosah_report_draw_font(cr, 11.5, bold);
        dosah_report_draw_hex(cr, 0x1a1a1a);
        dosah_report_draw_text(cr, x0 - 10, y + 15.5, b->labels[i], DOSAH_ALIGN_RIGHT);
        if (b->right && b->right[i])
            dosah_report_draw_text(cr, x0 + w + 12, y + 15.5, b->right[i], DOSAH_ALIGN_LEFT);
    }
    axis(cr, b, x0, w, y0, y - ROW_GAP);
}
