/* SPDX-License-Identifier: MIT */
/*
 * What-if: the scenario's `changes` (services added, removed, resized) applied to a view of
 * the model, the whole analysis run again on it, and every indicator of the regions compared
 * before and after in the `changes` table. The other layers show the situation before.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "run/run_internal.h"

void dosah_whatif_clear(struct dosah_whatif *w)
{
    size_t i;
    for (i = w->added_first; w->services && i < w->view.service_count; i++) {
        dosah_free(w->services[i].id.text);
        dosah_free(w->services[i].name);
        dosah_free(w->services[i].hours);
    }
    dosah_free(w->services);
    memset(w, 0, sizeof *w);
}

static long find_service(const struct dosah_service *sv, size_t n, const char *id)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(sv[i].id.text, id) == 0)
            return (long)i;
    return -1;
}

/* An added service; it stands at its municipality's most populous demand point (main[]),
 * its point on surface when it has none, unless the change gives x and y. */
static enum dosah_status add_service(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     const struct dosah_model *m, const uint32_t *main, size_t i,
                                     struct dosah_service *sv)
{
    const struct dosah_change_spec *c = &s->changes[i];
    uint32_t mu = dosah_model_find_municipality(m, c->municipality);
    memset(sv, 0, sizeof *sv);
    if (mu == DOSAH_NONE)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s:%u:%u: changes[%zu] adds a service in municipality '%s', "
                               "which is not in the municipalities input; give a code it has",
                               s->path, c->mark.line, c->mark.column, i, c->municipality);
    sv->municipality = mu;
    sv->type = c->type;
    sv->forms = c->forms;
    sv->capacity = c->capacity;
    sv->priority = NAN;
    sv->fid = -1;
    sv->pt = c->has_xy                ? (struct dosah_point){c->x, c->y}
             : main[mu] == DOSAH_NONE ? m->municipalities[mu].inside
                                      : m->demand[main[mu]].pt;
    dosah_hours_init(&sv->opening);
    if (!(sv->id.text = dosah_strdup(ctx, c->id)) ||
        (c->name && !(sv->name = dosah_strdup(ctx, c->name))) ||
        (c->hours && !(sv->hours = dosah_strdup(ctx, c->hours))))
        return DOSAH_ENOMEM;
    if (c->hours && dosah_hours_parse(ctx, c->hours, &sv->opening)) {
        dosah_error_prefix(ctx, "%s:%u:%u: changes[%zu]", s->path, c->mark.line, c->mark.column, i);
        return DOSAH_EINVAL;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_whatif_build(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     const struct dosah_model *m, struct dosah_whatif *w)
{
    size_t i, n = 0, adds = 0;
    uint32_t *main = NULL;
    memset(w, 0, sizeof *w);
    for (i = 0; i < s->change_count; i++)
        adds += s->changes[i].kind == DOSAH_CHANGE_ADD;
    if (!(w->services = dosah_calloc(ctx, m->service_count + adds + 1, sizeof *w->services)))
        return DOSAH_ENOMEM;
    if (adds && dosah_main_demand(ctx, m, &main))
        return DOSAH_ENOMEM;
    w->view = *m;
    for (i = 0; i < m->service_count; i++)
        w->services[n++] = m->services[i]; /* shares the model's strings */
    w->added_first = n;
    w->view.services = w->services;
    w->view.service_count = n;
    for (i = 0; i < s->change_count; i++) {
        const struct dosah_change_spec *c = &s->changes[i];
        long at = find_service(w->services, w->view.service_count, c->id);
        enum dosah_status st;
        if (c->kind == DOSAH_CHANGE_ADD) {
            if (at >= 0) {
                dosah_free(main);
                return dosah_error_set(ctx, DOSAH_EINVAL,
                                       "%s:%u:%u: changes[%zu] adds service '%s', but a "
                                       "service has that id already; choose a new id",
                                       s->path, c->mark.line, c->mark.column, i, c->id);
            }
            w->view.service_count++;
            if ((st = add_service(ctx, s, m, main, i, &w->services[w->view.service_count - 1]))) {
                dosah_free(main);
                return st;
            }
            continue;
        }
        if (at < 0 || (size_t)at >= w->added_first) {
            dosah_free(main);
            return dosah_error_set(ctx, DOSAH_EINVAL,
                                   "%s:%u:%u: changes[%zu] names service '%s', which is not in "
                                   "the services input; use one of its ids",
                                   s->path, c->mark.line, c->mark.column, i, c->id);
        }
        if (c->kind == DOSAH_CHANGE_RESIZE)
            w->services[at].capacity = c->capacity;
        else
            w->services[at].capacity = -1; /* marked: dropped below */
    }
    dosah_free(main);
    /* Drop the removed (only original services can be), keep the order. */
    for (i = n = 0; i < w->view.service_count; i++)
        if (!(w->services[i].capacity < 0))
            w->services[n++] = w->services[i];
    w->added_first -= w->view.service_count - n;
    w->view.service_count = n;
    return DOSAH_OK;
}

static enum dosah_status changes_table(struct dosah_ctx *ctx, struct dosah_output *out,
                                       struct dosah_table **t)
{
    *t = dosah_output_table_of(ctx, out, DOSAH_T_CHANGES, DOSAH_TABLE_NONE, 0);
    return *t ? DOSAH_OK : DOSAH_ENOMEM;
}

static double value_at(const struct dosah_column *c, size_t r)
{
    if (c->type == DOSAH_COLUMN_REAL)
        return c->real[r];
    return dosah_column_is_null(c, r) ? NAN : (double)c->integer[r];
}

enum dosah_status dosah_changes_compare(struct dosah_ctx *ctx, const struct dosah_model *m,
                                        const struct dosah_output *after,
                                        struct dosah_output *before, int english)
{
    struct dosah_table *t;
    size_t k, r, row;
    enum dosah_status st = changes_table(ctx, before, &t);
    for (k = 0; k < before->column_count[DOSAH_LAYER_REGIONS] && !st; k++) {
        const struct dosah_column *b = before->columns[DOSAH_LAYER_REGIONS][k];
        const struct dosah_column *a = dosah_output_find(after, DOSAH_LAYER_REGIONS, b->name);
        if (!a || b->type == DOSAH_COLUMN_TEXT || a->type != b->type)
            continue;
        for (r = 0; r < m->region_count && !st; r++) {
            double x = value_at(b, r), y = value_at(a, r);
            if ((st = dosah_table_add_row(ctx, t, NULL, 0, &row)))
                break;
            if (!(dosah_table_field(t, DOSAH_OF_CHG_REGION)->text[row] =
                      dosah_strdup(ctx, m->regions[r].code.text)) ||
                (m->regions[r].name && !(dosah_table_field(t, DOSAH_OF_CHG_NAME)->text[row] =
                                             dosah_strdup(ctx, m->regions[r].name))) ||
                !(dosah_table_field(t, DOSAH_OF_CHG_INDICATOR)->text[row] =
                      dosah_strdup(ctx, b->name)) ||
                !(dosah_table_field(t, DOSAH_OF_CHG_LABEL)->text[row] =
                      dosah_strdup(ctx, english ? b->alias_en : b->alias_cs)))
                st = DOSAH_ENOMEM;
            dosah_table_field(t, DOSAH_OF_CHG_BEFORE)->real[row] = x;
            dosah_table_field(t, DOSAH_OF_CHG_AFTER)->real[row] = y;
            dosah_table_field(t, DOSAH_OF_CHG_DIFFERENCE)->real[row] = y - x;
        }
    }
    return st;
}
