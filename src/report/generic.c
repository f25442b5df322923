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

#include "core/core_internal.h"
#include "report/sections_internal.h"

/* Columns known by a field of the list (core/fields.h), which gives their heading and cell:
 * the proposals' fields in their own table; and, by name in any table, the names that older
 * tables share (a table written by another version keeps its headings). */
static const enum dosah_out_field in_table[] = {DOSAH_OF_PROP_KEY,
                                                DOSAH_OF_PROP_RANK,
                                                DOSAH_OF_PROP_SITE,
                                                DOSAH_OF_PROP_NAME,
                                                DOSAH_OF_PROP_ADDED_POPULATION,
                                                DOSAH_OF_PROP_ADDED_NEED,
                                                DOSAH_OF_PROP_CUMULATIVE_SHARE,
                                                DOSAH_OF_PROP_METHOD,
                                                DOSAH_OF_PROP_OPTIMAL,
                                                DOSAH_OF_PROP_BOUND,
                                                DOSAH_OF_PROP_GAP};
static const enum dosah_out_field by_name[] = {DOSAH_OF_GAPS_KEY, DOSAH_OF_MUN_CODE,
                                               DOSAH_OF_GAPS_NAME, DOSAH_OF_MUN_REGION_CODE,
                                               DOSAH_OF_GAPS_POPULATION};
/* and one per-question field, by its suffix */
#define BY_SUFFIX DOSAH_KF_GAP_REASON

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

enum dosah_status dosah_report_cell(struct dosah_report *r, struct dosah_report_table *t, size_t c,
                                    sqlite3_stmt *stmt, int col, enum dosah_report_cell_kind kind)
{
    int type = sqlite3_column_type(stmt, col);
    const char *text = (const char *)sqlite3_column_text(stmt, col);
    double v = sqlite3_column_double(stmt, col);
    if (type == SQLITE_NULL || type == SQLITE_BLOB || !text)
        return dosah_report_table_set(r->ctx, t, c, "", "");
    if (kind == DOSAH_CELL_AUTO)
        kind = type == SQLITE_INTEGER ? DOSAH_CELL_INTEGER
               : type == SQLITE_FLOAT ? DOSAH_CELL_REAL
                                      : DOSAH_CELL_TEXT;
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
    case DOSAH_CELL_MINUTES:
        return dosah_report_table_number(r->ctx, t, c, v, 1,
                                         dosah_report_t(r, DOSAH_RMSG_UNREACHABLE));
    default:
        return dosah_report_table_set(r->ctx, t, c, text, NULL);
    }
}

/* Columns shown: all but the feature id and the geometry. */
static int shown(sqlite3_stmt *stmt, int col)
{
    const char *name = sqlite3_column_name(stmt, col), *decl = sqlite3_column_decltype(stmt, col);
    if (!name || !strcmp(name, DOSAH_FID_COLUMN) || !strcmp(name, DOSAH_GEOM_COLUMN))
        return 0;
    return !(decl && (strstr(decl, "POINT") || strstr(decl, "POLYGON") ||
                      strstr(decl, "LINESTRING") || strstr(decl, "GEOMETRY")));
}

/* A known column: a fixed field (kf 0) or a per-question one (kf 1), or none (id -1). */
struct known {
    int kf, id;
};

/* The known column `name` of `table`; a field of the list in its table before a name of any
 * table. */
static struct known known_column(const char *table, const char *name)
{
    struct known k = {0, -1};
    size_t i;
    for (i = 0; name && i < sizeof in_table / sizeof in_table[0]; i++)
        if (!strcmp(dosah_out_field_name(in_table[i]), name) &&
            !strcmp(dosah_table_name(dosah_out_field_table(in_table[i])), table)) {
            k.id = (int)in_table[i];
            return k;
        }
    for (i = 0; name && i < sizeof by_name / sizeof by_name[0]; i++)
        if (!strcmp(dosah_out_field_name(by_name[i]), name)) {
            k.id = (int)by_name[i];
            return k;
        }
    if (name && !strcmp(dosah_key_field_suffix(BY_SUFFIX), name))
        k.kf = 1, k.id = (int)BY_SUFFIX;
    return k;
}

enum dosah_report_cell_kind dosah_report_field_kind(enum dosah_out_field f)
{
    return (enum dosah_report_cell_kind)dosah_out_field_cell(f);
}

enum dosah_report_cell_kind dosah_report_key_field_kind(enum dosah_key_field f)
{
    return (enum dosah_report_cell_kind)dosah_key_field_cell(f);
}

static int numeric_kind(enum dosah_report_cell_kind kind)
{
    return kind != DOSAH_CELL_TEXT && kind != DOSAH_CELL_KEY && kind != DOSAH_CELL_REASONS;
}

enum dosah_status dosah_report_head_field(struct dosah_report *r, struct dosah_report_table *t,
                                          size_t col, enum dosah_out_field f)
{
    int english = r->lang == DOSAH_REPORT_EN;
    const char *head = dosah_out_field_heading(f, english);
    char text[256];
    if (!head || dosah_out_field_cell(f) == DOSAH_FC_NONE)
        return dosah_error_set(r->ctx, DOSAH_EINVAL, "report table %s: field %s.%s has no heading",
                               t->name, dosah_table_name(dosah_out_field_table(f)),
                               dosah_out_field_name(f));
    dosah_field_heading_expand(head, dosah_out_field_unit(f), english, NULL, text, sizeof text);
    return dosah_report_table_head(r->ctx, t, col, text, numeric_kind(dosah_report_field_kind(f)));
}

enum dosah_status dosah_report_head_key_field_args(struct dosah_report *r,
                                                   struct dosah_report_table *t, size_t col,
                                                   enum dosah_key_field f,
                                                   const struct dosah_heading_args *a)
{
    int english = r->lang == DOSAH_REPORT_EN;
    const char *head = dosah_key_field_heading(f, english);
    char text[320];
    if (!head || dosah_key_field_cell(f) == DOSAH_FC_NONE)
        return dosah_error_set(r->ctx, DOSAH_EINVAL,
                               "report table %s: per-question field %s has no heading", t->name,
                               dosah_key_field_suffix(f));
    dosah_field_heading_expand(head, dosah_key_field_unit(f), english, a, text, sizeof text);
    return dosah_report_table_head(r->ctx, t, col, text,
                                   numeric_kind(dosah_report_key_field_kind(f)));
}

enum dosah_status dosah_report_head_key_field(struct dosah_report *r, struct dosah_report_table *t,
                                              size_t col, enum dosah_key_field f, double minutes)
{
    struct dosah_heading_args a = {minutes, NULL, NULL, NULL};
    return dosah_report_head_key_field_args(r, t, col, f, &a);
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
        struct known k = known_column(table, col);
        if (!shown(stmt, i))
            continue;
        if (k.id >= 0 && k.kf) {
            kinds[i] = dosah_report_key_field_kind((enum dosah_key_field)k.id);
            st = dosah_report_head_key_field(r, t, c++, (enum dosah_key_field)k.id, NAN);
        } else if (k.id >= 0) {
            kinds[i] = dosah_report_field_kind((enum dosah_out_field)k.id);
            st = dosah_report_head_field(r, t, c++, (enum dosah_out_field)k.id);
        } else {
            kinds[i] = DOSAH_CELL_AUTO;
            st = dosah_report_table_head(r->ctx, t, c++, col,
                                         decl && (strstr(decl, "INT") || strstr(decl, "REAL")));
        }
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
