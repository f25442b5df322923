/* SPDX-License-Identifier: MIT */
/*
 * load: reads every input of a scenario through GDAL/OGR, transforms it into the working CRS
 * (through PROJ), maps the scenario's field names, validates the data (DESIGN.md §8) and
 * fills the in-memory model.
 */
#ifndef DOSAH_LOAD_H
#define DOSAH_LOAD_H

#include "dosah/core.h"
#include "dosah/model.h"
#include "dosah/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Loads the scenario's inputs. On success *out is a new model (free with
 * dosah_model_destroy); warnings go to the context's diagnostics. Bad input fails with
 * DOSAH_EINVAL and a message naming the file, layer, feature, field and the fix; an unreadable
 * file with DOSAH_EIO. Reports progress. Not thread-safe with other GDAL users of the same
 * thread's error handler.
 */
enum dosah_status dosah_load(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                             struct dosah_model **out);


#ifdef __cplusplus
}
#endif
#endif
