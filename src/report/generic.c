/* SPDX-License-Identifier: MIT */
/*
 * Tables of the GeoPackage shown as they are (proposals, gaps, what-if changes): every column
 * but the feature id and the geometry, each value shown by its kind. Columns this version
 * knows get headings in the report's language and a fitting display (a share as a
 * percentage, a flag as yes/no, a service key as its label, reason codes in words); any other
 * column keeps its own name, so a table written by a newer engine is still shown whole.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "report/sections_internal.h"

/* A heading that is the field's own alias (core/fields.h) rather than a message. */
#define ALIAS (-1)

/* Known columns: in any table (field -1, by name), or a field of the list in its table. */
static const struct {
    const char *name;
    int field;        /* enum dosah_out_field, or -1 */
    int head;         /* enum dosah_report_msg_id, or ALIAS */
    enum dosah_report_cell_kind kind;
} known[] = {
    {"key", -1, DOSAH_RMSG_COL_SERVICE, DOSAH_CELL_KEY},
    {"code", -1, DOSAH_RMSG_COL_CODE, DOSAH_CELL_TEXT},
    {"name", -1, DOSAH_RMSG_COL_NAME, DOSAH_CELL_TEXT},
    {"region_code", -1, DOSAH_RMSG_COL_REGION_CODE, DOSAH_CELL_TEXT},
    {"population", -1, DOSAH_RMSG_COL_POPULATION, DOSAH_CELL_INTEGER},
    {"gap_reason", -1, DOSAH_RMSG_COL_GAP_REASON, DOSAH_CELL_REASONS},
    {NULL, DOSAH_OF_PROP_RANK, ALIAS, DOSAH_CELL_INTEGER},
    {NULL, DOSAH_OF_PROP_SITE, DOSAH_RMSG_COL_SITE, DOSAH_CELL_TEXT},
    {NULL, DOSAH_OF_PROP_ADDED_POPULATION, ALIAS, DOSAH_CELL_INTEGER},
    {NULL, DOSAH_OF_PROP_ADDED_NEED, ALIAS, DOSAH_CELL_REAL},
    {NULL, DOSAH_OF_PROP_CUMULATIVE_SHARE, DOSAH_RMSG_COL_CUMULATIVE_SHARE, DOSAH_CELL_SHARE},
    {NULL, DOSAH_OF_PROP_METHOD, ALIAS, DOSAH_CELL_TEXT},
    {NULL, DOSAH_OF_PROP_OPTIMAL, DOSAH_RMSG_COL_OPTIMAL, DOSAH_CELL_BOOL},
    {NULL, DOSAH_OF_PROP_BOUND, ALIAS, DOSAH_CELL_REAL},
    {NULL, DOSAH_OF_PROP_GAP, ALIAS, DOSAH_CELL_REAL},
};

static const struct {
    const char *code;
    enum dosah_report_msg_id text;
} reasons[] = {
    {"no_facility", DOSAH_RMSG_REASON_NO_FACILITY},
    {"below_norm", DOSAH_RMSG_REASON_BELOW_NORM},
    {"below_target", DOSAH_RMSG_REASON_BELOW_TARGET},
};

/* "no_facility,below_norm" in words, joined by ", "; unknown codes as they are. */
static enum dosah_status reasons_cell(struct dosah_report *r, struct dosah_report_table *t,
                                      size_t c, const char *codes)
{
    struct dosah_strbuf b;
    enum dosah_status st = DOSAH_OK;
    const char *p = codes;
    dosah_strbuf_init(&b, 0);
    while (*p && !st) {
        size_t n = strcspn(p, ","), i;
        const char *word = NULL;
        for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
            if (strlen(reasons[i].code) == n && !strncmp(p, reasons[i].code, n))
                word = dosah_report_t(r, reasons[i].text);
        if (b.len)
            st = dosah_strbuf_puts(r->ctx, &b, ", ");
        if (!st)
            st = word ? dosah_strbuf_puts(r->ctx, &b, word) : dosah_strbuf_append(r->ctx, &b, p, n);
        p += n + (p[n] == ',');
    }
    if (!st)
        st = dosah_report_table_set(r->ctx, t, c, codes, b.data ? b.data : "");
    dosah_strbuf_clear(&b);
    return st;
}

static const char *key_label(const struct dosah_report *r, const char *key)
{
    size_t k;
    for (k = 0; k < r->doc.key_count; k++)
        if (!strcmp(r->doc.keys[k].key, key))
            return r->doc.keys[k].label;
    return key;
}

enum dosah_status dosah_report_cell(struct dosah_report *r, struct dosah_report_table *t,
                                   size_t c, sqlite3_stmt *stmt, int col,
                                   enum dosah_report_cell_kind kind)
{
    int type = sqlite3_column_type(stmt, col);
    const char *text = (const char *)sqlite3_column_text(stmt, col);
    double v = sqlite3_column_double(stmt, col);
    if (type == SQLITE_NULL || type == SQLITE_BLOB || !text)
        return dosah_report_table_set(r->ctx, t, c, "", "");
    if (kind == DOSAH_CELL_AUTO)
        kind = type == SQLITE_INTEGER ? DOSAH_CELL_INTEGER
               : type == SQLITE_FLOAT ? DOSAH_CELL_REAL : DOSAH_CELL_TEXT;
    switch (kind) {
    case DOSAH_CELL_INTEGER:
        return dosah_report_table_number(r->ctx, t, c, v, 0, NULL);
    case DOSAH_CELL_REAL:
        return dosah_report_table_number(r->ctx, t, c, v, fabs(v) >= 1000 ? 0 : 2, NULL);
    case DOSAH_CELL_SHARE:
        return dosah_report_table_share(r->ctx, t, c, v, NULL);
    case DOSAH_CELL_BOOL:
        return dosah_report_table_set(r->ctx, t, c, v != 0 ? "1" : "0",
                                      dosah_report_t(r, v != 0 ? DOSAH_RMSG_YES : DOSAH_RMSG_NO));
    case DOSAH_CELL_KEY:
        return dosah_report_table_set(r->ctx, t, c, text, key_label(r, text));
    case DOSAH_CELL_REASONS:
        return reasons_cell(r, t, c, text);
    default:
        return dosah_report_table_set(r->ctx, t, c, text, NULL);
    }
}

/* Columns shown: all but the feature id and the geometry. */
static int shown(sqlite3_stmt *stmt, int col)
{
    const char *name = sqlite3_column_name(stmt, col), *decl = sqlite3_column_decltype(stmt, col);
    if (!name || !strcmp(name, "fid") || !strcmp(name, "geom"))
        return 0;
    return !(decl && (strstr(decl, "POINT") || strstr(decl, "POLYGON") ||
                      strstr(decl, "LINESTRING") || strstr(decl, "GEOMETRY")));
}

/* The known column `name` of `table`, or -1; a field of the list before a name of any table. */
static int known_index(const char *table, const char *name)
{
    size_t i;
    int any = -1;
    for (i = 0; name && i < sizeof known / sizeof known[0]; i++) {
        enum dosah_out_field f = (enum dosah_out_field)known[i].field;
        if (known[i].field < 0 && any < 0 && !strcmp(known[i].name, name))
            any = (int)i;
        else if (known[i].field >= 0 && !strcmp(dosah_out_field_name(f), name) &&
                 !strcmp(dosah_table_name(dosah_out_field_table(f)), table))
            return (int)i;
    }
    return any;
}

/* The heading of known column k in the report's language. */
static const char *known_head(const struct dosah_report *r, int k)
{
    if (known[k].head == ALIAS)
        return dosah_out_field_alias((enum dosah_out_field)known[k].field,
                                     r->lang == DOSAH_REPORT_EN);
    return dosah_report_t(r, (enum dosah_report_msg_id)known[k].head);
}

static enum dosah_status generic_heads(struct dosah_report *r, struct dosah_report_table *t,
                                       sqlite3_stmt *stmt, const char *table, const char *name,
                                       enum dosah_report_cell_kind *kinds)
{
    int n = sqlite3_column_count(stmt), i;
    size_t c = 0;
    enum dosah_status st;
    for (i = 0; i < n; i++)
        c += shown(stmt, i) != 0;
    if ((st = dosah_report_table_init(r->ctx, t, name, c ? c : 1, r->lang)))
        return st;
    for (i = 0, c = 0; i < n && !st; i++) {
        const char *decl = sqlite3_column_decltype(stmt, i), *col = sqlite3_column_name(stmt, i);
        int k = known_index(table, col);
        if (!shown(stmt, i))
            continue;
        kinds[i] = k >= 0 ? known[k].kind : DOSAH_CELL_AUTO;
        st = dosah_report_table_head(
            r->ctx, t, c++, k >= 0 ? known_head(r, k) : col,
            k >= 0 ? kinds[i] != DOSAH_CELL_TEXT && kinds[i] != DOSAH_CELL_KEY &&
                         kinds[i] != DOSAH_CELL_REASONS
                   : decl && (strstr(decl, "INT") || strstr(decl, "REAL")));
    }
    return st;
}

enum dosah_status dosah_report_generic_table(struct dosah_report *r, const char *table,
                                             const char *name, struct dosah_report_table *t)
{
    enum dosah_report_cell_kind *kinds = NULL;
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    int row, n, i;
    memset(t, 0, sizeof *t);
    if ((st = dosah_report_db_prepare(&r->doc, &stmt, "SELECT * FROM \"%w\" ORDER BY 1", table)))
        return st;
    n = sqlite3_column_count(stmt);
    if (!(kinds = dosah_calloc(r->ctx, (size_t)n + 1, sizeof *kinds)))
        st = DOSAH_ENOMEM;
    if (!st)
        st = generic_heads(r, t, stmt, table, name, kinds);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row) {
        size_t c = 0;
        if ((st = dosah_report_table_row(r->ctx, t, 0)))
            break;
        for (i = 0; i < n && !st; i++)
            if (shown(stmt, i))
                st = dosah_report_cell(r, t, c++, stmt, i, kinds[i]);
    }
    sqlite3_finalize(stmt);
    dosah_free(kinds);
    if (st)
        dosah_report_table_clear(t);
    return st;
}
