/* SPDX-License-Identifier: MIT */
/*
 * dosah_osm_bench: times the OpenStreetMap road import. It writes a generated OSM XML file of
 * a road-like grid (about 300 k ways by default: rows and columns of nodes 100 m apart near
 * Liberec, each street cut into ways of a few blocks that share their nodes with the crossing
 * streets, every tenth street primary and the others residential, some one-way, some with a
 * maxspeed, plus footways that are left out), then loads it through dosah_load (GDAL's OSM
 * driver, the tag rules, the transform into EPSG:5514) and builds the road graph. Nothing is
 * asserted; the figures are printed.
 *
 *   dosah_osm_bench [WAYS] [DIR]     WAYS: about how many ways (300000); DIR: where the
 *                                    file goes (/tmp); it is removed afterwards
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/load.h"
#include "dosah/model.h"
#include "dosah/scenario.h"

#define BLOCKS 4          /* a way spans this many blocks of its street */
#define STEP_LAT 0.0009   /* about 100 m */
#define STEP_LON 0.00142  /* about 100 m at 50.77 N */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Node id of grid point (row, col) of an n x n grid, 1-based as in OSM. */
static long node_id(long n, long row, long col)
{
    return row * n + col + 1;
}

/* One street piece from (row, col) for `len` nodes along a row (horizontal) or a column. */
static void write_way(FILE *f, long *way, long n, long row, long col, long len, int horizontal)
{
    long k, street = horizontal ? row : col;
    const char *cls = street % 10 == 0 ? "primary" : "residential";
    fprintf(f, "<way id=\"%ld\" version=\"1\">", ++*way);
    for (k = 0; k < len; k++)
        fprintf(f, "<nd ref=\"%ld\"/>",
                horizontal ? node_id(n, row, col + k) : node_id(n, row + k, col));
    fprintf(f, "<tag k=\"highway\" v=\"%s\"/>", cls);
    if (street % 7 == 3)
        fprintf(f, "<tag k=\"oneway\" v=\"yes\"/>");
    if (street % 10 == 0)
        fprintf(f, "<tag k=\"maxspeed\" v=\"%s\"/>", street % 20 ? "50" : "CZ:rural");
    fprintf(f, "</way>\n");
}

/* The grid as OSM XML; returns the number of highway ways written (footways included). */
static long write_osm(const char *path, long n)
{
    FILE *f = fopen(path, "w");
    long row, col, way = 0;
    if (!f)
        return -1;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\">\n");
    for (row = 0; row < n; row++)
        for (col = 0; col < n; col++)
            fprintf(f, "<node id=\"%ld\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>\n",
                    node_id(n, row, col), 50.60 + STEP_LAT * (double)row,
                    14.90 + STEP_LON * (double)col);
    for (row = 0; row < n; row++)
        for (col = 0; col + 1 < n; col += BLOCKS)
            write_way(f, &way, n, row, col, col + BLOCKS < n ? BLOCKS + 1 : n - col, 1);
    for (col = 0; col < n; col++)
        for (row = 0; row + 1 < n; row += BLOCKS)
            write_way(f, &way, n, row, col, row + BLOCKS < n ? BLOCKS + 1 : n - row, 0);
    for (row = 0; row + 1 < n; row += 50) /* footways across the blocks: left out */
        fprintf(f, "<way id=\"%ld\" version=\"1\"><nd ref=\"%ld\"/><nd ref=\"%ld\"/>"
                   "<tag k=\"highway\" v=\"footway\"/></way>\n",
                ++way, node_id(n, row, 0), node_id(n, row + 1, 1));
    fprintf(f, "</osm>\n");
    return fclose(f) == 0 ? way : -1;
}

/* A services table with one service at the grid's corner, beside the OSM file. */
static int write_services(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "id,type,form,pop,lon,lat\ns1,40,field,100,14.9001,50.6001\n");
    return fclose(f);
}

/* The scenario's speed per class of the roads, as dosah run gives it to the graph. */
static double *class_speeds(const struct dosah_scenario *s, const struct dosah_model *m)
{
    double *v = calloc(m->roads.class_count + 1, sizeof *v);
    size_t c, k;
    for (c = 0; v && c < m->roads.class_count; c++)
        for (k = 0, v[c] = NAN; k < s->network.speed_count; k++)
            if (!strcmp(s->network.speeds[k].road_class, m->roads.class_names[c]))
                v[c] = s->network.speeds[k].speed_kmh;
    return v;
}

static int run(const char *dir, long n)
{
    char osm[1024], csv[1024], scn[1024], text[4096];
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = NULL;
    struct dosah_graph *g = NULL;
    struct dosah_graph_options opt;
    double t0, t_write, t_load, t_graph, *speeds = NULL;
    struct stat st;
    long ways;
    int rc = 1;
    snprintf(osm, sizeof osm, "%s/dosah-osm-bench.osm", dir);
    snprintf(csv, sizeof csv, "%s/dosah-osm-bench.csv", dir);
    snprintf(scn, sizeof scn, "%s/dosah-osm-bench.yaml", dir);
    snprintf(text, sizeof text,
             "name: osm bench\ncrs: EPSG:5514\ninputs:\n"
             "  demand: {path: %s, crs: EPSG:4326, x: lon, y: lat, id: id, population: pop}\n"
             "  roads: {path: %s}\n"
             "  services: {path: %s, crs: EPSG:4326, x: lon, y: lat, id: id, type: type,\n"
             "             form: form}\n"
             "network: {use_maxspeed: true}\n"
             "services:\n  - {key: care, types: [40], form: field, threshold_min: 30}\n",
             csv, osm, csv);
    t0 = now_s();
    if (!ctx || (ways = write_osm(osm, n)) < 0 || write_services(csv) || stat(osm, &st)) {
        fprintf(stderr, "dosah_osm_bench: cannot write into %s\n", dir);
        goto done;
    }
    t_write = now_s() - t0;
    printf("grid %ld x %ld nodes, %ld ways (%.0f MB of OSM XML), written in %.1f s\n", n, n, ways,
           (double)st.st_size / 1e6, t_write);
    t0 = now_s();
    if (dosah_scenario_parse(ctx, scn, text, strlen(text), &s) || dosah_load(ctx, s, &m))
        goto fail;
    t_load = now_s() - t0;
    speeds = class_speeds(s, m);
    dosah_graph_options_init(&opt);
    opt.class_speed_kmh = speeds;
    opt.class_count = m->roads.class_count;
    t0 = now_s();
    if (!speeds || dosah_graph_build(ctx, &m->roads, &opt, &g))
        goto fail;
    t_graph = now_s() - t0;
    printf("load (GDAL OSM driver, tags, transform): %.2f s, %zu road lines\n", t_load,
           m->roads.line_count);
    printf("graph build: %.2f s, %zu nodes, %zu directed edges\n", t_graph,
           dosah_graph_node_count(g), dosah_graph_edge_count(g));
    printf("load + graph: %.2f s (target 30 s)\n", t_load + t_graph);
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "dosah_osm_bench: %s\n", dosah_ctx_errmsg(ctx));
done:
    dosah_graph_destroy(g);
    free(speeds);
    dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
    unlink(osm);
    unlink(csv);
    return rc;
}

int main(int argc, char **argv)
{
    long ways = argc > 1 ? atol(argv[1]) : 300000;
    long n;
    if (ways < 100) {
        fprintf(stderr, "usage: dosah_osm_bench [WAYS >= 100] [DIR]\n");
        return 2;
    }
    /* 2 n (n - 1) / BLOCKS street pieces make about `ways` ways */
    n = (long)ceil(sqrt((double)ways * BLOCKS / 2.0)) + 1;
    return run(argc > 2 ? argv[2] : "/tmp", n);
}
