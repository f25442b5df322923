/* SPDX-License-Identifier: MIT */
/*
 * Computed output columns: the plain-data hand-over from the measure stages to the writer.
 */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/output_fields.h"
#include "core/output_internal.h"
#include "dosah/output.h"

struct dosah_output *dosah_output_create(struct dosah_ctx *ctx)
{
    return dosah_calloc(ctx, 1, sizeof(struct dosah_output));
}

static void column_clear(struct dosah_column *c)
{
    size_t i;
    dosah_free(c->name);
    dosah_free(c->alias_cs);
    dosah_free(c->alias_en);
    dosah_free(c->real);
    dosah_free(c->integer);
    dosah_free(c->is_null);
    if (c->text)
        for (i = 0; i < c->rows; i++)
            dosah_free(c->text[i]);
    dosah_free(c->text);
}

static void table_free(struct dosah_table *t)
{
    size_t i;
    for (i = 0; i < t->column_count; i++) {
        column_clear(t->columns[i]);
        dosah_free(t->columns[i]);
    }
    for (i = 0; i < t->rows; i++)
        dosah_free(t->wkb[i]);
    dosah_free(t->columns);
    dosah_free(t->wkb);
    dosah_free(t->wkb_size);
    dosah_free(t->name);
    dosah_free(t->title_cs);
    dosah_free(t->title_en);
    dosah_free(t);
}

struct dosah_output *dosah_output_destroy(struct dosah_output *out)
{
    size_t l, i;
    if (!out)
        return NULL;
    for (i = 0; i < out->table_count; i++)
        table_free(out->tables[i]);
    dosah_free(out->tables);
    for (l = 0; l < DOSAH_LAYER_COUNT; l++) {
        for (i = 0; i < out->column_count[l]; i++) {
            column_clear(out->columns[l][i]);
            dosah_free(out->columns[l][i]);
        }
        dosah_free(out->columns[l]);
    }
    dosah_free(out->service_rows);
    for (i = 0; i < out->fact_count; i++)
        dosah_free(out->facts[i]);
    dosah_free(out->facts);
    dosah_free(out);
    return NULL;
}

static enum dosah_status column_alloc(struct dosah_ctx *ctx, struct dosah_column *c)
{
    size_t i, n = c->rows ? c->rows : 1;
    switch (c->type) {
    case DOSAH_COLUMN_REAL:
        if (!(c->real = dosah_malloc(ctx, n * sizeof *c->real)))
            return DOSAH_ENOMEM;
        for (i = 0; i < c->rows; i++)
            c->real[i] = NAN;
        break;
    case DOSAH_COLUMN_INTEGER:
        if (!(c->integer = dosah_calloc(ctx, n, sizeof *c->integer)) ||
            !(c->is_null = dosah_malloc(ctx, n)))
            return DOSAH_ENOMEM;
        memset(c->is_null, 1, n);
        break;
    case DOSAH_COLUMN_TEXT:
        if (!(c->text = dosah_calloc(ctx, n, sizeof *c->text)))
            return DOSAH_ENOMEM;
        break;
    }
    return DOSAH_OK;
}

struct dosah_column *dosah_output_add_column(struct dosah_ctx *ctx, struct dosah_output *out,
                                             enum dosah_layer layer, const char *name,
                                             const char *alias_cs, const char *alias_en,
                                             enum dosah_column_type type, size_t rows)
{
    struct dosah_column *c = dosah_calloc(ctx, 1, sizeof *c);
    if (!c)
        return NULL;
    c->type = type;
    c->rows = rows;
    c->name = dosah_strdup(ctx, name);
    c->alias_cs = dosah_strdup(ctx, alias_cs ? alias_cs : name);
    c->alias_en = dosah_strdup(ctx, alias_en ? alias_en : name);
    if (!c->name || !c->alias_cs || !c->alias_en || column_alloc(ctx, c) ||
        dosah_array_reserve(ctx, (void **)&out->columns[layer], &out->column_cap[layer],
                            out->column_count[layer] + 1, sizeof c)) {
        column_clear(c);
        dosah_free(c);
        return NULL;
    }
    out->columns[layer][out->column_count[layer]++] = c;
    return c;
}

const struct dosah_column *dosah_output_find(const struct dosah_output *out,
                                             enum dosah_layer layer, const char *name)
{
    size_t i;
    for (i = 0; out && i < out->column_count[layer]; i++)
        if (strcmp(out->columns[layer][i]->name, name) == 0)
            return out->columns[layer][i];
    return NULL;
}

struct dosah_table *dosah_output_add_table(struct dosah_ctx *ctx, struct dosah_output *out,
                                           const char *name, const char *title_cs,
                                           const char *title_en,
                                           enum dosah_table_geometry geometry)
{
    struct dosah_table *t = dosah_calloc(ctx, 1, sizeof *t);
    if (!t)
        return NULL;
    t->geometry = geometry;
    t->name = dosah_strdup(ctx, name);
    t->title_cs = dosah_strdup(ctx, title_cs);
    t->title_en = dosah_strdup(ctx, title_en);
    if (!t->name || !t->title_cs || !t->title_en ||
        dosah_array_reserve(ctx, (void **)&out->tables, &out->table_cap, out->table_count + 1,
                            sizeof t)) {
        table_free(t);
        return NULL;
    }
    out->tables[out->table_count++] = t;
    return t;
}

struct dosah_table *dosah_output_find_table(const struct dosah_output *out, const char *name)
{
    size_t i;
    for (i = 0; out && i < out->table_count; i++)
        if (strcmp(out->tables[i]->name, name) == 0)
            return out->tables[i];
    return NULL;
}

void dosah_column_set_integer(struct dosah_column *c, size_t row, int64_t v)
{
    c->integer[row] = v;
    c->is_null[row] = 0;
}

void dosah_column_set_null(struct dosah_column *c, size_t row)
{
    switch (c->type) {
    case DOSAH_COLUMN_REAL:
        c->real[row] = NAN;
        break;
    case DOSAH_COLUMN_INTEGER:
        c->integer[row] = 0;
        c->is_null[row] = 1;
        break;
    case DOSAH_COLUMN_TEXT:
        dosah_free(c->text[row]);
        c->text[row] = NULL;
        break;
    }
}

int dosah_column_is_null(const struct dosah_column *c, size_t row)
{
    switch (c->type) {
    case DOSAH_COLUMN_REAL:
        return isnan(c->real[row]);
    case DOSAH_COLUMN_INTEGER:
        return c->is_null[row] != 0;
    case DOSAH_COLUMN_TEXT:
        return c->text[row] == NULL;
    }
    return 1;
}

void dosah_column_set_real(struct dosah_column *c, size_t row, double v)
{
    assert(c->type == DOSAH_COLUMN_REAL && row < c->rows);
    c->real[row] = v;
}

enum dosah_status dosah_column_set_text(struct dosah_ctx *ctx, struct dosah_column *c, size_t row,
                                        const char *s)
{
    char *copy = NULL;
    assert(c->type == DOSAH_COLUMN_TEXT && row < c->rows);
    if (s && !(copy = dosah_strdup(ctx, s)))
        return DOSAH_ENOMEM;
    dosah_free(c->text[row]);
    c->text[row] = copy;
    return DOSAH_OK;
}

size_t dosah_output_column_count(const struct dosah_output *out, enum dosah_layer layer)
{
    return out ? out->column_count[layer] : 0;
}

const struct dosah_column *dosah_output_column(const struct dosah_output *out,
                                               enum dosah_layer layer, size_t i)
{
    assert(i < dosah_output_column_count(out, layer));
    return out->columns[layer][i];
}

size_t dosah_output_table_count(const struct dosah_output *out)
{
    return out ? out->table_count : 0;
}

const struct dosah_table *dosah_output_table(const struct dosah_output *out, size_t i)
{
    assert(i < dosah_output_table_count(out));
    return out->tables[i];
}

size_t dosah_output_fact_count(const struct dosah_output *out)
{
    return out ? out->fact_count : 0;
}

const char *dosah_output_fact(const struct dosah_output *out, size_t i)
{
    assert(i < dosah_output_fact_count(out));
    return out->facts[i];
}

size_t dosah_output_service_row_count(const struct dosah_output *out)
{
    return out && out->service_rows ? out->service_row_count : 0;
}

const struct dosah_service_row *dosah_output_service_rows(const struct dosah_output *out)
{
    return out ? out->service_rows : NULL;
}

const char *dosah_table_layer_name(const struct dosah_table *t)
{
    return t->name;
}

const char *dosah_table_layer_title(const struct dosah_table *t, int english)
{
    return english ? t->title_en : t->title_cs;
}

enum dosah_table_geometry dosah_table_geometry_type(const struct dosah_table *t)
{
    return t->geometry;
}

size_t dosah_table_row_count(const struct dosah_table *t)
{
    return t->rows;
}

size_t dosah_table_column_count(const struct dosah_table *t)
{
    return t->column_count;
}

const struct dosah_column *dosah_table_column(const struct dosah_table *t, size_t i)
{
    assert(i < t->column_count);
    return t->columns[i];
}

const unsigned char *dosah_table_wkb(const struct dosah_table *t, size_t row, size_t *size)
{
    assert(row < t->rows);
    *size = t->wkb[row] ? t->wkb_size[row] : 0;
    return t->wkb[row];
}

const char *dosah_column_name(const struct dosah_column *c)
{
    return c->name;
}

const char *dosah_column_alias(const struct dosah_column *c, int english)
{
    return english ? c->alias_en : c->alias_cs;
}

enum dosah_column_type dosah_column_value_type(const struct dosah_column *c)
{
    return c->type;
}

size_t dosah_column_row_count(const struct dosah_column *c)
{
    return c->rows;
}

double dosah_column_real(const struct dosah_column *c, size_t row)
{
    assert(c->type == DOSAH_COLUMN_REAL && row < c->rows);
    return c->real[row];
}

int64_t dosah_column_integer(const struct dosah_column *c, size_t row)
{
    assert(c->type == DOSAH_COLUMN_INTEGER && row < c->rows);
    return c->is_null[row] ? 0 : c->integer[row];
}

const char *dosah_column_text(const struct dosah_column *c, size_t row)
{
    assert(c->type == DOSAH_COLUMN_TEXT && row < c->rows);
    return c->text[row];
}

/* Grows a column's value array to cap rows, new ones NULL. */
static enum dosah_status column_grow(struct dosah_ctx *ctx, struct dosah_column *c, size_t cap)
{
    size_t i;
    void *p;
    switch (c->type) {
    case DOSAH_COLUMN_REAL:
        if (!(p = dosah_reallocarray(ctx, c->real, cap, sizeof *c->real)))
            return DOSAH_ENOMEM;
        c->real = p;
        for (i = c->rows; i < cap; i++)
            c->real[i] = NAN;
        break;
    case DOSAH_COLUMN_INTEGER:
        if (!(p = dosah_reallocarray(ctx, c->integer, cap, sizeof *c->integer)))
            return DOSAH_ENOMEM;
        c->integer = p;
        if (!(p = dosah_reallocarray(ctx, c->is_null, cap, 1)))
            return DOSAH_ENOMEM;
        c->is_null = p;
        for (i = c->rows; i < cap; i++)
            c->integer[i] = 0, c->is_null[i] = 1;
        break;
    case DOSAH_COLUMN_TEXT:
        if (!(p = dosah_reallocarray(ctx, c->text, cap, sizeof *c->text)))
            return DOSAH_ENOMEM;
        c->text = p;
        for (i = c->rows; i < cap; i++)
            c->text[i] = NULL;
        break;
    }
    return DOSAH_OK;
}

struct dosah_column *dosah_table_add_column(struct dosah_ctx *ctx, struct dosah_table *t,
                                            const char *name, const char *alias_cs,
                                            const char *alias_en, enum dosah_column_type type)
{
    struct dosah_column *c = dosah_calloc(ctx, 1, sizeof *c);
    if (!c)
        return NULL;
    c->type = type;
    c->name = dosah_strdup(ctx, name);
    c->alias_cs = dosah_strdup(ctx, alias_cs ? alias_cs : name);
    c->alias_en = dosah_strdup(ctx, alias_en ? alias_en : name);
    if (!c->name || !c->alias_cs || !c->alias_en || column_grow(ctx, c, t->cap ? t->cap : 1) ||
        dosah_array_reserve(ctx, (void **)&t->columns, &t->column_cap, t->column_count + 1,
                            sizeof c)) {
        column_clear(c);
        dosah_free(c);
        return NULL;
    }
    c->rows = t->rows;
    t->columns[t->column_count++] = c;
    return c;
}

enum dosah_status dosah_table_add_row(struct dosah_ctx *ctx, struct dosah_table *t,
                                      const unsigned char *wkb, size_t wkb_size, size_t *row)
{
    unsigned char *copy = NULL;
    size_t i;
    if (t->rows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        void *p;
        for (i = 0; i < t->column_count; i++)
            if (column_grow(ctx, t->columns[i], cap))
                return DOSAH_ENOMEM;
        if (!(p = dosah_reallocarray(ctx, t->wkb, cap, sizeof *t->wkb)))
            return DOSAH_ENOMEM;
        t->wkb = p;
        if (!(p = dosah_reallocarray(ctx, t->wkb_size, cap, sizeof *t->wkb_size)))
            return DOSAH_ENOMEM;
        t->wkb_size = p;
        t->cap = cap;
    }
    if (wkb && !(copy = dosah_malloc(ctx, wkb_size)))
        return DOSAH_ENOMEM;
    if (copy)
        memcpy(copy, wkb, wkb_size);
    t->wkb[t->rows] = copy;
    t->wkb_size[t->rows] = copy ? wkb_size : 0;
    *row = t->rows++;
    for (i = 0; i < t->column_count; i++)
        t->columns[i]->rows = t->rows;
    return DOSAH_OK;
}

struct dosah_column *dosah_table_find(const struct dosah_table *t, const char *name)
{
    size_t i;
    for (i = 0; t && i < t->column_count; i++)
        if (strcmp(t->columns[i]->name, name) == 0)
            return t->columns[i];
    return NULL;
}

/* Records key=value (value printf-style from fmt and ap). */
static enum dosah_status add_fact(struct dosah_ctx *ctx, struct dosah_output *out, const char *key,
                                  const char *fmt, va_list ap)
{
    struct dosah_strbuf b;
    char value[512];
    vsnprintf(value, sizeof value, fmt, ap);
    dosah_strbuf_init(&b, 0);
    if (dosah_array_reserve(ctx, (void **)&out->facts, &out->fact_cap, out->fact_count + 1,
                            sizeof *out->facts) ||
        dosah_strbuf_printf(ctx, &b, "%s=%s", key, value)) {
        dosah_strbuf_clear(&b);
        return DOSAH_ENOMEM;
    }
    if (!(out->facts[out->fact_count] = dosah_strbuf_take(ctx, &b)))
        return DOSAH_ENOMEM;
    out->fact_count++;
    return DOSAH_OK;
}

enum dosah_status dosah_output_add_fact(struct dosah_ctx *ctx, struct dosah_output *out,
                                        const char *key, const char *fmt, ...)
{
    enum dosah_status st;
    va_list ap;
    va_start(ap, fmt);
    st = add_fact(ctx, out, key, fmt, ap);
    va_end(ap);
    return st;
}

enum dosah_status dosah_output_add_fact_id(struct dosah_ctx *ctx, struct dosah_output *out,
                                           enum dosah_fact f, const char *arg, const char *fmt, ...)
{
    char key[256];
    enum dosah_status st;
    va_list ap;
    dosah_fact_key(f, arg, key, sizeof key);
    va_start(ap, fmt);
    st = add_fact(ctx, out, key, fmt, ap);
    va_end(ap);
    return st;
}

enum dosah_column_type dosah_field_column_type(enum dosah_field_type t, int integer_ids)
{
    switch (t) {
    case DOSAH_FT_REAL:
    case DOSAH_FT_COUNT:
        return DOSAH_COLUMN_REAL;
    case DOSAH_FT_INTEGER:
    case DOSAH_FT_SMALL:
        return DOSAH_COLUMN_INTEGER;
    case DOSAH_FT_ID:
        return integer_ids ? DOSAH_COLUMN_INTEGER : DOSAH_COLUMN_TEXT;
    case DOSAH_FT_TEXT:
        break;
    }
    return DOSAH_COLUMN_TEXT;
}

struct dosah_column *dosah_output_add_field(struct dosah_ctx *ctx, struct dosah_output *out,
                                            enum dosah_out_field f, size_t rows)
{
    enum dosah_table_id t = dosah_out_field_table(f);
    assert((int)t < (int)DOSAH_LAYER_COUNT);
    return dosah_output_add_column(ctx, out, (enum dosah_layer)t, dosah_out_field_name(f),
                                   dosah_out_field_alias(f, 0), dosah_out_field_alias(f, 1),
                                   dosah_field_column_type(dosah_out_field_type(f), 0), rows);
}

struct dosah_column *dosah_output_get_field(const struct dosah_output *out, enum dosah_out_field f)
{
    enum dosah_table_id t = dosah_out_field_table(f);
    assert((int)t < (int)DOSAH_LAYER_COUNT);
    return (struct dosah_column *)dosah_output_find(out, (enum dosah_layer)t,
                                                    dosah_out_field_name(f));
}

struct dosah_table *dosah_output_table_of(struct dosah_ctx *ctx, struct dosah_output *out,
                                          enum dosah_table_id t, enum dosah_table_geometry geometry,
                                          int integer_ids)
{
    struct dosah_table *tab = dosah_output_get_table(out, t);
    int f;
    if (tab)
        return tab;
    if (!(tab = dosah_output_add_table(ctx, out, dosah_table_name(t), dosah_table_title(t, 0),
                                       dosah_table_title(t, 1), geometry)))
        return NULL;
    for (f = dosah_out_field_first(t); f < DOSAH_OF_COUNT && dosah_out_field_table(f) == t; f++)
        if (!dosah_table_add_column(ctx, tab, dosah_out_field_name(f), dosah_out_field_alias(f, 0),
                                    dosah_out_field_alias(f, 1),
                                    dosah_field_column_type(dosah_out_field_type(f), integer_ids)))
            return NULL;
    return tab;
}

struct dosah_table *dosah_output_get_table(const struct dosah_output *out, enum dosah_table_id t)
{
    return dosah_output_find_table(out, dosah_table_name(t));
}

struct dosah_column *dosah_table_field(const struct dosah_table *t, enum dosah_out_field f)
{
    size_t i = (size_t)(f - dosah_out_field_first(dosah_out_field_table(f)));
    assert(i < t->column_count && strcmp(t->columns[i]->name, dosah_out_field_name(f)) == 0);
    return t->columns[i];
}
