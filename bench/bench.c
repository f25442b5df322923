/* SPDX-License-Identifier: MIT */
/*
 * dosah_bench: measures the road graph, snapping, the multi-source nearest search and a
 * 2SFCA-like batch of bounded searches (200 facilities, 30 minutes, on 1 and 2 threads) on
 * generated road-like networks of about 10 k, 200 k and 2 M nodes (or the sizes given),
 * and compares the nearest search with igraph's Dijkstra from a virtual super-source when
 * igraph is available. Times are medians of a few repetitions; nothing here is asserted.
 *
 *   dosah_bench [-r REPS] [SIZE ...]     SIZE: a node count such as 10000, 200k or 2M
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/route.h"
#include "dosah/snap.h"
#include "roadgen.h"

#define MAX_REPS 15

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, double_cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* A field of /proc/self/status in MB (VmRSS, VmHWM), or NAN when unavailable. */
static double status_mb(const char *field)
{
    char line[256];
    double kb = NAN;
    size_t n = strlen(field);
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return NAN;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            kb = strtod(line + n + 1, NULL);
    fclose(f);
    return kb / 1024.0;
}

/* Resets the peak RSS (VmHWM) so that the next peak is the build's; 0 when it worked. */
static int reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    int ok;
    if (!f)
        return -1;
    ok = fputs("5", f) >= 0;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

static size_t parse_size(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (*end == 'k' || *end == 'K')
        v *= 1e3;
    else if (*end == 'm' || *end == 'M')
        v *= 1e6;
    return v >= 100.0 ? (size_t)v : 0;
}

static void fail(struct dosah_ctx *ctx, const char *what)
{
    fprintf(stderr, "dosah_bench: %s: %s\n", what, dosah_ctx_errmsg(ctx));
    exit(1);
}

/* Builds the graph reps times (all but the last destroyed) and reports time and memory. */
static struct dosah_graph *bench_build(struct dosah_ctx *ctx, const struct roadgen *rg, int reps)
{
    struct dosah_graph_options opt;
    struct dosah_graph *g = NULL;
    struct dosah_graph_components weak, strong;
    double t[MAX_REPS], rss0, peak;
    size_t e;
    int r, peak_ok = reset_peak() == 0;

    dosah_graph_options_init(&opt);
    opt.class_speed_kmh = roadgen_class_speed_kmh;
    opt.class_count = ROADGEN_CLASS_COUNT;
    rss0 = status_mb("VmRSS");
    for (r = 0; r < reps; r++) {
        double t0;
        g = dosah_graph_destroy(g);
        t0 = bench_now();
        if (dosah_graph_build(ctx, &rg->roads, &opt, &g) != DOSAH_OK)
            fail(ctx, "graph build");
        t[r] = bench_now() - t0;
    }
    peak = status_mb("VmHWM");
    e = dosah_graph_edge_count(g);
    dosah_graph_get_components(g, DOSAH_WEAK, &weak);
    dosah_graph_get_components(g, DOSAH_STRONG, &strong);
    printf("  graph: %zu nodes, %zu directed edges, %zu links\n", dosah_graph_node_count(g), e,
           dosah_graph_link_count(g));
    printf("  graph build          %9.3f s  (median of %d)\n", bench_median(t, reps), reps);
    printf("  graph memory         %9.1f MB = %.1f bytes per directed edge\n",
           (double)dosah_graph_memory(g) / 1048576.0, (double)dosah_graph_memory(g) / (double)e);
    printf("  RSS before build     %9.1f MB; peak %s %.1f MB (+%.1f MB)\n", rss0,
           peak_ok ? "during build" : "of the process", peak, peak - rss0);
    printf("  components           weak %zu (largest %zu nodes), strong %zu (largest %zu)\n",
           weak.count, weak.largest_nodes, strong.count, strong.largest_nodes);
    return g;
}

/* Facilities: 1 % of the nodes, exactly on them (so igraph can start from the same nodes).
 * Demand points: 5 % of the nodes, up to 150 m off a random node. */
static void make_points(const struct dosah_graph *g, uint64_t seed, struct dosah_point **fac,
                        size_t *nfac, struct dosah_point **dem, size_t *ndem)
{
    size_t n = dosah_graph_node_count(g), i;
    uint64_t rnd = seed;
    *nfac = n / 100 ? n / 100 : 1;
    *ndem = n / 20 ? n / 20 : 1;
    *fac = malloc(*nfac * sizeof **fac);
    *dem = malloc(*ndem * sizeof **dem);
    if (!*fac || !*dem) {
        fprintf(stderr, "dosah_bench: out of memory\n");
        exit(1);
    }
    for (i = 0; i < *nfac; i++)
        (*fac)[i] = dosah_graph_node_xy(g, (uint32_t)(roadgen_next(&rnd) % n));
    for (i = 0; i < *ndem; i++) {
        (*dem)[i] = dosah_graph_node_xy(g, (uint32_t)(roadgen_next(&rnd) % n));
        (*dem)[i].x += (roadgen_unit(&rnd) - 0.5) * 300.0;
        (*dem)[i].y += (roadgen_unit(&rnd) - 0.5) * 300.0;
    }
}

static struct dosah_snap *bench_snap(struct dosah_ctx *ctx, const struct dosah_snap_index *idx,
                                     const struct dosah_point *pts, size_t n, int reps,
                                     const char *label)
{
    struct dosah_snap_options opt;
    struct dosah_snap *s = malloc(n * sizeof *s);
    double t[MAX_REPS];
    int r;
    if (!s)
        fail(ctx, "snap");
    dosah_snap_options_init(&opt);
    for (r = 0; r < reps; r++) {
        double t0 = bench_now();
        if (dosah_snap_points(ctx, idx, pts, n, &opt, s) != DOSAH_OK)
            fail(ctx, "snap");
        t[r] = bench_now() - t0;
    }
    printf("  snap %-15s %9.4f s  (%zu points, %.2f us per point)\n", label,
           bench_median(t, reps), n, 1e6 * bench_median(t, reps) / (double)n);
    return s;
}

/* The node each facility sits on (facilities are made exactly on nodes). */
static uint32_t *facility_nodes(const struct dosah_graph *g, const struct dosah_snap *s,
                                size_t n)
{
    uint32_t *nodes = malloc(n * sizeof *nodes);
    size_t i, off = 0;
    if (!nodes)
        return NULL;
    for (i = 0; i < n; i++) {
        struct dosah_graph_link l;
        dosah_graph_get_link(g, s[i].link, &l);
        if (s[i].along_m == 0.0)
            nodes[i] = l.from_node;
        else if (s[i].along_m == l.length_m)
            nodes[i] = l.to_node;
        else
            nodes[i] = DOSAH_NONE;
        off += nodes[i] == DOSAH_NONE;
    }
    if (off)
        printf("  warning: %zu facilities did not snap onto a node\n", off);
    return nodes;
}

static double bench_nearest(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                            const struct dosah_snap *fs, size_t nf, const struct dosah_snap *ds,
                            size_t nd, enum dosah_route_direction dir, int reps)
{
    struct dosah_route_options opt;
    double t[MAX_REPS], *time_s = malloc(nd * sizeof *time_s), med;
    uint32_t *near = malloc(nd * sizeof *near);
    size_t i, reached = 0;
    int r;
    if (!time_s || !near)
        fail(ctx, "nearest");
    dosah_route_options_init(&opt);
    opt.direction = dir;
    for (r = 0; r < reps; r++) {
        double t0 = bench_now();
        if (dosah_route_nearest(ctx, ws, fs, nf, ds, nd, &opt, time_s, near) != DOSAH_OK)
            fail(ctx, "nearest");
        t[r] = bench_now() - t0;
    }
    for (i = 0; i < nd; i++)
        reached += near[i] != DOSAH_NONE;
    med = bench_median(t, reps);
    printf("  nearest %-12s %9.4f s  (median of %d; %zu facilities, %zu of %zu targets "
           "reached)\n", dir == DOSAH_ROUTE_FROM_SOURCES ? "field" : "ambulant", med, reps,
           nf, reached, nd);
    free(near);
    free(time_s);
    return med;
}

/* Facilities of the 2SFCA-like batch, and its bound. */
#define FCA_FACILITIES 200
#define FCA_BOUND_S 1800.0

/*
 * The 2SFCA-like batch: one bounded search per facility (the first FCA_FACILITIES of fs)
 * toward the facility, as for an ambulant service, reaching the demand points, on 1 and 2
 * threads.
 */
static void bench_reach_many(struct dosah_ctx *ctx, const struct dosah_graph *g,
                             const struct dosah_snap *fs, size_t nf,
                             const struct dosah_snap *ds, size_t nd, int reps)
{
    struct dosah_route_options opt;
    unsigned threads;
    size_t count = nf < FCA_FACILITIES ? nf : FCA_FACILITIES;
    dosah_route_options_init(&opt);
    opt.direction = DOSAH_ROUTE_TO_SOURCES;
    opt.max_time_s = FCA_BOUND_S;
    for (threads = 1; threads <= 2; threads++) {
        double t[MAX_REPS];
        size_t pairs = 0;
        int r;
        for (r = 0; r < reps; r++) {
            struct dosah_route_reach_set *set = NULL;
            double t0 = bench_now();
            if (dosah_route_reach_many(ctx, g, fs, count, ds, nd, &opt, threads, &set) !=
                DOSAH_OK)
                fail(ctx, "reach many");
            t[r] = bench_now() - t0;
            pairs = set->offsets[set->source_count];
            dosah_route_reach_set_destroy(set);
        }
        printf("  2SFCA-like %u thread%s %8.4f s  (median of %d; %zu facilities, 30 min, %zu "
               "pairs, %.0f demand points per facility)\n", threads, threads > 1 ? "s" : " ",
               bench_median(t, reps), reps, count, pairs, (double)pairs / (double)count);
    }
}

static void run_size(size_t target, int reps, uint64_t seed)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct roadgen rg;
    struct dosah_graph *g;
    struct dosah_snap_index *idx = NULL;
    struct dosah_route_workspace *ws = NULL;
    struct dosah_point *fac, *dem;
    struct dosah_snap *fs, *ds;
    size_t nf, nd;
    double t[MAX_REPS], t0 = bench_now(), dosah_s;
    uint32_t *fnodes;
    int r;

    if (!ctx || roadgen_make(&rg, target, seed) != 0) {
        fprintf(stderr, "dosah_bench: out of memory generating roads\n");
        exit(1);
    }
    printf("== about %zu nodes: %zu lines, %zu vertices, generated in %.2f s\n", target,
           rg.roads.line_count, rg.vertex_count, bench_now() - t0);
    g = bench_build(ctx, &rg, reps);
    for (r = 0; r < reps; r++) {
        idx = dosah_snap_index_destroy(idx);
        t0 = bench_now();
        if (dosah_snap_index_create(ctx, g, &idx) != DOSAH_OK)
            fail(ctx, "snap index");
        t[r] = bench_now() - t0;
    }
    printf("  snap index           %9.3f s  (%.1f MB)\n", bench_median(t, reps),
           (double)dosah_snap_index_memory(idx) / 1048576.0);
    make_points(g, seed + 1, &fac, &nf, &dem, &nd);
    fs = bench_snap(ctx, idx, fac, nf, reps, "facilities");
    ds = bench_snap(ctx, idx, dem, nd, reps, "demand");
    if (dosah_route_workspace_create(ctx, g, &ws) != DOSAH_OK)
        fail(ctx, "workspace");
    bench_nearest(ctx, ws, fs, nf, ds, nd, DOSAH_ROUTE_TO_SOURCES, reps);
    dosah_s = bench_nearest(ctx, ws, fs, nf, ds, nd, DOSAH_ROUTE_FROM_SOURCES, reps);
    printf("  route workspace      %9.1f MB  (after the searches, queue included)\n",
           (double)dosah_route_workspace_memory(ws) / 1048576.0);
    fnodes = facility_nodes(g, fs, nf);
    if (fnodes)
        bench_igraph_compare(g, ws, fnodes, nf, reps, dosah_s);
    free(fnodes);
    bench_reach_many(ctx, g, fs, nf, ds, nd, reps);
    free(ds);
    free(fs);
    free(dem);
    free(fac);
    dosah_route_workspace_destroy(ws);
    dosah_snap_index_destroy(idx);
    dosah_graph_destroy(g);
    roadgen_free(&rg);
    dosah_ctx_destroy(ctx);
}

int main(int argc, char **argv)
{
    size_t sizes[16], count = 0;
    int i, reps = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
            reps = atoi(argv[++i]);
            reps = reps < 1 ? 1 : reps > MAX_REPS ? MAX_REPS : reps;
        } else if (count < 16 && (sizes[count] = parse_size(argv[i])) != 0) {
            count++;
        } else {
            fprintf(stderr, "usage: dosah_bench [-r REPS] [SIZE ...]  (SIZE: 10k, 200k, 2M, "
                            "at least 100)\n");
            return 2;
        }
    }
    if (count == 0) {
        sizes[0] = 10000;
        sizes[1] = 200000;
        sizes[2] = 2000000;
        count = 3;
    }
    for (i = 0; i < (int)count; i++)
        run_size(sizes[i], reps ? reps : sizes[i] < 100000 ? 5 : 3, 42 + (uint64_t)sizes[i]);
    return 0;
}
