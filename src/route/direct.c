/* SPDX-License-Identifier: MIT */
/*
 * The direct way between nearby points (see struct dosah_route_options): its time, and a
 * grid of points by square cells as wide as its reach, through which a search finds the
 * points within reach of another in the nine cells around it instead of among them all.
 */
#include <math.h>
#include <stdlib.h>

#include "route/route_internal.h"

/* Cells per side stay below 2^31 whatever the coordinates (see cell_of). */
#define GRID_MAX_CELLS 1e9

double dosah_route_direct_way_to(const struct dosah_route_options *opt,
                                 const struct dosah_snap *a, struct dosah_point p,
                                 double p_access_s)
{
    double d, t;
    if (!(opt->direct_max_m > 0) || !a->attached)
        return INFINITY;
    d = hypot(a->pt.x - p.x, a->pt.y - p.y);
    t = d * opt->direct_s_per_m;
    return d <= opt->direct_max_m && t <= a->access_s + p_access_s ? t : INFINITY;
}

double dosah_route_direct_way_s(const struct dosah_route_options *opt,
                                const struct dosah_snap *a, const struct dosah_snap *b)
{
    return b->attached ? dosah_route_direct_way_to(opt, a, b->pt, b->access_s) : INFINITY;
}

/* The cell of a coordinate from the grid's corner: floor(v / cell_m), which the cell size
 * keeps below 2^31. */
static int64_t cell_of(double v, double cell_m)
{
    return (int64_t)floor(v / cell_m);
}

static int64_t key_of(int64_t ix, int64_t iy)
{
    return ix * 4294967296LL + (iy + 2147483648LL);
}

static int ref_cmp(const void *a, const void *b)
{
    const struct route_cell_ref *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

enum dosah_status dosah_route_grid_build(struct dosah_ctx *ctx, const struct dosah_snap *pts,
                                         size_t n, const struct dosah_route_options *opt,
                                         struct route_grid *out)
{
    double xmin = INFINITY, ymin = INFINITY, xmax = -INFINITY, ymax = -INFINITY;
    size_t i, m = 0;
    out->ref = NULL;
    out->count = 0;
    out->cell_m = 1;
    out->x0 = out->y0 = 0;
    if (!(opt->direct_max_m > 0))
        return DOSAH_OK;
    for (i = 0; i < n; i++)
        if (pts[i].attached) {
            xmin = fmin(xmin, pts[i].pt.x), xmax = fmax(xmax, pts[i].pt.x);
            ymin = fmin(ymin, pts[i].pt.y), ymax = fmax(ymax, pts[i].pt.y);
            m++;
        }
    if (m == 0)
        return DOSAH_OK;
    /* Cells a little wider than the reach, so that rounding cannot put a pair at exactly
     * the reach two cells apart; measured from the points' lower corner. */
    out->x0 = xmin, out->y0 = ymin;
    out->cell_m = fmax(fmax(opt->direct_max_m * (1 + 1e-9), 1.0),
                       fmax(xmax - xmin, ymax - ymin) / GRID_MAX_CELLS);
    if (!(out->ref = dosah_malloc(ctx, m * sizeof *out->ref)))
        return DOSAH_ENOMEM;
    for (i = 0; i < n; i++)
        if (pts[i].attached) {
            out->ref[out->count].key = key_of(cell_of(pts[i].pt.x - out->x0, out->cell_m),
                                              cell_of(pts[i].pt.y - out->y0, out->cell_m));
            out->ref[out->count++].index = (uint32_t)i;
        }
    qsort(out->ref, out->count, sizeof *out->ref, ref_cmp);
    return DOSAH_OK;
}

void dosah_route_grid_clear(struct route_grid *g)
{
    dosah_free(g->ref);
    g->ref = NULL;
    g->count = 0;
}

/* The first entry whose key is not below key. */
static size_t lower_bound(const struct route_grid *g, int64_t key)
{
    size_t lo = 0, hi = g->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->ref[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t dosah_route_grid_near(const struct route_grid *g, struct dosah_point p, size_t lo[3],
                             size_t hi[3])
{
    int64_t ix, iy, a;
    size_t n = 0;
    double x, y;
    if (!g || g->count == 0 || !isfinite(p.x) || !isfinite(p.y))
        return 0;
    /* Grid points lie within GRID_MAX_CELLS cells of the grid's corner: none is within a
     * cell of a place twice as far, and the keys stay in range. */
    x = (p.x - g->x0) / g->cell_m, y = (p.y - g->y0) / g->cell_m;
    if (fabs(x) > 2 * GRID_MAX_CELLS || fabs(y) > 2 * GRID_MAX_CELLS)
        return 0;
    ix = (int64_t)floor(x);
    iy = (int64_t)floor(y);
    for (a = ix - 1; a <= ix + 1; a++) {
        /* the three cells of column a are consecutive keys */
        size_t s = lower_bound(g, key_of(a, iy - 1)), e = lower_bound(g, key_of(a, iy + 2));
        if (s < e)
            lo[n] = s, hi[n++] = e;
    }
    return n;
}
