/* SPDX-License-Identifier: MIT */
/*
 * Travel times from another router: the OD matrix (origin id, destination id, minutes) stands
 * in for the road network. Rows are sorted once by (origin, destination); each question then
 * looks up every (facility, point) pair in the direction its form needs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "run/run_internal.h"

/* qsort has no context argument: the matrix being sorted is passed through this. */
static _Thread_local const struct dosah_od *sorting;

static int pair_cmp(const char *o1, const char *d1, const char *o2, const char *d2)
{
    int c = strcmp(o1, o2);
    return c ? c : strcmp(d1, d2);
}

static int row_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = pair_cmp(sorting->origin[x], sorting->destination[x], sorting->origin[y],
                     sorting->destination[y]);
    return c ? c : (x < y ? -1 : x > y);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when some demand or locality id is also a service id. */
static enum dosah_status ids_overlap(struct dosah_ctx *ctx, const struct dosah_model *m,
                                     int *overlap)
{
    char **ids = dosah_calloc(ctx, m->service_count + 1, sizeof *ids);
    size_t i;
    *overlap = 0;
    if (!ids)
        return DOSAH_ENOMEM;
    for (i = 0; i < m->service_count; i++)
        ids[i] = m->services[i].id.text;
    qsort(ids, m->service_count, sizeof *ids, str_cmp);
    for (i = 0; i < m->demand_count + m->locality_count && !*overlap; i++) {
        char *key =
            i < m->demand_count ? m->demand[i].id.text : m->localities[i - m->demand_count].id.text;
        *overlap = bsearch(&key, ids, m->service_count, sizeof *ids, str_cmp) != NULL;
    }
    dosah_free(ids);
    return DOSAH_OK;
}

enum dosah_status dosah_od_index_build(struct dosah_ctx *ctx, struct dosah_od_index *x,
                                       const struct dosah_scenario *s, const struct dosah_model *m)
{
    size_t i;
    memset(x, 0, sizeof *x);
    int overlap;
    enum dosah_status st;
    x->od = &m->od;
    x->count = m->od.count;
    if ((st = ids_overlap(ctx, m, &overlap)))
        return st;
    x->symmetric = !overlap;
    if (overlap &&
        (st = dosah_diag_add(ctx, DOSAH_INFO, "route",
                             s->inputs[DOSAH_INPUT_OD_MATRIX].path_as_written, NULL, NULL, NULL,
                             "some demand or locality ids are also service ids, so every pair "
                             "is read only in the direction its question needs (facility to "
                             "point for field services, point to facility otherwise)")))
        return st;
    if (!(x->order = dosah_calloc(ctx, x->count + 1, sizeof *x->order)))
        return DOSAH_ENOMEM;
    for (i = 0; i < x->count; i++)
        x->order[i] = (uint32_t)i;
    sorting = &m->od;
    qsort(x->order, x->count, sizeof *x->order, row_cmp);
    sorting = NULL;
    for (i = 1; i < x->count; i++) {
        uint32_t a = x->order[i - 1], b = x->order[i];
        if (!pair_cmp(m->od.origin[a], m->od.destination[a], m->od.origin[b], m->od.destination[b]))
            return dosah_error_set(ctx, DOSAH_EINVAL,
                                   "%s: the pair '%s' -> '%s' appears twice (rows %u and %u). "
                                   "Keep one time per pair.",
                                   s->inputs[DOSAH_INPUT_OD_MATRIX].path_as_written,
                                   m->od.origin[a], m->od.destination[a], a + 1, b + 1);
    }
    return DOSAH_OK;
}

void dosah_od_index_clear(struct dosah_od_index *x)
{
    dosah_free(x->order);
    memset(x, 0, sizeof *x);
}

/* Minutes from o to d, NAN when the matrix has no such pair. */
static double lookup(const struct dosah_od_index *x, const char *o, const char *d)
{
    size_t lo = 0, hi = x->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t r = x->order[mid];
        int c = pair_cmp(x->od->origin[r], x->od->destination[r], o, d);
        if (c == 0)
            return x->od->minutes[r];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NAN;
}

double dosah_od_time_s(const struct dosah_od_index *x, const struct dosah_model *m,
                       enum dosah_route_direction dir, uint32_t service, const char *point)
{
    return dosah_od_time_ids(x, dir, m->services[service].id.text, point);
}

double dosah_od_time_ids(const struct dosah_od_index *x, enum dosah_route_direction dir,
                         const char *f, const char *point)
{
    double t = dir == DOSAH_ROUTE_FROM_SOURCES ? lookup(x, f, point) : lookup(x, point, f);
    if (isnan(t) && x->symmetric)
        t = dir == DOSAH_ROUTE_FROM_SOURCES ? lookup(x, point, f) : lookup(x, f, point);
    return 60.0 * t;
}

enum dosah_status dosah_od_nearest(struct dosah_ctx *ctx, const struct dosah_od_index *x,
                                   const struct dosah_model *m, enum dosah_route_direction dir,
                                   const uint32_t *fac, size_t nfac, const struct dosah_id *ids,
                                   size_t stride, size_t count, double *time_s, uint32_t *near)
{
    size_t i, j;
    (void)ctx;
    for (i = 0; i < count; i++) {
        const char *point =
            ((const struct dosah_id *)(const void *)((const char *)ids + i * stride))->text;
        time_s[i] = NAN;
        near[i] = DOSAH_NONE;
        for (j = 0; j < nfac; j++) {
            double t = dosah_od_time_s(x, m, dir, fac[j], point);
            if (!isnan(t) && (isnan(time_s[i]) || t < time_s[i])) {
                time_s[i] = t;
                near[i] = (uint32_t)j;
            }
        }
    }
    return DOSAH_OK;
}
