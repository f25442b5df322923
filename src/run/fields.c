/* SPDX-License-Identifier: MIT */
/* The per-question output fields (fields.h) and the columns made from them. */
#include <stdio.h>
#include <string.h>

#include "run/fields.h"
#include "run/run_internal.h"

const struct dosah_key_field_def dosah_key_fields[DOSAH_KF_COUNT] = {
#define DOSAH_KEY_FIELD_DEF(id, suffix, type, cs, en) {suffix, cs, en, DOSAH_COLUMN_##type},
    DOSAH_KEY_FIELDS(DOSAH_KEY_FIELD_DEF)
#undef DOSAH_KEY_FIELD_DEF
};

/* Appends text to out (of size n, at *at), cut at the end; the text stays terminated. */
static void put(char *out, size_t n, size_t *at, const char *text)
{
    size_t len = strlen(text);
    if (*at + 1 >= n)
        return;
    if (len > n - 1 - *at)
        len = n - 1 - *at;
    memcpy(out + *at, text, len);
    *at += len;
    out[*at] = '\0';
}

void dosah_key_field_expand(const char *template, double minutes, const char *window,
                            const char *hours, char *out, size_t n)
{
    size_t at = 0;
    char num[32];
    out[0] = '\0';
    while (*template) {
        const char *brace = strchr(template, '{');
        char piece[256];
        size_t len = brace ? (size_t)(brace - template) : strlen(template);
        if (len >= sizeof piece)
            len = sizeof piece - 1;
        memcpy(piece, template, len);
        piece[len] = '\0';
        put(out, n, &at, piece);
        if (!brace)
            return;
        if (strncmp(brace, "{T}", 3) == 0) {
            snprintf(num, sizeof num, "%g", minutes);
            put(out, n, &at, num);
        } else if (strncmp(brace, "{W}", 3) == 0) {
            put(out, n, &at, window ? window : "");
        } else if (strncmp(brace, "{w}", 3) == 0) {
            put(out, n, &at, hours ? hours : "");
        } else {
            put(out, n, &at, "{");
            template = brace + 1;
            continue;
        }
        template = brace + 3;
    }
}

struct dosah_column *dosah_key_column_at(struct dosah_ctx *ctx, struct dosah_output *out,
                                         enum dosah_layer layer,
                                         const struct dosah_service_spec *q,
                                         enum dosah_key_field f, double minutes,
                                         const char *window, const char *hours, size_t rows)
{
    const struct dosah_key_field_def *d = &dosah_key_fields[f];
    char suffix[96], name[96], cs[256], en[256], acs[256], aen[256];
    const char *label = q->label ? q->label : q->key;
    dosah_key_field_expand(d->suffix, minutes, window, hours, suffix, sizeof suffix);
    dosah_key_field_expand(d->alias_cs, minutes, window, hours, cs, sizeof cs);
    dosah_key_field_expand(d->alias_en, minutes, window, hours, en, sizeof en);
    size_t at = 0;
    name[0] = acs[0] = aen[0] = '\0';
    put(name, sizeof name, &at, q->key), put(name, sizeof name, &at, "_");
    put(name, sizeof name, &at, suffix);
    at = 0;
    put(acs, sizeof acs, &at, label), put(acs, sizeof acs, &at, ": ");
    put(acs, sizeof acs, &at, cs);
    at = 0;
    put(aen, sizeof aen, &at, label), put(aen, sizeof aen, &at, ": ");
    put(aen, sizeof aen, &at, en);
    return dosah_output_add_column(ctx, out, layer, name, acs, aen,
                                   (enum dosah_column_type)d->type, rows);
}

struct dosah_column *dosah_key_column(struct dosah_ctx *ctx, struct dosah_output *out,
                                      enum dosah_layer layer, const struct dosah_service_spec *q,
                                      enum dosah_key_field f, size_t rows)
{
    return dosah_key_column_at(ctx, out, layer, q, f, q->threshold_min, NULL, NULL, rows);
}
