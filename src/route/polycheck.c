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

/* Numbers a band holds per edge: x1, y1, x2, y2 and the run in x per unit of y. */
#define BAND_EDGE 5

struct edges {
    double *xy; /* x1, y1, x2, y2 per edge */
    size_t count, cap;
    double ymin, ymax, per_band; /* per_band: bands per metre of y */
    double slack;                /* see index_edges and inside */
    size_t bands;
    size_t *first;     /* bands + 1 offsets into band_xy */
    double *band_xy;   /* per band, a copy of each edge its y range meets: as in xy, then
                          its run in x per unit of y (BAND_EDGE numbers an edge) */
    double *band_x;    /* per band, the least and the largest x of its edges */
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
    if (le) {
        memcpy(b, r->p, 8);
    } else {
        for (i = 0; i < 8; i++)
            b[i] = r->p[7 - i];
    }
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

/* One Polygon (its byte order and type already read): its rings' edges. A ring whose last
 * point is not its first is closed by one more edge, as a ring means (inside relies on
 * every ring being closed). */
static int read_polygon(struct dosah_ctx *ctx, struct wkb *r, int le, struct edges *e)
{
    uint32_t rings = rd_u32(r, le), k, n, i;
    for (k = 0; k < rings && r->ok; k++) {
        double q[4], first[2] = {0, 0};
        n = rd_u32(r, le);
        if ((size_t)(r->end - r->p) / 16 < n)
            return r->ok = 0, -1;
        for (i = 0; i < n && r->ok; i++) {
            q[2] = rd_f64(r, le), q[3] = rd_f64(r, le);
            if (i && add_edge(ctx, e, q))
                return -1;
            if (!i)
                first[0] = q[2], first[1] = q[3];
            q[0] = q[2], q[1] = q[3];
        }
        if (n > 1 && r->ok && (q[0] != first[0] || q[1] != first[1])) {
            q[2] = first[0], q[3] = first[1];
            if (add_edge(ctx, e, q))
                return -1;
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

/* The band of y, clamped to the bands there are. The same sum places an edge's ends and a
 * point, and it never decreases as y grows, so an edge whose y range holds y lies in the
 * band of y, however the sum rounds. */
static size_t band_of(const struct edges *e, double y)
{
    double b = (y - e->ymin) * e->per_band;
    return b > 0 ? b < (double)e->bands ? (size_t)b : e->bands - 1 : 0;
}

/*
 * Sorts the edges into horizontal bands of equal height, each band holding a copy of every
 * edge its y range meets, so that a point reads its band's edges one after another. slack
 * bounds how far a computed crossing (inside) can lie beyond its edge's x range: a few units
 * in the last place of the largest x, of which 1e-9 of it is a vast overestimate.
 */
static int index_edges(struct dosah_ctx *ctx, struct edges *e)
{
    size_t k, b, total = 0, *at;
    double xabs = 0;
    e->ymin = INFINITY, e->ymax = -INFINITY;
    for (k = 0; k < e->count; k++) {
        const double *q = e->xy + 4 * k;
        e->ymin = DOSAH_MIN2(e->ymin, DOSAH_MIN2(q[1], q[3]));
        e->ymax = DOSAH_MAX2(e->ymax, DOSAH_MAX2(q[1], q[3]));
        xabs = DOSAH_MAX2(xabs, DOSAH_MAX2(fabs(q[0]), fabs(q[2])));
    }
    e->slack = 1e-9 * xabs;
    /* About one band per four edges, but fewer when long edges would be copied into so
     * many bands that the copies outgrow 16 per edge. */
    for (e->bands = e->count / 4 + 1;; e->bands = (e->bands + 1) / 2) {
        e->per_band = (double)e->bands / (e->ymax - e->ymin);
        if (!(e->per_band > 0) || !isfinite(e->per_band)) {
            e->per_band = 0, e->bands = 1;
            break;
        }
        for (k = 0, total = 0; k < e->count; k++) {
            const double *q = e->xy + 4 * k;
            total += band_of(e, DOSAH_MAX2(q[1], q[3])) - band_of(e, DOSAH_MIN2(q[1], q[3])) + 1;
        }
        if (total <= 16 * e->count + 1024 || e->bands == 1)
            break;
    }
    e->first = dosah_calloc(ctx, e->bands + 1, sizeof *e->first);
    e->band_x = dosah_malloc(ctx, 2 * e->bands * sizeof *e->band_x);
    if (!e->first || !e->band_x)
        return -1;
    for (k = 0; k < e->count; k++) {
        const double *q = e->xy + 4 * k;
        size_t b1 = band_of(e, DOSAH_MAX2(q[1], q[3]));
        for (b = band_of(e, DOSAH_MIN2(q[1], q[3])); b <= b1; b++)
            e->first[b + 1]++;
    }
    for (b = 0; b < e->bands; b++) {
        e->first[b + 1] += e->first[b];
        e->band_x[2 * b] = INFINITY, e->band_x[2 * b + 1] = -INFINITY;
    }
    total = e->first[e->bands];
    e->band_xy = dosah_malloc(ctx, (BAND_EDGE * total + 1) * sizeof *e->band_xy);
    at = dosah_malloc(ctx, (e->bands + 1) * sizeof *at);
    if (!e->band_xy || !at) {
        dosah_free(at);
        return -1;
    }
    memcpy(at, e->first, e->bands * sizeof *at);
    for (k = 0; k < e->count; k++) {
        const double *q = e->xy + 4 * k;
        size_t b1 = band_of(e, DOSAH_MAX2(q[1], q[3]));
        for (b = band_of(e, DOSAH_MIN2(q[1], q[3])); b <= b1; b++) {
            double *c = e->band_xy + BAND_EDGE * at[b]++;
            memcpy(c, q, 4 * sizeof *q);
            c[4] = q[3] != q[1] ? (q[2] - q[0]) / (q[3] - q[1]) : 0;
            e->band_x[2 * b] = DOSAH_MIN2(e->band_x[2 * b], DOSAH_MIN2(q[0], q[2]));
            e->band_x[2 * b + 1] = DOSAH_MAX2(e->band_x[2 * b + 1], DOSAH_MAX2(q[0], q[2]));
        }
    }
    dosah_free(at);
    return 0;
}

/* Even-odd: the edges a ray from (x, y) toward +x crosses. A crossing's x comes from its
 * edge's run per unit of y, divided out once when indexing: a few units in the last place
 * away from the quotient at the point, it decides otherwise only for a point that close to
 * the edge, far closer than the tolerance of the outline (a cell diagonal), so the
 * violations counted are the same. A point farther than slack beyond its band's edges is
 * known to be outside without the sums, whatever their rounding: east of them, the ray
 * crosses none; west of them, it crosses every edge whose y range holds y, and a closed
 * ring has an even number of those. */
static int inside(const struct edges *e, double x, double y)
{
    size_t b, k, end;
    int in = 0;
    if (!e->count || y < e->ymin || y > e->ymax)
        return 0;
    b = band_of(e, y);
    if (x > e->band_x[2 * b + 1] + e->slack || x < e->band_x[2 * b] - e->slack)
        return 0;
    for (k = e->first[b], end = e->first[b + 1]; k < end; k++) {
        const double *q = e->band_xy + BAND_EDGE * k;
        if ((q[1] > y) != (q[3] > y) && x < q[0] + (y - q[1]) * q[4])
            in = !in;
    }
    return in;
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
            const double *q = e->band_xy + BAND_EDGE * k;
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
    dosah_free(e.band_xy);
    dosah_free(e.band_x);
    return st;
}
