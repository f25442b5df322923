/* SPDX-License-Identifier: MIT */
/*
 * The engine of the declarative scenario schema: reads a section of the YAML tree by its
 * table of rows (scenario_internal.h, struct scn_row). A section is checked to be a mapping
 * with only the table's keys (the "did you mean" message comes from the same keys), the
 * defaults of its rows are stored, then each row reads its key by type into the section's
 * struct at the row's offset, or through the row's hook. The tables themselves live beside
 * the code of their section (scenario_schema.c, scenario_network.c, ...); scn_sections lists
 * them for the README check.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "io/scenario_internal.h"

const struct scn_section *const scn_sections[] = {
    &scn_top_section,     &scn_input_section,      &scn_network_section,
    &scn_service_section, &scn_fca_section,        &scn_plan_section,
    &scn_catchments_section, &scn_output_section,  &scn_transit_section,
    &scn_add_section,
};
const size_t scn_section_count = sizeof scn_sections / sizeof scn_sections[0];

void scn_rows_keys(const struct scn_row *rows, size_t count, const char **keys)
{
    size_t i;
    for (i = 0; i < count; i++)
        keys[i] = rows[i].key;
}

enum dosah_status scn_get_word(const struct scn_parser *p, const struct scn_node *v,
                               const char *noun, const char *const *words, size_t *index)
{
    char got[SCN_SHOWN], list[128];
    size_t i, n;
    for (n = 0; words[n]; n++)
        ;
    for (i = 0; v->kind == SCN_SCALAR && !scn_is_null(v) && i < n; i++)
        if (strcmp(v->text, words[i]) == 0) {
            *index = i;
            return DOSAH_OK;
        }
    scn_join(list, sizeof list, words, n);
    return scn_error(p, v->mark, "unknown %s %s; use one of %s", noun, scn_describe(v, got),
                     list);
}

/* The row's value in at->base. */
static void *slot(const struct scn_row *row, const struct scn_at *at)
{
    return (char *)at->base + row->at;
}

/* Stores the value an absent key stands for (typed rows without keep). */
static void store_default(const struct scn_row *row, const struct scn_at *at)
{
    if (row->keep)
        return;
    if (row->type == SCN_T_NUMBER) {
        memcpy(slot(row, at), &row->def, sizeof row->def);
    } else if (row->type == SCN_T_WHOLE) {
        long whole = (long)row->def;
        memcpy(slot(row, at), &whole, sizeof whole);
    } else if (row->type == SCN_T_BOOL || row->type == SCN_T_BOOL_NOT ||
               row->type == SCN_T_WORD) {
        int flag = (int)row->def;
        memcpy(slot(row, at), &flag, sizeof flag);
    }
}

/* Reads v, the value of a typed row (not a hook, not elsewhere). */
static enum dosah_status read_typed(const struct scn_parser *p, const struct scn_row *row,
                                    const struct scn_node *v, const struct scn_at *at)
{
    enum dosah_status st = DOSAH_OK;
    size_t index = 0;
    int flag = 0;
    switch (row->type) {
    case SCN_T_STRING:
        return scn_get_string(p, v, row->key, (char **)slot(row, at));
    case SCN_T_NUMBER:
        return scn_get_bounded(p, v, row->key, row->bound, (double *)slot(row, at));
    case SCN_T_WHOLE:
        return scn_get_whole(p, v, row->key, row->min, (long *)slot(row, at));
    case SCN_T_BOOL:
    case SCN_T_BOOL_NOT:
        st = scn_get_bool(p, v, row->key, &flag);
        flag = row->type == SCN_T_BOOL_NOT ? !flag : flag;
        break;
    case SCN_T_WORD:
        st = scn_get_word(p, v, row->noun ? row->noun : row->key, row->words, &index);
        flag = (int)index;
        break;
    default:
        assert(!"not a typed row");
        return DOSAH_EINVAL;
    }
    if (st == DOSAH_OK)
        memcpy(slot(row, at), &flag, sizeof flag);
    return st;
}

/* One row: a missing key, an absent one, or its value read by type or hook. */
static enum dosah_status read_row(const struct scn_parser *p, const struct scn_row *row,
                                  const struct scn_at *at)
{
    const struct scn_node *v = at->map ? scn_value(at->map, row->key) : NULL;
    enum dosah_status st;
    if (!v && row->required) {
        assert(at->map);
        return scn_error(p, at->map->mark, "missing required key '%s' %s (%s)", row->key,
                         at->where, row->hint);
    }
    if (!v)
        return row->type == SCN_T_HOOK && row->always ? row->hook(p, NULL, at) : DOSAH_OK;
    if (row->mark_at)
        memcpy((char *)at->base + row->mark_at - 1, &v->mark, sizeof v->mark);
    if (row->type == SCN_T_ELSEWHERE)
        return DOSAH_OK;
    if (row->type == SCN_T_HOOK)
        return row->hook(p, v, at);
    st = read_typed(p, row, v, at);
    return st == DOSAH_OK && row->hook ? row->hook(p, v, at) : st;
}

enum dosah_status scn_rows_read(const struct scn_parser *p, const struct scn_row *rows,
                                size_t count, const struct scn_at *at)
{
    unsigned step, last = 0;
    size_t i;
    enum dosah_status st = DOSAH_OK;
    for (i = 0; i < count; i++) {
        store_default(&rows[i], at);
        last = rows[i].step > last ? rows[i].step : last;
    }
    for (step = 0; step <= last && st == DOSAH_OK; step++)
        for (i = 0; i < count && st == DOSAH_OK; i++)
            if (rows[i].step == step)
                st = read_row(p, &rows[i], at);
    return st;
}

enum dosah_status scn_section_read(const struct scn_parser *p, const struct scn_section *sec,
                                   const struct scn_at *at)
{
    const char *keys[SCN_ROWS_MAX];
    enum dosah_status st;
    assert(sec->count <= SCN_ROWS_MAX);
    if (at->map) {
        scn_rows_keys(sec->rows, sec->count, keys);
        if ((st = scn_expect_mapping(p, at->map, at->name, sec->example)) ||
            (st = scn_check_keys(p, at->map, keys, sec->count, at->where)))
            return st;
    }
    st = scn_rows_read(p, sec->rows, sec->count, at);
    return st == DOSAH_OK && sec->done ? sec->done(p, at) : st;
}
