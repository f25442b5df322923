/* SPDX-License-Identifier: MIT */
/*
 * The layout of the output model behind the opaque types of dosah/output.h, for the library's
 * own stages that fill columns row by row (src/run) where an accessor call per value would
 * only add noise. Code that reads the output (the writer, the tests) uses the accessors.
 */
#ifndef DOSAH_CORE_OUTPUT_INTERNAL_H
#define DOSAH_CORE_OUTPUT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/output.h"

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
    char **text;      /* DOSAH_COLUMN_TEXT: NULL is written as NULL; owned (dosah_free) */
};

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

#endif
