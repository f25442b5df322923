/* SPDX-License-Identifier: MIT */
/*
 * Gaps of a question with a norm or a coverage target, per region: the capacity of the
 * facilities inside the region, per 10,000 inhabitants, the share within the threshold,
 * whether any facility lies inside, the gap flag with its reasons and the shortfall in whole
 * units: ⌈norm × population / 10,000 − capacity⌉ (0 when none).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/plan.h"
#include "run/run_internal.h"

/* "no_facility,below_norm" for the reason bits. */
static void reason_text(unsigned reasons, char *buf, size_t n)
{
    buf[0] = '\0';
    if (reasons & DOSAH_PLAN_GAP_NO_FACILITY)
        snprintf(buf + strlen(buf), n - strlen(buf), "%sno_facility", buf[0] ? "," : "");
    if (reasons & DOSAH_PLAN_GAP_BELOW_NORM)
        snprintf(buf + strlen(buf), n - strlen(buf), "%sbelow_norm", buf[0] ? "," : "");
    if (reasons & DOSAH_PLAN_GAP_BELOW_COVERAGE)
        snprintf(buf + strlen(buf), n - strlen(buf), "%sbelow_coverage", buf[0] ? "," : "");
}

static enum dosah_status gap_columns(struct dosah_ctx *ctx, struct dosah_output *out,
                                     const struct dosah_service_spec *q,
                                     const struct dosah_plan_gap *g, size_t n)
{
    struct dosah_column *cap, *per, *has, *gap, *why, *short_;
    char buf[96];
    size_t r;
    cap = dosah_key_column(ctx, out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_CAPACITY, n);
    per = dosah_key_column(ctx, out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_PER_10K, n);
    has = dosah_key_column(ctx, out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_HAS_FACILITY, n);
    gap = dosah_key_column(ctx, out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_GAP, n);
    why = dosah_key_column(ctx, out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_GAP_REASON, n);
    short_ = dosah_key_column(ctx, out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_SHORTFALL, n);
    if (!cap || !per || !has || !gap || !why || !short_)
        return DOSAH_ENOMEM;
    for (r = 0; r < n; r++) {
        cap->real[r] = g[r].capacity;
        per->real[r] = g[r].per_10k;
        dosah_column_set_integer(has, r, g[r].has_facility);
        dosah_column_set_integer(gap, r, g[r].reasons != 0);
        if (!isnan(g[r].shortfall_units))
            dosah_column_set_integer(short_, r, (int64_t)g[r].shortfall_units);
        reason_text(g[r].reasons, buf, sizeof buf);
        if (buf[0] && !(why->text[r] = dosah_strdup(ctx, buf)))
            return DOSAH_ENOMEM;
    }
    return DOSAH_OK;
}

/* The gaps layer: one row per region for this question, with the region's outline. */
static enum dosah_status gap_rows(struct dosah_ctx *ctx, const struct dosah_model *m,
                                  struct dosah_output *out, const struct dosah_service_spec *q,
                                  const struct dosah_plan_gap *g)
{
    struct dosah_table *t;
    size_t r, row;
    char buf[96];
    int integer = 1;
    for (r = 0; r < m->region_count; r++) /* INTEGER when every region code is one */
        integer = integer && m->regions[r].code.is_number;
    if (!(t = dosah_output_table_of(ctx, out, DOSAH_T_GAPS, DOSAH_TABLE_POLYGON, integer)))
        return DOSAH_ENOMEM;
#define COL(f) dosah_table_field(t, DOSAH_OF_GAPS_##f)
    for (r = 0; r < m->region_count; r++) {
        const struct dosah_area *a = &m->regions[r];
        if (dosah_table_add_row(ctx, t, a->wkb, a->wkb_size, &row))
            return DOSAH_ENOMEM;
        reason_text(g[r].reasons, buf, sizeof buf);
        if (!(COL(KEY)->text[row] = dosah_strdup(ctx, q->key)) ||
            !(COL(LABEL)->text[row] = dosah_strdup(ctx, q->label)) ||
            (COL(REGION)->type == DOSAH_COLUMN_TEXT &&
             !(COL(REGION)->text[row] = dosah_strdup(ctx, a->code.text))) ||
            (a->name && !(COL(NAME)->text[row] = dosah_strdup(ctx, a->name))) ||
            (buf[0] && !(COL(REASON)->text[row] = dosah_strdup(ctx, buf))))
            return DOSAH_ENOMEM;
        if (COL(REGION)->type == DOSAH_COLUMN_INTEGER)
            dosah_column_set_integer(COL(REGION), row, a->code.number);
        COL(POPULATION)->real[row] = a->has_population ? a->population : NAN;
        COL(CAPACITY)->real[row] = g[r].capacity;
        COL(PER_10K)->real[row] = g[r].per_10k;
        COL(NORM_PER_10K)->real[row] = q->norm_per_10k;
        COL(WITHIN_SHARE)->real[row] = g[r].within_share;
        dosah_column_set_integer(COL(HAS_FACILITY), row, g[r].has_facility);
        dosah_column_set_integer(COL(GAP), row, g[r].reasons != 0);
        if (!isnan(g[r].shortfall_units))
            dosah_column_set_integer(COL(SHORTFALL), row, (int64_t)g[r].shortfall_units);
    }
#undef COL
    return DOSAH_OK;
}

/*
 * A region with a facility of unknown capacity: its capacity, capacity per 10,000 and
 * shortfall are unknown (NULL), and the norm cannot make it a gap; reported per region.
 */
static enum dosah_status unknown_capacity(struct dosah_ctx *ctx, const struct dosah_model *m,
                                          const struct dosah_service_spec *q,
                                          const uint32_t *unknown, struct dosah_plan_gap *g)
{
    size_t r;
    enum dosah_status st = DOSAH_OK;
    for (r = 0; r < m->region_count && !st; r++) {
        if (!unknown[r])
            continue;
        g[r].capacity = g[r].per_10k = g[r].shortfall_units = NAN;
        g[r].reasons &= ~(unsigned)DOSAH_PLAN_GAP_BELOW_NORM;
        st = dosah_diag_add(ctx, DOSAH_WARNING, "measure", NULL, "regions", m->regions[r].code.text,
                            NULL,
                            "%u facilities of '%s' in this region have no capacity: its "
                            "capacity and shortfall are unknown (NULL)",
                            unknown[r], q->key);
    }
    return st;
}

enum dosah_status dosah_gaps_question(struct dosah_ctx *ctx, const struct dosah_model *m,
                                      struct dosah_output *out, const struct dosah_service_spec *q,
                                      const struct dosah_times *t)
{
    size_t n = m->region_count, j;
    double *pop = dosah_calloc(ctx, n + 1, sizeof *pop),
           *cap = dosah_calloc(ctx, n + 1, sizeof *cap);
    uint32_t *count = dosah_calloc(ctx, n + 1, sizeof *count);
    uint32_t *unknown = dosah_calloc(ctx, n + 1, sizeof *unknown);
    struct dosah_plan_gap *rows = dosah_calloc(ctx, n + 1, sizeof *rows);
    const struct dosah_column *within;
    struct dosah_plan_gap_input in;
    enum dosah_status st = pop && cap && count && unknown && rows ? DOSAH_OK : DOSAH_ENOMEM;
    if (!n || (isnan(q->norm_per_10k) && isnan(q->target_share)) || st)
        goto done;
    /* The demand points' population: the same base as the shares within the threshold. */
    for (j = 0; j < m->demand_count; j++) {
        uint32_t mu = m->demand[j].municipality;
        if (mu != DOSAH_NONE && m->municipalities[mu].region != DOSAH_NONE)
            pop[m->municipalities[mu].region] += m->demand[j].population;
    }
    for (j = 0; j < t->facility_count; j++) {
        const struct dosah_service *sv = &m->services[t->facilities[j]];
        uint32_t reg = sv->municipality == DOSAH_NONE ? DOSAH_NONE
                                                      : m->municipalities[sv->municipality].region;
        if (reg == DOSAH_NONE)
            continue;
        count[reg]++;
        if (!isnan(sv->capacity))
            cap[reg] += sv->capacity;
        else
            unknown[reg]++;
    }
    within = dosah_key_column_find(out, DOSAH_LAYER_REGIONS, q, DOSAH_KF_POP_WITHIN);
    dosah_plan_gap_input_init(&in);
    in.region_count = n;
    in.population = pop;
    in.capacity = cap;
    in.facility_count = count;
    in.within_population = within ? within->real : NULL;
    in.norm_per_10k = q->norm_per_10k;
    in.coverage_target = q->target_share;
    if (!(st = dosah_plan_gaps(ctx, &in, rows)))
        st = unknown_capacity(ctx, m, q, unknown, rows);
    if (!st && !(st = gap_columns(ctx, out, q, rows, n)))
        st = gap_rows(ctx, m, out, q, rows);
done:
    dosah_free(unknown);
    dosah_free(pop);
    dosah_free(cap);
    dosah_free(count);
    dosah_free(rows);
    return st;
}
