/* SPDX-License-Identifier: MIT */
/*
 * Reading a GTFS feed (a folder or a zip) into a struct dosah_feed (transit.h), with the stops
 * transformed into the working CRS. Documented in README.md, "Public transport".
 */
#ifndef DOSAH_GTFS_H
#define DOSAH_GTFS_H

#include "dosah/core.h"
#include "dosah/transit.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads the feed at path (a folder, a .zip, or a /vsizip/ path) as named in messages by
 * label: stops, routes, trips, stop_times, calendar and calendar_dates (at least one of the
 * two), frequencies and transfers when present. Stops (location_type 0) are transformed from
 * WGS84 into the CRS given as WKT or any form GDAL reads. Bad input fails with DOSAH_EINVAL
 * and "LABEL: FILE line N: field 'F': what; what to do"; documented oddities (trips without
 * service days, trips of fewer than two stops) become warnings. On success *out is filled
 * (free with dosah_feed_clear); on failure it is empty.
 */
enum dosah_status dosah_gtfs_load(struct dosah_ctx *ctx, const char *path, const char *label,
                                  const char *crs, struct dosah_feed *out);

#ifdef __cplusplus
}
#endif
#endif
