/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the GTFS reader (dosah_gtfs_load) on a whole feed made of the input bytes,
 * kept in GDAL's /vsimem/. The bytes are the feed's files one after another, separated by
 * the byte 0x1d (group separator): stops, routes, trips, stop_times, calendar,
 * calendar_dates, frequencies and transfers; a file whose part is missing is not written, so
 * the optional files come and go with the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_vsi.h>
#include <gdal.h>

#include "dosah/dosah.h"
#include "dosah/gtfs.h"
#include "dosah/transit.h"
#include "fuzz/fuzz.h"

#define FEED "/vsimem/fuzz_gtfs/"

static const char *const files[] = {"stops.txt",      "routes.txt",         "trips.txt",
                                    "stop_times.txt", "calendar.txt",       "calendar_dates.txt",
                                    "frequencies.txt", "transfers.txt"};
#define FILE_COUNT (sizeof files / sizeof files[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dosah_ctx *ctx;
    struct dosah_feed feed;
    size_t k, start = 0, end;
    char path[128];
    GDALAllRegister();
    for (k = 0; k < FILE_COUNT && start <= size; k++) {
        VSILFILE *f;
        const uint8_t *sep = start < size ? memchr(data + start, 0x1d, size - start) : NULL;
        end = sep ? (size_t)(sep - data) : size;
        snprintf(path, sizeof path, FEED "%s", files[k]);
        if ((f = VSIFOpenL(path, "wb")) != NULL) {
            VSIFWriteL(data + start, 1, end - start, f);
            VSIFCloseL(f);
        }
        start = end + 1;
    }
    memset(&feed, 0, sizeof feed);
    if ((ctx = dosah_ctx_create()) != NULL &&
        dosah_gtfs_load(ctx, FEED, "fuzz", "EPSG:5514", &feed) == DOSAH_OK)
        dosah_feed_clear(&feed);
    else if (ctx && getenv("DOSAH_FUZZ_VERBOSE")) /* what the input was refused for */
        fprintf(stderr, "%s\n", dosah_ctx_errmsg(ctx));
    dosah_ctx_destroy(ctx);
    for (k = 0; k < FILE_COUNT; k++) {
        snprintf(path, sizeof path, FEED "%s", files[k]);
        VSIUnlink(path);
    }
    return 0;
}
