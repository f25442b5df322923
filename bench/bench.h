/* SPDX-License-Identifier: MIT */
/* Shared helpers of the benchmark program and its igraph comparison. */
#ifndef DOSAH_BENCH_H
#define DOSAH_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/graph.h"
#include "dosah/route.h"

/* Monotonic clock in seconds. */
double bench_now(void);
/* Median of v[0 .. n - 1] (sorts v). */
double bench_median(double *v, int n);

/*
 * Times igraph's Dijkstra from a virtual super-source joined by zero-weight arcs to the
 * facility nodes, on the graph's forward edges, checks its distances against the node
 * times left in ws by a field (FROM_SOURCES) search from the same facilities, and prints
 * the times and their ratio to dosah_s. Without igraph it prints that it is skipped.
 */
void bench_igraph_compare(const struct dosah_graph *g, const struct dosah_route_workspace *ws,
                          const uint32_t *facility_nodes, size_t count, int reps,
                          double dosah_s);

#endif
