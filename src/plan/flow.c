/* SPDX-License-Identifier: MIT */
/*
 * The transportation network of the capacitated model, kept at a maximum flow: units placed
 * at sites supply unit_capacity each, a site sends need along its coverage pairs (arcs of
 * unlimited capacity) to the points it covers, and point i absorbs at most its need r_i.
 * Adding a unit raises the supply of one site; the site first sends straight to the points
 * it covers that have need left, then a maximum flow is restored by augmenting paths found by
 * breadth-first search from every site with spare supply (Edmonds-Karp on the bipartite
 * residual graph: forward along a pair, back along a pair that carries flow). Paths from
 * other sites matter too: once the new unit takes over a point, a site that had spare supply
 * may reach new points through it. Only sites with units carry flow, so backward arcs are
 * looked up among them when they are fewer than the sites covering the point. A trial logs
 * every change and undoes it, which is how the greedy evaluates a unit's exact marginal gain.
 * Cost: a trial that finds no path still searches all that the placed units reach, so the
 * greedy slows down with many units on dense coverage (see plan.h).
 */
#include <math.h>
#include <string.h>

#include "plan/plan_internal.h"

struct undo {
    double *where;
    double old;
};

struct plan_flow {
    const struct plan_problem *p;
    const double *need;   /* r_i */
    double cap;           /* supply of one unit */
    double tol;           /* amounts at or below it count as zero */
    uint32_t *units;      /* per site */
    double *load;         /* per site: flow out */
    double *served;       /* per point: flow in */
    double *flow;         /* per pair */
    size_t *t_off;        /* per point: its pairs t_pair[t_off[i] .. t_off[i + 1]] */
    size_t *t_pair;
    uint32_t *pair_site;  /* per pair: its site */
    uint32_t *active;     /* sites with units, in the order they got their first */
    size_t active_count;
    uint32_t *queue;      /* breadth-first search over sites */
    uint32_t *site_seen, *point_seen, epoch;
    size_t *site_via;     /* pair by which a site was reached backwards; SIZE_MAX: a root */
    size_t *point_via;    /* pair by which a point was reached */
    struct undo *log;     /* trial changes */
    size_t log_count, log_cap;
    int logging;
};

/* Lists each point's pairs (only points with need) for the backward arcs. */
static void transpose(struct plan_flow *f)
{
    const struct dosah_plan_input *in = f->p->in;
    size_t c, j, i;
    for (c = 0; c < f->p->m; c++)
        for (j = in->offsets[c]; j < in->offsets[c + 1]; j++) {
            f->pair_site[j] = (uint32_t)c;
            if (f->need[in->demand_index[j]] > 0.0)
                f->t_off[in->demand_index[j] + 1]++;
        }
    for (i = 0; i < f->p->n; i++)
        f->t_off[i + 1] += f->t_off[i];
    for (c = 0; c < f->p->m; c++)
        for (j = in->offsets[c]; j < in->offsets[c + 1]; j++) {
            i = in->demand_index[j];
            if (f->need[i] > 0.0)
                f->t_pair[f->t_off[i] + f->point_seen[i]++] = j;
        }
    memset(f->point_seen, 0, f->p->n * sizeof *f->point_seen);
}

enum dosah_status plan_flow_create(struct dosah_ctx *ctx, const struct plan_problem *p,
                                   const double *need, double unit_capacity,
                                   struct plan_flow **out)
{
    struct plan_flow *f = dosah_calloc(ctx, 1, sizeof *f);
    size_t n = p->n + 1, m = p->m + 1, pairs = p->in->offsets[p->m] + 1, i;
    double total = 0.0;
    *out = NULL;
    if (!f)
        return DOSAH_ENOMEM;
    f->p = p;
    f->need = need;
    f->cap = unit_capacity;
    f->units = dosah_calloc(ctx, m, sizeof *f->units);
    f->load = dosah_calloc(ctx, m, sizeof *f->load);
    f->served = dosah_calloc(ctx, n, sizeof *f->served);
    f->flow = dosah_calloc(ctx, pairs, sizeof *f->flow);
    f->t_off = dosah_calloc(ctx, n, sizeof *f->t_off);
    f->t_pair = dosah_calloc(ctx, pairs, sizeof *f->t_pair);
    f->pair_site = dosah_calloc(ctx, pairs, sizeof *f->pair_site);
    f->active = dosah_calloc(ctx, m, sizeof *f->active);
    f->queue = dosah_calloc(ctx, m, sizeof *f->queue);
    f->site_seen = dosah_calloc(ctx, m, sizeof *f->site_seen);
    f->point_seen = dosah_calloc(ctx, n, sizeof *f->point_seen);
    f->site_via = dosah_calloc(ctx, m, sizeof *f->site_via);
    f->point_via = dosah_calloc(ctx, n, sizeof *f->point_via);
    if (!f->units || !f->load || !f->served || !f->flow || !f->t_off || !f->t_pair ||
        !f->pair_site || !f->active || !f->queue || !f->site_seen || !f->point_seen ||
        !f->site_via || !f->point_via) {
        plan_flow_destroy(f);
        return DOSAH_ENOMEM;
    }
    for (i = 0; i < p->n; i++)
        total += need[i];
    f->tol = 1e-12 * fmax(1.0, fmax(total, unit_capacity));
    transpose(f);
    *out = f;
    return DOSAH_OK;
}

struct plan_flow *plan_flow_destroy(struct plan_flow *f)
{
    if (!f)
        return NULL;
    dosah_free(f->log);
    dosah_free(f->point_via);
    dosah_free(f->site_via);
    dosah_free(f->point_seen);
    dosah_free(f->site_seen);
    dosah_free(f->queue);
    dosah_free(f->active);
    dosah_free(f->pair_site);
    dosah_free(f->t_pair);
    dosah_free(f->t_off);
    dosah_free(f->flow);
    dosah_free(f->served);
    dosah_free(f->load);
    dosah_free(f->units);
    dosah_free(f);
    return NULL;
}

const double *plan_flow_pair_flow(const struct plan_flow *f)
{
    return f->flow;
}

const uint32_t *plan_flow_units(const struct plan_flow *f)
{
    return f->units;
}

static double spare(const struct plan_flow *f, size_t s)
{
    return f->cap * (double)f->units[s] - f->load[s];
}

/* Starts a search: a new epoch, every site with spare supply as a root. */
static size_t seed(struct plan_flow *f)
{
    size_t s, k, tail = 0;
    if (++f->epoch == 0) {
        memset(f->site_seen, 0, f->p->m * sizeof *f->site_seen);
        memset(f->point_seen, 0, f->p->n * sizeof *f->point_seen);
        f->epoch = 1;
    }
    for (k = 0; k < f->active_count; k++) {
        s = f->active[k];
        if (spare(f, s) > f->tol) {
            f->site_seen[s] = f->epoch;
            f->site_via[s] = SIZE_MAX;
            f->queue[tail++] = (uint32_t)s;
        }
    }
    return tail;
}

/* The pair of site s and point i, or SIZE_MAX: a binary search in s's sorted list. */
static size_t pair_of(const struct plan_flow *f, size_t s, uint32_t i)
{
    const struct dosah_plan_input *in = f->p->in;
    size_t lo = in->offsets[s], hi = in->offsets[s + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (in->demand_index[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < in->offsets[s + 1] && in->demand_index[lo] == i ? lo : SIZE_MAX;
}

/* Queues site s2, reached backwards along pair q (which carries flow) from a point. */
static size_t visit_back(struct plan_flow *f, size_t q, size_t tail)
{
    size_t s2;
    if (q == SIZE_MAX || f->flow[q] <= f->tol || f->site_seen[s2 = f->pair_site[q]] == f->epoch)
        return tail;
    f->site_seen[s2] = f->epoch;
    f->site_via[s2] = q;
    f->queue[tail++] = (uint32_t)s2;
    return tail;
}

/*
 * Backward arcs from point i: only sites with units carry flow, so the shorter of the
 * point's own pair list and the list of active sites (with a binary search each) is scanned.
 */
static size_t visit_point(struct plan_flow *f, uint32_t i, size_t tail)
{
    size_t k;
    if (f->t_off[i + 1] - f->t_off[i] <= f->active_count) {
        for (k = f->t_off[i]; k < f->t_off[i + 1]; k++)
            tail = visit_back(f, f->t_pair[k], tail);
    } else {
        for (k = 0; k < f->active_count; k++)
            tail = visit_back(f, pair_of(f, f->active[k], i), tail);
    }
    return tail;
}

/* Breadth-first search for a point with unmet need; *end = the pair that reaches it. */
static int find_path(struct plan_flow *f, size_t *end)
{
    const struct dosah_plan_input *in = f->p->in;
    size_t head = 0, tail = seed(f), j;
    while (head < tail) {
        size_t s = f->queue[head++];
        for (j = in->offsets[s]; j < in->offsets[s + 1]; j++) {
            uint32_t i = in->demand_index[j];
            if (f->need[i] <= 0.0 || f->point_seen[i] == f->epoch)
                continue;
            f->point_seen[i] = f->epoch;
            f->point_via[i] = j;
            if (f->need[i] - f->served[i] > f->tol) {
                *end = j;
                return 1;
            }
            tail = visit_point(f, i, tail);
        }
    }
    return 0;
}

/* The amount the path ending with pair end can carry. */
static double bottleneck(const struct plan_flow *f, size_t end)
{
    const uint32_t *di = f->p->in->demand_index;
    double d = f->need[di[end]] - f->served[di[end]];
    size_t j = end;
    for (;;) {
        size_t s = f->pair_site[j], q = f->site_via[s];
        if (q == SIZE_MAX)
            return fmin(d, spare(f, s));
        d = fmin(d, f->flow[q]);
        j = f->point_via[di[q]];
    }
}

/* Sets *where += delta, logging the old value during a trial. */
static enum dosah_status change(struct dosah_ctx *ctx, struct plan_flow *f, double *where,
                                double delta)
{
    if (f->logging) {
        if (f->log_count == f->log_cap) {
            size_t cap = f->log_cap ? 2 * f->log_cap : 64;
            struct undo *grown = dosah_reallocarray(ctx, f->log, cap, sizeof *grown);
            if (!grown)
                return DOSAH_ENOMEM;
            f->log = grown;
            f->log_cap = cap;
        }
        f->log[f->log_count].where = where;
        f->log[f->log_count++].old = *where;
    }
    *where += delta;
    return DOSAH_OK;
}

static enum dosah_status augment(struct dosah_ctx *ctx, struct plan_flow *f, size_t end,
                                 double d)
{
    const uint32_t *di = f->p->in->demand_index;
    enum dosah_status st = change(ctx, f, &f->served[di[end]], d);
    size_t j = end;
    while (st == DOSAH_OK) {
        size_t s = f->pair_site[j], q = f->site_via[s];
        if ((st = change(ctx, f, &f->flow[j], d)) != DOSAH_OK)
            break;
        if (q == SIZE_MAX)
            return change(ctx, f, &f->load[s], d);
        if ((st = change(ctx, f, &f->flow[q], -d)) != DOSAH_OK)
            break;
        j = f->point_via[di[q]];
    }
    return st;
}

static void undo_all(struct plan_flow *f)
{
    while (f->log_count > 0) {
        f->log_count--;
        *f->log[f->log_count].where = f->log[f->log_count].old;
    }
}

/* Paths of one arc first: the site straight to the points it covers that have need left. */
static enum dosah_status fill_direct(struct dosah_ctx *ctx, struct plan_flow *f, size_t c,
                                     double *gain)
{
    const struct dosah_plan_input *in = f->p->in;
    enum dosah_status st = DOSAH_OK;
    size_t j;
    for (j = in->offsets[c]; j < in->offsets[c + 1] && spare(f, c) > f->tol; j++) {
        uint32_t i = in->demand_index[j];
        double d = fmin(f->need[i] - f->served[i], spare(f, c));
        if (d <= f->tol)
            continue;
        if ((st = change(ctx, f, &f->served[i], d)) != DOSAH_OK ||
            (st = change(ctx, f, &f->flow[j], d)) != DOSAH_OK ||
            (st = change(ctx, f, &f->load[c], d)) != DOSAH_OK)
            return st;
        *gain += d;
    }
    return DOSAH_OK;
}

enum dosah_status plan_flow_add_unit(struct dosah_ctx *ctx, struct plan_flow *f, uint32_t c,
                                     int trial, double *gain)
{
    enum dosah_status st;
    int first = f->units[c] == 0;
    size_t end;
    *gain = 0.0;
    f->logging = trial;
    f->log_count = 0;
    if (first)
        f->active[f->active_count++] = c;
    f->units[c]++;
    st = fill_direct(ctx, f, c, gain);
    while (st == DOSAH_OK && find_path(f, &end)) {
        double d = bottleneck(f, end);
        if (d <= f->tol)
            break;
        if ((st = augment(ctx, f, end, d)) == DOSAH_OK)
            *gain += d;
    }
    if (trial || st != DOSAH_OK) {
        undo_all(f);
        f->units[c]--;
        f->active_count -= first;
    }
    f->logging = 0;
    if (st != DOSAH_OK)
        *gain = 0.0;
    return st;
}
