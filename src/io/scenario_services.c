/* SPDX-License-Identifier: MIT */
/*
 * The scenario's questions (`services:`, README.md "Services"): a non-empty list of
 * mappings, each read by the table service_rows: a key that prefixes output field names,
 * the § types and the form it covers, the threshold, norm and target, and the options of
 * the capacity measures (mode, floating catchment, priority, target group). Same rules as
 * scenario_schema.c: unknown keys with the nearest valid one, bad values at their line and
 * column.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dosah/model.h"
#include "io/scenario_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define SERVICE_KEY_MAX 24 /* keys prefix output field names: KEY_minutes, ... */

/* 1 when key matches ^[a-z][a-z0-9_]{0,23}$. */
static int valid_service_key(const char *key)
{
    size_t i;
    if (!(key[0] >= 'a' && key[0] <= 'z'))
        return 0;
    for (i = 1; key[i]; i++)
        if (i >= SERVICE_KEY_MAX ||
            !((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
              key[i] == '_'))
            return 0;
    return 1;
}

/* The key of services[i]: well formed and not used by an earlier entry. */
static enum dosah_status read_service_key(const struct scn_parser *p, const struct scn_node *v,
                                          const struct scn_at *at)
{
    struct dosah_service_spec *sv = at->base;
    size_t j;
    enum dosah_status st = scn_get_string(p, v, "key", &sv->key);
    if (st != DOSAH_OK)
        return st;
    if (!valid_service_key(sv->key))
        return scn_error(p, v->mark,
                         "service key '%s' must be 1 to %d characters of a-z, 0-9 and _, "
                         "starting with a letter, because it becomes the prefix of output "
                         "field names (KEY_minutes, KEY_within, ...)",
                         sv->key, SERVICE_KEY_MAX);
    for (j = 0; j < at->index; j++)
        if (strcmp(at->s->services[j].key, sv->key) == 0)
            return scn_error(p, v->mark,
                             "duplicate service key '%s' (also services[%zu] at line %u); keys "
                             "must be unique because they prefix output field names",
                             sv->key, j, at->s->services[j].mark.line);
    return DOSAH_OK;
}

/* label: absent, the key. */
static enum dosah_status read_label(const struct scn_parser *p, const struct scn_node *v,
                                    const struct scn_at *at)
{
    struct dosah_service_spec *sv = at->base;
    if (v)
        return scn_get_string(p, v, "label", &sv->label);
    sv->label = dosah_strdup(p->ctx, sv->key);
    return sv->label ? DOSAH_OK : DOSAH_ENOMEM;
}

/* types: a non-empty list of § types, "§40" or 40, each once. */
static enum dosah_status read_types(const struct scn_parser *p, const struct scn_node *list,
                                    const struct scn_at *at)
{
    struct dosah_service_spec *sv = at->base;
    const char *name = at->name;
    char got[SCN_SHOWN];
    size_t i, j;
    if (list->kind != SCN_SEQUENCE || list->nitems == 0)
        return scn_error(p, list->mark,
                         "expected a non-empty list of § types for 'types' (such as [\"§40\"] "
                         "or [39, 40]), got %s",
                         scn_describe(list, got));
    sv->types = dosah_calloc(p->ctx, list->nitems, sizeof *sv->types);
    if (!sv->types)
        return DOSAH_ENOMEM;
    sv->type_count = list->nitems;
    for (i = 0; i < list->nitems; i++) {
        const struct scn_node *t = list->items[i];
        sv->types[i] = t->kind == SCN_SCALAR ? dosah_type_parse(t->text) : 0;
        if (!sv->types[i])
            return scn_error(p, t->mark,
                             "unknown service type %s in %s.types; write a section of act "
                             "108/2006 Sb. that defines a social service (§37 to §70), such as "
                             "\"§40\" or 40",
                             scn_describe(t, got), name);
        for (j = 0; j < i; j++)
            if (sv->types[j] == sv->types[i])
                return scn_error(p, t->mark, "§%d is listed twice in %s.types; remove one",
                                 sv->types[i], name);
    }
    return DOSAH_OK;
}

/* form: exactly one of field, ambulant, residential (or the Czech words). */
static enum dosah_status read_form(const struct scn_parser *p, const struct scn_node *v,
                                   const struct scn_at *at)
{
    struct dosah_service_spec *sv = at->base;
    const char *name = at->name;
    char got[SCN_SHOWN];
    unsigned f = v->kind == SCN_SCALAR && !scn_is_null(v) ? dosah_form_parse(v->text) : 0;
    if (!f)
        return scn_error(p, v->mark,
                         "unknown form %s in %s; use field, ambulant or residential (in Czech "
                         "terénní, ambulantní, pobytová)",
                         scn_describe(v, got), name);
    if (f & (f - 1))
        return scn_error(p, v->mark,
                         "%s asks about one form, got %s; write one entry per form, each with "
                         "its own key",
                         name, scn_describe(v, got));
    sv->form = f;
    return DOSAH_OK;
}

static const char *const modes[] = {"car", "walk", "transit", NULL};
static const char *const priorities[] = {"capacity", "listed", "field", NULL};
static const char *const yes_no[] = {"false", "true", NULL};

_Static_assert(DOSAH_MODE_CAR == 0 && DOSAH_MODE_WALK == 1 && DOSAH_MODE_TRANSIT == 2 &&
                   DOSAH_PRIORITY_CAPACITY == 0 && DOSAH_PRIORITY_LISTED == 1 &&
                   DOSAH_PRIORITY_FIELD == 2,
               "modes and priorities are stored by their index in the word lists");
_Static_assert(sizeof(enum dosah_mode) == sizeof(int) &&
                   sizeof(enum dosah_priority) == sizeof(int),
               "a word is stored as an int");

#define SV(member) offsetof(struct dosah_service_spec, member)

/* One question (README.md, "Services"). Steps keep the order in which the keys were always
 * read; day and depart are read by scn_transit once the time windows are known. */
static const struct scn_row service_rows[] = {
    {.key = "key", .type = SCN_T_HOOK, .required = 1,
     .hint = "a short name such as care; it prefixes output field names",
     .hook = read_service_key},
    {.key = "label", .type = SCN_T_HOOK, .always = 1, .step = 1, .hook = read_label},
    {.key = "types", .type = SCN_T_HOOK, .required = 1,
     .hint = "the § types of act 108/2006 Sb., e.g. [\"§40\"]", .step = 2, .hook = read_types},
    {.key = "form", .type = SCN_T_HOOK, .required = 1, .hint = "field, ambulant or residential",
     .step = 3, .hook = read_form},
    {.key = "threshold_min", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .required = 1,
     .hint = "the travel time in minutes within which the service counts as reached",
     .at = SV(threshold_min), .step = 4},
    {.key = "norm_per_10k", .type = SCN_T_NUMBER, .bound = SCN_ZERO_OR_MORE, .def = NAN,
     .at = SV(norm_per_10k), .step = 5},
    {.key = "target_share", .type = SCN_T_NUMBER, .bound = SCN_UNIT_RANGE, .def = NAN,
     .at = SV(target_share), .step = 6},
    {.key = "mode", .type = SCN_T_WORD, .words = modes, .def = DOSAH_MODE_CAR, .at = SV(mode),
     .step = 8},
    {.key = "fca", .type = SCN_T_HOOK, .always = 1, .step = 10, .hook = scn_fca},
    {.key = "priority", .type = SCN_T_WORD, .words = priorities,
     .def = DOSAH_PRIORITY_CAPACITY, .at = SV(priority), .step = 9,
     .hook = scn_priority_column},
    {.key = "target_group", .type = SCN_T_STRING, .at = SV(target_group),
     .mark_at = SCN_MARK_AT(struct dosah_service_spec, target_group_mark), .step = 7},
    {.key = "polygons", .type = SCN_T_WORD, .words = yes_no, .def = -1, .at = SV(polygons),
     .step = 11},
    {.key = "day", .type = SCN_T_ELSEWHERE},
    {.key = "depart", .type = SCN_T_ELSEWHERE},
};

const struct scn_section scn_service_section = {
    .example = "key: ..., types: [...], form: ..., threshold_min: ...",
    .rows = service_rows,
    .count = COUNT(service_rows),
    .readme = "### Services",
};

enum dosah_status scn_services(const struct scn_parser *p, const struct scn_node *list,
                               struct dosah_scenario *s)
{
    char got[SCN_SHOWN], name[32], where[40];
    size_t i;
    enum dosah_status st = DOSAH_OK;
    if (list->kind != SCN_SEQUENCE || list->nitems == 0)
        return scn_error(p, list->mark,
                         "expected a non-empty list of questions for 'services' (- key: ..., "
                         "types: [...], form: ..., threshold_min: ...), got %s",
                         scn_describe(list, got));
    s->services = dosah_calloc(p->ctx, list->nitems, sizeof *s->services);
    if (!s->services)
        return DOSAH_ENOMEM;
    s->service_count = list->nitems;
    for (i = 0; i < list->nitems && st == DOSAH_OK; i++) {
        struct scn_at at = {.s = s, .base = &s->services[i], .map = list->items[i],
                            .name = name, .where = where, .index = i};
        snprintf(name, sizeof name, "services[%zu]", i);
        snprintf(where, sizeof where, "in %s", name);
        s->services[i].mark = list->items[i]->mark;
        st = scn_section_read(p, &scn_service_section, &at);
    }
    return st;
}
