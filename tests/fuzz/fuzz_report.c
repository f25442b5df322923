/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: `dosah report` on the bytes of a GeoPackage. SQLite needs a real file: the
 * bytes go to a temporary directory, the report is written into it and everything is removed
 * after each input.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dosah/dosah.h"
#include "dosah/report.h"
#include "fuzz/fuzz.h"

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    if (d) {
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (unlink(path) != 0)
                remove_tree(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[] = "/tmp/dosah-fuzz-XXXXXX", gpkg[4096], out[4096];
    struct dosah_ctx *ctx;
    FILE *f;
    if (!mkdtemp(dir))
        return 0;
    snprintf(gpkg, sizeof gpkg, "%s/in.gpkg", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    if ((f = fopen(gpkg, "wb")) != NULL) {
        int ok = fwrite(data, 1, size, f) == size;
        if (fclose(f) == 0 && ok && (ctx = dosah_ctx_create()) != NULL) {
            dosah_report_write(ctx, gpkg, out, NULL);
            dosah_ctx_destroy(ctx);
        }
    }
    remove_tree(dir);
    return 0;
}
