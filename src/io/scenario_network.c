/* SPDX-License-Identifier: MIT */
/*
 * The scenario's `network` section: the road class speed table (OpenStreetMap highway values
 * by default), the speed for classes missing from it, access and walking speeds, the snap
 * distance, whether OpenStreetMap's maxspeed caps the class speed, and the clip of the roads
 * to the study area: one table of keys, network_rows, read by scenario_table.c. Same rules
 * as scenario_schema.c: unknown keys with the nearest valid one, bad values at their line
 * and column.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "io/scenario_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The default table of road class speeds, km/h: OpenStreetMap highway values, then the
 * classes of ArcČR 500 / ŘSD (TRIDA) and their usual abbreviations at the speeds of the
 * OpenStreetMap classes they correspond to. The two vocabularies do not overlap, so the
 * values found in the roads choose the table. */
static const struct {
    const char *road_class;
    double speed_kmh;
} default_speeds[] = {
    {"motorway", 110},     {"motorway_link", 60},  {"trunk", 90},
    {"trunk_link", 50},    {"primary", 70},        {"primary_link", 40},
    {"secondary", 60},     {"secondary_link", 40}, {"tertiary", 50},
    {"tertiary_link", 30}, {"unclassified", 40},   {"residential", 30},
    {"service", 20},       {"living_street", 10},
    {"dálnice", 110},      {"rychlostní silnice", 90}, {"silnice I. třídy", 70},
    {"silnice II. třídy", 60}, {"silnice III. třídy", 50}, {"neevidovaná silnice", 40},
    {"D", 110},            {"R", 90},              {"I", 70},
    {"II", 60},            {"III", 50},            {"I.", 70},
    {"II.", 60},           {"III.", 50},
};


static enum dosah_status set_default_speeds(struct dosah_ctx *ctx, struct dosah_network_spec *ns)
{
    size_t i;
    ns->speeds = dosah_calloc(ctx, COUNT(default_speeds), sizeof *ns->speeds);
    if (!ns->speeds)
        return DOSAH_ENOMEM;
    ns->speed_count = COUNT(default_speeds);
    for (i = 0; i < COUNT(default_speeds); i++) {
        ns->speeds[i].road_class = dosah_strdup(ctx, default_speeds[i].road_class);
        if (!ns->speeds[i].road_class)
            return DOSAH_ENOMEM;
        ns->speeds[i].speed_kmh = default_speeds[i].speed_kmh;
    }
    return DOSAH_OK;
}
/* speeds_kmh: {class: km/h, ...}; replaces the default table. */
static enum dosah_status parse_speeds(const struct scn_parser *p, const struct scn_node *map,
                                      struct dosah_network_spec *ns)
{
    char what[SCN_SHOWN + 16];
    size_t i, n;
    enum dosah_status st = scn_expect_mapping(p, map, "speeds_kmh", "road class: km/h, ...");
    if (st != DOSAH_OK)
        return st;
    n = map->nitems / 2;
    ns->speeds = dosah_calloc(p->ctx, n, sizeof *ns->speeds);
    if (!ns->speeds)
        return DOSAH_ENOMEM;
    ns->speed_count = n;
    for (i = 0; i < n; i++) {
        const struct scn_node *k = map->items[2 * i], *v = map->items[2 * i + 1];
        if (scn_is_null(k) || k->text[0] == '\0')
            return scn_error(p, k->mark,
                             "a road class in 'speeds_kmh' is empty; write the class, such as "
                             "primary");
        snprintf(what, sizeof what, "speeds_kmh.%s", k->text);
        st = scn_get_bounded(p, v, what, SCN_ABOVE_ZERO, &ns->speeds[i].speed_kmh);
        if (st != DOSAH_OK)
            return st;
        ns->speeds[i].road_class = dosah_strdup(p->ctx, k->text);
        if (!ns->speeds[i].road_class)
            return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

/* speeds_kmh, absent: the default table. */
static enum dosah_status read_speeds(const struct scn_parser *p, const struct scn_node *v,
                                     const struct scn_at *at)
{
    struct dosah_network_spec *ns = at->base;
    return v ? parse_speeds(p, v, ns) : set_default_speeds(p->ctx, ns);
}

/* min_piece_nodes counts nodes. */
static enum dosah_status whole_nodes(const struct scn_parser *p, const struct scn_node *v,
                                     const struct scn_at *at)
{
    const struct dosah_network_spec *ns = at->base;
    if (ns->min_piece_nodes == floor(ns->min_piece_nodes) && ns->min_piece_nodes <= 1e9)
        return DOSAH_OK;
    return scn_error(p, v->mark,
                     "'min_piece_nodes' is %g; write a whole number of nodes (0 or 1: "
                     "points may snap to every piece of the network)", ns->min_piece_nodes);
}

/* access_detour is a ratio to the straight line. */
static enum dosah_status detour_at_least_one(const struct scn_parser *p,
                                             const struct scn_node *v, const struct scn_at *at)
{
    const struct dosah_network_spec *ns = at->base;
    if (ns->access_detour >= 1)
        return DOSAH_OK;
    return scn_error(p, v->mark,
                     "'access_detour' is %g; the way to the road is never shorter than the "
                     "straight line: write 1 or more", ns->access_detour);
}

/* clip_buffer_m given: clip to the study area plus that much (absent: clip stays 0). */
static enum dosah_status clip_on(const struct scn_parser *p, const struct scn_node *v,
                                 const struct scn_at *at)
{
    struct dosah_network_spec *ns = at->base;
    (void)p;
    (void)v;
    ns->clip = 1;
    return DOSAH_OK;
}

#define AT(member) offsetof(struct dosah_network_spec, member)

/* README.md, "Network". Steps keep the order in which the keys were always read. */
static const struct scn_row network_rows[] = {
    {.key = "speeds_kmh", .type = SCN_T_HOOK, .always = 1, .hook = read_speeds},
    {.key = "default_speed_kmh", .type = SCN_T_NUMBER, .bound = SCN_ZERO_OR_MORE, .def = 0,
     .at = AT(default_speed_kmh), .step = 1},
    {.key = "access_kmh", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .def = 30,
     .at = AT(access_kmh), .step = 2},
    {.key = "snap_max_m", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .def = 2000,
     .at = AT(snap_max_m), .step = 3},
    {.key = "walk_kmh", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .def = 5,
     .at = AT(walk_kmh), .step = 6},
    {.key = "use_maxspeed", .type = SCN_T_BOOL, .def = 0, .at = AT(use_maxspeed), .step = 7},
    {.key = "clip_buffer_m", .type = SCN_T_NUMBER, .bound = SCN_ZERO_OR_MORE, .def = 0,
     .at = AT(clip_buffer_m), .step = 8, .hook = clip_on},
    {.key = "access_detour", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .def = 1.3,
     .at = AT(access_detour), .step = 5, .hook = detour_at_least_one},
    {.key = "min_piece_nodes", .type = SCN_T_NUMBER, .bound = SCN_ZERO_OR_MORE, .def = 50,
     .at = AT(min_piece_nodes), .step = 4, .hook = whole_nodes},
};

const struct scn_section scn_network_section = {
    .example = "speeds_kmh: {...}, access_kmh: 5, ...",
    .rows = network_rows,
    .count = COUNT(network_rows),
    .readme = "### Network",
};

enum dosah_status scn_network(const struct scn_parser *p, const struct scn_node *net,
                              struct dosah_network_spec *ns)
{
    struct scn_at at = {.base = ns, .map = net, .name = "network", .where = "in network"};
    ns->clip = 0;
    return scn_section_read(p, &scn_network_section, &at);
}
