/* SPDX-License-Identifier: MIT */
/*
 * Population by group (README, "Who the service is for"): `groups: {seniors: obyv_65plus}`
 * on inputs.municipalities or inputs.population names a column per group, and a question's
 * `target_group` counts only that group's people. Group names follow the rules of service
 * keys (a-z, 0-9, _), each is defined once across both inputs.
 */
#include <string.h>

#include "io/scenario_internal.h"

static int valid_name(const char *s)
{
    size_t i;
    if (!(s[0] >= 'a' && s[0] <= 'z') || strlen(s) > 24)
        return 0;
    for (i = 0; s[i]; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

enum dosah_status scn_input_groups(const struct scn_parser *p, const struct scn_node *map,
                                   const char *name, struct dosah_input_spec *spec)
{
    size_t i, n;
    enum dosah_status st;
    if (!map)
        return DOSAH_OK;
    st = scn_expect_mapping(p, map, "groups", "group: column, ... (seniors: obyv_65plus)");
    if (st != DOSAH_OK)
        return st;
    n = map->nitems / 2;
    spec->groups_mark = map->mark;
    if (!(spec->groups = dosah_calloc(p->ctx, n + 1, sizeof *spec->groups)) ||
        !(spec->group_columns = dosah_calloc(p->ctx, n + 1, sizeof *spec->group_columns)))
        return DOSAH_ENOMEM;
    for (i = 0; i < n; i++) {
        const struct scn_node *k = map->items[2 * i], *v = map->items[2 * i + 1];
        if (!valid_name(k->text))
            return scn_error(p, k->mark,
                             "group name '%s' in %s.groups: use 1-24 characters of a-z, 0-9 "
                             "and _, starting with a letter (seniors, children_0_14)",
                             k->text, name);
        if (!(spec->groups[i] = dosah_strdup(p->ctx, k->text)))
            return DOSAH_ENOMEM;
        spec->group_count = i + 1;
        if ((st = scn_get_string(p, v, k->text, &spec->group_columns[i])))
            return st;
    }
    return DOSAH_OK;
}

long dosah_scenario_group_index(const struct dosah_scenario *s, const char *name)
{
    const struct dosah_input_spec *mu = &s->inputs[DOSAH_INPUT_MUNICIPALITIES],
                                  *po = &s->inputs[DOSAH_INPUT_POPULATION];
    size_t i;
    for (i = 0; name && i < mu->group_count; i++)
        if (strcmp(mu->groups[i], name) == 0)
            return (long)i;
    for (i = 0; name && i < po->group_count; i++)
        if (strcmp(po->groups[i], name) == 0)
            return (long)(mu->group_count + i);
    return -1;
}

/* 1 when the group is defined in the input. */
static int has_group(const struct dosah_input_spec *in, const char *g)
{
    size_t i;
    for (i = 0; i < in->group_count; i++)
        if (strcmp(in->groups[i], g) == 0)
            return 1;
    return 0;
}

enum dosah_status scn_check_groups(const struct scn_parser *p, const struct dosah_scenario *s)
{
    const struct dosah_input_spec *mu = &s->inputs[DOSAH_INPUT_MUNICIPALITIES],
                                  *po = &s->inputs[DOSAH_INPUT_POPULATION];
    size_t i;
    for (i = 0; i < po->group_count; i++)
        if (has_group(mu, po->groups[i]))
            return scn_error(p, po->groups_mark,
                             "group '%s' is given both on inputs.municipalities and on "
                             "inputs.population; give it in one place",
                             po->groups[i]);
    for (i = 0; i < s->service_count; i++) {
        const struct dosah_service_spec *q = &s->services[i];
        if (q->target_group && !has_group(mu, q->target_group) &&
            !has_group(po, q->target_group))
            return scn_error(p, q->target_group_mark,
                             "services[%zu] counts the group '%s', which neither "
                             "inputs.municipalities nor inputs.population defines; add it "
                             "under 'groups:' (e.g. groups: {%s: obyv_65plus}) or fix the name",
                             i, q->target_group, q->target_group);
    }
    return DOSAH_OK;
}
