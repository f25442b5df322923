/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics: the warnings of a run (points snapped far, roads disconnected, population
 * missing...). They are kept on the context, announced to its diagnostic callback as they
 * are added (the CLI prints them then with --progress), printed by the CLI and written by the
 * writer into the GeoPackage's `diagnostics` table.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/core_internal.h"
#include "core/text.h"

struct dosah_diagnostics {
    struct dosah_diagnostic *items;
    size_t count;
    size_t cap;
    dosah_diagnostic_fn fn; /* announces each diagnostic as it is added; may be NULL */
    void *fn_user;
    int held;         /* announcements wait for dosah_diagnostics_release */
    size_t held_from; /* the count when held */
};

struct dosah_diagnostics *dosah_diagnostics_create_internal(void)
{
    return calloc(1, sizeof(struct dosah_diagnostics));
}

static void diagnostic_clear(struct dosah_diagnostic *d)
{
    dosah_free(d->stage);
    dosah_free(d->file);
    dosah_free(d->layer);
    dosah_free(d->feature);
    dosah_free(d->field);
    dosah_free(d->message);
    dosah_free(d->message_cs);
}

void dosah_diagnostics_destroy_internal(struct dosah_diagnostics *d)
{
    size_t i;
    if (!d)
        return;
    for (i = 0; i < d->count; i++)
        diagnostic_clear(&d->items[i]);
    dosah_free(d->items);
    free(d);
}

size_t dosah_diagnostics_count(const struct dosah_diagnostics *d)
{
    return d->count;
}

const struct dosah_diagnostic *dosah_diagnostics_get(const struct dosah_diagnostics *d, size_t i)
{
    return i < d->count ? &d->items[i] : NULL;
}

void dosah_ctx_set_diagnostic(struct dosah_ctx *ctx, dosah_diagnostic_fn fn, void *user)
{
    struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    d->fn = fn;
    d->fn_user = user;
}

void dosah_diagnostics_hold(struct dosah_ctx *ctx)
{
    struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    assert(!d->held);
    d->held = 1;
    d->held_from = d->count;
}

void dosah_diagnostics_release(struct dosah_ctx *ctx)
{
    struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    size_t i;
    if (!d->held)
        return;
    d->held = 0;
    for (i = d->held_from; d->fn && i < d->count; i++)
        d->fn(&d->items[i], d->fn_user);
}

/* Copy with control characters escaped (dosah_escape_controls) that keeps NULL as NULL and
 * tells apart "no value" from "no memory". */
static int dup_opt(struct dosah_ctx *ctx, char **dst, const char *src)
{
    size_t cap;
    *dst = NULL;
    if (!src)
        return 0;
    cap = 6 * strlen(src) + 1; /* at most 6 bytes for each byte of src */
    if (!(*dst = dosah_malloc(ctx, cap)))
        return -1;
    dosah_escape_controls(src, *dst, cap);
    return 0;
}

enum dosah_status dosah_diag_addv(struct dosah_ctx *ctx, enum dosah_severity severity,
                                  const char *stage, const char *file, const char *layer,
                                  const char *feature, const char *field, const char *fmt,
                                  va_list ap)
{
    struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    struct dosah_diagnostic item;
    const char *cs = dosah_catalog_cs(fmt);
    char msg[2048], msg_cs[2048];
    va_list en;

    va_copy(en, ap);
    vsnprintf(msg, sizeof msg, fmt, en);
    va_end(en);
    if (!cs || dosah_catalog_vformat(msg_cs, sizeof msg_cs, cs, ap))
        cs = NULL;
    memset(&item, 0, sizeof item);
    item.severity = severity;
    if (dup_opt(ctx, &item.stage, stage) || dup_opt(ctx, &item.file, file) ||
        dup_opt(ctx, &item.layer, layer) || dup_opt(ctx, &item.feature, feature) ||
        dup_opt(ctx, &item.field, field) || dup_opt(ctx, &item.message, msg) ||
        dup_opt(ctx, &item.message_cs, cs ? msg_cs : NULL))
        goto fail;
    if (dosah_array_reserve(ctx, (void **)&d->items, &d->cap, d->count + 1, sizeof item))
        goto fail;
    d->items[d->count++] = item;
    if (d->fn && !d->held)
        d->fn(&d->items[d->count - 1], d->fn_user);
    return DOSAH_OK;
fail:
    diagnostic_clear(&item);
    return DOSAH_ENOMEM;
}

enum dosah_status dosah_diag_add(struct dosah_ctx *ctx, enum dosah_severity severity,
                                 const char *stage, const char *file, const char *layer,
                                 const char *feature, const char *field, const char *fmt, ...)
{
    enum dosah_status st;
    va_list ap;
    va_start(ap, fmt);
    st = dosah_diag_addv(ctx, severity, stage, file, layer, feature, field, fmt, ap);
    va_end(ap);
    return st;
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same(const struct dosah_diagnostic *a, const struct dosah_diagnostic *b)
{
    return a->severity == b->severity && same_text(a->stage, b->stage) &&
           same_text(a->file, b->file) && same_text(a->layer, b->layer) &&
           same_text(a->feature, b->feature) && same_text(a->field, b->field) &&
           same_text(a->message, b->message);
}

enum dosah_status dosah_diagnostics_keep_new(struct dosah_ctx *ctx, size_t n,
                                             const char *prefix)
{
    struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    size_t i, j, kept = n;
    for (i = n; i < d->count; i++) {
        struct dosah_diagnostic *g = &d->items[i];
        char *msg;
        for (j = 0; j < n && !same(&d->items[j], g); j++)
            ;
        if (j < n) {
            diagnostic_clear(g);
            continue;
        }
        if (!(msg = dosah_asprintf(ctx, "%s%s", prefix, g->message)))
            return DOSAH_ENOMEM;
        dosah_free(g->message);
        g->message = msg;
        if (g->message_cs) {
            if (!(msg = dosah_asprintf(ctx, "%s%s", dosah_catalog_phrase_cs(prefix),
                                       g->message_cs)))
                return DOSAH_ENOMEM;
            dosah_free(g->message_cs);
            g->message_cs = msg;
        }
        d->items[kept++] = *g;
    }
    d->count = kept;
    return DOSAH_OK;
}
