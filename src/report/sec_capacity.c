/* SPDX-License-Identifier: MIT */
/*
 * Capacity within reach: for every question whose facilities have capacities, per region the
 * capacity-weighted accessibility (2SFCA/E2SFCA, K_fca per 1,000 residents), the residents
 * served within the facilities' capacities and those left unserved, and the share served;
 * the whole area last. Sums run over the municipalities; K_fca, a mean, is the regions' own
 * value per region and the population-weighted mean over the demand points for the whole
 * area (the engine's definition).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/sections_internal.h"

enum { CAP_POPULATION, CAP_FCA, CAP_COVERED, CAP_UNSERVED, CAP_VALUES };

/* K_fca as a population-weighted mean over the points of table (alias a). */
static enum dosah_status fca_mean(struct dosah_report *r, struct dosah_strbuf *b, const char *key,
                                  const char *col, const char *from)
{
    char pop[160];
    const char *p = dosah_report_pop_col(r, key, !strcmp(from, "d") ? "demand"
                                                                   : r->doc.area_table,
                                         pop, sizeof pop);
    return dosah_report_sql_add(r->ctx, b,
                                "SUM(%s.\"%w\" * %s.\"%w\") / SUM(CASE WHEN "
                                "%s.\"%w\" IS NOT NULL THEN %s.\"%w\" END)",
                                from, p, from, col, from, col, from, p);
}

static enum dosah_status fca_expr(struct dosah_report *r, const char *key, int per_region,
                                  struct dosah_strbuf *b)
{
    enum dosah_status st;
    char col[160];
    dosah_report_key_col(key, DOSAH_KF_FCA, NAN, NULL, col, sizeof col);
    if (per_region && dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_REGIONS), col))
        return dosah_report_sql_add(
            r->ctx, b, ", (SELECT g.\"%w\" FROM \"%w\" g WHERE g.\"%w\" = m.\"%w\" LIMIT 1)", col,
            dosah_table_name(DOSAH_T_REGIONS), dosah_out_field_name(DOSAH_OF_REG_CODE),
            dosah_out_field_name(DOSAH_OF_MUN_REGION_CODE));
    if (!per_region && strcmp(r->doc.area_table, dosah_table_name(DOSAH_T_DEMAND)) != 0 &&
        dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_DEMAND), col)) {
        if ((st = dosah_strbuf_puts(r->ctx, b, ", (SELECT ")) || (st = fca_mean(r, b, key, col, "d")))
            return st;
        return dosah_report_sql_add(r->ctx, b, " FROM \"%w\" d)", dosah_table_name(DOSAH_T_DEMAND));
    }
    if (!dosah_report_db_has_column(&r->doc, r->doc.area_table, col))
        return dosah_strbuf_puts(r->ctx, b, ", NULL");
    if ((st = dosah_strbuf_puts(r->ctx, b, ", ")))
        return st;
    return fca_mean(r, b, key, col, "m");
}

/* Population, K_fca, served and unserved. Demand points carry no K_cap_* fields: the whole
 * area's served people are then what the facilities absorb. */
static enum dosah_status cap_columns(struct dosah_report *r, size_t k, int per_region,
                                     struct dosah_strbuf *b)
{
    const char *key = r->doc.keys[k].key;
    char col[160], pop[160];
    enum dosah_status st;
    dosah_report_key_col(key, DOSAH_KF_CAP_COVERED, NAN, NULL, col, sizeof col);
    if ((st = dosah_report_sql_add(r->ctx, b, ", SUM(m.\"%w\")",
                                   dosah_report_pop_col(r, key, r->doc.area_table, pop,
                                                        sizeof pop))) ||
        (st = fca_expr(r, key, per_region, b)))
        return st;
    if (!dosah_report_db_has_column(&r->doc, r->doc.area_table, col) && !per_region &&
        dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_SERVICES),
                                   dosah_out_field_name(DOSAH_OF_SRV_ABSORBED)))
        st = dosah_report_sql_add(r->ctx, b, ", (SELECT SUM(\"%w\") FROM \"%w\" WHERE \"%w\" = %Q)",
                                  dosah_out_field_name(DOSAH_OF_SRV_ABSORBED),
                                  dosah_table_name(DOSAH_T_SERVICES),
                                  dosah_out_field_name(DOSAH_OF_SRV_KEY), key);
    else
        st = dosah_report_sql_sum(r, b, key, DOSAH_KF_CAP_COVERED, NULL, 0);
    return st ? st : dosah_report_sql_sum(r, b, key, DOSAH_KF_CAP_UNSERVED, NULL, 0);
}

static enum dosah_status cap_row(struct dosah_report *r, struct dosah_report_table *t,
                                 const struct dosah_report_region_row *row, int total)
{
    const double *v = row->v;
    double unserved = v[CAP_UNSERVED];
    enum dosah_status st;
    if (isnan(unserved) && isfinite(v[CAP_COVERED]) && isfinite(v[CAP_POPULATION]))
        unserved = v[CAP_POPULATION] - v[CAP_COVERED];
    if ((st = dosah_report_region_row_start(r, t, row, total)) ||
        (st = dosah_report_table_number(r->ctx, t, 2, v[CAP_POPULATION], 0, NULL)) ||
        (st = dosah_report_table_number(r->ctx, t, 3, v[CAP_FCA], 2, NULL)) ||
        (st = dosah_report_table_number(r->ctx, t, 4, v[CAP_COVERED], 0, NULL)) ||
        (st = dosah_report_table_number(r->ctx, t, 5, unserved, 0, NULL)))
        return st;
    /* Two decimals: capacity is counted in places, so served shares are often below 1 %. */
    return dosah_report_table_percent(
        r->ctx, t, 6, dosah_report_share(v[CAP_COVERED], v[CAP_POPULATION]), 2, NULL);
}

static enum dosah_status cap_table(struct dosah_report *r, size_t k)
{
    /* the region's code, name and population, then the key's capacity fields */
    static const enum dosah_out_field region[] = {DOSAH_OF_REG_CODE, DOSAH_OF_REG_NAME,
                                                  DOSAH_OF_REG_POPULATION};
    static const enum dosah_key_field heads[] = {DOSAH_KF_FCA, DOSAH_KF_CAP_COVERED,
                                                 DOSAH_KF_CAP_UNSERVED, DOSAH_KF_CAP_SHARE};
    const size_t ncol = 3 + sizeof heads / sizeof heads[0];
    struct dosah_report_region_row *rows = NULL;
    struct dosah_report_table t;
    char name[96], slug[64], caption[256];
    enum dosah_status st;
    size_t i, n = 0;
    dosah_report_slug(r->doc.keys[k].key, slug, sizeof slug);
    snprintf(name, sizeof name, "capacity_%s", slug);
    if ((st = dosah_report_table_init(r->ctx, &t, name, ncol, r->lang)))
        return st;
    for (i = 0; i < ncol && !st; i++)
        st = i < 3 ? dosah_report_head_field(r, &t, i, region[i])
                   : dosah_report_head_key_field(r, &t, i, heads[i - 3], NAN);
    if (!st)
        st = dosah_report_region_rows(r, k, CAP_VALUES, cap_columns, &rows, &n);
    for (i = 0; i < n && !st; i++)
        st = cap_row(r, &t, &rows[i], i + 1 == n);
    snprintf(caption, sizeof caption, dosah_report_t(r, DOSAH_RMSG_TABLE_CAPACITY),
             r->doc.keys[k].label);
    if (!st)
        st = dosah_report_emit_table(r, &t, caption);
    dosah_report_region_rows_free(rows, n);
    dosah_report_table_clear(&t);
    return st;
}

enum dosah_status dosah_report_capacity(struct dosah_report *r)
{
    enum dosah_status st;
    size_t k, with = 0;
    for (k = 0; k < r->doc.key_count; k++)
        with += r->doc.keys[k].has_capacity != 0;
    if (!with)
        return dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_CAPACITY_NONE));
    st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_CAPACITY_INTRO));
    for (k = 0; k < r->doc.key_count && !st; k++) {
        if ((st = dosah_report_out(r, "<h3>")) ||
            (st = dosah_report_out_text(r, r->doc.keys[k].label)) ||
            (st = dosah_report_out(r, "</h3>\n")))
            break;
        st = r->doc.keys[k].has_capacity
                 ? cap_table(r, k)
                 : dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_CAPACITY_KEY_NONE));
    }
    return st;
}
