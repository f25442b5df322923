/* SPDX-License-Identifier: MIT */
/*
 * Catchment polygons from a time surface, the way grid-based isochrone engines make them.
 *
 * The study area is covered by square cells of cell_m metres. Each cell centre is snapped to
 * the road network exactly as a demand point would be (the nearest point of the nearest road
 * segment, within snap_max_m): that is computed once per network and shared by every
 * search. After one bounded search from a facility, a cell's time is the time of its road
 * point (interpolated along the link, dosah_catchment_point_time) plus the walk to it at the
 * access speed: the time a demand point placed at the cell centre would get. The catchment
 * of threshold T is the contour of that surface at T (dosah_contour_polygon, marching
 * squares). It is exact at the cell centres and interpolated between them, so its outline
 * lies within one cell diagonal (√2 · cell_m) of the true boundary: that is the tolerance of
 * the check (dosah_polygon_check).
 */
#ifndef DOSAH_ROUTE_SURFACE_H
#define DOSAH_ROUTE_SURFACE_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/route.h"
#include "dosah/snap.h"

/* A cell's time when no road point reaches it (seconds): far above any threshold. */
#define DOSAH_SURFACE_UNREACHED 1.0e7f

/* The road point of every cell centre of a network, filled tile by tile when first needed. */
struct dosah_surface_cells;

/*
 * Covers the extent of g's roads, grown by snap_max_m, with cells of cell_m (> 0) metres.
 * Borrows g and idx (which must outlive it). Nothing is snapped yet. Safe to share between
 * threads: each tile is filled once, by the thread that first needs it, while other threads
 * fill others. Free with dosah_surface_cells_destroy.
 */
enum dosah_status dosah_surface_cells_create(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                             const struct dosah_snap_index *idx,
                                             const struct dosah_snap_options *snap,
                                             double cell_m, struct dosah_surface_cells **out);
struct dosah_surface_cells *dosah_surface_cells_destroy(struct dosah_surface_cells *c);
/* The cell size in metres. */
double dosah_surface_cells_size(const struct dosah_surface_cells *c);

/* A time surface: nx × ny cells, row 0 the northernmost; the centre of cell (i, j) is
 * (x0 + (i + 0.5)·cell_m, y1 − (j + 0.5)·cell_m). time_s is owned (dosah_free). */
struct dosah_surface {
    double x0, y1, cell_m;
    size_t nx, ny;
    float *time_s; /* nx * ny, row by row; DOSAH_SURFACE_UNREACHED where nothing reaches */
    size_t cap;
};

/* Frees the surface's array and zeroes it. */
void dosah_surface_clear(struct dosah_surface *s);

/*
 * The time surface after a bounded search in ws from source (direction and direct way as in
 * opt), up to t_max_s: every cell within reach of a reached road (by road, then on foot at
 * the access speed), or of the source by the direct way, in a window around the search,
 * with a margin of one unreached cell. Reuses s's array. A source
 * that reached nothing and has no direct way gives an empty surface (nx = ny = 0).
 */
enum dosah_status dosah_surface_fill(struct dosah_ctx *ctx, struct dosah_surface_cells *c,
                                     const struct dosah_route_workspace *ws,
                                     const struct dosah_snap *source,
                                     const struct dosah_route_options *opt, double t_max_s,
                                     struct dosah_surface *s);

/*
 * The true time at (x, y) after the search in ws: the time of its road point plus the walk,
 * or the direct way from the source when shorter, as a demand point there would get;
 * INFINITY when unreached or beyond snap_max_m. For the
 * check of a polygon; ctx is the calling thread's.
 */
double dosah_surface_time_at(struct dosah_ctx *ctx, const struct dosah_surface_cells *c,
                             const struct dosah_route_workspace *ws,
                             const struct dosah_snap *source,
                             const struct dosah_route_options *opt, double x, double y);

/* The scratch of the contour tracer, reused from one polygon to the next (one per thread). */
struct dosah_contour_work;

enum dosah_status dosah_contour_work_create(struct dosah_ctx *ctx,
                                            struct dosah_contour_work **out);
/* Frees w (NULL is fine); returns NULL. */
struct dosah_contour_work *dosah_contour_work_destroy(struct dosah_contour_work *w);

/*
 * The area where the surface is at most level_s, as ISO WKB of a MultiPolygon (caller frees
 * with dosah_free), traced by marching squares through scratch w: valid by construction, its
 * polygons neither overlapping nor touching, exteriors counter-clockwise and holes clockwise;
 * *wkb NULL when no cell is within the level. Exactly the cell centres within the level lie
 * inside it; between them the outline interpolates linearly, holding 1/1000 of a cell off
 * the centres. DOSAH_EINVAL when the window to trace exceeds 2^30 cells.
 */
enum dosah_status dosah_contour_polygon(struct dosah_ctx *ctx, struct dosah_contour_work *w,
                                        const struct dosah_surface *s, double level_s,
                                        unsigned char **wkb, size_t *wkb_size);

/*
 * Finds, in one pass over s, the window of cells within each of levels[0 .. count - 1]
 * (count <= DOSAH_CONTOUR_LEVELS), which dosah_contour_polygon then uses for those levels
 * instead of a pass of its own. The windows hold until s changes or this is called again;
 * count 0 forgets them.
 */
#define DOSAH_CONTOUR_LEVELS 16
void dosah_contour_levels(struct dosah_contour_work *w, const struct dosah_surface *s,
                          const double *levels, size_t count);

/* For the check: 1 when the true answer changes within tolerance_m of (x, y), i.e. the point
 * lies that close to the true boundary (inside says which side the point is on). */
typedef int (*dosah_boundary_fn)(void *user, double x, double y, int inside, double tolerance_m);

/*
 * Checks a polygon (ISO WKB of a Polygon or MultiPolygon, NULL for none) at count points:
 * inside[i] says whether point i should be inside it. A point on the wrong side counts as a
 * violation unless it lies within tolerance_m of the outline or (near_boundary, may be NULL)
 * of the true boundary. *violations gets their number. DOSAH_EINVAL when the WKB cannot be
 * read.
 */
enum dosah_status dosah_polygon_check(struct dosah_ctx *ctx, const unsigned char *wkb,
                                      size_t wkb_size, const struct dosah_point *pts,
                                      const unsigned char *inside, size_t count,
                                      double tolerance_m, dosah_boundary_fn near_boundary,
                                      void *user, size_t *violations);

#endif
