/* SPDX-License-Identifier: MIT */
/*
 * The whole pipeline behind `dosah run` and `dosah check`: load, network, route, measure,
 * write (DESIGN.md §3). The CLI only parses arguments, prints and picks the exit status.
 */
#ifndef DOSAH_RUN_H
#define DOSAH_RUN_H

#include "dosah/core.h"
#include "dosah/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dosah_run_options {
    const char *outdir;      /* directory of the outputs; created when missing */
    const char *lang;        /* "cs" (default) or "en" */
    int check_only;          /* 1: validate everything, write nothing */
    const char *started_utc; /* for provenance; may be NULL */
};
void dosah_run_options_init(struct dosah_run_options *o);

/* What a run produced; free with dosah_run_result_clear. */
struct dosah_run_result {
    char *gpkg_path;         /* the GeoPackage written (NULL for check) */
    size_t municipality_count, region_count, demand_count, service_count, locality_count;
    size_t road_line_count;
    double population;       /* total population of the demand points */
};
void dosah_run_result_clear(struct dosah_run_result *r);

/*
 * Runs the pipeline on a loaded scenario. Bad input fails with DOSAH_EINVAL and no output
 * file; an output directory that cannot take the GeoPackage fails with DOSAH_EINVAL before
 * anything is read. Warnings are on the context's diagnostics. Reports progress on the
 * context and stops with DOSAH_EINTERRUPT, leaving no output, when its cancellation callback
 * says so.
 */
enum dosah_status dosah_run(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                            const struct dosah_run_options *opt, struct dosah_run_result *result);

#ifdef __cplusplus
}
#endif
#endif
