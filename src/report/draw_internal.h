/* SPDX-License-Identifier: MIT */
/* The report's drawing with Cairo: figures drawn once through one function and rendered both
 * to PNG and to inline SVG (figure.c), drawing helpers (draw.c), maps (map.c, map_data.c) and
 * charts (chart.c). */
#ifndef DOSAH_REPORT_DRAW_INTERNAL_H
#define DOSAH_REPORT_DRAW_INTERNAL_H

#include <cairo.h>

#include "report/report_internal.h"

#define DOSAH_REPORT_FONT "DejaVu Sans"

/* A figure: a size in drawing units (CSS pixels) and a function that draws it on any
 * surface. */
struct dosah_report_figure {
    double width, height;
    void (*draw)(cairo_t *cr, const void *data);
    const void *data;
    const char *alt;      /* text alternative for the HTML */
    const char *caption;  /* figure caption (may be NULL) */
    const char *png;      /* path of the PNG under the output directory, or NULL */
};

/* Renders the figure to its PNG (when set) and inlines it as SVG in the HTML. */
enum dosah_status dosah_report_figure_emit(struct dosah_report *r,
                                           const struct dosah_report_figure *f);
/* Waits for the PNGs still being encoded (figure_emit starts one per figure, on a thread)
 * and, with save and no failure, saves them; frees them either way. DOSAH_OK when none.
 * Called before the report's HTML is saved and on every way out of the report. */
enum dosah_status dosah_report_png_finish(struct dosah_report *r, int save);
/* Renders the figure to PNG bytes in memory (for the tests). */
enum dosah_status dosah_report_figure_png(struct dosah_ctx *ctx,
                                          const struct dosah_report_figure *f, double scale,
                                          struct dosah_strbuf *png);
/* Renders the figure to SVG text with every id prefixed by `prefix`, its root element sized
 * by a viewBox so that it scales with the page. */
enum dosah_status dosah_report_figure_svg(struct dosah_ctx *ctx,
                                          const struct dosah_report_figure *f,
                                          const char *prefix, struct dosah_strbuf *svg);

/* ---- drawing helpers (draw.c) ---- */

enum dosah_report_align { DOSAH_ALIGN_LEFT, DOSAH_ALIGN_CENTER, DOSAH_ALIGN_RIGHT };

void dosah_report_draw_font(cairo_t *cr, double size, int bold);
void dosah_report_draw_rgb(cairo_t *cr, struct dosah_report_rgb c);
void dosah_report_draw_hex(cairo_t *cr, unsigned rgb);
/* Width of s in the current font. */
double dosah_report_draw_text_width(cairo_t *cr, const char *s);
/* Text with its baseline at y, aligned on x. */
void dosah_report_draw_text(cairo_t *cr, double x, double y, const char *s,
                            enum dosah_report_align align);
/* As draw_text with a white halo, for labels over a map. */
void dosah_report_draw_text_halo(cairo_t *cr, double x, double y, const char *s,
                                 enum dosah_report_align align);
/* Hatches the current path (clipped to it) with 45° lines `spacing` apart; clears the path. */
void dosah_report_draw_hatch(cairo_t *cr, double spacing, double width, unsigned rgb);
/* A legend swatch of a travel-time class (hatched for unreachable). */
void dosah_report_draw_swatch(cairo_t *cr, double x, double y, double w, double h, int cls);

/* ---- maps and charts ---- */

/* A point symbol of a map: a service or a proposed site of key `key`. */
struct dosah_report_mark {
    double x, y;
    size_t key;
};

struct dosah_report_label {
    char *text;
    double x, y;
};

/* Everything the maps draw, read once from the GeoPackage. */
struct dosah_report_mapdata {
    struct dosah_report_shape *areas;   /* municipalities (or demand points), simplified */
    double *minutes;                    /* area_count × key_count, NaN = unreachable */
    size_t area_count, key_count;
    int areas_are_points;
    struct dosah_report_shape outlines; /* region boundaries */
    struct dosah_report_label *labels;  /* region names */
    size_t label_count;
    struct dosah_report_mark *services, *proposals;
    size_t service_count, proposal_count;
    double min_x, min_y, max_x, max_y;  /* extent of the areas */
    char *footer;                       /* engine, scenario and CRS */
};

/* Loads the geometry of every map once (simplified for the drawing size). */
enum dosah_status dosah_report_mapdata_load(struct dosah_report *r);
/* Emits the travel-time map of key k (PNG maps/<key>.png and inline SVG). */
enum dosah_status dosah_report_map_emit(struct dosah_report *r, size_t k);

/* Stacked horizontal bars: one row per area (or service), one band per time interval. */
struct dosah_report_bars {
    const char *title;
    const char *subtitle;
    const char *right_head;         /* heading over the right-hand text column */
    size_t row_count, band_count;
    const char **labels;            /* per row */
    const char **right;             /* per row: text after the bar */
    const unsigned char *bold;      /* per row: 1 = a total row */
    const double *shares;           /* row_count × band_count, each in [0, 1] */
    const char **band_labels;
    const int *band_class;          /* per band: travel-time class for the colour */
    const char *axis_label;
    const double *mark;             /* per row: share at which to mark the threshold, or NULL */
    const char *mark_label;         /* legend text of the mark */
    enum dosah_report_lang lang;
};
/* Height of the chart in drawing units for its rows. */
double dosah_report_bars_height(const struct dosah_report_bars *b);
void dosah_report_bars_draw(cairo_t *cr, const void *bars);
#define DOSAH_REPORT_BARS_WIDTH 960.0

#endif
