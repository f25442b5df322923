/* SPDX-License-Identifier: MIT */
/*
 * The benchmark's reference: igraph's Dijkstra (igraph_distances_dijkstra, igraph 0.10) on
 * the same forward edges and weights as dosah's graph, from one extra vertex joined by
 * zero-weight arcs to every facility node, which makes igraph's single-source search the
 * same multi-source problem that dosah solves. Only the Dijkstra call is timed.
 */
#include <math.h>
#include <stdio.h>

#include <igraph.h>

#include "bench.h"

#define MAX_REPS 15

/* Fills the edge list: the graph's forward edges, then super -> each facility node. */
static void edge_list(const struct dosah_graph *g, const uint32_t *fac, size_t count,
                      igraph_vector_int_t *edges, igraph_vector_t *w)
{
    struct dosah_graph_adjacency adj;
    size_t n = dosah_graph_node_count(g), u, k = 0, i;
    uint32_t e;
    dosah_graph_get_adjacency(g, 0, &adj);
    for (u = 0; u < n; u++) {
        for (e = adj.first[u]; e < adj.first[u + 1]; e++, k++) {
            VECTOR(*edges)[2 * k] = (igraph_integer_t)u;
            VECTOR(*edges)[2 * k + 1] = (igraph_integer_t)adj.other[e];
            VECTOR(*w)[k] = (igraph_real_t)adj.time_s[e];
        }
    }
    for (i = 0; i < count; i++) {
        if (fac[i] == DOSAH_NONE)
            continue;
        VECTOR(*edges)[2 * k] = (igraph_integer_t)n;
        VECTOR(*edges)[2 * k + 1] = (igraph_integer_t)fac[i];
        VECTOR(*w)[k++] = 0.0;
    }
    igraph_vector_int_resize(edges, (igraph_integer_t)(2 * k));
    igraph_vector_resize(w, (igraph_integer_t)k);
}

/* Compares igraph's distances with dosah's node times; prints the outcome. */
static void compare(const igraph_matrix_t *res, const struct dosah_route_workspace *ws,
                    size_t n)
{
    size_t v, differ = 0, reached = 0;
    double worst = 0.0;
    for (v = 0; v < n; v++) {
        double a = MATRIX(*res, 0, (igraph_integer_t)v);
        double b = dosah_route_node_time_s(ws, (uint32_t)v);
        if (isinf(a) && isnan(b))
            continue;
        reached++;
        if (!(fabs(a - b) <= 1e-6 * fmax(1.0, a))) {
            differ++;
            continue;
        }
        worst = fmax(worst, fabs(a - b));
    }
    if (differ)
        printf("  igraph DIFFERS on %zu of %zu nodes\n", differ, n);
    else
        printf("  igraph agrees        on all %zu nodes (%zu reached; largest difference "
               "%.2g s)\n", n, reached, worst);
}

void bench_igraph_compare(const struct dosah_graph *g, const struct dosah_route_workspace *ws,
                          const uint32_t *facility_nodes, size_t count, int reps,
                          double dosah_s)
{
    size_t n = dosah_graph_node_count(g), m = dosah_graph_edge_count(g);
    igraph_vector_int_t edges;
    igraph_vector_t w;
    igraph_matrix_t res;
    igraph_t ig;
    double t[MAX_REPS], med;
    int r;

    igraph_vector_int_init(&edges, (igraph_integer_t)(2 * (m + count)));
    igraph_vector_init(&w, (igraph_integer_t)(m + count));
    edge_list(g, facility_nodes, count, &edges, &w);
    igraph_create(&ig, &edges, (igraph_integer_t)(n + 1), IGRAPH_DIRECTED);
    igraph_matrix_init(&res, 1, (igraph_integer_t)(n + 1));
    for (r = 0; r < reps && r < MAX_REPS; r++) {
        double t0 = bench_now();
        igraph_distances_dijkstra(&ig, &res, igraph_vss_1((igraph_integer_t)n), igraph_vss_all(),
                                  &w, IGRAPH_OUT);
        t[r] = bench_now() - t0;
    }
    med = bench_median(t, r);
    printf("  igraph Dijkstra      %9.4f s  (median of %d; igraph / dosah = %.2f)\n", med, r,
           med / dosah_s);
    compare(&res, ws, n);
    igraph_matrix_destroy(&res);
    igraph_destroy(&ig);
    igraph_vector_destroy(&w);
    igraph_vector_int_destroy(&edges);
}
