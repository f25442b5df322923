/* SPDX-License-Identifier: MIT */
/*
 * Tests of the road graph: nodes at line ends and shared vertices, links as chains of
 * segments, travel times from class speeds and the speed field, one-way lines, bridges,
 * degenerate input, components and their diagnostics, and every allocation failing.
 * Expected values are worked out by hand in the comments.
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

#include "core/core_internal.h"
#include "dosah/core.h"
#include "dosah/graph.h"
#include "net/net_internal.h"
#include "unit/net/roads_fixture.h"

static char *classes[] = {"residential", "primary", "footway"};
/* residential 36 km/h = 10 m/s, primary 72 km/h = 20 m/s, footway not in the table. */
static const double class_speeds[] = {36.0, 72.0, NAN};

static void options(struct dosah_graph_options *opt)
{
    dosah_graph_options_init(opt);
    opt->class_speed_kmh = class_speeds;
    opt->class_count = 3;
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

static struct dosah_graph *build(struct dosah_ctx *ctx, struct dosah_roads *r,
                                 const struct fx_line *lines, size_t n)
{
    struct dosah_graph_options opt;
    struct dosah_graph *g = NULL;
    fx_roads(r, lines, n, classes, 3);
    options(&opt);
    assert_int_equal(dosah_graph_build(ctx, r, &opt, &g), DOSAH_OK);
    assert_non_null(g);
    return g;
}

/*
 * A: (0,0) (100,0) (200,0); B: (100,0) (100,100) starts on A's middle vertex;
 * C: (200,0) (250,50) (300,0) with a shape vertex. Five nodes, named here by where they
 * are (their ids follow a space-filling curve): n0 (0,0), n1 (100,0), n2 (200,0),
 * n3 (100,100), n4 (300,0). Links: A cut at n1 into n0-n1 and n1-n2 (100 m each), B n1-n3
 * (100 m), C n2-n4 (2 * sqrt(50^2 + 50^2) = 141.421 m), all residential at 10 m/s: 10, 10,
 * 10, 14.1421 s. Two-way: 8 directed edges.
 */
static const struct fx_line tee[] = {
    {1, 3, {0, 0, 100, 0, 200, 0}, 0, NAN, 0},
    {2, 2, {100, 0, 100, 100}, 0, NAN, 0},
    {3, 3, {200, 0, 250, 50, 300, 0}, 0, NAN, 0},
};

static void test_nodes_and_links(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph *g = build(ctx, &r, tee, 3);
    struct dosah_graph_link l;
    struct dosah_graph_adjacency adj;
    uint32_t n0, n1, n2, n3, n4;
    (void)state;

    assert_int_equal(dosah_graph_node_count(g), 5);
    assert_int_equal(dosah_graph_link_count(g), 4);
    assert_int_equal(dosah_graph_edge_count(g), 8);
    n0 = node_at(g, 0, 0);
    n1 = node_at(g, 100, 0);
    n2 = node_at(g, 200, 0);
    n3 = node_at(g, 100, 100);
    n4 = node_at(g, 300, 0);
    dosah_graph_get_link(g, 3, &l);
    /* C's vertices are 5, 6, 7 (A has 0-2, B 3-4). */
    assert_int_equal(l.first_vertex, 5);
    assert_int_equal(l.last_vertex, 7);
    assert_int_equal(l.from_node, n2);
    assert_int_equal(l.to_node, n4);
    assert_int_equal(dosah_graph_link_line(g, 3), 2);
    assert_float_equal(l.length_m, 141.42136, 1e-3);
    assert_float_equal(l.time_s, 14.142136, 1e-4);
    dosah_graph_get_link(g, 1, &l);
    assert_int_equal(l.first_vertex, 1);
    assert_int_equal(l.last_vertex, 2);
    assert_int_equal(dosah_graph_link_line(g, 1), 0);
    /* n1's out-edges in link order: back along n0-n1 to n0, then to n2, then to n3. */
    dosah_graph_get_adjacency(g, 0, &adj);
    assert_int_equal(adj.first[n1 + 1] - adj.first[n1], 3);
    assert_int_equal(adj.other[adj.first[n1]], n0);
    assert_int_equal(adj.other[adj.first[n1] + 1], n2);
    assert_int_equal(adj.other[adj.first[n1] + 2], n3);
    assert_float_equal(adj.time_s[adj.first[n1]], 10.0, 1e-5);
    /* n4 is only entered from n2 (link C). */
    dosah_graph_get_adjacency(g, 1, &adj);
    assert_int_equal(adj.first[n4 + 1] - adj.first[n4], 1);
    assert_int_equal(adj.other[adj.first[n4]], n2);
    assert_float_equal(adj.time_s[adj.first[n4]], 14.142136, 1e-4);
    assert_true(dosah_graph_memory(g) > 0);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

/*
 * Repeated points: (0,0) (0,0) (10,0) is one link of 10 m between 2 nodes; a line of one
 * repeated point and a line of a single vertex add nothing (no node, no component).
 */
static const struct fx_line degenerate[] = {
    {1, 3, {0, 0, 0, 0, 10, 0}, 0, NAN, 0},
    {2, 2, {5, 5, 5, 5}, 0, NAN, 0},
    {3, 1, {7, 7}, 0, NAN, 0},
    {4, 4, {20, 0, 30, 0, 30, 0, 30, 0}, 0, NAN, 0},
};

static void test_degenerate_lines(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph *g = build(ctx, &r, degenerate, 4);
    struct dosah_graph_link l;
    struct dosah_graph_components c;
    (void)state;
    /* Line 4 ends in repeated points: one link (20,0)-(30,0) of 10 m. */
    assert_int_equal(dosah_graph_node_count(g), 4);
    assert_int_equal(dosah_graph_link_count(g), 2);
    dosah_graph_get_link(g, 0, &l);
    assert_float_equal(l.length_m, 10.0, 1e-9);
    assert_int_equal(l.first_vertex, 0);
    assert_int_equal(l.last_vertex, 2);
    dosah_graph_get_link(g, 1, &l);
    assert_float_equal(l.length_m, 10.0, 1e-9);
    dosah_graph_get_components(g, DOSAH_WEAK, &c);
    assert_int_equal(c.count, 2);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

/*
 * A bridge: (0,50)-(100,50) crosses (50,0)-(50,100) with no shared vertex: 4 nodes, 2
 * links, 2 pieces. With a vertex (50,50) on both lines they meet: 5 nodes, 4 links, 1 piece.
 */
static const struct fx_line bridge[] = {
    {1, 2, {0, 50, 100, 50}, 0, NAN, 0},
    {2, 2, {50, 0, 50, 100}, 0, NAN, 0},
};
static const struct fx_line crossing[] = {
    {1, 3, {0, 50, 50, 50, 100, 50}, 0, NAN, 0},
    {2, 3, {50, 0, 50, 50, 50, 100}, 0, NAN, 0},
};

static void test_bridge_not_connected(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph *g = build(ctx, &r, bridge, 2);
    struct dosah_graph_components c;
    (void)state;
    assert_int_equal(dosah_graph_node_count(g), 4);
    assert_int_equal(dosah_graph_link_count(g), 2);
    dosah_graph_get_components(g, DOSAH_WEAK, &c);
    assert_int_equal(c.count, 2);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    g = build(ctx, &r, crossing, 2);
    assert_int_equal(dosah_graph_node_count(g), 5);
    assert_int_equal(dosah_graph_link_count(g), 4);
    dosah_graph_get_components(g, DOSAH_WEAK, &c);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.largest_nodes, 5);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

/*
 * One-way lines: (0,0)->(100,0) forward only; (100,0)-(200,0) with oneway -1, travelled
 * only from (200,0) to (100,0); (200,0)-(200,100) both ways. Nodes n0 (0,0), n1 (100,0),
 * n2 (200,0), n3 (200,100). Edges n0->n1, n2->n1, n2->n3, n3->n2. Strong components {n0},
 * {n1}, {n2, n3}: three, the largest {n2, n3}. One weak component of 4 nodes.
 */
static const struct fx_line oneways[] = {
    {1, 2, {0, 0, 100, 0}, 0, NAN, 1},
    {2, 2, {100, 0, 200, 0}, 0, NAN, -1},
    {3, 2, {200, 0, 200, 100}, 0, NAN, 0},
};

static void test_oneway(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph *g = build(ctx, &r, oneways, 3);
    struct dosah_graph_adjacency f, b;
    struct dosah_graph_components c;
    uint32_t n0, n1, n2, n3;
    (void)state;
    assert_int_equal(dosah_graph_edge_count(g), 4);
    n0 = node_at(g, 0, 0);
    n1 = node_at(g, 100, 0);
    n2 = node_at(g, 200, 0);
    n3 = node_at(g, 200, 100);
    dosah_graph_get_adjacency(g, 0, &f);
    dosah_graph_get_adjacency(g, 1, &b);
    assert_int_equal(f.first[n0 + 1] - f.first[n0], 1);
    assert_int_equal(f.other[f.first[n0]], n1);
    assert_int_equal(f.first[n1 + 1] - f.first[n1], 0); /* nothing leaves (100,0) */
    assert_int_equal(f.first[n2 + 1] - f.first[n2], 2);
    assert_int_equal(f.other[f.first[n2]], n1);
    assert_int_equal(f.other[f.first[n2] + 1], n3);
    assert_int_equal(b.first[n1 + 1] - b.first[n1], 2); /* (100,0) is entered from n0, n2 */
    assert_int_equal(b.other[b.first[n1]], n0);
    assert_int_equal(b.other[b.first[n1] + 1], n2);
    dosah_graph_get_components(g, DOSAH_STRONG, &c);
    assert_int_equal(c.count, 3);
    assert_int_equal(c.largest_nodes, 2);
    assert_int_equal(c.of_node[n2], c.of_node[n3]);
    assert_int_equal(c.of_node[n2], c.largest);
    assert_int_not_equal(c.of_node[n0], c.of_node[n1]);
    dosah_graph_get_components(g, DOSAH_WEAK, &c);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.largest_nodes, 4);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

/*
 * Speeds, 100 m lines: primary from the table, 20 m/s: 5 s; primary with speed field
 * 36 km/h (10 m/s): 10 s; footway (NAN in the table) and a line without class take the
 * default of 18 km/h (5 m/s): 20 s.
 */
static const struct fx_line speeds[] = {
    {1, 2, {0, 0, 100, 0}, 1, NAN, 0},
    {2, 2, {100, 0, 200, 0}, 1, 36.0f, 0},
    {3, 2, {200, 0, 300, 0}, 2, NAN, 0},
    {4, 2, {300, 0, 400, 0}, FX_NO_CLASS, NAN, 0},
};

static void test_class_speeds_and_speed_field(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph_options opt;
    struct dosah_graph *g = NULL;
    struct dosah_graph_link l;
    (void)state;
    fx_roads(&r, speeds, 4, classes, 3);
    options(&opt);
    opt.default_speed_kmh = 18.0;
    assert_int_equal(dosah_graph_build(ctx, &r, &opt, &g), DOSAH_OK);
    dosah_graph_get_link(g, 0, &l);
    assert_float_equal(l.time_s, 5.0, 1e-5);
    dosah_graph_get_link(g, 1, &l);
    assert_float_equal(l.time_s, 10.0, 1e-5);
    dosah_graph_get_link(g, 2, &l);
    assert_float_equal(l.time_s, 20.0, 1e-5);
    dosah_graph_get_link(g, 3, &l);
    assert_float_equal(l.time_s, 20.0, 1e-5);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

static const struct fx_line footway[] = {
    {41, 2, {0, 0, 100, 0}, 0, NAN, 0},
    {42, 2, {100, 0, 200, 0}, 2, NAN, 0},
};
static const struct fx_line classless[] = {
    {7, 2, {0, 0, 100, 0}, FX_NO_CLASS, NAN, 0},
};
static const struct fx_line negative_speed[] = {
    {9, 2, {0, 0, 100, 0}, 0, -5.0f, 0},
};
static const struct fx_line infinite_xy[] = {
    {11, 2, {0, 0, INFINITY, 0}, 0, NAN, 0},
};

static void expect_einval(const struct fx_line *lines, size_t n, double default_kmh,
                          const char *const *parts)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph_options opt;
    struct dosah_graph *g = (struct dosah_graph *)(void *)&r; /* must come back NULL */
    fx_roads(&r, lines, n, classes, 3);
    options(&opt);
    opt.default_speed_kmh = default_kmh;
    opt.file = "roads.gpkg";
    opt.layer = "silnice";
    assert_int_equal(dosah_graph_build(ctx, &r, &opt, &g), DOSAH_EINVAL);
    assert_null(g);
    assert_int_equal(dosah_ctx_status(ctx), DOSAH_EINVAL);
    for (; *parts; parts++)
        assert_non_null(strstr(dosah_ctx_errmsg(ctx), *parts));
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

static void test_missing_speed_errors(void **state)
{
    static const char *const missing[] = {"roads.gpkg", "silnice", "feature 42", "\"footway\"",
                                          "network.speeds_kmh", NULL};
    static const char *const none[] = {"feature 7", "no road class", NULL};
    static const char *const negative[] = {"feature 9", "-5", "not a positive", NULL};
    static const char *const coords[] = {"feature 11", "finite", NULL};
    (void)state;
    expect_einval(footway, 2, 0.0, missing);
    expect_einval(footway, 2, NAN, missing);
    expect_einval(classless, 1, 0.0, none);
    expect_einval(negative_speed, 1, 0.0, negative);
    expect_einval(infinite_xy, 1, 0.0, coords);
}

/*
 * Did-you-mean of an unknown class: the roads' one line has class `name`, which is not in
 * the table (speed NAN); the table's names are known. Folding (ASCII case, Czech accents)
 * then edit distance, limit max(2, len/3):
 *   "silnice II. tridy" folds to "silnice ii. tridy" = fold("silnice II. třídy"): 0 (and 1
 *     to "silnice I. třídy", which comes first but is farther);
 *   "DALNICE" folds to "dalnice" = fold("dálnice"): 0;
 *   "primry" (6 letters, limit 2) is 1 insertion from "primary";
 *   "footway" is at least 5 edits from every known name: no suggestion.
 */
static void expect_suggestion(char *name, const char *suggestion)
{
    static const char *const known[] = {"primary", "silnice I. třídy", "silnice II. třídy",
                                        "dálnice"};
    static const double nan_speed[] = {NAN};
    static const struct fx_line one[] = {{5, 2, {0, 0, 100, 0}, 0, NAN, 0}};
    char *names[] = {name};
    char want[128];
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph_options opt;
    struct dosah_graph *g = NULL;
    fx_roads(&r, one, 1, names, 1);
    dosah_graph_options_init(&opt);
    opt.class_speed_kmh = nan_speed;
    opt.class_count = 1;
    opt.known_classes = known;
    opt.known_class_count = 4;
    assert_int_equal(dosah_graph_build(ctx, &r, &opt, &g), DOSAH_EINVAL);
    assert_null(g);
    if (suggestion) {
        snprintf(want, sizeof want, "road class \"%s\" has no speed; did you mean \"%s\"?",
                 name, suggestion);
        assert_non_null(strstr(dosah_ctx_errmsg(ctx), want));
    } else {
        assert_null(strstr(dosah_ctx_errmsg(ctx), "did you mean"));
        assert_non_null(strstr(dosah_ctx_errmsg(ctx), "add it to network.speeds_kmh"));
    }
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

static void test_unknown_class_did_you_mean(void **state)
{
    (void)state;
    expect_suggestion("silnice II. tridy", "silnice II. třídy");
    expect_suggestion("DALNICE", "dálnice");
    expect_suggestion("primry", "primary");
    expect_suggestion("footway", NULL);
}

/*
 * Components. Piece 1: a two-way square (0,0) (100,0) (100,100) (0,100) of four lines and
 * a one-way spur (100,100) -> (200,100) (fid 5): 5 nodes; the spur's end can be entered
 * but not left, so it is a strong component of its own. Piece 2: (1000,0)-(1100,0) two-way
 * (fid 20), 2 nodes, one strong component. Piece 3: (2000,0)->(2100,0) one-way (fid 30),
 * 2 nodes, two strong components. Weak: 3, largest 5 nodes. Strong: square (4), spur end,
 * piece 2, and piece 3's two nodes: 5, largest 4 nodes.
 */
static const struct fx_line pieces[] = {
    {1, 2, {0, 0, 100, 0}, 0, NAN, 0},
    {2, 2, {100, 0, 100, 100}, 0, NAN, 0},
    {3, 2, {100, 100, 0, 100}, 0, NAN, 0},
    {4, 2, {0, 100, 0, 0}, 0, NAN, 0},
    {5, 2, {100, 100, 200, 100}, 0, NAN, 1},
    {20, 2, {1000, 0, 1100, 0}, 0, NAN, 0},
    {30, 2, {2000, 0, 2100, 0}, 0, NAN, 1},
};

static void test_components(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph *g = build(ctx, &r, pieces, 7);
    struct dosah_graph_components c;
    struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    const struct dosah_diagnostic *item;
    uint32_t origin, spur_end, p2a, p2b, p3a, p3b;
    (void)state;
    assert_int_equal(dosah_graph_node_count(g), 9);
    origin = node_at(g, 0, 0);
    spur_end = node_at(g, 200, 100);
    p2a = node_at(g, 1000, 0);
    p2b = node_at(g, 1100, 0);
    p3a = node_at(g, 2000, 0);
    p3b = node_at(g, 2100, 0);
    dosah_graph_get_components(g, DOSAH_WEAK, &c);
    assert_int_equal(c.count, 3);
    assert_int_equal(c.largest_nodes, 5);
    assert_int_equal(c.of_node[origin], c.largest);
    assert_int_equal(c.of_node[spur_end], c.largest);
    assert_int_not_equal(c.of_node[p2a], c.largest);
    dosah_graph_get_components(g, DOSAH_STRONG, &c);
    assert_int_equal(c.count, 5);
    assert_int_equal(c.largest_nodes, 4);
    assert_int_not_equal(c.of_node[spur_end], c.largest);
    assert_int_equal(c.of_node[p2a], c.of_node[p2b]);
    assert_int_not_equal(c.of_node[p3a], c.of_node[p3b]);

    /* At most one piece named, then a summary of the other one, then the trap. */
    assert_int_equal(dosah_graph_report_components(ctx, g, 1), DOSAH_OK);
    assert_int_equal(dosah_diagnostics_count(d), 3);
    item = dosah_diagnostics_get(d, 0);
    assert_string_equal(item->stage, "network");
    assert_string_equal(item->feature, "20");
    assert_non_null(strstr(item->message, "2 nodes"));
    assert_non_null(strstr(item->message, "largest piece (5 nodes)"));
    item = dosah_diagnostics_get(d, 1);
    assert_non_null(strstr(item->message, "1 more piece of the road network (2 nodes in all) is not"));
    item = dosah_diagnostics_get(d, 2);
    assert_string_equal(item->feature, "5");
    assert_non_null(strstr(item->message, "1 of the 5 nodes"));
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

/* A closed ring (0,0) (100,0) (100,100) (0,0): one node, one looping link, no edge. */
static const struct fx_line ring[] = {
    {1, 4, {0, 0, 100, 0, 100, 100, 0, 0}, 0, NAN, 0},
};

static void test_ring(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph *g = build(ctx, &r, ring, 1);
    struct dosah_graph_link l;
    (void)state;
    assert_int_equal(dosah_graph_node_count(g), 1);
    assert_int_equal(dosah_graph_link_count(g), 1);
    assert_int_equal(dosah_graph_edge_count(g), 0);
    dosah_graph_get_link(g, 0, &l);
    assert_int_equal(l.from_node, 0);
    assert_int_equal(l.to_node, 0);
    assert_float_equal(l.length_m, 200.0 + sqrt(20000.0), 1e-3);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

static void test_empty(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph *g = build(ctx, &r, NULL, 0);
    struct dosah_graph_components c;
    (void)state;
    assert_int_equal(dosah_graph_node_count(g), 0);
    dosah_graph_get_components(g, DOSAH_STRONG, &c);
    assert_int_equal(c.count, 0);
    assert_int_equal(c.largest, DOSAH_NONE);
    assert_int_equal(dosah_graph_report_components(ctx, g, 10), DOSAH_OK);
    assert_int_equal(dosah_diagnostics_count(dosah_ctx_diagnostics(ctx)), 0);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

/*
 * Walking. Residential R (0,50) (500,50) (1000,50) with a speed field of 50 km/h (fid 1);
 * motorway M (0,0)-(1000,0) (fid 2); trunk_link T (500,50)-(500,0) joining R's middle
 * vertex (fid 3); footway F (1000,50)-(1000,150) (fid 4), with no speed in the table.
 * Driving (residential 36, motorway 110, trunk_link 60 km/h, footway at the default of
 * 18 km/h): 7 nodes (R's middle vertex is one, shared with T), 5 links. Walking at
 * 3.6 km/h (1 m/s) without motorway and trunk_link: R's middle vertex is no node, so
 * 3 nodes, 2 links: R 1000 m = 1000 s (its speed field ignored), F 100 m = 100 s.
 */
static char *walk_classes[] = {"residential", "motorway", "trunk_link", "footway"};
static const double walk_class_kmh[] = {36.0, 110.0, 60.0, NAN};
static const struct fx_line walk_roads[] = {
    {1, 3, {0, 50, 500, 50, 1000, 50}, 0, 50.0f, 0},
    {2, 2, {0, 0, 1000, 0}, 1, NAN, 0},
    {3, 2, {500, 50, 500, 0}, 2, NAN, 0},
    {4, 2, {1000, 50, 1000, 150}, 3, NAN, 0},
};

static void test_walk_excludes_classes(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph_options opt;
    struct dosah_graph *g = NULL;
    struct dosah_graph_link l;
    (void)state;
    fx_roads(&r, walk_roads, 4, walk_classes, 4);
    dosah_graph_options_init(&opt);
    opt.class_speed_kmh = walk_class_kmh;
    opt.class_count = 4;
    opt.default_speed_kmh = 18.0;
    assert_int_equal(dosah_graph_build(ctx, &r, &opt, &g), DOSAH_OK);
    assert_int_equal(dosah_graph_node_count(g), 7);
    assert_int_equal(dosah_graph_link_count(g), 5);
    g = dosah_graph_destroy(g);

    dosah_graph_options_init_walk(&opt, 3.6);
    assert_int_equal(dosah_graph_build(ctx, &r, &opt, &g), DOSAH_OK);
    assert_int_equal(dosah_graph_node_count(g), 3);
    assert_int_equal(dosah_graph_link_count(g), 2);
    assert_int_equal(dosah_graph_edge_count(g), 4);
    (void)node_at(g, 0, 50);
    (void)node_at(g, 1000, 50);
    (void)node_at(g, 1000, 150);
    dosah_graph_get_link(g, 0, &l);
    assert_int_equal(dosah_graph_link_line(g, 0), 0);
    assert_float_equal(l.length_m, 1000.0, 1e-9);
    assert_float_equal(l.time_s, 1000.0, 1e-3);
    dosah_graph_get_link(g, 1, &l);
    assert_int_equal(dosah_graph_link_line(g, 1), 3);
    assert_float_equal(l.time_s, 100.0, 1e-4);
    g = dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

/*
 * Excluding classes keeps the error for a class merely missing from the table: without a
 * default, the footway (no speed) fails the build unless it is excluded too; an excluded
 * class needs no speed, and a name the roads do not use changes nothing.
 */
static void test_excluded_class_needs_no_speed(void **state)
{
    static const char *const fast[] = {"motorway", "trunk_link", "busway"};
    static const char *const fast_and_foot[] = {"motorway", "trunk_link", "footway"};
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r;
    struct dosah_graph_options opt;
    struct dosah_graph *g = NULL;
    (void)state;
    fx_roads(&r, walk_roads, 4, walk_classes, 4);
    dosah_graph_options_init(&opt);
    opt.class_speed_kmh = walk_class_kmh;
    opt.class_count = 4;
    opt.excluded_classes = fast;
    opt.excluded_class_count = 3;
    assert_int_equal(dosah_graph_build(ctx, &r, &opt, &g), DOSAH_EINVAL);
    assert_null(g);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "feature 4"));
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "\"footway\""));
    opt.excluded_classes = fast_and_foot;
    assert_int_equal(dosah_graph_build(ctx, &r, &opt, &g), DOSAH_OK);
    /* Only R is left, and its middle vertex, shared with T alone, is no node. */
    assert_int_equal(dosah_graph_link_count(g), 1);
    assert_int_equal(dosah_graph_node_count(g), 2);
    dosah_graph_destroy(g);
    fx_roads_free(&r);
    dosah_ctx_destroy(ctx);
}

/*
 * Node ids follow a space-filling curve through the nodes' coordinates: the same lattice
 * given in two orders (lines and their vertices reversed) gets the same node at every id,
 * nodes with consecutive ids are near each other on the ground (a row-by-row numbering
 * would jump 150 m at every row's end), and the links' ends are the nodes at their first
 * and last vertices.
 */
static void test_node_order(void **state)
{
    enum { SIDE = 16 };
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_roads r[2];
    struct dosah_graph_options opt;
    struct dosah_graph *g[2] = {NULL, NULL};
    size_t v, l;
    int k;
    (void)state;
    dosah_graph_options_init(&opt);
    opt.default_speed_kmh = 36.0;
    for (k = 0; k < 2; k++) {
        fx_lattice(&r[k], SIDE, k);
        assert_int_equal(dosah_graph_build(ctx, &r[k], &opt, &g[k]), DOSAH_OK);
        assert_int_equal(dosah_graph_node_count(g[k]), SIDE * SIDE);
    }
    for (v = 0; v < SIDE * SIDE; v++) {
        struct dosah_point a = dosah_graph_node_xy(g[0], (uint32_t)v);
        struct dosah_point b = dosah_graph_node_xy(g[1], (uint32_t)v);
        assert_true(a.x == b.x && a.y == b.y);
        if (v > 0) {
            struct dosah_point p = dosah_graph_node_xy(g[0], (uint32_t)v - 1);
            assert_true(hypot(a.x - p.x, a.y - p.y) <= 30.0);
        }
    }
    for (k = 0; k < 2; k++) {
        for (l = 0; l < dosah_graph_link_count(g[k]); l++) {
            struct dosah_graph_link link;
            struct dosah_point p, q;
            dosah_graph_get_link(g[k], (uint32_t)l, &link);
            p = dosah_graph_node_xy(g[k], link.from_node);
            q = dosah_graph_node_xy(g[k], link.to_node);
            assert_true(p.x == r[k].xy[2 * link.first_vertex]);
            assert_true(p.y == r[k].xy[2 * link.first_vertex + 1]);
            assert_true(q.x == r[k].xy[2 * link.last_vertex]);
            assert_true(q.y == r[k].xy[2 * link.last_vertex + 1]);
        }
        dosah_graph_destroy(g[k]);
        free(r[k].vertex_offset);
        free(r[k].xy);
    }
    dosah_ctx_destroy(ctx);
}

/* Checks dosah_net_segment_link at every vertex (and past the last) against the links' own
 * vertex ranges: a segment from vertex v belongs to the link with first_vertex <= v <
 * last_vertex, and to none when no link has it (a line's last vertex). */
static void assert_segment_links(const struct dosah_graph *g, size_t vertex_count)
{
    size_t v, l, found = 0;
    for (v = 0; v < vertex_count + 130; v++) {
        uint32_t expect = DOSAH_NONE;
        for (l = 0; l < dosah_graph_link_count(g); l++) {
            struct dosah_graph_link link;
            dosah_graph_get_link(g, (uint32_t)l, &link);
            if (link.first_vertex <= v && v < link.last_vertex)
                expect = (uint32_t)l;
        }
        found += expect != DOSAH_NONE;
        assert_int_equal(dosah_net_segment_link(g, (uint32_t)v), expect);
    }
    assert_true(found > 0 && found < vertex_count);
}

/*
 * The link of a segment, through the table of links per 64 vertices: on the 16 x 16
 * lattice (512 vertices, every vertex a node, 480 one-segment links, the last vertex of each
 * line in none), and on a line of 200 vertices crossed at its vertex 150 by a line of two,
 * whose first link (vertices 0 .. 150) spans three blocks of the table.
 */
static void test_segment_link(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_graph_options opt;
    struct dosah_graph *g = NULL;
    struct dosah_roads r;
    size_t k;
    (void)state;
    dosah_graph_options_init(&opt);
    opt.default_speed_kmh = 36.0;
    fx_lattice(&r, 16, 0);
    assert_int_equal(dosah_graph_build(ctx, &r, &opt, &g), DOSAH_OK);
    assert_int_equal(dosah_graph_link_count(g), 480);
    assert_segment_links(g, 512);
    dosah_graph_destroy(g);
    free(r.vertex_offset);
    free(r.xy);
    memset(&r, 0, sizeof r);
    r.line_count = 2;
    r.vertex_offset = malloc(3 * sizeof *r.vertex_offset);
    r.xy = malloc(2 * 202 * sizeof *r.xy);
    r.vertex_offset[0] = 0, r.vertex_offset[1] = 200, r.vertex_offset[2] = 202;
    for (k = 0; k < 200; k++)
        r.xy[2 * k] = 10.0 * (double)k, r.xy[2 * k + 1] = (double)(k % 2);
    r.xy[400] = 1500.0, r.xy[401] = -50.0; /* through vertex 150, (1500, 0) */
    r.xy[402] = 1500.0, r.xy[403] = 0.0;
    assert_int_equal(dosah_graph_build(ctx, &r, &opt, &g), DOSAH_OK);
    assert_int_equal(dosah_graph_link_count(g), 3);
    assert_segment_links(g, 202);
    assert_int_equal(dosah_net_segment_link(g, 149), dosah_net_segment_link(g, 0));
    assert_int_not_equal(dosah_net_segment_link(g, 150), dosah_net_segment_link(g, 149));
    dosah_graph_destroy(g);
    free(r.vertex_offset);
    free(r.xy);
    dosah_ctx_destroy(ctx);
}

/* Makes every allocation of one build fail in turn; returns how many there were. */
static long build_failures(const struct dosah_roads *r, const struct dosah_graph_options *opt)
{
    long n;
    for (n = 0;; n++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_graph *g = NULL;
        enum dosah_status st;
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_graph_build(ctx, r, opt, &g);
        dosah_graph_destroy(g);
        dosah_ctx_destroy(ctx);
        if (st == DOSAH_OK)
            return n;
        assert_int_equal(st, DOSAH_ENOMEM);
        assert_null(g);
    }
}

/*
 * Every allocation of build and report fails in turn: ENOMEM, nothing leaks (ASan). A
 * walking graph allocates once more than a driving one (its excluded classes).
 */
static void test_allocation_failures(void **state)
{
    struct dosah_roads r;
    struct dosah_graph_options opt;
    long n, failures = 0, drive;
    (void)state;
    fx_roads(&r, walk_roads, 4, walk_classes, 4);
    dosah_graph_options_init(&opt);
    opt.default_speed_kmh = 18.0;
    drive = build_failures(&r, &opt);
    dosah_graph_options_init_walk(&opt, 5.0);
    assert_int_equal(build_failures(&r, &opt), drive + 1);
    fx_roads_free(&r);
    fx_roads(&r, pieces, 7, classes, 3);
    options(&opt);
    opt.file = "roads.gpkg";
    for (n = 0;; n++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_graph *g = NULL;
        enum dosah_status st;
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_graph_build(ctx, &r, &opt, &g);
        if (st == DOSAH_OK)
            st = dosah_graph_report_components(ctx, g, 10);
        dosah_graph_destroy(g);
        dosah_ctx_destroy(ctx);
        if (st == DOSAH_OK)
            break;
        assert_int_equal(st, DOSAH_ENOMEM);
        failures++;
    }
    assert_true(failures > 10);
    fx_roads_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nodes_and_links),
        cmocka_unit_test(test_degenerate_lines),
        cmocka_unit_test(test_bridge_not_connected),
        cmocka_unit_test(test_oneway),
        cmocka_unit_test(test_class_speeds_and_speed_field),
        cmocka_unit_test(test_missing_speed_errors),
        cmocka_unit_test(test_unknown_class_did_you_mean),
        cmocka_unit_test(test_components),
        cmocka_unit_test(test_ring),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_node_order),
        cmocka_unit_test(test_segment_link),
        cmocka_unit_test(test_walk_excludes_classes),
        cmocka_unit_test(test_excluded_class_needs_no_speed),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
