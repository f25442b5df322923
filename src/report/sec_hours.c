/* SPDX-License-Identifier: MIT */
/*
 * Coverage by opening hours: for every question, per region the share of residents within
 * the threshold at any time (every facility) and in each time window of the scenario (only
 * the facilities open throughout it, K_within_<window>); the whole area last. Shares are
 * population-weighted over the municipalities: Σ K_within_W × population / Σ population.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/sections_internal.h"

/* Values: population, population within the threshold, then per window the population
 * within it in that window. */
static enum dosah_status hours_columns(struct dosah_report *r, size_t k, int per_region,
                                       struct dosah_strbuf *b)
{
    const char *key = r->doc.keys[k].key;
    enum dosah_status st;
    char pop[160];
    size_t w;
    (void)per_region;
    if ((st = dosah_report_sql_add(r->ctx, b, ", SUM(m.\"%w\")",
                                   dosah_report_pop_col(r, key, r->doc.area_table, pop,
                                                        sizeof pop))) ||
        (st = dosah_report_sql_sum(r, b, key, DOSAH_KF_POP_WITHIN, NULL, 0)))
        return st;
    for (w = 0; w < r->doc.window_count && !st; w++) {
        st = dosah_report_sql_sum(r, b, key, DOSAH_KF_WITHIN_W, r->doc.windows[w].name, 1);
    }
    return st;
}

/* Whether the areas carry K_within_W for some window W. */
static int has_windows(const struct dosah_report *r, size_t k)
{
    char col[160];
    size_t w;
    for (w = 0; w < r->doc.window_count; w++) {
        dosah_report_key_col(r->doc.keys[k].key, DOSAH_KF_WITHIN_W, NAN, r->doc.windows[w].name,
                             col, sizeof col);
        if (dosah_report_db_has_column(&r->doc, r->doc.area_table, col))
            return 1;
    }
    return 0;
}

static enum dosah_status hours_heads(struct dosah_report *r, struct dosah_report_table *t)
{
    enum dosah_status st;
    size_t w;
    if ((st = dosah_report_head_field(r, t, 0, DOSAH_OF_REG_CODE)) ||
        (st = dosah_report_head_field(r, t, 1, DOSAH_OF_REG_NAME)) ||
        (st = dosah_report_head_field(r, t, 2, DOSAH_OF_REG_POPULATION)) ||
        (st = dosah_report_table_head(r->ctx, t, 3, dosah_report_t(r, DOSAH_RMSG_COL_ANY_TIME), 1)))
        return st;
    for (w = 0; w < r->doc.window_count && !st; w++) {
        struct dosah_heading_args a = {NAN, r->doc.windows[w].name, r->doc.windows[w].text, NULL};
        st = dosah_report_head_key_field_args(r, t, 4 + w, DOSAH_KF_WITHIN_W, &a);
    }
    return st;
}

static enum dosah_status hours_row(struct dosah_report *r, struct dosah_report_table *t,
                                   const struct dosah_report_region_row *row, int total)
{
    double pop = row->v[0];
    enum dosah_status st;
    size_t w;
    if ((st = dosah_report_region_row_start(r, t, row, total)) ||
        (st = dosah_report_table_number(r->ctx, t, 2, pop, 0, NULL)) ||
        (st = dosah_report_table_share(r->ctx, t, 3, dosah_report_share(row->v[1], pop), NULL)))
        return st;
    for (w = 0; w < r->doc.window_count && !st; w++)
        st = dosah_report_table_share(r->ctx, t, 4 + w, dosah_report_share(row->v[2 + w], pop),
                                      NULL);
    return st;
}

static enum dosah_status hours_table(struct dosah_report *r, size_t k)
{
    const struct dosah_report_key *key = &r->doc.keys[k];
    struct dosah_report_region_row *rows = NULL;
    struct dosah_report_table t;
    char name[96], slug[64], caption[256];
    enum dosah_status st;
    size_t i, n = 0;
    dosah_report_slug(key->key, slug, sizeof slug);
    snprintf(name, sizeof name, "hours_%s", slug);
    if ((st = dosah_report_table_init(r->ctx, &t, name, 4 + r->doc.window_count, r->lang)))
        return st;
    if (!(st = hours_heads(r, &t)))
        st = dosah_report_region_rows(r, k, 2 + r->doc.window_count, hours_columns, &rows, &n);
    for (i = 0; i < n && !st; i++)
        st = hours_row(r, &t, &rows[i], i + 1 == n);
    if (isnan(key->threshold_min))
        snprintf(caption, sizeof caption, dosah_report_t(r, DOSAH_RMSG_TABLE_HOURS), key->label);
    else
        snprintf(caption, sizeof caption, dosah_report_t(r, DOSAH_RMSG_TABLE_HOURS_T), key->label,
                 key->threshold_min);
    if (!st)
        st = dosah_report_emit_table(r, &t, caption);
    dosah_report_region_rows_free(rows, n);
    dosah_report_table_clear(&t);
    return st;
}

/* The intro and the windows with their days and hours, as the scenario wrote them. */
static enum dosah_status windows_list(struct dosah_report *r)
{
    enum dosah_status st;
    size_t w;
    if ((st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_HOURS_INTRO))) ||
        (st = dosah_report_out(r, "<ul class=\"windows\">\n")))
        return st;
    for (w = 0; w < r->doc.window_count && !st; w++) {
        const struct dosah_report_window *win = &r->doc.windows[w];
        if ((st = dosah_report_out(r, "<li><b>")) || (st = dosah_report_out_text(r, win->name)) ||
            (st = dosah_report_out(r, "</b>: ")) ||
            (st = dosah_report_out_text(r, win->text ? win->text : "\xe2\x80\x93")))
            break;
        st = dosah_report_out(r, "</li>\n");
    }
    return st ? st : dosah_report_out(r, "</ul>\n");
}

enum dosah_status dosah_report_hours(struct dosah_report *r)
{
    enum dosah_status st;
    size_t k, with = 0;
    for (k = 0; k < r->doc.key_count; k++)
        with += has_windows(r, k);
    if (!with)
        return dosah_report_note(
            r, dosah_report_t(r, strcmp(r->doc.area_table, dosah_table_name(DOSAH_T_DEMAND))
                                     ? DOSAH_RMSG_HOURS_NONE
                                     : DOSAH_RMSG_HOURS_DEMAND));
    st = windows_list(r);
    for (k = 0; k < r->doc.key_count && !st; k++) {
        if ((st = dosah_report_out(r, "<h3>")) ||
            (st = dosah_report_out_text(r, r->doc.keys[k].label)) ||
            (st = dosah_report_out(r, "</h3>\n")))
            break;
        st = has_windows(r, k) ? hours_table(r, k)
                               : dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_HOURS_KEY_NONE));
    }
    return st;
}
