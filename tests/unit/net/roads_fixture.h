/* SPDX-License-Identifier: MIT */
/*
 * Small hand-made road networks for the net and route tests: each line is written as its
 * vertices, class, speed field and one-way flag, and turned into a struct dosah_roads with
 * plain malloc (fixtures are not part of the allocation failures under test).
 */
#ifndef DOSAH_TEST_ROADS_FIXTURE_H
#define DOSAH_TEST_ROADS_FIXTURE_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dosah/model.h"

#define FX_MAX_VERTICES 8
#define FX_NO_CLASS (-1)

struct fx_line {
    long fid;
    int vertex_count;
    double xy[2 * FX_MAX_VERTICES];
    int class_index;  /* FX_NO_CLASS for none */
    float speed_kmh;  /* NAN for none */
    int oneway;
};

/* Fills r from lines; class_names (class_count of them) are borrowed, not copied. */
static inline void fx_roads(struct dosah_roads *r, const struct fx_line *lines, size_t count,
                            char **class_names, size_t class_count)
{
    size_t i, total = 0, at = 0;
    memset(r, 0, sizeof *r);
    for (i = 0; i < count; i++)
        total += (size_t)lines[i].vertex_count;
    r->line_count = count;
    r->vertex_offset = malloc((count + 1) * sizeof *r->vertex_offset);
    r->xy = malloc((2 * total + 1) * sizeof *r->xy);
    r->class_index = malloc((count + 1) * sizeof *r->class_index);
    r->speed_kmh = malloc((count + 1) * sizeof *r->speed_kmh);
    r->oneway = malloc(count + 1);
    r->fid = malloc((count + 1) * sizeof *r->fid);
    for (i = 0; i < count; i++) {
        r->vertex_offset[i] = at;
        memcpy(r->xy + 2 * at, lines[i].xy, 2 * (size_t)lines[i].vertex_count * sizeof(double));
        at += (size_t)lines[i].vertex_count;
        r->class_index[i] =
            lines[i].class_index < 0 ? DOSAH_NONE : (uint32_t)lines[i].class_index;
        r->speed_kmh[i] = lines[i].speed_kmh;
        r->oneway[i] = (signed char)lines[i].oneway;
        r->fid[i] = lines[i].fid;
    }
    r->vertex_offset[count] = at;
    r->class_count = class_count;
    r->class_names = class_names;
}

/* A lattice of side x side points 10 m apart, (0, 0) to (10 (side - 1), same): side lines
 * east, then side lines north (reversed: the lines and their vertices in the opposite
 * order). No classes, speeds or one-way flags; free with fx_roads_free. */
static inline void fx_lattice(struct dosah_roads *r, size_t side, int reversed)
{
    size_t i, k;
    memset(r, 0, sizeof *r);
    r->line_count = 2 * side;
    r->vertex_offset = malloc((2 * side + 1) * sizeof *r->vertex_offset);
    r->xy = malloc(2 * 2 * side * side * sizeof *r->xy);
    for (i = 0; i < 2 * side; i++) {
        size_t line = reversed ? 2 * side - 1 - i : i;
        r->vertex_offset[i] = i * side;
        for (k = 0; k < side; k++) {
            size_t at = reversed ? side - 1 - k : k;
            double along = 10.0 * (double)at, across = 10.0 * (double)(line % side);
            r->xy[2 * (i * side + k)] = line < side ? along : across;
            r->xy[2 * (i * side + k) + 1] = line < side ? across : along;
        }
    }
    r->vertex_offset[2 * side] = 2 * side * side;
}

static inline void fx_roads_free(struct dosah_roads *r)
{
    free(r->vertex_offset);
    free(r->xy);
    free(r->class_index);
    free(r->speed_kmh);
    free(r->oneway);
    free(r->fid);
    memset(r, 0, sizeof *r);
}

#endif
