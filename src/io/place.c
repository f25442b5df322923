/* SPDX-License-Identifier: MIT */
/*
 * Where a municipality's people stand when the municipality itself is the demand point
 * (README, "Where people are placed"). A given point (municipalities.point, RÚIAN's
 * DefinicniBod) is used as it is. Otherwise the point is the road vertex inside the
 * municipality with the highest score: the road length of the same municipality within
 * PLACE_RADIUS_M (roads cut into pieces of at most PLACE_PIECE_M, longer when the network
 * would need more than PLACE_MAX_PIECES of them, each counted whole where its midpoint lies;
 * the pieces inside municipalities are kept in a grid of PLACE_CELL_M cells over them),
 * divided by 1 + the vertex's distance to the polygon's point on surface in units of
 * PLACE_NEAR_M. Counting only the municipality's own roads keeps a village's point from
 * sliding to the edge of a denser neighbour. Villages and towns are where roads are dense, so
 * the vertex lands in the built-up area and on the road, where the point on surface of a large
 * rural polygon can lie kilometres away in fields or forest; the division keeps a town's point
 * from sliding to a dense knot of through roads at its edge (a bypass, a junction of
 * classified roads), which density alone did for Liberec, Jablonec and Česká Lípa. A
 * municipality with no road vertex inside keeps its point on surface.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "io/io_internal.h"

#define PLACE_CELL_M 250.0
#define PLACE_RADIUS_M 1000.0
#define PLACE_NEAR_M 1000.0
#define PLACE_PIECE_M 50.0
#define PLACE_MAX_CELLS 20000000.0 /* cells grow beyond it (a whole country) */
#define PLACE_MAX_PIECES 5000000.0 /* pieces lengthen beyond it (250,000 km of road) */

/* Road pieces (at most piece_m long) in a grid of PLACE_CELL_M cells, each with the
 * municipality its midpoint lies in. */
struct piece {
    double x, y, len;
    uint32_t mu;
};
struct density {
    double x0, y0, cell, piece_m;
    size_t nx, ny;
    size_t *first;        /* nx * ny + 1 offsets into pieces */
    struct piece *pieces; /* cell by cell */
    size_t count;
};

static size_t cell_of(const struct density *d, double x, double y)
{
    size_t cx = (size_t)((x - d->x0) / d->cell), cy = (size_t)((y - d->y0) / d->cell);
    return (cy < d->ny ? cy : d->ny - 1) * d->nx + (cx < d->nx ? cx : d->nx - 1);
}

/* The pieces' length: PLACE_PIECE_M, longer when the network would need more than about
 * PLACE_MAX_PIECES of them. Coordinates are bounded (DOSAH_COORD_MAX), so the length is
 * finite. */
static double piece_length(const struct dosah_roads *r)
{
    double length = 0;
    size_t l, v;
    for (l = 0; l < r->line_count; l++)
        for (v = r->vertex_offset[l]; v + 1 < r->vertex_offset[l + 1]; v++)
            length += hypot(r->xy[2 * v + 2] - r->xy[2 * v], r->xy[2 * v + 3] - r->xy[2 * v + 1]);
    return fmax(PLACE_PIECE_M, length / PLACE_MAX_PIECES);
}

/* The grid over the kept pieces (all inside municipalities, so a road network far larger
 * than the municipalities costs no cells): PLACE_CELL_M cells, larger beyond
 * PLACE_MAX_CELLS of them. */
static void density_grid(struct density *d, const struct piece *kept)
{
    double x1 = -INFINITY, y1 = -INFINITY, cells;
    size_t k;
    d->x0 = d->y0 = INFINITY;
    for (k = 0; k < d->count; k++) {
        d->x0 = fmin(d->x0, kept[k].x), x1 = fmax(x1, kept[k].x);
        d->y0 = fmin(d->y0, kept[k].y), y1 = fmax(y1, kept[k].y);
    }
    if (!d->count)
        d->x0 = d->y0 = x1 = y1 = 0;
    d->cell = PLACE_CELL_M;
    cells = ((x1 - d->x0) / d->cell + 1) * ((y1 - d->y0) / d->cell + 1);
    if (cells > PLACE_MAX_CELLS)
        d->cell *= sqrt(cells / PLACE_MAX_CELLS);
    d->nx = (size_t)((x1 - d->x0) / d->cell) + 1;
    d->ny = (size_t)((y1 - d->y0) / d->cell) + 1;
}

/* Cuts every segment into pieces and keeps those that lie in a municipality, grouped by
 * cell (a counting sort of the kept pieces). */
static enum dosah_status density_build(struct dosah_ctx *ctx, const struct dosah_loading *L,
                                       struct density *d)
{
    const struct dosah_roads *r = &L->m->roads;
    struct piece *kept = NULL;
    size_t cap = 0, l, v, k, c, cells;
    d->piece_m = piece_length(r);
    for (l = 0; l < r->line_count; l++)
        for (v = r->vertex_offset[l]; v + 1 < r->vertex_offset[l + 1]; v++) {
            const double *a = r->xy + 2 * v, *b = a + 2;
            double len = hypot(b[0] - a[0], b[1] - a[1]);
            size_t n = (size_t)ceil(len / d->piece_m);
            for (k = 0; k < n; k++) {
                double t = ((double)k + 0.5) / (double)n;
                struct piece p = {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]),
                                  len / (double)n, 0};
                if ((p.mu = dosah_loading_locate(L, (struct dosah_point){p.x, p.y})) ==
                    DOSAH_NONE)
                    continue;
                if (dosah_array_reserve(ctx, (void **)&kept, &cap, d->count + 1, sizeof *kept))
                    goto nomem;
                kept[d->count++] = p;
            }
        }
    density_grid(d, kept);
    cells = d->nx * d->ny;
    if (!(d->first = dosah_calloc(ctx, cells + 1, sizeof *d->first)) ||
        !(d->pieces = dosah_calloc(ctx, d->count + 1, sizeof *d->pieces)))
        goto nomem;
    for (k = 0; k < d->count; k++)
        d->first[cell_of(d, kept[k].x, kept[k].y) + 1]++;
    for (c = 0; c < cells; c++)
        d->first[c + 1] += d->first[c];
    for (k = 0; k < d->count; k++) /* advances first[c] to the end of cell c */
        d->pieces[d->first[cell_of(d, kept[k].x, kept[k].y)]++] = kept[k];
    for (c = cells; c > 0; c--)
        d->first[c] = d->first[c - 1];
    d->first[0] = 0;
    dosah_free(kept);
    return DOSAH_OK;
nomem:
    dosah_free(kept);
    return DOSAH_ENOMEM;
}

/* Road length within PLACE_RADIUS_M of (x, y) that lies in municipality mu. */
static double density_at(const struct density *d, double x, double y, uint32_t mu)
{
    long cx = (long)floor((x - d->x0) / d->cell), cy = (long)floor((y - d->y0) / d->cell);
    long reach = (long)ceil(PLACE_RADIUS_M / d->cell), i, j;
    double sum = 0;
    size_t k;
    for (j = cy - reach; j <= cy + reach; j++)
        for (i = cx - reach; i <= cx + reach; i++) {
            size_t c;
            if (i < 0 || j < 0 || (size_t)i >= d->nx || (size_t)j >= d->ny)
                continue;
            c = (size_t)j * d->nx + (size_t)i;
            for (k = d->first[c]; k < d->first[c + 1]; k++) {
                const struct piece *p = &d->pieces[k];
                if (p->mu == mu && hypot(p->x - x, p->y - y) <= PLACE_RADIUS_M)
                    sum += p->len;
            }
        }
    return sum;
}

/* The road vertex of highest score per municipality (best[mu] = vertex, or SIZE_MAX),
 * only for the municipalities whose want[mu] is set. */
static enum dosah_status best_vertices(struct dosah_ctx *ctx, const struct dosah_loading *L,
                                       const unsigned char *want, size_t *best)
{
    const struct dosah_model *m = L->m;
    const struct dosah_roads *r = &m->roads;
    struct density d;
    double *score = dosah_calloc(ctx, m->municipality_count + 1, sizeof *score);
    size_t nv = r->vertex_offset[r->line_count], v;
    enum dosah_status st;
    memset(&d, 0, sizeof d);
    if (!score)
        return DOSAH_ENOMEM;
    if ((st = density_build(ctx, L, &d)))
        goto done;
    for (v = 0; v < nv; v++) {
        struct dosah_point p = {r->xy[2 * v], r->xy[2 * v + 1]};
        uint32_t mu = dosah_loading_locate(L, p);
        double sc;
        if (mu == DOSAH_NONE || !want[mu])
            continue;
        sc = density_at(&d, p.x, p.y, mu) /
             (1.0 + hypot(p.x - m->municipalities[mu].inside.x,
                          p.y - m->municipalities[mu].inside.y) / PLACE_NEAR_M);
        if (best[mu] == SIZE_MAX || sc > score[mu])
            best[mu] = v, score[mu] = sc;
    }
done:
    dosah_free(d.first);
    dosah_free(d.pieces);
    dosah_free(score);
    return st;
}

enum dosah_status dosah_place_municipal_demand(struct dosah_ctx *ctx, struct dosah_loading *L)
{
    struct dosah_model *m = L->m;
    unsigned char *want = NULL;
    size_t *best = NULL, i, wanted = 0;
    enum dosah_status st = DOSAH_OK;
    if (!m->has_roads || !m->roads.line_count || !m->municipality_count)
        return DOSAH_OK;
    want = dosah_calloc(ctx, m->municipality_count, 1);
    best = dosah_malloc(ctx, m->municipality_count * sizeof *best);
    if (!want || !best) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    for (i = 0; i < m->municipality_count; i++)
        best[i] = SIZE_MAX;
    for (i = 0; i < m->demand_count; i++)
        if (m->demand[i].placement == DOSAH_PLACED_SURFACE &&
            m->demand[i].municipality != DOSAH_NONE)
            want[m->demand[i].municipality] = 1, wanted++;
    if (!wanted || (st = best_vertices(ctx, L, want, best)))
        goto done;
    for (i = 0; i < m->demand_count; i++) {
        struct dosah_demand *dp = &m->demand[i];
        size_t v;
        if (dp->placement != DOSAH_PLACED_SURFACE || dp->municipality == DOSAH_NONE ||
            (v = best[dp->municipality]) == SIZE_MAX)
            continue;
        dp->pt.x = m->roads.xy[2 * v];
        dp->pt.y = m->roads.xy[2 * v + 1];
        dp->placement = DOSAH_PLACED_ROADS;
    }
done:
    dosah_free(want);
    dosah_free(best);
    return st;
}
