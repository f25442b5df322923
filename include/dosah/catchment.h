/* SPDX-License-Identifier: MIT */
/*
 * Catchments: the part of the road network that a facility reaches within a time, from the
 * node times of a bounded search, and the polygon around it.
 *
 * A point x metres along a link (u -> v, length L, travel time w) is reached within T when
 * its time is at most T: coming from u it takes t_u + w·x/L, from v t_v + w·(L−x)/L (only in
 * the directions the link allows, and the other way round for searches toward the
 * facility), and on the facility's own link also directly from the facility. The reached
 * parts are therefore whole intervals of links. The polygon is those parts buffered by
 * buffer_m (and the facility's road point), so it contains every reached road and reaches at
 * most buffer_m beyond them: that distance is the tolerance of the check.
 */
#ifndef DOSAH_CATCHMENT_H
#define DOSAH_CATCHMENT_H

#include <stddef.h>

#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/route.h"
#include "dosah/snap.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Polylines in the working CRS: line i has points xy[2*offset[i] .. 2*offset[i+1]). */
struct dosah_polylines {
    size_t count;
    size_t *offset;   /* count + 1 entries */
    double *xy;
    size_t line_cap, point_cap;
};

/* Frees the polylines' arrays and zeroes them. */
void dosah_polylines_clear(struct dosah_polylines *p);

/*
 * The reached parts of the network after a bounded search from `source` in ws (direction
 * dir), within threshold_s seconds (not above the search's bound). Appends them to *out
 * (zeroed storage or earlier parts). Pure computation.
 */
enum dosah_status dosah_catchment_reached(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                          const struct dosah_route_workspace *ws,
                                          const struct dosah_snap *source,
                                          enum dosah_route_direction dir, double threshold_s,
                                          struct dosah_polylines *out);

/*
 * The time of the point `along_m` metres along link `link` after the last bounded search
 * (the rule above), NAN when the search did not reach it. Used to check catchments.
 */
double dosah_catchment_point_time(const struct dosah_graph *g,
                                  const struct dosah_route_workspace *ws,
                                  const struct dosah_snap *source,
                                  enum dosah_route_direction dir, uint32_t link, double along_m);

/* The point `along_m` metres along a link. */
struct dosah_point dosah_catchment_link_point(const struct dosah_graph *g, uint32_t link,
                                              double along_m);

struct dosah_geom;

/* A GEOS context whose messages go to ctx; free with dosah_geom_destroy. */
enum dosah_status dosah_geom_create(struct dosah_ctx *ctx, struct dosah_geom **out);
struct dosah_geom *dosah_geom_destroy(struct dosah_geom *geom);

/*
 * The catchment polygon: the reached parts and the point `at` buffered by buffer_m (> 0),
 * as ISO WKB of a MultiPolygon (caller frees with dosah_free). *wkb is NULL when there are no
 * parts and no point.
 */
enum dosah_status dosah_catchment_polygon(struct dosah_geom *geom,
                                          const struct dosah_polylines *parts,
                                          const struct dosah_point *at, double buffer_m,
                                          unsigned char **wkb, size_t *wkb_size);

/*
 * Checks a catchment polygon against the search: samples every link at most spacing_m
 * apart and computes each sample's time on its own (dosah_catchment_point_time); a sample
 * reached within threshold_s must lie inside the polygon, one not reached must lie outside
 * it or within buffer_m + spacing_m of a reached sample (the stated tolerance). *violations
 * counts the samples that break the rule; *samples all the samples tested.
 */
enum dosah_status dosah_catchment_check(struct dosah_geom *geom, const struct dosah_graph *g,
                                        const struct dosah_route_workspace *ws,
                                        const struct dosah_snap *source,
                                        enum dosah_route_direction dir, double threshold_s,
                                        const unsigned char *wkb, size_t wkb_size,
                                        double buffer_m, double spacing_m, size_t *samples,
                                        size_t *violations);

#ifdef __cplusplus
}
#endif
#endif
