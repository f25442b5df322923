/* SPDX-License-Identifier: MIT */
/*
 * Coverage by opening hours, and excluded localities per region. For each time window of the
 * scenario, a question's coverage is computed again with only the facilities open
 * throughout the window (unknown hours count as open, and are reported): K_within_<window>
 * on municipalities and regions. Per region, the number of excluded localities and, per
 * question, how many are covered; a region without localities has a NULL share ("not
 * applicable"), never 0 %.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/measure.h"
#include "run/run_internal.h"

static enum dosah_status window_columns(struct dosah_ctx *ctx, const struct dosah_model *m,
                                        struct dosah_output *out,
                                        const struct dosah_service_spec *q,
                                        const struct dosah_window_spec *w, const double *time_s)
{
    double *pop = dosah_calloc(ctx, m->demand_count + 1, sizeof *pop);
    uint32_t *area = dosah_calloc(ctx, m->demand_count + 1, sizeof *area);
    enum dosah_status st = pop && area ? DOSAH_OK : DOSAH_ENOMEM;
    int regions;
    size_t i, a;
    for (i = 0; i < m->demand_count && !st; i++)
        pop[i] = m->demand[i].population;
    for (regions = 0; regions < 2 && !st; regions++) {
        struct dosah_coverage_input in;
        struct dosah_coverage *c = NULL;
        struct dosah_column *col;
        size_t n = regions ? m->region_count : m->municipality_count;
        if (!n)
            continue;
        for (i = 0; i < m->demand_count; i++) {
            uint32_t mu = m->demand[i].municipality;
            area[i] = !regions || mu == DOSAH_NONE ? mu : m->municipalities[mu].region;
        }
        dosah_coverage_input_init(&in);
        in.point_count = m->demand_count;
        in.time_s = time_s;
        in.population = pop;
        in.area = area;
        in.area_count = n;
        in.threshold_min = q->threshold_min;
        if ((st = dosah_measure_coverage(ctx, &in, &c)))
            break;
        col = dosah_key_column_at(ctx, out,
                                  regions ? DOSAH_LAYER_REGIONS : DOSAH_LAYER_MUNICIPALITIES, q,
                                  DOSAH_KF_WITHIN_W, q->threshold_min, w->name, w->text, n);
        if (!col)
            st = DOSAH_ENOMEM;
        for (a = 0; col && a < n; a++)
            col->real[a] = c->areas[a].within_share;
        dosah_coverage_destroy(c);
    }
    dosah_free(pop);
    dosah_free(area);
    return st;
}

enum dosah_status dosah_windows_question(struct dosah_ctx *ctx, struct dosah_access *a,
                                         const struct dosah_scenario *s,
                                         const struct dosah_model *m, struct dosah_output *out,
                                         size_t k, const struct dosah_times *t)
{
    const struct dosah_service_spec *q = &s->services[k];
    uint32_t *open = dosah_calloc(ctx, t->facility_count + 1, sizeof *open);
    double *time_s = dosah_calloc(ctx, m->demand_count + 1, sizeof *time_s);
    uint32_t *near = dosah_calloc(ctx, m->demand_count + 1, sizeof *near);
    enum dosah_status st = open && time_s && near ? DOSAH_OK : DOSAH_ENOMEM;
    size_t w, j, n, unknown = 0;
    for (j = 0; j < t->facility_count; j++)
        unknown += !m->services[t->facilities[j]].opening.known;
    if (!st && unknown && s->window_count)
        st = dosah_diag_add(ctx, DOSAH_INFO, "measure", NULL, "services", NULL, NULL,
                            "%zu of the %zu services answering '%s' have no opening hours; "
                            "they count as open in every time window",
                            unknown, t->facility_count, q->key);
    for (w = 0; w < s->window_count && !st; w++) {
        for (j = n = 0; j < t->facility_count; j++)
            if (dosah_hours_open_throughout(&m->services[t->facilities[j]].opening,
                                            &s->windows[w].window))
                open[n++] = t->facilities[j];
        if (n == t->facility_count) /* all open throughout: the question's own times */
            st = window_columns(ctx, m, out, q, &s->windows[w], t->demand_s);
        else if (!(st = dosah_access_nearest(ctx, a, m, q->mode, dosah_direction_of(q), open, n,
                                             DOSAH_TARGETS_DEMAND, time_s, near)))
            st = window_columns(ctx, m, out, q, &s->windows[w], time_s);
    }
    dosah_free(open);
    dosah_free(time_s);
    dosah_free(near);
    return st;
}

enum dosah_status dosah_localities_by_region(struct dosah_ctx *ctx, const struct dosah_model *m,
                                             struct dosah_output *out,
                                             const struct dosah_service_spec *q,
                                             const double *locality_s)
{
    struct dosah_column *count, *covered, *share;
    size_t i, r;
    if (!m->region_count || !m->locality_count)
        return DOSAH_OK;
    count = dosah_output_get_field(out, DOSAH_OF_REG_LOCALITIES);
    if (!count &&
        !(count = dosah_output_add_field(ctx, out, DOSAH_OF_REG_LOCALITIES, m->region_count)))
        return DOSAH_ENOMEM;
    covered = dosah_key_column(ctx, out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_LOCALITIES_COVERED,
                               m->region_count);
    share = dosah_key_column(ctx, out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_LOCALITIES_SHARE,
                             m->region_count);
    if (!covered || !share)
        return DOSAH_ENOMEM;
    for (r = 0; r < m->region_count; r++)
        dosah_column_set_integer(count, r, 0), dosah_column_set_integer(covered, r, 0);
    for (i = 0; i < m->locality_count; i++) {
        uint32_t mu = m->localities[i].municipality;
        uint32_t reg = mu == DOSAH_NONE ? DOSAH_NONE : m->municipalities[mu].region;
        if (reg == DOSAH_NONE)
            continue;
        count->integer[reg]++;
        covered->integer[reg] += dosah_measure_within(locality_s[i], q->threshold_min);
    }
    for (r = 0; r < m->region_count; r++)
        share->real[r] =
            count->integer[r] ? (double)covered->integer[r] / (double)count->integer[r] : NAN;
    return DOSAH_OK;
}
