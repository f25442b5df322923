/* SPDX-License-Identifier: MIT */
/*
 * dosah_gen_liberec: builds the demo GeoPackage of Liberecký kraj from the public facts in
 * geodata/liberec/obce.csv.
 *
 *   dosah_gen_liberec geodata/liberec/obce.csv geodata/liberec/liberec.gpkg
 *
 * Codes, names, ORP membership, population and points are real; polygons, roads, services and
 * excluded localities are generated (see geodata/README.md). The output is written to a
 * temporary file next to the target and renamed into place only when complete. Exit status:
 * 0 success, 1 a failed check or error, 2 bad usage.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>

static void geos_handler(const char *message, void *user)
{
    (void)user;
    fprintf(stderr, "dosah_gen_liberec: GEOS: %s\n", message);
}

/* "dir/name.gpkg" -> "dir/name.tmp.gpkg": same directory (rename stays atomic) and still a
 * .gpkg extension, which the GDAL driver expects. Caller frees. */
static char *temp_path(const char *out)
{
    size_t len = strlen(out);
    char *tmp = malloc(len + 16);
    if (!tmp)
        return NULL;
    memcpy(tmp, out, len + 1);
    if (len > 5 && strcmp(out + len - 5, ".gpkg") == 0)
        tmp[len - 5] = '\0';
    strcat(tmp, ".tmp.gpkg");
    return tmp;
}

static void print_summary(const struct gen_world *w)
{
    long svl_pop = 0;
    for (int i = 0; i < w->svl_count; i++)
        svl_pop += w->svl[i].population;
    printf("  summary: %d municipalities, %d ORP, %d roads, %d services, %d localities "
           "(%ld inhabitants)\n", w->muni_count, w->orp_count, w->road_count,
           w->service_count, w->svl_count, svl_pop);
}

static int generate(struct gen_world *w, const char *csv, const char *out)
{
    char *tmp = temp_path(out);
    int rc = -1;
    if (!tmp)
        return gen_error("out of memory");
    printf("reading %s\n", csv);
    if (gen_read_municipalities(w, csv) != 0)
        goto done;
    printf("building polygons\n");
    if (gen_build_areas(w) != 0)
        goto done;
    printf("building roads\n");
    if (gen_build_roads(w) != 0)
        goto done;
    printf("placing services and excluded localities\n");
    if (gen_build_services(w) != 0 || gen_build_localities(w) != 0)
        goto done;
    printf("writing %s\n", out);
    VSIUnlink(tmp);
    if (gen_write_gpkg(w, tmp) != 0)
        goto done;
    if (VSIRename(tmp, out) != 0) {
        gen_error("cannot rename %s to %s", tmp, out);
        goto done;
    }
    {
        /* The timetable goes into the folder gtfs/ beside the GeoPackage. */
        char dir[1024];
        const char *slash = strrchr(out, '/');
        snprintf(dir, sizeof dir, "%.*sgtfs", slash ? (int)(slash - out + 1) : 0, out);
        printf("writing %s/\n", dir);
        if (gen_write_gtfs(w, dir) != 0)
            goto done;
    }
    print_summary(w);
    rc = 0;
done:
    if (rc != 0)
        VSIUnlink(tmp);
    free(tmp);
    return rc;
}

int main(int argc, char **argv)
{
    struct gen_world w;
    if (argc != 3) {
        fprintf(stderr, "usage: %s OBCE.csv OUT.gpkg\n"
                "  e.g. %s geodata/liberec/obce.csv geodata/liberec/liberec.gpkg\n",
                argv[0], argv[0]);
        return 2;
    }
    memset(&w, 0, sizeof w);
    w.geos = GEOS_init_r();
    if (!w.geos) {
        gen_error("cannot initialise GEOS");
        return 1;
    }
    GEOSContext_setErrorMessageHandler_r(w.geos, geos_handler, NULL);
    GDALAllRegister();
    /* A fixed timestamp in gpkg_contents keeps two runs byte-for-byte comparable. */
    CPLSetConfigOption("OGR_CURRENT_DATE", "2025-01-01T00:00:00.000Z");
    int rc = generate(&w, argv[1], argv[2]);
    gen_world_clear(&w);
    GEOS_finish_r(w.geos);
    GDALDestroyDriverManager();
    return rc == 0 ? 0 : 1;
}
