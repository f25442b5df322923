/* SPDX-License-Identifier: MIT */
/*
 * The benchmark's generator of road-like networks: a jittered lattice of streets cut into
 * lines of random length with gaps, road classes by row, towns of denser streets, a few
 * one-way streets, motorways that cross the lattice on bridges (no shared vertex) and join
 * it only at interchanges, and a few small pieces apart from the rest.
 */
#ifndef DOSAH_BENCH_ROADGEN_H
#define DOSAH_BENCH_ROADGEN_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/model.h"

/* Road classes of the generated lines, and their speeds in km/h. */
#define ROADGEN_CLASS_COUNT 5
extern const double roadgen_class_speed_kmh[ROADGEN_CLASS_COUNT];

struct roadgen {
    struct dosah_roads roads; /* what dosah reads; owned by the generator */
    size_t line_cap;
    size_t vertex_cap;
    size_t vertex_count;
    size_t side;              /* lattice cells per side of the main grid */
    uint64_t seed;
};

/*
 * Generates a network of about target_nodes graph nodes. Returns 0 on success, -1 when
 * memory is short (rg is then freed). Free with roadgen_free.
 */
int roadgen_make(struct roadgen *rg, size_t target_nodes, uint64_t seed);
void roadgen_free(struct roadgen *rg);

/* Deterministic pseudo-random numbers (splitmix64) for the benchmark. */
uint64_t roadgen_next(uint64_t *state);
double roadgen_unit(uint64_t *state);

#endif
