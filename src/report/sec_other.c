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
static const char *message_sql(struct dosah_report *r)
{
    return r->lang == DOSAH_REPORT_CS &&
                   dosah_report_db_has_column(&r->doc, "diagnostics", "message_cs")
               ? "coalesce(message_cs, message)"
               : "message";
}

/* The run's own diagnostics of a stage (whose English message contains `like`) as a list. */
static enum dosah_status quote_diagnostics(struct dosah_report *r, const char *stage,
                                           const char *like)
{
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    int row, any = 0;
    if (!r->doc.has_diagnostics)
        return DOSAH_OK;
    if ((st = dosah_report_db_prepare(&r->doc, &stmt, "SELECT %s FROM diagnostics WHERE "
                                      "stage = %Q AND message LIKE %Q ORDER BY fid",
                                      message_sql(r), stage, like)))
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

static const struct {
    enum dosah_key_field field;
    enum dosah_report_msg_id head;
    enum dosah_report_cell_kind kind;
} gap_columns[] = {
    {DOSAH_KF_CAPACITY, DOSAH_RMSG_COL_CAPACITY, DOSAH_CELL_INTEGER},
    {DOSAH_KF_PER_10K, DOSAH_RMSG_COL_PER_10K, DOSAH_CELL_REAL},
    {DOSAH_KF_HAS_FACILITY, DOSAH_RMSG_COL_HAS_FACILITY, DOSAH_CELL_BOOL},
    {DOSAH_KF_WITHIN, DOSAH_RMSG_COL_SHARE_WITHIN, DOSAH_CELL_SHARE},
    {DOSAH_KF_GAP, DOSAH_RMSG_COL_GAP, DOSAH_CELL_BOOL},
    {DOSAH_KF_GAP_REASON, DOSAH_RMSG_COL_GAP_REASON, DOSAH_CELL_REASONS},
    {DOSAH_KF_SHORTFALL, DOSAH_RMSG_COL_SHORTFALL, DOSAH_CELL_INTEGER},
};
#define GAP_COLUMNS (sizeof gap_columns / sizeof gap_columns[0])

static enum dosah_status gap_row(struct dosah_report *r, struct dosah_report_table *t,
                                 sqlite3_stmt *stmt)
{
    size_t gap_col = 3, i;
    enum dosah_status st;
    while (gap_col < 3 + GAP_COLUMNS && gap_columns[gap_col - 3].field != DOSAH_KF_GAP)
        gap_col++;
    /* A region in a gap stands out (a tinted row). */
    st = dosah_report_table_row(r->ctx, t, sqlite3_column_int(stmt, (int)gap_col) == 1
                                               ? DOSAH_REPORT_ROW_ALERT : 0);
    if (!st)
        st = dosah_report_cell(r, t, 0, stmt, 0, DOSAH_CELL_TEXT);
    if (!st)
        st = dosah_report_cell(r, t, 1, stmt, 1, DOSAH_CELL_TEXT);
    if (!st)
        st = dosah_report_cell(r, t, 2, stmt, 2, DOSAH_CELL_INTEGER);
    for (i = 0; i < GAP_COLUMNS && !st; i++)
        st = dosah_report_cell(r, t, 3 + i, stmt, 3 + (int)i, gap_columns[i].kind);
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
    st = dosah_strbuf_puts(r->ctx, &sql, "SELECT code, name, population");
    for (i = 0; i < GAP_COLUMNS && !st; i++) {
        char col[160], *q;
        dosah_report_key_col(key->key, gap_columns[i].field, NAN, NULL, col, sizeof col);
        q = dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_REGIONS), col)
                ? sqlite3_mprintf(", \"%w\"", col)
                : sqlite3_mprintf(", NULL");
        st = q ? dosah_strbuf_puts(r->ctx, &sql, q) : DOSAH_ENOMEM;
        sqlite3_free(q);
    }
    if (!st && !(st = dosah_strbuf_puts(r->ctx, &sql, " FROM regions ORDER BY code")))
        st = dosah_report_db_prepare(&r->doc, &stmt, "%s", sql.data);
    dosah_strbuf_clear(&sql);
    dosah_report_slug(key->key, slug, sizeof slug);
    snprintf(name, sizeof name, "gaps_%s", slug);
    if (st || (st = dosah_report_table_init(r->ctx, &t, name, 3 + GAP_COLUMNS, r->lang))) {
        sqlite3_finalize(stmt);
        return st;
    }
    for (i = 0; i < 3 + GAP_COLUMNS && !st; i++)
        st = dosah_report_table_head(r->ctx, &t, i,
                                     dosah_report_t(r, i == 0   ? DOSAH_RMSG_COL_CODE
                                                       : i == 1 ? DOSAH_RMSG_COL_REGION
                                                       : i == 2 ? DOSAH_RMSG_COL_POPULATION
                                                                : gap_columns[i - 3].head),
                                     i == 2 || (i >= 3 && gap_columns[i - 3].kind !=
                                                                 DOSAH_CELL_REASONS));
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
    static const enum dosah_report_msg_id heads[] = {
        DOSAH_RMSG_COL_SEVERITY, DOSAH_RMSG_COL_STAGE, DOSAH_RMSG_COL_FILE,
        DOSAH_RMSG_COL_LAYER, DOSAH_RMSG_COL_FEATURE, DOSAH_RMSG_COL_FIELD,
        DOSAH_RMSG_COL_MESSAGE};
    struct dosah_report_table t;
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    size_t c;
    int row;
    if (!r->doc.has_diagnostics)
        return dosah_report_note(r, dosah_report_t(r, DOSAH_RMSG_DIAGNOSTICS_NONE));
    if ((st = dosah_report_table_init(r->ctx, &t, "diagnostics", 7, r->lang)))
        return st;
    for (c = 0; c < 7 && !st; c++)
        st = dosah_report_table_head(r->ctx, &t, c, dosah_report_t(r, heads[c]), 0);
    if (!st)
        st = dosah_report_db_prepare(&r->doc, &stmt, "SELECT severity, stage, file, layer, "
                                     "feature, field, %s FROM diagnostics ORDER BY fid",
                                     message_sql(r));
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
