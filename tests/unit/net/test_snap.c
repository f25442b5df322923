/* SPDX-License-Identifier: MIT */
/*
 * Tests of snapping: the nearest point of the nearest segment (not the nearest node), the
 * position along the link, points at nodes, points beyond snap_max_m (distance still
 * reported), ties, an empty network, bad options, allocation failures and small pieces of
 * the network (network.min_piece_nodes). Expected values
 * are worked out by hand in the comments.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/snap.h"
#include "unit/net/roads_fixture.h"

static char *classes[] = {"residential"};
static const double class_speeds[] = {36.0};

/*
 * A: (0,0) (100,0) (100,100), an L whose corner is a shape vertex; B: (100,100) (200,100).
 * Nodes 0 (0,0), 1 (100,100), 2 (200,100). Link 0 = A (200 m), link 1 = B (100 m).
 */
static const struct fx_line ell[] = {
    {1, 3, {0, 0, 100, 0, 100, 100}, 0, NAN, 0},
    {2, 2, {100, 100, 200, 100}, 0, NAN, 0},
};

struct fixture {
    struct dosah_ctx *ctx;
    struct dosah_roads roads;
    struct dosah_graph *g;
    struct dosah_snap_index *idx;
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
}

static void teardown(struct fixture *f)
{
    dosah_snap_index_destroy(f->idx);
    dosah_graph_destroy(f->g);
    fx_roads_free(&f->roads);
    dosah_ctx_destroy(f->ctx);
}

static struct dosah_snap snap_one(struct fixture *f, double x, double y,
                                  const struct dosah_snap_options *opt)
{
    struct dosah_point p;
    struct dosah_snap s;
    p.x = x;
    p.y = y;
    assert_int_equal(dosah_snap_points(f->ctx, f->idx, &p, 1, opt, &s), DOSAH_OK);
    return s;
}

static void test_nearest_point_of_segment(void **state)
{
    struct fixture f;
    struct dosah_snap_options opt;
    struct dosah_snap s;
    (void)state;
    setup(&f, ell, 2);
    dosah_snap_options_init(&opt);
    opt.access_kmh = 3.6; /* 1 m/s: access_s equals snap_m */

    /* (50,30): the nearest node (0,0) is 58.3 m away, the segment below only 30 m. */
    s = snap_one(&f, 50, 30, &opt);
    assert_true(s.attached);
    assert_int_equal(s.link, 0);
    assert_float_equal(s.snap_m, 30.0, 1e-9);
    assert_float_equal(s.along_m, 50.0, 1e-9);
    assert_float_equal(s.at.x, 50.0, 1e-9);
    assert_float_equal(s.at.y, 0.0, 1e-9);
    assert_float_equal(s.access_s, 30.0, 1e-9);

    /* (110,60): 10 m from A's second segment (x = 100), 40 m from B: along 100 + 60. */
    s = snap_one(&f, 110, 60, &opt);
    assert_int_equal(s.link, 0);
    assert_float_equal(s.snap_m, 10.0, 1e-9);
    assert_float_equal(s.along_m, 160.0, 1e-9);

    /* (150,130): 30 m above B, 50 m from its start. */
    s = snap_one(&f, 150, 130, &opt);
    assert_int_equal(s.link, 1);
    assert_float_equal(s.snap_m, 30.0, 1e-9);
    assert_float_equal(s.along_m, 50.0, 1e-9);
    teardown(&f);
}

static void test_points_at_nodes(void **state)
{
    struct fixture f;
    struct dosah_snap_options opt;
    struct dosah_snap s;
    (void)state;
    setup(&f, ell, 2);
    dosah_snap_options_init(&opt);

    /* (-30,-40) is 50 m from (0,0): position 0, A's from_node. */
    s = snap_one(&f, -30, -40, &opt);
    assert_int_equal(s.link, 0);
    assert_float_equal(s.snap_m, 50.0, 1e-9);
    assert_true(s.along_m == 0.0);
    /* (250,100) is 50 m beyond (200,100): exactly B's length, its to_node. */
    s = snap_one(&f, 250, 100, &opt);
    assert_int_equal(s.link, 1);
    assert_true(s.along_m == 100.0);
    /* (100,100) itself: A's last segment (t = 1) and B's first (t = 0) are both 0 m away;
     * A comes first in the roads, so link 0 at its full length 200 (node 1). */
    s = snap_one(&f, 100, 100, &opt);
    assert_int_equal(s.link, 0);
    assert_true(s.snap_m == 0.0);
    assert_true(s.along_m == 200.0);
    teardown(&f);
}

static void test_tie_goes_to_first_segment(void **state)
{
    struct fixture f;
    struct dosah_snap_options opt;
    struct dosah_snap s;
    (void)state;
    setup(&f, ell, 2);
    dosah_snap_options_init(&opt);
    /* (50,50) is 50 m from (50,0) on the first segment and from (100,50) on the second. */
    s = snap_one(&f, 50, 50, &opt);
    assert_int_equal(s.link, 0);
    assert_float_equal(s.snap_m, 50.0, 1e-9);
    assert_float_equal(s.along_m, 50.0, 1e-9);
    teardown(&f);
}

static void test_beyond_snap_max(void **state)
{
    struct fixture f;
    struct dosah_snap_options opt;
    struct dosah_snap s;
    (void)state;
    setup(&f, ell, 2);
    dosah_snap_options_init(&opt); /* 2000 m */
    /* (150,5000) is 4900 m above B: not attached, but the distance is there. */
    s = snap_one(&f, 150, 5000, &opt);
    assert_false(s.attached);
    assert_float_equal(s.snap_m, 4900.0, 1e-9);
    assert_true(isnan(s.access_s));
    assert_int_equal(s.link, 1);
    assert_float_equal(s.along_m, 50.0, 1e-9);
    /* Far outside the grid on the other side: (-100000,0) is 100 km from (0,0). */
    s = snap_one(&f, -100000, 0, &opt);
    assert_false(s.attached);
    assert_float_equal(s.snap_m, 100000.0, 1e-6);
    assert_true(s.along_m == 0.0);
    /* Exactly at the limit counts as attached. */
    opt.snap_max_m = 30.0;
    s = snap_one(&f, 50, 30, &opt);
    assert_true(s.attached);
    teardown(&f);
}

/* Looking no farther than snap_max_m: the same snap within it, no road beyond it. */
static void test_within_max_only(void **state)
{
    struct fixture f;
    struct dosah_snap_options opt;
    struct dosah_snap s;
    (void)state;
    setup(&f, ell, 2);
    dosah_snap_options_init(&opt); /* 2000 m */
    opt.within_max_only = 1;
    s = snap_one(&f, 150, 5000, &opt); /* 4900 m above B */
    assert_false(s.attached);
    assert_int_equal(s.link, DOSAH_NONE);
    assert_true(isnan(s.snap_m) && isnan(s.access_s) && isnan(s.along_m));
    assert_true(s.pt.x == 150 && s.pt.y == 5000);
    s = snap_one(&f, 150, 2100, &opt); /* 2000 m above B: exactly at the limit */
    assert_true(s.attached);
    assert_int_equal(s.link, 1);
    assert_float_equal(s.snap_m, 2000.0, 1e-9);
    assert_float_equal(s.along_m, 50.0, 1e-9);
    s = snap_one(&f, 110, 60, &opt); /* 10 m from A's second segment, 40 m from B */
    assert_int_equal(s.link, 0);
    assert_float_equal(s.along_m, 160.0, 1e-9);
    opt.snap_max_m = 30.0; /* (50,30) is 30 m from A: attached; (50,31) is not */
    assert_true(snap_one(&f, 50, 30, &opt).attached);
    s = snap_one(&f, 50, 31, &opt);
    assert_false(s.attached);
    assert_int_equal(s.link, DOSAH_NONE);
    teardown(&f);
}

/* The access leg: the straight line times the detour, at the mode's access speed. */
static void test_access_leg_by_car_and_on_foot(void **state)
{
    struct fixture f;
    struct dosah_snap_options opt;
    struct dosah_snap s;
    (void)state;
    setup(&f, ell, 2);
    dosah_snap_options_init(&opt);
    /* (50,-100) is 100 m below A. By car at 30 km/h with detour 1.3: 130 m / (30/3.6 m/s)
     * = 15.6 s. On foot at 5 km/h: 130 m / (5/3.6 m/s) = 93.6 s. */
    opt.access_kmh = 30;
    opt.detour = 1.3;
    s = snap_one(&f, 50, -100, &opt);
    assert_float_equal(s.snap_m, 100.0, 1e-9);
    assert_float_equal(s.access_s, 15.6, 1e-9);
    opt.access_kmh = 5;
    s = snap_one(&f, 50, -100, &opt);
    assert_float_equal(s.access_s, 93.6, 1e-9);
    /* a straight walk (detour 1, the default) at 5 km/h: 72 s */
    dosah_snap_options_init(&opt);
    s = snap_one(&f, 50, -100, &opt);
    assert_float_equal(s.access_s, 72.0, 1e-9);
    /* a detour below 1 is refused */
    opt.detour = 0.9;
    {
        struct dosah_point p = {50, -100};
        assert_int_equal(dosah_snap_points(f.ctx, f.idx, &p, 1, &opt, &s), DOSAH_EINVAL);
        assert_non_null(strstr(dosah_ctx_errmsg(f.ctx), "access_detour"));
    }
    teardown(&f);
}

static void test_empty_network(void **state)
{
    struct fixture f;
    struct dosah_snap_options opt;
    struct dosah_snap s;
    (void)state;
    setup(&f, NULL, 0);
    dosah_snap_options_init(&opt);
    s = snap_one(&f, 1, 2, &opt);
    assert_false(s.attached);
    assert_true(isnan(s.snap_m));
    assert_int_equal(s.link, DOSAH_NONE);
    teardown(&f);
}

static void test_bad_input(void **state)
{
    struct fixture f;
    struct dosah_snap_options opt;
    struct dosah_point p = {1.0, NAN};
    struct dosah_snap s;
    (void)state;
    setup(&f, ell, 2);
    dosah_snap_options_init(&opt);
    opt.access_kmh = 0.0;
    assert_int_equal(dosah_snap_points(f.ctx, f.idx, &p, 1, &opt, &s), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(f.ctx), "network.access_kmh"));
    dosah_snap_options_init(&opt);
    opt.snap_max_m = NAN;
    assert_int_equal(dosah_snap_points(f.ctx, f.idx, &p, 1, &opt, &s), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(f.ctx), "network.snap_max_m"));
    dosah_snap_options_init(&opt);
    assert_int_equal(dosah_snap_points(f.ctx, f.idx, &p, 1, &opt, &s), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(f.ctx), "point 0"));
    teardown(&f);
}

/* Lines 0 .. 41: the 21 horizontal and 21 vertical lines, 10 m apart, of a 200 m square at
 * the origin. */
static void square_of_lines(struct fx_line *lines)
{
    int i;
    for (i = 0; i < 21; i++) {
        struct fx_line h = {i, 2, {0, 10.0 * i, 200, 10.0 * i}, 0, NAN, 0};
        struct fx_line v = {100 + i, 2, {10.0 * i, 0, 10.0 * i, 200}, 0, NAN, 0};
        lines[2 * i] = h;
        lines[2 * i + 1] = v;
    }
}

/*
 * A lattice of 21 x 21 horizontal and vertical streets 10 m apart gives many cells; each
 * point must find the same distance as a scan over every segment of the lattice, which
 * here is the distance to the nearest multiple of 10 in x or y (inside the lattice).
 */
static void test_many_cells(void **state)
{
    struct fx_line lines[42];
    struct fixture f;
    struct dosah_snap_options opt;
    int k;
    (void)state;
    square_of_lines(lines);
    setup(&f, lines, 42);
    dosah_snap_options_init(&opt);
    for (k = 0; k < 200; k++) {
        double x = fmod(k * 7.31, 200.0), y = fmod(k * 13.77, 200.0);
        double dx = fmin(fmod(x, 10.0), 10.0 - fmod(x, 10.0));
        double dy = fmin(fmod(y, 10.0), 10.0 - fmod(y, 10.0));
        struct dosah_snap s = snap_one(&f, x, y, &opt);
        assert_float_equal(s.snap_m, fmin(dx, dy), 1e-9);
    }
    teardown(&f);
}

/* The distance from (x, y) to the segment (ax, ay)-(bx, by), worked out directly. */
static double segment_distance(double x, double y, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay;
    double t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(x - ax - t * dx, y - ay - t * dy);
}

/*
 * Points far from a network whose roads lie in two clusters: the 21 x 21 lines of a 200 m
 * square at the origin and one road (3000,3000)-(3100,3000). The index's cells are about
 * 150 m, so between the clusters lie rings of empty cells that a search skips; each point
 * must still get the distance to the nearest segment of all, found here by trying every
 * one, and beyond snap_max_m with within_max_only no road at all.
 */
static void test_far_points(void **state)
{
    struct fx_line lines[43];
    struct fixture f;
    struct dosah_snap_options opt;
    int i, k;
    (void)state;
    square_of_lines(lines);
    {
        struct fx_line far = {500, 2, {3000, 3000, 3100, 3000}, 0, NAN, 0};
        lines[42] = far;
    }
    setup(&f, lines, 43);
    dosah_snap_options_init(&opt);
    for (k = 0; k < 300; k++) {
        double x = fmod(k * 137.31, 3600.0) - 300.0, y = fmod(k * 211.77, 3600.0) - 300.0;
        double best = INFINITY;
        struct dosah_snap s;
        for (i = 0; i < 43; i++)
            best = fmin(best, segment_distance(x, y, lines[i].xy[0], lines[i].xy[1],
                                               lines[i].xy[2], lines[i].xy[3]));
        opt.within_max_only = 0;
        s = snap_one(&f, x, y, &opt);
        assert_float_equal(s.snap_m, best, 1e-9);
        opt.within_max_only = 1;
        s = snap_one(&f, x, y, &opt);
        assert_int_equal(s.attached, best <= opt.snap_max_m);
        if (s.attached)
            assert_float_equal(s.snap_m, best, 1e-9);
    }
    teardown(&f);
}

/*
 * Walking: a motorway (0,0)-(1000,0) and a residential street (0,60)-(1000,60). The point
 * (500,-10) is 10 m from the motorway; on the driving graph it snaps there, on the walking
 * graph (no motorway) to the street instead, 70 m away at 500 m along it.
 */
static void test_walk_snaps_past_motorway(void **state)
{
    static char *names[] = {"residential", "motorway"};
    static const double kmh[] = {30.0, 110.0};
    static const struct fx_line roads[] = {
        {1, 2, {0, 0, 1000, 0}, 1, NAN, 0},
        {2, 2, {0, 60, 1000, 60}, 0, NAN, 0},
    };
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph_options gopt;
    struct dosah_snap_options opt;
    struct dosah_graph *g = NULL;
    struct dosah_snap_index *idx = NULL;
    struct dosah_point p = {500, -10};
    struct dosah_snap s;
    int walk;
    (void)state;
    fx_roads(&r, roads, 2, names, 2);
    dosah_snap_options_init(&opt);
    for (walk = 0; walk < 2; walk++) {
        dosah_graph_options_init(&gopt);
        gopt.class_speed_kmh = kmh;
        gopt.class_count = 2;
        if (walk)
            dosah_graph_options_init_walk(&gopt, 5.0);
        assert_int_equal(dosah_graph_build(ctx, &r, &gopt, &g), DOSAH_OK);
        assert_int_equal(dosah_snap_index_create(ctx, g, &idx), DOSAH_OK);
        assert_int_equal(dosah_snap_points(ctx, idx, &p, 1, &opt, &s), DOSAH_OK);
        assert_true(s.attached);
        assert_int_equal(dosah_graph_link_line(g, s.link), walk ? 1 : 0);
        assert_float_equal(s.snap_m, walk ? 70.0 : 10.0, 1e-9);
        assert_float_equal(s.along_m, 500.0, 1e-9);
        assert_float_equal(s.at.y, walk ? 60.0 : 0.0, 1e-9);
        idx = dosah_snap_index_destroy(idx);
        g = dosah_graph_destroy(g);
    }
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

static void test_allocation_failures(void **state)
{
    struct dosah_roads r;
    struct dosah_graph *g = NULL;
    struct dosah_ctx *ctx0 = dosah_ctx_create();
    long n, failures = 0;
    (void)state;
    fx_roads(&r, ell, 2, classes, 1);
    {
        struct dosah_graph_options opt;
        dosah_graph_options_init(&opt);
        opt.default_speed_kmh = 30.0;
        assert_int_equal(dosah_graph_build(ctx0, &r, &opt, &g), DOSAH_OK);
    }
    for (n = 0;; n++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_snap_index *idx = NULL;
        enum dosah_status st;
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_snap_index_create(ctx, g, &idx);
        if (st == DOSAH_OK)
            assert_true(dosah_snap_index_memory(idx) > 0);
        dosah_snap_index_destroy(idx);
        dosah_ctx_destroy(ctx);
        if (st == DOSAH_OK)
            break;
        assert_int_equal(st, DOSAH_ENOMEM);
        assert_null(idx);
        failures++;
    }
    /* Six allocations: the index, cell_first, items, the empty rings, the piece sizes, the
     * link pieces. */
    assert_int_equal(failures, 6);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx0);
}

/*
 * A main road of four links along y = 0, nodes at x = 0, 100, 200, 300, 400 (5 nodes, links
 * 0 .. 3), and a two-node stub (150,20)-(250,20) not touching it (link 4, a piece of 2).
 */
static const struct fx_line stub_net[] = {
    {1, 2, {0, 0, 100, 0}, 0, NAN, 0},     {2, 2, {100, 0, 200, 0}, 0, NAN, 0},
    {3, 2, {200, 0, 300, 0}, 0, NAN, 0},   {4, 2, {300, 0, 400, 0}, 0, NAN, 0},
    {5, 2, {150, 20, 250, 20}, 0, NAN, 0},
};

static void test_small_piece(void **state)
{
    struct fixture f;
    struct dosah_snap_options opt;
    struct dosah_snap s;
    (void)state;
    setup(&f, stub_net, 5);
    dosah_snap_options_init(&opt);

    /* Every piece allowed: (170,25) is 5 m from the stub, 25 m from the main road. */
    s = snap_one(&f, 170, 25, &opt);
    assert_int_equal(s.link, 4);
    assert_float_equal(s.snap_m, 5.0, 1e-9);
    assert_int_equal(s.small_piece, 0);

    /* Pieces of 3 nodes or more: the stub (2) is passed over for the main road below,
     * link 1 from (100,0), 70 m along, 25 m away. */
    opt.min_piece_nodes = 3;
    s = snap_one(&f, 170, 25, &opt);
    assert_int_equal(s.link, 1);
    assert_float_equal(s.snap_m, 25.0, 1e-9);
    assert_float_equal(s.along_m, 70.0, 1e-9);
    assert_float_equal(s.at.x, 170.0, 1e-9);
    assert_float_equal(s.at.y, 0.0, 1e-9);
    assert_int_equal(s.small_piece, 0);

    /* A point on the stub (0.5 m off it, within DOSAH_SNAP_ON_PIECE_M = 1 m) stays on it. */
    s = snap_one(&f, 170, 20.5, &opt);
    assert_int_equal(s.link, 4);
    assert_float_equal(s.snap_m, 0.5, 1e-9);
    assert_float_equal(s.along_m, 20.0, 1e-9);
    assert_int_equal(s.small_piece, 1);
    /* 1.5 m off it is not on it: the main road, 21.5 m below. */
    s = snap_one(&f, 170, 21.5, &opt);
    assert_int_equal(s.link, 1);
    assert_float_equal(s.snap_m, 21.5, 1e-9);

    /* A minimum above the largest piece (5 nodes) still lets points reach the largest. */
    opt.min_piece_nodes = 50;
    s = snap_one(&f, 170, 25, &opt);
    assert_int_equal(s.link, 1);
    assert_float_equal(s.snap_m, 25.0, 1e-9);
    /* A point nearest the main road is not affected. */
    s = snap_one(&f, 350, -10, &opt);
    assert_int_equal(s.link, 3);
    assert_float_equal(s.snap_m, 10.0, 1e-9);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nearest_point_of_segment),
        cmocka_unit_test(test_points_at_nodes),
        cmocka_unit_test(test_tie_goes_to_first_segment),
        cmocka_unit_test(test_beyond_snap_max),
        cmocka_unit_test(test_within_max_only),
        cmocka_unit_test(test_access_leg_by_car_and_on_foot),
        cmocka_unit_test(test_empty_network),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_many_cells),
        cmocka_unit_test(test_far_points),
        cmocka_unit_test(test_walk_snaps_past_motorway),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_small_piece),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
