/* SPDX-License-Identifier: MIT */
/*
 * OpenStreetMap tags as GDAL's OSM driver gives them (the `highway` column and the hstore
 * text of `other_tags`), read for car routing: which ways are roads, their one-way direction
 * and their maxspeed. Pure functions without GDAL, so that they are tested on their own.
 */
#ifndef DOSAH_OSM_INTERNAL_H
#define DOSAH_OSM_INTERNAL_H

#include <stddef.h>

/*
 * Finds key in other_tags ("k"=>"v","k2"=>"v2", quotes and backslashes escaped by a
 * backslash) and copies its unescaped value into out[0..size) (truncated, always
 * NUL-terminated). Returns 1 when found, 0 when not (out is then ""). tags may be NULL.
 */
int dosah_osm_tag(const char *tags, const char *key, char *out, size_t size);

/*
 * Reads a maxspeed value in km/h: a number ("50"), with a unit ("50 km/h", "30 mph",
 * "10 knots"), a Czech zone ("CZ:urban" 50, "CZ:rural" 90, "CZ:trunk" 110, "CZ:motorway"
 * 130, "CZ:living_street" and "CZ:pedestrian_zone" 20), or several separated by ";" (the
 * lowest). Returns 1 and sets *kmh (> 0); 0 for anything else ("none", "signals", "walk",
 * other countries' zones), leaving *kmh alone.
 */
int dosah_osm_maxspeed(const char *text, double *kmh);

/*
 * 1 when a highway value is not a road for cars whatever the speed table says it is
 * missing from it: footway, path, cycleway, steps, bridleway, pedestrian, track, corridor,
 * platform, construction, proposed and the like (the list is in osm.c and the docs).
 */
int dosah_osm_highway_not_for_cars(const char *highway);

/* Why a way is or is not read as a road, apart from its class. */
enum dosah_osm_verdict {
    DOSAH_OSM_ROAD = 0,     /* a road: its class decides the rest */
    DOSAH_OSM_NO_HIGHWAY,   /* no highway tag: buildings, rivers, railways, boundaries */
    DOSAH_OSM_AREA,         /* area=yes: a square or a parking lot drawn as an area */
    DOSAH_OSM_NO_ACCESS     /* motorcar, motor_vehicle, vehicle or access forbids cars */
};

/* What the tags of one way say. */
struct dosah_osm_way {
    enum dosah_osm_verdict verdict;
    int oneway;          /* enum dosah_oneway */
    int oneway_implied;  /* 1: no oneway tag; a roundabout or a motorway is one-way */
    int oneway_unknown;  /* 1: a oneway value that is none of OSM's (read as two-way), or
                            reversible/alternating (two-way, at different times) */
    int has_maxspeed;    /* 1: a maxspeed tag */
    int maxspeed_ok;     /* 1: it was read into maxspeed_kmh */
    double maxspeed_kmh;
    char maxspeed[32];   /* the value as tagged (shortened), for messages */
    char oneway_text[32];/* the oneway value as tagged (shortened), for messages */
};

/* Reads the tags of one way of the `lines` layer: highway (may be NULL) and other_tags. */
void dosah_osm_way_read(const char *highway, const char *other_tags, struct dosah_osm_way *w);

#endif
