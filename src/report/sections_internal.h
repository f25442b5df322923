/* SPDX-License-Identifier: MIT */
/* Shared by the report's sections (sec_*.c): coverage figures (coverage.c) and the time bands
 * of the stacked charts (sec_coverage.c). */
#ifndef DOSAH_REPORT_SECTIONS_INTERNAL_H
#define DOSAH_REPORT_SECTIONS_INTERNAL_H

#include "report/report_internal.h"

/* Coverage of one key over a group of areas (a region, or the whole area). */
struct dosah_report_cov {
    char *code, *name;        /* the region's code and name; NULL for the whole area */
    double population;
    double pop_within;        /* within the key's threshold */
    double unreached;
    double mean_minutes;      /* population-weighted over reached demand; NaN when none */
    double *pop_at;           /* within each of doc.thresholds */
};

/* One row for the whole area (per_region 0) or one per region code, ordered by code. */
enum dosah_status dosah_report_cov_query(struct dosah_report *r, size_t k, int per_region,
                                         struct dosah_report_cov **rows, size_t *count);
void dosah_report_cov_free(struct dosah_report_cov *rows, size_t count);
/* part / whole; NaN when whole is not positive or either is NaN. */
double dosah_report_share(double part, double whole);

/* Time bands of the stacked charts: up to T1, T1–T2, ..., over Tn, unreachable. Without
 * thresholds: within the key's threshold, beyond it, unreachable. */
struct dosah_report_bands {
    size_t count;
    char **labels;
    const char **label_refs;  /* the same, as the chart takes them */
    int *classes;
};
enum dosah_status dosah_report_bands_init(struct dosah_report *r,
                                          struct dosah_report_bands *b);
void dosah_report_bands_clear(struct dosah_report_bands *b);
/* The shares of c's population in each band (b->count values; NaN without population). */
void dosah_report_bands_shares(const struct dosah_report *r, const struct dosah_report_cov *c,
                               const struct dosah_report_bands *b, double *out);
/* The rows of a stacked bar chart, built from coverage figures (sec_coverage.c). */
struct dosah_report_bar_rows {
    size_t count;
    const char **labels, **right;
    unsigned char *bold;
    double *marks, *shares;
    char (*texts)[96];
    struct dosah_report_bands bands;
};
enum dosah_status dosah_report_bar_rows_init(struct dosah_report *r,
                                             struct dosah_report_bar_rows *rows, size_t n);
void dosah_report_bar_rows_clear(struct dosah_report_bar_rows *rows);
/* Row i: the label, the share within the threshold after the bar (with " · T min" when
 * threshold is not NaN), the threshold mark and the band shares of c. */
void dosah_report_bar_rows_set(struct dosah_report *r, struct dosah_report_bar_rows *rows,
                               size_t i, const char *label, const struct dosah_report_cov *c,
                               double threshold, int bold);
/* Draws the chart into the HTML and into png (a path under the output directory). */
enum dosah_status dosah_report_bar_rows_emit(struct dosah_report *r,
                                             const struct dosah_report_bar_rows *rows,
                                             const char *title, const char *subtitle,
                                             const char *right_head, const char *png);
/* How a cell shows a value of the GeoPackage (generic.c): the cell kinds of the list of
 * fields (core/fields.h), whose DOSAH_FC_NONE here means "by the value's SQLite type". */
enum dosah_report_cell_kind {
    DOSAH_CELL_AUTO = DOSAH_FC_NONE,
    DOSAH_CELL_TEXT = DOSAH_FC_TEXT,
    DOSAH_CELL_INTEGER = DOSAH_FC_INTEGER,
    DOSAH_CELL_REAL = DOSAH_FC_REAL,       /* two decimals */
    DOSAH_CELL_SHARE = DOSAH_FC_SHARE,     /* 0–1, shown as a percentage */
    DOSAH_CELL_BOOL = DOSAH_FC_BOOL,       /* 1/0, shown as yes/no */
    DOSAH_CELL_KEY = DOSAH_FC_KEY,         /* a service key, shown as its label */
    DOSAH_CELL_REASONS = DOSAH_FC_REASONS, /* comma-separated reason codes, shown in words */
    DOSAH_CELL_MINUTES = DOSAH_FC_MINUTES  /* one decimal, "unreachable" when missing */
};
/* A field's cell kind as the list declares it. */
enum dosah_report_cell_kind dosah_report_field_kind(enum dosah_out_field f);
enum dosah_report_cell_kind dosah_report_key_field_kind(enum dosah_key_field f);
/* Heads column col of t with field f's heading of the list in the report's language (a
 * number column unless its cell is text, a key or reasons), its {U} as the field's unit;
 * DOSAH_EINVAL when the list gives f no heading. A per-question field's heading has its {T}
 * as minutes (NaN: none), or its placeholders as a says (core/fields.h). */
enum dosah_status dosah_report_head_field(struct dosah_report *r, struct dosah_report_table *t,
                                          size_t col, enum dosah_out_field f);
enum dosah_status dosah_report_head_key_field(struct dosah_report *r,
                                              struct dosah_report_table *t, size_t col,
                                              enum dosah_key_field f, double minutes);
enum dosah_status dosah_report_head_key_field_args(struct dosah_report *r,
                                                   struct dosah_report_table *t, size_t col,
                                                   enum dosah_key_field f,
                                                   const struct dosah_heading_args *a);
/* Sets cell c of the last row from column col of the statement's current row. */
enum dosah_status dosah_report_cell(struct dosah_report *r, struct dosah_report_table *t,
                                   size_t c, struct sqlite3_stmt *stmt, int col,
                                   enum dosah_report_cell_kind kind);

/* One row of a regional table (regional.c): the region's code and name (both NULL for the
 * whole area) and the values of the section's columns (NaN for NULL). */
struct dosah_report_region_row {
    char *code, *name;
    double *v;
};
/* One row per region code of the areas (ordered by code), then the whole area as the last
 * row (only that one without regions); free with dosah_report_region_rows_free. columns
 * appends to b the SQL of the section's n values for key k, each as ", expr" over the areas
 * `m` (grouped by region when per_region). */
enum dosah_status dosah_report_region_rows(struct dosah_report *r, size_t k, size_t n,
                                           enum dosah_status (*columns)(struct dosah_report *r,
                                                                        size_t k, int per_region,
                                                                        struct dosah_strbuf *b),
                                           struct dosah_report_region_row **rows, size_t *count);
void dosah_report_region_rows_free(struct dosah_report_region_row *rows, size_t count);
/* Appends "SELECT m.<region code>, <the region's name>" over the areas m (regional.c). */
enum dosah_status dosah_report_sql_region(struct dosah_report *r, struct dosah_strbuf *b);
/* Appends sqlite3_mprintf(fmt, ...) to b (%w quotes identifiers, %Q literals). */
enum dosah_status dosah_report_sql_add(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                       const char *fmt, ...);
/* Appends ", SUM(m."K_f" * m.population)" (weighted) or ", SUM(m."K_f")" over the areas, the
 * column of field f for key (its {W} as window, may be NULL), or ", NULL" when they have no
 * such column. */
/* The population column a key counts in table: "<key>_group_population" for a question with
 * a target group (when the table has it), else "population"; buf holds the name. */
const char *dosah_report_pop_col(const struct dosah_report *r, const char *key,
                                 const char *table, char *buf, size_t size);
enum dosah_status dosah_report_sql_sum(struct dosah_report *r, struct dosah_strbuf *b,
                                       const char *key, enum dosah_key_field f,
                                       const char *window, int weighted);
/* Appends a row to a regional table with its code and name (columns 0 and 1): "Total" for
 * the whole area (a total row), "No region" for areas without one. */
enum dosah_status dosah_report_region_row_start(struct dosah_report *r,
                                                struct dosah_report_table *t,
                                                const struct dosah_report_region_row *row,
                                                int total);

/* A service's form in the report's language ("terénní"), or "–". */
const char *dosah_report_form_text(const struct dosah_report *r, const char *form);

#endif
