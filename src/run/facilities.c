/* SPDX-License-Identifier: MIT */
/*
 * The facility side of a question: for every facility one bounded search up to the largest
 * threshold (or the OD matrix), which gives its catchment (the demand points it reaches and
 * their times) and its catchment polygons; then the floating-catchment accessibility (2SFCA
 * or E2SFCA) and the capacity-limited coverage, as output columns.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/fca.h"
#include "dosah/measure.h"
#include "route/catchment.h"
#include "run/run_internal.h"

void dosah_reach_clear(struct dosah_reach *r)
{
    dosah_free(r->offsets);
    dosah_free(r->point);
    dosah_free(r->time_s);
    memset(r, 0, sizeof *r);
}

/* Appends one facility's reached points to the CSR arrays. */
static enum dosah_status reach_append(struct dosah_ctx *ctx, struct dosah_reach *r,
                                      const uint32_t *pts, const double *t, size_t n)
{
    size_t at = r->offsets[r->count], need = at + n;
    if (need > r->cap) {
        size_t cap = r->cap ? r->cap : 1024;
        void *p;
        while (cap < need)
            cap *= 2;
        if (!(p = dosah_reallocarray(ctx, r->point, cap, sizeof *r->point)))
            return DOSAH_ENOMEM;
        r->point = p;
        if (!(p = dosah_reallocarray(ctx, r->time_s, cap, sizeof *r->time_s)))
            return DOSAH_ENOMEM;
        r->time_s = p;
        r->cap = cap;
    }
    if (n) { /* a facility that reaches nobody passes no arrays */
        memcpy(r->point + at, pts, n * sizeof *pts);
        memcpy(r->time_s + at, t, n * sizeof *t);
    }
    r->offsets[++r->count] = need;
    return DOSAH_OK;
}

/* The largest threshold a question needs: its own and every coverage threshold. */
static double max_threshold_min(const struct dosah_scenario *s, const struct dosah_service_spec *q)
{
    double t = q->threshold_min;
    if (s->threshold_count && s->thresholds_min[s->threshold_count - 1] > t)
        t = s->thresholds_min[s->threshold_count - 1];
    return t;
}

/* Catchment polygons of facility j for every coverage threshold, after its search. */
static enum dosah_status catchment_rows(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                        const struct dosah_model *m, struct dosah_output *out,
                                        const struct dosah_service_spec *q, uint32_t si,
                                        const uint32_t *pts, const double *t, size_t n,
                                        const struct dosah_catchment_cell *cells)
{
    struct dosah_table *tab = dosah_output_get_table(out, DOSAH_T_CATCHMENTS);
    size_t k, i, row;
    enum dosah_status st = DOSAH_OK;
    for (k = 0; k < s->threshold_count && !st; k++) {
        const struct dosah_catchment_cell *c = &cells[k];
        double T = s->thresholds_min[k], pop = 0;
        for (i = 0; i < n; i++)
            if (dosah_measure_within(t[i], T))
                pop += m->demand[pts[i]].population;
        if ((st = dosah_table_add_row(ctx, tab, c->wkb, c->wkb_size, &row)))
            break;
        if (!(dosah_table_field(tab, DOSAH_OF_CATCH_SERVICE_ID)->text[row] =
                  dosah_strdup(ctx, m->services[si].id.text)) ||
            !(dosah_table_field(tab, DOSAH_OF_CATCH_KEY)->text[row] = dosah_strdup(ctx, q->key)))
            st = DOSAH_ENOMEM;
        dosah_table_field(tab, DOSAH_OF_CATCH_MINUTES)->real[row] = T;
        dosah_table_field(tab, DOSAH_OF_CATCH_POPULATION)->real[row] = pop;
        dosah_column_set_integer(dosah_table_field(tab, DOSAH_OF_CATCH_CHECKED_POINTS), row,
                                 (int64_t)c->samples);
        dosah_column_set_integer(dosah_table_field(tab, DOSAH_OF_CATCH_VIOLATIONS), row,
                                 (int64_t)c->violations);
        if (!st && c->violations)
            st = dosah_diag_add(ctx, DOSAH_WARNING, "catchment", NULL, "catchments",
                                m->services[si].id.text, NULL,
                                "the %g min catchment of '%s' disagrees with the computed "
                                "times at %zu of %zu checked demand points",
                                T, q->key, c->violations, c->samples);
    }
    return st;
}

/* The cell grid of a network for catchment polygons, made on first use; cells are snapped
 * with the same options as the demand points of the network's mode (snap_all in access.c):
 * its access speed and detour, so a cell's time is what a point there would get. */
static enum dosah_status net_cells(struct dosah_ctx *ctx, struct dosah_net *net,
                                   const struct dosah_scenario *s)
{
    struct dosah_snap_options sopt = net->snap;
    if (net->cells)
        return DOSAH_OK;
    sopt.within_max_only = 1; /* a cell beyond snap_max_m is outside, however far */
    return dosah_surface_cells_create(ctx, net->graph, net->index, &sopt, s->catchment_cell_m,
                                      &net->cells);
}

int dosah_polygons_wanted(const struct dosah_scenario *s, const struct dosah_service_spec *q)
{
    size_t k;
    if (q)
        return q->polygons >= 0 ? q->polygons : s->catchments;
    for (k = 0; k < s->service_count; k++)
        if (dosah_polygons_wanted(s, &s->services[k]))
            return 1;
    return 0;
}

/* The facilities' searches with their catchment polygons built in them (two threads),
 * checked at the demand points: *set as dosah_route_reach_many gives it, job->cells filled. */
static enum dosah_status polygons(struct dosah_ctx *ctx, struct dosah_net *net,
                                  const struct dosah_scenario *s, const struct dosah_model *m,
                                  struct dosah_catchment_job *job,
                                  struct dosah_route_reach_set **set)
{
    struct dosah_point *pts = dosah_calloc(ctx, m->demand_count + 1, sizeof *pts);
    enum dosah_status st = pts ? net_cells(ctx, net, s) : DOSAH_ENOMEM;
    size_t i;
    for (i = 0; i < m->demand_count && !st; i++)
        pts[i] = m->demand[i].pt;
    job->surface = net->cells;
    job->points = pts;
    job->targets = net->demand_snap;
    job->point_count = m->demand_count;
    job->workers = &net->catchment_workers;
    if (!st)
        st = dosah_catchment_build_all(ctx, job, 2, set);
    job->points = NULL;
    dosah_free(pts);
    return st;
}

/* The catchments by road: one bounded search per facility spread over two threads, which
 * also builds the facility's polygons while its node times are at hand; the rows are made
 * in facility order. */
static enum dosah_status reach_by_roads(struct dosah_ctx *ctx, struct dosah_access *a,
                                        const struct dosah_scenario *s, const struct dosah_model *m,
                                        struct dosah_output *out,
                                        const struct dosah_service_spec *q,
                                        const struct dosah_times *t, struct dosah_reach *r)
{
    struct dosah_net *net = q->mode == DOSAH_MODE_WALK && a->walk.graph ? &a->walk : &a->car;
    struct dosah_route_reach_set *set = NULL;
    struct dosah_route_options opt;
    struct dosah_catchment_job job;
    struct dosah_snap *src = dosah_calloc(ctx, t->facility_count + 1, sizeof *src);
    int polygons_wanted = dosah_polygons_wanted(s, q);
    enum dosah_status st = src ? DOSAH_OK : DOSAH_ENOMEM;
    size_t j;
    memset(&job, 0, sizeof job);
    opt = net->route;
    opt.direction = dosah_direction_of(q);
    opt.max_time_s = 60 * max_threshold_min(s, q);
    for (j = 0; j < t->facility_count && !st; j++)
        src[j] = net->service_snap[t->facilities[j]];
    job.graph = net->graph;
    job.sources = src;
    job.facility_count = t->facility_count;
    job.opt = opt;
    job.thresholds_min = s->thresholds_min;
    job.threshold_count = s->threshold_count;
    if (!st && polygons_wanted)
        st = polygons(ctx, net, s, m, &job, &set);
    else if (!st)
        st = dosah_route_reach_many(ctx, net->graph, src, t->facility_count, net->demand_snap,
                                    m->demand_count, &opt, 2, &set);
    for (j = 0; j < t->facility_count && !st && polygons_wanted; j++) {
        size_t e = set->offsets[j], count = set->offsets[j + 1] - e;
        st = catchment_rows(ctx, s, m, out, q, t->facilities[j], set->target + e,
                            set->time_s + e, count, &job.cells[j * job.threshold_count]);
    }
    if (!st) { /* the set is the reach, facility by facility: r takes its arrays */
        dosah_free(r->offsets);
        r->count = set->source_count;
        r->offsets = set->offsets;
        r->point = set->target;
        r->time_s = set->time_s;
        r->cap = set->offsets[set->source_count];
        set->offsets = NULL, set->target = NULL, set->time_s = NULL;
    }
    dosah_catchment_cells_free(&job);
    dosah_route_reach_set_destroy(set);
    dosah_free(src);
    return st;
}

/* The same from the OD matrix: every pair within the largest threshold. */
static enum dosah_status reach_by_od(struct dosah_ctx *ctx, struct dosah_access *a,
                                     const struct dosah_scenario *s, const struct dosah_model *m,
                                     const struct dosah_service_spec *q,
                                     const struct dosah_times *t, struct dosah_reach *r)
{
    enum dosah_route_direction dir = dosah_direction_of(q);
    uint32_t *pts = dosah_calloc(ctx, m->demand_count + 1, sizeof *pts);
    double *tm = dosah_calloc(ctx, m->demand_count + 1, sizeof *tm);
    enum dosah_status st = pts && tm ? DOSAH_OK : DOSAH_ENOMEM;
    double bound = max_threshold_min(s, q);
    size_t j, i, n;
    for (j = 0; j < t->facility_count && !st; j++) {
        for (i = n = 0; i < m->demand_count; i++) {
            double x = dosah_od_time_s(&a->od, m, dir, t->facilities[j], m->demand[i].id.text);
            if (dosah_measure_within(x, bound)) {
                pts[n] = (uint32_t)i;
                tm[n++] = x;
            }
        }
        st = reach_append(ctx, r, pts, tm, n);
    }
    dosah_free(pts);
    dosah_free(tm);
    return st;
}

enum dosah_status dosah_reach_question(struct dosah_ctx *ctx, struct dosah_access *a,
                                       const struct dosah_scenario *s, const struct dosah_model *m,
                                       struct dosah_output *out, size_t k,
                                       const struct dosah_times *t, struct dosah_reach *r)
{
    memset(r, 0, sizeof *r);
    if (!(r->offsets = dosah_calloc(ctx, t->facility_count + 1, sizeof *r->offsets)))
        return DOSAH_ENOMEM;
    if (a->roads)
        return reach_by_roads(ctx, a, s, m, out, &s->services[k], t, r);
    return reach_by_od(ctx, a, s, m, &s->services[k], t, r);
}
