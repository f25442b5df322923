/* SPDX-License-Identifier: MIT */
/*
 * Excluded localities: per region the number of localities, their estimated population and
 * how many of them each service reaches within its threshold; a region without localities
 * says "not applicable" rather than a coverage of 0 %. Then every locality with its travel
 * time to each service, and the time on foot (K_walk_minutes) when the GeoPackage has it. A
 * locality's region is that of its municipality (by code), else of the municipality it lies
 * in (SpatiaLite, on the GeoPackage geometry).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "report/sections_internal.h"

enum loc_rows { LOC_REGIONS, LOC_UNASSIGNED, LOC_TOTAL };

/* Appends sqlite3_mprintf output; NULL from it is out of memory. */
static enum dosah_status add(struct dosah_report *r, struct dosah_strbuf *b, char *s)
{
    enum dosah_status st = s ? dosah_strbuf_puts(r->ctx, b, s) : DOSAH_ENOMEM;
    sqlite3_free(s);
    return st;
}

/* The region code of locality l, as SQL. */
/* A field's name in the SQL below (core/fields.h). */
#define F(id) dosah_out_field_name(DOSAH_OF_##id)

static enum dosah_status region_expr(struct dosah_report *r, struct dosah_strbuf *b)
{
    enum dosah_status st;
    if (!r->doc.has_region_code)
        return dosah_strbuf_puts(r->ctx, b, "NULL");
    if ((st = dosah_strbuf_puts(r->ctx, b, "COALESCE(")))
        return st;
    if (r->doc.has_locality_municipality &&
        (st = dosah_report_sql_add(r->ctx, b,
                                   "(SELECT m.\"%w\" FROM \"%w\" m WHERE CAST(m.\"%w\" AS TEXT) = "
                                   "CAST(l.\"%w\" AS TEXT) LIMIT 1), ",
                                   F(MUN_REGION_CODE), dosah_table_name(DOSAH_T_MUNICIPALITIES),
                                   F(MUN_CODE), F(LOC_MUNICIPALITY))))
        return st;
    return dosah_report_sql_add(r->ctx, b,
                                "(SELECT m.\"%w\" FROM \"%w\" m WHERE "
                                "ST_Intersects(m." DOSAH_GEOM_COLUMN
                                ", ST_PointOnSurface(l." DOSAH_GEOM_COLUMN ")) = 1 LIMIT 1))",
                                F(MUN_REGION_CODE), dosah_table_name(DOSAH_T_MUNICIPALITIES));
}

static enum dosah_status covered_sums(struct dosah_report *r, struct dosah_strbuf *b)
{
    enum dosah_status st = DOSAH_OK;
    size_t k;
    for (k = 0; k < r->doc.key_count && !st; k++) {
        char col[160];
        dosah_report_key_col(r->doc.keys[k].key, DOSAH_KF_COVERED, NAN, NULL, col, sizeof col);
        st = dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_LOCALITIES), col)
                 ? add(r, b, sqlite3_mprintf(", SUM(loc.\"%w\")", col))
                 : dosah_strbuf_puts(r->ctx, b, ", NULL");
    }
    return st;
}

static enum dosah_status loc_sql(struct dosah_report *r, enum loc_rows mode,
                                 struct dosah_strbuf *b)
{
    enum dosah_status st;
    if ((st = dosah_strbuf_puts(r->ctx, b, "WITH loc AS (SELECT l.*, ")) ||
        (st = region_expr(r, b)) ||
        (st = dosah_report_sql_add(r->ctx, b, " AS in_region FROM \"%w\" l) ",
                                   dosah_table_name(DOSAH_T_LOCALITIES))) ||
        (st = mode == LOC_REGIONS ? dosah_report_sql_add(r->ctx, b, "SELECT g.\"%w\", g.\"%w\"",
                                                         F(REG_CODE), F(REG_NAME))
                                  : dosah_strbuf_puts(r->ctx, b, "SELECT NULL, NULL")) ||
        (st = dosah_report_sql_add(r->ctx, b, ", COUNT(loc." DOSAH_FID_COLUMN "), SUM(loc.\"%w\")",
                                   F(LOC_POPULATION))) ||
        (st = covered_sums(r, b)))
        return st;
    if (mode == LOC_REGIONS)
        return dosah_report_sql_add(r->ctx, b,
                                    " FROM \"%w\" g LEFT JOIN loc ON loc.in_region = g.\"%w\" "
                                    "GROUP BY g." DOSAH_FID_COLUMN " ORDER BY g.\"%w\"",
                                    dosah_table_name(DOSAH_T_REGIONS), F(REG_CODE), F(REG_CODE));
    return dosah_strbuf_puts(
        r->ctx, b, mode == LOC_UNASSIGNED ? " FROM loc WHERE loc.in_region IS NULL" : " FROM loc");
}

static enum dosah_status loc_row(struct dosah_report *r, struct dosah_report_table *t,
                                 sqlite3_stmt *stmt, enum loc_rows mode)
{
    struct dosah_ctx *ctx = r->ctx;
    const char *na = dosah_report_t(r, DOSAH_RMSG_NOT_APPLICABLE);
    const char *code = (const char *)sqlite3_column_text(stmt, 0);
    const char *name = (const char *)sqlite3_column_text(stmt, 1);
    double count = sqlite3_column_double(stmt, 2);
    enum dosah_status st;
    size_t k;
    if (mode != LOC_REGIONS)
        name = dosah_report_t(r, mode == LOC_TOTAL ? DOSAH_RMSG_TOTAL : DOSAH_RMSG_NO_REGION);
    if ((st = dosah_report_table_row(ctx, t, mode == LOC_TOTAL ? DOSAH_REPORT_ROW_TOTAL : 0)) ||
        (st = dosah_report_table_set(ctx, t, 0, code ? code : "", NULL)) ||
        (st = dosah_report_table_set(ctx, t, 1, name ? name : code ? code : "", NULL)) ||
        (st = dosah_report_table_number(ctx, t, 2, count, 0, NULL)) ||
        (st = dosah_report_table_number(ctx, t, 3, count > 0 ? dosah_report_col_number(stmt, 3)
                                                             : NAN, 0, na)))
        return st;
    for (k = 0; k < r->doc.key_count && !st; k++)
        st = dosah_report_table_number(ctx, t, 4 + k,
                                       count > 0 ? dosah_report_col_number(stmt, 4 + (int)k)
                                                 : NAN, 0, count > 0 ? NULL : na);
    return st;
}

static enum dosah_status loc_rows(struct dosah_report *r, struct dosah_report_table *t,
                                  enum loc_rows mode)
{
    struct dosah_strbuf sql;
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    int row;
    dosah_strbuf_init(&sql, 0);
    if (!(st = loc_sql(r, mode, &sql)))
        st = dosah_report_db_prepare(&r->doc, &stmt, "%s", sql.data);
    dosah_strbuf_clear(&sql);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row) {
        if (mode == LOC_UNASSIGNED && sqlite3_column_int(stmt, 2) == 0)
            continue;
        st = loc_row(r, t, stmt, mode);
    }
    sqlite3_finalize(stmt);
    return st;
}

static enum dosah_status region_table(struct dosah_report *r)
{
    /* the region's code and name, then counts of the localities with their own headings */
    static const enum dosah_report_msg_id heads[] = {DOSAH_RMSG_COL_LOCALITIES,
                                                     DOSAH_RMSG_COL_LOC_POPULATION};
    struct dosah_report_table t;
    enum dosah_status st;
    size_t k;
    if ((st = dosah_report_table_init(r->ctx, &t, "localities_regions", 4 + r->doc.key_count,
                                      r->lang)))
        return st;
    for (k = 0; k < 4 && !st; k++)
        st = k < 2 ? dosah_report_head_field(r, &t, k, k ? DOSAH_OF_REG_NAME : DOSAH_OF_REG_CODE)
                   : dosah_report_table_head(r->ctx, &t, k, dosah_report_t(r, heads[k - 2]), 1);
    for (k = 0; k < r->doc.key_count && !st; k++) {
        struct dosah_heading_args a = {NAN, NULL, NULL, r->doc.keys[k].label};
        st = dosah_report_head_key_field_args(r, &t, 4 + k, DOSAH_KF_COVERED, &a);
    }
    if (!st && r->doc.has_region_code && !(st = loc_rows(r, &t, LOC_REGIONS)))
        st = loc_rows(r, &t, LOC_UNASSIGNED);
    if (!st && !(st = loc_rows(r, &t, LOC_TOTAL)))
        st = dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_LOC_REGIONS));
    dosah_report_table_clear(&t);
    return st;
}

/* Column expression of excluded_localities, or NULL when it has no such column. */
static enum dosah_status loc_col(struct dosah_report *r, struct dosah_strbuf *b, const char *col)
{
    if (!dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_LOCALITIES), col))
        return dosah_strbuf_puts(r->ctx, b, ", NULL");
    return add(r, b, sqlite3_mprintf(", l.\"%w\"", col));
}

static enum dosah_status list_sql(struct dosah_report *r, struct dosah_strbuf *b)
{
    enum dosah_status st;
    size_t k;
    int names = r->doc.has_locality_municipality &&
                dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_MUNICIPALITIES),
                                           dosah_out_field_name(DOSAH_OF_MUN_NAME));
    if ((st = dosah_report_sql_add(r->ctx, b, "SELECT l.\"%w\", ", F(LOC_NAME))) ||
        (st = names ? dosah_report_sql_add(r->ctx, b,
                                           "(SELECT m.\"%w\" FROM \"%w\" m WHERE CAST(m.\"%w\" AS "
                                           "TEXT) = CAST(l.\"%w\" AS TEXT) LIMIT 1)",
                                           F(MUN_NAME), dosah_table_name(DOSAH_T_MUNICIPALITIES),
                                           F(MUN_CODE), F(LOC_MUNICIPALITY))
                    : dosah_strbuf_puts(r->ctx, b, "NULL")))
        return st;
    if (r->doc.has_region_code &&
        ((st = dosah_report_sql_add(r->ctx, b, ", (SELECT g.\"%w\" FROM \"%w\" g WHERE g.\"%w\" = ",
                                    F(REG_NAME), dosah_table_name(DOSAH_T_REGIONS),
                                    F(REG_CODE))) ||
         (st = region_expr(r, b)) || (st = dosah_strbuf_puts(r->ctx, b, " LIMIT 1)"))))
        return st;
    if ((!r->doc.has_region_code && (st = dosah_strbuf_puts(r->ctx, b, ", NULL"))) ||
        (st = loc_col(r, b, dosah_out_field_name(DOSAH_OF_LOC_POPULATION))) ||
        (st = loc_col(r, b, dosah_out_field_name(DOSAH_OF_LOC_POPULATION_MIN))) ||
        (st = loc_col(r, b, dosah_out_field_name(DOSAH_OF_LOC_POPULATION_MAX))))
        return st;
    for (k = 0; k < r->doc.key_count && !st; k++) {
        static const enum dosah_key_field fields[] = {DOSAH_KF_MINUTES, DOSAH_KF_COVERED,
                                                      DOSAH_KF_WALK_MINUTES};
        char col[160];
        size_t i;
        for (i = 0; i < 3 && !st; i++)
            st = loc_col(r, b,
                         dosah_report_key_col(r->doc.keys[k].key, fields[i], NAN, NULL, col,
                                              sizeof col));
    }
    return st ? st
              : dosah_report_sql_add(r->ctx, b, " FROM \"%w\" l ORDER BY l." DOSAH_FID_COLUMN,
                                     dosah_table_name(DOSAH_T_LOCALITIES));
}

/* Whether the localities carry the time on foot to key k's facilities (K_walk_minutes). */
static int has_walk(const struct dosah_report *r, size_t k)
{
    char col[160];
    dosah_report_key_col(r->doc.keys[k].key, DOSAH_KF_WALK_MINUTES, NAN, NULL, col, sizeof col);
    return dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_LOCALITIES), col);
}

/* Minutes to the key's nearest facility, marked when beyond its threshold. */
static enum dosah_status minutes_cell(struct dosah_report *r, struct dosah_report_table *t,
                                      size_t col, double minutes, double covered)
{
    char csv[32], html[96];
    size_t len;
    if (isnan(minutes))
        return dosah_report_table_set(r->ctx, t, col, "",
                                      dosah_report_t(r, DOSAH_RMSG_UNREACHABLE));
    snprintf(csv, sizeof csv, "%.1f", minutes);
    dosah_report_fmt_number(r->lang, minutes, 1, html, sizeof html);
    len = strlen(html);
    if (covered == 0)
        snprintf(html + len, sizeof html - len, " \xe2\x9c\x97");
    return dosah_report_table_set(r->ctx, t, col, csv, html);
}

static enum dosah_status list_row(struct dosah_report *r, struct dosah_report_table *t,
                                  sqlite3_stmt *stmt, const unsigned char *walk)
{
    enum dosah_status st = dosah_report_table_row(r->ctx, t, 0);
    size_t c, k;
    for (c = 0; c < 3 && !st; c++) {
        const char *v = (const char *)sqlite3_column_text(stmt, (int)c);
        st = dosah_report_table_set(r->ctx, t, c, v ? v : "", NULL);
    }
    for (c = 3; c < 6 && !st; c++)
        st = dosah_report_table_number(r->ctx, t, c, dosah_report_col_number(stmt, (int)c), 0,
                                       NULL);
    for (k = 0; k < r->doc.key_count && !st; k++)
        st = minutes_cell(r, t, 6 + k, dosah_report_col_number(stmt, 6 + 3 * (int)k),
                          dosah_report_col_number(stmt, 7 + 3 * (int)k));
    /* On foot, without a mark: the threshold is that of the question's own mode. */
    for (k = 0, c = 6 + r->doc.key_count; k < r->doc.key_count && !st; k++)
        if (walk[k])
            st = dosah_report_table_number(r->ctx, t, c++,
                                           dosah_report_col_number(stmt, 8 + 3 * (int)k), 1,
                                           dosah_report_t(r, DOSAH_RMSG_UNREACHABLE));
    return st;
}

static enum dosah_status list_heads(struct dosah_report *r, struct dosah_report_table *t,
                                    const unsigned char *walk)
{
    /* the locality's name, its municipality's and region's names, its estimates */
    static const enum dosah_out_field heads[] = {
        DOSAH_OF_LOC_NAME,       DOSAH_OF_MUN_NAME,           DOSAH_OF_REG_NAME,
        DOSAH_OF_LOC_POPULATION, DOSAH_OF_LOC_POPULATION_MIN, DOSAH_OF_LOC_POPULATION_MAX};
    enum dosah_status st = DOSAH_OK;
    size_t c, k;
    for (c = 0; c < 6 && !st; c++)
        st = dosah_report_head_field(r, t, c, heads[c]);
    for (k = 0, c = 6; k < 2 * r->doc.key_count && !st; k++) {
        size_t key = k % r->doc.key_count;
        struct dosah_heading_args a = {NAN, NULL, NULL, r->doc.keys[key].label};
        if (k >= r->doc.key_count && !walk[key])
            continue;
        st = dosah_report_head_key_field_args(
            r, t, c++, k < r->doc.key_count ? DOSAH_KF_MINUTES : DOSAH_KF_WALK_MINUTES, &a);
    }
    return st;
}

/* Columns: six, the time to each key's facilities, then the times on foot to those whose
 * K_walk_minutes the localities carry (walk[k]); last, so that the times by the questions'
 * own mode stay together as before. */
static enum dosah_status list_table(struct dosah_report *r)
{
    unsigned char *walk = dosah_calloc(r->ctx, r->doc.key_count + 1, 1);
    struct dosah_report_table t;
    struct dosah_strbuf sql;
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    size_t k, columns = 6;
    int row;
    if (!walk)
        return DOSAH_ENOMEM;
    for (k = 0; k < r->doc.key_count; k++)
        columns += 1 + (walk[k] = (unsigned char)has_walk(r, k));
    if ((st = dosah_report_table_init(r->ctx, &t, "localities", columns, r->lang))) {
        dosah_free(walk);
        return st;
    }
    dosah_strbuf_init(&sql, 0);
    if (!(st = list_heads(r, &t, walk)) && !(st = list_sql(r, &sql)))
        st = dosah_report_db_prepare(&r->doc, &stmt, "%s", sql.data);
    dosah_strbuf_clear(&sql);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row)
        st = list_row(r, &t, stmt, walk);
    sqlite3_finalize(stmt);
    if (!st)
        st = dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_LOCALITIES));
    dosah_report_table_clear(&t);
    dosah_free(walk);
    return st;
}

enum dosah_status dosah_report_localities(struct dosah_report *r)
{
    enum dosah_status st;
    if (!r->doc.has_localities)
        return dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_LOCALITIES_NONE));
    if ((st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_LOCALITIES_INTRO))) ||
        (st = region_table(r)))
        return st;
    return list_table(r);
}
