/* SPDX-License-Identifier: MIT */
/*
 * A published example with a known optimum: PySAL spopt's San Francisco store siting data
 * (tests/data/spopt-sf/README.md). 205 census tracts weighted by population (POP2000), 16
 * candidate sites, network distances; a tract is covered within 5,000 m. spopt's test suite
 * publishes, for p = 4: 21 tracts uncovered, 89.75609756097561 % of the tracts covered. The
 * optimum itself is checked against brute force over every set of sites, for p = 1 .. 5.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "dosah/plan.h"
#include "plan_fixture.h"

#define SF_TRACTS 205
#define SF_SITES 16
#define SF_RADIUS_M 5000.0

struct sf {
    char tract[SF_TRACTS][24];
    size_t tracts;
    char site[SF_SITES][16]; /* Store_1 .. Store_19; 8, 9 and 10 are not in the data */
    size_t sites;
    double population[SF_TRACTS];
    double distance[SF_TRACTS][SF_SITES];
    size_t offsets[SF_SITES + 1];
    uint32_t index[SF_TRACTS * SF_SITES];
    struct dosah_plan_input in;
};

static struct sf S;

/* Index of name in a table of names (rows of width bytes), added when new. */
static size_t name_index(char *table, size_t width, size_t *count, size_t max, const char *name)
{
    size_t k;
    for (k = 0; k < *count; k++)
        if (strcmp(table + k * width, name) == 0)
            return k;
    assert_true(*count < max);
    assert_true(strlen(name) < width);
    strcpy(table + *count * width, name);
    return (*count)++;
}

/* One row: distance,Store_N,tract,population (CRLF line ends). */
static void parse_row(struct sf *s, char *line)
{
    char *store = strchr(line, ','), *tract, *pop;
    double d = strtod(line, NULL);
    size_t site, t;
    assert_non_null(store);
    tract = strchr(++store, ',');
    assert_non_null(tract);
    *tract++ = '\0';
    pop = strchr(tract, ',');
    assert_non_null(pop);
    *pop++ = '\0';
    assert_int_equal(strncmp(store, "Store_", 6), 0);
    site = name_index(&s->site[0][0], sizeof s->site[0], &s->sites, SF_SITES, store);
    t = name_index(&s->tract[0][0], sizeof s->tract[0], &s->tracts, SF_TRACTS, tract);
    s->distance[t][site] = d;
    s->population[t] = strtod(pop, NULL);
}

static void load_sf(struct sf *s)
{
    char line[256];
    size_t rows = 0, c, t, k = 0;
    FILE *fp = fopen(DOSAH_TEST_DATA "/spopt-sf/"
                     "SF_network_distance_candidateStore_16_censusTract_205_new.csv", "r");
    assert_non_null(fp);
    memset(s, 0, sizeof *s);
    assert_non_null(fgets(line, sizeof line, fp)); /* header */
    while (fgets(line, sizeof line, fp)) {
        parse_row(s, line);
        rows++;
    }
    fclose(fp);
    assert_int_equal(rows, SF_TRACTS * SF_SITES);
    assert_int_equal(s->tracts, SF_TRACTS);
    assert_int_equal(s->sites, SF_SITES);
    for (c = 0; c < SF_SITES; c++) {
        s->offsets[c] = k;
        for (t = 0; t < SF_TRACTS; t++)
            if (s->distance[t][c] <= SF_RADIUS_M)
                s->index[k++] = (uint32_t)t;
    }
    s->offsets[SF_SITES] = k;
    dosah_plan_input_init(&s->in);
    s->in.demand_count = SF_TRACTS;
    s->in.population = s->population;
    s->in.candidate_count = SF_SITES;
    s->in.offsets = s->offsets;
    s->in.demand_index = s->index;
}

/* Population and number of tracts within the radius of the sites in mask. */
static double covered_by(const struct sf *s, unsigned mask, size_t *tracts)
{
    double v = 0.0;
    size_t t, c;
    *tracts = 0;
    for (t = 0; t < SF_TRACTS; t++)
        for (c = 0; c < SF_SITES; c++)
            if (((mask >> c) & 1u) && s->distance[t][c] <= SF_RADIUS_M) {
                v += s->population[t];
                ++*tracts;
                break;
            }
    return v;
}

/* Brute force over every set of p sites: the best value, its set and the runner-up. */
static double brute(const struct sf *s, int p, unsigned *best_mask, double *second)
{
    double best = -1.0;
    unsigned mask;
    *second = -1.0;
    for (mask = 0; mask < (1u << SF_SITES); mask++) {
        size_t tracts;
        double v;
        if (fix_popcount(mask) != p)
            continue;
        v = covered_by(s, mask, &tracts);
        if (v > best) {
            *second = best;
            best = v;
            *best_mask = mask;
        } else if (v > *second) {
            *second = v;
        }
    }
    return best;
}

static void test_published_p4(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options o;
    struct dosah_plan_result *r = NULL;
    unsigned best_mask = 0;
    double second, best;
    size_t tracts;
    (void)state;
    load_sf(&S);
    dosah_plan_options_init(&o);
    o.method = DOSAH_PLAN_EXACT;
    assert_int_equal(dosah_plan_max_cover(ctx, &S.in, 4, &o, &r), DOSAH_OK);
    assert_true(r->optimal);
    assert_int_equal(r->count, 4);
    best = brute(&S, 4, &best_mask, &second);
    assert_near(r->objective, best, 1e-6);
    assert_true(second < best); /* the optimum is unique, so the sites are determined */
    assert_int_equal(fix_mask(r), best_mask);
    /* spopt's published figures: 21 of 205 tracts uncovered, 89.756... % covered. */
    assert_near(covered_by(&S, (unsigned)fix_mask(r), &tracts), r->objective, 1e-6);
    assert_int_equal(SF_TRACTS - tracts, 21);
    assert_near(100.0 * (double)tracts / SF_TRACTS, 89.75609756097561, 1e-9);
    assert_near(r->covered_share, r->objective / r->total_population, 1e-12);
    dosah_plan_result_destroy(r);
    dosah_ctx_destroy(ctx);
}

static void test_every_p(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_options ex, gr;
    int p;
    (void)state;
    load_sf(&S);
    dosah_plan_options_init(&ex);
    ex.method = DOSAH_PLAN_EXACT;
    gr = ex;
    gr.method = DOSAH_PLAN_GREEDY;
    for (p = 1; p <= 5; p++) {
        struct dosah_plan_result *e = NULL, *g = NULL, *a = NULL;
        unsigned mask;
        double second, best = brute(&S, p, &mask, &second);
        assert_int_equal(dosah_plan_max_cover(ctx, &S.in, (size_t)p, &ex, &e), DOSAH_OK);
        assert_int_equal(dosah_plan_max_cover(ctx, &S.in, (size_t)p, &gr, &g), DOSAH_OK);
        assert_int_equal(dosah_plan_max_cover(ctx, &S.in, (size_t)p, NULL, &a), DOSAH_OK);
        assert_true(e->optimal);
        assert_near(e->objective, best, 1e-6);
        assert_near(a->objective, best, 1e-6); /* auto: regional size, so exact */
        assert_true(g->objective <= best + 1e-6);
        assert_true(g->bound >= best - 1e-6);
        dosah_plan_result_destroy(e);
        dosah_plan_result_destroy(g);
        dosah_plan_result_destroy(a);
    }
    dosah_ctx_destroy(ctx);
}

/* Set cover to the p = 4 optimum's share needs exactly 4 sites (p = 3 falls short). */
static void test_set_cover(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_plan_result *r = NULL;
    unsigned mask;
    double second, best4, best3, total = 0.0;
    size_t t;
    (void)state;
    load_sf(&S);
    for (t = 0; t < SF_TRACTS; t++)
        total += S.population[t];
    best4 = brute(&S, 4, &mask, &second);
    best3 = brute(&S, 3, &mask, &second);
    assert_true(best3 < best4);
    assert_int_equal(dosah_plan_set_cover(ctx, &S.in, best4 / total, NULL, &r), DOSAH_OK);
    assert_int_equal(r->count, 4);
    assert_true(r->optimal);
    assert_near(r->covered_population, best4, 1e-6);
    dosah_plan_result_destroy(r);
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_p4),
        cmocka_unit_test(test_every_p),
        cmocka_unit_test(test_set_cover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
