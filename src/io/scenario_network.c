/* SPDX-License-Identifier: MIT */
/*
 * The scenario's `network` section: the road class speed table (OpenStreetMap highway values
 * by default), the speed for classes missing from it, access and walking speeds, the snap
 * distance, whether OpenStreetMap's maxspeed caps the class speed, and the clip of the roads
 * to the study area. Same rules as scenario_schema.c: unknown keys with the nearest valid
 * one, bad values at their line and column.
 */
#include <math.h>
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

/* clip_buffer_m: absent = no clip; a number >= 0 = clip to the study area plus that much. */
static enum dosah_status parse_clip(const struct scn_parser *p, const struct scn_node *net,
                                    struct dosah_network_spec *ns)
{
    const struct scn_node *v = scn_value(net, "clip_buffer_m");
    if (!v)
        return DOSAH_OK;
    ns->clip = 1;
    return scn_get_bounded(p, v, "clip_buffer_m", SCN_ZERO_OR_MORE, &ns->clip_buffer_m);
}

enum dosah_status scn_network(const struct scn_parser *p, const struct scn_node *net,
                              struct dosah_network_spec *ns)
{
    static const char *const keys[] = {"speeds_kmh", "default_speed_kmh", "access_kmh",
                                       "snap_max_m", "walk_kmh",          "use_maxspeed",
                                       "clip_buffer_m", "access_detour", "min_piece_nodes"};
    const struct scn_node *speeds;
    enum dosah_status st;
    ns->default_speed_kmh = 0;
    ns->access_kmh = 30;
    ns->access_detour = 1.3;
    ns->walk_kmh = 5;
    ns->snap_max_m = 2000;
    ns->min_piece_nodes = 50;
    ns->use_maxspeed = 0;
    ns->clip = 0;
    ns->clip_buffer_m = 0;
    if (!net)
        return set_default_speeds(p->ctx, ns);
    st = scn_expect_mapping(p, net, "network", "speeds_kmh: {...}, access_kmh: 5, ...");
    if (st == DOSAH_OK)
        st = scn_check_keys(p, net, keys, COUNT(keys), "in network");
    if (st != DOSAH_OK)
        return st;
    speeds = scn_value(net, "speeds_kmh");
    st = speeds ? parse_speeds(p, speeds, ns) : set_default_speeds(p->ctx, ns);
    if (st == DOSAH_OK)
        st = scn_optional_bounded(p, net, "default_speed_kmh", SCN_ZERO_OR_MORE,
                                  &ns->default_speed_kmh);
    if (st == DOSAH_OK)
        st = scn_optional_bounded(p, net, "access_kmh", SCN_ABOVE_ZERO, &ns->access_kmh);
    if (st == DOSAH_OK)
        st = scn_optional_bounded(p, net, "snap_max_m", SCN_ABOVE_ZERO, &ns->snap_max_m);
    if (st == DOSAH_OK)
        st = scn_optional_bounded(p, net, "min_piece_nodes", SCN_ZERO_OR_MORE,
                                  &ns->min_piece_nodes);
    if (st == DOSAH_OK && (ns->min_piece_nodes != floor(ns->min_piece_nodes) ||
                           ns->min_piece_nodes > 1e9))
        st = scn_error(p, scn_value(net, "min_piece_nodes")->mark,
                       "'min_piece_nodes' is %g; write a whole number of nodes (0 or 1: "
                       "points may snap to every piece of the network)", ns->min_piece_nodes);
    if (st == DOSAH_OK)
        st = scn_optional_bounded(p, net, "access_detour", SCN_ABOVE_ZERO, &ns->access_detour);
    if (st == DOSAH_OK && ns->access_detour < 1)
        st = scn_error(p, scn_value(net, "access_detour")->mark,
                       "'access_detour' is %g; the way to the road is never shorter than the "
                       "straight line: write 1 or more", ns->access_detour);
    if (st == DOSAH_OK)
        st = scn_optional_bounded(p, net, "walk_kmh", SCN_ABOVE_ZERO, &ns->walk_kmh);
    if (st == DOSAH_OK)
        st = scn_optional_bool(p, net, "use_maxspeed", &ns->use_maxspeed);
    return st == DOSAH_OK ? parse_clip(p, net, ns) : st;
}
