/* SPDX-License-Identifier: MIT */
/*
 * The profile Connection Scan (Dibbelt et al. 2013) toward a set of facilities, and the
 * travel times of an origin over a departure window read from it. One scan over the day's
 * connections, latest departure first, keeps per stop the Pareto set of (departure from the
 * stop, earliest arrival at a facility): later departures first, each entry arriving strictly
 * earlier than the one before. Pure C.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/transit.h"

struct entry {
    int32_t dep_s, arr_s;
    uint32_t fac;
};

struct stop_profile {
    struct entry *e; /* decreasing dep_s and arr_s */
    size_t n, cap;
};

struct dosah_transit_profile {
    size_t stop_count;
    struct stop_profile *stops;
};

struct dosah_transit_profile *dosah_transit_profile_destroy(struct dosah_transit_profile *p)
{
    size_t i;
    if (!p)
        return NULL;
    for (i = 0; i < p->stop_count && p->stops; i++)
        dosah_free(p->stops[i].e);
    dosah_free(p->stops);
    dosah_free(p);
    return NULL;
}

size_t dosah_transit_profile_memory(const struct dosah_transit_profile *p)
{
    size_t i, b = sizeof *p + p->stop_count * sizeof *p->stops;
    for (i = 0; i < p->stop_count; i++)
        b += p->stops[i].cap * sizeof(struct entry);
    return b;
}

/* The earliest arrival departing the stop at or after t (the last entry with dep_s >= t). */
static const struct entry *eval(const struct stop_profile *sp, int32_t t)
{
    size_t lo = 0, hi = sp->n;
    if (hi == 0 || sp->e[0].dep_s < t)
        return NULL;
    while (hi - lo > 1) { /* invariant: e[lo].dep_s >= t, e[hi].dep_s < t or hi == n */
        size_t mid = lo + (hi - lo) / 2;
        if (sp->e[mid].dep_s >= t)
            lo = mid;
        else
            hi = mid;
    }
    return &sp->e[lo];
}

static enum dosah_status add_entry(struct dosah_ctx *ctx, struct stop_profile *sp, int32_t dep,
                                   int32_t arr, uint32_t fac)
{
    struct entry *last = sp->n ? &sp->e[sp->n - 1] : NULL;
    if (last && last->arr_s <= arr)
        return DOSAH_OK; /* waiting for the later departure is no worse */
    if (last && last->dep_s == dep) {
        last->arr_s = arr;
        last->fac = fac;
        return DOSAH_OK;
    }
    if (sp->n == sp->cap) {
        size_t ncap = sp->cap ? 2 * sp->cap : 8;
        void *p = dosah_reallocarray(ctx, sp->e, ncap, sizeof *sp->e);
        if (!p)
            return DOSAH_ENOMEM;
        sp->e = p;
        sp->cap = ncap;
    }
    sp->e[sp->n].dep_s = dep;
    sp->e[sp->n].arr_s = arr;
    sp->e[sp->n++].fac = fac;
    return DOSAH_OK;
}

/* The best way on from alighting connection c: walk out, stay seated, or change. */
static void best_after(const struct dosah_transit_profile *p, const struct dosah_transit_day *d,
                       const struct dosah_connection *c, const int32_t *egress_s,
                       const uint32_t *egress_fac, const struct entry *seated,
                       struct entry *best)
{
    uint32_t v = c->to, k;
    int32_t ready = c->arr_s + d->change_s[v];
    const struct entry *e;
    *best = *seated;
    if (egress_s[v] >= 0 && egress_s[v] != DOSAH_TRANSIT_NEVER &&
        c->arr_s + egress_s[v] < best->arr_s) {
        best->arr_s = c->arr_s + egress_s[v];
        best->fac = egress_fac[v];
    }
    if ((e = eval(&p->stops[v], ready)) && e->arr_s < best->arr_s)
        *best = *e;
    for (k = d->foot_first[v]; k < d->foot_first[v + 1]; k++)
        if ((e = eval(&p->stops[d->foot_to[k]], ready + d->foot_s[k])) && e->arr_s < best->arr_s)
            *best = *e;
}

enum dosah_status dosah_transit_profile_build(struct dosah_ctx *ctx,
                                              const struct dosah_transit_day *d,
                                              const int32_t *egress_s,
                                              const uint32_t *egress_fac,
                                              struct dosah_transit_profile **out)
{
    struct dosah_transit_profile *p = dosah_calloc(ctx, 1, sizeof *p);
    struct entry *trip = NULL;
    enum dosah_status st = DOSAH_OK;
    size_t i;
    *out = NULL;
    if (!p || !(p->stops = dosah_calloc(ctx, d->stop_count + 1, sizeof *p->stops)) ||
        !(trip = dosah_malloc(ctx, ((size_t)d->trip_count + 1) * sizeof *trip))) {
        dosah_transit_profile_destroy(p);
        return DOSAH_ENOMEM;
    }
    p->stop_count = d->stop_count;
    for (i = 0; i < d->trip_count; i++) {
        trip[i].arr_s = DOSAH_TRANSIT_NEVER;
        trip[i].fac = DOSAH_NONE;
    }
    for (i = 0; i < d->conn_count && !st; i++) {
        const struct dosah_connection *c = &d->conn[i];
        struct entry best;
        if ((i & 0xffff) == 0 &&
            (st = dosah_progress(ctx, (double)i / (double)d->conn_count, "transit")))
            break;
        best_after(p, d, c, egress_s, egress_fac, &trip[c->trip], &best);
        if (best.arr_s == DOSAH_TRANSIT_NEVER)
            continue;
        trip[c->trip] = best;
        st = add_entry(ctx, &p->stops[c->from], c->dep_s, best.arr_s, best.fac);
    }
    dosah_free(trip);
    if (st) {
        dosah_transit_profile_destroy(p);
        return st;
    }
    *out = p;
    return DOSAH_OK;
}

int32_t dosah_transit_arrival(const struct dosah_transit_profile *p,
                              const struct dosah_transit_origin *o, int32_t depart_s,
                              uint32_t *fac)
{
    int32_t best = DOSAH_TRANSIT_NEVER;
    size_t k;
    *fac = DOSAH_NONE;
    if (o->walk_only_s >= 0 && o->walk_only_s != DOSAH_TRANSIT_NEVER) {
        best = depart_s + o->walk_only_s;
        *fac = o->walk_only_fac;
    }
    for (k = 0; k < o->count; k++) {
        const struct entry *e = eval(&p->stops[o->stop[k]], depart_s + o->walk_s[k]);
        if (e && e->arr_s < best) {
            best = e->arr_s;
            *fac = e->fac;
        }
    }
    return best;
}

static int by_value(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* The ceil(q n)-th smallest of sorted v[0..n), NAN when unreached. */
static double rank(const int32_t *v, size_t n, double q)
{
    size_t r = (size_t)ceil(q * (double)n - 1e-9);
    int32_t x = v[r ? r - 1 : 0];
    return x == DOSAH_TRANSIT_NEVER ? NAN : (double)x;
}

void dosah_transit_summarize(const struct dosah_transit_profile *p,
                             const struct dosah_transit_origin *o, int32_t start_s,
                             int32_t end_s, int32_t step_s, int32_t *scratch,
                             struct dosah_transit_summary *out)
{
    size_t n = 0, i;
    int32_t t;
    uint32_t fac;
    out->p25_s = out->median_s = out->p75_s = NAN;
    out->fac = DOSAH_NONE;
    for (t = start_s; t < end_s; t += step_s) {
        int32_t a = dosah_transit_arrival(p, o, t, &fac);
        scratch[n++] = a == DOSAH_TRANSIT_NEVER ? a : a - t;
    }
    if (n == 0)
        return;
    qsort(scratch, n, sizeof *scratch, by_value);
    out->p25_s = rank(scratch, n, 0.25);
    out->median_s = rank(scratch, n, 0.5);
    out->p75_s = rank(scratch, n, 0.75);
    if (isnan(out->median_s))
        return;
    for (t = start_s, i = 0; t < end_s; t += step_s, i++) {
        int32_t a = dosah_transit_arrival(p, o, t, &fac);
        if (a != DOSAH_TRANSIT_NEVER && (double)(a - t) == out->median_s) {
            out->fac = fac;
            break;
        }
    }
}
