/* SPDX-License-Identifier: MIT */
/* The benchmark without igraph: the comparison is skipped. */
#include <stdio.h>

#include "bench.h"

void bench_igraph_compare(const struct dosah_graph *g, const struct dosah_route_workspace *ws,
                          const uint32_t *facility_nodes, size_t count, int reps,
                          double dosah_s)
{
    (void)g;
    (void)ws;
    (void)facility_nodes;
    (void)count;
    (void)reps;
    (void)dosah_s;
    printf("  igraph               not found at configure time: comparison skipped\n");
}
