/* SPDX-License-Identifier: MIT */
/*
 * The time surface behind catchment polygons (see route/surface.h): a grid over the road
 * network whose cell centres are snapped once, tile by tile as searches first need them,
 * and the per-search surface, a window of cells around the nodes the search reached. Pure
 * computation; the tiles are shared between threads under a lock, each filled (outside it)
 * by the thread that claimed it.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "route/catchment.h"
#include "route/route_internal.h"
#include "route/surface.h"

#define TILE 64 /* cells per tile side */

/* Where one cell centre meets the road: link DOSAH_NONE when beyond snap_max_m. */
struct cell_road {
    uint32_t link;
    float along_m;
    float walk_s;
};

/* The cells of a tile that lie on one link: cell[first .. first + count) of the tile's
 * cells in link order. */
struct link_run {
    uint32_t link;
    uint16_t first, count;
};

/* A tile's road points, and its attached cells grouped by link (in each group row by row),
 * so a surface looks up each link's times once per tile. */
struct tile {
    struct cell_road cell[TILE * TILE];
    uint16_t by_link[TILE * TILE]; /* cell numbers (row · TILE + column), link by link */
    size_t run_count;
    struct link_run run[]; /* run_count */
};

struct dosah_surface_cells {
    const struct dosah_graph *g;
    const struct dosah_snap_index *idx;
    struct dosah_snap_options snap;
    double cell_m, x0, y1, margin_m;
    size_t nx, ny, tiles_x, tiles_y;
    struct tile **tile;      /* tiles_x * tiles_y, NULL until filled */
    unsigned char *busy;     /* per tile: 1 while a thread fills it (outside the lock) */
    float *radius_m;         /* per node: farthest vertex of a link at it */
    double speed_mps;        /* the fastest link's speed; INFINITY when unknown */
    pthread_mutex_t lock;    /* guards tile and busy */
    pthread_cond_t filled;   /* signalled when a tile is filled or given up */
};

/* Per node, the farthest a vertex of one of its links lies from it; returns the fastest
 * link's speed (m/s), which bounds how far a search gets along a link in a given time. */
static double node_radii(const struct dosah_graph *g, float *r)
{
    double speed = 0;
    const double *xy = dosah_graph_get_roads(g)->xy;
    uint32_t link, v;
    for (link = 0; link < dosah_graph_link_count(g); link++) {
        struct dosah_graph_link l;
        struct dosah_point a, b;
        double da = 0, db = 0;
        dosah_graph_get_link(g, link, &l);
        a = dosah_graph_node_xy(g, l.from_node);
        b = dosah_graph_node_xy(g, l.to_node);
        for (v = l.first_vertex; v <= l.last_vertex; v++) {
            da = fmax(da, hypot(xy[2 * (size_t)v] - a.x, xy[2 * (size_t)v + 1] - a.y));
            db = fmax(db, hypot(xy[2 * (size_t)v] - b.x, xy[2 * (size_t)v + 1] - b.y));
        }
        r[l.from_node] = fmaxf(r[l.from_node], (float)da + 1.0f);
        r[l.to_node] = fmaxf(r[l.to_node], (float)db + 1.0f);
        if (l.length_m > 0)
            speed = l.time_s > 0 ? fmax(speed, l.length_m / l.time_s) : INFINITY;
    }
    return speed;
}

enum dosah_status dosah_surface_cells_create(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                             const struct dosah_snap_index *idx,
                                             const struct dosah_snap_options *snap,
                                             double cell_m, struct dosah_surface_cells **out)
{
    const struct dosah_roads *roads = dosah_graph_get_roads(g);
    struct dosah_surface_cells *c;
    double xmin = INFINITY, ymin = INFINITY, xmax = -INFINITY, ymax = -INFINITY, w, h;
    size_t i, nv = roads->line_count ? roads->vertex_offset[roads->line_count] : 0;
    *out = NULL;
    if (!(cell_m > 0) || !isfinite(cell_m))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the catchments' cell size must be above 0 m");
    for (i = 0; i < nv; i++) {
        xmin = fmin(xmin, roads->xy[2 * i]), xmax = fmax(xmax, roads->xy[2 * i]);
        ymin = fmin(ymin, roads->xy[2 * i + 1]), ymax = fmax(ymax, roads->xy[2 * i + 1]);
    }
    if (!(c = dosah_calloc(ctx, 1, sizeof *c)))
        return DOSAH_ENOMEM;
    c->g = g, c->idx = idx, c->snap = *snap, c->cell_m = cell_m;
    c->margin_m = fmin(snap->snap_max_m, 1e6);
    if (nv) {
        c->x0 = xmin - c->margin_m - cell_m;
        c->y1 = ymax + c->margin_m + cell_m;
        w = (xmax - xmin + 2 * c->margin_m) / cell_m + 3;
        h = (ymax - ymin + 2 * c->margin_m) / cell_m + 3;
        if (w * h > 4e9) {
            dosah_free(c);
            return dosah_error_set(ctx, DOSAH_EINVAL,
                                   "catchments: %.0f x %.0f cells of %g m are too many for the "
                                   "road network's extent; set a larger catchments.cell_m",
                                   w, h, cell_m);
        }
        c->nx = (size_t)w, c->ny = (size_t)h;
    }
    c->tiles_x = (c->nx + TILE - 1) / TILE;
    c->tiles_y = (c->ny + TILE - 1) / TILE;
    c->tile = dosah_calloc(ctx, c->tiles_x * c->tiles_y + 1, sizeof *c->tile);
    c->busy = dosah_calloc(ctx, c->tiles_x * c->tiles_y + 1, sizeof *c->busy);
    c->radius_m = dosah_calloc(ctx, dosah_graph_node_count(g) + 1, sizeof *c->radius_m);
    if (!c->tile || !c->busy || !c->radius_m || pthread_mutex_init(&c->lock, NULL) != 0) {
        dosah_free(c->tile);
        dosah_free(c->busy);
        dosah_free(c->radius_m);
        dosah_free(c);
        return DOSAH_ENOMEM;
    }
    if (pthread_cond_init(&c->filled, NULL) != 0) {
        pthread_mutex_destroy(&c->lock);
        dosah_free(c->tile);
        dosah_free(c->busy);
        dosah_free(c->radius_m);
        dosah_free(c);
        return DOSAH_ENOMEM;
    }
    c->speed_mps = node_radii(g, c->radius_m);
    *out = c;
    return DOSAH_OK;
}

struct dosah_surface_cells *dosah_surface_cells_destroy(struct dosah_surface_cells *c)
{
    size_t i;
    if (!c)
        return NULL;
    for (i = 0; i < c->tiles_x * c->tiles_y; i++)
        dosah_free(c->tile[i]);
    dosah_free(c->tile);
    dosah_free(c->busy);
    dosah_free(c->radius_m);
    pthread_cond_destroy(&c->filled);
    pthread_mutex_destroy(&c->lock);
    dosah_free(c);
    return NULL;
}

double dosah_surface_cells_size(const struct dosah_surface_cells *c)
{
    return c->cell_m;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The tile of the road points in cells, its attached cells grouped by link (a new block). */
static struct tile *group_by_link(struct dosah_ctx *ctx, const struct cell_road *cells,
                                  uint64_t *key)
{
    size_t k, n = 0, runs = 0;
    struct tile *t;
    for (k = 0; k < TILE * TILE; k++)
        if (cells[k].link != DOSAH_NONE)
            key[n++] = (uint64_t)cells[k].link << 16 | k;
    qsort(key, n, sizeof *key, compare_u64);
    for (k = 0; k < n; k++)
        runs += k == 0 || key[k] >> 16 != key[k - 1] >> 16;
    if (!(t = dosah_malloc(ctx, sizeof *t + runs * sizeof *t->run)))
        return NULL;
    memcpy(t->cell, cells, sizeof t->cell);
    t->run_count = 0;
    for (k = 0; k < n; k++) {
        if (k == 0 || key[k] >> 16 != key[k - 1] >> 16) {
            struct link_run *r = &t->run[t->run_count++];
            r->link = (uint32_t)(key[k] >> 16), r->first = (uint16_t)k, r->count = 0;
        }
        t->run[t->run_count - 1].count++;
        t->by_link[k] = (uint16_t)(key[k] & 0xffff);
    }
    return t;
}

/* Snaps the centres of tile (tx, ty) into *out (a new tile); called without the lock, by
 * the one thread that claimed the tile. */
static enum dosah_status fill_tile(struct dosah_ctx *ctx, const struct dosah_surface_cells *c,
                                   size_t tx, size_t ty, struct tile **out)
{
    struct dosah_point *pts = dosah_malloc(ctx, TILE * TILE * sizeof *pts);
    struct dosah_snap *snaps = dosah_malloc(ctx, TILE * TILE * sizeof *snaps);
    struct cell_road *cells = dosah_malloc(ctx, TILE * TILE * sizeof *cells);
    uint64_t *key = dosah_malloc(ctx, TILE * TILE * sizeof *key);
    enum dosah_status st = pts && snaps && cells && key ? DOSAH_OK : DOSAH_ENOMEM;
    size_t i, j, k;
    for (j = 0; j < TILE && !st; j++)
        for (i = 0; i < TILE; i++) {
            pts[j * TILE + i].x = c->x0 + ((double)(tx * TILE + i) + 0.5) * c->cell_m;
            pts[j * TILE + i].y = c->y1 - ((double)(ty * TILE + j) + 0.5) * c->cell_m;
        }
    if (!st)
        st = dosah_snap_points(ctx, c->idx, pts, TILE * TILE, &c->snap, snaps);
    for (k = 0; k < TILE * TILE && !st; k++) {
        cells[k].link = snaps[k].attached ? snaps[k].link : DOSAH_NONE;
        cells[k].along_m = (float)snaps[k].along_m;
        cells[k].walk_s = snaps[k].attached ? (float)snaps[k].access_s : 0.0f;
    }
    if (!st && !(*out = group_by_link(ctx, cells, key)))
        st = DOSAH_ENOMEM;
    dosah_free(pts);
    dosah_free(snaps);
    dosah_free(cells);
    dosah_free(key);
    return st;
}

/* Tile k filled, unless another thread is filling it: then *busy is 1 and nothing is done
 * (with wait set, waits for that thread first). Tiles are filled outside the lock, so two
 * threads fill different tiles at the same time; the result does not depend on which. */
static enum dosah_status claim_tile(struct dosah_ctx *ctx, struct dosah_surface_cells *c,
                                    size_t k, int wait, int *busy)
{
    struct tile *t = NULL;
    enum dosah_status st;
    pthread_mutex_lock(&c->lock);
    while (wait && c->busy[k] && !c->tile[k])
        pthread_cond_wait(&c->filled, &c->lock);
    *busy = c->busy[k] && !c->tile[k];
    if (c->tile[k] || *busy) {
        pthread_mutex_unlock(&c->lock);
        return DOSAH_OK;
    }
    c->busy[k] = 1;
    pthread_mutex_unlock(&c->lock);
    st = fill_tile(ctx, c, k % c->tiles_x, k / c->tiles_x, &t);
    pthread_mutex_lock(&c->lock);
    c->busy[k] = 0;
    c->tile[k] = t; /* NULL on failure: the tile stays to be filled */
    pthread_cond_broadcast(&c->filled);
    pthread_mutex_unlock(&c->lock);
    return st;
}

/* Makes sure the tiles covering cells [i0, i1] x [j0, j1] are filled: first those no other
 * thread is filling, then, waiting, the rest. A first window may need hundreds of tiles, so
 * the cancellation is checked after each. */
static enum dosah_status need_tiles(struct dosah_ctx *ctx, struct dosah_surface_cells *c,
                                    size_t i0, size_t i1, size_t j0, size_t j1)
{
    enum dosah_status st = DOSAH_OK;
    size_t tx, ty;
    int pass, busy, any_busy = 0;
    for (pass = 0; pass < 2 && !st; pass++)
        for (ty = j0 / TILE; ty <= j1 / TILE && !st; ty++)
            for (tx = i0 / TILE; tx <= i1 / TILE && !st && (pass == 0 || any_busy); tx++) {
                st = claim_tile(ctx, c, ty * c->tiles_x + tx, pass, &busy);
                any_busy |= busy;
                if (!st && dosah_ctx_cancelled(ctx))
                    st = dosah_check_cancel(ctx, "catchments");
            }
    return st;
}

void dosah_surface_clear(struct dosah_surface *s)
{
    dosah_free(s->time_s);
    memset(s, 0, sizeof *s);
}

/* The box of everything the search reached: nodes within t_max with their links' reach,
 * and the source's own link. A link reaches no farther from the node than its farthest
 * vertex, nor than the fastest speed allows in the time left, so a network of a few very
 * long lines keeps a box the size of the threshold. env = {xmin, ymin, xmax, ymax}; 0 when
 * nothing was reached. */
static int reached_box(const struct dosah_surface_cells *c, const struct dosah_route_workspace *ws,
                       const struct dosah_snap *source, const struct dosah_route_options *opt,
                       double t_max, double env[4])
{
    size_t n, k;
    const uint32_t *settled = dosah_route_settled(ws, &n);
    int any = 0;
    env[0] = env[1] = INFINITY, env[2] = env[3] = -INFINITY;
    for (k = 0; k < n; k++) {
        struct dosah_point p;
        double r;
        if (!(dosah_route_node_time_s(ws, settled[k]) <= t_max))
            continue;
        p = dosah_graph_node_xy(c->g, settled[k]);
        r = fmin(c->radius_m[settled[k]],
                 (t_max - dosah_route_node_time_s(ws, settled[k])) * c->speed_mps + 1.0);
        env[0] = fmin(env[0], p.x - r), env[2] = fmax(env[2], p.x + r);
        env[1] = fmin(env[1], p.y - r), env[3] = fmax(env[3], p.y + r);
        any = 1;
    }
    if (source && source->attached && source->access_s <= t_max) {
        struct dosah_graph_link l;
        const double *xy = dosah_graph_get_roads(c->g)->xy;
        double link_env[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
        double reach = (t_max - source->access_s) * c->speed_mps + 1.0;
        uint32_t v;
        dosah_graph_get_link(c->g, source->link, &l);
        for (v = l.first_vertex; v <= l.last_vertex; v++) {
            link_env[0] = fmin(link_env[0], xy[2 * (size_t)v]);
            link_env[2] = fmax(link_env[2], xy[2 * (size_t)v]);
            link_env[1] = fmin(link_env[1], xy[2 * (size_t)v + 1]);
            link_env[3] = fmax(link_env[3], xy[2 * (size_t)v + 1]);
        }
        env[0] = fmin(env[0], fmax(link_env[0], source->at.x - reach));
        env[2] = fmax(env[2], fmin(link_env[2], source->at.x + reach));
        env[1] = fmin(env[1], fmax(link_env[1], source->at.y - reach));
        env[3] = fmax(env[3], fmin(link_env[3], source->at.y + reach));
        any = 1;
    }
    if (source && source->attached && opt->direct_max_m > 0) {
        double r = fmin(opt->direct_max_m, t_max / opt->direct_s_per_m) + 1.0;
        env[0] = fmin(env[0], source->pt.x - r), env[2] = fmax(env[2], source->pt.x + r);
        env[1] = fmin(env[1], source->pt.y - r), env[3] = fmax(env[3], source->pt.y + r);
        any = 1;
    }
    return any;
}

static struct dosah_point cell_centre(const struct dosah_surface_cells *c, size_t i, size_t j)
{
    struct dosah_point p;
    p.x = c->x0 + ((double)i + 0.5) * c->cell_m;
    p.y = c->y1 - ((double)j + 0.5) * c->cell_m;
    return p;
}

/* Cell column (or row) of coordinate v, clamped to [0, n - 1]. */
static size_t clamp_cell(double v, size_t n)
{
    return v < 0 ? 0 : v >= (double)n ? n - 1 : (size_t)v;
}

/* The cells of tile (tx, ty) within [i0, i1] x [j0, j1] whose road point is reached within
 * t_max_s, with their times written at out (row stride w, cell (i0, j0) first). A link's
 * end times are looked up once for its cells; a link neither of whose ends is reached
 * within t_max_s, and that does not hold the source, is skipped whole (its cells' times
 * are at least its ends'). The times are those of dosah_catchment_point_time, bit for bit. */
static void fill_tile_cells(const struct dosah_surface_cells *c,
                            const struct dosah_route_workspace *ws,
                            const struct dosah_snap *source, const struct dosah_route_options *opt,
                            double limit_s, size_t tx, size_t ty, size_t i0, size_t i1, size_t j0,
                            size_t j1, float *out, size_t w)
{
    const struct tile *t = c->tile[ty * c->tiles_x + tx];
    size_t r, k;
    for (r = 0; r < t->run_count; r++) {
        const struct link_run *run = &t->run[r];
        struct route_link_time lt;
        route_link_time_init(c->g, ws, source, opt->direction, run->link, &lt);
        if (!lt.own && !(lt.tu <= limit_s) && !(lt.tv <= limit_s))
            continue;
        for (k = run->first; k < (size_t)run->first + run->count; k++) {
            unsigned cell = t->by_link[k];
            size_t i = tx * TILE + cell % TILE, j = ty * TILE + cell / TILE;
            const struct cell_road *cr = &t->cell[cell];
            double tm;
            if (i < i0 || i > i1 || j < j0 || j > j1)
                continue;
            tm = route_link_time_at(&lt, cr->along_m) + cr->walk_s;
            if (tm < INFINITY && tm <= limit_s)
                out[(j - j0) * w + (i - i0)] = (float)tm;
        }
    }
}

/* The times of cells [i0, i1] x [j0, j1] (row stride w from out, cell (i0, j0) first) within
 * t_max_s, by road and then, near the source, by the direct way where it is shorter. */
static void fill_cells(const struct dosah_surface_cells *c, const struct dosah_route_workspace *ws,
                       const struct dosah_snap *source, const struct dosah_route_options *opt,
                       double t_max_s, size_t i0, size_t i1, size_t j0, size_t j1, float *out,
                       size_t w)
{
    double limit = t_max_s + DOSAH_ROUTE_SLACK_S, r;
    size_t i, j, tx, ty, di0, di1, dj0, dj1;
    for (ty = j0 / TILE; ty <= j1 / TILE; ty++)
        for (tx = i0 / TILE; tx <= i1 / TILE; tx++)
            fill_tile_cells(c, ws, source, opt, limit, tx, ty, i0, i1, j0, j1, out, w);
    if (!source || !source->attached || !(opt->direct_max_m > 0))
        return;
    /* The direct way, in the cells it may reach: the road time, when not kept, was above the
     * limit, so the smaller of the kept value and the direct time decides alone. */
    r = opt->direct_max_m + c->cell_m;
    di0 = clamp_cell(floor((source->pt.x - r - c->x0) / c->cell_m), c->nx);
    di1 = clamp_cell(floor((source->pt.x + r - c->x0) / c->cell_m), c->nx);
    dj0 = clamp_cell(floor((c->y1 - source->pt.y - r) / c->cell_m), c->ny);
    dj1 = clamp_cell(floor((c->y1 - source->pt.y + r) / c->cell_m), c->ny);
    for (j = dj0 > j0 ? dj0 : j0; j <= j1 && j <= dj1; j++)
        for (i = di0 > i0 ? di0 : i0; i <= i1 && i <= di1; i++) {
            const struct cell_road *cr =
                &c->tile[(j / TILE) * c->tiles_x + i / TILE]->cell[(j % TILE) * TILE + i % TILE];
            float *o = &out[(j - j0) * w + (i - i0)];
            double tm;
            if (cr->link == DOSAH_NONE)
                continue;
            tm = dosah_route_direct_way_to(opt, source, cell_centre(c, i, j), cr->walk_s);
            if (tm < INFINITY && tm <= limit && (*o == DOSAH_SURFACE_UNREACHED || (float)tm < *o))
                *o = (float)tm;
        }
}

enum dosah_status dosah_surface_fill(struct dosah_ctx *ctx, struct dosah_surface_cells *c,
                                     const struct dosah_route_workspace *ws,
                                     const struct dosah_snap *source,
                                     const struct dosah_route_options *opt, double t_max_s,
                                     struct dosah_surface *s)
{
    double env[4], walk;
    size_t i0, i1, j0, j1, i, w, h;
    enum dosah_status st;
    s->nx = s->ny = 0;
    s->cell_m = c->cell_m;
    if (!c->nx || !reached_box(c, ws, source, opt, t_max_s, env))
        return DOSAH_OK;
    /* Walking off the road reaches no farther than snap_max_m, nor than t_max allows. */
    walk = fmin(c->margin_m, t_max_s * c->snap.access_kmh / 3.6) + c->cell_m;
    i0 = clamp_cell(floor((env[0] - walk - c->x0) / c->cell_m), c->nx);
    i1 = clamp_cell(floor((env[2] + walk - c->x0) / c->cell_m), c->nx);
    j0 = clamp_cell(floor((c->y1 - env[3] - walk) / c->cell_m), c->ny);
    j1 = clamp_cell(floor((c->y1 - env[1] + walk) / c->cell_m), c->ny);
    if ((st = need_tiles(ctx, c, i0, i1, j0, j1)))
        return st;
    w = i1 - i0 + 3, h = j1 - j0 + 3; /* one unreached cell all round */
    if ((st = dosah_scratch_reserve(ctx, (void **)&s->time_s, &s->cap, w * h,
                                    sizeof *s->time_s)))
        return st;
    s->nx = w, s->ny = h;
    s->x0 = c->x0 + ((double)i0 - 1) * c->cell_m;
    s->y1 = c->y1 - ((double)j0 - 1) * c->cell_m;
    for (i = 0; i < w * h; i++)
        s->time_s[i] = DOSAH_SURFACE_UNREACHED;
    fill_cells(c, ws, source, opt, t_max_s, i0, i1, j0, j1, s->time_s + w + 1, w);
    return DOSAH_OK;
}

double dosah_surface_time_at(struct dosah_ctx *ctx, const struct dosah_surface_cells *c,
                             const struct dosah_route_workspace *ws,
                             const struct dosah_snap *source,
                             const struct dosah_route_options *opt, double x, double y)
{
    struct dosah_point p = {x, y};
    struct dosah_snap sn;
    double t;
    if (dosah_snap_points(ctx, c->idx, &p, 1, &c->snap, &sn) || !sn.attached)
        return INFINITY;
    t = dosah_catchment_point_time(c->g, ws, source, opt->direction, sn.link, sn.along_m) +
        sn.access_s;
    if (isnan(t))
        t = INFINITY;
    return source ? fmin(t, dosah_route_direct_way_s(opt, source, &sn)) : t;
}
