/* SPDX-License-Identifier: MIT */
/*
 * The check of a catchment polygon at points whose answer is known: point in polygon by the
 * even-odd rule over the polygon's edges, found through horizontal bands so that thousands
 * of points cost little, and the distance to the outline for the points on the wrong side.
 * Reads ISO WKB itself; pure computation.
 */
#include <math.h>
#include <string.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "route/surface.h"

struct edges {
    double *xy; /* x1, y1, x2, y2 per edge */
    size_t count, cap;
    double ymin, ymax, band_h;
    size_t bands;
    size_t *first; /* bands + 1 offsets into ids */
    uint32_t *ids;
};

struct wkb {
    const unsigned char *p, *end;
    int ok;
};

static uint32_t rd_u32(struct wkb *r, int le)
{
    uint32_t v = 0;
    int i;
    if (r->end - r->p < 4) {
        r->ok = 0;
        return 0;
    }
    for (i = 0; i < 4; i++)
        v |= (uint32_t)r->p[le ? i : 3 - i] << (8 * i);
    r->p += 4;
    return v;
}

static double rd_f64(struct wkb *r, int le)
{
    unsigned char b[8];
    double d;
    int i;
    if (r->end - r->p < 8) {
        r->ok = 0;
        return 0;
    }
    for (i = 0; i < 8; i++)
        b[i] = r->p[le ? i : 7 - i];
    r->p += 8;
    memcpy(&d, b, sizeof d); /* b is little-endian: assumes a little-endian IEEE 754 host */
    return d;
}

static int add_edge(struct dosah_ctx *ctx, struct edges *e, const double q[4])
{
    if (dosah_array_reserve(ctx, (void **)&e->xy, &e->cap, 4 * (e->count + 1), sizeof *e->xy))
        return -1;
    memcpy(e->xy + 4 * e->count++, q, 4 * sizeof *q);
    return 0;
}

/* One Polygon (its byte order and type already read): its rings' edges. */
static int read_polygon(struct dosah_ctx *ctx, struct wkb *r, int le, struct edges *e)
{
    uint32_t rings = rd_u32(r, le), k, n, i;
    for (k = 0; k < rings && r->ok; k++) {
        double q[4];
        n = rd_u32(r, le);
        if ((size_t)(r->end - r->p) / 16 < n)
            return r->ok = 0, -1;
        for (i = 0; i < n && r->ok; i++) {
            q[2] = rd_f64(r, le), q[3] = rd_f64(r, le);
            if (i && add_edge(ctx, e, q))
                return -1;
            q[0] = q[2], q[1] = q[3];
        }
    }
    return r->ok ? 0 : -1;
}

static int read_wkb(struct dosah_ctx *ctx, const unsigned char *wkb, size_t size, struct edges *e)
{
    struct wkb r = {wkb, wkb + size, 1};
    int le;
    uint32_t type, n, k;
    if (size < 5)
        return -1;
    le = *r.p++ == 1;
    type = rd_u32(&r, le);
    if (type == 3)
        return read_polygon(ctx, &r, le, e);
    if (type != 6)
        return -1;
    n = rd_u32(&r, le);
    for (k = 0; k < n && r.ok; k++) {
        int le2;
        if (r.p >= r.end)
            return -1;
        le2 = *r.p++ == 1;
        if (rd_u32(&r, le2) != 3 || read_polygon(ctx, &r, le2, e))
            return -1;
    }
    return r.ok ? 0 : -1;
}

/* Sorts the edges into horizontal bands of equal height. */
static int index_edges(struct dosah_ctx *ctx, struct edges *e)
{
    size_t k, b, b0, b1, total = 0;
    e->ymin = INFINITY, e->ymax = -INFINITY;
    for (k = 0; k < e->count; k++) {
        e->ymin = fmin(e->ymin, fmin(e->xy[4 * k + 1], e->xy[4 * k + 3]));
        e->ymax = fmax(e->ymax, fmax(e->xy[4 * k + 1], e->xy[4 * k + 3]));
    }
    e->bands = e->count / 4 + 1;
    e->band_h = (e->ymax - e->ymin) / (double)e->bands;
    if (!(e->band_h > 0))
        e->band_h = 1, e->bands = 1;
    if (!(e->first = dosah_calloc(ctx, e->bands + 2, sizeof *e->first)))
        return -1;
    for (b = 0; b < 2; b++) { /* count, then fill */
        for (k = 0; k < e->count; k++) {
            double y0 = fmin(e->xy[4 * k + 1], e->xy[4 * k + 3]);
            double y1 = fmax(e->xy[4 * k + 1], e->xy[4 * k + 3]);
            size_t j;
            b0 = (size_t)fmin((double)e->bands - 1, floor((y0 - e->ymin) / e->band_h));
            b1 = (size_t)fmin((double)e->bands - 1, floor((y1 - e->ymin) / e->band_h));
            for (j = b0; j <= b1; j++)
                if (b == 0)
                    e->first[j + 2]++;
                else
                    e->ids[e->first[j + 1]++] = (uint32_t)k;
        }
        if (b == 0) {
            for (k = 2; k <= e->bands + 1; k++)
                e->first[k] += e->first[k - 1];
            total = e->first[e->bands + 1];
            if (!(e->ids = dosah_calloc(ctx, total + 1, sizeof *e->ids)))
                return -1;
        }
    }
    return 0;
}

static int inside(const struct edges *e, double x, double y)
{
    size_t b, k;
    int in = 0;
    if (!e->count || y < e->ymin || y > e->ymax)
        return 0;
    b = (size_t)fmin((double)e->bands - 1, floor((y - e->ymin) / e->band_h));
    for (k = e->first[b]; k < e->first[b + 1]; k++) {
        const double *q = e->xy + 4 * (size_t)e->ids[k];
        if ((q[1] > y) != (q[3] > y) && x < q[0] + (y - q[1]) * (q[2] - q[0]) / (q[3] - q[1]))
            in = !in;
    }
    return in;
}

/* The band of y, clamped to the bands there are. */
static size_t band_of(const struct edges *e, double y)
{
    double b = floor((y - e->ymin) / e->band_h);
    return b < 0 ? 0 : (size_t)fmin((double)e->bands - 1, b);
}

/* 1 when (x, y) lies within tol of an edge: only the edges of the bands within tol of y can,
 * since an edge lies in every band its y range meets. */
static int near_outline(const struct edges *e, double x, double y, double tol)
{
    size_t b, b1, k;
    if (!e->count || y < e->ymin - tol || y > e->ymax + tol)
        return 0;
    for (b = band_of(e, y - tol), b1 = band_of(e, y + tol); b <= b1; b++)
        for (k = e->first[b]; k < e->first[b + 1]; k++) {
            const double *q = e->xy + 4 * (size_t)e->ids[k];
            double dx = q[2] - q[0], dy = q[3] - q[1], l2 = dx * dx + dy * dy;
            double f = l2 > 0 ? ((x - q[0]) * dx + (y - q[1]) * dy) / l2 : 0;
            f = f < 0 ? 0 : f > 1 ? 1 : f;
            double ex = x - q[0] - f * dx, ey = y - q[1] - f * dy;
            if (ex * ex + ey * ey <= tol * tol)
                return 1;
        }
    return 0;
}

enum dosah_status dosah_polygon_check(struct dosah_ctx *ctx, const unsigned char *wkb,
                                      size_t wkb_size, const struct dosah_point *pts,
                                      const unsigned char *want, size_t count,
                                      double tolerance_m, dosah_boundary_fn near_boundary,
                                      void *user, size_t *violations)
{
    struct edges e;
    enum dosah_status st = DOSAH_OK;
    size_t i;
    memset(&e, 0, sizeof e);
    *violations = 0;
    if (wkb && read_wkb(ctx, wkb, wkb_size, &e)) {
        st = dosah_error_set(ctx, DOSAH_EINVAL, "a catchment polygon could not be read back");
        goto done;
    }
    if (index_edges(ctx, &e)) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    for (i = 0; i < count; i++)
        if (inside(&e, pts[i].x, pts[i].y) != !!want[i] &&
            !near_outline(&e, pts[i].x, pts[i].y, tolerance_m) &&
            !(near_boundary && near_boundary(user, pts[i].x, pts[i].y, want[i], tolerance_m)))
            ++*violations;
done:
    dosah_free(e.xy);
    dosah_free(e.first);
    dosah_free(e.ids);
    return st;
}
