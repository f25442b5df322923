/* SPDX-License-Identifier: MIT */
/*
 * The output's columns, tables and facts made by id from the list of fields (fields.h): name,
 * aliases and type come from the list, never from the caller.
 */
#ifndef DOSAH_CORE_OUTPUT_FIELDS_H
#define DOSAH_CORE_OUTPUT_FIELDS_H

#include <stddef.h>

#include "core/fields.h"
#include "dosah/output.h"

/* The column type a field of type t is made with: ID is TEXT (INTEGER when integer_ids),
 * COUNT is REAL, SMALL is INTEGER. */
enum dosah_column_type dosah_field_column_type(enum dosah_field_type t, int integer_ids);

/* Appends the column of fixed field f, `rows` values all NULL, to its layer (f's table must be
 * one of enum dosah_layer); borrowed from out, valid until destroy. NULL when memory is short. */
struct dosah_column *dosah_output_add_field(struct dosah_ctx *ctx, struct dosah_output *out,
                                            enum dosah_out_field f, size_t rows);
/* The column of fixed field f on its layer (borrowed, changeable: out is the caller's), or
 * NULL when there is none yet. */
struct dosah_column *dosah_output_get_field(const struct dosah_output *out, enum dosah_out_field f);

/* Table t (a table of the list past the layers): the existing one, or a new one with every
 * field of the list's table, in the list's order, ID fields INTEGER when integer_ids. Borrowed
 * from out; NULL when memory is short. */
struct dosah_table *dosah_output_table_of(struct dosah_ctx *ctx, struct dosah_output *out,
                                          enum dosah_table_id t, enum dosah_table_geometry geometry,
                                          int integer_ids);
/* Table t, or NULL when it was not made. */
struct dosah_table *dosah_output_get_table(const struct dosah_output *out, enum dosah_table_id t);
/* The column of field f (of t's table) in table t, made by dosah_output_table_of. */
struct dosah_column *dosah_table_field(const struct dosah_table *t, enum dosah_out_field f);

/* Records the run_info fact f, its {K}, {W} or {I} replaced by arg; printf-style value. */
enum dosah_status dosah_output_add_fact_id(struct dosah_ctx *ctx, struct dosah_output *out,
                                           enum dosah_fact f, const char *arg, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
