/* SPDX-License-Identifier: MIT */
/*
 * Small helpers of the demo-region generator: the seeded pseudo-random stream, plane geometry
 * on raw coordinates, GEOS conveniences and the error message helper. Nothing here depends on
 * the clock or on process-wide random state, so every run produces the same region.
 */
#include "gen.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Mixes the purpose into the seed (FNV-1a) so that each stage has an independent stream:
 * changing how many numbers one stage draws never changes another stage's output. */
void gen_rng_seed(struct gen_rng *r, uint64_t seed, const char *purpose)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)purpose; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3u;
    }
    r->state = seed ^ h;
}

/* splitmix64 (Steele, Lea, Flood 2014): one 64-bit output per call. */
uint64_t gen_rng_next(struct gen_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

double gen_rng_uniform(struct gen_rng *r)
{
    return (double)(gen_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double gen_rng_range(struct gen_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * gen_rng_uniform(r);
}

/* A uniformly distributed direction by rejection sampling: only +, *, / and sqrt, which IEEE
 * arithmetic rounds identically everywhere (unlike sin and cos from the C library). */
void gen_rng_direction(struct gen_rng *r, double *dx, double *dy)
{
    for (;;) {
        double x = gen_rng_range(r, -1.0, 1.0);
        double y = gen_rng_range(r, -1.0, 1.0);
        double len2 = x * x + y * y;
        if (len2 > 0.01 && len2 <= 1.0) {
            double len = sqrt(len2);
            *dx = x / len;
            *dy = y / len;
            return;
        }
    }
}

int gen_error(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("dosah_gen_liberec: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -1;
}

/* Generated coordinates are kept to centimetres, like surveyed data, not to 17 digits. */
double gen_round_cm(double v)
{
    return round(v * 100.0) / 100.0;
}

/* Index of the municipality with this exact name, or -1. The first match wins (two
 * municipalities are called Pěnčín; the generator never looks either of them up by name). */
int gen_muni_find(const struct gen_world *w, const char *nazev)
{
    for (int i = 0; i < w->muni_count; i++) {
        if (strcmp(w->muni[i].nazev, nazev) == 0)
            return i;
    }
    return -1;
}

double gen_dist(double ax, double ay, double bx, double by)
{
    return hypot(bx - ax, by - ay);
}

double gen_point_segment_dist(double px, double py, double ax, double ay,
                              double bx, double by)
{
    double vx = bx - ax, vy = by - ay;
    double len2 = vx * vx + vy * vy;
    double t = len2 > 0.0 ? ((px - ax) * vx + (py - ay) * vy) / len2 : 0.0;
    if (t < 0.0)
        t = 0.0;
    else if (t > 1.0)
        t = 1.0;
    return gen_dist(px, py, ax + t * vx, ay + t * vy);
}

GEOSGeometry *gen_make_point(GEOSContextHandle_t h, double x, double y)
{
    return GEOSGeom_createPointFromXY_r(h, x, y);
}

/* All municipality points as one MultiPoint, in file order. Caller frees. */
GEOSGeometry *gen_multipoint(const struct gen_world *w)
{
    GEOSGeometry **pts = calloc((size_t)w->muni_count, sizeof *pts);
    if (!pts)
        return NULL;
    for (int i = 0; i < w->muni_count; i++) {
        pts[i] = gen_make_point(w->geos, w->muni[i].x, w->muni[i].y);
        if (!pts[i]) {
            for (int j = 0; j < i; j++)
                GEOSGeom_destroy_r(w->geos, pts[j]);
            free(pts);
            return NULL;
        }
    }
    GEOSGeometry *mp = GEOSGeom_createCollection_r(w->geos, GEOS_MULTIPOINT, pts,
                                                   (unsigned)w->muni_count);
    free(pts);
    return mp;
}

static int collect_polygons(GEOSContextHandle_t h, const GEOSGeometry *g,
                            GEOSGeometry ***out, unsigned *count, unsigned *cap)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g))
            return 0;
        if (*count == *cap) {
            unsigned ncap = *cap ? 2 * *cap : 8;
            GEOSGeometry **n = realloc(*out, ncap * sizeof *n);
            if (!n)
                return -1;
            *out = n;
            *cap = ncap;
        }
        (*out)[*count] = GEOSGeom_clone_r(h, g);
        return (*out)[(*count)++] ? 0 : -1;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++) {
            if (collect_polygons(h, GEOSGetGeometryN_r(h, g, i), out, count, cap) != 0)
                return -1;
        }
    }
    return 0;
}

/* Takes g and returns its polygonal parts as one MultiPolygon (lines and points that an
 * overlay or make-valid may leave behind are dropped), or NULL when there are none. */
GEOSGeometry *gen_as_multipolygon(GEOSContextHandle_t h, GEOSGeometry *g)
{
    GEOSGeometry **parts = NULL;
    unsigned count = 0, cap = 0;
    GEOSGeometry *mp = NULL;
    if (!g)
        return NULL;
    if (collect_polygons(h, g, &parts, &count, &cap) == 0 && count > 0)
        mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, count);
    else {
        for (unsigned i = 0; i < count; i++)
            GEOSGeom_destroy_r(h, parts[i]);
    }
    free(parts);
    GEOSGeom_destroy_r(h, g);
    return mp;
}

/* 1 when (x, y) lies in the interior of the municipality's polygon, 0 otherwise. */
int gen_point_in_area(const struct gen_world *w, int muni, double x, double y)
{
    GEOSGeometry *pt = gen_make_point(w->geos, x, y);
    if (!pt || !w->muni[muni].area) {
        GEOSGeom_destroy_r(w->geos, pt);
        return 0;
    }
    char in = GEOSContains_r(w->geos, w->muni[muni].area, pt);
    GEOSGeom_destroy_r(w->geos, pt);
    return in == 1;
}

void gen_world_clear(struct gen_world *w)
{
    for (int i = 0; i < w->muni_count; i++)
        GEOSGeom_destroy_r(w->geos, w->muni[i].area);
    for (int i = 0; i < w->orp_count; i++)
        GEOSGeom_destroy_r(w->geos, w->orp[i].area);
    for (int i = 0; i < w->service_count; i++)
        free(w->services[i].pusobnost);
    GEOSGeom_destroy_r(w->geos, w->outline);
    free(w->muni);
    free(w->roads);
    free(w->services);
    free(w->svl);
    w->muni = NULL;
    w->roads = NULL;
    w->services = NULL;
    w->svl = NULL;
    w->outline = NULL;
    w->muni_count = w->orp_count = w->road_count = w->service_count = w->svl_count = 0;
}
