/* SPDX-License-Identifier: MIT */
/*
 * A small reader of Well-Known Binary geometry for the report's maps: SpatiaLite hands the
 * GeoPackage's (simplified) geometries over as WKB, and the maps only need their rings, lines
 * and points as flat coordinate arrays. Both byte orders; ISO (1000/2000/3000 offsets) and
 * EWKB-style (high bits) Z and M flags, read as 2D. Every count is checked against the bytes
 * that remain, so a corrupt blob fails cleanly instead of allocating or reading past its end.
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "report/report_internal.h"

#define MAX_DEPTH 8

struct wkb_cursor {
    const unsigned char *p;
    size_t left;
    int little;
};

void dosah_report_shape_init(struct dosah_report_shape *s)
{
    memset(s, 0, sizeof *s);
    s->min_x = s->min_y = INFINITY;
    s->max_x = s->max_y = -INFINITY;
}

void dosah_report_shape_clear(struct dosah_report_shape *s)
{
    dosah_free(s->xy);
    dosah_free(s->part_start);
    dosah_free(s->part_kind);
    dosah_report_shape_init(s);
}

size_t dosah_report_shape_part_size(const struct dosah_report_shape *s, size_t i)
{
    size_t end = i + 1 < s->part_count ? s->part_start[i + 1] : s->point_count;
    return end - s->part_start[i];
}

static int read_u32(struct wkb_cursor *c, uint32_t *v)
{
    const unsigned char *p = c->p;
    if (c->left < 4)
        return -1;
    *v = c->little ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                         (uint32_t)p[3] << 24
                   : (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
                         (uint32_t)p[0] << 24;
    c->p += 4;
    c->left -= 4;
    return 0;
}

static double read_f64(struct wkb_cursor *c)
{
    unsigned char b[8];
    uint64_t u = 0;
    double d;
    int i;
    memcpy(b, c->p, 8);
    for (i = 0; i < 8; i++)
        u |= (uint64_t)b[c->little ? i : 7 - i] << (8 * i);
    memcpy(&d, &u, sizeof d);
    c->p += 8;
    c->left -= 8;
    return d;
}

static enum dosah_status bad(struct dosah_ctx *ctx, const char *why)
{
    return dosah_error_set(ctx, DOSAH_EINVAL, "malformed WKB geometry: %s", why);
}

static enum dosah_status new_part(struct dosah_ctx *ctx, struct dosah_report_shape *s, int kind)
{
    size_t cap = s->part_cap;
    void *a = s->part_start, *b = s->part_kind;
    enum dosah_status st;
    if ((st = dosah_array_reserve(ctx, &a, &cap, s->part_count + 1, sizeof *s->part_start)))
        return st;
    s->part_start = a;
    cap = s->part_cap;
    if ((st = dosah_array_reserve(ctx, &b, &cap, s->part_count + 1, 1)))
        return st;
    s->part_kind = b;
    s->part_cap = cap;
    s->part_start[s->part_count] = (uint32_t)s->point_count;
    s->part_kind[s->part_count++] = (unsigned char)kind;
    return DOSAH_OK;
}

/* Reads n points of `dims` doubles each into a new part. */
static enum dosah_status read_points(struct dosah_ctx *ctx, struct wkb_cursor *c,
                                     struct dosah_report_shape *s, uint32_t n, int dims,
                                     int kind)
{
    size_t cap = s->point_cap, i;
    void *xy = s->xy;
    enum dosah_status st;
    int d;
    if ((size_t)n > c->left / (8u * (unsigned)dims))
        return bad(ctx, "more points than bytes");
    if (s->point_count + n > UINT32_MAX)
        return bad(ctx, "too many points");
    if ((st = dosah_array_reserve(ctx, &xy, &cap, s->point_count + n, 2 * sizeof(double))))
        return st;
    s->xy = xy;
    s->point_cap = cap;
    if ((st = new_part(ctx, s, kind)))
        return st;
    for (i = 0; i < n; i++) {
        double x = read_f64(c), y = read_f64(c);
        int finite = isfinite(x) && isfinite(y);
        for (d = 2; d < dims; d++)
            finite &= isfinite(read_f64(c)) != 0;
        if (!finite)
            return bad(ctx, "a coordinate is not a finite number");
        s->xy[2 * s->point_count] = x;
        s->xy[2 * s->point_count + 1] = y;
        s->point_count++;
        s->min_x = x < s->min_x ? x : s->min_x;
        s->max_x = x > s->max_x ? x : s->max_x;
        s->min_y = y < s->min_y ? y : s->min_y;
        s->max_y = y > s->max_y ? y : s->max_y;
    }
    return DOSAH_OK;
}

/* Splits a WKB type code into the base type (1..7) and the number of coordinates. */
static int split_type(uint32_t code, uint32_t *base, int *dims)
{
    int z = (code & 0x80000000u) != 0, m = (code & 0x40000000u) != 0;
    code &= 0x0fffffffu;
    if (code >= 3000)
        z = m = 1, code -= 3000;
    else if (code >= 2000)
        m = 1, code -= 2000;
    else if (code >= 1000)
        z = 1, code -= 1000;
    *base = code;
    *dims = 2 + z + m;
    return code >= 1 && code <= 7 ? 0 : -1;
}

static enum dosah_status read_geometry(struct dosah_ctx *ctx, struct wkb_cursor *c,
                                       struct dosah_report_shape *s, int depth);

static enum dosah_status read_body(struct dosah_ctx *ctx, struct wkb_cursor *c,
                                   struct dosah_report_shape *s, uint32_t type, int dims,
                                   int depth)
{
    enum dosah_status st = DOSAH_OK;
    uint32_t n, i, k;
    if (type == 1) {
        if (c->left < 8u * (unsigned)dims)
            return bad(ctx, "truncated point");
        return read_points(ctx, c, s, 1, dims, DOSAH_PART_POINT);
    }
    if (read_u32(c, &n))
        return bad(ctx, "truncated count");
    if (type == 2)
        return read_points(ctx, c, s, n, dims, DOSAH_PART_LINE);
    if (type == 3) {
        for (i = 0; i < n && !st; i++) {
            if (read_u32(c, &k))
                return bad(ctx, "truncated ring");
            st = read_points(ctx, c, s, k, dims, DOSAH_PART_RING);
        }
        return st;
    }
    /* Multi types and collections: every member is a whole WKB geometry of at least 5 bytes. */
    if ((size_t)n > c->left / 5)
        return bad(ctx, "more members than bytes");
    for (i = 0; i < n && !st; i++)
        st = read_geometry(ctx, c, s, depth + 1);
    return st;
}

static enum dosah_status read_geometry(struct dosah_ctx *ctx, struct wkb_cursor *c,
                                       struct dosah_report_shape *s, int depth)
{
    uint32_t code, base;
    int dims;
    if (depth > MAX_DEPTH)
        return bad(ctx, "collections nested too deep");
    if (c->left < 5)
        return bad(ctx, "truncated header");
    if (c->p[0] > 1)
        return bad(ctx, "unknown byte order");
    c->little = c->p[0] == 1;
    c->p++;
    c->left--;
    read_u32(c, &code);
    if (split_type(code, &base, &dims))
        return bad(ctx, "unknown geometry type");
    return read_body(ctx, c, s, base, dims, depth);
}

enum dosah_status dosah_report_wkb_read(struct dosah_ctx *ctx, const unsigned char *wkb,
                                        size_t size, struct dosah_report_shape *s)
{
    struct wkb_cursor c;
    size_t points = s->point_count, parts = s->part_count;
    double x0 = s->min_x, y0 = s->min_y, x1 = s->max_x, y1 = s->max_y;
    enum dosah_status st;
    if (!wkb)
        return bad(ctx, "no data");
    c.p = wkb;
    c.left = size;
    c.little = 1;
    st = read_geometry(ctx, &c, s, 0);
    if (st) {
        /* Keep s as it was before the call. */
        s->point_count = points;
        s->part_count = parts;
        s->min_x = x0, s->min_y = y0, s->max_x = x1, s->max_y = y1;
    }
    return st;
}
