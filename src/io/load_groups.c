/* SPDX-License-Identifier: MIT */
/*
 * Population by group (scenario `groups:`): each municipality's people of every group, from
 * the columns the municipalities input or the population table names. Group k of the model
 * is the k-th group of inputs.municipalities, then those of inputs.population
 * (dosah_group_index). A municipality without a value for some group is an input error that
 * names the municipalities concerned.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "core/buf.h"
#include "io/io_internal.h"

size_t dosah_group_count(const struct dosah_scenario *s)
{
    return s->inputs[DOSAH_INPUT_MUNICIPALITIES].group_count +
           s->inputs[DOSAH_INPUT_POPULATION].group_count;
}

enum dosah_status dosah_read_groups(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                    OGRFeatureH f, const char *id, struct dosah_area *a)
{
    const struct dosah_scenario *s = r->scenario;
    size_t total = dosah_group_count(s), k, first = 0;
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(r->layer);
    if (!total || !r->spec->group_count)
        return DOSAH_OK;
    if (r->spec == &s->inputs[DOSAH_INPUT_POPULATION])
        first = s->inputs[DOSAH_INPUT_MUNICIPALITIES].group_count;
    if (!a->groups) {
        if (!(a->groups = dosah_malloc(ctx, total * sizeof *a->groups)))
            return DOSAH_ENOMEM;
        for (k = 0; k < total; k++)
            a->groups[k] = NAN;
    }
    for (k = 0; k < r->spec->group_count; k++) {
        const char *col = r->spec->group_columns[k];
        int idx = OGR_FD_GetFieldIndex(fd, col);
        char *end;
        double v;
        if (idx < 0)
            return dosah_error_set(ctx, DOSAH_EINVAL,
                                   "%s: layer '%s': no field '%s' (the column of group '%s' "
                                   "in %s.groups). Fix the column name in the scenario.",
                                   r->spec->path_as_written, r->layer_name, col,
                                   r->spec->groups[k], r->kind_name);
        if (!OGR_F_IsFieldSetAndNotNull(f, idx) || !*OGR_F_GetFieldAsString(f, idx))
            continue; /* missing: reported for the municipality after the load */
        v = strtod(OGR_F_GetFieldAsString(f, idx), &end);
        if (*end || !(v >= 0) || !isfinite(v))
            return dosah_reader_fail(ctx, r, f, id, DOSAH_FIELD_COUNT,
                                     "group '%s' (column '%s') is '%s', not a number of people "
                                     "0 or more. Correct it.",
                                     r->spec->groups[k], col, OGR_F_GetFieldAsString(f, idx));
        a->groups[first + k] = v;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_check_groups(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     struct dosah_model *m)
{
    size_t total = dosah_group_count(s), i, k, missing = 0;
    struct dosah_strbuf b;
    const char *group = NULL;
    m->group_count = total;
    if (!total)
        return DOSAH_OK;
    dosah_strbuf_init(&b, 0);
    for (i = 0; i < m->municipality_count; i++) {
        const struct dosah_area *a = &m->municipalities[i];
        for (k = 0; k < total && (!a->groups || !isnan(a->groups[k])); k++)
            ;
        if (k == total)
            continue;
        if (!group) {
            const struct dosah_input_spec *mu = &s->inputs[DOSAH_INPUT_MUNICIPALITIES];
            group = k < mu->group_count ? mu->groups[k]
                                        : s->inputs[DOSAH_INPUT_POPULATION]
                                              .groups[k - mu->group_count];
        }
        if (missing++ < 5 &&
            dosah_strbuf_printf(ctx, &b, "%s'%s'%s%s", missing > 1 ? ", " : "", a->code.text,
                                a->name ? " " : "", a->name ? a->name : "")) {
            dosah_strbuf_clear(&b);
            return DOSAH_ENOMEM;
        }
    }
    if (missing)
        dosah_error_set(ctx, DOSAH_EINVAL,
                        "%zu %s no number of people in group '%s' (or another "
                        "group): %s%s. Give every group for every municipality.", missing,
                        dosah_plural(missing, "municipality has", "municipalities have"), group, b.data,
                        missing > 5 ? ", ..." : "");
    dosah_strbuf_clear(&b);
    return missing ? DOSAH_EINVAL : DOSAH_OK;
}
