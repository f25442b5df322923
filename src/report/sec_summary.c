/* SPDX-License-Identifier: MIT */
/*
 * The report's first two sections. Key figures: population, areas, services and excluded
 * localities, then per service key the number of facilities, their capacity, and the
 * population within the key's threshold over the whole area (a table and a chart; the § types
 * and forms are in the method section). Maps: one travel-time map per key.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core_internal.h"
#include "report/draw_internal.h"
#include "report/sections_internal.h"

enum {
    COL_LABEL, COL_KEY, COL_THRESHOLD, COL_FACILITIES, COL_CAPACITY,
    COL_POP_WITHIN, COL_SHARE, COL_MEAN, COL_UNREACHED, COL_COUNT
};

/* The question's own columns with headings of their own; then the capacity of its services
 * and its coverage, headed as the list heads those fields. */
static const enum dosah_report_msg_id heads[COL_CAPACITY] = {
    DOSAH_RMSG_COL_SERVICE, DOSAH_RMSG_COL_KEY, DOSAH_RMSG_COL_THRESHOLD,
    DOSAH_RMSG_COL_FACILITIES};
static const enum dosah_key_field coverage_heads[COL_COUNT - COL_POP_WITHIN] = {
    DOSAH_KF_POP_WITHIN, DOSAH_KF_WITHIN, DOSAH_KF_MEAN_MINUTES, DOSAH_KF_UNREACHED};

static enum dosah_status card(struct dosah_report *r, double value,
                              enum dosah_report_msg_id label)
{
    char text[64];
    enum dosah_status st;
    if (isnan(value))
        return DOSAH_OK;
    dosah_report_fmt_number(r->lang, value, 0, text, sizeof text);
    if ((st = dosah_report_out(r, "<div class=\"card\"><div class=\"value\">")) ||
        (st = dosah_report_out_text(r, text)) ||
        (st = dosah_report_out(r, "</div><div class=\"label\">")) ||
        (st = dosah_report_out_text(r, dosah_report_t(r, label))))
        return st;
    return dosah_report_out(r, "</div></div>\n");
}

static enum dosah_status count_of(struct dosah_report *r, const char *table, double *n)
{
    *n = NAN;
    if (!dosah_report_db_has_table(&r->doc, table))
        return DOSAH_OK;
    return dosah_report_db_number(&r->doc, n, "SELECT COUNT(*) FROM \"%w\"", table);
}

static enum dosah_status cards(struct dosah_report *r)
{
    double pop, munis, regions, services, localities;
    enum dosah_status st;
    if ((st = dosah_report_db_number(&r->doc, &pop, "SELECT SUM(\"%w\") FROM \"%w\"",
                                     /* every layer's population */
                                     dosah_out_field_name(DOSAH_OF_MUN_POPULATION),
                                     r->doc.area_table)) ||
        (st = count_of(r, dosah_table_name(DOSAH_T_MUNICIPALITIES), &munis)) ||
        (st = count_of(r, dosah_table_name(DOSAH_T_REGIONS), &regions)) ||
        (st = count_of(r, dosah_table_name(DOSAH_T_LOCALITIES), &localities)))
        return st;
    services = NAN;
    if (r->doc.has_services &&
        (st = dosah_report_db_number(
             &r->doc, &services, "SELECT COUNT(DISTINCT \"%w\") FROM \"%w\"",
             dosah_out_field_name(DOSAH_OF_SRV_ID), dosah_table_name(DOSAH_T_SERVICES))))
        return st;
    if ((st = dosah_report_out(r, "<div class=\"cards\">\n")) ||
        (st = card(r, pop, DOSAH_RMSG_CARD_POPULATION)) ||
        (st = card(r, munis, DOSAH_RMSG_CARD_MUNICIPALITIES)) ||
        (st = card(r, regions, DOSAH_RMSG_CARD_REGIONS)) ||
        (st = card(r, services, DOSAH_RMSG_CARD_SERVICES)) ||
        (st = card(r, localities, DOSAH_RMSG_CARD_LOCALITIES)))
        return st;
    return dosah_report_out(r, "</div>\n");
}

/* Facilities of key k and their total capacity (NaN when none is known). */
static enum dosah_status facilities(struct dosah_report *r, size_t k, double *count,
                                    double *capacity)
{
    enum dosah_status st;
    *count = *capacity = NAN;
    if (!r->doc.has_services)
        return DOSAH_OK;
    if ((st =
             dosah_report_db_number(&r->doc, count, "SELECT COUNT(*) FROM \"%w\" WHERE \"%w\" = %Q",
                                    dosah_table_name(DOSAH_T_SERVICES),
                                    dosah_out_field_name(DOSAH_OF_SRV_KEY), r->doc.keys[k].key)))
        return st;
    if (!dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_SERVICES),
                                    dosah_out_field_name(DOSAH_OF_SRV_CAPACITY)))
        return DOSAH_OK;
    return dosah_report_db_number(
        &r->doc, capacity, "SELECT SUM(\"%w\") FROM \"%w\" WHERE \"%w\" = %Q",
        dosah_out_field_name(DOSAH_OF_SRV_CAPACITY), dosah_table_name(DOSAH_T_SERVICES),
        dosah_out_field_name(DOSAH_OF_SRV_KEY), r->doc.keys[k].key);
}

static enum dosah_status key_row(struct dosah_report *r, struct dosah_report_table *t, size_t k,
                                 const struct dosah_report_cov *c)
{
    const struct dosah_report_key *key = &r->doc.keys[k];
    struct dosah_ctx *ctx = r->ctx;
    double n, capacity;
    enum dosah_status st;
    if ((st = facilities(r, k, &n, &capacity)) || (st = dosah_report_table_row(ctx, t, 0)) ||
        (st = dosah_report_table_set(ctx, t, COL_LABEL, key->label, NULL)) ||
        (st = dosah_report_table_set(ctx, t, COL_KEY, key->key, NULL)) ||
        (st = dosah_report_table_number(ctx, t, COL_THRESHOLD, key->threshold_min, 0, NULL)) ||
        (st = dosah_report_table_number(ctx, t, COL_FACILITIES, n, 0, NULL)) ||
        (st = dosah_report_table_number(ctx, t, COL_CAPACITY, capacity, 0, NULL)) ||
        (st = dosah_report_table_number(ctx, t, COL_POP_WITHIN, c->pop_within, 0, NULL)) ||
        (st = dosah_report_table_share(ctx, t, COL_SHARE,
                                       dosah_report_share(c->pop_within, c->population), NULL)) ||
        (st = dosah_report_table_number(ctx, t, COL_MEAN, c->mean_minutes, 1,
                                        dosah_report_t(r, DOSAH_RMSG_UNREACHABLE))))
        return st;
    return dosah_report_table_number(ctx, t, COL_UNREACHED, c->unreached, 0, NULL);
}

/* The chart of the whole area: one bar per key. */
static enum dosah_status key_chart(struct dosah_report *r, struct dosah_report_cov *totals)
{
    struct dosah_report_bar_rows bars;
    enum dosah_status st;
    size_t k;
    if ((st = dosah_report_bar_rows_init(r, &bars, r->doc.key_count)))
        return st;
    for (k = 0; k < r->doc.key_count; k++)
        dosah_report_bar_rows_set(r, &bars, k, r->doc.keys[k].label, &totals[k],
                                  r->doc.keys[k].threshold_min, 0);
    st = dosah_report_bar_rows_emit(r, &bars, dosah_report_t(r, DOSAH_RMSG_CHART_KEYS_TITLE),
                                    dosah_report_t(r, DOSAH_RMSG_CHART_KEYS_SUBTITLE),
                                    dosah_report_t(r, DOSAH_RMSG_CHART_WITHIN_HEAD),
                                    "charts/summary.png");
    dosah_report_bar_rows_clear(&bars);
    return st;
}

static enum dosah_status key_table(struct dosah_report *r, struct dosah_report_cov *totals)
{
    struct dosah_report_table t;
    enum dosah_status st;
    size_t c, k;
    if ((st = dosah_report_table_init(r->ctx, &t, "key_figures", COL_COUNT, r->lang)))
        return st;
    for (c = 0; c < COL_COUNT && !st; c++)
        st = c < COL_CAPACITY
                 ? dosah_report_table_head(r->ctx, &t, c, dosah_report_t(r, heads[c]),
                                           c >= COL_THRESHOLD)
             : c == COL_CAPACITY
                 ? dosah_report_head_field(r, &t, c, DOSAH_OF_SRV_CAPACITY)
                 : dosah_report_head_key_field(r, &t, c, coverage_heads[c - COL_POP_WITHIN], NAN);
    for (k = 0; k < r->doc.key_count && !st; k++)
        st = key_row(r, &t, k, &totals[k]);
    if (!st)
        st = dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_KEY_FIGURES));
    dosah_report_table_clear(&t);
    return st;
}

enum dosah_status dosah_report_summary(struct dosah_report *r)
{
    struct dosah_report_cov *totals;
    enum dosah_status st;
    size_t k, done = 0;
    if (!(totals = dosah_calloc(r->ctx, r->doc.key_count, sizeof *totals)))
        return DOSAH_ENOMEM;
    if ((st = cards(r)))
        goto fail;
    for (k = 0; k < r->doc.key_count && !st; k++, done++) {
        struct dosah_report_cov *rows;
        size_t n;
        if ((st = dosah_report_cov_query(r, k, 0, &rows, &n)))
            break;
        if (n != 1) {
            dosah_report_cov_free(rows, n);
            st = dosah_error_set(r->ctx, DOSAH_EIO, "%s: no total row", r->doc.path);
            break;
        }
        totals[k] = rows[0];
        dosah_free(rows);
    }
    if (!st && !(st = key_table(r, totals)))
        st = key_chart(r, totals);
fail:
    for (k = 0; k < done; k++) {
        dosah_free(totals[k].code);
        dosah_free(totals[k].name);
        dosah_free(totals[k].pop_at);
    }
    dosah_free(totals);
    return st;
}

enum dosah_status dosah_report_maps(struct dosah_report *r)
{
    enum dosah_status st;
    size_t k;
    if ((st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_MAPS_INTRO))))
        return st;
    for (k = 0; k < r->doc.key_count; k++)
        if ((st = dosah_report_map_emit(r, k)))
            return st;
    return DOSAH_OK;
}
