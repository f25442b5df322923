/* SPDX-License-Identifier: MIT */
/* The per-question columns, made from the list of fields (core/fields.h) by id. */
#include <stdio.h>

#include "core/fields.h"
#include "run/run_internal.h"

/* "label: alias" into out (of size n), cut to fit. */
static void labelled(char *out, size_t n, const char *label, const char *alias)
{
    if (snprintf(out, n, "%s: %s", label, alias) < 0) /* cut to fit otherwise */
        out[0] = '\0';
}

struct dosah_column *dosah_key_column_at(struct dosah_ctx *ctx, struct dosah_output *out,
                                         enum dosah_layer layer,
                                         const struct dosah_service_spec *q,
                                         enum dosah_key_field f, double minutes,
                                         const char *window, const char *hours, size_t rows)
{
    char name[96], cs[256], en[256], acs[256], aen[256];
    const char *label = q->label ? q->label : q->key;
    dosah_key_field_name(f, q->key, minutes, window, name, sizeof name);
    dosah_field_expand(dosah_key_field_alias(f, 0), minutes, window, hours, cs, sizeof cs);
    dosah_field_expand(dosah_key_field_alias(f, 1), minutes, window, hours, en, sizeof en);
    labelled(acs, sizeof acs, label, cs);
    labelled(aen, sizeof aen, label, en);
    return dosah_output_add_column(ctx, out, layer, name, acs, aen,
                                   dosah_field_column_type(dosah_key_field_type(f), 0), rows);
}

struct dosah_column *dosah_key_column(struct dosah_ctx *ctx, struct dosah_output *out,
                                      enum dosah_layer layer, const struct dosah_service_spec *q,
                                      enum dosah_key_field f, size_t rows)
{
    return dosah_key_column_at(ctx, out, layer, q, f, q->threshold_min, NULL, NULL, rows);
}

const struct dosah_column *dosah_key_column_find(const struct dosah_output *out,
                                                 enum dosah_layer layer,
                                                 const struct dosah_service_spec *q,
                                                 enum dosah_key_field f)
{
    char name[96];
    dosah_key_field_name(f, q->key, q->threshold_min, NULL, name, sizeof name);
    return dosah_output_find(out, layer, name);
}
