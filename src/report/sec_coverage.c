/* SPDX-License-Identifier: MIT */
/*
 * Coverage per region: for every service key a table (population, mean time, share within
 * each threshold of the scenario and within the key's own threshold, unreached population;
 * the whole area as the last row) and a stacked bar chart of the same figures. Also the time
 * bands the stacked charts share with the summary.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "report/draw_internal.h"
#include "report/sections_internal.h"

const char *dosah_report_form_text(const struct dosah_report *r, const char *form)
{
    if (!form)
        return "\xe2\x80\x93";
    if (!strcmp(form, "field"))
        return dosah_report_t(r, DOSAH_RMSG_FORM_FIELD);
    if (!strcmp(form, "ambulant"))
        return dosah_report_t(r, DOSAH_RMSG_FORM_AMBULANT);
    if (!strcmp(form, "residential"))
        return dosah_report_t(r, DOSAH_RMSG_FORM_RESIDENTIAL);
    return form;
}

void dosah_report_bands_clear(struct dosah_report_bands *b)
{
    size_t i;
    for (i = 0; b->labels && i < b->count; i++)
        dosah_free(b->labels[i]);
    dosah_free(b->labels);
    dosah_free(b->label_refs);
    dosah_free(b->classes);
    memset(b, 0, sizeof *b);
}

static char *band_label(struct dosah_report *r, size_t i)
{
    const double *t = r->doc.thresholds;
    size_t n = r->doc.threshold_count;
    if (n == 0)
        return dosah_strdup(r->ctx, dosah_report_t(r, i == 0 ? DOSAH_RMSG_BAND_WITHIN
                                                             : i == 1 ? DOSAH_RMSG_BAND_BEYOND
                                                                      : DOSAH_RMSG_UNREACHABLE));
    if (i == 0)
        return dosah_asprintf(r->ctx, dosah_report_t(r, DOSAH_RMSG_UP_TO_MIN), t[0]);
    if (i < n)
        return dosah_asprintf(r->ctx, dosah_report_t(r, DOSAH_RMSG_FROM_TO_MIN), t[i - 1], t[i]);
    if (i == n)
        return dosah_asprintf(r->ctx, dosah_report_t(r, DOSAH_RMSG_OVER_MIN), t[n - 1]);
    return dosah_strdup(r->ctx, dosah_report_t(r, DOSAH_RMSG_UNREACHABLE));
}

enum dosah_status dosah_report_bands_init(struct dosah_report *r, struct dosah_report_bands *b)
{
    size_t n = r->doc.threshold_count, i;
    memset(b, 0, sizeof *b);
    b->count = n ? n + 2 : 3;
    if (!(b->labels = dosah_calloc(r->ctx, b->count, sizeof *b->labels)) ||
        !(b->label_refs = dosah_calloc(r->ctx, b->count, sizeof *b->label_refs)) ||
        !(b->classes = dosah_calloc(r->ctx, b->count, sizeof *b->classes)))
        goto fail;
    for (i = 0; i < b->count; i++) {
        if (!(b->labels[i] = band_label(r, i)))
            goto fail;
        b->label_refs[i] = b->labels[i];
        /* A band takes the colour of the map class that holds its middle (the open band:
         * half as far again as the last threshold), so colours read alike on maps and
         * charts. */
        if (i + 1 == b->count)
            b->classes[i] = 0;
        else if (n == 0)
            b->classes[i] = i == 0 ? 1 : 5;
        else
            b->classes[i] = dosah_report_class_of(
                i == 0 ? r->doc.thresholds[0] / 2
                : i < n ? (r->doc.thresholds[i - 1] + r->doc.thresholds[i]) / 2
                        : 1.5 * r->doc.thresholds[n - 1]);
    }
    return DOSAH_OK;
fail:
    dosah_report_bands_clear(b);
    return DOSAH_ENOMEM;
}

static double nz(double v)
{
    return isfinite(v) ? v : 0;
}

void dosah_report_bands_shares(const struct dosah_report *r, const struct dosah_report_cov *c,
                               const struct dosah_report_bands *b, double *out)
{
    size_t n = r->doc.threshold_count, i;
    double p = c->population, reached = nz(p) - nz(c->unreached), below = 0;
    for (i = 0; i < b->count; i++)
        out[i] = NAN;
    if (!(isfinite(p) && p > 0))
        return;
    if (n == 0) {
        out[0] = nz(c->pop_within) / p;
        out[1] = fmax(0, reached - nz(c->pop_within)) / p;
    }
    for (i = 0; i < n; i++) {
        double at = nz(c->pop_at[i]);
        out[i] = fmax(0, at - below) / p;
        below = fmax(below, at);
    }
    if (n)
        out[n] = fmax(0, reached - below) / p;
    out[b->count - 1] = nz(c->unreached) / p;
}

/* "Share within 30 min" when the key's threshold is known, else the plain heading. */
static const char *with_threshold(struct dosah_report *r, char *buf, size_t n, double t,
                                  enum dosah_report_msg_id plain, enum dosah_report_msg_id fmt)
{
    if (isnan(t))
        snprintf(buf, n, "%s", dosah_report_t(r, plain));
    else
        snprintf(buf, n, dosah_report_t(r, fmt), t);
    return buf;
}

/* Columns: code, name, population, mean, share within each T, pop within, share, unreached. */
static enum dosah_status cov_heads(struct dosah_report *r, struct dosah_report_table *t,
                                   size_t k)
{
    double threshold = r->doc.keys[k].threshold_min;
    size_t i, c = 0;
    enum dosah_status st;
    if ((st = dosah_report_head_field(r, t, c++, DOSAH_OF_REG_CODE)) ||
        (st = dosah_report_head_field(r, t, c++, DOSAH_OF_REG_NAME)) ||
        (st = dosah_report_head_field(r, t, c++, DOSAH_OF_REG_POPULATION)) ||
        (st = dosah_report_head_key_field(r, t, c++, DOSAH_KF_MEAN_MINUTES, NAN)))
        return st;
    for (i = 0; i < r->doc.threshold_count; i++)
        if ((st = dosah_report_head_key_field(r, t, c++, DOSAH_KF_WITHIN_T,
                                              r->doc.thresholds[i])))
            return st;
    /* the key's threshold in the heading when known */
    if ((st = dosah_report_head_key_field(r, t, c++, DOSAH_KF_POP_WITHIN, threshold)) ||
        (st = dosah_report_head_key_field(r, t, c++, DOSAH_KF_WITHIN, threshold)))
        return st;
    return dosah_report_head_key_field(r, t, c, DOSAH_KF_UNREACHED, NAN);
}

static enum dosah_status cov_row(struct dosah_report *r, struct dosah_report_table *t,
                                 const struct dosah_report_cov *v, int total)
{
    struct dosah_ctx *ctx = r->ctx;
    size_t n = r->doc.threshold_count, i, c = 4;
    const char *name = total     ? dosah_report_t(r, DOSAH_RMSG_TOTAL)
                       : v->name ? v->name
                       : v->code ? v->code
                                 : dosah_report_t(r, DOSAH_RMSG_NO_REGION);
    enum dosah_status st;
    if ((st = dosah_report_table_row(ctx, t, total ? DOSAH_REPORT_ROW_TOTAL : 0)) ||
        (st = dosah_report_table_set(ctx, t, 0, v->code ? v->code : "", NULL)) ||
        (st = dosah_report_table_set(ctx, t, 1, name, NULL)) ||
        (st = dosah_report_table_number(ctx, t, 2, v->population, 0, NULL)) ||
        (st = dosah_report_table_number(ctx, t, 3, v->mean_minutes, 1,
                                        dosah_report_t(r, DOSAH_RMSG_UNREACHABLE))))
        return st;
    for (i = 0; i < n; i++)
        if ((st = dosah_report_table_share(ctx, t, c++,
                                           dosah_report_share(v->pop_at[i], v->population),
                                           NULL)))
            return st;
    if ((st = dosah_report_table_number(ctx, t, c++, v->pop_within, 0, NULL)) ||
        (st = dosah_report_table_share(ctx, t, c++,
                                       dosah_report_share(v->pop_within, v->population), NULL)))
        return st;
    return dosah_report_table_number(ctx, t, c, v->unreached, 0, NULL);
}

void dosah_report_bar_rows_clear(struct dosah_report_bar_rows *rows)
{
    dosah_report_bands_clear(&rows->bands);
    dosah_free(rows->labels);
    dosah_free(rows->right);
    dosah_free(rows->bold);
    dosah_free(rows->marks);
    dosah_free(rows->shares);
    dosah_free(rows->texts);
    memset(rows, 0, sizeof *rows);
}

enum dosah_status dosah_report_bar_rows_init(struct dosah_report *r,
                                             struct dosah_report_bar_rows *rows, size_t n)
{
    enum dosah_status st;
    memset(rows, 0, sizeof *rows);
    rows->count = n;
    if ((st = dosah_report_bands_init(r, &rows->bands)))
        return st;
    if (!(rows->labels = dosah_calloc(r->ctx, n, sizeof *rows->labels)) ||
        !(rows->right = dosah_calloc(r->ctx, n, sizeof *rows->right)) ||
        !(rows->bold = dosah_calloc(r->ctx, n, 1)) ||
        !(rows->marks = dosah_calloc(r->ctx, n, sizeof *rows->marks)) ||
        !(rows->texts = dosah_calloc(r->ctx, n, sizeof *rows->texts)) ||
        !(rows->shares = dosah_calloc(r->ctx, n * rows->bands.count, sizeof *rows->shares))) {
        dosah_report_bar_rows_clear(rows);
        return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

void dosah_report_bar_rows_set(struct dosah_report *r, struct dosah_report_bar_rows *rows,
                               size_t i, const char *label, const struct dosah_report_cov *c,
                               double threshold, int bold)
{
    double share = dosah_report_share(c->pop_within, c->population);
    char pct[48];
    rows->labels[i] = label;
    rows->bold[i] = bold ? 1 : 0;
    rows->marks[i] = share;
    dosah_report_fmt_percent(r->lang, share, 1, pct, sizeof pct);
    if (isnan(threshold))
        snprintf(rows->texts[i], sizeof rows->texts[i], "%s", pct);
    else
        snprintf(rows->texts[i], sizeof rows->texts[i], dosah_report_t(r, DOSAH_RMSG_SHARE_AT_MIN),
                 pct, threshold);
    rows->right[i] = rows->texts[i];
    dosah_report_bands_shares(r, c, &rows->bands, rows->shares + i * rows->bands.count);
}

enum dosah_status dosah_report_bar_rows_emit(struct dosah_report *r,
                                             const struct dosah_report_bar_rows *rows,
                                             const char *title, const char *subtitle,
                                             const char *right_head, const char *png)
{
    struct dosah_report_bars b;
    struct dosah_report_figure f;
    memset(&b, 0, sizeof b);
    b.title = title;
    b.subtitle = subtitle;
    b.right_head = right_head;
    b.row_count = rows->count;
    b.band_count = rows->bands.count;
    b.labels = rows->labels;
    b.right = rows->right;
    b.bold = rows->bold;
    b.shares = rows->shares;
    b.mark = rows->marks;
    b.band_labels = rows->bands.label_refs;
    b.band_class = rows->bands.classes;
    b.axis_label = dosah_report_t(r, DOSAH_RMSG_CHART_AXIS);
    b.mark_label = dosah_report_t(r, DOSAH_RMSG_CHART_MARK);
    b.lang = r->lang;
    memset(&f, 0, sizeof f);
    f.width = DOSAH_REPORT_BARS_WIDTH;
    f.height = dosah_report_bars_height(&b);
    f.draw = dosah_report_bars_draw;
    f.data = &b;
    f.alt = title;
    f.png = png;
    return dosah_report_figure_emit(r, &f);
}

/* The stacked chart of key k: one bar per region, the whole area last. */
static enum dosah_status cov_chart(struct dosah_report *r, size_t k,
                                   const struct dosah_report_cov *rows, size_t n)
{
    const struct dosah_report_key *key = &r->doc.keys[k];
    struct dosah_report_bar_rows bars;
    char png[128], slug[64], head_text[96];
    enum dosah_status st;
    size_t i;
    if ((st = dosah_report_bar_rows_init(r, &bars, n)))
        return st;
    for (i = 0; i < n; i++) {
        int total = i + 1 == n;
        const char *label = total ? dosah_report_t(r, DOSAH_RMSG_TOTAL)
                            : rows[i].name ? rows[i].name
                            : rows[i].code ? rows[i].code
                                           : dosah_report_t(r, DOSAH_RMSG_NO_REGION);
        dosah_report_bar_rows_set(r, &bars, i, label, &rows[i], NAN, total);
    }
    dosah_report_slug(key->key, slug, sizeof slug);
    snprintf(png, sizeof png, "charts/coverage_%s.png", slug);
    st = dosah_report_bar_rows_emit(
        r, &bars, key->label, dosah_report_t(r, DOSAH_RMSG_CHART_REGIONS_SUBTITLE),
        with_threshold(r, head_text, sizeof head_text, key->threshold_min,
                       DOSAH_RMSG_CHART_WITHIN_HEAD, DOSAH_RMSG_UP_TO_MIN),
        png);
    dosah_report_bar_rows_clear(&bars);
    return st;
}

static enum dosah_status cov_table(struct dosah_report *r, size_t k,
                                   const struct dosah_report_cov *rows, size_t n)
{
    struct dosah_report_table t;
    char name[96], slug[64], caption[256];
    enum dosah_status st;
    size_t i;
    dosah_report_slug(r->doc.keys[k].key, slug, sizeof slug);
    snprintf(name, sizeof name, "coverage_%s", slug);
    if ((st = dosah_report_table_init(r->ctx, &t, name, 7 + r->doc.threshold_count, r->lang)))
        return st;
    st = cov_heads(r, &t, k);
    for (i = 0; i < n && !st; i++)
        st = cov_row(r, &t, &rows[i], i + 1 == n);
    snprintf(caption, sizeof caption, dosah_report_t(r, DOSAH_RMSG_TABLE_COVERAGE),
             r->doc.keys[k].label);
    if (!st)
        st = dosah_report_emit_table(r, &t, caption);
    dosah_report_table_clear(&t);
    return st;
}

/* Regions, then the whole area as the last row. */
static enum dosah_status cov_rows(struct dosah_report *r, size_t k,
                                  struct dosah_report_cov **rows, size_t *n)
{
    struct dosah_report_cov *total = NULL;
    size_t total_n = 0;
    enum dosah_status st;
    void *p;
    if ((st = dosah_report_cov_query(r, k, 1, rows, n)))
        return st;
    if (!r->doc.has_region_code) {
        /* Without regions the one row is already the whole area. */
        return DOSAH_OK;
    }
    if ((st = dosah_report_cov_query(r, k, 0, &total, &total_n)))
        return st;
    p = *rows;
    if (total_n != 1 || !(p = dosah_reallocarray(r->ctx, p, *n + 1, sizeof **rows))) {
        dosah_report_cov_free(total, total_n);
        return total_n != 1 ? dosah_error_set(r->ctx, DOSAH_EIO, "%s: no total row",
                                              r->doc.path)
                            : DOSAH_ENOMEM;
    }
    *rows = p;
    (*rows)[(*n)++] = total[0];
    dosah_free(total);
    return DOSAH_OK;
}

enum dosah_status dosah_report_coverage(struct dosah_report *r)
{
    enum dosah_status st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_COVERAGE_INTRO));
    size_t k;
    for (k = 0; k < r->doc.key_count && !st; k++) {
        struct dosah_report_cov *rows = NULL;
        size_t n = 0;
        if (!(st = dosah_report_out(r, "<h3>")) &&
            !(st = dosah_report_out_text(r, r->doc.keys[k].label)) &&
            !(st = dosah_report_out(r, "</h3>\n")) && !(st = cov_rows(r, k, &rows, &n)) &&
            !(st = cov_table(r, k, rows, n)))
            st = cov_chart(r, k, rows, n);
        dosah_report_cov_free(rows, n);
    }
    return st;
}
