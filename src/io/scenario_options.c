/* SPDX-License-Identifier: MIT */
/*
 * The scenario's options for the capacity and time measures: per question the
 * floating-catchment weights and the rule of `priority: field`; a plan's unit capacity; the
 * time windows of opening hours; the catchment polygons; the output's layers; the what-if
 * changes. The sections of plain keys are tables (fca_rows, catchment_rows, output_rows,
 * add_rows) read by scenario_table.c. Same rules as scenario_schema.c: unknown keys with the
 * nearest valid one, bad values at their line and column.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dosah/model.h"
#include "io/scenario_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* fca.weights: 1 to DOSAH_FCA_MAX_STEPS weights in [0, 1]. */
static enum dosah_status read_weights(const struct scn_parser *p, const struct scn_node *v,
                                      const struct scn_at *at)
{
    struct dosah_fca_options *fca = at->base;
    char got[SCN_SHOWN];
    size_t i;
    enum dosah_status st;
    if (v->kind != SCN_SEQUENCE || v->nitems == 0 || v->nitems > DOSAH_FCA_MAX_STEPS)
        return scn_error(p, v->mark,
                         "expected a list of 1 to %d weights for the equal parts of the "
                         "threshold (such as [1, 0.68, 0.22]), got %s",
                         DOSAH_FCA_MAX_STEPS, scn_describe(v, got));
    fca->step_count = v->nitems;
    for (i = 0; i < v->nitems; i++)
        if ((st = scn_get_bounded(p, v->items[i], "a weight", SCN_UNIT_RANGE,
                                  &fca->step_weights[i])))
            return st;
    return DOSAH_OK;
}

_Static_assert(DOSAH_FCA_CUTOFF == 0 && DOSAH_FCA_STEP == 1 && DOSAH_FCA_GAUSSIAN == 2,
               "fca methods are stored by their index in fca_methods");
_Static_assert(sizeof(enum dosah_fca_weight) == sizeof(int), "a word is stored as an int");

static const char *const fca_methods[] = {"2sfca", "e2sfca", "gaussian", NULL};

#define FCA(member) offsetof(struct dosah_fca_options, member)

/* services[].fca; dosah_fca_options_init gives what is not written (keep). */
static const struct scn_row fca_rows[] = {
    {.key = "method", .type = SCN_T_WORD, .words = fca_methods, .noun = "fca method",
     .keep = 1, .at = FCA(weight)},
    {.key = "weights", .type = SCN_T_HOOK, .hook = read_weights},
    {.key = "beta", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .keep = 1,
     .at = FCA(gaussian_beta)},
};

const struct scn_section scn_fca_section = {
    .example = "method: e2sfca, weights: [1, 0.68, 0.22]",
    .rows = fca_rows,
    .count = COUNT(fca_rows),
    .readme = "### Services",
    .readme_row = "fca",
};

enum dosah_status scn_fca(const struct scn_parser *p, const struct scn_node *v,
                          const struct scn_at *at)
{
    struct dosah_service_spec *sv = at->base;
    char where[64];
    struct scn_at fca = {.s = at->s, .base = &sv->fca, .map = v, .name = "fca", .where = where};
    snprintf(where, sizeof where, "in %s.fca", at->name);
    dosah_fca_options_init(&sv->fca);
    sv->fca.threshold_min = sv->threshold_min;
    return v ? scn_section_read(p, &scn_fca_section, &fca) : DOSAH_OK;
}

enum dosah_status scn_priority_column(const struct scn_parser *p, const struct scn_node *v,
                                      const struct scn_at *at)
{
    const struct dosah_service_spec *sv = at->base;
    if (sv->priority != DOSAH_PRIORITY_FIELD ||
        at->s->inputs[DOSAH_INPUT_SERVICES].fields[DOSAH_FIELD_PRIORITY])
        return DOSAH_OK;
    return scn_error(p, v->mark,
                     "%s has priority: field, but inputs.services maps no 'priority' "
                     "column; add priority: COLUMN to inputs.services",
                     at->name);
}

/* 1 when name matches ^[a-z][a-z0-9_]{0,23}$ (it becomes part of field names). */
static int valid_window_name(const char *name)
{
    size_t i;
    if (!(name[0] >= 'a' && name[0] <= 'z'))
        return 0;
    for (i = 1; name[i]; i++)
        if (i >= 24 || !((name[i] >= 'a' && name[i] <= 'z') ||
                         (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
            return 0;
    return 1;
}

static enum dosah_status default_windows(struct dosah_ctx *ctx, struct dosah_scenario *s)
{
    static const char *const texts[] = {"Mo-Fr 07:00-15:00", "Mo-Fr 18:00-22:00",
                                        "Sa,Su 09:00-17:00"};
    size_t i;
    s->windows = dosah_calloc(ctx, 3, sizeof *s->windows);
    if (!s->windows)
        return DOSAH_ENOMEM;
    for (i = 0; i < 3; i++) {
        s->window_count++;
        dosah_time_window_preset(&s->windows[i].window, (enum dosah_window_preset)i);
        s->windows[i].name = dosah_strdup(ctx, dosah_time_window_preset_name(i));
        s->windows[i].text = dosah_strdup(ctx, texts[i]);
        if (!s->windows[i].name || !s->windows[i].text)
            return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

enum dosah_status scn_time_windows(const struct scn_parser *p, const struct scn_node *map,
                                   struct dosah_scenario *s)
{
    char got[SCN_SHOWN];
    size_t i;
    enum dosah_status st;
    if (!map)
        return default_windows(p->ctx, s);
    if (map->kind != SCN_MAPPING || map->nitems == 0)
        return scn_error(p, map->mark,
                         "expected a mapping of window names to days and hours for "
                         "'time_windows' (weekday_evening: \"Mo-Fr 18:00-22:00\"), got %s",
                         scn_describe(map, got));
    s->windows = dosah_calloc(p->ctx, map->nitems / 2 + 1, sizeof *s->windows);
    if (!s->windows)
        return DOSAH_ENOMEM;
    for (i = 0; i + 1 < map->nitems; i += 2) {
        const struct scn_node *k = map->items[i], *v = map->items[i + 1];
        struct dosah_window_spec *w = &s->windows[s->window_count++];
        if (!valid_window_name(k->text))
            return scn_error(p, k->mark,
                             "window name '%s' must be 1 to 24 characters of a-z, 0-9 and _, "
                             "starting with a letter (it becomes part of field names)",
                             k->text);
        if (!(w->name = dosah_strdup(p->ctx, k->text)) ||
            (st = scn_get_string(p, v, k->text, &w->text)))
            return w->name ? st : DOSAH_ENOMEM;
        if (dosah_time_window_parse(p->ctx, w->text, &w->window) != DOSAH_OK) {
            char why[512];
            snprintf(why, sizeof why, "%s", dosah_ctx_errmsg(p->ctx));
            return scn_error(p, v->mark, "time window '%s': %s", k->text, why);
        }
    }
    return DOSAH_OK;
}

/* catchments.polygons: true or false, read as it always was (a quoted "true" too). */
static enum dosah_status read_polygons(const struct scn_parser *p, const struct scn_node *v,
                                       const struct scn_at *at)
{
    struct dosah_scenario *s = at->base;
    char got[SCN_SHOWN];
    if (!v || (v->kind == SCN_SCALAR && !strcmp(v->text, "true")))
        s->catchments = 1;
    else if (v->kind == SCN_SCALAR && !strcmp(v->text, "false"))
        s->catchments = 0;
    else
        return scn_error(p, v->mark, "expected true or false for 'polygons', got %s",
                         scn_describe(v, got));
    return DOSAH_OK;
}

#define SCN(member) offsetof(struct dosah_scenario, member)

/* buffer_m is the former name of cell_m (the band around reached roads); cell_m, read after
 * it, wins when both are written. */
static const struct scn_row catchment_rows[] = {
    {.key = "polygons", .type = SCN_T_HOOK, .always = 1, .hook = read_polygons},
    {.key = "cell_m", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .def = 100,
     .at = SCN(catchment_cell_m), .step = 2},
    {.key = "buffer_m", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .keep = 1,
     .at = SCN(catchment_cell_m), .step = 1},
};

const struct scn_section scn_catchments_section = {
    .example = "polygons: true, cell_m: 100",
    .rows = catchment_rows,
    .count = COUNT(catchment_rows),
    .readme = "### Top level",
    .readme_row = "catchments",
};

enum dosah_status scn_catchments(const struct scn_parser *p, const struct scn_node *map,
                                 struct dosah_scenario *s)
{
    struct scn_at at = {.s = s, .base = s, .map = map, .name = "catchments",
                        .where = "in catchments"};
    return scn_section_read(p, &scn_catchments_section, &at);
}

static const struct scn_row output_rows[] = {
    {.key = "roads", .type = SCN_T_BOOL_NOT, .def = 0, .at = SCN(no_roads_layer)},
};

const struct scn_section scn_output_section = {
    .example = "roads: false",
    .rows = output_rows,
    .count = COUNT(output_rows),
    .readme = "### Top level",
    .readme_row = "output",
};

enum dosah_status scn_output(const struct scn_parser *p, const struct scn_node *map,
                             struct dosah_scenario *s)
{
    struct scn_at at = {.s = s, .base = s, .map = map, .name = "output", .where = "in output"};
    return scn_section_read(p, &scn_output_section, &at);
}

enum dosah_status scn_unit_capacity_rules(const struct scn_parser *p,
                                          const struct scn_node *v, const struct scn_at *at)
{
    const struct dosah_plan_spec *pl = at->base;
    long k = dosah_scenario_find_service(at->s, pl->service);
    if (k >= 0 && isnan(at->s->services[k].norm_per_10k))
        return scn_error(p, v->mark,
                         "%s gives unit_capacity, which places units by the need a norm "
                         "defines, but services '%s' has no norm_per_10k; add one",
                         at->name, pl->service);
    if (isnan(pl->target_share))
        return DOSAH_OK;
    return scn_error(p, v->mark,
                     "%s: unit_capacity works with new_units, not with target_share", at->name);
}

static enum dosah_status read_add_type(const struct scn_parser *p, const struct scn_node *v,
                                       const struct scn_at *at)
{
    struct dosah_change_spec *c = at->base;
    char got[SCN_SHOWN];
    if ((c->type = v->kind == SCN_SCALAR ? dosah_type_parse(v->text) : 0) != 0)
        return DOSAH_OK;
    return scn_error(p, v->mark, "unknown service type %s; write a section such as \"§51\"",
                     scn_describe(v, got));
}

static enum dosah_status read_add_form(const struct scn_parser *p, const struct scn_node *v,
                                       const struct scn_at *at)
{
    struct dosah_change_spec *c = at->base;
    char got[SCN_SHOWN];
    if ((c->forms = v->kind == SCN_SCALAR ? dosah_form_parse(v->text) : 0) != 0)
        return DOSAH_OK;
    return scn_error(p, v->mark, "unknown form %s; use field, ambulant or residential",
                     scn_describe(v, got));
}

/* x and y go together; the row of x reads both (v: x, or NULL). */
static enum dosah_status read_add_xy(const struct scn_parser *p, const struct scn_node *v,
                                     const struct scn_at *at)
{
    struct dosah_change_spec *c = at->base;
    const struct scn_node *w;
    enum dosah_status st;
    if (!v && !scn_value(at->map, "y"))
        return DOSAH_OK;
    if ((st = scn_required(p, at->map, "x", at->where, "x in the working CRS", &w)) ||
        (st = scn_get_number(p, w, "x", &c->x)) ||
        (st = scn_required(p, at->map, "y", at->where, "y in the working CRS", &w)) ||
        (st = scn_get_number(p, w, "y", &c->y)))
        return st;
    c->has_xy = 1;
    return DOSAH_OK;
}

/* The new service stands in a municipality, at its main point unless x and y are given. */
static enum dosah_status add_needs_municipality(const struct scn_parser *p,
                                                const struct scn_at *at)
{
    const struct dosah_change_spec *c = at->base;
    if (c->municipality)
        return DOSAH_OK;
    return scn_error(p, at->map->mark,
                     "changes[%zu].add needs municipality: CODE, the municipality it lies in "
                     "(it stands at the municipality's main point unless x and y are given)",
                     at->index);
}

#define CH(member) offsetof(struct dosah_change_spec, member)

/* changes[].add (README.md, "Changes (what if)"); capacity stays NAN when not given. */
static const struct scn_row add_rows[] = {
    {.key = "id", .type = SCN_T_STRING, .required = 1, .hint = "the new service's id",
     .at = CH(id)},
    {.key = "name", .type = SCN_T_STRING, .at = CH(name), .step = 4},
    {.key = "type", .type = SCN_T_HOOK, .required = 1, .hint = "its § type, e.g. \"§51\"",
     .step = 1, .hook = read_add_type},
    {.key = "form", .type = SCN_T_HOOK, .required = 1, .hint = "field, ambulant or residential",
     .step = 2, .hook = read_add_form},
    {.key = "capacity", .type = SCN_T_NUMBER, .bound = SCN_ZERO_OR_MORE, .keep = 1,
     .at = CH(capacity), .step = 3},
    {.key = "hours", .type = SCN_T_STRING, .at = CH(hours), .step = 5},
    {.key = "municipality", .type = SCN_T_STRING, .at = CH(municipality), .step = 6},
    {.key = "x", .type = SCN_T_HOOK, .always = 1, .step = 7, .hook = read_add_xy},
    {.key = "y", .type = SCN_T_ELSEWHERE},
};

const struct scn_section scn_add_section = {
    .example = "id: ..., type: \"§51\", form: ..., ...",
    .rows = add_rows,
    .count = COUNT(add_rows),
    .done = add_needs_municipality,
    .readme = "### Changes (what if)",
    .readme_row = "add",
};

static enum dosah_status parse_change(const struct scn_parser *p, const struct scn_node *map,
                                      size_t i, struct dosah_change_spec *c)
{
    static const char *const keys[] = {"add", "remove", "resize", "capacity"};
    const struct scn_node *v;
    char name[32], where[40];
    enum dosah_status st;
    snprintf(name, sizeof name, "changes[%zu]", i);
    snprintf(where, sizeof where, "in %s", name);
    c->capacity = NAN;
    c->mark = map->mark;
    if ((st = scn_expect_mapping(p, map, name, "add: {...} | remove: ID | resize: ID, capacity: N")) ||
        (st = scn_check_keys(p, map, keys, COUNT(keys), where)))
        return st;
    if ((!!scn_value(map, "add") + !!scn_value(map, "remove") + !!scn_value(map, "resize")) != 1)
        return scn_error(p, map->mark, "%s must be exactly one of add, remove or resize", name);
    if ((v = scn_value(map, "add")) != NULL) {
        struct scn_at at = {.base = c, .map = v, .name = "add", .where = where, .index = i};
        snprintf(where, sizeof where, "in %s.add", name);
        c->kind = DOSAH_CHANGE_ADD;
        return scn_section_read(p, &scn_add_section, &at);
    }
    if ((v = scn_value(map, "remove")) != NULL) {
        c->kind = DOSAH_CHANGE_REMOVE;
        return scn_get_string(p, v, "remove", &c->id);
    }
    c->kind = DOSAH_CHANGE_RESIZE;
    if ((st = scn_get_string(p, scn_value(map, "resize"), "resize", &c->id)) ||
        (st = scn_required(p, map, "capacity", where, "the new capacity", &v)))
        return st;
    return scn_get_bounded(p, v, "capacity", SCN_ZERO_OR_MORE, &c->capacity);
}

enum dosah_status scn_changes(const struct scn_parser *p, const struct scn_node *list,
                              struct dosah_scenario *s)
{
    char got[SCN_SHOWN];
    size_t i;
    enum dosah_status st = DOSAH_OK;
    if (list->kind != SCN_SEQUENCE)
        return scn_error(p, list->mark,
                         "expected a list for 'changes' (- add: {...}, - remove: ID, - resize: "
                         "ID), got %s",
                         scn_describe(list, got));
    if (!list->nitems)
        return DOSAH_OK;
    if (!(s->changes = dosah_calloc(p->ctx, list->nitems, sizeof *s->changes)))
        return DOSAH_ENOMEM;
    for (i = 0; i < list->nitems && !st; i++) {
        s->change_count++;
        st = parse_change(p, list->items[i], i, &s->changes[i]);
    }
    return st;
}
