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

#include "core/core_internal.h"
#include "core/text.h"
#include "dosah/graph.h"
#include "dosah/measure.h"
#include "dosah/route.h"
#include "dosah/snap.h"
#include "run/run_internal.h"

static void net_clear(struct dosah_net *n)
{
    dosah_surface_cells_destroy(n->cells);
    dosah_catchment_workers_destroy(n->catchment_workers);
    dosah_route_workspace_destroy(n->ws);
    dosah_snap_index_destroy(n->index);
    dosah_graph_destroy(n->graph);
    dosah_free(n->demand_snap);
    dosah_free(n->service_snap);
    dosah_free(n->locality_snap);
    memset(n, 0, sizeof *n);
}

void dosah_access_clear(struct dosah_access *a)
{
    net_clear(&a->car);
    net_clear(&a->walk);
    dosah_od_index_clear(&a->od);
    dosah_transit_state_destroy(a->transit);
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

void dosah_access_snap_options(const struct dosah_scenario *s, enum dosah_mode mode,
                                struct dosah_snap_options *opt)
{
    dosah_snap_options_init(opt);
    opt->snap_max_m = s->network.snap_max_m;
    opt->access_kmh = mode == DOSAH_MODE_WALK ? s->network.walk_kmh : s->network.access_kmh;
    opt->detour = s->network.access_detour;
    opt->min_piece_nodes = (size_t)s->network.min_piece_nodes;
}

/* A mode's search options: two points within snap_max_m of each other also reach each other
 * by the straight line, as their access legs go (access_detour at the mode's access speed). */
static void route_options(const struct dosah_scenario *s, enum dosah_mode mode,
                          struct dosah_route_options *opt)
{
    struct dosah_snap_options so;
    dosah_access_snap_options(s, mode, &so);
    dosah_route_options_init(opt);
    opt->direct_max_m = isfinite(so.snap_max_m) ? so.snap_max_m : 0;
    opt->direct_s_per_m = so.detour / (so.access_kmh / 3.6);
}

/* Snaps points for a mode; for cars, warns about each one beyond snap_max_m. When muni is
 * given (demand points that stand for municipalities), a warning names the municipality. */
static enum dosah_status snap_all(struct dosah_ctx *ctx, const struct dosah_net *net,
                                  enum dosah_mode mode,
                                  const struct dosah_scenario *s, const char *what,
                                  const struct dosah_point *pts, const struct dosah_id *ids,
                                  size_t stride, size_t n, struct dosah_snap **out,
                                  const struct dosah_demand *muni,
                                  const struct dosah_area *muni_areas)
{
    struct dosah_snap_options opt;
    enum dosah_status st;
    size_t i;
    int warn = mode == DOSAH_MODE_CAR;
    *out = dosah_calloc(ctx, n ? n : 1, sizeof **out);
    if (!*out)
        return DOSAH_ENOMEM;
    dosah_access_snap_options(s, mode, &opt);
    for (i = 0; i < n; i++) {
        const struct dosah_point *p = (const void *)((const char *)pts + i * stride);
        if ((st = dosah_snap_points(ctx, net->index, p, 1, &opt, &(*out)[i])))
            return st;
    }
    for (i = 0; i < n && warn; i++) {
        const struct dosah_id *id = (const void *)((const char *)ids + i * stride);
        const char *layer = what, *feature = id->text;
        /* the point that stands for a municipality names it: "municipality CODE (NAME): " */
        const char *kind = "", *sep = "";
        char who[512] = "";
        if (muni && muni[i].municipality != DOSAH_NONE) {
            const struct dosah_area *a = &muni_areas[muni[i].municipality];
            layer = "municipalities";
            feature = a->code.text;
            kind = "municipality ";
            sep = ": ";
            snprintf(who, sizeof who, "%s%s%s%s", a->code.text, a->name ? " (" : "",
                     a->name ? a->name : "", a->name ? ")" : "");
        }
        if (!(*out)[i].attached && !isfinite((*out)[i].snap_m) &&
            (st = dosah_diag_add(ctx, DOSAH_WARNING, "network", NULL, layer, feature, NULL,
                                 "%s%s%sno road to snap to: unreachable (its times are NULL)",
                                 kind, who, sep)))
            return st;
        if (!(*out)[i].attached && isfinite((*out)[i].snap_m) &&
            (st = dosah_diag_add(ctx, DOSAH_WARNING, "network", NULL, layer, feature, NULL,
                                 "%s%s%s%.0f m from the nearest road, beyond snap_max_m = "
                                 "%.0f m: unreachable (its times are NULL)",
                                 kind, who, sep, (*out)[i].snap_m, s->network.snap_max_m)))
            return st;
        if ((*out)[i].small_piece &&
            (st = dosah_diag_add(ctx, DOSAH_WARNING, "network", NULL, what, id->text, NULL,
                                 "lies on a piece of the road network smaller than "
                                 "network.min_piece_nodes = %.0f nodes and is snapped to it: "
                                 "it reaches only what that piece reaches",
                                 s->network.min_piece_nodes)))
            return st;
    }
    return DOSAH_OK;
}

/* Builds the network of a mode and snaps every point to it (warnings for the car one). */
static enum dosah_status build_network(struct dosah_ctx *ctx, struct dosah_net *net,
                                       enum dosah_mode mode, const struct dosah_scenario *s,
                                       const struct dosah_model *m)
{
    struct dosah_graph_options gopt;
    double *speeds = NULL;
    const char **known = NULL;
    int car = mode == DOSAH_MODE_CAR;
    enum dosah_status st;
    size_t k;
    if (car) {
        if (!(speeds = class_speeds(ctx, s, &m->roads)) ||
            !(known = dosah_calloc(ctx, s->network.speed_count + 1, sizeof *known))) {
            dosah_free(speeds);
            return DOSAH_ENOMEM;
        }
        for (k = 0; k < s->network.speed_count; k++)
            known[k] = s->network.speeds[k].road_class;
        dosah_graph_options_init(&gopt);
        gopt.class_speed_kmh = speeds;
        gopt.class_count = m->roads.class_count;
        gopt.known_classes = known;
        gopt.known_class_count = s->network.speed_count;
        gopt.default_speed_kmh = s->network.default_speed_kmh;
    } else {
        dosah_graph_options_init_walk(&gopt, s->network.walk_kmh);
    }
    route_options(s, mode, &net->route);
    dosah_access_snap_options(s, mode, &net->snap);
    gopt.file = s->inputs[DOSAH_INPUT_ROADS].path_as_written;
    gopt.layer = s->inputs[DOSAH_INPUT_ROADS].layer;
    st = dosah_graph_build(ctx, &m->roads, &gopt, &net->graph);
    dosah_free(speeds);
    dosah_free(known);
    if (st || (car && (st = dosah_graph_report_components(ctx, net->graph, 10))) ||
        (st = dosah_snap_index_create(ctx, net->graph, &net->index)) ||
        (st = dosah_route_workspace_create(ctx, net->graph, &net->ws)))
        return st;
    if ((st = snap_all(ctx, net, mode, s, "demand", &m->demand[0].pt, &m->demand[0].id,
                       sizeof *m->demand, m->demand_count, &net->demand_snap,
                       m->demand_given ? NULL : m->demand, m->municipalities)) ||
        (st = snap_all(ctx, net, mode, s, "services", &m->services[0].pt, &m->services[0].id,
                       sizeof *m->services, m->service_count, &net->service_snap, NULL,
                       NULL)))
        return st;
    return snap_all(ctx, net, mode, s, "excluded_localities",
                    m->locality_count ? &m->localities[0].pt : NULL,
                    m->locality_count ? &m->localities[0].id : NULL, sizeof *m->localities,
                    m->locality_count, &net->locality_snap, NULL, NULL);
}

#define FAR_FROM_ROAD_M 500.0

/* Says where the demand points stand (a count per placement rule) and warns about those
 * farther than FAR_FROM_ROAD_M from the road, naming the farthest. */
static enum dosah_status placement_report(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                          const struct dosah_model *m, const struct dosah_snap *sn)
{
    size_t count[DOSAH_PLACED_COUNT] = {0}, far = 0, worst = 0, i, n;
    char text[512];
    int k;
    for (i = 0; i < m->demand_count; i++) {
        count[m->demand[i].placement]++;
        if (sn[i].snap_m > FAR_FROM_ROAD_M && far++ == 0)
            worst = i;
        if (sn[i].snap_m > FAR_FROM_ROAD_M && sn[i].snap_m > sn[worst].snap_m)
            worst = i;
    }
    for (k = 0, n = 0, text[0] = '\0'; k < DOSAH_PLACED_COUNT && n < sizeof text; k++)
        if (count[k])
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%zu %s", n ? ", " : "",
                                  count[k], dosah_placement_name((enum dosah_placement)k));
    enum dosah_status st = dosah_diag_add(
        ctx, DOSAH_INFO, "network", NULL, "demand", NULL, NULL,
        "where people are placed: %zu %s (%s)", m->demand_count,
        dosah_plural(m->demand_count, "demand point", "demand points"), text);
    if (st || !far)
        return st;
    {
        const struct dosah_demand *d = &m->demand[worst];
        const struct dosah_area *a =
            d->municipality == DOSAH_NONE ? NULL : &m->municipalities[d->municipality];
        return dosah_diag_add(
            ctx, DOSAH_WARNING, "network", NULL, "demand", d->id.text, NULL,
            "%zu %s farther than %.0f m from the road network; the farthest is "
            "'%s'%s%s%s (%s), %.0f m away. See snap_m and access_min in the demand layer%s.",
            far, dosah_plural(far, "demand point lies", "demand points lie"), FAR_FROM_ROAD_M, d->id.text,
            a && a->name ? " (" : "", a && a->name ? a->name : "", a && a->name ? ")" : "",
            dosah_placement_name(d->placement), sn[worst].snap_m,
            s->inputs[DOSAH_INPUT_MUNICIPALITIES].present &&
                    !s->inputs[DOSAH_INPUT_MUNICIPALITIES].fields[DOSAH_FIELD_POINT] &&
                    !m->demand_given
                ? "; a point per municipality can be given with 'point:' on the municipalities"
                : "");
    }
}

/* 1 when some question walks, or localities need their times on foot. */
static int needs_walking(const struct dosah_scenario *s, const struct dosah_model *m)
{
    size_t k;
    for (k = 0; k < s->service_count; k++)
        if (s->services[k].mode != DOSAH_MODE_CAR)
            return 1;
    return m->locality_count > 0;
}

enum dosah_status dosah_main_demand(struct dosah_ctx *ctx, const struct dosah_model *m,
                                    uint32_t **out)
{
    uint32_t *main = dosah_malloc(ctx, (m->municipality_count + 1) * sizeof *main);
    size_t i;
    *out = main;
    if (!main)
        return DOSAH_ENOMEM;
    for (i = 0; i < m->municipality_count; i++)
        main[i] = DOSAH_NONE;
    for (i = 0; i < m->demand_count; i++) {
        uint32_t mu = m->demand[i].municipality;
        if (mu != DOSAH_NONE &&
            (main[mu] == DOSAH_NONE || m->demand[i].population > m->demand[main[mu]].population))
            main[mu] = (uint32_t)i;
    }
    return DOSAH_OK;
}

const struct dosah_net *dosah_access_net(const struct dosah_access *a, enum dosah_mode mode)
{
    return mode == DOSAH_MODE_WALK && a->walk.graph ? &a->walk : &a->car;
}

enum dosah_status dosah_access_prepare(struct dosah_ctx *ctx, struct dosah_access *a,
                                       const struct dosah_scenario *s, const struct dosah_model *m)
{
    memset(a, 0, sizeof *a);
    if (m->has_roads && m->has_od)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: the scenario gives both inputs.roads and inputs.od_matrix; "
                               "travel times come from one of them. Remove the other.",
                               s->path);
    enum dosah_status st;
    if (m->has_od)
        return dosah_od_index_build(ctx, &a->od, s, m);
    a->roads = 1;
    if ((st = build_network(ctx, &a->car, DOSAH_MODE_CAR, s, m)) ||
        (st = placement_report(ctx, s, m, a->car.demand_snap)))
        return st;
    if (needs_walking(s, m) && (st = build_network(ctx, &a->walk, DOSAH_MODE_WALK, s, m)))
        return st;
    return dosah_transit_prepare(ctx, a, s, m);
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

enum dosah_route_direction dosah_direction_of(const struct dosah_service_spec *q)
{
    return q->form == DOSAH_FORM_FIELD ? DOSAH_ROUTE_FROM_SOURCES : DOSAH_ROUTE_TO_SOURCES;
}

enum dosah_status dosah_access_nearest(struct dosah_ctx *ctx, const struct dosah_access *a,
                                       const struct dosah_model *m, enum dosah_mode mode,
                                       enum dosah_route_direction dir, const uint32_t *fac,
                                       size_t nfac, enum dosah_targets which, double *time_s,
                                       uint32_t *near)
{
    const struct dosah_net *net = dosah_access_net(a, mode);
    int demand = which == DOSAH_TARGETS_DEMAND;
    size_t count = demand ? m->demand_count : m->locality_count;
    struct dosah_route_options opt;
    struct dosah_snap *src;
    enum dosah_status st;
    size_t j;
    if (!a->roads)
        return dosah_od_nearest(
            ctx, &a->od, m, dir, fac, nfac, demand ? &m->demand[0].id : &m->localities[0].id,
            demand ? sizeof *m->demand : sizeof *m->localities, count, time_s, near);
    if (!(src = dosah_calloc(ctx, nfac + 1, sizeof *src)))
        return DOSAH_ENOMEM;
    for (j = 0; j < nfac; j++)
        src[j] = net->service_snap[fac[j]];
    opt = net->route;
    opt.direction = dir;
    st =
        dosah_route_nearest(ctx, net->ws, src, nfac, demand ? net->demand_snap : net->locality_snap,
                            count, &opt, time_s, near);
    dosah_free(src);
    return st;
}

enum dosah_status dosah_access_question(struct dosah_ctx *ctx, struct dosah_access *a,
                                        const struct dosah_scenario *s, const struct dosah_model *m,
                                        struct dosah_output *out, size_t k)
{
    const struct dosah_service_spec *q = &s->services[k];
    struct dosah_times t;
    struct dosah_reach r;
    enum dosah_status st;
    size_t p;
    memset(&t, 0, sizeof t);
    memset(&r, 0, sizeof r);
    if ((st = facilities_of(ctx, out, k, &t)))
        goto done;
    t.demand_s = dosah_calloc(ctx, m->demand_count + 1, sizeof *t.demand_s);
    t.demand_near = dosah_calloc(ctx, m->demand_count + 1, sizeof *t.demand_near);
    t.locality_s = dosah_calloc(ctx, m->locality_count + 1, sizeof *t.locality_s);
    t.locality_near = dosah_calloc(ctx, m->locality_count + 1, sizeof *t.locality_near);
    if (a->walk.graph)
        t.locality_walk_s = dosah_calloc(ctx, m->locality_count + 1, sizeof *t.locality_walk_s);
    if (!t.demand_s || !t.demand_near || !t.locality_s || !t.locality_near ||
        (a->walk.graph && !t.locality_walk_s)) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    if (t.facility_count == 0 &&
        (st = dosah_diag_add(ctx, DOSAH_WARNING, "route", NULL, "services", NULL, NULL,
                             "no service answers '%s' (%s); every time is NULL", q->key,
                             q->label ? q->label : q->key)))
        goto done;
    if (q->mode == DOSAH_MODE_TRANSIT) { /* no catchments, capacity, scope, windows, plans */
        if (!(st = dosah_transit_question(ctx, a, s, m, out, k, &t)) &&
            !(st = dosah_unreached_question(ctx, a, s, m, out, k, &t)) &&
            !(st = dosah_localities_by_region(ctx, m, out, q, t.locality_s)))
            st = dosah_gaps_question(ctx, m, out, q, &t);
        goto done;
    }
    if ((st = dosah_access_nearest(ctx, a, m, q->mode, dosah_direction_of(q), t.facilities,
                                   t.facility_count, DOSAH_TARGETS_DEMAND, t.demand_s,
                                   t.demand_near)))
        goto done;
    if (m->locality_count &&
        (st = dosah_access_nearest(ctx, a, m, q->mode, dosah_direction_of(q), t.facilities,
                                   t.facility_count, DOSAH_TARGETS_LOCALITIES, t.locality_s,
                                   t.locality_near)))
        goto done;
    /* On foot as well, whatever the question's mode: low-threshold services are walked to. */
    if (m->locality_count && t.locality_walk_s) {
        uint32_t *ignored = dosah_calloc(ctx, m->locality_count + 1, sizeof *ignored);
        st = ignored ? dosah_access_nearest(ctx, a, m, DOSAH_MODE_WALK, dosah_direction_of(q),
                                            t.facilities, t.facility_count,
                                            DOSAH_TARGETS_LOCALITIES, t.locality_walk_s, ignored)
                     : DOSAH_ENOMEM;
        dosah_free(ignored);
        if (st)
            goto done;
    }
    if ((st = dosah_access_columns(ctx, s, m, out, k, &t)) ||
        (st = dosah_unreached_question(ctx, a, s, m, out, k, &t)) ||
        (st = dosah_localities_by_region(ctx, m, out, q, t.locality_s)) ||
        (st = dosah_reach_question(ctx, a, s, m, out, k, &t, &r)) ||
        (st = dosah_capacity_columns(ctx, m, out, k, s, &t, &r)) ||
        (st = dosah_scope_question(ctx, m, out, q, &t, &r)))
        goto done;
    if ((st = dosah_windows_question(ctx, a, s, m, out, k, &t)) ||
        (st = dosah_gaps_question(ctx, m, out, q, &t)))
        goto done;
    for (p = 0; p < s->plan_count && !st; p++)
        if (strcmp(s->plans[p].service, q->key) == 0)
            st = dosah_plan_question(ctx, a, s, m, out, p, &t, &r);
done:
    dosah_reach_clear(&r);
    dosah_free(t.rows);
    dosah_free(t.facilities);
    dosah_free(t.demand_s);
    dosah_free(t.demand_near);
    dosah_free(t.locality_s);
    dosah_free(t.locality_near);
    dosah_free(t.locality_walk_s);
    return st;
}
