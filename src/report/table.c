/* SPDX-License-Identifier: MIT */
/*
 * Report tables: each table of the report is built once, cell by cell, with a machine value
 * (for tables/<name>.csv: plain numbers with a decimal point, shares as percentages) and the
 * text displayed in the HTML (formatted for the language), so that the CSV and the HTML can
 * never disagree about which number is which.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "report/report_internal.h"

enum dosah_status dosah_report_table_init(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                          const char *name, size_t col_count,
                                          enum dosah_report_lang lang)
{
    memset(t, 0, sizeof *t);
    t->lang = lang;
    t->col_count = col_count;
    if (!(t->name = dosah_strdup(ctx, name)) ||
        !(t->heads = dosah_calloc(ctx, col_count ? col_count : 1, sizeof *t->heads)) ||
        !(t->numeric = dosah_calloc(ctx, col_count ? col_count : 1, 1))) {
        dosah_report_table_clear(t);
        return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

void dosah_report_table_clear(struct dosah_report_table *t)
{
    size_t i;
    for (i = 0; t->cells && i < t->row_count * t->col_count; i++) {
        dosah_free(t->cells[i].csv);
        dosah_free(t->cells[i].html);
    }
    for (i = 0; t->heads && i < t->col_count; i++)
        dosah_free(t->heads[i]);
    dosah_free(t->cells);
    dosah_free(t->row_flags);
    dosah_free(t->heads);
    dosah_free(t->numeric);
    dosah_free(t->name);
    memset(t, 0, sizeof *t);
}

enum dosah_status dosah_report_table_head(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                          size_t col, const char *text, int numeric)
{
    char *copy;
    if (col >= t->col_count)
        return dosah_error_set(ctx, DOSAH_EINVAL, "report table %s: no column %zu", t->name, col);
    if (!(copy = dosah_strdup(ctx, text)))
        return DOSAH_ENOMEM;
    dosah_free(t->heads[col]);
    t->heads[col] = copy;
    t->numeric[col] = numeric ? 1 : 0;
    return DOSAH_OK;
}

enum dosah_status dosah_report_table_row(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                         unsigned flags)
{
    size_t cap = t->row_cap;
    enum dosah_status st;
    if (t->row_count == t->row_cap) {
        void *cells = t->cells;
        if ((st = dosah_array_reserve(ctx, &cells, &cap, t->row_count + 1,
                                      t->col_count * sizeof *t->cells)))
            return st;
        t->cells = cells;
        cells = t->row_flags;
        cap = t->row_cap;
        if ((st = dosah_array_reserve(ctx, &cells, &cap, t->row_count + 1, 1)))
            return st;
        t->row_flags = cells;
        t->row_cap = cap;
    }
    memset(t->cells + t->row_count * t->col_count, 0, t->col_count * sizeof *t->cells);
    t->row_flags[t->row_count++] = (unsigned char)flags;
    return DOSAH_OK;
}

enum dosah_status dosah_report_table_set(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                         size_t col, const char *csv, const char *html)
{
    struct dosah_report_cell *c;
    char *a = NULL, *b = NULL;
    if (!t->row_count || col >= t->col_count)
        return dosah_error_set(ctx, DOSAH_EINVAL, "report table %s: no cell %zu", t->name, col);
    if (!(a = dosah_strdup(ctx, csv ? csv : "")) || (html && !(b = dosah_strdup(ctx, html)))) {
        dosah_free(a);
        return DOSAH_ENOMEM;
    }
    c = &t->cells[(t->row_count - 1) * t->col_count + col];
    dosah_free(c->csv);
    dosah_free(c->html);
    c->csv = a;
    c->html = b;
    return DOSAH_OK;
}

enum dosah_status dosah_report_table_number(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                            size_t col, double v, int decimals,
                                            const char *missing)
{
    char csv[64], html[96];
    if (!isfinite(v))
        return dosah_report_table_set(ctx, t, col, "", missing ? missing : "\xe2\x80\x93");
    snprintf(csv, sizeof csv, "%.*f", decimals, v);
    if (csv[0] == '-' && strspn(csv, "-0.") == strlen(csv))
        memmove(csv, csv + 1, strlen(csv));
    dosah_report_fmt_number(t->lang, v, decimals, html, sizeof html);
    return dosah_report_table_set(ctx, t, col, csv, html);
}

enum dosah_status dosah_report_table_share(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                           size_t col, double share, const char *missing)
{
    return dosah_report_table_percent(ctx, t, col, share, 1, missing);
}

enum dosah_status dosah_report_table_percent(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                             size_t col, double share, int decimals,
                                             const char *missing)
{
    char csv[64], html[96];
    if (!isfinite(share))
        return dosah_report_table_set(ctx, t, col, "", missing ? missing : "\xe2\x80\x93");
    snprintf(csv, sizeof csv, "%.2f", 100.0 * share);
    dosah_report_fmt_percent(t->lang, share, decimals, html, sizeof html);
    return dosah_report_table_set(ctx, t, col, csv, html);
}

enum dosah_status dosah_report_table_csv(struct dosah_ctx *ctx,
                                         const struct dosah_report_table *t,
                                         struct dosah_strbuf *b)
{
    enum dosah_status st = DOSAH_OK;
    size_t r, c;
    for (c = 0; c < t->col_count && !st; c++)
        if ((c && (st = dosah_strbuf_puts(ctx, b, ","))) ||
            (st = dosah_report_csv_field(ctx, b, t->heads[c] ? t->heads[c] : "")))
            return st;
    if (!st)
        st = dosah_strbuf_puts(ctx, b, "\r\n");
    for (r = 0; r < t->row_count && !st; r++) {
        for (c = 0; c < t->col_count && !st; c++) {
            const struct dosah_report_cell *cell = &t->cells[r * t->col_count + c];
            if ((c && (st = dosah_strbuf_puts(ctx, b, ","))) ||
                (st = dosah_report_csv_field(ctx, b, cell->csv)))
                return st;
        }
        if (!st)
            st = dosah_strbuf_puts(ctx, b, "\r\n");
    }
    return st;
}

static enum dosah_status html_cell(struct dosah_ctx *ctx, const struct dosah_report_table *t,
                                   size_t r, size_t c, struct dosah_strbuf *b)
{
    const struct dosah_report_cell *cell = &t->cells[r * t->col_count + c];
    const char *text = cell->html ? cell->html : cell->csv ? cell->csv : "";
    enum dosah_status st;
    if ((st = dosah_strbuf_puts(ctx, b, t->numeric[c] ? "<td class=\"num\">" : "<td>")) ||
        (st = dosah_report_html_escape(ctx, b, text)))
        return st;
    return dosah_strbuf_puts(ctx, b, "</td>");
}

enum dosah_status dosah_report_table_html(struct dosah_ctx *ctx,
                                          const struct dosah_report_table *t,
                                          struct dosah_strbuf *b)
{
    enum dosah_status st;
    size_t r, c;
    /* Many columns (the localities with a time per service by car and on foot): a smaller
     * type, so that more of the table fits the page before it scrolls. */
    if ((st = dosah_strbuf_puts(ctx, b,
                                t->col_count > 11
                                    ? "<div class=\"tablewrap\"><table class=\"wide\">\n"
                                      "<thead><tr>"
                                    : "<div class=\"tablewrap\"><table>\n<thead><tr>")))
        return st;
    for (c = 0; c < t->col_count; c++)
        if ((st = dosah_strbuf_puts(ctx, b, t->numeric[c] ? "<th class=\"num\">" : "<th>")) ||
            (st = dosah_report_html_escape(ctx, b, t->heads[c] ? t->heads[c] : "")) ||
            (st = dosah_strbuf_puts(ctx, b, "</th>")))
            return st;
    if ((st = dosah_strbuf_puts(ctx, b, "</tr></thead>\n<tbody>\n")))
        return st;
    for (r = 0; r < t->row_count; r++) {
        unsigned flags = t->row_flags[r];
        const char *tr = flags & DOSAH_REPORT_ROW_TOTAL   ? "<tr class=\"total\">"
                         : flags & DOSAH_REPORT_ROW_ALERT ? "<tr class=\"alert\">"
                                                          : "<tr>";
        if ((st = dosah_strbuf_puts(ctx, b, tr)))
            return st;
        for (c = 0; c < t->col_count; c++)
            if ((st = html_cell(ctx, t, r, c, b)))
                return st;
        if ((st = dosah_strbuf_puts(ctx, b, "</tr>\n")))
            return st;
    }
    return dosah_strbuf_puts(ctx, b, "</tbody></table></div>\n");
}
