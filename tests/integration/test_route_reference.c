/* SPDX-License-Identifier: MIT */
/*
 * Snap + route checked against an independent computation. A seeded generator draws a
 * road-like network (a jittered lattice of streets cut into lines of random length, shape
 * vertices, one-way lines both ways, class speeds and speed fields, repeated vertices,
 * diagonal bridges that share no vertex with what they cross, and an island), demand points
 * and facilities. The reference then knows nothing of nodes, links or the grid index:
 *   - every distinct vertex coordinate is a node and every segment an edge (found by
 *     sorting the coordinates), so junction detection is not reused;
 *   - points are snapped by a scan over every segment;
 *   - each snapped point becomes a node that splits its segment;
 *   - times come from a plain O(n^2) Dijkstra per facility on that explicit graph (or its
 *     reverse), and the nearest facility is the minimum over facilities.
 * Every demand point's time is compared, in both directions, and every facility's bounded
 * reach too.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "dosah/graph.h"
#include "dosah/route.h"
#include "dosah/snap.h"

#define GRID 12            /* lattice points per side */
#define STEP 100.0         /* lattice spacing, metres */
#define ISLAND_X 5000.0
#define DEMAND 200
#define FACILITIES 8
#define SNAP_MAX 120.0
#define ACCESS_KMH 5.0
#define BOUND_S 240.0
#define TOL_S 1e-3

static char *class_names[] = {"residential", "secondary", "primary"};
static const double class_kmh[] = {30.0, 50.0, 90.0};

/* ---- random numbers and the generated roads ---- */

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

struct gen {
    uint64_t seed;
    size_t lines, cap_lines, verts, cap_verts;
    size_t *offset;
    double *xy;
    uint32_t *cls;
    float *speed;
    signed char *oneway;
    long *fid;
};

/* Lattice point (i, j) of a lattice whose origin is x0: a pure function of its arguments,
 * so that every line through it gets bitwise the same coordinates. */
static void lattice(uint64_t seed, double x0, int i, int j, double *x, double *y)
{
    uint64_t s = seed ^ ((uint64_t)(i + 100) * 1000003u) ^ ((uint64_t)(j + 100) * 7919u) ^
                 (x0 > 0.0 ? 0x5555u : 0u);
    *x = x0 + i * STEP + (rng_unit(&s) - 0.5) * 40.0;
    *y = j * STEP + (rng_unit(&s) - 0.5) * 40.0;
}

static void add_vertex(struct gen *g, double x, double y)
{
    if (g->verts == g->cap_verts) {
        g->cap_verts = g->cap_verts ? 2 * g->cap_verts : 256;
        g->xy = realloc(g->xy, 2 * g->cap_verts * sizeof *g->xy);
    }
    g->xy[2 * g->verts] = x;
    g->xy[2 * g->verts + 1] = y;
    g->verts++;
}

static void begin_line(struct gen *g, uint64_t *r)
{
    double u = rng_unit(r);
    if (g->lines + 1 >= g->cap_lines) {
        g->cap_lines = g->cap_lines ? 2 * g->cap_lines : 64;
        g->offset = realloc(g->offset, (g->cap_lines + 1) * sizeof *g->offset);
        g->cls = realloc(g->cls, g->cap_lines * sizeof *g->cls);
        g->speed = realloc(g->speed, g->cap_lines * sizeof *g->speed);
        g->oneway = realloc(g->oneway, g->cap_lines * sizeof *g->oneway);
        g->fid = realloc(g->fid, g->cap_lines * sizeof *g->fid);
    }
    g->offset[g->lines] = g->verts;
    g->cls[g->lines] = (uint32_t)(rng_next(r) % 3);
    g->speed[g->lines] = rng_unit(r) < 0.1 ? (float)(20.0 + 60.0 * rng_unit(r)) : NAN;
    g->oneway[g->lines] = (signed char)(u < 0.15 ? 1 : u < 0.3 ? -1 : 0);
    g->fid[g->lines] = (long)g->lines + 1;
}

static void end_line(struct gen *g)
{
    g->lines++;
    g->offset[g->lines] = g->verts;
}

/* A street through lattice points a .. b of one row (dir 0) or column (dir 1). */
static void street(struct gen *g, uint64_t *r, double x0, int fixed, int a, int b, int dir)
{
    int k, reverse = rng_unit(r) < 0.3;
    begin_line(g, r);
    for (k = 0; k <= b - a; k++) {
        int at = reverse ? b - k : a + k;
        double x, y, nx, ny;
        lattice(g->seed, x0, dir ? fixed : at, dir ? at : fixed, &x, &y);
        add_vertex(g, x, y);
        if (rng_unit(r) < 0.05)
            add_vertex(g, x, y); /* a repeated vertex */
        if (k == b - a || rng_unit(r) < 0.5)
            continue;
        at += reverse ? -1 : 1;
        lattice(g->seed, x0, dir ? fixed : at, dir ? at : fixed, &nx, &ny);
        add_vertex(g, (x + nx) / 2 + (rng_unit(r) - 0.5) * 30.0,
                   (y + ny) / 2 + (rng_unit(r) - 0.5) * 30.0); /* a shape vertex */
    }
    end_line(g);
}

static void streets(struct gen *g, uint64_t *r, double x0, int n)
{
    int dir, fixed, a;
    for (dir = 0; dir < 2; dir++) {
        for (fixed = 0; fixed < n; fixed++) {
            for (a = 0; a < n - 1;) {
                int len = 1 + (int)(rng_next(r) % 4);
                if (a + len > n - 1)
                    len = n - 1 - a;
                if (rng_unit(r) > 0.1)
                    street(g, r, x0, fixed, a, a + len, dir);
                a += len;
            }
        }
    }
}

/* A diagonal bridge between two lattice points; its inner vertices are off the lattice. */
static void bridge(struct gen *g, uint64_t *r, int i0, int j0, int i1, int j1)
{
    double ax, ay, bx, by;
    int k;
    lattice(g->seed, 0.0, i0, j0, &ax, &ay);
    lattice(g->seed, 0.0, i1, j1, &bx, &by);
    begin_line(g, r);
    g->cls[g->lines] = 2;
    add_vertex(g, ax, ay);
    for (k = 1; k < 4; k++)
        add_vertex(g, ax + (bx - ax) * (k + 0.137) / 4.5, ay + (by - ay) * (k + 0.137) / 4.5);
    add_vertex(g, bx, by);
    end_line(g);
}

static void generate(struct gen *g, uint64_t seed, struct dosah_roads *roads)
{
    uint64_t r = seed;
    memset(g, 0, sizeof *g);
    g->seed = seed;
    streets(g, &r, 0.0, GRID);
    streets(g, &r, ISLAND_X, 3);
    bridge(g, &r, 0, 0, GRID - 1, GRID - 1);
    bridge(g, &r, 0, GRID - 1, GRID - 1, 0);
    bridge(g, &r, 2, 0, 5, GRID - 1);
    memset(roads, 0, sizeof *roads);
    roads->line_count = g->lines;
    roads->vertex_offset = g->offset;
    roads->xy = g->xy;
    roads->class_index = g->cls;
    roads->speed_kmh = g->speed;
    roads->oneway = g->oneway;
    roads->fid = g->fid;
    roads->class_count = 3;
    roads->class_names = class_names;
}

static void gen_free(struct gen *g)
{
    free(g->offset);
    free(g->xy);
    free(g->cls);
    free(g->speed);
    free(g->oneway);
    free(g->fid);
}

/* ---- the reference: an explicit graph over every vertex ---- */

struct ref {
    size_t n;                 /* nodes: distinct vertex points, then split points */
    size_t m, cap;            /* directed edges */
    uint32_t *tail, *head;
    double *w;
    uint32_t *vid;            /* node of each vertex */
    uint32_t *vline;          /* line of each vertex */
};

struct ref_point {
    double x, y;
    uint32_t v;
};

static int point_cmp(const void *a, const void *b)
{
    const struct ref_point *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return 0;
}

static void ref_edge(struct ref *r, uint32_t a, uint32_t b, double w)
{
    if (r->m == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        r->tail = realloc(r->tail, r->cap * sizeof *r->tail);
        r->head = realloc(r->head, r->cap * sizeof *r->head);
        r->w = realloc(r->w, r->cap * sizeof *r->w);
    }
    r->tail[r->m] = a;
    r->head[r->m] = b;
    r->w[r->m++] = w;
}

/* Travel between nodes a (earlier on the line) and b, as the line's one-way allows. */
static void ref_pair(struct ref *r, uint32_t a, uint32_t b, double w, int oneway)
{
    if (oneway >= 0)
        ref_edge(r, a, b, w);
    if (oneway <= 0)
        ref_edge(r, b, a, w);
}

static double line_speed_ms(const struct dosah_roads *roads, size_t line)
{
    double kmh = roads->speed_kmh[line];
    if (isnan(kmh))
        kmh = class_kmh[roads->class_index[line]];
    return kmh / 3.6;
}

static void ref_build(struct ref *r, const struct dosah_roads *roads)
{
    size_t nv = roads->vertex_offset[roads->line_count], i, v;
    struct ref_point *pts = malloc(nv * sizeof *pts);
    memset(r, 0, sizeof *r);
    r->vid = malloc(nv * sizeof *r->vid);
    r->vline = malloc(nv * sizeof *r->vline);
    for (v = 0; v < nv; v++) {
        pts[v].x = roads->xy[2 * v];
        pts[v].y = roads->xy[2 * v + 1];
        pts[v].v = (uint32_t)v;
    }
    qsort(pts, nv, sizeof *pts, point_cmp);
    for (v = 0; v < nv; v++) {
        if (v == 0 || point_cmp(&pts[v], &pts[v - 1]) != 0)
            r->n++;
        r->vid[pts[v].v] = (uint32_t)(r->n - 1);
    }
    free(pts);
    for (i = 0; i < roads->line_count; i++) {
        double speed = line_speed_ms(roads, i);
        for (v = roads->vertex_offset[i]; v < roads->vertex_offset[i + 1]; v++) {
            const double *a = roads->xy + 2 * v;
            r->vline[v] = (uint32_t)i;
            if (v + 1 < roads->vertex_offset[i + 1] && r->vid[v] != r->vid[v + 1])
                ref_pair(r, r->vid[v], r->vid[v + 1], hypot(a[2] - a[0], a[3] - a[1]) / speed,
                         roads->oneway[i]);
        }
    }
}

/* A point snapped by brute force: segment (first vertex) and position on it. */
struct ref_snap {
    double d, t;
    size_t seg;
    int attached;
    uint32_t node;
    double access_s;
};

static void ref_snap_point(const struct dosah_roads *roads, double px, double py,
                           struct ref_snap *s)
{
    size_t i, v;
    s->d = INFINITY;
    for (i = 0; i < roads->line_count; i++) {
        for (v = roads->vertex_offset[i]; v + 1 < roads->vertex_offset[i + 1]; v++) {
            const double *a = roads->xy + 2 * v;
            double dx = a[2] - a[0], dy = a[3] - a[1], len2 = dx * dx + dy * dy, t, d;
            if (len2 == 0.0)
                continue;
            t = ((px - a[0]) * dx + (py - a[1]) * dy) / len2;
            t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
            d = hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
            if (d < s->d) {
                s->d = d;
                s->t = t;
                s->seg = v;
            }
        }
    }
    s->attached = s->d <= SNAP_MAX;
    s->access_s = s->d / (ACCESS_KMH / 3.6);
}

struct split {
    size_t seg;
    double t;
    uint32_t node;
};

static int split_cmp(const void *a, const void *b)
{
    const struct split *p = a, *q = b;
    if (p->seg != q->seg)
        return p->seg < q->seg ? -1 : 1;
    return p->t < q->t ? -1 : p->t > q->t;
}

/* Gives every attached snapped point a node, splitting segments at interior points. */
static void ref_split(struct ref *r, const struct dosah_roads *roads, struct ref_snap *s,
                      size_t count)
{
    struct split *sp = malloc((count + 1) * sizeof *sp);
    size_t i, k, ns = 0;
    for (i = 0; i < count; i++) {
        if (!s[i].attached)
            continue;
        if (s[i].t == 0.0 || s[i].t == 1.0) {
            s[i].node = r->vid[s[i].seg + (s[i].t == 1.0)];
            continue;
        }
        s[i].node = (uint32_t)r->n++;
        sp[ns].seg = s[i].seg;
        sp[ns].t = s[i].t;
        sp[ns++].node = s[i].node;
    }
    qsort(sp, ns, sizeof *sp, split_cmp);
    for (i = 0; i < ns; i = k) {
        size_t seg = sp[i].seg, line = r->vline[seg];
        const double *a = roads->xy + 2 * seg;
        double per_t = hypot(a[2] - a[0], a[3] - a[1]) / line_speed_ms(roads, line);
        uint32_t prev = r->vid[seg];
        double prev_t = 0.0;
        for (k = i; k < ns && sp[k].seg == seg; k++) {
            ref_pair(r, prev, sp[k].node, (sp[k].t - prev_t) * per_t, roads->oneway[line]);
            prev = sp[k].node;
            prev_t = sp[k].t;
        }
        ref_pair(r, prev, r->vid[seg + 1], (1.0 - prev_t) * per_t, roads->oneway[line]);
    }
    free(sp);
}

/* Plain O(n^2) Dijkstra from one node, forward or on the reversed edges. */
static void ref_dijkstra(const struct ref *r, uint32_t start, double t0, int reverse,
                         double *dist)
{
    unsigned char *done = calloc(r->n, 1);
    size_t i, e;
    for (i = 0; i < r->n; i++)
        dist[i] = INFINITY;
    dist[start] = t0;
    for (;;) {
        size_t u = r->n;
        for (i = 0; i < r->n; i++)
            if (!done[i] && isfinite(dist[i]) && (u == r->n || dist[i] < dist[u]))
                u = i;
        if (u == r->n)
            break;
        done[u] = 1;
        for (e = 0; e < r->m; e++) {
            uint32_t from = reverse ? r->head[e] : r->tail[e];
            uint32_t to = reverse ? r->tail[e] : r->head[e];
            if (from == u && dist[u] + r->w[e] < dist[to])
                dist[to] = dist[u] + r->w[e];
        }
    }
    free(done);
}

static void ref_free(struct ref *r)
{
    free(r->tail);
    free(r->head);
    free(r->w);
    free(r->vid);
    free(r->vline);
}

/* ---- the program under test and the comparison ---- */

struct scene {
    struct gen gen;
    struct dosah_roads roads;
    struct dosah_point pts[DEMAND + FACILITIES]; /* demand points, then facilities */
    struct ref_snap rs[DEMAND + FACILITIES];
    struct dosah_snap ps[DEMAND + FACILITIES];
    struct ref ref;
    double *ref_time;       /* [facility][target] */
};

static void random_point(uint64_t *r, double x0, double extent, struct dosah_point *p)
{
    p->x = x0 - 200.0 + (extent + 400.0) * rng_unit(r);
    p->y = -200.0 + (extent + 400.0) * rng_unit(r);
}

/* Demand points: mostly anywhere, some around the island, some exactly on lattice points;
 * facilities: random, one on a lattice point, one far away (unattached), one on the island. */
static void place_points(struct scene *sc, uint64_t seed)
{
    uint64_t r = seed * 31 + 7;
    double side = (GRID - 1) * STEP;
    size_t i;
    for (i = 0; i < DEMAND; i++) {
        if (i % 10 == 9)
            lattice(seed, 0.0, (int)(rng_next(&r) % GRID), (int)(rng_next(&r) % GRID),
                    &sc->pts[i].x, &sc->pts[i].y);
        else if (i % 10 == 8)
            random_point(&r, ISLAND_X, 2 * STEP, &sc->pts[i]);
        else
            random_point(&r, 0.0, side, &sc->pts[i]);
    }
    for (i = DEMAND; i < DEMAND + FACILITIES; i++)
        random_point(&r, 0.0, side, &sc->pts[i]);
    lattice(seed, 0.0, 3, 4, &sc->pts[DEMAND].x, &sc->pts[DEMAND].y);
    sc->pts[DEMAND + 1].x = -3000.0;
    random_point(&r, ISLAND_X, 2 * STEP, &sc->pts[DEMAND + 2]);
}

static void scene_setup(struct scene *sc, struct dosah_ctx *ctx, uint64_t seed,
                        struct dosah_graph **g, struct dosah_snap_index **idx)
{
    struct dosah_graph_options gopt;
    struct dosah_snap_options sopt;
    size_t i, j, n = DEMAND + FACILITIES;
    double *dist;

    generate(&sc->gen, seed, &sc->roads);
    place_points(sc, seed);
    dosah_graph_options_init(&gopt);
    gopt.class_speed_kmh = class_kmh;
    gopt.class_count = 3;
    assert_int_equal(dosah_graph_build(ctx, &sc->roads, &gopt, g), DOSAH_OK);
    assert_int_equal(dosah_snap_index_create(ctx, *g, idx), DOSAH_OK);
    dosah_snap_options_init(&sopt);
    sopt.snap_max_m = SNAP_MAX;
    sopt.access_kmh = ACCESS_KMH;
    assert_int_equal(dosah_snap_points(ctx, *idx, sc->pts, n, &sopt, sc->ps), DOSAH_OK);

    ref_build(&sc->ref, &sc->roads);
    for (i = 0; i < n; i++) {
        ref_snap_point(&sc->roads, sc->pts[i].x, sc->pts[i].y, &sc->rs[i]);
        assert_float_equal(sc->ps[i].snap_m, sc->rs[i].d, 1e-9);
        assert_int_equal(sc->ps[i].attached, sc->rs[i].attached);
    }
    ref_split(&sc->ref, &sc->roads, sc->rs, n);
    sc->ref_time = malloc(2 * FACILITIES * DEMAND * sizeof *sc->ref_time);
    dist = malloc(sc->ref.n * sizeof *dist);
    for (j = 0; j < 2 * FACILITIES; j++) {
        const struct ref_snap *f = &sc->rs[DEMAND + j % FACILITIES];
        for (i = 0; i < DEMAND; i++)
            sc->ref_time[j * DEMAND + i] = INFINITY;
        if (!f->attached)
            continue;
        ref_dijkstra(&sc->ref, f->node, f->access_s, j >= FACILITIES, dist);
        for (i = 0; i < DEMAND; i++)
            if (sc->rs[i].attached)
                sc->ref_time[j * DEMAND + i] = dist[sc->rs[i].node] + sc->rs[i].access_s;
    }
    free(dist);
}

/* The reference time from facility f to target i (dir 0) or from i to f (dir 1). */
static double ref_at(const struct scene *sc, int dir, size_t f, size_t i)
{
    return sc->ref_time[((size_t)dir * FACILITIES + f) * DEMAND + i];
}

static void check_nearest(struct scene *sc, struct dosah_ctx *ctx,
                          struct dosah_route_workspace *ws, int dir, size_t *counts)
{
    struct dosah_route_options opt;
    double t[DEMAND];
    uint32_t near[DEMAND];
    size_t i, f;
    dosah_route_options_init(&opt);
    opt.direction = (enum dosah_route_direction)dir;
    assert_int_equal(dosah_route_nearest(ctx, ws, sc->ps + DEMAND, FACILITIES, sc->ps, DEMAND,
                                         &opt, t, near), DOSAH_OK);
    for (i = 0; i < DEMAND; i++) {
        double best = INFINITY;
        for (f = 0; f < FACILITIES; f++)
            best = fmin(best, ref_at(sc, dir, f, i));
        if (!isfinite(best)) {
            assert_true(isnan(t[i]));
            assert_int_equal(near[i], DOSAH_NONE);
            counts[sc->rs[i].attached ? 1 : 2]++;
            continue;
        }
        assert_true(near[i] < FACILITIES);
        assert_float_equal(t[i], best, TOL_S);
        assert_float_equal(ref_at(sc, dir, near[i], i), best, TOL_S);
        counts[0]++;
    }
}

static void check_reach(struct scene *sc, struct dosah_ctx *ctx,
                        struct dosah_route_workspace *ws, int dir)
{
    struct dosah_route_options opt;
    uint32_t reached[DEMAND];
    double t[DEMAND];
    size_t f, i, k, count;
    dosah_route_options_init(&opt);
    opt.direction = (enum dosah_route_direction)dir;
    opt.max_time_s = BOUND_S;
    for (f = 0; f < FACILITIES; f++) {
        assert_int_equal(dosah_route_reach(ctx, ws, &sc->ps[DEMAND + f], sc->ps, DEMAND, &opt,
                                           reached, t, &count), DOSAH_OK);
        for (i = 0, k = 0; i < DEMAND; i++) {
            double want = ref_at(sc, dir, f, i);
            int in = k < count && reached[k] == i;
            if (fabs(want - BOUND_S) > TOL_S)
                assert_int_equal(in, want <= BOUND_S);
            if (in)
                assert_float_equal(t[k++], want, TOL_S);
        }
        assert_int_equal(k, count);
    }
}

static void test_against_reference(void **state)
{
    uint64_t seed;
    size_t counts[3] = {0, 0, 0}; /* reached, attached but unreachable, not attached */
    (void)state;
    for (seed = 1; seed <= 6; seed++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct scene *sc = calloc(1, sizeof *sc);
        struct dosah_graph *g = NULL;
        struct dosah_snap_index *idx = NULL;
        struct dosah_route_workspace *ws = NULL;
        int dir;
        scene_setup(sc, ctx, seed, &g, &idx);
        assert_int_equal(dosah_route_workspace_create(ctx, g, &ws), DOSAH_OK);
        for (dir = 0; dir < 2; dir++) {
            check_nearest(sc, ctx, ws, dir, counts);
            check_reach(sc, ctx, ws, dir);
        }
        dosah_route_workspace_destroy(ws);
        dosah_snap_index_destroy(idx);
        dosah_graph_destroy(g);
        ref_free(&sc->ref);
        free(sc->ref_time);
        gen_free(&sc->gen);
        free(sc);
        dosah_ctx_destroy(ctx);
    }
    /* The scenes must exercise every case. */
    assert_true(counts[0] > 1000);
    assert_true(counts[1] > 20);
    assert_true(counts[2] > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
