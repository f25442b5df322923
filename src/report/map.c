/* SPDX-License-Identifier: MIT */
/*
 * The travel-time map of one service key, as a planner pastes it into a regional plan:
 * municipalities coloured by the population-weighted travel time in the classes of the QGIS
 * style (unreachable hatched grey), region outlines and names, the service's facilities as
 * symbols, proposed sites as stars, a legend with the number of areas per class and the
 * threshold marked, a scale bar, a grid-north arrow and a source line. The map is in the
 * GeoPackage's metric CRS, scaled uniformly to fit its frame.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "report/draw_internal.h"

#define FIG_W 1000.0
#define MAP_X 16.0
#define MAP_Y 78.0
#define MAP_W 720.0
#define LEGEND_X (MAP_X + MAP_W + 26.0)
#define FOOTER_H 34.0
#define SERVICE_INK 0x1d3557
#define PROPOSAL_INK 0x0a7d55
#define PI 3.14159265358979323846

struct map_view {
    const struct dosah_report *r;
    const struct dosah_report_mapdata *md;
    size_t k;
    double map_h;              /* height of the map frame */
    double scale, cx, cy;      /* drawing units per metre; centre of the data */
    char title[256], subtitle[512];
};

static double px(const struct map_view *v, double x)
{
    return MAP_X + MAP_W / 2 + (x - v->cx) * v->scale;
}

static double py(const struct map_view *v, double y)
{
    return MAP_Y + v->map_h / 2 - (y - v->cy) * v->scale;
}

static void shape_path(cairo_t *cr, const struct map_view *v, const struct dosah_report_shape *s)
{
    size_t i, j;
    for (i = 0; i < s->part_count; i++) {
        size_t first = s->part_start[i], n = dosah_report_shape_part_size(s, i);
        if (s->part_kind[i] == DOSAH_PART_POINT)
            continue;
        for (j = 0; j < n; j++) {
            double x = px(v, s->xy[2 * (first + j)]), y = py(v, s->xy[2 * (first + j) + 1]);
            if (j == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        if (s->part_kind[i] == DOSAH_PART_RING)
            cairo_close_path(cr);
    }
}

static void draw_area_points(cairo_t *cr, const struct map_view *v, size_t a, int cls)
{
    const struct dosah_report_shape *s = &v->md->areas[a];
    size_t i;
    for (i = 0; i < s->point_count; i++) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, px(v, s->xy[2 * i]), py(v, s->xy[2 * i + 1]), 3.2, 0, 2 * PI);
    }
    dosah_report_draw_rgb(cr, dosah_report_class_rgb(cls));
    cairo_fill_preserve(cr);
    dosah_report_draw_hex(cr, 0x555555);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
}

static void draw_areas(cairo_t *cr, const struct map_view *v)
{
    const struct dosah_report_mapdata *md = v->md;
    size_t a;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (a = 0; a < md->area_count; a++) {
        int cls = dosah_report_class_of(md->minutes[a * md->key_count + v->k]);
        /* An interrupted drawing is never saved: dosah_report_save checks first. */
        if ((a & 1023) == 1023 && dosah_ctx_cancelled(v->r->ctx))
            return;
        if (md->areas_are_points) {
            draw_area_points(cr, v, a, cls);
            continue;
        }
        shape_path(cr, v, &md->areas[a]);
        dosah_report_draw_rgb(cr, dosah_report_class_rgb(cls));
        cairo_fill_preserve(cr);
        if (cls == 0) {
            dosah_report_draw_hatch(cr, 5.0, 0.6, 0x6e6e6e);
            shape_path(cr, v, &md->areas[a]);
        }
        dosah_report_draw_hex(cr, 0x8c8c8c);
        cairo_set_line_width(cr, 0.35);
        cairo_stroke(cr);
    }
}

static void draw_outlines(cairo_t *cr, const struct map_view *v)
{
    shape_path(cr, v, &v->md->outlines);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
    cairo_set_line_width(cr, 3.0);
    cairo_stroke_preserve(cr);
    dosah_report_draw_hex(cr, 0x2b2b2b);
    cairo_set_line_width(cr, 1.3);
    cairo_stroke(cr);
}

static void service_symbol(cairo_t *cr, double x, double y)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, 4.6, 0, 2 * PI);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 3.0);
    cairo_stroke_preserve(cr);
    dosah_report_draw_hex(cr, SERVICE_INK);
    cairo_fill(cr);
}

static void proposal_symbol(cairo_t *cr, double x, double y)
{
    int i;
    for (i = 0; i < 10; i++) {
        double a = -PI / 2 + i * PI / 5, rad = i % 2 ? 3.4 : 8.0;
        if (i == 0)
            cairo_move_to(cr, x + rad * cos(a), y + rad * sin(a));
        else
            cairo_line_to(cr, x + rad * cos(a), y + rad * sin(a));
    }
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 2.5);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke_preserve(cr);
    dosah_report_draw_hex(cr, PROPOSAL_INK);
    cairo_fill(cr);
}

static void draw_marks(cairo_t *cr, const struct map_view *v)
{
    const struct dosah_report_mapdata *md = v->md;
    size_t i;
    for (i = 0; i < md->service_count; i++)
        if (md->services[i].key == v->k)
            service_symbol(cr, px(v, md->services[i].x), py(v, md->services[i].y));
    for (i = 0; i < md->proposal_count; i++)
        if (md->proposals[i].key == v->k)
            proposal_symbol(cr, px(v, md->proposals[i].x), py(v, md->proposals[i].y));
}

struct box {
    double x0, y0, x1, y1;
};

static int overlaps(const struct box *a, const struct box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Does box b hit a placed label or one of the key's symbols (services, proposed sites)? */
static int collides(const struct map_view *v, const struct box *b, const struct box *placed,
                    size_t n)
{
    const struct dosah_report_mapdata *md = v->md;
    size_t i;
    for (i = 0; i < n; i++)
        if (overlaps(b, &placed[i]))
            return 1;
    for (i = 0; i < md->service_count + md->proposal_count; i++) {
        const struct dosah_report_mark *m = i < md->service_count
                                                ? &md->services[i]
                                                : &md->proposals[i - md->service_count];
        double x = px(v, m->x), y = py(v, m->y), half = i < md->service_count ? 6 : 9;
        struct box s = {x - half, y - half, x + half, y + half};
        if (m->key == v->k && overlaps(b, &s))
            return 1;
    }
    return 0;
}

/* Region names, each at the first of a few positions around its point that hits no earlier
 * label and no symbol (else at the point itself). */
static void draw_labels(cairo_t *cr, const struct map_view *v)
{
    static const double offsets[][2] = {{0, 0}, {0, -15}, {0, 15}, {0.6, 0}, {-0.6, 0},
                                        {0, -28}, {0, 28}};
    struct box placed[64];
    size_t i, j, n = 0;
    dosah_report_draw_font(cr, 11.5, 1);
    dosah_report_draw_hex(cr, 0x1a1a1a);
    for (i = 0; i < v->md->label_count; i++) {
        const struct dosah_report_label *l = &v->md->labels[i];
        double w = dosah_report_draw_text_width(cr, l->text), x = px(v, l->x), y = py(v, l->y);
        struct box b = {0, 0, 0, 0};
        for (j = 0; j < sizeof offsets / sizeof offsets[0]; j++) {
            double cx = x + offsets[j][0] * (w + 12), cy = y + offsets[j][1];
            b.x0 = cx - w / 2 - 2, b.x1 = cx + w / 2 + 2, b.y0 = cy - 9, b.y1 = cy + 7;
            if (!collides(v, &b, placed, n))
                break;
        }
        if (j == sizeof offsets / sizeof offsets[0])
            b.x0 = x - w / 2 - 2, b.x1 = x + w / 2 + 2, b.y0 = y - 9, b.y1 = y + 7;
        dosah_report_draw_text_halo(cr, (b.x0 + b.x1) / 2, b.y1 - 3, l->text,
                                    DOSAH_ALIGN_CENTER);
        if (n < sizeof placed / sizeof placed[0])
            placed[n++] = b;
    }
}

/* The largest 1, 2 or 5 × 10^n metres not longer than `max_m`. */
static double nice_length(double max_m)
{
    double base = pow(10, floor(log10(max_m)));
    return 5 * base <= max_m ? 5 * base : 2 * base <= max_m ? 2 * base : base;
}

static void draw_scale_bar(cairo_t *cr, const struct map_view *v)
{
    double len_m = nice_length(0.22 * MAP_W / v->scale), len = len_m * v->scale;
    double x = MAP_X + 14, y = MAP_Y + v->map_h - 22, seg = len / 4;
    int km = len_m >= 1000, i;
    char text[32];
    for (i = 0; i < 4; i++) {
        cairo_rectangle(cr, x + i * seg, y, seg, 5);
        if (i % 2)
            cairo_set_source_rgb(cr, 1, 1, 1);
        else
            dosah_report_draw_hex(cr, 0x2b2b2b);
        cairo_fill_preserve(cr);
        dosah_report_draw_hex(cr, 0x2b2b2b);
        cairo_set_line_width(cr, 0.7);
        cairo_stroke(cr);
    }
    dosah_report_draw_font(cr, 10, 0);
    dosah_report_draw_text_halo(cr, x, y - 4, "0", DOSAH_ALIGN_CENTER);
    snprintf(text, sizeof text, "%g", (km ? len_m / 1000 : len_m) / 2);
    dosah_report_draw_text_halo(cr, x + 2 * seg, y - 4, text, DOSAH_ALIGN_CENTER);
    snprintf(text, sizeof text, "%g %s", km ? len_m / 1000 : len_m, km ? "km" : "m");
    dosah_report_draw_text_halo(cr, x + len - 4, y - 4, text, DOSAH_ALIGN_LEFT);
}

static void draw_north(cairo_t *cr, const struct map_view *v)
{
    double x = MAP_X + MAP_W - 26, y = MAP_Y + 22;
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + 7, y + 24);
    cairo_line_to(cr, x, y + 19);
    cairo_close_path(cr);
    dosah_report_draw_hex(cr, 0x2b2b2b);
    cairo_fill(cr);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x - 7, y + 24);
    cairo_line_to(cr, x, y + 19);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    dosah_report_draw_hex(cr, 0x2b2b2b);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    dosah_report_draw_font(cr, 11, 1);
    dosah_report_draw_text_halo(cr, x, y - 4, dosah_report_t(v->r, DOSAH_RMSG_NORTH),
                                DOSAH_ALIGN_CENTER);
}

static void draw_titles(cairo_t *cr, const struct map_view *v)
{
    dosah_report_draw_font(cr, 20, 1);
    dosah_report_draw_hex(cr, 0x1a1a1a);
    dosah_report_draw_text(cr, MAP_X, 32, v->title, DOSAH_ALIGN_LEFT);
    dosah_report_draw_font(cr, 12.5, 0);
    dosah_report_draw_hex(cr, 0x555555);
    dosah_report_draw_text(cr, MAP_X, 56, v->subtitle, DOSAH_ALIGN_LEFT);
    dosah_report_draw_font(cr, 9.5, 0);
    dosah_report_draw_hex(cr, 0x6b6b6b);
    dosah_report_draw_text(cr, MAP_X, MAP_Y + v->map_h + 20, v->md->footer, DOSAH_ALIGN_LEFT);
}

static void legend_label(cairo_t *cr, double x, double y, const char *text, size_t count)
{
    char n[32];
    dosah_report_draw_font(cr, 11.5, 0);
    dosah_report_draw_hex(cr, 0x1a1a1a);
    dosah_report_draw_text(cr, x, y, text, DOSAH_ALIGN_LEFT);
    if (count == (size_t)-1)
        return;
    snprintf(n, sizeof n, "  %zu", count);
    x += dosah_report_draw_text_width(cr, text);
    dosah_report_draw_hex(cr, 0x7a7a7a);
    dosah_report_draw_text(cr, x, y, n, DOSAH_ALIGN_LEFT);
}

/* The class rows: swatch, label, number of areas; the key's threshold marked by a rule. */
static double legend_classes(cairo_t *cr, const struct map_view *v, double x, double y)
{
    static const int order[] = {1, 2, 3, 4, 5, 6, 7, 0};
    const struct dosah_report_mapdata *md = v->md;
    double threshold = v->r->doc.keys[v->k].threshold_min;
    size_t counts[DOSAH_REPORT_CLASS_COUNT] = {0}, a, i;
    char label[64];
    for (a = 0; a < md->area_count; a++)
        counts[dosah_report_class_of(md->minutes[a * md->key_count + v->k])]++;
    for (i = 0; i < sizeof order / sizeof order[0]; i++) {
        int c = order[i];
        dosah_report_draw_swatch(cr, x, y, 26, 14, c);
        dosah_report_class_label(v->r->lang, c, label, sizeof label);
        legend_label(cr, x + 34, y + 11.5, label, counts[c]);
        if (c > 0 && dosah_report_class_upper(c) == threshold) {
            char text[64];
            snprintf(text, sizeof text, dosah_report_t(v->r, DOSAH_RMSG_LEGEND_THRESHOLD),
                     threshold);
            cairo_move_to(cr, x - 4, y + 17.5);
            cairo_line_to(cr, x + 216, y + 17.5);
            dosah_report_draw_hex(cr, 0x1a1a1a);
            cairo_set_line_width(cr, 1.2);
            cairo_stroke(cr);
            dosah_report_draw_font(cr, 10, 1);
            dosah_report_draw_text(cr, x + 216, y + 11.5, text, DOSAH_ALIGN_RIGHT);
        }
        y += 21;
    }
    return y;
}

static size_t marks_of(const struct dosah_report_mark *m, size_t n, size_t k)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++)
        c += m[i].key == k;
    return c;
}

static void legend_line(cairo_t *cr, double x, double y, double width, unsigned ink)
{
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + 26, y);
    dosah_report_draw_hex(cr, ink);
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
}

static void draw_legend(cairo_t *cr, const struct map_view *v)
{
    const struct dosah_report_mapdata *md = v->md;
    double x = LEGEND_X, y = MAP_Y + 4;
    size_t n;
    dosah_report_draw_font(cr, 13, 1);
    dosah_report_draw_hex(cr, 0x1a1a1a);
    dosah_report_draw_text(cr, x, y + 12, dosah_report_t(v->r, DOSAH_RMSG_LEGEND_TITLE),
                           DOSAH_ALIGN_LEFT);
    dosah_report_draw_font(cr, 10, 0);
    dosah_report_draw_hex(cr, 0x7a7a7a);
    dosah_report_draw_text(cr, x, y + 28,
                           dosah_report_t(v->r, md->areas_are_points
                                                    ? DOSAH_RMSG_LEGEND_COUNT_POINTS
                                                    : DOSAH_RMSG_LEGEND_COUNT),
                           DOSAH_ALIGN_LEFT);
    y = legend_classes(cr, v, x, y + 40) + 14;
    service_symbol(cr, x + 13, y + 7);
    legend_label(cr, x + 34, y + 11.5, dosah_report_t(v->r, DOSAH_RMSG_LEGEND_SERVICES),
                 marks_of(md->services, md->service_count, v->k));
    y += 23;
    if ((n = marks_of(md->proposals, md->proposal_count, v->k)) > 0) {
        proposal_symbol(cr, x + 13, y + 7);
        legend_label(cr, x + 34, y + 11.5, dosah_report_t(v->r, DOSAH_RMSG_LEGEND_PROPOSALS), n);
        y += 23;
    }
    if (md->outlines.part_count) {
        legend_line(cr, x, y + 7, 1.3, 0x2b2b2b);
        legend_label(cr, x + 34, y + 11.5, dosah_report_t(v->r, DOSAH_RMSG_LEGEND_REGIONS),
                     (size_t)-1);
        y += 21;
    }
    if (!md->areas_are_points) {
        legend_line(cr, x, y + 7, 0.6, 0x8c8c8c);
        legend_label(cr, x + 34, y + 11.5, dosah_report_t(v->r, DOSAH_RMSG_LEGEND_AREAS),
                     (size_t)-1);
    }
}

static void draw_map(cairo_t *cr, const void *data)
{
    const struct map_view *v = data;
    draw_titles(cr, v);
    cairo_save(cr);
    cairo_rectangle(cr, MAP_X, MAP_Y, MAP_W, v->map_h);
    cairo_clip(cr);
    draw_areas(cr, v);
    draw_outlines(cr, v);
    draw_marks(cr, v);
    draw_labels(cr, v);
    draw_north(cr, v);
    draw_scale_bar(cr, v);
    cairo_restore(cr);
    cairo_rectangle(cr, MAP_X, MAP_Y, MAP_W, v->map_h);
    dosah_report_draw_hex(cr, 0xb4b4b4);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    draw_legend(cr, v);
}

/* Frame height from the data's aspect, and the uniform scale that fits the data in it. */
static void fit(struct map_view *v)
{
    const struct dosah_report_mapdata *md = v->md;
    double dx = md->max_x - md->min_x, dy = md->max_y - md->min_y;
    if (!(dx > 0) || !(dy > 0))
        dx = dy = 1000;
    v->map_h = fmin(fmax(MAP_W * dy / dx, 420.0), 900.0);
    v->scale = 0.95 * fmin(MAP_W / dx, v->map_h / dy);
    v->cx = isfinite(md->min_x) ? (md->min_x + md->max_x) / 2 : 0;
    v->cy = isfinite(md->min_y) ? (md->min_y + md->max_y) / 2 : 0;
}

enum dosah_status dosah_report_map_emit(struct dosah_report *r, size_t k)
{
    const struct dosah_report_key *key = &r->doc.keys[k];
    struct dosah_report_figure f;
    struct map_view v;
    char png[128], slug[64], threshold[64] = "";
    enum dosah_status st;
    if ((st = dosah_report_mapdata_load(r)))
        return st;
    memset(&v, 0, sizeof v);
    v.r = r;
    v.md = r->maps;
    v.k = k;
    fit(&v);
    snprintf(v.title, sizeof v.title, "%s", key->label);
    if (!isnan(key->threshold_min))
        snprintf(threshold, sizeof threshold, dosah_report_t(r, DOSAH_RMSG_MAP_THRESHOLD),
                 key->threshold_min);
    snprintf(v.subtitle, sizeof v.subtitle, "%s%s",
             dosah_report_t(r, v.md->areas_are_points ? DOSAH_RMSG_MAP_SUBTITLE_POINTS
                                                      : DOSAH_RMSG_MAP_SUBTITLE),
             threshold);
    dosah_report_slug(key->key, slug, sizeof slug);
    snprintf(png, sizeof png, "maps/%s.png", slug);
    memset(&f, 0, sizeof f);
    f.width = FIG_W;
    f.height = MAP_Y + v.map_h + FOOTER_H;
    f.draw = draw_map;
    f.data = &v;
    f.alt = v.title;
    f.png = png;
    return dosah_report_figure_emit(r, &f);
}
