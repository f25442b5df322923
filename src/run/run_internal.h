/* SPDX-License-Identifier: MIT */
/* The pipeline's private stages: access (graph, snapping, routing or OD) and its columns. */
#ifndef DOSAH_RUN_INTERNAL_H
#define DOSAH_RUN_INTERNAL_H

#include "core/output_fields.h"
#include "core/output_internal.h"
#include "dosah/graph.h"
#include "dosah/model.h"
#include "dosah/output.h"
#include "dosah/route.h"
#include "dosah/scenario.h"
#include "dosah/snap.h"
#include "route/catchment.h"
#include "route/surface.h"

/* The OD matrix sorted by (origin, destination) for lookups. */
struct dosah_od_index {
    size_t count;
    const struct dosah_od *od; /* borrowed from the model */
    uint32_t *order;           /* rows sorted by origin, then destination */
    int symmetric;             /* 1: a pair given only the other way round is used too;
                                  0 when point and service ids overlap, where that row could
                                  belong to another pair */
};

/* The road graph of one travel mode with every point snapped to it. */
struct dosah_net {
    struct dosah_graph *graph; /* NULL when not built */
    struct dosah_snap_index *index;
    struct dosah_route_workspace *ws;
    struct dosah_snap *demand_snap;   /* per demand point */
    struct dosah_snap *service_snap;  /* per service */
    struct dosah_snap *locality_snap; /* per excluded locality */
    struct dosah_surface_cells *cells; /* catchment polygons' cell grid, made when needed */
    struct dosah_catchment_workers *catchment_workers; /* their scratch, made when needed */
    struct dosah_snap_options snap;    /* the mode's snapping of points (and of cells) */
    struct dosah_route_options route;  /* the mode's searches: its direct way between points
                                          within snap_max_m, at its access pace; callers set
                                          direction and bound */
};

/* What the access stage keeps between service keys. */
struct dosah_access {
    struct dosah_net car;  /* the class speed table */
    struct dosah_net walk; /* walk_kmh, no motorways; built when needed */
    int roads;             /* 1: road networks, 0: the OD matrix */
    struct dosah_od_index od;
    struct dosah_transit_state *transit; /* the GTFS feed; NULL without transit questions */
};

/* Per municipality, its most populous demand point (the first of equals), DOSAH_NONE when it
 * has none: where a municipality "is" for nearest ids, candidate sites and added services.
 * *out has municipality_count entries; free with dosah_free. */
enum dosah_status dosah_main_demand(struct dosah_ctx *ctx, const struct dosah_model *m,
                                    uint32_t **out);

/* The snapping options of a travel mode: car access at network.access_kmh, on foot at
 * walk_kmh, both over the straight line times network.access_detour. */
void dosah_access_snap_options(const struct dosah_scenario *s, enum dosah_mode mode,
                               struct dosah_snap_options *opt);

/* The network of a travel mode (the car one for the OD matrix, whose graph is NULL). */
const struct dosah_net *dosah_access_net(const struct dosah_access *a, enum dosah_mode mode);

/* Which points a nearest search is for. */
enum dosah_targets { DOSAH_TARGETS_DEMAND, DOSAH_TARGETS_LOCALITIES };

/* The nearest times of one service key. */
struct dosah_times {
    uint32_t *facilities; /* service indices answering the key */
    uint32_t *rows;       /* their rows in the services layer */
    size_t facility_count;
    double *demand_s;      /* per demand point, seconds, NAN = unreached */
    uint32_t *demand_near; /* index into facilities, DOSAH_NONE */
    double *locality_s;
    uint32_t *locality_near;
    double *locality_walk_s; /* on foot, NULL when no walking network */
};

/* Every facility's catchment: the demand points it reaches within the largest threshold
 * that a question needs, with their times (CSR: offsets[count + 1]). */
struct dosah_reach {
    size_t count;
    size_t *offsets;
    uint32_t *point;
    double *time_s;
    size_t cap;
};
void dosah_reach_clear(struct dosah_reach *r);

/* Builds the graph, snaps demand points, services and localities (or indexes the OD matrix). */
enum dosah_status dosah_access_prepare(struct dosah_ctx *ctx, struct dosah_access *a,
                                       const struct dosah_scenario *s, const struct dosah_model *m);
/* Computes question k and adds its columns to out. */
enum dosah_status dosah_access_question(struct dosah_ctx *ctx, struct dosah_access *a,
                                        const struct dosah_scenario *s, const struct dosah_model *m,
                                        struct dosah_output *out, size_t k);
/* Columns that do not depend on a question: snap distances, road components and times. */
enum dosah_status dosah_access_common_columns(struct dosah_ctx *ctx, const struct dosah_access *a,
                                              const struct dosah_scenario *s,
                                              const struct dosah_model *m,
                                              struct dosah_output *out);
void dosah_access_clear(struct dosah_access *a);

/* Nearest facility among fac (service indices) for the demand points or the localities, by
 * mode and direction; time_s and near have one entry per point. */
enum dosah_status dosah_access_nearest(struct dosah_ctx *ctx, const struct dosah_access *a,
                                       const struct dosah_model *m, enum dosah_mode mode,
                                       enum dosah_route_direction dir, const uint32_t *fac,
                                       size_t nfac, enum dosah_targets which, double *time_s,
                                       uint32_t *near);
/* The direction a question's form routes in. */
enum dosah_route_direction dosah_direction_of(const struct dosah_service_spec *q);

/* catchments.c: the catchment polygons of many facilities, built on several threads. */
struct dosah_catchment_cell {
    unsigned char *wkb; /* the polygon (ISO WKB), NULL when nothing is reached */
    size_t wkb_size;
    size_t samples, violations; /* the check against the demand points' computed times */
};
struct dosah_catchment_workers;
struct dosah_catchment_job {
    const struct dosah_graph *graph;
    struct dosah_surface_cells *surface; /* the cell grid of graph (shared, filled lazily) */
    const struct dosah_snap *sources;    /* per facility, snapped to graph */
    size_t facility_count;
    struct dosah_route_options opt; /* direction and the largest threshold */
    const double *thresholds_min;   /* the polygons' thresholds */
    size_t threshold_count;
    const struct dosah_point *points;     /* the demand points the polygons are checked at */
    const struct dosah_snap *targets;     /* the same, snapped to graph */
    size_t point_count;
    struct dosah_catchment_cell *cells; /* facility j, threshold k: j * threshold_count + k */
    struct dosah_catchment_workers **workers; /* the threads' scratch, made on first use and
                                                 kept by the caller for the next question */
};
/* Frees the threads' scratch; returns NULL. NULL does nothing. */
struct dosah_catchment_workers *dosah_catchment_workers_destroy(struct dosah_catchment_workers *cw);
/* Searches from every facility (within opt.max_time_s) on 1 or 2 threads, and after each
 * search builds the facility's polygons: *set is what dosah_route_reach_many gives for the
 * same facilities and points, job->cells the polygons (free with
 * dosah_catchment_cells_free). Reports progress ("catchments") on ctx; DOSAH_EINTERRUPT
 * when asked to stop. */
enum dosah_status dosah_catchment_build_all(struct dosah_ctx *ctx, struct dosah_catchment_job *job,
                                            unsigned threads,
                                            struct dosah_route_reach_set **set);
void dosah_catchment_cells_free(struct dosah_catchment_job *job);

/* facilities.c: 1 when question q gets catchment polygons (its own polygons key, else
 * catchments.polygons); with q NULL, when any question does. */
int dosah_polygons_wanted(const struct dosah_scenario *s, const struct dosah_service_spec *q);
/* facilities.c: the facilities' catchments (and catchment polygons) of question k. */
enum dosah_status dosah_reach_question(struct dosah_ctx *ctx, struct dosah_access *a,
                                       const struct dosah_scenario *s, const struct dosah_model *m,
                                       struct dosah_output *out, size_t k,
                                       const struct dosah_times *t, struct dosah_reach *r);
/* capacity_columns.c: K_fca, fca_ratio, reach_population, capacity-limited coverage. */
enum dosah_status dosah_capacity_columns(struct dosah_ctx *ctx, const struct dosah_model *m,
                                         struct dosah_output *out, size_t k,
                                         const struct dosah_scenario *s,
                                         const struct dosah_times *t, const struct dosah_reach *r);
/* scope.c: declared scope against reach. */
enum dosah_status dosah_scope_question(struct dosah_ctx *ctx, const struct dosah_model *m,
                                       struct dosah_output *out, const struct dosah_service_spec *q,
                                       const struct dosah_times *t, const struct dosah_reach *r);
/* windows.c: coverage per time window; localities per region. */
enum dosah_status dosah_windows_question(struct dosah_ctx *ctx, struct dosah_access *a,
                                         const struct dosah_scenario *s,
                                         const struct dosah_model *m, struct dosah_output *out,
                                         size_t k, const struct dosah_times *t);
enum dosah_status dosah_localities_by_region(struct dosah_ctx *ctx, const struct dosah_model *m,
                                             struct dosah_output *out,
                                             const struct dosah_service_spec *q,
                                             const double *locality_s);

/* gaps.c: per region capacity, norm, coverage target, gap and shortfall. */
enum dosah_status dosah_gaps_question(struct dosah_ctx *ctx, const struct dosah_model *m,
                                      struct dosah_output *out, const struct dosah_service_spec *q,
                                      const struct dosah_times *t);
/* proposals.c: plan entry p (its question's times in t) into the proposals layer. */
enum dosah_status dosah_plan_question(struct dosah_ctx *ctx, const struct dosah_access *a,
                                      const struct dosah_scenario *s, const struct dosah_model *m,
                                      struct dosah_output *out, size_t p,
                                      const struct dosah_times *t, const struct dosah_reach *r);

/* changes.c: the model with the scenario's changes applied (a view sharing the model's
 * data; only the services differ), and the before/after comparison of the regions. */
struct dosah_whatif {
    struct dosah_model view;
    struct dosah_service *services; /* the view's services */
    size_t added_first;             /* services from here on were added and own their text */
};
enum dosah_status dosah_whatif_build(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     const struct dosah_model *m, struct dosah_whatif *w);
void dosah_whatif_clear(struct dosah_whatif *w);
enum dosah_status dosah_changes_compare(struct dosah_ctx *ctx, const struct dosah_model *m,
                                        const struct dosah_output *after,
                                        struct dosah_output *before, int english);

/* groups.c: the model seen by a question with a target group (populations of the group;
 * the rest shared with m, which must outlive the view). */
struct dosah_group_view {
    struct dosah_model view;
    struct dosah_area *municipalities, *regions;
    struct dosah_demand *demand;
};
enum dosah_status dosah_group_view_build(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                         const struct dosah_model *m,
                                         const struct dosah_service_spec *q,
                                         struct dosah_group_view *v);
void dosah_group_view_clear(struct dosah_group_view *v);
/* K_group_population on demand points, municipalities and regions: the group's people. */
enum dosah_status dosah_group_columns(struct dosah_ctx *ctx, const struct dosah_group_view *v,
                                      const struct dosah_service_spec *q,
                                      struct dosah_output *out);

/*
 * fields.c: the column K_<suffix> of field f of the list (fields.h) on layer, rows long, with
 * its aliases "Label: alias"; {T} in its suffix and aliases is the question's threshold
 * (dosah_key_column) or `minutes`, {W} the window's name and {w} its hours. NULL when memory
 * is short.
 */
struct dosah_column *dosah_key_column(struct dosah_ctx *ctx, struct dosah_output *out,
                                      enum dosah_layer layer, const struct dosah_service_spec *q,
                                      enum dosah_key_field f, size_t rows);
struct dosah_column *dosah_key_column_at(struct dosah_ctx *ctx, struct dosah_output *out,
                                         enum dosah_layer layer,
                                         const struct dosah_service_spec *q,
                                         enum dosah_key_field f, double minutes,
                                         const char *window, const char *hours, size_t rows);
/* The column of field f for question q on layer ({T} its threshold), or NULL when none. */
const struct dosah_column *dosah_key_column_find(const struct dosah_output *out,
                                                 enum dosah_layer layer,
                                                 const struct dosah_service_spec *q,
                                                 enum dosah_key_field f);
enum dosah_status dosah_access_columns(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                       const struct dosah_model *m, struct dosah_output *out,
                                       size_t k, const struct dosah_times *t);

/* unreached.c: why a time is NULL (K_unreached_reason). */
enum dosah_unreached {
    DOSAH_UNREACHED_NONE = 0,      /* the time is known */
    DOSAH_UNREACHED_BEYOND_SNAP,   /* the point is farther than snap_max_m from every road */
    DOSAH_UNREACHED_NO_FACILITY,   /* no facility of the question, or none attached */
    DOSAH_UNREACHED_NOT_CONNECTED, /* no facility on the point's piece of the network */
    DOSAH_UNREACHED_ONE_WAY,       /* a facility on its piece, but one-way roads bar the way */
    DOSAH_UNREACHED_NO_TRIP,       /* transit: no trip in at least half of the departures */
    DOSAH_UNREACHED_NO_OD_PAIR,    /* the OD matrix has no pair for it */
    DOSAH_UNREACHED_NO_POPULATION, /* municipalities: no people to average the time over */
    DOSAH_UNREACHED_COUNT
};
/* The code written in K_unreached_reason ("beyond_snap", ...); NULL for NONE. */
const char *dosah_unreached_name(enum dosah_unreached why);
/* K_unreached_reason on demand points, excluded localities and municipalities for question
 * k, whose times are in t, and the diagnostics naming each municipality and locality
 * without a time (no_facility, and demand points given as input: one row per layer and
 * reason, counting them and naming a few). */
enum dosah_status dosah_unreached_question(struct dosah_ctx *ctx, const struct dosah_access *a,
                                           const struct dosah_scenario *s,
                                           const struct dosah_model *m, struct dosah_output *out,
                                           size_t k, const struct dosah_times *t);

/* od.c */
enum dosah_status dosah_od_index_build(struct dosah_ctx *ctx, struct dosah_od_index *x,
                                       const struct dosah_scenario *s, const struct dosah_model *m);
void dosah_od_index_clear(struct dosah_od_index *x);
/* Seconds from the OD matrix between service `service` and the point with id `point`, in
 * the direction dir (the reverse pair when only it is given); NAN when missing. */
double dosah_od_time_s(const struct dosah_od_index *x, const struct dosah_model *m,
                       enum dosah_route_direction dir, uint32_t service, const char *point);
/* As dosah_od_time_s for a facility or site given by its id. */
double dosah_od_time_ids(const struct dosah_od_index *x, enum dosah_route_direction dir,
                         const char *facility, const char *point);
/* Nearest facility per point from the OD matrix: field services read the pair (facility id,
 * point id), the others (point id, facility id); a pair given only the other way round is
 * used as well (times are taken as symmetric then). Missing pairs are unreachable. */
enum dosah_status dosah_od_nearest(struct dosah_ctx *ctx, const struct dosah_od_index *x,
                                   const struct dosah_model *m, enum dosah_route_direction dir,
                                   const uint32_t *fac, size_t nfac, const struct dosah_id *ids,
                                   size_t stride, size_t count, double *time_s, uint32_t *near);

/* transit.c: questions by public transport (mode: transit). */
struct dosah_transit_state;
void dosah_transit_state_destroy(struct dosah_transit_state *ts);
/* 1 when some question travels by public transport. */
int dosah_transit_needed(const struct dosah_scenario *s);
/* Reads the feed and snaps its stops to the walking network (after the networks). */
enum dosah_status dosah_transit_prepare(struct dosah_ctx *ctx, struct dosah_access *a,
                                        const struct dosah_scenario *s,
                                        const struct dosah_model *m);
/* Question k by transit: the median times into t, and every column of the question that
 * depends on the times (dosah_access_columns plus the quartiles and localities by car). */
enum dosah_status dosah_transit_question(struct dosah_ctx *ctx, const struct dosah_access *a,
                                         const struct dosah_scenario *s,
                                         const struct dosah_model *m, struct dosah_output *out,
                                         size_t k, struct dosah_times *t);

#endif
