/* SPDX-License-Identifier: MIT */
/*
 * The sections that depend on what the run computed: gaps and shortfalls (from the regions'
 * K_gap/K_shortfall fields or a `gaps` table), proposals (a `proposals` layer) and the
 * data diagnostics. What a version of dosah does not
 * compute is said in so many words, quoting the run's own diagnostics, never shown as an
 * empty table that could be read as "no gap" or "nothing to propose".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/catalog.h"
#include "dosah/scenario.h"
#include "report/sections_internal.h"

/* A generic table with a caption, or a note when the table is empty. */
static enum dosah_status emit_generic(struct dosah_report *r, const char *table,
                                      enum dosah_report_msg_id caption)
{
    struct dosah_report_table t;
    enum dosah_status st = dosah_report_generic_table(r, table, table, &t);
    if (st)
        return st;
    st = t.row_count ? dosah_report_emit_table(r, &t, dosah_report_t(r, caption))
                     : dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_EMPTY_TABLE));
    dosah_report_table_clear(&t);
    return st;
}

/* The SQL of a diagnostic's message in the report's language: the Czech report shows
 * message_cs where the run wrote one (a GeoPackage of an older version has no such column). */
static char *message_sql(struct dosah_report *r)
{
    const char *message = dosah_out_field_name(DOSAH_OF_DIAG_MESSAGE);
    const char *message_cs = dosah_out_field_name(DOSAH_OF_DIAG_MESSAGE_CS);
    return r->lang == DOSAH_REPORT_CS &&
                   dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_DIAGNOSTICS),
                                              message_cs)
               ? sqlite3_mprintf("coalesce(\"%w\", \"%w\")", message_cs, message)
               : sqlite3_mprintf("\"%w\"", message);
}

/* The run's own diagnostics of a stage (whose English message contains `like`) as a list. */
static enum dosah_status quote_diagnostics(struct dosah_report *r, const char *stage,
                                           const char *like)
{
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    int row, any = 0;
    char *message;
    if (!r->doc.has_diagnostics)
        return DOSAH_OK;
    if (!(message = message_sql(r)))
        return DOSAH_ENOMEM;
    st = dosah_report_db_prepare(&r->doc, &stmt,
                                 "SELECT %s FROM \"%w\" WHERE \"%w\" = %Q AND \"%w\" LIKE %Q "
                                 "ORDER BY " DOSAH_FID_COLUMN,
                                 message, dosah_table_name(DOSAH_T_DIAGNOSTICS),
                                 dosah_out_field_name(DOSAH_OF_DIAG_STAGE), stage,
                                 dosah_out_field_name(DOSAH_OF_DIAG_MESSAGE), like);
    sqlite3_free(message);
    if (st)
        return st;
    while (!(st = dosah_report_db_step(&r->doc, stmt, &row)) && row) {
        const char *m = (const char *)sqlite3_column_text(stmt, 0);
        if ((!any++ && (st = dosah_report_out(r, "<ul class=\"quoted\">\n"))) ||
            (st = dosah_report_out(r, "<li>")) || (st = dosah_report_out_text(r, m ? m : "")) ||
            (st = dosah_report_out(r, "</li>\n")))
            break;
    }
    sqlite3_finalize(stmt);
    if (!st && any)
        st = dosah_report_out(r, "</ul>\n");
    return st;
}

/* After the region's code, name and population; heads and cells as the list declares. */
static const enum dosah_key_field gap_columns[] = {
    DOSAH_KF_CAPACITY, DOSAH_KF_PER_10K,     DOSAH_KF_HAS_FACILITY, DOSAH_KF_WITHIN,
    DOSAH_KF_GAP,      DOSAH_KF_GAP_REASON, DOSAH_KF_SHORTFALL,
};
static const enum dosah_out_field gap_region[] = {DOSAH_OF_REG_CODE, DOSAH_OF_REG_NAME,
                                                  DOSAH_OF_REG_POPULATION};
#define GAP_COLUMNS (sizeof gap_columns / sizeof gap_columns[0])

static enum dosah_status gap_row(struct dosah_report *r, struct dosah_report_table *t,
                                 sqlite3_stmt *stmt)
{
    size_t gap_col = 3, i;
    enum dosah_status st;
    while (gap_col < 3 + GAP_COLUMNS && gap_columns[gap_col - 3] != DOSAH_KF_GAP)
        gap_col++;
    /* A region in a gap stands out (a tinted row). */
    st = dosah_report_table_row(r->ctx, t, sqlite3_column_int(stmt, (int)gap_col) == 1
                                               ? DOSAH_REPORT_ROW_ALERT : 0);
    for (i = 0; i < 3 && !st; i++)
        st = dosah_report_cell(r, t, i, stmt, (int)i, dosah_report_field_kind(gap_region[i]));
    for (i = 0; i < GAP_COLUMNS && !st; i++)
        st = dosah_report_cell(r, t, 3 + i, stmt, 3 + (int)i,
                               dosah_report_key_field_kind(gap_columns[i]));
    return st;
}

static enum dosah_status gap_table(struct dosah_report *r, size_t k)
{
    const struct dosah_report_key *key = &r->doc.keys[k];
    struct dosah_report_table t;
    sqlite3_stmt *stmt = NULL;
    struct dosah_strbuf sql;
    char name[96], slug[64], caption[256];
    enum dosah_status st;
    size_t i;
    int row;
    dosah_strbuf_init(&sql, 0);
    st = dosah_report_sql_add(r->ctx, &sql, "SELECT \"%w\", \"%w\", \"%w\"",
                              dosah_out_field_name(gap_region[0]),
                              dosah_out_field_name(gap_region[1]),
                              dosah_out_field_name(gap_region[2]));
    for (i = 0; i < GAP_COLUMNS && !st; i++) {
        char col[160], *q;
        dosah_report_key_col(key->key, gap_columns[i], NAN, NULL, col, sizeof col);
        q = dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_REGIONS), col)
                ? sqlite3_mprintf(", \"%w\"", col)
                : sqlite3_mprintf(", NULL");
        st = q ? dosah_strbuf_puts(r->ctx, &sql, q) : DOSAH_ENOMEM;
        sqlite3_free(q);
    }
    if (!st && !(st = dosah_report_sql_add(r->ctx, &sql, " FROM \"%w\" ORDER BY \"%w\"",
                                           dosah_table_name(DOSAH_T_REGIONS),
                                           dosah_out_field_name(gap_region[0]))))
        st = dosah_report_db_prepare(&r->doc, &stmt, "%s", sql.data);
    dosah_strbuf_clear(&sql);
    dosah_report_slug(key->key, slug, sizeof slug);
    snprintf(name, sizeof name, "gaps_%s", slug);
    if (st || (st = dosah_report_table_init(r->ctx, &t, name, 3 + GAP_COLUMNS, r->lang))) {
        sqlite3_finalize(stmt);
        return st;
    }
    for (i = 0; i < 3 + GAP_COLUMNS && !st; i++)
        st = i < 3 ? dosah_report_head_field(r, &t, i, gap_region[i])
                   : dosah_report_head_key_field(r, &t, i, gap_columns[i - 3], NAN);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row)
        st = gap_row(r, &t, stmt);
    sqlite3_finalize(stmt);
    if (isnan(key->norm_per_10k))
        snprintf(caption, sizeof caption, dosah_report_t(r, DOSAH_RMSG_TABLE_GAPS), key->label);
    else
        snprintf(caption, sizeof caption, dosah_report_t(r, DOSAH_RMSG_TABLE_GAPS_NORM),
                 key->label, key->norm_per_10k);
    if (!st)
        st = dosah_report_emit_table(r, &t, caption);
    dosah_report_table_clear(&t);
    return st;
}

enum dosah_status dosah_report_gaps(struct dosah_report *r)
{
    enum dosah_status st = DOSAH_OK;
    size_t k, normed = 0, shown_tables = 0;
    for (k = 0; k < r->doc.key_count && !st; k++) {
        normed += !isnan(r->doc.keys[k].norm_per_10k);
        if (r->doc.keys[k].has_gap) {
            shown_tables++;
            st = gap_table(r, k);
        }
    }
    /* The engine's `gaps` table holds what the regions' fields hold; it is shown only when
     * they are not there. */
    if (!st && r->doc.has_gaps && !shown_tables) {
        shown_tables++;
        st = emit_generic(r, dosah_table_name(DOSAH_T_GAPS), DOSAH_RMSG_TABLE_GAPS_ALL);
    }
    if (st || shown_tables)
        return st;
    if (!normed)
        return dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_GAPS_NO_NORM));
    if ((st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_GAPS_NOT_COMPUTED))))
        return st;
    return quote_diagnostics(r, "measure", "%gap%");
}

enum dosah_status dosah_report_proposals(struct dosah_report *r)
{
    enum dosah_status st;
    if (r->doc.has_proposals)
        return emit_generic(r, dosah_table_name(DOSAH_T_PROPOSALS), DOSAH_RMSG_TABLE_PROPOSALS);
    if (!r->doc.scenario || r->doc.scenario->plan_count == 0)
        return dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_PROPOSALS_NONE_ASKED));
    if ((st = dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_PROPOSALS_NOT_COMPUTED))))
        return st;
    return quote_diagnostics(r, "plan", "%");
}


static enum dosah_status diag_row(struct dosah_report *r, struct dosah_report_table *t,
                                  sqlite3_stmt *stmt)
{
    enum dosah_status st = dosah_report_table_row(r->ctx, t, 0);
    int c;
    for (c = 0; c < 7 && !st; c++) {
        const char *v = (const char *)sqlite3_column_text(stmt, c), *shown_text = NULL;
        if (c == 0 && v)
            shown_text = dosah_report_t(r, !strcmp(v, "warning") ? DOSAH_RMSG_SEVERITY_WARNING
                                                                 : DOSAH_RMSG_SEVERITY_INFO);
        if (c == 1 && v && r->lang == DOSAH_REPORT_CS) /* the stage in words */
            shown_text = dosah_catalog_phrase_cs(v);
        st = dosah_report_table_set(r->ctx, t, (size_t)c, v ? v : "", shown_text);
    }
    return st;
}

enum dosah_status dosah_report_diagnostics(struct dosah_report *r)
{
    /* the fields severity to message, in the list's order */
    enum { FIRST = DOSAH_OF_DIAG_SEVERITY, COLUMNS = DOSAH_OF_DIAG_MESSAGE - FIRST + 1 };
    struct dosah_report_table t;
    struct dosah_strbuf sql;
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    char *message = NULL;
    size_t c;
    int row;
    if (!r->doc.has_diagnostics)
        return dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_DIAGNOSTICS_NONE));
    if ((st = dosah_report_table_init(r->ctx, &t, "diagnostics", COLUMNS, r->lang)))
        return st;
    dosah_strbuf_init(&sql, 0);
    for (c = 0; c < COLUMNS && !st; c++) {
        enum dosah_out_field f = (enum dosah_out_field)(FIRST + (int)c);
        if (!(st = dosah_report_head_field(r, &t, c, f)) && f != DOSAH_OF_DIAG_MESSAGE)
            st = dosah_report_sql_add(r->ctx, &sql, "%s\"%w\"", c ? ", " : "SELECT ",
                                      dosah_out_field_name(f));
    }
    if (!st && !(message = message_sql(r)))
        st = DOSAH_ENOMEM;
    if (!st)
        st = dosah_report_sql_add(r->ctx, &sql, ", %s FROM \"%w\" ORDER BY " DOSAH_FID_COLUMN,
                                  message, dosah_table_name(DOSAH_T_DIAGNOSTICS));
    sqlite3_free(message);
    if (!st)
        st = dosah_report_db_prepare(&r->doc, &stmt, "%s", sql.data);
    dosah_strbuf_clear(&sql);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row)
        st = diag_row(r, &t, stmt);
    sqlite3_finalize(stmt);
    if (!st)
        st = dosah_report_note(r, dosah_report_t(r, t.row_count ? DOSAH_RMSG_DIAGNOSTICS_INTRO
                                                                : DOSAH_RMSG_DIAGNOSTICS_NONE));
    /* The CSV is always there (only its header when the run noted nothing), so a script
     * reading it needs no special case. */
    if (!st)
        st = t.row_count
                 ? dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_DIAGNOSTICS))
                 : dosah_report_save_csv(r, &t);
    dosah_report_table_clear(&t);
    return st;
}
