/* SPDX-License-Identifier: MIT */
/*
 * The profile Connection Scan against a plain time-expanded Dijkstra written for this test:
 * on generated feeds, every origin and every departure minute of a window must get the same
 * earliest arrival. The reference builds its own graph from the feed's trips (platform,
 * on-board and arrival events; waiting, riding, staying seated, changing with the stop's
 * change time, one footpath, walking out) and its own footpaths from the stops' coordinates.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/transit.h"

#define MAX_STOPS 40
#define FOOT_M 300.0
#define WALK_KMH 5.0

static uint32_t rng;
static uint32_t next(uint32_t n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

/* A random feed: lines through distinct stops, several trips each, one service every day. */
static void make_feed(struct dosah_ctx *ctx, struct dosah_feed *f, size_t stops, size_t lines)
{
    size_t l, i, k;
    char id[32];
    memset(f, 0, sizeof *f);
    f->stop_count = stops;
    f->stops = dosah_calloc(ctx, stops, sizeof *f->stops);
    for (i = 0; i < stops; i++) {
        snprintf(id, sizeof id, "S%zu", i);
        f->stops[i].id = dosah_strdup(ctx, id);
        f->stops[i].x = next(1500);
        f->stops[i].y = next(1500);
    }
    f->service_count = 1;
    f->services = dosah_calloc(ctx, 1, sizeof *f->services);
    f->services[0].id = dosah_strdup(ctx, "all");
    f->services[0].weekdays = 0x7f;
    f->services[0].start_day = 0;
    f->services[0].end_day = 100000;
    f->stop_times = dosah_calloc(ctx, lines * 6 * 8, sizeof *f->stop_times);
    f->trips = dosah_calloc(ctx, lines * 6, sizeof *f->trips);
    for (l = 0; l < lines; l++) {
        uint32_t seq[8], hop[8], dwell[8];
        size_t len = 3 + next(6), trips = 2 + next(5), t;
        for (k = 0; k < len; k++) {
            size_t j;
            do {
                seq[k] = next((uint32_t)stops);
                for (j = 0; j < k && seq[j] != seq[k]; j++)
                    ;
            } while (j < k);
            hop[k] = 30 + next(400);
            dwell[k] = next(3) ? 0 : next(90);
        }
        for (t = 0; t < trips; t++) {
            struct dosah_feed_trip *tr = &f->trips[f->trip_count++];
            int32_t time = 6 * 3600 + (int32_t)next(3 * 3600);
            tr->first = (uint32_t)f->stop_time_count;
            tr->count = (uint32_t)len;
            for (k = 0; k < len; k++) {
                struct dosah_feed_stop_time *st = &f->stop_times[f->stop_time_count++];
                st->stop = seq[k];
                st->arrival_s = time;
                time += (int32_t)dwell[k];
                st->departure_s = time;
                time += (int32_t)hop[k];
            }
        }
    }
    /* Change times at a third of the stops (transfers.txt type 2, from == to). */
    f->transfers = dosah_calloc(ctx, stops, sizeof *f->transfers);
    for (i = 0; i < stops; i++)
        if (next(3) == 0) {
            struct dosah_feed_transfer *x = &f->transfers[f->transfer_count++];
            x->from = x->to = (uint32_t)i;
            x->type = 2;
            x->min_s = (int32_t)next(240);
        }
}

/* ---- the reference: a time-expanded graph and Dijkstra ---- */

struct ref_edge {
    uint32_t to;
    int32_t w;
};
struct ref {
    size_t n;                 /* nodes; node n - 1 is the sink */
    int32_t *time;            /* event time of each node */
    size_t *first;            /* CSR */
    struct ref_edge *e;
    size_t ne, cap;
    uint32_t *plat[MAX_STOPS]; /* platform nodes per stop, by time */
    size_t nplat[MAX_STOPS];
};

static void ref_edge_add(struct ref *r, uint32_t from, uint32_t to, int32_t w)
{
    assert_true(w >= 0);
    if (r->ne == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        r->e = realloc(r->e, r->cap * sizeof *r->e);
    }
    r->e[r->ne].to = to;
    r->e[r->ne].w = w;
    r->ne++;
    r->first[from + 1]++; /* counted; edges are added in order of their tail */
}

static int32_t change_of(const struct dosah_feed *f, uint32_t s)
{
    size_t i;
    for (i = 0; i < f->transfer_count; i++)
        if (f->transfers[i].from == s && f->transfers[i].to == s)
            return f->transfers[i].min_s;
    return 0;
}

/* The first platform node at stop s at or after t, or UINT32_MAX. */
static uint32_t platform_at(const struct ref *r, uint32_t s, int32_t t)
{
    size_t i;
    for (i = 0; i < r->nplat[s]; i++)
        if (r->time[r->plat[s][i]] >= t)
            return r->plat[s][i];
    return UINT32_MAX;
}

static const int32_t *sort_times;
static int cmp_node(const void *a, const void *b)
{
    int32_t x = sort_times[*(const uint32_t *)a], y = sort_times[*(const uint32_t *)b];
    return x < y ? -1 : x > y ? 1 : (*(const uint32_t *)a > *(const uint32_t *)b) - (*(const uint32_t *)a < *(const uint32_t *)b);
}

/* Node ids: per stop time i: platform 3i, on board 3i+1, arrival 3i+2; sink last. */
static void ref_build(struct ref *r, const struct dosah_feed *f, const int32_t *egress)
{
    size_t i, t, k;
    memset(r, 0, sizeof *r);
    r->n = 3 * f->stop_time_count + 1;
    r->time = calloc(r->n, sizeof *r->time);
    r->first = calloc(r->n + 1, sizeof *r->first);
    for (t = 0; t < f->trip_count; t++)
        for (k = 0; k < f->trips[t].count; k++) {
            size_t st = f->trips[t].first + k;
            r->time[3 * st] = r->time[3 * st + 1] = f->stop_times[st].departure_s;
            r->time[3 * st + 2] = f->stop_times[st].arrival_s;
        }
    for (i = 0; i < f->stop_time_count; i++) {
        uint32_t s = f->stop_times[i].stop;
        r->plat[s] = realloc(r->plat[s], (r->nplat[s] + 1) * sizeof **r->plat);
        r->plat[s][r->nplat[s]++] = (uint32_t)(3 * i);
    }
    sort_times = r->time;
    for (i = 0; i < f->stop_count; i++)
        if (r->nplat[i])
            qsort(r->plat[i], r->nplat[i], sizeof **r->plat, cmp_node);
    /* Edges in order of their tail node. */
    for (i = 0; i < f->stop_time_count; i++) {
        const struct dosah_feed_stop_time *st = &f->stop_times[i];
        size_t tr;
        int last = 0, firstk = 0;
        for (tr = 0; tr < f->trip_count; tr++) {
            if (i == f->trips[tr].first)
                firstk = 1;
            if (i == f->trips[tr].first + f->trips[tr].count - 1)
                last = 1;
        }
        /* platform 3i: board, wait for the next departure at the stop */
        {
            size_t p;
            ref_edge_add(r, (uint32_t)(3 * i), (uint32_t)(3 * i + 1), 0);
            for (p = 0; p + 1 < r->nplat[st->stop]; p++)
                if (r->plat[st->stop][p] == 3 * i)
                    ref_edge_add(r, (uint32_t)(3 * i), r->plat[st->stop][p + 1],
                                 r->time[r->plat[st->stop][p + 1]] - r->time[3 * i]);
        }
        /* on board 3i+1: ride to the next stop */
        if (!last)
            ref_edge_add(r, (uint32_t)(3 * i + 1), (uint32_t)(3 * (i + 1) + 2),
                         st[1].arrival_s - st->departure_s);
        /* arrival 3i+2: stay seated, change, walk one footpath, walk out */
        if (!firstk) {
            int32_t ready = st->arrival_s + change_of(f, st->stop);
            uint32_t p;
            size_t w;
            if (!last)
                ref_edge_add(r, (uint32_t)(3 * i + 2), (uint32_t)(3 * i + 1),
                             st->departure_s - st->arrival_s);
            if ((p = platform_at(r, st->stop, ready)) != UINT32_MAX)
                ref_edge_add(r, (uint32_t)(3 * i + 2), p, r->time[p] - st->arrival_s);
            for (w = 0; w < f->stop_count; w++) {
                double dx = f->stops[w].x - f->stops[st->stop].x;
                double dy = f->stops[w].y - f->stops[st->stop].y, dist = sqrt(dx * dx + dy * dy);
                int32_t walk = (int32_t)ceil(dist * 3.6 / WALK_KMH - 1e-9);
                if (w == st->stop || dist > FOOT_M)
                    continue;
                if ((p = platform_at(r, (uint32_t)w, ready + walk)) != UINT32_MAX)
                    ref_edge_add(r, (uint32_t)(3 * i + 2), p, r->time[p] - st->arrival_s);
            }
            if (egress[st->stop] >= 0)
                ref_edge_add(r, (uint32_t)(3 * i + 2), (uint32_t)(r->n - 1),
                             egress[st->stop]);
        }
    }
    for (i = 0; i < r->n; i++)
        r->first[i + 1] += r->first[i];
}

static void ref_free(struct ref *r)
{
    size_t i;
    for (i = 0; i < MAX_STOPS; i++)
        free(r->plat[i]);
    free(r->time);
    free(r->first);
    free(r->e);
}

/* Dijkstra from (stop, walk) starts at depart; the arrival at the sink, or NEVER. */
static int32_t ref_query(const struct ref *r, const uint32_t *stop, const int32_t *walk,
                         size_t count, int32_t depart)
{
    int64_t *dist = malloc(r->n * sizeof *dist);
    unsigned char *done = calloc(r->n, 1);
    uint32_t *heap = malloc((r->ne + count + 1) * sizeof *heap);
    size_t hn = 0, i;
    int32_t result = DOSAH_TRANSIT_NEVER;
    for (i = 0; i < r->n; i++)
        dist[i] = INT64_MAX;
#define PUSH(v)                                                                                   \
    do {                                                                                          \
        size_t c_ = hn++;                                                                         \
        heap[c_] = (v);                                                                           \
        while (c_ && dist[heap[(c_ - 1) / 2]] > dist[heap[c_]]) {                                 \
            uint32_t t_ = heap[c_];                                                               \
            heap[c_] = heap[(c_ - 1) / 2];                                                        \
            heap[(c_ - 1) / 2] = t_;                                                              \
            c_ = (c_ - 1) / 2;                                                                    \
        }                                                                                         \
    } while (0)
    for (i = 0; i < count; i++) {
        uint32_t p = platform_at(r, stop[i], depart + walk[i]);
        if (p != UINT32_MAX && r->time[p] - depart < dist[p]) {
            dist[p] = r->time[p] - depart;
            PUSH(p);
        }
    }
    while (hn) {
        uint32_t u = heap[0], c = 0;
        size_t k;
        heap[0] = heap[--hn];
        for (;;) {
            size_t l = 2 * c + 1, m = c;
            uint32_t t;
            if (l < hn && dist[heap[l]] < dist[heap[m]])
                m = l;
            if (l + 1 < hn && dist[heap[l + 1]] < dist[heap[m]])
                m = l + 1;
            if (m == c)
                break;
            t = heap[c];
            heap[c] = heap[m];
            heap[m] = t;
            c = (uint32_t)m;
        }
        if (done[u])
            continue;
        done[u] = 1;
        if (u == r->n - 1) {
            result = (int32_t)(depart + dist[u]);
            break;
        }
        for (k = r->first[u]; k < r->first[u + 1]; k++) {
            uint32_t v = r->e[k].to;
            if (!done[v] && dist[u] + r->e[k].w < dist[v]) {
                dist[v] = dist[u] + r->e[k].w;
                PUSH(v);
            }
        }
    }
#undef PUSH
    free(dist);
    free(done);
    free(heap);
    return result;
}

static void compare_on_seed(uint32_t seed)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    struct dosah_transit_day d;
    struct dosah_transit_options opt;
    struct dosah_transit_profile *p = NULL;
    struct ref r;
    int32_t egress[MAX_STOPS];
    uint32_t efac[MAX_STOPS];
    size_t s, checked = 0, reached = 0;
    int32_t day = dosah_transit_day_number(2026, 3, 2), t;
    rng = seed;
    make_feed(ctx, &f, MAX_STOPS, 12);
    for (s = 0; s < MAX_STOPS; s++) {
        int has = next(4) == 0;
        egress[s] = has ? (int32_t)next(600) : -1;
        efac[s] = has ? next(3) : DOSAH_NONE;
    }
    dosah_transit_options_init(&opt);
    opt.transfer_max_m = FOOT_M;
    opt.walk_kmh = WALK_KMH;
    assert_int_equal(dosah_transit_day_build(ctx, &f, day, 6 * 3600, 13 * 3600, &opt, &d), DOSAH_OK);
    assert_int_equal(dosah_transit_profile_build(ctx, &d, egress, efac, &p), DOSAH_OK);
    ref_build(&r, &f, egress);
    for (s = 0; s < MAX_STOPS; s++) {
        uint32_t stops[2] = {(uint32_t)s, next(MAX_STOPS)};
        int32_t walks[2] = {0, (int32_t)next(900)};
        struct dosah_transit_origin o = {stops, walks, 2, -1, DOSAH_NONE};
        for (t = 6 * 3600; t < 9 * 3600; t += 60) {
            uint32_t fac;
            int32_t got = dosah_transit_arrival(p, &o, t, &fac);
            int32_t want = ref_query(&r, stops, walks, 2, t);
            if (got != want)
                fail_msg("seed %u origin %zu depart %d: CSA %d, reference %d", seed, s, t, got,
                         want);
            checked++;
            reached += want != DOSAH_TRANSIT_NEVER;
        }
    }
    /* The generated feeds must exercise the comparison, not only unreachable cases. */
    assert_true(reached > checked / 10);
    ref_free(&r);
    dosah_transit_profile_destroy(p);
    dosah_transit_day_clear(&d);
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
}

static void test_against_time_expanded_dijkstra(void **state)
{
    uint32_t seed;
    (void)state;
    for (seed = 1; seed <= 12; seed++)
        compare_on_seed(seed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_time_expanded_dijkstra),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
