/* SPDX-License-Identifier: MIT */
/*
 * Regional tables by SQL: a section's columns summed over the areas (the municipalities,
 * else the demand points) once per region code and once over the whole area, which comes
 * last. The capacity and opening-hours sections build their tables on these rows, the way a
 * GIS specialist would re-do them: GROUP BY region_code over the municipalities layer.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core_internal.h"
#include "report/sections_internal.h"

enum dosah_status dosah_report_sql_add(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                       const char *fmt, ...)
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

const char *dosah_report_pop_col(const struct dosah_report *r, const char *key,
                                 const char *table, char *buf, size_t size)
{
    dosah_report_key_col(key, DOSAH_KF_GROUP_POPULATION, NAN, NULL, buf, size);
    return dosah_report_db_has_column(&r->doc, table, buf)
               ? buf
               : dosah_out_field_name(DOSAH_OF_MUN_POPULATION); /* every layer's population */
}

enum dosah_status dosah_report_sql_sum(struct dosah_report *r, struct dosah_strbuf *b,
                                       const char *key, enum dosah_key_field f,
                                       const char *window, int weighted)
{
    char col[160], pop[160];
    dosah_report_key_col(key, f, NAN, window, col, sizeof col);
    if (!dosah_report_db_has_column(&r->doc, r->doc.area_table, col))
        return dosah_strbuf_puts(r->ctx, b, ", NULL");
    return dosah_report_sql_add(
        r->ctx, b, weighted ? ", SUM(m.\"%w\" * m.\"%w\")" : ", SUM(m.\"%w\")", col,
        dosah_report_pop_col(r, key, r->doc.area_table, pop, sizeof pop));
}

void dosah_report_region_rows_free(struct dosah_report_region_row *rows, size_t count)
{
    size_t i;
    for (i = 0; rows && i < count; i++) {
        dosah_free(rows[i].code);
        dosah_free(rows[i].name);
        dosah_free(rows[i].v);
    }
    dosah_free(rows);
}

enum dosah_status dosah_report_sql_region(struct dosah_report *r, struct dosah_strbuf *b)
{
    const char *region_code = dosah_out_field_name(DOSAH_OF_MUN_REGION_CODE);
    return dosah_report_sql_add(r->ctx, b,
                                "SELECT m.\"%w\", (SELECT g.\"%w\" FROM \"%w\" g WHERE g.\"%w\" = "
                                "m.\"%w\" LIMIT 1)",
                                region_code, dosah_out_field_name(DOSAH_OF_REG_NAME),
                                dosah_table_name(DOSAH_T_REGIONS),
                                dosah_out_field_name(DOSAH_OF_REG_CODE), region_code);
}

static enum dosah_status read_row(struct dosah_report *r, sqlite3_stmt *stmt, size_t n,
                                  struct dosah_report_region_row *row)
{
    size_t i;
    memset(row, 0, sizeof *row);
    if (!(row->v = dosah_calloc(r->ctx, n + 1, sizeof *row->v)) ||
        (sqlite3_column_type(stmt, 0) != SQLITE_NULL &&
         !(row->code = dosah_report_col_text(r->ctx, stmt, 0))) ||
        (sqlite3_column_type(stmt, 1) != SQLITE_NULL &&
         !(row->name = dosah_report_col_text(r->ctx, stmt, 1))))
        return DOSAH_ENOMEM;
    for (i = 0; i < n; i++)
        row->v[i] = dosah_report_col_number(stmt, 2 + (int)i);
    return DOSAH_OK;
}

/* Appends the rows of one query (per region, or the one row of the whole area). */
static enum dosah_status
query_rows(struct dosah_report *r, size_t k, size_t n, int per_region,
           enum dosah_status (*columns)(struct dosah_report *r, size_t k, int per_region,
                                        struct dosah_strbuf *b),
           struct dosah_report_region_row **rows, size_t *count, size_t *cap)
{
    struct dosah_strbuf sql;
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    int row;
    dosah_strbuf_init(&sql, 0);
    st = per_region ? dosah_report_sql_region(r, &sql)
                    : dosah_strbuf_puts(r->ctx, &sql, "SELECT NULL, NULL");
    if (!st && !(st = columns(r, k, per_region, &sql)))
        st = dosah_report_sql_add(r->ctx, &sql, " FROM \"%w\" m", r->doc.area_table);
    if (!st && per_region)
        st = dosah_report_sql_add(r->ctx, &sql, " GROUP BY m.\"%w\" ORDER BY m.\"%w\"",
                                  dosah_out_field_name(DOSAH_OF_MUN_REGION_CODE),
                                  dosah_out_field_name(DOSAH_OF_MUN_REGION_CODE));
    if (!st)
        st = dosah_report_db_prepare(&r->doc, &stmt, "%s", sql.data);
    dosah_strbuf_clear(&sql);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row) {
        void *p = *rows;
        if ((st = dosah_array_reserve(r->ctx, &p, cap, *count + 1, sizeof **rows)))
            break;
        *rows = p;
        st = read_row(r, stmt, n, &(*rows)[(*count)++]);
    }
    sqlite3_finalize(stmt);
    return st;
}

enum dosah_status dosah_report_region_rows(struct dosah_report *r, size_t k, size_t n,
                                           enum dosah_status (*columns)(struct dosah_report *r,
                                                                        size_t k, int per_region,
                                                                        struct dosah_strbuf *b),
                                           struct dosah_report_region_row **rows, size_t *count)
{
    enum dosah_status st = DOSAH_OK;
    size_t cap = 0;
    *rows = NULL;
    *count = 0;
    if (r->doc.has_region_code)
        st = query_rows(r, k, n, 1, columns, rows, count, &cap);
    if (!st)
        st = query_rows(r, k, n, 0, columns, rows, count, &cap);
    if (st) {
        dosah_report_region_rows_free(*rows, *count);
        *rows = NULL;
        *count = 0;
    }
    return st;
}

enum dosah_status dosah_report_region_row_start(struct dosah_report *r,
                                                struct dosah_report_table *t,
                                                const struct dosah_report_region_row *row,
                                                int total)
{
    const char *name = total       ? dosah_report_t(r, DOSAH_RMSG_TOTAL)
                       : row->name ? row->name
                       : row->code ? row->code
                                   : dosah_report_t(r, DOSAH_RMSG_NO_REGION);
    enum dosah_status st;
    if ((st = dosah_report_table_row(r->ctx, t, total ? DOSAH_REPORT_ROW_TOTAL : 0)) ||
        (st = dosah_report_table_set(r->ctx, t, 0, row->code ? row->code : "", NULL)))
        return st;
    return dosah_report_table_set(r->ctx, t, 1, name, NULL);
}
