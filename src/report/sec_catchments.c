/* SPDX-License-Identifier: MIT */
/*
 * Catchments and declared scope. The engine checked each catchment polygon against the
 * computed times of the demand points: the section says how many polygons
 * there are, at how many points they were checked and how many points disagree (which must
 * be none), in a sentence and per question. Then, per question and facility, how its declared
 * scope compares with its reach: municipalities declared, declared but not reached, reached
 * but not declared (the services layer's scope_* fields, else counted from the scope layer),
 * and the names of the declared ones not reached.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "report/sections_internal.h"

/* A field's name in the SQL below (core/fields.h). */
#define F(id) dosah_out_field_name(DOSAH_OF_##id)

enum { CA_KEY, CA_FACILITIES, CA_POLYGONS, CA_CHECKED, CA_VIOLATIONS, CA_COLUMNS };

/* The scope table's columns: a facility's id, name, the counts of its services fields and the
 * names of the municipalities declared but not reached (scope layer). */
#define SCOPE_COLUMNS                                                                              \
    DOSAH_OF_SRV_ID, DOSAH_OF_SRV_NAME, DOSAH_OF_SRV_SCOPE_DECLARED,                               \
        DOSAH_OF_SRV_SCOPE_NOT_REACHED, DOSAH_OF_SRV_SCOPE_NOT_DECLARED, DOSAH_OF_SCOPE_NAME

/* ", SUM(<field>)" over the catchments into buf, or ", NULL" without that column. */
static const char *catchment_sum(const struct dosah_report *r, enum dosah_out_field f, char *buf,
                                 size_t n)
{
    const char *col = dosah_out_field_name(f);
    if (!dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_CATCHMENTS), col))
        return ", NULL";
    snprintf(buf, n, ", SUM(\"%s\")", col);
    return buf;
}

/* "The catchments (N polygons) agree with the computed times at all M checked demand points",
 * or at how many they disagree. */
static enum dosah_status catchment_sentence(struct dosah_report *r, const double *total)
{
    char p[64], c[64], v[64], text[1024];
    enum dosah_status st;
    dosah_report_fmt_number(r->lang, total[CA_POLYGONS], 0, p, sizeof p);
    dosah_report_fmt_number(r->lang, total[CA_CHECKED], 0, c, sizeof c);
    dosah_report_fmt_number(r->lang, total[CA_VIOLATIONS], 0, v, sizeof v);
    if (total[CA_VIOLATIONS] == 0)
        snprintf(text, sizeof text, dosah_report_t(r, DOSAH_RMSG_CATCHMENTS_AGREE), p, c);
    else
        snprintf(text, sizeof text, dosah_report_t(r, DOSAH_RMSG_CATCHMENTS_DISAGREE), p, v, c);
    if ((st = dosah_report_out(r, "<p class=\"finding\">")) ||
        (st = dosah_report_out_text(r, text)))
        return st;
    return dosah_report_out(r, "</p>\n");
}

static enum dosah_status catchment_row(struct dosah_report *r, struct dosah_report_table *t,
                                       sqlite3_stmt *stmt, int total, double *values)
{
    enum dosah_status st = dosah_report_table_row(r->ctx, t, total ? DOSAH_REPORT_ROW_TOTAL : 0);
    int c;
    if (!st)
        st = total ? dosah_report_table_set(r->ctx, t, CA_KEY, "",
                                            dosah_report_t(r, DOSAH_RMSG_TOTAL))
                   : dosah_report_cell(r, t, CA_KEY, stmt, CA_KEY,
                                       dosah_report_field_kind(DOSAH_OF_CATCH_KEY));
    for (c = CA_FACILITIES; c < CA_COLUMNS && !st; c++) {
        values[c] = dosah_report_col_number(stmt, c);
        st = dosah_report_table_number(r->ctx, t, (size_t)c, values[c], 0, NULL);
    }
    return st;
}

/* Per question (in the order the engine wrote them), then the total into `total`. */
static enum dosah_status catchment_rows(struct dosah_report *r, struct dosah_report_table *t,
                                        double *total)
{
    /* a field of the list, or (-1) a count with a heading of its own */
    static const int fields[CA_COLUMNS] = {DOSAH_OF_CATCH_KEY, -1, -1,
                                           DOSAH_OF_CATCH_CHECKED_POINTS,
                                           DOSAH_OF_CATCH_VIOLATIONS};
    double scratch[CA_COLUMNS];
    char checked[64], violations[64], key[64], group[128];
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    int all, row;
    size_t c;
    if ((st = dosah_report_table_init(r->ctx, t, "catchments", CA_COLUMNS, r->lang)))
        return st;
    for (c = 0; c < CA_COLUMNS && !st; c++)
        st = fields[c] >= 0
                 ? dosah_report_head_field(r, t, c, (enum dosah_out_field)fields[c])
                 : dosah_report_table_head(r->ctx, t, c,
                                           dosah_report_t(r, c == CA_FACILITIES
                                                                 ? DOSAH_RMSG_COL_FACILITIES
                                                                 : DOSAH_RMSG_COL_POLYGONS),
                                           1);
    snprintf(key, sizeof key, "\"%s\"", F(CATCH_KEY));
    snprintf(group, sizeof group, " GROUP BY %s ORDER BY MIN(" DOSAH_FID_COLUMN ")", key);
    for (all = 0; all < 2 && !st; all++) {
        st = dosah_report_db_prepare(
            &r->doc, &stmt, "SELECT %s, COUNT(DISTINCT \"%w\"), COUNT(*)%s%s FROM \"%w\"%s",
            all ? "NULL" : key, F(CATCH_SERVICE_ID),
            catchment_sum(r, DOSAH_OF_CATCH_CHECKED_POINTS, checked, sizeof checked),
            catchment_sum(r, DOSAH_OF_CATCH_VIOLATIONS, violations, sizeof violations),
            dosah_table_name(DOSAH_T_CATCHMENTS), all ? "" : group);
        while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row)
            st = catchment_row(r, t, stmt, all, all ? total : scratch);
        sqlite3_finalize(stmt);
        stmt = NULL;
    }
    return st;
}

static enum dosah_status catchments_part(struct dosah_report *r)
{
    struct dosah_report_table t;
    double total[CA_COLUMNS] = {0};
    enum dosah_status st;
    if (!r->doc.has_catchments)
        return dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_CATCHMENTS_NONE));
    if (!(st = catchment_rows(r, &t, total))) {
        if (!(total[CA_POLYGONS] > 0))
            st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_CATCHMENTS_NONE));
        else if (!(st = catchment_sentence(r, total)))
            st = dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_CATCHMENTS));
    }
    dosah_report_table_clear(&t);
    return st;
}

/* The declared-but-not-reached municipalities per facility of key `key`, as a join (one
 * pass over the scope layer, grouped once; SQLite indexes the grouped rows for the join)
 * giving n.names, in the scope layer's order. */
static char *names_join(const struct dosah_report *r, const char *key)
{
    if (!r->doc.has_scope)
        return sqlite3_mprintf("LEFT JOIN (SELECT NULL AS sid, NULL AS names) n ON 0");
    return sqlite3_mprintf(
        "LEFT JOIN (SELECT sid, group_concat(\"%w\", ', ') AS names FROM "
        "(SELECT CAST(\"%w\" AS TEXT) AS sid, \"%w\" FROM \"%w\" WHERE "
        "\"%w\" = %Q AND \"%w\" = 'declared_not_reached' ORDER BY sid, " DOSAH_FID_COLUMN ") "
        "GROUP BY sid) n ON n.sid = CAST(s.\"%w\" AS TEXT)",
        F(SCOPE_NAME), F(SCOPE_SERVICE_ID), F(SCOPE_NAME), dosah_table_name(DOSAH_T_SCOPE),
        F(SCOPE_KEY), key, F(SCOPE_STATUS), F(SRV_ID));
}

static int scope_fields(const struct dosah_report *r)
{
    return r->doc.has_services &&
           dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_SERVICES),
                                      dosah_out_field_name(DOSAH_OF_SRV_SCOPE_NOT_DECLARED));
}

static int has_scope_data(const struct dosah_report *r)
{
    return scope_fields(r) || r->doc.has_scope;
}

/* The scope rows of key k (key, facility id, name, declared, declared but not reached, reached
 * but not declared, names of the declared not reached): from the services layer's fields
 * when it has them, else counted from the scope layer (declared counts are then unknown). */
static enum dosah_status scope_query(struct dosah_report *r, size_t k, sqlite3_stmt **stmt)
{
    const char *key = r->doc.keys[k].key;
    enum dosah_status st;
    char *join;
    if (!scope_fields(r))
    {
        char *services = r->doc.has_services
                             ? sqlite3_mprintf("LEFT JOIN (SELECT CAST(\"%w\" AS TEXT) AS vid, "
                                               "MIN(\"%w\") AS vname FROM \"%w\" GROUP BY vid) v "
                                               "ON v.vid = CAST(c.sid AS TEXT)",
                                               F(SRV_ID), F(SRV_NAME),
                                               dosah_table_name(DOSAH_T_SERVICES))
                             : sqlite3_mprintf("");
        if (!services)
            return DOSAH_ENOMEM;
        st = dosah_report_db_prepare(
            &r->doc, stmt,
            "SELECT c.k, c.sid, %s, NULL, c.not_reached, c.not_declared, c.names FROM "
            "(SELECT \"%w\" AS k, \"%w\" AS sid, MIN(" DOSAH_FID_COLUMN ") AS first, "
            "SUM(\"%w\" = 'declared_not_reached') AS not_reached, "
            "SUM(\"%w\" = 'reached_not_declared') AS not_declared, "
            "group_concat(CASE WHEN \"%w\" = 'declared_not_reached' THEN \"%w\" END, ', ') AS "
            "names FROM \"%w\" WHERE \"%w\" = %Q GROUP BY \"%w\") c %s ORDER BY c.first",
            r->doc.has_services ? "v.vname" : "NULL", F(SCOPE_KEY), F(SCOPE_SERVICE_ID),
            F(SCOPE_STATUS), F(SCOPE_STATUS), F(SCOPE_STATUS), F(SCOPE_NAME),
            dosah_table_name(DOSAH_T_SCOPE), F(SCOPE_KEY), key, F(SCOPE_SERVICE_ID), services);
        sqlite3_free(services);
        return st;
    }
    if (!(join = names_join(r, key)))
        return DOSAH_ENOMEM;
    st = dosah_report_db_prepare(&r->doc, stmt,
                                 "SELECT s.\"%w\", s.\"%w\", s.\"%w\", s.\"%w\", s.\"%w\", "
                                 "s.\"%w\", n.names FROM \"%w\" s %s WHERE s.\"%w\" = %Q AND "
                                 "s.\"%w\" IS NOT NULL ORDER BY s." DOSAH_FID_COLUMN,
                                 F(SRV_KEY), F(SRV_ID), F(SRV_NAME), F(SRV_SCOPE_DECLARED),
                                 F(SRV_SCOPE_NOT_REACHED), F(SRV_SCOPE_NOT_DECLARED),
                                 dosah_table_name(DOSAH_T_SERVICES), join, F(SRV_KEY), key,
                                 F(SRV_SCOPE_DECLARED));
    sqlite3_free(join);
    return st;
}

static enum dosah_status scope_row(struct dosah_report *r, struct dosah_report_table *t,
                                   sqlite3_stmt *stmt)
{
    /* Columns 1... of the query (the first is the key, which the table's caption names). */
    static const enum dosah_out_field kinds[] = {SCOPE_COLUMNS};
    /* A facility that does not reach what it declares stands out. */
    enum dosah_status st = dosah_report_table_row(
        r->ctx, t, sqlite3_column_int(stmt, 4) > 0 ? DOSAH_REPORT_ROW_ALERT : 0);
    size_t c;
    for (c = 0; c < sizeof kinds / sizeof kinds[0] && !st; c++)
        st = dosah_report_cell(r, t, c, stmt, (int)c + 1, dosah_report_field_kind(kinds[c]));
    return st;
}

/* The table of key k, when some facility of it declares a scope (*shown: 1). */
static enum dosah_status scope_table(struct dosah_report *r, size_t k, int *shown)
{
    static const enum dosah_out_field heads[] = {SCOPE_COLUMNS};
    const size_t ncol = sizeof heads / sizeof heads[0];
    struct dosah_report_table t;
    sqlite3_stmt *stmt = NULL;
    char name[96], slug[64], caption[256];
    enum dosah_status st;
    size_t c;
    int row;
    dosah_report_slug(r->doc.keys[k].key, slug, sizeof slug);
    snprintf(name, sizeof name, "scope_%s", slug);
    if ((st = dosah_report_table_init(r->ctx, &t, name, ncol, r->lang)))
        return st;
    for (c = 0; c < ncol && !st; c++)
        st = dosah_report_head_field(r, &t, c, heads[c]);
    if (!st)
        st = scope_query(r, k, &stmt);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row)
        st = scope_row(r, &t, stmt);
    sqlite3_finalize(stmt);
    snprintf(caption, sizeof caption, dosah_report_t(r, DOSAH_RMSG_TABLE_SCOPE),
             r->doc.keys[k].label);
    if (!st && t.row_count) {
        /* The intro goes before the first table. */
        if (!*shown)
            st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_SCOPE_INTRO));
        *shown = 1;
        if (!st)
            st = dosah_report_emit_table(r, &t, caption);
    }
    dosah_report_table_clear(&t);
    return st;
}

static enum dosah_status scope_part(struct dosah_report *r)
{
    enum dosah_status st = DOSAH_OK;
    int shown = 0;
    size_t k;
    for (k = 0; k < r->doc.key_count && !st && has_scope_data(r); k++)
        st = scope_table(r, k, &shown);
    if (!st && !shown)
        st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_SCOPE_NONE));
    return st;
}

enum dosah_status dosah_report_catchments(struct dosah_report *r)
{
    enum dosah_status st = catchments_part(r);
    return st ? st : scope_part(r);
}
