/* SPDX-License-Identifier: MIT */
/*
 * The in-memory model that load fills and every later stage reads: areas, demand points,
 * services, excluded localities and road lines, all in the working CRS (metres).
 *
 * Plain data without third-party types: geometries that only the writer needs are kept as
 * ISO WKB blobs, everything computed on is in flat arrays of doubles.
 */
#ifndef DOSAH_MODEL_H
#define DOSAH_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"
#include "dosah/hours.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dosah_point {
    double x, y; /* working CRS, metres */
};

/* An identifier as the input had it: text always, plus the integer when it was one. */
struct dosah_id {
    char *text;
    int64_t number;
    int is_number;
};

/* Form of a social service (DESIGN.md §2). */
enum dosah_form {
    DOSAH_FORM_UNKNOWN = 0,
    DOSAH_FORM_FIELD = 1,       /* terénní: routed from the facility to the client */
    DOSAH_FORM_AMBULANT = 2,    /* ambulantní: routed from the client to the facility */
    DOSAH_FORM_RESIDENTIAL = 4  /* pobytová: routed from the client to the facility */
};

/* Where a demand point stands and why (the demand layer's `placement`). */
enum dosah_placement {
    DOSAH_PLACED_INPUT = 0,   /* a point of the demand input */
    DOSAH_PLACED_ADDRESS,     /* an address point sharing its municipality's population */
    DOSAH_PLACED_CELL,        /* the centre of a population raster's cell */
    DOSAH_PLACED_DEFINITION,  /* the municipality's given point (municipalities.point) */
    DOSAH_PLACED_ROADS,       /* the road vertex inside the municipality with the most road
                                 length around it (the default, see README) */
    DOSAH_PLACED_SURFACE,     /* the polygon's point on surface (no road inside) */
    DOSAH_PLACED_COUNT
};
/* "input", "address", "raster_cell", "definition_point", "road_density", "point_on_surface". */
const char *dosah_placement_name(enum dosah_placement p);

/* A municipality or a region (ORP). */
struct dosah_area {
    struct dosah_id code;
    char *name;           /* may be NULL when the input has no name field */
    char *region_code;    /* municipalities: the region's code as text, or NULL */
    uint32_t region;      /* municipalities: index into model->regions, or DOSAH_NONE */
    double population;    /* >= 0; regions: sum over their municipalities */
    int has_population;
    struct dosah_point inside; /* a point on the surface */
    struct dosah_point point;  /* municipalities: the given point (municipalities.point) */
    int has_point;             /* 1 when point is set */
    double *groups;            /* municipalities: people per population group (model
                                  group_count of them), or NULL without groups */
    unsigned char *wkb;   /* (multi)polygon, ISO WKB, working CRS */
    size_t wkb_size;
    long fid;             /* input feature id, for messages */
};

/* A point where people live: given, or one per municipality (its point on surface). */
struct dosah_demand {
    struct dosah_id id;
    double population;
    uint32_t municipality; /* index into model->municipalities, or DOSAH_NONE */
    struct dosah_point pt;
    long fid;
    enum dosah_placement placement;
};

/* One location of a social service. */
struct dosah_service {
    struct dosah_id id;
    char *name;
    int type;             /* the § number of act 108/2006 Sb. (40 for §40) */
    unsigned forms;       /* bit set of enum dosah_form */
    double capacity;      /* NAN when unknown */
    char *hours;          /* opening hours as given, or NULL */
    struct dosah_hours opening; /* parsed; known = 0 when not given (then open always) */
    double priority;      /* the priority field, NAN when not given */
    char *scope;          /* declared territorial scope as given, or NULL */
    char *provider;       /* the provider's name, or NULL */
    char *capacity_unit;  /* the unit of capacity as given (clients, beds...), or NULL */
    struct dosah_point pt;
    uint32_t municipality; /* containing municipality, or DOSAH_NONE */
    long fid;
};

/* A socially excluded locality. */
struct dosah_locality {
    struct dosah_id id;
    char *name;
    double population;     /* the estimate; the midpoint when the input gives a range */
    double population_min; /* the range as given (min = max for a single number) */
    double population_max;
    struct dosah_point pt; /* the point, or a point on the surface of a polygon */
    unsigned char *wkb;    /* the geometry as given (point or polygon), working CRS */
    size_t wkb_size;
    uint32_t municipality;
    long fid;
};

/* One-way restriction of a road line, OpenStreetMap meanings. */
enum dosah_oneway {
    DOSAH_ONEWAY_NO = 0,      /* both ways */
    DOSAH_ONEWAY_FORWARD = 1, /* along the digitised direction only */
    DOSAH_ONEWAY_BACKWARD = -1 /* against it only */
};

/*
 * Road lines as loaded: line i has vertices xy[2*vertex_offset[i] .. 2*vertex_offset[i+1]).
 * Multi-lines are split into their parts, each a line of its own with the same fid.
 */
struct dosah_roads {
    size_t line_count;
    size_t *vertex_offset;  /* line_count + 1 entries */
    double *xy;             /* interleaved x, y */
    uint32_t *class_index;  /* index into class_names, DOSAH_NONE when the line has none */
    float *speed_kmh;       /* from the speed field; NAN when absent (the class table applies) */
    signed char *oneway;    /* enum dosah_oneway */
    long *fid;              /* input feature id per line */
    size_t class_count;
    char **class_names;     /* distinct class values in order of first appearance */
};

/* Candidate sites of a plan given as a layer. */
struct dosah_candidate {
    struct dosah_id id;
    char *name;
    struct dosah_point pt;
    long fid;
};

struct dosah_candidates {
    struct dosah_candidate *items;
    size_t count;
};

/* Travel times from another router (the od_matrix input), ids as written in the file. */
struct dosah_od {
    size_t count;
    char **origin;        /* demand, service or locality ids */
    char **destination;
    double *minutes;      /* >= 0 */
};

struct dosah_model {
    struct dosah_area *municipalities;
    size_t municipality_count;
    struct dosah_area *regions;
    size_t region_count;
    int regions_dissolved;  /* 1 when regions were dissolved from municipalities */
    size_t group_count;     /* population groups of every municipality (scenario groups:) */
    struct dosah_demand *demand;
    size_t demand_count;
    int demand_given;       /* 0 when demand points stand for municipalities */
    struct dosah_service *services;
    size_t service_count;
    struct dosah_locality *localities;
    size_t locality_count;
    struct dosah_roads roads;
    int has_roads;
    struct dosah_od od;
    int has_od;
    struct dosah_candidates *plan_candidates; /* per plan entry (empty: municipalities) */
    size_t plan_count;
    char *crs_wkt;          /* the working CRS as WKT */
    int crs_epsg;           /* its EPSG code, 0 when none */
    uint32_t *municipality_by_code; /* indices of the municipalities sorted by code text
                                       (dosah_model_index_municipalities), or NULL */
    size_t municipality_by_code_count; /* municipality_count when the index was built */
};

/* Frees everything the model owns, then the model; returns NULL. NULL does nothing. */
struct dosah_model *dosah_model_destroy(struct dosah_model *m);

/* Index of the municipality with this code (text), or DOSAH_NONE. O(log n) once
 * dosah_model_index_municipalities has run (dosah_load does), linear otherwise; with two
 * municipalities of the same code, either may be returned. */
uint32_t dosah_model_find_municipality(const struct dosah_model *m, const char *code);
/* Builds (again) the code index that dosah_model_find_municipality searches; run it after
 * the municipalities change (the index is ignored when their count differs). */
enum dosah_status dosah_model_index_municipalities(struct dosah_ctx *ctx, struct dosah_model *m);

/* Releases what an id owns and zeroes it. */
void dosah_id_clear(struct dosah_id *id);

/* Short English name of a form bit ("field", "ambulant", "residential"). */
const char *dosah_form_name(enum dosah_form form);
/*
 * Parses a form as written in data or a scenario: English (field, ambulant, residential) or
 * Czech (terénní, ambulantní, pobytová, with or without diacritics), case-insensitive; a list
 * separated by commas, semicolons or "+" yields several bits. Returns 0 when a part is unknown.
 */
unsigned dosah_form_parse(const char *text);
/*
 * Parses a service type: "§40", "§ 40", "40", "par. 40". Returns the section number when it is
 * a social service of act 108/2006 Sb. (§37 to §70), 0 otherwise.
 */
int dosah_type_parse(const char *text);

#ifdef __cplusplus
}
#endif
#endif
