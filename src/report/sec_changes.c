/* SPDX-License-Identifier: MIT */
/*
 * What-if differences: the `changes` table compares every regional indicator before and
 * after the scenario's changes. The report lists the indicators that changed (a share in
 * percent and its difference in percentage points, minutes and counts as numbers) and says
 * how many did not; the CSV keeps the GeoPackage's own values (shares 0–1) and indicator
 * names. A table without the expected columns is shown whole.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "report/sections_internal.h"

/* The changes table's fields, from region to difference. */
#define COLUMNS ((size_t)(DOSAH_OF_CHG_DIFFERENCE - DOSAH_OF_CHG_REGION + 1))

/* How an indicator reads: 2 a share, 1 minutes, 0 a count or other number, as the list of
 * fields has the regions' field it names for one of the run's questions. */
static int indicator_kind(const struct dosah_report *r, const char *indicator)
{
    enum dosah_key_field f;
    size_t k;
    for (k = 0; k < r->doc.key_count; k++)
        if (dosah_key_field_of_name(indicator, r->doc.keys[k].key, DOSAH_TM(REGIONS), &f))
            return dosah_key_field_cell(f) == DOSAH_FC_SHARE     ? 2
                   : dosah_key_field_cell(f) == DOSAH_FC_MINUTES ? 1
                                                                 : 0;
    return 0;
}

/* One value as the report shows it; `signed_diff` adds a "+" and percentage points. */
static void show(const struct dosah_report *r, int kind, double v, int signed_diff, char *buf,
                 size_t n)
{
    size_t len;
    if (isnan(v)) {
        snprintf(buf, n, "\xe2\x80\x93");
        return;
    }
    snprintf(buf, n, "%s", signed_diff && v > 0 ? "+" : "");
    len = strlen(buf);
    if (kind == 2 && !signed_diff)
        dosah_report_fmt_percent(r->lang, v, 1, buf + len, n - len);
    else
        dosah_report_fmt_number(r->lang, kind == 2 ? 100 * v : v,
                                kind              ? 1
                                : fabs(v) >= 100  ? 0
                                : fabs(v) >= 1    ? 2
                                : v == floor(v)   ? 0
                                                  : 3,
                                buf + len, n - len);
    len = strlen(buf);
    if (kind == 2 && signed_diff)
        snprintf(buf + len, n - len, "%s", dosah_report_t(r, DOSAH_RMSG_PERCENT_POINTS));
}

static enum dosah_status change_row(struct dosah_report *r, struct dosah_report_table *t,
                                    sqlite3_stmt *stmt)
{
    const char *indicator = (const char *)sqlite3_column_text(stmt, 2);
    int kind = indicator_kind(r, indicator ? indicator : "");
    enum dosah_status st = dosah_report_table_row(r->ctx, t, 0);
    size_t c;
    for (c = 0; c < 4 && !st; c++)
        st = dosah_report_cell(r, t, c, stmt, (int)c, DOSAH_CELL_TEXT);
    for (c = 4; c < COLUMNS && !st; c++) {
        double v = dosah_report_col_number(stmt, (int)c);
        char csv[64] = "", html[96];
        if (!isnan(v))
            snprintf(csv, sizeof csv, "%.6g", v);
        show(r, kind, v, c == 6, html, sizeof html);
        st = dosah_report_table_set(r->ctx, t, c, csv, html);
    }
    return st;
}

static enum dosah_status changed_table(struct dosah_report *r, struct dosah_report_table *t)
{
    enum dosah_out_field f = DOSAH_OF_CHG_REGION;
    sqlite3_stmt *stmt = NULL;
    struct dosah_strbuf sql;
    enum dosah_status st;
    size_t c;
    int row;
    dosah_strbuf_init(&sql, 0);
    if ((st = dosah_report_table_init(r->ctx, t, "changes", COLUMNS, r->lang)))
        return st;
    for (c = 0; c < COLUMNS && !st; c++, f++) {
        if (!(st = dosah_report_head_field(r, t, c, f)))
            st = dosah_report_sql_add(r->ctx, &sql, "%s\"%w\"", c ? ", " : "SELECT ",
                                      dosah_out_field_name(f));
    }
    /* the rows that changed: before, after and difference are the last three fields */
    if (!st)
        st = dosah_report_sql_add(
            r->ctx, &sql,
            " FROM \"%w\" WHERE abs(\"%w\") > 1e-9 OR (\"%w\" IS NULL AND \"%w\" IS NOT "
            "\"%w\") ORDER BY " DOSAH_FID_COLUMN,
            dosah_table_name(DOSAH_T_CHANGES), dosah_out_field_name(DOSAH_OF_CHG_DIFFERENCE),
            dosah_out_field_name(DOSAH_OF_CHG_DIFFERENCE),
            dosah_out_field_name(DOSAH_OF_CHG_BEFORE), dosah_out_field_name(DOSAH_OF_CHG_AFTER));
    if (!st)
        st = dosah_report_db_prepare(&r->doc, &stmt, "%s", sql.data);
    dosah_strbuf_clear(&sql);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row)
        st = change_row(r, t, stmt);
    sqlite3_finalize(stmt);
    return st;
}

static int expected_columns(struct dosah_report *r)
{
    size_t c;
    for (c = 0; c < COLUMNS; c++)
        if (!dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_CHANGES),
                                        dosah_out_field_name(DOSAH_OF_CHG_REGION + (int)c)))
            return 0;
    return 1;
}

enum dosah_status dosah_report_changes(struct dosah_report *r)
{
    struct dosah_report_table t;
    enum dosah_status st;
    double all;
    char note[256];
    if (!r->doc.has_changes)
        return dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_CHANGES_NONE));
    memset(&t, 0, sizeof t);
    st = expected_columns(r)
             ? changed_table(r, &t)
             : dosah_report_generic_table(r, dosah_table_name(DOSAH_T_CHANGES), "changes", &t);
    if (!st)
        st = dosah_report_db_number(&r->doc, &all, "SELECT COUNT(*) FROM \"%w\"",
                                    dosah_table_name(DOSAH_T_CHANGES));
    if (!st) {
        snprintf(note, sizeof note, dosah_report_t(r, DOSAH_RMSG_CHANGES_COUNT),
                 (double)t.row_count, all);
        st = dosah_report_note(r, note);
    }
    if (!st && t.row_count)
        st = dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_CHANGES));
    dosah_report_table_clear(&t);
    return st;
}
