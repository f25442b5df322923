/* SPDX-License-Identifier: MIT */
/*
 * The lazy greedy for coverage (Minoux's accelerated greedy, known as CELF): a max-heap holds
 * every candidate with its marginal gain as last computed. Coverage is submodular, so a stale
 * gain is an upper bound of the current one; the top is re-evaluated, and chosen when its gain
 * is fresh. Ties go to the lower candidate index: with the heap ordered by (gain desc, index
 * asc) a fresh top beats every stale entry that could tie with it, so the picks are exactly a
 * plain greedy's. Also the bounds that come with a greedy solution.
 */
#include <math.h>
#include <stdlib.h>

#include "core/core_internal.h"
#include "plan/plan_internal.h"

static int before(const struct plan_heap_item *a, const struct plan_heap_item *b)
{
    return a->gain > b->gain || (a->gain == b->gain && a->candidate < b->candidate);
}

void plan_heap_push(struct plan_heap *h, double gain, uint32_t candidate)
{
    size_t k = h->count++;
    struct plan_heap_item it = {gain, candidate};
    while (k > 0) {
        size_t up = (k - 1) / 2;
        if (!before(&it, &h->items[up]))
            break;
        h->items[k] = h->items[up];
        k = up;
    }
    h->items[k] = it;
}

struct plan_heap_item plan_heap_pop(struct plan_heap *h)
{
    struct plan_heap_item top = h->items[0], last = h->items[--h->count];
    size_t k = 0;
    for (;;) {
        size_t l = 2 * k + 1, best = l;
        if (l >= h->count)
            break;
        if (l + 1 < h->count && before(&h->items[l + 1], &h->items[l]))
            best = l + 1;
        if (!before(&h->items[best], &last))
            break;
        h->items[k] = h->items[best];
        k = best;
    }
    if (h->count > 0)
        h->items[k] = last;
    return top;
}

/* Population candidate c would add, summed in list order (so that every caller agrees). */
static double gain_of(const struct plan_problem *p, const unsigned char *covered, size_t c)
{
    const struct dosah_plan_input *in = p->in;
    double g = 0.0;
    size_t j;
    for (j = in->offsets[c]; j < in->offsets[c + 1]; j++)
        if (!covered[in->demand_index[j]])
            g += p->weight[in->demand_index[j]];
    return g;
}

static void mark(const struct plan_problem *p, unsigned char *covered, size_t c)
{
    size_t j;
    for (j = p->in->offsets[c]; j < p->in->offsets[c + 1]; j++)
        covered[p->in->demand_index[j]] = 1;
}

/* The lazy loop proper; cov and stamp are zeroed scratch, h holds the initial gains. */
static enum dosah_status lazy_loop(struct dosah_ctx *ctx, const struct plan_problem *p,
                                   struct plan_heap *h, unsigned char *cov, uint32_t *stamp,
                                   size_t max_picks, double required, struct plan_pick *picks,
                                   size_t *count)
{
    double total = 0.0;
    uint32_t round = 1;
    while (*count < max_picks && total < required && h->count > 0) {
        struct plan_heap_item it = plan_heap_pop(h);
        double g;
        if (stamp[it.candidate] == round) {
            mark(p, cov, it.candidate);
            picks[*count].candidate = it.candidate;
            picks[(*count)++].gain = it.gain;
            total += it.gain;
            round++;
            if (dosah_progress(ctx, max_picks ? (double)*count / (double)max_picks : 1.0,
                               "plan") != DOSAH_OK)
                return DOSAH_EINTERRUPT;
            continue;
        }
        g = gain_of(p, cov, it.candidate);
        stamp[it.candidate] = round;
        if (g > 0.0)
            plan_heap_push(h, g, it.candidate);
    }
    return DOSAH_OK;
}

enum dosah_status plan_greedy_cover(struct dosah_ctx *ctx, const struct plan_problem *p,
                                    const unsigned char *allowed, size_t max_picks,
                                    double required, struct plan_pick *picks, size_t *count,
                                    unsigned char *covered)
{
    struct plan_heap h = {NULL, 0};
    unsigned char *cov = NULL;
    uint32_t *stamp = NULL;
    enum dosah_status st = DOSAH_ENOMEM;
    size_t c, i;

    *count = 0;
    cov = dosah_calloc(ctx, p->n ? p->n : 1, 1);
    stamp = dosah_calloc(ctx, p->m ? p->m : 1, sizeof *stamp);
    h.items = dosah_reallocarray(ctx, NULL, p->m ? p->m : 1, sizeof *h.items);
    if (!cov || !stamp || !h.items)
        goto fail;
    for (c = 0; c < p->m; c++) {
        double g;
        if (allowed && !allowed[c])
            continue;
        g = gain_of(p, cov, c);
        stamp[c] = 1;
        if (g > 0.0)
            plan_heap_push(&h, g, (uint32_t)c);
    }
    st = lazy_loop(ctx, p, &h, cov, stamp, max_picks, required, picks, count);
    if (st == DOSAH_OK && covered)
        for (i = 0; i < p->n; i++)
            covered[i] = cov[i];
fail:
    if (st != DOSAH_OK)
        *count = 0;
    dosah_free(h.items);
    dosah_free(stamp);
    dosah_free(cov);
    return st;
}

double plan_greedy_ratio_bound(double value, size_t k)
{
    double factor;
    if (k == 0)
        return value;
    factor = 1.0 - pow(1.0 - 1.0 / (double)k, (double)k);
    return value / factor;
}

int plan_compare_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/*
 * For a monotone submodular f and any set S: OPT_k <= f(S) + (sum of the k largest marginal
 * gains with respect to S) (Nemhauser, Wolsey & Fisher 1978); also the greedy ratio bound and
 * the population that any candidate reaches. The smallest of them.
 */
enum dosah_status plan_greedy_bound(struct dosah_ctx *ctx, const struct plan_problem *p,
                                    size_t k, double value, const unsigned char *covered,
                                    double *bound)
{
    double *gains = dosah_reallocarray(ctx, NULL, p->m ? p->m : 1, sizeof *gains);
    double top = 0.0, b;
    size_t c;
    if (!gains)
        return DOSAH_ENOMEM;
    for (c = 0; c < p->m; c++)
        gains[c] = gain_of(p, covered, c);
    qsort(gains, p->m, sizeof *gains, plan_compare_desc);
    for (c = 0; c < p->m && c < k; c++)
        top += gains[c];
    dosah_free(gains);
    b = fmin(value + top, p->coverable);
    b = fmin(b, plan_greedy_ratio_bound(value, k));
    *bound = fmax(b, value);
    return DOSAH_OK;
}
