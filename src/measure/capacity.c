/* SPDX-License-Identifier: MIT */
/*
 * Capacity-limited coverage (DESIGN.md §6; definition in include/dosah/fca.h). Unlike a sum
 * of catchment populations, which counts a person once per catchment that reaches them (the
 * double counting DESIGN.md §6 warns of), every demand point keeps the population that no
 * facility has absorbed yet: facilities in priority order go through their catchment by travel time
 * and take from that remainder, nearest first, until their capacity runs out. A facility's
 * scratch list of (time, point) pairs is sized once for the largest catchment. Also the
 * helpers that build priority orders. Pure computation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/fca.h"
#include "dosah/measure.h"
#include "measure/fca_internal.h"

/* A catchment entry to sort: by time, equal times by lower point index. */
struct reach_entry {
    double time_s;
    uint32_t point;
};

/* A value to sort for an order: NAN last, then by value, then by lower index. */
struct order_entry {
    double key;  /* the value, negated for a descending order */
    uint32_t index;
};

void dosah_capacity_options_init(struct dosah_capacity_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->threshold_min = 0.0;
    opt->persons_per_unit = 1.0;
    opt->order = NULL;
    opt->order_count = 0;
}

/* 1 when a comes before b: the earlier time, of equal times the lower point. */
static int reach_before(const struct reach_entry *a, const struct reach_entry *b)
{
    return a->time_s != b->time_s ? a->time_s < b->time_s : a->point < b->point;
}

/* Moves h[k] down the binary min-heap h[0 .. n) to where it belongs. */
static void sift_down(struct reach_entry *h, size_t n, size_t k)
{
    struct reach_entry e = h[k];
    size_t c;
    while ((c = 2 * k + 1) < n) {
        if (c + 1 < n && reach_before(&h[c + 1], &h[c]))
            c++;
        if (!reach_before(&h[c], &e))
            break;
        h[k] = h[c], k = c;
    }
    h[k] = e;
}

/* Takes the first entry of the heap h[0 .. *n) off it: the entries come out in the order a
 * sort would give them, but a facility whose capacity runs out after a few of its points
 * costs a pass over its catchment, not a sort of it. */
static struct reach_entry heap_pop(struct reach_entry *h, size_t *n)
{
    struct reach_entry first = h[0];
    h[0] = h[--*n];
    sift_down(h, *n, 0);
    return first;
}

static int compare_order(const void *pa, const void *pb)
{
    const struct order_entry *a = pa, *b = pb;
    int na = isnan(a->key), nb = isnan(b->key);
    if (na != nb)
        return na - nb;
    if (!na && a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

void dosah_measure_order_as_listed(size_t count, uint32_t *order)
{
    size_t j;
    for (j = 0; j < count; j++)
        order[j] = (uint32_t)j;
}

enum dosah_status dosah_measure_order_by_value(struct dosah_ctx *ctx, const double *value,
                                               size_t count, int descending, uint32_t *order)
{
    struct order_entry *e = dosah_calloc(ctx, count, sizeof *e);
    size_t j;

    if (!e)
        return DOSAH_ENOMEM;
    for (j = 0; j < count; j++) {
        e[j].key = descending ? -value[j] : value[j];
        e[j].index = (uint32_t)j;
    }
    qsort(e, count, sizeof *e, compare_order);
    for (j = 0; j < count; j++)
        order[j] = e[j].index;
    dosah_free(e);
    return DOSAH_OK;
}

enum dosah_status dosah_measure_order_by_capacity(struct dosah_ctx *ctx, const double *capacity,
                                                  size_t count, uint32_t *order)
{
    return dosah_measure_order_by_value(ctx, capacity, count, 1, order);
}

/* Checks the options; marks the listed facilities in seen[] (scratch, facility_count). */
static enum dosah_status check_options(struct dosah_ctx *ctx,
                                       const struct dosah_capacity_options *opt,
                                       size_t facility_count, unsigned char *seen)
{
    size_t k;
    enum dosah_status st = dosah_fca_check_threshold(ctx, opt->threshold_min);

    if (st != DOSAH_OK)
        return st;
    if (!(isfinite(opt->persons_per_unit) && opt->persons_per_unit > 0.0))
        return dosah_error_set(ctx, DOSAH_EINVAL, "persons per unit of capacity is %g; it "
                               "must be a positive number", opt->persons_per_unit);
    if (!opt->order)
        return DOSAH_OK;
    for (k = 0; k < opt->order_count; k++) {
        uint32_t j = opt->order[k];
        if (j >= facility_count)
            return dosah_error_set(ctx, DOSAH_EINVAL, "priority %zu names facility %u, but "
                                   "there are only %zu facilities", k + 1, j, facility_count);
        if (seen[j])
            return dosah_error_set(ctx, DOSAH_EINVAL, "priority %zu names facility %u again; "
                                   "each facility may appear once in the order", k + 1, j);
        seen[j] = 1;
    }
    return DOSAH_OK;
}

/* The largest catchment: the size of the scratch list. */
static size_t largest_catchment(const struct dosah_catchments *c)
{
    size_t j, most = 0;
    for (j = 0; j < c->facility_count; j++)
        if (c->offsets[j + 1] - c->offsets[j] > most)
            most = c->offsets[j + 1] - c->offsets[j];
    return most;
}

/*
 * Facility j absorbs from the remainder, nearest first. best[] holds the largest amount any
 * facility has absorbed from each point so far.
 */
static void absorb(const struct dosah_fca_input *in, const struct dosah_capacity_options *opt,
                   uint32_t j, struct reach_entry *scratch, double *best,
                   struct dosah_capacity_coverage *r)
{
    const struct dosah_catchments *c = &in->catchments;
    double left = in->capacity[j] * opt->persons_per_unit;
    size_t k, n = 0;

    for (k = c->offsets[j]; k < c->offsets[j + 1]; k++)
        if (dosah_measure_within(c->time_s[k], opt->threshold_min)) {
            scratch[n].time_s = c->time_s[k];
            scratch[n++].point = c->point[k];
        }
    for (k = n / 2; k-- > 0;)
        sift_down(scratch, n, k);
    while (n > 0 && left > 0.0) {
        uint32_t i = heap_pop(scratch, &n).point;
        double take = r->unserved[i] < left ? r->unserved[i] : left;
        if (take <= 0.0)
            continue;
        r->unserved[i] -= take;
        r->covered[i] += take;
        left -= take;
        r->absorbed[j] += take;
        /* Strictly more: of equal amounts the facility earlier in the order keeps it. */
        if (take > best[i]) {
            best[i] = take;
            r->main_facility[i] = j;
        }
    }
    r->spare[j] = left;
}

static void add_row(struct dosah_capacity_row *row, double population, double covered,
                    double unserved)
{
    row->population += population;
    row->covered += covered;
    row->unserved += unserved;
}

/* Per area and in total. */
static void aggregate(const struct dosah_fca_input *in, struct dosah_capacity_coverage *r)
{
    size_t i, a;

    for (i = 0; i < in->point_count; i++) {
        uint32_t area = in->area ? in->area[i] : DOSAH_NONE;
        add_row(&r->total, in->population[i], r->covered[i], r->unserved[i]);
        if (area != DOSAH_NONE)
            add_row(&r->areas[area], in->population[i], r->covered[i], r->unserved[i]);
    }
    for (a = 0; a <= in->area_count; a++) {
        struct dosah_capacity_row *row = a < in->area_count ? &r->areas[a] : &r->total;
        row->covered_share = dosah_fca_share(row->covered, row->population);
    }
}

/* Allocates the result's arrays: every point unserved, every known capacity spare. */
static enum dosah_status start_result(struct dosah_ctx *ctx, const struct dosah_fca_input *in,
                                      double persons_per_unit,
                                      struct dosah_capacity_coverage *r)
{
    size_t nf = in->catchments.facility_count, np = in->point_count, k;

    r->facility_count = nf;
    r->point_count = np;
    r->area_count = in->area_count;
    r->covered = dosah_calloc(ctx, np, sizeof *r->covered);
    r->unserved = dosah_calloc(ctx, np, sizeof *r->unserved);
    r->main_facility = dosah_calloc(ctx, np, sizeof *r->main_facility);
    r->absorbed = dosah_calloc(ctx, nf, sizeof *r->absorbed);
    r->spare = dosah_calloc(ctx, nf, sizeof *r->spare);
    r->areas = dosah_calloc(ctx, in->area_count, sizeof *r->areas);
    if (!r->covered || !r->unserved || !r->main_facility || !r->absorbed || !r->spare
        || !r->areas)
        return DOSAH_ENOMEM;
    for (k = 0; k < np; k++) {
        r->unserved[k] = in->population[k];
        r->main_facility[k] = DOSAH_NONE;
    }
    for (k = 0; k < nf; k++) {
        double s = in->capacity[k];
        if (isnan(s)) {
            r->unknown_capacity_count++;
            r->spare[k] = NAN;
        } else {
            r->capacity_persons += s * persons_per_unit;
            r->spare[k] = s * persons_per_unit;
        }
    }
    return DOSAH_OK;
}

enum dosah_status dosah_measure_capacity_coverage(struct dosah_ctx *ctx,
                                                  const struct dosah_fca_input *in,
                                                  const struct dosah_capacity_options *opt,
                                                  struct dosah_capacity_coverage **out)
{
    struct dosah_capacity_coverage *r = NULL;
    unsigned char *seen = NULL;
    uint32_t *stamp = NULL;
    double *best = NULL;
    struct reach_entry *scratch = NULL;
    size_t nf = in->catchments.facility_count, k;
    size_t rounds = opt->order ? opt->order_count : nf;
    enum dosah_status st = DOSAH_ENOMEM;

    *out = NULL;
    seen = dosah_calloc(ctx, nf, 1);
    stamp = dosah_calloc(ctx, in->point_count, sizeof *stamp);
    if (!seen || !stamp)
        goto fail;
    if ((st = check_options(ctx, opt, nf, seen)) != DOSAH_OK
        || (st = dosah_fca_check_input(ctx, in, stamp)) != DOSAH_OK)
        goto fail;
    st = DOSAH_ENOMEM;
    r = dosah_calloc(ctx, 1, sizeof *r);
    best = dosah_calloc(ctx, in->point_count, sizeof *best);
    scratch = dosah_calloc(ctx, largest_catchment(&in->catchments), sizeof *scratch);
    if (!r || !best || !scratch)
        goto fail;
    if ((st = start_result(ctx, in, opt->persons_per_unit, r)) != DOSAH_OK)
        goto fail;
    for (k = 0; k < rounds; k++) {
        uint32_t j = opt->order ? opt->order[k] : (uint32_t)k;
        if (!isnan(in->capacity[j]))
            absorb(in, opt, j, scratch, best, r);
    }
    aggregate(in, r);
    dosah_free(scratch);
    dosah_free(best);
    dosah_free(stamp);
    dosah_free(seen);
    *out = r;
    return DOSAH_OK;

fail:
    dosah_capacity_coverage_destroy(r);
    dosah_free(scratch);
    dosah_free(best);
    dosah_free(stamp);
    dosah_free(seen);
    return st;
}

struct dosah_capacity_coverage *
dosah_capacity_coverage_destroy(struct dosah_capacity_coverage *c)
{
    if (!c)
        return NULL;
    dosah_free(c->areas);
    dosah_free(c->spare);
    dosah_free(c->absorbed);
    dosah_free(c->main_facility);
    dosah_free(c->unserved);
    dosah_free(c->covered);
    dosah_free(c);
    return NULL;
}
