/* SPDX-License-Identifier: MIT */
/* Declarations shared by the files of the io module (the only module that includes GDAL). */
#ifndef DOSAH_IO_INTERNAL_H
#define DOSAH_IO_INTERNAL_H

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "dosah/load.h"
#include "dosah/model.h"
#include "dosah/scenario.h"

/* The largest coordinate magnitude accepted in the working CRS (metres). No projected CRS
 * reaches it (the Earth's circumference is 4e7 m); bounding it keeps every extent, grid and
 * length that dosah derives from coordinates finite and every cell count a valid size_t. */
#define DOSAH_COORD_MAX 1e8
static inline int dosah_coord_ok(double x, double y)
{
    return x >= -DOSAH_COORD_MAX && x <= DOSAH_COORD_MAX && y >= -DOSAH_COORD_MAX &&
           y <= DOSAH_COORD_MAX; /* false for NaN */
}

/* Collects GDAL's last error message of this thread while a handler is pushed. */
struct dosah_gdal_errors {
    char last[1024];
    CPLErr last_class;
};
void dosah_gdal_errors_push(struct dosah_gdal_errors *e);
void dosah_gdal_errors_pop(void);
/* GDAL's last message, or a fallback when GDAL said nothing. */
const char *dosah_gdal_errors_last(const struct dosah_gdal_errors *e, const char *fallback);

/* The geometry an input needs: none (a table), points, areas or lines. */
enum dosah_geom_need {
    DOSAH_GEOM_NONE = 0,
    DOSAH_GEOM_POINTS,  /* points (demand, services, localities, candidates) */
    DOSAH_GEOM_AREAS,   /* polygons (municipalities, regions) */
    DOSAH_GEOM_LINES    /* lines (roads) */
};

/* One opened input layer with its field mapping resolved. */
struct dosah_reader {
    const struct dosah_scenario *scenario;
    const struct dosah_input_spec *spec;
    const char *kind_name;               /* "municipalities", "plan[0].candidates", ... */
    GDALDatasetH ds;
    OGRLayerH layer;
    char *layer_name;                    /* the layer read (named or the only one) */
    int field[DOSAH_FIELD_COUNT];        /* OGR field index, -1 when not mapped */
    int geom_field;                      /* the geometry column read, -1 for a table */
    int is_osm;                          /* 1: read by GDAL's OSM driver */
    int is_csv;                          /* 1: read by GDAL's CSV driver (every field text) */
    OGRCoordinateTransformationH ct;     /* NULL when the layer is in the working CRS */
    OGRSpatialReferenceH src_srs;        /* owned when set from the scenario's crs */
    OGRSpatialReferenceH target;         /* the working CRS (borrowed), NULL for tables */
    GIntBig feature_count;
    struct dosah_gdal_errors *errors;
};

/*
 * Opens spec's data source and layer (an OpenStreetMap file: its `lines` layer unless named),
 * resolves the mapped fields, picks the geometry column (spec->geometry, else the only one,
 * else the first of the kind needed) and prepares the transform into target (NULL for tables
 * without geometry). Fails with DOSAH_EINVAL naming the file, layer and field.
 */
enum dosah_status dosah_reader_open(struct dosah_ctx *ctx, struct dosah_reader *r,
                                    const struct dosah_scenario *s, enum dosah_input_kind kind,
                                    OGRSpatialReferenceH target, enum dosah_geom_need need,
                                    struct dosah_gdal_errors *errors);
/* As dosah_reader_open for a spec that is not one of the scenario's inputs. */
enum dosah_status dosah_reader_open_spec(struct dosah_ctx *ctx, struct dosah_reader *r,
                                         const struct dosah_scenario *s,
                                         const struct dosah_input_spec *spec,
                                         const char *kind_name, OGRSpatialReferenceH target,
                                         enum dosah_geom_need need,
                                         struct dosah_gdal_errors *errors);
/* Picks the geometry column to read (reader_geometry.c): spec->geometry, else the only
 * one, else the first that fits need (noted in the diagnostics). */
enum dosah_status dosah_reader_pick_geometry(struct dosah_ctx *ctx, struct dosah_reader *r,
                                             enum dosah_geom_need need);
/* The feature's geometry in the reader's geometry column (borrowed; may be NULL). */
OGRGeometryH dosah_reader_geometry_ref(const struct dosah_reader *r, OGRFeatureH f);
/* 1 when the input places features by geometry (not x/y) and the feature has none (NULL or
 * empty): RÚIAN leaves AdresniBod empty for some address points. */
int dosah_reader_geometry_missing(const struct dosah_reader *r, OGRFeatureH f);

/* Features skipped for a missing geometry: how many, and the first (its id, owned). */
struct dosah_skipped {
    size_t count;
    char *first;
    long first_fid;
};
/* Counts feature f (its id text, or NULL) as skipped. */
enum dosah_status dosah_skipped_add(struct dosah_ctx *ctx, struct dosah_skipped *k,
                                    OGRFeatureH f, const char *id);
/* Warns once about the skipped features of r ("what" in the plural, e.g. "address points";
 * "consequence" says what skipping means) and frees k. */
enum dosah_status dosah_skipped_warn(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                     struct dosah_skipped *k, const char *one, const char *many,
                                     const char *consequence);
/*
 * Keeps only the features whose geometry intersects area (working CRS; borrowed), through
 * OGR's spatial filter on the reader's geometry column (area transformed into the layer's
 * CRS). Fails with DOSAH_EINVAL when the area cannot be transformed.
 */
enum dosah_status dosah_reader_clip(struct dosah_ctx *ctx, struct dosah_reader *r,
                                    OGRGeometryH area);
void dosah_reader_close(struct dosah_reader *r);

/*
 * Records an input error on the context: "FILE: layer L, feature ID: field F ('col'): what".
 * id may be NULL (then the OGR feature id is named); field may be DOSAH_FIELD_COUNT for none.
 * Returns DOSAH_EINVAL.
 */
enum dosah_status dosah_reader_fail(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    OGRFeatureH f, const char *id, enum dosah_field field,
                                    const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Adds a warning diagnostic about a feature of this reader (same naming as reader_fail). */
enum dosah_status dosah_reader_warn(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    OGRFeatureH f, const char *id, enum dosah_field field,
                                    const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The mapped field's value as text, or NULL when unmapped, unset or null. Borrowed. */
const char *dosah_reader_string(const struct dosah_reader *r, OGRFeatureH f,
                                enum dosah_field field);
/*
 * The mapped field's value as a number. *present is 0 when unmapped, unset, null or empty
 * text. Text must parse whole as a number (a decimal comma is accepted); otherwise
 * DOSAH_EINVAL naming the feature (by id when not NULL).
 */
enum dosah_status dosah_reader_number(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                      OGRFeatureH f, const char *id, enum dosah_field field,
                                      double *value, int *present);
/* The feature's identifier (DOSAH_FIELD_ID, or `field` for codes); missing is an error. */
enum dosah_status dosah_reader_id(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                  OGRFeatureH f, enum dosah_field field, struct dosah_id *id);

/* What a geometry reader accepts. */
enum dosah_geom_want {
    DOSAH_WANT_POINT,        /* a point; a one-point multipoint is accepted */
    DOSAH_WANT_POINT_OR_AREA,/* a point, or a polygon (its point on surface is used) */
    DOSAH_WANT_AREA          /* a polygon or multipolygon */
};
/*
 * Reads the feature's geometry (or x/y fields) in the working CRS: the representative point
 * into *pt, and when wkb is not NULL the whole geometry as ISO WKB (caller frees).
 */
enum dosah_status dosah_reader_geometry(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                        OGRFeatureH f, const char *id,
                                        enum dosah_geom_want want, struct dosah_point *pt,
                                        unsigned char **wkb, size_t *wkb_size);

/*
 * The point in the geometry column mapped as DOSAH_FIELD_POINT (municipalities.point), in the
 * working CRS. *has is 0 when the feature has none there (empty or NULL); a geometry that is
 * not a point is an error naming the feature.
 */
enum dosah_status dosah_reader_point_column(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                            OGRFeatureH f, const char *id,
                                            struct dosah_point *pt, int *has);

/* Population groups (load_groups.c; the model's group k is dosah_scenario_group_index):
 * their number; one feature's
 * group values into a->groups (allocated on first use); and the check that every
 * municipality has every group (sets m->group_count). */
size_t dosah_group_count(const struct dosah_scenario *s);
enum dosah_status dosah_read_groups(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    OGRFeatureH f, const char *id, struct dosah_area *a);
enum dosah_status dosah_check_groups(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     struct dosah_model *m);

struct dosah_locator;
struct dosah_code_table;

/* What the readers of one load share: the model being filled and the indexes built on the
 * way (each NULL until built, freed by dosah_loading_clear). */
struct dosah_loading {
    struct dosah_model *m;
    struct dosah_locator *municipalities;  /* spatial index of m->municipalities */
    struct dosah_code_table *buildings;    /* flats by building code (inputs.buildings) */
    struct dosah_code_table *addresses;    /* address points by code (inputs.addresses) */
    double *flats;                         /* demand spread by flats: per demand point, its
                                              building's flats, NAN when unknown */
    size_t flats_cap;
};
void dosah_loading_clear(struct dosah_loading *L);

/* Per-kind readers (load_layers.c); each appends to the model. */
enum dosah_status dosah_load_areas(struct dosah_ctx *ctx, struct dosah_reader *r,
                                   struct dosah_area **areas, size_t *count);
enum dosah_status dosah_load_demand(struct dosah_ctx *ctx, struct dosah_reader *r,
                                    struct dosah_loading *L);
enum dosah_status dosah_load_services(struct dosah_ctx *ctx, struct dosah_reader *r,
                                      struct dosah_loading *L);
enum dosah_status dosah_load_localities(struct dosah_ctx *ctx, struct dosah_reader *r,
                                        struct dosah_loading *L);
/* The municipality that contains pt (by the spatial index), or DOSAH_NONE. */
uint32_t dosah_loading_locate(const struct dosah_loading *L, struct dosah_point pt);

/*
 * Demand from a population raster (load_raster.c): every cell of spec->band (default 1) with
 * a value > 0 that is not nodata becomes a demand point at the cell's centre (in the working
 * CRS target) with that population, located in the municipalities. Fails with DOSAH_EINVAL
 * naming the file when it is not a raster GDAL reads, the band does not exist or the raster
 * has no CRS (and no crs: on the input).
 */
enum dosah_status dosah_load_demand_raster(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                           OGRSpatialReferenceH target,
                                           struct dosah_loading *L);
/* ČÚZK's address-point CSV export (load_cuzk.c): dosah_demand_is_cuzk says whether path (a
 * CSV file, a zip or a directory of them) holds it, by the header of its first CSV;
 * dosah_load_demand_cuzk reads the points of the model's municipalities as address demand
 * sharing their municipality's population. */
int dosah_demand_is_cuzk(const char *path);
enum dosah_status dosah_load_demand_cuzk(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                         OGRSpatialReferenceH target, struct dosah_loading *L);
/* 1 when the demand input is to be read as a raster (band: given, or no field mapped). */
int dosah_demand_is_raster(const struct dosah_scenario *s);

/*
 * Address points and buildings (load_addresses.c). dosah_load_buildings reads the flats of
 * every building code; dosah_load_addresses the point of every address code (working CRS);
 * dosah_spread_population gives each demand point without population its share of its
 * municipality's population (by flats, see README) and adds a point on surface for a
 * municipality without address points. dosah_address_find: the point of an address code
 * (1), 0 when the code is not among the address points, -1 when its point was missing (the
 * feature was skipped with a warning).
 */
enum dosah_status dosah_load_buildings(struct dosah_ctx *ctx, struct dosah_reader *r,
                                       struct dosah_loading *L);
enum dosah_status dosah_load_addresses(struct dosah_ctx *ctx, struct dosah_reader *r,
                                       struct dosah_loading *L);
/* The flats of a building code: 1 and *flats when known, 0 otherwise (unknown code or NULL). */
int dosah_building_flats(const struct dosah_loading *L, const char *code, double *flats);
enum dosah_status dosah_spread_population(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                          struct dosah_loading *L);
int dosah_address_find(const struct dosah_loading *L, const char *code, struct dosah_point *pt);

/* The § of a service type written as a section (§40) or by its name in Czech ("pečovatelská
 * služba", any case, with or without diacritics); 0 when neither (service_types.c). */
int dosah_service_type_parse(const char *text);
enum dosah_status dosah_load_roads(struct dosah_ctx *ctx, struct dosah_reader *r,
                                   struct dosah_roads *roads);
enum dosah_status dosah_load_od(struct dosah_ctx *ctx, struct dosah_reader *r,
                                struct dosah_od *od);
enum dosah_status dosah_load_candidates(struct dosah_ctx *ctx, struct dosah_reader *r,
                                        struct dosah_candidates *c);
enum dosah_status dosah_load_population(struct dosah_ctx *ctx, struct dosah_reader *r,
                                        struct dosah_model *m);

/*
 * The study area the roads are clipped to (clip.c), in the working CRS: the union of the
 * municipalities (plus demand points and localities outside them), else the bounding box of
 * the model's points, widened by buffer_m (>= 0). *out is a new geometry (caller destroys).
 */
enum dosah_status dosah_study_area(struct dosah_ctx *ctx, const struct dosah_model *m,
                                   double buffer_m, OGRGeometryH *out);

/* Moves every demand point that stands for a whole municipality at its point on surface to
 * the road vertex inside it with the most road length within 1 km (place.c); without roads
 * inside, the point stays. */
enum dosah_status dosah_place_municipal_demand(struct dosah_ctx *ctx, struct dosah_loading *L);

/* Gives each municipality without a region code the code of the region (loaded, sorted)
 * that contains its point on surface; warns about those in none. */
enum dosah_status dosah_locate_regions(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                       struct dosah_model *m);

/* Dissolves regions from the municipalities' region codes (sorted by code). */
enum dosah_status dosah_dissolve_regions(struct dosah_ctx *ctx, struct dosah_model *m);

/* Sorts ids and fails on the first duplicate, naming both features. */
enum dosah_status dosah_check_unique_ids(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                         const struct dosah_id *const *ids, const long *fids,
                                         size_t count);

#endif
