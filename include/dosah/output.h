/* SPDX-License-Identifier: MIT */
/*
 * Computed columns that the measure stages add to the output layers (travel times, shares,
 * capacity measures...) and the extra tables and facts of a run, read and set through the
 * functions below; the writer turns them into GeoPackage fields with their Czech and English
 * aliases.
 */
#ifndef DOSAH_OUTPUT_H
#define DOSAH_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The output layers that can carry computed columns. */
enum dosah_layer {
    DOSAH_LAYER_MUNICIPALITIES = 0,
    DOSAH_LAYER_REGIONS,
    DOSAH_LAYER_SERVICES,
    DOSAH_LAYER_DEMAND,
    DOSAH_LAYER_LOCALITIES,
    DOSAH_LAYER_ROADS,
    DOSAH_LAYER_COUNT
};

enum dosah_column_type { DOSAH_COLUMN_REAL, DOSAH_COLUMN_INTEGER, DOSAH_COLUMN_TEXT };

/*
 * The output model is opaque: an output owns its columns (one value per row of a layer) and
 * its extra tables (rows with an optional geometry and columns of their own); they are
 * borrowed from it through the functions below and stay valid until dosah_output_destroy.
 * Row indices are 0-based; a row index past a column's rows is a programmer error.
 */
struct dosah_output;
struct dosah_table;
struct dosah_column;

/* One row of the services layer: a service location answering one service key. */
struct dosah_service_row {
    uint32_t service; /* index into model->services */
    uint32_t key;     /* index into scenario->services, DOSAH_NONE when it answers no key */
};

/* Geometry of an extra output table. */
enum dosah_table_geometry { DOSAH_TABLE_NONE, DOSAH_TABLE_POINT, DOSAH_TABLE_POLYGON };

/* Creates an empty output; NULL when memory is short. Free with dosah_output_destroy. */
struct dosah_output *dosah_output_create(struct dosah_ctx *ctx);
/* Frees out with its columns, tables and facts; returns NULL. NULL does nothing. */
struct dosah_output *dosah_output_destroy(struct dosah_output *out);

/*
 * Appends a column of `rows` values to a layer and returns it (borrowed from out, valid until
 * dosah_output_destroy) with its value array allocated and every row NULL (NAN, the NULL
 * mark or NULL). NULL when memory is short.
 * The name and aliases are copied; the aliases may be NULL (the name is used).
 */
struct dosah_column *dosah_output_add_column(struct dosah_ctx *ctx, struct dosah_output *out,
                                             enum dosah_layer layer, const char *name,
                                             const char *alias_cs, const char *alias_en,
                                             enum dosah_column_type type, size_t rows);
/* The column of that name on a layer, or NULL. */
const struct dosah_column *dosah_output_find(const struct dosah_output *out,
                                             enum dosah_layer layer, const char *name);
/* Adds an empty extra table (borrowed from out, valid until destroy); NULL when short. */
struct dosah_table *dosah_output_add_table(struct dosah_ctx *ctx, struct dosah_output *out,
                                           const char *name, const char *title_cs,
                                           const char *title_en,
                                           enum dosah_table_geometry geometry);
/* The table of that name, or NULL. */
struct dosah_table *dosah_output_find_table(const struct dosah_output *out, const char *name);
/* Adds a column to a table before or after rows (earlier rows get NULL); NULL when short. */
struct dosah_column *dosah_table_add_column(struct dosah_ctx *ctx, struct dosah_table *t,
                                            const char *name, const char *alias_cs,
                                            const char *alias_en, enum dosah_column_type type);
/* Appends a row (all values NULL) with a copy of wkb (may be NULL); *row gets its index. */
enum dosah_status dosah_table_add_row(struct dosah_ctx *ctx, struct dosah_table *t,
                                      const unsigned char *wkb, size_t wkb_size, size_t *row);
/* The column of that name in a table, or NULL. */
struct dosah_column *dosah_table_find(const struct dosah_table *t, const char *name);

/* Records a fact for run_info ("network.nodes" = "1234"); printf-style value. */
enum dosah_status dosah_output_add_fact(struct dosah_ctx *ctx, struct dosah_output *out,
                                        const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reading an output. out may be NULL (no columns, tables or facts). All results are
 * borrowed from out and valid until dosah_output_destroy; i is below the matching count. */
/* Number of columns on a layer, and column i of them in the order they were added. */
size_t dosah_output_column_count(const struct dosah_output *out, enum dosah_layer layer);
const struct dosah_column *dosah_output_column(const struct dosah_output *out,
                                               enum dosah_layer layer, size_t i);
/* Number of extra tables, and table i of them in the order they were added. */
size_t dosah_output_table_count(const struct dosah_output *out);
const struct dosah_table *dosah_output_table(const struct dosah_output *out, size_t i);
/* Number of run_info facts, and fact i as "key=value". */
size_t dosah_output_fact_count(const struct dosah_output *out);
const char *dosah_output_fact(const struct dosah_output *out, size_t i);
/* The rows of the services layer (dosah_output_service_row_count of them), or NULL when the
 * run set none: the layer then has one row per service of the model, answering no key. */
size_t dosah_output_service_row_count(const struct dosah_output *out);
const struct dosah_service_row *dosah_output_service_rows(const struct dosah_output *out);

/* A table's layer name in the GeoPackage, and its title (english 0: Czech, 1: English). */
const char *dosah_table_layer_name(const struct dosah_table *t);
const char *dosah_table_layer_title(const struct dosah_table *t, int english);
/* The geometry type of a table's rows. */
enum dosah_table_geometry dosah_table_geometry_type(const struct dosah_table *t);
/* Number of rows and columns of a table; column i of them (borrowed from the table). */
size_t dosah_table_row_count(const struct dosah_table *t);
size_t dosah_table_column_count(const struct dosah_table *t);
const struct dosah_column *dosah_table_column(const struct dosah_table *t, size_t i);
/* The geometry of row `row` as ISO WKB (borrowed) with its size in *size, or NULL (*size 0)
 * when the row has none. */
const unsigned char *dosah_table_wkb(const struct dosah_table *t, size_t row, size_t *size);

/* A column's field name, and its alias (english 0: Czech, 1: English); borrowed. */
const char *dosah_column_name(const struct dosah_column *c);
const char *dosah_column_alias(const struct dosah_column *c, int english);
/* The type of a column's values. */
enum dosah_column_type dosah_column_value_type(const struct dosah_column *c);
/* Number of rows of a column (a table's column has the table's rows). */
size_t dosah_column_row_count(const struct dosah_column *c);
/* Row `row` of a REAL column: NAN when NULL. */
double dosah_column_real(const struct dosah_column *c, size_t row);
/* Row `row` of an INTEGER column: 0 when NULL (dosah_column_is_null tells them apart). */
int64_t dosah_column_integer(const struct dosah_column *c, size_t row);
/* Row `row` of a TEXT column, borrowed from the column; NULL when NULL. */
const char *dosah_column_text(const struct dosah_column *c, size_t row);
/* Nonzero when row `row` of a column is NULL. */
int dosah_column_is_null(const struct dosah_column *c, size_t row);

/* Sets row `row` of a REAL column to v (NAN: NULL). */
void dosah_column_set_real(struct dosah_column *c, size_t row, double v);
/* Sets row `row` of an INTEGER column to the value v (any int64_t, INT64_MIN included). */
void dosah_column_set_integer(struct dosah_column *c, size_t row, int64_t v);
/* Sets row `row` of a TEXT column to a copy of s (NULL: NULL). DOSAH_ENOMEM, the row
 * unchanged, when memory is short. */
enum dosah_status dosah_column_set_text(struct dosah_ctx *ctx, struct dosah_column *c, size_t row,
                                        const char *s);
/* Marks row `row` of a column NULL (integer: the NULL mark; real: NAN; text: freed, NULL). */
void dosah_column_set_null(struct dosah_column *c, size_t row);

#ifdef __cplusplus
}
#endif
#endif
