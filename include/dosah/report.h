/* SPDX-License-Identifier: MIT */
/*
 * The report (DESIGN.md §3, §7): reads a GeoPackage written by dosah back through SQLite and
 * SpatiaLite, and writes what a planner prints and a GIS specialist checks: a self-contained
 * `report.html` (inline SVG maps and charts, inline CSS, nothing fetched), one travel-time map
 * per service key as `maps/<key>.png`, the coverage charts as `charts/<name>.png`, and every
 * table of the report as `tables/<name>.csv` (UTF-8, RFC 4180).
 */
#ifndef DOSAH_REPORT_H
#define DOSAH_REPORT_H

#include "dosah/core.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dosah_report_options {
    const char *lang;        /* "cs" (default) or "en": every text of the report */
    double png_scale;        /* pixels per drawing unit of the PNG images (default 2) */
    const char *shown_path;  /* the GeoPackage's path as the report names it (NULL: the
                                path read), for a GeoPackage read before it is in place */
    int own_output;          /* 1: the GeoPackage was just written by dosah_run of this process
                                (into its private staging directory), so the checks an
                                untrusted GeoPackage gets (validate.c) are skipped; 0 (default):
                                every table is checked first */
};
/* Fills the options with the defaults. */
void dosah_report_options_init(struct dosah_report_options *o);

/*
 * Renders the report of the GeoPackage at gpkg_path (opened read-only; nothing else is read)
 * into outdir (created when missing; NULL: the GeoPackage's directory). The files are written
 * into a staging directory and put in place together (dosah/outset.h): on any failure,
 * interruption included, the previous report stays as it was. Fails with DOSAH_EINVAL when
 * the file does not exist, is a directory or not a dosah GeoPackage, when an output is in
 * the way (checked before any work) or the options are bad, DOSAH_EIO when reading or
 * writing fails; the message names the file. Reports progress as "report"; honours the
 * context's cancellation. One context per thread.
 */
enum dosah_status dosah_report_write(struct dosah_ctx *ctx, const char *gpkg_path,
                                     const char *outdir, const struct dosah_report_options *opt);

/* DOSAH_OK when gpkg_path exists and is not a directory, else DOSAH_EINVAL with "does not
 * exist", "is a directory" or the reason. dosah_report_write checks it first too. */
enum dosah_status dosah_report_check_input(struct dosah_ctx *ctx, const char *gpkg_path);

#ifdef __cplusplus
}
#endif
#endif
