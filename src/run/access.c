/* SPDX-License-Identifier: MIT */
/*
 * The access stage of the pipeline: builds the road graph and snaps every point once, then for
 * each service key runs one multi-source search (or reads the OD matrix) for the nearest
 * facility of every demand point and excluded locality, and turns the times into the output
 * columns of demand points, municipalities, regions and localities.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dosah/graph.h"
#include "dosah/measure.h"
#include "dosah/route.h"
#include "dosah/snap.h"
#include "run/run_internal.h"

void dosah_access_clear(struct dosah_access *a)
{
    dosah_route_workspace_destroy(a->ws);
    dosah_snap_index_destroy(a->index);
    dosah_graph_destroy(a->graph);
    dosah_free(a->demand_snap);
    dosah_free(a->service_snap);
    dosah_free(a->locality_snap);
    dosah_od_index_clear(&a->od);
    dosah_geom_destroy(a->geom);
    memset(a, 0, sizeof *a);
}

/* The scenario's speed table in the order of the roads' class names (NAN: not in it). */
static double *class_speeds(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                            const struct dosah_roads *r)
{
    double *v = dosah_calloc(ctx, r->class_count ? r->class_count : 1, sizeof *v);
    size_t c, k;
    if (!v)
        return NULL;
    for (c = 0; c < r->class_count; c++) {
        v[c] = NAN;
        for (k = 0; k < s->network.speed_count; k++)
            if (strcmp(s->network.speeds[k].road_class, r->class_names[c]) == 0)
                v[c] = s->network.speeds[k].speed_kmh;
    }
    return v;
}

/* Snaps points and warns about each one beyond snap_max_m. */
static enum dosah_status snap_all(struct dosah_ctx *ctx, struct dosah_access *a,
                                  const struct dosah_scenario *s, const char *what,
                                  const struct dosah_point *pts, const struct dosah_id *ids,
                                  size_t stride, size_t n, struct dosah_snap **out)
{
    struct dosah_snap_options opt;
    enum dosah_status st;
    size_t i;
    *out = dosah_calloc(ctx, n ? n : 1, sizeof **out);
    if (!*out)
        return DOSAH_ENOMEM;
    dosah_snap_options_init(&opt);
    opt.snap_max_m = s->network.snap_max_m;
    opt.access_kmh = s->network.access_kmh;
    for (i = 0; i < n; i++) {
        const struct dosah_point *p = (const void *)((const char *)pts + i * stride);
        if ((st = dosah_snap_points(ctx, a->index, p, 1, &opt, &(*out)[i])))
            return st;
    }
    for (i = 0; i < n; i++) {
        const struct dosah_id *id = (const void *)((const char *)ids + i * stride);
        if (!(*out)[i].attached &&
            (st = dosah_diag_add(ctx, DOSAH_WARNING, "network", NULL, what, id->text, NULL,
                                 "%.0f m from the nearest road, beyond snap_max_m = %.0f m: "
                                 "unreachable (its times are NULL)",
                                 (*out)[i].snap_m, s->network.snap_max_m)))
            return st;
    }
    return DOSAH_OK;
}

static enum dosah_status build_network(struct dosah_ctx *ctx, struct dosah_access *a,
                                       const struct dosah_scenario *s,
                                       const struct dosah_model *m)
{
    struct dosah_graph_options gopt;
    double *speeds = class_speeds(ctx, s, &m->roads);
    enum dosah_status st;
    if (!speeds)
        return DOSAH_ENOMEM;
    dosah_graph_options_init(&gopt);
    gopt.class_speed_kmh = speeds;
    gopt.class_count = m->roads.class_count;
    gopt.default_speed_kmh = s->network.default_speed_kmh;
    gopt.file = s->inputs[DOSAH_INPUT_ROADS].path_as_written;
    gopt.layer = s->inputs[DOSAH_INPUT_ROADS].layer;
    st = dosah_graph_build(ctx, &m->roads, &gopt, &a->graph);
    dosah_free(speeds);
    if (st || (st = dosah_graph_report_components(ctx, a->graph, 10)) ||
        (st = dosah_snap_index_create(ctx, a->graph, &a->index)) ||
        (st = dosah_route_workspace_create(ctx, a->graph, &a->ws)))
        return st;
    if ((st = snap_all(ctx, a, s, "demand", &m->demand[0].pt, &m->demand[0].id,
                       sizeof *m->demand, m->demand_count, &a->demand_snap)) ||
        (st = snap_all(ctx, a, s, "services", &m->services[0].pt, &m->services[0].id,
                       sizeof *m->services, m->service_count, &a->service_snap)))
        return st;
    return snap_all(ctx, a, s, "excluded_localities",
                    m->locality_count ? &m->localities[0].pt : NULL,
                    m->locality_count ? &m->localities[0].id : NULL, sizeof *m->localities,
                    m->locality_count, &a->locality_snap);
}

enum dosah_status dosah_access_prepare(struct dosah_ctx *ctx, struct dosah_access *a,
                                       const struct dosah_scenario *s,
                                       const struct dosah_model *m)
{
    memset(a, 0, sizeof *a);
    if (m->has_roads && m->has_od)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: the scenario gives both inputs.roads and inputs.od_matrix; "
                               "travel times come from one of them. Remove the other.",
                               s->path);
    if (m->has_od)
        return dosah_od_index_build(ctx, &a->od, s, m);
    if (s->catchments && dosah_geom_create(ctx, &a->geom))
        return dosah_ctx_status(ctx);
    return build_network(ctx, a, s, m);
}

/* Facilities of question k: the services rows answering it, as service and row indices. */
static enum dosah_status facilities_of(struct dosah_ctx *ctx, const struct dosah_output *out,
                                       size_t k, struct dosah_times *t)
{
    size_t i;
    t->facility_count = 0;
    t->facilities = dosah_calloc(ctx, out->service_row_count + 1, sizeof *t->facilities);
    t->rows = dosah_calloc(ctx, out->service_row_count + 1, sizeof *t->rows);
    if (!t->facilities || !t->rows)
        return DOSAH_ENOMEM;
    for (i = 0; i < out->service_row_count; i++)
        if (out->service_rows[i].key == k) {
            t->rows[t->facility_count] = (uint32_t)i;
            t->facilities[t->facility_count++] = out->service_rows[i].service;
        }
    return DOSAH_OK;
}

static enum dosah_route_direction direction_of(const struct dosah_service_spec *q)
{
    return q->form == DOSAH_FORM_FIELD ? DOSAH_ROUTE_FROM_SOURCES : DOSAH_ROUTE_TO_SOURCES;
}

enum dosah_status dosah_access_nearest(struct dosah_ctx *ctx, struct dosah_access *a,
                                       const struct dosah_model *m,
                                       const struct dosah_service_spec *q, const uint32_t *fac,
                                       size_t nfac, const struct dosah_snap *targets,
                                       const struct dosah_id *ids, size_t stride, size_t count,
                                       double *time_s, uint32_t *near)
{
    struct dosah_route_options opt;
    struct dosah_snap *src;
    enum dosah_status st;
    size_t j;
    if (a->od.count || !a->graph)
        return dosah_od_nearest(ctx, &a->od, m, direction_of(q), fac, nfac, ids, stride, count,
                                time_s, near);
    if (!(src = dosah_calloc(ctx, nfac + 1, sizeof *src)))
        return DOSAH_ENOMEM;
    for (j = 0; j < nfac; j++)
        src[j] = a->service_snap[fac[j]];
    dosah_route_options_init(&opt);
    opt.direction = direction_of(q);
    st = dosah_route_nearest(ctx, a->ws, src, nfac, targets, count, &opt, time_s, near);
    dosah_free(src);
    return st;
}

enum dosah_status dosah_access_question(struct dosah_ctx *ctx, struct dosah_access *a,
                                        const struct dosah_scenario *s,
                                        const struct dosah_model *m, struct dosah_output *out,
                                        size_t k)
{
    const struct dosah_service_spec *q = &s->services[k];
    struct dosah_times t;
    struct dosah_reach r;
    enum dosah_status st;
    memset(&t, 0, sizeof t);
    memset(&r, 0, sizeof r);
    if ((st = facilities_of(ctx, out, k, &t)))
        goto done;
    t.demand_s = dosah_calloc(ctx, m->demand_count + 1, sizeof *t.demand_s);
    t.demand_near = dosah_calloc(ctx, m->demand_count + 1, sizeof *t.demand_near);
    t.locality_s = dosah_calloc(ctx, m->locality_count + 1, sizeof *t.locality_s);
    t.locality_near = dosah_calloc(ctx, m->locality_count + 1, sizeof *t.locality_near);
    if (!t.demand_s || !t.demand_near || !t.locality_s || !t.locality_near) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    if (t.facility_count == 0 &&
        (st = dosah_diag_add(ctx, DOSAH_WARNING, "route", NULL, "services", NULL, NULL,
                             "no service answers '%s' (%s); every time is NULL", q->key,
                             q->label ? q->label : q->key)))
        goto done;
    if ((st = dosah_access_nearest(ctx, a, m, q, t.facilities, t.facility_count, a->demand_snap,
                                   &m->demand[0].id, sizeof *m->demand, m->demand_count,
                                   t.demand_s, t.demand_near)))
        goto done;
    if (m->locality_count &&
        (st = dosah_access_nearest(ctx, a, m, q, t.facilities, t.facility_count,
                                   a->locality_snap, &m->localities[0].id, sizeof *m->localities,
                                   m->locality_count, t.locality_s, t.locality_near)))
        goto done;
    if ((st = dosah_access_columns(ctx, s, m, out, k, &t)) ||
        (st = dosah_localities_by_region(ctx, m, out, q, t.locality_s)) ||
        (st = dosah_reach_question(ctx, a, s, m, out, k, &t, &r)) ||
        (st = dosah_capacity_columns(ctx, m, out, k, s, &t, &r)) ||
        (st = dosah_scope_question(ctx, m, out, q, &t, &r)))
        goto done;
    st = dosah_windows_question(ctx, a, s, m, out, k, &t);
done:
    dosah_reach_clear(&r);
    dosah_free(t.rows);
    dosah_free(t.facilities);
    dosah_free(t.demand_s);
    dosah_free(t.demand_near);
    dosah_free(t.locality_s);
    dosah_free(t.locality_near);
    return st;
}
