/* SPDX-License-Identifier: MIT */
/*
 * The scenario: one YAML file naming the inputs, the network parameters and the questions
 * (DESIGN.md §5; the schema is documented in README.md). Paths in the scenario are resolved
 * against the scenario file's directory when loaded.
 */
#ifndef DOSAH_SCENARIO_H
#define DOSAH_SCENARIO_H

#include <stddef.h>

#include "dosah/core.h"
#include "dosah/fca.h"
#include "dosah/hours.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kinds of input a scenario can name under `inputs:`. */
enum dosah_input_kind {
    DOSAH_INPUT_MUNICIPALITIES = 0,
    DOSAH_INPUT_REGIONS,
    DOSAH_INPUT_POPULATION,
    DOSAH_INPUT_DEMAND,
    DOSAH_INPUT_ROADS,
    DOSAH_INPUT_SERVICES,
    DOSAH_INPUT_LOCALITIES,
    DOSAH_INPUT_OD_MATRIX,
    DOSAH_INPUT_BUILDINGS,  /* flats per building code, for demand spread over addresses */
    DOSAH_INPUT_ADDRESSES,  /* address points by code, to place services by address */
    DOSAH_INPUT_TRANSIT,    /* a GTFS feed (folder or zip), for questions with mode: transit */
    DOSAH_INPUT_KIND_COUNT
};

/*
 * Logical fields an input can map (`id: kod` maps DOSAH_FIELD_ID to the column "kod").
 * Which fields each kind accepts and requires is documented in README.md.
 */
enum dosah_field {
    DOSAH_FIELD_ID = 0,
    DOSAH_FIELD_NAME,
    DOSAH_FIELD_POPULATION,
    DOSAH_FIELD_REGION,
    DOSAH_FIELD_MUNICIPALITY,
    DOSAH_FIELD_CLASS,
    DOSAH_FIELD_SPEED,
    DOSAH_FIELD_ONEWAY,
    DOSAH_FIELD_TYPE,
    DOSAH_FIELD_FORM,
    DOSAH_FIELD_CAPACITY,
    DOSAH_FIELD_HOURS,
    DOSAH_FIELD_SCOPE,
    DOSAH_FIELD_ORIGIN,
    DOSAH_FIELD_DESTINATION,
    DOSAH_FIELD_MINUTES,
    DOSAH_FIELD_X,
    DOSAH_FIELD_Y,
    DOSAH_FIELD_PRIORITY,
    DOSAH_FIELD_BUILDING,   /* demand: the code of the address point's building */
    DOSAH_FIELD_FLATS,      /* buildings: the number of flats */
    DOSAH_FIELD_ADDRESS,    /* services: the code of the address point it stands at */
    DOSAH_FIELD_PROVIDER,   /* services: the provider's name */
    DOSAH_FIELD_UNIT,       /* services: the unit of capacity (clients, beds, ...) */
    DOSAH_FIELD_POINT,      /* municipalities: a point geometry column of the same layer
                               (RÚIAN DefinicniBod), where the municipality's people stand */
    DOSAH_FIELD_COUNT
};

/* Where a scenario value was written, for messages: 1-based line and column. */
struct dosah_yaml_mark {
    unsigned line, column;
};

struct dosah_input_spec {
    int present;                       /* 0 when the scenario does not name this input */
    char *path;                        /* resolved against the scenario's directory */
    char *path_as_written;             /* as written in the scenario */
    char *layer;                       /* NULL: the data source's only (first) layer */
    char *fields[DOSAH_FIELD_COUNT];   /* column names, NULL when not mapped */
    char *crs;                         /* CRS to assume when the data has none (CSV), or NULL */
    char *encoding;                    /* attribute encoding override (e.g. CP1250), or NULL */
    char *geometry;                    /* the geometry column to read (RÚIAN files have
                                          several), or NULL: the only one, else the first of
                                          the kind the input needs */
    struct dosah_yaml_mark mark;       /* where the input is declared (its key) */
    struct dosah_yaml_mark path_mark;  /* where its path is written */
    struct dosah_yaml_mark layer_mark; /* where its layer is written ({0, 0} when none) */
    struct dosah_yaml_mark field_marks[DOSAH_FIELD_COUNT]; /* {0, 0} when not mapped */
    char *where;                       /* an OGR SQL attribute filter ("OkresKod = 3503"),
                                          or NULL: every feature */
    struct dosah_yaml_mark geometry_mark; /* where geometry is written ({0, 0} when none) */
    struct dosah_yaml_mark where_mark;    /* where `where` is written ({0, 0} when none) */
    long band;                            /* demand from a raster: the band read (1-based);
                                             0 when not written (then 1 for a raster) */
    char **groups;                        /* municipalities, population: population groups
                                             (seniors, ...), group_count of them */
    char **group_columns;                 /* the column of each group */
    size_t group_count;
    struct dosah_yaml_mark groups_mark;
};

/* One road class and its speed. */
struct dosah_speed {
    char *road_class;
    double speed_kmh;
};

struct dosah_network_spec {
    struct dosah_speed *speeds;        /* the class table; defaults when the scenario omits it */
    size_t speed_count;
    double default_speed_kmh;          /* for a class missing from the table; 0 = such a road is
                                          an input error */
    double access_kmh;                 /* by car from a point to the road and back (local
                                          unmapped roads, parking), default 30 */
    double access_detour;              /* access path over the straight line, default 1.3;
                                          on foot the access leg goes at walk_kmh */
    double walk_kmh;                   /* walking on roads (mode: walk, localities), default 5 */
    double snap_max_m;                 /* default 2000 */
    double min_piece_nodes;            /* points snap to pieces of the network of at least
                                          this many nodes (or the largest), default 50 */
    int use_maxspeed;                  /* 1: an OpenStreetMap way's maxspeed caps its class
                                          speed; 0 (default): maxspeed is not read */
    int clip;                          /* 1: keep only roads within clip_buffer_m of the
                                          study area; 0 (default): every road */
    double clip_buffer_m;              /* >= 0, metres, when clip is 1 */
};

/* How people travel for a question. */
enum dosah_mode {
    DOSAH_MODE_CAR = 0,  /* the class speed table */
    DOSAH_MODE_WALK = 1, /* walk_kmh on every road except motorways and trunk roads */
    DOSAH_MODE_TRANSIT = 2 /* public transport from inputs.transit, walking to and from it */
};

/* A transit question's service day and departure window (services[].day, .depart). */
struct dosah_transit_when {
    int date_set;              /* 1: year, month, day_of_month; 0: weekday */
    int year, month, day_of_month;
    int weekday;               /* 0 Monday .. 6 Sunday, when !date_set */
    int start_min, end_min;    /* departures every minute start <= t < end (minutes) */
    char *day_text, *depart_text; /* as written (a named window's name as written) */
    struct dosah_yaml_mark day_mark, depart_mark;
};

/* The top-level `transit:` options (README.md, "Public transport"). */
struct dosah_transit_spec {
    double max_walk_m;         /* walk to the first stop and from the last, default 1000 */
    double transfer_max_m;     /* stops joined by a footpath, straight line, default 400 */
    double change_min;         /* change time at a stop unless transfers.txt says, default 0 */
    double max_trip_min;       /* connections leaving up to this after the window, default 180 */
};

/* The order in which facilities absorb population in capacity-limited coverage. */
enum dosah_priority {
    DOSAH_PRIORITY_CAPACITY = 0, /* largest capacity first (ties: as listed) */
    DOSAH_PRIORITY_LISTED,       /* as the services layer lists them */
    DOSAH_PRIORITY_FIELD         /* by the services input's `priority` field, highest first */
};

/* One question: a key, the service types it covers and how it is reached. */
struct dosah_service_spec {
    char *key;                 /* short ASCII name, used in output field names */
    char *label;               /* human label (Czech in the demo) */
    int *types;                /* § numbers */
    size_t type_count;
    unsigned form;             /* one enum dosah_form bit */
    double threshold_min;      /* > 0 */
    double norm_per_10k;       /* NAN when not set */
    double target_share;       /* NAN when not set; coverage target in [0, 1] */
    enum dosah_mode mode;      /* default car */
    int polygons;              /* catchment polygons: 1 yes, 0 no, -1 (default) as catchments.polygons */
    struct dosah_fca_options fca; /* weights of the floating catchment (threshold_min set) */
    enum dosah_priority priority; /* default capacity */
    char *target_group;        /* a population group (groups:) the question counts, or NULL:
                                  everybody */
    struct dosah_yaml_mark target_group_mark;
    struct dosah_yaml_mark mark;
    struct dosah_transit_when when; /* mode transit only */
};

/* A named time window for coverage by opening hours ("weekday_evening": Mo-Fr 18:00-22:00). */
struct dosah_window_spec {
    char *name;                /* identifier, used in field names: KEY_within_NAME */
    char *text;                /* as written */
    struct dosah_time_window window;
};

struct dosah_plan_spec {
    char *service;             /* a service key */
    long new_units;            /* 0 when target_share is used */
    double target_share;       /* NAN when new_units is used */
    int candidates_municipalities; /* 1: the municipality points; 2: those in the regions
                                      where the question has a gap; 0: a layer */
    struct dosah_input_spec candidates; /* otherwise a layer {path, layer, id} */
    double unit_capacity;      /* > 0: capacity of one new unit (with the question's norm,
                                  places units where they serve the most need); NAN: none */
    int method;                /* enum dosah_plan_method: auto (default), exact or greedy */
    struct dosah_yaml_mark mark;
};

/* One what-if change to the services (the `changes:` section). */
enum dosah_change_kind { DOSAH_CHANGE_ADD, DOSAH_CHANGE_REMOVE, DOSAH_CHANGE_RESIZE };

struct dosah_change_spec {
    enum dosah_change_kind kind;
    char *id;                  /* the service added, removed or resized */
    char *name;                /* add: optional */
    int type;                  /* add: § number */
    unsigned forms;            /* add: enum dosah_form bits */
    double capacity;           /* add, resize; NAN when not given (add) */
    char *hours;               /* add: optional */
    char *municipality;        /* add: the municipality (code) it lies in; it stands at the
                                  municipality's main point unless x, y are given */
    double x, y;               /* add: optional point in the working CRS */
    int has_xy;
    struct dosah_yaml_mark mark;
};

struct dosah_scenario {
    char *path;                /* the scenario file as given */
    char *dir;                 /* its directory, for resolving paths */
    char *text;                /* the whole file, kept for provenance */
    char *name;                /* required; also the output file's base name */
    char *crs;                 /* working CRS as given (e.g. "EPSG:5514"); required */
    struct dosah_input_spec inputs[DOSAH_INPUT_KIND_COUNT];
    struct dosah_network_spec network;
    struct dosah_service_spec *services;
    size_t service_count;
    double *thresholds_min;    /* ascending, defaults 15, 30, 45, 60 */
    size_t threshold_count;
    struct dosah_plan_spec *plans;
    size_t plan_count;
    struct dosah_window_spec *windows; /* defaults: weekday_day, weekday_evening, weekend_day */
    size_t window_count;
    struct dosah_change_spec *changes; /* what-if changes; the outputs compare before/after */
    size_t change_count;
    struct dosah_transit_spec transit; /* defaults when the scenario omits it */
    int catchments;            /* 1 (default): write catchment polygons */
    double catchment_cell_m;   /* cell size of the time surface (metres), default 100 */
    int no_roads_layer;        /* 1: output.roads is false (no roads layer in the GeoPackage) */
};

/*
 * Reads and validates a scenario file. On success *out is a new scenario (free with
 * dosah_scenario_destroy). On a syntax error, an unknown key (the message names the nearest
 * valid one), a wrong type or a missing required key, fails with DOSAH_EINVAL and a message
 * that starts with "FILE:LINE:COLUMN: ". A file that cannot be read fails with DOSAH_EIO.
 */
enum dosah_status dosah_scenario_load(struct dosah_ctx *ctx, const char *path,
                                      struct dosah_scenario **out);
/* As dosah_scenario_load from text in memory; path is used for messages and as the base of
 * relative paths. */
enum dosah_status dosah_scenario_parse(struct dosah_ctx *ctx, const char *path,
                                       const char *text, size_t size,
                                       struct dosah_scenario **out);
/* Frees the scenario; returns NULL. NULL does nothing. */
struct dosah_scenario *dosah_scenario_destroy(struct dosah_scenario *s);

/* The scenario name of an input kind ("municipalities", "excluded_localities", ...). */
const char *dosah_input_kind_name(enum dosah_input_kind kind);
/* The scenario name of a logical field ("id", "population", ...). */
const char *dosah_field_name(enum dosah_field field);
/* Index of a population group in the model's groups (those of inputs.municipalities, then
 * those of inputs.population), or -1. */
long dosah_scenario_group_index(const struct dosah_scenario *s, const char *name);
/* Index of a service key, or -1. */
long dosah_scenario_find_service(const struct dosah_scenario *s, const char *key);

#ifdef __cplusplus
}
#endif
#endif
