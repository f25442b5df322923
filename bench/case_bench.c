/* SPDX-License-Identifier: MIT */
/*
 * dosah_case_bench: end-to-end cases at size. It generates the inputs of a whole scenario
 * (a road-like network from roadgen, square municipalities grouped into regions, demand
 * points with population, services of five questions) into one GeoPackage with a scenario
 * file, then runs the real pipeline (dosah_run and the report, as `dosah run` does) in a
 * fresh process and prints every stage's time (from the progress calls: when each stage
 * first and last reported) and the peak memory. Nothing is asserted.
 *
 *   dosah_case_bench CASE [DIR] [--no-polygons] [--no-roads-layer]
 *     CASE 200k       200,000-node network, 40,002 demand points, 201 facilities in each of
 *                     two questions, catchment polygons at 15 and 30 min
 *     national        about 3 M nodes, 6,084 municipalities, 60,000 demand points with 10 M
 *                     people, 5 questions of 200 to 2,000 facilities (4,100), 2SFCA on one,
 *                     catchment polygons at 15 and 30 min for the first (2,000 facilities)
 *     services20k     200,000-node network, 20,000 services that all declare a scope
 *                     (10 min, coverage at 5 and 10: the report's scope tables at size)
 *   dosah_case_bench run SCENARIO OUTDIR   (the timed part alone, as the scenario says)
 * --no-roads-layer writes the scenario with output: {roads: false}.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "dosah/core.h"
#include "dosah/report.h"
#include "dosah/run.h"
#include "dosah/scenario.h"
#include "roadgen.h"

struct spec {
    const char *name;
    size_t nodes, municipalities, demand, services[5];
    double population;
    int scope; /* 1: every service declares a scope */
    const char *thresholds;
    int threshold_min; /* of every question */
    int polygons_first_only; /* 1: catchment polygons for the first question only */
};

static const struct spec cases[] = {
    {"200k", 200000, 400, 40002, {201, 201, 0, 0, 0}, 1.0e6, 0, "[15, 30]", 30, 0},
    {"national", 3000000, 6084, 60000, {2000, 1000, 200, 500, 400}, 1.0e7, 0, "[15, 30]", 30,
     1},
    {"services20k", 200000, 400, 40002, {20000, 0, 0, 0, 0}, 1.0e6, 1, "[5, 10]", 10, 0},
};

static const char *const q_key[5] = {"care", "assistance", "sheltered", "contact", "terrain"};
static const char *const q_type[5] = {"§40", "§39", "§51", "§59", "§69"};
static const char *const q_form[5] = {"field", "field", "residential", "ambulant", "field"};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static OGRLayerH make_layer(GDALDatasetH ds, const char *name, OGRwkbGeometryType type,
                            OGRSpatialReferenceH srs, const char *const *fields,
                            const OGRFieldType *types)
{
    OGRLayerH l = GDALDatasetCreateLayer(ds, name, srs, type, NULL);
    size_t i;
    for (i = 0; l && fields[i]; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i], types[i]);
        OGR_L_CreateField(l, fd, 0);
        OGR_Fld_Destroy(fd);
    }
    return l;
}

static void add(OGRLayerH l, OGRFeatureH f)
{
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE) {
        fprintf(stderr, "cannot write a feature\n");
        exit(1);
    }
    OGR_F_Destroy(f);
}

static void write_roads(GDALDatasetH ds, OGRSpatialReferenceH srs, const struct roadgen *rg)
{
    static const char *const f[] = {"typ", "rychlost", "jednosmerka", NULL};
    static const OGRFieldType t[] = {OFTString, OFTReal, OFTInteger};
    const struct dosah_roads *r = &rg->roads;
    OGRLayerH l = make_layer(ds, "silnice", wkbLineString, srs, f, t);
    size_t i, v;
    GDALDatasetStartTransaction(ds, 0);
    for (i = 0; i < r->line_count; i++) {
        OGRFeatureH ft = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
        for (v = r->vertex_offset[i]; v < r->vertex_offset[i + 1]; v++)
            OGR_G_AddPoint_2D(g, r->xy[2 * v], r->xy[2 * v + 1]);
        OGR_F_SetGeometryDirectly(ft, g);
        OGR_F_SetFieldString(ft, 0, r->class_names[r->class_index[i]]);
        if (!isnan(r->speed_kmh[i]))
            OGR_F_SetFieldDouble(ft, 1, r->speed_kmh[i]);
        OGR_F_SetFieldInteger(ft, 2, r->oneway[i]);
        add(l, ft);
    }
    GDALDatasetCommitTransaction(ds);
}

static OGRGeometryH square(double x0, double y0, double x1, double y1)
{
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon), ring = OGR_G_CreateGeometry(wkbLinearRing);
    OGR_G_AddPoint_2D(ring, x0, y0);
    OGR_G_AddPoint_2D(ring, x1, y0);
    OGR_G_AddPoint_2D(ring, x1, y1);
    OGR_G_AddPoint_2D(ring, x0, y1);
    OGR_G_AddPoint_2D(ring, x0, y0);
    OGR_G_AddGeometryDirectly(poly, ring);
    return poly;
}

/* Municipalities (a grid of squares over env, 6 x 6 of them to a region) and demand points
 * (uniform, population drawn and scaled to the total). */
static void write_areas(GDALDatasetH ds, OGRSpatialReferenceH srs, const struct spec *c,
                        const double env[4], uint64_t *rnd)
{
    static const char *const mf[] = {"kod", "nazev", "obyvatel", "kod_orp", NULL};
    static const OGRFieldType mt[] = {OFTInteger, OFTString, OFTReal, OFTInteger};
    static const char *const df[] = {"id", "obyvatel", "obec", NULL};
    static const OGRFieldType dt[] = {OFTInteger, OFTReal, OFTInteger};
    size_t side = (size_t)ceil(sqrt((double)c->municipalities)), i, j, k;
    double w = (env[2] - env[0]) / (double)side, h = (env[3] - env[1]) / (double)side, sum = 0;
    double *pop = calloc(c->demand, sizeof *pop), *mpop = calloc(side * side, sizeof *mpop);
    double *xy = calloc(2 * c->demand, sizeof *xy);
    size_t *muni = calloc(c->demand, sizeof *muni);
    OGRLayerH ml = make_layer(ds, "obce", wkbPolygon, srs, mf, mt);
    OGRLayerH dl = make_layer(ds, "body", wkbPoint, srs, df, dt);
    for (k = 0; k < c->demand; k++) {
        xy[2 * k] = env[0] + roadgen_unit(rnd) * (env[2] - env[0]);
        xy[2 * k + 1] = env[1] + roadgen_unit(rnd) * (env[3] - env[1]);
        i = (size_t)fmin((double)side - 1, floor((xy[2 * k] - env[0]) / w));
        j = (size_t)fmin((double)side - 1, floor((xy[2 * k + 1] - env[1]) / h));
        muni[k] = j * side + i;
        pop[k] = 1 + floor(-log(1 - roadgen_unit(rnd)) * 100);
        sum += pop[k];
    }
    GDALDatasetStartTransaction(ds, 0);
    for (k = 0; k < c->demand; k++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(dl));
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        pop[k] = floor(pop[k] * c->population / sum);
        mpop[muni[k]] += pop[k];
        OGR_G_SetPoint_2D(g, 0, xy[2 * k], xy[2 * k + 1]);
        OGR_F_SetGeometryDirectly(f, g);
        OGR_F_SetFieldInteger(f, 0, (int)k + 1);
        OGR_F_SetFieldDouble(f, 1, pop[k]);
        OGR_F_SetFieldInteger(f, 2, (int)(100000 + muni[k]));
        add(dl, f);
    }
    for (j = 0; j < side; j++)
        for (i = 0; i < side; i++) {
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(ml));
            char name[32];
            snprintf(name, sizeof name, "Obec %zu", j * side + i);
            OGR_F_SetGeometryDirectly(f, square(env[0] + (double)i * w, env[1] + (double)j * h,
                                                env[0] + (double)(i + 1) * w,
                                                env[1] + (double)(j + 1) * h));
            OGR_F_SetFieldInteger(f, 0, (int)(100000 + j * side + i));
            OGR_F_SetFieldString(f, 1, name);
            OGR_F_SetFieldDouble(f, 2, mpop[j * side + i]);
            OGR_F_SetFieldInteger(f, 3, (int)(1000 + (j / 6) * ((side + 5) / 6) + i / 6));
            add(ml, f);
        }
    GDALDatasetCommitTransaction(ds);
    free(pop), free(mpop), free(xy), free(muni);
}

/* Services of the five questions at random places; with scope, each declares the names of
 * three municipalities. */
static void write_services(GDALDatasetH ds, OGRSpatialReferenceH srs, const struct spec *c,
                           const double env[4], uint64_t *rnd)
{
    static const char *const f[] = {"id", "nazev", "paragraf", "forma", "kapacita", "pusobnost",
                                    NULL};
    static const OGRFieldType t[] = {OFTString, OFTString, OFTString, OFTString, OFTReal,
                                     OFTString};
    OGRLayerH l = make_layer(ds, "sluzby", wkbPoint, srs, f, t);
    size_t side = (size_t)ceil(sqrt((double)c->municipalities)), q, k, n = 0;
    GDALDatasetStartTransaction(ds, 0);
    for (q = 0; q < 5; q++)
        for (k = 0; k < c->services[q]; k++) {
            OGRFeatureH ft = OGR_F_Create(OGR_L_GetLayerDefn(l));
            OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
            char id[32], name[64], scope[128];
            OGR_G_SetPoint_2D(g, 0, env[0] + roadgen_unit(rnd) * (env[2] - env[0]),
                              env[1] + roadgen_unit(rnd) * (env[3] - env[1]));
            OGR_F_SetGeometryDirectly(ft, g);
            snprintf(id, sizeof id, "S%zu", ++n);
            snprintf(name, sizeof name, "Služba %zu", n);
            OGR_F_SetFieldString(ft, 0, id);
            OGR_F_SetFieldString(ft, 1, name);
            OGR_F_SetFieldString(ft, 2, q_type[q]);
            OGR_F_SetFieldString(ft, 3, q_form[q]);
            OGR_F_SetFieldDouble(ft, 4, 5 + (double)(roadgen_next(rnd) % 40));
            if (c->scope) {
                size_t m = roadgen_next(rnd) % (side * side);
                snprintf(scope, sizeof scope, "Obec %zu, Obec %zu, Obec %zu", m,
                         (m + 1) % (side * side), (m + side) % (side * side));
                OGR_F_SetFieldString(ft, 5, scope);
            }
            add(l, ft);
        }
    GDALDatasetCommitTransaction(ds);
}

static void write_scenario(const char *dir, const struct spec *c, int polygons, int roads)
{
    char path[4096];
    size_t q;
    FILE *f;
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    if (!(f = fopen(path, "w"))) {
        perror(path);
        exit(1);
    }
    fprintf(f, "name: bench-%s\ncrs: EPSG:5514\ninputs:\n"
               "  municipalities: {path: inputs.gpkg, layer: obce, id: kod, name: nazev, "
               "population: obyvatel, region: kod_orp}\n"
               "  demand: {path: inputs.gpkg, layer: body, id: id, population: obyvatel, "
               "municipality: obec}\n"
               "  roads: {path: inputs.gpkg, layer: silnice, class: typ, speed: rychlost, "
               "oneway: jednosmerka}\n"
               "  services: {path: inputs.gpkg, layer: sluzby, id: id, name: nazev, "
               "type: paragraf, form: forma, capacity: kapacita%s}\n"
               "network:\n  speeds_kmh: {motorway: 110, primary: 70, secondary: 50, "
               "tertiary: 40, residential: 30}\n  snap_max_m: 2000\nservices:\n",
            c->name, c->scope ? ", scope: pusobnost" : "");
    for (q = 0; q < 5; q++)
        if (c->services[q])
            fprintf(f, "  - {key: %s, types: [\"%s\"], form: %s, threshold_min: %d%s%s}\n",
                    q_key[q], q_type[q], q_form[q], c->threshold_min,
                    q == 2 ? ", norm_per_10k: 3.0" : "",
                    polygons && c->polygons_first_only && q == 0 ? ", polygons: true" : "");
    fprintf(f, "thresholds_min: %s\ncatchments: {polygons: %s}\noutput: {roads: %s}\n",
            c->thresholds, polygons && !c->polygons_first_only ? "true" : "false",
            roads ? "true" : "false");
    fclose(f);
}

static void generate(const struct spec *c, const char *dir, int polygons, int roads)
{
    struct roadgen rg;
    char path[4096];
    double env[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY}, t0 = now_s();
    uint64_t rnd = 7;
    size_t i, nv;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    GDALDatasetH ds;
    mkdir(dir, 0777);
    if (roadgen_make(&rg, c->nodes, 42) != 0) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    nv = rg.roads.vertex_offset[rg.roads.line_count];
    for (i = 0; i < nv; i++) {
        env[0] = fmin(env[0], rg.roads.xy[2 * i]), env[2] = fmax(env[2], rg.roads.xy[2 * i]);
        env[1] = fmin(env[1], rg.roads.xy[2 * i + 1]);
        env[3] = fmax(env[3], rg.roads.xy[2 * i + 1]);
    }
    OSRImportFromEPSG(srs, 5514);
    snprintf(path, sizeof path, "%s/inputs.gpkg", dir);
    unlink(path);
    if (!(ds = GDALCreate(GDALGetDriverByName("GPKG"), path, 0, 0, 0, GDT_Unknown, NULL))) {
        fprintf(stderr, "cannot create %s\n", path);
        exit(1);
    }
    write_roads(ds, srs, &rg);
    write_areas(ds, srs, c, env, &rnd);
    write_services(ds, srs, c, env, &rnd);
    GDALClose(ds);
    OSRDestroySpatialReference(srs);
    write_scenario(dir, c, polygons, roads);
    printf("case %s: %zu road lines, %zu municipalities, %zu demand points, generated in "
           "%.1f s into %s\n",
           c->name, rg.roads.line_count, c->municipalities, c->demand, now_s() - t0, dir);
    roadgen_free(&rg);
}

/* The timeline of the progress calls: stage name, first and last call. */
struct stage {
    char name[32];
    double first, last;
};
static struct stage stages[64];
static size_t stage_count;
static double t_start;

static int on_progress(double fraction, const char *stage, void *user)
{
    double t = now_s() - t_start;
    (void)fraction, (void)user;
    if (!stage_count || strcmp(stages[stage_count - 1].name, stage) != 0) {
        if (stage_count == sizeof stages / sizeof stages[0])
            return 0;
        snprintf(stages[stage_count].name, sizeof stages[0].name, "%s", stage);
        stages[stage_count++].first = t;
    }
    stages[stage_count - 1].last = t;
    return 0;
}

static double peak_mb(void)
{
    char line[256];
    double kb = NAN;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = strtod(line + 6, NULL);
    if (f)
        fclose(f);
    return kb / 1024;
}

/* The timed part: the pipeline and the report, as `dosah run` does them. */
static int run(const char *scenario, const char *outdir)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_run_options opt;
    struct dosah_run_result res;
    struct dosah_report_options ropt;
    enum dosah_status st;
    double t_run = 0, t_end;
    size_t i;
    dosah_ctx_set_progress(ctx, on_progress, NULL);
    dosah_run_options_init(&opt);
    opt.outdir = outdir;
    dosah_report_options_init(&ropt);
    ropt.own_output = 1; /* as `dosah run` renders its own GeoPackage */
    t_start = now_s();
    st = dosah_scenario_load(ctx, scenario, &s);
    if (!st)
        st = dosah_run(ctx, s, &opt, &res);
    if (!st) {
        t_run = now_s() - t_start;
        on_progress(0, "(report starts)", NULL);
        st = dosah_report_write(ctx, res.gpkg_path, outdir, &ropt);
    }
    t_end = now_s() - t_start;
    if (st) {
        fprintf(stderr, "dosah: %s\n", dosah_ctx_errmsg(ctx));
        return 1;
    }
    printf("%-22s %9s %9s %9s\n", "stage (progress name)", "from s", "to s", "gap s");
    for (i = 0; i < stage_count; i++)
        printf("%-22s %9.2f %9.2f %9.2f\n", stages[i].name, stages[i].first, stages[i].last,
               stages[i].first - (i ? stages[i - 1].last : 0));
    printf("pipeline (dosah_run) %.2f s, report %.2f s, whole %.2f s, peak memory %.0f MB\n",
           t_run, t_end - t_run, t_end, peak_mb());
    dosah_run_result_clear(&res);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = "/tmp/dosah-case";
    int polygons = 1, roads = 1, i, a = 0;
    char *args[8];
    for (i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--no-polygons"))
            polygons = 0;
        else if (!strcmp(argv[i], "--no-roads-layer"))
            roads = 0;
        else if (a < 7)
            args[a++] = argv[i];
    GDALAllRegister();
    if (a == 3 && !strcmp(args[0], "run"))
        return run(args[1], args[2]);
    if (a < 1 || a > 2) {
        fprintf(stderr, "usage: dosah_case_bench 200k|national|services20k [DIR] "
                        "[--no-polygons] [--no-roads-layer]\n       dosah_case_bench run SCENARIO OUTDIR\n");
        return 2;
    }
    if (a == 2)
        dir = args[1];
    for (i = 0; i < (int)(sizeof cases / sizeof cases[0]); i++)
        if (!strcmp(cases[i].name, args[0])) {
            char scenario[4096], out[4096];
            pid_t pid;
            int status = 1;
            generate(&cases[i], dir, polygons, roads);
            snprintf(scenario, sizeof scenario, "%s/scenario.yaml", dir);
            snprintf(out, sizeof out, "%s/out", dir);
            fflush(stdout);
            /* A fresh process, so that the peak memory is the run's alone. */
            if ((pid = fork()) == 0) {
                execl("/proc/self/exe", argv[0], "run", scenario, out, (char *)NULL);
                _exit(127);
            }
            if (pid > 0)
                waitpid(pid, &status, 0);
            return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
        }
    fprintf(stderr, "unknown case '%s'\n", args[0]);
    return 2;
}
