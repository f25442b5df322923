/* SPDX-License-Identifier: MIT */
/*
 * The GeoPackage's non-spatial tables: `run_info` (provenance: engine and library versions,
 * the scenario's text, every input with its SHA-256, counts, network facts and timings) and `diagnostics`
 * (every warning of the run).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <ogr_api.h>
#include <sqlite3.h>

#include "core/core_internal.h"
#include "io/sha256.h"
#include "io/write_internal.h"

static enum dosah_status info_row(struct dosah_writer *w, OGRLayerH layer, const char *key,
                                  const char *value)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    OGR_F_SetFieldString(f, 0, key);
    dosah_writer_set_text(f, 1, value);
    return dosah_writer_put(w, layer, f);
}

/* The row of fact f (fields.h; its {I} as arg, may be NULL). */
static enum dosah_status info_fact(struct dosah_writer *w, OGRLayerH layer, enum dosah_fact f,
                                   const char *arg, const char *value)
{
    char key[128];
    dosah_fact_key(f, arg, key, sizeof key);
    return info_row(w, layer, key, value);
}

static enum dosah_status info_count(struct dosah_writer *w, OGRLayerH layer, enum dosah_fact f,
                                    size_t n)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", n);
    return info_fact(w, layer, f, NULL, buf);
}

static enum dosah_status input_rows(struct dosah_writer *w, OGRLayerH layer)
{
    const struct dosah_scenario *s = w->scenario;
    enum dosah_status st = DOSAH_OK;
    char hashes[DOSAH_INPUT_KIND_COUNT][65];
    int k, j;
    memset(hashes, 0, sizeof hashes);
    for (k = 0; k < DOSAH_INPUT_KIND_COUNT && !st; k++) {
        const struct dosah_input_spec *sp = &s->inputs[k];
        char key[96], hex[65];
        struct stat sb;
        if (!sp->present)
            continue;
        dosah_fact_key(DOSAH_FACT_INPUT_PATH, dosah_input_kind_name(k), key, sizeof key);
        if ((st = info_row(w, layer, key, sp->path_as_written)))
            break;
        dosah_fact_key(DOSAH_FACT_INPUT_LAYER, dosah_input_kind_name(k), key, sizeof key);
        if (sp->layer && (st = info_row(w, layer, key, sp->layer)))
            break;
        if (stat(sp->path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        /* One hash per file: several inputs are often layers of one GeoPackage. */
        for (j = 0; j < k && strcmp(s->inputs[j].path ? s->inputs[j].path : "", sp->path); j++)
            ;
        if (j < k && s->inputs[j].present) {
            memcpy(hex, hashes[j], sizeof hex);
        } else if ((st = dosah_sha256_file(w->ctx, sp->path, hex))) {
            break;
        }
        memcpy(hashes[k], hex, sizeof hex);
        dosah_fact_key(DOSAH_FACT_INPUT_SHA256, dosah_input_kind_name(k), key, sizeof key);
        st = info_row(w, layer, key, hex);
    }
    return st;
}

static enum dosah_status version_rows(struct dosah_writer *w, OGRLayerH layer)
{
    char buf[128];
    enum dosah_status st;
    int major = 0, minor = 0, patch = 0;
    snprintf(buf, sizeof buf, "dosah %s", dosah_version());
    if ((st = info_fact(w, layer, DOSAH_FACT_ENGINE, NULL, buf)) ||
        (st = info_fact(w, layer, DOSAH_FACT_GDAL_VERSION, NULL, GDALVersionInfo("RELEASE_NAME"))))
        return st;
    OSRGetPROJVersion(&major, &minor, &patch);
    snprintf(buf, sizeof buf, "%d.%d.%d", major, minor, patch);
    if ((st = info_fact(w, layer, DOSAH_FACT_PROJ_VERSION, NULL, buf)) ||
        (st = info_fact(w, layer, DOSAH_FACT_SQLITE_VERSION, NULL, sqlite3_libversion())) ||
        (st = info_fact(w, layer, DOSAH_FACT_GDAL_BUILD_INFO, NULL, GDALVersionInfo("BUILD_INFO"))))
        return st;
    return DOSAH_OK;
}

static enum dosah_status scenario_rows(struct dosah_writer *w, OGRLayerH layer)
{
    const struct dosah_scenario *s = w->scenario;
    const struct dosah_model *m = w->model;
    char hex[65], crs[32];
    enum dosah_status st;
    dosah_sha256(s->text, strlen(s->text), hex);
    snprintf(crs, sizeof crs, "EPSG:%d", m->crs_epsg);
    if ((st = info_fact(w, layer, DOSAH_FACT_SCENARIO_NAME, NULL, s->name)) ||
        (st = info_fact(w, layer, DOSAH_FACT_SCENARIO_PATH, NULL, s->path)) ||
        (st = info_fact(w, layer, DOSAH_FACT_SCENARIO_SHA256, NULL, hex)) ||
        (st = info_fact(w, layer, DOSAH_FACT_SCENARIO_TEXT, NULL, s->text)) ||
        (st = info_fact(w, layer, DOSAH_FACT_CRS, NULL, m->crs_epsg ? crs : s->crs)) ||
        (st = info_fact(w, layer, DOSAH_FACT_CRS_WKT, NULL, m->crs_wkt)) ||
        (st = info_fact(w, layer, DOSAH_FACT_LANGUAGE, NULL, w->english ? "en" : "cs")) ||
        (w->opt->started_utc &&
         (st = info_fact(w, layer, DOSAH_FACT_STARTED_UTC, NULL, w->opt->started_utc))))
        return st;
    if ((st = info_count(w, layer, DOSAH_FACT_COUNT_MUNICIPALITIES, m->municipality_count)) ||
        (st = info_count(w, layer, DOSAH_FACT_COUNT_REGIONS, m->region_count)) ||
        (st = info_count(w, layer, DOSAH_FACT_COUNT_DEMAND, m->demand_count)) ||
        (st = info_count(w, layer, DOSAH_FACT_COUNT_SERVICES, m->service_count)) ||
        (st = info_count(w, layer, DOSAH_FACT_COUNT_LOCALITIES, m->locality_count)) ||
        (st = info_count(w, layer, DOSAH_FACT_COUNT_ROAD_LINES, m->roads.line_count)))
        return st;
    return info_fact(
        w, layer, DOSAH_FACT_REGIONS_SOURCE, NULL,
        m->region_count ? (m->regions_dissolved ? "dissolved from municipalities" : "regions input")
                        : "none");
}

enum dosah_status dosah_write_run_info(struct dosah_writer *w)
{
    OGRLayerH layer = dosah_writer_layer_of(w, DOSAH_T_RUN_INFO, wkbNone);
    enum dosah_status st;
    size_t i;
    if (!layer)
        return DOSAH_EGDAL;
    if ((st = dosah_writer_field_of(w, layer, DOSAH_OF_INFO_KEY, OFTString)) ||
        (st = dosah_writer_field_of(w, layer, DOSAH_OF_INFO_VALUE, OFTString)) ||
        (st = version_rows(w, layer)) || (st = scenario_rows(w, layer)) ||
        (st = input_rows(w, layer)))
        return st;
    for (i = 0; i < dosah_output_fact_count(w->out); i++) {
        char key[128];
        const char *fact = dosah_output_fact(w->out, i), *eq = strchr(fact, '=');
        snprintf(key, sizeof key, "%.*s", (int)(eq - fact), fact);
        if ((st = info_row(w, layer, key, eq + 1)))
            return st;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_write_diagnostics(struct dosah_writer *w)
{
    const struct dosah_diagnostics *d = dosah_ctx_diagnostics(w->ctx);
    OGRLayerH layer = dosah_writer_layer_of(w, DOSAH_T_DIAGNOSTICS, wkbNone);
    enum dosah_status st;
    size_t i;
    int k;
    if (!layer)
        return DOSAH_EGDAL;
    for (k = DOSAH_OF_DIAG_SEVERITY; k <= DOSAH_OF_DIAG_MESSAGE_CS; k++)
        if ((st = dosah_writer_field_of(w, layer, (enum dosah_out_field)k, OFTString)))
            return st;
    for (i = 0; i < dosah_diagnostics_count(d); i++) {
        const struct dosah_diagnostic *g = dosah_diagnostics_get(d, i);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGR_F_SetFieldString(f, 0, g->severity == DOSAH_WARNING ? "warning" : "info");
        dosah_writer_set_text(f, 1, g->stage);
        dosah_writer_set_text(f, 2, g->file);
        dosah_writer_set_text(f, 3, g->layer);
        dosah_writer_set_text(f, 4, g->feature);
        dosah_writer_set_text(f, 5, g->field);
        dosah_writer_set_text(f, 6, g->message);
        dosah_writer_set_text(f, 7, g->message_cs);
        if ((st = dosah_writer_put(w, layer, f)))
            return st;
    }
    return DOSAH_OK;
}
