/* SPDX-License-Identifier: MIT */
/*
 * Coverage figures by SQL over the GeoPackage: population, population within the key's
 * threshold and within each T, unreached population and the population-weighted mean time,
 * for the whole area and per region. Sums run over the municipalities (the regions' own rows
 * would do as well; summing the municipalities is what a GIS specialist re-does to check).
 * The mean time is the engine's own definition: Σ P_i t_i / Σ P_i over reached demand points,
 * so the whole-area mean comes from the demand layer when there is one and the regions' mean
 * from the regions layer.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core_internal.h"
#include "report/report_internal.h"
#include "report/sections_internal.h"

/* Appends sqlite3_mprintf(fmt, ...) to b. */
static enum dosah_status add(struct dosah_ctx *ctx, struct dosah_strbuf *b, const char *fmt, ...)
{
    enum dosah_status st;
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!s)
        return dosah_error_set(ctx, DOSAH_ENOMEM, "out of memory building a query");
    st = dosah_strbuf_puts(ctx, b, s);
    sqlite3_free(s);
    return st;
}

/* SUM of the column of field f for key ({T} as minutes), or NULL when the layer has no such
 * column. */
static enum dosah_status sum_col(struct dosah_report *r, struct dosah_strbuf *b, const char *key,
                                 enum dosah_key_field f, double minutes)
{
    char col[160];
    dosah_report_key_col(key, f, minutes, NULL, col, sizeof col);
    if (dosah_report_db_has_column(&r->doc, r->doc.area_table, col))
        return add(r->ctx, b, ", SUM(m.\"%w\")", col);
    return add(r->ctx, b, ", NULL");
}

/* On demand points: SUM of the population within t minutes (NULL for NaN). */
static enum dosah_status sum_within(struct dosah_report *r, struct dosah_strbuf *b,
                                    const char *key, double t)
{
    char pop[160], col[160];
    if (isnan(t))
        return add(r->ctx, b, ", NULL");
    dosah_report_key_col(key, DOSAH_KF_MINUTES, NAN, NULL, col, sizeof col);
    /* The engine compares in seconds with 1e-6 s of slack; the same slack here. */
    return add(r->ctx, b, ", SUM(CASE WHEN m.\"%w\" <= %.17g THEN m.\"%w\" "
               "ELSE 0 END)", col, t + 1e-6 / 60.0,
               dosah_report_pop_col(r, key, r->doc.area_table, pop, sizeof pop));
}

/* Mean time: the regions' own value per region; else over reached population. */
static enum dosah_status mean_col(struct dosah_report *r, struct dosah_strbuf *b,
                                  const char *key, int per_region)
{
    char col[160], pbuf[160], unreached[160];
    const char *pop = dosah_report_pop_col(r, key, r->doc.area_table, pbuf, sizeof pbuf);
    dosah_report_key_col(key, DOSAH_KF_MEAN_MINUTES, NAN, NULL, col, sizeof col);
    dosah_report_key_col(key, DOSAH_KF_UNREACHED, NAN, NULL, unreached, sizeof unreached);
    if (per_region && dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_REGIONS), col))
        return add(r->ctx, b,
                   ", (SELECT g.\"%w\" FROM \"%w\" g WHERE g.\"%w\" = m.\"%w\" LIMIT 1)", col,
                   dosah_table_name(DOSAH_T_REGIONS), dosah_out_field_name(DOSAH_OF_REG_CODE),
                   dosah_out_field_name(DOSAH_OF_MUN_REGION_CODE));
    if (!strcmp(r->doc.area_table, dosah_table_name(DOSAH_T_DEMAND)))
        return add(r->ctx, b, ", SUM(m.\"%w\" * m.\"%w\") / SUM(CASE WHEN m.\"%w\" IS NOT "
                   "NULL THEN m.\"%w\" END)", col, pop, col, pop);
    return add(r->ctx, b, ", SUM(m.\"%w\" * (m.\"%w\" - COALESCE(m.\"%w\", 0))) / "
               "SUM(CASE WHEN m.\"%w\" IS NOT NULL THEN m.\"%w\" - COALESCE(m.\"%w\""
               ", 0) END)", col, pop, unreached, col, pop, unreached);
}

/* population, pop_within, unreached, mean, pop_at[T]... */
static enum dosah_status columns(struct dosah_report *r, size_t k, int per_region,
                                 struct dosah_strbuf *b)
{
    const struct dosah_report_key *key = &r->doc.keys[k];
    int demand = !strcmp(r->doc.area_table, dosah_table_name(DOSAH_T_DEMAND));
    enum dosah_status st;
    size_t i;
    char pbuf[160], minutes[160];
    const char *pop = dosah_report_pop_col(r, key->key, r->doc.area_table, pbuf, sizeof pbuf);
    if ((st = add(r->ctx, b, ", SUM(m.\"%w\")", pop)))
        return st;
    if (demand)
        st = sum_within(r, b, key->key, key->threshold_min);
    else
        st = sum_col(r, b, key->key, DOSAH_KF_POP_WITHIN, NAN);
    if (st)
        return st;
    dosah_report_key_col(key->key, DOSAH_KF_MINUTES, NAN, NULL, minutes, sizeof minutes);
    if (demand)
        st = add(r->ctx, b, ", SUM(CASE WHEN m.\"%w\" IS NULL THEN m.\"%w\" ELSE 0 "
                 "END)", minutes, pop);
    else
        st = sum_col(r, b, key->key, DOSAH_KF_UNREACHED, NAN);
    if (st || (st = mean_col(r, b, key->key, per_region)))
        return st;
    for (i = 0; i < r->doc.threshold_count && !st; i++) {
        st = demand ? sum_within(r, b, key->key, r->doc.thresholds[i])
                    : sum_col(r, b, key->key, DOSAH_KF_POP_WITHIN_T, r->doc.thresholds[i]);
    }
    return st;
}

static enum dosah_status read_row(struct dosah_report *r, sqlite3_stmt *stmt,
                                  struct dosah_report_cov *c)
{
    size_t i;
    memset(c, 0, sizeof *c);
    if (!(c->pop_at = dosah_calloc(r->ctx, r->doc.threshold_count + 1, sizeof *c->pop_at)))
        return DOSAH_ENOMEM;
    if ((sqlite3_column_type(stmt, 0) != SQLITE_NULL &&
         !(c->code = dosah_report_col_text(r->ctx, stmt, 0))) ||
        (sqlite3_column_type(stmt, 1) != SQLITE_NULL &&
         !(c->name = dosah_report_col_text(r->ctx, stmt, 1))))
        return DOSAH_ENOMEM;
    c->population = dosah_report_col_number(stmt, 2);
    c->pop_within = dosah_report_col_number(stmt, 3);
    c->unreached = dosah_report_col_number(stmt, 4);
    c->mean_minutes = dosah_report_col_number(stmt, 5);
    for (i = 0; i < r->doc.threshold_count; i++)
        c->pop_at[i] = dosah_report_col_number(stmt, 6 + (int)i);
    return DOSAH_OK;
}

void dosah_report_cov_free(struct dosah_report_cov *rows, size_t count)
{
    size_t i;
    for (i = 0; rows && i < count; i++) {
        dosah_free(rows[i].code);
        dosah_free(rows[i].name);
        dosah_free(rows[i].pop_at);
    }
    dosah_free(rows);
}

enum dosah_status dosah_report_cov_query(struct dosah_report *r, size_t k, int per_region,
                                         struct dosah_report_cov **rows, size_t *count)
{
    struct dosah_strbuf sql;
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    size_t cap = 0;
    int row;
    *rows = NULL;
    *count = 0;
    per_region = per_region && r->doc.has_region_code;
    dosah_strbuf_init(&sql, 0);
    st = per_region ? dosah_report_sql_region(r, &sql) : add(r->ctx, &sql, "SELECT NULL, NULL");
    if (!st && !(st = columns(r, k, per_region, &sql)))
        st = add(r->ctx, &sql, " FROM \"%w\" m", r->doc.area_table);
    if (!st && per_region)
        st = add(r->ctx, &sql, " GROUP BY m.\"%w\" ORDER BY m.\"%w\"",
                 dosah_out_field_name(DOSAH_OF_MUN_REGION_CODE),
                 dosah_out_field_name(DOSAH_OF_MUN_REGION_CODE));
    if (!st)
        st = dosah_report_db_prepare(&r->doc, &stmt, "%s", sql.data);
    dosah_strbuf_clear(&sql);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row) {
        void *p = *rows;
        if ((st = dosah_array_reserve(r->ctx, &p, &cap, *count + 1, sizeof **rows)))
            break;
        *rows = p;
        st = read_row(r, stmt, &(*rows)[(*count)++]);
    }
    sqlite3_finalize(stmt);
    if (st) {
        dosah_report_cov_free(*rows, *count);
        *rows = NULL;
        *count = 0;
    }
    return st;
}

/* Share helper: part / whole, NaN when the whole is not positive. */
double dosah_report_share(double part, double whole)
{
    return isfinite(part) && isfinite(whole) && whole > 0 ? part / whole : NAN;
}
