/* SPDX-License-Identifier: MIT */
/*
 * Questions for a target group (services[].target_group): the question runs on a view of the
 * model in which every population is the group's. A municipality counts its group's people;
 * a region the sum over its municipalities; a demand point its municipality's group in
 * proportion to its share of the municipality's population (a point of a municipality of 0
 * people, or of none, counts nobody). Everything else is shared with the model.
 */
#include <stddef.h>
#include <string.h>

#include "core/core_internal.h"
#include "run/run_internal.h"

void dosah_group_view_clear(struct dosah_group_view *v)
{
    dosah_free(v->municipalities);
    dosah_free(v->regions);
    dosah_free(v->demand);
    memset(v, 0, sizeof *v);
}

/* One K_group_population column: the people of the question's group per row. */
static enum dosah_status group_column(struct dosah_ctx *ctx, struct dosah_output *out,
                                      enum dosah_layer layer, const struct dosah_service_spec *q,
                                      const void *items, size_t stride, size_t offset,
                                      size_t rows)
{
    struct dosah_column *c =
        dosah_key_column(ctx, out, layer, q, DOSAH_KF_GROUP_POPULATION, rows);
    size_t i;
    if (!c)
        return DOSAH_ENOMEM;
    for (i = 0; i < rows; i++)
        memcpy(&c->real[i], (const char *)items + i * stride + offset, sizeof(double));
    return DOSAH_OK;
}

enum dosah_status dosah_group_columns(struct dosah_ctx *ctx, const struct dosah_group_view *v,
                                      const struct dosah_service_spec *q,
                                      struct dosah_output *out)
{
    const struct dosah_model *g = &v->view;
    enum dosah_status st;
    if ((st = group_column(ctx, out, DOSAH_LAYER_DEMAND, q, g->demand, sizeof *g->demand,
                           offsetof(struct dosah_demand, population), g->demand_count)))
        return st;
    if (g->municipality_count &&
        (st = group_column(ctx, out, DOSAH_LAYER_MUNICIPALITIES, q, g->municipalities,
                           sizeof *g->municipalities, offsetof(struct dosah_area, population),
                           g->municipality_count)))
        return st;
    return g->region_count ? group_column(ctx, out, DOSAH_LAYER_REGIONS, q, g->regions,
                                          sizeof *g->regions,
                                          offsetof(struct dosah_area, population),
                                          g->region_count)
                           : DOSAH_OK;
}

enum dosah_status dosah_group_view_build(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                         const struct dosah_model *m,
                                         const struct dosah_service_spec *q,
                                         struct dosah_group_view *v)
{
    long g = dosah_scenario_group_index(s, q->target_group);
    size_t i;
    memset(v, 0, sizeof *v);
    v->view = *m;
    if (g < 0 || (size_t)g >= m->group_count)
        return dosah_error_set(ctx, DOSAH_EINVAL, "question '%s': no population group '%s'",
                               q->key, q->target_group ? q->target_group : "");
    v->municipalities = dosah_malloc(ctx, (m->municipality_count + 1) * sizeof *v->municipalities);
    v->regions = dosah_malloc(ctx, (m->region_count + 1) * sizeof *v->regions);
    v->demand = dosah_malloc(ctx, (m->demand_count + 1) * sizeof *v->demand);
    if (!v->municipalities || !v->regions || !v->demand) {
        dosah_group_view_clear(v);
        return DOSAH_ENOMEM;
    }
    if (m->region_count)
        memcpy(v->regions, m->regions, m->region_count * sizeof *v->regions);
    for (i = 0; i < m->region_count; i++)
        v->regions[i].population = 0;
    for (i = 0; i < m->municipality_count; i++) {
        v->municipalities[i] = m->municipalities[i];
        v->municipalities[i].population = m->municipalities[i].groups[g];
        if (m->municipalities[i].region != DOSAH_NONE)
            v->regions[m->municipalities[i].region].population += m->municipalities[i].groups[g];
    }
    for (i = 0; i < m->demand_count; i++) {
        const struct dosah_area *a = m->demand[i].municipality == DOSAH_NONE
                                         ? NULL
                                         : &m->municipalities[m->demand[i].municipality];
        v->demand[i] = m->demand[i];
        v->demand[i].population = a && a->population > 0
                                      ? m->demand[i].population * a->groups[g] / a->population
                                      : 0;
    }
    v->view.municipalities = v->municipalities;
    v->view.regions = v->regions;
    v->view.demand = v->demand;
    return DOSAH_OK;
}
