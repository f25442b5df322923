/* SPDX-License-Identifier: MIT */
/*
 * Output columns of the access stage. Per service key K: on demand points and excluded
 * localities K_minutes, K_nearest and K_covered; on municipalities and regions the
 * population-weighted mean time K_minutes, the share and population within K's threshold
 * (K_within, K_pop_within) and within each of the scenario's thresholds T (K_within_T,
 * K_pop_within_T), and the unreached population K_unreached. Plus the columns common to all
 * keys: snap distances and the road graph's components and times.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dosah/measure.h"
#include "run/run_internal.h"

/* The id of facility number `near` of the key, or NULL. */
static const char *facility_id(const struct dosah_model *m, const struct dosah_times *t,
                               uint32_t near)
{
    return near == DOSAH_NONE ? NULL : m->services[t->facilities[near]].id.text;
}

static enum dosah_status point_columns(struct dosah_ctx *ctx, const struct dosah_model *m,
                                       struct dosah_output *out, enum dosah_layer layer,
                                       const struct dosah_service_spec *q,
                                       const struct dosah_times *t, const double *time_s,
                                       const uint32_t *near, size_t n, int covered)
{
    struct dosah_column *c_min, *c_near, *c_cov = NULL;
    size_t i;
    c_min = dosah_key_column(ctx, out, layer, q, DOSAH_KF_MINUTES, n);
    c_near = dosah_key_column(ctx, out, layer, q, DOSAH_KF_NEAREST, n);
    if (covered)
        c_cov = dosah_key_column(ctx, out, layer, q, DOSAH_KF_COVERED, n);
    if (!c_min || !c_near || (covered && !c_cov))
        return DOSAH_ENOMEM;
    for (i = 0; i < n; i++) {
        c_min->real[i] = isnan(time_s[i]) ? NAN : time_s[i] / 60.0;
        if (facility_id(m, t, near[i]) &&
            !(c_near->text[i] = dosah_strdup(ctx, facility_id(m, t, near[i]))))
            return DOSAH_ENOMEM;
        if (c_cov)
            dosah_column_set_integer(c_cov, i, dosah_measure_within(time_s[i], q->threshold_min));
    }
    return DOSAH_OK;
}

/* The threshold-specific columns of one area layer. */
static enum dosah_status threshold_columns(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                           struct dosah_output *out, enum dosah_layer layer,
                                           const struct dosah_service_spec *q,
                                           const struct dosah_coverage *c)
{
    size_t i, a;
    for (i = 0; i < s->threshold_count; i++) {
        struct dosah_column *share = dosah_key_column_at(ctx, out, layer, q, DOSAH_KF_WITHIN_T,
                                                         s->thresholds_min[i], NULL, NULL,
                                                         c->area_count);
        struct dosah_column *pop = dosah_key_column_at(ctx, out, layer, q, DOSAH_KF_POP_WITHIN_T,
                                                       s->thresholds_min[i], NULL, NULL,
                                                       c->area_count);
        if (!share || !pop)
            return DOSAH_ENOMEM;
        for (a = 0; a < c->area_count; a++) {
            share->real[a] = c->areas[a].within_share_at[i];
            pop->real[a] = c->areas[a].within_population_at[i];
        }
    }
    return DOSAH_OK;
}

static enum dosah_status area_columns(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                      struct dosah_output *out, enum dosah_layer layer,
                                      const struct dosah_service_spec *q,
                                      const struct dosah_coverage *c)
{
    struct dosah_column *mean, *share, *pop, *unreached;
    size_t a;
    mean = dosah_key_column(ctx, out, layer, q, DOSAH_KF_MEAN_MINUTES, c->area_count);
    share = dosah_key_column(ctx, out, layer, q, DOSAH_KF_WITHIN, c->area_count);
    pop = dosah_key_column(ctx, out, layer, q, DOSAH_KF_POP_WITHIN, c->area_count);
    unreached = dosah_key_column(ctx, out, layer, q, DOSAH_KF_UNREACHED, c->area_count);
    if (!mean || !share || !pop || !unreached)
        return DOSAH_ENOMEM;
    for (a = 0; a < c->area_count; a++) {
        mean->real[a] = c->areas[a].mean_minutes;
        share->real[a] = c->areas[a].within_share;
        pop->real[a] = c->areas[a].within_population;
        unreached->real[a] = c->areas[a].unreached_population;
    }
    return threshold_columns(ctx, s, out, layer, q, c);
}

/* Coverage over the demand points grouped by area (area_of[i] per demand point). */
static enum dosah_status coverage_by(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     const struct dosah_model *m, const struct dosah_times *t,
                                     const double *population, const uint32_t *area_of,
                                     size_t area_count, double threshold_min,
                                     struct dosah_coverage **c)
{
    struct dosah_coverage_input in;
    (void)m;
    dosah_coverage_input_init(&in);
    in.point_count = m->demand_count;
    in.time_s = t->demand_s;
    in.population = population;
    in.area = area_of;
    in.area_count = area_count;
    in.threshold_min = threshold_min;
    in.thresholds_min = s->thresholds_min;
    in.threshold_count = s->threshold_count;
    return dosah_measure_coverage(ctx, &in, c);
}

/* Municipality K_nearest: the nearest facility of its most populous demand point. */
static enum dosah_status municipality_nearest(struct dosah_ctx *ctx, const struct dosah_model *m,
                                              struct dosah_output *out,
                                              const struct dosah_service_spec *q,
                                              const struct dosah_times *t)
{
    struct dosah_column *c =
        dosah_key_column(ctx, out, DOSAH_LAYER_MUNICIPALITIES, q, DOSAH_KF_NEAREST,
                         m->municipality_count);
    uint32_t *main = NULL;
    size_t a;
    enum dosah_status st = c ? dosah_main_demand(ctx, m, &main) : DOSAH_ENOMEM;
    for (a = 0; a < m->municipality_count && !st; a++) {
        const char *id = main[a] == DOSAH_NONE ? NULL : facility_id(m, t, t->demand_near[main[a]]);
        if (id && !(c->text[a] = dosah_strdup(ctx, id)))
            st = DOSAH_ENOMEM;
    }
    dosah_free(main);
    return st;
}

static enum dosah_status area_layers(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     const struct dosah_model *m, struct dosah_output *out,
                                     const struct dosah_service_spec *q,
                                     const struct dosah_times *t)
{
    double *pop = dosah_calloc(ctx, m->demand_count + 1, sizeof *pop);
    uint32_t *muni = dosah_calloc(ctx, m->demand_count + 1, sizeof *muni);
    uint32_t *region = dosah_calloc(ctx, m->demand_count + 1, sizeof *region);
    struct dosah_coverage *c = NULL;
    enum dosah_status st = DOSAH_ENOMEM;
    size_t i;
    if (!pop || !muni || !region)
        goto done;
    for (i = 0; i < m->demand_count; i++) {
        pop[i] = m->demand[i].population;
        muni[i] = m->demand[i].municipality;
        region[i] = muni[i] == DOSAH_NONE ? DOSAH_NONE : m->municipalities[muni[i]].region;
    }
    st = DOSAH_OK;
    if (m->municipality_count &&
        (!(st =
               coverage_by(ctx, s, m, t, pop, muni, m->municipality_count, q->threshold_min, &c)) &&
         !(st = area_columns(ctx, s, out, DOSAH_LAYER_MUNICIPALITIES, q, c))))
        st = municipality_nearest(ctx, m, out, q, t);
    c = dosah_coverage_destroy(c);
    if (!st && m->region_count &&
        !(st = coverage_by(ctx, s, m, t, pop, region, m->region_count, q->threshold_min, &c)))
        st = area_columns(ctx, s, out, DOSAH_LAYER_REGIONS, q, c);
    dosah_coverage_destroy(c);
done:
    dosah_free(pop);
    dosah_free(muni);
    dosah_free(region);
    return st;
}

enum dosah_status dosah_access_columns(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                       const struct dosah_model *m, struct dosah_output *out,
                                       size_t k, const struct dosah_times *t)
{
    const struct dosah_service_spec *q = &s->services[k];
    enum dosah_status st;
    if ((st = point_columns(ctx, m, out, DOSAH_LAYER_DEMAND, q, t, t->demand_s, t->demand_near,
                            m->demand_count, 1)) ||
        (st = point_columns(ctx, m, out, DOSAH_LAYER_LOCALITIES, q, t, t->locality_s,
                            t->locality_near, m->locality_count, 1)))
        return st;
    if (t->locality_walk_s) {
        struct dosah_column *c =
            dosah_key_column(ctx, out, DOSAH_LAYER_LOCALITIES, q, DOSAH_KF_WALK_MINUTES,
                             m->locality_count);
        size_t i;
        if (!c)
            return DOSAH_ENOMEM;
        for (i = 0; i < m->locality_count; i++)
            c->real[i] = isnan(t->locality_walk_s[i]) ? NAN : t->locality_walk_s[i] / 60.0;
    }
    return area_layers(ctx, s, m, out, q, t);
}

/* snap_m and access_min (the access leg by car, NULL when the point is not attached): the
 * fields snap and access of the layer. */
static enum dosah_status snap_column(struct dosah_ctx *ctx, struct dosah_output *out,
                                     enum dosah_out_field snap, enum dosah_out_field access,
                                     const struct dosah_snap *snaps, const uint32_t *row_to_point,
                                     size_t rows)
{
    struct dosah_column *c = dosah_output_add_field(ctx, out, snap, rows);
    struct dosah_column *a = c ? dosah_output_add_field(ctx, out, access, rows) : NULL;
    size_t i;
    if (!c || !a)
        return DOSAH_ENOMEM;
    for (i = 0; i < rows; i++) {
        const struct dosah_snap *sn = &snaps[row_to_point ? row_to_point[i] : i];
        c->real[i] = sn->snap_m;
        a->real[i] = sn->attached ? sn->access_s / 60.0 : NAN;
    }
    return DOSAH_OK;
}

static enum dosah_status road_columns(struct dosah_ctx *ctx, const struct dosah_access *a,
                                      const struct dosah_model *m, struct dosah_output *out)
{
    size_t lines = m->roads.line_count, l, n = dosah_graph_link_count(a->car.graph), line = 0;
    const size_t *off = m->roads.vertex_offset;
    struct dosah_graph_components weak;
    struct dosah_column *comp, *time;
    comp = dosah_output_add_field(ctx, out, DOSAH_OF_ROAD_COMPONENT, lines);
    time = dosah_output_add_field(ctx, out, DOSAH_OF_ROAD_TIME_S, lines);
    if (!comp || !time)
        return DOSAH_ENOMEM;
    dosah_graph_get_components(a->car.graph, DOSAH_WEAK, &weak);
    /* Links follow the lines' vertices in order: each link's line (the last whose first
     * vertex is not past the link's, as dosah_graph_link_line has it) by a cursor. */
    for (l = 0; l < n; l++) {
        struct dosah_graph_link link;
        dosah_graph_get_link(a->car.graph, (uint32_t)l, &link);
        while (line + 1 < lines && off[line + 1] <= link.first_vertex)
            line++;
        dosah_column_set_integer(comp, line, weak.of_node[link.from_node]);
        time->real[line] = isnan(time->real[line]) ? link.time_s : time->real[line] + link.time_s;
    }
    return DOSAH_OK;
}

/* The network's size and pieces, for run_info. */
static enum dosah_status network_facts(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                       struct dosah_output *out)
{
    struct dosah_graph_components weak, strong;
    enum dosah_status st;
    dosah_graph_get_components(g, DOSAH_WEAK, &weak);
    dosah_graph_get_components(g, DOSAH_STRONG, &strong);
    if ((st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_NETWORK_SOURCE, NULL, "roads")) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_NETWORK_NODES, NULL, "%zu",
                                       dosah_graph_node_count(g))) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_NETWORK_DIRECTED_EDGES, NULL, "%zu",
                                       dosah_graph_edge_count(g))) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_NETWORK_PIECES, NULL, "%zu",
                                       weak.count)) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_NETWORK_LARGEST_PIECE_NODES, NULL,
                                       "%zu", weak.largest_nodes)) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_NETWORK_STRONG_COMPONENTS, NULL, "%zu",
                                       strong.count)) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_NETWORK_LARGEST_STRONG_NODES, NULL,
                                       "%zu", strong.largest_nodes)))
        return st;
    return dosah_output_add_fact_id(ctx, out, DOSAH_FACT_NETWORK_MEMORY_BYTES, NULL, "%zu",
                                    dosah_graph_memory(g));
}

/* Per-row columns of the services layer that the questions fill for their own rows: the
 * services' fields from reach_population to scope_not_declared. */
static enum dosah_status service_columns(struct dosah_ctx *ctx, struct dosah_output *out)
{
    int f;
    for (f = DOSAH_OF_SRV_REACH_POPULATION; f <= DOSAH_OF_SRV_SCOPE_NOT_DECLARED; f++)
        if (!dosah_output_add_field(ctx, out, (enum dosah_out_field)f, out->service_row_count))
            return DOSAH_ENOMEM;
    return DOSAH_OK;
}

enum dosah_status dosah_access_common_columns(struct dosah_ctx *ctx, const struct dosah_access *a,
                                              const struct dosah_scenario *s,
                                              const struct dosah_model *m, struct dosah_output *out)
{
    uint32_t *rows;
    size_t i;
    enum dosah_status st;
    if ((st = service_columns(ctx, out)))
        return st;
    if (a->roads && dosah_polygons_wanted(s, NULL) &&
        !dosah_output_table_of(ctx, out, DOSAH_T_CATCHMENTS, DOSAH_TABLE_POLYGON, 0))
        return DOSAH_ENOMEM;
    if (!a->roads)
        return dosah_output_add_fact_id(ctx, out, DOSAH_FACT_NETWORK_SOURCE, NULL, "od_matrix");
    if ((st = network_facts(ctx, a->car.graph, out)))
        return st;
    if (!(rows = dosah_calloc(ctx, out->service_row_count + 1, sizeof *rows)))
        return DOSAH_ENOMEM;
    for (i = 0; i < out->service_row_count; i++)
        rows[i] = out->service_rows[i].service;
    st = snap_column(ctx, out, DOSAH_OF_SRV_SNAP_M, DOSAH_OF_SRV_ACCESS_MIN, a->car.service_snap,
                     rows, out->service_row_count);
    dosah_free(rows);
    if (st ||
        (st = snap_column(ctx, out, DOSAH_OF_DEM_SNAP_M, DOSAH_OF_DEM_ACCESS_MIN,
                          a->car.demand_snap, NULL, m->demand_count)) ||
        (st = snap_column(ctx, out, DOSAH_OF_LOC_SNAP_M, DOSAH_OF_LOC_ACCESS_MIN,
                          a->car.locality_snap, NULL, m->locality_count)))
        return st;
    return road_columns(ctx, a, m, out);
}
