/* SPDX-License-Identifier: MIT */
/*
 * Growable buffers for strings and arrays, with a size limit on strings (curl's dynbuf is the
 * model): the only growth logic in dosah, so that every module grows its arrays the same way.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/core_internal.h"

void dosah_strbuf_init(struct dosah_strbuf *b, size_t limit)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->limit = limit;
}

void dosah_strbuf_clear(struct dosah_strbuf *b)
{
    dosah_free(b->data);
    dosah_strbuf_init(b, b->limit);
}

enum dosah_status dosah_strbuf_append(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                      const char *data, size_t len)
{
    size_t need = b->len + len + 1;
    if (b->limit && need > b->limit)
        return dosah_error_set(ctx, DOSAH_EINVAL, "text longer than %zu bytes", b->limit);
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *p;
        while (cap < need)
            cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        p = dosah_realloc(ctx, b->data, cap);
        if (!p)
            return DOSAH_ENOMEM;
        b->data = p;
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return DOSAH_OK;
}

enum dosah_status dosah_strbuf_puts(struct dosah_ctx *ctx, struct dosah_strbuf *b, const char *s)
{
    return dosah_strbuf_append(ctx, b, s, strlen(s));
}

enum dosah_status dosah_strbuf_printf(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                      const char *fmt, ...)
{
    char small[256];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return dosah_error_set(ctx, DOSAH_EINVAL, "bad format string");
    if ((size_t)n < sizeof small)
        return dosah_strbuf_append(ctx, b, small, (size_t)n);
    {
        char *big = dosah_malloc(ctx, (size_t)n + 1);
        enum dosah_status st;
        if (!big)
            return DOSAH_ENOMEM;
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        st = dosah_strbuf_append(ctx, b, big, (size_t)n);
        dosah_free(big);
        return st;
    }
}

char *dosah_strbuf_take(struct dosah_ctx *ctx, struct dosah_strbuf *b)
{
    char *s;
    if (!b->data) {
        s = dosah_malloc(ctx, 1);
        if (s)
            s[0] = '\0';
        return s;
    }
    s = b->data;
    dosah_strbuf_init(b, b->limit);
    return s;
}

enum dosah_status dosah_array_reserve(struct dosah_ctx *ctx, void **array, size_t *cap,
                                      size_t need, size_t elem_size)
{
    size_t ncap;
    void *p;
    if (need <= *cap)
        return DOSAH_OK;
    ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 3 ? need : ncap + ncap / 2 + 1;
    p = dosah_reallocarray(ctx, *array, ncap, elem_size);
    if (!p)
        return DOSAH_ENOMEM;
    *array = p;
    *cap = ncap;
    return DOSAH_OK;
}

enum dosah_status dosah_scratch_reserve(struct dosah_ctx *ctx, void **array, size_t *cap,
                                        size_t need, size_t elem_size)
{
    size_t ncap;
    if (need <= *cap)
        return DOSAH_OK;
    dosah_free(*array);
    *array = NULL, *cap = 0;
    ncap = need > SIZE_MAX / 2 ? need : need + need / 4;
    if (!(*array = dosah_reallocarray(ctx, NULL, ncap, elem_size)))
        return DOSAH_ENOMEM;
    *cap = ncap;
    return DOSAH_OK;
}
