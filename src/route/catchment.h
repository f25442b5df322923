/* SPDX-License-Identifier: MIT */
/*
 * Catchments: the part of the road network that a facility reaches within a time, from the
 * node times of a bounded search, and the polygon around it.
 *
 * A point x metres along a link (u -> v, length L, travel time w) is reached within T when
 * its time is at most T: coming from u it takes t_u + w·x/L, from v t_v + w·(L−x)/L (only in
 * the directions the link allows, and the other way round for searches toward the
 * facility), and on the facility's own link also directly from the facility. The reached
 * parts are therefore whole intervals of links. The polygons come from a time surface built
 * on this rule (route/surface.h).
 */
#ifndef DOSAH_ROUTE_CATCHMENT_H
#define DOSAH_ROUTE_CATCHMENT_H

#include <stddef.h>

#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/route.h"
#include "dosah/snap.h"

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

#endif
