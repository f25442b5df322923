/* SPDX-License-Identifier: MIT */
/*
 * Where new capacity should go: for each plan entry, the candidate sites (the municipalities'
 * main points, or a candidate layer) each cover the demand points within the question's
 * threshold (one bounded search per site, two threads, or the OD matrix); people already
 * within the threshold of an existing facility count as covered. Then the maximal covering
 * location (new_units), the fewest sites for a target share (target_share), or units placed
 * by the need a norm defines (unit_capacity), as ranked rows of the `proposals` layer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/fca.h"
#include "dosah/measure.h"
#include "dosah/plan.h"
#include "run/run_internal.h"

/* One candidate site: where it is, and how it is named in the output. */
struct site {
    const char *id;
    const char *name;
    struct dosah_point pt;
    double population;
};

static int site_cmp(const void *a, const void *b)
{
    const struct site *x = a, *y = b;
    return x->population > y->population   ? -1
           : x->population < y->population ? 1
                                           : strcmp(x->id, y->id);
}

/* The municipalities as candidates: each at its most populous demand point (its point on
 * surface when it has none), the most populous municipality first, so that of sites that
 * would add as much the larger town is proposed (the solvers prefer lower indices). */
static enum dosah_status municipality_sites(struct dosah_ctx *ctx, const struct dosah_model *m,
                                            const struct dosah_column *gap, struct site **out,
                                            size_t *n)
{
    struct site *s = dosah_calloc(ctx, m->municipality_count + 1, sizeof *s);
    uint32_t *main = NULL;
    size_t i;
    if (!s || dosah_main_demand(ctx, m, &main)) {
        dosah_free(s);
        return DOSAH_ENOMEM;
    }
    for (i = 0; i < m->municipality_count; i++) {
        s[i].id = m->municipalities[i].code.text;
        s[i].name = m->municipalities[i].name;
        s[i].pt = main[i] == DOSAH_NONE ? m->municipalities[i].inside : m->demand[main[i]].pt;
        s[i].population = m->municipalities[i].population;
    }
    dosah_free(main);
    *n = m->municipality_count;
    if (gap) { /* only the municipalities of gap regions */
        size_t k = 0;
        for (i = 0; i < m->municipality_count; i++) {
            uint32_t r = m->municipalities[i].region;
            if (r != DOSAH_NONE && gap->integer[r] == 1)
                s[k++] = s[i];
        }
        *n = k;
    }
    qsort(s, *n, sizeof *s, site_cmp);
    *out = s;
    return DOSAH_OK;
}

static enum dosah_status layer_sites(struct dosah_ctx *ctx, const struct dosah_candidates *c,
                                     struct site **out, size_t *n)
{
    struct site *s = dosah_calloc(ctx, c->count + 1, sizeof *s);
    size_t i;
    if (!s)
        return DOSAH_ENOMEM;
    for (i = 0; i < c->count; i++) {
        s[i].id = c->items[i].id.text;
        s[i].name = c->items[i].name;
        s[i].pt = c->items[i].pt;
    }
    *out = s;
    *n = c->count;
    return DOSAH_OK;
}

/* Coverage of every site by road: CSR of the demand points within the threshold. */
static enum dosah_status cover_by_roads(struct dosah_ctx *ctx, const struct dosah_access *a,
                                        const struct dosah_scenario *s, const struct dosah_model *m,
                                        const struct dosah_service_spec *q,
                                        const struct site *sites, size_t n,
                                        struct dosah_route_reach_set **set)
{
    const struct dosah_net *net = dosah_access_net(a, q->mode);
    struct dosah_point *pts = dosah_calloc(ctx, n + 1, sizeof *pts);
    struct dosah_snap *snaps = dosah_calloc(ctx, n + 1, sizeof *snaps);
    struct dosah_snap_options sopt;
    struct dosah_route_options ropt;
    enum dosah_status st = pts && snaps ? DOSAH_OK : DOSAH_ENOMEM;
    size_t i;
    for (i = 0; i < n && !st; i++)
        pts[i] = sites[i].pt;
    dosah_access_snap_options(s, q->mode, &sopt);
    ropt = net->route;
    ropt.direction = dosah_direction_of(q);
    ropt.max_time_s = 60 * q->threshold_min;
    if (!st && n)
        st = dosah_snap_points(ctx, net->index, pts, n, &sopt, snaps);
    if (!st)
        st = dosah_route_reach_many(ctx, net->graph, snaps, n, net->demand_snap, m->demand_count,
                                    &ropt, 2, set);
    dosah_free(pts);
    dosah_free(snaps);
    return st;
}

/* The same from the OD matrix (sites by id). */
static enum dosah_status cover_by_od(struct dosah_ctx *ctx, const struct dosah_access *a,
                                     const struct dosah_model *m,
                                     const struct dosah_service_spec *q, const struct site *sites,
                                     size_t n, struct dosah_route_reach_set **out)
{
    struct dosah_route_reach_set *set = dosah_calloc(ctx, 1, sizeof *set);
    size_t c, i, cap = 0, used = 0, known = 0;
    if (!set || !(set->offsets = dosah_calloc(ctx, n + 1, sizeof *set->offsets)))
        goto oom;
    set->source_count = n;
    for (c = 0; c < n; c++) {
        for (i = 0; i < m->demand_count; i++) {
            double t =
                dosah_od_time_ids(&a->od, dosah_direction_of(q), sites[c].id, m->demand[i].id.text);
            if (!dosah_measure_within(t, q->threshold_min))
                continue;
            if (used == cap) {
                size_t ncap = cap ? 2 * cap : 1024;
                void *p1 = dosah_reallocarray(ctx, set->target, ncap, sizeof *set->target);
                void *p2;
                if (!p1)
                    goto oom;
                set->target = p1;
                if (!(p2 = dosah_reallocarray(ctx, set->time_s, ncap, sizeof *set->time_s)))
                    goto oom;
                set->time_s = p2;
                cap = ncap;
            }
            set->target[used] = (uint32_t)i;
            set->time_s[used++] = t;
        }
        known += set->offsets[c] < used;
        set->offsets[c + 1] = used;
    }
    *out = set;
    if (n && !known) /* the matrix names none of the sites: say so rather than propose nothing */
        return dosah_diag_add(ctx, DOSAH_WARNING, "plan", NULL, "od_matrix", q->key, NULL,
                              "no candidate site of '%s' reaches anyone within %g min in the OD "
                              "matrix; the matrix needs rows from the candidates' ids (%s, ...) "
                              "to the demand ids",
                              q->key, q->threshold_min, sites[0].id);
    return DOSAH_OK;
oom:
    dosah_route_reach_set_destroy(set);
    return DOSAH_ENOMEM;
}

static enum dosah_status proposals_table(struct dosah_ctx *ctx, struct dosah_output *out,
                                         struct dosah_table **t)
{
    *t = dosah_output_table_of(ctx, out, DOSAH_T_PROPOSALS, DOSAH_TABLE_POINT, 0);
    return *t ? DOSAH_OK : DOSAH_ENOMEM;
}

static enum dosah_status proposal_rows(struct dosah_ctx *ctx, struct dosah_output *out,
                                       const struct dosah_service_spec *q, const struct site *sites,
                                       const struct dosah_plan_result *res)
{
    struct dosah_table *t;
    enum dosah_status st = proposals_table(ctx, out, &t);
    size_t i, row;
    for (i = 0; i < res->count && !st; i++) {
        const struct dosah_plan_proposal *p = &res->proposals[i];
        const struct site *site = &sites[p->candidate];
        unsigned char wkb[21];
        double x = site->pt.x, y = site->pt.y;
        wkb[0] = 1; /* a point in little-endian ISO WKB */
        wkb[1] = 1, wkb[2] = wkb[3] = wkb[4] = 0;
        memcpy(wkb + 5, &x, 8);
        memcpy(wkb + 13, &y, 8);
        if ((st = dosah_table_add_row(ctx, t, wkb, sizeof wkb, &row)))
            break;
        if (!(dosah_table_field(t, DOSAH_OF_PROP_KEY)->text[row] = dosah_strdup(ctx, q->key)) ||
            !(dosah_table_field(t, DOSAH_OF_PROP_SITE)->text[row] = dosah_strdup(ctx, site->id)) ||
            (site->name && !(dosah_table_field(t, DOSAH_OF_PROP_NAME)->text[row] =
                                 dosah_strdup(ctx, site->name))) ||
            !(dosah_table_field(t, DOSAH_OF_PROP_METHOD)->text[row] =
                  dosah_strdup(ctx, res->method == DOSAH_PLAN_EXACT ? "exact" : "greedy")))
            return DOSAH_ENOMEM;
        dosah_column_set_integer(dosah_table_field(t, DOSAH_OF_PROP_RANK), row, p->rank);
        dosah_table_field(t, DOSAH_OF_PROP_ADDED_POPULATION)->real[row] = p->added_population;
        dosah_table_field(t, DOSAH_OF_PROP_ADDED_NEED)->real[row] = p->added_need;
        dosah_table_field(t, DOSAH_OF_PROP_CUMULATIVE_SHARE)->real[row] = p->cumulative_share;
        dosah_column_set_integer(dosah_table_field(t, DOSAH_OF_PROP_OPTIMAL), row, res->optimal);
        dosah_table_field(t, DOSAH_OF_PROP_BOUND)->real[row] = res->bound;
        dosah_table_field(t, DOSAH_OF_PROP_GAP)->real[row] = res->gap;
    }
    return st;
}

/*
 * The share of each point's need (population × norm / 10,000) that existing capacity already
 * meets: capacity-limited coverage run on need instead of people, so that new units go
 * where beds are short, not merely where nobody is within reach.
 */
static enum dosah_status need_met(struct dosah_ctx *ctx, const struct dosah_model *m,
                                  const struct dosah_service_spec *q, const struct dosah_times *t,
                                  const struct dosah_reach *r, double *covered)
{
    struct dosah_fca_input in;
    struct dosah_capacity_options opt;
    struct dosah_capacity_coverage *cc = NULL;
    double *need = dosah_calloc(ctx, m->demand_count + 1, sizeof *need);
    double *cap = dosah_calloc(ctx, t->facility_count + 1, sizeof *cap);
    uint32_t *order = dosah_calloc(ctx, t->facility_count + 1, sizeof *order);
    enum dosah_status st = need && cap && order ? DOSAH_OK : DOSAH_ENOMEM;
    size_t i;
    for (i = 0; i < m->demand_count && !st; i++)
        need[i] = m->demand[i].population * q->norm_per_10k / 10000.0;
    for (i = 0; i < t->facility_count && !st; i++)
        cap[i] = m->services[t->facilities[i]].capacity;
    if (!st)
        st = dosah_measure_order_by_capacity(ctx, cap, t->facility_count, order);
    dosah_fca_input_init(&in);
    in.point_count = m->demand_count;
    in.population = need;
    in.capacity = cap;
    in.catchments.facility_count = t->facility_count;
    in.catchments.offsets = r->offsets;
    in.catchments.point = r->point;
    in.catchments.time_s = r->time_s;
    dosah_capacity_options_init(&opt);
    opt.threshold_min = q->threshold_min;
    opt.order = order;
    opt.order_count = t->facility_count;
    if (!st)
        st = dosah_measure_capacity_coverage(ctx, &in, &opt, &cc);
    for (i = 0; i < m->demand_count && !st; i++)
        covered[i] = need[i] > 0 ? cc->covered[i] / need[i] : 1.0;
    dosah_capacity_coverage_destroy(cc);
    dosah_free(need);
    dosah_free(cap);
    dosah_free(order);
    return st;
}

/* Solves one plan entry on the coverage in set. */
static enum dosah_status solve(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                               const struct dosah_model *m, size_t p,
                               const struct dosah_service_spec *q,
                               const struct dosah_plan_input *in, struct dosah_plan_result **res)
{
    const struct dosah_plan_spec *pl = &s->plans[p];
    struct dosah_plan_options opt;
    enum dosah_status st;
    (void)m;
    dosah_plan_options_init(&opt);
    opt.method = (enum dosah_plan_method)pl->method;
    if (!isnan(pl->target_share)) {
        st = dosah_plan_set_cover(ctx, in, pl->target_share, &opt, res);
        if (st == DOSAH_EINVAL) /* an unreachable target: say so, keep the rest of the run */
            return dosah_diag_add(ctx, DOSAH_WARNING, "plan", s->path, NULL, pl->service, NULL,
                                  "plan[%zu]: %s", p, dosah_ctx_errmsg(ctx));
        return st;
    }
    if (!isnan(pl->unit_capacity)) {
        struct dosah_plan_capacity cap = {q->norm_per_10k, pl->unit_capacity};
        return dosah_plan_max_served(ctx, in, &cap, (size_t)pl->new_units, &opt, res);
    }
    return dosah_plan_max_cover(ctx, in, (size_t)pl->new_units, &opt, res);
}

enum dosah_status dosah_plan_question(struct dosah_ctx *ctx, const struct dosah_access *a,
                                      const struct dosah_scenario *s, const struct dosah_model *m,
                                      struct dosah_output *out, size_t p,
                                      const struct dosah_times *t, const struct dosah_reach *r)
{
    const struct dosah_service_spec *q =
        &s->services[dosah_scenario_find_service(s, s->plans[p].service)];
    struct dosah_route_reach_set *set = NULL;
    struct dosah_plan_result *res = NULL;
    struct dosah_plan_input in;
    struct site *sites = NULL;
    const struct dosah_column *gap = NULL;
    double *covered = dosah_calloc(ctx, m->demand_count + 1, sizeof *covered);
    double *population = dosah_calloc(ctx, m->demand_count + 1, sizeof *population);
    size_t n = 0, i;
    enum dosah_status st = covered && population ? DOSAH_OK : DOSAH_ENOMEM;
    if (!st && s->plans[p].candidates_municipalities == 2) {
        if (!(gap = dosah_key_column_find(out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_GAP))) {
            st = dosah_diag_add(ctx, DOSAH_WARNING, "plan", s->path, NULL, q->key, NULL,
                                "plan[%zu] asks for candidates in gap regions, but '%s' has no "
                                "norm_per_10k or target_share, or there are no regions; no "
                                "proposal",
                                p, q->key);
            goto done;
        }
    }
    if (!st)
        st = s->plans[p].candidates_municipalities
                 ? municipality_sites(ctx, m, gap, &sites, &n)
                 : layer_sites(ctx, &m->plan_candidates[p], &sites, &n);
    if (!st)
        st = a->roads ? cover_by_roads(ctx, a, s, m, q, sites, n, &set)
                      : cover_by_od(ctx, a, m, q, sites, n, &set);
    for (i = 0; i < m->demand_count && !st; i++) {
        covered[i] = dosah_measure_within(t->demand_s[i], q->threshold_min);
        population[i] = m->demand[i].population;
    }
    if (!st && !isnan(s->plans[p].unit_capacity) && t->facility_count)
        st = need_met(ctx, m, q, t, r, covered);
    if (!st) {
        dosah_plan_input_init(&in);
        in.demand_count = m->demand_count;
        in.population = population;
        in.covered = covered;
        in.candidate_count = n;
        in.offsets = set->offsets;
        in.demand_index = set->target;
        st = solve(ctx, s, m, p, q, &in, &res);
    }
    if (!st && res)
        st = proposal_rows(ctx, out, q, sites, res);
done:
    dosah_plan_result_destroy(res);
    dosah_route_reach_set_destroy(set);
    dosah_free(sites);
    dosah_free(covered);
    dosah_free(population);
    return st;
}
