/* SPDX-License-Identifier: MIT */
/*
 * The road graph (DESIGN.md §3, network): a compact directed graph built from the road lines
 * of the model, with forward and reverse adjacency in CSR form, travel time per edge, the
 * links (chains of line segments between two nodes) that snapping and catchments work on,
 * and the weakly and strongly connected components.
 *
 * A node sits at every line end and at every vertex that two or more lines (or one line
 * twice) share with exactly the same coordinates. Lines that cross without a shared vertex
 * (bridges, tunnels) are not connected. Node ids follow a Hilbert curve through the nodes'
 * coordinates, so that nodes near each other on the ground have nearby ids and a search
 * touches compact stretches of memory. They do not depend on the order of the input lines,
 * except among nodes that share a cell of the curve (1/65,536 of the network's extent, a
 * few metres on a national network), which keep the order in which they first appear. The
 * built graph is immutable: any number of threads may read it at once. It refers to the
 * roads' vertices without copying them, so the roads must stay alive and unchanged until
 * the graph is destroyed.
 */
#ifndef DOSAH_GRAPH_H
#define DOSAH_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"
#include "dosah/model.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dosah_graph;

/* Which lines take part and how their travel time is found, and names for messages. */
struct dosah_graph_options {
    /* Speed per road class, indexed like roads->class_names (class_count entries); NAN
     * marks a class missing from the scenario's table. NULL when there is no table. */
    const double *class_speed_kmh;
    size_t class_count;
    /* The class names of the table in use (the scenario's network.speeds_kmh), for the
     * did-you-mean of an unknown class: the nearest name by edit distance on case- and
     * accent-folded text. NULL (count 0) for no suggestion; borrowed for the build only. */
    const char *const *known_classes;
    size_t known_class_count;
    /* Speed of a line whose class is missing from the table or that has no class; 0 or
     * NAN makes such a line an input error. */
    double default_speed_kmh;
    /* 0: a line's own speed field comes first; 1: it is ignored (a speed limit is no
     * walking speed). */
    int ignore_speed_field;
    /* Road classes that are not routable, by name as in roads->class_names (names the
     * roads do not use are ignored): their lines take no part in the graph (no node, no
     * edge, nothing to snap to) and need no speed. A separate list rather than a speed of 0
     * in the class table, which stays an input error so that a typo is not taken for an
     * exclusion. NULL (count 0) for none; borrowed for the build only. */
    const char *const *excluded_classes;
    size_t excluded_class_count;
    /* The roads' file and layer, used in messages and diagnostics only; may be NULL. */
    const char *file;
    const char *layer;
};

/* Sets no class table, default_speed_kmh = 0 (missing speed is an error), the speed field
 * in use, no excluded class, no names (all zero, so a zeroed struct means the same). */
void dosah_graph_options_init(struct dosah_graph_options *opt);

/*
 * Sets the options of a walking graph: every road at speed_kmh (no class table, speed field
 * ignored), except the classes pedestrians may not use: motorway, motorway_link, trunk and
 * trunk_link. Add a class table or names afterwards as needed.
 */
void dosah_graph_options_init_walk(struct dosah_graph_options *opt, double speed_kmh);

/*
 * Builds the graph of roads. A line's speed is its speed_kmh when not NAN (and the options
 * do not ignore the speed field), else the class table's, else default_speed_kmh. Lines of
 * excluded classes are left out. Fails with DOSAH_EINVAL (message names the feature fid
 * and the class, and says to add the class to network.speeds_kmh) when a line that is not
 * left out has no usable speed, or on a non-finite coordinate (of any line); DOSAH_ENOMEM
 * when memory is short. On success *out is a new graph (free with dosah_graph_destroy), on
 * failure NULL. roads must outlive it.
 */
enum dosah_status dosah_graph_build(struct dosah_ctx *ctx, const struct dosah_roads *roads,
                                    const struct dosah_graph_options *opt,
                                    struct dosah_graph **out);

/* Frees the graph; returns NULL. NULL does nothing. */
struct dosah_graph *dosah_graph_destroy(struct dosah_graph *g);

/* Counts: nodes, directed edges (in each of the forward and reverse adjacency), links. */
size_t dosah_graph_node_count(const struct dosah_graph *g);
size_t dosah_graph_edge_count(const struct dosah_graph *g);
size_t dosah_graph_link_count(const struct dosah_graph *g);

/* Bytes held by the graph object, all its arrays included (not the borrowed roads). */
size_t dosah_graph_memory(const struct dosah_graph *g);

/* The roads the graph was built from (borrowed). */
const struct dosah_roads *dosah_graph_get_roads(const struct dosah_graph *g);

/* Coordinates of a node (working CRS, metres); node < node_count. */
struct dosah_point dosah_graph_node_xy(const struct dosah_graph *g, uint32_t node);

/*
 * One side of the adjacency in CSR form, borrowed from the graph: the edges leaving node v
 * (forward) or entering it (reverse) are first[v] .. first[v + 1] - 1; other[e] is the
 * edge's head (forward) or tail (reverse) and time_s[e] its travel time in seconds.
 * Times are float seconds: 4 bytes like deciseconds, without their rounding of each edge
 * (a 10 m street at 50 km/h takes 0.72 s; deciseconds would make it 0.7 s, a 3 % error that
 * piles up along a path); searches add them up in double.
 */
struct dosah_graph_adjacency {
    const uint32_t *first;   /* node_count + 1 entries */
    const uint32_t *other;   /* edge_count entries */
    const float *time_s;     /* edge_count entries */
};

/* Fills adj with the forward (reverse = 0) or reverse (reverse = 1) adjacency. */
void dosah_graph_get_adjacency(const struct dosah_graph *g, int reverse,
                               struct dosah_graph_adjacency *adj);

/*
 * A link: the chain of segments of one road line between two consecutive nodes, from
 * vertex first_vertex to last_vertex (global indices into roads->xy, last > first).
 * from_node is at first_vertex. oneway as enum dosah_oneway, relative to from -> to.
 * time_s is the time to travel the whole link in an allowed direction.
 */
struct dosah_graph_link {
    uint32_t first_vertex;
    uint32_t last_vertex;
    uint32_t from_node;
    uint32_t to_node;
    double length_m;
    double time_s;
    int oneway;
};

/* Fills out with link number link (< link_count). */
void dosah_graph_get_link(const struct dosah_graph *g, uint32_t link,
                          struct dosah_graph_link *out);

/* The road line (index into the roads) that link belongs to; O(log lines). */
uint32_t dosah_graph_link_line(const struct dosah_graph *g, uint32_t link);

/* Kinds of connected components. */
enum dosah_connectivity {
    DOSAH_WEAK = 0,   /* pieces of the network, one-way restrictions ignored */
    DOSAH_STRONG = 1  /* sets of nodes that can all reach each other */
};

/*
 * Components of one kind, borrowed from the graph: of_node[v] is the component of node v
 * (0 .. count - 1); largest is the component with the most nodes (the lowest id on a tie)
 * and largest_nodes its size. Component ids follow no particular order.
 */
struct dosah_graph_components {
    size_t count;
    const uint32_t *of_node;
    uint32_t largest;
    size_t largest_nodes;
};

/* Fills out with the components of the given kind. */
void dosah_graph_get_components(const struct dosah_graph *g, enum dosah_connectivity kind,
                                struct dosah_graph_components *out);

/*
 * Adds network diagnostics (stage "network") to the context: one warning per piece of the
 * network not connected to the largest one, naming a few of its lines' feature ids, at most
 * max_pieces of them and then a summary; and one warning counting the nodes of the largest
 * piece that lie outside the largest strongly connected component (one-way traps).
 * Returns DOSAH_ENOMEM when memory is short.
 */
enum dosah_status dosah_graph_report_components(struct dosah_ctx *ctx,
                                                const struct dosah_graph *g,
                                                size_t max_pieces);

#ifdef __cplusplus
}
#endif
#endif
