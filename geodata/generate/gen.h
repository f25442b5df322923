/* SPDX-License-Identifier: MIT */
/*
 * Shared declarations of the demo-region generator (dosah_gen_liberec). The generator reads
 * the public facts about the municipalities of Liberecký kraj (codes, names, ORP membership,
 * population, one point each), checks them against the published totals, and derives an
 * approximate but self-consistent demo region from them: municipality polygons (Voronoi cells
 * clipped to a generated outline), ORP polygons, a road network, illustrative social services
 * and socially excluded localities. Everything is deterministic: randomness comes from a
 * seeded splitmix64 stream per purpose, never from the clock.
 *
 * It is a command, not library code: stages print their own error message to stderr and
 * return -1, and main() turns that into exit status 1.
 */
#ifndef DOSAH_GEN_H
#define DOSAH_GEN_H

#include <stddef.h>
#include <stdint.h>

#include <geos_c.h>

#define GEN_SEED 0x646f736168u   /* "dosah": the one seed of every random stream */
#define GEN_NAME_MAX 96
#define GEN_ORP_COUNT 10
#define GEN_ROAD_MAX_VERTICES 8

/* Deterministic pseudo-random stream (splitmix64). */
struct gen_rng {
    uint64_t state;
};

struct gen_muni {
    int kod;
    char nazev[GEN_NAME_MAX];
    int kod_orp;
    int orp;                 /* index into world->orp */
    int population;          /* 1 Jan 2025 */
    double x, y;             /* EPSG:5514, metres */
    int index_svl;           /* MMR index of social exclusion 2023, 0..30 */
    GEOSGeometry *area;      /* MultiPolygon, owned */
};

struct gen_orp {
    int kod;
    char nazev[GEN_NAME_MAX];
    int seat;                /* municipality index of the seat town */
    int count;
    long population;
    GEOSGeometry *area;      /* MultiPolygon, owned */
};

struct gen_road {
    int id;
    int a, b;                /* municipality indices of the first and last vertex */
    const char *typ;         /* OSM highway class (static string) */
    int speed_kmh;           /* 0 = NULL */
    const char *oneway;      /* "yes", "-1", "no" or NULL (static strings) */
    int vertex_count;
    double xy[2 * GEN_ROAD_MAX_VERTICES];
};

struct gen_service {
    char id[16];
    char nazev[160];
    char poskytovatel[160];
    const char *paragraf;
    const char *forma;
    double kapacita;
    const char *jednotka;
    const char *provoz;
    char *pusobnost;         /* owned, NULL for none */
    int muni;
    double x, y;
};

struct gen_svl {
    char id[16];
    char nazev[GEN_NAME_MAX + 32];
    int muni;
    int population;
    double x, y;
};

/* A crossing of the trunk road over another line without a junction (a bridge). */
struct gen_crossing {
    int road_id;
    double x, y;
};

struct gen_world {
    GEOSContextHandle_t geos;
    struct gen_muni *muni;
    int muni_count;
    struct gen_orp orp[GEN_ORP_COUNT];
    int orp_count;
    GEOSGeometry *outline;   /* region outline (Polygon or MultiPolygon), owned */
    struct gen_road *roads;
    int road_count;
    struct gen_crossing crossings[16];
    int crossing_count;
    struct gen_service *services;
    int service_count;
    struct gen_svl *svl;
    int svl_count;
};

/* gen_util.c */
void gen_rng_seed(struct gen_rng *r, uint64_t seed, const char *purpose);
uint64_t gen_rng_next(struct gen_rng *r);
double gen_rng_uniform(struct gen_rng *r);            /* [0, 1) */
double gen_rng_range(struct gen_rng *r, double lo, double hi);
void gen_rng_direction(struct gen_rng *r, double *dx, double *dy); /* unit vector, no trig */
int gen_error(const char *fmt, ...);                  /* prints, returns -1 */
double gen_round_cm(double v);
int gen_muni_find(const struct gen_world *w, const char *nazev);
double gen_dist(double ax, double ay, double bx, double by);
double gen_point_segment_dist(double px, double py, double ax, double ay,
                              double bx, double by);
GEOSGeometry *gen_make_point(GEOSContextHandle_t h, double x, double y);
GEOSGeometry *gen_multipoint(const struct gen_world *w);
GEOSGeometry *gen_as_multipolygon(GEOSContextHandle_t h, GEOSGeometry *g);
int gen_point_in_area(const struct gen_world *w, int muni, double x, double y);
void gen_world_clear(struct gen_world *w);

/* gen_input.c: reads obce.csv into world->muni and world->orp, checks the published totals. */
int gen_read_municipalities(struct gen_world *w, const char *csv_path);

/* gen_areas.c: region outline, municipality and ORP polygons, with their checks. */
int gen_build_areas(struct gen_world *w);

/* gen_roads.c: the road network, its classes, one-way pieces, the trunk and its checks. */
int gen_build_roads(struct gen_world *w);
GEOSGeometry *gen_road_line(GEOSContextHandle_t h, const struct gen_road *r); /* caller frees */

/* gen_services.c: illustrative social services and socially excluded localities. */
int gen_build_services(struct gen_world *w);
int gen_build_localities(struct gen_world *w);

/* gen_transit.c: an illustrative GTFS timetable (bus lines along the roads) into folder dir. */
int gen_write_gtfs(const struct gen_world *w, const char *dir);

/* gen_write.c: writes every layer to a GeoPackage at path (which must not exist). */
int gen_write_gpkg(const struct gen_world *w, const char *path);

#endif
