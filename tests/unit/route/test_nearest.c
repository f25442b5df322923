/* SPDX-License-Identifier: MIT */
/*
 * Tests of the nearest-facility search on small hand-made networks. Every road runs at
 * 36 km/h (10 m/s, so 1 s per 10 m) and the access walk at 3.6 km/h (1 m/s, so 1 s per
 * metre); every expected time below is worked out by hand from the drawn network.
 */
#include <math.h>
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
#include "unit/net/roads_fixture.h"

#define MAX_POINTS 8

static char *classes[] = {"residential"};
static const double class_speeds[] = {36.0};

struct fixture {
    struct dosah_ctx *ctx;
    struct dosah_roads roads;
    struct dosah_graph *g;
    struct dosah_snap_index *idx;
    struct dosah_route_workspace *ws;
    struct dosah_snap_options snap;
};

static void setup(struct fixture *f, const struct fx_line *lines, size_t n)
{
    struct dosah_graph_options opt;
    f->ctx = dosah_ctx_create();
    fx_roads(&f->roads, lines, n, classes, 1);
    dosah_graph_options_init(&opt);
    opt.class_speed_kmh = class_speeds;
    opt.class_count = 1;
    assert_int_equal(dosah_graph_build(f->ctx, &f->roads, &opt, &f->g), DOSAH_OK);
    assert_int_equal(dosah_snap_index_create(f->ctx, f->g, &f->idx), DOSAH_OK);
    assert_int_equal(dosah_route_workspace_create(f->ctx, f->g, &f->ws), DOSAH_OK);
    dosah_snap_options_init(&f->snap);
    f->snap.access_kmh = 3.6;
}

static void teardown(struct fixture *f)
{
    dosah_route_workspace_destroy(f->ws);
    dosah_snap_index_destroy(f->idx);
    dosah_graph_destroy(f->g);
    fx_roads_free(&f->roads);
    dosah_ctx_destroy(f->ctx);
}

/* Snaps the points (x, y pairs) into out. */
static void snap(struct fixture *f, const double *xy, size_t n, struct dosah_snap *out)
{
    struct dosah_point p[MAX_POINTS];
    size_t i;
    assert_true(n <= MAX_POINTS);
    for (i = 0; i < n; i++) {
        p[i].x = xy[2 * i];
        p[i].y = xy[2 * i + 1];
    }
    assert_int_equal(dosah_snap_points(f->ctx, f->idx, p, n, &f->snap, out), DOSAH_OK);
}

/* Routes from facilities src to clients dst in the given direction. */
static void route(struct fixture *f, const double *src, size_t ns, const double *dst,
                  size_t nd, enum dosah_route_direction dir, double *time_s, uint32_t *nearest)
{
    struct dosah_snap s[MAX_POINTS], d[MAX_POINTS];
    struct dosah_route_options opt;
    snap(f, src, ns, s);
    snap(f, dst, nd, d);
    dosah_route_options_init(&opt);
    opt.direction = dir;
    assert_int_equal(dosah_route_nearest(f->ctx, f->ws, s, ns, d, nd, &opt, time_s, nearest),
                     DOSAH_OK);
}

/*
 * A one-way street (0,0) -> (1000,0) and a two-way detour back (1000,0) (1000,1000)
 * (0,1000) (0,0) of 3000 m. Facility F (200,-10), client P (800,-10): both 10 m below the
 * street, at 200 m and 800 m along it.
 *   field (F -> P): along the street 600 m = 60 s, plus 10 s + 10 s access: 80 s.
 *   ambulant (P -> F): P cannot go back; 200 m to (1000,0) = 20 s, the detour 300 s,
 *   200 m to F = 20 s, plus 20 s access: 360 s.
 * The same street digitised the other way, (1000,0) -> (0,0) with oneway -1, gives the
 * same times.
 */
static const struct fx_line forward_street[] = {
    {1, 2, {0, 0, 1000, 0}, 0, NAN, 1},
    {2, 4, {1000, 0, 1000, 1000, 0, 1000, 0, 0}, 0, NAN, 0},
};
static const struct fx_line backward_street[] = {
    {1, 2, {1000, 0, 0, 0}, 0, NAN, -1},
    {2, 4, {1000, 0, 1000, 1000, 0, 1000, 0, 0}, 0, NAN, 0},
};

static void check_directions(const struct fx_line *lines)
{
    static const double fac[] = {200, -10}, cli[] = {800, -10};
    struct fixture f;
    double t;
    uint32_t s;
    setup(&f, lines, 2);
    route(&f, fac, 1, cli, 1, DOSAH_ROUTE_FROM_SOURCES, &t, &s);
    assert_float_equal(t, 80.0, 1e-6);
    assert_int_equal(s, 0);
    route(&f, fac, 1, cli, 1, DOSAH_ROUTE_TO_SOURCES, &t, &s);
    assert_float_equal(t, 360.0, 1e-6);
    assert_int_equal(s, 0);
    teardown(&f);
}

static void test_field_and_ambulant_on_oneway(void **state)
{
    (void)state;
    check_directions(forward_street);
    check_directions(backward_street);
}

/*
 * The one-way street of forward_street alone, without the detour: F -> P along it is 80 s
 * as above; P -> F has no way at all (the direct way on the shared link is against the
 * one-way), so P is unreached: NAN and no nearest facility, not an infinite time.
 */
static void test_oneway_only_way_forbidden(void **state)
{
    static const double fac[] = {200, -10}, cli[] = {800, -10};
    struct fixture f;
    double t;
    uint32_t s;
    (void)state;
    setup(&f, forward_street, 1);
    route(&f, fac, 1, cli, 1, DOSAH_ROUTE_FROM_SOURCES, &t, &s);
    assert_float_equal(t, 80.0, 1e-6);
    route(&f, fac, 1, cli, 1, DOSAH_ROUTE_TO_SOURCES, &t, &s);
    assert_true(isnan(t));
    assert_int_equal(s, DOSAH_NONE);
    teardown(&f);
}

/*
 * One-way streets meeting at J (100,0): (0,0) -> J one-way in; J -> (200,0) one-way out;
 * J-(100,100) digitised from J but oneway -1, so only travelled toward J. Two-way:
 * (200,0) (200,100) (100,100) [200 m] and (100,100) (0,100) (0,0) [200 m].
 * The facility sits exactly on J (snap 0 m, at the node: every edge of J usable).
 * Client P (50,-10) on the first street, 50 m along; client Q (110,50) on J-(100,100),
 * 50 m along.
 *   field J -> P: out of J only east: 100 + 200 + 200 to (0,0), then 50: 550 m = 55 s
 *   + 10 s access = 65 s.  J -> Q: Q is entered only from (100,100): 100 + 200 + 50 =
 *   350 m = 35 s + 10 s = 45 s.
 *   ambulant P -> J: 50 m = 5 s + 10 s = 15 s.  Q -> J: 50 m back to J = 5 s + 10 s = 15 s.
 */
static const struct fx_line junction[] = {
    {1, 2, {0, 0, 100, 0}, 0, NAN, 1},
    {2, 2, {100, 0, 200, 0}, 0, NAN, 1},
    {3, 2, {100, 0, 100, 100}, 0, NAN, -1},
    {4, 3, {200, 0, 200, 100, 100, 100}, 0, NAN, 0},
    {5, 3, {100, 100, 0, 100, 0, 0}, 0, NAN, 0},
};

static void test_point_on_oneway_junction(void **state)
{
    static const double fac[] = {100, 0}, cli[] = {50, -10, 110, 50};
    struct fixture f;
    struct dosah_snap s;
    double t[2];
    uint32_t n[2];
    (void)state;
    setup(&f, junction, 5);
    snap(&f, fac, 1, &s);
    assert_true(s.snap_m == 0.0);
    assert_int_equal(s.link, 0);
    assert_true(s.along_m == 100.0); /* the end of (0,0) -> J: the node J */
    route(&f, fac, 1, cli, 2, DOSAH_ROUTE_FROM_SOURCES, t, n);
    assert_float_equal(t[0], 65.0, 1e-6);
    assert_float_equal(t[1], 45.0, 1e-6);
    route(&f, fac, 1, cli, 2, DOSAH_ROUTE_TO_SOURCES, t, n);
    assert_float_equal(t[0], 15.0, 1e-6);
    assert_float_equal(t[1], 15.0, 1e-6);
    teardown(&f);
}

/*
 * A bridge: road A (0,0)-(1000,0) passes under road B (500,-500)-(500,500) with no shared
 * vertex; road C (500,500) (1000,500) (1000,0) joins B's top to A's east end.
 * Facility F (100,-10) on A at 100 m; client P (510,400) on B, 10 m east of (500,400).
 * Were the crossing a junction: 400 + 400 m = 80 s + 20 s = 100 s. It is not:
 * 900 m east on A, 1000 m on C, 100 m down B = 2000 m = 200 s, plus 20 s: 220 s.
 */
static const struct fx_line bridge[] = {
    {1, 2, {0, 0, 1000, 0}, 0, NAN, 0},
    {2, 2, {500, -500, 500, 500}, 0, NAN, 0},
    {3, 3, {500, 500, 1000, 500, 1000, 0}, 0, NAN, 0},
};

static void test_bridge(void **state)
{
    static const double fac[] = {100, -10}, cli[] = {510, 400};
    struct fixture f;
    double t;
    uint32_t s;
    (void)state;
    setup(&f, bridge, 3);
    route(&f, fac, 1, cli, 1, DOSAH_ROUTE_FROM_SOURCES, &t, &s);
    assert_float_equal(t, 220.0, 1e-6);
    route(&f, fac, 1, cli, 1, DOSAH_ROUTE_TO_SOURCES, &t, &s);
    assert_float_equal(t, 220.0, 1e-6);
    teardown(&f);
}

/*
 * An island: road (0,0)-(1000,0) and, apart, (5000,0)-(6000,0). Facilities: F0 (500,5000)
 * is 5000 m from every road, beyond snap_max_m = 2000, so it is ignored; F1 (100,-10).
 * Clients: P0 (900,-10): 800 m = 80 s + 20 s = 100 s from F1; P1 (5500,-10) on the island:
 * unreachable; P2 (500,-3000): beyond the limit, unreachable (never 0) although 3000 m.
 */
static const struct fx_line island[] = {
    {1, 2, {0, 0, 1000, 0}, 0, NAN, 0},
    {2, 2, {5000, 0, 6000, 0}, 0, NAN, 0},
};

static void test_island_and_snap_limit(void **state)
{
    static const double fac[] = {500, 5000, 100, -10};
    static const double cli[] = {900, -10, 5500, -10, 500, -3000};
    struct fixture f;
    struct dosah_snap s[3];
    double t[3];
    uint32_t n[3];
    int dir;
    (void)state;
    setup(&f, island, 2);
    for (dir = 0; dir < 2; dir++) {
        route(&f, fac, 2, cli, 3, (enum dosah_route_direction)dir, t, n);
        assert_float_equal(t[0], 100.0, 1e-6);
        assert_int_equal(n[0], 1);
        assert_true(isnan(t[1]));
        assert_int_equal(n[1], DOSAH_NONE);
        assert_true(isnan(t[2]));
        assert_int_equal(n[2], DOSAH_NONE);
    }
    snap(&f, cli, 3, s);
    assert_false(s[2].attached);
    assert_float_equal(s[2].snap_m, 3000.0, 1e-9);
    teardown(&f);
}

/*
 * Ties. Three roads in a row: (0,0)-(1000,0), (1000,0)-(2000,0), (2000,0)-(3000,0).
 * Client P (1500,-10). Facilities L (700,-10) and R (2300,-10): each 300 m to the middle
 * road's end and 500 m on it: 800 m = 80 s + 20 s = 100 s, a tie: the lower index wins.
 * Far facility X (2900,-10): 1400 m, 160 s.
 */
static const struct fx_line row[] = {
    {1, 2, {0, 0, 1000, 0}, 0, NAN, 0},
    {2, 2, {1000, 0, 2000, 0}, 0, NAN, 0},
    {3, 2, {2000, 0, 3000, 0}, 0, NAN, 0},
};

static void test_ties_lower_index_wins(void **state)
{
    static const double lr[] = {700, -10, 2300, -10}, rl[] = {2300, -10, 700, -10};
    static const double xrl[] = {2900, -10, 2300, -10, 700, -10}, cli[] = {1500, -10};
    struct fixture f;
    double t;
    uint32_t s;
    int dir;
    (void)state;
    setup(&f, row, 3);
    for (dir = 0; dir < 2; dir++) {
        route(&f, lr, 2, cli, 1, (enum dosah_route_direction)dir, &t, &s);
        assert_float_equal(t, 100.0, 1e-6);
        assert_int_equal(s, 0);
        route(&f, rl, 2, cli, 1, (enum dosah_route_direction)dir, &t, &s);
        assert_float_equal(t, 100.0, 1e-6);
        assert_int_equal(s, 0);
        route(&f, xrl, 3, cli, 1, (enum dosah_route_direction)dir, &t, &s);
        assert_float_equal(t, 100.0, 1e-6);
        assert_int_equal(s, 1);
    }
    teardown(&f);
}

/*
 * Two points on the same two-way link: road (0,0)-(1000,0) alone, facility at 200 m,
 * client at 700 m: directly 500 m = 50 s + 20 s = 70 s both ways (through the ends it
 * would be impossible: they are dead ends). Two facilities on the link, at 100 m and 900 m,
 * client at 600 m: 300 m from the second = 30 s + 20 s = 50 s.
 */
static const struct fx_line single[] = {
    {1, 2, {0, 0, 1000, 0}, 0, NAN, 0},
};

static void test_same_link(void **state)
{
    static const double fac[] = {200, 10}, cli[] = {700, -10};
    static const double two[] = {100, 10, 900, 10}, mid[] = {600, -10};
    struct fixture f;
    double t;
    uint32_t s;
    int dir;
    (void)state;
    setup(&f, single, 1);
    for (dir = 0; dir < 2; dir++) {
        route(&f, fac, 1, cli, 1, (enum dosah_route_direction)dir, &t, &s);
        assert_float_equal(t, 70.0, 1e-6);
        route(&f, two, 2, mid, 1, (enum dosah_route_direction)dir, &t, &s);
        assert_float_equal(t, 50.0, 1e-6);
        assert_int_equal(s, 1);
    }
    teardown(&f);
}

/*
 * The direct way between points closer to each other than their access legs together, on
 * forward_street (one-way (0,0) -> (1000,0), 10 m/s; the detour back 3,000 m), at the access
 * pace of 1 s per metre, up to 1,000 m. G (0,-10) is 10 m from node (0,0); F (400,-300) and
 * P (600,-300) hang 300 m below the street, Q (600,-50) 50 m, R (800,-10) 10 m.
 *   F -> P, field: 200 m apart (<= 300 + 300): 200 s, not 300 + 20 + 300 = 620 s; so of
 *   G (10 + 60 + 300 = 370 s) and F, F is P's nearest.
 *   P -> F, ambulant: 200 s, not 300 + 40 + 300 (the detour) + 40 + 300 = 980 s.
 *   F -> Q: hypot(200, 250) = 320.156 m (<= 300 + 50): 320.156 s, not 370 s; with the
 *   direct way limited to 250 m, 370 s.
 *   F -> R: hypot(400, 290) = 494.07 m > 300 + 10: by the street, 300 + 40 + 10 = 350 s.
 * Bounded reach from F: within 400 s P, Q and R (200, 320.156, 350 s); within 300 s P alone.
 */
static void route_direct(struct fixture *f, const double *src, size_t ns, const double *dst,
                         size_t nd, enum dosah_route_direction dir, double max_m,
                         double *time_s, uint32_t *nearest)
{
    struct dosah_snap s[MAX_POINTS], d[MAX_POINTS];
    struct dosah_route_options opt;
    snap(f, src, ns, s);
    snap(f, dst, nd, d);
    dosah_route_options_init(&opt);
    opt.direction = dir;
    opt.direct_max_m = max_m;
    opt.direct_s_per_m = 1.0;
    assert_int_equal(dosah_route_nearest(f->ctx, f->ws, s, ns, d, nd, &opt, time_s, nearest),
                     DOSAH_OK);
}

static void test_direct_way(void **state)
{
    static const double gf[] = {0, -10, 400, -300}, f_only[] = {400, -300};
    static const double pqr[] = {600, -300, 600, -50, 800, -10};
    struct dosah_snap src, dst[3];
    struct dosah_route_options opt;
    struct fixture f;
    double t[3], reached_s[3];
    uint32_t s[3], reached[3];
    size_t n;
    (void)state;
    setup(&f, forward_street, 2);
    route(&f, gf, 2, pqr, 1, DOSAH_ROUTE_FROM_SOURCES, t, s);
    assert_float_equal(t[0], 370.0, 1e-6); /* without the direct way: G */
    assert_int_equal(s[0], 0);
    route_direct(&f, gf, 2, pqr, 1, DOSAH_ROUTE_FROM_SOURCES, 1000, t, s);
    assert_float_equal(t[0], 200.0, 1e-6);
    assert_int_equal(s[0], 1);
    route_direct(&f, f_only, 1, pqr, 3, DOSAH_ROUTE_FROM_SOURCES, 1000, t, s);
    assert_float_equal(t[0], 200.0, 1e-6);
    assert_float_equal(t[1], hypot(200, 250), 1e-6);
    assert_float_equal(t[2], 350.0, 1e-6);
    route_direct(&f, f_only, 1, pqr, 3, DOSAH_ROUTE_TO_SOURCES, 1000, t, s);
    assert_float_equal(t[0], 200.0, 1e-6);
    route(&f, f_only, 1, pqr, 1, DOSAH_ROUTE_TO_SOURCES, t, s);
    assert_float_equal(t[0], 980.0, 1e-6);
    route_direct(&f, f_only, 1, pqr, 3, DOSAH_ROUTE_FROM_SOURCES, 250, t, s);
    assert_float_equal(t[0], 200.0, 1e-6);
    assert_float_equal(t[1], 370.0, 1e-6);
    /* the bounded reach of one source */
    snap(&f, f_only, 1, &src);
    snap(&f, pqr, 3, dst);
    dosah_route_options_init(&opt);
    opt.direct_max_m = 1000;
    opt.direct_s_per_m = 1.0;
    opt.max_time_s = 400;
    assert_int_equal(dosah_route_reach(f.ctx, f.ws, &src, dst, 3, &opt, reached, reached_s, &n),
                     DOSAH_OK);
    assert_int_equal(n, 3);
    assert_float_equal(reached_s[0], 200.0, 1e-6);
    assert_float_equal(reached_s[1], hypot(200, 250), 1e-6);
    assert_float_equal(reached_s[2], 350.0, 1e-6);
    opt.max_time_s = 300;
    assert_int_equal(dosah_route_reach(f.ctx, f.ws, &src, dst, 3, &opt, reached, reached_s, &n),
                     DOSAH_OK);
    assert_int_equal(n, 1);
    assert_int_equal(reached[0], 0);
    teardown(&f);
}

/*
 * Times closer together than the queue's tick (1/1024 s) are still taken in exact order.
 * From S (0,0) a line bent through (500, 1.4) to X (1000.001, 0.002): hypot(500, 1.4) +
 * hypot(500.001, 1.398) = 1000.00492 m, 100.000492 s; and a line to Y (1000.001, 0),
 * 100.0001 s, then Y-X, 2 mm, 0.0002 s: 100.0003 s, all within one tick. A queue that took
 * X's first label before Y's would give X 100.0005 s.
 */
static const struct fx_line close_times[] = {
    {1, 3, {0, 0, 500, 1.4, 1000.001, 0.002}, 0, NAN, 0},
    {2, 2, {0, 0, 1000.001, 0}, 0, NAN, 0},
    {3, 2, {1000.001, 0, 1000.001, 0.002}, 0, NAN, 0},
};

static void test_close_times_in_order(void **state)
{
    static const double fac[] = {0, 0}, cli[] = {1000.001, 0.002};
    struct fixture f;
    struct dosah_graph_link l;
    double t, direct;
    uint32_t s;
    (void)state;
    setup(&f, close_times, 3);
    dosah_graph_get_link(f.g, 0, &l);
    direct = l.time_s;
    assert_float_equal(direct, 100.000492, 2e-5);
    route(&f, fac, 1, cli, 1, DOSAH_ROUTE_FROM_SOURCES, &t, &s);
    assert_float_equal(t, 100.0003, 2e-5);
    assert_true(t < direct - 1e-4);
    route(&f, fac, 1, cli, 1, DOSAH_ROUTE_TO_SOURCES, &t, &s);
    assert_float_equal(t, 100.0003, 2e-5);
    teardown(&f);
}

/* The node at exactly (x, y); fails the test unless there is exactly one. */
static uint32_t node_at(const struct dosah_graph *g, double x, double y)
{
    size_t v, n = dosah_graph_node_count(g), found = 0;
    uint32_t id = DOSAH_NONE;
    for (v = 0; v < n; v++) {
        struct dosah_point p = dosah_graph_node_xy(g, (uint32_t)v);
        if (p.x == x && p.y == y) {
            id = (uint32_t)v;
            found++;
        }
    }
    assert_int_equal(found, 1);
    return id;
}

/*
 * Bounded reach on the row of three roads from facility L (700,-10), bound 100 s.
 * Nodes: (0,0), (1000,0), (2000,0), (3000,0). (1000,0): 10 s + 300 m = 40 s;
 * (0,0): 10 s + 700 m = 80 s; (2000,0): 140 s, beyond. Clients: (900,-10) 200 m on the
 * same road = 40 s; (1500,-10) 100 s exactly (inclusive); (2500,-10) 200 s, not reached.
 */
static void test_bounded_reach(void **state)
{
    static const double fac[] = {700, -10}, cli[] = {2500, -10, 900, -10, 1500, -10};
    struct fixture f;
    struct dosah_snap s, d[3];
    struct dosah_route_options opt;
    uint32_t reached[3];
    double times[3];
    size_t count = 99;
    const uint32_t *settled;
    uint32_t n0, n1, n2;
    int dir;
    (void)state;
    setup(&f, row, 3);
    n0 = node_at(f.g, 0, 0);
    n1 = node_at(f.g, 1000, 0);
    n2 = node_at(f.g, 2000, 0);
    snap(&f, fac, 1, &s);
    snap(&f, cli, 3, d);
    for (dir = 0; dir < 2; dir++) {
        dosah_route_options_init(&opt);
        opt.direction = (enum dosah_route_direction)dir;
        opt.max_time_s = 100.0;
        assert_int_equal(dosah_route_reach(f.ctx, f.ws, &s, d, 3, &opt, reached, times,
                                           &count), DOSAH_OK);
        assert_int_equal(count, 2);
        assert_int_equal(reached[0], 1);
        assert_float_equal(times[0], 40.0, 1e-6);
        assert_int_equal(reached[1], 2);
        assert_float_equal(times[1], 100.0, 1e-6);
        assert_float_equal(dosah_route_node_time_s(f.ws, n1), 40.0, 1e-6);
        assert_float_equal(dosah_route_node_time_s(f.ws, n0), 80.0, 1e-6);
        assert_true(isnan(dosah_route_node_time_s(f.ws, n2)));
        assert_int_equal(dosah_route_node_source(f.ws, n2), DOSAH_NONE);
        settled = dosah_route_settled(f.ws, &count);
        assert_int_equal(count, 2);
        assert_int_equal(settled[0], n1);
        assert_int_equal(settled[1], n0);
    }
    teardown(&f);
}

/*
 * Without a time bound, a target that is not attached is not reached (the direct way, off
 * here, must not list it at an infinite time): of the bounded-reach fixture's three clients
 * with the first detached, two are listed.
 */
static void test_unbounded_unreached(void **state)
{
    static const double fac[] = {700, -10}, cli[] = {2500, -10, 900, -10, 1500, -10};
    struct fixture f;
    struct dosah_snap s, d[3];
    struct dosah_route_options opt;
    uint32_t reached[3];
    double times[3];
    size_t count = 99;
    (void)state;
    setup(&f, row, 3);
    snap(&f, fac, 1, &s);
    snap(&f, cli, 3, d);
    d[0].attached = 0;
    d[0].access_s = NAN;
    dosah_route_options_init(&opt);
    assert_int_equal(dosah_route_reach(f.ctx, f.ws, &s, d, 3, &opt, reached, times, &count),
                     DOSAH_OK);
    assert_int_equal(count, 2);
    assert_int_equal(reached[0], 1);
    assert_int_equal(reached[1], 2);
    teardown(&f);
}

static void test_bad_snap_and_options(void **state)
{
    static const double fac[] = {700, -10};
    struct fixture f;
    struct dosah_snap s;
    struct dosah_route_options opt;
    double t;
    uint32_t n;
    (void)state;
    setup(&f, row, 3);
    snap(&f, fac, 1, &s);
    dosah_route_options_init(&opt);
    opt.max_time_s = NAN;
    assert_int_equal(dosah_route_nearest(f.ctx, f.ws, &s, 1, &s, 1, &opt, &t, &n),
                     DOSAH_EINVAL);
    dosah_route_options_init(&opt);
    opt.direct_max_m = INFINITY; /* the direct way needs a finite reach and pace */
    opt.direct_s_per_m = 1;
    assert_int_equal(dosah_route_nearest(f.ctx, f.ws, &s, 1, &s, 1, &opt, &t, &n),
                     DOSAH_EINVAL);
    opt.direct_max_m = 100;
    opt.direct_s_per_m = 0;
    assert_int_equal(dosah_route_nearest(f.ctx, f.ws, &s, 1, &s, 1, &opt, &t, &n),
                     DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(f.ctx), "direct way"));
    dosah_route_options_init(&opt);
    s.link = 99;
    assert_int_equal(dosah_route_nearest(f.ctx, f.ws, &s, 1, &s, 1, &opt, &t, &n),
                     DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(f.ctx), "source 0"));
    teardown(&f);
}

/* Every allocation of workspace creation and search fails in turn: ENOMEM, no leak. */
static void test_allocation_failures(void **state)
{
    static const double fac[] = {700, -10, 2300, -10}, cli[] = {1500, -10};
    struct fixture f;
    struct dosah_snap s[2], d;
    struct dosah_route_options opt;
    long n, failures = 0;
    (void)state;
    setup(&f, row, 3);
    snap(&f, fac, 2, s);
    snap(&f, cli, 1, &d);
    dosah_route_options_init(&opt);
    for (n = 0;; n++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_route_workspace *ws = NULL;
        enum dosah_status st;
        double t = 0.0;
        uint32_t near = 0;
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_route_workspace_create(ctx, f.g, &ws);
        if (st == DOSAH_OK)
            st = dosah_route_nearest(ctx, ws, s, 2, &d, 1, &opt, &t, &near);
        dosah_route_workspace_destroy(ws);
        dosah_ctx_destroy(ctx);
        if (st == DOSAH_OK) {
            assert_float_equal(t, 100.0, 1e-6);
            break;
        }
        assert_int_equal(st, DOSAH_ENOMEM);
        failures++;
    }
    /* The struct, its three arrays (times, sources, settled nodes), the sources sorted by
     * link, and the first use of each of the three queue arrays that this search fills (the
     * heap of the current tick and two buckets). */
    assert_int_equal(failures, 8);
    teardown(&f);
}

/* Counts progress reports of one stage and asks to stop at the first of them. */
struct stopper {
    const char *stage;
    int calls;
};

static int stop_at_first(double fraction, const char *stage, void *user)
{
    struct stopper *s = user;
    (void)fraction;
    if (strcmp(stage, s->stage) != 0)
        return 0;
    s->calls++;
    return 1;
}

/* The source at lattice node (x, y), snapped there (on the road, so with no walk). */
static struct dosah_snap lattice_point(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                       double x, double y)
{
    struct dosah_snap_index *idx = NULL;
    struct dosah_snap_options opt;
    struct dosah_point p = {x, y};
    struct dosah_snap s;
    dosah_snap_options_init(&opt);
    assert_int_equal(dosah_snap_index_create(ctx, g, &idx), DOSAH_OK);
    assert_int_equal(dosah_snap_points(ctx, idx, &p, 1, &opt, &s), DOSAH_OK);
    assert_true(s.attached);
    assert_float_equal(s.access_s, 0.0, 1e-12);
    dosah_snap_index_destroy(idx);
    return s;
}

/* Every node's time after a search from lattice node (x, y) at 10 m/s is its distance from
 * it along the streets: |dx| + |dy| metres, a tenth of that in seconds. */
static void assert_lattice_times(const struct dosah_graph *g,
                                 const struct dosah_route_workspace *ws, double x, double y)
{
    size_t v, n = dosah_graph_node_count(g);
    for (v = 0; v < n; v++) {
        struct dosah_point p = dosah_graph_node_xy(g, (uint32_t)v);
        double want = (fabs(p.x - x) + fabs(p.y - y)) / 10.0;
        assert_float_equal(dosah_route_node_time_s(ws, (uint32_t)v), want, 1e-3);
    }
}

/*
 * A 360 x 360 lattice of two-way streets (129,600 nodes, more than the 65,536 settled nodes
 * between two progress reports): a progress callback that asks to stop makes the graph
 * build and then the search fail with DOSAH_EINTERRUPT, leaving nothing behind. The search
 * from corner (0, 0) stops halfway, with nodes still queued whose times are below their
 * times from the south-east corner (those west of the middle); the same workspace then
 * searches from that corner as a fresh one would, so those labels were forgotten.
 */
static void test_interrupt(void **state)
{
    enum { SIDE = 360 };
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph_options gopt;
    struct dosah_graph *g = NULL;
    struct dosah_route_workspace *ws = NULL;
    struct dosah_route_options opt;
    struct dosah_snap s, far;
    struct stopper stop = {"network", 0};
    double t, end = 10.0 * (SIDE - 1);
    uint32_t n;
    (void)state;
    fx_lattice(&r, SIDE, 0);
    dosah_graph_options_init(&gopt);
    gopt.default_speed_kmh = 36.0;
    dosah_ctx_set_progress(ctx, stop_at_first, &stop);
    assert_int_equal(dosah_graph_build(ctx, &r, &gopt, &g), DOSAH_EINTERRUPT);
    assert_null(g);
    assert_int_equal(stop.calls, 1);
    stop.stage = "route";
    assert_int_equal(dosah_graph_build(ctx, &r, &gopt, &g), DOSAH_OK);
    assert_int_equal(dosah_graph_node_count(g), SIDE * SIDE);
    assert_int_equal(dosah_route_workspace_create(ctx, g, &ws), DOSAH_OK);
    s = lattice_point(ctx, g, 0, 0);
    far = lattice_point(ctx, g, end, 0);
    dosah_route_options_init(&opt);
    assert_int_equal(dosah_route_nearest(ctx, ws, &s, 1, &s, 1, &opt, &t, &n),
                     DOSAH_EINTERRUPT);
    assert_int_equal(stop.calls, 2);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "route"));
    dosah_ctx_set_progress(ctx, NULL, NULL);
    assert_int_equal(dosah_route_nearest(ctx, ws, &far, 1, &s, 1, &opt, &t, &n), DOSAH_OK);
    assert_float_equal(t, end / 10.0, 1e-3);
    assert_lattice_times(g, ws, end, 0);
    dosah_route_workspace_destroy(ws);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

/*
 * A workspace whose search ran out of memory, at each of its allocations in turn, gives the
 * next search what a fresh one would: on a 200 x 200 lattice, a search from one corner
 * fails, then one from the other corner gets every node's distance along the streets. The
 * queue's arrays grow while the first search runs, the heap of the current second when
 * moving a longer diagonal of nodes into it, so some failures leave nodes labelled but no
 * longer queued, nearer the first corner than the second.
 */
static void test_reuse_after_failure(void **state)
{
    enum { SIDE = 200 };
    struct dosah_roads r;
    struct dosah_graph_options gopt;
    struct dosah_graph *g = NULL;
    struct dosah_route_options opt;
    struct dosah_ctx *setup_ctx = dosah_ctx_create();
    struct dosah_snap s, far;
    double end = 10.0 * (SIDE - 1);
    long k, failures = 0;
    (void)state;
    fx_lattice(&r, SIDE, 0);
    dosah_graph_options_init(&gopt);
    gopt.default_speed_kmh = 36.0;
    assert_int_equal(dosah_graph_build(setup_ctx, &r, &gopt, &g), DOSAH_OK);
    s = lattice_point(setup_ctx, g, 0, 0);
    far = lattice_point(setup_ctx, g, end, end);
    dosah_route_options_init(&opt);
    for (k = 0;; k++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_route_workspace *ws = NULL;
        enum dosah_status st;
        double t;
        uint32_t n;
        assert_int_equal(dosah_route_workspace_create(ctx, g, &ws), DOSAH_OK);
        dosah_ctx_fail_alloc_after(ctx, k);
        st = dosah_route_nearest(ctx, ws, &s, 1, &s, 1, &opt, &t, &n);
        dosah_ctx_fail_alloc_after(ctx, -1);
        assert_int_equal(dosah_route_nearest(ctx, ws, &far, 1, &s, 1, &opt, &t, &n),
                         DOSAH_OK);
        assert_lattice_times(g, ws, end, end);
        dosah_route_workspace_destroy(ws);
        dosah_ctx_destroy(ctx);
        if (st == DOSAH_OK)
            break;
        assert_int_equal(st, DOSAH_ENOMEM);
        failures++;
    }
    assert_true(failures > 3); /* the sources' list and the queue's growth */
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(setup_ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_and_ambulant_on_oneway),
        cmocka_unit_test(test_oneway_only_way_forbidden),
        cmocka_unit_test(test_point_on_oneway_junction),
        cmocka_unit_test(test_bridge),
        cmocka_unit_test(test_island_and_snap_limit),
        cmocka_unit_test(test_ties_lower_index_wins),
        cmocka_unit_test(test_same_link),
        cmocka_unit_test(test_direct_way),
        cmocka_unit_test(test_bounded_reach),
        cmocka_unit_test(test_unbounded_unreached),
        cmocka_unit_test(test_bad_snap_and_options),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_interrupt),
        cmocka_unit_test(test_reuse_after_failure),
        cmocka_unit_test(test_close_times_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
