/* SPDX-License-Identifier: MIT */
/*
 * OpenStreetMap tags for car routing: the hstore text of GDAL's `other_tags` column, maxspeed
 * values, the highway values that are no roads for cars, access restrictions and one-way
 * rules (the explicit tag, or the one-way a roundabout and a motorway imply). The choices
 * are documented in docs-official-data.md; the loader (load_roads.c) applies them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dosah/model.h"
#include "io/osm_internal.h"

/* Reads one quoted hstore string at *p into out (unescaped, truncated); advances *p past the
 * closing quote. Returns 0 when *p is not at a well-formed quoted string. */
static int quoted(const char **p, char *out, size_t size)
{
    const char *s = *p;
    size_t n = 0;
    if (*s != '"')
        return 0;
    for (s++; *s && *s != '"'; s++) {
        if (*s == '\\' && s[1])
            s++;
        if (out && n + 1 < size)
            out[n++] = *s;
    }
    if (out && size)
        out[n] = '\0';
    if (*s != '"')
        return 0;
    *p = s + 1;
    return 1;
}

int dosah_osm_tag(const char *tags, const char *key, char *out, size_t size)
{
    char k[128];
    const char *p = tags;
    if (size)
        out[0] = '\0';
    while (p && *p) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p || !quoted(&p, k, sizeof k))
            return 0;
        while (*p == ' ')
            p++;
        if (strncmp(p, "=>", 2) != 0)
            return 0;
        p += 2;
        while (*p == ' ')
            p++;
        if (strcmp(k, key) == 0)
            return quoted(&p, out, size);
        if (!quoted(&p, NULL, 0))
            return 0;
    }
    return 0;
}

/* One maxspeed value (no ';'): a number with an optional unit, or a Czech zone. */
static int one_speed(const char *text, double *kmh)
{
    static const struct {
        const char *zone;
        double kmh;
    } zones[] = {{"CZ:urban", 50},         {"CZ:rural", 90},
                 {"CZ:trunk", 110},        {"CZ:motorway", 130},
                 {"CZ:living_street", 20}, {"CZ:pedestrian_zone", 20}};
    char *end;
    double v;
    size_t i;
    while (*text == ' ')
        text++;
    for (i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strcasecmp(text, zones[i].zone) == 0) {
            *kmh = zones[i].kmh;
            return 1;
        }
    if (!(*text >= '0' && *text <= '9'))
        return 0;
    v = strtod(text, &end);
    while (*end == ' ')
        end++;
    if (!*end || !strcasecmp(end, "km/h") || !strcasecmp(end, "kmh") || !strcasecmp(end, "kph"))
        ;
    else if (!strcasecmp(end, "mph"))
        v *= 1.609344;
    else if (!strcasecmp(end, "knots"))
        v *= 1.852;
    else
        return 0;
    if (!(v > 0) || !isfinite(v))
        return 0;
    *kmh = v;
    return 1;
}

int dosah_osm_maxspeed(const char *text, double *kmh)
{
    char buf[64], *part, *save = NULL;
    double best = INFINITY, v;
    int any = 0;
    if (!text || strlen(text) >= sizeof buf)
        return 0;
    strcpy(buf, text);
    for (part = strtok_r(buf, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
        size_t n = strlen(part);
        while (n && part[n - 1] == ' ')
            part[--n] = '\0';
        if (!one_speed(part, &v))
            return 0;
        if (v < best)
            best = v;
        any = 1;
    }
    if (any)
        *kmh = best;
    return any;
}

int dosah_osm_highway_not_for_cars(const char *highway)
{
    static const char *const not_roads[] = {
        "footway",  "path",         "cycleway",   "steps",         "bridleway",
        "pedestrian", "track",      "corridor",   "elevator",      "platform",
        "bus_stop", "construction", "proposed",   "planned",       "abandoned",
        "disused",  "razed",        "dismantled", "raceway",       "escape",
        "emergency_bay", "rest_area", "services", "via_ferrata",   "bus_guideway",
        "busway",   "traffic_island", "no",
    };
    size_t i;
    for (i = 0; highway && i < sizeof not_roads / sizeof not_roads[0]; i++)
        if (strcmp(highway, not_roads[i]) == 0)
            return 1;
    return 0;
}

/* The most specific of motorcar, motor_vehicle, vehicle and access decides; these values
 * forbid an ordinary car (private, destination, delivery and customers do not). */
static int no_cars(const char *tags)
{
    static const char *const keys[] = {"motorcar", "motor_vehicle", "vehicle", "access"};
    static const char *const forbid[] = {"no", "agricultural", "forestry", "emergency", "psv"};
    char v[32];
    size_t i, j;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (!dosah_osm_tag(tags, keys[i], v, sizeof v))
            continue;
        for (j = 0; j < sizeof forbid / sizeof forbid[0]; j++)
            if (strcmp(v, forbid[j]) == 0)
                return 1;
        return 0;
    }
    return 0;
}

static void read_oneway(const char *highway, const char *tags, struct dosah_osm_way *w)
{
    char junction[32];
    const char *v = w->oneway_text;
    w->oneway = DOSAH_ONEWAY_NO;
    if (!dosah_osm_tag(tags, "oneway", w->oneway_text, sizeof w->oneway_text)) {
        dosah_osm_tag(tags, "junction", junction, sizeof junction);
        if (!strcmp(junction, "roundabout") || !strcmp(junction, "circular") ||
            (highway && !strcmp(highway, "motorway"))) {
            w->oneway = DOSAH_ONEWAY_FORWARD;
            w->oneway_implied = 1;
        }
        return;
    }
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
        w->oneway = DOSAH_ONEWAY_FORWARD;
    else if (!strcmp(v, "-1") || !strcmp(v, "reverse"))
        w->oneway = DOSAH_ONEWAY_BACKWARD;
    else if (strcmp(v, "no") && strcmp(v, "false") && strcmp(v, "0"))
        w->oneway_unknown = 1;
}

void dosah_osm_way_read(const char *highway, const char *other_tags, struct dosah_osm_way *w)
{
    char area[16];
    memset(w, 0, sizeof *w);
    w->maxspeed_kmh = NAN;
    if (!highway || !*highway) {
        w->verdict = DOSAH_OSM_NO_HIGHWAY;
        return;
    }
    if (dosah_osm_tag(other_tags, "area", area, sizeof area) && !strcmp(area, "yes")) {
        w->verdict = DOSAH_OSM_AREA;
        return;
    }
    if (no_cars(other_tags)) {
        w->verdict = DOSAH_OSM_NO_ACCESS;
        return;
    }
    read_oneway(highway, other_tags, w);
    if (dosah_osm_tag(other_tags, "maxspeed", w->maxspeed, sizeof w->maxspeed)) {
        w->has_maxspeed = 1;
        w->maxspeed_ok = dosah_osm_maxspeed(w->maxspeed, &w->maxspeed_kmh);
    }
}
