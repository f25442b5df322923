/* SPDX-License-Identifier: MIT */
/*
 * Snapping points to the nearest point of the road network. The index is a uniform grid of
 * square cells over the bounding box of all link segments, about one cell per segment,
 * stored in CSR form (cell -> segment ids, a segment being named by its first vertex); each
 * segment is registered in the cells its line actually crosses, not its bounding box, so a
 * long diagonal costs a few cells rather than a square of them. A query scans rings of
 * cells around the point's cell and stops when the next ring lies farther than the best
 * segment found, so it also finds the nearest road for points far outside the limit.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/snap.h"
#include "net/net_internal.h"

struct dosah_snap_index {
    const struct dosah_graph *g;
    double x0, y0;        /* lower-left corner of the grid */
    double cell;          /* cell side, metres */
    size_t nx, ny;        /* columns and rows; 0 when there is no segment */
    uint32_t *cell_first; /* nx * ny + 1 entries */
    uint32_t *items;      /* segment ids (first vertex), cell by cell */
    size_t item_count;
    unsigned char *clear; /* per cell: the rings around it known empty (up to 255) */
    uint32_t *link_piece; /* per link, nodes of its weak component; NULL without segments */
    uint32_t largest;     /* nodes of the largest weak component */
    double coord_max;     /* the largest magnitude of a segment's coordinate */
};

/* The nearest segment to a point. */
struct hit {
    double d2;   /* squared distance */
    double t;    /* position on the segment, 0 .. 1 */
    double reject; /* a segment whose box lies farther than the root of this is no nearer */
    double slack_m; /* more than a computed distance to p can be off from the true one */
    uint32_t seg;
    uint32_t min_piece; /* segments on smaller pieces are skipped (0: none) */
};

void dosah_snap_options_init(struct dosah_snap_options *opt)
{
    opt->snap_max_m = 2000.0;
    opt->access_kmh = 5.0;
    opt->detour = 1.0;
    opt->min_piece_nodes = 0;
    opt->within_max_only = 0;
}

static const double *vertex(const struct dosah_graph *g, size_t v)
{
    return g->roads->xy + 2 * v;
}

static int zero_segment(const double *a)
{
    return a[0] == a[2] && a[1] == a[3];
}

/* Bounding box of all segments and their number. */
static size_t segment_bounds(const struct dosah_graph *g, double box[4])
{
    size_t l, v, count = 0;
    box[0] = box[1] = INFINITY;
    box[2] = box[3] = -INFINITY;
    for (l = 0; l < g->link_count; l++) {
        for (v = g->link_v0[l]; v <= g->link_v1[l]; v++) {
            const double *p = vertex(g, v);
            box[0] = DOSAH_MIN2(box[0], p[0]); /* a graph holds finite coordinates only */
            box[1] = DOSAH_MIN2(box[1], p[1]);
            box[2] = DOSAH_MAX2(box[2], p[0]);
            box[3] = DOSAH_MAX2(box[3], p[1]);
            if (v < g->link_v1[l] && !zero_segment(p))
                count++;
        }
    }
    return count;
}

static size_t clamp_cell(double c, size_t n)
{
    if (!(c > 0.0))
        return 0;
    if (c >= (double)(n - 1))
        return n - 1;
    return (size_t)c;
}

/* Registers seg in cells k0 .. k1 of row r. */
static void put_cells(struct dosah_snap_index *idx, size_t r, size_t k0, size_t k1,
                      uint32_t seg, int fill)
{
    size_t k;
    for (k = k0; k <= k1; k++) {
        size_t cell = r * idx->nx + k;
        if (fill)
            idx->items[idx->cell_first[cell]++] = seg;
        else
            idx->cell_first[cell + 1]++;
    }
}

/*
 * Visits the cells that segment a-b crosses, row by row: in each row the segment's x extent
 * within the row's band gives a column range. Ranges are widened by a millionth of a cell,
 * far more than the rounding of these sums, so that a segment running along a cell border
 * is registered on both sides. fill = 0 counts into cell_first[cell + 1]; 1 stores.
 */
static void cover_segment(struct dosah_snap_index *idx, const double *a, uint32_t seg,
                          int fill)
{
    double c = idx->cell, eps = 1e-6 * c;
    double ylo = DOSAH_MIN2(a[1], a[3]) - eps, yhi = DOSAH_MAX2(a[1], a[3]) + eps;
    size_t r, r0 = clamp_cell((ylo - idx->y0) / c, idx->ny);
    size_t r1 = clamp_cell((yhi - idx->y0) / c, idx->ny);
    if (r0 == r1) {
        /* Within one row (most segments): the columns of the segment's widened extent,
         * which hold every column the crossing below would give, without working it out. */
        put_cells(idx, r0, clamp_cell((DOSAH_MIN2(a[0], a[2]) - eps - idx->x0) / c, idx->nx),
                  clamp_cell((DOSAH_MAX2(a[0], a[2]) + eps - idx->x0) / c, idx->nx), seg, fill);
        return;
    }
    for (r = r0; r <= r1; r++) {
        double b0 = DOSAH_MAX2(ylo, idx->y0 + (double)r * c);
        double b1 = DOSAH_MIN2(yhi, idx->y0 + (double)(r + 1) * c);
        double xa = a[0], xb = a[2], lo, hi;
        if (a[3] != a[1]) {
            xa = a[0] + (a[2] - a[0]) * ((b0 - a[1]) / (a[3] - a[1]));
            xb = a[0] + (a[2] - a[0]) * ((b1 - a[1]) / (a[3] - a[1]));
        }
        /* Clamp to the segment's own extent: b0, b1 may lie just beyond its ends. */
        lo = DOSAH_MAX2(DOSAH_MIN2(xa, xb), DOSAH_MIN2(a[0], a[2])) - eps;
        hi = DOSAH_MIN2(DOSAH_MAX2(xa, xb), DOSAH_MAX2(a[0], a[2])) + eps;
        put_cells(idx, r, clamp_cell((lo - idx->x0) / c, idx->nx),
                  clamp_cell((hi - idx->x0) / c, idx->nx), seg, fill);
    }
}

/* Every segment into its cells (see cover_segment); a national network takes most of a
 * second a pass, so a cancellation is looked for every 65,536 links. */
static enum dosah_status cover_all(struct dosah_ctx *ctx, struct dosah_snap_index *idx, int fill)
{
    const struct dosah_graph *g = idx->g;
    size_t l, v;
    for (l = 0; l < g->link_count; l++) {
        if ((l & 65535) == 65535 && dosah_ctx_cancelled(ctx))
            return dosah_check_cancel(ctx, "network");
        for (v = g->link_v0[l]; v < g->link_v1[l]; v++)
            if (!zero_segment(vertex(g, v)))
                cover_segment(idx, vertex(g, v), (uint32_t)v, fill);
    }
    return DOSAH_OK;
}

/* Chooses the cell size: about one cell per segment, never more than 5 per segment. */
static void grid_shape(struct dosah_snap_index *idx, const double box[4], size_t segs)
{
    double w = box[2] - box[0], h = box[3] - box[1];
    double cell = sqrt(w * h / (double)segs);
    cell = fmax(cell, fmax(w, h) / (2.0 * (double)segs));
    if (!(cell > 0.0))
        cell = 1.0;
    idx->x0 = box[0];
    idx->y0 = box[1];
    idx->cell = cell;
    idx->nx = (size_t)(w / cell) + 1;
    idx->ny = (size_t)(h / cell) + 1;
}

/* The size of each link's piece of the network. */
static enum dosah_status piece_sizes(struct dosah_ctx *ctx, struct dosah_snap_index *idx)
{
    const struct dosah_graph *g = idx->g;
    struct dosah_graph_components weak;
    uint32_t *size; /* owned here */
    size_t v, l;
    dosah_graph_get_components(g, DOSAH_WEAK, &weak);
    size = dosah_calloc(ctx, weak.count ? weak.count : 1, sizeof *size);
    idx->link_piece = dosah_calloc(ctx, g->link_count ? g->link_count : 1,
                                   sizeof *idx->link_piece);
    if (!size || !idx->link_piece) {
        dosah_free(size);
        return DOSAH_ENOMEM;
    }
    for (v = 0; v < g->node_count; v++)
        size[weak.of_node[v]]++;
    for (l = 0; l < g->link_count; l++)
        idx->link_piece[l] = size[weak.of_node[g->link_from[l]]];
    idx->largest = (uint32_t)weak.largest_nodes;
    dosah_free(size);
    return DOSAH_OK;
}

/* The smaller of a cell's value and its neighbour's plus one. */
static unsigned char ring_step(unsigned char v, unsigned char neighbour)
{
    return neighbour < v ? (unsigned char)(neighbour + 1) : v;
}

/*
 * Per cell, how many rings around it hold no segment: its Chebyshev distance, in cells, to
 * the nearest cell that holds one (0 for such a cell), capped at 255. A far point's search
 * then skips the empty rings instead of scanning them one by one, which was most of the
 * work of snapping a grid of points of which some lie kilometres off the roads. Two passes
 * over the grid, the first from the north-west, the second back from the south-east, give
 * the exact distance (a chamfer transform, exact for this metric).
 */
static enum dosah_status clear_rings(struct dosah_ctx *ctx, struct dosah_snap_index *idx)
{
    size_t nx = idx->nx, ny = idx->ny, i, j;
    unsigned char *d = dosah_malloc(ctx, nx * ny);
    if (!(idx->clear = d))
        return DOSAH_ENOMEM;
    for (j = 0; j < ny; j++)
        for (i = 0; i < nx; i++) {
            size_t c = j * nx + i;
            unsigned char v = idx->cell_first[c + 1] > idx->cell_first[c] ? 0 : 255;
            if (i > 0)
                v = ring_step(v, d[c - 1]);
            if (j > 0) {
                v = ring_step(v, d[c - nx]);
                if (i > 0)
                    v = ring_step(v, d[c - nx - 1]);
                if (i + 1 < nx)
                    v = ring_step(v, d[c - nx + 1]);
            }
            d[c] = v;
        }
    for (j = ny; j-- > 0;)
        for (i = nx; i-- > 0;) {
            size_t c = j * nx + i;
            unsigned char v = d[c];
            if (i + 1 < nx)
                v = ring_step(v, d[c + 1]);
            if (j + 1 < ny) {
                v = ring_step(v, d[c + nx]);
                if (i + 1 < nx)
                    v = ring_step(v, d[c + nx + 1]);
                if (i > 0)
                    v = ring_step(v, d[c + nx - 1]);
            }
            d[c] = v;
        }
    return DOSAH_OK;
}

static enum dosah_status fill_grid(struct dosah_ctx *ctx, struct dosah_snap_index *idx)
{
    size_t c, cells = idx->nx * idx->ny;
    enum dosah_status st;
    idx->cell_first = dosah_calloc(ctx, cells + 1, sizeof *idx->cell_first);
    if (!idx->cell_first)
        return DOSAH_ENOMEM;
    if ((st = cover_all(ctx, idx, 0)))
        return st;
    for (c = 0; c < cells; c++) {
        if (idx->cell_first[c + 1] > UINT32_MAX - idx->cell_first[c])
            return dosah_error_set(ctx, DOSAH_EINVAL, "the road network is too large for "
                                   "the snapping index (over 2^32 cell entries)");
        idx->cell_first[c + 1] += idx->cell_first[c];
    }
    idx->item_count = idx->cell_first[cells];
    idx->items = dosah_malloc(ctx, idx->item_count * sizeof *idx->items);
    if (!idx->items)
        return DOSAH_ENOMEM;
    if ((st = cover_all(ctx, idx, 1)))
        return st;
    for (c = cells; c > 0; c--)
        idx->cell_first[c] = idx->cell_first[c - 1];
    idx->cell_first[0] = 0;
    return clear_rings(ctx, idx);
}

enum dosah_status dosah_snap_index_create(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                          struct dosah_snap_index **out)
{
    struct dosah_snap_index *idx;
    double box[4];
    size_t segs;
    enum dosah_status st;

    *out = NULL;
    idx = dosah_calloc(ctx, 1, sizeof *idx);
    if (!idx)
        return DOSAH_ENOMEM;
    idx->g = g;
    segs = segment_bounds(g, box);
    if (segs > 0) {
        grid_shape(idx, box, segs);
        idx->coord_max = fmax(fmax(fabs(box[0]), fabs(box[1])), fmax(fabs(box[2]), fabs(box[3])));
        if ((st = fill_grid(ctx, idx)) != DOSAH_OK ||
            (st = piece_sizes(ctx, idx)) != DOSAH_OK) {
            dosah_snap_index_destroy(idx);
            return st;
        }
    }
    *out = idx;
    return DOSAH_OK;
}

struct dosah_snap_index *dosah_snap_index_destroy(struct dosah_snap_index *idx)
{
    if (!idx)
        return NULL;
    dosah_free(idx->items);
    dosah_free(idx->cell_first);
    dosah_free(idx->clear);
    dosah_free(idx->link_piece);
    dosah_free(idx);
    return NULL;
}

size_t dosah_snap_index_memory(const struct dosah_snap_index *idx)
{
    size_t cells = idx->nx * idx->ny;
    return sizeof *idx + (idx->nx ? (cells + 1) * sizeof(uint32_t) + cells : 0) +
           idx->item_count * sizeof(uint32_t) +
           (idx->link_piece ? idx->g->link_count * sizeof(uint32_t) : 0);
}

/*
 * Tests segment seg against the best hit so far. A segment whose bounding box lies farther
 * from p than the best distance plus the slack cannot be nearer, whatever the rounding of
 * either distance, and is passed over before its projection (a division) is worked out. The
 * projection itself is clamped before dividing: a foot beyond an end needs no quotient, and
 * t comes out as the clamped quotient would (the index holds no segment of length 0, whose
 * quotient would be NaN).
 */
static inline void try_segment(const struct dosah_snap_index *idx, uint32_t seg, const double *p,
                               struct hit *best)
{
    const double *a = vertex(idx->g, seg);
    /* how far p lies beyond the segment's box in x and in y (0 within it) */
    double ex = DOSAH_MAX2(DOSAH_MIN2(a[0], a[2]) - p[0], p[0] - DOSAH_MAX2(a[0], a[2]));
    double ey = DOSAH_MAX2(DOSAH_MIN2(a[1], a[3]) - p[1], p[1] - DOSAH_MAX2(a[1], a[3]));
    double dx, dy, dot, len2, t, qx, qy, d2, reach;
    ex = DOSAH_MAX2(ex, 0.0), ey = DOSAH_MAX2(ey, 0.0);
    if (ex * ex + ey * ey > best->reject)
        return;
    dx = a[2] - a[0], dy = a[3] - a[1];
    dot = (p[0] - a[0]) * dx + (p[1] - a[1]) * dy;
    len2 = dx * dx + dy * dy;
    t = dot <= 0.0 ? 0.0 : dot >= len2 ? 1.0 : dot / len2;
    qx = a[0] + t * dx;
    qy = a[1] + t * dy;
    d2 = (p[0] - qx) * (p[0] - qx) + (p[1] - qy) * (p[1] - qy);
    if (!(d2 < best->d2 || (d2 == best->d2 && seg < best->seg)))
        return;
    /* Only a segment that would be the nearest so far asks for its piece. */
    if (best->min_piece > 1 &&
        idx->link_piece[dosah_net_segment_link(idx->g, seg)] < best->min_piece)
        return;
    best->d2 = d2;
    best->t = t;
    best->seg = seg;
    reach = sqrt(d2) + best->slack_m; /* a box farther than this is no nearer */
    best->reject = reach * reach;
}

/* Tests the segments of one cell against the best hit so far. */
static void scan_cell(const struct dosah_snap_index *idx, size_t cell, const double *p,
                      struct hit *best)
{
    uint32_t i;
    for (i = idx->cell_first[cell]; i < idx->cell_first[cell + 1]; i++)
        try_segment(idx, idx->items[i], p, best);
}

/*
 * Scans cell (i, j) unless its box lies farther from p than the best distance plus the
 * slack (best->reject). A segment is registered in every cell its line crosses, so its
 * nearest point to p lies in a cell that holds it; a cell passed over holds only points
 * farther than the best, which can only fall, so the answer is the one a scan of every cell
 * would give, ties included.
 */
static void scan_near(const struct dosah_snap_index *idx, long i, long j, const double *p,
                      struct hit *best)
{
    double x0 = idx->x0 + (double)i * idx->cell, y0 = idx->y0 + (double)j * idx->cell;
    double ex = DOSAH_MAX2(x0 - p[0], p[0] - (x0 + idx->cell));
    double ey = DOSAH_MAX2(y0 - p[1], p[1] - (y0 + idx->cell));
    ex = DOSAH_MAX2(ex, 0.0), ey = DOSAH_MAX2(ey, 0.0);
    if (ex * ex + ey * ey <= best->reject)
        scan_cell(idx, (size_t)(j * (long)idx->nx + i), p, best);
}

/* 1 when band [k, k + 1) of cells along an axis from origin o (cell side c) lies within the
 * best distance plus the slack of coordinate v: a row or column of a ring farther than that
 * is passed over whole, for the reason scan_near passes over a cell. */
static int band_near(double o, double c, long k, double v, const struct hit *best)
{
    double lo = o + (double)k * c, d = DOSAH_MAX2(lo - v, v - (lo + c));
    d = DOSAH_MAX2(d, 0.0);
    return d * d <= best->reject;
}

/* Scans the cells at Chebyshev distance r from cell (cx, cy), clipped to the grid: its
 * bottom and top rows, then its left and right columns between them. */
static void scan_ring(const struct dosah_snap_index *idx, long cx, long cy, long r,
                      const double *p, struct hit *best)
{
    long nx = (long)idx->nx, ny = (long)idx->ny, i, j, side;
    long i0 = cx - r < 0 ? 0 : cx - r, i1 = cx + r >= nx ? nx - 1 : cx + r;
    long j0 = cy - r + 1 < 0 ? 0 : cy - r + 1, j1 = cy + r - 1 >= ny ? ny - 1 : cy + r - 1;
    if (r == 0) {
        scan_cell(idx, (size_t)(cy * nx + cx), p, best);
        return;
    }
    for (side = -1; side <= 1; side += 2) {
        j = cy + side * r;
        if (j >= 0 && j < ny && band_near(idx->y0, idx->cell, j, p[1], best))
            for (i = i0; i <= i1; i++)
                scan_near(idx, i, j, p, best);
    }
    for (side = -1; side <= 1; side += 2) {
        i = cx + side * r;
        if (i >= 0 && i < nx && band_near(idx->x0, idx->cell, i, p[0], best))
            for (j = j0; j <= j1; j++)
                scan_near(idx, i, j, p, best);
    }
}

/*
 * A lower bound of the distance from p to every cell outside rings 0 .. r: the distance to
 * the nearest side of their block beyond which the grid has cells. Negative when no cell
 * is left outside.
 */
static double beyond_ring(const struct dosah_snap_index *idx, long cx, long cy, long r,
                          const double *p)
{
    double bound = INFINITY, c = idx->cell;
    int any = 0;
    if (cx - r > 0) {
        bound = fmin(bound, fmax(0.0, p[0] - (idx->x0 + (double)(cx - r) * c)));
        any = 1;
    }
    if (cx + r + 1 < (long)idx->nx) {
        bound = fmin(bound, fmax(0.0, idx->x0 + (double)(cx + r + 1) * c - p[0]));
        any = 1;
    }
    if (cy - r > 0) {
        bound = fmin(bound, fmax(0.0, p[1] - (idx->y0 + (double)(cy - r) * c)));
        any = 1;
    }
    if (cy + r + 1 < (long)idx->ny) {
        bound = fmin(bound, fmax(0.0, idx->y0 + (double)(cy + r + 1) * c - p[1]));
        any = 1;
    }
    return any ? bound : -1.0;
}

/*
 * The nearest segment to p (on a piece of min_piece nodes or more), among those within
 * limit_m; seg DOSAH_NONE when there is none. Of equal distances the lower segment wins.
 * Every pass-over (a segment's box, a cell's box, the rings beyond the last) needs its box
 * farther than the best distance plus the slack, so the answer is the least of all segments
 * however the search got there: seed (a segment, or DOSAH_NONE), tried first, only makes it
 * shorter. The previous point's segment is a good seed for a point next to it.
 */
static struct hit nearest_segment(const struct dosah_snap_index *idx, const double *p,
                                  uint32_t min_piece, double limit_m, uint32_t seed)
{
    struct hit best;
    long cx = (long)clamp_cell((p[0] - idx->x0) / idx->cell, idx->nx);
    long cy = (long)clamp_cell((p[1] - idx->y0) / idx->cell, idx->ny), r;
    long empty = idx->clear[cy * (long)idx->nx + cx]; /* rings 0 .. empty - 1 hold nothing */
    best.d2 = INFINITY;
    best.t = 0.0;
    best.reject = INFINITY;
    /* Each coordinate difference and product is off by a few units in the last place of
     * the largest coordinate; 64 of them is far more than the sums can gather. */
    best.slack_m = 64.0 * DBL_EPSILON * (fabs(p[0]) + fabs(p[1]) + idx->coord_max);
    best.seg = DOSAH_NONE;
    best.min_piece = min_piece;
    if (seed != DOSAH_NONE)
        try_segment(idx, seed, p, &best);
    for (r = 0;; r++) {
        double bound;
        if (r >= empty)
            scan_ring(idx, cx, cy, r, p, &best);
        bound = beyond_ring(idx, cx, cy, r, p);
        /* A tie with a segment beyond goes on: it is settled by segment order. */
        if (bound < 0.0 || bound * bound > best.reject || bound > limit_m)
            break;
    }
    if (best.d2 > limit_m * limit_m) {
        best.d2 = INFINITY;
        best.seg = DOSAH_NONE;
    }
    return best;
}

/* Turns the nearest segment (of link) into a link position. */
static void fill_snap(const struct dosah_snap_index *idx, const struct hit *h, uint32_t link,
                      const struct dosah_snap_options *opt, struct dosah_snap *s)
{
    const struct dosah_graph *g = idx->g;
    uint32_t v;
    const double *a = vertex(g, h->seg);
    double along = 0.0, length = g->link_length[link];

    for (v = g->link_v0[link]; v < h->seg; v++) {
        const double *q = vertex(g, v);
        along += hypot(q[2] - q[0], q[3] - q[1]);
    }
    along += h->t * hypot(a[2] - a[0], a[3] - a[1]);
    if (h->t >= 1.0 && h->seg + 1 == g->link_v1[link])
        along = length; /* exactly at to_node, whatever the rounding of the sum */
    s->snap_m = sqrt(h->d2);
    s->link = link;
    s->along_m = along < 0.0 ? 0.0 : along > length ? length : along;
    s->at.x = a[0] + h->t * (a[2] - a[0]);
    s->at.y = a[1] + h->t * (a[3] - a[1]);
    s->attached = s->snap_m <= opt->snap_max_m;
    s->access_s = s->attached ? s->snap_m * opt->detour / (opt->access_kmh / 3.6) : NAN;
}

/* The least piece a point snaps to when it does not lie on a smaller one: min_piece_nodes,
 * but never more than the largest piece has. */
static uint32_t piece_floor(const struct dosah_snap_index *idx,
                            const struct dosah_snap_options *opt)
{
    size_t m = opt->min_piece_nodes < idx->largest ? opt->min_piece_nodes : idx->largest;
    return (uint32_t)m;
}

static void no_road(struct dosah_snap *s)
{
    s->small_piece = 0;
    s->snap_m = NAN;
    s->access_s = NAN;
    s->link = DOSAH_NONE;
    s->along_m = NAN;
    s->at.x = NAN;
    s->at.y = NAN;
    s->attached = 0;
}

enum dosah_status dosah_snap_points(struct dosah_ctx *ctx, const struct dosah_snap_index *idx,
                                    const struct dosah_point *pts, size_t count,
                                    const struct dosah_snap_options *opt,
                                    struct dosah_snap *out)
{
    size_t i;
    double limit = opt->within_max_only ? opt->snap_max_m : INFINITY;
    uint32_t seed = DOSAH_NONE; /* the previous point's nearest segment */
    if (!(opt->snap_max_m >= 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "network.snap_max_m is %g; it must be a "
                               "distance in metres, 0 or more", opt->snap_max_m);
    if (!(opt->access_kmh > 0.0 && isfinite(opt->access_kmh)))
        return dosah_error_set(ctx, DOSAH_EINVAL, "network.access_kmh is %g; it must be a "
                               "positive speed", opt->access_kmh);
    if (!(opt->detour >= 1.0 && isfinite(opt->detour)))
        return dosah_error_set(ctx, DOSAH_EINVAL, "network.access_detour is %g; it must be a "
                               "number of 1 or more", opt->detour);
    for (i = 0; i < count; i++) {
        double p[2];
        struct hit h;
        uint32_t link;
        p[0] = pts[i].x;
        p[1] = pts[i].y;
        if (!isfinite(p[0]) || !isfinite(p[1]))
            return dosah_error_set(ctx, DOSAH_EINVAL, "point %zu to snap has a coordinate "
                                   "that is not a finite number", i);
        out[i].pt = pts[i];
        if (idx->nx == 0) {
            no_road(&out[i]);
            continue;
        }
        h = nearest_segment(idx, p, 0, limit, seed);
        seed = h.seg;
        link = h.seg != DOSAH_NONE ? dosah_net_segment_link(idx->g, h.seg) : DOSAH_NONE;
        out[i].small_piece = 0;
        if (link != DOSAH_NONE && idx->link_piece[link] < piece_floor(idx, opt)) {
            if (h.d2 > DOSAH_SNAP_ON_PIECE_M * DOSAH_SNAP_ON_PIECE_M) {
                h = nearest_segment(idx, p, piece_floor(idx, opt), limit, DOSAH_NONE);
                link = h.seg != DOSAH_NONE ? dosah_net_segment_link(idx->g, h.seg) : DOSAH_NONE;
            } else {
                out[i].small_piece = 1;
            }
        }
        if (h.seg == DOSAH_NONE)
            no_road(&out[i]);
        else
            fill_snap(idx, &h, link, opt, &out[i]);
    }
    return DOSAH_OK;
}
