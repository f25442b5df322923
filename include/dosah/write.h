/* SPDX-License-Identifier: MIT */
/*
 * write: the one GeoPackage of a run, through GDAL's GPKG driver: every output layer with
 * Czech (or English) field aliases, its default QGIS style in `layer_styles`, and the
 * provenance (`run_info`) and warnings (`diagnostics`) tables. The file is written under a
 * temporary name in the same directory and renamed into place only when complete.
 */
#ifndef DOSAH_WRITE_H
#define DOSAH_WRITE_H

#include "dosah/core.h"
#include "dosah/model.h"
#include "dosah/output.h"
#include "dosah/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the writer needs; all borrowed. */
struct dosah_write_options {
    const char *lang;        /* "cs" (default) or "en": the language of aliases and styles */
    const char *started_utc; /* ISO 8601 time the run started, for run_info; may be NULL */
};
void dosah_write_options_init(struct dosah_write_options *o);

/*
 * Writes the GeoPackage at path (replacing an existing file only on success). out may be NULL
 * (no computed columns). On failure nothing is left at path that was not there before, and
 * the temporary file is removed.
 */
enum dosah_status dosah_write_gpkg(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                   const struct dosah_model *m, const struct dosah_output *out,
                                   const struct dosah_write_options *opt, const char *path);

#ifdef __cplusplus
}
#endif
#endif
