/* SPDX-License-Identifier: MIT */
/*
 * Computed columns that the measure stages add to the output layers (travel times, shares,
 * capacity measures...). Plain data: the writer turns them into GeoPackage fields with their
 * Czech and English aliases.
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

/* One computed field: one value per row of its layer. */
struct dosah_column {
    char *name;       /* output field name, e.g. "care_minutes" */
    char *alias_cs;   /* Czech alias */
    char *alias_en;   /* English alias */
    enum dosah_column_type type;
    size_t rows;
    double *real;     /* DOSAH_COLUMN_REAL: NAN is written as NULL */
    int64_t *integer; /* DOSAH_COLUMN_INTEGER: any value, INT64_MIN too (no sentinel) */
    /* DOSAH_COLUMN_INTEGER: per row, nonzero = NULL. Set through dosah_column_set_integer and
     * dosah_column_set_null; every row starts NULL. */
    unsigned char *is_null;
    char **text;      /* DOSAH_COLUMN_TEXT: NULL is written as NULL */
};

/* Sets row `row` of an integer column to the value v (any int64_t, INT64_MIN included). */
void dosah_column_set_integer(struct dosah_column *c, size_t row, int64_t v);
/* Marks row `row` of a column NULL (integer: the NULL mark; real: NAN; text: freed, NULL). */
void dosah_column_set_null(struct dosah_column *c, size_t row);
/* Nonzero when row `row` of a column is NULL. */
int dosah_column_is_null(const struct dosah_column *c, size_t row);

/* One row of the services layer: a service location answering one service key. */
struct dosah_service_row {
    uint32_t service; /* index into model->services */
    uint32_t key;     /* index into scenario->services, DOSAH_NONE when it answers no key */
};

/* Geometry of an extra output table. */
enum dosah_table_geometry { DOSAH_TABLE_NONE, DOSAH_TABLE_POINT, DOSAH_TABLE_POLYGON };

/*
 * An extra output layer or table (catchments, scope mismatches, ...): columns defined first,
 * then rows appended; every column grows with the rows. Geometry as ISO WKB per row.
 */
struct dosah_table {
    char *name;                /* layer name in the GeoPackage */
    char *title_cs, *title_en; /* the layer's title */
    enum dosah_table_geometry geometry;
    size_t rows, cap;
    unsigned char **wkb;       /* per row, NULL when the row has no geometry */
    size_t *wkb_size;
    struct dosah_column **columns;
    size_t column_count, column_cap;
};

struct dosah_output {
    /* Each column is allocated on its own: a pointer to it stays valid until destroy. */
    struct dosah_column **columns[DOSAH_LAYER_COUNT];
    size_t column_count[DOSAH_LAYER_COUNT];
    size_t column_cap[DOSAH_LAYER_COUNT];
    struct dosah_service_row *service_rows; /* rows of the services layer */
    size_t service_row_count;
    struct dosah_table **tables; /* extra layers and tables, in order of creation */
    size_t table_count, table_cap;
    char **facts;     /* "key=value" lines for run_info (timings, network size...) */
    size_t fact_count;
    size_t fact_cap;
};

/* Creates an empty output; free with dosah_output_destroy. */
struct dosah_output *dosah_output_create(struct dosah_ctx *ctx);
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

#ifdef __cplusplus
}
#endif
#endif
