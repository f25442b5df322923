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

#define NO_LINK UINT16_MAX /* a tile's cell beyond snap_max_m */

/* A link that some cell of a tile lies on: what a cell's time needs of it, copied once. */
struct tile_link {
    double per_m, length_m; /* seconds per metre, as route_link_time has them */
    uint32_t link, u, v;    /* the link and its from- and to-node */
    int oneway;
};

/* A tile's road points: per cell its link (an index into link[], NO_LINK when none), the
 * position along it and the walk to the centre, in arrays so a surface reads them row by row,
 * and its links, whose end times a surface looks up once per tile. */
struct tile {
    uint16_t lk[TILE * TILE];
    float along_m[TILE * TILE];
    float walk_s[TILE * TILE];
    size_t link_count;
    struct tile_link link[]; /* link_count */
};

/* A node's position, from the grid's corner (x0, y1) east and south, in metres, and how far
 * its links reach from it, in floats: the window of a search reads 12 bytes per node it
 * reached. The position is off by less than a metre (a float's step is at most 1 m below
 * 2^24 m), so the reach carries a metre more, and the window never comes out smaller than
 * the true box. */
struct node_reach {
    float dx, dy, r;
};

struct dosah_surface_cells {
    const struct dosah_graph *g;
    const struct dosah_snap_index *idx;
    struct dosah_snap_options snap;
    double cell_m, x0, y1, margin_m;
    size_t nx, ny, tiles_x, tiles_y;
    struct tile **tile;      /* tiles_x * tiles_y, NULL until filled */
    unsigned char *busy;     /* per tile: 1 while a thread fills it (outside the lock) */
    struct node_reach *node; /* per node, what the window needs of it */
    double speed_mps;        /* the fastest link's speed; INFINITY when unknown */
    pthread_mutex_t lock;    /* guards tile and busy */
    pthread_cond_t filled;   /* signalled when a tile is filled or given up */
};

/* Per node, its position and how far its links reach from it (the farthest vertex of one of
 * them, rounded up, plus a metre for the rounding of the position): see struct node_reach.
 * *speed gets the fastest link's speed (m/s), which bounds how far a search gets along a
 * link in a given time. A national network takes most of a second, so a cancellation is
 * looked for every 65,536 links. */
static enum dosah_status node_reaches(struct dosah_ctx *ctx, const struct dosah_surface_cells *c,
                                      struct node_reach *node, double *speed)
{
    const struct dosah_graph *g = c->g;
    const double *xy = dosah_graph_get_roads(g)->xy;
    uint32_t link, v;
    size_t n;
    *speed = 0;
    for (link = 0; link < dosah_graph_link_count(g); link++) {
        struct dosah_graph_link l;
        struct dosah_point a, b;
        double da = 0, db = 0; /* squared, until the root of the largest is taken */
        if ((link & 65535) == 65535 && dosah_ctx_cancelled(ctx))
            return dosah_check_cancel(ctx, "catchments");
        dosah_graph_get_link(g, link, &l);
        a = dosah_graph_node_xy(g, l.from_node);
        b = dosah_graph_node_xy(g, l.to_node);
        for (v = l.first_vertex; v <= l.last_vertex; v++) {
            double ax = xy[2 * (size_t)v] - a.x, ay = xy[2 * (size_t)v + 1] - a.y;
            double bx = xy[2 * (size_t)v] - b.x, by = xy[2 * (size_t)v + 1] - b.y;
            da = DOSAH_MAX2(da, ax * ax + ay * ay);
            db = DOSAH_MAX2(db, bx * bx + by * by);
        }
        /* the root is off by an ulp or so, far less than the 2 m added */
        node[l.from_node].r = fmaxf(node[l.from_node].r, (float)(ceil(sqrt(da)) + 2.0));
        node[l.to_node].r = fmaxf(node[l.to_node].r, (float)(ceil(sqrt(db)) + 2.0));
        if (l.length_m > 0)
            *speed = l.time_s > 0 ? fmax(*speed, l.length_m / l.time_s) : INFINITY;
    }
    for (n = 0; n < dosah_graph_node_count(g); n++) {
        struct dosah_point p = dosah_graph_node_xy(g, (uint32_t)n);
        node[n].dx = (float)(p.x - c->x0), node[n].dy = (float)(c->y1 - p.y);
    }
    return DOSAH_OK;
}

enum dosah_status dosah_surface_cells_create(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                             const struct dosah_snap_index *idx,
                                             const struct dosah_snap_options *snap,
                                             double cell_m, struct dosah_surface_cells **out)
{
    const struct dosah_roads *roads = dosah_graph_get_roads(g);
    struct dosah_surface_cells *c;
    double xmin = INFINITY, ymin = INFINITY, xmax = -INFINITY, ymax = -INFINITY, w, h;
    enum dosah_status st;
    size_t i, nv = roads->line_count ? roads->vertex_offset[roads->line_count] : 0;
    *out = NULL;
    if (!(cell_m > 0) || !isfinite(cell_m))
        return dosah_error_set(ctx, DOSAH_EINVAL, "the catchments' cell size must be above 0 m");
    for (i = 0; i < nv; i++) { /* a graph holds finite coordinates only */
        xmin = DOSAH_MIN2(xmin, roads->xy[2 * i]), xmax = DOSAH_MAX2(xmax, roads->xy[2 * i]);
        ymin = DOSAH_MIN2(ymin, roads->xy[2 * i + 1]);
        ymax = DOSAH_MAX2(ymax, roads->xy[2 * i + 1]);
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
    c->node = dosah_calloc(ctx, dosah_graph_node_count(g) + 1, sizeof *c->node);
    if (!c->tile || !c->busy || !c->node ||
        pthread_mutex_init(&c->lock, NULL) != 0) {
        dosah_free(c->tile);
        dosah_free(c->busy);
        dosah_free(c->node);
        dosah_free(c);
        return DOSAH_ENOMEM;
    }
    if (pthread_cond_init(&c->filled, NULL) != 0) {
        pthread_mutex_destroy(&c->lock);
        dosah_free(c->tile);
        dosah_free(c->busy);
        dosah_free(c->node);
        dosah_free(c);
        return DOSAH_ENOMEM;
    }
    if ((st = node_reaches(ctx, c, c->node, &c->speed_mps))) {
        dosah_surface_cells_destroy(c);
        return st;
    }
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
    dosah_free(c->node);
    pthread_cond_destroy(&c->filled);
    pthread_mutex_destroy(&c->lock);
    dosah_free(c);
    return NULL;
}

double dosah_surface_cells_size(const struct dosah_surface_cells *c)
{
    return c->cell_m;
}

/* Slots of the hash table that finds a tile's links (a power of two, twice the cells). */
#define LINK_SLOTS (2 * TILE * TILE)

/*
 * The tile of the road points in cells (a new block): each link once in its table, in the
 * order the cells first meet it, found through a hash table of LINK_SLOTS slots (half full
 * at most; neighbouring cells mostly share a link, which is looked up once). scratch holds
 * 3 * TILE * TILE entries.
 */
static struct tile *make_tile(struct dosah_ctx *ctx, const struct dosah_graph *g,
                              const struct cell_road *cells, uint64_t *scratch)
{
    uint32_t *slot_link = (uint32_t *)scratch;                  /* link + 1; 0: empty */
    uint16_t *slot_index = (uint16_t *)(slot_link + LINK_SLOTS); /* its index in the table */
    uint32_t *link_of = (uint32_t *)(slot_index + LINK_SLOTS);   /* the table's links */
    uint16_t *lk = (uint16_t *)(link_of + TILE * TILE);          /* per cell, as t->lk */
    uint32_t last_link = DOSAH_NONE;
    uint16_t last = NO_LINK;
    size_t k, links = 0;
    struct tile *t;
    memset(slot_link, 0, LINK_SLOTS * sizeof *slot_link);
    for (k = 0; k < TILE * TILE; k++) {
        uint32_t link = cells[k].link;
        size_t h;
        if (link != last_link && link != DOSAH_NONE) {
            for (h = (uint32_t)(link * UINT32_C(2654435761)) % LINK_SLOTS;
                 slot_link[h] && slot_link[h] != link + 1; h = (h + 1) % LINK_SLOTS)
                ;
            if (!slot_link[h]) {
                slot_link[h] = link + 1;
                slot_index[h] = (uint16_t)links;
                link_of[links++] = link;
            }
            last = slot_index[h];
        }
        last_link = link;
        lk[k] = link == DOSAH_NONE ? NO_LINK : last;
    }
    if (!(t = dosah_malloc(ctx, sizeof *t + links * sizeof *t->link)))
        return NULL;
    t->link_count = links;
    for (k = 0; k < links; k++) {
        struct tile_link *tl = &t->link[k];
        struct dosah_graph_link l;
        tl->link = link_of[k];
        dosah_graph_get_link(g, tl->link, &l);
        tl->per_m = l.time_s / l.length_m, tl->length_m = l.length_m;
        tl->u = l.from_node, tl->v = l.to_node, tl->oneway = l.oneway;
    }
    for (k = 0; k < TILE * TILE; k++) {
        t->lk[k] = lk[k];
        t->along_m[k] = cells[k].along_m;
        t->walk_s[k] = cells[k].walk_s;
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
    uint64_t *key = dosah_malloc(ctx, 3 * TILE * TILE * sizeof *key);
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
    if (!st && !(*out = make_tile(ctx, c->g, cells, key)))
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
    size_t k;
    int any = 0;
    env[0] = env[1] = INFINITY, env[2] = env[3] = -INFINITY;
    /* In the grid's frame first (east and south of its corner), with plain comparisons. */
    double e0 = INFINITY, e1 = INFINITY, e2 = -INFINITY, e3 = -INFINITY;
    for (k = 0; k < ws->settled_count; k++) {
        uint32_t v = ws->settled[k];
        const struct node_reach *nr = &c->node[v];
        double t = ws->dist[v], r, x = nr->dx, y = nr->dy;
        if (k + 16 < ws->settled_count) { /* settled nodes come in no order of memory */
            __builtin_prefetch(&c->node[ws->settled[k + 16]]);
            __builtin_prefetch(&ws->dist[ws->settled[k + 16]]);
        }
        if (!(t <= t_max))
            continue;
        r = (t_max - t) * c->speed_mps + 2.0;
        r = nr->r < r ? nr->r : r;
        e0 = x - r < e0 ? x - r : e0, e2 = x + r > e2 ? x + r : e2;
        e1 = y - r < e1 ? y - r : e1, e3 = y + r > e3 ? y + r : e3;
        any = 1;
    }
    if (any) {
        env[0] = c->x0 + e0, env[2] = c->x0 + e2;
        env[1] = c->y1 - e3, env[3] = c->y1 - e1;
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

/* What a surface needs of one of a tile's links after a search: its ends' times where they
 * count (INFINITY where not reached, where the link may not be left toward the cell that
 * way, or where neither end is reached within the limit), and whether it holds the source. */
struct link_now {
    double tu, tv, per_m, length_m;
    int source; /* 1: the source's own link, whose cells are timed by route_link_time */
};

/*
 * The cells of tile (tx, ty) within [i0, i1] x [j0, j1], written at out (row stride w, cell
 * (i0, j0) first): their times where their road point is reached within limit_s, else
 * DOSAH_SURFACE_UNREACHED. Each link's end times are looked up once, into now (scratch for
 * the tile's links and one more, the entry of the cells that lie on no road). The times are
 * those of dosah_catchment_point_time, bit for bit: route_link_time_at's sums, in its order.
 * Where that takes the time through one end only (the other not reached, or not left that
 * way), the other end here is INFINITY, whose sum is never the smaller; a link neither of
 * whose ends is reached within limit_s has both at INFINITY, since its cells' times are at
 * least its ends'. So a cell's time is the smaller of two sums, with no branch but the
 * choice of the smaller; a cell on no road takes the last entry, both of whose ends are at
 * INFINITY, and so comes out unreached (its sums are INFINITY, or NaN where its position
 * is NaN).
 */
static void fill_tile_cells(const struct dosah_surface_cells *c,
                            const struct dosah_route_workspace *ws,
                            const struct dosah_snap *source, const struct dosah_route_options *opt,
                            double limit_s, size_t tx, size_t ty, size_t i0, size_t i1, size_t j0,
                            size_t j1, struct link_now *now, float *out, size_t w)
{
    const struct tile *t = c->tile[ty * c->tiles_x + tx];
    int from = opt->direction == DOSAH_ROUTE_FROM_SOURCES, any = 0, has_source = 0;
    size_t k, i, j, ia, ib, ja, jb;
    for (k = 0; k < t->link_count; k++) {
        const struct tile_link *tl = &t->link[k];
        int along = tl->oneway != DOSAH_ONEWAY_BACKWARD;
        int against = tl->oneway != DOSAH_ONEWAY_FORWARD;
        struct link_now *n = &now[k];
        /* a node's time after the search, INFINITY where not settled */
        n->tu = (from ? along : against) ? ws->dist[tl->u] : INFINITY;
        n->tv = (from ? against : along) ? ws->dist[tl->v] : INFINITY;
        n->per_m = tl->per_m, n->length_m = tl->length_m;
        n->source = source && source->attached && source->link == tl->link;
        if (!(n->tu <= limit_s || n->tv <= limit_s))
            n->tu = n->tv = INFINITY;
        any |= n->tu <= limit_s || n->tv <= limit_s || n->source;
        has_source |= n->source;
    }
    now[t->link_count].tu = now[t->link_count].tv = INFINITY;
    now[t->link_count].per_m = now[t->link_count].length_m = 0;
    now[t->link_count].source = 0;
    /* The tile's cells within the window: columns ia .. ib, rows ja .. jb of the tile. */
    ia = i0 > tx * TILE ? i0 - tx * TILE : 0;
    ib = i1 - tx * TILE < TILE - 1 ? i1 - tx * TILE : TILE - 1;
    ja = j0 > ty * TILE ? j0 - ty * TILE : 0;
    jb = j1 - ty * TILE < TILE - 1 ? j1 - ty * TILE : TILE - 1;
    for (j = ja; j <= jb; j++) {
        float *o = out + (ty * TILE + j - j0) * w + tx * TILE - i0;
        const uint16_t *lk = t->lk + j * TILE;
        const float *along_m = t->along_m + j * TILE, *walk_s = t->walk_s + j * TILE;
        if (!any) { /* no link of the tile is reached within the limit: none of its cells */
            for (i = ia; i <= ib; i++)
                o[i] = DOSAH_SURFACE_UNREACHED;
            continue;
        }
        for (i = ia; i <= ib; i++) {
            const struct link_now *n = &now[lk[i] == NO_LINK ? t->link_count : lk[i]];
            double along = along_m[i], a, b, tm;
            if (has_source && n->source) {
                struct route_link_time lt;
                route_link_time_init(c->g, ws, source, opt->direction, t->link[lk[i]].link,
                                     &lt);
                a = b = route_link_time_at(&lt, along);
            } else {
                a = n->tu + n->per_m * along;
                b = n->tv + n->per_m * (n->length_m - along);
            }
            tm = (a <= b ? a : b) + walk_s[i];
            o[i] = tm <= limit_s ? (float)tm : DOSAH_SURFACE_UNREACHED;
        }
    }
}

/* The times of cells [i0, i1] x [j0, j1] (row stride w from out, cell (i0, j0) first) within
 * t_max_s, by road and then, near the source, by the direct way where it is shorter; every
 * cell is written, DOSAH_SURFACE_UNREACHED where neither reaches. */
static void fill_cells(const struct dosah_surface_cells *c, const struct dosah_route_workspace *ws,
                       const struct dosah_snap *source, const struct dosah_route_options *opt,
                       double t_max_s, size_t i0, size_t i1, size_t j0, size_t j1,
                       struct link_now *now, float *out, size_t w)
{
    double limit = t_max_s + DOSAH_ROUTE_SLACK_S, r;
    size_t i, j, tx, ty, di0, di1, dj0, dj1;
    for (ty = j0 / TILE; ty <= j1 / TILE; ty++)
        for (tx = i0 / TILE; tx <= i1 / TILE; tx++)
            fill_tile_cells(c, ws, source, opt, limit, tx, ty, i0, i1, j0, j1, now, out, w);
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
            const struct tile *t = c->tile[(j / TILE) * c->tiles_x + i / TILE];
            size_t cell = (j % TILE) * TILE + i % TILE;
            float *o = &out[(j - j0) * w + (i - i0)];
            double tm;
            if (t->lk[cell] == NO_LINK)
                continue;
            tm = dosah_route_direct_way_to(opt, source, cell_centre(c, i, j), t->walk_s[cell]);
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
    size_t i0, i1, j0, j1, i, w, h, tx, ty, links = 1;
    struct link_now *now;
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
    for (ty = j0 / TILE; ty <= j1 / TILE; ty++)
        for (tx = i0 / TILE; tx <= i1 / TILE; tx++)
            if (c->tile[ty * c->tiles_x + tx]->link_count > links)
                links = c->tile[ty * c->tiles_x + tx]->link_count;
    if (!(now = dosah_malloc(ctx, (links + 1) * sizeof *now)))
        return DOSAH_ENOMEM;
    for (i = 0; i < w; i++) /* the ring of padding; fill_cells writes every cell within */
        s->time_s[i] = s->time_s[(h - 1) * w + i] = DOSAH_SURFACE_UNREACHED;
    for (i = 1; i + 1 < h; i++)
        s->time_s[i * w] = s->time_s[i * w + w - 1] = DOSAH_SURFACE_UNREACHED;
    fill_cells(c, ws, source, opt, t_max_s, i0, i1, j0, j1, now, s->time_s + w + 1, w);
    dosah_free(now);
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
