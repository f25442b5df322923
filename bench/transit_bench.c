/* SPDX-License-Identifier: MIT */
/*
 * The public-transport benchmark: a generated region-sized road network (walking speeds), a
 * generated feed of about 3,000 stops and 150,000 stop times (lines of 25 stops through
 * neighbouring stops, both ways, every 45 minutes 05:00-19:15), 20 facilities and the demand
 * points placed around random stops (within 500 m), and one
 * question by transit over a 120-minute window for 215 and for 5,000 demand points: the same
 * steps as dosah run (day's connections, egress search, profile scan, bounded access walks on
 * 2 threads, walk the whole way, 120 departures per point). Prints times and memory.
 * Run: build/bench/dosah_transit_bench [ROAD_NODES]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dosah/graph.h"
#include "dosah/route.h"
#include "dosah/snap.h"
#include "dosah/transit.h"
#include "roadgen.h"

#define STOPS 3000
#define LINES 150
#define LINE_STOPS 25
#define MAX_WALK_S 720.0 /* 1,000 m at 5 km/h */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void fail(struct dosah_ctx *ctx, const char *what)
{
    fprintf(stderr, "dosah_transit_bench: %s: %s\n", what, dosah_ctx_errmsg(ctx));
    exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "dosah_transit_bench: out of memory\n");
        exit(1);
    }
    return p;
}

/* Lines through neighbouring stops, each trip both ways every 45 minutes. */
static void make_feed(struct dosah_ctx *ctx, const struct dosah_graph *g, uint64_t *rnd,
                      struct dosah_feed *f)
{
    size_t n = dosah_graph_node_count(g), i, l, k;
    unsigned char *used = xcalloc(STOPS, 1);
    uint32_t seq[LINE_STOPS];
    int32_t hop[LINE_STOPS];
    f->stop_count = STOPS;
    f->stops = dosah_calloc(ctx, STOPS, sizeof *f->stops);
    for (i = 0; i < STOPS; i++) {
        struct dosah_point p = dosah_graph_node_xy(g, (uint32_t)(roadgen_next(rnd) % n));
        char id[32];
        snprintf(id, sizeof id, "S%zu", i);
        f->stops[i].id = dosah_strdup(ctx, id);
        f->stops[i].x = p.x;
        f->stops[i].y = p.y;
    }
    f->service_count = 1;
    f->services = dosah_calloc(ctx, 1, sizeof *f->services);
    f->services[0].id = dosah_strdup(ctx, "daily");
    f->services[0].weekdays = 0x7f;
    f->services[0].end_day = 1000000;
    f->trips = dosah_calloc(ctx, LINES * 2 * 20, sizeof *f->trips);
    f->stop_times = dosah_calloc(ctx, LINES * 2 * 20 * LINE_STOPS, sizeof *f->stop_times);
    for (l = 0; l < LINES; l++) {
        double dx = roadgen_unit(rnd) - 0.5, dy = roadgen_unit(rnd) - 0.5, d = hypot(dx, dy);
        int dir, t;
        memset(used, 0, STOPS);
        seq[0] = (uint32_t)(roadgen_next(rnd) % STOPS);
        used[seq[0]] = 1;
        for (k = 1; k < LINE_STOPS; k++) {
            const struct dosah_feed_stop *c = &f->stops[seq[k - 1]];
            double tx = c->x + 1500 * dx / d, ty = c->y + 1500 * dy / d, best = INFINITY;
            for (i = 0; i < STOPS; i++) {
                double e = hypot(f->stops[i].x - tx, f->stops[i].y - ty);
                if (!used[i] && e < best) {
                    best = e;
                    seq[k] = (uint32_t)i;
                }
            }
            used[seq[k]] = 1;
            hop[k - 1] = 60 * (int32_t)ceil(hypot(f->stops[seq[k]].x - c->x,
                                                  f->stops[seq[k]].y - c->y) / (30 / 3.6) / 60);
            if (hop[k - 1] < 60)
                hop[k - 1] = 60;
        }
        for (dir = 0; dir < 2; dir++)
            for (t = 0; t < 20; t++) {
                struct dosah_feed_trip *tr = &f->trips[f->trip_count++];
                int32_t time = 5 * 3600 + t * 2700 + (int32_t)(l % 45) * 60;
                tr->first = (uint32_t)f->stop_time_count;
                tr->count = LINE_STOPS;
                for (k = 0; k < LINE_STOPS; k++) {
                    size_t kk = dir ? LINE_STOPS - 1 - k : k;
                    struct dosah_feed_stop_time *st = &f->stop_times[f->stop_time_count++];
                    if (k)
                        time += hop[dir ? kk : kk - 1];
                    st->stop = seq[kk];
                    st->arrival_s = st->departure_s = time;
                }
            }
    }
    free(used);
}

static struct dosah_snap *snap(struct dosah_ctx *ctx, const struct dosah_snap_index *idx,
                               const struct dosah_point *p, size_t n)
{
    struct dosah_snap_options opt;
    struct dosah_snap *s = xcalloc(n, sizeof *s);
    dosah_snap_options_init(&opt);
    if (dosah_snap_points(ctx, idx, p, n, &opt, s))
        fail(ctx, "snap");
    return s;
}

/* Points near random stops (people and services are where the buses stop). */
static struct dosah_point *random_points(const struct dosah_feed *f, uint64_t *rnd, size_t n,
                                         double jitter_m)
{
    struct dosah_point *p = xcalloc(n, sizeof *p);
    size_t i;
    for (i = 0; i < n; i++) {
        const struct dosah_feed_stop *st = &f->stops[roadgen_next(rnd) % f->stop_count];
        p[i].x = st->x;
        p[i].y = st->y;
        p[i].x += (roadgen_unit(rnd) - 0.5) * jitter_m;
        p[i].y += (roadgen_unit(rnd) - 0.5) * jitter_m;
    }
    return p;
}

/* One question for nd demand points, timed step by step. */
static void question(struct dosah_ctx *ctx, const struct dosah_graph *g,
                     struct dosah_route_workspace *ws, const struct dosah_feed *f,
                     const struct dosah_snap *stop_snap, const struct dosah_snap *fac, size_t nf,
                     const struct dosah_snap *dem, size_t nd)
{
    struct dosah_transit_options opt;
    struct dosah_transit_day day;
    struct dosah_transit_profile *p = NULL;
    struct dosah_route_options ro;
    struct dosah_route_reach_set *set = NULL;
    double *etime = xcalloc(f->stop_count, sizeof *etime), *walk = xcalloc(nd, sizeof *walk);
    int32_t *egress = xcalloc(f->stop_count, sizeof *egress), scratch[120];
    int32_t *walk_s = xcalloc(f->stop_count, sizeof *walk_s);
    uint32_t *efac = xcalloc(f->stop_count, sizeof *efac), *wnear = xcalloc(nd, sizeof *wnear);
    double t0 = now(), t_day, t_egress, t_profile, t_access, t_walk, t_sum;
    double med_sum = 0;
    size_t i, k, reached = 0, pairs;
    dosah_transit_options_init(&opt);
    if (dosah_transit_day_build(ctx, f, dosah_transit_day_number(2026, 3, 3), 7 * 3600,
                                12 * 3600, &opt, &day))
        fail(ctx, "day");
    t_day = now();
    dosah_route_options_init(&ro);
    ro.direction = DOSAH_ROUTE_TO_SOURCES;
    ro.max_time_s = MAX_WALK_S;
    if (dosah_route_nearest(ctx, ws, fac, nf, stop_snap, f->stop_count, &ro, etime, efac))
        fail(ctx, "egress");
    for (i = 0; i < f->stop_count; i++)
        egress[i] = isnan(etime[i]) ? -1 : (int32_t)lround(etime[i]);
    t_egress = now();
    if (dosah_transit_profile_build(ctx, &day, egress, efac, &p))
        fail(ctx, "profile");
    t_profile = now();
    dosah_route_options_init(&ro);
    ro.max_time_s = MAX_WALK_S;
    if (dosah_route_reach_many(ctx, g, dem, nd, stop_snap, f->stop_count, &ro, 2, &set))
        fail(ctx, "access");
    t_access = now();
    dosah_route_options_init(&ro);
    ro.direction = DOSAH_ROUTE_TO_SOURCES;
    if (dosah_route_nearest(ctx, ws, fac, nf, dem, nd, &ro, walk, wnear))
        fail(ctx, "walk");
    t_walk = now();
    for (i = 0; i < nd; i++) {
        struct dosah_transit_origin o;
        struct dosah_transit_summary s;
        size_t first = set->offsets[i];
        for (k = first; k < set->offsets[i + 1]; k++)
            walk_s[k - first] = (int32_t)lround(set->time_s[k]);
        o.stop = set->target + first;
        o.walk_s = walk_s;
        o.count = set->offsets[i + 1] - first;
        o.walk_only_s = isnan(walk[i]) ? -1 : (int32_t)lround(walk[i]);
        o.walk_only_fac = wnear[i];
        dosah_transit_summarize(p, &o, 7 * 3600, 9 * 3600, 60, scratch, &s);
        if (!isnan(s.median_s)) {
            reached++;
            med_sum += s.median_s / 60;
        }
    }
    t_sum = now();
    pairs = set->offsets[nd];
    printf("== %zu demand points, window 07:00-09:00 (120 departures), %zu facilities\n", nd,
           nf);
    printf("  day's connections    %9.3f s  (%zu connections, %.1f MB)\n", t_day - t0,
           day.conn_count, (double)dosah_transit_day_memory(&day) / 1048576.0);
    printf("  egress search        %9.3f s\n", t_egress - t_day);
    printf("  profile scan         %9.3f s  (profiles %.1f MB)\n", t_profile - t_egress,
           (double)dosah_transit_profile_memory(p) / 1048576.0);
    printf("  access walks         %9.3f s  (2 threads; %zu point-stop pairs, %.1f per point)\n",
           t_access - t_profile, pairs, (double)pairs / (double)nd);
    printf("  walk the whole way   %9.3f s\n", t_walk - t_access);
    printf("  120 departures each  %9.3f s\n", t_sum - t_walk);
    printf("  question total       %9.3f s  (%zu reached, mean median %.1f min)\n", t_sum - t0,
           reached, reached ? med_sum / (double)reached : NAN);
    dosah_route_reach_set_destroy(set);
    dosah_transit_profile_destroy(p);
    dosah_transit_day_clear(&day);
    free(etime);
    free(walk);
    free(egress);
    free(walk_s);
    free(efac);
    free(wnear);
}

int main(int argc, char **argv)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    size_t nodes = argc > 1 ? (size_t)atol(argv[1]) : 200000, feed_bytes;
    uint64_t rnd = 42;
    struct roadgen rg;
    struct dosah_graph_options gopt;
    struct dosah_graph *g = NULL;
    struct dosah_snap_index *idx = NULL;
    struct dosah_route_workspace *ws = NULL;
    struct dosah_feed f;
    struct dosah_point *sp, *fp, *dp;
    struct dosah_snap *ss, *fs, *ds;
    size_t i, sizes[2] = {215, 5000};
    double t0;
    memset(&f, 0, sizeof f);
    if (!ctx || roadgen_make(&rg, nodes, 7) != 0)
        return 1;
    dosah_graph_options_init_walk(&gopt, 5);
    if (dosah_graph_build(ctx, &rg.roads, &gopt, &g) || dosah_snap_index_create(ctx, g, &idx) ||
        dosah_route_workspace_create(ctx, g, &ws))
        fail(ctx, "graph");
    {
        double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
        for (i = 0; i < dosah_graph_node_count(g); i++) {
            struct dosah_point q = dosah_graph_node_xy(g, (uint32_t)i);
            x0 = fmin(x0, q.x), x1 = fmax(x1, q.x), y0 = fmin(y0, q.y), y1 = fmax(y1, q.y);
        }
        printf("walking graph: %zu nodes, %.0f x %.0f km\n", dosah_graph_node_count(g),
               (x1 - x0) / 1000, (y1 - y0) / 1000);
    }
    t0 = now();
    make_feed(ctx, g, &rnd, &f);
    feed_bytes = f.stop_count * sizeof *f.stops + f.trip_count * sizeof *f.trips +
                 f.stop_time_count * sizeof *f.stop_times;
    printf("feed: %zu stops, %zu trips, %zu stop times (generated in %.2f s); in memory %.1f MB "
           "= %.1f bytes per stop time\n",
           f.stop_count, f.trip_count, f.stop_time_count, now() - t0,
           (double)feed_bytes / 1048576.0, (double)feed_bytes / (double)f.stop_time_count);
    sp = xcalloc(f.stop_count, sizeof *sp);
    for (i = 0; i < f.stop_count; i++) {
        sp[i].x = f.stops[i].x;
        sp[i].y = f.stops[i].y;
    }
    t0 = now();
    ss = snap(ctx, idx, sp, f.stop_count);
    printf("stops snapped          %9.3f s\n", now() - t0);
    fp = random_points(&f, &rnd, 20, 300);
    fs = snap(ctx, idx, fp, 20);
    for (i = 0; i < 2; i++) {
        dp = random_points(&f, &rnd, sizes[i], 1000);
        ds = snap(ctx, idx, dp, sizes[i]);
        question(ctx, g, ws, &f, ss, fs, 20, ds, sizes[i]);
        free(dp);
        free(ds);
    }
    free(sp);
    free(ss);
    free(fp);
    free(fs);
    dosah_feed_clear(&f);
    dosah_route_workspace_destroy(ws);
    dosah_snap_index_destroy(idx);
    dosah_graph_destroy(g);
    roadgen_free(&rg);
    dosah_ctx_destroy(ctx);
    return 0;
}
