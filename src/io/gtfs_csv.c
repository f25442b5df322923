/* SPDX-License-Identifier: MIT */
/*
 * The CSV layer of the GTFS reader: a file read whole through GDAL's virtual file system (a
 * folder, or a zip through /vsizip/), a UTF-8 byte order mark skipped, records split in place
 * with RFC 4180 quoting ("a ""quoted"" field", commas and line breaks inside quotes), CRLF
 * or LF line ends; times, dates and a string index.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_vsi.h>

#include "core/core_internal.h"
#include "dosah/transit.h"
#include "io/gtfs_internal.h"

void gtfs_table_clear(struct gtfs_table *t)
{
    if (t->data)
        VSIFree(t->data);
    memset(t, 0, sizeof *t);
}

enum dosah_status gtfs_bad(struct dosah_ctx *ctx, const struct gtfs_table *t, int col,
                           const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (col >= 0 && (size_t)col < t->ncols)
        return dosah_error_set(ctx, DOSAH_EINVAL, "%s line %lu: field '%s': %s", t->label,
                               t->line, t->header[col], what);
    return dosah_error_set(ctx, DOSAH_EINVAL, "%s line %lu: %s", t->label, t->line, what);
}

int gtfs_table_next(struct dosah_ctx *ctx, struct gtfs_table *t)
{
    char *p, *end = t->data + t->size, *w;
    for (;;) { /* skip empty lines */
        if (t->pos >= t->size)
            return 0;
        p = t->data + t->pos;
        if (*p == '\n' || *p == '\r') {
            if (*p == '\n')
                t->next_line++;
            t->pos++;
            continue;
        }
        break;
    }
    t->line = t->next_line;
    t->nfields = 0;
    for (;;) {
        char *start = p;
        w = p;
        if (p < end && *p == '"') {
            p++;
            for (;;) {
                if (p >= end) {
                    t->pos = t->size;
                    gtfs_bad(ctx, t, -1, "a quoted field is not closed; close it with '\"'");
                    return -1;
                }
                if (*p == '"' && p + 1 < end && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    if (*p == '\n')
                        t->next_line++;
                    *w++ = *p++;
                }
            }
            while (p < end && *p != ',' && *p != '\n' && *p != '\r')
                p++; /* text after the closing quote is dropped */
        } else {
            while (p < end && *p != ',' && *p != '\n' && *p != '\r')
                p++;
            w = p;
        }
        if (t->nfields < GTFS_MAX_COLS)
            t->field[t->nfields++] = start;
        if (p >= end || *p != ',') {
            int newline = p < end;
            if (p < end && *p == '\r' && p + 1 < end && p[1] == '\n')
                p++;
            if (p < end)
                p++;
            *w = '\0';
            if (newline)
                t->next_line++;
            break;
        }
        p++;
        *w = '\0';
    }
    t->pos = (size_t)(p - t->data);
    return 1;
}

int gtfs_column(const struct gtfs_table *t, const char *name)
{
    size_t i;
    for (i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0)
            return (int)i;
    return -1;
}

enum dosah_status gtfs_table_require(struct dosah_ctx *ctx, const struct gtfs_table *t,
                                     const char *name, int *col)
{
    if ((*col = gtfs_column(t, name)) >= 0)
        return DOSAH_OK;
    return dosah_error_set(ctx, DOSAH_EINVAL,
                           "%s line 1: no column '%s'; GTFS requires it in %s (add it to the "
                           "header line)",
                           t->label, name, t->name);
}

const char *gtfs_field(const struct gtfs_table *t, int col)
{
    return col >= 0 && (size_t)col < t->nfields ? t->field[col] : "";
}

static void trim(char *s)
{
    size_t n = strlen(s), i = 0;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    if (i)
        memmove(s, s + i, n - i + 1);
}

enum dosah_status gtfs_table_open(struct dosah_ctx *ctx, const char *prefix, const char *label,
                                  const char *name, int optional, int *present,
                                  struct gtfs_table *t)
{
    char path[4096];
    GByte *buf = NULL;
    vsi_l_offset size = 0;
    VSILFILE *fp;
    size_t i;
    int r;
    memset(t, 0, sizeof *t);
    *present = 0;
    snprintf(path, sizeof path, "%s%s", prefix, name);
    if ((fp = VSIFOpenL(path, "rb")) != NULL)
        VSIFCloseL(fp);
    else {
        if (optional)
            return DOSAH_OK;
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: the feed has no %s; a GTFS feed needs stops.txt, trips.txt, "
                               "stop_times.txt and calendar.txt or calendar_dates.txt",
                               label, name);
    }
    if (!VSIIngestFile(NULL, path, &buf, &size, (GIntBig)1 << 34))
        return dosah_error_set(ctx, DOSAH_EIO, "%s: %s cannot be read", label, name);
    t->data = (char *)buf;
    t->size = (size_t)size;
    t->name = name;
    t->label = label;
    t->next_line = 1;
    if (t->size >= 3 && memcmp(t->data, "\xef\xbb\xbf", 3) == 0)
        t->pos = 3;
    *present = 1;
    r = gtfs_table_next(ctx, t);
    if (r <= 0) { /* the table is freed here: callers return on failure without clearing */
        gtfs_table_clear(t);
        return r < 0 ? DOSAH_EINVAL
                     : dosah_error_set(ctx, DOSAH_EINVAL,
                                       "%s: %s is empty; it needs a header line", label, name);
    }
    t->ncols = t->nfields;
    for (i = 0; i < t->ncols; i++) {
        trim(t->field[i]);
        t->header[i] = t->field[i];
    }
    return DOSAH_OK;
}

int32_t gtfs_parse_time(const char *s)
{
    long h = 0, m, sec;
    int digits = 0;
    while (*s == ' ')
        s++;
    while (*s >= '0' && *s <= '9' && digits < 3) {
        h = h * 10 + (*s++ - '0');
        digits++;
    }
    if (!digits || s[0] != ':' || !(s[1] >= '0' && s[1] <= '5') || !(s[2] >= '0' && s[2] <= '9') ||
        s[3] != ':' || !(s[4] >= '0' && s[4] <= '5') || !(s[5] >= '0' && s[5] <= '9'))
        return -1;
    m = (s[1] - '0') * 10 + (s[2] - '0');
    sec = (s[4] - '0') * 10 + (s[5] - '0');
    for (s += 6; *s == ' '; s++)
        ;
    return *s ? -1 : (int32_t)(h * 3600 + m * 60 + sec);
}

int gtfs_parse_date(const char *s, int32_t *day)
{
    int y, m, d, i;
    for (i = 0; i < 8; i++)
        if (!(s[i] >= '0' && s[i] <= '9'))
            return -1;
    if (s[8] != '\0')
        return -1;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[4] - '0') * 10 + (s[5] - '0');
    d = (s[6] - '0') * 10 + (s[7] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *day = dosah_transit_day_number(y, m, d);
    return 0;
}

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211u;
    return h;
}

static enum dosah_status grow(struct dosah_ctx *ctx, struct gtfs_index *x)
{
    size_t ncap = x->cap ? 2 * x->cap : 1024, i;
    const char **key = dosah_calloc(ctx, ncap, sizeof *key);
    uint32_t *value = dosah_calloc(ctx, ncap, sizeof *value);
    if (!key || !value) {
        dosah_free(key);
        dosah_free(value);
        return DOSAH_ENOMEM;
    }
    for (i = 0; i < x->cap; i++)
        if (x->key[i]) {
            size_t h = hash(x->key[i]) & (ncap - 1);
            while (key[h])
                h = (h + 1) & (ncap - 1);
            key[h] = x->key[i];
            value[h] = x->value[i];
        }
    dosah_free(x->key);
    dosah_free(x->value);
    x->key = key;
    x->value = value;
    x->cap = ncap;
    return DOSAH_OK;
}

enum dosah_status gtfs_index_put(struct dosah_ctx *ctx, struct gtfs_index *x, const char *key,
                                 uint32_t value, int *existed)
{
    size_t h;
    enum dosah_status st;
    *existed = 0;
    if (2 * (x->count + 1) > x->cap && (st = grow(ctx, x)))
        return st;
    for (h = hash(key) & (x->cap - 1); x->key[h]; h = (h + 1) & (x->cap - 1))
        if (strcmp(x->key[h], key) == 0) {
            *existed = 1;
            return DOSAH_OK;
        }
    x->key[h] = key;
    x->value[h] = value;
    x->count++;
    return DOSAH_OK;
}

uint32_t gtfs_index_get(const struct gtfs_index *x, const char *key)
{
    size_t h;
    if (!x->cap)
        return DOSAH_NONE;
    for (h = hash(key) & (x->cap - 1); x->key[h]; h = (h + 1) & (x->cap - 1))
        if (strcmp(x->key[h], key) == 0)
            return x->value[h];
    return DOSAH_NONE;
}

void gtfs_index_clear(struct gtfs_index *x)
{
    dosah_free(x->key);
    dosah_free(x->value);
    memset(x, 0, sizeof *x);
}
