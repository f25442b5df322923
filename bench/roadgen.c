/* SPDX-License-Identifier: MIT */
/*
 * Road-like networks for the benchmark. Every vertex comes from one function of integer
 * lattice coordinates (half steps of a 200 m grid, jittered by a hash of the coordinates),
 * so lines that should meet get bitwise identical points, and lines that should not
 * (motorways between interchanges) get points off the lattice. Main grid lines carry a
 * vertex at every half step: the midpoints are shape vertices, or junctions where a town
 * street ends on them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roadgen.h"

#define HALF_STEP_M 100.0

enum { MOTORWAY, PRIMARY, SECONDARY, TERTIARY, RESIDENTIAL };

static char *class_names[ROADGEN_CLASS_COUNT] = {"motorway", "primary", "secondary", "tertiary",
                                                 "residential"};
const double roadgen_class_speed_kmh[ROADGEN_CLASS_COUNT] = {110.0, 70.0, 50.0, 40.0, 30.0};

uint64_t roadgen_next(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

double roadgen_unit(uint64_t *state)
{
    return (double)(roadgen_next(state) >> 11) / 9007199254740992.0;
}

/* Half-step lattice point (i, j): the same bits for every line through it. */
static void lattice(const struct roadgen *rg, long i, long j, double *x, double *y)
{
    uint64_t s = rg->seed ^ ((uint64_t)i * UINT64_C(0x100000001b3)) ^
                 ((uint64_t)j * UINT64_C(0xc2b2ae3d27d4eb4f));
    *x = (double)i * HALF_STEP_M + (roadgen_unit(&s) - 0.5) * 0.3 * HALF_STEP_M;
    *y = (double)j * HALF_STEP_M + (roadgen_unit(&s) - 0.5) * 0.3 * HALF_STEP_M;
}

static int push_vertex(struct roadgen *rg, double x, double y)
{
    if (rg->vertex_count == rg->vertex_cap) {
        size_t cap = rg->vertex_cap ? 2 * rg->vertex_cap : 4096;
        double *xy = realloc(rg->roads.xy, 2 * cap * sizeof *xy);
        if (!xy)
            return -1;
        rg->roads.xy = xy;
        rg->vertex_cap = cap;
    }
    rg->roads.xy[2 * rg->vertex_count] = x;
    rg->roads.xy[2 * rg->vertex_count + 1] = y;
    rg->vertex_count++;
    return 0;
}

static int grow_lines(struct dosah_roads *r, size_t cap)
{
    void *p;
    if (!(p = realloc(r->vertex_offset, (cap + 1) * sizeof *r->vertex_offset)))
        return -1;
    r->vertex_offset = p;
    if (!(p = realloc(r->class_index, cap * sizeof *r->class_index)))
        return -1;
    r->class_index = p;
    if (!(p = realloc(r->speed_kmh, cap * sizeof *r->speed_kmh)))
        return -1;
    r->speed_kmh = p;
    if (!(p = realloc(r->oneway, cap * sizeof *r->oneway)))
        return -1;
    r->oneway = p;
    if (!(p = realloc(r->fid, cap * sizeof *r->fid)))
        return -1;
    r->fid = p;
    return 0;
}

/* Starts a line; a few carry a speed of their own, some residential ones are one-way. */
static int begin_line(struct roadgen *rg, uint64_t *rnd, uint32_t cls, double oneway_share)
{
    struct dosah_roads *r = &rg->roads;
    double u = roadgen_unit(rnd);
    if (r->line_count == rg->line_cap) {
        size_t cap = rg->line_cap ? 2 * rg->line_cap : 1024;
        if (grow_lines(r, cap) != 0)
            return -1;
        rg->line_cap = cap;
    }
    r->vertex_offset[r->line_count] = rg->vertex_count;
    r->class_index[r->line_count] = cls;
    r->speed_kmh[r->line_count] =
        roadgen_unit(rnd) < 0.03 ? (float)(20.0 + 70.0 * roadgen_unit(rnd)) : NAN;
    r->oneway[r->line_count] = (signed char)(u < oneway_share / 2 ? 1 : u < oneway_share ? -1 : 0);
    r->fid[r->line_count] = (long)r->line_count + 1;
    return 0;
}

static void end_line(struct roadgen *rg)
{
    rg->roads.line_count++;
    rg->roads.vertex_offset[rg->roads.line_count] = rg->vertex_count;
}

static uint32_t class_of_row(long r)
{
    return r % 16 == 0 ? PRIMARY : r % 8 == 0 ? SECONDARY : r % 4 == 0 ? TERTIARY : RESIDENTIAL;
}

/* A grid street along row (dir 0) or column (dir 1) `fixed`, cells a .. b. */
static int grid_street(struct roadgen *rg, uint64_t *rnd, long fixed, long a, long b, int dir)
{
    uint32_t cls = class_of_row(fixed);
    long i;
    if (begin_line(rg, rnd, cls, cls == RESIDENTIAL ? 0.05 : 0.0) != 0)
        return -1;
    for (i = 2 * a; i <= 2 * b; i++) {
        double x, y;
        lattice(rg, dir ? 2 * fixed : i, dir ? i : 2 * fixed, &x, &y);
        if (push_vertex(rg, x, y) != 0)
            return -1;
    }
    end_line(rg);
    return 0;
}

/* The streets of an n x n block of cells at (i0, j0): runs of 1 to 6 cells, 8 % missing. */
static int grid_block(struct roadgen *rg, uint64_t *rnd, long i0, long j0, long n)
{
    long fixed, a;
    int dir;
    for (dir = 0; dir < 2; dir++) {
        for (fixed = 0; fixed < n; fixed++) {
            for (a = 0; a < n - 1;) {
                long len = 1 + (long)(roadgen_next(rnd) % 6);
                if (a + len > n - 1)
                    len = n - 1 - a;
                if (roadgen_unit(rnd) > 0.08 &&
                    grid_street(rg, rnd, (dir ? i0 : j0) + fixed, (dir ? j0 : i0) + a,
                                (dir ? j0 : i0) + a + len, dir) != 0)
                    return -1;
                a += len;
            }
        }
    }
    return 0;
}

/* A town street across cell (a, b) through its centre, ending on two side midpoints. */
static int town_street(struct roadgen *rg, uint64_t *rnd, long a, long b, int dir)
{
    long k;
    if (begin_line(rg, rnd, RESIDENTIAL, 0.2) != 0)
        return -1;
    for (k = 0; k < 3; k++) {
        double x, y;
        lattice(rg, dir ? 2 * a + 1 : 2 * a + k, dir ? 2 * b + k : 2 * b + 1, &x, &y);
        if (push_vertex(rg, x, y) != 0)
            return -1;
    }
    end_line(rg);
    return 0;
}

/* Towns: discs of cells with a cross of streets in each; a cell gets at most one cross. */
static int towns(struct roadgen *rg, uint64_t *rnd)
{
    long s = (long)rg->side, count = s * s / 8000 + 1, t, a, b;
    unsigned char *done = calloc((size_t)(s * s), 1);
    if (!done)
        return -1;
    for (t = 0; t < count; t++) {
        long ca = (long)(roadgen_next(rnd) % (uint64_t)s);
        long cb = (long)(roadgen_next(rnd) % (uint64_t)s);
        long rad = 3 + (long)(roadgen_next(rnd) % 8);
        for (a = ca - rad; a <= ca + rad; a++) {
            for (b = cb - rad; b <= cb + rad; b++) {
                if (a < 0 || b < 0 || a >= s - 1 || b >= s - 1 || done[a * s + b] ||
                    (a - ca) * (a - ca) + (b - cb) * (b - cb) > rad * rad)
                    continue;
                done[a * s + b] = 1;
                if (town_street(rg, rnd, a, b, 0) != 0 || town_street(rg, rnd, a, b, 1) != 0) {
                    free(done);
                    return -1;
                }
            }
        }
    }
    free(done);
    return 0;
}

/*
 * A motorway from the west edge to the east edge: a vertex off the lattice every 3 cells
 * (it passes over the streets it crosses) and an interchange on a lattice point every 12.
 */
static int motorway(struct roadgen *rg, uint64_t *rnd)
{
    long s = (long)rg->side, k;
    double b0 = (double)(roadgen_next(rnd) % (uint64_t)s);
    double b1 = (double)(roadgen_next(rnd) % (uint64_t)s);
    if (begin_line(rg, rnd, MOTORWAY, 0.0) != 0)
        return -1;
    rg->roads.speed_kmh[rg->roads.line_count] = NAN;
    for (k = 0; k < s; k++) {
        double y = b0 + (b1 - b0) * (double)k / (double)(s - 1), px, py;
        if (k % 12 == 0 || k == s - 1)
            lattice(rg, 2 * k, 2 * lround(y), &px, &py);
        else if (k % 3 == 0) {
            px = (2.0 * (double)k + 0.37) * HALF_STEP_M;
            py = (2.0 * y + 0.41) * HALF_STEP_M;
        } else
            continue;
        if (push_vertex(rg, px, py) != 0)
            return -1;
    }
    end_line(rg);
    return 0;
}

int roadgen_make(struct roadgen *rg, size_t target_nodes, uint64_t seed)
{
    uint64_t rnd = seed;
    long s, k;
    memset(rg, 0, sizeof *rg);
    rg->seed = seed;
    /* Gaps, towns and the small pieces give about 0.975 nodes per lattice cell. */
    s = (long)sqrt((double)target_nodes / 0.975);
    rg->side = (size_t)(s < 4 ? 4 : s);
    s = (long)rg->side;
    rg->roads.class_count = ROADGEN_CLASS_COUNT;
    rg->roads.class_names = class_names;
    if (grow_lines(&rg->roads, 1) != 0)
        goto fail;
    rg->roads.vertex_offset[0] = 0;
    if (grid_block(rg, &rnd, 0, 0, s) != 0 || towns(rg, &rnd) != 0)
        goto fail;
    for (k = 0; k <= s / 200; k++)
        if (motorway(rg, &rnd) != 0)
            goto fail;
    /* Five small pieces east of the grid, apart from it and from each other. */
    for (k = 0; k < 5; k++)
        if (grid_block(rg, &rnd, s + 4 + 8 * k, 4 * k, 5) != 0)
            goto fail;
    return 0;
fail:
    roadgen_free(rg);
    return -1;
}

void roadgen_free(struct roadgen *rg)
{
    free(rg->roads.vertex_offset);
    free(rg->roads.xy);
    free(rg->roads.class_index);
    free(rg->roads.speed_kmh);
    free(rg->roads.oneway);
    free(rg->roads.fid);
    memset(rg, 0, sizeof *rg);
}
