/* SPDX-License-Identifier: MIT */
/*
 * An ILLUSTRATIVE public-transport timetable for the demo region, in GTFS: one stop at each
 * municipality's point, a bus line from every municipality to its ORP seat along the
 * generated roads (hourly on weekdays; every two hours at weekends, given as frequencies
 * without exact times), and trunk lines from
 * each ORP seat to Liberec given as frequencies (every 30 minutes on weekdays, hourly at
 * weekends). Easter Monday runs the weekend timetable (calendar_dates). Times are the road
 * length at 40 km/h, rounded up to whole minutes. NOT a real timetable: the region's real
 * feeds are published by the regional transport organiser and CIS JŘ.
 */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_vsi.h>
#include <ogr_srs_api.h>

#define BUS_KMH 40.0

/* Shortest paths over the municipality graph of the roads (Dijkstra, O(n^2)). */
static int shortest_tree(const struct gen_world *w, const double *len, int from, int *prev)
{
    int n = w->muni_count;
    double *dist = malloc((size_t)n * sizeof *dist);
    char *done = calloc((size_t)n, 1);
    if (!dist || !done) {
        free(dist);
        free(done);
        return gen_error("out of memory");
    }
    for (int i = 0; i < n; i++) {
        dist[i] = INFINITY;
        prev[i] = -1;
    }
    dist[from] = 0;
    for (;;) {
        int u = -1;
        for (int i = 0; i < n; i++)
            if (!done[i] && isfinite(dist[i]) && (u < 0 || dist[i] < dist[u]))
                u = i;
        if (u < 0)
            break;
        done[u] = 1;
        for (int v = 0; v < n; v++)
            if (len[(size_t)u * (size_t)n + (size_t)v] > 0 &&
                dist[u] + len[(size_t)u * (size_t)n + (size_t)v] < dist[v]) {
                dist[v] = dist[u] + len[(size_t)u * (size_t)n + (size_t)v];
                prev[v] = u;
            }
    }
    free(dist);
    free(done);
    return 0;
}

static double road_len(const struct gen_road *r)
{
    double s = 0;
    for (int k = 1; k < r->vertex_count; k++)
        s += gen_dist(r->xy[2 * k - 2], r->xy[2 * k - 1], r->xy[2 * k], r->xy[2 * k + 1]);
    return s;
}

struct out {
    VSILFILE *f[7];
    const char *prefix;
};

static int open_all(struct out *o, const char *dir)
{
    static const char *const names[] = {"agency.txt", "stops.txt",          "routes.txt",
                                        "trips.txt",  "stop_times.txt",     "calendar.txt",
                                        "calendar_dates.txt"};
    char path[1024];
    VSIMkdir(dir, 0755);
    for (int i = 0; i < 7; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (!(o->f[i] = VSIFOpenL(path, "wb")))
            return gen_error("cannot write %s", path);
    }
    return 0;
}

enum { F_AGENCY, F_STOPS, F_ROUTES, F_TRIPS, F_TIMES, F_CAL, F_DATES, F_FREQ };

static void hms(char *buf, size_t size, int s)
{
    snprintf(buf, size, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
}

/* One direction of a line: trips every headway from first to last departure. */
static void line_trips(struct out *o, const struct gen_world *w, const int *path, int n,
                       const int *ride_s, const char *route, const char *service, int first_s,
                       int last_s, int headway_s, int *trip_no)
{
    char a[16];
    for (int t = first_s; t <= last_s; t += headway_s) {
        int time = t;
        (*trip_no)++;
        VSIFPrintfL(o->f[F_TRIPS], "%s,%s,T%d\n", route, service, *trip_no);
        for (int k = 0; k < n; k++) {
            if (k)
                time += ride_s[k - 1];
            hms(a, sizeof a, time);
            VSIFPrintfL(o->f[F_TIMES], "T%d,%s,%s,S%d,%d\n", *trip_no, a, a, w->muni[path[k]].kod,
                        k + 1);
        }
    }
}

/* The path from m to the root of the tree, and the ride time of each hop. */
static int path_to(const struct gen_world *w, const double *len, const int *prev, int m,
                   int *path, int *ride_s)
{
    int n = 0;
    for (int v = m; v >= 0; v = prev[v])
        path[n++] = v;
    for (int k = 0; k + 1 < n; k++) {
        double d = len[(size_t)path[k] * (size_t)w->muni_count + (size_t)path[k + 1]];
        ride_s[k] = 60 * (int)ceil(d / (BUS_KMH / 3.6) / 60.0);
    }
    return n;
}

static void reverse(int *path, int *ride_s, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        int t = path[i];
        path[i] = path[j];
        path[j] = t;
    }
    for (int i = 0, j = n - 2; i < j; i++, j--) {
        int t = ride_s[i];
        ride_s[i] = ride_s[j];
        ride_s[j] = t;
    }
}

static int write_stops(struct out *o, const struct gen_world *w)
{
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL), t = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct;
    OSRImportFromEPSG(s, 5514);
    OSRImportFromEPSG(t, 4326);
    OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(t, OAMS_TRADITIONAL_GIS_ORDER);
    ct = OCTNewCoordinateTransformation(s, t);
    if (!ct)
        return gen_error("cannot transform EPSG:5514 to WGS84");
    VSIFPrintfL(o->f[F_STOPS], "stop_id,stop_name,stop_lat,stop_lon\n");
    for (int i = 0; i < w->muni_count; i++) {
        double x = w->muni[i].x, y = w->muni[i].y;
        OCTTransform(ct, 1, &x, &y, NULL);
        VSIFPrintfL(o->f[F_STOPS], "S%d,\"%s\",%.6f,%.6f\n", w->muni[i].kod, w->muni[i].nazev, y,
                    x);
    }
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(s);
    OSRDestroySpatialReference(t);
    return 0;
}

/* Weekend trips of a feeder: every two hours from 07:00 + off to 19:00 + off. */
static void weekend(struct out *o, VSILFILE *freq, const struct gen_world *w, const int *path,
                    int n, const int *ride, const char *route, int off, int *trip_no)
{
    char a[16], b[16];
    line_trips(o, w, path, n, ride, route, "VIKEND", 0, 0, 1, trip_no);
    hms(a, sizeof a, 7 * 3600 + off);
    hms(b, sizeof b, 19 * 3600 + off + 60);
    VSIFPrintfL(freq, "T%d,%s,%s,7200,0\n", *trip_no, a, b);
}

/* Feeder lines: every municipality to its ORP seat, both ways. */
static void feeders(struct out *o, VSILFILE *freq, const struct gen_world *w,
                    const double *len, int *prev, int *path, int *ride, int *trip_no)
{
    struct gen_rng rng;
    gen_rng_seed(&rng, GEN_SEED, "transit");
    for (int r = 0; r < w->orp_count; r++) {
        int seat = w->orp[r].seat;
        shortest_tree(w, len, seat, prev);
        for (int m = 0; m < w->muni_count; m++) {
            char route[32];
            int n, off;
            if (w->muni[m].orp != r || m == seat || prev[m] < 0)
                continue;
            snprintf(route, sizeof route, "L%d", w->muni[m].kod);
            VSIFPrintfL(o->f[F_ROUTES], "%s,DEMO,%d,\"%s - %s\",3\n", route, w->muni[m].kod % 1000,
                        w->muni[m].nazev, w->muni[seat].nazev);
            n = path_to(w, len, prev, m, path, ride);
            off = 60 * (int)(gen_rng_uniform(&rng) * 60);
            line_trips(o, w, path, n, ride, route, "PRAC", 5 * 3600 + off, 20 * 3600 + off, 3600,
                       trip_no);
            weekend(o, freq, w, path, n, ride, route, off, trip_no);
            reverse(path, ride, n);
            off = 60 * (int)(gen_rng_uniform(&rng) * 60);
            line_trips(o, w, path, n, ride, route, "PRAC", 5 * 3600 + off, 20 * 3600 + off, 3600,
                       trip_no);
            weekend(o, freq, w, path, n, ride, route, off, trip_no);
        }
    }
}

/* Trunk lines from each ORP seat to Liberec as frequency-based trips. */
static void trunks(struct out *o, VSILFILE *freq, const struct gen_world *w, const double *len,
                   int *prev, int *path, int *ride, int *trip_no)
{
    int liberec = gen_muni_find(w, "Liberec");
    shortest_tree(w, len, liberec, prev);
    for (int r = 0; r < w->orp_count; r++) {
        int seat = w->orp[r].seat, n;
        char route[32];
        if (seat == liberec || prev[seat] < 0)
            continue;
        snprintf(route, sizeof route, "R%d", w->orp[r].kod);
        VSIFPrintfL(o->f[F_ROUTES], "%s,DEMO,R%d,\"%s - Liberec\",3\n", route, r + 1,
                    w->muni[seat].nazev);
        n = path_to(w, len, prev, seat, path, ride);
        for (int dir = 0; dir < 2; dir++) {
            line_trips(o, w, path, n, ride, route, "PRAC", 0, 0, 1, trip_no);
            VSIFPrintfL(freq, "T%d,05:%02d:00,22:00:00,1800,1\n", *trip_no, 10 + 5 * r);
            line_trips(o, w, path, n, ride, route, "VIKEND", 0, 0, 1, trip_no);
            VSIFPrintfL(freq, "T%d,06:%02d:00,21:00:00,3600,1\n", *trip_no, 10 + 5 * r);
            reverse(path, ride, n);
        }
    }
}

int gen_write_gtfs(const struct gen_world *w, const char *dir)
{
    int n = w->muni_count, trip_no = 0, rc = 0;
    double *len = calloc((size_t)n * (size_t)n, sizeof *len);
    int *prev = malloc((size_t)n * sizeof *prev), *path = malloc((size_t)n * sizeof *path);
    int *ride = malloc((size_t)n * sizeof *ride);
    struct out o;
    char fpath[1024];
    VSILFILE *freq;
    memset(&o, 0, sizeof o);
    if (!len || !prev || !path || !ride)
        rc = gen_error("out of memory");
    for (int i = 0; i < w->road_count && !rc; i++) {
        const struct gen_road *r = &w->roads[i];
        double d = road_len(r);
        size_t ab = (size_t)r->a * (size_t)n + (size_t)r->b, ba = (size_t)r->b * (size_t)n + (size_t)r->a;
        if (len[ab] == 0 || d < len[ab])
            len[ab] = len[ba] = d;
    }
    snprintf(fpath, sizeof fpath, "%s/frequencies.txt", dir);
    if (!rc && (rc = open_all(&o, dir)) == 0 && !(freq = VSIFOpenL(fpath, "wb")))
        rc = gen_error("cannot write %s", fpath);
    if (!rc) {
        VSIFPrintfL(o.f[F_AGENCY], "agency_id,agency_name,agency_url,agency_timezone\n"
                                   "DEMO,Ilustrativní dopravce (vygenerováno),"
                                   "https://example.invalid,Europe/Prague\n");
        VSIFPrintfL(o.f[F_ROUTES],
                    "route_id,agency_id,route_short_name,route_long_name,route_type\n");
        VSIFPrintfL(o.f[F_TRIPS], "route_id,service_id,trip_id\n");
        VSIFPrintfL(o.f[F_TIMES], "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
        VSIFPrintfL(o.f[F_CAL], "service_id,monday,tuesday,wednesday,thursday,friday,saturday,"
                                "sunday,start_date,end_date\n"
                                "PRAC,1,1,1,1,1,0,0,20260101,20261231\n"
                                "VIKEND,0,0,0,0,0,1,1,20260101,20261231\n");
        VSIFPrintfL(o.f[F_DATES], "service_id,date,exception_type\n"
                                  "PRAC,20260406,2\nVIKEND,20260406,1\n");
        rc = write_stops(&o, w);
    }
    if (!rc) {
        VSIFPrintfL(freq, "trip_id,start_time,end_time,headway_secs,exact_times\n");
        feeders(&o, freq, w, len, prev, path, ride, &trip_no);
        trunks(&o, freq, w, len, prev, path, ride, &trip_no);
        VSIFCloseL(freq);
        printf("  timetable: %d trips\n", trip_no);
    }
    for (int i = 0; i < 7; i++)
        if (o.f[i])
            VSIFCloseL(o.f[i]);
    free(len);
    free(prev);
    free(path);
    free(ride);
    return rc;
}
