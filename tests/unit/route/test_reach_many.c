/* SPDX-License-Identifier: MIT */
/*
 * Tests of the threaded bounded searches: on a generated lattice of streets (one-way lines,
 * speed fields), dosah_route_reach_many must give exactly what dosah_route_reach gives for
 * each source in turn, whatever the number of threads, in both directions; bad input,
 * allocation failures in the calling thread and in the workers, and interruption leave no
 * set behind (and nothing leaked, under ASan); progress comes from the calling thread only.
 */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/route.h"
#include "dosah/snap.h"
#include "route/route_internal.h"

#define SIDE 30          /* lattice points per side, 100 m apart */
#define SOURCES 24
#define TARGETS 300
#define BOUND_S 150.0

struct fixture {
    struct dosah_ctx *ctx;
    struct dosah_roads roads;
    struct dosah_graph *g;
    struct dosah_snap src[SOURCES];
    struct dosah_snap dst[TARGETS];
};

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static double rng_unit(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

/* Lattice point (i, j), jittered by a function of (i, j) so that crossing lines meet. */
static void lattice(int i, int j, double *xy)
{
    uint64_t s = (uint64_t)(i * 1000 + j) * 7919u;
    xy[0] = 100.0 * i + (rng_unit(&s) - 0.5) * 30.0;
    xy[1] = 100.0 * j + (rng_unit(&s) - 0.5) * 30.0;
}

/* Rows and columns cut into lines of three cells; a tenth one-way, a few with a speed. */
static void make_roads(struct dosah_roads *r, uint64_t *rnd)
{
    size_t lines = 2 * SIDE * ((SIDE + 2) / 3), v = 0, l = 0;
    int dir, fixed, a, k;
    memset(r, 0, sizeof *r);
    r->vertex_offset = malloc((lines + 1) * sizeof *r->vertex_offset);
    r->xy = malloc(2 * lines * 4 * sizeof *r->xy);
    r->speed_kmh = malloc(lines * sizeof *r->speed_kmh);
    r->oneway = malloc(lines);
    for (dir = 0; dir < 2; dir++) {
        for (fixed = 0; fixed < SIDE; fixed++) {
            for (a = 0; a < SIDE - 1; a += 3, l++) {
                double u = rng_unit(rnd);
                r->vertex_offset[l] = v;
                for (k = a; k <= a + 3 && k < SIDE; k++, v++)
                    lattice(dir ? fixed : k, dir ? k : fixed, &r->xy[2 * v]);
                r->oneway[l] = (signed char)(u < 0.05 ? 1 : u < 0.1 ? -1 : 0);
                r->speed_kmh[l] = rng_unit(rnd) < 0.2 ? (float)(20.0 + 60.0 * u) : NAN;
            }
        }
    }
    r->vertex_offset[l] = v;
    r->line_count = l;
}

static void points(struct fixture *f, struct dosah_snap *out, size_t n, uint64_t *rnd)
{
    struct dosah_snap_index *idx = NULL;
    struct dosah_snap_options opt;
    struct dosah_point p[TARGETS];
    size_t i;
    for (i = 0; i < n; i++) {
        p[i].x = -150.0 + rng_unit(rnd) * 100.0 * (SIDE + 2);
        p[i].y = -150.0 + rng_unit(rnd) * 100.0 * (SIDE + 2);
    }
    dosah_snap_options_init(&opt);
    opt.snap_max_m = 60.0; /* some points stay unattached */
    assert_int_equal(dosah_snap_index_create(f->ctx, f->g, &idx), DOSAH_OK);
    assert_int_equal(dosah_snap_points(f->ctx, idx, p, n, &opt, out), DOSAH_OK);
    dosah_snap_index_destroy(idx);
}

static void setup(struct fixture *f)
{
    struct dosah_graph_options gopt;
    uint64_t rnd = 7;
    f->ctx = dosah_ctx_create();
    make_roads(&f->roads, &rnd);
    dosah_graph_options_init(&gopt);
    gopt.default_speed_kmh = 36.0;
    assert_int_equal(dosah_graph_build(f->ctx, &f->roads, &gopt, &f->g), DOSAH_OK);
    points(f, f->src, SOURCES, &rnd);
    points(f, f->dst, TARGETS, &rnd);
}

static void teardown(struct fixture *f)
{
    dosah_graph_destroy(f->g);
    free(f->roads.vertex_offset);
    free(f->roads.xy);
    free(f->roads.speed_kmh);
    free(f->roads.oneway);
    dosah_ctx_destroy(f->ctx);
}

/* The reference: dosah_route_reach from each source in turn. */
static struct dosah_route_reach_set *reference(struct fixture *f,
                                               const struct dosah_route_options *opt)
{
    struct dosah_route_workspace *ws = NULL;
    struct dosah_route_reach_set *set = calloc(1, sizeof *set);
    size_t s;
    set->source_count = SOURCES;
    set->offsets = malloc((SOURCES + 1) * sizeof *set->offsets);
    set->target = malloc(SOURCES * TARGETS * sizeof *set->target);
    set->time_s = malloc(SOURCES * TARGETS * sizeof *set->time_s);
    set->offsets[0] = 0;
    assert_int_equal(dosah_route_workspace_create(f->ctx, f->g, &ws), DOSAH_OK);
    for (s = 0; s < SOURCES; s++) {
        size_t n;
        assert_int_equal(dosah_route_reach(f->ctx, ws, &f->src[s], f->dst, TARGETS, opt,
                                           set->target + set->offsets[s],
                                           set->time_s + set->offsets[s], &n), DOSAH_OK);
        set->offsets[s + 1] = set->offsets[s] + n;
    }
    dosah_route_workspace_destroy(ws);
    return set;
}

static void free_reference(struct dosah_route_reach_set *set)
{
    free(set->offsets);
    free(set->target);
    free(set->time_s);
    free(set);
}

static void assert_same(const struct dosah_route_reach_set *a,
                        const struct dosah_route_reach_set *b)
{
    size_t s, k;
    assert_int_equal(a->source_count, b->source_count);
    for (s = 0; s <= a->source_count; s++)
        assert_int_equal(a->offsets[s], b->offsets[s]);
    for (k = 0; k < a->offsets[a->source_count]; k++) {
        assert_int_equal(a->target[k], b->target[k]);
        assert_true(a->time_s[k] == b->time_s[k]); /* exactly */
    }
}

/* The direct way of the fixture's points: within 120 m (two snap_max_m), at their access
 * pace (5 km/h over the straight line). */
static void direct_way(struct dosah_route_options *opt)
{
    opt->direct_max_m = 120.0;
    opt->direct_s_per_m = 3.6 / 5.0;
}

/* Per target, the least time over the sources of a reach set; INFINITY when none. */
static void least_times(const struct dosah_route_reach_set *set, double *least)
{
    size_t t, k;
    for (t = 0; t < TARGETS; t++)
        least[t] = INFINITY;
    for (k = 0; k < set->offsets[set->source_count]; k++)
        if (set->time_s[k] < least[set->target[k]])
            least[set->target[k]] = set->time_s[k];
}

static void test_same_as_one_by_one(void **state)
{
    static const unsigned threads[] = {1, 2, 3, 8, 0};
    struct fixture f;
    struct dosah_route_options opt;
    size_t t, s, reached = 0, empty = 0, shorter = 0, many = 0, few = 0;
    double least[2][TARGETS];
    int dir, direct;
    (void)state;
    setup(&f);
    for (dir = 0; dir < 2; dir++) {
        for (direct = 0; direct < 2; direct++) {
            struct dosah_route_reach_set *ref;
            dosah_route_options_init(&opt);
            opt.direction = (enum dosah_route_direction)dir;
            opt.max_time_s = BOUND_S;
            if (direct)
                direct_way(&opt);
            ref = reference(&f, &opt);
            for (s = 0; s < SOURCES; s++) {
                reached += ref->offsets[s + 1] - ref->offsets[s];
                empty += ref->offsets[s + 1] == ref->offsets[s];
                many += ref->offsets[s + 1] - ref->offsets[s] >= 64;
                few += ref->offsets[s + 1] - ref->offsets[s] < 64;
            }
            for (t = 0; t < sizeof threads / sizeof threads[0]; t++) {
                struct dosah_route_reach_set *set = NULL;
                assert_int_equal(dosah_route_reach_many(f.ctx, f.g, f.src, SOURCES, f.dst,
                                                        TARGETS, &opt, threads[t], &set),
                                 DOSAH_OK);
                assert_non_null(set);
                assert_same(set, ref);
                dosah_route_reach_set_destroy(set);
            }
            least_times(ref, least[direct]);
            free_reference(ref);
        }
        /* The direct way only ever shortens a time, and it does here. */
        for (t = 0; t < TARGETS; t++) {
            assert_true(least[1][t] <= least[0][t]);
            shorter += least[1][t] < least[0][t];
        }
    }
    /* The fixture is worth its salt: partial reach, and some sources reach nothing. Some
     * reach 64 targets and more (their result is put in order through a bitset), some fewer
     * (by a comparison sort). */
    assert_true(reached > 4 * SOURCES && reached < 2 * SOURCES * TARGETS);
    assert_true(empty > 0);
    assert_true(many > 0 && few > 0);
    assert_true(shorter > 0);
    teardown(&f);
}

/* What the visitor test records: per source, how often it was visited. */
struct visits {
    struct fixture *f;
    const struct dosah_route_options *opt;
    const struct dosah_route_reach_set *ref;
    struct dosah_route_workspace *own[8]; /* per worker, for a search of its own */
    unsigned threads;
    int times[SOURCES];
    size_t fail_at; /* SOURCES: never */
};

/* Checks a visit against the reference: the targets, and every node's time equal to those
 * a search of its own from the same source leaves. */
static enum dosah_status visit(void *arg, unsigned worker, struct dosah_ctx *ctx, size_t s,
                               const struct dosah_route_workspace *ws, const uint32_t *target,
                               const double *time_s, size_t count)
{
    struct visits *v = arg;
    size_t k, n = 0, e = v->ref->offsets[s];
    uint32_t node;
    uint32_t tt[TARGETS];
    double ts[TARGETS];
    assert_true(worker < v->threads && worker < 8);
    v->times[s]++;
    if (s == v->fail_at)
        return dosah_error_set(ctx, DOSAH_EINVAL, "visitor refuses source %zu", s);
    assert_int_equal(count, v->ref->offsets[s + 1] - e);
    for (k = 0; k < count; k++) {
        assert_int_equal(target[k], v->ref->target[e + k]);
        assert_true(time_s[k] == v->ref->time_s[e + k]);
    }
    assert_int_equal(dosah_route_reach(ctx, v->own[worker], &v->f->src[s], v->f->dst, TARGETS,
                                       v->opt, tt, ts, &n),
                     DOSAH_OK);
    for (node = 0; node < dosah_graph_node_count(v->f->g); node++) {
        double a = dosah_route_node_time_s(ws, node);
        double b = dosah_route_node_time_s(v->own[worker], node);
        assert_true(a == b || (isnan(a) && isnan(b)));
    }
    return DOSAH_OK;
}

/* The visitor sees each search once, in a worker of its own, with that search's labels;
 * its failure stops the call with its message. */
static void test_visitor(void **state)
{
    static const unsigned threads[] = {1, 2, 3};
    struct fixture f;
    struct dosah_route_options opt;
    struct dosah_route_reach_set *ref;
    size_t t, s, k;
    (void)state;
    setup(&f);
    dosah_route_options_init(&opt);
    opt.max_time_s = BOUND_S;
    direct_way(&opt);
    ref = reference(&f, &opt);
    for (t = 0; t < 2 * (sizeof threads / sizeof threads[0]); t++) {
        struct visits v;
        struct dosah_route_visitor vis = {"polygons", visit, &v};
        struct dosah_route_reach_set *set = NULL;
        enum dosah_status st;
        memset(&v, 0, sizeof v);
        v.f = &f, v.opt = &opt, v.ref = ref, v.threads = threads[t % 3];
        v.fail_at = t < 3 ? SOURCES : 5;
        for (k = 0; k < 8; k++)
            assert_int_equal(dosah_route_workspace_create(f.ctx, f.g, &v.own[k]), DOSAH_OK);
        st = dosah_route_reach_many_visit(f.ctx, f.g, f.src, SOURCES, f.dst, TARGETS, &opt,
                                          v.threads, &vis, &set);
        if (t < 3) {
            assert_int_equal(st, DOSAH_OK);
            assert_same(set, ref);
            for (s = 0; s < SOURCES; s++)
                assert_int_equal(v.times[s], 1);
        } else {
            assert_int_equal(st, DOSAH_EINVAL);
            assert_null(set);
            assert_string_equal(dosah_ctx_errmsg(f.ctx), "visitor refuses source 5");
            assert_int_equal(v.times[5], 1);
        }
        dosah_route_reach_set_destroy(set);
        for (k = 0; k < 8; k++)
            dosah_route_workspace_destroy(v.own[k]);
    }
    free_reference(ref);
    teardown(&f);
}

/* The nearest search with the direct way (its own grid of the sources) gives every target the
 * least time of the one-by-one searches, in both directions. */
static void test_nearest_with_direct_way(void **state)
{
    struct fixture f;
    struct dosah_route_options opt;
    struct dosah_route_workspace *ws = NULL;
    double least[TARGETS], time_s[TARGETS];
    uint32_t nearest[TARGETS];
    size_t t, found = 0;
    int dir;
    (void)state;
    setup(&f);
    assert_int_equal(dosah_route_workspace_create(f.ctx, f.g, &ws), DOSAH_OK);
    for (dir = 0; dir < 2; dir++) {
        struct dosah_route_reach_set *ref;
        dosah_route_options_init(&opt);
        opt.direction = (enum dosah_route_direction)dir;
        opt.max_time_s = BOUND_S;
        direct_way(&opt);
        ref = reference(&f, &opt);
        least_times(ref, least);
        assert_int_equal(dosah_route_nearest(f.ctx, ws, f.src, SOURCES, f.dst, TARGETS, &opt,
                                             time_s, nearest),
                         DOSAH_OK);
        for (t = 0; t < TARGETS; t++) {
            if (least[t] == INFINITY) {
                assert_true(isnan(time_s[t]));
                continue;
            }
            assert_true(time_s[t] == least[t]);
            found++;
        }
        free_reference(ref);
    }
    assert_true(found > 0);
    dosah_route_workspace_destroy(ws);
    teardown(&f);
}

static void test_no_source_and_bad_input(void **state)
{
    struct fixture f;
    struct dosah_route_options opt;
    struct dosah_route_reach_set *set = NULL;
    struct dosah_snap bad[SOURCES];
    (void)state;
    setup(&f);
    dosah_route_options_init(&opt);
    assert_int_equal(dosah_route_reach_many(f.ctx, f.g, f.src, 0, f.dst, TARGETS, &opt, 2,
                                            &set), DOSAH_OK);
    assert_int_equal(set->source_count, 0);
    assert_int_equal(set->offsets[0], 0);
    set = dosah_route_reach_set_destroy(set);
    assert_null(dosah_route_reach_set_destroy(NULL));

    opt.max_time_s = NAN;
    set = (struct dosah_route_reach_set *)(void *)&opt; /* must come back NULL */
    assert_int_equal(dosah_route_reach_many(f.ctx, f.g, f.src, SOURCES, f.dst, TARGETS, &opt,
                                            2, &set), DOSAH_EINVAL);
    assert_null(set);
    dosah_route_options_init(&opt);
    memcpy(bad, f.src, sizeof bad);
    bad[3].attached = 1;
    bad[3].link = 1u << 30;
    assert_int_equal(dosah_route_reach_many(f.ctx, f.g, bad, SOURCES, f.dst, TARGETS, &opt, 2,
                                            &set), DOSAH_EINVAL);
    assert_null(set);
    assert_non_null(strstr(dosah_ctx_errmsg(f.ctx), "source 3"));
    teardown(&f);
}

/*
 * Every allocation made on the caller's context fails in turn, with two threads: the set,
 * its offsets, the source slots, the targets' index (their legs for a while, the CSR by
 * node in three arrays, the list by link), the workers; per worker its workspace (the
 * struct and its times, sources and settled nodes: 4), the two arrays of one search's
 * result, the best time and the direct way's time per target, the bitset that sorts a
 * search's result (the grid of the direct way is not made without one); the set's two
 * arrays: 9 + 2 * 9 + 2 = 29.
 */
static void test_allocation_failures(void **state)
{
    struct fixture f;
    struct dosah_route_options opt;
    struct dosah_route_reach_set *ref;
    long n, failures = 0;
    (void)state;
    setup(&f);
    dosah_route_options_init(&opt);
    opt.max_time_s = BOUND_S;
    ref = reference(&f, &opt);
    for (n = 0;; n++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_route_reach_set *set = NULL;
        enum dosah_status st;
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_route_reach_many(ctx, f.g, f.src, SOURCES, f.dst, TARGETS, &opt, 2, &set);
        if (st == DOSAH_OK) {
            assert_same(set, ref);
            dosah_route_reach_set_destroy(set);
            dosah_ctx_destroy(ctx);
            break;
        }
        assert_int_equal(st, DOSAH_ENOMEM);
        assert_null(set);
        dosah_ctx_destroy(ctx);
        failures++;
    }
    assert_int_equal(failures, 29);
    free_reference(ref);
    teardown(&f);
}

/*
 * Every allocation of the workers' own contexts (the search queue, the result buffers)
 * fails in turn: the failure and its message reach the caller's context.
 */
static void test_worker_allocation_failures(void **state)
{
    struct fixture f;
    struct dosah_route_options opt;
    struct dosah_route_reach_set *ref;
    unsigned threads;
    (void)state;
    setup(&f);
    dosah_route_options_init(&opt);
    opt.direction = DOSAH_ROUTE_TO_SOURCES;
    opt.max_time_s = BOUND_S;
    ref = reference(&f, &opt);
    for (threads = 1; threads <= 2; threads++) {
        long n, failures = 0;
        for (n = 0;; n++) {
            struct dosah_ctx *ctx = dosah_ctx_create();
            struct dosah_route_reach_set *set = NULL;
            enum dosah_status st = dosah_route_reach_many_hooked(
                ctx, f.g, f.src, SOURCES, f.dst, TARGETS, &opt, threads, NULL, n, &set);
            if (st == DOSAH_OK) {
                assert_same(set, ref);
                dosah_route_reach_set_destroy(set);
                dosah_ctx_destroy(ctx);
                break;
            }
            assert_int_equal(st, DOSAH_ENOMEM);
            assert_null(set);
            assert_non_null(strstr(dosah_ctx_errmsg(ctx), "out of memory"));
            dosah_ctx_destroy(ctx);
            failures++;
        }
        /* At least the queue's first buckets and the first result buffers. */
        assert_true(failures >= 4);
    }
    free_reference(ref);
    teardown(&f);
}

/* Progress calls: on which thread, how many, and when to ask to stop (0: never). */
struct watch {
    pthread_t main;
    int calls;
    int stop_at;
    int off_main;
    double last;
    int backwards;
};

static int watch_progress(double fraction, const char *stage, void *user)
{
    struct watch *w = user;
    assert_string_equal(stage, "route");
    w->calls++;
    w->off_main += !pthread_equal(pthread_self(), w->main);
    w->backwards += fraction < w->last;
    w->last = fraction;
    return w->stop_at && w->calls >= w->stop_at;
}

/*
 * Progress comes from the calling thread only, never backwards; asking to stop at the start
 * (two threads) or after the second source (one thread, so the count is certain) fails
 * with DOSAH_EINTERRUPT.
 */
static void test_progress_and_interrupt(void **state)
{
    static const int stops[] = {0, 1, 3};
    static const unsigned threads[] = {2, 2, 1};
    struct fixture f;
    struct dosah_route_options opt;
    size_t k;
    (void)state;
    setup(&f);
    dosah_route_options_init(&opt);
    opt.max_time_s = BOUND_S;
    for (k = 0; k < sizeof stops / sizeof stops[0]; k++) {
        struct watch w;
        struct dosah_route_reach_set *set = NULL;
        enum dosah_status st;
        memset(&w, 0, sizeof w);
        w.main = pthread_self();
        w.stop_at = stops[k];
        dosah_ctx_set_progress(f.ctx, watch_progress, &w);
        st = dosah_route_reach_many(f.ctx, f.g, f.src, SOURCES, f.dst, TARGETS, &opt,
                                    threads[k], &set);
        dosah_ctx_set_progress(f.ctx, NULL, NULL);
        assert_int_equal(w.off_main, 0);
        assert_int_equal(w.backwards, 0);
        if (stops[k] == 0) {
            assert_int_equal(st, DOSAH_OK);
            /* The start, once per source of the calling thread, and the end. */
            assert_true(w.calls >= 2 && w.calls <= SOURCES + 2);
            assert_true(w.last == 1.0);
            dosah_route_reach_set_destroy(set);
            continue;
        }
        assert_int_equal(st, DOSAH_EINTERRUPT);
        assert_null(set);
        assert_int_equal(w.calls, stops[k]);
        assert_non_null(strstr(dosah_ctx_errmsg(f.ctx), "route"));
    }
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_one_by_one),
        cmocka_unit_test(test_nearest_with_direct_way),
        cmocka_unit_test(test_visitor),
        cmocka_unit_test(test_no_source_and_bad_input),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_worker_allocation_failures),
        cmocka_unit_test(test_progress_and_interrupt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
