/* SPDX-License-Identifier: MIT */
/*
 * Point-in-area location with GEOS (reentrant API): the areas' envelopes in an STRtree and
 * their prepared geometries, built once, so that locating n points in m areas costs about
 * n log m instead of n × m. Used by the loader to give demand points, services and excluded
 * localities their municipality. Private to dosah_core (io and geom).
 */
#ifndef DOSAH_GEOM_LOCATE_H
#define DOSAH_GEOM_LOCATE_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"
#include "dosah/model.h"

struct dosah_locator;

/*
 * Builds the index of count areas (their ISO WKB polygons, working CRS; borrowed only while
 * building). An area whose WKB GEOS cannot read is left out (it contains nothing). *out is
 * new (free with dosah_locator_destroy); its GEOS context is its own, and its errors go to
 * ctx as DOSAH_EGEOS. One thread at a time may use a locator.
 */
enum dosah_status dosah_locator_create(struct dosah_ctx *ctx, const struct dosah_area *areas,
                                       size_t count, struct dosah_locator **out);

/*
 * The index of the area that contains pt (working CRS), or DOSAH_NONE. A point on a boundary
 * belongs to the areas on both sides; then the area with the smallest code wins (codes
 * compared as integers when both are, else as text), so the answer does not depend on the
 * order of the input. With overlapping areas the same rule picks one.
 */
uint32_t dosah_locator_find(struct dosah_locator *loc, struct dosah_point pt);

/* Frees the locator; returns NULL. NULL does nothing. */
struct dosah_locator *dosah_locator_destroy(struct dosah_locator *loc);

#endif
