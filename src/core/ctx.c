/* SPDX-License-Identifier: MIT */
/*
 * The context: the last error (status and message), the progress callback, the run's
 * diagnostics and the allocation wrapper with its fault-injection countdown for tests.
 * A context is used by one thread at a time; nothing here is process-wide.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "dosah_version.h"

#define ERRMSG_MAX 2048

struct dosah_ctx {
    enum dosah_status status;
    char errmsg[ERRMSG_MAX];
    dosah_progress_fn progress;
    void *progress_user;
    long fail_countdown; /* -1: never fail */
    struct dosah_diagnostics *diag;
};

struct dosah_ctx *dosah_ctx_create(void)
{
    struct dosah_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->fail_countdown = -1;
    ctx->diag = dosah_diagnostics_create_internal();
    if (!ctx->diag) {
        free(ctx);
        return NULL;
    }
    return ctx;
}

struct dosah_ctx *dosah_ctx_destroy(struct dosah_ctx *ctx)
{
    if (!ctx)
        return NULL;
    dosah_diagnostics_destroy_internal(ctx->diag);
    free(ctx);
    return NULL;
}

const char *dosah_ctx_errmsg(const struct dosah_ctx *ctx)
{
    return ctx ? ctx->errmsg : "no context";
}

enum dosah_status dosah_ctx_status(const struct dosah_ctx *ctx)
{
    return ctx ? ctx->status : DOSAH_ENOMEM;
}

void dosah_ctx_clear_error(struct dosah_ctx *ctx)
{
    ctx->status = DOSAH_OK;
    ctx->errmsg[0] = '\0';
}

enum dosah_status dosah_error_setv(struct dosah_ctx *ctx, enum dosah_status status,
                                   const char *fmt, va_list ap)
{
    char raw[ERRMSG_MAX];
    ctx->status = status;
    vsnprintf(raw, sizeof raw, fmt, ap);
    /* Quoted input never reaches the terminal with its control characters. */
    dosah_escape_controls(raw, ctx->errmsg, sizeof ctx->errmsg);
    return status;
}

enum dosah_status dosah_error_set(struct dosah_ctx *ctx, enum dosah_status status,
                                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dosah_error_setv(ctx, status, fmt, ap);
    va_end(ap);
    return status;
}

void dosah_error_prefix(struct dosah_ctx *ctx, const char *fmt, ...)
{
    char joined[2 * ERRMSG_MAX + 2];
    size_t n;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(joined, ERRMSG_MAX, fmt, ap);
    va_end(ap);
    n = strlen(joined);
    joined[n++] = ':';
    joined[n++] = ' ';
    memcpy(joined + n, ctx->errmsg, strlen(ctx->errmsg) + 1);
    dosah_escape_controls(joined, ctx->errmsg, sizeof ctx->errmsg);
}

void dosah_ctx_set_progress(struct dosah_ctx *ctx, dosah_progress_fn fn, void *user)
{
    ctx->progress = fn;
    ctx->progress_user = user;
}

enum dosah_status dosah_progress(struct dosah_ctx *ctx, double fraction, const char *stage)
{
    if (!ctx->progress)
        return DOSAH_OK;
    if (fraction < 0.0)
        fraction = 0.0;
    if (fraction > 1.0)
        fraction = 1.0;
    if (ctx->progress(fraction, stage, ctx->progress_user) != 0)
        return dosah_error_set(ctx, DOSAH_EINTERRUPT, "interrupted during %s", stage);
    return DOSAH_OK;
}

struct dosah_diagnostics *dosah_ctx_diagnostics(struct dosah_ctx *ctx)
{
    return ctx->diag;
}

void dosah_ctx_fail_alloc_after(struct dosah_ctx *ctx, long n)
{
    ctx->fail_countdown = n < 0 ? -1 : n;
}

/* Returns 1 when the fault-injection countdown says this allocation must fail. */
static int injected_failure(struct dosah_ctx *ctx)
{
    if (!ctx || ctx->fail_countdown < 0)
        return 0;
    if (ctx->fail_countdown == 0) {
        ctx->fail_countdown = -1;
        return 1;
    }
    ctx->fail_countdown--;
    return 0;
}

static void *out_of_memory(struct dosah_ctx *ctx, size_t size)
{
    if (ctx)
        dosah_error_set(ctx, DOSAH_ENOMEM, "out of memory (allocating %zu bytes)", size);
    return NULL;
}

void *dosah_malloc(struct dosah_ctx *ctx, size_t size)
{
    void *p;
    if (injected_failure(ctx))
        return out_of_memory(ctx, size);
    p = malloc(size ? size : 1);
    return p ? p : out_of_memory(ctx, size);
}

void *dosah_calloc(struct dosah_ctx *ctx, size_t count, size_t size)
{
    void *p;
    if (size && count > SIZE_MAX / size)
        return out_of_memory(ctx, SIZE_MAX);
    if (injected_failure(ctx))
        return out_of_memory(ctx, count * size);
    p = calloc(count ? count : 1, size ? size : 1);
    return p ? p : out_of_memory(ctx, count * size);
}

void *dosah_realloc(struct dosah_ctx *ctx, void *ptr, size_t size)
{
    void *p;
    if (injected_failure(ctx))
        return out_of_memory(ctx, size);
    p = realloc(ptr, size ? size : 1);
    return p ? p : out_of_memory(ctx, size);
}

void *dosah_reallocarray(struct dosah_ctx *ctx, void *ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return out_of_memory(ctx, SIZE_MAX);
    return dosah_realloc(ctx, ptr, count * size);
}

char *dosah_strdup(struct dosah_ctx *ctx, const char *s)
{
    size_t n;
    char *p;
    if (!s)
        return NULL;
    n = strlen(s) + 1;
    p = dosah_malloc(ctx, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *dosah_asprintf(struct dosah_ctx *ctx, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;
    char *p;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        dosah_error_set(ctx, DOSAH_EINVAL, "bad format string");
        return NULL;
    }
    p = dosah_malloc(ctx, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void dosah_free(void *ptr)
{
    free(ptr);
}

const char *dosah_version(void)
{
    return DOSAH_VERSION_STRING;
}
