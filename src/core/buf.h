/* SPDX-License-Identifier: MIT */
/*
 * Growable buffers: a byte string (dosah_strbuf) and a growth helper for typed arrays.
 * Every allocation goes through the context's wrapper; a buffer has a size limit so that a
 * runaway input cannot take all memory.
 */
#ifndef DOSAH_BUF_H
#define DOSAH_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "dosah/core.h"

struct dosah_strbuf {
    char *data;     /* NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
    size_t limit;   /* 0: no limit */
};

/* Initialises an empty buffer in the caller's storage (no allocation). */
void dosah_strbuf_init(struct dosah_strbuf *b, size_t limit);
/* Frees the buffer's memory and re-initialises it. */
void dosah_strbuf_clear(struct dosah_strbuf *b);
enum dosah_status dosah_strbuf_append(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                      const char *data, size_t len);
enum dosah_status dosah_strbuf_puts(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                    const char *s);
enum dosah_status dosah_strbuf_printf(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Takes the string out of the buffer (caller frees with dosah_free); the buffer is reset.
 * Returns "" allocated when the buffer is empty; NULL when memory is short. */
char *dosah_strbuf_take(struct dosah_ctx *ctx, struct dosah_strbuf *b);

/*
 * Makes room for at least `need` elements of `elem_size` bytes in *array of capacity *cap,
 * growing by half again. Returns DOSAH_ENOMEM (array untouched) when memory is short.
 */
enum dosah_status dosah_array_reserve(struct dosah_ctx *ctx, void **array, size_t *cap,
                                      size_t need, size_t elem_size);

/*
 * Scratch space: room for at least `need` elements in *array of capacity *cap, whose
 * contents need not be kept. When it must grow, the old block is freed first and a new one
 * of a quarter more than needed taken, so nothing is copied. Returns DOSAH_ENOMEM (then
 * *array is NULL and *cap 0) when memory is short.
 */
enum dosah_status dosah_scratch_reserve(struct dosah_ctx *ctx, void **array, size_t *cap,
                                        size_t need, size_t elem_size);

#endif
