/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: a loader on the bytes of one input file, kept in GDAL's /vsimem/. Built three
 * times: FUZZ_FORMAT 0 reads them as the municipalities (GeoJSON), 1 as the services (CSV
 * with x and y), 2 as the roads (GeoPackage); the other inputs are the `mini` fixture's.
 */
#include <stdio.h>
#include <string.h>

#include <cpl_vsi.h>
#include <gdal.h>

#include "dosah/dosah.h"
#include "fuzz/fuzz.h"

#if FUZZ_FORMAT == 0
#define FUZZ_FILE "/vsimem/fuzz/municipalities.geojson"
#define MUNICIPALITIES "{path: " FUZZ_FILE ", id: kod, name: nazev, population: obyvatel, " \
                       "region: orp}"
#define SERVICES "{path: " MINI "/services.geojson, id: id, name: nazev, type: paragraf, " \
                 "form: forma, capacity: kapacita, hours: provoz, scope: pusobnost}"
#define ROADS "{path: " MINI "/roads.geojson, class: typ, speed: rychlost, oneway: jednosmerka}"
#elif FUZZ_FORMAT == 1
#define FUZZ_FILE "/vsimem/fuzz/services.csv"
#define MUNICIPALITIES "{path: " MINI "/municipalities.geojson, id: kod, name: nazev, " \
                       "population: obyvatel, region: orp}"
#define SERVICES "{path: " FUZZ_FILE ", id: id, name: nazev, type: paragraf, form: forma, " \
                 "capacity: kapacita, hours: provoz, x: x, y: y, crs: 'EPSG:5514'}"
#define ROADS "{path: " MINI "/roads.geojson, class: typ, speed: rychlost, oneway: jednosmerka}"
#else
#define FUZZ_FILE "/vsimem/fuzz/roads.gpkg"
#define MUNICIPALITIES "{path: " MINI "/municipalities.geojson, id: kod, name: nazev, " \
                       "population: obyvatel, region: orp}"
#define SERVICES "{path: " MINI "/services.geojson, id: id, name: nazev, type: paragraf, " \
                 "form: forma, capacity: kapacita, hours: provoz, scope: pusobnost}"
#define ROADS "{path: " FUZZ_FILE ", class: typ, speed: rychlost, oneway: jednosmerka}"
#endif

static const char scenario[] =
    "name: fuzz\n"
    "crs: EPSG:5514\n"
    "inputs:\n"
    "  municipalities: " MUNICIPALITIES "\n"
    "  roads: " ROADS "\n"
    "  services: " SERVICES "\n"
    "network: {speeds_kmh: {primary: 60, secondary: 30}, access_kmh: 5, snap_max_m: 2000}\n"
    "services:\n"
    "  - {key: care, label: Care, types: [\"§40\"], form: field, threshold_min: 30}\n";

/* GDAL's XML-based drivers (JML, GML, KML, ...) leave expat's parser unfreed on some broken
 * files that GDAL's open probes as theirs (a JSON file holding "<JCSDataFile"): a leak in
 * GDAL, not in dosah, which no dosah code can free. Only memory expat itself allocated is
 * ignored; a dataset dosah forgot to close would still be reported through GDAL's own
 * allocations. */
const char *__lsan_default_suppressions(void)
{
    return "leak:libexpat.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dosah_ctx *ctx;
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = NULL;
    VSILFILE *f;
    GDALAllRegister();
    /* VSIFileFromMemBuffer would take the buffer over: write a copy instead. */
    if (!(f = VSIFOpenL(FUZZ_FILE, "wb")))
        return 0;
    VSIFWriteL(data, 1, size, f);
    VSIFCloseL(f);
    if ((ctx = dosah_ctx_create()) != NULL &&
        dosah_scenario_parse(ctx, MINI "/fuzz.yaml", scenario, strlen(scenario), &s) ==
            DOSAH_OK &&
        dosah_load(ctx, s, &m) == DOSAH_OK)
        dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
    VSIUnlink(FUZZ_FILE);
    return 0;
}
