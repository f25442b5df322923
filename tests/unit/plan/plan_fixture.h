/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the plan tests: small coverage instances built from a dense 0/1 matrix, a
 * seeded generator, and the independent answers the library is checked against (brute-force
 * enumeration of site sets, a plain greedy without the heap). Header-only, static functions;
 * include it after cmocka.h.
 */
#ifndef DOSAH_TEST_PLAN_FIXTURE_H
#define DOSAH_TEST_PLAN_FIXTURE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dosah/plan.h"

/* Double-precision comparison (cmocka 1.1's assert_float_equal works in float). */
#define assert_near(a, b, tol) fix_assert_near((a), (b), (tol), __FILE__, __LINE__)

static inline void fix_assert_near(double a, double b, double tol, const char *file,
                                   int line)
{
    if (fabs(a - b) <= tol)
        return;
    print_error("%.17g != %.17g (tolerance %g)\n", a, b, tol);
    _fail(file, line);
}

#define FIX_MAX_N 400
#define FIX_MAX_M 64

/* An instance: cover[c][i] = 1 when candidate c covers point i. */
struct fixture {
    size_t n, m;
    double population[FIX_MAX_N];
    double covered[FIX_MAX_N];
    unsigned char cover[FIX_MAX_M][FIX_MAX_N];
    size_t offsets[FIX_MAX_M + 1];
    uint32_t index[FIX_MAX_M * FIX_MAX_N];
    struct dosah_plan_input in;
};

/* A small deterministic generator (xorshift64*), independent of the C library. */
static uint64_t fix_state;

static inline void fix_seed(uint64_t s)
{
    fix_state = s * 2685821657736338717ULL + 1;
}

static inline uint64_t fix_next(void)
{
    fix_state ^= fix_state >> 12;
    fix_state ^= fix_state << 25;
    fix_state ^= fix_state >> 27;
    return fix_state * 2685821657736338717ULL;
}

/* Uniform in [0, 1). */
static inline double fix_uniform(void)
{
    return (double)(fix_next() >> 11) / 9007199254740992.0;
}

/* Builds the CSR arrays and the input from the matrix. */
static inline void fix_finish(struct fixture *f, int with_covered)
{
    size_t c, i, t = 0;
    for (c = 0; c < f->m; c++) {
        f->offsets[c] = t;
        for (i = 0; i < f->n; i++)
            if (f->cover[c][i])
                f->index[t++] = (uint32_t)i;
    }
    f->offsets[f->m] = t;
    dosah_plan_input_init(&f->in);
    f->in.demand_count = f->n;
    f->in.population = f->population;
    f->in.covered = with_covered ? f->covered : NULL;
    f->in.candidate_count = f->m;
    f->in.offsets = f->offsets;
    f->in.demand_index = f->index;
}

/* Random instance: integer populations 1..1000, each pair with probability density. */
static inline void fix_random(struct fixture *f, uint64_t seed, size_t n, size_t m,
                              double density)
{
    size_t c, i;
    memset(f, 0, sizeof *f);
    fix_seed(seed);
    f->n = n;
    f->m = m;
    for (i = 0; i < n; i++)
        f->population[i] = (double)(1 + fix_next() % 1000);
    for (c = 0; c < m; c++)
        for (i = 0; i < n; i++)
            f->cover[c][i] = fix_uniform() < density;
    fix_finish(f, 0);
}

/* Weight of point i: population not yet covered. */
static inline double fix_weight(const struct fixture *f, size_t i)
{
    return f->population[i] * (1.0 - (f->in.covered ? f->covered[i] : 0.0));
}

/* Population newly covered by the set given as a bit mask of candidates. */
static inline double fix_value(const struct fixture *f, uint64_t set)
{
    double v = 0.0;
    size_t i, c;
    for (i = 0; i < f->n; i++)
        for (c = 0; c < f->m; c++)
            if (((set >> c) & 1u) && f->cover[c][i]) {
                v += fix_weight(f, i);
                break;
            }
    return v;
}

static inline int fix_popcount(uint64_t x)
{
    int k = 0;
    for (; x; x &= x - 1)
        k++;
    return k;
}

/* Brute force: the best value of at most k sites (m <= 20). */
static inline double fix_best(const struct fixture *f, size_t k)
{
    double best = 0.0;
    uint64_t s;
    for (s = 0; s < (1ull << f->m); s++)
        if ((size_t)fix_popcount(s) <= k)
            best = fmax(best, fix_value(f, s));
    return best;
}

/* Mask of the candidates of a result. */
static inline uint64_t fix_mask(const struct dosah_plan_result *r)
{
    uint64_t s = 0;
    size_t k;
    for (k = 0; k < r->count; k++)
        s |= 1ull << r->proposals[k].candidate;
    return s;
}

/*
 * Plain greedy: every step evaluates every candidate, the largest gain wins, ties to the
 * lower index; stops after k picks or when nothing adds more. Gains are summed over the
 * points in increasing order, as the library's lists are sorted.
 */
static inline size_t fix_plain_greedy(const struct fixture *f, size_t k, uint32_t *picks,
                                      double *gains)
{
    unsigned char done[FIX_MAX_N] = {0};
    size_t count = 0, c, i;
    while (count < k) {
        double best = 0.0;
        size_t arg = SIZE_MAX;
        for (c = 0; c < f->m; c++) {
            double g = 0.0;
            for (i = 0; i < f->n; i++)
                if (f->cover[c][i] && !done[i])
                    g += fix_weight(f, i);
            if (g > best) {
                best = g;
                arg = c;
            }
        }
        if (arg == SIZE_MAX)
            break;
        for (i = 0; i < f->n; i++)
            if (f->cover[arg][i])
                done[i] = 1;
        picks[count] = (uint32_t)arg;
        gains[count++] = best;
    }
    return count;
}

#endif
